// Sign-in and who may do what: login sessions, API tokens, users and the audit log.
#include "server/app/body_reader.h"
#include "server/app/collection_routes.h"
#include "server/app/list_params.h"
#include "server/app/record_json.h"
#include "server/app/services.h"
#include "server/auth/api_token.h"
#include "server/auth/password_hash.h"

namespace coffer::server {

using nlohmann::json;

void Services::audit(const std::string& actor, const std::string& action, const std::string& kind,
                     const std::string& name, const std::string& outcome, const std::string& detail) const {
  try {
    catalog::AuditEntry e;
    e.actor = actor;
    e.action = action;
    e.object_kind = kind;
    e.object_name = name;
    e.outcome = outcome;
    e.detail = detail;
    catalog.audit().append(e);
  } catch (const std::exception& e) {
    if (log) log(std::string("audit entry not written: ") + e.what());
  }
}

std::optional<Principal> authenticate(Services& s, const http::Request& request) {
  std::string header = request.header("authorization");
  const std::string bearer = "Bearer ";
  if (header.size() <= bearer.size() || header.compare(0, bearer.size(), bearer) != 0) return std::nullopt;
  auto parsed = auth::parse_token(std::string_view(header).substr(bearer.size()));
  if (!parsed) return std::nullopt;
  auto token = s.catalog.tokens().get(parsed->id);
  const auto now = std::chrono::system_clock::now();
  if (!token || !auth::token_matches(parsed->secret, token->digest)) return std::nullopt;
  if (token->expires_at && *token->expires_at <= now) return std::nullopt;
  auto user = s.catalog.users().get(token->username);
  if (!user || user->disabled) return std::nullopt;
  auto role = parse_role(user->role);
  if (!role) return std::nullopt;
  // last-used is kept to the minute: a write per request would cost more than it tells.
  if (!token->last_used_at || now - *token->last_used_at > std::chrono::minutes(1)) s.catalog.tokens().touch(token->id, now);
  return Principal{user->username, *role, token->kind + ":" + token->id};
}

namespace {

std::string token_id_of(const Principal& p) { return p.via.substr(p.via.find(':') + 1); }

// A new token of `kind` for `username`: the stored row and the text to hand out once.
std::pair<catalog::ApiToken, std::string> new_token(Services& s, const std::string& username, const std::string& kind,
                                                    const std::string& name, std::optional<catalog::Time> expires) {
  auth::IssuedToken issued = auth::issue_token();
  catalog::ApiToken t;
  t.id = issued.id;
  t.username = username;
  t.digest = auth::token_digest(issued.secret);
  t.name = name;
  t.kind = kind;
  t.expires_at = expires;
  return {s.catalog.tokens().create(t), issued.display};
}

void add_user_routes(Router& r, Services& s) {
  add_read_routes(r, s, &catalog::Scope::users, {"users", "users", "users", "a user", "User", {"role"}});
  r.add("POST", "/api/v1/users", Access::Write,
        [&s](RouteContext& c) {
          json body = c.json_body();
          BodyReader in(body);
          catalog::User u;
          u.username = in.name("username");
          auto role = in.text("role", true);
          if (role && !parse_role(*role)) in.problem("role", "must be super-admin or viewer, found \"" + *role + "\"");
          auto password = in.text("password", true);
          if (password)
            if (auto problem = auth::password_problem(*password)) in.problem("password", *problem);
          in.finish();
          u.role = *role;
          u.password_hash = auth::hash_password(*password);
          c.send_json(201, to_json(s.catalog.users().create(u)));
        },
        RouteDoc("Create a user", "users").body("UserCreate").returns("User", 201));
  r.add("PATCH", "/api/v1/users/{name}", Access::Write,
        [&s](RouteContext& c) {
          json body = c.json_body();
          BodyReader in(body);
          auto role = in.text("role");
          if (role && !parse_role(*role)) in.problem("role", "must be super-admin or viewer, found \"" + *role + "\"");
          auto password = in.text("password");
          if (password)
            if (auto problem = auth::password_problem(*password)) in.problem("password", *problem);
          auto disabled = in.boolean("disabled");
          in.finish();
          json answer;
          s.catalog.transaction([&](catalog::Scope& tx) {
            catalog::User u = tx.users().require(c.param("name"));
            const bool was_admin = u.role == "super-admin" && !u.disabled;
            if (role) u.role = *role;
            if (disabled) u.disabled = *disabled;
            if (password) u.password_hash = auth::hash_password(*password);
            const bool is_admin = u.role == "super-admin" && !u.disabled;
            if (was_admin && !is_admin && tx.users().count_by_role("super-admin") <= 1)
              throw ApiError::conflict("user \"" + u.username + "\" is the last super-admin; make another user "
                                       "super-admin first");
            answer = to_json(tx.users().update(u));
            if (password || (disabled && *disabled)) tx.tokens().remove_for_user(u.username);  // sign out everywhere
          });
          c.send_json(200, answer);
        },
        RouteDoc("Change a user's role, password or disabled flag", "users").body("UserUpdate").returns("User"));
  r.add("DELETE", "/api/v1/users/{name}", Access::Write,
        [&s](RouteContext& c) {
          s.catalog.transaction([&](catalog::Scope& tx) {
            catalog::User u = tx.users().require(c.param("name"));
            if (u.role == "super-admin" && tx.users().count_by_role("super-admin") <= 1)
              throw ApiError::conflict("user \"" + u.username + "\" is the last super-admin and cannot be deleted");
            tx.tokens().remove_for_user(u.username);
            tx.users().remove(u.username);
          });
        },
        RouteDoc("Delete a user and its tokens", "users").returns("", 204));
}

void add_token_routes(Router& r, Services& s) {
  r.add("GET", "/api/v1/tokens", Access::Read,
        [&s](RouteContext& c) {
          auto params = c.request.query_params();
          // A viewer sees its own tokens; a super-admin anyone's (all by default).
          if (c.principal->role != Role::SuperAdmin) params["username"] = c.principal->username;
          auto q = list_query(params);
          c.send_json(200, page_json(s.catalog.tokens().list(q), q));
        },
        RouteDoc("List API tokens and sessions", "tokens").returns("TokenList").with_query({"username", "kind"}));
  r.add("POST", "/api/v1/tokens", Access::Read,
        [&s](RouteContext& c) {
          json body = c.json_body();
          BodyReader in(body);
          auto name = in.text("name", true);
          auto ttl = in.integer("expiresInSeconds", 60, 10LL * 365 * 24 * 3600);
          in.finish();
          std::optional<catalog::Time> expires;
          if (ttl) expires = std::chrono::system_clock::now() + std::chrono::seconds(*ttl);
          auto [token, text] = new_token(s, c.principal->username, "api", *name, expires);
          s.audit(c.principal->username, "token.create", "token", token.id, "success", *name);
          json out = to_json(token);
          out["token"] = text;  // shown once
          c.send_json(201, out);
        },
        RouteDoc("Create an API token for yourself (shown once)", "tokens").body("TokenCreate").returns("TokenCreated", 201));
  r.add("DELETE", "/api/v1/tokens/{id}", Access::Read,
        [&s](RouteContext& c) {
          auto t = s.catalog.tokens().get(c.param("id"));
          if (!t || (t->username != c.principal->username && c.principal->role != Role::SuperAdmin))
            throw ApiError::not_found("token", c.param("id"));
          s.catalog.tokens().remove(t->id);
          s.audit(c.principal->username, "token.delete", "token", t->id, "success");
        },
        RouteDoc("Revoke a token", "tokens").returns("", 204));
}

}  // namespace

void add_access_routes(Router& r, Services& s) {
  r.add("POST", "/api/v1/login", Access::Public,
        [&s](RouteContext& c) {
          json body = c.json_body();
          BodyReader in(body);
          auto username = in.text("username", true);
          auto password = in.text("password", true);
          in.finish();
          auto user = s.catalog.users().get(*username);
          // The same answer for an unknown user and a wrong password; the hash runs either way.
          static const std::string kDummy = auth::hash_password("not-a-real-password");
          bool ok = auth::verify_password(*password, user ? user->password_hash : kDummy) && user && !user->disabled;
          if (!ok) {
            s.audit(*username, "login", "user", *username, "denied", user && user->disabled ? "disabled" : "");
            throw ApiError(401, "Unauthorized", "wrong username or password");
          }
          const auto now = std::chrono::system_clock::now();
          auto [token, text] = new_token(s, user->username, "session", "login", now + s.session_ttl);
          s.catalog.users().record_login(user->username, now);
          s.audit(user->username, "login", "user", user->username, "success");
          c.send_json(200, {{"token", text},
                            {"expiresAt", time_text(*token.expires_at)},
                            {"user", to_json(*user)}});
        },
        RouteDoc("Log in; answers a session token", "access").body("Login").returns("LoginResult"));
  r.add("DELETE", "/api/v1/login", Access::Read,
        [&s](RouteContext& c) {
          s.catalog.tokens().remove(token_id_of(*c.principal));
          s.audit(c.principal->username, "logout", "user", c.principal->username, "success");
        },
        RouteDoc("Log out (revokes the token this request carries)", "access").returns("", 204));
  r.add("GET", "/api/v1/me", Access::Read,
        [](RouteContext& c) {
          c.send_json(200, {{"username", c.principal->username},
                            {"role", role_name(c.principal->role)},
                            {"via", c.principal->via.substr(0, c.principal->via.find(':'))}});
        },
        RouteDoc("Who is calling", "access").returns("Me"));
  r.add("GET", "/api/v1/audit", Access::Read,
        [&s](RouteContext& c) {
          auto q = list_query(c.request.query_params());
          c.send_json(200, page_json(s.catalog.audit().list(q), q));
        },
        RouteDoc("The audit log, newest first", "audit")
            .returns("AuditList")
            .with_query({"actor", "action", "objectKind", "objectName", "outcome", "limit", "offset"}));
  add_user_routes(r, s);
  add_token_routes(r, s);
}

}  // namespace coffer::server
