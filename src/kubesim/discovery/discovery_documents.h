#pragma once
// The legacy discovery documents (/api, /apis, /apis/GROUP, /api/v1, /apis/GROUP/VERSION) built
// from a ResourceRegistry, as a Kubernetes 1.30 API server serves them. Pure functions: the HTTP
// layer serializes the results and may cache them keyed by ResourceRegistry::generation().
// Aggregated discovery (apidiscovery.k8s.io) is in aggregated_discovery.h, included here.
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "kubesim/discovery/aggregated_discovery.h"
#include "kubesim/registry/resource_registry.h"

namespace coffer::kubesim {

// GET /api: {"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[{"clientCIDR":
// "0.0.0.0/0","serverAddress":server_address}]}; server_address is "host:port".
nlohmann::json api_versions(std::string_view server_address);

// GET /apis: APIGroupList of every group in ResourceRegistry::groups() order (core excluded),
// each with its versions [{groupVersion, version}] most preferred first and preferredVersion.
// Groups whose aggregated backend is down are listed too (as a real aggregator does).
nlohmann::json api_group_list(const ResourceRegistry& registry);

// GET /apis/GROUP: the APIGroup of one group; std::nullopt for an unknown group (or "").
std::optional<nlohmann::json> api_group(const ResourceRegistry& registry, std::string_view group);

// GET /api/v1 (group "") or /apis/GROUP/VERSION: APIResourceList with groupVersion and resources
// [{name, singularName, namespaced, kind, verbs, shortNames?, categories?, storageVersionHash}],
// each followed by its subresources ("deployments/scale" with group autoscaling, version v1,
// kind Scale; "deployments/status"; "namespaces/finalize", "namespaces/status").
// std::nullopt for an unknown group/version. For a group/version whose aggregated backend is
// down (ResourceRegistry::is_unavailable) a real server answers 503: check that first.
std::optional<nlohmann::json> api_resource_list(const ResourceRegistry& registry,
                                                std::string_view group, std::string_view version);

}  // namespace coffer::kubesim
