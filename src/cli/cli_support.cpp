// Flag parsing and printing shared by the coffer subcommands (see cli_support.h).
#include "cli/cli_support.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "backup/spec/go_duration.h"
#include "common/text.h"
#include "kube/labels/label_selector.h"
#include "storage/factory/location_factory.h"

namespace coffer::cli {

using nlohmann::json;

std::optional<bool> parse_bool_flag(const std::string& flag, const std::string& v, FlagErrors& errors) {
  if (v.empty()) return std::nullopt;
  std::string l = to_lower(v);
  if (l == "true" || l == "1" || l == "yes") return true;
  if (l == "false" || l == "0" || l == "no") return false;
  errors.add("--" + flag + ": \"" + v + "\" is not a boolean; use true or false");
  return std::nullopt;
}

std::chrono::milliseconds parse_duration_flag(const std::string& flag, const std::string& v, FlagErrors& errors) {
  if (v.empty()) return std::chrono::milliseconds(0);
  try {
    auto d = backup::parse_go_duration(v);
    if (d.count() < 0) {
      errors.add("--" + flag + ": \"" + v + "\" is negative; use a positive duration such as 720h");
      return std::chrono::milliseconds(0);
    }
    return std::chrono::duration_cast<std::chrono::milliseconds>(d);
  } catch (const backup::DurationError& e) {
    errors.add("--" + flag + ": " + e.what() + "; use a Go duration such as 30s, 10m, 72h or 1h30m");
    return std::chrono::milliseconds(0);
  }
}

std::map<std::string, std::string> parse_pairs(const std::string& flag, const std::vector<std::string>& items, FlagErrors& errors) {
  std::map<std::string, std::string> out;
  for (const auto& item : items) {
    auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0) {
      errors.add("--" + flag + ": \"" + item + "\" is not key=value");
      continue;
    }
    out[item.substr(0, eq)] = item.substr(eq + 1);
  }
  return out;
}

// "a=b or c=d" -> two selectors (Velero's --or-selector).
std::vector<std::string> split_or(const std::string& text) {
  std::vector<std::string> out;
  std::string rest = text;
  for (;;) {
    auto p = rest.find(" or ");
    std::string head = p == std::string::npos ? rest : rest.substr(0, p);
    std::string part(trim(head));
    if (!part.empty()) out.push_back(part);
    if (p == std::string::npos) break;
    rest = rest.substr(p + 4);
  }
  return out;
}

json selector_json(const std::string& flag, const std::string& text, FlagErrors& errors) {
  try {
    auto sel = kube::LabelSelector::parse(text);
    json match_labels = json::object();
    json expressions = json::array();
    for (const auto& r : sel.requirements()) {
      switch (r.op()) {
        case kube::LabelOperator::Equals:
        case kube::LabelOperator::DoubleEquals: match_labels[r.key()] = r.values().front(); break;
        case kube::LabelOperator::In: expressions.push_back({{"key", r.key()}, {"operator", "In"}, {"values", r.values()}}); break;
        case kube::LabelOperator::NotEquals:
        case kube::LabelOperator::NotIn: expressions.push_back({{"key", r.key()}, {"operator", "NotIn"}, {"values", r.values()}}); break;
        case kube::LabelOperator::Exists: expressions.push_back({{"key", r.key()}, {"operator", "Exists"}}); break;
        case kube::LabelOperator::DoesNotExist: expressions.push_back({{"key", r.key()}, {"operator", "DoesNotExist"}}); break;
        default: errors.add("--" + flag + ": \"" + r.to_string() + "\": Gt and Lt cannot be expressed in a backup's label selector");
      }
    }
    json out = json::object();
    if (!match_labels.empty()) out["matchLabels"] = match_labels;
    if (!expressions.empty()) out["matchExpressions"] = expressions;
    return out;
  } catch (const std::exception& e) {
    errors.add("--" + flag + ": " + e.what());
    return json::object();
  }
}

std::string read_file_text(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::unique_ptr<storage::ObjectStore> open_store(const std::string& url) {
  if (url.empty()) throw std::runtime_error("--location is required, e.g. --location file:///var/backups/coffer");
  return storage::open_store(url);
}

void print_list(std::ostream& out, const char* label, const std::vector<std::string>& v, const char* empty) {
  out << "  " << label << (v.empty() ? empty : join(v, ", ")) << "\n";
}

std::vector<std::string> json_strings(const json& j, const char* key) {
  std::vector<std::string> out;
  if (j.contains(key) && j[key].is_array())
    for (const auto& v : j[key]) out.push_back(v.is_string() ? v.get<std::string>() : v.dump());
  return out;
}

std::string str_or(const json& j, const char* key, const std::string& dflt) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : dflt;
}

// kubectl's order: --kubeconfig, KUBECONFIG, ~/.kube/config; inside a pod with none of them,
// the pod's service account (in-cluster config).
kube::RestConfig load_cluster_config(const std::string& kubeconfig, const std::string& context) {
  auto options = kube::kubeconfig_options_from_env(kubeconfig, context);
  bool no_file = kubeconfig.empty() && (!options.env_kubeconfig || options.env_kubeconfig->empty()) &&
                 !std::filesystem::exists(options.home + "/.kube/config");
  if (no_file && std::getenv("KUBERNETES_SERVICE_HOST")) return kube::in_cluster_config();
  return kube::load_kubeconfig(options);
}

void print_results(std::ostream& out, const char* title, const json& r) {
  std::size_t n = 0;
  for (const char* k : {"velero", "cluster"})
    if (r.contains(k)) n += r[k].size();
  if (r.contains("namespaces"))
    for (const auto& [ns, v] : r["namespaces"].items()) n += v.size();
  out << title << (n == 0 ? "  <none>\n" : "\n");
  for (const char* k : {"velero", "cluster"})
    if (r.contains(k) && !r[k].empty()) {
      out << "  " << (std::string(k) == "velero" ? "Velero" : "Cluster") << ":\n";
      for (const auto& m : r[k]) out << "    " << m.get<std::string>() << "\n";
    }
  if (r.contains("namespaces"))
    for (const auto& [ns, v] : r["namespaces"].items()) {
      out << "  Namespace " << ns << ":\n";
      for (const auto& m : v) out << "    " << m.get<std::string>() << "\n";
    }
}

void add_location_read_flags(CLI::App* cmd, std::string* name, const char* what, std::string& location,
                             std::string& output) {
  if (name != nullptr) cmd->add_option("NAME", *name, what)->required();
  cmd->add_option("--location", location, "storage location URL, e.g. file:///var/backups/coffer")->required();
  cmd->add_option("-o,--output", output, "output format: json")->check(CLI::IsMember({"", "json"}));
}

void add_backup_spec_flags(CLI::App* cmd, BackupSpecFlags& f) {
  cmd->add_option("--include-namespaces", f.include_namespaces, "namespaces to include (globs; default *)")->delimiter(',');
  cmd->add_option("--exclude-namespaces", f.exclude_namespaces, "namespaces to exclude (globs)")->delimiter(',');
  cmd->add_option("--namespace-set", f.namespace_set, "explicit namespace set (as the control plane passes environments)")
      ->delimiter(',')
      ->each([&](const std::string&) { f.namespace_set_given = true; });
  cmd->add_option("--include-resources", f.include_resources, "resources to include (plural, plural.group or kind; * for all)")->delimiter(',');
  cmd->add_option("--exclude-resources", f.exclude_resources, "resources to exclude")->delimiter(',');
  cmd->add_flag("--include-cluster-resources{true}", f.include_cluster_resources,
                "include cluster-scoped resources: true, false; unset = only for a full backup, related items otherwise");
  cmd->add_option("--include-cluster-scoped-resources", f.include_cluster_scoped, "cluster-scoped resources to include (* for all)")->delimiter(',');
  cmd->add_option("--exclude-cluster-scoped-resources", f.exclude_cluster_scoped, "cluster-scoped resources to exclude")->delimiter(',');
  cmd->add_option("--include-namespace-scoped-resources", f.include_namespace_scoped, "namespace-scoped resources to include")->delimiter(',');
  cmd->add_option("--exclude-namespace-scoped-resources", f.exclude_namespace_scoped, "namespace-scoped resources to exclude")->delimiter(',');
  cmd->add_option("-l,--selector", f.selector, "label selector, e.g. 'app=web,tier in (a,b)'");
  cmd->add_option("--or-selector", f.or_selector, "label selectors joined by ' or ', e.g. 'app=web or app=db'");
  cmd->add_option("--ordered-resources", f.ordered_resources, "items to back up first: 'pods=ns1/a,ns1/b;persistentvolumes=pv1'");
  cmd->add_option("--resource-policies-file", f.resource_policies_file, "resource policy YAML (includeExcludePolicy is applied)");
  cmd->add_option("--resource-policies-configmap", f.resource_policies_configmap,
                  "ConfigMap in the cluster holding the resource policy YAML (as Velero's flag)");
  cmd->add_option("--resource-policies-namespace", f.resource_policies_namespace,
                  "namespace of that ConfigMap (default velero)");
  cmd->add_option("--ttl", f.ttl, "how long the backup is kept (default 720h0m0s)");
  cmd->add_option("--labels", f.labels, "labels for the backup: k=v,k2=v2")->delimiter(',');
  cmd->add_option("--annotations", f.annotations, "annotations for the backup: k=v")->delimiter(',');
  cmd->add_flag("--snapshot-volumes{true}", f.snapshot_volumes, "take volume snapshots (recorded; volume data comes later)");
  cmd->add_flag("--default-volumes-to-fs-backup{true}", f.default_volumes_to_fs_backup, "file-system backup for all volumes (recorded)");
  cmd->add_flag("--snapshot-move-data{true}", f.snapshot_move_data, "move snapshot data (recorded)");
  cmd->add_option("--data-mover", f.data_mover, "data mover: velero (recorded)");
  cmd->add_option("--parallel-files-upload", f.parallel_files_upload, "files uploaded in parallel (recorded)");
  cmd->add_option("--csi-snapshot-timeout", f.csi_snapshot_timeout, "CSI snapshot timeout (default 10m)");
  cmd->add_option("--item-operation-timeout", f.item_operation_timeout, "async item operation timeout (default 4h)");
  cmd->add_option("--storage-location", f.storage_location, "storage location name recorded in the backup (default: default)");
  cmd->add_option("--volume-snapshot-locations", f.volume_snapshot_locations, "volume snapshot locations")->delimiter(',');
}

backup::BackupSpec spec_from_flags(const BackupSpecFlags& f, FlagErrors& errors) {
  backup::BackupSpec spec;
  spec.included_namespaces = f.include_namespaces;
  spec.excluded_namespaces = f.exclude_namespaces;
  if (f.namespace_set_given) spec.namespace_set = f.namespace_set;
  spec.included_resources = f.include_resources;
  spec.excluded_resources = f.exclude_resources;
  spec.include_cluster_resources = parse_bool_flag("include-cluster-resources", f.include_cluster_resources, errors);
  spec.included_cluster_scoped_resources = f.include_cluster_scoped;
  spec.excluded_cluster_scoped_resources = f.exclude_cluster_scoped;
  spec.included_namespace_scoped_resources = f.include_namespace_scoped;
  spec.excluded_namespace_scoped_resources = f.exclude_namespace_scoped;
  if (!f.selector.empty()) spec.label_selector = selector_json("selector", f.selector, errors);
  for (const auto& s : split_or(f.or_selector)) spec.or_label_selectors.push_back(selector_json("or-selector", s, errors));
  if (!f.ordered_resources.empty()) {
    for (const auto& part : split(f.ordered_resources, ';')) {
      if (trim(part).empty()) continue;
      auto eq = part.find('=');
      if (eq == std::string::npos) {
        errors.add("--ordered-resources: \"" + part + "\" is not resource=ns/name,ns/name");
        continue;
      }
      std::string key = part.substr(0, eq), value = part.substr(eq + 1);
      spec.ordered_resources[std::string(trim(key))] = std::string(trim(value));
    }
  }
  if (!f.resource_policies_file.empty()) {
    try {
      spec.include_exclude_policy = backup::parse_resource_policy_yaml(read_file_text(f.resource_policies_file));
    } catch (const std::exception& e) {
      errors.add("--resource-policies-file: " + std::string(e.what()));
    }
  }
  if (!f.resource_policies_configmap.empty()) {
    if (!f.resource_policies_file.empty())
      errors.add("--resource-policies-configmap and --resource-policies-file: use one of them");
    backup::ResourcePolicyRef ref;
    ref.name = f.resource_policies_configmap;
    ref.namespace_ = f.resource_policies_namespace;
    spec.resource_policy = ref;
  }
  spec.ttl = parse_duration_flag("ttl", f.ttl, errors);
  spec.csi_snapshot_timeout = parse_duration_flag("csi-snapshot-timeout", f.csi_snapshot_timeout, errors);
  spec.item_operation_timeout = parse_duration_flag("item-operation-timeout", f.item_operation_timeout, errors);
  spec.labels = parse_pairs("labels", f.labels, errors);
  spec.annotations = parse_pairs("annotations", f.annotations, errors);
  spec.snapshot_volumes = parse_bool_flag("snapshot-volumes", f.snapshot_volumes, errors);
  spec.default_volumes_to_fs_backup = parse_bool_flag("default-volumes-to-fs-backup", f.default_volumes_to_fs_backup, errors);
  spec.snapshot_move_data = parse_bool_flag("snapshot-move-data", f.snapshot_move_data, errors);
  spec.datamover = f.data_mover;
  if (f.parallel_files_upload >= 0) spec.parallel_files_upload = f.parallel_files_upload;
  spec.storage_location = f.storage_location;
  spec.volume_snapshot_locations = f.volume_snapshot_locations;
  return spec;
}

}  // namespace coffer::cli
