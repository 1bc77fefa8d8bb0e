// The durable job queue.
//
// Claiming is one transaction. On SQLite the write transaction (BEGIN IMMEDIATE) already
// serialises claimers, across processes too. On PostgreSQL claimers first take a transaction
// advisory lock: claims are short, and serialising them makes the per-cluster running count
// exact across servers (with READ COMMITTED and SKIP LOCKED alone, two servers could both see
// one free slot and both take it). FOR UPDATE SKIP LOCKED still keeps a claimer from waiting on a
// row another transaction (a cancel, a recovery) is changing.
#include "catalog/table.h"

namespace coffer::catalog {
namespace detail {
namespace {

constexpr long long kClaimLockKey = 0x436f666a6f6273LL;  // "Cofjobs"

long long ms(Time t) { return static_cast<long long>(to_ms(t)); }

struct JobTable {
  static Fields fields(const Job& j) {
    return {{"id", j.id},
            {"kind", j.kind},
            {"payload_json", json_text(j.payload)},
            {"cluster", j.cluster},
            {"state", j.state},
            {"attempts", static_cast<long long>(j.attempts)},
            {"max_attempts", static_cast<long long>(j.max_attempts)},
            {"lease_owner", j.lease_owner},
            {"lease_expires_at", opt_ms(j.lease_expires_at)},
            {"cancel_requested", j.cancel_requested},
            {"error", j.error},
            {"result_json", json_text(j.result)},
            {"not_before", ms(j.not_before)},
            {"created_at", ms(j.created_at)},
            {"updated_at", ms(j.updated_at)}};
  }
  static const std::string& columns() {
    static const std::string c = column_list(fields(Job{}));
    return c;
  }
  static Job read(const db::Row& row) {
    RowReader r(row);
    Job j;
    j.id = r.text();
    j.kind = r.text();
    j.payload = r.json();
    j.cluster = r.text();
    j.state = r.text();
    j.attempts = r.i64();
    j.max_attempts = r.i64();
    j.lease_owner = r.text();
    j.lease_expires_at = r.opt_time();
    j.cancel_requested = r.boolean();
    j.error = r.text();
    j.result = r.json();
    j.not_before = r.time();
    j.created_at = r.time();
    j.updated_at = r.time();
    return j;
  }
  static const ListSpec& list_spec() {
    static const ListSpec spec{.table = "jobs",
                               .columns = columns(),
                               .key_column = "id",
                               .filters = {{"kind", "kind"},
                                           {"state", "state"},
                                           {"status", "state"},
                                           {"cluster", "cluster"},
                                           {"lease_owner", "lease_owner"}},
                               .sorts = {{"created_at", "id"}, {"updated_at", "updated_at"}},
                               .search_columns = {"id", "kind"},
                               .default_sort = "id"};
    return spec;
  }
};

std::optional<Job> read_one(db::Executor& ex, const std::string& id) {
  auto r = ex.query("SELECT " + JobTable::columns() + " FROM jobs WHERE id = $1", {id});
  if (r.empty()) return std::nullopt;
  return JobTable::read(r.rows[0]);
}

std::vector<std::string> ids(const db::Result& r) {
  std::vector<std::string> out;
  for (const auto& row : r.rows) out.push_back(row.text(0));
  return out;
}

}  // namespace
}  // namespace detail

using detail::ms;
using detail::now_or;

namespace {
// A job as it enters the queue: queued, never claimed, its id and times set.
void prepare_for_queue(Job& job, Time now) {
  if (job.kind.empty()) throw InvalidArgumentError("a job needs a kind");
  job.created_at = now;
  job.updated_at = now;
  if (job.id.empty()) job.id = detail::time_ordered_id(now);
  job.state = "queued";
  job.attempts = 0;
  job.lease_owner.clear();
  job.lease_expires_at.reset();
  job.cancel_requested = false;
  job.error.clear();
  if (job.max_attempts < 1) job.max_attempts = 1;
}
}  // namespace

Job JobQueue::enqueue(Job job) {
  prepare_for_queue(job, now_or({}));
  db::Params params;
  auto sql = detail::insert_sql("jobs", detail::JobTable::fields(job), params);
  try {
    ex_.execute(sql, params);
  } catch (const db::ConstraintError& e) {
    if (detail::is_key_conflict(e, "id")) throw AlreadyExistsError("job", job.id);
    throw;
  }
  return job;
}

void JobQueue::enqueue_all(std::vector<Job>& jobs) {
  if (jobs.empty()) return;
  if (ex_.dialect() == db::Dialect::sqlite) {  // (see BackupRepository::create_all)
    ex_.atomically([&](db::Executor& tx) {
      for (auto& job : jobs) job = JobQueue(tx).enqueue(job);
    });
    return;
  }
  auto now = now_or({});
  std::vector<detail::Fields> rows;
  for (auto& job : jobs) {
    prepare_for_queue(job, now);
    rows.push_back(detail::JobTable::fields(job));
  }
  db::Params params;
  ex_.execute(detail::insert_rows_sql("jobs", rows, params), params);
}

std::optional<Job> JobQueue::get(const std::string& id) { return detail::read_one(ex_, id); }

Page<Job> JobQueue::list(const ListQuery& query) {
  Page<Job> page;
  auto r = detail::list_rows(ex_, detail::JobTable::list_spec(), query, &page.total);
  for (const auto& row : r.rows) page.items.push_back(detail::JobTable::read(row));
  return page;
}

std::optional<Job> JobQueue::claim(const ClaimRequest& request) {
  if (request.worker_id.empty()) throw InvalidArgumentError("claiming a job needs a worker id");
  Time now = now_or(request.now);
  std::optional<Job> claimed;
  ex_.atomically([&](db::Executor& tx) {
    claimed.reset();
    bool pg = tx.dialect() == db::Dialect::postgres;
    if (pg) tx.query("SELECT pg_advisory_xact_lock($1)", {detail::kClaimLockKey});
    db::Params params{ms(now)};
    std::string sql = "SELECT j.id FROM jobs j WHERE j.state = 'queued' AND j.not_before <= $1";
    if (!request.kinds.empty()) {
      sql += " AND j.kind IN (";
      for (size_t i = 0; i < request.kinds.size(); ++i) {
        params.push_back(request.kinds[i]);
        sql += (i ? ", $" : "$") + std::to_string(params.size());
      }
      sql += ")";
    }
    if (request.per_cluster_limit > 0) {
      params.push_back(request.per_cluster_limit);
      sql += " AND (j.cluster = '' OR (SELECT COUNT(*) FROM jobs r WHERE r.state = 'running' AND r.cluster = j.cluster) < $" +
             std::to_string(params.size()) + ")";
    }
    sql += " ORDER BY j.id LIMIT 1";
    if (pg) sql += " FOR UPDATE SKIP LOCKED";
    auto r = tx.query(sql, params);
    if (r.empty()) return;
    std::string id = r.rows[0].text(0);
    auto n = tx.execute(
        "UPDATE jobs SET state = 'running', lease_owner = $2, lease_expires_at = $3, attempts = attempts + 1, "
        "updated_at = $4 WHERE id = $1 AND state = 'queued'",
        {id, request.worker_id, ms(now + request.lease), ms(now)});
    if (n == 1) claimed = detail::read_one(tx, id);
  });
  return claimed;
}

HeartbeatResult JobQueue::heartbeat(const std::string& id, const std::string& worker_id,
                                    std::chrono::milliseconds lease, Time now) {
  now = now_or(now);
  auto r = ex_.query(
      "UPDATE jobs SET lease_expires_at = $3, updated_at = $4 WHERE id = $1 AND lease_owner = $2 AND state = 'running' "
      "RETURNING cancel_requested",
      {id, worker_id, ms(now + lease), ms(now)});
  if (r.empty()) return HeartbeatResult::lost;
  return r.rows[0].boolean(0) ? HeartbeatResult::cancel_requested : HeartbeatResult::ok;
}

bool JobQueue::complete(const std::string& id, const std::string& worker_id, const nlohmann::json& result, Time now) {
  return ex_.execute(
             "UPDATE jobs SET state = 'done', result_json = $3, error = '', lease_expires_at = NULL, updated_at = $4 "
             "WHERE id = $1 AND lease_owner = $2 AND state = 'running'",
             {id, worker_id, result.dump(), ms(now_or(now))}) == 1;
}

bool JobQueue::fail(const std::string& id, const std::string& worker_id, const std::string& error, bool retry,
                    Time retry_at, Time now) {
  now = now_or(now);
  bool done = false;
  ex_.atomically([&](db::Executor& tx) {
    auto r = tx.query("SELECT attempts, max_attempts FROM jobs WHERE id = $1 AND lease_owner = $2 AND state = 'running'",
                      {id, worker_id});
    if (r.empty()) {
      done = false;
      return;
    }
    bool again = retry && r.rows[0].i64(0) < r.rows[0].i64(1);
    tx.execute(
        "UPDATE jobs SET state = $2, error = $3, not_before = $4, lease_expires_at = NULL, updated_at = $5 "
        "WHERE id = $1",
        {id, again ? "queued" : "failed", error, ms(again ? std::max(retry_at, now) : Time{}), ms(now)});
    done = true;
  });
  return done;
}

bool JobQueue::finish_cancelled(const std::string& id, const std::string& worker_id, Time now) {
  return ex_.execute(
             "UPDATE jobs SET state = 'cancelled', error = 'cancelled', lease_expires_at = NULL, updated_at = $3 "
             "WHERE id = $1 AND lease_owner = $2 AND state = 'running'",
             {id, worker_id, ms(now_or(now))}) == 1;
}

std::optional<Job> JobQueue::active(const std::string& kind, const std::string& key, const std::string& subject) {
  // Few jobs are queued or running at once (jobs_state index), so the payloads are read here.
  auto r = ex_.query("SELECT " + detail::JobTable::columns() +
                         " FROM jobs WHERE state IN ('queued', 'running') AND kind = $1 ORDER BY created_at",
                     {kind});
  for (const auto& row : r.rows) {
    Job job = detail::JobTable::read(row);
    if (job.payload.is_object() && job.payload.value(key, "") == subject) return job;
  }
  return std::nullopt;
}

CancelResult JobQueue::cancel(const std::string& id, Time now) {
  now = now_or(now);
  CancelResult result = CancelResult::not_found;
  ex_.atomically([&](db::Executor& tx) {
    auto r = tx.query("SELECT state FROM jobs WHERE id = $1", {id});
    if (r.empty()) {
      result = CancelResult::not_found;
      return;
    }
    std::string state = r.rows[0].text(0);
    if (state == "queued") {
      tx.execute(
          "UPDATE jobs SET state = 'cancelled', error = 'cancelled before it started', updated_at = $2 WHERE id = $1",
          {id, ms(now)});
      result = CancelResult::cancelled;
    } else if (state == "running") {
      tx.execute("UPDATE jobs SET cancel_requested = 1, updated_at = $2 WHERE id = $1", {id, ms(now)});
      result = CancelResult::requested;
    } else {
      result = CancelResult::already_finished;
    }
  });
  return result;
}

RecoveryReport JobQueue::recover(const std::string& where, const db::Params& extra, Time now) {
  RecoveryReport report;
  ex_.atomically([&](db::Executor& tx) {
    report = RecoveryReport{};
    auto run = [&](const std::string& set, const std::string& condition, const std::string& message) {
      db::Params params{ms(now), message};
      params.insert(params.end(), extra.begin(), extra.end());
      return detail::ids(tx.query("UPDATE jobs SET " + set +
                                      ", error = $2, lease_expires_at = NULL, updated_at = $1 "
                                      "WHERE state = 'running' AND " +
                                      where + condition + " RETURNING id",
                                  params));
    };
    std::string lost = kLostJobError;
    report.cancelled = run("state = 'cancelled'", " AND cancel_requested = 1", lost + " while it was being cancelled");
    report.requeued = run("state = 'queued'", " AND attempts < max_attempts", lost + "; retrying");
    report.failed = run("state = 'failed'", "", lost);
  });
  return report;
}

RecoveryReport JobQueue::recover_expired(Time now) {
  now = now_or(now);
  return recover("lease_expires_at < $3", {ms(now)}, now);
}

RecoveryReport JobQueue::recover_owner(const std::string& owner_prefix, Time now) {
  std::string pattern;
  for (char c : owner_prefix) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  return recover("lease_owner LIKE $3 ESCAPE '\\'", {pattern + "%"}, now_or(now));
}

std::int64_t JobQueue::running_count(const std::string& cluster) {
  return ex_.query("SELECT COUNT(*) FROM jobs WHERE state = 'running' AND cluster = $1", {cluster}).rows[0].i64(0);
}

}  // namespace coffer::catalog
