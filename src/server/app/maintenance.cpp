// The maintenance loop (maintenance.h): TTL, location validation, bucket sync.
#include "server/app/maintenance.h"

#include <map>

#include "backup/layout/velero_layout.h"
#include "backup/reader/backup_reader.h"
#include "common/rfc3339.h"
#include "server/app/catalog_access.h"
#include "server/app/record_json.h"

namespace coffer::server {

using nlohmann::json;

namespace {

constexpr auto kTick = std::chrono::seconds(1);
constexpr auto kTtlPeriod = std::chrono::seconds(5);

std::optional<catalog::Time> json_time(const json& obj, const char* field) {
  if (!obj.is_object() || !obj.contains(field) || !obj[field].is_string()) return std::nullopt;
  try {
    return parse_rfc3339(obj[field].get<std::string>());
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::string string_at(const json& obj, const char* field) {
  if (!obj.is_object() || !obj.contains(field) || !obj[field].is_string()) return "";
  return obj[field].get<std::string>();
}

// Phases in which a backup this server made has all its objects in the bucket: gone from the
// bucket means deleted there. (A Failed backup may have written nothing; New/InProgress ones are
// still being written; Deleting ones are being removed by a job.)
bool finished_with_objects(const catalog::BackupRecord& b) {
  return b.phase == "Completed" || b.phase == "PartiallyFailed";
}

}  // namespace

catalog::BackupRecord synced_backup_record(const json& backup, const std::string& location) {
  catalog::BackupRecord r;
  const json metadata = backup.value("metadata", json::object());
  const json spec = backup.value("spec", json::object());
  r.name = string_at(metadata, "name");
  r.location = location;
  if (metadata.contains("labels") && metadata["labels"].is_object())
    for (const auto& [k, v] : metadata["labels"].items())
      if (v.is_string()) r.labels[k] = v.get<std::string>();
  if (auto it = r.labels.find("velero.io/schedule-name"); it != r.labels.end()) r.schedule = it->second;
  json annotations = metadata.value("annotations", json::object());
  r.cluster = string_at(annotations, "coffer.io/cluster");
  if (r.cluster.empty()) {
    if (auto it = r.labels.find("coffer.io/cluster"); it != r.labels.end()) r.cluster = it->second;
  }
  r.created_by = string_at(annotations, "coffer.io/created-by");
  r.spec = spec.is_object() ? spec : json::object();
  r.phase = "Completed";  // a Backup without a phase in a bucket is taken as complete
  apply_backup_status(r, backup);
  auto created = json_time(metadata, "creationTimestamp");
  r.created_at = created ? *created : r.started_at ? *r.started_at : std::chrono::system_clock::now();
  r.synced = true;
  return r;
}

Maintenance::Maintenance(Services& services) : s_(services) {}

Maintenance::~Maintenance() { stop(); }

void Maintenance::start() {
  if (thread_.joinable()) return;
  {
    std::lock_guard lock(mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { loop(); });
}

void Maintenance::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Maintenance::loop() {
  for (;;) {
    try {
      run_once(std::chrono::system_clock::now());
    } catch (const std::exception& e) {
      s_.log(std::string("maintenance: ") + e.what());
    }
    std::unique_lock lock(mu_);
    if (cv_.wait_for(lock, kTick, [this] { return stopping_; })) return;
  }
}

void Maintenance::run_once(catalog::Time now) {
  if (now - last_ttl_ >= kTtlPeriod) {
    last_ttl_ = now;
    try {
      expire_backups(now);
    } catch (const std::exception& e) {
      s_.log(std::string("maintenance: expiring backups: ") + e.what());
    }
  }

  catalog::ListQuery q;
  q.limit = 1000;
  for (const auto& listed : s_.catalog.locations().list(q).items) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
    }
    catalog::StorageLocation l = listed;
    try {
      const auto every = std::chrono::seconds(l.validation_frequency_seconds);
      if (l.validation_frequency_seconds > 0 && (!l.last_validated_at || *l.last_validated_at + every <= now)) {
        const std::string before = l.phase, before_message = l.phase_message;
        l = validate_location(s_, l);
        if (l.phase != before || l.phase_message != before_message)
          s_.log("location \"" + l.name + "\" is " + l.phase + (l.phase_message.empty() ? "" : ": " + l.phase_message));
      }
      const auto period = std::chrono::seconds(l.sync_period_seconds);
      if (l.phase == "Available" && l.sync_period_seconds > 0 && (!l.last_synced_at || *l.last_synced_at + period <= now))
        sync_location(l, now);
    } catch (const std::exception& e) {
      s_.log("maintenance: location \"" + l.name + "\": " + e.what());
    }
  }
}

void Maintenance::expire_backups(catalog::Time now) {
  std::set<std::string> still_reported;
  for (const auto& b : s_.catalog.backups().expired(now, 1000)) {
    if (b.phase == "Deleting") continue;
    try {
      queue_backup_deletion(s_, b.name, "system");
      s_.log("backup \"" + b.name + "\" expired at " + format_rfc3339(*b.expires_at) + ": deleting it");
      s_.audit("system", "backup.expire", "backups", b.name, "success", "expired; deletion queued");
    } catch (const std::exception& e) {
      // Read-only location, still running, ...: it stays listed (shown Expired); said once.
      still_reported.insert(b.name);
      if (!reported_.count(b.name)) {
        std::string reason = e.what();
        s_.log("backup \"" + b.name + "\" expired but is not deleted: " + reason);
        s_.audit("system", "backup.expire", "backups", b.name, "failure", reason);
      }
    }
  }
  reported_ = std::move(still_reported);
}

void Maintenance::sync_location(const catalog::StorageLocation& l, catalog::Time now) {
  // The catalog first, then the bucket: a backup this server finishes in between is Completed in
  // neither snapshot or in both, never "Completed in the catalog but missing in the bucket".
  catalog::ListQuery q;
  q.filters["location"] = l.name;
  q.limit = 1000;
  std::map<std::string, catalog::BackupRecord> known;
  for (;;) {
    auto page = s_.catalog.backups().list(q);
    for (auto& b : page.items) known.emplace(b.name, std::move(b));
    q.offset += static_cast<std::int64_t>(page.items.size());
    if (page.items.empty() || q.offset >= page.total) break;
  }

  auto store = open_location(s_, l);
  std::vector<std::string> names = backup::BackupReader::list_backups(*store);
  std::set<std::string> in_bucket(names.begin(), names.end());

  int added = 0, removed = 0, refreshed = 0;
  for (const auto& name : names) {
    if (auto it = known.find(name); it != known.end()) {
      // A backup synced while it was still settling (Velero's WaitingForPluginOperations,
      // Finalizing, ...) is read again until its phase is final: Velero rewrites its metadata.
      const catalog::BackupRecord& b = it->second;
      if (!b.synced || catalog::is_finished_backup_phase(b.phase)) continue;
      try {
        catalog::BackupRecord r = synced_backup_record(backup::BackupReader(*store, name).backup(), l.name);
        r.name = name;
        if (auto tarball = store->head(backup::layout::tarball_key(name))) r.size_bytes = static_cast<std::int64_t>(tarball->size);
        if (r.phase != b.phase) {
          s_.catalog.backups().upsert(r);
          ++refreshed;
        }
      } catch (const std::exception& e) {
        s_.log("sync: location \"" + l.name + "\", backup \"" + name + "\": " + e.what());
      }
      continue;
    }
    try {
      if (auto existing = s_.catalog.backups().get(name)) {
        // Made here since the catalog was read, or a backup of that name in another location.
        if (existing->location != l.name)
          s_.log("sync: location \"" + l.name + "\" holds backup \"" + name + "\", which the catalog has in location \"" +
                 existing->location + "\"; not synced");
        continue;
      }
      backup::BackupReader reader(*store, name);
      catalog::BackupRecord r = synced_backup_record(reader.backup(), l.name);
      r.name = name;  // the directory is the backup's name in the bucket
      if (auto tarball = store->head(backup::layout::tarball_key(name))) r.size_bytes = static_cast<std::int64_t>(tarball->size);
      if (s_.catalog.backups().upsert(r)) ++added;
    } catch (const std::exception& e) {
      s_.log("sync: location \"" + l.name + "\", backup \"" + name + "\": " + e.what());
    }
  }
  for (const auto& [name, b] : known) {
    if (in_bucket.count(name)) continue;
    if (!(b.synced || finished_with_objects(b))) continue;
    if (b.phase == "Deleting" || b.phase == "New" || b.phase == "InProgress") continue;
    try {
      s_.catalog.backups().remove(name);
      ++removed;
    } catch (const catalog::NotFoundError&) {
      // removed meanwhile (a deletion job, another server)
    }
  }
  if (added || removed || refreshed)
    s_.log("sync: location \"" + l.name + "\": " + std::to_string(added) + " backup(s) added, " + std::to_string(refreshed) +
           " refreshed, " + std::to_string(removed) + " gone from the bucket removed");
  auto current = s_.catalog.locations().require(l.name);
  s_.catalog.locations().set_status(l.name, current.phase, current.phase_message, std::nullopt, now);
}

}  // namespace coffer::server
