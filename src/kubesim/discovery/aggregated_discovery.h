#pragma once
// Aggregated discovery (apidiscovery.k8s.io v2 and v2beta1, served by Kubernetes 1.30 and asked
// for first by kubectl 1.32): one APIGroupDiscoveryList document carrying every group, version
// and resource, served at /api (legacy core group only) and /apis (all other groups) when the
// request's Accept header asks for it. Response Content-Type must name the same g/v/as.
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "kubesim/registry/resource_registry.h"

namespace coffer::kubesim {

inline constexpr std::string_view kAggregatedDiscoveryV2 = "apidiscovery.k8s.io/v2";
inline constexpr std::string_view kAggregatedDiscoveryV2Beta1 = "apidiscovery.k8s.io/v2beta1";

// The APIGroupDiscoveryList for /api (legacy_core=true: the core group, whose item has no name)
// or /apis (legacy_core=false: every other group in ResourceRegistry::groups() order). Each
// version lists its resources with responseKind, scope, singularResource, verbs, shortNames,
// categories and subresources (status, scale, namespaces/finalize) and "freshness":"Current"; a
// version whose aggregated backend is down has "freshness":"Stale" and no resources.
// api_version is kAggregatedDiscoveryV2 or kAggregatedDiscoveryV2Beta1 (same shape).
nlohmann::json aggregated_discovery(const ResourceRegistry& registry, bool legacy_core,
                                    std::string_view api_version = kAggregatedDiscoveryV2);

// Picks the aggregated discovery version an Accept header asks for: the first media range
// "application/json;g=apidiscovery.k8s.io;v=v2|v2beta1;as=APIGroupDiscoveryList" (parameters in
// any order, q ignored) gives kAggregatedDiscoveryV2 or ...V2Beta1; std::nullopt when the header
// asks for none, in which case the legacy document is served.
std::optional<std::string_view> negotiate_aggregated_discovery(std::string_view accept);

// "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList" for api_version.
std::string aggregated_discovery_content_type(std::string_view api_version);

}  // namespace coffer::kubesim
