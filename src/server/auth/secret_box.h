#pragma once
// Encryption at rest for credentials and kubeconfigs stored by the coffer server.
//
// AES-256-GCM with a 32-byte server key and a fresh random 12-byte nonce per seal():
//   sealed = "v1:" + base64(nonce[12] | ciphertext | tag[16])
// The associated data (e.g. "location/<name>/credentials") is authenticated but not stored: a
// sealed value only opens with the same associated data, so it cannot be moved to another row.
// The associated data is not secret and may appear in error messages; plaintext and key never do.
//
// The key comes from a key file (load_or_create) or from the COFFER_SERVER_KEY environment
// variable (from_base64); which wins is the server's decision. Key rotation is not supported.
#include <array>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace coffer::auth {

class SecretBoxError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class SecretBox {
 public:
  static constexpr size_t kKeyBytes = 32;
  using Key = std::array<uint8_t, kKeyBytes>;

  // Loads the key file, or creates it (32 random bytes, base64 text + newline, mode 0600, written
  // to a temporary file with O_EXCL, fsynced, then linked into place so that two servers starting
  // at once cannot end up with different keys). The file may hold base64 (44 characters) or hex
  // (64 characters). Refuses files accessible by group or others, with an error naming the file
  // and `chmod 600`. Throws SecretBoxError.
  static SecretBox load_or_create(const std::filesystem::path& key_file);
  // Key as base64 of 32 bytes (e.g. `openssl rand -base64 32`); surrounding whitespace ignored.
  // Throws SecretBoxError (the message never contains the value).
  static SecretBox from_base64(std::string_view text);

  explicit SecretBox(Key key);
  SecretBox(const SecretBox&) = default;
  SecretBox& operator=(const SecretBox&) = default;
  ~SecretBox();

  std::string seal(std::string_view plaintext, std::string_view associated_data) const;
  // Throws SecretBoxError if the value is malformed, was sealed with another key or another
  // associated data, or was modified.
  std::string open(std::string_view sealed, std::string_view associated_data) const;

  // "sha256:" + 16 hex characters of a hash of the key: safe to log, tells keys apart.
  std::string fingerprint() const;

 private:
  Key key_;
};

}  // namespace coffer::auth
