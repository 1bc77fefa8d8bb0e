#include "restore/engine/restore_engine.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "backup/archive/tar_gz.h"
#include "backup/engine/backup_log.h"
#include "backup/layout/velero_layout.h"
#include "backup/reader/backup_reader.h"
#include "common/cancellation.h"
#include "common/rfc3339.h"
#include "common/unified_diff.h"
#include "common/yaml_json.h"
#include "kube/client/discovery.h"
#include "kube/client/list_pager.h"
#include "kube/patch/merge_patch.h"
#include "restore/engine/item_transform.h"
#include "restore/engine/restore_plan.h"
#include "restore/modifiers/resource_modifiers.h"

namespace coffer::restore {
namespace {

using backup::BackupLog;
using backup::ResultScope;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr const char* kCrds = "customresourcedefinitions.apiextensions.k8s.io";

std::string now_rfc3339() { return format_rfc3339(std::chrono::system_clock::now()); }

std::string kind_of(const PlannedItem& it, const json& obj) {
  if (!it.target.kind.empty()) return it.target.kind;
  return obj.is_object() ? obj.value("kind", std::string()) : std::string();
}

std::string api_version_of(const PlannedItem& it, const json& obj) {
  if (!it.target.name.empty()) return it.target.group_version();
  return obj.is_object() ? obj.value("apiVersion", std::string()) : std::string();
}

std::string item_label(const PlannedItem& it) {
  return it.group_resource + " " + (it.target_namespace.empty() ? "" : it.target_namespace + "/") + it.name;
}

std::string render(const json& obj) { return to_yaml(obj); }

// Velero's ServiceAccount merge: secrets and imagePullSecrets unioned, labels/annotations merged.
json merge_service_account(const json& live_cmp, const json& desired) {
  json out = live_cmp;
  for (const char* list : {"secrets", "imagePullSecrets"}) {
    if (!desired.contains(list)) continue;
    json merged = out.contains(list) && out[list].is_array() ? out[list] : json::array();
    for (const auto& e : desired[list])
      if (std::find(merged.begin(), merged.end(), e) == merged.end()) merged.push_back(e);
    out[list] = merged;
  }
  for (const char* map : {"labels", "annotations"}) {
    if (!desired.contains("metadata") || !desired["metadata"].contains(map)) continue;
    for (const auto& [k, v] : desired["metadata"][map].items()) out["metadata"][map][k] = v;
  }
  if (desired.contains("automountServiceAccountToken"))
    out["automountServiceAccountToken"] = desired["automountServiceAccountToken"];
  return out;
}

class Run {
 public:
  Run(kube::KubeClient* client, storage::ObjectStore& store, RestoreSpec spec, const RestoreOptions& opt)
      : client_(client), store_(store), spec_(std::move(spec)), opt_(opt),
        log_(spec_.name, opt.on_log, "restore"), started_(Clock::now()) {}

  RestoreOutcome run(const std::string& config_error);

 private:
  void validate(std::vector<std::string>& errors);
  void resolve_backup(std::vector<std::string>& errors);
  void load_modifiers(std::vector<std::string>& errors);
  // A format version other than 1.x is refused; where names the place it was read from.
  void check_format_version(std::string version, const std::string& where, std::vector<std::string>& errors);
  void restore_crds();
  void ensure_namespaces();
  void run_tier(const std::vector<std::size_t>& tier);
  ItemOutcome restore_one(PlannedItem& item);
  // known_live: the live object when already read (from the tier's LIST); predicted: it is what
  // the cluster will hold once a namespace the preview cannot create exists (nothing to dry-run).
  ItemOutcome handle_existing(PlannedItem& item, json desired, ItemOutcome out, std::optional<json> known_live = {},
                              bool predicted = false);
  // Reads the live objects of a tier's items with one paged LIST per type and namespace (only
  // namespaces that existed before the restore): an existing item then costs no failed create and
  // no GET, an identical one no request at all.
  void prefetch_live(const std::vector<std::size_t>& tier);
  // The "default" ServiceAccount of a namespace this restore created, once the cluster's
  // controller has made it; nullopt when it does not appear within the wait.
  std::optional<json> await_default_service_account(const PlannedItem& item);
  void write_status(PlannedItem& item, const json& created, const json& backed_up);
  void record(ItemOutcome out);
  void report(bool force);
  json restore_object() const;
  void store_results();
  std::string finish_phase() const;

  kube::KubeClient* client_;
  storage::ObjectStore& store_;
  RestoreSpec spec_;
  const RestoreOptions& opt_;
  BackupLog log_;
  Clock::time_point started_;
  std::string start_time_ = now_rfc3339(), completion_time_;
  std::string phase_ = "New";
  std::string failure_reason_;
  std::vector<std::string> validation_errors_;

  std::unique_ptr<backup::BackupReader> backup_;
  std::optional<ResourceModifiers> modifiers_;
  std::vector<kube::ApiResource> types_;
  RestorePlan plan_;
  TransformContext tctx_;
  std::set<std::string> absent_namespaces_;  // target namespaces that did not exist at the start
  // Live objects of the current tier, "<group-resource>/<namespace>/<name>" -> raw JSON; items
  // of a prefetched (type, namespace) that are not here do not exist.
  std::unordered_map<std::string, std::string> live_;
  std::set<std::pair<std::string, std::string>> prefetched_;  // (group-resource, namespace)

  std::mutex mu_;
  std::vector<ItemOutcome> outcomes_;
  std::atomic<std::uint64_t> done_{0};
  Clock::time_point last_report_{};
};

void Run::validate(std::vector<std::string>& errors) {
  errors = validate_restore_spec(spec_);
  if (!errors.empty()) return;
  if (!opt_.preview) {
    try {
      if (!store_.list(backup::layout::restore_dir(spec_.name)).empty())
        errors.push_back("metadata.name: a restore named \"" + spec_.name + "\" already exists in " +
                         store_.describe() + "; choose another name");
    } catch (const storage::StorageError& e) {
      errors.push_back(std::string("storage location: ") + e.what());
    }
  }
  resolve_backup(errors);
}

void Run::resolve_backup(std::vector<std::string>& errors) {
  std::string name = spec_.backup_name;
  try {
    if (!spec_.schedule_name.empty()) {
      std::string latest_time;
      for (const auto& b : backup::BackupReader::list_backups(store_)) {
        backup::BackupReader r(store_, b);
        const json& obj = r.backup();
        std::string schedule = obj.value("/metadata/labels/velero.io~1schedule-name"_json_pointer, std::string());
        if (schedule != spec_.schedule_name) continue;
        if (obj.value("/status/phase"_json_pointer, std::string()) != "Completed") continue;
        std::string t = obj.value("/status/startTimestamp"_json_pointer,
                                  obj.value("/metadata/creationTimestamp"_json_pointer, std::string()));
        if (name.empty() || t > latest_time) name = b, latest_time = t;
      }
      if (name.empty()) {
        errors.push_back("spec.scheduleName: schedule \"" + spec_.schedule_name + "\" has no Completed backup in " +
                         store_.describe());
        return;
      }
      log_.info("Restoring the latest Completed backup of schedule " + spec_.schedule_name + ": " + name);
    }
    backup_ = std::make_unique<backup::BackupReader>(store_, name);
  } catch (const backup::BackupNotFound&) {
    errors.push_back("spec.backupName: backup \"" + name + "\" does not exist in " + store_.describe() +
                     "; list the backups with `coffer backup get --location ...`");
    return;
  } catch (const std::exception& e) {
    errors.push_back("spec.backupName: backup \"" + name + "\" cannot be read: " + e.what());
    return;
  }
  const json& b = backup_->backup();
  std::string phase = b.value("/status/phase"_json_pointer, std::string());
  if (phase != "Completed" && phase != "PartiallyFailed") {
    errors.push_back("spec.backupName: backup \"" + name + "\" is " + (phase.empty() ? "without a phase" : phase) +
                     "; only Completed or PartiallyFailed backups can be restored");
  }
  check_format_version(b.value("/status/formatVersion"_json_pointer, std::string()), "", errors);
  tctx_.namespace_mapping = spec_.namespace_mapping;
  tctx_.preserve_node_ports = spec_.preserve_node_ports.value_or(false);
}

void Run::check_format_version(std::string version, const std::string& where, std::vector<std::string>& errors) {
  while (!version.empty() && std::isspace(static_cast<unsigned char>(version.back()))) version.pop_back();
  if (version.empty() || version.substr(0, version.find('.')) == "1") return;
  errors.push_back("backup \"" + backup_->name() + "\"" + where + ": format version " + version +
                   " is newer than this Coffer reads (1.x); restore it with a newer Coffer");
}

void Run::load_modifiers(std::vector<std::string>& errors) {
  try {
    if (!opt_.resource_modifiers_text.empty()) {
      modifiers_ = parse_resource_modifiers(opt_.resource_modifiers_text);
    } else if (spec_.resource_modifier) {
      std::string ns = spec_.resource_modifier->namespace_.empty() ? "velero" : spec_.resource_modifier->namespace_;
      json cm;
      try {
        cm = client_->get_json("/api/v1/namespaces/" + ns + "/configmaps/" + spec_.resource_modifier->name);
      } catch (const kube::ApiError& e) {
        errors.push_back("spec.resourceModifier: ConfigMap " + ns + "/" + spec_.resource_modifier->name +
                         (e.not_found() ? " does not exist in the target cluster; create it first"
                                        : " cannot be read: " + std::string(e.what())));
        return;
      }
      modifiers_ = parse_resource_modifiers_configmap(cm);
    }
  } catch (const ResourceModifiersError& e) {
    for (const auto& m : e.errors()) errors.push_back("spec.resourceModifier: " + m);
  } catch (const std::exception& e) {
    errors.push_back(std::string("spec.resourceModifier: ") + e.what());
  }
}

void Run::record(ItemOutcome out) {
  if (out.action == "fail") {
    log_.error(out.namespace_.empty() ? ResultScope::Cluster : ResultScope::Namespace, out.namespace_,
               out.group_resource + " " + out.name + ": " + out.reason);
  } else if (out.action == "skip" && out.reason.rfind("exists and differs", 0) == 0) {
    log_.warning(out.namespace_.empty() ? ResultScope::Cluster : ResultScope::Namespace, out.namespace_,
                 "could not restore, " + out.group_resource + " \"" + out.name +
                     "\" already exists. Warning: the in-cluster version is different than the backed-up version");
  }
  {
    std::lock_guard lock(mu_);
    outcomes_.push_back(std::move(out));
  }
  ++done_;
  report(false);
}

void Run::report(bool force) {
  if (!opt_.on_progress) return;
  std::lock_guard lock(mu_);
  auto now = Clock::now();
  if (!force && now - last_report_ < opt_.progress_interval) return;
  last_report_ = now;
  RestoreProgress p;
  p.phase = phase_;
  p.total_items = plan_.items.size();
  p.items_restored = done_;
  p.warnings = log_.warnings();
  p.errors = log_.errors();
  p.elapsed_seconds = std::chrono::duration<double>(now - started_).count();
  opt_.on_progress(p);
}

void Run::write_status(PlannedItem& item, const json& created, const json& backed_up) {
  if (!backed_up.contains("status")) return;
  json obj = created;
  obj["status"] = backed_up["status"];
  std::string path = kube::KubeClient::resource_path(item.target, item.target_namespace, item.name) + "/status";
  try {
    client_->request("PUT", path, obj.dump());
  } catch (const kube::ApiError& e) {
    log_.warning(item.target_namespace.empty() ? ResultScope::Cluster : ResultScope::Namespace, item.target_namespace,
                 "status of " + item_label(item) + " not restored: " + e.what());
  }
}

ItemOutcome Run::handle_existing(PlannedItem& item, json desired, ItemOutcome out, std::optional<json> known_live,
                                 bool predicted) {
  json live;
  if (known_live) {
    live = std::move(*known_live);
  } else {
    try {
      live = client_->get(item.target, item.target_namespace, item.name);
    } catch (const kube::ApiError& e) {
      out.action = "fail";
      out.reason = std::string("exists, but cannot be read: ") + e.what();
      return out;
    }
  }
  json live_cmp = comparable(live, item.group_resource, tctx_);
  json desired_cmp = desired;
  if (desired_cmp.contains("metadata") && desired_cmp["metadata"].contains("labels")) {
    desired_cmp["metadata"]["labels"].erase("velero.io/backup-name");
    desired_cmp["metadata"]["labels"].erase("velero.io/restore-name");
    if (desired_cmp["metadata"]["labels"].empty()) desired_cmp["metadata"].erase("labels");
  }
  desired_cmp.erase("status");
  const bool update = spec_.existing_resource_policy == "update";
  if (live_cmp == desired_cmp) {
    out.action = "skip";
    out.reason = "identical";
    return out;
  }
  json target = item.group_resource == "serviceaccounts" ? merge_service_account(live_cmp, desired_cmp) : desired_cmp;
  if (item.group_resource == "serviceaccounts" && target == live_cmp) {
    out.action = "skip";
    out.reason = "identical";
    return out;
  }
  // Diffs: in a preview for every change, in a restore for the objects left as they differ (the
  // warnings); updates of a restore are not rendered (that cost most of an update run's time).
  const bool left_differing = !update && item.group_resource != "serviceaccounts";
  if (opt_.preview || left_differing) out.diff = unified_diff(render(live_cmp), render(target), "live", "restored");
  if (left_differing) {
    out.action = "skip";
    out.reason = "exists and differs; existingResourcePolicy is " +
                 (spec_.existing_resource_policy.empty() ? std::string("unset") : spec_.existing_resource_policy) +
                 ", so it is left as it is";
    return out;
  }
  out.action = "update";
  out.reason = item.group_resource == "serviceaccounts" && !update ? "service accounts are merged" : "";
  json patch = kube::create_merge_patch(live_cmp, target);
  if (update) {
    patch["metadata"]["labels"]["velero.io/backup-name"] = desired["metadata"]["labels"]["velero.io/backup-name"];
    patch["metadata"]["labels"]["velero.io/restore-name"] = desired["metadata"]["labels"]["velero.io/restore-name"];
  }
  try {
    std::string path = kube::KubeClient::resource_path(item.target, item.target_namespace, item.name);
    if (opt_.preview) {
      if (predicted) return out;  // nothing to dry-run against yet
      path += "?dryRun=All";
    }
    client_->request("PATCH", path, patch.dump(), "application/merge-patch+json");
  } catch (const kube::ApiError& e) {
    out.action = "fail";
    out.reason = std::string("update failed: ") + e.what();
  }
  return out;
}

ItemOutcome Run::restore_one(PlannedItem& item) {
  ItemOutcome out;
  out.group_resource = item.group_resource;
  out.namespace_ = item.target_namespace;
  out.name = item.name;
  json obj = json::parse(item.json, nullptr, false);
  out.kind = kind_of(item, obj);
  out.api_version = api_version_of(item, obj);
  if (item.target.name.empty()) {
    // A preview does not create CRDs, so their resources are not served yet; the restore would
    // create the definition in tier 0 and then the item.
    const auto& crds = plan_.tiers.front();
    if (opt_.preview && std::any_of(crds.begin(), crds.end(), [&](std::size_t i) {
          return plan_.items[i].name == item.group_resource;
        })) {
      out.action = "create";
      out.reason = "after its CustomResourceDefinition, which the restore creates first";
      return out;
    }
    out.action = "fail";
    out.reason = item.reason.empty() ? "the target cluster does not serve " + item.group_resource +
                                           " (is its CustomResourceDefinition missing?)"
                                     : item.reason;
    return out;
  }
  if (item.target.namespaced == item.source_namespace.empty()) {
    // The archive path's scope decides filters and mapping; an entry claiming the other scope
    // than the target's type would escape them (a namespaced path must not grant cluster rights).
    out.action = "fail";
    out.reason = "the backup stores it " +
                 (item.source_namespace.empty() ? std::string("as cluster-scoped")
                                                : "in namespace " + item.source_namespace) +
                 ", but the target serves " + item.group_resource + " as " +
                 (item.target.namespaced ? "namespaced" : "cluster-scoped") +
                 "; the entry is corrupt or tampered with";
    return out;
  }
  json desired = prepare_item(obj, item.group_resource, tctx_, item.keep_status);
  desired["apiVersion"] = item.target.group_version();
  if (modifiers_) {
    ModifierOutcome m = apply_resource_modifiers(*modifiers_, desired, item.group_resource);
    if (!m.ok()) {
      out.action = "fail";
      out.reason = "resource modifiers: " + m.errors.front().message;
      return out;
    }
  }
  add_restore_labels(desired, backup_->name(), spec_.name);
  json create_body = desired;
  create_body.erase("status");
  if (opt_.preview && !item.target_namespace.empty() && absent_namespaces_.count(item.target_namespace)) {
    // The namespace does not exist yet, so the server cannot dry-run the create. Its "default"
    // ServiceAccount will exist by then (the service account controller creates it).
    if (item.group_resource == "serviceaccounts" && item.name == "default") {
      json blank = {{"apiVersion", "v1"}, {"kind", "ServiceAccount"},
                    {"metadata", {{"name", "default"}, {"namespace", item.target_namespace}}}};
      return handle_existing(item, desired, out, blank, /*predicted=*/true);
    }
    out.action = "create";
    out.reason = "into namespace " + item.target_namespace + ", which the restore creates";
    return out;
  }
  if (!opt_.preview && item.group_resource == "serviceaccounts" && item.name == "default" &&
      absent_namespaces_.count(item.target_namespace)) {
    // As the preview predicts: the service account controller creates "default" in the new
    // namespace; the backup's copy is then merged into it rather than racing it with a create.
    if (auto live = await_default_service_account(item)) return handle_existing(item, desired, out, std::move(*live));
  }
  if (prefetched_.count({item.group_resource, item.target_namespace})) {
    auto live = live_.find(item.group_resource + "/" + item.target_namespace + "/" + item.name);
    if (live != live_.end()) {
      json object = json::parse(live->second);
      // A real API server leaves apiVersion and kind out of list items; a GET has them.
      if (!object.contains("apiVersion")) object["apiVersion"] = item.target.group_version();
      if (!object.contains("kind")) object["kind"] = item.target.kind;
      return handle_existing(item, desired, out, std::move(object));
    }
  }
  try {
    std::string path = kube::KubeClient::resource_path(item.target, item.target_namespace);
    if (opt_.preview) path += "?dryRun=All";
    kube::Response r = client_->request("POST", path, create_body.dump());
    out.action = "create";
    if (!opt_.preview && item.keep_status) write_status(item, json::parse(r.body, nullptr, false), desired);
    return out;
  } catch (const kube::ApiError& e) {
    if (e.status() == 409 && e.reason() == "AlreadyExists") return handle_existing(item, desired, out);
    out.action = "fail";
    out.reason = e.what();
    return out;
  }
}

void Run::prefetch_live(const std::vector<std::size_t>& tier) {
  live_.clear();
  prefetched_.clear();
  std::set<std::string> wanted;  // keys of the tier's items
  std::map<std::pair<std::string, std::string>, const kube::ApiResource*> lists;
  for (std::size_t i : tier) {
    const PlannedItem& item = plan_.items[i];
    if (item.target.name.empty() || !item.target.has_verb("list")) continue;
    if (!item.target_namespace.empty() && absent_namespaces_.count(item.target_namespace)) continue;
    lists.emplace(std::make_pair(item.group_resource, item.target_namespace), &item.target);
    wanted.insert(item.group_resource + "/" + item.target_namespace + "/" + item.name);
  }
  for (const auto& [key, type] : lists) {
    const std::string prefix = key.first + "/" + key.second + "/";
    try {
      kube::ListCallbacks cb;
      cb.on_item = [&](const kube::ListItem& li) {
        std::string k = prefix + std::string(li.name);
        if (wanted.count(k)) live_[k] = std::string(li.raw);
      };
      cb.on_restart = [&] {
        for (auto it = live_.begin(); it != live_.end();) it = it->first.rfind(prefix, 0) == 0 ? live_.erase(it) : ++it;
      };
      kube::list_paged(*client_, kube::KubeClient::resource_path(*type, key.second), {}, cb);
      prefetched_.insert(key);
    } catch (const kube::ApiError&) {
      // Not listable (403, ...): each item then finds out by creating, as without the prefetch.
    }
  }
}

void Run::run_tier(const std::vector<std::size_t>& tier) {
  prefetch_live(tier);
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (;;) {
      std::size_t k = next++;
      if (k >= tier.size() || opt_.stop.stop_requested()) return;
      PlannedItem& item = plan_.items[tier[k]];
      ItemOutcome out;
      try {
        out = restore_one(item);
      } catch (const std::exception& e) {
        out.group_resource = item.group_resource;
        out.namespace_ = item.target_namespace;
        out.name = item.name;
        out.action = "fail";
        out.reason = e.what();
      }
      record(std::move(out));
    }
  };
  const int n = std::max(1, std::min<int>(opt_.workers, static_cast<int>(tier.size())));
  std::vector<std::thread> threads;
  for (int i = 1; i < n; ++i) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
  std::unordered_map<std::string, std::string>().swap(live_);
  prefetched_.clear();
}

void Run::restore_crds() {
  const auto& tier = plan_.tiers.front();
  if (tier.empty()) return;
  run_tier(tier);
  if (opt_.preview) return;
  // Wait until every created CRD is Established, then refresh discovery.
  const auto deadline = Clock::now() + opt_.crd_ready_timeout;
  kube::ApiResource crd_type;
  for (const auto& t : types_)
    if (t.group_resource() == kCrds && t.preferred) crd_type = t;
  std::set<std::string> failed;  // refused by the API server: nothing will become Established
  {
    std::lock_guard lock(mu_);
    for (const auto& o : outcomes_)
      if (o.group_resource == kCrds && o.action == "fail") failed.insert(o.name);
  }
  for (std::size_t i : tier) {
    const std::string& name = plan_.items[i].name;
    if (failed.count(name)) continue;
    for (;;) {
      bool established = false;
      try {
        json live = client_->get(crd_type, "", name);
        for (const auto& c : live.value("/status/conditions"_json_pointer, json::array()))
          if (c.value("type", "") == "Established" && c.value("status", "") == "True") established = true;
      } catch (const kube::ApiError&) {
      }
      if (established) break;
      throw_if_cancelled(opt_.stop);
      if (Clock::now() > deadline) {
        log_.warning(ResultScope::Cluster, "", "CustomResourceDefinition " + name + " is not Established after " +
                                                   std::to_string(opt_.crd_ready_timeout.count() / 1000) + "s");
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  }
  types_ = kube::discover(*client_).resources;
  resolve_target_types(plan_, types_);
}

std::optional<json> Run::await_default_service_account(const PlannedItem& item) {
  const auto deadline = Clock::now() + opt_.default_service_account_wait;
  for (;;) {
    try {
      return client_->get(item.target, item.target_namespace, item.name);
    } catch (const kube::ApiError& e) {
      if (!e.not_found()) throw;
    }
    if (Clock::now() > deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

void Run::ensure_namespaces() {
  kube::ApiResource ns_type;
  for (const auto& t : types_)
    if (t.group_resource() == "namespaces") ns_type = t;
  const auto deadline = Clock::now() + opt_.terminating_namespace_timeout;
  std::vector<std::size_t> to_create;
  for (const auto& ns : plan_.target_namespaces) {
    for (;;) {
      json live;
      try {
        live = client_->get(ns_type, "", ns);
      } catch (const kube::ApiError& e) {
        if (!e.not_found()) throw;
        absent_namespaces_.insert(ns);
        break;
      }
      if (live.value("/status/phase"_json_pointer, std::string()) != "Terminating") break;
      throw_if_cancelled(opt_.stop);
      if (Clock::now() > deadline)
        throw std::runtime_error("namespace " + ns + " is still terminating after " +
                                 std::to_string(opt_.terminating_namespace_timeout.count() / 1000) + "s");
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    auto ns_item = plan_.namespace_items.find(ns);
    if (ns_item != plan_.namespace_items.end() && plan_.items[ns_item->second].verdict == PlanVerdict::Restore)
      continue;  // its Namespace object comes in the namespaces tier
    if (!absent_namespaces_.count(ns)) continue;  // exists: nothing to create (or to compare)
    // No Namespace object in the backup (or filtered out): a blank namespace.
    PlannedItem blank;
    blank.group_resource = "namespaces";
    blank.name = ns;
    blank.target = ns_type;
    blank.version = ns_type.version;
    blank.backup_version = ns_type.version;
    blank.json = json{{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", ns}}}}.dump();
    plan_.items.push_back(std::move(blank));
    to_create.push_back(plan_.items.size() - 1);
  }
  if (!to_create.empty()) run_tier(to_create);
}

json Run::restore_object() const {
  json status = {{"phase", phase_}, {"startTimestamp", start_time_}};
  if (!completion_time_.empty()) status["completionTimestamp"] = completion_time_;
  if (!validation_errors_.empty()) status["validationErrors"] = validation_errors_;
  if (!failure_reason_.empty()) status["failureReason"] = failure_reason_;
  if (log_.warnings()) status["warnings"] = log_.warnings();
  if (log_.errors()) status["errors"] = log_.errors();
  status["progress"] = {{"totalItems", plan_.items.size()}, {"itemsRestored", done_.load()}};
  json spec = restore_spec_to_json(spec_);
  if (backup_ && spec_.backup_name.empty()) spec["backupName"] = backup_->name();
  json meta = {{"name", spec_.name}, {"namespace", "velero"}, {"creationTimestamp", start_time_}};
  if (!spec_.labels.empty()) meta["labels"] = spec_.labels;
  if (!spec_.annotations.empty()) meta["annotations"] = spec_.annotations;
  return {{"apiVersion", "velero.io/v1"}, {"kind", "Restore"}, {"metadata", meta}, {"spec", spec}, {"status", status}};
}

std::string Run::finish_phase() const {
  if (!failure_reason_.empty()) return "Failed";
  return log_.errors() ? "PartiallyFailed" : "Completed";
}

void Run::store_results() {
  using backup::layout::restore_key;
  // Velero's resource list: "<apiVersion>/<Kind>" -> sorted "ns/name(action)".
  json list = json::object();
  {
    std::lock_guard lock(mu_);
    for (const auto& o : outcomes_) {
      static const std::map<std::string, std::string> past = {
          {"create", "created"}, {"update", "updated"}, {"skip", "skipped"}, {"fail", "failed"}};
      std::string key = o.api_version + "/" + o.kind;
      list[key].push_back((o.namespace_.empty() ? "" : o.namespace_ + "/") + o.name + "(" + past.at(o.action) + ")");
    }
  }
  for (auto& [k, v] : list.items()) {
    std::vector<std::string> sorted = v.get<std::vector<std::string>>();
    std::sort(sorted.begin(), sorted.end());
    v = sorted;
  }
  store_.put(restore_key(spec_.name, "-resource-list.json.gz"), backup::gzip_compress(list.dump()));
  store_.put(restore_key(spec_.name, "-results.gz"), backup::gzip_compress(log_.results().dump()));
  store_.put(restore_key(spec_.name, "-logs.gz"), backup::gzip_compress(log_.text()));
  store_.put(restore_key(spec_.name, std::string(backup::layout::kRestoreRecordSuffix)),
             restore_object().dump(2));
}

RestoreOutcome Run::run(const std::string& config_error) {
  RestoreOutcome outcome;
  validate(validation_errors_);
  if (validation_errors_.empty() && client_ == nullptr) failure_reason_ = config_error.empty() ? "no cluster" : config_error;
  if (validation_errors_.empty() && client_ != nullptr) {
    load_modifiers(validation_errors_);
  }
  if (validation_errors_.empty() && failure_reason_.empty()) {
    try {
      types_ = kube::discover(*client_).resources;
      backup::ItemFilter filter;
      filter.include_versioned_copies = true;
      filter.max_item_bytes = opt_.max_item_bytes;
      std::vector<std::string> ignored;
      filter.on_ignored_entry = [&](const std::string& path, const std::string& why) {
        ignored.push_back("archive entry \"" + path + "\" ignored: " + why);
      };
      std::string archive_version;
      filter.on_format_version = [&](const std::string& v) { archive_version = v; };
      PlanLimits limits;
      limits.max_item_bytes = opt_.max_item_bytes;
      // The -preferredversion copy of an item repeats its legacy-path copy (velero-format.md §2):
      // not kept when the legacy copy came first, as it does in Velero's and Coffer's archives.
      std::vector<backup::BackupItem> entries;
      std::unordered_set<std::string> legacy_keys;
      backup_->for_each_item(filter, [&](const backup::BackupItem& e) {
        const auto& p = e.path;
        std::string key = p.group_resource + "/" + p.namespace_ + "/" + p.name;
        if (p.version_dir.empty()) legacy_keys.insert(std::move(key));
        else if (p.preferred_version() && legacy_keys.count(key)) return true;
        entries.push_back(e);
        return true;
      });
      std::unordered_set<std::string>().swap(legacy_keys);
      plan_ = plan_restore(spec_, std::move(entries), types_, limits);
      check_format_version(archive_version, " (metadata/version in its tarball)", validation_errors_);
      for (const auto& e : plan_.errors) validation_errors_.push_back(e);
      const std::size_t shown = std::min<std::size_t>(ignored.size(), 20);
      plan_.warnings.insert(plan_.warnings.end(), ignored.begin(), ignored.begin() + long(shown));
      if (ignored.size() > shown)
        plan_.warnings.push_back(std::to_string(ignored.size() - shown) + " more archive entries ignored");
      tctx_.restored_pv_names = plan_.restored_pv_names;
    } catch (const kube::ApiError& e) {
      failure_reason_ = std::string("cannot reach the target cluster: ") + e.what();
    } catch (const std::exception& e) {
      failure_reason_ = std::string("cannot read backup \"") + backup_->name() + "\": " + e.what();
    }
  }
  if (!validation_errors_.empty()) {
    phase_ = "FailedValidation";
    for (const auto& e : validation_errors_) log_.info("validation error: " + e);
  } else if (!failure_reason_.empty()) {
    phase_ = "Failed";
    log_.error(ResultScope::Velero, "", failure_reason_);
  } else {
    phase_ = "InProgress";
    log_.info(std::string(opt_.preview ? "Previewing" : "Starting") + " restore of backup " + backup_->name() +
              " (" + std::to_string(plan_.items.size()) + " items in " + std::to_string(plan_.tiers.size()) +
              " tiers)");
    for (const auto& w : plan_.warnings) log_.warning(ResultScope::Velero, "", w);
    report(true);
    // Items decided at plan time.
    for (auto& item : plan_.items) {
      if (item.verdict == PlanVerdict::Restore) continue;
      ItemOutcome out;
      json obj = json::parse(item.json, nullptr, false);
      out.group_resource = item.group_resource;
      out.kind = kind_of(item, obj);
      out.api_version = api_version_of(item, obj);
      out.namespace_ = item.target_namespace;
      out.name = item.name;
      out.action = item.verdict == PlanVerdict::Skip ? "skip" : "fail";
      out.reason = item.reason;
      record(std::move(out));
    }
    try {
      throw_if_cancelled(opt_.stop);
      restore_crds();
      ensure_namespaces();
      for (std::size_t t = 1; t < plan_.tiers.size(); ++t) {
        throw_if_cancelled(opt_.stop);
        run_tier(plan_.tiers[t]);
      }
      throw_if_cancelled(opt_.stop);
    } catch (const Cancelled&) {
      failure_reason_ = "cancelled: the restore was stopped after " + std::to_string(done_.load()) + " of " +
                        std::to_string(plan_.items.size()) + " items";
      log_.error(ResultScope::Velero, "", failure_reason_);
    } catch (const kube::ApiError& e) {
      failure_reason_ = std::string("the target cluster failed: ") + e.what();
      log_.error(ResultScope::Velero, "", failure_reason_);
    } catch (const std::exception& e) {
      failure_reason_ = e.what();
      log_.error(ResultScope::Velero, "", failure_reason_);
    }
    phase_ = finish_phase();
  }
  completion_time_ = now_rfc3339();
  log_.info("restore " + phase_);
  if (!opt_.preview && phase_ != "FailedValidation") {
    try {
      store_results();
      outcome.stored = true;
    } catch (const std::exception& e) {
      log_.warning(ResultScope::Velero, "", std::string("results not stored: ") + e.what());
    }
  }
  report(true);
  outcome.phase = phase_;
  outcome.validation_errors = validation_errors_;
  outcome.restore = restore_object();
  outcome.items = std::move(outcomes_);
  outcome.progress.phase = phase_;
  outcome.progress.total_items = plan_.items.size();
  outcome.progress.items_restored = done_;
  outcome.progress.warnings = log_.warnings();
  outcome.progress.errors = log_.errors();
  outcome.progress.elapsed_seconds = std::chrono::duration<double>(Clock::now() - started_).count();
  return outcome;
}

}  // namespace

RestoreOutcome run_restore(kube::KubeClient* client, storage::ObjectStore& store, RestoreSpec spec,
                           const RestoreOptions& options, const std::string& config_error) {
  Run run(client, store, std::move(spec), options);
  return run.run(config_error);
}

json read_restore_record(storage::ObjectStore& store, const std::string& name) {
  return json::parse(store.get(backup::layout::restore_key(name, std::string(backup::layout::kRestoreRecordSuffix))));
}

json item_outcomes_json(const std::vector<ItemOutcome>& items) {
  json out = json::array();
  for (const auto& i : items) {
    json o = {{"action", i.action}, {"groupResource", i.group_resource}, {"apiVersion", i.api_version},
              {"kind", i.kind},     {"namespace", i.namespace_},         {"name", i.name}};
    if (!i.reason.empty()) o["reason"] = i.reason;
    if (!i.diff.empty()) o["diff"] = i.diff;
    out.push_back(o);
  }
  return out;
}

}  // namespace coffer::restore
