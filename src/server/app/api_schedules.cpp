// Schedules: /api/v1/schedules (docs/schedules.md, "The server's scheduler").
#include "backup/spec/backup_spec.h"
#include "backup/spec/go_duration.h"
#include "schedule/cron/cron_schedule.h"
#include "server/app/body_reader.h"
#include "server/app/collection_routes.h"
#include "server/app/record_json.h"
#include "server/app/scheduler.h"
#include "server/app/services.h"

namespace coffer::server {

using nlohmann::json;

namespace {

json opt_time(const std::optional<catalog::Time>& t) { return t ? json(time_text(*t)) : json(nullptr); }

// "spec.includedNamespaces[1]: invalid glob ..." -> {"template.includedNamespaces[1]", "invalid glob ..."}
FieldError template_problem(const std::string& problem) {
  std::size_t colon = problem.find(": ");
  std::string field = colon == std::string::npos ? "" : problem.substr(0, colon);
  std::string message = colon == std::string::npos ? problem : problem.substr(colon + 2);
  if (field.rfind("spec.", 0) == 0) field = field.substr(5);
  else if (field == "spec") field.clear();
  if (field.find(' ') != std::string::npos) {  // not a field path: keep the whole text
    field.clear();
    message = problem;
  }
  return {field.empty() ? "template" : "template." + field, message};
}

std::vector<std::string> split_problems(const std::string& text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  for (;;) {
    std::size_t next = text.find("; ", pos);
    out.push_back(text.substr(pos, next == std::string::npos ? std::string::npos : next - pos));
    if (next == std::string::npos) break;
    pos = next + 2;
  }
  return out;
}

// The schedule a request body describes (POST: new; PUT: replaces the settings of `name`).
catalog::Schedule schedule_from(BodyReader& in, Services& s, const std::string& name) {
  catalog::Schedule sch;
  sch.name = name;
  sch.cluster = in.name("cluster");
  auto location = in.text("location");
  auto cron = in.text("schedule", true);
  sch.paused = in.boolean("paused").value_or(false);
  auto ttl = in.text("ttl");
  auto tmpl = in.object("template");
  sch.environments = in.text("environments").value_or("");
  if (!sch.environments.empty() && sch.environments != "production" && sch.environments != "non-production")
    in.problem("environments", "must be production or non-production, found \"" + sch.environments + "\"");
  in.boolean("useOwnerReferencesInBackup");  // Velero's field; Coffer makes no owner references

  if (cron) {
    try {
      sch.cron = schedule::CronSchedule::parse(*cron).expression();
    } catch (const schedule::CronError& e) {
      in.problem("schedule", e.what());
    }
  }
  if (!sch.cluster.empty() && !s.catalog.clusters().get(sch.cluster))
    in.problem("cluster", "no cluster named \"" + sch.cluster + "\"; register it first (POST /api/v1/clusters)");

  sch.backup_template = tmpl.value_or(json::object());
  if (tmpl) {
    try {
      backup::BackupSpec spec = backup::spec_from_json(*tmpl);
      spec.name = scheduled_backup_name(name, std::chrono::system_clock::now());
      for (const auto& p : backup::validate_spec(spec)) {
        FieldError f = template_problem(p);
        in.problem(f.field, f.message);
      }
    } catch (const backup::SpecError& e) {
      for (const auto& p : split_problems(e.what())) {
        FieldError f = template_problem(p);
        in.problem(f.field, f.message);
      }
    }
  }
  // The location: the field, else the template's storageLocation, else the default at each run.
  if (location) {
    sch.location = *location;
  } else if (sch.backup_template.contains("storageLocation") && sch.backup_template["storageLocation"].is_string()) {
    sch.location = sch.backup_template["storageLocation"].get<std::string>();
  }
  if (!sch.location.empty() && !s.catalog.locations().get(sch.location))
    in.problem(location ? "location" : "template.storageLocation",
               "no storage location named \"" + sch.location + "\"");

  // The TTL of its backups: the field, else the template's ttl, else 720h.
  std::optional<std::string> ttl_text = ttl;
  std::string ttl_field = "ttl";
  if (!ttl_text && sch.backup_template.contains("ttl") && sch.backup_template["ttl"].is_string()) {
    ttl_text = sch.backup_template["ttl"].get<std::string>();
    ttl_field = "template.ttl";
  }
  if (ttl_text) {
    try {
      auto d = backup::parse_go_duration(*ttl_text);
      if (d < std::chrono::seconds(1)) {
        in.problem(ttl_field, "\"" + *ttl_text + "\" is less than 1s; give a duration such as 720h");
      } else {
        sch.ttl_seconds = std::chrono::duration_cast<std::chrono::seconds>(d).count();
      }
    } catch (const backup::DurationError& e) {
      in.problem(ttl_field, std::string(e.what()) + "; give a Go duration such as 720h or 90m");
    }
  }
  return sch;
}

json schedule_json(const catalog::Schedule& sch) {
  json j = {{"name", sch.name},
            {"cluster", sch.cluster},
            {"location", sch.location},
            {"schedule", sch.cron},
            {"description", ""},
            {"paused", sch.paused},
            {"skipNext", sch.skip_next},
            {"ttl", backup::format_go_duration(std::chrono::seconds(sch.ttl_seconds))},
            {"template", sch.backup_template},
            {"environments", sch.environments.empty() ? json(nullptr) : json(sch.environments)},
            {"nextRunAt", nullptr},
            {"lastBackup", sch.last_backup.empty() ? json(nullptr) : json(sch.last_backup)},
            {"lastBackupAt", opt_time(sch.last_backup_at)},
            {"lastSkippedAt", opt_time(sch.last_skipped_at)},
            {"createdBy", sch.created_by},
            {"createdAt", time_text(sch.created_at)},
            {"updatedAt", time_text(sch.updated_at)}};
  if (auto cron = schedule::CronSchedule::try_parse(sch.cron)) {
    j["description"] = cron->describe();
    if (!sch.paused)
      if (auto tick = next_tick(sch, *cron)) j["nextRunAt"] = time_text(*tick);
  }
  return j;
}

bool query_flag(const std::map<std::string, std::string>& params, const std::string& name) {
  auto it = params.find(name);
  if (it == params.end()) return false;
  if (it->second == "true" || it->second.empty()) return true;
  if (it->second == "false") return false;
  throw ApiError::invalid({{name, "takes true or false, found \"" + it->second + "\""}});
}

const std::vector<std::string> kScheduleFilters = {"cluster", "location", "paused", "createdBy"};

}  // namespace

json to_json(const catalog::Schedule& sch) { return schedule_json(sch); }

void add_schedule_routes(Router& r, Services& s) {
  add_read_routes(r, s, &catalog::Scope::schedules,
                  {"schedules", "schedules", "schedules", "a schedule", "Schedule", kScheduleFilters});
  // What a cron expression means, for forms that show it in words as it is typed: the same parser
  // and wording the scheduler uses, and the next five runs (UTC).
  r.add("GET", "/api/v1/cron", Access::Read,
        [](RouteContext& c) {
          auto params = c.request.query_params();
          const std::string expression = params.count("expression") ? params["expression"] : "";
          std::string error;
          json out = {{"expression", expression}};
          auto cron = schedule::CronSchedule::try_parse(expression, &error);
          if (!cron) {
            out["valid"] = false;
            out["error"] = expression.empty() ? "enter a cron expression, e.g. \"0 2 * * *\" or @daily" : error;
            c.send_json(200, out);
            return;
          }
          out["valid"] = true;
          out["description"] = cron->describe();
          json runs = json::array();
          auto at = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
          for (int i = 0; i < 5; ++i) {
            auto next = cron->try_next(at);
            if (!next) break;
            runs.push_back(time_text(*next));
            at = *next;
          }
          out["nextRuns"] = runs;
          c.send_json(200, out);
        },
        RouteDoc("Describe a cron expression in words, with its next five runs", "schedules")
            .returns("CronDescription")
            .with_query({"expression"}));
  r.add("POST", "/api/v1/schedules", Access::Write,
        [&s](RouteContext& c) {
          json body = c.json_body();
          BodyReader in(body);
          std::string name = in.name();
          catalog::Schedule sch = schedule_from(in, s, name);
          in.finish();
          sch.created_by = c.principal->username;
          c.send_json(201, to_json(s.catalog.schedules().create(sch)));
        },
        RouteDoc("Create a schedule (cron or @every expression, Velero Backup template, TTL)", "schedules")
            .body("ScheduleCreate")
            .returns("Schedule", 201));
  r.add("PUT", "/api/v1/schedules/{name}", Access::Write,
        [&s](RouteContext& c) {
          json body = c.json_body();
          BodyReader in(body);
          if (auto n = in.text("name"); n && *n != c.param("name")) in.problem("name", "cannot be changed");
          catalog::Schedule fresh = schedule_from(in, s, c.param("name"));
          in.finish();
          c.send_json(200, to_json(s.catalog.schedules().update_definition(fresh)));
        },
        RouteDoc("Change a schedule (its runs so far are kept)", "schedules").body("ScheduleCreate").returns("Schedule"));
  r.add("DELETE", "/api/v1/schedules/{name}", Access::Write,
        [&s](RouteContext& c) {
          const std::string name = c.param("name");
          bool delete_backups = query_flag(c.request.query_params(), "deleteBackups");
          s.catalog.schedules().remove(name);
          if (!delete_backups) {
            c.send_json(200, {{"name", name}, {"deleting", json::array()}, {"notDeleted", json::array()}});
            return;
          }
          catalog::ListQuery q;
          q.filters["schedule"] = name;
          q.limit = 1000;
          json deleting = json::array(), not_deleted = json::array();
          for (;;) {
            auto page = s.catalog.backups().list(q);
            for (const auto& b : page.items) {
              if (b.phase == "Deleting") {
                deleting.push_back(b.name);
                continue;
              }
              try {
                queue_backup_deletion(s, b.name, c.principal->username);
                deleting.push_back(b.name);
              } catch (const std::exception& e) {
                not_deleted.push_back({{"name", b.name}, {"reason", e.what()}});
              }
            }
            q.offset += static_cast<std::int64_t>(page.items.size());
            if (page.items.empty() || q.offset >= page.total) break;
          }
          c.send_json(200, {{"name", name}, {"deleting", deleting}, {"notDeleted", not_deleted}});
        },
        RouteDoc("Delete a schedule; with ?deleteBackups=true also every backup it made", "schedules")
            .returns("ScheduleDeleted")
            .with_query({"deleteBackups"}));
  r.add("POST", "/api/v1/schedules/{name}/pause", Access::Write,
        [&s](RouteContext& c) {
          s.catalog.schedules().set_paused(c.param("name"), true);
          c.send_json(200, to_json(s.catalog.schedules().require(c.param("name"))));
        },
        RouteDoc("Pause a schedule: no backups until unpaused", "schedules").returns("Schedule"));
  r.add("POST", "/api/v1/schedules/{name}/unpause", Access::Write,
        [&s](RouteContext& c) {
          s.catalog.schedules().set_paused(c.param("name"), false);
          c.send_json(200, to_json(s.catalog.schedules().require(c.param("name"))));
        },
        RouteDoc("Unpause a schedule", "schedules").returns("Schedule"));
  r.add("POST", "/api/v1/schedules/{name}/skip", Access::Write,
        [&s](RouteContext& c) {
          s.catalog.schedules().set_skip_next(c.param("name"), true);
          c.send_json(200, to_json(s.catalog.schedules().require(c.param("name"))));
        },
        RouteDoc("Skip the schedule's next run (recorded as lastSkippedAt)", "schedules").returns("Schedule"));
  r.add("POST", "/api/v1/schedules/{name}/trigger", Access::Write,
        [&s](RouteContext& c) {
          catalog::Schedule sch = s.catalog.schedules().require(c.param("name"));
          auto now = std::chrono::system_clock::now();
          BackupRequest request = backup_request_of(sch, now);
          request.created_by = c.principal->username;
          catalog::BackupRecord record = queue_backup(s, request);
          s.catalog.schedules().record_backup(sch.name, record.name, now);
          c.send_json(201, {{"name", record.name},
                            {"phase", record.phase},
                            {"schedule", sch.name},
                            {"location", record.location},
                            {"cluster", record.cluster}});
        },
        RouteDoc("Run a schedule now: queue its backup <schedule>-YYYYMMDDhhmmss", "schedules")
            .returns("ScheduleTriggered", 201));
}

}  // namespace coffer::server
