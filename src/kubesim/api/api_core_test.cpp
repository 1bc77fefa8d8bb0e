#include "kubesim/api/api_core.h"

#include <gtest/gtest.h>

#include <thread>

namespace coffer::kubesim {
namespace {
using json = nlohmann::json;

class ApiCoreTest : public ::testing::Test {
 protected:
  ObjectStore store{StoreOptions{}};
  ResourceRegistry registry;
  ApiCore core{store, registry, ClusterSettings{}};
  WriteOptions opts;

  void SetUp() override {
    core.create(core.type("", "namespaces"), "", {{"metadata", {{"name", "shop"}}}}, opts);
  }
  ResourceType t(const char* g, const char* r) { return core.type(g, r); }
  json cm(const std::string& name, json labels = json::object()) {
    return {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", name}, {"labels", labels}}}, {"data", {{"k", "v"}}}};
  }
  int code_of(const std::function<void()>& fn) {
    try {
      fn();
    } catch (const ApiError& e) {
      return e.code();
    }
    return 0;
  }
};
}  // namespace

TEST_F(ApiCoreTest, CreateSetsServerFields) {
  json out = core.create(t("", "configmaps"), "shop", cm("a"), opts);
  EXPECT_FALSE(out["metadata"]["uid"].get<std::string>().empty());
  EXPECT_FALSE(out["metadata"]["creationTimestamp"].get<std::string>().empty());
  EXPECT_FALSE(out["metadata"]["resourceVersion"].get<std::string>().empty());
  EXPECT_TRUE(out["metadata"]["managedFields"].is_array());
  json ns = core.get_json(t("", "namespaces"), "", "shop");
  EXPECT_EQ(ns["metadata"]["labels"]["kubernetes.io/metadata.name"], "shop");
  EXPECT_EQ(ns["status"]["phase"], "Active");
}

TEST_F(ApiCoreTest, GenerateNameAndErrors) {
  json body = cm("");
  body["metadata"].erase("name");
  body["metadata"]["generateName"] = "web-";
  json out = core.create(t("", "configmaps"), "shop", body, opts);
  EXPECT_EQ(out["metadata"]["name"].get<std::string>().rfind("web-", 0), 0u);
  EXPECT_EQ(out["metadata"]["name"].get<std::string>().size(), 9u);
  EXPECT_EQ(code_of([&] { core.create(t("", "configmaps"), "shop", cm("Bad_Name"), opts); }), 422);
  EXPECT_EQ(code_of([&] { core.create(t("", "configmaps"), "missing", cm("a"), opts); }), 404);
  core.create(t("", "configmaps"), "shop", cm("dup"), opts);
  EXPECT_EQ(code_of([&] { core.create(t("", "configmaps"), "shop", cm("dup"), opts); }), 409);
}

TEST_F(ApiCoreTest, UpdateChecksResourceVersion) {
  json out = core.create(t("", "configmaps"), "shop", cm("a"), opts);
  json stale = out;
  out["data"]["k"] = "v2";
  json updated = core.update(t("", "configmaps"), "shop", "a", out, opts);
  EXPECT_NE(updated["metadata"]["resourceVersion"], stale["metadata"]["resourceVersion"]);
  stale["data"]["k"] = "v3";
  EXPECT_EQ(code_of([&] { core.update(t("", "configmaps"), "shop", "a", stale, opts); }), 409);
}

TEST_F(ApiCoreTest, PatchTypes) {
  core.create(t("", "configmaps"), "shop", cm("a"), opts);
  json m = core.patch(t("", "configmaps"), "shop", "a", PatchType::Merge, R"({"data":{"x":"1"}})", opts);
  EXPECT_EQ(m["data"]["x"], "1");
  json j = core.patch(t("", "configmaps"), "shop", "a", PatchType::Json, R"([{"op":"remove","path":"/data/k"}])", opts);
  EXPECT_FALSE(j["data"].contains("k"));
  EXPECT_EQ(code_of([&] { core.patch(t("", "configmaps"), "shop", "a", PatchType::Json, R"([{"op":"test","path":"/data/x","value":"2"}])", opts); }), 422);
}

TEST_F(ApiCoreTest, ListSelectorsAndPaging) {
  for (int i = 0; i < 10; ++i)
    core.create(t("", "configmaps"), "shop", cm("c" + std::to_string(i), {{"tier", i % 2 ? "odd" : "even"}}), opts);
  ListOptions lo;
  lo.label_selector = "tier=odd";
  EXPECT_EQ(core.list(t("", "configmaps"), "shop", lo).items.size(), 5u);
  lo.label_selector = "tier in (odd,even),tier!=odd";
  EXPECT_EQ(core.list(t("", "configmaps"), "shop", lo).items.size(), 5u);
  lo = {};
  lo.field_selector = "metadata.name=c3";
  EXPECT_EQ(core.list(t("", "configmaps"), "shop", lo).items.size(), 1u);
  lo.field_selector = "spec.nothing=x";
  EXPECT_EQ(code_of([&] { core.list(t("", "configmaps"), "shop", lo); }), 400);
  lo = {};
  lo.limit = 4;
  std::set<std::string> seen;
  int pages = 0;
  while (true) {
    auto page = core.list(t("", "configmaps"), "shop", lo);
    ++pages;
    for (auto& item : page.items) seen.insert(item->name);
    if (page.continue_token.empty()) break;
    EXPECT_TRUE(page.remaining_item_count.has_value());
    lo.continue_token = page.continue_token;
  }
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen.size(), 10u);
}

TEST_F(ApiCoreTest, ServicesGetClusterIpsAndNodePorts) {
  json svc = {{"metadata", {{"name", "web"}}}, {"spec", {{"type", "NodePort"}, {"ports", json::array({{{"port", 80}, {"nodePort", 30080}}})}}}};
  json out = core.create(t("", "services"), "shop", svc, opts);
  EXPECT_FALSE(out["spec"]["clusterIP"].get<std::string>().empty());
  EXPECT_EQ(out["spec"]["ports"][0]["targetPort"], 80);
  svc["metadata"]["name"] = "web2";
  EXPECT_EQ(code_of([&] { core.create(t("", "services"), "shop", svc, opts); }), 422);
  json taken = {{"metadata", {{"name", "web3"}}}, {"spec", {{"clusterIP", out["spec"]["clusterIP"]}, {"ports", json::array({{{"port", 80}}})}}}};
  EXPECT_EQ(code_of([&] { core.create(t("", "services"), "shop", taken, opts); }), 422);
  core.remove(t("", "services"), "shop", "web", {});
  EXPECT_NO_THROW(core.create(t("", "services"), "shop", svc, opts));
}

TEST_F(ApiCoreTest, FinalizersDelayDeletion) {
  json body = cm("f");
  body["metadata"]["finalizers"] = json::array({"example.com/hold", "example.com/two"});
  core.create(t("", "configmaps"), "shop", body, opts);
  auto r = core.remove(t("", "configmaps"), "shop", "f", {});
  EXPECT_FALSE(r.gone);
  EXPECT_TRUE(r.object["metadata"].contains("deletionTimestamp"));
  // Removing one finalizer while another remains keeps the object; adding one is refused.
  core.patch(t("", "configmaps"), "shop", "f", PatchType::Merge, R"({"metadata":{"finalizers":["example.com/hold"]}})", opts);
  EXPECT_TRUE(core.find_json(t("", "configmaps"), "shop", "f").has_value());
  EXPECT_EQ(code_of([&] {
              core.patch(t("", "configmaps"), "shop", "f", PatchType::Merge,
                         R"({"metadata":{"finalizers":["example.com/hold","example.com/new"]}})", opts);
            }),
            403);
  core.patch(t("", "configmaps"), "shop", "f", PatchType::Merge, R"({"metadata":{"finalizers":null}})", opts);
  EXPECT_FALSE(core.find_json(t("", "configmaps"), "shop", "f").has_value());
}

TEST_F(ApiCoreTest, WatchSeesChanges) {
  json first = core.create(t("", "configmaps"), "shop", cm("w"), opts);
  WatchOptions wo;
  wo.list.resource_version = first["metadata"]["resourceVersion"];
  auto w = core.watch(t("", "configmaps"), "shop", wo);
  core.patch(t("", "configmaps"), "shop", "w", PatchType::Merge, R"({"data":{"n":"1"}})", opts);
  core.remove(t("", "configmaps"), "shop", "w", {});
  std::vector<std::string> types;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (types.size() < 2 && std::chrono::steady_clock::now() < deadline)
    for (auto& e : w->next(std::chrono::milliseconds(200))) types.push_back(e.type);
  EXPECT_EQ(types, (std::vector<std::string>{"MODIFIED", "DELETED"}));
}

TEST_F(ApiCoreTest, CustomResourceDefinitionsServeTheirResources) {
  json crd = json::parse(R"({
    "apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
    "metadata":{"name":"widgets.example.com"},
    "spec":{"group":"example.com","scope":"Namespaced",
      "names":{"plural":"widgets","singular":"widget","kind":"Widget","shortNames":["wd"]},
      "versions":[{"name":"v1","served":true,"storage":true,"subresources":{"status":{}},
        "schema":{"openAPIV3Schema":{"type":"object","properties":{"spec":{"type":"object","properties":{"size":{"type":"integer"}}},"status":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}}}]}})");
  json out = core.create(t("apiextensions.k8s.io", "customresourcedefinitions"), "", crd, opts);
  EXPECT_EQ(out["status"]["conditions"][1]["type"], "Established");
  auto wt = registry.find("example.com", "v1", "widgets");
  ASSERT_TRUE(wt.has_value());
  json w = {{"apiVersion", "example.com/v1"}, {"kind", "Widget"}, {"metadata", {{"name", "w1"}}}, {"spec", {{"size", 3}, {"color", "red"}}}};
  json created = core.create(*wt, "shop", w, opts);
  EXPECT_FALSE(created["spec"].contains("color"));  // pruned: not in the schema
  WriteOptions strict;
  strict.field_validation = "Strict";
  w["metadata"]["name"] = "w2";
  EXPECT_EQ(code_of([&] { core.create(*wt, "shop", w, strict); }), 400);
  EXPECT_EQ(code_of([&] { core.patch(*wt, "shop", "w1", PatchType::Strategic, "{}", opts); }), 415);
  core.remove(t("apiextensions.k8s.io", "customresourcedefinitions"), "", "widgets.example.com", {});
  EXPECT_FALSE(registry.find("example.com", "v1", "widgets").has_value());
  EXPECT_EQ(store.count("widgets.example.com"), 0u);
}

TEST_F(ApiCoreTest, NamespaceDeletionGoesThroughTerminating) {
  auto r = core.remove(t("", "namespaces"), "", "shop", {});
  EXPECT_FALSE(r.gone);
  json ns = core.get_json(t("", "namespaces"), "", "shop");
  EXPECT_EQ(ns["status"]["phase"], "Terminating");
  EXPECT_EQ(code_of([&] { core.create(t("", "configmaps"), "shop", cm("late"), opts); }), 403);
  ns["spec"]["finalizers"] = json::array();
  core.update(t("", "namespaces"), "", "shop", ns, opts, Subresource::Finalize);
  EXPECT_FALSE(core.find_json(t("", "namespaces"), "", "shop").has_value());
}
}  // namespace coffer::kubesim
