#include "kubesim/controllers/endpoints_controller.h"

#include <algorithm>

#include "kubesim/controllers/object_helpers.h"

namespace coffer::kubesim::controllers {
namespace {

constexpr const char* kServiceNameLabel = "kubernetes.io/service-name";
constexpr const char* kManagedByLabel = "endpointslice.kubernetes.io/managed-by";
constexpr const char* kSliceManager = "endpointslice-controller.k8s.io";
constexpr const char* kTriggerTime = "endpoints.kubernetes.io/last-change-trigger-time";

bool selects(const Labels& selector, const Labels& labels) {
  for (const auto& [k, v] : selector) {
    auto it = labels.find(k);
    if (it == labels.end() || it->second != v) return false;
  }
  return true;
}

// The container port a service targetPort names, or the number itself.
std::optional<int64_t> resolve_target_port(const json& target, const json& pod) {
  if (target.is_number_integer()) return target.get<int64_t>();
  if (!target.is_string()) return std::nullopt;
  std::string name = target.get<std::string>();
  for (const auto& c : at_path(pod, {"spec", "containers"}))
    for (const auto& p : at_path(c, {"ports"}))
      if (p.value("name", "") == name && p.contains("containerPort")) return p["containerPort"].get<int64_t>();
  try {
    return std::stoll(name);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

EndpointsController::EndpointsController(ControllerHost& host)
    : Controller(host, "endpoint-controller", "kube-controller-manager",
                 "system:serviceaccount:kube-system:endpoint-controller") {}

void EndpointsController::observe(const ObservedEvent& event) {
  const StoredObject& o = event.object();
  if (o.resource == "services") {
    auto& in_ns = selectors_[o.ns];
    in_ns.erase(o.name);
    if (!event.deleted()) {
      const json& service = event.json();
      const json& selector = at_path(service, {"spec", "selector"});
      if (selector.is_object() && !selector.empty() &&
          string_at(service, {"spec", "type"}) != "ExternalName") {
        Labels labels;
        for (const auto& [k, v] : selector.items())
          if (v.is_string()) labels[k] = v.get<std::string>();
        in_ns[o.name] = std::move(labels);
      }
    }
    if (in_ns.empty()) selectors_.erase(o.ns);
    enqueue(o.ns + "/" + o.name);
    return;
  }
  auto services = selectors_.find(o.ns);
  if (services == selectors_.end()) return;
  for (const auto& [name, selector] : services->second) {
    std::string key = o.ns + "/" + name;
    auto published = members_.find(key);
    bool was_member = published != members_.end() && published->second.count(o.name);
    if (was_member || (!event.deleted() && selects(selector, o.labels))) enqueue(key);
  }
}

void EndpointsController::reconcile(const std::string& key) {
  auto [ns, name] = split_namespaced_key(key);
  auto service = read(types().services, ns, name);
  auto selector = selectors_.find(ns);
  bool managed = service && selector != selectors_.end() && selector->second.count(name);
  if (!service) {
    members_.erase(key);
    if (core().store().get(types().endpoints.group_resource(), ns, name))
      remove(types().endpoints, ns, name);
    return;
  }
  if (!managed) return;
  json ports = json::array();
  auto endpoints = endpoints_for(*service, selector->second.at(name), ports);
  std::set<std::string> published;
  for (const auto& e : endpoints) published.insert(e.pod_name);
  members_[key] = std::move(published);
  write_endpoints(*service, endpoints, ports);
  write_slice(*service, endpoints, ports);
}

std::vector<EndpointsController::Endpoint> EndpointsController::endpoints_for(
    const json& service, const Labels& selector, json& ports) {
  const std::string ns = namespace_of(service);
  bool publish_unready = bool_at(service, {"spec", "publishNotReadyAddresses"}, false);
  auto page = core().store().list(types().pods.group_resource(), ns, "", 0,
                                  [&](const StoredObject& o) { return selects(selector, o.labels); });
  std::vector<Endpoint> out;
  std::optional<json> first_pod;
  for (const auto& stored : page.items) {
    json pod = json::parse(stored->json);
    std::string ip = string_at(pod, {"status", "podIP"});
    if (ip.empty() || pod_finished(pod)) continue;
    if (!first_pod) first_pod = pod;
    Endpoint e;
    e.ip = ip;
    e.node = string_at(pod, {"spec", "nodeName"});
    e.pod_name = name_of(pod);
    e.pod_uid = uid_of(pod);
    e.terminating = is_terminating(pod);
    e.ready = (pod_ready(pod) || publish_unready) && !e.terminating;
    if (string_at(pod, {"spec", "subdomain"}) == name_of(service))
      e.hostname = string_at(pod, {"spec", "hostname"});
    if (const NodeInfo* node = index().node(e.node))
      e.zone = node->labels.value("topology.kubernetes.io/zone", "");
    out.push_back(std::move(e));
  }
  std::sort(out.begin(), out.end(), [](const Endpoint& a, const Endpoint& b) { return a.ip < b.ip; });
  for (const auto& p : at_path(service, {"spec", "ports"})) {
    json target = p.contains("targetPort") ? p["targetPort"] : p.value("port", json());
    std::optional<int64_t> port =
        first_pod ? resolve_target_port(target, *first_pod)
                  : (target.is_number_integer() ? std::optional<int64_t>(target.get<int64_t>())
                                                : std::nullopt);
    if (!port) continue;
    json entry = {{"port", *port}, {"protocol", p.value("protocol", "TCP")}};
    if (!p.value("name", "").empty()) entry["name"] = p["name"];
    if (p.contains("appProtocol")) entry["appProtocol"] = p["appProtocol"];
    ports.push_back(std::move(entry));
  }
  return out;
}

void EndpointsController::write_endpoints(const json& service,
                                          const std::vector<Endpoint>& endpoints,
                                          const json& ports) {
  const std::string ns = namespace_of(service), name = name_of(service);
  json ready = json::array(), unready = json::array();
  for (const auto& e : endpoints) {
    if (e.terminating) continue;
    json address = {{"ip", e.ip},
                    {"targetRef",
                     {{"kind", "Pod"}, {"namespace", ns}, {"name", e.pod_name}, {"uid", e.pod_uid}}}};
    if (!e.node.empty()) address["nodeName"] = e.node;
    if (!e.hostname.empty()) address["hostname"] = e.hostname;
    (e.ready ? ready : unready).push_back(std::move(address));
  }
  json subsets = json::array();
  if (!ready.empty() || !unready.empty()) {
    json subset = {{"ports", ports}};
    if (!ready.empty()) subset["addresses"] = ready;
    if (!unready.empty()) subset["notReadyAddresses"] = unready;
    subsets.push_back(std::move(subset));
  }
  json labels = labels_of(service).is_object() ? labels_of(service) : json::object();
  if (!core().store().get(types().endpoints.group_resource(), ns, name)) {
    json body = {{"metadata",
                  {{"name", name}, {"labels", labels},
                   {"annotations", {{kTriggerTime, now_rfc3339()}}}}}};
    if (!subsets.empty()) body["subsets"] = subsets;
    create_if_absent(types().endpoints, ns, body);
    return;
  }
  modify(types().endpoints, ns, name, [&](json& ep) {
    json current = ep.contains("subsets") ? ep["subsets"] : json::array();
    if (current.is_null()) current = json::array();
    bool changed = false;
    if (current != subsets) {
      if (subsets.empty())
        ep.erase("subsets");
      else
        ep["subsets"] = subsets;
      set_annotation(ep, kTriggerTime, now_rfc3339());
      changed = true;
    }
    if (labels_of(ep) != labels) {
      ep["metadata"]["labels"] = labels;
      changed = true;
    }
    return changed;
  });
}

void EndpointsController::write_slice(const json& service, const std::vector<Endpoint>& endpoints,
                                      const json& ports) {
  const std::string ns = namespace_of(service), uid = uid_of(service);
  json items = json::array();
  for (const auto& e : endpoints) {
    json item = {{"addresses", json::array({e.ip})},
                 {"conditions",
                  {{"ready", e.ready}, {"serving", e.ready || e.terminating}, {"terminating", e.terminating}}},
                 {"targetRef",
                  {{"kind", "Pod"}, {"namespace", ns}, {"name", e.pod_name}, {"uid", e.pod_uid}}}};
    if (!e.node.empty()) item["nodeName"] = e.node;
    if (!e.zone.empty()) item["zone"] = e.zone;
    if (!e.hostname.empty()) item["hostname"] = e.hostname;
    items.push_back(std::move(item));
  }
  json slice_ports = json::array();
  for (const auto& p : ports) {
    json entry = p;
    if (!entry.contains("name")) entry["name"] = "";
    slice_ports.push_back(std::move(entry));
  }
  json labels = labels_of(service).is_object() ? labels_of(service) : json::object();
  labels[kServiceNameLabel] = name_of(service);
  labels[kManagedByLabel] = kSliceManager;
  std::optional<std::string> existing;
  for (const auto& ref : index().dependents_of(uid, types().endpointslices.group_resource())) {
    if (!existing) {
      existing = ref.name;
    } else {  // one slice is enough here
      remove(types().endpointslices, ns, ref.name);
    }
  }
  if (!existing) {
    json owner = owner_reference(service, true);
    create(types().endpointslices, ns,
           {{"metadata",
             {{"generateName", name_of(service) + "-"},
              {"labels", labels},
              {"annotations", {{kTriggerTime, now_rfc3339()}}},
              {"ownerReferences", json::array({owner})}}},
            {"addressType", "IPv4"},
            {"endpoints", items},
            {"ports", slice_ports}});
    return;
  }
  modify(types().endpointslices, ns, *existing, [&](json& slice) {
    bool changed = false;
    if (slice.value("endpoints", json()) != items || slice.value("ports", json()) != slice_ports) {
      slice["endpoints"] = items;
      slice["ports"] = slice_ports;
      set_annotation(slice, kTriggerTime, now_rfc3339());
      changed = true;
    }
    if (labels_of(slice) != labels) {
      slice["metadata"]["labels"] = labels;
      changed = true;
    }
    return changed;
  });
}

}  // namespace coffer::kubesim::controllers
