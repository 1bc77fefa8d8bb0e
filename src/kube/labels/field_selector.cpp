#include "kube/labels/field_selector.h"

#include <algorithm>

namespace coffer::kube {
namespace {

// Splits on commas that are not escaped; the escapes stay in the terms.
std::vector<std::string> split_terms(std::string_view text) {
  std::vector<std::string> terms;
  if (text.empty()) return terms;
  std::size_t start = 0;
  bool escaped = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (escaped) {
      escaped = false;
    } else if (text[i] == '\\') {
      escaped = true;
    } else if (text[i] == ',') {
      terms.emplace_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  terms.emplace_back(text.substr(start));
  return terms;
}

struct SplitTerm {
  std::string field;
  std::string_view op;
  std::string raw_value;
};

// Splits at the first operator; "!=" and "==" are tried before "=" at each position.
std::optional<SplitTerm> split_term(std::string_view term) {
  static constexpr std::string_view kOperators[] = {"!=", "==", "="};
  for (std::size_t i = 0; i < term.size(); ++i) {
    for (std::string_view op : kOperators) {
      if (term.substr(i, op.size()) == op) {
        return SplitTerm{std::string(term.substr(0, i)), op, std::string(term.substr(i + op.size()))};
      }
    }
  }
  return std::nullopt;
}

std::string unescape_value(std::string_view raw) {
  std::string out;
  bool escaped = false;
  for (char c : raw) {
    if (escaped) {
      if (c != '\\' && c != ',' && c != '=') {
        throw SelectorError(std::string("invalid field selector: invalid escape sequence: \\") + c);
      }
      out += c;
      escaped = false;
    } else if (c == '\\') {
      escaped = true;
    } else if (c == ',' || c == '=') {
      throw SelectorError(std::string("invalid field selector: unescaped character in value: '") + c + "'");
    } else {
      out += c;
    }
  }
  if (escaped) throw SelectorError("invalid field selector: invalid escape sequence: \\");
  return out;
}

}  // namespace

FieldSelector FieldSelector::parse(std::string_view text) {
  std::vector<std::string> terms = split_terms(text);
  std::sort(terms.begin(), terms.end());
  FieldSelector selector;
  for (const std::string& term : terms) {
    if (term.empty()) continue;
    std::optional<SplitTerm> split = split_term(term);
    if (!split) {
      throw SelectorError("invalid selector: '" + std::string(text) + "'; can't understand '" + term + "'");
    }
    FieldOperator op = split->op == "!=" ? FieldOperator::NotEquals : FieldOperator::Equals;
    selector.requirements_.push_back({std::move(split->field), op, unescape_value(split->raw_value)});
  }
  return selector;
}

bool FieldSelector::matches(const FieldGetter& get) const {
  return std::all_of(requirements_.begin(), requirements_.end(), [&](const FieldRequirement& r) {
    std::string actual = get(r.field).value_or("");
    return (actual == r.value) == (r.op == FieldOperator::Equals);
  });
}

std::string FieldSelector::to_string() const {
  std::string out;
  for (std::size_t i = 0; i < requirements_.size(); ++i) {
    const FieldRequirement& r = requirements_[i];
    if (i > 0) out += ",";
    out += r.field;
    out += r.op == FieldOperator::Equals ? "=" : "!=";
    out += escape_field_selector_value(r.value);
  }
  return out;
}

std::string escape_field_selector_value(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == ',' || c == '=') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace coffer::kube
