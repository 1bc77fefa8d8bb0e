#pragma once
// JobController: runs a Job's pods until enough succeed. Keeps up to spec.parallelism active
// pods (fewer when fewer completions remain) named "<job>-<random>" ("<job>-<index>-<random>"
// in Indexed mode, with the completion index annotation/label, hostname and
// JOB_COMPLETION_INDEX), labelled batch.kubernetes.io/job-name, job-name, controller-uid and
// batch.kubernetes.io/controller-uid. When completions pods have succeeded (for a work queue,
// when one has and none is active) the Job gets the SuccessCriteriaMet and Complete conditions
// and completionTime; more than backoffLimit failures give FailureTarget and Failed
// (BackoffLimitExceeded). spec.suspend stops the pods. status: startTime, active, succeeded,
// failed, ready, terminating, uncountedTerminatedPods, completedIndexes. Finished Jobs with
// ttlSecondsAfterFinished are deleted when it expires.
// Keys: "ns/name" of jobs.
#include <set>

#include "kubesim/controllers/workload_controller.h"

namespace coffer::kubesim::controllers {

class JobController : public WorkloadController {
 public:
  explicit JobController(ControllerHost& host);
  void reconcile(const std::string& key) override;

 private:
  struct Run;
  void handle_finished(const nlohmann::json& job);
  void count_pods(Run& r);
  bool succeeded_enough(const Run& r) const;
  void fail(Run& r);
  void complete(Run& r);
  void suspend(Run& r);
  void run_pods(Run& r);
  void create_pods(Run& r, int64_t count);
  void delete_pods(Run& r, std::vector<const nlohmann::json*> pods);
  void update_status(Run& r);
};

}  // namespace coffer::kubesim::controllers
