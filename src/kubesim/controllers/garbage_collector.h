#pragma once
// GarbageCollector: deletes objects whose owners are gone, using the owner uid → dependents
// index kept from events.
//  - Background: when an owner disappears, each dependent whose every owner is gone (or waiting
//    for its dependents in foreground deletion) is deleted; a dependent that keeps a live owner
//    only loses the dangling ownerReferences. Dependents created with owners that do not exist
//    are collected too.
//  - Foreground: an owner with deletionTimestamp and the finalizer "foregroundDeletion" has its
//    dependents deleted (in foreground themselves when they have dependents); when none remain
//    the finalizer is removed and ApiCore removes the owner.
//  - Orphan: an owner with deletionTimestamp and the finalizer "orphan" has its ownerReferences
//    removed from every dependent, then the finalizer.
// Keys: "dependent|<ObjectRef key>" and "owner|<ObjectRef key>".
#include <map>
#include <set>
#include <string>

#include "kubesim/controllers/controller.h"

namespace coffer::kubesim::controllers {

class GarbageCollector : public Controller {
 public:
  explicit GarbageCollector(ControllerHost& host);
  std::vector<std::string> watched_resources() const override { return {}; }
  void observe(const ObservedEvent& event) override;
  void reconcile(const std::string& key) override;
  void resync() override;
  void primed() override;

 private:
  enum class OwnerState { Alive, Gone, DeletingForeground };
  OwnerState owner_state(const nlohmann::json& reference, const std::string& dependent_ns);
  std::optional<ResourceType> owner_type(const nlohmann::json& reference);
  void collect_dependent(const ObjectRef& ref);
  void finish_owner(const ObjectRef& ref);
  void orphan_dependents(const nlohmann::json& owner);
  // True when no dependents remain.
  bool delete_dependents(const nlohmann::json& owner);

  std::map<std::string, ObjectRef> deleting_owners_;  // uid → owner in foreground/orphan deletion
  // While priming: every uid seen, and the dependents to verify once all are known.
  std::set<std::string> seen_uids_;
  std::vector<std::pair<ObjectRef, std::vector<std::string>>> unverified_;
};

}  // namespace coffer::kubesim::controllers
