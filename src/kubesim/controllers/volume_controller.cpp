#include "kubesim/controllers/volume_controller.h"

#include "common/random_id.h"
#include "kube/labels/label_selector.h"
#include "kubesim/controllers/object_helpers.h"
#include "kubesim/controllers/volume_files.h"

namespace coffer::kubesim::controllers {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPvcProtection = "kubernetes.io/pvc-protection";
constexpr const char* kPvProtection = "kubernetes.io/pv-protection";
constexpr const char* kBoundByController = "pv.kubernetes.io/bound-by-controller";
constexpr const char* kBindCompleted = "pv.kubernetes.io/bind-completed";
constexpr const char* kProvisionedBy = "pv.kubernetes.io/provisioned-by";
constexpr std::string_view kClaimPrefix = "pvc:";
constexpr std::string_view kVolumePrefix = "pv:";
constexpr std::string_view kEphemeralPrefix = "eph:";

int64_t requested_bytes(const json& claim) {
  return parse_quantity_bytes(string_at(claim, {"spec", "resources", "requests", "storage"}, "0"))
      .value_or(0);
}

std::set<std::string> string_set(const json& array) {
  std::set<std::string> out;
  if (array.is_array())
    for (const auto& v : array)
      if (v.is_string()) out.insert(v.get<std::string>());
  return out;
}

// kubesim runs no external provisioners: it provisions hostpath volumes for every class except
// those of statically provisioned volumes.
bool simulated_provisioner(const std::string& provisioner) {
  return !provisioner.empty() && provisioner != "kubernetes.io/no-provisioner";
}

bool is_ours(const json& volume) {
  return string_at(volume, {"spec", "csi", "driver"}) == kHostpathDriver;
}

}  // namespace

VolumeController::VolumeController(ControllerHost& host)
    : Controller(host, "persistentvolume-binder", "kube-controller-manager",
                 "system:serviceaccount:kube-system:persistent-volume-binder") {}

fs::path VolumeController::data_dir() { return core().settings().data_dir; }

// ---- observing ----

void VolumeController::observe(const ObservedEvent& event) {
  const std::string& resource = event.resource();
  if (resource == "persistentvolumeclaims") {
    observe_claim(event);
  } else if (resource == "persistentvolumes") {
    observe_volume(event);
  } else if (resource == "pods") {
    observe_pod(event);
  } else if (resource == "storageclasses.storage.k8s.io") {
    if (!event.deleted()) enqueue_pending_claims();
  } else {  // volume snapshots
    const StoredObject& o = event.object();
    auto it = waiting_for_snapshot_.find(o.ns + "/" + o.name);
    if (it != waiting_for_snapshot_.end())
      for (const auto& claim : it->second) enqueue(std::string(kClaimPrefix) + claim);
  }
}

void VolumeController::observe_claim(const ObservedEvent& event) {
  const StoredObject& o = event.object();
  std::string key = o.ns + "/" + o.name;
  if (event.deleted()) {
    pending_claims_.erase(key);
    auto volume = volume_by_claim_.find(key);
    if (volume != volume_by_claim_.end()) enqueue(std::string(kVolumePrefix) + volume->second);
    return;
  }
  const json& claim = event.json();
  bool bound = string_at(claim, {"status", "phase"}) == "Bound";
  if (!bound && !is_terminating(claim))
    pending_claims_.insert(key);
  else
    pending_claims_.erase(key);
  bool needs_work = !bound || is_terminating(claim) ||
                    requested_bytes(claim) > parse_quantity_bytes(string_at(
                                                 claim, {"status", "capacity", "storage"}, "0"))
                                                 .value_or(0);
  if (needs_work) enqueue(std::string(kClaimPrefix) + key);
}

void VolumeController::observe_volume(const ObservedEvent& event) {
  const StoredObject& o = event.object();
  auto previous = volumes_.find(o.name);
  if (previous != volumes_.end()) {
    std::string claim_key = previous->second.claim_ns + "/" + previous->second.claim_name;
    auto by_claim = volume_by_claim_.find(claim_key);
    if (by_claim != volume_by_claim_.end() && by_claim->second == o.name)
      volume_by_claim_.erase(by_claim);
  }
  if (event.deleted()) {
    if (previous != volumes_.end() && !previous->second.claim_name.empty())
      enqueue(std::string(kClaimPrefix) + previous->second.claim_ns + "/" +
              previous->second.claim_name);
    volumes_.erase(o.name);
    return;
  }
  const json& volume = event.json();
  VolumeInfo info;
  info.storage_class = storage_class_of(volume);
  info.phase = string_at(volume, {"status", "phase"});
  info.claim_ns = string_at(volume, {"spec", "claimRef", "namespace"});
  info.claim_name = string_at(volume, {"spec", "claimRef", "name"});
  info.claim_uid = string_at(volume, {"spec", "claimRef", "uid"});
  info.volume_mode = string_at(volume, {"spec", "volumeMode"}, "Filesystem");
  info.capacity =
      parse_quantity_bytes(string_at(volume, {"spec", "capacity", "storage"}, "0")).value_or(0);
  info.access_modes = string_set(at_path(volume, {"spec", "accessModes"}));
  info.labels = labels_of(volume);
  info.terminating = is_terminating(volume);
  bool newly_available = info.phase == "Available" && info.claim_name.empty() &&
                         (previous == volumes_.end() || previous->second.phase != "Available");
  if (!info.claim_name.empty())
    volume_by_claim_[info.claim_ns + "/" + info.claim_name] = o.name;
  volumes_[o.name] = std::move(info);
  enqueue(std::string(kVolumePrefix) + o.name);
  if (newly_available) enqueue_pending_claims();
}

void VolumeController::observe_pod(const ObservedEvent& event) {
  const StoredObject& o = event.object();
  std::string pod_key = o.ns + "/" + o.name;
  auto previous = claims_of_pod_.find(pod_key);
  if (previous != claims_of_pod_.end()) {
    for (const auto& claim : previous->second) {
      auto users = users_.find(claim);
      if (users == users_.end()) continue;
      users->second.erase(pod_key);
      if (users->second.empty()) {
        users_.erase(users);
        enqueue(std::string(kClaimPrefix) + claim);  // maybe its protection can go now
      }
    }
    claims_of_pod_.erase(previous);
  }
  bool uses_claims = event.text_contains("\"claimName\"") || event.text_contains("\"ephemeral\"");
  if (event.deleted() || !uses_claims) return;
  const json& pod = event.json();
  if (pod_finished(pod)) return;
  if (event.type() == EventType::Added && event.text_contains("\"ephemeral\""))
    enqueue(std::string(kEphemeralPrefix) + pod_key);
  std::vector<std::string> claims;
  for (const auto& claim : pod_claim_names(pod)) {
    std::string claim_key = o.ns + "/" + claim;
    claims.push_back(claim_key);
    if (users_[claim_key].insert(pod_key).second && pending_claims_.contains(claim_key))
      enqueue(std::string(kClaimPrefix) + claim_key);
  }
  if (!claims.empty()) claims_of_pod_[pod_key] = std::move(claims);
}

void VolumeController::enqueue_pending_claims() {
  for (const auto& claim : pending_claims_.keys()) enqueue(std::string(kClaimPrefix) + claim);
}

void VolumeController::resync() {
  for (const auto& claim : pending_claims_.due()) enqueue(std::string(kClaimPrefix) + claim);
}

bool VolumeController::claim_in_use(const std::string& claim_key) const {
  auto it = users_.find(claim_key);
  return it != users_.end() && !it->second.empty();
}

// ---- reconciling ----

void VolumeController::reconcile(const std::string& key) {
  if (key.rfind(kClaimPrefix, 0) == 0) {
    auto [ns, name] = split_namespaced_key(key.substr(kClaimPrefix.size()));
    reconcile_claim(ns, name);
  } else if (key.rfind(kVolumePrefix, 0) == 0) {
    reconcile_volume(key.substr(kVolumePrefix.size()));
  } else if (key.rfind(kEphemeralPrefix, 0) == 0) {
    auto [ns, name] = split_namespaced_key(key.substr(kEphemeralPrefix.size()));
    create_ephemeral_claims(ns, name);
  }
}

void VolumeController::create_ephemeral_claims(const std::string& ns, const std::string& name) {
  auto pod = read(types().pods, ns, name);
  if (!pod || is_terminating(*pod) || pod_finished(*pod)) return;
  for (const auto& volume : at_path(*pod, {"spec", "volumes"})) {
    const json& tmpl = at_path(volume, {"ephemeral", "volumeClaimTemplate"});
    if (!tmpl.is_object()) continue;
    std::string claim = name + "-" + string_at(volume, {"name"});
    if (core().store().get(types().pvcs.group_resource(), ns, claim)) continue;
    json metadata = {{"name", claim}, {"ownerReferences", json::array({owner_reference(*pod, true)})}};
    for (const char* field : {"labels", "annotations"}) {
      const json& value = at_path(tmpl, {"metadata", field});
      if (value.is_object()) metadata[field] = value;
    }
    create_if_absent(types().pvcs, ns, {{"metadata", metadata}, {"spec", at_path(tmpl, {"spec"})}});
  }
}

void VolumeController::reconcile_claim(const std::string& ns, const std::string& name) {
  auto claim = read(types().pvcs, ns, name);
  if (!claim) return;
  const std::string key = ns + "/" + name;
  if (is_terminating(*claim)) {
    if (has_finalizer(*claim, kPvcProtection) && !claim_in_use(key))
      modify(types().pvcs, ns, name, [&](json& c) { return remove_finalizer(c, kPvcProtection); });
    return;
  }
  std::string phase = string_at(*claim, {"status", "phase"});
  if (phase == "Bound") {
    check_bound_claim(*claim);
    return;
  }
  if (phase == "Lost") return;
  std::string volume_name = string_at(*claim, {"spec", "volumeName"});
  if (volume_name.empty()) {  // a PV already claimed for it (pre-bound, or provisioned)
    auto claimed = volume_by_claim_.find(key);
    if (claimed != volume_by_claim_.end()) {
      const VolumeInfo& info = volumes_[claimed->second];
      if (info.claim_uid.empty() || info.claim_uid == uid_of(*claim)) volume_name = claimed->second;
    }
  }
  if (volume_name.empty()) volume_name = find_static_volume(*claim);
  if (!volume_name.empty()) {
    bind(volume_name, *claim);
    return;
  }
  std::string class_name = storage_class_of(*claim);
  if (class_name.empty()) return;
  auto storage_class = read(types().storageclasses, "", class_name);
  if (!storage_class || !simulated_provisioner(storage_class->value("provisioner", ""))) return;
  if (storage_class->value("volumeBindingMode", "") == "WaitForFirstConsumer" &&
      !claim_in_use(key))
    return;
  provision(*claim, *storage_class);
}

void VolumeController::check_bound_claim(const json& claim) {
  const std::string ns = namespace_of(claim), name = name_of(claim);
  std::string volume_name = string_at(claim, {"spec", "volumeName"});
  auto volume = volume_name.empty() ? std::nullopt : read(types().pvs, "", volume_name);
  if (!volume) {
    modify(types().pvcs, ns, name, [&](json& c) {
      if (string_at(c, {"status", "phase"}) != "Bound") return false;
      c["status"]["phase"] = "Lost";
      return true;
    });
    return;
  }
  int64_t wanted = requested_bytes(claim);
  if (wanted <= parse_quantity_bytes(string_at(claim, {"status", "capacity", "storage"}, "0"))
                    .value_or(0))
    return;
  auto storage_class = read(types().storageclasses, "", storage_class_of(claim));
  if (!storage_class || !storage_class->value("allowVolumeExpansion", false)) return;
  std::string size = string_at(claim, {"spec", "resources", "requests", "storage"});
  modify(types().pvs, "", volume_name, [&](json& v) {
    if (string_at(v, {"spec", "capacity", "storage"}) == size) return false;
    v["spec"]["capacity"]["storage"] = size;
    return true;
  });
  modify(types().pvcs, ns, name, [&](json& c) {
    if (string_at(c, {"status", "capacity", "storage"}) == size) return false;
    c["status"]["capacity"]["storage"] = size;
    return true;
  });
}

std::string VolumeController::find_static_volume(const json& claim) {
  const std::string storage_class = storage_class_of(claim);
  const std::string mode = string_at(claim, {"spec", "volumeMode"}, "Filesystem");
  const int64_t wanted = requested_bytes(claim);
  const std::set<std::string> modes = string_set(at_path(claim, {"spec", "accessModes"}));
  std::optional<kube::LabelSelector> selector;
  const json& selector_json = at_path(claim, {"spec", "selector"});
  if (selector_json.is_object()) {
    try {
      selector = kube::LabelSelector::from_json(selector_json);
    } catch (const std::exception&) {
      return "";
    }
  }
  std::string best;
  int64_t best_capacity = 0;
  for (const auto& [name, v] : volumes_) {
    if (!v.claim_name.empty() || v.phase != "Available" || v.terminating) continue;
    if (v.storage_class != storage_class || v.volume_mode != mode || v.capacity < wanted) continue;
    if (!std::includes(v.access_modes.begin(), v.access_modes.end(), modes.begin(), modes.end()))
      continue;
    try {
      if (selector && !selector->matches(v.labels)) continue;
    } catch (const std::exception&) {
      continue;
    }
    if (best.empty() || v.capacity < best_capacity) {
      best = name;
      best_capacity = v.capacity;
    }
  }
  return best;
}

std::optional<fs::path> VolumeController::data_source_dir(const json& claim) {
  const std::string ns = namespace_of(claim);
  json source = at_path(claim, {"spec", "dataSourceRef"});
  if (!source.is_object()) source = at_path(claim, {"spec", "dataSource"});
  if (!source.is_object()) return fs::path();
  std::string kind = source.value("kind", ""), name = source.value("name", "");
  if (kind == "VolumeSnapshot") {
    std::string snapshot_key = ns + "/" + name;
    waiting_for_snapshot_[snapshot_key].insert(ns + "/" + name_of(claim));
    auto snapshot = read(types().volumesnapshots, ns, name);
    if (!snapshot || !bool_at(*snapshot, {"status", "readyToUse"}, false)) return std::nullopt;
    auto content = read(types().volumesnapshotcontents, "",
                        string_at(*snapshot, {"status", "boundVolumeSnapshotContentName"}));
    if (!content) return std::nullopt;
    std::string handle = string_at(*content, {"status", "snapshotHandle"},
                                   string_at(*content, {"spec", "source", "snapshotHandle"}));
    if (handle.empty() || handle.find('/') != std::string::npos || handle == "..")
      return std::nullopt;  // not a handle of ours
    auto waiting = waiting_for_snapshot_.find(snapshot_key);
    waiting->second.erase(ns + "/" + name_of(claim));
    if (waiting->second.empty()) waiting_for_snapshot_.erase(waiting);
    return data_dir() / "snapshots" / handle;
  }
  if (kind == "PersistentVolumeClaim") {
    auto source_claim = read(types().pvcs, ns, name);
    if (!source_claim || string_at(*source_claim, {"status", "phase"}) != "Bound")
      return std::nullopt;
    return data_dir() / "volumes" / string_at(*source_claim, {"spec", "volumeName"});
  }
  return fs::path();  // populators kubesim does not know: start empty
}

void VolumeController::provision(const json& claim, const json& storage_class) {
  const std::string volume_name = "pvc-" + uid_of(claim);
  auto source = data_source_dir(claim);
  if (!source) return;  // the snapshot or source claim is not ready yet
  if (!data_dir().empty()) {
    fs::path dir = data_dir() / "volumes" / volume_name;
    if (!fs::exists(dir)) {
      if (!source->empty())
        copy_directory_atomically(*source, dir);
      else
        fs::create_directories(dir);
    }
  }
  json spec = {
      {"accessModes", at_path(claim, {"spec", "accessModes"})},
      {"capacity", {{"storage", string_at(claim, {"spec", "resources", "requests", "storage"})}}},
      {"claimRef",
       {{"kind", "PersistentVolumeClaim"},
        {"namespace", namespace_of(claim)},
        {"name", name_of(claim)},
        {"uid", uid_of(claim)},
        {"apiVersion", "v1"},
        {"resourceVersion", string_at(claim, {"metadata", "resourceVersion"})}}},
      {"csi",
       {{"driver", kHostpathDriver},
        {"fsType", "ext4"},
        {"volumeHandle", random_uuid()},
        {"volumeAttributes",
         {{"storage.kubernetes.io/csiProvisionerIdentity", "kubesim-" + std::string(kHostpathDriver)}}}}},
      {"persistentVolumeReclaimPolicy", storage_class.value("reclaimPolicy", "Delete")},
      {"storageClassName", name_of(storage_class)},
      {"volumeMode", string_at(claim, {"spec", "volumeMode"}, "Filesystem")}};
  if (storage_class.contains("mountOptions")) spec["mountOptions"] = storage_class["mountOptions"];
  json body = {{"metadata",
                {{"name", volume_name},
                 {"annotations", {{kProvisionedBy, storage_class.value("provisioner", "")}}}}},
               {"spec", spec}};
  create_if_absent(types().pvs, "", body);
  bind(volume_name, claim);
}

void VolumeController::bind(const std::string& volume_name, const json& claim) {
  const std::string ns = namespace_of(claim), name = name_of(claim), uid = uid_of(claim);
  json claim_ref = {{"kind", "PersistentVolumeClaim"},
                    {"namespace", ns},
                    {"name", name},
                    {"uid", uid},
                    {"apiVersion", "v1"},
                    {"resourceVersion", string_at(claim, {"metadata", "resourceVersion"})}};
  auto volume = modify(types().pvs, "", volume_name, [&](json& v) {
    const json& ref = at_path(v, {"spec", "claimRef"});
    bool claimed = ref.is_object();
    if (claimed && (ref.value("name", "") != name || ref.value("namespace", "") != ns ||
                    (!ref.value("uid", "").empty() && ref.value("uid", "") != uid)))
      return false;  // someone else's
    if (is_terminating(v)) return false;
    bool changed = false;
    if (!claimed || ref.value("uid", "").empty()) {
      if (!claimed) set_annotation(v, kBoundByController, "yes");
      v["spec"]["claimRef"] = claim_ref;
      changed = true;
    }
    if (string_at(v, {"status", "phase"}) != "Bound") {
      v["status"]["phase"] = "Bound";
      changed = true;
    }
    return changed;
  });
  if (!volume || string_at(*volume, {"spec", "claimRef", "uid"}) != uid) return;
  modify(types().pvcs, ns, name, [&](json& c) {
    if (uid_of(c) != uid) return false;
    bool changed = false;
    if (string_at(c, {"spec", "volumeName"}).empty()) {
      c["spec"]["volumeName"] = volume_name;
      set_annotation(c, kBoundByController, "yes");
      changed = true;
    }
    changed |= set_annotation(c, kBindCompleted, "yes");
    std::string provisioner = annotation_of(*volume, kProvisionedBy);
    if (!provisioner.empty()) {
      changed |= set_annotation(c, "volume.kubernetes.io/storage-provisioner", provisioner);
      changed |= set_annotation(c, "volume.beta.kubernetes.io/storage-provisioner", provisioner);
    }
    json status = {{"phase", "Bound"},
                   {"accessModes", at_path(*volume, {"spec", "accessModes"})},
                   {"capacity", at_path(*volume, {"spec", "capacity"})}};
    json merged = c.contains("status") && c["status"].is_object() ? c["status"] : json::object();
    for (auto& [k, v] : status.items()) merged[k] = v;
    if (merged != c.value("status", json())) {
      c["status"] = std::move(merged);
      changed = true;
    }
    return changed;
  });
}

void VolumeController::reconcile_volume(const std::string& name) {
  auto volume = read(types().pvs, "", name);
  if (!volume) return;
  std::string phase = string_at(*volume, {"status", "phase"});
  if (is_terminating(*volume)) {
    if (has_finalizer(*volume, kPvProtection) && phase != "Bound")
      modify(types().pvs, "", name, [&](json& v) { return remove_finalizer(v, kPvProtection); });
    return;
  }
  const json& ref = at_path(*volume, {"spec", "claimRef"});
  if (!ref.is_object()) {
    if (phase != "Available" && phase != "Failed") set_volume_phase(name, "Available");
    return;
  }
  std::string claim_ns = ref.value("namespace", ""), claim_name = ref.value("name", "");
  std::string claim_uid = ref.value("uid", "");
  auto claim = read(types().pvcs, claim_ns, claim_name);
  if (claim && (claim_uid.empty() || claim_uid == uid_of(*claim))) {
    bool bound_here = string_at(*claim, {"spec", "volumeName"}) == name &&
                      string_at(*claim, {"status", "phase"}) == "Bound";
    if (bound_here && phase != "Bound") set_volume_phase(name, "Bound");
    if (!bound_here) enqueue(std::string(kClaimPrefix) + claim_ns + "/" + claim_name);
    return;
  }
  if (claim_uid.empty()) {  // pre-bound to a claim that does not exist yet
    if (phase != "Available") set_volume_phase(name, "Available");
    return;
  }
  release(*volume);
}

void VolumeController::release(const json& volume) {
  const std::string name = name_of(volume);
  std::string policy = string_at(volume, {"spec", "persistentVolumeReclaimPolicy"}, "Retain");
  if (policy == "Delete") {
    if (is_ours(volume) && !data_dir().empty()) {
      std::error_code ec;
      fs::remove_all(data_dir() / "volumes" / name, ec);
    }
    set_volume_phase(name, "Released");
    DeleteOptions options;
    options.precondition_uid = uid_of(volume);
    try {
      remove(types().pvs, "", name, options);
    } catch (const ApiError& e) {
      if (e.code() != 409) throw;
    }
    return;
  }
  if (policy == "Recycle") {
    if (is_ours(volume) && !data_dir().empty()) {
      std::error_code ec;
      for (const auto& entry : fs::directory_iterator(data_dir() / "volumes" / name, ec))
        fs::remove_all(entry.path(), ec);
    }
    modify(types().pvs, "", name, [&](json& v) {
      v["spec"].erase("claimRef");
      v["status"]["phase"] = "Available";
      return true;
    });
    return;
  }
  if (string_at(volume, {"status", "phase"}) != "Released") set_volume_phase(name, "Released");
}

void VolumeController::set_volume_phase(const std::string& name, const std::string& phase) {
  modify(types().pvs, "", name, [&](json& v) {
    if (string_at(v, {"status", "phase"}) == phase) return false;
    v["status"]["phase"] = phase;
    return true;
  });
}

}  // namespace coffer::kubesim::controllers
