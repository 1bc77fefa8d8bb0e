#include "kubesim/discovery/discovery_documents.h"

#include <gtest/gtest.h>

#include "kubesim/discovery/storage_version_hash.h"

namespace coffer::kubesim {
namespace {

using nlohmann::json;

const json* find_named(const json& list, const std::string& key, const std::string& value) {
  for (const auto& e : list)
    if (e.value(key, "") == value) return &e;
  return nullptr;
}

ResourceType widget(const std::string& version) {
  ResourceType t;
  t.group = "example.com";
  t.version = version;
  t.resource = "widgets";
  t.kind = "Widget";
  t.list_kind = "WidgetList";
  t.singular = "widget";
  t.short_names = {"wd"};
  t.categories = {"all"};
  t.verbs = {"delete", "deletecollection", "get", "list", "patch", "create", "update", "watch"};
  t.has_status = true;
  return t;
}

}  // namespace

TEST(StorageVersionHash, MatchesKubernetes) {
  EXPECT_EQ(storage_version_hash("", "v1", "Pod"), "xPOwRZ+Yhw8=");
  EXPECT_EQ(storage_version_hash("apps", "v1", "Deployment"), "8aSe+NMegvE=");
}

TEST(DiscoveryDocuments, ApiVersions) {
  json doc = api_versions("127.0.0.1:6443");
  EXPECT_EQ(doc["kind"], "APIVersions");
  EXPECT_EQ(doc["versions"], json::array({"v1"}));
  ASSERT_EQ(doc["serverAddressByClientCIDRs"].size(), 1u);
  EXPECT_EQ(doc["serverAddressByClientCIDRs"][0]["clientCIDR"], "0.0.0.0/0");
  EXPECT_EQ(doc["serverAddressByClientCIDRs"][0]["serverAddress"], "127.0.0.1:6443");
}

TEST(DiscoveryDocuments, GroupList) {
  ResourceRegistry r;
  json doc = api_group_list(r);
  EXPECT_EQ(doc["kind"], "APIGroupList");
  EXPECT_EQ(doc["apiVersion"], "v1");
  const json& groups = doc["groups"];
  ASSERT_GE(groups.size(), 20u);
  EXPECT_EQ(groups[0]["name"], "apiregistration.k8s.io");
  EXPECT_EQ(groups[1]["name"], "apps");
  for (const auto& g : groups) EXPECT_NE(g["name"], "");

  const json* as = find_named(groups, "name", "autoscaling");
  ASSERT_NE(as, nullptr);
  EXPECT_EQ((*as)["preferredVersion"],
            json({{"groupVersion", "autoscaling/v2"}, {"version", "v2"}}));
  ASSERT_EQ((*as)["versions"].size(), 2u);
  EXPECT_EQ((*as)["versions"][0]["groupVersion"], "autoscaling/v2");
  EXPECT_EQ((*as)["versions"][1]["groupVersion"], "autoscaling/v1");
  EXPECT_EQ((*as)["versions"][1]["version"], "v1");
}

TEST(DiscoveryDocuments, Group) {
  ResourceRegistry r;
  auto apps = api_group(r, "apps");
  ASSERT_TRUE(apps);
  EXPECT_EQ((*apps)["kind"], "APIGroup");
  EXPECT_EQ((*apps)["apiVersion"], "v1");
  EXPECT_EQ((*apps)["name"], "apps");
  EXPECT_EQ((*apps)["preferredVersion"]["groupVersion"], "apps/v1");
  EXPECT_FALSE(api_group(r, "nope.example.com"));
  EXPECT_FALSE(api_group(r, ""));
}

TEST(DiscoveryDocuments, CoreResourceList) {
  ResourceRegistry r;
  auto doc = api_resource_list(r, "", "v1");
  ASSERT_TRUE(doc);
  EXPECT_EQ((*doc)["kind"], "APIResourceList");
  EXPECT_EQ((*doc)["groupVersion"], "v1");
  const json& res = (*doc)["resources"];
  const json* pods = find_named(res, "name", "pods");
  ASSERT_NE(pods, nullptr);
  EXPECT_EQ((*pods)["singularName"], "pod");
  EXPECT_EQ((*pods)["namespaced"], true);
  EXPECT_EQ((*pods)["kind"], "Pod");
  EXPECT_EQ((*pods)["shortNames"], json::array({"po"}));
  EXPECT_EQ((*pods)["categories"], json::array({"all"}));
  EXPECT_EQ((*pods)["storageVersionHash"], "xPOwRZ+Yhw8=");
  EXPECT_EQ((*pods)["verbs"], json::array({"create", "delete", "deletecollection", "get", "list",
                                           "patch", "update", "watch"}));
  const json* status = find_named(res, "name", "pods/status");
  ASSERT_NE(status, nullptr);
  EXPECT_EQ((*status)["kind"], "Pod");
  EXPECT_EQ((*status)["verbs"], json::array({"get", "patch", "update"}));
  EXPECT_FALSE(status->contains("group"));
  EXPECT_EQ(find_named(res, "name", "pods/scale"), nullptr);

  const json* finalize = find_named(res, "name", "namespaces/finalize");
  ASSERT_NE(finalize, nullptr);
  EXPECT_EQ((*finalize)["verbs"], json::array({"update"}));
  EXPECT_EQ((*finalize)["namespaced"], false);
  EXPECT_NE(find_named(res, "name", "namespaces/status"), nullptr);
  const json* ns = find_named(res, "name", "namespaces");
  ASSERT_NE(ns, nullptr);
  EXPECT_EQ((*ns)["namespaced"], false);

  const json* bindings = find_named(res, "name", "bindings");
  ASSERT_NE(bindings, nullptr);
  EXPECT_EQ((*bindings)["verbs"], json::array({"create"}));
  EXPECT_FALSE(bindings->contains("shortNames"));
  EXPECT_FALSE(bindings->contains("categories"));

  // Resources are sorted and each subresource follows its resource.
  std::vector<std::string> names;
  for (const auto& e : res) names.push_back(e["name"]);
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
}

TEST(DiscoveryDocuments, AppsResourceList) {
  ResourceRegistry r;
  auto doc = api_resource_list(r, "apps", "v1");
  ASSERT_TRUE(doc);
  EXPECT_EQ((*doc)["groupVersion"], "apps/v1");
  const json& res = (*doc)["resources"];
  const json* d = find_named(res, "name", "deployments");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ((*d)["storageVersionHash"], "8aSe+NMegvE=");
  EXPECT_EQ((*d)["shortNames"], json::array({"deploy"}));
  const json* scale = find_named(res, "name", "deployments/scale");
  ASSERT_NE(scale, nullptr);
  EXPECT_EQ((*scale)["group"], "autoscaling");
  EXPECT_EQ((*scale)["version"], "v1");
  EXPECT_EQ((*scale)["kind"], "Scale");
  EXPECT_EQ((*scale)["verbs"], json::array({"get", "patch", "update"}));
  EXPECT_EQ((*scale)["singularName"], "");
  const json* status = find_named(res, "name", "deployments/status");
  ASSERT_NE(status, nullptr);
  EXPECT_EQ((*status)["kind"], "Deployment");

  EXPECT_FALSE(api_resource_list(r, "apps", "v1beta1"));
  EXPECT_FALSE(api_resource_list(r, "nope", "v1"));
  EXPECT_FALSE(api_resource_list(r, "", "v2"));
}

TEST(DiscoveryDocuments, StorageHashesFollowStorageVersion) {
  ResourceRegistry r;
  auto core = api_resource_list(r, "", "v1");
  auto events = api_resource_list(r, "events.k8s.io", "v1");
  ASSERT_TRUE(core && events);
  EXPECT_EQ((*find_named((*events)["resources"], "name", "events"))["storageVersionHash"],
            (*find_named((*core)["resources"], "name", "events"))["storageVersionHash"]);
  auto v1 = api_resource_list(r, "autoscaling", "v1");
  auto v2 = api_resource_list(r, "autoscaling", "v2");
  ASSERT_TRUE(v1 && v2);
  EXPECT_EQ((*v1)["resources"][0]["storageVersionHash"],
            (*v2)["resources"][0]["storageVersionHash"]);
}

TEST(DiscoveryDocuments, CustomAndAggregatedGroups) {
  ResourceRegistry r;
  r.set_custom_resources("widgets.example.com", {widget("v1alpha1"), widget("v1")});
  r.set_aggregated_group("metrics.k8s.io", "v1beta1", false);

  json list = api_group_list(r);
  const json& groups = list["groups"];
  ASSERT_GE(groups.size(), 2u);
  EXPECT_EQ(groups[groups.size() - 2]["name"], "example.com");
  EXPECT_EQ(groups[groups.size() - 2]["preferredVersion"]["version"], "v1");
  EXPECT_EQ(groups.back()["name"], "metrics.k8s.io");
  EXPECT_EQ(groups.back()["preferredVersion"]["groupVersion"], "metrics.k8s.io/v1beta1");

  auto w = api_resource_list(r, "example.com", "v1alpha1");
  ASSERT_TRUE(w);
  EXPECT_EQ((*w)["groupVersion"], "example.com/v1alpha1");
  ASSERT_EQ((*w)["resources"].size(), 2u);
  EXPECT_EQ((*w)["resources"][0]["name"], "widgets");
  EXPECT_EQ((*w)["resources"][0]["shortNames"], json::array({"wd"}));
  EXPECT_EQ((*w)["resources"][1]["name"], "widgets/status");

  auto metrics = api_resource_list(r, "metrics.k8s.io", "v1beta1");
  ASSERT_TRUE(metrics);
  EXPECT_TRUE((*metrics)["resources"].empty());
  EXPECT_TRUE(r.is_unavailable("metrics.k8s.io", "v1beta1"));
}

}  // namespace coffer::kubesim
