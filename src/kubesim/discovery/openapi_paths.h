#pragma once
// The OpenAPI v3 path items of one resource, as a Kubernetes API server publishes them:
// the collection (list, create, deletecollection), the item (read, replace, patch, delete), the
// all-namespaces list of a namespaced resource, and the status/scale (and namespaces' finalize)
// subresources, each operation only for the verbs the resource has. Every operation carries
// x-kubernetes-action and x-kubernetes-group-version-kind ({group, kind, version}); every POST,
// PUT and PATCH declares the query parameters dryRun, fieldManager and fieldValidation (PATCH
// also force), which is what kubectl checks to leave field validation to the server.
//
// PATCH request bodies list application/json-patch+json, application/merge-patch+json and
// application/apply-patch+yaml but not application/strategic-merge-patch+json (which the server
// still accepts): with it, kubectl apply would compute strategic merge patches from these
// permissive schemas and fail; without it, kubectl uses the patch metadata compiled into it for
// built-in kinds and JSON merge patches for the others, which is what the real schemas give.
#include <nlohmann/json.hpp>

#include "kubesim/registry/resource_type.h"

namespace coffer::kubesim {

// Adds the path items of `type` to `paths` (an object keyed by "/apis/G/V/..." paths).
void add_openapi_v3_paths(const ResourceType& type, nlohmann::json& paths);

}  // namespace coffer::kubesim
