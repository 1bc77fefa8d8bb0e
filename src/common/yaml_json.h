#pragma once
// YAML <-> JSON for Kubernetes documents: YAML 1.1-ish scalars resolved the way kubectl and the
// apiserver's sigs.k8s.io/yaml do (true/false/null/ints/floats unquoted, everything else a
// string), and JSON rendered as the block-style YAML `kubectl get -o yaml` prints.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace YAML { class Node; }

namespace coffer {
nlohmann::json yaml_node_to_json(const YAML::Node& node);
// One document; throws std::invalid_argument with the parser's line/column on bad YAML.
nlohmann::json parse_yaml(std::string_view text);
// Every document of a multi-document stream (empty documents skipped).
std::vector<nlohmann::json> parse_yaml_documents(std::string_view text);
std::string to_yaml(const nlohmann::json& value);
}  // namespace coffer
