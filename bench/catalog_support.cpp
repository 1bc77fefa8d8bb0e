#include "catalog_support.h"

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <thread>

namespace bench {

using namespace coffer::catalog;

void fill_backups(Catalog& c, int count) {
  const char* phases[] = {"Completed", "Completed", "Completed", "PartiallyFailed", "Failed", "InProgress"};
  const char* users[] = {"alice", "bob", "carol", "dave", "system"};
  Time base = std::chrono::system_clock::now() - std::chrono::hours(24 * 90);
  for (int chunk = 0; chunk * 1000 < count; ++chunk)
    c.transaction([&](Scope& tx) {
      for (int i = chunk * 1000; i < std::min(count, (chunk + 1) * 1000); ++i) {
        BackupRecord b;
        b.name = "backup-" + std::to_string(i);
        b.location = i % 3 ? "primary" : "secondary";
        b.cluster = "cluster-" + std::to_string(i % 20);
        b.phase = phases[i % 6];
        b.schedule = i % 4 ? "schedule-" + std::to_string(i % 1000) : "";
        b.created_by = users[i % 5];
        b.labels = {{"app", "app-" + std::to_string(i % 50)}};
        b.spec = {{"includedNamespaces", {"ns-" + std::to_string(i % 50)}}, {"ttl", "720h0m0s"}};
        b.created_at = base + std::chrono::minutes(i * 13);
        b.completed_at = b.created_at + std::chrono::minutes(3);
        b.items_total = 100 + i % 900;
        b.size_bytes = 1'000'000LL * (i % 100);
        tx.backups().create(b);
      }
    });
}

void fill_schedules(Catalog& c, int count, bool paused) {
  c.transaction([&](Scope& tx) {
    for (int i = 0; i < count; ++i)
      tx.schedules().create({.name = "schedule-" + std::to_string(i), .cluster = "cluster-" + std::to_string(i % 20),
                             .location = "primary", .cron = "0 */6 * * *", .paused = paused});
  });
}

void stop_postgres_on_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::thread([set] {
    int sig = 0;
    sigwait(&set, &sig);
    testing::stop_test_postgres();
    std::_Exit(128 + sig);
  }).detach();
}

int run_on_backends(const std::string& which, const std::function<void(testing::Backend)>& run) {
  using testing::Backend;
  int rc = 0;
  for (Backend b : {Backend::sqlite, Backend::postgres}) {
    if ((b == Backend::sqlite && which == "postgres") || (b == Backend::postgres && which == "sqlite")) continue;
    try {
      run(b);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "%s: %s\n", testing::backend_name(b).c_str(), e.what());
      rc = 1;
    }
  }
  testing::stop_test_postgres();
  return rc;
}

}  // namespace bench
