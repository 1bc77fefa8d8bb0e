#include "kube/client/kube_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <exception>
#include <cctype>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include "common/http_status.h"
#include "kube/client/rate_limiter.h"
#include "net/curl_support.h"

namespace coffer::kube {
namespace {

// scheme://host:port of a server URL, and the rest (a path prefix such as "/k8s/clusters/c1").
struct ServerUrl {
  std::string scheme, host, port, path_prefix;
};

ServerUrl split_server(const std::string& server) {
  ServerUrl u;
  auto p = server.find("://");
  if (p == std::string::npos) throw ApiError(0, "BadConfig", "cluster server \"" + server + "\" is not a URL (expected https://host:port)");
  u.scheme = server.substr(0, p);
  std::string rest = server.substr(p + 3);
  auto slash = rest.find('/');
  std::string hostport = slash == std::string::npos ? rest : rest.substr(0, slash);
  u.path_prefix = slash == std::string::npos ? "" : rest.substr(slash);
  while (!u.path_prefix.empty() && u.path_prefix.back() == '/') u.path_prefix.pop_back();
  if (!hostport.empty() && hostport.front() == '[') {
    auto close = hostport.find(']');
    u.host = hostport.substr(0, close + 1);
    if (close + 1 < hostport.size() && hostport[close + 1] == ':') u.port = hostport.substr(close + 2);
  } else {
    auto colon = hostport.rfind(':');
    u.host = colon == std::string::npos ? hostport : hostport.substr(0, colon);
    if (colon != std::string::npos) u.port = hostport.substr(colon + 1);
  }
  if (u.port.empty()) u.port = u.scheme == "http" ? "80" : "443";
  return u;
}

std::string status_text(int status) {
  std::string text = http_status_text(status);
  return text == "Unknown" ? "HTTP " + std::to_string(status) : text;
}


bool idempotent(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "PUT" || method == "DELETE";
}

struct Transfer {
  std::string body;
  std::string content_type;
  std::string retry_after;
  const std::function<bool(std::string_view)>* on_data = nullptr;
  bool stopped = false;
  std::exception_ptr error;  // thrown by on_data; rethrown after curl returns (never through curl)
  long status_seen = 0;
};

size_t on_write(char* ptr, size_t size, size_t nmemb, void* userdata) {
  auto* t = static_cast<Transfer*>(userdata);
  size_t n = size * nmemb;
  if (t->on_data && t->status_seen >= 200 && t->status_seen < 300) {
    try {
      if (!(*t->on_data)(std::string_view(ptr, n))) {
        t->stopped = true;
        return 0;  // aborts the transfer
      }
    } catch (...) {
      t->error = std::current_exception();
      t->stopped = true;
      return 0;
    }
    return n;
  }
  t->body.append(ptr, n);
  return n;
}

size_t on_header(char* buffer, size_t size, size_t nitems, void* userdata) {
  auto* t = static_cast<Transfer*>(userdata);
  size_t n = size * nitems;
  std::string_view line(buffer, n);
  if (line.rfind("HTTP/", 0) == 0) {
    // Status line of a (possibly interim) response: "HTTP/1.1 200 OK" / "HTTP/2 200".
    auto sp = line.find(' ');
    if (sp != std::string_view::npos) t->status_seen = std::atol(std::string(line.substr(sp + 1, 3)).c_str());
    t->content_type.clear();
    t->retry_after.clear();
    return n;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return n;
  std::string key(line.substr(0, colon));
  for (auto& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) value.remove_suffix(1);
  if (key == "content-type") t->content_type = std::string(value);
  else if (key == "retry-after") t->retry_after = std::string(value);
  else if (key == "content-length" && !t->on_data) {
    long long len = std::atoll(std::string(value).c_str());
    if (len > 0 && len < (1LL << 31)) t->body.reserve(static_cast<size_t>(len));
  }
  return n;
}

// One-line message from a Kubernetes Status body, or the start of a non-Status body.
std::pair<std::string, std::string> status_message(const std::string& body) {
  try {
    auto j = nlohmann::json::parse(body);
    if (j.is_object() && j.value("kind", "") == "Status") {
      return {j.value("reason", ""), j.value("message", "")};
    }
  } catch (...) {
  }
  std::string s = body.substr(0, 200);
  for (auto& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return {"", s};
}

}  // namespace

struct KubeClient::Impl {
  RestConfig config;
  ClientOptions options;
  ServerUrl server;
  std::string request_base;  // scheme://host:port as put in request URLs
  std::string connect_to;    // CURLOPT_CONNECT_TO entry when tls-server-name is set
  TokenBucket limiter;
  std::unique_ptr<ExecCredentialProvider> exec;

  net::CurlHandlePool pool;

  std::mutex token_mu;
  std::string file_token;
  std::chrono::steady_clock::time_point file_token_read{};

  std::atomic<std::uint64_t> requests{0};
  std::atomic<std::uint64_t> retries{0};

  Impl(RestConfig c, ClientOptions o)
      : config(std::move(c)), options(std::move(o)), server(split_server(config.server)),
        limiter(options.qps, options.burst) {
    std::string host = server.host;
    if (!config.tls_server_name.empty() && server.scheme == "https") {
      // Verify (and send SNI for) tls-server-name while connecting to the real host.
      connect_to = config.tls_server_name + ":" + server.port + ":" + server.host + ":" + server.port;
      host = config.tls_server_name;
    }
    request_base = server.scheme + "://" + host + ":" + server.port + server.path_prefix;
    if (config.exec) exec = std::make_unique<ExecCredentialProvider>(*config.exec, config.server, config.ca_pem);
  }

  std::string bearer_token() {
    if (!config.token.empty()) return config.token;
    if (!config.token_file.empty()) {
      std::lock_guard lock(token_mu);
      auto now = std::chrono::steady_clock::now();
      if (file_token.empty() || now - file_token_read > std::chrono::minutes(1)) {
        std::ifstream in(config.token_file);
        if (!in) throw ApiError(0, "BadConfig", "cannot read token file " + config.token_file);
        std::stringstream ss;
        ss << in.rdbuf();
        std::string t = ss.str();
        while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.pop_back();
        file_token = t;
        file_token_read = now;
      }
      return file_token;
    }
    return "";
  }

  struct Attempt {
    CURLcode code = CURLE_OK;
    long status = 0;
    std::string error;
  };

  Attempt perform(std::string_view method, const std::string& path, std::string_view body,
                  std::string_view content_type, Transfer& t, bool streaming) {
    CURL* c;
    try {
      c = pool.acquire();
    } catch (const std::runtime_error& e) {
      throw ApiError(0, "ClientError", std::string("cannot create an HTTP handle: ") + e.what());
    }
    char errbuf[CURL_ERROR_SIZE] = {0};
    std::string url = request_base + path;
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout.count()));
    if (!streaming && options.request_timeout.count() > 0)
      curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options.request_timeout.count()));
    curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(c, CURLOPT_USERAGENT, options.user_agent.c_str());
    if (options.accept_gzip) curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "gzip");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_write);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);

    struct curl_slist* connect_list = nullptr;
    if (!connect_to.empty()) {
      connect_list = curl_slist_append(connect_list, connect_to.c_str());
      curl_easy_setopt(c, CURLOPT_CONNECT_TO, connect_list);
    }
    // Without proxy-url, HTTPS_PROXY/NO_PROXY from the environment apply, as in client-go.
    if (!config.proxy_url.empty()) curl_easy_setopt(c, CURLOPT_PROXY, config.proxy_url.c_str());

    // TLS
    if (config.insecure_skip_tls_verify) {
      curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
      curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
    } else if (!config.ca_pem.empty()) {
      struct curl_blob blob{const_cast<char*>(config.ca_pem.data()), config.ca_pem.size(), CURL_BLOB_NOCOPY};
      curl_easy_setopt(c, CURLOPT_CAINFO_BLOB, &blob);
    }
    std::string cert = config.client_cert_pem, key = config.client_key_pem;
    std::string token = bearer_token();
    if (exec) {
      ExecCredential cred = exec->get();
      if (!cred.token.empty()) token = cred.token;
      if (!cred.client_cert_pem.empty()) {
        cert = cred.client_cert_pem;
        key = cred.client_key_pem;
      }
    }
    struct curl_blob cert_blob{cert.data(), cert.size(), CURL_BLOB_COPY};
    struct curl_blob key_blob{key.data(), key.size(), CURL_BLOB_COPY};
    if (!cert.empty()) {
      curl_easy_setopt(c, CURLOPT_SSLCERTTYPE, "PEM");
      curl_easy_setopt(c, CURLOPT_SSLCERT_BLOB, &cert_blob);
      curl_easy_setopt(c, CURLOPT_SSLKEYTYPE, "PEM");
      curl_easy_setopt(c, CURLOPT_SSLKEY_BLOB, &key_blob);
    }

    struct curl_slist* headers = nullptr;
    std::string auth;
    if (!token.empty()) {
      auth = "Authorization: Bearer " + token;
      headers = curl_slist_append(headers, auth.c_str());
    } else if (!config.username.empty()) {
      curl_easy_setopt(c, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
      curl_easy_setopt(c, CURLOPT_USERNAME, config.username.c_str());
      curl_easy_setopt(c, CURLOPT_PASSWORD, config.password.c_str());
    }
    headers = curl_slist_append(headers, "Accept: application/json");
    std::string ct;
    if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
      ct = "Content-Type: " + std::string(content_type);
      headers = curl_slist_append(headers, ct.c_str());
      headers = curl_slist_append(headers, "Expect:");
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);

    std::string m(method);
    if (m == "GET") {
      curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    } else if (m == "HEAD") {
      curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    } else {
      curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, m.c_str());
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
      curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    }

    requests++;
    Attempt a;
    a.code = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &a.status);
    if (a.code != CURLE_OK) a.error = errbuf[0] ? errbuf : curl_easy_strerror(a.code);
    curl_slist_free_all(headers);
    curl_slist_free_all(connect_list);
    // Drop the cached credential material from the handle before pooling it again.
    curl_easy_reset(c);
    pool.release(c);
    return a;
  }

  std::chrono::milliseconds backoff(int attempt, const std::string& retry_after) const {
    if (!retry_after.empty()) {
      long secs = std::atol(retry_after.c_str());
      if (secs > 0) return std::chrono::milliseconds(std::min(secs, 30L) * 1000);
    }
    return net::retry_delay(attempt, options.backoff_base, options.backoff_max, false);
  }

  std::string where() const { return server.scheme + "://" + server.host + ":" + server.port; }

  [[noreturn]] void throw_transport(std::string_view method, const std::string& path, const Attempt& a) {
    std::string what = std::string(method) + " " + path + " (" + where() + "): ";
    switch (a.code) {
      case CURLE_PEER_FAILED_VERIFICATION:
      case CURLE_SSL_CACERT_BADFILE:
      case CURLE_SSL_CERTPROBLEM:
      case CURLE_SSL_CONNECT_ERROR:
      case CURLE_SSL_ISSUER_ERROR:
        throw ApiError(0, "TLSError", what + "TLS handshake failed: " + a.error +
                                          " (check certificate-authority, tls-server-name and the client certificate in the kubeconfig)");
      case CURLE_OPERATION_TIMEDOUT:
        throw ApiError(0, "Timeout", what + "timed out: " + a.error);
      case CURLE_COULDNT_RESOLVE_HOST:
      case CURLE_COULDNT_RESOLVE_PROXY:
        throw ApiError(0, "ConnectionFailed", what + "cannot resolve host: " + a.error);
      default:
        throw ApiError(0, "ConnectionFailed", what + "cannot reach the API server: " + a.error);
    }
  }

  Response run(std::string_view method, const std::string& path, std::string_view body,
               std::string_view content_type, const std::function<bool(std::string_view)>* on_data) {
    bool reauthenticated = false;
    for (int attempt = 0;; ++attempt) {
      limiter.acquire();
      Transfer t;
      t.on_data = on_data;
      Attempt a = perform(method, path, body, content_type, t, on_data != nullptr);
      if (t.error) std::rethrow_exception(t.error);
      if (on_data && t.stopped) return Response{static_cast<int>(a.status), "", t.content_type};
      if (a.code != CURLE_OK && !(a.code == CURLE_WRITE_ERROR && t.stopped)) {
        if (net::curl_connection_error(a.code) && idempotent(method) && attempt < options.max_retries) {
          retries++;
          std::this_thread::sleep_for(backoff(attempt, ""));
          continue;
        }
        throw_transport(method, path, a);
      }
      int status = static_cast<int>(a.status);
      if (status >= 200 && status < 300) return Response{status, std::move(t.body), std::move(t.content_type)};
      if (status == 401 && exec && !reauthenticated) {
        exec->invalidate();
        reauthenticated = true;
        retries++;
        continue;
      }
      bool retry = status == 429 || status == 503 || (status >= 500 && idempotent(method));
      if (retry && attempt < options.max_retries) {
        retries++;
        std::this_thread::sleep_for(backoff(attempt, t.retry_after));
        continue;
      }
      auto [reason, message] = status_message(t.body);
      if (reason.empty()) reason = status_reason(status);
      std::string text = std::string(method) + " " + path + ": " + std::to_string(status) + " " + status_text(status);
      if (!message.empty()) text += ": " + message;
      if (status == 401) text += " (the credentials in the kubeconfig were refused; check the token, client certificate or exec plugin)";
      throw ApiError(status, reason, text);
    }
  }
};

KubeClient::KubeClient(RestConfig config, ClientOptions options)
    : impl_(std::make_unique<Impl>(std::move(config), std::move(options))) {}
KubeClient::~KubeClient() = default;

const RestConfig& KubeClient::config() const { return impl_->config; }
const ClientOptions& KubeClient::options() const { return impl_->options; }

Response KubeClient::request(std::string_view method, const std::string& path, std::string_view body,
                             std::string_view content_type) {
  return impl_->run(method, path, body, content_type, nullptr);
}

nlohmann::json KubeClient::get_json(const std::string& path) {
  Response r = request("GET", path);
  try {
    return nlohmann::json::parse(r.body);
  } catch (const nlohmann::json::exception& e) {
    throw ApiError(r.status, "InvalidResponse", "GET " + path + ": the server sent invalid JSON: " + e.what());
  }
}

void KubeClient::stream(const std::string& path, const std::function<bool(std::string_view)>& on_data) {
  impl_->run("GET", path, {}, "application/json", &on_data);
}

std::string KubeClient::resource_path(const ApiResource& r, const std::string& ns, const std::string& name) {
  std::string p = r.group.empty() ? "/api/" + r.version : "/apis/" + r.group + "/" + r.version;
  if (r.namespaced && !ns.empty()) p += "/namespaces/" + ns;
  p += "/" + r.name;
  if (!name.empty()) p += "/" + name;
  return p;
}

nlohmann::json KubeClient::get(const ApiResource& r, const std::string& ns, const std::string& name) {
  return get_json(resource_path(r, ns, name));
}

nlohmann::json KubeClient::create(const ApiResource& r, const std::string& ns, const nlohmann::json& object) {
  return nlohmann::json::parse(request("POST", resource_path(r, ns), object.dump()).body);
}

nlohmann::json KubeClient::update(const ApiResource& r, const std::string& ns, const nlohmann::json& object) {
  std::string name = object.at("metadata").at("name").get<std::string>();
  return nlohmann::json::parse(request("PUT", resource_path(r, ns, name), object.dump()).body);
}

nlohmann::json KubeClient::patch(const ApiResource& r, const std::string& ns, const std::string& name,
                                 const std::string& patch_body, const std::string& patch_type) {
  std::string path = resource_path(r, ns, name);
  if (patch_type == "application/apply-patch+yaml") path += "?fieldManager=coffer&force=true";
  return nlohmann::json::parse(request("PATCH", path, patch_body, patch_type).body);
}

void KubeClient::remove(const ApiResource& r, const std::string& ns, const std::string& name,
                        const std::string& propagation_policy) {
  std::string body;
  if (!propagation_policy.empty())
    body = nlohmann::json{{"kind", "DeleteOptions"}, {"apiVersion", "v1"}, {"propagationPolicy", propagation_policy}}.dump();
  request("DELETE", resource_path(r, ns, name), body);
}

std::uint64_t KubeClient::requests_sent() const { return impl_->requests.load(); }
std::uint64_t KubeClient::retries() const { return impl_->retries.load(); }

}  // namespace coffer::kube
