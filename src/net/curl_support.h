#pragma once

// What every libcurl client in Coffer (the Kubernetes client, the S3, Azure and GCS stores)
// shares: one-time global initialisation, a pool of easy handles (so connections are kept alive
// and reused across requests and threads), the transport errors worth retrying, the delay before
// a retry, and (for the object stores) HttpClient, which makes one buffered HTTP exchange.

#include <curl/curl.h>

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace coffer::net {

// curl_global_init, once per process; call before the first curl_easy_init.
void ensure_curl_initialized();

// Thread-safe pool of easy handles. acquire() returns a reset handle (options cleared, live
// connections kept); release() gives it back for the next request.
class CurlHandlePool {
 public:
  CurlHandlePool() = default;
  ~CurlHandlePool();
  CurlHandlePool(const CurlHandlePool&) = delete;
  CurlHandlePool& operator=(const CurlHandlePool&) = delete;

  CURL* acquire();  // throws std::runtime_error when libcurl cannot make a handle
  void release(CURL* handle);

 private:
  std::mutex mu_;
  std::vector<CURL*> handles_;
};

// The connection broke or never came up (refused, timed out, reset, nothing received, a broken
// HTTP/2 stream): the request may be sent again. TLS verification and DNS failures are not here.
bool curl_connection_error(CURLcode code);

// An idle timeout: aborts a transfer when no byte moved (sent or received) for `idle`. Unlike
// CURLOPT_LOW_SPEED_TIME, whose speed is averaged over several seconds (a stall is noticed only
// about 5 s late), this reacts within about a second of the limit. Keep the watch alive for the
// transfer; after curl_easy_perform, timed_out(rc) tells whether it was this watch that ended it.
class IdleWatch {
 public:
  // Installs the progress callback on handle (the watch must outlive the transfer).
  void install(CURL* handle, std::chrono::milliseconds idle);
  bool timed_out(CURLcode rc) const { return rc == CURLE_ABORTED_BY_CALLBACK && fired_; }

 private:
  static int on_progress(void* self, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                         curl_off_t ulnow);
  std::chrono::milliseconds idle_{0};
  std::chrono::steady_clock::time_point last_move_;
  curl_off_t last_dl_ = -1;
  curl_off_t last_ul_ = -1;
  bool fired_ = false;
};

// base * 2^attempt, capped at max; with jitter, a uniform pick in [delay/2, delay] so clients
// retrying together spread out.
std::chrono::milliseconds retry_delay(int attempt, std::chrono::milliseconds base, std::chrono::milliseconds max,
                                      bool jitter);

struct HttpRequest {
  std::string method = "GET";  // HEAD reads no body; PUT, POST and PATCH send `body`; others go as given
  std::string url;
  // "Name: value" lines, sent as given: "Name;" sends an empty value, "Name:" drops a header curl
  // would add. A PUT, POST or PATCH without a Content-Type line is sent without one (not curl's
  // form-encoded default).
  std::vector<std::string> headers;
  std::string_view body;     // PUT, POST, PATCH; not copied: it must outlive perform()
  std::size_t max_body = 0;  // keep at most this many body bytes (0: all), then end the transfer
};

struct HttpResponse {
  long status = 0;
  std::map<std::string, std::string> headers;  // the final response's (after a 100), lower-case names
  std::string body;
  bool truncated = false;  // max_body reached: the rest of the body was not read

  std::string header(const std::string& lower_name) const;  // "" when absent
};

// What failed, or the response (any status).
struct HttpResult {
  CURLcode code = CURLE_OK;
  std::string error;          // libcurl's message, or "no data moved for N s (idle timeout)"
  bool idle_timeout = false;  // the IdleWatch ended it; code is then CURLE_OPERATION_TIMEDOUT
  HttpResponse response;

  bool ok() const { return code == CURLE_OK; }
};

struct TransferOptions {
  std::chrono::seconds connect_timeout{10};
  std::chrono::seconds idle_timeout{60};  // IdleWatch: abort a transfer that moves no byte this long
  std::string ca_pem;                     // extra trust: a PEM bundle (replaces the system CAs)
  bool insecure_skip_tls_verify = false;
};

// One attempt per perform() over a pooled handle; retries are the caller's. A handle is pooled
// again after a completed exchange and discarded after a transport failure (its connection may
// be in any state). Thread-safe.
class HttpClient {
 public:
  explicit HttpClient(TransferOptions options);
  HttpResult perform(const HttpRequest& req);

 private:
  TransferOptions opt_;
  CurlHandlePool pool_;
};

}  // namespace coffer::net
