#include "kubesim/api/validation.h"

#include <gtest/gtest.h>

namespace coffer::kubesim {
TEST(Validation, Names) {
  EXPECT_FALSE(check_dns1123_subdomain("web.example-1"));
  EXPECT_TRUE(check_dns1123_subdomain("Web"));
  EXPECT_TRUE(check_dns1123_subdomain(std::string(254, 'a')));
  EXPECT_FALSE(check_dns1123_label("kube-system"));
  EXPECT_TRUE(check_dns1123_label("a.b"));
  EXPECT_TRUE(check_dns1035_label("1abc"));
  EXPECT_FALSE(check_dns1035_label("abc1"));
  EXPECT_TRUE(check_path_segment_name("a/b"));
  EXPECT_FALSE(check_path_segment_name("system:controller:x"));
}
TEST(Validation, LabelsAndAnnotations) {
  EXPECT_FALSE(check_label_key("app.kubernetes.io/name"));
  EXPECT_TRUE(check_label_key("/name"));
  EXPECT_TRUE(check_label_key("bad key"));
  EXPECT_FALSE(check_label_value(""));
  EXPECT_TRUE(check_label_value("-x"));
  ResourceType rt;
  rt.resource = "configmaps";
  rt.kind = "ConfigMap";
  std::vector<FieldCause> causes;
  nlohmann::json meta = {{"name", "ok"}, {"annotations", {{"big", std::string(300 * 1024, 'x')}}}};
  validate_object_meta(rt, meta, causes);
  ASSERT_EQ(causes.size(), 1u);
  EXPECT_EQ(causes[0].field, "metadata.annotations");
  EXPECT_EQ(causes[0].message, "Too long: must have at most 262144 bytes");
}
}  // namespace coffer::kubesim
