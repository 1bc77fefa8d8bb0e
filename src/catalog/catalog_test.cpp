#include "catalog/catalog.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "catalog/db/migrations.h"
#include "catalog/overview.h"
#include "catalog/schema.h"
#include "catalog/testing/backend_test.h"

namespace coffer::catalog {
namespace {

using namespace std::chrono_literals;
using testing::BackendTest;

class CatalogTest : public BackendTest {
 protected:
  std::unique_ptr<Catalog> open_catalog(int pool = 8) { return std::make_unique<Catalog>(open(pool)); }
};

Time at(std::int64_t seconds) { return Time(std::chrono::seconds(1'800'000'000 + seconds)); }

StorageLocation location(const std::string& name, bool is_default = false) {
  StorageLocation l;
  l.name = name;
  l.provider = "aws";
  l.bucket = "bucket-" + name;
  l.prefix = "coffer";
  l.config = {{"region", "eu-west-1"}, {"s3ForcePathStyle", "true"}};
  l.credential = {.mode = "sealed", .secret_name = "", .secret_key = "", .sealed = "v1:sealed-bytes"};
  l.is_default = is_default;
  l.created_by = "admin";
  return l;
}

TEST_P(CatalogTest, MigratesFreshAndReopens) {
  {
    auto c = open_catalog();
    EXPECT_EQ(db::schema_version(c->database()), catalog_schema_version());
    c->locations().create(location("primary"));
  }
  auto c = open_catalog();
  EXPECT_EQ(db::schema_version(c->database()), catalog_schema_version());
  EXPECT_TRUE(c->locations().get("primary").has_value());
  if (postgres()) {  // Debian's server package ships pg_trgm: the search indexes exist
    EXPECT_FALSE(c->database().query("SELECT 1 FROM pg_indexes WHERE indexname = 'backups_name_trgm'").empty());
  }
}

TEST_P(CatalogTest, RefusesANewerSchema) {
  {
    auto db = open();
    db::apply_migrations(*db, catalog_migrations());
    db->execute("INSERT INTO schema_version (version, description, applied_at) VALUES ($1, 'future', 0)",
                {catalog_schema_version() + 6});
  }
  try {
    open_catalog();
    FAIL() << "expected SchemaTooNewError";
  } catch (const db::SchemaTooNewError& e) {
    std::string want = "catalog schema version " + std::to_string(catalog_schema_version() + 6) +
                       " is newer than this coffer (" + std::to_string(catalog_schema_version()) + "); upgrade coffer";
    EXPECT_NE(std::string(e.what()).find(want), std::string::npos) << e.what();
  }
}

TEST_P(CatalogTest, LocationCrudAndNameConflicts) {
  auto c = open_catalog();
  auto created = c->locations().create(location("primary"));
  EXPECT_NE(created.created_at, Time{});
  auto got = c->locations().require("primary");
  EXPECT_EQ(got.bucket, "bucket-primary");
  EXPECT_EQ(got.config.at("region"), "eu-west-1");
  EXPECT_EQ(got.credential.sealed, "v1:sealed-bytes");
  EXPECT_EQ(got.created_at, created.created_at);
  EXPECT_FALSE(got.last_validated_at.has_value());

  try {
    c->locations().create(location("primary"));
    FAIL() << "expected AlreadyExistsError";
  } catch (const AlreadyExistsError& e) {
    EXPECT_STREQ(e.what(), "a storage location named \"primary\" already exists");
  }

  got.access_mode = "ReadOnly";
  got.sync_period_seconds = 300;
  got.credential = {.mode = "secret", .secret_name = "cloud-credentials", .secret_key = "cloud",
                    .secret_cluster = "prod-eu", .secret_namespace = "velero", .sealed = ""};
  auto updated = c->locations().update(got);
  EXPECT_EQ(updated.access_mode, "ReadOnly");
  EXPECT_EQ(updated.credential, got.credential);
  EXPECT_EQ(updated.created_at, created.created_at);

  c->locations().set_status("primary", "Available", "", at(1), std::nullopt);
  EXPECT_EQ(c->locations().require("primary").phase, "Available");
  EXPECT_EQ(*c->locations().require("primary").last_validated_at, at(1));

  EXPECT_THROW(c->locations().update(location("missing")), NotFoundError);
  c->locations().remove("primary");
  EXPECT_FALSE(c->locations().get("primary").has_value());
  try {
    c->locations().remove("primary");
    FAIL();
  } catch (const NotFoundError& e) {
    EXPECT_STREQ(e.what(), "storage location \"primary\" not found");
  }
  // A CHECK constraint refuses nonsense the API should have caught.
  auto bad = location("bad");
  bad.access_mode = "Sideways";
  EXPECT_THROW(c->locations().create(bad), db::ConstraintError);
}

TEST_P(CatalogTest, AtMostOneDefaultLocation) {
  auto c = open_catalog();
  c->locations().create(location("primary", true));
  try {
    c->locations().create(location("secondary", true));
    FAIL() << "expected ConflictError";
  } catch (const ConflictError& e) {
    EXPECT_NE(std::string(e.what()).find("storage location \"primary\" is already the default"), std::string::npos)
        << e.what();
  }
  EXPECT_FALSE(c->locations().get("secondary").has_value());
  c->locations().create(location("secondary"));
  auto s = c->locations().require("secondary");
  s.is_default = true;
  EXPECT_THROW(c->locations().update(s), ConflictError);
  // Updating the default itself keeps it the default.
  auto p = c->locations().require("primary");
  p.prefix = "other";
  EXPECT_NO_THROW(c->locations().update(p));

  c->locations().set_default("secondary");
  EXPECT_EQ(c->locations().get_default()->name, "secondary");
  EXPECT_FALSE(c->locations().require("primary").is_default);
  auto page = c->locations().list({.filters = {{"default", "true"}}});
  ASSERT_EQ(page.total, 1);
  EXPECT_EQ(page.items[0].name, "secondary");
  EXPECT_THROW(c->locations().set_default("missing"), NotFoundError);

  // Racing creators of a default: exactly one wins, the rest hear which one.
  std::atomic<int> won{0}, lost{0};
  c->locations().update([&] {
    auto l = c->locations().require("secondary");
    l.is_default = false;
    return l;
  }());
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i)
    threads.emplace_back([&, i] {
      auto other = open_catalog(2);
      try {
        other->locations().create(location("race-" + std::to_string(i), true));
        ++won;
      } catch (const ConflictError& e) {
        EXPECT_NE(std::string(e.what()).find("is already the default"), std::string::npos) << e.what();
        ++lost;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(won, 1);
  EXPECT_EQ(lost, 5);
}

TEST_P(CatalogTest, SnapshotLocationDefaultPerProvider) {
  auto c = open_catalog();
  c->snapshot_locations().create({.name = "aws-1", .provider = "aws", .is_default = true});
  c->snapshot_locations().create({.name = "gcp-1", .provider = "gcp", .is_default = true});
  EXPECT_THROW(c->snapshot_locations().create({.name = "aws-2", .provider = "aws", .is_default = true}),
               ConflictError);
  c->snapshot_locations().create({.name = "aws-2", .provider = "aws"});
  c->snapshot_locations().set_default("aws-2");
  EXPECT_EQ(c->snapshot_locations().get_default("aws")->name, "aws-2");
  EXPECT_EQ(c->snapshot_locations().get_default("gcp")->name, "gcp-1");
}

TEST_P(CatalogTest, ClustersAndEnvironments) {
  auto c = open_catalog();
  c->clusters().create(
      {.name = "prod-eu", .server_url = "https://10.0.0.1:6443", .kubeconfig_sealed = "v1:kc", .context = "eu-admin"});
  c->clusters().create({.name = "local", .in_cluster = true});
  EXPECT_THROW(c->environments().create({.name = "web", .cluster = "nowhere", .namespace_name = "web"}),
               NotFoundError);
  c->environments().create({.name = "web-prod", .cluster = "prod-eu", .namespace_name = "web", .production = true});
  c->environments().create({.name = "web-dev", .cluster = "local", .namespace_name = "web"});
  c->clusters().set_health("prod-eu", "Healthy", "", at(5), {"default", "web"});
  auto prod = c->clusters().require("prod-eu");
  EXPECT_EQ(prod.health, "Healthy");
  EXPECT_EQ(prod.namespaces, (std::vector<std::string>{"default", "web"}));
  EXPECT_EQ(prod.kubeconfig_sealed, "v1:kc");
  EXPECT_EQ(prod.context, "eu-admin");

  auto production = c->environments().list({.filters = {{"production", "true"}}});
  ASSERT_EQ(production.total, 1);
  EXPECT_EQ(production.items[0].name, "web-prod");
  EXPECT_THROW(c->environments().list({.filters = {{"production", "yes"}}}), InvalidArgumentError);
  try {
    c->clusters().remove("prod-eu");
    FAIL();
  } catch (const ConflictError& e) {
    EXPECT_NE(std::string(e.what()).find("used by environment \"web-prod\""), std::string::npos) << e.what();
  }
  c->environments().remove("web-prod");
  c->clusters().remove("prod-eu");
  EXPECT_EQ(c->clusters().list().total, 1);
}

BackupRecord backup(int i) {
  BackupRecord b;
  b.name = "backup-" + std::string(i < 10 ? "0" : "") + std::to_string(i);
  b.location = "primary";
  b.cluster = i % 3 == 0 ? "alpha" : (i % 3 == 1 ? "beta" : "gamma");
  b.phase = i % 4 == 0 ? "Failed" : "Completed";
  b.schedule = i % 2 == 0 ? "nightly" : "";
  b.created_by = i % 5 == 0 ? "alice" : "bob";
  b.labels = {{"app", "shop"}, {"tier", std::to_string(i % 2)}};
  b.spec = {{"includedNamespaces", {"shop"}}, {"ttl", "720h0m0s"}};
  b.created_at = at(i * 60);
  if (i % 7 != 0) b.completed_at = at(i * 60 + 30);
  b.size_bytes = 1000 * i;
  b.items_total = i;
  return b;
}

TEST_P(CatalogTest, BackupListsFilterSearchSortAndPaginate) {
  auto c = open_catalog();
  c->transaction([](Scope& tx) {
    for (int i = 0; i < 60; ++i) tx.backups().create(backup(i));
  });
  auto round = c->backups().require("backup-07");
  EXPECT_EQ(round.labels.at("tier"), "1");
  EXPECT_EQ(round.spec["ttl"], "720h0m0s");
  EXPECT_FALSE(round.completed_at.has_value());
  EXPECT_EQ(round.created_at, at(420));

  // Default order: newest first.
  auto first = c->backups().list({.limit = 5});
  EXPECT_EQ(first.total, 60);
  ASSERT_EQ(first.items.size(), 5u);
  EXPECT_EQ(first.items[0].name, "backup-59");
  EXPECT_EQ(first.items[4].name, "backup-55");

  auto alpha = c->backups().list({.filters = {{"cluster", "alpha"}}, .limit = 100});
  EXPECT_EQ(alpha.total, 20);
  for (const auto& b : alpha.items) EXPECT_EQ(b.cluster, "alpha");

  auto failed_by_alice = c->backups().list({.filters = {{"status", "Failed"}, {"created_by", "alice"}}});
  EXPECT_EQ(failed_by_alice.total, 3);  // i in {0, 20, 40}

  auto two_clusters = c->backups().list({.filters = {{"cluster", "alpha,beta"}}});
  EXPECT_EQ(two_clusters.total, 40);

  auto search = c->backups().list({.search = "BACKUP-1"});
  EXPECT_EQ(search.total, 10);
  auto by_schedule = c->backups().list({.search = "night"});
  EXPECT_EQ(by_schedule.total, 30);
  EXPECT_EQ(c->backups().list({.search = "100%_"}).total, 0);  // LIKE wildcards are literal

  // Sort by name ascending, third page of 10.
  auto page = c->backups().list({.sort = "name", .descending = false, .limit = 10, .offset = 20});
  EXPECT_EQ(page.total, 60);
  ASSERT_EQ(page.items.size(), 10u);
  EXPECT_EQ(page.items[0].name, "backup-20");
  EXPECT_EQ(page.items[9].name, "backup-29");
  auto last = c->backups().list({.sort = "name", .limit = 10, .offset = 55});
  EXPECT_EQ(last.items.size(), 5u);

  // Nullable sort: backups never completed come last in both directions.
  for (bool desc : {false, true}) {
    auto by_completion = c->backups().list({.sort = "completed_at", .descending = desc, .limit = 60});
    ASSERT_EQ(by_completion.items.size(), 60u);
    EXPECT_TRUE(by_completion.items.back().completed_at == std::nullopt);
    EXPECT_TRUE(by_completion.items.front().completed_at.has_value());
    EXPECT_EQ(by_completion.items.front().name, desc ? "backup-59" : "backup-01");
  }
  auto biggest = c->backups().list({.sort = "size", .descending = true, .limit = 1});
  EXPECT_EQ(biggest.items[0].name, "backup-59");

  EXPECT_THROW(c->backups().list({.filters = {{"labels", "x"}}}), InvalidArgumentError);
  EXPECT_THROW(c->backups().list({.sort = "password"}), InvalidArgumentError);
  EXPECT_THROW(c->backups().list({.limit = 0}), InvalidArgumentError);
}

TEST_P(CatalogTest, BackupUpsertAndExpiry) {
  auto c = open_catalog();
  auto b = backup(1);
  b.synced = true;
  b.expires_at = at(100);
  EXPECT_TRUE(c->backups().upsert(b));
  b.phase = "Deleting";
  EXPECT_FALSE(c->backups().upsert(b));
  EXPECT_EQ(c->backups().require("backup-01").phase, "Deleting");
  auto b2 = backup(2);
  b2.expires_at = at(10'000);
  c->backups().create(b2);
  auto expired = c->backups().expired(at(200));
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(expired[0].name, "backup-01");
  EXPECT_EQ(c->backups().list({.filters = {{"synced", "true"}}}).total, 1);
}

TEST_P(CatalogTest, TransactionRollsBackEveryRepository) {
  auto c = open_catalog();
  EXPECT_THROW(c->transaction([](Scope& tx) {
    tx.backups().create(backup(1));
    tx.jobs().enqueue({.kind = "backup", .payload = {{"backup", "backup-01"}}});
    tx.audit().append({.actor = "alice", .action = "backup.create", .object_kind = "backup", .object_name = "backup-01"});
    throw std::runtime_error("API validation failed late");
  }),
               std::runtime_error);
  EXPECT_EQ(c->backups().list().total, 0);
  EXPECT_EQ(c->jobs().list().total, 0);
  EXPECT_EQ(c->audit().list().total, 0);
}

TEST_P(CatalogTest, SchedulesAndRestores) {
  auto c = open_catalog();
  c->schedules().create({.name = "nightly", .cluster = "alpha", .location = "primary", .cron = "0 1 * * *",
                         .backup_template = {{"includedNamespaces", {"*"}}}});
  c->schedules().set_skip_next("nightly", true);
  EXPECT_TRUE(c->schedules().require("nightly").skip_next);
  c->schedules().record_skip("nightly", at(10));
  auto s = c->schedules().require("nightly");
  EXPECT_FALSE(s.skip_next);
  EXPECT_EQ(*s.last_skipped_at, at(10));
  EXPECT_EQ(s.ttl_seconds, 720 * 3600);
  c->schedules().record_backup("nightly", "nightly-20261124010000", at(20));
  c->schedules().set_paused("nightly", true);
  EXPECT_EQ(c->schedules().list({.filters = {{"paused", "true"}}}).total, 1);
  EXPECT_EQ(c->schedules().require("nightly").last_backup, "nightly-20261124010000");
  EXPECT_EQ(c->schedules().require("nightly").backup_template["includedNamespaces"][0], "*");
  EXPECT_THROW(c->schedules().set_paused("missing", true), NotFoundError);

  // An edit read before a run was recorded does not undo the run's record.
  catalog::Schedule edit = s;  // read before record_backup
  edit.cron = "0 2 * * *";
  edit.environments = "production";
  auto edited = c->schedules().update_definition(edit);
  EXPECT_EQ(edited.cron, "0 2 * * *");
  EXPECT_EQ(edited.environments, "production");
  EXPECT_EQ(edited.last_backup, "nightly-20261124010000");
  EXPECT_EQ(*edited.last_backup_at, at(20));
  EXPECT_FALSE(edited.paused) << "paused is part of the definition";
  edit.name = "missing";
  EXPECT_THROW(c->schedules().update_definition(edit), NotFoundError);

  c->restores().create({.name = "r1", .backup = "nightly-20261124010000", .cluster = "beta", .phase = "InProgress"});
  auto r = c->restores().require("r1");
  r.phase = "PartiallyFailed";
  r.completed_at = at(30);
  r.warnings = 3;
  c->restores().update(r);
  EXPECT_EQ(c->restores().list({.filters = {{"status", "PartiallyFailed"}}}).total, 1);
  EXPECT_EQ(c->restores().require("r1").warnings, 3);
}

TEST_P(CatalogTest, ScheduleTickRunsOnceAcrossServers) {
  auto server_a = open_catalog(4);
  auto server_b = open_catalog(4);
  server_a->schedules().create({.name = "hourly", .cron = "0 * * * *"});
  std::atomic<int> claimed_a{0}, claimed_b{0};
  auto race = [](Catalog& c, const std::string& id, std::atomic<int>& count) {
    for (int tick = 0; tick < 40; ++tick)
      if (c.schedules().claim_tick("hourly", at(tick * 3600), id)) ++count;
  };
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i) {
    threads.emplace_back(race, std::ref(*server_a), "server-a", std::ref(claimed_a));
    threads.emplace_back(race, std::ref(*server_b), "server-b", std::ref(claimed_b));
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(claimed_a + claimed_b, 40);
  EXPECT_FALSE(server_b->schedules().claim_tick("hourly", at(0), "server-b"));
  EXPECT_TRUE(server_b->schedules().claim_tick("hourly", at(40 * 3600), "server-b"));
  EXPECT_EQ(server_a->schedules().prune_ticks(Time::max()), 41);
}

// The scheduler's batch: claims, backups, jobs and last backups of many schedules, a statement
// each, in one transaction per server; two servers racing over the same ticks run each once.
TEST_P(CatalogTest, BatchedTickClaimsRunEachScheduleOnceAcrossServers) {
  auto server_a = open_catalog(4);
  auto server_b = open_catalog(4);
  std::vector<std::pair<std::string, Time>> ticks;
  for (int i = 0; i < 50; ++i) {
    std::string name = "s" + std::to_string(100 + i);
    server_a->schedules().create({.name = name, .cron = "0 * * * *"});
    ticks.emplace_back(name, at(3600));
  }
  std::atomic<int> runs{0};
  auto fire = [&](Catalog& c, const std::string& id) {
    c.transaction([&](Scope& tx) {
      auto claimed = tx.schedules().claim_ticks(ticks, id);
      std::vector<BackupRecord> backups;
      std::vector<Job> jobs;
      std::vector<ScheduleRepository::BackupMade> made;
      for (size_t i = 0; i < ticks.size(); ++i) {
        if (!claimed[i]) continue;
        BackupRecord b;
        b.name = ticks[i].first + "-run";
        b.schedule = ticks[i].first;
        backups.push_back(b);
        jobs.push_back({.kind = "backup", .payload = {{"backup", b.name}}});
        made.push_back({ticks[i].first, b.name, at(3601)});
      }
      tx.backups().create_all(backups);
      tx.jobs().enqueue_all(jobs);
      tx.schedules().record_backups(made);
      runs += static_cast<int>(backups.size());
    });
  };
  // (An exception escaping a thread would end the process before the test could report it.)
  auto guarded = [&](Catalog& c, const std::string& id) {
    try {
      fire(c, id);
    } catch (const std::exception& e) {
      ADD_FAILURE() << id << ": " << e.what();
    }
  };
  std::thread a([&] { guarded(*server_a, "server-a"); });
  std::thread b([&] { guarded(*server_b, "server-b"); });
  a.join();
  b.join();
  EXPECT_EQ(runs, 50);
  EXPECT_EQ(server_a->backups().list().total, 50);
  EXPECT_EQ(server_a->jobs().list().total, 50);
  auto s = server_a->schedules().require("s123");
  EXPECT_EQ(s.last_backup, "s123-run");
  EXPECT_EQ(s.last_backup_at, at(3601));
  EXPECT_EQ(server_a->jobs().list().items.at(0).state, "queued");

  // Partly claimed already: only the free ones are this caller's.
  EXPECT_TRUE(server_b->schedules().claim_tick("s100", at(7200), "server-b"));
  EXPECT_EQ(server_a->schedules().claim_ticks({{"s100", at(7200)}, {"s101", at(7200)}}, "server-a"),
            (std::vector<bool>{false, true}));
  EXPECT_TRUE(server_a->schedules().claim_ticks({}, "server-a").empty());
  // A taken name fails the whole insert.
  std::vector<BackupRecord> clash(2);
  clash[0].name = "fresh";
  clash[1].name = "s100-run";
  EXPECT_ANY_THROW(server_a->backups().create_all(clash));
  EXPECT_FALSE(server_a->backups().get("fresh"));
  EXPECT_THROW(server_a->schedules().record_backups({{"nope", "x", at(1)}}), NotFoundError);
}

TEST_P(CatalogTest, UsersTokensAndAudit) {
  auto c = open_catalog();
  c->users().create({.username = "admin", .role = "super-admin", .password_hash = "$argon2id$v=19$..."});
  c->users().create({.username = "viewer", .role = "viewer"});
  EXPECT_THROW(c->users().create({.username = "x", .role = "root"}), db::ConstraintError);
  EXPECT_EQ(c->users().count_by_role("super-admin"), 1);
  c->users().record_login("admin", at(1));
  EXPECT_EQ(*c->users().require("admin").last_login_at, at(1));

  auto t = c->tokens().create({.username = "admin", .digest = "d1", .name = "ci", .expires_at = at(100)});
  c->tokens().create({.username = "admin", .digest = "d2", .name = "session", .kind = "session"});
  EXPECT_THROW(c->tokens().create({.username = "viewer", .digest = "d1"}), ConflictError);
  EXPECT_EQ(c->tokens().find_by_digest("d1", at(50))->id, t.id);
  EXPECT_FALSE(c->tokens().find_by_digest("d1", at(150)).has_value());
  c->tokens().touch(t.id, at(60));
  EXPECT_EQ(*c->tokens().get(t.id)->last_used_at, at(60));
  EXPECT_EQ(c->tokens().list({.filters = {{"username", "admin"}}}).total, 2);
  EXPECT_EQ(c->tokens().remove_expired(at(150)), 1);
  EXPECT_EQ(c->tokens().remove_for_user("admin"), 1);

  for (int i = 0; i < 5; ++i)
    c->audit().append({.at = at(i), .actor = i % 2 ? "alice" : "bob", .action = "backup.create",
                       .object_kind = "backup", .object_name = "b" + std::to_string(i),
                       .outcome = i == 4 ? "denied" : "success"});
  auto log = c->audit().list();
  ASSERT_EQ(log.total, 5);
  EXPECT_EQ(log.items[0].object_name, "b4");  // newest first
  EXPECT_EQ(c->audit().list({.filters = {{"actor", "alice"}}}).total, 2);
  EXPECT_EQ(c->audit().list({.filters = {{"outcome", "denied"}}}).items[0].object_name, "b4");
  EXPECT_EQ(c->audit().prune(at(2)), 2);
}

TEST_P(CatalogTest, EachJobIsClaimedExactlyOnce) {
  auto c = open_catalog(10);
  constexpr int kJobs = 120;
  c->transaction([&](Scope& tx) {
    for (int i = 0; i < kJobs; ++i)
      tx.jobs().enqueue({.kind = i % 2 ? "backup" : "restore", .payload = {{"n", i}}, .cluster = "c" + std::to_string(i % 4)});
  });
  std::mutex mutex;
  std::vector<std::string> claimed;
  std::vector<std::thread> workers;
  for (int w = 0; w < 8; ++w)
    workers.emplace_back([&, w] {
      std::string id = "server-1/worker-" + std::to_string(w);
      for (;;) {
        auto job = c->jobs().claim({.worker_id = id, .kinds = {"backup", "restore"}});
        if (!job) break;
        EXPECT_EQ(job->state, "running");
        EXPECT_EQ(job->lease_owner, id);
        EXPECT_EQ(job->attempts, 1);
        {
          std::lock_guard<std::mutex> lock(mutex);
          claimed.push_back(job->id);
        }
        EXPECT_TRUE(c->jobs().complete(job->id, id, {{"ok", true}}));
      }
    });
  for (auto& t : workers) t.join();
  std::set<std::string> unique(claimed.begin(), claimed.end());
  EXPECT_EQ(claimed.size(), static_cast<size_t>(kJobs));
  EXPECT_EQ(unique.size(), static_cast<size_t>(kJobs));
  EXPECT_EQ(c->jobs().list({.filters = {{"state", "done"}}}).total, kJobs);
}

TEST_P(CatalogTest, PerClusterLimitAndKinds) {
  auto c = open_catalog();
  auto q = c->jobs();
  for (int i = 0; i < 3; ++i) q.enqueue({.kind = "backup", .cluster = "a"});
  q.enqueue({.kind = "backup", .cluster = "b"});
  q.enqueue({.kind = "sync"});
  ClaimRequest req{.worker_id = "w", .kinds = {"backup"}, .per_cluster_limit = 2};
  auto j1 = q.claim(req);
  auto j2 = q.claim(req);
  auto j3 = q.claim(req);
  ASSERT_TRUE(j1 && j2 && j3);
  EXPECT_EQ(j1->cluster, "a");
  EXPECT_EQ(j2->cluster, "a");
  EXPECT_EQ(j3->cluster, "b");  // the third "a" job waits for a free slot
  EXPECT_FALSE(q.claim(req).has_value());
  EXPECT_EQ(q.running_count("a"), 2);
  ASSERT_TRUE(q.complete(j1->id, "w"));
  auto j4 = q.claim(req);
  ASSERT_TRUE(j4);
  EXPECT_EQ(j4->cluster, "a");
  auto sync = q.claim({.worker_id = "w", .kinds = {"sync"}});
  ASSERT_TRUE(sync);
  EXPECT_EQ(sync->kind, "sync");
  // not_before holds a job back.
  q.enqueue({.kind = "gc", .not_before = std::chrono::system_clock::now() + 1h});
  EXPECT_FALSE(q.claim({.worker_id = "w", .kinds = {"gc"}}).has_value());
}

TEST_P(CatalogTest, ExpiredLeasesAreRetriedOrFailedHonestly) {
  auto c = open_catalog();
  auto q = c->jobs();
  auto retried = q.enqueue({.kind = "backup", .max_attempts = 2});
  auto once = q.enqueue({.kind = "restore", .max_attempts = 1});
  Time t0 = std::chrono::system_clock::now();
  auto a = q.claim({.worker_id = "server-1/w1", .kinds = {"backup"}, .lease = 30s, .now = t0});
  auto b = q.claim({.worker_id = "server-1/w2", .kinds = {"restore"}, .lease = 30s, .now = t0});
  ASSERT_TRUE(a && b);
  EXPECT_EQ(q.heartbeat(a->id, "server-1/w1", 30s, t0 + 20s), HeartbeatResult::ok);

  // Nothing has expired yet at t0+40s: the heartbeat extended the lease to t0+50s... for a only.
  auto early = q.recover_expired(t0 + 40s);
  EXPECT_TRUE(early.requeued.empty());
  EXPECT_EQ(early.failed, std::vector<std::string>{once.id});
  auto failed = *q.get(once.id);
  EXPECT_EQ(failed.state, "failed");
  EXPECT_EQ(failed.error, JobQueue::kLostJobError);

  auto later = q.recover_expired(t0 + 60s);
  EXPECT_EQ(later.requeued, std::vector<std::string>{retried.id});
  auto requeued = *q.get(retried.id);
  EXPECT_EQ(requeued.state, "queued");
  EXPECT_NE(requeued.error.find("the server stopped while it ran"), std::string::npos) << requeued.error;
  // The old worker lost the job: its heartbeat and result are refused.
  EXPECT_EQ(q.heartbeat(a->id, "server-1/w1", 30s, t0 + 61s), HeartbeatResult::lost);
  EXPECT_FALSE(q.complete(a->id, "server-1/w1"));

  auto again = q.claim({.worker_id = "server-2/w1", .lease = 30s, .now = t0 + 61s});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id, retried.id);
  EXPECT_EQ(again->attempts, 2);
  // A restarted server-2 recovers its own jobs at once; no attempts are left, so it fails.
  auto restart = q.recover_owner("server-2/", t0 + 62s);
  EXPECT_EQ(restart.failed, std::vector<std::string>{retried.id});
  EXPECT_EQ(q.get(retried.id)->state, "failed");

  // A worker's own failure with retry goes back to the queue while attempts remain.
  auto flaky = q.enqueue({.kind = "sync", .max_attempts = 3});
  auto f = q.claim({.worker_id = "w", .kinds = {"sync"}});
  ASSERT_TRUE(f);
  EXPECT_TRUE(q.fail(f->id, "w", "bucket unreachable", true));
  EXPECT_EQ(q.get(flaky.id)->state, "queued");
  f = q.claim({.worker_id = "w", .kinds = {"sync"}});
  EXPECT_TRUE(q.fail(f->id, "w", "bucket unreachable"));
  EXPECT_EQ(q.get(flaky.id)->state, "failed");
  EXPECT_EQ(q.get(flaky.id)->error, "bucket unreachable");
}

TEST_P(CatalogTest, Cancellation) {
  auto c = open_catalog();
  auto q = c->jobs();
  auto queued = q.enqueue({.kind = "backup", .payload = {{"backup", "b1"}}});
  auto running = q.enqueue({.kind = "restore", .payload = {{"restore", "r1"}}});
  EXPECT_EQ(q.active("backup", "backup", "b1")->id, queued.id);
  EXPECT_EQ(q.active("restore", "restore", "r1")->id, running.id);
  EXPECT_FALSE(q.active("backup", "backup", "r1"));
  EXPECT_FALSE(q.active("restore", "backup", "b1"));
  EXPECT_EQ(q.cancel(queued.id), CancelResult::cancelled);
  EXPECT_FALSE(q.active("backup", "backup", "b1")) << "a cancelled job is no longer active";
  EXPECT_EQ(q.get(queued.id)->state, "cancelled");
  auto job = q.claim({.worker_id = "w"});
  ASSERT_TRUE(job);
  EXPECT_EQ(job->id, running.id);  // the cancelled job is never claimed
  EXPECT_EQ(q.cancel(running.id), CancelResult::requested);
  EXPECT_EQ(q.heartbeat(running.id, "w", 30s), HeartbeatResult::cancel_requested);
  EXPECT_TRUE(q.finish_cancelled(running.id, "w"));
  EXPECT_EQ(q.get(running.id)->state, "cancelled");
  EXPECT_EQ(q.cancel(running.id), CancelResult::already_finished);
  EXPECT_EQ(q.cancel("no-such-job"), CancelResult::not_found);

  // A job being cancelled when its server died ends Cancelled, not retried.
  auto doomed = q.enqueue({.kind = "backup"});
  Time t0 = std::chrono::system_clock::now();
  ASSERT_TRUE(q.claim({.worker_id = "w2", .lease = 1s, .now = t0}));
  q.cancel(doomed.id);
  auto report = q.recover_expired(t0 + 5s);
  EXPECT_EQ(report.cancelled, std::vector<std::string>{doomed.id});
  EXPECT_EQ(q.get(doomed.id)->state, "cancelled");
}

TEST_P(CatalogTest, OverviewCountsByPhaseClusterAndSchedule) {
  auto c = open_catalog();
  int n = 0;
  for (const auto& [cluster, phase] : std::vector<std::pair<std::string, std::string>>{
           {"eu", "Completed"}, {"eu", "Completed"}, {"eu", "Failed"}, {"eu", "InProgress"},
           {"us", "Completed"}, {"us", "PartiallyFailed"}, {"us", "PartiallyFailed"}, {"us", "FailedValidation"}})
    c->backups().create({.name = "b" + std::to_string(n++), .location = "l", .cluster = cluster, .phase = phase});
  c->restores().create({.name = "r1", .backup = "b0", .cluster = "us", .phase = "Completed"});
  c->restores().create({.name = "r2", .backup = "b0", .cluster = "us", .phase = "Failed"});
  c->schedules().create({.name = "s1", .cluster = "eu", .cron = "@daily", .paused = true});
  c->schedules().create({.name = "s2", .cluster = "eu", .cron = "@hourly"});
  c->schedules().create({.name = "s3", .cluster = "us", .cron = "@hourly"});
  c->locations().create({.name = "down", .provider = "aws", .phase = "Unavailable"});
  c->locations().create({.name = "up", .provider = "aws", .phase = "Available"});

  Overview all = read_overview(c->executor());
  EXPECT_EQ(all.backups, 8);
  EXPECT_EQ(all.restores, 2);
  EXPECT_EQ(all.schedules, 3);
  EXPECT_EQ(all.paused_schedules, 1);
  EXPECT_EQ(all.clusters_with_schedules, 2);
  EXPECT_EQ(all.unavailable_locations, 1);
  EXPECT_EQ(all.backup_phases, (std::map<std::string, std::int64_t>{
                                   {"Completed", 3}, {"Failed", 1}, {"FailedValidation", 1}, {"InProgress", 1},
                                   {"PartiallyFailed", 2}}));
  EXPECT_EQ(all.restore_phases.at("Failed"), 1);
  ASSERT_EQ(all.success_by_cluster.size(), 2u);
  EXPECT_EQ(all.success_by_cluster[0].cluster, "eu");
  EXPECT_EQ(all.success_by_cluster[0].completed, 2);
  EXPECT_EQ(all.success_by_cluster[0].finished, 3);  // InProgress is not finished
  EXPECT_DOUBLE_EQ(all.success_by_cluster[1].rate(), 0.25);

  Overview us = read_overview(c->executor(), "us");
  EXPECT_EQ(us.backups, 4);
  EXPECT_EQ(us.restores, 2);
  EXPECT_EQ(us.schedules, 1);
  EXPECT_EQ(us.paused_schedules, 0);
  ASSERT_EQ(us.success_by_cluster.size(), 1u);
  EXPECT_EQ(read_overview(c->executor(), "nowhere").backups, 0);
}

TEST_P(CatalogTest, ClaimsAcrossTwoServersRespectTheClusterLimit) {
  auto a = open_catalog(4);
  auto b = open_catalog(4);
  for (int i = 0; i < 12; ++i) a->jobs().enqueue({.kind = "backup", .cluster = "only"});
  std::atomic<int> got{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&, i] {
      Catalog& c = i % 2 ? *a : *b;
      if (c.jobs().claim({.worker_id = "w" + std::to_string(i), .per_cluster_limit = 3})) ++got;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(got, 3);
  EXPECT_EQ(a->jobs().running_count("only"), 3);
}

COFFER_CATALOG_BACKENDS(CatalogTest);

}  // namespace
}  // namespace coffer::catalog
