#include <string>

#include "kube/patch/builtin_patch_schemas.h"
#include "kube/patch/json_patch.h"
#include "kube/patch/merge_patch.h"
#include "kube/patch/patch_error.h"
#include "kube/patch/strategic_merge_patch.h"
#include "restore/modifiers/resource_modifiers.h"

namespace coffer::restore {
namespace {

using nlohmann::json;

std::string metadata_string(const json& item, const char* name) {
  if (!item.is_object()) return "";
  auto metadata = item.find("metadata");
  if (metadata == item.end() || !metadata->is_object()) return "";
  auto value = metadata->find(name);
  if (value == metadata->end() || !value->is_string()) return "";
  return value->get<std::string>();
}

json metadata_labels(const json& item) {
  if (!item.is_object()) return nullptr;
  auto metadata = item.find("metadata");
  if (metadata == item.end() || !metadata->is_object()) return nullptr;
  auto labels = metadata->find("labels");
  return labels == metadata->end() ? json(nullptr) : *labels;
}

std::string rule_prefix(std::size_t index) { return "resourceModifierRules[" + std::to_string(index) + "]"; }

// The rule's patches applied to `item` (which is not modified); throws on failure.
json patched(const ResourceModifierRule& rule, const json& item) {
  switch (rule.kind) {
    case PatchKind::Json:
      return kube::apply_json_patch(item, rule.json_patch);
    case PatchKind::Merge: {
      json updated = item;
      for (const json& patch : rule.patch_data) updated = kube::apply_merge_patch(updated, patch);
      return updated;
    }
    case PatchKind::Strategic: {
      std::string api_version = item.is_object() ? item.value("apiVersion", "") : "";
      std::string kind = item.is_object() ? item.value("kind", "") : "";
      auto slash = api_version.find('/');
      std::string group = slash == std::string::npos ? "" : api_version.substr(0, slash);
      if (kind.empty() || !kube::is_builtin_patch_kind(group, kind)) {
        throw std::invalid_argument("strategicPatches: strategic merge patch is not supported for kind \"" + kind +
                                    "\" (apiVersion \"" + api_version +
                                    "\"): only built-in Kubernetes kinds have merge strategies; use mergePatches or "
                                    "patches for this resource");
      }
      const kube::PatchSchema& schema = kube::builtin_patch_schema(group, kind);
      json updated = item;
      for (const json& patch : rule.patch_data) updated = kube::apply_strategic_merge_patch(updated, patch, schema);
      return updated;
    }
  }
  return item;
}

const char* patch_field(PatchKind kind) {
  switch (kind) {
    case PatchKind::Json: return "patches";
    case PatchKind::Merge: return "mergePatches";
    case PatchKind::Strategic: return "strategicPatches";
  }
  return "patches";
}

}  // namespace

bool rule_matches(const ResourceModifierRule& rule, const json& item, std::string_view group_resource) {
  const ModifierConditions& conditions = rule.conditions;

  // Namespaces only restrict namespaced items; cluster-scoped ones pass (as in Velero).
  std::string ns = metadata_string(item, "namespace");
  if (!ns.empty() && !conditions.namespaces.empty()) {
    bool included = false;
    for (const backup::Glob& pattern : conditions.namespaces) included = included || pattern.matches(ns);
    if (!included) return false;
  }

  if (!conditions.group_resource_glob || !conditions.group_resource_glob->matches(group_resource)) return false;

  if (conditions.resource_name) {
    std::string name = metadata_string(item, "name");
    if (!std::regex_search(name, *conditions.resource_name)) return false;
  }

  if (conditions.label_selector && !conditions.label_selector->matches(metadata_labels(item))) return false;

  if (!conditions.matches.empty()) {
    json tests = json::array();
    for (const MatchCondition& match : conditions.matches) {
      tests.push_back({{"op", "test"}, {"path", match.path}, {"value", match.value}});
    }
    try {
      kube::apply_json_patch(item, tests);
    } catch (const kube::PatchTestFailed&) {
      return false;  // a different value, or nothing at that path
    } catch (const kube::PatchError& error) {
      throw std::invalid_argument(std::string("matches: ") + error.what());
    }
  }
  return true;
}

ModifierOutcome apply_resource_modifiers(const ResourceModifiers& modifiers, json& item, std::string_view group_resource) {
  ModifierOutcome outcome;
  const json original = item;  // conditions are evaluated on the item as it came in
  for (std::size_t i = 0; i < modifiers.rules.size(); ++i) {
    const ResourceModifierRule& rule = modifiers.rules[i];
    bool matched = false;
    try {
      matched = rule_matches(rule, original, group_resource);
    } catch (const std::exception& error) {
      outcome.errors.push_back({i, rule_prefix(i) + ".conditions: " + error.what()});
      continue;
    }
    if (!matched) continue;
    outcome.matched_rules.push_back(i);
    try {
      item = patched(rule, item);
      outcome.applied_rules.push_back(i);
    } catch (const kube::PatchTestFailed&) {
      outcome.skipped_by_test_rules.push_back(i);  // Velero: the rule's patches are not applied
    } catch (const std::exception& error) {
      std::string message = error.what();
      if (message.rfind("strategicPatches: ", 0) != 0) message = std::string(patch_field(rule.kind)) + ": " + message;
      outcome.errors.push_back({i, rule_prefix(i) + "." + message});
    }
  }
  outcome.changed = item != original;
  return outcome;
}

}  // namespace coffer::restore
