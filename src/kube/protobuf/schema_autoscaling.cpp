// Protobuf field table (generated.proto field numbers, json tag names) -- see protobuf_schema.h.
// One row per field: {message, field number, json name ("" = inlined), kind, flags, type}.

#include "kube/protobuf/protobuf_schema.h"

namespace coffer::kube::pb {

using enum FieldKind;

const FieldRow kAutoscalingV1Fields[] = {
    {"autoscaling.v1.ContainerResourceMetricSource", 1, "name", String, kAlways},
    {"autoscaling.v1.ContainerResourceMetricSource", 2, "targetAverageUtilization", Int32, kPointer},
    {"autoscaling.v1.ContainerResourceMetricSource", 3, "targetAverageValue", Quantity, kPointer},
    {"autoscaling.v1.ContainerResourceMetricSource", 5, "container", String, kAlways},

    {"autoscaling.v1.ContainerResourceMetricStatus", 1, "name", String, kAlways},
    {"autoscaling.v1.ContainerResourceMetricStatus", 2, "currentAverageUtilization", Int32, kPointer},
    {"autoscaling.v1.ContainerResourceMetricStatus", 3, "currentAverageValue", Quantity, kAlways},
    {"autoscaling.v1.ContainerResourceMetricStatus", 4, "container", String, kAlways},

    {"autoscaling.v1.CrossVersionObjectReference", 1, "kind", String, kAlways},
    {"autoscaling.v1.CrossVersionObjectReference", 2, "name", String, kAlways},
    {"autoscaling.v1.CrossVersionObjectReference", 3, "apiVersion", String},

    {"autoscaling.v1.ExternalMetricSource", 1, "metricName", String, kAlways},
    {"autoscaling.v1.ExternalMetricSource", 2, "metricSelector", Message, kPointer, "meta.v1.LabelSelector"},
    {"autoscaling.v1.ExternalMetricSource", 3, "targetValue", Quantity, kPointer},
    {"autoscaling.v1.ExternalMetricSource", 4, "targetAverageValue", Quantity, kPointer},

    {"autoscaling.v1.ExternalMetricStatus", 1, "metricName", String, kAlways},
    {"autoscaling.v1.ExternalMetricStatus", 2, "metricSelector", Message, kPointer, "meta.v1.LabelSelector"},
    {"autoscaling.v1.ExternalMetricStatus", 3, "currentValue", Quantity, kAlways},
    {"autoscaling.v1.ExternalMetricStatus", 4, "currentAverageValue", Quantity, kPointer},

    {"autoscaling.v1.HorizontalPodAutoscaler", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"autoscaling.v1.HorizontalPodAutoscaler", 2, "spec", Message, 0, "autoscaling.v1.HorizontalPodAutoscalerSpec"},
    {"autoscaling.v1.HorizontalPodAutoscaler", 3, "status", Message, 0, "autoscaling.v1.HorizontalPodAutoscalerStatus"},

    {"autoscaling.v1.HorizontalPodAutoscalerCondition", 1, "type", String, kAlways},
    {"autoscaling.v1.HorizontalPodAutoscalerCondition", 2, "status", String, kAlways},
    {"autoscaling.v1.HorizontalPodAutoscalerCondition", 3, "lastTransitionTime", Time},
    {"autoscaling.v1.HorizontalPodAutoscalerCondition", 4, "reason", String},
    {"autoscaling.v1.HorizontalPodAutoscalerCondition", 5, "message", String},
    {"autoscaling.v1.HorizontalPodAutoscalerCondition", 6, "observedGeneration", Int64, kPointer},

    {"autoscaling.v1.HorizontalPodAutoscalerList", 1, "metadata", Message, 0, "meta.v1.ListMeta"},
    {"autoscaling.v1.HorizontalPodAutoscalerList", 2, "items", Message, kRepeated | kAlways, "autoscaling.v1.HorizontalPodAutoscaler"},

    {"autoscaling.v1.HorizontalPodAutoscalerSpec", 1, "scaleTargetRef", Message, kAlways, "autoscaling.v1.CrossVersionObjectReference"},
    {"autoscaling.v1.HorizontalPodAutoscalerSpec", 2, "minReplicas", Int32, kPointer},
    {"autoscaling.v1.HorizontalPodAutoscalerSpec", 3, "maxReplicas", Int32, kAlways},
    {"autoscaling.v1.HorizontalPodAutoscalerSpec", 4, "targetCPUUtilizationPercentage", Int32, kPointer},

    {"autoscaling.v1.HorizontalPodAutoscalerStatus", 1, "observedGeneration", Int64, kPointer},
    {"autoscaling.v1.HorizontalPodAutoscalerStatus", 2, "lastScaleTime", Time, kPointer},
    {"autoscaling.v1.HorizontalPodAutoscalerStatus", 3, "currentReplicas", Int32, kAlways},
    {"autoscaling.v1.HorizontalPodAutoscalerStatus", 4, "desiredReplicas", Int32, kAlways},
    {"autoscaling.v1.HorizontalPodAutoscalerStatus", 5, "currentCPUUtilizationPercentage", Int32, kPointer},

    {"autoscaling.v1.MetricSpec", 1, "type", String, kAlways},
    {"autoscaling.v1.MetricSpec", 2, "object", Message, kPointer, "autoscaling.v1.ObjectMetricSource"},
    {"autoscaling.v1.MetricSpec", 3, "pods", Message, kPointer, "autoscaling.v1.PodsMetricSource"},
    {"autoscaling.v1.MetricSpec", 4, "resource", Message, kPointer, "autoscaling.v1.ResourceMetricSource"},
    {"autoscaling.v1.MetricSpec", 7, "containerResource", Message, kPointer, "autoscaling.v1.ContainerResourceMetricSource"},
    {"autoscaling.v1.MetricSpec", 5, "external", Message, kPointer, "autoscaling.v1.ExternalMetricSource"},

    {"autoscaling.v1.MetricStatus", 1, "type", String, kAlways},
    {"autoscaling.v1.MetricStatus", 2, "object", Message, kPointer, "autoscaling.v1.ObjectMetricStatus"},
    {"autoscaling.v1.MetricStatus", 3, "pods", Message, kPointer, "autoscaling.v1.PodsMetricStatus"},
    {"autoscaling.v1.MetricStatus", 4, "resource", Message, kPointer, "autoscaling.v1.ResourceMetricStatus"},
    {"autoscaling.v1.MetricStatus", 7, "containerResource", Message, kPointer, "autoscaling.v1.ContainerResourceMetricStatus"},
    {"autoscaling.v1.MetricStatus", 5, "external", Message, kPointer, "autoscaling.v1.ExternalMetricStatus"},

    {"autoscaling.v1.ObjectMetricSource", 1, "target", Message, kAlways, "autoscaling.v1.CrossVersionObjectReference"},
    {"autoscaling.v1.ObjectMetricSource", 2, "metricName", String, kAlways},
    {"autoscaling.v1.ObjectMetricSource", 3, "targetValue", Quantity, kAlways},
    {"autoscaling.v1.ObjectMetricSource", 4, "selector", Message, kPointer, "meta.v1.LabelSelector"},
    {"autoscaling.v1.ObjectMetricSource", 5, "averageValue", Quantity, kPointer},

    {"autoscaling.v1.ObjectMetricStatus", 1, "target", Message, kAlways, "autoscaling.v1.CrossVersionObjectReference"},
    {"autoscaling.v1.ObjectMetricStatus", 2, "metricName", String, kAlways},
    {"autoscaling.v1.ObjectMetricStatus", 3, "currentValue", Quantity, kAlways},
    {"autoscaling.v1.ObjectMetricStatus", 4, "selector", Message, kPointer, "meta.v1.LabelSelector"},
    {"autoscaling.v1.ObjectMetricStatus", 5, "averageValue", Quantity, kPointer},

    {"autoscaling.v1.PodsMetricSource", 1, "metricName", String, kAlways},
    {"autoscaling.v1.PodsMetricSource", 2, "targetAverageValue", Quantity, kAlways},
    {"autoscaling.v1.PodsMetricSource", 3, "selector", Message, kPointer, "meta.v1.LabelSelector"},

    {"autoscaling.v1.PodsMetricStatus", 1, "metricName", String, kAlways},
    {"autoscaling.v1.PodsMetricStatus", 2, "currentAverageValue", Quantity, kAlways},
    {"autoscaling.v1.PodsMetricStatus", 3, "selector", Message, kPointer, "meta.v1.LabelSelector"},

    {"autoscaling.v1.ResourceMetricSource", 1, "name", String, kAlways},
    {"autoscaling.v1.ResourceMetricSource", 2, "targetAverageUtilization", Int32, kPointer},
    {"autoscaling.v1.ResourceMetricSource", 3, "targetAverageValue", Quantity, kPointer},

    {"autoscaling.v1.ResourceMetricStatus", 1, "name", String, kAlways},
    {"autoscaling.v1.ResourceMetricStatus", 2, "currentAverageUtilization", Int32, kPointer},
    {"autoscaling.v1.ResourceMetricStatus", 3, "currentAverageValue", Quantity, kAlways},

    {"autoscaling.v1.Scale", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"autoscaling.v1.Scale", 2, "spec", Message, 0, "autoscaling.v1.ScaleSpec"},
    {"autoscaling.v1.Scale", 3, "status", Message, 0, "autoscaling.v1.ScaleStatus"},

    {"autoscaling.v1.ScaleSpec", 1, "replicas", Int32},

    {"autoscaling.v1.ScaleStatus", 1, "replicas", Int32, kAlways},
    {"autoscaling.v1.ScaleStatus", 2, "selector", String},
    {},  // end
};

const FieldRow kAutoscalingV2Fields[] = {
    {"autoscaling.v2.ContainerResourceMetricSource", 1, "name", String, kAlways},
    {"autoscaling.v2.ContainerResourceMetricSource", 2, "target", Message, kAlways, "autoscaling.v2.MetricTarget"},
    {"autoscaling.v2.ContainerResourceMetricSource", 3, "container", String, kAlways},

    {"autoscaling.v2.ContainerResourceMetricStatus", 1, "name", String, kAlways},
    {"autoscaling.v2.ContainerResourceMetricStatus", 2, "current", Message, kAlways, "autoscaling.v2.MetricValueStatus"},
    {"autoscaling.v2.ContainerResourceMetricStatus", 3, "container", String, kAlways},

    {"autoscaling.v2.CrossVersionObjectReference", 1, "kind", String, kAlways},
    {"autoscaling.v2.CrossVersionObjectReference", 2, "name", String, kAlways},
    {"autoscaling.v2.CrossVersionObjectReference", 3, "apiVersion", String},

    {"autoscaling.v2.ExternalMetricSource", 1, "metric", Message, kAlways, "autoscaling.v2.MetricIdentifier"},
    {"autoscaling.v2.ExternalMetricSource", 2, "target", Message, kAlways, "autoscaling.v2.MetricTarget"},

    {"autoscaling.v2.ExternalMetricStatus", 1, "metric", Message, kAlways, "autoscaling.v2.MetricIdentifier"},
    {"autoscaling.v2.ExternalMetricStatus", 2, "current", Message, kAlways, "autoscaling.v2.MetricValueStatus"},

    {"autoscaling.v2.HPAScalingPolicy", 1, "type", String, kAlways},
    {"autoscaling.v2.HPAScalingPolicy", 2, "value", Int32, kAlways},
    {"autoscaling.v2.HPAScalingPolicy", 3, "periodSeconds", Int32, kAlways},

    {"autoscaling.v2.HPAScalingRules", 3, "stabilizationWindowSeconds", Int32, kPointer},
    {"autoscaling.v2.HPAScalingRules", 1, "selectPolicy", String, kPointer},
    {"autoscaling.v2.HPAScalingRules", 2, "policies", Message, kRepeated, "autoscaling.v2.HPAScalingPolicy"},
    {"autoscaling.v2.HPAScalingRules", 4, "tolerance", Quantity, kPointer},

    {"autoscaling.v2.HorizontalPodAutoscaler", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"autoscaling.v2.HorizontalPodAutoscaler", 2, "spec", Message, 0, "autoscaling.v2.HorizontalPodAutoscalerSpec"},
    {"autoscaling.v2.HorizontalPodAutoscaler", 3, "status", Message, 0, "autoscaling.v2.HorizontalPodAutoscalerStatus"},

    {"autoscaling.v2.HorizontalPodAutoscalerBehavior", 1, "scaleUp", Message, kPointer, "autoscaling.v2.HPAScalingRules"},
    {"autoscaling.v2.HorizontalPodAutoscalerBehavior", 2, "scaleDown", Message, kPointer, "autoscaling.v2.HPAScalingRules"},

    {"autoscaling.v2.HorizontalPodAutoscalerCondition", 1, "type", String, kAlways},
    {"autoscaling.v2.HorizontalPodAutoscalerCondition", 2, "status", String, kAlways},
    {"autoscaling.v2.HorizontalPodAutoscalerCondition", 3, "lastTransitionTime", Time},
    {"autoscaling.v2.HorizontalPodAutoscalerCondition", 4, "reason", String},
    {"autoscaling.v2.HorizontalPodAutoscalerCondition", 5, "message", String},
    {"autoscaling.v2.HorizontalPodAutoscalerCondition", 6, "observedGeneration", Int64, kPointer},

    {"autoscaling.v2.HorizontalPodAutoscalerList", 1, "metadata", Message, 0, "meta.v1.ListMeta"},
    {"autoscaling.v2.HorizontalPodAutoscalerList", 2, "items", Message, kRepeated | kAlways, "autoscaling.v2.HorizontalPodAutoscaler"},

    {"autoscaling.v2.HorizontalPodAutoscalerSpec", 1, "scaleTargetRef", Message, kAlways, "autoscaling.v2.CrossVersionObjectReference"},
    {"autoscaling.v2.HorizontalPodAutoscalerSpec", 2, "minReplicas", Int32, kPointer},
    {"autoscaling.v2.HorizontalPodAutoscalerSpec", 3, "maxReplicas", Int32, kAlways},
    {"autoscaling.v2.HorizontalPodAutoscalerSpec", 4, "metrics", Message, kRepeated, "autoscaling.v2.MetricSpec"},
    {"autoscaling.v2.HorizontalPodAutoscalerSpec", 5, "behavior", Message, kPointer, "autoscaling.v2.HorizontalPodAutoscalerBehavior"},

    {"autoscaling.v2.HorizontalPodAutoscalerStatus", 1, "observedGeneration", Int64, kPointer},
    {"autoscaling.v2.HorizontalPodAutoscalerStatus", 2, "lastScaleTime", Time, kPointer},
    {"autoscaling.v2.HorizontalPodAutoscalerStatus", 3, "currentReplicas", Int32},
    {"autoscaling.v2.HorizontalPodAutoscalerStatus", 4, "desiredReplicas", Int32, kAlways},
    {"autoscaling.v2.HorizontalPodAutoscalerStatus", 5, "currentMetrics", Message, kRepeated | kAlways, "autoscaling.v2.MetricStatus"},
    {"autoscaling.v2.HorizontalPodAutoscalerStatus", 6, "conditions", Message, kRepeated, "autoscaling.v2.HorizontalPodAutoscalerCondition"},

    {"autoscaling.v2.MetricIdentifier", 1, "name", String, kAlways},
    {"autoscaling.v2.MetricIdentifier", 2, "selector", Message, kPointer, "meta.v1.LabelSelector"},

    {"autoscaling.v2.MetricSpec", 1, "type", String, kAlways},
    {"autoscaling.v2.MetricSpec", 2, "object", Message, kPointer, "autoscaling.v2.ObjectMetricSource"},
    {"autoscaling.v2.MetricSpec", 3, "pods", Message, kPointer, "autoscaling.v2.PodsMetricSource"},
    {"autoscaling.v2.MetricSpec", 4, "resource", Message, kPointer, "autoscaling.v2.ResourceMetricSource"},
    {"autoscaling.v2.MetricSpec", 7, "containerResource", Message, kPointer, "autoscaling.v2.ContainerResourceMetricSource"},
    {"autoscaling.v2.MetricSpec", 5, "external", Message, kPointer, "autoscaling.v2.ExternalMetricSource"},

    {"autoscaling.v2.MetricStatus", 1, "type", String, kAlways},
    {"autoscaling.v2.MetricStatus", 2, "object", Message, kPointer, "autoscaling.v2.ObjectMetricStatus"},
    {"autoscaling.v2.MetricStatus", 3, "pods", Message, kPointer, "autoscaling.v2.PodsMetricStatus"},
    {"autoscaling.v2.MetricStatus", 4, "resource", Message, kPointer, "autoscaling.v2.ResourceMetricStatus"},
    {"autoscaling.v2.MetricStatus", 7, "containerResource", Message, kPointer, "autoscaling.v2.ContainerResourceMetricStatus"},
    {"autoscaling.v2.MetricStatus", 5, "external", Message, kPointer, "autoscaling.v2.ExternalMetricStatus"},

    {"autoscaling.v2.MetricTarget", 1, "type", String, kAlways},
    {"autoscaling.v2.MetricTarget", 2, "value", Quantity, kPointer},
    {"autoscaling.v2.MetricTarget", 3, "averageValue", Quantity, kPointer},
    {"autoscaling.v2.MetricTarget", 4, "averageUtilization", Int32, kPointer},

    {"autoscaling.v2.MetricValueStatus", 1, "value", Quantity, kPointer},
    {"autoscaling.v2.MetricValueStatus", 2, "averageValue", Quantity, kPointer},
    {"autoscaling.v2.MetricValueStatus", 3, "averageUtilization", Int32, kPointer},

    {"autoscaling.v2.ObjectMetricSource", 1, "describedObject", Message, kAlways, "autoscaling.v2.CrossVersionObjectReference"},
    {"autoscaling.v2.ObjectMetricSource", 2, "target", Message, kAlways, "autoscaling.v2.MetricTarget"},
    {"autoscaling.v2.ObjectMetricSource", 3, "metric", Message, kAlways, "autoscaling.v2.MetricIdentifier"},

    {"autoscaling.v2.ObjectMetricStatus", 1, "metric", Message, kAlways, "autoscaling.v2.MetricIdentifier"},
    {"autoscaling.v2.ObjectMetricStatus", 2, "current", Message, kAlways, "autoscaling.v2.MetricValueStatus"},
    {"autoscaling.v2.ObjectMetricStatus", 3, "describedObject", Message, kAlways, "autoscaling.v2.CrossVersionObjectReference"},

    {"autoscaling.v2.PodsMetricSource", 1, "metric", Message, kAlways, "autoscaling.v2.MetricIdentifier"},
    {"autoscaling.v2.PodsMetricSource", 2, "target", Message, kAlways, "autoscaling.v2.MetricTarget"},

    {"autoscaling.v2.PodsMetricStatus", 1, "metric", Message, kAlways, "autoscaling.v2.MetricIdentifier"},
    {"autoscaling.v2.PodsMetricStatus", 2, "current", Message, kAlways, "autoscaling.v2.MetricValueStatus"},

    {"autoscaling.v2.ResourceMetricSource", 1, "name", String, kAlways},
    {"autoscaling.v2.ResourceMetricSource", 2, "target", Message, kAlways, "autoscaling.v2.MetricTarget"},

    {"autoscaling.v2.ResourceMetricStatus", 1, "name", String, kAlways},
    {"autoscaling.v2.ResourceMetricStatus", 2, "current", Message, kAlways, "autoscaling.v2.MetricValueStatus"},
    {},  // end
};

}  // namespace coffer::kube::pb
