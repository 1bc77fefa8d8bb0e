#pragma once
// Kubelet: the simulated kubelet of every node.
//  - A pod bound to an existing node starts at once: phase Running, host and pod IPs (unique,
//    from the node's podCIDR), startTime, the five pod conditions True, container statuses
//    (running, ready, containerd IDs) and qosClass. A pod whose claims are not Bound yet waits
//    in ContainerCreating.
//  - For each claim of a scheduled pod bound to a hostpath CSI volume, the kubelet's layout
//    <data_dir>/kubelet/pods/<uid>/volumes/kubernetes.io~csi/<pv>/mount is a symlink to the
//    volume's directory <data_dir>/volumes/<pv>; the pod's directory goes when the pod does.
//  - Pods that run to completion — owned by a Job, or restartPolicy Never/OnFailure with the
//    annotation kubesim.coffer.dev/run-seconds — end after that many seconds (1 for Job pods)
//    as Succeeded (exit code 0, reason Completed), or Failed with the exit code given by
//    kubesim.coffer.dev/exit-code.
//  - Pods with a deletionTimestamp are deleted with grace period 0.
//  - Node Leases in kube-node-lease are renewed every 10 seconds.
//  - Pods bound to a deleted node are deleted (as the pod garbage collector does).
// Keys: "ns/name" of pods, "node-gone|<node>".
#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "kubesim/controllers/backoff_set.h"
#include "kubesim/controllers/controller.h"
#include "kubesim/controllers/pod_ip_allocator.h"

namespace coffer::kubesim::controllers {

class Kubelet : public Controller {
 public:
  explicit Kubelet(ControllerHost& host);
  std::vector<std::string> watched_resources() const override {
    return {"pods", "persistentvolumeclaims", "nodes"};
  }
  void observe(const ObservedEvent& event) override;
  void reconcile(const std::string& key) override;
  void resync() override;

 private:
  void observe_pod(const ObservedEvent& event);
  void forget_pod(const std::string& key, const std::string& uid);
  // Links the pod's claims into its kubelet directory; false while a claim is not ready.
  bool mount_volumes(const nlohmann::json& pod, const std::string& key);
  void mark_container_creating(const nlohmann::json& pod);
  void start_pod(const nlohmann::json& pod, const NodeInfo& node);
  void check_completion(const nlohmann::json& pod, const std::string& key);
  void complete_pod(const nlohmann::json& pod, int exit_code);
  void renew_leases();
  // The pod garbage collector's job: pods bound to a node that no longer exists are deleted.
  void delete_pods_of_node(const std::string& node);
  std::filesystem::path pod_dir(const std::string& uid);

  PodIpAllocator ips_;
  std::map<std::string, std::string> ip_of_;  // pod key → IP allocated from ips_
  std::map<std::string, std::chrono::system_clock::time_point> started_at_;
  std::map<std::string, std::set<std::string>> waiting_on_claim_;  // "ns/claim" → pods
  BackoffSet waiting_;  // pods blocked on a node or claims
  std::chrono::steady_clock::time_point last_lease_renewal_{};
};

}  // namespace coffer::kubesim::controllers
