#pragma once
// The catalog's database access: one small interface over embedded SQLite and PostgreSQL.
//
// SQL dialect: statements are written once, PostgreSQL-style, with numbered placeholders $1, $2,
// ... (SQLite receives them as ?1, ?2). Values travel only as parameters, never inside the SQL
// text. Portable types only: TEXT, BIGINT, DOUBLE PRECISION; booleans are BIGINT 0/1; times are
// BIGINT milliseconds since the Unix epoch (UTC), taken from the application clock so that both
// backends behave the same (servers sharing PostgreSQL are expected to run NTP).
//
// Threads: a Database is thread-safe. SQLite: one writer connection (serialised, WAL mode) and a
// pool of reader connections; read-only statements outside a transaction run on a reader.
// PostgreSQL: a pool of N connections. A Transaction belongs to the thread that runs it; inside
// with_transaction use the Transaction, not the Database, for statements that must be part of it.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace coffer::catalog::db {

enum class Dialect { sqlite, postgres };

// A parameter or a column value. Booleans bind as 0/1. (A tagged struct rather than a
// std::variant: GCC 12 reports false maybe-uninitialized warnings on moved variants.)
class Value {
 public:
  enum class Type { null, integer, real, text };
  Value() = default;
  Value(std::nullptr_t) {}
  Value(bool b) : type_(Type::integer), i_(b ? 1 : 0) {}
  Value(int i) : type_(Type::integer), i_(i) {}
  Value(long i) : type_(Type::integer), i_(i) {}
  Value(long long i) : type_(Type::integer), i_(static_cast<std::int64_t>(i)) {}
  Value(unsigned i) : type_(Type::integer), i_(i) {}
  Value(double d) : type_(Type::real), d_(d) {}
  Value(std::string s) : type_(Type::text), s_(std::move(s)) {}
  Value(std::string_view s) : type_(Type::text), s_(s) {}
  Value(const char* s) : type_(Type::text), s_(s) {}
  template <typename T>
  Value(const std::optional<T>& o) {
    if (o) *this = Value(*o);
  }
  Type type() const { return type_; }
  bool is_null() const { return type_ == Type::null; }
  std::int64_t integer() const { return i_; }  // meaningful for Type::integer
  double real() const { return d_; }           // Type::real
  const std::string& text() const { return s_; }  // Type::text

 private:
  Type type_ = Type::null;
  std::int64_t i_ = 0;
  double d_ = 0;
  std::string s_;
};
using Params = std::vector<Value>;

// One result row. Accessors convert between integer and text representations and throw
// DatabaseError on a NULL (use the opt_ forms) or an unconvertible value.
class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  size_t size() const { return values_.size(); }
  bool is_null(size_t col) const;
  std::int64_t i64(size_t col) const;
  double f64(size_t col) const;
  bool boolean(size_t col) const { return i64(col) != 0; }
  std::string text(size_t col) const;
  std::optional<std::int64_t> opt_i64(size_t col) const;
  std::optional<std::string> opt_text(size_t col) const;
  const Value& value(size_t col) const;

 private:
  std::vector<Value> values_;
};

struct Result {
  std::vector<std::string> columns;
  std::vector<Row> rows;
  std::int64_t affected = 0;  // rows changed by INSERT/UPDATE/DELETE
  bool empty() const { return rows.empty(); }
};

// What runs statements: the Database itself (autocommit) or an open Transaction.
class Executor {
 public:
  virtual ~Executor() = default;
  virtual Dialect dialect() const = 0;
  virtual Result query(std::string_view sql, const Params& params = {}) = 0;
  // Runs a statement for its effect; returns the number of rows changed.
  std::int64_t execute(std::string_view sql, const Params& params = {}) { return query(sql, params).affected; }
  // Runs several ';'-separated statements without parameters (migrations).
  virtual void execute_script(std::string_view sql) = 0;
  // Runs fn atomically: the Database begins a transaction (with retries); a Transaction runs fn
  // inline as part of itself. Lets repository code be atomic whether or not its caller is.
  virtual void atomically(const std::function<void(Executor&)>& fn) = 0;
};

class Transaction : public Executor {};

struct TransactionOptions {
  int max_attempts = 5;       // retries on SQLITE_BUSY, PostgreSQL 40001/40P01
  bool serializable = false;  // PostgreSQL: SERIALIZABLE instead of READ COMMITTED
};

class Database : public Executor {
 public:
  // Runs fn in a transaction and commits; rolls back and rethrows if fn throws. On a transient
  // conflict (SQLITE_BUSY after busy_timeout, PostgreSQL serialization failure or deadlock) the
  // whole fn is run again, so fn must not have effects outside the transaction it cannot repeat.
  virtual void with_transaction(const std::function<void(Transaction&)>& fn,
                                const TransactionOptions& options = {}) = 0;
  void atomically(const std::function<void(Executor&)>& fn) override {
    with_transaction([&](Transaction& tx) { fn(tx); });
  }
  // The URL with its password replaced by "***", for logs and messages.
  virtual const std::string& display_url() const = 0;
};

struct OpenOptions {
  int pool_size = 8;             // PostgreSQL connections; SQLite reader connections
  int busy_timeout_ms = 10000;   // SQLite: how long a writer waits for another process's lock
  int connect_timeout_s = 10;    // PostgreSQL
};

// "sqlite:///abs/path/catalog.db", "sqlite:relative.db", a plain file path, or
// "postgres://user:password@host:port/db?sslmode=..." (also "postgresql://"). SQLite creates
// the file (not its directory) and switches it to WAL. Throws DatabaseError.
std::unique_ptr<Database> open_database(const std::string& url, const OpenOptions& options = {});

// "postgres://user:secret@h/db" -> "postgres://user:***@h/db"; also redacts password=... pairs.
std::string redact_url(std::string_view url);

// A failure of a database operation. what() names the operation and the database (redacted URL),
// never a password.
class DatabaseError : public std::runtime_error {
 public:
  DatabaseError(const std::string& operation, const std::string& message, bool transient = false);
  const std::string& operation() const { return operation_; }
  const std::string& detail() const { return detail_; }
  // A conflict worth retrying the transaction for (busy, serialization failure, deadlock).
  bool transient() const { return transient_; }

 private:
  std::string operation_;
  std::string detail_;
  bool transient_;
};

// A statement violated a constraint. For unique violations, table() and columns() say which
// (e.g. "storage_locations", {"name"}) so callers can answer "a location named X exists".
class ConstraintError : public DatabaseError {
 public:
  enum class Kind { unique, foreign_key, not_null, check, other };
  ConstraintError(const std::string& operation, const std::string& message, Kind kind, std::string table,
                  std::vector<std::string> columns, std::string constraint);
  Kind kind() const { return kind_; }
  const std::string& table() const { return table_; }
  const std::vector<std::string>& columns() const { return columns_; }
  const std::string& constraint() const { return constraint_; }  // PostgreSQL's name; SQLite: ""
  bool is_unique() const { return kind_ == Kind::unique; }

 private:
  Kind kind_;
  std::string table_;
  std::vector<std::string> columns_;
  std::string constraint_;
};

// Milliseconds since the Unix epoch, UTC, from the application clock.
std::int64_t now_ms();

}  // namespace coffer::catalog::db
