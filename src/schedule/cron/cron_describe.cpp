// CronSchedule::describe(): English for a schedule, from its bit sets (so "@daily" and "0 0 * * *"
// read the same). Shapes, tried in order:
//   @every d            "Every 6 hours", "Every 30 minutes", "Every 1h30m"
//   a frequency         "Every minute", "Every 15 minutes", "Every hour", "Every hour at minute 15",
//                       "Every 6 hours", "Every 6 hours at minute 30" [+ " on Monday (UTC)"]
//   up to 4 times/day   "Every day at 02:00 UTC", "Every Monday at 09:30 UTC",
//                       "On day 1 of every month at 00:00 UTC", "Every year on January 1 at 00:00 UTC"
//   anything else       "At minute 0,30 past hours 8-18 on Monday-Friday (UTC)"
#include <array>
#include <cstdio>
#include <vector>

#include "schedule/cron/cron_schedule.h"

namespace coffer::schedule {
namespace {

constexpr std::array<const char*, 12> kMonths = {"January", "February", "March",     "April",   "May",      "June",
                                                 "July",    "August",   "September", "October", "November", "December"};
constexpr std::array<const char*, 7> kDays = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                              "Thursday", "Friday", "Saturday"};

std::uint64_t all_bits(unsigned lo, unsigned hi) {
  std::uint64_t b = 0;
  for (unsigned i = lo; i <= hi; ++i) b |= std::uint64_t{1} << i;
  return b;
}

std::vector<unsigned> values(std::uint64_t bits, unsigned lo, unsigned hi) {
  std::vector<unsigned> out;
  for (unsigned i = lo; i <= hi; ++i)
    if (bits >> i & 1) out.push_back(i);
  return out;
}

// Items of a set, runs of 3 or more as "a-b".
template <typename Name>
std::vector<std::string> items(std::uint64_t bits, unsigned lo, unsigned hi, Name name) {
  std::vector<std::string> out;
  auto v = values(bits, lo, hi);
  for (std::size_t i = 0; i < v.size();) {
    std::size_t j = i;
    while (j + 1 < v.size() && v[j + 1] == v[j] + 1) ++j;
    if (j - i >= 2) {
      out.push_back(name(v[i]) + "-" + name(v[j]));
    } else {
      for (std::size_t k = i; k <= j; ++k) out.push_back(name(v[k]));
    }
    i = j + 1;
  }
  return out;
}

std::string join_english(const std::vector<std::string>& v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += i + 1 == v.size() ? " and " : ", ";
    out += v[i];
  }
  return out;
}

std::string join_compact(const std::vector<std::string>& v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + v[i];
  return out;
}

std::string num(unsigned v) { return std::to_string(v); }
std::string month_name(unsigned m) { return kMonths[m - 1]; }
std::string day_name(unsigned d) { return kDays[d]; }

std::string hhmm(unsigned h, unsigned m) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02u:%02u", h % 100, m % 100);
  return buf;
}

// n when bits == {0, n, 2n, ...} over 0..max with n > 1 dividing max+1; else 0.
unsigned even_step(std::uint64_t bits, unsigned max) {
  for (unsigned n = 2; n <= max; ++n) {
    if ((max + 1) % n) continue;
    std::uint64_t b = 0;
    for (unsigned i = 0; i <= max; i += n) b |= std::uint64_t{1} << i;
    if (b == bits) return n;
  }
  return 0;
}

std::string plural(unsigned n, const char* unit) {
  return n == 1 ? std::string(unit) : std::to_string(n) + " " + unit + "s";
}

std::string every_text(std::chrono::seconds d) {
  auto s = static_cast<unsigned long long>(d.count());
  if (s % 3600 == 0) return "Every " + (s == 3600 ? std::string("hour") : std::to_string(s / 3600) + " hours");
  if (s < 3600 && s % 60 == 0) return "Every " + (s == 60 ? std::string("minute") : std::to_string(s / 60) + " minutes");
  if (s < 60) return "Every " + (s == 1 ? std::string("second") : std::to_string(s) + " seconds");
  std::string out = "Every ";
  if (s >= 3600) out += std::to_string(s / 3600) + "h";
  if (s % 3600 / 60) out += std::to_string(s % 3600 / 60) + "m";
  if (s % 60) out += std::to_string(s % 60) + "s";
  return out;
}

}  // namespace

std::string CronSchedule::describe() const {
  if (is_interval()) return every_text(every_);

  const std::uint64_t all_min = all_bits(0, 59), all_hour = all_bits(0, 23), all_dom = all_bits(1, 31),
                      all_month = all_bits(1, 12), all_dow = all_bits(0, 6);
  // Effective day restrictions: with AND (a star field) a full field restricts nothing; with OR a
  // full field makes every day match.
  bool and_days = dom_star_ || dow_star_;
  bool dom_restricts = dom_ != all_dom, dow_restricts = dow_ != all_dow;
  if (!and_days && (!dom_restricts || !dow_restricts)) dom_restricts = dow_restricts = false;
  bool month_restricts = month_ != all_month;

  std::string dows = join_english(items(dow_, 0, 6, day_name));
  std::string months = join_english(items(month_, 1, 12, month_name));
  auto doms_v = values(dom_, 1, 31);
  std::string doms = (doms_v.size() == 1 ? "day " : "days ") + join_english(items(dom_, 1, 31, num));
  std::string of_months = month_restricts ? months : "every month";

  // The days as a trailing qualifier ("" = every day): "on Monday", "on day 1 of every month",
  // "in January", "on day 1 of every month and on every Monday".
  std::string qualifier;
  if (dom_restricts && dow_restricts && !and_days) {
    qualifier = "on " + doms + " of " + of_months + " and on every " + dows;
  } else if (dom_restricts) {
    qualifier = "on " + doms + " of " + of_months;
  } else if (dow_restricts) {
    qualifier = "on " + dows + (month_restricts ? " in " + months : "");
  } else if (month_restricts) {
    qualifier = "in " + months;
  }
  auto with_days = [&](std::string s) { return qualifier.empty() ? s : s + " " + qualifier + " (UTC)"; };

  // Frequencies.
  auto minutes = values(minute_, 0, 59);
  auto hours_v = values(hour_, 0, 23);
  if (hour_ == all_hour) {
    if (minute_ == all_min) return with_days("Every minute");
    if (unsigned n = even_step(minute_, 59)) return with_days("Every " + std::to_string(n) + " minutes");
    if (minutes.size() == 1)
      return with_days(minutes[0] == 0 ? "Every hour" : "Every hour at minute " + std::to_string(minutes[0]));
  }
  if (minutes.size() == 1) {
    if (unsigned n = even_step(hour_, 23)) {
      std::string s = "Every " + plural(n, "hour");
      if (minutes[0] != 0) s += " at minute " + std::to_string(minutes[0]);
      return with_days(s);
    }
  }

  // A few times a day.
  if (minutes.size() * hours_v.size() <= 4) {
    std::vector<std::string> times;
    for (unsigned h : hours_v)
      for (unsigned m : minutes) times.push_back(hhmm(h, m));
    std::string lead;
    if (dom_restricts && dow_restricts && !and_days) {
      lead = "On " + doms + " of " + of_months + " and on every " + dows;
    } else if (dom_restricts) {
      if (doms_v.size() == 1 && values(month_, 1, 12).size() == 1)
        lead = "Every year on " + months + " " + std::to_string(doms_v[0]);
      else
        lead = "On " + doms + " of " + of_months;
    } else if (dow_restricts) {
      lead = "Every " + dows + (month_restricts ? " in " + months : "");
    } else {
      lead = "Every day" + (month_restricts ? " in " + months : "");
    }
    std::string out = lead + " at " + join_english(times) + " UTC";
    if (dom_restricts && !dow_restricts && month_ == (std::uint64_t{1} << 2) && doms_v == std::vector<unsigned>{29})
      out += " (leap years only)";
    return out;
  }

  // Anything else.
  std::string s;
  if (minute_ == all_min)
    s = "Every minute";
  else
    s = "At minute " + join_compact(items(minute_, 0, 59, num));
  if (hour_ == all_hour)
    s += minute_ == all_min ? "" : " past every hour";
  else
    s += (minute_ == all_min ? " of hour" : " past hour") + std::string(hours_v.size() == 1 ? " " : "s ") +
         join_compact(items(hour_, 0, 23, num));
  if (!qualifier.empty()) s += " " + qualifier;
  return s + " (UTC)";
}

}  // namespace coffer::schedule
