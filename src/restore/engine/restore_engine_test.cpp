#include "restore/engine/restore_engine.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

#include "backup/archive/tar_gz.h"
#include "backup/engine/backup_engine.h"
#include "common/random_id.h"
#include "httpserver/http_server.h"
#include "kubesim/api/api_core.h"
#include "kubesim/controllers/controller_manager.h"
#include "kubesim/server/api_handler.h"

namespace coffer::restore {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

// An in-process kubesim (API, controllers, scheduler, kubelets) served over plain HTTP, and a
// KubeClient for it.
class Sim {
 public:
  explicit Sim(const fs::path& data_dir) {
    store_ = std::make_unique<kubesim::ObjectStore>(kubesim::StoreOptions{});
    registry_ = std::make_unique<kubesim::ResourceRegistry>();
    kubesim::ClusterSettings settings;
    settings.data_dir = data_dir;
    settings.ca_cert_pem = "-----BEGIN CERTIFICATE-----\nMIIBrestoretest\n-----END CERTIFICATE-----\n";
    core_ = std::make_unique<kubesim::ApiCore>(*store_, *registry_, settings);
    manager_ = std::make_unique<kubesim::ControllerManager>(*core_);
    manager_->start();
    kubesim::AuthSettings auth;
    auth.admin_token = "admin-" + random_token(16);
    server_ = std::make_unique<http::Server>(http::ServerOptions{}, [this](http::Request& req, http::ResponseWriter& out) {
      handler_->handle(req, out);
    });
    // The handler is in place before the first client exists, so no request sees it missing.
    handler_ = std::make_unique<kubesim::ApiHandler>(*core_, auth, "127.0.0.1:0");
    server_->start();
    kube::RestConfig c;
    c.server = "http://127.0.0.1:" + std::to_string(server_->port());
    c.token = auth.admin_token;
    kube::ClientOptions co;
    co.qps = 0;
    co.backoff_base = std::chrono::milliseconds(1);
    client_ = std::make_unique<kube::KubeClient>(c, co);
    write_.field_manager = "restore-engine-test";
  }
  ~Sim() {
    client_.reset();
    store_->interrupt();
    server_->stop();
    manager_->stop();
  }

  kube::KubeClient& client() { return *client_; }
  kubesim::ResourceType type(const std::string& group, const std::string& resource) {
    return core_->type(group, resource);
  }
  json create(const std::string& group, const std::string& resource, const std::string& ns, json body) {
    return core_->create(type(group, resource), ns, std::move(body), write_);
  }
  std::optional<json> get(const std::string& group, const std::string& resource, const std::string& ns,
                          const std::string& name) {
    return core_->find_json(type(group, resource), ns, name);
  }
  std::vector<json> list(const std::string& group, const std::string& resource, const std::string& ns,
                         const std::string& selector = "") {
    return core_->list_json(type(group, resource), ns, selector);
  }
  void merge_patch(const std::string& group, const std::string& resource, const std::string& ns,
                   const std::string& name, const json& patch) {
    core_->patch(type(group, resource), ns, name, kubesim::PatchType::Merge, patch.dump(), write_);
  }
  void merge_patch_status(const std::string& group, const std::string& resource, const std::string& ns,
                          const std::string& name, const json& patch) {
    core_->patch(type(group, resource), ns, name, kubesim::PatchType::Merge, patch.dump(), write_,
                 kubesim::Subresource::Status);
  }
  void remove(const std::string& group, const std::string& resource, const std::string& ns, const std::string& name) {
    core_->remove(type(group, resource), ns, name, kubesim::DeleteOptions{});
  }

 private:
  std::unique_ptr<kubesim::ObjectStore> store_;
  std::unique_ptr<kubesim::ResourceRegistry> registry_;
  std::unique_ptr<kubesim::ApiCore> core_;
  std::unique_ptr<kubesim::ControllerManager> manager_;
  std::unique_ptr<kubesim::ApiHandler> handler_;
  std::unique_ptr<http::Server> server_;
  std::unique_ptr<kube::KubeClient> client_;
  kubesim::WriteOptions write_;
};

// Polls `condition` until it holds or the deadline passes; returns its last value.
bool wait_for(const std::function<bool()>& condition, std::chrono::milliseconds timeout = 30s) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return condition();
    std::this_thread::sleep_for(10ms);
  }
}

std::string key(const ItemOutcome& o) {
  return o.group_resource + " " + (o.namespace_.empty() ? "" : o.namespace_ + "/") + o.name;
}

std::map<std::string, ItemOutcome> by_key(const RestoreOutcome& out) {
  std::map<std::string, ItemOutcome> m;
  for (const auto& o : out.items) {
    EXPECT_TRUE(m.emplace(key(o), o).second) << "listed twice: " << key(o);
  }
  return m;
}

std::string dump_items(const RestoreOutcome& out) {
  std::string s;
  for (const auto& o : out.items) s += key(o) + ": " + o.action + (o.reason.empty() ? "" : " (" + o.reason + ")") + "\n";
  return s;
}

// Skipped when the plan was made (owned, controller-managed, cluster-published), not after
// looking at the target.
bool plan_skip(const ItemOutcome& o) {
  return o.action == "skip" && o.reason != "identical" && o.reason.rfind("exists and differs", 0) != 0;
}

bool has_restore_label(const json& obj) {
  return obj.contains("metadata") && obj["metadata"].contains("labels") &&
         obj["metadata"]["labels"].contains("velero.io/restore-name");
}

class RestoreEngineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("restore-engine-test-" + random_alnum(10));
    fs::create_directories(dir_ / "bsl");
    fs::create_directories(dir_ / "kubesim");
    sim_ = new Sim(dir_ / "kubesim");
    store_ = storage::open_location("file://" + (dir_ / "bsl").string()).release();
    seed_and_back_up();
  }
  static void TearDownTestSuite() {
    delete sim_;
    sim_ = nullptr;
    delete store_;
    store_ = nullptr;
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // Namespace shop: a Deployment (2 replicas, so the backup holds its ReplicaSet and Pods), a
  // ConfigMap, a Secret and a Service; backed up as "nightly".
  static void seed_and_back_up() {
    Sim& s = *sim_;
    s.create("", "namespaces", "", {{"metadata", {{"name", "shop"}, {"labels", {{"team", "payments"}}}}}});
    s.create("", "configmaps", "shop",
             {{"metadata", {{"name", "settings"}, {"labels", {{"app", "web"}}}}}, {"data", {{"color", "blue"}, {"size", "L"}}}});
    s.create("", "secrets", "shop",
             {{"metadata", {{"name", "creds"}}}, {"type", "Opaque"}, {"data", {{"password", "aHVudGVyMg=="}}}});
    s.create("", "services", "shop",
             {{"metadata", {{"name", "web"}, {"labels", {{"app", "web"}}}}},
              {"spec", {{"selector", {{"app", "web"}}}, {"ports", {{{"port", 80}, {"targetPort", 8080}}}}}}});
    json deployment = {
        {"metadata", {{"name", "web"}, {"labels", {{"app", "web"}}}}},
        {"spec",
         {{"replicas", 2},
          {"selector", {{"matchLabels", {{"app", "web"}}}}},
          {"template",
           {{"metadata", {{"labels", {{"app", "web"}}}}},
            {"spec", {{"containers", {{{"name", "app"}, {"image", "nginx:1.25"}}}}}}}}}}};
    s.create("apps", "deployments", "shop", deployment);
    ASSERT_TRUE(wait_for([&] {
      return s.list("apps", "replicasets", "shop").size() == 1 && s.list("", "pods", "shop").size() == 2 &&
             s.get("", "serviceaccounts", "shop", "default") && s.get("", "configmaps", "shop", "kube-root-ca.crt");
    })) << "the deployment did not come up";

    backup::BackupSpec spec;
    spec.name = "nightly";
    spec.included_namespaces = {"shop"};
    backup::EngineOptions options;
    auto out = backup::run_backup(&s.client(), *store_, spec, options);
    ASSERT_EQ(out.phase, "Completed") << out.backup.dump(2);
  }

  static RestoreSpec spec(const std::string& name) {
    RestoreSpec s;
    s.name = name;
    s.backup_name = "nightly";
    return s;
  }

  static RestoreOutcome restore(RestoreSpec spec, RestoreOptions options = {}) {
    options.workers = 4;
    if (!options_keep_timeouts_) options.crd_ready_timeout = 30s;
    options.terminating_namespace_timeout = 30s;
    return run_restore(&sim_->client(), *store_, std::move(spec), options);
  }

  static std::vector<std::string> keys_under(const std::string& prefix) {
    std::vector<std::string> out;
    for (const auto& o : store_->list(prefix)) out.push_back(o.key);
    return out;
  }

  static inline bool options_keep_timeouts_ = false;
  static inline fs::path dir_;
  static inline Sim* sim_ = nullptr;
  static inline storage::ObjectStore* store_ = nullptr;
};

TEST_F(RestoreEngineTest, RestoreIntoMappedNamespace) {
  RestoreSpec s = spec("into-copy");
  s.namespace_mapping = {{"shop", "shop-copy"}};
  std::mutex progress_mu;
  std::vector<RestoreProgress> progress;
  RestoreOptions o;
  o.on_progress = [&](const RestoreProgress& p) {
    std::lock_guard lock(progress_mu);
    progress.push_back(p);
  };
  RestoreOutcome out = restore(s, o);
  ASSERT_EQ(out.phase, "Completed") << out.restore.dump(2) << dump_items(out);
  ASSERT_GE(progress.size(), 2u);
  EXPECT_EQ(progress.front().phase, "InProgress");
  EXPECT_EQ(progress.back().phase, "Completed");
  EXPECT_EQ(progress.back().items_restored, out.items.size());
  EXPECT_EQ(progress.back().total_items, out.items.size());
  EXPECT_EQ(out.progress.items_restored, out.items.size());
  EXPECT_TRUE(out.stored);
  auto items = by_key(out);
  for (const char* k : {"namespaces shop-copy", "configmaps shop-copy/settings", "secrets shop-copy/creds",
                        "services shop-copy/web", "deployments.apps shop-copy/web"}) {
    ASSERT_TRUE(items.count(k)) << k << "\n" << dump_items(out);
    EXPECT_EQ(items[k].action, "create") << k << ": " << items[k].reason;
  }
  for (const auto& [k, o] : items) {
    if (o.group_resource == "replicasets.apps" || o.group_resource == "pods") {
      EXPECT_EQ(o.action, "skip") << k;
      EXPECT_NE(o.reason.find("owned by"), std::string::npos) << k << ": " << o.reason;
    }
  }
  EXPECT_EQ(items["deployments.apps shop-copy/web"].api_version, "apps/v1");
  EXPECT_EQ(items["deployments.apps shop-copy/web"].kind, "Deployment");

  Sim& sim = *sim_;
  auto ns = sim.get("", "namespaces", "", "shop-copy");
  ASSERT_TRUE(ns);
  EXPECT_EQ((*ns)["metadata"]["labels"]["team"], "payments");
  EXPECT_EQ((*ns)["metadata"]["labels"]["kubernetes.io/metadata.name"], "shop-copy");
  for (auto [group, resource, name] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"", "configmaps", "settings"}, {"", "secrets", "creds"}, {"", "services", "web"}, {"apps", "deployments", "web"}}) {
    auto obj = sim.get(group, resource, "shop-copy", name);
    ASSERT_TRUE(obj) << resource << " " << name;
    EXPECT_EQ((*obj)["metadata"]["labels"]["velero.io/backup-name"], "nightly") << resource;
    EXPECT_EQ((*obj)["metadata"]["labels"]["velero.io/restore-name"], "into-copy") << resource;
  }
  EXPECT_EQ((*sim.get("", "configmaps", "shop-copy", "settings"))["data"], (json{{"color", "blue"}, {"size", "L"}}));
  EXPECT_EQ((*sim.get("", "secrets", "shop-copy", "creds"))["data"]["password"], "aHVudGVyMg==");
  // The Service got a new cluster IP (the backed-up one was dropped) -- it exists and has one.
  EXPECT_TRUE((*sim.get("", "services", "shop-copy", "web"))["spec"].contains("clusterIP"));

  // The workload exists once: the Deployment's controller makes one ReplicaSet and two Pods;
  // none of them was created by the restore.
  EXPECT_TRUE(wait_for([&] {
    return sim.list("apps", "replicasets", "shop-copy").size() == 1 && sim.list("", "pods", "shop-copy").size() == 2;
  })) << sim.list("apps", "replicasets", "shop-copy").size() << " replicasets, "
      << sim.list("", "pods", "shop-copy").size() << " pods";
  for (const auto& rs : sim.list("apps", "replicasets", "shop-copy")) EXPECT_FALSE(has_restore_label(rs)) << rs.dump();
  for (const auto& pod : sim.list("", "pods", "shop-copy")) EXPECT_FALSE(has_restore_label(pod)) << pod.dump();
  // The source namespace is untouched.
  EXPECT_EQ(sim.list("", "pods", "shop").size(), 2u);
  EXPECT_FALSE(has_restore_label(*sim.get("", "configmaps", "shop", "settings")));

  // Stored results, in Velero's layout.
  for (const char* suffix : {"-resource-list.json.gz", "-results.gz", "-logs.gz", ".json"})
    EXPECT_TRUE(store_->exists("restores/into-copy/restore-into-copy" + std::string(suffix))) << suffix;
  json list = json::parse(backup::gzip_decompress(store_->get("restores/into-copy/restore-into-copy-resource-list.json.gz")));
  EXPECT_EQ(list["v1/ConfigMap"].size(), 2u) << list.dump(2);  // settings and kube-root-ca.crt
  EXPECT_NE(std::find(list["v1/ConfigMap"].begin(), list["v1/ConfigMap"].end(), "shop-copy/settings(created)"),
            list["v1/ConfigMap"].end())
      << list.dump(2);
  EXPECT_EQ(list["apps/v1/Deployment"], json::array({"shop-copy/web(created)"}));
  EXPECT_EQ(list["v1/Namespace"], json::array({"shop-copy(created)"}));
  json results = json::parse(backup::gzip_decompress(store_->get("restores/into-copy/restore-into-copy-results.gz")));
  EXPECT_TRUE(results.contains("warnings"));
  EXPECT_TRUE(results.contains("errors"));
  EXPECT_FALSE(backup::gzip_decompress(store_->get("restores/into-copy/restore-into-copy-logs.gz")).empty());
  json record = read_restore_record(*store_, "into-copy");
  EXPECT_EQ(record["kind"], "Restore");
  EXPECT_EQ(record["apiVersion"], "velero.io/v1");
  EXPECT_EQ(record["status"]["phase"], "Completed");
  EXPECT_EQ(record["spec"]["backupName"], "nightly");
  EXPECT_EQ(record["spec"]["namespaceMapping"]["shop"], "shop-copy");
  EXPECT_EQ(record["status"]["progress"]["totalItems"], out.items.size());
  EXPECT_EQ(record["status"]["progress"]["itemsRestored"], out.items.size());
}

TEST_F(RestoreEngineTest, ExistingObjectsIdenticalDifferentAndUpdated) {
  Sim& sim = *sim_;
  RestoreSpec s = spec("over-1");
  s.namespace_mapping = {{"shop", "shop-over"}};
  ASSERT_EQ(restore(s).phase, "Completed");

  // Again over what the first restore created: every object is identical.
  s.name = "over-2";
  RestoreOutcome again = restore(s);
  ASSERT_EQ(again.phase, "Completed") << dump_items(again);
  EXPECT_EQ(again.progress.warnings, 0u) << dump_items(again);
  for (const auto& o : again.items) {
    if (plan_skip(o)) continue;
    EXPECT_EQ(o.action, "skip") << key(o) << " " << o.reason << "\n" << o.diff;
    EXPECT_EQ(o.reason, "identical") << key(o) << "\n" << o.diff;
  }
  for (const char* k : {"namespaces shop-over", "configmaps shop-over/settings", "secrets shop-over/creds",
                        "services shop-over/web", "deployments.apps shop-over/web", "serviceaccounts shop-over/default"})
    EXPECT_EQ(by_key(again)[k].reason, "identical") << k;
  // And over the backup's own source objects, which are unchanged since the backup.
  RestoreOutcome source = restore(spec("over-source"));
  ASSERT_EQ(source.phase, "Completed") << dump_items(source);
  for (const auto& o : source.items) {
    if (plan_skip(o)) continue;
    EXPECT_EQ(o.reason, "identical") << key(o) << " " << o.action << "\n" << o.diff;
  }

  // A changed ConfigMap is left alone, with a warning.
  sim.merge_patch("", "configmaps", "shop-over", "settings", {{"data", {{"color", "red"}, {"extra", "1"}}}});
  s.name = "over-3";
  RestoreOutcome differs = restore(s);
  ASSERT_EQ(differs.phase, "Completed") << dump_items(differs);
  auto items = by_key(differs);
  const ItemOutcome& cm = items["configmaps shop-over/settings"];
  EXPECT_EQ(cm.action, "skip");
  EXPECT_EQ(cm.reason.rfind("exists and differs", 0), 0u) << cm.reason;
  EXPECT_NE(cm.diff.find("red"), std::string::npos) << cm.diff;
  EXPECT_GE(differs.progress.warnings, 1u);
  EXPECT_GE(differs.restore["status"].value("warnings", 0), 1);
  EXPECT_EQ(items["secrets shop-over/creds"].reason, "identical");
  EXPECT_EQ((*sim.get("", "configmaps", "shop-over", "settings"))["data"]["color"], "red");
  json results = json::parse(backup::gzip_decompress(store_->get("restores/over-3/restore-over-3-results.gz")));
  EXPECT_NE(results["warnings"].dump().find("already exists"), std::string::npos) << results.dump(2);

  // existingResourcePolicy update puts the backed-up version back.
  s.name = "over-4";
  s.existing_resource_policy = "update";
  RestoreOutcome updated = restore(s);
  ASSERT_EQ(updated.phase, "Completed") << dump_items(updated);
  items = by_key(updated);
  EXPECT_EQ(items["configmaps shop-over/settings"].action, "update") << items["configmaps shop-over/settings"].reason;
  EXPECT_EQ(items["secrets shop-over/creds"].action, "skip");
  json live = *sim.get("", "configmaps", "shop-over", "settings");
  EXPECT_EQ(live["data"], (json{{"color", "blue"}, {"size", "L"}}));
  EXPECT_EQ(live["metadata"]["labels"]["velero.io/restore-name"], "over-4");
  EXPECT_EQ(live["metadata"]["labels"]["app"], "web");
  json list = json::parse(backup::gzip_decompress(store_->get("restores/over-4/restore-over-4-resource-list.json.gz")));
  EXPECT_NE(std::find(list["v1/ConfigMap"].begin(), list["v1/ConfigMap"].end(), "shop-over/settings(updated)"),
            list["v1/ConfigMap"].end())
      << list.dump(2);
}

std::map<std::string, std::string> actions(const RestoreOutcome& out, const std::set<std::string>& ignore = {}) {
  std::map<std::string, std::string> m;
  for (const auto& o : out.items)
    if (!ignore.count(key(o))) m[key(o)] = o.action + (o.reason.rfind("exists and differs", 0) == 0 ? " differs" : o.reason == "identical" ? " identical" : "");
  return m;
}

TEST_F(RestoreEngineTest, PreviewMatchesTheRestoreAndWritesNothing) {
  Sim& sim = *sim_;
  // Into a namespace that does not exist yet.
  RestoreSpec s = spec("preview-new");
  s.namespace_mapping = {{"shop", "shop-preview"}};
  RestoreOptions preview;
  preview.preview = true;
  RestoreOutcome p = restore(s, preview);
  ASSERT_EQ(p.phase, "Completed") << dump_items(p);
  EXPECT_FALSE(p.stored);
  EXPECT_FALSE(sim.get("", "namespaces", "", "shop-preview"));
  EXPECT_TRUE(keys_under("restores/preview-new/").empty());
  for (const auto& o : p.items)
    if (!plan_skip(o) && key(o) != "serviceaccounts shop-preview/default") {
      EXPECT_EQ(o.action, "create") << key(o) << " " << o.reason;
    }
  EXPECT_EQ(by_key(p)["configmaps shop-preview/settings"].action, "create");

  RestoreOutcome real = restore(s);
  ASSERT_EQ(real.phase, "Completed") << dump_items(real);
  // The service account controller creates "default" in every new namespace, racing the restore.
  std::set<std::string> raced = {"serviceaccounts shop-preview/default"};
  EXPECT_EQ(actions(p, raced), actions(real, raced));
  EXPECT_EQ(p.items.size(), real.items.size());

  // Over existing objects: one changed, one deleted.
  sim.merge_patch("", "configmaps", "shop-preview", "settings", {{"data", {{"color", "green"}}}});
  sim.remove("", "secrets", "shop-preview", "creds");
  ASSERT_TRUE(wait_for([&] { return !sim.get("", "secrets", "shop-preview", "creds"); }));
  s.name = "preview-existing";
  s.existing_resource_policy = "update";
  RestoreOutcome p2 = restore(s, preview);
  ASSERT_EQ(p2.phase, "Completed") << dump_items(p2);
  auto items = by_key(p2);
  EXPECT_EQ(items["configmaps shop-preview/settings"].action, "update");
  EXPECT_NE(items["configmaps shop-preview/settings"].diff.find("green"), std::string::npos);
  EXPECT_EQ(items["secrets shop-preview/creds"].action, "create");
  EXPECT_EQ(items["services shop-preview/web"].reason, "identical");
  // Nothing was written.
  EXPECT_FALSE(sim.get("", "secrets", "shop-preview", "creds"));
  EXPECT_EQ((*sim.get("", "configmaps", "shop-preview", "settings"))["data"]["color"], "green");
  EXPECT_TRUE(keys_under("restores/preview-existing/").empty());

  RestoreOutcome real2 = restore(s);
  ASSERT_EQ(real2.phase, "Completed") << dump_items(real2);
  EXPECT_EQ(actions(p2), actions(real2));
  EXPECT_TRUE(sim.get("", "secrets", "shop-preview", "creds"));
  EXPECT_EQ((*sim.get("", "configmaps", "shop-preview", "settings"))["data"]["color"], "blue");
}

TEST_F(RestoreEngineTest, ValidationFailuresTouchNothing) {
  Sim& sim = *sim_;
  auto untouched = [&](const RestoreOutcome& out, const std::string& name) {
    EXPECT_EQ(out.phase, "FailedValidation");
    EXPECT_FALSE(out.validation_errors.empty());
    EXPECT_FALSE(out.stored);
    EXPECT_TRUE(out.items.empty()) << dump_items(out);
    EXPECT_FALSE(sim.get("", "namespaces", "", "shop-invalid"));
    EXPECT_EQ(out.restore["status"]["phase"], "FailedValidation");
    if (!name.empty()) {
      EXPECT_TRUE(keys_under("restores/" + name + "/").empty()) << name;
    }
  };

  RestoreSpec missing = spec("missing-backup");
  missing.backup_name = "no-such-backup";
  missing.namespace_mapping = {{"shop", "shop-invalid"}};
  RestoreOutcome out = restore(missing);
  untouched(out, "missing-backup");
  ASSERT_FALSE(out.validation_errors.empty());
  EXPECT_NE(out.validation_errors[0].find("no-such-backup"), std::string::npos) << out.validation_errors[0];

  RestoreSpec bad = spec("bad-spec");
  bad.schedule_name = "daily";  // both backupName and scheduleName
  bad.namespace_mapping = {{"shop", "shop-invalid"}};
  untouched(restore(bad), "bad-spec");
  RestoreSpec bad_policy = spec("bad-policy");
  bad_policy.existing_resource_policy = "overwrite";
  bad_policy.namespace_mapping = {{"shop", "shop-invalid"}};
  untouched(restore(bad_policy), "bad-policy");

  // A name already used in the location: the earlier restore's files stay as they were.
  RestoreSpec first = spec("taken");
  first.included_items = {"configmaps/shop/settings"};
  first.namespace_mapping = {{"shop", "shop-taken"}};
  ASSERT_EQ(restore(first).phase, "Completed");
  std::string record_before = store_->get("restores/taken/restore-taken.json");
  RestoreSpec dup = spec("taken");
  dup.namespace_mapping = {{"shop", "shop-invalid"}};
  RestoreOutcome again = restore(dup);
  untouched(again, "");
  EXPECT_NE(again.validation_errors[0].find("already exists"), std::string::npos) << again.validation_errors[0];
  EXPECT_EQ(store_->get("restores/taken/restore-taken.json"), record_before);

  // Backups that cannot be restored: not finished, or written by a newer format.
  for (auto [name, field, value] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"unfinished", "phase", "InProgress"}, {"failed-backup", "phase", "Failed"}, {"future", "formatVersion", "2.0.0"}}) {
    backup::BackupSpec b;
    b.name = name;
    b.included_namespaces = {"shop"};
    b.included_resources = {"configmaps"};
    ASSERT_EQ(backup::run_backup(&sim.client(), *store_, b, backup::EngineOptions{}).phase, "Completed");
    std::string key = "backups/" + name + "/velero-backup.json";
    json record = json::parse(store_->get(key));
    record["status"][field] = value;
    store_->put(key, record.dump(2));
    RestoreSpec r = spec("from-" + name);
    r.backup_name = name;
    r.namespace_mapping = {{"shop", "shop-invalid"}};
    RestoreOutcome o = restore(r);
    untouched(o, "from-" + name);
    ASSERT_FALSE(o.validation_errors.empty());
    EXPECT_NE(o.validation_errors[0].find(value), std::string::npos) << o.validation_errors[0];
  }

  // Resource modifiers that do not parse.
  RestoreSpec mods = spec("bad-modifiers");
  mods.namespace_mapping = {{"shop", "shop-invalid"}};
  RestoreOptions o;
  o.resource_modifiers_text = "version: v1\nresourceModifierRules: [{conditions: {}}]\n";
  untouched(restore(mods, o), "bad-modifiers");
}

TEST_F(RestoreEngineTest, MappingThatMergesNamespacesFailsValidation) {
  Sim& sim = *sim_;
  sim.create("", "namespaces", "", {{"metadata", {{"name", "merge-a"}}}});
  sim.create("", "namespaces", "", {{"metadata", {{"name", "merge-b"}}}});
  sim.create("", "configmaps", "merge-a", {{"metadata", {{"name", "a"}}}, {"data", {{"k", "a"}}}});
  sim.create("", "configmaps", "merge-b", {{"metadata", {{"name", "b"}}}, {"data", {{"k", "b"}}}});
  backup::BackupSpec b;
  b.name = "merge-backup";
  b.included_namespaces = {"merge-a", "merge-b"};
  ASSERT_EQ(backup::run_backup(&sim.client(), *store_, b, backup::EngineOptions{}).phase, "Completed");
  sim.remove("", "configmaps", "merge-b", "b");

  RestoreSpec s = spec("merge-restore");
  s.backup_name = "merge-backup";
  s.namespace_mapping = {{"merge-a", "merge-b"}};
  RestoreOutcome out = restore(s);
  EXPECT_EQ(out.phase, "FailedValidation") << dump_items(out);
  ASSERT_FALSE(out.validation_errors.empty());
  EXPECT_NE(out.validation_errors[0].find("merge-b"), std::string::npos) << out.validation_errors[0];
  EXPECT_TRUE(out.items.empty());
  EXPECT_FALSE(sim.get("", "configmaps", "merge-b", "a"));
  EXPECT_FALSE(sim.get("", "configmaps", "merge-b", "b"));
  EXPECT_TRUE(keys_under("restores/merge-restore/").empty());
}

TEST_F(RestoreEngineTest, ResourceModifiersApplied) {
  Sim& sim = *sim_;
  RestoreSpec s = spec("modified");
  s.namespace_mapping = {{"shop", "shop-modified"}};
  RestoreOptions o;
  o.resource_modifiers_text = json{{"version", "v1"},
                                   {"resourceModifierRules",
                                    {{{"conditions", {{"groupResource", "configmaps"}, {"resourceNameRegex", "^settings$"}}},
                                      {"patches",
                                       {{{"operation", "replace"}, {"path", "/data/color"}, {"value", "purple"}},
                                        {{"operation", "remove"}, {"path", "/data/size"}}}}}}}}
                                  .dump();
  RestoreOutcome out = restore(s, o);
  ASSERT_EQ(out.phase, "Completed") << dump_items(out);
  json cm = *sim.get("", "configmaps", "shop-modified", "settings");
  EXPECT_EQ(cm["data"], (json{{"color", "purple"}}));
  EXPECT_EQ(cm["metadata"]["labels"]["velero.io/restore-name"], "modified");
  // Other objects untouched by the rule.
  EXPECT_EQ((*sim.get("", "secrets", "shop-modified", "creds"))["data"]["password"], "aHVudGVyMg==");

  // Restoring again with the same modifiers compares the modified object: identical.
  s.name = "modified-again";
  RestoreOutcome again = restore(s, o);
  ASSERT_EQ(again.phase, "Completed");
  EXPECT_EQ(by_key(again)["configmaps shop-modified/settings"].reason, "identical");
}

TEST_F(RestoreEngineTest, ResourceModifiersFromAConfigMap) {
  Sim& sim = *sim_;
  if (!sim.get("", "namespaces", "", "velero")) sim.create("", "namespaces", "", {{"metadata", {{"name", "velero"}}}});
  sim.create("", "configmaps", "velero",
             {{"metadata", {{"name", "restore-rules"}}},
              {"data",
               {{"rules.yaml",
                 "version: v1\nresourceModifierRules:\n- conditions:\n    groupResource: configmaps\n"
                 "    resourceNameRegex: \"^settings$\"\n  mergePatches:\n  - patchData: '{\"data\":{\"color\":\"teal\"}}'\n"}}}});
  RestoreSpec s = spec("modified-by-configmap");
  s.namespace_mapping = {{"shop", "shop-teal"}};
  s.resource_modifier = ResourceModifierRef{"ConfigMap", "restore-rules", ""};
  RestoreOutcome out = restore(s);
  ASSERT_EQ(out.phase, "Completed") << out.restore.dump(2) << dump_items(out);
  EXPECT_EQ((*sim.get("", "configmaps", "shop-teal", "settings"))["data"], (json{{"color", "teal"}, {"size", "L"}}));

  // A ConfigMap that does not exist fails validation before anything is written.
  s.name = "modified-by-nothing";
  s.namespace_mapping = {{"shop", "shop-nothing"}};
  s.resource_modifier = ResourceModifierRef{"ConfigMap", "no-such-rules", ""};
  out = restore(s);
  EXPECT_EQ(out.phase, "FailedValidation");
  ASSERT_FALSE(out.validation_errors.empty());
  EXPECT_NE(out.validation_errors[0].find("no-such-rules"), std::string::npos) << out.validation_errors[0];
  EXPECT_FALSE(sim.get("", "namespaces", "", "shop-nothing"));
  EXPECT_TRUE(keys_under("restores/modified-by-nothing/").empty());
}

TEST_F(RestoreEngineTest, ScheduleRestoresItsLatestCompletedBackup) {
  Sim& sim = *sim_;
  auto back_up = [&](const std::string& name, const std::string& start, const std::string& phase) {
    backup::BackupSpec b;
    b.name = name;
    b.included_namespaces = {"shop"};
    b.included_resources = {"configmaps"};
    b.labels = {{"velero.io/schedule-name", "daily"}};
    ASSERT_EQ(backup::run_backup(&sim.client(), *store_, b, backup::EngineOptions{}).phase, "Completed");
    // Fixed start times (and phases), so the order does not depend on the clock.
    std::string key = "backups/" + name + "/velero-backup.json";
    json record = json::parse(store_->get(key));
    record["status"]["startTimestamp"] = start;
    record["status"]["phase"] = phase;
    store_->put(key, record.dump(2));
  };
  back_up("daily-20260103", "2026-01-03T00:00:00Z", "Completed");
  back_up("daily-20260105", "2026-01-05T00:00:00Z", "PartiallyFailed");
  back_up("daily-20260104", "2026-01-04T00:00:00Z", "Completed");
  back_up("daily-20260102", "2026-01-02T00:00:00Z", "Completed");
  RestoreSpec s = spec("from-schedule");
  s.backup_name.clear();
  s.schedule_name = "daily";
  s.namespace_mapping = {{"shop", "shop-daily"}};
  RestoreOutcome out = restore(s);
  ASSERT_EQ(out.phase, "Completed") << out.restore.dump(2);
  EXPECT_EQ(out.restore["spec"]["backupName"], "daily-20260104");
  EXPECT_EQ(out.restore["spec"]["scheduleName"], "daily");
  EXPECT_EQ((*sim.get("", "configmaps", "shop-daily", "settings"))["metadata"]["labels"]["velero.io/backup-name"],
            "daily-20260104");

  s.name = "from-no-schedule";
  s.schedule_name = "weekly";
  out = restore(s);
  EXPECT_EQ(out.phase, "FailedValidation");
}

TEST_F(RestoreEngineTest, IncludedItemsRestoresOnlyTheNamedItem) {
  Sim& sim = *sim_;
  RestoreSpec s = spec("one-item");
  s.namespace_mapping = {{"shop", "shop-one"}};
  s.included_items = {"configmaps/shop/settings"};
  RestoreOutcome out = restore(s);
  ASSERT_EQ(out.phase, "Completed") << dump_items(out);
  std::set<std::string> keys;
  for (const auto& o : out.items) keys.insert(key(o) + " " + o.action);
  EXPECT_EQ(keys, (std::set<std::string>{"configmaps shop-one/settings create", "namespaces shop-one create"}));
  EXPECT_TRUE(sim.get("", "configmaps", "shop-one", "settings"));
  EXPECT_EQ((*sim.get("", "namespaces", "", "shop-one"))["metadata"]["labels"]["team"], "payments");
  EXPECT_FALSE(sim.get("", "secrets", "shop-one", "creds"));
  EXPECT_FALSE(sim.get("", "services", "shop-one", "web"));
  EXPECT_TRUE(sim.list("apps", "deployments", "shop-one").empty());
}

TEST_F(RestoreEngineTest, CustomResourcesComeWithTheirDefinition) {
  Sim& sim = *sim_;
  json crd = json::parse(R"({
    "apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
    "metadata":{"name":"gizmos.example.com"},
    "spec":{"group":"example.com","scope":"Namespaced",
      "names":{"plural":"gizmos","singular":"gizmo","kind":"Gizmo"},
      "versions":[{"name":"v1","served":true,"storage":true,"subresources":{"status":{}},
        "schema":{"openAPIV3Schema":{"type":"object","properties":{"spec":{"type":"object","properties":{"size":{"type":"integer"}}},"status":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}}}]}})");
  sim.create("apiextensions.k8s.io", "customresourcedefinitions", "", crd);
  sim.create("", "namespaces", "", {{"metadata", {{"name", "lab"}}}});
  sim.create("example.com", "gizmos", "lab",
             {{"apiVersion", "example.com/v1"}, {"kind", "Gizmo"}, {"metadata", {{"name", "g1"}}}, {"spec", {{"size", 3}}}});
  sim.merge_patch_status("example.com", "gizmos", "lab", "g1", {{"status", {{"ready", true}}}});
  ASSERT_EQ((*sim.get("example.com", "gizmos", "lab", "g1"))["status"]["ready"], true);
  backup::BackupSpec bspec;
  bspec.name = "lab-backup";
  bspec.included_namespaces = {"lab"};
  ASSERT_EQ(backup::run_backup(&sim.client(), *store_, bspec, backup::EngineOptions{}).phase, "Completed");
  // The target lacks the definition.
  sim.remove("apiextensions.k8s.io", "customresourcedefinitions", "", "gizmos.example.com");
  ASSERT_TRUE(wait_for([&] { return !sim.get("apiextensions.k8s.io", "customresourcedefinitions", "", "gizmos.example.com"); }));

  RestoreSpec s = spec("lab-restore");
  s.backup_name = "lab-backup";
  s.namespace_mapping = {{"lab", "lab-copy"}};
  RestoreOptions preview;
  preview.preview = true;
  RestoreOutcome p = restore(s, preview);
  ASSERT_EQ(p.phase, "Completed") << dump_items(p);
  auto items = by_key(p);
  EXPECT_EQ(items["customresourcedefinitions.apiextensions.k8s.io gizmos.example.com"].action, "create");
  EXPECT_EQ(items["gizmos.example.com lab-copy/g1"].action, "create") << items["gizmos.example.com lab-copy/g1"].reason;
  EXPECT_FALSE(sim.get("apiextensions.k8s.io", "customresourcedefinitions", "", "gizmos.example.com"));

  RestoreOutcome real = restore(s);
  ASSERT_EQ(real.phase, "Completed") << dump_items(real);
  EXPECT_EQ(actions(p, {"serviceaccounts lab-copy/default"}), actions(real, {"serviceaccounts lab-copy/default"}));
  auto g1 = sim.get("example.com", "gizmos", "lab-copy", "g1");
  ASSERT_TRUE(g1);
  EXPECT_EQ((*g1)["spec"]["size"], 3);
  EXPECT_FALSE((*g1).contains("status") && (*g1)["status"].contains("ready"));  // status only with restoreStatus
  EXPECT_EQ(by_key(real)["gizmos.example.com lab-copy/g1"].api_version, "example.com/v1");

  // restoreStatus brings the status back through /status.
  s.name = "lab-status";
  s.namespace_mapping = {{"lab", "lab-status"}};
  s.restore_status = RestoreStatusSpec{{"gizmos.example.com"}, {}};
  ASSERT_EQ(restore(s).phase, "Completed");
  g1 = sim.get("example.com", "gizmos", "lab-status", "g1");
  ASSERT_TRUE(g1);
  EXPECT_EQ((*g1)["status"]["ready"], true);
}

TEST_F(RestoreEngineTest, FailedDefinitionIsNotAwaited) {
  Sim& sim = *sim_;
  json crd = json::parse(R"({
    "apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
    "metadata":{"name":"doodads.example.com"},
    "spec":{"group":"example.com","scope":"Namespaced",
      "names":{"plural":"doodads","singular":"doodad","kind":"Doodad"},
      "versions":[{"name":"v1","served":true,"storage":true,
        "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}})");
  sim.create("apiextensions.k8s.io", "customresourcedefinitions", "", crd);
  sim.create("", "namespaces", "", {{"metadata", {{"name", "doodad-lab"}}}});
  sim.create("example.com", "doodads", "doodad-lab",
             {{"apiVersion", "example.com/v1"}, {"kind", "Doodad"}, {"metadata", {{"name", "d1"}}}});
  backup::BackupSpec bspec;
  bspec.name = "doodad-backup";
  bspec.included_namespaces = {"doodad-lab"};
  ASSERT_EQ(backup::run_backup(&sim.client(), *store_, bspec, backup::EngineOptions{}).phase, "Completed");
  sim.remove("apiextensions.k8s.io", "customresourcedefinitions", "", "doodads.example.com");
  ASSERT_TRUE(wait_for([&] { return !sim.get("apiextensions.k8s.io", "customresourcedefinitions", "", "doodads.example.com"); }));

  // A modifier breaks the definition: the API server refuses it, so there is nothing to wait for.
  RestoreSpec s = spec("doodad-restore");
  s.backup_name = "doodad-backup";
  s.namespace_mapping = {{"doodad-lab", "doodad-copy"}};
  RestoreOptions o;
  o.crd_ready_timeout = 3s;
  o.resource_modifiers_text = json{{"version", "v1"},
                                   {"resourceModifierRules",
                                    {{{"conditions", {{"groupResource", "customresourcedefinitions.apiextensions.k8s.io"}}},
                                      {"patches", {{{"operation", "replace"}, {"path", "/spec/scope"}, {"value", "Galactic"}}}}}}}}
                                  .dump();
  std::vector<std::string> log;
  o.on_log = [&](const std::string& line) { log.push_back(line); };
  options_keep_timeouts_ = true;
  RestoreOutcome out = restore(s, o);
  options_keep_timeouts_ = false;
  EXPECT_EQ(out.phase, "PartiallyFailed") << dump_items(out);
  auto items = by_key(out);
  EXPECT_EQ(items["customresourcedefinitions.apiextensions.k8s.io doodads.example.com"].action, "fail");
  EXPECT_EQ(items["doodads.example.com doodad-copy/d1"].action, "fail");
  EXPECT_EQ(out.progress.warnings, 0u);
  for (const auto& line : log) EXPECT_EQ(line.find("not Established"), std::string::npos) << line;
}

TEST_F(RestoreEngineTest, BackupWithoutNamespaceObjects) {
  Sim& sim = *sim_;
  backup::BackupSpec bspec;
  bspec.name = "configmaps-only";
  bspec.included_namespaces = {"shop"};
  bspec.included_resources = {"configmaps"};
  ASSERT_EQ(backup::run_backup(&sim.client(), *store_, bspec, backup::EngineOptions{}).phase, "Completed");

  // Into a new namespace: created blank.
  RestoreSpec s = spec("cm-only-new");
  s.backup_name = "configmaps-only";
  s.namespace_mapping = {{"shop", "shop-blank"}};
  RestoreOutcome out = restore(s);
  ASSERT_EQ(out.phase, "Completed") << dump_items(out);
  EXPECT_EQ(by_key(out)["namespaces shop-blank"].action, "create") << dump_items(out);
  EXPECT_TRUE(sim.get("", "namespaces", "", "shop-blank"));
  EXPECT_EQ(by_key(out)["configmaps shop-blank/settings"].action, "create");

  // Into the existing source namespace: nothing to create, nothing to warn about.
  s.name = "cm-only-existing";
  s.namespace_mapping = {};
  out = restore(s);
  ASSERT_EQ(out.phase, "Completed") << dump_items(out);
  EXPECT_EQ(out.progress.warnings, 0u) << dump_items(out);
  for (const auto& o : out.items) EXPECT_TRUE(o.reason == "identical" || plan_skip(o)) << key(o) << ": " << o.action << " " << o.reason;
}

TEST_F(RestoreEngineTest, ClaimsAreProvisionedAnewAndCompareIdentical) {
  Sim& sim = *sim_;
  sim.create("", "namespaces", "", {{"metadata", {{"name", "vol"}}}});
  sim.create("", "persistentvolumeclaims", "vol",
             {{"metadata", {{"name", "data"}}},
              {"spec", {{"accessModes", {"ReadWriteOnce"}}, {"resources", {{"requests", {{"storage", "1Gi"}}}}}}}});
  auto bound = [&](const std::string& ns) {
    auto pvc = sim.get("", "persistentvolumeclaims", ns, "data");
    return pvc && (*pvc)["status"].value("phase", "") == "Bound";
  };
  ASSERT_TRUE(wait_for([&] { return bound("vol"); }));
  std::string old_pv = (*sim.get("", "persistentvolumeclaims", "vol", "data"))["spec"]["volumeName"];
  backup::BackupSpec b;
  b.name = "vol-backup";
  b.included_namespaces = {"vol"};
  ASSERT_EQ(backup::run_backup(&sim.client(), *store_, b, backup::EngineOptions{}).phase, "Completed");

  RestoreSpec s = spec("vol-restore");
  s.backup_name = "vol-backup";
  s.namespace_mapping = {{"vol", "vol-copy"}};
  RestoreOutcome out = restore(s);
  ASSERT_EQ(out.phase, "Completed") << dump_items(out);
  auto items = by_key(out);
  EXPECT_EQ(items["persistentvolumeclaims vol-copy/data"].action, "create");
  EXPECT_EQ(items["persistentvolumes " + old_pv].action, "skip") << dump_items(out);  // reclaim policy Delete
  ASSERT_TRUE(wait_for([&] { return bound("vol-copy"); }));
  EXPECT_NE((*sim.get("", "persistentvolumeclaims", "vol-copy", "data"))["spec"]["volumeName"], old_pv);

  s.name = "vol-again";
  out = restore(s);
  ASSERT_EQ(out.phase, "Completed") << dump_items(out);
  items = by_key(out);
  EXPECT_EQ(items["persistentvolumeclaims vol-copy/data"].reason, "identical") << items["persistentvolumeclaims vol-copy/data"].diff;
  EXPECT_EQ(out.progress.warnings, 0u) << dump_items(out);
}

TEST_F(RestoreEngineTest, NodePortServices) {
  Sim& sim = *sim_;
  sim.create("", "namespaces", "", {{"metadata", {{"name", "np"}}}});
  sim.create("", "services", "np",
             {{"metadata", {{"name", "front"}}},
              {"spec", {{"type", "NodePort"}, {"selector", {{"app", "front"}}}, {"ports", {{{"name", "http"}, {"port", 80}}}}}}});
  long long port = (*sim.get("", "services", "np", "front"))["spec"]["ports"][0]["nodePort"];
  backup::BackupSpec b;
  b.name = "np-backup";
  b.included_namespaces = {"np"};
  ASSERT_EQ(backup::run_backup(&sim.client(), *store_, b, backup::EngineOptions{}).phase, "Completed");

  // Into another namespace: a new node port (the backed-up one is taken).
  RestoreSpec s = spec("np-copy");
  s.backup_name = "np-backup";
  s.namespace_mapping = {{"np", "np-copy"}};
  RestoreOutcome out = restore(s);
  ASSERT_EQ(out.phase, "Completed") << dump_items(out);
  json copy = *sim.get("", "services", "np-copy", "front");
  EXPECT_NE(copy["spec"]["ports"][0]["nodePort"], port);

  // Over the original, keeping node ports: the same object, so identical.
  s.name = "np-over";
  s.namespace_mapping = {};
  s.preserve_node_ports = true;
  out = restore(s);
  ASSERT_EQ(out.phase, "Completed") << dump_items(out);
  EXPECT_EQ(by_key(out)["services np/front"].reason, "identical") << dump_items(out);
}

TEST_F(RestoreEngineTest, NoClusterFails) {
  RestoreSpec s = spec("no-cluster");
  RestoreOutcome out = run_restore(nullptr, *store_, s, RestoreOptions{}, "no kubeconfig found");
  EXPECT_EQ(out.phase, "Failed");
  EXPECT_EQ(out.restore["status"]["failureReason"], "no kubeconfig found");
}

TEST_F(RestoreEngineTest, CancelledRunWritesNothingMoreAndEndsFailed) {
  RestoreSpec s = spec("cancelled");
  s.namespace_mapping = {{"shop", "shop-cancelled"}};
  std::stop_source stop;
  RestoreOptions o;
  o.stop = stop.get_token();
  o.on_log = [&](const std::string& line) {  // cancelled once planned, before the first write
    if (line.find("Starting restore") != std::string::npos) stop.request_stop();
  };
  RestoreOutcome out = restore(s, o);
  EXPECT_EQ(out.phase, "Failed");
  EXPECT_NE(out.restore["status"].value("failureReason", "").find("cancelled"), std::string::npos)
      << out.restore.dump(2);
  EXPECT_THROW(sim_->client().get_json("/api/v1/namespaces/shop-cancelled"), kube::ApiError);
  EXPECT_TRUE(out.stored) << "the results and log of a cancelled restore are kept";
}

}  // namespace
}  // namespace coffer::restore
