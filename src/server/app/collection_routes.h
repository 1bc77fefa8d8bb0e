#pragma once
// The read routes every catalog collection has: GET /api/v1/<path> (a page, with search,
// equality filters, sort, limit and offset) and GET /api/v1/<path>/{name} (one record; 404
// naming it). One definition for clusters, environments, locations, schedules, users, ...
#include <string>
#include <vector>

#include "server/app/list_params.h"
#include "server/app/record_json.h"
#include "server/app/services.h"

namespace coffer::server {

struct Collection {
  std::string path;                  // "locations": /api/v1/locations
  std::string tag;                   // the OpenAPI tag
  std::string plural;                // "storage locations", for the route summaries
  std::string singular;              // "a storage location"
  std::string schema;                // "Location"; the list is "<schema>List"
  std::vector<std::string> filters;  // the list's equality filters
};

// GET /api/v1/<path>; and GET /api/v1/<path>/{name} unless with_get is false (a collection
// whose detail answers more than the record).
template <typename Repository>
void add_read_routes(Router& r, Services& s, Repository (catalog::Scope::*repository)(), const Collection& c,
                     bool with_get = true) {
  std::vector<std::string> query = {"search", "sort", "limit", "offset"};
  query.insert(query.end(), c.filters.begin(), c.filters.end());
  r.add("GET", "/api/v1/" + c.path, Access::Read,
        [&s, repository](RouteContext& ctx) {
          auto q = list_query(ctx.request.query_params());
          ctx.send_json(200, page_json((s.catalog.*repository)().list(q), q));
        },
        RouteDoc("List " + c.plural, c.tag).returns(c.schema + "List").with_query(query));
  if (!with_get) return;
  r.add("GET", "/api/v1/" + c.path + "/{name}", Access::Read,
        [&s, repository](RouteContext& ctx) { ctx.send_json(200, to_json((s.catalog.*repository)().require(ctx.param("name")))); },
        RouteDoc("Show " + c.singular, c.tag).returns(c.schema));
}

}  // namespace coffer::server
