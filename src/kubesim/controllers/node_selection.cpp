#include "kubesim/controllers/node_selection.h"

#include <algorithm>

#include "kubesim/controllers/object_helpers.h"

namespace coffer::kubesim::controllers {
namespace {

bool value_in(const json& values, const std::string& value) {
  if (!values.is_array()) return false;
  return std::any_of(values.begin(), values.end(),
                     [&](const json& v) { return v.is_string() && v.get<std::string>() == value; });
}

std::optional<long long> as_integer(const std::string& text) {
  try {
    size_t used = 0;
    long long v = std::stoll(text, &used);
    if (used != text.size()) return std::nullopt;
    return v;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// One NodeSelectorRequirement against a value (or its absence).
bool requirement_holds(const json& requirement, const std::optional<std::string>& value) {
  const std::string op = requirement.value("operator", "");
  const json& values = requirement.contains("values") ? requirement["values"] : json();
  if (op == "In") return value && value_in(values, *value);
  if (op == "NotIn") return !value || !value_in(values, *value);
  if (op == "Exists") return value.has_value();
  if (op == "DoesNotExist") return !value.has_value();
  if (op == "Gt" || op == "Lt") {
    if (!value || !values.is_array() || values.size() != 1 || !values[0].is_string()) return false;
    auto have = as_integer(*value);
    auto bound = as_integer(values[0].get<std::string>());
    if (!have || !bound) return false;
    return op == "Gt" ? *have > *bound : *have < *bound;
  }
  return false;
}

std::optional<std::string> label_value(const NodeInfo& node, const std::string& key) {
  auto it = node.labels.find(key);
  if (it == node.labels.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

bool term_matches(const json& term, const NodeInfo& node) {
  const json& expressions = term.contains("matchExpressions") ? term["matchExpressions"] : json();
  const json& fields = term.contains("matchFields") ? term["matchFields"] : json();
  bool any = false;
  if (expressions.is_array())
    for (const auto& r : expressions) {
      any = true;
      if (!requirement_holds(r, label_value(node, r.value("key", "")))) return false;
    }
  if (fields.is_array())
    for (const auto& r : fields) {
      any = true;
      std::optional<std::string> value;
      if (r.value("key", "") == "metadata.name") value = node.name;
      if (!requirement_holds(r, value)) return false;
    }
  return any;  // an empty term selects no node
}

bool toleration_matches(const json& toleration, const json& taint) {
  std::string effect = toleration.value("effect", "");
  if (!effect.empty() && effect != taint.value("effect", "")) return false;
  std::string op = toleration.value("operator", "Equal");
  std::string key = toleration.value("key", "");
  if (key.empty()) return op == "Exists";
  if (key != taint.value("key", "")) return false;
  return op == "Exists" || toleration.value("value", "") == taint.value("value", "");
}

}  // namespace

bool node_matches_selectors(const json& pod_spec, const NodeInfo& node) {
  const json& selector = at_path(pod_spec, {"nodeSelector"});
  if (selector.is_object())
    for (const auto& [key, value] : selector.items())
      if (!value.is_string() || label_value(node, key) != value.get<std::string>()) return false;
  const json& required = at_path(
      pod_spec, {"affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution"});
  if (!required.is_object()) return true;
  const json& terms = at_path(required, {"nodeSelectorTerms"});
  if (!terms.is_array()) return false;
  return std::any_of(terms.begin(), terms.end(),
                     [&](const json& term) { return term.is_object() && term_matches(term, node); });
}

bool pod_tolerates_taints(const json& pod_spec, const NodeInfo& node) {
  const json& tolerations = at_path(pod_spec, {"tolerations"});
  for (const auto& taint : node.taints) {
    if (!taint.is_object()) continue;
    std::string effect = taint.value("effect", "");
    if (effect != "NoSchedule" && effect != "NoExecute") continue;
    bool tolerated = tolerations.is_array() &&
                     std::any_of(tolerations.begin(), tolerations.end(), [&](const json& t) {
                       return t.is_object() && toleration_matches(t, taint);
                     });
    if (!tolerated) return false;
  }
  return true;
}

bool pod_fits_node(const json& pod_spec, const NodeInfo& node) {
  return node.ready && !node.unschedulable && node_matches_selectors(pod_spec, node) &&
         pod_tolerates_taints(pod_spec, node);
}

}  // namespace coffer::kubesim::controllers
