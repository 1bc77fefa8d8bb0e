#pragma once

// BackupSpec: what to back up -- every resource-related field of Velero's Backup spec
// (velero-format.md §3.1, devtron-feature-spec.md §3.3 / §8.1) plus the metadata a backup gets.
// JSON uses Velero's field names, so spec_from_json(velero Backup .spec) and spec_to_json()
// round-trip with a velero.io/v1 Backup.
//
// validate_spec() returns EVERY problem (Velero's FailedValidation list), each naming the field
// and the fix, e.g.
//   "spec.includedNamespaces[1]: invalid glob \"prod-[\": missing ']'",
//   "spec.labelSelector and spec.orLabelSelectors: only one of them may be set",
//   "spec.includedResources: cannot be combined with spec.includedClusterScopedResources ... (old and new resource filters are exclusive)",
//   "spec.ttl: \"-1h0m0s\" is negative; use a duration such as 720h",
//   "metadata.name: \"Bad_Name\" is not a valid name: a lowercase RFC 1123 subdomain ...".

#include <chrono>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace coffer::backup {

struct ResourcePolicyRef {
  std::string kind = "configmap";  // Velero only supports configmap (compared case-insensitively)
  std::string name;
  std::string namespace_;          // our extension (JSON "namespace"); empty: "velero"
};

// includeExcludePolicy of a resource policy document (the part that filters resources).
struct IncludeExcludePolicy {
  std::vector<std::string> included_cluster_scoped_resources;
  std::vector<std::string> excluded_cluster_scoped_resources;
  std::vector<std::string> included_namespace_scoped_resources;
  std::vector<std::string> excluded_namespace_scoped_resources;
  bool empty() const;
};

struct BackupSpec {
  // metadata
  std::string name;
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string> annotations;

  // namespaces
  std::vector<std::string> included_namespaces;  // globs; empty means ["*"]
  std::vector<std::string> excluded_namespaces;  // globs
  // Explicit namespace set (how the control plane passes "all production environments"); when
  // set (even empty) only these namespaces are candidates, then the globs apply. JSON:
  // "namespaceSet" (Coffer extension, ignored by Velero).
  std::optional<std::vector<std::string>> namespace_set;

  // old resource filters
  // plural, plural.group, kind, singular or short name (case-insensitive), or "*"
  std::vector<std::string> included_resources;
  std::vector<std::string> excluded_resources;
  std::optional<bool> include_cluster_resources;

  // new scoped filters (exclusive with the old ones)
  std::vector<std::string> included_cluster_scoped_resources;
  std::vector<std::string> excluded_cluster_scoped_resources;
  std::vector<std::string> included_namespace_scoped_resources;
  std::vector<std::string> excluded_namespace_scoped_resources;

  // label selectors (metav1.LabelSelector JSON); only one of the two may be set
  std::optional<nlohmann::json> label_selector;
  std::vector<nlohmann::json> or_label_selectors;

  std::map<std::string, std::string> ordered_resources;  // resource -> "ns/name,ns/name" (or "name" if cluster-scoped)

  std::optional<ResourcePolicyRef> resource_policy;
  IncludeExcludePolicy include_exclude_policy;  // resolved policy (from the ConfigMap or inline YAML)

  std::chrono::milliseconds ttl{0};  // 0: default 720h (applied by apply_defaults)
  std::optional<bool> snapshot_volumes;
  std::optional<bool> default_volumes_to_fs_backup;
  std::optional<bool> snapshot_move_data;
  std::string datamover;  // "" or "velero"
  std::optional<int> parallel_files_upload;
  std::chrono::milliseconds csi_snapshot_timeout{0};    // 0: default 10m
  std::chrono::milliseconds item_operation_timeout{0};  // 0: default 4h
  std::string storage_location;
  std::vector<std::string> volume_snapshot_locations;

  // The remaining Velero spec fields, kept so a Velero Backup round-trips.
  std::map<std::string, std::string> template_labels;  // spec.metadata.labels
  nlohmann::json hooks;                                 // spec.hooks, verbatim (null: unset)
  std::string volume_group_snapshot_label_key;          // "": default velero.io/volume-group
  // spec.defaultVolumesToRestic (deprecated) is read as defaultVolumesToFsBackup=true, as Velero
  // remaps it, and never written.
};

// Fills Velero's defaults: ttl 720h, csiSnapshotTimeout 10m, itemOperationTimeout 4h,
// includedNamespaces ["*"] when empty, volumeGroupSnapshotLabelKey "velero.io/volume-group".
void apply_defaults(BackupSpec& spec);

// Every validation error (empty when valid). Checks: name (DNS-1123 subdomain, <= 253; also <= 63
// when used as a label value is NOT required), labels/annotations keys and values (and
// spec.metadata.labels), every glob, resource names non-empty, old/new filter exclusivity
// (including the policy's filters, which are the new kind), label selectors (parse with
// kube::LabelSelector::from_json) and their exclusivity, orderedResources values ("ns/name"
// pairs, valid names), durations >= 0, datamover in {"", "velero"} (Velero itself would hand any
// other value to a third-party data mover; Coffer has none), parallel_files_upload >= 0,
// resource_policy kind == configmap with a name, storageLocation / volumeSnapshotLocations names.
// Velero's own list checks are included (pkg/util/collections ValidateIncludesExcludes,
// ValidateScopedIncludesExcludes, ValidateNamespaceIncludesExcludes, resource-policy Validate):
//   - includes holding "*" must hold nothing else; an exclude may not repeat an include;
//   - excludedResources and excludedNamespaces may not hold "*"; a scoped exclude of "*" requires
//     an empty include list; the policy's lists may not hold "*" at all;
//   - namespace patterns (Velero 1.18): '*', '?', '[abc]', '[a-z]' only -- '{', '}', ',', '!',
//     '|', '(', ')' and "**" are refused -- and with the wildcards replaced by a letter the
//     pattern must be a valid namespace name (RFC 1123 label); "" is allowed.
std::vector<std::string> validate_spec(const BackupSpec& spec);

// Velero JSON (.spec of a Backup plus metadata name/labels/annotations taken from `metadata`; the
// other ObjectMeta fields are ignored, keys that are no ObjectMeta field are errors). Durations are Go duration strings ("720h0m0s"), read at
// millisecond precision. Unknown fields are an error listing the field (throws SpecError, whose
// message lists every problem found, separated by "; "); wrong types name the field and the
// expected type. JSON null counts as unset. Coffer extensions: "namespaceSet",
// resourcePolicy.namespace.
class SpecError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
BackupSpec spec_from_json(const nlohmann::json& spec, const nlohmann::json& metadata = nlohmann::json::object());
nlohmann::json spec_to_json(const BackupSpec& spec);  // the .spec object only; omits unset fields

// Parses a resource-policy YAML document ({version: v1, volumePolicies: [...],
// includeExcludePolicy: {...}}); only includeExcludePolicy is used here, volumePolicies are kept
// for the volume-data issue (only their shape and action.type are checked). Like Velero (strict
// YAML decoding, Policies.Validate): unknown fields, a version other than "v1", "*" in a list and
// an exclude that repeats an include are errors. Throws SpecError naming the field(s).
IncludeExcludePolicy parse_resource_policy_yaml(const std::string& yaml_text);

}  // namespace coffer::backup
