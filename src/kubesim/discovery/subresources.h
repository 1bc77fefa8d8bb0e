#pragma once
// The subresources that discovery publishes for a resource: status (get/patch/update, answers
// the resource's own kind), scale (get/patch/update, answers autoscaling/v1 Scale) and, for core
// v1 namespaces, finalize (update). Listed in the alphabetical order Kubernetes uses.
#include <string>
#include <vector>

#include "kubesim/registry/resource_type.h"

namespace coffer::kubesim {

struct PublishedSubresource {
  std::string name;                // "status", "scale", "finalize"
  std::string group, version, kind;  // the kind the subresource answers with
  std::vector<std::string> verbs;
};

std::vector<PublishedSubresource> published_subresources(const ResourceType& type);

}  // namespace coffer::kubesim
