#include "kubesim/controllers/job_controller.h"

#include <algorithm>

#include "kubesim/controllers/object_helpers.h"

namespace coffer::kubesim::controllers {
namespace {

constexpr const char* kIndexKey = "batch.kubernetes.io/job-completion-index";

std::optional<int64_t> completion_index(const json& pod) {
  std::string value = annotation_of(pod, kIndexKey);
  if (value.empty()) return std::nullopt;
  try {
    return std::stoll(value);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

bool finished(const json& job) {
  const json& conditions = at_path(job, {"status", "conditions"});
  return condition_is_true(conditions, "Complete") || condition_is_true(conditions, "Failed");
}

// "0-2,4" for {0,1,2,4}, as the real status.completedIndexes.
std::string index_ranges(const std::set<int64_t>& indexes) {
  std::string out;
  for (auto it = indexes.begin(); it != indexes.end();) {
    int64_t first = *it, last = *it;
    while (++it != indexes.end() && *it == last + 1) last = *it;
    if (!out.empty()) out += ",";
    out += std::to_string(first);
    if (last != first) out += "-" + std::to_string(last);
  }
  return out;
}

json job_condition(const char* type, const char* reason, const std::string& message,
                   const std::string& now) {
  return {{"type", type},
          {"status", "True"},
          {"lastProbeTime", now},
          {"lastTransitionTime", now},
          {"reason", reason},
          {"message", message}};
}

}  // namespace

struct JobController::Run {
  json job;
  std::string ns, name, uid;
  std::vector<json> pods;
  std::vector<const json*> active;
  int64_t succeeded = 0, failed = 0, ready = 0, terminating = 0;
  std::set<int64_t> succeeded_indexes, active_indexes;
  bool indexed = false;
  std::optional<int64_t> completions;
  int64_t parallelism = 1;
  std::vector<json> conditions;  // to add
  bool complete = false;
};

JobController::JobController(ControllerHost& host)
    : WorkloadController(host, "job-controller", host.types().jobs,
                         "system:serviceaccount:kube-system:job-controller") {}

void JobController::reconcile(const std::string& key) {
  auto [ns, name] = split_namespaced_key(key);
  auto job = read(owner_type(), ns, name);
  if (!job || is_terminating(*job)) return;
  if (finished(*job)) {
    handle_finished(*job);
    return;
  }
  Run r;
  r.job = std::move(*job);
  r.ns = ns;
  r.name = name;
  r.uid = uid_of(r.job);
  r.indexed = string_at(r.job, {"spec", "completionMode"}) == "Indexed";
  const json& completions = at_path(r.job, {"spec", "completions"});
  if (completions.is_number_integer()) r.completions = completions.get<int64_t>();
  r.parallelism = std::max<int64_t>(0, int_at(r.job, {"spec", "parallelism"}, 1));
  r.pods = owned_pods(r.job, true);
  count_pods(r);
  if (r.failed > int_at(r.job, {"spec", "backoffLimit"}, 6))
    fail(r);
  else if (succeeded_enough(r))
    complete(r);
  else if (bool_at(r.job, {"spec", "suspend"}, false))
    suspend(r);
  else
    run_pods(r);
  update_status(r);
}

void JobController::count_pods(Run& r) {
  int64_t succeeded_pods = 0, failed_pods = 0;
  for (const auto& pod : r.pods) {
    std::string phase = string_at(pod, {"status", "phase"});
    if (phase == "Succeeded") {
      ++succeeded_pods;
      if (auto index = completion_index(pod)) r.succeeded_indexes.insert(*index);
    } else if (phase == "Failed") {
      ++failed_pods;
    } else if (is_terminating(pod)) {
      ++r.terminating;
    } else {
      r.active.push_back(&pod);
      if (pod_ready(pod)) ++r.ready;
      if (auto index = completion_index(pod)) r.active_indexes.insert(*index);
    }
  }
  // Without the job-tracking finalizer a finished pod may vanish: counts never go down.
  r.succeeded = std::max(succeeded_pods, int_at(r.job, {"status", "succeeded"}, 0));
  if (r.indexed) r.succeeded = int64_t(r.succeeded_indexes.size());
  r.failed = std::max(failed_pods, int_at(r.job, {"status", "failed"}, 0));
}

bool JobController::succeeded_enough(const Run& r) const {
  if (r.completions) return r.succeeded >= *r.completions;
  return !r.indexed && r.succeeded > 0 && r.active.empty();  // a work queue: one success ends it
}

void JobController::fail(Run& r) {
  delete_pods(r, r.active);
  std::string now = now_rfc3339(), message = "Job has reached the specified backoff limit";
  r.conditions.push_back(job_condition("FailureTarget", "BackoffLimitExceeded", message, now));
  r.conditions.push_back(job_condition("Failed", "BackoffLimitExceeded", message, now));
}

void JobController::complete(Run& r) {
  delete_pods(r, r.active);
  std::string now = now_rfc3339(), message = "Reached expected number of succeeded pods";
  r.conditions.push_back(job_condition("SuccessCriteriaMet", "CompletionsReached", message, now));
  r.conditions.push_back(job_condition("Complete", "CompletionsReached", message, now));
  r.complete = true;
}

void JobController::suspend(Run& r) {
  delete_pods(r, r.active);
  r.conditions.push_back(job_condition("Suspended", "JobSuspended", "Job suspended", now_rfc3339()));
}

void JobController::run_pods(Run& r) {
  int64_t wanted = r.parallelism;
  if (r.completions)
    wanted = std::min(wanted, *r.completions - r.succeeded);
  else if (r.succeeded > 0)
    wanted = 0;
  wanted = std::max<int64_t>(0, wanted);
  int64_t have = int64_t(r.active.size());
  if (have < wanted) {
    create_pods(r, wanted - have);
  } else if (have > wanted) {
    std::vector<const json*> extra(r.active.begin(), r.active.end());
    std::sort(extra.begin(), extra.end(), [](const json* a, const json* b) {
      return string_at(*a, {"metadata", "creationTimestamp"}) >
             string_at(*b, {"metadata", "creationTimestamp"});
    });
    extra.resize(size_t(have - wanted));
    delete_pods(r, extra);
  }
}

void JobController::create_pods(Run& r, int64_t count) {
  std::vector<int64_t> indexes;
  if (r.indexed) {
    for (int64_t i = 0; r.completions && i < *r.completions && int64_t(indexes.size()) < count; ++i)
      if (!r.succeeded_indexes.count(i) && !r.active_indexes.count(i)) indexes.push_back(i);
  } else {
    indexes.assign(size_t(count), -1);
  }
  for (int64_t index : indexes) {
    json pod = pod_from_template(r.job);
    json& labels = pod["metadata"]["labels"];
    for (const char* key : {"batch.kubernetes.io/controller-uid", "controller-uid"})
      if (!labels.contains(key)) labels[key] = r.uid;
    for (const char* key : {"batch.kubernetes.io/job-name", "job-name"})
      if (!labels.contains(key)) labels[key] = r.name;
    pod["metadata"]["generateName"] = r.name + "-";
    if (index >= 0) {
      std::string text = std::to_string(index);
      pod["metadata"]["generateName"] = r.name + "-" + text + "-";
      pod["metadata"]["annotations"][kIndexKey] = text;
      labels[kIndexKey] = text;
      pod["spec"]["hostname"] = r.name + "-" + text;
      json env = {{"name", "JOB_COMPLETION_INDEX"},
                  {"valueFrom",
                   {{"fieldRef",
                     {{"apiVersion", "v1"},
                      {"fieldPath", std::string("metadata.annotations['") + kIndexKey + "']"}}}}}};
      for (auto& c : pod["spec"]["containers"]) {
        if (!c["env"].is_array()) c["env"] = json::array();
        c["env"].push_back(env);
      }
    }
    create(types().pods, r.ns, pod);
  }
}

void JobController::delete_pods(Run& r, std::vector<const json*> pods) {
  for (const json* pod : pods) {
    DeleteOptions options;
    options.precondition_uid = uid_of(*pod);
    options.propagation_policy = "Background";
    try {
      remove(types().pods, r.ns, name_of(*pod), options);
      ++r.terminating;
    } catch (const ApiError& e) {
      if (e.code() != 409) throw;
    }
  }
  if (!pods.empty()) r.active.clear();
}

void JobController::update_status(Run& r) {
  std::string now = now_rfc3339();
  bool suspended = bool_at(r.job, {"spec", "suspend"}, false);
  modify(owner_type(), r.ns, r.name, [&](json& job) {
    if (uid_of(job) != r.uid || is_terminating(job)) return false;
    json status = job.contains("status") && job["status"].is_object() ? job["status"] : json::object();
    json before = status;
    if (!status.contains("startTime") && !suspended) status["startTime"] = now;
    auto set_count = [&](const char* field, int64_t value) {
      if (value > 0)
        status[field] = value;
      else
        status.erase(field);
    };
    set_count("active", int64_t(r.active.size()));
    set_count("succeeded", r.succeeded);
    set_count("failed", r.failed);
    status["ready"] = r.active.empty() ? 0 : r.ready;
    status["terminating"] = r.terminating;
    status["uncountedTerminatedPods"] = json::object();
    if (r.indexed) {
      std::string completed = index_ranges(r.succeeded_indexes);
      if (completed.empty())
        status.erase("completedIndexes");
      else
        status["completedIndexes"] = completed;
    }
    for (auto& condition : r.conditions) set_condition(status["conditions"], condition);
    if (!suspended && status.contains("conditions")) {
      for (auto& c : status["conditions"])
        if (c.value("type", "") == "Suspended" && c.value("status", "") == "True") {
          c["status"] = "False";
          c["reason"] = "JobResumed";
          c["message"] = "Job resumed";
          c["lastTransitionTime"] = now;
        }
    }
    if (r.complete && !status.contains("completionTime")) status["completionTime"] = now;
    if (status == before) return false;
    job["status"] = std::move(status);
    return true;
  });
}

void JobController::handle_finished(const json& job) {
  const json& ttl = at_path(job, {"spec", "ttlSecondsAfterFinished"});
  if (!ttl.is_number_integer()) return;
  std::string finished_at = string_at(job, {"status", "completionTime"});
  if (finished_at.empty()) {
    const json* failed = find_condition(at_path(job, {"status", "conditions"}), "Failed");
    if (failed) finished_at = failed->value("lastTransitionTime", "");
  }
  std::chrono::system_clock::time_point since = std::chrono::system_clock::now();
  try {
    if (!finished_at.empty()) since = parse_rfc3339(finished_at);
  } catch (const std::exception&) {
  }
  auto due = since + std::chrono::seconds(ttl.get<int64_t>());
  auto now = std::chrono::system_clock::now();
  if (now < due) {
    enqueue(namespace_of(job) + "/" + name_of(job),
            std::chrono::duration_cast<std::chrono::milliseconds>(due - now) +
                std::chrono::milliseconds(10));
    return;
  }
  DeleteOptions options;
  options.precondition_uid = uid_of(job);
  options.propagation_policy = "Background";
  try {
    remove(owner_type(), namespace_of(job), name_of(job), options);
  } catch (const ApiError& e) {
    if (e.code() != 409) throw;
  }
}

}  // namespace coffer::kubesim::controllers
