#pragma once
// ControllerManager: runs kubesim's simulated control plane in-process — the controllers of
// kube-controller-manager (namespace, replicaset, deployment, statefulset, daemonset, job,
// cronjob, garbage collector, persistent volumes, endpoints), the scheduler, a kubelet for every
// node, and the CSI external-provisioner/snapshotter of the hostpath driver.
//
// start() creates the cluster's standing objects (nodes, system namespaces, storage classes,
// the kubernetes Service) if missing, then starts one thread that follows the store's event log
// from the current resourceVersion, feeds every event to the controllers interested in it, and
// reconciles queued keys through ApiCore (so controllers get the admission and semantics HTTP
// clients get). Idle, the thread only waits for events. stop() (also run by the destructor)
// joins it. start() after stop() starts afresh.
#include <memory>

#include "kubesim/api/api_core.h"

namespace coffer::kubesim {

class ControllerManager {
 public:
  explicit ControllerManager(ApiCore& core);
  ~ControllerManager();
  ControllerManager(const ControllerManager&) = delete;
  ControllerManager& operator=(const ControllerManager&) = delete;

  void start();
  void stop();
  // Creates the standing cluster objects that are missing (start() does it first).
  void ensure_cluster_objects();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace coffer::kubesim
