// Protobuf field table (generated.proto field numbers, json tag names) -- see protobuf_schema.h.
// One row per field: {message, field number, json name ("" = inlined), kind, flags, type}.

#include "kube/protobuf/protobuf_schema.h"

namespace coffer::kube::pb {

using enum FieldKind;

const FieldRow kBatchV1Fields[] = {
    {"batch.v1.CronJob", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"batch.v1.CronJob", 2, "spec", Message, 0, "batch.v1.CronJobSpec"},
    {"batch.v1.CronJob", 3, "status", Message, 0, "batch.v1.CronJobStatus"},

    {"batch.v1.CronJobList", 1, "metadata", Message, 0, "meta.v1.ListMeta"},
    {"batch.v1.CronJobList", 2, "items", Message, kRepeated | kAlways, "batch.v1.CronJob"},

    {"batch.v1.CronJobSpec", 1, "schedule", String, kAlways},
    {"batch.v1.CronJobSpec", 8, "timeZone", String, kPointer},
    {"batch.v1.CronJobSpec", 2, "startingDeadlineSeconds", Int64, kPointer},
    {"batch.v1.CronJobSpec", 3, "concurrencyPolicy", String},
    {"batch.v1.CronJobSpec", 4, "suspend", Bool, kPointer},
    {"batch.v1.CronJobSpec", 5, "jobTemplate", Message, kAlways, "batch.v1.JobTemplateSpec"},
    {"batch.v1.CronJobSpec", 6, "successfulJobsHistoryLimit", Int32, kPointer},
    {"batch.v1.CronJobSpec", 7, "failedJobsHistoryLimit", Int32, kPointer},

    {"batch.v1.CronJobStatus", 1, "active", Message, kRepeated, "core.v1.ObjectReference"},
    {"batch.v1.CronJobStatus", 4, "lastScheduleTime", Time, kPointer},
    {"batch.v1.CronJobStatus", 5, "lastSuccessfulTime", Time, kPointer},

    {"batch.v1.Job", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"batch.v1.Job", 2, "spec", Message, 0, "batch.v1.JobSpec"},
    {"batch.v1.Job", 3, "status", Message, 0, "batch.v1.JobStatus"},

    {"batch.v1.JobCondition", 1, "type", String, kAlways},
    {"batch.v1.JobCondition", 2, "status", String, kAlways},
    {"batch.v1.JobCondition", 3, "lastProbeTime", Time},
    {"batch.v1.JobCondition", 4, "lastTransitionTime", Time},
    {"batch.v1.JobCondition", 5, "reason", String},
    {"batch.v1.JobCondition", 6, "message", String},

    {"batch.v1.JobList", 1, "metadata", Message, 0, "meta.v1.ListMeta"},
    {"batch.v1.JobList", 2, "items", Message, kRepeated | kAlways, "batch.v1.Job"},

    {"batch.v1.JobSpec", 1, "parallelism", Int32, kPointer},
    {"batch.v1.JobSpec", 2, "completions", Int32, kPointer},
    {"batch.v1.JobSpec", 3, "activeDeadlineSeconds", Int64, kPointer},
    {"batch.v1.JobSpec", 11, "podFailurePolicy", Message, kPointer, "batch.v1.PodFailurePolicy"},
    {"batch.v1.JobSpec", 16, "successPolicy", Message, kPointer, "batch.v1.SuccessPolicy"},
    {"batch.v1.JobSpec", 7, "backoffLimit", Int32, kPointer},
    {"batch.v1.JobSpec", 12, "backoffLimitPerIndex", Int32, kPointer},
    {"batch.v1.JobSpec", 13, "maxFailedIndexes", Int32, kPointer},
    {"batch.v1.JobSpec", 4, "selector", Message, kPointer, "meta.v1.LabelSelector"},
    {"batch.v1.JobSpec", 5, "manualSelector", Bool, kPointer},
    {"batch.v1.JobSpec", 6, "template", Message, kAlways, "core.v1.PodTemplateSpec"},
    {"batch.v1.JobSpec", 8, "ttlSecondsAfterFinished", Int32, kPointer},
    {"batch.v1.JobSpec", 9, "completionMode", String, kPointer},
    {"batch.v1.JobSpec", 10, "suspend", Bool, kPointer},
    {"batch.v1.JobSpec", 14, "podReplacementPolicy", String, kPointer},
    {"batch.v1.JobSpec", 15, "managedBy", String, kPointer},
    {"batch.v1.JobSpec", 17, "scheduling", Message, kPointer, "batch.v1.JobSchedulingConfiguration"},

    {"batch.v1.JobStatus", 1, "conditions", Message, kRepeated, "batch.v1.JobCondition"},
    {"batch.v1.JobStatus", 2, "startTime", Time, kPointer},
    {"batch.v1.JobStatus", 3, "completionTime", Time, kPointer},
    {"batch.v1.JobStatus", 4, "active", Int32},
    {"batch.v1.JobStatus", 5, "succeeded", Int32},
    {"batch.v1.JobStatus", 6, "failed", Int32},
    {"batch.v1.JobStatus", 11, "terminating", Int32, kPointer},
    {"batch.v1.JobStatus", 7, "completedIndexes", String},
    {"batch.v1.JobStatus", 10, "failedIndexes", String, kPointer},
    {"batch.v1.JobStatus", 8, "uncountedTerminatedPods", Message, kPointer, "batch.v1.UncountedTerminatedPods"},
    {"batch.v1.JobStatus", 9, "ready", Int32, kPointer},

    {"batch.v1.JobTemplateSpec", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"batch.v1.JobTemplateSpec", 2, "spec", Message, 0, "batch.v1.JobSpec"},

    {"batch.v1.PodFailurePolicy", 1, "rules", Message, kRepeated | kAlways, "batch.v1.PodFailurePolicyRule"},

    {"batch.v1.PodFailurePolicyOnExitCodesRequirement", 1, "containerName", String, kPointer},
    {"batch.v1.PodFailurePolicyOnExitCodesRequirement", 2, "operator", String, kAlways},
    {"batch.v1.PodFailurePolicyOnExitCodesRequirement", 3, "values", Int32, kRepeated | kAlways},

    {"batch.v1.PodFailurePolicyOnPodConditionsPattern", 1, "type", String, kAlways},
    {"batch.v1.PodFailurePolicyOnPodConditionsPattern", 2, "status", String, kAlways},

    {"batch.v1.PodFailurePolicyRule", 1, "action", String, kAlways},
    {"batch.v1.PodFailurePolicyRule", 2, "onExitCodes", Message, kPointer, "batch.v1.PodFailurePolicyOnExitCodesRequirement"},
    {"batch.v1.PodFailurePolicyRule", 3, "onPodConditions", Message, kRepeated, "batch.v1.PodFailurePolicyOnPodConditionsPattern"},

    {"batch.v1.SuccessPolicy", 1, "rules", Message, kRepeated | kAlways, "batch.v1.SuccessPolicyRule"},

    {"batch.v1.SuccessPolicyRule", 1, "succeededIndexes", String, kPointer},
    {"batch.v1.SuccessPolicyRule", 2, "succeededCount", Int32, kPointer},

    {"batch.v1.UncountedTerminatedPods", 1, "succeeded", String, kRepeated},
    {"batch.v1.UncountedTerminatedPods", 2, "failed", String, kRepeated},
    {},  // end
};

}  // namespace coffer::kube::pb
