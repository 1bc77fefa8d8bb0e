#include "kubesim/discovery/openapi_swagger.h"

#include <algorithm>
#include <set>
#include <string>

namespace coffer::kubesim {
namespace {

using nlohmann::json;

constexpr std::string_view kV3Prefix = "#/components/schemas/";

// The keywords of a Swagger 2.0 Schema Object (vendor extensions "x-..." are kept too).
const std::set<std::string, std::less<>>& swagger_schema_keywords() {
  static const std::set<std::string, std::less<>> keywords = {
      "$ref",      "format",        "title",     "description",      "default",
      "multipleOf", "maximum",      "exclusiveMaximum", "minimum",   "exclusiveMinimum",
      "maxLength", "minLength",     "pattern",   "maxItems",         "minItems",
      "uniqueItems", "maxProperties", "minProperties", "required",    "enum",
      "type",      "items",         "allOf",     "properties",       "additionalProperties",
      "discriminator", "readOnly",  "xml",       "externalDocs",     "example"};
  return keywords;
}

std::string swagger_ref(const std::string& ref) {
  if (ref.starts_with(kV3Prefix)) return "#/definitions/" + ref.substr(kV3Prefix.size());
  return ref;
}

const char* kMethods[] = {"get", "put", "post", "delete", "options", "head", "patch"};

json swagger_parameter(const json& p) {
  if (p.contains("$ref")) return {{"$ref", p["$ref"]}};
  json out = {{"name", p.value("name", "")}, {"in", p.value("in", "")}};
  if (p.contains("description")) out["description"] = p["description"];
  if (p.value("required", false)) out["required"] = true;
  if (p.contains("schema")) {
    for (auto& [key, value] : p["schema"].items()) {
      if (key == "type" || key == "uniqueItems" || key == "format" || key == "enum" ||
          key == "default")
        out[key] = value;
    }
  }
  if (!out.contains("type")) out["type"] = "string";
  return out;
}

json swagger_operation(const json& op) {
  json out = json::object();
  json consumes = json::array(), produces = json::array();
  json params = json::array();
  for (auto& [key, value] : op.items()) {
    if (key == "parameters") {
      for (const auto& p : value) params.push_back(swagger_parameter(p));
    } else if (key == "requestBody") {
      json schema = json::object();
      const json content_map = value.value("content", json::object());
      for (auto& [media, content] : content_map.items()) {
        consumes.push_back(media);
        if (schema.empty() && content.contains("schema")) schema = to_swagger_schema(content["schema"]);
      }
      params.push_back({{"name", "body"}, {"in", "body"}, {"required", true}, {"schema", schema}});
    } else if (key == "responses") {
      json responses = json::object();
      for (auto& [code, response] : value.items()) {
        json r = {{"description", response.value("description", "")}};
        if (response.contains("content")) {
          for (auto& [media, content] : response["content"].items()) {
            if (std::find(produces.begin(), produces.end(), media) == produces.end())
              produces.push_back(media);
            if (!r.contains("schema") && content.contains("schema"))
              r["schema"] = to_swagger_schema(content["schema"]);
          }
        }
        responses[code] = std::move(r);
      }
      out["responses"] = std::move(responses);
    } else {
      out[key] = value;
    }
  }
  if (!consumes.empty()) out["consumes"] = std::move(consumes);
  if (!produces.empty()) out["produces"] = std::move(produces);
  out["schemes"] = json::array({"https"});
  if (!params.empty()) out["parameters"] = std::move(params);
  return out;
}

}  // namespace

json to_swagger_schema(const json& s) {
  if (!s.is_object()) return s;
  // A single-element allOf holding a reference (how v3 attaches a description to a reference)
  // becomes a plain reference, as in Kubernetes' own Swagger documents.
  if (s.contains("allOf") && s["allOf"].is_array() && s["allOf"].size() == 1 &&
      s["allOf"][0].is_object() && s["allOf"][0].contains("$ref") && !s.contains("properties") &&
      !s.contains("type")) {
    json out = {{"$ref", swagger_ref(s["allOf"][0]["$ref"].get<std::string>())}};
    if (s.contains("description")) out["description"] = s["description"];
    return out;
  }
  json out = json::object();
  for (auto& [key, value] : s.items()) {
    if (key.starts_with("x-")) {
      out[key] = value;
      continue;
    }
    if (!swagger_schema_keywords().contains(key)) continue;
    if (key == "$ref" && value.is_string()) {
      out[key] = swagger_ref(value.get<std::string>());
    } else if (key == "properties" && value.is_object()) {
      json props = json::object();
      for (auto& [name, sub] : value.items()) props[name] = to_swagger_schema(sub);
      out[key] = std::move(props);
    } else if ((key == "items" || key == "additionalProperties") && value.is_object()) {
      out[key] = to_swagger_schema(value);
    } else if (key == "allOf" && value.is_array()) {
      json all = json::array();
      for (const auto& sub : value) all.push_back(to_swagger_schema(sub));
      out[key] = std::move(all);
    } else if (key == "type" && value.is_array()) {
      // Swagger 2.0 has one type per schema; keep the first non-null one.
      for (const auto& t : value)
        if (t != "null") {
          out[key] = t;
          break;
        }
    } else {
      out[key] = value;
    }
  }
  return out;
}

json to_swagger_path_item(const json& item) {
  json out = json::object();
  for (auto& [key, value] : item.items()) {
    if (key == "parameters") {
      json params = json::array();
      for (const auto& p : value) params.push_back(swagger_parameter(p));
      out[key] = std::move(params);
      continue;
    }
    bool is_method = false;
    for (const char* m : kMethods) is_method = is_method || key == m;
    if (is_method) out[key] = swagger_operation(value);
    else if (key.starts_with("x-")) out[key] = value;
  }
  return out;
}

}  // namespace coffer::kubesim
