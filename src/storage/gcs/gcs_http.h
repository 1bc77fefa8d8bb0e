#pragma once

// What the GCS store and its token source share (internal to storage/gcs): the HTTP types of
// net::HttpClient, and which failures are worth retrying.

#include "net/curl_support.h"

namespace coffer::storage::gcs {

using net::HttpRequest;
using net::HttpResponse;

// Connection failures (refused, reset, timed out, idle), DNS and TLS handshake hiccups.
inline bool retryable_transport(CURLcode rc) {
  return net::curl_connection_error(rc) || rc == CURLE_COULDNT_RESOLVE_HOST || rc == CURLE_SSL_CONNECT_ERROR;
}

// 408, 429 and 5xx.
inline bool retryable_status(long status) { return status == 408 || status == 429 || status >= 500; }

}  // namespace coffer::storage::gcs
