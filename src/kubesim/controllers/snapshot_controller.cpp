#include "kubesim/controllers/snapshot_controller.h"

#include "kubesim/controllers/object_helpers.h"
#include "kubesim/controllers/volume_files.h"

namespace coffer::kubesim::controllers {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kSnapshotPrefix = "vs:";
constexpr std::string_view kContentPrefix = "vsc:";
constexpr const char* kDefaultClassAnnotation = "snapshot.storage.kubernetes.io/is-default-class";

int64_t now_nanoseconds() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string rfc3339_from_nanoseconds(int64_t ns) {
  return format_rfc3339(std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::nanoseconds(ns))));
}

std::string content_handle(const json& content) {
  return string_at(content, {"status", "snapshotHandle"},
                   string_at(content, {"spec", "source", "snapshotHandle"}));
}

}  // namespace

SnapshotController::SnapshotController(ControllerHost& host)
    : Controller(host, "snapshot-controller", "snapshot-controller",
                 "system:serviceaccount:kube-system:snapshot-controller") {}

fs::path SnapshotController::snapshots_dir() {
  return fs::path(core().settings().data_dir) / "snapshots";
}

void SnapshotController::observe(const ObservedEvent& event) {
  const std::string& resource = event.resource();
  if (resource == "persistentvolumeclaims") {
    const StoredObject& o = event.object();
    auto it = waiting_on_claim_.find(o.ns + "/" + o.name);
    if (it == waiting_on_claim_.end()) return;
    for (const auto& snapshot : it->second) enqueue(std::string(kSnapshotPrefix) + snapshot);
    waiting_on_claim_.erase(it);
  } else if (resource == "volumesnapshots.snapshot.storage.k8s.io") {
    observe_snapshot(event);
  } else {
    observe_content(event);
  }
}

void SnapshotController::observe_snapshot(const ObservedEvent& event) {
  const StoredObject& o = event.object();
  std::string key = o.ns + "/" + o.name;
  const json& snapshot = event.json();
  if (event.deleted()) {
    pending_.erase(key);
    std::string content = string_at(snapshot, {"status", "boundVolumeSnapshotContentName"},
                                    string_at(snapshot, {"spec", "source", "volumeSnapshotContentName"},
                                              "snapcontent-" + o.uid));
    enqueue(std::string(kContentPrefix) + content);
    return;
  }
  bool ready = bool_at(snapshot, {"status", "readyToUse"}, false) &&
               !string_at(snapshot, {"status", "boundVolumeSnapshotContentName"}).empty();
  if (ready) {
    pending_.erase(key);
    return;
  }
  pending_.insert(key);
  enqueue(std::string(kSnapshotPrefix) + key);
}

void SnapshotController::observe_content(const ObservedEvent& event) {
  const StoredObject& o = event.object();
  if (!event.deleted()) {
    enqueue(std::string(kContentPrefix) + o.name);
    return;
  }
  const json& content = event.json();
  std::string handle = content_handle(content);
  if (handle.empty() || handle.find('/') != std::string::npos || handle == ".." ||
      core().settings().data_dir.empty())
    return;
  if (string_at(content, {"spec", "deletionPolicy"}) == "Delete" &&
      string_at(content, {"spec", "driver"}) == kHostpathDriver) {
    std::error_code ec;
    fs::remove_all(snapshots_dir() / handle, ec);
  }
}

void SnapshotController::resync() {
  for (const auto& key : pending_.due()) enqueue(std::string(kSnapshotPrefix) + key);
}

void SnapshotController::reconcile(const std::string& key) {
  if (key.rfind(kSnapshotPrefix, 0) == 0) {
    auto [ns, name] = split_namespaced_key(key.substr(kSnapshotPrefix.size()));
    reconcile_snapshot(ns, name);
  } else if (key.rfind(kContentPrefix, 0) == 0) {
    reconcile_content(key.substr(kContentPrefix.size()));
  }
}

void SnapshotController::reconcile_snapshot(const std::string& ns, const std::string& name) {
  auto snapshot = read(types().volumesnapshots, ns, name);
  if (!snapshot) {
    pending_.erase(ns + "/" + name);
    return;
  }
  if (is_terminating(*snapshot)) return;
  if (bool_at(*snapshot, {"status", "readyToUse"}, false) &&
      !string_at(*snapshot, {"status", "boundVolumeSnapshotContentName"}).empty())
    return;
  bool preprovisioned =
      !string_at(*snapshot, {"spec", "source", "volumeSnapshotContentName"}).empty();
  auto content = preprovisioned ? bind_preprovisioned(*snapshot) : take_snapshot(*snapshot);
  if (content && bool_at(*content, {"status", "readyToUse"}, false))
    publish_status(*snapshot, *content);
}

std::optional<json> SnapshotController::snapshot_class(const json& snapshot) {
  std::string name = string_at(snapshot, {"spec", "volumeSnapshotClassName"});
  if (!name.empty()) return read(types().volumesnapshotclasses, "", name);
  for (auto& cls : core().list_json(types().volumesnapshotclasses, ""))
    if (annotation_of(cls, kDefaultClassAnnotation) == "true" &&
        cls.value("driver", "") == kHostpathDriver)
      return cls;
  return std::nullopt;
}

std::optional<json> SnapshotController::take_snapshot(const json& snapshot) {
  const std::string ns = namespace_of(snapshot), name = name_of(snapshot);
  const std::string uid = uid_of(snapshot);
  const std::string content_name = "snapcontent-" + uid;
  if (auto existing = read(types().volumesnapshotcontents, "", content_name)) {
    if (!bool_at(*existing, {"status", "readyToUse"}, false)) {
      std::string handle = content_handle(*existing);
      mark_content_ready(content_name, handle.empty() ? uid : handle,
                         int_at(*existing, {"status", "restoreSize"}, 0));
      existing = read(types().volumesnapshotcontents, "", content_name);
    }
    return existing;
  }
  const std::string claim_name = string_at(snapshot, {"spec", "source", "persistentVolumeClaimName"});
  if (claim_name.empty()) return std::nullopt;
  auto claim = read(types().pvcs, ns, claim_name);
  if (!claim || string_at(*claim, {"status", "phase"}) != "Bound") {
    waiting_on_claim_[ns + "/" + claim_name].insert(ns + "/" + name);
    return std::nullopt;
  }
  auto volume = read(types().pvs, "", string_at(*claim, {"spec", "volumeName"}));
  if (!volume) return std::nullopt;
  if (string_at(*volume, {"spec", "csi", "driver"}) != kHostpathDriver) {
    set_error(snapshot, "Failed to create snapshot: the volume of claim \"" + claim_name +
                            "\" is not provisioned by " + kHostpathDriver);
    return std::nullopt;
  }
  auto cls = snapshot_class(snapshot);
  if (!cls) {
    set_error(snapshot, "Failed to get snapshot class with error: no default VolumeSnapshotClass "
                        "found for driver " + std::string(kHostpathDriver));
    return std::nullopt;
  }
  const std::string class_name = name_of(*cls);
  if (string_at(snapshot, {"spec", "volumeSnapshotClassName"}).empty())
    modify(types().volumesnapshots, ns, name, [&](json& s) {
      if (!string_at(s, {"spec", "volumeSnapshotClassName"}).empty()) return false;
      s["spec"]["volumeSnapshotClassName"] = class_name;
      return true;
    });
  const std::string handle = uid;
  if (!core().settings().data_dir.empty()) {
    fs::path copy = snapshots_dir() / handle;
    if (!fs::exists(copy))
      copy_directory_atomically(fs::path(core().settings().data_dir) / "volumes" / name_of(*volume),
                                copy);
  }
  int64_t size =
      parse_quantity_bytes(string_at(*volume, {"spec", "capacity", "storage"}, "0")).value_or(0);
  json body = {
      {"metadata", {{"name", content_name}}},
      {"spec",
       {{"deletionPolicy", cls->value("deletionPolicy", "Delete")},
        {"driver", kHostpathDriver},
        {"source", {{"volumeHandle", string_at(*volume, {"spec", "csi", "volumeHandle"})}}},
        {"sourceVolumeMode", string_at(*volume, {"spec", "volumeMode"}, "Filesystem")},
        {"volumeSnapshotClassName", class_name},
        {"volumeSnapshotRef",
         {{"apiVersion", types().volumesnapshots.api_version()},
          {"kind", "VolumeSnapshot"},
          {"name", name},
          {"namespace", ns},
          {"uid", uid},
          {"resourceVersion", string_at(snapshot, {"metadata", "resourceVersion"})}}}}}};
  create_if_absent(types().volumesnapshotcontents, "", body);
  mark_content_ready(content_name, handle, size);
  return read(types().volumesnapshotcontents, "", content_name);
}

std::optional<json> SnapshotController::bind_preprovisioned(const json& snapshot) {
  const std::string ns = namespace_of(snapshot), name = name_of(snapshot), uid = uid_of(snapshot);
  const std::string content_name =
      string_at(snapshot, {"spec", "source", "volumeSnapshotContentName"});
  auto content = read(types().volumesnapshotcontents, "", content_name);
  if (!content) return std::nullopt;
  const json& ref = at_path(*content, {"spec", "volumeSnapshotRef"});
  std::string ref_uid = string_at(ref, {"uid"});
  if (string_at(ref, {"name"}) != name || string_at(ref, {"namespace"}) != ns ||
      (!ref_uid.empty() && ref_uid != uid)) {
    set_error(snapshot, "VolumeSnapshotContent \"" + content_name +
                            "\" is bound to a different VolumeSnapshot");
    return std::nullopt;
  }
  if (ref_uid.empty())
    modify(types().volumesnapshotcontents, "", content_name, [&](json& c) {
      if (!string_at(c, {"spec", "volumeSnapshotRef", "uid"}).empty()) return false;
      c["spec"]["volumeSnapshotRef"]["uid"] = uid;
      return true;
    });
  if (!bool_at(*content, {"status", "readyToUse"}, false)) {
    std::string handle = content_handle(*content);
    int64_t size = core().settings().data_dir.empty() || handle.empty() ||
                           handle.find('/') != std::string::npos
                       ? 0
                       : directory_size(snapshots_dir() / handle);
    mark_content_ready(content_name, handle, size);
  }
  return read(types().volumesnapshotcontents, "", content_name);
}

void SnapshotController::mark_content_ready(const std::string& name, const std::string& handle,
                                            int64_t size) {
  modify(types().volumesnapshotcontents, "", name, [&](json& c) {
    json& status = c["status"];
    if (!status.is_object()) status = json::object();
    json before = status;
    if (!status.contains("creationTime")) status["creationTime"] = now_nanoseconds();
    status["readyToUse"] = true;
    if (!status.contains("restoreSize")) status["restoreSize"] = size;
    status["snapshotHandle"] = handle;
    status.erase("error");
    return status != before;
  });
}

void SnapshotController::publish_status(const json& snapshot, const json& content) {
  json status = {{"boundVolumeSnapshotContentName", name_of(content)},
                 {"readyToUse", bool_at(content, {"status", "readyToUse"}, false)},
                 {"restoreSize", format_bytes(int_at(content, {"status", "restoreSize"}, 0))}};
  int64_t created = int_at(content, {"status", "creationTime"}, 0);
  if (created > 0) status["creationTime"] = rfc3339_from_nanoseconds(created);
  const std::string uid = uid_of(snapshot);
  modify(types().volumesnapshots, namespace_of(snapshot), name_of(snapshot), [&](json& s) {
    if (uid_of(s) != uid || s.value("status", json()) == status) return false;
    s["status"] = status;
    return true;
  });
  pending_.erase(namespace_of(snapshot) + "/" + name_of(snapshot));
}

void SnapshotController::set_error(const json& snapshot, const std::string& message) {
  const std::string uid = uid_of(snapshot);
  modify(types().volumesnapshots, namespace_of(snapshot), name_of(snapshot), [&](json& s) {
    if (uid_of(s) != uid || string_at(s, {"status", "error", "message"}) == message) return false;
    s["status"]["error"] = {{"message", message}, {"time", now_rfc3339()}};
    s["status"]["readyToUse"] = false;
    return true;
  });
}

void SnapshotController::reconcile_content(const std::string& name) {
  auto content = read(types().volumesnapshotcontents, "", name);
  if (!content) return;
  const std::string preprovisioned = string_at(*content, {"spec", "source", "snapshotHandle"});
  if (!preprovisioned.empty() && !bool_at(*content, {"status", "readyToUse"}, false)) {
    int64_t size = core().settings().data_dir.empty() || preprovisioned.find('/') != std::string::npos
                       ? 0
                       : directory_size(snapshots_dir() / preprovisioned);
    mark_content_ready(name, preprovisioned, size);
  }
  const json& ref = at_path(*content, {"spec", "volumeSnapshotRef"});
  std::string ref_ns = string_at(ref, {"namespace"}), ref_name = string_at(ref, {"name"});
  std::string ref_uid = string_at(ref, {"uid"});
  auto snapshot = ref_name.empty() ? std::nullopt : read(types().volumesnapshots, ref_ns, ref_name);
  if (!ref_uid.empty() && (!snapshot || uid_of(*snapshot) != ref_uid)) {
    if (string_at(*content, {"spec", "deletionPolicy"}) == "Delete" && !is_terminating(*content)) {
      DeleteOptions options;
      options.precondition_uid = uid_of(*content);
      try {
        remove(types().volumesnapshotcontents, "", name, options);
      } catch (const ApiError& e) {
        if (e.code() != 409) throw;
      }
    }
    return;
  }
  if (snapshot && !bool_at(*snapshot, {"status", "readyToUse"}, false))
    enqueue(std::string(kSnapshotPrefix) + ref_ns + "/" + ref_name);
}

}  // namespace coffer::kubesim::controllers
