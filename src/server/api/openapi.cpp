#include "server/api/openapi.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace coffer::server {
namespace {

using nlohmann::json;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}

json schema_ref(const std::string& name, const json& schemas, const std::string& where) {
  if (!schemas.contains(name)) throw std::logic_error(where + " names schema " + name + ", which is not defined");
  return {{"$ref", "#/components/schemas/" + name}};
}

// "{name}" and "{path...}" segments -> OpenAPI path parameters ("{path...}" becomes "{path}").
std::pair<std::string, json> path_and_parameters(const std::string& pattern) {
  std::string out;
  json params = json::array();
  std::size_t i = 0;
  while (i < pattern.size()) {
    if (pattern[i] != '{') {
      out += pattern[i++];
      continue;
    }
    std::size_t close = pattern.find('}', i);
    std::string name = pattern.substr(i + 1, close - i - 1);
    bool rest = name.size() > 3 && name.ends_with("...");
    if (rest) name.resize(name.size() - 3);
    out += "{" + name + "}";
    json p = {{"name", name}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}};
    if (rest) p["description"] = "the rest of the path, slashes included";
    params.push_back(p);
    i = close + 1;
  }
  return {out, params};
}

}  // namespace

json openapi_document(const Router& router, const json& schemas, const std::string& version) {
  json all_schemas = schemas;
  all_schemas["Error"] = {
      {"type", "object"},
      {"required", {"error"}},
      {"properties",
       {{"error",
         {{"type", "object"},
          {"required", {"code", "message"}},
          {"properties",
           {{"code", {{"type", "string"}, {"example", "Invalid"}}},
            {"message", {{"type", "string"}}},
            {"fields",
             {{"type", "array"},
              {"items",
               {{"type", "object"},
                {"properties", {{"field", {{"type", "string"}}}, {"message", {{"type", "string"}}}}}}}}}}}}}}}};
  auto error_response = [](const std::string& description) {
    return json{{"description", description},
                {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
  };
  json paths = json::object();
  for (const auto& r : router.routes()) {
    auto [path, params] = path_and_parameters(r.pattern);
    const std::string where = r.method + " " + r.pattern;
    json op = {{"operationId", lower(r.method) + path}, {"responses", json::object()}};
    if (!r.doc.summary.empty()) op["summary"] = r.doc.summary;
    if (!r.doc.tag.empty()) op["tags"] = {r.doc.tag};
    for (const auto& q : r.doc.query)
      params.push_back({{"name", q}, {"in", "query"}, {"required", false}, {"schema", {{"type", "string"}}}});
    if (!params.empty()) op["parameters"] = params;
    if (!r.doc.request_schema.empty())
      op["requestBody"] = {{"required", true},
                           {"content", {{"application/json", {{"schema", schema_ref(r.doc.request_schema, all_schemas, where)}}}}}};
    json ok = {{"description", "success"}};
    if (!r.doc.response_schema.empty())
      ok["content"] = {{"application/json", {{"schema", schema_ref(r.doc.response_schema, all_schemas, where)}}}};
    op["responses"][std::to_string(r.doc.success_status)] = ok;
    if (!r.doc.request_schema.empty()) {
      op["responses"]["400"] = error_response("the body is not a JSON object");
      op["responses"]["422"] = error_response("invalid fields, every problem listed");
    }
    if (r.access == Access::Public) {
      op["security"] = json::array();
    } else {
      op["responses"]["401"] = error_response("not signed in");
      if (r.access == Access::Write) op["responses"]["403"] = error_response("signed in as a viewer");
    }
    if (r.pattern.find('{') != std::string::npos) op["responses"]["404"] = error_response("no such object");
    paths[path][lower(r.method)] = op;
  }
  return {{"openapi", "3.0.3"},
          {"info", {{"title", "Coffer control plane API"}, {"version", version}}},
          {"servers", {{{"url", "/"}}}},
          {"security", {{{"bearer", json::array()}}}},
          {"paths", paths},
          {"components",
           {{"securitySchemes",
             {{"bearer",
               {{"type", "http"},
                {"scheme", "bearer"},
                {"description", "an API token (coffer_...) or the session token from POST /api/v1/login"}}}}},
            {"schemas", all_schemas}}}};
}

}  // namespace coffer::server
