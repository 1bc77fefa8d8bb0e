#include "restore/engine/restore_plan.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace coffer::restore {
namespace {

using nlohmann::json;

kube::ApiResource res(std::string group, std::string version, std::string name, std::string kind, bool namespaced,
                      std::vector<std::string> short_names = {}, bool preferred = true) {
  kube::ApiResource r;
  r.group = std::move(group);
  r.version = std::move(version);
  r.name = std::move(name);
  r.kind = std::move(kind);
  r.singular = r.kind;
  std::transform(r.singular.begin(), r.singular.end(), r.singular.begin(), ::tolower);
  r.namespaced = namespaced;
  r.verbs = {"create", "delete", "get", "list", "patch", "update", "watch"};
  r.short_names = std::move(short_names);
  r.preferred = preferred;
  return r;
}

std::vector<kube::ApiResource> target_types() {
  return {res("", "v1", "namespaces", "Namespace", false, {"ns"}),
          res("", "v1", "pods", "Pod", true, {"po"}),
          res("", "v1", "services", "Service", true, {"svc"}),
          res("", "v1", "endpoints", "Endpoints", true, {"ep"}),
          res("", "v1", "configmaps", "ConfigMap", true, {"cm"}),
          res("", "v1", "secrets", "Secret", true),
          res("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true, {"pvc"}),
          res("", "v1", "persistentvolumes", "PersistentVolume", false, {"pv"}),
          res("", "v1", "nodes", "Node", false, {"no"}),
          res("", "v1", "events", "Event", true, {"ev"}),
          res("apps", "v1", "deployments", "Deployment", true, {"deploy"}),
          res("apps", "v1", "replicasets", "ReplicaSet", true, {"rs"}),
          res("batch", "v1", "jobs", "Job", true),
          res("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false,
              {"crd", "crds"}),
          res("example.com", "v1", "widgets", "Widget", true, {"wd"}, true),
          res("example.com", "v1beta1", "widgets", "Widget", true, {"wd"}, false)};
}

std::string api_version_for(const std::string& gr, const std::string& version) {
  auto dot = gr.find('.');
  return dot == std::string::npos ? version : gr.substr(dot + 1) + "/" + version;
}

std::string kind_for(const std::string& gr) {
  static const std::map<std::string, std::string> kinds = {
      {"namespaces", "Namespace"},
      {"pods", "Pod"},
      {"services", "Service"},
      {"endpoints", "Endpoints"},
      {"configmaps", "ConfigMap"},
      {"secrets", "Secret"},
      {"persistentvolumeclaims", "PersistentVolumeClaim"},
      {"persistentvolumes", "PersistentVolume"},
      {"nodes", "Node"},
      {"events", "Event"},
      {"deployments.apps", "Deployment"},
      {"replicasets.apps", "ReplicaSet"},
      {"jobs.batch", "Job"},
      {"customresourcedefinitions.apiextensions.k8s.io", "CustomResourceDefinition"},
      {"widgets.example.com", "Widget"}};
  return kinds.at(gr);
}

std::string uid_of(const std::string& gr, const std::string& ns, const std::string& name) {
  return "uid-" + gr + "-" + ns + "-" + name;
}

json object(const std::string& gr, const std::string& ns, const std::string& name, json labels = json::object(),
            const std::string& version = "v1") {
  json meta = {{"name", name}, {"uid", uid_of(gr, ns, name)}, {"resourceVersion", "5"}};
  if (!ns.empty()) meta["namespace"] = ns;
  if (!labels.empty()) meta["labels"] = labels;
  return {{"apiVersion", api_version_for(gr, version)}, {"kind", kind_for(gr)}, {"metadata", meta}};
}

json owned_by(json obj, const std::string& kind, const std::string& owner_gr, const std::string& ns,
              const std::string& owner) {
  obj["metadata"]["ownerReferences"] = json::array(
      {{{"apiVersion", "apps/v1"}, {"kind", kind}, {"name", owner}, {"uid", uid_of(owner_gr, ns, owner)},
        {"controller", true}}});
  return obj;
}

backup::BackupItem entry(const std::string& gr, const std::string& version_dir, const std::string& ns,
                         const std::string& name, const std::string& raw) {
  backup::BackupItem e;
  e.path.group_resource = gr;
  e.path.version_dir = version_dir;
  e.path.namespace_ = ns;
  e.path.name = name;
  e.json = raw;
  e.size = raw.size();
  return e;
}

class Backup {
 public:
  // The legacy entry plus the -preferredversion copy, as Velero writes them.
  Backup& add(const json& obj, const std::string& gr) {
    std::string ns = obj["metadata"].value("namespace", "");
    std::string name = obj["metadata"]["name"];
    std::string v = obj["apiVersion"];
    v = v.substr(v.find('/') == std::string::npos ? 0 : v.find('/') + 1);
    entries.push_back(entry(gr, "", ns, name, obj.dump()));
    entries.push_back(entry(gr, v + "-preferredversion", ns, name, obj.dump()));
    return *this;
  }
  Backup& add_version(const json& obj, const std::string& gr, const std::string& version) {
    json copy = obj;
    copy["apiVersion"] = api_version_for(gr, version);
    entries.push_back(entry(gr, version, obj["metadata"].value("namespace", ""), obj["metadata"]["name"], copy.dump()));
    return *this;
  }
  std::vector<backup::BackupItem> entries;
};

// The backup of a small cluster: namespaces shop, shop-staging, kube-system.
Backup sample_backup() {
  Backup b;
  for (const char* ns : {"shop", "shop-staging", "kube-system"})
    b.add(object("namespaces", "", ns, {{"kubernetes.io/metadata.name", ns}, {"team", std::string(ns) == "shop" ? "payments" : "ops"}}), "namespaces");
  b.add(object("deployments.apps", "shop", "web", {{"app", "web"}}), "deployments.apps");
  b.add(owned_by(object("replicasets.apps", "shop", "web-5d8f", {{"app", "web"}}), "Deployment", "deployments.apps",
                 "shop", "web"),
        "replicasets.apps");
  b.add(owned_by(object("pods", "shop", "web-5d8f-abcde", {{"app", "web"}}), "ReplicaSet", "replicasets.apps", "shop",
                 "web-5d8f"),
        "pods");
  json done = object("pods", "shop", "done");
  done["status"] = {{"phase", "Succeeded"}};
  b.add(done, "pods");
  json failed = object("pods", "shop", "crashed");
  failed["status"] = {{"phase", "Failed"}};
  b.add(failed, "pods");
  json lonely = object("pods", "shop", "lonely", {{"app", "lonely"}});
  lonely["status"] = {{"phase", "Running"}};
  b.add(lonely, "pods");
  json migrate = object("jobs.batch", "shop", "migrate");
  migrate["status"] = {{"completionTime", "2026-01-01T00:00:00Z"}};
  b.add(migrate, "jobs.batch");
  b.add(object("jobs.batch", "shop", "reindex"), "jobs.batch");
  json web_svc = object("services", "shop", "web", {{"app", "web"}});
  web_svc["spec"] = {{"selector", {{"app", "web"}}}, {"ports", {{{"port", 80}}}}};
  b.add(web_svc, "services");
  json ext_svc = object("services", "shop", "ext");
  ext_svc["spec"] = {{"ports", {{{"port", 5432}}}}};
  b.add(ext_svc, "services");
  b.add(object("endpoints", "shop", "web"), "endpoints");
  b.add(object("endpoints", "shop", "ext"), "endpoints");
  b.add(object("configmaps", "shop", "settings", {{"app", "web"}}), "configmaps");
  b.add(object("configmaps", "shop-staging", "settings", {{"app", "web"}}), "configmaps");
  b.add(object("configmaps", "kube-system", "coredns"), "configmaps");
  b.add(object("secrets", "shop", "creds"), "secrets");
  json data = object("persistentvolumeclaims", "shop", "data");
  data["spec"] = {{"volumeName", "pv-data"}};
  b.add(data, "persistentvolumeclaims");
  json scratch = object("persistentvolumeclaims", "shop", "scratch");
  scratch["spec"] = {{"volumeName", "pv-scratch"}};
  b.add(scratch, "persistentvolumeclaims");
  auto pv = [&](const std::string& name, const std::string& policy, const std::string& claim) {
    json o = object("persistentvolumes", "", name);
    o["spec"] = {{"persistentVolumeReclaimPolicy", policy},
                 {"claimRef", {{"namespace", "shop"}, {"name", claim}, {"uid", "x"}}}};
    b.add(o, "persistentvolumes");
  };
  pv("pv-data", "Retain", "data");
  pv("pv-scratch", "Delete", "scratch");
  pv("pv-unrelated", "Retain", "gone");
  b.add(object("customresourcedefinitions.apiextensions.k8s.io", "", "widgets.example.com"),
        "customresourcedefinitions.apiextensions.k8s.io");
  b.add(object("customresourcedefinitions.apiextensions.k8s.io", "", "gadgets.example.com"),
        "customresourcedefinitions.apiextensions.k8s.io");
  json w1 = object("widgets.example.com", "shop", "w1");
  b.add(w1, "widgets.example.com");
  b.add_version(w1, "widgets.example.com", "v1beta1");
  b.add(object("nodes", "", "node-1"), "nodes");
  b.add(object("events", "shop", "web.1234"), "events");
  return b;
}

RestoreSpec spec_named(const std::string& name = "r1") {
  RestoreSpec s;
  s.name = name;
  s.backup_name = "nightly";
  return s;
}

RestorePlan plan(const RestoreSpec& spec, Backup b = sample_backup(), const PlanLimits& limits = {}) {
  return plan_restore(spec, std::move(b.entries), target_types(), limits);
}

const PlannedItem* find(const RestorePlan& p, const std::string& gr, const std::string& ns, const std::string& name) {
  for (const auto& it : p.items)
    if (it.group_resource == gr && it.target_namespace == ns && it.name == name) return &it;
  return nullptr;
}

// "gr ns/name" of every item with the verdict, sorted.
std::set<std::string> with_verdict(const RestorePlan& p, PlanVerdict v) {
  std::set<std::string> out;
  for (const auto& it : p.items)
    if (it.verdict == v) out.insert(it.group_resource + " " + (it.target_namespace.empty() ? "" : it.target_namespace + "/") + it.name);
  return out;
}

std::set<std::string> all_items(const RestorePlan& p) {
  std::set<std::string> out;
  for (const auto& it : p.items)
    out.insert(it.group_resource + " " + (it.target_namespace.empty() ? "" : it.target_namespace + "/") + it.name);
  return out;
}

bool has(const std::set<std::string>& s, const std::string& x) { return s.count(x) > 0; }

TEST(RestorePlan, EverythingByDefault) {
  RestorePlan p = plan(spec_named());
  EXPECT_TRUE(p.errors.empty());
  EXPECT_TRUE(p.warnings.empty()) << p.warnings.front();
  auto restore = with_verdict(p, PlanVerdict::Restore);
  auto skip = with_verdict(p, PlanVerdict::Skip);
  EXPECT_TRUE(with_verdict(p, PlanVerdict::Fail).empty());
  for (const char* x : {"namespaces shop", "namespaces shop-staging", "namespaces kube-system", "deployments.apps shop/web",
                        "pods shop/lonely", "jobs.batch shop/reindex", "services shop/web", "services shop/ext",
                        "endpoints shop/ext", "configmaps shop/settings", "configmaps shop-staging/settings",
                        "configmaps kube-system/coredns", "secrets shop/creds", "persistentvolumeclaims shop/data",
                        "persistentvolumes pv-data", "persistentvolumes pv-unrelated",
                        "customresourcedefinitions.apiextensions.k8s.io widgets.example.com",
                        "customresourcedefinitions.apiextensions.k8s.io gadgets.example.com", "widgets.example.com shop/w1"})
    EXPECT_TRUE(has(restore, x)) << x;
  for (const char* x : {"replicasets.apps shop/web-5d8f", "pods shop/web-5d8f-abcde", "pods shop/done", "pods shop/crashed",
                        "jobs.batch shop/migrate", "endpoints shop/web", "persistentvolumes pv-scratch"})
    EXPECT_TRUE(has(skip, x)) << x;
  // Never restored: nodes and events are not even listed.
  EXPECT_FALSE(has(all_items(p), "nodes node-1"));
  EXPECT_FALSE(has(all_items(p), "events shop/web.1234"));
  // Each object once, although the backup holds a legacy and a -preferredversion copy.
  EXPECT_EQ(std::count_if(p.items.begin(), p.items.end(), [](const PlannedItem& i) { return i.name == "lonely"; }), 1);
  EXPECT_EQ(p.target_namespaces, (std::set<std::string>{"kube-system", "shop", "shop-staging"}));
}

TEST(RestorePlan, SkipReasons) {
  RestorePlan p = plan(spec_named());
  EXPECT_NE(find(p, "replicasets.apps", "shop", "web-5d8f")->reason.find("owned by Deployment web"), std::string::npos);
  EXPECT_NE(find(p, "pods", "shop", "web-5d8f-abcde")->reason.find("owned by ReplicaSet web-5d8f"), std::string::npos);
  EXPECT_NE(find(p, "pods", "shop", "done")->reason.find("completed pod"), std::string::npos);
  EXPECT_NE(find(p, "pods", "shop", "crashed")->reason.find("Failed"), std::string::npos);
  EXPECT_NE(find(p, "jobs.batch", "shop", "migrate")->reason.find("completed job"), std::string::npos);
  EXPECT_NE(find(p, "endpoints", "shop", "web")->reason.find("endpoints"), std::string::npos);
  EXPECT_NE(find(p, "persistentvolumes", "", "pv-scratch")->reason.find("Delete"), std::string::npos);
}

TEST(RestorePlan, OwnedItemsRestoredWhenTheirControllerIsNot) {
  RestoreSpec s = spec_named();
  s.excluded_resources = {"deployments"};
  RestorePlan p = plan(s);
  EXPECT_EQ(find(p, "replicasets.apps", "shop", "web-5d8f")->verdict, PlanVerdict::Restore);
  EXPECT_EQ(find(p, "pods", "shop", "web-5d8f-abcde")->verdict, PlanVerdict::Skip);  // the ReplicaSet recreates it
  s.excluded_resources = {"deploy", "rs"};
  p = plan(s);
  EXPECT_EQ(find(p, "pods", "shop", "web-5d8f-abcde")->verdict, PlanVerdict::Restore);
  EXPECT_EQ(find(p, "replicasets.apps", "shop", "web-5d8f"), nullptr);
}

TEST(RestorePlan, NamespaceGlobsAndExcludes) {
  RestoreSpec s = spec_named();
  s.included_namespaces = {"shop*"};
  s.excluded_namespaces = {"*-staging"};
  RestorePlan p = plan(s);
  EXPECT_EQ(p.target_namespaces, (std::set<std::string>{"shop"}));
  for (const auto& it : p.items) {
    EXPECT_NE(it.source_namespace, "shop-staging") << it.name;
    EXPECT_NE(it.source_namespace, "kube-system") << it.name;
  }
  EXPECT_NE(find(p, "namespaces", "", "shop"), nullptr);
  EXPECT_EQ(find(p, "namespaces", "", "shop-staging"), nullptr);
  EXPECT_EQ(find(p, "namespaces", "", "kube-system"), nullptr);
  EXPECT_NE(find(p, "configmaps", "shop", "settings"), nullptr);

  s.included_namespaces = {"kube-system", "shop-staging"};
  s.excluded_namespaces = {};
  p = plan(s);
  EXPECT_EQ(p.target_namespaces, (std::set<std::string>{"kube-system", "shop-staging"}));
  EXPECT_NE(find(p, "configmaps", "kube-system", "coredns"), nullptr);
  EXPECT_EQ(find(p, "configmaps", "shop", "settings"), nullptr);
}

TEST(RestorePlan, ResourceFiltersByShortNameKindAndPlural) {
  RestoreSpec s = spec_named();
  s.included_resources = {"cm", "Deployment", "secrets"};
  s.excluded_resources = {"secret"};
  s.included_namespaces = {"shop"};
  RestorePlan p = plan(s);
  std::set<std::string> grs;
  for (const auto& it : p.items) grs.insert(it.group_resource);
  EXPECT_EQ(grs, (std::set<std::string>{"configmaps", "deployments.apps", "namespaces"}));
  EXPECT_NE(find(p, "namespaces", "", "shop"), nullptr);  // the namespace of restored items

  // Excludes alone.
  s.included_resources = {};
  s.excluded_resources = {"po", "svc", "ConfigMap", "widgets.example.com"};
  p = plan(s);
  grs.clear();
  for (const auto& it : p.items) grs.insert(it.group_resource);
  for (const char* gr : {"pods", "services", "configmaps", "widgets.example.com"}) EXPECT_FALSE(grs.count(gr)) << gr;
  EXPECT_TRUE(grs.count("secrets"));
  EXPECT_TRUE(grs.count("deployments.apps"));
  // No custom resource restored: its CRD does not come along as a related item.
  EXPECT_EQ(find(p, "customresourcedefinitions.apiextensions.k8s.io", "", "widgets.example.com"), nullptr);
}

TEST(RestorePlan, ResourceNotServedByTargetMatchedAsWritten) {
  RestoreSpec s = spec_named();
  s.included_namespaces = {"shop"};
  std::vector<kube::ApiResource> types = target_types();
  types.erase(std::remove_if(types.begin(), types.end(), [](const kube::ApiResource& r) { return r.group == "example.com"; }),
              types.end());
  s.included_resources = {"widgets.example.com"};
  Backup b = sample_backup();
  RestorePlan p = plan_restore(s, std::move(b.entries), types);
  const PlannedItem* w = find(p, "widgets.example.com", "shop", "w1");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->verdict, PlanVerdict::Restore);
  EXPECT_TRUE(w->target.name.empty());  // not served until its CRD exists
  EXPECT_NE(find(p, "customresourcedefinitions.apiextensions.k8s.io", "", "widgets.example.com"), nullptr);

  s.included_resources = {"*.example.com"};
  b = sample_backup();
  p = plan_restore(s, std::move(b.entries), types);
  EXPECT_NE(find(p, "widgets.example.com", "shop", "w1"), nullptr);
}

TEST(RestorePlan, ClusterResourcesUnsetWithSpecificNamespacesBringRelatedItems) {
  RestoreSpec s = spec_named();
  s.included_namespaces = {"shop"};
  RestorePlan p = plan(s);
  auto all = all_items(p);
  EXPECT_TRUE(has(all, "persistentvolumes pv-data"));
  EXPECT_TRUE(has(all, "persistentvolumes pv-scratch"));  // joins, then is skipped (Delete)
  EXPECT_FALSE(has(all, "persistentvolumes pv-unrelated"));
  EXPECT_TRUE(has(all, "customresourcedefinitions.apiextensions.k8s.io widgets.example.com"));
  EXPECT_FALSE(has(all, "customresourcedefinitions.apiextensions.k8s.io gadgets.example.com"));
  EXPECT_EQ(find(p, "persistentvolumes", "", "pv-data")->verdict, PlanVerdict::Restore);
  EXPECT_EQ(find(p, "persistentvolumes", "", "pv-scratch")->verdict, PlanVerdict::Skip);
  EXPECT_EQ(p.restored_pv_names, (std::set<std::string>{"pv-data"}));

  // Excluding the namespaces' other content: related items follow only restored PVCs/CRs.
  s.excluded_resources = {"pvc"};
  p = plan(s);
  all = all_items(p);
  EXPECT_FALSE(has(all, "persistentvolumes pv-data"));
  EXPECT_TRUE(p.restored_pv_names.empty());
}

TEST(RestorePlan, ClusterResourcesUnsetWithAllNamespacesTrueAndFalse) {
  RestoreSpec s = spec_named();
  RestorePlan p = plan(s);  // unset, every namespace: all cluster-scoped items
  auto all = all_items(p);
  EXPECT_TRUE(has(all, "persistentvolumes pv-unrelated"));
  EXPECT_TRUE(has(all, "customresourcedefinitions.apiextensions.k8s.io gadgets.example.com"));

  s.include_cluster_resources = true;  // true: all, even with specific namespaces
  s.included_namespaces = {"shop-staging"};
  p = plan(s);
  all = all_items(p);
  EXPECT_TRUE(has(all, "persistentvolumes pv-unrelated"));
  EXPECT_TRUE(has(all, "persistentvolumes pv-data"));
  EXPECT_TRUE(has(all, "customresourcedefinitions.apiextensions.k8s.io gadgets.example.com"));
  EXPECT_FALSE(has(all, "configmaps shop/settings"));

  s.include_cluster_resources = false;  // false: none, not even related ones
  s.included_namespaces = {};
  p = plan(s);
  for (const auto& it : p.items)
    if (it.source_namespace.empty()) {
      EXPECT_EQ(it.group_resource, "namespaces") << it.name;
    }
  EXPECT_TRUE(p.restored_pv_names.empty());
  EXPECT_NE(find(p, "persistentvolumeclaims", "shop", "data"), nullptr);
  EXPECT_NE(find(p, "widgets.example.com", "shop", "w1"), nullptr);
  // The namespaces that receive items still come back.
  EXPECT_NE(find(p, "namespaces", "", "shop"), nullptr);

  // true respects the resource filter.
  s.include_cluster_resources = true;
  s.excluded_resources = {"pv"};
  p = plan(s);
  for (const auto& it : p.items) EXPECT_NE(it.group_resource, "persistentvolumes") << it.name;
}

TEST(RestorePlan, LabelSelector) {
  RestoreSpec s = spec_named();
  s.label_selector = json{{"matchLabels", {{"app", "web"}}}};
  RestorePlan p = plan(s);
  std::set<std::string> names;
  for (const auto& it : p.items)
    if (it.group_resource != "namespaces") names.insert(it.group_resource + " " + it.source_namespace + "/" + it.name);
  EXPECT_EQ(names, (std::set<std::string>{"configmaps shop-staging/settings", "configmaps shop/settings",
                                          "deployments.apps shop/web", "pods shop/web-5d8f-abcde",
                                          "replicasets.apps shop/web-5d8f", "services shop/web"}));
  // Namespaces receiving items come back; others only when they pass the selector.
  EXPECT_NE(find(p, "namespaces", "", "shop"), nullptr);
  EXPECT_NE(find(p, "namespaces", "", "shop-staging"), nullptr);
  EXPECT_EQ(find(p, "namespaces", "", "kube-system"), nullptr);

  s.label_selector.reset();
  s.or_label_selectors = {json{{"matchLabels", {{"app", "lonely"}}}}, json{{"matchLabels", {{"team", "ops"}}}}};
  p = plan(s);
  EXPECT_NE(find(p, "pods", "shop", "lonely"), nullptr);
  EXPECT_NE(find(p, "namespaces", "", "kube-system"), nullptr);  // labelled team=ops
  EXPECT_EQ(find(p, "configmaps", "shop", "settings"), nullptr);
}

TEST(RestorePlan, IncludedItemsOnly) {
  RestoreSpec s = spec_named();
  s.included_items = {"cm/shop/settings"};
  RestorePlan p = plan(s);
  EXPECT_EQ(all_items(p), (std::set<std::string>{"configmaps shop/settings", "namespaces shop"}));

  s.included_items = {"persistentvolumeclaims/shop/data", "namespaces/kube-system"};
  p = plan(s);
  EXPECT_EQ(all_items(p), (std::set<std::string>{"persistentvolumeclaims shop/data", "namespaces shop",
                                                 "namespaces kube-system", "persistentvolumes pv-data"}));
  EXPECT_EQ(p.restored_pv_names, (std::set<std::string>{"pv-data"}));
}

TEST(RestorePlan, CorruptEntriesFail) {
  Backup b = sample_backup();
  b.entries.push_back(entry("configmaps", "", "shop", "broken", "{not json"));
  b.entries.push_back(entry("configmaps", "", "shop", "array", "[1,2]"));
  b.entries.push_back(entry("configmaps", "", "shop", "renamed", object("configmaps", "shop", "other").dump()));
  b.entries.push_back(entry("configmaps", "", "shop", "moved", object("configmaps", "elsewhere", "moved").dump()));
  backup::BackupItem big = entry("configmaps", "", "shop", "huge", "");
  big.size = 20u << 20;
  big.oversized = true;
  b.entries.push_back(big);
  RestorePlan p = plan(spec_named(), std::move(b));
  for (const char* name : {"broken", "array", "renamed", "moved", "huge"}) {
    const PlannedItem* it = find(p, "configmaps", "shop", name);
    ASSERT_NE(it, nullptr) << name;
    EXPECT_EQ(it->verdict, PlanVerdict::Fail) << name;
    EXPECT_NE(it->reason.find("resources/configmaps/namespaces/shop/" + std::string(name) + ".json"), std::string::npos)
        << it->reason;
  }
  EXPECT_NE(find(p, "configmaps", "shop", "huge")->reason.find("item limit"), std::string::npos);
  // Failed items are not in any tier.
  for (const auto& tier : p.tiers)
    for (std::size_t i : tier) EXPECT_EQ(p.items[i].verdict, PlanVerdict::Restore);
}

TEST(RestorePlan, CorruptEntriesOutsideTheSelectionAreIgnored) {
  Backup b = sample_backup();
  b.entries.push_back(entry("configmaps", "", "shop-staging", "broken", "{not json"));
  b.entries.push_back(entry("secrets", "", "shop", "broken", "{not json"));
  b.entries.push_back(entry("persistentvolumes", "", "", "broken", "{not json"));
  RestoreSpec s = spec_named();
  s.included_namespaces = {"shop"};
  s.excluded_resources = {"secrets"};
  RestorePlan p = plan(s, std::move(b));
  EXPECT_TRUE(with_verdict(p, PlanVerdict::Fail).empty()) << *with_verdict(p, PlanVerdict::Fail).begin();
}

TEST(RestorePlan, CorruptRelatedPersistentVolumeFails) {
  Backup b = sample_backup();
  json claim = object("persistentvolumeclaims", "shop", "cache");
  claim["spec"] = {{"volumeName", "pv-cache"}};
  b.add(claim, "persistentvolumeclaims");
  b.entries.push_back(entry("persistentvolumes", "", "", "pv-cache", "{not json"));
  RestoreSpec s = spec_named();
  s.included_namespaces = {"shop"};
  RestorePlan p = plan(s, std::move(b));
  EXPECT_EQ(with_verdict(p, PlanVerdict::Fail), (std::set<std::string>{"persistentvolumes pv-cache"}));
}

TEST(RestorePlan, ObjectWithoutNamespaceTakesItsPath) {
  Backup b;
  json cm = object("configmaps", "", "no-ns");
  b.entries.push_back(entry("configmaps", "", "shop", "no-ns", cm.dump()));
  RestorePlan p = plan(spec_named(), std::move(b));
  const PlannedItem* it = find(p, "configmaps", "shop", "no-ns");
  ASSERT_NE(it, nullptr);
  EXPECT_EQ(it->verdict, PlanVerdict::Restore) << it->reason;
}

TEST(RestorePlan, DuplicateEntriesWarn) {
  Backup b = sample_backup();
  json first = object("configmaps", "shop", "dup");
  first["data"] = {{"copy", "first"}};
  json second = first;
  second["data"] = {{"copy", "second"}};
  b.entries.push_back(entry("configmaps", "", "shop", "dup", first.dump()));
  b.entries.push_back(entry("configmaps", "", "shop", "dup", second.dump()));
  RestorePlan p = plan(spec_named(), std::move(b));
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_NE(p.warnings[0].find("resources/configmaps/namespaces/shop/dup.json"), std::string::npos);
  EXPECT_NE(p.warnings[0].find("duplicate"), std::string::npos);
  const PlannedItem* it = find(p, "configmaps", "shop", "dup");
  ASSERT_NE(it, nullptr);
  EXPECT_EQ(json::parse(it->json)["data"]["copy"], "first");
  EXPECT_EQ(std::count_if(p.items.begin(), p.items.end(), [](const PlannedItem& i) { return i.name == "dup"; }), 1);
}

TEST(RestorePlan, TierOrder) {
  RestorePlan p = plan(spec_named());
  std::vector<std::vector<std::string>> tiers;
  for (const auto& t : p.tiers) {
    std::set<std::string> grs;
    for (std::size_t i : t) grs.insert(p.items[i].group_resource);
    tiers.emplace_back(grs.begin(), grs.end());
  }
  std::vector<std::vector<std::string>> expected = {
      {"customresourcedefinitions.apiextensions.k8s.io"},
      {"namespaces"},
      {"persistentvolumes"},
      {"persistentvolumeclaims"},
      {"secrets"},
      {"configmaps"},
      {"pods"},
      {"endpoints"},
      {"services"},
      {"deployments.apps", "jobs.batch", "widgets.example.com"}};
  EXPECT_EQ(tiers, expected);
  // Every Restore item is in exactly one tier.
  std::size_t in_tiers = 0;
  for (const auto& t : p.tiers) in_tiers += t.size();
  EXPECT_EQ(in_tiers, with_verdict(p, PlanVerdict::Restore).size());

  // No CRD restored: tier 0 is still the (empty) CRD tier.
  RestoreSpec s = spec_named();
  s.excluded_resources = {"crd"};
  p = plan(s);
  ASSERT_FALSE(p.tiers.empty());
  EXPECT_TRUE(p.tiers[0].empty());
}

TEST(RestorePlan, MappingOntoARestoredNamespaceIsAnError) {
  RestoreSpec s = spec_named();
  s.namespace_mapping = {{"shop", "shop-staging"}};
  RestorePlan p = plan(s);
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_NE(p.errors[0].find("shop-staging"), std::string::npos);

  s.excluded_namespaces = {"shop-staging"};  // not restored: no merge
  EXPECT_TRUE(plan(s).errors.empty());
  s.excluded_namespaces = {};
  s.namespace_mapping = {{"shop", "shop-staging"}, {"shop-staging", "shop-staging-old"}};  // moved away too
  EXPECT_TRUE(plan(s).errors.empty());
  s.namespace_mapping = {{"shop", "brand-new"}};
  EXPECT_TRUE(plan(s).errors.empty());
}

TEST(RestorePlan, NamespaceMapping) {
  RestoreSpec s = spec_named();
  s.included_namespaces = {"shop"};
  s.namespace_mapping = {{"shop", "shop-copy"}};
  RestorePlan p = plan(s);
  EXPECT_EQ(p.target_namespaces, (std::set<std::string>{"shop-copy"}));
  const PlannedItem* cm = find(p, "configmaps", "shop-copy", "settings");
  ASSERT_NE(cm, nullptr);
  EXPECT_EQ(cm->source_namespace, "shop");
  const PlannedItem* ns = find(p, "namespaces", "", "shop-copy");
  ASSERT_NE(ns, nullptr);
  EXPECT_EQ(ns->source_namespace, "");
  ASSERT_EQ(p.namespace_items.count("shop-copy"), 1u);
  EXPECT_EQ(&p.items[p.namespace_items.at("shop-copy")], ns);
  EXPECT_EQ(p.namespace_items.count("shop"), 0u);
  EXPECT_EQ(json::parse(ns->json)["metadata"]["name"], "shop");  // the raw backed-up object
}

TEST(RestorePlan, PersistentVolumesByReclaimPolicy) {
  RestorePlan p = plan(spec_named());
  EXPECT_EQ(p.restored_pv_names, (std::set<std::string>{"pv-data", "pv-unrelated"}));
  EXPECT_EQ(find(p, "persistentvolumes", "", "pv-scratch")->verdict, PlanVerdict::Skip);
}

TEST(RestorePlan, RestoreStatusSelection) {
  RestoreSpec s = spec_named();
  s.restore_status = RestoreStatusSpec{{"widgets.example.com", "deploy"}, {"deployments"}};
  Backup b = sample_backup();
  json annotated = object("configmaps", "shop", "annotated");
  annotated["metadata"]["annotations"] = {{"velero.io/restore-status", "true"}};
  b.add(annotated, "configmaps");
  RestorePlan p = plan(s, std::move(b));
  EXPECT_TRUE(find(p, "widgets.example.com", "shop", "w1")->keep_status);
  EXPECT_FALSE(find(p, "deployments.apps", "shop", "web")->keep_status);
  EXPECT_FALSE(find(p, "configmaps", "shop", "settings")->keep_status);
  EXPECT_TRUE(find(p, "configmaps", "shop", "annotated")->keep_status);
}

// --- version choice -------------------------------------------------------------------------

Backup widget_backup(const std::string& legacy_version, const std::vector<std::string>& other_versions) {
  Backup b;
  json w = object("widgets.example.com", "shop", "w1", json::object(), legacy_version);
  w["spec"] = {{"v", legacy_version}};
  b.add(w, "widgets.example.com");
  for (const auto& v : other_versions) {
    json copy = w;
    copy["spec"] = {{"v", v}};
    b.add_version(copy, "widgets.example.com", v);
  }
  return b;
}

std::vector<kube::ApiResource> widget_types(const std::vector<std::pair<std::string, bool>>& versions) {
  std::vector<kube::ApiResource> types = {res("", "v1", "namespaces", "Namespace", false)};
  for (const auto& [v, preferred] : versions) types.push_back(res("example.com", v, "widgets", "Widget", true, {}, preferred));
  return types;
}

const PlannedItem& widget(const RestorePlan& p) {
  for (const auto& it : p.items)
    if (it.group_resource == "widgets.example.com") return it;
  throw std::runtime_error("no widget in the plan");
}

TEST(RestorePlanVersions, TargetPreferredWhenTheBackupHoldsIt) {
  // The source preferred v1beta1; the backup also holds v1, the target's preferred version.
  Backup b = widget_backup("v1beta1", {"v1"});
  RestorePlan p = plan_restore(spec_named(), std::move(b.entries), widget_types({{"v1", true}, {"v1beta1", false}}));
  const PlannedItem& w = widget(p);
  EXPECT_EQ(w.version, "v1");
  EXPECT_EQ(w.target.version, "v1");
  EXPECT_EQ(w.backup_version, "v1");
  EXPECT_EQ(json::parse(w.json)["spec"]["v"], "v1");
  EXPECT_EQ(json::parse(w.json)["apiVersion"], "example.com/v1");
}

TEST(RestorePlanVersions, BackupPreferredWhenTheTargetServesIt) {
  // The target prefers v2, which the backup lacks; the source's preferred v1 is served.
  Backup b = widget_backup("v1", {"v1beta1"});
  RestorePlan p = plan_restore(spec_named(), std::move(b.entries),
                               widget_types({{"v2", true}, {"v1beta1", false}, {"v1", false}}));
  const PlannedItem& w = widget(p);
  EXPECT_EQ(w.version, "v1");
  EXPECT_EQ(w.target.version, "v1");
  EXPECT_EQ(json::parse(w.json)["spec"]["v"], "v1");
}

TEST(RestorePlanVersions, FirstCommonVersionInTargetOrder) {
  Backup b = widget_backup("v1", {"v1beta2", "v1beta1"});
  RestorePlan p = plan_restore(spec_named(), std::move(b.entries),
                               widget_types({{"v2", true}, {"v1beta1", false}, {"v1beta2", false}}));
  const PlannedItem& w = widget(p);
  EXPECT_EQ(w.version, "v1beta1");
  EXPECT_EQ(w.target.version, "v1beta1");
  EXPECT_EQ(json::parse(w.json)["spec"]["v"], "v1beta1");
  EXPECT_EQ(w.backup_version, "v1beta1");
}

TEST(RestorePlanVersions, NotServedLeavesTargetEmpty) {
  Backup b = widget_backup("v1", {});
  RestorePlan p = plan_restore(spec_named(), std::move(b.entries), widget_types({{"v2", true}}));
  const PlannedItem& w = widget(p);
  EXPECT_TRUE(w.target.name.empty());
  EXPECT_NE(w.reason.find("v2"), std::string::npos);
  EXPECT_EQ(json::parse(w.json)["spec"]["v"], "v1");

  // Not served at all (CRD not installed yet).
  b = widget_backup("v1", {});
  p = plan_restore(spec_named(), std::move(b.entries), widget_types({}));
  EXPECT_TRUE(widget(p).target.name.empty());

  // Re-resolved once the type is served.
  resolve_target_types(p, widget_types({{"v1", true}}));
  EXPECT_EQ(widget(p).target.version, "v1");
  EXPECT_EQ(widget(p).version, "v1");
}

TEST(RestorePlanVersions, ResolvingTwiceIsStable) {
  Backup b = widget_backup("v1beta1", {"v1"});
  auto types = widget_types({{"v1", true}, {"v1beta1", false}});
  RestorePlan p = plan_restore(spec_named(), std::move(b.entries), types);
  resolve_target_types(p, types);
  const PlannedItem& w = widget(p);
  EXPECT_EQ(w.version, "v1");
  EXPECT_EQ(json::parse(w.json)["spec"]["v"], "v1");
  ASSERT_EQ(w.other_versions.size(), 1u);
  EXPECT_EQ(w.other_versions[0].first, "v1beta1");
  EXPECT_EQ(json::parse(w.other_versions[0].second)["spec"]["v"], "v1beta1");
}

}  // namespace
}  // namespace coffer::restore
