#pragma once

// RFC 7386 JSON merge patch (`Content-Type: application/merge-patch+json`).
// An object patch merges into the target member by member (recursively); a null member deletes;
// anything else (arrays included) replaces. A non-object target is treated as {} when the patch is
// an object; a non-object patch replaces the target. Every JSON value is a valid merge patch, so
// this never throws; inputs are not modified.

#include <nlohmann/json.hpp>

namespace coffer::kube {

nlohmann::json apply_merge_patch(const nlohmann::json& target, const nlohmann::json& patch);

// The merge patch that turns `from` into `to`: apply_merge_patch(from, create_merge_patch(from, to))
// == to, provided `to` holds no null member values (a merge patch cannot set a member to null).
// {} when they are equal.
nlohmann::json create_merge_patch(const nlohmann::json& from, const nlohmann::json& to);

}  // namespace coffer::kube
