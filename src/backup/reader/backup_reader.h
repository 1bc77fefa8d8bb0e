#pragma once

// BackupReader: reads a backup (ours or Velero's, format 1.0/1.1.0) from a storage location, by
// name: the Backup object (velero-backup.json), the sidecars, and the items of <B>.tar.gz.
// Used by `coffer backup describe/contents`, the restore engine and the UI's backup browser.
//
// Item paths follow velero-format.md §2:
//   resources/<gr>/cluster/<name>.json                       -> scope cluster, no version dir
//   resources/<gr>/namespaces/<ns>/<name>.json               -> namespaced, no version dir
//   resources/<gr>/<ver>[-preferredversion]/cluster/...      -> versioned copies
//   resources/<gr>/<ver>[-preferredversion]/namespaces/<ns>/...
// parse_item_path() splits such a path (nullopt for metadata/version and anything else).

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "storage/object_store.h"

namespace coffer::backup {

class BackupNotFound : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ItemPath {
  std::string group_resource;  // "deployments.apps", "pods"
  std::string version_dir;     // "" (legacy path), "v1", "v1-preferredversion"
  std::string namespace_;      // "" for cluster-scoped
  std::string name;
  bool preferred_version() const;  // version_dir ends with "-preferredversion"
  std::string version() const;     // version_dir without the suffix
};
std::optional<ItemPath> parse_item_path(const std::string& path);

struct BackupItem {
  ItemPath path;
  std::string json;        // the entry's bytes (empty when oversized)
  std::uint64_t size = 0;  // the entry's size in the archive
  bool oversized = false;  // larger than ItemFilter::max_item_bytes: not read
};

// What to read; empty vectors mean "all". Matching is exact; group_resources entries are
// "<resource>[.<group>]" as in the tarball.
struct ItemFilter {
  std::vector<std::string> group_resources;
  std::vector<std::string> namespaces;  // "" selects cluster-scoped items
  std::vector<std::string> names;
  bool include_versioned_copies = false;  // false: only legacy (unversioned) paths, as Velero's restore reads
  std::uint64_t max_item_bytes = 0;       // entries larger than this are visited unread (0: no limit)
  // Entries that are not items: links and other non-files, paths outside Velero's layout
  // (including ones with "..", absolute paths), with the reason. Directory entries are silent.
  std::function<void(const std::string& path, const std::string& why)> on_ignored_entry;
  // The content of metadata/version (the archive's format version, "1.1.0").
  std::function<void(const std::string& version)> on_format_version;
};

class BackupReader {
 public:
  // Throws BackupNotFound when backups/<name>/velero-backup.json does not exist.
  BackupReader(storage::ObjectStore& store, std::string name);

  const std::string& name() const { return name_; }
  const nlohmann::json& backup() const { return backup_; }  // the velero.io/v1 Backup

  // Sidecars; a missing file gives the empty value (old backups), a corrupt one throws.
  nlohmann::json resource_list();  // {"v1/Pod": ["ns/name", ...], ...}
  nlohmann::json results();        // {"warnings": {...}, "errors": {...}}
  std::string logs();              // decompressed log text
  nlohmann::json sidecar_array(const std::string& suffix);  // e.g. "-volumeinfo.json.gz" -> array

  // Streams items matching filter in archive order; visit returns false to stop.
  void for_each_item(const ItemFilter& filter, const std::function<bool(const BackupItem&)>& visit);
  std::vector<BackupItem> items(const ItemFilter& filter);  // convenience: collects them
  // Counts per group_resource over legacy paths, sorted by name (backup browser summary).
  std::map<std::string, std::uint64_t> item_counts();

  // Names of every backup in the store (prefixes under backups/ holding velero-backup.json), sorted.
  static std::vector<std::string> list_backups(storage::ObjectStore& store);

  // Deletes backups/<name>/ from the store: the velero-backup.json marker first, so a deletion
  // that stops halfway never leaves a half backup visible, then every other object. Returns the
  // number of objects removed (the marker included).
  static std::size_t delete_backup(storage::ObjectStore& store, const std::string& name);

 private:
  storage::ObjectStore& store_;
  std::string name_;
  nlohmann::json backup_;
};

}  // namespace coffer::backup
