#pragma once

// ItemWriter: the single consumer that streams backed-up items into <B>.tar.gz. List workers push
// batches (one page of one resource type); a writer thread adds each item twice -- at its legacy
// path and under <version>-preferredversion/ -- and keeps the per-type set of "ns/name" that
// becomes <B>-resource-list.json.gz. An item already written (a PV reached directly and through
// its PVC, an item matched by two orLabelSelectors, a list restarted after 410) is written once.
// The queue is bounded, so memory stays flat however large the cluster is.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "backup/archive/tar_gz.h"

namespace coffer::backup {

struct ItemType {
  std::string group_resource;  // "deployments.apps"
  std::string version;         // "v1"
  std::string group_version;   // "apps/v1"
  std::string kind;            // "Deployment"
};

struct ItemBatch {
  std::shared_ptr<const ItemType> type;
  std::string data;  // the items' JSON, back to back
  struct Entry {
    std::string ns, name;
    std::uint32_t offset = 0, length = 0;
  };
  std::vector<Entry> entries;
  void add(std::string_view ns, std::string_view name, std::string_view json);
};

class ItemWriter {
 public:
  ItemWriter(storage::ObjectWriter& out, TarGzOptions options, std::size_t queue_batches = 16);
  ~ItemWriter();  // stops the thread if finish() was not called

  // Blocks while the queue is full. Throws the writer's error if it has failed.
  void push(ItemBatch batch);
  // Waits until every pushed batch is written (the writer stays open). Rethrows the writer's error.
  // The accessors below are valid after drain() or finish().
  void drain();
  // Drains the queue, writes the tar trailer and flushes. Rethrows the writer's error.
  void finish();

  std::uint64_t items() const { return items_.load(); }
  std::uint64_t uncompressed_bytes() const;
  std::uint64_t compressed_bytes() const;

  nlohmann::json resource_list() const;               // {"apps/v1/Deployment": ["ns/name", ...]}
  std::set<std::string> namespaces_with_items() const;
  std::set<std::string> group_resources_with_items() const;
  bool contains(const std::string& group_version_kind, const std::string& ns, const std::string& name) const;

 private:
  void run();
  void write_batch(const ItemBatch& batch);

  TarGzWriter tar_;
  std::size_t capacity_;
  std::mutex mu_;
  std::condition_variable not_full_, not_empty_, idle_;
  bool busy_ = false;
  std::deque<ItemBatch> queue_;
  bool closing_ = false;
  std::exception_ptr error_;
  std::thread thread_;
  std::atomic<std::uint64_t> items_{0};

  // writer-thread state (read after finish)
  std::map<std::string, std::unordered_set<std::string>> written_;  // "gv/Kind" -> "ns/name"
  std::set<std::string> namespaces_;
  std::set<std::string> group_resources_;
  std::string path_;
};

}  // namespace coffer::backup
