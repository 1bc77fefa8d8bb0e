#pragma once

// Authorization of Azure Blob service requests:
//
//  * Shared Key (Microsoft's "Authorize with Shared Key", service version 2009-09-19 and later):
//      StringToSign = VERB \n Content-Encoding \n Content-Language \n Content-Length \n
//                     Content-MD5 \n Content-Type \n Date \n If-Modified-Since \n If-Match \n
//                     If-None-Match \n If-Unmodified-Since \n Range \n
//                     CanonicalizedHeaders CanonicalizedResource
//    Content-Length is empty when it is 0 (version 2015-02-21 and later); Date is empty because
//    x-ms-date is always sent. CanonicalizedHeaders: every x-ms-* header, name lower-cased,
//    sorted by name, value trimmed with inner runs of whitespace folded to one space (outside
//    quotes), one "name:value\n" each. CanonicalizedResource: "/" + account + the encoded URI
//    path as sent (for path-style emulator URLs the path itself starts with "/account"), then
//    for each query parameter, sorted by lower-cased name, "\nname:v1,v2" with the decoded
//    values sorted. Signature = base64(HMAC-SHA256(base64decode(key), StringToSign)); the
//    request carries "Authorization: SharedKey account:signature".
//
//  * SAS: the token's query string is appended to the URL and nothing is signed.
//
// The account key never leaves this module: it is not part of any string a caller can print.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace coffer::storage::azure {

inline constexpr const char* kApiVersion = "2021-08-06";

// One request as it will be sent. Query values are decoded (they are percent-encoded when the
// URL is built); path is already percent-encoded exactly as it appears in the URL.
struct BlobRequest {
  std::string method;  // "GET", "PUT", "HEAD", "DELETE"
  std::string path;    // "/container/blob%20name" or "/devstoreaccount1/container/blob"
  std::vector<std::pair<std::string, std::string>> query;    // decoded name/value pairs
  std::vector<std::pair<std::string, std::string>> headers;  // name/value; case of names is free
  std::uint64_t content_length = 0;
};

// "Tue, 24 Nov 2026 16:05:14 GMT" (RFC 1123, as x-ms-date wants) for a Unix time.
std::string format_http_date(std::int64_t unix_seconds);
// Parses the same form back; throws std::invalid_argument.
std::int64_t parse_http_date(std::string_view text);

std::string canonicalized_headers(const std::vector<std::pair<std::string, std::string>>& headers);
std::string canonicalized_resource(const std::string& account, const BlobRequest& request);
std::string string_to_sign(const std::string& account, const BlobRequest& request);

// Base64 HMAC-SHA256 of `data` under the base64-encoded key. Throws std::invalid_argument when
// the key is not valid base64 (the message does not contain the key).
std::string hmac_sha256_base64(std::string_view base64_key, std::string_view data);

class SharedKeySigner {
 public:
  SharedKeySigner(std::string account, std::string base64_key);  // std::invalid_argument on a bad key
  // The Authorization header value: "SharedKey account:signature".
  std::string authorization(const BlobRequest& request) const;
  const std::string& account() const { return account_; }

 private:
  std::string account_;
  std::string key_;  // decoded key bytes
};

// A SAS token ("sv=...&sig=..." or "?sv=...") as the query string to append: no leading '?'.
std::string normalize_sas_token(std::string_view token);

// Percent-encodes a blob path: every byte except unreserved characters and '/'.
std::string encode_path(std::string_view path);

}  // namespace coffer::storage::azure
