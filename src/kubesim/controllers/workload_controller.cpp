#include "kubesim/controllers/workload_controller.h"

#include <algorithm>

#include "kubesim/controllers/object_helpers.h"

namespace coffer::kubesim::controllers {

WorkloadController::WorkloadController(ControllerHost& host, std::string name,
                                       const ResourceType& owner_type, std::string user)
    : Controller(host, std::move(name), "kube-controller-manager", std::move(user)),
      owner_type_(owner_type) {}

std::vector<std::string> WorkloadController::watched_resources() const {
  return {owner_type_.group_resource(), "pods"};
}

void WorkloadController::observe(const ObservedEvent& event) {
  const StoredObject& o = event.object();
  if (o.resource == owner_type_.group_resource()) {
    if (event.deleted())
      key_by_uid_.erase(o.uid);
    else
      key_by_uid_[o.uid] = o.ns + "/" + o.name;
    observe_owner(event);
    return;
  }
  if (o.resource != "pods") return;
  for (const auto& uid : o.owner_uids) {
    auto it = key_by_uid_.find(uid);
    if (it != key_by_uid_.end()) enqueue(it->second);
  }
}

void WorkloadController::observe_owner(const ObservedEvent& event) {
  if (!event.deleted()) enqueue(event.object().ns + "/" + event.object().name);
}

void WorkloadController::enqueue_all_owners() {
  for (const auto& [uid, key] : key_by_uid_) enqueue(key);
}

std::optional<kube::LabelSelector> WorkloadController::selector_of(const json& owner) {
  const json& selector = at_path(owner, {"spec", "selector"});
  if (!selector.is_object()) return std::nullopt;
  try {
    return kube::LabelSelector::from_json(selector);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::vector<json> WorkloadController::owned_pods(const json& owner, bool adopt) {
  const std::string uid = uid_of(owner), ns = namespace_of(owner);
  std::vector<json> pods;
  for (const auto& ref : index().dependents_of(uid, "pods")) {
    auto pod = read(types().pods, ref.ns, ref.name);
    if (pod && is_controlled_by(*pod, uid)) pods.push_back(std::move(*pod));
  }
  auto selector = adopt ? selector_of(owner) : std::nullopt;
  if (!selector || selector->empty()) return pods;
  for (const auto& name : index().orphans("pods", ns)) {
    auto stored = core().store().get("pods", ns, name);
    if (!stored || !stored->owner_uids.empty() || !selector->matches(stored->labels)) continue;
    auto adopted = modify(types().pods, ns, name, [&](json& pod) {
      if (controller_reference(pod) || is_terminating(pod)) return false;
      json& refs = pod["metadata"]["ownerReferences"];
      if (!refs.is_array()) refs = json::array();
      refs.push_back(owner_reference(owner, true));
      return true;
    });
    if (adopted && is_controlled_by(*adopted, uid)) pods.push_back(std::move(*adopted));
  }
  return pods;
}

json WorkloadController::pod_from_template(const json& owner) const {
  const json& tmpl = at_path(owner, {"spec", "template"});
  json metadata = {{"ownerReferences", json::array({owner_reference(owner, true)})}};
  for (const char* field : {"labels", "annotations", "finalizers"}) {
    const json& value = at_path(tmpl, {"metadata", field});
    if (!value.is_null()) metadata[field] = value;
  }
  if (!metadata.contains("labels")) metadata["labels"] = json::object();
  json spec = at_path(tmpl, {"spec"});
  if (!spec.is_object()) spec = json::object();
  return {{"metadata", metadata}, {"spec", spec}};
}

WorkloadController::Revision WorkloadController::ensure_revision(const json& owner,
                                                                 const json& tmpl,
                                                                 int64_t history) {
  const std::string uid = uid_of(owner), ns = namespace_of(owner);
  Revision wanted;
  wanted.hash = short_hash(tmpl);
  wanted.name = name_of(owner) + "-" + wanted.hash;
  std::vector<json> revisions;
  for (const auto& ref : index().dependents_of(uid, "controllerrevisions.apps")) {
    auto rev = read(types().controllerrevisions, ref.ns, ref.name);
    if (rev && is_controlled_by(*rev, uid)) revisions.push_back(std::move(*rev));
  }
  int64_t highest = 0, mine = 0;
  for (const auto& rev : revisions) {
    int64_t number = int_at(rev, {"revision"}, 0);
    if (name_of(rev) == wanted.name)
      mine = number;
    else
      highest = std::max(highest, number);
  }
  if (mine == 0) {
    json labels = at_path(tmpl, {"metadata", "labels"});
    if (!labels.is_object()) labels = json::object();
    labels["controller.kubernetes.io/hash"] = wanted.hash;
    json data_template = tmpl;
    data_template["$patch"] = "replace";
    json body = {{"metadata",
                  {{"name", wanted.name},
                   {"labels", labels},
                   {"ownerReferences", json::array({owner_reference(owner, true)})}}},
                 {"data", {{"spec", {{"template", data_template}}}}},
                 {"revision", highest + 1}};
    if (!create_if_absent(types().controllerrevisions, ns, body)) {
      auto existing = read(types().controllerrevisions, ns, wanted.name);
      mine = existing ? int_at(*existing, {"revision"}, highest + 1) : highest + 1;
    } else {
      mine = highest + 1;
    }
  } else if (mine < highest) {  // rolled back to an older template: it becomes the newest
    modify(types().controllerrevisions, ns, wanted.name, [&](json& rev) {
      rev["revision"] = highest + 1;
      return true;
    });
    mine = highest + 1;
  }
  wanted.number = mine;
  std::vector<const json*> old;
  for (const auto& rev : revisions)
    if (name_of(rev) != wanted.name) old.push_back(&rev);
  if (int64_t(old.size()) > history) {
    std::sort(old.begin(), old.end(), [](const json* a, const json* b) {
      return int_at(*a, {"revision"}, 0) < int_at(*b, {"revision"}, 0);
    });
    for (size_t i = 0; i < old.size() - size_t(std::max<int64_t>(history, 0)); ++i)
      remove(types().controllerrevisions, ns, name_of(*old[i]));
  }
  return wanted;
}

}  // namespace coffer::kubesim::controllers
