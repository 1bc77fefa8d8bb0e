#include "kube/labels/field_selector.h"

#include <gtest/gtest.h>

#include <map>

namespace coffer::kube {
namespace {

FieldSelector::FieldGetter fields(std::map<std::string, std::string> values) {
  return [values = std::move(values)](std::string_view field) -> std::optional<std::string> {
    auto it = values.find(std::string(field));
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

std::string parse_error(std::string_view text) {
  try {
    FieldSelector::parse(text);
  } catch (const SelectorError& error) {
    return error.what();
  }
  return "<no error>";
}

TEST(FieldSelector, EmptyMatchesEverything) {
  FieldSelector selector = FieldSelector::parse("");
  EXPECT_TRUE(selector.empty());
  EXPECT_TRUE(selector.matches(fields({})));
  EXPECT_TRUE(FieldSelector::parse(",,").empty());
}

TEST(FieldSelector, Operators) {
  FieldSelector selector = FieldSelector::parse("metadata.name=foo,status.phase!=Running");
  ASSERT_EQ(selector.requirements().size(), 2u);
  EXPECT_EQ(selector.requirements()[0], (FieldRequirement{"metadata.name", FieldOperator::Equals, "foo"}));
  EXPECT_EQ(selector.requirements()[1],
            (FieldRequirement{"status.phase", FieldOperator::NotEquals, "Running"}));
  EXPECT_TRUE(selector.matches(fields({{"metadata.name", "foo"}, {"status.phase", "Pending"}})));
  EXPECT_FALSE(selector.matches(fields({{"metadata.name", "foo"}, {"status.phase", "Running"}})));
  EXPECT_FALSE(selector.matches(fields({{"metadata.name", "bar"}})));

  FieldSelector double_equals = FieldSelector::parse("metadata.namespace==default");
  EXPECT_EQ(double_equals.requirements()[0].op, FieldOperator::Equals);
  EXPECT_EQ(double_equals.requirements()[0].value, "default");
  EXPECT_EQ(double_equals.to_string(), "metadata.namespace=default");
}

TEST(FieldSelector, MissingFieldComparesAsEmpty) {
  EXPECT_TRUE(FieldSelector::parse("spec.nodeName=").matches(fields({})));
  EXPECT_TRUE(FieldSelector::parse("spec.nodeName!=node-1").matches(fields({})));
  EXPECT_FALSE(FieldSelector::parse("spec.nodeName!=").matches(fields({})));
  EXPECT_TRUE(FieldSelector::parse("spec.nodeName!=").matches(fields({{"spec.nodeName", "n"}})));
}

TEST(FieldSelector, EscapedValues) {
  FieldSelector selector = FieldSelector::parse(R"(metadata.name=a\,b\=c\\d,spec.x=y)");
  ASSERT_EQ(selector.requirements().size(), 2u);
  EXPECT_EQ(selector.requirements()[0].value, R"(a,b=c\d)");
  EXPECT_EQ(selector.requirements()[1].value, "y");
  EXPECT_TRUE(selector.matches(fields({{"metadata.name", R"(a,b=c\d)"}, {"spec.x", "y"}})));
  EXPECT_EQ(selector.to_string(), R"(metadata.name=a\,b\=c\\d,spec.x=y)");
  EXPECT_EQ(FieldSelector::parse(selector.to_string()), selector);
  EXPECT_EQ(escape_field_selector_value(R"(x\,=)"), R"(x\\\,\=)");
}

TEST(FieldSelector, SplitsAtFirstOperator) {
  FieldSelector selector = FieldSelector::parse("a=!b");
  EXPECT_EQ(selector.requirements()[0], (FieldRequirement{"a", FieldOperator::Equals, "!b"}));
  EXPECT_EQ(parse_error("a!==b"), "invalid field selector: unescaped character in value: '='");
}

TEST(FieldSelector, TermsAreSorted) {
  FieldSelector selector = FieldSelector::parse("z=1,a=2");
  EXPECT_EQ(selector.requirements()[0].field, "a");
  EXPECT_EQ(selector.to_string(), "a=2,z=1");
}

TEST(FieldSelector, WhitespaceIsKept) {
  FieldSelector selector = FieldSelector::parse("metadata.name = foo");
  EXPECT_EQ(selector.requirements()[0].field, "metadata.name ");
  EXPECT_EQ(selector.requirements()[0].value, " foo");
}

TEST(FieldSelector, Errors) {
  EXPECT_EQ(parse_error("foo"), "invalid selector: 'foo'; can't understand 'foo'");
  EXPECT_EQ(parse_error("a=b,foo"), "invalid selector: 'a=b,foo'; can't understand 'foo'");
  EXPECT_EQ(parse_error(R"(a=b\x)"), R"(invalid field selector: invalid escape sequence: \x)");
  EXPECT_EQ(parse_error(R"(a=b\)"), R"(invalid field selector: invalid escape sequence: \)");
  EXPECT_EQ(parse_error("a=b=c"), "invalid field selector: unescaped character in value: '='");
  EXPECT_THROW(FieldSelector::parse("x"), std::invalid_argument);
}

}  // namespace
}  // namespace coffer::kube
