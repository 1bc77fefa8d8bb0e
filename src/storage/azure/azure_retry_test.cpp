// Retry and failure paths of AzureBlobStore against a scripted local HTTP server: 500, 503
// ServerBusy, connection resets before answering and in the middle of a body, stalled
// responses (the idle timeout must end them), and errors that must not be retried. A read that
// keeps failing mid-body fails with an error naming the container and blob; it never returns
// truncated data.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "common/base64.h"
#include "net/testing/scripted_http_server.h"
#include "storage/azure/azure_store.h"

namespace coffer::storage::azure {
namespace {

using net::testing::Reply;
using net::testing::Request;
using net::testing::ScriptedHttpServer;

AzureConfig config_for(const ScriptedHttpServer& server) {
  AzureConfig c;
  c.endpoint = server.endpoint() + "/acct";
  c.account = "acct";
  c.container = "cont";
  c.account_key = base64_encode("not-a-real-account-key-0123456789");
  c.max_retries = 3;
  c.retry_base_delay = std::chrono::milliseconds(1);
  c.retry_max_delay = std::chrono::milliseconds(5);
  c.idle_timeout = std::chrono::seconds(1);
  return c;
}

std::string error_xml(const std::string& code, const std::string& message) {
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + code + "</Code><Message>" + message +
         "</Message></Error>";
}

Reply azure_error(int status, const std::string& code, const std::string& message) {
  return Reply{status, error_xml(code, message), {"x-ms-error-code: " + code}};
}

std::string pattern(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('A' + (i * 11 + i / 26) % 26);
  return s;
}

// Get Blob on `blob` with x-ms-range: 206 with the range.
Reply serve_range(const std::string& blob, const Request& req) {
  std::string range = req.header("x-ms-range");  // "bytes=a-b"
  if (range.empty()) return Reply{200, blob, {"ETag: \"0x1\""}};
  std::size_t dash = range.find('-');
  std::size_t first = std::stoul(range.substr(6, dash - 6));
  if (first >= blob.size()) return azure_error(416, "InvalidRange", "The range specified is invalid");
  std::size_t last = std::min<std::size_t>(std::stoul(range.substr(dash + 1)), blob.size() - 1);
  return Reply{206, blob.substr(first, last - first + 1),
               {"ETag: \"0x1\"", "Content-Range: bytes " + std::to_string(first) + "-" + std::to_string(last) + "/" +
                                     std::to_string(blob.size())}};
}

std::vector<std::string> ranges_of(const std::vector<Request>& seen) {
  std::vector<std::string> out;
  for (const auto& r : seen) out.push_back(r.header("x-ms-range"));
  return out;
}

TEST(AzureFaults, ServerErrorAndServerBusyAreRetriedUntilSuccess) {
  ScriptedHttpServer server([](const Request&, int n) {
    if (n == 1) return azure_error(500, "InternalError", "The server encountered an internal error.");
    if (n == 2) return azure_error(503, "ServerBusy", "The server is busy.");
    return Reply{201, "", {"ETag: \"0x2\""}};
  });
  AzureBlobStore s(config_for(server));
  s.put("dir/k", "value");
  auto seen = server.seen();
  ASSERT_EQ(seen.size(), 3u);
  for (const auto& r : seen) {
    EXPECT_EQ(r.method, "PUT");
    EXPECT_EQ(r.target, "/acct/cont/dir/k");
    EXPECT_EQ(r.body, "value");
  }
}

TEST(AzureFaults, GivesUpAfterMaxRetriesAndNamesContainerBlobAndCode) {
  ScriptedHttpServer server([](const Request&, int) { return azure_error(503, "ServerBusy", "The server is busy."); });
  AzureBlobStore s(config_for(server));
  try {
    s.put("dir/k", "value");
    FAIL() << "expected StorageError";
  } catch (const StorageError& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("container 'cont' blob 'dir/k'"), std::string::npos) << m;
    EXPECT_NE(m.find("HTTP 503 ServerBusy: The server is busy."), std::string::npos) << m;
    EXPECT_EQ(m.find("not-a-real"), std::string::npos) << m;
  }
  EXPECT_EQ(server.seen().size(), 4u);  // 1 + max_retries
}

TEST(AzureFaults, ForbiddenIsNotRetried) {
  ScriptedHttpServer server(
      [](const Request&, int) { return azure_error(403, "AuthenticationFailed", "Server failed to authenticate."); });
  AzureBlobStore s(config_for(server));
  EXPECT_THROW(s.put("k", "v"), StorageError);
  EXPECT_EQ(server.seen().size(), 1u);
}

TEST(AzureFaults, ResetBeforeAnsweringIsRetried) {
  ScriptedHttpServer server([](const Request&, int n) {
    if (n <= 2) return Reply::reset();
    return Reply{200, "", {"Content-Length: 0", "Last-Modified: Wed, 21 Oct 2015 07:28:00 GMT"}};
  });
  AzureBlobStore s(config_for(server));
  EXPECT_TRUE(s.exists("k"));
  EXPECT_EQ(server.seen().size(), 3u);
}

TEST(AzureFaults, ResetMidBodyIsRetriedAndResumesAtTheDeliveredOffset) {
  const std::string blob = pattern(3000);
  std::atomic<int> resets{0};
  ScriptedHttpServer server([&](const Request& req, int) {
    Reply r = serve_range(blob, req);
    if (req.header("x-ms-range") == "bytes=1024-2047" && resets++ == 0) return r.reset_mid_body(500);
    return r;
  });
  AzureConfig c = config_for(server);
  c.block_size = 1024;
  AzureBlobStore s(c);
  EXPECT_EQ(s.get("k"), blob);
  EXPECT_EQ(ranges_of(server.seen()),
            (std::vector<std::string>{"bytes=0-1023", "bytes=1024-2047", "bytes=1024-2047", "bytes=2048-2999"}));
  for (const auto& r : server.seen()) {
    if (r.header("x-ms-range") != "bytes=0-1023") {
      EXPECT_EQ(r.header("if-match"), "\"0x1\"");
    }
  }
}

TEST(AzureFaults, PersistentResetMidBodyFailsClearlyInsteadOfTruncating) {
  const std::string blob = pattern(3000);
  ScriptedHttpServer server([&](const Request& req, int) {
    Reply r = serve_range(blob, req);
    if (req.header("x-ms-range") == "bytes=2048-2999") return r.reset_mid_body(100);
    return r;
  });
  AzureConfig c = config_for(server);
  c.block_size = 1024;
  AzureBlobStore s(c);
  auto reader = s.open_read("dir/k");
  std::string got;
  char buf[700];
  try {
    for (std::size_t n; (n = reader->read(buf, sizeof buf)) > 0;) got.append(buf, n);
    FAIL() << "expected StorageError, read " << got.size() << " bytes";
  } catch (const StorageError& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("container 'cont' blob 'dir/k'"), std::string::npos) << m;
    EXPECT_NE(m.find("after 4 attempt(s)"), std::string::npos) << m;
  }
  EXPECT_EQ(got, blob.substr(0, 2048));
  EXPECT_EQ(server.seen().size(), 2u + 4u);
}

TEST(AzureFaults, ShortBodyWithMatchingLengthIsAnErrorNotTruncation) {
  // A server that answers a range with fewer bytes than asked while claiming more of the blob
  // remains: the reader must not treat the short chunk as the end.
  const std::string blob = pattern(3000);
  ScriptedHttpServer server([&](const Request& req, int) {
    Reply r = serve_range(blob, req);
    if (req.header("x-ms-range") == "bytes=1024-2047") {
      r.body.resize(10);
      r.headers[1] = "Content-Range: bytes 1024-1033/3000";
    }
    return r;
  });
  AzureConfig c = config_for(server);
  c.block_size = 1024;
  AzureBlobStore s(c);
  try {
    std::string got = s.get("k");
    EXPECT_EQ(got, blob);  // acceptable only when whole
  } catch (const StorageError& e) {
    EXPECT_NE(std::string(e.what()).find("blob 'k'"), std::string::npos) << e.what();
  }
}

TEST(AzureFaults, StalledResponsesHitTheIdleTimeoutAndAreRetried) {
  const std::string blob = pattern(3000);
  for (bool mid_body : {false, true}) {
    SCOPED_TRACE(mid_body ? "stall mid-body" : "stall before answering");
    std::atomic<int> stalls{0};
    ScriptedHttpServer server([&](const Request& req, int) {
      Reply r = serve_range(blob, req);
      if (req.header("x-ms-range") == "bytes=1024-2047" && stalls++ == 0) {
        return mid_body ? r.stall_mid_body(200, std::chrono::seconds(60)) : Reply::stall(std::chrono::seconds(60));
      }
      return r;
    });
    AzureConfig c = config_for(server);
    c.block_size = 1024;
    AzureBlobStore s(c);
    auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(s.get("k"), blob);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));  // not the 60 s stall
    EXPECT_EQ(stalls.load(), 2);
  }
}

TEST(AzureFaults, StalledWriteIsRetried) {
  std::atomic<int> puts{0};
  ScriptedHttpServer server([&](const Request&, int) {
    if (puts++ == 0) return Reply::stall(std::chrono::seconds(60));
    return Reply{201, "", {"ETag: \"0x2\""}};
  });
  AzureBlobStore s(config_for(server));
  s.put("k", "value");
  auto seen = server.seen();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[1].body, "value");
}

}  // namespace
}  // namespace coffer::storage::azure
