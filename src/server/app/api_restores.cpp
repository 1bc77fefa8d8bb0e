// Restores: into any registered cluster, previewed first if wanted, run by the job runner.
#include "backup/archive/tar_gz.h"
#include "backup/layout/velero_layout.h"
#include "backup/reader/backup_reader.h"
#include "common/rfc3339.h"
#include "restore/engine/restore_engine.h"
#include "restore/spec/restore_spec.h"
#include "server/app/body_reader.h"
#include "server/app/catalog_access.h"
#include "server/app/collection_routes.h"
#include "server/app/job_runner.h"
#include "server/app/record_json.h"
#include "server/app/services.h"

namespace coffer::server {

using nlohmann::json;

namespace {

struct PreparedRestore {
  restore::RestoreSpec spec;
  catalog::BackupRecord backup;
  catalog::Cluster cluster;
};

// Checks a restore request against the catalog and Velero's rules; every problem listed.
PreparedRestore prepare(Services& s, const json& body, const std::string& default_name) {
  BodyReader in(body);
  std::string name;
  if (auto n = in.text("name"); n && !n->empty()) name = in.name();
  else name = default_name;
  auto backup_name = in.text("backup");
  auto schedule_name = in.text("schedule");
  auto cluster_name = in.text("cluster", true);
  json spec_json = in.object("spec").value_or(json::object());
  in.finish();
  std::vector<FieldError> errors;
  PreparedRestore p;
  if (backup_name.has_value() == schedule_name.has_value())
    errors.push_back({"backup", "give the backup to restore, or a schedule whose latest Completed backup to restore"});
  if (schedule_name && !backup_name) {
    catalog::ListQuery q;
    q.filters = {{"schedule", *schedule_name}, {"status", "Completed"}};
    q.sort = "created_at";
    q.descending = true;
    q.limit = 1;
    auto latest = s.catalog.backups().list(q);
    if (latest.items.empty()) errors.push_back({"schedule", "schedule \"" + *schedule_name + "\" has no Completed backup"});
    else backup_name = latest.items.front().name;
  }
  if (backup_name) {
    if (auto b = s.catalog.backups().get(*backup_name)) {
      p.backup = *b;
      if (b->phase != "Completed" && b->phase != "PartiallyFailed")
        errors.push_back({"backup", "backup \"" + *backup_name + "\" is " + b->phase +
                                        "; only Completed or PartiallyFailed backups can be restored"});
    } else {
      errors.push_back({"backup", "backup \"" + *backup_name + "\" does not exist"});
    }
  }
  if (cluster_name) {
    if (auto c = s.catalog.clusters().get(*cluster_name)) p.cluster = *c;
    else errors.push_back({"cluster", "cluster \"" + *cluster_name + "\" is not registered"});
  }
  try {
    spec_json["backupName"] = backup_name.value_or("");
    spec_json.erase("scheduleName");
    p.spec = restore::restore_spec_from_json(spec_json, {{"name", name}});
    for (const auto& e : restore::validate_restore_spec(p.spec)) {
      auto colon = e.find(": ");
      if (colon == std::string::npos) errors.push_back({"spec", e});
      else errors.push_back({e.substr(0, colon), e.substr(colon + 2)});
    }
  } catch (const std::exception& e) {
    errors.push_back({"spec", e.what()});
  }
  if (!errors.empty()) throw ApiError::invalid(errors);
  return p;
}

std::string restore_name_now() { return "restore-" + format_utc(std::chrono::system_clock::now(), "%Y%m%d%H%M%S"); }

}  // namespace

void run_restore_job(Services& s, const catalog::Job& job, std::stop_token stop) {
  const std::string name = job.payload.at("restore").get<std::string>();
  catalog::RestoreRecord rec = s.catalog.restores().require(name);
  catalog::BackupRecord backup = s.catalog.backups().require(rec.backup);
  auto store = open_location(s, s.catalog.locations().require(backup.location));
  std::string config_error;
  std::unique_ptr<kube::KubeClient> client = engine_client(s.catalog, rec.cluster, s.secrets, config_error);
  rec.phase = "InProgress";
  rec.started_at = std::chrono::system_clock::now();
  s.catalog.restores().update(rec);
  restore::RestoreOptions options;
  options.stop = stop;
  options.on_progress = [&](const restore::RestoreProgress& p) {
    try {
      rec.items_total = static_cast<std::int64_t>(p.total_items);
      rec.items_restored = static_cast<std::int64_t>(p.items_restored);
      rec.errors = static_cast<std::int64_t>(p.errors);
      rec.warnings = static_cast<std::int64_t>(p.warnings);
      s.catalog.restores().update(rec);
    } catch (const std::exception& e) {
      if (s.log) s.log("restore " + name + ": progress not recorded: " + e.what());
    }
  };
  restore::RestoreSpec spec = restore::restore_spec_from_json(rec.spec, {{"name", name}});
  restore::RestoreOutcome outcome = restore::run_restore(client.get(), *store, spec, options, config_error);
  const json status = outcome.restore.value("status", json::object());
  rec.status = status;
  rec.phase = outcome.phase;
  rec.items_total = static_cast<std::int64_t>(outcome.progress.total_items);
  rec.items_restored = static_cast<std::int64_t>(outcome.progress.items_restored);
  rec.errors = static_cast<std::int64_t>(outcome.progress.errors);
  rec.warnings = static_cast<std::int64_t>(outcome.progress.warnings);
  rec.failure_reason = status.value("failureReason", "");
  for (const auto& e : outcome.validation_errors) rec.failure_reason += (rec.failure_reason.empty() ? "" : "; ") + e;
  rec.completed_at = std::chrono::system_clock::now();
  s.catalog.restores().update(rec);
}

void add_restore_routes(Router& r, Services& s) {
  add_read_routes(r, s, &catalog::Scope::restores,
                  {"restores", "restores", "restores", "a restore", "Restore", {"cluster", "status", "backup", "createdBy"}},
                  /*with_get=*/false);  // the detail adds the live status
  r.add("POST", "/api/v1/restores", Access::Write,
        [&s](RouteContext& c) {
          PreparedRestore p = prepare(s, c.json_body(), restore_name_now());
          catalog::RestoreRecord rec;
          rec.name = p.spec.name;
          rec.backup = p.backup.name;
          rec.cluster = p.cluster.name;
          rec.created_by = c.principal->username;
          rec.spec = restore::restore_spec_to_json(p.spec);
          catalog::Job job;
          job.kind = "restore";
          job.cluster = p.cluster.name;
          job.payload = {{"restore", rec.name}};
          s.catalog.transaction([&](catalog::Scope& tx) {
            rec = tx.restores().create(rec);
            tx.jobs().enqueue(job);
          });
          c.send_json(201, to_json(rec));
        },
        RouteDoc("Restore a backup into a registered cluster (Velero Restore spec fields)", "restores")
            .body("RestoreCreate")
            .returns("Restore", 201));
  r.add("POST", "/api/v1/restores/preview", Access::Read,
        [&s](RouteContext& c) {
          PreparedRestore p = prepare(s, c.json_body(), "preview");
          auto store = open_location(s, s.catalog.locations().require(p.backup.location));
          std::string config_error;
          std::unique_ptr<kube::KubeClient> client = engine_client(s.catalog, p.cluster.name, s.secrets, config_error);
          restore::RestoreOptions options;
          options.preview = true;
          auto outcome = restore::run_restore(client.get(), *store, p.spec, options, config_error);
          json summary = json::object();
          for (const auto& i : outcome.items) summary[i.action] = summary.value(i.action, 0) + 1;
          c.send_json(200, {{"phase", outcome.phase},
                            {"validationErrors", outcome.validation_errors},
                            {"summary", summary},
                            {"items", restore::item_outcomes_json(outcome.items)}});
        },
        RouteDoc("What a restore would do, item by item, without writing anything", "restores")
            .body("RestoreCreate")
            .returns("RestorePreview"));
  r.add("GET", "/api/v1/restores/{name}", Access::Read,
        [&s](RouteContext& c) {
          auto rec = s.catalog.restores().require(c.param("name"));
          json out = to_json(rec);
          out["status"] = rec.status;
          c.send_json(200, out);
        },
        RouteDoc("Show a restore with its live progress", "restores").returns("Restore"));
  r.add("GET", "/api/v1/restores/{name}/logs", Access::Read,
        [&s](RouteContext& c) {
          auto rec = s.catalog.restores().require(c.param("name"));
          auto source = s.catalog.backups().require(rec.backup);
          auto store = open_location(s, s.catalog.locations().require(source.location));
          c.response.send(200, {{"Content-Type", "text/plain; charset=utf-8"}},
                          backup::gzip_decompress(store->get(backup::layout::restore_key(rec.name, "-logs.gz"))));
        },
        RouteDoc("A finished restore's log", "restores"));
}

}  // namespace coffer::server
