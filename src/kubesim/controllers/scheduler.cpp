#include "kubesim/controllers/scheduler.h"

#include "kubesim/controllers/node_selection.h"
#include "kubesim/controllers/object_helpers.h"

namespace coffer::kubesim::controllers {

Scheduler::Scheduler(ControllerHost& host)
    : Controller(host, "scheduler", "kube-scheduler", "system:kube-scheduler") {}

void Scheduler::observe(const ObservedEvent& event) {
  const StoredObject& o = event.object();
  if (o.resource == "nodes") {
    for (const auto& key : pending_.keys()) enqueue(key);
    return;
  }
  std::string key = o.ns + "/" + o.name;
  if (o.resource == "persistentvolumeclaims") {
    auto it = waiting_on_claim_.find(key);
    if (it != waiting_on_claim_.end())
      for (const auto& pod : it->second) enqueue(pod);
    return;
  }
  bool unscheduled = false;
  if (!event.deleted()) {
    const json& pod = event.json();
    unscheduled = string_at(pod, {"spec", "nodeName"}).empty() && !is_terminating(pod) &&
                  !pod_finished(pod) &&
                  string_at(pod, {"spec", "schedulerName"}, "default-scheduler") ==
                      "default-scheduler";
  }
  if (unscheduled) {
    if (!pending_.contains(key)) {
      pending_.insert(key);
      enqueue(key);
    }
  } else {
    pending_.erase(key);
  }
}

void Scheduler::resync() {
  for (const auto& key : pending_.due()) enqueue(key);
}

void Scheduler::reconcile(const std::string& key) {
  auto [ns, name] = split_namespaced_key(key);
  auto pod = read(types().pods, ns, name);
  if (!pod || !string_at(*pod, {"spec", "nodeName"}).empty() || is_terminating(*pod)) {
    pending_.erase(key);
    return;
  }
  if (std::string reason = unbound_claims(*pod, key); !reason.empty()) {
    mark_unschedulable(ns, name, reason);
    return;
  }
  std::string node = pick_node(*pod);
  if (node.empty()) {
    size_t total = index().nodes().size();
    mark_unschedulable(ns, name,
                       "0/" + std::to_string(total) + " nodes are available: " +
                           std::to_string(total) +
                           " node(s) didn't match Pod's node affinity/selector. preemption: 0/" +
                           std::to_string(total) +
                           " nodes are available: " + std::to_string(total) +
                           " Preemption is not helpful for scheduling.");
    return;
  }
  modify(types().pods, ns, name, [&](json& p) {
    if (!string_at(p, {"spec", "nodeName"}).empty() || is_terminating(p)) return false;
    p["spec"]["nodeName"] = node;
    return true;
  });
  pending_.erase(key);
}

std::string Scheduler::unbound_claims(const json& pod, const std::string& pod_key) {
  const std::string ns = namespace_of(pod);
  std::string problem;
  for (const auto& claim : pod_claim_names(pod)) {
    std::string claim_key = ns + "/" + claim;
    auto pvc = read(types().pvcs, ns, claim);
    bool usable = false;
    if (!pvc) {
      problem = "persistentvolumeclaim \"" + claim + "\" not found";
    } else if (string_at(*pvc, {"status", "phase"}) == "Bound") {
      usable = true;
    } else {
      std::string class_name = storage_class_of(*pvc);
      auto sc = class_name.empty() ? std::nullopt : read(types().storageclasses, "", class_name);
      usable = sc && sc->value("volumeBindingMode", "") == "WaitForFirstConsumer";
      if (!usable) problem = "pod has unbound immediate PersistentVolumeClaims";
    }
    if (usable) {
      auto it = waiting_on_claim_.find(claim_key);
      if (it != waiting_on_claim_.end()) {
        it->second.erase(pod_key);
        if (it->second.empty()) waiting_on_claim_.erase(it);
      }
    } else {
      waiting_on_claim_[claim_key].insert(pod_key);
    }
  }
  return problem;
}

std::string Scheduler::pick_node(const json& pod) {
  const json& spec = at_path(pod, {"spec"});
  std::vector<std::string> fitting;
  for (const auto& [name, node] : index().nodes())
    if (pod_fits_node(spec, node)) fitting.push_back(name);
  if (fitting.empty()) return "";
  return fitting[next_++ % fitting.size()];
}

void Scheduler::mark_unschedulable(const std::string& ns, const std::string& name,
                                   const std::string& message) {
  modify(types().pods, ns, name, [&](json& p) {
    if (!string_at(p, {"spec", "nodeName"}).empty()) return false;
    json& status = p["status"];
    if (!status.is_object()) status = json::object();
    bool changed = false;
    if (status.value("phase", "") != "Pending") {
      status["phase"] = "Pending";
      changed = true;
    }
    changed |= set_condition(status["conditions"], {{"type", "PodScheduled"},
                                                    {"status", "False"},
                                                    {"lastProbeTime", nullptr},
                                                    {"lastTransitionTime", now_rfc3339()},
                                                    {"reason", "Unschedulable"},
                                                    {"message", message}});
    return changed;
  });
}

}  // namespace coffer::kubesim::controllers
