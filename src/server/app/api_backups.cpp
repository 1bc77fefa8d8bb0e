// Backups: made from scratch or by a schedule, run by the job runner, browsed, downloaded and
// deleted (objects in the bucket first, then the catalog entry).
#include <ctime>

#include "backup/engine/backup_engine.h"
#include "backup/layout/velero_layout.h"
#include "backup/reader/backup_reader.h"
#include "backup/spec/backup_spec.h"
#include "common/rfc3339.h"
#include "server/app/body_reader.h"
#include "server/app/catalog_access.h"
#include "server/app/job_runner.h"
#include "server/app/list_params.h"
#include "server/app/record_json.h"
#include "server/app/scheduler.h"
#include "server/app/services.h"

namespace coffer::server {

using nlohmann::json;

namespace {

// "spec.ttl: ..." -> {"spec.ttl", "..."}
FieldError field_error(const std::string& message, const std::string& prefix = "") {
  auto colon = message.find(": ");
  if (colon == std::string::npos) return {prefix.empty() ? "spec" : prefix, message};
  return {prefix + message.substr(0, colon), message.substr(colon + 2)};
}

catalog::StorageLocation location_of(Services& s, const catalog::BackupRecord& rec) {
  return s.catalog.locations().require(rec.location);
}

std::unique_ptr<storage::ObjectStore> backup_store(Services& s, const std::string& name) {
  auto rec = s.catalog.backups().require(name);
  return open_location(s, location_of(s, rec));
}

// Velero's `backup create --from-schedule S`: the schedule's template, TTL, cluster and location,
// labelled with the schedule. A spec in the same request is a problem, not silently merged.
void apply_schedule(Services& s, const std::string& schedule, bool spec_given, BackupRequest& req) {
  std::vector<FieldError> errors;
  if (spec_given) errors.push_back({"spec", "a backup from a schedule uses the schedule's template; give one of them"});
  auto sch = s.catalog.schedules().get(schedule);
  if (!sch) errors.push_back({"schedule", "schedule \"" + schedule + "\" does not exist"});
  if (!errors.empty()) throw ApiError::invalid(errors);
  BackupRequest from = backup_request_of(*sch, std::chrono::system_clock::now());
  req.spec = from.spec;
  if (req.cluster.empty()) req.cluster = from.cluster;
  if (req.location.empty()) req.location = from.location;
  req.schedule = from.schedule;
  if (req.environments.empty()) req.environments = from.environments;
  req.labels.insert(from.labels.begin(), from.labels.end());
}


}  // namespace

BackupLookups catalog_lookups(Services& s) {
  return {[&s](const std::string& name) {
            return name.empty() ? s.catalog.locations().get_default() : s.catalog.locations().get(name);
          },
          [&s](const std::string& name) { return s.catalog.clusters().get(name).has_value(); },
          [&s](const std::string& cluster, bool production) { return environment_namespaces(s, cluster, production); }};
}

std::vector<std::string> environment_namespaces(Services& s, const std::string& cluster, bool production) {
  catalog::ListQuery q;
  q.filters = {{"cluster", cluster}, {"production", production ? "true" : "false"}};
  q.limit = 1000;
  std::vector<std::string> namespaces;
  for (const auto& e : s.catalog.environments().list(q).items) namespaces.push_back(e.namespace_name);
  return namespaces;
}

PreparedBackup prepare_backup(BackupRequest req, catalog::Time created, const BackupLookups& lookups) {
  std::vector<FieldError> errors;
  if (req.name.empty()) req.name = scheduled_backup_name(req.schedule.empty() ? "backup" : req.schedule, created);
  std::optional<catalog::StorageLocation> location = lookups.location(req.location);
  if (!location) {
    errors.push_back({"location", req.location.empty() ? "no location given and no default storage location is set"
                                                       : "storage location \"" + req.location + "\" does not exist"});
  } else if (location->access_mode == "ReadOnly") {
    errors.push_back({"location", "storage location \"" + location->name +
                                      "\" is read-only; back up into a ReadWrite location"});
  }
  if (req.cluster.empty()) errors.push_back({"cluster", "is required"});
  else if (!lookups.cluster_exists(req.cluster))
    errors.push_back({"cluster", "cluster \"" + req.cluster + "\" is not registered"});
  if (!req.environments.empty()) {
    if (req.environments != "production" && req.environments != "non-production")
      errors.push_back({"environments", "must be production or non-production, found \"" + req.environments + "\""});
    else if (!req.cluster.empty())
      req.spec["namespaceSet"] = lookups.environment_namespaces(req.cluster, req.environments == "production");
  }
  backup::BackupSpec spec;
  try {
    json metadata = {{"name", req.name}};
    if (!req.labels.empty()) metadata["labels"] = req.labels;
    spec = backup::spec_from_json(req.spec, metadata);
    if (location) spec.storage_location = location->name;
    for (const auto& e : backup::validate_spec(spec)) errors.push_back(field_error(e));
  } catch (const std::exception& e) {
    errors.push_back(field_error(e.what()));
  }
  if (!errors.empty()) throw ApiError::invalid(errors);

  PreparedBackup out;
  catalog::BackupRecord& rec = out.record;
  rec.name = req.name;
  rec.location = location->name;
  rec.cluster = req.cluster;
  rec.schedule = req.schedule;
  rec.created_by = req.created_by;
  rec.labels = spec.labels;
  rec.spec = backup::spec_to_json(spec);
  rec.created_at = created;
  const auto ttl = spec.ttl.count() > 0 ? std::chrono::duration_cast<std::chrono::system_clock::duration>(spec.ttl)
                                         : std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                               std::chrono::hours(720));
  rec.expires_at = created + ttl;
  out.job.kind = "backup";
  out.job.cluster = req.cluster;
  out.job.payload = {{"backup", rec.name}};
  return out;
}

catalog::BackupRecord queue_backup(Services& s, BackupRequest req) {
  PreparedBackup prepared = prepare_backup(std::move(req), std::chrono::system_clock::now(), catalog_lookups(s));
  s.catalog.transaction([&](catalog::Scope& tx) {
    prepared.record = tx.backups().create(prepared.record);
    tx.jobs().enqueue(prepared.job);
  });
  return prepared.record;
}

void queue_backup_deletion(Services& s, const std::string& name, const std::string& requested_by) {
  s.catalog.transaction([&](catalog::Scope& tx) {
    catalog::BackupRecord rec = tx.backups().require(name);
    if (rec.phase == "New" || rec.phase == "InProgress")
      throw ApiError::conflict("backup \"" + name + "\" is " + rec.phase + "; delete it once it has finished");
    if (rec.phase == "Deleting") return;  // already queued
    auto location = tx.locations().get(rec.location);
    if (location && location->access_mode == "ReadOnly")
      throw ApiError::conflict("backup \"" + name + "\" is in read-only storage location \"" + rec.location +
                               "\"; make the location ReadWrite to delete it");
    rec.phase = "Deleting";
    tx.backups().update(rec);
    catalog::Job job;
    job.kind = "delete-backup";
    job.payload = {{"backup", name}, {"requestedBy", requested_by}};
    tx.jobs().enqueue(job);
  });
}

void run_backup_job(Services& s, const catalog::Job& job, std::stop_token stop) {
  const std::string name = job.payload.at("backup").get<std::string>();
  catalog::BackupRecord rec = s.catalog.backups().require(name);
  auto fail = [&](const std::string& reason) {
    rec.phase = "Failed";
    rec.failure_reason = reason;
    rec.completed_at = std::chrono::system_clock::now();
    s.catalog.backups().update(rec);
  };
  std::unique_ptr<storage::ObjectStore> store;
  try {
    store = open_location(s, location_of(s, rec));
  } catch (const std::exception& e) {
    fail(std::string("cannot open storage location \"") + rec.location + "\": " + e.what());
    throw;
  }
  std::string config_error;
  std::unique_ptr<kube::KubeClient> client = engine_client(s.catalog, rec.cluster, s.secrets, config_error);
  rec.phase = "InProgress";
  rec.started_at = std::chrono::system_clock::now();
  s.catalog.backups().update(rec);

  backup::EngineOptions options;
  options.stop = stop;
  options.location_name = rec.location;
  options.on_progress = [&](const backup::BackupProgress& p) {
    try {
      rec.items_total = static_cast<std::int64_t>(p.total_items);
      rec.items_backed_up = static_cast<std::int64_t>(p.items_backed_up);
      rec.errors = static_cast<std::int64_t>(p.errors);
      rec.warnings = static_cast<std::int64_t>(p.warnings);
      rec.size_bytes = static_cast<std::int64_t>(p.bytes_written);
      if (!p.phase.empty() && p.phase != "New") rec.phase = p.phase;
      s.catalog.backups().update(rec);
    } catch (const std::exception& e) {
      if (s.log) s.log("backup " + name + ": progress not recorded: " + e.what());
    }
  };
  json metadata = {{"name", name}};
  if (!rec.labels.empty()) metadata["labels"] = rec.labels;
  backup::BackupSpec spec = backup::spec_from_json(rec.spec, metadata);
  backup::BackupOutcome outcome = backup::run_backup(client.get(), *store, spec, options, config_error);
  apply_backup_status(rec, outcome.backup);
  rec.phase = outcome.phase;
  if (outcome.stored) {
    if (auto info = store->head(backup::layout::tarball_key(name))) rec.size_bytes = static_cast<std::int64_t>(info->size);
  }
  if (!rec.completed_at) rec.completed_at = std::chrono::system_clock::now();
  s.catalog.backups().update(rec);
}

void run_delete_backup_job(Services& s, const catalog::Job& job) {
  const std::string name = job.payload.at("backup").get<std::string>();
  auto rec = s.catalog.backups().get(name);
  if (!rec) return;
  auto store = open_location(s, location_of(s, *rec));
  const std::size_t removed = backup::BackupReader::delete_backup(*store, name);
  s.catalog.backups().remove(name);
  s.audit(job.payload.value("requestedBy", "system"), "backups.deleted", "backups", name, "success",
          std::to_string(removed) + " objects removed from " + store->describe());
}

void add_backup_routes(Router& r, Services& s) {
  r.add("GET", "/api/v1/backups", Access::Read,
        [&s](RouteContext& c) {
          auto q = list_query(c.request.query_params());
          c.send_json(200, page_json(s.catalog.backups().list(q), q));
        },
        RouteDoc("List backups", "backups")
            .returns("BackupList")
            .with_query({"search", "sort", "limit", "offset", "cluster", "status", "createdBy", "schedule", "location"}));
  r.add("POST", "/api/v1/backups", Access::Write,
        [&s](RouteContext& c) {
          json body = c.json_body();
          BodyReader in(body);
          BackupRequest req;
          auto name = in.text("name");
          if (name && !name->empty()) req.name = in.name();
          req.cluster = in.text("cluster").value_or("");
          req.location = in.text("location").value_or("");
          auto spec = in.object("spec");
          req.spec = spec.value_or(json::object());
          req.labels = in.string_map("labels").value_or(std::map<std::string, std::string>{});
          auto schedule = in.text("schedule");
          req.environments = in.text("environments").value_or("");
          in.finish();
          if (schedule) apply_schedule(s, *schedule, spec.has_value(), req);
          req.created_by = c.principal->username;
          c.send_json(201, to_json(queue_backup(s, req)));
        },
        RouteDoc("Back up a cluster now (Velero Backup spec fields; environments: production | non-production; "
                 "schedule: from a schedule's template, as velero backup create --from-schedule)",
                 "backups")
            .body("BackupCreate")
            .returns("Backup", 201));
  r.add("GET", "/api/v1/backups/{name}", Access::Read,
        [&s](RouteContext& c) {
          auto rec = s.catalog.backups().require(c.param("name"));
          json out = to_json(rec);
          out["status"] = rec.status;
          c.send_json(200, out);
        },
        RouteDoc("Show a backup with its live progress", "backups").returns("Backup"));
  r.add("GET", "/api/v1/backups/{name}/logs", Access::Read,
        [&s](RouteContext& c) {
          auto store = backup_store(s, c.param("name"));
          backup::BackupReader reader(*store, c.param("name"));
          c.response.send(200, {{"Content-Type", "text/plain; charset=utf-8"}}, reader.logs());
        },
        RouteDoc("A finished backup's log", "backups"));
  r.add("GET", "/api/v1/backups/{name}/contents", Access::Read,
        [&s](RouteContext& c) {
          auto store = backup_store(s, c.param("name"));
          backup::BackupReader reader(*store, c.param("name"));
          c.send_json(200, {{"resources", reader.resource_list()}, {"counts", reader.item_counts()}});
        },
        RouteDoc("What a backup holds: resource list and item counts", "backups"));
  r.add("GET", "/api/v1/backups/{name}/items/{path...}", Access::Read,
        [&s](RouteContext& c) {
          auto parsed = backup::parse_item_path(c.param("path"));
          if (!parsed) throw ApiError(404, "NotFound", "\"" + c.param("path") + "\" is not an item path");
          auto store = backup_store(s, c.param("name"));
          backup::BackupReader reader(*store, c.param("name"));
          backup::ItemFilter f;
          f.group_resources = {parsed->group_resource};
          f.namespaces = {parsed->namespace_};
          f.names = {parsed->name};
          f.include_versioned_copies = !parsed->version_dir.empty();
          for (const auto& item : reader.items(f))
            if (item.path.version_dir == parsed->version_dir) {
              c.response.send(200, {{"Content-Type", "application/json"}}, item.json);
              return;
            }
          throw ApiError(404, "NotFound", "backup \"" + c.param("name") + "\" holds no item " + c.param("path"));
        },
        RouteDoc("One item of a backup, as stored", "backups"));
  r.add("GET", "/api/v1/backups/{name}/download", Access::Read,
        [&s](RouteContext& c) {
          auto store = backup_store(s, c.param("name"));
          auto in = store->open_read(backup::layout::tarball_key(c.param("name")));
          c.response.begin_stream(200, {{"Content-Type", "application/gzip"},
                                        {"Content-Disposition", "attachment; filename=\"" + c.param("name") + ".tar.gz\""}});
          std::string buf(1 << 20, '\0');
          for (;;) {
            std::size_t n = in->read(buf.data(), buf.size());
            if (n == 0 || !c.response.write(std::string_view(buf.data(), n))) break;
          }
          c.response.end_stream();
        },
        RouteDoc("Download a backup's tarball", "backups"));
  r.add("DELETE", "/api/v1/backups/{name}", Access::Write,
        [&s](RouteContext& c) {
          queue_backup_deletion(s, c.param("name"), c.principal->username);
          c.send_json(202, to_json(s.catalog.backups().require(c.param("name"))));
        },
        RouteDoc("Delete a backup: its objects in the bucket, then its catalog entry", "backups").returns("Backup", 202));
}

}  // namespace coffer::server
