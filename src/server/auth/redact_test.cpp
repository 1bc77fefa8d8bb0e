#include "server/auth/redact.h"

#include <gtest/gtest.h>

namespace coffer::auth {

TEST(Redact, ReplacesEveryOccurrence) {
  EXPECT_EQ(redact_secrets("key=s3cr3t, again s3cr3t.", {"s3cr3t"}), "key=***, again ***.");
  EXPECT_EQ(redact_secrets("user alice pass hunter2", {"hunter2", "alice"}), "user *** pass ***");
}

TEST(Redact, EmptySecretsAndNoSecretsLeaveTextAlone) {
  EXPECT_EQ(redact_secrets("nothing to hide", {}), "nothing to hide");
  EXPECT_EQ(redact_secrets("nothing to hide", {""}), "nothing to hide");
  EXPECT_EQ(redact_secrets("", {"x"}), "");
  EXPECT_EQ(redact_secrets("abc", {"abcd"}), "abc");
}

TEST(Redact, OverlappingSecretsLeaveNoFragments) {
  EXPECT_EQ(redact_secrets("xx abcd yy", {"abc", "bcd"}), "xx *** yy");
  EXPECT_EQ(redact_secrets("token=abcdef", {"abc", "abcdef"}), "token=***");
  EXPECT_EQ(redact_secrets("aaaaa", {"aa"}), "***");
  EXPECT_EQ(redact_secrets("s1s2", {"s1", "s2"}), "***");
}

TEST(Redact, SecretThatLooksLikeTheMask) {
  EXPECT_EQ(redact_secrets("a*b", {"*"}), "a***b");
  EXPECT_EQ(redact_secrets("p**q", {"*", "**"}), "p***q");
}

TEST(Redact, BinaryAndMultiline) {
  std::string secret("se\0cret", 7);
  std::string text = std::string("line1\n") + secret + "\nline3";
  EXPECT_EQ(redact_secrets(text, {secret}), "line1\n***\nline3");
}

}  // namespace coffer::auth
