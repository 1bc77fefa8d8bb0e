// AzureBlobStore against Azurite (npm "azurite", started here on a free loopback port; Azurite
// verifies Shared Key signatures itself) and against a tiny fault-injecting HTTP server for the
// retry paths. The Azurite tests skip when node or Azurite is missing.

#include "storage/azure/azure_store.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "common/base64.h"
#include "common/random_id.h"
#include "common/text.h"

extern char** environ;

using namespace coffer::storage;
using namespace coffer::storage::azure;

namespace {

const char* kDevAccount = "devstoreaccount1";
const char* kDevKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  int port = ntohs(a.sin_port);
  close(fd);
  return port;
}

bool port_open(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  close(fd);
  return ok;
}

std::string random_bytes(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(rng() & 0xff);
  return s;
}

std::string read_all(ObjectReader& r, std::size_t step = 1000) {
  std::string out, buf(step, '\0');
  while (std::size_t n = r.read(buf.data(), buf.size())) out.append(buf.data(), n);
  return out;
}

// An azurite-blob process on a free loopback port; get() is the one shared by the suite.
class Azurite {
 public:
  static Azurite& get() {
    static Azurite instance;
    return instance;
  }
  Azurite(const Azurite&) = delete;
  Azurite& operator=(const Azurite&) = delete;
  bool running() const { return pid_ > 0; }
  const std::string& why_not() const { return why_not_; }
  int port() const { return port_; }

  ~Azurite() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      int status = 0;
      waitpid(pid_, &status, 0);
    }
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }

 // extra: more azurite-blob arguments (--cert/--key for HTTPS).
  explicit Azurite(std::vector<std::string> extra = {}) {
    std::string tools = COFFER_STORAGE_TOOLS_DIR;
    if (const char* d = std::getenv("COFFER_STORAGE_TOOLS_DIR")) tools = d;
    std::string bin = tools + "/node_modules/.bin/azurite-blob";
    if (const char* b = std::getenv("COFFER_AZURITE")) bin = b;
    if (std::system("node --version >/dev/null 2>&1") != 0) {
      why_not_ = "node is not installed";
      return;
    }
    if (access(bin.c_str(), X_OK) != 0) {
      why_not_ = bin + " not found: run `npm install --prefix " + tools + " azurite`";
      return;
    }
    dir_ = std::filesystem::temp_directory_path() / ("coffer-azurite-" + coffer::random_alnum(8));
    std::filesystem::create_directories(dir_);
    port_ = free_port();
    std::string port = std::to_string(port_), loc = dir_.string(), log = (dir_ / "azurite.log").string();
    std::vector<std::string> args = {bin, "--blobHost", "127.0.0.1", "--blobPort", port, "--location", loc,
                                     "--silent", "--skipApiVersionCheck", "--disableTelemetry"};
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    pid_t pid = 0;
    int rc = posix_spawn(&pid, bin.c_str(), &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
      why_not_ = "cannot start " + bin;
      return;
    }
    pid_ = pid;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!port_open(port_)) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        why_not_ = "azurite-blob exited during start-up; see " + log;
        return;
      }
      if (std::chrono::steady_clock::now() > deadline) {
        why_not_ = "azurite-blob did not accept connections on port " + port + " within 60 s";
        return;  // the destructor stops it
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::filesystem::path dir_;
  std::string why_not_;
};

AzureConfig azurite_config(const std::string& container, const std::string& prefix = "") {
  AzureConfig c;
  c.endpoint = "http://127.0.0.1:" + std::to_string(Azurite::get().port()) + "/" + kDevAccount;
  c.account = kDevAccount;
  c.account_key = kDevKey;
  c.container = container;
  c.prefix = prefix;
  c.block_size = 64 * 1024;
  c.parallel_blocks = 3;
  c.max_retries = 2;
  c.retry_base_delay = std::chrono::milliseconds(10);
  return c;
}

class AzuriteTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!Azurite::get().running()) return;
    AzureBlobStore(azurite_config("coffer-test")).create_container();
  }
  void SetUp() override {
    if (!Azurite::get().running()) GTEST_SKIP() << "Azurite tests skipped: " << Azurite::get().why_not();
    // Each test gets its own prefix inside the shared container.
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    store_ = std::make_unique<AzureBlobStore>(azurite_config("coffer-test", "t/" + name));
  }
  std::unique_ptr<AzureBlobStore> store_;
};

TEST_F(AzuriteTest, PutGetSmallAndEmpty) {
  store_->put("a/b.json", "{\"x\":1}");
  EXPECT_EQ(store_->get("a/b.json"), "{\"x\":1}");
  store_->put("empty", "");
  EXPECT_EQ(store_->get("empty"), "");
  EXPECT_TRUE(store_->exists("empty"));
  store_->put("a/b.json", "replaced");
  EXPECT_EQ(store_->get("a/b.json"), "replaced");
  EXPECT_THROW(store_->get("missing"), ObjectNotFound);
  EXPECT_THROW(store_->open_read("missing"), ObjectNotFound);
}

TEST_F(AzuriteTest, PutLargeInParallelBlocks) {
  std::string data = random_bytes(5 * 64 * 1024 + 12345, 1);
  auto w = store_->open_write("big.bin");
  for (std::size_t i = 0; i < data.size(); i += 10007) w->write(std::string_view(data).substr(i, 10007));
  EXPECT_EQ(w->bytes_written(), data.size());
  EXPECT_FALSE(store_->exists("big.bin"));  // blocks uploaded, nothing visible yet
  w->commit();
  EXPECT_EQ(store_->get("big.bin"), data);
  auto r = store_->open_read("big.bin");
  EXPECT_EQ(read_all(*r, 777), data);
  auto info = store_->head("big.bin");
  ASSERT_TRUE(info);
  EXPECT_EQ(info->size, data.size());
  // Exactly a multiple of the block size: the last block is full, no empty block is sent.
  std::string exact = random_bytes(2 * 64 * 1024, 2);
  store_->put("exact.bin", exact);
  EXPECT_EQ(store_->get("exact.bin"), exact);
}

TEST_F(AzuriteTest, AbortLeavesNothing) {
  std::string data = random_bytes(200 * 1024, 3);
  {
    auto w = store_->open_write("gone.bin");
    w->write(data);
    w->abort();
    EXPECT_THROW(w->commit(), StorageError);
  }
  {
    auto w = store_->open_write("gone2.bin");
    w->write(data);  // destroyed uncommitted
  }
  EXPECT_FALSE(store_->exists("gone.bin"));
  EXPECT_FALSE(store_->exists("gone2.bin"));
  EXPECT_TRUE(store_->list("").empty());
  // An aborted overwrite leaves the existing object untouched.
  store_->put("keep", "original");
  {
    auto w = store_->open_write("keep");
    w->write(data);
    w->abort();
  }
  EXPECT_EQ(store_->get("keep"), "original");
}

TEST_F(AzuriteTest, CreateOnlyWrites) {
  EXPECT_TRUE(store_->put_if_absent("lock", "first"));
  EXPECT_FALSE(store_->put_if_absent("lock", "second"));
  EXPECT_EQ(store_->get("lock"), "first");
  // Multi-block create-only write on an existing key.
  auto w = store_->open_write_new("lock");
  w->write(random_bytes(150 * 1024, 4));
  EXPECT_THROW(w->commit(), ObjectExists);
  EXPECT_EQ(store_->get("lock"), "first");
  // Two racing writers: exactly one wins.
  auto a = store_->open_write_new("race");
  auto b = store_->open_write_new("race");
  a->write("A");
  b->write("B");
  int wins = 0;
  for (auto* w2 : {a.get(), b.get()}) {
    try {
      w2->commit();
      ++wins;
    } catch (const ObjectExists&) {
    }
  }
  EXPECT_EQ(wins, 1);
}

TEST_F(AzuriteTest, RangeReadsAndHead) {
  std::string data = random_bytes(3 * 64 * 1024 + 10, 5);
  store_->put("r.bin", data);
  auto cmp = [&](std::uint64_t off, std::uint64_t len) {
    auto r = store_->open_read_range("r.bin", off, len);
    std::string want = off >= data.size() ? "" : data.substr(off, len ? len : std::string::npos);
    EXPECT_EQ(read_all(*r), want) << off << "+" << len;
  };
  cmp(0, 10);
  cmp(65530, 20);            // across a chunk boundary
  cmp(100, 0);               // to the end, several chunks
  cmp(data.size() - 5, 100); // past the end
  cmp(data.size(), 0);       // at the end
  cmp(data.size() + 10, 5);  // beyond
  EXPECT_THROW(store_->open_read_range("nope", 0, 1), ObjectNotFound);
  auto info = store_->head("r.bin");
  ASSERT_TRUE(info);
  EXPECT_EQ(info->key, "r.bin");
  EXPECT_EQ(info->size, data.size());
  auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  EXPECT_NEAR(static_cast<double>(info->modified_unix), static_cast<double>(now), 120.0);
  EXPECT_FALSE(store_->head("nope"));
  EXPECT_FALSE(store_->exists("nope"));
}

TEST_F(AzuriteTest, ListPaginatesWithMarkers) {
  AzureConfig c = azurite_config("coffer-test", "t/ListPaginatesWithMarkers");
  c.list_page_size = 50;
  AzureBlobStore store(c);
  std::set<std::string> want;
  for (int i = 0; i < 120; ++i) {
    std::string key = "many/k" + std::to_string(i);
    store.put(key, std::to_string(i));
    want.insert(key);
  }
  store.put("other", "x");
  auto got = store.list("many/");
  ASSERT_EQ(got.size(), 120u);
  EXPECT_TRUE(std::is_sorted(got.begin(), got.end(), [](auto& a, auto& b) { return a.key < b.key; }));
  std::set<std::string> keys;
  for (auto& o : got) keys.insert(o.key);
  EXPECT_EQ(keys, want);
  EXPECT_EQ(store.list("").size(), 121u);
  EXPECT_EQ(got.front().size, 1u);
}

TEST_F(AzuriteTest, CommonPrefixes) {
  store_->put("backups/b1/velero-backup.json", "1");
  store_->put("backups/b1/b1.tar.gz", "1");
  store_->put("backups/b2/velero-backup.json", "2");
  store_->put("backups/top", "t");
  store_->put("restores/r1/log", "r");
  EXPECT_EQ(store_->list_common_prefixes(""), (std::vector<std::string>{"backups/", "restores/"}));
  EXPECT_EQ(store_->list_common_prefixes("backups/"), (std::vector<std::string>{"backups/b1/", "backups/b2/"}));
  EXPECT_TRUE(store_->list_common_prefixes("none/").empty());
  EXPECT_THROW(store_->list_common_prefixes("backups"), StorageError);
  AzureConfig c = azurite_config("coffer-test", "t/CommonPrefixes");
  c.list_page_size = 1;  // prefixes across pages
  EXPECT_EQ(AzureBlobStore(c).list_common_prefixes("backups/"), (std::vector<std::string>{"backups/b1/", "backups/b2/"}));
}

TEST_F(AzuriteTest, Remove) {
  store_->put("x", "1");
  store_->put("y", "2");
  store_->put("z", "3");
  store_->remove("x");
  EXPECT_FALSE(store_->exists("x"));
  store_->remove("x");  // missing: fine
  store_->remove_many({"y", "z", "never"});
  EXPECT_TRUE(store_->list("").empty());
}

TEST_F(AzuriteTest, NamesWithSpacesUnicodeAndXmlCharacters) {
  std::vector<std::string> keys = {"dir with space/file name.json", "\xc3\xbcn\xc3\xaf\x63\xc3\xb8\x64\xc3\xa9/\xe2\x82\xac \xe6\x97\xa5\xe6\x9c\xac.txt",
                                   "x/a&b<c>'q\".txt", "x/plus+percent%25hash#q?.bin", "x/semi;colon=eq,comma"};
  for (const auto& k : keys) store_->put(k, "v:" + k);
  for (const auto& k : keys) EXPECT_EQ(store_->get(k), "v:" + k) << k;
  std::set<std::string> listed;
  for (auto& o : store_->list("")) listed.insert(o.key);
  EXPECT_EQ(listed, std::set<std::string>(keys.begin(), keys.end()));
  auto prefixes = store_->list_common_prefixes("");
  EXPECT_EQ(prefixes.size(), 3u);
  EXPECT_EQ(prefixes.front(), "dir with space/");
  EXPECT_EQ(store_->list("x/a&b").size(), 1u);
  for (const auto& k : keys) store_->remove(k);
  EXPECT_TRUE(store_->list("").empty());
}

TEST_F(AzuriteTest, WrongKeyIs403AndNeverShowsTheKey) {
  AzureConfig c = azurite_config("coffer-test", "t/wrong");
  std::string wrong = coffer::base64_encode(random_bytes(64, 9));
  c.account_key = wrong;
  AzureBlobStore store(c);
  try {
    store.put("k", "v");
    FAIL() << "expected StorageError";
  } catch (const StorageError& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("403"), std::string::npos) << msg;
    EXPECT_NE(msg.find("coffer-test"), std::string::npos) << msg;
    EXPECT_NE(msg.find("t/wrong/k"), std::string::npos) << msg;
    // Azure answers AuthenticationFailed, Azurite AuthorizationFailure.
    EXPECT_TRUE(msg.find("AuthenticationFailed") != std::string::npos ||
                msg.find("AuthorizationFailure") != std::string::npos)
        << msg;
    EXPECT_EQ(msg.find(wrong), std::string::npos);
    EXPECT_EQ(msg.find(wrong.substr(0, 16)), std::string::npos);
  }
  EXPECT_THROW(store.list(""), StorageError);
  EXPECT_EQ(store.describe().find(wrong), std::string::npos);
}

TEST_F(AzuriteTest, MissingContainer) {
  AzureBlobStore store(azurite_config("no-such-container"));
  try {
    store.list("");
    FAIL();
  } catch (const StorageError& e) {
    EXPECT_NE(std::string(e.what()).find("ContainerNotFound"), std::string::npos) << e.what();
  }
  EXPECT_THROW(store.put("k", "v"), StorageError);
  // A missing container is an error, not a missing blob.
  EXPECT_THROW(store.head("k"), StorageError);
  EXPECT_THROW(store.remove("k"), StorageError);
  try {
    store.open_read("k");
    FAIL();
  } catch (const ObjectNotFound&) {
    FAIL() << "a missing container must not look like a missing blob";
  } catch (const StorageError& e) {
    EXPECT_NE(std::string(e.what()).find("ContainerNotFound"), std::string::npos) << e.what();
  }
}

// An account SAS (service version 2019-12-12 string-to-sign), computed here from the published
// format, lets the store work without the key.
TEST_F(AzuriteTest, SasToken) {
  std::string sv = "2019-12-12", sp = "racwdl", ss = "b", srt = "sco", se = "2099-01-01T00:00:00Z", spr = "http,https";
  std::string sts = std::string(kDevAccount) + "\n" + sp + "\n" + ss + "\n" + srt + "\n\n" + se + "\n\n" + spr + "\n" + sv + "\n";
  std::string key = coffer::base64_decode(kDevKey);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(sts.data()), sts.size(), mac, &len);
  std::string sig = coffer::base64_encode(std::string_view(reinterpret_cast<char*>(mac), len));
  std::string token = "?sv=" + sv + "&ss=" + ss + "&srt=" + srt + "&sp=" + sp + "&se=" + coffer::url_encode(se) +
                      "&spr=" + coffer::url_encode(spr) + "&sig=" + coffer::url_encode(sig);
  AzureConfig c = azurite_config("coffer-test", "t/SasToken");
  c.account_key.clear();
  c.sas_token = token;
  AzureBlobStore store(c);
  std::string data = random_bytes(100 * 1024, 7);
  store.put("sas/big", data);
  EXPECT_EQ(store.get("sas/big"), data);
  EXPECT_EQ(store.list("sas/").size(), 1u);
  EXPECT_TRUE(store.head("sas/big"));
  store.remove("sas/big");
  EXPECT_FALSE(store.exists("sas/big"));
  EXPECT_EQ(store.describe().find(sig), std::string::npos);
}

// HTTPS: Azurite with a self-signed certificate made here by the openssl command.
TEST(AzuriteTls, CaPemAndInsecure) {
  if (!Azurite::get().running()) GTEST_SKIP() << "Azurite tests skipped: " << Azurite::get().why_not();
  auto dir = std::filesystem::temp_directory_path() / ("coffer-azure-tls-" + coffer::random_alnum(8));
  std::filesystem::create_directories(dir);
  std::string cert = (dir / "cert.pem").string(), key = (dir / "key.pem").string();
  std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
                    "-addext subjectAltName=IP:127.0.0.1 -keyout " + key + " -out " + cert + " >/dev/null 2>&1";
  if (std::system(cmd.c_str()) != 0) {
    std::filesystem::remove_all(dir);
    GTEST_SKIP() << "the openssl command could not make a test certificate";
  }
  {
    Azurite tls({"--cert", cert, "--key", key});
    ASSERT_TRUE(tls.running()) << tls.why_not();
    AzureConfig c = azurite_config("tls");
    c.endpoint = "https://127.0.0.1:" + std::to_string(tls.port()) + "/" + kDevAccount;
    c.max_retries = 0;
    // The system CAs do not trust it.
    EXPECT_THROW(AzureBlobStore(c).create_container(), StorageError);
    // ca_pem does.
    std::ifstream in(cert);
    c.ca_pem.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    AzureBlobStore trusted(c);
    trusted.create_container();
    trusted.put("k", "over tls");
    EXPECT_EQ(trusted.get("k"), "over tls");
    // insecure skips verification.
    c.ca_pem.clear();
    c.insecure_skip_tls_verify = true;
    EXPECT_EQ(AzureBlobStore(c).get("k"), "over tls");
  }
  std::filesystem::remove_all(dir);
}

// ---- retries, against a local HTTP server that answers from a script -------------------------

class FaultServer {
 public:
  // Each request gets the next status in `script` (the last one repeats); 0 closes the
  // connection without answering.
  explicit FaultServer(std::vector<int> script, std::string error_code = "ServerBusy")
      : script_(std::move(script)), code_(std::move(error_code)) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    listen(fd_, 16);
    thread_ = std::thread([this] { run(); });
  }
  ~FaultServer() {
    stop_ = true;
    shutdown(fd_, SHUT_RDWR);
    close(fd_);
    thread_.join();
  }
  int port() const { return port_; }
  int requests() const { return count_; }
  std::vector<std::string> request_lines() {
    std::lock_guard lock(mutex_);
    return lines_;
  }

 private:
  void run() {
    while (!stop_) {
      int c = accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      std::string req;
      char buf[4096];
      std::size_t header_end = std::string::npos;
      while (header_end == std::string::npos) {
        ssize_t n = recv(c, buf, sizeof buf, 0);
        if (n <= 0) break;
        req.append(buf, static_cast<std::size_t>(n));
        header_end = req.find("\r\n\r\n");
      }
      if (header_end == std::string::npos) {
        close(c);
        continue;
      }
      std::size_t body_len = 0;
      std::string lower = coffer::to_lower(req.substr(0, header_end));
      if (auto p = lower.find("content-length:"); p != std::string::npos) body_len = std::stoul(lower.substr(p + 15));
      while (req.size() < header_end + 4 + body_len) {
        ssize_t n = recv(c, buf, sizeof buf, 0);
        if (n <= 0) break;
        req.append(buf, static_cast<std::size_t>(n));
      }
      {
        std::lock_guard lock(mutex_);
        lines_.push_back(req.substr(0, req.find("\r\n")));
      }
      int i = count_++;
      int status = script_[std::min<std::size_t>(static_cast<std::size_t>(i), script_.size() - 1)];
      if (status != 0) {
        std::string resp;
        if (status >= 400) {
          std::string body = "<?xml version=\"1.0\"?><Error><Code>" + code_ + "</Code><Message>scripted</Message></Error>";
          resp = "HTTP/1.1 " + std::to_string(status) + " X\r\nx-ms-error-code: " + code_ +
                 "\r\nContent-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
        } else {
          resp = "HTTP/1.1 " + std::to_string(status) + " OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        }
        send(c, resp.data(), resp.size(), MSG_NOSIGNAL);
      }
      close(c);
    }
  }

  std::vector<int> script_;
  std::string code_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<int> count_{0};
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::vector<std::string> lines_;
  std::thread thread_;
};

AzureConfig fault_config(int port, int retries) {
  AzureConfig c;
  c.endpoint = "http://127.0.0.1:" + std::to_string(port) + "/acct";
  c.account = "acct";
  c.account_key = kDevKey;
  c.container = "cont";
  c.max_retries = retries;
  c.retry_base_delay = std::chrono::milliseconds(1);
  c.retry_max_delay = std::chrono::milliseconds(5);
  return c;
}

TEST(AzureRetry, RetriesServerErrorsThenSucceeds) {
  FaultServer server({503, 500, 0, 429, 201});
  AzureBlobStore store(fault_config(server.port(), 5));
  store.put("k", "data");
  EXPECT_EQ(server.requests(), 5);
}

TEST(AzureRetry, GivesUpAfterMaxRetriesNamingStatusAndCode) {
  FaultServer server({500}, "OperationTimedOut");
  AzureBlobStore store(fault_config(server.port(), 2));
  try {
    store.put("dir/k", "data");
    FAIL();
  } catch (const StorageError& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("HTTP 500"), std::string::npos) << msg;
    EXPECT_NE(msg.find("OperationTimedOut"), std::string::npos) << msg;
    EXPECT_NE(msg.find("'cont'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("'dir/k'"), std::string::npos) << msg;
    EXPECT_EQ(msg.find(kDevKey), std::string::npos);
  }
  EXPECT_EQ(server.requests(), 3);
}

TEST(AzureRetry, ClientErrorsAreNotRetried) {
  FaultServer server({400}, "InvalidHeaderValue");
  AzureBlobStore store(fault_config(server.port(), 5));
  EXPECT_THROW(store.put("k", "v"), StorageError);
  EXPECT_EQ(server.requests(), 1);
}

TEST(AzureRetry, FailedBlockAbortsTheWriteWithoutCommitting) {
  FaultServer server({201, 201, 403}, "AuthorizationPermissionMismatch");
  AzureConfig c = fault_config(server.port(), 1);
  c.block_size = 1024;
  c.parallel_blocks = 2;
  AzureBlobStore store(c);
  auto w = store.open_write("multi");
  EXPECT_THROW(
      {
        w->write(std::string(10 * 1024 + 1, 'x'));
        w->commit();
      },
      StorageError);
  for (const auto& line : server.request_lines()) {
    EXPECT_EQ(line.find("comp=blocklist"), std::string::npos) << line;
    EXPECT_NE(line.find("comp=block&blockid="), std::string::npos) << line;
  }
  EXPECT_THROW(w->commit(), StorageError);  // the writer is closed after a failure
}

TEST(AzureRetry, BlockIdsAreFixedLengthAndSentAsQuery) {
  FaultServer server({201});
  AzureConfig c = fault_config(server.port(), 0);
  c.block_size = 100;
  c.parallel_blocks = 1;
  AzureBlobStore store(c);
  auto w = store.open_write("d/k");
  w->write(std::string(250, 'y'));
  w->commit();
  auto lines = server.request_lines();
  ASSERT_EQ(lines.size(), 4u);  // three Put Block, one Put Block List
  std::set<std::size_t> lengths;
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(lines[i].rfind("PUT /acct/cont/d/k?comp=block&blockid=", 0), 0u) << lines[i];
    lengths.insert(lines[i].size());
  }
  EXPECT_EQ(lengths.size(), 1u);
  EXPECT_EQ(lines[3].rfind("PUT /acct/cont/d/k?comp=blocklist ", 0), 0u) << lines[3];
}

TEST(AzureRetry, ConnectionRefusedIsBounded) {
  AzureBlobStore store(fault_config(free_port(), 2));
  try {
    store.put("k", "v");
    FAIL();
  } catch (const StorageError& e) {
    EXPECT_NE(std::string(e.what()).find("3 attempt(s)"), std::string::npos) << e.what();
  }
}

TEST(AzureStoreConfig, FromLocationAndDescribe) {
  LocationConfig loc = parse_location_url("azure://velero/prod?account=acct1");
  AzureCredentials creds;
  creds.account_key = kDevKey;
  AzureConfig c = azure_config_from_location(loc, creds);
  EXPECT_EQ(c.container, "velero");
  EXPECT_EQ(c.prefix, "prod");
  AzureBlobStore store(c);
  EXPECT_EQ(store.describe(), "azure://velero/prod?account=" + c.account);
  EXPECT_EQ(store.describe().find(kDevKey), std::string::npos);
  AzureCredentials none;
  EXPECT_THROW(azure_config_from_location(loc, none), StorageError);
  AzureConfig bad = c;
  bad.account_key = "***";
  try {
    AzureBlobStore s(bad);
    FAIL();
  } catch (const StorageError& e) {
    EXPECT_EQ(std::string(e.what()).find("***"), std::string::npos);
  }
}

}  // namespace
