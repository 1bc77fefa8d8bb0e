#include "kubesim/discovery/subresources.h"

namespace coffer::kubesim {

std::vector<PublishedSubresource> published_subresources(const ResourceType& t) {
  std::vector<PublishedSubresource> out;
  const std::vector<std::string> get_patch_update = {"get", "patch", "update"};
  if (t.group.empty() && t.version == "v1" && t.resource == "namespaces")
    out.push_back({"finalize", t.group, t.version, t.kind, {"update"}});
  if (t.has_scale) out.push_back({"scale", "autoscaling", "v1", "Scale", get_patch_update});
  if (t.has_status) out.push_back({"status", t.group, t.version, t.kind, get_patch_update});
  return out;
}

}  // namespace coffer::kubesim
