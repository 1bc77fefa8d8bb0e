#pragma once
// Which nodes a pod may run on, as the scheduler's filters judge it: spec.nodeSelector,
// spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution (matchExpressions
// with In/NotIn/Exists/DoesNotExist/Gt/Lt on labels, matchFields on metadata.name), and
// NoSchedule/NoExecute taints against spec.tolerations. Shared by the scheduler and the
// DaemonSet controller.
#include <nlohmann/json.hpp>

#include "kubesim/controllers/cluster_index.h"

namespace coffer::kubesim::controllers {

bool node_matches_selectors(const nlohmann::json& pod_spec, const NodeInfo& node);
bool pod_tolerates_taints(const nlohmann::json& pod_spec, const NodeInfo& node);
// Ready, schedulable, matching and tolerated.
bool pod_fits_node(const nlohmann::json& pod_spec, const NodeInfo& node);

}  // namespace coffer::kubesim::controllers
