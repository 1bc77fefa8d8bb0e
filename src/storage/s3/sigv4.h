#pragma once

// AWS Signature Version 4 (AWS4-HMAC-SHA256) for S3: the Authorization header form and presigned
// URLs (query-string authentication).
//
// Paths are given decoded ("/bucket/my key.txt") and URI-encoded exactly once with S3's rules
// (RFC 3986 unreserved characters kept, '/' kept, everything else %XX with upper-case hex);
// unlike other AWS services, S3 paths are neither normalised nor double-encoded. The caller
// sends the request to the same encoded path (encode_path()), so what is signed is what is sent.
// Query parameters are given decoded and encoded the same way ('/' included), sorted by name,
// then value. Header names are lower-cased and sorted; values trimmed with inner runs of
// whitespace collapsed to one space.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/rfc3339.h"

namespace coffer::storage::s3 {

inline constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";
inline constexpr std::string_view kEmptyPayloadHash =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

struct Credentials {
  std::string access_key;
  std::string secret_key;
  std::string session_token;  // empty: none
};

using Params = std::vector<std::pair<std::string, std::string>>;

struct SignRequest {
  std::string method;        // "GET", "PUT", ...
  std::string path = "/";    // decoded, starting with '/'
  Params query;              // decoded names and values
  Params headers;            // must include "host"; every header here is signed
  std::string payload_hash;  // hex SHA-256 of the body, or "UNSIGNED-PAYLOAD"
};

struct Scope {
  std::string region = "us-east-1";
  std::string service = "s3";
};

// The pieces of one signature, for tests and for debugging SignatureDoesNotMatch.
struct Signature {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signed_headers;  // "host;range;x-amz-date"
  std::string signature;       // 64 lower-case hex digits
  std::string authorization;   // the Authorization header value (header signing only)
};

// URI-encodes per SigV4: A-Z a-z 0-9 - . _ ~ kept, '/' kept unless encode_slash.
std::string uri_encode(std::string_view s, bool encode_slash);
// The path as sent and signed: uri_encode(path, false).
inline std::string encode_path(std::string_view path) { return uri_encode(path, false); }
// "a=b&c=d" with names and values encoded and sorted: the canonical query string, also usable as
// the query of the request URL.
std::string canonical_query(const Params& query);

std::string hex_encode(std::string_view bytes);
std::string sha256_hex(std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view data);  // raw 32 bytes
// HMAC chain "AWS4"+secret -> date (YYYYMMDD) -> region -> service -> "aws4_request"; raw bytes.
std::string signing_key(std::string_view secret, std::string_view date, const Scope& scope);
std::string amz_date(SystemTime t);  // "20130524T000000Z"

// Header signing. Adds x-amz-date, x-amz-content-sha256 (service "s3") and, with a session
// token, x-amz-security-token to req.headers (replacing any present), then signs every header in
// req.headers. Put the returned authorization in the Authorization header.
Signature sign_request(SignRequest& req, const Credentials& creds, const Scope& scope,
                       SystemTime now);

// Presigning. Adds X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-Expires,
// X-Amz-SignedHeaders (and X-Amz-Security-Token) to req.query and signs with req.headers (host
// plus whatever the client must send) and payload UNSIGNED-PAYLOAD unless req.payload_hash is
// set. Returns base_url + encoded path + "?" + query including X-Amz-Signature. base_url is
// "scheme://host[:port]" without a trailing '/'.
std::string presign_url(const std::string& base_url, SignRequest req, const Credentials& creds,
                        const Scope& scope, SystemTime now, std::int64_t expires_seconds,
                        Signature* details = nullptr);

}  // namespace coffer::storage::s3
