// Backups, schedules (and their once-per-tick claims) and restores.
#include <set>

#include "catalog/table.h"

namespace coffer::catalog {
namespace detail {

template <>
struct TableTraits<BackupRecord> {
  static constexpr const char* kind = "backup";
  static constexpr const char* table = "backups";
  static constexpr const char* key = "name";
  static std::string key_of(const BackupRecord& b) { return b.name; }
  static Fields fields(const BackupRecord& b) {
    return {{"name", b.name},
            {"location", b.location},
            {"cluster", b.cluster},
            {"phase", b.phase},
            {"schedule", b.schedule},
            {"created_by", b.created_by},
            {"labels_json", map_text(b.labels)},
            {"spec_json", json_text(b.spec)},
            {"status_json", json_text(b.status)},
            {"created_at", static_cast<long long>(to_ms(b.created_at))},
            {"started_at", opt_ms(b.started_at)},
            {"completed_at", opt_ms(b.completed_at)},
            {"expires_at", opt_ms(b.expires_at)},
            {"items_total", static_cast<long long>(b.items_total)},
            {"items_backed_up", static_cast<long long>(b.items_backed_up)},
            {"errors", static_cast<long long>(b.errors)},
            {"warnings", static_cast<long long>(b.warnings)},
            {"size_bytes", static_cast<long long>(b.size_bytes)},
            {"synced", b.synced},
            {"failure_reason", b.failure_reason},
            {"updated_at", static_cast<long long>(to_ms(b.updated_at))}};
  }
  static BackupRecord read(const db::Row& row) {
    RowReader r(row);
    BackupRecord b;
    b.name = r.text();
    b.location = r.text();
    b.cluster = r.text();
    b.phase = r.text();
    b.schedule = r.text();
    b.created_by = r.text();
    b.labels = r.string_map();
    b.spec = r.json();
    b.status = r.json();
    b.created_at = r.time();
    b.started_at = r.opt_time();
    b.completed_at = r.opt_time();
    b.expires_at = r.opt_time();
    b.items_total = r.i64();
    b.items_backed_up = r.i64();
    b.errors = r.i64();
    b.warnings = r.i64();
    b.size_bytes = r.i64();
    b.synced = r.boolean();
    b.failure_reason = r.text();
    b.updated_at = r.time();
    return b;
  }
  static const ListSpec& list_spec() {
    static const ListSpec spec = make_list_spec<BackupRecord>({.filters = {{"cluster", "cluster"},
                                                                           {"status", "phase"},
                                                                           {"phase", "phase"},
                                                                           {"created_by", "created_by"},
                                                                           {"schedule", "schedule"},
                                                                           {"location", "location"},
                                                                           {"synced", "synced"}},
                                                               .sorts = {{"name", "name"},
                                                                         {"created_at", "created_at"},
                                                                         {"started_at", "started_at"},
                                                                         {"completed_at", "completed_at"},
                                                                         {"expires_at", "expires_at"},
                                                                         {"size", "size_bytes"},
                                                                         {"phase", "phase"},
                                                                         {"cluster", "cluster"}},
                                                               .nullable = {"started_at", "completed_at", "expires_at"},
                                                               .booleans = {"synced"},
                                                               .search_columns = {"name", "schedule"},
                                                               .default_sort = "created_at",
                                                               .default_descending = true});
    return spec;
  }
};

template <>
struct TableTraits<Schedule> {
  static constexpr const char* kind = "schedule";
  static constexpr const char* table = "schedules";
  static constexpr const char* key = "name";
  static std::string key_of(const Schedule& s) { return s.name; }
  static Fields fields(const Schedule& s) {
    return {{"name", s.name},
            {"cluster", s.cluster},
            {"location", s.location},
            {"cron", s.cron},
            {"paused", s.paused},
            {"skip_next", s.skip_next},
            {"ttl_seconds", static_cast<long long>(s.ttl_seconds)},
            {"template_json", json_text(s.backup_template)},
            {"environments", s.environments},
            {"last_backup", s.last_backup},
            {"last_backup_at", opt_ms(s.last_backup_at)},
            {"last_skipped_at", opt_ms(s.last_skipped_at)},
            {"created_by", s.created_by},
            {"created_at", static_cast<long long>(to_ms(s.created_at))},
            {"updated_at", static_cast<long long>(to_ms(s.updated_at))}};
  }
  static Schedule read(const db::Row& row) {
    RowReader r(row);
    Schedule s;
    s.name = r.text();
    s.cluster = r.text();
    s.location = r.text();
    s.cron = r.text();
    s.paused = r.boolean();
    s.skip_next = r.boolean();
    s.ttl_seconds = r.i64();
    s.backup_template = r.json();
    s.environments = r.text();
    s.last_backup = r.text();
    s.last_backup_at = r.opt_time();
    s.last_skipped_at = r.opt_time();
    s.created_by = r.text();
    s.created_at = r.time();
    s.updated_at = r.time();
    return s;
  }
  static const ListSpec& list_spec() {
    static const ListSpec spec = make_list_spec<Schedule>(
        {.filters = {{"cluster", "cluster"}, {"location", "location"}, {"paused", "paused"}, {"created_by", "created_by"}},
         .sorts = {{"name", "name"},
                   {"created_at", "created_at"},
                   {"last_backup_at", "last_backup_at"},
                   {"cluster", "cluster"}},
         .nullable = {"last_backup_at"},
         .booleans = {"paused"},
         .search_columns = {"name"},
         .default_sort = "name"});
    return spec;
  }
};

template <>
struct TableTraits<RestoreRecord> {
  static constexpr const char* kind = "restore";
  static constexpr const char* table = "restores";
  static constexpr const char* key = "name";
  static std::string key_of(const RestoreRecord& r) { return r.name; }
  static Fields fields(const RestoreRecord& r) {
    return {{"name", r.name},
            {"backup", r.backup},
            {"cluster", r.cluster},
            {"phase", r.phase},
            {"created_by", r.created_by},
            {"spec_json", json_text(r.spec)},
            {"status_json", json_text(r.status)},
            {"created_at", static_cast<long long>(to_ms(r.created_at))},
            {"started_at", opt_ms(r.started_at)},
            {"completed_at", opt_ms(r.completed_at)},
            {"items_total", static_cast<long long>(r.items_total)},
            {"items_restored", static_cast<long long>(r.items_restored)},
            {"errors", static_cast<long long>(r.errors)},
            {"warnings", static_cast<long long>(r.warnings)},
            {"failure_reason", r.failure_reason},
            {"updated_at", static_cast<long long>(to_ms(r.updated_at))}};
  }
  static RestoreRecord read(const db::Row& row) {
    RowReader r(row);
    RestoreRecord x;
    x.name = r.text();
    x.backup = r.text();
    x.cluster = r.text();
    x.phase = r.text();
    x.created_by = r.text();
    x.spec = r.json();
    x.status = r.json();
    x.created_at = r.time();
    x.started_at = r.opt_time();
    x.completed_at = r.opt_time();
    x.items_total = r.i64();
    x.items_restored = r.i64();
    x.errors = r.i64();
    x.warnings = r.i64();
    x.failure_reason = r.text();
    x.updated_at = r.time();
    return x;
  }
  static const ListSpec& list_spec() {
    static const ListSpec spec = make_list_spec<RestoreRecord>({.filters = {{"cluster", "cluster"},
                                                                            {"status", "phase"},
                                                                            {"phase", "phase"},
                                                                            {"backup", "backup"},
                                                                            {"created_by", "created_by"}},
                                                                .sorts = {{"name", "name"},
                                                                          {"created_at", "created_at"},
                                                                          {"completed_at", "completed_at"},
                                                                          {"phase", "phase"}},
                                                                .nullable = {"completed_at"},
                                                                .search_columns = {"name", "backup"},
                                                                .default_sort = "created_at",
                                                                .default_descending = true});
    return spec;
  }
};

}  // namespace detail

template class Repository<BackupRecord>;
template class Repository<Schedule>;
template class Repository<RestoreRecord>;

bool BackupRepository::upsert(BackupRecord backup) {
  using T = detail::TableTraits<BackupRecord>;
  auto now = detail::now_or({});
  if (backup.created_at == Time{}) backup.created_at = now;
  backup.updated_at = now;
  // Insert-or-nothing first, so two servers syncing the same bucket never collide on the key.
  db::Params params;
  const std::string sql = detail::insert_sql(T::table, T::fields(backup), params) + " ON CONFLICT (name) DO NOTHING";
  bool created = false;
  ex_.atomically([&](db::Executor& tx) {
    created = tx.execute(sql, params) == 1;
    if (!created) Repository<BackupRecord>(tx).update(backup);
  });
  return created;
}

// The *_all methods use one statement of many rows on PostgreSQL, where each statement is a round
// trip to the server; SQLite runs in-process, and there a cached one-row statement per row costs
// less than preparing a statement of a few thousand parameters.
void BackupRepository::create_all(std::vector<BackupRecord>& backups) {
  if (backups.empty()) return;
  if (ex_.dialect() == db::Dialect::sqlite) {
    ex_.atomically([&](db::Executor& tx) {
      for (auto& b : backups) b = Repository<BackupRecord>(tx).create(b);
    });
    return;
  }
  using T = detail::TableTraits<BackupRecord>;
  auto now = detail::now_or({});
  std::vector<detail::Fields> rows;
  for (auto& b : backups) {
    if (b.created_at == Time{}) b.created_at = now;
    b.updated_at = now;
    rows.push_back(T::fields(b));
  }
  db::Params params;
  ex_.execute(detail::insert_rows_sql(T::table, rows, params), params);
}

std::vector<BackupRecord> BackupRepository::expired(Time now, std::int64_t limit) {
  auto r = ex_.query("SELECT " + detail::select_columns<BackupRecord>() +
                         " FROM backups WHERE expires_at IS NOT NULL AND expires_at < $1 ORDER BY expires_at, name "
                         "LIMIT $2",
                     {static_cast<long long>(detail::to_ms(now)), static_cast<long long>(limit)});
  std::vector<BackupRecord> out;
  for (const auto& row : r.rows) out.push_back(detail::TableTraits<BackupRecord>::read(row));
  return out;
}

bool ScheduleRepository::claim_tick(const std::string& schedule, Time tick, const std::string& server_id) {
  return ex_.execute(
             "INSERT INTO schedule_ticks (schedule, tick, server_id, claimed_at) VALUES ($1, $2, $3, $4) "
             "ON CONFLICT (schedule, tick) DO NOTHING",
             {schedule, static_cast<long long>(detail::to_ms(tick)), server_id,
              static_cast<long long>(detail::to_ms(detail::now_or({})))}) == 1;
}

std::vector<bool> ScheduleRepository::claim_ticks(const std::vector<std::pair<std::string, Time>>& ticks,
                                                 const std::string& server_id) {
  std::vector<bool> claimed(ticks.size(), false);
  if (ticks.empty()) return claimed;
  if (ex_.dialect() == db::Dialect::sqlite) {  // (see create_all)
    ex_.atomically([&](db::Executor& tx) {
      for (size_t i = 0; i < ticks.size(); ++i)
        claimed[i] = ScheduleRepository(tx).claim_tick(ticks[i].first, ticks[i].second, server_id);
    });
    return claimed;
  }
  const auto claimed_at = static_cast<long long>(detail::to_ms(detail::now_or({})));
  std::string sql = "INSERT INTO schedule_ticks (schedule, tick, server_id, claimed_at) VALUES ";
  db::Params params;
  for (size_t i = 0; i < ticks.size(); ++i) {
    const auto n = params.size();
    sql += (i ? ", ($" : "($") + std::to_string(n + 1) + ", $" + std::to_string(n + 2) + ", $" + std::to_string(n + 3) +
           ", $" + std::to_string(n + 4) + ")";
    params.push_back(ticks[i].first);
    params.push_back(static_cast<long long>(detail::to_ms(ticks[i].second)));
    params.push_back(server_id);
    params.push_back(claimed_at);
  }
  // Only the rows this statement inserted come back: the ticks nobody had claimed.
  sql += " ON CONFLICT (schedule, tick) DO NOTHING RETURNING schedule, tick";
  std::set<std::pair<std::string, std::int64_t>> mine;
  for (const auto& row : ex_.query(sql, params).rows) mine.emplace(row.text(0), row.i64(1));
  for (size_t i = 0; i < ticks.size(); ++i)
    claimed[i] = mine.count({ticks[i].first, detail::to_ms(ticks[i].second)}) > 0;
  return claimed;
}

Schedule ScheduleRepository::update_definition(const Schedule& s) {
  if (ex_.execute("UPDATE schedules SET cluster = $2, location = $3, cron = $4, paused = $5, ttl_seconds = $6, "
                  "template_json = $7, environments = $8, updated_at = $9 WHERE name = $1",
                  {s.name, s.cluster, s.location, s.cron, s.paused, static_cast<long long>(s.ttl_seconds),
                   detail::json_text(s.backup_template), s.environments,
                   static_cast<long long>(detail::to_ms(detail::now_or({})))}) == 0)
    throw NotFoundError("schedule", s.name);
  return require(s.name);
}

void ScheduleRepository::set_paused(const std::string& name, bool paused) {
  if (ex_.execute("UPDATE schedules SET paused = $2, updated_at = $3 WHERE name = $1",
                  {name, paused, static_cast<long long>(detail::to_ms(detail::now_or({})))}) == 0)
    throw NotFoundError("schedule", name);
}

void ScheduleRepository::set_skip_next(const std::string& name, bool skip) {
  if (ex_.execute("UPDATE schedules SET skip_next = $2, updated_at = $3 WHERE name = $1",
                  {name, skip, static_cast<long long>(detail::to_ms(detail::now_or({})))}) == 0)
    throw NotFoundError("schedule", name);
}

void ScheduleRepository::record_backup(const std::string& name, const std::string& backup, Time at) {
  if (ex_.execute("UPDATE schedules SET last_backup = $2, last_backup_at = $3 WHERE name = $1",
                  {name, backup, static_cast<long long>(detail::to_ms(at))}) == 0)
    throw NotFoundError("schedule", name);
}

void ScheduleRepository::record_backups(const std::vector<BackupMade>& made) {
  if (made.empty()) return;
  if (ex_.dialect() == db::Dialect::sqlite) {  // (see create_all)
    ex_.atomically([&](db::Executor& tx) {
      for (const auto& m : made) ScheduleRepository(tx).record_backup(m.schedule, m.backup, m.at);
    });
    return;
  }
  // UPDATE ... SET x = CASE name WHEN .. THEN .. END WHERE name IN (..): one statement, both dialects.
  db::Params params;
  auto next = [&](db::Value v) {
    params.push_back(std::move(v));
    return "$" + std::to_string(params.size());
  };
  std::string backup_case = "CASE name", at_case = "CASE name", names;
  for (const auto& m : made) {
    backup_case += " WHEN " + next(m.schedule) + " THEN " + next(m.backup);
    // (PostgreSQL types an untyped CASE result as text.)
    at_case += " WHEN " + next(m.schedule) + " THEN CAST(" + next(static_cast<long long>(detail::to_ms(m.at))) +
               " AS BIGINT)";
    names += (names.empty() ? "" : ", ") + next(m.schedule);
  }
  auto changed = ex_.execute("UPDATE schedules SET last_backup = " + backup_case + " END, last_backup_at = " + at_case +
                                 " END WHERE name IN (" + names + ")",
                             params);
  if (changed != static_cast<std::int64_t>(made.size())) throw NotFoundError("schedule", "(one of a batch)");
}

void ScheduleRepository::record_skip(const std::string& name, Time at) {
  if (ex_.execute("UPDATE schedules SET skip_next = 0, last_skipped_at = $2 WHERE name = $1",
                  {name, static_cast<long long>(detail::to_ms(at))}) == 0)
    throw NotFoundError("schedule", name);
}

std::int64_t ScheduleRepository::prune_ticks(Time before) {
  return ex_.execute("DELETE FROM schedule_ticks WHERE claimed_at < $1",
                     {static_cast<long long>(detail::to_ms(before))});
}

}  // namespace coffer::catalog
