#pragma once
// The maintenance loop: the control plane's periodic upkeep of the catalog and the buckets
// (docs/operations.md, "Background loops"). One thread wakes every second and does what is due:
//   - TTL (every 5 s): each backup past its expiration is queued for deletion (phase Deleting;
//     the job removes every object of it in the bucket, then the catalog entry). Backups on a
//     ReadOnly location, or still running, are left listed and the reason is logged once.
//   - validation (per location, every validationFrequencySeconds; 0 = only on request): the
//     bucket is checked and the location shown Available or Unavailable with the reason.
//   - sync (per Available location, every backupSyncPeriodSeconds; 0 = never): backups in the
//     bucket missing from the catalog (written by Velero, another Coffer server, the CLI) are
//     added as synced records from their velero-backup.json; finished backups gone from the
//     bucket leave the catalog.
// Several servers on one database may all run it: every step is idempotent.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "catalog/records.h"
#include "server/app/services.h"

namespace coffer::server {

// A catalog record of a backup found in a bucket: its velero.io/v1 Backup object (status.phase,
// timestamps, progress, errors, warnings, expiration, labels velero.io/schedule-name and
// coffer.io/cluster) as synced from `location`.
catalog::BackupRecord synced_backup_record(const nlohmann::json& backup, const std::string& location);

class Maintenance {
 public:
  explicit Maintenance(Services& services);
  ~Maintenance();
  Maintenance(const Maintenance&) = delete;
  Maintenance& operator=(const Maintenance&) = delete;

  void start();
  void stop();  // waits for the thread

  // One pass at `now`: what is due of TTL, validation and sync.
  void run_once(catalog::Time now);

  void expire_backups(catalog::Time now);
  void sync_location(const catalog::StorageLocation& location, catalog::Time now);

 private:
  void loop();

  Services& s_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
  catalog::Time last_ttl_{};
  std::set<std::string> reported_;  // backups whose expiry could not be acted on, logged once
};

}  // namespace coffer::server
