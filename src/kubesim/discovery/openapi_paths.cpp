#include "kubesim/discovery/openapi_paths.h"

#include <cctype>
#include <string>

#include "kubesim/discovery/openapi_schemas.h"

namespace coffer::kubesim {
namespace {

using nlohmann::json;

json query_param(const char* name, const char* type, const char* description) {
  return {{"name", name},
          {"in", "query"},
          {"description", description},
          {"schema", {{"type", type}, {"uniqueItems", true}}}};
}

json path_param(const char* name, const std::string& description) {
  return {{"name", name},
          {"in", "path"},
          {"description", description},
          {"required", true},
          {"schema", {{"type", "string"}, {"uniqueItems", true}}}};
}

json pretty() {
  return query_param("pretty", "string",
                     "If 'true', then the output is pretty printed. Defaults to 'false' unless the "
                     "user-agent indicates a browser or command-line HTTP tool (curl and wget).");
}

json dry_run() {
  return query_param("dryRun", "string",
                     "When present, indicates that modifications should not be persisted. An "
                     "invalid or unrecognized dryRun directive will result in an error response "
                     "and no further processing of the request. Valid values are: - All: all dry "
                     "run stages will be processed");
}

json field_manager(bool apply) {
  return query_param(
      "fieldManager", "string",
      apply ? "fieldManager is a name associated with the actor or entity that is making these "
              "changes. The value must be less than or 128 characters long, and only contain "
              "printable characters, as defined by https://golang.org/pkg/unicode/#IsPrint. This "
              "field is required for apply requests (application/apply-patch) but optional for "
              "non-apply patch types (JsonPatch, MergePatch, StrategicMergePatch)."
            : "fieldManager is a name associated with the actor or entity that is making these "
              "changes. The value must be less than or 128 characters long, and only contain "
              "printable characters, as defined by https://golang.org/pkg/unicode/#IsPrint.");
}

json field_validation() {
  return query_param(
      "fieldValidation", "string",
      "fieldValidation instructs the server on how to handle objects in the request "
      "(POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore: This "
      "will ignore any unknown fields that are silently dropped from the object, and will ignore "
      "all but the last duplicate field that the decoder encounters. - Warn: This will send a "
      "warning via the standard warning response header for each unknown field that is dropped "
      "from the object, and for each duplicate field that is encountered. The request will still "
      "succeed if there are no other errors, and will only persist the last of any duplicate "
      "fields. This is the default in v1.23+ - Strict: This will fail the request with a "
      "BadRequest error if any unknown fields would be dropped from the object, or if any "
      "duplicate fields are present. The error returned from the server will contain all unknown "
      "and duplicate fields encountered.");
}

json force() {
  return query_param("force", "boolean",
                     "Force is going to \"force\" Apply requests. It means user will re-acquire "
                     "conflicting fields owned by other people. Force flag must be unset for "
                     "non-apply patch requests.");
}

json write_params(bool patch) {
  json p = json::array({dry_run(), field_manager(patch), field_validation()});
  if (patch) p.push_back(force());
  return p;
}

json list_params() {
  return json::array(
      {query_param("allowWatchBookmarks", "boolean",
                   "allowWatchBookmarks requests watch events with type \"BOOKMARK\". Servers "
                   "that do not implement bookmarks may ignore this flag."),
       query_param("continue", "string",
                   "The continue option should be set when retrieving more results from the "
                   "server. The value is the opaque token of a previous list response."),
       query_param("fieldSelector", "string",
                   "A selector to restrict the list of returned objects by their fields. Defaults "
                   "to everything."),
       query_param("labelSelector", "string",
                   "A selector to restrict the list of returned objects by their labels. "
                   "Defaults to everything."),
       query_param("limit", "integer",
                   "limit is a maximum number of responses to return for a list call."),
       query_param("resourceVersion", "string",
                   "resourceVersion sets a constraint on what resource versions a request may be "
                   "served from."),
       query_param("resourceVersionMatch", "string",
                   "resourceVersionMatch determines how resourceVersion is applied to list "
                   "calls."),
       query_param("sendInitialEvents", "boolean",
                   "`sendInitialEvents=true` may be set together with `watch=true`; the watch "
                   "stream then begins with synthetic events for the current objects."),
       query_param("timeoutSeconds", "integer",
                   "Timeout for the list/watch call, regardless of any activity or inactivity."),
       query_param("watch", "boolean",
                   "Watch for changes to the described resources and return them as a stream of "
                   "add, update, and remove notifications.")});
}

json delete_params() {
  return json::array(
      {dry_run(),
       query_param("gracePeriodSeconds", "integer",
                   "The duration in seconds before the object should be deleted. Value must be "
                   "non-negative integer. The value zero indicates delete immediately."),
       query_param("orphanDependents", "boolean",
                   "Deprecated: please use the PropagationPolicy, this field will be deprecated "
                   "in 1.7."),
       query_param("propagationPolicy", "string",
                   "Whether and how garbage collection will be performed. Either this field or "
                   "OrphanDependents may be set, but not both. Acceptable values are: 'Orphan', "
                   "'Background' and 'Foreground'.")});
}

json json_content(const std::string& schema_ref) {
  json schema = {{"schema", {{"$ref", schema_ref}}}};
  return {{"application/json", schema}, {"application/yaml", schema}};
}

json responses(std::initializer_list<const char*> codes, const std::string& schema_ref) {
  json out = json::object();
  for (const char* code : codes) {
    std::string c = code;
    const char* description = c == "200" ? "OK" : c == "201" ? "Created" : "Accepted";
    out[c] = {{"description", description}, {"content", json_content(schema_ref)}};
  }
  out["401"] = {{"description", "Unauthorized"}};
  return out;
}

json body(const std::string& schema_ref) {
  return {{"content", {{"*/*", {{"schema", {{"$ref", schema_ref}}}}}}}, {"required", true}};
}

json patch_body() {
  json schema = {{"schema", {{"$ref", openapi_ref(kPatchSchema)}}}};
  return {{"content",
           {{"application/apply-patch+yaml", schema},
            {"application/json-patch+json", schema},
            {"application/merge-patch+json", schema}}},
          {"required", true}};
}

// "apps" -> "Apps", "rbac.authorization.k8s.io" -> "RbacAuthorization", "" -> "Core".
std::string group_camel(std::string_view group, bool lower_first) {
  if (group.empty()) return lower_first ? "core" : "Core";
  constexpr std::string_view kSuffix = ".k8s.io";
  if (group.size() > kSuffix.size() && group.ends_with(kSuffix))
    group.remove_suffix(kSuffix.size());
  std::string out;
  bool upper = !lower_first;
  for (char c : group) {
    if (c == '.' || c == '-') {
      upper = true;
      continue;
    }
    out += upper ? char(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

struct Context {
  const ResourceType& t;
  json gvk;
  std::string gv_camel;  // "AppsV1"
  std::string tag;       // "apps_v1"
  std::string kind_ref, list_ref, status_ref, delete_options_ref;
  std::string scope;  // "Namespaced" or ""

  explicit Context(const ResourceType& type) : t(type) {
    gvk = {{"group", t.group}, {"kind", t.kind}, {"version", t.version}};
    std::string version = t.version;
    if (!version.empty()) version[0] = char(std::toupper(static_cast<unsigned char>(version[0])));
    gv_camel = group_camel(t.group, false) + version;
    tag = group_camel(t.group, true) + "_" + t.version;
    kind_ref = openapi_ref(openapi_kind_schema_name(t));
    list_ref = openapi_ref(openapi_list_schema_name(t));
    status_ref = openapi_ref(kStatusSchema);
    delete_options_ref = openapi_ref(kDeleteOptionsSchema);
    scope = t.namespaced ? "Namespaced" : "";
  }

  json op(const std::string& description, const std::string& id, const char* action,
          json params, const json& gvk_value) const {
    json o = {{"tags", json::array({tag})},
              {"description", description},
              {"operationId", id},
              {"x-kubernetes-action", action},
              {"x-kubernetes-group-version-kind", gvk_value}};
    if (!params.empty()) o["parameters"] = std::move(params);
    return o;
  }
};

// GET/PUT/PATCH of a subresource answering `kind_ref` with `gvk_value`.
void add_subresource_ops(const Context& c, json& item, const std::string& what,
                         const std::string& suffix, const std::string& kind_ref,
                         const json& gvk_value) {
  const std::string& k = c.t.kind;
  const std::string id = c.gv_camel + c.scope + k + suffix;
  json read = c.op("read " + what + " of the specified " + k, "read" + id, "get", json::array(),
                   gvk_value);
  read["responses"] = responses({"200"}, kind_ref);
  item["get"] = std::move(read);
  json put = c.op("replace " + what + " of the specified " + k, "replace" + id, "put",
                  write_params(false), gvk_value);
  put["requestBody"] = body(kind_ref);
  put["responses"] = responses({"200", "201"}, kind_ref);
  item["put"] = std::move(put);
  json patch = c.op("partially update " + what + " of the specified " + k, "patch" + id, "patch",
                    write_params(true), gvk_value);
  patch["requestBody"] = patch_body();
  patch["responses"] = responses({"200", "201"}, kind_ref);
  item["patch"] = std::move(patch);
}

}  // namespace

void add_openapi_v3_paths(const ResourceType& t, json& paths) {
  Context c(t);
  const std::string& k = t.kind;
  std::string prefix = t.group.empty() ? "/api/" + t.version : "/apis/" + t.group + "/" + t.version;
  std::string collection = prefix + (t.namespaced ? "/namespaces/{namespace}/" : "/") + t.resource;
  std::string item_path = collection + "/{name}";
  json ns_param = path_param("namespace", "object name and auth scope, such as for teams and projects");
  json name_param = path_param("name", "name of the " + k);

  // Collection: list, create, deletecollection.
  json coll = json::object();
  if (t.has_verb("list")) {
    json o = c.op("list or watch objects of kind " + k, "list" + c.gv_camel + c.scope + k, "list",
                  list_params(), c.gvk);
    o["responses"] = responses({"200"}, c.list_ref);
    coll["get"] = std::move(o);
  }
  if (t.has_verb("create")) {
    json o = c.op("create a " + k,
                  "create" + c.gv_camel + c.scope + k, "post", write_params(false), c.gvk);
    o["requestBody"] = body(c.kind_ref);
    o["responses"] = responses({"200", "201", "202"}, c.kind_ref);
    coll["post"] = std::move(o);
  }
  if (t.has_verb("deletecollection")) {
    json params = list_params();
    for (auto& p : delete_params()) params.push_back(p);
    json o = c.op("delete collection of " + k, "delete" + c.gv_camel + "Collection" + c.scope + k,
                  "deletecollection", std::move(params), c.gvk);
    o["requestBody"] = {{"content", {{"*/*", {{"schema", {{"$ref", c.delete_options_ref}}}}}}}};
    o["responses"] = responses({"200"}, c.status_ref);
    coll["delete"] = std::move(o);
  }
  if (!coll.empty()) {
    json params = json::array();
    if (t.namespaced) params.push_back(ns_param);
    params.push_back(pretty());
    coll["parameters"] = std::move(params);
    paths[collection] = std::move(coll);
  }

  // Item: read, replace, patch, delete.
  json item = json::object();
  const std::string id = c.gv_camel + c.scope + k;
  if (t.has_verb("get")) {
    json o = c.op("read the specified " + k, "read" + id, "get", json::array(), c.gvk);
    o["responses"] = responses({"200"}, c.kind_ref);
    item["get"] = std::move(o);
  }
  if (t.has_verb("update")) {
    json o = c.op("replace the specified " + k, "replace" + id, "put", write_params(false), c.gvk);
    o["requestBody"] = body(c.kind_ref);
    o["responses"] = responses({"200", "201"}, c.kind_ref);
    item["put"] = std::move(o);
  }
  if (t.has_verb("patch")) {
    json o = c.op("partially update the specified " + k, "patch" + id, "patch", write_params(true),
                  c.gvk);
    o["requestBody"] = patch_body();
    o["responses"] = responses({"200", "201"}, c.kind_ref);
    item["patch"] = std::move(o);
  }
  if (t.has_verb("delete")) {
    json o = c.op("delete a " + k,
                  "delete" + id, "delete", delete_params(), c.gvk);
    o["requestBody"] = {{"content", {{"*/*", {{"schema", {{"$ref", c.delete_options_ref}}}}}}}};
    o["responses"] = responses({"200", "202"}, c.status_ref);
    item["delete"] = std::move(o);
  }
  json item_params = json::array({name_param});
  if (t.namespaced) item_params.push_back(ns_param);
  item_params.push_back(pretty());
  if (!item.empty()) {
    item["parameters"] = item_params;
    paths[item_path] = std::move(item);
  }

  // Every namespace at once.
  if (t.namespaced && t.has_verb("list")) {
    json o = c.op("list or watch objects of kind " + k, "list" + c.gv_camel + k + "ForAllNamespaces",
                  "list", list_params(), c.gvk);
    o["responses"] = responses({"200"}, c.list_ref);
    paths[prefix + "/" + t.resource] = {{"get", std::move(o)},
                                        {"parameters", json::array({pretty()})}};
  }

  // Subresources.
  if (t.has_status) {
    json sub = json::object();
    add_subresource_ops(c, sub, "status", "Status", c.kind_ref, c.gvk);
    sub["parameters"] = item_params;
    paths[item_path + "/status"] = std::move(sub);
  }
  if (t.has_scale) {
    json sub = json::object();
    json scale_gvk = {{"group", "autoscaling"}, {"kind", "Scale"}, {"version", "v1"}};
    add_subresource_ops(c, sub, "scale", "Scale", openapi_ref(kScaleSchema), scale_gvk);
    sub["parameters"] = item_params;
    paths[item_path + "/scale"] = std::move(sub);
  }
  if (t.group.empty() && t.resource == "namespaces") {
    json o = c.op("replace finalize of the specified " + k, "replace" + id + "Finalize", "put",
                  write_params(false), c.gvk);
    o["requestBody"] = body(c.kind_ref);
    o["responses"] = responses({"200", "201"}, c.kind_ref);
    paths[item_path + "/finalize"] = {{"put", std::move(o)},
                                      {"parameters", json::array({name_param, pretty()})}};
  }
}

}  // namespace coffer::kubesim
