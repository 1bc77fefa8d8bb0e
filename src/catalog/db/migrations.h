#pragma once
// Numbered schema migrations, applied in one transaction when a database is opened.
//
// The schema_version table records each applied version. apply_migrations is idempotent (a
// re-open applies nothing), refuses a database whose schema is newer than the newest migration
// this binary knows (a downgrade would corrupt it), and is safe when several servers start at
// once on one PostgreSQL: the transaction first takes pg_advisory_xact_lock, so the second
// server waits and then finds the work done. On SQLite the write transaction serialises starts.
#include <string>
#include <vector>

#include "catalog/db/database.h"

namespace coffer::catalog::db {

struct Migration {
  int version = 0;          // 1, 2, 3, ... without gaps
  std::string description;  // recorded in schema_version
  std::string sql;          // ';'-separated statements for both dialects
  std::string sqlite_sql;   // when set, replaces sql on SQLite
  std::string postgres_sql; // when set, replaces sql on PostgreSQL
};

struct MigrationReport {
  int from_version = 0;  // 0 for a fresh database
  int to_version = 0;
  std::vector<int> applied;
};

// Throws SchemaTooNewError, or DatabaseError naming the migration that failed (nothing of it is
// kept: the transaction rolls back).
MigrationReport apply_migrations(Database& db, const std::vector<Migration>& migrations,
                                 const std::string& schema_name = "catalog");

// The highest applied version, 0 when there is no schema_version table yet.
int schema_version(Executor& db);

class SchemaTooNewError : public DatabaseError {
 public:
  SchemaTooNewError(const std::string& schema_name, int database_version, int binary_version);
  int database_version() const { return database_version_; }
  int binary_version() const { return binary_version_; }

 private:
  int database_version_;
  int binary_version_;
};

}  // namespace coffer::catalog::db
