#pragma once
// Catalog databases for tests: a fresh SQLite file or a fresh PostgreSQL database per test.
//
// PostgreSQL: COFFER_TEST_POSTGRES_URL (an admin URL of a server you run) is used when set;
// otherwise a private server is started once per test process from Debian's binaries
// (/usr/lib/postgresql/<v>/bin): initdb into a temporary directory, listening on 127.0.0.1 on a
// free port with its socket in that directory, trust authentication, fsync off. As root it runs
// as the "postgres" user (PostgreSQL refuses root). It is stopped (pg_ctl stop -m fast) and its
// directory removed at process exit.
#include <optional>
#include <string>

namespace coffer::catalog::testing {

enum class Backend { sqlite, postgres };
std::string backend_name(Backend b);

struct TestDatabase {
  std::string url;           // open_database URL; empty when unavailable
  std::string skip_reason;   // set: the backend cannot run here for a legitimate reason (skip)
  std::string error;         // set: the backend should run but failed to (fail the test)
};

// A new, empty database. For SQLite a file in a new temporary directory (removed at exit).
TestDatabase fresh_database(Backend backend);

// Stops the PostgreSQL server if this process started one (also done at exit).
void stop_test_postgres();

}  // namespace coffer::catalog::testing
