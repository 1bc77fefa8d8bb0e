#include "kubesim/controllers/deployment_controller.h"

#include <algorithm>
#include <cmath>

#include "kube/labels/label_selector.h"
#include "kubesim/controllers/object_helpers.h"

namespace coffer::kubesim::controllers {
namespace {

constexpr const char* kRevision = "deployment.kubernetes.io/revision";
constexpr const char* kDesiredReplicas = "deployment.kubernetes.io/desired-replicas";
constexpr const char* kMaxReplicas = "deployment.kubernetes.io/max-replicas";
constexpr const char* kHashLabel = "pod-template-hash";

bool copied_annotation(const std::string& key) {
  static const char* const skipped[] = {"kubectl.kubernetes.io/last-applied-configuration",
                                        kRevision,
                                        "deployment.kubernetes.io/revision-history",
                                        kDesiredReplicas,
                                        kMaxReplicas,
                                        "deprecated.deployment.rollback.to"};
  return std::none_of(std::begin(skipped), std::end(skipped),
                      [&](const char* s) { return key == s; });
}

int64_t revision_of(const json& rs) {
  try {
    std::string r = annotation_of(rs, kRevision);
    return r.empty() ? 0 : std::stoll(r);
  } catch (const std::exception&) {
    return 0;
  }
}

// An int or a percentage of `total` (rounded up or down).
int64_t scaled_value(const json& value, int64_t total, bool round_up) {
  if (value.is_number_integer()) return value.get<int64_t>();
  if (value.is_string()) {
    std::string text = value.get<std::string>();
    try {
      if (!text.empty() && text.back() == '%') {
        double fraction = std::stod(text.substr(0, text.size() - 1)) / 100.0 * double(total);
        return static_cast<int64_t>(round_up ? std::ceil(fraction) : std::floor(fraction));
      }
      return std::stoll(text);
    } catch (const std::exception&) {
    }
  }
  return 0;
}

json template_without_hash(json tmpl) {
  json& labels = tmpl["metadata"]["labels"];
  if (labels.is_object()) labels.erase(kHashLabel);
  return tmpl;
}

}  // namespace

struct DeploymentController::Rollout {
  json deployment;
  std::string ns, name, uid;
  int64_t replicas = 1;
  int64_t max_surge = 0, max_unavailable = 0;
  bool recreate = false, paused = false;
  std::vector<json> replicasets;  // every owned RS, latest known state
  int new_index = -1;             // in replicasets
  bool created_new = false;

  json* new_rs() { return new_index < 0 ? nullptr : &replicasets[size_t(new_index)]; }
};

DeploymentController::DeploymentController(ControllerHost& host)
    : Controller(host, "deployment-controller", "kube-controller-manager",
                 "system:serviceaccount:kube-system:deployment-controller") {}

void DeploymentController::observe(const ObservedEvent& event) {
  const StoredObject& o = event.object();
  if (o.resource == "deployments.apps") {
    if (event.deleted())
      key_by_uid_.erase(o.uid);
    else {
      key_by_uid_[o.uid] = o.ns + "/" + o.name;
      enqueue(o.ns + "/" + o.name);
    }
    return;
  }
  for (const auto& uid : o.owner_uids) {
    auto it = key_by_uid_.find(uid);
    if (it != key_by_uid_.end()) enqueue(it->second);
  }
  if (o.owner_uids.empty() && !event.deleted())  // an orphan RS someone may adopt
    for (const auto& [uid, key] : key_by_uid_)
      if (key.compare(0, o.ns.size() + 1, o.ns + "/") == 0) enqueue(key);
}

void DeploymentController::reconcile(const std::string& key) {
  auto [ns, name] = split_namespaced_key(key);
  auto deployment = read(types().deployments, ns, name);
  if (!deployment || is_terminating(*deployment)) return;
  if (!at_path(*deployment, {"spec", "selector"}).is_object()) return;

  Rollout r;
  r.deployment = std::move(*deployment);
  r.ns = ns;
  r.name = name;
  r.uid = uid_of(r.deployment);
  r.replicas = std::max<int64_t>(0, int_at(r.deployment, {"spec", "replicas"}, 1));
  r.paused = bool_at(r.deployment, {"spec", "paused"}, false);
  r.recreate = string_at(r.deployment, {"spec", "strategy", "type"}) == "Recreate";
  if (!r.recreate) {
    const json& rolling = at_path(r.deployment, {"spec", "strategy", "rollingUpdate"});
    r.max_surge = scaled_value(rolling.value("maxSurge", json("25%")), r.replicas, true);
    r.max_unavailable =
        scaled_value(rolling.value("maxUnavailable", json("25%")), r.replicas, false);
    if (r.max_surge == 0 && r.max_unavailable == 0) r.max_unavailable = 1;
  }
  r.replicasets = owned_replicasets(r.deployment);

  json wanted = at_path(r.deployment, {"spec", "template"});
  for (size_t i = 0; i < r.replicasets.size(); ++i)
    if (template_without_hash(at_path(r.replicasets[i], {"spec", "template"})) == wanted &&
        !is_terminating(r.replicasets[i]))
      r.new_index = int(i);

  if (!r.new_rs() && !r.paused) {
    auto created = create_replicaset(r);
    if (!created) return;  // hash collision: collisionCount bumped, try again
    r.replicasets.push_back(std::move(*created));
    r.new_index = int(r.replicasets.size() - 1);
    r.created_new = true;
  }
  if (r.new_rs()) sync_new_replicaset_metadata(r);
  scale(r);
  if (!r.paused) cleanup_history(r);
  update_status(r);
}

std::vector<json> DeploymentController::owned_replicasets(const json& deployment) {
  const std::string uid = uid_of(deployment), ns = namespace_of(deployment);
  std::vector<json> owned;
  for (const auto& ref : index().dependents_of(uid, "replicasets.apps")) {
    auto rs = read(types().replicasets, ref.ns, ref.name);
    if (rs && is_controlled_by(*rs, uid)) owned.push_back(std::move(*rs));
  }
  kube::LabelSelector selector;
  try {
    selector = kube::LabelSelector::from_json(at_path(deployment, {"spec", "selector"}));
  } catch (const std::exception&) {
    return owned;
  }
  if (selector.empty()) return owned;
  for (const auto& orphan : index().orphans("replicasets.apps", ns)) {
    auto stored = core().store().get("replicasets.apps", ns, orphan);
    if (!stored || !stored->owner_uids.empty() || !selector.matches(stored->labels)) continue;
    auto adopted = modify(types().replicasets, ns, orphan, [&](json& rs) {
      if (controller_reference(rs) || is_terminating(rs)) return false;
      json& refs = rs["metadata"]["ownerReferences"];
      if (!refs.is_array()) refs = json::array();
      refs.push_back(owner_reference(deployment, true));
      return true;
    });
    if (adopted && is_controlled_by(*adopted, uid)) owned.push_back(std::move(*adopted));
  }
  return owned;
}

std::optional<json> DeploymentController::create_replicaset(Rollout& r) {
  int64_t collisions = int_at(r.deployment, {"status", "collisionCount"}, 0);
  json tmpl = at_path(r.deployment, {"spec", "template"});
  std::string hash = safe_encode(std::to_string(
      fnv1a32(tmpl.dump() + (collisions > 0 ? std::to_string(collisions) : ""))));
  int64_t revision = 0;
  bool old_pods = false;
  for (const auto& rs : r.replicasets) {
    revision = std::max(revision, revision_of(rs));
    old_pods = old_pods || int_at(rs, {"status", "replicas"}, 0) > 0 ||
               int_at(rs, {"spec", "replicas"}, 0) > 0;
  }
  tmpl["metadata"]["labels"][kHashLabel] = hash;
  json selector = at_path(r.deployment, {"spec", "selector"});
  selector["matchLabels"][kHashLabel] = hash;
  json annotations = json::object();
  const json& source = at_path(r.deployment, {"metadata", "annotations"});
  if (source.is_object())
    for (const auto& [k, v] : source.items())
      if (copied_annotation(k)) annotations[k] = v;
  annotations[kRevision] = std::to_string(revision + 1);
  annotations[kDesiredReplicas] = std::to_string(r.replicas);
  annotations[kMaxReplicas] = std::to_string(r.replicas + r.max_surge);
  int64_t initial = (r.recreate && old_pods) ? 0 : r.replicas;
  json body = {
      {"metadata",
       {{"name", r.name + "-" + hash},
        {"labels", tmpl["metadata"]["labels"]},
        {"annotations", annotations},
        {"ownerReferences", json::array({owner_reference(r.deployment, true)})}}},
      {"spec",
       {{"replicas", initial},
        {"minReadySeconds", int_at(r.deployment, {"spec", "minReadySeconds"}, 0)},
        {"selector", selector},
        {"template", tmpl}}}};
  if (auto created = create_if_absent(types().replicasets, r.ns, body)) return created;
  auto existing = read(types().replicasets, r.ns, r.name + "-" + hash);
  if (existing && is_controlled_by(*existing, r.uid)) return existing;
  modify(types().deployments, r.ns, r.name, [&](json& d) {
    d["status"]["collisionCount"] = collisions + 1;
    return true;
  });
  return std::nullopt;
}

void DeploymentController::sync_new_replicaset_metadata(Rollout& r) {
  json& rs = *r.new_rs();
  int64_t max_old = 0;
  for (size_t i = 0; i < r.replicasets.size(); ++i)
    if (int(i) != r.new_index) max_old = std::max(max_old, revision_of(r.replicasets[i]));
  int64_t revision = revision_of(rs);
  if (revision > max_old && revision > 0) return;
  auto updated = modify(types().replicasets, r.ns, name_of(rs), [&](json& current) {
    return set_annotation(current, kRevision, std::to_string(max_old + 1));
  });
  if (updated) rs = std::move(*updated);
}

void DeploymentController::scale(Rollout& r) {
  json* fresh = r.new_rs();
  if (r.paused) {
    // Only proportional scaling of the current RS while paused (no rollout).
    json* target = fresh;
    for (auto& rs : r.replicasets)
      if (!target || revision_of(rs) > revision_of(*target)) target = &rs;
    if (target) scale_replicaset(r, *target, r.replicas);
    return;
  }
  if (!fresh) return;
  bool old_pods_left = false;
  for (size_t i = 0; i < r.replicasets.size(); ++i)
    if (int(i) != r.new_index && int_at(r.replicasets[i], {"status", "replicas"}, 0) > 0)
      old_pods_left = true;
  if (r.recreate) {
    for (size_t i = 0; i < r.replicasets.size(); ++i)
      if (int(i) != r.new_index) scale_replicaset(r, r.replicasets[i], 0);
    if (!old_pods_left) scale_replicaset(r, *r.new_rs(), r.replicas);
    return;
  }
  scale_replicaset(r, *r.new_rs(), r.replicas);
  fresh = r.new_rs();
  bool new_available = int_at(*fresh, {"status", "availableReplicas"}, 0) >= r.replicas &&
                       int_at(*fresh, {"status", "observedGeneration"}, 0) >=
                           generation_of(*fresh);
  if (new_available)
    for (size_t i = 0; i < r.replicasets.size(); ++i)
      if (int(i) != r.new_index) scale_replicaset(r, r.replicasets[i], 0);
}

void DeploymentController::scale_replicaset(Rollout& r, json& rs, int64_t replicas) {
  std::string desired = std::to_string(r.replicas);
  std::string max = std::to_string(r.replicas + r.max_surge);
  if (int_at(rs, {"spec", "replicas"}, -1) == replicas &&
      annotation_of(rs, kDesiredReplicas) == desired && annotation_of(rs, kMaxReplicas) == max)
    return;
  auto updated = modify(types().replicasets, r.ns, name_of(rs), [&](json& current) {
    if (is_terminating(current)) return false;
    bool changed = set_annotation(current, kDesiredReplicas, desired);
    changed |= set_annotation(current, kMaxReplicas, max);
    if (int_at(current, {"spec", "replicas"}, -1) != replicas) {
      current["spec"]["replicas"] = replicas;
      changed = true;
    }
    return changed;
  });
  if (updated) rs = std::move(*updated);
}

void DeploymentController::cleanup_history(Rollout& r) {
  int64_t limit = int_at(r.deployment, {"spec", "revisionHistoryLimit"}, 10);
  std::vector<const json*> idle;
  for (size_t i = 0; i < r.replicasets.size(); ++i) {
    const json& rs = r.replicasets[i];
    if (int(i) == r.new_index || is_terminating(rs)) continue;
    if (int_at(rs, {"spec", "replicas"}, 0) == 0 && int_at(rs, {"status", "replicas"}, 0) == 0)
      idle.push_back(&rs);
  }
  if (int64_t(idle.size()) <= limit) return;
  std::sort(idle.begin(), idle.end(),
            [](const json* a, const json* b) { return revision_of(*a) < revision_of(*b); });
  for (size_t i = 0; i < idle.size() - size_t(std::max<int64_t>(limit, 0)); ++i) {
    DeleteOptions options;
    options.precondition_uid = uid_of(*idle[i]);
    try {
      remove(types().replicasets, r.ns, name_of(*idle[i]), options);
    } catch (const ApiError& e) {
      if (e.code() != 409) throw;
    }
  }
}

struct DeploymentController::Counts {
  int64_t replicas = 0, updated = 0, ready = 0, available = 0, spec_total = 0;
};

namespace {

json deployment_condition(const char* type, const char* status, const char* reason,
                          const std::string& message) {
  std::string now = now_rfc3339();
  return {{"type", type},           {"status", status},   {"lastUpdateTime", now},
          {"lastTransitionTime", now}, {"reason", reason}, {"message", message}};
}

}  // namespace

// The Progressing condition `kubectl rollout status` reads (null when there is nothing to say).
json DeploymentController::progressing_condition(Rollout& r, const Counts& counts) {
  const json* fresh = r.new_rs();
  std::string new_name = fresh ? name_of(*fresh) : "";
  bool complete = fresh && counts.updated == r.replicas && counts.replicas == r.replicas &&
                  counts.available >= r.replicas &&
                  int_at(*fresh, {"spec", "replicas"}, 0) == r.replicas;
  if (r.paused)
    return deployment_condition("Progressing", "Unknown", "DeploymentPaused", "Deployment is paused");
  if (complete)
    return deployment_condition("Progressing", "True", "NewReplicaSetAvailable",
                                "ReplicaSet \"" + new_name + "\" has successfully progressed.");
  if (r.created_new)
    return deployment_condition("Progressing", "True", "NewReplicaSetCreated",
                                "Created new replica set \"" + new_name + "\"");
  if (fresh)
    return deployment_condition("Progressing", "True", "ReplicaSetUpdated",
                                "ReplicaSet \"" + new_name + "\" is progressing.");
  return json();
}

void DeploymentController::update_status(Rollout& r) {
  Counts counts;
  for (const auto& rs : r.replicasets) {
    counts.replicas += int_at(rs, {"status", "replicas"}, 0);
    counts.ready += int_at(rs, {"status", "readyReplicas"}, 0);
    counts.available += int_at(rs, {"status", "availableReplicas"}, 0);
    counts.spec_total += int_at(rs, {"spec", "replicas"}, 0);
  }
  if (const json* fresh = r.new_rs()) counts.updated = int_at(*fresh, {"status", "replicas"}, 0);
  json available =
      counts.available >= r.replicas - r.max_unavailable
          ? deployment_condition("Available", "True", "MinimumReplicasAvailable",
                                 "Deployment has minimum availability.")
          : deployment_condition("Available", "False", "MinimumReplicasUnavailable",
                                 "Deployment does not have minimum availability.");
  json progressing = progressing_condition(r, counts);
  std::string revision = r.new_rs() ? annotation_of(*r.new_rs(), kRevision) : "";

  modify(types().deployments, r.ns, r.name, [&](json& d) {
    if (uid_of(d) != r.uid || is_terminating(d)) return false;
    bool changed = !revision.empty() && set_annotation(d, kRevision, revision);
    json status = d.contains("status") && d["status"].is_object() ? d["status"] : json::object();
    json before = status;
    status["observedGeneration"] = generation_of(r.deployment);
    auto set_count = [&](const char* field, int64_t value) {  // omitempty, as the real API
      if (value > 0)
        status[field] = value;
      else
        status.erase(field);
    };
    set_count("replicas", counts.replicas);
    set_count("updatedReplicas", counts.updated);
    set_count("readyReplicas", counts.ready);
    set_count("availableReplicas", counts.available);
    set_count("unavailableReplicas", counts.spec_total - counts.available);
    set_condition(status["conditions"], available);
    if (!progressing.is_null()) set_condition(status["conditions"], progressing);
    if (status != before) {
      d["status"] = std::move(status);
      changed = true;
    }
    return changed;
  });
}

}  // namespace coffer::kubesim::controllers
