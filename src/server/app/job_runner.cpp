#include "server/app/job_runner.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>

namespace coffer::server {

JobRunner::JobRunner(Services& services, JobRunnerOptions options) : s_(services), opt_(std::move(options)) {}

JobRunner::~JobRunner() { stop(); }

void JobRunner::recover(const catalog::RecoveryReport& report) {
  auto mark = [&](const std::string& job_id, const std::string& phase, const std::string& reason) {
    auto job = s_.catalog.jobs().get(job_id);
    if (!job) return;
    const std::string name = job->payload.value("backup", job->payload.value("restore", ""));
    try {
      if (job->kind == "backup") {
        auto rec = s_.catalog.backups().require(name);
        rec.phase = phase;
        rec.failure_reason = reason;
        if (phase == "Failed") rec.completed_at = std::chrono::system_clock::now();
        s_.catalog.backups().update(rec);
      } else if (job->kind == "restore") {
        auto rec = s_.catalog.restores().require(name);
        rec.phase = phase;
        rec.failure_reason = reason;
        if (phase == "Failed") rec.completed_at = std::chrono::system_clock::now();
        s_.catalog.restores().update(rec);
      }
    } catch (const std::exception& e) {
      if (s_.log) s_.log("recovering job " + job_id + ": " + e.what());
    }
    if (s_.log) s_.log("job " + job_id + " (" + job->kind + " " + name + ") was running when its server stopped: " + phase);
  };
  for (const auto& id : report.requeued) mark(id, "New", "retried: the server stopped while it ran");
  for (const auto& id : report.failed) mark(id, "Failed", catalog::JobQueue::kLostJobError);
  for (const auto& id : report.cancelled) mark(id, "Failed", "cancelled");
}

void JobRunner::start() {
  recover(s_.catalog.jobs().recover_owner(opt_.server_id + "/"));
  for (int n = 0; n < opt_.workers; ++n) threads_.emplace_back([this, n] { work(n); });
}

void JobRunner::stop() {
  stopping_ = true;
  for (auto& t : threads_) t.join();
  threads_.clear();
}

void JobRunner::work(int n) {
  const std::string worker = opt_.server_id + "/" + std::to_string(n);
  auto next_recovery = std::chrono::steady_clock::now();
  while (!stopping_) {
    try {
      if (n == 0 && std::chrono::steady_clock::now() >= next_recovery) {
        recover(s_.catalog.jobs().recover_expired());  // other servers' lost jobs
        next_recovery = std::chrono::steady_clock::now() + opt_.lease / 4;
      }
      catalog::ClaimRequest req;
      req.worker_id = worker;
      req.kinds = {"backup", "restore", "delete-backup"};
      req.per_cluster_limit = opt_.per_cluster_limit;
      req.lease = opt_.lease;
      if (auto job = s_.catalog.jobs().claim(req)) {
        run_job(*job, worker);
        continue;
      }
    } catch (const std::exception& e) {
      if (s_.log) s_.log(std::string("job worker: ") + e.what());
    }
    std::this_thread::sleep_for(opt_.poll);
  }
}

void JobRunner::run_job(const catalog::Job& job, const std::string& worker) {
  // While the engine runs, the lease is renewed and cancellation requests are looked for; a
  // request (or a lost lease: another server may take the job over) stops the engine.
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  std::stop_source stop;
  std::thread watcher([&] {
    auto next_beat = std::chrono::steady_clock::now() + opt_.lease / 3;
    std::unique_lock lock(mu);
    while (!cv.wait_for(lock, std::min(opt_.cancel_poll, opt_.lease / 3), [&] { return done; })) {
      lock.unlock();
      try {
        if (std::chrono::steady_clock::now() >= next_beat) {
          next_beat = std::chrono::steady_clock::now() + opt_.lease / 3;
          auto beat = s_.catalog.jobs().heartbeat(job.id, worker, opt_.lease);
          if (beat == catalog::HeartbeatResult::lost && stop.request_stop() && s_.log)
            s_.log("job " + job.id + ": its lease was lost; stopping");
          if (beat == catalog::HeartbeatResult::cancel_requested) stop.request_stop();
        } else if (auto now = s_.catalog.jobs().get(job.id); now && now->cancel_requested) {
          stop.request_stop();
        }
      } catch (const std::exception& e) {
        if (s_.log) s_.log("job " + job.id + " heartbeat: " + e.what());
      }
      lock.lock();
    }
  });
  std::string error;
  try {
    if (job.kind == "backup") run_backup_job(s_, job, stop.get_token());
    else if (job.kind == "restore") run_restore_job(s_, job, stop.get_token());
    else if (job.kind == "delete-backup") run_delete_backup_job(s_, job);
    else error = "unknown job kind " + job.kind;
  } catch (const std::exception& e) {
    error = e.what();
  }
  {
    std::lock_guard lock(mu);
    done = true;
  }
  cv.notify_all();
  watcher.join();
  try {
    auto now = s_.catalog.jobs().get(job.id);
    if (now && now->cancel_requested) s_.catalog.jobs().finish_cancelled(job.id, worker);
    else if (error.empty()) s_.catalog.jobs().complete(job.id, worker);
    else s_.catalog.jobs().fail(job.id, worker, error);
  } catch (const std::exception& e) {
    if (s_.log) s_.log("job " + job.id + " could not be finished: " + e.what());
  }
  if (!error.empty() && s_.log) s_.log("job " + job.id + " (" + job.kind + ") failed: " + error);
}

}  // namespace coffer::server
