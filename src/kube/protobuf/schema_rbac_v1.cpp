// Protobuf field table (generated.proto field numbers, json tag names) -- see protobuf_schema.h.
// One row per field: {message, field number, json name ("" = inlined), kind, flags, type}.

#include "kube/protobuf/protobuf_schema.h"

namespace coffer::kube::pb {

using enum FieldKind;

const FieldRow kRbacV1Fields[] = {
    {"rbac.v1.AggregationRule", 1, "clusterRoleSelectors", Message, kRepeated, "meta.v1.LabelSelector"},

    {"rbac.v1.ClusterRole", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"rbac.v1.ClusterRole", 2, "rules", Message, kRepeated | kAlways, "rbac.v1.PolicyRule"},
    {"rbac.v1.ClusterRole", 3, "aggregationRule", Message, kPointer, "rbac.v1.AggregationRule"},

    {"rbac.v1.ClusterRoleBinding", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"rbac.v1.ClusterRoleBinding", 2, "subjects", Message, kRepeated, "rbac.v1.Subject"},
    {"rbac.v1.ClusterRoleBinding", 3, "roleRef", Message, kAlways, "rbac.v1.RoleRef"},

    {"rbac.v1.ClusterRoleBindingList", 1, "metadata", Message, 0, "meta.v1.ListMeta"},
    {"rbac.v1.ClusterRoleBindingList", 2, "items", Message, kRepeated | kAlways, "rbac.v1.ClusterRoleBinding"},

    {"rbac.v1.ClusterRoleList", 1, "metadata", Message, 0, "meta.v1.ListMeta"},
    {"rbac.v1.ClusterRoleList", 2, "items", Message, kRepeated | kAlways, "rbac.v1.ClusterRole"},

    {"rbac.v1.PolicyRule", 1, "verbs", String, kRepeated | kAlways},
    {"rbac.v1.PolicyRule", 2, "apiGroups", String, kRepeated},
    {"rbac.v1.PolicyRule", 3, "resources", String, kRepeated},
    {"rbac.v1.PolicyRule", 4, "resourceNames", String, kRepeated},
    {"rbac.v1.PolicyRule", 5, "nonResourceURLs", String, kRepeated},

    {"rbac.v1.Role", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"rbac.v1.Role", 2, "rules", Message, kRepeated | kAlways, "rbac.v1.PolicyRule"},

    {"rbac.v1.RoleBinding", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"rbac.v1.RoleBinding", 2, "subjects", Message, kRepeated, "rbac.v1.Subject"},
    {"rbac.v1.RoleBinding", 3, "roleRef", Message, kAlways, "rbac.v1.RoleRef"},

    {"rbac.v1.RoleBindingList", 1, "metadata", Message, 0, "meta.v1.ListMeta"},
    {"rbac.v1.RoleBindingList", 2, "items", Message, kRepeated | kAlways, "rbac.v1.RoleBinding"},

    {"rbac.v1.RoleList", 1, "metadata", Message, 0, "meta.v1.ListMeta"},
    {"rbac.v1.RoleList", 2, "items", Message, kRepeated | kAlways, "rbac.v1.Role"},

    {"rbac.v1.RoleRef", 1, "apiGroup", String, kAlways},
    {"rbac.v1.RoleRef", 2, "kind", String, kAlways},
    {"rbac.v1.RoleRef", 3, "name", String, kAlways},

    {"rbac.v1.Subject", 1, "kind", String, kAlways},
    {"rbac.v1.Subject", 2, "apiGroup", String},
    {"rbac.v1.Subject", 3, "name", String, kAlways},
    {"rbac.v1.Subject", 4, "namespace", String},
    {},  // end
};

}  // namespace coffer::kube::pb
