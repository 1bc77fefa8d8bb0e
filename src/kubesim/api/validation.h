#pragma once
// Name, label and annotation validation with the Kubernetes apiserver's messages.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kubesim/api/api_error.h"

namespace coffer::kubesim {

// Each returns the message after "Invalid value: ..." or nullopt when valid.
std::optional<std::string> check_dns1123_subdomain(const std::string& value);
std::optional<std::string> check_dns1123_label(const std::string& value);
std::optional<std::string> check_dns1035_label(const std::string& value);
std::optional<std::string> check_path_segment_name(const std::string& value);
std::optional<std::string> check_label_key(const std::string& key);
std::optional<std::string> check_label_value(const std::string& value);

// How a resource's metadata.name must look ("subdomain", "label", "dns1035", "path").
std::string name_rule_for(const ResourceType& rt);

// Validates metadata: name per rule, namespace, labels, annotation size (256 KiB total).
// Appends causes; never throws.
void validate_object_meta(const ResourceType& rt, const nlohmann::json& meta,
                          std::vector<FieldCause>& causes);

std::string go_quote(const std::string& s);  // "\"value\"" as Go's %q prints it

}  // namespace coffer::kubesim
