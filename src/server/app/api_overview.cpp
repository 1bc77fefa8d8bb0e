// GET /api/v1/overview[?cluster=NAME][&sort=rate-desc|rate-asc|name-asc|name-desc]: the
// Overview page's figures (devtron-feature-spec §3.1). The success rate of a cluster is its
// Completed backups over its finished ones (Completed, PartiallyFailed, Failed,
// FailedValidation); backups still running are not counted, expired ones have left the catalog.
#include <algorithm>

#include "catalog/overview.h"
#include "server/app/services.h"

namespace coffer::server {
namespace {

using nlohmann::json;

void sort_rates(std::vector<catalog::ClusterSuccessRate>& rates, const std::string& sort) {
  auto by_name = [](const auto& a, const auto& b) { return a.cluster < b.cluster; };
  if (sort == "name-asc") std::sort(rates.begin(), rates.end(), by_name);
  if (sort == "name-desc")
    std::sort(rates.begin(), rates.end(), [&](const auto& a, const auto& b) { return by_name(b, a); });
  if (sort == "rate-desc" || sort == "rate-asc") {
    const bool descending = sort == "rate-desc";
    std::stable_sort(rates.begin(), rates.end(), [&](const auto& a, const auto& b) {
      return descending ? a.rate() > b.rate() : a.rate() < b.rate();
    });
  }
}

json overview_json(const catalog::Overview& o, const std::string& cluster) {
  json rates = json::array();
  for (const auto& r : o.success_by_cluster)
    rates.push_back({{"cluster", r.cluster}, {"completed", r.completed}, {"finished", r.finished}, {"rate", r.rate()}});
  return {{"cluster", cluster.empty() ? json(nullptr) : json(cluster)},
          {"backups", o.backups},
          {"restores", o.restores},
          {"schedules", o.schedules},
          {"pausedSchedules", o.paused_schedules},
          {"clustersWithSchedules", o.clusters_with_schedules},
          {"unavailableLocations", o.unavailable_locations},
          {"backupStatus", o.backup_phases},
          {"restoreStatus", o.restore_phases},
          {"successRateByCluster", rates}};
}

}  // namespace

void add_overview_routes(Router& r, Services& s) {
  r.add("GET", "/api/v1/overview", Access::Read,
        [&s](RouteContext& c) {
          auto params = c.request.query_params();
          std::vector<FieldError> problems;
          const std::string cluster = params.count("cluster") ? params["cluster"] : "";
          const std::string sort = params.count("sort") ? params["sort"] : "rate-desc";
          for (const auto& [key, value] : params)
            if (key != "cluster" && key != "sort")
              problems.push_back({key, "is not a parameter of the overview; use cluster and sort"});
          if (sort != "rate-desc" && sort != "rate-asc" && sort != "name-asc" && sort != "name-desc")
            problems.push_back({"sort", "must be rate-desc, rate-asc, name-asc or name-desc"});
          if (!problems.empty()) throw ApiError::invalid(problems);
          if (!cluster.empty()) s.catalog.clusters().require(cluster);  // 404 names an unknown cluster
          catalog::Overview o = catalog::read_overview(s.catalog.executor(), cluster);
          sort_rates(o.success_by_cluster, sort);
          c.send_json(200, overview_json(o, cluster));
        },
        RouteDoc("Figures of the overview page, for every cluster or one", "overview").returns("Overview"));
}

}  // namespace coffer::server
