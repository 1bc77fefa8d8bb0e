#include "common/yaml_json.h"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <stdexcept>

namespace coffer {
namespace {
// YAML 1.1 core-schema ints and floats, the forms Kubernetes manifests use.
bool is_int(const std::string& s) {
  size_t i = (!s.empty() && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
  if (i >= s.size()) return false;
  if (s[i] == '0' && i + 1 != s.size()) return false;  // "0123" stays a string
  for (; i < s.size(); ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}
bool is_float(const std::string& s) {
  size_t i = (!s.empty() && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
  size_t digits = 0, dots = 0;
  for (; i < s.size() && s[i] != 'e' && s[i] != 'E'; ++i) {
    if (s[i] == '.') ++dots;
    else if (s[i] >= '0' && s[i] <= '9') ++digits;
    else return false;
  }
  if (digits == 0 || dots > 1) return false;
  if (i == s.size()) return true;
  ++i;  // exponent
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  if (i == s.size()) return false;
  for (; i < s.size(); ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}
}  // namespace

nlohmann::json yaml_node_to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null: return nullptr;
    case YAML::NodeType::Scalar: {
      const std::string& s = node.Scalar();
      // Quoted scalars carry the "!" tag: always strings.
      if (node.Tag() == "!" || node.Tag() == "tag:yaml.org,2002:str") return s;
      if (s == "true" || s == "True" || s == "TRUE") return true;
      if (s == "false" || s == "False" || s == "FALSE") return false;
      if (s == "null" || s == "Null" || s == "NULL" || s == "~" || s.empty()) return nullptr;
      if (is_int(s)) {
        try {
          return std::stoll(s);
        } catch (const std::out_of_range&) {
          return std::stod(s);
        }
      }
      if (is_float(s)) return std::stod(s);
      return s;
    }
    case YAML::NodeType::Sequence: {
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& item : node) arr.push_back(yaml_node_to_json(item));
      return arr;
    }
    case YAML::NodeType::Map: {
      nlohmann::json obj = nlohmann::json::object();
      for (const auto& kv : node) obj[kv.first.as<std::string>()] = yaml_node_to_json(kv.second);
      return obj;
    }
  }
  return nullptr;
}

nlohmann::json parse_yaml(std::string_view text) {
  try {
    return yaml_node_to_json(YAML::Load(std::string(text)));
  } catch (const YAML::Exception& e) {
    throw std::invalid_argument(std::string("yaml: ") + e.what());
  }
}

std::vector<nlohmann::json> parse_yaml_documents(std::string_view text) {
  std::vector<nlohmann::json> out;
  try {
    for (const auto& doc : YAML::LoadAll(std::string(text))) {
      nlohmann::json j = yaml_node_to_json(doc);
      if (!j.is_null()) out.push_back(std::move(j));
    }
  } catch (const YAML::Exception& e) {
    throw std::invalid_argument(std::string("yaml: ") + e.what());
  }
  return out;
}

namespace {
bool needs_quotes(const std::string& s) {
  if (s.empty()) return true;
  static const char* reserved[] = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~",
                                   "True", "False", "Null", "Yes", "No", "On", "Off", "TRUE", "FALSE", "NULL"};
  for (const char* r : reserved)
    if (s == r) return true;
  if (is_int(s) || is_float(s)) return true;
  return false;
}

void emit(YAML::Emitter& out, const nlohmann::json& v) {
  switch (v.type()) {
    case nlohmann::json::value_t::object:
      out << YAML::BeginMap;
      for (auto& [k, child] : v.items()) {
        out << YAML::Key << k << YAML::Value;
        emit(out, child);
      }
      out << YAML::EndMap;
      break;
    case nlohmann::json::value_t::array:
      out << YAML::BeginSeq;
      for (const auto& child : v) emit(out, child);
      out << YAML::EndSeq;
      break;
    case nlohmann::json::value_t::string: {
      const auto& s = v.get_ref<const std::string&>();
      if (needs_quotes(s)) out << YAML::DoubleQuoted << s;
      else if (s.find('\n') != std::string::npos) out << YAML::Literal << s;
      else out << s;
      break;
    }
    case nlohmann::json::value_t::boolean: out << (v.get<bool>() ? "true" : "false"); break;
    case nlohmann::json::value_t::number_integer: out << v.get<int64_t>(); break;
    case nlohmann::json::value_t::number_unsigned: out << v.get<uint64_t>(); break;
    case nlohmann::json::value_t::number_float: out << v.dump(); break;
    case nlohmann::json::value_t::null:
    default: out << YAML::Null; break;
  }
}
}  // namespace

std::string to_yaml(const nlohmann::json& value) {
  YAML::Emitter out;
  out.SetIndent(2);
  out.SetSeqFormat(YAML::Block);
  out.SetMapFormat(YAML::Block);
  emit(out, value);
  std::string s = out.c_str();
  if (s.empty() || s.back() != '\n') s += '\n';
  return s;
}
}  // namespace coffer
