// Health, readiness, metrics and the OpenAPI document.
#include "server/api/openapi.h"
#include "server/app/services.h"

namespace coffer::server {

using nlohmann::json;

namespace {

json str() { return {{"type", "string"}}; }
json boolean() { return {{"type", "boolean"}}; }
json integer() { return {{"type", "integer"}}; }
json time_or_null() { return {{"type", "string"}, {"format", "date-time"}, {"nullable", true}}; }
json string_map() { return {{"type", "object"}, {"additionalProperties", {{"type", "string"}}}}; }
json object(json properties, std::vector<std::string> required = {}) {
  json o = {{"type", "object"}, {"properties", std::move(properties)}};
  if (!required.empty()) o["required"] = required;
  return o;
}
json list_of(const std::string& schema) {
  return object({{"items", {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/" + schema}}}}},
                 {"total", integer()},
                 {"limit", integer()},
                 {"offset", integer()}});
}

json credential_in() {
  return object({{"mode", {{"type", "string"}, {"enum", {"none", "sealed", "secret"}}}},
                 {"data", {{"type", "string"}, {"description", "the credential file's content (mode sealed); "
                                                              "stored encrypted, never returned"}}},
                 {"secretName", str()},
                 {"secretKey", str()},
                 {"cluster", {{"type", "string"}, {"description", "mode secret: the registered cluster holding the Secret"}}},
                 {"namespace", {{"type", "string"}, {"description", "mode secret: the Secret's namespace (default velero)"}}}},
                {"mode"});
}

}  // namespace

json api_schemas() {
  json credential_out = object(
      {{"mode", str()}, {"secretName", str()}, {"secretKey", str()}, {"cluster", str()}, {"namespace", str()}});
  return {
      {"Login", object({{"username", str()}, {"password", str()}}, {"username", "password"})},
      {"LoginResult", object({{"token", str()}, {"expiresAt", str()}, {"user", {{"$ref", "#/components/schemas/User"}}}})},
      {"Me", object({{"username", str()}, {"role", str()}, {"via", str()}})},
      {"User", object({{"username", str()}, {"role", {{"type", "string"}, {"enum", {"super-admin", "viewer"}}}},
                       {"disabled", boolean()}, {"lastLoginAt", time_or_null()}, {"createdAt", str()}})},
      {"UserList", list_of("User")},
      {"UserCreate", object({{"username", str()}, {"role", str()}, {"password", str()}}, {"username", "role", "password"})},
      {"UserUpdate", object({{"role", str()}, {"password", str()}, {"disabled", boolean()}})},
      {"Token", object({{"id", str()}, {"username", str()}, {"name", str()}, {"kind", str()}, {"createdAt", str()},
                        {"lastUsedAt", time_or_null()}, {"expiresAt", time_or_null()}})},
      {"TokenList", list_of("Token")},
      {"TokenCreate", object({{"name", str()}, {"expiresInSeconds", integer()}}, {"name"})},
      {"TokenCreated", object({{"id", str()}, {"name", str()}, {"token", {{"type", "string"},
                                                                       {"description", "shown once"}}}})},
      {"AuditEntry", object({{"id", str()}, {"at", str()}, {"actor", str()}, {"action", str()}, {"objectKind", str()},
                             {"objectName", str()}, {"outcome", str()}, {"detail", str()}})},
      {"AuditList", list_of("AuditEntry")},
      {"Cluster", object({{"name", str()}, {"inCluster", boolean()}, {"server", str()}, {"context", str()},
                          {"health", {{"type", "string"}, {"enum", {"Healthy", "Unhealthy", "Unknown"}}}},
                          {"healthMessage", str()}, {"healthCheckedAt", time_or_null()},
                          {"namespaces", {{"type", "array"}, {"items", str()}}}, {"createdBy", str()},
                          {"createdAt", str()}, {"updatedAt", str()}})},
      {"ClusterList", list_of("Cluster")},
      {"ClusterCreate", object({{"name", str()}, {"kubeconfig", {{"type", "string"}, {"description",
                                                                "kubeconfig YAML; stored encrypted, never returned"}}},
                                {"context", {{"type", "string"}, {"description", "the kubeconfig context to use "
                                                                             "(default: its current-context)"}}},
                                {"inCluster", boolean()}}, {"name"})},
      {"Environment", object({{"name", str()}, {"cluster", str()}, {"namespace", str()}, {"production", boolean()},
                              {"createdBy", str()}, {"createdAt", str()}, {"updatedAt", str()}})},
      {"EnvironmentList", list_of("Environment")},
      {"EnvironmentCreate", object({{"name", str()}, {"cluster", str()}, {"namespace", str()}, {"production", boolean()}},
                                   {"name", "cluster", "namespace"})},
      {"Location", object({{"name", str()}, {"provider", str()}, {"bucket", str()}, {"prefix", str()},
                           {"config", string_map()}, {"caCert", str()}, {"credential", credential_out},
                           {"accessMode", str()}, {"backupSyncPeriodSeconds", integer()},
                           {"validationFrequencySeconds", integer()}, {"default", boolean()},
                           {"phase", {{"type", "string"}, {"enum", {"Available", "Unavailable", "Unknown"}}}},
                           {"message", str()}, {"lastValidatedAt", time_or_null()}, {"lastSyncedAt", time_or_null()},
                           {"createdBy", str()}, {"createdAt", str()}, {"updatedAt", str()}})},
      {"LocationList", list_of("Location")},
      {"LocationCreate",
       object({{"name", str()},
               {"url", {{"type", "string"}, {"description", "file:///path, s3://bucket/prefix?region=..., "
                                                           "azure://container/prefix?account=..., gs://bucket/prefix"}}},
               {"provider", str()}, {"bucket", str()}, {"prefix", str()}, {"config", string_map()},
               {"caCert", str()}, {"credential", credential_in()},
               {"accessMode", {{"type", "string"}, {"enum", {"ReadWrite", "ReadOnly"}}}},
               {"backupSyncPeriodSeconds", integer()}, {"validationFrequencySeconds", integer()},
               {"default", boolean()}},
              {"name"})},
      {"SnapshotLocation", object({{"name", str()}, {"provider", str()}, {"config", string_map()},
                                   {"credential", credential_out}, {"default", boolean()}, {"createdBy", str()},
                                   {"createdAt", str()}, {"updatedAt", str()}})},
      {"SnapshotLocationList", list_of("SnapshotLocation")},
      {"SnapshotLocationCreate", object({{"name", str()}, {"provider", str()}, {"config", string_map()},
                                         {"credential", credential_in()}, {"default", boolean()}},
                                        {"name", "provider"})},
      // Schedules (api_schedules.cpp).
      {"Schedule", object({{"name", str()}, {"cluster", str()},
                           {"location", {{"type", "string"}, {"description", "\"\" = the default location at each run"}}},
                           {"schedule", {{"type", "string"}, {"description", "5-field cron (UTC) or @every/@hourly/..."}}},
                           {"description", {{"type", "string"}, {"description", "e.g. \"Every 6 hours\""}}},
                           {"paused", boolean()}, {"skipNext", boolean()},
                           {"ttl", {{"type", "string"}, {"description", "Go duration, e.g. 720h0m0s"}}},
                           {"template", {{"type", "object"}, {"description", "Velero Backup spec"}}},
                           {"environments", {{"type", "string"}, {"nullable", true},
                                             {"enum", {"production", "non-production"}},
                                             {"description", "each run backs up these environments' namespaces"}}},
                           {"nextRunAt", time_or_null()}, {"lastBackup", {{"type", "string"}, {"nullable", true}}},
                           {"lastBackupAt", time_or_null()}, {"lastSkippedAt", time_or_null()}, {"createdBy", str()},
                           {"createdAt", str()}, {"updatedAt", str()}})},
      {"ScheduleList", list_of("Schedule")},
      {"ScheduleCreate", object({{"name", str()}, {"cluster", str()}, {"location", str()}, {"schedule", str()},
                                 {"paused", boolean()}, {"ttl", str()},
                                 {"template", {{"type", "object"}, {"description", "Velero Backup spec"}}},
                                 {"environments", {{"type", "string"}, {"enum", {"production", "non-production"}}}},
                                 {"useOwnerReferencesInBackup", boolean()}},
                                {"name", "cluster", "schedule"})},
      {"ScheduleDeleted", object({{"name", str()}, {"deleting", {{"type", "array"}, {"items", str()}}},
                                  {"notDeleted", {{"type", "array"},
                                                  {"items", object({{"name", str()}, {"reason", str()}})}}}})},
      {"ScheduleTriggered", object({{"name", str()}, {"phase", str()}, {"schedule", str()}, {"location", str()},
                                    {"cluster", str()}})},
      {"CronDescription", object({{"expression", str()}, {"valid", boolean()}, {"description", str()},
                                  {"error", str()}, {"nextRuns", {{"type", "array"}, {"items", str()}}}})},
      {"Health", object({{"status", str()}})},
      {"Backup", object({{"name", str()}, {"location", str()}, {"cluster", str()},
                         {"phase", {{"type", "string"}, {"description", "New, InProgress, Completed, PartiallyFailed, "
                                                                       "Failed, FailedValidation, Deleting, Expired"}}},
                         {"schedule", str()}, {"createdBy", str()}, {"labels", string_map()},
                         {"spec", {{"type", "object"}}}, {"createdAt", str()}, {"startedAt", time_or_null()},
                         {"completedAt", time_or_null()}, {"expiresAt", time_or_null()},
                         {"progress", object({{"totalItems", integer()}, {"itemsBackedUp", integer()}})},
                         {"errors", integer()}, {"warnings", integer()}, {"sizeBytes", integer()},
                         {"synced", boolean()}, {"failureReason", str()}})},
      {"BackupList", list_of("Backup")},
      {"BackupCreate",
       object({{"name", str()},
               {"cluster", {{"type", "string"}, {"description", "required unless schedule names one"}}},
               {"location", str()},
               {"environments", {{"type", "string"}, {"enum", {"production", "non-production"}}}},
               {"spec", {{"type", "object"}, {"description", "Velero Backup .spec fields"}}},
               {"schedule", {{"type", "string"}, {"description", "back up with this schedule's template, TTL, cluster and "
                                                                "location instead of a spec (velero backup create "
                                                                "--from-schedule)"}}},
               {"labels", string_map()}})},
      {"Restore", object({{"name", str()}, {"backup", str()}, {"cluster", str()}, {"phase", str()},
                          {"createdBy", str()}, {"spec", {{"type", "object"}}}, {"createdAt", str()},
                          {"startedAt", time_or_null()}, {"completedAt", time_or_null()},
                          {"progress", object({{"totalItems", integer()}, {"itemsRestored", integer()}})},
                          {"errors", integer()}, {"warnings", integer()}, {"failureReason", str()}})},
      {"RestoreList", list_of("Restore")},
      {"Overview",
       object({{"cluster", str()}, {"backups", integer()}, {"restores", integer()}, {"schedules", integer()},
               {"pausedSchedules", integer()}, {"clustersWithSchedules", integer()},
               {"unavailableLocations", integer()},
               {"backupStatus", {{"type", "object"}, {"additionalProperties", integer()}}},
               {"restoreStatus", {{"type", "object"}, {"additionalProperties", integer()}}},
               {"successRateByCluster",
                {{"type", "array"},
                 {"items", object({{"cluster", str()}, {"completed", integer()}, {"finished", integer()},
                                   {"rate", {{"type", "number"}}}})}}}})},
      {"RestoreCreate", object({{"name", str()}, {"backup", str()}, {"schedule", str()}, {"cluster", str()},
                                {"spec", {{"type", "object"}, {"description", "Velero Restore .spec fields"}}}},
                               {"cluster"})},
      {"RestorePreview", object({{"phase", str()}, {"validationErrors", {{"type", "array"}, {"items", str()}}},
                                 {"summary", {{"type", "object"}, {"additionalProperties", integer()}}},
                                 {"items", {{"type", "array"}, {"items", {{"type", "object"}}}}}})},
  };
}

void add_system_routes(Router& r, Services& s, std::function<bool()> ready) {
  r.add("GET", "/healthz", Access::Public, [](RouteContext& c) { c.send_json(200, {{"status", "ok"}}); },
        RouteDoc("The process is up", "system").returns("Health"));
  r.add("GET", "/readyz", Access::Public,
        [&s, ready](RouteContext& c) {
          bool db_ok = true;
          std::string problem;
          try {
            s.catalog.executor().query("SELECT 1");
          } catch (const std::exception& e) {
            db_ok = false;
            problem = "catalog database: " + std::string(e.what());
          }
          if (db_ok && ready && !ready()) problem = "starting";
          if (!problem.empty()) throw ApiError(503, "NotReady", problem);
          c.send_json(200, {{"status", "ready"}});
        },
        RouteDoc("Ready to serve: the catalog answers", "system").returns("Health"));
  r.add("GET", "/metrics", Access::Public,
        [&s](RouteContext& c) {
          c.response.send(200, {{"Content-Type", "text/plain; version=0.0.4; charset=utf-8"}}, s.metrics.render());
        },
        RouteDoc("Prometheus metrics", "system"));
  r.add("GET", "/api/v1/openapi.json", Access::Public,
        [&r](RouteContext& c) { c.send_json(200, openapi_document(r, api_schemas(), "v1")); },
        RouteDoc("This API's OpenAPI 3 document", "system"));
}

}  // namespace coffer::server
