// Scheduler pass latency: `--schedules` schedules in a fresh catalog, `--due` of them due at the
// same tick; one Scheduler::run_due pass at the tick (an injected clock, as the unit tests drive
// it) is timed from its start to its return, when every due schedule's backup record and job are
// in the catalog. Baselines from the same run: the next pass, when nothing is due (the list of
// schedules and the cron arithmetic), and the same number of backup records and jobs inserted in
// one transaction straight through the catalog (the write floor).
//   scheduler-bench [--schedules N] [--due N,N,...] [--runs N] [--backend sqlite|postgres|both]
// PostgreSQL is a private server started by the bench (as the tests start it; or
// COFFER_TEST_POSTGRES_URL); it is stopped at exit, on an exception and on SIGINT/SIGTERM.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/testing/test_databases.h"
#include "catalog_support.h"
#include "server/app/scheduler.h"
#include "server/auth/secret_box.h"
#include "server/metrics/metrics.h"

using namespace coffer;
using catalog::testing::Backend;
using SteadyClock = std::chrono::steady_clock;

namespace {

double ms_since(SteadyClock::time_point t0) {
  return std::chrono::duration<double, std::milli>(SteadyClock::now() - t0).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

struct RunResult {
  double pass_ms = 0, idle_ms = 0, floor_ms = 0;
  std::int64_t backups = 0, jobs = 0;
};

RunResult one_run(Backend backend, int schedules, int due) {
  auto db = catalog::testing::fresh_database(backend);
  if (db.url.empty()) throw std::runtime_error(db.skip_reason + db.error);
  auto cat = catalog::Catalog::open(db.url);
  const auto bucket = std::filesystem::temp_directory_path() / "coffer-scheduler-bench-bucket";
  catalog::Cluster c;
  c.name = "dev";
  c.in_cluster = true;
  cat->clusters().create(c);
  catalog::StorageLocation l;
  l.name = "primary";
  l.provider = "filesystem";
  l.bucket = bucket.string();
  l.is_default = true;
  cat->locations().create(l);

  // Every "* * * * *" schedule's next tick is `tick`; the others fire once a year, not now.
  const auto tick = std::chrono::floor<std::chrono::minutes>(std::chrono::system_clock::now());
  const auto created = tick - std::chrono::seconds(30);
  cat->transaction([&](catalog::Scope& tx) {
    for (int i = 0; i < schedules; ++i) {
      catalog::Schedule s;
      char name[32];
      std::snprintf(name, sizeof name, "sched-%04d", i);
      s.name = name;
      s.cluster = "dev";
      s.cron = i < due ? "* * * * *" : "0 3 1 1 *";
      s.created_at = created;
      s.backup_template = {{"includedNamespaces", {"ns-" + std::to_string(i % 50)}}, {"snapshotVolumes", false}};
      tx.schedules().create(s);
    }
  });
  cat->optimize();

  auth::SecretBox secrets{auth::SecretBox::Key{}};
  server::MetricsRegistry metrics;
  std::string log;
  server::Services services{*cat, secrets, metrics, [&log](const std::string& m) { log += m + "\n"; }};
  server::Scheduler scheduler(services, "bench-server");
  RunResult r;
  auto t0 = SteadyClock::now();
  scheduler.run_due(tick + std::chrono::milliseconds(50));
  r.pass_ms = ms_since(t0);
  r.backups = cat->backups().list({.limit = 1}).total;
  r.jobs = cat->jobs().list({.limit = 1}).total;
  if (r.backups != due || r.jobs != due)
    throw std::runtime_error("expected " + std::to_string(due) + " backups and jobs, got " + std::to_string(r.backups) +
                             " and " + std::to_string(r.jobs) + "\n" + log.substr(0, 2000));
  t0 = SteadyClock::now();
  scheduler.run_due(tick + std::chrono::milliseconds(900));  // nothing due any more
  r.idle_ms = ms_since(t0);
  if (cat->backups().list({.limit = 1}).total != due) throw std::runtime_error("a schedule fired twice");

  // The floor: the same rows written in one transaction, no scheduler logic.
  t0 = SteadyClock::now();
  cat->transaction([&](catalog::Scope& tx) {
    for (int i = 0; i < due; ++i) {
      catalog::BackupRecord b;
      b.name = "floor-" + std::to_string(i);
      b.location = "primary";
      b.cluster = "dev";
      b.schedule = "sched-" + std::to_string(i);
      b.created_by = "system";
      b.labels = {{"velero.io/schedule-name", b.schedule}};
      b.spec = {{"includedNamespaces", {"ns-" + std::to_string(i % 50)}}, {"ttl", "720h0m0s"}};
      tx.backups().create(b);
      catalog::Job j;
      j.kind = "backup";
      j.cluster = "dev";
      j.payload = {{"backup", b.name}};
      tx.jobs().enqueue(j);
    }
  });
  r.floor_ms = ms_since(t0);
  return r;
}

std::string runs_text(const std::vector<double>& v) {
  std::ostringstream out;
  for (size_t i = 0; i < v.size(); ++i) out << (i ? ", " : "") << static_cast<long>(v[i] + 0.5);
  return out.str();
}

void bench_backend(Backend backend, int schedules, const std::vector<int>& dues, int runs) {
  for (int due : dues) {
    std::vector<double> pass, idle, floor;
    for (int r = 0; r < runs; ++r) {
      auto res = one_run(backend, schedules, due);
      pass.push_back(res.pass_ms);
      idle.push_back(res.idle_ms);
      floor.push_back(res.floor_ms);
    }
    const double p = median(pass), i = median(idle), f = median(floor);
    std::printf("| %-10s | %5d | %5d | %8.0f ms (%s) | %6.1f ms | %6.0f ms | %5.1fx |\n",
                catalog::testing::backend_name(backend).c_str(), schedules, due, p, runs_text(pass).c_str(), i, f,
                f > 0 ? p / f : 0.0);
    std::fflush(stdout);
  }
}

}  // namespace

int main(int argc, char** argv) {
  int schedules = 1000, runs = 3;
  std::vector<int> dues = {1000, 100};
  std::string which = "both";
  for (int i = 1; i + 1 < argc; ++i) {
    if (!std::strcmp(argv[i], "--schedules")) schedules = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--runs")) runs = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--backend")) which = argv[++i];
    else if (!std::strcmp(argv[i], "--due")) {
      dues.clear();
      std::stringstream in(argv[++i]);
      for (std::string part; std::getline(in, part, ',');) dues.push_back(std::min(std::atoi(part.c_str()), schedules));
    }
  }
  bench::stop_postgres_on_signals();
  std::printf("| backend | schedules | due | pass, tick to last backup+job: median (runs) | idle pass | same rows in 1 tx | pass / floor |\n");
  std::printf("|---|---|---|---|---|---|---|\n");
  return bench::run_on_backends(which, [&](Backend b) { bench_backend(b, schedules, dues, runs); });
}
