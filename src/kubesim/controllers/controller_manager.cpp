#include "kubesim/controllers/controller_manager.h"

#include <atomic>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "kubesim/controllers/cluster_bootstrap.h"
#include "kubesim/controllers/controller.h"
#include "kubesim/controllers/cronjob_controller.h"
#include "kubesim/controllers/daemonset_controller.h"
#include "kubesim/controllers/deployment_controller.h"
#include "kubesim/controllers/endpoints_controller.h"
#include "kubesim/controllers/garbage_collector.h"
#include "kubesim/controllers/job_controller.h"
#include "kubesim/controllers/kubelet.h"
#include "kubesim/controllers/namespace_controller.h"
#include "kubesim/controllers/replicaset_controller.h"
#include "kubesim/controllers/scheduler.h"
#include "kubesim/controllers/snapshot_controller.h"
#include "kubesim/controllers/statefulset_controller.h"
#include "kubesim/controllers/volume_controller.h"
#include "kubesim/controllers/work_queue.h"

namespace coffer::kubesim {

using namespace std::chrono_literals;
using controllers::ClusterIndex;
using controllers::Controller;
using controllers::KnownTypes;
using controllers::ObservedEvent;
using controllers::WorkItem;
using controllers::WorkQueue;

class ControllerManager::Impl : public controllers::ControllerHost {
 public:
  explicit Impl(ApiCore& core) : core_(core), types_(core) {}
  ~Impl() override { stop(); }

  ApiCore& core() override { return core_; }
  const KnownTypes& types() const override { return types_; }
  ClusterIndex& index() override { return index_; }
  void enqueue(Controller& controller, const std::string& key,
               std::chrono::milliseconds delay) override {
    queue_.add({ids_.at(&controller), key}, WorkQueue::Clock::now() + delay);
  }

  void ensure_cluster_objects() { controllers::ensure_cluster_objects(core_, types_); }

  void start() {
    std::lock_guard lock(lifecycle_mu_);
    if (thread_.joinable()) return;
    ensure_cluster_objects();
    stopping_ = false;
    thread_ = std::thread([this] { run(); });
  }

  void stop() {
    std::lock_guard lock(lifecycle_mu_);
    if (!thread_.joinable()) return;
    stopping_ = true;
    thread_.join();
  }

 private:
  static constexpr auto kResyncPeriod = 1000ms;
  static constexpr auto kMaxWait = 200ms;

  void build_controllers() {
    controllers_.clear();
    ids_.clear();
    by_resource_.clear();
    watch_all_.clear();
    add<controllers::NamespaceController>();
    add<controllers::Scheduler>();
    add<controllers::Kubelet>();
    add<controllers::ReplicaSetController>();
    add<controllers::DeploymentController>();
    add<controllers::StatefulSetController>();
    add<controllers::DaemonSetController>();
    add<controllers::JobController>();
    add<controllers::CronJobController>();
    add<controllers::GarbageCollector>();
    add<controllers::VolumeController>();
    add<controllers::SnapshotController>();
    add<controllers::EndpointsController>();
  }

  template <typename T>
  void add() {
    auto controller = std::make_unique<T>(static_cast<controllers::ControllerHost&>(*this));
    Controller* c = controller.get();
    ids_[c] = controllers_.size();
    controllers_.push_back(std::move(controller));
    auto watched = c->watched_resources();
    if (watched.empty()) watch_all_.push_back(c);
    for (const auto& resource : watched) by_resource_[resource].push_back(c);
  }

  void run() {
    while (!stopping_) {
      if (core_.store().interrupted()) {  // shutting down: the event log no longer blocks
        std::this_thread::sleep_for(20ms);
        continue;
      }
      try {
        prime();
        loop();
      } catch (const StoreExpired&) {
        continue;  // fell behind the event log: list everything again
      } catch (const std::exception& e) {
        std::cerr << "kubesim controllers: restarting after error: " << e.what() << "\n";
        std::this_thread::sleep_for(200ms);
      }
    }
  }

  // Fresh controllers observe everything the store holds, as if it had just been created.
  void prime() {
    build_controllers();
    index_.clear();
    queue_.clear();
    failures_.clear();
    rv_ = core_.store().current_rv();
    for (const auto& resource : core_.store().resources()) {
      auto page = core_.store().list(resource, "", "", 0, nullptr);
      for (const auto& object : page.items) {
        Event event{};
        event.rv = object->rv;
        event.type = EventType::Added;
        event.object = object;
        observe(ObservedEvent(event, true));
      }
    }
    for (auto& c : controllers_) guarded(*c, "primed", [&] { c->primed(); });
  }

  void loop() {
    auto next_resync = WorkQueue::Clock::now() + kResyncPeriod;
    while (!stopping_ && !core_.store().interrupted()) {
      drain_events(0ms);
      auto now = WorkQueue::Clock::now();
      if (auto item = queue_.pop(now)) {
        run_item(*item);
        continue;
      }
      if (now >= next_resync) {
        for (auto& c : controllers_) guarded(*c, "resync", [&] { c->resync(); });
        next_resync = now + kResyncPeriod;
        continue;
      }
      auto wake = next_resync;
      if (auto due = queue_.next_due()) wake = std::min(wake, *due);
      auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(wake - now);
      drain_events(std::clamp<std::chrono::milliseconds>(wait, 1ms, kMaxWait));
    }
  }

  void drain_events(std::chrono::milliseconds wait) {
    if (wait == 0ms && core_.store().current_rv() == rv_) return;
    auto [events, reached] = core_.store().events_after(rv_, wait);
    for (const auto& event : events) observe(ObservedEvent(event, false));
    rv_ = std::max(rv_, reached);
  }

  void observe(const ObservedEvent& event) {
    try {
      index_.apply(event);
    } catch (const std::exception& e) {
      log_once("index", event.resource(), e.what());
    }
    auto it = by_resource_.find(event.resource());
    if (it != by_resource_.end())
      for (Controller* c : it->second) guarded(*c, "observe", [&] { c->observe(event); });
    for (Controller* c : watch_all_) guarded(*c, "observe", [&] { c->observe(event); });
  }

  void run_item(const WorkItem& item) {
    Controller& c = *controllers_[item.controller];
    try {
      c.reconcile(item.key);
      failures_.erase(item);
    } catch (const ApiError& e) {
      if (e.code() == 404) {
        failures_.erase(item);
      } else if (e.code() == 409 || e.code() == 403) {  // conflicts; terminating namespaces
        retry(item, false, e.what());
      } else {
        retry(item, true, e.what());
      }
    } catch (const std::exception& e) {
      retry(item, true, e.what());
    }
  }

  void retry(const WorkItem& item, bool report, const std::string& what) {
    int failures = ++failures_[item];
    auto delay = std::chrono::milliseconds(10) * (1 << std::min(failures, 10));
    delay = std::min<std::chrono::milliseconds>(delay, 10s);
    queue_.add(item, WorkQueue::Clock::now() + delay);
    if (report && (failures == 1 || failures % 100 == 0))
      std::cerr << "kubesim controllers: " << controllers_[item.controller]->name() << " "
                << item.key << ": " << what << " (attempt " << failures << ")\n";
  }

  template <typename F>
  void guarded(Controller& c, const char* what, F&& fn) {
    try {
      fn();
    } catch (const std::exception& e) {
      log_once(c.name() + " " + what, "", e.what());
    }
  }

  void log_once(const std::string& where, const std::string& subject, const std::string& what) {
    std::string key = where + subject + what;
    if (logged_.size() > 1000) logged_.clear();
    if (!logged_.emplace(key, true).second) return;
    std::cerr << "kubesim controllers: " << where << " " << subject << ": " << what << "\n";
  }

  ApiCore& core_;
  KnownTypes types_;
  ClusterIndex index_;
  WorkQueue queue_;
  std::vector<std::unique_ptr<Controller>> controllers_;
  std::unordered_map<const Controller*, size_t> ids_;
  std::unordered_map<std::string, std::vector<Controller*>> by_resource_;
  std::vector<Controller*> watch_all_;
  std::map<WorkItem, int> failures_;
  std::map<std::string, bool> logged_;
  uint64_t rv_ = 0;

  std::mutex lifecycle_mu_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
};

ControllerManager::ControllerManager(ApiCore& core) : impl_(std::make_unique<Impl>(core)) {}
ControllerManager::~ControllerManager() = default;
void ControllerManager::start() { impl_->start(); }
void ControllerManager::stop() { impl_->stop(); }
void ControllerManager::ensure_cluster_objects() { impl_->ensure_cluster_objects(); }

}  // namespace coffer::kubesim
