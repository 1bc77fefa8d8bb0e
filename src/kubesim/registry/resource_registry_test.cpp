#include "kubesim/registry/resource_registry.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

namespace coffer::kubesim {
namespace {

std::vector<std::string> group_names(const ResourceRegistry& r) {
  std::vector<std::string> out;
  for (const auto& g : r.groups()) out.push_back(g.group);
  return out;
}

const GroupVersions* find_group(const std::vector<GroupVersions>& groups, std::string_view name) {
  for (const auto& g : groups)
    if (g.group == name) return &g;
  return nullptr;
}

ResourceType widget(const std::string& version, const std::string& group = "example.com") {
  ResourceType t;
  t.group = group;
  t.version = version;
  t.resource = "widgets";
  t.kind = "Widget";
  t.singular = "widget";
  t.short_names = {"wd"};
  t.verbs = {"delete", "deletecollection", "get", "list", "patch", "create", "update", "watch"};
  t.crd_schema = {{"type", "object"}};
  return t;
}

}  // namespace

TEST(ResourceType, HasVerbAndNames) {
  ResourceRegistry r;
  auto b = r.find("", "v1", "bindings");
  ASSERT_TRUE(b);
  EXPECT_TRUE(b->has_verb("create"));
  EXPECT_FALSE(b->has_verb("get"));
  EXPECT_EQ(b->group_resource(), "bindings");
  EXPECT_EQ(b->api_version(), "v1");
  auto d = r.find("apps", "v1", "deployments");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->group_resource(), "deployments.apps");
  EXPECT_EQ(d->api_version(), "apps/v1");
}

TEST(ResourceRegistry, FindsBuiltins) {
  ResourceRegistry r;
  auto pods = r.find("", "v1", "pods");
  ASSERT_TRUE(pods);
  EXPECT_EQ(pods->kind, "Pod");
  EXPECT_EQ(pods->list_kind, "PodList");
  EXPECT_EQ(pods->singular, "pod");
  EXPECT_TRUE(pods->namespaced);
  EXPECT_TRUE(pods->has_status);
  EXPECT_FALSE(pods->has_scale);
  EXPECT_EQ(pods->categories, std::vector<std::string>{"all"});
  EXPECT_FALSE(pods->custom);

  auto deploy = r.find_kind("apps", "v1", "Deployment");
  ASSERT_TRUE(deploy);
  EXPECT_EQ(deploy->resource, "deployments");
  EXPECT_TRUE(deploy->has_scale);
  EXPECT_TRUE(deploy->has_status);

  EXPECT_FALSE(r.find("apps", "v1beta1", "deployments"));
  EXPECT_FALSE(r.find("apps", "v1", "Deployment"));
  EXPECT_FALSE(r.find_kind("apps", "v1", "deployments"));

  auto nodes = r.find("", "v1", "nodes");
  ASSERT_TRUE(nodes);
  EXPECT_FALSE(nodes->namespaced);
  auto ns = r.find("", "v1", "namespaces");
  ASSERT_TRUE(ns);
  EXPECT_FALSE(ns->namespaced);
  EXPECT_FALSE(ns->has_verb("deletecollection"));
  auto cs = r.find("", "v1", "componentstatuses");
  ASSERT_TRUE(cs);
  EXPECT_EQ(cs->verbs, (std::vector<std::string>{"get", "list"}));
  auto tr = r.find("authentication.k8s.io", "v1", "tokenreviews");
  ASSERT_TRUE(tr);
  EXPECT_EQ(tr->verbs, std::vector<std::string>{"create"});
  auto sar = r.find("authorization.k8s.io", "v1", "subjectaccessreviews");
  ASSERT_TRUE(sar);
  EXPECT_EQ(sar->verbs, std::vector<std::string>{"create"});
  auto lsar = r.find("authorization.k8s.io", "v1", "localsubjectaccessreviews");
  ASSERT_TRUE(lsar);
  EXPECT_TRUE(lsar->namespaced);
  auto ev = r.find("", "v1", "events");
  ASSERT_TRUE(ev);
  EXPECT_EQ(ev->verbs.size(), 8u);
  auto rc = r.find("", "v1", "replicationcontrollers");
  ASSERT_TRUE(rc);
  EXPECT_TRUE(rc->has_scale);
}

TEST(ResourceRegistry, PreferredVersions) {
  ResourceRegistry r;
  auto hpa = r.find_preferred("autoscaling", "horizontalpodautoscalers");
  ASSERT_TRUE(hpa);
  EXPECT_EQ(hpa->version, "v2");
  EXPECT_TRUE(r.find("autoscaling", "v1", "horizontalpodautoscalers"));
  auto fs = r.find_preferred("flowcontrol.apiserver.k8s.io", "flowschemas");
  ASSERT_TRUE(fs);
  EXPECT_EQ(fs->version, "v1");
  EXPECT_TRUE(r.find("flowcontrol.apiserver.k8s.io", "v1beta3", "prioritylevelconfigurations"));
  auto pods = r.find_preferred("", "pods");
  ASSERT_TRUE(pods);
  EXPECT_EQ(pods->version, "v1");
  EXPECT_FALSE(r.find_preferred("apps", "pods"));

  auto groups = r.groups();
  const auto* as = find_group(groups, "autoscaling");
  ASSERT_NE(as, nullptr);
  EXPECT_EQ(as->versions, (std::vector<std::string>{"v2", "v1"}));
  EXPECT_EQ(as->preferred_version, "v2");
  const auto* fc = find_group(groups, "flowcontrol.apiserver.k8s.io");
  ASSERT_NE(fc, nullptr);
  EXPECT_EQ(fc->versions, (std::vector<std::string>{"v1", "v1beta3"}));
  EXPECT_EQ(r.versions_of(""), std::vector<std::string>{"v1"});
}

TEST(ResourceRegistry, GroupOrderMatchesKubernetes) {
  ResourceRegistry r;
  std::vector<std::string> want = {
      "apiregistration.k8s.io",       "apps",
      "events.k8s.io",                "authentication.k8s.io",
      "authorization.k8s.io",         "autoscaling",
      "batch",                        "certificates.k8s.io",
      "networking.k8s.io",            "policy",
      "rbac.authorization.k8s.io",    "storage.k8s.io",
      "admissionregistration.k8s.io", "apiextensions.k8s.io",
      "scheduling.k8s.io",            "coordination.k8s.io",
      "node.k8s.io",                  "discovery.k8s.io",
      "flowcontrol.apiserver.k8s.io", "snapshot.storage.k8s.io"};
  EXPECT_EQ(group_names(r), want);
  for (const auto& g : r.groups()) {
    EXPECT_FALSE(g.unavailable) << g.group;
    EXPECT_EQ(g.preferred_version, g.versions.front());
  }
}

TEST(ResourceRegistry, ShortNamesAndCategories) {
  ResourceRegistry r;
  std::map<std::string, std::vector<std::string>> want = {
      {"pods", {"po"}},
      {"services", {"svc"}},
      {"deployments.apps", {"deploy"}},
      {"replicasets.apps", {"rs"}},
      {"statefulsets.apps", {"sts"}},
      {"daemonsets.apps", {"ds"}},
      {"cronjobs.batch", {"cj"}},
      {"namespaces", {"ns"}},
      {"nodes", {"no"}},
      {"persistentvolumes", {"pv"}},
      {"persistentvolumeclaims", {"pvc"}},
      {"configmaps", {"cm"}},
      {"serviceaccounts", {"sa"}},
      {"endpoints", {"ep"}},
      {"events", {"ev"}},
      {"events.events.k8s.io", {"ev"}},
      {"horizontalpodautoscalers.autoscaling", {"hpa"}},
      {"ingresses.networking.k8s.io", {"ing"}},
      {"networkpolicies.networking.k8s.io", {"netpol"}},
      {"poddisruptionbudgets.policy", {"pdb"}},
      {"priorityclasses.scheduling.k8s.io", {"pc"}},
      {"storageclasses.storage.k8s.io", {"sc"}},
      {"customresourcedefinitions.apiextensions.k8s.io", {"crd", "crds"}},
      {"certificatesigningrequests.certificates.k8s.io", {"csr"}},
      {"limitranges", {"limits"}},
      {"resourcequotas", {"quota"}},
      {"replicationcontrollers", {"rc"}},
      {"componentstatuses", {"cs"}},
      {"volumesnapshots.snapshot.storage.k8s.io", {"vs"}},
      {"volumesnapshotcontents.snapshot.storage.k8s.io", {"vsc", "vscs"}},
      {"volumesnapshotclasses.snapshot.storage.k8s.io", {"vsclass", "vsclasses"}},
  };
  std::map<std::string, std::vector<std::string>> got;
  std::set<std::string> all_category;
  for (const auto& t : r.all()) {
    if (!t.short_names.empty()) got[t.group_resource()] = t.short_names;
    if (std::find(t.categories.begin(), t.categories.end(), "all") != t.categories.end())
      all_category.insert(t.group_resource());
    EXPECT_FALSE(t.verbs.empty()) << t.group_resource();
    EXPECT_EQ(t.list_kind, t.kind + "List");
    EXPECT_FALSE(t.singular.empty());
  }
  for (const auto& [gr, names] : want) EXPECT_EQ(got[gr], names) << gr;
  EXPECT_EQ(all_category, (std::set<std::string>{
                              "pods", "services", "replicationcontrollers", "deployments.apps",
                              "replicasets.apps", "statefulsets.apps", "daemonsets.apps",
                              "jobs.batch", "cronjobs.batch",
                              "horizontalpodautoscalers.autoscaling"}));
  auto snap = r.find("snapshot.storage.k8s.io", "v1", "volumesnapshots");
  ASSERT_TRUE(snap);
  EXPECT_FALSE(snap->custom);
  EXPECT_TRUE(snap->namespaced);
}

TEST(ResourceRegistry, ResourcesOfIsSorted) {
  ResourceRegistry r;
  auto core = r.resources_of("", "v1");
  ASSERT_GE(core.size(), 17u);
  EXPECT_EQ(core.front().resource, "bindings");
  EXPECT_TRUE(std::is_sorted(core.begin(), core.end(), [](const auto& a, const auto& b) {
    return a.resource < b.resource;
  }));
  EXPECT_TRUE(r.resources_of("apps", "v2").empty());
}

TEST(ResourceRegistry, CustomResourcesAddAndRemove) {
  ResourceRegistry r;
  uint64_t g0 = r.generation();
  r.set_custom_resources("widgets.example.com", {widget("v1beta1"), widget("v1"), widget("v2alpha1")});
  uint64_t g1 = r.generation();
  EXPECT_GT(g1, g0);

  auto w = r.find("example.com", "v1", "widgets");
  ASSERT_TRUE(w);
  EXPECT_TRUE(w->custom);
  EXPECT_EQ(w->crd_name, "widgets.example.com");
  EXPECT_EQ(w->list_kind, "WidgetList");
  EXPECT_EQ(r.find_preferred("example.com", "widgets")->version, "v1");
  auto groups = r.groups();
  const auto* g = find_group(groups, "example.com");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->versions, (std::vector<std::string>{"v1", "v1beta1", "v2alpha1"}));
  EXPECT_EQ(g->preferred_version, "v1");
  EXPECT_EQ(groups.back().group, "example.com");

  // Setting the same thing again changes nothing.
  r.set_custom_resources("widgets.example.com", {widget("v1beta1"), widget("v1"), widget("v2alpha1")});
  EXPECT_EQ(r.generation(), g1);

  // A second CRD in the same group and one in another group (ordered alphabetically).
  ResourceType gadget = widget("v1");
  gadget.resource = "gadgets";
  gadget.kind = "Gadget";
  gadget.singular = "gadget";
  r.set_custom_resources("gadgets.example.com", {gadget});
  r.set_custom_resources("things.alpha.io", {widget("v1", "alpha.io")});
  auto names = group_names(r);
  ASSERT_GE(names.size(), 2u);
  EXPECT_EQ(names[names.size() - 2], "alpha.io");
  EXPECT_EQ(names.back(), "example.com");
  EXPECT_EQ(r.resources_of("example.com", "v1").size(), 2u);
  EXPECT_EQ(r.resources_of("example.com", "v1").front().resource, "gadgets");

  // Updating one CRD drops versions it no longer serves.
  r.set_custom_resources("widgets.example.com", {widget("v1")});
  EXPECT_FALSE(r.find("example.com", "v1beta1", "widgets"));
  EXPECT_TRUE(r.find("example.com", "v1", "gadgets"));
  groups = r.groups();
  EXPECT_EQ(find_group(groups, "example.com")->versions, std::vector<std::string>{"v1"});

  // Removing both empties the group.
  uint64_t before = r.generation();
  r.set_custom_resources("widgets.example.com", {});
  r.set_custom_resources("gadgets.example.com", {});
  EXPECT_GT(r.generation(), before);
  EXPECT_FALSE(r.find("example.com", "v1", "widgets"));
  groups = r.groups();
  EXPECT_EQ(find_group(groups, "example.com"), nullptr);
  EXPECT_NE(find_group(groups, "alpha.io"), nullptr);
}

TEST(ResourceRegistry, CustomResourceCannotShadowBuiltin) {
  ResourceRegistry r;
  ResourceType fake = widget("v1", "apps");
  fake.resource = "deployments";
  fake.kind = "Deployment";
  r.set_custom_resources("deployments.apps", {fake});
  auto d = r.find("apps", "v1", "deployments");
  ASSERT_TRUE(d);
  EXPECT_FALSE(d->custom);
}

TEST(ResourceRegistry, AggregatedGroups) {
  ResourceRegistry r;
  uint64_t g0 = r.generation();
  r.set_aggregated_group("metrics.k8s.io", "v1beta1", false);
  EXPECT_GT(r.generation(), g0);
  r.set_custom_resources("widgets.example.com", {widget("v1")});
  auto groups = r.groups();
  ASSERT_GE(groups.size(), 2u);
  EXPECT_EQ(groups.back().group, "metrics.k8s.io");  // after the CRD groups
  EXPECT_EQ(groups[groups.size() - 2].group, "example.com");
  EXPECT_TRUE(groups.back().unavailable);
  EXPECT_EQ(groups.back().unavailable_versions, std::vector<std::string>{"v1beta1"});
  EXPECT_EQ(groups.back().versions, std::vector<std::string>{"v1beta1"});
  EXPECT_EQ(groups.back().preferred_version, "v1beta1");
  EXPECT_TRUE(r.is_unavailable("metrics.k8s.io", "v1beta1"));
  EXPECT_FALSE(r.is_unavailable("apps", "v1"));

  // Resources known for an unavailable group/version come back marked.
  ResourceType nm;
  nm.group = "metrics.k8s.io";
  nm.version = "v1beta1";
  nm.resource = "nodes";
  nm.kind = "NodeMetrics";
  nm.singular = "";
  nm.namespaced = false;
  nm.verbs = {"get", "list"};
  r.set_custom_resources("metrics-server", {nm});
  auto found = r.find("metrics.k8s.io", "v1beta1", "nodes");
  ASSERT_TRUE(found);
  EXPECT_TRUE(found->unavailable);

  uint64_t g1 = r.generation();
  r.set_aggregated_group("metrics.k8s.io", "v1beta1", false);  // no change
  EXPECT_EQ(r.generation(), g1);
  r.set_aggregated_group("metrics.k8s.io", "v1beta1", true);
  EXPECT_GT(r.generation(), g1);
  groups = r.groups();
  EXPECT_FALSE(find_group(groups, "metrics.k8s.io")->unavailable);
  EXPECT_FALSE(r.find("metrics.k8s.io", "v1beta1", "nodes")->unavailable);

  r.set_custom_resources("metrics-server", {});
  uint64_t g2 = r.generation();
  r.remove_aggregated_group("metrics.k8s.io", "v1beta1");
  EXPECT_GT(r.generation(), g2);
  groups = r.groups();
  EXPECT_EQ(find_group(groups, "metrics.k8s.io"), nullptr);
  uint64_t g3 = r.generation();
  r.remove_aggregated_group("metrics.k8s.io", "v1beta1");
  EXPECT_EQ(r.generation(), g3);
}

TEST(ResourceRegistry, SnapshotIsConsistent) {
  ResourceRegistry r;
  r.set_aggregated_group("metrics.k8s.io", "v1beta1", false);
  auto s = r.snapshot();
  EXPECT_EQ(s.generation, r.generation());
  EXPECT_EQ(s.groups.size(), r.groups().size());
  EXPECT_EQ(s.types.size(), r.all().size());
}

}  // namespace coffer::kubesim
