#include "cli/progress_bar.h"

#include <gtest/gtest.h>

namespace coffer::cli {
namespace {

TEST(ProgressBar, Commas) {
  EXPECT_EQ(ProgressBar::with_commas(0), "0");
  EXPECT_EQ(ProgressBar::with_commas(999), "999");
  EXPECT_EQ(ProgressBar::with_commas(1000), "1,000");
  EXPECT_EQ(ProgressBar::with_commas(300000), "300,000");
  EXPECT_EQ(ProgressBar::with_commas(1234567), "1,234,567");
}

TEST(ProgressBar, RendersFractionRateAndLabel) {
  EXPECT_EQ(ProgressBar::render(50, 100, 1234.9, "InProgress", 10),
            "[=====>    ] 50/100 items  50.0%  1,234 items/s  InProgress");
  EXPECT_EQ(ProgressBar::render(100, 100, 10, "", 4), "[====] 100/100 items 100.0%  10 items/s");
  EXPECT_EQ(ProgressBar::render(7, 0, 0, "", 10), "7 items  0 items/s");
  // Plain (non-terminal) lines carry no bar.
  EXPECT_EQ(ProgressBar::render(1, 4, 2, "x", 0), "1/4 items  25.0%  2 items/s  x");
}

TEST(ProgressBar, DisabledWritesNothing) {
  char buf[256] = {0};
  std::FILE* f = fmemopen(buf, sizeof buf, "w");
  ProgressBar bar(f, false);
  bar.update(1, 2, "x");
  bar.finish();
  std::fclose(f);
  EXPECT_STREQ(buf, "");
}

}  // namespace
}  // namespace coffer::cli
