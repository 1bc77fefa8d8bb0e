#pragma once

// The HTTP plumbing the GCS store and its token source share (internal to storage/gcs): one
// request attempt over a pooled libcurl handle, and which failures are worth retrying.

#include <curl/curl.h>

#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "net/curl_support.h"

namespace coffer::storage::gcs {

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string_view body;
};

struct HttpResponse {
  long status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;

  std::string header(const std::string& name) const;
};

struct TransportOptions {
  std::string ca_pem;
  bool insecure_skip_tls_verify = false;
  std::chrono::seconds connect_timeout{10};
  std::chrono::seconds idle_timeout{60};
};

class HttpClient {
 public:
  explicit HttpClient(TransportOptions options);
  // One attempt. CURLE_OK: resp holds the response (any status); else err describes the failure.
  CURLcode send(const HttpRequest& req, HttpResponse& resp, std::string& err);

 private:
  TransportOptions opt_;
  net::CurlHandlePool pool_;
};

// Connection failures (refused, reset, timed out, idle), DNS and TLS handshake hiccups.
bool retryable_transport(CURLcode rc);
// 408, 429 and 5xx.
bool retryable_status(long status);

}  // namespace coffer::storage::gcs
