#pragma once
// Test fixture for the controllers: an in-memory ObjectStore, the built-in ResourceRegistry,
// an ApiCore whose data directory is a fresh temporary directory, and a running
// ControllerManager. Helpers wait for conditions with a deadline (never sleep-and-hope).
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "common/random_id.h"
#include "kubesim/api/api_core.h"
#include "kubesim/controllers/controller_manager.h"

namespace coffer::kubesim::testing {

using json = nlohmann::json;
using namespace std::chrono_literals;

inline constexpr const char* kTestCa = "-----BEGIN CERTIFICATE-----\nMIIBkubesimtest\n-----END CERTIFICATE-----\n";

class ControllersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_dir_ = std::filesystem::temp_directory_path() / ("kubesim-controllers-" + random_alnum(10));
    std::filesystem::create_directories(data_dir_);
    store_ = std::make_unique<ObjectStore>(StoreOptions{});
    registry_ = std::make_unique<ResourceRegistry>();
    ClusterSettings settings;
    settings.data_dir = data_dir_;
    settings.ca_cert_pem = kTestCa;
    core_ = std::make_unique<ApiCore>(*store_, *registry_, settings);
    manager_ = std::make_unique<ControllerManager>(*core_);
    manager_->start();
    options_.field_manager = "controllers-test";
  }

  void TearDown() override {
    manager_->stop();
    manager_.reset();
    core_.reset();
    registry_.reset();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(data_dir_, ec);
  }

  ResourceType type(const std::string& group, const std::string& resource) {
    return core_->type(group, resource);
  }
  json create(const std::string& group, const std::string& resource, const std::string& ns,
              json body) {
    return core_->create(type(group, resource), ns, std::move(body), options_);
  }
  std::optional<json> get(const std::string& group, const std::string& resource,
                          const std::string& ns, const std::string& name) {
    return core_->find_json(type(group, resource), ns, name);
  }
  std::vector<json> list(const std::string& group, const std::string& resource,
                         const std::string& ns, const std::string& selector = "") {
    return core_->list_json(type(group, resource), ns, selector);
  }
  // Read-modify-write through the main resource, as a client would.
  json update(const std::string& group, const std::string& resource, const std::string& ns,
              const std::string& name, const std::function<void(json&)>& edit) {
    for (int attempt = 0;; ++attempt) {
      json obj = core_->get_json(type(group, resource), ns, name);
      edit(obj);
      try {
        return core_->update(type(group, resource), ns, name, obj, options_);
      } catch (const ApiError& e) {
        if (e.code() != 409 || attempt > 20) throw;
      }
    }
  }
  DeleteResult remove(const std::string& group, const std::string& resource, const std::string& ns,
                      const std::string& name, const std::string& propagation = "") {
    DeleteOptions options;
    options.propagation_policy = propagation;
    return core_->remove(type(group, resource), ns, name, options);
  }

  // Polls `condition` until it holds or `timeout` passes; returns its last value.
  static bool wait_for(const std::function<bool()>& condition,
                       std::chrono::milliseconds timeout = 15s) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
      if (condition()) return true;
      if (std::chrono::steady_clock::now() >= deadline) return condition();
      std::this_thread::sleep_for(10ms);
    }
  }
  // Waits until the object exists and `test` holds for it; returns it (or the last state).
  std::optional<json> wait_for_object(const std::string& group, const std::string& resource,
                                      const std::string& ns, const std::string& name,
                                      const std::function<bool(const json&)>& test,
                                      std::chrono::milliseconds timeout = 15s) {
    std::optional<json> last;
    bool ok = wait_for([&] {
      last = get(group, resource, ns, name);
      return last && test(*last);
    }, timeout);
    if (!ok && last) ADD_FAILURE() << "last state of " << resource << " " << name << ": " << last->dump(2);
    return ok ? last : std::nullopt;
  }
  bool wait_gone(const std::string& group, const std::string& resource, const std::string& ns,
                 const std::string& name, std::chrono::milliseconds timeout = 15s) {
    return wait_for([&] { return !get(group, resource, ns, name); }, timeout);
  }

  static json container(const std::string& name = "app", const std::string& image = "nginx:1.25") {
    return {{"name", name}, {"image", image}};
  }
  static json pod_template(const json& labels, json spec = json()) {
    if (spec.is_null()) spec = {{"containers", json::array({container()})}};
    return {{"metadata", {{"labels", labels}}}, {"spec", spec}};
  }
  static bool running(const json& pod) {
    return pod.value("status", json::object()).value("phase", "") == "Running";
  }

  std::filesystem::path data_dir_;
  std::unique_ptr<ObjectStore> store_;
  std::unique_ptr<ResourceRegistry> registry_;
  std::unique_ptr<ApiCore> core_;
  std::unique_ptr<ControllerManager> manager_;
  WriteOptions options_;
};

}  // namespace coffer::kubesim::testing
