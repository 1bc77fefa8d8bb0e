#pragma once

// Restore resource modifiers: the rules of the ConfigMap a Velero-style Restore names in
// spec.resourceModifier, and their application to the items being restored.
// Format and decisions: docs/resource-modifiers.md.
//
//   version: v1
//   resourceModifierRules:
//   - conditions:
//       groupResource: deployments.apps      # required; glob, '*' stops at '.', '**' does not
//       resourceNameRegex: "^web-"            # optional; unanchored (search), ECMAScript syntax
//       namespaces: [prod, "team-*"]          # optional; globs; ignored for cluster-scoped items
//       labelSelector: {matchLabels: {...}, matchExpressions: [...]}
//       matches: [{path: /spec/replicas, value: "3"}]   # all must hold
//     patches:          # exactly one of patches / mergePatches / strategicPatches
//     - {operation: replace, path: /spec/replicas, value: "1"}
//     mergePatches:     [{patchData: "<YAML or JSON object>"}]
//     strategicPatches: [{patchData: "<YAML or JSON object>"}]
//
// parse_resource_modifiers accepts either a whole ConfigMap (YAML or JSON, kind: ConfigMap, whose
// `data` has exactly one key) or the value of that key. All problems are reported together in one
// ResourceModifiersError, each as "<field path>: <problem>" (e.g.
// "resourceModifierRules[2].conditions.groupResource: required").
//
// apply_resource_modifiers runs the rules in order on one item. Conditions are evaluated against
// the item as it was before any rule changed it (as Velero does); each matching rule's patches are
// applied atomically (all or nothing for that rule). A JSON patch whose `test` operation fails is
// skipped, not an error. Any other failure is recorded for that rule and the remaining rules still
// run; the item keeps the changes of the rules that succeeded.

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "backup/spec/glob.h"
#include "kube/labels/label_selector.h"

namespace coffer::restore {

// All validation errors of a resource modifiers document. what() lists them, one per line.
class ResourceModifiersError : public std::invalid_argument {
 public:
  explicit ResourceModifiersError(std::vector<std::string> errors);
  const std::vector<std::string>& errors() const noexcept { return errors_; }

 private:
  std::vector<std::string> errors_;
};

enum class PatchKind { Json, Merge, Strategic };

// One entry of conditions.matches: the value at `path` (a JSON pointer) must equal `value`.
struct MatchCondition {
  std::string path;
  nlohmann::json value;  // after the same string conversion as JSON patch values
};

struct ModifierConditions {
  std::string group_resource;
  std::optional<backup::Glob> group_resource_glob;  // '.' separates: '*' stops at '.', '**' does not
  std::string resource_name_regex;         // "" = any name
  std::optional<std::regex> resource_name;  // compiled resource_name_regex
  std::vector<backup::Glob> namespaces;      // no separators; empty = any namespace
  std::optional<kube::LabelSelector> label_selector;  // absent = no label condition
  std::vector<MatchCondition> matches;
};

struct ResourceModifierRule {
  ModifierConditions conditions;
  PatchKind kind = PatchKind::Json;
  // kind == Json: the RFC 6902 operations, ready for kube::apply_json_patch
  // ({"op","path"[,"from"][,"value"]}, op lower-cased, values converted).
  nlohmann::json json_patch = nlohmann::json::array();
  // kind == Merge / Strategic: each patchData, parsed (always a JSON object).
  std::vector<nlohmann::json> patch_data;
};

struct ResourceModifiers {
  std::string version;  // as written ("v1", case-insensitive)
  std::vector<ResourceModifierRule> rules;
};

// `text`: a ConfigMap manifest (YAML or JSON) or the YAML/JSON value of its single data key.
ResourceModifiers parse_resource_modifiers(std::string_view text);
// The same for already-decoded documents.
ResourceModifiers parse_resource_modifiers_configmap(const nlohmann::json& configmap);
ResourceModifiers parse_resource_modifiers_document(const nlohmann::json& document);

// Velero's conversion of a patch/match `value` string into a JSON value:
//   ""                   -> ""            "\"...\"" (quoted) -> the text between the quotes
//   null                 -> null          true / false (any case) -> boolean
//   a JSON number        -> that number   "{..." or "[..." -> parsed (JSON, or YAML flow style)
//   anything else        -> the string itself
// Throws std::invalid_argument for "{"/"[" text that does not parse, and for text Go's
// strconv.ParseFloat would take as a number but JSON would not ("+1", ".5", "Inf", "0x10").
nlohmann::json patch_value_from_string(const std::string& value);

struct RuleError {
  std::size_t rule = 0;  // index into ResourceModifiers::rules
  std::string message;   // "resourceModifierRules[i]: ..."
};

struct ModifierOutcome {
  std::vector<std::size_t> matched_rules;         // conditions held (in order)
  std::vector<std::size_t> applied_rules;         // patches applied
  std::vector<std::size_t> skipped_by_test_rules;  // JSON patch `test` failed: rule left out
  std::vector<RuleError> errors;                   // per-rule failures (matching or patching)
  bool changed = false;                            // item differs from what it was on entry

  bool ok() const { return errors.empty(); }
};

// Whether `rule`'s conditions hold for `item` (group_resource as Kubernetes' GroupResource.String():
// "pods", "deployments.apps", "ingresses.networking.k8s.io"). Throws std::invalid_argument when the
// item cannot be evaluated (e.g. metadata.labels is not a map of strings).
bool rule_matches(const ResourceModifierRule& rule, const nlohmann::json& item, std::string_view group_resource);

// Applies the rules to `item` in place; see the top of this file.
ModifierOutcome apply_resource_modifiers(const ResourceModifiers& modifiers, nlohmann::json& item,
                                         std::string_view group_resource);

}  // namespace coffer::restore
