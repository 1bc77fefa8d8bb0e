#include "server/app/body_reader.h"

#include "backup/spec/spec_checks.h"

namespace coffer::server {

using nlohmann::json;

namespace {
const char* type_of(const json& j) {
  switch (j.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::string: return "a string";
    case json::value_t::array: return "a list";
    case json::value_t::object: return "an object";
    default: return "a number";
  }
}
}  // namespace

const json* BodyReader::get(const std::string& field) {
  read_.insert(field);
  auto it = body_.find(field);
  if (it == body_.end() || it->is_null()) return nullptr;
  return &*it;
}

std::optional<std::string> BodyReader::text(const std::string& field, bool required) {
  const json* v = get(field);
  if (!v) {
    if (required) problem(field, "is required");
    return std::nullopt;
  }
  if (!v->is_string()) {
    problem(field, std::string("must be a string, found ") + type_of(*v));
    return std::nullopt;
  }
  if (required && v->get_ref<const std::string&>().empty()) {
    problem(field, "is required");
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::optional<bool> BodyReader::boolean(const std::string& field) {
  const json* v = get(field);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) {
    problem(field, std::string("must be true or false, found ") + type_of(*v));
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<std::int64_t> BodyReader::integer(const std::string& field, std::int64_t min, std::int64_t max) {
  const json* v = get(field);
  if (!v) return std::nullopt;
  if (!v->is_number_integer()) {
    problem(field, std::string("must be a whole number, found ") + type_of(*v));
    return std::nullopt;
  }
  auto n = v->get<std::int64_t>();
  if (n < min || n > max) {
    problem(field, "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", found " +
                       std::to_string(n));
    return std::nullopt;
  }
  return n;
}

std::optional<std::map<std::string, std::string>> BodyReader::string_map(const std::string& field) {
  const json* v = get(field);
  if (!v) return std::nullopt;
  if (!v->is_object()) {
    problem(field, std::string("must be an object of strings, found ") + type_of(*v));
    return std::nullopt;
  }
  std::map<std::string, std::string> out;
  for (const auto& [k, val] : v->items()) {
    if (!val.is_string()) {
      problem(field + "." + k, std::string("must be a string, found ") + type_of(val));
      continue;
    }
    out[k] = val.get<std::string>();
  }
  return out;
}

std::optional<std::vector<std::string>> BodyReader::strings(const std::string& field) {
  const json* v = get(field);
  if (!v) return std::nullopt;
  if (!v->is_array()) {
    problem(field, std::string("must be a list of strings, found ") + type_of(*v));
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < v->size(); ++i) {
    if (!(*v)[i].is_string()) {
      problem(field + "[" + std::to_string(i) + "]", std::string("must be a string, found ") + type_of((*v)[i]));
      continue;
    }
    out.push_back((*v)[i].get<std::string>());
  }
  return out;
}

std::optional<json> BodyReader::object(const std::string& field) {
  const json* v = get(field);
  if (!v) return std::nullopt;
  if (!v->is_object()) {
    problem(field, std::string("must be an object, found ") + type_of(*v));
    return std::nullopt;
  }
  return *v;
}

std::string BodyReader::name(const std::string& field) {
  auto n = text(field, true);
  if (!n) return "";
  if (!backup::is_dns1123_label(*n)) {
    problem(field, "\"" + *n + "\" is not a valid name: use at most 63 lower-case letters, digits and '-', "
                   "starting and ending with a letter or digit");
    return "";
  }
  return *n;
}

void BodyReader::finish() {
  for (const auto& [k, v] : body_.items())
    if (!read_.count(k)) problem(k, "is not a field of this object (check the spelling)");
  if (!errors_.empty()) throw ApiError::invalid(errors_);
}

}  // namespace coffer::server
