#include "kubesim/discovery/aggregated_discovery.h"

#include <algorithm>
#include <cctype>

#include "kubesim/discovery/subresources.h"

namespace coffer::kubesim {
namespace {

using nlohmann::json;

json resource_json(const ResourceType& t) {
  json r = {{"resource", t.resource},
            {"responseKind", {{"group", t.group}, {"version", t.version}, {"kind", t.kind}}},
            {"scope", t.namespaced ? "Namespaced" : "Cluster"},
            {"singularResource", t.singular},
            {"verbs", t.verbs}};
  if (!t.short_names.empty()) r["shortNames"] = t.short_names;
  if (!t.categories.empty()) r["categories"] = t.categories;
  json subs = json::array();
  for (const auto& sub : published_subresources(t)) {
    subs.push_back(
        {{"subresource", sub.name},
         {"responseKind", {{"group", sub.group}, {"version", sub.version}, {"kind", sub.kind}}},
         {"verbs", sub.verbs}});
  }
  if (!subs.empty()) r["subresources"] = std::move(subs);
  return r;
}

json version_json(const RegistrySnapshot& s, const std::string& group, const std::string& version,
                  bool stale) {
  json v = {{"version", version}};
  if (stale) {
    v["freshness"] = "Stale";
    return v;
  }
  std::vector<const ResourceType*> types;
  for (const auto& t : s.types)
    if (t.group == group && t.version == version) types.push_back(&t);
  std::stable_sort(types.begin(), types.end(), [](const ResourceType* a, const ResourceType* b) {
    return a->resource < b->resource;
  });
  json resources = json::array();
  for (const ResourceType* t : types) resources.push_back(resource_json(*t));
  v["resources"] = std::move(resources);
  v["freshness"] = "Current";
  return v;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Matches one media range of an Accept header against the aggregated discovery types.
std::optional<std::string_view> match_media_range(std::string_view range) {
  size_t semi = range.find(';');
  if (!iequals(trim(range.substr(0, semi)), "application/json")) return std::nullopt;
  std::string_view g, v, as;
  while (semi != std::string_view::npos) {
    range.remove_prefix(semi + 1);
    semi = range.find(';');
    std::string_view param = trim(range.substr(0, semi));
    size_t eq = param.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view key = trim(param.substr(0, eq));
    std::string_view value = trim(param.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
      value = value.substr(1, value.size() - 2);
    if (key == "g") g = value;
    if (key == "v") v = value;
    if (key == "as") as = value;
  }
  if (g != "apidiscovery.k8s.io" || as != "APIGroupDiscoveryList") return std::nullopt;
  if (v == "v2") return kAggregatedDiscoveryV2;
  if (v == "v2beta1") return kAggregatedDiscoveryV2Beta1;
  return std::nullopt;
}

}  // namespace

json aggregated_discovery(const ResourceRegistry& registry, bool legacy_core,
                          std::string_view api_version) {
  RegistrySnapshot s = registry.snapshot();
  json items = json::array();
  if (legacy_core) {
    json versions = json::array();
    versions.push_back(version_json(s, "", "v1", false));
    items.push_back({{"metadata", {{"creationTimestamp", nullptr}}}, {"versions", versions}});
  } else {
    for (const auto& g : s.groups) {
      json versions = json::array();
      for (const auto& v : g.versions) {
        bool stale = std::find(g.unavailable_versions.begin(), g.unavailable_versions.end(),
                               v) != g.unavailable_versions.end();
        versions.push_back(version_json(s, g.group, v, stale));
      }
      items.push_back({{"metadata", {{"name", g.group}, {"creationTimestamp", nullptr}}},
                       {"versions", std::move(versions)}});
    }
  }
  return {{"kind", "APIGroupDiscoveryList"},
          {"apiVersion", api_version},
          {"metadata", json::object()},
          {"items", std::move(items)}};
}

std::optional<std::string_view> negotiate_aggregated_discovery(std::string_view accept) {
  while (!accept.empty()) {
    size_t comma = accept.find(',');
    if (auto v = match_media_range(accept.substr(0, comma))) return v;
    if (comma == std::string_view::npos) break;
    accept.remove_prefix(comma + 1);
  }
  return std::nullopt;
}

std::string aggregated_discovery_content_type(std::string_view api_version) {
  std::string_view version = api_version.substr(api_version.find('/') + 1);
  std::string out = "application/json;g=apidiscovery.k8s.io;v=";
  out.append(version).append(";as=APIGroupDiscoveryList");
  return out;
}

}  // namespace coffer::kubesim
