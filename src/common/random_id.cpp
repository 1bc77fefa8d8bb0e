#include "common/random_id.h"

#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

#include "common/base64.h"

namespace coffer {
namespace {
std::string random_bytes(size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), int(n)) != 1)
    throw std::runtime_error("RAND_bytes failed");
  return out;
}
}  // namespace

std::string random_uuid() {
  std::string b = random_bytes(16);
  b[6] = char((uint8_t(b[6]) & 0x0f) | 0x40);
  b[8] = char((uint8_t(b[8]) & 0x3f) | 0x80);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += hex[uint8_t(b[i]) >> 4];
    out += hex[uint8_t(b[i]) & 15];
  }
  return out;
}

std::string random_alnum(size_t length) {
  // Kubernetes' generateName alphabet leaves out vowels and look-alikes; so do we.
  static const char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
  std::string b = random_bytes(length);
  std::string out;
  for (char c : b) out += alphabet[uint8_t(c) % (sizeof alphabet - 1)];
  return out;
}

std::string random_token(size_t bytes) { return base64url_encode(random_bytes(bytes)); }
}  // namespace coffer
