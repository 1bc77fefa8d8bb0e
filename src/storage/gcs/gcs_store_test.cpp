// GcsStore against the scripted HTTP server playing GCS's JSON API and the OAuth token endpoint
// (no GCS emulator is packaged for Debian or npm): an in-memory bucket with simple and
// resumable uploads, ranged media reads, metadata, paged listing and deletes, plus injected
// faults (503 on a chunk, a reset after a partly persisted chunk, 401, token endpoint errors).
#include "storage/gcs/gcs_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>

#include "common/text.h"
#include "net/testing/scripted_http_server.h"
#include "storage/gcs/gcs_test_support.h"

namespace coffer::storage::gcs {
namespace {

using net::testing::Reply;
using net::testing::Request;
using net::testing::ScriptedHttpServer;
using testing::inspect_jwt;
using testing::test_key_pem;

constexpr std::size_t kKiB = 1024;

Reply json_reply(int status, const nlohmann::json& j) {
  return Reply{status, j.dump(), {"Content-Type: application/json"}};
}

Reply gcs_error(int status, const std::string& reason, const std::string& message) {
  return json_reply(status, {{"error", {{"code", status}, {"message", message}, {"errors", {{{"reason", reason}, {"message", message}}}}}}});
}

// An in-memory GCS bucket "bkt" plus the token endpoint /token.
class FakeGcs {
 public:
  // Runs before the fake's own handling; a reply ends the request there.
  std::function<std::optional<Reply>(const Request&, int)> fault;
  bool reject_all_tokens = false;

  FakeGcs() : server_([this](const Request& r, int n) { return handle(r, n); }) {}

  std::string endpoint() const { return server_.endpoint(); }
  std::vector<Request> seen() const { return server_.seen(); }
  std::vector<Request> seen_except_tokens() const {
    std::vector<Request> out;
    for (auto& r : server_.seen())
      if (r.path() != "/token") out.push_back(r);
    return out;
  }
  std::optional<std::string> object(const std::string& name) {
    std::lock_guard lock(mu_);
    auto it = objects_.find(name);
    if (it == objects_.end()) return std::nullopt;
    return it->second.data;
  }
  void put_object(const std::string& name, const std::string& data) {
    std::lock_guard lock(mu_);
    objects_[name] = Object{data, ++generation_};
  }
  int tokens_issued() const { return tokens_issued_.load(); }
  // The next chunk PUT with this Content-Range keeps only its first `bytes` and answers 503
  // (the service persisted part of the chunk before failing).
  void keep_partial(const std::string& content_range, std::size_t bytes) {
    std::lock_guard lock(mu_);
    partial_[content_range] = bytes;
  }
  void revoke_tokens() {
    std::lock_guard lock(mu_);
    valid_token_.clear();
  }

 private:
  struct Object {
    std::string data;
    long generation = 0;
  };
  struct Session {
    std::string name;
    bool create_only = false;
    std::string data;
  };

  Reply handle(const Request& r, int n) {
    if (fault) {
      if (auto reply = fault(r, n)) return *reply;
    }
    std::lock_guard lock(mu_);
    if (r.path() == "/token") {
      valid_token_ = "tok-" + std::to_string(++tokens_issued_);
      return json_reply(200, {{"access_token", valid_token_}, {"expires_in", 3600}, {"token_type", "Bearer"}});
    }
    if (reject_all_tokens || valid_token_.empty() || r.header("authorization") != "Bearer " + valid_token_) {
      return gcs_error(401, "authError", "Invalid Credentials");
    }
    const std::string upload = "/upload/storage/v1/b/bkt/o";
    const std::string objects = "/storage/v1/b/bkt/o";
    std::string path = r.path();
    if (path == upload && r.method == "POST") {
      std::string name = r.query("name").value_or("");
      bool create_only = r.query("ifGenerationMatch") == "0";
      if (create_only && objects_.count(name)) return gcs_error(412, "conditionNotMet", "At least one of the pre-conditions you specified did not hold.");
      if (r.query("uploadType") == "media") {
        objects_[name] = Object{r.body, ++generation_};
        return json_reply(200, {{"name", name}});
      }
      std::string id = "S" + std::to_string(sessions_.size() + 1);
      sessions_[id] = Session{name, create_only, ""};
      return Reply{200, "", {"Location: " + endpoint() + upload + "?uploadType=resumable&upload_id=" + id}};
    }
    if (path == upload && r.query("upload_id")) return session_request(r, *r.query("upload_id"));
    if (path == objects && r.method == "GET") return list(r);
    if (path.rfind(objects + "/", 0) == 0) {
      std::string name = url_decode(path.substr(objects.size() + 1), false);
      auto it = objects_.find(name);
      if (r.method == "DELETE") {
        if (it == objects_.end()) return gcs_error(404, "notFound", "No such object: bkt/" + name);
        objects_.erase(it);
        return Reply{204};
      }
      if (it == objects_.end()) return gcs_error(404, "notFound", "No such object: bkt/" + name);
      const Object& o = it->second;
      if (auto g = r.query("generation"); g && *g != std::to_string(o.generation)) {
        return gcs_error(404, "notFound", "No such object: bkt/" + name);
      }
      if (r.query("alt") != "media") {
        return json_reply(200, {{"size", std::to_string(o.data.size())}, {"updated", "2024-05-06T07:08:09.123Z"}});
      }
      std::vector<std::string> gen = {"x-goog-generation: " + std::to_string(o.generation)};
      std::string range = r.header("range");
      if (range.empty()) return Reply{200, o.data, gen};
      std::size_t dash = range.find('-');
      std::size_t first = std::stoul(range.substr(6, dash - 6));
      if (first >= o.data.size()) return gcs_error(416, "requestedRangeNotSatisfiable", "The requested range cannot be satisfied.");
      std::size_t last = std::min<std::size_t>(std::stoul(range.substr(dash + 1)), o.data.size() - 1);
      gen.push_back("Content-Range: bytes " + std::to_string(first) + "-" + std::to_string(last) + "/" +
                    std::to_string(o.data.size()));
      return Reply{206, o.data.substr(first, last - first + 1), gen};
    }
    return gcs_error(400, "invalid", "unexpected " + r.method + " " + r.target);
  }

  Reply persisted(const Session& s) {
    if (s.data.empty()) return Reply{308};
    return Reply{308, "", {"Range: bytes=0-" + std::to_string(s.data.size() - 1)}};
  }

  Reply session_request(const Request& r, const std::string& id) {
    auto it = sessions_.find(id);
    if (it == sessions_.end()) return gcs_error(404, "notFound", "No such upload");
    Session& s = it->second;
    if (r.method == "DELETE") {
      sessions_.erase(it);
      return Reply{499};
    }
    std::string cr = r.header("content-range");  // "bytes a-b/T", "bytes */T", "bytes */*"
    std::string spec = cr.substr(6);
    std::string total = spec.substr(spec.find('/') + 1);
    if (spec[0] != '*') {
      std::size_t dash = spec.find('-');
      std::size_t first = std::stoul(spec.substr(0, dash));
      if (first != s.data.size()) return gcs_error(400, "invalid", "non-contiguous chunk");
      if (total == "*" && r.body.size() % (256 * kKiB) != 0) return gcs_error(400, "invalid", "chunk not a multiple of 256 KiB");
      if (auto p = partial_.find(cr); p != partial_.end()) {
        s.data += r.body.substr(0, p->second);
        partial_.erase(p);
        return gcs_error(503, "backendError", "Backend Error");
      }
      s.data += r.body;
    }
    if (total != "*" && s.data.size() == std::stoul(total)) {
      if (s.create_only && objects_.count(s.name)) return gcs_error(412, "conditionNotMet", "precondition");
      objects_[s.name] = Object{s.data, ++generation_};
      sessions_.erase(it);
      return json_reply(200, {{"name", id}});
    }
    return persisted(s);
  }

  Reply list(const Request& r) {
    std::string prefix = r.query("prefix").value_or("");
    bool delimited = r.query("delimiter") == "/";
    std::size_t page = r.query("maxResults") ? std::stoul(*r.query("maxResults")) : 1000;
    std::size_t start = r.query("pageToken") ? std::stoul(*r.query("pageToken")) : 0;
    std::vector<nlohmann::json> entries;  // items and prefixes, in name order
    std::string last_prefix;
    for (const auto& [name, o] : objects_) {
      if (name.compare(0, prefix.size(), prefix) != 0) continue;
      std::size_t slash = delimited ? name.find('/', prefix.size()) : std::string::npos;
      if (slash != std::string::npos) {
        std::string p = name.substr(0, slash + 1);
        if (p != last_prefix) entries.push_back(nlohmann::json{{"prefix", p}});
        last_prefix = p;
      } else {
        entries.push_back(nlohmann::json{
            {"name", name}, {"size", std::to_string(o.data.size())}, {"updated", "2024-05-06T07:08:09.123Z"}});
      }
    }
    nlohmann::json out = nlohmann::json::object();
    for (std::size_t i = start; i < entries.size() && i < start + page; ++i) {
      if (entries[i].contains("prefix")) {
        out["prefixes"].push_back(entries[i]["prefix"]);
      } else {
        out["items"].push_back(entries[i]);
      }
    }
    if (start + page < entries.size()) out["nextPageToken"] = std::to_string(start + page);
    return json_reply(200, out);
  }

  std::mutex mu_;
  std::map<std::string, Object> objects_;
  std::map<std::string, Session> sessions_;
  std::map<std::string, std::size_t> partial_;
  long generation_ = 1000;
  std::atomic<int> tokens_issued_{0};
  std::string valid_token_;
  ScriptedHttpServer server_;  // last: destroyed (joined) first
};

GcsConfig config_for(const FakeGcs& fake, const std::string& prefix = "p") {
  GcsConfig c;
  c.endpoint = fake.endpoint();
  c.bucket = "bkt";
  c.prefix = prefix;
  c.service_account.client_email = "backup@proj.iam.gserviceaccount.com";
  c.service_account.private_key_pem = test_key_pem();
  c.service_account.token_uri = fake.endpoint() + "/token";
  c.chunk_size = 256 * kKiB;
  c.max_retries = 3;
  c.retry_base_delay = std::chrono::milliseconds(1);
  c.retry_max_delay = std::chrono::milliseconds(5);
  c.idle_timeout = std::chrono::seconds(1);
  return c;
}

std::string pattern(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + (i * 13 + i / 251) % 26);
  return s;
}

void expect_no_secrets(const std::string& m) {
  EXPECT_EQ(m.find("tok-"), std::string::npos) << m;
  EXPECT_EQ(m.find("PRIVATE KEY"), std::string::npos) << m;
  EXPECT_EQ(m.find("Bearer"), std::string::npos) << m;
  EXPECT_EQ(m.find("eyJ"), std::string::npos) << m;  // a JWT's base64url JSON header
}

TEST(GcsStore, PutGetHeadRemoveAndEncodedNames) {
  FakeGcs fake;
  GcsStore s(config_for(fake));
  EXPECT_EQ(s.describe(), "gs://bkt/p?endpoint=" + url_encode(fake.endpoint()));
  s.put("backups/b1/velero-backup.json", "{\"a\":1}");
  EXPECT_EQ(fake.object("p/backups/b1/velero-backup.json"), "{\"a\":1}");
  EXPECT_EQ(s.get("backups/b1/velero-backup.json"), "{\"a\":1}");
  auto info = s.head("backups/b1/velero-backup.json");
  ASSERT_TRUE(info);
  EXPECT_EQ(info->size, 7u);
  EXPECT_EQ(info->modified_unix, 1714979289);
  EXPECT_FALSE(s.head("missing"));
  EXPECT_FALSE(s.exists("missing"));
  EXPECT_THROW(s.get("missing"), ObjectNotFound);
  s.put("empty", "");
  EXPECT_EQ(s.get("empty"), "");
  s.remove("backups/b1/velero-backup.json");
  s.remove("backups/b1/velero-backup.json");  // missing: fine
  EXPECT_FALSE(fake.object("p/backups/b1/velero-backup.json"));

  auto seen = fake.seen_except_tokens();
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(seen[0].target, "/upload/storage/v1/b/bkt/o?uploadType=media&name=p%2Fbackups%2Fb1%2Fvelero-backup.json");
  EXPECT_EQ(seen[1].path(), "/storage/v1/b/bkt/o/p%2Fbackups%2Fb1%2Fvelero-backup.json");
  EXPECT_EQ(seen[1].query("alt"), "media");
  EXPECT_EQ(seen[1].header("range"), "bytes=0-262143");
  EXPECT_EQ(fake.tokens_issued(), 1);  // cached
}

TEST(GcsStore, RangesAndMultiChunkReadsPinTheGeneration) {
  FakeGcs fake;
  std::string data = pattern(600 * kKiB);
  fake.put_object("p/big", data);
  GcsStore s(config_for(fake));
  auto r = s.open_read_range("big", 10, 5);
  char buf[16];
  ASSERT_EQ(r->read(buf, sizeof buf), 5u);
  EXPECT_EQ(std::string(buf, 5), data.substr(10, 5));
  EXPECT_EQ(r->read(buf, sizeof buf), 0u);
  EXPECT_EQ(s.open_read_range("big", data.size(), 0)->read(buf, sizeof buf), 0u);  // 416: empty
  EXPECT_EQ(s.get("big"), data);
  auto seen = fake.seen_except_tokens();
  ASSERT_EQ(seen.size(), 5u);
  EXPECT_EQ(seen[0].header("range"), "bytes=10-14");
  EXPECT_EQ(seen[2].header("range"), "bytes=0-262143");
  EXPECT_FALSE(seen[2].query("generation"));
  EXPECT_EQ(seen[3].header("range"), "bytes=262144-524287");
  EXPECT_EQ(seen[3].query("generation"), "1001");
  EXPECT_EQ(seen[4].header("range"), "bytes=524288-614399");  // clipped at the size
}

TEST(GcsStore, OverwriteDuringAReadFailsInsteadOfMixing) {
  FakeGcs fake;
  fake.put_object("p/big", pattern(300 * kKiB));
  GcsStore s(config_for(fake));
  auto r = s.open_read("big");
  fake.put_object("p/big", pattern(300 * kKiB));  // a new generation
  std::string got(300 * kKiB, '\0');
  std::size_t n = r->read(got.data(), got.size());
  EXPECT_EQ(n, 256 * kKiB);
  try {
    r->read(got.data(), got.size());
    FAIL() << "expected StorageError";
  } catch (const ObjectNotFound&) {
    FAIL() << "not ObjectNotFound";
  } catch (const StorageError& e) {
    EXPECT_NE(std::string(e.what()).find("gs://bkt/p/big: the object changed"), std::string::npos) << e.what();
  }
}

TEST(GcsStore, ResetMidBodyOnAReadIsRetriedFromTheSameOffset) {
  FakeGcs fake;
  std::string data = pattern(300 * kKiB);
  fake.put_object("p/big", data);
  std::atomic<bool> once{false};
  fake.fault = [&](const Request& r, int) -> std::optional<Reply> {
    if (r.header("range") == "bytes=262144-524287" && !once.exchange(true)) {
      return Reply{206, std::string(1000, 'x'), {"Content-Range: bytes 262144-307199/307200"}}.reset_mid_body(100);
    }
    return std::nullopt;
  };
  GcsStore s(config_for(fake));
  EXPECT_EQ(s.get("big"), data);
}

TEST(GcsStore, ListPagesAndCommonPrefixes) {
  FakeGcs fake;
  for (std::string k : {"backups/b1/a", "backups/b1/b", "backups/b2/a", "backups/top", "restores/r1/x"})
    fake.put_object("p/" + k, "12345");
  fake.put_object("other/ignored", "x");
  GcsConfig c = config_for(fake);
  c.list_page_size = 2;
  GcsStore s(c);
  auto all = s.list("");
  ASSERT_EQ(all.size(), 5u);
  EXPECT_EQ(all[0].key, "backups/b1/a");
  EXPECT_EQ(all[0].size, 5u);
  EXPECT_EQ(all[4].key, "restores/r1/x");
  EXPECT_EQ(s.list_common_prefixes(""), (std::vector<std::string>{"backups/", "restores/"}));
  EXPECT_EQ(s.list_common_prefixes("backups/"), (std::vector<std::string>{"backups/b1/", "backups/b2/"}));
  EXPECT_THROW(s.list_common_prefixes("backups"), StorageError);
  auto seen = fake.seen_except_tokens();
  ASSERT_GE(seen.size(), 3u);
  EXPECT_EQ(seen[0].query("prefix"), "p/");
  EXPECT_EQ(seen[0].query("maxResults"), "2");
  EXPECT_FALSE(seen[0].query("pageToken"));
  EXPECT_EQ(seen[1].query("pageToken"), "2");
  EXPECT_EQ(seen[2].query("pageToken"), "4");
}

TEST(GcsStore, CreateOnlyConflictIsObjectExists) {
  FakeGcs fake;
  GcsStore s(config_for(fake));
  EXPECT_TRUE(s.put_if_absent("lock", "one"));
  EXPECT_FALSE(s.put_if_absent("lock", "two"));
  EXPECT_EQ(fake.object("p/lock"), "one");
  for (const auto& r : fake.seen_except_tokens()) EXPECT_EQ(r.query("ifGenerationMatch"), "0");
  // Resumable: the precondition fails when the session starts; commit() reports it.
  auto w = s.open_write_new("lock");
  w->write(pattern(300 * kKiB));
  EXPECT_THROW(w->commit(), ObjectExists);
  EXPECT_EQ(fake.object("p/lock"), "one");
}

TEST(GcsStore, ResumableUploadResumesAfter503AndAPartlyPersistedChunk) {
  FakeGcs fake;
  // Chunk 2 arrives whole, the service keeps its first 256 KiB and fails with 503.
  fake.keep_partial("bytes 524288-1048575/*", 256 * kKiB);
  std::atomic<int> chunk_puts{0};
  fake.fault = [&](const Request& r, int) -> std::optional<Reply> {
    if (r.method == "PUT" && !r.body.empty() && ++chunk_puts == 1) {
      return gcs_error(503, "backendError", "Backend Error");  // chunk 1: nothing kept
    }
    return std::nullopt;
  };
  GcsConfig c = config_for(fake);
  c.chunk_size = 512 * kKiB;
  GcsStore s(c);
  std::string data = pattern(2 * 512 * kKiB + 1000);
  auto w = s.open_write("big");
  w->write(data.substr(0, 700 * kKiB));
  w->write(data.substr(700 * kKiB));
  EXPECT_FALSE(fake.object("p/big"));  // nothing visible before commit
  w->commit();
  EXPECT_EQ(fake.object("p/big"), data);

  std::vector<std::string> ranges;
  for (const auto& r : fake.seen_except_tokens()) ranges.push_back(r.method + " " + r.header("content-range"));
  EXPECT_EQ(ranges, (std::vector<std::string>{
                        "POST ",                               // start the session
                        "PUT bytes 0-524287/*",                // 503
                        "PUT bytes */*",                       // status: nothing persisted
                        "PUT bytes 0-524287/*",                // chunk 1 again
                        "PUT bytes 524288-1048575/*",          // half kept, 503
                        "PUT bytes */*",                       // status: 0-786431
                        "PUT bytes 786432-1048575/*",          // the rest of chunk 2
                        "PUT bytes 1048576-1049575/1049576"}));  // final
  auto start = fake.seen_except_tokens()[0];
  EXPECT_EQ(start.query("uploadType"), "resumable");
  EXPECT_EQ(start.query("name"), "p/big");
}

TEST(GcsStore, AbortCancelsTheResumableSession) {
  FakeGcs fake;
  GcsStore s(config_for(fake));
  {
    auto w = s.open_write("big");
    w->write(pattern(300 * kKiB));
    w->abort();
  }
  EXPECT_FALSE(fake.object("p/big"));
  auto seen = fake.seen_except_tokens();
  ASSERT_EQ(seen.size(), 3u);  // start, chunk, DELETE
  EXPECT_EQ(seen[2].method, "DELETE");
  EXPECT_EQ(seen[2].query("upload_id"), "S1");
}

TEST(GcsStore, Unauthorized401RefreshesTheTokenOnce) {
  FakeGcs fake;
  GcsStore s(config_for(fake));
  s.put("a", "1");
  EXPECT_EQ(fake.tokens_issued(), 1);
  fake.revoke_tokens();  // the service no longer takes tok-1
  EXPECT_EQ(s.get("a"), "1");
  EXPECT_EQ(fake.tokens_issued(), 2);
  auto seen = fake.seen_except_tokens();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[1].header("authorization"), "Bearer tok-1");
  EXPECT_EQ(seen[2].header("authorization"), "Bearer tok-2");

  fake.reject_all_tokens = true;
  try {
    s.get("a");
    FAIL() << "expected StorageError";
  } catch (const StorageError& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("gcs: get gs://bkt/p/a: HTTP 401 authError: Invalid Credentials"), std::string::npos) << m;
    expect_no_secrets(m);
  }
  EXPECT_EQ(fake.tokens_issued(), 3);  // one refresh, not a loop
  EXPECT_EQ(fake.seen_except_tokens().size(), 5u);
}

TEST(GcsStore, TokenRequestCarriesAVerifiableAssertion) {
  FakeGcs fake;
  GcsStore s(config_for(fake));
  s.put("a", "1");
  auto seen = fake.seen();
  ASSERT_EQ(seen[0].path(), "/token");
  std::string prefix = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=";
  ASSERT_EQ(seen[0].body.rfind(prefix, 0), 0u);
  auto jwt = inspect_jwt(url_decode(seen[0].body.substr(prefix.size()), true), test_key_pem());
  EXPECT_TRUE(jwt.signature_valid);
  EXPECT_EQ(jwt.claims["iss"], "backup@proj.iam.gserviceaccount.com");
  EXPECT_EQ(jwt.claims["aud"], fake.endpoint() + "/token");
  EXPECT_EQ(jwt.claims["scope"], "https://www.googleapis.com/auth/devstorage.read_write");
  EXPECT_EQ(jwt.claims["exp"].get<std::int64_t>() - jwt.claims["iat"].get<std::int64_t>(), 3600);
}

TEST(GcsStore, TokenEndpointFailureIsAClearError) {
  FakeGcs fake;
  fake.fault = [](const Request& r, int) -> std::optional<Reply> {
    if (r.path() == "/token")
      return json_reply(401, {{"error", "invalid_client"}, {"error_description", "The OAuth client was not found."}});
    return std::nullopt;
  };
  GcsStore s(config_for(fake));
  try {
    s.put("a", "1");
    FAIL() << "expected StorageError";
  } catch (const StorageError& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("token request for service account backup@proj.iam.gserviceaccount.com"), std::string::npos) << m;
    EXPECT_NE(m.find("HTTP 401 invalid_client: The OAuth client was not found."), std::string::npos) << m;
    expect_no_secrets(m);
  }
  EXPECT_TRUE(fake.seen_except_tokens().empty());
}

TEST(GcsStore, ServerErrorsAreRetriedAndNamedWithoutSecrets) {
  FakeGcs fake;
  std::atomic<int> n503{0};
  fake.fault = [&](const Request& r, int) -> std::optional<Reply> {
    if (r.path() == "/token") return std::nullopt;
    if (r.method == "POST" && n503++ < 2) return gcs_error(503, "backendError", "Backend Error");
    if (r.method == "GET" && r.path().find("forbidden") != std::string::npos)
      return gcs_error(403, "forbidden", "backup@proj.iam.gserviceaccount.com does not have storage.objects.get access.");
    if (r.method == "DELETE") return gcs_error(429, "rateLimitExceeded", "slow down");
    return std::nullopt;
  };
  GcsStore s(config_for(fake));
  s.put("a", "1");  // 503, 503, 200
  EXPECT_EQ(n503.load(), 3);
  try {
    s.get("forbidden");
    FAIL() << "expected StorageError";
  } catch (const StorageError& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("gcs: get gs://bkt/p/forbidden: HTTP 403 forbidden: backup@proj"), std::string::npos) << m;
    expect_no_secrets(m);
  }
  try {
    s.remove_many({"x", "y"});
    FAIL() << "expected StorageError";
  } catch (const StorageError& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("could not remove 2 of 2 object(s) in gs://bkt/p/ (x, y)"), std::string::npos) << m;
    EXPECT_NE(m.find("HTTP 429 rateLimitExceeded"), std::string::npos) << m;
  }
}

TEST(GcsStore, ConfigIsValidated) {
  FakeGcs fake;
  auto bad = [&](auto edit) {
    GcsConfig c = config_for(fake);
    edit(c);
    EXPECT_THROW(GcsStore{c}, StorageError);
  };
  bad([](GcsConfig& c) { c.bucket = ""; });
  bad([](GcsConfig& c) { c.chunk_size = 100000; });
  bad([](GcsConfig& c) { c.endpoint = "ftp://x"; });
  bad([](GcsConfig& c) { c.endpoint = "http://host/path"; });
  bad([](GcsConfig& c) { c.service_account.private_key_pem = "nope"; });
  GcsConfig ok = config_for(fake, "");
  ok.endpoint = "";
  EXPECT_EQ(GcsStore(ok).describe(), "gs://bkt");
}

}  // namespace
}  // namespace coffer::storage::gcs
