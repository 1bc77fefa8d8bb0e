#include "common/unified_diff.h"

#include <gtest/gtest.h>

namespace coffer {
namespace {

TEST(UnifiedDiff, EqualTextsGiveNothing) { EXPECT_EQ(unified_diff("a\nb\n", "a\nb\n", "x", "y"), ""); }

TEST(UnifiedDiff, OneChangedLineWithContext) {
  std::string from = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
  std::string to = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
  EXPECT_EQ(unified_diff(from, to, "live", "backup"),
            "--- live\n+++ backup\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
}

TEST(UnifiedDiff, DistantChangesMakeTwoHunks) {
  std::string from, to;
  for (int i = 1; i <= 20; ++i) {
    from += std::to_string(i) + "\n";
    to += (i == 2 ? std::string("two") : i == 18 ? std::string("eighteen") : std::to_string(i)) + "\n";
  }
  std::string d = unified_diff(from, to, "a", "b");
  EXPECT_NE(d.find("@@ -1,5 +1,5 @@\n 1\n-2\n+two\n 3\n 4\n 5\n"), std::string::npos) << d;
  EXPECT_NE(d.find("@@ -15,6 +15,6 @@\n 15\n 16\n 17\n-18\n+eighteen\n 19\n 20\n"), std::string::npos) << d;
}

TEST(UnifiedDiff, InsertionIntoEmpty) {
  EXPECT_EQ(unified_diff("", "a\n", "x", "y"), "--- x\n+++ y\n@@ -0,0 +1 @@\n+a\n");
}

TEST(UnifiedDiff, OversizedInputsReplaceEverything) {
  EXPECT_EQ(unified_diff("a\nb\n", "a\nc\n", "x", "y", 1), "--- x\n+++ y\n@@ -1,2 +1,2 @@\n-a\n-b\n+a\n+c\n");
}

}  // namespace
}  // namespace coffer
