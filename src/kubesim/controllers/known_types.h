#pragma once
// The resource types the controllers read and write, resolved once from the registry at their
// preferred versions.
#include "kubesim/api/api_core.h"

namespace coffer::kubesim::controllers {

struct KnownTypes {
  explicit KnownTypes(const ApiCore& core);

  ResourceType namespaces, nodes, pods, services, endpoints, configmaps, serviceaccounts;
  ResourceType pvcs, pvs, leases, endpointslices;
  ResourceType deployments, replicasets, statefulsets, daemonsets, controllerrevisions;
  ResourceType jobs, cronjobs;
  ResourceType storageclasses, csidrivers, csinodes;
  ResourceType volumesnapshots, volumesnapshotcontents, volumesnapshotclasses;
};

}  // namespace coffer::kubesim::controllers

namespace coffer::kubesim::controllers {

// The CSI driver kubesim simulates; its volumes live under <data_dir>/volumes.
inline constexpr const char* kHostpathDriver = "hostpath.csi.kubesim.io";
inline constexpr const char* kDefaultSnapshotClass = "kubesim-snapclass";
// Annotations kubesim understands on pods.
inline constexpr const char* kRunSecondsAnnotation = "kubesim.coffer.dev/run-seconds";
inline constexpr const char* kExitCodeAnnotation = "kubesim.coffer.dev/exit-code";

}  // namespace coffer::kubesim::controllers
