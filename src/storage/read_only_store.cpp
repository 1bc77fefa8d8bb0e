#include "storage/read_only_store.h"

namespace coffer::storage {

ReadOnlyStore::ReadOnlyStore(std::unique_ptr<ObjectStore> inner) : inner_(std::move(inner)) {}

void ReadOnlyStore::refuse(const std::string& what, const std::string& key) const {
  throw StorageError("the location " + describe() + " is read-only: cannot " + what + " '" + key +
                     "' (use a read-write location, or drop read-only=true / accessMode: ReadOnly)");
}

std::unique_ptr<ObjectWriter> ReadOnlyStore::open_write(const std::string& key) { refuse("write", key); }
std::unique_ptr<ObjectWriter> ReadOnlyStore::open_write_new(const std::string& key) { refuse("write", key); }
void ReadOnlyStore::remove(const std::string& key) { refuse("delete", key); }
void ReadOnlyStore::remove_many(const std::vector<std::string>& keys) {
  refuse("delete", keys.empty() ? std::string() : keys.front());
}

std::unique_ptr<ObjectReader> ReadOnlyStore::open_read(const std::string& key) { return inner_->open_read(key); }
std::unique_ptr<ObjectReader> ReadOnlyStore::open_read_range(const std::string& key, std::uint64_t offset,
                                                             std::uint64_t length) {
  return inner_->open_read_range(key, offset, length);
}
std::optional<ObjectInfo> ReadOnlyStore::head(const std::string& key) { return inner_->head(key); }
bool ReadOnlyStore::exists(const std::string& key) { return inner_->exists(key); }
std::vector<ObjectInfo> ReadOnlyStore::list(const std::string& prefix) { return inner_->list(prefix); }
std::vector<std::string> ReadOnlyStore::list_common_prefixes(const std::string& prefix) {
  return inner_->list_common_prefixes(prefix);
}
std::string ReadOnlyStore::describe() const { return inner_->describe() + " (read-only)"; }

}  // namespace coffer::storage
