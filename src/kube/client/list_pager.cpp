#include "kube/client/list_pager.h"

#include <simdjson.h>

#include "common/text.h"

namespace coffer::kube {

std::string_view ListItem::label(std::string_view key) const {
  for (const auto& [k, v] : labels)
    if (k == key) return v;
  return {};
}

namespace {

std::string_view trim_json(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t' || s.back() == ','))
    s.remove_suffix(1);
  return s;
}

void read_item_metadata(simdjson::ondemand::object metadata, ListItem& item) {
  for (auto field : metadata) {
    std::string_view key = field.unescaped_key();
    if (key == "name") {
      item.name = field.value().get_string();
    } else if (key == "namespace") {
      item.namespace_ = field.value().get_string();
    } else if (key == "deletionTimestamp") {
      auto v = field.value();
      item.deleting = !v.is_null();
    } else if (key == "labels") {
      auto v = field.value();
      if (v.is_null()) continue;
      for (auto label : v.get_object()) {
        std::string_view k = label.unescaped_key();
        std::string_view val = label.value().get_string();
        item.labels.emplace_back(k, val);
      }
    }
  }
}

}  // namespace

std::string parse_list_page(std::string& body, const std::function<void(const ListItem&)>& on_item, ListPageInfo& info) {
  thread_local simdjson::ondemand::parser parser;
  if (body.capacity() < body.size() + simdjson::SIMDJSON_PADDING) body.reserve(body.size() + simdjson::SIMDJSON_PADDING);
  info.bytes = body.size();
  std::string continue_token;
  try {
    simdjson::padded_string_view input(body.data(), body.size(), body.capacity());
    simdjson::ondemand::document doc = parser.iterate(input);
    simdjson::ondemand::object top = doc.get_object();
    ListItem item;
    for (auto field : top) {
      std::string_view key = field.unescaped_key();
      if (key == "metadata") {
        for (auto m : field.value().get_object()) {
          std::string_view mk = m.unescaped_key();
          if (mk == "continue") continue_token = std::string(std::string_view(m.value().get_string()));
          else if (mk == "remainingItemCount") info.remaining_item_count = m.value().get_int64();
          else if (mk == "resourceVersion") info.resource_version = std::string(std::string_view(m.value().get_string()));
        }
      } else if (key == "apiVersion") {
        info.list_api_version = std::string(std::string_view(field.value().get_string()));
      } else if (key == "kind") {
        info.list_kind = std::string(std::string_view(field.value().get_string()));
      } else if (key == "items") {
        auto items = field.value();
        if (items.is_null()) continue;
        for (auto element : items.get_array()) {
          simdjson::ondemand::object obj = element.get_object();
          item.raw = trim_json(obj.raw_json());
          obj.reset();
          item.name = {};
          item.namespace_ = {};
          item.deleting = false;
          item.labels.clear();
          bool has_api_version = false, has_kind = false;
          for (auto f : obj) {
            std::string_view fk = f.unescaped_key();
            if (fk == "metadata") read_item_metadata(f.value().get_object(), item);
            else if (fk == "apiVersion") has_api_version = true;
            else if (fk == "kind") has_kind = true;
          }
          item.has_type_meta = has_api_version && has_kind;
          info.items++;
          on_item(item);
        }
      }
    }
  } catch (const simdjson::simdjson_error& e) {
    throw ApiError(200, "InvalidResponse", std::string("the server sent an invalid list: ") + e.what());
  }
  return continue_token;
}

int list_paged(KubeClient& client, const std::string& path, const ListOptions& options, const ListCallbacks& callbacks) {
  std::string base = path + (path.find('?') == std::string::npos ? "?" : "&");
  if (options.limit > 0) base += "limit=" + std::to_string(options.limit) + "&";
  if (!options.label_selector.empty()) base += "labelSelector=" + url_encode(options.label_selector) + "&";
  if (!options.field_selector.empty()) base += "fieldSelector=" + url_encode(options.field_selector) + "&";
  int pages = 0;
  int restarts = 0;
  std::string token;
  for (;;) {
    std::string url = base;
    if (!token.empty()) url += "continue=" + url_encode(token);
    if (url.back() == '&' || url.back() == '?') url.pop_back();
    Response r;
    try {
      r = client.request("GET", url);
    } catch (const ApiError& e) {
      if (e.expired() && !token.empty() && restarts < 3) {
        // The continue token expired (etcd compaction): start over with a fresh snapshot.
        restarts++;
        token.clear();
        if (callbacks.on_restart) callbacks.on_restart();
        continue;
      }
      throw;
    }
    ListPageInfo info;
    token = parse_list_page(r.body, callbacks.on_item, info);
    pages++;
    if (callbacks.on_page) callbacks.on_page(info);
    if (token.empty()) return pages;
  }
}

}  // namespace coffer::kube
