#pragma once
// The reason phrase of an HTTP status code ("Not Found"), or "Unknown"; used by the HTTP server
// for its status lines and by the clients for their error messages.
namespace coffer {
const char* http_status_text(int status);
// The Kubernetes StatusReason for a status code ("NotFound", "Invalid", ...), "InternalError" for
// other 5xx and "Unknown" otherwise; the REST API's error codes use the same names.
const char* status_reason(int status);
}  // namespace coffer
