#pragma once
// ApiHandler: kubesim's HTTP face. Authenticates (bearer tokens, client certificates),
// authorizes (admin or read-only), routes Kubernetes API paths to ApiCore, negotiates the
// representation (JSON, YAML, meta.k8s.io Table, aggregated discovery), streams watches, and
// turns ApiError into metav1.Status responses.
#include <atomic>
#include <mutex>
#include <string>

#include "httpserver/http_server.h"
#include "kubesim/api/api_core.h"

namespace coffer::kubesim {

struct AuthSettings {
  std::string admin_token;     // full access (user "kubesim-admin", group system:masters)
  std::string readonly_token;  // get/list/watch only (user "kubesim-viewer")
  // Client certificates verified by the TLS layer authenticate as their CN; members of
  // system:masters get full access, others read-only.
};

class ApiHandler {
 public:
  ApiHandler(ApiCore& core, AuthSettings auth, std::string server_address);
  void handle(http::Request& req, http::ResponseWriter& out);
  // Number of requests served (for the benchmark and logs).
  uint64_t requests() const { return requests_.load(); }

 private:
  struct Caller {
    std::string user;
    bool can_write = false;
  };
  struct Route;

  std::optional<Caller> authenticate(const http::Request& req) const;
  void serve_resource(http::Request& req, http::ResponseWriter& out, const Caller& caller,
                      const Route& route);
  void serve_watch(http::Request& req, http::ResponseWriter& out, const Route& route);
  void serve_discovery(http::Request& req, http::ResponseWriter& out, const std::string& path);

  ApiCore& core_;
  AuthSettings auth_;
  std::string server_address_;
  std::atomic<uint64_t> requests_{0};
};

}  // namespace coffer::kubesim
