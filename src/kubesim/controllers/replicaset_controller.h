#pragma once
// ReplicaSetController: keeps spec.replicas active pods for every ReplicaSet. Pods are made from
// the template (generateName "<rs>-", template labels/annotations/spec, a controller
// ownerReference with blockOwnerDeletion); orphan pods matching the selector are adopted, owned
// pods that stop matching are released, and surplus pods are deleted (unscheduled, pending and
// unready ones first, then the newest). status: replicas, fullyLabeledReplicas, readyReplicas,
// availableReplicas (minReadySeconds respected), observedGeneration.
// Keys: "ns/name" of replicasets.
#include <map>
#include <set>
#include <string>

#include "kube/labels/label_selector.h"
#include "kubesim/controllers/controller.h"

namespace coffer::kubesim::controllers {

class ReplicaSetController : public Controller {
 public:
  explicit ReplicaSetController(ControllerHost& host);
  std::vector<std::string> watched_resources() const override {
    return {"replicasets.apps", "pods"};
  }
  void observe(const ObservedEvent& event) override;
  void reconcile(const std::string& key) override;

 private:
  void observe_replicaset(const ObservedEvent& event);
  void observe_pod(const ObservedEvent& event);
  // The pods the ReplicaSet controls after adoption and release.
  std::vector<nlohmann::json> claim_pods(const nlohmann::json& rs,
                                         const kube::LabelSelector& selector);
  void create_pods(const nlohmann::json& rs, size_t count);
  void delete_surplus(std::vector<nlohmann::json> active, size_t count);
  void update_status(const nlohmann::json& rs, const std::vector<nlohmann::json>& pods);

  std::map<std::string, std::string> key_by_uid_;  // uid → "ns/name"
  std::map<std::string, std::map<std::string, kube::LabelSelector>> selectors_;  // ns → rs → sel
  std::map<std::string, std::set<std::string>> adoptable_;  // rs key → orphan pod names
  std::set<std::string> scan_orphans_;                      // rs keys to check every orphan for
};

}  // namespace coffer::kubesim::controllers
