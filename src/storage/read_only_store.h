#pragma once

// ReadOnlyStore: a location marked read-only (URL read-only=true, BSL accessMode ReadOnly).
// Reads pass through; every write or delete throws StorageError naming the location, before
// anything reaches the backend -- as Velero refuses backups into a ReadOnly location.

#include <memory>

#include "storage/object_store.h"

namespace coffer::storage {

class ReadOnlyStore : public ObjectStore {
 public:
  explicit ReadOnlyStore(std::unique_ptr<ObjectStore> inner);

  std::unique_ptr<ObjectWriter> open_write(const std::string& key) override;
  std::unique_ptr<ObjectWriter> open_write_new(const std::string& key) override;
  void remove(const std::string& key) override;
  void remove_many(const std::vector<std::string>& keys) override;

  std::unique_ptr<ObjectReader> open_read(const std::string& key) override;
  std::unique_ptr<ObjectReader> open_read_range(const std::string& key, std::uint64_t offset,
                                                std::uint64_t length) override;
  std::optional<ObjectInfo> head(const std::string& key) override;
  bool exists(const std::string& key) override;
  std::vector<ObjectInfo> list(const std::string& prefix) override;
  std::vector<std::string> list_common_prefixes(const std::string& prefix) override;
  std::string describe() const override;

 private:
  [[noreturn]] void refuse(const std::string& what, const std::string& key) const;
  std::unique_ptr<ObjectStore> inner_;
};

}  // namespace coffer::storage
