#include "kube/client/watch.h"

#include "common/text.h"

namespace coffer::kube {

void watch(KubeClient& client, const std::string& path, const std::string& resource_version,
           const std::function<bool(const WatchEvent&)>& on_event, int timeout_seconds,
           const std::string& label_selector) {
  std::string url = path + (path.find('?') == std::string::npos ? "?" : "&") + "watch=1&allowWatchBookmarks=true";
  if (!resource_version.empty()) url += "&resourceVersion=" + url_encode(resource_version);
  if (timeout_seconds > 0) url += "&timeoutSeconds=" + std::to_string(timeout_seconds);
  if (!label_selector.empty()) url += "&labelSelector=" + url_encode(label_selector);
  std::string pending;
  client.stream(url, [&](std::string_view chunk) {
    pending.append(chunk);
    std::size_t start = 0;
    for (std::size_t nl = pending.find('\n'); nl != std::string::npos; nl = pending.find('\n', start)) {
      std::string_view line(pending.data() + start, nl - start);
      start = nl + 1;
      if (line.find_first_not_of(" \r\t") == std::string_view::npos) continue;
      nlohmann::json e;
      try {
        e = nlohmann::json::parse(line);
      } catch (const nlohmann::json::exception& ex) {
        throw ApiError(200, "InvalidResponse", "watch " + path + ": invalid event: " + ex.what());
      }
      WatchEvent event{e.value("type", ""), e.value("object", nlohmann::json::object())};
      if (event.type == "ERROR") {
        const auto& st = event.object;
        throw ApiError(st.value("code", 500), st.value("reason", "InternalError"),
                       "watch " + path + ": " + st.value("message", std::string("error event")));
      }
      if (!on_event(event)) return false;
    }
    pending.erase(0, start);
    return true;
  });
}

}  // namespace coffer::kube
