#pragma once

// Paged LIST (limit/continue) with a fast page parser.
//
// list_paged() GETs path?limit=N[&labelSelector=..][&fieldSelector=..][&continue=..] until the
// server stops returning a continue token. Each page is parsed once with simdjson: every item is
// handed to on_item as a ListItem whose fields point into the page (valid only during the call).
// When a continue token has expired (410 Gone), the list starts again from the beginning, as
// client-go's pager does; on_restart is called first so the caller can de-duplicate.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kube/client/kube_client.h"

namespace coffer::kube {

struct ListItem {
  std::string_view raw;          // the item's JSON exactly as the server sent it
  std::string_view name;
  std::string_view namespace_;   // empty for cluster-scoped items
  bool has_type_meta = false;    // the item carries apiVersion and kind itself
  bool deleting = false;         // metadata.deletionTimestamp is set
  std::vector<std::pair<std::string_view, std::string_view>> labels;
  std::string_view label(std::string_view key) const;  // "" when absent
};

struct ListPageInfo {
  std::size_t items = 0;
  std::size_t bytes = 0;
  std::optional<std::int64_t> remaining_item_count;
  std::string resource_version;
  std::string list_api_version;  // the list's apiVersion ("apps/v1")
  std::string list_kind;         // "DeploymentList"
};

struct ListOptions {
  int limit = 500;
  std::string label_selector;
  std::string field_selector;
};

struct ListCallbacks {
  std::function<void(const ListItem&)> on_item;
  std::function<void(const ListPageInfo&)> on_page;  // after the page's items
  std::function<void()> on_restart;                  // a 410 restarted the list
};

// Returns the number of pages fetched. Throws ApiError (a 410 twice in a row is thrown).
int list_paged(KubeClient& client, const std::string& path, const ListOptions& options, const ListCallbacks& callbacks);

// Parses one list page (exposed for tests and benchmarks). Returns the continue token.
std::string parse_list_page(std::string& body, const std::function<void(const ListItem&)>& on_item, ListPageInfo& info);

}  // namespace coffer::kube
