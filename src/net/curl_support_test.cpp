#include "net/curl_support.h"

#include <gtest/gtest.h>

#include "net/testing/scripted_http_server.h"

namespace coffer::net {
namespace {

using std::chrono::milliseconds;

TEST(RetryDelay, DoublesUpToTheCapAndJittersWithinHalf) {
  EXPECT_EQ(retry_delay(0, milliseconds(200), milliseconds(5000), false), milliseconds(200));
  EXPECT_EQ(retry_delay(3, milliseconds(200), milliseconds(5000), false), milliseconds(1600));
  EXPECT_EQ(retry_delay(10, milliseconds(200), milliseconds(5000), false), milliseconds(5000));
  EXPECT_EQ(retry_delay(60, milliseconds(200), milliseconds(5000), false), milliseconds(5000));  // no overflow
  for (int i = 0; i < 200; ++i) {
    auto d = retry_delay(2, milliseconds(100), milliseconds(10000), true);
    EXPECT_GE(d, milliseconds(200));
    EXPECT_LE(d, milliseconds(400));
  }
}

TEST(CurlConnectionError, RetriesBrokenConnectionsNotTlsOrDns) {
  EXPECT_TRUE(curl_connection_error(CURLE_COULDNT_CONNECT));
  EXPECT_TRUE(curl_connection_error(CURLE_RECV_ERROR));
  EXPECT_TRUE(curl_connection_error(CURLE_HTTP2_STREAM));
  EXPECT_FALSE(curl_connection_error(CURLE_PEER_FAILED_VERIFICATION));
  EXPECT_FALSE(curl_connection_error(CURLE_COULDNT_RESOLVE_HOST));
  EXPECT_FALSE(curl_connection_error(CURLE_OK));
}

TEST(CurlHandlePool, ReusesReleasedHandles) {
  CurlHandlePool pool;
  CURL* a = pool.acquire();
  ASSERT_NE(a, nullptr);
  pool.release(a);
  EXPECT_EQ(pool.acquire(), a);
  CURL* b = pool.acquire();  // the pool is empty again: a new handle
  EXPECT_NE(b, a);
  pool.release(a);
  pool.release(b);
}

using testing::Reply;
using testing::ScriptedHttpServer;

TEST(HttpClient, SendsTheBodyAndCollectsTheFinalResponse) {
  ScriptedHttpServer server([](const testing::Request&, int) {
    return Reply(201, "made", {"X-Thing:  Value ", "ETag: \"e1\""});
  });
  HttpClient client(TransferOptions{});
  HttpRequest req{"PUT", server.endpoint() + "/o?x=1", {"X-Empty;", "Accept:"}, "payload"};
  HttpResult r = client.perform(req);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.response.status, 201);
  EXPECT_EQ(r.response.body, "made");
  EXPECT_EQ(r.response.header("x-thing"), "Value");
  EXPECT_EQ(r.response.header("etag"), "\"e1\"");
  EXPECT_FALSE(r.response.truncated);
  auto seen = server.seen();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method, "PUT");
  EXPECT_EQ(seen[0].target, "/o?x=1");
  EXPECT_EQ(seen[0].body, "payload");
  EXPECT_EQ(seen[0].headers.count("content-type"), 0u);  // not curl's form-encoded default
  EXPECT_EQ(seen[0].headers.count("expect"), 0u);
  EXPECT_EQ(seen[0].headers.count("accept"), 0u);
  EXPECT_EQ(seen[0].headers.count("x-empty"), 1u);
}

TEST(HttpClient, StopsReadingAtMaxBody) {
  ScriptedHttpServer server([](const testing::Request&, int) { return Reply(200, std::string(100000, 'x')); });
  HttpClient client(TransferOptions{});
  HttpRequest req{"GET", server.endpoint() + "/big", {}, {}, 10};
  HttpResult r = client.perform(req);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.response.status, 200);
  EXPECT_EQ(r.response.body, std::string(10, 'x'));
  EXPECT_TRUE(r.response.truncated);
  EXPECT_EQ(r.response.header("content-length"), "100000");
}

TEST(HttpClient, ReportsTransportFailuresAndIdleTimeouts) {
  ScriptedHttpServer server([](const testing::Request&, int n) {
    if (n == 1) return Reply::reset();
    return Reply(200, "0123456789").stall_mid_body(3, std::chrono::seconds(30));
  });
  HttpClient client(TransferOptions{std::chrono::seconds(5), std::chrono::seconds(1), "", false});
  HttpRequest get{"GET", server.endpoint() + "/a", {}, {}, 0};
  HttpResult reset = client.perform(get);
  EXPECT_FALSE(reset.ok());
  EXPECT_TRUE(curl_connection_error(reset.code)) << reset.code;
  EXPECT_FALSE(reset.idle_timeout);
  EXPECT_FALSE(reset.error.empty());
  HttpResult stalled = client.perform(get);
  EXPECT_EQ(stalled.code, CURLE_OPERATION_TIMEDOUT);
  EXPECT_TRUE(stalled.idle_timeout);
  EXPECT_EQ(stalled.error, "no data moved for 1 s (idle timeout)");
}

}  // namespace
}  // namespace coffer::net
