// Protobuf field table (generated.proto field numbers, json tag names) -- see protobuf_schema.h.
// One row per field: {message, field number, json name ("" = inlined), kind, flags, type}.

#include "kube/protobuf/protobuf_schema.h"

namespace coffer::kube::pb {

using enum FieldKind;

const FieldRow kPolicyV1Fields[] = {
    {"policy.v1.Eviction", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"policy.v1.Eviction", 2, "deleteOptions", Message, kPointer, "meta.v1.DeleteOptions"},

    {"policy.v1.PodDisruptionBudget", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"policy.v1.PodDisruptionBudget", 2, "spec", Message, 0, "policy.v1.PodDisruptionBudgetSpec"},
    {"policy.v1.PodDisruptionBudget", 3, "status", Message, 0, "policy.v1.PodDisruptionBudgetStatus"},

    {"policy.v1.PodDisruptionBudgetList", 1, "metadata", Message, 0, "meta.v1.ListMeta"},
    {"policy.v1.PodDisruptionBudgetList", 2, "items", Message, kRepeated | kAlways, "policy.v1.PodDisruptionBudget"},

    {"policy.v1.PodDisruptionBudgetSpec", 1, "minAvailable", IntOrString, kPointer},
    {"policy.v1.PodDisruptionBudgetSpec", 2, "selector", Message, kPointer, "meta.v1.LabelSelector"},
    {"policy.v1.PodDisruptionBudgetSpec", 3, "maxUnavailable", IntOrString, kPointer},
    {"policy.v1.PodDisruptionBudgetSpec", 4, "unhealthyPodEvictionPolicy", String, kPointer},

    {"policy.v1.PodDisruptionBudgetStatus", 1, "observedGeneration", Int64},
    {"policy.v1.PodDisruptionBudgetStatus", 2, "disruptedPods", Map, 0, "Time"},
    {"policy.v1.PodDisruptionBudgetStatus", 3, "disruptionsAllowed", Int32, kAlways},
    {"policy.v1.PodDisruptionBudgetStatus", 4, "currentHealthy", Int32, kAlways},
    {"policy.v1.PodDisruptionBudgetStatus", 5, "desiredHealthy", Int32, kAlways},
    {"policy.v1.PodDisruptionBudgetStatus", 6, "expectedPods", Int32, kAlways},
    {"policy.v1.PodDisruptionBudgetStatus", 7, "conditions", Message, kRepeated, "meta.v1.Condition"},
    {},  // end
};

const FieldRow kSchedulingV1Fields[] = {
    {"scheduling.v1.PriorityClass", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"scheduling.v1.PriorityClass", 2, "value", Int32, kAlways},
    {"scheduling.v1.PriorityClass", 3, "globalDefault", Bool},
    {"scheduling.v1.PriorityClass", 4, "description", String},
    {"scheduling.v1.PriorityClass", 5, "preemptionPolicy", String, kPointer},

    {"scheduling.v1.PriorityClassList", 1, "metadata", Message, 0, "meta.v1.ListMeta"},
    {"scheduling.v1.PriorityClassList", 2, "items", Message, kRepeated | kAlways, "scheduling.v1.PriorityClass"},
    {},  // end
};

}  // namespace coffer::kube::pb
