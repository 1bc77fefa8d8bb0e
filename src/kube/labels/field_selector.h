#pragma once

// FieldSelector: a Kubernetes field selector (`?fieldSelector=`, k8s.io/apimachinery/pkg/fields),
// the AND of terms "field=value", "field==value" (same as =) and "field!=value".
//
//   parse("metadata.name=foo,status.phase!=Running")
//     Terms are split on unescaped commas; each is split at the first operator. Values may contain
//     the escapes \, \= and \\ (any other backslash sequence, a trailing backslash, or a bare ','
//     or '=' in a value is an error). Whitespace is not trimmed: it is part of the field or value,
//     as in Kubernetes. Empty terms are skipped; "" matches everything. Terms come back sorted by
//     their text, as Kubernetes sorts them. Errors throw SelectorError, e.g.
//     "invalid selector: 'foo'; can't understand 'foo'".
//   requirements() lets a server reject fields it does not support for a resource.
//   matches(get): `get(field)` returns the object's value for the field, or nullopt when it has
//     none; a missing field compares as the empty string, as in Kubernetes.
//   to_string() renders the canonical form (values escaped), which parse() reads back.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kube/labels/selector_error.h"

namespace coffer::kube {

enum class FieldOperator { Equals, NotEquals };  // "=" and "==" both parse to Equals

struct FieldRequirement {
  std::string field;
  FieldOperator op;
  std::string value;  // unescaped

  bool operator==(const FieldRequirement&) const = default;
};

class FieldSelector {
 public:
  using FieldGetter = std::function<std::optional<std::string>(std::string_view field)>;

  FieldSelector() = default;  // matches everything

  static FieldSelector parse(std::string_view text);

  const std::vector<FieldRequirement>& requirements() const { return requirements_; }
  bool empty() const { return requirements_.empty(); }
  bool matches(const FieldGetter& get) const;
  std::string to_string() const;

  bool operator==(const FieldSelector&) const = default;

 private:
  std::vector<FieldRequirement> requirements_;
};

// Escapes '\', ',' and '=' in a field selector value (fields.EscapeValue).
std::string escape_field_selector_value(std::string_view value);

}  // namespace coffer::kube
