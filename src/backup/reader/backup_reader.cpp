#include "backup/reader/backup_reader.h"

#include <algorithm>
#include <string_view>
#include <unordered_set>

#include "backup/archive/tar_gz.h"
#include "backup/layout/velero_layout.h"

namespace coffer::backup {
namespace {

constexpr std::string_view kPreferredSuffix = "-preferredversion";
constexpr std::string_view kJsonSuffix = ".json";

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool valid_segment(std::string_view s) { return !s.empty() && s != "." && s != ".."; }

// "" (no filter) or exact membership.
class Matcher {
 public:
  explicit Matcher(const std::vector<std::string>& values)
      : all_(values.empty()), values_(values.begin(), values.end()) {}
  bool operator()(const std::string& s) const { return all_ || values_.count(s) != 0; }

 private:
  bool all_;
  std::unordered_set<std::string> values_;
};

// Walks the tarball's item entries that pass filter; data is read only when want_data.
void walk_items(storage::ObjectStore& store, const std::string& name, const ItemFilter& filter,
                bool want_data, const std::function<bool(const BackupItem&)>& visit) {
  const std::string key = layout::tarball_key(name);
  std::unique_ptr<storage::ObjectReader> in;
  try {
    in = store.open_read(key);
  } catch (const storage::ObjectNotFound&) {
    throw storage::ObjectNotFound("backup '" + name + "' has no tarball: " + key +
                                  " does not exist in " + store.describe());
  }
  Matcher group_resource(filter.group_resources), ns(filter.namespaces), item_name(filter.names);
  BackupItem item;
  TarGzReader reader(std::move(in));
  auto ignored = [&](const std::string& path, const std::string& why) {
    if (filter.on_ignored_entry) filter.on_ignored_entry(path, why);
  };
  auto visit_entry = [&](const std::string& entry_path, std::uint64_t size,
                         const std::function<std::string()>& read_data) {
    std::string_view path = entry_path;
    while (path.substr(0, 2) == "./") path.remove_prefix(2);  // `tar -C dir -czf B.tar.gz .` writes these
    if (path == layout::kVersionEntry) {
      if (filter.on_format_version) filter.on_format_version(read_data());
      return true;
    }
    std::optional<ItemPath> parsed = parse_item_path(std::string(path));
    if (!parsed) {
      ignored(entry_path,
              "not an item path of the backup layout "
              "(resources/<resource>/[<version>/](cluster|namespaces/<namespace>)/<name>.json)");
      return true;
    }
    if (!filter.include_versioned_copies && !parsed->version_dir.empty()) return true;
    if (!group_resource(parsed->group_resource) || !ns(parsed->namespace_) ||
        !item_name(parsed->name))
      return true;
    item.path = std::move(*parsed);
    item.size = size;
    item.oversized = filter.max_item_bytes != 0 && size > filter.max_item_bytes;
    item.json.clear();
    if (want_data && !item.oversized) item.json = read_data();
    return visit(item);
  };
  reader.for_each(visit_entry, [&](const std::string& path, const std::string& what) {
    ignored(path, what + "; links are never followed");
  });
}

}  // namespace

bool ItemPath::preferred_version() const { return ends_with(version_dir, kPreferredSuffix); }

std::string ItemPath::version() const {
  if (preferred_version()) return version_dir.substr(0, version_dir.size() - kPreferredSuffix.size());
  return version_dir;
}

std::optional<ItemPath> parse_item_path(const std::string& path) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (;;) {
    std::size_t slash = path.find('/', start);
    std::size_t end = slash == std::string::npos ? path.size() : slash;
    parts.emplace_back(path.data() + start, end - start);
    if (parts.size() > 6) return std::nullopt;
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  if (parts.size() < 4 || parts[0] != "resources") return std::nullopt;
  for (std::string_view p : parts)
    if (!valid_segment(p)) return std::nullopt;
  ItemPath out;
  out.group_resource = parts[1];
  std::size_t i = 2;
  // A directory other than "cluster"/"namespaces" right below the group-resource is a version
  // (Velero's Parser.ParseGroupVersions reads it the same way).
  if (parts[2] != "cluster" && parts[2] != "namespaces") {
    out.version_dir = parts[2];
    if (out.version_dir == kPreferredSuffix) return std::nullopt;  // no version before the suffix
    i = 3;
  }
  std::string_view file;
  if (i < parts.size() && parts[i] == "cluster" && parts.size() == i + 2) {
    file = parts[i + 1];
  } else if (i < parts.size() && parts[i] == "namespaces" && parts.size() == i + 3) {
    out.namespace_ = parts[i + 1];
    file = parts[i + 2];
  } else {
    return std::nullopt;
  }
  if (file.size() <= kJsonSuffix.size() || !ends_with(file, kJsonSuffix)) return std::nullopt;
  out.name = file.substr(0, file.size() - kJsonSuffix.size());  // names may hold dots
  return out;
}

BackupReader::BackupReader(storage::ObjectStore& store, std::string name)
    : store_(store), name_(std::move(name)) {
  if (name_.empty() || name_ == "." || name_ == ".." || name_.find('/') != std::string::npos ||
      name_.find('\0') != std::string::npos)
    throw BackupNotFound("invalid backup name '" + name_ + "'");
  const std::string key = layout::metadata_key(name_);
  std::string text;
  try {
    text = store_.get(key);
  } catch (const storage::ObjectNotFound&) {
    throw BackupNotFound("backup '" + name_ + "' not found in " + store_.describe() + ": " + key +
                         " does not exist");
  }
  try {
    backup_ = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error("backup '" + name_ + "': " + key + " is not valid JSON: " + e.what());
  }
  if (!backup_.is_object())
    throw std::runtime_error("backup '" + name_ + "': " + key + " does not hold a JSON object");
}

namespace {
// The decompressed sidecar, or nullopt when the object does not exist.
std::optional<std::string> read_sidecar(storage::ObjectStore& store, const std::string& backup,
                                        std::string_view suffix) {
  const std::string key = layout::sidecar_key(backup, suffix);
  std::string gz;
  try {
    gz = store.get(key);
  } catch (const storage::ObjectNotFound&) {
    return std::nullopt;
  }
  try {
    return gzip_decompress(gz);
  } catch (const std::exception& e) {
    throw std::runtime_error("backup '" + backup + "': corrupt " + key + ": " + e.what());
  }
}

// The sidecar's JSON; `empty` when missing or JSON null (Go encodes nil slices and maps so).
nlohmann::json read_json_sidecar(storage::ObjectStore& store, const std::string& backup,
                                 std::string_view suffix, nlohmann::json empty) {
  std::optional<std::string> text = read_sidecar(store, backup, suffix);
  if (!text) return empty;
  nlohmann::json value;
  try {
    value = nlohmann::json::parse(*text);
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error("backup '" + backup + "': corrupt " +
                             layout::sidecar_key(backup, suffix) + ": " + e.what());
  }
  if (value.is_null()) return empty;
  if (value.type() != empty.type())
    throw std::runtime_error("backup '" + backup + "': corrupt " +
                             layout::sidecar_key(backup, suffix) + ": expected a JSON " +
                             empty.type_name() + ", got " + value.type_name());
  return value;
}
}  // namespace

nlohmann::json BackupReader::resource_list() {
  return read_json_sidecar(store_, name_, layout::kResourceListSuffix, nlohmann::json::object());
}

nlohmann::json BackupReader::results() {
  nlohmann::json value =
      read_json_sidecar(store_, name_, layout::kResultsSuffix, nlohmann::json::object());
  for (const char* k : {"warnings", "errors"})
    if (!value.contains(k) || value[k].is_null()) value[k] = nlohmann::json::object();
  return value;
}

std::string BackupReader::logs() {
  return read_sidecar(store_, name_, layout::kLogsSuffix).value_or(std::string());
}

nlohmann::json BackupReader::sidecar_array(const std::string& suffix) {
  if (suffix.empty() || suffix.find('/') != std::string::npos ||
      suffix.find('\0') != std::string::npos)
    throw std::invalid_argument("invalid sidecar suffix '" + suffix + "'");
  return read_json_sidecar(store_, name_, suffix, nlohmann::json::array());
}

void BackupReader::for_each_item(const ItemFilter& filter,
                                 const std::function<bool(const BackupItem&)>& visit) {
  walk_items(store_, name_, filter, true, visit);
}

std::vector<BackupItem> BackupReader::items(const ItemFilter& filter) {
  std::vector<BackupItem> out;
  for_each_item(filter, [&](const BackupItem& item) {
    out.push_back(item);
    return true;
  });
  return out;
}

std::map<std::string, std::uint64_t> BackupReader::item_counts() {
  std::map<std::string, std::uint64_t> counts;
  walk_items(store_, name_, ItemFilter{}, false, [&](const BackupItem& item) {
    ++counts[item.path.group_resource];
    return true;
  });
  return counts;
}

std::size_t BackupReader::delete_backup(storage::ObjectStore& store, const std::string& name) {
  store.remove(layout::metadata_key(name));
  std::vector<std::string> keys;
  for (const auto& o : store.list(layout::backup_dir(name))) keys.push_back(o.key);
  if (!keys.empty()) store.remove_many(keys);
  return keys.size() + 1;
}

std::vector<std::string> BackupReader::list_backups(storage::ObjectStore& store) {
  constexpr std::string_view kBackups = "backups/";
  std::vector<std::string> names;
  for (const std::string& prefix : store.list_common_prefixes(std::string(kBackups))) {
    std::string name = prefix.substr(kBackups.size(), prefix.size() - kBackups.size() - 1);
    if (name.empty() || name == "." || name == "..") continue;
    if (store.exists(layout::metadata_key(name))) names.push_back(std::move(name));
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace coffer::backup
