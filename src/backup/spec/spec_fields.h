#pragma once

// SpecFieldReader: reads typed fields of a JSON object (a Velero spec) while collecting every
// problem as "<field path>: <problem>" instead of stopping at the first: unknown keys (with a
// "did you mean" suggestion), wrong types, Go durations. Shared by the Backup and Restore specs.

#include <chrono>
#include <initializer_list>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "backup/spec/go_duration.h"
#include "kube/labels/label_validation.h"

namespace coffer::backup {

// "string", "object", "number", ... for error messages.
std::string json_type_name(const nlohmann::json& value);
// Case-insensitive Levenshtein distance (for "did you mean").
std::size_t edit_distance(std::string_view a, std::string_view b);

// Reads typed fields of one JSON object, collecting every problem instead of stopping at the first.
class SpecFieldReader {
  using json = nlohmann::json;

 public:
  explicit SpecFieldReader(std::vector<std::string>& problems) : problems_(problems) {}

  void problem(const std::string& path, const std::string& message) {
    problems_.push_back(path + ": " + message);
  }

  // Checks that `value` is an object (or null) and reports keys outside `known`.
  bool object(const nlohmann::json& value, const std::string& path, std::initializer_list<std::string_view> known,
              std::string_view what) {
    if (value.is_null()) return false;
    if (!value.is_object()) {
      problem(path, "expected an object, got " + json_type_name(value));
      return false;
    }
    for (const auto& [key, unused] : value.items()) {
      (void)unused;
      if (std::find(known.begin(), known.end(), key) != known.end()) continue;
      std::string message = "unknown field " + kube::go_quote(key) + " (not a field of " + std::string(what) + ")";
      std::string_view best;
      std::size_t best_distance = 4;
      for (std::string_view candidate : known) {
        std::size_t d = edit_distance(key, candidate);
        if (d < best_distance) {
          best_distance = d;
          best = candidate;
        }
      }
      if (!best.empty()) message += "; did you mean " + kube::go_quote(best) + "?";
      problem(path.empty() ? key : path + "." + key, message);
    }
    return true;
  }

  static const json* member(const nlohmann::json& object, const char* key) {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) return nullptr;
    return &*it;
  }

  std::optional<std::string> string(const nlohmann::json& object, const char* key, const std::string& path) {
    const json* v = member(object, key);
    if (v == nullptr) return std::nullopt;
    if (!v->is_string()) {
      problem(path + "." + key, "expected a string, got " + json_type_name(*v));
      return std::nullopt;
    }
    return v->get<std::string>();
  }

  std::optional<bool> boolean(const nlohmann::json& object, const char* key, const std::string& path) {
    const json* v = member(object, key);
    if (v == nullptr) return std::nullopt;
    if (!v->is_boolean()) {
      problem(path + "." + key, "expected a boolean (true or false), got " + json_type_name(*v));
      return std::nullopt;
    }
    return v->get<bool>();
  }

  std::optional<int> integer(const nlohmann::json& object, const char* key, const std::string& path) {
    const json* v = member(object, key);
    if (v == nullptr) return std::nullopt;
    if (!v->is_number_integer()) {
      problem(path + "." + key, "expected an integer, got " + (v->is_number() ? "a fraction" : json_type_name(*v)));
      return std::nullopt;
    }
    auto wide = v->is_number_unsigned() ? static_cast<long double>(v->get<std::uint64_t>())
                                        : static_cast<long double>(v->get<std::int64_t>());
    if (wide > std::numeric_limits<int>::max() || wide < std::numeric_limits<int>::min()) {
      problem(path + "." + key, "integer " + v->dump() + " is out of range");
      return std::nullopt;
    }
    return static_cast<int>(v->get<std::int64_t>());
  }

  std::vector<std::string> strings(const nlohmann::json& object, const char* key, const std::string& path) {
    std::vector<std::string> out;
    const json* v = member(object, key);
    if (v == nullptr) return out;
    std::string where = path + "." + key;
    if (!v->is_array()) {
      problem(where, "expected an array of strings, got " + json_type_name(*v));
      return out;
    }
    for (std::size_t i = 0; i < v->size(); ++i) {
      const nlohmann::json& item = (*v)[i];
      if (!item.is_string()) {
        problem(where + "[" + std::to_string(i) + "]", "expected a string, got " + json_type_name(item));
        continue;
      }
      out.push_back(item.get<std::string>());
    }
    return out;
  }

  std::map<std::string, std::string> string_map(const nlohmann::json& object, const char* key, const std::string& path) {
    std::map<std::string, std::string> out;
    const json* v = member(object, key);
    if (v == nullptr) return out;
    std::string where = path + "." + key;
    if (!v->is_object()) {
      problem(where, "expected an object of strings, got " + json_type_name(*v));
      return out;
    }
    for (const auto& [k, item] : v->items()) {
      if (!item.is_string()) {
        problem(where + "[" + kube::go_quote(k) + "]", "expected a string, got " + json_type_name(item));
        continue;
      }
      out[k] = item.get<std::string>();
    }
    return out;
  }

  std::chrono::milliseconds duration(const nlohmann::json& object, const char* key, const std::string& path) {
    const json* v = member(object, key);
    if (v == nullptr) return std::chrono::milliseconds(0);
    std::string where = path + "." + key;
    if (!v->is_string()) {
      problem(where, "expected a duration string such as \"720h0m0s\", got " + json_type_name(*v));
      return std::chrono::milliseconds(0);
    }
    try {
      return std::chrono::duration_cast<std::chrono::milliseconds>(parse_go_duration(v->get<std::string>()));
    } catch (const DurationError& e) {
      problem(where, std::string(e.what()) + "; use a Go duration such as \"720h0m0s\", \"10m\" or \"1h30m\"");
      return std::chrono::milliseconds(0);
    }
  }

 private:
  std::vector<std::string>& problems_;
};


}  // namespace coffer::backup
