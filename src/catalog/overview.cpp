#include "catalog/overview.h"

namespace coffer::catalog {

Overview read_overview(db::Executor& ex, const std::string& cluster) {
  const std::string where = cluster.empty() ? "" : " WHERE cluster = $1";
  const db::Params params = cluster.empty() ? db::Params{} : db::Params{cluster};
  Overview o;
  std::map<std::string, ClusterSuccessRate> rates;
  for (const auto& row :
       ex.query("SELECT cluster, phase, COUNT(*) FROM backups" + where + " GROUP BY cluster, phase", params).rows) {
    const std::string name = row.text(0), phase = row.text(1);
    const std::int64_t n = row.i64(2);
    o.backups += n;
    o.backup_phases[phase] += n;
    if (!is_finished_backup_phase(phase)) continue;
    auto& rate = rates[name];
    rate.cluster = name;
    rate.finished += n;
    if (phase == "Completed") rate.completed += n;
  }
  for (auto& [name, rate] : rates) o.success_by_cluster.push_back(rate);
  for (const auto& row : ex.query("SELECT phase, COUNT(*) FROM restores" + where + " GROUP BY phase", params).rows) {
    o.restores += row.i64(1);
    o.restore_phases[row.text(0)] += row.i64(1);
  }
  auto s = ex.query("SELECT COUNT(*), COALESCE(SUM(paused), 0), COUNT(DISTINCT cluster) FROM schedules" + where, params);
  o.schedules = s.rows[0].i64(0);
  o.paused_schedules = s.rows[0].i64(1);
  o.clusters_with_schedules = s.rows[0].i64(2);
  o.unavailable_locations =
      ex.query("SELECT COUNT(*) FROM storage_locations WHERE phase = 'Unavailable'").rows[0].i64(0);
  return o;
}

}  // namespace coffer::catalog
