#pragma once
// ApiCore: the API machinery of kubesim, independent of HTTP. Every verb with the semantics of
// the Kubernetes apiserver — server-set fields, admission (defaults, allocation, validation),
// optimistic concurrency, finalizers and graceful deletion, selectors, paging, watches.
// The HTTP layer (api_handler) and the in-process controllers both call it, so controllers see
// exactly the behaviour clients see. Errors are thrown as ApiError.
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kubesim/api/api_error.h"
#include "kubesim/registry/resource_registry.h"
#include "kubesim/store/object_store.h"

namespace coffer::kubesim {

class Admission;

struct ClusterSettings {
  std::filesystem::path data_dir;           // volumes, snapshots and the kubelet tree live here
  std::string service_cidr = "10.96.0.0/12";
  int node_port_min = 30000, node_port_max = 32767;
  std::string ca_cert_pem;                   // published in every namespace's kube-root-ca.crt
  std::string default_storage_class = "standard";
};

struct ListOptions {
  std::string label_selector;
  std::string field_selector;
  size_t limit = 0;
  std::string continue_token;
  std::string resource_version;        // "" | "0" | exact
  std::string resource_version_match;  // "" | "NotOlderThan" | "Exact"
};

struct ListResult {
  std::vector<ObjectPtr> items;
  uint64_t rv = 0;
  std::string continue_token;
  std::optional<int64_t> remaining_item_count;
};

struct WriteOptions {
  bool dry_run = false;
  std::string field_manager;     // defaults to the user agent's program name
  std::string field_validation;  // "Strict" (default for kubectl), "Warn", "Ignore" or ""
  std::string user;              // who writes (for managedFields and audit)
  bool force = false;            // server-side apply force
};

enum class Subresource { None, Status, Scale, Finalize };
enum class PatchType { Merge, Json, Strategic, Apply };

struct DeleteOptions {
  std::string propagation_policy;  // "" (the resource's default) | Background | Foreground | Orphan
  std::optional<std::string> precondition_uid;
  std::optional<std::string> precondition_rv;
  std::optional<int64_t> grace_period_seconds;
  bool dry_run = false;
};

struct DeleteResult {
  nlohmann::json object;  // the object as deleted, or as it stands while finalizers run
  bool gone = false;      // removed from storage by this call
};

struct WatchOptions {
  ListOptions list;                  // selectors; list.resource_version is where to start
  bool allow_bookmarks = false;
  bool send_initial_events = false;  // with resource_version_match NotOlderThan
  std::chrono::seconds timeout{0};   // 0: until the client goes away or the server stops
};

// One event as a watch client receives it.
struct WatchEventOut {
  std::string type;  // ADDED MODIFIED DELETED BOOKMARK ERROR
  ObjectPtr object;  // null for BOOKMARK/ERROR
  uint64_t rv = 0;
  nlohmann::json error_status;    // for ERROR
  bool initial_events_end = false;  // the BOOKMARK that ends sendInitialEvents
};

class WatchStream {
 public:
  virtual ~WatchStream() = default;
  // Waits up to `wait` for events; returns them (possibly none). Ends with an ERROR event when
  // history is gone (410), then returns empty forever.
  virtual std::vector<WatchEventOut> next(std::chrono::milliseconds wait) = 0;
  virtual bool finished() const = 0;
};

class ApiCore {
 public:
  ApiCore(ObjectStore& store, ResourceRegistry& registry, ClusterSettings settings);
  ~ApiCore();

  ObjectStore& store() { return store_; }
  ResourceRegistry& registry() { return registry_; }
  const ClusterSettings& settings() const { return settings_; }

  // The preferred version of a group/resource, e.g. type("apps", "deployments"); throws if unknown.
  ResourceType type(std::string_view group, std::string_view resource) const;

  ObjectPtr get(const ResourceType& rt, const std::string& ns, const std::string& name);
  nlohmann::json get_json(const ResourceType& rt, const std::string& ns, const std::string& name);
  // nullopt when absent (no exception), for controllers.
  std::optional<nlohmann::json> find_json(const ResourceType& rt, const std::string& ns,
                                          const std::string& name);
  ListResult list(const ResourceType& rt, const std::string& ns, const ListOptions& options);
  std::vector<nlohmann::json> list_json(const ResourceType& rt, const std::string& ns,
                                        const std::string& label_selector = "");

  nlohmann::json create(const ResourceType& rt, const std::string& ns, nlohmann::json body,
                        const WriteOptions& options);
  nlohmann::json update(const ResourceType& rt, const std::string& ns, const std::string& name,
                        nlohmann::json body, const WriteOptions& options,
                        Subresource sub = Subresource::None);
  nlohmann::json patch(const ResourceType& rt, const std::string& ns, const std::string& name,
                       PatchType type, const std::string& patch_body, const WriteOptions& options,
                       Subresource sub = Subresource::None);
  DeleteResult remove(const ResourceType& rt, const std::string& ns, const std::string& name,
                      const DeleteOptions& options);
  // Deletes every matching object; returns the list of what was deleted.
  std::vector<nlohmann::json> delete_collection(const ResourceType& rt, const std::string& ns,
                                                const ListOptions& list,
                                                const DeleteOptions& options);
  // The autoscaling/v1 Scale view of an object with a scale subresource.
  nlohmann::json get_scale(const ResourceType& rt, const std::string& ns, const std::string& name);
  std::unique_ptr<WatchStream> watch(const ResourceType& rt, const std::string& ns,
                                     const WatchOptions& options);

  // Read-modify-write for controllers: fn edits the object (status included) and returns
  // whether it changed anything; retried on conflicts. Returns the stored result, or nullopt if
  // the object is gone. Runs admission on update like any write.
  std::optional<nlohmann::json> mutate(const ResourceType& rt, const std::string& ns,
                                       const std::string& name,
                                       const std::function<bool(nlohmann::json&)>& fn);

  // Renders a stored object at the version `rt` names (apiVersion rewritten when needed).
  std::string render(const ResourceType& rt, const StoredObject& object) const;

 private:
  friend class Admission;
  nlohmann::json finish_create(const ResourceType& rt, nlohmann::json obj,
                               const WriteOptions& options);
  nlohmann::json finish_update(const ResourceType& rt, const ObjectPtr& old, nlohmann::json obj,
                               const WriteOptions& options, Subresource sub);
  nlohmann::json update_scale(const ResourceType& rt, const std::string& ns,
                              const std::string& name, const nlohmann::json& scale,
                              const WriteOptions& options);
  void delete_now(const ResourceType& rt, const ObjectPtr& current);

  ObjectStore& store_;
  ResourceRegistry& registry_;
  ClusterSettings settings_;
  std::unique_ptr<Admission> admission_;
};

// "deployments" in a group → the group-resource storage key used by ObjectStore.
inline std::string storage_key(const ResourceType& rt) { return rt.group_resource(); }

}  // namespace coffer::kubesim
