#pragma once
// What fields an object may carry. For custom resources, the CRD's structural schema decides
// (unknown fields are pruned, or refused under fieldValidation=Strict, as the apiserver does).
// For built-in kinds kubesim knows the top-level and metadata fields of each kind, not the
// full schema: unknown fields below spec are not detected (see docs/kubesim.md).
#include <string>

#include <nlohmann/json.hpp>

#include "kubesim/registry/resource_type.h"

namespace coffer::kubesim {

// Decodes `obj` as the apiserver's decoder would, in place:
// - fields the kind does not declare: refused under fieldValidation=Strict (400 "strict
//   decoding error: unknown field ..."), dropped otherwise;
// - built-in kinds: null values are dropped (a Go zero value is omitted on output);
// - custom resources: pruned to the CRD's structural schema, then validated against it (type,
//   enum, required) with 422 Invalid listing every cause.
void decode_fields(const ResourceType& rt, nlohmann::json& obj, const std::string& field_validation);

}  // namespace coffer::kubesim
