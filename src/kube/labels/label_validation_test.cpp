#include "kube/labels/label_validation.h"

#include <gtest/gtest.h>

namespace coffer::kube {
namespace {

TEST(QualifiedName, AcceptsNamesAndPrefixedNames) {
  EXPECT_TRUE(qualified_name_errors("app").empty());
  EXPECT_TRUE(qualified_name_errors("My_App-1.x").empty());
  EXPECT_TRUE(qualified_name_errors("app.kubernetes.io/name").empty());
  EXPECT_TRUE(qualified_name_errors("a/b").empty());
  EXPECT_TRUE(qualified_name_errors(std::string(63, 'a')).empty());
}

TEST(QualifiedName, RejectsBadNames) {
  auto errors = qualified_name_errors("-app");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and "
            "end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex "
            "used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
  EXPECT_EQ(qualified_name_errors(std::string(64, 'a')),
            std::vector<std::string>{"name part must be no more than 63 bytes"});
  EXPECT_EQ(qualified_name_errors("").size(), 2u);  // empty, and does not match the grammar
  EXPECT_EQ(qualified_name_errors("").front(), "name part must be non-empty");
}

TEST(QualifiedName, RejectsBadPrefixes) {
  EXPECT_EQ(qualified_name_errors("/app").front(), "prefix part must be non-empty");
  auto upper = qualified_name_errors("Example.com/app");
  ASSERT_EQ(upper.size(), 1u);
  EXPECT_EQ(upper[0].rfind("prefix part a lowercase RFC 1123 subdomain must consist of", 0), 0u);
  EXPECT_FALSE(qualified_name_errors("a..b/app").empty());
  EXPECT_FALSE(qualified_name_errors(std::string(254, 'a') + "/app").empty());
  auto too_many = qualified_name_errors("a/b/c");
  ASSERT_EQ(too_many.size(), 1u);
  EXPECT_NE(too_many[0].find("with an optional DNS subdomain prefix and '/'"), std::string::npos);
}

TEST(LabelValue, AcceptsEmptyAndValidValues) {
  EXPECT_TRUE(label_value_errors("").empty());
  EXPECT_TRUE(label_value_errors("v1.2_3-x").empty());
  EXPECT_TRUE(label_value_errors(std::string(63, 'z')).empty());
}

TEST(LabelValue, RejectsInvalidValues) {
  EXPECT_EQ(label_value_errors("a b"),
            std::vector<std::string>{
                "a valid label must be an empty string or consist of alphanumeric characters, '-', "
                "'_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  "
                "or 'my_value',  or '12345', regex used for validation is "
                "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"});
  EXPECT_EQ(label_value_errors(std::string(64, 'a')),
            std::vector<std::string>{"must be no more than 63 bytes"});
  EXPECT_FALSE(label_value_errors("x/y").empty());
  EXPECT_FALSE(label_value_errors("-x").empty());
}

TEST(Dns1123Subdomain, ChecksLabels) {
  EXPECT_TRUE(dns1123_subdomain_errors("example.com").empty());
  EXPECT_TRUE(dns1123_subdomain_errors("a-1.b2").empty());
  EXPECT_FALSE(dns1123_subdomain_errors("a.").empty());
  EXPECT_FALSE(dns1123_subdomain_errors(".a").empty());
  EXPECT_FALSE(dns1123_subdomain_errors("a-.b").empty());
  EXPECT_FALSE(dns1123_subdomain_errors("").empty());
}

TEST(GoQuote, EscapesLikeGo) {
  EXPECT_EQ(go_quote("a b"), "\"a b\"");
  EXPECT_EQ(go_quote("q\"\\\n\x01"), "\"q\\\"\\\\\\n\\x01\"");
}

}  // namespace
}  // namespace coffer::kube
