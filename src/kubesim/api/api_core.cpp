#include "kubesim/api/api_core.h"

#include <algorithm>
#include <thread>

#include "common/base64.h"
#include "common/random_id.h"
#include "common/rfc3339.h"
#include "common/text.h"
#include "common/yaml_json.h"
#include "kube/labels/field_selector.h"
#include "kube/labels/label_selector.h"
#include "kube/patch/json_patch.h"
#include "kube/patch/merge_patch.h"
#include "kube/patch/builtin_patch_schemas.h"
#include "kube/patch/strategic_merge_patch.h"
#include "kubesim/api/admission.h"
#include "kubesim/api/object_schema.h"
#include "kubesim/api/validation.h"

namespace coffer::kubesim {
namespace {
using json = nlohmann::json;

std::string now_string() { return format_rfc3339(std::chrono::system_clock::now()); }

bool is(const ResourceType& rt, std::string_view group, std::string_view resource) {
  return rt.group == group && rt.resource == resource;
}

// Kinds whose objects carry metadata.generation (bumped on spec changes).
bool uses_generation(const ResourceType& rt, const json& obj) {
  if (rt.custom) return true;
  if (rt.group.empty())
    return rt.resource == "replicationcontrollers";
  return obj.contains("spec") && rt.resource != "events" && rt.resource != "leases";
}

json without_meta_status(const json& obj) {
  json copy = obj;
  copy.erase("metadata");
  copy.erase("status");
  return copy;
}

// Continue tokens: base64url of {"v":"meta.k8s.io/v1","rv":N,"start":"<key>"} as the real
// apiserver encodes them (it also uses a JSON object; the exact fields are private).
struct ContinueToken {
  uint64_t rv = 0;
  std::string start;   // key of the last item already returned
  size_t offset = 0;   // keys of the scope walked so far
};

std::string encode_continue(const ContinueToken& t) {
  return base64url_encode(json{{"v", "meta.k8s.io/v1"}, {"rv", t.rv}, {"start", t.start}, {"n", t.offset}}.dump());
}

ContinueToken decode_continue(const std::string& token) {
  try {
    json j = json::parse(base64url_decode(token));
    return {j.at("rv").get<uint64_t>(), j.at("start").get<std::string>(), j.value("n", size_t(0))};
  } catch (const std::exception&) {
    throw ApiError::bad_request("continue key is not valid: invalid continue token");
  }
}

// Fields each resource accepts in field selectors (beyond metadata.name/metadata.namespace).
std::optional<std::string> field_value(const ResourceType& rt, const StoredObject& o,
                                       std::string_view field, const json* parsed) {
  if (field == "metadata.name") return o.name;
  if (field == "metadata.namespace") return o.ns;
  if (!parsed) return std::nullopt;
  // Walk a dotted path through the parsed object.
  const json* cur = parsed;
  size_t start = 0;
  std::string path(field);
  while (start <= path.size()) {
    size_t dot = path.find('.', start);
    std::string part = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!cur->is_object() || !cur->contains(part)) return std::string();
    cur = &(*cur)[part];
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (cur->is_string()) return cur->get<std::string>();
  if (cur->is_boolean()) return cur->get<bool>() ? "true" : "false";
  if (cur->is_number()) return cur->dump();
  (void)rt;
  return std::string();
}

bool field_supported(const ResourceType& rt, const std::string& field) {
  if (field == "metadata.name" || field == "metadata.namespace") return true;
  static const std::map<std::string, std::set<std::string>> extra = {
      {"pods", {"spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
                "spec.hostNetwork", "status.phase", "status.podIP", "status.podIPs", "status.nominatedNodeName"}},
      {"events", {"involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
                  "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
                  "reason", "reportingComponent", "source", "type"}},
      {"secrets", {"type"}},
      {"namespaces", {"status.phase"}},
      {"nodes", {"spec.unschedulable"}},
      {"replicasets.apps", {"status.replicas"}},
      {"replicationcontrollers", {"status.replicas"}},
      {"jobs.batch", {"status.successful"}},
      {"persistentvolumes", {"name"}},
      {"certificatesigningrequests.certificates.k8s.io", {"spec.signerName"}},
  };
  auto it = extra.find(rt.group_resource());
  return it != extra.end() && it->second.count(field);
}

struct Matcher {
  std::optional<kube::LabelSelector> labels;
  std::optional<kube::FieldSelector> fields;
  bool needs_parse = false;
  ResourceType rt;

  Matcher(const ResourceType& type, const std::string& label_selector, const std::string& field_selector) : rt(type) {
    try {
      if (!label_selector.empty()) labels = kube::LabelSelector::parse(label_selector);
    } catch (const std::exception& e) {
      throw ApiError::bad_request(std::string("unable to parse requirement: ") + e.what());
    }
    if (!field_selector.empty()) {
      try {
        fields = kube::FieldSelector::parse(field_selector);
      } catch (const std::exception& e) {
        throw ApiError::bad_request(e.what());
      }
      for (const auto& r : fields->requirements()) {
        if (!field_supported(rt, r.field))
          throw ApiError::bad_request("field label not supported: " + r.field);
        if (r.field != "metadata.name" && r.field != "metadata.namespace") needs_parse = true;
      }
    }
  }
  bool empty() const { return !labels && !fields; }
  bool operator()(const StoredObject& o) const {
    if (labels && !labels->matches(o.labels)) return false;
    if (fields) {
      json parsed;
      if (needs_parse) parsed = json::parse(o.json);
      return fields->matches([&](std::string_view f) { return field_value(rt, o, f, needs_parse ? &parsed : nullptr); });
    }
    return true;
  }
};

json parse_body(const std::string& body, const std::string& what) {
  try {
    return json::parse(body);
  } catch (const json::parse_error& e) {
    throw ApiError::bad_request(what + ": " + e.what());
  }
}

void ensure_object(const json& body) {
  if (!body.is_object())
    throw ApiError::bad_request("the body of the request was in an unknown format - accepted media types include: application/json, application/yaml");
}

// The Scale subresource view of an object.
json get_path(const json& obj, const std::string& dotted) {
  const json* cur = &obj;
  for (const auto& part : split(dotted.size() && dotted[0] == '.' ? dotted.substr(1) : dotted, '.')) {
    if (!cur->is_object() || !cur->contains(part)) return json();
    cur = &(*cur)[part];
  }
  return *cur;
}

void set_path(json& obj, const std::string& dotted, json value) {
  json* cur = &obj;
  auto parts = split(dotted.size() && dotted[0] == '.' ? dotted.substr(1) : dotted, '.');
  for (size_t i = 0; i + 1 < parts.size(); ++i) cur = &(*cur)[parts[i]];
  (*cur)[parts.back()] = std::move(value);
}

json to_scale(const ResourceType& rt, const json& obj) {
  json scale = {{"kind", "Scale"}, {"apiVersion", "autoscaling/v1"}};
  const json& m = obj["metadata"];
  scale["metadata"] = {{"name", m["name"]}, {"uid", m.value("uid", "")}, {"resourceVersion", m.value("resourceVersion", "")},
                       {"creationTimestamp", m.value("creationTimestamp", "")}};
  if (m.contains("namespace")) scale["metadata"]["namespace"] = m["namespace"];
  json replicas = get_path(obj, rt.scale_spec_replicas_path);
  scale["spec"] = {{"replicas", replicas.is_number() ? replicas : json(0)}};
  json status_replicas = get_path(obj, rt.scale_status_replicas_path);
  scale["status"] = {{"replicas", status_replicas.is_number() ? status_replicas : json(0)}};
  std::string selector;
  if (!rt.custom) {
    json sel = obj["spec"].value("selector", json());
    if (sel.is_object()) {
      try {
        selector = kube::LabelSelector::from_json(sel).to_string();
      } catch (const std::exception&) {
      }
    }
  } else if (!rt.scale_label_selector_path.empty()) {
    json s = get_path(obj, rt.scale_label_selector_path);
    if (s.is_string()) selector = s;
  }
  if (!selector.empty()) scale["status"]["selector"] = selector;
  return scale;
}

// FieldsV1 for managedFields: the set of fields present, as the apiserver records for an
// Update by one manager (list items keyed by name when they have one).
json fields_v1(const json& value) {
  json out = json::object();
  if (value.is_object()) {
    for (auto& [k, v] : value.items()) out["f:" + k] = (v.is_object() || v.is_array()) ? fields_v1(v) : json::object();
  } else if (value.is_array()) {
    for (size_t i = 0; i < value.size(); ++i) {
      const json& item = value[i];
      if (item.is_object() && item.contains("name") && item["name"].is_string())
        out["k:" + json{{"name", item["name"]}}.dump()] = fields_v1(item);
      else if (!item.is_object() && !item.is_array())
        out["v:" + item.dump()] = json::object();
      else
        out["."] = json::object();
    }
  }
  return out;
}

void record_managed_fields(json& obj, const std::string& manager, const std::string& operation,
                           const std::string& api_version, const std::string& subresource) {
  json tracked = obj;
  tracked.erase("apiVersion");
  tracked.erase("kind");
  if (subresource.empty()) tracked.erase("status");
  json& meta = tracked["metadata"];
  for (const char* k : {"name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp",
                        "managedFields", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink"})
    meta.erase(k);
  if (meta.empty()) tracked.erase("metadata");
  if (!subresource.empty()) tracked = json{{"status", obj.value("status", json::object())}};
  json entry = {{"manager", manager.empty() ? "unknown" : manager},
                {"operation", operation},
                {"apiVersion", api_version},
                {"time", now_string()},
                {"fieldsType", "FieldsV1"},
                {"fieldsV1", fields_v1(tracked)}};
  if (!subresource.empty()) entry["subresource"] = subresource;
  json& mf = obj["metadata"]["managedFields"];
  if (!mf.is_array()) mf = json::array();
  for (auto it = mf.begin(); it != mf.end(); ++it)
    if ((*it).value("manager", "") == entry["manager"] && (*it).value("operation", "") == operation &&
        (*it).value("subresource", "") == subresource) {
      *it = entry;
      return;
    }
  mf.push_back(entry);
}
}  // namespace

ApiCore::ApiCore(ObjectStore& store, ResourceRegistry& registry, ClusterSettings settings)
    : store_(store), registry_(registry), settings_(std::move(settings)),
      admission_(std::make_unique<Admission>(*this)) {
  admission_->load_from_store();
}

ApiCore::~ApiCore() = default;

ResourceType ApiCore::type(std::string_view group, std::string_view resource) const {
  auto t = registry_.find_preferred(group, resource);
  if (!t) throw std::logic_error("unknown resource " + std::string(resource) + "." + std::string(group));
  return *t;
}

std::string ApiCore::render(const ResourceType& rt, const StoredObject& object) const {
  std::string prefix = "{\"apiVersion\":\"" + rt.api_version() + "\",";
  if (object.json.compare(0, prefix.size(), prefix) == 0) return object.json;
  json j = json::parse(object.json);
  j["apiVersion"] = rt.api_version();
  if (rt.custom || !j.contains("kind")) j["kind"] = rt.kind;
  return j.dump();
}

ObjectPtr ApiCore::get(const ResourceType& rt, const std::string& ns, const std::string& name) {
  ObjectPtr o = store_.get(storage_key(rt), rt.namespaced ? ns : "", name);
  if (!o) throw ApiError::not_found(rt, name);
  return o;
}

json ApiCore::get_json(const ResourceType& rt, const std::string& ns, const std::string& name) {
  return json::parse(render(rt, *get(rt, ns, name)));
}

std::optional<json> ApiCore::find_json(const ResourceType& rt, const std::string& ns, const std::string& name) {
  ObjectPtr o = store_.get(storage_key(rt), rt.namespaced ? ns : "", name);
  if (!o) return std::nullopt;
  return json::parse(render(rt, *o));
}

ListResult ApiCore::list(const ResourceType& rt, const std::string& ns, const ListOptions& options) {
  Matcher match(rt, options.label_selector, options.field_selector);
  ListResult result;
  std::string after;
  size_t offset = 0;
  uint64_t current = store_.current_rv();
  if (!options.continue_token.empty()) {
    ContinueToken token = decode_continue(options.continue_token);
    if (token.rv < store_.oldest_watchable_rv())
      throw ApiError::gone(
          "The provided continue parameter is too old to display a consistent list result. You can start a new "
          "list without the continue parameter, or use the continue token in this response to retrieve the "
          "remainder of the results. Continuing with the provided token results in an inconsistent list - objects "
          "that were created, modified, or deleted between the time the first chunk was returned and now may show "
          "up in the list.");
    after = token.start;
    offset = token.offset;
  } else if (!options.resource_version.empty() && options.resource_version != "0") {
    uint64_t want = 0;
    try {
      want = std::stoull(options.resource_version);
    } catch (const std::exception&) {
      throw ApiError::bad_request("invalid resource version: " + options.resource_version);
    }
    if (want > current) {
      // The apiserver waits a little for the cache to catch up, then gives up with 504.
      auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
      while (store_.current_rv() < want && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      if (store_.current_rv() < want)
        throw ApiError(504, "Timeout", "Too large resource version: " + std::to_string(want) + ", current: " + std::to_string(store_.current_rv()),
                       json{{"causes", json::array({{{"reason", "ResourceVersionTooLarge"}, {"message", "Too large resource version"}}})}, {"retryAfterSeconds", 1}});
    }
    if (options.resource_version_match == "Exact" && want < current && want < store_.oldest_watchable_rv())
      throw ApiError::gone("The resourceVersion for the provided list is too old.");
  }
  std::string key = storage_key(rt);
  std::string scope_ns = rt.namespaced ? ns : "";
  ObjectStore::Filter filter;
  if (!match.empty()) filter = [&match](const StoredObject& o) { return match(o); };
  size_t limit = options.limit;
  uint64_t snapshot = 0;
  if (!options.continue_token.empty()) snapshot = decode_continue(options.continue_token).rv;
  while (true) {
    size_t want = limit ? limit - result.items.size() : 0;
    ObjectStore::Page page;
    try {
      page = store_.list(key, scope_ns, after, want, filter, offset, snapshot);
    } catch (const StoreExpired&) {
      throw ApiError::gone("The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.");
    }
    if (result.rv == 0) result.rv = page.rv;
    for (auto& item : page.items) result.items.push_back(std::move(item));
    offset += page.scanned;
    if (!page.more) break;
    after = page.last_key;
    if (limit && result.items.size() >= limit) {
      result.continue_token = encode_continue({result.rv, after, offset});
      if (match.empty()) result.remaining_item_count = int64_t(page.remaining);
      break;
    }
  }
  if (!options.continue_token.empty()) result.rv = decode_continue(options.continue_token).rv;
  return result;
}

std::vector<json> ApiCore::list_json(const ResourceType& rt, const std::string& ns, const std::string& label_selector) {
  ListOptions o;
  o.label_selector = label_selector;
  std::vector<json> out;
  for (const auto& item : list(rt, ns, o).items) out.push_back(json::parse(item->json));
  return out;
}

json ApiCore::create(const ResourceType& rt, const std::string& ns, json body, const WriteOptions& options) {
  ensure_object(body);
  if (body.contains("apiVersion") && body["apiVersion"] != rt.api_version())
    throw ApiError::bad_request("the API version in the data (" + body["apiVersion"].get<std::string>() +
                                ") does not match the expected API version (" + rt.api_version() + ")");
  if (body.contains("kind") && body["kind"] != rt.kind)
    throw ApiError::bad_request("the kind in the data (" + body["kind"].dump() + ") does not match the expected kind (" + rt.kind + ")");
  body["apiVersion"] = rt.api_version();
  body["kind"] = rt.kind;
  if (!body.contains("metadata") || !body["metadata"].is_object()) body["metadata"] = json::object();
  json& meta = body["metadata"];
  if (rt.namespaced) {
    std::string body_ns = meta.value("namespace", "");
    if (!body_ns.empty() && body_ns != ns)
      throw ApiError::bad_request("the namespace of the provided object does not match the namespace sent on the request");
    meta["namespace"] = ns;
  } else {
    meta.erase("namespace");
  }
  decode_fields(rt, body, options.field_validation);
  std::string name = meta.value("name", "");
  if (name.empty()) {
    std::string gen = meta.value("generateName", "");
    if (gen.empty())
      throw ApiError::invalid(rt, "", {{"metadata.name", "FieldValueRequired", "Required value: name or generateName is required"}});
    if (gen.size() > 58) gen.resize(58);
    name = gen + random_alnum(5);
    meta["name"] = name;
  }
  std::vector<FieldCause> causes;
  validate_object_meta(rt, meta, causes);
  if (!causes.empty()) throw ApiError::invalid(rt, name, causes);
  if (rt.namespaced) {
    ResourceType ns_type = type("", "namespaces");
    ObjectPtr nso = store_.get(storage_key(ns_type), "", ns);
    if (!nso) throw ApiError::not_found(ns_type, ns);
    if (nso->json.find("\"deletionTimestamp\"") != std::string::npos) {
      json nsj = json::parse(nso->json);
      if (nsj["metadata"].contains("deletionTimestamp"))
        throw ApiError::forbidden(rt, name, "unable to create new content in namespace " + ns + " because it is being terminated");
    }
  }
  if (store_.get(storage_key(rt), rt.namespaced ? ns : "", name)) throw ApiError::already_exists(rt, name);
  meta["uid"] = random_uuid();
  meta["creationTimestamp"] = now_string();
  meta.erase("resourceVersion");
  meta.erase("deletionTimestamp");
  meta.erase("deletionGracePeriodSeconds");
  meta.erase("selfLink");
  meta.erase("managedFields");
  if (uses_generation(rt, body)) meta["generation"] = 1;
  else meta.erase("generation");
  return finish_create(rt, std::move(body), options);
}

json ApiCore::finish_create(const ResourceType& rt, json obj, const WriteOptions& options) {
  admission_->admit_create(rt, obj, options.dry_run);
  record_managed_fields(obj, options.field_manager, "Update", rt.api_version(), "");
  if (options.dry_run) {
    obj["metadata"].erase("resourceVersion");
    return obj;
  }
  ObjectPtr stored;
  try {
    stored = store_.create(storage_key(rt), obj);
  } catch (const StoreAlreadyExists&) {
    admission_->release(rt, obj);
    throw ApiError::already_exists(rt, obj["metadata"].value("name", ""));
  }
  json out = json::parse(stored->json);
  admission_->after_store(rt, out);
  return out;
}

json ApiCore::update(const ResourceType& rt, const std::string& ns, const std::string& name, json body,
                     const WriteOptions& options, Subresource sub) {
  ensure_object(body);
  if (sub == Subresource::Scale) return update_scale(rt, ns, name, body, options);
  if (body.contains("apiVersion") && body["apiVersion"] != rt.api_version())
    throw ApiError::bad_request("the API version in the data (" + body["apiVersion"].dump() + ") does not match the expected API version (" + rt.api_version() + ")");
  if (!body.contains("metadata") || !body["metadata"].is_object()) body["metadata"] = json::object();
  if (body["metadata"].value("name", name) != name)
    throw ApiError::bad_request("the name of the object (" + body["metadata"].value("name", "") + ") does not match the name on the URL (" + name + ")");
  if (rt.namespaced && body["metadata"].value("namespace", ns) != ns)
    throw ApiError::bad_request("the namespace of the provided object does not match the namespace sent on the request");
  decode_fields(rt, body, options.field_validation);
  ObjectPtr cur = store_.get(storage_key(rt), rt.namespaced ? ns : "", name);
  if (!cur) {
    if (rt.custom && sub == Subresource::None) {
      body["metadata"]["name"] = name;
      return create(rt, ns, body, options);
    }
    throw ApiError::not_found(rt, name);
  }
  std::string want_rv = body["metadata"].value("resourceVersion", "");
  if (!want_rv.empty() && want_rv != std::to_string(cur->rv))
    throw ApiError::conflict(rt, name, "the object has been modified; please apply your changes to the latest version and try again");
  body["apiVersion"] = rt.api_version();
  body["kind"] = rt.kind;
  body["metadata"]["name"] = name;
  if (rt.namespaced) body["metadata"]["namespace"] = ns;
  return finish_update(rt, cur, std::move(body), options, sub);
}

json ApiCore::finish_update(const ResourceType& rt, const ObjectPtr& old_ptr, json obj, const WriteOptions& options, Subresource sub) {
  json old = json::parse(old_ptr->json);
  json& meta = obj["metadata"];
  const json& om = old["metadata"];
  std::string name = om.value("name", "");
  if (meta.contains("uid") && !meta["uid"].is_null() && meta["uid"] != om["uid"])
    throw ApiError::conflict(rt, name, "Precondition failed: UID in precondition: " + meta["uid"].get<std::string>() + ", UID in object meta: " + om.value("uid", ""));
  if (sub == Subresource::Status) {
    // Only status changes through /status (metadata labels/annotations too, as the apiserver allows).
    json merged = old;
    merged["status"] = obj.value("status", json());
    if (merged["status"].is_null()) merged.erase("status");
    obj = std::move(merged);
  } else if (sub == Subresource::Finalize) {
    json merged = old;
    merged["spec"]["finalizers"] = obj["spec"].value("finalizers", json::array());
    obj = std::move(merged);
  } else if (sub == Subresource::None && rt.has_status && !options.force) {
    // Through the main resource, status is not writable when a status subresource exists.
    if (old.contains("status")) obj["status"] = old["status"];
    else obj.erase("status");
  }
  json& m = obj["metadata"];
  for (const char* k : {"uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "managedFields"}) {
    if (om.contains(k)) m[k] = om[k];
    else m.erase(k);
  }
  if (m.contains("finalizers") && m["finalizers"].is_array() && m["finalizers"].empty()) m.erase("finalizers");
  if (om.contains("deletionTimestamp")) {
    // Only removals of finalizers are allowed once deletion started.
    const json old_finalizers = om.value("finalizers", json::array());
    for (const auto& f : m.value("finalizers", json::array()))
      if (std::find(old_finalizers.begin(), old_finalizers.end(), f) == old_finalizers.end())
        throw ApiError::forbidden(rt, name, "no new finalizers can be added if the object is being deleted, found new finalizers [" + f.get<std::string>() + "]");
  }
  std::vector<FieldCause> meta_causes;
  validate_object_meta(rt, m, meta_causes);
  if (!meta_causes.empty()) throw ApiError::invalid(rt, name, meta_causes);
  if (om.contains("generation") && without_meta_status(old) != without_meta_status(obj))
    m["generation"] = om["generation"].get<int64_t>() + 1;
  admission_->admit_update(rt, old, obj, options.dry_run);
  std::string subname = sub == Subresource::Status ? "status" : "";
  if (without_meta_status(old) != without_meta_status(obj) || old["metadata"].value("labels", json()) != obj["metadata"].value("labels", json()) ||
      old["metadata"].value("annotations", json()) != obj["metadata"].value("annotations", json()) || old.value("status", json()) != obj.value("status", json()))
    record_managed_fields(obj, options.field_manager, "Update", rt.api_version(), subname);
  // Namespaces finish deleting once their finalizers are gone.
  bool finalized = om.contains("deletionTimestamp") && !m.contains("finalizers") &&
                   (!is(rt, "", "namespaces") || obj["spec"].value("finalizers", json::array()).empty());
  if (options.dry_run) return obj;
  m["resourceVersion"] = std::to_string(old_ptr->rv);
  obj.erase("resourceVersion");
  // No-op updates don't bump the resourceVersion (as the apiserver skips unchanged writes).
  json cmp_old = old, cmp_new = obj;
  cmp_old["metadata"].erase("managedFields");
  cmp_new["metadata"].erase("managedFields");
  if (cmp_old == cmp_new && !finalized) return old;
  ObjectPtr stored;
  try {
    stored = store_.update(storage_key(rt), obj, old_ptr->rv);
  } catch (const StoreConflict&) {
    throw ApiError::conflict(rt, name, "the object has been modified; please apply your changes to the latest version and try again");
  } catch (const StoreNotFound&) {
    throw ApiError::not_found(rt, name);
  }
  json out = json::parse(stored->json);
  admission_->after_store(rt, out);
  if (finalized) {
    delete_now(rt, stored);
  }
  return out;
}

json ApiCore::update_scale(const ResourceType& rt, const std::string& ns, const std::string& name,
                          const json& scale, const WriteOptions& options) {
  if (!rt.has_scale) throw ApiError::not_found(rt, name);
  const json& spec = scale.value("spec", json::object());
  if (!spec.contains("replicas") || !spec["replicas"].is_number_integer())
    throw ApiError::invalid(rt, name, {{"spec.replicas", "FieldValueRequired", "Required value"}});
  if (spec["replicas"].get<int64_t>() < 0)
    throw ApiError::invalid(rt, name, {{"spec.replicas", "FieldValueInvalid", "Invalid value: " + spec["replicas"].dump() + ": must be greater than or equal to 0"}});
  std::string want_rv = scale.value("metadata", json::object()).value("resourceVersion", "");
  for (int attempt = 0; attempt < 20; ++attempt) {
    ObjectPtr cur = get(rt, ns, name);
    if (!want_rv.empty() && want_rv != std::to_string(cur->rv))
      throw ApiError::conflict(rt, name, "the object has been modified; please apply your changes to the latest version and try again");
    json obj = json::parse(render(rt, *cur));
    set_path(obj, rt.scale_spec_replicas_path, spec["replicas"]);
    try {
      return to_scale(rt, finish_update(rt, cur, std::move(obj), options, Subresource::None));
    } catch (const ApiError& e) {
      if (e.reason() == "Conflict" && want_rv.empty()) continue;
      throw;
    }
  }
  throw ApiError::conflict(rt, name, "too many concurrent updates; try again");
}

json ApiCore::get_scale(const ResourceType& rt, const std::string& ns, const std::string& name) {
  if (!rt.has_scale) throw ApiError::not_found(rt, name);
  return to_scale(rt, get_json(rt, ns, name));
}

json ApiCore::patch(const ResourceType& rt, const std::string& ns, const std::string& name, PatchType type,
                    const std::string& patch_body, const WriteOptions& options, Subresource sub) {
  json patch_doc;
  if (type == PatchType::Apply) {
    try {
      patch_doc = parse_yaml(patch_body);
    } catch (const std::exception& e) {
      throw ApiError::bad_request(std::string("error decoding YAML: ") + e.what());
    }
  } else {
    patch_doc = parse_body(patch_body, "error decoding patch");
  }
  if (type == PatchType::Strategic && rt.custom)
    throw ApiError::unsupported_media_type("the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
  if (type != PatchType::Json && !patch_doc.is_object())
    throw ApiError::bad_request("error decoding patch: the patch must be a JSON object");
  if (type == PatchType::Json && !patch_doc.is_array())
    throw ApiError::bad_request("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
  for (int attempt = 0; attempt < 20; ++attempt) {
    ObjectPtr cur = store_.get(storage_key(rt), rt.namespaced ? ns : "", name);
    if (!cur) {
      if (type == PatchType::Apply && sub == Subresource::None) {
        json body = patch_doc;
        if (!body.contains("metadata") || !body["metadata"].is_object()) body["metadata"] = json::object();
        body["metadata"]["name"] = name;
        json out = create(rt, ns, body, options);
        return out;
      }
      throw ApiError::not_found(rt, name);
    }
    json current = json::parse(render(rt, *cur));
    json target = sub == Subresource::Scale ? to_scale(rt, current) : current;
    json patched;
    try {
      switch (type) {
        case PatchType::Merge: patched = kube::apply_merge_patch(target, patch_doc); break;
        case PatchType::Json: patched = kube::apply_json_patch(target, patch_doc); break;
        case PatchType::Strategic: {
          const auto& schema = kube::builtin_patch_schema(rt.group, sub == Subresource::Scale ? "Scale" : rt.kind);
          patched = kube::apply_strategic_merge_patch(target, patch_doc, schema);
          break;
        }
        case PatchType::Apply: {
          if (rt.custom) {
            patched = kube::apply_merge_patch(target, patch_doc);
          } else {
            patched = kube::apply_strategic_merge_patch(target, patch_doc, kube::builtin_patch_schema(rt.group, rt.kind));
          }
          break;
        }
      }
    } catch (const kube::PatchTestFailed& e) {
      throw ApiError::invalid(rt, name, {{"", "FieldValueInvalid", std::string("Invalid value: ") + e.what()}});
    } catch (const kube::PatchError& e) {
      throw ApiError(422, "Invalid", std::string(e.what()));
    }
    if (!patched.is_object()) throw ApiError::bad_request("the patch produced a non-object");
    if (sub == Subresource::Scale) {
      WriteOptions o = options;
      patched["metadata"]["resourceVersion"] = current["metadata"]["resourceVersion"];
      try {
        return update(rt, ns, name, patched, o, Subresource::Scale);
      } catch (const ApiError& e) {
        if (e.reason() == "Conflict") continue;
        throw;
      }
    }
    // A resourceVersion in the patch is a precondition; otherwise we retry on conflicts.
    bool precondition = patch_doc.is_object() && patch_doc.contains("metadata") && patch_doc["metadata"].is_object() &&
                        patch_doc["metadata"].contains("resourceVersion");
    if (!precondition) patched["metadata"]["resourceVersion"] = current["metadata"]["resourceVersion"];
    patched["metadata"]["name"] = name;
    if (rt.namespaced) patched["metadata"]["namespace"] = ns;
    patched["apiVersion"] = rt.api_version();
    patched["kind"] = rt.kind;
    decode_fields(rt, patched, options.field_validation);
    std::string want_rv = patched["metadata"].value("resourceVersion", "");
    if (want_rv != std::to_string(cur->rv)) {
      if (precondition) throw ApiError::conflict(rt, name, "the object has been modified; please apply your changes to the latest version and try again");
      continue;
    }
    try {
      WriteOptions o = options;
      return finish_update(rt, cur, std::move(patched), o, sub);
    } catch (const ApiError& e) {
      if (e.reason() == "Conflict" && !precondition && std::string(e.what()).find("modified") != std::string::npos) continue;
      throw;
    }
  }
  throw ApiError::conflict(rt, name, "too many concurrent updates; try again");
}

DeleteResult ApiCore::remove(const ResourceType& rt, const std::string& ns, const std::string& name, const DeleteOptions& options) {
  for (int attempt = 0; attempt < 20; ++attempt) {
    ObjectPtr cur = get(rt, ns, name);
    json obj = json::parse(render(rt, *cur));
    json& meta = obj["metadata"];
    if (options.precondition_uid && *options.precondition_uid != meta.value("uid", ""))
      throw ApiError::conflict(rt, name, "Precondition failed: UID in precondition: " + *options.precondition_uid + ", UID in object meta: " + meta.value("uid", ""));
    if (options.precondition_rv && *options.precondition_rv != meta.value("resourceVersion", ""))
      throw ApiError::conflict(rt, name, "Precondition failed: ResourceVersion in precondition: " + *options.precondition_rv + ", ResourceVersion in object meta: " + meta.value("resourceVersion", ""));
    std::string policy = options.propagation_policy;
    if (!policy.empty() && policy != "Background" && policy != "Foreground" && policy != "Orphan")
      throw ApiError::invalid(rt, name, {{"propagationPolicy", "FieldValueNotSupported", "Unsupported value: " + go_quote(policy) + ": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\""}});
    json finalizers = meta.value("finalizers", json::array());
    auto add_finalizer = [&](const std::string& f) {
      if (std::find(finalizers.begin(), finalizers.end(), f) == finalizers.end()) finalizers.push_back(f);
    };
    if (policy == "Foreground") add_finalizer("foregroundDeletion");
    if (policy == "Orphan") add_finalizer("orphan");
    bool is_namespace = is(rt, "", "namespaces");
    if (is_namespace || !finalizers.empty()) {
      if (options.dry_run) return {obj, false};
      bool changed = !meta.contains("deletionTimestamp") || finalizers != meta.value("finalizers", json::array());
      if (!changed) return {obj, false};
      if (!meta.contains("deletionTimestamp")) {
        meta["deletionTimestamp"] = now_string();
        meta["deletionGracePeriodSeconds"] = 0;
      }
      if (!finalizers.empty()) meta["finalizers"] = finalizers;
      if (is_namespace) obj["status"]["phase"] = "Terminating";
      try {
        ObjectPtr stored = store_.update(storage_key(rt), obj, cur->rv);
        return {json::parse(stored->json), false};
      } catch (const StoreConflict&) {
        continue;
      } catch (const StoreNotFound&) {
        throw ApiError::not_found(rt, name);
      }
    }
    if (options.dry_run) return {obj, false};
    try {
      ObjectPtr gone = store_.remove(storage_key(rt), rt.namespaced ? ns : "", name, cur->rv);
      json out = json::parse(gone->json);
      admission_->after_delete(rt, out);
      return {out, true};
    } catch (const StoreConflict&) {
      continue;
    } catch (const StoreNotFound&) {
      throw ApiError::not_found(rt, name);
    }
  }
  throw ApiError::conflict(rt, name, "too many concurrent updates; try again");
}

void ApiCore::delete_now(const ResourceType& rt, const ObjectPtr& current) {
  try {
    ObjectPtr gone = store_.remove(storage_key(rt), current->ns, current->name, current->rv);
    admission_->after_delete(rt, json::parse(gone->json));
  } catch (const StoreNotFound&) {
  } catch (const StoreConflict&) {
  }
}

std::vector<json> ApiCore::delete_collection(const ResourceType& rt, const std::string& ns, const ListOptions& list_options,
                                             const DeleteOptions& options) {
  ListOptions all = list_options;
  all.limit = 0;
  all.continue_token.clear();
  std::vector<json> out;
  for (const auto& item : list(rt, ns, all).items) {
    try {
      out.push_back(remove(rt, item->ns, item->name, options).object);
    } catch (const ApiError& e) {
      if (e.code() != 404) throw;
    }
  }
  return out;
}

std::optional<json> ApiCore::mutate(const ResourceType& rt, const std::string& ns, const std::string& name,
                                    const std::function<bool(json&)>& fn) {
  for (int attempt = 0; attempt < 50; ++attempt) {
    ObjectPtr cur = store_.get(storage_key(rt), rt.namespaced ? ns : "", name);
    if (!cur) return std::nullopt;
    json obj = json::parse(render(rt, *cur));
    if (!fn(obj)) return obj;
    WriteOptions o;
    o.field_manager = "kube-controller-manager";
    o.force = true;  // controllers write spec and status together
    try {
      return finish_update(rt, cur, std::move(obj), o, Subresource::None);
    } catch (const ApiError& e) {
      if (e.reason() == "Conflict") continue;
      if (e.code() == 404) return std::nullopt;
      throw;
    }
  }
  throw ApiError::conflict(rt, name, "too many concurrent updates; try again");
}

// ---- watch ----

namespace {
class WatchStreamImpl : public WatchStream {
 public:
  WatchStreamImpl(ApiCore& core, ResourceType rt, std::string ns, const WatchOptions& options)
      : core_(core), rt_(std::move(rt)), key_(storage_key(rt_)), ns_(rt_.namespaced ? std::move(ns) : ""),
        match_(rt_, options.list.label_selector, options.list.field_selector), bookmarks_(options.allow_bookmarks) {
    const std::string& rv = options.list.resource_version;
    bool initial = rv.empty() || rv == "0" || options.send_initial_events;
    if (options.send_initial_events && options.list.resource_version_match != "NotOlderThan" )
      throw ApiError::invalid(rt_, "", {{"resourceVersionMatch", "FieldValueForbidden", "Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"}});
    if (initial) {
      ListOptions lo = options.list;
      lo.limit = 0;
      lo.continue_token.clear();
      lo.resource_version.clear();
      auto result = core_.list(rt_, ns_, lo);
      for (auto& item : result.items) pending_.push_back({"ADDED", item, item->rv, nullptr, false});
      cursor_ = result.rv;
      if (options.send_initial_events) pending_.push_back({"BOOKMARK", nullptr, cursor_, nullptr, true});
    } else {
      try {
        cursor_ = std::stoull(rv);
      } catch (const std::exception&) {
        throw ApiError::bad_request("invalid resource version: " + rv);
      }
      if (cursor_ < core_.store().oldest_watchable_rv()) expire(cursor_);
    }
    last_sent_ = std::chrono::steady_clock::now();
  }

  std::vector<WatchEventOut> next(std::chrono::milliseconds wait) override {
    if (!pending_.empty() || finished_) {
      std::vector<WatchEventOut> out;
      out.swap(pending_);
      if (error_) finished_ = true;
      return out;
    }
    std::vector<WatchEventOut> out;
    try {
      auto [events, reached] = core_.store().events_after(cursor_, wait);
      for (const auto& e : events) {
        if (e.object->resource != key_) continue;
        if (!ns_.empty() && e.object->ns != ns_) continue;
        if (!match_(*e.object)) continue;
        out.push_back({event_type_name(e.type), e.object, e.rv, nullptr, false});
      }
      cursor_ = reached;
    } catch (const StoreExpired& e) {
      expire(cursor_);
      out.swap(pending_);
      finished_ = true;
      return out;
    }
    auto now = std::chrono::steady_clock::now();
    if (!out.empty()) {
      last_sent_ = now;
    } else if (bookmarks_ && now - last_sent_ > std::chrono::seconds(5)) {
      out.push_back({"BOOKMARK", nullptr, cursor_, nullptr, false});
      last_sent_ = now;
    }
    if (core_.store().interrupted()) finished_ = true;
    return out;
  }

  bool finished() const override { return finished_ && pending_.empty(); }

 private:
  void expire(uint64_t rv) {
    ApiError err = ApiError::gone("too old resource version: " + std::to_string(rv) + " (" + std::to_string(core_.store().oldest_watchable_rv() + 1) + ")");
    pending_.push_back({"ERROR", nullptr, 0, err.status(), false});
    error_ = true;
  }

  ApiCore& core_;
  ResourceType rt_;
  std::string key_;
  std::string ns_;
  Matcher match_;
  bool bookmarks_;
  uint64_t cursor_ = 0;
  std::vector<WatchEventOut> pending_;
  bool error_ = false;
  bool finished_ = false;
  std::chrono::steady_clock::time_point last_sent_;
};
}  // namespace

std::unique_ptr<WatchStream> ApiCore::watch(const ResourceType& rt, const std::string& ns, const WatchOptions& options) {
  return std::make_unique<WatchStreamImpl>(*this, rt, ns, options);
}

}  // namespace coffer::kubesim
