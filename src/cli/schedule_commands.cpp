// `coffer schedule ...` against the server saved by `coffer login` (docs/cli.md, "Catalog commands
// against the server"; the API in docs/schedules.md).
#include "cli/schedule_commands.h"

#include <iostream>
#include <memory>
#include <sstream>

#include "backup/spec/backup_spec.h"
#include "cli/catalog_commands.h"
#include "cli/cli_support.h"
#include "cli/output_format.h"
#include "common/text.h"
#include "common/yaml_json.h"

namespace coffer::cli {
namespace {

using nlohmann::json;

constexpr const char* kSchedules = "/api/v1/schedules";

struct CreateFlags : BackupSpecFlags {
  std::string name, schedule, cluster, environments, output;
  bool paused = false, use_owner_references = false;
};

// The template: the spec flags as a Velero Backup .spec. The TTL and the location are the
// schedule's own fields; --labels label its backups (spec.metadata.labels, as Velero's template).
json template_from_flags(const CreateFlags& f, FlagErrors& errors) {
  backup::BackupSpec spec = spec_from_flags(f, errors);
  if (!f.annotations.empty()) errors.add("--annotations: a schedule's backup template holds no annotations");
  if (!f.resource_policies_file.empty())
    errors.add("--resource-policies-file: a schedule takes its policy from a ConfigMap; use --resource-policies-configmap");
  spec.ttl = std::chrono::milliseconds(0);
  spec.storage_location.clear();
  spec.template_labels = spec.labels;
  spec.labels.clear();
  return backup::spec_to_json(spec);
}

json create_body(const CreateFlags& f) {
  FlagErrors errors;
  json body = {{"name", f.name}, {"cluster", f.cluster}, {"schedule", f.schedule}};
  body["template"] = template_from_flags(f, errors);
  if (!f.storage_location.empty()) body["location"] = f.storage_location;
  if (!f.ttl.empty()) body["ttl"] = f.ttl;
  if (!f.environments.empty()) body["environments"] = f.environments;
  if (f.paused) body["paused"] = true;
  if (f.use_owner_references) body["useOwnerReferencesInBackup"] = true;
  if (!errors.list.empty()) throw std::runtime_error(join(errors.list, "\n  "));
  return body;
}

std::string status_of(const json& s) { return s.value("paused", false) ? "Paused" : "Enabled"; }

std::string location_of(const json& s) {
  std::string l = cell(s, "location");
  return l.empty() ? "<default at each run>" : l;
}

void describe_schedule(const json& s) {
  print_field("Name", cell(s, "name"));
  print_field("Status", status_of(s));
  print_field("Cluster", cell(s, "cluster"));
  print_field("Storage location", location_of(s));
  print_field("Schedule", cell(s, "schedule"));
  print_field("Description", cell(s, "description"));
  print_field("Paused", s.value("paused", false) ? "true" : "false");
  print_field("Next run", cell(s, "nextRunAt", s.value("paused", false) ? "<paused>" : "<never>"));
  print_field("Skip next run", s.value("skipNext", false) ? "true" : "false");
  print_field("TTL", cell(s, "ttl"));
  print_field("Last backup", cell(s, "lastBackup", "<never>") +
                                 (s.contains("lastBackupAt") && s["lastBackupAt"].is_string()
                                      ? " at " + s["lastBackupAt"].get<std::string>()
                                      : ""));
  print_field("Last skipped", cell(s, "lastSkippedAt", "<never>"));
  print_field("Created by", cell(s, "createdBy"));
  print_field("Created at", cell(s, "createdAt"));
  std::cout << "Backup template:\n";
  std::istringstream lines(to_yaml(s.value("template", json::object())));
  for (std::string line; std::getline(lines, line);) std::cout << "  " << line << "\n";
}

void print_created(const json& s) {
  std::cout << "Schedule \"" << cell(s, "name") << "\" created: " << cell(s, "description") << "; next run "
            << cell(s, "nextRunAt", s.value("paused", false) ? "<paused>" : "<never>") << ".\n";
}

int schedule_create(const CreateFlags& f) {
  json body = create_body(f);
  ServerClient client = connect_from_config();
  print_record(client.post(kSchedules, body), f.output, print_created);
  return 0;
}

// POST /api/v1/schedules/NAME/<action> for each name; `done` says what happened to one.
int act_on_each(const std::vector<std::string>& names, const std::string& action, const std::string& output,
                const std::function<void(const json&)>& done) {
  ServerClient client = connect_from_config();
  for (const auto& name : names)
    print_record(client.post(std::string(kSchedules) + "/" + name + "/" + action, json::object()), output, done);
  return 0;
}

void add_action_command(CLI::App* group, int& exit_code, const char* action, const char* help, bool many,
                        std::function<void(const json&)> done) {
  auto f = std::make_shared<RecordFlags>();
  auto* cmd = group->add_subcommand(action, help);
  if (many) {
    cmd->add_option("NAME", f->names, "schedule names")->required();
  } else {
    cmd->add_option("NAME", f->name, "schedule name")->required();
  }
  add_output_flag(cmd, f->output);
  cmd->callback([f, action, done, &exit_code] {
    exit_code = guarded([&] {
      return act_on_each(f->names.empty() ? std::vector<std::string>{f->name} : f->names, action, f->output, done);
    });
  });
}

struct DeleteFlags {
  std::vector<std::string> names;
  bool confirm = false, delete_backups = false;
};

// DELETE each schedule (with ?deleteBackups=true: its backups too); 1 when a backup could not be deleted.
int schedule_delete(const DeleteFlags& f) {
  const std::string what = "schedule " + join(f.names, ", ") + (f.delete_backups ? " and its backups" : "");
  if (!confirm_deletion(f.confirm, what)) return 1;
  ServerClient client = connect_from_config();
  int status = 0;
  for (const auto& name : f.names) {
    json gone = client.remove(std::string(kSchedules) + "/" + name + (f.delete_backups ? "?deleteBackups=true" : ""));
    std::cout << "Schedule \"" << name << "\" deleted.\n";
    auto deleting = json_strings(gone, "deleting");
    if (f.delete_backups)
      std::cout << "Deleting " << deleting.size() << " backup(s)" << (deleting.empty() ? "" : ": " + join(deleting, ", "))
                << "\n";
    for (const auto& kept : gone.value("notDeleted", json::array())) {
      std::cerr << "Backup \"" << cell(kept, "name") << "\" not deleted: " << cell(kept, "reason") << "\n";
      status = 1;
    }
  }
  return status;
}

void add_create_command(CLI::App* group, int& exit_code) {
  auto f = std::make_shared<CreateFlags>();
  auto* c = group->add_subcommand("create", "Create a schedule: a cron expression and a backup template");
  c->add_option("NAME", f->name, "schedule name")->required();
  c->add_option("--schedule", f->schedule, "cron expression (UTC) or descriptor, e.g. '0 */6 * * *', @daily, '@every 6h'")
      ->required();
  c->add_option("--cluster", f->cluster, "cluster to back up (see coffer cluster get)")->required();
  c->add_option("--environments", f->environments, "back up the cluster's production or non-production environments")
      ->check(CLI::IsMember({"production", "non-production"}));
  c->add_flag("--paused", f->paused, "create it paused");
  c->add_flag("--use-owner-references-in-backup", f->use_owner_references, "Velero's flag (accepted; no owner references)");
  add_backup_spec_flags(c, *f);
  add_output_flag(c, f->output);
  c->callback([f, &exit_code] { exit_code = guarded([&] { return schedule_create(*f); }); });
}

void add_delete_schedule_command(CLI::App* group, int& exit_code) {
  auto f = std::make_shared<DeleteFlags>();
  auto* d = group->add_subcommand("delete", "Delete schedules (with --delete-backups, every backup they made too)");
  add_delete_flags(d, f->names, f->confirm, "schedule names");
  d->add_flag("--delete-backups", f->delete_backups, "also delete every backup the schedule made");
  d->callback([f, &exit_code] { exit_code = guarded([&] { return schedule_delete(*f); }); });
}

}  // namespace

void register_schedule_commands(CLI::App& app, int& exit_code) {
  auto* group = app.add_subcommand("schedule", "Schedules of the server: backups made on a cron expression");
  group->require_subcommand(1);
  add_create_command(group, exit_code);
  Columns columns{{"NAME", "STATUS", "CLUSTER", "SCHEDULE", "DESCRIPTION", "LAST-BACKUP", "NEXT-RUN", "TTL", "PAUSED"},
                  [](const json& s) {
                    return std::vector<std::string>{cell(s, "name"), status_of(s), cell(s, "cluster"),
                                                    cell(s, "schedule"), cell(s, "description"),
                                                    cell(s, "lastBackupAt", "<never>"), cell(s, "nextRunAt", "<none>"),
                                                    cell(s, "ttl"), s.value("paused", false) ? "true" : "false"};
                  }};
  add_get_commands(group, exit_code, kSchedules, columns, describe_schedule);
  add_action_command(group, exit_code, "pause", "Pause schedules: no backups until unpaused", true, [](const json& s) {
    std::cout << "Schedule \"" << cell(s, "name") << "\" paused.\n";
  });
  add_action_command(group, exit_code, "unpause", "Unpause schedules", true, [](const json& s) {
    std::cout << "Schedule \"" << cell(s, "name") << "\" unpaused; next run " << cell(s, "nextRunAt", "<never>") << ".\n";
  });
  add_action_command(group, exit_code, "skip", "Skip a schedule's next run", false, [](const json& s) {
    std::cout << "Schedule \"" << cell(s, "name") << "\": the next run (" << cell(s, "nextRunAt", "<none>")
              << ") will be skipped.\n";
  });
  add_action_command(group, exit_code, "trigger", "Back up now with a schedule's settings; prints the backup's name",
                     false, [](const json& b) {
                       std::cout << "Backup \"" << cell(b, "name") << "\" queued from schedule \"" << cell(b, "schedule")
                                 << "\"; see coffer backup describe " << cell(b, "name") << "\n";
                     });
  add_delete_schedule_command(group, exit_code);
}

}  // namespace coffer::cli
