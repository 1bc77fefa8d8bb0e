#pragma once
// SnapshotController: the CSI snapshot-controller and the hostpath driver's snapshotter.
//  - A VolumeSnapshot of a bound claim whose volume is a hostpath CSI volume gets a
//    VolumeSnapshotContent "snapcontent-<snapshot uid>" (driver, deletionPolicy from its
//    VolumeSnapshotClass — the driver's default class when none is named, which is then written
//    into the snapshot — source.volumeHandle, volumeSnapshotRef, volumeSnapshotClassName) and a
//    point-in-time copy of the volume's directory at <data_dir>/snapshots/<snapshot handle>.
//    Content status: snapshotHandle, creationTime (ns), readyToUse, restoreSize (bytes);
//    snapshot status: boundVolumeSnapshotContentName, creationTime, readyToUse, restoreSize.
//  - A snapshot naming a pre-provisioned content (source.volumeSnapshotContentName, content
//    with spec.source.snapshotHandle) is bound to it.
//  - Deleting a snapshot deletes its content under policy Delete; deleting a content with
//    policy Delete removes its copy.
// Keys: "vs:ns/name" and "vsc:name".
#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "kubesim/controllers/backoff_set.h"
#include "kubesim/controllers/controller.h"

namespace coffer::kubesim::controllers {

class SnapshotController : public Controller {
 public:
  explicit SnapshotController(ControllerHost& host);
  std::vector<std::string> watched_resources() const override {
    return {"volumesnapshots.snapshot.storage.k8s.io",
            "volumesnapshotcontents.snapshot.storage.k8s.io", "persistentvolumeclaims"};
  }
  void observe(const ObservedEvent& event) override;
  void reconcile(const std::string& key) override;
  void resync() override;

 private:
  void observe_snapshot(const ObservedEvent& event);
  void observe_content(const ObservedEvent& event);
  void reconcile_snapshot(const std::string& ns, const std::string& name);
  void reconcile_content(const std::string& name);
  // Creates the content (and the copy) for a dynamic snapshot; nullopt while not possible.
  std::optional<nlohmann::json> take_snapshot(const nlohmann::json& snapshot);
  std::optional<nlohmann::json> snapshot_class(const nlohmann::json& snapshot);
  std::optional<nlohmann::json> bind_preprovisioned(const nlohmann::json& snapshot);
  void mark_content_ready(const std::string& name, const std::string& handle, int64_t size);
  void publish_status(const nlohmann::json& snapshot, const nlohmann::json& content);
  void set_error(const nlohmann::json& snapshot, const std::string& message);
  std::filesystem::path snapshots_dir();

  BackoffSet pending_;                                             // "ns/name" not ready
  std::map<std::string, std::set<std::string>> waiting_on_claim_;  // "ns/claim" → snapshots
};

}  // namespace coffer::kubesim::controllers
