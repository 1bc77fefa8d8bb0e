// The scheduler's timing rules (scheduler.h), kept apart from the loop so they test alone.
#include <cstdio>

#include "common/rfc3339.h"
#include "server/app/scheduler.h"

namespace coffer::server {

namespace {
std::chrono::sys_seconds to_seconds(catalog::Time t) { return std::chrono::floor<std::chrono::seconds>(t); }
}  // namespace

catalog::Time schedule_anchor(const catalog::Schedule& s) {
  catalog::Time anchor = s.created_at;
  if (s.last_backup_at && *s.last_backup_at > anchor) anchor = *s.last_backup_at;
  if (s.last_skipped_at && *s.last_skipped_at > anchor) anchor = *s.last_skipped_at;
  return anchor;
}

std::optional<catalog::Time> next_tick(const catalog::Schedule& s, const schedule::CronSchedule& cron) {
  auto next = cron.try_next(to_seconds(schedule_anchor(s)));
  if (!next) return std::nullopt;
  return catalog::Time(*next);
}

catalog::Time run_anchor(const schedule::CronSchedule& cron, catalog::Time tick, catalog::Time now) {
  auto following = cron.try_next(to_seconds(tick));
  if (following && catalog::Time(*following) > now) return tick;
  return now;
}

std::string scheduled_backup_name(const std::string& schedule, catalog::Time tick) {
  return schedule + "-" + format_utc(std::chrono::time_point_cast<std::chrono::system_clock::duration>(tick),
                                     "%Y%m%d%H%M%S");
}

}  // namespace coffer::server
