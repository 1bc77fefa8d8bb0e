#pragma once

// What happens to one backed-up object on its way into the target cluster (velero-format.md §5.3
// steps 6-9), as pure functions on its JSON:
//   - server-set metadata is removed (generateName, selfLink, uid, resourceVersion, generation,
//     creationTimestamp, deletionTimestamp, deletionGracePeriodSeconds, ownerReferences,
//     managedFields) and status, unless the restore keeps status for this resource;
//   - Velero's built-in restore actions: Pod nodeName, priority and `<sa>-token-*` volumes;
//     Service clusterIP(s) (not for headless) and auto-assigned nodePorts / healthCheckNodePort
//     (kept with preserveNodePorts, and kept when last-applied-configuration names them); Job
//     controller-uid selector and template labels; PVC bind annotations, and spec.volumeName when
//     its PV is not restored (dynamic provisioning); PV claimRef uid/resourceVersion and the
//     bound-by-controller annotation;
//   - namespace mapping: metadata.namespace, a Namespace object's own name, PV claimRef.namespace,
//     ServiceAccount subjects of RoleBindings and ClusterRoleBindings.
// The restore labels velero.io/backup-name and velero.io/restore-name are added separately
// (add_restore_labels), so comparable() can put a live object and a backed-up one side by side.

#include <map>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

namespace coffer::restore {

struct TransformContext {
  std::map<std::string, std::string> namespace_mapping;  // source -> target
  bool preserve_node_ports = false;
  std::set<std::string> restored_pv_names;  // PVs restored statically; other PVCs are re-provisioned
};

// The namespace an item of `source_ns` lands in.
std::string map_namespace(const TransformContext& ctx, const std::string& source_ns);

void strip_server_fields(nlohmann::json& obj, bool keep_status);

// The object as the restore creates it (labels not yet added). group_resource as in the tarball
// ("pods", "jobs.batch").
nlohmann::json prepare_item(const nlohmann::json& backed_up, const std::string& group_resource,
                            const TransformContext& ctx, bool keep_status);

// Velero's label values: the name, or when longer than 63 characters its first 57 characters
// plus a 6-character hash, so it stays a valid label value.
std::string label_safe_value(const std::string& name);
void add_restore_labels(nlohmann::json& obj, const std::string& backup_name, const std::string& restore_name);

// A live object reduced to what a restore controls, for comparison with prepare_item() of the
// backed-up copy: the same stripping and actions (no namespace mapping: the live object is
// already in its target namespace), without the restore labels and status.
nlohmann::json comparable(const nlohmann::json& live, const std::string& group_resource,
                          const TransformContext& ctx);

}  // namespace coffer::restore
