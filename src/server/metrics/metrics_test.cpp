#include "server/metrics/metrics.h"

#include <gtest/gtest.h>

#include <thread>

namespace coffer::server {
namespace {

TEST(Metrics, RendersCountersGaugesAndHistograms) {
  MetricsRegistry m;
  m.counter("coffer_http_requests_total", "API requests.", {"method", "route", "status"});
  m.gauge("coffer_jobs_running", "Jobs running now.");
  m.histogram("coffer_http_request_seconds", "API latency.", {0.01, 0.1, 1}, {"route"});
  m.add("coffer_http_requests_total", {"GET", "/api/v1/backups", "200"});
  m.add("coffer_http_requests_total", {"GET", "/api/v1/backups", "200"}, 2);
  m.add("coffer_http_requests_total", {"GET", "/x", "4\"0\\4"});
  m.set("coffer_jobs_running", {}, 3);
  m.observe("coffer_http_request_seconds", {"/a"}, 0.005);
  m.observe("coffer_http_request_seconds", {"/a"}, 0.5);
  m.observe("coffer_http_request_seconds", {"/a"}, 5);
  EXPECT_EQ(m.render(),
            "# HELP coffer_http_request_seconds API latency.\n"
            "# TYPE coffer_http_request_seconds histogram\n"
            "coffer_http_request_seconds_bucket{route=\"/a\",le=\"0.01\"} 1\n"
            "coffer_http_request_seconds_bucket{route=\"/a\",le=\"0.10000000000000001\"} 1\n"
            "coffer_http_request_seconds_bucket{route=\"/a\",le=\"1\"} 2\n"
            "coffer_http_request_seconds_bucket{route=\"/a\",le=\"+Inf\"} 3\n"
            "coffer_http_request_seconds_sum{route=\"/a\"} 5.5049999999999999\n"
            "coffer_http_request_seconds_count{route=\"/a\"} 3\n"
            "# HELP coffer_http_requests_total API requests.\n"
            "# TYPE coffer_http_requests_total counter\n"
            "coffer_http_requests_total{method=\"GET\",route=\"/api/v1/backups\",status=\"200\"} 3\n"
            "coffer_http_requests_total{method=\"GET\",route=\"/x\",status=\"4\\\"0\\\\4\"} 1\n"
            "# HELP coffer_jobs_running Jobs running now.\n"
            "# TYPE coffer_jobs_running gauge\n"
            "coffer_jobs_running 3\n");
}

TEST(Metrics, MisuseIsAProgrammingError) {
  MetricsRegistry m;
  m.counter("c_total", "c", {"a"});
  EXPECT_THROW(m.counter("c_total", "again"), std::logic_error);
  EXPECT_THROW(m.counter("bad-name", "x"), std::logic_error);
  EXPECT_THROW(m.gauge("g", "x", {"le"}), std::logic_error);
  EXPECT_THROW(m.add("c_total", {}), std::logic_error);
  EXPECT_THROW(m.add("c_total", {"x"}, -1), std::logic_error);
  EXPECT_THROW(m.set("c_total", {"x"}, 1), std::logic_error);
  EXPECT_THROW(m.histogram("h", "x", {1, 1}), std::logic_error);
}

TEST(Metrics, ConcurrentUpdatesAreCounted) {
  MetricsRegistry m;
  m.counter("n_total", "n");
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) m.add("n_total", {});
    });
  for (auto& t : threads) t.join();
  EXPECT_NE(m.render().find("n_total 8000\n"), std::string::npos);
}

}  // namespace
}  // namespace coffer::server
