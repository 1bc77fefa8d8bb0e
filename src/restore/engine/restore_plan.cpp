#include "restore/engine/restore_plan.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "backup/spec/glob.h"
#include "common/text.h"
#include "kube/client/resource_lookup.h"
#include "kube/labels/label_selector.h"

namespace coffer::restore {
namespace {

using nlohmann::json;

constexpr const char* kCrds = "customresourcedefinitions.apiextensions.k8s.io";

std::string group_of(const std::string& group_resource) {
  auto dot = group_resource.find('.');
  return dot == std::string::npos ? "" : group_resource.substr(dot + 1);
}

std::string version_of(const std::string& api_version) {
  auto slash = api_version.find('/');
  return slash == std::string::npos ? api_version : api_version.substr(slash + 1);
}

// A resource include/exclude list resolved against the target (see restore_plan.h).
class ResourceFilter {
 public:
  ResourceFilter(const std::vector<std::string>& names, const std::vector<kube::ApiResource>& types) {
    for (const auto& n : names) {
      if (n == "*") {
        star_ = true;
        continue;
      }
      if (const kube::ApiResource* r = kube::lookup_resource(types, n)) {
        exact_.insert(r->group_resource());
        continue;
      }
      std::string lower = to_lower(trim(n));
      exact_.insert(lower);
      try {
        globs_.emplace_back(lower);
      } catch (const backup::GlobError&) {
      }
    }
  }
  bool empty() const { return !star_ && exact_.empty(); }
  bool matches(const std::string& gr) const {
    if (star_ || exact_.count(gr)) return true;
    return std::any_of(globs_.begin(), globs_.end(), [&](const backup::Glob& g) { return g.matches(gr); });
  }

 private:
  bool star_ = false;
  std::set<std::string> exact_;
  std::vector<backup::Glob> globs_;
};

class NamespaceFilter {
 public:
  NamespaceFilter(const RestoreSpec& spec, std::vector<std::string>& warnings) {
    for (const auto& p : spec.included_namespaces) add(includes_, p, warnings);
    for (const auto& p : spec.excluded_namespaces) add(excludes_, p, warnings);
    all_ = (spec.included_namespaces.empty() ||
            (spec.included_namespaces.size() == 1 && spec.included_namespaces[0] == "*")) &&
           spec.excluded_namespaces.empty();
  }
  bool matches(const std::string& ns) const {
    for (const auto& g : excludes_)
      if (g.matches(ns)) return false;
    if (includes_.empty()) return true;
    return std::any_of(includes_.begin(), includes_.end(), [&](const backup::Glob& g) { return g.matches(ns); });
  }
  bool all() const { return all_; }

 private:
  static void add(std::vector<backup::Glob>& list, const std::string& pattern, std::vector<std::string>& warnings) {
    try {
      list.emplace_back(pattern);
    } catch (const backup::GlobError& e) {
      warnings.push_back("namespace pattern \"" + pattern + "\" ignored: " + e.what());
    }
  }
  std::vector<backup::Glob> includes_, excludes_;
  bool all_ = true;
};

class Selectors {
 public:
  explicit Selectors(const RestoreSpec& spec) {
    if (spec.label_selector) selectors_.push_back(kube::LabelSelector::from_json(*spec.label_selector));
    for (const auto& s : spec.or_label_selectors) selectors_.push_back(kube::LabelSelector::from_json(s));
  }
  bool active() const { return !selectors_.empty(); }
  bool matches(const json& labels) const {
    if (selectors_.empty()) return true;
    return std::any_of(selectors_.begin(), selectors_.end(),
                       [&](const kube::LabelSelector& s) { return s.matches(labels); });
  }

 private:
  std::vector<kube::LabelSelector> selectors_;
};

const json& labels_of(const json& obj) {
  static const json empty = json::object();
  auto m = obj.find("metadata");
  if (m == obj.end() || !m->is_object()) return empty;
  auto l = m->find("labels");
  return l == m->end() || !l->is_object() ? empty : *l;
}

std::string str(const json& obj, std::initializer_list<const char*> path) {
  const json* cur = &obj;
  for (const char* k : path) {
    if (!cur->is_object()) return "";
    auto it = cur->find(k);
    if (it == cur->end()) return "";
    cur = &*it;
  }
  return cur->is_string() ? cur->get<std::string>() : "";
}

// What planning needs to know of one candidate item, taken from its parsed JSON, which is then
// dropped: holding every parsed object of a large backup would cost ~10x the archive's size.
struct Candidate {
  bool legacy_seen = false;     // the entry at the legacy path was read
  bool preferred_seen = false;  // the -preferredversion copy was read
  bool parsed = false;          // facts below are filled
  bool selected = false;
  json labels = json::object();
  std::string uid;
  std::string controller_kind, controller_name, controller_uid;  // the controller ownerReference
  std::string volume_name;       // PVC spec.volumeName
  bool service_has_selector = false;
  std::string own_skip_reason;   // completed pod/job, mirror pod, kube-root-ca.crt
  std::string restore_status_annotation;
  std::string reclaim_policy;    // PV
};

std::string skip_reason_of(const std::string& gr, const json& obj) {
  if (gr == "pods") {
    std::string phase = str(obj, {"status", "phase"});
    if (phase == "Succeeded" || phase == "Failed") return "completed pod (phase " + phase + "); not restored";
    if (obj.contains("metadata") && obj["metadata"].contains("annotations") &&
        obj["metadata"]["annotations"].contains("kubernetes.io/config.mirror"))
      return "mirror pod; the kubelet recreates it from its static manifest";
  }
  if (gr == "configmaps" && str(obj, {"metadata", "name"}) == "kube-root-ca.crt")
    return "published by the target cluster in every namespace (its own CA)";
  if (gr == "jobs.batch" && !str(obj, {"status", "completionTime"}).empty())
    return "completed job; not restored";
  if (gr == "endpointslices.discovery.k8s.io" &&
      labels_of(obj).value("endpointslice.kubernetes.io/managed-by", "") == "endpointslice-controller.k8s.io")
    return "endpoint slice managed by the endpointslice controller, which rebuilds it";
  return "";
}

void take_facts(Candidate& c, const std::string& gr, const json& obj) {
  c.parsed = true;
  c.labels = labels_of(obj);
  c.uid = str(obj, {"metadata", "uid"});
  if (obj.contains("metadata") && obj["metadata"].is_object() && obj["metadata"].contains("ownerReferences") &&
      obj["metadata"]["ownerReferences"].is_array()) {
    for (const auto& ref : obj["metadata"]["ownerReferences"]) {
      if (!ref.is_object() || !ref.value("controller", false)) continue;
      c.controller_kind = ref.value("kind", std::string("?"));
      c.controller_name = ref.value("name", std::string("?"));
      c.controller_uid = ref.value("uid", "");
      break;
    }
  }
  if (gr == "persistentvolumeclaims") c.volume_name = str(obj, {"spec", "volumeName"});
  if (gr == "persistentvolumes") c.reclaim_policy = str(obj, {"spec", "persistentVolumeReclaimPolicy"});
  if (gr == "services" && obj.contains("spec") && obj["spec"].is_object() && obj["spec"].contains("selector") &&
      !obj["spec"]["selector"].empty())
    c.service_has_selector = true;
  c.own_skip_reason = skip_reason_of(gr, obj);
  c.restore_status_annotation = str(obj, {"metadata", "annotations", "velero.io/restore-status"});
}

}  // namespace

const std::vector<std::string>& high_priority_resources() {
  static const std::vector<std::string> list = {
      kCrds,
      "namespaces",
      "storageclasses.storage.k8s.io",
      "volumesnapshotclasses.snapshot.storage.k8s.io",
      "volumesnapshotcontents.snapshot.storage.k8s.io",
      "volumesnapshots.snapshot.storage.k8s.io",
      "datauploads.velero.io",
      "persistentvolumes",
      "persistentvolumeclaims",
      "clusterroles.rbac.authorization.k8s.io",
      "roles.rbac.authorization.k8s.io",
      "serviceaccounts",
      "clusterrolebindings.rbac.authorization.k8s.io",
      "rolebindings.rbac.authorization.k8s.io",
      "secrets",
      "configmaps",
      "limitranges",
      "priorityclasses.scheduling.k8s.io",
      "pods",
      "replicasets.apps",
      "clusterclasses.cluster.x-k8s.io",
      "endpoints",
      "services"};
  return list;
}

const std::vector<std::string>& low_priority_resources() {
  static const std::vector<std::string> list = {
      "clusterbootstraps.run.tanzu.vmware.com", "clusters.cluster.x-k8s.io",
      "clusterresourcesets.addons.cluster.x-k8s.io", "apps.kappctrl.k14s.io", "packageinstalls.packaging.carvel.dev"};
  return list;
}

RestorePlan plan_restore(const RestoreSpec& spec, std::vector<backup::BackupItem> entries,
                         const std::vector<kube::ApiResource>& target_types, const PlanLimits& limits) {
  RestorePlan plan;
  NamespaceFilter ns_filter(spec, plan.warnings);
  ResourceFilter includes(spec.included_resources, target_types);
  ResourceFilter excludes(spec.excluded_resources, target_types);
  ResourceFilter status_includes(spec.restore_status ? spec.restore_status->included_resources
                                                     : std::vector<std::string>{},
                                 target_types);
  ResourceFilter status_excludes(spec.restore_status ? spec.restore_status->excluded_resources
                                                     : std::vector<std::string>{},
                                 target_types);
  Selectors selectors(spec);
  const auto& never = never_restored_resources();

  // includedItems, resolved to group-resources.
  struct Wanted {
    std::string gr, ns, name;
  };
  std::vector<Wanted> wanted;
  for (const auto& text : spec.included_items) {
    auto ref = parse_item_ref(text);
    if (!ref) continue;
    const kube::ApiResource* r = kube::lookup_resource(target_types, ref->group_resource);
    wanted.push_back({r ? r->group_resource() : ref->group_resource, ref->namespace_, ref->name});
  }
  auto is_wanted = [&](const std::string& gr, const std::string& ns, const std::string& name) {
    return std::any_of(wanted.begin(), wanted.end(),
                       [&](const Wanted& w) { return w.gr == gr && w.ns == ns && w.name == name; });
  };

  // 1. One PlannedItem per (group-resource, namespace, name), from the legacy-path entry; other
  //    version directories become alternatives; -preferredversion copies duplicate the legacy one.
  std::map<std::tuple<std::string, std::string, std::string>, std::size_t> index;
  std::vector<Candidate> parsed;
  for (auto& e : entries) {
    const auto& p = e.path;
    const bool preferred_copy = p.preferred_version();
    std::string where = "resources/" + p.group_resource + "/" + (p.version_dir.empty() ? "" : p.version_dir + "/") +
                        (p.namespace_.empty() ? "cluster/" : "namespaces/" + p.namespace_ + "/") + p.name + ".json";
    if (std::find(never.begin(), never.end(), p.group_resource) != never.end()) continue;
    auto key = std::make_tuple(p.group_resource, p.namespace_, p.name);
    auto [it, fresh] = index.emplace(key, plan.items.size());
    if (fresh) {
      PlannedItem item;
      item.group_resource = p.group_resource;
      item.source_namespace = p.namespace_;
      item.name = p.name;
      plan.items.push_back(std::move(item));
      parsed.push_back({});
    }
    PlannedItem& item = plan.items[it->second];
    Candidate& cand = parsed[it->second];
    bool duplicate = false;
    if (p.version_dir.empty()) {
      duplicate = cand.legacy_seen;
      cand.legacy_seen = true;
    } else if (preferred_copy) {
      duplicate = cand.preferred_seen;
      cand.preferred_seen = true;
    } else {
      duplicate = std::any_of(item.other_versions.begin(), item.other_versions.end(),
                              [&](const auto& o) { return o.first == p.version(); });
    }
    if (duplicate) {
      plan.warnings.push_back(where + ": duplicate entry in the backup archive; the first one is used");
      continue;
    }
    if (!p.version_dir.empty() && !preferred_copy) {  // another served version of the same object
      if (!e.oversized) item.other_versions.emplace_back(p.version(), std::move(e.json));
      continue;
    }
    if (!item.json.empty() || cand.parsed) continue;  // legacy and -preferredversion copy: keep one
    if (e.oversized) {
      item.verdict = PlanVerdict::Fail;
      item.reason = where + ": entry of " + std::to_string(e.size) + " bytes is larger than the " +
                    std::to_string(limits.max_item_bytes) + "-byte item limit; not restored";
      continue;
    }
    json obj = json::parse(e.json, nullptr, false);
    if (!obj.is_object()) {
      item.verdict = PlanVerdict::Fail;
      item.reason = where + ": not a JSON object; the entry is corrupt";
      cand.parsed = true;
      continue;
    }
    std::string name = str(obj, {"metadata", "name"});
    std::string ns = str(obj, {"metadata", "namespace"});
    if (name != p.name || (!p.namespace_.empty() && !ns.empty() && ns != p.namespace_) ||
        (p.namespace_.empty() && !ns.empty())) {
      item.verdict = PlanVerdict::Fail;
      item.reason = where + ": the object inside is " + (ns.empty() ? "" : ns + "/") + name +
                    ", not what its path says; the entry is corrupt or tampered with";
      cand.parsed = true;
      continue;
    }
    item.backup_version = version_of(str(obj, {"apiVersion"}));
    take_facts(cand, p.group_resource, obj);
    item.json = std::move(e.json);
    std::string().swap(e.json);
  }
  entries.clear();

  // Backup namespaces: from namespaced items and from Namespace objects.
  std::set<std::string> services_with_selector;
  for (std::size_t i = 0; i < plan.items.size(); ++i) {
    const auto& it = plan.items[i];
    if (it.group_resource == "services" && parsed[i].service_has_selector)
      services_with_selector.insert(it.source_namespace + "/" + it.name);
  }

  const bool cluster_all = spec.include_cluster_resources.value_or(ns_filter.all());
  const bool cluster_never = spec.include_cluster_resources.has_value() && !*spec.include_cluster_resources;

  auto passes_resource_filter = [&](const std::string& gr) {
    if (!includes.empty() && !includes.matches(gr)) return false;
    return !excludes.matches(gr);
  };

  // 2. Direct selection of namespaced items and (when allowed) cluster-scoped ones.
  for (std::size_t i = 0; i < plan.items.size(); ++i) {
    PlannedItem& it = plan.items[i];
    if (it.group_resource == "namespaces") continue;  // step 4
    if (it.verdict == PlanVerdict::Fail) {
      // A corrupt entry fails the restore only when the restore would have selected it; its labels
      // are unknown, so the label selector cannot rule it out.
      bool in_scope = it.source_namespace.empty() ? cluster_all && !cluster_never : ns_filter.matches(it.source_namespace);
      parsed[i].selected = in_scope && passes_resource_filter(it.group_resource) &&
                           (wanted.empty() || is_wanted(it.group_resource, it.source_namespace, it.name));
      continue;
    }
    if (!passes_resource_filter(it.group_resource)) continue;
    if (!it.source_namespace.empty()) {
      if (!ns_filter.matches(it.source_namespace)) continue;
    } else if (!cluster_all || cluster_never) {
      continue;
    }
    if (!selectors.matches(parsed[i].labels)) continue;
    if (!wanted.empty() && !is_wanted(it.group_resource, it.source_namespace, it.name)) continue;
    parsed[i].selected = true;
  }

  // 3. Related cluster-scoped items: PVs of restored PVCs, CRDs of restored custom resources.
  if (!cluster_never) {
    std::set<std::string> pv_names, crd_names;
    for (std::size_t i = 0; i < plan.items.size(); ++i) {
      if (!parsed[i].selected || plan.items[i].verdict == PlanVerdict::Fail) continue;
      const auto& it = plan.items[i];
      if (it.group_resource == "persistentvolumeclaims") {
        if (!parsed[i].volume_name.empty()) pv_names.insert(parsed[i].volume_name);
      }
      std::string group = group_of(it.group_resource);
      if (!group.empty() && group.find('.') != std::string::npos && !excludes.matches(kCrds))
        crd_names.insert(it.group_resource);  // the CRD's name is "<plural>.<group>"
    }
    for (std::size_t i = 0; i < plan.items.size(); ++i) {
      const auto& it = plan.items[i];
      if (parsed[i].selected || !it.source_namespace.empty()) continue;
      if ((it.group_resource == "persistentvolumes" && pv_names.count(it.name) &&
           !excludes.matches("persistentvolumes")) ||
          (it.group_resource == kCrds && crd_names.count(it.name)))
        parsed[i].selected = true;
    }
  }

  // 4. Namespaces: the target namespaces of restored items; Namespace objects for them.
  std::set<std::string> source_namespaces_used;
  for (std::size_t i = 0; i < plan.items.size(); ++i)
    if (parsed[i].selected && !plan.items[i].source_namespace.empty())
      source_namespaces_used.insert(plan.items[i].source_namespace);
  const bool namespaces_allowed = passes_resource_filter("namespaces") && !cluster_never;
  for (std::size_t i = 0; i < plan.items.size(); ++i) {
    PlannedItem& it = plan.items[i];
    if (it.group_resource != "namespaces") continue;
    bool used = source_namespaces_used.count(it.name) > 0;
    bool chosen = false;
    if (namespaces_allowed && ns_filter.matches(it.name))
      chosen = wanted.empty() ? selectors.matches(parsed[i].labels) : is_wanted("namespaces", "", it.name);
    if (used || chosen) {
      parsed[i].selected = true;
      source_namespaces_used.insert(it.name);
    }
  }
  for (const auto& ns : source_namespaces_used) {
    auto m = spec.namespace_mapping.find(ns);
    plan.target_namespaces.insert(m == spec.namespace_mapping.end() ? ns : m->second);
  }
  // Two source namespaces landing in one target: a mapping onto a namespace that is restored too.
  for (const auto& [from, to] : spec.namespace_mapping) {
    if (source_namespaces_used.count(from) && source_namespaces_used.count(to) && !spec.namespace_mapping.count(to))
      plan.errors.push_back("spec.namespaceMapping[\"" + from + "\"]: maps to \"" + to +
                            "\", which the restore also restores from the backup; the two would merge. Map \"" +
                            to + "\" elsewhere too, or exclude it");
  }

  // 5. Skips: owned by a restored controller, completed, controller-managed endpoints.
  std::unordered_map<std::string, std::size_t> selected_uids;
  for (std::size_t i = 0; i < plan.items.size(); ++i) {
    if (!parsed[i].selected || plan.items[i].verdict == PlanVerdict::Fail) continue;
    if (!parsed[i].uid.empty()) selected_uids.emplace(parsed[i].uid, i);
  }
  for (std::size_t i = 0; i < plan.items.size(); ++i) {
    PlannedItem& it = plan.items[i];
    if (!parsed[i].selected || it.verdict == PlanVerdict::Fail) continue;
    const Candidate& c = parsed[i];
    // An owner that is itself skipped still counts: its own owner recreates the chain.
    if (!c.controller_uid.empty() && selected_uids.count(c.controller_uid)) {
      it.verdict = PlanVerdict::Skip;
      it.reason = "owned by " + c.controller_kind + " " + c.controller_name + "; the restored controller recreates it";
    } else if (!c.own_skip_reason.empty()) {
      it.verdict = PlanVerdict::Skip;
      it.reason = c.own_skip_reason;
    } else if (it.group_resource == "endpoints" && services_with_selector.count(it.source_namespace + "/" + it.name)) {
      it.verdict = PlanVerdict::Skip;
      it.reason = "endpoints of a service with a selector; the endpoints controller rebuilds them";
    }
  }

  // 6. Keep the selected items; namespaces, status, PV names.
  std::vector<PlannedItem> kept;
  for (std::size_t i = 0; i < plan.items.size(); ++i) {
    if (!parsed[i].selected) continue;
    PlannedItem it = std::move(plan.items[i]);
    auto m = spec.namespace_mapping.find(it.source_namespace);
    it.target_namespace = m == spec.namespace_mapping.end() ? it.source_namespace : m->second;
    if (it.group_resource == "namespaces") {  // a Namespace object carries its target name
      auto n = spec.namespace_mapping.find(it.name);
      if (n != spec.namespace_mapping.end()) it.name = n->second;
    }
    if (it.verdict == PlanVerdict::Restore) {
      const std::string& annotation = parsed[i].restore_status_annotation;
      it.keep_status = !status_includes.empty() && status_includes.matches(it.group_resource) &&
                       !status_excludes.matches(it.group_resource);
      if (annotation == "true") it.keep_status = true;
      if (annotation == "false") it.keep_status = false;
      if (it.group_resource == "persistentvolumes") {
        // Without volume data, a PV comes back only when its reclaim policy keeps the disk.
        if (parsed[i].reclaim_policy == "Delete") {
          it.verdict = PlanVerdict::Skip;
          it.reason = "reclaim policy Delete and no volume data in this restore; the claim is provisioned anew";
        } else {
          plan.restored_pv_names.insert(it.name);
        }
      }
    }
    kept.push_back(std::move(it));
  }
  plan.items = std::move(kept);
  parsed.clear();
  // Namespace items are cluster-scoped: their target name is the mapped name.
  for (std::size_t i = 0; i < plan.items.size(); ++i)
    if (plan.items[i].group_resource == "namespaces") plan.namespace_items[plan.items[i].name] = i;

  // 7. Tiers.
  std::map<std::string, std::vector<std::size_t>> by_resource;
  for (std::size_t i = 0; i < plan.items.size(); ++i)
    if (plan.items[i].verdict == PlanVerdict::Restore) by_resource[plan.items[i].group_resource].push_back(i);
  auto take = [&](const std::string& gr) {
    auto it = by_resource.find(gr);
    if (it == by_resource.end()) return std::vector<std::size_t>{};
    auto out = std::move(it->second);
    by_resource.erase(it);
    return out;
  };
  plan.tiers.push_back(take(kCrds));
  for (const auto& gr : high_priority_resources()) {
    auto tier = take(gr);
    if (!tier.empty()) plan.tiers.push_back(std::move(tier));
  }
  std::vector<std::vector<std::size_t>> low;
  for (const auto& gr : low_priority_resources()) {
    auto tier = take(gr);
    if (!tier.empty()) low.push_back(std::move(tier));
  }
  std::vector<std::size_t> rest;
  for (auto& [gr, list] : by_resource) rest.insert(rest.end(), list.begin(), list.end());  // alphabetical
  if (!rest.empty()) plan.tiers.push_back(std::move(rest));
  for (auto& t : low) plan.tiers.push_back(std::move(t));

  resolve_target_types(plan, target_types);
  return plan;
}

void resolve_target_types(RestorePlan& plan, const std::vector<kube::ApiResource>& target_types) {
  // group-resource -> served versions, in discovery order; the preferred one flagged.
  std::map<std::string, std::vector<const kube::ApiResource*>> served;
  for (const auto& r : target_types) served[r.group_resource()].push_back(&r);
  for (auto& it : plan.items) {
    if (it.verdict != PlanVerdict::Restore) continue;
    auto s = served.find(it.group_resource);
    if (s == served.end()) {
      it.target = {};
      it.version.clear();
      continue;  // the engine fails it when it is still not served at its tier
    }
    auto has_copy = [&](const std::string& v) {
      if (v == it.backup_version) return true;
      return std::any_of(it.other_versions.begin(), it.other_versions.end(),
                         [&](const auto& o) { return o.first == v; });
    };
    const kube::ApiResource* chosen = nullptr;
    for (const auto* r : s->second)
      if (r->preferred && has_copy(r->version)) chosen = r;
    if (!chosen)
      for (const auto* r : s->second)
        if (r->version == it.backup_version) chosen = r;
    if (!chosen)
      for (const auto* r : s->second)
        if (has_copy(r->version)) {
          chosen = r;
          break;
        }
    if (!chosen) {
      it.target = {};
      std::string versions;
      for (const auto* r : s->second) versions += (versions.empty() ? "" : ", ") + r->version;
      it.version = it.backup_version;
      it.reason = "the target serves " + it.group_resource + " at " + versions + ", the backup holds " +
                  it.backup_version + " only";
      continue;
    }
    it.target = *chosen;
    if (chosen->version != it.version && chosen->version != it.backup_version) {
      for (auto& o : it.other_versions)
        if (o.first == chosen->version) {
          // Swap the chosen copy in; the legacy one becomes an alternative.
          std::swap(it.json, o.second);
          o.first = it.backup_version;
          it.backup_version = chosen->version;
          break;
        }
    }
    it.version = chosen->version;
  }
}

}  // namespace coffer::restore
