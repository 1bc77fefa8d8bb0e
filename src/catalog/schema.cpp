#include "catalog/schema.h"

namespace coffer::catalog {

namespace {
// Indexes end with the sort key and the name (the tie-breaker of every list), so a filtered,
// sorted page is one index range read in order.
// One dialect for both databases: TEXT, BIGINT (SQLite gives it INTEGER affinity), booleans as
// 0/1, times as milliseconds since the epoch (UTC), JSON as text. Indexes serve the list
// filters with their default sort, so a filtered page reads an index range, not the table.
const char* kInitialSchema = R"sql(
CREATE TABLE clusters (
  name TEXT PRIMARY KEY,
  in_cluster BIGINT NOT NULL DEFAULT 0,
  server_url TEXT NOT NULL DEFAULT '',
  kubeconfig_sealed TEXT NOT NULL DEFAULT '',
  health TEXT NOT NULL DEFAULT 'Unknown',
  health_message TEXT NOT NULL DEFAULT '',
  health_checked_at BIGINT,
  namespaces_json TEXT NOT NULL DEFAULT '[]',
  created_by TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE environments (
  name TEXT PRIMARY KEY,
  cluster TEXT NOT NULL,
  namespace_name TEXT NOT NULL DEFAULT '',
  production BIGINT NOT NULL DEFAULT 0,
  created_by TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX environments_cluster ON environments (cluster, name);

CREATE TABLE storage_locations (
  name TEXT PRIMARY KEY,
  provider TEXT NOT NULL,
  bucket TEXT NOT NULL DEFAULT '',
  prefix TEXT NOT NULL DEFAULT '',
  config_json TEXT NOT NULL DEFAULT '{}',
  ca_cert TEXT NOT NULL DEFAULT '',
  credential_mode TEXT NOT NULL DEFAULT 'none' CHECK (credential_mode IN ('none', 'secret', 'sealed')),
  credential_secret_name TEXT NOT NULL DEFAULT '',
  credential_secret_key TEXT NOT NULL DEFAULT '',
  credential_sealed TEXT NOT NULL DEFAULT '',
  access_mode TEXT NOT NULL DEFAULT 'ReadWrite' CHECK (access_mode IN ('ReadWrite', 'ReadOnly')),
  sync_period_seconds BIGINT NOT NULL DEFAULT 60,
  validation_frequency_seconds BIGINT NOT NULL DEFAULT 60,
  is_default BIGINT NOT NULL DEFAULT 0,
  phase TEXT NOT NULL DEFAULT 'Unknown',
  phase_message TEXT NOT NULL DEFAULT '',
  last_validated_at BIGINT,
  last_synced_at BIGINT,
  created_by TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX storage_locations_one_default ON storage_locations (is_default) WHERE is_default = 1;

CREATE TABLE snapshot_locations (
  name TEXT PRIMARY KEY,
  provider TEXT NOT NULL,
  config_json TEXT NOT NULL DEFAULT '{}',
  credential_mode TEXT NOT NULL DEFAULT 'none' CHECK (credential_mode IN ('none', 'secret', 'sealed')),
  credential_secret_name TEXT NOT NULL DEFAULT '',
  credential_secret_key TEXT NOT NULL DEFAULT '',
  credential_sealed TEXT NOT NULL DEFAULT '',
  is_default BIGINT NOT NULL DEFAULT 0,
  created_by TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX snapshot_locations_one_default ON snapshot_locations (provider) WHERE is_default = 1;

CREATE TABLE backups (
  name TEXT PRIMARY KEY,
  location TEXT NOT NULL DEFAULT '',
  cluster TEXT NOT NULL DEFAULT '',
  phase TEXT NOT NULL DEFAULT 'New',
  schedule TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL DEFAULT '',
  labels_json TEXT NOT NULL DEFAULT '{}',
  spec_json TEXT NOT NULL DEFAULT '{}',
  status_json TEXT NOT NULL DEFAULT '{}',
  created_at BIGINT NOT NULL,
  started_at BIGINT,
  completed_at BIGINT,
  expires_at BIGINT,
  items_total BIGINT NOT NULL DEFAULT 0,
  items_backed_up BIGINT NOT NULL DEFAULT 0,
  errors BIGINT NOT NULL DEFAULT 0,
  warnings BIGINT NOT NULL DEFAULT 0,
  size_bytes BIGINT NOT NULL DEFAULT 0,
  synced BIGINT NOT NULL DEFAULT 0,
  failure_reason TEXT NOT NULL DEFAULT '',
  updated_at BIGINT NOT NULL
);
CREATE INDEX backups_created ON backups (created_at, name);
CREATE INDEX backups_cluster ON backups (cluster, created_at, name);
CREATE INDEX backups_phase ON backups (phase, created_at, name);
CREATE INDEX backups_schedule ON backups (schedule, created_at, name);
CREATE INDEX backups_location ON backups (location, created_at, name);
CREATE INDEX backups_created_by ON backups (created_by, created_at, name);
CREATE INDEX backups_expires ON backups (expires_at);

CREATE TABLE schedules (
  name TEXT PRIMARY KEY,
  cluster TEXT NOT NULL DEFAULT '',
  location TEXT NOT NULL DEFAULT '',
  cron TEXT NOT NULL,
  paused BIGINT NOT NULL DEFAULT 0,
  skip_next BIGINT NOT NULL DEFAULT 0,
  ttl_seconds BIGINT NOT NULL DEFAULT 2592000,
  template_json TEXT NOT NULL DEFAULT '{}',
  last_backup TEXT NOT NULL DEFAULT '',
  last_backup_at BIGINT,
  last_skipped_at BIGINT,
  created_by TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX schedules_cluster ON schedules (cluster, name);

-- One row per cron tick a server took: the primary key makes each tick run once.
CREATE TABLE schedule_ticks (
  schedule TEXT NOT NULL,
  tick BIGINT NOT NULL,
  server_id TEXT NOT NULL,
  claimed_at BIGINT NOT NULL,
  PRIMARY KEY (schedule, tick)
);
CREATE INDEX schedule_ticks_claimed ON schedule_ticks (claimed_at);

CREATE TABLE restores (
  name TEXT PRIMARY KEY,
  backup TEXT NOT NULL DEFAULT '',
  cluster TEXT NOT NULL DEFAULT '',
  phase TEXT NOT NULL DEFAULT 'New',
  created_by TEXT NOT NULL DEFAULT '',
  spec_json TEXT NOT NULL DEFAULT '{}',
  status_json TEXT NOT NULL DEFAULT '{}',
  created_at BIGINT NOT NULL,
  started_at BIGINT,
  completed_at BIGINT,
  items_total BIGINT NOT NULL DEFAULT 0,
  items_restored BIGINT NOT NULL DEFAULT 0,
  errors BIGINT NOT NULL DEFAULT 0,
  warnings BIGINT NOT NULL DEFAULT 0,
  failure_reason TEXT NOT NULL DEFAULT '',
  updated_at BIGINT NOT NULL
);
CREATE INDEX restores_created ON restores (created_at, name);
CREATE INDEX restores_cluster ON restores (cluster, created_at, name);
CREATE INDEX restores_backup ON restores (backup, created_at, name);

CREATE TABLE users (
  username TEXT PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('super-admin', 'viewer')),
  password_hash TEXT NOT NULL DEFAULT '',
  disabled BIGINT NOT NULL DEFAULT 0,
  last_login_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL,
  digest TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL DEFAULT 'api' CHECK (kind IN ('api', 'session')),
  created_at BIGINT NOT NULL,
  last_used_at BIGINT,
  expires_at BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens (username, created_at);
CREATE INDEX api_tokens_expires ON api_tokens (expires_at);

CREATE TABLE audit (
  id TEXT PRIMARY KEY,
  at BIGINT NOT NULL,
  actor TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL DEFAULT '',
  object_kind TEXT NOT NULL DEFAULT '',
  object_name TEXT NOT NULL DEFAULT '',
  outcome TEXT NOT NULL DEFAULT 'success',
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_at ON audit (at, id);
CREATE INDEX audit_actor ON audit (actor, at);
CREATE INDEX audit_object ON audit (object_kind, object_name, at);

CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  payload_json TEXT NOT NULL DEFAULT '{}',
  cluster TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
  attempts BIGINT NOT NULL DEFAULT 0,
  max_attempts BIGINT NOT NULL DEFAULT 3,
  lease_owner TEXT NOT NULL DEFAULT '',
  lease_expires_at BIGINT,
  cancel_requested BIGINT NOT NULL DEFAULT 0,
  error TEXT NOT NULL DEFAULT '',
  result_json TEXT NOT NULL DEFAULT 'null',
  not_before BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX jobs_state ON jobs (state, created_at);
CREATE INDEX jobs_state_cluster ON jobs (state, cluster);
CREATE INDEX jobs_lease ON jobs (state, lease_expires_at);
)sql";
// PostgreSQL only: trigram indexes serve the lists' substring search (ILIKE '%term%'), which
// otherwise scans the table. pg_trgm is a trusted extension (PostgreSQL 13+: the database owner
// may create it); where it is unavailable the search still works, by scanning.
const char* kSearchIndexesPostgres = R"sql(
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
  CREATE INDEX backups_name_trgm ON backups USING gin (name gin_trgm_ops);
  CREATE INDEX backups_schedule_trgm ON backups USING gin (schedule gin_trgm_ops);
  CREATE INDEX restores_name_trgm ON restores USING gin (name gin_trgm_ops);
  CREATE INDEX audit_object_name_trgm ON audit USING gin (object_name gin_trgm_ops);
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'pg_trgm is unavailable (%); list searches will scan', SQLERRM;
END
$$;
)sql";
// Clusters: the kubeconfig context to use. Credentials from an existing Secret: which registered
// cluster and namespace hold it (Velero reads its namespace in its own cluster).
const char* kCredentialSecretPlaces = R"sql(
ALTER TABLE clusters ADD COLUMN context_name TEXT NOT NULL DEFAULT '';
ALTER TABLE schedules ADD COLUMN environments TEXT NOT NULL DEFAULT '';
ALTER TABLE storage_locations ADD COLUMN credential_cluster TEXT NOT NULL DEFAULT '';
ALTER TABLE storage_locations ADD COLUMN credential_namespace TEXT NOT NULL DEFAULT '';
ALTER TABLE snapshot_locations ADD COLUMN credential_cluster TEXT NOT NULL DEFAULT '';
ALTER TABLE snapshot_locations ADD COLUMN credential_namespace TEXT NOT NULL DEFAULT '';
)sql";
// The API's most common filtered list (a cluster's backups of one status, newest first): with
// (cluster, created_at) alone the page and its total read every backup of the cluster from the
// table to check the phase; with this index the total is counted from the index alone (about 7x
// less work per list at 10,000 backups, docs/benchmarks.md "Control plane").
const char* kBackupsClusterPhase = R"sql(
CREATE INDEX backups_cluster_phase ON backups (cluster, phase, created_at, name);
)sql";
}  // namespace

const std::vector<db::Migration>& catalog_migrations() {
  static const std::vector<db::Migration> migrations = {
      {1, "initial catalog schema", kInitialSchema, "", ""},
      {2, "search indexes (PostgreSQL pg_trgm)", "", "", kSearchIndexesPostgres},
      {3, "cluster contexts; where an existing credential Secret lives; schedules of environments", kCredentialSecretPlaces, "", ""},
      {4, "backups by cluster and phase", kBackupsClusterPhase, "", ""},
  };
  return migrations;
}

int catalog_schema_version() { return static_cast<int>(catalog_migrations().size()); }

}  // namespace coffer::catalog
