// validate_spec(): every problem of a BackupSpec, each as "<field path>: <problem>; <fix>".

#include <algorithm>
#include <set>
#include <string_view>

#include "backup/spec/backup_spec.h"
#include "backup/spec/glob.h"
#include "backup/spec/go_duration.h"
#include "backup/spec/spec_checks.h"
#include "common/text.h"
#include "kube/labels/label_selector.h"
#include "kube/labels/label_validation.h"

namespace coffer::backup {
namespace {

using kube::go_quote;
using Errors = SpecErrors;

void check_namespace_lists(Errors& e, const BackupSpec& spec) {
  check_namespace_filters(e, spec.included_namespaces, spec.excluded_namespaces,
                          "remove it (to back up only cluster-scoped resources, exclude all namespace-scoped "
                          "resources instead)");
  if (spec.namespace_set) {
    for (std::size_t i = 0; i < spec.namespace_set->size(); ++i) {
      const std::string& ns = (*spec.namespace_set)[i];
      if (!is_dns1123_label(ns)) {
        e.add(indexed("spec.namespaceSet", i), go_quote(ns) + " is not a namespace name (the set holds names, not "
                                                              "patterns): " + kNamespaceNameRule);
      }
    }
  }
}



// collections.ValidateScopedIncludesExcludes for one scope.
void check_scoped_filter(Errors& e, const std::string& scope, const std::vector<std::string>& includes,
                         const std::vector<std::string>& excludes) {
  const std::string inc_path = "spec.included" + scope + "ScopedResources";
  const std::string exc_path = "spec.excluded" + scope + "ScopedResources";
  check_empty_entries(e, inc_path, includes);
  check_empty_entries(e, exc_path, excludes);
  if (distinct_count(includes) > 1 && contains(includes, "*")) {
    e.add(inc_path, "\"*\" must be the only entry (it already includes every resource); remove either \"*\" or "
                    "the other entries");
  }
  if (distinct_count(excludes) > 1 && contains(excludes, "*")) {
    e.add(exc_path, "\"*\" must be the only entry (it already excludes every resource); remove either \"*\" or "
                    "the other entries");
  }
  if (!includes.empty() && contains(excludes, "*")) {
    e.add(exc_path, "\"*\" excludes every resource, so " + inc_path + " must be empty; remove one of them");
  }
  check_overlap(e, inc_path, includes, exc_path, excludes);
}

// resourcepolicies IncludeExcludePolicy.Validate (the policy may come from code, not only YAML).
void check_policy(Errors& e, const IncludeExcludePolicy& policy) {
  const std::string base = "resourcePolicy.includeExcludePolicy.";
  struct List {
    const char* name;
    const std::vector<std::string>* items;
  };
  const List lists[] = {
      {"includedClusterScopedResources", &policy.included_cluster_scoped_resources},
      {"excludedClusterScopedResources", &policy.excluded_cluster_scoped_resources},
      {"includedNamespaceScopedResources", &policy.included_namespace_scoped_resources},
      {"excludedNamespaceScopedResources", &policy.excluded_namespace_scoped_resources},
  };
  for (const List& list : lists) {
    check_empty_entries(e, base + list.name, *list.items);
    for (std::size_t i = 0; i < list.items->size(); ++i) {
      if ((*list.items)[i] == "*") {
        e.add(indexed(base + list.name, i), "\"*\" is not allowed in a resource policy; name the resources, or use "
                                            "the backup's own scoped filters for \"*\"");
      }
    }
  }
  check_overlap(e, base + lists[0].name, *lists[0].items, base + lists[1].name, *lists[1].items);
  check_overlap(e, base + lists[2].name, *lists[2].items, base + lists[3].name, *lists[3].items);
}

void check_resource_filters(Errors& e, const BackupSpec& spec) {
  std::vector<std::string> old_used;
  if (!spec.included_resources.empty()) old_used.push_back("spec.includedResources");
  if (!spec.excluded_resources.empty()) old_used.push_back("spec.excludedResources");
  if (spec.include_cluster_resources) old_used.push_back("spec.includeClusterResources");
  std::vector<std::string> new_used;
  if (!spec.included_cluster_scoped_resources.empty()) new_used.push_back("spec.includedClusterScopedResources");
  if (!spec.excluded_cluster_scoped_resources.empty()) new_used.push_back("spec.excludedClusterScopedResources");
  if (!spec.included_namespace_scoped_resources.empty()) new_used.push_back("spec.includedNamespaceScopedResources");
  if (!spec.excluded_namespace_scoped_resources.empty()) new_used.push_back("spec.excludedNamespaceScopedResources");

  const std::string fix =
      " (old and new resource filters are exclusive); use either includedResources/excludedResources/"
      "includeClusterResources or the four *ScopedResources fields";
  if (!old_used.empty() && !new_used.empty()) {
    e.add(join(old_used, ", "), "cannot be combined with " + join(new_used, ", ") + fix);
  }
  if (!old_used.empty() && !spec.include_exclude_policy.empty()) {
    e.add("resourcePolicy.includeExcludePolicy",
          "cannot be combined with " + join(old_used, ", ") +
              " (a policy's include/exclude lists are new-style scoped filters); express the filter with the "
              "*ScopedResources fields, or drop includeExcludePolicy from the policy");
  }

  check_resource_filter_lists(e, spec.included_resources, spec.excluded_resources,
                              "name the resources to exclude (or use excludedNamespaceScopedResources: [\"*\"] "
                              "with the new scoped filters)");
  check_scoped_filter(e, "Cluster", spec.included_cluster_scoped_resources, spec.excluded_cluster_scoped_resources);
  check_scoped_filter(e, "Namespace", spec.included_namespace_scoped_resources,
                      spec.excluded_namespace_scoped_resources);
  check_policy(e, spec.include_exclude_policy);
}

bool has_space(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

void check_ordered_resources(Errors& e, const BackupSpec& spec) {
  const std::string base = "spec.orderedResources";
  const std::string format = "write \"namespace/name\" entries (\"name\" for cluster-scoped resources) separated by "
                             "commas without spaces, e.g. \"prod/web-0,prod/web-1\"";
  for (const auto& [resource, value] : spec.ordered_resources) {
    const std::string path = keyed(base, resource);
    if (trim(resource).empty() || has_space(resource)) {
      e.add(path, "invalid resource name; use the plural resource name, e.g. \"pods\" or \"persistentvolumes\"");
    }
    if (value.empty()) {
      e.add(path, "no items listed; " + format);
      continue;
    }
    std::vector<std::string> entries = split(value, ',');
    for (std::size_t i = 0; i < entries.size(); ++i) {
      const std::string& entry = entries[i];
      const std::string where = "item " + std::to_string(i + 1) + " " + go_quote(entry);
      if (entry.empty()) {
        e.add(path, where + " is empty; " + format);
        continue;
      }
      if (has_space(entry)) {
        e.add(path, where + " contains whitespace; " + format);
        continue;
      }
      std::vector<std::string> parts = split(entry, '/');
      if (parts.size() > 2) {
        e.add(path, where + " has more than one '/'; " + format);
        continue;
      }
      const std::string& name = parts.back();
      if (parts.size() == 2 && !is_dns1123_label(parts[0])) {
        e.add(path, where + " has an invalid namespace " + go_quote(parts[0]) + ": " + kNamespaceNameRule);
      }
      if (name.empty()) {
        e.add(path, where + " has an empty name; " + format);
      } else if (name == "." || name == ".." || name.find('%') != std::string::npos) {
        e.add(path, where + " has an invalid name " + go_quote(name) + " (a name may not be \".\", \"..\" or "
                                                                        "contain '%')");
      }
    }
  }
}

void check_volume_settings(Errors& e, const BackupSpec& spec) {
  check_duration(e, "spec.ttl", spec.ttl, "720h");
  check_duration(e, "spec.csiSnapshotTimeout", spec.csi_snapshot_timeout, "10m");
  check_duration(e, "spec.itemOperationTimeout", spec.item_operation_timeout, "4h");
  if (!spec.datamover.empty() && spec.datamover != "velero") {
    e.add("spec.datamover", go_quote(spec.datamover) + " is not supported; use \"\" or \"velero\" (the built-in data "
                                                       "mover; kopia is the uploader, not a data mover)");
  }
  if (spec.parallel_files_upload && *spec.parallel_files_upload < 0) {
    e.add("spec.uploaderConfig.parallelFilesUpload",
          std::to_string(*spec.parallel_files_upload) + " is negative; use a positive number of files, or leave it "
                                                         "unset to use one per CPU");
  }
  if (spec.resource_policy) {
    const ResourcePolicyRef& ref = *spec.resource_policy;
    if (to_lower(ref.kind) != "configmap") {
      e.add("spec.resourcePolicy.kind", go_quote(ref.kind) + " is not supported; resource policies live in a "
                                                            "ConfigMap, set kind to \"configmap\"");
    }
    if (ref.name.empty()) {
      e.add("spec.resourcePolicy.name", "required; name the ConfigMap that holds the resource policy");
    } else {
      check_object_name(e, "spec.resourcePolicy.name", ref.name, true, "ConfigMap");
    }
    if (!ref.namespace_.empty() && !is_dns1123_label(ref.namespace_)) {
      e.add("spec.resourcePolicy.namespace", go_quote(ref.namespace_) + " is not a namespace name: " + kNamespaceNameRule);
    }
  }
  check_object_name(e, "spec.storageLocation", spec.storage_location, false, "storage location");
  for (std::size_t i = 0; i < spec.volume_snapshot_locations.size(); ++i) {
    const std::string path = indexed("spec.volumeSnapshotLocations", i);
    if (spec.volume_snapshot_locations[i].empty()) {
      e.add(path, "empty name; remove the entry or name a VolumeSnapshotLocation");
    } else {
      check_object_name(e, path, spec.volume_snapshot_locations[i], true, "volume snapshot location");
    }
  }
  if (!spec.volume_group_snapshot_label_key.empty()) {
    for (const std::string& message : kube::qualified_name_errors(spec.volume_group_snapshot_label_key)) {
      e.add("spec.volumeGroupSnapshotLabelKey", "invalid label key " + go_quote(spec.volume_group_snapshot_label_key) +
                                                    ": " + message);
    }
  }
  if (!spec.hooks.is_null() && !spec.hooks.is_object()) {
    e.add("spec.hooks", "must be an object ({resources: [...]})");
  }
}

}  // namespace

std::vector<std::string> validate_spec(const BackupSpec& spec) {
  Errors e;
  check_object_name(e, "metadata.name", spec.name, true, "backup");
  check_labels(e, "metadata.labels", spec.labels);
  check_annotations(e, "metadata.annotations", spec.annotations);
  check_labels(e, "spec.metadata.labels", spec.template_labels);
  check_namespace_lists(e, spec);
  check_resource_filters(e, spec);
  check_label_selectors(e, spec.label_selector, spec.or_label_selectors);
  check_ordered_resources(e, spec);
  check_volume_settings(e, spec);
  return e.list;
}

}  // namespace coffer::backup
