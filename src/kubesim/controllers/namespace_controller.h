#pragma once
// NamespaceController: what kube-controller-manager does for namespaces.
//  - Every active namespace has the ServiceAccount "default" and the ConfigMap
//    "kube-root-ca.crt" (ca.crt = the cluster CA); deleted or edited, they come back.
//  - A namespace with deletionTimestamp has every namespaced object in it deleted (all resource
//    types in the store, custom resources included); once nothing is left, "kubernetes" is
//    removed from spec.finalizers through /finalize and ApiCore removes the namespace.
// Keys: namespace names.
#include <set>
#include <string>

#include "kubesim/controllers/controller.h"

namespace coffer::kubesim::controllers {

class NamespaceController : public Controller {
 public:
  explicit NamespaceController(ControllerHost& host);
  std::vector<std::string> watched_resources() const override { return {}; }
  void observe(const ObservedEvent& event) override;
  void reconcile(const std::string& key) override;
  void resync() override;

 private:
  void observe_namespace(const ObservedEvent& event);
  void ensure_contents(const std::string& ns);
  // Deletes what remains in `ns`; returns how many objects are still there.
  size_t delete_contents(const std::string& ns);
  void finalize(const nlohmann::json& namespace_object);

  std::set<std::string> active_;
  std::set<std::string> terminating_;
};

}  // namespace coffer::kubesim::controllers
