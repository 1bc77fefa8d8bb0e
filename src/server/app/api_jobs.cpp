// Cancelling backups and restores: POST /api/v1/{backups,restores}/{name}/cancel. A queued job
// is cancelled at once and its record ends Failed ("cancelled before it started"); a running
// job's worker sees the request within a second and stops its engine, which ends the record
// Failed with the reason (a backup then leaves nothing in the bucket).
#include "server/app/record_json.h"
#include "server/app/services.h"

namespace coffer::server {
namespace {

template <typename Repository>
void add_cancel_route(Router& r, Services& s, const std::string& collection, const std::string& kind,
                      Repository (catalog::Scope::*repository)()) {
  r.add("POST", "/api/v1/" + collection + "/{name}/cancel", Access::Write,
        [&s, kind, repository](RouteContext& c) {
          const std::string name = c.param("name");
          nlohmann::json answer;
          s.catalog.transaction([&](catalog::Scope& tx) {
            auto rec = (tx.*repository)().require(name);
            if (rec.phase != "New" && rec.phase != "InProgress")
              throw ApiError::conflict(kind + " \"" + name + "\" is " + rec.phase +
                                       "; only a New or InProgress " + kind + " can be cancelled");
            auto job = tx.jobs().active(kind, kind, name);
            if (!job) throw ApiError::conflict(kind + " \"" + name + "\" has no queued or running job to cancel");
            if (tx.jobs().cancel(job->id) == catalog::CancelResult::cancelled) {
              rec.phase = "Failed";
              rec.failure_reason = "cancelled before it started by " + c.principal->username;
              rec.completed_at = std::chrono::system_clock::now();
              rec = (tx.*repository)().update(rec);
            }
            answer = to_json(rec);
          });
          c.send_json(202, answer);
        },
        RouteDoc("Cancel a New or InProgress " + kind + " (it ends Failed, reason \"cancelled\")", collection)
            .returns(kind == "backup" ? "Backup" : "Restore", 202));
}

}  // namespace

void add_job_routes(Router& r, Services& s) {
  add_cancel_route(r, s, "backups", "backup", &catalog::Scope::backups);
  add_cancel_route(r, s, "restores", "restore", &catalog::Scope::restores);
}

}  // namespace coffer::server
