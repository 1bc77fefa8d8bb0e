#include "cli/location_commands.h"

#include <iostream>
#include <memory>

#include "cli/catalog_commands.h"
#include "cli/cli_support.h"
#include "cli/output_format.h"
#include "common/text.h"
#include "storage/factory/location_factory.h"
#include "storage/location_config.h"
#include "storage/location_validation.h"
#include "storage/object_store.h"

namespace coffer::cli {
namespace {

using nlohmann::json;

constexpr const char* kLocations = "/api/v1/locations";

struct LocationAddFlags {
  std::string name, url, provider, bucket, prefix, ca_cert_file, credentials_file;
  std::vector<std::string> config;
  std::string credential, credential_cluster, credential_namespace;
  std::string access_mode, backup_sync_period, validation_frequency, output;
  bool is_default = false;
};

// --credential SECRET=KEY (with --credential-cluster/--credential-namespace) as the API's
// {"mode": "secret", ...}; problems go to errors.
json secret_credential(const LocationAddFlags& f, FlagErrors& errors) {
  auto eq = f.credential.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == f.credential.size()) {
    errors.add("--credential: \"" + f.credential + "\" is not SECRET=KEY (the Secret's name and the key in it)");
    return json::object();
  }
  json c = {{"mode", "secret"}, {"secretName", f.credential.substr(0, eq)}, {"secretKey", f.credential.substr(eq + 1)}};
  if (!f.credential_cluster.empty()) c["cluster"] = f.credential_cluster;
  if (!f.credential_namespace.empty()) c["namespace"] = f.credential_namespace;
  return c;
}

std::int64_t seconds_flag(const std::string& flag, const std::string& text, FlagErrors& errors) {
  return std::chrono::duration_cast<std::chrono::seconds>(parse_duration_flag(flag, text, errors)).count();
}

// The POST /api/v1/locations body the flags describe; every flag problem is reported at once.
json location_body(const LocationAddFlags& f) {
  FlagErrors errors;
  json body = {{"name", f.name}};
  const bool by_fields = !f.provider.empty() || !f.bucket.empty();
  if (f.url.empty() == !by_fields) errors.add("give --url URL, or --provider P --bucket B (Velero's fields), one of them");
  if (!f.url.empty()) {
    body["url"] = f.url;
    if (!f.prefix.empty() || !f.config.empty() || !f.ca_cert_file.empty())
      errors.add("--prefix, --config and --cacert go with --provider/--bucket; with --url put them in the URL");
  } else {
    if (!f.provider.empty()) body["provider"] = f.provider;
    if (!f.bucket.empty()) body["bucket"] = f.bucket;
    if (!f.prefix.empty()) body["prefix"] = f.prefix;
    if (!f.config.empty()) body["config"] = parse_pairs("config", f.config, errors);
    if (!f.ca_cert_file.empty()) body["caCert"] = read_file_text(f.ca_cert_file);
  }
  if (!f.credentials_file.empty() && !f.credential.empty())
    errors.add("--credentials-file and --credential: give one of them");
  if (!f.credentials_file.empty()) body["credential"] = sealed_credential(f.credentials_file);
  if (!f.credential.empty()) body["credential"] = secret_credential(f, errors);
  if (f.credential.empty() && (!f.credential_cluster.empty() || !f.credential_namespace.empty()))
    errors.add("--credential-cluster and --credential-namespace go with --credential SECRET=KEY");
  if (!f.access_mode.empty()) body["accessMode"] = f.access_mode;
  if (!f.backup_sync_period.empty())
    body["backupSyncPeriodSeconds"] = seconds_flag("backup-sync-period", f.backup_sync_period, errors);
  if (!f.validation_frequency.empty())
    body["validationFrequencySeconds"] = seconds_flag("validation-frequency", f.validation_frequency, errors);
  if (f.is_default) body["default"] = true;
  if (!errors.list.empty()) throw std::runtime_error(join(errors.list, "\n  "));
  return body;
}

std::string bucket_prefix(const json& l) {
  std::string prefix = cell(l, "prefix");
  return cell(l, "bucket") + (prefix.empty() ? "" : "/" + prefix);
}

// "Storage location "x": Available" or "...: Unavailable: <why>"; 0 when available.
int report_phase(const json& l) {
  std::cout << "Storage location \"" << cell(l, "name") << "\": " << cell(l, "phase", "Unknown");
  std::string message = cell(l, "message");
  if (!message.empty()) std::cout << ": " << message;
  std::cout << "\n";
  return cell(l, "phase") == "Available" ? 0 : 1;
}

void describe_location(const json& l) {
  print_field("Name", cell(l, "name"));
  print_field("Provider", cell(l, "provider"));
  print_field("Bucket/prefix", bucket_prefix(l));
  print_field("Config", config_text(l));
  print_field("CA certificate", cell(l, "caCert").empty() ? "" : "given");
  print_field("Credential", cell(l.value("credential", json::object()), "mode", "none"));
  print_field("Access mode", cell(l, "accessMode"));
  print_field("Default", l.value("default", false) ? "yes" : "no");
  print_field("Phase", cell(l, "phase"));
  print_field("Message", cell(l, "message"));
  print_field("Last validated", cell(l, "lastValidatedAt"));
  print_field("Last synced", cell(l, "lastSyncedAt"));
  print_field("Sync period", cell(l, "backupSyncPeriodSeconds") + "s");
  print_field("Validation every", cell(l, "validationFrequencySeconds") + "s");
  print_field("Created by", cell(l, "createdBy"));
  print_field("Created at", cell(l, "createdAt"));
}

int location_add(const LocationAddFlags& f) {
  json body = location_body(f);
  ServerClient client = connect_from_config();
  print_record(client.post(kLocations, body), f.output, [](const json& l) {
    std::cout << "Storage location \"" << cell(l, "name") << "\" added.\n";
    report_phase(l);
  });
  return 0;
}

// The standalone check of a URL, as before the server existed.
int validate_url(const std::string& url, bool read_only) {
  auto config = storage::parse_location_url(url);
  auto store = storage::open_store(config);
  auto status = storage::validate_location(*store, read_only || config.read_only);
  if (status.available) {
    std::cout << "Location " << config.describe() << ": Available (" << status.checks.size() << " checks passed)\n";
    return 0;
  }
  std::cout << "Location " << config.describe() << ": Unavailable: " << status.message << "\n";
  return 1;
}

struct ValidateFlags {
  std::string name, url, output;
  bool read_only = false;
};

// With --location URL standalone; else the server validates the location NAME.
int validate(const CLI::App* cmd, const ValidateFlags& f) {
  if (!f.url.empty()) {
    if (!f.name.empty()) throw std::runtime_error("give NAME (a location of the server) or --location URL, not both");
    if (!f.output.empty()) throw std::runtime_error("-o goes with NAME (a location of the server), not --location URL");
    return validate_url(f.url, f.read_only);
  }
  if (f.name.empty()) throw std::runtime_error("give NAME (a location of the server) or --location URL (standalone)");
  if (cmd->count("--read-only") > 0) throw std::runtime_error("--read-only goes with --location URL");
  ServerClient client = connect_from_config();
  json l = client.post(std::string(kLocations) + "/" + f.name + "/validate", json::object());
  const OutputFormat format = parse_output_format(f.output);
  if (format != OutputFormat::table) {
    print_document(std::cout, l, format);
    return cell(l, "phase") == "Available" ? 0 : 1;
  }
  return report_phase(l);
}

void add_location_add_command(CLI::App* group, int& exit_code) {
  auto f = std::make_shared<LocationAddFlags>();
  auto* a = group->add_subcommand("add", "Add a storage location to the server and validate it");
  a->add_option("NAME", f->name, "location name")->required();
  a->add_option("--url", f->url, "file:///path, s3://bucket/prefix?region=..., azure://..., gs://...");
  a->add_option("--provider", f->provider, "Velero provider: aws, azure, gcp, filesystem");
  a->add_option("--bucket", f->bucket, "bucket (container for azure, directory for filesystem)");
  a->add_option("--prefix", f->prefix, "prefix inside the bucket");
  a->add_option("--config", f->config, "provider settings (Velero's config keys): key=value,...")->delimiter(',');
  a->add_option("--cacert", f->ca_cert_file, "PEM file of the CA of the object store's endpoint");
  a->add_option("--credentials-file", f->credentials_file, "credential file, stored encrypted by the server (never printed)");
  a->add_option("--credential", f->credential, "an existing Secret instead: SECRET=KEY");
  a->add_option("--credential-cluster", f->credential_cluster, "cluster holding that Secret");
  a->add_option("--credential-namespace", f->credential_namespace, "namespace of that Secret");
  a->add_flag("--default", f->is_default, "make it the default location (there is one at most)");
  a->add_option("--access-mode", f->access_mode, "ReadWrite (default) or ReadOnly")
      ->check(CLI::IsMember({"ReadWrite", "ReadOnly"}));
  a->add_option("--backup-sync-period", f->backup_sync_period, "how often backups are synced from the bucket (default 1m)");
  a->add_option("--validation-frequency", f->validation_frequency, "how often the location is validated (default 1m)");
  add_output_flag(a, f->output);
  a->callback([f, &exit_code] { exit_code = guarded([&] { return location_add(*f); }); });
}

void add_location_validate_command(CLI::App* group, int& exit_code) {
  auto f = std::make_shared<ValidateFlags>();
  auto* v = group->add_subcommand(
      "validate", "Validate a location of the server (NAME), or check a URL standalone (--location URL)");
  v->add_option("NAME", f->name, "location of the server");
  v->add_option("--location", f->url, "standalone: storage location URL, e.g. file:///var/backups/coffer");
  v->add_flag("--read-only", f->read_only, "standalone: only list (never write a probe)");
  add_output_flag(v, f->output);
  v->callback([f, v, &exit_code] { exit_code = guarded([&] { return validate(v, *f); }); });
}

void add_location_set_default_command(CLI::App* group, int& exit_code) {
  auto f = std::make_shared<RecordFlags>();
  auto* d = group->add_subcommand("set-default", "Make a storage location the default");
  d->add_option("NAME", f->name, "location name")->required();
  add_output_flag(d, f->output);
  d->callback([f, &exit_code] {
    exit_code = guarded([&] {
      ServerClient client = connect_from_config();
      json l = client.post(std::string(kLocations) + "/" + f->name + "/default", json::object());
      print_record(l, f->output, [](const json& r) {
        std::cout << "Storage location \"" << cell(r, "name") << "\" is the default.\n";
      });
      return 0;
    });
  });
}

}  // namespace

void register_location_commands(CLI::App& app, int& exit_code) {
  auto* group = app.add_subcommand("location", "Storage locations of the server; `validate --location URL` standalone");
  group->require_subcommand(1);
  add_location_add_command(group, exit_code);
  Columns columns{{"NAME", "PROVIDER", "BUCKET/PREFIX", "PHASE", "LAST VALIDATED", "ACCESS MODE", "DEFAULT"},
                  [](const json& l) {
                    return std::vector<std::string>{cell(l, "name"), cell(l, "provider"), bucket_prefix(l),
                                                    cell(l, "phase"), cell(l, "lastValidatedAt", "<none>"),
                                                    cell(l, "accessMode"), l.value("default", false) ? "yes" : ""};
                  }};
  add_get_commands(group, exit_code, kLocations, columns, describe_location);
  add_location_set_default_command(group, exit_code);
  add_location_validate_command(group, exit_code);
  add_delete_command(group, exit_code, kLocations, "Storage location");
}

}  // namespace coffer::cli
