// Catalog list latency: 10,000 backups and 1,000 schedules, 50 concurrent clients each listing a
// filtered page (50 items, newest first, with the total) in a loop. Reports the median and p95
// per request for 1 client (the baseline) and 50 clients, on SQLite and PostgreSQL (a private
// server, as the tests start it; or COFFER_TEST_POSTGRES_URL).
//   catalog-bench [--requests N] [--backend sqlite|postgres|both] [--search yes|no]
// (--search no leaves out the substring searches, which scan the table: a quarter of the mix).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/testing/test_databases.h"
#include "catalog_support.h"

using namespace coffer::catalog;
using Clock = std::chrono::steady_clock;

namespace {

bool g_search = true;

ListQuery random_query(std::mt19937& rng) {
  ListQuery q;
  switch (rng() % (g_search ? 4 : 3)) {
    case 0: q.filters["cluster"] = "cluster-" + std::to_string(rng() % 20); break;
    case 1: q.filters["status"] = rng() % 2 ? "Failed" : "Completed,PartiallyFailed"; break;
    case 2:
      q.filters["created_by"] = "bob";
      q.filters["cluster"] = "cluster-" + std::to_string(rng() % 20);
      break;
    case 3: q.search = "backup-" + std::to_string(rng() % 100); break;
  }
  q.limit = 50;
  q.offset = (rng() % 3) * 50;
  return q;
}

struct Stats {
  double median_ms, p95_ms, per_second;
};

Stats run(Catalog& c, int clients, int requests_per_client) {
  std::vector<std::vector<double>> lat(clients);
  std::vector<std::thread> threads;
  auto start = Clock::now();
  for (int t = 0; t < clients; ++t)
    threads.emplace_back([&, t] {
      std::mt19937 rng(t + 1);
      for (int i = 0; i < requests_per_client; ++i) {
        auto q = random_query(rng);
        auto t0 = Clock::now();
        auto page = c.backups().list(q);
        lat[t].push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        if (page.items.size() > 50) std::fprintf(stderr, "page too long\n");
      }
    });
  for (auto& th : threads) th.join();
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<double> all;
  for (auto& l : lat) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  return {all[all.size() / 2], all[all.size() * 95 / 100], all.size() / seconds};
}

void bench_backend(testing::Backend backend, int requests) {
  auto db = testing::fresh_database(backend);
  if (db.url.empty()) {
    std::printf("%s: unavailable: %s%s\n", testing::backend_name(backend).c_str(), db.skip_reason.c_str(),
                db.error.c_str());
    return;
  }
  Catalog c(coffer::catalog::db::open_database(db.url, {.pool_size = 16}));
  auto t0 = Clock::now();
  bench::fill_backups(c, 10000);
  bench::fill_schedules(c, 1000, /*paused=*/false);
  double fill_s = std::chrono::duration<double>(Clock::now() - t0).count();
  // A running server's tables have planner statistics (autovacuum); a just-filled one not yet.
  c.optimize();
  run(c, 4, 20);  // warm caches
  auto one = run(c, 1, requests);
  auto many = run(c, 50, requests);
  std::printf(
      "%-10s fill 10k backups + 1k schedules %.1fs | 1 client: median %.2f ms p95 %.2f ms | 50 clients: median "
      "%.2f ms p95 %.2f ms, %.0f lists/s (median ratio %.1fx)\n",
      testing::backend_name(backend).c_str(), fill_s, one.median_ms, one.p95_ms, many.median_ms, many.p95_ms,
      many.per_second, many.median_ms / one.median_ms);
}

}  // namespace

int main(int argc, char** argv) {
  int requests = 40;
  std::string which = "both";
  for (int i = 1; i + 1 < argc; ++i) {
    if (!std::strcmp(argv[i], "--requests")) requests = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--backend")) which = argv[++i];
    else if (!std::strcmp(argv[i], "--search")) g_search = std::strcmp(argv[++i], "no") != 0;
  }
  if (which != "postgres") bench_backend(testing::Backend::sqlite, requests);
  if (which != "sqlite") bench_backend(testing::Backend::postgres, requests);
  testing::stop_test_postgres();
}
