#pragma once
// VolumeController: the PersistentVolume binder and the hostpath CSI external-provisioner.
//  - A pending claim binds to the PV it names (spec.volumeName), to a PV pre-bound to it, or to
//    the smallest Available PV of the same class ("" matches "") with enough capacity, the
//    access modes, volume mode and label selector it asks for.
//  - Otherwise, when its StorageClass has a provisioner (hostpath.csi.kubesim.io, or any other
//    but kubernetes.io/no-provisioner: kubesim runs no external provisioners and stands in for
//    them) and, for WaitForFirstConsumer, a pod uses it, a PV "pvc-<claim uid>" is
//    provisioned: spec.csi (driver hostpath.csi.kubesim.io, volumeHandle, fsType ext4),
//    capacity, access modes, reclaim policy and class, claimRef, annotation
//    pv.kubernetes.io/provisioned-by (the class's provisioner); its data is the directory
//    <data_dir>/volumes/<pv>. The class is the legacy volume.beta.kubernetes.io/storage-class
//    annotation when present, else spec.storageClassName. A claim whose dataSource/dataSourceRef is a VolumeSnapshot waits
//    until the snapshot is readyToUse and starts as a copy of it; a PVC source is cloned.
//  - Binding sets the PV's claimRef and phase Bound, then the claim's volumeName, the
//    bind-completed/bound-by-controller/storage-provisioner annotations and status (phase
//    Bound, capacity, access modes).
//  - A deleted claim releases its PV (phase Released); reclaim policy Delete deletes the PV and,
//    for provisioned volumes, its directory. A bound claim whose PV vanished becomes Lost.
//  - Expansion: a larger request on a bound claim of a class allowing expansion grows the PV.
//  - Generic ephemeral volumes: a pod's volume with ephemeral.volumeClaimTemplate gets the claim
//    "<pod>-<volume>", owned by the pod (so it goes with it).
//  - kubernetes.io/pvc-protection / pv-protection finalizers are removed once the claim has no
//    running pod / the volume is no longer bound.
// Keys: "pvc:ns/name", "pv:name" and "eph:ns/pod".
#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "kubesim/controllers/backoff_set.h"
#include "kubesim/controllers/controller.h"

namespace coffer::kubesim::controllers {

class VolumeController : public Controller {
 public:
  explicit VolumeController(ControllerHost& host);
  std::vector<std::string> watched_resources() const override {
    return {"persistentvolumeclaims", "persistentvolumes", "storageclasses.storage.k8s.io",
            "volumesnapshots.snapshot.storage.k8s.io", "pods"};
  }
  void observe(const ObservedEvent& event) override;
  void reconcile(const std::string& key) override;
  void resync() override;

 private:
  struct VolumeInfo {
    std::string storage_class, phase, claim_ns, claim_name, claim_uid, volume_mode;
    int64_t capacity = 0;
    std::set<std::string> access_modes;
    nlohmann::json labels;
    bool terminating = false;
  };

  void observe_claim(const ObservedEvent& event);
  void observe_volume(const ObservedEvent& event);
  void observe_pod(const ObservedEvent& event);
  void enqueue_pending_claims();

  void reconcile_claim(const std::string& ns, const std::string& name);
  void reconcile_volume(const std::string& name);
  void create_ephemeral_claims(const std::string& ns, const std::string& pod);
  void check_bound_claim(const nlohmann::json& claim);
  std::string find_static_volume(const nlohmann::json& claim);
  void provision(const nlohmann::json& claim, const nlohmann::json& storage_class);
  // The directory a new volume starts as a copy of; nullopt while the source is not ready,
  // an empty path when there is none.
  std::optional<std::filesystem::path> data_source_dir(const nlohmann::json& claim);
  void bind(const std::string& volume_name, const nlohmann::json& claim);
  void release(const nlohmann::json& volume);
  void set_volume_phase(const std::string& name, const std::string& phase);
  bool claim_in_use(const std::string& claim_key) const;
  std::filesystem::path data_dir();

  std::map<std::string, VolumeInfo> volumes_;            // PV name → what binding needs
  std::map<std::string, std::string> volume_by_claim_;   // "ns/claim" → PV whose claimRef names it
  BackoffSet pending_claims_;                            // "ns/name" not yet Bound
  std::map<std::string, std::set<std::string>> users_;   // "ns/claim" → pods using it
  std::map<std::string, std::vector<std::string>> claims_of_pod_;  // pod key → "ns/claim"
  std::map<std::string, std::set<std::string>> waiting_for_snapshot_;  // "ns/snap" → claims
};

}  // namespace coffer::kubesim::controllers
