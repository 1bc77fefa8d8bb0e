#include "kubesim/server/api_handler.h"

#include "common/text.h"
#include "common/yaml_json.h"
#include "kube/protobuf/protobuf_to_json.h"
#include "kubesim/discovery/discovery_documents.h"
#include "kubesim/discovery/openapi_documents.h"
#include "kubesim/table/table_printer.h"

namespace coffer::kubesim {
namespace {
using json = nlohmann::json;
constexpr size_t kMaxRequestBody = 3 * 1024 * 1024;  // the apiserver's MaxRequestBodyBytes

enum class Format { Json, Yaml, Table, PartialMetadata };

Format negotiate(const std::string& accept) {
  if (accept.find("as=Table") != std::string::npos) return Format::Table;
  if (accept.find("as=PartialObjectMetadata") != std::string::npos) return Format::PartialMetadata;
  // The first acceptable media type wins.
  for (const auto& part : split(accept, ',')) {
    std::string media(trim(part.substr(0, part.find(';'))));
    if (media == "application/json" || media == "*/*" || media == "application/*") return Format::Json;
    if (media == "application/yaml") return Format::Yaml;
  }
  if (accept.empty()) return Format::Json;
  if (accept.find("application/vnd.kubernetes.protobuf") != std::string::npos)
    throw ApiError::not_acceptable("only the following media types are accepted: application/json, application/yaml, application/json;as=Table;v=v1;g=meta.k8s.io");
  return Format::Json;
}

void send_json(http::ResponseWriter& out, int code, const std::string& body) {
  out.send(code, {{"Content-Type", "application/json"}, {"Cache-Control", "no-cache, private"}}, body);
}

void send_error(http::ResponseWriter& out, const ApiError& e) {
  http::Headers headers = {{"Content-Type", "application/json"}, {"Cache-Control", "no-cache, private"}};
  if (e.code() == 429 || e.code() == 504) headers.push_back({"Retry-After", "1"});
  out.send(e.code(), headers, e.status().dump());
}

json partial_metadata(const json& obj) {
  return {{"kind", "PartialObjectMetadata"}, {"apiVersion", "meta.k8s.io/v1"}, {"metadata", obj.value("metadata", json::object())}};
}

// Go's strconv.ParseBool, which the apiserver uses for query parameters.
bool truthy(const std::map<std::string, std::string>& q, const std::string& key) {
  auto it = q.find(key);
  if (it == q.end()) return false;
  const std::string& v = it->second;
  return v == "1" || v == "t" || v == "T" || v == "true" || v == "TRUE" || v == "True";
}

bool accepts_json(const std::string& accept) {
  if (accept.empty()) return true;
  for (const auto& part : split(accept, ',')) {
    std::string media(trim(part.substr(0, part.find(';'))));
    if (media == "application/json" || media == "*/*" || media == "application/*") return true;
  }
  return false;
}

// Review resources are answered, never stored: what the authenticator and authorizer say.
json answer_review(const ResourceType& rt, json body, const std::string& user, bool can_write) {
  body["apiVersion"] = rt.api_version();
  body["kind"] = rt.kind;
  if (!body.contains("metadata") || !body["metadata"].is_object()) body["metadata"] = json::object();
  body["metadata"]["creationTimestamp"] = nullptr;
  json groups = can_write ? json::array({"system:masters", "system:authenticated"}) : json::array({"system:authenticated"});
  if (rt.resource == "selfsubjectreviews") {
    body["status"] = {{"userInfo", {{"username", user}, {"groups", groups}}}};
  } else if (rt.resource == "selfsubjectaccessreviews" || rt.resource == "subjectaccessreviews" ||
             rt.resource == "localsubjectaccessreviews") {
    std::string verb = body.value("spec", json::object()).value("resourceAttributes", json::object()).value("verb", "get");
    bool read = verb == "get" || verb == "list" || verb == "watch";
    bool allowed = rt.resource != "selfsubjectaccessreviews" || can_write || read;
    body["status"] = {{"allowed", allowed}};
    if (!allowed) body["status"]["reason"] = "kubesim: user " + user + " is read-only";
  } else if (rt.resource == "selfsubjectrulesreviews") {
    json verbs = can_write ? json::array({"*"}) : json::array({"get", "list", "watch"});
    body["status"] = {{"resourceRules", json::array({{{"verbs", verbs}, {"apiGroups", {"*"}}, {"resources", {"*"}}}})},
                      {"nonResourceRules", json::array({{{"verbs", json::array({"*"})}, {"nonResourceURLs", json::array({"*"})}}})},
                      {"incomplete", false}};
  } else if (rt.resource == "tokenreviews") {
    body["status"] = {{"authenticated", false}};
  }
  return body;
}

bool is_review(const ResourceType& rt) {
  return (rt.group == "authentication.k8s.io" && (rt.resource == "selfsubjectreviews" || rt.resource == "tokenreviews")) ||
         (rt.group == "authorization.k8s.io" &&
          (rt.resource == "selfsubjectaccessreviews" || rt.resource == "subjectaccessreviews" ||
           rt.resource == "localsubjectaccessreviews" || rt.resource == "selfsubjectrulesreviews"));
}

std::string param(const std::map<std::string, std::string>& q, const std::string& key) {
  auto it = q.find(key);
  return it == q.end() ? std::string() : it->second;
}

WriteOptions write_options(const http::Request& req, const std::map<std::string, std::string>& q, const std::string& user) {
  WriteOptions o;
  std::string dry = param(q, "dryRun");
  if (!dry.empty() && dry != "All") throw ApiError::bad_request("Invalid dryRun value: " + dry + ". Supported values: All");
  o.dry_run = dry == "All";
  o.field_manager = param(q, "fieldManager");
  if (o.field_manager.empty()) {
    std::string ua = req.header("user-agent");
    o.field_manager = ua.substr(0, ua.find('/'));
  }
  o.field_validation = param(q, "fieldValidation");
  if (!o.field_validation.empty() && o.field_validation != "Strict" && o.field_validation != "Warn" && o.field_validation != "Ignore")
    throw ApiError::bad_request("fieldValidation must be one of \"Strict\", \"Warn\", \"Ignore\", got \"" + o.field_validation + "\"");
  o.force = truthy(q, "force");
  o.user = user;
  return o;
}

json decode_body(const http::Request& req) {
  std::string ct = to_lower(req.header("content-type"));
  std::string media(trim(ct.substr(0, ct.find(';'))));
  if (media.empty() || media == "application/json") {
    try {
      return json::parse(req.body);
    } catch (const json::parse_error& e) {
      std::string what = e.what();
      throw ApiError::bad_request("Object 'Kind' is missing in '" + req.body.substr(0, 200) + "'" + (req.body.empty() ? "" : ": " + what));
    }
  }
  if (media == "application/vnd.kubernetes.protobuf") {
    try {
      return kube::decode_kubernetes_protobuf(req.body);
    } catch (const std::invalid_argument& e) {
      throw ApiError::unsupported_media_type(e.what());
    }
  }
  if (media == "application/yaml") {
    try {
      return parse_yaml(req.body);
    } catch (const std::exception& e) {
      throw ApiError::bad_request(std::string("error converting YAML to JSON: ") + e.what());
    }
  }
  throw ApiError::unsupported_media_type("the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf");
}

// A gnostic openapi_v2.Document with only swagger="2.0" (field 1) and info (field 2:
// title=1, version=2), hand-encoded in the protobuf wire format.
std::string openapi_v2_protobuf_stub() {
  auto field = [](int number, const std::string& bytes) {
    std::string out;
    out += char((number << 3) | 2);
    out += char(bytes.size());  // every part here is shorter than 128 bytes
    return out + bytes;
  };
  return field(1, "2.0") + field(2, field(1, "Kubernetes") + field(2, "v1.30.0"));
}

std::string list_kind(const ResourceType& rt) { return rt.list_kind.empty() ? rt.kind + "List" : rt.list_kind; }
}  // namespace

struct ApiHandler::Route {
  ResourceType rt;
  std::string ns;
  std::string name;
  std::string sub;
  bool watch_prefix = false;
};

ApiHandler::ApiHandler(ApiCore& core, AuthSettings auth, std::string server_address)
    : core_(core), auth_(std::move(auth)), server_address_(std::move(server_address)) {}

std::optional<ApiHandler::Caller> ApiHandler::authenticate(const http::Request& req) const {
  std::string authz = req.header("authorization");
  if (authz.rfind("Bearer ", 0) == 0) {
    std::string token(trim(authz.substr(7)));
    if (!auth_.admin_token.empty() && token == auth_.admin_token) return Caller{"kubesim-admin", true};
    if (!auth_.readonly_token.empty() && token == auth_.readonly_token) return Caller{"kubesim-viewer", false};
    return std::nullopt;
  }
  if (!authz.empty()) return std::nullopt;
  if (req.client_cert_cn) {
    bool master = std::find(req.client_cert_orgs.begin(), req.client_cert_orgs.end(), "system:masters") != req.client_cert_orgs.end();
    return Caller{*req.client_cert_cn, master};
  }
  return std::nullopt;
}

void ApiHandler::handle(http::Request& req, http::ResponseWriter& out) {
  ++requests_;
  const std::string& path = req.path;
  try {
    if (path == "/healthz" || path == "/livez" || path == "/readyz" || path.rfind("/healthz/", 0) == 0 ||
        path.rfind("/livez/", 0) == 0 || path.rfind("/readyz/", 0) == 0) {
      out.send(200, {{"Content-Type", "text/plain; charset=utf-8"}}, "ok");
      return;
    }
    if (path == "/version" || path == "/version/") {
      send_json(out, 200, json{{"major", "1"}, {"minor", "30"}, {"gitVersion", "v1.30.0-kubesim"}, {"gitCommit", "kubesim"},
                               {"gitTreeState", "clean"}, {"buildDate", "2026-11-24T00:00:00Z"}, {"goVersion", "go1.22.0"},
                               {"compiler", "gc"}, {"platform", "linux/amd64"}}.dump());
      return;
    }
    auto caller = authenticate(req);
    if (!caller) {
      send_error(out, ApiError::unauthorized());
      return;
    }
    if (req.header("x-coffer-body-too-large") == "true" || req.body.size() > kMaxRequestBody) {
      send_error(out, ApiError::too_large("Request entity too large: limit is 3145728"));
      return;
    }
    auto segs = split(path.size() > 1 && path.back() == '/' ? path.substr(1, path.size() - 2) : path.substr(1), '/');
    if (path == "/api" || path == "/apis" || path == "/api/" || path == "/apis/" ||
        (segs.size() == 2 && segs[0] == "api") || (segs.size() <= 3 && segs[0] == "apis") ) {
      serve_discovery(req, out, "/" + join(segs, "/"));
      return;
    }
    if (segs[0] == "openapi") {
      json doc;
      if (segs.size() == 2 && segs[1] == "v2") {
        // kubectl asks for the protobuf form first and falls back when refused.
        // kubectl asks only for the protobuf (gnostic) form, to validate kinds that have no
        // server-side field validation (a `kind: List`). kubesim answers with a document that
        // declares no definitions: kubectl then leaves such validation to the server.
        if (!accepts_json(req.header("accept"))) {
          out.send(200, {{"Content-Type", "application/octet-stream"}},
                   openapi_v2_protobuf_stub());
          return;
        }
        doc = openapi_v2(core_.registry());
      } else if (segs.size() == 2 && segs[1] == "v3") {
        doc = openapi_v3_root(core_.registry());
      } else if (segs.size() >= 3 && segs[1] == "v3") {
        std::string group, version;
        if (segs[2] == "api" && segs.size() == 4) version = segs[3];
        else if (segs[2] == "apis" && segs.size() == 5) group = segs[3], version = segs[4];
        doc = openapi_v3_group_version(core_.registry(), group, version);
        if (doc.is_null()) throw ApiError(404, "NotFound", "the server could not find the requested resource");
      } else {
        throw ApiError(404, "NotFound", "the server could not find the requested resource");
      }
      send_json(out, 200, doc.dump());
      return;
    }
    // Resource paths: /api/v1/... and /apis/GROUP/VERSION/...
    Route route;
    size_t rest_at;
    std::string group, version;
    if (segs[0] == "api" && segs.size() >= 3) {
      version = segs[1];
      rest_at = 2;
    } else if (segs[0] == "apis" && segs.size() >= 4) {
      group = segs[1];
      version = segs[2];
      rest_at = 3;
    } else {
      throw ApiError(404, "NotFound", "the server could not find the requested resource");
    }
    std::vector<std::string> rest(segs.begin() + long(rest_at), segs.end());
    if (!rest.empty() && rest[0] == "watch") {
      route.watch_prefix = true;
      rest.erase(rest.begin());
    }
    if (rest.empty()) throw ApiError(404, "NotFound", "the server could not find the requested resource");
    for (const auto& g : core_.registry().groups())
      if (g.group == group && g.unavailable)
        throw ApiError::unavailable("the server is currently unable to handle the request");
    std::optional<ResourceType> rt;
    if (rest[0] == "namespaces" && rest.size() >= 3) {
      auto inner = core_.registry().find(group, version, rest[2]);
      if (inner && inner->namespaced) {
        rt = inner;
        route.ns = rest[1];
        if (rest.size() >= 4) route.name = rest[3];
        if (rest.size() >= 5) route.sub = rest[4];
        if (rest.size() > 5) throw ApiError(404, "NotFound", "the server could not find the requested resource");
      }
    }
    if (!rt) {
      rt = core_.registry().find(group, version, rest[0]);
      if (!rt) throw ApiError(404, "NotFound", "the server could not find the requested resource");
      if (rest.size() >= 2) route.name = rest[1];
      if (rest.size() >= 3) route.sub = rest[2];
      if (rest.size() > 3) throw ApiError(404, "NotFound", "the server could not find the requested resource");
    }
    route.rt = *rt;
    serve_resource(req, out, *caller, route);
  } catch (const ApiError& e) {
    if (!out.responded()) send_error(out, e);
  } catch (const std::exception& e) {
    if (!out.responded()) send_error(out, ApiError::internal(e.what()));
  }
}

void ApiHandler::serve_discovery(http::Request& req, http::ResponseWriter& out, const std::string& path) {
  std::string accept = req.header("accept");
  if (path == "/api" || path == "/apis") {
    if (auto v = negotiate_aggregated_discovery(accept)) {
      json doc = aggregated_discovery(core_.registry(), path == "/api", *v);
      out.send(200, {{"Content-Type", aggregated_discovery_content_type(*v)}, {"Cache-Control", "no-cache, private"}}, doc.dump());
      return;
    }
    send_json(out, 200, (path == "/api" ? api_versions(server_address_) : api_group_list(core_.registry())).dump());
    return;
  }
  auto segs = split(path.substr(1), '/');
  std::optional<json> doc;
  if (segs[0] == "api" && segs.size() == 2) {
    doc = api_resource_list(core_.registry(), "", segs[1]);
  } else if (segs[0] == "apis" && segs.size() == 2) {
    doc = api_group(core_.registry(), segs[1]);
  } else if (segs[0] == "apis" && segs.size() == 3) {
    for (const auto& g : core_.registry().groups())
      if (g.group == segs[1] && g.unavailable)
        throw ApiError::unavailable("the server is currently unable to handle the request");
    doc = api_resource_list(core_.registry(), segs[1], segs[2]);
  }
  if (!doc) throw ApiError(404, "NotFound", "the server could not find the requested resource");
  send_json(out, 200, doc->dump());
}

void ApiHandler::serve_resource(http::Request& req, http::ResponseWriter& out, const Caller& caller, const Route& route) {
  const ResourceType& rt = route.rt;
  auto q = req.query_params();
  const std::string& m = req.method;
  bool collection = route.name.empty();
  bool watching = route.watch_prefix || truthy(q, "watch");
  std::string verb;
  if (m == "GET") verb = collection ? (watching ? "watch" : "list") : (watching ? "watch" : "get");
  else if (m == "POST") verb = "create";
  else if (m == "PUT") verb = "update";
  else if (m == "PATCH") verb = "patch";
  else if (m == "DELETE") verb = collection ? "deletecollection" : "delete";
  else throw ApiError::method_not_allowed("the server does not allow this method on the requested resource");
  if (!route.sub.empty() && route.sub != "status" && route.sub != "scale" && route.sub != "finalize" &&
      !(route.sub == "log" && rt.resource == "pods"))
    throw ApiError(404, "NotFound", "the server could not find the requested resource");
  if ((route.sub == "scale" && !rt.has_scale) || (route.sub == "status" && !rt.has_status) ||
      (route.sub == "finalize" && !(rt.group.empty() && rt.resource == "namespaces")))
    throw ApiError(404, "NotFound", "the server could not find the requested resource");
  if (route.sub.empty() && !rt.has_verb(verb))
    throw ApiError::method_not_allowed("the server does not allow this method on the requested resource");
  if (m == "POST" && !collection && route.sub.empty())
    throw ApiError::method_not_allowed("the server does not allow this method on the requested resource");
  bool write = m != "GET" && !is_review(rt);
  if (write && !caller.can_write) {
    std::string scope = rt.namespaced && !route.ns.empty() ? " in the namespace \"" + route.ns + "\"" : " at the cluster scope";
    throw ApiError(403, "Forbidden",
                   qualified_resource(rt) + (route.name.empty() ? "" : " \"" + route.name + "\"") + " is forbidden: User \"" + caller.user +
                       "\" cannot " + verb + " resource \"" + rt.resource + (route.sub.empty() ? "" : "/" + route.sub) + "\" in API group \"" + rt.group + "\"" + scope,
                   json{{"name", route.name}, {"group", rt.group}, {"kind", rt.resource}});
  }
  if (rt.namespaced && route.ns.empty() && (m == "POST" || !collection))
    throw ApiError(404, "NotFound", "the server could not find the requested resource");
  Subresource sub = route.sub == "status" ? Subresource::Status : route.sub == "scale" ? Subresource::Scale
                    : route.sub == "finalize" ? Subresource::Finalize : Subresource::None;
  Format format = negotiate(req.header("accept"));
  auto include = parse_include_object(param(q, "includeObject"));
  if (!include) throw ApiError::bad_request("includeObject: unsupported value \"" + param(q, "includeObject") + "\"");
  auto now = std::chrono::system_clock::now();

  auto render_one = [&](const json& obj, int code) {
    if (route.sub == "scale" || format == Format::Json) {
      send_json(out, code, obj.dump());
    } else if (format == Format::Yaml) {
      out.send(code, {{"Content-Type", "application/yaml"}}, to_yaml(obj));
    } else if (format == Format::PartialMetadata) {
      send_json(out, code, partial_metadata(obj).dump());
    } else {
      json t = build_table(rt.group, rt.resource, {obj}, *include, printer_columns_from_crd(rt.crd_printer_columns), now,
                           json{{"resourceVersion", obj["metadata"].value("resourceVersion", "")}});
      send_json(out, code, t.dump());
    }
  };

  if (verb == "watch") {
    serve_watch(req, out, route);
    return;
  }
  if (route.sub == "log") {
    core_.get(rt, route.ns, route.name);
    out.send(200, {{"Content-Type", "text/plain"}}, "kubesim: pod " + route.name + " runs no real containers, so it has no logs\n");
    return;
  }
  if (verb == "get") {
    if (sub == Subresource::Scale) send_json(out, 200, core_.get_scale(rt, route.ns, route.name).dump());
    else render_one(core_.get_json(rt, route.ns, route.name), 200);
    return;
  }
  if (verb == "list") {
    ListOptions lo;
    lo.label_selector = param(q, "labelSelector");
    lo.field_selector = param(q, "fieldSelector");
    std::string limit = param(q, "limit");
    if (!limit.empty()) {
      try {
        long long n = std::stoll(limit);
        lo.limit = n > 0 ? size_t(n) : 0;
      } catch (const std::exception&) {
        throw ApiError::bad_request("limit: invalid value \"" + limit + "\"");
      }
    }
    lo.continue_token = param(q, "continue");
    lo.resource_version = param(q, "resourceVersion");
    lo.resource_version_match = param(q, "resourceVersionMatch");
    ListResult result = core_.list(rt, route.ns, lo);
    json meta = {{"resourceVersion", std::to_string(result.rv)}};
    if (!result.continue_token.empty()) meta["continue"] = result.continue_token;
    if (result.remaining_item_count) meta["remainingItemCount"] = *result.remaining_item_count;
    if (format == Format::Json) {
      // Streams the stored JSON as it is: no parse, no re-encode.
      std::string body;
      size_t total = 128;
      for (const auto& item : result.items) total += item->json.size() + 1;
      body.reserve(total);
      body += "{\"kind\":\"" + list_kind(rt) + "\",\"apiVersion\":\"" + rt.api_version() + "\",\"metadata\":" + meta.dump() + ",\"items\":[";
      for (size_t i = 0; i < result.items.size(); ++i) {
        if (i) body += ',';
        body += core_.render(rt, *result.items[i]);
      }
      body += "]}";
      send_json(out, 200, body);
      return;
    }
    std::vector<json> items;
    items.reserve(result.items.size());
    for (const auto& item : result.items) items.push_back(json::parse(core_.render(rt, *item)));
    if (format == Format::Table) {
      send_json(out, 200, build_table(rt.group, rt.resource, items, *include, printer_columns_from_crd(rt.crd_printer_columns), now, meta).dump());
    } else if (format == Format::PartialMetadata) {
      json list = {{"kind", "PartialObjectMetadataList"}, {"apiVersion", "meta.k8s.io/v1"}, {"metadata", meta}, {"items", json::array()}};
      for (const auto& i : items) list["items"].push_back(partial_metadata(i));
      send_json(out, 200, list.dump());
    } else {
      json list = {{"kind", list_kind(rt)}, {"apiVersion", rt.api_version()}, {"metadata", meta}, {"items", items}};
      out.send(200, {{"Content-Type", "application/yaml"}}, to_yaml(list));
    }
    return;
  }
  WriteOptions wo = write_options(req, q, caller.user);
  if (verb == "create" && is_review(rt)) {
    send_json(out, 201, answer_review(rt, decode_body(req), caller.user, caller.can_write).dump());
    return;
  }
  if (verb == "create") {
    json body = decode_body(req);
    render_one(core_.create(rt, route.ns, std::move(body), wo), 201);
    return;
  }
  if (verb == "update") {
    json body = decode_body(req);
    render_one(core_.update(rt, route.ns, route.name, std::move(body), wo, sub), 200);
    return;
  }
  if (verb == "patch") {
    std::string ct = to_lower(req.header("content-type"));
    std::string media(trim(ct.substr(0, ct.find(';'))));
    PatchType type;
    if (media == "application/merge-patch+json") type = PatchType::Merge;
    else if (media == "application/json-patch+json") type = PatchType::Json;
    else if (media == "application/strategic-merge-patch+json") type = PatchType::Strategic;
    else if (media == "application/apply-patch+yaml") type = PatchType::Apply;
    else
      throw ApiError::unsupported_media_type("the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml" +
                                             std::string(rt.custom ? "" : ", application/strategic-merge-patch+json"));
    if (type == PatchType::Apply && wo.field_manager.empty())
      throw ApiError::bad_request("PATCH, application/apply-patch+yaml requires fieldManager to be set");
    bool existed = core_.store().get(storage_key(rt), rt.namespaced ? route.ns : "", route.name) != nullptr;
    json result = core_.patch(rt, route.ns, route.name, type, req.body, wo, sub);
    render_one(result, existed ? 200 : 201);
    return;
  }
  // delete / deletecollection
  DeleteOptions dopt;
  json body;
  if (!req.body.empty()) {
    try {
      body = decode_body(req);
    } catch (const ApiError& e) {
      throw ApiError::bad_request(std::string("error decoding DeleteOptions: ") + e.what());
    }
  }
  dopt.propagation_policy = param(q, "propagationPolicy");
  if (body.is_object()) {
    if (body.contains("propagationPolicy") && body["propagationPolicy"].is_string()) dopt.propagation_policy = body["propagationPolicy"];
    if (body.contains("orphanDependents") && body["orphanDependents"].is_boolean())
      dopt.propagation_policy = body["orphanDependents"].get<bool>() ? "Orphan" : "Background";
    if (body.contains("preconditions") && body["preconditions"].is_object()) {
      const json& p = body["preconditions"];
      if (p.contains("uid") && p["uid"].is_string()) dopt.precondition_uid = p["uid"].get<std::string>();
      if (p.contains("resourceVersion") && p["resourceVersion"].is_string()) dopt.precondition_rv = p["resourceVersion"].get<std::string>();
    }
    if (body.contains("dryRun") && body["dryRun"].is_array() && !body["dryRun"].empty()) dopt.dry_run = true;
    if (body.contains("gracePeriodSeconds") && body["gracePeriodSeconds"].is_number_integer())
      dopt.grace_period_seconds = body["gracePeriodSeconds"].get<int64_t>();
  }
  if (wo.dry_run) dopt.dry_run = true;
  if (verb == "deletecollection") {
    ListOptions lo;
    lo.label_selector = param(q, "labelSelector");
    lo.field_selector = param(q, "fieldSelector");
    auto deleted = core_.delete_collection(rt, route.ns, lo, dopt);
    json list = {{"kind", list_kind(rt)}, {"apiVersion", rt.api_version()}, {"metadata", {{"resourceVersion", std::to_string(core_.store().current_rv())}}}, {"items", deleted}};
    send_json(out, 200, list.dump());
    return;
  }
  DeleteResult r = core_.remove(rt, route.ns, route.name, dopt);
  bool returns_object = rt.group.empty() && (rt.resource == "pods" || rt.resource == "namespaces");
  if (!r.gone || returns_object) {
    send_json(out, 200, r.object.dump());
  } else {
    json details = {{"name", route.name}, {"kind", rt.resource}, {"uid", r.object["metadata"].value("uid", "")}};
    if (!rt.group.empty()) details["group"] = rt.group;
    send_json(out, 200, json{{"kind", "Status"}, {"apiVersion", "v1"}, {"metadata", json::object()}, {"status", "Success"}, {"details", details}}.dump());
  }
}

void ApiHandler::serve_watch(http::Request& req, http::ResponseWriter& out, const Route& route) {
  const ResourceType& rt = route.rt;
  auto q = req.query_params();
  WatchOptions wo;
  wo.list.label_selector = param(q, "labelSelector");
  wo.list.field_selector = param(q, "fieldSelector");
  wo.list.resource_version = param(q, "resourceVersion");
  wo.list.resource_version_match = param(q, "resourceVersionMatch");
  wo.allow_bookmarks = truthy(q, "allowWatchBookmarks");
  wo.send_initial_events = truthy(q, "sendInitialEvents");
  if (!route.name.empty()) {
    // GET .../watch/.../NAME or ?watch=true on an item: a watch of that one object.
    wo.list.field_selector = "metadata.name=" + route.name + (wo.list.field_selector.empty() ? "" : "," + wo.list.field_selector);
  }
  std::string timeout = param(q, "timeoutSeconds");
  auto deadline = std::chrono::steady_clock::time_point::max();
  if (!timeout.empty()) {
    try {
      deadline = std::chrono::steady_clock::now() + std::chrono::seconds(std::stoll(timeout));
    } catch (const std::exception&) {
      throw ApiError::bad_request("timeoutSeconds: invalid value \"" + timeout + "\"");
    }
  }
  Format format = negotiate(req.header("accept"));
  auto include = parse_include_object(param(q, "includeObject")).value_or(IncludeObject::Metadata);
  auto stream = core_.watch(rt, route.ns, wo);
  out.begin_stream(200, {{"Content-Type", "application/json"}, {"Cache-Control", "no-cache, private"}});
  auto columns = printer_columns_from_crd(rt.crd_printer_columns);
  bool first_table = true;
  while (std::chrono::steady_clock::now() < deadline) {
    auto events = stream->next(std::chrono::milliseconds(500));
    std::string chunk;
    for (const auto& e : events) {
      std::string object;
      if (e.type == "ERROR") {
        object = e.error_status.dump();
      } else if (e.type == "BOOKMARK") {
        json meta = {{"resourceVersion", std::to_string(e.rv)}};
        if (e.initial_events_end) meta["annotations"] = {{"k8s.io/initial-events-end", "true"}};
        object = json{{"kind", rt.kind}, {"apiVersion", rt.api_version()}, {"metadata", meta}}.dump();
      } else if (format == Format::Table) {
        json obj = json::parse(core_.render(rt, *e.object));
        json t = build_table(rt.group, rt.resource, {obj}, include, columns, std::chrono::system_clock::now(), json{{"resourceVersion", std::to_string(e.rv)}});
        // Like the apiserver: column definitions only in the first event's table.
        if (!first_table) t["columnDefinitions"] = json::array();
        first_table = false;
        object = t.dump();
      } else if (format == Format::PartialMetadata) {
        object = partial_metadata(json::parse(core_.render(rt, *e.object))).dump();
      } else {
        object = core_.render(rt, *e.object);
      }
      chunk += "{\"type\":\"" + e.type + "\",\"object\":" + object + "}\n";
    }
    if (!chunk.empty() && !out.write(chunk)) return;
    if (stream->finished()) break;
    if (out.peer_closed()) return;
  }
  out.end_stream();
}

}  // namespace coffer::kubesim
