#include "kubesim/controllers/cron_schedule.h"

#include <ctime>
#include <string>
#include <vector>

#include "common/text.h"

namespace coffer::kubesim::controllers {
namespace {

int name_value(std::string_view word, bool month) {
  static const char* const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                       "jul", "aug", "sep", "oct", "nov", "dec"};
  static const char* const days[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  std::string lower = to_lower(word);
  if (month) {
    for (int i = 0; i < 12; ++i)
      if (lower == months[i]) return i + 1;
  } else {
    for (int i = 0; i < 7; ++i)
      if (lower == days[i]) return i;
  }
  return -1;
}

std::optional<int> value_of(std::string_view text, int kind) {
  if (text.empty()) return std::nullopt;
  if (kind == 3 || kind == 4) {
    int v = name_value(text, kind == 3);
    if (v >= 0) return v;
  }
  int v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
    if (v > 1000) return std::nullopt;
  }
  return v;
}

// Sets bits [low, high] of one field; kind: 0 minute, 1 hour, 2 day, 3 month, 4 weekday.
template <size_t N>
bool parse_field(std::string_view field, int low, int high, int kind, std::bitset<N>& bits,
                 bool& star) {
  star = field == "*" || field == "?";
  for (const auto& part : split(field, ',')) {
    std::string_view item = part;
    int step = 1;
    size_t slash = item.find('/');
    if (slash != std::string_view::npos) {
      auto s = value_of(item.substr(slash + 1), 0);
      if (!s || *s <= 0) return false;
      step = *s;
      item = item.substr(0, slash);
    }
    int first = low, last = high;
    if (item != "*" && item != "?") {
      size_t dash = item.find('-');
      auto a = value_of(item.substr(0, dash), kind);
      if (!a) return false;
      first = *a;
      if (dash != std::string_view::npos) {
        auto b = value_of(item.substr(dash + 1), kind);
        if (!b) return false;
        last = *b;
      } else if (slash == std::string_view::npos) {
        last = first;
      }
    }
    if (kind == 4 && last == 7 && first <= 7) {  // 7 is Sunday too
      bits.set(0);
      last = 6;
      if (first == 7) continue;
    }
    if (first < low || last > high || first > last) return false;
    for (int v = first; v <= last; v += step) bits.set(size_t(v));
  }
  return true;
}

}  // namespace

std::optional<CronSchedule> CronSchedule::parse(std::string_view text) {
  std::string spec(text);
  while (!spec.empty() && spec[0] == ' ') spec.erase(0, 1);
  if (spec.rfind("CRON_TZ=", 0) == 0 || spec.rfind("TZ=", 0) == 0) {
    size_t space = spec.find(' ');
    if (space == std::string::npos) return std::nullopt;
    spec = spec.substr(space + 1);
  }
  if (spec == "@yearly" || spec == "@annually") spec = "0 0 1 1 *";
  else if (spec == "@monthly") spec = "0 0 1 * *";
  else if (spec == "@weekly") spec = "0 0 * * 0";
  else if (spec == "@daily" || spec == "@midnight") spec = "0 0 * * *";
  else if (spec == "@hourly") spec = "0 * * * *";
  std::vector<std::string> fields;
  for (const auto& f : split(spec, ' '))
    if (!f.empty()) fields.push_back(f);
  if (fields.size() != 5) return std::nullopt;
  CronSchedule s;
  bool star = false;
  if (!parse_field(fields[0], 0, 59, 0, s.minutes_, star) ||
      !parse_field(fields[1], 0, 23, 1, s.hours_, star) ||
      !parse_field(fields[2], 1, 31, 2, s.days_, s.any_day_) ||
      !parse_field(fields[3], 1, 12, 3, s.months_, star) ||
      !parse_field(fields[4], 0, 7, 4, s.weekdays_, s.any_weekday_))
    return std::nullopt;
  return s;
}

std::optional<SystemTime> CronSchedule::next_after(SystemTime t) const {
  using namespace std::chrono;
  auto minute = time_point_cast<minutes>(t) + minutes(1);
  if (minute - minutes(1) > t) minute -= minutes(1);  // t before the minute's start (negative)
  const auto limit = minute + hours(24 * 366 * 5);
  while (minute < limit) {
    std::time_t tt = system_clock::to_time_t(system_clock::time_point(minute));
    std::tm tm{};
    gmtime_r(&tt, &tm);
    if (!months_.test(size_t(tm.tm_mon + 1))) {  // jump to the next month's first day
      tm.tm_mon += 1;
      tm.tm_mday = 1;
      tm.tm_hour = 0;
      tm.tm_min = 0;
      tm.tm_sec = 0;
      minute = time_point_cast<minutes>(system_clock::from_time_t(timegm(&tm)));
      continue;
    }
    bool day_ok = days_.test(size_t(tm.tm_mday));
    bool weekday_ok = weekdays_.test(size_t(tm.tm_wday));
    bool day_matches = any_day_ || any_weekday_ ? day_ok && weekday_ok : day_ok || weekday_ok;
    if (!day_matches) {
      minute += minutes(24 * 60 - tm.tm_hour * 60 - tm.tm_min);
      continue;
    }
    if (!hours_.test(size_t(tm.tm_hour))) {
      minute += minutes(60 - tm.tm_min);
      continue;
    }
    if (!minutes_.test(size_t(tm.tm_min))) {
      minute += minutes(1);
      continue;
    }
    return system_clock::time_point(minute);
  }
  return std::nullopt;
}

}  // namespace coffer::kubesim::controllers
