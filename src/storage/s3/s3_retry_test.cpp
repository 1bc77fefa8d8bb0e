// Retry and failure paths of S3Store against a scripted local HTTP server: throttling (503
// SlowDown), 500 InternalError, connection resets, non-retryable 403, and a
// CompleteMultipartUpload that fails inside a 200 response (the upload must then be aborted).
// Also the requests behind the optional capabilities (HeadObject, ranged GET, DeleteObjects,
// create-only writes) and the encryption / Object Lock headers: exactly which headers are sent
// and signed.
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

#include "net/testing/scripted_http_server.h"
#include "storage/s3/s3_store.h"

namespace coffer::storage::s3 {
namespace {

using net::testing::Reply;
using Seen = net::testing::Request;
using FakeS3 = net::testing::ScriptedHttpServer;

std::string error_xml(const std::string& code, const std::string& message) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" +
         message + "</Message><RequestId>R1</RequestId></Error>";
}

S3Config config_for(const FakeS3& server) {
  S3Config c;
  c.endpoint = server.endpoint();
  c.bucket = "bkt";
  c.force_path_style = true;
  c.access_key = "AKIDFAKE";
  c.secret_key = "fake-secret-never-shown";
  c.max_retries = 3;
  c.retry_base_delay = std::chrono::milliseconds(1);
  c.retry_max_delay = std::chrono::milliseconds(5);
  return c;
}

TEST(S3Retry, ThrottlingIsRetriedUntilSuccess) {
  FakeS3 server([](const Seen&, int n) {
    if (n <= 2)
      return Reply{503, error_xml("SlowDown", "Please reduce your request rate."), {}};
    return Reply{200, "", {"ETag: \"e\""}};
  });
  S3Store s(config_for(server));
  EXPECT_TRUE(s.exists("k"));
  auto seen = server.seen();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].method, "HEAD");
  EXPECT_EQ(seen[0].target, "/bkt/k");
}

TEST(S3Retry, GivesUpAfterMaxRetriesAndNamesTheError) {
  FakeS3 server([](const Seen&, int) {
    return Reply{500,
                 error_xml("InternalError", "We encountered an internal error."),
                 {"x-amz-request-id: REQ42"}};
  });
  S3Store s(config_for(server));
  try {
    s.put("dir/obj", "data");
    FAIL() << "expected StorageError";
  } catch (const StorageError& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("s3://bkt/dir/obj"), std::string::npos) << m;
    EXPECT_NE(m.find("HTTP 500 InternalError: We encountered an internal error."),
              std::string::npos)
        << m;
    EXPECT_NE(m.find("REQ42"), std::string::npos) << m;
    EXPECT_EQ(m.find("fake-secret"), std::string::npos) << m;
  }
  EXPECT_EQ(server.seen().size(), 4u);  // 1 + max_retries
}

TEST(S3Retry, ConnectionResetIsRetried) {
  FakeS3 server([](const Seen&, int n) {
    if (n == 1) return Reply::reset();
    return Reply{200, "body!", {"ETag: \"e\""}};
  });
  S3Store s(config_for(server));
  EXPECT_EQ(s.get("k"), "body!");
  EXPECT_EQ(server.seen().size(), 2u);
}

TEST(S3Retry, ClientErrorsAreNotRetried) {
  FakeS3 server([](const Seen&, int) {
    return Reply{403, error_xml("AccessDenied", "Access Denied"), {}};
  });
  S3Store s(config_for(server));
  try {
    s.list("");
    FAIL() << "expected StorageError";
  } catch (const StorageError& e) {
    EXPECT_NE(std::string(e.what()).find("HTTP 403 AccessDenied: Access Denied"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(server.seen().size(), 1u);
}

TEST(S3Retry, FailedCompleteAbortsTheUpload) {
  std::atomic<int> completes{0};
  FakeS3 server([&completes](const Seen& req, int) {
    if (req.method == "POST" && req.target.find("uploads") != std::string::npos) {
      return Reply{200,
                   "<InitiateMultipartUploadResult><UploadId>up&amp;1</UploadId></"
                   "InitiateMultipartUploadResult>",
                   {}};
    }
    if (req.method == "PUT") return Reply{200, "", {"ETag: \"part\""}};
    if (req.method == "POST") {  // CompleteMultipartUpload: fails inside a 200
      ++completes;
      return Reply{200, error_xml("InternalError", "complete failed"), {}};
    }
    if (req.method == "DELETE") return Reply{204, "", {}};
    return Reply{400, error_xml("Unexpected", req.method), {}};
  });
  S3Config c = config_for(server);
  c.part_size = 1024;
  c.parallel_parts = 2;
  S3Store s(c);
  auto w = s.open_write("big");
  w->write(std::string(5000, 'x'));  // 4 full parts shipped, 904 bytes buffered
  EXPECT_THROW(w->commit(), StorageError);
  EXPECT_EQ(completes.load(), 4);  // retried: 1 + max_retries
  auto seen = server.seen();
  int parts = 0;
  for (const auto& r : seen) {
    if (r.method == "PUT") {
      ++parts;
      EXPECT_NE(r.target.find("uploadId=up%261"), std::string::npos) << r.target;
    }
  }
  EXPECT_EQ(parts, 5);
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.back().method, "DELETE");
  EXPECT_EQ(seen.back().target, "/bkt/big?uploadId=up%261");
}

// --- optional capabilities and write headers ---

std::string md5_base64(const std::string& data) {
  unsigned char d[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(data.data(), data.size(), d, &n, EVP_md5(), nullptr);
  static const char* abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (unsigned int i = 0; i < n; i += 3) {
    unsigned v = d[i] << 16 | (i + 1 < n ? d[i + 1] << 8 : 0) | (i + 2 < n ? d[i + 2] : 0);
    out += abc[v >> 18 & 63];
    out += abc[v >> 12 & 63];
    out += i + 1 < n ? abc[v >> 6 & 63] : '=';
    out += i + 2 < n ? abc[v & 63] : '=';
  }
  return out;
}

// The SignedHeaders list of the request's Authorization header.
std::vector<std::string> signed_headers(const Seen& r) {
  auto it = r.headers.find("authorization");
  if (it == r.headers.end()) return {};
  std::string a = it->second;
  std::size_t from = a.find("SignedHeaders=");
  if (from == std::string::npos) return {};
  from += 14;
  std::string list = a.substr(from, a.find(',', from) - from);
  std::vector<std::string> out;
  for (std::size_t p = 0;;) {
    std::size_t q = list.find(';', p);
    out.push_back(list.substr(p, q == std::string::npos ? std::string::npos : q - p));
    if (q == std::string::npos) break;
    p = q + 1;
  }
  return out;
}

bool is_signed(const Seen& r, const std::string& name) {
  auto s = signed_headers(r);
  return std::find(s.begin(), s.end(), name) != s.end();
}

std::string header(const Seen& r, const std::string& name) {
  auto it = r.headers.find(name);
  return it == r.headers.end() ? std::string("<absent>") : it->second;
}

const std::vector<std::string> kWriteHeaders = {
    "x-amz-server-side-encryption", "x-amz-server-side-encryption-aws-kms-key-id",
    "x-amz-object-lock-mode", "x-amz-object-lock-retain-until-date", "content-md5",
    "if-none-match"};

// Checks that among kWriteHeaders exactly `want` are sent (with these values) and signed.
void expect_write_headers(const Seen& r, const std::map<std::string, std::string>& want) {
  SCOPED_TRACE(r.method + " " + r.target);
  for (const auto& name : kWriteHeaders) {
    auto w = want.find(name);
    if (w == want.end()) {
      EXPECT_EQ(r.headers.count(name), 0u) << name;
      EXPECT_FALSE(is_signed(r, name)) << name;
    } else {
      EXPECT_EQ(header(r, name), w->second) << name;
      EXPECT_TRUE(is_signed(r, name)) << name;
    }
  }
}

// A well-behaved multipart-capable fake: PUT -> ETag, POST ?uploads -> UploadId, POST ?uploadId
// -> CompleteMultipartUploadResult, DELETE -> 204.
Reply ok_writes(const Seen& req) {
  if (req.method == "POST" && req.target.find("uploads") != std::string::npos) {
    return Reply{200,
                 "<InitiateMultipartUploadResult><UploadId>U1</UploadId>"
                 "</InitiateMultipartUploadResult>",
                 {}};
  }
  if (req.method == "PUT") return Reply{200, "", {"ETag: \"e\""}};
  if (req.method == "POST") {
    return Reply{200, "<CompleteMultipartUploadResult><ETag>\"m\"</ETag>"
                      "</CompleteMultipartUploadResult>",
                 {}};
  }
  if (req.method == "DELETE") return Reply{204, "", {}};
  if (req.method == "HEAD") return Reply{200, "", {"ETag: \"e\""}};
  return Reply{400, error_xml("Unexpected", req.method), {}};
}

TEST(S3Headers, EncryptionAndObjectLockHeadersAreSentAndSigned) {
  FakeS3 server([](const Seen& req, int) { return ok_writes(req); });
  S3Config c = config_for(server);
  c.sse = "aws:kms";
  c.sse_kms_key_id = "arn:aws:kms:us-east-1:111122223333:key/k1";
  c.object_lock_mode = "GOVERNANCE";
  c.object_lock_retain_until = "2030-01-02T03:04:05+01:00";
  c.part_size = 1024;
  c.parallel_parts = 2;
  S3Store s(c);
  const std::map<std::string, std::string> object = {
      {"x-amz-server-side-encryption", "aws:kms"},
      {"x-amz-server-side-encryption-aws-kms-key-id", "arn:aws:kms:us-east-1:111122223333:key/k1"},
      {"x-amz-object-lock-mode", "GOVERNANCE"},
      {"x-amz-object-lock-retain-until-date", "2030-01-02T02:04:05Z"}};

  s.put("small", "hello");
  auto seen = server.seen();
  ASSERT_EQ(seen.size(), 1u);
  auto want = object;
  want["content-md5"] = "XUFAKrxLKna5cZ2REBfFkg==";  // MD5("hello")
  EXPECT_EQ(md5_base64("hello"), want["content-md5"]);
  expect_write_headers(seen[0], want);

  std::string big(2500, 'x');
  big[1500] = 'y';
  s.put("big", big);  // 1024 + 1024 + 452
  seen = server.seen();
  ASSERT_EQ(seen.size(), 6u);  // + create, 3 parts, complete
  int parts = 0;
  for (std::size_t i = 1; i < seen.size(); ++i) {
    const Seen& r = seen[i];
    if (r.method == "POST" && r.target.find("uploads") != std::string::npos) {
      expect_write_headers(r, object);
    } else if (r.method == "PUT") {
      ++parts;
      EXPECT_EQ(r.body.size(), r.target.find("partNumber=3") != std::string::npos ? 452u : 1024u);
      expect_write_headers(r, {{"content-md5", md5_base64(r.body)}});
    } else {
      EXPECT_EQ(r.method, "POST");  // complete
      expect_write_headers(r, {});
    }
  }
  EXPECT_EQ(parts, 3);

  // Reads carry none of them.
  s.exists("small");
  expect_write_headers(server.seen().back(), {});
}

TEST(S3Headers, SseS3WithoutObjectLockSendsNoContentMd5) {
  FakeS3 server([](const Seen& req, int) { return ok_writes(req); });
  S3Config c = config_for(server);
  c.sse = "AES256";
  S3Store s(c);
  s.put("k", "v");
  ASSERT_EQ(server.seen().size(), 1u);
  expect_write_headers(server.seen()[0], {{"x-amz-server-side-encryption", "AES256"}});
}

TEST(S3Headers, DefaultConfigSendsNoneOfTheWriteHeaders) {
  FakeS3 server([](const Seen& req, int) { return ok_writes(req); });
  S3Config c = config_for(server);
  c.part_size = 1024;
  S3Store s(c);
  s.put("small", "v");
  s.put("big", std::string(2000, 'z'));
  auto seen = server.seen();
  ASSERT_EQ(seen.size(), 5u);
  for (const auto& r : seen) expect_write_headers(r, {});
}

TEST(S3Headers, ConfigIsValidated) {
  auto bad = [](auto edit) {
    S3Config c;
    c.endpoint = "http://127.0.0.1:1";
    c.bucket = "b";
    c.access_key = "a";
    c.secret_key = "s";
    edit(c);
    EXPECT_THROW(S3Store{c}, StorageError);
  };
  bad([](S3Config& c) { c.sse = "aes256"; });
  bad([](S3Config& c) { c.sse_kms_key_id = "k"; });
  bad([](S3Config& c) {
    c.sse = "AES256";
    c.sse_kms_key_id = "k";
  });
  bad([](S3Config& c) {
    c.object_lock_mode = "governance";
    c.object_lock_retain_until = "2030-01-01T00:00:00Z";
  });
  bad([](S3Config& c) { c.object_lock_mode = "COMPLIANCE"; });
  bad([](S3Config& c) {
    c.object_lock_mode = "COMPLIANCE";
    c.object_lock_retain_until = "next year";
  });
  bad([](S3Config& c) { c.object_lock_retain_until = "2030-01-01T00:00:00Z"; });
  S3Config ok;
  ok.endpoint = "http://127.0.0.1:1";
  ok.bucket = "b";
  ok.access_key = "a";
  ok.secret_key = "s";
  ok.sse = "aws:kms";
  ok.object_lock_mode = "COMPLIANCE";
  ok.object_lock_retain_until = "2030-01-01T00:00:00.5Z";
  S3Store s(ok);
  EXPECT_EQ(s.config().object_lock_retain_until, "2030-01-01T00:00:00Z");
}

TEST(S3CreateOnly, PutSendsIfNoneMatchAnd412IsObjectExists) {
  std::atomic<bool> taken{false};
  FakeS3 server([&taken](const Seen& req, int) {
    if (req.method == "PUT" && taken.load()) {
      return Reply{412, error_xml("PreconditionFailed",
                                  "At least one of the pre-conditions you specified did not hold"),
                   {}};
    }
    return ok_writes(req);
  });
  S3Store s(config_for(server));
  EXPECT_TRUE(s.put_if_absent("k", "one"));
  taken = true;
  EXPECT_FALSE(s.put_if_absent("k", "two"));
  auto w = s.open_write_new("k");
  w->write("three");
  try {
    w->commit();
    FAIL() << "expected ObjectExists";
  } catch (const ObjectExists& e) {
    EXPECT_NE(std::string(e.what()).find("HTTP 412 PreconditionFailed"), std::string::npos)
        << e.what();
  }
  auto seen = server.seen();
  ASSERT_EQ(seen.size(), 3u);  // 412 is not retried
  for (const auto& r : seen) expect_write_headers(r, {{"if-none-match", "*"}});
  // A plain put does not send it; and a plain put's 412 is a plain StorageError.
  try {
    s.put("k", "four");
    FAIL() << "expected StorageError";
  } catch (const ObjectExists&) {
    FAIL() << "a plain put must not report ObjectExists";
  } catch (const StorageError&) {
  }
  expect_write_headers(server.seen().back(), {});
}

TEST(S3CreateOnly, ConditionalRequestConflictIsObjectExists) {
  FakeS3 server([](const Seen& req, int) {
    if (req.method == "PUT") {
      return Reply{409, error_xml("ConditionalRequestConflict", "conflicting operation"), {}};
    }
    return ok_writes(req);
  });
  S3Store s(config_for(server));
  EXPECT_FALSE(s.put_if_absent("k", "v"));
  EXPECT_EQ(server.seen().size(), 1u);
}

TEST(S3CreateOnly, MultipartCompleteSendsIfNoneMatchAnd412AbortsTheUpload) {
  for (bool in_200 : {false, true}) {
    SCOPED_TRACE(in_200 ? "error inside a 200" : "412");
    FakeS3 server([in_200](const Seen& req, int) {
      if (req.method == "POST" && req.target.find("uploadId=") != std::string::npos) {
        return Reply{in_200 ? 200 : 412,
                     error_xml("PreconditionFailed",
                               "At least one of the pre-conditions you specified did not hold"),
                     {}};
      }
      return ok_writes(req);
    });
    S3Config c = config_for(server);
    c.part_size = 1024;
    S3Store s(c);
    auto w = s.open_write_new("big");
    w->write(std::string(3000, 'q'));
    EXPECT_THROW(w->commit(), ObjectExists);
    auto seen = server.seen();
    ASSERT_EQ(seen.size(), 6u);  // create, 3 parts, complete, abort
    for (const auto& r : seen) {
      bool complete = r.method == "POST" && r.target.find("uploadId=") != std::string::npos;
      expect_write_headers(r, complete ? std::map<std::string, std::string>{{"if-none-match", "*"}}
                                       : std::map<std::string, std::string>{});
    }
    EXPECT_EQ(seen.back().method, "DELETE");
    EXPECT_EQ(seen.back().target, "/bkt/big?uploadId=U1");
  }
}

TEST(S3Capabilities, HeadParsesSizeAndLastModified) {
  FakeS3 server([](const Seen& req, int) {
    if (req.target == "/bkt/p/there") {
      return Reply{200, std::string(1234, 'x'),
                   {"Last-Modified: Wed, 21 Oct 2015 07:28:00 GMT", "ETag: \"e\""}};
    }
    return Reply{404, "", {}};
  });
  S3Config c = config_for(server);
  c.prefix = "p";
  S3Store s(c);
  auto info = s.head("there");
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->key, "there");
  EXPECT_EQ(info->size, 1234u);
  EXPECT_EQ(info->modified_unix, 1445412480);
  EXPECT_FALSE(s.head("missing").has_value());
  auto seen = server.seen();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].method, "HEAD");
}

TEST(S3Capabilities, RangeReadSendsRangeAnd416IsEmpty) {
  FakeS3 server([](const Seen& req, int) {
    if (req.target == "/bkt/past") {
      return Reply{416, error_xml("InvalidRange", "The requested range is not satisfiable"),
                   {"Content-Range: bytes */100"}};
    }
    return Reply{206, "abcde", {"Content-Range: bytes 10-14/100", "ETag: \"e\""}};
  });
  S3Store s(config_for(server));
  auto r = s.open_read_range("k", 10, 5);
  char buf[16];
  ASSERT_EQ(r->read(buf, sizeof buf), 5u);
  EXPECT_EQ(std::string(buf, 5), "abcde");
  EXPECT_EQ(r->read(buf, sizeof buf), 0u);
  auto empty = s.open_read_range("past", 100, 0);
  EXPECT_EQ(empty->read(buf, sizeof buf), 0u);
  auto seen = server.seen();
  ASSERT_EQ(seen.size(), 2u);  // 416 is not retried
  EXPECT_EQ(header(seen[0], "range"), "bytes=10-14");
  EXPECT_TRUE(is_signed(seen[0], "range"));
  EXPECT_EQ(header(seen[1], "range"), "bytes=100-" + std::to_string(100 + 8 * 1024 * 1024 - 1));
}

int count_of(const std::string& s, const std::string& what) {
  int n = 0;
  for (std::size_t p = 0; (p = s.find(what, p)) != std::string::npos; p += what.size()) ++n;
  return n;
}

TEST(S3Capabilities, RemoveManyBatchesAndNamesTheFailedKeys) {
  FakeS3 server([](const Seen& req, int) {
    if (req.method == "DELETE") return Reply{204, "", {}};
    if (req.method != "POST") return Reply{400, error_xml("Unexpected", req.method), {}};
    if (req.body.find("<Key>p/k01500</Key>") != std::string::npos) {  // the second batch
      return Reply{200,
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?><DeleteResult>"
                   "<Error><Key>p/k01500</Key><Code>AccessDenied</Code><Message>Access "
                   "Denied</Message></Error>"
                   "<Error><Key>p/k01501</Key><Code>AccessDenied</Code><Message>Access "
                   "Denied</Message></Error></DeleteResult>",
                   {}};
    }
    return Reply{200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><DeleteResult/>", {}};
  });
  S3Config c = config_for(server);
  c.prefix = "p";
  S3Store s(c);
  std::vector<std::string> keys;
  for (int i = 0; i < 2500; ++i) {
    char key[16];
    std::snprintf(key, sizeof key, "k%05d", i);
    keys.push_back(key);
  }
  keys.push_back("a&b <c>");
  keys.push_back("ctl\x01key");  // XML 1.0 cannot carry it: a plain DELETE
  try {
    s.remove_many(keys);
    FAIL() << "expected StorageError";
  } catch (const ObjectNotFound&) {
    FAIL() << "not an ObjectNotFound";
  } catch (const StorageError& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("could not remove 2 of 2502 object(s) in s3://bkt/p/ (k01500, k01501): "
                     "AccessDenied: Access Denied"),
              std::string::npos)
        << m;
    EXPECT_EQ(m.find("k01499"), std::string::npos) << m;
  }
  auto seen = server.seen();
  std::vector<Seen> posts;
  int deletes = 0;
  for (const auto& r : seen) {
    if (r.method == "POST") posts.push_back(r);
    if (r.method == "DELETE") {
      ++deletes;
      EXPECT_EQ(r.target, "/bkt/p/ctl%01key");
    }
  }
  EXPECT_EQ(deletes, 1);
  ASSERT_EQ(posts.size(), 3u);
  const int want[] = {1000, 1000, 501};
  for (std::size_t i = 0; i < posts.size(); ++i) {
    const Seen& r = posts[i];
    EXPECT_EQ(r.target, "/bkt?delete=");
    EXPECT_EQ(count_of(r.body, "<Object><Key>"), want[i]);
    EXPECT_EQ(count_of(r.body, "<Quiet>true</Quiet>"), 1);
    EXPECT_EQ(r.body.rfind("<?xml", 0), 0u);
    EXPECT_EQ(header(r, "content-md5"), md5_base64(r.body));
    EXPECT_TRUE(is_signed(r, "content-md5"));
    EXPECT_EQ(header(r, "content-type"), "application/xml");
  }
  EXPECT_NE(posts[0].body.find("<Object><Key>p/k00000</Key></Object>"), std::string::npos);
  EXPECT_NE(posts[2].body.find("<Object><Key>p/a&amp;b &lt;c&gt;</Key></Object>"),
            std::string::npos);
}

TEST(S3Capabilities, RemoveManyWholeRequestFailureNamesEveryKeyInIt) {
  FakeS3 server([](const Seen&, int) {
    return Reply{403, error_xml("AccessDenied", "Access Denied"), {}};
  });
  S3Store s(config_for(server));
  try {
    s.remove_many({"a", "b"});
    FAIL() << "expected StorageError";
  } catch (const StorageError& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("could not remove 2 of 2 object(s) in s3://bkt/ (a, b)"), std::string::npos)
        << m;
    EXPECT_NE(m.find("HTTP 403 AccessDenied"), std::string::npos) << m;
  }
  EXPECT_EQ(server.seen().size(), 1u);
}


// --- faults while reading: resets mid-body and stalls ---

// An object of n distinct bytes.
std::string pattern(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + (i * 7 + i / 26) % 26);
  return s;
}

// GetObject on `object`: 200 with the whole body without Range, else 206 with the range.
Reply serve_range(const std::string& object, const Seen& req) {
  std::string range = header(req, "range");
  if (range == "<absent>") return Reply{200, object, {"ETag: \"e\""}};
  std::size_t dash = range.find('-');
  std::size_t first = std::stoul(range.substr(6, dash - 6));
  std::size_t last = std::min<std::size_t>(std::stoul(range.substr(dash + 1)), object.size() - 1);
  return Reply{206, object.substr(first, last - first + 1),
               {"ETag: \"e\"", "Content-Range: bytes " + std::to_string(first) + "-" +
                                     std::to_string(last) + "/" + std::to_string(object.size())}};
}

TEST(S3Faults, ResetMidBodyIsRetriedAndResumesAtTheDeliveredOffset) {
  const std::string object = pattern(3000);
  std::atomic<int> resets{0};
  FakeS3 server([&](const Seen& req, int) {
    Reply r = serve_range(object, req);
    if (header(req, "range") == "bytes=1024-2047" && resets++ == 0) return r.reset_mid_body(300);
    return r;
  });
  S3Config c = config_for(server);
  c.part_size = 1024;
  S3Store s(c);
  EXPECT_EQ(s.get("k"), object);
  std::vector<std::string> ranges;
  for (const auto& r : server.seen()) ranges.push_back(header(r, "range"));
  EXPECT_EQ(ranges, (std::vector<std::string>{"<absent>", "bytes=1024-2047", "bytes=1024-2047",
                                              "bytes=2048-3071"}));
}

TEST(S3Faults, PersistentResetMidBodyFailsClearlyInsteadOfTruncating) {
  const std::string object = pattern(3000);
  FakeS3 server([&](const Seen& req, int) {
    Reply r = serve_range(object, req);
    if (header(req, "range") == "bytes=2048-3071") return r.reset_mid_body(100);
    return r;
  });
  S3Config c = config_for(server);
  c.part_size = 1024;
  S3Store s(c);
  auto reader = s.open_read("dir/k");
  std::string got;
  char buf[512];
  try {
    for (std::size_t n; (n = reader->read(buf, sizeof buf)) > 0;) got.append(buf, n);
    FAIL() << "expected StorageError, read " << got.size() << " bytes";
  } catch (const StorageError& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("get s3://bkt/dir/k"), std::string::npos) << m;
    EXPECT_NE(m.find("after 4 attempt(s)"), std::string::npos) << m;
  }
  EXPECT_EQ(got, object.substr(0, 2048));  // what was delivered is intact
  EXPECT_EQ(server.seen().size(), 2u + 4u);
}

TEST(S3Faults, ResetBeforeAnsweringAndServerErrorsOnReadsAreRetried) {
  const std::string object = pattern(100);
  FakeS3 server([&](const Seen& req, int n) {
    if (n == 1) return Reply::reset();
    if (n == 2) return Reply{500, error_xml("InternalError", "oops")};
    if (n == 3) return Reply{503, error_xml("SlowDown", "Please reduce your request rate.")};
    return serve_range(object, req);
  });
  S3Store s(config_for(server));
  EXPECT_EQ(s.get("k"), object);
  EXPECT_EQ(server.seen().size(), 4u);
}

TEST(S3Faults, StalledResponsesHitTheIdleTimeoutAndAreRetried) {
  const std::string object = pattern(3000);
  for (bool mid_body : {false, true}) {
    SCOPED_TRACE(mid_body ? "stall mid-body" : "stall before answering");
    std::atomic<int> stalls{0};
    FakeS3 server([&](const Seen& req, int) {
      Reply r = serve_range(object, req);
      if (header(req, "range") == "bytes=1024-2047" && stalls++ == 0) {
        return mid_body ? r.stall_mid_body(200, std::chrono::seconds(60))
                        : Reply::stall(std::chrono::seconds(60));
      }
      return r;
    });
    S3Config c = config_for(server);
    c.part_size = 1024;
    c.idle_timeout = std::chrono::seconds(1);
    S3Store s(c);
    auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(s.get("k"), object);
    auto took = std::chrono::steady_clock::now() - start;
    EXPECT_LT(took, std::chrono::seconds(20));  // the stall (60 s) was not waited out
    EXPECT_EQ(stalls.load(), 2);
  }
}

TEST(S3Faults, StalledWriteIsRetried) {
  std::atomic<int> puts{0};
  FakeS3 server([&](const Seen& req, int) {
    if (req.method == "PUT" && puts++ == 0) return Reply::stall(std::chrono::seconds(60));
    return ok_writes(req);
  });
  S3Config c = config_for(server);
  c.idle_timeout = std::chrono::seconds(1);
  S3Store s(c);
  s.put("k", "value");
  auto seen = server.seen();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[1].body, "value");
}

}  // namespace
}  // namespace coffer::storage::s3
