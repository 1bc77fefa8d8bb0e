#pragma once

// FilesystemStore: an ObjectStore on a local directory (location URL file:///abs/path).
//
// Key "a/b/c" is the file <root>/a/b/c. Writes go to a temporary file next to the target,
// ".<name>.tmp-<random>", which is fsync'ed and renamed over the key on commit (then the directory
// is fsync'ed), so readers see either the old object or the complete new one. Temporary files
// never appear in list() or list_common_prefixes(), and keys whose last segment has that shape
// are refused. Parent directories are created on write and pruned, up to the root, when their
// last object is removed. A "directory" only counts as a common prefix while it holds at least
// one object, as on an object store.

#include <sys/stat.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "storage/object_store.h"

namespace coffer::storage {

class FilesystemStore : public ObjectStore {
 public:
  // root: the location directory (made absolute and normalised); created when missing.
  explicit FilesystemStore(const std::string& root);

  std::unique_ptr<ObjectWriter> open_write(const std::string& key) override;
  std::unique_ptr<ObjectReader> open_read(const std::string& key) override;
  bool exists(const std::string& key) override;
  std::vector<ObjectInfo> list(const std::string& prefix) override;
  std::vector<std::string> list_common_prefixes(const std::string& prefix) override;
  void remove(const std::string& key) override;
  std::string describe() const override;
  std::optional<ObjectInfo> head(const std::string& key) override;
  std::unique_ptr<ObjectReader> open_read_range(const std::string& key, std::uint64_t offset,
                                                std::uint64_t length) override;
  // Create-only: commit() links the finished temporary file to the key, which fails when the
  // key exists (link(2) never replaces), so racing writers cannot both win.
  std::unique_ptr<ObjectWriter> open_write_new(const std::string& key) override;

  const std::string& root() const { return root_; }
  // The file that holds key (no check that it exists).
  std::string path_of(const std::string& key) const;
  // True for a file name of the shape the store uses for uncommitted writes.
  static bool is_temp_name(std::string_view file_name);

 private:
  std::unique_ptr<ObjectWriter> make_writer(const std::string& key, bool create_only);
  int open_object(const std::string& key, struct stat* st);  // fd, or throws ObjectNotFound
  std::string root_;  // absolute, no trailing '/' (unless it is "/")
};

}  // namespace coffer::storage
