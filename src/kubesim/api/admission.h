#pragma once
// Admission: what a real apiserver does to an object between decoding and storage — defaulting
// (pod specs, services, jobs, deployments), the built-in admission plugins real clusters enable
// (DefaultStorageClass, ServiceAccount, NamespaceLifecycle's metadata.name label), allocation
// (service cluster IPs and node ports), per-kind validation, and the side effects of storing
// CRDs and APIServices (serving their APIs).
#include <mutex>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "kubesim/api/api_error.h"
#include "kubesim/registry/resource_type.h"

namespace coffer::kubesim {

class ApiCore;

class Admission {
 public:
  explicit Admission(ApiCore& core);

  // Rebuilds allocations and served CRDs/APIServices from what the store holds (at start).
  void load_from_store();

  // Mutate + validate a new object (metadata already has name/namespace). Throws ApiError.
  void admit_create(const ResourceType& rt, nlohmann::json& obj, bool dry_run);
  // Mutate + validate an update of `old` into `obj`. Throws ApiError.
  void admit_update(const ResourceType& rt, const nlohmann::json& old, nlohmann::json& obj,
                    bool dry_run);
  // After the object is gone from the store.
  void after_delete(const ResourceType& rt, const nlohmann::json& old);
  // After an object was stored (created or updated).
  void after_store(const ResourceType& rt, const nlohmann::json& obj);
  // Releases what admit_create allocated when the write did not happen (dry run, failure).
  void release(const ResourceType& rt, const nlohmann::json& obj);

 private:
  void default_pod_spec(nlohmann::json& spec, bool is_pod);
  void admit_service(nlohmann::json& obj, const nlohmann::json* old, bool dry_run);
  void admit_crd(nlohmann::json& obj, const nlohmann::json* old);
  void serve_crd(const nlohmann::json& crd);
  void serve_apiservice(const nlohmann::json& obj);
  void validate_kind(const ResourceType& rt, const nlohmann::json& obj, const nlohmann::json* old);

  ApiCore& core_;
  std::mutex alloc_mu_;
  std::set<uint32_t> cluster_ips_;
  std::set<int> node_ports_;
  uint32_t service_net_ = 0, service_mask_ = 0;
  uint32_t next_ip_offset_ = 10;
  int next_node_port_ = 0;
};

}  // namespace coffer::kubesim
