#include "kubesim/discovery/discovery_documents.h"

#include <algorithm>

#include "kubesim/discovery/storage_version_hash.h"
#include "kubesim/discovery/subresources.h"

namespace coffer::kubesim {
namespace {

using nlohmann::json;

std::string group_version(std::string_view group, std::string_view version) {
  if (group.empty()) return std::string(version);
  std::string out(group);
  out.append("/").append(version);
  return out;
}

// The versions a snapshot serves for a group, most preferred first ("" is the core group, which
// RegistrySnapshot::groups leaves out).
std::vector<std::string> versions_in(const RegistrySnapshot& s, std::string_view group) {
  for (const auto& g : s.groups)
    if (g.group == group) return g.versions;
  std::vector<std::string> out;
  for (const auto& t : s.types)
    if (t.group == group && std::find(out.begin(), out.end(), t.version) == out.end())
      out.push_back(t.version);
  return out;
}

// The hash of the version the resource is stored in: the group's most preferred version that
// serves it. events.k8s.io Events share their storage with core v1 Events.
std::string hash_for(const RegistrySnapshot& s, const ResourceType& t) {
  if (!t.custom && t.group == "events.k8s.io" && t.resource == "events")
    return storage_version_hash("", "v1", "Event");
  for (const auto& v : versions_in(s, t.group)) {
    for (const auto& other : s.types)
      if (other.group == t.group && other.version == v && other.resource == t.resource)
        return storage_version_hash(t.group, v, other.kind);
  }
  return storage_version_hash(t.group, t.version, t.kind);
}

json group_json(const GroupVersions& g) {
  json versions = json::array();
  for (const auto& v : g.versions)
    versions.push_back({{"groupVersion", group_version(g.group, v)}, {"version", v}});
  return {{"name", g.group},
          {"versions", std::move(versions)},
          {"preferredVersion",
           {{"groupVersion", group_version(g.group, g.preferred_version)},
            {"version", g.preferred_version}}}};
}

}  // namespace

json api_versions(std::string_view server_address) {
  return {{"kind", "APIVersions"},
          {"versions", json::array({"v1"})},
          {"serverAddressByClientCIDRs",
           json::array({{{"clientCIDR", "0.0.0.0/0"}, {"serverAddress", server_address}}})}};
}

json api_group_list(const ResourceRegistry& registry) {
  json groups = json::array();
  for (const auto& g : registry.groups()) groups.push_back(group_json(g));
  return {{"kind", "APIGroupList"}, {"apiVersion", "v1"}, {"groups", std::move(groups)}};
}

std::optional<json> api_group(const ResourceRegistry& registry, std::string_view group) {
  if (group.empty()) return std::nullopt;
  for (const auto& g : registry.groups()) {
    if (g.group != group) continue;
    json out = {{"kind", "APIGroup"}, {"apiVersion", "v1"}};
    out.update(group_json(g));
    return out;
  }
  return std::nullopt;
}

std::optional<json> api_resource_list(const ResourceRegistry& registry, std::string_view group,
                                      std::string_view version) {
  RegistrySnapshot s = registry.snapshot();
  auto versions = versions_in(s, group);
  if (std::find(versions.begin(), versions.end(), version) == versions.end()) return std::nullopt;

  std::vector<const ResourceType*> types;
  for (const auto& t : s.types)
    if (t.group == group && t.version == version) types.push_back(&t);
  std::stable_sort(types.begin(), types.end(),
                   [](const ResourceType* a, const ResourceType* b) { return a->resource < b->resource; });

  json resources = json::array();
  for (const ResourceType* t : types) {
    json r = {{"name", t->resource},
              {"singularName", t->singular},
              {"namespaced", t->namespaced},
              {"kind", t->kind},
              {"verbs", t->verbs}};
    if (!t->short_names.empty()) r["shortNames"] = t->short_names;
    if (!t->categories.empty()) r["categories"] = t->categories;
    r["storageVersionHash"] = hash_for(s, *t);
    resources.push_back(std::move(r));
    for (const auto& sub : published_subresources(*t)) {
      json e = {{"name", t->resource + "/" + sub.name},
                {"singularName", ""},
                {"namespaced", t->namespaced}};
      if (sub.group != t->group || sub.version != t->version) {
        e["group"] = sub.group;
        e["version"] = sub.version;
      }
      e["kind"] = sub.kind;
      e["verbs"] = sub.verbs;
      resources.push_back(std::move(e));
    }
  }
  return json{{"kind", "APIResourceList"},
              {"apiVersion", "v1"},
              {"groupVersion", group_version(group, version)},
              {"resources", std::move(resources)}};
}

}  // namespace coffer::kubesim
