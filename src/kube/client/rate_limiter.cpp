#include "kube/client/rate_limiter.h"

#include <algorithm>
#include <thread>

namespace coffer::kube {

TokenBucket::TokenBucket(double qps, int burst)
    : qps_(qps), burst_(std::max(1, burst)), tokens_(std::max(1, burst)), last_(std::chrono::steady_clock::now()) {}

void TokenBucket::refill(std::chrono::steady_clock::time_point now) {
  double elapsed = std::chrono::duration<double>(now - last_).count();
  tokens_ = std::min(burst_, tokens_ + elapsed * qps_);
  last_ = now;
}

std::chrono::nanoseconds TokenBucket::wait_time() {
  if (qps_ <= 0) return std::chrono::nanoseconds(0);
  std::lock_guard lock(mu_);
  refill(std::chrono::steady_clock::now());
  if (tokens_ >= 1) return std::chrono::nanoseconds(0);
  return std::chrono::nanoseconds(static_cast<long long>((1 - tokens_) / qps_ * 1e9));
}

void TokenBucket::acquire() {
  if (qps_ <= 0) return;
  std::chrono::nanoseconds wait{0};
  {
    std::lock_guard lock(mu_);
    refill(std::chrono::steady_clock::now());
    // Take the token now (possibly going negative) so concurrent callers queue up fairly.
    tokens_ -= 1;
    if (tokens_ < 0) wait = std::chrono::nanoseconds(static_cast<long long>(-tokens_ / qps_ * 1e9));
  }
  if (wait.count() > 0) std::this_thread::sleep_for(wait);
}

}  // namespace coffer::kube
