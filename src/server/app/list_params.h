#pragma once
// List query parameters of the REST API -> catalog::ListQuery:
//   ?search=web&sort=-createdAt&limit=50&offset=100&cluster=prod&status=Completed,Failed
// sort takes the API's camelCase names and a leading '-' for descending; every other parameter is
// an equality filter (the catalog refuses unknown ones, naming them).
#include <map>
#include <string>

#include "catalog/list_query.h"

namespace coffer::server {

catalog::ListQuery list_query(const std::map<std::string, std::string>& params);

}  // namespace coffer::server
