// The built-in resources of a Kubernetes 1.30 API server with its default (GA) API groups
// enabled, plus the snapshot.storage.k8s.io/v1 resources (CRDs on a real cluster, built in here).
// Groups appear in the order a 1.30 server lists them in /apis; within a group, versions appear
// most preferred first; within a group/version, resources are in alphabetical order.
#include <cctype>
#include <initializer_list>

#include "kubesim/registry/resource_registry.h"

namespace coffer::kubesim {
namespace {

enum Scope { kNamespaced, kCluster };

// Flags for the subresources a resource has.
constexpr unsigned kStatus = 1;
constexpr unsigned kScale = 2;

using Names = std::initializer_list<const char*>;

// Every verb of an ordinary resource, in the (alphabetical) order discovery lists them.
const Names kAllVerbs = {"create", "delete", "deletecollection", "get", "list", "patch", "update",
                         "watch"};
// Namespaces cannot be deleted as a collection.
const Names kNoCollectionDelete = {"create", "delete", "get", "list", "patch", "update", "watch"};
// Review-style resources (TokenReview, SubjectAccessReview...) and Binding.
const Names kCreateOnly = {"create"};
const Names kReadOnly = {"get", "list"};
const Names kNone = {};
const Names kAll = {"all"};
const Names kApiExtensions = {"api-extensions"};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

class Table {
 public:
  // Adds one resource to the table; the singular name is the lower-cased kind, as for every
  // built-in resource.
  void add(const char* group, const char* version, const char* resource, const char* kind,
           Scope scope, Names verbs, Names short_names = kNone, Names categories = kNone,
           unsigned subresources = 0) {
    ResourceType t;
    t.group = group;
    t.version = version;
    t.resource = resource;
    t.kind = kind;
    t.list_kind = std::string(kind) + "List";
    t.singular = lower(kind);
    t.namespaced = scope == kNamespaced;
    for (const char* v : verbs) t.verbs.emplace_back(v);
    for (const char* s : short_names) t.short_names.emplace_back(s);
    for (const char* c : categories) t.categories.emplace_back(c);
    t.has_status = (subresources & kStatus) != 0;
    t.has_scale = (subresources & kScale) != 0;
    types_.push_back(std::move(t));
  }

  std::vector<ResourceType> take() { return std::move(types_); }

 private:
  std::vector<ResourceType> types_;
};

}  // namespace

std::vector<ResourceType> builtin_resource_types() {
  Table t;

  // --- core (legacy) group: /api/v1 ---
  const char* core = "";
  t.add(core, "v1", "bindings", "Binding", kNamespaced, kCreateOnly);
  t.add(core, "v1", "componentstatuses", "ComponentStatus", kCluster, kReadOnly, {"cs"});
  t.add(core, "v1", "configmaps", "ConfigMap", kNamespaced, kAllVerbs, {"cm"});
  t.add(core, "v1", "endpoints", "Endpoints", kNamespaced, kAllVerbs, {"ep"});
  t.add(core, "v1", "events", "Event", kNamespaced, kAllVerbs, {"ev"});
  t.add(core, "v1", "limitranges", "LimitRange", kNamespaced, kAllVerbs, {"limits"});
  t.add(core, "v1", "namespaces", "Namespace", kCluster, kNoCollectionDelete, {"ns"}, kNone,
        kStatus);
  t.add(core, "v1", "nodes", "Node", kCluster, kAllVerbs, {"no"}, kNone, kStatus);
  t.add(core, "v1", "persistentvolumeclaims", "PersistentVolumeClaim", kNamespaced, kAllVerbs,
        {"pvc"}, kNone, kStatus);
  t.add(core, "v1", "persistentvolumes", "PersistentVolume", kCluster, kAllVerbs, {"pv"}, kNone,
        kStatus);
  t.add(core, "v1", "pods", "Pod", kNamespaced, kAllVerbs, {"po"}, kAll, kStatus);
  t.add(core, "v1", "podtemplates", "PodTemplate", kNamespaced, kAllVerbs);
  t.add(core, "v1", "replicationcontrollers", "ReplicationController", kNamespaced, kAllVerbs,
        {"rc"}, kAll, kStatus | kScale);
  t.add(core, "v1", "resourcequotas", "ResourceQuota", kNamespaced, kAllVerbs, {"quota"}, kNone,
        kStatus);
  t.add(core, "v1", "secrets", "Secret", kNamespaced, kAllVerbs);
  t.add(core, "v1", "serviceaccounts", "ServiceAccount", kNamespaced, kAllVerbs, {"sa"});
  t.add(core, "v1", "services", "Service", kNamespaced, kAllVerbs, {"svc"}, kAll, kStatus);

  // --- apiregistration.k8s.io ---
  t.add("apiregistration.k8s.io", "v1", "apiservices", "APIService", kCluster, kAllVerbs, kNone,
        kApiExtensions, kStatus);

  // --- apps ---
  const char* apps = "apps";
  t.add(apps, "v1", "controllerrevisions", "ControllerRevision", kNamespaced, kAllVerbs);
  t.add(apps, "v1", "daemonsets", "DaemonSet", kNamespaced, kAllVerbs, {"ds"}, kAll, kStatus);
  t.add(apps, "v1", "deployments", "Deployment", kNamespaced, kAllVerbs, {"deploy"}, kAll,
        kStatus | kScale);
  t.add(apps, "v1", "replicasets", "ReplicaSet", kNamespaced, kAllVerbs, {"rs"}, kAll,
        kStatus | kScale);
  t.add(apps, "v1", "statefulsets", "StatefulSet", kNamespaced, kAllVerbs, {"sts"}, kAll,
        kStatus | kScale);

  // --- events.k8s.io ---
  t.add("events.k8s.io", "v1", "events", "Event", kNamespaced, kAllVerbs, {"ev"});

  // --- authentication.k8s.io ---
  const char* authn = "authentication.k8s.io";
  t.add(authn, "v1", "selfsubjectreviews", "SelfSubjectReview", kCluster, kCreateOnly);
  t.add(authn, "v1", "tokenreviews", "TokenReview", kCluster, kCreateOnly);

  // --- authorization.k8s.io ---
  const char* authz = "authorization.k8s.io";
  t.add(authz, "v1", "localsubjectaccessreviews", "LocalSubjectAccessReview", kNamespaced,
        kCreateOnly);
  t.add(authz, "v1", "selfsubjectaccessreviews", "SelfSubjectAccessReview", kCluster,
        kCreateOnly);
  t.add(authz, "v1", "selfsubjectrulesreviews", "SelfSubjectRulesReview", kCluster, kCreateOnly);
  t.add(authz, "v1", "subjectaccessreviews", "SubjectAccessReview", kCluster, kCreateOnly);

  // --- autoscaling: v2 is preferred, v1 still served ---
  t.add("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", kNamespaced,
        kAllVerbs, {"hpa"}, kAll, kStatus);
  t.add("autoscaling", "v1", "horizontalpodautoscalers", "HorizontalPodAutoscaler", kNamespaced,
        kAllVerbs, {"hpa"}, kAll, kStatus);

  // --- batch ---
  t.add("batch", "v1", "cronjobs", "CronJob", kNamespaced, kAllVerbs, {"cj"}, kAll, kStatus);
  t.add("batch", "v1", "jobs", "Job", kNamespaced, kAllVerbs, kNone, kAll, kStatus);

  // --- certificates.k8s.io ---
  t.add("certificates.k8s.io", "v1", "certificatesigningrequests", "CertificateSigningRequest",
        kCluster, kAllVerbs, {"csr"}, kNone, kStatus);

  // --- networking.k8s.io ---
  const char* net = "networking.k8s.io";
  t.add(net, "v1", "ingressclasses", "IngressClass", kCluster, kAllVerbs);
  t.add(net, "v1", "ingresses", "Ingress", kNamespaced, kAllVerbs, {"ing"}, kNone, kStatus);
  t.add(net, "v1", "networkpolicies", "NetworkPolicy", kNamespaced, kAllVerbs, {"netpol"});

  // --- policy ---
  t.add("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", kNamespaced, kAllVerbs,
        {"pdb"}, kNone, kStatus);

  // --- rbac.authorization.k8s.io ---
  const char* rbac = "rbac.authorization.k8s.io";
  t.add(rbac, "v1", "clusterrolebindings", "ClusterRoleBinding", kCluster, kAllVerbs);
  t.add(rbac, "v1", "clusterroles", "ClusterRole", kCluster, kAllVerbs);
  t.add(rbac, "v1", "rolebindings", "RoleBinding", kNamespaced, kAllVerbs);
  t.add(rbac, "v1", "roles", "Role", kNamespaced, kAllVerbs);

  // --- storage.k8s.io ---
  const char* storage = "storage.k8s.io";
  t.add(storage, "v1", "csidrivers", "CSIDriver", kCluster, kAllVerbs);
  t.add(storage, "v1", "csinodes", "CSINode", kCluster, kAllVerbs);
  t.add(storage, "v1", "csistoragecapacities", "CSIStorageCapacity", kNamespaced, kAllVerbs);
  t.add(storage, "v1", "storageclasses", "StorageClass", kCluster, kAllVerbs, {"sc"});
  t.add(storage, "v1", "volumeattachments", "VolumeAttachment", kCluster, kAllVerbs, kNone,
        kNone, kStatus);

  // --- admissionregistration.k8s.io ---
  const char* admission = "admissionregistration.k8s.io";
  t.add(admission, "v1", "mutatingwebhookconfigurations", "MutatingWebhookConfiguration",
        kCluster, kAllVerbs, kNone, kApiExtensions);
  t.add(admission, "v1", "validatingadmissionpolicies", "ValidatingAdmissionPolicy", kCluster,
        kAllVerbs, kNone, kApiExtensions, kStatus);
  t.add(admission, "v1", "validatingadmissionpolicybindings", "ValidatingAdmissionPolicyBinding",
        kCluster, kAllVerbs, kNone, kApiExtensions);
  t.add(admission, "v1", "validatingwebhookconfigurations", "ValidatingWebhookConfiguration",
        kCluster, kAllVerbs, kNone, kApiExtensions);

  // --- apiextensions.k8s.io ---
  t.add("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition",
        kCluster, kAllVerbs, {"crd", "crds"}, kApiExtensions, kStatus);

  // --- scheduling.k8s.io ---
  t.add("scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", kCluster, kAllVerbs,
        {"pc"});

  // --- coordination.k8s.io ---
  t.add("coordination.k8s.io", "v1", "leases", "Lease", kNamespaced, kAllVerbs);

  // --- node.k8s.io ---
  t.add("node.k8s.io", "v1", "runtimeclasses", "RuntimeClass", kCluster, kAllVerbs);

  // --- discovery.k8s.io ---
  t.add("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", kNamespaced, kAllVerbs);

  // --- flowcontrol.apiserver.k8s.io: v1 is preferred, v1beta3 still served ---
  const char* flow = "flowcontrol.apiserver.k8s.io";
  for (const char* v : {"v1", "v1beta3"}) {
    t.add(flow, v, "flowschemas", "FlowSchema", kCluster, kAllVerbs, kNone, kNone, kStatus);
    t.add(flow, v, "prioritylevelconfigurations", "PriorityLevelConfiguration", kCluster,
          kAllVerbs, kNone, kNone, kStatus);
  }

  // --- snapshot.storage.k8s.io (external-snapshotter's CRDs on a real cluster) ---
  const char* snap = "snapshot.storage.k8s.io";
  t.add(snap, "v1", "volumesnapshotclasses", "VolumeSnapshotClass", kCluster, kAllVerbs,
        {"vsclass", "vsclasses"});
  t.add(snap, "v1", "volumesnapshotcontents", "VolumeSnapshotContent", kCluster, kAllVerbs,
        {"vsc", "vscs"}, kNone, kStatus);
  t.add(snap, "v1", "volumesnapshots", "VolumeSnapshot", kNamespaced, kAllVerbs, {"vs"}, kNone,
        kStatus);

  return t.take();
}

}  // namespace coffer::kubesim
