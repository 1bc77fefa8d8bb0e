#pragma once
// CronJobController: creates a Job "<cronjob>-<scheduled unix minutes>" from spec.jobTemplate
// at each scheduled time (UTC; only the most recent missed time runs, and not when it is older
// than startingDeadlineSeconds), honouring suspend and concurrencyPolicy (Allow, Forbid,
// Replace). status: active (references to running Jobs), lastScheduleTime,
// lastSuccessfulTime. Finished Jobs beyond successfulJobsHistoryLimit/failedJobsHistoryLimit
// are deleted.
// Keys: "ns/name" of cronjobs.
#include <map>
#include <string>

#include "common/rfc3339.h"
#include "kubesim/controllers/controller.h"

namespace coffer::kubesim::controllers {

class CronJobController : public Controller {
 public:
  explicit CronJobController(ControllerHost& host);
  std::vector<std::string> watched_resources() const override {
    return {"cronjobs.batch", "jobs.batch"};
  }
  void observe(const ObservedEvent& event) override;
  void reconcile(const std::string& key) override;

 private:
  std::vector<nlohmann::json> owned_jobs(const nlohmann::json& cronjob);
  void start_job(const nlohmann::json& cronjob, SystemTime scheduled);
  void prune_history(const nlohmann::json& cronjob, const std::vector<nlohmann::json>& jobs);

  std::map<std::string, std::string> key_by_uid_;  // uid → "ns/name"
};

}  // namespace coffer::kubesim::controllers
