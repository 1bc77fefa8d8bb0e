#include "kube/labels/label_requirement.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "kube/labels/label_validation.h"
#include "kube/labels/selector_error.h"

namespace coffer::kube {
namespace {

// strconv.ParseInt(s, 10, 64): optional sign, decimal digits only, within int64.
std::optional<std::int64_t> parse_int64(std::string_view text) {
  if (!text.empty() && text.front() == '+') {  // from_chars takes '-' but not '+'
    text.remove_prefix(1);
    if (!text.empty() && text.front() == '-') return std::nullopt;
  }
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += separator;
    out += parts[i];
  }
  return out;
}

// field.Invalid(path, value, detail).Error() for a string value.
std::string invalid_string(const std::string& path, std::string_view value, const std::string& detail) {
  return path + ": Invalid value: " + go_quote(value) + ": " + detail;
}

// The same for a []string value, which the apiserver renders as JSON.
std::string invalid_list(const std::string& path, const std::vector<std::string>& values,
                         const std::string& detail) {
  std::string rendered = values.empty() ? "null" : nlohmann::json(values).dump();
  return path + ": Invalid value: " + rendered + ": " + detail;
}

// utilerrors.NewAggregate(errs).Error(): one message as is, several de-duplicated in brackets.
std::string aggregate(const std::vector<std::string>& messages) {
  std::vector<std::string> unique;
  for (const std::string& message : messages) {
    if (std::find(unique.begin(), unique.end(), message) == unique.end()) unique.push_back(message);
  }
  if (unique.size() == 1) return unique.front();
  return "[" + join(unique, ", ") + "]";
}

std::string_view operator_text(LabelOperator op) {
  switch (op) {
    case LabelOperator::Equals:
      return "=";
    case LabelOperator::DoubleEquals:
      return "==";
    case LabelOperator::NotEquals:
      return "!=";
    case LabelOperator::In:
      return " in ";
    case LabelOperator::NotIn:
      return " notin ";
    case LabelOperator::GreaterThan:
      return ">";
    case LabelOperator::LessThan:
      return "<";
    case LabelOperator::Exists:
    case LabelOperator::DoesNotExist:
      return "";
  }
  return "";
}

}  // namespace

LabelRequirement::LabelRequirement(std::string key, LabelOperator op, std::vector<std::string> values)
    : key_(std::move(key)), op_(op) {
  std::vector<std::string> errors;
  if (auto key_errors = qualified_name_errors(key_); !key_errors.empty()) {
    errors.push_back(invalid_string("key", key_, join(key_errors, "; ")));
  }
  switch (op_) {
    case LabelOperator::In:
    case LabelOperator::NotIn:
      if (values.empty()) {
        errors.push_back(
            invalid_list("values", values, "for 'in', 'notin' operators, values set can't be empty"));
      }
      break;
    case LabelOperator::Equals:
    case LabelOperator::DoubleEquals:
    case LabelOperator::NotEquals:
      if (values.size() != 1) {
        errors.push_back(
            invalid_list("values", values, "exact-match compatibility requires one single value"));
      }
      break;
    case LabelOperator::Exists:
    case LabelOperator::DoesNotExist:
      if (!values.empty()) {
        errors.push_back(
            invalid_list("values", values, "values set must be empty for exists and does not exist"));
      }
      break;
    case LabelOperator::GreaterThan:
    case LabelOperator::LessThan:
      if (values.size() != 1) {
        errors.push_back(
            invalid_list("values", values, "for 'Gt', 'Lt' operators, exactly one value is required"));
      }
      for (std::size_t i = 0; i < values.size(); ++i) {
        if (!parse_int64(values[i])) {
          errors.push_back(invalid_string("values[" + std::to_string(i) + "]", values[i],
                                          "for 'Gt', 'Lt' operators, the value must be an integer"));
        }
      }
      break;
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (auto value_errors = label_value_errors(values[i]); !value_errors.empty()) {
      errors.push_back(invalid_string("values[" + std::to_string(i) + "][" + key_ + "]", values[i],
                                      join(value_errors, "; ")));
    }
  }
  if (!errors.empty()) throw SelectorError(aggregate(errors));

  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  values_ = std::move(values);
}

bool LabelRequirement::matches(std::optional<std::string_view> value) const {
  auto has_value = [&](std::string_view v) {
    return std::binary_search(values_.begin(), values_.end(), v, std::less<>());
  };
  switch (op_) {
    case LabelOperator::In:
    case LabelOperator::Equals:
    case LabelOperator::DoubleEquals:
      return value && has_value(*value);
    case LabelOperator::NotIn:
    case LabelOperator::NotEquals:
      return !value || !has_value(*value);
    case LabelOperator::Exists:
      return value.has_value();
    case LabelOperator::DoesNotExist:
      return !value;
    case LabelOperator::GreaterThan:
    case LabelOperator::LessThan: {
      if (!value || values_.size() != 1) return false;
      auto actual = parse_int64(*value);
      auto bound = parse_int64(values_.front());
      if (!actual || !bound) return false;
      return op_ == LabelOperator::GreaterThan ? *actual > *bound : *actual < *bound;
    }
  }
  return false;
}

std::string LabelRequirement::to_string() const {
  std::string out;
  if (op_ == LabelOperator::DoesNotExist) out += "!";
  out += key_;
  if (op_ == LabelOperator::Exists || op_ == LabelOperator::DoesNotExist) return out;
  out += operator_text(op_);
  bool is_set = op_ == LabelOperator::In || op_ == LabelOperator::NotIn;
  if (is_set) out += "(";
  out += join(values_, ",");
  if (is_set) out += ")";
  return out;
}

}  // namespace coffer::kube
