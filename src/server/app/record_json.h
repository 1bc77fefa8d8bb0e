#pragma once
// Catalog records as the REST API shows them: camelCase JSON, RFC 3339 times, and never a
// secret (kubeconfigs, sealed credentials, password hashes and token digests stay inside).
#include <nlohmann/json.hpp>

#include "catalog/list_query.h"
#include "catalog/records.h"

namespace coffer::server {

nlohmann::json to_json(const catalog::Cluster& c);
nlohmann::json to_json(const catalog::Environment& e);
nlohmann::json to_json(const catalog::StorageLocation& l);
nlohmann::json to_json(const catalog::SnapshotLocation& l);
nlohmann::json to_json(const catalog::User& u);
nlohmann::json to_json(const catalog::ApiToken& t);
nlohmann::json to_json(const catalog::AuditEntry& a);
nlohmann::json to_json(const catalog::Schedule& s);  // api_schedules.cpp: with description and nextRunAt
nlohmann::json to_json(const catalog::BackupRecord& b);
nlohmann::json to_json(const catalog::RestoreRecord& r);

std::string time_text(const catalog::Time& t);

// Copies what a velero.io/v1 Backup's status says (phase, times, expiration, progress, errors,
// warnings, failure reason or validation errors) into a catalog record; absent fields keep the
// record's values.
void apply_backup_status(catalog::BackupRecord& record, const nlohmann::json& backup);

// {"items": [...], "total": N, "limit": L, "offset": O}
template <typename Record>
nlohmann::json page_json(const catalog::Page<Record>& page, const catalog::ListQuery& q) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& r : page.items) items.push_back(to_json(r));
  return {{"items", items}, {"total", page.total}, {"limit", q.limit}, {"offset", q.offset}};
}

}  // namespace coffer::server
