#pragma once
// The reason phrase of an HTTP status code ("Not Found"), or "Unknown"; used by the HTTP server
// for its status lines and by the clients for their error messages.
namespace coffer {
const char* http_status_text(int status);
}  // namespace coffer
