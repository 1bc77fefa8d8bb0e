#include "kubesim/table/json_path.h"

#include <stdexcept>

#include <gtest/gtest.h>

namespace coffer::kubesim {
namespace {
using json = nlohmann::json;

const json kObj = json::parse(R"({
  "metadata": {"name": "w", "labels": {"app.kubernetes.io/name": "widget"}},
  "spec": {"replicas": 3, "a.b": "dotted", "ports": [{"port": 80}, {"port": 443}]},
  "status": {"conditions": [
    {"type": "Synced", "status": "False"},
    {"type": "Ready", "status": "True", "reason": "Fine"}
  ], "count": 2}
})");

TEST(JsonPath, Fields) {
  ASSERT_NE(find_json_path(kObj, ".spec.replicas"), nullptr);
  EXPECT_EQ(*find_json_path(kObj, ".spec.replicas"), 3);
  EXPECT_EQ(*find_json_path(kObj, "spec.replicas"), 3);
  EXPECT_EQ(*find_json_path(kObj, "{.spec.replicas}"), 3);
  EXPECT_EQ(*find_json_path(kObj, "$.spec.replicas"), 3);
  EXPECT_EQ(find_json_path(kObj, ".spec.missing"), nullptr);
  EXPECT_EQ(find_json_path(kObj, ".spec.replicas.deeper"), nullptr);
  EXPECT_EQ(*find_json_path(kObj, ".metadata.labels['app.kubernetes.io/name']"), "widget");
  EXPECT_EQ(*find_json_path(kObj, R"(.metadata.labels["app.kubernetes.io/name"])"), "widget");
  EXPECT_EQ(*find_json_path(kObj, R"(.spec.a\.b)"), "dotted");
}

TEST(JsonPath, IndexesAndWildcards) {
  EXPECT_EQ(*find_json_path(kObj, ".spec.ports[1].port"), 443);
  EXPECT_EQ(*find_json_path(kObj, ".spec.ports[-1].port"), 443);
  EXPECT_EQ(find_json_path(kObj, ".spec.ports[5].port"), nullptr);
  auto all = find_json_path_all(kObj, ".spec.ports[*].port");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(*all[0], 80);
  EXPECT_EQ(*all[1], 443);
  EXPECT_EQ(find_json_path_all(kObj, ".status.*").size(), 2u);
}

TEST(JsonPath, Filters) {
  EXPECT_EQ(*find_json_path(kObj, R"(.status.conditions[?(@.type=="Ready")].status)"), "True");
  EXPECT_EQ(*find_json_path(kObj, R"(.status.conditions[?(@.type == 'Ready')].reason)"), "Fine");
  EXPECT_EQ(*find_json_path(kObj, R"(.status.conditions[?(@.type!="Ready")].type)"), "Synced");
  EXPECT_EQ(*find_json_path(kObj, R"(.status.conditions[?(@.reason)].type)"), "Ready");
  EXPECT_EQ(*find_json_path(kObj, R"(.spec.ports[?(@.port==443)].port)"), 443);
  EXPECT_EQ(find_json_path(kObj, R"(.status.conditions[?(@.type=="Gone")].status)"), nullptr);
  // A ")" inside a quoted literal does not end the filter.
  EXPECT_EQ(find_json_path(kObj, R"X(.status.conditions[?(@.type=="a)b")].status)X"), nullptr);
}

TEST(JsonPath, RejectsUnsupportedSyntax) {
  EXPECT_THROW(find_json_path(kObj, "..name"), std::invalid_argument);
  EXPECT_THROW(find_json_path(kObj, ".spec.ports[0:1]"), std::invalid_argument);
  EXPECT_THROW(find_json_path(kObj, ".spec.ports[?(@.port>1)]"), std::invalid_argument);
  EXPECT_THROW(find_json_path(kObj, ".spec["), std::invalid_argument);
  EXPECT_THROW(find_json_path(kObj, ".spec."), std::invalid_argument);
}

}  // namespace
}  // namespace coffer::kubesim
