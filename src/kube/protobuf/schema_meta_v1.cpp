// Protobuf field table (generated.proto field numbers, json tag names) -- see protobuf_schema.h.
// One row per field: {message, field number, json name ("" = inlined), kind, flags, type}.

#include "kube/protobuf/protobuf_schema.h"

namespace coffer::kube::pb {

using enum FieldKind;

const FieldRow kMetaV1Fields[] = {
    {"meta.v1.APIGroup", 1, "name", String, kAlways},
    {"meta.v1.APIGroup", 2, "versions", Message, kRepeated | kAlways, "meta.v1.GroupVersionForDiscovery"},
    {"meta.v1.APIGroup", 3, "preferredVersion", Message, 0, "meta.v1.GroupVersionForDiscovery"},
    {"meta.v1.APIGroup", 4, "serverAddressByClientCIDRs", Message, kRepeated, "meta.v1.ServerAddressByClientCIDR"},

    {"meta.v1.APIGroupList", 1, "groups", Message, kRepeated | kAlways, "meta.v1.APIGroup"},

    {"meta.v1.APIResource", 1, "name", String, kAlways},
    {"meta.v1.APIResource", 6, "singularName", String, kAlways},
    {"meta.v1.APIResource", 2, "namespaced", Bool, kAlways},
    {"meta.v1.APIResource", 8, "group", String},
    {"meta.v1.APIResource", 9, "version", String},
    {"meta.v1.APIResource", 3, "kind", String, kAlways},
    {"meta.v1.APIResource", 4, "verbs", Message, kAlways, "meta.v1.Verbs"},
    {"meta.v1.APIResource", 5, "shortNames", String, kRepeated},
    {"meta.v1.APIResource", 7, "categories", String, kRepeated},
    {"meta.v1.APIResource", 10, "storageVersionHash", String},

    {"meta.v1.APIResourceList", 1, "groupVersion", String, kAlways},
    {"meta.v1.APIResourceList", 2, "resources", Message, kRepeated | kAlways, "meta.v1.APIResource"},

    {"meta.v1.APIVersions", 1, "versions", String, kRepeated | kAlways},
    {"meta.v1.APIVersions", 2, "serverAddressByClientCIDRs", Message, kRepeated | kAlways, "meta.v1.ServerAddressByClientCIDR"},

    {"meta.v1.ApplyOptions", 1, "dryRun", String, kRepeated},
    {"meta.v1.ApplyOptions", 2, "force", Bool, kAlways},
    {"meta.v1.ApplyOptions", 3, "fieldManager", String, kAlways},

    {"meta.v1.Condition", 1, "type", String, kAlways},
    {"meta.v1.Condition", 2, "status", String, kAlways},
    {"meta.v1.Condition", 3, "observedGeneration", Int64},
    {"meta.v1.Condition", 4, "lastTransitionTime", Time, kAlways},
    {"meta.v1.Condition", 5, "reason", String, kAlways},
    {"meta.v1.Condition", 6, "message", String, kAlways},

    {"meta.v1.CreateOptions", 1, "dryRun", String, kRepeated},
    {"meta.v1.CreateOptions", 3, "fieldManager", String},
    {"meta.v1.CreateOptions", 4, "fieldValidation", String},

    {"meta.v1.DeleteOptions", 1, "gracePeriodSeconds", Int64, kPointer},
    {"meta.v1.DeleteOptions", 2, "preconditions", Message, kPointer, "meta.v1.Preconditions"},
    {"meta.v1.DeleteOptions", 3, "orphanDependents", Bool, kPointer},
    {"meta.v1.DeleteOptions", 4, "propagationPolicy", String, kPointer},
    {"meta.v1.DeleteOptions", 5, "dryRun", String, kRepeated},
    {"meta.v1.DeleteOptions", 6, "ignoreStoreReadErrorWithClusterBreakingPotential", Bool, kPointer},

    {"meta.v1.FieldSelectorRequirement", 1, "key", String, kAlways},
    {"meta.v1.FieldSelectorRequirement", 2, "operator", String, kAlways},
    {"meta.v1.FieldSelectorRequirement", 3, "values", String, kRepeated},

    {"meta.v1.GetOptions", 1, "resourceVersion", String},

    {"meta.v1.GroupKind", 1, "group", String},
    {"meta.v1.GroupKind", 2, "kind", String},

    {"meta.v1.GroupResource", 1, "group", String},
    {"meta.v1.GroupResource", 2, "resource", String},

    {"meta.v1.GroupVersion", 1, "group", String},
    {"meta.v1.GroupVersion", 2, "version", String},

    {"meta.v1.GroupVersionForDiscovery", 1, "groupVersion", String, kAlways},
    {"meta.v1.GroupVersionForDiscovery", 2, "version", String, kAlways},

    {"meta.v1.GroupVersionKind", 1, "group", String},
    {"meta.v1.GroupVersionKind", 2, "version", String},
    {"meta.v1.GroupVersionKind", 3, "kind", String},

    {"meta.v1.GroupVersionResource", 1, "group", String},
    {"meta.v1.GroupVersionResource", 2, "version", String},
    {"meta.v1.GroupVersionResource", 3, "resource", String},

    {"meta.v1.LabelSelector", 1, "matchLabels", MapString},
    {"meta.v1.LabelSelector", 2, "matchExpressions", Message, kRepeated, "meta.v1.LabelSelectorRequirement"},

    {"meta.v1.LabelSelectorRequirement", 1, "key", String, kAlways},
    {"meta.v1.LabelSelectorRequirement", 2, "operator", String, kAlways},
    {"meta.v1.LabelSelectorRequirement", 3, "values", String, kRepeated},

    {"meta.v1.List", 1, "metadata", Message, 0, "meta.v1.ListMeta"},
    {"meta.v1.List", 2, "items", RawExtension, kRepeated | kAlways},

    {"meta.v1.ListMeta", 1, "selfLink", String},
    {"meta.v1.ListMeta", 2, "resourceVersion", String},
    {"meta.v1.ListMeta", 3, "continue", String},
    {"meta.v1.ListMeta", 4, "remainingItemCount", Int64, kPointer},
    {"meta.v1.ListMeta", 5, "shardInfo", Message, kPointer, "meta.v1.ShardInfo"},

    {"meta.v1.ListOptions", 1, "labelSelector", String},
    {"meta.v1.ListOptions", 2, "fieldSelector", String},
    {"meta.v1.ListOptions", 3, "watch", Bool},
    {"meta.v1.ListOptions", 9, "allowWatchBookmarks", Bool},
    {"meta.v1.ListOptions", 4, "resourceVersion", String},
    {"meta.v1.ListOptions", 10, "resourceVersionMatch", String},
    {"meta.v1.ListOptions", 5, "timeoutSeconds", Int64, kPointer},
    {"meta.v1.ListOptions", 7, "limit", Int64},
    {"meta.v1.ListOptions", 8, "continue", String},
    {"meta.v1.ListOptions", 11, "sendInitialEvents", Bool, kPointer},
    {"meta.v1.ListOptions", 15, "shardSelector", String},

    {"meta.v1.ManagedFieldsEntry", 1, "manager", String},
    {"meta.v1.ManagedFieldsEntry", 2, "operation", String},
    {"meta.v1.ManagedFieldsEntry", 3, "apiVersion", String},
    {"meta.v1.ManagedFieldsEntry", 4, "time", Time, kPointer},
    {"meta.v1.ManagedFieldsEntry", 6, "fieldsType", String},
    {"meta.v1.ManagedFieldsEntry", 7, "fieldsV1", FieldsV1, kPointer},
    {"meta.v1.ManagedFieldsEntry", 8, "subresource", String},

    {"meta.v1.ObjectMeta", 1, "name", String},
    {"meta.v1.ObjectMeta", 2, "generateName", String},
    {"meta.v1.ObjectMeta", 3, "namespace", String},
    {"meta.v1.ObjectMeta", 4, "selfLink", String},
    {"meta.v1.ObjectMeta", 5, "uid", String},
    {"meta.v1.ObjectMeta", 6, "resourceVersion", String},
    {"meta.v1.ObjectMeta", 7, "generation", Int64},
    {"meta.v1.ObjectMeta", 8, "creationTimestamp", Time},
    {"meta.v1.ObjectMeta", 9, "deletionTimestamp", Time, kPointer},
    {"meta.v1.ObjectMeta", 10, "deletionGracePeriodSeconds", Int64, kPointer},
    {"meta.v1.ObjectMeta", 11, "labels", MapString},
    {"meta.v1.ObjectMeta", 12, "annotations", MapString},
    {"meta.v1.ObjectMeta", 13, "ownerReferences", Message, kRepeated, "meta.v1.OwnerReference"},
    {"meta.v1.ObjectMeta", 14, "finalizers", String, kRepeated},
    {"meta.v1.ObjectMeta", 17, "managedFields", Message, kRepeated, "meta.v1.ManagedFieldsEntry"},

    {"meta.v1.OwnerReference", 5, "apiVersion", String, kAlways},
    {"meta.v1.OwnerReference", 1, "kind", String, kAlways},
    {"meta.v1.OwnerReference", 3, "name", String, kAlways},
    {"meta.v1.OwnerReference", 4, "uid", String, kAlways},
    {"meta.v1.OwnerReference", 6, "controller", Bool, kPointer},
    {"meta.v1.OwnerReference", 7, "blockOwnerDeletion", Bool, kPointer},

    {"meta.v1.PartialObjectMetadata", 1, "metadata", Message, 0, "meta.v1.ObjectMeta"},

    {"meta.v1.PartialObjectMetadataList", 1, "metadata", Message, 0, "meta.v1.ListMeta"},
    {"meta.v1.PartialObjectMetadataList", 2, "items", Message, kRepeated | kAlways, "meta.v1.PartialObjectMetadata"},

    {"meta.v1.PatchOptions", 1, "dryRun", String, kRepeated},
    {"meta.v1.PatchOptions", 2, "force", Bool, kPointer},
    {"meta.v1.PatchOptions", 3, "fieldManager", String},
    {"meta.v1.PatchOptions", 4, "fieldValidation", String},

    {"meta.v1.Preconditions", 1, "uid", String, kPointer},
    {"meta.v1.Preconditions", 2, "resourceVersion", String, kPointer},

    {"meta.v1.RootPaths", 1, "paths", String, kRepeated | kAlways},

    {"meta.v1.ServerAddressByClientCIDR", 1, "clientCIDR", String, kAlways},
    {"meta.v1.ServerAddressByClientCIDR", 2, "serverAddress", String, kAlways},

    {"meta.v1.ShardInfo", 1, "selector", String, kAlways},

    {"meta.v1.Status", 1, "metadata", Message, 0, "meta.v1.ListMeta"},
    {"meta.v1.Status", 2, "status", String},
    {"meta.v1.Status", 3, "message", String},
    {"meta.v1.Status", 4, "reason", String},
    {"meta.v1.Status", 5, "details", Message, kPointer, "meta.v1.StatusDetails"},
    {"meta.v1.Status", 6, "code", Int32},

    {"meta.v1.StatusCause", 1, "reason", String},
    {"meta.v1.StatusCause", 2, "message", String},
    {"meta.v1.StatusCause", 3, "field", String},

    {"meta.v1.StatusDetails", 1, "name", String},
    {"meta.v1.StatusDetails", 2, "group", String},
    {"meta.v1.StatusDetails", 3, "kind", String},
    {"meta.v1.StatusDetails", 6, "uid", String},
    {"meta.v1.StatusDetails", 4, "causes", Message, kRepeated, "meta.v1.StatusCause"},
    {"meta.v1.StatusDetails", 5, "retryAfterSeconds", Int32},

    {"meta.v1.TableOptions", 1, "includeObject", String},

    {"meta.v1.Timestamp", 1, "seconds", Int64},
    {"meta.v1.Timestamp", 2, "nanos", Int32},

    {"meta.v1.TypeMeta", 1, "kind", String},
    {"meta.v1.TypeMeta", 2, "apiVersion", String},

    {"meta.v1.UpdateOptions", 1, "dryRun", String, kRepeated},
    {"meta.v1.UpdateOptions", 2, "fieldManager", String},
    {"meta.v1.UpdateOptions", 3, "fieldValidation", String},

    {"meta.v1.Verbs", 1, "items", String, kRepeated},

    {"meta.v1.WatchEvent", 1, "type", String},
    {"meta.v1.WatchEvent", 2, "object", RawExtension},
    {},  // end
};

}  // namespace coffer::kube::pb
