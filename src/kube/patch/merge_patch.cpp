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

nlohmann::json create_merge_patch(const nlohmann::json& from, const nlohmann::json& to) {
  if (!from.is_object() || !to.is_object()) return to;
  nlohmann::json patch = nlohmann::json::object();
  for (const auto& [key, value] : from.items()) {
    if (!to.contains(key)) patch[key] = nullptr;
  }
  for (const auto& [key, value] : to.items()) {
    auto it = from.find(key);
    if (it == from.end()) {
      patch[key] = value;
    } else if (*it != value) {
      patch[key] = (it->is_object() && value.is_object()) ? create_merge_patch(*it, value) : value;
    }
  }
  return patch;
}

}  // namespace coffer::kube
