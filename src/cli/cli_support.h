#pragma once

// Flag parsing and printing shared by the coffer subcommands: problems are collected as
// "--flag: problem; fix" so bad input reports everything at once, as a FailedValidation does.

#include <chrono>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "backup/spec/backup_spec.h"
#include "kube/config/kubeconfig.h"
#include "storage/object_store.h"

namespace coffer::cli {

struct FlagErrors {
  std::vector<std::string> list;
  void add(const std::string& e) { list.push_back(e); }
};

std::optional<bool> parse_bool_flag(const std::string& flag, const std::string& v, FlagErrors& errors);
std::chrono::milliseconds parse_duration_flag(const std::string& flag, const std::string& v, FlagErrors& errors);
// key=value items
std::map<std::string, std::string> parse_pairs(const std::string& flag, const std::vector<std::string>& items,
                                               FlagErrors& errors);
// "a=b or c=d" -> two selectors (Velero's --or-selector).
std::vector<std::string> split_or(const std::string& text);
// A kubectl label selector ("app=web,tier in (a,b)") as a metav1.LabelSelector object.
nlohmann::json selector_json(const std::string& flag, const std::string& text, FlagErrors& errors);

std::string read_file_text(const std::string& path);
// --location URL -> store; throws with the fix when the URL is empty or malformed.
std::unique_ptr<storage::ObjectStore> open_store(const std::string& url);
// kubectl's order: --kubeconfig, KUBECONFIG, ~/.kube/config; inside a pod with none of them, the
// pod's service account (in-cluster config).
kube::RestConfig load_cluster_config(const std::string& kubeconfig, const std::string& context);

void print_list(std::ostream& out, const char* label, const std::vector<std::string>& v, const char* empty = "<none>");
std::vector<std::string> json_strings(const nlohmann::json& j, const char* key);
std::string str_or(const nlohmann::json& j, const char* key, const std::string& dflt);
// Velero's results file ({velero, cluster, namespaces}) as an indented list under `title`.
void print_results(std::ostream& out, const char* title, const nlohmann::json& r);

// NAME (when name is given; `what` names it: "backup name"), --location and -o/--output for
// the commands that read a location.
void add_location_read_flags(CLI::App* cmd, std::string* name, const char* what, std::string& location,
                             std::string& output);

// The flags that make a backup's spec (Velero's `backup create` and `schedule create` scope,
// metadata and volume flags), shared by `coffer backup create` and `coffer schedule create`.
struct BackupSpecFlags {
  std::vector<std::string> include_namespaces, exclude_namespaces, namespace_set;
  bool namespace_set_given = false;
  std::vector<std::string> include_resources, exclude_resources;
  std::string include_cluster_resources;
  std::vector<std::string> include_cluster_scoped, exclude_cluster_scoped, include_namespace_scoped, exclude_namespace_scoped;
  std::string selector, or_selector, ordered_resources, resource_policies_file;
  std::string resource_policies_configmap, resource_policies_namespace;
  std::string ttl, csi_snapshot_timeout, item_operation_timeout;
  std::vector<std::string> labels, annotations;
  std::string snapshot_volumes, default_volumes_to_fs_backup, snapshot_move_data;
  std::string data_mover;
  int parallel_files_upload = -1;
  std::string storage_location;
  std::vector<std::string> volume_snapshot_locations;
};
// Adds --include-namespaces ... --volume-snapshot-locations bound to `f` (which must outlive cmd).
void add_backup_spec_flags(CLI::App* cmd, BackupSpecFlags& f);
// The spec the flags describe (without a name); flag problems go to `errors`.
backup::BackupSpec spec_from_flags(const BackupSpecFlags& f, FlagErrors& errors);

// Runs a command body; an exception becomes "Error: <message>" on stderr and exit status 1.
template <typename F>
int guarded(F&& f) {
  try {
    return f();
  } catch (const std::exception& e) {
    std::cerr << "Error: " << e.what() << "\n";
  }
  return 1;
}

}  // namespace coffer::cli
