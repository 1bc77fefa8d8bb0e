#pragma once
// Backups and restores through `coffer server` (docs/cli.md, "Standalone or server"): the server
// side of `coffer backup ...` and `coffer restore ...`. A command is standalone when --location URL
// is given; otherwise it talks to the server saved by `coffer login`. Flag parsing stays in
// backup_commands.cpp / restore_commands.cpp and is shared by both modes; this file sends the
// requests, waits for jobs and prints what the server answers.
#include <map>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/cli_support.h"
#include "cli/server_client.h"

namespace coffer::cli {

// The server saved by `coffer login`; when there is none, an error telling to pass --location URL
// (standalone) or to log in.
ServerClient connect_for_command();

// Each of these flags given on the command line is a problem "--flag: <why>" in errors.
void reject_given_flags(const CLI::App* cmd, const std::vector<std::string>& flags, const std::string& why,
                        FlagErrors& errors);
// "Backup \"NAME\" FailedValidation:" and one "  - problem" line each, on stderr.
void print_failed_validation(const char* kind, const std::string& name, const std::vector<std::string>& problems);

// -o of a standalone command: json or the default; yaml is refused (it is printed by server mode only).
void check_standalone_output(const std::string& output);

// For a standalone read command: -o yaml and the given server-only flags are refused (throws).
void check_standalone_command(const CLI::App* cmd, const std::string& output, const std::vector<std::string>& server_flags);

// The mode rule: `standalone()` when --location was given (after check_standalone_command), else
// `remote()`, which talks to the server saved by `coffer login`.
template <typename Standalone, typename Remote>
int run_in_mode(const CLI::App* cmd, const std::string& location, const std::string& output,
                const std::vector<std::string>& server_flags, Standalone standalone, Remote remote) {
  if (location.empty()) return remote();
  check_standalone_command(cmd, output, server_flags);
  return standalone();
}

// 0 Completed, 2 PartiallyFailed, 1 otherwise (the exit status of create --wait, as standalone).
int phase_exit_code(const std::string& phase);

// ---- backups -------------------------------------------------------------------------------------
struct RemoteBackupCreate {
  std::string name;  // "" only with from_schedule
  std::string cluster, location, environments, from_schedule;
  nlohmann::json spec;  // Velero .spec; ignored with from_schedule
  std::map<std::string, std::string> labels;
  bool wait = false, progress = true;
  std::string output;  // "", table, json, yaml
};
int remote_backup_create(ServerClient& client, const RemoteBackupCreate& request);

struct RemoteList {
  std::vector<std::string> names;              // when given, these records only
  std::map<std::string, std::string> filters;  // list filters (cluster, status, schedule, backup ...); "" = unset
  std::string search, output;
};
int remote_backup_get(ServerClient& client, const RemoteList& list);
// The backup record as the server answers it (GET /api/v1/backups/NAME).
nlohmann::json remote_backup_record(ServerClient& client, const std::string& name);
// The record in a velero.io/v1 Backup's shape ({metadata, spec, status}) for the describe printer;
// live phase, progress and counts fill in what the Velero status does not hold yet.
nlohmann::json backup_record_as_velero(const nlohmann::json& record);
// {"resources": {"v1/Pod": ["ns/name", ...]}, "counts": {...}}
nlohmann::json remote_backup_contents(ServerClient& client, const std::string& name);
int remote_backup_logs(ServerClient& client, const std::string& name);
// The tarball into file (default NAME-data.tar.gz); an existing file only with force.
int remote_backup_download(ServerClient& client, const std::string& name, std::string file, bool force);
int remote_backup_delete(ServerClient& client, const std::vector<std::string>& names, bool wait);

// ---- restores ------------------------------------------------------------------------------------
struct RemoteRestoreCreate {
  std::string name;  // "" = the server names it
  std::string backup, schedule, cluster;
  nlohmann::json spec;  // Velero Restore .spec
  bool wait = false, progress = true;
  std::string output;
};
int remote_restore_create(ServerClient& client, const RemoteRestoreCreate& request);
// POST /api/v1/restores/preview: {"phase", "validationErrors", "summary", "items"}.
nlohmann::json remote_restore_preview(ServerClient& client, const RemoteRestoreCreate& request);
int remote_restore_get(ServerClient& client, const RemoteList& list);
nlohmann::json remote_restore_record(ServerClient& client, const std::string& name);
// The record with the live phase and progress merged into its Velero status.
nlohmann::json restore_record_as_velero(const nlohmann::json& record);
int remote_restore_logs(ServerClient& client, const std::string& name);
// `coffer backup cancel NAME` / `coffer restore cancel NAME` (collection "backups" or "restores";
// kind "backup" or "restore").
void add_cancel_command(CLI::App* group, int& exit_code, const std::string& collection, const std::string& kind);

}  // namespace coffer::cli
