#pragma once
// What fields an object may carry. For custom resources, the CRD's structural schema decides
// (unknown fields are pruned, or refused under fieldValidation=Strict, as the apiserver does).
// For built-in kinds kubesim knows the top-level and metadata fields of each kind, not the
// full schema: unknown fields below spec are not detected (see docs/kubesim.md).
#include <string>

#include <nlohmann/json.hpp>

#include "kubesim/registry/resource_type.h"

namespace coffer::kubesim {

// Throws ApiError 400 "strict decoding error: unknown field ..." when validation is "Strict"
// and the object has fields its kind does not declare. Other modes accept (and, for custom
// resources, prune_custom_resource then drops them).
void check_unknown_fields(const ResourceType& rt, const nlohmann::json& obj,
                          const std::string& field_validation);

// Removes fields the CRD schema does not declare (no-op without a schema).
void prune_custom_resource(const ResourceType& rt, nlohmann::json& obj);

}  // namespace coffer::kubesim
