#pragma once
// The CLI's side of the control plane: where `coffer login` keeps the server and the token, and a
// small JSON client for /api/v1 that turns the server's error documents into readable errors.
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "net/curl_support.h"

namespace coffer::cli {

struct ClientConfig {
  std::string server;    // "http://127.0.0.1:8080"
  std::string token;     // session or API token; never printed
  std::string username;  // who logged in, for `coffer whoami` without a request
  std::string ca_file;   // PEM bundle to trust for https servers
  bool insecure_skip_tls_verify = false;
};

// $COFFER_CONFIG, else $XDG_CONFIG_HOME/coffer/config.json, else ~/.config/coffer/config.json.
std::filesystem::path client_config_path();
// nullopt when the file does not exist; throws std::runtime_error naming the file when it is not
// valid (never echoing its content: it holds a token).
std::optional<ClientConfig> load_client_config(const std::filesystem::path& path);
// Written atomically with mode 0600 (directories created 0700).
void save_client_config(const std::filesystem::path& path, const ClientConfig& config);

// An error answer of the server: status, code and message, and the fields at fault.
class ServerError : public std::runtime_error {
 public:
  ServerError(long status, std::string code, const std::string& message, std::vector<std::pair<std::string, std::string>> fields);
  long status() const { return status_; }
  const std::string& code() const { return code_; }
  const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }

 private:
  long status_;
  std::string code_;
  std::vector<std::pair<std::string, std::string>> fields_;
};

class ServerClient {
 public:
  explicit ServerClient(ClientConfig config);
  const ClientConfig& config() const { return config_; }

  // path: "/api/v1/..." (with its query). Non-2xx answers throw ServerError; transport failures
  // throw std::runtime_error naming the server. 204 returns null.
  nlohmann::json get(const std::string& path);
  nlohmann::json post(const std::string& path, const nlohmann::json& body);
  nlohmann::json put(const std::string& path, const nlohmann::json& body);
  nlohmann::json patch(const std::string& path, const nlohmann::json& body);
  nlohmann::json remove(const std::string& path);
  // The body of GET path as it is (a log, a tarball); errors as above.
  std::string get_bytes(const std::string& path);

 private:
  // A 2xx answer; anything else throws (ServerError with the server's error document).
  net::HttpResponse exchange(const std::string& method, const std::string& path, const std::string* body);
  nlohmann::json call(const std::string& method, const std::string& path, const std::string* body);

  ClientConfig config_;
  net::HttpClient http_;
};

// A name or value escaped for a path segment or query parameter of the API (RFC 3986 unreserved
// characters kept, everything else %XX).
std::string url_escape(const std::string& text);

// The configured client, or std::runtime_error telling the user to run `coffer login`.
ServerClient connect_from_config();

}  // namespace coffer::cli
