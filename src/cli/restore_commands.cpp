#include "cli/restore_commands.h"

#include <iomanip>
#include <iostream>
#include <map>

#include "backup/archive/tar_gz.h"
#include "backup/layout/velero_layout.h"
#include "cli/cli_support.h"
#include "cli/output_format.h"
#include "cli/progress_bar.h"
#include "cli/remote_jobs.h"
#include "common/text.h"
#include "kube/client/kube_client.h"
#include "restore/engine/restore_engine.h"
#include "restore/spec/restore_spec.h"

namespace coffer::cli {
namespace {

using nlohmann::json;

struct RestoreFlags {
  std::string name, from_backup, from_schedule, location, kubeconfig, context, output;
  std::string cluster;  // server mode
  std::vector<std::string> include_namespaces, exclude_namespaces, include_resources, exclude_resources;
  std::string include_cluster_resources;
  std::vector<std::string> namespace_mappings;
  std::string selector, or_selector;
  std::string restore_volumes, preserve_nodeports, existing_resource_policy;
  std::vector<std::string> status_include, status_exclude;
  std::string resource_modifier_configmap, resource_modifier_file;
  std::string item_operation_timeout, write_sparse_files;
  int parallel_files_download = -1;
  std::vector<std::string> include_items, labels, annotations;
  bool preview = false, wait = false, no_progress = false;
  int workers = 32;
  double qps = 2000;
  int burst = 2000;
};

struct ReadRestoreFlags {
  std::string name, location, output;
  bool details = false;
  // server mode: get
  std::vector<std::string> names;
  std::string cluster, status, backup, search;
};

// Flags of the in-process restore that mean nothing to the server (it restores into the
// registered --cluster and records no restore metadata).
const std::vector<std::string> kStandaloneCreateFlags = {"--kubeconfig",   "--context",     "--workers",
                                                         "--client-qps",   "--client-burst", "--resource-modifier-file",
                                                         "--labels",       "--annotations"};

restore::RestoreSpec spec_from_flags(const RestoreFlags& f, FlagErrors& errors) {
  restore::RestoreSpec spec;
  spec.name = f.name;
  spec.backup_name = f.from_backup;
  spec.schedule_name = f.from_schedule;
  spec.included_namespaces = f.include_namespaces;
  spec.excluded_namespaces = f.exclude_namespaces;
  spec.included_resources = f.include_resources;
  spec.excluded_resources = f.exclude_resources;
  spec.include_cluster_resources = parse_bool_flag("include-cluster-resources", f.include_cluster_resources, errors);
  for (const auto& m : f.namespace_mappings) {
    auto colon = m.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == m.size()) {
      errors.add("--namespace-mappings: \"" + m + "\" is not source:target (e.g. shop:shop-copy)");
      continue;
    }
    spec.namespace_mapping[m.substr(0, colon)] = m.substr(colon + 1);
  }
  if (!f.selector.empty()) spec.label_selector = selector_json("selector", f.selector, errors);
  for (const auto& s : split_or(f.or_selector)) spec.or_label_selectors.push_back(selector_json("or-selector", s, errors));
  spec.restore_pvs = parse_bool_flag("restore-volumes", f.restore_volumes, errors);
  spec.preserve_node_ports = parse_bool_flag("preserve-nodeports", f.preserve_nodeports, errors);
  spec.existing_resource_policy = f.existing_resource_policy;
  if (!f.status_include.empty() || !f.status_exclude.empty())
    spec.restore_status = restore::RestoreStatusSpec{f.status_include, f.status_exclude};
  if (!f.resource_modifier_configmap.empty()) {
    restore::ResourceModifierRef ref;
    ref.name = f.resource_modifier_configmap;
    spec.resource_modifier = ref;
    if (!f.resource_modifier_file.empty())
      errors.add("--resource-modifier-configmap and --resource-modifier-file: use one of them");
  }
  spec.item_operation_timeout = parse_duration_flag("item-operation-timeout", f.item_operation_timeout, errors);
  spec.write_sparse_files = parse_bool_flag("write-sparse-files", f.write_sparse_files, errors);
  if (f.parallel_files_download >= 0) spec.parallel_files_download = f.parallel_files_download;
  spec.included_items = f.include_items;
  spec.labels = parse_pairs("labels", f.labels, errors);
  spec.annotations = parse_pairs("annotations", f.annotations, errors);
  return spec;
}

// The per-item outcomes of a preview as the server sends them (restore::item_outcomes_json).
std::vector<restore::ItemOutcome> item_outcomes_from_json(const json& items) {
  std::vector<restore::ItemOutcome> out;
  for (const auto& i : items)
    out.push_back({str_or(i, "groupResource", ""), str_or(i, "apiVersion", ""), str_or(i, "kind", ""),
                   str_or(i, "namespace", ""), str_or(i, "name", ""), str_or(i, "action", ""), str_or(i, "reason", ""),
                   str_or(i, "diff", "")});
  return out;
}

std::map<std::string, std::size_t> count_actions(const std::vector<restore::ItemOutcome>& items) {
  std::map<std::string, std::size_t> n;
  for (const auto& i : items) ++n[i.action];
  return n;
}

void print_items(const std::vector<restore::ItemOutcome>& items, bool diffs) {
  std::size_t w_res = 8, w_ns = 9;
  for (const auto& i : items) {
    w_res = std::max(w_res, i.group_resource.size());
    w_ns = std::max(w_ns, i.namespace_.size());
  }
  std::cout << std::left << std::setw(8) << "ACTION" << std::setw(int(w_res) + 2) << "RESOURCE" << std::setw(int(w_ns) + 2)
            << "NAMESPACE" << "NAME\n";
  for (const auto& i : items) {
    std::cout << std::left << std::setw(8) << i.action << std::setw(int(w_res) + 2) << i.group_resource
              << std::setw(int(w_ns) + 2) << (i.namespace_.empty() ? "-" : i.namespace_) << i.name;
    if (!i.reason.empty()) std::cout << "  (" << i.reason << ")";
    std::cout << "\n";
  }
  if (!diffs) return;
  for (const auto& i : items) {
    if (i.diff.empty()) continue;
    std::cout << "\n" << i.group_resource << " " << (i.namespace_.empty() ? "" : i.namespace_ + "/") << i.name << ":\n"
              << i.diff;
  }
}

std::string counts_text(const std::vector<restore::ItemOutcome>& items, bool preview) {
  auto n = count_actions(items);
  return std::to_string(n["create"]) + (preview ? " to create, " : " created, ") + std::to_string(n["update"]) +
         (preview ? " to update, " : " updated, ") + std::to_string(n["skip"]) + (preview ? " to skip, " : " skipped, ") +
         std::to_string(n["fail"]) + (preview ? " would fail" : " failed");
}

void print_preview(const std::string& name, const std::string& backup, const std::vector<restore::ItemOutcome>& items) {
  print_items(items, true);
  std::cout << "\nPreview of restore \"" << name << "\" from backup " << backup << ": " << counts_text(items, true)
            << ". Nothing was written.\n";
}

int run_restore_create_standalone(const CLI::App* cmd, const RestoreFlags& f) {
  check_standalone_output(f.output);
  FlagErrors errors;
  reject_given_flags(cmd, {"--cluster"}, "only against a server (without --location)", errors);
  if (f.name.empty()) errors.add("NAME: give the restore a name");
  restore::RestoreSpec spec = spec_from_flags(f, errors);
  restore::RestoreOptions options;
  if (!f.resource_modifier_file.empty()) {
    try {
      options.resource_modifiers_text = read_file_text(f.resource_modifier_file);
    } catch (const std::exception& e) {
      errors.add("--resource-modifier-file: " + std::string(e.what()));
    }
  }
  auto spec_errors = restore::validate_restore_spec(spec);
  errors.list.insert(errors.list.end(), spec_errors.begin(), spec_errors.end());
  if (!errors.list.empty()) {
    print_failed_validation("Restore", f.name, errors.list);
    return 1;
  }
  auto store = open_store(f.location);
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
  options.preview = f.preview;
  options.workers = f.workers;
  options.progress_interval = bar.is_terminal() ? std::chrono::milliseconds(200) : std::chrono::milliseconds(1000);
  options.on_progress = [&](const restore::RestoreProgress& p) { bar.update(p.items_restored, p.total_items, p.phase); };
  auto outcome = restore::run_restore(client.get(), *store, spec, options, config_error);
  bar.finish();

  if (f.output == "json") {
    std::cout << json{{"restore", outcome.restore}, {"items", restore::item_outcomes_json(outcome.items)}}.dump(2) << "\n";
  } else if (outcome.phase == "FailedValidation") {
    print_failed_validation("Restore", f.name, outcome.validation_errors);
  } else {
    const std::string counts = counts_text(outcome.items, f.preview);
    if (f.preview) {
      print_preview(f.name, outcome.restore["spec"].value("backupName", std::string()), outcome.items);
    } else {
      std::cout << "Restore \"" << f.name << "\" " << outcome.phase << ": " << counts << "\n";
      const json& status = outcome.restore["status"];
      if (status.contains("failureReason"))
        std::cout << "Failure reason: " << status["failureReason"].get<std::string>() << "\n";
      auto warnings = status.value("warnings", 0ULL), errs = status.value("errors", 0ULL);
      if (warnings || errs)
        std::cout << "Warnings: " << warnings << "  Errors: " << errs << "  (coffer restore describe " << f.name
                  << " --location " << f.location << " --details)\n";
    }
  }
  return phase_exit_code(outcome.phase);
}

// Server preview: the same table and summary as the standalone --preview.
int print_remote_preview(const RemoteRestoreCreate& request, const json& preview) {
  const OutputFormat format = parse_output_format(request.output);
  if (format != OutputFormat::table) {
    print_document(std::cout, preview, format);
  } else if (preview.value("phase", "") == "FailedValidation") {
    print_failed_validation("Restore", request.name, json_strings(preview, "validationErrors"));
  } else {
    const std::string source = request.backup.empty() ? "of schedule " + request.schedule : request.backup;
    print_preview(request.name.empty() ? "preview" : request.name, source,
                  item_outcomes_from_json(preview.value("items", json::array())));
  }
  return phase_exit_code(preview.value("phase", ""));
}

int run_restore_create_remote(const CLI::App* cmd, const RestoreFlags& f) {
  FlagErrors errors;
  reject_given_flags(cmd, kStandaloneCreateFlags,
                     "only with --location (standalone); the server restores into the registered --cluster", errors);
  restore::RestoreSpec spec = spec_from_flags(f, errors);
  spec.name = f.name.empty() ? "restore" : f.name;  // the server names it when NAME is not given
  auto spec_errors = restore::validate_restore_spec(spec);
  errors.list.insert(errors.list.end(), spec_errors.begin(), spec_errors.end());
  if (!errors.list.empty()) {
    print_failed_validation("Restore", f.name, errors.list);
    return 1;
  }
  RemoteRestoreCreate request;
  request.name = f.name;
  request.backup = f.from_backup;
  request.schedule = f.from_schedule;
  request.cluster = f.cluster;
  request.spec = restore::restore_spec_to_json(spec);
  request.wait = f.wait;
  request.progress = !f.no_progress;
  request.output = f.output;
  ServerClient client = connect_for_command();
  if (f.preview) return print_remote_preview(request, remote_restore_preview(client, request));
  return remote_restore_create(client, request);
}

int run_restore_create(const CLI::App* cmd, const RestoreFlags& f) {
  return f.location.empty() ? run_restore_create_remote(cmd, f) : run_restore_create_standalone(cmd, f);
}

// A restore record ({spec, status}) as `velero restore describe` prints it (without --details).
void print_restore_description(std::ostream& out, const std::string& name, const json& record) {
  const json& spec = record.value("spec", json::object());
  const json& status = record.value("status", json::object());
  out << "Name:         " << name << "\n";
  out << "Phase:        " << str_or(status, "phase", "") << "\n";
  if (status.contains("failureReason")) out << "Failure reason:  " << status["failureReason"].get<std::string>() << "\n";
  out << "Backup:       " << str_or(spec, "backupName", "") << "\n";
  out << "\nErrors:    " << status.value("errors", 0) << "\nWarnings:  " << status.value("warnings", 0) << "\n\n";
  out << "Namespaces:\n";
  print_list(out, "Included:  ", json_strings(spec, "includedNamespaces"), "*");
  print_list(out, "Excluded:  ", json_strings(spec, "excludedNamespaces"));
  out << "\nResources:\n";
  print_list(out, "Included:        ", json_strings(spec, "includedResources"), "*");
  print_list(out, "Excluded:        ", json_strings(spec, "excludedResources"), "nodes, events, events.events.k8s.io, backups.velero.io, restores.velero.io, resticrepositories.velero.io");
  out << "  Cluster-scoped:  "
      << (spec.contains("includeClusterResources") ? (spec["includeClusterResources"].get<bool>() ? "included" : "excluded") : "auto")
      << "\n\nNamespace mappings:  ";
  if (spec.contains("namespaceMapping")) {
    std::vector<std::string> pairs;
    for (const auto& [k, v] : spec["namespaceMapping"].items()) pairs.push_back(k + "=" + v.get<std::string>());
    out << join(pairs, ", ") << "\n";
  } else {
    out << "<none>\n";
  }
  out << "Existing resource policy:  " << str_or(spec, "existingResourcePolicy", "<none>") << "\n";
  out << "\nStarted:     " << str_or(status, "startTimestamp", "<n/a>") << "\n";
  out << "Completed:   " << str_or(status, "completionTimestamp", "<n/a>") << "\n";
  if (status.contains("progress"))
    out << "\nTotal items to be restored:  " << status["progress"].value("totalItems", 0)
        << "\nItems restored:              " << status["progress"].value("itemsRestored", 0) << "\n";
}

int run_restore_describe_standalone(const ReadRestoreFlags& f) {
  auto store = open_store(f.location);
  using backup::layout::restore_key;
  json record = restore::read_restore_record(*store, f.name);
  auto sidecar = [&](const char* suffix) {
    return json::parse(backup::gzip_decompress(store->get(restore_key(f.name, suffix))));
  };
  if (f.output == "json") {
    if (f.details) {
      record["resourceList"] = sidecar("-resource-list.json.gz");
      record["results"] = sidecar("-results.gz");
    }
    std::cout << record.dump(2) << "\n";
    return 0;
  }
  print_restore_description(std::cout, f.name, record);
  std::ostream& out = std::cout;
  if (f.details) {
    out << "\nResource List:\n";
    const json resource_list = sidecar("-resource-list.json.gz");
    for (const auto& [key, names] : resource_list.items()) {
      out << "  " << key << ":\n";
      for (const auto& n : names) out << "    - " << n.get<std::string>() << "\n";
    }
    out << "\n";
    json results = sidecar("-results.gz");
    print_results(out, "Errors:", results.value("errors", json::object()));
    print_results(out, "Warnings:", results.value("warnings", json::object()));
  }
  return 0;
}

int run_restore_describe_remote(const ReadRestoreFlags& f) {
  ServerClient client = connect_for_command();
  json record = remote_restore_record(client, f.name);
  const OutputFormat format = parse_output_format(f.output);
  if (format != OutputFormat::table) {
    print_document(std::cout, record, format);
    return 0;
  }
  print_restore_description(std::cout, f.name, restore_record_as_velero(record));
  std::cout << "\nCluster:     " << cell(record, "cluster") << "\nCreated by:  " << cell(record, "createdBy")
            << "\nCreated:     " << cell(record, "createdAt") << "\n";
  if (f.details) std::cout << "\nItems, errors and warnings: coffer restore logs " << f.name << "\n";
  return 0;
}

int run_restore_get_standalone(const ReadRestoreFlags& f) {
  if (!f.names.empty()) throw std::runtime_error("NAME: showing given restores needs the server; standalone lists every restore");
  auto store = open_store(f.location);
  json list = json::array();
  for (const auto& dir : store->list_common_prefixes("restores/")) {
    std::string name = dir.substr(9, dir.size() - 10);
    try {
      list.push_back(restore::read_restore_record(*store, name));
    } catch (const std::exception&) {
      // a Velero restore's directory without Coffer's record: name only
      list.push_back({{"metadata", {{"name", name}}}});
    }
  }
  if (f.output == "json") {
    std::cout << list.dump(2) << "\n";
    return 0;
  }
  std::cout << std::left << std::setw(32) << "NAME" << std::setw(28) << "BACKUP" << std::setw(18) << "STATUS"
            << std::setw(10) << "ERRORS" << std::setw(10) << "WARNINGS" << "STARTED\n";
  for (const auto& r : list) {
    json status = r.value("status", json::object());
    std::cout << std::left << std::setw(32) << r["metadata"].value("name", "") << std::setw(28)
              << r.value("spec", json::object()).value("backupName", "") << std::setw(18) << status.value("phase", "")
              << std::setw(10) << status.value("errors", 0) << std::setw(10) << status.value("warnings", 0)
              << status.value("startTimestamp", "") << "\n";
  }
  return 0;
}

int run_restore_get_remote(const ReadRestoreFlags& f) {
  ServerClient client = connect_for_command();
  RemoteList list;
  list.names = f.names;
  list.filters = {{"cluster", f.cluster}, {"status", f.status}, {"backup", f.backup}};
  list.search = f.search;
  list.output = f.output;
  return remote_restore_get(client, list);
}

int run_restore_logs_standalone(const ReadRestoreFlags& f) {
  auto store = open_store(f.location);
  std::cout << backup::gzip_decompress(store->get(backup::layout::restore_key(f.name, "-logs.gz")));
  return 0;
}

void add_read_flags(CLI::App* cmd, ReadRestoreFlags& f, bool needs_name) {
  if (needs_name) cmd->add_option("NAME", f.name, "restore name")->required();
  cmd->add_option("--location", f.location, "storage location URL (standalone), e.g. file:///var/backups/coffer");
  add_output_flag(cmd, f.output);
}


}  // namespace

void register_restore_commands(CLI::App& app, int& exit_code) {
  auto* restore = app.add_subcommand("restore", "Restore backups into a cluster, or preview a restore");
  restore->require_subcommand(1);

  static RestoreFlags f;
  auto* c = restore->add_subcommand("create", "Restore a backup into a cluster (or preview it with --preview)");
  c->add_option("NAME", f.name, "restore name (a DNS-1123 subdomain; optional against a server)");
  c->add_option("--from-backup", f.from_backup, "backup to restore");
  c->add_option("--from-schedule", f.from_schedule, "restore the latest Completed backup of this schedule");
  c->add_option("--location", f.location, "storage location URL holding the backup (standalone)");
  c->add_option("--cluster", f.cluster, "registered cluster to restore into (server)");
  c->add_option("--kubeconfig", f.kubeconfig, "target cluster's kubeconfig (default: KUBECONFIG, then ~/.kube/config)");
  c->add_option("--context", f.context, "kubeconfig context (default: current-context)");
  c->add_option("--include-namespaces", f.include_namespaces, "backed-up namespaces to restore (globs; default *)")->delimiter(',');
  c->add_option("--exclude-namespaces", f.exclude_namespaces, "backed-up namespaces to leave out (globs)")->delimiter(',');
  c->add_option("--include-resources", f.include_resources, "resources to restore (plural, plural.group, kind or short name)")->delimiter(',');
  c->add_option("--exclude-resources", f.exclude_resources, "resources to leave out")->delimiter(',');
  c->add_flag("--include-cluster-resources{true}", f.include_cluster_resources,
              "cluster-scoped resources: true, false; unset = all when every namespace is restored, related ones otherwise");
  c->add_option("--namespace-mappings", f.namespace_mappings, "source:target namespace pairs, e.g. shop:shop-copy")->delimiter(',');
  c->add_option("-l,--selector", f.selector, "label selector, e.g. 'app=web'");
  c->add_option("--or-selector", f.or_selector, "label selectors joined by ' or '");
  c->add_flag("--restore-volumes{true}", f.restore_volumes, "restore volumes from snapshots (recorded; volume data comes later)");
  c->add_flag("--preserve-nodeports{true}", f.preserve_nodeports, "keep Services' auto-assigned nodePorts");
  c->add_option("--existing-resource-policy", f.existing_resource_policy, "existing objects that differ: none (leave them) or update (patch them)");
  c->add_option("--status-include-resources", f.status_include, "resources whose status is restored")->delimiter(',');
  c->add_option("--status-exclude-resources", f.status_exclude, "resources whose status is not restored")->delimiter(',');
  c->add_option("--resource-modifier-configmap", f.resource_modifier_configmap, "ConfigMap (namespace velero) with resource modifier rules");
  c->add_option("--resource-modifier-file", f.resource_modifier_file, "resource modifier rules from a file (YAML or JSON)");
  c->add_option("--item-operation-timeout", f.item_operation_timeout, "async item operation timeout (default 4h)");
  c->add_flag("--write-sparse-files{true}", f.write_sparse_files, "write sparse files when restoring volume data (recorded)");
  c->add_option("--parallel-files-download", f.parallel_files_download, "files downloaded in parallel (recorded)");
  c->add_option("--include-items", f.include_items, "only these items: resource/namespace/name or resource/name, comma-separated")->delimiter(',');
  c->add_option("--labels", f.labels, "labels for the restore: k=v")->delimiter(',');
  c->add_option("--annotations", f.annotations, "annotations for the restore: k=v")->delimiter(',');
  c->add_flag("--preview", f.preview, "show what the restore would do; write nothing");
  c->add_flag("-w,--wait", f.wait, "wait for the restore to finish (the in-process restore always does)");
  c->add_flag("--no-progress", f.no_progress, "no progress bar");
  add_output_flag(c, f.output);
  c->add_option("--workers", f.workers, "requests in flight per tier (default 32)")->check(CLI::Range(1, 256));
  c->add_option("--client-qps", f.qps, "API requests per second, 0 = unlimited (default 2000)");
  c->add_option("--client-burst", f.burst, "API request burst (default 2000)");
  c->callback([&exit_code, c] { exit_code = guarded([c] { return run_restore_create(c, f); }); });

  static ReadRestoreFlags describe, get, logs;
  auto* d = restore->add_subcommand("describe", "Show a restore's spec, status and (with --details) items and results");
  add_read_flags(d, describe, true);
  d->add_flag("--details", describe.details, "include the resource list, warnings and errors");
  d->callback([&exit_code, d] {
    exit_code = guarded([d] {
      return run_in_mode(
          d, describe.location, describe.output, {}, [] { return run_restore_describe_standalone(describe); },
          [] { return run_restore_describe_remote(describe); });
    });
  });
  auto* g = restore->add_subcommand("get", "List restores (all, or the named ones)");
  add_read_flags(g, get, false);
  g->add_option("NAME", get.names, "restores to show (server; default: every restore matching the filters)");
  g->add_option("--cluster", get.cluster, "only restores into this cluster (server)");
  g->add_option("--status", get.status, "only restores in these phases, e.g. Completed,Failed (server)");
  g->add_option("--backup", get.backup, "only restores of this backup (server)");
  g->add_option("--search", get.search, "only restores whose name contains this (server)");
  g->callback([&exit_code, g] {
    exit_code = guarded([g] {
      return run_in_mode(
          g, get.location, get.output, {"--cluster", "--status", "--backup", "--search"},
          [] { return run_restore_get_standalone(get); }, [] { return run_restore_get_remote(get); });
    });
  });
  auto* l = restore->add_subcommand("logs", "Print a restore's log");
  add_read_flags(l, logs, true);
  l->callback([&exit_code, l] {
    exit_code = guarded([l] {
      return run_in_mode(l, logs.location, logs.output, {}, [] { return run_restore_logs_standalone(logs); }, [] {
        ServerClient client = connect_for_command();
        return remote_restore_logs(client, logs.name);
      });
    });
  });
  add_cancel_command(restore, exit_code, "restores", "restore");
}

}  // namespace coffer::cli
