// PostgreSQL backend over libpq: a pool of connections, each with its own cache of prepared
// statements. Parameters are sent as text with their types left for the server to infer from
// context (write CAST($1 AS BIGINT) where the context says nothing, e.g. "$1 IS NULL").
#include <libpq-fe.h>

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "catalog/db/backends.h"

namespace coffer::catalog::db::detail {
namespace {

constexpr size_t kStatementCacheLimit = 256;
constexpr auto kPoolWait = std::chrono::seconds(60);

std::string field(const PGresult* res, int code) {
  const char* v = PQresultErrorField(res, code);
  return v ? v : "";
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

[[noreturn]] void throw_result(const PGresult* res, PGconn* conn, const std::string& operation) {
  std::string state = res ? field(res, PG_DIAG_SQLSTATE) : "";
  std::string primary = res ? field(res, PG_DIAG_MESSAGE_PRIMARY) : "";
  if (primary.empty()) primary = trim(conn ? PQerrorMessage(conn) : "no result");
  if (state.rfind("23", 0) == 0) {
    auto kind = ConstraintError::Kind::other;
    if (state == "23505") kind = ConstraintError::Kind::unique;
    if (state == "23503") kind = ConstraintError::Kind::foreign_key;
    if (state == "23502") kind = ConstraintError::Kind::not_null;
    if (state == "23514") kind = ConstraintError::Kind::check;
    std::vector<std::string> columns;
    // DETAIL: Key (a, b)=(x, y) already exists.
    std::string detail = field(res, PG_DIAG_MESSAGE_DETAIL);
    auto open = detail.find("Key (");
    auto close = detail.find(")=", open == std::string::npos ? 0 : open);
    if (open != std::string::npos && close != std::string::npos) {
      std::string list = detail.substr(open + 5, close - open - 5);
      size_t pos = 0;
      while (pos <= list.size()) {
        size_t comma = list.find(", ", pos);
        columns.push_back(list.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos));
        if (comma == std::string::npos) break;
        pos = comma + 2;
      }
    }
    std::string column = field(res, PG_DIAG_COLUMN_NAME);
    if (columns.empty() && !column.empty()) columns.push_back(column);
    throw ConstraintError(operation, primary, kind, field(res, PG_DIAG_TABLE_NAME), columns,
                          field(res, PG_DIAG_CONSTRAINT_NAME));
  }
  bool transient = state == "40001" || state == "40P01";
  throw DatabaseError(operation, primary + (state.empty() ? "" : " (SQLSTATE " + state + ")"), transient);
}

struct ResultPtr {
  PGresult* r;
  ~ResultPtr() { PQclear(r); }
};

void no_notices(void*, const char*) {}

class PgConn {
 public:
  PgConn(const std::string& url, const OpenOptions& options, const std::string& display) : display_(display) {
    std::string timeout = std::to_string(options.connect_timeout_s);
    const char* keys[] = {"dbname", "connect_timeout", "application_name", nullptr};
    const char* values[] = {url.c_str(), timeout.c_str(), "coffer", nullptr};
    conn_ = PQconnectdbParams(keys, values, 1);
    if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
      std::string msg = conn_ ? trim(PQerrorMessage(conn_)) : "out of memory";
      PQfinish(conn_);
      conn_ = nullptr;
      throw DatabaseError("connect to " + display, msg);
    }
    PQsetNoticeProcessor(conn_, no_notices, nullptr);
  }
  ~PgConn() { PQfinish(conn_); }
  PgConn(const PgConn&) = delete;
  PgConn& operator=(const PgConn&) = delete;

  bool healthy() const { return PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) == PQTRANS_IDLE; }

  Result query(std::string_view sql, const Params& params) {
    std::string key(sql);
    auto it = cache_.find(key);
    if (it == cache_.end()) {
      if (cache_.size() >= kStatementCacheLimit) {
        ResultPtr d{PQexec(conn_, "DEALLOCATE ALL")};
        cache_.clear();
      }
      std::string name = "coffer_" + std::to_string(next_statement_++);
      ResultPtr prep{PQprepare(conn_, name.c_str(), key.c_str(), 0, nullptr)};
      if (PQresultStatus(prep.r) != PGRES_COMMAND_OK) throw_result(prep.r, conn_, "prepare statement on " + display_);
      it = cache_.emplace(std::move(key), std::move(name)).first;
    }
    std::vector<std::string> texts(params.size());
    std::vector<const char*> ptrs(params.size(), nullptr);
    for (size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i];
      if (v.type() == Value::Type::integer)
        texts[i] = std::to_string(v.integer());
      else if (v.type() == Value::Type::real) {
        char buf[64];
        snprintf(buf, sizeof buf, "%.17g", v.real());
        texts[i] = buf;
      } else if (v.type() == Value::Type::text)
        texts[i] = v.text();
      else
        continue;  // NULL
      ptrs[i] = texts[i].c_str();
    }
    ResultPtr res{PQexecPrepared(conn_, it->second.c_str(), static_cast<int>(params.size()), ptrs.data(), nullptr,
                                 nullptr, 0)};
    auto status = PQresultStatus(res.r);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
      throw_result(res.r, conn_, "run statement on " + display_);
    return convert(res.r);
  }

  void script(std::string_view sql, const std::string& operation) {
    std::string text(sql);
    ResultPtr res{PQexec(conn_, text.c_str())};
    auto status = PQresultStatus(res.r);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) throw_result(res.r, conn_, operation);
  }

  void reset() {
    PQreset(conn_);
    cache_.clear();
  }

 private:
  static Result convert(PGresult* r) {
    Result result;
    int ncol = PQnfields(r);
    int nrow = PQntuples(r);
    std::vector<Oid> types(ncol);
    for (int c = 0; c < ncol; ++c) {
      result.columns.emplace_back(PQfname(r, c));
      types[c] = PQftype(r, c);
    }
    result.rows.reserve(nrow);
    for (int i = 0; i < nrow; ++i) {
      std::vector<Value> values;
      values.reserve(ncol);
      for (int c = 0; c < ncol; ++c) {
        if (PQgetisnull(r, i, c)) {
          values.emplace_back(nullptr);
          continue;
        }
        const char* v = PQgetvalue(r, i, c);
        switch (types[c]) {
          case 20: case 21: case 23:  // int8, int2, int4
            values.emplace_back(static_cast<long long>(std::strtoll(v, nullptr, 10)));
            break;
          case 16:  // bool
            values.emplace_back(v[0] == 't');
            break;
          case 700: case 701:  // float4, float8
            values.emplace_back(std::strtod(v, nullptr));
            break;
          default:
            values.emplace_back(std::string(v, PQgetlength(r, i, c)));
        }
      }
      result.rows.emplace_back(std::move(values));
    }
    const char* status = PQcmdStatus(r);
    if (std::strncmp(status, "SELECT", 6) != 0) {
      const char* n = PQcmdTuples(r);
      result.affected = (n && *n) ? std::strtoll(n, nullptr, 10) : 0;
    }
    return result;
  }

  PGconn* conn_ = nullptr;
  std::string display_;
  std::unordered_map<std::string, std::string> cache_;
  std::uint64_t next_statement_ = 0;
};

thread_local const void* t_active_transaction = nullptr;

class PgTransaction : public Transaction {
 public:
  PgTransaction(PgConn& conn, const std::string& display) : conn_(conn), display_(display) {}
  Dialect dialect() const override { return Dialect::postgres; }
  Result query(std::string_view sql, const Params& params) override { return conn_.query(sql, params); }
  void execute_script(std::string_view sql) override { conn_.script(sql, "run script on " + display_); }
  void atomically(const std::function<void(Executor&)>& fn) override { fn(*this); }

 private:
  PgConn& conn_;
  const std::string& display_;
};

class PgDatabase : public Database {
 public:
  PgDatabase(const std::string& url, const std::string& display, const OpenOptions& options)
      : url_(url), display_(display), options_(options), capacity_(std::max(1, options.pool_size)) {
    free_.push_back(std::make_unique<PgConn>(url_, options_, display_));  // fail early on a bad URL
    created_ = 1;
  }

  Dialect dialect() const override { return Dialect::postgres; }
  const std::string& display_url() const override { return display_; }

  Result query(std::string_view sql, const Params& params) override {
    check_not_in_transaction();
    Lease lease(*this);
    return lease.conn->query(sql, params);
  }

  void execute_script(std::string_view sql) override {
    check_not_in_transaction();
    Lease lease(*this);
    lease.conn->script(sql, "run script on " + display_);
  }

  void with_transaction(const std::function<void(Transaction&)>& fn, const TransactionOptions& options) override {
    check_not_in_transaction();
    for (int attempt = 1;; ++attempt) {
      try {
        Lease lease(*this);
        PgConn& conn = *lease.conn;
        conn.script(options.serializable ? "BEGIN ISOLATION LEVEL SERIALIZABLE" : "BEGIN",
                    "begin transaction on " + display_);
        t_active_transaction = this;
        struct Clear {
          ~Clear() { t_active_transaction = nullptr; }
        } clear;
        try {
          PgTransaction tx(conn, display_);
          fn(tx);
          conn.script("COMMIT", "commit transaction on " + display_);
          return;
        } catch (...) {
          try {
            conn.script("ROLLBACK", "roll back transaction on " + display_);
          } catch (const DatabaseError&) {
          }
          throw;
        }
      } catch (const DatabaseError& e) {
        if (!e.transient() || attempt >= options.max_attempts) throw;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5 * attempt));
    }
  }

 private:
  struct Lease {
    PgDatabase& db;
    std::unique_ptr<PgConn> conn;
    explicit Lease(PgDatabase& d) : db(d), conn(d.acquire()) {}
    ~Lease() { db.release(std::move(conn)); }
  };

  void check_not_in_transaction() const {
    if (t_active_transaction == this)
      throw DatabaseError("use " + display_,
                          "the Database was used directly inside with_transaction on the same thread; use the Transaction");
  }

  std::unique_ptr<PgConn> acquire() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      if (!free_.empty()) {
        auto c = std::move(free_.back());
        free_.pop_back();
        return c;
      }
      if (created_ < capacity_) {
        ++created_;
        lock.unlock();
        try {
          return std::make_unique<PgConn>(url_, options_, display_);
        } catch (...) {
          lock.lock();
          --created_;
          cv_.notify_one();
          throw;
        }
      }
      if (!cv_.wait_for(lock, kPoolWait, [&] { return !free_.empty() || created_ < capacity_; }))
        throw DatabaseError("use " + display_, "no free connection in the pool of " + std::to_string(capacity_) +
                                                   " after " + std::to_string(kPoolWait.count()) + "s");
    }
  }

  void release(std::unique_ptr<PgConn> conn) {
    if (!conn->healthy()) {
      conn->reset();
      if (!conn->healthy()) {
        std::lock_guard<std::mutex> lock(mutex_);
        --created_;
        cv_.notify_one();
        return;  // dropped; a new one is made when needed
      }
    }
    std::lock_guard<std::mutex> lock(mutex_);
    free_.push_back(std::move(conn));
    cv_.notify_one();
  }

  std::string url_;
  std::string display_;
  OpenOptions options_;
  int capacity_;
  int created_ = 0;
  std::vector<std::unique_ptr<PgConn>> free_;
  std::mutex mutex_;
  std::condition_variable cv_;
};

}  // namespace

std::unique_ptr<Database> open_postgres(const std::string& url, const std::string& display_url,
                                        const OpenOptions& options) {
  return std::make_unique<PgDatabase>(url, display_url, options);
}

}  // namespace coffer::catalog::db::detail
