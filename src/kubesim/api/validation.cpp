#include "kubesim/api/validation.h"

#include <regex>

#include "common/text.h"
#include "kube/labels/label_validation.h"

namespace coffer::kubesim {
namespace {
const std::regex& re(const char* pattern) {
  // Compiled once per pattern (patterns are string literals, so the pointer is the identity).
  static thread_local std::vector<std::pair<const char*, std::regex>> cache;
  for (auto& [p, r] : cache)
    if (p == pattern) return r;
  cache.emplace_back(pattern, std::regex(pattern, std::regex::ECMAScript | std::regex::optimize));
  return cache.back().second;
}

constexpr char kLabelRe[] = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
constexpr char kDns1035Re[] = "[a-z]([-a-z0-9]*[a-z0-9])?";
}  // namespace

std::string go_quote(const std::string& s) { return kube::go_quote(s); }

namespace {
// The first problem the shared label validation (kube/labels) reports, if any.
std::optional<std::string> first_error(const std::vector<std::string>& errors) {
  if (errors.empty()) return std::nullopt;
  return errors.front();
}
}  // namespace

std::optional<std::string> check_dns1123_subdomain(const std::string& v) {
  return first_error(kube::dns1123_subdomain_errors(v));
}

std::optional<std::string> check_dns1123_label(const std::string& v) {
  if (v.size() > 63) return "must be no more than 63 characters";
  if (!std::regex_match(v, re(kLabelRe)))
    return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or "
           "'-', and must start and end with an alphanumeric character (e.g. 'my-name',  or "
           "'123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
  return std::nullopt;
}

std::optional<std::string> check_dns1035_label(const std::string& v) {
  if (v.size() > 63) return "must be no more than 63 characters";
  if (!std::regex_match(v, re(kDns1035Re)))
    return "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start "
           "with an alphabetic character, and end with an alphanumeric character (e.g. "
           "'my-name',  or 'abc-123', regex used for validation is "
           "'[a-z]([-a-z0-9]*[a-z0-9])?')";
  return std::nullopt;
}

std::optional<std::string> check_path_segment_name(const std::string& v) {
  if (v == "." || v == "..") return "may not be '" + v + "'";
  if (v.find('/') != std::string::npos) return "may not contain '/'";
  if (v.find('%') != std::string::npos) return "may not contain '%'";
  return std::nullopt;
}

std::optional<std::string> check_label_key(const std::string& key) {
  return first_error(kube::qualified_name_errors(key));
}

std::optional<std::string> check_label_value(const std::string& v) {
  return first_error(kube::label_value_errors(v));
}

std::string name_rule_for(const ResourceType& rt) {
  if (rt.group.empty() && rt.resource == "namespaces") return "label";
  if (rt.group.empty() && rt.resource == "services") return "dns1035";
  if (rt.group == "rbac.authorization.k8s.io") return "path";
  return "subdomain";
}

void validate_object_meta(const ResourceType& rt, const nlohmann::json& meta,
                          std::vector<FieldCause>& causes) {
  std::string name = meta.value("name", std::string());
  std::string rule = name_rule_for(rt);
  std::optional<std::string> err;
  if (rule == "label") err = check_dns1123_label(name);
  else if (rule == "dns1035") err = check_dns1035_label(name);
  else if (rule == "path") err = check_path_segment_name(name);
  else err = check_dns1123_subdomain(name);
  if (err) causes.push_back({"metadata.name", "FieldValueInvalid", "Invalid value: " + go_quote(name) + ": " + *err});
  if (auto it = meta.find("labels"); it != meta.end() && !it->is_null()) {
    if (!it->is_object()) {
      causes.push_back({"metadata.labels", "FieldValueInvalid", "Invalid value: must be a map of strings"});
    } else {
      for (auto& [k, v] : it->items()) {
        if (auto e = check_label_key(k))
          causes.push_back({"metadata.labels", "FieldValueInvalid", "Invalid value: " + go_quote(k) + ": " + *e});
        if (!v.is_string())
          causes.push_back({"metadata.labels", "FieldValueInvalid", "Invalid value: label values must be strings"});
        else if (auto e2 = check_label_value(v.get<std::string>()))
          causes.push_back({"metadata.labels", "FieldValueInvalid",
                            "Invalid value: " + go_quote(v.get<std::string>()) + ": " + *e2});
      }
    }
  }
  if (auto it = meta.find("annotations"); it != meta.end() && !it->is_null()) {
    if (!it->is_object()) {
      causes.push_back({"metadata.annotations", "FieldValueInvalid", "Invalid value: must be a map of strings"});
    } else {
      size_t total = 0;
      for (auto& [k, v] : it->items()) {
        if (auto e = check_label_key(to_lower(k)))
          causes.push_back({"metadata.annotations", "FieldValueInvalid", "Invalid value: " + go_quote(k) + ": " + *e});
        total += k.size() + (v.is_string() ? v.get_ref<const std::string&>().size() : 0);
      }
      if (total > 256 * 1024)
        causes.push_back({"metadata.annotations", "FieldValueTooLong", "Too long: must have at most 262144 bytes"});
    }
  }
}

}  // namespace coffer::kubesim
