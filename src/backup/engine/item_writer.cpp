#include "backup/engine/item_writer.h"

#include <algorithm>

#include "backup/layout/velero_layout.h"

namespace coffer::backup {

void ItemBatch::add(std::string_view ns, std::string_view name, std::string_view json) {
  Entry e;
  e.ns = std::string(ns);
  e.name = std::string(name);
  e.offset = static_cast<std::uint32_t>(data.size());
  e.length = static_cast<std::uint32_t>(json.size());
  data.append(json);
  entries.push_back(std::move(e));
}

ItemWriter::ItemWriter(storage::ObjectWriter& out, TarGzOptions options, std::size_t queue_batches)
    : tar_(out, options), capacity_(std::max<std::size_t>(1, queue_batches)) {
  std::string version(layout::kFormatVersion);
  tar_.add_file(layout::kVersionEntry, version + "\n");
  thread_ = std::thread([this] { run(); });
}

ItemWriter::~ItemWriter() {
  {
    std::lock_guard lock(mu_);
    closing_ = true;
  }
  not_empty_.notify_all();
  not_full_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ItemWriter::push(ItemBatch batch) {
  std::unique_lock lock(mu_);
  not_full_.wait(lock, [&] { return queue_.size() < capacity_ || error_ || closing_; });
  if (error_) std::rethrow_exception(error_);
  queue_.push_back(std::move(batch));
  not_empty_.notify_one();
}

void ItemWriter::run() {
  for (;;) {
    ItemBatch batch;
    {
      std::unique_lock lock(mu_);
      not_empty_.wait(lock, [&] { return !queue_.empty() || closing_; });
      if (queue_.empty()) return;
      batch = std::move(queue_.front());
      queue_.pop_front();
      busy_ = true;
    }
    not_full_.notify_one();
    try {
      write_batch(batch);
    } catch (...) {
      std::lock_guard lock(mu_);
      error_ = std::current_exception();
      queue_.clear();
      busy_ = false;
      not_full_.notify_all();
      idle_.notify_all();
      return;
    }
    {
      std::lock_guard lock(mu_);
      busy_ = false;
    }
    idle_.notify_all();
  }
}

void ItemWriter::write_batch(const ItemBatch& batch) {
  const ItemType& t = *batch.type;
  auto& seen = written_[t.group_version + "/" + t.kind];
  const std::string preferred = layout::preferred_version_dir(t.version);
  for (const auto& e : batch.entries) {
    std::string key = e.ns.empty() ? e.name : e.ns + "/" + e.name;
    if (!seen.insert(std::move(key)).second) continue;
    std::string_view json(batch.data.data() + e.offset, e.length);
    // resources/<gr>/[<ver>-preferredversion/]{cluster|namespaces/<ns>}/<name>.json
    path_ = layout::item_path(t.group_resource, "", e.ns, e.name);
    tar_.add_file(path_, json);
    path_ = layout::item_path(t.group_resource, preferred, e.ns, e.name);
    tar_.add_file(path_, json);
    if (!e.ns.empty()) namespaces_.insert(e.ns);
    items_++;
  }
  if (!batch.entries.empty()) group_resources_.insert(t.group_resource);
}

void ItemWriter::drain() {
  std::unique_lock lock(mu_);
  idle_.wait(lock, [&] { return (queue_.empty() && !busy_) || error_; });
  if (error_) std::rethrow_exception(error_);
}

void ItemWriter::finish() {
  {
    std::unique_lock lock(mu_);
    closing_ = true;
  }
  not_empty_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (error_) std::rethrow_exception(error_);
  tar_.finish();
}

std::uint64_t ItemWriter::uncompressed_bytes() const { return tar_.uncompressed_bytes(); }
std::uint64_t ItemWriter::compressed_bytes() const { return tar_.compressed_bytes(); }

nlohmann::json ItemWriter::resource_list() const {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [key, names] : written_) {
    if (names.empty()) continue;
    std::vector<std::string> sorted(names.begin(), names.end());
    std::sort(sorted.begin(), sorted.end());
    out[key] = std::move(sorted);
  }
  return out;
}

std::set<std::string> ItemWriter::namespaces_with_items() const { return namespaces_; }
std::set<std::string> ItemWriter::group_resources_with_items() const { return group_resources_; }

bool ItemWriter::contains(const std::string& gvk, const std::string& ns, const std::string& name) const {
  auto it = written_.find(gvk);
  if (it == written_.end()) return false;
  return it->second.count(ns.empty() ? name : ns + "/" + name) > 0;
}

}  // namespace coffer::backup
