#include "server/app/list_params.h"

#include <cctype>

#include "server/api/router.h"

namespace coffer::server {
namespace {

// "createdAt" -> "created_at", "createdBy" -> "created_by"
std::string snake_case(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (std::isupper(static_cast<unsigned char>(c))) {
      out += '_';
      out += char(std::tolower(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  return out;
}

std::int64_t whole_number(const std::string& field, const std::string& text, std::int64_t min, std::int64_t max) {
  std::size_t used = 0;
  long long v = 0;
  try {
    v = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || text.empty() || v < min || v > max)
    throw ApiError::invalid({{field, "must be a whole number from " + std::to_string(min) + " to " +
                                         std::to_string(max) + ", found \"" + text + "\""}});
  return v;
}

}  // namespace

catalog::ListQuery list_query(const std::map<std::string, std::string>& params) {
  catalog::ListQuery q;
  for (const auto& [key, value] : params) {
    if (key == "search") {
      q.search = value;
    } else if (key == "sort") {
      std::string field = value;
      if (!field.empty() && field[0] == '-') {
        q.descending = true;
        field.erase(0, 1);
      }
      q.sort = snake_case(field);
    } else if (key == "limit") {
      q.limit = whole_number("limit", value, 1, 1000);
    } else if (key == "offset") {
      q.offset = whole_number("offset", value, 0, std::numeric_limits<std::int32_t>::max());
    } else {
      q.filters[snake_case(key)] = value;
    }
  }
  return q;
}

}  // namespace coffer::server
