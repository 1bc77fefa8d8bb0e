#include "kubesim/controllers/cluster_index.h"

#include "kubesim/controllers/object_helpers.h"

namespace coffer::kubesim::controllers {

const nlohmann::json& ObservedEvent::json() const {
  if (!parsed_) parsed_ = nlohmann::json::parse(event_.object->json);
  return *parsed_;
}

std::string ObjectRef::key() const { return resource + "|" + ns + "|" + name; }

ObjectRef ObjectRef::from_key(std::string_view key) {
  size_t first = key.find('|');
  size_t second = first == std::string_view::npos ? first : key.find('|', first + 1);
  if (second == std::string_view::npos) return {std::string(key), "", ""};
  return {std::string(key.substr(0, first)), std::string(key.substr(first + 1, second - first - 1)),
          std::string(key.substr(second + 1))};
}

void ClusterIndex::apply(const ObservedEvent& event) {
  const StoredObject& object = event.object();
  index_owners(object, event.deleted());
  if (object.resource == "pods" || object.resource == "replicasets.apps")
    index_orphan(object, event.deleted());
  if (object.resource == "nodes") index_node(event);
}

void ClusterIndex::clear() {
  dependents_.clear();
  owners_.clear();
  orphans_.clear();
  nodes_.clear();
}

void ClusterIndex::index_owners(const StoredObject& object, bool deleted) {
  ObjectRef ref = ObjectRef::of(object);
  std::string key = ref.key();
  auto previous = owners_.find(key);
  const std::vector<std::string> empty;
  const std::vector<std::string>& now = deleted ? empty : object.owner_uids;
  if (previous != owners_.end() && previous->second == now) return;
  if (previous != owners_.end()) {
    for (const auto& uid : previous->second) {
      auto it = dependents_.find(uid);
      if (it == dependents_.end()) continue;
      it->second.erase(ref);
      if (it->second.empty()) dependents_.erase(it);
    }
    owners_.erase(previous);
  }
  if (now.empty()) return;
  for (const auto& uid : now) dependents_[uid].insert(ref);
  owners_.emplace(std::move(key), now);
}

void ClusterIndex::index_orphan(const StoredObject& object, bool deleted) {
  auto slot = std::make_pair(object.resource, object.ns);
  if (!deleted && object.owner_uids.empty()) {
    orphans_[slot].insert(object.name);
    return;
  }
  auto it = orphans_.find(slot);
  if (it == orphans_.end()) return;
  it->second.erase(object.name);
  if (it->second.empty()) orphans_.erase(it);
}

void ClusterIndex::index_node(const ObservedEvent& event) {
  const std::string& name = event.object().name;
  if (event.deleted()) {
    nodes_.erase(name);
    return;
  }
  const auto& obj = event.json();
  NodeInfo info;
  info.name = name;
  if (labels_of(obj).is_object()) info.labels = labels_of(obj);
  const auto& taints = at_path(obj, {"spec", "taints"});
  if (taints.is_array()) info.taints = taints;
  info.unschedulable = bool_at(obj, {"spec", "unschedulable"}, false);
  info.pod_cidr = string_at(obj, {"spec", "podCIDR"});
  info.ready = condition_is_true(at_path(obj, {"status", "conditions"}), "Ready");
  const auto& addresses = at_path(obj, {"status", "addresses"});
  if (addresses.is_array())
    for (const auto& a : addresses)
      if (a.is_object() && a.value("type", "") == "InternalIP") info.internal_ip = a.value("address", "");
  nodes_[name] = std::move(info);
}

std::vector<ObjectRef> ClusterIndex::dependents_of(const std::string& owner_uid) const {
  auto it = dependents_.find(owner_uid);
  if (it == dependents_.end()) return {};
  return {it->second.begin(), it->second.end()};
}

std::vector<ObjectRef> ClusterIndex::dependents_of(const std::string& owner_uid,
                                                   std::string_view resource) const {
  std::vector<ObjectRef> out;
  auto it = dependents_.find(owner_uid);
  if (it == dependents_.end()) return out;
  for (const auto& ref : it->second)
    if (ref.resource == resource) out.push_back(ref);
  return out;
}

bool ClusterIndex::has_dependents(const std::string& owner_uid) const {
  return dependents_.count(owner_uid) != 0;
}

std::vector<std::string> ClusterIndex::orphans(std::string_view resource,
                                               const std::string& ns) const {
  auto it = orphans_.find(std::make_pair(std::string(resource), ns));
  if (it == orphans_.end()) return {};
  return {it->second.begin(), it->second.end()};
}

const NodeInfo* ClusterIndex::node(const std::string& name) const {
  auto it = nodes_.find(name);
  return it == nodes_.end() ? nullptr : &it->second;
}

}  // namespace coffer::kubesim::controllers
