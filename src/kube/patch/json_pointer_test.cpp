#include "kube/patch/json_pointer.h"

#include <gtest/gtest.h>

#include "kube/patch/patch_error.h"

namespace coffer::kube {
namespace {

using Tokens = std::vector<std::string>;

TEST(JsonPointer, Parses) {
  EXPECT_EQ(parse_json_pointer(""), Tokens{});
  EXPECT_EQ(parse_json_pointer("/"), Tokens{""});
  EXPECT_EQ(parse_json_pointer("/a/0/"), (Tokens{"a", "0", ""}));
  EXPECT_EQ(parse_json_pointer("/a~1b/~0c/~01"), (Tokens{"a/b", "~c", "~1"}));
}

TEST(JsonPointer, RejectsMalformedPointers) {
  EXPECT_THROW(parse_json_pointer("a"), PatchError);
  EXPECT_THROW(parse_json_pointer("/a~"), PatchError);
  EXPECT_THROW(parse_json_pointer("/a~2"), PatchError);
}

TEST(JsonPointer, Escapes) {
  EXPECT_EQ(escape_json_pointer_token("a/b~c"), "a~1b~0c");
  EXPECT_EQ(append_json_pointer("/spec", "app.kubernetes.io/name"), "/spec/app.kubernetes.io~1name");
  EXPECT_EQ(parse_json_pointer(append_json_pointer("", "x/~y")), Tokens{"x/~y"});
}

TEST(PatchError, FormatsPath) {
  EXPECT_STREQ(PatchError("bad").what(), "bad");
  PatchError error("bad", "/a/0");
  EXPECT_STREQ(error.what(), "/a/0: bad");
  EXPECT_EQ(error.path(), "/a/0");
}

}  // namespace
}  // namespace coffer::kube
