#include "server/auth/password_hash.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <charconv>
#include <stdexcept>
#include <vector>

#include "common/base64.h"

namespace coffer::auth {
namespace {
constexpr std::string_view kScheme = "scrypt";
constexpr size_t kSaltBytes = 16;
constexpr size_t kHashBytes = 32;
// Accepted salt sizes when reading a stored hash. The hash length is fixed: scrypt output is a
// PBKDF2 stream, so a truncated stored hash would otherwise verify as a prefix.
constexpr size_t kMinStoredSalt = 16, kMaxStoredSalt = 64;

uint64_t scrypt_memory(const ScryptParams& p) {
  // What OpenSSL allocates: B = 128*r*p bytes, V = 128*r*(N+2) bytes.
  return 128ull * p.r * (p.N + 2) + 128ull * p.r * p.p;
}

bool params_in_range(const ScryptParams& p) {
  if (p.N < 2 || p.N > (1ull << 20) || (p.N & (p.N - 1)) != 0) return false;
  if (p.r < 1 || p.r > 32 || p.p < 1 || p.p > 16) return false;
  return scrypt_memory(p) <= kScryptMaxMemory;
}

// Strict unsigned decimal: digits only, no sign, no leading zero, no overflow.
std::optional<uint64_t> parse_uint(std::string_view s) {
  if (s.empty() || s.size() > 19 || (s.size() > 1 && s[0] == '0')) return std::nullopt;
  uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

// Standard base64 that must be in canonical (padded) form, so one hash has one spelling.
std::optional<std::string> strict_base64(std::string_view s) {
  try {
    std::string bytes = base64_decode(s);
    if (base64_encode(bytes) != s) return std::nullopt;
    return bytes;
  } catch (const std::invalid_argument&) {
    return std::nullopt;
  }
}

std::string derive(std::string_view password, std::string_view salt, const ScryptParams& p,
                   size_t out_len) {
  std::string out(out_len, '\0');
  if (EVP_PBE_scrypt(password.data(), password.size(),
                     reinterpret_cast<const unsigned char*>(salt.data()), salt.size(), p.N, p.r,
                     p.p, kScryptMaxMemory + (1 << 20), reinterpret_cast<unsigned char*>(out.data()),
                     out.size()) != 1)
    throw std::runtime_error("scrypt key derivation failed");
  return out;
}

struct Parsed {
  ScryptParams params;
  std::string salt;
  std::string hash;
};

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  for (;;) {
    size_t pos = s.find(sep);
    parts.push_back(s.substr(0, pos));
    if (pos == std::string_view::npos) break;
    s.remove_prefix(pos + 1);
  }
  return parts;
}

std::optional<Parsed> parse_stored(std::string_view stored) {
  auto parts = split(stored, '$');
  if (parts.size() != 4 || parts[0] != kScheme) return std::nullopt;
  auto params = parse_scrypt_params(parts[1]);
  auto salt = strict_base64(parts[2]);
  auto hash = strict_base64(parts[3]);
  if (!params || !salt || !hash) return std::nullopt;
  if (salt->size() < kMinStoredSalt || salt->size() > kMaxStoredSalt) return std::nullopt;
  if (hash->size() != kHashBytes) return std::nullopt;
  return Parsed{*params, std::move(*salt), std::move(*hash)};
}
}  // namespace

std::optional<ScryptParams> parse_scrypt_params(std::string_view field) {
  auto parts = split(field, ',');
  if (parts.size() != 3) return std::nullopt;
  static constexpr std::string_view kNames[] = {"N=", "r=", "p="};
  uint64_t v[3];
  for (int i = 0; i < 3; ++i) {
    if (!parts[i].starts_with(kNames[i])) return std::nullopt;
    auto n = parse_uint(parts[i].substr(2));
    if (!n || *n > (1ull << 32)) return std::nullopt;
    v[i] = *n;
  }
  ScryptParams p{v[0], uint32_t(v[1]), uint32_t(v[2])};
  if (v[1] != p.r || v[2] != p.p || !params_in_range(p)) return std::nullopt;
  return p;
}

std::string hash_password(std::string_view password) {
  return hash_password(password, kDefaultScryptParams);
}

std::string hash_password(std::string_view password, const ScryptParams& params) {
  if (!params_in_range(params)) throw std::invalid_argument("scrypt parameters out of range");
  std::string salt(kSaltBytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(salt.data()), int(salt.size())) != 1)
    throw std::runtime_error("RAND_bytes failed");
  std::string hash = derive(password, salt, params, kHashBytes);
  std::string out = std::string(kScheme) + "$N=" + std::to_string(params.N) +
                    ",r=" + std::to_string(params.r) + ",p=" + std::to_string(params.p) + "$" +
                    base64_encode(salt) + "$" + base64_encode(hash);
  OPENSSL_cleanse(hash.data(), hash.size());
  return out;
}

bool verify_password(std::string_view password, std::string_view stored) {
  auto parsed = parse_stored(stored);
  if (!parsed) return false;
  std::string computed = derive(password, parsed->salt, parsed->params, parsed->hash.size());
  bool ok = CRYPTO_memcmp(computed.data(), parsed->hash.data(), computed.size()) == 0;
  OPENSSL_cleanse(computed.data(), computed.size());
  return ok;
}

bool needs_rehash(std::string_view stored) {
  auto parsed = parse_stored(stored);
  return !parsed || parsed->params != kDefaultScryptParams || parsed->salt.size() != kSaltBytes;
}

std::optional<std::string> password_problem(std::string_view password) {
  size_t chars = 0;
  for (size_t i = 0; i < password.size();) {
    auto c = static_cast<unsigned char>(password[i]);
    if (c == 0) return "must not contain NUL characters";
    size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    if (len == 0 || i + len > password.size()) return "must be valid UTF-8";
    uint32_t cp = len == 1 ? c : c & (0xff >> (len + 1));
    for (size_t k = 1; k < len; ++k) {
      auto cc = static_cast<unsigned char>(password[i + k]);
      if ((cc & 0xc0) != 0x80) return "must be valid UTF-8";
      cp = (cp << 6) | (cc & 0x3f);
    }
    // Overlong encodings, UTF-16 surrogates and values beyond U+10FFFF are not valid UTF-8.
    static constexpr uint32_t kMinForLen[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMinForLen[len] || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
      return "must be valid UTF-8";
    i += len;
    ++chars;
  }
  if (chars < kMinPasswordLength)
    return "must be at least " + std::to_string(kMinPasswordLength) + " characters";
  if (chars > kMaxPasswordLength)
    return "must be at most " + std::to_string(kMaxPasswordLength) + " characters";
  return std::nullopt;
}

}  // namespace coffer::auth
