#pragma once

// OAuth 2.0 access tokens for Google Cloud Storage from a service-account key (RFC 7523 JWT
// bearer grant, as Google's token endpoint implements it):
//
//   assertion = base64url(header) "." base64url(claims) "." base64url(RS256 signature)
//     header  {"alg":"RS256","typ":"JWT"}
//     claims  {"iss": client_email, "scope": <scope>, "aud": token_uri, "iat": now, "exp": now+3600}
//   POST token_uri  grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<assertion>
//   -> {"access_token": "...", "expires_in": 3599, "token_type": "Bearer"}
//
// GcsTokenSource caches the access token until 60 s before it expires and drops it when the
// storage service answers 401 (invalidate()). Errors name the token endpoint and the account's
// client_email, never the private key, the assertion or a token.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "storage/location_credentials.h"

namespace coffer::storage::gcs {

inline constexpr const char* kReadWriteScope = "https://www.googleapis.com/auth/devstorage.read_write";

// The signed JWT assertion for sa at time now_unix. Throws StorageError on an unusable key.
std::string make_jwt_assertion(const GcpServiceAccount& sa, const std::string& scope, std::int64_t now_unix);

// The form-encoded body of the token request.
std::string token_request_body(const std::string& assertion);

struct TokenSourceOptions {
  std::string scope = kReadWriteScope;
  std::string ca_pem;  // extra trust for the token endpoint (replaces the system CAs)
  bool insecure_skip_tls_verify = false;
  int max_retries = 5;
  std::chrono::milliseconds retry_base_delay{200};
  std::chrono::milliseconds retry_max_delay{10000};
  std::chrono::seconds connect_timeout{10};
  std::chrono::seconds idle_timeout{60};
  std::function<std::int64_t()> now_unix;  // the clock (tests); empty: the system clock
};

class GcsTokenSource {
 public:
  GcsTokenSource(GcpServiceAccount sa, TokenSourceOptions options);  // throws StorageError on a bad key
  ~GcsTokenSource();
  GcsTokenSource(const GcsTokenSource&) = delete;
  GcsTokenSource& operator=(const GcsTokenSource&) = delete;

  // A valid access token, fetched when none is cached or it expires within 60 s. Thread-safe.
  // Throws StorageError when the token endpoint fails.
  std::string token();
  // Drops the cached token if it is still `token` (the service rejected it with 401).
  void invalidate(const std::string& token);

  const std::string& client_email() const { return sa_.client_email; }

 private:
  std::string fetch(std::int64_t now, std::int64_t& expires_at);
  std::int64_t now() const;

  GcpServiceAccount sa_;
  TokenSourceOptions opt_;
  std::mutex mu_;
  std::string token_;
  std::int64_t expires_at_ = 0;
  struct Http;
  std::unique_ptr<Http> http_;
};

}  // namespace coffer::storage::gcs
