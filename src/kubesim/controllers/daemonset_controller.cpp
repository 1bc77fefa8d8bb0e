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

void DaemonSetController::reconcile(const std::string& key) {
  auto [ns, name] = split_namespaced_key(key);
  auto ds = read(owner_type(), ns, name);
  if (!ds || is_terminating(*ds) || !selector_of(*ds)) return;
  const json& tmpl = at_path(*ds, {"spec", "template"});
  Revision revision =
      ensure_revision(*ds, tmpl, int_at(*ds, {"spec", "revisionHistoryLimit"}, 10));
  json placement = at_path(tmpl, {"spec"});
  if (!placement.is_object()) placement = json::object();
  placement["tolerations"] = daemon_tolerations(placement);

  std::map<std::string, std::vector<json>> by_node;
  for (auto& pod : owned_pods(*ds, true))
    by_node[string_at(pod, {"spec", "nodeName"})].push_back(std::move(pod));
  auto delete_pod = [&](const json& pod) {
    if (is_terminating(pod)) return;
    DeleteOptions options;
    options.precondition_uid = uid_of(pod);
    remove(types().pods, namespace_of(pod), name_of(pod), options);
  };

  int64_t desired = 0, current = 0, misscheduled = 0, ready = 0, available = 0, updated = 0;
  int64_t min_ready = int_at(*ds, {"spec", "minReadySeconds"}, 0);
  std::vector<const json*> outdated;
  int64_t unavailable_now = 0;
  for (const auto& [node_name, node] : index().nodes()) {
    if (!node_matches_selectors(placement, node) || !pod_tolerates_taints(placement, node)) continue;
    ++desired;
    std::vector<const json*> running;
    for (const auto& pod : by_node[node_name]) {
      if (pod_finished(pod))
        delete_pod(pod);
      else if (!is_terminating(pod))
        running.push_back(&pod);
    }
    if (running.empty()) {
      if (by_node[node_name].empty() ||
          std::none_of(by_node[node_name].begin(), by_node[node_name].end(),
                       [](const json& p) { return is_terminating(p); }))
        create(types().pods, ns, pod_for_node(*ds, node_name, revision.hash));
      ++unavailable_now;
      continue;
    }
    std::sort(running.begin(), running.end(), [](const json* a, const json* b) {
      return string_at(*a, {"metadata", "creationTimestamp"}) <
             string_at(*b, {"metadata", "creationTimestamp"});
    });
    for (size_t i = 1; i < running.size(); ++i) delete_pod(*running[i]);
    const json& pod = *running[0];
    ++current;
    if (pod_ready(pod)) ++ready;
    if (pod_available(pod, min_ready)) ++available;
    else ++unavailable_now;
    if (string_at(pod, {"metadata", "labels", kRevisionLabel}) == revision.hash)
      ++updated;
    else
      outdated.push_back(&pod);
  }
  for (const auto& [node_name, pods] : by_node) {
    const NodeInfo* node = index().node(node_name);
    bool fits = node && node_matches_selectors(placement, *node) &&
                pod_tolerates_taints(placement, *node);
    if (fits) continue;
    for (const auto& pod : pods) {
      if (!is_terminating(pod)) ++misscheduled;
      delete_pod(pod);
    }
  }
  if (string_at(*ds, {"spec", "updateStrategy", "type"}, "RollingUpdate") == "RollingUpdate") {
    int64_t budget = max_unavailable(*ds, desired) - unavailable_now;
    for (const json* pod : outdated) {
      if (budget-- <= 0) break;
      delete_pod(*pod);
    }
  }

  json status = {{"currentNumberScheduled", current},
                 {"desiredNumberScheduled", desired},
                 {"numberMisscheduled", misscheduled},
                 {"numberReady", ready},
                 {"observedGeneration", generation_of(*ds)}};
  if (available) status["numberAvailable"] = available;
  if (desired - available > 0) status["numberUnavailable"] = desired - available;
  if (updated) status["updatedNumberScheduled"] = updated;
  const std::string uid = uid_of(*ds);
  modify(owner_type(), ns, name, [&](json& current_ds) {
    if (uid_of(current_ds) != uid || is_terminating(current_ds)) return false;
    json merged = status;
    const json& conditions = at_path(current_ds, {"status", "conditions"});
    if (conditions.is_array() && !conditions.empty()) merged["conditions"] = conditions;
    if (current_ds.value("status", json()) == merged) return false;
    current_ds["status"] = std::move(merged);
    return true;
  });
}

}  // namespace coffer::kubesim::controllers
