#include "restore/engine/item_transform.h"

#include <openssl/sha.h>

#include <cstdio>

namespace coffer::restore {
namespace {

using nlohmann::json;

const char* const kServerMetadata[] = {"generateName", "selfLink", "uid", "resourceVersion", "generation",
                                       "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
                                       "ownerReferences", "managedFields"};


void erase_empty_object(json& parent, const char* key) {
  auto it = parent.find(key);
  if (it != parent.end() && it->is_object() && it->empty()) parent.erase(it);
}

void remove_annotations(json& obj, std::initializer_list<const char*> keys) {
  auto meta = obj.find("metadata");
  if (meta == obj.end() || !meta->contains("annotations")) return;
  json& ann = (*meta)["annotations"];
  for (const char* k : keys) ann.erase(k);
  erase_empty_object(*meta, "annotations");
}

// Pods: the scheduler picks a node again; priority comes from the PriorityClass at admission;
// the legacy service-account token volumes are recreated by the token controller.
void pod_action(json& pod) {
  if (!pod.contains("spec")) return;
  json& spec = pod["spec"];
  spec.erase("nodeName");
  spec.erase("priority");
  std::string sa = spec.value("serviceAccountName", spec.value("serviceAccount", std::string()));
  if (sa.empty() || !spec.contains("volumes")) return;
  const std::string prefix = sa + "-token-";
  std::set<std::string> dropped;
  json kept = json::array();
  for (const auto& v : spec["volumes"]) {
    std::string name = v.value("name", "");
    if (name.rfind(prefix, 0) == 0) dropped.insert(name);
    else kept.push_back(v);
  }
  if (dropped.empty()) return;
  spec["volumes"] = kept;
  for (const char* list : {"containers", "initContainers"}) {
    if (!spec.contains(list)) continue;
    for (auto& c : spec[list]) {
      if (!c.contains("volumeMounts")) continue;
      json mounts = json::array();
      for (const auto& m : c["volumeMounts"])
        if (!dropped.count(m.value("name", ""))) mounts.push_back(m);
      c["volumeMounts"] = mounts;
    }
  }
}

// Ports a user asked for explicitly, from kubectl's last-applied-configuration.
std::set<long long> explicit_node_ports(const json& svc, bool& explicit_health_port) {
  std::set<long long> out;
  explicit_health_port = false;
  const json* ann = nullptr;
  if (svc.contains("metadata") && svc["metadata"].contains("annotations")) ann = &svc["metadata"]["annotations"];
  if (ann == nullptr) return out;
  auto it = ann->find("kubectl.kubernetes.io/last-applied-configuration");
  if (it == ann->end() || !it->is_string()) return out;
  json applied = json::parse(it->get<std::string>(), nullptr, false);
  if (!applied.is_object() || !applied.contains("spec")) return out;
  const json& spec = applied["spec"];
  if (spec.contains("ports") && spec["ports"].is_array())
    for (const auto& p : spec["ports"])
      if (p.contains("nodePort") && p["nodePort"].is_number_integer()) out.insert(p["nodePort"].get<long long>());
  explicit_health_port = spec.contains("healthCheckNodePort");
  return out;
}

void service_action(json& svc, bool preserve_node_ports) {
  if (!svc.contains("spec")) return;
  json& spec = svc["spec"];
  if (spec.value("clusterIP", std::string()) != "None") {
    spec.erase("clusterIP");
    spec.erase("clusterIPs");
  }
  if (preserve_node_ports) return;
  bool explicit_health = false;
  std::set<long long> keep = explicit_node_ports(svc, explicit_health);
  if (spec.contains("ports") && spec["ports"].is_array()) {
    for (auto& p : spec["ports"]) {
      if (p.contains("nodePort") && p["nodePort"].is_number_integer() &&
          !keep.count(p["nodePort"].get<long long>()))
        p.erase("nodePort");
    }
  }
  if (!explicit_health) spec.erase("healthCheckNodePort");
}

void job_action(json& job) {
  static const char* const kKeys[] = {"controller-uid", "batch.kubernetes.io/controller-uid"};
  if (!job.contains("spec")) return;
  json& spec = job["spec"];
  if (spec.contains("selector") && spec["selector"].contains("matchLabels")) {
    json& ml = spec["selector"]["matchLabels"];
    for (const char* k : kKeys) ml.erase(k);
    erase_empty_object(spec["selector"], "matchLabels");
    erase_empty_object(spec, "selector");
  }
  if (spec.contains("template") && spec["template"].contains("metadata") &&
      spec["template"]["metadata"].contains("labels")) {
    json& labels = spec["template"]["metadata"]["labels"];
    for (const char* k : kKeys) labels.erase(k);
  }
}

void pvc_action(json& pvc, const TransformContext& ctx) {
  remove_annotations(pvc, {"pv.kubernetes.io/bind-completed", "pv.kubernetes.io/bound-by-controller",
                           "volume.kubernetes.io/storage-provisioner", "volume.beta.kubernetes.io/storage-provisioner",
                           "volume.kubernetes.io/selected-node", "velero.io/volume-snapshot-name",
                           "velero.io/data-upload-name"});
  if (pvc.contains("spec") && pvc["spec"].contains("volumeName") &&
      !ctx.restored_pv_names.count(pvc["spec"].value("volumeName", "")))
    pvc["spec"].erase("volumeName");
}

void pv_action(json& pv, const TransformContext& ctx) {
  remove_annotations(pv, {"pv.kubernetes.io/bound-by-controller"});
  if (!pv.contains("spec") || !pv["spec"].contains("claimRef")) return;
  json& ref = pv["spec"]["claimRef"];
  ref.erase("uid");
  ref.erase("resourceVersion");
  if (ref.contains("namespace") && ref["namespace"].is_string())
    ref["namespace"] = map_namespace(ctx, ref["namespace"].get<std::string>());
}

void binding_action(json& binding, const TransformContext& ctx) {
  if (!binding.contains("subjects") || !binding["subjects"].is_array()) return;
  for (auto& s : binding["subjects"]) {
    if (s.value("kind", "") == "ServiceAccount" && s.contains("namespace") && s["namespace"].is_string())
      s["namespace"] = map_namespace(ctx, s["namespace"].get<std::string>());
  }
}

void apply_actions(json& obj, const std::string& gr, const TransformContext& ctx) {
  if (gr == "pods") pod_action(obj);
  else if (gr == "services") service_action(obj, ctx.preserve_node_ports);
  else if (gr == "jobs.batch") job_action(obj);
  else if (gr == "persistentvolumeclaims") pvc_action(obj, ctx);
  else if (gr == "persistentvolumes") pv_action(obj, ctx);
  else if (gr == "rolebindings.rbac.authorization.k8s.io" || gr == "clusterrolebindings.rbac.authorization.k8s.io")
    binding_action(obj, ctx);
}

}  // namespace

std::string map_namespace(const TransformContext& ctx, const std::string& source_ns) {
  auto it = ctx.namespace_mapping.find(source_ns);
  return it == ctx.namespace_mapping.end() ? source_ns : it->second;
}

void strip_server_fields(json& obj, bool keep_status) {
  if (obj.contains("metadata") && obj["metadata"].is_object()) {
    for (const char* key : kServerMetadata) obj["metadata"].erase(key);
  }
  if (!keep_status) obj.erase("status");
}

json prepare_item(const json& backed_up, const std::string& group_resource, const TransformContext& ctx,
                  bool keep_status) {
  json obj = backed_up;
  strip_server_fields(obj, keep_status);
  apply_actions(obj, group_resource, ctx);
  if (obj.contains("metadata") && obj["metadata"].is_object()) {
    json& meta = obj["metadata"];
    if (meta.contains("namespace") && meta["namespace"].is_string())
      meta["namespace"] = map_namespace(ctx, meta["namespace"].get<std::string>());
    if (group_resource == "namespaces" && meta.contains("name") && meta["name"].is_string()) {
      meta["name"] = map_namespace(ctx, meta["name"].get<std::string>());
      // The namespace controller sets this label to the namespace's name.
      if (meta.contains("labels") && meta["labels"].contains("kubernetes.io/metadata.name"))
        meta["labels"]["kubernetes.io/metadata.name"] = meta["name"];
    }
  }
  return obj;
}

std::string label_safe_value(const std::string& name) {
  if (name.size() <= 63) return name;
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(name.data()), name.size(), digest);
  char hex[7];
  std::snprintf(hex, sizeof hex, "%02x%02x%02x", digest[0], digest[1], digest[2]);
  return name.substr(0, 57) + hex;
}

void add_restore_labels(json& obj, const std::string& backup_name, const std::string& restore_name) {
  json& labels = obj["metadata"]["labels"];
  labels["velero.io/backup-name"] = label_safe_value(backup_name);
  labels["velero.io/restore-name"] = label_safe_value(restore_name);
}

json comparable(const json& live, const std::string& group_resource, const TransformContext& ctx) {
  TransformContext same_namespace = ctx;
  same_namespace.namespace_mapping.clear();
  json obj = prepare_item(live, group_resource, same_namespace, false);
  if (obj.contains("metadata") && obj["metadata"].contains("labels")) {
    json& labels = obj["metadata"]["labels"];
    labels.erase("velero.io/backup-name");
    labels.erase("velero.io/restore-name");
    erase_empty_object(obj["metadata"], "labels");
  }
  return obj;
}

}  // namespace coffer::restore
