#include "kube/client/rate_limiter.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace coffer::kube {
namespace {

TEST(TokenBucket, BurstIsImmediateThenRateLimited) {
  TokenBucket bucket(50, 5);  // 5 at once, then one every 20 ms
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 5; ++i) bucket.acquire();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(15));
  for (int i = 0; i < 10; ++i) bucket.acquire();
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_GE(elapsed, std::chrono::milliseconds(190));  // 10 more tokens at 50/s
  EXPECT_LT(elapsed, std::chrono::milliseconds(1500));
}

TEST(TokenBucket, SharedFairlyBetweenThreads) {
  TokenBucket bucket(100, 1);
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 5; ++i) bucket.acquire();
    });
  for (auto& t : threads) t.join();
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(180));  // 20 tokens, 1 free
}

TEST(TokenBucket, ZeroQpsIsUnlimited) {
  TokenBucket bucket(0, 1);
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 100000; ++i) bucket.acquire();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(500));
  EXPECT_EQ(bucket.wait_time().count(), 0);
}

}  // namespace
}  // namespace coffer::kube
