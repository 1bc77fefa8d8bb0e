#include "schedule/cron/cron_schedule.h"

#include <array>
#include <cctype>
#include <limits>
#include <vector>

namespace coffer::schedule {
namespace {

using std::chrono::sys_seconds;

constexpr std::string_view kDescriptors =
    "@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, @every <duration>";
constexpr std::string_view kFieldList = "minute hour day-of-month month day-of-week";

struct FieldSpec {
  std::string_view name;
  unsigned min, max;
  const std::array<std::string_view, 12>* names;  // lower-case, index 0 = value min
  unsigned name_count;
  std::string_view names_hint;
};

constexpr std::array<std::string_view, 12> kMonthNames = {"jan", "feb", "mar", "apr", "may", "jun",
                                                          "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr std::array<std::string_view, 12> kDayNames = {"sun", "mon", "tue", "wed", "thu", "fri",
                                                        "sat", "",    "",    "",    "",    ""};

const FieldSpec kFields[5] = {
    {"minute", 0, 59, nullptr, 0, ""},
    {"hour", 0, 23, nullptr, 0, ""},
    {"day-of-month", 1, 31, nullptr, 0, ""},
    {"month", 1, 12, &kMonthNames, 12, "a month name (JAN-DEC)"},
    {"day-of-week", 0, 6, &kDayNames, 7, "a day name (SUN-SAT)"},
};

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

[[noreturn]] void fail(const FieldSpec& f, std::string_view field, const std::string& what) {
  throw CronError(std::string(f.name) + " field " + quoted(field) + ": " + what);
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A number or (month, day-of-week) name; range-checked against the field's bounds.
unsigned parse_value(const FieldSpec& f, std::string_view field, std::string_view token) {
  if (token.empty()) fail(f, field, "missing number");
  if (f.names) {
    std::string l = lower(token);
    for (unsigned i = 0; i < f.name_count; ++i)
      if (l == (*f.names)[i]) return f.min + i;
  }
  if (!all_digits(token)) {
    if (f.names)
      fail(f, field, quoted(token) + " is neither a number nor " + std::string(f.names_hint));
    fail(f, field, quoted(token) + " is not a number");
  }
  unsigned long v = 0;
  for (char c : token) {
    v = v * 10 + static_cast<unsigned>(c - '0');
    if (v > 1000000) break;
  }
  if (v < f.min || v > f.max) {
    std::string msg = "value " + (v > 1000000 ? std::string(token) : std::to_string(v)) + " out of range " +
                      std::to_string(f.min) + "-" + std::to_string(f.max);
    if (f.name == "day-of-week" && v == 7) msg += " (Sunday is 0 or SUN)";
    fail(f, field, msg);
  }
  return static_cast<unsigned>(v);
}

std::uint64_t bits_between(unsigned lo, unsigned hi, unsigned step) {
  std::uint64_t bits = 0;
  for (unsigned i = lo; i <= hi; i += step) bits |= std::uint64_t{1} << i;
  return bits;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    std::size_t pos = s.find(sep, start);
    if (pos == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, pos - start));
    start = pos + 1;
  }
}

// One field: a comma list of ranges. `star` is robfig's star bit: some element is "*" or "?"
// with no step above 1.
std::uint64_t parse_field(const FieldSpec& f, std::string_view field, bool& star) {
  std::uint64_t bits = 0;
  star = false;
  for (std::string_view elem : split(field, ',')) {
    if (elem.empty()) fail(f, field, "empty list element (remove the extra \",\")");
    auto range_step = split(elem, '/');
    if (range_step.size() > 2) fail(f, field, "more than one \"/\" in " + quoted(elem));
    std::string_view range = range_step[0];
    unsigned step = 1;
    if (range_step.size() == 2) {
      std::string_view s = range_step[1];
      if (s.empty()) fail(f, field, "missing step after \"/\" in " + quoted(elem));
      if (!all_digits(s)) fail(f, field, "step " + quoted(s) + " is not a number");
      unsigned long v = 0;
      for (char c : s) {
        v = v * 10 + static_cast<unsigned>(c - '0');
        if (v > 1000000) break;
      }
      if (v == 0) fail(f, field, "step must be at least 1");
      step = static_cast<unsigned>(v > 64 ? 64 : v);
    }
    unsigned lo = 0, hi = 0;
    bool elem_star = false;
    if (range.empty()) fail(f, field, "missing value before \"/\" in " + quoted(elem));
    if (range == "*" || range == "?") {
      lo = f.min;
      hi = f.max;
      elem_star = step <= 1;
    } else if (range[0] == '*' || range[0] == '?') {
      fail(f, field, quoted(range) + " is not a value or range; write \"" + std::string(1, range[0]) +
                         "\" alone or a range such as " + std::to_string(f.min) + "-" + std::to_string(f.max));
    } else {
      auto low_high = split(range, '-');
      if (low_high.size() > 2) fail(f, field, "more than one \"-\" in " + quoted(range));
      if (low_high.size() == 2 && low_high[0].empty())
        fail(f, field, "range " + quoted(range) + " has no start (negative numbers are not allowed)");
      if (low_high.size() == 2 && low_high[1].empty()) fail(f, field, "range " + quoted(range) + " has no end");
      lo = parse_value(f, field, low_high[0]);
      hi = low_high.size() == 2 ? parse_value(f, field, low_high[1]) : lo;
      if (low_high.size() == 1 && range_step.size() == 2) hi = f.max;  // "a/n" = "a-max/n"
      if (lo > hi)
        fail(f, field,
             "range start " + std::to_string(lo) + " is after its end " + std::to_string(hi) +
                 " (ranges do not wrap around; write " + std::to_string(lo) + "-" + std::to_string(f.max) + "," +
                 std::to_string(f.min) + "-" + std::to_string(hi) + ")");
    }
    bits |= bits_between(lo, hi, step);
    star = star || elem_star;
  }
  return bits;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> fields_of(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    std::size_t start = i;
    while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

// Go's time.ParseDuration: [+-] then one or more "<decimal>[.<fraction>]<unit>" with units
// ns, us (µs, μs), ms, s, m, h; "0" alone is allowed. Returns nanoseconds, or nullopt when the
// text is not a duration or does not fit in 64 bits (Go's limit, about 292 years).
std::optional<long long> parse_go_duration(std::string_view s) {
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return 0;
  if (s.empty()) return std::nullopt;
  const unsigned long long limit = static_cast<unsigned long long>(std::numeric_limits<long long>::max());
  unsigned long long total = 0;
  while (!s.empty()) {
    if (!(s[0] == '.' || (s[0] >= '0' && s[0] <= '9'))) return std::nullopt;
    unsigned long long whole = 0;
    bool have_whole = false, overflow = false;
    while (!s.empty() && s[0] >= '0' && s[0] <= '9') {
      have_whole = true;
      if (whole > (limit - 9) / 10) overflow = true;
      whole = overflow ? whole : whole * 10 + static_cast<unsigned>(s[0] - '0');
      s.remove_prefix(1);
    }
    if (overflow) return std::nullopt;
    unsigned long long frac = 0;
    double scale = 1;
    bool have_frac = false;
    if (!s.empty() && s[0] == '.') {
      s.remove_prefix(1);
      while (!s.empty() && s[0] >= '0' && s[0] <= '9') {
        have_frac = true;
        if (frac <= (limit - 9) / 10) {  // further digits are below any precision that matters
          frac = frac * 10 + static_cast<unsigned>(s[0] - '0');
          scale *= 10;
        }
        s.remove_prefix(1);
      }
    }
    if (!have_whole && !have_frac) return std::nullopt;
    std::size_t u = 0;
    while (u < s.size() && !(s[u] == '.' || (s[u] >= '0' && s[u] <= '9'))) ++u;
    std::string_view unit = s.substr(0, u);
    s.remove_prefix(u);
    unsigned long long mult = 0;
    if (unit == "ns") mult = 1;
    else if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs") mult = 1000ULL;
    else if (unit == "ms") mult = 1000000ULL;
    else if (unit == "s") mult = 1000000000ULL;
    else if (unit == "m") mult = 60ULL * 1000000000ULL;
    else if (unit == "h") mult = 3600ULL * 1000000000ULL;
    else return std::nullopt;
    unsigned long long part = 0;
    if (__builtin_mul_overflow(whole, mult, &part) || part > limit) return std::nullopt;
    if (have_frac) part += static_cast<unsigned long long>(static_cast<double>(frac) * (static_cast<double>(mult) / scale));
    if (part > limit || total + part > limit) return std::nullopt;
    total += part;
  }
  return negative ? -static_cast<long long>(total) : static_cast<long long>(total);
}

constexpr std::array<std::string_view, 12> kMonthTitles = {"January", "February", "March",     "April",
                                                           "May",     "June",     "July",      "August",
                                                           "September", "October", "November", "December"};

unsigned max_days(unsigned month) {  // in any year (February: 29)
  static constexpr unsigned kDays[13] = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return kDays[month];
}

// Cron forms that never fire: day-of-week is "*" (so the day-of-month must match) and no chosen
// month has any chosen day, e.g. "0 0 30 2 *".
void check_fires(std::uint64_t dom, std::uint64_t month, bool dom_star, bool dow_star, std::string_view dom_text) {
  bool and_days = dom_star || dow_star;
  if (!and_days) return;  // either field matching is enough; every month has every weekday
  std::vector<unsigned> months;
  for (unsigned m = 1; m <= 12; ++m) {
    if (!(month >> m & 1)) continue;
    for (unsigned d = 1; d <= max_days(m); ++d)
      if (dom >> d & 1) return;
    months.push_back(m);
  }
  std::string names;
  for (std::size_t i = 0; i < months.size(); ++i) {
    if (i > 0) names += i + 1 == months.size() ? " or " : ", ";
    names += kMonthTitles[months[i] - 1];
  }
  throw CronError("never fires (day " + std::string(dom_text) + " of " + names + " does not exist)");
}

}  // namespace

CronSchedule CronSchedule::parse(std::string_view input) {
  CronSchedule s;
  s.expr_ = std::string(input);
  std::string_view expr = trim(input);
  if (expr.empty())
    throw CronError("empty schedule: expected 5 fields (" + std::string(kFieldList) + ") or a descriptor (" +
                    std::string(kDescriptors) + ")");

  // CRON_TZ= / TZ= prefix: only UTC.
  for (std::string_view prefix : {std::string_view("CRON_TZ="), std::string_view("TZ=")}) {
    if (expr.substr(0, prefix.size()) != prefix) continue;
    std::size_t sp = expr.find_first_of(" \t");
    std::string_view zone = expr.substr(prefix.size(), sp == std::string_view::npos ? sp : sp - prefix.size());
    if (zone != "UTC" && zone != "Etc/UTC")
      throw CronError("time zone " + quoted(zone) +
                      " is not supported: Coffer runs schedules in UTC; remove the " + std::string(prefix) +
                      " prefix and give the times in UTC");
    if (sp == std::string_view::npos)
      throw CronError("missing schedule after " + std::string(prefix) + std::string(zone));
    expr = trim(expr.substr(sp));
    break;
  }

  if (expr[0] == '@') {
    auto words = fields_of(expr);
    std::string_view d = words[0];
    auto set = [&](std::uint64_t minute, std::uint64_t hour, std::uint64_t dom, std::uint64_t month,
                   std::uint64_t dow, bool dom_star, bool dow_star) {
      s.minute_ = minute, s.hour_ = hour, s.dom_ = dom, s.month_ = month, s.dow_ = dow;
      s.dom_star_ = dom_star, s.dow_star_ = dow_star;
    };
    const std::uint64_t all_hours = bits_between(0, 23, 1), all_dom = bits_between(1, 31, 1),
                        all_months = bits_between(1, 12, 1), all_dow = bits_between(0, 6, 1);
    if (d == "@every") {
      if (words.size() < 2) throw CronError("@every: missing duration, e.g. \"@every 6h\"");
      if (words.size() > 2)
        throw CronError("@every: expected one duration without spaces (e.g. 1h30m), found " +
                        quoted(expr.substr(words[1].data() - expr.data())));
      auto ns = parse_go_duration(words[1]);
      if (!ns)
        throw CronError("@every: invalid duration " + quoted(words[1]) +
                        ": expected a Go duration such as 30m, 6h or 1h30m (units h, m, s, ms, us, ns; at most about 292 years)");
      if (*ns < 1000000000LL) throw CronError("@every: duration " + quoted(words[1]) + " must be at least 1s");
      s.every_ = std::chrono::seconds(*ns / 1000000000LL);
      return s;
    }
    if (d == "@yearly" || d == "@annually") set(1, 1, 1ULL << 1, 1ULL << 1, all_dow, false, true);
    else if (d == "@monthly") set(1, 1, 1ULL << 1, all_months, all_dow, false, true);
    else if (d == "@weekly") set(1, 1, all_dom, all_months, 1, true, false);
    else if (d == "@daily" || d == "@midnight") set(1, 1, all_dom, all_months, all_dow, true, true);
    else if (d == "@hourly") set(1, all_hours, all_dom, all_months, all_dow, true, true);
    else throw CronError("unknown descriptor " + quoted(d) + ": valid descriptors are " + std::string(kDescriptors));
    if (words.size() > 1)
      throw CronError("descriptor " + std::string(d) + " takes no arguments, found " +
                      quoted(expr.substr(words[1].data() - expr.data())));
    return s;
  }

  auto fields = fields_of(expr);
  if (fields.size() != 5)
    throw CronError("expected 5 fields (" + std::string(kFieldList) + "), found " + std::to_string(fields.size()));
  bool star = false;
  s.minute_ = parse_field(kFields[0], fields[0], star);
  s.hour_ = parse_field(kFields[1], fields[1], star);
  s.dom_ = parse_field(kFields[2], fields[2], s.dom_star_);
  s.month_ = parse_field(kFields[3], fields[3], star);
  s.dow_ = parse_field(kFields[4], fields[4], s.dow_star_);
  check_fires(s.dom_, s.month_, s.dom_star_, s.dow_star_, fields[2]);
  return s;
}

std::optional<CronSchedule> CronSchedule::try_parse(std::string_view expr, std::string* error) {
  try {
    return parse(expr);
  } catch (const CronError& e) {
    if (error) *error = e.what();
    return std::nullopt;
  }
}

bool CronSchedule::day_matches(int year, unsigned month, unsigned day) const {
  using namespace std::chrono;
  bool dom_match = dom_ >> day & 1;
  unsigned wd = weekday(sys_days(std::chrono::year(year) / std::chrono::month(month) / std::chrono::day(day))).c_encoding();
  bool dow_match = dow_ >> wd & 1;
  if (dom_star_ || dow_star_) return dom_match && dow_match;
  return dom_match || dow_match;
}

namespace {
// The lowest set bit >= from (and <= max), or -1.
int next_bit(std::uint64_t bits, int from, int max) {
  for (int i = from; i <= max; ++i)
    if (bits >> i & 1) return i;
  return -1;
}
}  // namespace

sys_seconds CronSchedule::next(sys_seconds after) const {
  using namespace std::chrono;
  static const sys_seconds kFirst = sys_days(std::chrono::year(1) / January / 1);
  static const sys_seconds kLast = sys_days(std::chrono::year(9999) / December / 31) + hours(23) + minutes(59);
  if (after < kFirst || after >= kLast) return kNever;
  if (every_.count() > 0) {
    if (after > kNever - every_) return kNever;
    return after + every_;
  }

  // The first whole minute strictly after `after` (cron forms fire at second 0).
  sys_seconds start = ceil<minutes>(after + seconds(1));
  sys_days day0 = floor<days>(start);
  year_month_day ymd(day0);
  hh_mm_ss<seconds> tod(start - day0);
  int y = static_cast<int>(ymd.year());
  int m = static_cast<int>(static_cast<unsigned>(ymd.month()));
  int d = static_cast<int>(static_cast<unsigned>(ymd.day()));
  int h = static_cast<int>(tod.hours().count());
  int mi = static_cast<int>(tod.minutes().count());
  const int year_limit = y + 5;  // robfig: give up past the fifth year

  auto next_month = [&] {
    d = 1, h = 0, mi = 0;
    if (++m > 12) m = 1, ++y;
  };
  while (true) {
    if (y > year_limit) return kNever;
    // Month.
    int nm = next_bit(month_, m, 12);
    if (nm < 0) {
      m = 1, d = 1, h = 0, mi = 0, ++y;
      continue;
    }
    if (nm != m) m = nm, d = 1, h = 0, mi = 0;
    // Day.
    int dim = static_cast<int>(static_cast<unsigned>(
        year_month_day_last(std::chrono::year(y), month_day_last(std::chrono::month(static_cast<unsigned>(m))))
            .day()));
    int nd = d;
    while (nd <= dim && !day_matches(y, static_cast<unsigned>(m), static_cast<unsigned>(nd))) ++nd;
    if (nd > dim) {
      next_month();
      continue;
    }
    if (nd != d) d = nd, h = 0, mi = 0;
    // Hour.
    int nh = next_bit(hour_, h, 23);
    if (nh < 0) {
      h = 0, mi = 0;
      if (++d > dim) next_month();
      continue;
    }
    if (nh != h) h = nh, mi = 0;
    // Minute.
    int nmi = next_bit(minute_, mi, 59);
    if (nmi < 0) {
      mi = 0;
      if (++h > 23) {
        h = 0;
        if (++d > dim) next_month();
      }
      continue;
    }
    mi = nmi;
    return sys_days(std::chrono::year(y) / std::chrono::month(static_cast<unsigned>(m)) /
                    std::chrono::day(static_cast<unsigned>(d))) +
           hours(h) + minutes(mi);
  }
}

std::optional<sys_seconds> CronSchedule::try_next(sys_seconds after) const {
  sys_seconds t = next(after);
  if (t == kNever) return std::nullopt;
  return t;
}

}  // namespace coffer::schedule
