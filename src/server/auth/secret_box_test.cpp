#include "server/auth/secret_box.h"

#include <sys/stat.h>

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "common/base64.h"
#include "common/random_id.h"

namespace coffer::auth {
namespace fs = std::filesystem;
namespace {
SecretBox::Key key_of(uint8_t fill) {
  SecretBox::Key k;
  k.fill(fill);
  return k;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const SecretBoxError& e) {
    return e.what();
  }
  return "<no SecretBoxError>";
}

class TempDir {
 public:
  TempDir() : path_(fs::temp_directory_path() / ("coffer-secretbox-" + random_alnum(12))) {
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

unsigned mode_of(const fs::path& p) {
  struct stat st;
  EXPECT_EQ(::stat(p.c_str(), &st), 0);
  return st.st_mode & 07777;
}

void write_file(const fs::path& p, const std::string& content, fs::perms perms) {
  std::ofstream(p, std::ios::binary) << content;
  fs::permissions(p, perms);
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const std::string kPlain = "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const std::string kAad = "location/primary/credentials";
}  // namespace

TEST(SecretBox, SealOpenRoundTrip) {
  SecretBox box(key_of(7));
  std::string sealed = box.seal(kPlain, kAad);
  EXPECT_TRUE(sealed.starts_with("v1:"));
  EXPECT_EQ(sealed.find(kPlain), std::string::npos);
  EXPECT_EQ(base64_decode(sealed.substr(3)).size(), 12 + kPlain.size() + 16);
  EXPECT_EQ(box.open(sealed, kAad), kPlain);
}

TEST(SecretBox, EmptyAndBinaryValues) {
  SecretBox box(key_of(7));
  EXPECT_EQ(box.open(box.seal("", kAad), kAad), "");
  EXPECT_EQ(box.open(box.seal("x", ""), ""), "x");
  std::string binary(1 << 16, '\0');
  for (size_t i = 0; i < binary.size(); ++i) binary[i] = char(i * 31);
  EXPECT_EQ(box.open(box.seal(binary, kAad), kAad), binary);
}

TEST(SecretBox, FreshNonceEverySeal) {
  SecretBox box(key_of(7));
  std::set<std::string> sealed, nonces;
  for (int i = 0; i < 100; ++i) {
    std::string s = box.seal(kPlain, kAad);
    sealed.insert(s);
    nonces.insert(base64_decode(s.substr(3)).substr(0, 12));
  }
  EXPECT_EQ(sealed.size(), 100u);
  EXPECT_EQ(nonces.size(), 100u);
}

TEST(SecretBox, EveryTamperedByteIsDetected) {
  SecretBox box(key_of(7));
  std::string raw = base64_decode(box.seal(kPlain, kAad).substr(3));
  for (size_t i = 0; i < raw.size(); ++i) {
    std::string t = raw;
    t[i] = char(t[i] ^ 0x01);
    std::string err = error_of([&] { box.open("v1:" + base64_encode(t), kAad); });
    EXPECT_NE(err.find("wrong server key or tampered value"), std::string::npos) << i << ": " << err;
  }
  EXPECT_THROW(box.open("v1:" + base64_encode(raw.substr(0, raw.size() - 1)), kAad), SecretBoxError);
  EXPECT_THROW(box.open("v1:" + base64_encode(raw + "x"), kAad), SecretBoxError);
}

TEST(SecretBox, WrongAssociatedDataFails) {
  SecretBox box(key_of(7));
  std::string sealed = box.seal(kPlain, kAad);
  std::string err = error_of([&] { box.open(sealed, "location/other/credentials"); });
  EXPECT_EQ(err, "cannot decrypt sealed value for \"location/other/credentials\": wrong server key or "
                 "tampered value");
  EXPECT_THROW(box.open(sealed, ""), SecretBoxError);
  EXPECT_THROW(box.open(box.seal(kPlain, ""), kAad), SecretBoxError);
}

TEST(SecretBox, WrongKeyFails) {
  std::string sealed = SecretBox(key_of(7)).seal(kPlain, kAad);
  std::string err = error_of([&] { SecretBox(key_of(8)).open(sealed, kAad); });
  EXPECT_NE(err.find("wrong server key or tampered value"), std::string::npos) << err;
}

TEST(SecretBox, MalformedSealedValues) {
  SecretBox box(key_of(7));
  for (const std::string& bad : {std::string(""), std::string("v1:"), std::string("v2:AAAA"),
                                 std::string("v1:!!!!"), std::string("v1:") + base64_encode(std::string(27, 'a')),
                                 kPlain, std::string("V1:") + box.seal(kPlain, kAad).substr(3)}) {
    std::string err = error_of([&] { box.open(bad, kAad); });
    EXPECT_TRUE(err.starts_with("cannot decrypt sealed value for \"" + kAad + "\": ")) << err;
  }
}

TEST(SecretBox, ErrorMessagesContainNoPlaintextOrKey) {
  SecretBox::Key key = key_of(0x41);  // "AAAA..." if it ever leaked as text
  SecretBox box(key);
  std::string key_text(reinterpret_cast<const char*>(key.data()), key.size());
  std::string sealed = box.seal(kPlain, kAad);
  std::vector<std::string> errors = {
      error_of([&] { box.open(sealed, "other"); }),
      error_of([&] { SecretBox(key_of(1)).open(sealed, kAad); }),
      error_of([&] { box.open(sealed.substr(0, sealed.size() - 4), kAad); }),
      error_of([&] { box.open("v1:" + base64_encode(kPlain), kAad); }),
      error_of([&] { box.open(kPlain, kAad); }),
  };
  for (const auto& err : errors) {
    EXPECT_NE(err, "<no SecretBoxError>");
    EXPECT_EQ(err.find(kPlain.substr(22)), std::string::npos) << err;
    EXPECT_EQ(err.find("wJalrXUtnFEMI"), std::string::npos) << err;
    EXPECT_EQ(err.find(key_text), std::string::npos) << err;
    EXPECT_EQ(err.find(base64_encode(key_text)), std::string::npos) << err;
  }
}

TEST(SecretBox, FromBase64) {
  std::string key_b64 = base64_encode(std::string(32, '\x07'));
  std::string sealed = SecretBox(key_of(7)).seal(kPlain, kAad);
  EXPECT_EQ(SecretBox::from_base64(key_b64).open(sealed, kAad), kPlain);
  EXPECT_EQ(SecretBox::from_base64("  " + key_b64 + "\n").open(sealed, kAad), kPlain);
  EXPECT_EQ(SecretBox::from_base64(key_b64.substr(0, 43)).open(sealed, kAad), kPlain);  // unpadded
  std::string err = error_of([&] { SecretBox::from_base64(base64_encode(std::string(16, 'k'))); });
  EXPECT_EQ(err, "server key: expected base64 of 32 bytes, decoded 16 bytes");
  err = error_of([&] { SecretBox::from_base64("not*base64*secretvalue"); });
  EXPECT_EQ(err, "server key: not valid base64");
  EXPECT_THROW(SecretBox::from_base64(""), SecretBoxError);
}

TEST(SecretBox, FingerprintTellsKeysApart) {
  EXPECT_EQ(SecretBox(key_of(1)).fingerprint(), SecretBox(key_of(1)).fingerprint());
  EXPECT_NE(SecretBox(key_of(1)).fingerprint(), SecretBox(key_of(2)).fingerprint());
  EXPECT_TRUE(SecretBox(key_of(1)).fingerprint().starts_with("sha256:"));
  EXPECT_EQ(SecretBox(key_of(1)).fingerprint().size(), 7u + 16u);
}

TEST(SecretBoxKeyFile, CreatedWithMode0600AndReloaded) {
  TempDir dir;
  fs::path file = dir.path() / "sub" / "server.key";
  SecretBox first = SecretBox::load_or_create(file);
  ASSERT_TRUE(fs::exists(file));
  EXPECT_EQ(mode_of(file), 0600u);
  std::string content = read_file(file);
  EXPECT_EQ(content.size(), 45u);  // base64 of 32 bytes + newline
  EXPECT_EQ(base64_decode(content.substr(0, 44)).size(), 32u);
  // No temporary files left behind.
  EXPECT_EQ(std::distance(fs::directory_iterator(file.parent_path()), fs::directory_iterator()), 1);
  SecretBox second = SecretBox::load_or_create(file);
  EXPECT_EQ(first.fingerprint(), second.fingerprint());
  EXPECT_EQ(second.open(first.seal(kPlain, kAad), kAad), kPlain);
  EXPECT_EQ(read_file(file), content);  // not rewritten
  EXPECT_EQ(SecretBox::from_base64(content).fingerprint(), first.fingerprint());
}

TEST(SecretBoxKeyFile, DifferentFilesDifferentKeys) {
  TempDir dir;
  EXPECT_NE(SecretBox::load_or_create(dir.path() / "a.key").fingerprint(),
            SecretBox::load_or_create(dir.path() / "b.key").fingerprint());
}

TEST(SecretBoxKeyFile, ConcurrentCreatorsAgreeOnOneKey) {
  TempDir dir;
  fs::path file = dir.path() / "server.key";
  std::vector<std::string> prints(8);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < prints.size(); ++i)
    threads.emplace_back([&, i] { prints[i] = SecretBox::load_or_create(file).fingerprint(); });
  for (auto& t : threads) t.join();
  for (const auto& p : prints) EXPECT_EQ(p, prints[0]);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1);
}

TEST(SecretBoxKeyFile, RefusesGroupOrOtherAccessibleFile) {
  TempDir dir;
  fs::path file = dir.path() / "server.key";
  std::string key_b64 = base64_encode(std::string(32, '\x07'));
  write_file(file, key_b64 + "\n", fs::perms::owner_read | fs::perms::owner_write |
                                       fs::perms::group_read | fs::perms::others_read);  // 0644
  std::string err = error_of([&] { SecretBox::load_or_create(file); });
  EXPECT_NE(err.find(file.string()), std::string::npos) << err;
  EXPECT_NE(err.find("chmod 600"), std::string::npos) << err;
  EXPECT_NE(err.find("0644"), std::string::npos) << err;
  EXPECT_EQ(err.find(key_b64), std::string::npos) << err;
  EXPECT_EQ(read_file(file), key_b64 + "\n");  // left alone

  fs::permissions(file, fs::perms::owner_read | fs::perms::group_read);  // 0440
  EXPECT_THROW(SecretBox::load_or_create(file), SecretBoxError);
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write | fs::perms::others_write);
  EXPECT_THROW(SecretBox::load_or_create(file), SecretBoxError);

  fs::permissions(file, fs::perms::owner_read);  // 0400 is fine
  EXPECT_EQ(SecretBox::load_or_create(file).open(SecretBox(key_of(7)).seal("x", "y"), "y"), "x");
}

TEST(SecretBoxKeyFile, AcceptsHexKey) {
  TempDir dir;
  fs::path file = dir.path() / "server.key";
  write_file(file, std::string(64, '0').replace(0, 2, "ff") + "\n", fs::perms::owner_read | fs::perms::owner_write);
  SecretBox::Key k{};
  k[0] = 0xff;
  EXPECT_EQ(SecretBox::load_or_create(file).fingerprint(), SecretBox(k).fingerprint());
}

TEST(SecretBoxKeyFile, WrongLengthOrGarbageIsAClearError) {
  TempDir dir;
  fs::path file = dir.path() / "server.key";
  auto rw = fs::perms::owner_read | fs::perms::owner_write;
  std::string short_key = base64_encode(std::string(16, 's'));
  write_file(file, short_key + "\n", rw);
  std::string err = error_of([&] { SecretBox::load_or_create(file); });
  EXPECT_NE(err.find(file.string()), std::string::npos) << err;
  EXPECT_NE(err.find("found 24 characters"), std::string::npos) << err;
  EXPECT_EQ(err.find(short_key), std::string::npos) << err;
  EXPECT_EQ(read_file(file), short_key + "\n");  // never overwritten

  write_file(file, "", rw);
  err = error_of([&] { SecretBox::load_or_create(file); });
  EXPECT_NE(err.find("found 0 characters"), std::string::npos) << err;

  std::string bad44(44, '*');
  write_file(file, bad44, rw);
  err = error_of([&] { SecretBox::load_or_create(file); });
  EXPECT_NE(err.find("not valid base64"), std::string::npos) << err;
  EXPECT_EQ(err.find(bad44), std::string::npos) << err;

  std::string wrong_b64 = base64_encode(std::string(33, 'x'));  // 44 characters, 33 bytes
  write_file(file, wrong_b64, rw);
  err = error_of([&] { SecretBox::load_or_create(file); });
  EXPECT_NE(err.find("decoded 33 bytes"), std::string::npos) << err;

  write_file(file, std::string(5000, 'a'), rw);
  err = error_of([&] { SecretBox::load_or_create(file); });
  EXPECT_NE(err.find("too large"), std::string::npos) << err;
}

TEST(SecretBoxKeyFile, DirectoryIsNotAKeyFile) {
  TempDir dir;
  fs::create_directories(dir.path() / "server.key");
  fs::permissions(dir.path() / "server.key", fs::perms::owner_all);
  std::string err = error_of([&] { SecretBox::load_or_create(dir.path() / "server.key"); });
  EXPECT_NE(err.find("not a regular file"), std::string::npos) << err;
}

}  // namespace coffer::auth
