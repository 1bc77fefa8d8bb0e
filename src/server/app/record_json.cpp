#include "server/app/record_json.h"

#include "common/rfc3339.h"

namespace coffer::server {

using nlohmann::json;

std::string time_text(const catalog::Time& t) {
  return format_rfc3339(std::chrono::time_point_cast<std::chrono::system_clock::duration>(t));
}

namespace {
json opt_time(const std::optional<catalog::Time>& t) { return t ? json(time_text(*t)) : json(nullptr); }

json credential_json(const catalog::Credential& c) {
  json j = {{"mode", c.mode}};
  if (c.mode == "secret") {
    j["secretName"] = c.secret_name;
    j["secretKey"] = c.secret_key;
    j["cluster"] = c.secret_cluster;
    j["namespace"] = c.secret_namespace;
  }
  return j;  // mode "sealed": the data stays sealed in the catalog
}
}  // namespace

void apply_backup_status(catalog::BackupRecord& rec, const json& backup) {
  const json status = backup.is_object() ? backup.value("status", json::object()) : json::object();
  if (!status.is_object()) return;
  auto time_field = [&](const char* key) -> std::optional<catalog::Time> {
    if (!status.contains(key) || !status[key].is_string()) return std::nullopt;
    try {
      return parse_rfc3339(status[key].get<std::string>());
    } catch (const std::exception&) {
      return std::nullopt;
    }
  };
  auto integer = [](const json& obj, const char* key, std::int64_t fallback) {
    return obj.contains(key) && obj[key].is_number_integer() ? obj[key].get<std::int64_t>() : fallback;
  };
  auto text = [&](const char* key, const std::string& fallback) {
    return status.contains(key) && status[key].is_string() ? status[key].get<std::string>() : fallback;
  };
  rec.status = status;
  rec.phase = text("phase", rec.phase);
  if (auto t = time_field("startTimestamp")) rec.started_at = t;
  if (auto t = time_field("completionTimestamp")) rec.completed_at = t;
  if (auto t = time_field("expiration")) rec.expires_at = t;
  const json progress = status.contains("progress") && status["progress"].is_object() ? status["progress"] : json::object();
  rec.items_total = integer(progress, "totalItems", rec.items_total);
  rec.items_backed_up = integer(progress, "itemsBackedUp", rec.items_backed_up);
  rec.errors = integer(status, "errors", rec.errors);
  rec.warnings = integer(status, "warnings", rec.warnings);
  rec.failure_reason = text("failureReason", rec.failure_reason);
  if (rec.failure_reason.empty() && status.contains("validationErrors") && status["validationErrors"].is_array())
    for (const auto& e : status["validationErrors"])
      if (e.is_string()) rec.failure_reason += (rec.failure_reason.empty() ? "" : "; ") + e.get<std::string>();
}

json to_json(const catalog::Cluster& c) {
  return {{"name", c.name},
          {"inCluster", c.in_cluster},
          {"server", c.server_url},
          {"context", c.context},
          {"health", c.health},
          {"healthMessage", c.health_message},
          {"healthCheckedAt", opt_time(c.health_checked_at)},
          {"namespaces", c.namespaces},
          {"createdBy", c.created_by},
          {"createdAt", time_text(c.created_at)},
          {"updatedAt", time_text(c.updated_at)}};
}

json to_json(const catalog::Environment& e) {
  return {{"name", e.name},         {"cluster", e.cluster},
          {"namespace", e.namespace_name}, {"production", e.production},
          {"createdBy", e.created_by}, {"createdAt", time_text(e.created_at)},
          {"updatedAt", time_text(e.updated_at)}};
}

json to_json(const catalog::StorageLocation& l) {
  return {{"name", l.name},
          {"provider", l.provider},
          {"bucket", l.bucket},
          {"prefix", l.prefix},
          {"config", l.config},
          {"caCert", l.ca_cert},
          {"credential", credential_json(l.credential)},
          {"accessMode", l.access_mode},
          {"backupSyncPeriodSeconds", l.sync_period_seconds},
          {"validationFrequencySeconds", l.validation_frequency_seconds},
          {"default", l.is_default},
          {"phase", l.phase},
          {"message", l.phase_message},
          {"lastValidatedAt", opt_time(l.last_validated_at)},
          {"lastSyncedAt", opt_time(l.last_synced_at)},
          {"createdBy", l.created_by},
          {"createdAt", time_text(l.created_at)},
          {"updatedAt", time_text(l.updated_at)}};
}

json to_json(const catalog::SnapshotLocation& l) {
  return {{"name", l.name},         {"provider", l.provider},
          {"config", l.config},     {"credential", credential_json(l.credential)},
          {"default", l.is_default}, {"createdBy", l.created_by},
          {"createdAt", time_text(l.created_at)}, {"updatedAt", time_text(l.updated_at)}};
}

json to_json(const catalog::User& u) {
  return {{"username", u.username},
          {"role", u.role},
          {"disabled", u.disabled},
          {"lastLoginAt", opt_time(u.last_login_at)},
          {"createdAt", time_text(u.created_at)}};
}

json to_json(const catalog::ApiToken& t) {
  return {{"id", t.id},
          {"username", t.username},
          {"name", t.name},
          {"kind", t.kind},
          {"createdAt", time_text(t.created_at)},
          {"lastUsedAt", opt_time(t.last_used_at)},
          {"expiresAt", opt_time(t.expires_at)}};
}

json to_json(const catalog::AuditEntry& a) {
  return {{"id", a.id},
          {"at", time_text(a.at)},
          {"actor", a.actor},
          {"action", a.action},
          {"objectKind", a.object_kind},
          {"objectName", a.object_name},
          {"outcome", a.outcome},
          {"detail", a.detail}};
}

json to_json(const catalog::BackupRecord& b) {
  // "Expired": past its expiry and waiting for deletion (within a minute).
  std::string phase = b.phase;
  if (b.expires_at && *b.expires_at <= std::chrono::system_clock::now() && phase != "Deleting") phase = "Expired";
  return {{"name", b.name},
          {"location", b.location},
          {"cluster", b.cluster},
          {"phase", phase},
          {"schedule", b.schedule},
          {"createdBy", b.created_by},
          {"labels", b.labels},
          {"spec", b.spec},
          {"createdAt", time_text(b.created_at)},
          {"startedAt", opt_time(b.started_at)},
          {"completedAt", opt_time(b.completed_at)},
          {"expiresAt", opt_time(b.expires_at)},
          {"progress", {{"totalItems", b.items_total}, {"itemsBackedUp", b.items_backed_up}}},
          {"errors", b.errors},
          {"warnings", b.warnings},
          {"sizeBytes", b.size_bytes},
          {"synced", b.synced},
          {"failureReason", b.failure_reason}};
}

json to_json(const catalog::RestoreRecord& r) {
  return {{"name", r.name},
          {"backup", r.backup},
          {"cluster", r.cluster},
          {"phase", r.phase},
          {"createdBy", r.created_by},
          {"spec", r.spec},
          {"createdAt", time_text(r.created_at)},
          {"startedAt", opt_time(r.started_at)},
          {"completedAt", opt_time(r.completed_at)},
          {"progress", {{"totalItems", r.items_total}, {"itemsRestored", r.items_restored}}},
          {"errors", r.errors},
          {"warnings", r.warnings},
          {"failureReason", r.failure_reason}};
}

}  // namespace coffer::server
