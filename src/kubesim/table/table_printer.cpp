#include "kubesim/table/table_printer.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <set>
#include <stdexcept>
#include <utility>

#include "common/rfc3339.h"

namespace coffer::kubesim {
namespace {
using json = nlohmann::json;
using TimePoint = std::chrono::system_clock::time_point;

// ------------------------------------------------------------------ JSON access helpers

const json& null_json() {
  static const json null;
  return null;
}

// Member access along a dotted path of object keys: get(pod, "status.phase").
const json& get(const json& j, std::string_view dotted) {
  const json* cur = &j;
  while (!dotted.empty()) {
    size_t dot = dotted.find('.');
    std::string key(dotted.substr(0, dot));
    if (!cur->is_object()) return null_json();
    auto it = cur->find(key);
    if (it == cur->end()) return null_json();
    cur = &*it;
    dotted = dot == std::string_view::npos ? std::string_view() : dotted.substr(dot + 1);
  }
  return *cur;
}

std::string str(const json& j, std::string_view path, std::string_view fallback = "") {
  const json& v = get(j, path);
  return v.is_string() ? v.get<std::string>() : std::string(fallback);
}

int64_t num(const json& j, std::string_view path, int64_t fallback = 0) {
  const json& v = get(j, path);
  return v.is_number() ? v.get<int64_t>() : fallback;
}

bool flag(const json& j, std::string_view path) {
  const json& v = get(j, path);
  return v.is_boolean() && v.get<bool>();
}

const json& list(const json& j, std::string_view path) {
  static const json empty = json::array();
  const json& v = get(j, path);
  return v.is_array() ? v : empty;
}

int64_t count(const json& j, std::string_view path) {
  const json& v = get(j, path);
  return v.is_array() || v.is_object() ? int64_t(v.size()) : 0;
}

std::string annotation(const json& obj, const std::string& key) {
  const json& a = get(obj, "metadata.annotations");
  if (!a.is_object()) return "";
  auto it = a.find(key);
  return it != a.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string name_of(const json& obj) { return str(obj, "metadata.name"); }

// A Kubernetes IntOrString ("50%" or 3) as text.
std::string int_or_string(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number()) return std::to_string(v.get<int64_t>());
  return "";
}

// "a + N more..." lists of at most `max` entries.
std::string with_more(const std::vector<std::string>& shown, int64_t total, int64_t max) {
  std::string out = join(shown, ",");
  if (total > max) out += " + " + std::to_string(total - max) + " more...";
  return out;
}

// ------------------------------------------------------------------ time

struct Ctx {
  TimePoint now;
};

// The year of an RFC 3339 text, or -1. system_clock counts nanoseconds in 64 bits, so only
// years 1678..2262 are representable: Go's zero time "0001-01-01T00:00:00Z" (what an unset
// metav1.Time marshals to in some clients) must be recognized before converting.
int year_of(std::string_view text) {
  if (text.size() < 4) return -1;
  int year = 0;
  for (char c : text.substr(0, 4)) {
    if (c < '0' || c > '9') return -1;
    year = year * 10 + (c - '0');
  }
  return year;
}
constexpr int kMinYear = 1700, kMaxYear = 2200;

// A metav1.Time / MicroTime; nullopt when absent, unparsable, Go's zero time or out of range.
std::optional<TimePoint> parse_time(const json& v) {
  if (!v.is_string()) return std::nullopt;
  const std::string& text = v.get_ref<const std::string&>();
  const int year = year_of(text);
  if (year < kMinYear || year > kMaxYear) return std::nullopt;
  try {
    return parse_rfc3339(text);
  } catch (const std::invalid_argument&) {
    return std::nullopt;
  }
}

// translateTimestampSince: "<unknown>" for a zero/missing time.
std::string since(const Ctx& ctx, const json& timestamp) {
  auto t = parse_time(timestamp);
  return t ? human_duration(ctx.now - *t) : "<unknown>";
}

std::string age(const Ctx& ctx, const json& obj) {
  return since(ctx, get(obj, "metadata.creationTimestamp"));
}

// ------------------------------------------------------------------ shared formatting

// labels.FormatLabels: "k1=v1,k2=v2" sorted by key, "<none>" when empty.
std::string format_labels(const json& m) {
  if (!m.is_object() || m.empty()) return "<none>";
  std::vector<std::string> parts;
  for (auto it = m.begin(); it != m.end(); ++it)  // nlohmann objects iterate in key order
    parts.push_back(it.key() + "=" + (it->is_string() ? it->get<std::string>() : it->dump()));
  return join(parts, ",");
}

// metav1.LabelSelectorAsSelector(sel).String(): requirements sorted by key, "" when the
// selector is null or empty, "<error>" for an invalid operator.
std::string label_selector_string(const json& sel) {
  if (!sel.is_object()) return "";
  std::vector<std::pair<std::string, std::string>> reqs;
  const json& labels = get(sel, "matchLabels");
  if (labels.is_object())
    for (auto it = labels.begin(); it != labels.end(); ++it)
      reqs.emplace_back(it.key(), it.key() + "=" + (it->is_string() ? it->get<std::string>() : ""));
  for (const auto& expr : list(sel, "matchExpressions")) {
    const std::string key = str(expr, "key"), op = str(expr, "operator");
    std::vector<std::string> values;
    for (const auto& v : list(expr, "values"))
      if (v.is_string()) values.push_back(v.get<std::string>());
    std::sort(values.begin(), values.end());
    if (op == "In") reqs.emplace_back(key, key + " in (" + join(values, ",") + ")");
    else if (op == "NotIn") reqs.emplace_back(key, key + " notin (" + join(values, ",") + ")");
    else if (op == "Exists") reqs.emplace_back(key, key);
    else if (op == "DoesNotExist") reqs.emplace_back(key, "!" + key);
    else return "<error>";
  }
  std::stable_sort(reqs.begin(), reqs.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> parts;
  for (auto& r : reqs) parts.push_back(std::move(r.second));
  return join(parts, ",");
}

// metav1.FormatLabelSelector: as above with "<none>" for an empty result.
std::string format_label_selector(const json& sel) {
  std::string s = label_selector_string(sel);
  return s.empty() ? "<none>" : s;
}

// layoutContainerCells: comma-joined container names and images.
std::pair<std::string, std::string> containers_and_images(const json& containers) {
  std::vector<std::string> names, images;
  if (containers.is_array())
    for (const auto& c : containers) {
      names.push_back(str(c, "name"));
      images.push_back(str(c, "image"));
    }
  return {join(names, ","), join(images, ",")};
}

void add_containers(json& cells, const json& pod_spec) {
  auto [names, images] = containers_and_images(get(pod_spec, "containers"));
  cells.push_back(names);
  cells.push_back(images);
}

bool condition_is(const json& status, std::string_view type, std::string_view value) {
  for (const auto& c : list(status, "conditions"))
    if (str(c, "type") == type) return str(c, "status") == value;
  return false;
}

// helper.GetAccessModesAsString.
std::string access_modes(const json& modes) {
  auto has = [&](std::string_view m) {
    return modes.is_array() && std::any_of(modes.begin(), modes.end(), [&](const json& v) {
             return v.is_string() && v.get_ref<const std::string&>() == m;
           });
  };
  std::vector<std::string> out;
  if (has("ReadWriteOnce")) out.push_back("RWO");
  if (has("ReadOnlyMany")) out.push_back("ROX");
  if (has("ReadWriteMany")) out.push_back("RWX");
  if (has("ReadWriteOncePod")) out.push_back("RWOP");
  return join(out, ",");
}

// The storage class of a PV/PVC: the beta annotation wins over spec.storageClassName.
std::string storage_class_of(const json& obj) {
  const json& a = get(obj, "metadata.annotations");
  if (a.is_object() && a.contains("volume.beta.kubernetes.io/storage-class"))
    return annotation(obj, "volume.beta.kubernetes.io/storage-class");
  return str(obj, "spec.storageClassName");
}

// Load balancer ingress points (IP, else hostname), comma-joined.
std::string load_balancer_ingress(const json& status) {
  std::vector<std::string> out;
  for (const auto& ing : list(status, "loadBalancer.ingress")) {
    std::string ip = str(ing, "ip");
    if (!ip.empty()) out.push_back(ip);
    else if (std::string host = str(ing, "hostname"); !host.empty()) out.push_back(host);
  }
  return join(out, ",");
}

std::string bool_text(bool b) { return b ? "True" : "False"; }

// ------------------------------------------------------------------ columns

constexpr std::string_view kNameDoc =
    "Name must be unique within a namespace. Is required when creating resources, although some "
    "resources may allow a client to request the generation of an appropriate name "
    "automatically. Name is primarily intended for creation idempotence and configuration "
    "definition. Cannot be updated. More info: "
    "https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
constexpr std::string_view kAgeDoc =
    "CreationTimestamp is a timestamp representing the server time when this object was "
    "created. It is not guaranteed to be set in happens-before order across separate "
    "operations. Clients may not set this value. It is represented in RFC3339 form and is in "
    "UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: "
    "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";
constexpr std::string_view kContainersDoc = "Names of each container in the template.";
constexpr std::string_view kImagesDoc = "Images referenced by each container in the template.";

struct Col {
  std::string_view name, type, description;
  int priority = 0;
  std::string_view format = "";
};

const Col kNameCol{"Name", "string", kNameDoc, 0, "name"};
const Col kAgeCol{"Age", "string", kAgeDoc};
const Col kCreatedAtCol{"Created At", "date", kAgeDoc};
const Col kContainersCol{"Containers", "string", kContainersDoc, 1};
const Col kImagesCol{"Images", "string", kImagesDoc, 1};

json column_json(std::string_view name, std::string_view type, std::string_view format,
                 std::string_view description, int priority) {
  return json{{"name", name},
              {"type", type},
              {"format", format},
              {"description", description},
              {"priority", priority}};
}

using RowFn = void (*)(const json& obj, const Ctx& ctx, json& row);

struct Printer {
  std::vector<Col> columns;
  RowFn row;
};

// ------------------------------------------------------------------ row printers

void print_pod(const json& pod, const Ctx& ctx, json& row) {
  const json& spec = get(pod, "spec");
  const json& status = get(pod, "status");
  int64_t restarts = 0, restartable_init_restarts = 0;
  int64_t total = count(spec, "containers"), ready = 0;
  std::optional<TimePoint> last_restart, last_restartable_init_restart;
  auto later = [](std::optional<TimePoint>& acc, const json& container_status) {
    auto t = parse_time(get(container_status, "lastState.terminated.finishedAt"));
    if (t && (!acc || *acc < *t)) acc = t;
  };

  const std::string phase = str(status, "phase");
  std::string reason = phase;
  if (!str(status, "reason").empty()) reason = str(status, "reason");
  for (const auto& c : list(status, "conditions"))
    if (str(c, "type") == "PodScheduled" && str(c, "reason") == "SchedulingGated")
      reason = "SchedulingGated";

  if (phase == "Succeeded" || phase == "Failed") {
    row["conditions"] = json::array({{{"type", "Completed"},
                                      {"status", "True"},
                                      {"reason", phase},
                                      {"message", phase == "Succeeded"
                                                      ? "The pod has completed successfully."
                                                      : "The pod failed."}}});
  }

  // Sidecars (init containers with restartPolicy Always) count as containers.
  std::set<std::string> restartable_init;
  for (const auto& c : list(spec, "initContainers"))
    if (str(c, "restartPolicy") == "Always") {
      restartable_init.insert(str(c, "name"));
      ++total;
    }

  const json& init_statuses = list(status, "initContainerStatuses");
  const int64_t init_count = count(spec, "initContainers");
  bool initializing = false;
  for (size_t i = 0; i < init_statuses.size(); ++i) {
    const json& cs = init_statuses[i];
    const bool restartable = restartable_init.count(str(cs, "name")) > 0;
    restarts += num(cs, "restartCount");
    later(last_restart, cs);
    if (restartable) {
      restartable_init_restarts += num(cs, "restartCount");
      later(last_restartable_init_restart, cs);
    }
    const json& terminated = get(cs, "state.terminated");
    const json& waiting = get(cs, "state.waiting");
    if (terminated.is_object() && num(terminated, "exitCode") == 0) continue;
    if (restartable && flag(cs, "started")) {
      if (flag(cs, "ready")) ++ready;
      continue;
    }
    if (terminated.is_object()) {
      if (str(terminated, "reason").empty()) {
        reason = num(terminated, "signal") != 0
                     ? "Init:Signal:" + std::to_string(num(terminated, "signal"))
                     : "Init:ExitCode:" + std::to_string(num(terminated, "exitCode"));
      } else {
        reason = "Init:" + str(terminated, "reason");
      }
    } else if (waiting.is_object() && !str(waiting, "reason").empty() &&
               str(waiting, "reason") != "PodInitializing") {
      reason = "Init:" + str(waiting, "reason");
    } else {
      reason = "Init:" + std::to_string(i) + "/" + std::to_string(init_count);
    }
    initializing = true;
    break;
  }

  if (!initializing || condition_is(status, "Initialized", "True")) {
    restarts = restartable_init_restarts;
    last_restart = last_restartable_init_restart;
    bool has_running = false;
    const json& statuses = list(status, "containerStatuses");
    for (size_t k = statuses.size(); k-- > 0;) {
      const json& cs = statuses[k];
      restarts += num(cs, "restartCount");
      later(last_restart, cs);
      const json& waiting = get(cs, "state.waiting");
      const json& terminated = get(cs, "state.terminated");
      if (waiting.is_object() && !str(waiting, "reason").empty()) {
        reason = str(waiting, "reason");
      } else if (terminated.is_object() && !str(terminated, "reason").empty()) {
        reason = str(terminated, "reason");
      } else if (terminated.is_object()) {
        reason = num(terminated, "signal") != 0
                     ? "Signal:" + std::to_string(num(terminated, "signal"))
                     : "ExitCode:" + std::to_string(num(terminated, "exitCode"));
      } else if (flag(cs, "ready") && get(cs, "state.running").is_object()) {
        has_running = true;
        ++ready;
      }
    }
    if (reason == "Completed" && has_running)
      reason = condition_is(status, "Ready", "True") ? "Running" : "NotReady";
  }

  const bool deleting = !get(pod, "metadata.deletionTimestamp").is_null();
  if (deleting && str(status, "reason") == "NodeLost") {
    reason = "Unknown";
  } else if (deleting && phase != "Succeeded" && phase != "Failed") {
    reason = "Terminating";
  }

  std::string restarts_text = std::to_string(restarts);
  if (restarts != 0 && last_restart)
    restarts_text += " (" + human_duration(ctx.now - *last_restart) + " ago)";

  std::string ip = str(list(status, "podIPs").empty() ? null_json() : list(status, "podIPs")[0], "ip");
  if (ip.empty()) ip = str(status, "podIP");
  std::string node = str(spec, "nodeName");
  std::string nominated = str(status, "nominatedNodeName");
  std::string gates = "<none>";
  if (count(spec, "readinessGates") > 0) {
    int64_t true_conditions = 0;
    for (const auto& gate : list(spec, "readinessGates"))
      if (condition_is(status, str(gate, "conditionType"), "True")) ++true_conditions;
    gates = std::to_string(true_conditions) + "/" + std::to_string(count(spec, "readinessGates"));
  }
  row["cells"] = json::array({name_of(pod), std::to_string(ready) + "/" + std::to_string(total),
                              reason, restarts_text, age(ctx, pod), ip.empty() ? "<none>" : ip,
                              node.empty() ? "<none>" : node,
                              nominated.empty() ? "<none>" : nominated, gates});
}

void print_pod_template(const json& obj, const Ctx&, json& row) {
  json cells = json::array({name_of(obj)});
  add_containers(cells, get(obj, "template.spec"));
  cells.push_back(format_labels(get(obj, "template.metadata.labels")));
  row["cells"] = std::move(cells);
}

void print_deployment(const json& obj, const Ctx& ctx, json& row) {
  json cells = json::array(
      {name_of(obj),
       std::to_string(num(obj, "status.readyReplicas")) + "/" +
           std::to_string(num(obj, "spec.replicas", 1)),
       num(obj, "status.updatedReplicas"), num(obj, "status.availableReplicas"), age(ctx, obj)});
  add_containers(cells, get(obj, "spec.template.spec"));
  cells.push_back(label_selector_string(get(obj, "spec.selector")));
  row["cells"] = std::move(cells);
}

void print_replica_set(const json& obj, const Ctx& ctx, json& row) {
  json cells = json::array({name_of(obj), num(obj, "spec.replicas", 1), num(obj, "status.replicas"),
                            num(obj, "status.readyReplicas"), age(ctx, obj)});
  add_containers(cells, get(obj, "spec.template.spec"));
  cells.push_back(label_selector_string(get(obj, "spec.selector")));
  row["cells"] = std::move(cells);
}

void print_replication_controller(const json& obj, const Ctx& ctx, json& row) {
  json cells = json::array({name_of(obj), num(obj, "spec.replicas", 1), num(obj, "status.replicas"),
                            num(obj, "status.readyReplicas"), age(ctx, obj)});
  add_containers(cells, get(obj, "spec.template.spec"));
  cells.push_back(format_labels(get(obj, "spec.selector")));
  row["cells"] = std::move(cells);
}

void print_stateful_set(const json& obj, const Ctx& ctx, json& row) {
  json cells = json::array({name_of(obj),
                            std::to_string(num(obj, "status.readyReplicas")) + "/" +
                                std::to_string(num(obj, "spec.replicas", 1)),
                            age(ctx, obj)});
  add_containers(cells, get(obj, "spec.template.spec"));
  row["cells"] = std::move(cells);
}

void print_daemon_set(const json& obj, const Ctx& ctx, json& row) {
  json cells = json::array(
      {name_of(obj), num(obj, "status.desiredNumberScheduled"),
       num(obj, "status.currentNumberScheduled"), num(obj, "status.numberReady"),
       num(obj, "status.updatedNumberScheduled"), num(obj, "status.numberAvailable"),
       format_labels(get(obj, "spec.template.spec.nodeSelector")), age(ctx, obj)});
  add_containers(cells, get(obj, "spec.template.spec"));
  cells.push_back(format_label_selector(get(obj, "spec.selector")));
  row["cells"] = std::move(cells);
}

bool has_true_condition(const json& obj, std::string_view type) {
  for (const auto& c : list(obj, "status.conditions"))
    if (str(c, "type") == type && str(c, "status") == "True") return true;
  return false;
}

void print_job(const json& obj, const Ctx& ctx, json& row) {
  std::string completions;
  const int64_t succeeded = num(obj, "status.succeeded");
  if (get(obj, "spec.completions").is_number()) {
    completions = std::to_string(succeeded) + "/" + std::to_string(num(obj, "spec.completions"));
  } else {
    const int64_t parallelism = num(obj, "spec.parallelism");
    completions = std::to_string(succeeded) + "/1";
    if (parallelism > 1) completions += " of " + std::to_string(parallelism);
  }
  std::string duration;
  auto start = parse_time(get(obj, "status.startTime"));
  auto end = parse_time(get(obj, "status.completionTime"));
  if (start) duration = human_duration((end ? *end : ctx.now) - *start);

  std::string status;
  if (has_true_condition(obj, "Complete")) status = "Complete";
  else if (has_true_condition(obj, "Failed")) status = "Failed";
  else if (!get(obj, "metadata.deletionTimestamp").is_null()) status = "Terminating";
  else if (has_true_condition(obj, "Suspended")) status = "Suspended";
  else if (has_true_condition(obj, "FailureTarget")) status = "FailureTarget";
  else if (has_true_condition(obj, "SuccessCriteriaMet")) status = "SuccessCriteriaMet";
  else status = "Running";

  json cells = json::array({name_of(obj), status, completions, duration, age(ctx, obj)});
  add_containers(cells, get(obj, "spec.template.spec"));
  cells.push_back(format_label_selector(get(obj, "spec.selector")));
  row["cells"] = std::move(cells);
}

void print_cron_job(const json& obj, const Ctx& ctx, json& row) {
  const json& suspend = get(obj, "spec.suspend");
  const json& last = get(obj, "status.lastScheduleTime");
  json cells = json::array(
      {name_of(obj), str(obj, "spec.schedule"), str(obj, "spec.timeZone", "<none>"),
       suspend.is_boolean() ? bool_text(suspend.get<bool>()) : "<unset>",
       count(obj, "status.active"), parse_time(last) ? since(ctx, last) : "<none>", age(ctx, obj)});
  add_containers(cells, get(obj, "spec.jobTemplate.spec.template.spec"));
  cells.push_back(format_label_selector(get(obj, "spec.jobTemplate.spec.selector")));
  row["cells"] = std::move(cells);
}

std::string service_external_ip(const json& svc) {
  const std::string type = str(svc, "spec.type", "ClusterIP");
  std::vector<std::string> external;
  for (const auto& ip : list(svc, "spec.externalIPs"))
    if (ip.is_string()) external.push_back(ip.get<std::string>());
  if (type == "ClusterIP" || type == "NodePort")
    return external.empty() ? "<none>" : join(external, ",");
  if (type == "LoadBalancer") {
    std::string lb = load_balancer_ingress(get(svc, "status"));
    if (!external.empty()) return lb.empty() ? join(external, ",") : lb + "," + join(external, ",");
    return lb.empty() ? "<pending>" : lb;
  }
  if (type == "ExternalName") return str(svc, "spec.externalName");
  return "<unknown>";
}

void print_service(const json& svc, const Ctx& ctx, json& row) {
  std::string cluster_ip = "<none>";
  if (!list(svc, "spec.clusterIPs").empty() && list(svc, "spec.clusterIPs")[0].is_string())
    cluster_ip = list(svc, "spec.clusterIPs")[0].get<std::string>();
  else if (!str(svc, "spec.clusterIP").empty())
    cluster_ip = str(svc, "spec.clusterIP");
  std::vector<std::string> ports;
  for (const auto& p : list(svc, "spec.ports")) {
    const std::string proto = str(p, "protocol", "TCP");
    const int64_t node_port = num(p, "nodePort");
    ports.push_back(std::to_string(num(p, "port")) +
                    (node_port > 0 ? ":" + std::to_string(node_port) : "") + "/" + proto);
  }
  row["cells"] = json::array({name_of(svc), str(svc, "spec.type", "ClusterIP"), cluster_ip,
                              service_external_ip(svc), ports.empty() ? "<none>" : join(ports, ","),
                              age(ctx, svc), format_labels(get(svc, "spec.selector"))});
}

std::string host_port(const std::string& ip, int64_t port) {
  const bool v6 = ip.find(':') != std::string::npos;
  return (v6 ? "[" + ip + "]" : ip) + ":" + std::to_string(port);
}

void print_endpoints(const json& obj, const Ctx& ctx, json& row) {
  std::string text = "<none>";
  if (count(obj, "subsets") > 0) {
    constexpr int64_t kMax = 3;
    std::vector<std::string> shown;
    int64_t total = 0;
    for (const auto& ss : list(obj, "subsets")) {
      const json& addresses = list(ss, "addresses");
      if (list(ss, "ports").empty()) {
        total += int64_t(addresses.size());
        for (const auto& a : addresses)
          if (int64_t(shown.size()) < kMax) shown.push_back(str(a, "ip"));
        continue;
      }
      for (const auto& p : list(ss, "ports")) {
        total += int64_t(addresses.size());
        for (const auto& a : addresses)
          if (int64_t(shown.size()) < kMax) shown.push_back(host_port(str(a, "ip"), num(p, "port")));
      }
    }
    text = with_more(shown, total, kMax);
  }
  row["cells"] = json::array({name_of(obj), text, age(ctx, obj)});
}

void print_endpoint_slice(const json& obj, const Ctx& ctx, json& row) {
  constexpr int64_t kMax = 3;
  std::vector<std::string> ports;
  int64_t port_total = 0;
  for (const auto& p : list(obj, "ports")) {
    if (int64_t(ports.size()) < kMax) {
      if (get(p, "port").is_number()) ports.push_back(std::to_string(num(p, "port")));
      else if (get(p, "name").is_string()) ports.push_back(str(p, "name"));
      else ports.push_back("*");
    }
    ++port_total;
  }
  std::vector<std::string> addrs;
  int64_t addr_total = 0;
  for (const auto& ep : list(obj, "endpoints"))
    for (const auto& a : list(ep, "addresses")) {
      if (int64_t(addrs.size()) < kMax && a.is_string()) addrs.push_back(a.get<std::string>());
      ++addr_total;
    }
  auto text = [&](const std::vector<std::string>& shown, int64_t total) {
    std::string s = with_more(shown, total, kMax);
    return s.empty() ? std::string("<unset>") : s;
  };
  row["cells"] = json::array({name_of(obj), str(obj, "addressType"), text(ports, port_total),
                              text(addrs, addr_total), age(ctx, obj)});
}

void print_namespace(const json& obj, const Ctx& ctx, json& row) {
  row["cells"] = json::array({name_of(obj), str(obj, "status.phase", "Active"), age(ctx, obj)});
}

void print_node(const json& node, const Ctx& ctx, json& row) {
  std::vector<std::string> status;
  for (const auto& c : list(node, "status.conditions"))
    if (str(c, "type") == "Ready") {
      status.push_back(str(c, "status") == "True" ? "Ready" : "NotReady");
      break;
    }
  if (status.empty()) status.push_back("Unknown");
  if (flag(node, "spec.unschedulable")) status.push_back("SchedulingDisabled");

  std::set<std::string> roles;
  const json& labels = get(node, "metadata.labels");
  if (labels.is_object())
    for (auto it = labels.begin(); it != labels.end(); ++it) {
      constexpr std::string_view kPrefix = "node-role.kubernetes.io/";
      const std::string& key = it.key();
      if (key.size() > kPrefix.size() && key.compare(0, kPrefix.size(), kPrefix) == 0)
        roles.insert(key.substr(kPrefix.size()));
      else if (key == "kubernetes.io/role" && it->is_string() && !it->get<std::string>().empty())
        roles.insert(it->get<std::string>());
    }
  std::string role_text = join(std::vector<std::string>(roles.begin(), roles.end()), ",");

  auto address = [&](std::string_view type) {
    for (const auto& a : list(node, "status.addresses"))
      if (str(a, "type") == type) return str(a, "address");
    return std::string("<none>");
  };
  auto info = [&](std::string_view field) {
    std::string v = str(get(node, "status.nodeInfo"), field);
    return v.empty() ? std::string("<unknown>") : v;
  };
  row["cells"] = json::array({name_of(node), join(status, ","), role_text.empty() ? "<none>" : role_text,
                              age(ctx, node), str(node, "status.nodeInfo.kubeletVersion"),
                              address("InternalIP"), address("ExternalIP"), info("osImage"),
                              info("kernelVersion"), info("containerRuntimeVersion")});
}

void print_config_map(const json& obj, const Ctx& ctx, json& row) {
  row["cells"] = json::array(
      {name_of(obj), count(obj, "data") + count(obj, "binaryData"), age(ctx, obj)});
}

void print_secret(const json& obj, const Ctx& ctx, json& row) {
  row["cells"] = json::array(
      {name_of(obj), str(obj, "type", "Opaque"), count(obj, "data"), age(ctx, obj)});
}

void print_service_account(const json& obj, const Ctx& ctx, json& row) {
  row["cells"] = json::array({name_of(obj), count(obj, "secrets"), age(ctx, obj)});
}

void print_persistent_volume(const json& pv, const Ctx& ctx, json& row) {
  std::string claim;
  if (get(pv, "spec.claimRef").is_object())
    claim = str(pv, "spec.claimRef.namespace") + "/" + str(pv, "spec.claimRef.name");
  std::string phase = str(pv, "status.phase");
  if (!get(pv, "metadata.deletionTimestamp").is_null()) phase = "Terminating";
  std::string capacity = int_or_string(get(pv, "spec.capacity.storage"));
  row["cells"] = json::array(
      {name_of(pv), capacity.empty() ? "0" : capacity, access_modes(get(pv, "spec.accessModes")),
       str(pv, "spec.persistentVolumeReclaimPolicy"), phase, claim, storage_class_of(pv),
       str(pv, "spec.volumeAttributesClassName", "<unset>"), str(pv, "status.reason"),
       age(ctx, pv), str(pv, "spec.volumeMode", "<unset>")});
}

void print_persistent_volume_claim(const json& pvc, const Ctx& ctx, json& row) {
  std::string phase = str(pvc, "status.phase");
  if (!get(pvc, "metadata.deletionTimestamp").is_null()) phase = "Terminating";
  std::string capacity, modes;
  const std::string volume = str(pvc, "spec.volumeName");
  if (!volume.empty()) {
    modes = access_modes(get(pvc, "status.accessModes"));
    capacity = int_or_string(get(pvc, "status.capacity.storage"));
    if (capacity.empty()) capacity = "0";
  }
  std::string vac = str(pvc, "spec.volumeAttributesClassName");
  row["cells"] = json::array({name_of(pvc), phase, volume, capacity, modes, storage_class_of(pvc),
                              vac.empty() ? "<unset>" : vac, age(ctx, pvc),
                              str(pvc, "spec.volumeMode", "<unset>")});
}

void print_storage_class(const json& sc, const Ctx& ctx, json& row) {
  std::string name = name_of(sc);
  if (annotation(sc, "storageclass.kubernetes.io/is-default-class") == "true" ||
      annotation(sc, "storageclass.beta.kubernetes.io/is-default-class") == "true")
    name += " (default)";
  row["cells"] = json::array({name, str(sc, "provisioner"), str(sc, "reclaimPolicy", "Delete"),
                              str(sc, "volumeBindingMode", "Immediate"),
                              flag(sc, "allowVolumeExpansion"), age(ctx, sc)});
}

// core/v1 Event, or an events.k8s.io/v1 Event mapped to the core field names first.
void print_event_fields(const json& e, const Ctx& ctx, json& row) {
  std::string first = parse_time(get(e, "firstTimestamp")) ? since(ctx, get(e, "firstTimestamp"))
                                                           : since(ctx, get(e, "eventTime"));
  std::string last = parse_time(get(e, "lastTimestamp")) ? since(ctx, get(e, "lastTimestamp")) : first;
  int64_t n = num(e, "count");
  if (get(e, "series").is_object()) {
    last = since(ctx, get(e, "series.lastObservedTime"));
    n = num(e, "series.count");
  } else if (n == 0) {
    n = 1;  // singleton events of the new API carry no count
  }
  const std::string kind = lower(str(e, "involvedObject.kind"));
  const std::string obj_name = str(e, "involvedObject.name");
  const std::string target = obj_name.empty() ? kind : kind + "/" + obj_name;
  std::string component = str(e, "source.component");
  if (component.empty()) component = str(e, "reportingComponent");
  std::string instance = str(e, "source.host");
  if (instance.empty()) instance = str(e, "reportingInstance");
  const std::string source = instance.empty() ? component : component + ", " + instance;
  std::string message = str(e, "message");
  auto not_space = [](unsigned char c) { return !std::isspace(c); };
  message.erase(message.begin(), std::find_if(message.begin(), message.end(), not_space));
  message.erase(std::find_if(message.rbegin(), message.rend(), not_space).base(), message.end());
  row["cells"] = json::array({last, str(e, "type"), str(e, "reason"), target,
                              str(e, "involvedObject.fieldPath"), source, message, first, n,
                              name_of(e)});
}

void print_event(const json& e, const Ctx& ctx, json& row) { print_event_fields(e, ctx, row); }

void print_events_k8s_io_event(const json& e, const Ctx& ctx, json& row) {
  json core = json::object();
  core["metadata"] = get(e, "metadata");
  core["involvedObject"] = get(e, "regarding");
  core["message"] = get(e, "note");
  core["reason"] = get(e, "reason");
  core["type"] = get(e, "type");
  core["eventTime"] = get(e, "eventTime");
  core["series"] = get(e, "series");
  core["source"] = get(e, "deprecatedSource");
  core["firstTimestamp"] = get(e, "deprecatedFirstTimestamp");
  core["lastTimestamp"] = get(e, "deprecatedLastTimestamp");
  core["count"] = get(e, "deprecatedCount");
  core["reportingComponent"] = get(e, "reportingController");
  core["reportingInstance"] = get(e, "reportingInstance");
  print_event_fields(core, ctx, row);
}

void print_ingress(const json& ing, const Ctx& ctx, json& row) {
  constexpr int64_t kMax = 3;
  std::vector<std::string> hosts;
  const json& rules = list(ing, "spec.rules");
  for (const auto& r : rules)
    if (int64_t(hosts.size()) < kMax && !str(r, "host").empty()) hosts.push_back(str(r, "host"));
  std::string host_text = hosts.empty() ? "*" : join(hosts, ",");
  if (!hosts.empty() && int64_t(rules.size()) > kMax)
    host_text += " + " + std::to_string(int64_t(rules.size()) - kMax) + " more...";
  row["cells"] = json::array({name_of(ing), str(ing, "spec.ingressClassName", "<none>"), host_text,
                              load_balancer_ingress(get(ing, "status")),
                              count(ing, "spec.tls") > 0 ? "80, 443" : "80", age(ctx, ing)});
}

void print_ingress_class(const json& obj, const Ctx& ctx, json& row) {
  std::string params = "<none>";
  const json& p = get(obj, "spec.parameters");
  if (p.is_object()) {
    params = str(p, "kind");
    if (p.contains("apiGroup") && p["apiGroup"].is_string()) params += "." + str(p, "apiGroup");
    params += "/" + str(p, "name");
  }
  row["cells"] = json::array({name_of(obj), str(obj, "spec.controller"), params, age(ctx, obj)});
}

std::string quantity(const json& v) { return v.is_null() ? "<unknown>" : int_or_string(v); }

// formatHPAMetrics for autoscaling/v2 metric specs and statuses.
std::string hpa_metrics(const json& specs, const json& statuses) {
  if (!specs.is_array() || specs.empty()) return "<none>";
  constexpr int64_t kMax = 2;
  std::vector<std::string> out;
  auto status_at = [&](size_t i, std::string_view field) -> const json& {
    if (!statuses.is_array() || i >= statuses.size()) return null_json();
    return get(statuses[i], field);
  };
  for (size_t i = 0; i < specs.size(); ++i) {
    const json& s = specs[i];
    const std::string type = str(s, "type");
    std::string text;
    if (type == "External" || type == "Object") {
      const std::string key = type == "External" ? "external" : "object";
      const json& target = get(s, key + ".target");
      const json& current = status_at(i, key + ".current");
      if (get(target, "averageValue").is_null()) {
        text = quantity(get(current, "value")) + "/" + quantity(get(target, "value"));
      } else {
        text = quantity(get(current, "averageValue")) + "/" + quantity(get(target, "averageValue")) +
               " (avg)";
      }
    } else if (type == "Pods") {
      text = quantity(status_at(i, "pods.current.averageValue")) + "/" +
             quantity(get(s, "pods.target.averageValue"));
    } else if (type == "Resource" || type == "ContainerResource") {
      const std::string key = type == "Resource" ? "resource" : "containerResource";
      const json& target = get(s, key + ".target");
      const json& current = status_at(i, key + ".current");
      std::string prefix = str(s, key + ".name") + ": ";
      if (type == "ContainerResource") prefix = str(s, key + ".name") + "/" + str(s, key + ".container") + ": ";
      if (!get(target, "averageValue").is_null()) {
        text = prefix + quantity(get(current, "averageValue")) + "/" + quantity(get(target, "averageValue"));
      } else {
        const json& cur = get(current, "averageUtilization");
        const json& tgt = get(target, "averageUtilization");
        text = prefix + (cur.is_number() ? std::to_string(cur.get<int64_t>()) + "%" : "<unknown>") +
               "/" + (tgt.is_number() ? std::to_string(tgt.get<int64_t>()) + "%" : "<auto>");
      }
    } else {
      text = "<unknown type>";
    }
    out.push_back(std::move(text));
  }
  const int64_t total = int64_t(out.size());
  if (total > kMax) out.resize(kMax);
  std::string result = join(out, ", ");
  if (total > kMax) result += " + " + std::to_string(total - kMax) + " more...";
  return result;
}

void print_hpa(const json& hpa, const Ctx& ctx, json& row) {
  const json& spec = get(hpa, "spec");
  std::string metrics;
  if (get(spec, "metrics").is_array()) {
    metrics = hpa_metrics(get(spec, "metrics"), get(hpa, "status.currentMetrics"));
  } else if (get(spec, "targetCPUUtilizationPercentage").is_number()) {  // autoscaling/v1
    const json& cur = get(hpa, "status.currentCPUUtilizationPercentage");
    metrics = "cpu: " + (cur.is_number() ? std::to_string(cur.get<int64_t>()) + "%" : "<unknown>") +
              "/" + std::to_string(num(spec, "targetCPUUtilizationPercentage")) + "%";
  } else {
    metrics = "<none>";
  }
  const json& min = get(spec, "minReplicas");
  row["cells"] = json::array(
      {name_of(hpa), str(spec, "scaleTargetRef.kind") + "/" + str(spec, "scaleTargetRef.name"),
       metrics, min.is_number() ? std::to_string(min.get<int64_t>()) : "<unset>",
       num(spec, "maxReplicas"), num(hpa, "status.currentReplicas"), age(ctx, hpa)});
}

void print_pdb(const json& pdb, const Ctx& ctx, json& row) {
  auto value = [&](std::string_view field) {
    const json& v = get(pdb, field);
    return v.is_null() ? std::string("N/A") : int_or_string(v);
  };
  row["cells"] = json::array({name_of(pdb), value("spec.minAvailable"), value("spec.maxUnavailable"),
                              num(pdb, "status.disruptionsAllowed"), age(ctx, pdb)});
}

// The generic convertor's "Created At": creationTimestamp as RFC 3339 in UTC.
void print_created_at(const json& obj, const Ctx&, json& row) {
  auto t = parse_time(get(obj, "metadata.creationTimestamp"));
  row["cells"] = json::array({name_of(obj), t ? format_rfc3339(*t) : "0001-01-01T00:00:00Z"});
}

void print_role_binding(const json& obj, const Ctx& ctx, json& row) {
  std::vector<std::string> users, groups, sas;
  for (const auto& s : list(obj, "subjects")) {
    const std::string kind = str(s, "kind");
    if (kind == "User") users.push_back(str(s, "name"));
    else if (kind == "Group") groups.push_back(str(s, "name"));
    else if (kind == "ServiceAccount") sas.push_back(str(s, "namespace") + ":" + str(s, "name"));
  }
  row["cells"] = json::array({name_of(obj), str(obj, "roleRef.kind") + "/" + str(obj, "roleRef.name"),
                              age(ctx, obj), join(users, ", "), join(groups, ", "), join(sas, ", ")});
}

void print_api_service(const json& obj, const Ctx& ctx, json& row) {
  std::string service = "Local";
  if (get(obj, "spec.service").is_object())
    service = str(obj, "spec.service.namespace") + "/" + str(obj, "spec.service.name");
  std::string available = "Unknown";
  for (const auto& c : list(obj, "status.conditions"))
    if (str(c, "type") == "Available") {
      available = str(c, "status");
      if (available != "True" && !str(c, "reason").empty())
        available += " (" + str(c, "reason") + ")";
      break;
    }
  row["cells"] = json::array({name_of(obj), service, available, age(ctx, obj)});
}

void print_lease(const json& obj, const Ctx& ctx, json& row) {
  row["cells"] = json::array({name_of(obj), str(obj, "spec.holderIdentity"), age(ctx, obj)});
}

void print_priority_class(const json& obj, const Ctx& ctx, json& row) {
  row["cells"] = json::array({name_of(obj), num(obj, "value"), flag(obj, "globalDefault"),
                              age(ctx, obj), str(obj, "preemptionPolicy", "PreemptLowerPriority")});
}

void print_network_policy(const json& obj, const Ctx& ctx, json& row) {
  row["cells"] = json::array(
      {name_of(obj), format_label_selector(get(obj, "spec.podSelector")), age(ctx, obj)});
}

void print_controller_revision(const json& obj, const Ctx& ctx, json& row) {
  std::string controller = "<none>";
  for (const auto& ref : list(obj, "metadata.ownerReferences"))
    if (flag(ref, "controller")) {
      std::string api_version = str(ref, "apiVersion");
      size_t slash = api_version.find('/');
      std::string group_kind = str(ref, "kind");
      if (slash != std::string::npos) group_kind += "." + api_version.substr(0, slash);
      controller = lower(group_kind) + "/" + str(ref, "name");
      break;
    }
  row["cells"] = json::array({name_of(obj), controller, num(obj, "revision"), age(ctx, obj)});
}

void print_runtime_class(const json& obj, const Ctx& ctx, json& row) {
  row["cells"] = json::array({name_of(obj), str(obj, "handler"), age(ctx, obj)});
}

void print_webhook_configuration(const json& obj, const Ctx& ctx, json& row) {
  row["cells"] = json::array({name_of(obj), count(obj, "webhooks"), age(ctx, obj)});
}

// ------------------------------------------------------------------ printer table

const std::map<std::string, Printer, std::less<>>& printers() {
  static const std::map<std::string, Printer, std::less<>> table = [] {
    std::map<std::string, Printer, std::less<>> m;
    auto add = [&](std::initializer_list<std::string_view> group_resources, Printer p) {
      for (auto gr : group_resources) m.emplace(std::string(gr), p);
    };
    const Col selector{"Selector", "string", "A label query over pods.", 1};

    add({"/pods"},
        {{kNameCol,
          {"Ready", "string", "The aggregate readiness state of this pod for accepting traffic."},
          {"Status", "string", "The aggregate status of the containers in this pod."},
          {"Restarts", "string",
           "The number of times the containers in this pod have been restarted and when the last "
           "container in this pod has restarted."},
          kAgeCol,
          {"IP", "string", "IP address allocated to the pod. Routable at least within the cluster.", 1},
          {"Node", "string", "NodeName indicates in which node this pod is scheduled.", 1},
          {"Nominated Node", "string",
           "nominatedNodeName is set only when this pod preempts other pods on the node.", 1},
          {"Readiness Gates", "string",
           "If specified, all readiness gates will be evaluated for pod readiness.", 1}},
         print_pod});
    add({"/podtemplates"},
        {{kNameCol, {"Containers", "string", kContainersDoc}, {"Images", "string", kImagesDoc},
          {"Pod Labels", "string", "The labels for the pod template."}},
         print_pod_template});
    add({"apps/deployments", "extensions/deployments"},
        {{kNameCol, {"Ready", "string", "Number of the pod with ready state"},
          {"Up-to-date", "string", "Total number of non-terminated pods targeted by this deployment that have the desired template spec."},
          {"Available", "string", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."},
          kAgeCol, kContainersCol, kImagesCol, selector},
         print_deployment});
    add({"apps/replicasets", "extensions/replicasets"},
        {{kNameCol, {"Desired", "integer", "Replicas is the number of desired replicas."},
          {"Current", "integer", "Replicas is the most recently observed number of replicas."},
          {"Ready", "integer", "The number of ready replicas for this replica set."}, kAgeCol,
          kContainersCol, kImagesCol, selector},
         print_replica_set});
    add({"/replicationcontrollers"},
        {{kNameCol, {"Desired", "integer", "Replicas is the number of desired replicas."},
          {"Current", "integer", "Replicas is the most recently observed number of replicas."},
          {"Ready", "integer", "The number of ready replicas for this replication controller."},
          kAgeCol, kContainersCol, kImagesCol, selector},
         print_replication_controller});
    add({"apps/statefulsets"},
        {{kNameCol, {"Ready", "string", "Number of the pod with ready state"}, kAgeCol,
          kContainersCol, kImagesCol},
         print_stateful_set});
    add({"apps/daemonsets", "extensions/daemonsets"},
        {{kNameCol,
          {"Desired", "integer", "The total number of nodes that should be running the daemon pod."},
          {"Current", "integer", "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod."},
          {"Ready", "integer", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready."},
          {"Up-to-date", "integer", "The total number of nodes that are running updated daemon pod"},
          {"Available", "integer", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available."},
          {"Node Selector", "string", "NodeSelector is a selector which must be true for the pod to fit on a node."},
          kAgeCol, kContainersCol, kImagesCol, selector},
         print_daemon_set});
    add({"batch/jobs"},
        {{kNameCol, {"Status", "string", "Status of the job."},
          {"Completions", "string", "The number of pods which reached phase Succeeded."},
          {"Duration", "string", "Time required to complete the job."}, kAgeCol, kContainersCol,
          kImagesCol, selector},
         print_job});
    add({"batch/cronjobs"},
        {{kNameCol, {"Schedule", "string", "The schedule in Cron format."},
          {"Timezone", "string", "The time zone name for the given schedule."},
          {"Suspend", "boolean", "This flag tells the controller to suspend subsequent executions."},
          {"Active", "integer", "A list of pointers to currently running jobs."},
          {"Last Schedule", "string", "Information when was the last time the job was successfully scheduled."},
          kAgeCol, kContainersCol, kImagesCol, selector},
         print_cron_job});
    add({"/services"},
        {{kNameCol, {"Type", "string", "type determines how the Service is exposed."},
          {"Cluster-IP", "string", "clusterIP is the IP address of the service."},
          {"External-IP", "string", "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service."},
          {"Port(s)", "string", "The list of ports that are exposed by this service."}, kAgeCol,
          {"Selector", "string", "Route service traffic to pods with label keys and values matching this selector.", 1}},
         print_service});
    add({"/endpoints"},
        {{kNameCol, {"Endpoints", "string", "The set of all endpoints is the union of all subsets."}, kAgeCol},
         print_endpoints});
    add({"discovery.k8s.io/endpointslices"},
        {{kNameCol, {"AddressType", "string", "addressType specifies the type of address carried by this EndpointSlice."},
          {"Ports", "string", "ports specifies the list of network ports exposed by each endpoint in this slice."},
          {"Endpoints", "string", "endpoints is a list of unique endpoints in this slice."}, kAgeCol},
         print_endpoint_slice});
    add({"/namespaces"},
        {{kNameCol, {"Status", "string", "The status of the namespace"}, kAgeCol}, print_namespace});
    add({"/nodes"},
        {{kNameCol, {"Status", "string", "The status of the node"},
          {"Roles", "string", "The roles of the node"}, kAgeCol,
          {"Version", "string", "Kubelet Version reported by the node."},
          {"Internal-IP", "string", "List of addresses reachable to the node.", 1},
          {"External-IP", "string", "List of addresses reachable to the node.", 1},
          {"OS-Image", "string", "OS Image reported by the node from /etc/os-release.", 1},
          {"Kernel-Version", "string", "Kernel Version reported by the node from 'uname -r'.", 1},
          {"Container-Runtime", "string", "ContainerRuntime Version reported by the node through runtime remote API.", 1}},
         print_node});
    add({"/configmaps"},
        {{kNameCol, {"Data", "string", "Data contains the configuration data."}, kAgeCol},
         print_config_map});
    add({"/secrets"},
        {{kNameCol, {"Type", "string", "Used to facilitate programmatic handling of secret data."},
          {"Data", "string", "Data contains the secret data."}, kAgeCol},
         print_secret});
    add({"/serviceaccounts"},
        {{kNameCol, {"Secrets", "string", "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use."}, kAgeCol},
         print_service_account});
    add({"/persistentvolumes"},
        {{kNameCol, {"Capacity", "string", "capacity is the description of the persistent volume's resources and capacity."},
          {"Access Modes", "string", "accessModes contains all ways the volume can be mounted."},
          {"Reclaim Policy", "string", "persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim."},
          {"Status", "string", "phase indicates if a volume is available, bound to a claim, or released by a claim."},
          {"Claim", "string", "claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim."},
          {"StorageClass", "string", "StorageClass of the pv"},
          {"VolumeAttributesClass", "string", "VolumeAttributesClass of the pv"},
          {"Reason", "string", "reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI."},
          kAgeCol,
          {"VolumeMode", "string", "volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.", 1}},
         print_persistent_volume});
    add({"/persistentvolumeclaims"},
        {{kNameCol, {"Status", "string", "phase represents the current phase of PersistentVolumeClaim."},
          {"Volume", "string", "volumeName is the binding reference to the PersistentVolume backing this claim."},
          {"Capacity", "string", "capacity represents the actual resources of the underlying volume."},
          {"Access Modes", "string", "accessModes contains the actual access modes the volume backing the PVC has."},
          {"StorageClass", "string", "StorageClass of the pvc"},
          {"VolumeAttributesClass", "string", "VolumeAttributesClass of the pvc"}, kAgeCol,
          {"VolumeMode", "string", "volumeMode defines what type of volume is required by the claim.", 1}},
         print_persistent_volume_claim});
    add({"storage.k8s.io/storageclasses"},
        {{kNameCol, {"Provisioner", "string", "provisioner indicates the type of the provisioner."},
          {"ReclaimPolicy", "string", "reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class."},
          {"VolumeBindingMode", "string", "volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound."},
          {"AllowVolumeExpansion", "string", "allowVolumeExpansion shows whether the storage class allow volume expand."},
          kAgeCol},
         print_storage_class});
    const std::vector<Col> event_cols = {
        {"Last Seen", "string", "The time at which the most recent occurrence of this event was recorded."},
        {"Type", "string", "Type of this event (Normal, Warning), new types could be added in the future"},
        {"Reason", "string", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."},
        {"Object", "string", "The object that this event is about."},
        {"Subobject", "string", "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement.", 1},
        {"Source", "string", "The component reporting this event. Should be a short machine understandable string.", 1},
        {"Message", "string", "A human-readable description of the status of this operation."},
        {"First Seen", "string", "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)", 1},
        {"Count", "string", "The number of times this event has occurred.", 1},
        {"Name", "string", kNameDoc, 1, "name"}};
    add({"/events"}, {event_cols, print_event});
    add({"events.k8s.io/events"}, {event_cols, print_events_k8s_io_event});
    add({"networking.k8s.io/ingresses", "extensions/ingresses"},
        {{kNameCol, {"Class", "string", "The name of the IngressClass resource that should be used for additional configuration"},
          {"Hosts", "string", "Hosts that incoming requests are matched against before the ingress rule"},
          {"Address", "string", "Address is a list containing ingress points for the load-balancer"},
          {"Ports", "string", "Ports of TLS configurations that open"}, kAgeCol},
         print_ingress});
    add({"networking.k8s.io/ingressclasses"},
        {{kNameCol, {"Controller", "string", "Controller that is responsible for handling this class"},
          {"Parameters", "string", "A reference to a resource with additional parameters"}, kAgeCol},
         print_ingress_class});
    add({"networking.k8s.io/networkpolicies", "extensions/networkpolicies"},
        {{kNameCol, {"Pod-Selector", "string", "podSelector selects the pods to which this NetworkPolicy object applies."}, kAgeCol},
         print_network_policy});
    add({"autoscaling/horizontalpodautoscalers"},
        {{kNameCol, {"Reference", "string", "scaleTargetRef points to the target resource to scale."},
          {"Targets", "string", "metrics contains the specifications for which to use to calculate the desired replica count."},
          {"MinPods", "string", "minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down."},
          {"MaxPods", "string", "maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up."},
          {"Replicas", "string", "currentReplicas is current number of replicas of pods managed by this autoscaler."},
          kAgeCol},
         print_hpa});
    add({"policy/poddisruptionbudgets"},
        {{kNameCol, {"Min Available", "string", "The minimum number of pods that must be available."},
          {"Max Unavailable", "string", "The maximum number of pods that may be unavailable."},
          {"Allowed Disruptions", "integer", "Calculated number of pods that may be disrupted at this time."},
          kAgeCol},
         print_pdb});
    add({"rbac.authorization.k8s.io/roles", "rbac.authorization.k8s.io/clusterroles",
         "apiextensions.k8s.io/customresourcedefinitions", "/limitranges"},
        {{kNameCol, kCreatedAtCol}, print_created_at});
    add({"rbac.authorization.k8s.io/rolebindings"},
        {{kNameCol, {"Role", "string", "RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace."},
          kAgeCol, {"Users", "string", "Users in the roleBinding", 1},
          {"Groups", "string", "Groups in the roleBinding", 1},
          {"ServiceAccounts", "string", "ServiceAccounts in the roleBinding", 1}},
         print_role_binding});
    add({"rbac.authorization.k8s.io/clusterrolebindings"},
        {{kNameCol, {"Role", "string", "RoleRef can only reference a ClusterRole in the global namespace."},
          kAgeCol, {"Users", "string", "Users in the clusterRoleBinding", 1},
          {"Groups", "string", "Groups in the clusterRoleBinding", 1},
          {"ServiceAccounts", "string", "ServiceAccounts in the clusterRoleBinding", 1}},
         print_role_binding});
    add({"apiregistration.k8s.io/apiservices"},
        {{kNameCol, {"Service", "string", "The reference to the service that hosts this API endpoint."},
          {"Available", "string", "Whether this service is available."}, kAgeCol},
         print_api_service});
    add({"coordination.k8s.io/leases"},
        {{kNameCol, {"Holder", "string", "holderIdentity contains the identity of the holder of a current lease."}, kAgeCol},
         print_lease});
    add({"scheduling.k8s.io/priorityclasses"},
        {{kNameCol, {"Value", "integer", "value represents the integer value of this priority class."},
          {"Global-Default", "boolean", "globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class."},
          kAgeCol,
          {"PreemptionPolicy", "string", "preemptionPolicy is the Policy for preempting pods with lower priority."}},
         print_priority_class});
    add({"apps/controllerrevisions"},
        {{kNameCol, {"Controller", "string", "Controller of the object"},
          {"Revision", "string", "Revision indicates the revision of the state represented by Data."}, kAgeCol},
         print_controller_revision});
    add({"node.k8s.io/runtimeclasses"},
        {{kNameCol, {"Handler", "string", "handler specifies the underlying runtime and configuration that the CRI implementation will use to handle pods of this class."}, kAgeCol},
         print_runtime_class});
    add({"admissionregistration.k8s.io/mutatingwebhookconfigurations",
         "admissionregistration.k8s.io/validatingwebhookconfigurations"},
        {{kNameCol, {"Webhooks", "integer", "Webhooks indicates the number of webhooks registered in this configuration"}, kAgeCol},
         print_webhook_configuration});
    return m;
  }();
  return table;
}

std::string printer_key(std::string_view group, std::string_view resource) {
  if (group == "core") group = "";
  return std::string(group) + "/" + std::string(resource);
}

const Printer* find_printer(std::string_view group, std::string_view resource) {
  auto it = printers().find(printer_key(group, resource));
  return it == printers().end() ? nullptr : &it->second;
}

// The upstream CRDs' additionalPrinterColumns of the CSI snapshot resources.
const std::vector<PrinterColumn>* builtin_crd_columns(std::string_view group, std::string_view resource) {
  static const std::map<std::string, std::vector<PrinterColumn>, std::less<>> columns = {
      {"snapshot.storage.k8s.io/volumesnapshots",
       {{"ReadyToUse", "boolean", "", "Indicates if the snapshot is ready to be used to restore a volume.", ".status.readyToUse", 0},
        {"SourcePVC", "string", "", "If a new snapshot needs to be created, this contains the name of the source PVC from which this snapshot was (or will be) created.", ".spec.source.persistentVolumeClaimName", 0},
        {"SourceSnapshotContent", "string", "", "If a snapshot already exists, this contains the name of the existing VolumeSnapshotContent object representing the existing snapshot.", ".spec.source.volumeSnapshotContentName", 0},
        {"RestoreSize", "string", "", "Represents the minimum size of volume required to rehydrate from this snapshot.", ".status.restoreSize", 0},
        {"SnapshotClass", "string", "", "The name of the VolumeSnapshotClass requested by the VolumeSnapshot.", ".spec.volumeSnapshotClassName", 0},
        {"SnapshotContent", "string", "", "Name of the VolumeSnapshotContent object to which the VolumeSnapshot object intends to bind to.", ".status.boundVolumeSnapshotContentName", 0},
        {"CreationTime", "date", "", "Timestamp when the point-in-time snapshot was taken by the underlying storage system.", ".status.creationTime", 0},
        {"Age", "date", "", "", ".metadata.creationTimestamp", 0}}},
      {"snapshot.storage.k8s.io/volumesnapshotcontents",
       {{"ReadyToUse", "boolean", "", "Indicates if a snapshot is ready to be used to restore a volume.", ".status.readyToUse", 0},
        {"RestoreSize", "integer", "", "Represents the complete size of the snapshot in bytes", ".status.restoreSize", 0},
        {"DeletionPolicy", "string", "", "Determines whether this VolumeSnapshotContent and its physical snapshot on the underlying storage system should be deleted when its bound VolumeSnapshot is deleted.", ".spec.deletionPolicy", 0},
        {"Driver", "string", "", "Name of the CSI driver used to create the physical snapshot on the underlying storage system.", ".spec.driver", 0},
        {"VolumeSnapshotClass", "string", "", "Name of the VolumeSnapshotClass to which this snapshot belongs.", ".spec.volumeSnapshotClassName", 0},
        {"VolumeSnapshot", "string", "", "Name of the VolumeSnapshot object to which this VolumeSnapshotContent object is bound.", ".spec.volumeSnapshotRef.name", 0},
        {"VolumeSnapshotNamespace", "string", "", "Namespace of the VolumeSnapshot object to which this VolumeSnapshotContent object is bound.", ".spec.volumeSnapshotRef.namespace", 0},
        {"Age", "date", "", "", ".metadata.creationTimestamp", 0}}},
      {"snapshot.storage.k8s.io/volumesnapshotclasses",
       {{"Driver", "string", "", "", ".driver", 0},
        {"DeletionPolicy", "string", "", "Determines whether a VolumeSnapshotContent created through the VolumeSnapshotClass should be deleted when its bound VolumeSnapshot is deleted.", ".deletionPolicy", 0},
        {"Age", "date", "", "", ".metadata.creationTimestamp", 0}}},
  };
  auto it = columns.find(printer_key(group, resource));
  return it == columns.end() ? nullptr : &it->second;
}

// Go's fmt %v of a decoded JSON value, as the JSONPath printer renders non-string values.
std::string go_text(const json& v) {
  switch (v.type()) {
    case json::value_t::string: return v.get<std::string>();
    case json::value_t::boolean: return v.get<bool>() ? "true" : "false";
    case json::value_t::null: return "<nil>";
    case json::value_t::array: {
      std::vector<std::string> parts;
      for (const auto& e : v) parts.push_back(go_text(e));
      return "[" + join(parts, " ") + "]";
    }
    case json::value_t::object: {
      std::vector<std::string> parts;
      for (auto it = v.begin(); it != v.end(); ++it) parts.push_back(it.key() + ":" + go_text(*it));
      return "map[" + join(parts, " ") + "]";
    }
    default: return v.dump();
  }
}

// cellForJSONValue of the apiextensions table convertor.
json crd_cell(const PrinterColumn& col, const json* value, const Ctx& ctx) {
  if (!value || value->is_null()) return nullptr;
  const json& v = *value;
  if (col.type == "string") return go_text(v);
  if (col.type == "integer") return v.is_number() ? json(v.get<int64_t>()) : json(nullptr);
  if (col.type == "number") return v.is_number() ? json(v.get<double>()) : json(nullptr);
  if (col.type == "boolean") return v.is_boolean() ? json(v.get<bool>()) : json(nullptr);
  if (col.type == "date") {
    if (!v.is_string()) return nullptr;
    const std::string& text = v.get_ref<const std::string&>();
    const int year = year_of(text);
    if (year >= 0 && year < kMinYear) return "<unknown>";  // Go's zero time and the like
    if (year > kMaxYear) return "<invalid>";               // far future: negative age
    try {
      return human_duration(ctx.now - parse_rfc3339(text));
    } catch (const std::invalid_argument&) {
      return "<invalid>";
    }
  }
  return nullptr;
}

void crd_columns_json(const std::vector<PrinterColumn>& cols, json& defs) {
  defs.push_back(column_json(kNameCol.name, kNameCol.type, kNameCol.format, kNameCol.description, 0));
  for (const auto& c : cols) defs.push_back(column_json(c.name, c.type, c.format, c.description, c.priority));
}

json crd_row_cells(const std::vector<PrinterColumn>& cols, const json& obj, const Ctx& ctx) {
  json cells = json::array({name_of(obj)});
  for (const auto& c : cols) {
    const json* value = nullptr;
    try {
      value = find_json_path(obj, c.json_path);
    } catch (const std::invalid_argument&) {
      value = nullptr;
    }
    cells.push_back(crd_cell(c, value, ctx));
  }
  return cells;
}

const std::vector<PrinterColumn>& default_columns() {
  static const std::vector<PrinterColumn> cols = {
      {"Age", "date", "", std::string(kAgeDoc), ".metadata.creationTimestamp", 0}};
  return cols;
}

json row_object(const json& obj, IncludeObject include) {
  if (include == IncludeObject::Object) return obj;
  json partial = {{"kind", "PartialObjectMetadata"}, {"apiVersion", "meta.k8s.io/v1"}};
  partial["metadata"] = obj.is_object() && obj.contains("metadata") ? obj["metadata"] : json::object();
  return partial;
}
}  // namespace

json build_table(std::string_view group, std::string_view resource, const std::vector<json>& objects,
                 IncludeObject include, const std::vector<PrinterColumn>& crd_columns,
                 std::chrono::system_clock::time_point now, const json& list_metadata) {
  const Ctx ctx{now};
  json table = {{"kind", "Table"}, {"apiVersion", "meta.k8s.io/v1"}};
  table["metadata"] = list_metadata.is_object() ? list_metadata : json::object();
  json defs = json::array();
  json rows = json::array();

  const Printer* printer = crd_columns.empty() ? find_printer(group, resource) : nullptr;
  const std::vector<PrinterColumn>* columns = nullptr;
  if (!crd_columns.empty()) columns = &crd_columns;
  else if (!printer) columns = builtin_crd_columns(group, resource);
  if (!printer && !columns) columns = &default_columns();

  if (printer) {
    for (const auto& c : printer->columns)
      defs.push_back(column_json(c.name, c.type, c.format, c.description, c.priority));
  } else {
    crd_columns_json(*columns, defs);
  }
  for (const json& obj : objects) {
    json row = json::object();
    if (printer) printer->row(obj, ctx, row);
    else row["cells"] = crd_row_cells(*columns, obj, ctx);
    if (include != IncludeObject::None) row["object"] = row_object(obj, include);
    rows.push_back(std::move(row));
  }
  table["columnDefinitions"] = std::move(defs);
  table["rows"] = std::move(rows);
  return table;
}

std::optional<IncludeObject> parse_include_object(std::string_view value) {
  if (value.empty() || value == "Metadata") return IncludeObject::Metadata;
  if (value == "Object") return IncludeObject::Object;
  if (value == "None") return IncludeObject::None;
  return std::nullopt;
}

std::vector<PrinterColumn> printer_columns_from_crd(const json& additional_printer_columns) {
  std::vector<PrinterColumn> out;
  if (!additional_printer_columns.is_array()) return out;
  for (const auto& c : additional_printer_columns) {
    PrinterColumn col;
    col.name = str(c, "name");
    if (col.name.empty()) continue;
    col.type = str(c, "type", "string");
    col.format = str(c, "format");
    col.description = str(c, "description");
    col.json_path = str(c, "jsonPath");
    col.priority = int(num(c, "priority"));
    out.push_back(std::move(col));
  }
  return out;
}

bool has_builtin_printer(std::string_view group, std::string_view resource) {
  return find_printer(group, resource) != nullptr || builtin_crd_columns(group, resource) != nullptr;
}

}  // namespace coffer::kubesim
