// Backups and restores through `coffer server` (see remote_jobs.h).
#include "cli/remote_jobs.h"

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <thread>

#include "cli/catalog_commands.h"
#include "cli/output_format.h"
#include "cli/progress_bar.h"
#include "common/text.h"
#include "net/curl_support.h"

namespace coffer::cli {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr auto kPollInterval = std::chrono::milliseconds(500);

std::string backup_path(const std::string& name) { return "/api/v1/backups/" + url_escape(name); }
std::string restore_path(const std::string& name) { return "/api/v1/restores/" + url_escape(name); }

bool job_finished(const std::string& phase) {
  return phase == "Completed" || phase == "PartiallyFailed" || phase == "Failed" || phase == "FailedValidation";
}

std::uint64_t count_of(const json& object, const char* key) {
  return object.is_object() && object.contains(key) && object[key].is_number_unsigned() ? object[key].get<std::uint64_t>() : 0;
}

// Polls path until the record's phase is final, drawing the progress bar from progress[done_key].
json wait_for_job(ServerClient& client, const std::string& path, const char* done_key, bool show_progress) {
  ProgressBar bar(stderr, show_progress);
  for (;;) {
    json record = client.get(path);
    const std::string phase = record.value("phase", "");
    const json progress = record.value("progress", json::object());
    bar.update(count_of(progress, done_key), count_of(progress, "totalItems"), phase);
    if (job_finished(phase)) {
      bar.finish();
      return record;
    }
    std::this_thread::sleep_for(kPollInterval);
  }
}

// The list parameters of `get` as a query string ("&cluster=prod&search=web").
std::string query_of(const RemoteList& list) {
  std::string query;
  for (const auto& [key, value] : list.filters)
    if (!value.empty()) query += "&" + key + "=" + url_escape(value);
  if (!list.search.empty()) query += "&search=" + url_escape(list.search);
  return query;
}


std::string counts_line(const json& record) {
  return "Warnings: " + cell(record, "warnings", "0") + "  Errors: " + cell(record, "errors", "0");
}

void print_failure_and_counts(const json& record, const std::string& describe_command) {
  const std::string reason = cell(record, "failureReason");
  if (!reason.empty()) std::cout << "Failure reason: " << reason << "\n";
  if (count_of(record, "warnings") || count_of(record, "errors"))
    std::cout << counts_line(record) << "  (" << describe_command << " --details)\n";
}

// Written beside the file, then renamed: an interrupted download leaves no half tarball under its name.
void write_file_atomically(const fs::path& file, const std::string& data) {
  const fs::path tmp = file.string() + ".part";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
    if (!out.flush()) throw std::runtime_error("cannot write " + tmp.string());
  }
  fs::rename(tmp, file);
}

// ---- tables --------------------------------------------------------------------------------------
const Columns kBackupColumns{
    {"NAME", "STATUS", "CLUSTER", "LOCATION", "SCHEDULE", "ITEMS", "ERRORS", "WARNINGS", "CREATED", "EXPIRES"},
    [](const json& b) -> std::vector<std::string> {
      return {cell(b, "name"), cell(b, "phase"), cell(b, "cluster"), cell(b, "location"), cell(b, "schedule"),
              cell(b.value("progress", json::object()), "itemsBackedUp", "0"), cell(b, "errors", "0"),
              cell(b, "warnings", "0"), cell(b, "createdAt"), cell(b, "expiresAt", "<never>")};
    }};

const Columns kRestoreColumns{
    {"NAME", "BACKUP", "CLUSTER", "STATUS", "ITEMS", "ERRORS", "WARNINGS", "CREATED", "COMPLETED"},
    [](const json& r) -> std::vector<std::string> {
      return {cell(r, "name"), cell(r, "backup"), cell(r, "cluster"), cell(r, "phase"),
              cell(r.value("progress", json::object()), "itemsRestored", "0"), cell(r, "errors", "0"),
              cell(r, "warnings", "0"), cell(r, "createdAt"), cell(r, "completedAt", "<n/a>")};
    }};

json backup_create_body(const RemoteBackupCreate& r) {
  json body = json::object();
  if (!r.name.empty()) body["name"] = r.name;
  if (!r.cluster.empty()) body["cluster"] = r.cluster;
  if (!r.location.empty()) body["location"] = r.location;
  if (!r.environments.empty()) body["environments"] = r.environments;
  if (!r.labels.empty()) body["labels"] = r.labels;
  if (r.from_schedule.empty()) body["spec"] = r.spec;
  else body["schedule"] = r.from_schedule;
  return body;
}

json restore_create_body(const RemoteRestoreCreate& r) {
  json body = {{"spec", r.spec}};
  if (!r.name.empty()) body["name"] = r.name;
  if (!r.cluster.empty()) body["cluster"] = r.cluster;
  if (!r.backup.empty()) body["backup"] = r.backup;
  if (!r.schedule.empty()) body["schedule"] = r.schedule;
  return body;
}

// The record's live state (phase, progress, counts) over the Velero status it may not hold yet.
json merged_status(const json& record, const char* done_key) {
  json status = record.value("status", json::object());
  if (!status.is_object()) status = json::object();
  status["phase"] = record.value("phase", "");
  json progress = status.value("progress", json::object());
  const json live = record.value("progress", json::object());
  for (const char* key : {"totalItems", done_key})
    if (!progress.contains(key) && live.contains(key)) progress[key] = live[key];
  status["progress"] = progress;
  for (const char* key : {"errors", "warnings"})
    if (!status.contains(key) && record.contains(key)) status[key] = record[key];
  if (!status.contains("failureReason") && !cell(record, "failureReason").empty()) status["failureReason"] = record["failureReason"];
  return status;
}

}  // namespace

ServerClient connect_for_command() {
  const fs::path path = client_config_path();
  auto config = load_client_config(path);
  if (!config || config->token.empty())
    throw std::runtime_error("no storage location and no coffer server: pass --location URL (standalone) or run "
                             "`coffer login --server URL --username NAME` (no session in " + path.string() + ")");
  return connect_from_config();
}

void reject_given_flags(const CLI::App* cmd, const std::vector<std::string>& flags, const std::string& why,
                        FlagErrors& errors) {
  for (const auto& flag : flags) {
    const CLI::Option* option = cmd->get_option_no_throw(flag);
    if (option != nullptr && option->count() > 0) errors.add(flag + ": " + why);
  }
}

void print_failed_validation(const char* kind, const std::string& name, const std::vector<std::string>& problems) {
  std::cerr << kind << " \"" << name << "\" FailedValidation:\n";
  for (const auto& p : problems) std::cerr << "  - " << p << "\n";
}

void check_standalone_output(const std::string& output) {
  if (output == "yaml") throw std::runtime_error("-o yaml: only against a server; standalone commands print -o json");
}

void check_standalone_command(const CLI::App* cmd, const std::string& output, const std::vector<std::string>& server_flags) {
  check_standalone_output(output);
  FlagErrors errors;
  reject_given_flags(cmd, server_flags, "only against a server (without --location)", errors);
  if (!errors.list.empty()) throw std::runtime_error(join(errors.list, "; "));
}

int phase_exit_code(const std::string& phase) {
  if (phase == "Completed") return 0;
  if (phase == "PartiallyFailed") return 2;
  return 1;
}

// What differs between following a backup and a restore.
struct JobKind {
  std::string collection;  // "backups"
  std::string title;       // "Backup"
  std::string command;     // "backup", as in `coffer backup describe`
  const char* done_key;    // the progress counter: "itemsBackedUp"
};
struct FollowOptions {
  bool wait = false, progress = true;
  std::string output;
};

// POSTs the request; without --wait prints how to follow it, with --wait follows it to its end
// with the progress bar and prints `<Title> "NAME" <Phase>: N<what>`; the exit status is the phase's.
int submit_and_follow(ServerClient& client, const JobKind& kind, const json& body, const std::string& requested_name,
                      const FollowOptions& follow, const std::function<std::string(const json&)>& what) {
  json created = client.post("/api/v1/" + kind.collection, body);
  const std::string name = created.value("name", requested_name);
  if (!follow.wait) {
    if (printed_as_document(created, follow.output)) return 0;
    std::cout << kind.title << " request \"" << name << "\" submitted successfully.\n"
              << "Run `coffer " << kind.command << " describe " << name << "` or `coffer " << kind.command << " logs "
              << name << "` for more details.\n";
    return 0;
  }
  const bool table = parse_output_format(follow.output) == OutputFormat::table;
  json done = wait_for_job(client, "/api/v1/" + kind.collection + "/" + url_escape(name), kind.done_key,
                           follow.progress && table);
  if (!printed_as_document(done, follow.output)) {
    std::cout << kind.title << " \"" << name << "\" " << cell(done, "phase") << ": "
              << ProgressBar::with_commas(count_of(done.value("progress", json::object()), kind.done_key)) << what(done)
              << "\n";
    print_failure_and_counts(done, "coffer " + kind.command + " describe " + name);
  }
  return phase_exit_code(cell(done, "phase"));
}

// ---- backups -------------------------------------------------------------------------------------
int remote_backup_create(ServerClient& client, const RemoteBackupCreate& request) {
  const JobKind kind{"backups", "Backup", "backup", "itemsBackedUp"};
  return submit_and_follow(client, kind, backup_create_body(request), request.name,
                           {request.wait, request.progress, request.output}, [](const json& done) {
                             return " items in storage location \"" + cell(done, "location") + "\"";
                           });
}

int remote_backup_get(ServerClient& client, const RemoteList& list) {
  return print_records(client, "/api/v1/backups", list.names, list.output, kBackupColumns, query_of(list));
}

json remote_backup_record(ServerClient& client, const std::string& name) { return client.get(backup_path(name)); }

json backup_record_as_velero(const json& record) {
  json metadata = {{"name", record.value("name", "")}, {"namespace", "velero"}};
  if (record.contains("labels") && record["labels"].is_object() && !record["labels"].empty())
    metadata["labels"] = record["labels"];
  json status = merged_status(record, "itemsBackedUp");
  if (!status.contains("expiration") && record.contains("expiresAt") && record["expiresAt"].is_string())
    status["expiration"] = record["expiresAt"];
  json spec = record.value("spec", json::object());
  if (spec.is_object() && !spec.contains("ttl")) spec["ttl"] = "720h0m0s";  // the server's default
  return {{"apiVersion", "velero.io/v1"}, {"kind", "Backup"}, {"metadata", metadata}, {"spec", spec}, {"status", status}};
}

json remote_backup_contents(ServerClient& client, const std::string& name) {
  return client.get(backup_path(name) + "/contents");
}

int remote_backup_logs(ServerClient& client, const std::string& name) {
  std::cout << client.get_bytes(backup_path(name) + "/logs");
  return 0;
}

int remote_backup_download(ServerClient& client, const std::string& name, std::string file, bool force) {
  if (file.empty()) file = name + "-data.tar.gz";
  if (fs::exists(file) && !force)  // before the transfer, not after it
    throw std::runtime_error(file + " exists; remove it, choose another with -f FILE, or pass --force");
  const std::string data = client.get_bytes(backup_path(name) + "/download");
  write_file_atomically(file, data);
  std::cout << "Backup \"" << name << "\" downloaded to " << fs::absolute(file).string() << " ("
            << ProgressBar::with_commas(data.size()) << " bytes)\n";
  return 0;
}

int remote_backup_delete(ServerClient& client, const std::vector<std::string>& names, bool wait) {
  for (const auto& name : names) {
    client.remove(backup_path(name));
    std::cout << "Request to delete backup \"" << name << "\" submitted successfully.\n";
  }
  if (!wait) {
    std::cout << "The backups are deleted in the background: the files in the storage location, then the catalog entry.\n";
    return 0;
  }
  for (const auto& name : names) {
    for (;;) {
      try {
        client.get(backup_path(name));
      } catch (const ServerError& e) {
        if (e.status() != 404) throw;
        break;
      }
      std::this_thread::sleep_for(kPollInterval);
    }
    std::cout << "Backup \"" << name << "\" deleted.\n";
  }
  return 0;
}

// ---- restores ------------------------------------------------------------------------------------
int remote_restore_create(ServerClient& client, const RemoteRestoreCreate& request) {
  const JobKind kind{"restores", "Restore", "restore", "itemsRestored"};
  return submit_and_follow(client, kind, restore_create_body(request), request.name,
                           {request.wait, request.progress, request.output}, [](const json& done) {
                             return " items restored from backup \"" + cell(done, "backup") + "\" into cluster \"" +
                                    cell(done, "cluster") + "\"";
                           });
}

json remote_restore_preview(ServerClient& client, const RemoteRestoreCreate& request) {
  return client.post("/api/v1/restores/preview", restore_create_body(request));
}

int remote_restore_get(ServerClient& client, const RemoteList& list) {
  return print_records(client, "/api/v1/restores", list.names, list.output, kRestoreColumns, query_of(list));
}

json remote_restore_record(ServerClient& client, const std::string& name) { return client.get(restore_path(name)); }

json restore_record_as_velero(const json& record) {
  json out = record;
  out["status"] = merged_status(record, "itemsRestored");
  return out;
}

int remote_restore_logs(ServerClient& client, const std::string& name) {
  std::cout << client.get_bytes(restore_path(name) + "/logs");
  return 0;
}

void add_cancel_command(CLI::App* group, int& exit_code, const std::string& collection, const std::string& kind) {
  auto name = std::make_shared<std::string>();
  auto* cmd = group->add_subcommand("cancel", "Cancel a New or InProgress " + kind + " (server)");
  cmd->add_option("NAME", *name, kind + " name")->required();
  cmd->callback([&exit_code, name, collection, kind] {
    exit_code = guarded([&] {
      ServerClient client = connect_for_command();
      json record = client.post("/api/v1/" + collection + "/" + url_escape(*name) + "/cancel", json::object());
      std::string title = kind;
      title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(title[0])));
      if (cell(record, "phase") == "Failed")
        std::cout << title << " \"" << *name << "\" cancelled before it started.\n";
      else
        std::cout << title << " \"" << *name << "\": cancellation requested; it stops within seconds and ends Failed.\n";
      return 0;
    });
  });
}

}  // namespace coffer::cli
