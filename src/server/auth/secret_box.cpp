#include "server/auth/secret_box.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>

#include "common/base64.h"
#include "common/random_id.h"

namespace coffer::auth {
namespace {
constexpr std::string_view kVersion = "v1:";
constexpr size_t kNonceBytes = 12;
constexpr size_t kTagBytes = 16;

struct CtxFree {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using Ctx = std::unique_ptr<EVP_CIPHER_CTX, CtxFree>;

const unsigned char* u8(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }
unsigned char* u8(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Wipes a std::string holding key material before it is freed.
struct Wiped {
  std::string s;
  ~Wiped() { OPENSSL_cleanse(s.data(), s.size()); }
};

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

[[noreturn]] void fail_decrypt(std::string_view aad, std::string_view why) {
  throw SecretBoxError("cannot decrypt sealed value for " + quoted(aad) + ": " + std::string(why));
}

[[noreturn]] void fail_io(const std::filesystem::path& file, std::string_view what, int err) {
  throw SecretBoxError("server key file " + file.string() + ": " + std::string(what) + ": " +
                       std::strerror(err));
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { close(); }
  int get() const { return fd_; }
  int close() {
    int rc = fd_ >= 0 ? ::close(fd_) : 0;
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

bool decode_hex(std::string_view text, SecretBox::Key& key) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  if (text.size() != 2 * key.size()) return false;
  for (size_t i = 0; i < key.size(); ++i) {
    int hi = nibble(text[2 * i]), lo = nibble(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    key[i] = uint8_t(hi << 4 | lo);
  }
  return true;
}

// Base64 of exactly 32 bytes, into `key`. Returns a reason on failure (never echoing the input).
std::optional<std::string> decode_base64_key(std::string_view text, SecretBox::Key& key) {
  Wiped bytes;
  try {
    bytes.s = base64_decode(text);
  } catch (const std::invalid_argument&) {
    return std::string("not valid base64");
  }
  if (bytes.s.size() != key.size())
    return "expected base64 of " + std::to_string(key.size()) + " bytes, decoded " +
           std::to_string(bytes.s.size()) + " bytes";
  std::memcpy(key.data(), bytes.s.data(), key.size());
  return std::nullopt;
}

SecretBox load_key_file(const std::filesystem::path& file, int fd) {
  struct stat st;
  if (::fstat(fd, &st) != 0) fail_io(file, "cannot stat", errno);
  if (!S_ISREG(st.st_mode)) throw SecretBoxError("server key file " + file.string() + " is not a regular file");
  if ((st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", unsigned(st.st_mode & 07777));
    throw SecretBoxError("server key file " + file.string() + " has mode " + mode +
                         " and is accessible by group or others; run `chmod 600 " + file.string() +
                         "` (or use COFFER_SERVER_KEY)");
  }
  if (st.st_size > 4096)
    throw SecretBoxError("server key file " + file.string() + " is too large (" +
                         std::to_string(st.st_size) + " bytes) to be a 32-byte key");
  Wiped content;
  content.s.resize(4097);
  size_t got = 0;
  for (;;) {
    ssize_t n = ::read(fd, content.s.data() + got, content.s.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail_io(file, "cannot read", errno);
    if (n == 0 || (got += size_t(n)) == content.s.size()) break;
  }
  std::string_view text = trim(std::string_view(content.s).substr(0, got));
  SecretBox::Key key{};
  std::string problem;
  if (decode_hex(text, key)) {
    // hex key
  } else if (text.size() == 43 || text.size() == 44) {
    if (auto p = decode_base64_key(text, key)) problem = *p;
  } else {
    problem = "expected a 32-byte key as base64 (44 characters) or hex (64 characters), found " +
              std::to_string(text.size()) + " characters";
  }
  SecretBox box(key);
  OPENSSL_cleanse(key.data(), key.size());
  if (!problem.empty()) throw SecretBoxError("server key file " + file.string() + ": " + problem);
  return box;
}

void write_all(const std::filesystem::path& file, int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail_io(file, "cannot write", errno);
    data.remove_prefix(size_t(n));
  }
}

// Creates `file` with a new key unless it exists. Returns false if another process won the race.
bool create_key_file(const std::filesystem::path& file) {
  std::filesystem::path tmp = file;
  tmp += ".tmp-" + random_alnum(10);
  Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (fd.get() < 0) fail_io(tmp, "cannot create", errno);
  bool linked = false;
  try {
    if (::fchmod(fd.get(), 0600) != 0) fail_io(tmp, "cannot chmod", errno);
    Wiped raw;
    raw.s.resize(SecretBox::kKeyBytes);
    if (RAND_bytes(u8(raw.s), int(raw.s.size())) != 1) throw SecretBoxError("RAND_bytes failed");
    Wiped text{base64_encode(raw.s) + "\n"};
    write_all(tmp, fd.get(), text.s);
    if (::fsync(fd.get()) != 0) fail_io(tmp, "cannot fsync", errno);
    if (fd.close() != 0) fail_io(tmp, "cannot close", errno);
    // link() is an atomic rename that refuses to replace an existing file.
    if (::link(tmp.c_str(), file.c_str()) != 0) {
      if (errno != EEXIST) fail_io(file, "cannot create", errno);
    } else {
      linked = true;
    }
  } catch (...) {
    ::unlink(tmp.c_str());
    throw;
  }
  ::unlink(tmp.c_str());
  if (linked) {
    std::filesystem::path dir = file.parent_path().empty() ? "." : file.parent_path();
    Fd dfd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dfd.get() >= 0) ::fsync(dfd.get());  // best effort: make the new name durable
  }
  return linked;
}
}  // namespace

SecretBox::SecretBox(Key key) : key_(key) {}

SecretBox::~SecretBox() { OPENSSL_cleanse(key_.data(), key_.size()); }

SecretBox SecretBox::from_base64(std::string_view text) {
  Key key{};
  if (auto problem = decode_base64_key(trim(text), key)) throw SecretBoxError("server key: " + *problem);
  SecretBox box(key);
  OPENSSL_cleanse(key.data(), key.size());
  return box;
}

SecretBox SecretBox::load_or_create(const std::filesystem::path& key_file) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    Fd fd(::open(key_file.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() >= 0) return load_key_file(key_file, fd.get());
    if (errno != ENOENT) fail_io(key_file, "cannot open", errno);
    std::error_code ec;
    if (key_file.has_parent_path()) std::filesystem::create_directories(key_file.parent_path(), ec);
    if (ec) throw SecretBoxError("server key file " + key_file.string() + ": cannot create directory: " + ec.message());
    create_key_file(key_file);  // created by us or by a concurrent process: load it either way
  }
  throw SecretBoxError("server key file " + key_file.string() + ": disappeared while being created");
}

std::string SecretBox::seal(std::string_view plaintext, std::string_view associated_data) const {
  if (plaintext.size() > INT_MAX / 2 || associated_data.size() > INT_MAX / 2)
    throw SecretBoxError("value too large to seal");
  std::string out(kNonceBytes + plaintext.size() + kTagBytes, '\0');
  if (RAND_bytes(u8(out), int(kNonceBytes)) != 1) throw SecretBoxError("RAND_bytes failed");
  Ctx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  unsigned char* ct = u8(out) + kNonceBytes;
  if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, int(kNonceBytes), nullptr) != 1 ||
      EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, key_.data(), u8(out)) != 1 ||
      (!associated_data.empty() &&
       EVP_EncryptUpdate(ctx.get(), nullptr, &len, u8(associated_data), int(associated_data.size())) != 1) ||
      (!plaintext.empty() && EVP_EncryptUpdate(ctx.get(), ct, &len, u8(plaintext), int(plaintext.size())) != 1) ||
      EVP_EncryptFinal_ex(ctx.get(), ct + plaintext.size(), &len) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, int(kTagBytes), ct + plaintext.size()) != 1)
    throw SecretBoxError("AES-256-GCM encryption failed");
  return std::string(kVersion) + base64_encode(out);
}

std::string SecretBox::open(std::string_view sealed, std::string_view associated_data) const {
  if (!sealed.starts_with(kVersion)) fail_decrypt(associated_data, "not a v1 sealed value");
  if (sealed.size() > INT_MAX / 2 || associated_data.size() > INT_MAX / 2)
    fail_decrypt(associated_data.substr(0, 200), "sealed value too large");
  std::string raw;
  try {
    raw = base64_decode(sealed.substr(kVersion.size()));
  } catch (const std::invalid_argument&) {
    fail_decrypt(associated_data, "sealed value is not valid base64");
  }
  if (raw.size() < kNonceBytes + kTagBytes) fail_decrypt(associated_data, "sealed value is truncated");
  size_t ct_len = raw.size() - kNonceBytes - kTagBytes;
  const unsigned char* nonce = u8(raw);
  const unsigned char* ct = nonce + kNonceBytes;
  std::string tag = raw.substr(kNonceBytes + ct_len);
  std::string plain(ct_len, '\0');
  Ctx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, int(kNonceBytes), nullptr) != 1 ||
      EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, key_.data(), nonce) != 1)
    throw SecretBoxError("AES-256-GCM initialisation failed");
  bool ok = (associated_data.empty() ||
             EVP_DecryptUpdate(ctx.get(), nullptr, &len, u8(associated_data), int(associated_data.size())) == 1) &&
            (ct_len == 0 || EVP_DecryptUpdate(ctx.get(), u8(plain), &len, ct, int(ct_len)) == 1) &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, int(kTagBytes), tag.data()) == 1 &&
            EVP_DecryptFinal_ex(ctx.get(), u8(plain) + ct_len, &len) == 1;
  if (!ok) {
    OPENSSL_cleanse(plain.data(), plain.size());
    fail_decrypt(associated_data, "wrong server key or tampered value");
  }
  return plain;
}

std::string SecretBox::fingerprint() const {
  unsigned char md[SHA256_DIGEST_LENGTH];
  Wiped input{"coffer secret box key fingerprint\n"};
  input.s.append(reinterpret_cast<const char*>(key_.data()), key_.size());
  SHA256(u8(input.s), input.s.size(), md);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out = "sha256:";
  for (int i = 0; i < 8; ++i) {
    out += hex[md[i] >> 4];
    out += hex[md[i] & 15];
  }
  return out;
}

}  // namespace coffer::auth
