// Protobuf field table (generated.proto field numbers, json tag names) -- see protobuf_schema.h.
// One row per field: {message, field number, json name ("" = inlined), kind, flags, type}.

#include "kube/protobuf/protobuf_schema.h"

namespace coffer::kube::pb {

using enum FieldKind;

const FieldRow kCoreV1Fields[] = {
    {"core.v1.AWSElasticBlockStoreVolumeSource", 1, "volumeID", String, kAlways},
    {"core.v1.AWSElasticBlockStoreVolumeSource", 2, "fsType", String},
    {"core.v1.AWSElasticBlockStoreVolumeSource", 3, "partition", Int32},
    {"core.v1.AWSElasticBlockStoreVolumeSource", 4, "readOnly", Bool},

    {"core.v1.Affinity", 1, "nodeAffinity", Message, kPointer, "core.v1.NodeAffinity"},
    {"core.v1.Affinity", 2, "podAffinity", Message, kPointer, "core.v1.PodAffinity"},
    {"core.v1.Affinity", 3, "podAntiAffinity", Message, kPointer, "core.v1.PodAntiAffinity"},

    {"core.v1.AppArmorProfile", 1, "type", String, kAlways},
    {"core.v1.AppArmorProfile", 2, "localhostProfile", String, kPointer},

    {"core.v1.AttachedVolume", 1, "name", String, kAlways},
    {"core.v1.AttachedVolume", 2, "devicePath", String, kAlways},

    {"core.v1.AvoidPods", 1, "preferAvoidPods", Message, kRepeated, "core.v1.PreferAvoidPodsEntry"},

    {"core.v1.AzureDiskVolumeSource", 1, "diskName", String, kAlways},
    {"core.v1.AzureDiskVolumeSource", 2, "diskURI", String, kAlways},
    {"core.v1.AzureDiskVolumeSource", 3, "cachingMode", String, kPointer},
    {"core.v1.AzureDiskVolumeSource", 4, "fsType", String, kPointer},
    {"core.v1.AzureDiskVolumeSource", 5, "readOnly", Bool, kPointer},
    {"core.v1.AzureDiskVolumeSource", 6, "kind", String, kPointer},

    {"core.v1.AzureFilePersistentVolumeSource", 1, "secretName", String, kAlways},
    {"core.v1.AzureFilePersistentVolumeSource", 2, "shareName", String, kAlways},
    {"core.v1.AzureFilePersistentVolumeSource", 3, "readOnly", Bool},
    {"core.v1.AzureFilePersistentVolumeSource", 4, "secretNamespace", String, kPointer | kAlways},

    {"core.v1.AzureFileVolumeSource", 1, "secretName", String, kAlways},
    {"core.v1.AzureFileVolumeSource", 2, "shareName", String, kAlways},
    {"core.v1.AzureFileVolumeSource", 3, "readOnly", Bool},

    {"core.v1.Binding", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"core.v1.Binding", 2, "target", Message, kAlways, "core.v1.ObjectReference"},

    {"core.v1.CSIPersistentVolumeSource", 1, "driver", String, kAlways},
    {"core.v1.CSIPersistentVolumeSource", 2, "volumeHandle", String, kAlways},
    {"core.v1.CSIPersistentVolumeSource", 3, "readOnly", Bool},
    {"core.v1.CSIPersistentVolumeSource", 4, "fsType", String},
    {"core.v1.CSIPersistentVolumeSource", 5, "volumeAttributes", MapString},
    {"core.v1.CSIPersistentVolumeSource", 6, "controllerPublishSecretRef", Message, kPointer, "core.v1.SecretReference"},
    {"core.v1.CSIPersistentVolumeSource", 7, "nodeStageSecretRef", Message, kPointer, "core.v1.SecretReference"},
    {"core.v1.CSIPersistentVolumeSource", 8, "nodePublishSecretRef", Message, kPointer, "core.v1.SecretReference"},
    {"core.v1.CSIPersistentVolumeSource", 9, "controllerExpandSecretRef", Message, kPointer, "core.v1.SecretReference"},
    {"core.v1.CSIPersistentVolumeSource", 10, "nodeExpandSecretRef", Message, kPointer, "core.v1.SecretReference"},

    {"core.v1.CSIVolumeSource", 1, "driver", String, kAlways},
    {"core.v1.CSIVolumeSource", 2, "readOnly", Bool, kPointer},
    {"core.v1.CSIVolumeSource", 3, "fsType", String, kPointer},
    {"core.v1.CSIVolumeSource", 4, "volumeAttributes", MapString},
    {"core.v1.CSIVolumeSource", 5, "nodePublishSecretRef", Message, kPointer, "core.v1.LocalObjectReference"},

    {"core.v1.Capabilities", 1, "add", String, kRepeated},
    {"core.v1.Capabilities", 2, "drop", String, kRepeated},

    {"core.v1.CephFSPersistentVolumeSource", 1, "monitors", String, kRepeated | kAlways},
    {"core.v1.CephFSPersistentVolumeSource", 2, "path", String},
    {"core.v1.CephFSPersistentVolumeSource", 3, "user", String},
    {"core.v1.CephFSPersistentVolumeSource", 4, "secretFile", String},
    {"core.v1.CephFSPersistentVolumeSource", 5, "secretRef", Message, kPointer, "core.v1.SecretReference"},
    {"core.v1.CephFSPersistentVolumeSource", 6, "readOnly", Bool},

    {"core.v1.CephFSVolumeSource", 1, "monitors", String, kRepeated | kAlways},
    {"core.v1.CephFSVolumeSource", 2, "path", String},
    {"core.v1.CephFSVolumeSource", 3, "user", String},
    {"core.v1.CephFSVolumeSource", 4, "secretFile", String},
    {"core.v1.CephFSVolumeSource", 5, "secretRef", Message, kPointer, "core.v1.LocalObjectReference"},
    {"core.v1.CephFSVolumeSource", 6, "readOnly", Bool},

    {"core.v1.CinderPersistentVolumeSource", 1, "volumeID", String, kAlways},
    {"core.v1.CinderPersistentVolumeSource", 2, "fsType", String},
    {"core.v1.CinderPersistentVolumeSource", 3, "readOnly", Bool},
    {"core.v1.CinderPersistentVolumeSource", 4, "secretRef", Message, kPointer, "core.v1.SecretReference"},

    {"core.v1.CinderVolumeSource", 1, "volumeID", String, kAlways},
    {"core.v1.CinderVolumeSource", 2, "fsType", String},
    {"core.v1.CinderVolumeSource", 3, "readOnly", Bool},
    {"core.v1.CinderVolumeSource", 4, "secretRef", Message, kPointer, "core.v1.LocalObjectReference"},

    {"core.v1.ClientIPConfig", 1, "timeoutSeconds", Int32, kPointer},

    {"core.v1.ClusterTrustBundleProjection", 1, "name", String, kPointer},
    {"core.v1.ClusterTrustBundleProjection", 2, "signerName", String, kPointer},
    {"core.v1.ClusterTrustBundleProjection", 3, "labelSelector", Message, kPointer, "meta.v1.LabelSelector"},
    {"core.v1.ClusterTrustBundleProjection", 5, "optional", Bool, kPointer},
    {"core.v1.ClusterTrustBundleProjection", 4, "path", String, kAlways},
    {"core.v1.ClusterTrustBundleProjection", 6, "user", Int64, kPointer},

    {"core.v1.ComponentCondition", 1, "type", String, kAlways},
    {"core.v1.ComponentCondition", 2, "status", String, kAlways},
    {"core.v1.ComponentCondition", 3, "message", String},
    {"core.v1.ComponentCondition", 4, "error", String},

    {"core.v1.ComponentStatus", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"core.v1.ComponentStatus", 2, "conditions", Message, kRepeated, "core.v1.ComponentCondition"},

    {"core.v1.ComponentStatusList", 1, "metadata", Message, 0, "meta.v1.ListMeta"},
    {"core.v1.ComponentStatusList", 2, "items", Message, kRepeated | kAlways, "core.v1.ComponentStatus"},

    {"core.v1.ConfigMap", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"core.v1.ConfigMap", 4, "immutable", Bool, kPointer},
    {"core.v1.ConfigMap", 2, "data", MapString},
    {"core.v1.ConfigMap", 3, "binaryData", MapBytes},

    {"core.v1.ConfigMapEnvSource", 1, "", Message, kInline, "core.v1.LocalObjectReference"},
    {"core.v1.ConfigMapEnvSource", 2, "optional", Bool, kPointer},

    {"core.v1.ConfigMapKeySelector", 1, "", Message, kInline, "core.v1.LocalObjectReference"},
    {"core.v1.ConfigMapKeySelector", 2, "key", String, kAlways},
    {"core.v1.ConfigMapKeySelector", 3, "optional", Bool, kPointer},

    {"core.v1.ConfigMapList", 1, "metadata", Message, 0, "meta.v1.ListMeta"},
    {"core.v1.ConfigMapList", 2, "items", Message, kRepeated | kAlways, "core.v1.ConfigMap"},

    {"core.v1.ConfigMapNodeConfigSource", 1, "namespace", String, kAlways},
    {"core.v1.ConfigMapNodeConfigSource", 2, "name", String, kAlways},
    {"core.v1.ConfigMapNodeConfigSource", 3, "uid", String},
    {"core.v1.ConfigMapNodeConfigSource", 4, "resourceVersion", String},
    {"core.v1.ConfigMapNodeConfigSource", 5, "kubeletConfigKey", String, kAlways},

    {"core.v1.ConfigMapProjection", 1, "", Message, kInline, "core.v1.LocalObjectReference"},
    {"core.v1.ConfigMapProjection", 2, "items", Message, kRepeated, "core.v1.KeyToPath"},
    {"core.v1.ConfigMapProjection", 4, "optional", Bool, kPointer},

    {"core.v1.ConfigMapVolumeSource", 1, "", Message, kInline, "core.v1.LocalObjectReference"},
    {"core.v1.ConfigMapVolumeSource", 2, "items", Message, kRepeated, "core.v1.KeyToPath"},
    {"core.v1.ConfigMapVolumeSource", 3, "defaultMode", Int32, kPointer},
    {"core.v1.ConfigMapVolumeSource", 4, "optional", Bool, kPointer},
    {"core.v1.ConfigMapVolumeSource", 5, "defaultUser", Int64, kPointer},

    {"core.v1.Container", 1, "name", String, kAlways},
    {"core.v1.Container", 2, "image", String},
    {"core.v1.Container", 3, "command", String, kRepeated},
    {"core.v1.Container", 4, "args", String, kRepeated},
    {"core.v1.Container", 5, "workingDir", String},
    {"core.v1.Container", 6, "ports", Message, kRepeated, "core.v1.ContainerPort"},
    {"core.v1.Container", 19, "envFrom", Message, kRepeated, "core.v1.EnvFromSource"},
    {"core.v1.Container", 7, "env", Message, kRepeated, "core.v1.EnvVar"},
    {"core.v1.Container", 8, "resources", Message, 0, "core.v1.ResourceRequirements"},
    {"core.v1.Container", 23, "resizePolicy", Message, kRepeated, "core.v1.ContainerResizePolicy"},
    {"core.v1.Container", 24, "restartPolicy", String, kPointer},
    {"core.v1.Container", 25, "restartPolicyRules", Message, kRepeated, "core.v1.ContainerRestartRule"},
    {"core.v1.Container", 9, "volumeMounts", Message, kRepeated, "core.v1.VolumeMount"},
    {"core.v1.Container", 21, "volumeDevices", Message, kRepeated, "core.v1.VolumeDevice"},
    {"core.v1.Container", 10, "livenessProbe", Message, kPointer, "core.v1.Probe"},
    {"core.v1.Container", 11, "readinessProbe", Message, kPointer, "core.v1.Probe"},
    {"core.v1.Container", 22, "startupProbe", Message, kPointer, "core.v1.Probe"},
    {"core.v1.Container", 12, "lifecycle", Message, kPointer, "core.v1.Lifecycle"},
    {"core.v1.Container", 13, "terminationMessagePath", String},
    {"core.v1.Container", 20, "terminationMessagePolicy", String},
    {"core.v1.Container", 14, "imagePullPolicy", String},
    {"core.v1.Container", 15, "securityContext", Message, kPointer, "core.v1.SecurityContext"},
    {"core.v1.Container", 16, "stdin", Bool},
    {"core.v1.Container", 17, "stdinOnce", Bool},
    {"core.v1.Container", 18, "tty", Bool},

    {"core.v1.ContainerExtendedResourceRequest", 1, "containerName", String, kAlways},
    {"core.v1.ContainerExtendedResourceRequest", 2, "resourceName", String, kAlways},
    {"core.v1.ContainerExtendedResourceRequest", 3, "requestName", String, kAlways},

    {"core.v1.ContainerImage", 1, "names", String, kRepeated | kAlways},
    {"core.v1.ContainerImage", 2, "sizeBytes", Int64},

    {"core.v1.ContainerPort", 1, "name", String},
    {"core.v1.ContainerPort", 2, "hostPort", Int32},
    {"core.v1.ContainerPort", 3, "containerPort", Int32, kAlways},
    {"core.v1.ContainerPort", 4, "protocol", String},
    {"core.v1.ContainerPort", 5, "hostIP", String},

    {"core.v1.ContainerResizePolicy", 1, "resourceName", String, kAlways},
    {"core.v1.ContainerResizePolicy", 2, "restartPolicy", String, kAlways},

    {"core.v1.ContainerRestartRule", 1, "action", String},
    {"core.v1.ContainerRestartRule", 2, "exitCodes", Message, kPointer, "core.v1.ContainerRestartRuleOnExitCodes"},

    {"core.v1.ContainerRestartRuleOnExitCodes", 1, "operator", String},
    {"core.v1.ContainerRestartRuleOnExitCodes", 2, "values", Int32, kRepeated},

    {"core.v1.ContainerState", 1, "waiting", Message, kPointer, "core.v1.ContainerStateWaiting"},
    {"core.v1.ContainerState", 2, "running", Message, kPointer, "core.v1.ContainerStateRunning"},
    {"core.v1.ContainerState", 3, "terminated", Message, kPointer, "core.v1.ContainerStateTerminated"},

    {"core.v1.ContainerStateRunning", 1, "startedAt", Time},

    {"core.v1.ContainerStateTerminated", 1, "exitCode", Int32, kAlways},
    {"core.v1.ContainerStateTerminated", 2, "signal", Int32},
    {"core.v1.ContainerStateTerminated", 3, "reason", String},
    {"core.v1.ContainerStateTerminated", 4, "message", String},
    {"core.v1.ContainerStateTerminated", 5, "startedAt", Time},
    {"core.v1.ContainerStateTerminated", 6, "finishedAt", Time},
    {"core.v1.ContainerStateTerminated", 7, "containerID", String},

    {"core.v1.ContainerStateWaiting", 1, "reason", String},
    {"core.v1.ContainerStateWaiting", 2, "message", String},

    {"core.v1.ContainerStatus", 1, "name", String, kAlways},
    {"core.v1.ContainerStatus", 2, "state", Message, 0, "core.v1.ContainerState"},
    {"core.v1.ContainerStatus", 3, "lastState", Message, 0, "core.v1.ContainerState"},
    {"core.v1.ContainerStatus", 4, "ready", Bool, kAlways},
    {"core.v1.ContainerStatus", 5, "restartCount", Int32, kAlways},
    {"core.v1.ContainerStatus", 6, "image", String, kAlways},
    {"core.v1.ContainerStatus", 7, "imageID", String, kAlways},
    {"core.v1.ContainerStatus", 8, "containerID", String},
    {"core.v1.ContainerStatus", 9, "started", Bool, kPointer},
    {"core.v1.ContainerStatus", 10, "allocatedResources", MapQuantity},
    {"core.v1.ContainerStatus", 11, "resources", Message, kPointer, "core.v1.ResourceRequirements"},
    {"core.v1.ContainerStatus", 12, "volumeMounts", Message, kRepeated, "core.v1.VolumeMountStatus"},
    {"core.v1.ContainerStatus", 13, "user", Message, kPointer, "core.v1.ContainerUser"},
    {"core.v1.ContainerStatus", 14, "allocatedResourcesStatus", Message, kRepeated, "core.v1.ResourceStatus"},
    {"core.v1.ContainerStatus", 15, "stopSignal", String, kPointer},

    {"core.v1.ContainerUser", 1, "linux", Message, kPointer, "core.v1.LinuxContainerUser"},

    {"core.v1.DaemonEndpoint", 1, "Port", Int32, kAlways},

    {"core.v1.DownwardAPIProjection", 1, "items", Message, kRepeated, "core.v1.DownwardAPIVolumeFile"},

    {"core.v1.DownwardAPIVolumeFile", 1, "path", String, kAlways},
    {"core.v1.DownwardAPIVolumeFile", 2, "fieldRef", Message, kPointer, "core.v1.ObjectFieldSelector"},
    {"core.v1.DownwardAPIVolumeFile", 3, "resourceFieldRef", Message, kPointer, "core.v1.ResourceFieldSelector"},
    {"core.v1.DownwardAPIVolumeFile", 4, "mode", Int32, kPointer},
    {"core.v1.DownwardAPIVolumeFile", 5, "user", Int64, kPointer},

    {"core.v1.DownwardAPIVolumeSource", 1, "items", Message, kRepeated, "core.v1.DownwardAPIVolumeFile"},
    {"core.v1.DownwardAPIVolumeSource", 2, "defaultMode", Int32, kPointer},
    {"core.v1.DownwardAPIVolumeSource", 3, "defaultUser", Int64, kPointer},

    {"core.v1.EmptyDirVolumeSource", 1, "medium", String},
    {"core.v1.EmptyDirVolumeSource", 2, "sizeLimit", Quantity, kPointer},
    {"core.v1.EmptyDirVolumeSource", 3, "mode", Int32, kPointer},

    {"core.v1.EndpointAddress", 1, "ip", String, kAlways},
    {"core.v1.EndpointAddress", 3, "hostname", String},
    {"core.v1.EndpointAddress", 4, "nodeName", String, kPointer},
    {"core.v1.EndpointAddress", 2, "targetRef", Message, kPointer, "core.v1.ObjectReference"},

    {"core.v1.EndpointPort", 1, "name", String},
    {"core.v1.EndpointPort", 2, "port", Int32, kAlways},
    {"core.v1.EndpointPort", 3, "protocol", String},
    {"core.v1.EndpointPort", 4, "appProtocol", String, kPointer},

    {"core.v1.EndpointSubset", 1, "addresses", Message, kRepeated, "core.v1.EndpointAddress"},
    {"core.v1.EndpointSubset", 2, "notReadyAddresses", Message, kRepeated, "core.v1.EndpointAddress"},
    {"core.v1.EndpointSubset", 3, "ports", Message, kRepeated, "core.v1.EndpointPort"},

    {"core.v1.Endpoints", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"core.v1.Endpoints", 2, "subsets", Message, kRepeated, "core.v1.EndpointSubset"},

    {"core.v1.EndpointsList", 1, "metadata", Message, 0, "meta.v1.ListMeta"},
    {"core.v1.EndpointsList", 2, "items", Message, kRepeated | kAlways, "core.v1.Endpoints"},

    {"core.v1.EnvFromSource", 1, "prefix", String},
    {"core.v1.EnvFromSource", 2, "configMapRef", Message, kPointer, "core.v1.ConfigMapEnvSource"},
    {"core.v1.EnvFromSource", 3, "secretRef", Message, kPointer, "core.v1.SecretEnvSource"},

    {"core.v1.EnvVar", 1, "name", String, kAlways},
    {"core.v1.EnvVar", 2, "value", String},
    {"core.v1.EnvVar", 3, "valueFrom", Message, kPointer, "core.v1.EnvVarSource"},

    {"core.v1.EnvVarSource", 1, "fieldRef", Message, kPointer, "core.v1.ObjectFieldSelector"},
    {"core.v1.EnvVarSource", 2, "resourceFieldRef", Message, kPointer, "core.v1.ResourceFieldSelector"},
    {"core.v1.EnvVarSource", 3, "configMapKeyRef", Message, kPointer, "core.v1.ConfigMapKeySelector"},
    {"core.v1.EnvVarSource", 4, "secretKeyRef", Message, kPointer, "core.v1.SecretKeySelector"},
    {"core.v1.EnvVarSource", 5, "fileKeyRef", Message, kPointer, "core.v1.FileKeySelector"},

    {"core.v1.EphemeralContainer", 1, "", Message, kInline, "core.v1.EphemeralContainerCommon"},
    {"core.v1.EphemeralContainer", 2, "targetContainerName", String},

    {"core.v1.EphemeralContainerCommon", 1, "name", String, kAlways},
    {"core.v1.EphemeralContainerCommon", 2, "image", String},
    {"core.v1.EphemeralContainerCommon", 3, "command", String, kRepeated},
    {"core.v1.EphemeralContainerCommon", 4, "args", String, kRepeated},
    {"core.v1.EphemeralContainerCommon", 5, "workingDir", String},
    {"core.v1.EphemeralContainerCommon", 6, "ports", Message, kRepeated, "core.v1.ContainerPort"},
    {"core.v1.EphemeralContainerCommon", 19, "envFrom", Message, kRepeated, "core.v1.EnvFromSource"},
    {"core.v1.EphemeralContainerCommon", 7, "env", Message, kRepeated, "core.v1.EnvVar"},
    {"core.v1.EphemeralContainerCommon", 8, "resources", Message, 0, "core.v1.ResourceRequirements"},
    {"core.v1.EphemeralContainerCommon", 23, "resizePolicy", Message, kRepeated, "core.v1.ContainerResizePolicy"},
    {"core.v1.EphemeralContainerCommon", 24, "restartPolicy", String, kPointer},
    {"core.v1.EphemeralContainerCommon", 25, "restartPolicyRules", Message, kRepeated, "core.v1.ContainerRestartRule"},
    {"core.v1.EphemeralContainerCommon", 9, "volumeMounts", Message, kRepeated, "core.v1.VolumeMount"},
    {"core.v1.EphemeralContainerCommon", 21, "volumeDevices", Message, kRepeated, "core.v1.VolumeDevice"},
    {"core.v1.EphemeralContainerCommon", 10, "livenessProbe", Message, kPointer, "core.v1.Probe"},
    {"core.v1.EphemeralContainerCommon", 11, "readinessProbe", Message, kPointer, "core.v1.Probe"},
    {"core.v1.EphemeralContainerCommon", 22, "startupProbe", Message, kPointer, "core.v1.Probe"},
    {"core.v1.EphemeralContainerCommon", 12, "lifecycle", Message, kPointer, "core.v1.Lifecycle"},
    {"core.v1.EphemeralContainerCommon", 13, "terminationMessagePath", String},
    {"core.v1.EphemeralContainerCommon", 20, "terminationMessagePolicy", String},
    {"core.v1.EphemeralContainerCommon", 14, "imagePullPolicy", String},
    {"core.v1.EphemeralContainerCommon", 15, "securityContext", Message, kPointer, "core.v1.SecurityContext"},
    {"core.v1.EphemeralContainerCommon", 16, "stdin", Bool},
    {"core.v1.EphemeralContainerCommon", 17, "stdinOnce", Bool},
    {"core.v1.EphemeralContainerCommon", 18, "tty", Bool},

    {"core.v1.EphemeralVolumeSource", 1, "volumeClaimTemplate", Message, kPointer, "core.v1.PersistentVolumeClaimTemplate"},

    {"core.v1.Event", 1, "metadata", Message, kAlways, "meta.v1.ObjectMeta"},
    {"core.v1.Event", 2, "involvedObject", Message, kAlways, "core.v1.ObjectReference"},
    {"core.v1.Event", 3, "reason", String},
    {"core.v1.Event", 4, "message", String},
    {"core.v1.Event", 5, "source", Message, 0, "core.v1.EventSource"},
    {"core.v1.Event", 6, "firstTimestamp", Time},
    {"core.v1.Event", 7, "lastTimestamp", Time},
    {"core.v1.Event", 8, "count", Int32},
    {"core.v1.Event", 9, "type", String},
    {"core.v1.Event", 10, "eventTime", MicroTime},
    {"core.v1.Event", 11, "series", Message, kPointer, "core.v1.EventSeries"},
    {"core.v1.Event", 12, "action", String},
    {"core.v1.Event", 13, "related", Message, kPointer, "core.v1.ObjectReference"},
    {"core.v1.Event", 14, "reportingComponent", String, kAlways},
    {"core.v1.Event", 15, "reportingInstance", String, kAlways},

    {"core.v1.EventList", 1, "metadata", Message, 0, "meta.v1.ListMeta"},
    {"core.v1.EventList", 2, "items", Message, kRepeated | kAlways, "core.v1.Event"},

    {"core.v1.EventSeries", 1, "count", Int32},
    {"core.v1.EventSeries", 2, "lastObservedTime", MicroTime},

    {"core.v1.EventSource", 1, "component", String},
    {"core.v1.EventSource", 2, "host", String},

    {"core.v1.EvictionResponder", 1, "name", String, kAlways},
    {"core.v1.EvictionResponder", 2, "priority", Int32, kPointer | kAlways},

    {"core.v1.ExecAction", 1, "command", String, kRepeated},

    {"core.v1.FCVolumeSource", 1, "targetWWNs", String, kRepeated},
    {"core.v1.FCVolumeSource", 2, "lun", Int32, kPointer},
    {"core.v1.FCVolumeSource", 3, "fsType", String},
    {"core.v1.FCVolumeSource", 4, "readOnly", Bool},
    {"core.v1.FCVolumeSource", 5, "wwids", String, kRepeated},

    {"core.v1.FileKeySelector", 1, "volumeName", String, kAlways},
    {"core.v1.FileKeySelector", 2, "path", String, kAlways},
    {"core.v1.FileKeySelector", 3, "key", String, kAlways},
    {"core.v1.FileKeySelector", 4, "optional", Bool, kPointer},

    {"core.v1.FlexPersistentVolumeSource", 1, "driver", String, kAlways},
    {"core.v1.FlexPersistentVolumeSource", 2, "fsType", String},
    {"core.v1.FlexPersistentVolumeSource", 3, "secretRef", Message, kPointer, "core.v1.SecretReference"},
    {"core.v1.FlexPersistentVolumeSource", 4, "readOnly", Bool},
    {"core.v1.FlexPersistentVolumeSource", 5, "options", MapString},

    {"core.v1.FlexVolumeSource", 1, "driver", String, kAlways},
    {"core.v1.FlexVolumeSource", 2, "fsType", String},
    {"core.v1.FlexVolumeSource", 3, "secretRef", Message, kPointer, "core.v1.LocalObjectReference"},
    {"core.v1.FlexVolumeSource", 4, "readOnly", Bool},
    {"core.v1.FlexVolumeSource", 5, "options", MapString},

    {"core.v1.FlockerVolumeSource", 1, "datasetName", String},
    {"core.v1.FlockerVolumeSource", 2, "datasetUUID", String},

    {"core.v1.GCEPersistentDiskVolumeSource", 1, "pdName", String, kAlways},
    {"core.v1.GCEPersistentDiskVolumeSource", 2, "fsType", String},
    {"core.v1.GCEPersistentDiskVolumeSource", 3, "partition", Int32},
    {"core.v1.GCEPersistentDiskVolumeSource", 4, "readOnly", Bool},

    {"core.v1.GRPCAction", 1, "port", Int32, kAlways},
    {"core.v1.GRPCAction", 2, "service", String, kPointer | kAlways},
    {"core.v1.GRPCAction", 3, "mode", String, kPointer},

    {"core.v1.GitRepoVolumeSource", 1, "repository", String, kAlways},
    {"core.v1.GitRepoVolumeSource", 2, "revision", String},
    {"core.v1.GitRepoVolumeSource", 3, "directory", String},

    {"core.v1.GlusterfsPersistentVolumeSource", 1, "endpoints", String, kAlways},
    {"core.v1.GlusterfsPersistentVolumeSource", 2, "path", String, kAlways},
    {"core.v1.GlusterfsPersistentVolumeSource", 3, "readOnly", Bool},
    {"core.v1.GlusterfsPersistentVolumeSource", 4, "endpointsNamespace", String, kPointer},

    {"core.v1.GlusterfsVolumeSource", 1, "endpoints", String, kAlways},
    {"core.v1.GlusterfsVolumeSource", 2, "path", String, kAlways},
    {"core.v1.GlusterfsVolumeSource", 3, "readOnly", Bool},

    {"core.v1.HTTPGetAction", 1, "path", String},
    {"core.v1.HTTPGetAction", 2, "port", IntOrString, kAlways},
    {"core.v1.HTTPGetAction", 3, "host", String},
    {"core.v1.HTTPGetAction", 4, "scheme", String},
    {"core.v1.HTTPGetAction", 5, "httpHeaders", Message, kRepeated, "core.v1.HTTPHeader"},
    {"core.v1.HTTPGetAction", 6, "protocol", String, kPointer},

    {"core.v1.HTTPHeader", 1, "name", String, kAlways},
    {"core.v1.HTTPHeader", 2, "value", String, kAlways},

    {"core.v1.HostAlias", 1, "ip", String, kAlways},
    {"core.v1.HostAlias", 2, "hostnames", String, kRepeated},

    {"core.v1.HostIP", 1, "ip", String, kAlways},

    {"core.v1.HostPathVolumeSource", 1, "path", String, kAlways},
    {"core.v1.HostPathVolumeSource", 2, "type", String, kPointer},

    {"core.v1.ISCSIPersistentVolumeSource", 1, "targetPortal", String, kAlways},
    {"core.v1.ISCSIPersistentVolumeSource", 2, "iqn", String, kAlways},
    {"core.v1.ISCSIPersistentVolumeSource", 3, "lun", Int32, kAlways},
    {"core.v1.ISCSIPersistentVolumeSource", 4, "iscsiInterface", String},
    {"core.v1.ISCSIPersistentVolumeSource", 5, "fsType", String},
    {"core.v1.ISCSIPersistentVolumeSource", 6, "readOnly", Bool},
    {"core.v1.ISCSIPersistentVolumeSource", 7, "portals", String, kRepeated},
    {"core.v1.ISCSIPersistentVolumeSource", 8, "chapAuthDiscovery", Bool},
    {"core.v1.ISCSIPersistentVolumeSource", 11, "chapAuthSession", Bool},
    {"core.v1.ISCSIPersistentVolumeSource", 10, "secretRef", Message, kPointer, "core.v1.SecretReference"},
    {"core.v1.ISCSIPersistentVolumeSource", 12, "initiatorName", String, kPointer},

    {"core.v1.ISCSIVolumeSource", 1, "targetPortal", String, kAlways},
    {"core.v1.ISCSIVolumeSource", 2, "iqn", String, kAlways},
    {"core.v1.ISCSIVolumeSource", 3, "lun", Int32, kAlways},
    {"core.v1.ISCSIVolumeSource", 4, "iscsiInterface", String},
    {"core.v1.ISCSIVolumeSource", 5, "fsType", String},
    {"core.v1.ISCSIVolumeSource", 6, "readOnly", Bool},
    {"core.v1.ISCSIVolumeSource", 7, "portals", String, kRepeated},
    {"core.v1.ISCSIVolumeSource", 8, "chapAuthDiscovery", Bool},
    {"core.v1.ISCSIVolumeSource", 11, "chapAuthSession", Bool},
    {"core.v1.ISCSIVolumeSource", 10, "secretRef", Message, kPointer, "core.v1.LocalObjectReference"},
    {"core.v1.ISCSIVolumeSource", 12, "initiatorName", String, kPointer},

    {"core.v1.ImageVolumeSource", 1, "reference", String},
    {"core.v1.ImageVolumeSource", 2, "pullPolicy", String},

    {"core.v1.ImageVolumeStatus", 1, "imageRef", String},

    {"core.v1.KeyToPath", 1, "key", String, kAlways},
    {"core.v1.KeyToPath", 2, "path", String, kAlways},
    {"core.v1.KeyToPath", 3, "mode", Int32, kPointer},
    {"core.v1.KeyToPath", 4, "user", Int64, kPointer},

    {"core.v1.Lifecycle", 1, "postStart", Message, kPointer, "core.v1.LifecycleHandler"},
    {"core.v1.Lifecycle", 2, "preStop", Message, kPointer, "core.v1.LifecycleHandler"},
    {"core.v1.Lifecycle", 3, "stopSignal", String, kPointer},

    {"core.v1.LifecycleHandler", 1, "exec", Message, kPointer, "core.v1.ExecAction"},
    {"core.v1.LifecycleHandler", 2, "httpGet", Message, kPointer, "core.v1.HTTPGetAction"},
    {"core.v1.LifecycleHandler", 3, "tcpSocket", Message, kPointer, "core.v1.TCPSocketAction"},
    {"core.v1.LifecycleHandler", 4, "sleep", Message, kPointer, "core.v1.SleepAction"},

    {"core.v1.LimitRange", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"core.v1.LimitRange", 2, "spec", Message, 0, "core.v1.LimitRangeSpec"},

    {"core.v1.LimitRangeItem", 1, "type", String, kAlways},
    {"core.v1.LimitRangeItem", 2, "max", MapQuantity},
    {"core.v1.LimitRangeItem", 3, "min", MapQuantity},
    {"core.v1.LimitRangeItem", 4, "default", MapQuantity},
    {"core.v1.LimitRangeItem", 5, "defaultRequest", MapQuantity},
    {"core.v1.LimitRangeItem", 6, "maxLimitRequestRatio", MapQuantity},

    {"core.v1.LimitRangeList", 1, "metadata", Message, 0, "meta.v1.ListMeta"},
    {"core.v1.LimitRangeList", 2, "items", Message, kRepeated | kAlways, "core.v1.LimitRange"},

    {"core.v1.LimitRangeSpec", 1, "limits", Message, kRepeated | kAlways, "core.v1.LimitRangeItem"},

    {"core.v1.LinuxContainerUser", 1, "uid", Int64, kAlways},
    {"core.v1.LinuxContainerUser", 2, "gid", Int64, kAlways},
    {"core.v1.LinuxContainerUser", 3, "supplementalGroups", Int64, kRepeated},

    {"core.v1.List", 1, "metadata", Message, 0, "meta.v1.ListMeta"},
    {"core.v1.List", 2, "items", RawExtension, kRepeated},

    {"core.v1.LoadBalancerIngress", 1, "ip", String},
    {"core.v1.LoadBalancerIngress", 2, "hostname", String},
    {"core.v1.LoadBalancerIngress", 3, "ipMode", String, kPointer},
    {"core.v1.LoadBalancerIngress", 4, "ports", Message, kRepeated, "core.v1.PortStatus"},

    {"core.v1.LoadBalancerStatus", 1, "ingress", Message, kRepeated, "core.v1.LoadBalancerIngress"},

    {"core.v1.LocalObjectReference", 1, "name", String},

    {"core.v1.LocalVolumeSource", 1, "path", String, kAlways},
    {"core.v1.LocalVolumeSource", 2, "fsType", String, kPointer},

    {"core.v1.ModifyVolumeStatus", 1, "targetVolumeAttributesClassName", String},
    {"core.v1.ModifyVolumeStatus", 2, "status", String, kAlways},

    {"core.v1.NFSVolumeSource", 1, "server", String, kAlways},
    {"core.v1.NFSVolumeSource", 2, "path", String, kAlways},
    {"core.v1.NFSVolumeSource", 3, "readOnly", Bool},

    {"core.v1.Namespace", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"core.v1.Namespace", 2, "spec", Message, 0, "core.v1.NamespaceSpec"},
    {"core.v1.Namespace", 3, "status", Message, 0, "core.v1.NamespaceStatus"},

    {"core.v1.NamespaceCondition", 1, "type", String, kAlways},
    {"core.v1.NamespaceCondition", 2, "status", String, kAlways},
    {"core.v1.NamespaceCondition", 4, "lastTransitionTime", Time},
    {"core.v1.NamespaceCondition", 5, "reason", String},
    {"core.v1.NamespaceCondition", 6, "message", String},

    {"core.v1.NamespaceList", 1, "metadata", Message, 0, "meta.v1.ListMeta"},
    {"core.v1.NamespaceList", 2, "items", Message, kRepeated | kAlways, "core.v1.Namespace"},

    {"core.v1.NamespaceSpec", 1, "finalizers", String, kRepeated},

    {"core.v1.NamespaceStatus", 1, "phase", String},
    {"core.v1.NamespaceStatus", 2, "conditions", Message, kRepeated, "core.v1.NamespaceCondition"},

    {"core.v1.Node", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"core.v1.Node", 2, "spec", Message, 0, "core.v1.NodeSpec"},
    {"core.v1.Node", 3, "status", Message, 0, "core.v1.NodeStatus"},

    {"core.v1.NodeAddress", 1, "type", String, kAlways},
    {"core.v1.NodeAddress", 2, "address", String, kAlways},

    {"core.v1.NodeAffinity", 1, "requiredDuringSchedulingIgnoredDuringExecution", Message, kPointer, "core.v1.NodeSelector"},
    {"core.v1.NodeAffinity", 2, "preferredDuringSchedulingIgnoredDuringExecution", Message, kRepeated, "core.v1.PreferredSchedulingTerm"},

    {"core.v1.NodeAllocatableMappedResources", 1, "name", String, kAlways},
    {"core.v1.NodeAllocatableMappedResources", 2, "quantity", Quantity, kPointer | kAlways},

    {"core.v1.NodeAllocatableOverheadResources", 1, "name", String, kAlways},
    {"core.v1.NodeAllocatableOverheadResources", 2, "perPod", Quantity, kPointer},
    {"core.v1.NodeAllocatableOverheadResources", 3, "perContainer", Quantity, kPointer},

    {"core.v1.NodeAllocatableResourceClaimStatus", 1, "resourceClaimName", String, kAlways},
    {"core.v1.NodeAllocatableResourceClaimStatus", 2, "containers", String, kRepeated},
    {"core.v1.NodeAllocatableResourceClaimStatus", 4, "mapping", Message, kRepeated, "core.v1.NodeAllocatableMappedResources"},
    {"core.v1.NodeAllocatableResourceClaimStatus", 5, "overhead", Message, kRepeated, "core.v1.NodeAllocatableOverheadResources"},

    {"core.v1.NodeCondition", 1, "type", String, kAlways},
    {"core.v1.NodeCondition", 2, "status", String, kAlways},
    {"core.v1.NodeCondition", 3, "lastHeartbeatTime", Time},
    {"core.v1.NodeCondition", 4, "lastTransitionTime", Time},
    {"core.v1.NodeCondition", 5, "reason", String},
    {"core.v1.NodeCondition", 6, "message", String},

    {"core.v1.NodeConfigSource", 2, "configMap", Message, kPointer, "core.v1.ConfigMapNodeConfigSource"},

    {"core.v1.NodeConfigStatus", 1, "assigned", Message, kPointer, "core.v1.NodeConfigSource"},
    {"core.v1.NodeConfigStatus", 2, "active", Message, kPointer, "core.v1.NodeConfigSource"},
    {"core.v1.NodeConfigStatus", 3, "lastKnownGood", Message, kPointer, "core.v1.NodeConfigSource"},
    {"core.v1.NodeConfigStatus", 4, "error", String},

    {"core.v1.NodeDaemonEndpoints", 1, "kubeletEndpoint", Message, 0, "core.v1.DaemonEndpoint"},

    {"core.v1.NodeFeatures", 1, "supplementalGroupsPolicy", Bool, kPointer},

    {"core.v1.NodeList", 1, "metadata", Message, 0, "meta.v1.ListMeta"},
    {"core.v1.NodeList", 2, "items", Message, kRepeated | kAlways, "core.v1.Node"},

    {"core.v1.NodePodPreemptionPolicy", 1, "disableResizePreemption", String, kRepeated},

    {"core.v1.NodeProxyOptions", 1, "path", String},

    {"core.v1.NodeRuntimeHandler", 1, "name", String, kAlways},
    {"core.v1.NodeRuntimeHandler", 2, "features", Message, kPointer, "core.v1.NodeRuntimeHandlerFeatures"},

    {"core.v1.NodeRuntimeHandlerFeatures", 1, "recursiveReadOnlyMounts", Bool, kPointer},
    {"core.v1.NodeRuntimeHandlerFeatures", 2, "userNamespaces", Bool, kPointer},

    {"core.v1.NodeSelector", 1, "nodeSelectorTerms", Message, kRepeated | kAlways, "core.v1.NodeSelectorTerm"},

    {"core.v1.NodeSelectorRequirement", 1, "key", String, kAlways},
    {"core.v1.NodeSelectorRequirement", 2, "operator", String, kAlways},
    {"core.v1.NodeSelectorRequirement", 3, "values", String, kRepeated},

    {"core.v1.NodeSelectorTerm", 1, "matchExpressions", Message, kRepeated, "core.v1.NodeSelectorRequirement"},
    {"core.v1.NodeSelectorTerm", 2, "matchFields", Message, kRepeated, "core.v1.NodeSelectorRequirement"},

    {"core.v1.NodeSpec", 1, "podCIDR", String},
    {"core.v1.NodeSpec", 7, "podCIDRs", String, kRepeated},
    {"core.v1.NodeSpec", 3, "providerID", String},
    {"core.v1.NodeSpec", 4, "unschedulable", Bool},
    {"core.v1.NodeSpec", 5, "taints", Message, kRepeated, "core.v1.Taint"},
    {"core.v1.NodeSpec", 6, "configSource", Message, kPointer, "core.v1.NodeConfigSource"},
    {"core.v1.NodeSpec", 2, "externalID", String},
    {"core.v1.NodeSpec", 8, "podPreemptionPolicy", Message, kPointer, "core.v1.NodePodPreemptionPolicy"},

    {"core.v1.NodeStatus", 1, "capacity", MapQuantity},
    {"core.v1.NodeStatus", 2, "allocatable", MapQuantity},
    {"core.v1.NodeStatus", 3, "phase", String},
    {"core.v1.NodeStatus", 4, "conditions", Message, kRepeated, "core.v1.NodeCondition"},
    {"core.v1.NodeStatus", 5, "addresses", Message, kRepeated, "core.v1.NodeAddress"},
    {"core.v1.NodeStatus", 6, "daemonEndpoints", Message, 0, "core.v1.NodeDaemonEndpoints"},
    {"core.v1.NodeStatus", 7, "nodeInfo", Message, 0, "core.v1.NodeSystemInfo"},
    {"core.v1.NodeStatus", 8, "images", Message, kRepeated, "core.v1.ContainerImage"},
    {"core.v1.NodeStatus", 9, "volumesInUse", String, kRepeated},
    {"core.v1.NodeStatus", 10, "volumesAttached", Message, kRepeated, "core.v1.AttachedVolume"},
    {"core.v1.NodeStatus", 11, "config", Message, kPointer, "core.v1.NodeConfigStatus"},
    {"core.v1.NodeStatus", 12, "runtimeHandlers", Message, kRepeated, "core.v1.NodeRuntimeHandler"},
    {"core.v1.NodeStatus", 13, "features", Message, kPointer, "core.v1.NodeFeatures"},
    {"core.v1.NodeStatus", 14, "declaredFeatures", String, kRepeated},

    {"core.v1.NodeSwapStatus", 1, "capacity", Int64, kPointer},

    {"core.v1.NodeSystemInfo", 1, "machineID", String, kAlways},
    {"core.v1.NodeSystemInfo", 2, "systemUUID", String, kAlways},
    {"core.v1.NodeSystemInfo", 3, "bootID", String, kAlways},
    {"core.v1.NodeSystemInfo", 4, "kernelVersion", String, kAlways},
    {"core.v1.NodeSystemInfo", 5, "osImage", String, kAlways},
    {"core.v1.NodeSystemInfo", 6, "containerRuntimeVersion", String, kAlways},
    {"core.v1.NodeSystemInfo", 7, "kubeletVersion", String, kAlways},
    {"core.v1.NodeSystemInfo", 8, "kubeProxyVersion", String, kAlways},
    {"core.v1.NodeSystemInfo", 9, "operatingSystem", String, kAlways},
    {"core.v1.NodeSystemInfo", 10, "architecture", String, kAlways},
    {"core.v1.NodeSystemInfo", 11, "swap", Message, kPointer, "core.v1.NodeSwapStatus"},

    {"core.v1.ObjectFieldSelector", 1, "apiVersion", String},
    {"core.v1.ObjectFieldSelector", 2, "fieldPath", String, kAlways},

    {"core.v1.ObjectReference", 1, "kind", String},
    {"core.v1.ObjectReference", 2, "namespace", String},
    {"core.v1.ObjectReference", 3, "name", String},
    {"core.v1.ObjectReference", 4, "uid", String},
    {"core.v1.ObjectReference", 5, "apiVersion", String},
    {"core.v1.ObjectReference", 6, "resourceVersion", String},
    {"core.v1.ObjectReference", 7, "fieldPath", String},

    {"core.v1.PersistentVolume", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"core.v1.PersistentVolume", 2, "spec", Message, 0, "core.v1.PersistentVolumeSpec"},
    {"core.v1.PersistentVolume", 3, "status", Message, 0, "core.v1.PersistentVolumeStatus"},

    {"core.v1.PersistentVolumeClaim", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"core.v1.PersistentVolumeClaim", 2, "spec", Message, 0, "core.v1.PersistentVolumeClaimSpec"},
    {"core.v1.PersistentVolumeClaim", 3, "status", Message, 0, "core.v1.PersistentVolumeClaimStatus"},

    {"core.v1.PersistentVolumeClaimCondition", 1, "type", String, kAlways},
    {"core.v1.PersistentVolumeClaimCondition", 2, "status", String, kAlways},
    {"core.v1.PersistentVolumeClaimCondition", 3, "lastProbeTime", Time},
    {"core.v1.PersistentVolumeClaimCondition", 4, "lastTransitionTime", Time},
    {"core.v1.PersistentVolumeClaimCondition", 5, "reason", String},
    {"core.v1.PersistentVolumeClaimCondition", 6, "message", String},

    {"core.v1.PersistentVolumeClaimList", 1, "metadata", Message, 0, "meta.v1.ListMeta"},
    {"core.v1.PersistentVolumeClaimList", 2, "items", Message, kRepeated | kAlways, "core.v1.PersistentVolumeClaim"},

    {"core.v1.PersistentVolumeClaimSpec", 1, "accessModes", String, kRepeated},
    {"core.v1.PersistentVolumeClaimSpec", 4, "selector", Message, kPointer, "meta.v1.LabelSelector"},
    {"core.v1.PersistentVolumeClaimSpec", 2, "resources", Message, 0, "core.v1.VolumeResourceRequirements"},
    {"core.v1.PersistentVolumeClaimSpec", 3, "volumeName", String},
    {"core.v1.PersistentVolumeClaimSpec", 5, "storageClassName", String, kPointer},
    {"core.v1.PersistentVolumeClaimSpec", 6, "volumeMode", String, kPointer},
    {"core.v1.PersistentVolumeClaimSpec", 7, "dataSource", Message, kPointer, "core.v1.TypedLocalObjectReference"},
    {"core.v1.PersistentVolumeClaimSpec", 8, "dataSourceRef", Message, kPointer, "core.v1.TypedObjectReference"},
    {"core.v1.PersistentVolumeClaimSpec", 9, "volumeAttributesClassName", String, kPointer},

    {"core.v1.PersistentVolumeClaimStatus", 1, "phase", String},
    {"core.v1.PersistentVolumeClaimStatus", 2, "accessModes", String, kRepeated},
    {"core.v1.PersistentVolumeClaimStatus", 3, "capacity", MapQuantity},
    {"core.v1.PersistentVolumeClaimStatus", 4, "conditions", Message, kRepeated, "core.v1.PersistentVolumeClaimCondition"},
    {"core.v1.PersistentVolumeClaimStatus", 5, "allocatedResources", MapQuantity},
    {"core.v1.PersistentVolumeClaimStatus", 7, "allocatedResourceStatuses", MapString},
    {"core.v1.PersistentVolumeClaimStatus", 8, "currentVolumeAttributesClassName", String, kPointer},
    {"core.v1.PersistentVolumeClaimStatus", 9, "modifyVolumeStatus", Message, kPointer, "core.v1.ModifyVolumeStatus"},
    {"core.v1.PersistentVolumeClaimStatus", 10, "healthStatus", Message, kPointer, "core.v1.VolumeHealthStatus"},

    {"core.v1.PersistentVolumeClaimTemplate", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"core.v1.PersistentVolumeClaimTemplate", 2, "spec", Message, kAlways, "core.v1.PersistentVolumeClaimSpec"},

    {"core.v1.PersistentVolumeClaimVolumeSource", 1, "claimName", String, kAlways},
    {"core.v1.PersistentVolumeClaimVolumeSource", 2, "readOnly", Bool},

    {"core.v1.PersistentVolumeList", 1, "metadata", Message, 0, "meta.v1.ListMeta"},
    {"core.v1.PersistentVolumeList", 2, "items", Message, kRepeated | kAlways, "core.v1.PersistentVolume"},

    {"core.v1.PersistentVolumeSource", 1, "gcePersistentDisk", Message, kPointer, "core.v1.GCEPersistentDiskVolumeSource"},
    {"core.v1.PersistentVolumeSource", 2, "awsElasticBlockStore", Message, kPointer, "core.v1.AWSElasticBlockStoreVolumeSource"},
    {"core.v1.PersistentVolumeSource", 3, "hostPath", Message, kPointer, "core.v1.HostPathVolumeSource"},
    {"core.v1.PersistentVolumeSource", 4, "glusterfs", Message, kPointer, "core.v1.GlusterfsPersistentVolumeSource"},
    {"core.v1.PersistentVolumeSource", 5, "nfs", Message, kPointer, "core.v1.NFSVolumeSource"},
    {"core.v1.PersistentVolumeSource", 6, "rbd", Message, kPointer, "core.v1.RBDPersistentVolumeSource"},
    {"core.v1.PersistentVolumeSource", 7, "iscsi", Message, kPointer, "core.v1.ISCSIPersistentVolumeSource"},
    {"core.v1.PersistentVolumeSource", 8, "cinder", Message, kPointer, "core.v1.CinderPersistentVolumeSource"},
    {"core.v1.PersistentVolumeSource", 9, "cephfs", Message, kPointer, "core.v1.CephFSPersistentVolumeSource"},
    {"core.v1.PersistentVolumeSource", 10, "fc", Message, kPointer, "core.v1.FCVolumeSource"},
    {"core.v1.PersistentVolumeSource", 11, "flocker", Message, kPointer, "core.v1.FlockerVolumeSource"},
    {"core.v1.PersistentVolumeSource", 12, "flexVolume", Message, kPointer, "core.v1.FlexPersistentVolumeSource"},
    {"core.v1.PersistentVolumeSource", 13, "azureFile", Message, kPointer, "core.v1.AzureFilePersistentVolumeSource"},
    {"core.v1.PersistentVolumeSource", 14, "vsphereVolume", Message, kPointer, "core.v1.VsphereVirtualDiskVolumeSource"},
    {"core.v1.PersistentVolumeSource", 15, "quobyte", Message, kPointer, "core.v1.QuobyteVolumeSource"},
    {"core.v1.PersistentVolumeSource", 16, "azureDisk", Message, kPointer, "core.v1.AzureDiskVolumeSource"},
    {"core.v1.PersistentVolumeSource", 17, "photonPersistentDisk", Message, kPointer, "core.v1.PhotonPersistentDiskVolumeSource"},
    {"core.v1.PersistentVolumeSource", 18, "portworxVolume", Message, kPointer, "core.v1.PortworxVolumeSource"},
    {"core.v1.PersistentVolumeSource", 19, "scaleIO", Message, kPointer, "core.v1.ScaleIOPersistentVolumeSource"},
    {"core.v1.PersistentVolumeSource", 20, "local", Message, kPointer, "core.v1.LocalVolumeSource"},
    {"core.v1.PersistentVolumeSource", 21, "storageos", Message, kPointer, "core.v1.StorageOSPersistentVolumeSource"},
    {"core.v1.PersistentVolumeSource", 22, "csi", Message, kPointer, "core.v1.CSIPersistentVolumeSource"},

    {"core.v1.PersistentVolumeSpec", 1, "capacity", MapQuantity},
    {"core.v1.PersistentVolumeSpec", 2, "", Message, kInline, "core.v1.PersistentVolumeSource"},
    {"core.v1.PersistentVolumeSpec", 3, "accessModes", String, kRepeated},
    {"core.v1.PersistentVolumeSpec", 4, "claimRef", Message, kPointer, "core.v1.ObjectReference"},
    {"core.v1.PersistentVolumeSpec", 5, "persistentVolumeReclaimPolicy", String},
    {"core.v1.PersistentVolumeSpec", 6, "storageClassName", String},
    {"core.v1.PersistentVolumeSpec", 7, "mountOptions", String, kRepeated},
    {"core.v1.PersistentVolumeSpec", 8, "volumeMode", String, kPointer},
    {"core.v1.PersistentVolumeSpec", 9, "nodeAffinity", Message, kPointer, "core.v1.VolumeNodeAffinity"},
    {"core.v1.PersistentVolumeSpec", 10, "volumeAttributesClassName", String, kPointer},

    {"core.v1.PersistentVolumeStatus", 1, "phase", String},
    {"core.v1.PersistentVolumeStatus", 2, "message", String},
    {"core.v1.PersistentVolumeStatus", 3, "reason", String},
    {"core.v1.PersistentVolumeStatus", 4, "lastPhaseTransitionTime", Time, kPointer},

    {"core.v1.PhotonPersistentDiskVolumeSource", 1, "pdID", String, kAlways},
    {"core.v1.PhotonPersistentDiskVolumeSource", 2, "fsType", String},

    {"core.v1.Pod", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"core.v1.Pod", 2, "spec", Message, 0, "core.v1.PodSpec"},
    {"core.v1.Pod", 3, "status", Message, 0, "core.v1.PodStatus"},

    {"core.v1.PodAffinity", 1, "requiredDuringSchedulingIgnoredDuringExecution", Message, kRepeated, "core.v1.PodAffinityTerm"},
    {"core.v1.PodAffinity", 2, "preferredDuringSchedulingIgnoredDuringExecution", Message, kRepeated, "core.v1.WeightedPodAffinityTerm"},

    {"core.v1.PodAffinityTerm", 1, "labelSelector", Message, kPointer, "meta.v1.LabelSelector"},
    {"core.v1.PodAffinityTerm", 2, "namespaces", String, kRepeated},
    {"core.v1.PodAffinityTerm", 3, "topologyKey", String, kAlways},
    {"core.v1.PodAffinityTerm", 4, "namespaceSelector", Message, kPointer, "meta.v1.LabelSelector"},
    {"core.v1.PodAffinityTerm", 5, "matchLabelKeys", String, kRepeated},
    {"core.v1.PodAffinityTerm", 6, "mismatchLabelKeys", String, kRepeated},

    {"core.v1.PodAntiAffinity", 1, "requiredDuringSchedulingIgnoredDuringExecution", Message, kRepeated, "core.v1.PodAffinityTerm"},
    {"core.v1.PodAntiAffinity", 2, "preferredDuringSchedulingIgnoredDuringExecution", Message, kRepeated, "core.v1.WeightedPodAffinityTerm"},

    {"core.v1.PodAttachOptions", 1, "stdin", Bool},
    {"core.v1.PodAttachOptions", 2, "stdout", Bool},
    {"core.v1.PodAttachOptions", 3, "stderr", Bool},
    {"core.v1.PodAttachOptions", 4, "tty", Bool},
    {"core.v1.PodAttachOptions", 5, "container", String},

    {"core.v1.PodCertificateProjection", 1, "signerName", String},
    {"core.v1.PodCertificateProjection", 2, "keyType", String},
    {"core.v1.PodCertificateProjection", 3, "maxExpirationSeconds", Int32, kPointer},
    {"core.v1.PodCertificateProjection", 4, "credentialBundlePath", String},
    {"core.v1.PodCertificateProjection", 5, "keyPath", String},
    {"core.v1.PodCertificateProjection", 6, "certificateChainPath", String},
    {"core.v1.PodCertificateProjection", 7, "userAnnotations", MapString},
    {"core.v1.PodCertificateProjection", 8, "user", Int64, kPointer},

    {"core.v1.PodCondition", 1, "type", String, kAlways},
    {"core.v1.PodCondition", 7, "observedGeneration", Int64},
    {"core.v1.PodCondition", 2, "status", String, kAlways},
    {"core.v1.PodCondition", 3, "lastProbeTime", Time},
    {"core.v1.PodCondition", 4, "lastTransitionTime", Time},
    {"core.v1.PodCondition", 5, "reason", String},
    {"core.v1.PodCondition", 6, "message", String},

    {"core.v1.PodDNSConfig", 1, "nameservers", String, kRepeated},
    {"core.v1.PodDNSConfig", 2, "searches", String, kRepeated},
    {"core.v1.PodDNSConfig", 3, "options", Message, kRepeated, "core.v1.PodDNSConfigOption"},

    {"core.v1.PodDNSConfigOption", 1, "name", String},
    {"core.v1.PodDNSConfigOption", 2, "value", String, kPointer},

    {"core.v1.PodExecOptions", 1, "stdin", Bool},
    {"core.v1.PodExecOptions", 2, "stdout", Bool},
    {"core.v1.PodExecOptions", 3, "stderr", Bool},
    {"core.v1.PodExecOptions", 4, "tty", Bool},
    {"core.v1.PodExecOptions", 5, "container", String},
    {"core.v1.PodExecOptions", 6, "command", String, kRepeated | kAlways},

    {"core.v1.PodExtendedResourceClaimStatus", 1, "requestMappings", Message, kRepeated | kAlways, "core.v1.ContainerExtendedResourceRequest"},
    {"core.v1.PodExtendedResourceClaimStatus", 2, "resourceClaimName", String, kAlways},

    {"core.v1.PodIP", 1, "ip", String, kAlways},

    {"core.v1.PodList", 1, "metadata", Message, 0, "meta.v1.ListMeta"},
    {"core.v1.PodList", 2, "items", Message, kRepeated | kAlways, "core.v1.Pod"},

    {"core.v1.PodLogOptions", 1, "container", String},
    {"core.v1.PodLogOptions", 2, "follow", Bool},
    {"core.v1.PodLogOptions", 3, "previous", Bool},
    {"core.v1.PodLogOptions", 4, "sinceSeconds", Int64, kPointer},
    {"core.v1.PodLogOptions", 5, "sinceTime", Time, kPointer},
    {"core.v1.PodLogOptions", 6, "timestamps", Bool},
    {"core.v1.PodLogOptions", 7, "tailLines", Int64, kPointer},
    {"core.v1.PodLogOptions", 8, "limitBytes", Int64, kPointer},
    {"core.v1.PodLogOptions", 9, "insecureSkipTLSVerifyBackend", Bool},
    {"core.v1.PodLogOptions", 10, "stream", String, kPointer},

    {"core.v1.PodOS", 1, "name", String, kAlways},

    {"core.v1.PodPortForwardOptions", 1, "ports", Int32, kRepeated},

    {"core.v1.PodProxyOptions", 1, "path", String},

    {"core.v1.PodReadinessGate", 1, "conditionType", String, kAlways},

    {"core.v1.PodResourceClaim", 1, "name", String, kAlways},
    {"core.v1.PodResourceClaim", 3, "resourceClaimName", String, kPointer},
    {"core.v1.PodResourceClaim", 4, "resourceClaimTemplateName", String, kPointer},

    {"core.v1.PodResourceClaimStatus", 1, "name", String, kAlways},
    {"core.v1.PodResourceClaimStatus", 2, "resourceClaimName", String, kPointer},

    {"core.v1.PodSchedulingGate", 1, "name", String, kAlways},

    {"core.v1.PodSchedulingGroup", 1, "podGroupName", String, kPointer},

    {"core.v1.PodSecurityContext", 1, "seLinuxOptions", Message, kPointer, "core.v1.SELinuxOptions"},
    {"core.v1.PodSecurityContext", 8, "windowsOptions", Message, kPointer, "core.v1.WindowsSecurityContextOptions"},
    {"core.v1.PodSecurityContext", 2, "runAsUser", Int64, kPointer},
    {"core.v1.PodSecurityContext", 6, "runAsGroup", Int64, kPointer},
    {"core.v1.PodSecurityContext", 3, "runAsNonRoot", Bool, kPointer},
    {"core.v1.PodSecurityContext", 4, "supplementalGroups", Int64, kRepeated},
    {"core.v1.PodSecurityContext", 12, "supplementalGroupsPolicy", String, kPointer},
    {"core.v1.PodSecurityContext", 5, "fsGroup", Int64, kPointer},
    {"core.v1.PodSecurityContext", 7, "sysctls", Message, kRepeated, "core.v1.Sysctl"},
    {"core.v1.PodSecurityContext", 9, "fsGroupChangePolicy", String, kPointer},
    {"core.v1.PodSecurityContext", 10, "seccompProfile", Message, kPointer, "core.v1.SeccompProfile"},
    {"core.v1.PodSecurityContext", 11, "appArmorProfile", Message, kPointer, "core.v1.AppArmorProfile"},
    {"core.v1.PodSecurityContext", 13, "seLinuxChangePolicy", String, kPointer},

    {"core.v1.PodSignature", 1, "podController", Message, kPointer, "meta.v1.OwnerReference"},

    {"core.v1.PodSpec", 1, "volumes", Message, kRepeated, "core.v1.Volume"},
    {"core.v1.PodSpec", 20, "initContainers", Message, kRepeated, "core.v1.Container"},
    {"core.v1.PodSpec", 2, "containers", Message, kRepeated | kAlways, "core.v1.Container"},
    {"core.v1.PodSpec", 34, "ephemeralContainers", Message, kRepeated, "core.v1.EphemeralContainer"},
    {"core.v1.PodSpec", 3, "restartPolicy", String},
    {"core.v1.PodSpec", 4, "terminationGracePeriodSeconds", Int64, kPointer},
    {"core.v1.PodSpec", 5, "activeDeadlineSeconds", Int64, kPointer},
    {"core.v1.PodSpec", 6, "dnsPolicy", String},
    {"core.v1.PodSpec", 7, "nodeSelector", MapString},
    {"core.v1.PodSpec", 8, "serviceAccountName", String},
    {"core.v1.PodSpec", 9, "serviceAccount", String},
    {"core.v1.PodSpec", 21, "automountServiceAccountToken", Bool, kPointer},
    {"core.v1.PodSpec", 10, "nodeName", String},
    {"core.v1.PodSpec", 11, "hostNetwork", Bool},
    {"core.v1.PodSpec", 12, "hostPID", Bool},
    {"core.v1.PodSpec", 13, "hostIPC", Bool},
    {"core.v1.PodSpec", 27, "shareProcessNamespace", Bool, kPointer},
    {"core.v1.PodSpec", 14, "securityContext", Message, kPointer, "core.v1.PodSecurityContext"},
    {"core.v1.PodSpec", 15, "imagePullSecrets", Message, kRepeated, "core.v1.LocalObjectReference"},
    {"core.v1.PodSpec", 16, "hostname", String},
    {"core.v1.PodSpec", 17, "subdomain", String},
    {"core.v1.PodSpec", 18, "affinity", Message, kPointer, "core.v1.Affinity"},
    {"core.v1.PodSpec", 19, "schedulerName", String},
    {"core.v1.PodSpec", 22, "tolerations", Message, kRepeated, "core.v1.Toleration"},
    {"core.v1.PodSpec", 23, "hostAliases", Message, kRepeated, "core.v1.HostAlias"},
    {"core.v1.PodSpec", 24, "priorityClassName", String},
    {"core.v1.PodSpec", 25, "priority", Int32, kPointer},
    {"core.v1.PodSpec", 26, "dnsConfig", Message, kPointer, "core.v1.PodDNSConfig"},
    {"core.v1.PodSpec", 28, "readinessGates", Message, kRepeated, "core.v1.PodReadinessGate"},
    {"core.v1.PodSpec", 29, "runtimeClassName", String, kPointer},
    {"core.v1.PodSpec", 30, "enableServiceLinks", Bool, kPointer},
    {"core.v1.PodSpec", 31, "preemptionPolicy", String, kPointer},
    {"core.v1.PodSpec", 32, "overhead", MapQuantity},
    {"core.v1.PodSpec", 33, "topologySpreadConstraints", Message, kRepeated, "core.v1.TopologySpreadConstraint"},
    {"core.v1.PodSpec", 35, "setHostnameAsFQDN", Bool, kPointer},
    {"core.v1.PodSpec", 36, "os", Message, kPointer, "core.v1.PodOS"},
    {"core.v1.PodSpec", 37, "hostUsers", Bool, kPointer},
    {"core.v1.PodSpec", 38, "schedulingGates", Message, kRepeated, "core.v1.PodSchedulingGate"},
    {"core.v1.PodSpec", 39, "resourceClaims", Message, kRepeated, "core.v1.PodResourceClaim"},
    {"core.v1.PodSpec", 40, "resources", Message, kPointer, "core.v1.ResourceRequirements"},
    {"core.v1.PodSpec", 41, "hostnameOverride", String, kPointer},
    {"core.v1.PodSpec", 43, "schedulingGroup", Message, kPointer, "core.v1.PodSchedulingGroup"},
    {"core.v1.PodSpec", 44, "evictionResponders", Message, kRepeated, "core.v1.EvictionResponder"},

    {"core.v1.PodStatus", 17, "observedGeneration", Int64},
    {"core.v1.PodStatus", 1, "phase", String},
    {"core.v1.PodStatus", 2, "conditions", Message, kRepeated, "core.v1.PodCondition"},
    {"core.v1.PodStatus", 3, "message", String},
    {"core.v1.PodStatus", 4, "reason", String},
    {"core.v1.PodStatus", 11, "nominatedNodeName", String},
    {"core.v1.PodStatus", 5, "hostIP", String},
    {"core.v1.PodStatus", 16, "hostIPs", Message, kRepeated, "core.v1.HostIP"},
    {"core.v1.PodStatus", 6, "podIP", String},
    {"core.v1.PodStatus", 12, "podIPs", Message, kRepeated, "core.v1.PodIP"},
    {"core.v1.PodStatus", 7, "startTime", Time, kPointer},
    {"core.v1.PodStatus", 10, "initContainerStatuses", Message, kRepeated, "core.v1.ContainerStatus"},
    {"core.v1.PodStatus", 8, "containerStatuses", Message, kRepeated, "core.v1.ContainerStatus"},
    {"core.v1.PodStatus", 9, "qosClass", String},
    {"core.v1.PodStatus", 13, "ephemeralContainerStatuses", Message, kRepeated, "core.v1.ContainerStatus"},
    {"core.v1.PodStatus", 14, "resize", String},
    {"core.v1.PodStatus", 15, "resourceClaimStatuses", Message, kRepeated, "core.v1.PodResourceClaimStatus"},
    {"core.v1.PodStatus", 18, "extendedResourceClaimStatus", Message, kPointer, "core.v1.PodExtendedResourceClaimStatus"},
    {"core.v1.PodStatus", 19, "allocatedResources", MapQuantity},
    {"core.v1.PodStatus", 20, "resources", Message, kPointer, "core.v1.ResourceRequirements"},
    {"core.v1.PodStatus", 21, "nodeAllocatableResourceClaimStatuses", Message, kRepeated, "core.v1.NodeAllocatableResourceClaimStatus"},
    {"core.v1.PodStatus", 22, "volumeHealth", Message, kRepeated, "core.v1.PodVolumeHealth"},

    {"core.v1.PodTemplate", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"core.v1.PodTemplate", 2, "template", Message, 0, "core.v1.PodTemplateSpec"},

    {"core.v1.PodTemplateList", 1, "metadata", Message, 0, "meta.v1.ListMeta"},
    {"core.v1.PodTemplateList", 2, "items", Message, kRepeated | kAlways, "core.v1.PodTemplate"},

    {"core.v1.PodTemplateSpec", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"core.v1.PodTemplateSpec", 2, "spec", Message, 0, "core.v1.PodSpec"},

    {"core.v1.PodVolumeHealth", 1, "name", String, kAlways},
    {"core.v1.PodVolumeHealth", 2, "healthConditions", Message, kRepeated, "core.v1.VolumeHealthCondition"},
    {"core.v1.PodVolumeHealth", 3, "lastTransitionTime", Time},

    {"core.v1.PortStatus", 1, "port", Int32, kAlways},
    {"core.v1.PortStatus", 2, "protocol", String, kAlways},
    {"core.v1.PortStatus", 3, "error", String, kPointer},

    {"core.v1.PortworxVolumeSource", 1, "volumeID", String, kAlways},
    {"core.v1.PortworxVolumeSource", 2, "fsType", String},
    {"core.v1.PortworxVolumeSource", 3, "readOnly", Bool},

    {"core.v1.Preconditions", 1, "uid", String, kPointer},

    {"core.v1.PreferAvoidPodsEntry", 1, "podSignature", Message, kAlways, "core.v1.PodSignature"},
    {"core.v1.PreferAvoidPodsEntry", 2, "evictionTime", Time},
    {"core.v1.PreferAvoidPodsEntry", 3, "reason", String},
    {"core.v1.PreferAvoidPodsEntry", 4, "message", String},

    {"core.v1.PreferredSchedulingTerm", 1, "weight", Int32, kAlways},
    {"core.v1.PreferredSchedulingTerm", 2, "preference", Message, kAlways, "core.v1.NodeSelectorTerm"},

    {"core.v1.Probe", 1, "", Message, kInline, "core.v1.ProbeHandler"},
    {"core.v1.Probe", 2, "initialDelaySeconds", Int32},
    {"core.v1.Probe", 3, "timeoutSeconds", Int32},
    {"core.v1.Probe", 4, "periodSeconds", Int32},
    {"core.v1.Probe", 5, "successThreshold", Int32},
    {"core.v1.Probe", 6, "failureThreshold", Int32},
    {"core.v1.Probe", 7, "terminationGracePeriodSeconds", Int64, kPointer},

    {"core.v1.ProbeHandler", 1, "exec", Message, kPointer, "core.v1.ExecAction"},
    {"core.v1.ProbeHandler", 2, "httpGet", Message, kPointer, "core.v1.HTTPGetAction"},
    {"core.v1.ProbeHandler", 3, "tcpSocket", Message, kPointer, "core.v1.TCPSocketAction"},
    {"core.v1.ProbeHandler", 4, "grpc", Message, kPointer, "core.v1.GRPCAction"},

    {"core.v1.ProjectedVolumeSource", 1, "sources", Message, kRepeated | kAlways, "core.v1.VolumeProjection"},
    {"core.v1.ProjectedVolumeSource", 2, "defaultMode", Int32, kPointer},
    {"core.v1.ProjectedVolumeSource", 3, "defaultUser", Int64, kPointer},

    {"core.v1.QuobyteVolumeSource", 1, "registry", String, kAlways},
    {"core.v1.QuobyteVolumeSource", 2, "volume", String, kAlways},
    {"core.v1.QuobyteVolumeSource", 3, "readOnly", Bool},
    {"core.v1.QuobyteVolumeSource", 4, "user", String},
    {"core.v1.QuobyteVolumeSource", 5, "group", String},
    {"core.v1.QuobyteVolumeSource", 6, "tenant", String},

    {"core.v1.RBDPersistentVolumeSource", 1, "monitors", String, kRepeated | kAlways},
    {"core.v1.RBDPersistentVolumeSource", 2, "image", String, kAlways},
    {"core.v1.RBDPersistentVolumeSource", 3, "fsType", String},
    {"core.v1.RBDPersistentVolumeSource", 4, "pool", String},
    {"core.v1.RBDPersistentVolumeSource", 5, "user", String},
    {"core.v1.RBDPersistentVolumeSource", 6, "keyring", String},
    {"core.v1.RBDPersistentVolumeSource", 7, "secretRef", Message, kPointer, "core.v1.SecretReference"},
    {"core.v1.RBDPersistentVolumeSource", 8, "readOnly", Bool},

    {"core.v1.RBDVolumeSource", 1, "monitors", String, kRepeated | kAlways},
    {"core.v1.RBDVolumeSource", 2, "image", String, kAlways},
    {"core.v1.RBDVolumeSource", 3, "fsType", String},
    {"core.v1.RBDVolumeSource", 4, "pool", String},
    {"core.v1.RBDVolumeSource", 5, "user", String},
    {"core.v1.RBDVolumeSource", 6, "keyring", String},
    {"core.v1.RBDVolumeSource", 7, "secretRef", Message, kPointer, "core.v1.LocalObjectReference"},
    {"core.v1.RBDVolumeSource", 8, "readOnly", Bool},

    {"core.v1.RangeAllocation", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"core.v1.RangeAllocation", 2, "range", String, kAlways},
    {"core.v1.RangeAllocation", 3, "data", Bytes, kAlways},

    {"core.v1.ReplicationController", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"core.v1.ReplicationController", 2, "spec", Message, 0, "core.v1.ReplicationControllerSpec"},
    {"core.v1.ReplicationController", 3, "status", Message, 0, "core.v1.ReplicationControllerStatus"},

    {"core.v1.ReplicationControllerCondition", 1, "type", String, kAlways},
    {"core.v1.ReplicationControllerCondition", 2, "status", String, kAlways},
    {"core.v1.ReplicationControllerCondition", 3, "lastTransitionTime", Time},
    {"core.v1.ReplicationControllerCondition", 4, "reason", String},
    {"core.v1.ReplicationControllerCondition", 5, "message", String},

    {"core.v1.ReplicationControllerList", 1, "metadata", Message, 0, "meta.v1.ListMeta"},
    {"core.v1.ReplicationControllerList", 2, "items", Message, kRepeated | kAlways, "core.v1.ReplicationController"},

    {"core.v1.ReplicationControllerSpec", 1, "replicas", Int32, kPointer},
    {"core.v1.ReplicationControllerSpec", 4, "minReadySeconds", Int32},
    {"core.v1.ReplicationControllerSpec", 2, "selector", MapString},
    {"core.v1.ReplicationControllerSpec", 3, "template", Message, kPointer, "core.v1.PodTemplateSpec"},

    {"core.v1.ReplicationControllerStatus", 1, "replicas", Int32, kAlways},
    {"core.v1.ReplicationControllerStatus", 2, "fullyLabeledReplicas", Int32},
    {"core.v1.ReplicationControllerStatus", 4, "readyReplicas", Int32},
    {"core.v1.ReplicationControllerStatus", 5, "availableReplicas", Int32},
    {"core.v1.ReplicationControllerStatus", 3, "observedGeneration", Int64},
    {"core.v1.ReplicationControllerStatus", 6, "conditions", Message, kRepeated, "core.v1.ReplicationControllerCondition"},

    {"core.v1.ResourceClaim", 1, "name", String, kAlways},
    {"core.v1.ResourceClaim", 2, "request", String},

    {"core.v1.ResourceFieldSelector", 1, "containerName", String},
    {"core.v1.ResourceFieldSelector", 2, "resource", String, kAlways},
    {"core.v1.ResourceFieldSelector", 3, "divisor", Quantity},

    {"core.v1.ResourceHealth", 1, "resourceID", String, kAlways},
    {"core.v1.ResourceHealth", 2, "health", String},
    {"core.v1.ResourceHealth", 6, "message", String, kPointer},

    {"core.v1.ResourceQuota", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"core.v1.ResourceQuota", 2, "spec", Message, 0, "core.v1.ResourceQuotaSpec"},
    {"core.v1.ResourceQuota", 3, "status", Message, 0, "core.v1.ResourceQuotaStatus"},

    {"core.v1.ResourceQuotaList", 1, "metadata", Message, 0, "meta.v1.ListMeta"},
    {"core.v1.ResourceQuotaList", 2, "items", Message, kRepeated | kAlways, "core.v1.ResourceQuota"},

    {"core.v1.ResourceQuotaSpec", 1, "hard", MapQuantity},
    {"core.v1.ResourceQuotaSpec", 2, "scopes", String, kRepeated},
    {"core.v1.ResourceQuotaSpec", 3, "scopeSelector", Message, kPointer, "core.v1.ScopeSelector"},

    {"core.v1.ResourceQuotaStatus", 1, "hard", MapQuantity},
    {"core.v1.ResourceQuotaStatus", 2, "used", MapQuantity},

    {"core.v1.ResourceRequirements", 1, "limits", MapQuantity},
    {"core.v1.ResourceRequirements", 2, "requests", MapQuantity},
    {"core.v1.ResourceRequirements", 3, "claims", Message, kRepeated, "core.v1.ResourceClaim"},

    {"core.v1.ResourceStatus", 1, "name", String, kAlways},
    {"core.v1.ResourceStatus", 2, "resources", Message, kRepeated, "core.v1.ResourceHealth"},

    {"core.v1.SELinuxOptions", 1, "user", String},
    {"core.v1.SELinuxOptions", 2, "role", String},
    {"core.v1.SELinuxOptions", 3, "type", String},
    {"core.v1.SELinuxOptions", 4, "level", String},

    {"core.v1.ScaleIOPersistentVolumeSource", 1, "gateway", String, kAlways},
    {"core.v1.ScaleIOPersistentVolumeSource", 2, "system", String, kAlways},
    {"core.v1.ScaleIOPersistentVolumeSource", 3, "secretRef", Message, kPointer | kAlways, "core.v1.SecretReference"},
    {"core.v1.ScaleIOPersistentVolumeSource", 4, "sslEnabled", Bool},
    {"core.v1.ScaleIOPersistentVolumeSource", 5, "protectionDomain", String},
    {"core.v1.ScaleIOPersistentVolumeSource", 6, "storagePool", String},
    {"core.v1.ScaleIOPersistentVolumeSource", 7, "storageMode", String},
    {"core.v1.ScaleIOPersistentVolumeSource", 8, "volumeName", String},
    {"core.v1.ScaleIOPersistentVolumeSource", 9, "fsType", String},
    {"core.v1.ScaleIOPersistentVolumeSource", 10, "readOnly", Bool},

    {"core.v1.ScaleIOVolumeSource", 1, "gateway", String, kAlways},
    {"core.v1.ScaleIOVolumeSource", 2, "system", String, kAlways},
    {"core.v1.ScaleIOVolumeSource", 3, "secretRef", Message, kPointer | kAlways, "core.v1.LocalObjectReference"},
    {"core.v1.ScaleIOVolumeSource", 4, "sslEnabled", Bool},
    {"core.v1.ScaleIOVolumeSource", 5, "protectionDomain", String},
    {"core.v1.ScaleIOVolumeSource", 6, "storagePool", String},
    {"core.v1.ScaleIOVolumeSource", 7, "storageMode", String},
    {"core.v1.ScaleIOVolumeSource", 8, "volumeName", String},
    {"core.v1.ScaleIOVolumeSource", 9, "fsType", String},
    {"core.v1.ScaleIOVolumeSource", 10, "readOnly", Bool},

    {"core.v1.ScopeSelector", 1, "matchExpressions", Message, kRepeated, "core.v1.ScopedResourceSelectorRequirement"},

    {"core.v1.ScopedResourceSelectorRequirement", 1, "scopeName", String, kAlways},
    {"core.v1.ScopedResourceSelectorRequirement", 2, "operator", String, kAlways},
    {"core.v1.ScopedResourceSelectorRequirement", 3, "values", String, kRepeated},

    {"core.v1.SeccompProfile", 1, "type", String, kAlways},
    {"core.v1.SeccompProfile", 2, "localhostProfile", String, kPointer},

    {"core.v1.Secret", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"core.v1.Secret", 5, "immutable", Bool, kPointer},
    {"core.v1.Secret", 2, "data", MapBytes},
    {"core.v1.Secret", 4, "stringData", MapString},
    {"core.v1.Secret", 3, "type", String},

    {"core.v1.SecretEnvSource", 1, "", Message, kInline, "core.v1.LocalObjectReference"},
    {"core.v1.SecretEnvSource", 2, "optional", Bool, kPointer},

    {"core.v1.SecretKeySelector", 1, "", Message, kInline, "core.v1.LocalObjectReference"},
    {"core.v1.SecretKeySelector", 2, "key", String, kAlways},
    {"core.v1.SecretKeySelector", 3, "optional", Bool, kPointer},

    {"core.v1.SecretList", 1, "metadata", Message, 0, "meta.v1.ListMeta"},
    {"core.v1.SecretList", 2, "items", Message, kRepeated | kAlways, "core.v1.Secret"},

    {"core.v1.SecretProjection", 1, "", Message, kInline, "core.v1.LocalObjectReference"},
    {"core.v1.SecretProjection", 2, "items", Message, kRepeated, "core.v1.KeyToPath"},
    {"core.v1.SecretProjection", 4, "optional", Bool, kPointer},

    {"core.v1.SecretReference", 1, "name", String},
    {"core.v1.SecretReference", 2, "namespace", String},

    {"core.v1.SecretVolumeSource", 1, "secretName", String},
    {"core.v1.SecretVolumeSource", 2, "items", Message, kRepeated, "core.v1.KeyToPath"},
    {"core.v1.SecretVolumeSource", 3, "defaultMode", Int32, kPointer},
    {"core.v1.SecretVolumeSource", 4, "optional", Bool, kPointer},
    {"core.v1.SecretVolumeSource", 5, "defaultUser", Int64, kPointer},

    {"core.v1.SecurityContext", 1, "capabilities", Message, kPointer, "core.v1.Capabilities"},
    {"core.v1.SecurityContext", 2, "privileged", Bool, kPointer},
    {"core.v1.SecurityContext", 3, "seLinuxOptions", Message, kPointer, "core.v1.SELinuxOptions"},
    {"core.v1.SecurityContext", 10, "windowsOptions", Message, kPointer, "core.v1.WindowsSecurityContextOptions"},
    {"core.v1.SecurityContext", 4, "runAsUser", Int64, kPointer},
    {"core.v1.SecurityContext", 8, "runAsGroup", Int64, kPointer},
    {"core.v1.SecurityContext", 5, "runAsNonRoot", Bool, kPointer},
    {"core.v1.SecurityContext", 6, "readOnlyRootFilesystem", Bool, kPointer},
    {"core.v1.SecurityContext", 7, "allowPrivilegeEscalation", Bool, kPointer},
    {"core.v1.SecurityContext", 9, "procMount", String, kPointer},
    {"core.v1.SecurityContext", 11, "seccompProfile", Message, kPointer, "core.v1.SeccompProfile"},
    {"core.v1.SecurityContext", 12, "appArmorProfile", Message, kPointer, "core.v1.AppArmorProfile"},

    {"core.v1.SerializedReference", 1, "reference", Message, 0, "core.v1.ObjectReference"},

    {"core.v1.Service", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"core.v1.Service", 2, "spec", Message, 0, "core.v1.ServiceSpec"},
    {"core.v1.Service", 3, "status", Message, 0, "core.v1.ServiceStatus"},

    {"core.v1.ServiceAccount", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},
    {"core.v1.ServiceAccount", 2, "secrets", Message, kRepeated, "core.v1.ObjectReference"},
    {"core.v1.ServiceAccount", 3, "imagePullSecrets", Message, kRepeated, "core.v1.LocalObjectReference"},
    {"core.v1.ServiceAccount", 4, "automountServiceAccountToken", Bool, kPointer},

    {"core.v1.ServiceAccountList", 1, "metadata", Message, 0, "meta.v1.ListMeta"},
    {"core.v1.ServiceAccountList", 2, "items", Message, kRepeated | kAlways, "core.v1.ServiceAccount"},

    {"core.v1.ServiceAccountTokenProjection", 1, "audience", String},
    {"core.v1.ServiceAccountTokenProjection", 2, "expirationSeconds", Int64, kPointer},
    {"core.v1.ServiceAccountTokenProjection", 3, "path", String, kAlways},
    {"core.v1.ServiceAccountTokenProjection", 4, "user", Int64, kPointer},

    {"core.v1.ServiceList", 1, "metadata", Message, 0, "meta.v1.ListMeta"},
    {"core.v1.ServiceList", 2, "items", Message, kRepeated | kAlways, "core.v1.Service"},

    {"core.v1.ServicePort", 1, "name", String},
    {"core.v1.ServicePort", 2, "protocol", String},
    {"core.v1.ServicePort", 6, "appProtocol", String, kPointer},
    {"core.v1.ServicePort", 3, "port", Int32, kAlways},
    {"core.v1.ServicePort", 4, "targetPort", IntOrString},
    {"core.v1.ServicePort", 5, "nodePort", Int32},

    {"core.v1.ServiceProxyOptions", 1, "path", String},

    {"core.v1.ServiceSpec", 1, "ports", Message, kRepeated, "core.v1.ServicePort"},
    {"core.v1.ServiceSpec", 2, "selector", MapString},
    {"core.v1.ServiceSpec", 3, "clusterIP", String},
    {"core.v1.ServiceSpec", 18, "clusterIPs", String, kRepeated},
    {"core.v1.ServiceSpec", 4, "type", String},
    {"core.v1.ServiceSpec", 5, "externalIPs", String, kRepeated},
    {"core.v1.ServiceSpec", 7, "sessionAffinity", String},
    {"core.v1.ServiceSpec", 8, "loadBalancerIP", String},
    {"core.v1.ServiceSpec", 9, "loadBalancerSourceRanges", String, kRepeated},
    {"core.v1.ServiceSpec", 10, "externalName", String},
    {"core.v1.ServiceSpec", 11, "externalTrafficPolicy", String},
    {"core.v1.ServiceSpec", 12, "healthCheckNodePort", Int32},
    {"core.v1.ServiceSpec", 13, "publishNotReadyAddresses", Bool},
    {"core.v1.ServiceSpec", 14, "sessionAffinityConfig", Message, kPointer, "core.v1.SessionAffinityConfig"},
    {"core.v1.ServiceSpec", 19, "ipFamilies", String, kRepeated},
    {"core.v1.ServiceSpec", 17, "ipFamilyPolicy", String, kPointer},
    {"core.v1.ServiceSpec", 20, "allocateLoadBalancerNodePorts", Bool, kPointer},
    {"core.v1.ServiceSpec", 21, "loadBalancerClass", String, kPointer},
    {"core.v1.ServiceSpec", 22, "internalTrafficPolicy", String, kPointer},
    {"core.v1.ServiceSpec", 23, "trafficDistribution", String, kPointer},

    {"core.v1.ServiceStatus", 1, "loadBalancer", Message, 0, "core.v1.LoadBalancerStatus"},
    {"core.v1.ServiceStatus", 2, "conditions", Message, kRepeated, "meta.v1.Condition"},

    {"core.v1.SessionAffinityConfig", 1, "clientIP", Message, kPointer, "core.v1.ClientIPConfig"},

    {"core.v1.SleepAction", 1, "seconds", Int64, kAlways},

    {"core.v1.StorageOSPersistentVolumeSource", 1, "volumeName", String},
    {"core.v1.StorageOSPersistentVolumeSource", 2, "volumeNamespace", String},
    {"core.v1.StorageOSPersistentVolumeSource", 3, "fsType", String},
    {"core.v1.StorageOSPersistentVolumeSource", 4, "readOnly", Bool},
    {"core.v1.StorageOSPersistentVolumeSource", 5, "secretRef", Message, kPointer, "core.v1.ObjectReference"},

    {"core.v1.StorageOSVolumeSource", 1, "volumeName", String},
    {"core.v1.StorageOSVolumeSource", 2, "volumeNamespace", String},
    {"core.v1.StorageOSVolumeSource", 3, "fsType", String},
    {"core.v1.StorageOSVolumeSource", 4, "readOnly", Bool},
    {"core.v1.StorageOSVolumeSource", 5, "secretRef", Message, kPointer, "core.v1.LocalObjectReference"},

    {"core.v1.Sysctl", 1, "name", String, kAlways},
    {"core.v1.Sysctl", 2, "value", String, kAlways},

    {"core.v1.TCPSocketAction", 1, "port", IntOrString, kAlways},
    {"core.v1.TCPSocketAction", 2, "host", String},

    {"core.v1.Taint", 1, "key", String, kAlways},
    {"core.v1.Taint", 2, "value", String},
    {"core.v1.Taint", 3, "effect", String, kAlways},
    {"core.v1.Taint", 4, "timeAdded", Time, kPointer},

    {"core.v1.Toleration", 1, "key", String},
    {"core.v1.Toleration", 2, "operator", String},
    {"core.v1.Toleration", 3, "value", String},
    {"core.v1.Toleration", 4, "effect", String},
    {"core.v1.Toleration", 5, "tolerationSeconds", Int64, kPointer},

    {"core.v1.TopologySelectorLabelRequirement", 1, "key", String, kAlways},
    {"core.v1.TopologySelectorLabelRequirement", 2, "values", String, kRepeated | kAlways},

    {"core.v1.TopologySelectorTerm", 1, "matchLabelExpressions", Message, kRepeated, "core.v1.TopologySelectorLabelRequirement"},

    {"core.v1.TopologySpreadConstraint", 1, "maxSkew", Int32, kAlways},
    {"core.v1.TopologySpreadConstraint", 2, "topologyKey", String, kAlways},
    {"core.v1.TopologySpreadConstraint", 3, "whenUnsatisfiable", String, kAlways},
    {"core.v1.TopologySpreadConstraint", 4, "labelSelector", Message, kPointer, "meta.v1.LabelSelector"},
    {"core.v1.TopologySpreadConstraint", 5, "minDomains", Int32, kPointer},
    {"core.v1.TopologySpreadConstraint", 6, "nodeAffinityPolicy", String, kPointer},
    {"core.v1.TopologySpreadConstraint", 7, "nodeTaintsPolicy", String, kPointer},
    {"core.v1.TopologySpreadConstraint", 8, "matchLabelKeys", String, kRepeated},

    {"core.v1.TypedLocalObjectReference", 1, "apiGroup", String, kPointer | kAlways},
    {"core.v1.TypedLocalObjectReference", 2, "kind", String, kAlways},
    {"core.v1.TypedLocalObjectReference", 3, "name", String, kAlways},

    {"core.v1.TypedObjectReference", 1, "apiGroup", String, kPointer | kAlways},
    {"core.v1.TypedObjectReference", 2, "kind", String, kAlways},
    {"core.v1.TypedObjectReference", 3, "name", String, kAlways},
    {"core.v1.TypedObjectReference", 4, "namespace", String, kPointer},

    {"core.v1.Volume", 1, "name", String, kAlways},
    {"core.v1.Volume", 2, "", Message, kInline, "core.v1.VolumeSource"},

    {"core.v1.VolumeDevice", 1, "name", String, kAlways},
    {"core.v1.VolumeDevice", 2, "devicePath", String, kAlways},

    {"core.v1.VolumeHealthCondition", 1, "status", String, kAlways},
    {"core.v1.VolumeHealthCondition", 2, "reason", String, kAlways},
    {"core.v1.VolumeHealthCondition", 3, "message", String},

    {"core.v1.VolumeHealthStatus", 1, "healthConditions", Message, kRepeated, "core.v1.VolumeHealthCondition"},
    {"core.v1.VolumeHealthStatus", 2, "lastTransitionTime", Time},

    {"core.v1.VolumeMount", 1, "name", String, kAlways},
    {"core.v1.VolumeMount", 2, "readOnly", Bool},
    {"core.v1.VolumeMount", 7, "recursiveReadOnly", String, kPointer},
    {"core.v1.VolumeMount", 3, "mountPath", String, kAlways},
    {"core.v1.VolumeMount", 4, "subPath", String},
    {"core.v1.VolumeMount", 5, "mountPropagation", String, kPointer},
    {"core.v1.VolumeMount", 6, "subPathExpr", String},
    {"core.v1.VolumeMount", 8, "bindMountOptions", String, kRepeated},

    {"core.v1.VolumeMountStatus", 1, "name", String, kAlways},
    {"core.v1.VolumeMountStatus", 2, "mountPath", String, kAlways},
    {"core.v1.VolumeMountStatus", 3, "readOnly", Bool},
    {"core.v1.VolumeMountStatus", 4, "recursiveReadOnly", String, kPointer},
    {"core.v1.VolumeMountStatus", 5, "volumeStatus", Message, kPointer, "core.v1.VolumeStatus"},

    {"core.v1.VolumeNodeAffinity", 1, "required", Message, kPointer, "core.v1.NodeSelector"},

    {"core.v1.VolumeProjection", 1, "secret", Message, kPointer, "core.v1.SecretProjection"},
    {"core.v1.VolumeProjection", 2, "downwardAPI", Message, kPointer, "core.v1.DownwardAPIProjection"},
    {"core.v1.VolumeProjection", 3, "configMap", Message, kPointer, "core.v1.ConfigMapProjection"},
    {"core.v1.VolumeProjection", 4, "serviceAccountToken", Message, kPointer, "core.v1.ServiceAccountTokenProjection"},
    {"core.v1.VolumeProjection", 5, "clusterTrustBundle", Message, kPointer, "core.v1.ClusterTrustBundleProjection"},
    {"core.v1.VolumeProjection", 6, "podCertificate", Message, kPointer, "core.v1.PodCertificateProjection"},

    {"core.v1.VolumeResourceRequirements", 1, "limits", MapQuantity},
    {"core.v1.VolumeResourceRequirements", 2, "requests", MapQuantity},

    {"core.v1.VolumeSource", 1, "hostPath", Message, kPointer, "core.v1.HostPathVolumeSource"},
    {"core.v1.VolumeSource", 2, "emptyDir", Message, kPointer, "core.v1.EmptyDirVolumeSource"},
    {"core.v1.VolumeSource", 3, "gcePersistentDisk", Message, kPointer, "core.v1.GCEPersistentDiskVolumeSource"},
    {"core.v1.VolumeSource", 4, "awsElasticBlockStore", Message, kPointer, "core.v1.AWSElasticBlockStoreVolumeSource"},
    {"core.v1.VolumeSource", 5, "gitRepo", Message, kPointer, "core.v1.GitRepoVolumeSource"},
    {"core.v1.VolumeSource", 6, "secret", Message, kPointer, "core.v1.SecretVolumeSource"},
    {"core.v1.VolumeSource", 7, "nfs", Message, kPointer, "core.v1.NFSVolumeSource"},
    {"core.v1.VolumeSource", 8, "iscsi", Message, kPointer, "core.v1.ISCSIVolumeSource"},
    {"core.v1.VolumeSource", 9, "glusterfs", Message, kPointer, "core.v1.GlusterfsVolumeSource"},
    {"core.v1.VolumeSource", 10, "persistentVolumeClaim", Message, kPointer, "core.v1.PersistentVolumeClaimVolumeSource"},
    {"core.v1.VolumeSource", 11, "rbd", Message, kPointer, "core.v1.RBDVolumeSource"},
    {"core.v1.VolumeSource", 12, "flexVolume", Message, kPointer, "core.v1.FlexVolumeSource"},
    {"core.v1.VolumeSource", 13, "cinder", Message, kPointer, "core.v1.CinderVolumeSource"},
    {"core.v1.VolumeSource", 14, "cephfs", Message, kPointer, "core.v1.CephFSVolumeSource"},
    {"core.v1.VolumeSource", 15, "flocker", Message, kPointer, "core.v1.FlockerVolumeSource"},
    {"core.v1.VolumeSource", 16, "downwardAPI", Message, kPointer, "core.v1.DownwardAPIVolumeSource"},
    {"core.v1.VolumeSource", 17, "fc", Message, kPointer, "core.v1.FCVolumeSource"},
    {"core.v1.VolumeSource", 18, "azureFile", Message, kPointer, "core.v1.AzureFileVolumeSource"},
    {"core.v1.VolumeSource", 19, "configMap", Message, kPointer, "core.v1.ConfigMapVolumeSource"},
    {"core.v1.VolumeSource", 20, "vsphereVolume", Message, kPointer, "core.v1.VsphereVirtualDiskVolumeSource"},
    {"core.v1.VolumeSource", 21, "quobyte", Message, kPointer, "core.v1.QuobyteVolumeSource"},
    {"core.v1.VolumeSource", 22, "azureDisk", Message, kPointer, "core.v1.AzureDiskVolumeSource"},
    {"core.v1.VolumeSource", 23, "photonPersistentDisk", Message, kPointer, "core.v1.PhotonPersistentDiskVolumeSource"},
    {"core.v1.VolumeSource", 26, "projected", Message, kPointer, "core.v1.ProjectedVolumeSource"},
    {"core.v1.VolumeSource", 24, "portworxVolume", Message, kPointer, "core.v1.PortworxVolumeSource"},
    {"core.v1.VolumeSource", 25, "scaleIO", Message, kPointer, "core.v1.ScaleIOVolumeSource"},
    {"core.v1.VolumeSource", 27, "storageos", Message, kPointer, "core.v1.StorageOSVolumeSource"},
    {"core.v1.VolumeSource", 28, "csi", Message, kPointer, "core.v1.CSIVolumeSource"},
    {"core.v1.VolumeSource", 29, "ephemeral", Message, kPointer, "core.v1.EphemeralVolumeSource"},
    {"core.v1.VolumeSource", 30, "image", Message, kPointer, "core.v1.ImageVolumeSource"},

    {"core.v1.VolumeStatus", 1, "image", Message, kPointer, "core.v1.ImageVolumeStatus"},

    {"core.v1.VsphereVirtualDiskVolumeSource", 1, "volumePath", String, kAlways},
    {"core.v1.VsphereVirtualDiskVolumeSource", 2, "fsType", String},
    {"core.v1.VsphereVirtualDiskVolumeSource", 3, "storagePolicyName", String},
    {"core.v1.VsphereVirtualDiskVolumeSource", 4, "storagePolicyID", String},

    {"core.v1.WeightedPodAffinityTerm", 1, "weight", Int32, kAlways},
    {"core.v1.WeightedPodAffinityTerm", 2, "podAffinityTerm", Message, kAlways, "core.v1.PodAffinityTerm"},

    {"core.v1.WindowsSecurityContextOptions", 1, "gmsaCredentialSpecName", String, kPointer},
    {"core.v1.WindowsSecurityContextOptions", 2, "gmsaCredentialSpec", String, kPointer},
    {"core.v1.WindowsSecurityContextOptions", 3, "runAsUserName", String, kPointer},
    {"core.v1.WindowsSecurityContextOptions", 4, "hostProcess", Bool, kPointer},
    {},  // end
};

}  // namespace coffer::kube::pb
