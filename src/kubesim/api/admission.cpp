#include "kubesim/api/admission.h"

#include <arpa/inet.h>

#include "common/base64.h"
#include "common/random_id.h"
#include "common/text.h"

#include <regex>
#include "kube/labels/label_selector.h"
#include "kubesim/api/api_core.h"
#include "kubesim/api/validation.h"

namespace coffer::kubesim {
namespace {
using json = nlohmann::json;

bool is(const ResourceType& rt, std::string_view group, std::string_view resource) {
  return rt.group == group && rt.resource == resource;
}

std::string ip_string(uint32_t ip) {
  in_addr a{htonl(ip)};
  char buf[INET_ADDRSTRLEN];
  inet_ntop(AF_INET, &a, buf, sizeof buf);
  return buf;
}

std::optional<uint32_t> parse_ip(const std::string& s) {
  in_addr a{};
  if (inet_pton(AF_INET, s.c_str(), &a) != 1) return std::nullopt;
  return ntohl(a.s_addr);
}

void set_default(json& obj, const char* key, json value) {
  if (!obj.contains(key) || obj[key].is_null()) obj[key] = std::move(value);
}

bool image_is_latest(const std::string& image) {
  size_t slash = image.rfind('/');
  size_t colon = image.rfind(':');
  if (image.find('@') != std::string::npos) return false;
  if (colon == std::string::npos || (slash != std::string::npos && colon < slash)) return true;
  return image.substr(colon + 1) == "latest";
}

void default_container(json& c) {
  set_default(c, "terminationMessagePath", "/dev/termination-log");
  set_default(c, "terminationMessagePolicy", "File");
  set_default(c, "resources", json::object());
  if (!c.contains("imagePullPolicy"))
    c["imagePullPolicy"] = image_is_latest(c.value("image", "")) ? "Always" : "IfNotPresent";
  if (c.contains("ports") && c["ports"].is_array())
    for (auto& p : c["ports"]) set_default(p, "protocol", "TCP");
  for (const char* probe : {"livenessProbe", "readinessProbe", "startupProbe"}) {
    if (!c.contains(probe) || !c[probe].is_object()) continue;
    auto& p = c[probe];
    set_default(p, "timeoutSeconds", 1);
    set_default(p, "periodSeconds", 10);
    set_default(p, "successThreshold", 1);
    set_default(p, "failureThreshold", 3);
    if (p.contains("httpGet") && p["httpGet"].is_object()) {
      set_default(p["httpGet"], "scheme", "HTTP");
      set_default(p["httpGet"], "path", "/");
    }
  }
  if (c.contains("env") && c["env"].is_array())
    for (auto& e : c["env"])
      if (e.contains("valueFrom") && e["valueFrom"].contains("fieldRef"))
        set_default(e["valueFrom"]["fieldRef"], "apiVersion", "v1");
}

void default_volumes(json& spec) {
  if (!spec.contains("volumes") || !spec["volumes"].is_array()) return;
  for (auto& v : spec["volumes"]) {
    for (const char* src : {"secret", "configMap"})
      if (v.contains(src) && v[src].is_object()) set_default(v[src], "defaultMode", 420);
    if (v.contains("hostPath") && v["hostPath"].is_object()) set_default(v["hostPath"], "type", "");
    if (v.contains("emptyDir") && v["emptyDir"].is_null()) v["emptyDir"] = json::object();
  }
}
}  // namespace

Admission::Admission(ApiCore& core) : core_(core) {
  const std::string& cidr = core_.settings().service_cidr;
  size_t slash = cidr.find('/');
  auto base = parse_ip(cidr.substr(0, slash));
  int bits = slash == std::string::npos ? 24 : std::stoi(cidr.substr(slash + 1));
  service_mask_ = bits == 0 ? 0 : ~uint32_t(0) << (32 - bits);
  service_net_ = base.value_or(0) & service_mask_;
  next_node_port_ = core_.settings().node_port_min;
}

void Admission::load_from_store() {
  for (const auto& crd : core_.list_json(core_.type("apiextensions.k8s.io", "customresourcedefinitions"), ""))
    serve_crd(crd);
  for (const auto& svc : core_.list_json(core_.type("apiregistration.k8s.io", "apiservices"), ""))
    serve_apiservice(svc);
  std::lock_guard lock(alloc_mu_);
  for (const auto& svc : core_.list_json(core_.type("", "services"), "")) {
    const json& spec = svc.value("spec", json::object());
    if (auto ip = parse_ip(spec.value("clusterIP", ""))) cluster_ips_.insert(*ip);
    if (spec.contains("ports") && spec["ports"].is_array())
      for (const auto& p : spec["ports"])
        if (p.contains("nodePort") && p["nodePort"].is_number_integer())
          node_ports_.insert(p["nodePort"].get<int>());
  }
}

void Admission::default_pod_spec(json& spec, bool is_pod) {
  set_default(spec, "restartPolicy", "Always");
  set_default(spec, "terminationGracePeriodSeconds", 30);
  set_default(spec, "dnsPolicy", "ClusterFirst");
  set_default(spec, "securityContext", json::object());
  set_default(spec, "schedulerName", "default-scheduler");
  for (const char* list : {"containers", "initContainers"})
    if (spec.contains(list) && spec[list].is_array())
      for (auto& c : spec[list]) default_container(c);
  default_volumes(spec);
  if (!is_pod) return;
  // What the ServiceAccount admission plugin and pod defaulting add to a created pod.
  set_default(spec, "serviceAccountName", "default");
  spec["serviceAccount"] = spec["serviceAccountName"];
  set_default(spec, "enableServiceLinks", true);
  set_default(spec, "preemptionPolicy", "PreemptLowerPriority");
  set_default(spec, "priority", 0);
  if (!spec.contains("tolerations")) {
    spec["tolerations"] = json::array(
        {{{"key", "node.kubernetes.io/not-ready"}, {"operator", "Exists"}, {"effect", "NoExecute"}, {"tolerationSeconds", 300}},
         {{"key", "node.kubernetes.io/unreachable"}, {"operator", "Exists"}, {"effect", "NoExecute"}, {"tolerationSeconds", 300}}});
  }
  bool automount = spec.value("automountServiceAccountToken", true);
  bool has_token_volume = false;
  if (spec.contains("volumes"))
    for (auto& v : spec["volumes"])
      if (v.value("name", "").rfind("kube-api-access-", 0) == 0) has_token_volume = true;
  if (automount && !has_token_volume) {
    std::string vol = "kube-api-access-" + random_alnum(5);
    json projected = {
        {"name", vol},
        {"projected",
         {{"defaultMode", 420},
          {"sources",
           json::array(
               {{{"serviceAccountToken", {{"expirationSeconds", 3607}, {"path", "token"}}}},
                {{"configMap", {{"name", "kube-root-ca.crt"}, {"items", json::array({{{"key", "ca.crt"}, {"path", "ca.crt"}}})}}}},
                {{"downwardAPI",
                  {{"items", json::array({{{"path", "namespace"},
                                           {"fieldRef", {{"apiVersion", "v1"}, {"fieldPath", "metadata.namespace"}}}}})}}}}})}}}};
    if (!spec.contains("volumes") || !spec["volumes"].is_array()) spec["volumes"] = json::array();
    spec["volumes"].push_back(projected);
    for (const char* list : {"containers", "initContainers"})
      if (spec.contains(list) && spec[list].is_array())
        for (auto& c : spec[list]) {
          if (!c.contains("volumeMounts") || !c["volumeMounts"].is_array()) c["volumeMounts"] = json::array();
          c["volumeMounts"].push_back({{"name", vol}, {"readOnly", true}, {"mountPath", "/var/run/secrets/kubernetes.io/serviceaccount"}});
        }
  }
}

namespace {
// The Secret strategy folds stringData into data (base64) on every write.
void fold_string_data(json& obj) {
  if (!obj.contains("stringData")) return;
  if (obj["stringData"].is_object())
    for (auto& [k, v] : obj["stringData"].items())
      if (v.is_string()) obj["data"][k] = base64_encode(v.get<std::string>());
  obj.erase("stringData");
}
}  // namespace

void Admission::admit_create(const ResourceType& rt, json& obj, bool dry_run) {
  json& meta = obj["metadata"];
  if (is(rt, "", "secrets")) {
    fold_string_data(obj);
    set_default(obj, "type", "Opaque");
  }
  if (is(rt, "", "namespaces")) {
    meta["labels"]["kubernetes.io/metadata.name"] = meta["name"];
    obj["spec"] = {{"finalizers", json::array({"kubernetes"})}};
    obj["status"] = {{"phase", "Active"}};
  } else if (is(rt, "", "pods")) {
    if (!obj.contains("spec") || !obj["spec"].is_object()) obj["spec"] = json::object();
    default_pod_spec(obj["spec"], true);
    obj["status"] = {{"phase", "Pending"}, {"qosClass", "BestEffort"}};
  } else if (is(rt, "", "persistentvolumeclaims")) {
    json& spec = obj["spec"];
    // The beta annotation, where present, names the class instead (older manifests use it).
    bool annotated = meta.contains("annotations") && meta["annotations"].is_object() &&
                     meta["annotations"].contains("volume.beta.kubernetes.io/storage-class");
    if (!annotated && (!spec.contains("storageClassName") || spec["storageClassName"].is_null())) {
      // DefaultStorageClass admission: the class marked default, if any.
      for (const auto& sc : core_.list_json(core_.type("storage.k8s.io", "storageclasses"), "")) {
        auto ann = sc["metadata"].value("annotations", json::object());
        if (ann.value("storageclass.kubernetes.io/is-default-class", "") == "true")
          spec["storageClassName"] = sc["metadata"]["name"];
      }
    }
    set_default(spec, "volumeMode", "Filesystem");
    obj["status"] = {{"phase", "Pending"}};
  } else if (is(rt, "", "persistentvolumes")) {
    set_default(obj["spec"], "persistentVolumeReclaimPolicy",
                obj["spec"].contains("claimRef") ? "Retain" : "Retain");
    set_default(obj["spec"], "volumeMode", "Filesystem");
    obj["status"] = {{"phase", "Available"}};
  } else if (is(rt, "", "services")) {
    admit_service(obj, nullptr, dry_run);
  } else if (rt.group == "apps" && (rt.resource == "deployments" || rt.resource == "replicasets" ||
                                    rt.resource == "statefulsets" || rt.resource == "daemonsets")) {
    json& spec = obj["spec"];
    if (rt.resource != "daemonsets") set_default(spec, "replicas", 1);
    set_default(spec, "revisionHistoryLimit", 10);
    if (rt.resource == "deployments") {
      set_default(spec, "progressDeadlineSeconds", 600);
      set_default(spec, "strategy", json::object());
      set_default(spec["strategy"], "type", "RollingUpdate");
      if (spec["strategy"].value("type", "") == "RollingUpdate")
        set_default(spec["strategy"], "rollingUpdate", json{{"maxUnavailable", "25%"}, {"maxSurge", "25%"}});
    }
    if (rt.resource == "statefulsets") {
      set_default(spec, "podManagementPolicy", "OrderedReady");
      set_default(spec, "updateStrategy", json{{"type", "RollingUpdate"}, {"rollingUpdate", {{"partition", 0}}}});
      set_default(spec, "persistentVolumeClaimRetentionPolicy", json{{"whenDeleted", "Retain"}, {"whenScaled", "Retain"}});
      if (spec.contains("volumeClaimTemplates") && spec["volumeClaimTemplates"].is_array())
        for (auto& t : spec["volumeClaimTemplates"]) {
          set_default(t, "apiVersion", "v1");
          set_default(t, "kind", "PersistentVolumeClaim");
          set_default(t["spec"], "volumeMode", "Filesystem");
          set_default(t, "status", json{{"phase", "Pending"}});
        }
    }
    if (rt.resource == "daemonsets")
      set_default(spec, "updateStrategy", json{{"type", "RollingUpdate"}, {"rollingUpdate", {{"maxUnavailable", 1}, {"maxSurge", 0}}}});
    if (spec.contains("template") && spec["template"].is_object()) {
      set_default(spec["template"], "metadata", json::object());
      if (!spec["template"].contains("spec")) spec["template"]["spec"] = json::object();
      default_pod_spec(spec["template"]["spec"], false);
    }
    obj["status"] = json::object();
  } else if (is(rt, "batch", "jobs")) {
    json& spec = obj["spec"];
    set_default(spec, "parallelism", 1);
    set_default(spec, "completions", 1);
    set_default(spec, "backoffLimit", 6);
    set_default(spec, "completionMode", "NonIndexed");
    set_default(spec, "suspend", false);
    set_default(spec, "podReplacementPolicy", "TerminatingOrFailed");
    std::string uid = meta.value("uid", "");
    std::string name = meta.value("name", "");
    if (!spec.value("manualSelector", false)) {
      spec["selector"] = {{"matchLabels", {{"batch.kubernetes.io/controller-uid", uid}}}};
      json& labels = spec["template"]["metadata"]["labels"];
      labels["batch.kubernetes.io/controller-uid"] = uid;
      labels["batch.kubernetes.io/job-name"] = name;
      labels["controller-uid"] = uid;
      labels["job-name"] = name;
    }
    set_default(spec["template"], "spec", json::object());
    default_pod_spec(spec["template"]["spec"], false);
    obj["status"] = json::object();
  } else if (is(rt, "batch", "cronjobs")) {
    json& spec = obj["spec"];
    set_default(spec, "concurrencyPolicy", "Allow");
    set_default(spec, "suspend", false);
    set_default(spec, "successfulJobsHistoryLimit", 3);
    set_default(spec, "failedJobsHistoryLimit", 1);
    obj["status"] = json::object();
  } else if (is(rt, "apiextensions.k8s.io", "customresourcedefinitions")) {
    admit_crd(obj, nullptr);
  } else if (is(rt, "apiregistration.k8s.io", "apiservices")) {
    bool local = !obj["spec"].contains("service") || obj["spec"]["service"].is_null();
    obj["status"] = {{"conditions",
                      json::array({{{"type", "Available"},
                                    {"status", local ? "True" : "False"},
                                    {"lastTransitionTime", meta["creationTimestamp"]},
                                    {"reason", local ? "Local" : "MissingEndpoints"},
                                    {"message", local ? "Local APIServices are always available"
                                                      : "endpoints for service/" +
                                                            obj["spec"]["service"].value("name", "") +
                                                            " in \"" +
                                                            obj["spec"]["service"].value("namespace", "") +
                                                            "\" have no addresses with port name \"https\""}}})}};
  } else if (rt.custom && rt.has_status) {
    obj.erase("status");
  }
  validate_kind(rt, obj, nullptr);
}

void Admission::admit_update(const ResourceType& rt, const json& old, json& obj, bool dry_run) {
  if (is(rt, "", "secrets")) fold_string_data(obj);
  if (is(rt, "", "services")) {
    admit_service(obj, &old, dry_run);
  } else if (is(rt, "", "namespaces")) {
    obj["metadata"]["labels"]["kubernetes.io/metadata.name"] = obj["metadata"]["name"];
  } else if (is(rt, "apiextensions.k8s.io", "customresourcedefinitions")) {
    admit_crd(obj, &old);
  } else if (is(rt, "", "persistentvolumeclaims")) {
    // spec is immutable after creation except resources.requests and volumeAttributesClassName.
    const json& os = old["spec"];
    json& ns = obj["spec"];
    if (!ns.contains("storageClassName") && os.contains("storageClassName"))
      ns["storageClassName"] = os["storageClassName"];
    if (!ns.contains("volumeName") && os.contains("volumeName")) ns["volumeName"] = os["volumeName"];
  }
  validate_kind(rt, obj, &old);
}

void Admission::admit_service(json& obj, const json* old, bool dry_run) {
  json& spec = obj["spec"];
  if (!spec.is_object()) spec = json::object();
  std::string type = spec.value("type", "ClusterIP");
  spec["type"] = type;
  std::vector<FieldCause> causes;
  if (type != "ExternalName") {
    set_default(spec, "sessionAffinity", "None");
    set_default(spec, "internalTrafficPolicy", "Cluster");
  }
  if (spec.contains("ports") && spec["ports"].is_array()) {
    for (size_t i = 0; i < spec["ports"].size(); ++i) {
      json& p = spec["ports"][i];
      set_default(p, "protocol", "TCP");
      if (p.contains("port") && !p.contains("targetPort")) p["targetPort"] = p["port"];
    }
  } else if (type != "ExternalName" && spec.value("clusterIP", "") != "None") {
    causes.push_back({"spec.ports", "FieldValueRequired", "Required value"});
  }
  std::lock_guard lock(alloc_mu_);
  std::vector<uint32_t> new_ips;
  std::vector<int> new_ports;
  auto rollback = [&] {
    for (auto ip : new_ips) cluster_ips_.erase(ip);
    for (int p : new_ports) node_ports_.erase(p);
  };
  if (type == "ExternalName") {
    spec.erase("clusterIP");
    spec.erase("clusterIPs");
  } else {
    std::string ip = spec.value("clusterIP", "");
    std::string old_ip = old ? (*old)["spec"].value("clusterIP", "") : "";
    if (old && ip.empty()) ip = old_ip;
    if (old && !old_ip.empty() && ip != old_ip) {
      causes.push_back({"spec.clusterIPs[0]", "FieldValueInvalid",
                        "Invalid value: []string{" + go_quote(ip) + "}: may not change once set"});
    } else if (ip == "None") {
      spec["clusterIPs"] = json::array({"None"});
    } else if (ip.empty()) {
      uint32_t size = ~service_mask_;
      for (uint32_t n = 0; n + 1 < size; ++n) {
        uint32_t offset = next_ip_offset_ + n;
        if (offset == 0 || offset >= size) { next_ip_offset_ = 2; continue; }
        uint32_t cand = service_net_ | offset;
        if (!cluster_ips_.count(cand)) {
          cluster_ips_.insert(cand);
          new_ips.push_back(cand);
          next_ip_offset_ = offset + 1;
          ip = ip_string(cand);
          break;
        }
      }
      if (ip.empty()) causes.push_back({"spec.clusterIPs", "FieldValueInvalid", "Invalid value: []string{}: failed to allocate IP: range is full"});
    } else if (!old || ip != old_ip) {
      auto parsed = parse_ip(ip);
      if (!parsed) {
        causes.push_back({"spec.clusterIPs[0]", "FieldValueInvalid", "Invalid value: " + go_quote(ip) + ": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"});
      } else if ((*parsed & service_mask_) != service_net_) {
        causes.push_back({"spec.clusterIPs", "FieldValueInvalid", "Invalid value: []string{" + go_quote(ip) + "}: failed to allocate IP " + ip + ": the provided IP (" + ip + ") is not in the valid range. The range of valid IPs is " + core_.settings().service_cidr});
      } else if (cluster_ips_.count(*parsed)) {
        causes.push_back({"spec.clusterIPs", "FieldValueInvalid", "Invalid value: []string{" + go_quote(ip) + "}: failed to allocate IP " + ip + ": provided IP is already allocated"});
      } else {
        cluster_ips_.insert(*parsed);
        new_ips.push_back(*parsed);
      }
    }
    if (!ip.empty()) {
      spec["clusterIP"] = ip;
      spec["clusterIPs"] = json::array({ip});
      if (ip != "None") {
        set_default(spec, "ipFamilies", json::array({"IPv4"}));
        set_default(spec, "ipFamilyPolicy", "SingleStack");
      } else {
        set_default(spec, "ipFamilies", json::array({"IPv4"}));
        set_default(spec, "ipFamilyPolicy", "SingleStack");
      }
    }
  }
  bool wants_node_ports = type == "NodePort" ||
                          (type == "LoadBalancer" && spec.value("allocateLoadBalancerNodePorts", true));
  if (type == "NodePort" || type == "LoadBalancer") set_default(spec, "externalTrafficPolicy", "Cluster");
  if (type == "LoadBalancer") set_default(spec, "allocateLoadBalancerNodePorts", true);
  if (spec.contains("ports") && spec["ports"].is_array()) {
    for (size_t i = 0; i < spec["ports"].size(); ++i) {
      json& p = spec["ports"][i];
      if (!wants_node_ports) {
        if (type != "NodePort" && type != "LoadBalancer") p.erase("nodePort");
        continue;
      }
      int old_port = 0;
      if (old && (*old)["spec"].contains("ports"))
        for (const auto& op : (*old)["spec"]["ports"])
          if (op.value("port", -1) == p.value("port", -2) && op.contains("nodePort"))
            old_port = op["nodePort"].get<int>();
      int want = p.contains("nodePort") && p["nodePort"].is_number_integer() ? p["nodePort"].get<int>() : old_port;
      if (want != 0 && want == old_port) {
        p["nodePort"] = want;
        continue;
      }
      int lo = core_.settings().node_port_min, hi = core_.settings().node_port_max;
      if (want == 0) {
        for (int n = 0; n <= hi - lo; ++n) {
          int cand = lo + (next_node_port_ - lo + n) % (hi - lo + 1);
          if (!node_ports_.count(cand)) {
            want = cand;
            next_node_port_ = cand + 1;
            break;
          }
        }
        node_ports_.insert(want);
        new_ports.push_back(want);
        p["nodePort"] = want;
      } else if (want < lo || want > hi) {
        causes.push_back({"spec.ports[" + std::to_string(i) + "].nodePort", "FieldValueInvalid",
                          "Invalid value: " + std::to_string(want) + ": provided port is not in the valid range. The range of valid ports is " +
                              std::to_string(lo) + "-" + std::to_string(hi)});
      } else if (node_ports_.count(want)) {
        causes.push_back({"spec.ports[" + std::to_string(i) + "].nodePort", "FieldValueInvalid",
                          "Invalid value: " + std::to_string(want) + ": provided port is already allocated"});
      } else {
        node_ports_.insert(want);
        new_ports.push_back(want);
      }
    }
  }
  if (!old) obj["status"] = {{"loadBalancer", json::object()}};
  if (!causes.empty()) {
    rollback();
    throw ApiError::invalid(core_.type("", "services"), obj["metadata"].value("name", ""), causes);
  }
  if (dry_run) rollback();
  if (old) {
    // Release what the old version held and the new one does not.
    const json& os = (*old)["spec"];
    if (auto oip = parse_ip(os.value("clusterIP", "")); oip && spec.value("clusterIP", "") != os.value("clusterIP", ""))
      if (!dry_run) cluster_ips_.erase(*oip);
    if (os.contains("ports") && !dry_run)
      for (const auto& op : os["ports"]) {
        if (!op.contains("nodePort")) continue;
        int port = op["nodePort"].get<int>();
        bool kept = false;
        if (spec.contains("ports"))
          for (const auto& np : spec["ports"])
            if (np.value("nodePort", 0) == port) kept = true;
        if (!kept) node_ports_.erase(port);
      }
  }
}

void Admission::release(const ResourceType& rt, const json& obj) {
  if (!is(rt, "", "services")) return;
  std::lock_guard lock(alloc_mu_);
  const json& spec = obj.value("spec", json::object());
  if (auto ip = parse_ip(spec.value("clusterIP", ""))) cluster_ips_.erase(*ip);
  if (spec.contains("ports") && spec["ports"].is_array())
    for (const auto& p : spec["ports"])
      if (p.contains("nodePort") && p["nodePort"].is_number_integer()) node_ports_.erase(p["nodePort"].get<int>());
}

void Admission::after_delete(const ResourceType& rt, const json& old) {
  release(rt, old);
  if (is(rt, "apiextensions.k8s.io", "customresourcedefinitions")) {
    std::string name = old["metadata"].value("name", "");
    std::string group = old["spec"].value("group", "");
    std::string plural = old["spec"]["names"].value("plural", "");
    core_.store().remove_all(group.empty() ? plural : plural + "." + group);
    core_.registry().set_custom_resources(name, {});
  } else if (is(rt, "apiregistration.k8s.io", "apiservices")) {
    const json& spec = old["spec"];
    core_.registry().remove_aggregated_group(spec.value("group", ""), spec.value("version", ""));
  }
}

void Admission::after_store(const ResourceType& rt, const json& obj) {
  if (is(rt, "apiextensions.k8s.io", "customresourcedefinitions")) serve_crd(obj);
  if (is(rt, "apiregistration.k8s.io", "apiservices")) serve_apiservice(obj);
}

void Admission::admit_crd(json& obj, const json* old) {
  json& spec = obj["spec"];
  std::string name = obj["metadata"].value("name", "");
  std::vector<FieldCause> causes;
  std::string group = spec.value("group", "");
  json& names = spec["names"];
  std::string plural = names.value("plural", "");
  std::string kind = names.value("kind", "");
  if (group.empty()) causes.push_back({"spec.group", "FieldValueRequired", "Required value"});
  else if (group.find('.') == std::string::npos)
    causes.push_back({"spec.group", "FieldValueInvalid", "Invalid value: " + go_quote(group) + ": should be a domain with at least one dot"});
  if (plural.empty()) causes.push_back({"spec.names.plural", "FieldValueRequired", "Required value"});
  if (kind.empty()) causes.push_back({"spec.names.kind", "FieldValueRequired", "Required value"});
  if (!plural.empty() && !group.empty() && name != plural + "." + group)
    causes.push_back({"metadata.name", "FieldValueInvalid", "Invalid value: " + go_quote(name) + ": must be spec.names.plural+\".\"+spec.group"});
  std::string scope = spec.value("scope", "");
  if (scope != "Namespaced" && scope != "Cluster")
    causes.push_back({"spec.scope", "FieldValueNotSupported", "Unsupported value: " + go_quote(scope) + ": supported values: \"Cluster\", \"Namespaced\""});
  int storage = 0;
  std::string storage_version;
  if (!spec.contains("versions") || !spec["versions"].is_array() || spec["versions"].empty()) {
    causes.push_back({"spec.versions", "FieldValueInvalid", "Invalid value: null: must have exactly one version marked as storage version"});
  } else {
    for (auto& v : spec["versions"])
      if (v.value("storage", false)) {
        ++storage;
        storage_version = v.value("name", "");
      }
    if (storage != 1)
      causes.push_back({"spec.versions", "FieldValueInvalid", "Invalid value: " + json(spec["versions"]).dump() + ": must have exactly one version marked as storage version"});
  }
  if (!causes.empty())
    throw ApiError::invalid(core_.type("apiextensions.k8s.io", "customresourcedefinitions"), name, causes);
  set_default(names, "singular", to_lower(kind));
  set_default(names, "listKind", kind + "List");
  set_default(spec, "conversion", json{{"strategy", "None"}});
  for (auto& v : spec["versions"]) {
    if (v.contains("schema") && v["schema"].contains("openAPIV3Schema")) continue;
  }
  json stored_versions = old && (*old).contains("status") ? (*old)["status"].value("storedVersions", json::array()) : json::array();
  if (std::find(stored_versions.begin(), stored_versions.end(), storage_version) == stored_versions.end())
    stored_versions.push_back(storage_version);
  std::string now = obj["metadata"].value("creationTimestamp", "");
  obj["status"] = {
      {"acceptedNames", names},
      {"storedVersions", stored_versions},
      {"conditions",
       json::array({{{"type", "NamesAccepted"}, {"status", "True"}, {"lastTransitionTime", now}, {"reason", "NoConflicts"}, {"message", "no conflicts found"}},
                    {{"type", "Established"}, {"status", "True"}, {"lastTransitionTime", now}, {"reason", "InitialNamesAccepted"}, {"message", "the initial names have been accepted"}}})}};
}

void Admission::serve_crd(const json& crd) {
  const json& spec = crd["spec"];
  std::vector<ResourceType> types;
  for (const auto& v : spec.value("versions", json::array())) {
    if (!v.value("served", true)) continue;
    ResourceType t;
    t.group = spec.value("group", "");
    t.version = v.value("name", "");
    t.resource = spec["names"].value("plural", "");
    t.kind = spec["names"].value("kind", "");
    t.list_kind = spec["names"].value("listKind", t.kind + "List");
    t.singular = spec["names"].value("singular", to_lower(t.kind));
    t.namespaced = spec.value("scope", "Namespaced") == "Namespaced";
    for (const auto& s : spec["names"].value("shortNames", json::array())) t.short_names.push_back(s);
    for (const auto& c : spec["names"].value("categories", json::array())) t.categories.push_back(c);
    t.verbs = {"delete", "deletecollection", "get", "list", "patch", "create", "update", "watch"};
    const json subs = v.value("subresources", json::object());
    t.has_status = subs.contains("status");
    if (subs.contains("scale")) {
      t.has_scale = true;
      t.scale_spec_replicas_path = subs["scale"].value("specReplicasPath", ".spec.replicas");
      t.scale_status_replicas_path = subs["scale"].value("statusReplicasPath", ".status.replicas");
      t.scale_label_selector_path = subs["scale"].value("labelSelectorPath", "");
    }
    t.custom = true;
    t.crd_name = crd["metadata"].value("name", "");
    t.crd_schema = v.contains("schema") ? v["schema"].value("openAPIV3Schema", json()) : json();
    t.crd_printer_columns = v.value("additionalPrinterColumns", json());
    types.push_back(std::move(t));
  }
  core_.registry().set_custom_resources(crd["metadata"].value("name", ""), std::move(types));
}

void Admission::serve_apiservice(const json& obj) {
  const json& spec = obj["spec"];
  bool local = !spec.contains("service") || spec["service"].is_null();
  if (local) return;  // built-in groups are served already
  core_.registry().set_aggregated_group(spec.value("group", ""), spec.value("version", ""), false);
}

void Admission::validate_kind(const ResourceType& rt, const json& obj, const json* old) {
  std::vector<FieldCause> causes;
  const json empty = json::object();
  auto spec_it = obj.find("spec");
  const json& spec = spec_it != obj.end() && spec_it->is_object() ? *spec_it : empty;
  auto check_containers = [&](const json& pod_spec, const std::string& path) {
    if (!pod_spec.contains("containers") || !pod_spec["containers"].is_array() || pod_spec["containers"].empty()) {
      causes.push_back({path + ".containers", "FieldValueRequired", "Required value"});
      return;
    }
    std::set<std::string> names;
    for (size_t i = 0; i < pod_spec["containers"].size(); ++i) {
      const json& c = pod_spec["containers"][i];
      std::string p = path + ".containers[" + std::to_string(i) + "]";
      std::string cname = c.value("name", "");
      if (cname.empty()) causes.push_back({p + ".name", "FieldValueRequired", "Required value"});
      else if (auto e = check_dns1123_label(cname)) causes.push_back({p + ".name", "FieldValueInvalid", "Invalid value: " + go_quote(cname) + ": " + *e});
      else if (!names.insert(cname).second) causes.push_back({p + ".name", "FieldValueDuplicate", "Duplicate value: " + go_quote(cname)});
      if (c.value("image", "").empty() && !old) causes.push_back({p + ".image", "FieldValueRequired", "Required value"});
    }
  };
  auto check_selector_matches_template = [&]() {
    const json labels = spec.contains("template") && spec["template"].is_object()
                            ? spec["template"].value("metadata", json::object()).value("labels", json::object())
                            : json::object();
    bool has_selector = spec.contains("selector") && spec["selector"].is_object();
    if (!has_selector) causes.push_back({"spec.selector", "FieldValueRequired", "Required value"});
    bool matches = false;
    if (has_selector) {
      try {
        matches = !spec["selector"].empty() && kube::LabelSelector::from_json(spec["selector"]).matches(labels);
      } catch (const std::exception& e) {
        causes.push_back({"spec.selector", "FieldValueInvalid", std::string("Invalid value: ") + e.what()});
        return;
      }
    }
    if (!matches) {
      // Go's %#v of the labels map, as the apiserver prints it.
      std::string rendered = "map[string]string(nil)";
      if (labels.is_object() && !labels.empty()) {
        rendered = "map[string]string{";
        bool first = true;
        for (auto& [lk, lv] : labels.items()) {
          rendered += (first ? "" : ", ") + go_quote(lk) + ":" + go_quote(lv.is_string() ? lv.get<std::string>() : lv.dump());
          first = false;
        }
        rendered += "}";
      }
      causes.push_back({"spec.template.metadata.labels", "FieldValueInvalid",
                        "Invalid value: " + rendered + ": `selector` does not match template `labels`"});
    }
  };
  if (is(rt, "", "pods")) {
    check_containers(spec, "spec");
  } else if (rt.group == "apps" && rt.resource != "controllerrevisions") {
    if (spec.contains("replicas") && spec["replicas"].is_number_integer() && spec["replicas"].get<int64_t>() < 0)
      causes.push_back({"spec.replicas", "FieldValueInvalid", "Invalid value: " + spec["replicas"].dump() + ": must be greater than or equal to 0"});
    check_selector_matches_template();
    if (spec.contains("template")) check_containers(spec["template"].value("spec", json::object()), "spec.template.spec");
    if (old && (*old)["spec"].contains("selector") && spec.contains("selector") && (*old)["spec"]["selector"] != spec["selector"])
      causes.push_back({"spec.selector", "FieldValueInvalid", "Invalid value: " + spec["selector"].dump() + ": field is immutable"});
  } else if (is(rt, "batch", "jobs")) {
    if (spec.contains("template")) check_containers(spec["template"].value("spec", json::object()), "spec.template.spec");
    std::string rp = spec.contains("template") ? spec["template"].value("spec", json::object()).value("restartPolicy", "") : "";
    if (!old && rp != "Never" && rp != "OnFailure")
      causes.push_back({"spec.template.spec.restartPolicy", "FieldValueNotSupported", "Unsupported value: " + go_quote(rp) + ": supported values: \"OnFailure\", \"Never\""});
  } else if (is(rt, "", "configmaps") || is(rt, "", "secrets")) {
    for (const char* field : {"data", "binaryData", "stringData"}) {
      if (!obj.contains(field) || !obj[field].is_object()) continue;
      for (auto& [k, v] : obj[field].items()) {
        static const std::regex key_re("[-._a-zA-Z0-9]+");
        if (k.size() > 253 || !std::regex_match(k, key_re))
          causes.push_back({std::string(field) + "[" + k + "]", "FieldValueInvalid", "Invalid value: " + go_quote(k) + ": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"});
        (void)v;
      }
    }
    size_t total = 0;
    for (const char* field : {"data", "binaryData"})
      if (obj.contains(field) && obj[field].is_object())
        for (auto& [k, v] : obj[field].items()) total += k.size() + (v.is_string() ? v.get_ref<const std::string&>().size() : 0);
    if (total > 1024 * 1024)
      causes.push_back({is(rt, "", "secrets") ? "data" : "[]", "FieldValueTooLong", "Too long: must have at most 1048576 bytes"});
    if (old && (*old).value("immutable", false)) {
      for (const char* field : {"data", "binaryData"})
        if ((*old).value(field, json()) != obj.value(field, json()))
          causes.push_back({field, "FieldValueForbidden", "Forbidden: field is immutable when `immutable` is set"});
    }
  } else if (is(rt, "", "persistentvolumeclaims") && !old) {
    if (!spec.contains("accessModes") || spec["accessModes"].empty())
      causes.push_back({"spec.accessModes", "FieldValueRequired", "Required value: at least 1 access mode is required"});
    if (!spec.contains("resources") || !spec["resources"].contains("requests") || !spec["resources"]["requests"].contains("storage"))
      causes.push_back({"spec.resources[storage]", "FieldValueRequired", "Required value"});
  }
  if (!causes.empty()) throw ApiError::invalid(rt, obj["metadata"].value("name", ""), causes);
}

}  // namespace coffer::kubesim
