#include "restore/modifiers/resource_modifiers.h"

#include <gtest/gtest.h>

#include <string>

namespace coffer::restore {
namespace {

using nlohmann::json;

// Every error of a document that must not parse.
std::vector<std::string> errors_of(std::string_view text) {
  try {
    parse_resource_modifiers(text);
  } catch (const ResourceModifiersError& error) {
    return error.errors();
  }
  ADD_FAILURE() << "parsed without error:\n" << text;
  return {};
}

bool contains(const std::vector<std::string>& errors, std::string_view needle) {
  for (const std::string& error : errors) {
    if (error.find(needle) != std::string::npos) return true;
  }
  return false;
}

std::string joined(const std::vector<std::string>& errors) {
  std::string out;
  for (const std::string& error : errors) out += error + "\n";
  return out;
}

json deployment(const std::string& name = "web", const std::string& ns = "prod") {
  return json::parse(R"({
    "apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": ")" + name + R"(", "namespace": ")" + ns + R"(", "labels": {"app": "web", "tier": "frontend"}},
    "spec": {
      "replicas": 3,
      "selector": {"matchLabels": {"app": "web"}},
      "template": {
        "metadata": {"labels": {"app": "web"}},
        "spec": {"containers": [
          {"name": "nginx", "image": "nginx:1.25", "ports": [{"containerPort": 80}]},
          {"name": "sidecar", "image": "busybox:1.36"}
        ]}
      }
    }
  })");
}

json pvc(const std::string& name = "mysql-data", const std::string& ns = "db",
         const std::string& storage_class = "premium") {
  return json::parse(R"({
    "apiVersion": "v1", "kind": "PersistentVolumeClaim",
    "metadata": {"name": ")" + name + R"(", "namespace": ")" + ns + R"(", "labels": {"app": "mysql", "test": "x"}},
    "spec": {"storageClassName": ")" + storage_class + R"(", "accessModes": ["ReadWriteOnce"],
             "resources": {"requests": {"storage": "10Gi"}}}
  })");
}

json persistent_volume() {
  return json::parse(R"({
    "apiVersion": "v1", "kind": "PersistentVolume",
    "metadata": {"name": "pv-1", "labels": {"app": "mysql"}},
    "spec": {"storageClassName": "premium", "capacity": {"storage": "10Gi"}}
  })");
}

const char* kVeleroTemplate = R"(version: v1
resourceModifierRules:
- conditions:
     groupResource: persistentvolumeclaims
     resourceNameRegex: "^mysql.*$"
     namespaces:
     - bar
     - foo
     labelSelector:
        matchLabels:
           foo: bar
  patches:
  - operation: replace
    path: "/spec/storageClassName"
    value: "premium"
  - operation: remove
    path: "/metadata/labels/test"
)";

// ---------------------------------------------------------------- parsing

TEST(ResourceModifiersParse, VeleroYamlTemplate) {
  ResourceModifiers modifiers = parse_resource_modifiers(kVeleroTemplate);
  EXPECT_EQ(modifiers.version, "v1");
  ASSERT_EQ(modifiers.rules.size(), 1u);
  const ResourceModifierRule& rule = modifiers.rules[0];
  EXPECT_EQ(rule.conditions.group_resource, "persistentvolumeclaims");
  EXPECT_EQ(rule.conditions.resource_name_regex, "^mysql.*$");
  EXPECT_EQ(rule.conditions.namespaces.size(), 2u);
  ASSERT_TRUE(rule.conditions.label_selector.has_value());
  EXPECT_EQ(rule.conditions.label_selector->to_string(), "foo=bar");
  EXPECT_EQ(rule.kind, PatchKind::Json);
  EXPECT_EQ(rule.json_patch, json::parse(R"([
    {"op": "replace", "path": "/spec/storageClassName", "value": "premium"},
    {"op": "remove", "path": "/metadata/labels/test"}])"));
}

TEST(ResourceModifiersParse, JsonDocument) {
  ResourceModifiers modifiers = parse_resource_modifiers(R"({
    "version": "v1",
    "resourceModifierRules": [{
      "conditions": {"groupResource": "pods", "namespaces": ["ns1"]},
      "mergePatches": [{"patchData": "{\"metadata\": {\"annotations\": {\"foo\": null}}}"}]
    }]
  })");
  ASSERT_EQ(modifiers.rules.size(), 1u);
  EXPECT_EQ(modifiers.rules[0].kind, PatchKind::Merge);
  ASSERT_EQ(modifiers.rules[0].patch_data.size(), 1u);
  EXPECT_EQ(modifiers.rules[0].patch_data[0], json::parse(R"({"metadata": {"annotations": {"foo": null}}})"));
}

TEST(ResourceModifiersParse, ConfigMapYamlWithYamlPatchData) {
  ResourceModifiers modifiers = parse_resource_modifiers(R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: modifiers
  namespace: coffer
data:
  modifiers.yaml: |
    version: V1
    resourceModifierRules:
    - conditions:
        groupResource: pods
        resourceNameRegex: "^my-pod$"
      strategicPatches:
      - patchData: |
          spec:
            containers:
            - name: nginx
              image: repo2/nginx
)");
  ASSERT_EQ(modifiers.rules.size(), 1u);
  EXPECT_EQ(modifiers.version, "V1");  // accepted case-insensitively, as Velero does
  EXPECT_EQ(modifiers.rules[0].kind, PatchKind::Strategic);
  EXPECT_EQ(modifiers.rules[0].patch_data[0],
            json::parse(R"({"spec": {"containers": [{"name": "nginx", "image": "repo2/nginx"}]}})"));
}

TEST(ResourceModifiersParse, ConfigMapJson) {
  json configmap = {{"apiVersion", "v1"},
                    {"kind", "ConfigMap"},
                    {"metadata", {{"name", "m"}}},
                    {"data", {{"rules.json", R"({"version":"v1","resourceModifierRules":[{"conditions":{"groupResource":"*"},"patches":[{"operation":"add","path":"/metadata/labels/restored","value":"yes"}]}]})"}}}};
  ResourceModifiers from_text = parse_resource_modifiers(configmap.dump());
  ResourceModifiers from_json = parse_resource_modifiers_configmap(configmap);
  ASSERT_EQ(from_text.rules.size(), 1u);
  ASSERT_EQ(from_json.rules.size(), 1u);
  EXPECT_EQ(from_text.rules[0].json_patch, from_json.rules[0].json_patch);
}

TEST(ResourceModifiersParse, ConfigMapMustHaveExactlyOneDataKey) {
  json two = {{"kind", "ConfigMap"}, {"data", {{"a", "version: v1"}, {"b", "version: v1"}}}};
  try {
    parse_resource_modifiers_configmap(two);
    FAIL() << "expected an error";
  } catch (const ResourceModifiersError& error) {
    ASSERT_EQ(error.errors().size(), 1u);
    EXPECT_NE(error.errors()[0].find("data: must have exactly one key"), std::string::npos) << error.what();
    EXPECT_NE(error.errors()[0].find("(a, b)"), std::string::npos) << error.what();
  }
  EXPECT_TRUE(contains(errors_of("kind: ConfigMap\ndata: {}\n"), "data: must have exactly one key"));
  EXPECT_TRUE(contains(errors_of("kind: ConfigMap\n"), "data: required"));
}

TEST(ResourceModifiersParse, PatchValueConversionFollowsVelero) {
  EXPECT_EQ(patch_value_from_string(""), json(""));
  EXPECT_EQ(patch_value_from_string("premium"), json("premium"));
  EXPECT_EQ(patch_value_from_string("\"true\""), json("true"));  // quoted: kept a string
  EXPECT_EQ(patch_value_from_string("\"42\""), json("42"));
  EXPECT_EQ(patch_value_from_string("null"), json(nullptr));
  EXPECT_EQ(patch_value_from_string("true"), json(true));
  EXPECT_EQ(patch_value_from_string("False"), json(false));
  EXPECT_EQ(patch_value_from_string("3"), json(3));
  EXPECT_EQ(patch_value_from_string("-0.5"), json(-0.5));
  EXPECT_EQ(patch_value_from_string("1e3"), json(1000.0));
  EXPECT_EQ(patch_value_from_string("nginx:1.14.2"), json("nginx:1.14.2"));
  EXPECT_EQ(patch_value_from_string("10Gi"), json("10Gi"));
  EXPECT_EQ(patch_value_from_string(R"({"name": "nginx", "ports": [{"containerPort": 80}]})"),
            json::parse(R"({"name": "nginx", "ports": [{"containerPort": 80}]})"));
  EXPECT_EQ(patch_value_from_string("[1, 2]"), json::parse("[1, 2]"));
  EXPECT_EQ(patch_value_from_string("{name: nginx}"), json::parse(R"({"name": "nginx"})"));  // YAML flow
  EXPECT_THROW(patch_value_from_string("{unclosed"), std::invalid_argument);
  EXPECT_THROW(patch_value_from_string("+1"), std::invalid_argument);
  EXPECT_THROW(patch_value_from_string(".5"), std::invalid_argument);
  EXPECT_THROW(patch_value_from_string("Inf"), std::invalid_argument);
}

TEST(ResourceModifiersParse, ValuesInYamlAreConvertedLikeVelero) {
  ResourceModifiers modifiers = parse_resource_modifiers(R"(version: v1
resourceModifierRules:
- conditions: {groupResource: deployments.apps}
  patches:
  - {operation: replace, path: /spec/replicas, value: "1"}
  - {operation: add, path: /metadata/annotations, value: '{"a": "b"}'}
  - {operation: add, path: /metadata/labels/version, value: '"2"'}
  - {operation: test, path: /spec/paused}
  - {operation: Copy, from: /spec/template/spec/containers/0, path: /spec/template/spec/containers/-}
  - {operation: replace, path: /spec/revisionHistoryLimit, value: 5}
)");
  EXPECT_EQ(modifiers.rules[0].json_patch, json::parse(R"([
    {"op": "replace", "path": "/spec/replicas", "value": 1},
    {"op": "add", "path": "/metadata/annotations", "value": {"a": "b"}},
    {"op": "add", "path": "/metadata/labels/version", "value": "2"},
    {"op": "test", "path": "/spec/paused", "value": ""},
    {"op": "copy", "from": "/spec/template/spec/containers/0", "path": "/spec/template/spec/containers/-"},
    {"op": "replace", "path": "/spec/revisionHistoryLimit", "value": 5}])"));
}

// ---------------------------------------------------------------- validation

TEST(ResourceModifiersValidation, AllErrorsAreListedWithFieldPaths) {
  std::vector<std::string> errors = errors_of(R"(version: v2
resourceModifierRules:
- conditions:
    groupResource: pods
  patches:
  - operation: replace
    path: /spec/x
- conditions:
    namespaces: [a]
  patches:
  - operation: upsert
    path: spec/x
- conditions:
    groupResource: "{pods"
    resourceNameRegex: "(unclosed"
  mergePatches:
  - patchData: "[1, 2]"
- conditions:
    groupResource: pods
  patches:
  - operation: move
    path: /a
)");
  std::string all = joined(errors);
  EXPECT_TRUE(contains(errors, "version: unsupported version \"v2\" (only v1 is supported)")) << all;
  EXPECT_TRUE(contains(errors, "resourceModifierRules[1].conditions.groupResource: required")) << all;
  EXPECT_TRUE(contains(errors, "resourceModifierRules[1].patches[0].operation: unsupported operation \"upsert\"")) << all;
  EXPECT_TRUE(contains(errors, "resourceModifierRules[1].patches[0].path: invalid JSON pointer \"spec/x\"")) << all;
  EXPECT_TRUE(contains(errors, "resourceModifierRules[2].conditions.groupResource: invalid glob \"{pods\"")) << all;
  EXPECT_TRUE(contains(errors, "resourceModifierRules[2].conditions.resourceNameRegex: invalid regular expression")) << all;
  EXPECT_TRUE(contains(errors, "resourceModifierRules[2].mergePatches[0].patchData: must be a map")) << all;
  EXPECT_TRUE(contains(errors, "resourceModifierRules[3].patches[0].from: required")) << all;
  EXPECT_EQ(errors.size(), 8u) << all;
}

TEST(ResourceModifiersValidation, InvalidGlobs) {
  std::vector<std::string> errors = errors_of(R"(version: v1
resourceModifierRules:
- conditions:
    groupResource: "pods\\"
    namespaces: [ok, "team-[", "{a,b"]
  patches: [{operation: remove, path: /a}]
- conditions:
    groupResource: "[a-z0-9]*"
  patches: [{operation: remove, path: /a}]
)");
  std::string all = joined(errors);
  EXPECT_TRUE(contains(errors, "resourceModifierRules[0].conditions.groupResource: invalid glob \"pods\\\\\": trailing "
                               "'\\' escapes nothing")) << all;
  EXPECT_TRUE(contains(errors, "resourceModifierRules[0].conditions.namespaces[1]: invalid glob \"team-[\": missing ']'"))
      << all;
  EXPECT_TRUE(contains(errors, "resourceModifierRules[0].conditions.namespaces[2]: invalid glob \"{a,b\": missing '}'"))
      << all;
  EXPECT_TRUE(contains(errors, "resourceModifierRules[1].conditions.groupResource: invalid glob \"[a-z0-9]*\": a character "
                               "class holds one range or a list of characters")) << all;
  EXPECT_EQ(errors.size(), 4u) << all;
}

TEST(ResourceModifiersValidation, TopLevel) {
  EXPECT_TRUE(contains(errors_of("resourceModifierRules: []\n"), "version: required"));
  EXPECT_TRUE(contains(errors_of("version: v1\nresourceModifierRules: []\n"),
                       "resourceModifierRules: must contain at least one rule"));
  EXPECT_TRUE(contains(errors_of("version: v1\n"), "resourceModifierRules: required"));
  EXPECT_TRUE(contains(errors_of("version: v1\nresourceModifierRules: {}\n"), "resourceModifierRules: must be a list"));
  EXPECT_TRUE(contains(errors_of("- a\n- b\n"), "must be a map with version and resourceModifierRules"));
  EXPECT_TRUE(contains(errors_of("version: [v1\n"), "cannot parse as YAML or JSON"));
  std::vector<std::string> unknown = errors_of(
      "version: v1\nrules: []\nresourceModifierRules:\n- conditions: {groupKind: pods}\n"
      "  patches: [{op: remove, path: /a}]\n");
  EXPECT_TRUE(contains(unknown, "rules: unknown field (use resourceModifierRules)")) << joined(unknown);
  EXPECT_TRUE(contains(unknown, "resourceModifierRules[0].conditions.groupKind: unknown field (renamed: use groupResource"))
      << joined(unknown);
  EXPECT_TRUE(contains(unknown, "resourceModifierRules[0].patches[0].op: unknown field (use \"operation\"")) << joined(unknown);
}

TEST(ResourceModifiersValidation, ExactlyOnePatchKindPerRule) {
  std::vector<std::string> mixed = errors_of(R"(version: v1
resourceModifierRules:
- conditions: {groupResource: pods}
  patches: [{operation: remove, path: /metadata/labels/a}]
  mergePatches: [{patchData: "metadata: {labels: {b: c}}"}]
)");
  EXPECT_TRUE(contains(mixed, "resourceModifierRules[0]: only one of patches, mergePatches, strategicPatches may be set, "
                              "found patches and mergePatches"))
      << joined(mixed);
  std::vector<std::string> none = errors_of("version: v1\nresourceModifierRules:\n- conditions: {groupResource: pods}\n");
  EXPECT_TRUE(contains(none, "resourceModifierRules[0]: no patches")) << joined(none);
  std::vector<std::string> empty_lists = errors_of(
      "version: v1\nresourceModifierRules:\n- conditions: {groupResource: pods}\n  patches: []\n  mergePatches: []\n");
  EXPECT_TRUE(contains(empty_lists, "resourceModifierRules[0]: no patches")) << joined(empty_lists);
}

TEST(ResourceModifiersValidation, ConditionsDetails) {
  std::vector<std::string> errors = errors_of(R"(version: v1
resourceModifierRules:
- conditions:
    groupResource: pods
    namespaces: prod
    labelSelector:
      matchExpressions:
      - {key: app, operator: In}
    matches:
    - value: premium
    - path: spec/storageClassName
      value: x
  mergePatches:
  - patchData: "metadata: {labels: {a: b}}"
  - {}
- conditions: pods
  strategicPatches: [{patchData: "spec: ["}]
)");
  std::string all = joined(errors);
  EXPECT_TRUE(contains(errors, "resourceModifierRules[0].conditions.namespaces: must be a list")) << all;
  EXPECT_TRUE(contains(errors, "resourceModifierRules[0].conditions.labelSelector:")) << all;
  EXPECT_TRUE(contains(errors, "resourceModifierRules[0].conditions.matches[0].path: required")) << all;
  EXPECT_TRUE(contains(errors, "resourceModifierRules[0].conditions.matches[1].path: invalid JSON pointer")) << all;
  EXPECT_TRUE(contains(errors, "resourceModifierRules[0].mergePatches[1].patchData: required")) << all;
  EXPECT_TRUE(contains(errors, "resourceModifierRules[1].conditions: must be a map")) << all;
  EXPECT_TRUE(contains(errors, "resourceModifierRules[1].strategicPatches[0].patchData: cannot parse")) << all;
}

TEST(ResourceModifiersValidation, WhatListsEveryProblem) {
  try {
    parse_resource_modifiers("version: v9\nresourceModifierRules: []\n");
    FAIL();
  } catch (const ResourceModifiersError& error) {
    std::string what = error.what();
    EXPECT_NE(what.find("invalid resource modifiers (2 problems):"), std::string::npos) << what;
    EXPECT_NE(what.find("\n  version: unsupported"), std::string::npos) << what;
    EXPECT_NE(what.find("\n  resourceModifierRules: must contain"), std::string::npos) << what;
  }
}

// ---------------------------------------------------------------- matching

ResourceModifierRule rule_from(const std::string& conditions_yaml) {
  return parse_resource_modifiers("version: v1\nresourceModifierRules:\n- conditions:\n" + conditions_yaml +
                                  "  patches: [{operation: add, path: /metadata/labels/hit, value: \"yes\"}]\n")
      .rules.at(0);
}

TEST(ResourceModifiersMatch, GroupResourceCoreVersusGrouped) {
  ResourceModifierRule core = rule_from("    groupResource: persistentvolumeclaims\n");
  EXPECT_TRUE(rule_matches(core, pvc(), "persistentvolumeclaims"));
  EXPECT_FALSE(rule_matches(core, pvc(), "persistentvolumeclaims.example.com"));

  ResourceModifierRule apps = rule_from("    groupResource: deployments.apps\n");
  EXPECT_TRUE(rule_matches(apps, deployment(), "deployments.apps"));
  EXPECT_FALSE(rule_matches(apps, deployment(), "deployments"));  // a group is not optional
  EXPECT_FALSE(rule_matches(apps, deployment(), "deployments.apps.example.com"));
}

TEST(ResourceModifiersMatch, GroupResourceWildcards) {
  // Velero: "*" = every resource of the core group, "*.apps" = the apps group, "*.*" = grouped ones.
  ResourceModifierRule star = rule_from("    groupResource: \"*\"\n");
  EXPECT_TRUE(rule_matches(star, pvc(), "persistentvolumeclaims"));
  EXPECT_TRUE(rule_matches(star, pvc(), "pods"));
  EXPECT_FALSE(rule_matches(star, deployment(), "deployments.apps"));

  ResourceModifierRule apps = rule_from("    groupResource: \"*.apps\"\n");
  EXPECT_TRUE(rule_matches(apps, deployment(), "deployments.apps"));
  EXPECT_TRUE(rule_matches(apps, deployment(), "statefulsets.apps"));
  EXPECT_FALSE(rule_matches(apps, pvc(), "persistentvolumeclaims"));

  ResourceModifierRule star_star = rule_from("    groupResource: \"*.*\"\n");
  EXPECT_TRUE(rule_matches(star_star, deployment(), "deployments.apps"));
  EXPECT_FALSE(rule_matches(star_star, pvc(), "persistentvolumeclaims"));
  // '*' does not cross '.', '**' does.
  EXPECT_FALSE(rule_matches(star_star, deployment(), "ingresses.networking.k8s.io"));
  ResourceModifierRule everything = rule_from("    groupResource: \"**\"\n");
  EXPECT_TRUE(rule_matches(everything, deployment(), "ingresses.networking.k8s.io"));
  EXPECT_TRUE(rule_matches(everything, pvc(), "persistentvolumeclaims"));

  // '?' does not match '.' either.
  ResourceModifierRule single = rule_from("    groupResource: \"pod?\"\n");
  EXPECT_TRUE(rule_matches(single, pvc(), "pods"));
  EXPECT_FALSE(rule_matches(single, pvc(), "pod."));

  ResourceModifierRule alternatives = rule_from("    groupResource: \"{deployments,statefulsets}.apps\"\n");
  EXPECT_TRUE(rule_matches(alternatives, deployment(), "statefulsets.apps"));
  EXPECT_FALSE(rule_matches(alternatives, deployment(), "daemonsets.apps"));
}

TEST(ResourceModifiersMatch, ResourceNameRegexIsUnanchored) {
  ResourceModifierRule contains_sql = rule_from("    groupResource: persistentvolumeclaims\n    resourceNameRegex: sql\n");
  EXPECT_TRUE(rule_matches(contains_sql, pvc("mysql-data"), "persistentvolumeclaims"));
  EXPECT_FALSE(rule_matches(contains_sql, pvc("postgres-data"), "persistentvolumeclaims"));

  ResourceModifierRule anchored = rule_from("    groupResource: persistentvolumeclaims\n    resourceNameRegex: \"^mysql.*$\"\n");
  EXPECT_TRUE(rule_matches(anchored, pvc("mysql-data"), "persistentvolumeclaims"));
  EXPECT_FALSE(rule_matches(anchored, pvc("old-mysql-data"), "persistentvolumeclaims"));
}

TEST(ResourceModifiersMatch, NamespacesAndClusterScopedItems) {
  ResourceModifierRule rule = rule_from(
      "    groupResource: \"*\"\n    namespaces: [bar, \"team-*\"]\n");
  EXPECT_TRUE(rule_matches(rule, pvc("a", "bar"), "persistentvolumeclaims"));
  EXPECT_TRUE(rule_matches(rule, pvc("a", "team-blue"), "persistentvolumeclaims"));
  EXPECT_FALSE(rule_matches(rule, pvc("a", "foo"), "persistentvolumeclaims"));
  // Cluster-scoped items are not filtered by namespaces (Velero).
  EXPECT_TRUE(rule_matches(rule, persistent_volume(), "persistentvolumes"));
}

TEST(ResourceModifiersMatch, LabelSelector) {
  ResourceModifierRule rule = rule_from(R"(    groupResource: deployments.apps
    labelSelector:
      matchLabels: {app: web}
      matchExpressions:
      - {key: tier, operator: In, values: [frontend, backend]}
)");
  EXPECT_TRUE(rule_matches(rule, deployment(), "deployments.apps"));
  json other = deployment();
  other["metadata"]["labels"]["tier"] = "cache";
  EXPECT_FALSE(rule_matches(rule, other, "deployments.apps"));
  other["metadata"].erase("labels");
  EXPECT_FALSE(rule_matches(rule, other, "deployments.apps"));
}

TEST(ResourceModifiersMatch, Matches) {
  ResourceModifierRule rule = rule_from(R"(    groupResource: persistentvolumeclaims
    matches:
    - {path: /spec/storageClassName, value: premium}
    - {path: /spec/accessModes/0, value: ReadWriteOnce}
)");
  EXPECT_TRUE(rule_matches(rule, pvc("a", "db", "premium"), "persistentvolumeclaims"));
  EXPECT_FALSE(rule_matches(rule, pvc("a", "db", "standard"), "persistentvolumeclaims"));
  json missing = pvc();
  missing["spec"].erase("storageClassName");
  EXPECT_FALSE(rule_matches(rule, missing, "persistentvolumeclaims"));  // missing path: no match, no error

  ResourceModifierRule numeric = rule_from(
      "    groupResource: deployments.apps\n    matches: [{path: /spec/replicas, value: \"3\"}]\n");
  EXPECT_TRUE(rule_matches(numeric, deployment(), "deployments.apps"));
}

// ---------------------------------------------------------------- applying

TEST(ResourceModifiersApply, JsonPatchChangesDeploymentImage) {
  ResourceModifiers modifiers = parse_resource_modifiers(R"(version: v1
resourceModifierRules:
- conditions:
    groupResource: deployments.apps
    resourceNameRegex: "^web"
    namespaces: [prod]
  patches:
  - operation: test
    path: /spec/template/spec/containers/0/name
    value: nginx
  - operation: replace
    path: /spec/template/spec/containers/0/image
    value: registry.dr.example.com/nginx:1.25
  - operation: add
    path: /spec/template/spec/containers/-
    value: '{"name": "logger", "image": "fluent-bit:3.0"}'
  - operation: replace
    path: /spec/replicas
    value: "1"
)");
  json item = deployment();
  ModifierOutcome outcome = apply_resource_modifiers(modifiers, item, "deployments.apps");
  ASSERT_TRUE(outcome.ok()) << outcome.errors[0].message;
  EXPECT_EQ(outcome.matched_rules, std::vector<std::size_t>{0});
  EXPECT_EQ(outcome.applied_rules, std::vector<std::size_t>{0});
  EXPECT_TRUE(outcome.changed);
  const json& containers = item["spec"]["template"]["spec"]["containers"];
  EXPECT_EQ(containers[0]["image"], "registry.dr.example.com/nginx:1.25");
  EXPECT_EQ(containers[1]["image"], "busybox:1.36");
  ASSERT_EQ(containers.size(), 3u);
  EXPECT_EQ(containers[2], json::parse(R"({"name": "logger", "image": "fluent-bit:3.0"})"));
  EXPECT_EQ(item["spec"]["replicas"], 1);
}

TEST(ResourceModifiersApply, PvcStorageClassChange) {
  ResourceModifiers modifiers = parse_resource_modifiers(R"(version: v1
resourceModifierRules:
- conditions:
    groupResource: persistentvolumeclaims
    resourceNameRegex: "^mysql.*$"
    namespaces: [db]
    labelSelector: {matchLabels: {app: mysql}}
  patches:
  - operation: replace
    path: "/spec/storageClassName"
    value: "standard-dr"
  - operation: remove
    path: "/metadata/labels/test"
)");
  json item = pvc();
  ModifierOutcome outcome = apply_resource_modifiers(modifiers, item, "persistentvolumeclaims");
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(item["spec"]["storageClassName"], "standard-dr");
  EXPECT_FALSE(item["metadata"]["labels"].contains("test"));
  EXPECT_EQ(item["metadata"]["labels"]["app"], "mysql");
}

TEST(ResourceModifiersApply, FailedTestOperationSkipsTheRule) {
  ResourceModifiers modifiers = parse_resource_modifiers(R"(version: v1
resourceModifierRules:
- conditions: {groupResource: persistentvolumeclaims}
  patches:
  - {operation: test, path: /spec/storageClassName, value: premium}
  - {operation: replace, path: /spec/storageClassName, value: standard}
)");
  json premium = pvc("a", "db", "premium");
  ModifierOutcome applied = apply_resource_modifiers(modifiers, premium, "persistentvolumeclaims");
  EXPECT_TRUE(applied.ok());
  EXPECT_EQ(premium["spec"]["storageClassName"], "standard");

  json gold = pvc("a", "db", "gold");
  const json before = gold;
  ModifierOutcome skipped = apply_resource_modifiers(modifiers, gold, "persistentvolumeclaims");
  EXPECT_TRUE(skipped.ok());  // not an error, as in Velero
  EXPECT_EQ(skipped.matched_rules, std::vector<std::size_t>{0});
  EXPECT_TRUE(skipped.applied_rules.empty());
  EXPECT_EQ(skipped.skipped_by_test_rules, std::vector<std::size_t>{0});
  EXPECT_FALSE(skipped.changed);
  EXPECT_EQ(gold, before);
}

TEST(ResourceModifiersApply, FailedPatchIsAnErrorAndLeavesTheRuleUnapplied) {
  ResourceModifiers modifiers = parse_resource_modifiers(R"(version: v1
resourceModifierRules:
- conditions: {groupResource: persistentvolumeclaims}
  patches:
  - {operation: add, path: /metadata/annotations/first, value: "1"}
- conditions: {groupResource: persistentvolumeclaims}
  patches:
  - {operation: replace, path: /metadata/labels/second, value: "2"}
  - {operation: replace, path: /spec/volumeName, value: pv-9}
- conditions: {groupResource: persistentvolumeclaims}
  patches:
  - {operation: add, path: /metadata/labels/third, value: '"3"'}
)");
  json item = pvc();
  ModifierOutcome outcome = apply_resource_modifiers(modifiers, item, "persistentvolumeclaims");
  ASSERT_EQ(outcome.errors.size(), 2u);
  EXPECT_EQ(outcome.errors[0].rule, 0u);  // /metadata/annotations does not exist
  EXPECT_EQ(outcome.errors[0].message.rfind("resourceModifierRules[0].patches: ", 0), 0u) << outcome.errors[0].message;
  EXPECT_EQ(outcome.errors[1].rule, 1u);  // /spec/volumeName does not exist: the whole rule is dropped
  EXPECT_EQ(outcome.applied_rules, std::vector<std::size_t>{2});
  EXPECT_FALSE(item["metadata"]["labels"].contains("second"));
  EXPECT_EQ(item["metadata"]["labels"]["third"], "3");  // quoted inside the string: stays a string
  EXPECT_TRUE(outcome.changed);
}

TEST(ResourceModifiersApply, MergePatchOnLabelsAndAnnotations) {
  ResourceModifiers modifiers = parse_resource_modifiers(R"(version: v1
resourceModifierRules:
- conditions:
    groupResource: deployments.apps
  mergePatches:
  - patchData: |
      {"metadata": {"labels": {"tier": null, "restored-by": "coffer"}}}
  - patchData: |
      metadata:
        annotations:
          coffer.io/source-cluster: prod-eu
)");
  json item = deployment();
  ModifierOutcome outcome = apply_resource_modifiers(modifiers, item, "deployments.apps");
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(item["metadata"]["labels"], json::parse(R"({"app": "web", "restored-by": "coffer"})"));
  EXPECT_EQ(item["metadata"]["annotations"]["coffer.io/source-cluster"], "prod-eu");
  // A merge patch replaces lists: containers untouched here.
  EXPECT_EQ(item["spec"]["template"]["spec"]["containers"].size(), 2u);
}

TEST(ResourceModifiersApply, StrategicMergePatchMergesContainersByName) {
  ResourceModifiers modifiers = parse_resource_modifiers(R"(version: v1
resourceModifierRules:
- conditions:
    groupResource: deployments.apps
  strategicPatches:
  - patchData: |
      spec:
        template:
          spec:
            containers:
            - name: sidecar
              image: registry.dr.example.com/busybox:1.36
              env:
              - {name: REGION, value: dr}
)");
  json item = deployment();
  ModifierOutcome outcome = apply_resource_modifiers(modifiers, item, "deployments.apps");
  ASSERT_TRUE(outcome.ok()) << outcome.errors[0].message;
  const json& containers = item["spec"]["template"]["spec"]["containers"];
  ASSERT_EQ(containers.size(), 2u);
  for (const json& container : containers) {
    if (container["name"] == "nginx") {
      EXPECT_EQ(container["image"], "nginx:1.25");
      EXPECT_EQ(container["ports"][0]["containerPort"], 80);
    } else {
      EXPECT_EQ(container["name"], "sidecar");
      EXPECT_EQ(container["image"], "registry.dr.example.com/busybox:1.36");
      EXPECT_EQ(container["env"][0]["value"], "dr");
    }
  }
}

TEST(ResourceModifiersApply, StrategicMergePatchRefusesCustomResources) {
  ResourceModifiers modifiers = parse_resource_modifiers(R"(version: v1
resourceModifierRules:
- conditions: {groupResource: "*.*"}
  strategicPatches:
  - patchData: "spec: {size: 3}"
)");
  json item = json::parse(R"({"apiVersion": "example.com/v1", "kind": "Widget",
                              "metadata": {"name": "w", "namespace": "prod"}, "spec": {"size": 1}})");
  ModifierOutcome outcome = apply_resource_modifiers(modifiers, item, "widgets.example");
  ASSERT_EQ(outcome.errors.size(), 1u);
  EXPECT_NE(outcome.errors[0].message.find("resourceModifierRules[0].strategicPatches: strategic merge patch is not "
                                           "supported for kind \"Widget\""),
            std::string::npos)
      << outcome.errors[0].message;
  EXPECT_EQ(item["spec"]["size"], 1);
}

TEST(ResourceModifiersApply, RulesApplyInOrderAndMatchTheOriginalItem) {
  ResourceModifiers modifiers = parse_resource_modifiers(R"(version: v1
resourceModifierRules:
- conditions: {groupResource: persistentvolumeclaims}
  patches:
  - {operation: replace, path: /spec/storageClassName, value: first}
  - {operation: add, path: /metadata/labels/step, value: one}
- conditions: {groupResource: persistentvolumeclaims}
  patches:
  - {operation: replace, path: /spec/storageClassName, value: second}
- conditions:
    groupResource: persistentvolumeclaims
    labelSelector: {matchLabels: {step: one}}
  patches:
  - {operation: replace, path: /spec/storageClassName, value: third}
)");
  json item = pvc();
  ModifierOutcome outcome = apply_resource_modifiers(modifiers, item, "persistentvolumeclaims");
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(item["spec"]["storageClassName"], "second");  // later rules override earlier ones
  // Rule 2 tests the label rule 0 added, but conditions see the item as it came in (Velero).
  EXPECT_EQ(outcome.matched_rules, (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(item["metadata"]["labels"]["step"], "one");
}

TEST(ResourceModifiersApply, NonMatchingItemIsUntouched) {
  ResourceModifiers modifiers = parse_resource_modifiers(kVeleroTemplate);
  for (json item : {pvc("mysql-data", "db"), pvc("mysql-data", "bar"), persistent_volume()}) {
    const json before = item;
    ModifierOutcome outcome = apply_resource_modifiers(modifiers, item, "persistentvolumeclaims");
    EXPECT_TRUE(outcome.ok());
    EXPECT_TRUE(outcome.matched_rules.empty()) << before.dump();
    EXPECT_FALSE(outcome.changed);
    EXPECT_EQ(item, before);
  }
  json deploy = deployment();
  const json before = deploy;
  EXPECT_TRUE(apply_resource_modifiers(modifiers, deploy, "deployments.apps").matched_rules.empty());
  EXPECT_EQ(deploy, before);
}

TEST(ResourceModifiersApply, UnevaluableLabelsAreAnErrorForThatRule) {
  ResourceModifiers modifiers = parse_resource_modifiers(R"(version: v1
resourceModifierRules:
- conditions:
    groupResource: persistentvolumeclaims
    labelSelector: {matchLabels: {app: mysql}}
  patches: [{operation: add, path: /metadata/labels/x, value: "1"}]
- conditions: {groupResource: persistentvolumeclaims}
  patches: [{operation: add, path: /metadata/annotations, value: "{}"}]
)");
  json item = pvc();
  item["metadata"]["labels"] = json::array({"not", "a", "map"});
  ModifierOutcome outcome = apply_resource_modifiers(modifiers, item, "persistentvolumeclaims");
  ASSERT_EQ(outcome.errors.size(), 1u);
  EXPECT_EQ(outcome.errors[0].message.rfind("resourceModifierRules[0].conditions: ", 0), 0u) << outcome.errors[0].message;
  EXPECT_EQ(outcome.applied_rules, std::vector<std::size_t>{1});
  EXPECT_EQ(item["metadata"]["annotations"], json::object());
}

TEST(ResourceModifiersApply, DocumentationExample) {
  // The example of docs/resource-modifiers.md.
  ResourceModifiers modifiers = parse_resource_modifiers(R"DOC(apiVersion: v1
kind: ConfigMap
metadata:
  name: dr-modifiers
  namespace: coffer
data:
  modifiers.yaml: |
    version: v1
    resourceModifierRules:
    # 1. JSON patch: move MySQL PVCs to the DR storage class and drop a label.
    - conditions:
        groupResource: persistentvolumeclaims
        resourceNameRegex: "^mysql"
        namespaces: [db, "team-*"]
        labelSelector:
          matchLabels: {app: mysql}
      patches:
      - operation: replace
        path: /spec/storageClassName
        value: standard-dr
      - operation: remove
        path: /metadata/labels/test
    # 2. Only PVCs that use "premium" (conditions.matches), via a merge patch.
    - conditions:
        groupResource: persistentvolumeclaims
        matches:
        - path: /spec/storageClassName
          value: premium
      mergePatches:
      - patchData: |
          metadata:
            annotations:
              coffer.io/was-premium: "true"
    # 3. Strategic merge patch: change one container by name in every apps/v1 Deployment.
    - conditions:
        groupResource: deployments.apps
      strategicPatches:
      - patchData: |
          {"spec": {"template": {"spec": {"containers": [
            {"name": "nginx", "image": "registry.dr.example.com/nginx:1.25"}]}}}}
)DOC");
  ASSERT_EQ(modifiers.rules.size(), 3u);
  json claim = pvc("mysql-data", "team-red", "premium");
  ModifierOutcome outcome = apply_resource_modifiers(modifiers, claim, "persistentvolumeclaims");
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome.applied_rules, (std::vector<std::size_t>{0, 1}));  // rule 1 sees "premium" (original)
  EXPECT_EQ(claim["spec"]["storageClassName"], "standard-dr");
  EXPECT_EQ(claim["metadata"]["annotations"]["coffer.io/was-premium"], "true");
  json deploy = deployment();
  ASSERT_TRUE(apply_resource_modifiers(modifiers, deploy, "deployments.apps").ok());
  EXPECT_EQ(deploy["spec"]["template"]["spec"]["containers"][0]["image"], "registry.dr.example.com/nginx:1.25");
}

}  // namespace
}  // namespace coffer::restore
