#include "backup/engine/backup_engine.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "backup/engine/backup_log.h"
#include "backup/engine/item_writer.h"
#include "backup/layout/velero_layout.h"
#include "backup/spec/backup_scope.h"
#include "backup/spec/go_duration.h"
#include "common/cancellation.h"
#include "common/random_id.h"
#include "common/rfc3339.h"
#include "kube/client/discovery.h"
#include "kube/client/list_pager.h"

namespace coffer::backup {
namespace {

using nlohmann::json;
using Clock = std::chrono::system_clock;

constexpr const char* kExcludeLabel = "velero.io/exclude-from-backup";

// Built-in API groups: their resources never come from a CRD, so no CRD is looked up for them.
bool builtin_group(const std::string& g) {
  static const std::set<std::string> groups = {
      "", "apps", "batch", "autoscaling", "policy", "extensions", "events.k8s.io", "networking.k8s.io",
      "rbac.authorization.k8s.io", "storage.k8s.io", "apiextensions.k8s.io", "admissionregistration.k8s.io",
      "coordination.k8s.io", "discovery.k8s.io", "node.k8s.io", "scheduling.k8s.io", "certificates.k8s.io",
      "flowcontrol.apiserver.k8s.io", "apiregistration.k8s.io", "authentication.k8s.io", "authorization.k8s.io",
      "resource.k8s.io", "storagemigration.k8s.io", "internal.apiserver.k8s.io", "metrics.k8s.io"};
  return groups.count(g) > 0;
}

// The item's JSON with apiVersion and kind, which list items of built-in kinds lack (the
// unstructured decoder Velero uses fills them in from the list).
void append_with_type_meta(std::string& out, std::string_view raw, bool has_type_meta, const ItemType& type) {
  if (has_type_meta || raw.size() < 2 || raw.front() != '{') {
    out.append(raw);
    return;
  }
  out += "{\"apiVersion\":\"";
  out += type.group_version;
  out += "\",\"kind\":\"";
  out += type.kind;
  out += '"';
  std::string_view rest = raw.substr(1);
  std::size_t i = 0;
  while (i < rest.size() && (rest[i] == ' ' || rest[i] == '\n' || rest[i] == '\t' || rest[i] == '\r')) ++i;
  if (i < rest.size() && rest[i] != '}') out += ',';
  out.append(rest);
}

std::string item_json(const json& object, const ItemType& type) {
  json o = object;
  if (!o.contains("apiVersion")) o["apiVersion"] = type.group_version;
  if (!o.contains("kind")) o["kind"] = type.kind;
  return o.dump();
}

std::shared_ptr<const ItemType> type_of(const kube::ApiResource& r) {
  auto t = std::make_shared<ItemType>();
  t->group_resource = r.group_resource();
  t->version = r.version;
  t->group_version = r.group_version();
  t->kind = r.kind;
  return t;
}

// orderedResources: "ns/name,ns/name" -> [(ns, name)]; cluster-scoped entries are bare names.
std::vector<std::pair<std::string, std::string>> parse_ordered(const std::string& value, bool namespaced) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t start = 0;
  while (start <= value.size()) {
    auto comma = value.find(',', start);
    std::string part = value.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    while (!part.empty() && part.front() == ' ') part.erase(part.begin());
    while (!part.empty() && part.back() == ' ') part.pop_back();
    if (!part.empty()) {
      auto slash = part.find('/');
      if (namespaced && slash != std::string::npos) out.emplace_back(part.substr(0, slash), part.substr(slash + 1));
      else if (!namespaced) out.emplace_back("", part);
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

struct ListTask {
  const TypePlan* plan;
  std::shared_ptr<const ItemType> type;
  std::string ns;        // "" = cluster-wide
  std::string selector;  // labelSelector query
  bool filter_namespaces = false;  // cluster-wide list of a namespaced type: keep included namespaces only
};

class Engine {
 public:
  Engine(kube::KubeClient* client, storage::ObjectStore& store, BackupSpec spec, const EngineOptions& options)
      : client_(client), store_(store), spec_(std::move(spec)), options_(options),
        log_(spec_.name, options.on_log) {}

  BackupOutcome run(const std::string& config_error);

 private:
  json backup_object() const;
  void set_phase(const std::string& phase);
  void report();
  void start_ticker();
  void stop_ticker();

  bool collect(ItemWriter& writer);  // false: fatal (phase already Failed)
  void run_list_task(const ListTask& task, ItemWriter& writer);
  void write_ordered_items(const TypePlan& plan, const std::shared_ptr<const ItemType>& type, ItemWriter& writer);
  void write_related(ItemWriter& writer);
  bool persist(const std::string& tar_key, storage::ObjectWriter& tar_out, ItemWriter& writer);
  void fail(const std::string& reason);

  kube::KubeClient* client_;
  storage::ObjectStore& store_;
  BackupSpec spec_;
  EngineOptions options_;
  BackupLog log_;

  std::mutex state_mu_;
  std::string phase_ = "New";
  std::string failure_reason_;
  std::vector<std::string> validation_errors_;
  Clock::time_point start_{}, completion_{}, expiration_{};
  std::chrono::steady_clock::time_point started_steady_ = std::chrono::steady_clock::now();
  kube::ServerVersion server_version_;
  std::string uid_ = random_uuid();
  Clock::time_point created_ = Clock::now();

  std::atomic<std::uint64_t> total_estimate_{0};
  std::atomic<ItemWriter*> writer_{nullptr};
  std::mutex report_mu_;
  std::uint64_t final_items_ = 0, final_uncompressed_ = 0, final_compressed_ = 0;

  std::mutex tick_mu_;
  std::condition_variable tick_cv_;
  bool tick_stop_ = false;
  std::thread ticker_;

  // discovery/scope results
  std::unique_ptr<BackupScope> scope_;
  std::set<std::string> included_namespaces_;
  std::map<std::string, std::string> namespace_json_;                  // ns -> raw object
  std::map<std::string, std::map<std::string, std::string>> ns_labels_;
  // Related items found while listing (Velero's built-in backup item actions).
  std::mutex related_mu_;
  std::set<std::string> pv_names_;                                   // PVs bound to backed-up PVCs
  std::set<std::pair<std::string, std::string>> pod_claims_;         // PVCs mounted by backed-up pods
  std::set<std::string> priority_classes_;                           // priorityClassName of backed-up pods
  std::set<std::pair<std::string, std::string>> service_accounts_;  // backed-up service accounts
  void note_related(const kube::ApiResource& r, const kube::ListItem& item);
  void note_related_json(const kube::ApiResource& r, const json& object);
  // GETs a related item, unless it is already in the backup, labelled exclude-from-backup or
  // being deleted; adds it to batch. Returns the object (null when skipped).
  json fetch_related(const TypePlan& plan, const std::string& ns, const std::string& name, ItemBatch& batch,
                     ItemWriter& writer);
  std::map<std::string, std::set<std::pair<std::string, std::string>>> ordered_done_;  // gr -> (ns, name)
};

json Engine::backup_object() const {
  json labels = json::object();
  for (const auto& [k, v] : spec_.labels) labels[k] = v;
  std::string location = spec_.storage_location.empty() ? options_.location_name : spec_.storage_location;
  labels["velero.io/storage-location"] = location.size() > 63 ? location.substr(0, 63) : location;
  json annotations = json::object();
  for (const auto& [k, v] : spec_.annotations) annotations[k] = v;
  if (!server_version_.git_version.empty()) {
    annotations["velero.io/source-cluster-k8s-gitversion"] = server_version_.git_version;
    annotations["velero.io/source-cluster-k8s-major-version"] = server_version_.major;
    annotations["velero.io/source-cluster-k8s-minor-version"] = server_version_.minor;
  }
  annotations["velero.io/resource-timeout"] = "10m0s";

  json spec = spec_to_json(spec_);
  if (!spec.contains("storageLocation")) spec["storageLocation"] = location;

  json status = {{"version", 1}, {"formatVersion", std::string(layout::kFormatVersion)}, {"phase", phase_}};
  if (start_ != Clock::time_point{}) {
    status["startTimestamp"] = format_rfc3339(start_);
    status["expiration"] = format_rfc3339(expiration_);
  }
  if (completion_ != Clock::time_point{}) status["completionTimestamp"] = format_rfc3339(completion_);
  if (!validation_errors_.empty()) status["validationErrors"] = validation_errors_;
  if (!failure_reason_.empty()) status["failureReason"] = failure_reason_;
  if (phase_ != "New" && phase_ != "FailedValidation") {
    ItemWriter* w = writer_.load();
    std::uint64_t items = w ? w->items() : final_items_;
    std::uint64_t total = std::max<std::uint64_t>(total_estimate_.load(), items);
    if (phase_ != "InProgress") total = items;
    status["progress"] = {{"totalItems", total}, {"itemsBackedUp", items}};
  }
  if (log_.warnings() > 0) status["warnings"] = log_.warnings();
  if (log_.errors() > 0) status["errors"] = log_.errors();

  return json{{"apiVersion", "velero.io/v1"},
              {"kind", "Backup"},
              {"metadata",
               {{"name", spec_.name},
                {"namespace", "velero"},
                {"uid", uid_},
                {"creationTimestamp", format_rfc3339(created_)},
                {"labels", labels},
                {"annotations", annotations}}},
              {"spec", spec},
              {"status", status}};
}

void Engine::report() {
  if (!options_.on_progress) return;
  std::lock_guard report_lock(report_mu_);
  ItemWriter* w = writer_.load();
  BackupProgress p;
  {
    std::lock_guard lock(state_mu_);
    p.phase = phase_;
  }
  p.items_backed_up = w ? w->items() : final_items_;
  p.total_items = std::max<std::uint64_t>(total_estimate_.load(), p.items_backed_up);
  if (p.phase != "InProgress" && p.phase != "New") p.total_items = p.items_backed_up;
  p.bytes_uncompressed = w ? w->uncompressed_bytes() : final_uncompressed_;
  p.bytes_written = w ? w->compressed_bytes() : final_compressed_;
  p.warnings = log_.warnings();
  p.errors = log_.errors();
  p.elapsed_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_steady_).count();
  options_.on_progress(p);
}

void Engine::set_phase(const std::string& phase) {
  {
    std::lock_guard lock(state_mu_);
    phase_ = phase;
  }
  report();
}

void Engine::start_ticker() {
  ticker_ = std::thread([this] {
    std::unique_lock lock(tick_mu_);
    while (!tick_cv_.wait_for(lock, options_.progress_interval, [&] { return tick_stop_; })) {
      lock.unlock();
      report();
      lock.lock();
    }
  });
}

void Engine::stop_ticker() {
  {
    std::lock_guard lock(tick_mu_);
    tick_stop_ = true;
  }
  tick_cv_.notify_all();
  if (ticker_.joinable()) ticker_.join();
}

void Engine::fail(const std::string& reason) {
  failure_reason_ = reason;
  log_.error(ResultScope::Velero, "", reason);
}

BackupOutcome Engine::run(const std::string& config_error) {
  apply_defaults(spec_);
  BackupOutcome out;
  report();

  validation_errors_ = validate_spec(spec_);
  if (validation_errors_.empty()) {
    try {
      if (store_.exists(layout::metadata_key(spec_.name)))
        validation_errors_.push_back("metadata.name: a backup named \"" + spec_.name + "\" already exists in " +
                                     store_.describe() + "; choose another name or delete the existing backup");
    } catch (const storage::StorageError& e) {
      validation_errors_.push_back(std::string("storage location: ") + e.what());
    }
  }
  if (!validation_errors_.empty()) {
    set_phase("FailedValidation");
    out.backup = backup_object();
    out.phase = phase_;
    return out;
  }

  start_ = Clock::now();
  expiration_ = start_ + std::chrono::duration_cast<Clock::duration>(spec_.ttl);
  set_phase("InProgress");
  log_.info("Setting up backup", {{"location", store_.describe()}});
  for (const char* field : {"snapshotVolumes", "defaultVolumesToFsBackup", "snapshotMoveData"}) {
    bool asked = (std::string(field) == "snapshotVolumes" && spec_.snapshot_volumes.value_or(false)) ||
                 (std::string(field) == "defaultVolumesToFsBackup" && spec_.default_volumes_to_fs_backup.value_or(false)) ||
                 (std::string(field) == "snapshotMoveData" && spec_.snapshot_move_data.value_or(false));
    if (asked)
      log_.warning(ResultScope::Velero, "",
                   std::string("spec.") + field + " is set, but volume data is not captured yet: this backup holds the resources only");
  }
  start_ticker();

  std::unique_ptr<storage::ObjectWriter> tar_out;
  std::unique_ptr<ItemWriter> writer;
  std::string tar_key = layout::tarball_key(spec_.name);
  bool storage_failed = false;  // or cancelled: nothing is stored
  try {
    tar_out = store_.open_write(tar_key);
    writer = std::make_unique<ItemWriter>(*tar_out, options_.archive);
    writer_ = writer.get();
  } catch (const std::exception& e) {
    fail(std::string("cannot write to the storage location: ") + e.what());
    storage_failed = true;
  }

  if (!storage_failed) {
    if (!client_) {
      fail(config_error.empty() ? "no cluster connection is configured" : config_error);
    } else {
      try {
        collect(*writer);
      } catch (const Cancelled&) {
        fail("cancelled: the backup was stopped before it finished; nothing was stored");
        storage_failed = true;
      } catch (const storage::StorageError& e) {
        fail(std::string("writing the backup failed: ") + e.what());
        storage_failed = true;
      } catch (const std::exception& e) {
        // A failed tarball write also lands here (through push/drain); persist() then fails too
        // and removes what was written.
        fail(std::string("backup failed: ") + e.what());
      }
    }
  }

  bool stored = false;
  if (!storage_failed) {
    stored = persist(tar_key, *tar_out, *writer);
  } else if (tar_out) {
    tar_out->abort();
  }
  stop_ticker();
  final_items_ = writer ? writer->items() : 0;
  final_uncompressed_ = writer ? writer->uncompressed_bytes() : 0;
  final_compressed_ = writer ? writer->compressed_bytes() : 0;
  writer_ = nullptr;
  writer.reset();
  if (!stored && phase_ != "Failed") {
    completion_ = Clock::now();
    set_phase("Failed");
  }
  report();
  out.backup = backup_object();
  out.phase = phase_;
  out.stored = stored;
  return out;
}

bool Engine::collect(ItemWriter& writer) {
  kube::DiscoveryResult discovery;
  try {
    discovery = kube::discover(*client_);
  } catch (const kube::ApiError& e) {
    fail(std::string("cannot discover the cluster's API: ") + e.what());
    return false;
  } catch (const kube::KubeconfigError& e) {
    fail(std::string("cluster credentials: ") + e.what());
    return false;
  }
  server_version_ = discovery.version;
  for (const auto& w : discovery.warnings) log_.warning(ResultScope::Velero, "", w);

  // spec.resourcePolicy: a ConfigMap (in the velero namespace unless the reference names one)
  // whose single data value is the policy YAML; its includeExcludePolicy filters resources.
  if (spec_.resource_policy && spec_.include_exclude_policy.empty()) {
    const auto& ref = *spec_.resource_policy;
    std::string ns = ref.namespace_.empty() ? "velero" : ref.namespace_;
    std::string where = "spec.resourcePolicy: ConfigMap " + ns + "/" + ref.name;
    try {
      json cm = client_->get_json("/api/v1/namespaces/" + ns + "/configmaps/" + ref.name);
      const json data = cm.value("data", json::object());
      if (data.size() != 1) {
        fail(where + " must hold exactly one data key with the policy YAML (it has " + std::to_string(data.size()) + ")");
        return false;
      }
      spec_.include_exclude_policy = parse_resource_policy_yaml(data.begin()->get<std::string>());
      log_.info("Using the resource policy in ConfigMap " + ns + "/" + ref.name);
    } catch (const kube::ApiError& e) {
      fail(where + ": " + e.what());
      return false;
    } catch (const std::exception& e) {
      fail(where + ": " + e.what());
      return false;
    }
  }

  // Namespaces first: those labelled velero.io/exclude-from-backup=true join the spec's excluded
  // namespaces (as Velero records them), so the scope sees them.
  std::set<std::string> existing, deleting;
  try {
    kube::ListOptions lo;
    lo.limit = options_.page_size;
    kube::list_paged(*client_, "/api/v1/namespaces", lo,
                     {[&](const kube::ListItem& item) {
                        std::string name(item.name);
                        existing.insert(name);
                        if (item.deleting) deleting.insert(name);
                        std::map<std::string, std::string> labels;
                        for (const auto& [k, v] : item.labels) labels[std::string(k)] = std::string(v);
                        ns_labels_[name] = labels;
                        std::string raw;
                        append_with_type_meta(raw, item.raw, item.has_type_meta, ItemType{"namespaces", "v1", "v1", "Namespace"});
                        namespace_json_[name] = std::move(raw);
                      },
                      {}, {}});
  } catch (const kube::ApiError& e) {
    fail(std::string("cannot list namespaces: ") + e.what());
    return false;
  }
  for (const auto& name : existing) {
    if (ns_labels_[name].count(kExcludeLabel) && ns_labels_[name][kExcludeLabel] == "true" &&
        std::find(spec_.excluded_namespaces.begin(), spec_.excluded_namespaces.end(), name) == spec_.excluded_namespaces.end()) {
      log_.info("Excluding namespace labelled " + std::string(kExcludeLabel) + "=true", {{"namespace", name}});
      spec_.excluded_namespaces.push_back(name);
    }
  }

  std::vector<std::string> scope_warnings;
  scope_ = std::make_unique<BackupScope>(spec_, discovery.preferred(), scope_warnings);
  for (const auto& w : scope_warnings) log_.warning(ResultScope::Velero, "", w);
  for (const auto& name : existing) {
    if (deleting.count(name) || !scope_->include_namespace(name)) continue;
    included_namespaces_.insert(name);
  }
  for (const auto& n : spec_.included_namespaces)
    if (n.find_first_of("*?[{\\") == std::string::npos && !existing.count(n))
      // Velero logs this as an error, so the backup ends PartiallyFailed.
      log_.error(ResultScope::Velero, "", "fail to get the namespace " + n + " specified in backup.Spec.IncludedNamespaces");
  log_.info("Backing up " + std::to_string(included_namespaces_.size()) + " namespace(s) and " +
            std::to_string(scope_->types().size()) + " resource type(s)");

  // Namespaced types are listed per namespace when a few are chosen, cluster-wide otherwise.
  bool all_included = included_namespaces_.size() == existing.size();
  bool per_namespace = !all_included && included_namespaces_.size() <= 32;
  std::vector<ListTask> tasks;
  for (const auto& plan : scope_->types()) {
    if (plan.mode != TypeMode::Direct) continue;
    if (plan.resource.group_resource() == "namespaces") continue;  // handled below
    auto type = type_of(plan.resource);
    for (const auto& selector : scope_->label_selector_queries()) {
      if (plan.resource.namespaced) {
        if (per_namespace) {
          for (const auto& ns : included_namespaces_) tasks.push_back({&plan, type, ns, selector, false});
        } else if (!included_namespaces_.empty()) {
          tasks.push_back({&plan, type, "", selector, !all_included});
        }
      } else {
        tasks.push_back({&plan, type, "", selector, false});
      }
    }
  }

  // orderedResources: those items go first, fetched by name.
  for (const auto& plan : scope_->types()) {
    if (plan.mode != TypeMode::Direct) continue;
    write_ordered_items(plan, type_of(plan.resource), writer);
  }

  std::atomic<std::size_t> next{0};
  std::exception_ptr fatal;
  std::mutex fatal_mu;
  auto worker = [&] {
    for (std::size_t i = next++; i < tasks.size(); i = next++) {
      try {
        throw_if_cancelled(options_.stop);
        run_list_task(tasks[i], writer);
      } catch (...) {
        std::lock_guard lock(fatal_mu);
        if (!fatal) fatal = std::current_exception();
        next = tasks.size();
      }
    }
  };
  std::vector<std::thread> threads;
  int n = std::max(1, std::min<int>(options_.list_workers, static_cast<int>(tasks.size())));
  for (int i = 0; i < n; ++i) threads.emplace_back(worker);
  for (auto& t : threads) t.join();
  if (fatal) std::rethrow_exception(fatal);
  throw_if_cancelled(options_.stop);

  writer.drain();
  write_related(writer);
  throw_if_cancelled(options_.stop);
  return true;
}

void Engine::write_ordered_items(const TypePlan& plan, const std::shared_ptr<const ItemType>& type, ItemWriter& writer) {
  const auto& r = plan.resource;
  const std::string* value = nullptr;
  for (const auto& [key, v] : spec_.ordered_resources) {
    if (key == r.name || key == r.group_resource()) value = &v;
  }
  if (!value) return;
  ItemBatch batch;
  batch.type = type;
  for (const auto& [ns, name] : parse_ordered(*value, r.namespaced)) {
    if (r.namespaced && !included_namespaces_.count(ns)) continue;
    try {
      json object = client_->get(r, ns, name);
      batch.add(ns, name, item_json(object, *type));
      ordered_done_[r.group_resource()].insert({ns, name});
    } catch (const kube::ApiError& e) {
      log_.warning(r.namespaced ? ResultScope::Namespace : ResultScope::Cluster, ns,
                   "orderedResources: " + r.group_resource() + " " + (ns.empty() ? name : ns + "/" + name) + ": " + e.what());
    }
  }
  if (!batch.entries.empty()) writer.push(std::move(batch));
}

void Engine::run_list_task(const ListTask& task, ItemWriter& writer) {
  const auto& r = task.plan->resource;
  const bool watch_related =
      r.group.empty() && (r.name == "persistentvolumeclaims" || r.name == "pods" || r.name == "serviceaccounts");
  const auto ordered_it = ordered_done_.find(r.group_resource());
  kube::ListOptions lo;
  lo.limit = options_.page_size;
  lo.label_selector = task.selector;
  ItemBatch batch;
  batch.type = task.type;
  bool first_page = true;
  std::uint64_t written = 0;
  auto on_item = [&](const kube::ListItem& item) {
    if (item.deleting) return;
    if (task.filter_namespaces && !included_namespaces_.count(std::string(item.namespace_))) return;
    if (item.label(kExcludeLabel) == "true") return;
    if (ordered_it != ordered_done_.end() &&
        ordered_it->second.count({std::string(item.namespace_), std::string(item.name)}))
      return;
    ItemBatch::Entry e;
    e.ns = std::string(item.namespace_);
    e.name = std::string(item.name);
    e.offset = static_cast<std::uint32_t>(batch.data.size());
    append_with_type_meta(batch.data, item.raw, item.has_type_meta, *task.type);
    e.length = static_cast<std::uint32_t>(batch.data.size() - e.offset);
    if (watch_related) note_related(r, item);
    batch.entries.push_back(std::move(e));
    written++;
  };
  auto on_page = [&](const kube::ListPageInfo& info) {
    throw_if_cancelled(options_.stop);
    if (first_page) {
      total_estimate_ += info.items + static_cast<std::uint64_t>(std::max<std::int64_t>(0, info.remaining_item_count.value_or(0)));
      first_page = false;
    } else if (!info.remaining_item_count) {
      total_estimate_ += info.items;
    }
    if (!batch.entries.empty()) {
      writer.push(std::move(batch));
      batch = ItemBatch{};
      batch.type = task.type;
    }
  };
  auto on_restart = [&] {
    log_.info("List of " + r.group_resource() + " restarted: its continue token expired", {{"resource", r.group_resource()}});
  };
  std::string path = kube::KubeClient::resource_path(r, task.ns);
  try {
    kube::list_paged(*client_, path, lo, {on_item, on_page, on_restart});
  } catch (const kube::ApiError& e) {
    if (!batch.entries.empty()) writer.push(std::move(batch));
    std::string what = "listing " + r.group_resource() + (task.ns.empty() ? "" : " in namespace " + task.ns) +
                       " failed after " + std::to_string(written) + " item(s): " + e.what();
    if (!r.namespaced) log_.error(ResultScope::Cluster, "", what, {{"resource", r.group_resource()}});
    else if (!task.ns.empty()) log_.error(ResultScope::Namespace, task.ns, what, {{"resource", r.group_resource()}});
    else log_.error(ResultScope::Velero, "", what, {{"resource", r.group_resource()}});
    return;
  }
  if (written > 0)
    log_.info("Backed up " + std::to_string(written) + " item(s)",
              task.ns.empty() ? std::map<std::string, std::string>{{"resource", r.group_resource()}}
                              : std::map<std::string, std::string>{{"resource", r.group_resource()}, {"namespace", task.ns}});
}

void Engine::note_related(const kube::ApiResource& r, const kube::ListItem& item) {
  if (r.name == "serviceaccounts") {
    std::lock_guard lock(related_mu_);
    service_accounts_.insert({std::string(item.namespace_), std::string(item.name)});
    return;
  }
  // Only parse the objects that can point at something.
  std::string_view needle = r.name == "pods" ? std::string_view("persistentVolumeClaim") : std::string_view("volumeName");
  bool priority = r.name == "pods" && item.raw.find("priorityClassName") != std::string_view::npos;
  if (item.raw.find(needle) == std::string_view::npos && !priority) return;
  try {
    note_related_json(r, json::parse(item.raw));
  } catch (const json::exception&) {
  }
}

void Engine::note_related_json(const kube::ApiResource& r, const json& object) {
  std::lock_guard lock(related_mu_);
  const json spec = object.value("spec", json::object());
  std::string ns = object.value(json::json_pointer("/metadata/namespace"), std::string());
  if (r.name == "persistentvolumeclaims") {
    std::string volume = spec.value("volumeName", std::string());
    if (!volume.empty()) pv_names_.insert(volume);
  } else if (r.name == "pods") {
    // Velero's pod action: the claims a pod mounts and its priority class.
    for (const auto& v : spec.value("volumes", json::array()))
      if (v.contains("persistentVolumeClaim") && v["persistentVolumeClaim"].contains("claimName"))
        pod_claims_.insert({ns, v["persistentVolumeClaim"]["claimName"].get<std::string>()});
    std::string pc = spec.value("priorityClassName", std::string());
    if (!pc.empty()) priority_classes_.insert(pc);
  }
}

json Engine::fetch_related(const TypePlan& plan, const std::string& ns, const std::string& name, ItemBatch& batch,
                           ItemWriter& writer) {
  const auto& type = *batch.type;
  if (writer.contains(type.group_version + "/" + type.kind, ns, name)) return nullptr;
  for (const auto& e : batch.entries)
    if (e.ns == ns && e.name == name) return nullptr;
  try {
    json object = client_->get(plan.resource, ns, name);
    const json& meta = object["metadata"];
    if (meta.contains("labels") && meta["labels"].is_object() && meta["labels"].value(kExcludeLabel, "") == "true") return nullptr;
    if (meta.contains("deletionTimestamp") && !meta["deletionTimestamp"].is_null()) return nullptr;
    batch.add(ns, name, item_json(object, type));
    return object;
  } catch (const kube::ApiError& e) {
    if (!e.not_found()) {
      std::string what = plan.resource.group_resource() + " " + (ns.empty() ? name : ns + "/" + name) + ": " + e.what();
      if (ns.empty()) log_.error(ResultScope::Cluster, "", what);
      else log_.error(ResultScope::Namespace, ns, what);
    }
    return nullptr;
  }
}

void Engine::write_related(ItemWriter& writer) {
  // Each step may find more: a pod's claim brings its PV; the namespaces come last.
  auto step = [&](const std::string& group_resource, const auto& fill) {
    const TypePlan* plan = scope_->plan_for(group_resource);
    if (!plan) return;
    ItemBatch batch;
    batch.type = type_of(plan->resource);
    fill(*plan, batch);
    if (!batch.entries.empty()) {
      log_.info("Backing up " + std::to_string(batch.entries.size()) + " related item(s)", {{"resource", group_resource}});
      writer.push(std::move(batch));
      writer.drain();
    }
  };
  step("persistentvolumeclaims", [&](const TypePlan& plan, ItemBatch& batch) {
    for (const auto& [ns, name] : pod_claims_) {
      json pvc = fetch_related(plan, ns, name, batch, writer);
      if (!pvc.is_null()) note_related_json(plan.resource, pvc);
    }
  });
  step("persistentvolumes", [&](const TypePlan& plan, ItemBatch& batch) {
    for (const auto& name : pv_names_) fetch_related(plan, "", name, batch, writer);
  });
  step("priorityclasses.scheduling.k8s.io", [&](const TypePlan& plan, ItemBatch& batch) {
    for (const auto& name : priority_classes_) fetch_related(plan, "", name, batch, writer);
  });
  // Velero's service account action: the cluster role bindings naming a backed-up service
  // account, and the cluster roles they bind.
  std::set<std::string> cluster_roles;
  if (!service_accounts_.empty()) {
    step("clusterrolebindings.rbac.authorization.k8s.io", [&](const TypePlan& plan, ItemBatch& batch) {
      kube::ListOptions lo;
      lo.limit = options_.page_size;
      std::vector<std::pair<std::string, std::string>> bindings;  // name, cluster role
      try {
        kube::list_paged(*client_, kube::KubeClient::resource_path(plan.resource, ""), lo,
                         {[&](const kube::ListItem& item) {
                            if (item.raw.find("ServiceAccount") == std::string_view::npos) return;
                            json crb = json::parse(item.raw);
                            bool match = false;
                            for (const auto& sub : crb.value("subjects", json::array()))
                              if (sub.value("kind", "") == "ServiceAccount" &&
                                  service_accounts_.count({sub.value("namespace", ""), sub.value("name", "")}))
                                match = true;
                            if (!match) return;
                            std::string role = crb.value(json::json_pointer("/roleRef/kind"), std::string()) == "ClusterRole"
                                                   ? crb.value(json::json_pointer("/roleRef/name"), std::string()) : "";
                            bindings.emplace_back(std::string(item.name), role);
                          },
                          {}, {}});
      } catch (const kube::ApiError& e) {
        log_.error(ResultScope::Cluster, "", "listing clusterrolebindings for service accounts failed: " + std::string(e.what()));
      }
      for (const auto& [name, role] : bindings) {
        fetch_related(plan, "", name, batch, writer);
        if (!role.empty()) cluster_roles.insert(role);
      }
    });
    step("clusterroles.rbac.authorization.k8s.io", [&](const TypePlan& plan, ItemBatch& batch) {
      for (const auto& name : cluster_roles) fetch_related(plan, "", name, batch, writer);
    });
  }
  // CRDs of backed-up custom resources.
  step("customresourcedefinitions.apiextensions.k8s.io", [&](const TypePlan& plan, ItemBatch& batch) {
    for (const auto& gr : writer.group_resources_with_items()) {
      auto dot = gr.find('.');
      if (dot == std::string::npos || builtin_group(gr.substr(dot + 1))) continue;
      fetch_related(plan, "", gr, batch, writer);
    }
  });
  // Namespace objects (Velero's namespace tracker): the included namespaces (matching the label
  // selector, when there is one) and every namespace that has backed-up items.
  step("namespaces", [&](const TypePlan&, ItemBatch& batch) {
    std::set<std::string> wanted = writer.namespaces_with_items();
    bool has_selector = !(scope_->label_selector_queries().size() == 1 && scope_->label_selector_queries()[0].empty());
    for (const auto& ns : included_namespaces_)
      if (!has_selector || scope_->matches_selectors(ns_labels_[ns])) wanted.insert(ns);
    for (const auto& ns : wanted) {
      auto it = namespace_json_.find(ns);
      if (it == namespace_json_.end()) continue;
      if (ns_labels_[ns].count(kExcludeLabel) && ns_labels_[ns][kExcludeLabel] == "true") continue;
      if (writer.contains(batch.type->group_version + "/" + batch.type->kind, "", ns)) continue;
      batch.add("", ns, it->second);
    }
  });
}

bool Engine::persist(const std::string& tar_key, storage::ObjectWriter& tar_out, ItemWriter& writer) {
  std::vector<std::string> written_keys;
  auto cleanup = [&] {
    for (const auto& k : written_keys) {
      try {
        store_.remove(k);
      } catch (...) {
      }
    }
  };
  try {
    writer.finish();
    tar_out.commit();
    written_keys.push_back(tar_key);

    completion_ = Clock::now();
    std::string final_phase = !failure_reason_.empty() ? "Failed" : (log_.errors() > 0 ? "PartiallyFailed" : "Completed");
    log_.info("Backup " + final_phase + ": " + std::to_string(writer.items()) + " item(s), " +
              std::to_string(writer.compressed_bytes()) + " bytes compressed");
    {
      std::lock_guard lock(state_mu_);
      phase_ = final_phase;
    }
    final_items_ = writer.items();

    const std::string& name = spec_.name;
    auto put_gz = [&](std::string_view suffix, const std::string& text) {
      std::string key = layout::sidecar_key(name, suffix);
      store_.put(key, gzip_compress(text));
      written_keys.push_back(key);
    };
    put_gz(layout::kResourceListSuffix, writer.resource_list().dump());
    for (auto suffix : {layout::kVolumeSnapshotsSuffix, layout::kPodVolumeBackupsSuffix, layout::kItemOperationsSuffix,
                        layout::kVolumeInfoSuffix})
      put_gz(suffix, "[]");
    put_gz(layout::kResultsSuffix, log_.results().dump());
    put_gz(layout::kLogsSuffix, log_.text());

    std::string key = layout::metadata_key(name);
    store_.put(key, backup_object().dump(2) + "\n");
    written_keys.push_back(key);
    report();
    return true;
  } catch (const std::exception& e) {
    cleanup();
    tar_out.abort();
    completion_ = Clock::now();
    {
      std::lock_guard lock(state_mu_);
      phase_ = "Failed";
    }
    fail(std::string("writing the backup to ") + store_.describe() + " failed, nothing was kept: " + e.what());
    report();
    return false;
  }
}

}  // namespace

BackupOutcome run_backup(kube::KubeClient* client, storage::ObjectStore& store, BackupSpec spec,
                         const EngineOptions& options, const std::string& config_error) {
  Engine engine(client, store, std::move(spec), options);
  return engine.run(config_error);
}

}  // namespace coffer::backup
