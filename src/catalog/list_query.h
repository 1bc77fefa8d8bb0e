#pragma once
// List requests: search, equality filters, sort and offset pagination, as the REST API takes them.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace coffer::catalog {

struct ListQuery {
  std::string search{};                          // case-insensitive substring of the name (and kin)
  std::map<std::string, std::string> filters{};  // field -> value; "a,b" matches either
  std::string sort{};                            // field; "" = the list's default
  bool descending = false;                     // ignored when sort is "" (default order applies)
  std::int64_t limit = 50;                     // page size, 1..1000
  std::int64_t offset = 0;
};

template <typename T>
struct Page {
  std::vector<T> items{};
  std::int64_t total = 0;  // matching items, all pages
};

}  // namespace coffer::catalog
