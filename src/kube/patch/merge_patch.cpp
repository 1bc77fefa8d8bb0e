#include "kube/patch/merge_patch.h"

namespace coffer::kube {

nlohmann::json apply_merge_patch(const nlohmann::json& target, const nlohmann::json& patch) {
  if (!patch.is_object()) return patch;
  nlohmann::json result = target.is_object() ? target : nlohmann::json::object();
  for (const auto& [name, value] : patch.items()) {
    if (value.is_null()) {
      result.erase(name);
      continue;
    }
    auto existing = result.find(name);
    if (existing == result.end()) {
      result[name] = apply_merge_patch(nlohmann::json(), value);
    } else {
      *existing = apply_merge_patch(*existing, value);
    }
  }
  return result;
}

}  // namespace coffer::kube
