#include "kubesim/discovery/aggregated_discovery.h"

#include <gtest/gtest.h>

namespace coffer::kubesim {
namespace {

using nlohmann::json;

const json* find_resource(const json& version, const std::string& name) {
  for (const auto& r : version["resources"])
    if (r["resource"] == name) return &r;
  return nullptr;
}

const json* find_group(const json& doc, const std::string& name) {
  for (const auto& g : doc["items"])
    if (g["metadata"].value("name", "") == name) return &g;
  return nullptr;
}

const json* find_sub(const json& resource, const std::string& name) {
  for (const auto& s : resource["subresources"])
    if (s["subresource"] == name) return &s;
  return nullptr;
}

}  // namespace

TEST(AggregatedDiscovery, LegacyCore) {
  ResourceRegistry r;
  json doc = aggregated_discovery(r, true);
  EXPECT_EQ(doc["kind"], "APIGroupDiscoveryList");
  EXPECT_EQ(doc["apiVersion"], "apidiscovery.k8s.io/v2");
  EXPECT_TRUE(doc["metadata"].is_object());
  ASSERT_EQ(doc["items"].size(), 1u);
  const json& core = doc["items"][0];
  EXPECT_FALSE(core["metadata"].contains("name"));
  ASSERT_EQ(core["versions"].size(), 1u);
  const json& v1 = core["versions"][0];
  EXPECT_EQ(v1["version"], "v1");
  EXPECT_EQ(v1["freshness"], "Current");

  const json* pods = find_resource(v1, "pods");
  ASSERT_NE(pods, nullptr);
  EXPECT_EQ((*pods)["responseKind"], json({{"group", ""}, {"version", "v1"}, {"kind", "Pod"}}));
  EXPECT_EQ((*pods)["scope"], "Namespaced");
  EXPECT_EQ((*pods)["singularResource"], "pod");
  EXPECT_EQ((*pods)["shortNames"], json::array({"po"}));
  EXPECT_EQ((*pods)["categories"], json::array({"all"}));
  const json* status = find_sub(*pods, "status");
  ASSERT_NE(status, nullptr);
  EXPECT_EQ((*status)["verbs"], json::array({"get", "patch", "update"}));
  EXPECT_EQ((*status)["responseKind"]["kind"], "Pod");

  const json* ns = find_resource(v1, "namespaces");
  ASSERT_NE(ns, nullptr);
  EXPECT_EQ((*ns)["scope"], "Cluster");
  ASSERT_NE(find_sub(*ns, "finalize"), nullptr);
  EXPECT_EQ((*find_sub(*ns, "finalize"))["verbs"], json::array({"update"}));

  const json* cm = find_resource(v1, "configmaps");
  ASSERT_NE(cm, nullptr);
  EXPECT_FALSE(cm->contains("subresources"));
  EXPECT_FALSE(cm->contains("categories"));

  // Only the core group.
  EXPECT_EQ(find_resource(v1, "deployments"), nullptr);
}

TEST(AggregatedDiscovery, Groups) {
  ResourceRegistry r;
  json doc = aggregated_discovery(r, false, kAggregatedDiscoveryV2Beta1);
  EXPECT_EQ(doc["apiVersion"], "apidiscovery.k8s.io/v2beta1");
  ASSERT_GE(doc["items"].size(), 20u);
  EXPECT_EQ(doc["items"][0]["metadata"]["name"], "apiregistration.k8s.io");
  EXPECT_EQ(doc["items"][1]["metadata"]["name"], "apps");
  EXPECT_EQ(find_group(doc, ""), nullptr);

  const json* apps = find_group(doc, "apps");
  ASSERT_NE(apps, nullptr);
  const json& v1 = (*apps)["versions"][0];
  const json* d = find_resource(v1, "deployments");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ((*d)["responseKind"],
            json({{"group", "apps"}, {"version", "v1"}, {"kind", "Deployment"}}));
  EXPECT_EQ((*d)["shortNames"], json::array({"deploy"}));
  const json* scale = find_sub(*d, "scale");
  ASSERT_NE(scale, nullptr);
  EXPECT_EQ((*scale)["responseKind"],
            json({{"group", "autoscaling"}, {"version", "v1"}, {"kind", "Scale"}}));
  EXPECT_EQ((*scale)["verbs"], json::array({"get", "patch", "update"}));
  ASSERT_NE(find_sub(*d, "status"), nullptr);

  const json* as = find_group(doc, "autoscaling");
  ASSERT_NE(as, nullptr);
  ASSERT_EQ((*as)["versions"].size(), 2u);
  EXPECT_EQ((*as)["versions"][0]["version"], "v2");
  EXPECT_EQ((*as)["versions"][1]["version"], "v1");

  const json* authn = find_group(doc, "authentication.k8s.io");
  ASSERT_NE(authn, nullptr);
  const json* tr = find_resource((*authn)["versions"][0], "tokenreviews");
  ASSERT_NE(tr, nullptr);
  EXPECT_EQ((*tr)["verbs"], json::array({"create"}));
  EXPECT_EQ((*tr)["scope"], "Cluster");
}

TEST(AggregatedDiscovery, UnavailableGroupIsStale) {
  ResourceRegistry r;
  r.set_aggregated_group("metrics.k8s.io", "v1beta1", false);
  json doc = aggregated_discovery(r, false);
  const json* metrics = find_group(doc, "metrics.k8s.io");
  ASSERT_NE(metrics, nullptr);
  EXPECT_EQ(&doc["items"].back(), metrics);
  ASSERT_EQ((*metrics)["versions"].size(), 1u);
  EXPECT_EQ((*metrics)["versions"][0]["version"], "v1beta1");
  EXPECT_EQ((*metrics)["versions"][0]["freshness"], "Stale");
  EXPECT_FALSE((*metrics)["versions"][0].contains("resources"));

  r.set_aggregated_group("metrics.k8s.io", "v1beta1", true);
  doc = aggregated_discovery(r, false);
  metrics = find_group(doc, "metrics.k8s.io");
  ASSERT_NE(metrics, nullptr);
  EXPECT_EQ((*metrics)["versions"][0]["freshness"], "Current");
  EXPECT_TRUE((*metrics)["versions"][0]["resources"].is_array());
}

TEST(AggregatedDiscovery, CustomResources) {
  ResourceRegistry r;
  ResourceType t;
  t.group = "example.com";
  t.version = "v1";
  t.resource = "widgets";
  t.kind = "Widget";
  t.singular = "widget";
  t.namespaced = false;
  t.verbs = {"delete", "deletecollection", "get", "list", "patch", "create", "update", "watch"};
  t.has_scale = true;
  r.set_custom_resources("widgets.example.com", {t});
  json doc = aggregated_discovery(r, false);
  const json* g = find_group(doc, "example.com");
  ASSERT_NE(g, nullptr);
  const json* w = find_resource((*g)["versions"][0], "widgets");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ((*w)["scope"], "Cluster");
  EXPECT_EQ((*w)["verbs"][0], "delete");
  ASSERT_NE(find_sub(*w, "scale"), nullptr);
  EXPECT_EQ(find_sub(*w, "status"), nullptr);
}

TEST(AggregatedDiscovery, Negotiation) {
  EXPECT_EQ(negotiate_aggregated_discovery(
                "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
                "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,"
                "application/json"),
            kAggregatedDiscoveryV2);
  EXPECT_EQ(negotiate_aggregated_discovery(
                "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList, "
                "application/json"),
            kAggregatedDiscoveryV2Beta1);
  EXPECT_EQ(negotiate_aggregated_discovery(
                "application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as="
                "APIGroupDiscoveryList, application/json; as=APIGroupDiscoveryList; v=v2; "
                "g=apidiscovery.k8s.io"),
            kAggregatedDiscoveryV2);
  EXPECT_FALSE(negotiate_aggregated_discovery("application/json, */*"));
  EXPECT_FALSE(negotiate_aggregated_discovery(""));
  EXPECT_FALSE(negotiate_aggregated_discovery(
      "application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList"));
  EXPECT_EQ(aggregated_discovery_content_type(kAggregatedDiscoveryV2),
            "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
  EXPECT_EQ(aggregated_discovery_content_type(kAggregatedDiscoveryV2Beta1),
            "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList");
}

}  // namespace coffer::kubesim
