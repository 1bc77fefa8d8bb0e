#include "net/curl_support.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace coffer::net
