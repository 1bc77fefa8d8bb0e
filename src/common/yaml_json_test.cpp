#include "common/yaml_json.h"

#include <gtest/gtest.h>

namespace coffer {
TEST(YamlJson, ResolvesScalarsLikeKubernetes) {
  auto j = parse_yaml("a: 1\nb: \"1\"\nc: true\nd: 'true'\ne: 1.5\nf: hello\ng: null\nh: ~\ni: [x, 2]\n");
  EXPECT_EQ(j["a"], 1);
  EXPECT_EQ(j["b"], "1");
  EXPECT_EQ(j["c"], true);
  EXPECT_EQ(j["d"], "true");
  EXPECT_EQ(j["e"], 1.5);
  EXPECT_EQ(j["f"], "hello");
  EXPECT_TRUE(j["g"].is_null());
  EXPECT_TRUE(j["h"].is_null());
  EXPECT_EQ(j["i"], nlohmann::json::array({"x", 2}));
}
TEST(YamlJson, RoundTripsThroughYaml) {
  nlohmann::json v = {{"s", "true"}, {"n", 3}, {"x", "0123"}, {"e", ""}, {"m", "a\nb\n"},
                      {"l", nlohmann::json::array({1, "2", nullptr})}, {"o", nlohmann::json::object()}};
  EXPECT_EQ(parse_yaml(to_yaml(v)), v);
}
TEST(YamlJson, MultiDocumentAndErrors) {
  auto docs = parse_yaml_documents("a: 1\n---\n---\nb: 2\n");
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[1]["b"], 2);
  EXPECT_THROW(parse_yaml("a: [1, 2"), std::invalid_argument);
}
}  // namespace coffer
