#include "server/api/router.h"

#include <algorithm>

#include "common/http_status.h"

namespace coffer::server {
namespace {

using nlohmann::json;

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 1;  // paths start with '/'
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  if (!out.empty() && out.back().empty()) out.pop_back();  // "/a/b/" is "/a/b"
  return out;
}

bool is_param(const std::string& seg) { return seg.size() > 2 && seg.front() == '{' && seg.back() == '}'; }
bool is_rest_param(const std::string& seg) { return is_param(seg) && seg.size() > 5 && seg.ends_with("...}"); }
std::string param_name(const std::string& seg) {
  return is_rest_param(seg) ? seg.substr(1, seg.size() - 5) : seg.substr(1, seg.size() - 2);
}

const char* code_of(int status) { return status_reason(status); }

}  // namespace

ApiError::ApiError(int status, std::string code, const std::string& message, std::vector<FieldError> fields)
    : std::runtime_error(message), status_(status), code_(std::move(code)), fields_(std::move(fields)) {}

json ApiError::to_json() const {
  json e = {{"code", code_}, {"message", what()}};
  if (!fields_.empty()) {
    e["fields"] = json::array();
    for (const auto& f : fields_) e["fields"].push_back({{"field", f.field}, {"message", f.message}});
  }
  return {{"error", e}};
}

ApiError ApiError::invalid(std::vector<FieldError> fields) {
  std::string message = fields.size() == 1 ? fields[0].field + ": " + fields[0].message
                                           : std::to_string(fields.size()) + " problems in the request";
  return ApiError(422, "Invalid", message, std::move(fields));
}

ApiError ApiError::not_found(const std::string& kind, const std::string& name) {
  return ApiError(404, "NotFound", kind + " \"" + name + "\" does not exist");
}

ApiError ApiError::conflict(const std::string& message) { return ApiError(409, "Conflict", message); }

const char* role_name(Role r) { return r == Role::SuperAdmin ? "super-admin" : "viewer"; }

std::optional<Role> parse_role(const std::string& s) {
  if (s == "super-admin") return Role::SuperAdmin;
  if (s == "viewer") return Role::Viewer;
  return std::nullopt;
}

const std::string& RouteContext::param(const std::string& name) const {
  auto it = params.find(name);
  if (it == params.end()) throw std::logic_error("route has no parameter " + name);
  return it->second;
}

json RouteContext::json_body() const {
  if (request.body.empty()) throw ApiError(400, "BadRequest", "the request needs a JSON object body");
  json body = json::parse(request.body, nullptr, false);
  if (body.is_discarded()) throw ApiError(400, "BadRequest", "the request body is not valid JSON");
  if (!body.is_object()) throw ApiError(400, "BadRequest", "the request body must be a JSON object");
  return body;
}

void RouteContext::send_json(int status, const json& body) {
  response.send(status, {{"Content-Type", "application/json"}}, body.dump());
}

void send_error(http::ResponseWriter& response, const ApiError& error) {
  http::Headers headers = {{"Content-Type", "application/json"}};
  if (error.status() == 401) headers.emplace_back("WWW-Authenticate", "Bearer realm=\"coffer\"");
  response.send(error.status(), headers, error.to_json().dump());
}

Router::Router(Authenticator authenticate, RequestObserver observe)
    : authenticate_(std::move(authenticate)), observe_(std::move(observe)) {}

void Router::add(const std::string& method, const std::string& pattern, Access access, RouteHandler handler,
                 RouteDoc doc) {
  for (const auto& r : routes_)
    if (r.method == method && r.pattern == pattern) throw std::logic_error("duplicate route " + method + " " + pattern);
  routes_.push_back({method, pattern, split_path(pattern), access, std::move(handler), std::move(doc)});
}

std::vector<Router::RouteInfo> Router::routes() const {
  std::vector<RouteInfo> out;
  for (const auto& r : routes_) out.push_back({r.method, r.pattern, r.access, r.doc});
  return out;
}

namespace {
// Whether route segments match the path's; fills the named parameters.
bool segments_match(const std::vector<std::string>& route, const std::vector<std::string>& path,
                    std::map<std::string, std::string>& params, int& literals) {
  literals = 0;
  for (std::size_t i = 0; i < route.size(); ++i) {
    const std::string& s = route[i];
    if (is_rest_param(s)) {
      if (i >= path.size()) return false;
      std::string rest;
      for (std::size_t j = i; j < path.size(); ++j) rest += (j > i ? "/" : "") + path[j];
      params[param_name(s)] = rest;
      return true;
    }
    if (i >= path.size()) return false;
    if (is_param(s)) {
      if (path[i].empty()) return false;
      params[param_name(s)] = path[i];
    } else if (s == path[i]) {
      ++literals;
    } else {
      return false;
    }
  }
  return route.size() == path.size();
}

}  // namespace

const Router::Route* Router::match(const std::string& method, const std::string& path,
                                   std::map<std::string, std::string>& params,
                                   std::vector<std::string>& allowed) const {
  const std::vector<std::string> segs = split_path(path);
  const Route* found = nullptr;
  int best_literals = -1;  // literal segments win over parameters ("/backups/summary" over "/backups/{name}")
  for (const auto& r : routes_) {
    std::map<std::string, std::string> p;
    int literals = 0;
    if (!segments_match(r.segments, segs, p, literals)) continue;
    if (r.method != method) {
      if (std::find(allowed.begin(), allowed.end(), r.method) == allowed.end()) allowed.push_back(r.method);
      continue;
    }
    if (literals > best_literals) {
      best_literals = literals;
      found = &r;
      params = std::move(p);
    }
  }
  return found;
}

namespace {
// Remembers the status a handler answered with, for the request observer.
class StatusRecorder : public http::ResponseWriter {
 public:
  explicit StatusRecorder(http::ResponseWriter& inner) : inner_(inner) {}
  void send(int status, const http::Headers& headers, std::string body) override {
    status_ = status;
    inner_.send(status, headers, std::move(body));
  }
  void begin_stream(int status, const http::Headers& headers) override {
    status_ = status;
    inner_.begin_stream(status, headers);
  }
  bool write(std::string_view chunk) override { return inner_.write(chunk); }
  void end_stream() override { inner_.end_stream(); }
  bool peer_closed() override { return inner_.peer_closed(); }
  bool responded() const override { return inner_.responded(); }
  int status() const { return status_; }

 private:
  http::ResponseWriter& inner_;
  int status_ = 0;
};
}  // namespace

void Router::handle(http::Request& request, http::ResponseWriter& raw_response) const {
  const auto started = std::chrono::steady_clock::now();
  StatusRecorder response(raw_response);
  std::map<std::string, std::string> params;
  std::vector<std::string> allowed;
  const Route* route = match(request.method, request.path, params, allowed);
  std::optional<Principal> principal;
  std::string error;
  auto answer_error = [&](const ApiError& e) {
    error = e.what();
    if (!response.responded()) send_error(response, e);
  };
  try {
    if (!route && !allowed.empty()) {
      std::sort(allowed.begin(), allowed.end());
      std::string allow;
      for (const auto& m : allowed) allow += (allow.empty() ? "" : ", ") + m;
      ApiError e(405, code_of(405), request.method + " is not allowed on " + request.path + "; allowed: " + allow);
      response.send(405, {{"Content-Type", "application/json"}, {"Allow", allow}}, e.to_json().dump());
    } else if (!route) {
      throw ApiError(404, code_of(404), "no API endpoint at " + request.path);
    } else {
      RouteContext ctx{request, response, params, std::nullopt};
      if (route->access != Access::Public) {
        principal = authenticate_ ? authenticate_(request) : std::nullopt;
        if (!principal)
          throw ApiError(401, code_of(401), "sign in first: send \"Authorization: Bearer <token>\" or log in");
        if (route->access == Access::Write && principal->role != Role::SuperAdmin)
          throw ApiError(403, code_of(403),
                         "user \"" + principal->username + "\" is a viewer; this needs the super-admin role");
        ctx.principal = principal;
      }
      route->handler(ctx);
      if (!response.responded()) response.send(204, {}, "");
    }
  } catch (const ApiError& e) {
    answer_error(e);
  } catch (const std::exception& e) {
    std::optional<ApiError> translated = translate_ ? translate_(e) : std::nullopt;
    if (translated) {
      answer_error(*translated);
    } else {
      if (log_) log_(request.method + " " + request.path + ": " + e.what());
      answer_error(ApiError(500, code_of(500), "internal error; the server log has the details"));
    }
  }
  if (route && route->access == Access::Write && write_hook_) {
    RouteInfo info{route->method, route->pattern, route->access, route->doc};
    write_hook_(WriteEvent{info, request, principal, params, response.status(), error});
  }
  if (observe_)
    observe_(request.method, route ? route->pattern : "", response.status(),
             std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - started));
}

}  // namespace coffer::server
