// Validation checks shared by the Backup and Restore specs (see spec_checks.h).

#include "backup/spec/spec_checks.h"

#include <algorithm>
#include <set>

#include "backup/spec/glob.h"
#include "backup/spec/go_duration.h"
#include "common/text.h"
#include "kube/labels/label_selector.h"
#include "kube/labels/label_validation.h"

namespace coffer::backup {

using kube::go_quote;

namespace {
constexpr std::size_t kTotalAnnotationSizeLimit = 256 * 1024;  // apimachinery TotalAnnotationSizeLimitB
constexpr const char* kPatternHelp = "namespace patterns may use *, ?, [abc] and [a-z]";
bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
}  // namespace

const char* const kNamespaceNameRule =
    "a namespace name must be a lowercase RFC 1123 label: at most 63 characters of a-z, 0-9 and '-', "
    "starting and ending with a letter or digit (e.g. \"team-a\")";

std::string indexed(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }
std::string keyed(const std::string& path, const std::string& key) { return path + "[" + go_quote(key) + "]"; }


bool is_dns1123_label(std::string_view s) {
  if (s.empty() || s.size() > 63 || !is_lower_alnum(s.front()) || !is_lower_alnum(s.back())) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return is_lower_alnum(c) || c == '-'; });
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

std::size_t distinct_count(const std::vector<std::string>& list) {
  return std::set<std::string>(list.begin(), list.end()).size();
}

void check_object_name(SpecErrors& e, const std::string& path, const std::string& name, bool required, const std::string& what) {
  if (name.empty()) {
    if (required) e.add(path, "required; give the " + what + " a name such as \"nightly-prod\"");
    return;
  }
  for (const std::string& message : kube::dns1123_subdomain_errors(name)) {
    e.add(path, go_quote(name) + " is not a valid name: " + message);
  }
}

void check_labels(SpecErrors& e, const std::string& path, const std::map<std::string, std::string>& labels) {
  for (const auto& [key, value] : labels) {
    for (const std::string& message : kube::qualified_name_errors(key)) {
      e.add(keyed(path, key), "invalid label key: " + message);
    }
    for (const std::string& message : kube::label_value_errors(value)) {
      e.add(keyed(path, key), "invalid label value " + go_quote(value) + ": " + message);
    }
  }
}

void check_annotations(SpecErrors& e, const std::string& path, const std::map<std::string, std::string>& annotations) {
  std::size_t total = 0;
  for (const auto& [key, value] : annotations) {
    total += key.size() + value.size();
    for (const std::string& message : kube::qualified_name_errors(key)) {
      e.add(keyed(path, key), "invalid annotation key: " + message);
    }
  }
  if (total > kTotalAnnotationSizeLimit) {
    e.add(path, "annotations total " + std::to_string(total) + " bytes, more than the limit of " +
                    std::to_string(kTotalAnnotationSizeLimit) + "; shorten or remove some");
  }
}

// Velero 1.18's namespace pattern rules (pkg/util/wildcard ValidateNamespaceName plus
// collections.validateNamespaceName), after checking that the pattern compiles as a glob at all.
std::optional<std::string> namespace_pattern_problem(const std::string& pattern) {
  if (pattern.empty()) return std::nullopt;  // Velero reads "" as "no namespace" and allows it
  try {
    Glob glob(pattern);
  } catch (const GlobError& error) {
    return std::string(error.what()) + "; " + kPatternHelp;
  }
  for (char c : std::string_view("{},")) {
    if (pattern.find(c) != std::string::npos) {
      return go_quote(pattern) + " uses '" + std::string(1, c) +
             "', which Velero does not support in namespace patterns ({a,b} alternatives); list each "
             "namespace or pattern as its own entry";
    }
  }
  if (pattern.find('!') != std::string::npos) {
    return go_quote(pattern) +
           " uses '!', which Velero does not support in namespace patterns ([!x] negated classes); put the "
           "namespaces to leave out in excludedNamespaces";
  }
  for (char c : std::string_view("|()")) {
    if (pattern.find(c) != std::string::npos) {
      return go_quote(pattern) + " uses '" + std::string(1, c) + "', which is not a glob character; " + kPatternHelp;
    }
  }
  if (pattern.find("**") != std::string::npos) {
    return go_quote(pattern) + " uses \"**\", which Velero does not support; use a single '*'";
  }
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '[') {
      std::size_t close = pattern.find(']', i + 1);
      if (close == std::string::npos) return go_quote(pattern) + " has an unclosed '['; " + kPatternHelp;
      i = close;
    } else if (pattern[i] == ']') {
      return go_quote(pattern) + " has a ']' without a matching '['; " + kPatternHelp;
    }
  }
  std::string replaced = pattern;
  for (char& c : replaced) {
    if (c == '*' || c == '?' || c == '[' || c == ']') c = 'x';
  }
  if (!is_dns1123_label(replaced)) {
    return go_quote(pattern) + " is not a valid namespace name or pattern: " + kNamespaceNameRule + "; " + kPatternHelp;
  }
  return std::nullopt;
}

void check_namespace_filters(SpecErrors& e, const std::vector<std::string>& included_namespaces,
                             const std::vector<std::string>& excluded_namespaces, const std::string& exclude_star_fix) {
  // Velero validates after normalising an empty include list to ["*"].
  std::vector<std::string> includes = included_namespaces;
  if (includes.empty()) includes = {"*"};
  const std::string inc_path = "spec.includedNamespaces";
  const std::string exc_path = "spec.excludedNamespaces";
  if (distinct_count(includes) > 1 && contains(includes, "*")) {
    e.add(inc_path, "\"*\" must be the only entry (it already includes every namespace); remove either \"*\" "
                    "or the other entries");
  }
  for (std::size_t i = 0; i < included_namespaces.size(); ++i) {
    if (auto problem = namespace_pattern_problem(included_namespaces[i])) e.add(indexed(inc_path, i), *problem);
  }
  for (std::size_t i = 0; i < excluded_namespaces.size(); ++i) {
    const std::string& item = excluded_namespaces[i];
    if (item == "*") {
      e.add(indexed(exc_path, i), "\"*\" would exclude every namespace; " + exclude_star_fix);
      continue;
    }
    if (contains(includes, item)) {
      e.add(indexed(exc_path, i), go_quote(item) + " is also in spec.includedNamespaces; remove it from one of "
                                                   "the lists");
    }
    if (auto problem = namespace_pattern_problem(item)) e.add(indexed(exc_path, i), *problem);
  }
}

void check_empty_entries(SpecErrors& e, const std::string& path, const std::vector<std::string>& list) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (trim(list[i]).empty()) {
      e.add(indexed(path, i), "empty resource name; use a name such as \"deployments\", \"deployments.apps\" or "
                              "\"Deployment\"");
    }
  }
}

void check_overlap(SpecErrors& e, const std::string& inc_path, const std::vector<std::string>& includes,
                   const std::string& exc_path, const std::vector<std::string>& excludes) {
  for (std::size_t i = 0; i < excludes.size(); ++i) {
    if (excludes[i] != "*" && contains(includes, excludes[i])) {
      e.add(indexed(exc_path, i), go_quote(excludes[i]) + " is also in " + inc_path +
                                      "; remove it from one of the lists");
    }
  }
}

// collections.ValidateIncludesExcludes for includedResources / excludedResources.
void check_resource_filter_lists(SpecErrors& e, const std::vector<std::string>& included_resources,
                                 const std::vector<std::string>& excluded_resources,
                                 const std::string& exclude_star_fix) {
  const std::string inc_path = "spec.includedResources";
  const std::string exc_path = "spec.excludedResources";
  check_empty_entries(e, inc_path, included_resources);
  check_empty_entries(e, exc_path, excluded_resources);
  if (distinct_count(included_resources) > 1 && contains(included_resources, "*")) {
    e.add(inc_path, "\"*\" must be the only entry (it already includes every resource); remove either \"*\" or "
                    "the other entries");
  }
  for (std::size_t i = 0; i < excluded_resources.size(); ++i) {
    if (excluded_resources[i] == "*") {
      e.add(indexed(exc_path, i), "\"*\" is not allowed in excludedResources; " + exclude_star_fix);
    }
  }
  check_overlap(e, inc_path, included_resources, exc_path, excluded_resources);
}

void check_label_selectors(SpecErrors& e, const std::optional<nlohmann::json>& label_selector,
                           const std::vector<nlohmann::json>& or_label_selectors) {
  const bool single = label_selector && !label_selector->is_null();
  if (single) {
    try {
      kube::LabelSelector::from_json(*label_selector);
    } catch (const kube::SelectorError& error) {
      e.add("spec.labelSelector", std::string(error.what()) +
                                      "; write {matchLabels: {key: value}} or matchExpressions with operator In, "
                                      "NotIn, Exists or DoesNotExist");
    }
  }
  for (std::size_t i = 0; i < or_label_selectors.size(); ++i) {
    const nlohmann::json& selector = or_label_selectors[i];
    if (selector.is_null()) {
      e.add(indexed("spec.orLabelSelectors", i), "null selector; remove the entry or give it matchLabels");
      continue;
    }
    try {
      kube::LabelSelector::from_json(selector);
    } catch (const kube::SelectorError& error) {
      e.add(indexed("spec.orLabelSelectors", i), std::string(error.what()) +
                                                     "; write {matchLabels: {key: value}} or matchExpressions with "
                                                     "operator In, NotIn, Exists or DoesNotExist");
    }
  }
  if (single && !or_label_selectors.empty()) {
    e.add("spec.labelSelector and spec.orLabelSelectors",
          "only one of them may be set; keep labelSelector for a single selector, or put every alternative in "
          "orLabelSelectors");
  }
}

void check_duration(SpecErrors& e, const std::string& path, std::chrono::milliseconds value, const char* example) {
  if (value.count() < 0) {
    e.add(path, go_quote(format_go_duration(value)) + " is negative; use a duration such as " + example +
                    " (or leave it unset for the default)");
  }
}


}  // namespace coffer::backup
