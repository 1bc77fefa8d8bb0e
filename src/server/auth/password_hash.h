#pragma once
// Password hashing for coffer control-plane users (scrypt, via OpenSSL's EVP_PBE_scrypt).
//
// Stored format (self-describing, so the cost can be raised later without breaking old hashes):
//   scrypt$N=16384,r=8,p=3$<salt: standard base64, 16 bytes>$<hash: standard base64, 32 bytes>
// verify_password() takes N/r/p and the salt (16..64 bytes) from the stored string; the hash is
// always 32 bytes.
//
// Why scrypt and not PBKDF2: scrypt is memory-hard (N=2^14, r=8 needs 16 MiB per attempt), which
// makes GPU/ASIC guessing far more expensive than PBKDF2's pure CPU cost. OpenSSL's default scrypt
// memory cap (32 MiB) would refuse N >= 2^15, so we pass an explicit cap (kScryptMaxMemory): the
// parameters can be raised later without falling back to PBKDF2.
//
// Why N=2^14, r=8, p=3: on the 2-core development machine (AMD EPYC, OpenSSL 3.0) one hash takes
// ~100 ms of CPU (120-160 ms wall with the machine heavily loaded), inside the 30-300 ms budget
// with margin either way. N=2^15, p=1 measured 190-230 ms CPU and 290-460 ms wall under load,
// too close to the limit; N=2^14, p=1 measured ~35 ms, too close to the floor.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace coffer::auth {

struct ScryptParams {
  uint64_t N = 16384;  // CPU/memory cost, a power of two
  uint32_t r = 8;      // block size
  uint32_t p = 3;      // parallelisation (OpenSSL runs the p lanes one after another)
  bool operator==(const ScryptParams&) const = default;
};

// Parameters used for new hashes.
inline constexpr ScryptParams kDefaultScryptParams{};
// Upper bound on the memory one hash may use (128*r*(N+p+2) bytes). Stored strings asking for
// more are treated as malformed, so a corrupted or hostile row cannot exhaust the server.
inline constexpr uint64_t kScryptMaxMemory = 256ull << 20;

// Hashes with a fresh 16-byte random salt. Throws std::runtime_error only if OpenSSL fails.
std::string hash_password(std::string_view password);
// Same with explicit parameters (tests use cheap ones; a future release may raise the default).
// Throws std::invalid_argument if the parameters are outside the accepted range.
std::string hash_password(std::string_view password, const ScryptParams& params);

// True iff `password` matches `stored`. Constant-time comparison of the derived hash.
// Returns false (never throws on input) for malformed or unsupported stored strings.
// Like every HMAC-based KDF, a password and the same password plus trailing NUL bytes derive the
// same key; password_problem() forbids NUL, and it does not make guessing easier.
bool verify_password(std::string_view password, std::string_view stored);

// Parses the "N=..,r=..,p=.." field. nullopt if malformed or outside the accepted range
// (N a power of two in [2, 2^20], r in [1, 32], p in [1, 16], memory <= kScryptMaxMemory).
std::optional<ScryptParams> parse_scrypt_params(std::string_view field);

// True if `stored` is not a well-formed hash with the current default parameters: after a
// successful login the server can re-hash the password to upgrade old entries.
bool needs_rehash(std::string_view stored);

// Password policy: nullopt if acceptable, otherwise a message to complete the phrase
// "password ..." e.g. "must be at least 12 characters". Length counts UTF-8 characters;
// 12..1024 characters, valid UTF-8, no NUL characters. No composition rules (NIST SP 800-63B).
inline constexpr size_t kMinPasswordLength = 12;
inline constexpr size_t kMaxPasswordLength = 1024;
std::optional<std::string> password_problem(std::string_view password);

}  // namespace coffer::auth
