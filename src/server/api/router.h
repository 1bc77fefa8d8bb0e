#pragma once
// The REST layer's request routing: patterns with named segments ("/api/v1/backups/{name}"),
// access levels checked before a handler runs (public, any signed-in user, super-admin), and
// JSON errors that name the fields at fault. It knows nothing of the catalog; handlers do.
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "httpserver/http_server.h"

namespace coffer::server {

// One problem with a request field: {"field": "spec.ttl", "message": "..."}.
struct FieldError {
  std::string field;
  std::string message;
};

// Thrown by handlers (and the helpers below); the router turns it into
// {"error": {"code": ..., "message": ..., "fields": [...]}} with the status.
class ApiError : public std::runtime_error {
 public:
  ApiError(int status, std::string code, const std::string& message, std::vector<FieldError> fields = {});
  int status() const { return status_; }
  const std::string& code() const { return code_; }
  const std::vector<FieldError>& fields() const { return fields_; }
  nlohmann::json to_json() const;

  static ApiError invalid(std::vector<FieldError> fields);  // 422, every problem listed
  static ApiError not_found(const std::string& kind, const std::string& name);
  static ApiError conflict(const std::string& message);

 private:
  int status_;
  std::string code_;
  std::vector<FieldError> fields_;
};

enum class Role { Viewer, SuperAdmin };
const char* role_name(Role r);                    // "viewer", "super-admin"
std::optional<Role> parse_role(const std::string& s);

struct Principal {
  std::string username;
  Role role = Role::Viewer;
  std::string via;  // "session" or "token:<id>", for the audit log
};

enum class Access {
  Public,     // no credentials needed (health, login, the OpenAPI document)
  Read,       // any signed-in user
  Write,      // super-admin only
};

struct RouteContext {
  http::Request& request;
  http::ResponseWriter& response;
  std::map<std::string, std::string> params;  // named pattern segments, percent-decoded
  std::optional<Principal> principal;         // set for Read/Write routes

  const std::string& param(const std::string& name) const;
  // The request body as a JSON object; ApiError 400 naming the parse problem otherwise.
  nlohmann::json json_body() const;
  void send_json(int status, const nlohmann::json& body);
};

using RouteHandler = std::function<void(RouteContext&)>;

// What the OpenAPI document says about a route:
//   RouteDoc("List backups", "backups").returns("BackupList").query({"search", "sort"})
struct RouteDoc {
  RouteDoc() = default;
  RouteDoc(std::string summary_text, std::string tag_name) : summary(std::move(summary_text)), tag(std::move(tag_name)) {}
  RouteDoc body(std::string schema) const { RouteDoc d = *this; d.request_schema = std::move(schema); return d; }
  RouteDoc returns(std::string schema, int status = 200) const {
    RouteDoc d = *this;
    d.response_schema = std::move(schema);
    d.success_status = status;
    return d;
  }
  RouteDoc with_query(std::vector<std::string> names) const { RouteDoc d = *this; d.query = std::move(names); return d; }

  std::string summary;             // "List backups"
  std::string tag;                 // "backups"
  std::string request_schema;      // component schema name of the JSON body, "" for none
  std::string response_schema;     // component schema name of the 2xx body, "" for none
  std::vector<std::string> query;  // query parameters it takes ("search", "sort", ...)
  int success_status = 200;
};
// Who is calling, from the Authorization header or the session cookie; nullopt when nobody
// (or the credentials are invalid: the router answers 401).
using Authenticator = std::function<std::optional<Principal>(const http::Request&)>;
// Called after every routed request (metrics): method, the matched pattern ("" when none), status,
// duration.
using RequestObserver =
    std::function<void(const std::string& method, const std::string& pattern, int status, std::chrono::nanoseconds)>;

class Router {
 public:
  explicit Router(Authenticator authenticate, RequestObserver observe = {});

  // pattern: literal segments and "{name}" segments; the last segment may be "{name...}" to take
  // the rest of the path. Adding the same method and pattern twice is a programming error.
  void add(const std::string& method, const std::string& pattern, Access access, RouteHandler handler,
           RouteDoc doc = {});

  // 404 {"error":{"code":"NotFound"}} for unknown paths, 405 with Allow for known paths and
  // other methods, 401 without valid credentials, 403 for a viewer on a write route, 500 (with
  // the exception text logged, not sent) when a handler throws something other than ApiError.
  void handle(http::Request& request, http::ResponseWriter& response) const;

  struct RouteInfo {
    std::string method, pattern;
    Access access;
    RouteDoc doc;
  };
  std::vector<RouteInfo> routes() const;  // in the order added

  void set_error_log(std::function<void(const std::string&)> log) { log_ = std::move(log); }
  // Turns exceptions of lower layers (the catalog's "not found", "already exists", ...) into API
  // errors; nullopt leaves it a 500.
  void set_error_translator(std::function<std::optional<ApiError>(const std::exception&)> translate) {
    translate_ = std::move(translate);
  }

  // Called after every request to a Write route, allowed or not (the audit log): the route, who
  // (nullopt when unauthenticated), its parameters, the status answered and the error message
  // ("" on success).
  struct WriteEvent {
    const RouteInfo& route;
    const http::Request& request;
    const std::optional<Principal>& principal;
    const std::map<std::string, std::string>& params;
    int status;
    std::string error;
  };
  void set_write_hook(std::function<void(const WriteEvent&)> hook) { write_hook_ = std::move(hook); }

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Access access;
    RouteHandler handler;
    RouteDoc doc;
  };
  const Route* match(const std::string& method, const std::string& path, std::map<std::string, std::string>& params,
                     std::vector<std::string>& allowed) const;

  Authenticator authenticate_;
  RequestObserver observe_;
  std::vector<Route> routes_;
  std::function<void(const std::string&)> log_;
  std::function<std::optional<ApiError>(const std::exception&)> translate_;
  std::function<void(const WriteEvent&)> write_hook_;
};

void send_error(http::ResponseWriter& response, const ApiError& error);

}  // namespace coffer::server
