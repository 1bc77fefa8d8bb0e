// The scheduler's loop (scheduler.h).
#include "server/app/scheduler.h"

#include <set>

#include "backup/spec/go_duration.h"
#include "server/app/record_json.h"

namespace coffer::server {

namespace {

constexpr auto kMaxSleep = std::chrono::seconds(1);
// A tick claimed by a server that never recorded its run (it stopped between the claim and the
// record) is given up after this long, so the schedule is not stuck on it.
constexpr auto kAbandonedClaim = std::chrono::minutes(2);
constexpr auto kTickMemory = std::chrono::hours(24);  // claims older than this are forgotten

// Every page of a list.
template <typename Record, typename Repo>
std::vector<Record> all_pages(Repo repo, catalog::ListQuery q) {
  std::vector<Record> out;
  q.limit = 1000;
  q.offset = 0;
  for (;;) {
    auto page = repo.list(q);
    out.insert(out.end(), page.items.begin(), page.items.end());
    q.offset += static_cast<std::int64_t>(page.items.size());
    if (page.items.empty() || q.offset >= page.total) break;
  }
  return out;
}

}  // namespace

Scheduler::Scheduler(Services& services, std::string server_id) : s_(services), server_id_(std::move(server_id)) {}

Scheduler::~Scheduler() { stop(); }

void Scheduler::start() {
  if (thread_.joinable()) return;
  {
    std::lock_guard lock(mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { loop(); });
}

void Scheduler::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

const schedule::CronSchedule* Scheduler::cron_of(const std::string& expression) {
  auto it = crons_.find(expression);
  if (it == crons_.end()) {
    std::string error;
    auto parsed = schedule::CronSchedule::try_parse(expression, &error);
    if (!parsed) s_.log("scheduler: schedule expression \"" + expression + "\" does not parse: " + error);
    it = crons_.emplace(expression, std::move(parsed)).first;
  }
  return it->second ? &*it->second : nullptr;
}

void Scheduler::loop() {
  for (;;) {
    auto now = std::chrono::system_clock::now();
    std::optional<catalog::Time> next;
    try {
      next = run_due(now);
    } catch (const std::exception& e) {
      s_.log(std::string("scheduler: ") + e.what());
    }
    auto wake = std::chrono::system_clock::now() + kMaxSleep;
    if (next && *next < wake) wake = *next;
    std::unique_lock lock(mu_);
    if (cv_.wait_until(lock, wake, [this] { return stopping_; })) return;
  }
}

std::optional<catalog::Time> Scheduler::run_due(catalog::Time now) {
  catalog::ListQuery q;
  q.filters["paused"] = "false";
  auto schedules = all_pages<catalog::Schedule>(s_.catalog.schedules(), q);

  struct Due {
    const catalog::Schedule* schedule;
    const schedule::CronSchedule* cron;
    catalog::Time tick;
  };
  std::vector<Due> due;
  std::optional<catalog::Time> earliest;
  for (const auto& sch : schedules) {
    const schedule::CronSchedule* cron = cron_of(sch.cron);
    if (!cron) continue;
    auto tick = next_tick(sch, *cron);
    if (!tick) continue;
    if (*tick <= now) {
      due.push_back({&sch, cron, *tick});
    } else if (!earliest || *tick < *earliest) {
      earliest = *tick;
    }
  }

  if (!due.empty()) {
    // Which schedules still have a backup New or InProgress: one query for all of them.
    catalog::ListQuery running_q;
    running_q.filters["phase"] = "New,InProgress";
    std::set<std::string> running;
    for (const auto& b : all_pages<catalog::BackupRecord>(s_.catalog.backups(), running_q))
      if (!b.schedule.empty()) running.insert(b.schedule);
    for (const auto& d : due) {
      try {
        run_tick(*d.schedule, *d.cron, d.tick, now, running.count(d.schedule->name) > 0);
      } catch (const std::exception& e) {
        s_.log("scheduler: schedule \"" + d.schedule->name + "\": " + e.what());
      }
      // The following tick, for the wake-up time.
      auto following = d.cron->try_next(std::chrono::floor<std::chrono::seconds>(run_anchor(*d.cron, d.tick, now)));
      if (following && (!earliest || catalog::Time(*following) < *earliest)) earliest = catalog::Time(*following);
    }
  }

  if (now - last_prune_ > std::chrono::hours(1)) {
    last_prune_ = now;
    try {
      s_.catalog.schedules().prune_ticks(now - kTickMemory);
    } catch (const std::exception& e) {
      s_.log(std::string("scheduler: forgetting old tick claims: ") + e.what());
    }
  }
  return earliest;
}

void Scheduler::run_tick(const catalog::Schedule& sch, const schedule::CronSchedule& cron, catalog::Time tick,
                         catalog::Time now, bool previous_running) {
  auto schedules = s_.catalog.schedules();
  const catalog::Time at = run_anchor(cron, tick, now);
  if (!schedules.claim_tick(sch.name, tick, server_id_)) {
    // Another server runs this tick. If it was claimed long ago and the schedule still waits for
    // it, the claimant stopped before recording the run: give the tick up.
    if (now - tick > kAbandonedClaim) {
      schedules.record_skip(sch.name, at);
      s_.log("scheduler: schedule \"" + sch.name + "\": the tick at " + time_text(tick) +
             " was claimed but never run (its server stopped?); skipped");
    }
    return;
  }

  auto skip = [&](const std::string& reason) {
    schedules.record_skip(sch.name, at);
    s_.log("scheduler: schedule \"" + sch.name + "\": skipped the run at " + time_text(tick) + ": " + reason);
    s_.audit("system", "schedule.skip", "schedules", sch.name, "success", reason);
  };
  if (sch.skip_next) return skip("the next run was set to be skipped");
  if (previous_running)
    return skip("its previous backup " + (sch.last_backup.empty() ? std::string() : "\"" + sch.last_backup + "\" ") +
                "is still running");

  BackupRequest request;
  request.name = scheduled_backup_name(sch.name, tick);
  request.cluster = sch.cluster;
  request.location = sch.location;
  request.spec = sch.backup_template.is_object() ? sch.backup_template : nlohmann::json::object();
  request.spec["ttl"] = backup::format_go_duration(std::chrono::seconds(sch.ttl_seconds));
  request.schedule = sch.name;
  request.created_by = sch.created_by.empty() ? "system" : sch.created_by;
  request.labels["velero.io/schedule-name"] = sch.name;
  try {
    auto record = queue_backup(s_, request);
    schedules.record_backup(sch.name, record.name, at);  // (no audit row per run: the backup record says it all)
  } catch (const std::exception& e) {
    std::string reason = e.what();
    if (auto* api = dynamic_cast<const ApiError*>(&e))
      for (const auto& f : api->fields()) reason += "; " + f.field + ": " + f.message;
    schedules.record_skip(sch.name, at);  // the tick is over; the next one is tried as usual
    s_.log("scheduler: schedule \"" + sch.name + "\": could not start backup " + request.name + ": " + reason);
    s_.audit("system", "schedule.run", "schedules", sch.name, "failure", reason);
  }
}

}  // namespace coffer::server
