#include "backup/engine/backup_engine.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <mutex>
#include <set>

#include "backup/archive/tar_gz.h"
#include "backup/layout/velero_layout.h"
#include "backup/reader/backup_reader.h"
#include "httpserver/http_server.h"

namespace coffer::backup {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// A tiny API server: a fixed discovery document and in-memory objects per collection, served
// with real paging (limit/continue) and labelSelector "k=v" support. Lists of built-in kinds
// leave apiVersion/kind out of the items, as kube-apiserver does.
class FakeApi {
 public:
  FakeApi() {
    http::ServerOptions o;
    server_ = std::make_unique<http::Server>(o, [this](http::Request& r, http::ResponseWriter& w) { handle(r, w); });
    server_->start();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }

  // collection: "v1/configmaps", "apps/v1/deployments", ...; object carries metadata.
  void add(const std::string& gv, const std::string& resource, json object) {
    std::lock_guard lock(mu_);
    objects_[gv + "/" + resource].push_back(std::move(object));
  }
  void forbid(const std::string& path_part) { forbidden_.insert(path_part); }
  // Requests for later pages (with a continue token) of matching paths fail with 500.
  void break_after_first_page(const std::string& path_part) { broken_.insert(path_part); }
  std::vector<std::string> requests() {
    std::lock_guard lock(mu_);
    return requests_;
  }

 private:
  static json discovery_for(const std::string& gv) {
    auto res = [](const char* name, const char* kind, bool namespaced) {
      return json{{"name", name}, {"singularName", ""}, {"kind", kind}, {"namespaced", namespaced},
                  {"verbs", {"create", "delete", "get", "list", "patch", "update", "watch"}}};
    };
    if (gv == "v1")
      return {{"resources", {res("namespaces", "Namespace", false), res("configmaps", "ConfigMap", true),
                             res("secrets", "Secret", true), res("persistentvolumeclaims", "PersistentVolumeClaim", true),
                             res("persistentvolumes", "PersistentVolume", false), res("pods", "Pod", true),
                             res("serviceaccounts", "ServiceAccount", true),
                             {{"name", "bindings"}, {"kind", "Binding"}, {"namespaced", true}, {"verbs", {"create"}}}}}};
    if (gv == "apps/v1") return {{"resources", {res("deployments", "Deployment", true)}}};
    if (gv == "scheduling.k8s.io/v1") return {{"resources", {res("priorityclasses", "PriorityClass", false)}}};
    if (gv == "rbac.authorization.k8s.io/v1")
      return {{"resources", {res("clusterrolebindings", "ClusterRoleBinding", false), res("clusterroles", "ClusterRole", false)}}};
    if (gv == "example.com/v1") return {{"resources", {res("widgets", "Widget", true)}}};
    if (gv == "apiextensions.k8s.io/v1")
      return {{"resources", {res("customresourcedefinitions", "CustomResourceDefinition", false)}}};
    return nullptr;
  }

  void handle(http::Request& r, http::ResponseWriter& w) {
    {
      std::lock_guard lock(mu_);
      requests_.push_back(r.target);
    }
    for (const auto& p : forbidden_)
      if (r.path.find(p) != std::string::npos)
        return w.send(403, {}, R"({"kind":"Status","reason":"Forbidden","message":"forbidden by the test"})");
    for (const auto& p : broken_)
      if (r.path.find(p) != std::string::npos && r.query.find("continue=") != std::string::npos)
        return w.send(500, {}, R"({"kind":"Status","reason":"InternalError","message":"etcd went away"})");
    if (r.path == "/version") return w.send(200, {}, R"({"gitVersion":"v1.32.0","major":"1","minor":"32"})");
    if (r.path == "/api") return w.send(200, {}, R"({"versions":["v1"]})");
    if (r.path == "/apis") {
      json groups = json::array();
      for (const char* g : {"apps", "example.com", "apiextensions.k8s.io", "scheduling.k8s.io", "rbac.authorization.k8s.io"})
        groups.push_back({{"name", g}, {"versions", {{{"groupVersion", std::string(g) + "/v1"}, {"version", "v1"}}}},
                          {"preferredVersion", {{"groupVersion", std::string(g) + "/v1"}, {"version", "v1"}}}});
      return w.send(200, {}, json{{"groups", groups}}.dump());
    }
    // /api/v1[/namespaces/ns]/res[/name] or /apis/g/v[/namespaces/ns]/res[/name]
    std::vector<std::string> parts;
    for (std::size_t s = 1, e; s <= r.path.size(); s = e + 1) {
      e = r.path.find('/', s);
      if (e == std::string::npos) e = r.path.size();
      parts.push_back(r.path.substr(s, e - s));
    }
    std::size_t i = 0;
    std::string gv;
    if (parts[0] == "api") gv = parts[1], i = 2;
    else gv = parts[1] + "/" + parts[2], i = 3;
    if (i == parts.size()) {
      json d = discovery_for(gv);
      if (d.is_null()) return w.send(404, {}, R"({"kind":"Status","reason":"NotFound","message":"not found"})");
      return w.send(200, {}, d.dump());
    }
    std::string ns;
    if (parts[i] == "namespaces" && i + 2 < parts.size()) ns = parts[i + 1], i += 2;
    std::string resource = parts[i];
    std::string name = i + 1 < parts.size() ? parts[i + 1] : "";
    std::lock_guard lock(mu_);
    auto& all = objects_[gv + "/" + resource];
    std::vector<const json*> matching;
    auto q = r.query_params();
    std::string sel_key, sel_value;
    if (q.count("labelSelector")) {
      auto eq = q["labelSelector"].find('=');
      sel_key = q["labelSelector"].substr(0, eq);
      sel_value = q["labelSelector"].substr(eq + 1);
    }
    for (const auto& o : all) {
      if (!ns.empty() && o["metadata"].value("namespace", "") != ns) continue;
      if (!name.empty() && o["metadata"]["name"] != name) continue;
      if (!sel_key.empty() && o["metadata"].value("labels", json::object()).value(sel_key, "") != sel_value) continue;
      matching.push_back(&o);
    }
    if (!name.empty()) {
      if (matching.empty()) return w.send(404, {}, R"({"kind":"Status","reason":"NotFound","message":"not found"})");
      return w.send(200, {}, matching[0]->dump());
    }
    std::size_t start = q.count("continue") ? std::stoul(q["continue"]) : 0;
    std::size_t limit = q.count("limit") ? std::stoul(q["limit"]) : matching.size();
    json items = json::array();
    bool builtin = gv == "v1" || gv == "apps/v1";
    for (std::size_t k = start; k < std::min(matching.size(), start + limit); ++k) {
      json item = *matching[k];
      if (builtin) item.erase("apiVersion"), item.erase("kind");
      items.push_back(item);
    }
    json meta = {{"resourceVersion", "100"}};
    if (start + limit < matching.size()) {
      meta["continue"] = std::to_string(start + limit);
      meta["remainingItemCount"] = matching.size() - start - limit;
    }
    w.send(200, {}, json{{"kind", "List"}, {"apiVersion", gv}, {"metadata", meta}, {"items", items}}.dump());
  }

  std::unique_ptr<http::Server> server_;
  std::mutex mu_;
  std::map<std::string, std::vector<json>> objects_;
  std::set<std::string> forbidden_, broken_;
  std::vector<std::string> requests_;
};

json obj(const std::string& api_version, const std::string& kind, const std::string& ns, const std::string& name,
         json labels = json::object()) {
  json meta = {{"name", name}, {"uid", "uid-" + name}, {"resourceVersion", "7"}, {"labels", labels}};
  if (!ns.empty()) meta["namespace"] = ns;
  return {{"apiVersion", api_version}, {"kind", kind}, {"metadata", meta}};
}

class BackupEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("engine-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::create_directories(dir_);
    store_ = storage::open_location("file://" + dir_.string());
    for (const char* ns : {"shop", "shop-staging", "kube-system"}) api_.add("v1", "namespaces", obj("v1", "Namespace", "", ns));
    for (int i = 0; i < 7; ++i) api_.add("v1", "configmaps", obj("v1", "ConfigMap", "shop", "cm-" + std::to_string(i), {{"app", i % 2 ? "web" : "db"}}));
    api_.add("v1", "configmaps", obj("v1", "ConfigMap", "shop-staging", "cm-staging"));
      api_.add("v1", "configmaps", obj("v1", "ConfigMap", "shop", "excluded", {{"velero.io/exclude-from-backup", "true"}}));
    json deleting = obj("v1", "ConfigMap", "shop", "deleting");
    deleting["metadata"]["deletionTimestamp"] = "2026-01-01T00:00:00Z";
    api_.add("v1", "configmaps", deleting);
    api_.add("v1", "secrets", obj("v1", "Secret", "shop", "creds"));
    json pvc = obj("v1", "PersistentVolumeClaim", "shop", "data");
    pvc["spec"] = {{"volumeName", "pv-data"}};
    api_.add("v1", "persistentvolumeclaims", pvc);
    api_.add("v1", "persistentvolumes", obj("v1", "PersistentVolume", "", "pv-data"));
    api_.add("v1", "persistentvolumes", obj("v1", "PersistentVolume", "", "pv-other"));
    api_.add("apps/v1", "deployments", obj("apps/v1", "Deployment", "shop", "web"));
    api_.add("example.com/v1", "widgets", obj("example.com/v1", "Widget", "shop", "w1"));
    api_.add("apiextensions.k8s.io/v1", "customresourcedefinitions",
             obj("apiextensions.k8s.io/v1", "CustomResourceDefinition", "", "widgets.example.com"));
    api_.add("apiextensions.k8s.io/v1", "customresourcedefinitions",
             obj("apiextensions.k8s.io/v1", "CustomResourceDefinition", "", "gadgets.example.com"));
  }
  void TearDown() override { fs::remove_all(dir_); }

  BackupOutcome backup(BackupSpec spec, EngineOptions options = {}) {
    kube::RestConfig c;
    c.server = api_.url();
    kube::ClientOptions co;
    co.qps = 0;
    co.backoff_base = std::chrono::milliseconds(1);
    co.max_retries = 1;
    kube::KubeClient client(c, co);
    options.page_size = 3;  // several pages per list
    return run_backup(&client, *store_, std::move(spec), options);
  }

  std::set<std::string> items(const std::string& name) {
    BackupReader reader(*store_, name);
    std::set<std::string> out;
    for (const auto& item : reader.items({})) out.insert(item.path.group_resource + "|" + item.path.namespace_ + "|" + item.path.name);
    return out;
  }

  static inline int counter_ = 0;
  fs::path dir_;
  FakeApi api_;
  std::unique_ptr<storage::ObjectStore> store_;
};

TEST_F(BackupEngineTest, FullBackupWritesVeleroLayout) {
  BackupSpec spec;
  spec.name = "full";
  std::vector<BackupProgress> progress;
  EngineOptions o;
  o.on_progress = [&](const BackupProgress& p) { progress.push_back(p); };
  auto out = backup(spec, o);
  ASSERT_EQ(out.phase, "Completed") << out.backup.dump(2);
  EXPECT_TRUE(out.stored);

  // Every file of §1.2, the marker included.
  for (const char* suffix : {".tar.gz", "-logs.gz", "-results.gz", "-resource-list.json.gz", "-volumesnapshots.json.gz",
                             "-podvolumebackups.json.gz", "-itemoperations.json.gz", "-volumeinfo.json.gz"})
    EXPECT_TRUE(store_->exists("backups/full/full" + std::string(suffix))) << suffix;
  json stored = json::parse(store_->get("backups/full/velero-backup.json"));
  EXPECT_EQ(stored["kind"], "Backup");
  EXPECT_EQ(stored["apiVersion"], "velero.io/v1");
  EXPECT_EQ(stored["status"]["phase"], "Completed");
  EXPECT_EQ(stored["status"]["formatVersion"], "1.1.0");
  EXPECT_EQ(stored["status"]["version"], 1);
  EXPECT_EQ(stored["spec"]["ttl"], "720h0m0s");
  EXPECT_EQ(stored["metadata"]["labels"]["velero.io/storage-location"], "default");
  EXPECT_EQ(stored["metadata"]["annotations"]["velero.io/source-cluster-k8s-minor-version"], "32");
  EXPECT_NE(store_->get("backups/full/velero-backup.json").find("\n  \"kind\""), std::string::npos) << "pretty-printed";

  std::set<std::string> expected = {
      "namespaces||shop", "namespaces||shop-staging", "namespaces||kube-system",
      "configmaps|shop|cm-0", "configmaps|shop|cm-1", "configmaps|shop|cm-2", "configmaps|shop|cm-3",
      "configmaps|shop|cm-4", "configmaps|shop|cm-5", "configmaps|shop|cm-6", "configmaps|shop-staging|cm-staging",
      "secrets|shop|creds", "persistentvolumeclaims|shop|data", "persistentvolumes||pv-data", "persistentvolumes||pv-other",
      "deployments.apps|shop|web", "widgets.example.com|shop|w1",
      "customresourcedefinitions.apiextensions.k8s.io||widgets.example.com",
      "customresourcedefinitions.apiextensions.k8s.io||gadgets.example.com"};
  EXPECT_EQ(items("full"), expected);
  EXPECT_EQ(stored["status"]["progress"]["itemsBackedUp"], expected.size());
  EXPECT_EQ(stored["status"]["progress"]["totalItems"], expected.size());

  // Tarball: version entry, both copies of each item, apiVersion/kind filled in.
  BackupReader reader(*store_, "full");
  std::map<std::string, std::string> entries;
  TarGzReader tar(store_->open_read("backups/full/full.tar.gz"));
  tar.for_each([&](const std::string& path, std::uint64_t, const std::function<std::string()>& read) {
    entries[path] = read();
    return true;
  });
  EXPECT_EQ(entries["metadata/version"], "1.1.0\n");
  ASSERT_TRUE(entries.count("resources/configmaps/namespaces/shop/cm-0.json"));
  EXPECT_EQ(entries["resources/configmaps/namespaces/shop/cm-0.json"],
            entries["resources/configmaps/v1-preferredversion/namespaces/shop/cm-0.json"]);
  json cm = json::parse(entries["resources/configmaps/namespaces/shop/cm-0.json"]);
  EXPECT_EQ(cm["apiVersion"], "v1");
  EXPECT_EQ(cm["kind"], "ConfigMap");
  EXPECT_EQ(cm["metadata"]["uid"], "uid-cm-0");
  EXPECT_TRUE(entries.count("resources/deployments.apps/v1-preferredversion/namespaces/shop/web.json"));
  EXPECT_TRUE(entries.count("resources/namespaces/cluster/shop.json"));
  EXPECT_EQ(entries.size(), 1 + 2 * expected.size());

  json list = reader.resource_list();
  EXPECT_EQ(list["v1/ConfigMap"].size(), 8u);
  EXPECT_EQ(list["v1/ConfigMap"][0], "shop-staging/cm-staging");  // sorted
  EXPECT_EQ(list["apps/v1/Deployment"], json::array({"shop/web"}));
  EXPECT_EQ(list["v1/PersistentVolume"], json::array({"pv-data", "pv-other"}));
  EXPECT_EQ(reader.sidecar_array("-volumeinfo.json.gz"), json::array());

  ASSERT_GE(progress.size(), 2u);
  EXPECT_EQ(progress.front().phase, "New");
  EXPECT_EQ(progress.back().phase, "Completed");
  EXPECT_EQ(progress.back().items_backed_up, expected.size());
}

// Velero records a namespace labelled exclude-from-backup in spec.excludedNamespaces; the backup
// then no longer covers every namespace, so cluster-scoped types come only as related items.
TEST_F(BackupEngineTest, NamespaceLabelledExcludeIsRecordedAndSkipped) {
  api_.add("v1", "namespaces", obj("v1", "Namespace", "", "secret-ns", {{"velero.io/exclude-from-backup", "true"}}));
  api_.add("v1", "configmaps", obj("v1", "ConfigMap", "secret-ns", "hidden"));
  BackupSpec spec;
  spec.name = "labelled";
  auto out = backup(spec);
  ASSERT_EQ(out.phase, "Completed") << out.backup.dump(2);
  EXPECT_EQ(out.backup["spec"]["excludedNamespaces"], json::array({"secret-ns"}));
  auto got = items("labelled");
  EXPECT_FALSE(got.count("namespaces||secret-ns"));
  EXPECT_FALSE(got.count("configmaps|secret-ns|hidden"));
  EXPECT_TRUE(got.count("configmaps|shop|cm-0"));
  EXPECT_TRUE(got.count("persistentvolumes||pv-data"));    // related to a backed-up PVC
  EXPECT_FALSE(got.count("persistentvolumes||pv-other"));  // not listed directly any more
}

TEST_F(BackupEngineTest, PodsBringTheirClaimsAndPriorityClassServiceAccountsTheirClusterRoles) {
  json pod = obj("v1", "Pod", "shop", "db-0");
  pod["spec"] = {{"priorityClassName", "high"},
                 {"volumes", json::array({json{{"name", "d"}, {"persistentVolumeClaim", {{"claimName", "mounted"}}}}})}};
  api_.add("v1", "pods", pod);
  json pvc = obj("v1", "PersistentVolumeClaim", "shop", "mounted");
  pvc["spec"] = {{"volumeName", "pv-mounted"}};
  api_.add("v1", "persistentvolumeclaims", pvc);
  api_.add("v1", "persistentvolumes", obj("v1", "PersistentVolume", "", "pv-mounted"));
  api_.add("scheduling.k8s.io/v1", "priorityclasses", obj("scheduling.k8s.io/v1", "PriorityClass", "", "high"));
  api_.add("v1", "serviceaccounts", obj("v1", "ServiceAccount", "shop", "runner"));
  json crb = obj("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "", "runner-binding");
  crb["subjects"] = json::array({json{{"kind", "ServiceAccount"}, {"namespace", "shop"}, {"name", "runner"}}});
  crb["roleRef"] = {{"kind", "ClusterRole"}, {"name", "reader"}, {"apiGroup", "rbac.authorization.k8s.io"}};
  api_.add("rbac.authorization.k8s.io/v1", "clusterrolebindings", crb);
  json other = obj("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "", "other-binding");
  other["subjects"] = json::array({json{{"kind", "ServiceAccount"}, {"namespace", "kube-system"}, {"name", "x"}}});
  other["roleRef"] = {{"kind", "ClusterRole"}, {"name", "admin"}};
  api_.add("rbac.authorization.k8s.io/v1", "clusterrolebindings", other);
  api_.add("rbac.authorization.k8s.io/v1", "clusterroles", obj("rbac.authorization.k8s.io/v1", "ClusterRole", "", "reader"));
  api_.add("rbac.authorization.k8s.io/v1", "clusterroles", obj("rbac.authorization.k8s.io/v1", "ClusterRole", "", "admin"));

  BackupSpec spec;
  spec.name = "related";
  spec.included_namespaces = {"shop"};
  spec.included_resources = {"pods", "serviceaccounts", "persistentvolumeclaims", "persistentvolumes", "priorityclasses",
                             "clusterrolebindings", "clusterroles"};
  auto out = backup(spec);
  ASSERT_EQ(out.phase, "Completed") << out.backup.dump(2);
  auto got = items("related");
  EXPECT_TRUE(got.count("pods|shop|db-0"));
  EXPECT_TRUE(got.count("persistentvolumeclaims|shop|mounted"));
  EXPECT_TRUE(got.count("persistentvolumes||pv-mounted"));
  EXPECT_TRUE(got.count("priorityclasses.scheduling.k8s.io||high"));
  EXPECT_TRUE(got.count("clusterrolebindings.rbac.authorization.k8s.io||runner-binding"));
  EXPECT_TRUE(got.count("clusterroles.rbac.authorization.k8s.io||reader"));
  EXPECT_FALSE(got.count("clusterrolebindings.rbac.authorization.k8s.io||other-binding"));
  EXPECT_FALSE(got.count("clusterroles.rbac.authorization.k8s.io||admin"));
}

TEST_F(BackupEngineTest, ResourcePolicyConfigMapFiltersResources) {
  json cm = obj("v1", "ConfigMap", "velero", "policy");
  cm["data"] = {{"policy.yaml", "version: v1\nincludeExcludePolicy:\n  excludedNamespaceScopedResources:\n  - secrets\n"}};
  api_.add("v1", "configmaps", cm);
  BackupSpec spec;
  spec.name = "policy";
  spec.included_namespaces = {"shop"};
  spec.resource_policy = ResourcePolicyRef{"configmap", "policy", ""};
  auto out = backup(spec);
  ASSERT_EQ(out.phase, "Completed") << out.backup.dump(2);
  auto got = items("policy");
  EXPECT_TRUE(got.count("configmaps|shop|cm-0"));
  EXPECT_FALSE(got.count("secrets|shop|creds"));

  BackupSpec missing;
  missing.name = "policy-missing";
  missing.resource_policy = ResourcePolicyRef{"configmap", "nope", ""};
  auto failed = backup(missing);
  EXPECT_EQ(failed.phase, "Failed");
  EXPECT_NE(failed.backup["status"].value("failureReason", "").find("ConfigMap velero/nope"), std::string::npos)
      << failed.backup.dump(2);
}

TEST_F(BackupEngineTest, NamespaceScopeBringsRelatedClusterItemsOnly) {
  BackupSpec spec;
  spec.name = "shop-only";
  spec.included_namespaces = {"shop"};
  auto out = backup(spec);
  ASSERT_EQ(out.phase, "Completed") << out.backup.dump(2);
  auto got = items("shop-only");
  EXPECT_TRUE(got.count("namespaces||shop"));
  EXPECT_FALSE(got.count("namespaces||shop-staging"));
  EXPECT_TRUE(got.count("persistentvolumes||pv-data"));  // bound to the backed-up PVC
  EXPECT_FALSE(got.count("persistentvolumes||pv-other"));
  EXPECT_TRUE(got.count("customresourcedefinitions.apiextensions.k8s.io||widgets.example.com"));
  EXPECT_FALSE(got.count("customresourcedefinitions.apiextensions.k8s.io||gadgets.example.com"));
  EXPECT_FALSE(got.count("configmaps|shop-staging|cm-staging"));
  EXPECT_FALSE(got.count("configmaps|shop|excluded"));
  EXPECT_FALSE(got.count("configmaps|shop|deleting"));
  // Per-namespace LISTs, not cluster-wide ones.
  bool per_ns = false;
  for (const auto& r : api_.requests())
    if (r.rfind("/api/v1/namespaces/shop/configmaps", 0) == 0) per_ns = true;
  EXPECT_TRUE(per_ns);
}

// Velero: false drops every cluster-scoped type, the namespace objects included.
TEST_F(BackupEngineTest, IncludeClusterResourcesFalseDropsEveryClusterScopedItem) {
  BackupSpec spec;
  spec.name = "no-cluster";
  spec.included_namespaces = {"shop"};
  spec.include_cluster_resources = false;
  auto out = backup(spec);
  ASSERT_EQ(out.phase, "Completed");
  auto got = items("no-cluster");
  EXPECT_FALSE(got.count("namespaces||shop"));
  EXPECT_TRUE(got.count("configmaps|shop|cm-0"));
  EXPECT_FALSE(got.count("persistentvolumes||pv-data"));
  EXPECT_FALSE(got.count("customresourcedefinitions.apiextensions.k8s.io||widgets.example.com"));
}

TEST_F(BackupEngineTest, LabelSelectorsAndOrSelectors) {
  BackupSpec spec;
  spec.name = "web";
  spec.included_resources = {"configmaps"};
  spec.or_label_selectors = {json{{"matchLabels", {{"app", "web"}}}}, json{{"matchLabels", {{"app", "db"}}}}};
  auto out = backup(spec);
  ASSERT_EQ(out.phase, "Completed") << out.backup.dump(2);
  auto got = items("web");
  std::set<std::string> cms;
  for (const auto& g : got)
    if (g.rfind("configmaps|", 0) == 0) cms.insert(g);
  EXPECT_EQ(cms.size(), 7u);  // cm-0..6 carry app=web or app=db; cm-staging has no label
  EXPECT_FALSE(got.count("secrets|shop|creds"));
}

TEST_F(BackupEngineTest, ForbiddenTypeMakesItPartiallyFailed) {
  api_.forbid("/secrets");
  BackupSpec spec;
  spec.name = "partial";
  auto out = backup(spec);
  EXPECT_EQ(out.phase, "PartiallyFailed") << out.backup.dump(2);
  EXPECT_TRUE(out.stored);
  BackupReader reader(*store_, "partial");
  json results = reader.results();
  ASSERT_FALSE(results["errors"].empty());
  EXPECT_NE(results["errors"].dump().find("listing secrets failed after 0 item(s)"), std::string::npos) << results.dump();
  EXPECT_GE(reader.backup()["status"]["errors"].get<int>(), 1);
  EXPECT_TRUE(items("partial").count("configmaps|shop|cm-0"));
  EXPECT_NE(reader.logs().find("level=error"), std::string::npos);
}

TEST_F(BackupEngineTest, ListFailingMidwayKeepsWhatWasListedAndIsPartiallyFailed) {
  api_.break_after_first_page("/configmaps");
  BackupSpec spec;
  spec.name = "midway";
  spec.included_namespaces = {"shop"};
  auto out = backup(spec);  // page size 3: cm-0..cm-2 arrive, the second page fails
  EXPECT_EQ(out.phase, "PartiallyFailed") << out.backup.dump(2);
  BackupReader reader(*store_, "midway");
  auto errors = reader.results()["errors"];
  ASSERT_TRUE(errors.contains("namespaces")) << errors.dump();
  EXPECT_NE(errors["namespaces"]["shop"].dump().find("listing configmaps in namespace shop failed after 3 item(s)"),
            std::string::npos)
      << errors.dump();
  EXPECT_NE(errors.dump().find("etcd went away"), std::string::npos);
  auto got = items("midway");
  EXPECT_TRUE(got.count("configmaps|shop|cm-0"));
  EXPECT_FALSE(got.count("configmaps|shop|cm-5"));
  EXPECT_TRUE(got.count("secrets|shop|creds"));  // other types are unaffected
}

TEST_F(BackupEngineTest, InvalidSpecIsFailedValidationWithEveryErrorAndStoresNothing) {
  BackupSpec spec;
  spec.name = "Bad_Name";
  spec.included_namespaces = {"prod-["};
  spec.label_selector = json{{"matchLabels", {{"a", "b"}}}};
  spec.or_label_selectors = {json{{"matchLabels", {{"c", "d"}}}}};
  spec.included_resources = {"pods"};
  spec.included_cluster_scoped_resources = {"persistentvolumes"};
  spec.ttl = std::chrono::milliseconds(-1000);
  auto out = backup(spec);
  EXPECT_EQ(out.phase, "FailedValidation");
  EXPECT_FALSE(out.stored);
  auto errors = out.backup["status"]["validationErrors"];
  EXPECT_GE(errors.size(), 5u) << errors.dump(2);
  EXPECT_TRUE(store_->list("").empty());
}

TEST_F(BackupEngineTest, ExistingNameIsRefusedAndLeftIntact) {
  BackupSpec spec;
  spec.name = "once";
  ASSERT_EQ(backup(spec).phase, "Completed");
  std::string before = store_->get("backups/once/velero-backup.json");
  auto again = backup(spec);
  EXPECT_EQ(again.phase, "FailedValidation");
  EXPECT_NE(again.backup["status"]["validationErrors"].dump().find("already exists"), std::string::npos);
  EXPECT_EQ(store_->get("backups/once/velero-backup.json"), before);
}

// An ObjectStore that fails the n-th put, to check that a failed write leaves no backup behind.
class FailingStore : public storage::ObjectStore {
 public:
  FailingStore(storage::ObjectStore& inner, int fail_on_put) : inner_(inner), fail_on_(fail_on_put) {}
  std::unique_ptr<storage::ObjectWriter> open_write(const std::string& key) override {
    if (++puts_ == fail_on_) throw storage::StorageError("disk full (simulated) writing " + key);
    return inner_.open_write(key);
  }
  std::unique_ptr<storage::ObjectReader> open_read(const std::string& key) override { return inner_.open_read(key); }
  bool exists(const std::string& key) override { return inner_.exists(key); }
  std::vector<storage::ObjectInfo> list(const std::string& p) override { return inner_.list(p); }
  std::vector<std::string> list_common_prefixes(const std::string& p) override { return inner_.list_common_prefixes(p); }
  void remove(const std::string& key) override { inner_.remove(key); }
  std::string describe() const override { return inner_.describe(); }

 private:
  storage::ObjectStore& inner_;
  int fail_on_;
  int puts_ = 0;
};

TEST_F(BackupEngineTest, StorageFailureAtAnyWriteLeavesNothingVisible) {
  for (int n = 1; n <= 9; ++n) {  // tarball, 7 sidecars/logs, marker
    FailingStore failing(*store_, n);
    kube::RestConfig c;
    c.server = api_.url();
    kube::ClientOptions co;
    co.qps = 0;
    kube::KubeClient client(c, co);
    BackupSpec spec;
    spec.name = "fail-" + std::to_string(n);
    auto out = run_backup(&client, failing, spec, EngineOptions{});
    EXPECT_EQ(out.phase, "Failed") << "write " << n;
    EXPECT_FALSE(out.stored);
    EXPECT_NE(out.backup["status"].value("failureReason", "").find("simulated"), std::string::npos) << out.backup.dump(2);
    EXPECT_TRUE(store_->list("backups/fail-" + std::to_string(n) + "/").empty()) << "write " << n;
  }
}

TEST_F(BackupEngineTest, UnreachableClusterFailsWithReasonAndIsStoredAsFailed) {
  kube::RestConfig c;
  c.server = "http://127.0.0.1:1";  // nothing listens on port 1
  kube::ClientOptions co;
  co.max_retries = 1;
  co.backoff_base = std::chrono::milliseconds(1);
  kube::KubeClient client(c, co);
  BackupSpec spec;
  spec.name = "unreachable";
  auto start = std::chrono::steady_clock::now();
  auto out = run_backup(&client, *store_, spec, EngineOptions{});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_EQ(out.phase, "Failed");
  EXPECT_NE(out.backup["status"].value("failureReason", "").find("cannot reach the API server"), std::string::npos)
      << out.backup.dump(2);
  BackupReader reader(*store_, "unreachable");
  EXPECT_EQ(reader.backup()["status"]["phase"], "Failed");
}

TEST_F(BackupEngineTest, VolumeOptionsAreRecordedWithAWarning) {
  BackupSpec spec;
  spec.name = "vols";
  spec.snapshot_volumes = true;
  spec.snapshot_move_data = true;
  auto out = backup(spec);
  EXPECT_EQ(out.phase, "Completed");
  EXPECT_EQ(out.backup["spec"]["snapshotVolumes"], true);
  EXPECT_EQ(out.backup["spec"]["snapshotMoveData"], true);
  EXPECT_EQ(out.backup["status"]["warnings"], 2);
  BackupReader reader(*store_, "vols");
  EXPECT_NE(reader.results()["warnings"].dump().find("volume data is not captured yet"), std::string::npos);
}


TEST_F(BackupEngineTest, CancelledRunEndsFailedAndStoresNothing) {
  BackupSpec spec;
  spec.name = "cancelled";
  std::stop_source stop;
  EngineOptions o;
  o.stop = stop.get_token();
  // Cancelled once the scope is known, before the first list task: the run must unwind from there.
  o.on_log = [&](const std::string& line) {
    if (line.find("Backing up") != std::string::npos) stop.request_stop();
  };
  auto out = backup(spec, o);
  EXPECT_EQ(out.phase, "Failed");
  EXPECT_FALSE(out.stored);
  EXPECT_NE(out.backup["status"].value("failureReason", "").find("cancelled"), std::string::npos) << out.backup.dump(2);
  std::size_t files = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir_)) files += e.is_regular_file() ? 1 : 0;
  EXPECT_EQ(files, 0u) << "a cancelled backup leaves nothing in the location";
}

}  // namespace
}  // namespace coffer::backup
