#pragma once

// Kubernetes strategic merge patch (`Content-Type: application/strategic-merge-patch+json`), applied
// the way the apiserver applies what `kubectl apply` / `kubectl patch --type strategic` send.
// `schema` (see patch_schema.h, builtin_patch_schemas.h) says how each list merges.
//
//   maps      merge recursively; a null value deletes the key (and is dropped from new values).
//   lists     with no strategy are replaced. Merge lists of objects merge element by element on the
//             merge key (new elements are added); Merge lists of primitives are merged as a set.
//             Element order follows the apiserver (merged_list_order.h): the patch's elements in
//             patch order, server-only elements interleaved by their live position -- so without
//             $setElementOrder, elements new to the list come before the existing ones.
//   $patch: replace   in a map: the map is replaced by the patch's map. As an element of a list of
//                     objects ({"$patch":"replace"}): the list is replaced by the other elements.
//   $patch: delete    in a map: the map is deleted (its key is removed; the apiserver leaves {}
//                     there). As a list element with the merge key
//                     ({"name":"x","$patch":"delete"}): every element with that key is removed.
//   $patch: merge     the default, accepted as a no-op (in a map, and as a list element).
//   $setElementOrder/<list>        the merged list follows this order (given as merge-key objects
//                                  or primitives); the patch list must name its elements in the same
//                                  relative order. Elements not in it are placed as above.
//   $deleteFromPrimitiveList/<list>  values to remove from a list of primitives.
//   $retainKeys: [k...]            keys of the map not listed are cleared (the patch may only set
//                                  listed keys); used for Deployment strategy, volume sources.
// Keys that start with '$' but are none of these (e.g. "$ref") are ordinary fields.
//
// Directives never appear in the result. Throws PatchError (path = JSON pointer into the patch) for
// invalid directives, a patch that is not an object, list element types that do not match, and
// elements of a merge list that lack the merge key. The original is not modified; a null original
// is treated as {}.

#include <nlohmann/json.hpp>

#include "kube/patch/patch_error.h"
#include "kube/patch/patch_schema.h"

namespace coffer::kube {

nlohmann::json apply_strategic_merge_patch(const nlohmann::json& original, const nlohmann::json& patch,
                                           const PatchSchema& schema);

}  // namespace coffer::kube
