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
#include "cli/output_format.h"
#include "cli/progress_bar.h"
#include "cli/remote_jobs.h"
#include "common/text.h"
#include "kube/config/kubeconfig.h"
#include "kube/labels/label_selector.h"
#include "storage/factory/location_factory.h"
#include "storage/location_config.h"
#include "storage/object_store.h"

namespace coffer::cli {
namespace {

using nlohmann::json;

struct CreateFlags : BackupSpecFlags {
  std::string name, location, kubeconfig, context, output;
  std::string cluster, environments, from_schedule;  // server mode
  bool wait = false, no_progress = false;
  int workers = 4, page_size = 500, compression_level = 1, compression_threads = 2;
  double qps = 100;
  int burst = 100;
};

struct ReadFlags {
  std::string name, location, output;
  bool details = false;
  std::vector<std::string> resources, namespaces;
  // server mode
  std::vector<std::string> names;  // get and delete: NAME...
  std::string cluster, status, search, schedule, file;
  bool force = false, wait = false;
};

// Flags of the in-process backup that mean nothing to the server, and the reverse.
const std::vector<std::string> kStandaloneCreateFlags = {
    "--kubeconfig", "--context", "--workers", "--page-size", "--compression-level", "--compression-threads",
    "--client-qps", "--client-burst", "--resource-policies-file", "--annotations"};
const std::vector<std::string> kServerCreateFlags = {"--cluster", "--environments", "--from-schedule"};
// The flags that make the spec; a backup from a schedule takes the schedule's instead.
const std::vector<std::string> kSpecFlags = {
    "--include-namespaces", "--exclude-namespaces", "--namespace-set", "--include-resources", "--exclude-resources",
    "--include-cluster-resources", "--include-cluster-scoped-resources", "--exclude-cluster-scoped-resources",
    "--include-namespace-scoped-resources", "--exclude-namespace-scoped-resources", "--selector", "--or-selector",
    "--ordered-resources", "--resource-policies-configmap", "--resource-policies-namespace", "--ttl", "--labels",
    "--snapshot-volumes", "--default-volumes-to-fs-backup", "--snapshot-move-data", "--data-mover",
    "--parallel-files-upload", "--csi-snapshot-timeout", "--item-operation-timeout", "--volume-snapshot-locations"};

int run_create_standalone(const CLI::App* cmd, const CreateFlags& f) {
  check_standalone_output(f.output);
  FlagErrors errors;
  reject_given_flags(cmd, kServerCreateFlags, "only against a server (without --location)", errors);
  if (f.name.empty()) errors.add("NAME: give the backup a name");
  backup::BackupSpec spec = spec_from_flags(f, errors);
  spec.name = f.name;

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
    print_failed_validation("Backup", f.name, errors.list);
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
      print_failed_validation("Backup", f.name, json_strings(status, "validationErrors"));
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
  return phase_exit_code(outcome.phase);
}

int run_create_remote(const CLI::App* cmd, const CreateFlags& f) {
  FlagErrors errors;
  reject_given_flags(cmd, kStandaloneCreateFlags,
                     "only with --location (standalone); the server backs up the registered --cluster", errors);
  if (!f.from_schedule.empty())
    reject_given_flags(cmd, kSpecFlags, "not with --from-schedule (the backup uses the schedule's template)", errors);
  if (f.name.empty() && f.from_schedule.empty()) errors.add("NAME: give the backup a name (optional only with --from-schedule)");
  backup::BackupSpec spec = spec_from_flags(f, errors);
  spec.name = f.name;
  if (!f.name.empty() && f.from_schedule.empty()) {
    auto spec_errors = backup::validate_spec(spec);
    errors.list.insert(errors.list.end(), spec_errors.begin(), spec_errors.end());
  }
  if (!errors.list.empty()) {
    print_failed_validation("Backup", f.name, errors.list);
    return 1;
  }
  RemoteBackupCreate request;
  request.name = f.name;
  request.cluster = f.cluster;
  request.location = f.storage_location;
  request.environments = f.environments;
  request.from_schedule = f.from_schedule;
  request.spec = backup::spec_to_json(spec);
  request.spec.erase("storageLocation");  // the server records the location it backs up into
  request.labels = spec.labels;
  request.wait = f.wait;
  request.progress = !f.no_progress;
  request.output = f.output;
  ServerClient client = connect_for_command();
  return remote_backup_create(client, request);
}

int run_create(const CLI::App* cmd, const CreateFlags& f) {
  return f.location.empty() ? run_create_remote(cmd, f) : run_create_standalone(cmd, f);
}

// A velero.io/v1 Backup as `velero backup describe` prints it (without --details).
void print_backup_description(std::ostream& out, const json& b) {
  const json& md = b.value("metadata", json::object());
  const json& spec = b.value("spec", json::object());
  const json& status = b.value("status", json::object());
  auto kv = [](const json& m) {
    std::vector<std::string> v;
    for (const auto& [k, val] : m.items()) v.push_back(k + "=" + (val.is_string() ? val.get<std::string>() : val.dump()));
    return v;
  };
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
}

void print_resource_list(std::ostream& out, const json& resource_list) {
  out << "\nResource List:\n";
  for (const auto& [key, names] : resource_list.items()) {
    out << "  " << key << ":\n";
    for (const auto& n : names) out << "    - " << n.get<std::string>() << "\n";
  }
  out << "\n";
}

int run_describe_standalone(const ReadFlags& f) {
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
  print_backup_description(std::cout, b);
  if (f.details) {
    print_resource_list(std::cout, reader.resource_list());
    auto results = reader.results();
    print_results(std::cout, "Errors:", results.value("errors", json::object()));
    print_results(std::cout, "Warnings:", results.value("warnings", json::object()));
  }
  return 0;
}

int run_describe_remote(const ReadFlags& f) {
  ServerClient client = connect_for_command();
  json record = remote_backup_record(client, f.name);
  const OutputFormat format = parse_output_format(f.output);
  if (format != OutputFormat::table) {
    if (f.details) record["contents"] = remote_backup_contents(client, f.name);
    print_document(std::cout, record, format);
    return 0;
  }
  print_backup_description(std::cout, backup_record_as_velero(record));
  std::cout << "\nCluster:     " << cell(record, "cluster") << "\nSchedule:    " << (cell(record, "schedule").empty() ? "<none>" : cell(record, "schedule"))
            << "\nCreated by:  " << cell(record, "createdBy") << "\nCreated:     " << cell(record, "createdAt") << "\n";
  if (f.details && (record.value("phase", "") == "Completed" || record.value("phase", "") == "PartiallyFailed")) {
    print_resource_list(std::cout, remote_backup_contents(client, f.name).value("resources", json::object()));
    std::cout << "Errors and warnings: coffer backup logs " << f.name << "\n";
  }
  return 0;
}

using ContentRow = std::array<std::string, 3>;  // resource, namespace, name

void print_content_rows(std::vector<ContentRow> rows) {
  std::sort(rows.begin(), rows.end());
  std::size_t w0 = 8, w1 = 9;
  for (const auto& r : rows) w0 = std::max(w0, r[0].size()), w1 = std::max(w1, r[1].size());
  auto pad = [](const std::string& s, std::size_t w) { return s + std::string(w - s.size() + 2, ' '); };
  std::cout << pad("RESOURCE", w0) << pad("NAMESPACE", w1) << "NAME\n";
  for (const auto& r : rows) std::cout << pad(r[0], w0) << pad(r[1], w1) << r[2] << "\n";
  std::cerr << rows.size() << " item(s)\n";
}

int run_contents_standalone(const ReadFlags& f) {
  auto store = open_store(f.location);
  backup::BackupReader reader(*store, f.name);
  backup::ItemFilter filter;
  filter.group_resources = f.resources;
  filter.namespaces = f.namespaces;
  json items = json::array();
  std::vector<ContentRow> rows;
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
  print_content_rows(std::move(rows));
  return 0;
}

// The server's resource list ({"apps/v1/Deployment": ["ns/name", ...]}) as rows.
int run_contents_remote(const CLI::App* cmd, const ReadFlags& f) {
  FlagErrors errors;
  reject_given_flags(cmd, {"--include-resources", "--namespaces"}, "only with --location (standalone)", errors);
  if (!errors.list.empty()) throw std::runtime_error(join(errors.list, "; "));
  ServerClient client = connect_for_command();
  json contents = remote_backup_contents(client, f.name);
  const OutputFormat format = parse_output_format(f.output);
  if (format != OutputFormat::table) {
    print_document(std::cout, contents, format);
    return 0;
  }
  std::vector<ContentRow> rows;
  const json resources = contents.value("resources", json::object());
  for (const auto& [resource, names] : resources.items())
    for (const auto& entry : names) {
      const std::string text = entry.get<std::string>();
      const auto slash = text.find('/');
      if (slash == std::string::npos) rows.push_back({resource, "<cluster>", text});
      else rows.push_back({resource, text.substr(0, slash), text.substr(slash + 1)});
    }
  print_content_rows(std::move(rows));
  return 0;
}

int run_get_standalone(const ReadFlags& f) {
  if (!f.names.empty()) throw std::runtime_error("NAME: listing given backups needs the server; standalone lists every backup");
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

int run_get_remote(const ReadFlags& f) {
  ServerClient client = connect_for_command();
  RemoteList list;
  list.names = f.names;
  list.filters = {{"cluster", f.cluster}, {"status", f.status}, {"schedule", f.schedule}};
  list.search = f.search;
  list.output = f.output;
  return remote_backup_get(client, list);
}

int run_logs_standalone(const ReadFlags& f) {
  auto store = open_store(f.location);
  backup::BackupReader reader(*store, f.name);
  std::cout << reader.logs();
  return 0;
}

int run_delete_standalone(const ReadFlags& f) {
  auto store = open_store(f.location);
  for (const auto& name : f.names) {
    backup::BackupReader reader(*store, name);  // BackupNotFound when missing
    backup::BackupReader::delete_backup(*store, name);
    std::cout << "Backup \"" << name << "\" deleted from " << store->describe() << "\n";
  }
  return 0;
}

// Asks on a terminal unless --confirm; refuses without a terminal.
bool delete_confirmed(const ReadFlags& f) {
  if (f.details) return true;
  if (!::isatty(0)) throw std::runtime_error("refusing to delete without --confirm");
  std::cerr << "Delete backup(s) " << join(f.names, ", ") << "? [y/N] ";
  std::string answer;
  std::getline(std::cin, answer);
  return answer == "y" || answer == "Y" || answer == "yes";
}

int run_delete(const ReadFlags& f) {
  if (!delete_confirmed(f)) return 1;
  if (!f.location.empty()) return run_delete_standalone(f);
  ServerClient client = connect_for_command();
  return remote_backup_delete(client, f.names, f.wait);
}


void add_read_flags(CLI::App* cmd, ReadFlags& f, bool needs_name) {
  if (needs_name) cmd->add_option("NAME", f.name, "backup name")->required();
  cmd->add_option("--location", f.location, "storage location URL (standalone), e.g. file:///var/backups/coffer");
  add_output_flag(cmd, f.output);
}

}  // namespace

void register_backup_commands(CLI::App& app, int& exit_code) {
  auto* backup = app.add_subcommand("backup", "Create, inspect and delete backups (standalone with --location, else through the server)");
  backup->require_subcommand(1);

  static CreateFlags create;
  auto* c = backup->add_subcommand("create", "Back up a cluster, namespaces or resources into a storage location");
  c->add_option("NAME", create.name, "backup name (a DNS-1123 subdomain; optional with --from-schedule)");
  c->add_option("--location", create.location, "storage location URL (standalone), e.g. file:///var/backups/coffer");
  c->add_option("--cluster", create.cluster, "registered cluster to back up (server)");
  c->add_option("--environments", create.environments, "production or non-production: the cluster's environments of that kind (server)")
      ->check(CLI::IsMember({"production", "non-production"}));
  c->add_option("--from-schedule", create.from_schedule, "back up with a schedule's template (server)");
  c->add_option("--kubeconfig", create.kubeconfig, "kubeconfig file (default: KUBECONFIG, then ~/.kube/config)");
  c->add_option("--context", create.context, "kubeconfig context (default: current-context)");
  add_backup_spec_flags(c, create);
  c->add_flag("-w,--wait", create.wait, "wait for the backup to finish (the in-process backup always does)");
  c->add_flag("--no-progress", create.no_progress, "no progress bar");
  add_output_flag(c, create.output);
  c->add_option("--workers", create.workers, "concurrent LIST requests (default 4)")->check(CLI::Range(1, 64));
  c->add_option("--page-size", create.page_size, "items per LIST page (default 500)")->check(CLI::Range(1, 100000));
  c->add_option("--compression-level", create.compression_level, "gzip level 1-9 (default 1)")->check(CLI::Range(1, 9));
  c->add_option("--compression-threads", create.compression_threads, "gzip threads (default 2)")->check(CLI::Range(1, 64));
  c->add_option("--client-qps", create.qps, "API requests per second, 0 = unlimited (default 100)");
  c->add_option("--client-burst", create.burst, "API request burst (default 100)");
  c->callback([&exit_code, c] { exit_code = guarded([c] { return run_create(c, create); }); });

  static ReadFlags describe, contents, get, logs, download, del;
  auto* d = backup->add_subcommand("describe", "Show a backup's spec, status and (with --details) its items and results");
  add_read_flags(d, describe, true);
  d->add_flag("--details", describe.details, "include the resource list, warnings and errors");
  d->callback([&exit_code, d] {
    exit_code = guarded([d] {
      return run_in_mode(
          d, describe.location, describe.output, {}, [] { return run_describe_standalone(describe); },
          [] { return run_describe_remote(describe); });
    });
  });

  auto* ct = backup->add_subcommand("contents", "List the items inside a backup");
  add_read_flags(ct, contents, true);
  ct->add_option("--include-resources", contents.resources, "only these group-resources (e.g. deployments.apps; standalone)")
      ->delimiter(',');
  ct->add_option("--namespaces", contents.namespaces, "only these namespaces (standalone)")->delimiter(',');
  ct->callback([&exit_code, ct] {
    exit_code = guarded([ct] {
      return run_in_mode(
          ct, contents.location, contents.output, {}, [] { return run_contents_standalone(contents); },
          [ct] { return run_contents_remote(ct, contents); });
    });
  });

  auto* g = backup->add_subcommand("get", "List backups (all, or the named ones)");
  add_read_flags(g, get, false);
  g->add_option("NAME", get.names, "backups to show (server; default: every backup matching the filters)");
  g->add_option("--cluster", get.cluster, "only backups of this cluster (server)");
  g->add_option("--status", get.status, "only backups in these phases, e.g. Completed,Failed (server)");
  g->add_option("--schedule", get.schedule, "only backups made by this schedule (server)");
  g->add_option("--search", get.search, "only backups whose name contains this (server)");
  g->callback([&exit_code, g] {
    exit_code = guarded([g] {
      return run_in_mode(
          g, get.location, get.output, {"--cluster", "--status", "--schedule", "--search"},
          [] { return run_get_standalone(get); }, [] { return run_get_remote(get); });
    });
  });

  auto* l = backup->add_subcommand("logs", "Print a backup's log");
  add_read_flags(l, logs, true);
  l->callback([&exit_code, l] {
    exit_code = guarded([l] {
      return run_in_mode(l, logs.location, logs.output, {}, [] { return run_logs_standalone(logs); }, [] {
        ServerClient client = connect_for_command();
        return remote_backup_logs(client, logs.name);
      });
    });
  });

  add_cancel_command(backup, exit_code, "backups", "backup");

  auto* dl = backup->add_subcommand("download", "Download a backup's tarball (server)");
  dl->add_option("NAME", download.name, "backup name")->required();
  dl->add_option("-f,--file", download.file, "where to write it (default NAME-data.tar.gz)");
  dl->add_flag("--force", download.force, "overwrite the file if it exists");
  dl->callback([&exit_code] {
    exit_code = guarded([] {
      ServerClient client = connect_for_command();
      return remote_backup_download(client, download.name, download.file, download.force);
    });
  });

  auto* rm = backup->add_subcommand("delete", "Delete backups and every file they have in the storage location");
  rm->add_option("NAME", del.names, "backups to delete")->required();
  rm->add_option("--location", del.location, "storage location URL (standalone), e.g. file:///var/backups/coffer");
  rm->add_flag("--confirm", del.details, "do not ask (required when not on a terminal)");
  rm->add_flag("-w,--wait", del.wait, "wait until the server has deleted them (server)");
  rm->callback([&exit_code] { exit_code = guarded([] { return run_delete(del); }); });
}

}  // namespace coffer::cli
