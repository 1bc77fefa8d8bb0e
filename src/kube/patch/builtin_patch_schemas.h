#pragma once

// Strategic-merge-patch metadata of the built-in Kubernetes kinds, transcribed from the
// `patchStrategy` / `patchMergeKey` struct tags of k8s.io/api (core, apps, batch, autoscaling,
// policy, networking, rbac, storage, admissionregistration, ...; GA fields only).
//
// builtin_patch_schema(group, kind) returns the schema rooted at that kind ("" is the core group;
// the legacy "extensions" group maps to the apps/networking kinds). The returned reference stays
// valid for the life of the program. For a kind it does not know (custom resources included) it
// returns a schema without metadata, in which every list is replaced and maps merge; callers that
// must refuse strategic merge patch for custom resources check that themselves
// (is_builtin_patch_kind).

#include <string_view>

#include "kube/patch/patch_schema.h"

namespace coffer::kube {

const PatchSchema& builtin_patch_schema(std::string_view group, std::string_view kind);
bool is_builtin_patch_kind(std::string_view group, std::string_view kind);

}  // namespace coffer::kube
