#pragma once
// The objects a freshly installed cluster has, created when missing (never overwritten):
// Nodes kubesim-node-1..3 (Ready, with kind-like labels, capacity and node info) with their
// Leases and CSINodes, the namespaces default/kube-system/kube-public/kube-node-lease, the
// default StorageClass "standard" and VolumeSnapshotClass "kubesim-snapclass" of the hostpath
// CSI driver, its CSIDriver object, and the "kubernetes" Service (first IP of the service range)
// with its Endpoints and EndpointSlice.
#include <string>

#include "kubesim/api/api_core.h"
#include "kubesim/controllers/known_types.h"

namespace coffer::kubesim::controllers {

void ensure_cluster_objects(ApiCore& core, const KnownTypes& types);

// "10.96.0.0/12" → "10.96.0.1".
std::string first_service_ip(const std::string& cidr);

}  // namespace coffer::kubesim::controllers
