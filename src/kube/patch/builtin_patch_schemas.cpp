#include "kube/patch/builtin_patch_schemas.h"

#include <map>
#include <string>
#include <utility>

namespace coffer::kube {
namespace {

using Meta = FieldPatchMeta;

// Every type, once. Type names follow the Go type names of k8s.io/api.
PatchSchema all_types() {
  PatchSchema s;

  // metav1.ObjectMeta, and the shape shared by every kind: metadata + whatever else.
  s.add("ObjectMeta", "finalizers", Meta::set_list())
      .add("ObjectMeta", "ownerReferences", Meta::merge_list("uid"))
      .add("ObjectWithMetadata", "metadata", Meta::object("ObjectMeta"));

  // core/v1 pods and pod templates.
  s.add("Container", "ports", Meta::merge_list("containerPort"))
      .add("Container", "env", Meta::merge_list("name"))
      .add("Container", "volumeMounts", Meta::merge_list("mountPath"))
      .add("Container", "volumeDevices", Meta::merge_list("devicePath"));
  s.add("PodSpec", "volumes", Meta::merge_list("name").with_retain_keys())
      .add("PodSpec", "initContainers", Meta::merge_list("name", "Container"))
      .add("PodSpec", "containers", Meta::merge_list("name", "Container"))
      // EphemeralContainerCommon carries the same tags as Container.
      .add("PodSpec", "ephemeralContainers", Meta::merge_list("name", "Container"))
      .add("PodSpec", "imagePullSecrets", Meta::merge_list("name"))
      .add("PodSpec", "hostAliases", Meta::merge_list("ip"))
      .add("PodSpec", "topologySpreadConstraints", Meta::merge_list("topologyKey"))
      .add("PodSpec", "schedulingGates", Meta::merge_list("name"))
      .add("PodSpec", "resourceClaims", Meta::merge_list("name").with_retain_keys());
  s.add("PodStatus", "conditions", Meta::merge_list("type"))
      .add("PodStatus", "podIPs", Meta::merge_list("ip"))
      .add("PodStatus", "hostIPs", Meta::merge_list("ip"))
      .add("PodStatus", "resourceClaimStatuses", Meta::merge_list("name").with_retain_keys());
  s.add("Pod", "metadata", Meta::object("ObjectMeta"))
      .add("Pod", "spec", Meta::object("PodSpec"))
      .add("Pod", "status", Meta::object("PodStatus"));
  s.add("PodTemplateSpec", "metadata", Meta::object("ObjectMeta"))
      .add("PodTemplateSpec", "spec", Meta::object("PodSpec"));
  s.add("PodTemplate", "metadata", Meta::object("ObjectMeta"))
      .add("PodTemplate", "template", Meta::object("PodTemplateSpec"));

  // Status types whose only strategy is conditions merged by type.
  s.add("ConditionsByType", "conditions", Meta::merge_list("type"));

  // core/v1 other kinds.
  s.add("ReplicationController", "metadata", Meta::object("ObjectMeta"))
      .add("ReplicationController", "spec", Meta::object("ReplicationControllerSpec"))
      .add("ReplicationController", "status", Meta::object("ConditionsByType"))
      .add("ReplicationControllerSpec", "template", Meta::object("PodTemplateSpec"));
  s.add("Service", "metadata", Meta::object("ObjectMeta"))
      .add("Service", "spec", Meta::object("ServiceSpec"))
      .add("Service", "status", Meta::object("ConditionsByType"))
      .add("ServiceSpec", "ports", Meta::merge_list("port"));
  s.add("ServiceAccount", "metadata", Meta::object("ObjectMeta"))
      .add("ServiceAccount", "secrets", Meta::merge_list("name"));
  s.add("Node", "metadata", Meta::object("ObjectMeta"))
      .add("Node", "spec", Meta::object("NodeSpec"))
      .add("Node", "status", Meta::object("NodeStatus"))
      .add("NodeSpec", "podCIDRs", Meta::set_list())
      .add("NodeStatus", "conditions", Meta::merge_list("type"))
      .add("NodeStatus", "addresses", Meta::merge_list("type"));
  s.add("ObjectWithConditionsInStatus", "metadata", Meta::object("ObjectMeta"))
      .add("ObjectWithConditionsInStatus", "status", Meta::object("ConditionsByType"));
  s.add("ComponentStatus", "metadata", Meta::object("ObjectMeta"))
      .add("ComponentStatus", "conditions", Meta::merge_list("type"));

  // apps/v1: the workloads all carry a pod template and conditions merged by type.
  s.add("WorkloadSpec", "template", Meta::object("PodTemplateSpec"));
  s.add("DeploymentSpec", "template", Meta::object("PodTemplateSpec"))
      .add("DeploymentSpec", "strategy", Meta::object("DeploymentStrategy").with_retain_keys());
  for (const char* kind : {"Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job"}) {
    s.add(kind, "metadata", Meta::object("ObjectMeta")).add(kind, "status", Meta::object("ConditionsByType"));
  }
  s.add("Deployment", "spec", Meta::object("DeploymentSpec"))
      .add("ReplicaSet", "spec", Meta::object("WorkloadSpec"))
      .add("StatefulSet", "spec", Meta::object("WorkloadSpec"))
      .add("DaemonSet", "spec", Meta::object("WorkloadSpec"));

  // batch/v1.
  s.add("Job", "spec", Meta::object("WorkloadSpec"));
  s.add("CronJob", "metadata", Meta::object("ObjectMeta"))
      .add("CronJob", "spec", Meta::object("CronJobSpec"))
      .add("CronJobSpec", "jobTemplate", Meta::object("JobTemplateSpec"))
      .add("JobTemplateSpec", "metadata", Meta::object("ObjectMeta"))
      .add("JobTemplateSpec", "spec", Meta::object("WorkloadSpec"));

  // policy/v1: the selector of a PodDisruptionBudget is replaced, never merged.
  s.add("PodDisruptionBudget", "metadata", Meta::object("ObjectMeta"))
      .add("PodDisruptionBudget", "spec", Meta::object("PodDisruptionBudgetSpec"))
      .add("PodDisruptionBudget", "status", Meta::object("ConditionsByType"));
  Meta replaced_selector;
  replaced_selector.strategy = PatchStrategy::Replace;
  s.add("PodDisruptionBudgetSpec", "selector", replaced_selector);

  // storage.k8s.io/v1.
  s.add("CSINode", "metadata", Meta::object("ObjectMeta"))
      .add("CSINode", "spec", Meta::object("CSINodeSpec"))
      .add("CSINodeSpec", "drivers", Meta::merge_list("name"));

  // admissionregistration.k8s.io/v1.
  for (const char* kind : {"ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"}) {
    s.add(kind, "metadata", Meta::object("ObjectMeta"))
        .add(kind, "webhooks", Meta::merge_list("name", "Webhook"));
  }
  s.add("Webhook", "matchConditions", Meta::merge_list("name"));
  s.add("ValidatingAdmissionPolicy", "metadata", Meta::object("ObjectMeta"))
      .add("ValidatingAdmissionPolicy", "spec", Meta::object("ValidatingAdmissionPolicySpec"))
      .add("ValidatingAdmissionPolicy", "status", Meta::object("ConditionsByType"))
      .add("ValidatingAdmissionPolicySpec", "matchConditions", Meta::merge_list("name"))
      .add("ValidatingAdmissionPolicySpec", "variables", Meta::merge_list("name"));
  return s;
}

using KindKey = std::pair<std::string, std::string>;  // group, kind

// The root type of every kind this file knows.
const std::map<KindKey, std::string>& kind_roots() {
  static const std::map<KindKey, std::string> roots = [] {
    std::map<KindKey, std::string> r;
    for (const char* kind : {"Pod", "PodTemplate", "ReplicationController", "Service", "ServiceAccount",
                             "Node", "ComponentStatus"}) {
      r[{"", kind}] = kind;
    }
    for (const char* kind : {"Namespace", "PersistentVolumeClaim", "PersistentVolume"}) {
      // PersistentVolumeStatus has no conditions list yet; describing one it lacks is harmless.
      r[{"", kind}] = "ObjectWithConditionsInStatus";
    }
    for (const char* kind :
         {"ConfigMap", "Secret", "Endpoints", "Event", "LimitRange", "ResourceQuota", "Binding"}) {
      r[{"", kind}] = "ObjectWithMetadata";
    }
    for (const char* group : {"apps", "extensions"}) {
      for (const char* kind : {"Deployment", "ReplicaSet", "DaemonSet"}) r[{group, kind}] = kind;
    }
    r[{"apps", "StatefulSet"}] = "StatefulSet";
    r[{"apps", "ControllerRevision"}] = "ObjectWithMetadata";
    r[{"batch", "Job"}] = "Job";
    r[{"batch", "CronJob"}] = "CronJob";
    r[{"autoscaling", "HorizontalPodAutoscaler"}] = "ObjectWithConditionsInStatus";
    r[{"policy", "PodDisruptionBudget"}] = "PodDisruptionBudget";
    for (const char* group : {"networking.k8s.io", "extensions"}) {
      r[{group, "Ingress"}] = "ObjectWithMetadata";
      r[{group, "NetworkPolicy"}] = "ObjectWithMetadata";
    }
    r[{"networking.k8s.io", "IngressClass"}] = "ObjectWithMetadata";
    r[{"networking.k8s.io", "ServiceCIDR"}] = "ObjectWithConditionsInStatus";
    for (const char* kind : {"Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"}) {
      r[{"rbac.authorization.k8s.io", kind}] = "ObjectWithMetadata";
    }
    for (const char* kind : {"StorageClass", "VolumeAttachment", "CSIDriver", "CSIStorageCapacity"}) {
      r[{"storage.k8s.io", kind}] = "ObjectWithMetadata";
    }
    r[{"storage.k8s.io", "CSINode"}] = "CSINode";
    for (const char* kind :
         {"ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "ValidatingAdmissionPolicy"}) {
      r[{"admissionregistration.k8s.io", kind}] = kind;
    }
    r[{"admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding"}] = "ObjectWithMetadata";
    r[{"flowcontrol.apiserver.k8s.io", "FlowSchema"}] = "ObjectWithConditionsInStatus";
    r[{"flowcontrol.apiserver.k8s.io", "PriorityLevelConfiguration"}] = "ObjectWithConditionsInStatus";
    r[{"apiextensions.k8s.io", "CustomResourceDefinition"}] = "ObjectWithMetadata";
    r[{"apiregistration.k8s.io", "APIService"}] = "ObjectWithMetadata";
    r[{"coordination.k8s.io", "Lease"}] = "ObjectWithMetadata";
    r[{"discovery.k8s.io", "EndpointSlice"}] = "ObjectWithMetadata";
    r[{"events.k8s.io", "Event"}] = "ObjectWithMetadata";
    r[{"scheduling.k8s.io", "PriorityClass"}] = "ObjectWithMetadata";
    r[{"node.k8s.io", "RuntimeClass"}] = "ObjectWithMetadata";
    r[{"certificates.k8s.io", "CertificateSigningRequest"}] = "ObjectWithMetadata";
    return r;
  }();
  return roots;
}

const std::map<KindKey, PatchSchema>& schemas_by_kind() {
  static const std::map<KindKey, PatchSchema> schemas = [] {
    PatchSchema types = all_types();
    std::map<KindKey, PatchSchema> out;
    for (const auto& [key, root] : kind_roots()) out.emplace(key, types.with_root(root));
    return out;
  }();
  return schemas;
}

}  // namespace

const PatchSchema& builtin_patch_schema(std::string_view group, std::string_view kind) {
  static const PatchSchema no_metadata;
  const auto& schemas = schemas_by_kind();
  auto it = schemas.find(KindKey(group, kind));
  return it == schemas.end() ? no_metadata : it->second;
}

bool is_builtin_patch_kind(std::string_view group, std::string_view kind) {
  return kind_roots().count(KindKey(group, kind)) > 0;
}

}  // namespace coffer::kube
