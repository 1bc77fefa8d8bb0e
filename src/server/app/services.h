#pragma once
// What the API handlers share: the catalog, the server key, metrics, the clock and the log.
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "server/api/router.h"
#include "server/auth/secret_box.h"
#include "server/metrics/metrics.h"

namespace coffer::server {

struct Services {
  catalog::Catalog& catalog;
  auth::SecretBox& secrets;
  MetricsRegistry& metrics;
  std::function<void(const std::string&)> log;
  std::chrono::seconds session_ttl{std::chrono::hours(12)};

  // One audit row (who, what, which object, outcome); failures to write it are logged, never
  // hide the answer to the request.
  void audit(const std::string& actor, const std::string& action, const std::string& kind, const std::string& name,
             const std::string& outcome, const std::string& detail = "") const;
};

// A backup to make: what POST /api/v1/backups and a schedule's tick both produce.
struct BackupRequest {
  std::string name;                 // "" = <schedule>-YYYYMMDDhhmmss or backup-YYYYMMDDhhmmss
  std::string cluster;              // a registered cluster
  std::string location;             // "" = the default storage location
  nlohmann::json spec = nlohmann::json::object();  // Velero Backup .spec fields (backup/spec/backup_spec.h)
  std::string schedule;             // the schedule it runs for, "" when made by hand
  // "production" | "non-production": the spec's namespaces are the cluster's environments of
  // that kind (spec.namespaceSet), resolved when the backup is queued. "" = the spec's own.
  std::string environments;
  std::string created_by;
  std::map<std::string, std::string> labels;
};

// The catalog lookups a backup request is validated against. catalog_lookups() asks the catalog
// each time; the scheduler caches the answers for one pass.
struct BackupLookups {
  std::function<std::optional<catalog::StorageLocation>(const std::string&)> location;  // "" = the default
  std::function<bool(const std::string&)> cluster_exists;
  // The namespaces of a cluster's production (true) or non-production environments.
  std::function<std::vector<std::string>(const std::string& cluster, bool production)> environment_namespaces;
};
BackupLookups catalog_lookups(Services& services);
std::vector<std::string> environment_namespaces(Services& services, const std::string& cluster, bool production);

// A validated request: its BackupRecord (phase New, expiry from spec.ttl, default 720h) and job,
// ready to be written.
struct PreparedBackup {
  catalog::BackupRecord record;
  catalog::Job job;
};
// Validates the request (cluster, location, writable, the spec by backup::validate_spec; a
// missing name becomes <schedule>-YYYYMMDDhhmmss or backup-YYYYMMDDhhmmss). Throws ApiError
// listing every problem.
PreparedBackup prepare_backup(BackupRequest request, catalog::Time created, const BackupLookups& lookups);

// prepare_backup, then the record and its job in one transaction (a name already taken is a 409).
// Nothing is created when it throws.
catalog::BackupRecord queue_backup(Services& services, BackupRequest request);

// Queues the deletion of a backup: its objects in the bucket, then its catalog entry (phase
// Deleting meanwhile). Throws ApiError 409 when its location is read-only or it is still running.
void queue_backup_deletion(Services& services, const std::string& backup, const std::string& requested_by);

// Routes of each area, registered on the router.
void add_system_routes(Router& router, Services& services, std::function<bool()> ready);
void add_access_routes(Router& router, Services& services);
void add_infrastructure_routes(Router& router, Services& services);
void add_schedule_routes(Router& router, Services& services);  // api_schedules.cpp
void add_backup_routes(Router& router, Services& services);
void add_restore_routes(Router& router, Services& services);
void add_job_routes(Router& router, Services& services);  // api_jobs.cpp: cancellation
void add_overview_routes(Router& router, Services& services);

// The component schemas the routes' documentation refers to.
nlohmann::json api_schemas();

// The caller's identity from "Authorization: Bearer <token>" (API token or login session).
std::optional<Principal> authenticate(Services& services, const http::Request& request);

}  // namespace coffer::server
