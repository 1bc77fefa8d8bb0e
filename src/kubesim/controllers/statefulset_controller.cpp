#include "kubesim/controllers/statefulset_controller.h"

#include <algorithm>

#include "kubesim/controllers/object_helpers.h"

namespace coffer::kubesim::controllers {
namespace {

constexpr const char* kPodNameLabel = "statefulset.kubernetes.io/pod-name";
constexpr const char* kPodIndexLabel = "apps.kubernetes.io/pod-index";
constexpr const char* kRevisionLabel = "controller-revision-hash";

// The ordinal in "<prefix>-<n>", or nullopt.
std::optional<int64_t> ordinal_of(const std::string& name, const std::string& prefix) {
  if (name.size() <= prefix.size() + 1 || name.compare(0, prefix.size(), prefix) != 0 ||
      name[prefix.size()] != '-')
    return std::nullopt;
  std::string digits = name.substr(prefix.size() + 1);
  if (digits.empty() || digits.size() > 9 ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  return std::stoll(digits);
}

std::string revision_label(const json& pod) {
  return string_at(pod, {"metadata", "labels", kRevisionLabel});
}

}  // namespace

struct StatefulSetController::Set {
  json sts;
  std::string ns, name, uid;
  int64_t replicas = 1, start = 0, partition = 0;
  bool parallel = false, rolling = true;
  std::string update_revision, current_revision;
  std::map<int64_t, json> pods;  // every controlled pod with an ordinal name
  std::vector<json> strays;      // controlled pods without one

  bool wanted(int64_t ordinal) const { return ordinal >= start && ordinal < start + replicas; }
};

StatefulSetController::StatefulSetController(ControllerHost& host)
    : WorkloadController(host, "statefulset-controller", host.types().statefulsets,
                         "system:serviceaccount:kube-system:statefulset-controller") {}

void StatefulSetController::reconcile(const std::string& key) {
  auto [ns, name] = split_namespaced_key(key);
  auto sts = read(owner_type(), ns, name);
  if (!sts || is_terminating(*sts) || !selector_of(*sts)) return;
  Set s;
  s.sts = std::move(*sts);
  s.ns = ns;
  s.name = name;
  s.uid = uid_of(s.sts);
  s.replicas = std::max<int64_t>(0, int_at(s.sts, {"spec", "replicas"}, 1));
  s.start = std::max<int64_t>(0, int_at(s.sts, {"spec", "ordinals", "start"}, 0));
  s.parallel = string_at(s.sts, {"spec", "podManagementPolicy"}) == "Parallel";
  s.rolling = string_at(s.sts, {"spec", "updateStrategy", "type"}, "RollingUpdate") == "RollingUpdate";
  s.partition = int_at(s.sts, {"spec", "updateStrategy", "rollingUpdate", "partition"}, 0);
  Revision revision = ensure_revision(s.sts, at_path(s.sts, {"spec", "template"}),
                                      int_at(s.sts, {"spec", "revisionHistoryLimit"}, 10));
  s.update_revision = revision.name;
  s.current_revision = string_at(s.sts, {"status", "currentRevision"}, s.update_revision);
  for (auto& pod : owned_pods(s.sts, true)) {
    if (auto ordinal = ordinal_of(name_of(pod), s.name))
      s.pods[*ordinal] = std::move(pod);
    else
      s.strays.push_back(std::move(pod));
  }
  bool settled = scale_up(s);
  scale_down(s);
  bool condemned = !s.strays.empty() || std::any_of(s.pods.begin(), s.pods.end(), [&](const auto& p) {
    return !s.wanted(p.first);
  });
  if (settled && !condemned) roll(s);
  delete_scaled_claims(s);
  update_status(s);
}

void StatefulSetController::ensure_claims(Set& s, int64_t ordinal) {
  const json& templates = at_path(s.sts, {"spec", "volumeClaimTemplates"});
  if (!templates.is_array()) return;
  bool owned = string_at(s.sts, {"spec", "persistentVolumeClaimRetentionPolicy", "whenDeleted"}) ==
               "Delete";
  const json& match_labels = at_path(s.sts, {"spec", "selector", "matchLabels"});
  for (const auto& t : templates) {
    std::string claim = string_at(t, {"metadata", "name"}) + "-" + s.name + "-" +
                        std::to_string(ordinal);
    if (core().store().get("persistentvolumeclaims", s.ns, claim)) continue;
    json labels = at_path(t, {"metadata", "labels"});
    if (!labels.is_object()) labels = json::object();
    if (match_labels.is_object())
      for (const auto& [k, v] : match_labels.items()) labels[k] = v;
    json metadata = {{"name", claim}, {"labels", labels}};
    const json& annotations = at_path(t, {"metadata", "annotations"});
    if (annotations.is_object()) metadata["annotations"] = annotations;
    if (owned) {
      json ref = owner_reference(s.sts, false);
      ref["blockOwnerDeletion"] = true;
      metadata["ownerReferences"] = json::array({ref});
    }
    create_if_absent(types().pvcs, s.ns, {{"metadata", metadata}, {"spec", at_path(t, {"spec"})}});
  }
}

void StatefulSetController::create_pod(Set& s, int64_t ordinal, const std::string& revision) {
  json source = s.sts;
  if (revision != s.update_revision) {  // a partitioned rollout keeps the old template here
    auto old = read(types().controllerrevisions, s.ns, revision);
    const json& tmpl = old ? at_path(*old, {"data", "spec", "template"}) : json();
    if (tmpl.is_object()) {
      source["spec"]["template"] = tmpl;
      source["spec"]["template"].erase("$patch");
    }
  }
  json pod = pod_from_template(source);
  std::string pod_name = s.name + "-" + std::to_string(ordinal);
  pod["metadata"]["name"] = pod_name;
  json& labels = pod["metadata"]["labels"];
  labels[kPodNameLabel] = pod_name;
  labels[kRevisionLabel] = revision;
  labels[kPodIndexLabel] = std::to_string(ordinal);
  json& spec = pod["spec"];
  spec["hostname"] = pod_name;
  std::string service = string_at(s.sts, {"spec", "serviceName"});
  if (!service.empty()) spec["subdomain"] = service;
  const json& templates = at_path(s.sts, {"spec", "volumeClaimTemplates"});
  if (templates.is_array()) {
    if (!spec["volumes"].is_array()) spec["volumes"] = json::array();
    for (const auto& t : templates) {
      std::string volume = string_at(t, {"metadata", "name"});
      json entry = {{"name", volume},
                    {"persistentVolumeClaim",
                     {{"claimName", volume + "-" + s.name + "-" + std::to_string(ordinal)}}}};
      auto& volumes = spec["volumes"];
      auto same = std::find_if(volumes.begin(), volumes.end(),
                               [&](const json& v) { return v.value("name", "") == volume; });
      if (same != volumes.end())
        *same = entry;
      else
        volumes.push_back(entry);
    }
  }
  create_if_absent(types().pods, s.ns, pod);
}

bool StatefulSetController::scale_up(Set& s) {
  bool all_ready = true;
  for (int64_t ordinal = s.start; ordinal < s.start + s.replicas; ++ordinal) {
    ensure_claims(s, ordinal);
    auto it = s.pods.find(ordinal);
    if (it == s.pods.end()) {
      all_ready = false;
      bool old = s.rolling && ordinal < s.partition && s.current_revision != s.update_revision;
      create_pod(s, ordinal, old ? s.current_revision : s.update_revision);
      if (!s.parallel) return false;
      continue;
    }
    const json& pod = it->second;
    if (is_terminating(pod)) {
      all_ready = false;
    } else if (pod_finished(pod)) {
      all_ready = false;
      DeleteOptions options;
      options.precondition_uid = uid_of(pod);
      remove(types().pods, s.ns, name_of(pod), options);
    } else if (!pod_ready(pod)) {
      all_ready = false;
    } else {
      continue;
    }
    if (!s.parallel) return false;
  }
  return all_ready;
}

void StatefulSetController::scale_down(Set& s) {
  std::vector<const json*> condemned;
  for (const auto& pod : s.strays) condemned.push_back(&pod);
  for (auto it = s.pods.rbegin(); it != s.pods.rend(); ++it)
    if (!s.wanted(it->first)) condemned.push_back(&it->second);
  for (const json* pod : condemned) {
    if (!is_terminating(*pod)) {
      DeleteOptions options;
      options.precondition_uid = uid_of(*pod);
      remove(types().pods, s.ns, name_of(*pod), options);
    }
    if (!s.parallel) return;
  }
}

void StatefulSetController::delete_scaled_claims(Set& s) {
  if (string_at(s.sts, {"spec", "persistentVolumeClaimRetentionPolicy", "whenScaled"}) != "Delete")
    return;
  const json& templates = at_path(s.sts, {"spec", "volumeClaimTemplates"});
  if (!templates.is_array() || templates.empty()) return;
  auto claims = core().store().list("persistentvolumeclaims", s.ns, "", 0, nullptr);
  for (const auto& t : templates) {
    std::string prefix = string_at(t, {"metadata", "name"}) + "-" + s.name;
    for (const auto& claim : claims.items) {
      auto ordinal = ordinal_of(claim->name, prefix);
      if (!ordinal || s.wanted(*ordinal) || s.pods.count(*ordinal)) continue;
      if (claim->json.find("\"deletionTimestamp\"") != std::string::npos) continue;
      remove(types().pvcs, s.ns, claim->name);
    }
  }
}

void StatefulSetController::roll(Set& s) {
  if (!s.rolling) return;
  int64_t lowest = std::max(s.start, s.partition);
  for (int64_t ordinal = s.start + s.replicas - 1; ordinal >= lowest; --ordinal) {
    auto it = s.pods.find(ordinal);
    if (it == s.pods.end() || revision_label(it->second) == s.update_revision) continue;
    DeleteOptions options;
    options.precondition_uid = uid_of(it->second);
    remove(types().pods, s.ns, name_of(it->second), options);
    return;  // one at a time; it comes back at the new revision
  }
}

void StatefulSetController::update_status(Set& s) {
  int64_t replicas = 0, ready = 0, available = 0, current = 0, updated = 0;
  int64_t min_ready = int_at(s.sts, {"spec", "minReadySeconds"}, 0);
  std::optional<std::chrono::milliseconds> recheck;
  auto count = [&](const json& pod) {
    if (is_terminating(pod)) return;
    ++replicas;
    if (pod_ready(pod)) ++ready;
    std::chrono::milliseconds wait{0};
    if (pod_available(pod, min_ready, &wait))
      ++available;
    else if (wait.count() > 0)
      recheck = recheck ? std::min(*recheck, wait) : wait;
    if (revision_label(pod) == s.current_revision) ++current;
    if (revision_label(pod) == s.update_revision) ++updated;
  };
  for (const auto& [ordinal, pod] : s.pods) count(pod);
  for (const auto& pod : s.strays) count(pod);
  std::string current_revision = s.current_revision;
  if (updated == s.replicas && ready == s.replicas && replicas == s.replicas) {
    current_revision = s.update_revision;
    current = updated;
  }
  json status = {{"observedGeneration", generation_of(s.sts)},
                 {"replicas", replicas},
                 {"availableReplicas", available},
                 {"currentRevision", current_revision},
                 {"updateRevision", s.update_revision},
                 {"collisionCount", int_at(s.sts, {"status", "collisionCount"}, 0)}};
  if (ready) status["readyReplicas"] = ready;
  if (current) status["currentReplicas"] = current;
  if (updated) status["updatedReplicas"] = updated;
  modify(owner_type(), s.ns, s.name, [&](json& sts) {
    if (uid_of(sts) != s.uid || is_terminating(sts)) return false;
    json merged = status;
    const json& conditions = at_path(sts, {"status", "conditions"});
    if (conditions.is_array() && !conditions.empty()) merged["conditions"] = conditions;
    if (sts.value("status", json()) == merged) return false;
    sts["status"] = std::move(merged);
    return true;
  });
  if (recheck) enqueue(s.ns + "/" + s.name, *recheck);
}

}  // namespace coffer::kubesim::controllers
