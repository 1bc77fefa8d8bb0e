#pragma once

// The backup engine: captures a cluster, a set of namespaces or a set of resources into a
// storage location in Velero's format 1.1.0 (velero-format.md §1.2 and §2).
//
//   New -> (validation) FailedValidation | InProgress -> Completed | PartiallyFailed | Failed
//
// Validation errors (validate_spec, or a backup of that name already in the location) end in
// FailedValidation and store nothing. Otherwise discovery and the namespace list run first (an
// unreachable cluster, refused credentials or a TLS mismatch end in Failed with the reason);
// then list workers page through every selected resource type in parallel while one writer
// streams items into <B>.tar.gz (each item at its legacy path and its -preferredversion copy).
// A resource type that cannot be listed (403, a list failing midway) is recorded as an error and
// the backup ends PartiallyFailed. Related cluster-scoped items join at the end: PVs of
// backed-up PVCs, CRDs of backed-up custom resources, the namespaces of backed-up items.
//
// Storage: the tarball is committed, then the sidecars and the log, then velero-backup.json
// last (the existence marker). If any write fails, everything already written for this backup
// is removed and the backup is Failed and not visible. A backup that Failed because of the
// cluster is stored (phase Failed, failureReason, logs), as Velero stores it.

#include <chrono>
#include <cstdint>
#include <functional>
#include <stop_token>
#include <string>

#include <nlohmann/json.hpp>

#include "backup/archive/tar_gz.h"
#include "backup/spec/backup_spec.h"
#include "kube/client/kube_client.h"
#include "storage/object_store.h"

namespace coffer::backup {

struct BackupProgress {
  std::string phase;                // New, InProgress, Completed, PartiallyFailed, Failed, FailedValidation
  std::uint64_t items_backed_up = 0;
  std::uint64_t total_items = 0;    // estimate; grows as lists report remainingItemCount
  std::uint64_t bytes_uncompressed = 0;
  std::uint64_t bytes_written = 0;  // compressed tarball bytes
  std::uint64_t warnings = 0;
  std::uint64_t errors = 0;
  double elapsed_seconds = 0;
};

struct EngineOptions {
  int list_workers = 4;    // concurrent LISTs
  int page_size = 500;     // items per LIST page (Velero's --client-page-size default)
  TarGzOptions archive;    // compression level and threads
  std::chrono::milliseconds progress_interval{1000};
  std::function<void(const BackupProgress&)> on_progress;  // every interval and at each phase change
  std::function<void(const std::string&)> on_log;          // each log line as it is written
  std::string location_name = "default";                   // spec.storageLocation when unset
  // Stops the run at the next page or list task: the backup ends Failed ("cancelled") and
  // nothing is left in the location.
  std::stop_token stop;
};

struct BackupOutcome {
  nlohmann::json backup;  // the velero.io/v1 Backup (as stored, when stored)
  std::string phase;
  bool stored = false;    // velero-backup.json was written
  BackupProgress progress;
};

// client may be null when no cluster connection could be configured; config_error then says why
// (the backup fails with it as the reason).
BackupOutcome run_backup(kube::KubeClient* client, storage::ObjectStore& store, BackupSpec spec,
                         const EngineOptions& options, const std::string& config_error = "");

}  // namespace coffer::backup
