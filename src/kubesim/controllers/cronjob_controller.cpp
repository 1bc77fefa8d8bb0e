#include "kubesim/controllers/cronjob_controller.h"

#include <algorithm>

#include "kubesim/controllers/cron_schedule.h"
#include "kubesim/controllers/object_helpers.h"

namespace coffer::kubesim::controllers {
namespace {

using namespace std::chrono_literals;

bool job_finished(const json& job, bool* succeeded = nullptr) {
  const json& conditions = at_path(job, {"status", "conditions"});
  bool complete = condition_is_true(conditions, "Complete");
  if (succeeded) *succeeded = complete;
  return complete || condition_is_true(conditions, "Failed");
}

SystemTime parse_or(const std::string& text, SystemTime fallback) {
  try {
    return text.empty() ? fallback : parse_rfc3339(text);
  } catch (const std::exception&) {
    return fallback;
  }
}

}  // namespace

CronJobController::CronJobController(ControllerHost& host)
    : Controller(host, "cronjob-controller", "kube-controller-manager",
                 "system:serviceaccount:kube-system:cronjob-controller") {}

void CronJobController::observe(const ObservedEvent& event) {
  const StoredObject& o = event.object();
  if (o.resource == "cronjobs.batch") {
    if (event.deleted()) {
      key_by_uid_.erase(o.uid);
    } else {
      key_by_uid_[o.uid] = o.ns + "/" + o.name;
      enqueue(o.ns + "/" + o.name);
    }
    return;
  }
  for (const auto& uid : o.owner_uids) {
    auto it = key_by_uid_.find(uid);
    if (it != key_by_uid_.end()) enqueue(it->second);
  }
}

std::vector<json> CronJobController::owned_jobs(const json& cronjob) {
  const std::string uid = uid_of(cronjob);
  std::vector<json> jobs;
  for (const auto& ref : index().dependents_of(uid, "jobs.batch")) {
    auto job = read(types().jobs, ref.ns, ref.name);
    if (job && is_controlled_by(*job, uid)) jobs.push_back(std::move(*job));
  }
  return jobs;
}

void CronJobController::reconcile(const std::string& key) {
  auto [ns, name] = split_namespaced_key(key);
  auto cronjob = read(types().cronjobs, ns, name);
  if (!cronjob || is_terminating(*cronjob)) return;
  auto schedule = CronSchedule::parse(string_at(*cronjob, {"spec", "schedule"}));
  std::vector<json> jobs = owned_jobs(*cronjob);
  const auto now = std::chrono::system_clock::now();
  std::optional<SystemTime> scheduled_now;
  if (schedule && !bool_at(*cronjob, {"spec", "suspend"}, false)) {
    SystemTime created = parse_or(string_at(*cronjob, {"metadata", "creationTimestamp"}), now);
    SystemTime last = parse_or(string_at(*cronjob, {"status", "lastScheduleTime"}), created);
    last = std::max(last, now - std::chrono::hours(24));  // only the most recent run matters
    std::optional<SystemTime> due;
    for (auto t = schedule->next_after(last); t && *t <= now; t = schedule->next_after(*t)) due = t;
    const json& deadline = at_path(*cronjob, {"spec", "startingDeadlineSeconds"});
    if (due && deadline.is_number_integer() && now - *due > std::chrono::seconds(deadline.get<int64_t>()))
      due.reset();
    if (due) {
      std::string policy = string_at(*cronjob, {"spec", "concurrencyPolicy"}, "Allow");
      bool running = std::any_of(jobs.begin(), jobs.end(), [](const json& j) { return !job_finished(j); });
      if (policy == "Replace")
        for (const auto& job : jobs)
          if (!job_finished(job)) {
            DeleteOptions options;
            options.propagation_policy = "Background";
            remove(types().jobs, ns, name_of(job), options);
          }
      if (!(policy == "Forbid" && running)) {
        start_job(*cronjob, *due);
        scheduled_now = due;
      }
    }
    if (auto next = schedule->next_after(now))
      enqueue(key, std::chrono::duration_cast<std::chrono::milliseconds>(*next - now) + 100ms);
  }
  prune_history(*cronjob, jobs);

  json active = json::array();
  std::string last_success;
  for (const auto& job : jobs) {
    bool succeeded = false;
    if (!job_finished(job, &succeeded)) {
      active.push_back({{"apiVersion", job.value("apiVersion", "batch/v1")},
                        {"kind", "Job"},
                        {"name", name_of(job)},
                        {"namespace", ns},
                        {"uid", uid_of(job)},
                        {"resourceVersion", string_at(job, {"metadata", "resourceVersion"})}});
    } else if (succeeded) {
      last_success = std::max(last_success, string_at(job, {"status", "completionTime"}));
    }
  }
  const std::string uid = uid_of(*cronjob);
  modify(types().cronjobs, ns, name, [&](json& cj) {
    if (uid_of(cj) != uid || is_terminating(cj)) return false;
    json status = cj.contains("status") && cj["status"].is_object() ? cj["status"] : json::object();
    json before = status;
    if (active.empty())
      status.erase("active");
    else
      status["active"] = active;
    if (scheduled_now) status["lastScheduleTime"] = format_rfc3339(*scheduled_now);
    if (!last_success.empty()) status["lastSuccessfulTime"] = last_success;
    if (status == before) return false;
    cj["status"] = std::move(status);
    return true;
  });
}

void CronJobController::start_job(const json& cronjob, SystemTime scheduled) {
  auto minutes =
      std::chrono::duration_cast<std::chrono::minutes>(scheduled.time_since_epoch()).count();
  const json& tmpl = at_path(cronjob, {"spec", "jobTemplate"});
  json metadata = {{"name", name_of(cronjob) + "-" + std::to_string(minutes)},
                   {"ownerReferences", json::array({owner_reference(cronjob, true)})}};
  for (const char* field : {"labels", "annotations"}) {
    const json& value = at_path(tmpl, {"metadata", field});
    if (value.is_object()) metadata[field] = value;
  }
  metadata["annotations"]["batch.kubernetes.io/cronjob-scheduled-timestamp"] =
      format_rfc3339(scheduled);
  create_if_absent(types().jobs, namespace_of(cronjob),
                   {{"metadata", metadata}, {"spec", at_path(tmpl, {"spec"})}});
}

void CronJobController::prune_history(const json& cronjob, const std::vector<json>& jobs) {
  std::vector<const json*> succeeded, failed;
  for (const auto& job : jobs) {
    bool ok = false;
    if (is_terminating(job) || !job_finished(job, &ok)) continue;
    (ok ? succeeded : failed).push_back(&job);
  }
  auto prune = [&](std::vector<const json*>& finished, int64_t keep) {
    if (int64_t(finished.size()) <= keep) return;
    std::sort(finished.begin(), finished.end(), [](const json* a, const json* b) {
      return string_at(*a, {"metadata", "creationTimestamp"}) <
             string_at(*b, {"metadata", "creationTimestamp"});
    });
    DeleteOptions options;
    options.propagation_policy = "Background";
    for (size_t i = 0; i < finished.size() - size_t(std::max<int64_t>(keep, 0)); ++i)
      remove(types().jobs, namespace_of(cronjob), name_of(*finished[i]), options);
  };
  prune(succeeded, int_at(cronjob, {"spec", "successfulJobsHistoryLimit"}, 3));
  prune(failed, int_at(cronjob, {"spec", "failedJobsHistoryLimit"}, 1));
}

}  // namespace coffer::kubesim::controllers
