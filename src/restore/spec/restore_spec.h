#pragma once

// RestoreSpec: what to restore and how -- every field of Velero's Restore spec
// (velero-format.md §5.1, devtron-feature-spec.md §3.11 / §8.3) with Velero's JSON names, plus
// Coffer's single-item selection `includedItems` ("deployments.apps/shop/web",
// "configmaps/shop/settings", "namespaces/shop" for a cluster-scoped item).
//
// validate_restore_spec() returns EVERY problem, each naming the field and the fix; a restore
// with validation errors writes nothing to the target cluster (FailedValidation).

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace coffer::restore {

struct ResourceModifierRef {
  std::string kind = "ConfigMap";  // Velero only supports ConfigMap (compared case-insensitively)
  std::string name;
  std::string namespace_;          // Coffer extension (JSON "namespace"); empty: "velero"
};

struct RestoreStatusSpec {
  std::vector<std::string> included_resources;
  std::vector<std::string> excluded_resources;
};

// One entry of includedItems: "<resource>[.<group>]/<namespace>/<name>" or, for a
// cluster-scoped item, "<resource>[.<group>]/<name>".
struct ItemRef {
  std::string group_resource;
  std::string namespace_;
  std::string name;
};

struct RestoreSpec {
  // metadata
  std::string name;
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string> annotations;

  std::string backup_name;    // exactly one of backup_name and schedule_name
  std::string schedule_name;  // the latest Completed backup of that schedule

  std::vector<std::string> included_namespaces;  // globs against the backup's namespaces; empty = "*"
  std::vector<std::string> excluded_namespaces;
  std::vector<std::string> included_resources;  // names as kubectl takes them; empty = "*"
  std::vector<std::string> excluded_resources;
  std::optional<bool> include_cluster_resources;
  std::map<std::string, std::string> namespace_mapping;  // source namespace -> target namespace

  std::optional<nlohmann::json> label_selector;
  std::vector<nlohmann::json> or_label_selectors;

  std::optional<bool> restore_pvs;
  std::optional<bool> preserve_node_ports;
  std::optional<RestoreStatusSpec> restore_status;
  std::string existing_resource_policy;  // "", "none" or "update"
  std::chrono::milliseconds item_operation_timeout{0};  // 0: default 4h
  std::optional<ResourceModifierRef> resource_modifier;
  nlohmann::json hooks;  // spec.hooks, verbatim (null: unset); recorded, not run yet
  std::optional<bool> write_sparse_files;        // uploaderConfig.writeSparseFiles (volume data)
  std::optional<int> parallel_files_download;    // uploaderConfig.parallelFilesDownload (volume data)

  std::vector<std::string> included_items;  // Coffer extension, see ItemRef
};

// Resources never restored (velero-format.md §5.2); naming one in includedResources is an error.
const std::vector<std::string>& never_restored_resources();

// Parses an includedItems entry; nullopt when it does not have 2 or 3 non-empty parts.
std::optional<ItemRef> parse_item_ref(const std::string& text);

std::vector<std::string> validate_restore_spec(const RestoreSpec& spec);

class RestoreSpecError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
// Velero JSON: .spec of a Restore plus metadata (name, labels, annotations). Unknown fields and
// wrong types throw RestoreSpecError listing every problem.
RestoreSpec restore_spec_from_json(const nlohmann::json& spec,
                                   const nlohmann::json& metadata = nlohmann::json::object());
nlohmann::json restore_spec_to_json(const RestoreSpec& spec);  // .spec only; omits unset fields

}  // namespace coffer::restore
