#pragma once
// The contract between the ControllerManager and each controller.
//
// The manager runs every controller on one thread: it feeds each store event to the controllers
// watching its resource (observe), which update their in-memory indexes and enqueue keys; it
// then calls reconcile(key) for queued keys one at a time, always after every event written so
// far has been observed (so a controller sees its own writes in its indexes before its next
// reconcile). resync() runs about once a second and must be cheap: it re-enqueues only keys the
// controller knows to be unsettled. reconcile may throw; the manager requeues the key with a
// backoff from 20 ms to 10 s (ApiError NotFound is ignored; conflicts, AlreadyExists and
// Forbidden are retried without logging; other errors are logged now and then).
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kubesim/api/api_core.h"
#include "kubesim/controllers/cluster_index.h"
#include "kubesim/controllers/known_types.h"

namespace coffer::kubesim::controllers {

class Controller;

// What the manager offers to controllers.
class ControllerHost {
 public:
  virtual ~ControllerHost() = default;
  virtual ApiCore& core() = 0;
  virtual const KnownTypes& types() const = 0;
  virtual ClusterIndex& index() = 0;
  virtual void enqueue(Controller& controller, const std::string& key,
                       std::chrono::milliseconds delay) = 0;
};

class Controller {
 public:
  // `field_manager` and `user` name the controller in the objects it writes.
  Controller(ControllerHost& host, std::string name, std::string field_manager, std::string user);
  virtual ~Controller() = default;
  Controller(const Controller&) = delete;
  Controller& operator=(const Controller&) = delete;

  const std::string& name() const { return name_; }

  // Group-resources ("pods", "deployments.apps") whose events observe() gets; empty: all.
  virtual std::vector<std::string> watched_resources() const = 0;
  virtual void observe(const ObservedEvent& event) = 0;
  virtual void reconcile(const std::string& key) = 0;
  virtual void resync() {}
  // After the initial state of the store was observed (start, or after the event log expired).
  virtual void primed() {}

 protected:
  ApiCore& core() { return host_.core(); }
  const KnownTypes& types() const { return host_.types(); }
  ClusterIndex& index() { return host_.index(); }
  void enqueue(const std::string& key,
               std::chrono::milliseconds delay = std::chrono::milliseconds(0)) {
    host_.enqueue(*this, key, delay);
  }
  const WriteOptions& write_options() const { return options_; }

  std::optional<nlohmann::json> read(const ResourceType& rt, const std::string& ns,
                                     const std::string& name);
  nlohmann::json create(const ResourceType& rt, const std::string& ns, nlohmann::json body);
  // nullopt when an object of that name already exists.
  std::optional<nlohmann::json> create_if_absent(const ResourceType& rt, const std::string& ns,
                                                 nlohmann::json body);
  // Read-modify-write: `edit` changes the object (spec, metadata and status alike) and returns
  // whether it changed anything. Main resource and /status are written as needed, retried on
  // conflicts. Returns the stored object, or nullopt if it is gone.
  std::optional<nlohmann::json> modify(const ResourceType& rt, const std::string& ns,
                                       const std::string& name,
                                       const std::function<bool(nlohmann::json&)>& edit);
  // Deletes; false when the object is already gone.
  bool remove(const ResourceType& rt, const std::string& ns, const std::string& name,
              const DeleteOptions& options = {});

 private:
  nlohmann::json write_changes(const ResourceType& rt, const std::string& ns,
                               const std::string& name, const nlohmann::json& current,
                               nlohmann::json desired);

  ControllerHost& host_;
  std::string name_;
  WriteOptions options_;
};

}  // namespace coffer::kubesim::controllers
