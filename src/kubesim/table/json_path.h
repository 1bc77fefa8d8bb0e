#pragma once
// The JSONPath subset that CustomResourceDefinition additionalPrinterColumns use (what
// kubectl's and the API server's jsonpath accept inside "{...}"), evaluated on a JSON object:
//   .spec.replicas   .metadata.labels['app.kubernetes.io/name']   .a\.b (escaped dot)
//   .items[0]  .items[-1]  .items[*].name  .spec.*
//   .status.conditions[?(@.type=="Ready")].status   [?(@.x!=3)]   [?(@.x)] (x present)
// An optional leading "$" and surrounding "{...}" are accepted. find_json_path returns the
// first match (as the API server's table convertor does) or nullptr; find_json_path_all every
// match in document order. Unsupported or malformed paths throw std::invalid_argument.
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace coffer::kubesim {
const nlohmann::json* find_json_path(const nlohmann::json& object, std::string_view path);
std::vector<const nlohmann::json*> find_json_path_all(const nlohmann::json& object,
                                                      std::string_view path);
}  // namespace coffer::kubesim
