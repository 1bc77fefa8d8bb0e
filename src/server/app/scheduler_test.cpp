#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <mutex>
#include <thread>

#include "catalog/catalog.h"
#include "server/auth/secret_box.h"
#include "server/metrics/metrics.h"

#include "common/rfc3339.h"
#include "server/app/maintenance.h"
#include "server/app/scheduler.h"

namespace coffer::server {
namespace {

using schedule::CronSchedule;
using namespace std::chrono_literals;

catalog::Time at(const std::string& text) { return parse_rfc3339(text); }

catalog::Schedule schedule_created(const std::string& created) {
  catalog::Schedule s;
  s.name = "nightly";
  s.created_at = at(created);
  s.updated_at = s.created_at;
  return s;
}

TEST(ScheduleTiming, FirstRunAtTheFirstTickAfterCreation) {
  auto cron = CronSchedule::parse("0 2 * * *");
  auto s = schedule_created("2026-11-24T02:00:00.400Z");
  EXPECT_EQ(next_tick(s, cron), at("2026-11-25T02:00:00Z"));  // strictly after: not the same minute
  s = schedule_created("2026-11-24T01:59:59.900Z");
  EXPECT_EQ(next_tick(s, cron), at("2026-11-24T02:00:00Z"));
}

TEST(ScheduleTiming, AnchorIsTheLatestOfCreationRunAndSkip) {
  auto s = schedule_created("2026-11-24T00:00:00Z");
  EXPECT_EQ(schedule_anchor(s), at("2026-11-24T00:00:00Z"));
  s.last_backup_at = at("2026-11-24T06:00:00Z");
  EXPECT_EQ(schedule_anchor(s), at("2026-11-24T06:00:00Z"));
  s.last_skipped_at = at("2026-11-24T12:00:00Z");
  EXPECT_EQ(schedule_anchor(s), at("2026-11-24T12:00:00Z"));
  s.last_backup_at = at("2026-11-24T18:00:00Z");
  auto cron = CronSchedule::parse("0 */6 * * *");
  EXPECT_EQ(next_tick(s, cron), at("2026-11-25T00:00:00Z"));
}

TEST(ScheduleTiming, EveryIsAFixedDelayFromTheLastRun) {
  auto cron = CronSchedule::parse("@every 2s");
  auto s = schedule_created("2026-11-24T10:00:00.250Z");
  EXPECT_EQ(next_tick(s, cron), at("2026-11-24T10:00:02Z"));
  // On time: the run is recorded at its tick, so the cadence does not drift by the run's duration.
  auto tick = *next_tick(s, cron);
  EXPECT_EQ(run_anchor(cron, tick, tick + 300ms), tick);
  s.last_backup_at = run_anchor(cron, tick, tick + 300ms);
  EXPECT_EQ(next_tick(s, cron), at("2026-11-24T10:00:04Z"));
}

TEST(ScheduleTiming, NoCatchUpAfterDowntime) {
  auto cron = CronSchedule::parse("@hourly");
  auto s = schedule_created("2026-11-24T00:30:00Z");
  auto tick = *next_tick(s, cron);
  EXPECT_EQ(tick, at("2026-11-24T01:00:00Z"));
  // The server was down until 05:10: the 01:00 tick runs once, recorded at 05:10, and the next
  // tick is 06:00 -- 02:00, 03:00, 04:00 and 05:00 are not replayed.
  auto now = at("2026-11-24T05:10:00.500Z");
  auto recorded = run_anchor(cron, tick, now);
  EXPECT_EQ(recorded, now);
  s.last_backup_at = recorded;
  EXPECT_EQ(next_tick(s, cron), at("2026-11-24T06:00:00Z"));
}

TEST(ScheduleTiming, NeverFiresAgain) {
  auto cron = CronSchedule::parse("0 0 29 2 *");
  auto s = schedule_created("2096-03-01T00:00:00Z");
  EXPECT_EQ(next_tick(s, cron), std::nullopt);  // 2100 is no leap year; beyond the 5-year horizon
}

TEST(ScheduleTiming, BackupNames) {
  EXPECT_EQ(scheduled_backup_name("nightly", at("2026-01-05T03:04:09.999Z")), "nightly-20260105030409");
  EXPECT_EQ(scheduled_backup_name("a", at("1999-12-31T23:59:59Z")), "a-19991231235959");
}

TEST(SyncedBackupRecord, FromAVeleroBackupObject) {
  auto backup = nlohmann::json::parse(R"({
    "apiVersion": "velero.io/v1", "kind": "Backup",
    "metadata": {"name": "daily-20261124020000", "namespace": "velero",
                 "creationTimestamp": "2026-11-24T02:00:00Z",
                 "labels": {"velero.io/schedule-name": "daily", "velero.io/storage-location": "default"},
                 "annotations": {"coffer.io/cluster": "prod"}},
    "spec": {"includedNamespaces": ["*"], "ttl": "720h0m0s"},
    "status": {"phase": "PartiallyFailed", "startTimestamp": "2026-11-24T02:00:01Z",
               "completionTimestamp": "2026-11-24T02:03:00Z", "expiration": "2026-12-24T02:00:01Z",
               "progress": {"totalItems": 120, "itemsBackedUp": 118}, "errors": 2, "warnings": 5}
  })");
  auto r = synced_backup_record(backup, "primary");
  EXPECT_EQ(r.name, "daily-20261124020000");
  EXPECT_EQ(r.location, "primary");
  EXPECT_EQ(r.cluster, "prod");
  EXPECT_EQ(r.phase, "PartiallyFailed");
  EXPECT_EQ(r.schedule, "daily");
  EXPECT_TRUE(r.synced);
  EXPECT_EQ(r.created_at, at("2026-11-24T02:00:00Z"));
  EXPECT_EQ(r.started_at, at("2026-11-24T02:00:01Z"));
  EXPECT_EQ(r.completed_at, at("2026-11-24T02:03:00Z"));
  EXPECT_EQ(r.expires_at, at("2026-12-24T02:00:01Z"));
  EXPECT_EQ(r.items_total, 120);
  EXPECT_EQ(r.items_backed_up, 118);
  EXPECT_EQ(r.errors, 2);
  EXPECT_EQ(r.warnings, 5);
  EXPECT_EQ(r.labels.at("velero.io/storage-location"), "default");
}

TEST(SyncedBackupRecord, MinimalObject) {
  auto r = synced_backup_record(nlohmann::json::parse(R"({"metadata": {"name": "x"}})"), "l");
  EXPECT_EQ(r.phase, "Completed");
  EXPECT_EQ(r.cluster, "");
  EXPECT_EQ(r.schedule, "");
  EXPECT_FALSE(r.expires_at);
}

}  // namespace
}  // namespace coffer::server

// --- the scheduler against a real (SQLite) catalog -------------------------------------------------

namespace coffer::server {
namespace {

using namespace std::chrono_literals;

class SchedulerCatalogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("coffer-scheduler-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ / "bucket");
    catalog_ = catalog::Catalog::open("sqlite://" + (dir_ / "catalog.db").string());
    services_ = std::make_unique<Services>(Services{*catalog_, secrets_, metrics_, [this](const std::string& m) {
                                                      std::lock_guard lock(log_mu_);
                                                      log_ += m + "\n";
                                                    }});
    catalog::Cluster c;
    c.name = "dev";
    c.in_cluster = true;
    catalog_->clusters().create(c);
    catalog::StorageLocation l;
    l.name = "primary";
    l.provider = "filesystem";
    l.bucket = (dir_ / "bucket").string();
    l.is_default = true;
    catalog_->locations().create(l);
  }
  void TearDown() override {
    services_.reset();
    catalog_.reset();
    std::filesystem::remove_all(dir_);
  }

  catalog::Schedule add_schedule(const std::string& name, const std::string& cron, catalog::Time created) {
    catalog::Schedule s;
    s.name = name;
    s.cluster = "dev";
    s.cron = cron;
    s.created_at = created;
    s.backup_template = {{"includedNamespaces", {"shop"}}};
    return catalog_->schedules().create(s);
  }

  std::filesystem::path dir_;
  std::unique_ptr<catalog::Catalog> catalog_;
  auth::SecretBox secrets_{auth::SecretBox::Key{}};
  MetricsRegistry metrics_;
  std::mutex log_mu_;
  std::string log_;
  std::unique_ptr<Services> services_;
};

catalog::Time whole_second(catalog::Time t) { return std::chrono::floor<std::chrono::seconds>(t); }

TEST_F(SchedulerCatalogTest, RunsADueScheduleOnceWithItsNameLabelAndTtl) {
  const auto created = whole_second(std::chrono::system_clock::now()) - 10s;
  auto sch = add_schedule("web", "@every 5s", created);
  sch.ttl_seconds = 3600;
  catalog_->schedules().update(sch);
  Scheduler scheduler(*services_, "server-a");
  const auto now = created + 5s + 200ms;
  auto next = scheduler.run_due(now);
  auto backups = catalog_->backups().list().items;
  ASSERT_EQ(backups.size(), 1u) << log_;
  const auto& b = backups[0];
  EXPECT_EQ(b.name, scheduled_backup_name("web", created + 5s));
  EXPECT_EQ(b.schedule, "web");
  EXPECT_EQ(b.labels.at("velero.io/schedule-name"), "web");
  EXPECT_EQ(b.location, "primary");
  ASSERT_TRUE(b.expires_at);
  EXPECT_NEAR(std::chrono::duration<double>(*b.expires_at - b.created_at).count(), 3600, 1);
  auto after = catalog_->schedules().require("web");
  EXPECT_EQ(after.last_backup, b.name);
  EXPECT_EQ(after.last_backup_at, created + 5s);  // on time: recorded at the tick
  EXPECT_EQ(next, created + 10s);
  // Not due again in the same second.
  scheduler.run_due(now + 500ms);
  EXPECT_EQ(catalog_->backups().list().total, 1);
}

TEST_F(SchedulerCatalogTest, TwoServersRunEachTickOnce) {
  const auto created = whole_second(std::chrono::system_clock::now()) - 10s;
  add_schedule("web", "@every 5s", created);
  Scheduler a(*services_, "server-a"), b(*services_, "server-b");
  a.run_due(created + 5s + 100ms);
  b.run_due(created + 5s + 150ms);
  EXPECT_EQ(catalog_->backups().list().total, 1) << log_;
}

TEST_F(SchedulerCatalogTest, SkipNextAndPreviousStillRunning) {
  const auto created = whole_second(std::chrono::system_clock::now()) - 30s;
  add_schedule("web", "@every 5s", created);
  catalog_->schedules().set_skip_next("web", true);
  Scheduler scheduler(*services_, "server-a");
  scheduler.run_due(created + 5s);
  auto s = catalog_->schedules().require("web");
  EXPECT_EQ(catalog_->backups().list().total, 0);
  EXPECT_FALSE(s.skip_next);
  EXPECT_EQ(s.last_skipped_at, created + 5s);

  scheduler.run_due(created + 10s);  // runs: a New backup (no job runner here)
  EXPECT_EQ(catalog_->backups().list().total, 1);
  scheduler.run_due(created + 15s);  // the previous one is still New: skipped
  s = catalog_->schedules().require("web");
  EXPECT_EQ(catalog_->backups().list().total, 1);
  EXPECT_EQ(s.last_skipped_at, created + 15s);
  EXPECT_NE(log_.find("is still running"), std::string::npos) << log_;
}

TEST_F(SchedulerCatalogTest, PausedSchedulesDoNotRun) {
  const auto created = whole_second(std::chrono::system_clock::now()) - 30s;
  add_schedule("web", "@every 5s", created);
  catalog_->schedules().set_paused("web", true);
  Scheduler scheduler(*services_, "server-a");
  EXPECT_EQ(scheduler.run_due(created + 20s), std::nullopt);
  EXPECT_EQ(catalog_->backups().list().total, 0);
}

// Behaviour only: one pass over 1,000 schedules fires every due one. Timing is no unit test's
// business (a 2 s bound failed under ASan on a busy machine): bench/scheduler_bench.cpp measures it.
TEST_F(SchedulerCatalogTest, AThousandSchedulesInOnePassFireEveryDueOne) {
  // Ten seconds into a minute, so that created + 5s is still before the "* * * * *" tick (created
  // from the clock's seconds, the test fired those too one run in twelve).
  const auto created = std::chrono::floor<std::chrono::minutes>(std::chrono::system_clock::now()) - 50s;
  catalog_->transaction([&](catalog::Scope& tx) {
    for (int i = 0; i < 1000; ++i) {
      catalog::Schedule s;
      s.name = "s" + std::to_string(i);
      s.cluster = "dev";
      s.cron = i % 2 ? "@every 5s" : "* * * * *";
      s.created_at = created;
      tx.schedules().create(s);
    }
  });
  Scheduler scheduler(*services_, "server-a");
  scheduler.run_due(created + 1s);  // nothing due yet
  EXPECT_EQ(catalog_->backups().list().total, 0) << log_;
  scheduler.run_due(created + 5s);  // the 500 "@every 5s" schedules are due together
  EXPECT_EQ(catalog_->backups().list().total, 500) << log_;
}

// A batch fires together; a run queue_backup would refuse (unknown cluster) goes the one-schedule
// way and is skipped with its reason, without holding the others back.
TEST_F(SchedulerCatalogTest, ARefusedRunInABatchIsSkippedAndTheOthersFire) {
  const auto created = whole_second(std::chrono::system_clock::now()) - 10s;
  for (int i = 0; i < 5; ++i) add_schedule("s" + std::to_string(i), "@every 5s", created);
  auto bad = catalog_->schedules().require("s2");
  bad.cluster = "nowhere";
  catalog_->schedules().update(bad);
  Scheduler scheduler(*services_, "server-a");
  scheduler.run_due(created + 5s);
  EXPECT_EQ(catalog_->backups().list().total, 4) << log_;
  EXPECT_EQ(catalog_->jobs().list().total, 4) << log_;
  auto s2 = catalog_->schedules().require("s2");
  EXPECT_EQ(s2.last_skipped_at, created + 5s);
  EXPECT_TRUE(s2.last_backup.empty());
  EXPECT_NE(log_.find("could not start backup s2-"), std::string::npos) << log_;
  EXPECT_EQ(catalog_->schedules().require("s3").last_backup, scheduled_backup_name("s3", created + 5s));
  auto audit = catalog_->audit().list({.filters = {{"action", "schedule.run"}}});
  ASSERT_EQ(audit.total, 1);
  EXPECT_EQ(audit.items[0].object_name, "s2");
  EXPECT_EQ(audit.items[0].outcome, "failure");
}

// A backup already holding a scheduled name fails the batch's transaction: nothing of it stays,
// and the schedules fire one by one (the clashing one is skipped, the others run once).
TEST_F(SchedulerCatalogTest, ANameClashFallsBackToOneByOne) {
  const auto created = whole_second(std::chrono::system_clock::now()) - 10s;
  for (int i = 0; i < 5; ++i) add_schedule("s" + std::to_string(i), "@every 5s", created);
  catalog::BackupRecord clash;
  clash.name = scheduled_backup_name("s3", created + 5s);
  clash.cluster = "dev";
  clash.location = "primary";
  catalog_->backups().create(clash);
  Scheduler scheduler(*services_, "server-a");
  scheduler.run_due(created + 5s);
  EXPECT_NE(log_.find("one by one"), std::string::npos) << log_;
  EXPECT_EQ(catalog_->backups().list().total, 5) << log_;  // the clash and 4 runs
  EXPECT_EQ(catalog_->jobs().list().total, 4) << log_;
  EXPECT_EQ(catalog_->schedules().require("s3").last_skipped_at, created + 5s);
  EXPECT_EQ(catalog_->schedules().require("s4").last_backup, scheduled_backup_name("s4", created + 5s));
  scheduler.run_due(created + 5s + 500ms);  // nothing is due twice
  EXPECT_EQ(catalog_->jobs().list().total, 4) << log_;
}

// Two servers (two connections to one catalog file) passing over the same 600 due schedules at
// once: every tick runs exactly once, whichever server's batch claims it.
TEST_F(SchedulerCatalogTest, TwoServersBatchingTheSameTickRunEachScheduleOnce) {
  const auto created = whole_second(std::chrono::system_clock::now()) - 10s;
  catalog_->transaction([&](catalog::Scope& tx) {
    for (int i = 0; i < 600; ++i) {
      catalog::Schedule s;
      s.name = "s" + std::to_string(i);
      s.cluster = "dev";
      s.cron = "@every 5s";
      s.created_at = created;
      tx.schedules().create(s);
    }
  });
  auto other = catalog::Catalog::open("sqlite://" + (dir_ / "catalog.db").string());
  Services other_services{*other, secrets_, metrics_, services_->log};
  Scheduler a(*services_, "server-a"), b(other_services, "server-b");
  std::thread ta([&] { a.run_due(created + 5s + 100ms); });
  std::thread tb([&] { b.run_due(created + 5s + 100ms); });
  ta.join();
  tb.join();
  EXPECT_EQ(catalog_->backups().list({.limit = 1}).total, 600) << log_;
  EXPECT_EQ(catalog_->jobs().list({.limit = 1}).total, 600) << log_;
  auto ticks = catalog_->database().query("SELECT COUNT(*) FROM schedule_ticks");
  EXPECT_EQ(ticks.rows.at(0).i64(0), 600);
}

}  // namespace
}  // namespace coffer::server
