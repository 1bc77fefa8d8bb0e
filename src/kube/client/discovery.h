#pragma once

// Discovery of every group, version and resource the API server serves (client-go's
// ServerGroupsAndResources): GET /api, /api/v1, /apis and each /apis/<group>/<version>, the
// group-versions fetched in parallel. A group-version that fails (an aggregated API such as
// metrics.k8s.io whose backend is down answers 503) becomes a warning, not a failure; only a
// failure of /api or /apis (the server itself) throws. Subresources ("pods/status") are left out.

#include <string>
#include <vector>

#include "kube/client/api_resource.h"
#include "kube/client/kube_client.h"

namespace coffer::kube {

struct ServerVersion {
  std::string git_version;  // "v1.32.0"
  std::string major;        // "1"
  std::string minor;        // "32"
};

struct DiscoveryResult {
  std::vector<ApiResource> resources;  // every version of every resource; `preferred` marks the group's preferred version
  std::vector<std::string> warnings;   // "discovery of metrics.k8s.io/v1beta1 failed: 503 ..."
  ServerVersion version;

  // The preferred version of each resource (one entry per group-resource).
  std::vector<ApiResource> preferred() const;
};

DiscoveryResult discover(KubeClient& client, int parallel = 4);

}  // namespace coffer::kube
