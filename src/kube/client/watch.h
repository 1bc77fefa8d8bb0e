#pragma once

// watch(): a Kubernetes watch (GET ...?watch=1&resourceVersion=RV), one event per line of the
// streamed response. on_event returns false to stop. An ERROR event carrying a Status is thrown
// as ApiError with the Status code and reason (410 Expired: the caller relists), as client-go's
// watch surfaces it. Returns when the server ends the stream (timeoutSeconds) or on_event stops.

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "kube/client/kube_client.h"

namespace coffer::kube {

struct WatchEvent {
  std::string type;  // ADDED, MODIFIED, DELETED, BOOKMARK
  nlohmann::json object;
};

void watch(KubeClient& client, const std::string& path, const std::string& resource_version,
           const std::function<bool(const WatchEvent&)>& on_event, int timeout_seconds = 0,
           const std::string& label_selector = "");

}  // namespace coffer::kube
