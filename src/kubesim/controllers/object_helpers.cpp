#include "kubesim/controllers/object_helpers.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

namespace coffer::kubesim::controllers {
namespace {

const json& null_json() {
  static const json null_value;
  return null_value;
}

}  // namespace

// ---- reading fields ----

const json& at_path(const json& obj, std::initializer_list<std::string_view> path) {
  const json* cur = &obj;
  for (std::string_view step : path) {
    if (!cur->is_object()) return null_json();
    auto it = cur->find(step);
    if (it == cur->end()) return null_json();
    cur = &*it;
  }
  return *cur;
}

std::string string_at(const json& obj, std::initializer_list<std::string_view> path,
                      const std::string& fallback) {
  const json& v = at_path(obj, path);
  return v.is_string() ? v.get<std::string>() : fallback;
}

int64_t int_at(const json& obj, std::initializer_list<std::string_view> path, int64_t fallback) {
  const json& v = at_path(obj, path);
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_number()) return static_cast<int64_t>(v.get<double>());
  return fallback;
}

bool bool_at(const json& obj, std::initializer_list<std::string_view> path, bool fallback) {
  const json& v = at_path(obj, path);
  return v.is_boolean() ? v.get<bool>() : fallback;
}

// ---- metadata ----

std::string name_of(const json& obj) { return string_at(obj, {"metadata", "name"}); }
std::string namespace_of(const json& obj) { return string_at(obj, {"metadata", "namespace"}); }
std::string uid_of(const json& obj) { return string_at(obj, {"metadata", "uid"}); }
int64_t generation_of(const json& obj) { return int_at(obj, {"metadata", "generation"}, 0); }

bool is_terminating(const json& obj) {
  const json& ts = at_path(obj, {"metadata", "deletionTimestamp"});
  return !ts.is_null();
}

bool has_finalizer(const json& obj, std::string_view finalizer) {
  const json& list = at_path(obj, {"metadata", "finalizers"});
  if (!list.is_array()) return false;
  return std::any_of(list.begin(), list.end(),
                     [&](const json& f) { return f.is_string() && f.get<std::string>() == finalizer; });
}

bool remove_finalizer(json& obj, std::string_view finalizer) {
  if (!has_finalizer(obj, finalizer)) return false;
  json& list = obj["metadata"]["finalizers"];
  json kept = json::array();
  for (const auto& f : list)
    if (!(f.is_string() && f.get<std::string>() == finalizer)) kept.push_back(f);
  list = std::move(kept);
  return true;
}

std::string annotation_of(const json& obj, const std::string& key) {
  return string_at(obj, {"metadata", "annotations", key});
}

const json& labels_of(const json& obj) { return at_path(obj, {"metadata", "labels"}); }

bool set_annotation(json& obj, const std::string& key, const std::string& value) {
  json& annotations = obj["metadata"]["annotations"];
  if (!annotations.is_object()) annotations = json::object();
  auto it = annotations.find(key);
  if (it != annotations.end() && it->is_string() && it->get<std::string>() == value) return false;
  annotations[key] = value;
  return true;
}

// ---- owner references ----

json owner_reference(const json& owner, bool controller) {
  json ref = {{"apiVersion", owner.value("apiVersion", "")},
              {"kind", owner.value("kind", "")},
              {"name", name_of(owner)},
              {"uid", uid_of(owner)}};
  if (controller) {
    ref["controller"] = true;
    ref["blockOwnerDeletion"] = true;
  }
  return ref;
}

const json* controller_reference(const json& obj) {
  const json& refs = at_path(obj, {"metadata", "ownerReferences"});
  if (!refs.is_array()) return nullptr;
  for (const auto& ref : refs)
    if (ref.is_object() && ref.value("controller", false)) return &ref;
  return nullptr;
}

bool is_controlled_by(const json& obj, const std::string& owner_uid) {
  const json* ref = controller_reference(obj);
  return ref && ref->value("uid", "") == owner_uid;
}

bool has_owner(const json& obj, const std::string& owner_uid) {
  const json& refs = at_path(obj, {"metadata", "ownerReferences"});
  if (!refs.is_array()) return false;
  return std::any_of(refs.begin(), refs.end(), [&](const json& ref) {
    return ref.is_object() && ref.value("uid", "") == owner_uid;
  });
}

bool remove_owner_reference(json& obj, const std::string& owner_uid) {
  if (!has_owner(obj, owner_uid)) return false;
  json& refs = obj["metadata"]["ownerReferences"];
  json kept = json::array();
  for (const auto& ref : refs)
    if (!(ref.is_object() && ref.value("uid", "") == owner_uid)) kept.push_back(ref);
  if (kept.empty())
    obj["metadata"].erase("ownerReferences");
  else
    refs = std::move(kept);
  return true;
}

// ---- conditions ----

bool set_condition(json& conditions, json condition) {
  if (!conditions.is_array()) conditions = json::array();
  const std::string type = condition.value("type", "");
  for (auto& existing : conditions) {
    if (!existing.is_object() || existing.value("type", "") != type) continue;
    if (existing.value("status", "") == condition.value("status", "")) {
      if (existing.value("reason", "") == condition.value("reason", "") &&
          existing.value("message", "") == condition.value("message", ""))
        return false;
      if (existing.contains("lastTransitionTime"))
        condition["lastTransitionTime"] = existing["lastTransitionTime"];
    }
    if (existing == condition) return false;
    existing = std::move(condition);
    return true;
  }
  conditions.push_back(std::move(condition));
  return true;
}

const json* find_condition(const json& conditions, std::string_view type) {
  if (!conditions.is_array()) return nullptr;
  for (const auto& c : conditions)
    if (c.is_object() && c.value("type", "") == type) return &c;
  return nullptr;
}

bool condition_is_true(const json& conditions, std::string_view type) {
  const json* c = find_condition(conditions, type);
  return c && c->value("status", "") == "True";
}

// ---- pods ----

bool pod_ready(const json& pod) {
  return string_at(pod, {"status", "phase"}) == "Running" &&
         condition_is_true(at_path(pod, {"status", "conditions"}), "Ready");
}

bool pod_finished(const json& pod) {
  std::string phase = string_at(pod, {"status", "phase"});
  return phase == "Succeeded" || phase == "Failed";
}

bool pod_active(const json& pod) { return !is_terminating(pod) && !pod_finished(pod); }

bool pod_available(const json& pod, int64_t min_ready_seconds,
                   std::chrono::milliseconds* recheck_in) {
  if (!pod_ready(pod)) return false;
  if (min_ready_seconds <= 0) return true;
  const json* ready = find_condition(at_path(pod, {"status", "conditions"}), "Ready");
  std::string since = ready ? ready->value("lastTransitionTime", "") : "";
  if (since.empty()) return true;
  try {
    auto available_at = parse_rfc3339(since) + std::chrono::seconds(min_ready_seconds);
    auto now = std::chrono::system_clock::now();
    if (now >= available_at) return true;
    if (recheck_in)
      *recheck_in = std::chrono::duration_cast<std::chrono::milliseconds>(available_at - now) +
                    std::chrono::milliseconds(50);
    return false;
  } catch (const std::exception&) {
    return true;
  }
}

std::vector<std::string> pod_claim_names(const json& pod) {
  std::vector<std::string> names;
  const json& volumes = at_path(pod, {"spec", "volumes"});
  if (!volumes.is_array()) return names;
  for (const auto& v : volumes) {
    std::string claim = string_at(v, {"persistentVolumeClaim", "claimName"});
    if (!claim.empty())
      names.push_back(claim);
    else if (at_path(v, {"ephemeral"}).is_object())
      names.push_back(name_of(pod) + "-" + string_at(v, {"name"}));
  }
  return names;
}

std::string storage_class_of(const json& claim_or_volume) {
  const json& beta =
      at_path(claim_or_volume, {"metadata", "annotations", "volume.beta.kubernetes.io/storage-class"});
  if (beta.is_string()) return beta.get<std::string>();
  return string_at(claim_or_volume, {"spec", "storageClassName"});
}

std::pair<std::string, std::string> split_namespaced_key(const std::string& key) {
  size_t slash = key.find('/');
  if (slash == std::string::npos) return {"", key};
  return {key.substr(0, slash), key.substr(slash + 1)};
}

// ---- time ----

std::string now_rfc3339() { return format_rfc3339(std::chrono::system_clock::now()); }

// ---- hashes and ids ----

uint32_t fnv1a32(std::string_view data) {
  uint32_t h = 2166136261u;
  for (unsigned char c : data) {
    h ^= c;
    h *= 16777619u;
  }
  return h;
}

uint64_t fnv1a64(std::string_view data) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : data) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::string safe_encode(std::string_view text) {
  static constexpr std::string_view alphabet = "bcdfghjklmnpqrstvwxz2456789";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) out += alphabet[c % alphabet.size()];
  return out;
}

std::string short_hash(const json& value) {
  return safe_encode(std::to_string(fnv1a32(value.dump())));
}

std::string hex_digest(std::string_view seed, size_t length) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(length);
  uint64_t h = fnv1a64(seed);
  for (size_t round = 1; out.size() < length; ++round) {
    for (int i = 0; i < 16 && out.size() < length; ++i) out += hex[(h >> (i * 4)) & 15];
    h = fnv1a64(std::string(seed) + std::to_string(round) + std::to_string(h));
  }
  return out;
}

// ---- quantities ----

std::optional<long double> parse_quantity(std::string_view text) {
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  size_t number_start = i;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
    ++i;
  if (i == number_start) return std::nullopt;
  long double value = 0;
  try {
    value = std::stold(std::string(text.substr(number_start, i - number_start)));
  } catch (const std::exception&) {
    return std::nullopt;
  }
  std::string_view suffix = text.substr(i);
  static const std::map<std::string_view, long double> multipliers = {
      {"", 1.0L},         {"n", 1e-9L},       {"u", 1e-6L},         {"m", 1e-3L},
      {"k", 1e3L},        {"M", 1e6L},        {"G", 1e9L},          {"T", 1e12L},
      {"P", 1e15L},       {"E", 1e18L},       {"Ki", 1024.0L},      {"Mi", 1048576.0L},
      {"Gi", 1073741824.0L}, {"Ti", 1099511627776.0L}, {"Pi", 1125899906842624.0L},
      {"Ei", 1152921504606846976.0L}};
  auto it = multipliers.find(suffix);
  if (it != multipliers.end()) {
    value *= it->second;
  } else if (suffix.size() > 1 && (suffix[0] == 'e' || suffix[0] == 'E')) {
    try {
      value *= std::pow(10.0L, std::stoi(std::string(suffix.substr(1))));
    } catch (const std::exception&) {
      return std::nullopt;
    }
  } else {
    return std::nullopt;
  }
  return negative ? -value : value;
}

std::optional<int64_t> parse_quantity_bytes(std::string_view text) {
  auto value = parse_quantity(text);
  if (!value) return std::nullopt;
  return static_cast<int64_t>(std::ceil(*value));
}

std::string format_bytes(int64_t bytes) {
  static const std::pair<int64_t, const char*> units[] = {
      {1LL << 50, "Pi"}, {1LL << 40, "Ti"}, {1LL << 30, "Gi"}, {1LL << 20, "Mi"}, {1LL << 10, "Ki"}};
  if (bytes > 0)
    for (const auto& [size, suffix] : units)
      if (bytes % size == 0) return std::to_string(bytes / size) + suffix;
  return std::to_string(bytes);
}

// ---- resources ----

std::pair<std::string, std::string> split_group_resource(std::string_view group_resource) {
  size_t dot = group_resource.find('.');
  if (dot == std::string_view::npos) return {"", std::string(group_resource)};
  return {std::string(group_resource.substr(dot + 1)), std::string(group_resource.substr(0, dot))};
}

}  // namespace coffer::kubesim::controllers
