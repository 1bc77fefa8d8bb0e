#include "catalog/db/database.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "catalog/db/migrations.h"
#include "catalog/testing/backend_test.h"

namespace coffer::catalog::db {
namespace {

using catalog::testing::BackendTest;

class DatabaseTest : public BackendTest {};

std::vector<Migration> test_migrations(int n) {
  std::vector<Migration> m;
  for (int i = 1; i <= n; ++i)
    m.push_back({i, "table t" + std::to_string(i),
                 "CREATE TABLE t" + std::to_string(i) + " (id TEXT PRIMARY KEY, n BIGINT NOT NULL DEFAULT 0)", "", ""});
  return m;
}

TEST_P(DatabaseTest, ParametersAndTypesRoundTrip) {
  auto db = open();
  db->execute_script("CREATE TABLE v (id TEXT PRIMARY KEY, i BIGINT, d DOUBLE PRECISION, s TEXT)");
  std::string tricky = "it's \"quoted\" ; DROP TABLE v; -- $1 ? \xc3\xa9";
  db->execute("INSERT INTO v (id, i, d, s) VALUES ($1, $2, $3, $4)",
              {"a", static_cast<long long>(INT64_MAX), 2.5, tricky});
  db->execute("INSERT INTO v (id, i, d, s) VALUES ($1, $2, $3, $4)", {"b", -7, nullptr, std::optional<std::string>()});
  auto r = db->query("SELECT id, i, d, s FROM v WHERE id = $2 OR id = $1 ORDER BY id", {"b", "a"});
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.columns, (std::vector<std::string>{"id", "i", "d", "s"}));
  EXPECT_EQ(r.rows[0].i64(1), INT64_MAX);
  EXPECT_DOUBLE_EQ(r.rows[0].f64(2), 2.5);
  EXPECT_EQ(r.rows[0].text(3), tricky);
  EXPECT_EQ(r.rows[1].i64(1), -7);
  EXPECT_TRUE(r.rows[1].is_null(2));
  EXPECT_FALSE(r.rows[1].opt_text(3).has_value());
  EXPECT_THROW(r.rows[1].text(3), DatabaseError);
  // The same placeholder twice, and counts of changed rows.
  EXPECT_EQ(db->execute("UPDATE v SET i = $1 + 1, s = $2 WHERE id = $2", {10, "a"}), 1);
  EXPECT_EQ(db->query("SELECT i FROM v WHERE id = 'a'").rows[0].i64(0), 11);
  EXPECT_EQ(db->execute("DELETE FROM v WHERE id = $1", {"missing"}), 0);
  EXPECT_EQ(db->query("SELECT COUNT(*) FROM v").affected, 0);
}

TEST_P(DatabaseTest, TransactionsCommitAndRollBack) {
  auto db = open();
  db->execute_script("CREATE TABLE t (id TEXT PRIMARY KEY)");
  db->with_transaction([](Transaction& tx) { tx.execute("INSERT INTO t (id) VALUES ($1)", {"kept"}); });
  EXPECT_THROW(db->with_transaction([](Transaction& tx) {
    tx.execute("INSERT INTO t (id) VALUES ($1)", {"dropped"});
    EXPECT_EQ(tx.query("SELECT COUNT(*) FROM t").rows[0].i64(0), 2);
    throw std::runtime_error("boom");
  }),
               std::runtime_error);
  auto r = db->query("SELECT id FROM t ORDER BY id");
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].text(0), "kept");
  // atomically() on a Transaction joins it: the rollback takes the inner work too.
  EXPECT_THROW(db->with_transaction([](Transaction& tx) {
    tx.atomically([](Executor& inner) { inner.execute("INSERT INTO t (id) VALUES ('inner')"); });
    throw std::runtime_error("boom");
  }),
               std::runtime_error);
  EXPECT_EQ(db->query("SELECT COUNT(*) FROM t").rows[0].i64(0), 1);
  // Using the Database itself inside its transaction on the same thread is a programming error.
  EXPECT_THROW(db->with_transaction([&](Transaction&) { db->query("SELECT 1"); }), DatabaseError);
}

TEST_P(DatabaseTest, UniqueViolationNamesTableAndColumns) {
  auto db = open();
  db->execute_script("CREATE TABLE locs (name TEXT PRIMARY KEY, bucket TEXT NOT NULL, UNIQUE (bucket))");
  db->execute("INSERT INTO locs (name, bucket) VALUES ($1, $2)", {"a", "b1"});
  try {
    db->execute("INSERT INTO locs (name, bucket) VALUES ($1, $2)", {"a", "b2"});
    FAIL() << "expected a unique violation";
  } catch (const ConstraintError& e) {
    EXPECT_TRUE(e.is_unique());
    EXPECT_EQ(e.table(), "locs");
    EXPECT_EQ(e.columns(), std::vector<std::string>{"name"});
  }
  try {
    db->execute("INSERT INTO locs (name, bucket) VALUES ($1, $2)", {"c", "b1"});
    FAIL() << "expected a unique violation";
  } catch (const ConstraintError& e) {
    EXPECT_EQ(e.columns(), std::vector<std::string>{"bucket"});
  }
  try {
    db->execute("INSERT INTO locs (name, bucket) VALUES ($1, $2)", {"d", nullptr});
    FAIL() << "expected a not-null violation";
  } catch (const ConstraintError& e) {
    EXPECT_EQ(e.kind(), ConstraintError::Kind::not_null);
  }
  EXPECT_THROW(db->query("SELECT nope FROM locs"), DatabaseError);
}

TEST_P(DatabaseTest, MigrationsApplyOnceAndSurviveReopen) {
  {
    auto db = open();
    auto report = apply_migrations(*db, test_migrations(2), "test");
    EXPECT_EQ(report.from_version, 0);
    EXPECT_EQ(report.to_version, 2);
    EXPECT_EQ(report.applied, (std::vector<int>{1, 2}));
    EXPECT_EQ(schema_version(*db), 2);
  }
  auto db = open();
  auto again = apply_migrations(*db, test_migrations(2), "test");
  EXPECT_TRUE(again.applied.empty());
  auto more = apply_migrations(*db, test_migrations(3), "test");
  EXPECT_EQ(more.from_version, 2);
  EXPECT_EQ(more.applied, std::vector<int>{3});
  EXPECT_EQ(db->query("SELECT COUNT(*) FROM schema_version").rows[0].i64(0), 3);
}

TEST_P(DatabaseTest, MigrationsRefuseANewerSchema) {
  auto db = open();
  apply_migrations(*db, test_migrations(7), "catalog");
  try {
    apply_migrations(*db, test_migrations(5), "catalog");
    FAIL() << "expected SchemaTooNewError";
  } catch (const SchemaTooNewError& e) {
    EXPECT_NE(std::string(e.what()).find("catalog schema version 7 is newer than this coffer (5); upgrade coffer"),
              std::string::npos)
        << e.what();
  }
}

TEST_P(DatabaseTest, FailedMigrationLeavesNothingBehind) {
  auto db = open();
  auto migrations = test_migrations(1);
  migrations.push_back({2, "broken", "CREATE TABLE ok2 (id TEXT); CREATE TABLE nonsense (", "", ""});
  try {
    apply_migrations(*db, migrations, "catalog");
    FAIL() << "expected the broken migration to fail";
  } catch (const DatabaseError& e) {
    EXPECT_NE(std::string(e.what()).find("migration 2 (broken)"), std::string::npos) << e.what();
  }
  EXPECT_EQ(schema_version(*db), 0);
  EXPECT_THROW(db->query("SELECT COUNT(*) FROM t1"), DatabaseError);
}

TEST_P(DatabaseTest, ConcurrentStartsApplyMigrationsOnce) {
  std::atomic<int> applied{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> servers;
  for (int i = 0; i < 4; ++i)
    servers.emplace_back([&] {
      try {
        auto db = open(2);
        applied += static_cast<int>(apply_migrations(*db, test_migrations(4), "catalog").applied.size());
      } catch (const std::exception& e) {
        ADD_FAILURE() << e.what();
        ++failures;
      }
    });
  for (auto& t : servers) t.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(applied, 4);
  auto db = open();
  EXPECT_EQ(db->query("SELECT COUNT(*) FROM schema_version").rows[0].i64(0), 4);
}

TEST_P(DatabaseTest, ConcurrentWritersFromManyThreads) {
  auto db = open(4);
  db->execute_script("CREATE TABLE counter (id TEXT PRIMARY KEY, n BIGINT NOT NULL)");
  db->execute("INSERT INTO counter (id, n) VALUES ('c', 0)");
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&] {
      for (int k = 0; k < 25; ++k)
        db->with_transaction([](Transaction& tx) {
          auto n = tx.query("SELECT n FROM counter WHERE id = 'c'").rows[0].i64(0);
          tx.execute("UPDATE counter SET n = $1 WHERE id = 'c'", {n + 1});
        }, {.max_attempts = 50, .serializable = true});
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(db->query("SELECT n FROM counter").rows[0].i64(0), 200);
}

COFFER_CATALOG_BACKENDS(DatabaseTest);

TEST(DatabaseUrl, PasswordsAreRedacted) {
  EXPECT_EQ(redact_url("postgres://coffer:s3cret@db.example:5432/catalog"), "postgres://coffer:***@db.example:5432/catalog");
  EXPECT_EQ(redact_url("postgresql://u:p%40ss@h/db?sslmode=require"), "postgresql://u:***@h/db?sslmode=require");
  EXPECT_EQ(redact_url("postgres://h/db?user=u&password=s3cret&sslmode=disable"),
            "postgres://h/db?user=u&password=***&sslmode=disable");
  EXPECT_EQ(redact_url("postgres://coffer@h/db"), "postgres://coffer@h/db");
  EXPECT_EQ(redact_url("sqlite:///var/lib/coffer/catalog.db"), "sqlite:///var/lib/coffer/catalog.db");
}

TEST(DatabaseUrl, ConnectionErrorsNeverShowThePassword) {
  // Port 1 on loopback: nothing listens there, the connection is refused at once.
  try {
    open_database("postgres://coffer:s3cret-pass@127.0.0.1:1/catalog?connect_timeout=2");
    FAIL() << "expected a connection failure";
  } catch (const DatabaseError& e) {
    std::string what = e.what();
    EXPECT_EQ(what.find("s3cret-pass"), std::string::npos) << what;
    EXPECT_NE(what.find("postgres://coffer:***@127.0.0.1:1/catalog"), std::string::npos) << what;
    EXPECT_NE(what.find("connect"), std::string::npos) << what;
  }
}

TEST(DatabaseUrl, UnsupportedSchemeIsRefused) {
  try {
    open_database("mysql://root:hunter2@localhost/x");
    FAIL();
  } catch (const DatabaseError& e) {
    EXPECT_EQ(std::string(e.what()).find("hunter2"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("unsupported URL scheme"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace coffer::catalog::db
