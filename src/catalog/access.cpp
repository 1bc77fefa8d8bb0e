// Users, API tokens and sessions, and the audit log.
#include "catalog/table.h"

#include "common/random_id.h"

namespace coffer::catalog {
namespace detail {

template <>
struct TableTraits<User> {
  static constexpr const char* kind = "user";
  static constexpr const char* table = "users";
  static constexpr const char* key = "username";
  static std::string key_of(const User& u) { return u.username; }
  static Fields fields(const User& u) {
    return {{"username", u.username},
            {"role", u.role},
            {"password_hash", u.password_hash},
            {"disabled", u.disabled},
            {"last_login_at", opt_ms(u.last_login_at)},
            {"created_at", static_cast<long long>(to_ms(u.created_at))},
            {"updated_at", static_cast<long long>(to_ms(u.updated_at))}};
  }
  static User read(const db::Row& row) {
    RowReader r(row);
    User u;
    u.username = r.text();
    u.role = r.text();
    u.password_hash = r.text();
    u.disabled = r.boolean();
    u.last_login_at = r.opt_time();
    u.created_at = r.time();
    u.updated_at = r.time();
    return u;
  }
  static const ListSpec& list_spec() {
    static const ListSpec spec =
        make_list_spec<User>({.filters = {{"role", "role"}, {"disabled", "disabled"}},
                              .sorts = {{"username", "username"}, {"created_at", "created_at"}},
                              .booleans = {"disabled"},
                              .search_columns = {"username"},
                              .default_sort = "username"});
    return spec;
  }
};

struct TokenTable {
  static Fields fields(const ApiToken& t) {
    return {{"id", t.id},
            {"username", t.username},
            {"digest", t.digest},
            {"name", t.name},
            {"kind", t.kind},
            {"created_at", static_cast<long long>(to_ms(t.created_at))},
            {"last_used_at", opt_ms(t.last_used_at)},
            {"expires_at", opt_ms(t.expires_at)}};
  }
  static const std::string& columns() {
    static const std::string c = column_list(fields(ApiToken{}));
    return c;
  }
  static ApiToken read(const db::Row& row) {
    RowReader r(row);
    ApiToken t;
    t.id = r.text();
    t.username = r.text();
    t.digest = r.text();
    t.name = r.text();
    t.kind = r.text();
    t.created_at = r.time();
    t.last_used_at = r.opt_time();
    t.expires_at = r.opt_time();
    return t;
  }
  static const ListSpec& list_spec() {
    static const ListSpec spec{.table = "api_tokens",
                               .columns = columns(),
                               .key_column = "id",
                               .filters = {{"username", "username"}, {"kind", "kind"}},
                               .sorts = {{"created_at", "created_at"}, {"last_used_at", "last_used_at"}, {"name", "name"}},
                               .nullable = {"last_used_at"},
                               .search_columns = {"name"},
                               .default_sort = "created_at"};
    return spec;
  }
};

struct AuditTable {
  static Fields fields(const AuditEntry& a) {
    return {{"id", a.id},
            {"at", static_cast<long long>(to_ms(a.at))},
            {"actor", a.actor},
            {"action", a.action},
            {"object_kind", a.object_kind},
            {"object_name", a.object_name},
            {"outcome", a.outcome},
            {"detail", a.detail}};
  }
  static const std::string& columns() {
    static const std::string c = column_list(fields(AuditEntry{}));
    return c;
  }
  static AuditEntry read(const db::Row& row) {
    RowReader r(row);
    AuditEntry a;
    a.id = r.text();
    a.at = r.time();
    a.actor = r.text();
    a.action = r.text();
    a.object_kind = r.text();
    a.object_name = r.text();
    a.outcome = r.text();
    a.detail = r.text();
    return a;
  }
  static const ListSpec& list_spec() {
    static const ListSpec spec{.table = "audit",
                               .columns = columns(),
                               .key_column = "id",
                               .filters = {{"actor", "actor"},
                                           {"action", "action"},
                                           {"object_kind", "object_kind"},
                                           {"object_name", "object_name"},
                                           {"outcome", "outcome"}},
                               .sorts = {{"at", "at"}},
                               .search_columns = {"object_name", "action", "detail"},
                               .default_sort = "at",
                               .default_descending = true};
    return spec;
  }
};

}  // namespace detail

template class Repository<User>;

void UserRepository::record_login(const std::string& username, Time at) {
  if (ex_.execute("UPDATE users SET last_login_at = $2 WHERE username = $1",
                  {username, static_cast<long long>(detail::to_ms(at))}) == 0)
    throw NotFoundError("user", username);
}

std::int64_t UserRepository::count_by_role(const std::string& role) {
  return ex_.query("SELECT COUNT(*) FROM users WHERE role = $1 AND disabled = 0", {role}).rows[0].i64(0);
}

ApiToken TokenRepository::create(ApiToken token) {
  if (token.id.empty()) token.id = random_uuid();
  if (token.created_at == Time{}) token.created_at = detail::now_or({});
  db::Params params;
  auto sql = detail::insert_sql("api_tokens", detail::TokenTable::fields(token), params);
  try {
    ex_.execute(sql, params);
  } catch (const db::ConstraintError& e) {
    if (detail::is_key_conflict(e, "id")) throw AlreadyExistsError("token", token.id);
    if (e.is_unique()) throw ConflictError("a token with this digest already exists");
    throw;
  }
  return token;
}

std::optional<ApiToken> TokenRepository::get(const std::string& id) {
  auto r = ex_.query("SELECT " + detail::TokenTable::columns() + " FROM api_tokens WHERE id = $1", {id});
  if (r.empty()) return std::nullopt;
  return detail::TokenTable::read(r.rows[0]);
}

std::optional<ApiToken> TokenRepository::find_by_digest(const std::string& digest, Time now) {
  auto r = ex_.query("SELECT " + detail::TokenTable::columns() +
                         " FROM api_tokens WHERE digest = $1 AND (expires_at IS NULL OR expires_at > $2)",
                     {digest, static_cast<long long>(detail::to_ms(now))});
  if (r.empty()) return std::nullopt;
  return detail::TokenTable::read(r.rows[0]);
}

void TokenRepository::touch(const std::string& id, Time at) {
  ex_.execute("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1", {id, static_cast<long long>(detail::to_ms(at))});
}

Page<ApiToken> TokenRepository::list(const ListQuery& query) {
  Page<ApiToken> page;
  auto r = detail::list_rows(ex_, detail::TokenTable::list_spec(), query, &page.total);
  for (const auto& row : r.rows) page.items.push_back(detail::TokenTable::read(row));
  return page;
}

void TokenRepository::remove(const std::string& id) {
  if (ex_.execute("DELETE FROM api_tokens WHERE id = $1", {id}) == 0) throw NotFoundError("token", id);
}

std::int64_t TokenRepository::remove_for_user(const std::string& username) {
  return ex_.execute("DELETE FROM api_tokens WHERE username = $1", {username});
}

std::int64_t TokenRepository::remove_expired(Time now) {
  return ex_.execute("DELETE FROM api_tokens WHERE expires_at IS NOT NULL AND expires_at <= $1",
                     {static_cast<long long>(detail::to_ms(now))});
}

AuditEntry AuditLog::append(AuditEntry entry) {
  entry.at = detail::now_or(entry.at);
  if (entry.id.empty()) entry.id = detail::time_ordered_id(entry.at);
  db::Params params;
  auto sql = detail::insert_sql("audit", detail::AuditTable::fields(entry), params);
  ex_.execute(sql, params);
  return entry;
}

Page<AuditEntry> AuditLog::list(const ListQuery& query) {
  Page<AuditEntry> page;
  auto r = detail::list_rows(ex_, detail::AuditTable::list_spec(), query, &page.total);
  for (const auto& row : r.rows) page.items.push_back(detail::AuditTable::read(row));
  return page;
}

std::int64_t AuditLog::prune(Time before) {
  return ex_.execute("DELETE FROM audit WHERE at < $1", {static_cast<long long>(detail::to_ms(before))});
}

}  // namespace coffer::catalog
