#include "kube/labels/label_selector.h"

#include <gtest/gtest.h>

#include "kube/labels/selector_error.h"

namespace coffer::kube {
namespace {

using Labels = std::map<std::string, std::string>;
using nlohmann::json;

std::string parse_error(std::string_view text) {
  try {
    LabelSelector::parse(text);
  } catch (const SelectorError& error) {
    return error.what();
  }
  return "<no error>";
}

std::string json_error(const json& selector) {
  try {
    LabelSelector::from_json(selector);
  } catch (const SelectorError& error) {
    return error.what();
  }
  return "<no error>";
}

TEST(LabelSelectorParse, EmptyMatchesEverything) {
  for (std::string_view text : {"", "   ", "\t\n"}) {
    LabelSelector selector = LabelSelector::parse(text);
    EXPECT_TRUE(selector.empty());
    EXPECT_TRUE(selector.matches(Labels{}));
    EXPECT_TRUE(selector.matches(Labels{{"a", "b"}}));
    EXPECT_EQ(selector.to_string(), "");
  }
  EXPECT_TRUE(LabelSelector().matches(json(nullptr)));
}

TEST(LabelSelectorParse, Equality) {
  for (std::string_view text : {"app=web", "app==web", " app = web "}) {
    LabelSelector selector = LabelSelector::parse(text);
    EXPECT_TRUE(selector.matches(Labels{{"app", "web"}})) << text;
    EXPECT_FALSE(selector.matches(Labels{{"app", "db"}})) << text;
    EXPECT_FALSE(selector.matches(Labels{})) << text;
  }
  EXPECT_EQ(LabelSelector::parse("app==web").to_string(), "app==web");
  EXPECT_EQ(LabelSelector::parse(" app = web ").to_string(), "app=web");
}

TEST(LabelSelectorParse, NotEqualsMatchesMissingLabel) {
  LabelSelector selector = LabelSelector::parse("app!=web");
  EXPECT_FALSE(selector.matches(Labels{{"app", "web"}}));
  EXPECT_TRUE(selector.matches(Labels{{"app", "db"}}));
  EXPECT_TRUE(selector.matches(Labels{}));
}

TEST(LabelSelectorParse, EmptyValue) {
  LabelSelector selector = LabelSelector::parse("app=");
  ASSERT_EQ(selector.requirements().size(), 1u);
  EXPECT_EQ(selector.requirements()[0].values(), std::vector<std::string>{""});
  EXPECT_TRUE(selector.matches(Labels{{"app", ""}}));
  EXPECT_FALSE(selector.matches(Labels{}));
  EXPECT_EQ(LabelSelector::parse("app=,tier=x").to_string(), "app=,tier=x");
}

TEST(LabelSelectorParse, InAndNotIn) {
  LabelSelector in = LabelSelector::parse("env in (prod, staging)");
  EXPECT_TRUE(in.matches(Labels{{"env", "prod"}}));
  EXPECT_TRUE(in.matches(Labels{{"env", "staging"}}));
  EXPECT_FALSE(in.matches(Labels{{"env", "dev"}}));
  EXPECT_FALSE(in.matches(Labels{}));
  EXPECT_EQ(in.to_string(), "env in (prod,staging)");

  LabelSelector notin = LabelSelector::parse("env notin (prod,staging)");
  EXPECT_FALSE(notin.matches(Labels{{"env", "prod"}}));
  EXPECT_TRUE(notin.matches(Labels{{"env", "dev"}}));
  EXPECT_TRUE(notin.matches(Labels{}));

  // Keywords need no surrounding space before "(", values are a sorted set.
  EXPECT_EQ(LabelSelector::parse("env in(b,a,b)").to_string(), "env in (a,b)");
}

TEST(LabelSelectorParse, EmptyValuesInSets) {
  EXPECT_EQ(LabelSelector::parse("a in ()").requirements()[0].values(), std::vector<std::string>{""});
  EXPECT_EQ(LabelSelector::parse("a in (,x)").requirements()[0].values(),
            (std::vector<std::string>{"", "x"}));
  EXPECT_EQ(LabelSelector::parse("a in (x,)").requirements()[0].values(),
            (std::vector<std::string>{"", "x"}));
  EXPECT_EQ(LabelSelector::parse("a in (x,,y)").requirements()[0].values(),
            (std::vector<std::string>{"", "x", "y"}));
  EXPECT_TRUE(LabelSelector::parse("a in ()").matches(Labels{{"a", ""}}));
}

TEST(LabelSelectorParse, ExistsAndDoesNotExist) {
  LabelSelector exists = LabelSelector::parse("app");
  EXPECT_TRUE(exists.matches(Labels{{"app", ""}}));
  EXPECT_FALSE(exists.matches(Labels{{"other", "x"}}));
  LabelSelector missing = LabelSelector::parse("!app");
  EXPECT_FALSE(missing.matches(Labels{{"app", "x"}}));
  EXPECT_TRUE(missing.matches(Labels{}));
  EXPECT_EQ(LabelSelector::parse(" ! app ").to_string(), "!app");
}

TEST(LabelSelectorParse, GreaterAndLessThan) {
  LabelSelector gt = LabelSelector::parse("replicas>5");
  EXPECT_TRUE(gt.matches(Labels{{"replicas", "6"}}));
  EXPECT_FALSE(gt.matches(Labels{{"replicas", "5"}}));
  EXPECT_FALSE(gt.matches(Labels{{"replicas", "abc"}}));
  EXPECT_FALSE(gt.matches(Labels{}));
  LabelSelector lt = LabelSelector::parse("replicas < 5");
  EXPECT_TRUE(lt.matches(Labels{{"replicas", "-3"}}));
  EXPECT_TRUE(lt.matches(Labels{{"replicas", "+4"}}));
  EXPECT_FALSE(lt.matches(Labels{{"replicas", "5"}}));
  for (const char* not_an_integer : {"", "+", "-", "++1", "+-1", "1.0", " 1", "0x1"}) {
    EXPECT_FALSE(lt.matches(Labels{{"replicas", not_an_integer}})) << not_an_integer;
  }
  EXPECT_TRUE(LabelSelector::parse("replicas<9223372036854775807")
                  .matches(Labels{{"replicas", "-9223372036854775808"}}));
  EXPECT_FALSE(LabelSelector::parse("replicas>1").matches(Labels{{"replicas", "9223372036854775808"}}));
  EXPECT_EQ(lt.to_string(), "replicas<5");
  // As in Kubernetes, the bound must also be a valid label value, so it cannot be negative.
  EXPECT_NE(parse_error("replicas<-1").find("values[0][replicas]: Invalid value: \"-1\""), std::string::npos);
  EXPECT_EQ(parse_error("replicas>x"),
            "unable to parse requirement: values[0]: Invalid value: \"x\": for 'Gt', 'Lt' operators, "
            "the value must be an integer");
  EXPECT_EQ(parse_error("replicas>99999999999999999999"),
            "unable to parse requirement: values[0]: Invalid value: \"99999999999999999999\": for "
            "'Gt', 'Lt' operators, the value must be an integer");
}

TEST(LabelSelectorParse, SeveralRequirementsAreAndedAndSortedByKey) {
  LabelSelector selector = LabelSelector::parse("tier in (fe),app=web,!legacy");
  EXPECT_EQ(selector.to_string(), "app=web,!legacy,tier in (fe)");
  EXPECT_TRUE(selector.matches(Labels{{"app", "web"}, {"tier", "fe"}}));
  EXPECT_FALSE(selector.matches(Labels{{"app", "web"}, {"tier", "fe"}, {"legacy", "1"}}));
  EXPECT_FALSE(selector.matches(Labels{{"app", "web"}}));
}

TEST(LabelSelectorParse, PrefixedKeys) {
  LabelSelector selector = LabelSelector::parse("app.kubernetes.io/name=nginx,!example.com/skip");
  EXPECT_TRUE(selector.matches(Labels{{"app.kubernetes.io/name", "nginx"}}));
  EXPECT_FALSE(selector.matches(Labels{{"app.kubernetes.io/name", "nginx"}, {"example.com/skip", ""}}));
  EXPECT_EQ(selector.to_string(), "app.kubernetes.io/name=nginx,!example.com/skip");
}

TEST(LabelSelectorParse, KeywordsAreIdentifiersWhereValuesAreExpected) {
  LabelSelector selector = LabelSelector::parse("in=notin");
  EXPECT_TRUE(selector.matches(Labels{{"in", "notin"}}));
  EXPECT_TRUE(LabelSelector::parse("x in (in,notin)").matches(Labels{{"x", "in"}}));
}

TEST(LabelSelectorParse, RoundTripsThroughToString) {
  for (std::string_view text :
       {"a=b", "a==b", "a!=b", "a in (x,y)", "a notin (x)", "a", "!a", "a>1", "a<10", "a=", "a in ()",
        "a in (,b)", "k8s.io/x=1,a=2,a=3", "x.example.com/y notin (p,q),z"}) {
    LabelSelector selector = LabelSelector::parse(text);
    EXPECT_EQ(LabelSelector::parse(selector.to_string()), selector) << text;
  }
}

TEST(LabelSelectorParse, InvalidValueMessage) {
  EXPECT_EQ(parse_error("app in (a b)"), "unable to parse requirement: found 'b', expected: ',' or ')'");
  EXPECT_EQ(parse_error("app=a_"),
            "unable to parse requirement: values[0][app]: Invalid value: \"a_\": a valid label must be an "
            "empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end "
            "with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for "
            "validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
  EXPECT_NE(parse_error("app=" + std::string(64, 'v')).find("must be no more than 63 bytes"),
            std::string::npos);
}

TEST(LabelSelectorParse, InvalidKeyMessage) {
  EXPECT_EQ(parse_error("-app=x"),
            "unable to parse requirement: <nil>: Invalid value: \"-app\": name part must consist of "
            "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
            "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
            "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
  EXPECT_NE(parse_error("Example.com/app").find("prefix part a lowercase RFC 1123 subdomain"),
            std::string::npos);
  EXPECT_NE(parse_error("a/b/c").find("a valid label key"), std::string::npos);
}

TEST(LabelSelectorParse, SyntaxErrors) {
  EXPECT_EQ(parse_error(","), "found ',', expected: !, identifier, or 'end of string'");
  EXPECT_EQ(parse_error("=x"), "found '=', expected: !, identifier, or 'end of string'");
  EXPECT_EQ(parse_error("a,"), "found '', expected: identifier after ','");
  EXPECT_EQ(parse_error("a,,b"), "found ',', expected: identifier after ','");
  EXPECT_EQ(parse_error("a b"),
            "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt");
  EXPECT_EQ(parse_error("a=b c"), "found 'c', expected: ',' or 'end of string'");
  EXPECT_EQ(parse_error("a=(b)"), "unable to parse requirement: found '(', expected: identifier");
  EXPECT_EQ(parse_error("a in b"), "unable to parse requirement: found 'b' expected: '('");
  EXPECT_EQ(parse_error("a in (b"), "unable to parse requirement: found '', expected: ',' or ')'");
  EXPECT_EQ(parse_error("a in (=)"),
            "unable to parse requirement: found '=', expected: ',', ')' or identifier");
  EXPECT_EQ(parse_error("a in (b,=)"),
            "unable to parse requirement: found '=', expected: ',', or identifier");
  EXPECT_EQ(parse_error("!a=b"), "found '=', expected: ',' or 'end of string'");
  EXPECT_EQ(parse_error("!"), "unable to parse requirement: found '', expected: identifier");
  EXPECT_EQ(parse_error("a=b=c"), "found '=', expected: ',' or 'end of string'");
}

TEST(LabelSelectorJson, NullAndEmptyMatchEverything) {
  EXPECT_TRUE(LabelSelector::from_json(nullptr).empty());
  EXPECT_TRUE(LabelSelector::from_json(json::object()).empty());
  EXPECT_TRUE(LabelSelector::from_json(json::object()).matches(Labels{{"a", "b"}}));
  EXPECT_TRUE(
      LabelSelector::from_json({{"matchLabels", nullptr}, {"matchExpressions", json::array()}}).empty());
}

TEST(LabelSelectorJson, MatchLabelsAndExpressions) {
  json selector = json::parse(R"({
    "matchLabels": {"app": "web", "app.kubernetes.io/part-of": "shop"},
    "matchExpressions": [
      {"key": "tier", "operator": "In", "values": ["fe", "be"]},
      {"key": "env", "operator": "NotIn", "values": ["dev"]},
      {"key": "team", "operator": "Exists"},
      {"key": "legacy", "operator": "DoesNotExist", "values": []}
    ]})");
  LabelSelector parsed = LabelSelector::from_json(selector);
  EXPECT_EQ(parsed.to_string(),
            "app=web,app.kubernetes.io/part-of=shop,env notin (dev),!legacy,team,tier in (be,fe)");
  Labels labels{{"app", "web"}, {"app.kubernetes.io/part-of", "shop"}, {"tier", "fe"}, {"team", "x"}};
  EXPECT_TRUE(parsed.matches(labels));
  EXPECT_TRUE(parsed.matches(json(labels)));
  labels["legacy"] = "true";
  EXPECT_FALSE(parsed.matches(labels));
  EXPECT_EQ(LabelSelector::parse(parsed.to_string()), parsed);
}

TEST(LabelSelectorJson, ValidationErrors) {
  EXPECT_EQ(json_error(json::parse(R"({"matchExpressions":[{"key":"a","operator":"In"}]})")),
            "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty");
  EXPECT_EQ(json_error(json::parse(R"({"matchExpressions":[{"key":"a","operator":"NotIn","values":[]}]})")),
            "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty");
  EXPECT_EQ(
      json_error(json::parse(R"({"matchExpressions":[{"key":"a","operator":"Exists","values":["x"]}]})")),
      "values: Invalid value: [\"x\"]: values set must be empty for exists and does not exist");
  EXPECT_EQ(json_error(json::parse(R"({"matchExpressions":[{"key":"a","operator":"Gt","values":["1"]}]})")),
            "\"Gt\" is not a valid label selector operator");
  EXPECT_NE(
      json_error(json::parse(R"({"matchLabels":{"a":"b c"}})")).find("values[0][a]: Invalid value: \"b c\""),
      std::string::npos);
  EXPECT_NE(json_error(json::parse(R"({"matchLabels":{"-a":"b"}})")).find("key: Invalid value: \"-a\""),
            std::string::npos);
  EXPECT_NE(json_error(json::parse(R"({"matchExpressions":[{"operator":"Exists"}]})"))
                .find("name part must be non-empty"),
            std::string::npos);
  EXPECT_THROW(LabelSelector::from_json(json::array()), SelectorError);
  EXPECT_THROW(LabelSelector::from_json(json::parse(R"({"matchLabels":{"a":1}})")), SelectorError);
  EXPECT_THROW(LabelSelector::from_json(json::parse(R"({"matchExpressions":{}})")), SelectorError);
  EXPECT_THROW(LabelSelector::from_json(
                   json::parse(R"({"matchExpressions":[{"key":"a","operator":"In","values":[1]}]})")),
               SelectorError);
}

TEST(LabelSelectorJson, SeveralErrorsAreAggregated) {
  EXPECT_EQ(
      json_error(json::parse(R"({"matchExpressions":[{"key":"-a","operator":"Exists","values":["x"]}]})")),
      "[key: Invalid value: \"-a\": name part must consist of alphanumeric characters, '-', '_' "
      "or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or "
      "'my.name',  or '123-abc', regex used for validation is "
      "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]'), values: Invalid value: [\"x\"]: values set "
      "must be empty for exists and does not exist]");
}

TEST(LabelSelectorMatchJson, AcceptsNullAndRejectsNonObjects) {
  LabelSelector selector = LabelSelector::parse("!a,b!=c");
  EXPECT_TRUE(selector.matches(json(nullptr)));
  EXPECT_TRUE(selector.matches(json::object()));
  EXPECT_FALSE(selector.matches(json{{"a", "1"}}));
  EXPECT_THROW(selector.matches(json::array()), SelectorError);
  EXPECT_THROW(selector.matches(json{{"b", 1}}), SelectorError);
}

TEST(LabelRequirement, ConstructedDirectly) {
  LabelRequirement requirement("app", LabelOperator::In, {"b", "a", "b"});
  EXPECT_EQ(requirement.values(), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(requirement.matches("a"));
  EXPECT_FALSE(requirement.matches(std::nullopt));
  EXPECT_THROW(LabelRequirement("app", LabelOperator::Equals, {"a", "b"}), SelectorError);
  EXPECT_THROW(LabelRequirement("app", LabelOperator::GreaterThan, {}), SelectorError);
}

}  // namespace
}  // namespace coffer::kube
