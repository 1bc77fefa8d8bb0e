#pragma once

// LabelSelector: a Kubernetes label selector (k8s.io/apimachinery/pkg/labels semantics), the AND of
// its requirements. An empty selector (no requirements) matches every object.
//
//   parse("app=web,tier in (fe,be),!legacy,replicas>2")  -- the `?labelSelector=` / `kubectl -l`
//       syntax; "" matches everything. Invalid input throws SelectorError worded like the apiserver.
//   from_json({"matchLabels":{...},"matchExpressions":[...]})  -- a metav1.LabelSelector.
//       null and {} both match everything. (Kubernetes' LabelSelectorAsSelector turns a *nil*
//       selector into "match nothing"; callers for which a missing selector means that must check
//       for null themselves.) Operators In/NotIn need values, Exists/DoesNotExist take none.
//   matches(labels)  -- labels as a map, or as the JSON `metadata.labels` object (null = no labels).
//   to_string()      -- canonical form (requirements sorted by key, set values sorted), which
//       parse() turns back into an equal selector.

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "kube/labels/label_requirement.h"
#include "kube/labels/selector_error.h"

namespace coffer::kube {

class LabelSelector {
 public:
  LabelSelector() = default;  // matches everything
  explicit LabelSelector(std::vector<LabelRequirement> requirements);

  static LabelSelector parse(std::string_view text);
  static LabelSelector from_json(const nlohmann::json& selector);

  bool matches(const std::map<std::string, std::string>& labels) const;
  // Throws SelectorError if `labels_object` is neither null nor an object, or if a label the
  // selector looks at is not a string.
  bool matches(const nlohmann::json& labels_object) const;

  bool empty() const { return requirements_.empty(); }
  const std::vector<LabelRequirement>& requirements() const { return requirements_; }
  std::string to_string() const;

  bool operator==(const LabelSelector&) const = default;

 private:
  std::vector<LabelRequirement> requirements_;  // sorted by key
};

}  // namespace coffer::kube
