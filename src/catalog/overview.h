#pragma once
// The figures of the Overview page (Devtron's "At a Glance" and "Backup & Restore Summary"),
// for all clusters or one, counted by the database in a few grouped queries.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "catalog/db/database.h"
#include "catalog/records.h"

namespace coffer::catalog {

struct ClusterSuccessRate {
  std::string cluster;
  std::int64_t completed = 0;  // backups Completed
  std::int64_t finished = 0;   // backups that ended: Completed, PartiallyFailed, Failed, FailedValidation
  double rate() const { return finished == 0 ? 0.0 : static_cast<double>(completed) / static_cast<double>(finished); }
};

struct Overview {
  std::int64_t backups = 0;                        // backups initiated (every backup in the catalog)
  std::int64_t restores = 0;                       // restores initiated
  std::int64_t schedules = 0;
  std::int64_t paused_schedules = 0;
  std::int64_t clusters_with_schedules = 0;
  std::int64_t unavailable_locations = 0;          // storage locations, whatever the cluster filter
  std::map<std::string, std::int64_t> backup_phases;   // phase -> count
  std::map<std::string, std::int64_t> restore_phases;
  std::vector<ClusterSuccessRate> success_by_cluster;  // clusters with at least one finished backup, by name
};

// cluster "" = every cluster.
Overview read_overview(db::Executor& ex, const std::string& cluster = "");

}  // namespace coffer::catalog
