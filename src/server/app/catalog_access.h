#pragma once
// Opening what catalog records point at, with their sealed secrets: a cluster's API client and a
// location's object store. The associated data binds each sealed value to its row.
#include <memory>
#include <string>

#include "catalog/catalog.h"
#include "catalog/records.h"
#include "kube/client/kube_client.h"
#include "server/auth/secret_box.h"
#include "storage/location_config.h"
#include "storage/object_store.h"

namespace coffer::server {

struct Services;

std::string kubeconfig_aad(const std::string& cluster);             // "cluster/<name>/kubeconfig"
std::string location_credentials_aad(const std::string& location);  // "location/<name>/credentials"

kube::RestConfig cluster_rest_config(const catalog::Cluster& cluster, const auth::SecretBox& secrets);
std::unique_ptr<kube::KubeClient> open_cluster(const catalog::Cluster& cluster, const auth::SecretBox& secrets);
// The client an engine run uses on a registered cluster (rate limit 2000/s); nullptr with
// config_error saying why when it cannot be configured (the engine then fails with that reason).
std::unique_ptr<kube::KubeClient> engine_client(catalog::Scope& catalog, const std::string& cluster,
                                                const auth::SecretBox& secrets, std::string& config_error);

storage::LocationConfig location_config(const catalog::StorageLocation& location);
// The location's object store with its credentials: sealed data opened with the server key, or
// the key of an existing Secret read from the registered cluster that holds it.
std::unique_ptr<storage::ObjectStore> open_location(Services& services, const catalog::StorageLocation& location);
// The credential file text of a location or snapshot location ("" for mode none). owner names
// the row for the sealed data's associated data and for errors ("location/<name>").
std::string open_credential(Services& services, const catalog::Credential& credential, const std::string& aad,
                            const std::string& owner);

// Checks a location's bucket (reachable, Velero's layout, writable unless ReadOnly) and records
// Available or Unavailable with the reason; returns the updated record. One implementation for
// POST /locations/{name}/validate, create/update and the maintenance loop's periodic check.
catalog::StorageLocation validate_location(Services& services, const catalog::StorageLocation& location);

}  // namespace coffer::server
