#include "kubesim/controllers/kubelet.h"

#include <fstream>

#include "kubesim/controllers/object_helpers.h"

namespace coffer::kubesim::controllers {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr const char* kNodeGonePrefix = "node-gone|";

bool owned_by_job(const json& pod) {
  const json& refs = at_path(pod, {"metadata", "ownerReferences"});
  if (!refs.is_array()) return false;
  for (const auto& ref : refs)
    if (ref.is_object() && ref.value("kind", "") == "Job") return true;
  return false;
}

// How long the pod's containers run before exiting, or nullopt for a long-running pod.
std::optional<double> run_seconds(const json& pod) {
  std::string policy = string_at(pod, {"spec", "restartPolicy"}, "Always");
  bool job = owned_by_job(pod);
  std::string given = annotation_of(pod, kRunSecondsAnnotation);
  if (!given.empty() && (job || policy == "Never" || policy == "OnFailure")) {
    try {
      return std::max(0.0, std::stod(given));
    } catch (const std::exception&) {
    }
  }
  if (job) return 1.0;
  return std::nullopt;
}

int exit_code(const json& pod) {
  try {
    std::string given = annotation_of(pod, kExitCodeAnnotation);
    return given.empty() ? 0 : std::stoi(given);
  } catch (const std::exception&) {
    return 1;
  }
}

// "nginx:1.25" → "docker.io/library/nginx:1.25", as containerd reports images.
std::string normalized_image(const std::string& image) {
  std::string name = image;
  size_t slash = name.find('/');
  std::string first = slash == std::string::npos ? "" : name.substr(0, slash);
  bool has_domain = !first.empty() && (first.find('.') != std::string::npos ||
                                       first.find(':') != std::string::npos || first == "localhost");
  if (!has_domain) name = "docker.io/" + (slash == std::string::npos ? "library/" + name : name);
  if (name.find('@') != std::string::npos) return name;
  size_t colon = name.rfind(':');
  if (colon == std::string::npos || colon < name.rfind('/')) name += ":latest";
  return name;
}

std::string image_id(const std::string& image) {
  std::string repo = normalized_image(image);
  size_t at = repo.find('@');
  if (at != std::string::npos) return repo;
  size_t colon = repo.rfind(':');
  return repo.substr(0, colon) + "@sha256:" + hex_digest("image:" + repo, 64);
}

std::string container_id(const json& pod, const json& container) {
  return "containerd://" + hex_digest(uid_of(pod) + "/" + container.value("name", ""), 64);
}

bool has_cpu_or_memory(const json& resources) {
  return resources.is_object() && (resources.contains("cpu") || resources.contains("memory"));
}

std::string qos_class(const json& spec) {
  bool best_effort = true, guaranteed = true;
  for (const char* list : {"initContainers", "containers"}) {
    const json& containers = at_path(spec, {list});
    if (!containers.is_array()) continue;
    for (const auto& c : containers) {
      const json& requests = at_path(c, {"resources", "requests"});
      const json& limits = at_path(c, {"resources", "limits"});
      if (has_cpu_or_memory(requests) || has_cpu_or_memory(limits)) best_effort = false;
      for (const char* r : {"cpu", "memory"}) {
        if (!limits.is_object() || !limits.contains(r)) {
          guaranteed = false;
          continue;
        }
        if (requests.is_object() && requests.contains(r) && requests[r] != limits[r])
          guaranteed = false;
      }
    }
  }
  if (best_effort) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}

json pod_condition(const char* type, const char* status, const std::string& now,
                   const char* reason = nullptr, const std::string& message = "") {
  json c = {{"type", type}, {"status", status}, {"lastProbeTime", nullptr},
            {"lastTransitionTime", now}};
  if (reason) c["reason"] = reason;
  if (!message.empty()) c["message"] = message;
  return c;
}

json base_container_status(const json& pod, const json& container) {
  std::string image = container.value("image", "");
  return {{"name", container.value("name", "")},
          {"image", normalized_image(image)},
          {"imageID", image_id(image)},
          {"containerID", container_id(pod, container)},
          {"restartCount", 0},
          {"lastState", json::object()}};
}

json running_statuses(const json& pod, const char* list, const std::string& now) {
  json out = json::array();
  const json& containers = at_path(pod, {"spec", list});
  if (!containers.is_array()) return out;
  bool init = std::string_view(list) == "initContainers";
  for (const auto& c : containers) {
    json s = base_container_status(pod, c);
    bool sidecar = init && c.value("restartPolicy", "") == "Always";
    if (init && !sidecar) {
      s["ready"] = true;
      s["started"] = false;
      s["state"] = {{"terminated",
                     {{"exitCode", 0}, {"reason", "Completed"}, {"startedAt", now},
                      {"finishedAt", now}, {"containerID", s["containerID"]}}}};
    } else {
      s["ready"] = true;
      s["started"] = true;
      s["state"] = {{"running", {{"startedAt", now}}}};
    }
    out.push_back(std::move(s));
  }
  return out;
}

std::string container_names(const json& pod) {
  std::string names;
  const json& containers = at_path(pod, {"spec", "containers"});
  if (containers.is_array())
    for (const auto& c : containers) names += (names.empty() ? "" : " ") + c.value("name", "");
  return names;
}

void set_host_ips(json& status, const std::string& host_ip) {
  status["hostIP"] = host_ip;
  status["hostIPs"] = json::array({{{"ip", host_ip}}});
}

}  // namespace

Kubelet::Kubelet(ControllerHost& host)
    : Controller(host, "kubelet", "kubelet", "system:node:kubelet") {}

fs::path Kubelet::pod_dir(const std::string& uid) {
  return fs::path(core().settings().data_dir) / "kubelet" / "pods" / uid;
}

void Kubelet::observe(const ObservedEvent& event) {
  const StoredObject& o = event.object();
  if (o.resource == "pods") {
    observe_pod(event);
  } else if (o.resource == "persistentvolumeclaims") {
    auto it = waiting_on_claim_.find(o.ns + "/" + o.name);
    if (it != waiting_on_claim_.end())
      for (const auto& pod : it->second) enqueue(pod);
  } else if (o.resource == "nodes") {
    for (const auto& pod : waiting_.keys()) enqueue(pod);
    if (event.deleted()) enqueue(kNodeGonePrefix + o.name);
  }
}

void Kubelet::observe_pod(const ObservedEvent& event) {
  const StoredObject& o = event.object();
  std::string key = o.ns + "/" + o.name;
  if (event.deleted()) {
    forget_pod(key, o.uid);
    return;
  }
  const json& pod = event.json();
  std::string ip = string_at(pod, {"status", "podIP"});
  if (!ip.empty() && !bool_at(pod, {"spec", "hostNetwork"}, false) && !ip_of_.count(key)) {
    ips_.reserve(ip);
    ip_of_[key] = ip;
  }
  if (is_terminating(pod)) {
    enqueue(key);
    return;
  }
  if (string_at(pod, {"spec", "nodeName"}).empty() || pod_finished(pod)) return;
  if (string_at(pod, {"status", "phase"}) != "Running" || ip.empty() || run_seconds(pod))
    enqueue(key);
}

void Kubelet::forget_pod(const std::string& key, const std::string& uid) {
  auto ip = ip_of_.find(key);
  if (ip != ip_of_.end()) {
    ips_.release(ip->second);
    ip_of_.erase(ip);
  }
  started_at_.erase(key);
  waiting_.erase(key);
  if (!uid.empty() && !core().settings().data_dir.empty()) {
    std::error_code ec;
    fs::remove_all(pod_dir(uid), ec);
  }
}

void Kubelet::resync() {
  for (const auto& pod : waiting_.due()) enqueue(pod);
  auto now = std::chrono::steady_clock::now();
  if (now - last_lease_renewal_ >= 10s) {
    last_lease_renewal_ = now;
    renew_leases();
  }
}

void Kubelet::reconcile(const std::string& key) {
  if (key.rfind(kNodeGonePrefix, 0) == 0) {
    delete_pods_of_node(key.substr(std::string_view(kNodeGonePrefix).size()));
    return;
  }
  auto [ns, name] = split_namespaced_key(key);
  auto pod = read(types().pods, ns, name);
  if (!pod) return;
  if (is_terminating(*pod)) {
    DeleteOptions now;
    now.grace_period_seconds = 0;
    now.precondition_uid = uid_of(*pod);
    try {
      remove(types().pods, ns, name, now);
    } catch (const ApiError& e) {
      if (e.code() != 409) throw;  // a new pod of the same name: not ours to delete
    }
    return;
  }
  std::string node_name = string_at(*pod, {"spec", "nodeName"});
  if (node_name.empty() || pod_finished(*pod)) return;
  const NodeInfo* node = index().node(node_name);
  if (!node) {
    waiting_.insert(key);
    return;
  }
  if (!mount_volumes(*pod, key)) {
    waiting_.insert(key);
    mark_container_creating(*pod);
    return;
  }
  waiting_.erase(key);
  if (string_at(*pod, {"status", "phase"}) != "Running" ||
      string_at(*pod, {"status", "podIP"}).empty()) {
    start_pod(*pod, *node);
    return;
  }
  check_completion(*pod, key);
}

bool Kubelet::mount_volumes(const json& pod, const std::string& key) {
  const std::string ns = namespace_of(pod);
  const fs::path data_dir = core().settings().data_dir;
  bool ready = true;
  for (const auto& claim : pod_claim_names(pod)) {
    std::string claim_key = ns + "/" + claim;
    auto pvc = read(types().pvcs, ns, claim);
    auto pv = pvc && string_at(*pvc, {"status", "phase"}) == "Bound"
                  ? read(types().pvs, "", string_at(*pvc, {"spec", "volumeName"}))
                  : std::nullopt;
    if (!pv) {
      ready = false;
      waiting_on_claim_[claim_key].insert(key);
      continue;
    }
    auto waiting = waiting_on_claim_.find(claim_key);
    if (waiting != waiting_on_claim_.end()) {
      waiting->second.erase(key);
      if (waiting->second.empty()) waiting_on_claim_.erase(waiting);
    }
    if (data_dir.empty() || string_at(*pv, {"spec", "csi", "driver"}) != kHostpathDriver) continue;
    const std::string pv_name = name_of(*pv);
    fs::path dir = pod_dir(uid_of(pod)) / "volumes" / "kubernetes.io~csi" / pv_name;
    fs::path link = dir / "mount";
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (!fs::is_symlink(fs::symlink_status(link, ec))) {
      fs::remove_all(link, ec);
      fs::create_directory_symlink(data_dir / "volumes" / pv_name, link, ec);
    }
    fs::path vol_data = dir / "vol_data.json";
    if (!fs::exists(vol_data, ec)) {
      std::ofstream out(vol_data);
      out << json{{"driverName", kHostpathDriver},
                  {"specVolID", pv_name},
                  {"volumeHandle", string_at(*pv, {"spec", "csi", "volumeHandle"})},
                  {"volumeLifecycleMode", "Persistent"}}
                 .dump();
    }
  }
  return ready;
}

void Kubelet::mark_container_creating(const json& pod) {
  const NodeInfo* node = index().node(string_at(pod, {"spec", "nodeName"}));
  std::string host_ip = node ? node->internal_ip : "";
  modify(types().pods, namespace_of(pod), name_of(pod), [&](json& p) {
    if (is_terminating(p) || string_at(p, {"status", "phase"}) != "Pending") return false;
    json& status = p["status"];
    const json& existing = at_path(status, {"containerStatuses"});
    if (existing.is_array() && !existing.empty() &&
        string_at(existing[0], {"state", "waiting", "reason"}) == "ContainerCreating")
      return false;
    std::string now = now_rfc3339();
    std::string unready = "containers with unready status: [" + container_names(p) + "]";
    set_host_ips(status, host_ip);
    if (!status.contains("startTime")) status["startTime"] = now;
    json& conditions = status["conditions"];
    set_condition(conditions, pod_condition("PodReadyToStartContainers", "False", now));
    set_condition(conditions, pod_condition("Initialized", "True", now));
    set_condition(conditions, pod_condition("Ready", "False", now, "ContainersNotReady", unready));
    set_condition(conditions,
                  pod_condition("ContainersReady", "False", now, "ContainersNotReady", unready));
    set_condition(conditions, pod_condition("PodScheduled", "True", now));
    json statuses = json::array();
    for (const auto& c : at_path(p, {"spec", "containers"})) {
      json s = base_container_status(p, c);
      s.erase("containerID");
      s["imageID"] = "";
      s["ready"] = false;
      s["started"] = false;
      s["state"] = {{"waiting", {{"reason", "ContainerCreating"}}}};
      statuses.push_back(std::move(s));
    }
    status["containerStatuses"] = std::move(statuses);
    status["qosClass"] = qos_class(at_path(p, {"spec"}));
    return true;
  });
}

void Kubelet::start_pod(const json& pod, const NodeInfo& node) {
  const std::string key = namespace_of(pod) + "/" + name_of(pod);
  std::string ip;
  if (bool_at(pod, {"spec", "hostNetwork"}, false)) {
    ip = node.internal_ip;
  } else if (auto known = ip_of_.find(key); known != ip_of_.end()) {
    ip = known->second;
  } else if (auto fresh = ips_.allocate(node.pod_cidr)) {
    ip = *fresh;
    ip_of_[key] = ip;
  }
  auto started = modify(types().pods, namespace_of(pod), name_of(pod), [&](json& p) {
    if (is_terminating(p) || pod_finished(p) ||
        string_at(p, {"spec", "nodeName"}) != node.name || uid_of(p) != uid_of(pod))
      return false;
    if (string_at(p, {"status", "phase"}) == "Running" &&
        !string_at(p, {"status", "podIP"}).empty())
      return false;
    std::string now = now_rfc3339();
    json& status = p["status"];
    status["phase"] = "Running";
    set_host_ips(status, node.internal_ip);
    status["podIP"] = ip;
    status["podIPs"] = json::array({{{"ip", ip}}});
    if (!status.contains("startTime")) status["startTime"] = now;
    json& conditions = status["conditions"];
    set_condition(conditions, pod_condition("PodReadyToStartContainers", "True", now));
    set_condition(conditions, pod_condition("Initialized", "True", now));
    set_condition(conditions, pod_condition("Ready", "True", now));
    set_condition(conditions, pod_condition("ContainersReady", "True", now));
    set_condition(conditions, pod_condition("PodScheduled", "True", now));
    json init = running_statuses(p, "initContainers", now);
    if (!init.empty()) status["initContainerStatuses"] = std::move(init);
    status["containerStatuses"] = running_statuses(p, "containers", now);
    status["qosClass"] = qos_class(at_path(p, {"spec"}));
    return true;
  });
  if (started && uid_of(*started) == uid_of(pod)) {
    started_at_[key] = std::chrono::system_clock::now();
    if (run_seconds(*started)) enqueue(key, std::chrono::milliseconds(1));
  }
}

void Kubelet::check_completion(const json& pod, const std::string& key) {
  auto seconds = run_seconds(pod);
  if (!seconds) return;
  auto started = started_at_.find(key);
  std::chrono::system_clock::time_point since;
  if (started != started_at_.end()) {
    since = started->second;
  } else {
    try {
      since = parse_rfc3339(string_at(pod, {"status", "startTime"}));
    } catch (const std::exception&) {
      since = std::chrono::system_clock::now();
    }
    started_at_[key] = since;
  }
  auto due = since + std::chrono::milliseconds(static_cast<int64_t>(*seconds * 1000));
  auto now = std::chrono::system_clock::now();
  if (now >= due) {
    complete_pod(pod, exit_code(pod));
    return;
  }
  enqueue(key, std::chrono::duration_cast<std::chrono::milliseconds>(due - now) + 1ms);
}

void Kubelet::complete_pod(const json& pod, int code) {
  modify(types().pods, namespace_of(pod), name_of(pod), [&](json& p) {
    if (is_terminating(p) || pod_finished(p) || uid_of(p) != uid_of(pod)) return false;
    std::string now = now_rfc3339();
    json& status = p["status"];
    status["phase"] = code == 0 ? "Succeeded" : "Failed";
    json& conditions = status["conditions"];
    set_condition(conditions, pod_condition("PodReadyToStartContainers", "False", now));
    set_condition(conditions, pod_condition("Initialized", "True", now, "PodCompleted"));
    set_condition(conditions, pod_condition("Ready", "False", now, "PodCompleted"));
    set_condition(conditions, pod_condition("ContainersReady", "False", now, "PodCompleted"));
    set_condition(conditions, pod_condition("PodScheduled", "True", now));
    json& statuses = status["containerStatuses"];
    if (!statuses.is_array()) statuses = json::array();
    for (auto& s : statuses) {
      std::string started_at = string_at(s, {"state", "running", "startedAt"}, now);
      s["ready"] = false;
      s["started"] = false;
      s["state"] = {{"terminated",
                     {{"exitCode", code},
                      {"reason", code == 0 ? "Completed" : "Error"},
                      {"startedAt", started_at},
                      {"finishedAt", now},
                      {"containerID", s.value("containerID", "")}}}};
    }
    return true;
  });
}

void Kubelet::delete_pods_of_node(const std::string& node) {
  if (index().node(node)) return;  // it came back
  const std::string needle = "\"nodeName\":" + json(node).dump();
  auto pods = core().store().list(types().pods.group_resource(), "", "", 0,
                                  [&](const StoredObject& o) { return o.json.find(needle) != std::string::npos; });
  DeleteOptions now;
  now.grace_period_seconds = 0;
  for (const auto& pod : pods.items) {
    now.precondition_uid = pod->uid;
    try {
      remove(types().pods, pod->ns, pod->name, now);
    } catch (const ApiError& e) {
      if (e.code() != 409) throw;
    }
  }
}

void Kubelet::renew_leases() {
  std::string now = format_rfc3339_micro(std::chrono::system_clock::now());
  for (const auto& [name, node] : index().nodes()) {
    modify(types().leases, "kube-node-lease", name, [&](json& lease) {
      lease["spec"]["renewTime"] = now;
      return true;
    });
  }
}

}  // namespace coffer::kubesim::controllers
