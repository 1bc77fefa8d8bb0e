// Clusters, environments, storage locations and volume snapshot locations.
#include "catalog/table.h"

namespace coffer::catalog {
namespace detail {

template <>
struct TableTraits<Cluster> {
  static constexpr const char* kind = "cluster";
  static constexpr const char* table = "clusters";
  static constexpr const char* key = "name";
  static std::string key_of(const Cluster& c) { return c.name; }
  static Fields fields(const Cluster& c) {
    return {{"name", c.name},
            {"in_cluster", c.in_cluster},
            {"server_url", c.server_url},
            {"kubeconfig_sealed", c.kubeconfig_sealed},
            {"context_name", c.context},
            {"health", c.health},
            {"health_message", c.health_message},
            {"health_checked_at", opt_ms(c.health_checked_at)},
            {"namespaces_json", nlohmann::json(c.namespaces).dump()},
            {"created_by", c.created_by},
            {"created_at", static_cast<long long>(to_ms(c.created_at))},
            {"updated_at", static_cast<long long>(to_ms(c.updated_at))}};
  }
  static Cluster read(const db::Row& row) {
    RowReader r(row);
    Cluster c;
    c.name = r.text();
    c.in_cluster = r.boolean();
    c.server_url = r.text();
    c.kubeconfig_sealed = r.text();
    c.context = r.text();
    c.health = r.text();
    c.health_message = r.text();
    c.health_checked_at = r.opt_time();
    c.namespaces = r.strings();
    c.created_by = r.text();
    c.created_at = r.time();
    c.updated_at = r.time();
    return c;
  }
  static const ListSpec& list_spec() {
    static const ListSpec spec = make_list_spec<Cluster>({.filters = {{"health", "health"}, {"in_cluster", "in_cluster"}},
                                                          .sorts = {{"name", "name"},
                                                                    {"created_at", "created_at"},
                                                                    {"health", "health"}},
                                                          .booleans = {"in_cluster"},
                                                          .search_columns = {"name"},
                                                          .default_sort = "name"});
    return spec;
  }
};

template <>
struct TableTraits<Environment> {
  static constexpr const char* kind = "environment";
  static constexpr const char* table = "environments";
  static constexpr const char* key = "name";
  static std::string key_of(const Environment& e) { return e.name; }
  static Fields fields(const Environment& e) {
    return {{"name", e.name},
            {"cluster", e.cluster},
            {"namespace_name", e.namespace_name},
            {"production", e.production},
            {"created_by", e.created_by},
            {"created_at", static_cast<long long>(to_ms(e.created_at))},
            {"updated_at", static_cast<long long>(to_ms(e.updated_at))}};
  }
  static Environment read(const db::Row& row) {
    RowReader r(row);
    Environment e;
    e.name = r.text();
    e.cluster = r.text();
    e.namespace_name = r.text();
    e.production = r.boolean();
    e.created_by = r.text();
    e.created_at = r.time();
    e.updated_at = r.time();
    return e;
  }
  static const ListSpec& list_spec() {
    static const ListSpec spec = make_list_spec<Environment>(
        {.filters = {{"cluster", "cluster"}, {"production", "production"}, {"namespace", "namespace_name"}},
         .sorts = {{"name", "name"}, {"created_at", "created_at"}, {"cluster", "cluster"}},
         .booleans = {"production"},
         .search_columns = {"name", "namespace_name"},
         .default_sort = "name"});
    return spec;
  }
};

void credential_fields(Fields& f, const Credential& c) {
  f.emplace_back("credential_mode", c.mode);
  f.emplace_back("credential_secret_name", c.secret_name);
  f.emplace_back("credential_secret_key", c.secret_key);
  f.emplace_back("credential_sealed", c.sealed);
  f.emplace_back("credential_cluster", c.secret_cluster);
  f.emplace_back("credential_namespace", c.secret_namespace);
}

Credential read_credential(RowReader& r) {
  Credential c;
  c.mode = r.text();
  c.secret_name = r.text();
  c.secret_key = r.text();
  c.sealed = r.text();
  c.secret_cluster = r.text();
  c.secret_namespace = r.text();
  return c;
}

template <>
struct TableTraits<StorageLocation> {
  static constexpr const char* kind = "storage location";
  static constexpr const char* table = "storage_locations";
  static constexpr const char* key = "name";
  static std::string key_of(const StorageLocation& l) { return l.name; }
  static Fields fields(const StorageLocation& l) {
    Fields f{{"name", l.name},
             {"provider", l.provider},
             {"bucket", l.bucket},
             {"prefix", l.prefix},
             {"config_json", map_text(l.config)},
             {"ca_cert", l.ca_cert}};
    credential_fields(f, l.credential);
    f.emplace_back("access_mode", l.access_mode);
    f.emplace_back("sync_period_seconds", static_cast<long long>(l.sync_period_seconds));
    f.emplace_back("validation_frequency_seconds", static_cast<long long>(l.validation_frequency_seconds));
    f.emplace_back("is_default", l.is_default);
    f.emplace_back("phase", l.phase);
    f.emplace_back("phase_message", l.phase_message);
    f.emplace_back("last_validated_at", opt_ms(l.last_validated_at));
    f.emplace_back("last_synced_at", opt_ms(l.last_synced_at));
    f.emplace_back("created_by", l.created_by);
    f.emplace_back("created_at", static_cast<long long>(to_ms(l.created_at)));
    f.emplace_back("updated_at", static_cast<long long>(to_ms(l.updated_at)));
    return f;
  }
  static StorageLocation read(const db::Row& row) {
    RowReader r(row);
    StorageLocation l;
    l.name = r.text();
    l.provider = r.text();
    l.bucket = r.text();
    l.prefix = r.text();
    l.config = r.string_map();
    l.ca_cert = r.text();
    l.credential = read_credential(r);
    l.access_mode = r.text();
    l.sync_period_seconds = r.i64();
    l.validation_frequency_seconds = r.i64();
    l.is_default = r.boolean();
    l.phase = r.text();
    l.phase_message = r.text();
    l.last_validated_at = r.opt_time();
    l.last_synced_at = r.opt_time();
    l.created_by = r.text();
    l.created_at = r.time();
    l.updated_at = r.time();
    return l;
  }
  static const ListSpec& list_spec() {
    static const ListSpec spec = make_list_spec<StorageLocation>(
        {.filters = {{"provider", "provider"},
                     {"phase", "phase"},
                     {"access_mode", "access_mode"},
                     {"default", "is_default"}},
         .sorts = {{"name", "name"}, {"created_at", "created_at"}, {"provider", "provider"}},
         .booleans = {"default"},
         .search_columns = {"name", "bucket"},
         .default_sort = "name"});
    return spec;
  }
};

template <>
struct TableTraits<SnapshotLocation> {
  static constexpr const char* kind = "volume snapshot location";
  static constexpr const char* table = "snapshot_locations";
  static constexpr const char* key = "name";
  static std::string key_of(const SnapshotLocation& l) { return l.name; }
  static Fields fields(const SnapshotLocation& l) {
    Fields f{{"name", l.name}, {"provider", l.provider}, {"config_json", map_text(l.config)}};
    credential_fields(f, l.credential);
    f.emplace_back("is_default", l.is_default);
    f.emplace_back("created_by", l.created_by);
    f.emplace_back("created_at", static_cast<long long>(to_ms(l.created_at)));
    f.emplace_back("updated_at", static_cast<long long>(to_ms(l.updated_at)));
    return f;
  }
  static SnapshotLocation read(const db::Row& row) {
    RowReader r(row);
    SnapshotLocation l;
    l.name = r.text();
    l.provider = r.text();
    l.config = r.string_map();
    l.credential = read_credential(r);
    l.is_default = r.boolean();
    l.created_by = r.text();
    l.created_at = r.time();
    l.updated_at = r.time();
    return l;
  }
  static const ListSpec& list_spec() {
    static const ListSpec spec = make_list_spec<SnapshotLocation>(
        {.filters = {{"provider", "provider"}, {"default", "is_default"}},
         .sorts = {{"name", "name"}, {"created_at", "created_at"}, {"provider", "provider"}},
         .booleans = {"default"},
         .search_columns = {"name"},
         .default_sort = "name"});
    return spec;
  }
};

namespace {
std::vector<std::string> names(const db::Result& r) {
  std::vector<std::string> out;
  for (const auto& row : r.rows) out.push_back(row.text(0));
  return out;
}
std::string quoted_list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "\"" : ", \"") + i + "\"";
  return out;
}

// The current default other than `name` (per provider for snapshot locations), if any.
std::optional<std::string> other_default(db::Executor& ex, const std::string& table, const std::string& name,
                                         const std::string* provider) {
  auto r = provider ? ex.query("SELECT name FROM " + table + " WHERE is_default = 1 AND name <> $1 AND provider = $2",
                               {name, *provider})
                    : ex.query("SELECT name FROM " + table + " WHERE is_default = 1 AND name <> $1", {name});
  if (r.empty()) return std::nullopt;
  return r.rows[0].text(0);
}

[[noreturn]] void throw_default_taken(const std::string& kind, const std::string& current,
                                      const std::string* provider) {
  throw ConflictError(kind + " \"" + current + "\" is already the default" +
                      (provider ? " for provider \"" + *provider + "\"" : std::string()) +
                      "; unset it first or make this one the default with set-default");
}

// Writes a location through `write` while keeping the one-default rule, with a message naming
// the current default both when the check sees it and when a concurrent writer wins the race
// (the partial unique index then refuses the second default).
template <typename Location, typename Write>
Location write_location(db::Executor& ex, Location location, const std::string* provider, Write write) {
  using T = TableTraits<Location>;
  Location out;
  try {
    ex.atomically([&](db::Executor& tx) {
      if (location.is_default) {
        if (auto current = other_default(tx, T::table, location.name, provider))
          throw_default_taken(T::kind, *current, provider);
      }
      out = write(tx, location);
    });
  } catch (const db::ConstraintError& e) {
    if (!e.is_unique() || !location.is_default || is_key_conflict(e, T::key)) throw;
    std::optional<std::string> current;
    try {
      current = other_default(ex, T::table, location.name, provider);
    } catch (const db::DatabaseError&) {
      // e.g. the caller's PostgreSQL transaction is aborted by the violation: report that.
    }
    if (!current) throw;
    throw_default_taken(T::kind, *current, provider);
  }
  return out;
}
}  // namespace

}  // namespace detail

template class Repository<Cluster>;
template class Repository<Environment>;
template class Repository<StorageLocation>;
template class Repository<SnapshotLocation>;

void ClusterRepository::remove(const std::string& name) {
  ex_.atomically([&](db::Executor& tx) {
    auto envs = detail::names(tx.query("SELECT name FROM environments WHERE cluster = $1 ORDER BY name", {name}));
    if (!envs.empty())
      throw ConflictError("cluster \"" + name + "\" is used by environment" + (envs.size() > 1 ? "s " : " ") +
                          detail::quoted_list(envs) + "; delete or move them first");
    auto schedules = detail::names(tx.query("SELECT name FROM schedules WHERE cluster = $1 ORDER BY name", {name}));
    if (!schedules.empty())
      throw ConflictError("cluster \"" + name + "\" is used by schedule" + (schedules.size() > 1 ? "s " : " ") +
                          detail::quoted_list(schedules) + "; delete them first");
    auto jobs = tx.query("SELECT COUNT(*) FROM jobs WHERE cluster = $1 AND state IN ('queued', 'running')", {name});
    if (jobs.rows[0].i64(0) > 0)
      throw ConflictError("cluster \"" + name + "\" has " + std::to_string(jobs.rows[0].i64(0)) +
                          " queued or running jobs; wait for them or cancel them first");
    Repository<Cluster> inner(tx);
    inner.remove(name);
  });
}

void ClusterRepository::set_health(const std::string& name, const std::string& health, const std::string& message,
                                   Time checked_at, const std::vector<std::string>& namespaces) {
  auto n = ex_.execute(
      "UPDATE clusters SET health = $2, health_message = $3, health_checked_at = $4, namespaces_json = $5, "
      "updated_at = $6 WHERE name = $1",
      {name, health, message, static_cast<long long>(detail::to_ms(checked_at)), nlohmann::json(namespaces).dump(),
       static_cast<long long>(detail::to_ms(detail::now_or({})))});
  if (n == 0) throw NotFoundError("cluster", name);
}

Environment EnvironmentRepository::create(Environment env) {
  Environment out;
  ex_.atomically([&](db::Executor& tx) {
    if (tx.query("SELECT 1 FROM clusters WHERE name = $1", {env.cluster}).empty())
      throw NotFoundError("cluster", env.cluster);
    out = Repository<Environment>(tx).create(env);
  });
  return out;
}

Environment EnvironmentRepository::update(Environment env) {
  Environment out;
  ex_.atomically([&](db::Executor& tx) {
    if (tx.query("SELECT 1 FROM clusters WHERE name = $1", {env.cluster}).empty())
      throw NotFoundError("cluster", env.cluster);
    out = Repository<Environment>(tx).update(env);
  });
  return out;
}

StorageLocation LocationRepository::create(StorageLocation location) {
  return detail::write_location(ex_, std::move(location), nullptr, [](db::Executor& tx, const StorageLocation& l) {
    return Repository<StorageLocation>(tx).create(l);
  });
}

StorageLocation LocationRepository::update(StorageLocation location) {
  return detail::write_location(ex_, std::move(location), nullptr, [](db::Executor& tx, const StorageLocation& l) {
    return Repository<StorageLocation>(tx).update(l);
  });
}

void LocationRepository::set_default(const std::string& name) {
  ex_.atomically([&](db::Executor& tx) {
    if (tx.query("SELECT 1 FROM storage_locations WHERE name = $1", {name}).empty())
      throw NotFoundError("storage location", name);
    auto now = static_cast<long long>(detail::to_ms(detail::now_or({})));
    tx.execute("UPDATE storage_locations SET is_default = 0, updated_at = $2 WHERE is_default = 1 AND name <> $1",
               {name, now});
    tx.execute("UPDATE storage_locations SET is_default = 1, updated_at = $2 WHERE name = $1", {name, now});
  });
}

std::optional<StorageLocation> LocationRepository::get_default() {
  auto r = ex_.query("SELECT " + detail::select_columns<StorageLocation>() +
                     " FROM storage_locations WHERE is_default = 1");
  if (r.empty()) return std::nullopt;
  return detail::TableTraits<StorageLocation>::read(r.rows[0]);
}

void LocationRepository::set_status(const std::string& name, const std::string& phase, const std::string& message,
                                    std::optional<Time> validated_at, std::optional<Time> synced_at) {
  auto n = ex_.execute(
      "UPDATE storage_locations SET phase = $2, phase_message = $3, "
      "last_validated_at = COALESCE($4, last_validated_at), last_synced_at = COALESCE($5, last_synced_at) "
      "WHERE name = $1",
      {name, phase, message, detail::opt_ms(validated_at), detail::opt_ms(synced_at)});
  if (n == 0) throw NotFoundError("storage location", name);
}

SnapshotLocation SnapshotLocationRepository::create(SnapshotLocation location) {
  std::string provider = location.provider;
  return detail::write_location(ex_, std::move(location), &provider, [](db::Executor& tx, const SnapshotLocation& l) {
    return Repository<SnapshotLocation>(tx).create(l);
  });
}

SnapshotLocation SnapshotLocationRepository::update(SnapshotLocation location) {
  std::string provider = location.provider;
  return detail::write_location(ex_, std::move(location), &provider, [](db::Executor& tx, const SnapshotLocation& l) {
    return Repository<SnapshotLocation>(tx).update(l);
  });
}

void SnapshotLocationRepository::set_default(const std::string& name) {
  ex_.atomically([&](db::Executor& tx) {
    auto r = tx.query("SELECT provider FROM snapshot_locations WHERE name = $1", {name});
    if (r.empty()) throw NotFoundError("volume snapshot location", name);
    std::string provider = r.rows[0].text(0);
    auto now = static_cast<long long>(detail::to_ms(detail::now_or({})));
    tx.execute(
        "UPDATE snapshot_locations SET is_default = 0, updated_at = $3 WHERE is_default = 1 AND provider = $2 "
        "AND name <> $1",
        {name, provider, now});
    tx.execute("UPDATE snapshot_locations SET is_default = 1, updated_at = $2 WHERE name = $1", {name, now});
  });
}

std::optional<SnapshotLocation> SnapshotLocationRepository::get_default(const std::string& provider) {
  auto r = ex_.query("SELECT " + detail::select_columns<SnapshotLocation>() +
                         " FROM snapshot_locations WHERE is_default = 1 AND provider = $1",
                     {provider});
  if (r.empty()) return std::nullopt;
  return detail::TableTraits<SnapshotLocation>::read(r.rows[0]);
}

}  // namespace coffer::catalog
