// The scheduler's loop (scheduler.h).
#include "server/app/scheduler.h"

#include <algorithm>
#include <set>

#include "backup/spec/backup_spec.h"
#include "backup/spec/go_duration.h"
#include "server/app/record_json.h"

namespace coffer::server {

namespace {

constexpr auto kMaxSleep = std::chrono::seconds(1);
// A tick claimed by a server that never recorded its run (it stopped between the claim and the
// record) is given up after this long, so the schedule is not stuck on it.
constexpr auto kAbandonedClaim = std::chrono::minutes(2);
constexpr auto kTickMemory = std::chrono::hours(24);  // claims older than this are forgotten
// Due schedules fired per transaction: bounds how long one pass holds SQLite's write lock (about
// 10 ms per batch) while saving a commit and two reads per schedule.
constexpr std::size_t kFireBatch = 200;

}  // namespace

BackupRequest backup_request_of(const catalog::Schedule& sch, catalog::Time tick) {
  BackupRequest request;
  request.name = scheduled_backup_name(sch.name, tick);
  request.cluster = sch.cluster;
  request.location = sch.location;
  request.spec = sch.backup_template.is_object() ? sch.backup_template : nlohmann::json::object();
  request.spec["ttl"] = backup::format_go_duration(std::chrono::seconds(sch.ttl_seconds));
  request.schedule = sch.name;
  request.environments = sch.environments;
  request.created_by = sch.created_by.empty() ? "system" : sch.created_by;
  request.labels["velero.io/schedule-name"] = sch.name;
  return request;
}

namespace {

std::string still_running_reason(const catalog::Schedule& sch) {
  return "its previous backup " + (sch.last_backup.empty() ? std::string() : "\"" + sch.last_backup + "\" ") +
         "is still running";
}

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

  std::vector<Due> due;
  std::optional<catalog::Time> earliest;
  for (const auto& sch : schedules) {
    const schedule::CronSchedule* cron = cron_of(sch.cron);
    if (!cron) continue;
    auto tick = next_tick(sch, *cron);
    if (!tick) continue;
    if (*tick <= now) {
      due.push_back({&sch, cron, *tick, false});
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
    for (auto& d : due) d.previous_running = running.count(d.schedule->name) > 0;
    fire(due, now);
    for (const auto& d : due) {
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
  if (previous_running) return skip(still_running_reason(sch));

  BackupRequest request = backup_request_of(sch, tick);
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

void Scheduler::fire(const std::vector<Due>& due, catalog::Time now) {
  // What the runs need from the catalog, read once per pass (queue_backup reads it per run).
  std::map<std::string, std::optional<catalog::StorageLocation>> locations;  // "" = the default
  std::map<std::string, bool> clusters;
  std::map<std::pair<std::string, bool>, std::vector<std::string>> environments;
  const BackupLookups cached{
      [&](const std::string& name) {
        auto it = locations.find(name);
        if (it == locations.end())
          it = locations
                   .emplace(name, name.empty() ? s_.catalog.locations().get_default() : s_.catalog.locations().get(name))
                   .first;
        return it->second;
      },
      [&](const std::string& name) {
        auto it = clusters.find(name);
        if (it == clusters.end()) it = clusters.emplace(name, s_.catalog.clusters().get(name).has_value()).first;
        return it->second;
      },
      [&](const std::string& cluster, bool production) {
        auto key = std::make_pair(cluster, production);
        auto it = environments.find(key);
        if (it == environments.end()) it = environments.emplace(key, environment_namespaces(s_, cluster, production)).first;
        return it->second;
      }};

  enum class Action { skip, run, one_by_one };
  struct Fire {
    const Due* due;
    Action action;
    std::string reason;  // of a skip
    catalog::BackupRecord record;
    catalog::Job job;
  };
  struct Note {  // a log line and maybe an audit row, written once the batch has committed
    std::string schedule, log, audit_action, audit_outcome, audit_detail;
  };
  for (std::size_t begin = 0; begin < due.size(); begin += kFireBatch) {
    const std::size_t end = std::min(due.size(), begin + kFireBatch);
    const auto created = std::chrono::system_clock::now();
    std::vector<Fire> fires;
    for (std::size_t i = begin; i < end; ++i) {
      const Due& d = due[i];
      Fire f{&d, Action::run, {}, {}, {}};
      if (d.schedule->skip_next) {
        f.action = Action::skip;
        f.reason = "the next run was set to be skipped";
      } else if (d.previous_running) {
        f.action = Action::skip;
        f.reason = still_running_reason(*d.schedule);
      } else {
        // A run queue_backup would refuse takes the one-schedule path, which records and reports why.
        try {
          PreparedBackup p = prepare_backup(backup_request_of(*d.schedule, d.tick), created, cached);
          f.record = std::move(p.record);
          f.job = std::move(p.job);
        } catch (const std::exception&) {
          f.action = Action::one_by_one;
        }
      }
      fires.push_back(std::move(f));
    }

    std::vector<Note> notes;
    try {
      // Claims in name order (the list's order), so two servers' batches never wait on each other
      // in a cycle. A claim another server holds (or committed) is not ours: its schedule is left.
      s_.catalog.transaction([&](catalog::Scope& tx) {
        notes.clear();  // a retried transaction starts over
        auto schedules = tx.schedules();
        // A handful of statements per batch, not a few per schedule (each is a round trip to
        // PostgreSQL): the claims, then the backup records, the jobs and the last backups.
        std::vector<const Fire*> claiming;
        std::vector<std::pair<std::string, catalog::Time>> ticks;
        for (const auto& f : fires)
          if (f.action != Action::one_by_one) {
            claiming.push_back(&f);
            ticks.emplace_back(f.due->schedule->name, f.due->tick);
          }
        const auto claimed = schedules.claim_ticks(ticks, server_id_);
        std::vector<catalog::BackupRecord> records;
        std::vector<catalog::Job> jobs;
        std::vector<catalog::ScheduleRepository::BackupMade> made;
        for (std::size_t i = 0; i < claiming.size(); ++i) {
          const Fire& f = *claiming[i];
          const auto& sch = *f.due->schedule;
          const auto at = run_anchor(*f.due->cron, f.due->tick, now);
          if (!claimed[i]) {
            if (now - f.due->tick > kAbandonedClaim) {
              schedules.record_skip(sch.name, at);
              notes.push_back({sch.name,
                               "the tick at " + time_text(f.due->tick) +
                                   " was claimed but never run (its server stopped?); skipped",
                               "", "", ""});
            }
            continue;
          }
          if (f.action == Action::skip) {
            schedules.record_skip(sch.name, at);
            notes.push_back({sch.name, "skipped the run at " + time_text(f.due->tick) + ": " + f.reason, "schedule.skip",
                             "success", f.reason});
            continue;
          }
          records.push_back(f.record);
          jobs.push_back(f.job);
          made.push_back({sch.name, f.record.name, at});
        }
        // A backup already holding one of the names fails the batch: it then goes one by one.
        tx.backups().create_all(records);
        tx.jobs().enqueue_all(jobs);
        schedules.record_backups(made);
      });
    } catch (const std::exception& e) {
      s_.log("scheduler: firing " + std::to_string(fires.size()) + " schedules in one transaction failed (" + e.what() +
             "); firing them one by one");
      notes.clear();
      for (auto& f : fires) f.action = Action::one_by_one;
    }
    for (const auto& n : notes) {
      s_.log("scheduler: schedule \"" + n.schedule + "\": " + n.log);
      if (!n.audit_action.empty())
        s_.audit("system", n.audit_action, "schedules", n.schedule, n.audit_outcome, n.audit_detail);
    }
    for (const auto& f : fires) {
      if (f.action != Action::one_by_one) continue;
      try {
        run_tick(*f.due->schedule, *f.due->cron, f.due->tick, now, f.due->previous_running);
      } catch (const std::exception& e) {
        s_.log("scheduler: schedule \"" + f.due->schedule->name + "\": " + e.what());
      }
    }
  }
}

}  // namespace coffer::server
