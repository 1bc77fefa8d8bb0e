// Clusters, environments, storage locations and volume snapshot locations.
#include "server/app/body_reader.h"
#include "server/app/catalog_access.h"
#include "server/app/collection_routes.h"
#include "server/app/record_json.h"
#include "server/app/services.h"

namespace coffer::server {

using nlohmann::json;

namespace {

// --- clusters -------------------------------------------------------------------------------
catalog::Cluster cluster_from(BodyReader& in, Services& s, const std::string& name) {
  catalog::Cluster c;
  c.name = name;
  auto kubeconfig = in.text("kubeconfig");
  c.context = in.text("context").value_or("");
  if (!c.context.empty() && !kubeconfig) in.problem("context", "names a context of the kubeconfig; give the kubeconfig too");
  c.in_cluster = in.boolean("inCluster").value_or(false);
  if (c.in_cluster && kubeconfig) in.problem("kubeconfig", "give a kubeconfig or inCluster: true, not both");
  if (!c.in_cluster && !kubeconfig) in.problem("kubeconfig", "is required (the YAML text), unless inCluster is true");
  if (kubeconfig) {
    try {
      kube::RestConfig rc = kube::load_kubeconfig_text(*kubeconfig, c.context);
      c.server_url = rc.server;
      c.kubeconfig_sealed = s.secrets.seal(*kubeconfig, kubeconfig_aad(name));
    } catch (const std::exception& e) {
      in.problem("kubeconfig", std::string("is not a usable kubeconfig: ") + e.what());
    }
  }
  return c;
}

// Connects and lists the namespaces; records the health.
catalog::Cluster check_cluster(Services& s, const catalog::Cluster& c) {
  std::string health = "Healthy", message;
  std::vector<std::string> namespaces;
  try {
    auto client = open_cluster(c, s.secrets);
    json list = client->get_json("/api/v1/namespaces");
    for (const auto& ns : list.value("items", json::array())) namespaces.push_back(ns["metadata"].value("name", ""));
  } catch (const std::exception& e) {
    health = "Unhealthy";
    message = e.what();
  }
  s.catalog.clusters().set_health(c.name, health, message, std::chrono::system_clock::now(), namespaces);
  return s.catalog.clusters().require(c.name);
}

void add_cluster_routes(Router& r, Services& s) {
  add_read_routes(r, s, &catalog::Scope::clusters, {"clusters", "clusters", "clusters", "a cluster", "Cluster", {"health"}});
  r.add("POST", "/api/v1/clusters", Access::Write,
        [&s](RouteContext& c) {
          json body = c.json_body();
          BodyReader in(body);
          std::string name = in.name();
          catalog::Cluster cluster = cluster_from(in, s, name);
          in.finish();
          cluster.created_by = c.principal->username;
          s.catalog.clusters().create(cluster);
          c.send_json(201, to_json(check_cluster(s, cluster)));
        },
        RouteDoc("Register a cluster (kubeconfig YAML, stored encrypted) and check it", "clusters")
            .body("ClusterCreate")
            .returns("Cluster", 201));
  r.add("PUT", "/api/v1/clusters/{name}", Access::Write,
        [&s](RouteContext& c) {
          json body = c.json_body();
          BodyReader in(body);
          if (auto n = in.text("name"); n && *n != c.param("name")) in.problem("name", "cannot be changed");
          catalog::Cluster fresh = cluster_from(in, s, c.param("name"));
          in.finish();
          catalog::Cluster cluster = s.catalog.clusters().require(c.param("name"));
          cluster.in_cluster = fresh.in_cluster;
          cluster.kubeconfig_sealed = fresh.kubeconfig_sealed;
          cluster.context = fresh.context;
          cluster.server_url = fresh.server_url;
          s.catalog.clusters().update(cluster);
          c.send_json(200, to_json(check_cluster(s, cluster)));
        },
        RouteDoc("Replace a cluster's kubeconfig", "clusters").body("ClusterCreate").returns("Cluster"));
  r.add("POST", "/api/v1/clusters/{name}/check", Access::Write,
        [&s](RouteContext& c) { c.send_json(200, to_json(check_cluster(s, s.catalog.clusters().require(c.param("name"))))); },
        RouteDoc("Check a cluster's health now", "clusters").returns("Cluster"));
  r.add("DELETE", "/api/v1/clusters/{name}", Access::Write,
        [&s](RouteContext& c) { s.catalog.clusters().remove(c.param("name")); },
        RouteDoc("Remove a cluster (refused while environments, schedules or jobs use it)", "clusters").returns("", 204));
}

// --- environments ---------------------------------------------------------------------------
catalog::Environment environment_from(BodyReader& in, const std::string& name) {
  catalog::Environment e;
  e.name = name;
  e.cluster = in.name("cluster");
  e.namespace_name = in.name("namespace");
  e.production = in.boolean("production").value_or(false);
  return e;
}

void add_environment_routes(Router& r, Services& s) {
  add_read_routes(r, s, &catalog::Scope::environments,
                  {"environments", "environments", "environments", "an environment", "Environment",
                   {"cluster", "production", "namespace"}});
  r.add("POST", "/api/v1/environments", Access::Write,
        [&s](RouteContext& c) {
          json body = c.json_body();
          BodyReader in(body);
          std::string name = in.name();
          catalog::Environment e = environment_from(in, name);
          in.finish();
          e.created_by = c.principal->username;
          c.send_json(201, to_json(s.catalog.environments().create(e)));
        },
        RouteDoc("Create an environment (a namespace of a cluster, production or not)", "environments")
            .body("EnvironmentCreate")
            .returns("Environment", 201));
  r.add("PUT", "/api/v1/environments/{name}", Access::Write,
        [&s](RouteContext& c) {
          json body = c.json_body();
          BodyReader in(body);
          if (auto n = in.text("name"); n && *n != c.param("name")) in.problem("name", "cannot be changed");
          catalog::Environment e = environment_from(in, c.param("name"));
          in.finish();
          catalog::Environment old = s.catalog.environments().require(c.param("name"));
          e.created_by = old.created_by;
          e.created_at = old.created_at;
          c.send_json(200, to_json(s.catalog.environments().update(e)));
        },
        RouteDoc("Change an environment", "environments").body("EnvironmentCreate").returns("Environment"));
  r.add("DELETE", "/api/v1/environments/{name}", Access::Write,
        [&s](RouteContext& c) { s.catalog.environments().remove(c.param("name")); },
        RouteDoc("Delete an environment", "environments").returns("", 204));
}

// --- storage locations ----------------------------------------------------------------------
catalog::Credential credential_from(BodyReader& in, Services& s, const std::string& aad) {
  catalog::Credential cred;
  auto body = in.object("credential");
  if (!body) return cred;
  BodyReader c(*body);
  cred.mode = c.text("mode", true).value_or("none");
  auto data = c.text("data");
  auto secret_name = c.text("secretName");
  auto secret_key = c.text("secretKey");
  auto secret_cluster = c.text("cluster");
  auto secret_namespace = c.text("namespace");
  if (cred.mode == "sealed") {
    if (!data || data->empty()) c.problem("data", "is required with mode sealed (the credential file's content)");
    else cred.sealed = s.secrets.seal(*data, aad);
  } else if (cred.mode == "secret") {
    if (!secret_name) c.problem("secretName", "is required with mode secret");
    if (!secret_key) c.problem("secretKey", "is required with mode secret");
    if (!secret_cluster) c.problem("cluster", "is required with mode secret: the registered cluster that holds the Secret");
    else if (!s.catalog.clusters().get(*secret_cluster))
      c.problem("cluster", "\"" + *secret_cluster + "\" is not a registered cluster; register it first");
    cred.secret_name = secret_name.value_or("");
    cred.secret_key = secret_key.value_or("");
    cred.secret_cluster = secret_cluster.value_or("");
    cred.secret_namespace = secret_namespace.value_or("velero");
  } else if (cred.mode != "none") {
    c.problem("mode", "must be none, sealed (give data) or secret (give secretName, secretKey and cluster)");
  }
  try {
    c.finish();
  } catch (const ApiError& e) {
    for (const auto& f : e.fields()) in.problem("credential." + f.field, f.message);
  }
  return cred;
}

catalog::StorageLocation location_from(BodyReader& in, Services& s, const std::string& name) {
  catalog::StorageLocation l;
  l.name = name;
  auto url = in.text("url");
  auto provider = in.text("provider");
  auto bucket = in.text("bucket");
  l.prefix = in.text("prefix").value_or("");
  l.config = in.string_map("config").value_or(std::map<std::string, std::string>{});
  l.ca_cert = in.text("caCert").value_or("");
  l.access_mode = in.text("accessMode").value_or("ReadWrite");
  if (l.access_mode != "ReadWrite" && l.access_mode != "ReadOnly")
    in.problem("accessMode", "must be ReadWrite or ReadOnly, found \"" + l.access_mode + "\"");
  l.sync_period_seconds = in.integer("backupSyncPeriodSeconds", 0, 7 * 24 * 3600).value_or(60);
  l.validation_frequency_seconds = in.integer("validationFrequencySeconds", 0, 7 * 24 * 3600).value_or(60);
  l.is_default = in.boolean("default").value_or(false);
  l.credential = credential_from(in, s, location_credentials_aad(name));
  if (url && (provider || bucket)) in.problem("url", "give a url or provider and bucket, not both");
  try {
    if (url) {
      storage::LocationConfig lc = storage::parse_location_url(*url);
      l.provider = storage::provider_name(lc.provider);
      l.bucket = lc.bucket;
      l.prefix = lc.prefix;
      for (const auto& [k, v] : lc.config) l.config[k] = v;
    } else if (!provider || !bucket) {
      in.problem(provider ? "bucket" : "provider",
                 "is required (or give a url such as s3://bucket/prefix?region=eu-west-1)");
    } else {
      l.provider = *provider;
      l.bucket = *bucket;
      location_config(l);  // Velero's checks of the fields
    }
  } catch (const storage::LocationConfigError& e) {
    in.problem(url ? "url" : "provider", e.what());
  }
  return l;
}

void add_location_routes(Router& r, Services& s) {
  add_read_routes(r, s, &catalog::Scope::locations,
                  {"locations", "locations", "storage locations", "a storage location", "Location",
                   {"provider", "phase", "accessMode", "default"}});
  r.add("POST", "/api/v1/locations", Access::Write,
        [&s](RouteContext& c) {
          json body = c.json_body();
          BodyReader in(body);
          std::string name = in.name();
          catalog::StorageLocation l = location_from(in, s, name);
          in.finish();
          l.created_by = c.principal->username;
          s.catalog.locations().create(l);
          c.send_json(201, to_json(validate_location(s, l)));
        },
        RouteDoc("Add a storage location (a url, or Velero's provider/bucket/prefix/config fields) and validate it",
                 "locations")
            .body("LocationCreate")
            .returns("Location", 201));
  r.add("PUT", "/api/v1/locations/{name}", Access::Write,
        [&s](RouteContext& c) {
          json body = c.json_body();
          BodyReader in(body);
          if (auto n = in.text("name"); n && *n != c.param("name")) in.problem("name", "cannot be changed");
          catalog::StorageLocation l = location_from(in, s, c.param("name"));
          in.finish();
          catalog::StorageLocation old = s.catalog.locations().require(c.param("name"));
          if (!body.contains("credential")) l.credential = old.credential;  // keep what is stored
          l.created_by = old.created_by;
          l.created_at = old.created_at;
          s.catalog.locations().update(l);
          c.send_json(200, to_json(validate_location(s, l)));
        },
        RouteDoc("Change a storage location (credentials are kept unless given)", "locations")
            .body("LocationCreate")
            .returns("Location"));
  r.add("POST", "/api/v1/locations/{name}/validate", Access::Write,
        [&s](RouteContext& c) {
          c.send_json(200, to_json(validate_location(s, s.catalog.locations().require(c.param("name")))));
        },
        RouteDoc("Validate a storage location now", "locations").returns("Location"));
  r.add("POST", "/api/v1/locations/{name}/default", Access::Write,
        [&s](RouteContext& c) {
          s.catalog.locations().set_default(c.param("name"));
          c.send_json(200, to_json(s.catalog.locations().require(c.param("name"))));
        },
        RouteDoc("Make a storage location the default", "locations").returns("Location"));
  r.add("DELETE", "/api/v1/locations/{name}", Access::Write,
        [&s](RouteContext& c) {
          // As Velero does with a deleted BSL: the catalog forgets the location's backups, the
          // bucket keeps them (adding the location again syncs them back). Refused while one of
          // them is being made or deleted.
          s.catalog.transaction([&](catalog::Scope& tx) {
            catalog::ListQuery q;
            q.filters = {{"location", c.param("name")}};
            q.limit = 1000;
            for (;;) {
              auto page = tx.backups().list(q);
              for (const auto& b : page.items) {
                if (b.phase == "New" || b.phase == "InProgress" || b.phase == "Deleting")
                  throw ApiError::conflict("backup \"" + b.name + "\" of location \"" + c.param("name") + "\" is " +
                                           b.phase + "; remove the location once it has finished");
                tx.backups().remove(b.name);
              }
              if (page.items.empty()) break;
            }
            tx.locations().remove(c.param("name"));
          });
        },
        RouteDoc("Remove a storage location and its backups from the catalog (the bucket is not touched)",
                 "locations")
            .returns("", 204));
}

// --- volume snapshot locations --------------------------------------------------------------
catalog::SnapshotLocation snapshot_location_from(BodyReader& in, Services& s, const std::string& name) {
  catalog::SnapshotLocation l;
  l.name = name;
  l.provider = in.text("provider", true).value_or("");
  l.config = in.string_map("config").value_or(std::map<std::string, std::string>{});
  l.is_default = in.boolean("default").value_or(false);
  l.credential = credential_from(in, s, "snapshot-location/" + name + "/credentials");
  return l;
}

void add_snapshot_location_routes(Router& r, Services& s) {
  add_read_routes(r, s, &catalog::Scope::snapshot_locations,
                  {"snapshot-locations", "snapshot-locations", "volume snapshot locations", "a volume snapshot location",
                   "SnapshotLocation", {"provider", "default"}});
  r.add("POST", "/api/v1/snapshot-locations", Access::Write,
        [&s](RouteContext& c) {
          json body = c.json_body();
          BodyReader in(body);
          std::string name = in.name();
          catalog::SnapshotLocation l = snapshot_location_from(in, s, name);
          in.finish();
          l.created_by = c.principal->username;
          c.send_json(201, to_json(s.catalog.snapshot_locations().create(l)));
        },
        RouteDoc("Add a volume snapshot location", "snapshot-locations")
            .body("SnapshotLocationCreate")
            .returns("SnapshotLocation", 201));
  r.add("DELETE", "/api/v1/snapshot-locations/{name}", Access::Write,
        [&s](RouteContext& c) { s.catalog.snapshot_locations().remove(c.param("name")); },
        RouteDoc("Remove a volume snapshot location", "snapshot-locations").returns("", 204));
}

}  // namespace

void add_infrastructure_routes(Router& r, Services& s) {
  add_cluster_routes(r, s);
  add_environment_routes(r, s);
  add_location_routes(r, s);
  add_snapshot_location_routes(r, s);
}

}  // namespace coffer::server
