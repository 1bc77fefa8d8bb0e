#pragma once
// CronSchedule: a standard five-field cron expression (minute hour day-of-month month
// day-of-week) as CronJob's spec.schedule takes it: "*", "*/n", "a", "a-b", "a-b/n", "a/n",
// comma lists, month and weekday names, 7 for Sunday, "?" for "*", and the macros @yearly,
// @annually, @monthly, @weekly, @daily, @midnight and @hourly. A "CRON_TZ=" or "TZ=" prefix is
// accepted and ignored: every time is UTC.
#include <bitset>
#include <optional>
#include <string_view>

#include "common/rfc3339.h"

namespace coffer::kubesim::controllers {

class CronSchedule {
 public:
  static std::optional<CronSchedule> parse(std::string_view text);
  // The first scheduled minute strictly after `t` (within about five years), or nullopt.
  std::optional<SystemTime> next_after(SystemTime t) const;

 private:
  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_;    // 1..31
  std::bitset<13> months_;  // 1..12
  std::bitset<7> weekdays_; // 0 = Sunday
  bool any_day_ = true, any_weekday_ = true;
};

}  // namespace coffer::kubesim::controllers
