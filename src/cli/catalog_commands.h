#pragma once
// `coffer cluster`, `coffer env`, `coffer location` and `coffer snapshot-location` against the
// server saved by `coffer login` (docs/cli.md, "Catalog commands against the server"); `coffer
// location validate --location URL` stays standalone. The helpers below are shared with
// schedule_commands.cpp: every command group of the catalog lists, prints and deletes alike.
#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/server_client.h"

namespace coffer::cli {

void register_catalog_commands(CLI::App& app, int& exit_code);

// Every item of a list (collection: "/api/v1/clusters"), page after page until `total`. query:
// more list parameters, already escaped ("&cluster=prod&status=Completed").
nlohmann::json list_all(ServerClient& client, const std::string& collection, const std::string& query = "");

// How a kind of record is printed as a table row.
struct Columns {
  std::vector<std::string> headers;
  std::function<std::vector<std::string>(const nlohmann::json&)> row;
};
// `get [NAME...]`: the named records (each fetched; a missing one is an error) or all of them,
// as a table or (-o json|yaml) as the server's documents: one record alone, else {"items": [...]}.
int print_records(ServerClient& client, const std::string& collection, const std::vector<std::string>& names,
                  const std::string& output, const Columns& columns, const std::string& query = "");
// One record (describe NAME, or what a create/change answered): the document with -o json|yaml,
// else `describe` prints it for people.
void print_record(const nlohmann::json& record, const std::string& output,
                  const std::function<void(const nlohmann::json&)>& describe);

// Deleting needs --confirm, or a "y" typed on a terminal; false when the user declines.
bool confirm_deletion(bool confirmed, const std::string& what);
// "NAME" with the description, and --confirm, for the delete subcommands.
void add_delete_flags(CLI::App* cmd, std::vector<std::string>& names, bool& confirm, const char* what);

// The flags of the record commands: a name (or names), -o, --confirm.
struct RecordFlags {
  std::string name, output;
  std::vector<std::string> names;
  bool confirm = false;
};
// `get [NAME...]` and (when describe is given) `describe NAME [-o]` of one collection
// ("/api/v1/clusters").
void add_get_commands(CLI::App* group, int& exit_code, const std::string& collection, const Columns& columns,
                      std::function<void(const nlohmann::json&)> describe);
// `delete NAME... [--confirm]`: DELETE collection/NAME each, printing "<kind> "NAME" deleted.".
void add_delete_command(CLI::App* group, int& exit_code, const std::string& collection, const char* kind);

// A credential file as the API's credential {"mode": "sealed", "data": <the file's text>}.
nlohmann::json sealed_credential(const std::string& file);
// A record's "config" map as "k=v,k2=v2".
std::string config_text(const nlohmann::json& record);

// "Label:  value" lines, labels padded to `width`.
void print_field(const std::string& label, const std::string& value, std::size_t width = 22);

}  // namespace coffer::cli
