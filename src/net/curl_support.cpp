#include "net/curl_support.h"

#include <algorithm>
#include <random>
#include <stdexcept>

namespace coffer::net {

void ensure_curl_initialized() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

CurlHandlePool::~CurlHandlePool() {
  for (CURL* h : handles_) curl_easy_cleanup(h);
}

CURL* CurlHandlePool::acquire() {
  {
    std::lock_guard lock(mu_);
    if (!handles_.empty()) {
      CURL* h = handles_.back();
      handles_.pop_back();
      curl_easy_reset(h);
      return h;
    }
  }
  ensure_curl_initialized();
  CURL* h = curl_easy_init();
  if (!h) throw std::runtime_error("curl_easy_init failed");
  return h;
}

void CurlHandlePool::release(CURL* handle) {
  std::lock_guard lock(mu_);
  handles_.push_back(handle);
}

bool curl_connection_error(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return true;
    default:
      return false;
  }
}

void IdleWatch::install(CURL* handle, std::chrono::milliseconds idle) {
  idle_ = idle;
  last_move_ = std::chrono::steady_clock::now();
  last_dl_ = last_ul_ = -1;
  fired_ = false;
  curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, &IdleWatch::on_progress);
  curl_easy_setopt(handle, CURLOPT_XFERINFODATA, this);
  curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
}

int IdleWatch::on_progress(void* self, curl_off_t, curl_off_t dlnow, curl_off_t, curl_off_t ulnow) {
  auto* w = static_cast<IdleWatch*>(self);
  auto now = std::chrono::steady_clock::now();
  if (dlnow != w->last_dl_ || ulnow != w->last_ul_) {
    w->last_dl_ = dlnow;
    w->last_ul_ = ulnow;
    w->last_move_ = now;
    return 0;
  }
  if (w->idle_.count() > 0 && now - w->last_move_ >= w->idle_) {
    w->fired_ = true;
    return 1;  // aborts the transfer: CURLE_ABORTED_BY_CALLBACK
  }
  return 0;
}

std::chrono::milliseconds retry_delay(int attempt, std::chrono::milliseconds base, std::chrono::milliseconds max,
                                      bool jitter) {
  long long cap = std::min<long long>(max.count(), base.count() * (1LL << std::clamp(attempt, 0, 20)));
  if (!jitter || cap <= 0) return std::chrono::milliseconds(std::max(0LL, cap));
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uniform_int_distribution<long long> pick(cap / 2, cap);
  return std::chrono::milliseconds(pick(rng));
}

}  // namespace coffer::net
