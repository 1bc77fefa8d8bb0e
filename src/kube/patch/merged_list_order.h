#pragma once

// Element order of a list after a strategic merge, as the apiserver orders it
// (k8s.io/apimachinery strategicpatch normalizeElementOrder / mergeSortedSlice):
//
//   - "patch items" are the merged elements that appear in `order` (the patch list, or the
//     $setElementOrder list); they are placed in `order`'s order;
//   - "server-only items" are the others; they keep the order they have in `server_order` (the
//     live list);
//   - the two sequences are interleaved: a server-only item goes before the next patch item only
//     when both are in the live list and it came first there. So a server-only item stays in front
//     of the live items it preceded, and items new to the live list come before the server-only
//     items that follow them.
//
// Elements are identified by the value of `merge_key` (objects) or by their value when
// `merge_key` is empty (primitives). The caller guarantees that every object in `merged`,
// `order` and `server_order` has the merge key.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace coffer::kube {

nlohmann::json order_merged_list(std::vector<nlohmann::json> merged, const nlohmann::json& order,
                                 const nlohmann::json& server_order, const std::string& merge_key);

}  // namespace coffer::kube
