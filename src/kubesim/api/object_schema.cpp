#include "kubesim/api/object_schema.h"

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "kubesim/api/api_error.h"

namespace coffer::kubesim {
namespace {
using json = nlohmann::json;

const std::set<std::string>& object_meta_fields() {
  static const std::set<std::string> f = {"name", "generateName", "namespace", "selfLink", "uid", "resourceVersion",
                                          "generation", "creationTimestamp", "deletionTimestamp",
                                          "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences",
                                          "finalizers", "managedFields"};
  return f;
}

// Top-level fields of built-in kinds that are not apiVersion/kind/metadata/spec/status.
const std::set<std::string>* top_level_fields(const ResourceType& rt) {
  static const std::map<std::string, std::set<std::string>> table = {
      {"configmaps", {"data", "binaryData", "immutable"}},
      {"secrets", {"data", "stringData", "type", "immutable"}},
      {"serviceaccounts", {"secrets", "imagePullSecrets", "automountServiceAccountToken"}},
      {"roles.rbac.authorization.k8s.io", {"rules"}},
      {"clusterroles.rbac.authorization.k8s.io", {"rules", "aggregationRule"}},
      {"rolebindings.rbac.authorization.k8s.io", {"subjects", "roleRef"}},
      {"clusterrolebindings.rbac.authorization.k8s.io", {"subjects", "roleRef"}},
      {"events", {"involvedObject", "reason", "message", "source", "firstTimestamp", "lastTimestamp", "count", "type",
                  "eventTime", "series", "action", "related", "reportingComponent", "reportingInstance"}},
      {"events.events.k8s.io", {"eventTime", "series", "reportingController", "reportingInstance", "action", "reason",
                                "regarding", "related", "note", "type", "deprecatedSource", "deprecatedFirstTimestamp",
                                "deprecatedLastTimestamp", "deprecatedCount"}},
      {"storageclasses.storage.k8s.io", {"provisioner", "parameters", "reclaimPolicy", "mountOptions",
                                         "allowVolumeExpansion", "volumeBindingMode", "allowedTopologies"}},
      {"priorityclasses.scheduling.k8s.io", {"value", "globalDefault", "description", "preemptionPolicy"}},
      {"endpoints", {"subsets"}},
      {"endpointslices.discovery.k8s.io", {"addressType", "endpoints", "ports"}},
      {"validatingwebhookconfigurations.admissionregistration.k8s.io", {"webhooks"}},
      {"mutatingwebhookconfigurations.admissionregistration.k8s.io", {"webhooks"}},
      {"runtimeclasses.node.k8s.io", {"handler", "overhead", "scheduling"}},
      {"volumesnapshotclasses.snapshot.storage.k8s.io", {"driver", "parameters", "deletionPolicy"}},
      {"controllerrevisions.apps", {"data", "revision"}},
      {"podtemplates", {"template"}},
      {"bindings", {"target"}},
      {"csistoragecapacities.storage.k8s.io", {"nodeTopology", "storageClassName", "capacity", "maximumVolumeSize"}},
      {"componentstatuses", {"conditions"}},
  };
  static const std::set<std::string> empty;
  auto it = table.find(rt.group_resource());
  return it == table.end() ? &empty : &it->second;
}

// Walks obj against a structural schema; calls on_unknown(path) for undeclared fields and
// erases them when prune is set.
void walk_schema(json& value, const json& schema, const std::string& path, bool prune,
                 std::vector<std::string>& unknown) {
  if (!schema.is_object()) return;
  if (schema.value("x-kubernetes-preserve-unknown-fields", false) && !schema.contains("properties")) return;
  if (value.is_object()) {
    if (schema.contains("properties") && schema["properties"].is_object()) {
      const json& props = schema["properties"];
      bool preserve = schema.value("x-kubernetes-preserve-unknown-fields", false);
      std::vector<std::string> drop;
      for (auto& [k, v] : value.items()) {
        if (props.contains(k)) {
          walk_schema(v, props[k], path + "." + k, prune, unknown);
        } else if (!preserve) {
          unknown.push_back(path + "." + k);
          drop.push_back(k);
        }
      }
      if (prune)
        for (const auto& k : drop) value.erase(k);
    } else if (schema.contains("additionalProperties")) {
      const json& ap = schema["additionalProperties"];
      if (ap.is_object())
        for (auto& [k, v] : value.items()) walk_schema(v, ap, path + "." + k, prune, unknown);
    } else if (schema.value("type", "") == "object" && !schema.value("x-kubernetes-embedded-resource", false)) {
      // An object without properties and without preserve-unknown-fields keeps nothing.
      std::vector<std::string> drop;
      for (auto& [k, v] : value.items()) {
        unknown.push_back(path + "." + k);
        drop.push_back(k);
      }
      if (prune)
        for (const auto& k : drop) value.erase(k);
    }
  } else if (value.is_array() && schema.contains("items")) {
    for (size_t i = 0; i < value.size(); ++i)
      walk_schema(value[i], schema["items"], path + "[" + std::to_string(i) + "]", prune, unknown);
  }
}

std::vector<std::string> custom_unknown_fields(const ResourceType& rt, json& obj, bool prune) {
  std::vector<std::string> unknown;
  if (!rt.crd_schema.is_object()) return unknown;
  json schema = rt.crd_schema;
  if (!schema.contains("properties")) schema["properties"] = json::object();
  // apiVersion, kind and metadata are always allowed at the root.
  for (const char* k : {"apiVersion", "kind", "metadata"}) schema["properties"][k] = json{{"x-kubernetes-preserve-unknown-fields", true}};
  walk_schema(obj, schema, "", prune, unknown);
  return unknown;
}
}  // namespace

namespace {
void drop_nulls(json& v) {
  if (v.is_object()) {
    for (auto it = v.begin(); it != v.end();) {
      if (it->is_null()) {
        it = v.erase(it);
      } else {
        drop_nulls(*it);
        ++it;
      }
    }
  } else if (v.is_array()) {
    for (auto& item : v) drop_nulls(item);
  }
}

const char* json_type_name(const json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "boolean";
  if (v.is_number_integer() || v.is_number_unsigned()) return "integer";
  if (v.is_number()) return "number";
  if (v.is_string()) return "string";
  if (v.is_array()) return "array";
  return "object";
}

bool type_matches(const std::string& type, const json& v) {
  if (type == "integer") return v.is_number_integer() || v.is_number_unsigned() ||
                                (v.is_number_float() && v.get<double>() == double(int64_t(v.get<double>())));
  if (type == "number") return v.is_number();
  if (type == "string") return v.is_string();
  if (type == "boolean") return v.is_boolean();
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  return true;
}

// Structural-schema validation of the subset CRDs use most: type, nullable, enum, required,
// int-or-string, items, properties, additionalProperties.
void validate_schema(const json& v, const json& schema, const std::string& path, std::vector<FieldCause>& causes) {
  if (!schema.is_object()) return;
  std::string field = path.empty() ? "<root>" : path.substr(1);
  if (v.is_null()) {
    if (!schema.value("nullable", false) && schema.contains("type"))
      causes.push_back({field, "FieldValueTypeInvalid", "Invalid value: \"null\": " + field + " in body must be of type " + schema["type"].get<std::string>() + ": \"null\""});
    return;
  }
  if (schema.value("x-kubernetes-int-or-string", false)) {
    if (!v.is_string() && !v.is_number_integer() && !v.is_number_unsigned())
      causes.push_back({field, "FieldValueTypeInvalid", std::string("Invalid value: \"") + json_type_name(v) + "\": " + field + " in body must be of type integer,string: \"" + json_type_name(v) + "\""});
    return;
  }
  if (schema.contains("type") && schema["type"].is_string() && !type_matches(schema["type"], v)) {
    causes.push_back({field, "FieldValueTypeInvalid", std::string("Invalid value: \"") + json_type_name(v) + "\": " + field + " in body must be of type " + schema["type"].get<std::string>() + ": \"" + json_type_name(v) + "\""});
    return;
  }
  if (schema.contains("enum") && schema["enum"].is_array() && std::find(schema["enum"].begin(), schema["enum"].end(), v) == schema["enum"].end()) {
    std::string allowed;
    for (const auto& e : schema["enum"]) allowed += (allowed.empty() ? "" : ", ") + e.dump();
    causes.push_back({field, "FieldValueNotSupported", "Unsupported value: " + v.dump() + ": supported values: " + allowed});
  }
  if (v.is_object()) {
    if (schema.contains("required") && schema["required"].is_array())
      for (const auto& r : schema["required"])
        if (r.is_string() && !v.contains(r.get<std::string>()))
          causes.push_back({(path.empty() ? "" : path.substr(1) + ".") + r.get<std::string>(), "FieldValueRequired", "Required value"});
    const json props = schema.value("properties", json::object());
    for (auto& [k, child] : v.items()) {
      if (props.contains(k)) validate_schema(child, props[k], path + "." + k, causes);
      else if (schema.contains("additionalProperties") && schema["additionalProperties"].is_object())
        validate_schema(child, schema["additionalProperties"], path + "." + k, causes);
    }
  } else if (v.is_array() && schema.contains("items")) {
    for (size_t i = 0; i < v.size(); ++i) validate_schema(v[i], schema["items"], path + "[" + std::to_string(i) + "]", causes);
  }
}
}  // namespace

void decode_fields(const ResourceType& rt, json& obj, const std::string& field_validation) {
  bool strict = field_validation == "Strict";
  std::vector<std::string> unknown;
  if (obj.contains("metadata") && obj["metadata"].is_object()) {
    std::vector<std::string> drop;
    for (auto& [k, v] : obj["metadata"].items())
      if (!object_meta_fields().count(k)) {
        unknown.push_back(".metadata." + k);
        drop.push_back(k);
      }
    for (const auto& k : drop) obj["metadata"].erase(k);
  }
  if (rt.custom) {
    for (auto& u : custom_unknown_fields(rt, obj, /*prune=*/true)) unknown.push_back(u);
  } else {
    // Kinds listed in the table have exactly those top-level fields; others have spec/status.
    const auto* extra = top_level_fields(rt);
    std::vector<std::string> drop;
    for (auto& [k, v] : obj.items()) {
      if (k == "apiVersion" || k == "kind" || k == "metadata") continue;
      bool known = extra->empty() ? (k == "spec" || k == "status") : extra->count(k) > 0;
      if (!known) {
        unknown.push_back("." + k);
        drop.push_back(k);
      }
    }
    for (const auto& k : drop) obj.erase(k);
    drop_nulls(obj);
  }
  if (strict && !unknown.empty()) {
    std::string message = rt.kind + " in version \"" + rt.version + "\" cannot be handled as a " + rt.kind + ": strict decoding error: ";
    for (size_t i = 0; i < unknown.size(); ++i) {
      if (i) message += ", ";
      message += "unknown field \"" + unknown[i].substr(1) + "\"";
    }
    throw ApiError::bad_request(message);
  }
  if (rt.custom && rt.crd_schema.is_object()) {
    std::vector<FieldCause> causes;
    json body = obj;
    body.erase("apiVersion");
    body.erase("kind");
    body.erase("metadata");
    validate_schema(body, rt.crd_schema, "", causes);
    if (!causes.empty()) {
      std::string name = obj.contains("metadata") ? obj["metadata"].value("name", "") : "";
      throw ApiError::invalid(rt, name, causes);
    }
  }
}

}  // namespace coffer::kubesim
