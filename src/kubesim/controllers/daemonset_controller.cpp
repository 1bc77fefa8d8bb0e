#include "kubesim/controllers/daemonset_controller.h"

#include <algorithm>
#include <cmath>

#include "kubesim/controllers/node_selection.h"
#include "kubesim/controllers/object_helpers.h"

namespace coffer::kubesim::controllers {
namespace {

constexpr const char* kRevisionLabel = "controller-revision-hash";

// The tolerations the DaemonSet controller adds to its pods.
json daemon_tolerations(const json& spec) {
  json tolerations = at_path(spec, {"tolerations"});
  if (!tolerations.is_array()) tolerations = json::array();
  auto add = [&](const char* key, const char* effect) {
    for (const auto& t : tolerations)
      if (t.value("key", "") == key && t.value("effect", "") == effect) return;
    tolerations.push_back({{"key", key}, {"operator", "Exists"}, {"effect", effect}});
  };
  add("node.kubernetes.io/not-ready", "NoExecute");
  add("node.kubernetes.io/unreachable", "NoExecute");
  add("node.kubernetes.io/disk-pressure", "NoSchedule");
  add("node.kubernetes.io/memory-pressure", "NoSchedule");
  add("node.kubernetes.io/pid-pressure", "NoSchedule");
  add("node.kubernetes.io/unschedulable", "NoSchedule");
  if (bool_at(spec, {"hostNetwork"}, false)) add("node.kubernetes.io/network-unavailable", "NoSchedule");
  return tolerations;
}

int64_t max_unavailable(const json& ds, int64_t desired) {
  const json& value = at_path(ds, {"spec", "updateStrategy", "rollingUpdate", "maxUnavailable"});
  int64_t n = 1;
  if (value.is_number_integer()) {
    n = value.get<int64_t>();
  } else if (value.is_string()) {
    std::string text = value.get<std::string>();
    try {
      if (!text.empty() && text.back() == '%')
        n = static_cast<int64_t>(std::ceil(std::stod(text) / 100.0 * double(desired)));
      else
        n = std::stoll(text);
    } catch (const std::exception&) {
    }
  }
  return std::max<int64_t>(1, n);
}

}  // namespace

DaemonSetController::DaemonSetController(ControllerHost& host)
    : WorkloadController(host, "daemonset-controller", host.types().daemonsets,
                         "system:serviceaccount:kube-system:daemon-set-controller") {}

void DaemonSetController::observe(const ObservedEvent& event) {
  if (event.resource() == "nodes") {
    if (!event.initial()) enqueue_all_owners();
    return;
  }
  WorkloadController::observe(event);
}

json DaemonSetController::pod_for_node(const json& ds, const std::string& node,
                                       const std::string& hash) const {
  json pod = pod_from_template(ds);
  pod["metadata"]["generateName"] = name_of(ds) + "-";
  pod["metadata"]["labels"][kRevisionLabel] = hash;
  pod["metadata"]["labels"]["pod-template-generation"] = std::to_string(generation_of(ds));
  pod["spec"]["nodeName"] = node;
  pod["spec"]["tolerations"] = daemon_tolerations(pod["spec"]);
  return pod;
}

struct DaemonSetController::Sync {
  json ds;
  std::string ns, name;
  Revision revision;
  json placement;  // the pod spec with the daemon tolerations, for node fitting
  std::map<std::string, std::vector<json>> pods_by_node;
  std::vector<const json*> outdated;
  int64_t desired = 0, current = 0, misscheduled = 0, ready = 0, available = 0, updated = 0;
  int64_t unavailable = 0;

  bool fits(const NodeInfo& node) const {
    return node_matches_selectors(placement, node) && pod_tolerates_taints(placement, node);
  }
};

void DaemonSetController::reconcile(const std::string& key) {
  auto [ns, name] = split_namespaced_key(key);
  auto ds = read(owner_type(), ns, name);
  if (!ds || is_terminating(*ds) || !selector_of(*ds)) return;
  Sync s;
  s.ds = std::move(*ds);
  s.ns = ns;
  s.name = name;
  const json& tmpl = at_path(s.ds, {"spec", "template"});
  s.revision = ensure_revision(s.ds, tmpl, int_at(s.ds, {"spec", "revisionHistoryLimit"}, 10));
  s.placement = at_path(tmpl, {"spec"});
  if (!s.placement.is_object()) s.placement = json::object();
  s.placement["tolerations"] = daemon_tolerations(s.placement);
  for (auto& pod : owned_pods(s.ds, true))
    s.pods_by_node[string_at(pod, {"spec", "nodeName"})].push_back(std::move(pod));

  for (const auto& [node_name, node] : index().nodes())
    if (s.fits(node)) run_on_node(s, node_name);
  remove_misscheduled(s);
  if (string_at(s.ds, {"spec", "updateStrategy", "type"}, "RollingUpdate") == "RollingUpdate") {
    int64_t budget = max_unavailable(s.ds, s.desired) - s.unavailable;
    for (const json* pod : s.outdated) {
      if (budget-- <= 0) break;
      delete_pod(*pod);
    }
  }
  update_status(s);
}

void DaemonSetController::delete_pod(const json& pod) {
  if (is_terminating(pod)) return;
  DeleteOptions options;
  options.precondition_uid = uid_of(pod);
  remove(types().pods, namespace_of(pod), name_of(pod), options);
}

void DaemonSetController::run_on_node(Sync& s, const std::string& node_name) {
  ++s.desired;
  const std::vector<json>& pods = s.pods_by_node[node_name];
  std::vector<const json*> running;
  bool terminating = false;
  for (const auto& pod : pods) {
    if (pod_finished(pod))
      delete_pod(pod);
    else if (is_terminating(pod))
      terminating = true;
    else
      running.push_back(&pod);
  }
  if (running.empty()) {
    if (!terminating) create(types().pods, s.ns, pod_for_node(s.ds, node_name, s.revision.hash));
    ++s.unavailable;
    return;
  }
  std::sort(running.begin(), running.end(), [](const json* a, const json* b) {
    return string_at(*a, {"metadata", "creationTimestamp"}) <
           string_at(*b, {"metadata", "creationTimestamp"});
  });
  for (size_t i = 1; i < running.size(); ++i) delete_pod(*running[i]);  // keep the oldest
  const json& pod = *running[0];
  ++s.current;
  if (pod_ready(pod)) ++s.ready;
  if (pod_available(pod, int_at(s.ds, {"spec", "minReadySeconds"}, 0)))
    ++s.available;
  else
    ++s.unavailable;
  if (string_at(pod, {"metadata", "labels", kRevisionLabel}) == s.revision.hash)
    ++s.updated;
  else
    s.outdated.push_back(&pod);
}

void DaemonSetController::remove_misscheduled(Sync& s) {
  for (const auto& [node_name, pods] : s.pods_by_node) {
    const NodeInfo* node = index().node(node_name);
    if (node && s.fits(*node)) continue;
    for (const auto& pod : pods) {
      if (!is_terminating(pod)) ++s.misscheduled;
      delete_pod(pod);
    }
  }
}

void DaemonSetController::update_status(Sync& s) {
  json status = {{"currentNumberScheduled", s.current},
                 {"desiredNumberScheduled", s.desired},
                 {"numberMisscheduled", s.misscheduled},
                 {"numberReady", s.ready},
                 {"observedGeneration", generation_of(s.ds)}};
  if (s.available) status["numberAvailable"] = s.available;
  if (s.desired - s.available > 0) status["numberUnavailable"] = s.desired - s.available;
  if (s.updated) status["updatedNumberScheduled"] = s.updated;
  const std::string uid = uid_of(s.ds);
  modify(owner_type(), s.ns, s.name, [&](json& ds) {
    if (uid_of(ds) != uid || is_terminating(ds)) return false;
    json merged = status;
    const json& conditions = at_path(ds, {"status", "conditions"});
    if (conditions.is_array() && !conditions.empty()) merged["conditions"] = conditions;
    if (ds.value("status", json()) == merged) return false;
    ds["status"] = std::move(merged);
    return true;
  });
}

}  // namespace coffer::kubesim::controllers
