// BackupSpec JSON conversion, defaults and the resource-policy document. Validation is in
// backup_spec_validate.cpp.

#include <algorithm>
#include <array>
#include <limits>
#include <string_view>

#include "backup/spec/backup_spec.h"
#include "backup/spec/go_duration.h"
#include "backup/spec/spec_fields.h"
#include "common/text.h"
#include "common/yaml_json.h"
#include "kube/labels/label_validation.h"

namespace coffer::backup {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using Reader = SpecFieldReader;

std::string join_problems(const std::vector<std::string>& problems) { return join(problems, "; "); }

void put_strings(json& out, const char* key, const std::vector<std::string>& values) {
  if (!values.empty()) out[key] = values;
}

void put_map(json& out, const char* key, const std::map<std::string, std::string>& values) {
  if (!values.empty()) out[key] = values;
}

void put_duration(json& out, const char* key, milliseconds value) {
  if (value.count() != 0) out[key] = format_go_duration(value);
}

void put_bool(json& out, const char* key, const std::optional<bool>& value) {
  if (value) out[key] = *value;
}

}  // namespace

bool IncludeExcludePolicy::empty() const {
  return included_cluster_scoped_resources.empty() && excluded_cluster_scoped_resources.empty() &&
         included_namespace_scoped_resources.empty() && excluded_namespace_scoped_resources.empty();
}

void apply_defaults(BackupSpec& spec) {
  using namespace std::chrono_literals;
  if (spec.ttl.count() == 0) spec.ttl = 720h;
  if (spec.csi_snapshot_timeout.count() == 0) spec.csi_snapshot_timeout = 10min;
  if (spec.item_operation_timeout.count() == 0) spec.item_operation_timeout = 4h;
  if (spec.included_namespaces.empty()) spec.included_namespaces = {"*"};
  if (spec.volume_group_snapshot_label_key.empty()) spec.volume_group_snapshot_label_key = "velero.io/volume-group";
}

BackupSpec spec_from_json(const json& spec_json, const json& metadata) {
  std::vector<std::string> problems;
  Reader r(problems);
  BackupSpec spec;

  if (r.object(metadata, "metadata",
               {"name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation",
                "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "labels",
                "annotations", "ownerReferences", "finalizers", "managedFields"},
               "ObjectMeta")) {
    spec.name = r.string(metadata, "name", "metadata").value_or("");
    spec.labels = r.string_map(metadata, "labels", "metadata");
    spec.annotations = r.string_map(metadata, "annotations", "metadata");
  }

  const std::string path = "spec";
  if (!r.object(spec_json, path,
                {"metadata", "includedNamespaces", "excludedNamespaces", "includedResources",
                 "excludedResources", "includedClusterScopedResources", "excludedClusterScopedResources",
                 "includedNamespaceScopedResources", "excludedNamespaceScopedResources", "labelSelector",
                 "orLabelSelectors", "snapshotVolumes", "ttl", "volumeGroupSnapshotLabelKey",
                 "includeClusterResources", "hooks", "storageLocation", "volumeSnapshotLocations",
                 "defaultVolumesToRestic", "defaultVolumesToFsBackup", "orderedResources",
                 "csiSnapshotTimeout", "itemOperationTimeout", "resourcePolicy", "snapshotMoveData",
                 "datamover", "uploaderConfig", "namespaceSet"},
                "a Velero Backup spec")) {
    if (!problems.empty()) throw SpecError(join_problems(problems));
    return spec;
  }
  const json& s = spec_json;

  if (const json* m = Reader::member(s, "metadata"); m && r.object(*m, "spec.metadata", {"labels"}, "spec.metadata")) {
    spec.template_labels = r.string_map(*m, "labels", "spec.metadata");
  }
  spec.included_namespaces = r.strings(s, "includedNamespaces", path);
  spec.excluded_namespaces = r.strings(s, "excludedNamespaces", path);
  if (Reader::member(s, "namespaceSet")) spec.namespace_set = r.strings(s, "namespaceSet", path);
  spec.included_resources = r.strings(s, "includedResources", path);
  spec.excluded_resources = r.strings(s, "excludedResources", path);
  spec.include_cluster_resources = r.boolean(s, "includeClusterResources", path);
  spec.included_cluster_scoped_resources = r.strings(s, "includedClusterScopedResources", path);
  spec.excluded_cluster_scoped_resources = r.strings(s, "excludedClusterScopedResources", path);
  spec.included_namespace_scoped_resources = r.strings(s, "includedNamespaceScopedResources", path);
  spec.excluded_namespace_scoped_resources = r.strings(s, "excludedNamespaceScopedResources", path);

  if (const json* selector = Reader::member(s, "labelSelector")) {
    if (selector->is_object()) {
      spec.label_selector = *selector;
    } else {
      r.problem("spec.labelSelector", "expected a label selector object ({matchLabels, matchExpressions}), got " +
                                          json_type_name(*selector));
    }
  }
  if (const json* selectors = Reader::member(s, "orLabelSelectors")) {
    if (!selectors->is_array()) {
      r.problem("spec.orLabelSelectors", "expected an array of label selector objects, got " + json_type_name(*selectors));
    } else {
      for (std::size_t i = 0; i < selectors->size(); ++i) {
        const json& item = (*selectors)[i];
        if (!item.is_object()) {
          r.problem("spec.orLabelSelectors[" + std::to_string(i) + "]",
                    "expected a label selector object, got " + json_type_name(item));
          continue;
        }
        spec.or_label_selectors.push_back(item);
      }
    }
  }

  spec.ordered_resources = r.string_map(s, "orderedResources", path);

  if (const json* ref = Reader::member(s, "resourcePolicy");
      ref && r.object(*ref, "spec.resourcePolicy", {"apiGroup", "kind", "name", "namespace"},
                      "a TypedLocalObjectReference")) {
    ResourcePolicyRef policy;
    policy.kind = r.string(*ref, "kind", "spec.resourcePolicy").value_or("");
    policy.name = r.string(*ref, "name", "spec.resourcePolicy").value_or("");
    policy.namespace_ = r.string(*ref, "namespace", "spec.resourcePolicy").value_or("");
    if (auto group = r.string(*ref, "apiGroup", "spec.resourcePolicy"); group && !group->empty()) {
      r.problem("spec.resourcePolicy.apiGroup",
                kube::go_quote(*group) + " is not the core group; a ConfigMap has no apiGroup, remove it");
    }
    spec.resource_policy = policy;
  }

  spec.ttl = r.duration(s, "ttl", path);
  spec.snapshot_volumes = r.boolean(s, "snapshotVolumes", path);
  spec.default_volumes_to_fs_backup = r.boolean(s, "defaultVolumesToFsBackup", path);
  if (r.boolean(s, "defaultVolumesToRestic", path).value_or(false)) spec.default_volumes_to_fs_backup = true;
  spec.snapshot_move_data = r.boolean(s, "snapshotMoveData", path);
  spec.datamover = r.string(s, "datamover", path).value_or("");
  if (const json* uploader = Reader::member(s, "uploaderConfig");
      uploader && r.object(*uploader, "spec.uploaderConfig", {"parallelFilesUpload"}, "spec.uploaderConfig")) {
    // Velero's field is a plain int with omitempty: 0 and absent are the same.
    std::optional<int> parallel = r.integer(*uploader, "parallelFilesUpload", "spec.uploaderConfig");
    if (parallel && *parallel != 0) spec.parallel_files_upload = parallel;
  }
  spec.csi_snapshot_timeout = r.duration(s, "csiSnapshotTimeout", path);
  spec.item_operation_timeout = r.duration(s, "itemOperationTimeout", path);
  spec.storage_location = r.string(s, "storageLocation", path).value_or("");
  spec.volume_snapshot_locations = r.strings(s, "volumeSnapshotLocations", path);
  spec.volume_group_snapshot_label_key = r.string(s, "volumeGroupSnapshotLabelKey", path).value_or("");
  if (const json* hooks = Reader::member(s, "hooks")) {
    if (hooks->is_object()) {
      if (!hooks->empty()) spec.hooks = *hooks;  // Velero always writes "hooks": {}
    } else {
      r.problem("spec.hooks", "expected an object ({resources: [...]}), got " + json_type_name(*hooks));
    }
  }

  if (!problems.empty()) throw SpecError(join_problems(problems));
  return spec;
}

json spec_to_json(const BackupSpec& spec) {
  json out = json::object();
  if (!spec.template_labels.empty()) out["metadata"] = json{{"labels", spec.template_labels}};
  put_strings(out, "includedNamespaces", spec.included_namespaces);
  put_strings(out, "excludedNamespaces", spec.excluded_namespaces);
  if (spec.namespace_set) out["namespaceSet"] = *spec.namespace_set;
  put_strings(out, "includedResources", spec.included_resources);
  put_strings(out, "excludedResources", spec.excluded_resources);
  put_strings(out, "includedClusterScopedResources", spec.included_cluster_scoped_resources);
  put_strings(out, "excludedClusterScopedResources", spec.excluded_cluster_scoped_resources);
  put_strings(out, "includedNamespaceScopedResources", spec.included_namespace_scoped_resources);
  put_strings(out, "excludedNamespaceScopedResources", spec.excluded_namespace_scoped_resources);
  if (spec.label_selector && !spec.label_selector->is_null()) out["labelSelector"] = *spec.label_selector;
  if (!spec.or_label_selectors.empty()) out["orLabelSelectors"] = spec.or_label_selectors;
  put_bool(out, "snapshotVolumes", spec.snapshot_volumes);
  put_duration(out, "ttl", spec.ttl);
  if (!spec.volume_group_snapshot_label_key.empty()) {
    out["volumeGroupSnapshotLabelKey"] = spec.volume_group_snapshot_label_key;
  }
  put_bool(out, "includeClusterResources", spec.include_cluster_resources);
  if (!spec.hooks.is_null()) out["hooks"] = spec.hooks;
  if (!spec.storage_location.empty()) out["storageLocation"] = spec.storage_location;
  put_strings(out, "volumeSnapshotLocations", spec.volume_snapshot_locations);
  put_bool(out, "defaultVolumesToFsBackup", spec.default_volumes_to_fs_backup);
  put_map(out, "orderedResources", spec.ordered_resources);
  put_duration(out, "csiSnapshotTimeout", spec.csi_snapshot_timeout);
  put_duration(out, "itemOperationTimeout", spec.item_operation_timeout);
  if (spec.resource_policy) {
    json ref = json::object();
    if (!spec.resource_policy->kind.empty()) ref["kind"] = spec.resource_policy->kind;
    if (!spec.resource_policy->name.empty()) ref["name"] = spec.resource_policy->name;
    if (!spec.resource_policy->namespace_.empty()) ref["namespace"] = spec.resource_policy->namespace_;
    out["resourcePolicy"] = ref;
  }
  put_bool(out, "snapshotMoveData", spec.snapshot_move_data);
  if (!spec.datamover.empty()) out["datamover"] = spec.datamover;
  if (spec.parallel_files_upload && *spec.parallel_files_upload != 0) {
    out["uploaderConfig"] = json{{"parallelFilesUpload", *spec.parallel_files_upload}};
  }
  return out;
}

IncludeExcludePolicy parse_resource_policy_yaml(const std::string& yaml_text) {
  json doc;
  try {
    doc = parse_yaml(yaml_text);
  } catch (const std::exception& e) {
    throw SpecError(std::string("resource policy: invalid YAML: ") + e.what());
  }
  if (doc.is_null()) {
    throw SpecError("resource policy: the document is empty; write at least \"version: v1\"");
  }
  if (!doc.is_object()) {
    throw SpecError("resource policy: expected a mapping {version, volumePolicies, includeExcludePolicy}, got " +
                    json_type_name(doc));
  }
  std::vector<std::string> problems;
  Reader r(problems);
  IncludeExcludePolicy policy;
  r.object(doc, "", {"version", "volumePolicies", "includeExcludePolicy"}, "a resource policy document");

  const json* version = Reader::member(doc, "version");
  if (version == nullptr) {
    r.problem("version", "missing; the only supported version is \"v1\" (add \"version: v1\")");
  } else if (!version->is_string() || version->get<std::string>() != "v1") {
    r.problem("version", "incompatible version " + (version->is_string() ? kube::go_quote(version->get<std::string>())
                                                                          : version->dump()) +
                             "; the only supported version is \"v1\"");
  }

  if (const json* volumes = Reader::member(doc, "volumePolicies")) {
    if (!volumes->is_array()) {
      r.problem("volumePolicies", "expected a list of {conditions, action}, got " + json_type_name(*volumes));
    } else {
      for (std::size_t i = 0; i < volumes->size(); ++i) {
        std::string where = "volumePolicies[" + std::to_string(i) + "]";
        const json& item = (*volumes)[i];
        if (!r.object(item, where, {"conditions", "action"}, "a volume policy")) {
          if (item.is_null()) r.problem(where, "expected an object {conditions, action}, got null");
          continue;
        }
        if (const json* conditions = Reader::member(item, "conditions"); conditions && !conditions->is_object()) {
          r.problem(where + ".conditions", "expected an object, got " + json_type_name(*conditions));
        }
        const json* action = Reader::member(item, "action");
        if (action == nullptr) {
          r.problem(where + ".action", "missing; set action.type to skip, fs-backup, snapshot or custom");
        } else if (r.object(*action, where + ".action", {"type", "parameters"}, "a volume policy action")) {
          std::string type = r.string(*action, "type", where + ".action").value_or("");
          if (type != "skip" && type != "fs-backup" && type != "snapshot" && type != "custom") {
            r.problem(where + ".action.type", "invalid action type " + kube::go_quote(type) +
                                                  "; use skip, fs-backup, snapshot or custom");
          }
          if (const json* parameters = Reader::member(*action, "parameters"); parameters && !parameters->is_object()) {
            r.problem(where + ".action.parameters", "expected an object, got " + json_type_name(*parameters));
          }
        }
      }
    }
  }

  if (const json* ie = Reader::member(doc, "includeExcludePolicy");
      ie && r.object(*ie, "includeExcludePolicy",
                     {"includedClusterScopedResources", "excludedClusterScopedResources",
                      "includedNamespaceScopedResources", "excludedNamespaceScopedResources"},
                     "includeExcludePolicy")) {
    const std::string where = "includeExcludePolicy";
    policy.included_cluster_scoped_resources = r.strings(*ie, "includedClusterScopedResources", where);
    policy.excluded_cluster_scoped_resources = r.strings(*ie, "excludedClusterScopedResources", where);
    policy.included_namespace_scoped_resources = r.strings(*ie, "includedNamespaceScopedResources", where);
    policy.excluded_namespace_scoped_resources = r.strings(*ie, "excludedNamespaceScopedResources", where);
    struct Pair {
      const char* included;
      const std::vector<std::string>* includes;
      const char* excluded;
      const std::vector<std::string>* excludes;
    };
    const std::array<Pair, 2> pairs{{
        {"includedClusterScopedResources", &policy.included_cluster_scoped_resources,
         "excludedClusterScopedResources", &policy.excluded_cluster_scoped_resources},
        {"includedNamespaceScopedResources", &policy.included_namespace_scoped_resources,
         "excludedNamespaceScopedResources", &policy.excluded_namespace_scoped_resources},
    }};
    for (const Pair& pair : pairs) {
      for (auto [key, list] : {std::pair{pair.included, pair.includes}, std::pair{pair.excluded, pair.excludes}}) {
        for (std::size_t i = 0; i < list->size(); ++i) {
          const std::string item_path = where + "." + key + "[" + std::to_string(i) + "]";
          if ((*list)[i] == "*") {
            r.problem(item_path, "\"*\" is not allowed in a resource policy; name the resources, or use the "
                                 "backup's own scoped filters for \"*\"");
          } else if (trim((*list)[i]).empty()) {
            r.problem(item_path, "empty resource name; use a name such as \"configmaps\" or \"deployments.apps\"");
          }
        }
      }
      for (std::size_t i = 0; i < pair.excludes->size(); ++i) {
        const std::string& item = (*pair.excludes)[i];
        if (item == "*") continue;
        if (std::find(pair.includes->begin(), pair.includes->end(), item) != pair.includes->end()) {
          r.problem(where + "." + pair.excluded + "[" + std::to_string(i) + "]",
                    kube::go_quote(item) + " is also in " + pair.included + "; remove it from one of the lists");
        }
      }
    }
  }

  if (!problems.empty()) throw SpecError("resource policy: " + join_problems(problems));
  return policy;
}

}  // namespace coffer::backup
