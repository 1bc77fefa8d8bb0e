#include "storage/s3/sigv4.h"

#include <gtest/gtest.h>

#include <chrono>

namespace coffer::storage::s3 {
namespace {

// The worked examples of AWS's S3 API reference ("Signature Calculations for the Authorization
// Header: Transferring Payload in a Single Chunk" and "Authenticating Requests: Using Query
// Parameters"): example credentials, bucket examplebucket, us-east-1, 2013-05-24T00:00:00Z.
const Credentials kExample{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""};
const Scope kScope{"us-east-1", "s3"};
const SystemTime kWhen = SystemTime(std::chrono::seconds(1369353600));  // 2013-05-24T00:00:00Z
constexpr const char* kHost = "examplebucket.s3.amazonaws.com";

TEST(SigV4, AmzDate) { EXPECT_EQ(amz_date(kWhen), "20130524T000000Z"); }

TEST(SigV4, UriEncodeKeepsUnreservedOnly) {
  EXPECT_EQ(uri_encode("AZaz09-._~", true), "AZaz09-._~");
  EXPECT_EQ(uri_encode("a b/c", false), "a%20b/c");
  EXPECT_EQ(uri_encode("a b/c", true), "a%20b%2Fc");
  EXPECT_EQ(uri_encode("test$file.text", false), "test%24file.text");
  EXPECT_EQ(uri_encode("+*!'()=&%", true), "%2B%2A%21%27%28%29%3D%26%25");
  EXPECT_EQ(uri_encode("\xc3\xa9", true), "%C3%A9");  // UTF-8 bytes, upper-case hex
  // S3 does not double-encode: a '%' in a key is itself encoded once.
  EXPECT_EQ(encode_path("/a%20b"), "/a%2520b");
}

TEST(SigV4, CanonicalQuerySortsAndEncodes) {
  EXPECT_EQ(canonical_query({{"prefix", "J"}, {"max-keys", "2"}}), "max-keys=2&prefix=J");
  EXPECT_EQ(canonical_query({{"lifecycle", ""}}), "lifecycle=");
  EXPECT_EQ(canonical_query({{"b", "2"}, {"a b", "x/y"}, {"b", "1"}}), "a%20b=x%2Fy&b=1&b=2");
}

TEST(SigV4, SigningKeyDerivationMatchesAwsExample) {
  // AWS General Reference, "Examples of how to derive a signing key for Signature Version 4".
  EXPECT_EQ(hex_encode(signing_key("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215",
                                   Scope{"us-east-1", "iam"})),
            "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
}

TEST(SigV4, AwsExampleGetObjectWithRange) {
  SignRequest req{"GET",
                  "/test.txt",
                  {},
                  {{"Host", kHost}, {"Range", "bytes=0-9"}},
                  std::string(kEmptyPayloadHash)};
  Signature s = sign_request(req, kExample, kScope, kWhen);
  EXPECT_EQ(
      s.canonical_request,
      "GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n"
      "x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
      "x-amz-date:20130524T000000Z\n\nhost;range;x-amz-content-sha256;x-amz-date\n"
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(s.string_to_sign,
            "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
            "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972");
  EXPECT_EQ(s.signature, "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
  EXPECT_EQ(s.authorization,
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
            "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
            "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

TEST(SigV4, AwsExamplePutObject) {
  std::string body = "Welcome to Amazon S3.";
  EXPECT_EQ(sha256_hex(body), "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
  SignRequest req{"PUT",
                  "/test$file.text",
                  {},
                  {{"Host", kHost},
                   {"Date", "Fri, 24 May 2013 00:00:00 GMT"},
                   {"x-amz-storage-class", "REDUCED_REDUNDANCY"}},
                  sha256_hex(body)};
  Signature s = sign_request(req, kExample, kScope, kWhen);
  EXPECT_EQ(s.signed_headers, "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class");
  EXPECT_NE(s.canonical_request.find("\n/test%24file.text\n"), std::string::npos);
  EXPECT_EQ(s.signature, "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
}

TEST(SigV4, AwsExampleGetBucketLifecycle) {
  SignRequest req{
      "GET", "/", {{"lifecycle", ""}}, {{"Host", kHost}}, std::string(kEmptyPayloadHash)};
  Signature s = sign_request(req, kExample, kScope, kWhen);
  EXPECT_EQ(s.signature, "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
}

TEST(SigV4, AwsExampleListObjects) {
  SignRequest req{"GET",
                  "/",
                  {{"prefix", "J"}, {"max-keys", "2"}},
                  {{"Host", kHost}},
                  std::string(kEmptyPayloadHash)};
  Signature s = sign_request(req, kExample, kScope, kWhen);
  EXPECT_EQ(s.signature, "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
}

TEST(SigV4, AwsExamplePresignedGet) {
  SignRequest req{"GET", "/test.txt", {}, {{"host", kHost}}, ""};
  Signature s;
  std::string url = presign_url("https://examplebucket.s3.amazonaws.com", req, kExample, kScope,
                                kWhen, 86400, &s);
  EXPECT_EQ(s.string_to_sign,
            "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
            "3bfa292879f6447bbcda7001decf97f4a54dc650c8942174ae0a9121cf58ad04");
  EXPECT_EQ(url,
            "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
            "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
            "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
}

TEST(SigV4, SessionTokenIsSignedAndUnsignedPayloadAccepted) {
  Credentials creds = kExample;
  creds.session_token = "FQoGZXIvYXdzEXAMPLE/token+=";
  SignRequest req{"GET", "/k", {}, {{"host", kHost}}, std::string(kUnsignedPayload)};
  Signature s = sign_request(req, creds, kScope, kWhen);
  EXPECT_EQ(s.signed_headers, "host;x-amz-content-sha256;x-amz-date;x-amz-security-token");
  EXPECT_NE(s.canonical_request.find("x-amz-security-token:FQoGZXIvYXdzEXAMPLE/token+=\n"),
            std::string::npos);
  EXPECT_EQ(s.canonical_request.substr(s.canonical_request.rfind('\n') + 1), "UNSIGNED-PAYLOAD");
  std::string url = presign_url("https://h", SignRequest{"GET", "/k", {}, {{"host", "h"}}, ""},
                                creds, kScope, kWhen, 60);
  EXPECT_NE(url.find("X-Amz-Security-Token=FQoGZXIvYXdzEXAMPLE%2Ftoken%2B%3D"), std::string::npos);
}

TEST(SigV4, HeaderValuesTrimmedAndCollapsed) {
  SignRequest req{"GET",
                  "/",
                  {},
                  {{"Host", "h"}, {"X-Amz-Meta-A", "  a   b\tc  "}},
                  std::string(kEmptyPayloadHash)};
  Signature s = sign_request(req, kExample, kScope, kWhen);
  EXPECT_NE(s.canonical_request.find("\nx-amz-meta-a:a b c\n"), std::string::npos);
}

TEST(SigV4, RejectsMissingHostAndBadExpiry) {
  SignRequest req{"GET", "/", {}, {}, std::string(kEmptyPayloadHash)};
  EXPECT_THROW(sign_request(req, kExample, kScope, kWhen), std::invalid_argument);
  EXPECT_THROW(presign_url("https://h", SignRequest{"GET", "/", {}, {{"host", "h"}}, ""}, kExample,
                           kScope, kWhen, 8 * 24 * 3600),
               std::invalid_argument);
}

}  // namespace
}  // namespace coffer::storage::s3
