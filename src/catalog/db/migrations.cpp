#include "catalog/db/migrations.h"

namespace coffer::catalog::db {

namespace {
// An arbitrary constant shared by every coffer server: the advisory lock key for migrations.
constexpr long long kMigrationLockKey = 0x436f66666572LL;  // "Coffer"

const char* kCreateVersionTable =
    "CREATE TABLE IF NOT EXISTS schema_version ("
    " version BIGINT PRIMARY KEY,"
    " description TEXT NOT NULL,"
    " applied_at BIGINT NOT NULL)";

bool version_table_exists(Executor& db) {
  auto r = db.dialect() == Dialect::postgres
               ? db.query("SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() "
                          "AND table_name = 'schema_version'")
               : db.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'");
  return !r.empty();
}
}  // namespace

SchemaTooNewError::SchemaTooNewError(const std::string& schema_name, int database_version, int binary_version)
    : DatabaseError("open " + schema_name + " database",
                    schema_name + " schema version " + std::to_string(database_version) +
                        " is newer than this coffer (" + std::to_string(binary_version) + "); upgrade coffer"),
      database_version_(database_version),
      binary_version_(binary_version) {}

int schema_version(Executor& db) {
  if (!version_table_exists(db)) return 0;
  auto r = db.query("SELECT MAX(version) FROM schema_version");
  return r.empty() || r.rows[0].is_null(0) ? 0 : static_cast<int>(r.rows[0].i64(0));
}

MigrationReport apply_migrations(Database& db, const std::vector<Migration>& migrations,
                                 const std::string& schema_name) {
  int latest = 0;
  for (const auto& m : migrations) {
    if (m.version != latest + 1)
      throw DatabaseError("migrate " + schema_name + " database",
                          "migrations must be numbered 1, 2, 3, ... (found " + std::to_string(m.version) + " after " +
                              std::to_string(latest) + ")");
    latest = m.version;
  }
  MigrationReport report;
  db.with_transaction([&](Transaction& tx) {
    report = MigrationReport{};
    if (tx.dialect() == Dialect::postgres) tx.query("SELECT pg_advisory_xact_lock($1)", {kMigrationLockKey});
    tx.execute_script(kCreateVersionTable);
    int current = schema_version(tx);
    report.from_version = current;
    report.to_version = current;
    if (current > latest) throw SchemaTooNewError(schema_name, current, latest);
    for (const auto& m : migrations) {
      if (m.version <= current) continue;
      const std::string& sql = tx.dialect() == Dialect::postgres ? (m.postgres_sql.empty() ? m.sql : m.postgres_sql)
                                                                 : (m.sqlite_sql.empty() ? m.sql : m.sqlite_sql);
      try {
        tx.execute_script(sql);
      } catch (const DatabaseError& e) {
        if (e.transient()) throw;
        throw DatabaseError("apply " + schema_name + " migration " + std::to_string(m.version) + " (" +
                                m.description + ")",
                            e.what());
      }
      tx.execute("INSERT INTO schema_version (version, description, applied_at) VALUES ($1, $2, $3)",
                 {m.version, m.description, now_ms()});
      report.applied.push_back(m.version);
      report.to_version = m.version;
    }
  });
  return report;
}

}  // namespace coffer::catalog::db
