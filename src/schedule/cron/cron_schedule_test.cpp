#include "schedule/cron/cron_schedule.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace coffer::schedule {
namespace {

using namespace std::chrono;

// "2024-02-28T23:59:30Z" -> sys_seconds.
sys_seconds at(const std::string& iso) {
  int y, mo, d, h, mi, s;
  EXPECT_EQ(std::sscanf(iso.c_str(), "%d-%d-%dT%d:%d:%dZ", &y, &mo, &d, &h, &mi, &s), 6) << iso;
  return sys_days(year(y) / month(static_cast<unsigned>(mo)) / day(static_cast<unsigned>(d))) + hours(h) +
         minutes(mi) + seconds(s);
}

std::string iso(sys_seconds t) {
  if (t == CronSchedule::kNever) return "never";
  auto dp = floor<days>(t);
  year_month_day ymd(dp);
  hh_mm_ss<seconds> tod(t - dp);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<long>(tod.hours().count()), static_cast<long>(tod.minutes().count()),
                static_cast<long>(tod.seconds().count()));
  return buf;
}

// ---- next() -------------------------------------------------------------------------------------

struct NextCase {
  const char* expr;
  const char* after;
  std::vector<const char*> ticks;  // the next ticks, each strictly after the previous
};

class NextTable : public ::testing::TestWithParam<NextCase> {};

TEST_P(NextTable, Ticks) {
  const auto& c = GetParam();
  auto s = CronSchedule::parse(c.expr);
  sys_seconds t = at(c.after);
  for (const char* want : c.ticks) {
    t = s.next(t);
    EXPECT_EQ(iso(t), want) << c.expr << " after " << c.after;
    if (t == CronSchedule::kNever) break;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cron, NextTable,
    ::testing::Values(
        // Every minute; seconds are dropped, the tick is strictly after.
        NextCase{"* * * * *", "2024-05-10T10:00:00Z", {"2024-05-10T10:01:00Z", "2024-05-10T10:02:00Z"}},
        NextCase{"* * * * *", "2024-05-10T10:00:59Z", {"2024-05-10T10:01:00Z"}},
        NextCase{"* * * * *", "2024-05-10T10:00:01Z", {"2024-05-10T10:01:00Z"}},
        // Steps.
        NextCase{"*/15 * * * *", "2024-05-10T10:07:00Z", {"2024-05-10T10:15:00Z", "2024-05-10T10:30:00Z",
                                                           "2024-05-10T10:45:00Z", "2024-05-10T11:00:00Z"}},
        NextCase{"0 */6 * * *", "2024-05-10T05:59:59Z", {"2024-05-10T06:00:00Z", "2024-05-10T12:00:00Z",
                                                          "2024-05-10T18:00:00Z", "2024-05-11T00:00:00Z"}},
        NextCase{"5/20 * * * *", "2024-05-10T10:00:00Z", {"2024-05-10T10:05:00Z", "2024-05-10T10:25:00Z",
                                                           "2024-05-10T10:45:00Z", "2024-05-10T11:05:00Z"}},
        NextCase{"10-30/10 8 * * *", "2024-05-10T08:20:00Z", {"2024-05-10T08:30:00Z", "2024-05-11T08:10:00Z"}},
        // Daily at 02:00; year rollover.
        NextCase{"0 2 * * *", "2024-12-31T02:00:00Z", {"2025-01-01T02:00:00Z", "2025-01-02T02:00:00Z"}},
        NextCase{"0 2 * * *", "2024-12-31T01:59:00Z", {"2024-12-31T02:00:00Z"}},
        // Month rollover (30-day month, then 31).
        NextCase{"30 23 31 * *", "2024-04-01T00:00:00Z", {"2024-05-31T23:30:00Z", "2024-07-31T23:30:00Z"}},
        NextCase{"0 0 1 * *", "2024-01-31T23:59:59Z", {"2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z"}},
        // Leap day.
        NextCase{"0 0 29 2 *", "2024-03-01T00:00:00Z", {"2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z"}},
        NextCase{"0 0 29 2 *", "2023-06-01T00:00:00Z", {"2024-02-29T00:00:00Z"}},
        // Past 2100 (not a leap year) the next leap day is more than five years away: robfig gives up.
        NextCase{"0 0 29 2 *", "2096-03-01T00:00:00Z", {"never"}},
        // Day names, case-insensitive; 2024-05-13 is a Monday.
        NextCase{"30 9 * * MON", "2024-05-10T12:00:00Z", {"2024-05-13T09:30:00Z", "2024-05-20T09:30:00Z"}},
        NextCase{"0 9 * * mon-Fri", "2024-05-10T09:00:00Z", {"2024-05-13T09:00:00Z", "2024-05-14T09:00:00Z"}},
        NextCase{"0 0 * * 0", "2024-05-10T00:00:00Z", {"2024-05-12T00:00:00Z"}},
        // Month names.
        NextCase{"0 0 1 jan,JUL *", "2024-02-01T00:00:00Z", {"2024-07-01T00:00:00Z", "2025-01-01T00:00:00Z"}},
        // DOM and DOW both restricted: either matches (OR). 2024-05-15 is a Wednesday.
        NextCase{"0 0 1,15 * 5", "2024-05-10T00:00:00Z", {"2024-05-15T00:00:00Z", "2024-05-17T00:00:00Z",
                                                           "2024-05-24T00:00:00Z", "2024-05-31T00:00:00Z",
                                                           "2024-06-01T00:00:00Z"}},
        // One of them "*" or "?": both must match (AND) -- here trivially the restricted one.
        NextCase{"0 0 13 * ?", "2024-05-10T00:00:00Z", {"2024-05-13T00:00:00Z", "2024-06-13T00:00:00Z"}},
        NextCase{"0 0 ? * FRI", "2024-05-10T00:00:00Z", {"2024-05-17T00:00:00Z"}},
        // "*/2" in DOM has no star bit (step > 1): OR with DOW. 1,3,5,... or Monday.
        NextCase{"0 0 */2 * 1", "2024-05-05T00:00:00Z", {"2024-05-06T00:00:00Z", "2024-05-07T00:00:00Z",
                                                          "2024-05-09T00:00:00Z"}},
        // "*/1" keeps the star bit: AND, so only Mondays.
        NextCase{"0 0 */1 * 1", "2024-05-05T00:00:00Z", {"2024-05-06T00:00:00Z", "2024-05-13T00:00:00Z"}},
        // Friday the 13th needs AND, which standard cron cannot express: OR here.
        NextCase{"0 0 13 * 5", "2024-09-01T00:00:00Z", {"2024-09-06T00:00:00Z", "2024-09-13T00:00:00Z",
                                                         "2024-09-20T00:00:00Z"}},
        // Descriptors.
        NextCase{"@hourly", "2024-05-10T10:00:00Z", {"2024-05-10T11:00:00Z"}},
        NextCase{"@daily", "2024-05-10T10:00:00Z", {"2024-05-11T00:00:00Z"}},
        NextCase{"@midnight", "2024-05-10T23:59:59Z", {"2024-05-11T00:00:00Z"}},
        NextCase{"@weekly", "2024-05-10T10:00:00Z", {"2024-05-12T00:00:00Z", "2024-05-19T00:00:00Z"}},
        NextCase{"@monthly", "2024-05-10T10:00:00Z", {"2024-06-01T00:00:00Z"}},
        NextCase{"@yearly", "2024-05-10T10:00:00Z", {"2025-01-01T00:00:00Z"}},
        NextCase{"@annually", "2024-12-31T23:59:59Z", {"2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z"}},
        NextCase{"CRON_TZ=UTC 0 3 * * *", "2024-05-10T10:00:00Z", {"2024-05-11T03:00:00Z"}},
        NextCase{"TZ=UTC @daily", "2024-05-10T10:00:00Z", {"2024-05-11T00:00:00Z"}},
        // @every: after + delay, not aligned to the clock.
        NextCase{"@every 6h", "2024-05-10T10:17:42Z", {"2024-05-10T16:17:42Z", "2024-05-10T22:17:42Z"}},
        NextCase{"@every 1h30m", "2024-05-10T23:00:00Z", {"2024-05-11T00:30:00Z"}},
        NextCase{"@every 1500ms", "2024-05-10T23:00:00Z", {"2024-05-10T23:00:01Z"}},
        NextCase{"@every 1.5h", "2024-05-10T23:00:00Z", {"2024-05-11T00:30:00Z"}},
        // A sparse schedule far away: jump by field.
        NextCase{"59 23 31 12 *", "2024-01-01T00:00:00Z", {"2024-12-31T23:59:00Z", "2025-12-31T23:59:00Z"}},
        // OR only within the chosen months: after the leap day, the next Monday in February.
        NextCase{"0 12 29 2 1", "2024-02-26T12:00:00Z", {"2024-02-29T12:00:00Z", "2025-02-03T12:00:00Z"}}));

TEST(CronSchedule, FirstTickIsStrictlyAfter) {
  auto s = CronSchedule::parse("0 2 * * *");
  EXPECT_EQ(iso(s.next(at("2024-05-10T02:00:00Z"))), "2024-05-11T02:00:00Z");
  EXPECT_EQ(iso(s.next(at("2024-05-10T01:59:59Z"))), "2024-05-10T02:00:00Z");
}

TEST(CronSchedule, NoCatchUpAfterDowntime) {
  // The scheduler asks next(last run); a missed tick is due once, and the following tick is
  // computed from the time the missed one ran, not from the missed tick.
  auto s = CronSchedule::parse("0 * * * *");
  sys_seconds last_run = at("2024-05-10T10:00:00Z");
  sys_seconds due = s.next(last_run);
  EXPECT_EQ(iso(due), "2024-05-10T11:00:00Z");
  sys_seconds now = at("2024-05-10T15:20:00Z");  // back after 5 hours down
  ASSERT_GE(now, due);                           // run once now
  EXPECT_EQ(iso(s.next(now)), "2024-05-10T16:00:00Z");
}

TEST(CronSchedule, TryNextAndOutOfRange) {
  auto s = CronSchedule::parse("0 0 29 2 *");
  EXPECT_FALSE(s.try_next(at("2096-03-01T00:00:00Z")).has_value());
  EXPECT_EQ(iso(*s.try_next(at("2104-01-01T00:00:00Z"))), "2104-02-29T00:00:00Z");
  EXPECT_EQ(s.next(sys_days(year(9999) / 12 / 31) + hours(23) + minutes(59)), CronSchedule::kNever);
  auto e = CronSchedule::parse("@every 1h");
  EXPECT_EQ(e.next(CronSchedule::kNever - seconds(10)), CronSchedule::kNever);
  EXPECT_TRUE(e.is_interval());
  EXPECT_EQ(e.interval(), hours(1));
}

TEST(CronSchedule, ExpressionIsKeptVerbatim) {
  EXPECT_EQ(CronSchedule::parse(" 0 2 * * * ").expression(), " 0 2 * * * ");
  EXPECT_EQ(CronSchedule::parse("@every 6h").expression(), "@every 6h");
}

TEST(CronSchedule, BitsAndStarFlagsFollowRobfig) {
  auto s = CronSchedule::parse("0 0 * * 1");
  EXPECT_TRUE(s.dom_star());
  EXPECT_FALSE(s.dow_star());
  EXPECT_EQ(s.dow_bits(), 1u << 1);
  auto w = CronSchedule::parse("@weekly");
  EXPECT_EQ(w.dow_bits(), 1u);  // Sunday
  EXPECT_TRUE(w.dom_star());
  auto st = CronSchedule::parse("0 0 */2 * *");
  EXPECT_FALSE(st.dom_star());
  EXPECT_TRUE(st.dow_star());
  EXPECT_EQ(CronSchedule::parse("0 0 1 * *").dom_bits(), 1u << 1);
  EXPECT_EQ(CronSchedule::parse("5/20 * * * *").minute_bits(), (1ull << 5) | (1ull << 25) | (1ull << 45));
}

// Every minute-granular expression over a long gap answers quickly: fields jump, no minute loop.
TEST(CronSchedule, NextIsFast) {
  auto sparse = CronSchedule::parse("59 23 31 12 *");
  auto leap = CronSchedule::parse("0 0 29 2 1");
  auto every_minute = CronSchedule::parse("* * * * *");
  auto begin = steady_clock::now();
  sys_seconds t = at("2001-01-01T00:00:00Z");
  for (int i = 0; i < 2000; ++i) t = sparse.next(t);
  EXPECT_EQ(iso(t), "4000-12-31T23:59:00Z");
  sys_seconds u = at("2001-01-01T00:00:00Z");
  for (int i = 0; i < 20000; ++i) u = leap.next(u);
  sys_seconds v = at("2001-01-01T00:00:00Z");
  for (int i = 0; i < 100000; ++i) v = every_minute.next(v);
  EXPECT_EQ(v, at("2001-01-01T00:00:00Z") + minutes(100000));
  auto ms = duration_cast<milliseconds>(steady_clock::now() - begin).count();
  EXPECT_LT(ms, 2000) << "next() took " << ms << "ms";
}

// next() against a plain scan: the tick matches every field, and no minute between `after` and
// the tick does (days that cannot match are skipped whole).
TEST(CronSchedule, NextAgreesWithScan) {
  const char* minute[] = {"*", "0", "*/15", "5/20", "0,30", "59", "10-20/5"};
  const char* hour[] = {"*", "0", "*/6", "8-18", "23", "2,14"};
  const char* dom[] = {"*", "?", "1", "15", "31", "29", "*/2", "1-7", "28-31", "13"};
  const char* mon[] = {"*", "2", "jan,jul", "*/3", "12", "4-6"};
  const char* dow[] = {"*", "?", "1", "mon-fri", "0", "5", "*/2", "sat,sun"};
  auto bit = [](std::uint64_t b, unsigned i) { return (b >> i & 1) != 0; };
  std::uint64_t seed = 42;
  auto rnd = [&](std::size_t n) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>((seed >> 33) % n);
  };
  int checked = 0;
  for (int i = 0; i < 400; ++i) {
    std::string e = std::string(minute[rnd(7)]) + " " + hour[rnd(6)] + " " + dom[rnd(10)] + " " + mon[rnd(6)] + " " +
                    dow[rnd(8)];
    auto s = CronSchedule::try_parse(e);
    if (!s) continue;  // never fires (e.g. 31 of February)
    auto day_ok = [&](sys_days d) {
      year_month_day ymd(d);
      if (!bit(s->month_bits(), static_cast<unsigned>(ymd.month()))) return false;
      bool dm = bit(s->dom_bits(), static_cast<unsigned>(ymd.day()));
      bool wm = bit(s->dow_bits(), weekday(d).c_encoding());
      return (s->dom_star() || s->dow_star()) ? dm && wm : dm || wm;
    };
    auto matches = [&](sys_seconds t) {
      auto d = floor<days>(t);
      hh_mm_ss<seconds> tod(t - d);
      return tod.seconds().count() == 0 && day_ok(d) && bit(s->hour_bits(), static_cast<unsigned>(tod.hours().count())) &&
             bit(s->minute_bits(), static_cast<unsigned>(tod.minutes().count()));
    };
    sys_seconds after = at("2023-01-01T00:00:00Z") + seconds(static_cast<long>(rnd(3 * 365 * 86400)));
    sys_seconds t = s->next(after);
    ASSERT_NE(t, CronSchedule::kNever) << e;
    ASSERT_TRUE(matches(t)) << e << " -> " << iso(t);
    ASSERT_GT(t, after);
    for (sys_days d = floor<days>(after); d <= floor<days>(t); d += days(1)) {
      if (!day_ok(d)) continue;
      for (int m = 0; m < 1440; ++m) {
        sys_seconds c = sys_seconds(d) + minutes(m);
        if (c <= after || c >= t) continue;
        ASSERT_FALSE(matches(c)) << e << " after " << iso(after) << ": " << iso(c) << " before " << iso(t);
      }
    }
    ++checked;
  }
  EXPECT_GT(checked, 300);
}

// Parse-time "never fires" agrees with a 5-year search from a start covering a leap year.
TEST(CronSchedule, NeverFiresAgreesWithSearch) {
  const char* possible[] = {"0 0 29 2 *", "0 0 31 1-12 *", "0 0 30,31 2,3 *", "0 0 31 2 1", "0 0 30 2 1"};
  for (const char* e : possible) {
    auto s = CronSchedule::parse(e);
    EXPECT_NE(s.next(at("2023-06-01T00:00:00Z")), CronSchedule::kNever) << e;
  }
}

// ---- errors -------------------------------------------------------------------------------------

struct ErrorCase {
  const char* expr;
  const char* message;
};

class ErrorTable : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ErrorTable, ExactMessage) {
  const auto& c = GetParam();
  try {
    CronSchedule::parse(c.expr);
    ADD_FAILURE() << "accepted: " << c.expr;
  } catch (const CronError& e) {
    EXPECT_EQ(std::string(e.what()), c.message) << c.expr;
  }
  std::string err;
  EXPECT_FALSE(CronSchedule::try_parse(c.expr, &err).has_value());
  EXPECT_EQ(err, c.message);
}

INSTANTIATE_TEST_SUITE_P(
    Cron, ErrorTable,
    ::testing::Values(
        ErrorCase{"0 25 * * *", "hour field \"25\": value 25 out of range 0-23"},
        ErrorCase{"60 * * * *", "minute field \"60\": value 60 out of range 0-59"},
        ErrorCase{"0 0 0 * *", "day-of-month field \"0\": value 0 out of range 1-31"},
        ErrorCase{"0 0 * 13 *", "month field \"13\": value 13 out of range 1-12"},
        ErrorCase{"0 0 * * 7", "day-of-week field \"7\": value 7 out of range 0-6 (Sunday is 0 or SUN)"},
        ErrorCase{"0 0 * * 1-7", "day-of-week field \"1-7\": value 7 out of range 0-6 (Sunday is 0 or SUN)"},
        ErrorCase{"0 0 1 2 3 4", "expected 5 fields (minute hour day-of-month month day-of-week), found 6"},
        ErrorCase{"0 0 1", "expected 5 fields (minute hour day-of-month month day-of-week), found 3"},
        ErrorCase{"", "empty schedule: expected 5 fields (minute hour day-of-month month day-of-week) or a "
                      "descriptor (@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, @every "
                      "<duration>)"},
        ErrorCase{"@every 0s", "@every: duration \"0s\" must be at least 1s"},
        ErrorCase{"@every 500ms", "@every: duration \"500ms\" must be at least 1s"},
        ErrorCase{"@every -1h", "@every: duration \"-1h\" must be at least 1s"},
        ErrorCase{"@every 6 hours", "@every: expected one duration without spaces (e.g. 1h30m), found \"6 hours\""},
        ErrorCase{"@every 6d", "@every: invalid duration \"6d\": expected a Go duration such as 30m, 6h or 1h30m "
                               "(units h, m, s, ms, us, ns; at most about 292 years)"},
        ErrorCase{"@every", "@every: missing duration, e.g. \"@every 6h\""},
        ErrorCase{"@fortnightly", "unknown descriptor \"@fortnightly\": valid descriptors are @yearly, @annually, "
                                  "@monthly, @weekly, @daily, @midnight, @hourly, @every <duration>"},
        ErrorCase{"@Daily", "unknown descriptor \"@Daily\": valid descriptors are @yearly, @annually, "
                            "@monthly, @weekly, @daily, @midnight, @hourly, @every <duration>"},
        ErrorCase{"@daily 2", "descriptor @daily takes no arguments, found \"2\""},
        ErrorCase{"0 0 30 2 *", "never fires (day 30 of February does not exist)"},
        ErrorCase{"0 0 31 4,6,9,11 *", "never fires (day 31 of April, June, September or November does not exist)"},
        ErrorCase{"0 0 30,31 feb ?", "never fires (day 30,31 of February does not exist)"},
        ErrorCase{"x * * * *", "minute field \"x\": \"x\" is not a number"},
        ErrorCase{"0 0 * foo *", "month field \"foo\": \"foo\" is neither a number nor a month name (JAN-DEC)"},
        ErrorCase{"0 0 * * sunday", "day-of-week field \"sunday\": \"sunday\" is neither a number nor a day name "
                                    "(SUN-SAT)"},
        ErrorCase{"*/0 * * * *", "minute field \"*/0\": step must be at least 1"},
        ErrorCase{"*/x * * * *", "minute field \"*/x\": step \"x\" is not a number"},
        ErrorCase{"1/2/3 * * * *", "minute field \"1/2/3\": more than one \"/\" in \"1/2/3\""},
        ErrorCase{"1-2-3 * * * *", "minute field \"1-2-3\": more than one \"-\" in \"1-2-3\""},
        ErrorCase{"1,,2 * * * *", "minute field \"1,,2\": empty list element (remove the extra \",\")"},
        ErrorCase{"-5 * * * *", "minute field \"-5\": range \"-5\" has no start (negative numbers are not allowed)"},
        ErrorCase{"5- * * * *", "minute field \"5-\": range \"5-\" has no end"},
        ErrorCase{"0 *-5 * * *", "hour field \"*-5\": \"*-5\" is not a value or range; write \"*\" alone or a "
                                 "range such as 0-23"},
        ErrorCase{"0 0 * * FRI-MON", "day-of-week field \"FRI-MON\": range start 5 is after its end 1 (ranges do "
                                     "not wrap around; write 5-6,0-1)"},
        ErrorCase{"+5 * * * *", "minute field \"+5\": \"+5\" is not a number"},
        ErrorCase{"CRON_TZ=Europe/Berlin 0 2 * * *",
                  "time zone \"Europe/Berlin\" is not supported: Coffer runs schedules in UTC; remove the CRON_TZ= "
                  "prefix and give the times in UTC"},
        ErrorCase{"TZ=UTC", "missing schedule after TZ=UTC"}));

// ---- describe() ---------------------------------------------------------------------------------

struct DescribeCase {
  const char* expr;
  const char* text;
};

class DescribeTable : public ::testing::TestWithParam<DescribeCase> {};

TEST_P(DescribeTable, Reads) {
  EXPECT_EQ(CronSchedule::parse(GetParam().expr).describe(), GetParam().text) << GetParam().expr;
}

INSTANTIATE_TEST_SUITE_P(
    Cron, DescribeTable,
    ::testing::Values(
        DescribeCase{"0 */6 * * *", "Every 6 hours"},
        DescribeCase{"@hourly", "Every hour"},
        DescribeCase{"0 * * * *", "Every hour"},
        DescribeCase{"15 * * * *", "Every hour at minute 15"},
        DescribeCase{"* * * * *", "Every minute"},
        DescribeCase{"*/15 * * * *", "Every 15 minutes"},
        DescribeCase{"0 2 * * *", "Every day at 02:00 UTC"},
        DescribeCase{"@daily", "Every day at 00:00 UTC"},
        DescribeCase{"30 9 * * 1", "Every Monday at 09:30 UTC"},
        DescribeCase{"0 9 * * MON-FRI", "Every Monday-Friday at 09:00 UTC"},
        DescribeCase{"0 9 * * 1,5", "Every Monday and Friday at 09:00 UTC"},
        DescribeCase{"@weekly", "Every Sunday at 00:00 UTC"},
        DescribeCase{"@monthly", "On day 1 of every month at 00:00 UTC"},
        DescribeCase{"0 0 1,15 * *", "On days 1 and 15 of every month at 00:00 UTC"},
        DescribeCase{"@yearly", "Every year on January 1 at 00:00 UTC"},
        DescribeCase{"0 0 29 2 *", "Every year on February 29 at 00:00 UTC (leap years only)"},
        DescribeCase{"0 3 1 1,7 *", "On day 1 of January and July at 03:00 UTC"},
        DescribeCase{"0 8,18 * * *", "Every day at 08:00 and 18:00 UTC"},
        DescribeCase{"0 0 * 12 *", "Every day in December at 00:00 UTC"},
        DescribeCase{"0 0 1 * 1", "On day 1 of every month and on every Monday at 00:00 UTC"},
        DescribeCase{"0 */4 * * 0,6", "Every 4 hours on Sunday and Saturday (UTC)"},
        DescribeCase{"30 */2 * * *", "Every 2 hours at minute 30"},
        DescribeCase{"0,30 8-18 * * 1-5", "At minute 0,30 past hours 8-18 on Monday-Friday (UTC)"},
        DescribeCase{"* 9 * * *", "Every minute of hour 9 (UTC)"},
        DescribeCase{"*/7 * * * *", "At minute 0,7,14,21,28,35,42,49,56 past every hour (UTC)"},
        DescribeCase{"0 0 1-31 * 1", "Every day at 00:00 UTC"},
        DescribeCase{"@every 6h", "Every 6 hours"},
        DescribeCase{"@every 1h30m", "Every 1h30m"},
        DescribeCase{"@every 90m", "Every 1h30m"},
        DescribeCase{"@every 30m", "Every 30 minutes"},
        DescribeCase{"@every 1h", "Every hour"},
        DescribeCase{"@every 45s", "Every 45 seconds"}));

}  // namespace
}  // namespace coffer::schedule
