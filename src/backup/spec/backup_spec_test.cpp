#include "backup/spec/backup_spec.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace coffer::backup {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

std::string dump(const std::vector<std::string>& list) {
  std::string out;
  for (const auto& s : list) out += "  " + s + "\n";
  return out;
}

BackupSpec valid_spec() {
  BackupSpec spec;
  spec.name = "nightly-prod";
  spec.labels = {{"app.kubernetes.io/managed-by", "coffer"}, {"env", "prod"}};
  spec.annotations = {{"coffer.io/created-by", "admin@example.com"}};
  spec.included_namespaces = {"prod-*", "payments", "team-[abc]", "ns-?"};
  spec.excluded_namespaces = {"prod-legacy*"};
  spec.included_namespace_scoped_resources = {"deployments.apps", "configmaps", "Secret"};
  spec.excluded_cluster_scoped_resources = {"clusterroles"};
  spec.label_selector = json{{"matchLabels", {{"app", "web"}}}};
  spec.ordered_resources = {{"pods", "prod-a/web-0,prod-a/web-1"}, {"persistentvolumes", "pv-1,pv-2"}};
  spec.resource_policy = ResourcePolicyRef{"configmap", "prod-policy", ""};
  spec.include_exclude_policy.excluded_namespace_scoped_resources = {"events"};
  spec.ttl = 168h;
  spec.snapshot_volumes = true;
  spec.datamover = "velero";
  spec.parallel_files_upload = 8;
  spec.storage_location = "default";
  spec.volume_snapshot_locations = {"aws-default"};
  apply_defaults(spec);
  return spec;
}

TEST(ValidateSpec, RealisticSpecIsValid) {
  auto errors = validate_spec(valid_spec());
  EXPECT_TRUE(errors.empty()) << dump(errors);
}

TEST(ValidateSpec, OldFiltersAloneAreValid) {
  BackupSpec spec;
  spec.name = "b1";
  spec.included_resources = {"*"};
  spec.excluded_resources = {"secrets", "events.events.k8s.io"};
  spec.include_cluster_resources = true;
  auto errors = validate_spec(spec);
  EXPECT_TRUE(errors.empty()) << dump(errors);
}

TEST(ValidateSpec, ReportsEveryMistake) {
  BackupSpec spec;
  spec.name = "Bad_Name";
  spec.labels = {{"bad key", "v"}, {"team", "-x"}};
  spec.included_namespaces = {"prod-*", "prod-[", "{a,b}", "Prod", "[!a]x", "a**"};
  spec.excluded_namespaces = {"*", "prod-*"};
  spec.namespace_set = std::vector<std::string>{"prod-a", "prod-*"};
  spec.included_resources = {"*", "pods"};
  spec.excluded_resources = {"secrets", ""};
  spec.included_cluster_scoped_resources = {"storageclasses"};
  spec.label_selector = json{{"matchLabels", {{"app", "web"}}}};
  spec.or_label_selectors = {
      json{{"matchExpressions", json::array({{{"key", "tier"}, {"operator", "Within"}, {"values", {"a"}}}})}}};
  spec.ordered_resources = {{"pods", "prod/web-0, prod/web-1"}, {"persistentvolumes", "ns/a/b"}};
  spec.ttl = -1h;
  spec.datamover = "kopia";
  spec.parallel_files_upload = -2;
  spec.resource_policy = ResourcePolicyRef{"Secret", "", ""};
  spec.include_exclude_policy.included_namespace_scoped_resources = {"*"};

  // Every error, in field order, each naming the field and the fix.
  auto errors = validate_spec(spec);
  const std::vector<std::string> want = {
      "metadata.name: \"Bad_Name\" is not a valid name: a lowercase RFC 1123 subdomain must consist of lower case "
      "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. "
      "'example.com', regex used for validation is "
      "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      "metadata.labels[\"bad key\"]: invalid label key: name part must consist of alphanumeric characters, '-', '_' "
      "or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or "
      "'123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      "metadata.labels[\"team\"]: invalid label value \"-x\": a valid label must be an empty string or consist of "
      "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. "
      "'MyValue',  or 'my_value',  or '12345', regex used for validation is "
      "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      "spec.includedNamespaces[1]: invalid glob \"prod-[\": missing ']'; namespace patterns may use *, ?, [abc] "
      "and [a-z]",
      "spec.includedNamespaces[2]: \"{a,b}\" uses '{', which Velero does not support in namespace patterns ({a,b} "
      "alternatives); list each namespace or pattern as its own entry",
      "spec.includedNamespaces[3]: \"Prod\" is not a valid namespace name or pattern: a namespace name must be a "
      "lowercase RFC 1123 label: at most 63 characters of a-z, 0-9 and '-', starting and ending with a letter or "
      "digit (e.g. \"team-a\"); namespace patterns may use *, ?, [abc] and [a-z]",
      "spec.includedNamespaces[4]: \"[!a]x\" uses '!', which Velero does not support in namespace patterns ([!x] "
      "negated classes); put the namespaces to leave out in excludedNamespaces",
      "spec.includedNamespaces[5]: \"a**\" uses \"**\", which Velero does not support; use a single '*'",
      "spec.excludedNamespaces[0]: \"*\" would exclude every namespace; remove it (to back up only cluster-scoped "
      "resources, exclude all namespace-scoped resources instead)",
      "spec.excludedNamespaces[1]: \"prod-*\" is also in spec.includedNamespaces; remove it from one of the lists",
      "spec.namespaceSet[1]: \"prod-*\" is not a namespace name (the set holds names, not patterns): a namespace "
      "name must be a lowercase RFC 1123 label: at most 63 characters of a-z, 0-9 and '-', starting and ending "
      "with a letter or digit (e.g. \"team-a\")",
      "spec.includedResources, spec.excludedResources: cannot be combined with "
      "spec.includedClusterScopedResources (old and new resource filters are exclusive); use either "
      "includedResources/excludedResources/includeClusterResources or the four *ScopedResources fields",
      "resourcePolicy.includeExcludePolicy: cannot be combined with spec.includedResources, "
      "spec.excludedResources (a policy's include/exclude lists are new-style scoped filters); express the "
      "filter with the *ScopedResources fields, or drop includeExcludePolicy from the policy",
      "spec.excludedResources[1]: empty resource name; use a name such as \"deployments\", \"deployments.apps\" "
      "or \"Deployment\"",
      "spec.includedResources: \"*\" must be the only entry (it already includes every resource); remove either "
      "\"*\" or the other entries",
      "resourcePolicy.includeExcludePolicy.includedNamespaceScopedResources[0]: \"*\" is not allowed in a "
      "resource policy; name the resources, or use the backup's own scoped filters for \"*\"",
      "spec.orLabelSelectors[0]: \"Within\" is not a valid label selector operator; write {matchLabels: {key: "
      "value}} or matchExpressions with operator In, NotIn, Exists or DoesNotExist",
      "spec.labelSelector and spec.orLabelSelectors: only one of them may be set; keep labelSelector for a single "
      "selector, or put every alternative in orLabelSelectors",
      "spec.orderedResources[\"persistentvolumes\"]: item 1 \"ns/a/b\" has more than one '/'; write "
      "\"namespace/name\" entries (\"name\" for cluster-scoped resources) separated by commas without spaces, "
      "e.g. \"prod/web-0,prod/web-1\"",
      "spec.orderedResources[\"pods\"]: item 2 \" prod/web-1\" contains whitespace; write \"namespace/name\" "
      "entries (\"name\" for cluster-scoped resources) separated by commas without spaces, e.g. "
      "\"prod/web-0,prod/web-1\"",
      "spec.ttl: \"-1h0m0s\" is negative; use a duration such as 720h (or leave it unset for the default)",
      "spec.datamover: \"kopia\" is not supported; use \"\" or \"velero\" (the built-in data mover; kopia is the "
      "uploader, not a data mover)",
      "spec.uploaderConfig.parallelFilesUpload: -2 is negative; use a positive number of files, or leave it unset "
      "to use one per CPU",
      "spec.resourcePolicy.kind: \"Secret\" is not supported; resource policies live in a ConfigMap, set kind to "
      "\"configmap\"",
      "spec.resourcePolicy.name: required; name the ConfigMap that holds the resource policy",
  };
  EXPECT_EQ(errors, want) << "got:\n" << dump(errors);
}

TEST(ValidateSpec, NamespacePatternsFollowVelero118) {
  auto errors_for = [](const std::string& pattern) {
    BackupSpec spec;
    spec.name = "b";
    spec.included_namespaces = {pattern};
    return validate_spec(spec);
  };
  for (const char* ok : {"", "*", "prod-*", "team-?", "ns-[abc]", "ns-[a-c]*", "kube-system", "a"}) {
    EXPECT_TRUE(errors_for(ok).empty()) << ok << "\n" << dump(errors_for(ok));
  }
  for (const char* bad : {"{a,b}", "a,b", "[!a]x", "a**", "a]", "Prod", "a_b", "prod-[", "a|b", "(a)", "a.b",
                          "a\\*", "[a-z0-9]"}) {
    auto errors = errors_for(bad);
    ASSERT_EQ(errors.size(), 1u) << bad << "\n" << dump(errors);
    EXPECT_EQ(errors[0].rfind("spec.includedNamespaces[0]: ", 0), 0u) << errors[0];
  }
  EXPECT_EQ(errors_for(std::string(64, 'a')).size(), 1u);
  EXPECT_TRUE(errors_for(std::string(62, 'a') + "*").empty());
}

TEST(ValidateSpec, VeleroListRules) {
  BackupSpec spec;
  spec.name = "b";
  spec.included_namespaces = {"*", "*"};  // a set: one distinct entry
  spec.included_cluster_scoped_resources = {"storageclasses"};
  spec.excluded_cluster_scoped_resources = {"*"};
  spec.included_namespace_scoped_resources = {"pods", "configmaps"};
  spec.excluded_namespace_scoped_resources = {"configmaps", "*"};
  auto errors = validate_spec(spec);
  const std::vector<std::string> want = {
      "spec.excludedClusterScopedResources: \"*\" excludes every resource, so spec.includedClusterScopedResources "
      "must be empty; remove one of them",
      "spec.excludedNamespaceScopedResources: \"*\" must be the only entry (it already excludes every resource); "
      "remove either \"*\" or the other entries",
      "spec.excludedNamespaceScopedResources: \"*\" excludes every resource, so "
      "spec.includedNamespaceScopedResources must be empty; remove one of them",
      "spec.excludedNamespaceScopedResources[0]: \"configmaps\" is also in spec.includedNamespaceScopedResources; "
      "remove it from one of the lists",
  };
  EXPECT_EQ(errors, want) << dump(errors);

  BackupSpec old;
  old.name = "b";
  old.included_resources = {"pods", "secrets"};
  old.excluded_resources = {"*", "secrets"};
  errors = validate_spec(old);
  const std::vector<std::string> want_old = {
      "spec.excludedResources[0]: \"*\" is not allowed in excludedResources; name the resources to exclude (or use "
      "excludedNamespaceScopedResources: [\"*\"] with the new scoped filters)",
      "spec.excludedResources[1]: \"secrets\" is also in spec.includedResources; remove it from one of the lists",
  };
  EXPECT_EQ(errors, want_old) << dump(errors);
}

TEST(ValidateSpec, OtherFields) {
  BackupSpec spec = valid_spec();
  spec.name = "";
  spec.annotations = {{"", "x"}};
  spec.template_labels = {{"env", std::string(64, 'v')}};
  spec.csi_snapshot_timeout = -10min;
  spec.item_operation_timeout = -1ms;
  spec.storage_location = "My_BSL";
  spec.volume_snapshot_locations = {"", "vsl-1"};
  spec.volume_group_snapshot_label_key = "bad//key";
  spec.resource_policy = ResourcePolicyRef{"ConfigMap", "policy", "Velero"};
  spec.ordered_resources = {{"pods", ""}, {"secrets", "ns-1/"}, {"nodes", ".."}, {"configmaps", "NS/x"}};
  spec.or_label_selectors = {json(nullptr)};
  spec.label_selector.reset();
  auto errors = validate_spec(spec);
  auto expect_prefix = [&](const std::string& prefix) {
    EXPECT_TRUE(std::any_of(errors.begin(), errors.end(), [&](const std::string& e) { return e.rfind(prefix, 0) == 0; }))
        << "missing " << prefix << "\n" << dump(errors);
  };
  expect_prefix("metadata.name: required; give the backup a name");
  expect_prefix("metadata.annotations[\"\"]: invalid annotation key: name part must be non-empty");
  expect_prefix("spec.metadata.labels[\"env\"]: invalid label value");
  expect_prefix("spec.csiSnapshotTimeout: \"-10m0s\" is negative; use a duration such as 10m");
  expect_prefix("spec.itemOperationTimeout: \"-1ms\" is negative; use a duration such as 4h");
  expect_prefix("spec.storageLocation: \"My_BSL\" is not a valid name");
  expect_prefix("spec.volumeSnapshotLocations[0]: empty name");
  expect_prefix("spec.volumeGroupSnapshotLabelKey: invalid label key \"bad//key\"");
  expect_prefix("spec.resourcePolicy.namespace: \"Velero\" is not a namespace name");
  expect_prefix("spec.orderedResources[\"pods\"]: no items listed");
  expect_prefix("spec.orderedResources[\"secrets\"]: item 1 \"ns-1/\" has an empty name");
  expect_prefix("spec.orderedResources[\"nodes\"]: item 1 \"..\" has an invalid name \"..\"");
  expect_prefix("spec.orderedResources[\"configmaps\"]: item 1 \"NS/x\" has an invalid namespace \"NS\"");
  expect_prefix("spec.orLabelSelectors[0]: null selector");
  // "ConfigMap" is accepted: Velero compares the kind case-insensitively.
  EXPECT_FALSE(has(errors, "spec.resourcePolicy.kind: \"ConfigMap\" is not supported; resource policies live in a "
                           "ConfigMap, set kind to \"configmap\""));
  EXPECT_EQ(errors.size(), 15u) << dump(errors);  // the empty annotation key yields two messages
}

TEST(ApplyDefaults, FillsVeleroDefaults) {
  BackupSpec spec;
  apply_defaults(spec);
  EXPECT_EQ(spec.ttl, 720h);
  EXPECT_EQ(spec.csi_snapshot_timeout, 10min);
  EXPECT_EQ(spec.item_operation_timeout, 4h);
  EXPECT_EQ(spec.included_namespaces, std::vector<std::string>{"*"});
  EXPECT_EQ(spec.volume_group_snapshot_label_key, "velero.io/volume-group");
  EXPECT_EQ(spec_to_json(spec), json::parse(R"({"includedNamespaces":["*"],"ttl":"720h0m0s",
      "volumeGroupSnapshotLabelKey":"velero.io/volume-group","csiSnapshotTimeout":"10m0s",
      "itemOperationTimeout":"4h0m0s"})"));

  BackupSpec set;
  set.ttl = 24h;
  set.included_namespaces = {"a"};
  apply_defaults(set);
  EXPECT_EQ(set.ttl, 24h);
  EXPECT_EQ(set.included_namespaces, std::vector<std::string>{"a"});
}

// A Backup as Velero's API server stores it (note hooks: {}, metadata: {} and the 0s durations).
const char* kVeleroBackup = R"({
  "apiVersion": "velero.io/v1", "kind": "Backup",
  "metadata": {"name": "nightly-20260101", "namespace": "velero", "uid": "7b0c", "resourceVersion": "42",
               "creationTimestamp": "2026-01-01T00:00:00Z",
               "labels": {"velero.io/storage-location": "default", "velero.io/schedule-name": "nightly"},
               "annotations": {"velero.io/resource-timeout": "10m0s"}},
  "spec": {
    "csiSnapshotTimeout": "10m0s",
    "defaultVolumesToFsBackup": false,
    "excludedNamespaces": ["kube-system"],
    "hooks": {},
    "includedNamespaces": ["prod-*", "payments"],
    "includedNamespaceScopedResources": ["deployments.apps", "configmaps"],
    "includedClusterScopedResources": ["storageclasses"],
    "itemOperationTimeout": "4h0m0s",
    "labelSelector": {"matchLabels": {"app": "web"}, "matchExpressions": [{"key": "tier", "operator": "In", "values": ["fe", "be"]}]},
    "metadata": {},
    "orderedResources": {"pods": "prod-a/web-0,prod-a/web-1"},
    "resourcePolicy": {"kind": "configmap", "name": "prod-policy"},
    "snapshotMoveData": true,
    "snapshotVolumes": true,
    "storageLocation": "default",
    "ttl": "1h30m0s",
    "uploaderConfig": {"parallelFilesUpload": 4},
    "volumeSnapshotLocations": ["aws-default"],
    "volumeGroupSnapshotLabelKey": "velero.io/volume-group",
    "datamover": "velero"
  },
  "status": {"phase": "Completed"}
})";

TEST(SpecJson, ReadsAVeleroBackup) {
  json backup = json::parse(kVeleroBackup);
  BackupSpec spec = spec_from_json(backup["spec"], backup["metadata"]);
  EXPECT_EQ(spec.name, "nightly-20260101");
  EXPECT_EQ(spec.labels.at("velero.io/schedule-name"), "nightly");
  EXPECT_EQ(spec.annotations.at("velero.io/resource-timeout"), "10m0s");
  EXPECT_EQ(spec.included_namespaces, (std::vector<std::string>{"prod-*", "payments"}));
  EXPECT_EQ(spec.excluded_namespaces, std::vector<std::string>{"kube-system"});
  EXPECT_FALSE(spec.namespace_set.has_value());
  EXPECT_EQ(spec.included_namespace_scoped_resources, (std::vector<std::string>{"deployments.apps", "configmaps"}));
  EXPECT_EQ(spec.included_cluster_scoped_resources, std::vector<std::string>{"storageclasses"});
  EXPECT_FALSE(spec.include_cluster_resources.has_value());
  ASSERT_TRUE(spec.label_selector.has_value());
  EXPECT_EQ((*spec.label_selector)["matchLabels"]["app"], "web");
  EXPECT_EQ(spec.ttl, 90min);
  EXPECT_EQ(spec.csi_snapshot_timeout, 10min);
  EXPECT_EQ(spec.item_operation_timeout, 4h);
  EXPECT_EQ(spec.snapshot_volumes, true);
  EXPECT_EQ(spec.default_volumes_to_fs_backup, false);
  EXPECT_EQ(spec.snapshot_move_data, true);
  EXPECT_EQ(spec.datamover, "velero");
  EXPECT_EQ(spec.parallel_files_upload, 4);
  EXPECT_EQ(spec.storage_location, "default");
  EXPECT_EQ(spec.volume_snapshot_locations, std::vector<std::string>{"aws-default"});
  ASSERT_TRUE(spec.resource_policy.has_value());
  EXPECT_EQ(spec.resource_policy->kind, "configmap");
  EXPECT_EQ(spec.resource_policy->name, "prod-policy");
  EXPECT_EQ(spec.ordered_resources.at("pods"), "prod-a/web-0,prod-a/web-1");
  EXPECT_TRUE(spec.hooks.is_null());  // {} carries nothing
  EXPECT_TRUE(validate_spec(spec).empty()) << dump(validate_spec(spec));

  // Written back: the same spec minus the empty hooks/metadata objects.
  json expected = backup["spec"];
  expected.erase("hooks");
  expected.erase("metadata");
  EXPECT_EQ(spec_to_json(spec), expected);
}

TEST(SpecJson, RoundTripsEveryField) {
  BackupSpec spec = valid_spec();
  spec.namespace_set = std::vector<std::string>{"prod-a", "prod-b"};
  spec.or_label_selectors = {json{{"matchLabels", {{"a", "b"}}}}};
  spec.label_selector.reset();
  spec.template_labels = {{"team", "payments"}};
  spec.hooks = json::parse(R"({"resources":[{"name":"freeze","includedNamespaces":["prod-a"],
      "pre":[{"exec":{"container":"db","command":["/bin/freeze"],"onError":"Fail","timeout":"30s"}}]}]})");
  spec.default_volumes_to_fs_backup = true;
  spec.snapshot_move_data = false;
  spec.csi_snapshot_timeout = 1500ms;
  spec.resource_policy->namespace_ = "backup-system";
  json written = spec_to_json(spec);
  EXPECT_EQ(written["ttl"], "168h0m0s");
  EXPECT_EQ(written["csiSnapshotTimeout"], "1.5s");
  EXPECT_EQ(written["namespaceSet"], json({"prod-a", "prod-b"}));
  EXPECT_EQ(written["metadata"], json({{"labels", {{"team", "payments"}}}}));
  EXPECT_EQ(written["resourcePolicy"], json({{"kind", "configmap"}, {"name", "prod-policy"}, {"namespace", "backup-system"}}));
  EXPECT_EQ(written["uploaderConfig"], json({{"parallelFilesUpload", 8}}));
  EXPECT_FALSE(written.contains("labelSelector"));
  EXPECT_FALSE(written.contains("includeClusterResources"));

  json metadata = {{"name", spec.name}, {"labels", spec.labels}, {"annotations", spec.annotations}};
  BackupSpec back = spec_from_json(written, metadata);
  EXPECT_EQ(spec_to_json(back), written);
  EXPECT_EQ(back.name, spec.name);
  EXPECT_EQ(back.labels, spec.labels);
  EXPECT_EQ(back.annotations, spec.annotations);
  EXPECT_EQ(back.namespace_set, spec.namespace_set);
  EXPECT_EQ(back.hooks, spec.hooks);
  EXPECT_EQ(back.ttl, spec.ttl);
  EXPECT_EQ(back.csi_snapshot_timeout, 1500ms);
  EXPECT_EQ(back.resource_policy->namespace_, "backup-system");
  EXPECT_EQ(back.template_labels, spec.template_labels);
}

TEST(SpecJson, OmitsUnsetFields) {
  EXPECT_EQ(spec_to_json(BackupSpec{}), json::object());
  BackupSpec spec;
  spec.include_cluster_resources = false;
  spec.namespace_set = std::vector<std::string>{};  // set but empty: "no namespace" is meaningful
  EXPECT_EQ(spec_to_json(spec), json::parse(R"({"includeClusterResources": false, "namespaceSet": []})"));
}

TEST(SpecJson, NullMeansUnsetAndResticIsRemapped) {
  BackupSpec spec = spec_from_json(json::parse(R"({"ttl": null, "labelSelector": null, "includedNamespaces": null,
      "defaultVolumesToRestic": true})"));
  EXPECT_EQ(spec.ttl.count(), 0);
  EXPECT_FALSE(spec.label_selector.has_value());
  EXPECT_TRUE(spec.included_namespaces.empty());
  EXPECT_EQ(spec.default_volumes_to_fs_backup, true);
  EXPECT_FALSE(spec_to_json(spec).contains("defaultVolumesToRestic"));
  EXPECT_EQ(spec_from_json(json(nullptr)).name, "");
}

TEST(SpecJson, RejectsUnknownFieldsNamingThem) {
  json spec = json::parse(R"({"includedNamespace": ["prod"], "ttl": "1h", "fooBar": 1,
      "uploaderConfig": {"parallelFileUpload": 2}, "resourcePolicy": {"kind": "configmap", "name": "p", "nmae": "x"}})");
  try {
    spec_from_json(spec);
    FAIL() << "no error";
  } catch (const SpecError& e) {
    const std::string message = e.what();
    const std::vector<std::string> want = {
        "spec.fooBar: unknown field \"fooBar\" (not a field of a Velero Backup spec)",
        "spec.includedNamespace: unknown field \"includedNamespace\" (not a field of a Velero Backup spec); did you "
        "mean \"includedNamespaces\"?",
        "spec.resourcePolicy.nmae: unknown field \"nmae\" (not a field of a TypedLocalObjectReference); did you mean "
        "\"name\"?",
        "spec.uploaderConfig.parallelFileUpload: unknown field \"parallelFileUpload\" (not a field of "
        "spec.uploaderConfig); did you mean \"parallelFilesUpload\"?",
    };
    EXPECT_EQ(message, want[0] + "; " + want[1] + "; " + want[2] + "; " + want[3]);
  }
}

TEST(SpecJson, RejectsWrongTypesNamingTheExpectedType) {
  json spec = json::parse(R"({"ttl": 720, "includedNamespaces": "prod", "snapshotVolumes": "yes",
      "excludedNamespaces": ["a", 3], "uploaderConfig": {"parallelFilesUpload": 1.5},
      "csiSnapshotTimeout": "30d", "orderedResources": {"pods": 1}, "labelSelector": "app=web",
      "orLabelSelectors": [{"matchLabels": {}}, "x"], "hooks": []})");
  try {
    spec_from_json(spec, json::parse(R"({"name": 5, "labels": ["a"]})"));
    FAIL() << "no error";
  } catch (const SpecError& e) {
    const std::string message = e.what();
    for (const std::string& part : {
             std::string("metadata.name: expected a string, got number"),
             std::string("metadata.labels: expected an object of strings, got array"),
             std::string("spec.ttl: expected a duration string such as \"720h0m0s\", got number"),
             std::string("spec.includedNamespaces: expected an array of strings, got string"),
             std::string("spec.snapshotVolumes: expected a boolean (true or false), got string"),
             std::string("spec.excludedNamespaces[1]: expected a string, got number"),
             std::string("spec.uploaderConfig.parallelFilesUpload: expected an integer, got a fraction"),
             std::string("spec.csiSnapshotTimeout: time: unknown unit \"d\" in duration \"30d\"; use a Go duration "
                         "such as \"720h0m0s\", \"10m\" or \"1h30m\""),
             std::string("spec.orderedResources[\"pods\"]: expected a string, got number"),
             std::string("spec.labelSelector: expected a label selector object ({matchLabels, matchExpressions}), "
                         "got string"),
             std::string("spec.orLabelSelectors[1]: expected a label selector object, got string"),
             std::string("spec.hooks: expected an object ({resources: [...]}), got array"),
         }) {
      EXPECT_NE(message.find(part), std::string::npos) << "missing: " << part << "\nin: " << message;
    }
  }
  EXPECT_THROW(spec_from_json(json::array()), SpecError);
}

const char* kPolicy = R"(
# currently only supports v1 version
version: v1
includeExcludePolicy:
  includedClusterScopedResources:
    - "crd"
    - "pv"
  excludedClusterScopedResources: []
  includedNamespaceScopedResources:
    - "pod"
    - "service"
  excludedNamespaceScopedResources:
    - "configmap"
    - "secret"
volumePolicies:
- conditions:
    capacity: "10,100Gi"
    storageClass:
      - gp2
  action:
    type: skip
- conditions:
    nfs: {}
  action:
    type: fs-backup
)";

TEST(ResourcePolicy, ParsesIncludeExcludePolicy) {
  IncludeExcludePolicy policy = parse_resource_policy_yaml(kPolicy);
  EXPECT_EQ(policy.included_cluster_scoped_resources, (std::vector<std::string>{"crd", "pv"}));
  EXPECT_TRUE(policy.excluded_cluster_scoped_resources.empty());
  EXPECT_EQ(policy.included_namespace_scoped_resources, (std::vector<std::string>{"pod", "service"}));
  EXPECT_EQ(policy.excluded_namespace_scoped_resources, (std::vector<std::string>{"configmap", "secret"}));
  EXPECT_FALSE(policy.empty());
  EXPECT_TRUE(parse_resource_policy_yaml("version: v1\nvolumePolicies: []\n").empty());
}

TEST(ResourcePolicy, RejectsLikeVelero) {
  auto error_of = [](const std::string& yaml) -> std::string {
    try {
      parse_resource_policy_yaml(yaml);
    } catch (const SpecError& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_EQ(error_of("version: v2\n"),
            "resource policy: version: incompatible version \"v2\"; the only supported version is \"v1\"");
  EXPECT_EQ(error_of("includeExcludePolicy: {}\n"),
            "resource policy: version: missing; the only supported version is \"v1\" (add \"version: v1\")");
  EXPECT_EQ(error_of("version: v1\nvolumePolicy: []\n"),
            "resource policy: volumePolicy: unknown field \"volumePolicy\" (not a field of a resource policy "
            "document); did you mean \"volumePolicies\"?");
  EXPECT_EQ(error_of("version: v1\nincludeExcludePolicy:\n  includedClusterScopedResources: ['*']\n"
                     "  excludedNamespaceScopedResources: [secrets]\n  includedNamespaceScopedResources: [secrets]\n"
                     "  includeNamespaceScopedResources: [pods]\n"),
            "resource policy: includeExcludePolicy.includeNamespaceScopedResources: unknown field "
            "\"includeNamespaceScopedResources\" (not a field of includeExcludePolicy); did you mean "
            "\"includedNamespaceScopedResources\"?; includeExcludePolicy.includedClusterScopedResources[0]: \"*\" is "
            "not allowed in a resource policy; name the resources, or use the backup's own scoped filters for "
            "\"*\"; includeExcludePolicy.excludedNamespaceScopedResources[0]: \"secrets\" is also in "
            "includedNamespaceScopedResources; remove it from one of the lists");
  EXPECT_EQ(error_of("version: v1\nvolumePolicies:\n- conditions: {}\n  action: {type: delete}\n"),
            "resource policy: volumePolicies[0].action.type: invalid action type \"delete\"; use skip, fs-backup, "
            "snapshot or custom");
  EXPECT_EQ(error_of("version: v1\nincludeExcludePolicy:\n  includedClusterScopedResources: crd\n"),
            "resource policy: includeExcludePolicy.includedClusterScopedResources: expected an array of strings, got "
            "string");
  EXPECT_EQ(error_of(""), "resource policy: the document is empty; write at least \"version: v1\"");
  EXPECT_EQ(error_of("- a\n- b\n"),
            "resource policy: expected a mapping {version, volumePolicies, includeExcludePolicy}, got array");
  EXPECT_EQ(error_of("version: [v1\n").rfind("resource policy: invalid YAML: ", 0), 0u);
}

}  // namespace
}  // namespace coffer::backup
