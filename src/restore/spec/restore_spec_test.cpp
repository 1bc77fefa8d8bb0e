#include "restore/spec/restore_spec.h"

#include <gtest/gtest.h>

namespace coffer::restore {
namespace {

using nlohmann::json;

bool has_error(const std::vector<std::string>& errors, const std::string& needle) {
  for (const auto& e : errors)
    if (e.find(needle) != std::string::npos) return true;
  return false;
}

std::string all(const std::vector<std::string>& errors) {
  std::string out;
  for (const auto& e : errors) out += e + "\n";
  return out;
}

RestoreSpec valid() {
  RestoreSpec s;
  s.name = "r1";
  s.backup_name = "b1";
  return s;
}

TEST(RestoreSpec, ValidSpecHasNoErrors) { EXPECT_TRUE(validate_restore_spec(valid()).empty()); }

TEST(RestoreSpec, BackupXorSchedule) {
  RestoreSpec s = valid();
  s.backup_name.clear();
  EXPECT_TRUE(has_error(validate_restore_spec(s), "spec.backupName and spec.scheduleName: one is required"));
  s.backup_name = "b1";
  s.schedule_name = "nightly";
  EXPECT_TRUE(has_error(validate_restore_spec(s), "only one may be set"));
}

TEST(RestoreSpec, ListsEveryProblemNamingTheField) {
  RestoreSpec s = valid();
  s.name = "Bad_Name";
  s.excluded_namespaces = {"*"};
  s.included_resources = {"nodes"};
  s.namespace_mapping = {{"shop", "Shop-Copy"}, {"a", "x"}, {"b", "x"}};
  s.existing_resource_policy = "overwrite";
  s.label_selector = json{{"matchLabels", {{"app", "web"}}}};
  s.or_label_selectors = {json{{"matchLabels", {{"app", "db"}}}}};
  s.included_items = {"deployments.apps", "configmaps/Shop/settings"};
  s.parallel_files_download = -1;
  auto errors = validate_restore_spec(s);
  EXPECT_TRUE(has_error(errors, "metadata.name: \"Bad_Name\"")) << all(errors);
  EXPECT_TRUE(has_error(errors, "spec.excludedNamespaces[0]: \"*\" would exclude every namespace")) << all(errors);
  EXPECT_TRUE(has_error(errors, "spec.includedResources[0]: \"nodes\" cannot be restored")) << all(errors);
  EXPECT_TRUE(has_error(errors, "spec.namespaceMapping[\"shop\"]: target \"Shop-Copy\" is not a namespace name"))
      << all(errors);
  EXPECT_TRUE(has_error(errors, "spec.namespaceMapping[\"b\"]: maps to \"x\", as \"a\" does")) << all(errors);
  EXPECT_TRUE(has_error(errors, "spec.existingResourcePolicy: \"overwrite\" is not a policy")) << all(errors);
  EXPECT_TRUE(has_error(errors, "spec.labelSelector and spec.orLabelSelectors: only one")) << all(errors);
  EXPECT_TRUE(has_error(errors, "spec.includedItems[0]: \"deployments.apps\" is not an item reference")) << all(errors);
  EXPECT_TRUE(has_error(errors, "spec.includedItems[1]: \"Shop\" is not a namespace name")) << all(errors);
  EXPECT_TRUE(has_error(errors, "spec.uploaderConfig.parallelFilesDownload: -1 is negative")) << all(errors);
}

TEST(RestoreSpec, ItemRefs) {
  auto ns = parse_item_ref("Deployments.apps/shop/web");
  ASSERT_TRUE(ns);
  EXPECT_EQ(ns->group_resource, "deployments.apps");
  EXPECT_EQ(ns->namespace_, "shop");
  EXPECT_EQ(ns->name, "web");
  auto cluster = parse_item_ref("namespaces/shop");
  ASSERT_TRUE(cluster);
  EXPECT_EQ(cluster->namespace_, "");
  EXPECT_EQ(cluster->name, "shop");
  EXPECT_FALSE(parse_item_ref("a/b/c/d"));
  EXPECT_FALSE(parse_item_ref("a//c"));
  EXPECT_FALSE(parse_item_ref("pods"));
}

TEST(RestoreSpec, VeleroJsonRoundTrips) {
  json spec = {{"backupName", "b1"},
               {"includedNamespaces", {"shop", "web-*"}},
               {"excludedResources", {"secrets"}},
               {"namespaceMapping", {{"shop", "shop-copy"}}},
               {"includeClusterResources", false},
               {"restorePVs", true},
               {"preserveNodePorts", true},
               {"restoreStatus", {{"includedResources", {"deployments.apps"}}}},
               {"existingResourcePolicy", "update"},
               {"itemOperationTimeout", "2h0m0s"},
               {"resourceModifier", {{"kind", "ConfigMap"}, {"name", "mods"}}},
               {"uploaderConfig", {{"writeSparseFiles", true}, {"parallelFilesDownload", 4}}},
               {"labelSelector", {{"matchLabels", {{"app", "web"}}}}}};
  RestoreSpec s = restore_spec_from_json(spec, json{{"name", "r1"}, {"labels", {{"team", "a"}}}});
  EXPECT_EQ(s.name, "r1");
  EXPECT_EQ(s.labels.at("team"), "a");
  EXPECT_EQ(s.item_operation_timeout, std::chrono::hours(2));
  EXPECT_EQ(s.parallel_files_download, 4);
  EXPECT_TRUE(validate_restore_spec(s).empty()) << all(validate_restore_spec(s));
  EXPECT_EQ(restore_spec_to_json(s), spec);
}

TEST(RestoreSpec, UnknownFieldsAndWrongTypesAreListed) {
  json spec = {{"backupName", 3}, {"namespaceMaping", {{"a", "b"}}}, {"restorePVs", "yes"}};
  try {
    restore_spec_from_json(spec, json{{"name", "r1"}});
    FAIL() << "expected RestoreSpecError";
  } catch (const RestoreSpecError& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("spec.backupName: expected a string"), std::string::npos) << m;
    EXPECT_NE(m.find("spec.namespaceMaping: unknown field"), std::string::npos) << m;
    EXPECT_NE(m.find("did you mean \"namespaceMapping\"?"), std::string::npos) << m;
    EXPECT_NE(m.find("spec.restorePVs: expected a boolean"), std::string::npos) << m;
  }
}

}  // namespace
}  // namespace coffer::restore
