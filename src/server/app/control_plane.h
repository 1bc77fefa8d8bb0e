#pragma once
// `coffer server`: the control plane process. Opens the catalog (SQLite in the data directory,
// or PostgreSQL), the server key (COFFER_SERVER_KEY, else <data-dir>/server.key), creates the
// first super-admin on an empty catalog, and serves the REST API.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace coffer::server {

struct ControlPlaneOptions {
  std::filesystem::path data_dir;         // created 0700 when missing
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;              // 0 picks a free port
  std::string database_url;               // "" = sqlite:///<data_dir>/catalog.db
  std::optional<std::string> server_key;  // base64 of 32 bytes; takes precedence over the key file
  std::optional<std::string> admin_password;  // the first admin's password (else one is generated)
  std::function<void(const std::string&)> log;
  // The web UI's built files (ui/ built by Vite); nullopt serves the API only.
  std::optional<std::filesystem::path> ui_dir;
};

class ControlPlane {
 public:
  explicit ControlPlane(ControlPlaneOptions options);
  ~ControlPlane();
  ControlPlane(const ControlPlane&) = delete;
  ControlPlane& operator=(const ControlPlane&) = delete;

  // Throws std::runtime_error naming what is wrong (database, key, address in use).
  void start();
  void stop();
  std::uint16_t port() const;
  std::string url() const;  // "http://127.0.0.1:<port>"
  // The generated password of the admin this start created ("" when none was created or the
  // password came from the options): printed once by `coffer server`.
  const std::string& generated_admin_password() const;
  bool created_admin() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace coffer::server
