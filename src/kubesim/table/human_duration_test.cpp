#include "kubesim/table/human_duration.h"

#include <gtest/gtest.h>

namespace coffer::kubesim {
namespace {
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

TEST(HumanDuration, MatchesApimachineryBoundaries) {
  const hours day(24), year(24 * 365);
  struct Case {
    std::chrono::system_clock::duration d;
    const char* want;
  } cases[] = {
      {-seconds(2), "<invalid>"},
      {-seconds(1), "0s"},
      {-milliseconds(1999), "0s"},  // truncates to -1s
      {-milliseconds(500), "0s"},
      {seconds(0), "0s"},
      {milliseconds(1999), "1s"},
      {seconds(5), "5s"},
      {seconds(95), "95s"},
      {seconds(119), "119s"},
      {seconds(120), "2m"},
      {seconds(192), "3m12s"},
      {seconds(599), "9m59s"},
      {minutes(10), "10m"},
      {minutes(45), "45m"},
      {minutes(179) + seconds(59), "179m"},
      {hours(3), "3h"},
      {hours(3) + minutes(5), "3h5m"},
      {hours(7) + minutes(59) + seconds(59), "7h59m"},
      {hours(8), "8h"},
      {hours(26), "26h"},
      {hours(47) + minutes(59), "47h"},
      {hours(48), "2d"},
      {3 * day + hours(4), "3d4h"},
      {7 * day + hours(23), "7d23h"},
      {8 * day, "8d"},
      {245 * day, "245d"},
      {2 * year - hours(1), "729d"},
      {2 * year, "2y"},
      {3 * year + 45 * day, "3y45d"},
      {8 * year - day, "7y364d"},
      {8 * year, "8y"},
      {10 * year + 100 * day, "10y"},
  };
  for (const auto& c : cases)
    EXPECT_EQ(human_duration(c.d), c.want)
        << std::chrono::duration_cast<milliseconds>(c.d).count() << "ms";
}

}  // namespace
}  // namespace coffer::kubesim
