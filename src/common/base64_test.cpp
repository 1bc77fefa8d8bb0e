#include "common/base64.h"

#include <gtest/gtest.h>

namespace coffer {
TEST(Base64, Rfc4648Vectors) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64_decode("Zm9vYg=="), "foob");
  EXPECT_EQ(base64_decode("Zm9vYg"), "foob");
}
TEST(Base64, RoundTripsBinary) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += char(i);
  EXPECT_EQ(base64_decode(base64_encode(all)), all);
  EXPECT_EQ(base64url_decode(base64url_encode(all)), all);
  EXPECT_EQ(base64url_encode(all).find_first_of("+/="), std::string::npos);
}
TEST(Base64, RejectsGarbage) {
  EXPECT_THROW(base64_decode("Zm9v!"), std::invalid_argument);
  EXPECT_THROW(base64_decode("Z"), std::invalid_argument);
}
}  // namespace coffer
