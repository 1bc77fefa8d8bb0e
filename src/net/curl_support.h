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

// base * 2^attempt, capped at max; with jitter, a uniform pick in [delay/2, delay] so clients
// retrying together spread out.
std::chrono::milliseconds retry_delay(int attempt, std::chrono::milliseconds base, std::chrono::milliseconds max,
                                      bool jitter);

}  // namespace coffer::net
