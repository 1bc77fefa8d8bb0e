#pragma once
// DeploymentController: one ReplicaSet per pod template, named "<deployment>-<hash>" where the
// hash (also the pod-template-hash label on the RS selector, template and pods) is a stable
// short hash of the template. The RS carries the revision (incrementing; mirrored on the
// Deployment), desired-replicas and max-replicas annotations. A template change creates a new
// RS scaled to spec.replicas; old ones go to 0 once the new one is fully available (Recreate:
// old ones first), and only revisionHistoryLimit old RSs are kept. spec.paused stops rollouts
// (scaling still applies). status: replicas, updatedReplicas, readyReplicas, availableReplicas,
// unavailableReplicas (omitted when 0), observedGeneration, collisionCount, and the Available
// and Progressing conditions that `kubectl rollout status` reads. Orphan RSs matching the
// selector are adopted.
// Keys: "ns/name" of deployments.
#include <map>
#include <string>

#include "kubesim/controllers/controller.h"

namespace coffer::kubesim::controllers {

class DeploymentController : public Controller {
 public:
  explicit DeploymentController(ControllerHost& host);
  std::vector<std::string> watched_resources() const override {
    return {"deployments.apps", "replicasets.apps"};
  }
  void observe(const ObservedEvent& event) override;
  void reconcile(const std::string& key) override;

 private:
  struct Rollout;
  struct Counts;
  std::vector<nlohmann::json> owned_replicasets(const nlohmann::json& deployment);
  std::optional<nlohmann::json> create_replicaset(Rollout& r);
  void scale(Rollout& r);
  void scale_replicaset(Rollout& r, nlohmann::json& rs, int64_t replicas);
  void sync_new_replicaset_metadata(Rollout& r);
  void cleanup_history(Rollout& r);
  nlohmann::json progressing_condition(Rollout& r, const Counts& counts);
  void update_status(Rollout& r);

  std::map<std::string, std::string> key_by_uid_;  // uid → "ns/name"
};

}  // namespace coffer::kubesim::controllers
