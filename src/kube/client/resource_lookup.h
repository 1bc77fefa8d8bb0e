#pragma once

// Resolves a resource name as kubectl and Velero accept it -- a short name ("deploy"), the plural
// ("deployments"), the singular ("deployment") or the kind ("Deployment"), each optionally
// followed by ".<group>" ("deployments.apps"), case-insensitive -- against discovered types.
// Short names are tried first over every type (Velero's shortcut expander runs before the
// RESTMapper), then plural, singular and kind; the first match in list order wins.

#include <string_view>
#include <vector>

#include "kube/client/api_resource.h"

namespace coffer::kube {

const ApiResource* lookup_resource(const std::vector<ApiResource>& types, std::string_view text);

}  // namespace coffer::kube
