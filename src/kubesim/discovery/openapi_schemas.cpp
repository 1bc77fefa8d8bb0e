#include "kubesim/discovery/openapi_schemas.h"

#include <map>

namespace coffer::kubesim {
namespace {

using nlohmann::json;

const char* kApiVersionDescription =
    "APIVersion defines the versioned schema of this representation of an object. Servers should "
    "convert recognized schemas to the latest internal value, and may reject unrecognized values.";
const char* kKindDescription =
    "Kind is a string value representing the REST resource this object represents. Servers may "
    "infer this from the endpoint the client submits requests to. Cannot be updated. In "
    "CamelCase.";
const char* kMetadataDescription = "Standard object's metadata.";
const char* kListMetadataDescription = "Standard list metadata.";

// The Go package path prefix of each built-in group's types.
const std::map<std::string, std::string, std::less<>>& builtin_packages() {
  static const std::map<std::string, std::string, std::less<>> packages = {
      {"", "io.k8s.api.core"},
      {"apiregistration.k8s.io", "io.k8s.kube-aggregator.pkg.apis.apiregistration"},
      {"apps", "io.k8s.api.apps"},
      {"events.k8s.io", "io.k8s.api.events"},
      {"authentication.k8s.io", "io.k8s.api.authentication"},
      {"authorization.k8s.io", "io.k8s.api.authorization"},
      {"autoscaling", "io.k8s.api.autoscaling"},
      {"batch", "io.k8s.api.batch"},
      {"certificates.k8s.io", "io.k8s.api.certificates"},
      {"networking.k8s.io", "io.k8s.api.networking"},
      {"policy", "io.k8s.api.policy"},
      {"rbac.authorization.k8s.io", "io.k8s.api.rbac"},
      {"storage.k8s.io", "io.k8s.api.storage"},
      {"admissionregistration.k8s.io", "io.k8s.api.admissionregistration"},
      {"apiextensions.k8s.io", "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions"},
      {"scheduling.k8s.io", "io.k8s.api.scheduling"},
      {"coordination.k8s.io", "io.k8s.api.coordination"},
      {"node.k8s.io", "io.k8s.api.node"},
      {"discovery.k8s.io", "io.k8s.api.discovery"},
      {"flowcontrol.apiserver.k8s.io", "io.k8s.api.flowcontrol"},
  };
  return packages;
}

// "example.com" -> "com.example", as Kubernetes names the schemas of custom resources.
std::string reversed_group(std::string_view group) {
  std::string out;
  while (!group.empty()) {
    size_t dot = group.rfind('.');
    std::string_view label = dot == std::string_view::npos ? group : group.substr(dot + 1);
    if (!out.empty()) out += '.';
    out.append(label);
    group = dot == std::string_view::npos ? std::string_view() : group.substr(0, dot);
  }
  return out;
}

json gvk_list(const ResourceType& t, const std::string& kind) {
  return json::array({{{"group", t.group}, {"kind", kind}, {"version", t.version}}});
}

json string_prop(const char* description) {
  return {{"type", "string"}, {"description", description}};
}

json ref_prop(std::string_view schema, const char* description) {
  return {{"allOf", json::array({{{"$ref", openapi_ref(schema)}}})},
          {"default", json::object()},
          {"description", description}};
}

json object_meta_schema() {
  json string_map = {{"type", "object"},
                     {"additionalProperties", {{"type", "string"}, {"default", ""}}}};
  json labels = string_map;
  labels["description"] =
      "Map of string keys and values that can be used to organize and categorize (scope and "
      "select) objects.";
  json annotations = string_map;
  annotations["description"] =
      "Annotations is an unstructured key value map stored with a resource that may be set by "
      "external tools to store and retrieve arbitrary metadata.";
  json owner_reference = {
      {"description", "OwnerReference contains enough information to let you identify an owning "
                      "object."},
      {"type", "object"},
      {"required", json::array({"apiVersion", "kind", "name", "uid"})},
      {"properties",
       {{"apiVersion", string_prop("API version of the referent.")},
        {"kind", string_prop("Kind of the referent.")},
        {"name", string_prop("Name of the referent.")},
        {"uid", string_prop("UID of the referent.")},
        {"controller", {{"type", "boolean"}, {"description", "If true, this reference points to "
                                                             "the managing controller."}}},
        {"blockOwnerDeletion",
         {{"type", "boolean"},
          {"description", "If true, the owner cannot be deleted from the key-value store until "
                          "this reference is removed."}}}}},
      {"x-kubernetes-map-type", "atomic"}};
  return {
      {"description",
       "ObjectMeta is metadata that all persisted resources must have, which includes all objects "
       "users must create."},
      {"type", "object"},
      {"properties",
       {{"annotations", annotations},
        {"creationTimestamp",
         {{"type", "string"},
          {"format", "date-time"},
          {"description", "CreationTimestamp is a timestamp representing the server time when "
                          "this object was created."}}},
        {"deletionGracePeriodSeconds",
         {{"type", "integer"},
          {"format", "int64"},
          {"description", "Number of seconds allowed for this object to gracefully terminate "
                          "before it will be removed from the system."}}},
        {"deletionTimestamp",
         {{"type", "string"},
          {"format", "date-time"},
          {"description", "DeletionTimestamp is RFC 3339 date and time at which this resource "
                          "will be deleted."}}},
        {"finalizers",
         {{"type", "array"},
          {"items", {{"type", "string"}, {"default", ""}}},
          {"x-kubernetes-list-type", "set"},
          {"x-kubernetes-patch-strategy", "merge"},
          {"description", "Must be empty before the object is deleted from the registry."}}},
        {"generateName",
         string_prop("GenerateName is an optional prefix, used by the server, to generate a "
                     "unique name ONLY IF the Name field has not been provided.")},
        {"generation",
         {{"type", "integer"},
          {"format", "int64"},
          {"description", "A sequence number representing a specific generation of the desired "
                          "state."}}},
        {"labels", labels},
        {"managedFields",
         {{"type", "array"},
          {"items", {{"type", "object"}, {"x-kubernetes-preserve-unknown-fields", true}}},
          {"x-kubernetes-list-type", "atomic"},
          {"description", "ManagedFields maps workflow-id and version to the set of fields that "
                          "are managed by that workflow."}}},
        {"name", string_prop("Name must be unique within a namespace.")},
        {"namespace", string_prop("Namespace defines the space within which each name must be "
                                  "unique.")},
        {"ownerReferences",
         {{"type", "array"},
          {"items", owner_reference},
          {"x-kubernetes-list-map-keys", json::array({"uid"})},
          {"x-kubernetes-list-type", "map"},
          {"x-kubernetes-patch-merge-key", "uid"},
          {"x-kubernetes-patch-strategy", "merge"},
          {"description", "List of objects depended by this object."}}},
        {"resourceVersion",
         string_prop("An opaque value that represents the internal version of this object.")},
        {"selfLink", string_prop("Deprecated: selfLink is a legacy read-only field that is no "
                                 "longer populated by the system.")},
        {"uid", string_prop("UID is the unique in time and space value for this object.")}}}};
}

json list_meta_schema() {
  return {{"description", "ListMeta describes metadata that synthetic resources must have, "
                          "including lists and various status objects."},
          {"type", "object"},
          {"properties",
           {{"continue", string_prop("continue may be set if the user set a limit on the number "
                                     "of items returned.")},
            {"remainingItemCount",
             {{"type", "integer"},
              {"format", "int64"},
              {"description", "The number of subsequent items in the list which are not "
                              "included in this list response."}}},
            {"resourceVersion", string_prop("String that identifies the server's internal "
                                            "version of this object.")},
            {"selfLink", string_prop("Deprecated: selfLink is a legacy read-only field that is "
                                     "no longer populated by the system.")}}}};
}

json status_schema() {
  return {{"description", "Status is a return value for calls that don't return other objects."},
          {"type", "object"},
          {"properties",
           {{"apiVersion", string_prop(kApiVersionDescription)},
            {"kind", string_prop(kKindDescription)},
            {"metadata", ref_prop(kListMetaSchema, kListMetadataDescription)},
            {"code",
             {{"type", "integer"},
              {"format", "int32"},
              {"description", "Suggested HTTP return code for this status, 0 if not set."}}},
            {"details",
             {{"type", "object"},
              {"x-kubernetes-preserve-unknown-fields", true},
              {"description", "Extended data associated with the reason."}}},
            {"message", string_prop("A human-readable description of the status of this "
                                    "operation.")},
            {"reason", string_prop("A machine-readable description of why this operation is in "
                                   "the \"Failure\" status.")},
            {"status", string_prop("Status of the operation. One of: \"Success\" or "
                                   "\"Failure\".")}}},
          {"x-kubernetes-group-version-kind",
           json::array({{{"group", ""}, {"kind", "Status"}, {"version", "v1"}}})}};
}

json delete_options_schema() {
  return {
      {"description", "DeleteOptions may be provided when deleting an API object."},
      {"type", "object"},
      {"properties",
       {{"apiVersion", string_prop(kApiVersionDescription)},
        {"kind", string_prop(kKindDescription)},
        {"dryRun",
         {{"type", "array"},
          {"items", {{"type", "string"}, {"default", ""}}},
          {"x-kubernetes-list-type", "atomic"},
          {"description", "When present, indicates that modifications should not be persisted."}}},
        {"gracePeriodSeconds",
         {{"type", "integer"},
          {"format", "int64"},
          {"description", "The duration in seconds before the object should be deleted."}}},
        {"orphanDependents",
         {{"type", "boolean"},
          {"description", "Deprecated: please use the PropagationPolicy."}}},
        {"preconditions",
         {{"type", "object"},
          {"description", "Must be fulfilled before a deletion is carried out."},
          {"properties",
           {{"resourceVersion", string_prop("Specifies the target ResourceVersion")},
            {"uid", string_prop("Specifies the target UID.")}}}}},
        {"propagationPolicy",
         string_prop("Whether and how garbage collection will be performed: 'Orphan', "
                     "'Background' or 'Foreground'.")}}}};
}

json scale_schema() {
  return {{"description", "Scale represents a scaling request for a resource."},
          {"type", "object"},
          {"properties",
           {{"apiVersion", string_prop(kApiVersionDescription)},
            {"kind", string_prop(kKindDescription)},
            {"metadata", ref_prop(kObjectMetaSchema, kMetadataDescription)},
            {"spec",
             {{"description", "ScaleSpec describes the attributes of a scale subresource."},
              {"type", "object"},
              {"properties",
               {{"replicas",
                 {{"type", "integer"},
                  {"format", "int32"},
                  {"description", "replicas is the desired number of instances for the scaled "
                                  "object."}}}}}}},
            {"status",
             {{"description", "ScaleStatus represents the current status of a scale "
                              "subresource."},
              {"type", "object"},
              {"required", json::array({"replicas"})},
              {"properties",
               {{"replicas",
                 {{"type", "integer"},
                  {"format", "int32"},
                  {"default", 0},
                  {"description", "replicas is the actual number of observed instances of the "
                                  "scaled object."}}},
                {"selector", string_prop("selector is the label query over pods that should "
                                         "match the replicas count, in string form.")}}}}}}},
          {"x-kubernetes-group-version-kind",
           json::array({{{"group", "autoscaling"}, {"kind", "Scale"}, {"version", "v1"}}})}};
}

}  // namespace

std::string openapi_ref(std::string_view schema_name) {
  std::string out = "#/components/schemas/";
  out.append(schema_name);
  return out;
}

std::string openapi_schema_name(std::string_view group, std::string_view version,
                                std::string_view kind, bool custom) {
  std::string prefix;
  auto it = builtin_packages().find(group);
  if (!custom && it != builtin_packages().end()) {
    prefix = it->second;
  } else {
    prefix = reversed_group(group);
  }
  prefix.append(".").append(version).append(".").append(kind);
  return prefix;
}

std::string openapi_kind_schema_name(const ResourceType& t) {
  return openapi_schema_name(t.group, t.version, t.kind, t.custom);
}

std::string openapi_list_schema_name(const ResourceType& t) {
  std::string list_kind = t.list_kind.empty() ? t.kind + "List" : t.list_kind;
  return openapi_schema_name(t.group, t.version, list_kind, t.custom);
}

json openapi_kind_schema(const ResourceType& t) {
  json schema;
  if (t.custom && t.crd_schema.is_object()) {
    schema = t.crd_schema;
    if (!schema.contains("type")) schema["type"] = "object";
    json& props = schema["properties"];
    if (!props.is_object()) props = json::object();
    if (!props.contains("apiVersion")) props["apiVersion"] = string_prop(kApiVersionDescription);
    if (!props.contains("kind")) props["kind"] = string_prop(kKindDescription);
    props["metadata"] = ref_prop(kObjectMetaSchema, kMetadataDescription);
  } else {
    std::string description =
        t.kind + " (" + t.api_version() +
        "). kubesim publishes a permissive schema for this kind: fields other than apiVersion, "
        "kind and metadata are accepted as sent and validated by the server.";
    schema = {{"description", description},
              {"type", "object"},
              {"properties",
               {{"apiVersion", string_prop(kApiVersionDescription)},
                {"kind", string_prop(kKindDescription)},
                {"metadata", ref_prop(kObjectMetaSchema, kMetadataDescription)}}},
              {"x-kubernetes-preserve-unknown-fields", true}};
  }
  schema["x-kubernetes-group-version-kind"] = gvk_list(t, t.kind);
  return schema;
}

json openapi_list_schema(const ResourceType& t) {
  std::string list_kind = t.list_kind.empty() ? t.kind + "List" : t.list_kind;
  return {{"description", list_kind + " is a list of " + t.kind + "."},
          {"type", "object"},
          {"required", json::array({"items"})},
          {"properties",
           {{"apiVersion", string_prop(kApiVersionDescription)},
            {"kind", string_prop(kKindDescription)},
            {"metadata", ref_prop(kListMetaSchema, kListMetadataDescription)},
            {"items",
             {{"type", "array"},
              {"description", "List of " + t.resource + "."},
              {"items", {{"allOf", json::array({{{"$ref", openapi_ref(openapi_kind_schema_name(t))}}})},
                         {"default", json::object()}}}}}}},
          {"x-kubernetes-group-version-kind", gvk_list(t, list_kind)}};
}

void add_common_schemas(json& schemas, bool with_scale) {
  schemas[std::string(kObjectMetaSchema)] = object_meta_schema();
  schemas[std::string(kListMetaSchema)] = list_meta_schema();
  schemas[std::string(kStatusSchema)] = status_schema();
  schemas[std::string(kDeleteOptionsSchema)] = delete_options_schema();
  schemas[std::string(kPatchSchema)] = {
      {"description", "Patch is provided to give a concrete name and type to the Kubernetes "
                      "PATCH request body."},
      {"type", "object"}};
  if (with_scale) schemas[std::string(kScaleSchema)] = scale_schema();
}

}  // namespace coffer::kubesim
