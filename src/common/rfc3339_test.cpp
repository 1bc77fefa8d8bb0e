#include "common/rfc3339.h"

#include <gtest/gtest.h>

namespace coffer {
TEST(Rfc3339, FormatsAndParses) {
  auto t = parse_rfc3339("2026-11-24T11:35:07Z");
  EXPECT_EQ(format_rfc3339(t), "2026-11-24T11:35:07Z");
  EXPECT_EQ(format_rfc3339_micro(parse_rfc3339("2026-11-24T11:35:07.25Z")),
            "2026-11-24T11:35:07.250000Z");
  EXPECT_EQ(format_rfc3339(parse_rfc3339("2026-11-24T12:35:07+01:00")), "2026-11-24T11:35:07Z");
}
TEST(Rfc3339, Rejects) {
  EXPECT_THROW(parse_rfc3339("2026-11-24"), std::invalid_argument);
  EXPECT_THROW(parse_rfc3339("2026-11-24T11:35:07"), std::invalid_argument);
  EXPECT_THROW(parse_rfc3339("2026-11-24T11:35:07Zx"), std::invalid_argument);
}
}  // namespace coffer
