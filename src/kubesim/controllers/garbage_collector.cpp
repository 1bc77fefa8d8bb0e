#include "kubesim/controllers/garbage_collector.h"

#include "kubesim/controllers/object_helpers.h"

namespace coffer::kubesim::controllers {
namespace {

constexpr const char* kForeground = "foregroundDeletion";
constexpr const char* kOrphan = "orphan";
constexpr std::string_view kDependentPrefix = "dependent|";
constexpr std::string_view kOwnerPrefix = "owner|";

bool in_owner_deletion(const json& obj) {
  return is_terminating(obj) && (has_finalizer(obj, kForeground) || has_finalizer(obj, kOrphan));
}

}  // namespace

GarbageCollector::GarbageCollector(ControllerHost& host)
    : Controller(host, "garbage-collector", "kube-controller-manager",
                 "system:serviceaccount:kube-system:generic-garbage-collector") {}

void GarbageCollector::observe(const ObservedEvent& event) {
  const StoredObject& o = event.object();
  ObjectRef ref = ObjectRef::of(o);
  if (event.initial()) {
    seen_uids_.insert(o.uid);
    if (!o.owner_uids.empty()) unverified_.emplace_back(ref, o.owner_uids);
  }
  if (event.deleted()) {
    deleting_owners_.erase(o.uid);
    for (const auto& dependent : index().dependents_of(o.uid))
      enqueue(std::string(kDependentPrefix) + dependent.key());
    for (const auto& owner_uid : o.owner_uids) {
      auto owner = deleting_owners_.find(owner_uid);
      if (owner != deleting_owners_.end()) enqueue(std::string(kOwnerPrefix) + owner->second.key());
    }
    return;
  }
  if (!event.initial() && event.type() == EventType::Added && !o.owner_uids.empty())
    enqueue(std::string(kDependentPrefix) + ref.key());
  bool may_finalize = event.text_contains("\"deletionTimestamp\"") &&
                      (event.text_contains(kForeground) || event.text_contains("\"orphan\""));
  if (may_finalize && in_owner_deletion(event.json())) {
    deleting_owners_[o.uid] = ref;
    enqueue(std::string(kOwnerPrefix) + ref.key());
    return;
  }
  deleting_owners_.erase(o.uid);
}

void GarbageCollector::primed() {
  for (const auto& [ref, owners] : unverified_)
    for (const auto& uid : owners)
      if (!seen_uids_.count(uid)) {
        enqueue(std::string(kDependentPrefix) + ref.key());
        break;
      }
  seen_uids_.clear();
  unverified_.clear();
  unverified_.shrink_to_fit();
}

void GarbageCollector::resync() {
  for (const auto& [uid, ref] : deleting_owners_) enqueue(std::string(kOwnerPrefix) + ref.key());
}

void GarbageCollector::reconcile(const std::string& key) {
  if (key.rfind(kDependentPrefix, 0) == 0)
    collect_dependent(ObjectRef::from_key(key.substr(kDependentPrefix.size())));
  else if (key.rfind(kOwnerPrefix, 0) == 0)
    finish_owner(ObjectRef::from_key(key.substr(kOwnerPrefix.size())));
}

std::optional<ResourceType> GarbageCollector::owner_type(const json& reference) {
  std::string api_version = reference.value("apiVersion", "");
  std::string kind = reference.value("kind", "");
  size_t slash = api_version.find('/');
  std::string group = slash == std::string::npos ? "" : api_version.substr(0, slash);
  std::string version = slash == std::string::npos ? api_version : api_version.substr(slash + 1);
  if (auto rt = core().registry().find_kind(group, version, kind)) return rt;
  for (const auto& rt : core().registry().all())  // a version no longer served
    if (rt.group == group && rt.kind == kind) return core().registry().find_preferred(group, rt.resource);
  return std::nullopt;
}

GarbageCollector::OwnerState GarbageCollector::owner_state(const json& reference,
                                                           const std::string& dependent_ns) {
  auto rt = owner_type(reference);
  if (!rt) return OwnerState::Alive;  // unknown kinds are never collected
  if (rt->namespaced && dependent_ns.empty()) return OwnerState::Gone;
  auto stored = core().store().get(rt->group_resource(), rt->namespaced ? dependent_ns : "",
                                   reference.value("name", ""));
  if (!stored || stored->uid != reference.value("uid", "")) return OwnerState::Gone;
  if (stored->json.find(kForeground) != std::string::npos) {
    json owner = json::parse(stored->json);
    if (is_terminating(owner) && has_finalizer(owner, kForeground))
      return OwnerState::DeletingForeground;
  }
  return OwnerState::Alive;
}

void GarbageCollector::collect_dependent(const ObjectRef& ref) {
  auto [group, resource] = split_group_resource(ref.resource);
  auto rt = core().registry().find_preferred(group, resource);
  if (!rt) return;
  auto dependent = read(*rt, ref.ns, ref.name);
  if (!dependent) return;
  const json& refs = at_path(*dependent, {"metadata", "ownerReferences"});
  if (!refs.is_array() || refs.empty()) return;
  bool alive = false, waiting = false;
  std::vector<std::string> gone;
  for (const auto& owner : refs) {
    switch (owner_state(owner, ref.ns)) {
      case OwnerState::Alive: alive = true; break;
      case OwnerState::DeletingForeground: waiting = true; break;
      case OwnerState::Gone: gone.push_back(owner.value("uid", "")); break;
    }
  }
  if (!alive) {
    if (is_terminating(*dependent)) return;
    DeleteOptions options;
    options.precondition_uid = uid_of(*dependent);
    options.propagation_policy =
        waiting && index().has_dependents(uid_of(*dependent)) ? "Foreground" : "Background";
    try {
      remove(*rt, ref.ns, ref.name, options);
    } catch (const ApiError& e) {
      if (e.code() != 409) throw;
    }
    return;
  }
  if (gone.empty()) return;
  const std::string uid = uid_of(*dependent);
  modify(*rt, ref.ns, ref.name, [&](json& obj) {
    if (uid_of(obj) != uid) return false;
    bool changed = false;
    for (const auto& owner_uid : gone) changed |= remove_owner_reference(obj, owner_uid);
    return changed;
  });
}

void GarbageCollector::finish_owner(const ObjectRef& ref) {
  auto [group, resource] = split_group_resource(ref.resource);
  auto rt = core().registry().find_preferred(group, resource);
  if (!rt) return;
  auto owner = read(*rt, ref.ns, ref.name);
  if (!owner || !in_owner_deletion(*owner)) return;
  const std::string uid = uid_of(*owner);
  const char* finished = nullptr;
  if (has_finalizer(*owner, kOrphan)) {
    orphan_dependents(*owner);
    finished = kOrphan;
  } else if (delete_dependents(*owner)) {
    finished = kForeground;
  }
  if (!finished) return;  // dependents still going; their deletions bring us back
  modify(*rt, ref.ns, ref.name, [&](json& obj) {
    return uid_of(obj) == uid && remove_finalizer(obj, finished);
  });
}

void GarbageCollector::orphan_dependents(const json& owner) {
  const std::string uid = uid_of(owner);
  for (const auto& dependent : index().dependents_of(uid)) {
    auto [group, resource] = split_group_resource(dependent.resource);
    auto rt = core().registry().find_preferred(group, resource);
    if (!rt) continue;
    modify(*rt, dependent.ns, dependent.name,
           [&](json& obj) { return remove_owner_reference(obj, uid); });
  }
}

bool GarbageCollector::delete_dependents(const json& owner) {
  const std::string uid = uid_of(owner);
  bool remaining = false;
  for (const auto& ref : index().dependents_of(uid)) {
    auto [group, resource] = split_group_resource(ref.resource);
    auto rt = core().registry().find_preferred(group, resource);
    if (!rt) continue;
    auto dependent = read(*rt, ref.ns, ref.name);
    if (!dependent || !has_owner(*dependent, uid)) continue;
    remaining = true;
    if (is_terminating(*dependent)) continue;
    bool other_owner_alive = false;
    for (const auto& other : at_path(*dependent, {"metadata", "ownerReferences"}))
      if (other.value("uid", "") != uid && owner_state(other, ref.ns) == OwnerState::Alive)
        other_owner_alive = true;
    if (other_owner_alive) {
      modify(*rt, ref.ns, ref.name, [&](json& obj) { return remove_owner_reference(obj, uid); });
      continue;
    }
    DeleteOptions options;
    options.precondition_uid = uid_of(*dependent);
    options.propagation_policy =
        index().has_dependents(uid_of(*dependent)) ? "Foreground" : "Background";
    try {
      remove(*rt, ref.ns, ref.name, options);
    } catch (const ApiError& e) {
      if (e.code() != 409) throw;
    }
  }
  return !remaining;
}

}  // namespace coffer::kubesim::controllers
