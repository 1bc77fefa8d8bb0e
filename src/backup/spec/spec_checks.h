#pragma once

// Validation checks shared by the Backup spec (backup_spec_validate.cpp) and the Restore spec
// (restore/spec): each problem is collected as "<field path>: <problem>; <fix>" so a caller lists
// every error at once, as Velero's FailedValidation does.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace coffer::backup {

class SpecErrors {
 public:
  void add(const std::string& path, const std::string& message) { list.push_back(path + ": " + message); }
  std::vector<std::string> list;
};

extern const char* const kNamespaceNameRule;  // the RFC 1123 label rule, in words

std::string indexed(const std::string& path, std::size_t i);      // path[i]
std::string keyed(const std::string& path, const std::string& key);  // path["key"]
bool is_dns1123_label(std::string_view s);
bool contains(const std::vector<std::string>& list, const std::string& item);
std::size_t distinct_count(const std::vector<std::string>& list);

// metadata.name: required (when `required`) and a DNS-1123 subdomain; `what` names the object.
void check_object_name(SpecErrors& e, const std::string& path, const std::string& name, bool required,
                       const std::string& what);
void check_labels(SpecErrors& e, const std::string& path, const std::map<std::string, std::string>& labels);
void check_annotations(SpecErrors& e, const std::string& path, const std::map<std::string, std::string>& annotations);

// Velero 1.18's namespace pattern rules: the glob compiles, no '{', '}', ',', '!', '|', '(', ')',
// "**", and with the wildcards replaced the pattern is a valid namespace name. "" is allowed.
std::optional<std::string> namespace_pattern_problem(const std::string& pattern);
// spec.includedNamespaces / spec.excludedNamespaces: "*" alone, no "*" in excludes (the error
// ends with exclude_star_fix), no entry in both, every pattern valid.
void check_namespace_filters(SpecErrors& e, const std::vector<std::string>& included_namespaces,
                             const std::vector<std::string>& excluded_namespaces, const std::string& exclude_star_fix);

// Empty resource names in a list.
void check_empty_entries(SpecErrors& e, const std::string& path, const std::vector<std::string>& list);
// An exclude entry repeating an include entry.
void check_overlap(SpecErrors& e, const std::string& inc_path, const std::vector<std::string>& includes,
                   const std::string& exc_path, const std::vector<std::string>& excludes);
// spec.includedResources / spec.excludedResources (collections.ValidateIncludesExcludes).
void check_resource_filter_lists(SpecErrors& e, const std::vector<std::string>& included_resources,
                                 const std::vector<std::string>& excluded_resources,
                                 const std::string& exclude_star_fix);
// spec.labelSelector / spec.orLabelSelectors: each parses, and only one of the two is set.
void check_label_selectors(SpecErrors& e, const std::optional<nlohmann::json>& label_selector,
                           const std::vector<nlohmann::json>& or_label_selectors);
// A duration field must not be negative.
void check_duration(SpecErrors& e, const std::string& path, std::chrono::milliseconds value, const char* example);

}  // namespace coffer::backup
