#pragma once
// StatefulSetController: pods "<sts>-<ordinal>" for ordinals [start, start+replicas) with
// hostname = pod name, subdomain = spec.serviceName and the labels
// statefulset.kubernetes.io/pod-name, apps.kubernetes.io/pod-index and controller-revision-hash
// (the ControllerRevision "<sts>-<hash>" holding the template). Each volumeClaimTemplate gives
// every ordinal a claim "<template>-<sts>-<ordinal>" (template labels plus the selector's
// matchLabels), owned by the StatefulSet only when persistentVolumeClaimRetentionPolicy says
// whenDeleted: Delete; whenScaled: Delete removes the claims of removed ordinals.
// OrderedReady creates pods one at a time, each after the previous is Running and Ready, and
// scales down from the highest ordinal one at a time; Parallel does both at once. RollingUpdate
// replaces pods of an old revision from the highest ordinal down to the partition, one at a
// time. status: replicas, readyReplicas, currentReplicas, updatedReplicas, availableReplicas,
// observedGeneration, currentRevision, updateRevision, collisionCount.
// Keys: "ns/name" of statefulsets.
#include <map>

#include "kubesim/controllers/workload_controller.h"

namespace coffer::kubesim::controllers {

class StatefulSetController : public WorkloadController {
 public:
  explicit StatefulSetController(ControllerHost& host);
  void reconcile(const std::string& key) override;

 private:
  struct Set;
  void ensure_claims(Set& s, int64_t ordinal);
  void create_pod(Set& s, int64_t ordinal, const std::string& revision);
  // Creates/replaces pods of the wanted ordinals; returns whether all are there and ready.
  bool scale_up(Set& s);
  void scale_down(Set& s);
  void delete_scaled_claims(Set& s);
  void roll(Set& s);
  void update_status(Set& s);
};

}  // namespace coffer::kubesim::controllers
