#pragma once
// DaemonSetController: one pod per node the template's nodeSelector, required node affinity and
// tolerations allow (with the tolerations the real controller adds for not-ready, unreachable,
// pressure and unschedulable nodes). Pods get spec.nodeName set directly, the labels
// controller-revision-hash and pod-template-generation, and come from a ControllerRevision
// "<ds>-<hash>". Extra, failed or misplaced pods are deleted; RollingUpdate replaces outdated
// pods within maxUnavailable. status: desiredNumberScheduled, currentNumberScheduled,
// numberMisscheduled, numberReady, numberAvailable, numberUnavailable (omitted when 0),
// updatedNumberScheduled, observedGeneration.
// Keys: "ns/name" of daemonsets.
#include "kubesim/controllers/workload_controller.h"

namespace coffer::kubesim::controllers {

class DaemonSetController : public WorkloadController {
 public:
  explicit DaemonSetController(ControllerHost& host);
  std::vector<std::string> watched_resources() const override {
    return {"daemonsets.apps", "pods", "nodes"};
  }
  void observe(const ObservedEvent& event) override;
  void reconcile(const std::string& key) override;

 private:
  struct Sync;
  nlohmann::json pod_for_node(const nlohmann::json& ds, const std::string& node,
                              const std::string& hash) const;
  // Makes sure one pod runs on a node the DaemonSet wants; counts it in the status.
  void run_on_node(Sync& s, const std::string& node_name);
  void remove_misscheduled(Sync& s);
  void delete_pod(const nlohmann::json& pod);
  void update_status(Sync& s);
};

}  // namespace coffer::kubesim::controllers
