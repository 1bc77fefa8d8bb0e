#include "kubesim/registry/version_priority.h"

#include <gtest/gtest.h>

namespace coffer::kubesim {
TEST(VersionPriority, KubeAwareOrder) {
  std::vector<std::string> v = {"v11alpha2", "foo1", "v10", "v12alpha1", "v3beta1", "v1",
                                "foo10",     "v2",   "v10beta3", "v11beta2", "v1beta1", "v1alpha1"};
  sort_by_version_priority(v);
  std::vector<std::string> want = {"v10",       "v2",        "v1",       "v11beta2",
                                   "v10beta3",  "v3beta1",   "v1beta1",  "v12alpha1",
                                   "v11alpha2", "v1alpha1",  "foo1",     "foo10"};
  EXPECT_EQ(v, want);
}
TEST(VersionPriority, CompareSigns) {
  EXPECT_GT(compare_version_priority("v1", "v1beta1"), 0);
  EXPECT_LT(compare_version_priority("v1alpha1", "v1beta1"), 0);
  EXPECT_EQ(compare_version_priority("v1", "v1"), 0);
  EXPECT_GT(compare_version_priority("v1alpha1", "alpha"), 0);
  EXPECT_GT(compare_version_priority("abc", "abd"), 0);
  EXPECT_LT(compare_version_priority("v1beta", "v1alpha1"), 0);  // "v1beta" is not kube-like
  EXPECT_LT(compare_version_priority("V1", "v1alpha1"), 0);
}
}  // namespace coffer::kubesim
