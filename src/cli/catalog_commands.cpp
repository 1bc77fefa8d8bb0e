#include "cli/catalog_commands.h"

#include <unistd.h>

#include <iostream>
#include <memory>

#include "cli/cli_support.h"
#include "cli/output_format.h"
#include "common/text.h"

namespace coffer::cli {

using nlohmann::json;

// ---- shared by the catalog command groups --------------------------------------------------------

json list_all(ServerClient& client, const std::string& collection, const std::string& query) {
  constexpr std::int64_t kPage = 200;
  json items = json::array();
  for (std::int64_t offset = 0;;) {
    json page =
        client.get(collection + "?limit=" + std::to_string(kPage) + "&offset=" + std::to_string(offset) + query);
    const json& got = page.at("items");
    for (const auto& item : got) items.push_back(item);
    offset += static_cast<std::int64_t>(got.size());
    if (got.empty() || offset >= page.value("total", std::int64_t{0})) break;
  }
  return items;
}

int print_records(ServerClient& client, const std::string& collection, const std::vector<std::string>& names,
                  const std::string& output, const Columns& columns, const std::string& query) {
  const OutputFormat format = parse_output_format(output);
  json items = json::array();
  if (names.empty()) {
    items = list_all(client, collection, query);
  } else {
    for (const auto& name : names) items.push_back(client.get(collection + "/" + url_escape(name)));
  }
  if (format != OutputFormat::table) {
    print_document(std::cout, names.size() == 1 ? items[0] : json{{"items", items}}, format);
    return 0;
  }
  if (items.empty()) {
    std::cerr << "No records found.\n";  // kubectl's "No resources found."
    return 0;
  }
  Table table(columns.headers);
  for (const auto& item : items) table.add_row(columns.row(item));
  table.print(std::cout);
  return 0;
}

void print_record(const json& record, const std::string& output, const std::function<void(const json&)>& describe) {
  if (!printed_as_document(record, output)) describe(record);
}

bool confirm_deletion(bool confirmed, const std::string& what) {
  if (confirmed) return true;
  if (!::isatty(STDIN_FILENO)) throw std::runtime_error("refusing to delete " + what + " without --confirm");
  std::cerr << "Delete " << what << "? [y/N] ";
  std::string answer;
  std::getline(std::cin, answer);
  return answer == "y" || answer == "Y" || answer == "yes";
}

void add_delete_flags(CLI::App* cmd, std::vector<std::string>& names, bool& confirm, const char* what) {
  cmd->add_option("NAME", names, what)->required();
  cmd->add_flag("--confirm", confirm, "do not ask (required when not on a terminal)");
}

namespace {
// DELETE collection/NAME for each name, after the confirmation; "<Kind> "NAME" deleted." each.
int delete_records(ServerClient& client, const std::string& collection, const char* kind,
                   const std::vector<std::string>& names, bool confirmed) {
  if (!confirm_deletion(confirmed, std::string(kind) + " " + join(names, ", "))) return 1;
  for (const auto& name : names) {
    client.remove(collection + "/" + name);
    std::cout << kind << " \"" << name << "\" deleted.\n";
  }
  return 0;
}
}  // namespace

void add_get_commands(CLI::App* group, int& exit_code, const std::string& collection, const Columns& columns,
                      std::function<void(const json&)> describe) {
  auto get = std::make_shared<RecordFlags>();
  auto* g = group->add_subcommand("get", "List them all, or show the named ones");
  g->add_option("NAME", get->names, "names (default: all)");
  add_output_flag(g, get->output);
  g->callback([get, collection, columns, &exit_code] {
    exit_code = guarded([&] {
      ServerClient client = connect_from_config();
      return print_records(client, collection, get->names, get->output, columns);
    });
  });

  if (describe) {
    auto shown = std::make_shared<RecordFlags>();
    auto* d = group->add_subcommand("describe", "Show one in detail");
    d->add_option("NAME", shown->name, "name")->required();
    add_output_flag(d, shown->output);
    d->callback([shown, collection, describe, &exit_code] {
      exit_code = guarded([&] {
        ServerClient client = connect_from_config();
        print_record(client.get(collection + "/" + shown->name), shown->output, describe);
        return 0;
      });
    });
  }
}

void add_delete_command(CLI::App* group, int& exit_code, const std::string& collection, const char* kind) {
  auto del = std::make_shared<RecordFlags>();
  auto* rm = group->add_subcommand("delete", "Delete the named ones");
  add_delete_flags(rm, del->names, del->confirm, "names");
  rm->callback([del, collection, kind, &exit_code] {
    exit_code = guarded([&] {
      ServerClient client = connect_from_config();
      return delete_records(client, collection, kind, del->names, del->confirm);
    });
  });
}

std::string config_text(const json& record) {
  std::vector<std::string> pairs;
  if (record.contains("config") && record["config"].is_object())
    for (const auto& [k, v] : record["config"].items())
      pairs.push_back(k + "=" + (v.is_string() ? v.get<std::string>() : v.dump()));
  return join(pairs, ",");
}

void print_field(const std::string& label, const std::string& value, std::size_t width) {
  std::string head = label + ":";
  if (head.size() < width) head += std::string(width - head.size(), ' ');
  std::cout << head << (value.empty() ? "<none>" : value) << "\n";
}

namespace {

std::string yes_no(const json& object, const char* key) {
  return object.is_object() && object.value(key, false) ? "yes" : "no";
}

// ---- clusters ------------------------------------------------------------------------------------
struct ClusterAddFlags {
  std::string name, kubeconfig, context, output;
  bool in_cluster = false;
};

std::string cluster_server(const json& c) { return c.value("inCluster", false) ? "in-cluster" : cell(c, "server"); }

std::string namespace_count(const json& c) {
  return c.contains("namespaces") && c["namespaces"].is_array() ? std::to_string(c["namespaces"].size()) : "";
}

void describe_cluster(const json& c) {
  print_field("Name", cell(c, "name"));
  print_field("Server", cluster_server(c));
  print_field("Health", cell(c, "health"));
  print_field("Health message", cell(c, "healthMessage"));
  print_field("Checked at", cell(c, "healthCheckedAt", "<none>"));
  print_field("Namespaces", join(json_strings(c, "namespaces"), ", "));
  print_field("Created by", cell(c, "createdBy"));
  print_field("Created at", cell(c, "createdAt"));
}

// "Cluster "dev": Healthy (14 namespaces)" or "...: Unhealthy: <why>"; 0 when healthy.
int report_cluster_health(const json& c) {
  std::cout << "Cluster \"" << cell(c, "name") << "\": " << cell(c, "health", "unknown");
  if (cell(c, "health") == "Healthy") {
    std::cout << " (" << namespace_count(c) << " namespaces)\n";
    return 0;
  }
  std::cout << ": " << cell(c, "healthMessage", "no reason given") << "\n";
  return 1;
}

int cluster_add(const ClusterAddFlags& f) {
  if (f.in_cluster == !f.kubeconfig.empty())
    throw std::runtime_error("give --kubeconfig FILE (and optionally --context) or --in-cluster, one of them");
  if (f.in_cluster && !f.context.empty()) throw std::runtime_error("--context goes with --kubeconfig, not --in-cluster");
  json body = {{"name", f.name}};
  if (f.in_cluster) {
    body["inCluster"] = true;
  } else {
    body["kubeconfig"] = read_file_text(f.kubeconfig);
    if (!f.context.empty()) body["context"] = f.context;
  }
  ServerClient client = connect_from_config();
  json c = client.post("/api/v1/clusters", body);
  print_record(c, f.output, [](const json& added) {
    std::cout << "Cluster \"" << cell(added, "name") << "\" added.\n";
    report_cluster_health(added);
  });
  return 0;
}

void register_cluster_commands(CLI::App& app, int& exit_code) {
  auto* group = app.add_subcommand("cluster", "Clusters known to the server (add, get, describe, check, delete)");
  group->require_subcommand(1);

  auto add = std::make_shared<ClusterAddFlags>();
  auto* a = group->add_subcommand("add", "Register a cluster by kubeconfig (stored encrypted) or the server's own");
  a->add_option("NAME", add->name, "cluster name")->required();
  a->add_option("--kubeconfig", add->kubeconfig, "kubeconfig file to send (never printed)");
  a->add_option("--context", add->context, "context of the kubeconfig to use (default: its current-context)");
  a->add_flag("--in-cluster", add->in_cluster, "the cluster the server runs in (its service account)");
  add_output_flag(a, add->output);
  a->callback([add, &exit_code] { exit_code = guarded([&] { return cluster_add(*add); }); });

  Columns columns{{"NAME", "SERVER", "HEALTH", "NAMESPACES", "CHECKED", "CREATED"}, [](const json& c) {
                    return std::vector<std::string>{cell(c, "name"), cluster_server(c), cell(c, "health"),
                                                    namespace_count(c), cell(c, "healthCheckedAt", "<none>"),
                                                    cell(c, "createdAt")};
                  }};
  add_get_commands(group, exit_code, "/api/v1/clusters", columns, describe_cluster);
  add_delete_command(group, exit_code, "/api/v1/clusters", "Cluster");

  auto check = std::make_shared<RecordFlags>();
  auto* c = group->add_subcommand("check", "Connect to a cluster now and record its health and namespaces");
  c->add_option("NAME", check->name, "cluster name")->required();
  add_output_flag(c, check->output);
  c->callback([check, &exit_code] {
    exit_code = guarded([&] {
      ServerClient client = connect_from_config();
      json checked = client.post("/api/v1/clusters/" + url_escape(check->name) + "/check", json::object());
      if (printed_as_document(checked, check->output)) return cell(checked, "health") == "Healthy" ? 0 : 1;
      return report_cluster_health(checked);
    });
  });
}

// ---- environments --------------------------------------------------------------------------------
struct EnvAddFlags {
  std::string name, cluster, namespace_name, output;
  bool production = false;
};

void describe_environment(const json& e) {
  std::cout << "Environment \"" << cell(e, "name") << "\": namespace " << cell(e, "namespace") << " of cluster "
            << cell(e, "cluster") << (e.value("production", false) ? ", production" : ", non-production") << "\n";
}

void register_environment_commands(CLI::App& app, int& exit_code) {
  auto* group = app.add_subcommand("env", "Environments: a namespace of a cluster, production or not");
  group->require_subcommand(1);

  auto add = std::make_shared<EnvAddFlags>();
  auto* a = group->add_subcommand("add", "Add an environment");
  a->add_option("NAME", add->name, "environment name")->required();
  a->add_option("--cluster", add->cluster, "cluster (see coffer cluster get)")->required();
  a->add_option("--namespace", add->namespace_name, "namespace of that cluster")->required();
  a->add_flag("--production", add->production, "a production environment (default: non-production)");
  add_output_flag(a, add->output);
  a->callback([add, &exit_code] {
    exit_code = guarded([&] {
      ServerClient client = connect_from_config();
      json e = client.post("/api/v1/environments", {{"name", add->name},
                                                    {"cluster", add->cluster},
                                                    {"namespace", add->namespace_name},
                                                    {"production", add->production}});
      print_record(e, add->output, describe_environment);
      return 0;
    });
  });

  Columns columns{{"NAME", "CLUSTER", "NAMESPACE", "PRODUCTION", "CREATED"}, [](const json& e) {
                    return std::vector<std::string>{cell(e, "name"), cell(e, "cluster"), cell(e, "namespace"),
                                                    yes_no(e, "production"), cell(e, "createdAt")};
                  }};
  add_get_commands(group, exit_code, "/api/v1/environments", columns, describe_environment);
  add_delete_command(group, exit_code, "/api/v1/environments", "Environment");
}

// ---- volume snapshot locations -------------------------------------------------------------------
struct SnapshotLocationAddFlags {
  std::string name, provider, credentials_file, output;
  std::vector<std::string> config;
  bool is_default = false;
};

void describe_snapshot_location(const json& l) {
  print_field("Name", cell(l, "name"));
  print_field("Provider", cell(l, "provider"));
  print_field("Config", config_text(l));
  print_field("Credential", cell(l.value("credential", json::object()), "mode", "none"));
  print_field("Default", yes_no(l, "default"));
  print_field("Created at", cell(l, "createdAt"));
}

int snapshot_location_add(const SnapshotLocationAddFlags& f) {
  FlagErrors errors;
  json body = {{"name", f.name}, {"provider", f.provider}, {"config", parse_pairs("config", f.config, errors)}};
  if (f.is_default) body["default"] = true;
  if (!f.credentials_file.empty()) body["credential"] = sealed_credential(f.credentials_file);
  if (!errors.list.empty()) throw std::runtime_error(join(errors.list, "\n  "));
  ServerClient client = connect_from_config();
  print_record(client.post("/api/v1/snapshot-locations", body), f.output, [](const json& l) {
    std::cout << "Volume snapshot location \"" << cell(l, "name") << "\" added (provider " << cell(l, "provider")
              << ").\n";
  });
  return 0;
}

void register_snapshot_location_commands(CLI::App& app, int& exit_code) {
  auto* group = app.add_subcommand("snapshot-location", "Volume snapshot locations (recorded; no snapshots yet)");
  group->require_subcommand(1);

  auto add = std::make_shared<SnapshotLocationAddFlags>();
  auto* a = group->add_subcommand("add", "Add a volume snapshot location");
  a->add_option("NAME", add->name, "name")->required();
  a->add_option("--provider", add->provider, "provider, e.g. aws, azure, gcp")->required();
  a->add_option("--config", add->config, "provider settings: key=value,...")->delimiter(',');
  a->add_option("--credentials-file", add->credentials_file, "credential file, stored encrypted (never printed)");
  a->add_flag("--default", add->is_default, "the default volume snapshot location");
  add_output_flag(a, add->output);
  a->callback([add, &exit_code] { exit_code = guarded([&] { return snapshot_location_add(*add); }); });

  Columns columns{{"NAME", "PROVIDER", "CONFIG", "DEFAULT", "CREATED"}, [](const json& l) {
                    return std::vector<std::string>{cell(l, "name"), cell(l, "provider"), config_text(l),
                                                    yes_no(l, "default"), cell(l, "createdAt")};
                  }};
  add_get_commands(group, exit_code, "/api/v1/snapshot-locations", columns, describe_snapshot_location);
  add_delete_command(group, exit_code, "/api/v1/snapshot-locations", "Volume snapshot location");
}

}  // namespace

json sealed_credential(const std::string& file) { return {{"mode", "sealed"}, {"data", read_file_text(file)}}; }

void register_catalog_commands(CLI::App& app, int& exit_code) {
  register_cluster_commands(app, exit_code);
  register_environment_commands(app, exit_code);
  register_snapshot_location_commands(app, exit_code);
}

}  // namespace coffer::cli
