#include "backup/spec/backup_scope.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "kube/labels/label_selector.h"

namespace coffer::backup {
namespace {

using kube::ApiResource;
using nlohmann::json;

const std::vector<std::string> kAllVerbs = {"create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"};

ApiResource res(std::string group, std::string version, std::string name, std::string kind, bool namespaced,
                std::vector<std::string> short_names = {}, std::vector<std::string> verbs = kAllVerbs,
                bool preferred = true) {
  ApiResource r;
  r.group = std::move(group);
  r.version = std::move(version);
  r.name = std::move(name);
  r.kind = std::move(kind);
  r.singular = r.kind;
  std::transform(r.singular.begin(), r.singular.end(), r.singular.begin(), ::tolower);
  r.namespaced = namespaced;
  r.short_names = std::move(short_names);
  r.verbs = std::move(verbs);
  r.preferred = preferred;
  return r;
}

// A cluster as discovery reports it, in the API server's order (core first, groups in server
// priority order, extensions NOT last -- Velero moves it).
std::vector<ApiResource> discovery() {
  const bool ns = true, cluster = false;
  return {
      res("", "v1", "bindings", "Binding", ns, {}, {"create"}),
      res("", "v1", "componentstatuses", "ComponentStatus", cluster, {"cs"}, {"get", "list"}),
      res("", "v1", "configmaps", "ConfigMap", ns, {"cm"}),
      res("", "v1", "events", "Event", ns, {"ev"}),
      res("", "v1", "namespaces", "Namespace", cluster, {"ns"}, {"create", "delete", "get", "list", "patch", "update", "watch"}),
      res("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", ns, {"pvc"}),
      res("", "v1", "persistentvolumes", "PersistentVolume", cluster, {"pv"}),
      res("", "v1", "pods", "Pod", ns, {"po"}),
      res("", "v1", "pods/log", "Pod", ns, {}, {"get"}),
      res("", "v1", "secrets", "Secret", ns),
      res("", "v1", "services", "Service", ns, {"svc"}),
      res("apps", "v1", "daemonsets", "DaemonSet", ns, {"ds"}),
      res("apps", "v1", "deployments", "Deployment", ns, {"deploy"}),
      res("apps", "v1", "replicasets", "ReplicaSet", ns, {"rs"}),
      res("extensions", "v1beta1", "deployments", "Deployment", ns, {"deploy"}),
      res("extensions", "v1beta1", "ingresses", "Ingress", ns, {"ing"}),
      res("events.k8s.io", "v1", "events", "Event", ns, {"ev"}),
      res("authentication.k8s.io", "v1", "tokenreviews", "TokenReview", cluster, {}, {"create"}),
      res("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", ns, {"hpa"}),
      res("autoscaling", "v1", "horizontalpodautoscalers", "HorizontalPodAutoscaler", ns, {"hpa"}, kAllVerbs, false),
      res("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", cluster, {"crd", "crds"}),
      res("storage.k8s.io", "v1", "storageclasses", "StorageClass", cluster, {"sc"}),
      res("snapshot.storage.k8s.io", "v1", "volumesnapshots", "VolumeSnapshot", ns, {"vs"}),
      res("snapshot.storage.k8s.io", "v1", "volumesnapshotcontents", "VolumeSnapshotContent", cluster, {"vsc", "vscs"}),
      res("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", cluster),
      res("example.com", "v1", "widgets", "Widget", ns, {"wd"}),
  };
}

// "name.group:D" / ":R" for every planned type, in order.
std::vector<std::string> plan(const BackupScope& scope) {
  std::vector<std::string> out;
  for (const TypePlan& p : scope.types()) {
    out.push_back(p.resource.group_resource() + (p.mode == TypeMode::Direct ? ":D" : ":R"));
  }
  return out;
}

std::string dump(const std::vector<std::string>& list) {
  std::string out;
  for (const auto& s : list) out += "  " + s + "\n";
  return out;
}

BackupScope make(const BackupSpec& spec, std::vector<std::string>& warnings) {
  return BackupScope(spec, discovery(), warnings);
}

const std::vector<std::string> kFullOrder = {
    "pods",
    "persistentvolumeclaims",
    "persistentvolumes",
    "configmaps",
    "events",
    "namespaces",
    "secrets",
    "services",
    "daemonsets.apps",
    "deployments.apps",
    "replicasets.apps",
    "horizontalpodautoscalers.autoscaling",
    "customresourcedefinitions.apiextensions.k8s.io",
    "storageclasses.storage.k8s.io",
    "clusterroles.rbac.authorization.k8s.io",
    "widgets.example.com",
    "ingresses.extensions",
};

std::vector<std::string> with_modes(const std::vector<std::string>& names, const std::string& cluster_mode,
                                    const std::vector<std::string>& cluster_scoped = {
                                        "persistentvolumes", "customresourcedefinitions.apiextensions.k8s.io",
                                        "storageclasses.storage.k8s.io", "clusterroles.rbac.authorization.k8s.io"}) {
  std::vector<std::string> out;
  for (const auto& n : names) {
    bool cluster = std::find(cluster_scoped.begin(), cluster_scoped.end(), n) != cluster_scoped.end();
    out.push_back(n + (cluster ? cluster_mode : ":D"));
  }
  return out;
}

TEST(BackupScope, FullBackupListsClusterTypesDirectlyInVeleroOrder) {
  BackupSpec spec;
  spec.name = "full";
  apply_defaults(spec);  // includedNamespaces ["*"]
  std::vector<std::string> warnings;
  BackupScope scope = make(spec, warnings);
  EXPECT_EQ(plan(scope), with_modes(kFullOrder, ":D")) << dump(plan(scope));
  EXPECT_TRUE(warnings.empty()) << dump(warnings);
  EXPECT_TRUE(scope.all_namespaces());
  EXPECT_EQ(scope.label_selector_queries(), std::vector<std::string>{""});
  EXPECT_TRUE(scope.matches_selectors({{"any", "thing"}}));

  // Preferred version, collapsed cohabitants, auto-excludes, verbs, subresources.
  ASSERT_NE(scope.plan_for("horizontalpodautoscalers.autoscaling"), nullptr);
  EXPECT_EQ(scope.plan_for("horizontalpodautoscalers.autoscaling")->resource.version, "v2");
  EXPECT_EQ(scope.plan_for("deployments.extensions"), nullptr);
  EXPECT_EQ(scope.plan_for("events.events.k8s.io"), nullptr);
  EXPECT_EQ(scope.plan_for("volumesnapshots.snapshot.storage.k8s.io"), nullptr);
  EXPECT_EQ(scope.plan_for("volumesnapshotcontents.snapshot.storage.k8s.io"), nullptr);
  EXPECT_EQ(scope.plan_for("componentstatuses"), nullptr);
  EXPECT_EQ(scope.plan_for("tokenreviews.authentication.k8s.io"), nullptr);
  EXPECT_EQ(scope.plan_for("bindings"), nullptr);
  EXPECT_EQ(scope.plan_for("pods")->resource.kind, "Pod");
  EXPECT_EQ(BackupScope::never_backed_up(),
            (std::vector<std::string>{"volumesnapshots.snapshot.storage.k8s.io",
                                      "volumesnapshotcontents.snapshot.storage.k8s.io"}));
  // No spec changes at all (not even the ["*"] default) is the same full backup.
  BackupSpec bare;
  EXPECT_EQ(plan(make(bare, warnings)), with_modes(kFullOrder, ":D"));
}

TEST(BackupScope, SpecificNamespacesMakeClusterTypesRelatedOnly) {
  BackupSpec spec;
  spec.included_namespaces = {"prod-*"};
  std::vector<std::string> warnings;
  BackupScope scope = make(spec, warnings);
  // namespaces stay direct (the namespace objects of the included namespaces).
  EXPECT_EQ(plan(scope), with_modes(kFullOrder, ":R")) << dump(plan(scope));
  EXPECT_EQ(scope.plan_for("namespaces")->mode, TypeMode::Direct);
  EXPECT_FALSE(scope.all_namespaces());

  // An exclude alone also means "not all namespaces" for Velero.
  BackupSpec excluded;
  excluded.excluded_namespaces = {"kube-system"};
  BackupScope scope2 = make(excluded, warnings);
  EXPECT_EQ(scope2.plan_for("persistentvolumes")->mode, TypeMode::RelatedOnly);
  EXPECT_FALSE(scope2.all_namespaces());

  // So does an explicit namespace set, even one listing every namespace.
  BackupSpec set;
  set.namespace_set = std::vector<std::string>{"a", "b"};
  EXPECT_EQ(make(set, warnings).plan_for("storageclasses.storage.k8s.io")->mode, TypeMode::RelatedOnly);
  EXPECT_TRUE(warnings.empty()) << dump(warnings);
}

TEST(BackupScope, IncludeClusterResourcesFalseDropsEveryClusterTypeEvenNamespaces) {
  BackupSpec spec;
  spec.include_cluster_resources = false;
  std::vector<std::string> warnings;
  BackupScope scope = make(spec, warnings);
  std::vector<std::string> want;
  for (const auto& n : with_modes(kFullOrder, ":D")) {
    if (n.rfind("persistentvolumes:", 0) == 0 || n.rfind("customresourcedefinitions", 0) == 0 ||
        n.rfind("storageclasses", 0) == 0 || n.rfind("clusterroles", 0) == 0 || n.rfind("namespaces:", 0) == 0) {
      continue;
    }
    want.push_back(n);
  }
  EXPECT_EQ(plan(scope), want) << dump(plan(scope));
  EXPECT_EQ(scope.plan_for("namespaces"), nullptr);
  EXPECT_EQ(scope.plan_for("persistentvolumes"), nullptr);
}

TEST(BackupScope, IncludeClusterResourcesTrue) {
  BackupSpec spec;
  spec.include_cluster_resources = true;
  spec.included_namespaces = {"prod-a"};
  std::vector<std::string> warnings;
  EXPECT_EQ(plan(make(spec, warnings)), with_modes(kFullOrder, ":D"));

  // true, but includedResources limits what is listed: other cluster types may still join as related.
  spec.included_resources = {"pods"};
  BackupScope scope = make(spec, warnings);
  EXPECT_EQ(plan(scope), (std::vector<std::string>{
                             "pods:D", "persistentvolumes:R", "customresourcedefinitions.apiextensions.k8s.io:R",
                             "storageclasses.storage.k8s.io:R", "clusterroles.rbac.authorization.k8s.io:R"}))
      << dump(plan(scope));
  EXPECT_TRUE(warnings.empty()) << dump(warnings);
}

TEST(BackupScope, IncludedResourcesResolveKindsShortNamesAndGroups) {
  BackupSpec spec;
  spec.included_resources = {"Deployment", "cm", "widgets.example.com", "PVC", "storageclasses.storage.k8s.io",
                             "horizontalpodautoscaler"};
  std::vector<std::string> warnings;
  BackupScope scope = make(spec, warnings);
  // All namespaces + includeClusterResources unset: a named cluster type is listed directly; the
  // others are not backed up at all (Velero's ShouldExclude refuses them as related items too).
  EXPECT_EQ(plan(scope), (std::vector<std::string>{"persistentvolumeclaims:D", "configmaps:D", "deployments.apps:D",
                                                   "horizontalpodautoscalers.autoscaling:D",
                                                   "storageclasses.storage.k8s.io:D", "widgets.example.com:D"}))
      << dump(plan(scope));
  EXPECT_EQ(scope.plan_for("persistentvolumes"), nullptr);
  EXPECT_EQ(scope.plan_for("namespaces"), nullptr);
  EXPECT_TRUE(warnings.empty()) << dump(warnings);

  // With specific namespaces the named cluster type becomes related-only.
  spec.included_namespaces = {"prod-a"};
  BackupScope narrowed = make(spec, warnings);
  EXPECT_EQ(narrowed.plan_for("storageclasses.storage.k8s.io")->mode, TypeMode::RelatedOnly);
  EXPECT_EQ(narrowed.plan_for("persistentvolumes"), nullptr);

  // A collapsed twin resolves to the survivor; "ev" is the core events.
  BackupSpec twins;
  twins.included_resources = {"deployments.extensions", "ev", "DEPLOY"};
  EXPECT_EQ(plan(make(twins, warnings)), (std::vector<std::string>{"events:D", "deployments.apps:D"}));
}

TEST(BackupScope, ExcludesBeatIncludes) {
  BackupSpec spec;
  spec.included_resources = {"*"};
  spec.excluded_resources = {"secrets", "ev", "sc"};
  std::vector<std::string> warnings;
  BackupScope scope = make(spec, warnings);
  EXPECT_EQ(scope.plan_for("secrets"), nullptr);
  EXPECT_EQ(scope.plan_for("events"), nullptr);
  EXPECT_EQ(scope.plan_for("storageclasses.storage.k8s.io"), nullptr);  // not even related
  EXPECT_EQ(scope.plan_for("configmaps")->mode, TypeMode::Direct);
  EXPECT_EQ(scope.plan_for("persistentvolumes")->mode, TypeMode::Direct);  // all namespaces, "*"
  EXPECT_EQ(plan(scope).size(), kFullOrder.size() - 3);

  // Different spellings of the same type pass validation; the exclude still wins.
  BackupSpec spelled;
  spelled.included_resources = {"Secret", "configmaps"};
  spelled.excluded_resources = {"secrets"};
  EXPECT_TRUE(validate_spec([&] { auto s = spelled; s.name = "x"; return s; }()).empty());
  EXPECT_EQ(plan(make(spelled, warnings)), std::vector<std::string>{"configmaps:D"});

  // Excluded namespaces win over included ones.
  BackupSpec namespaces;
  namespaces.included_namespaces = {"team-*"};
  namespaces.excluded_namespaces = {"team-b"};
  BackupScope ns_scope = make(namespaces, warnings);
  EXPECT_TRUE(ns_scope.include_namespace("team-a"));
  EXPECT_FALSE(ns_scope.include_namespace("team-b"));
  EXPECT_TRUE(warnings.empty()) << dump(warnings);
}

TEST(BackupScope, WildcardTakesPrecedenceOverSpecificIncludes) {
  BackupSpec spec;
  spec.included_resources = {"pods", "*"};  // validate_spec refuses this; the scope still honours "*"
  std::vector<std::string> warnings;
  EXPECT_EQ(plan(make(spec, warnings)), with_modes(kFullOrder, ":D"));
  spec.name = "b";
  EXPECT_FALSE(validate_spec(spec).empty());

  BackupSpec scoped;
  scoped.included_cluster_scoped_resources = {"*", "storageclasses"};
  scoped.included_namespaces = {"prod-a"};
  BackupScope scope = make(scoped, warnings);
  EXPECT_EQ(scope.plan_for("persistentvolumes")->mode, TypeMode::Direct);
  EXPECT_EQ(scope.plan_for("clusterroles.rbac.authorization.k8s.io")->mode, TypeMode::Direct);
}

TEST(BackupScope, UnknownIncludesWarnAndDoNotWidenTheBackup) {
  BackupSpec spec;
  spec.included_resources = {"foo"};
  std::vector<std::string> warnings;
  BackupScope scope = make(spec, warnings);
  EXPECT_TRUE(scope.types().empty()) << dump(plan(scope));
  EXPECT_EQ(warnings, std::vector<std::string>{"spec.includedResources: \"foo\" is not served by the cluster"});

  warnings.clear();
  BackupSpec special;
  special.included_resources = {"componentstatuses", "volumesnapshots", "pods"};
  EXPECT_EQ(plan(make(special, warnings)), std::vector<std::string>{"pods:D"});
  EXPECT_EQ(warnings, (std::vector<std::string>{
                          "spec.includedResources: \"componentstatuses\" cannot be backed up: it does not support "
                          "all of list, create, get and delete",
                          "spec.includedResources: \"volumesnapshots\" is never backed up (Velero only stores the "
                          "snapshots it creates itself)"}));
}

TEST(BackupScope, UnresolvedNamesAreGlobsLikeInVelero) {
  BackupSpec spec;
  spec.included_resources = {"*.example.com", "*.apps"};
  spec.excluded_resources = {"daemon*"};
  std::vector<std::string> warnings;
  EXPECT_EQ(plan(make(spec, warnings)),
            (std::vector<std::string>{"deployments.apps:D", "replicasets.apps:D", "widgets.example.com:D"}));
  EXPECT_TRUE(warnings.empty()) << dump(warnings);
}

TEST(BackupScope, NewScopedFilters) {
  BackupSpec spec;
  spec.included_namespaces = {"prod-a"};
  spec.included_namespace_scoped_resources = {"deployments.apps", "pvc"};
  spec.included_cluster_scoped_resources = {"sc"};
  spec.excluded_cluster_scoped_resources = {"crd"};
  std::vector<std::string> warnings;
  BackupScope scope = make(spec, warnings);
  EXPECT_EQ(plan(scope), (std::vector<std::string>{"persistentvolumeclaims:D", "persistentvolumes:R", "namespaces:D",
                                                   "deployments.apps:D", "storageclasses.storage.k8s.io:D",
                                                   "clusterroles.rbac.authorization.k8s.io:R"}))
      << dump(plan(scope));
  EXPECT_EQ(scope.plan_for("customresourcedefinitions.apiextensions.k8s.io"), nullptr);
  EXPECT_EQ(scope.plan_for("pods"), nullptr);
  EXPECT_TRUE(warnings.empty()) << dump(warnings);
}

TEST(BackupScope, NewFiltersFullBackupNeedsEveryNamespacedType) {
  std::vector<std::string> warnings;
  BackupSpec all;
  all.included_namespace_scoped_resources = {"*"};
  EXPECT_EQ(plan(make(all, warnings)), with_modes(kFullOrder, ":D"));

  BackupSpec some;
  some.included_namespace_scoped_resources = {"pods"};
  EXPECT_EQ(plan(make(some, warnings)),
            (std::vector<std::string>{"pods:D", "persistentvolumes:R", "namespaces:D",
                                      "customresourcedefinitions.apiextensions.k8s.io:R",
                                      "storageclasses.storage.k8s.io:R", "clusterroles.rbac.authorization.k8s.io:R"}));

  BackupSpec none;
  none.excluded_cluster_scoped_resources = {"*"};
  BackupScope scope = make(none, warnings);
  EXPECT_EQ(scope.plan_for("namespaces"), nullptr);
  EXPECT_EQ(scope.plan_for("persistentvolumes"), nullptr);
  EXPECT_EQ(scope.plan_for("pods")->mode, TypeMode::Direct);

  BackupSpec no_namespaced;
  no_namespaced.excluded_namespace_scoped_resources = {"*"};
  no_namespaced.included_cluster_scoped_resources = {"*"};
  EXPECT_EQ(plan(make(no_namespaced, warnings)),
            (std::vector<std::string>{"persistentvolumes:D", "namespaces:D",
                                      "customresourcedefinitions.apiextensions.k8s.io:D",
                                      "storageclasses.storage.k8s.io:D", "clusterroles.rbac.authorization.k8s.io:D"}));
  EXPECT_TRUE(warnings.empty()) << dump(warnings);
}

TEST(BackupScope, WrongScopeEntriesAreDroppedLikeVelero) {
  BackupSpec spec;
  spec.included_namespace_scoped_resources = {"persistentvolumes"};
  std::vector<std::string> warnings;
  BackupScope scope = make(spec, warnings);
  // The only entry is dropped, so the list counts as empty: everything, a full backup.
  EXPECT_EQ(plan(scope), with_modes(kFullOrder, ":D"));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0],
            "spec.includedNamespaceScopedResources: \"persistentvolumes\" is cluster-scoped and is ignored here, as "
            "Velero ignores it (a list left with no entries counts as empty); list it in "
            "included/excludedClusterScopedResources");
}

TEST(BackupScope, ResourcePolicyCombinesWithSpecFilters) {
  // The documented example: policy includes CRDs and excludes configmaps/events; spec names one namespace.
  BackupSpec spec;
  spec.included_namespaces = {"my-workload-ns"};
  spec.include_exclude_policy.included_cluster_scoped_resources = {"crd"};
  spec.include_exclude_policy.excluded_namespace_scoped_resources = {"configmap", "event"};
  std::vector<std::string> warnings;
  BackupScope scope = make(spec, warnings);
  EXPECT_EQ(plan(scope), (std::vector<std::string>{"pods:D", "persistentvolumeclaims:D", "persistentvolumes:R",
                                                   "namespaces:D", "secrets:D", "services:D", "daemonsets.apps:D",
                                                   "deployments.apps:D", "replicasets.apps:D",
                                                   "horizontalpodautoscalers.autoscaling:D",
                                                   "customresourcedefinitions.apiextensions.k8s.io:D",
                                                   "storageclasses.storage.k8s.io:R",
                                                   "clusterroles.rbac.authorization.k8s.io:R", "widgets.example.com:D",
                                                   "ingresses.extensions:D"}))
      << dump(plan(scope));

  // The spec's own lists win: configmaps stays included although the policy excludes it.
  BackupSpec mixed;
  mixed.included_namespace_scoped_resources = {"configmaps"};
  mixed.include_exclude_policy.included_namespace_scoped_resources = {"secrets"};
  mixed.include_exclude_policy.excluded_namespace_scoped_resources = {"configmaps", "events"};
  EXPECT_EQ(make(mixed, warnings).plan_for("configmaps")->mode, TypeMode::Direct);
  EXPECT_EQ(make(mixed, warnings).plan_for("secrets")->mode, TypeMode::Direct);
  EXPECT_EQ(make(mixed, warnings).plan_for("events"), nullptr);
  EXPECT_EQ(make(mixed, warnings).plan_for("pods"), nullptr);
  EXPECT_TRUE(warnings.empty()) << dump(warnings);
}

TEST(BackupScope, NamespaceSetAndGlobs) {
  BackupSpec spec;
  spec.namespace_set = std::vector<std::string>{"prod-a", "prod-b", "prod-legacy-1", "dev"};
  spec.included_namespaces = {"prod-*"};
  spec.excluded_namespaces = {"prod-legacy*"};
  std::vector<std::string> warnings;
  BackupScope scope = make(spec, warnings);
  EXPECT_TRUE(scope.include_namespace("prod-a"));
  EXPECT_TRUE(scope.include_namespace("prod-b"));
  EXPECT_FALSE(scope.include_namespace("prod-legacy-1"));  // excluded
  EXPECT_FALSE(scope.include_namespace("dev"));            // not matched by the include glob
  EXPECT_FALSE(scope.include_namespace("prod-c"));         // not in the set
  EXPECT_FALSE(scope.all_namespaces());

  BackupSpec globs;
  globs.included_namespaces = {"{prod,stage}-?", "team-[a-c]", "ops"};
  BackupScope g = make(globs, warnings);
  EXPECT_TRUE(g.include_namespace("prod-1"));
  EXPECT_TRUE(g.include_namespace("stage-x"));
  EXPECT_FALSE(g.include_namespace("prod-10"));
  EXPECT_TRUE(g.include_namespace("team-b"));
  EXPECT_FALSE(g.include_namespace("team-d"));
  EXPECT_TRUE(g.include_namespace("ops"));
  EXPECT_FALSE(g.include_namespace("ops2"));

  BackupSpec everything;
  EXPECT_TRUE(make(everything, warnings).include_namespace("anything"));
  EXPECT_TRUE(make(everything, warnings).all_namespaces());

  BackupSpec empty_set;
  empty_set.namespace_set = std::vector<std::string>{};
  EXPECT_FALSE(make(empty_set, warnings).include_namespace("default"));
  EXPECT_TRUE(warnings.empty()) << dump(warnings);

  BackupSpec invalid;
  invalid.included_namespaces = {"prod-["};
  BackupScope bad = make(invalid, warnings);
  EXPECT_FALSE(bad.include_namespace("prod-a"));  // an invalid include never widens to everything
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0], "spec.includedNamespaces: invalid glob \"prod-[\": missing ']'; the pattern is ignored");
}

TEST(BackupScope, LabelSelectorQueries) {
  BackupSpec spec;
  spec.label_selector = json::parse(R"({"matchLabels": {"tier": "fe", "app": "web"},
      "matchExpressions": [{"key": "env", "operator": "In", "values": ["staging", "prod"]},
                           {"key": "legacy", "operator": "DoesNotExist"}]})");
  std::vector<std::string> warnings;
  BackupScope scope = make(spec, warnings);
  const std::string expected = kube::LabelSelector::from_json(*spec.label_selector).to_string();
  EXPECT_EQ(scope.label_selector_queries(), std::vector<std::string>{expected});
  EXPECT_EQ(expected, "app=web,env in (prod,staging),!legacy,tier=fe");
  EXPECT_TRUE(scope.matches_selectors({{"app", "web"}, {"tier", "fe"}, {"env", "prod"}}));
  EXPECT_FALSE(scope.matches_selectors({{"app", "web"}, {"tier", "fe"}, {"env", "dev"}}));
  EXPECT_FALSE(scope.matches_selectors({{"app", "web"}, {"tier", "fe"}, {"env", "prod"}, {"legacy", "1"}}));

  BackupSpec ors;
  ors.or_label_selectors = {json::parse(R"({"matchLabels": {"app": "web"}})"),
                            json::parse(R"({"matchExpressions": [{"key": "team", "operator": "Exists"}]})"),
                            json::object()};
  BackupScope or_scope = make(ors, warnings);
  EXPECT_EQ(or_scope.label_selector_queries(), (std::vector<std::string>{"app=web", "team", ""}));
  EXPECT_TRUE(or_scope.matches_selectors({{"team", "x"}}));

  BackupSpec two;
  two.or_label_selectors = {json::parse(R"({"matchLabels": {"a": "1"}})"), json::parse(R"({"matchLabels": {"b": "2"}})")};
  BackupScope two_scope = make(two, warnings);
  EXPECT_TRUE(two_scope.matches_selectors({{"b", "2"}}));
  EXPECT_FALSE(two_scope.matches_selectors({{"a", "2"}}));

  BackupSpec bad;
  bad.label_selector = json::parse(R"({"matchExpressions": [{"key": "a", "operator": "Within"}]})");
  BackupScope bad_scope = make(bad, warnings);
  EXPECT_TRUE(bad_scope.label_selector_queries().empty());  // lists nothing
  EXPECT_FALSE(bad_scope.matches_selectors({{"a", "1"}}));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0], "spec.labelSelector: \"Within\" is not a valid label selector operator; the selector selects "
                         "nothing");
}

TEST(BackupScope, OrderedResourcesKeysAreCheckedAgainstPluralNames) {
  BackupSpec spec;
  spec.ordered_resources = {{"pods", "ns/a"}, {"deployments.apps", "ns/b"}, {"persistentvolumes", "pv-1"}};
  std::vector<std::string> warnings;
  BackupScope scope = make(spec, warnings);
  EXPECT_EQ(warnings, std::vector<std::string>{
                          "spec.orderedResources[\"deployments.apps\"]: no backed-up resource has the plural name "
                          "\"deployments.apps\"; Velero matches the plural resource name only (e.g. \"pods\", "
                          "\"deployments\")"});
  // Type order does not change.
  EXPECT_EQ(plan(scope), with_modes(kFullOrder, ":D"));
}

TEST(BackupScope, GroupOrderFollowsDiscoveryWithExtensionsLast) {
  std::vector<ApiResource> d = {
      res("zeta.io", "v1", "things", "Thing", true),
      res("extensions", "v1beta1", "ingresses", "Ingress", true),
      res("", "v1", "services", "Service", true),
      res("alpha.io", "v1", "items", "Item", true),
      res("", "v1", "persistentvolumes", "PersistentVolume", false),
      res("", "v1", "configmaps", "ConfigMap", true),
      res("", "v1", "pods", "Pod", true),
  };
  std::vector<std::string> warnings;
  BackupScope scope(BackupSpec{}, d, warnings);
  EXPECT_EQ(plan(scope), (std::vector<std::string>{"pods:D", "persistentvolumes:D", "services:D", "configmaps:D",
                                                   "things.zeta.io:D", "items.alpha.io:D", "ingresses.extensions:D"}));
}

}  // namespace
}  // namespace coffer::backup
