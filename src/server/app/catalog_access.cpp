#include "server/app/catalog_access.h"

#include "common/base64.h"
#include "server/app/services.h"
#include "storage/location_validation.h"
#include "storage/factory/location_factory.h"

namespace coffer::server {

std::string kubeconfig_aad(const std::string& cluster) { return "cluster/" + cluster + "/kubeconfig"; }
std::string location_credentials_aad(const std::string& location) { return "location/" + location + "/credentials"; }

kube::RestConfig cluster_rest_config(const catalog::Cluster& c, const auth::SecretBox& secrets) {
  if (c.in_cluster) return kube::in_cluster_config();
  return kube::load_kubeconfig_text(secrets.open(c.kubeconfig_sealed, kubeconfig_aad(c.name)), c.context);
}

std::unique_ptr<kube::KubeClient> open_cluster(const catalog::Cluster& c, const auth::SecretBox& secrets) {
  kube::ClientOptions options;
  options.connect_timeout = std::chrono::seconds(5);
  options.request_timeout = std::chrono::seconds(20);
  options.max_retries = 1;
  return std::make_unique<kube::KubeClient>(cluster_rest_config(c, secrets), options);
}

std::unique_ptr<kube::KubeClient> engine_client(catalog::Scope& catalog, const std::string& cluster,
                                                const auth::SecretBox& secrets, std::string& config_error) {
  try {
    kube::ClientOptions options;
    options.qps = 2000;
    options.burst = 2000;
    return std::make_unique<kube::KubeClient>(cluster_rest_config(catalog.clusters().require(cluster), secrets), options);
  } catch (const std::exception& e) {
    config_error = "cannot connect to cluster \"" + cluster + "\": " + e.what();
    return nullptr;
  }
}

storage::LocationConfig location_config(const catalog::StorageLocation& l) {
  nlohmann::json bsl = {{"provider", l.provider},
                        {"objectStorage", {{"bucket", l.bucket}, {"prefix", l.prefix}}},
                        {"config", l.config},
                        {"accessMode", l.access_mode}};
  if (!l.ca_cert.empty()) bsl["objectStorage"]["caCert"] = base64_encode(l.ca_cert);
  return storage::location_from_bsl(bsl);
}

std::string open_credential(Services& s, const catalog::Credential& cred, const std::string& aad,
                            const std::string& owner) {
  if (cred.mode == "sealed") return s.secrets.open(cred.sealed, aad);
  if (cred.mode != "secret") return "";
  const std::string where = "Secret " + cred.secret_namespace + "/" + cred.secret_name + " in cluster \"" +
                            cred.secret_cluster + "\"";
  auto cluster = s.catalog.clusters().get(cred.secret_cluster);
  if (!cluster)
    throw std::runtime_error(owner + " takes its credentials from " + where + ", which is not registered; register it");
  nlohmann::json secret;
  try {
    secret = open_cluster(*cluster, s.secrets)
                 ->get_json("/api/v1/namespaces/" + cred.secret_namespace + "/secrets/" + cred.secret_name);
  } catch (const std::exception& e) {
    throw std::runtime_error(owner + ": cannot read its credentials from " + where + ": " + e.what());
  }
  const auto& data = secret.value("data", nlohmann::json::object());
  auto it = data.find(cred.secret_key);
  if (it == data.end() || !it->is_string())
    throw std::runtime_error(owner + ": " + where + " has no key \"" + cred.secret_key + "\"");
  return base64_decode(it->get<std::string>());
}

std::unique_ptr<storage::ObjectStore> open_location(Services& s, const catalog::StorageLocation& l) {
  return storage::open_store(location_config(l),
                             open_credential(s, l.credential, location_credentials_aad(l.name), "location \"" + l.name + "\""));
}

catalog::StorageLocation validate_location(Services& s, const catalog::StorageLocation& l) {
  std::string phase = "Available", message;
  try {
    auto store = open_location(s, l);
    storage::LocationStatus st = storage::validate_location(*store, l.access_mode == "ReadOnly");
    if (!st.available) {
      phase = "Unavailable";
      message = st.message;
    }
  } catch (const std::exception& e) {
    phase = "Unavailable";
    message = e.what();
  }
  s.catalog.locations().set_status(l.name, phase, message, std::chrono::system_clock::now(), std::nullopt);
  return s.catalog.locations().require(l.name);
}

}  // namespace coffer::server
