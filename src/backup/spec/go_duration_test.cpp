#include "backup/spec/go_duration.h"

#include <gtest/gtest.h>

#include <limits>

namespace coffer::backup {
namespace {

using namespace std::chrono_literals;
using std::chrono::nanoseconds;

struct ParseCase {
  std::string text;
  nanoseconds expected;
};

class GoDurationParse : public ::testing::TestWithParam<ParseCase> {};

TEST_P(GoDurationParse, ParsesLikeTimeParseDuration) {
  EXPECT_EQ(parse_go_duration(GetParam().text).count(), GetParam().expected.count()) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    Table, GoDurationParse,
    ::testing::Values(
        ParseCase{"0", 0ns}, ParseCase{"-0", 0ns}, ParseCase{"+0", 0ns}, ParseCase{"0s", 0ns},
        ParseCase{"5s", 5s}, ParseCase{"720h", 720h}, ParseCase{"720h0m0s", 720h}, ParseCase{"1h30m", 90min},
        ParseCase{"1.5h", 90min}, ParseCase{"300ms", 300ms}, ParseCase{"1.5s", 1500ms}, ParseCase{"-1h", -1h},
        ParseCase{"-1.5h", -90min}, ParseCase{"+5m", 5min}, ParseCase{"10m", 10min}, ParseCase{"4h", 4h},
        ParseCase{"2h45m", 165min}, ParseCase{"1h1m1s1ms1us1ns", 1h + 1min + 1s + 1ms + 1us + 1ns},
        ParseCase{"1us", 1us}, ParseCase{"1\xC2\xB5s", 1us} /* U+00B5 micro sign */,
        ParseCase{"1\xCE\xBCs", 1us} /* U+03BC Greek mu */, ParseCase{".5s", 500ms}, ParseCase{"1.s", 1s},
        ParseCase{"1.0000000001s", 1s}, ParseCase{"100.00000000000000000000001ns", 100ns},
        ParseCase{"0.3333333333333333333h", nanoseconds(1200000000000)},
        ParseCase{"9223372036854775807ns", nanoseconds(std::numeric_limits<std::int64_t>::max())},
        ParseCase{"-9223372036854775808ns", nanoseconds(std::numeric_limits<std::int64_t>::min())},
        ParseCase{"2562047h47m16.854775807s", nanoseconds(std::numeric_limits<std::int64_t>::max())}));

struct ErrorCase {
  std::string text;
  std::string message;
};

class GoDurationErrors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(GoDurationErrors, ReportsGoMessages) {
  try {
    parse_go_duration(GetParam().text);
    FAIL() << "no error for " << GetParam().text;
  } catch (const DurationError& e) {
    EXPECT_EQ(std::string(e.what()), GetParam().message);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, GoDurationErrors,
    ::testing::Values(
        ErrorCase{"", "time: invalid duration \"\""}, ErrorCase{"abc", "time: invalid duration \"abc\""},
        ErrorCase{"-", "time: invalid duration \"-\""}, ErrorCase{".", "time: invalid duration \".\""},
        ErrorCase{".s", "time: invalid duration \".s\""}, ErrorCase{"h", "time: invalid duration \"h\""},
        ErrorCase{"1", "time: missing unit in duration \"1\""},
        ErrorCase{"1h2", "time: missing unit in duration \"1h2\""},
        ErrorCase{"1x", "time: unknown unit \"x\" in duration \"1x\""},
        ErrorCase{"1d", "time: unknown unit \"d\" in duration \"1d\""},
        ErrorCase{"1h 30m", "time: unknown unit \"h \" in duration \"1h 30m\""},
        ErrorCase{"1\xC2\xB5", "time: unknown unit \"\\xc2\\xb5\" in duration \"1\\xc2\\xb5\""},
        ErrorCase{"\"1h\"", "time: invalid duration \"\\\"1h\\\"\""},
        ErrorCase{"9223372036854775808ns", "time: invalid duration \"9223372036854775808ns\""},
        ErrorCase{"3000000h", "time: invalid duration \"3000000h\""},
        ErrorCase{"2562047h48m", "time: invalid duration \"2562047h48m\""},
        ErrorCase{"99999999999999999999s", "time: invalid duration \"99999999999999999999s\""}));

struct FormatCase {
  nanoseconds value;
  std::string text;
};

class GoDurationFormat : public ::testing::TestWithParam<FormatCase> {};

TEST_P(GoDurationFormat, FormatsLikeDurationString) {
  EXPECT_EQ(format_go_duration(GetParam().value), GetParam().text);
  // and reads back to the same value
  EXPECT_EQ(parse_go_duration(GetParam().text).count(), GetParam().value.count());
}

INSTANTIATE_TEST_SUITE_P(
    Table, GoDurationFormat,
    ::testing::Values(
        FormatCase{0ns, "0s"}, FormatCase{1ns, "1ns"}, FormatCase{999ns, "999ns"}, FormatCase{1100ns, "1.1\xC2\xB5s"},
        FormatCase{2200us, "2.2ms"}, FormatCase{300ms, "300ms"}, FormatCase{1500ms, "1.5s"}, FormatCase{1s, "1s"},
        FormatCase{61s, "1m1s"}, FormatCase{10min, "10m0s"}, FormatCase{4h, "4h0m0s"}, FormatCase{720h, "720h0m0s"},
        FormatCase{90min, "1h30m0s"}, FormatCase{-1h, "-1h0m0s"}, FormatCase{-1ms, "-1ms"},
        FormatCase{1h + 500ms, "1h0m0.5s"}, FormatCase{1h + 1ns, "1h0m0.000000001s"},
        FormatCase{nanoseconds(std::numeric_limits<std::int64_t>::max()), "2562047h47m16.854775807s"},
        FormatCase{nanoseconds(std::numeric_limits<std::int64_t>::min()), "-2562047h47m16.854775808s"}));

}  // namespace
}  // namespace coffer::backup
