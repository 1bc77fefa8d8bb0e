#include "server/app/control_plane.h"

#include <sys/stat.h>

#include <fstream>

#include "catalog/db/migrations.h"
#include "common/random_id.h"
#include "httpserver/http_server.h"
#include "server/api/router.h"
#include "server/app/job_runner.h"
#include "server/app/maintenance.h"
#include "server/app/scheduler.h"
#include "server/app/services.h"
#include "server/auth/password_hash.h"
#include "server/web/static_site.h"

namespace coffer::server {
namespace {

// The catalog's errors as API answers.
std::optional<ApiError> translate(const std::exception& e) {
  if (auto* nf = dynamic_cast<const catalog::NotFoundError*>(&e)) return ApiError::not_found(nf->kind(), nf->name());
  if (dynamic_cast<const catalog::AlreadyExistsError*>(&e)) return ApiError::conflict(e.what());
  if (dynamic_cast<const catalog::ConflictError*>(&e)) return ApiError::conflict(e.what());
  if (dynamic_cast<const catalog::InvalidArgumentError*>(&e)) return ApiError(422, "Invalid", e.what());
  return std::nullopt;
}

// "POST /api/v1/locations" -> "locations.create"; ".../{name}/validate" -> "locations.validate".
std::string action_of(const Router::RouteInfo& route) {
  std::string tag = route.doc.tag.empty() ? "api" : route.doc.tag;
  std::string last = route.pattern.substr(route.pattern.rfind('/') + 1);
  if (route.method == "POST" && last.front() != '{' && route.pattern.find('{') != std::string::npos) return tag + "." + last;
  if (route.method == "POST") return tag + ".create";
  if (route.method == "DELETE") return tag + ".delete";
  return tag + ".update";
}

// This server's id, kept in the data directory so that a restart recognises its own lost jobs.
std::string server_id(const std::filesystem::path& data_dir) {
  const auto file = data_dir / "server-id";
  if (std::ifstream in(file); in) {
    std::string id;
    std::getline(in, id);
    if (!id.empty()) return id;
  }
  std::string id = "server-" + random_alnum(10);
  std::ofstream(file) << id << "\n";
  return id;
}

}  // namespace

struct ControlPlane::Impl {
  ControlPlaneOptions opt;
  std::unique_ptr<catalog::Catalog> catalog;
  std::optional<auth::SecretBox> secrets;
  MetricsRegistry metrics;
  std::unique_ptr<Services> services;
  std::unique_ptr<Router> router;
  std::unique_ptr<StaticSite> site;
  std::unique_ptr<http::Server> http;
  std::unique_ptr<JobRunner> jobs;
  std::unique_ptr<Scheduler> scheduler;      // schedules' ticks
  std::unique_ptr<Maintenance> maintenance;  // TTL, location validation, bucket sync
  std::string generated_password;
  bool created_admin = false;

  void log(const std::string& m) const {
    if (opt.log) opt.log(m);
  }

  void ensure_first_admin() {
    if (catalog->users().count_by_role("super-admin") > 0) return;
    catalog::User admin;
    admin.username = "admin";
    admin.role = "super-admin";
    std::string password;
    if (opt.admin_password) {
      if (auto problem = auth::password_problem(*opt.admin_password))
        throw std::runtime_error("COFFER_ADMIN_PASSWORD " + *problem);
      password = *opt.admin_password;
    } else {
      password = random_token(18);
      generated_password = password;
    }
    admin.password_hash = auth::hash_password(password);
    if (catalog->users().get("admin")) {
      catalog->users().update(admin);  // a demoted or disabled "admin" while no super-admin is left
    } else {
      catalog->users().create(admin);
    }
    created_admin = true;
    catalog->audit().append({.id = "", .at = {}, .actor = "system", .action = "user.create", .object_kind = "user",
                             .object_name = "admin", .outcome = "success", .detail = "first start"});
  }

  void register_metrics() {
    metrics.counter("coffer_http_requests_total", "API requests by route and status.", {"method", "route", "status"});
    metrics.histogram("coffer_http_request_duration_seconds", "API request latency.",
                      {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}, {"route"});
  }
};

ControlPlane::ControlPlane(ControlPlaneOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->opt = std::move(options);
}

ControlPlane::~ControlPlane() { stop(); }

void ControlPlane::start() {
  Impl& d = *impl_;
  if (d.opt.data_dir.empty()) throw std::runtime_error("--data-dir: give a directory for the server's data");
  std::filesystem::create_directories(d.opt.data_dir);
  ::chmod(d.opt.data_dir.c_str(), 0700);
  std::string url = d.opt.database_url.empty() ? "sqlite://" + std::filesystem::absolute(d.opt.data_dir / "catalog.db").string()
                                               : d.opt.database_url;
  d.catalog = catalog::Catalog::open(url);
  d.log("catalog: " + d.catalog->database().display_url());
  d.secrets = d.opt.server_key ? auth::SecretBox::from_base64(*d.opt.server_key)
                               : auth::SecretBox::load_or_create(d.opt.data_dir / "server.key");
  d.log("server key " + d.secrets->fingerprint() + (d.opt.server_key ? " (COFFER_SERVER_KEY)" : " (server.key)"));
  d.ensure_first_admin();
  d.register_metrics();
  d.services = std::make_unique<Services>(Services{*d.catalog, *d.secrets, d.metrics, d.opt.log});
  Services& s = *d.services;
  d.router = std::make_unique<Router>(
      [&s](const http::Request& r) { return authenticate(s, r); },
      [&d](const std::string& method, const std::string& pattern, int status, std::chrono::nanoseconds took) {
        const std::string route = pattern.empty() ? "unmatched" : pattern;
        d.metrics.add("coffer_http_requests_total", {method, route, std::to_string(status)});
        d.metrics.observe("coffer_http_request_duration_seconds", {route}, std::chrono::duration<double>(took).count());
      });
  d.router->set_error_log([&d](const std::string& m) { d.log("error: " + m); });
  d.router->set_error_translator(translate);
  d.router->set_write_hook([&s](const Router::WriteEvent& e) {
    std::string name;
    if (auto it = e.params.find("name"); it != e.params.end()) {
      name = it->second;
    } else {
      auto body = nlohmann::json::parse(e.request.body, nullptr, false);
      if (body.is_object()) name = body.value("name", body.value("username", ""));
    }
    const std::string outcome = e.status == 401 || e.status == 403 ? "denied" : e.status < 400 ? "success" : "failure";
    s.audit(e.principal ? e.principal->username : "anonymous", action_of(e.route), e.route.doc.tag, name, outcome,
            e.error);
  });
  add_system_routes(*d.router, s, [] { return true; });
  add_access_routes(*d.router, s);
  add_infrastructure_routes(*d.router, s);
  add_backup_routes(*d.router, s);
  add_restore_routes(*d.router, s);
  add_job_routes(*d.router, s);
  add_overview_routes(*d.router, s);
  add_schedule_routes(*d.router, s);
  http::ServerOptions so;
  so.host = d.opt.host;
  so.port = d.opt.port;
  Router& router = *d.router;
  if (d.opt.ui_dir) {
    d.site = std::make_unique<StaticSite>(*d.opt.ui_dir);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(*d.opt.ui_dir / "index.html", ec))
      d.log("web UI: " + d.opt.ui_dir->string() + " has no index.html; pages will answer 404 until it is built");
    else
      d.log("web UI: serving " + d.opt.ui_dir->string());
  } else {
    d.log("web UI: not built (no share/coffer/ui beside the binary); serving the API only. Build ui/ or give --ui-dir");
  }
  const StaticSite* site = d.site.get();
  d.http = std::make_unique<http::Server>(so, [&router, site](http::Request& req, http::ResponseWriter& w) {
    if (!site || !site->handle(req, w)) router.handle(req, w);
  });
  d.http->start();
  d.log("listening on " + ControlPlane::url());
  JobRunnerOptions jo;
  jo.server_id = server_id(d.opt.data_dir);
  d.jobs = std::make_unique<JobRunner>(s, jo);
  d.jobs->start();
  // Background loops (docs/operations.md): the scheduler and the maintenance loop.
  d.scheduler = std::make_unique<Scheduler>(s, jo.server_id);
  d.scheduler->start();
  d.maintenance = std::make_unique<Maintenance>(s);
  d.maintenance->start();
}

void ControlPlane::stop() {
  if (impl_) {  // background loops first: they queue jobs and use the catalog
    impl_->scheduler.reset();    // ~Scheduler stops and joins
    impl_->maintenance.reset();  // ~Maintenance stops and joins
  }
  if (impl_ && impl_->jobs) {
    impl_->jobs->stop();
    impl_->jobs.reset();
  }
  if (impl_ && impl_->http) {
    impl_->http->stop();
    impl_->http.reset();
  }
}

std::uint16_t ControlPlane::port() const { return impl_->http ? impl_->http->port() : 0; }
std::string ControlPlane::url() const { return "http://" + impl_->opt.host + ":" + std::to_string(port()); }
const std::string& ControlPlane::generated_admin_password() const { return impl_->generated_password; }
bool ControlPlane::created_admin() const { return impl_->created_admin; }

}  // namespace coffer::server
