#pragma once

// KubeClient: the Kubernetes REST client every part of Coffer uses.
//
//   - Transport: libcurl, one pooled easy handle per concurrent request so connections are kept
//     alive and reused; HTTP/2 when the server offers it over TLS (ALPN), HTTP/1.1 otherwise;
//     connect and request timeouts; gzip accepted.
//   - TLS and auth from a RestConfig (kube/config/kubeconfig.h): CA, insecure-skip-tls-verify,
//     tls-server-name, proxy-url, bearer token, token file (re-read every minute), client
//     certificates, basic auth, exec credential plugins (cached; a 401 drops the cache and the
//     request is tried once more with a fresh credential).
//   - Client-side QPS/burst limiting (TokenBucket) on every request, retries included.
//   - Retries with exponential backoff (options.backoff_base doubling to backoff_max) up to
//     options.max_retries: on 429 and 503 for every verb, on other 5xx and on connection errors
//     for GET/HEAD/PUT/DELETE (not POST/PATCH, which may have been applied); Retry-After is
//     honoured (capped at 30 s). TLS verification failures, 401 and 403 are never retried.
//   - Errors: ApiError (kube/client/api_error.h) with the Status reason and a one-line message
//     naming the verb, the path and the server's message; never a credential.

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "kube/client/api_error.h"
#include "kube/client/api_resource.h"
#include "kube/config/kubeconfig.h"

namespace coffer::kube {

struct ClientOptions {
  double qps = 100;  // <= 0: unlimited (Velero's default is 100/100)
  int burst = 100;
  int max_retries = 4;
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds request_timeout{120000};  // whole request; streams have none
  std::chrono::milliseconds backoff_base{200};
  std::chrono::milliseconds backoff_max{5000};
  std::string user_agent = "coffer/0.1";
  bool accept_gzip = true;
};

struct Response {
  int status = 0;
  std::string body;
  std::string content_type;
};

class KubeClient {
 public:
  explicit KubeClient(RestConfig config, ClientOptions options = {});
  ~KubeClient();
  KubeClient(const KubeClient&) = delete;
  KubeClient& operator=(const KubeClient&) = delete;

  const RestConfig& config() const;
  const ClientOptions& options() const;

  // path is absolute with an optional query ("/api/v1/pods?limit=500"). Returns the 2xx
  // response; throws ApiError otherwise. Thread-safe.
  Response request(std::string_view method, const std::string& path, std::string_view body = {},
                   std::string_view content_type = "application/json");
  nlohmann::json get_json(const std::string& path);

  // Streams a response body (watch): on_data gets each chunk as it arrives and returns false to
  // stop. Returns when the server ends the response or on_data stops it. Throws ApiError for a
  // non-2xx answer or a broken connection.
  void stream(const std::string& path, const std::function<bool(std::string_view)>& on_data);

  // Resource helpers. ns is ignored for cluster-scoped resources.
  static std::string resource_path(const ApiResource& r, const std::string& ns, const std::string& name = "");
  nlohmann::json get(const ApiResource& r, const std::string& ns, const std::string& name);
  nlohmann::json create(const ApiResource& r, const std::string& ns, const nlohmann::json& object);
  nlohmann::json update(const ApiResource& r, const std::string& ns, const nlohmann::json& object);
  // patch_type: "application/merge-patch+json", "application/json-patch+json",
  // "application/strategic-merge-patch+json" or "application/apply-patch+yaml".
  nlohmann::json patch(const ApiResource& r, const std::string& ns, const std::string& name,
                       const std::string& patch_body, const std::string& patch_type);
  void remove(const ApiResource& r, const std::string& ns, const std::string& name,
              const std::string& propagation_policy = "");

  // Counters for tests and benchmarks.
  std::uint64_t requests_sent() const;  // HTTP attempts, retries included
  std::uint64_t retries() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace coffer::kube
