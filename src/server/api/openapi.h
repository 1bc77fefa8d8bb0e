#pragma once
// The OpenAPI 3.0 document of the REST API, generated from the router's routes so that it cannot
// drift from what the server serves: every path with its parameters, the access it needs
// (security), its request and response schemas, and the error responses every route shares.
#include <nlohmann/json.hpp>

#include "server/api/router.h"

namespace coffer::server {

// schemas: components/schemas (name -> JSON schema) that the routes' RouteDoc names refer to.
// Throws std::logic_error when a route names a schema that is not in schemas.
nlohmann::json openapi_document(const Router& router, const nlohmann::json& schemas, const std::string& version);

}  // namespace coffer::server
