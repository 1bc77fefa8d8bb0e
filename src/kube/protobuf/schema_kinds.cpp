// apiVersion/kind -> root protobuf message of the kinds decode_kubernetes_protobuf knows.

#include "kube/protobuf/protobuf_schema.h"

namespace coffer::kube::pb {

namespace {

// clang-format off
const KindRow kKinds[] = {
    {"v1", "Binding", "core.v1.Binding"},
    {"v1", "ComponentStatus", "core.v1.ComponentStatus"},
    {"v1", "ConfigMap", "core.v1.ConfigMap"},
    {"v1", "Endpoints", "core.v1.Endpoints"},
    {"v1", "Event", "core.v1.Event"},
    {"v1", "LimitRange", "core.v1.LimitRange"},
    {"v1", "Namespace", "core.v1.Namespace"},
    {"v1", "Node", "core.v1.Node"},
    {"v1", "PersistentVolume", "core.v1.PersistentVolume"},
    {"v1", "PersistentVolumeClaim", "core.v1.PersistentVolumeClaim"},
    {"v1", "Pod", "core.v1.Pod"},
    {"v1", "PodTemplate", "core.v1.PodTemplate"},
    {"v1", "RangeAllocation", "core.v1.RangeAllocation"},
    {"v1", "ReplicationController", "core.v1.ReplicationController"},
    {"v1", "ResourceQuota", "core.v1.ResourceQuota"},
    {"v1", "Secret", "core.v1.Secret"},
    {"v1", "SerializedReference", "core.v1.SerializedReference"},
    {"v1", "Service", "core.v1.Service"},
    {"v1", "ServiceAccount", "core.v1.ServiceAccount"},
    {"apps/v1", "ControllerRevision", "apps.v1.ControllerRevision"},
    {"apps/v1", "DaemonSet", "apps.v1.DaemonSet"},
    {"apps/v1", "Deployment", "apps.v1.Deployment"},
    {"apps/v1", "ReplicaSet", "apps.v1.ReplicaSet"},
    {"apps/v1", "StatefulSet", "apps.v1.StatefulSet"},
    {"batch/v1", "CronJob", "batch.v1.CronJob"},
    {"batch/v1", "Job", "batch.v1.Job"},
    {"rbac.authorization.k8s.io/v1", "ClusterRole", "rbac.v1.ClusterRole"},
    {"rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "rbac.v1.ClusterRoleBinding"},
    {"rbac.authorization.k8s.io/v1", "Role", "rbac.v1.Role"},
    {"rbac.authorization.k8s.io/v1", "RoleBinding", "rbac.v1.RoleBinding"},
    {"authentication.k8s.io/v1", "SelfSubjectReview", "authentication.v1.SelfSubjectReview"},
    {"authentication.k8s.io/v1", "TokenRequest", "authentication.v1.TokenRequest"},
    {"authentication.k8s.io/v1", "TokenReview", "authentication.v1.TokenReview"},
    {"authorization.k8s.io/v1", "LocalSubjectAccessReview", "authorization.v1.LocalSubjectAccessReview"},
    {"authorization.k8s.io/v1", "SelfSubjectAccessReview", "authorization.v1.SelfSubjectAccessReview"},
    {"authorization.k8s.io/v1", "SelfSubjectRulesReview", "authorization.v1.SelfSubjectRulesReview"},
    {"authorization.k8s.io/v1", "SubjectAccessReview", "authorization.v1.SubjectAccessReview"},
    {"policy/v1", "Eviction", "policy.v1.Eviction"},
    {"policy/v1", "PodDisruptionBudget", "policy.v1.PodDisruptionBudget"},
    {"scheduling.k8s.io/v1", "PriorityClass", "scheduling.v1.PriorityClass"},
    {"networking.k8s.io/v1", "IPAddress", "networking.v1.IPAddress"},
    {"networking.k8s.io/v1", "Ingress", "networking.v1.Ingress"},
    {"networking.k8s.io/v1", "IngressClass", "networking.v1.IngressClass"},
    {"networking.k8s.io/v1", "NetworkPolicy", "networking.v1.NetworkPolicy"},
    {"networking.k8s.io/v1", "ServiceCIDR", "networking.v1.ServiceCIDR"},
    {"autoscaling/v1", "HorizontalPodAutoscaler", "autoscaling.v1.HorizontalPodAutoscaler"},
    {"autoscaling/v1", "Scale", "autoscaling.v1.Scale"},
    {"autoscaling/v2", "HorizontalPodAutoscaler", "autoscaling.v2.HorizontalPodAutoscaler"},
    {"coordination.k8s.io/v1", "Lease", "coordination.v1.Lease"},
    {"", "APIGroup", "meta.v1.APIGroup"},
    {"", "APIVersions", "meta.v1.APIVersions"},
    {"", "ApplyOptions", "meta.v1.ApplyOptions"},
    {"", "CreateOptions", "meta.v1.CreateOptions"},
    {"", "DeleteOptions", "meta.v1.DeleteOptions"},
    {"", "GetOptions", "meta.v1.GetOptions"},
    {"", "ListOptions", "meta.v1.ListOptions"},
    {"", "PartialObjectMetadata", "meta.v1.PartialObjectMetadata"},
    {"", "PatchOptions", "meta.v1.PatchOptions"},
    {"", "Status", "meta.v1.Status"},
    {"", "TableOptions", "meta.v1.TableOptions"},
    {"", "UpdateOptions", "meta.v1.UpdateOptions"},
};
// clang-format on

const std::string_view kListWrappers[] = {
    "meta.v1.Verbs",
    "authentication.v1.AttestationValue",
    "authentication.v1.ExtraValue",
    "authorization.v1.ExtraValue",
};

}  // namespace

std::span<const KindRow> kind_table() { return kKinds; }
std::span<const std::string_view> list_wrapper_messages() { return kListWrappers; }

}  // namespace coffer::kube::pb
