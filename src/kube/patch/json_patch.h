#pragma once

// RFC 6902 JSON patch (`Content-Type: application/json-patch+json`).
// `patch` must be an array of operation objects {"op", "path", ...}: add, remove, replace, move,
// copy and test, with RFC 6901 pointers (~0, ~1 escapes; array indexes without leading zeros;
// "-" = after the last element, for add/move/copy targets). Operations apply in order to a copy of
// `target`; the result is returned only if all succeed (inputs are never modified).
// Throws PatchError (path() = the operation's "path", message names the operation's index and op)
// for malformed operations or paths that do not resolve, and PatchTestFailed for a failed "test".

#include <nlohmann/json.hpp>

namespace coffer::kube {

nlohmann::json apply_json_patch(const nlohmann::json& target, const nlohmann::json& patch);

}  // namespace coffer::kube
