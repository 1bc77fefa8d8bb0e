#pragma once

// One resource type the API server serves, as discovery reports it (metav1.APIResource plus the
// group/version it was found in).

#include <string>
#include <vector>

namespace coffer::kube {

struct ApiResource {
  std::string group;    // "" for the core group
  std::string version;  // "v1"
  std::string name;     // plural, e.g. "deployments"; never a subresource
  std::string singular;
  std::string kind;     // "Deployment"
  bool namespaced = false;
  std::vector<std::string> verbs;
  std::vector<std::string> short_names;
  std::vector<std::string> categories;
  bool preferred = false;  // version is the group's preferred version

  // "deployments.apps", or "pods" for the core group (schema.GroupResource.String()).
  std::string group_resource() const { return group.empty() ? name : name + "." + group; }
  // "apps/v1", or "v1" for the core group.
  std::string group_version() const { return group.empty() ? version : group + "/" + version; }
  bool has_verb(const std::string& verb) const {
    for (const auto& v : verbs) if (v == verb) return true;
    return false;
  }
};

}  // namespace coffer::kube
