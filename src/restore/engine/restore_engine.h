#pragma once

// The restore engine: brings a backup (Coffer's or Velero's, format 1.x) into a target cluster,
// or previews what that would do without writing anything (velero-format.md §5).
//
//   New -> (validation) FailedValidation | InProgress -> Completed | PartiallyFailed | Failed
//
// Validation (nothing is written to the cluster): the spec (validate_restore_spec), the backup
// (exists; phase Completed or PartiallyFailed; format version 1.x), the schedule's latest
// Completed backup, the restore name unused in the location, the resource modifiers ConfigMap,
// and contradictions between the mapping and the backup (restore_plan.h).
// Then, in plan order: CRDs are created and awaited until Established, discovery is refreshed;
// every target namespace is ensured (created from the backed-up Namespace object, or blank; a
// terminating one is waited for); then each tier's items are restored concurrently, at most
// `workers` requests in flight. Per item (item_transform.h): prepare, resource modifiers, restore
// labels, then create. When the object exists, the live one is compared without server-set fields:
// identical -> skipped; different -> skipped with a warning (policy none / unset), or merge-patched
// to the backed-up version (policy update; ServiceAccounts get their secrets and imagePullSecrets
// unioned, as Velero merges them). Status is written back through /status when restoreStatus asks.
//
// Preview runs the same decisions against the live target with reads and server-side dry-run
// creates only (dryRun=All: the API server validates, admission runs, nothing is stored): each
// item's verdict is what the restore would then do, with a unified diff for updates and for
// existing objects that differ.
//
// Results: the velero.io/v1 Restore object, per-item outcomes, and -- for a real restore -- under
// restores/<R>/ the log, results and resource list in Velero's formats plus restore-<R>.json.

#include <chrono>
#include <cstdint>
#include <functional>
#include <stop_token>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kube/client/kube_client.h"
#include "restore/spec/restore_spec.h"
#include "storage/object_store.h"

namespace coffer::restore {

struct RestoreProgress {
  std::string phase;
  std::uint64_t total_items = 0;
  std::uint64_t items_restored = 0;  // items with an outcome (created, updated, skipped or failed)
  std::uint64_t warnings = 0;
  std::uint64_t errors = 0;
  double elapsed_seconds = 0;
};

// What happened (or, in a preview, would happen) to one item.
struct ItemOutcome {
  std::string group_resource;
  std::string api_version;  // "apps/v1"
  std::string kind;
  std::string namespace_;   // target namespace ("" for cluster-scoped)
  std::string name;
  std::string action;       // "create", "update", "skip", "fail" (past tense in a restore's resource list)
  std::string reason;       // why skipped or failed; "identical" / "exists and differs" for existing objects
  std::string diff;         // unified diff live -> restored, for update and "exists and differs"
};

struct RestoreOptions {
  bool preview = false;
  int workers = 32;  // requests in flight per tier
  std::chrono::milliseconds progress_interval{1000};
  std::function<void(const RestoreProgress&)> on_progress;
  std::function<void(const std::string&)> on_log;
  std::chrono::milliseconds crd_ready_timeout{std::chrono::minutes(10)};   // Velero's --resource-timeout
  std::chrono::milliseconds terminating_namespace_timeout{std::chrono::minutes(10)};
  // How long a restore waits for the cluster to create the "default" ServiceAccount of a
  // namespace it created, before creating the backup's copy itself.
  std::chrono::milliseconds default_service_account_wait{std::chrono::seconds(5)};
  // Resource modifier rules given directly (YAML/JSON document or a ConfigMap manifest); when
  // empty, spec.resourceModifier names a ConfigMap read from the target cluster.
  std::string resource_modifiers_text;
  std::uint64_t max_item_bytes = 16u << 20;
  // Stops the run between items: items not yet restored are left alone and the restore ends
  // Failed ("cancelled"), with its results and log stored.
  std::stop_token stop;
};

struct RestoreOutcome {
  nlohmann::json restore;  // velero.io/v1 Restore with status
  std::string phase;
  std::vector<std::string> validation_errors;
  std::vector<ItemOutcome> items;  // every selected item, in restore order
  RestoreProgress progress;
  bool stored = false;  // restores/<R>/ written
};

// [{"action", "groupResource", "apiVersion", "kind", "namespace", "name", "reason"?, "diff"?}, ...]:
// how the CLI's -o json and the server's API show a restore's items.
nlohmann::json item_outcomes_json(const std::vector<ItemOutcome>& items);

// client may be null when no cluster connection could be configured; config_error then says why.
RestoreOutcome run_restore(kube::KubeClient* client, storage::ObjectStore& store, RestoreSpec spec,
                           const RestoreOptions& options, const std::string& config_error = "");

// The restore record of a finished (non-preview) restore: restores/<R>/restore-<R>.json.
// Throws storage::ObjectNotFound when there is none.
nlohmann::json read_restore_record(storage::ObjectStore& store, const std::string& name);

}  // namespace coffer::restore
