#include "kube/client/resource_lookup.h"

#include <optional>
#include <string>

#include "common/text.h"

namespace coffer::kube {
namespace {

const ApiResource* find(const std::vector<ApiResource>& list, const std::string& resource,
                        const std::optional<std::string>& group, bool short_names) {
  for (const ApiResource& r : list) {
    if (group && to_lower(r.group) != *group) continue;
    if (short_names) {
      for (const std::string& s : r.short_names) {
        if (to_lower(s) == resource) return &r;
      }
    } else if (to_lower(r.name) == resource || (!r.singular.empty() && to_lower(r.singular) == resource) ||
               to_lower(r.kind) == resource) {
      return &r;
    }
  }
  return nullptr;
}

}  // namespace

const ApiResource* lookup_resource(const std::vector<ApiResource>& types, std::string_view text) {
  std::string lower = to_lower(trim(text));
  std::string resource = lower;
  std::optional<std::string> group;
  if (std::size_t dot = lower.find('.'); dot != std::string::npos) {
    resource = lower.substr(0, dot);
    group = lower.substr(dot + 1);
  }
  const ApiResource* found = find(types, resource, group, true);
  return found != nullptr ? found : find(types, resource, group, false);
}

}  // namespace coffer::kube
