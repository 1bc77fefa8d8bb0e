#include "kubesim/discovery/storage_version_hash.h"

#include <openssl/sha.h>

namespace coffer::kubesim {
namespace {

std::string base64(const unsigned char* data, size_t n) {
  static const char* kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (size_t i = 0; i < n; i += 3) {
    unsigned v = unsigned(data[i]) << 16;
    if (i + 1 < n) v |= unsigned(data[i + 1]) << 8;
    if (i + 2 < n) v |= unsigned(data[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < n ? kAlphabet[(v >> 6) & 63] : '=';
    out += i + 2 < n ? kAlphabet[v & 63] : '=';
  }
  return out;
}

}  // namespace

std::string storage_version_hash(std::string_view group, std::string_view version,
                                 std::string_view kind) {
  std::string input;
  input.append(group).append("/").append(version).append("/").append(kind);
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
  return base64(digest, 8);
}

}  // namespace coffer::kubesim
