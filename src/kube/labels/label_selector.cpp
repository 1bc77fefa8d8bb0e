#include "kube/labels/label_selector.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "kube/labels/label_selector_parser.h"
#include "kube/labels/label_validation.h"

namespace coffer::kube {
namespace {

void sort_by_key(std::vector<LabelRequirement>& requirements) {
  std::stable_sort(requirements.begin(), requirements.end(),
                   [](const LabelRequirement& a, const LabelRequirement& b) { return a.key() < b.key(); });
}

std::optional<LabelOperator> operator_from_json(std::string_view name) {
  if (name == "In") return LabelOperator::In;
  if (name == "NotIn") return LabelOperator::NotIn;
  if (name == "Exists") return LabelOperator::Exists;
  if (name == "DoesNotExist") return LabelOperator::DoesNotExist;
  return std::nullopt;
}

const nlohmann::json* member(const nlohmann::json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string string_member(const nlohmann::json& object, const char* name, const std::string& where) {
  const nlohmann::json* value = member(object, name);
  if (value == nullptr) return "";
  if (!value->is_string()) throw SelectorError(where + "." + name + " must be a string");
  return value->get<std::string>();
}

LabelRequirement expression_from_json(const nlohmann::json& expression, std::size_t index) {
  std::string where = "matchExpressions[" + std::to_string(index) + "]";
  if (!expression.is_object()) throw SelectorError(where + " must be an object");
  std::string key = string_member(expression, "key", where);
  std::string op_name = string_member(expression, "operator", where);
  std::optional<LabelOperator> op = operator_from_json(op_name);
  if (!op) throw SelectorError(go_quote(op_name) + " is not a valid label selector operator");
  std::vector<std::string> values;
  if (const nlohmann::json* list = member(expression, "values")) {
    if (!list->is_array()) throw SelectorError(where + ".values must be an array of strings");
    for (const nlohmann::json& value : *list) {
      if (!value.is_string()) throw SelectorError(where + ".values must be an array of strings");
      values.push_back(value.get<std::string>());
    }
  }
  return LabelRequirement(std::move(key), *op, std::move(values));
}

}  // namespace

LabelSelector::LabelSelector(std::vector<LabelRequirement> requirements)
    : requirements_(std::move(requirements)) {
  sort_by_key(requirements_);
}

LabelSelector LabelSelector::parse(std::string_view text) {
  return LabelSelector(parse_label_requirements(text));
}

LabelSelector LabelSelector::from_json(const nlohmann::json& selector) {
  if (selector.is_null()) return LabelSelector();
  if (!selector.is_object()) throw SelectorError("a label selector must be a JSON object");
  std::vector<LabelRequirement> requirements;
  if (const nlohmann::json* match_labels = member(selector, "matchLabels")) {
    if (!match_labels->is_object()) throw SelectorError("matchLabels must be an object of strings");
    for (const auto& [key, value] : match_labels->items()) {
      if (!value.is_string()) throw SelectorError("matchLabels must be an object of strings");
      requirements.emplace_back(key, LabelOperator::Equals, std::vector{value.get<std::string>()});
    }
  }
  if (const nlohmann::json* expressions = member(selector, "matchExpressions")) {
    if (!expressions->is_array()) throw SelectorError("matchExpressions must be an array");
    for (std::size_t i = 0; i < expressions->size(); ++i) {
      requirements.push_back(expression_from_json((*expressions)[i], i));
    }
  }
  return LabelSelector(std::move(requirements));
}

bool LabelSelector::matches(const std::map<std::string, std::string>& labels) const {
  return std::all_of(requirements_.begin(), requirements_.end(), [&](const LabelRequirement& r) {
    auto it = labels.find(r.key());
    return r.matches(it == labels.end() ? std::nullopt : std::optional<std::string_view>(it->second));
  });
}

bool LabelSelector::matches(const nlohmann::json& labels_object) const {
  if (!labels_object.is_null() && !labels_object.is_object()) {
    throw SelectorError("labels must be a JSON object of strings");
  }
  for (const LabelRequirement& requirement : requirements_) {
    std::optional<std::string_view> value;
    if (labels_object.is_object()) {
      auto it = labels_object.find(requirement.key());
      if (it != labels_object.end()) {
        if (!it->is_string()) throw SelectorError("labels must be a JSON object of strings");
        value = it->get_ref<const std::string&>();
      }
    }
    if (!requirement.matches(value)) return false;
  }
  return true;
}

std::string LabelSelector::to_string() const {
  std::string out;
  for (std::size_t i = 0; i < requirements_.size(); ++i) {
    if (i > 0) out += ",";
    out += requirements_[i].to_string();
  }
  return out;
}

}  // namespace coffer::kube
