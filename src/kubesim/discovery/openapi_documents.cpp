#include "kubesim/discovery/openapi_documents.h"

#include <openssl/sha.h>

#include <algorithm>
#include <utility>

#include "kubesim/discovery/openapi_paths.h"
#include "kubesim/discovery/openapi_schemas.h"
#include "kubesim/discovery/openapi_swagger.h"

namespace coffer::kubesim {
namespace {

using nlohmann::json;

constexpr const char* kKubernetesVersion = "v1.30.0";

json bearer_token_scheme() {
  return {{"type", "apiKey"},
          {"description", "Bearer Token authentication"},
          {"name", "authorization"},
          {"in", "header"}};
}

// The group/versions whose documents are served: core v1, then every group's versions in
// discovery order, leaving out versions whose aggregated backend is down.
std::vector<std::pair<std::string, std::string>> served_group_versions(const RegistrySnapshot& s) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& t : s.types) {
    if (t.group.empty() &&
        std::find(out.begin(), out.end(), std::make_pair(std::string(), t.version)) == out.end())
      out.emplace_back("", t.version);
  }
  for (const auto& g : s.groups) {
    for (const auto& v : g.versions) {
      if (std::find(g.unavailable_versions.begin(), g.unavailable_versions.end(), v) ==
          g.unavailable_versions.end())
        out.emplace_back(g.group, v);
    }
  }
  return out;
}

bool is_served(const RegistrySnapshot& s, std::string_view group, std::string_view version) {
  for (const auto& [g, v] : served_group_versions(s))
    if (g == group && v == version) return true;
  return false;
}

std::vector<const ResourceType*> types_of(const RegistrySnapshot& s, std::string_view group,
                                          std::string_view version) {
  std::vector<const ResourceType*> out;
  for (const auto& t : s.types)
    if (t.group == group && t.version == version) out.push_back(&t);
  std::stable_sort(out.begin(), out.end(), [](const ResourceType* a, const ResourceType* b) {
    return a->resource < b->resource;
  });
  return out;
}

// Paths and component schemas (v3 form) of one group/version.
void collect(const RegistrySnapshot& s, std::string_view group, std::string_view version,
             json& paths, json& schemas) {
  auto types = types_of(s, group, version);
  bool with_scale = std::any_of(types.begin(), types.end(),
                                [](const ResourceType* t) { return t->has_scale; });
  add_common_schemas(schemas, with_scale);
  for (const ResourceType* t : types) {
    add_openapi_v3_paths(*t, paths);
    schemas[openapi_kind_schema_name(*t)] = openapi_kind_schema(*t);
    schemas[openapi_list_schema_name(*t)] = openapi_list_schema(*t);
  }
}

json build_v3(const RegistrySnapshot& s, std::string_view group, std::string_view version) {
  if (!is_served(s, group, version)) return nullptr;
  json paths = json::object(), schemas = json::object();
  collect(s, group, version, paths, schemas);
  return {{"openapi", "3.0.0"},
          {"info", {{"title", "Kubernetes"}, {"version", kKubernetesVersion}}},
          {"paths", std::move(paths)},
          {"components",
           {{"schemas", std::move(schemas)},
            {"securitySchemes", {{"BearerToken", bearer_token_scheme()}}}}},
          {"security", json::array({{{"BearerToken", json::array()}}})}};
}

}  // namespace

std::string openapi_v3_path(std::string_view group, std::string_view version) {
  std::string out = group.empty() ? "api/" : "apis/";
  if (!group.empty()) out.append(group).append("/");
  out.append(version);
  return out;
}

std::string openapi_hash(const json& document) {
  std::string text = document.dump();
  unsigned char digest[SHA512_DIGEST_LENGTH];
  SHA512(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  out.reserve(2 * SHA512_DIGEST_LENGTH);
  for (unsigned char b : digest) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

json openapi_v3_root(const ResourceRegistry& registry) {
  RegistrySnapshot s = registry.snapshot();
  json paths = json::object();
  for (const auto& [group, version] : served_group_versions(s)) {
    std::string path = openapi_v3_path(group, version);
    paths[path] = {{"serverRelativeURL",
                    "/openapi/v3/" + path + "?hash=" + openapi_hash(build_v3(s, group, version))}};
  }
  return {{"paths", std::move(paths)}};
}

json openapi_v3_group_version(const ResourceRegistry& registry, std::string_view group,
                              std::string_view version) {
  return build_v3(registry.snapshot(), group, version);
}

json openapi_v2(const ResourceRegistry& registry) {
  RegistrySnapshot s = registry.snapshot();
  json paths = json::object(), schemas = json::object();
  for (const auto& [group, version] : served_group_versions(s))
    collect(s, group, version, paths, schemas);
  json swagger_paths = json::object();
  for (auto& [path, item] : paths.items()) swagger_paths[path] = to_swagger_path_item(item);
  json definitions = json::object();
  for (auto& [name, schema] : schemas.items()) definitions[name] = to_swagger_schema(schema);
  return {{"swagger", "2.0"},
          {"info", {{"title", "Kubernetes"}, {"version", kKubernetesVersion}}},
          {"paths", std::move(swagger_paths)},
          {"definitions", std::move(definitions)},
          {"securityDefinitions", {{"BearerToken", bearer_token_scheme()}}},
          {"security", json::array({{{"BearerToken", json::array()}}})}};
}

}  // namespace coffer::kubesim
