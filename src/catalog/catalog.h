#pragma once
// The control plane's catalog: typed repositories over the catalog database (SQLite or
// PostgreSQL, see catalog/db/database.h).
//
//   auto catalog = catalog::Catalog::open("sqlite:///var/lib/coffer/catalog.db");
//   catalog->locations().create({.name = "primary", .provider = "aws", ...});
//   catalog->transaction([&](catalog::Scope& tx) { tx.backups().create(b); tx.jobs().enqueue(j); });
//
// Repositories are cheap handles bound to the Database (each call autocommits; calls that must
// be atomic, like moving the default location, open their own transaction) or to a Transaction
// (everything joins it). Keys are names (usernames for users), immutable once created.
//
// Lists (ListQuery): search matches the name case-insensitively; filters and sort fields per
// record, all other fields are refused with InvalidArgumentError:
//   clusters          filters health, in_cluster                  sort name, created_at, health
//   environments      filters cluster, production, namespace       sort name, created_at, cluster
//   locations         filters provider, phase, access_mode, default  sort name, created_at, provider
//   snapshot_locations filters provider, default                   sort name, created_at, provider
//   backups           filters cluster, status|phase, created_by, schedule, location, synced;
//                     search also matches the schedule name;        sort name, created_at (default,
//                     newest first), started_at, completed_at, expires_at, size, phase, cluster
//   schedules         filters cluster, location, paused, created_by sort name (default), created_at,
//                                                                   last_backup_at, cluster
//   restores          filters cluster, status|phase, backup, created_by  sort name, created_at (default,
//                                                                   newest first), completed_at, phase
//   users             filters role, disabled                        sort username, created_at
//   tokens            filters username, kind                        sort created_at, last_used_at, name
//   audit             filters actor, action, object_kind, object_name, outcome  sort at (default, newest first)
//   jobs              filters kind, state|status, cluster, lease_owner  sort created_at (default)
// Nullable sort fields put items without a value last in either direction.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/db/database.h"
#include "catalog/errors.h"
#include "catalog/list_query.h"
#include "catalog/records.h"

namespace coffer::catalog {

// Create, get, list, update, remove by name. create fills created_at/updated_at when empty and
// throws AlreadyExistsError; update replaces the whole record (created_at is kept) and throws
// NotFoundError; remove throws NotFoundError.
template <typename Record>
class Repository {
 public:
  explicit Repository(db::Executor& ex) : ex_(ex) {}
  Record create(Record record);
  std::optional<Record> get(const std::string& name);
  Record require(const std::string& name);  // get or NotFoundError
  Page<Record> list(const ListQuery& query = {});
  Record update(Record record);
  void remove(const std::string& name);

 protected:
  db::Executor& ex_;
};

class ClusterRepository : public Repository<Cluster> {
 public:
  using Repository::Repository;
  // Refuses (ConflictError) while environments, schedules or queued/running jobs use the cluster.
  void remove(const std::string& name);
  void set_health(const std::string& name, const std::string& health, const std::string& message, Time checked_at,
                  const std::vector<std::string>& namespaces);
};

class EnvironmentRepository : public Repository<Environment> {
 public:
  using Repository::Repository;
  Environment create(Environment env);  // the cluster must exist (NotFoundError)
  Environment update(Environment env);
};

// At most one default: create/update with is_default when another location is the default
// throws ConflictError naming it; set_default moves the default atomically.
class LocationRepository : public Repository<StorageLocation> {
 public:
  using Repository::Repository;
  StorageLocation create(StorageLocation location);
  StorageLocation update(StorageLocation location);
  void set_default(const std::string& name);  // and unset the previous default
  std::optional<StorageLocation> get_default();
  void set_status(const std::string& name, const std::string& phase, const std::string& message,
                  std::optional<Time> validated_at, std::optional<Time> synced_at);
};

// At most one default per provider, as Velero has it.
class SnapshotLocationRepository : public Repository<SnapshotLocation> {
 public:
  using Repository::Repository;
  SnapshotLocation create(SnapshotLocation location);
  SnapshotLocation update(SnapshotLocation location);
  void set_default(const std::string& name);
  std::optional<SnapshotLocation> get_default(const std::string& provider);
};

class BackupRepository : public Repository<BackupRecord> {
 public:
  using Repository::Repository;
  // Insert or replace by name (sync from object storage). Returns true when it was new.
  bool upsert(BackupRecord backup);
  // create of every record, atomically (the scheduler's batch): a taken name fails them all
  // (AlreadyExistsError on SQLite, db::ConstraintError on PostgreSQL, where it is one statement).
  void create_all(std::vector<BackupRecord>& backups);
  // Backups whose expires_at is before now, oldest first (TTL garbage collection).
  std::vector<BackupRecord> expired(Time now, std::int64_t limit = 100);
};

class ScheduleRepository : public Repository<Schedule> {
 public:
  using Repository::Repository;
  // Claims one cron tick of a schedule for this server. True for exactly one caller per
  // (schedule, tick) across every server sharing the database: that caller runs (or skips) it.
  bool claim_tick(const std::string& schedule, Time tick, const std::string& server_id);
  // claim_tick of several (schedule, tick) pairs in one statement, with the same guarantee;
  // result[i] tells whether ticks[i] is this caller's. Claim in a fixed order (e.g. by name)
  // when two servers may claim the same ticks in concurrent transactions.
  std::vector<bool> claim_ticks(const std::vector<std::pair<std::string, Time>>& ticks, const std::string& server_id);
  // Replaces what a user edits (cluster, location, cron, paused, TTL, template, environments) and
  // leaves what runs record (last backup, last skip, skip_next) as they are: an edit racing a run
  // does not undo the run's record. Returns the schedule as stored.
  Schedule update_definition(const Schedule& schedule);
  void set_paused(const std::string& name, bool paused);
  void set_skip_next(const std::string& name, bool skip);
  void record_backup(const std::string& name, const std::string& backup, Time at);
  void record_skip(const std::string& name, Time at);  // also resets skip_next
  struct BackupMade {
    std::string schedule, backup;
    Time at;
  };
  void record_backups(const std::vector<BackupMade>& made);  // record_backup of each, one statement
  std::int64_t prune_ticks(Time before);               // forget claims older than before
};

class RestoreRepository : public Repository<RestoreRecord> {
 public:
  using Repository::Repository;
};

class UserRepository : public Repository<User> {
 public:
  using Repository::Repository;
  void record_login(const std::string& username, Time at);
  std::int64_t count_by_role(const std::string& role);
};

class TokenRepository {
 public:
  explicit TokenRepository(db::Executor& ex) : ex_(ex) {}
  ApiToken create(ApiToken token);  // id generated when empty; digest must be unique
  std::optional<ApiToken> get(const std::string& id);
  // The live token with this digest (not expired at now); nullopt otherwise.
  std::optional<ApiToken> find_by_digest(const std::string& digest, Time now);
  void touch(const std::string& id, Time at);  // last_used_at
  Page<ApiToken> list(const ListQuery& query = {});
  void remove(const std::string& id);            // NotFoundError
  std::int64_t remove_for_user(const std::string& username);
  std::int64_t remove_expired(Time now);

 private:
  db::Executor& ex_;
};

class AuditLog {
 public:
  explicit AuditLog(db::Executor& ex) : ex_(ex) {}
  AuditEntry append(AuditEntry entry);
  Page<AuditEntry> list(const ListQuery& query = {});
  std::int64_t prune(Time before);

 private:
  db::Executor& ex_;
};

struct ClaimRequest {
  std::string worker_id{};         // unique per worker (e.g. "<server-id>/<n>")
  std::vector<std::string> kinds{};  // empty = any kind
  int per_cluster_limit = 0;       // max running jobs per cluster (all servers); 0 = no limit
  std::chrono::milliseconds lease{std::chrono::seconds(60)};
  Time now{};                      // empty = the system clock
};

enum class HeartbeatResult { ok, cancel_requested, lost };
enum class CancelResult { not_found, cancelled, requested, already_finished };

struct RecoveryReport {
  std::vector<std::string> requeued;   // lost while running, attempts left: queued again
  std::vector<std::string> failed;     // lost while running, no attempts left: Failed
  std::vector<std::string> cancelled;  // lost while running, cancellation was requested
};

// The durable job queue. A claimed job is leased to one worker until lease_expires_at; the
// worker heartbeats to extend it. A lease that runs out means its server stopped: recovery
// requeues the job (attempts < max_attempts) or fails it with kLostJobError.
class JobQueue {
 public:
  static constexpr const char* kLostJobError = "the server stopped while it ran";

  explicit JobQueue(db::Executor& ex) : ex_(ex) {}
  Job enqueue(Job job);  // id, state, timestamps set here; kind required
  void enqueue_all(std::vector<Job>& jobs);  // enqueue of each, in one statement
  std::optional<Job> get(const std::string& id);
  Page<Job> list(const ListQuery& query = {});
  // The queued or running job of this kind whose payload names `subject` under `key` (the job
  // of backup "b1": active("backup", "backup", "b1")).
  std::optional<Job> active(const std::string& kind, const std::string& key, const std::string& subject);
  // Atomically takes the oldest queued job of the given kinds whose not_before has passed and
  // whose cluster has fewer than per_cluster_limit running jobs; each job goes to one worker.
  std::optional<Job> claim(const ClaimRequest& request);
  HeartbeatResult heartbeat(const std::string& id, const std::string& worker_id, std::chrono::milliseconds lease,
                            Time now = {});
  // Finish a running job this worker holds; false when the lease was lost (another server may
  // have taken the job over, so the result must not be recorded).
  bool complete(const std::string& id, const std::string& worker_id, const nlohmann::json& result = {},
                Time now = {});
  // retry: back to the queue (not before retry_at) while attempts < max_attempts, else Failed.
  bool fail(const std::string& id, const std::string& worker_id, const std::string& error, bool retry = false,
            Time retry_at = {}, Time now = {});
  bool finish_cancelled(const std::string& id, const std::string& worker_id, Time now = {});
  // Queued: Cancelled now. Running: cancel_requested is set; the worker sees it on heartbeat.
  CancelResult cancel(const std::string& id, Time now = {});
  RecoveryReport recover_expired(Time now = {});
  // A restarted server's own jobs (lease_owner starting with owner_prefix) are lost already.
  RecoveryReport recover_owner(const std::string& owner_prefix, Time now = {});
  std::int64_t running_count(const std::string& cluster);

 private:
  RecoveryReport recover(const std::string& where, const db::Params& params, Time now);
  db::Executor& ex_;
};

// The repositories bound to one executor.
class Scope {
 public:
  explicit Scope(db::Executor& ex) : ex_(&ex) {}
  ClusterRepository clusters() { return ClusterRepository(*ex_); }
  EnvironmentRepository environments() { return EnvironmentRepository(*ex_); }
  LocationRepository locations() { return LocationRepository(*ex_); }
  SnapshotLocationRepository snapshot_locations() { return SnapshotLocationRepository(*ex_); }
  BackupRepository backups() { return BackupRepository(*ex_); }
  ScheduleRepository schedules() { return ScheduleRepository(*ex_); }
  RestoreRepository restores() { return RestoreRepository(*ex_); }
  UserRepository users() { return UserRepository(*ex_); }
  TokenRepository tokens() { return TokenRepository(*ex_); }
  AuditLog audit() { return AuditLog(*ex_); }
  JobQueue jobs() { return JobQueue(*ex_); }
  db::Executor& executor() { return *ex_; }

 protected:
  db::Executor* ex_;
};

class Catalog : public Scope {
 public:
  // Opens the database and applies migrations (db::SchemaTooNewError for a newer schema).
  static std::unique_ptr<Catalog> open(const std::string& url, const db::OpenOptions& options = {});
  explicit Catalog(std::unique_ptr<db::Database> database);
  db::Database& database() { return *db_; }
  // Runs fn in one transaction (retried as a whole on transient conflicts).
  void transaction(const std::function<void(Scope&)>& fn);
  // Refreshes the query planner's statistics (SQLite ANALYZE, PostgreSQL VACUUM ANALYZE). Run at
  // open on SQLite and worth running daily: without statistics SQLite picks poor indexes for
  // filtered lists (10x slower). PostgreSQL's autovacuum does this by itself, eventually.
  void optimize();

 private:
  std::unique_ptr<db::Database> db_;
};

}  // namespace coffer::catalog
