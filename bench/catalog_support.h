#pragma once
// Shared by the catalog, server and scheduler benchmarks: the generated catalog contents that
// catalog-bench and server-bench list (see docs/benchmarks.md), and the private PostgreSQL server
// stopped on SIGINT/SIGTERM. Kept apart from bench_support, which has no catalog in it.
#include <functional>
#include <string>

#include "catalog/catalog.h"
#include "catalog/testing/test_databases.h"

namespace bench {

// Backups "backup-0".."backup-<count-1>", through the repositories, a transaction per 1,000 rows:
// 20 clusters (cluster-i%20), 6 phases (half Completed), 5 creators, locations primary (2/3) and
// secondary, schedule-i%1000 on 3 of 4, 50 apps and namespaces, one every 13 minutes from 90 days
// ago. Deterministic in i but for the base time.
void fill_backups(coffer::catalog::Catalog& c, int count);

// Schedules "schedule-0".."schedule-<count-1>" in one transaction: cluster-i%20, location primary,
// cron "0 */6 * * *"; `paused` ones do not fire (a running server's scheduler adds no backups).
void fill_schedules(coffer::catalog::Catalog& c, int count, bool paused);

// Blocks SIGINT and SIGTERM in the calling thread (call it before starting others, which inherit
// the mask) and starts a detached thread that waits for either, stops the test PostgreSQL server
// (catalog::testing::stop_test_postgres) and exits with 128 + the signal.
void stop_postgres_on_signals();

// Calls run(SQLite), then run(PostgreSQL), leaving out the one `which` ("sqlite", "postgres" or
// "both") does not name; an exception from one is printed to stderr with the backend's name and
// the other still runs. Then stops the test PostgreSQL server. Returns 1 if any failed, else 0.
int run_on_backends(const std::string& which, const std::function<void(coffer::catalog::testing::Backend)>& run);

}  // namespace bench
