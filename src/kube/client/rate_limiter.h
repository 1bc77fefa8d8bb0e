#pragma once

// TokenBucket: client-side QPS/burst limiting (client-go's flowcontrol token bucket). acquire()
// blocks until a token is available. qps <= 0 disables limiting. Thread-safe.

#include <chrono>
#include <mutex>

namespace coffer::kube {

class TokenBucket {
 public:
  TokenBucket(double qps, int burst);
  void acquire();
  // Non-blocking: how long acquire() would wait now (0 if a token is available); takes nothing.
  std::chrono::nanoseconds wait_time();

 private:
  void refill(std::chrono::steady_clock::time_point now);
  double qps_;
  double burst_;
  double tokens_;
  std::chrono::steady_clock::time_point last_;
  std::mutex mu_;
};

}  // namespace coffer::kube
