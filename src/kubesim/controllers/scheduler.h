#pragma once
// Scheduler: binds every pod without spec.nodeName (schedulerName default-scheduler, not being
// deleted) to a Ready, schedulable node that its nodeSelector, required node affinity and
// tolerations allow, spreading pods round-robin. A pod whose PersistentVolumeClaims are missing
// or not Bound (unless their class waits for the first consumer) stays Pending with
// PodScheduled=False (reason Unschedulable), as does a pod no node fits; both are retried when
// claims or nodes change, and on resync.
// Keys: "ns/name" of pods.
#include <map>
#include <set>
#include <string>

#include "kubesim/controllers/backoff_set.h"
#include "kubesim/controllers/controller.h"

namespace coffer::kubesim::controllers {

class Scheduler : public Controller {
 public:
  explicit Scheduler(ControllerHost& host);
  std::vector<std::string> watched_resources() const override {
    return {"pods", "nodes", "persistentvolumeclaims"};
  }
  void observe(const ObservedEvent& event) override;
  void reconcile(const std::string& key) override;
  void resync() override;

 private:
  // Empty when every claim is usable; else the reason the pod must wait.
  std::string unbound_claims(const nlohmann::json& pod, const std::string& pod_key);
  std::string pick_node(const nlohmann::json& pod);
  void mark_unschedulable(const std::string& ns, const std::string& name,
                          const std::string& message);

  BackoffSet pending_;                                          // pods to place
  std::map<std::string, std::set<std::string>> waiting_on_claim_;  // "ns/claim" → pods
  size_t next_ = 0;                                             // round-robin cursor
};

}  // namespace coffer::kubesim::controllers
