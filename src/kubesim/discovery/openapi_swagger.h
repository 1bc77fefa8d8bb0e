#pragma once
// Conversion of kubesim's OpenAPI v3 pieces to Swagger 2.0, the form /openapi/v2 serves:
// references move from "#/components/schemas/" to "#/definitions/"; schema keywords Swagger 2.0
// lacks (oneOf, anyOf, not, nullable, ...) are dropped, as Kubernetes does for CRD schemas;
// parameters carry their type inline; request bodies become "body" parameters with "consumes";
// responses carry "schema" with "produces".
#include <nlohmann/json.hpp>

namespace coffer::kubesim {

nlohmann::json to_swagger_schema(const nlohmann::json& v3_schema);
nlohmann::json to_swagger_path_item(const nlohmann::json& v3_path_item);

}  // namespace coffer::kubesim
