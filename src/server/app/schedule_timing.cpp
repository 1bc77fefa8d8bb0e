// The scheduler's timing rules (scheduler.h), kept apart from the loop so they test alone.
#include <cstdio>

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
  auto secs = to_seconds(tick);
  auto day = std::chrono::floor<std::chrono::days>(secs);
  std::chrono::year_month_day ymd{day};
  std::chrono::hh_mm_ss hms{secs - day};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u%02d%02d%02d", int(ymd.year()), unsigned(ymd.month()),
                unsigned(ymd.day()), int(hms.hours().count()), int(hms.minutes().count()),
                int(hms.seconds().count()));
  return schedule + "-" + buf;
}

}  // namespace coffer::server
