#pragma once
// The scheduler: makes each schedule's backups at its ticks (docs/schedules.md, "The server's
// scheduler").
//
// One thread wakes at the earliest next tick of any schedule (at least every second, so
// schedules created or changed by the API or another server are seen within a second), reads
// every unpaused schedule with one list query, and for each due one:
//   1. claims the tick in the catalog (ScheduleRepository::claim_tick) -- with several servers on
//      one database exactly one of them runs each tick;
//   2. skips it when "skip next" is set, or when the schedule's previous backup is still New or
//      InProgress (logged, audited as schedule.skip, shown as lastSkippedAt);
//   3. otherwise queues the backup <schedule>-YYYYMMDDhhmmss (the tick's UTC time) with the
//      schedule's template, location, TTL and the label velero.io/schedule-name, and records it
//      as the schedule's last backup.
// Parsed expressions are cached by their text, so a thousand schedules cost one query and a
// thousand cheap next() computations per wake. The due schedules of a pass are fired in batches:
// one transaction per kFireBatch schedules holds their claims, skips, backup records, jobs and
// last-backup updates (a claim commits together with its run, so a server that stops mid-pass
// leaves no claimed-but-never-run tick behind), a few multi-row statements on PostgreSQL
// (bench/scheduler_bench.cpp: 1,000 due schedules fire in about 0.1 s). The storage location and cluster of the runs are
// read once per pass. A schedule whose run would be refused (unknown cluster or location,
// read-only location, invalid template), and every schedule of a batch whose transaction failed,
// goes through the one-schedule path (queue_backup) instead, which reports the reason.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "catalog/records.h"
#include "schedule/cron/cron_schedule.h"
#include "server/app/services.h"

namespace coffer::server {

// --- the timing rules, pure (schedule_timing.cpp) ---------------------------------------------------

// The instant a schedule's next tick is computed from: the latest of its last backup, its last
// skip and its creation.
catalog::Time schedule_anchor(const catalog::Schedule& schedule);

// The tick a schedule is waiting for: cron.next(anchor), to the second; nullopt when it never
// fires again (kNever).
std::optional<catalog::Time> next_tick(const catalog::Schedule& schedule, const schedule::CronSchedule& cron);

// The instant to record as the run (or skip) of `tick` when it happens at `now`: the tick itself
// when the run is on time (the following tick is still ahead, so an "@every 2s" schedule does not
// drift by the time a run takes), else `now` -- after downtime the missed ticks are not replayed
// (no catch-up): the schedule runs once and its next tick is computed from now.
catalog::Time run_anchor(const schedule::CronSchedule& cron, catalog::Time tick, catalog::Time now);

// "<schedule>-YYYYMMDDhhmmss" of the tick (UTC).
std::string scheduled_backup_name(const std::string& schedule, catalog::Time tick);

// The backup a schedule makes at `at`: its template and TTL, cluster and location, named
// <schedule>-YYYYMMDDhhmmss, labelled velero.io/schedule-name and created by the schedule's
// creator. A tick, `trigger` and `backup create --from-schedule` all start from it.
BackupRequest backup_request_of(const catalog::Schedule& schedule, catalog::Time at);

// --- the loop -------------------------------------------------------------------------------------

class Scheduler {
 public:
  Scheduler(Services& services, std::string server_id);
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  void start();
  void stop();  // waits for the thread

  // One pass: runs (or skips) every schedule due at `now`. Returns the earliest next tick of an
  // unpaused schedule after this pass (nullopt when there is none). Used by the thread and tests.
  std::optional<catalog::Time> run_due(catalog::Time now);

  // The parsed expression (cached); nullopt when it does not parse (logged once).
  const schedule::CronSchedule* cron_of(const std::string& expression);

 private:
  struct Due {
    const catalog::Schedule* schedule;
    const schedule::CronSchedule* cron;
    catalog::Time tick;
    bool previous_running;
  };
  void loop();
  // Fires the due schedules of one pass in batches (see above).
  void fire(const std::vector<Due>& due, catalog::Time now);
  void run_tick(const catalog::Schedule& schedule, const schedule::CronSchedule& cron, catalog::Time tick,
                catalog::Time now, bool previous_running);

  Services& s_;
  std::string server_id_;
  std::map<std::string, std::optional<schedule::CronSchedule>> crons_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
  catalog::Time last_prune_{};
};

}  // namespace coffer::server
