#pragma once
// The catalog's records: plain structs, one per table. Times are UTC time points (stored as
// milliseconds); spec/status/template/payload blobs are JSON (stored as text). Secrets are never
// stored in the clear: kubeconfigs and credential data arrive sealed by the server key (another
// module does the crypto) and are kept as opaque strings.
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace coffer::catalog {

using Time = std::chrono::system_clock::time_point;
using Labels = std::map<std::string, std::string>;

struct Cluster {
  std::string name{};
  bool in_cluster = false;           // the server's own cluster, reached through its service account
  std::string server_url{};            // API server address, for display
  std::string kubeconfig_sealed{};     // sealed kubeconfig; empty when in_cluster
  std::string context{};               // kubeconfig context to use; empty = its current-context
  std::string health = "Unknown";    // Healthy | Unhealthy | Unknown
  std::string health_message{};
  std::optional<Time> health_checked_at{};
  std::vector<std::string> namespaces{};  // as last seen
  std::string created_by{};
  Time created_at{};                 // set by create when left empty
  Time updated_at{};                 // set by create and update
};

struct Environment {
  std::string name{};
  std::string cluster{};               // a Cluster's name; must exist
  std::string namespace_name{};
  bool production = false;
  std::string created_by{};
  Time created_at{};
  Time updated_at{};
};

// How a location reaches its object store or snapshot API.
struct Credential {
  std::string mode = "none";         // none | secret (an existing Secret) | sealed (new secret data)
  std::string secret_name{};           // mode secret
  std::string secret_key{};            // mode secret
  std::string secret_cluster{};        // mode secret: the registered cluster holding the Secret
  std::string secret_namespace{};      // mode secret: its namespace (default "velero")
  std::string sealed{};                // mode sealed: the sealed secret data
  bool operator==(const Credential&) const = default;
};

struct StorageLocation {
  std::string name{};
  std::string provider{};              // aws | azure | gcp | filesystem | ...
  std::string bucket{};
  std::string prefix{};
  std::map<std::string, std::string> config{};  // provider config pairs (region, s3Url, ...)
  std::string ca_cert{};               // PEM bundle, public
  Credential credential{};
  std::string access_mode = "ReadWrite";       // ReadWrite | ReadOnly
  std::int64_t sync_period_seconds = 60;
  std::int64_t validation_frequency_seconds = 60;
  bool is_default = false;           // at most one location is the default
  std::string phase = "Unknown";     // Available | Unavailable | Unknown
  std::string phase_message{};
  std::optional<Time> last_validated_at{};
  std::optional<Time> last_synced_at{};
  std::string created_by{};
  Time created_at{};
  Time updated_at{};
};

struct SnapshotLocation {
  std::string name{};
  std::string provider{};
  std::map<std::string, std::string> config{};
  Credential credential{};
  bool is_default = false;           // at most one default per provider
  std::string created_by{};
  Time created_at{};
  Time updated_at{};
};

// The phases a backup ends in; the others (New, InProgress, Velero's WaitingForPluginOperations,
// Finalizing, Deleting, ...) may still change.
inline bool is_finished_backup_phase(const std::string& phase) {
  return phase == "Completed" || phase == "PartiallyFailed" || phase == "Failed" || phase == "FailedValidation";
}

struct BackupRecord {
  std::string name{};
  std::string location{};              // storage location name
  std::string cluster{};
  std::string phase = "New";         // Velero's phases: New, InProgress, Completed, PartiallyFailed, Failed, Deleting, ...
  std::string schedule{};              // "" when created by hand
  std::string created_by{};
  Labels labels{};
  nlohmann::json spec = nlohmann::json::object();
  nlohmann::json status = nlohmann::json::object();
  Time created_at{};
  std::optional<Time> started_at{};
  std::optional<Time> completed_at{};
  std::optional<Time> expires_at{};
  std::int64_t items_total = 0;
  std::int64_t items_backed_up = 0;
  std::int64_t errors = 0;
  std::int64_t warnings = 0;
  std::int64_t size_bytes = 0;
  bool synced = false;               // found in object storage by sync rather than created here
  std::string failure_reason{};
  Time updated_at{};
};

struct Schedule {
  std::string name{};
  std::string cluster{};
  std::string location{};
  std::string cron{};                  // 5-field cron expression
  bool paused = false;
  bool skip_next = false;            // skip the next tick once, then reset
  std::int64_t ttl_seconds = 720 * 3600;
  nlohmann::json backup_template = nlohmann::json::object();  // the Backup spec each run uses
  std::string environments{};          // "" | production | non-production: each run's namespaces
  std::string last_backup{};           // name of the newest backup it made
  std::optional<Time> last_backup_at{};
  std::optional<Time> last_skipped_at{};
  std::string created_by{};
  Time created_at{};
  Time updated_at{};
};

struct RestoreRecord {
  std::string name{};
  std::string backup{};
  std::string cluster{};               // target cluster
  std::string phase = "New";
  std::string created_by{};
  nlohmann::json spec = nlohmann::json::object();
  nlohmann::json status = nlohmann::json::object();
  Time created_at{};
  std::optional<Time> started_at{};
  std::optional<Time> completed_at{};
  std::int64_t items_total = 0;
  std::int64_t items_restored = 0;
  std::int64_t errors = 0;
  std::int64_t warnings = 0;
  std::string failure_reason{};
  Time updated_at{};
};

struct User {
  std::string username{};
  std::string role = "viewer";       // super-admin | viewer
  std::string password_hash{};         // a password hash string (the auth module's format)
  bool disabled = false;
  std::optional<Time> last_login_at{};
  Time created_at{};
  Time updated_at{};
};

// An API token or a login session: the bearer secret itself is never stored, only its digest.
struct ApiToken {
  std::string id{};                    // set by create when empty
  std::string username{};
  std::string digest{};                // e.g. hex SHA-256 of the secret; unique
  std::string name{};
  std::string kind = "api";          // api | session
  Time created_at{};
  std::optional<Time> last_used_at{};
  std::optional<Time> expires_at{};
};

struct AuditEntry {
  std::string id{};                    // time-ordered; set by append
  Time at{};                         // set by append when empty
  std::string actor{};                 // username or "system"
  std::string action{};                // e.g. "backup.create"
  std::string object_kind{};
  std::string object_name{};
  std::string outcome = "success";   // success | denied | failure
  std::string detail{};
};

// A unit of work in the durable queue.
struct Job {
  std::string id{};                    // time-ordered; FIFO within the queue
  std::string kind{};                  // backup | restore | sync | validate | gc | ...
  nlohmann::json payload = nlohmann::json::object();
  std::string cluster{};               // "" when not tied to a cluster (no per-cluster limit)
  std::string state = "queued";      // queued | running | done | failed | cancelled
  std::int64_t attempts = 0;         // claims so far
  std::int64_t max_attempts = 3;     // a job lost to a crash is retried while attempts < max
  std::string lease_owner{};           // worker id while running
  std::optional<Time> lease_expires_at{};
  bool cancel_requested = false;
  std::string error{};                 // why it failed (or why it was retried)
  nlohmann::json result{};             // set by complete
  Time not_before{};                 // not claimed before this time
  Time created_at{};
  Time updated_at{};
};

}  // namespace coffer::catalog
