#pragma once
// ClusterIndex: the in-memory indexes several controllers share, kept up to date from store
// events by the ControllerManager before any controller observes the event:
//   - owner uid → dependents (every resource; from StoredObject.owner_uids),
//   - orphans: pods and replicasets without ownerReferences, per namespace (for adoption),
//   - the nodes, with what scheduling needs to know of them.
// Only touched on the manager thread; not thread-safe.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "kubesim/store/object_store.h"

namespace coffer::kubesim::controllers {

// One store event as controllers see it, with the object's JSON parsed at most once.
class ObservedEvent {
 public:
  ObservedEvent(const Event& event, bool initial) : event_(event), initial_(initial) {}
  EventType type() const { return event_.type; }
  bool deleted() const { return event_.type == EventType::Deleted; }
  // Part of the initial listing of the store (start or relist) rather than a live change.
  bool initial() const { return initial_; }
  const StoredObject& object() const { return *event_.object; }
  const std::string& resource() const { return event_.object->resource; }
  const nlohmann::json& json() const;
  // Cheap test on the raw JSON text before parsing.
  bool text_contains(std::string_view needle) const {
    return event_.object->json.find(needle) != std::string::npos;
  }

 private:
  const Event& event_;
  bool initial_;
  mutable std::optional<nlohmann::json> parsed_;
};

// An object's identity in the store.
struct ObjectRef {
  std::string resource;  // group-resource
  std::string ns;
  std::string name;
  auto operator<=>(const ObjectRef&) const = default;

  std::string key() const;  // "resource|ns|name", for work queues
  static ObjectRef from_key(std::string_view key);
  static ObjectRef of(const StoredObject& o) { return {o.resource, o.ns, o.name}; }
};

struct NodeInfo {
  std::string name;
  nlohmann::json labels = nlohmann::json::object();
  nlohmann::json taints = nlohmann::json::array();
  bool ready = false;
  bool unschedulable = false;
  std::string internal_ip;
  std::string pod_cidr;
};

class ClusterIndex {
 public:
  void apply(const ObservedEvent& event);
  void clear();

  std::vector<ObjectRef> dependents_of(const std::string& owner_uid) const;
  std::vector<ObjectRef> dependents_of(const std::string& owner_uid,
                                       std::string_view resource) const;
  bool has_dependents(const std::string& owner_uid) const;
  // Names of the objects of `resource` ("pods" or "replicasets.apps") in `ns` without owners.
  std::vector<std::string> orphans(std::string_view resource, const std::string& ns) const;

  const std::map<std::string, NodeInfo>& nodes() const { return nodes_; }
  const NodeInfo* node(const std::string& name) const;

 private:
  void index_owners(const StoredObject& object, bool deleted);
  void index_orphan(const StoredObject& object, bool deleted);
  void index_node(const ObservedEvent& event);

  std::unordered_map<std::string, std::set<ObjectRef>> dependents_;
  std::unordered_map<std::string, std::vector<std::string>> owners_;  // ObjectRef key → uids
  std::map<std::pair<std::string, std::string>, std::set<std::string>> orphans_;
  std::map<std::string, NodeInfo> nodes_;
};

}  // namespace coffer::kubesim::controllers
