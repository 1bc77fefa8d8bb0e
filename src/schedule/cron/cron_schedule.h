#pragma once

// CronSchedule: the schedule expression of a Coffer Schedule (docs/schedules.md).
//
// Syntax -- that of robfig/cron v3's ParseStandard, which Velero uses:
//   - five fields "minute hour day-of-month month day-of-week" (0-59, 0-23, 1-31, 1-12 or
//     JAN-DEC, 0-6 or SUN-SAT; names are case-insensitive; 7 is *not* Sunday, as in robfig);
//     each field a comma list of "*", "?", "n", "a-b", "*/s", "a-b/s" or "a/s" (= a-max/s);
//     "?" is "*" (in every field, as in robfig);
//   - descriptors @yearly/@annually, @monthly, @weekly, @daily/@midnight, @hourly, and
//     "@every <Go duration>" ("@every 6h", "@every 1h30m"), truncated to whole seconds;
//   - an optional "CRON_TZ=UTC " / "TZ=UTC " prefix; any other zone is refused (Coffer runs
//     every schedule in UTC).
// Day matching (robfig, and classic cron): when the day-of-month or the day-of-week field
// starts with "*" or "?" (without a step > 1), a day must match both fields; otherwise either.
//
// Coffer is stricter than robfig where robfig silently accepts something surprising: empty
// list elements ("1,,2"), "*-5", "+5", @every below 1s (robfig rounds up to 1s) and cron
// expressions that can never fire ("0 0 30 2 *") are refused at parse time.
//
// Times are UTC, to the second (std::chrono::sys_seconds).

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace coffer::schedule {

// A refused expression. The message names the field and what to write instead, e.g.
//   hour field "25": value 25 out of range 0-23
class CronError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

class CronSchedule {
 public:
  // "No tick": what next() returns when nothing fires within five years (as robfig, which then
  // returns the zero time). It compares after every real instant, so "now >= next" never holds.
  static constexpr std::chrono::sys_seconds kNever = std::chrono::sys_seconds::max();

  // Throws CronError.
  static CronSchedule parse(std::string_view expr);
  // As parse(); on failure returns nullopt and stores the message in *error (when given).
  static std::optional<CronSchedule> try_parse(std::string_view expr, std::string* error = nullptr);

  // The first tick strictly after `after`.
  //   - cron forms: the first whole minute > after that matches; searched field by field
  //     (month, day, hour, minute jump to the next set bit), at most until the end of the
  //     fifth year after `after`'s year -- beyond that kNever (robfig's limit; it only
  //     matters for a February-29-only schedule around 2100, which is not a leap year);
  //   - @every d: after + d (robfig's ConstantDelaySchedule); anchor it on the schedule's
  //     last run, or its creation time before the first run.
  // Instants outside the years 1-9999 give kNever.
  std::chrono::sys_seconds next(std::chrono::sys_seconds after) const;
  // next(), with nullopt for kNever.
  std::optional<std::chrono::sys_seconds> try_next(std::chrono::sys_seconds after) const;

  // English, e.g. "Every 6 hours", "Every day at 02:00 UTC", "Every Monday at 09:30 UTC",
  // "On day 1 of every month at 00:00 UTC", "Every 1h30m",
  // "At minute 0,30 past hours 8-18 on Monday-Friday (UTC)".
  std::string describe() const;

  // The expression as given to parse().
  const std::string& expression() const { return expr_; }

  // @every: the delay; zero for cron forms.
  bool is_interval() const { return every_.count() > 0; }
  std::chrono::seconds interval() const { return every_; }

  // The fields as bit sets (bit n = value n), for cron forms; the star flags say whether the
  // day-of-month / day-of-week field started with "*" or "?" (robfig's star bit).
  std::uint64_t minute_bits() const { return minute_; }
  std::uint64_t hour_bits() const { return hour_; }
  std::uint64_t dom_bits() const { return dom_; }
  std::uint64_t month_bits() const { return month_; }
  std::uint64_t dow_bits() const { return dow_; }
  bool dom_star() const { return dom_star_; }
  bool dow_star() const { return dow_star_; }

 private:
  CronSchedule() = default;
  bool day_matches(int year, unsigned month, unsigned day) const;

  std::string expr_;
  std::uint64_t minute_ = 0, hour_ = 0, dom_ = 0, month_ = 0, dow_ = 0;
  bool dom_star_ = false, dow_star_ = false;
  std::chrono::seconds every_{0};
};

}  // namespace coffer::schedule
