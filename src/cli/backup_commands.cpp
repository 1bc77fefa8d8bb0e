#include "cli/backup_commands.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "backup/engine/backup_engine.h"
#include "backup/layout/velero_layout.h"
#include "backup/reader/backup_reader.h"
#include "backup/spec/backup_spec.h"
#include "backup/spec/go_duration.h"
#include "cli/cli_support.h"
#include "cli/progress_bar.h"
#include "common/text.h"
#include "kube/config/kubeconfig.h"
#include "kube/labels/label_selector.h"
#include "storage/factory/location_factory.h"
#include "storage/location_config.h"
#include "storage/object_store.h"

namespace coffer::cli {
namespace {

using nlohmann::json;

struct CreateFlags {
  std::string name, location, kubeconfig, context, output;
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
  bool wait = false, no_progress = false;
  int workers = 4, page_size = 500, compression_level = 1, compression_threads = 2;
  double qps = 100;
  int burst = 100;
};

struct ReadFlags {
  std::string name, location, output;
  bool details = false;
  std::vector<std::string> resources, namespaces;
};

int run_create(const CreateFlags& f) {
  FlagErrors errors;
  backup::BackupSpec spec;
  spec.name = f.name;
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

  // Velero refuses backups into a ReadOnly location at validation.
  try {
    if (storage::parse_location_url(f.location).read_only)
      errors.add("--location: the location is read-only (read-only=true); back up into a read-write location");
  } catch (const std::exception&) {
    // open_store() below reports a malformed URL with its own message.
  }
  // Flag problems and spec problems are reported together, like Velero's FailedValidation.
  auto spec_errors = backup::validate_spec(spec);
  errors.list.insert(errors.list.end(), spec_errors.begin(), spec_errors.end());
  if (!errors.list.empty()) {
    std::cerr << "Backup \"" << f.name << "\" FailedValidation:\n";
    for (const auto& e : errors.list) std::cerr << "  - " << e << "\n";
    return 1;
  }

  std::unique_ptr<storage::ObjectStore> store;
  try {
    store = open_store(f.location);
  } catch (const std::exception& e) {
    std::cerr << "Error: --location: " << e.what() << "\n";
    return 1;
  }

  std::unique_ptr<kube::KubeClient> client;
  std::string config_error;
  try {
    kube::ClientOptions co;
    co.qps = f.qps;
    co.burst = f.burst;
    client = std::make_unique<kube::KubeClient>(load_cluster_config(f.kubeconfig, f.context), co);
  } catch (const std::exception& e) {
    config_error = std::string("cannot load the cluster configuration: ") + e.what();
  }

  ProgressBar bar(stderr, !f.no_progress && f.output != "json");
  backup::EngineOptions options;
  options.list_workers = f.workers;
  options.page_size = f.page_size;
  options.archive.level = f.compression_level;
  options.archive.threads = f.compression_threads;
  options.progress_interval = bar.is_terminal() ? std::chrono::milliseconds(200) : std::chrono::milliseconds(1000);
  options.location_name = f.storage_location.empty() ? "default" : f.storage_location;
  options.on_progress = [&](const backup::BackupProgress& p) { bar.update(p.items_backed_up, p.total_items, p.phase); };
  auto outcome = backup::run_backup(client.get(), *store, spec, options, config_error);
  bar.finish();

  if (f.output == "json") {
    std::cout << outcome.backup.dump(2) << "\n";
  } else {
    const json& status = outcome.backup["status"];
    if (outcome.phase == "FailedValidation") {
      std::cerr << "Backup \"" << f.name << "\" FailedValidation:\n";
      for (const auto& e : json_strings(status, "validationErrors")) std::cerr << "  - " << e << "\n";
    } else {
      std::uint64_t items = status.contains("progress") ? status["progress"].value("itemsBackedUp", 0ULL) : 0;
      std::cout << "Backup \"" << f.name << "\" " << outcome.phase << ": " << ProgressBar::with_commas(items)
                << " items";
      if (outcome.stored) std::cout << " in " << store->describe();
      std::cout << "\n";
      if (status.contains("failureReason")) std::cout << "Failure reason: " << status["failureReason"].get<std::string>() << "\n";
      auto warnings = status.value("warnings", 0ULL), errs = status.value("errors", 0ULL);
      if (warnings || errs)
        std::cout << "Warnings: " << warnings << "  Errors: " << errs << "  (coffer backup describe " << f.name
                  << " --location " << f.location << " --details)\n";
    }
  }
  if (outcome.phase == "Completed") return 0;
  if (outcome.phase == "PartiallyFailed") return 2;
  return 1;
}

int run_describe(const ReadFlags& f) {
  auto store = open_store(f.location);
  backup::BackupReader reader(*store, f.name);
  const json& b = reader.backup();
  if (f.output == "json") {
    json out = b;
    if (f.details) {
      out["resourceList"] = reader.resource_list();
      out["results"] = reader.results();
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  const json& md = b.value("metadata", json::object());
  const json& spec = b.value("spec", json::object());
  const json& status = b.value("status", json::object());
  auto kv = [](const json& m) {
    std::vector<std::string> v;
    for (const auto& [k, val] : m.items()) v.push_back(k + "=" + (val.is_string() ? val.get<std::string>() : val.dump()));
    return v;
  };
  std::ostream& out = std::cout;
  out << "Name:         " << str_or(md, "name", "") << "\n";
  out << "Namespace:    " << str_or(md, "namespace", "velero") << "\n";
  auto labels = kv(md.value("labels", json::object()));
  out << "Labels:       " << (labels.empty() ? "<none>" : join(labels, "\n              ")) << "\n";
  auto annotations = kv(md.value("annotations", json::object()));
  out << "Annotations:  " << (annotations.empty() ? "<none>" : join(annotations, "\n              ")) << "\n\n";
  out << "Phase:  " << str_or(status, "phase", "") << "\n";
  if (status.contains("failureReason")) out << "Failure reason:  " << status["failureReason"].get<std::string>() << "\n";
  for (const auto& e : json_strings(status, "validationErrors")) out << "Validation error:  " << e << "\n";
  out << "\nErrors:    " << status.value("errors", 0) << "\nWarnings:  " << status.value("warnings", 0) << "\n\n";
  out << "Namespaces:\n";
  auto inc = json_strings(spec, "includedNamespaces");
  print_list(out, "Included:  ", inc, "*");
  print_list(out, "Excluded:  ", json_strings(spec, "excludedNamespaces"));
  out << "\nResources:\n";
  print_list(out, "Included:        ", json_strings(spec, "includedResources"), "*");
  print_list(out, "Excluded:        ", json_strings(spec, "excludedResources"));
  out << "  Cluster-scoped:  "
      << (spec.contains("includeClusterResources") ? (spec["includeClusterResources"].get<bool>() ? "included" : "excluded") : "auto")
      << "\n";
  for (const char* k : {"includedClusterScopedResources", "excludedClusterScopedResources", "includedNamespaceScopedResources",
                        "excludedNamespaceScopedResources"})
    if (spec.contains(k)) out << "  " << k << ":  " << join(json_strings(spec, k), ", ") << "\n";
  out << "\nLabel selector:  " << (spec.contains("labelSelector") ? spec["labelSelector"].dump() : "<none>") << "\n";
  out << "Or label selector:  " << (spec.contains("orLabelSelectors") ? spec["orLabelSelectors"].dump() : "<none>") << "\n";
  out << "\nStorage Location:  " << str_or(spec, "storageLocation", "") << "\n";
  out << "TTL:  " << str_or(spec, "ttl", "") << "\n\n";
  out << "Started:     " << str_or(status, "startTimestamp", "<n/a>") << "\n";
  out << "Completed:   " << str_or(status, "completionTimestamp", "<n/a>") << "\n";
  out << "Expiration:  " << str_or(status, "expiration", "<n/a>") << "\n\n";
  if (status.contains("progress")) {
    out << "Total items to be backed up:  " << status["progress"].value("totalItems", 0) << "\n";
    out << "Items backed up:              " << status["progress"].value("itemsBackedUp", 0) << "\n";
  }
  if (f.details) {
    out << "\nResource List:\n";
    const json resource_list = reader.resource_list();
    for (const auto& [key, names] : resource_list.items()) {
      out << "  " << key << ":\n";
      for (const auto& n : names) out << "    - " << n.get<std::string>() << "\n";
    }
    out << "\n";
    auto results = reader.results();
    print_results(out, "Errors:", results.value("errors", json::object()));
    print_results(out, "Warnings:", results.value("warnings", json::object()));
  }
  return 0;
}

int run_contents(const ReadFlags& f) {
  auto store = open_store(f.location);
  backup::BackupReader reader(*store, f.name);
  backup::ItemFilter filter;
  filter.group_resources = f.resources;
  filter.namespaces = f.namespaces;
  json items = json::array();
  std::vector<std::array<std::string, 3>> rows;
  reader.for_each_item(filter, [&](const backup::BackupItem& item) {
    if (f.output == "json") {
      items.push_back({{"groupResource", item.path.group_resource}, {"namespace", item.path.namespace_}, {"name", item.path.name}});
    } else {
      rows.push_back({item.path.group_resource, item.path.namespace_.empty() ? "<cluster>" : item.path.namespace_, item.path.name});
    }
    return true;
  });
  if (f.output == "json") {
    std::cout << items.dump(2) << "\n";
    return 0;
  }
  std::sort(rows.begin(), rows.end());
  std::size_t w0 = 8, w1 = 9;
  for (const auto& r : rows) w0 = std::max(w0, r[0].size()), w1 = std::max(w1, r[1].size());
  auto pad = [](const std::string& s, std::size_t w) { return s + std::string(w - s.size() + 2, ' '); };
  std::cout << pad("RESOURCE", w0) << pad("NAMESPACE", w1) << "NAME\n";
  for (const auto& r : rows) std::cout << pad(r[0], w0) << pad(r[1], w1) << r[2] << "\n";
  std::cerr << rows.size() << " item(s)\n";
  return 0;
}

int run_get(const ReadFlags& f) {
  auto store = open_store(f.location);
  json all = json::array();
  std::cout << (f.output == "json" ? "" : "NAME                                      STATUS            ITEMS     ERRORS  WARNINGS  CREATED\n");
  for (const auto& name : backup::BackupReader::list_backups(*store)) {
    try {
      backup::BackupReader reader(*store, name);
      const json& b = reader.backup();
      if (f.output == "json") {
        all.push_back(b);
        continue;
      }
      const json& st = b.value("status", json::object());
      char line[512];
      std::snprintf(line, sizeof line, "%-41s %-17s %-9llu %-7llu %-9llu %s\n", name.c_str(), str_or(st, "phase", "").c_str(),
                    static_cast<unsigned long long>(st.contains("progress") ? st["progress"].value("itemsBackedUp", 0ULL) : 0ULL),
                    static_cast<unsigned long long>(st.value("errors", 0ULL)),
                    static_cast<unsigned long long>(st.value("warnings", 0ULL)), str_or(st, "startTimestamp", "").c_str());
      std::cout << line;
    } catch (const std::exception& e) {
      std::cerr << "warning: backup " << name << ": " << e.what() << "\n";
    }
  }
  if (f.output == "json") std::cout << all.dump(2) << "\n";
  return 0;
}

int run_logs(const ReadFlags& f) {
  auto store = open_store(f.location);
  backup::BackupReader reader(*store, f.name);
  std::cout << reader.logs();
  return 0;
}

int run_delete(const ReadFlags& f) {
  auto store = open_store(f.location);
  backup::BackupReader reader(*store, f.name);  // BackupNotFound when missing
  backup::BackupReader::delete_backup(*store, f.name);
  std::cout << "Backup \"" << f.name << "\" deleted from " << store->describe() << "\n";
  return 0;
}

void add_read_flags(CLI::App* cmd, ReadFlags& f, bool needs_name) {
  add_location_read_flags(cmd, needs_name ? &f.name : nullptr, "backup name", f.location, f.output);
}

}  // namespace

void register_backup_commands(CLI::App& app, int& exit_code) {
  auto* backup = app.add_subcommand("backup", "Create, inspect and delete backups");
  backup->require_subcommand(1);

  static CreateFlags create;
  auto* c = backup->add_subcommand("create", "Back up a cluster, namespaces or resources into a storage location");
  c->add_option("NAME", create.name, "backup name (a DNS-1123 subdomain)")->required();
  c->add_option("--location", create.location, "storage location URL, e.g. file:///var/backups/coffer")->required();
  c->add_option("--kubeconfig", create.kubeconfig, "kubeconfig file (default: KUBECONFIG, then ~/.kube/config)");
  c->add_option("--context", create.context, "kubeconfig context (default: current-context)");
  c->add_option("--include-namespaces", create.include_namespaces, "namespaces to include (globs; default *)")->delimiter(',');
  c->add_option("--exclude-namespaces", create.exclude_namespaces, "namespaces to exclude (globs)")->delimiter(',');
  c->add_option("--namespace-set", create.namespace_set, "explicit namespace set (as the control plane passes environments)")
      ->delimiter(',')
      ->each([&](const std::string&) { create.namespace_set_given = true; });
  c->add_option("--include-resources", create.include_resources, "resources to include (plural, plural.group or kind; * for all)")->delimiter(',');
  c->add_option("--exclude-resources", create.exclude_resources, "resources to exclude")->delimiter(',');
  c->add_flag("--include-cluster-resources{true}", create.include_cluster_resources,
              "include cluster-scoped resources: true, false; unset = only for a full backup, related items otherwise");
  c->add_option("--include-cluster-scoped-resources", create.include_cluster_scoped, "cluster-scoped resources to include (* for all)")->delimiter(',');
  c->add_option("--exclude-cluster-scoped-resources", create.exclude_cluster_scoped, "cluster-scoped resources to exclude")->delimiter(',');
  c->add_option("--include-namespace-scoped-resources", create.include_namespace_scoped, "namespace-scoped resources to include")->delimiter(',');
  c->add_option("--exclude-namespace-scoped-resources", create.exclude_namespace_scoped, "namespace-scoped resources to exclude")->delimiter(',');
  c->add_option("-l,--selector", create.selector, "label selector, e.g. 'app=web,tier in (a,b)'");
  c->add_option("--or-selector", create.or_selector, "label selectors joined by ' or ', e.g. 'app=web or app=db'");
  c->add_option("--ordered-resources", create.ordered_resources, "items to back up first: 'pods=ns1/a,ns1/b;persistentvolumes=pv1'");
  c->add_option("--resource-policies-file", create.resource_policies_file, "resource policy YAML (includeExcludePolicy is applied)");
  c->add_option("--resource-policies-configmap", create.resource_policies_configmap,
                 "ConfigMap in the cluster holding the resource policy YAML (as Velero's flag)");
  c->add_option("--resource-policies-namespace", create.resource_policies_namespace,
                "namespace of that ConfigMap (default velero)");
  c->add_option("--ttl", create.ttl, "how long the backup is kept (default 720h0m0s)");
  c->add_option("--labels", create.labels, "labels for the backup: k=v,k2=v2")->delimiter(',');
  c->add_option("--annotations", create.annotations, "annotations for the backup: k=v")->delimiter(',');
  c->add_flag("--snapshot-volumes{true}", create.snapshot_volumes, "take volume snapshots (recorded; volume data comes later)");
  c->add_flag("--default-volumes-to-fs-backup{true}", create.default_volumes_to_fs_backup, "file-system backup for all volumes (recorded)");
  c->add_flag("--snapshot-move-data{true}", create.snapshot_move_data, "move snapshot data (recorded)");
  c->add_option("--data-mover", create.data_mover, "data mover: velero (recorded)");
  c->add_option("--parallel-files-upload", create.parallel_files_upload, "files uploaded in parallel (recorded)");
  c->add_option("--csi-snapshot-timeout", create.csi_snapshot_timeout, "CSI snapshot timeout (default 10m)");
  c->add_option("--item-operation-timeout", create.item_operation_timeout, "async item operation timeout (default 4h)");
  c->add_option("--storage-location", create.storage_location, "storage location name recorded in the backup (default: default)");
  c->add_option("--volume-snapshot-locations", create.volume_snapshot_locations, "volume snapshot locations")->delimiter(',');
  c->add_flag("-w,--wait", create.wait, "wait for the backup to finish (the in-process backup always does)");
  c->add_flag("--no-progress", create.no_progress, "no progress bar");
  c->add_option("-o,--output", create.output, "output format: json (the final Backup object)")->check(CLI::IsMember({"", "json"}));
  c->add_option("--workers", create.workers, "concurrent LIST requests (default 4)")->check(CLI::Range(1, 64));
  c->add_option("--page-size", create.page_size, "items per LIST page (default 500)")->check(CLI::Range(1, 100000));
  c->add_option("--compression-level", create.compression_level, "gzip level 1-9 (default 1)")->check(CLI::Range(1, 9));
  c->add_option("--compression-threads", create.compression_threads, "gzip threads (default 2)")->check(CLI::Range(1, 64));
  c->add_option("--client-qps", create.qps, "API requests per second, 0 = unlimited (default 100)");
  c->add_option("--client-burst", create.burst, "API request burst (default 100)");
  c->callback([&] { exit_code = guarded([] { return run_create(create); }); });

  static ReadFlags describe, contents, get, logs, del;
  auto* d = backup->add_subcommand("describe", "Show a backup's spec, status and (with --details) its items and results");
  add_read_flags(d, describe, true);
  d->add_flag("--details", describe.details, "include the resource list, warnings and errors");
  d->callback([&] { exit_code = guarded([] { return run_describe(describe); }); });

  auto* ct = backup->add_subcommand("contents", "List the items inside a backup");
  add_read_flags(ct, contents, true);
  ct->add_option("--include-resources", contents.resources, "only these group-resources (e.g. deployments.apps)")->delimiter(',');
  ct->add_option("--namespaces", contents.namespaces, "only these namespaces")->delimiter(',');
  ct->callback([&] { exit_code = guarded([] { return run_contents(contents); }); });

  auto* g = backup->add_subcommand("get", "List the backups in a storage location");
  add_read_flags(g, get, false);
  g->callback([&] { exit_code = guarded([] { return run_get(get); }); });

  auto* l = backup->add_subcommand("logs", "Print a backup's log");
  add_read_flags(l, logs, true);
  l->callback([&] { exit_code = guarded([] { return run_logs(logs); }); });

  auto* rm = backup->add_subcommand("delete", "Delete a backup and every file it has in the storage location");
  add_read_flags(rm, del, true);
  rm->add_flag("--confirm", del.details, "do not ask (required when not on a terminal)");
  rm->callback([&] {
    exit_code = guarded([] {
      if (!del.details) {
        if (!::isatty(0)) throw std::runtime_error("refusing to delete without --confirm");
        std::cerr << "Delete backup \"" << del.name << "\"? [y/N] ";
        std::string answer;
        std::getline(std::cin, answer);
        if (answer != "y" && answer != "Y" && answer != "yes") return 1;
      }
      return run_delete(del);
    });
  });
}

}  // namespace coffer::cli
