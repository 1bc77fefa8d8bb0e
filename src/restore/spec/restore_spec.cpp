#include "restore/spec/restore_spec.h"

#include <algorithm>
#include <set>

#include "backup/spec/go_duration.h"
#include "backup/spec/spec_checks.h"
#include "backup/spec/spec_fields.h"
#include "common/text.h"
#include "kube/labels/label_validation.h"

namespace coffer::restore {
namespace {

using backup::indexed;
using backup::keyed;
using backup::SpecErrors;
using kube::go_quote;
using nlohmann::json;

void check_item_refs(SpecErrors& e, const std::vector<std::string>& items) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string path = indexed("spec.includedItems", i);
    auto ref = parse_item_ref(items[i]);
    if (!ref) {
      e.add(path, go_quote(items[i]) +
                      " is not an item reference; write RESOURCE/NAMESPACE/NAME (\"deployments.apps/shop/web\") or "
                      "RESOURCE/NAME for a cluster-scoped item (\"namespaces/shop\")");
      continue;
    }
    if (!ref->namespace_.empty() && !backup::is_dns1123_label(ref->namespace_)) {
      e.add(path, go_quote(ref->namespace_) + " is not a namespace name: " + backup::kNamespaceNameRule);
    }
  }
}

void check_mapping(SpecErrors& e, const std::map<std::string, std::string>& mapping) {
  std::map<std::string, std::string> seen_target;
  for (const auto& [from, to] : mapping) {
    const std::string path = keyed("spec.namespaceMapping", from);
    if (!backup::is_dns1123_label(from)) {
      e.add(path, "source " + go_quote(from) + " is not a namespace name: " + backup::kNamespaceNameRule);
    }
    if (!backup::is_dns1123_label(to)) {
      e.add(path, "target " + go_quote(to) + " is not a namespace name: " + backup::kNamespaceNameRule);
    }
    auto [it, fresh] = seen_target.emplace(to, from);
    if (!fresh) {
      e.add(path, "maps to " + go_quote(to) + ", as " + go_quote(it->second) +
                      " does; two namespaces cannot be restored into one, map each to its own target");
    }
  }
}

void check_restore_status(SpecErrors& e, const RestoreStatusSpec& status) {
  backup::check_empty_entries(e, "spec.restoreStatus.includedResources", status.included_resources);
  backup::check_empty_entries(e, "spec.restoreStatus.excludedResources", status.excluded_resources);
  backup::check_overlap(e, "spec.restoreStatus.includedResources", status.included_resources,
                        "spec.restoreStatus.excludedResources", status.excluded_resources);
}

}  // namespace

const std::vector<std::string>& never_restored_resources() {
  static const std::vector<std::string> list = {
      "nodes", "events", "events.events.k8s.io", "backups.velero.io", "restores.velero.io",
      "resticrepositories.velero.io", "backuprepositories.velero.io", "csinodes.storage.k8s.io",
      "volumeattachments.storage.k8s.io"};
  return list;
}

std::optional<ItemRef> parse_item_ref(const std::string& text) {
  std::vector<std::string> parts = split(text, '/');
  if (parts.size() < 2 || parts.size() > 3) return std::nullopt;
  for (const auto& p : parts)
    if (p.empty() || trim(p) != p) return std::nullopt;
  ItemRef ref;
  ref.group_resource = to_lower(parts[0]);
  if (parts.size() == 3) {
    ref.namespace_ = parts[1];
    ref.name = parts[2];
  } else {
    ref.name = parts[1];
  }
  return ref;
}

std::vector<std::string> validate_restore_spec(const RestoreSpec& spec) {
  SpecErrors e;
  backup::check_object_name(e, "metadata.name", spec.name, true, "restore");
  backup::check_labels(e, "metadata.labels", spec.labels);
  backup::check_annotations(e, "metadata.annotations", spec.annotations);

  if (spec.backup_name.empty() == spec.schedule_name.empty()) {
    e.add("spec.backupName and spec.scheduleName",
          spec.backup_name.empty() ? "one is required; name the backup to restore (--from-backup) or a schedule "
                                     "whose latest Completed backup to restore (--from-schedule)"
                                   : "only one may be set; restore either a specific backup or a schedule's "
                                     "latest backup");
  }
  if (!spec.backup_name.empty()) backup::check_object_name(e, "spec.backupName", spec.backup_name, false, "backup");
  if (!spec.schedule_name.empty())
    backup::check_object_name(e, "spec.scheduleName", spec.schedule_name, false, "schedule");

  backup::check_namespace_filters(e, spec.included_namespaces, spec.excluded_namespaces,
                                  "remove it (to restore only cluster-scoped resources, set "
                                  "includedResources to them)");
  backup::check_resource_filter_lists(e, spec.included_resources, spec.excluded_resources,
                                      "name the resources to leave out");
  for (std::size_t i = 0; i < spec.included_resources.size(); ++i) {
    const std::string name = to_lower(spec.included_resources[i]);
    if (backup::contains(never_restored_resources(), name)) {
      e.add(indexed("spec.includedResources", i),
            go_quote(spec.included_resources[i]) + " cannot be restored (nodes, events, Velero's own objects, "
                                                   "CSINodes and VolumeAttachments belong to the target cluster); "
                                                   "remove it");
    }
  }
  check_mapping(e, spec.namespace_mapping);
  backup::check_label_selectors(e, spec.label_selector, spec.or_label_selectors);
  if (spec.restore_status) check_restore_status(e, *spec.restore_status);

  const std::string& policy = spec.existing_resource_policy;
  if (!policy.empty() && policy != "none" && policy != "update") {
    e.add("spec.existingResourcePolicy",
          go_quote(policy) + " is not a policy; use \"none\" (leave existing objects alone) or \"update\" (patch "
                             "them to the backed-up version)");
  }
  backup::check_duration(e, "spec.itemOperationTimeout", spec.item_operation_timeout, "4h");
  if (spec.resource_modifier) {
    const auto& ref = *spec.resource_modifier;
    if (to_lower(ref.kind) != "configmap") {
      e.add("spec.resourceModifier.kind", go_quote(ref.kind) + " is not supported; use ConfigMap");
    }
    if (ref.name.empty()) {
      e.add("spec.resourceModifier.name", "required; name the ConfigMap holding the resource modifier rules");
    } else {
      backup::check_object_name(e, "spec.resourceModifier.name", ref.name, false, "ConfigMap");
    }
    if (!ref.namespace_.empty() && !backup::is_dns1123_label(ref.namespace_)) {
      e.add("spec.resourceModifier.namespace", go_quote(ref.namespace_) + " is not a namespace name: " +
                                                   backup::kNamespaceNameRule);
    }
  }
  if (spec.parallel_files_download && *spec.parallel_files_download < 0) {
    e.add("spec.uploaderConfig.parallelFilesDownload",
          std::to_string(*spec.parallel_files_download) + " is negative; use 0 (one per CPU) or a positive count");
  }
  check_item_refs(e, spec.included_items);
  return e.list;
}

RestoreSpec restore_spec_from_json(const json& spec_json, const json& metadata) {
  std::vector<std::string> problems;
  backup::SpecFieldReader r(problems);
  RestoreSpec spec;
  if (r.object(metadata, "metadata",
               {"name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation",
                "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations",
                "ownerReferences", "finalizers", "managedFields"},
               "ObjectMeta")) {
    spec.name = r.string(metadata, "name", "metadata").value_or("");
    spec.labels = r.string_map(metadata, "labels", "metadata");
    spec.annotations = r.string_map(metadata, "annotations", "metadata");
  }
  const std::string path = "spec";
  if (r.object(spec_json, path,
               {"backupName", "scheduleName", "includedNamespaces", "excludedNamespaces", "includedResources",
                "excludedResources", "namespaceMapping", "labelSelector", "orLabelSelectors", "restorePVs",
                "restoreStatus", "preserveNodePorts", "includeClusterResources", "hooks", "existingResourcePolicy",
                "itemOperationTimeout", "resourceModifier", "uploaderConfig", "includedItems"},
               "a Velero Restore spec")) {
    const json& s = spec_json;
    spec.backup_name = r.string(s, "backupName", path).value_or("");
    spec.schedule_name = r.string(s, "scheduleName", path).value_or("");
    spec.included_namespaces = r.strings(s, "includedNamespaces", path);
    spec.excluded_namespaces = r.strings(s, "excludedNamespaces", path);
    spec.included_resources = r.strings(s, "includedResources", path);
    spec.excluded_resources = r.strings(s, "excludedResources", path);
    spec.namespace_mapping = r.string_map(s, "namespaceMapping", path);
    spec.include_cluster_resources = r.boolean(s, "includeClusterResources", path);
    spec.restore_pvs = r.boolean(s, "restorePVs", path);
    spec.preserve_node_ports = r.boolean(s, "preserveNodePorts", path);
    spec.existing_resource_policy = r.string(s, "existingResourcePolicy", path).value_or("");
    spec.item_operation_timeout = r.duration(s, "itemOperationTimeout", path);
    spec.included_items = r.strings(s, "includedItems", path);
    if (const json* selector = backup::SpecFieldReader::member(s, "labelSelector")) {
      if (selector->is_object()) spec.label_selector = *selector;
      else r.problem("spec.labelSelector", "expected a label selector object, got " + backup::json_type_name(*selector));
    }
    if (const json* selectors = backup::SpecFieldReader::member(s, "orLabelSelectors")) {
      if (!selectors->is_array()) {
        r.problem("spec.orLabelSelectors", "expected an array of label selector objects, got " +
                                               backup::json_type_name(*selectors));
      } else {
        for (std::size_t i = 0; i < selectors->size(); ++i) {
          if ((*selectors)[i].is_object()) spec.or_label_selectors.push_back((*selectors)[i]);
          else r.problem(indexed("spec.orLabelSelectors", i), "expected a label selector object, got " +
                                                                  backup::json_type_name((*selectors)[i]));
        }
      }
    }
    if (const json* st = backup::SpecFieldReader::member(s, "restoreStatus");
        st && r.object(*st, "spec.restoreStatus", {"includedResources", "excludedResources"}, "spec.restoreStatus")) {
      RestoreStatusSpec status;
      status.included_resources = r.strings(*st, "includedResources", "spec.restoreStatus");
      status.excluded_resources = r.strings(*st, "excludedResources", "spec.restoreStatus");
      spec.restore_status = status;
    }
    if (const json* ref = backup::SpecFieldReader::member(s, "resourceModifier");
        ref && r.object(*ref, "spec.resourceModifier", {"apiGroup", "kind", "name", "namespace"},
                        "a TypedLocalObjectReference")) {
      ResourceModifierRef m;
      m.kind = r.string(*ref, "kind", "spec.resourceModifier").value_or("");
      m.name = r.string(*ref, "name", "spec.resourceModifier").value_or("");
      m.namespace_ = r.string(*ref, "namespace", "spec.resourceModifier").value_or("");
      spec.resource_modifier = m;
    }
    if (const json* up = backup::SpecFieldReader::member(s, "uploaderConfig");
        up && r.object(*up, "spec.uploaderConfig", {"writeSparseFiles", "parallelFilesDownload"},
                       "spec.uploaderConfig")) {
      spec.write_sparse_files = r.boolean(*up, "writeSparseFiles", "spec.uploaderConfig");
      spec.parallel_files_download = r.integer(*up, "parallelFilesDownload", "spec.uploaderConfig");
    }
    if (const json* hooks = backup::SpecFieldReader::member(s, "hooks")) {
      if (hooks->is_object()) {
        if (!hooks->empty()) spec.hooks = *hooks;
      } else {
        r.problem("spec.hooks", "expected an object ({resources: [...]}), got " + backup::json_type_name(*hooks));
      }
    }
  }
  if (!problems.empty()) throw RestoreSpecError(join(problems, "; "));
  return spec;
}

json restore_spec_to_json(const RestoreSpec& spec) {
  json out = json::object();
  auto put_strings = [&out](const char* key, const std::vector<std::string>& v) {
    if (!v.empty()) out[key] = v;
  };
  auto put_bool = [&out](const char* key, const std::optional<bool>& v) {
    if (v) out[key] = *v;
  };
  if (!spec.backup_name.empty()) out["backupName"] = spec.backup_name;
  if (!spec.schedule_name.empty()) out["scheduleName"] = spec.schedule_name;
  put_strings("includedNamespaces", spec.included_namespaces);
  put_strings("excludedNamespaces", spec.excluded_namespaces);
  put_strings("includedResources", spec.included_resources);
  put_strings("excludedResources", spec.excluded_resources);
  if (!spec.namespace_mapping.empty()) out["namespaceMapping"] = spec.namespace_mapping;
  if (spec.label_selector) out["labelSelector"] = *spec.label_selector;
  if (!spec.or_label_selectors.empty()) out["orLabelSelectors"] = spec.or_label_selectors;
  put_bool("restorePVs", spec.restore_pvs);
  put_bool("preserveNodePorts", spec.preserve_node_ports);
  put_bool("includeClusterResources", spec.include_cluster_resources);
  if (spec.restore_status) {
    json st = json::object();
    if (!spec.restore_status->included_resources.empty())
      st["includedResources"] = spec.restore_status->included_resources;
    if (!spec.restore_status->excluded_resources.empty())
      st["excludedResources"] = spec.restore_status->excluded_resources;
    out["restoreStatus"] = st;
  }
  if (!spec.existing_resource_policy.empty()) out["existingResourcePolicy"] = spec.existing_resource_policy;
  if (spec.item_operation_timeout.count() != 0)
    out["itemOperationTimeout"] = backup::format_go_duration(spec.item_operation_timeout);
  if (spec.resource_modifier) {
    json ref = {{"kind", spec.resource_modifier->kind}, {"name", spec.resource_modifier->name}};
    if (!spec.resource_modifier->namespace_.empty()) ref["namespace"] = spec.resource_modifier->namespace_;
    out["resourceModifier"] = ref;
  }
  if (spec.write_sparse_files || spec.parallel_files_download) {
    json up = json::object();
    if (spec.write_sparse_files) up["writeSparseFiles"] = *spec.write_sparse_files;
    if (spec.parallel_files_download) up["parallelFilesDownload"] = *spec.parallel_files_download;
    out["uploaderConfig"] = up;
  }
  if (!spec.hooks.is_null()) out["hooks"] = spec.hooks;
  put_strings("includedItems", spec.included_items);
  return out;
}

}  // namespace coffer::restore
