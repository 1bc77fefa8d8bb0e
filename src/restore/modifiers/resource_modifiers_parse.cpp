#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <initializer_list>
#include <map>
#include <string>
#include <utility>

#include "common/yaml_json.h"
#include "kube/labels/selector_error.h"
#include "kube/patch/json_pointer.h"
#include "kube/patch/patch_error.h"
#include "restore/modifiers/resource_modifiers.h"

namespace coffer::restore {
namespace {

using nlohmann::json;

std::string join_errors(const std::vector<std::string>& errors) {
  std::string out = "invalid resource modifiers";
  if (errors.size() > 1) out += " (" + std::to_string(errors.size()) + " problems)";
  out += ":";
  for (const std::string& error : errors) out += "\n  " + error;
  return out;
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string describe_type(const json& value) {
  switch (value.type()) {
    case json::value_t::null: return "null";
    case json::value_t::object: return "a map";
    case json::value_t::array: return "a list";
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::discarded: return "nothing";
    default: return "a number";
  }
}

std::string field(const std::string& path, std::string_view name) {
  return path.empty() ? std::string(name) : path + "." + std::string(name);
}

std::string element(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

// Gathers every problem so they can all be reported at once.
class Problems {
 public:
  void add(const std::string& path, const std::string& message) {
    errors_.push_back(path.empty() ? message : path + ": " + message);
  }
  bool empty() const { return errors_.empty(); }
  std::size_t size() const { return errors_.size(); }
  [[noreturn]] void raise() { throw ResourceModifiersError(std::move(errors_)); }

  // Reports members of `object` that are not in `allowed` (with a hint for known mistakes).
  void unknown_fields(const json& object, const std::string& path, std::initializer_list<std::string_view> allowed,
                      const std::map<std::string, std::string>& hints = {}) {
    for (const auto& [key, value] : object.items()) {
      if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
      std::string message = "unknown field";
      auto hint = hints.find(key);
      if (hint != hints.end()) {
        message += " (" + hint->second + ")";
      } else {
        message += " (expected one of:";
        for (std::string_view name : allowed) message += " " + std::string(name);
        message += ")";
      }
      add(field(path, key), message);
    }
  }

 private:
  std::vector<std::string> errors_;
};

// Member `name` of `object`, or nullptr when absent or null.
const json* member(const json& object, std::string_view name) {
  auto it = object.find(std::string(name));
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

// JSON when it looks like JSON and parses as such, YAML otherwise (YAML flow style covers JSON).
json parse_text(std::string_view text) {
  std::size_t start = text.find_first_not_of(" \t\r\n");
  if (start != std::string_view::npos && (text[start] == '{' || text[start] == '[')) {
    json parsed = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_discarded()) return parsed;
  }
  return parse_yaml(text);
}

bool valid_pointer(const std::string& path, const std::string& pointer, Problems& problems) {
  try {
    kube::parse_json_pointer(pointer);
    return true;
  } catch (const kube::PatchError& error) {
    problems.add(path, "invalid JSON pointer \"" + pointer + "\": " + error.what() + " (write it like /spec/template/spec/containers/0/image)");
    return false;
  }
}

// A required non-empty string member; reports and returns nullopt otherwise.
std::optional<std::string> required_string(const json& object, const std::string& path, std::string_view name,
                                           const std::string& example, Problems& problems) {
  const json* value = member(object, name);
  std::string at = field(path, name);
  if (value == nullptr) {
    problems.add(at, "required (e.g. " + std::string(name) + ": " + example + ")");
    return std::nullopt;
  }
  if (!value->is_string()) {
    problems.add(at, "must be a string, found " + describe_type(*value));
    return std::nullopt;
  }
  if (value->get_ref<const std::string&>().empty()) {
    problems.add(at, "must not be empty (e.g. " + std::string(name) + ": " + example + ")");
    return std::nullopt;
  }
  return value->get<std::string>();
}

// A `value` of a patch operation or match: Velero's string conversion; other JSON values are taken
// as they are (a Coffer extension: Velero rejects the whole document then).
json convert_value(const json* value, const std::string& path, Problems& problems) {
  if (value == nullptr) return "";  // Velero sends an empty string for an absent value
  if (!value->is_string()) return *value;
  try {
    return patch_value_from_string(value->get<std::string>());
  } catch (const std::invalid_argument& error) {
    problems.add(path, error.what());
    return nullptr;
  }
}

bool is_json_number(const std::string& text) {
  if (text.empty()) return false;
  char first = text.front(), last = text.back();
  if (!(first == '-' || std::isdigit(static_cast<unsigned char>(first)))) return false;
  if (!std::isdigit(static_cast<unsigned char>(last))) return false;
  json parsed = json::parse(text, nullptr, /*allow_exceptions=*/false);
  return parsed.is_number();
}

// Roughly what Go's strconv.ParseFloat accepts: decimal and hex floats, inf/infinity/nan, a sign.
bool go_parses_as_float(const std::string& text) {
  if (text.empty() || std::isspace(static_cast<unsigned char>(text.front()))) return false;
  const char* begin = text.c_str();
  char* end = nullptr;
  errno = 0;
  (void)std::strtod(begin, &end);
  return end == begin + text.size();
}

// Velero compiles groupResource with '.' as the separator and namespaces without one (gobwas/glob).
// Unlike Velero, an unclosed '{' or a trailing '\' is an error rather than silently repaired.
backup::GlobOptions glob_options(std::u32string separators) { return {std::move(separators), /*strict=*/true}; }

std::vector<backup::Glob> parse_namespaces(const json& value, const std::string& path, Problems& problems) {
  std::vector<backup::Glob> out;
  if (!value.is_array()) {
    problems.add(path, "must be a list of namespace names, found " + describe_type(value));
    return out;
  }
  for (std::size_t i = 0; i < value.size(); ++i) {
    const json& name = value[i];
    if (!name.is_string() || name.get_ref<const std::string&>().empty()) {
      problems.add(element(path, i), "must be a non-empty string (a namespace name or glob), found " + describe_type(name));
      continue;
    }
    try {
      out.emplace_back(name.get<std::string>(), glob_options(U""));
    } catch (const backup::GlobError& error) {
      problems.add(element(path, i), error.what());
    }
  }
  return out;
}

std::vector<MatchCondition> parse_matches(const json& value, const std::string& path, Problems& problems) {
  std::vector<MatchCondition> out;
  if (!value.is_array()) {
    problems.add(path, "must be a list of {path, value}, found " + describe_type(value));
    return out;
  }
  for (std::size_t i = 0; i < value.size(); ++i) {
    std::string at = element(path, i);
    const json& entry = value[i];
    if (!entry.is_object()) {
      problems.add(at, "must be a map with path and value, found " + describe_type(entry));
      continue;
    }
    problems.unknown_fields(entry, at, {"path", "value"});
    MatchCondition match;
    std::optional<std::string> pointer = required_string(entry, at, "path", "/spec/storageClassName", problems);
    if (pointer && valid_pointer(field(at, "path"), *pointer, problems)) match.path = *pointer;
    match.value = convert_value(member(entry, "value"), field(at, "value"), problems);
    out.push_back(std::move(match));
  }
  return out;
}

ModifierConditions parse_conditions(const json* value, const std::string& path, Problems& problems) {
  ModifierConditions conditions;
  if (value == nullptr) {
    problems.add(path, "required (at least conditions.groupResource, e.g. groupResource: deployments.apps)");
    return conditions;
  }
  if (!value->is_object()) {
    problems.add(path, "must be a map, found " + describe_type(*value));
    return conditions;
  }
  problems.unknown_fields(*value, path, {"groupResource", "resourceNameRegex", "namespaces", "labelSelector", "matches"},
                          {{"groupKind", "renamed: use groupResource, e.g. groupResource: deployments.apps"},
                           {"namespace", "use namespaces, a list"},
                           {"labels", "use labelSelector: {matchLabels: {...}}"}});

  if (auto group = required_string(*value, path, "groupResource", "deployments.apps", problems)) {
    conditions.group_resource = *group;
    try {
      conditions.group_resource_glob.emplace(*group, glob_options(U"."));
    } catch (const backup::GlobError& error) {
      problems.add(field(path, "groupResource"), error.what());
    }
  }

  if (const json* regex = member(*value, "resourceNameRegex")) {
    std::string at = field(path, "resourceNameRegex");
    if (!regex->is_string()) {
      problems.add(at, "must be a string, found " + describe_type(*regex));
    } else if (!regex->get_ref<const std::string&>().empty()) {
      conditions.resource_name_regex = regex->get<std::string>();
      try {
        conditions.resource_name.emplace(conditions.resource_name_regex, std::regex::ECMAScript);
      } catch (const std::regex_error& error) {
        problems.add(at, "invalid regular expression \"" + conditions.resource_name_regex + "\": " + error.what());
      }
    }
  }

  if (const json* namespaces = member(*value, "namespaces")) {
    conditions.namespaces = parse_namespaces(*namespaces, field(path, "namespaces"), problems);
  }

  if (const json* selector = member(*value, "labelSelector")) {
    std::string at = field(path, "labelSelector");
    if (!selector->is_object()) {
      problems.add(at, "must be a map with matchLabels and/or matchExpressions, found " + describe_type(*selector));
    } else {
      problems.unknown_fields(*selector, at, {"matchLabels", "matchExpressions"});
      try {
        conditions.label_selector = kube::LabelSelector::from_json(*selector);
      } catch (const std::exception& error) {
        problems.add(at, error.what());
      }
    }
  }

  if (const json* matches = member(*value, "matches")) {
    conditions.matches = parse_matches(*matches, field(path, "matches"), problems);
  }
  return conditions;
}

json parse_json_patch_operation(const json& entry, const std::string& at, Problems& problems) {
  json op = json::object();
  if (!entry.is_object()) {
    problems.add(at, "must be a map with operation and path, found " + describe_type(entry));
    return op;
  }
  problems.unknown_fields(entry, at, {"operation", "path", "value", "from"},
                          {{"op", "use \"operation\" (e.g. operation: replace)"}});
  std::optional<std::string> operation =
      required_string(entry, at, "operation", "replace (add, remove, replace, move, copy, test)", problems);
  if (operation) {
    std::string name = lower(*operation);
    static const std::vector<std::string> kSupported = {"add", "remove", "replace", "move", "copy", "test"};
    if (std::find(kSupported.begin(), kSupported.end(), name) == kSupported.end()) {
      problems.add(field(at, "operation"),
                   "unsupported operation \"" + *operation + "\" (use add, remove, replace, move, copy or test)");
      operation.reset();
    } else {
      op["op"] = name;
    }
  }
  if (auto pointer = required_string(entry, at, "path", "/spec/replicas", problems)) {
    if (valid_pointer(field(at, "path"), *pointer, problems)) op["path"] = *pointer;
  }
  if (!operation) return op;
  const std::string& name = op["op"].get_ref<const std::string&>();
  if (name == "move" || name == "copy") {
    if (auto from = required_string(entry, at, "from", "/spec/template/spec/containers/0", problems)) {
      if (valid_pointer(field(at, "from"), *from, problems)) op["from"] = *from;
    }
  }
  if (name == "add" || name == "replace" || name == "test") {
    op["value"] = convert_value(member(entry, "value"), field(at, "value"), problems);
  }
  return op;
}

// patchData of a mergePatches / strategicPatches entry, parsed; must be a map.
json parse_patch_data(const json& entry, const std::string& at, Problems& problems) {
  if (!entry.is_object()) {
    problems.add(at, "must be a map with patchData, found " + describe_type(entry));
    return nullptr;
  }
  problems.unknown_fields(entry, at, {"patchData"});
  const json* data = member(entry, "patchData");
  std::string data_at = field(at, "patchData");
  if (data == nullptr) {
    problems.add(data_at, "required (a YAML or JSON map, e.g. patchData: '{\"metadata\":{\"labels\":{\"a\":\"b\"}}}')");
    return nullptr;
  }
  json patch;
  if (data->is_string()) {
    try {
      patch = parse_text(data->get_ref<const std::string&>());
    } catch (const std::exception& error) {
      problems.add(data_at, std::string("cannot parse as YAML or JSON: ") + error.what());
      return nullptr;
    }
  } else {
    patch = *data;  // a map written inline (Coffer extension)
  }
  if (!patch.is_object()) {
    problems.add(data_at, "must be a map (the fields to change), found " + describe_type(patch));
    return nullptr;
  }
  return patch;
}

ResourceModifierRule parse_rule(const json& value, const std::string& path, Problems& problems) {
  ResourceModifierRule rule;
  if (!value.is_object()) {
    problems.add(path, "must be a map with conditions and patches, found " + describe_type(value));
    return rule;
  }
  problems.unknown_fields(value, path, {"conditions", "patches", "mergePatches", "strategicPatches"},
                          {{"mergePatch", "use mergePatches, a list"},
                           {"strategicPatch", "use strategicPatches, a list"},
                           {"patch", "use patches, a list"},
                           {"jsonPatches", "use patches"}});
  rule.conditions = parse_conditions(member(value, "conditions"), field(path, "conditions"), problems);

  struct Kind {
    const char* name;
    PatchKind kind;
  };
  const Kind kinds[] = {{"patches", PatchKind::Json}, {"mergePatches", PatchKind::Merge}, {"strategicPatches", PatchKind::Strategic}};
  std::vector<const Kind*> present;
  for (const Kind& kind : kinds) {
    const json* list = member(value, kind.name);
    if (list == nullptr) continue;
    if (!list->is_array()) {
      problems.add(field(path, kind.name), "must be a list, found " + describe_type(*list));
      continue;
    }
    if (!list->empty()) present.push_back(&kind);
  }
  if (present.empty()) {
    problems.add(path, "no patches: set one of patches, mergePatches or strategicPatches (a non-empty list)");
    return rule;
  }
  if (present.size() > 1) {
    std::string names;
    for (const Kind* kind : present) names += (names.empty() ? "" : " and ") + std::string(kind->name);
    problems.add(path, "only one of patches, mergePatches, strategicPatches may be set, found " + names +
                           "; split them into separate rules with the same conditions");
    return rule;
  }

  rule.kind = present.front()->kind;
  std::string list_path = field(path, present.front()->name);
  const json& list = *member(value, present.front()->name);
  for (std::size_t i = 0; i < list.size(); ++i) {
    std::string at = element(list_path, i);
    if (rule.kind == PatchKind::Json) {
      rule.json_patch.push_back(parse_json_patch_operation(list[i], at, problems));
    } else {
      rule.patch_data.push_back(parse_patch_data(list[i], at, problems));
    }
  }
  return rule;
}

}  // namespace

ResourceModifiersError::ResourceModifiersError(std::vector<std::string> errors)
    : std::invalid_argument(join_errors(errors)), errors_(std::move(errors)) {}

json patch_value_from_string(const std::string& value) {
  if (value.empty()) return "";
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') return value.substr(1, value.size() - 2);
  if (value == "null") return nullptr;
  std::string folded = lower(value);
  if (folded == "true") return true;
  if (folded == "false") return false;
  if (value.front() == '{' || value.front() == '[') {
    json parsed = json::parse(value, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_discarded()) return parsed;
    try {
      parsed = parse_yaml(value);
    } catch (const std::exception& error) {
      throw std::invalid_argument("\"" + value + "\" starts like a JSON " +
                                  (value.front() == '{' ? "object" : "array") + " but does not parse: " + error.what());
    }
    if ((value.front() == '{' && !parsed.is_object()) || (value.front() == '[' && !parsed.is_array())) {
      throw std::invalid_argument("\"" + value + "\" starts like a JSON " +
                                  std::string(value.front() == '{' ? "object" : "array") + " but does not parse as one");
    }
    return parsed;
  }
  if (is_json_number(value)) return json::parse(value);
  if (go_parses_as_float(value)) {
    throw std::invalid_argument("\"" + value +
                                "\" would be taken as a number but is not valid JSON; write a JSON number (e.g. 1, 0.5, "
                                "1e3) or quote it to keep a string (value: '\"" + value + "\"')");
  }
  return value;
}

ResourceModifiers parse_resource_modifiers_document(const json& document) {
  Problems problems;
  ResourceModifiers result;
  if (!document.is_object()) {
    problems.add("", "the resource modifiers must be a map with version and resourceModifierRules, found " +
                         describe_type(document));
    problems.raise();
  }
  problems.unknown_fields(document, "", {"version", "resourceModifierRules"},
                          {{"data", "this looks like a ConfigMap: pass it whole with kind: ConfigMap, or only its data value"},
                           {"kind", "pass a ConfigMap with kind: ConfigMap, or only its data value"},
                           {"apiVersion", "pass a ConfigMap with kind: ConfigMap, or only its data value"},
                           {"rules", "use resourceModifierRules"}});

  if (auto version = required_string(document, "", "version", "v1", problems)) {
    if (lower(*version) != "v1") {
      problems.add("version", "unsupported version \"" + *version + "\" (only v1 is supported)");
    } else {
      result.version = *version;
    }
  }

  const json* rules = member(document, "resourceModifierRules");
  if (rules == nullptr) {
    problems.add("resourceModifierRules", "required (a list of at least one rule)");
  } else if (!rules->is_array()) {
    problems.add("resourceModifierRules", "must be a list of rules, found " + describe_type(*rules));
  } else if (rules->empty()) {
    problems.add("resourceModifierRules", "must contain at least one rule");
  } else {
    for (std::size_t i = 0; i < rules->size(); ++i) {
      result.rules.push_back(parse_rule((*rules)[i], element("resourceModifierRules", i), problems));
    }
  }
  if (!problems.empty()) problems.raise();
  return result;
}

ResourceModifiers parse_resource_modifiers_configmap(const json& configmap) {
  Problems problems;
  if (!configmap.is_object()) {
    problems.add("", "a ConfigMap must be a map, found " + describe_type(configmap));
    problems.raise();
  }
  if (const json* kind = member(configmap, "kind"); kind != nullptr && *kind != "ConfigMap") {
    problems.add("kind", "expected ConfigMap, found " + kind->dump());
  }
  const json* data = member(configmap, "data");
  if (data == nullptr || !data->is_object()) {
    problems.add("data", data == nullptr ? "required: the ConfigMap must have one data key holding the resource modifiers"
                                         : "must be a map, found " + describe_type(*data));
    problems.raise();
  }
  if (data->size() != 1) {
    std::string keys;
    for (const auto& [key, value] : data->items()) keys += (keys.empty() ? "" : ", ") + key;
    problems.add("data", "must have exactly one key holding the resource modifiers, found " +
                             std::to_string(data->size()) + (keys.empty() ? "" : " (" + keys + ")") +
                             "; put the other keys in a separate ConfigMap");
  }
  if (!problems.empty()) problems.raise();

  auto entry = data->begin();
  const std::string key = entry.key();
  const json& value = entry.value();
  std::string at = "data." + key;
  if (!value.is_string()) {
    problems.add(at, "must be a string holding YAML or JSON, found " + describe_type(value));
    problems.raise();
  }
  json document;
  try {
    document = parse_text(value.get_ref<const std::string&>());
  } catch (const std::exception& error) {
    problems.add(at, std::string("cannot parse as YAML or JSON: ") + error.what());
    problems.raise();
  }
  return parse_resource_modifiers_document(document);
}

ResourceModifiers parse_resource_modifiers(std::string_view text) {
  json document;
  try {
    document = parse_text(text);
  } catch (const std::exception& error) {
    throw ResourceModifiersError({std::string("cannot parse as YAML or JSON: ") + error.what()});
  }
  if (document.is_object() && document.value("kind", json()) == "ConfigMap") {
    return parse_resource_modifiers_configmap(document);
  }
  return parse_resource_modifiers_document(document);
}

}  // namespace coffer::restore
