#pragma once
// WorkloadController: what the controllers of pod-owning workloads (StatefulSet, DaemonSet,
// Job) share — tracking owners by uid so pod events reach them, listing the pods an owner
// controls, adopting orphan pods that match its selector, building pods from its template,
// and ControllerRevisions (history of templates) named "<owner>-<hash>".
// Subclasses name the owner resource; keys are "ns/name" of owners.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kube/labels/label_selector.h"
#include "kubesim/controllers/controller.h"

namespace coffer::kubesim::controllers {

class WorkloadController : public Controller {
 public:
  WorkloadController(ControllerHost& host, std::string name, const ResourceType& owner_type,
                     std::string user);
  // The owner resource and pods; subclasses may add more.
  std::vector<std::string> watched_resources() const override;
  void observe(const ObservedEvent& event) override;

 protected:
  // Called for owner events after the uid map is updated (default: enqueue the owner).
  virtual void observe_owner(const ObservedEvent& event);
  void enqueue_all_owners();

  const ResourceType& owner_type() const { return owner_type_; }
  static std::optional<kube::LabelSelector> selector_of(const nlohmann::json& owner);
  // Pods controlled by `owner` (after adopting matching orphans when `adopt`).
  std::vector<nlohmann::json> owned_pods(const nlohmann::json& owner, bool adopt);
  // A pod body from the owner's spec.template, controlled by the owner.
  nlohmann::json pod_from_template(const nlohmann::json& owner) const;

  struct Revision {
    std::string name, hash;
    int64_t number = 0;
  };
  // Makes sure a ControllerRevision holds `tmpl`; returns it. Keeps at most `history` others.
  Revision ensure_revision(const nlohmann::json& owner, const nlohmann::json& tmpl,
                           int64_t history);

 private:
  ResourceType owner_type_;
  std::map<std::string, std::string> key_by_uid_;  // owner uid → "ns/name"
};

}  // namespace coffer::kubesim::controllers
