#include "common/text.h"

#include <gtest/gtest.h>

namespace coffer {
TEST(Text, SplitKeepsEmptyFields) {
  EXPECT_EQ(split("a,,b", ','), (std::vector<std::string>{"a", "", "b"}));
  EXPECT_EQ(split("", ','), (std::vector<std::string>{""}));
}
TEST(Text, TrimAndLower) {
  EXPECT_EQ(trim("  a b \n"), "a b");
  EXPECT_EQ(to_lower("AbC"), "abc");
}
TEST(Text, UrlCoding) {
  EXPECT_EQ(url_decode("a%3Db+c", true), "a=b c");
  EXPECT_EQ(url_decode("a+b", false), "a+b");
  EXPECT_EQ(url_encode("app in (a,b)"), "app%20in%20%28a%2Cb%29");
  EXPECT_THROW(url_decode("%zz", true), std::invalid_argument);
}
}  // namespace coffer
