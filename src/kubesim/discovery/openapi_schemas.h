#pragma once
// The component schemas of kubesim's OpenAPI documents, in OpenAPI v3 form (references are
// "#/components/schemas/NAME"; openapi_swagger.h converts them to Swagger 2.0):
// - one schema per kind, named as Kubernetes names them ("io.k8s.api.apps.v1.Deployment",
//   "io.k8s.api.core.v1.Pod"; custom resources by reversed group, "com.example.v1.Widget"),
//   carrying x-kubernetes-group-version-kind. Built-in kinds get a permissive object schema
//   (apiVersion, kind, metadata, and x-kubernetes-preserve-unknown-fields for the rest: the
//   server validates the fields); custom kinds get their CRD's openAPIV3Schema with apiVersion,
//   kind and metadata added as a real server does.
// - one per list kind ("...DeploymentList") and the apimachinery types they refer to.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "kubesim/registry/resource_type.h"

namespace coffer::kubesim {

inline constexpr std::string_view kObjectMetaSchema = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
inline constexpr std::string_view kListMetaSchema = "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta";
inline constexpr std::string_view kStatusSchema = "io.k8s.apimachinery.pkg.apis.meta.v1.Status";
inline constexpr std::string_view kDeleteOptionsSchema =
    "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions";
inline constexpr std::string_view kPatchSchema = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";
inline constexpr std::string_view kScaleSchema = "io.k8s.api.autoscaling.v1.Scale";

// "#/components/schemas/" + name.
std::string openapi_ref(std::string_view schema_name);

// The schema name of a kind of `group`/`version` (custom selects the reversed-group naming of
// custom resources).
std::string openapi_schema_name(std::string_view group, std::string_view version,
                                std::string_view kind, bool custom);
std::string openapi_kind_schema_name(const ResourceType& type);
std::string openapi_list_schema_name(const ResourceType& type);

nlohmann::json openapi_kind_schema(const ResourceType& type);
nlohmann::json openapi_list_schema(const ResourceType& type);

// Adds ObjectMeta, ListMeta, Status, DeleteOptions and Patch to `schemas` (an object), and the
// autoscaling/v1 Scale schema when with_scale.
void add_common_schemas(nlohmann::json& schemas, bool with_scale);

}  // namespace coffer::kubesim
