// The JWT bearer flow of gcs_auth.h: the assertion's header, claims and RS256 signature (checked
// with OpenSSL against a key generated here), the token request, caching and refresh, and errors
// without secrets.
#include "storage/gcs/gcs_auth.h"

#include <gtest/gtest.h>

#include <atomic>

#include "net/testing/scripted_http_server.h"
#include "storage/gcs/gcs_test_support.h"
#include "storage/object_store.h"

namespace coffer::storage::gcs {
namespace {

using net::testing::Reply;
using net::testing::Request;
using net::testing::ScriptedHttpServer;
using testing::inspect_jwt;
using testing::test_key_pem;

GcpServiceAccount account(const std::string& token_uri = "https://oauth2.googleapis.com/token") {
  GcpServiceAccount sa;
  sa.client_email = "backup@proj.iam.gserviceaccount.com";
  sa.private_key_pem = test_key_pem();
  sa.token_uri = token_uri;
  return sa;
}

TEST(GcsJwt, AssertionIsRs256SignedWithTheClaims) {
  std::string jwt = make_jwt_assertion(account(), kReadWriteScope, 1700000000);
  auto t = inspect_jwt(jwt, test_key_pem());
  EXPECT_TRUE(t.signature_valid);
  EXPECT_TRUE(t.base64url_unpadded) << jwt;
  EXPECT_EQ(t.header, (nlohmann::json{{"alg", "RS256"}, {"typ", "JWT"}}));
  EXPECT_EQ(t.claims["iss"], "backup@proj.iam.gserviceaccount.com");
  EXPECT_EQ(t.claims["scope"], "https://www.googleapis.com/auth/devstorage.read_write");
  EXPECT_EQ(t.claims["aud"], "https://oauth2.googleapis.com/token");
  EXPECT_EQ(t.claims["iat"], 1700000000);
  EXPECT_EQ(t.claims["exp"], 1700003600);
  // A tampered claim no longer verifies.
  auto parts = split(jwt, '.');
  std::string forged = parts[0] + "." + base64url_encode(R"({"iss":"evil"})") + "." + parts[2];
  EXPECT_FALSE(inspect_jwt(forged, test_key_pem()).signature_valid);
}

TEST(GcsJwt, TokenRequestBodyIsFormEncoded) {
  EXPECT_EQ(token_request_body("a.b-c_d"),
            "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=a.b-c_d");
}

TEST(GcsJwt, BadKeyIsAClearErrorWithoutTheKey) {
  GcpServiceAccount sa = account();
  sa.private_key_pem = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1ieXRlcw==\n-----END PRIVATE KEY-----\n";
  try {
    make_jwt_assertion(sa, kReadWriteScope, 1);
    FAIL() << "expected StorageError";
  } catch (const StorageError& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("backup@proj.iam.gserviceaccount.com"), std::string::npos) << m;
    EXPECT_EQ(m.find("c2VjcmV0"), std::string::npos) << m;
  }
  EXPECT_THROW(GcsTokenSource(sa, {}), StorageError);
}

struct TokenServer {
  std::atomic<int> issued{0};
  ScriptedHttpServer server{[this](const Request&, int) {
    int n = ++issued;
    return Reply{200, R"({"access_token":"tok-)" + std::to_string(n) + R"(","expires_in":3600,"token_type":"Bearer"})",
                 {"Content-Type: application/json"}};
  }};
};

TokenSourceOptions fast_options(std::atomic<std::int64_t>& clock) {
  TokenSourceOptions o;
  o.max_retries = 2;
  o.retry_base_delay = std::chrono::milliseconds(1);
  o.retry_max_delay = std::chrono::milliseconds(2);
  o.now_unix = [&clock] { return clock.load(); };
  return o;
}

TEST(GcsTokenSource, CachesUntilAMinuteBeforeExpiryAndRefreshesAfterInvalidate) {
  TokenServer ts;
  std::atomic<std::int64_t> clock{1000};
  GcsTokenSource source(account(ts.server.endpoint() + "/token"), fast_options(clock));
  EXPECT_EQ(source.token(), "tok-1");
  clock = 1000 + 3600 - 61;
  EXPECT_EQ(source.token(), "tok-1");  // still cached
  clock = 1000 + 3600 - 60;
  EXPECT_EQ(source.token(), "tok-2");  // refreshed a minute early
  source.invalidate("tok-1");          // an old token: no effect
  EXPECT_EQ(source.token(), "tok-2");
  source.invalidate("tok-2");
  EXPECT_EQ(source.token(), "tok-3");

  auto seen = ts.server.seen();
  ASSERT_EQ(seen.size(), 3u);
  const Request& r = seen[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.target, "/token");
  EXPECT_EQ(r.header("content-type"), "application/x-www-form-urlencoded");
  std::string prefix = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=";
  ASSERT_EQ(r.body.rfind(prefix, 0), 0u) << r.body;
  auto jwt = inspect_jwt(url_decode(r.body.substr(prefix.size()), true), test_key_pem());
  EXPECT_TRUE(jwt.signature_valid);
  EXPECT_EQ(jwt.claims["aud"], ts.server.endpoint() + "/token");
  EXPECT_EQ(jwt.claims["iat"], 1000);
  EXPECT_EQ(jwt.claims["exp"], 4600);
}

TEST(GcsTokenSource, EndpointErrorsAreClearAndRetriedOnlyWhenTransient) {
  std::atomic<int> calls{0};
  ScriptedHttpServer server([&](const Request&, int) {
    if (++calls == 1) return Reply{503, "busy"};
    return Reply{400, R"({"error":"invalid_grant","error_description":"Invalid JWT Signature."})"};
  });
  std::atomic<std::int64_t> clock{1000};
  GcsTokenSource source(account(server.endpoint() + "/token"), fast_options(clock));
  try {
    source.token();
    FAIL() << "expected StorageError";
  } catch (const StorageError& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("token request for service account backup@proj.iam.gserviceaccount.com at " +
                     server.endpoint() + "/token failed: HTTP 400 invalid_grant: Invalid JWT Signature."),
              std::string::npos)
        << m;
    EXPECT_EQ(m.find("PRIVATE KEY"), std::string::npos) << m;
    EXPECT_EQ(m.find("assertion"), std::string::npos) << m;
  }
  EXPECT_EQ(calls.load(), 2);
}

TEST(GcsTokenSource, UnreachableEndpointFailsAfterRetries) {
  std::string uri;
  {
    ScriptedHttpServer gone([](const Request&, int) { return Reply{200}; });
    uri = gone.endpoint() + "/token";
  }  // closed: connections are refused
  std::atomic<std::int64_t> clock{1000};
  GcsTokenSource source(account(uri), fast_options(clock));
  try {
    source.token();
    FAIL() << "expected StorageError";
  } catch (const StorageError& e) {
    EXPECT_NE(std::string(e.what()).find("(after 3 attempt(s))"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace coffer::storage::gcs
