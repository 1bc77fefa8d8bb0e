#pragma once
// The control plane's workers: they take jobs from the catalog's durable queue (backups,
// restores, backup deletions), run the engines with a lease they keep renewing, record progress
// in the catalog, and end every job honestly: Completed/PartiallyFailed/Failed with the reason.
// A job whose server died is found by its expired lease (or, for this server's own jobs, at
// start) and retried or failed with "the server stopped while it ran"; its record says so.
#include <atomic>
#include <chrono>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "server/app/services.h"

namespace coffer::server {

struct JobRunnerOptions {
  std::string server_id;       // stable per data directory; workers are "<server_id>/<n>"
  int workers = 4;
  int per_cluster_limit = 2;   // running jobs per cluster, across servers
  std::chrono::milliseconds lease{std::chrono::seconds(60)};
  std::chrono::milliseconds poll{std::chrono::milliseconds(250)};
  // How often a running job's worker looks for a cancellation request (the lease is renewed
  // every lease/3 in the same loop).
  std::chrono::milliseconds cancel_poll{std::chrono::seconds(1)};
};

class JobRunner {
 public:
  JobRunner(Services& services, JobRunnerOptions options);
  ~JobRunner();
  // Recovers this server's jobs left running by a previous process, then starts the workers.
  void start();
  void stop();  // waits for running jobs to finish

 private:
  void work(int n);
  void run_job(const catalog::Job& job, const std::string& worker);
  void recover(const catalog::RecoveryReport& report);

  Services& s_;
  JobRunnerOptions opt_;
  std::atomic<bool> stopping_{false};
  std::vector<std::thread> threads_;
};

// One job's work, by kind; throws to fail the job with the exception's message. stop is
// requested when the job is cancelled: the engine then ends its run Failed ("cancelled").
void run_backup_job(Services& services, const catalog::Job& job, std::stop_token stop);
void run_restore_job(Services& services, const catalog::Job& job, std::stop_token stop);
void run_delete_backup_job(Services& services, const catalog::Job& job);

}  // namespace coffer::server
