#include "server/auth/api_token.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <stdexcept>

#include "common/base64.h"
#include "common/random_id.h"

namespace coffer::auth {
namespace {
bool is_id_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool is_base64url_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}
}  // namespace

IssuedToken issue_token() {
  IssuedToken t;
  t.id = random_alnum(kTokenIdLength);
  t.secret = random_token(32);
  t.display = std::string(kTokenPrefix) + t.id + "_" + t.secret;
  return t;
}

std::string token_digest(std::string_view secret) {
  unsigned char md[SHA256_DIGEST_LENGTH];
  if (!SHA256(reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), md))
    throw std::runtime_error("SHA-256 failed");
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * sizeof md);
  for (unsigned char b : md) {
    out += hex[b >> 4];
    out += hex[b & 15];
  }
  return out;
}

std::optional<ParsedToken> parse_token(std::string_view token) {
  if (token.size() != kTokenLength || !token.starts_with(kTokenPrefix)) return std::nullopt;
  std::string_view id = token.substr(kTokenPrefix.size(), kTokenIdLength);
  if (token[kTokenPrefix.size() + kTokenIdLength] != '_') return std::nullopt;
  std::string_view secret = token.substr(kTokenPrefix.size() + kTokenIdLength + 1);
  for (char c : id)
    if (!is_id_char(c)) return std::nullopt;
  for (char c : secret)
    if (!is_base64url_char(c)) return std::nullopt;
  // 43 characters carry 258 bits; the last 2 must be zero for the canonical encoding of 32 bytes.
  if (base64url_encode(base64url_decode(secret)) != secret) return std::nullopt;
  return ParsedToken{std::string(id), std::string(secret)};
}

bool token_matches(std::string_view secret, std::string_view stored_digest) {
  std::string digest = token_digest(secret);
  if (stored_digest.size() != digest.size()) return false;
  return CRYPTO_memcmp(digest.data(), stored_digest.data(), digest.size()) == 0;
}

}  // namespace coffer::auth
