#include "kube/patch/merged_list_order.h"

#include <algorithm>
#include <limits>

namespace coffer::kube {
namespace {

using nlohmann::json;

constexpr std::size_t kAbsent = std::numeric_limits<std::size_t>::max();

const json& identity(const json& element, const std::string& merge_key) {
  return merge_key.empty() ? element : element.at(merge_key);
}

std::size_t position_in(const json& list, const json& element, const std::string& merge_key) {
  const json& id = identity(element, merge_key);
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (identity(list[i], merge_key) == id) return i;
  }
  return kAbsent;
}

struct Placed {
  json value;
  std::size_t position;  // in `order` for patch items, in `server_order` for server-only items
  std::size_t live_position;
};

}  // namespace

json order_merged_list(std::vector<json> merged, const json& order, const json& server_order,
                       const std::string& merge_key) {
  std::vector<Placed> patch_items;
  std::vector<Placed> server_only;
  for (json& element : merged) {
    std::size_t in_order = position_in(order, element, merge_key);
    std::size_t live = position_in(server_order, element, merge_key);
    if (in_order != kAbsent) {
      patch_items.push_back({std::move(element), in_order, live});
    } else {
      server_only.push_back({std::move(element), live, live});
    }
  }
  auto by_position = [](const Placed& a, const Placed& b) { return a.position < b.position; };
  std::stable_sort(patch_items.begin(), patch_items.end(), by_position);
  std::stable_sort(server_only.begin(), server_only.end(), by_position);

  json result = json::array();
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < server_only.size() || j < patch_items.size()) {
    bool take_server_item = j == patch_items.size();
    if (i < server_only.size() && j < patch_items.size()) {
      std::size_t left = server_only[i].live_position;
      std::size_t right = patch_items[j].live_position;
      take_server_item = left != kAbsent && right != kAbsent && left < right;
    }
    if (take_server_item) {
      result.push_back(std::move(server_only[i++].value));
    } else {
      result.push_back(std::move(patch_items[j++].value));
    }
  }
  return result;
}

}  // namespace coffer::kube
