// Protobuf field table (generated.proto field numbers, json tag names) -- see protobuf_schema.h.
// One row per field: {message, field number, json name ("" = inlined), kind, flags, type}.

#include "kube/protobuf/protobuf_schema.h"

namespace coffer::kube::pb {

using enum FieldKind;

const FieldRow kAppsV1Fields[] = {
    {"apps.v1.ControllerRevision", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"apps.v1.ControllerRevision", 2, "data", RawExtension, kAlways},
    {"apps.v1.ControllerRevision", 3, "revision", Int64, kAlways},

    {"apps.v1.ControllerRevisionList", 1, "metadata", Message, 0, "meta.v1.ListMeta"},
    {"apps.v1.ControllerRevisionList", 2, "items", Message, kRepeated | kAlways, "apps.v1.ControllerRevision"},

    {"apps.v1.DaemonSet", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"apps.v1.DaemonSet", 2, "spec", Message, 0, "apps.v1.DaemonSetSpec"},
    {"apps.v1.DaemonSet", 3, "status", Message, 0, "apps.v1.DaemonSetStatus"},

    {"apps.v1.DaemonSetCondition", 1, "type", String, kAlways},
    {"apps.v1.DaemonSetCondition", 2, "status", String, kAlways},
    {"apps.v1.DaemonSetCondition", 3, "lastTransitionTime", Time},
    {"apps.v1.DaemonSetCondition", 4, "reason", String},
    {"apps.v1.DaemonSetCondition", 5, "message", String},

    {"apps.v1.DaemonSetList", 1, "metadata", Message, 0, "meta.v1.ListMeta"},
    {"apps.v1.DaemonSetList", 2, "items", Message, kRepeated | kAlways, "apps.v1.DaemonSet"},

    {"apps.v1.DaemonSetSpec", 1, "selector", Message, kPointer | kAlways, "meta.v1.LabelSelector"},
    {"apps.v1.DaemonSetSpec", 2, "template", Message, kAlways, "core.v1.PodTemplateSpec"},
    {"apps.v1.DaemonSetSpec", 3, "updateStrategy", Message, 0, "apps.v1.DaemonSetUpdateStrategy"},
    {"apps.v1.DaemonSetSpec", 4, "minReadySeconds", Int32},
    {"apps.v1.DaemonSetSpec", 6, "revisionHistoryLimit", Int32, kPointer},

    {"apps.v1.DaemonSetStatus", 1, "currentNumberScheduled", Int32, kAlways},
    {"apps.v1.DaemonSetStatus", 2, "numberMisscheduled", Int32, kAlways},
    {"apps.v1.DaemonSetStatus", 3, "desiredNumberScheduled", Int32, kAlways},
    {"apps.v1.DaemonSetStatus", 4, "numberReady", Int32, kAlways},
    {"apps.v1.DaemonSetStatus", 5, "observedGeneration", Int64},
    {"apps.v1.DaemonSetStatus", 6, "updatedNumberScheduled", Int32},
    {"apps.v1.DaemonSetStatus", 7, "numberAvailable", Int32},
    {"apps.v1.DaemonSetStatus", 8, "numberUnavailable", Int32},
    {"apps.v1.DaemonSetStatus", 9, "collisionCount", Int32, kPointer},
    {"apps.v1.DaemonSetStatus", 10, "conditions", Message, kRepeated, "apps.v1.DaemonSetCondition"},

    {"apps.v1.DaemonSetUpdateStrategy", 1, "type", String},
    {"apps.v1.DaemonSetUpdateStrategy", 2, "rollingUpdate", Message, kPointer, "apps.v1.RollingUpdateDaemonSet"},

    {"apps.v1.Deployment", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"apps.v1.Deployment", 2, "spec", Message, 0, "apps.v1.DeploymentSpec"},
    {"apps.v1.Deployment", 3, "status", Message, 0, "apps.v1.DeploymentStatus"},

    {"apps.v1.DeploymentCondition", 1, "type", String, kAlways},
    {"apps.v1.DeploymentCondition", 2, "status", String, kAlways},
    {"apps.v1.DeploymentCondition", 6, "lastUpdateTime", Time},
    {"apps.v1.DeploymentCondition", 7, "lastTransitionTime", Time},
    {"apps.v1.DeploymentCondition", 4, "reason", String},
    {"apps.v1.DeploymentCondition", 5, "message", String},

    {"apps.v1.DeploymentList", 1, "metadata", Message, 0, "meta.v1.ListMeta"},
    {"apps.v1.DeploymentList", 2, "items", Message, kRepeated | kAlways, "apps.v1.Deployment"},

    {"apps.v1.DeploymentSpec", 1, "replicas", Int32, kPointer},
    {"apps.v1.DeploymentSpec", 2, "selector", Message, kPointer | kAlways, "meta.v1.LabelSelector"},
    {"apps.v1.DeploymentSpec", 3, "template", Message, kAlways, "core.v1.PodTemplateSpec"},
    {"apps.v1.DeploymentSpec", 4, "strategy", Message, 0, "apps.v1.DeploymentStrategy"},
    {"apps.v1.DeploymentSpec", 5, "minReadySeconds", Int32},
    {"apps.v1.DeploymentSpec", 6, "revisionHistoryLimit", Int32, kPointer},
    {"apps.v1.DeploymentSpec", 7, "paused", Bool},
    {"apps.v1.DeploymentSpec", 9, "progressDeadlineSeconds", Int32, kPointer},

    {"apps.v1.DeploymentStatus", 1, "observedGeneration", Int64},
    {"apps.v1.DeploymentStatus", 2, "replicas", Int32},
    {"apps.v1.DeploymentStatus", 3, "updatedReplicas", Int32},
    {"apps.v1.DeploymentStatus", 7, "readyReplicas", Int32},
    {"apps.v1.DeploymentStatus", 4, "availableReplicas", Int32},
    {"apps.v1.DeploymentStatus", 5, "unavailableReplicas", Int32},
    {"apps.v1.DeploymentStatus", 9, "terminatingReplicas", Int32, kPointer},
    {"apps.v1.DeploymentStatus", 6, "conditions", Message, kRepeated, "apps.v1.DeploymentCondition"},
    {"apps.v1.DeploymentStatus", 8, "collisionCount", Int32, kPointer},

    {"apps.v1.DeploymentStrategy", 1, "type", String},
    {"apps.v1.DeploymentStrategy", 2, "rollingUpdate", Message, kPointer, "apps.v1.RollingUpdateDeployment"},

    {"apps.v1.ReplicaSet", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"apps.v1.ReplicaSet", 2, "spec", Message, 0, "apps.v1.ReplicaSetSpec"},
    {"apps.v1.ReplicaSet", 3, "status", Message, 0, "apps.v1.ReplicaSetStatus"},

    {"apps.v1.ReplicaSetCondition", 1, "type", String, kAlways},
    {"apps.v1.ReplicaSetCondition", 2, "status", String, kAlways},
    {"apps.v1.ReplicaSetCondition", 3, "lastTransitionTime", Time},
    {"apps.v1.ReplicaSetCondition", 4, "reason", String},
    {"apps.v1.ReplicaSetCondition", 5, "message", String},

    {"apps.v1.ReplicaSetList", 1, "metadata", Message, 0, "meta.v1.ListMeta"},
    {"apps.v1.ReplicaSetList", 2, "items", Message, kRepeated | kAlways, "apps.v1.ReplicaSet"},

    {"apps.v1.ReplicaSetSpec", 1, "replicas", Int32, kPointer},
    {"apps.v1.ReplicaSetSpec", 4, "minReadySeconds", Int32},
    {"apps.v1.ReplicaSetSpec", 2, "selector", Message, kPointer | kAlways, "meta.v1.LabelSelector"},
    {"apps.v1.ReplicaSetSpec", 3, "template", Message, 0, "core.v1.PodTemplateSpec"},

    {"apps.v1.ReplicaSetStatus", 1, "replicas", Int32, kAlways},
    {"apps.v1.ReplicaSetStatus", 2, "fullyLabeledReplicas", Int32},
    {"apps.v1.ReplicaSetStatus", 4, "readyReplicas", Int32},
    {"apps.v1.ReplicaSetStatus", 5, "availableReplicas", Int32},
    {"apps.v1.ReplicaSetStatus", 7, "terminatingReplicas", Int32, kPointer},
    {"apps.v1.ReplicaSetStatus", 3, "observedGeneration", Int64},
    {"apps.v1.ReplicaSetStatus", 6, "conditions", Message, kRepeated, "apps.v1.ReplicaSetCondition"},

    {"apps.v1.RollingUpdateDaemonSet", 1, "maxUnavailable", IntOrString, kPointer},
    {"apps.v1.RollingUpdateDaemonSet", 2, "maxSurge", IntOrString, kPointer},

    {"apps.v1.RollingUpdateDeployment", 1, "maxUnavailable", IntOrString, kPointer},
    {"apps.v1.RollingUpdateDeployment", 2, "maxSurge", IntOrString, kPointer},

    {"apps.v1.RollingUpdateStatefulSetStrategy", 1, "partition", Int32, kPointer},
    {"apps.v1.RollingUpdateStatefulSetStrategy", 2, "maxUnavailable", IntOrString, kPointer},

    {"apps.v1.StatefulSet", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"apps.v1.StatefulSet", 2, "spec", Message, 0, "apps.v1.StatefulSetSpec"},
    {"apps.v1.StatefulSet", 3, "status", Message, 0, "apps.v1.StatefulSetStatus"},

    {"apps.v1.StatefulSetCondition", 1, "type", String, kAlways},
    {"apps.v1.StatefulSetCondition", 2, "status", String, kAlways},
    {"apps.v1.StatefulSetCondition", 3, "lastTransitionTime", Time},
    {"apps.v1.StatefulSetCondition", 4, "reason", String},
    {"apps.v1.StatefulSetCondition", 5, "message", String},

    {"apps.v1.StatefulSetList", 1, "metadata", Message, 0, "meta.v1.ListMeta"},
    {"apps.v1.StatefulSetList", 2, "items", Message, kRepeated | kAlways, "apps.v1.StatefulSet"},

    {"apps.v1.StatefulSetOrdinals", 1, "start", Int32, kAlways},

    {"apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy", 1, "whenDeleted", String},
    {"apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy", 2, "whenScaled", String},

    {"apps.v1.StatefulSetSpec", 1, "replicas", Int32, kPointer},
    {"apps.v1.StatefulSetSpec", 2, "selector", Message, kPointer | kAlways, "meta.v1.LabelSelector"},
    {"apps.v1.StatefulSetSpec", 3, "template", Message, kAlways, "core.v1.PodTemplateSpec"},
    {"apps.v1.StatefulSetSpec", 4, "volumeClaimTemplates", Message, kRepeated, "core.v1.PersistentVolumeClaim"},
    {"apps.v1.StatefulSetSpec", 5, "serviceName", String, kAlways},
    {"apps.v1.StatefulSetSpec", 6, "podManagementPolicy", String},
    {"apps.v1.StatefulSetSpec", 7, "updateStrategy", Message, 0, "apps.v1.StatefulSetUpdateStrategy"},
    {"apps.v1.StatefulSetSpec", 8, "revisionHistoryLimit", Int32, kPointer},
    {"apps.v1.StatefulSetSpec", 9, "minReadySeconds", Int32},
    {"apps.v1.StatefulSetSpec", 10, "persistentVolumeClaimRetentionPolicy", Message, kPointer, "apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy"},
    {"apps.v1.StatefulSetSpec", 11, "ordinals", Message, kPointer, "apps.v1.StatefulSetOrdinals"},

    {"apps.v1.StatefulSetStatus", 1, "observedGeneration", Int64},
    {"apps.v1.StatefulSetStatus", 2, "replicas", Int32, kAlways},
    {"apps.v1.StatefulSetStatus", 3, "readyReplicas", Int32},
    {"apps.v1.StatefulSetStatus", 4, "currentReplicas", Int32},
    {"apps.v1.StatefulSetStatus", 5, "updatedReplicas", Int32},
    {"apps.v1.StatefulSetStatus", 6, "currentRevision", String},
    {"apps.v1.StatefulSetStatus", 7, "updateRevision", String},
    {"apps.v1.StatefulSetStatus", 9, "collisionCount", Int32, kPointer},
    {"apps.v1.StatefulSetStatus", 10, "conditions", Message, kRepeated, "apps.v1.StatefulSetCondition"},
    {"apps.v1.StatefulSetStatus", 11, "availableReplicas", Int32, kAlways},

    {"apps.v1.StatefulSetUpdateStrategy", 1, "type", String},
    {"apps.v1.StatefulSetUpdateStrategy", 2, "rollingUpdate", Message, kPointer, "apps.v1.RollingUpdateStatefulSetStrategy"},
    {},  // end
};

}  // namespace coffer::kube::pb
