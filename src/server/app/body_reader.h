#pragma once
// Reads a JSON request body field by field, collecting every problem (wrong type, missing,
// unknown field) as a FieldError, so one 422 answer lists them all.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/api/router.h"

namespace coffer::server {

class BodyReader {
 public:
  explicit BodyReader(const nlohmann::json& body) : body_(body) {}

  std::optional<std::string> text(const std::string& field, bool required = false);
  std::optional<bool> boolean(const std::string& field);
  std::optional<std::int64_t> integer(const std::string& field, std::int64_t min, std::int64_t max);
  std::optional<std::map<std::string, std::string>> string_map(const std::string& field);
  std::optional<std::vector<std::string>> strings(const std::string& field);
  std::optional<nlohmann::json> object(const std::string& field);

  // A name of a catalog object: required, lower-case RFC 1123 label (≤ 63 characters).
  std::string name(const std::string& field = "name");

  void problem(const std::string& field, const std::string& message) { errors_.push_back({field, message}); }
  // Unknown fields are problems too (a typo must not be ignored silently); then throws
  // ApiError::invalid when anything was wrong.
  void finish();

 private:
  const nlohmann::json* get(const std::string& field);
  const nlohmann::json& body_;
  std::set<std::string> read_;
  std::vector<FieldError> errors_;
};

}  // namespace coffer::server
