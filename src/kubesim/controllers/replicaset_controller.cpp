#include "kubesim/controllers/replicaset_controller.h"

#include <algorithm>

#include "kubesim/controllers/object_helpers.h"

namespace coffer::kubesim::controllers {
namespace {

constexpr size_t kMaxCreatesPerSync = 500;

std::optional<kube::LabelSelector> selector_of(const json& owner) {
  const json& selector = at_path(owner, {"spec", "selector"});
  if (!selector.is_object()) return std::nullopt;  // a missing selector selects nothing
  try {
    return kube::LabelSelector::from_json(selector);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

bool selector_matches(const kube::LabelSelector& selector, const json& obj) {
  try {
    return selector.matches(labels_of(obj));
  } catch (const std::exception&) {
    return false;
  }
}

bool labels_include(const json& labels, const json& wanted) {
  if (!wanted.is_object()) return true;
  if (!labels.is_object()) return wanted.empty();
  for (const auto& [k, v] : wanted.items())
    if (!labels.contains(k) || labels[k] != v) return false;
  return true;
}

int phase_rank(const json& pod) {
  std::string phase = string_at(pod, {"status", "phase"});
  if (phase == "Pending") return 0;
  if (phase == "Running") return 2;
  return 1;
}

// Whether `a` should be deleted before `b` (the real controller's ordering, simplified).
bool delete_first(const json& a, const json& b) {
  bool a_unassigned = string_at(a, {"spec", "nodeName"}).empty();
  bool b_unassigned = string_at(b, {"spec", "nodeName"}).empty();
  if (a_unassigned != b_unassigned) return a_unassigned;
  if (phase_rank(a) != phase_rank(b)) return phase_rank(a) < phase_rank(b);
  if (pod_ready(a) != pod_ready(b)) return !pod_ready(a);
  std::string a_created = string_at(a, {"metadata", "creationTimestamp"});
  std::string b_created = string_at(b, {"metadata", "creationTimestamp"});
  if (a_created != b_created) return a_created > b_created;
  return name_of(a) > name_of(b);
}

}  // namespace

ReplicaSetController::ReplicaSetController(ControllerHost& host)
    : Controller(host, "replicaset-controller", "kube-controller-manager",
                 "system:serviceaccount:kube-system:replicaset-controller") {}

void ReplicaSetController::observe(const ObservedEvent& event) {
  if (event.resource() == "pods")
    observe_pod(event);
  else
    observe_replicaset(event);
}

void ReplicaSetController::observe_replicaset(const ObservedEvent& event) {
  const StoredObject& o = event.object();
  std::string key = o.ns + "/" + o.name;
  if (event.deleted()) {
    key_by_uid_.erase(o.uid);
    auto ns = selectors_.find(o.ns);
    if (ns != selectors_.end()) ns->second.erase(o.name);
    adoptable_.erase(key);
    scan_orphans_.erase(key);
    return;
  }
  key_by_uid_[o.uid] = key;
  auto selector = selector_of(event.json());
  auto& in_ns = selectors_[o.ns];
  auto known = in_ns.find(o.name);
  bool changed = selector && (known == in_ns.end() || !(known->second == *selector));
  if (selector)
    in_ns.insert_or_assign(o.name, *selector);
  else
    in_ns.erase(o.name);
  if (changed) scan_orphans_.insert(key);
  enqueue(key);
}

void ReplicaSetController::observe_pod(const ObservedEvent& event) {
  const StoredObject& o = event.object();
  for (const auto& uid : o.owner_uids) {
    auto it = key_by_uid_.find(uid);
    if (it != key_by_uid_.end()) enqueue(it->second);
  }
  if (event.deleted() || !o.owner_uids.empty()) return;
  auto ns = selectors_.find(o.ns);
  if (ns == selectors_.end()) return;
  for (const auto& [name, selector] : ns->second) {
    if (!selector.matches(o.labels)) continue;
    std::string key = o.ns + "/" + name;
    adoptable_[key].insert(o.name);
    enqueue(key);
  }
}

void ReplicaSetController::reconcile(const std::string& key) {
  auto [ns, name] = split_namespaced_key(key);
  auto rs = read(types().replicasets, ns, name);
  if (!rs || is_terminating(*rs)) return;
  auto selector = selector_of(*rs);
  if (!selector) return;
  std::vector<json> pods = claim_pods(*rs, *selector);
  std::vector<json> active;
  for (const auto& pod : pods)
    if (pod_active(pod)) active.push_back(pod);
  size_t wanted = static_cast<size_t>(std::max<int64_t>(0, int_at(*rs, {"spec", "replicas"}, 1)));
  if (active.size() < wanted) {
    size_t count = std::min(wanted - active.size(), kMaxCreatesPerSync);
    create_pods(*rs, count);
    if (wanted - active.size() > count) enqueue(key, std::chrono::milliseconds(10));
  } else if (active.size() > wanted) {
    delete_surplus(active, active.size() - wanted);
  }
  update_status(*rs, pods);
}

std::vector<json> ReplicaSetController::claim_pods(const json& rs,
                                                   const kube::LabelSelector& selector) {
  const std::string uid = uid_of(rs), ns = namespace_of(rs);
  const std::string key = ns + "/" + name_of(rs);
  std::vector<json> owned;
  for (const auto& ref : index().dependents_of(uid, "pods")) {
    auto pod = read(types().pods, ref.ns, ref.name);
    if (!pod || !is_controlled_by(*pod, uid)) continue;
    if (selector_matches(selector, *pod)) {
      owned.push_back(std::move(*pod));
    } else if (!is_terminating(*pod)) {
      modify(types().pods, ref.ns, ref.name,
             [&](json& p) { return remove_owner_reference(p, uid); });
    }
  }
  std::set<std::string> candidates;
  if (scan_orphans_.erase(key)) {
    auto orphans = index().orphans("pods", ns);
    candidates.insert(orphans.begin(), orphans.end());
  }
  auto flagged = adoptable_.find(key);
  if (flagged != adoptable_.end()) {
    candidates.insert(flagged->second.begin(), flagged->second.end());
    adoptable_.erase(flagged);
  }
  for (const auto& pod_name : candidates) {
    auto stored = core().store().get("pods", ns, pod_name);
    if (!stored || !stored->owner_uids.empty() || !selector.matches(stored->labels)) continue;
    auto adopted = modify(types().pods, ns, pod_name, [&](json& p) {
      if (controller_reference(p) || is_terminating(p) || !selector_matches(selector, p))
        return false;
      json& refs = p["metadata"]["ownerReferences"];
      if (!refs.is_array()) refs = json::array();
      refs.push_back(owner_reference(rs, true));
      return true;
    });
    if (adopted && is_controlled_by(*adopted, uid)) owned.push_back(std::move(*adopted));
  }
  return owned;
}

void ReplicaSetController::create_pods(const json& rs, size_t count) {
  const json& tmpl = at_path(rs, {"spec", "template"});
  json metadata = {{"generateName", name_of(rs) + "-"},
                   {"ownerReferences", json::array({owner_reference(rs, true)})}};
  for (const char* field : {"labels", "annotations", "finalizers"}) {
    const json& value = at_path(tmpl, {"metadata", field});
    if (!value.is_null()) metadata[field] = value;
  }
  json body = {{"metadata", metadata}, {"spec", at_path(tmpl, {"spec"})}};
  for (size_t i = 0; i < count; ++i) create(types().pods, namespace_of(rs), body);
}

void ReplicaSetController::delete_surplus(std::vector<json> active, size_t count) {
  std::sort(active.begin(), active.end(), delete_first);
  for (size_t i = 0; i < count && i < active.size(); ++i) {
    DeleteOptions options;
    options.precondition_uid = uid_of(active[i]);
    try {
      remove(types().pods, namespace_of(active[i]), name_of(active[i]), options);
    } catch (const ApiError& e) {
      if (e.code() != 409) throw;
    }
  }
}

void ReplicaSetController::update_status(const json& rs, const std::vector<json>& pods) {
  const json& template_labels = at_path(rs, {"spec", "template", "metadata", "labels"});
  int64_t min_ready = int_at(rs, {"spec", "minReadySeconds"}, 0);
  int64_t replicas = 0, fully_labeled = 0, ready = 0, available = 0;
  std::optional<std::chrono::milliseconds> recheck;
  for (const auto& pod : pods) {
    if (!pod_active(pod)) continue;
    ++replicas;
    if (labels_include(labels_of(pod), template_labels)) ++fully_labeled;
    if (pod_ready(pod)) ++ready;
    std::chrono::milliseconds wait{0};
    if (pod_available(pod, min_ready, &wait))
      ++available;
    else if (wait.count() > 0)
      recheck = recheck ? std::min(*recheck, wait) : wait;
  }
  json status = {{"replicas", replicas}, {"observedGeneration", generation_of(rs)}};
  if (fully_labeled) status["fullyLabeledReplicas"] = fully_labeled;
  if (ready) status["readyReplicas"] = ready;
  if (available) status["availableReplicas"] = available;
  modify(types().replicasets, namespace_of(rs), name_of(rs), [&](json& current) {
    if (uid_of(current) != uid_of(rs) || is_terminating(current)) return false;
    json merged = status;
    const json& conditions = at_path(current, {"status", "conditions"});
    if (conditions.is_array() && !conditions.empty()) merged["conditions"] = conditions;
    if (current.value("status", json()) == merged) return false;
    current["status"] = std::move(merged);
    return true;
  });
  if (recheck) enqueue(namespace_of(rs) + "/" + name_of(rs), *recheck);
}

}  // namespace coffer::kubesim::controllers
