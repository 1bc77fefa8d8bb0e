#pragma once

// What every libcurl client in Coffer (the Kubernetes client, the S3 and Azure stores) shares:
// one-time global initialisation, a pool of easy handles (so connections are kept alive and
// reused across requests and threads), the transport errors worth retrying, and the delay
// before a retry.

#include <curl/curl.h>

#include <chrono>
#include <mutex>
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

}  // namespace coffer::net
