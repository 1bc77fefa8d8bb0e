// SQLite backend: one writer connection (all writes and transactions, serialised by a mutex,
// BEGIN IMMEDIATE so a transaction holds the write lock from its start) and a pool of read-only
// connections for autocommit reads. WAL lets the readers run while the writer writes; another
// process on the same file (a second server, the CLI) is waited for through busy_timeout.
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "catalog/db/backends.h"

namespace coffer::catalog::db::detail {
namespace {

constexpr size_t kStatementCacheLimit = 256;

[[noreturn]] void throw_sqlite(sqlite3* db, int rc, const std::string& operation) {
  std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  int primary = rc & 0xff;
  if (primary == SQLITE_CONSTRAINT) {
    auto kind = ConstraintError::Kind::other;
    switch (rc) {
      case SQLITE_CONSTRAINT_UNIQUE:
      case SQLITE_CONSTRAINT_PRIMARYKEY: kind = ConstraintError::Kind::unique; break;
      case SQLITE_CONSTRAINT_FOREIGNKEY: kind = ConstraintError::Kind::foreign_key; break;
      case SQLITE_CONSTRAINT_NOTNULL: kind = ConstraintError::Kind::not_null; break;
      case SQLITE_CONSTRAINT_CHECK: kind = ConstraintError::Kind::check; break;
      default: break;
    }
    // "UNIQUE constraint failed: t.a, t.b" or "UNIQUE constraint failed: index 'name'"
    std::string table, constraint;
    std::vector<std::string> columns;
    auto colon = msg.find(": ");
    if (colon != std::string::npos) {
      std::string rest = msg.substr(colon + 2);
      if (rest.rfind("index '", 0) == 0) {
        constraint = rest.substr(7, rest.size() > 8 ? rest.size() - 8 : 0);
      } else if (kind == ConstraintError::Kind::check) {
        constraint = rest;
      } else {
        size_t pos = 0;
        while (pos < rest.size()) {
          size_t comma = rest.find(", ", pos);
          std::string item = rest.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
          auto dot = item.find('.');
          if (dot != std::string::npos) {
            table = item.substr(0, dot);
            columns.push_back(item.substr(dot + 1));
          }
          if (comma == std::string::npos) break;
          pos = comma + 2;
        }
      }
    }
    throw ConstraintError(operation, msg, kind, table, columns, constraint);
  }
  bool transient = primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
  throw DatabaseError(operation, msg, transient);
}

class SqliteConn {
 public:
  SqliteConn(const std::string& path, bool readonly, const OpenOptions& options, const std::string& display)
      : display_(display) {
    int flags = SQLITE_OPEN_NOMUTEX | (readonly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
    int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      sqlite3_close_v2(db_);
      db_ = nullptr;
      throw DatabaseError("open catalog database " + display, msg);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, options.busy_timeout_ms);
    if (!readonly) {
      script("PRAGMA journal_mode=WAL", "open catalog database " + display);
      script("PRAGMA synchronous=NORMAL", "open catalog database " + display);
    } else {
      script("PRAGMA query_only=1", "open catalog database " + display);
    }
    script("PRAGMA foreign_keys=ON", "open catalog database " + display);
    // Readers map the file instead of copying pages into each connection's cache.
    script("PRAGMA mmap_size=268435456", "open catalog database " + display);
  }
  ~SqliteConn() {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }
  SqliteConn(const SqliteConn&) = delete;
  SqliteConn& operator=(const SqliteConn&) = delete;

  sqlite3_stmt* prepare(std::string_view sql) {
    std::string key(sql);
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
    if (cache_.size() >= kStatementCacheLimit) {
      for (auto& [s, stmt] : cache_) sqlite3_finalize(stmt);
      cache_.clear();
    }
    std::string translated = translate_placeholders_for_sqlite(sql);
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, translated.c_str(), static_cast<int>(translated.size()), SQLITE_PREPARE_PERSISTENT,
                                &stmt, nullptr);
    if (rc != SQLITE_OK) throw_sqlite(db_, rc, "prepare statement on " + display_);
    cache_.emplace(std::move(key), stmt);
    return stmt;
  }

  Result run(sqlite3_stmt* stmt, const Params& params) {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    struct Resetter {
      sqlite3_stmt* s;
      ~Resetter() { sqlite3_reset(s); }
    } resetter{stmt};
    int expected = sqlite3_bind_parameter_count(stmt);
    if (expected != static_cast<int>(params.size()))
      throw DatabaseError("run statement on " + display_, "statement takes " + std::to_string(expected) +
                                                              " parameters, " + std::to_string(params.size()) + " given");
    for (size_t i = 0; i < params.size(); ++i) {
      int idx = static_cast<int>(i) + 1;
      const Value& v = params[i];
      int rc = SQLITE_OK;
      switch (v.type()) {
        case Value::Type::null: rc = sqlite3_bind_null(stmt, idx); break;
        case Value::Type::integer: rc = sqlite3_bind_int64(stmt, idx, v.integer()); break;
        case Value::Type::real: rc = sqlite3_bind_double(stmt, idx, v.real()); break;
        case Value::Type::text:
          rc = sqlite3_bind_text64(stmt, idx, v.text().data(), v.text().size(), SQLITE_TRANSIENT, SQLITE_UTF8);
          break;
      }
      if (rc != SQLITE_OK) throw_sqlite(db_, rc, "bind parameter on " + display_);
    }
    Result result;
    int ncol = sqlite3_column_count(stmt);
    for (int c = 0; c < ncol; ++c) result.columns.emplace_back(sqlite3_column_name(stmt, c));
    for (;;) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) throw_sqlite(db_, rc, "run statement on " + display_);
      std::vector<Value> values;
      values.reserve(ncol);
      for (int c = 0; c < ncol; ++c) {
        switch (sqlite3_column_type(stmt, c)) {
          case SQLITE_INTEGER: values.emplace_back(static_cast<long long>(sqlite3_column_int64(stmt, c))); break;
          case SQLITE_FLOAT: values.emplace_back(sqlite3_column_double(stmt, c)); break;
          case SQLITE_NULL: values.emplace_back(nullptr); break;
          default: {
            auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
            values.emplace_back(std::string(p, sqlite3_column_bytes(stmt, c)));
          }
        }
      }
      result.rows.emplace_back(std::move(values));
    }
    result.affected = sqlite3_stmt_readonly(stmt) ? 0 : sqlite3_changes(db_);
    return result;
  }

  Result query(std::string_view sql, const Params& params) { return run(prepare(sql), params); }

  void script(std::string_view sql, const std::string& operation) {
    std::string text(sql);
    const char* tail = text.c_str();
    while (tail && *tail) {
      sqlite3_stmt* stmt = nullptr;
      int rc = sqlite3_prepare_v2(db_, tail, -1, &stmt, &tail);
      if (rc != SQLITE_OK) throw_sqlite(db_, rc, operation);
      if (!stmt) continue;  // whitespace or comment
      do rc = sqlite3_step(stmt);
      while (rc == SQLITE_ROW);
      if (rc != SQLITE_DONE) {
        std::string keep = sqlite3_errmsg(db_);
        sqlite3_finalize(stmt);
        throw_sqlite(db_, rc, operation);
      }
      sqlite3_finalize(stmt);
    }
  }

 private:
  sqlite3* db_ = nullptr;
  std::string display_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

class SqliteDatabase;

class SqliteTransaction : public Transaction {
 public:
  SqliteTransaction(SqliteConn& conn, const std::string& display) : conn_(conn), display_(display) {}
  Dialect dialect() const override { return Dialect::sqlite; }
  Result query(std::string_view sql, const Params& params) override { return conn_.query(sql, params); }
  void execute_script(std::string_view sql) override { conn_.script(sql, "run script on " + display_); }
  void atomically(const std::function<void(Executor&)>& fn) override { fn(*this); }

 private:
  SqliteConn& conn_;
  const std::string& display_;
};

class SqliteDatabase : public Database {
 public:
  SqliteDatabase(const std::string& path, const std::string& display, const OpenOptions& options)
      : display_(display) {
    writer_ = std::make_unique<SqliteConn>(path, false, options, display_);
    int readers = std::max(1, options.pool_size);
    for (int i = 0; i < readers; ++i) {
      readers_.push_back(std::make_unique<SqliteConn>(path, true, options, display_));
      free_.push_back(readers_.back().get());
    }
  }

  Dialect dialect() const override { return Dialect::sqlite; }
  const std::string& display_url() const override { return display_; }

  Result query(std::string_view sql, const Params& params) override {
    check_not_in_transaction();
    SqliteConn* reader = acquire_reader();
    struct Release {
      SqliteDatabase* self;
      SqliteConn* c;
      ~Release() { self->release_reader(c); }
    } release{this, reader};
    sqlite3_stmt* stmt = reader->prepare(sql);
    if (sqlite3_stmt_readonly(stmt)) return reader->run(stmt, params);
    auto lock = lock_writer();
    return writer_->query(sql, params);
  }

  void execute_script(std::string_view sql) override {
    auto lock = lock_writer();
    writer_->script(sql, "run script on " + display_);
  }

  void with_transaction(const std::function<void(Transaction&)>& fn, const TransactionOptions& options) override {
    for (int attempt = 1;; ++attempt) {
      auto lock = lock_writer();  // throws on a nested transaction
      owner_ = std::this_thread::get_id();
      struct ClearOwner {
        std::atomic<std::thread::id>& o;
        ~ClearOwner() { o = std::thread::id(); }
      } clear{owner_};
      try {
        writer_->script("BEGIN IMMEDIATE", "begin transaction on " + display_);
        try {
          SqliteTransaction tx(*writer_, display_);
          fn(tx);
          writer_->script("COMMIT", "commit transaction on " + display_);
          return;
        } catch (...) {
          try {
            writer_->script("ROLLBACK", "roll back transaction on " + display_);
          } catch (const DatabaseError&) {
          }
          throw;
        }
      } catch (const DatabaseError& e) {
        if (!e.transient() || attempt >= options.max_attempts) throw;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10 * attempt));
    }
  }

 private:
  void check_not_in_transaction() const {
    if (owner_.load() == std::this_thread::get_id())
      throw DatabaseError("use " + display_,
                          "the Database was used directly inside with_transaction on the same thread; use the Transaction");
  }
  std::unique_lock<std::mutex> lock_writer() {
    check_not_in_transaction();
    return std::unique_lock<std::mutex>(writer_mutex_);
  }
  SqliteConn* acquire_reader() {
    std::unique_lock<std::mutex> lock(pool_mutex_);
    pool_cv_.wait(lock, [&] { return !free_.empty(); });
    SqliteConn* c = free_.back();
    free_.pop_back();
    return c;
  }
  void release_reader(SqliteConn* c) {
    {
      std::lock_guard<std::mutex> lock(pool_mutex_);
      free_.push_back(c);
    }
    pool_cv_.notify_one();
  }

  std::string display_;
  std::unique_ptr<SqliteConn> writer_;
  std::mutex writer_mutex_;
  std::atomic<std::thread::id> owner_{};
  std::vector<std::unique_ptr<SqliteConn>> readers_;
  std::vector<SqliteConn*> free_;
  std::mutex pool_mutex_;
  std::condition_variable pool_cv_;
};

}  // namespace

std::unique_ptr<Database> open_sqlite(const std::string& path, const std::string& display_url,
                                      const OpenOptions& options) {
  return std::make_unique<SqliteDatabase>(path, display_url, options);
}

}  // namespace coffer::catalog::db::detail
