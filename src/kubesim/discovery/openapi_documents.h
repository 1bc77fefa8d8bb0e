#pragma once
// The OpenAPI documents kubesim serves, built from a ResourceRegistry (pure functions; the HTTP
// layer serializes them and may cache them keyed by ResourceRegistry::generation()):
//   /openapi/v3             openapi_v3_root
//   /openapi/v3/api/v1, /openapi/v3/apis/GROUP/VERSION   openapi_v3_group_version
//   /openapi/v2             openapi_v2
// kubectl uses them to decide that the server validates fields itself (the fieldValidation
// parameter of each kind's PATCH operation), for `kubectl explain`, and to pick patch types.
// Every operation carries x-kubernetes-group-version-kind; every kind has a component schema
// carrying it too (see openapi_schemas.h and openapi_paths.h for the details and why PATCH does
// not offer strategic merge patch). Group/versions whose aggregated backend is down are left out.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "kubesim/registry/resource_registry.h"

namespace coffer::kubesim {

// {"paths":{"api/v1":{"serverRelativeURL":"/openapi/v3/api/v1?hash=<HASH>"},
//  "apis/apps/v1":{...},...}} with one entry per served group/version; HASH is
// openapi_hash(openapi_v3_group_version(...)) of that group/version.
nlohmann::json openapi_v3_root(const ResourceRegistry& registry);

// The OpenAPI 3.0 document of one group/version (group "" and version "v1" for the core group):
// paths of every resource of it and components.schemas. A null json (is_null()) when the
// group/version is not served or its aggregated backend is down (answer 404 / 503).
nlohmann::json openapi_v3_group_version(const ResourceRegistry& registry, std::string_view group,
                                        std::string_view version);

// The Swagger 2.0 document of every served group/version, with "definitions" per kind.
nlohmann::json openapi_v2(const ResourceRegistry& registry);

// The stable hash of a document: upper-case hex SHA-512 of its compact serialization.
std::string openapi_hash(const nlohmann::json& document);

// "api/v1" for the core group, "apis/GROUP/VERSION" otherwise (the keys of openapi_v3_root).
std::string openapi_v3_path(std::string_view group, std::string_view version);

}  // namespace coffer::kubesim
