#pragma once

// LabelRequirement: one term of a Kubernetes label selector ("app in (a,b)", "!tier", "x>5"), with
// the validation and matching rules of k8s.io/apimachinery/pkg/labels.Requirement.
//
// The constructor validates like labels.NewRequirement and throws SelectorError worded like the
// apiserver ("key: Invalid value: ...", "values[0][app]: Invalid value: ..."):
//   - the key must be a qualified name; every value must be a valid label value;
//   - In/NotIn need at least one value; =, ==, != exactly one; Exists/DoesNotExist none;
//   - Gt/Lt exactly one value that parses as a base-10 int64.
// Values are kept sorted and without duplicates (a set), as Kubernetes keeps them.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coffer::kube {

enum class LabelOperator {
  Equals,        // k=v
  DoubleEquals,  // k==v (same meaning as Equals, kept so to_string round-trips)
  NotEquals,     // k!=v
  In,            // k in (a,b)
  NotIn,         // k notin (a,b)
  Exists,        // k
  DoesNotExist,  // !k
  GreaterThan,   // k>5
  LessThan,      // k<5
};

class LabelRequirement {
 public:
  LabelRequirement(std::string key, LabelOperator op, std::vector<std::string> values);

  const std::string& key() const { return key_; }
  LabelOperator op() const { return op_; }
  const std::vector<std::string>& values() const { return values_; }

  // `value` is the object's value for key(), or nullopt when the object has no such label.
  // NotIn/!= match an absent label; Gt/Lt never match an absent or non-integer label.
  bool matches(std::optional<std::string_view> value) const;

  // Canonical string form, e.g. "app in (a,b)", "!tier", "x>5"; parses back to an equal requirement.
  std::string to_string() const;

  bool operator==(const LabelRequirement&) const = default;

 private:
  std::string key_;
  LabelOperator op_;
  std::vector<std::string> values_;
};

}  // namespace coffer::kube
