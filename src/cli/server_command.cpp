#include "cli/server_command.h"

#include <signal.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <mutex>

#include "cli/cli_support.h"
#include "server/app/control_plane.h"
#include "server/web/static_site.h"

namespace coffer::cli {
namespace {

struct ServerFlags {
  std::string data_dir = "coffer-data";
  std::string listen = "127.0.0.1:8080";
  std::string database;
  std::string ui_dir;
};

std::optional<std::string> env(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v) return std::nullopt;
  return std::string(v);
}

int run_server(const ServerFlags& f) {
  server::ControlPlaneOptions o;
  o.data_dir = f.data_dir;
  auto colon = f.listen.rfind(':');
  if (colon == std::string::npos) throw std::runtime_error("--listen \"" + f.listen + "\": use HOST:PORT, e.g. 127.0.0.1:8080");
  o.host = f.listen.substr(0, colon);
  try {
    int port = std::stoi(f.listen.substr(colon + 1));
    if (port < 0 || port > 65535) throw std::out_of_range("port");
    o.port = static_cast<std::uint16_t>(port);
  } catch (const std::exception&) {
    throw std::runtime_error("--listen \"" + f.listen + "\": the port must be a number from 0 to 65535");
  }
  o.database_url = f.database.empty() ? env("COFFER_DATABASE_URL").value_or("") : f.database;
  o.server_key = env("COFFER_SERVER_KEY");
  o.admin_password = env("COFFER_ADMIN_PASSWORD");
  std::optional<std::string> ui_dir = f.ui_dir.empty() ? env("COFFER_UI_DIR") : f.ui_dir;
  std::error_code ec;
  o.ui_dir = server::StaticSite::locate(ui_dir, std::filesystem::read_symlink("/proc/self/exe", ec));
  static std::mutex log_mu;
  o.log = [](const std::string& m) {
    std::lock_guard lock(log_mu);
    std::cerr << "coffer server: " << m << "\n";
  };

  // SIGINT/SIGTERM are taken by sigwait below, in this thread, after the server started.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  server::ControlPlane plane(o);
  plane.start();
  std::cout << "Coffer server listening on " << plane.url() << "\n";
  if (o.ui_dir) std::cout << "Web UI: " << plane.url() << "/\n";
  if (plane.created_admin()) {
    if (!plane.generated_admin_password().empty()) {
      std::cout << "First start: created user \"admin\" (super-admin) with password " << plane.generated_admin_password()
                << "\nIt is shown only now. Log in with:\n  coffer login --server " << plane.url()
                << " --username admin\n";
    } else {
      std::cout << "First start: created user \"admin\" (super-admin) with the password from COFFER_ADMIN_PASSWORD.\n";
    }
  }
  std::cout << std::flush;
  int sig = 0;
  sigwait(&stop_signals, &sig);
  std::cerr << "coffer server: stopping (" << (sig == SIGTERM ? "SIGTERM" : "SIGINT") << ")\n";
  plane.stop();
  return 0;
}

}  // namespace

void register_server_command(CLI::App& app, int& exit_code) {
  auto f = std::make_shared<ServerFlags>();
  CLI::App* cmd = app.add_subcommand("server", "Run the coffer control plane (REST API, catalog, scheduler)");
  cmd->add_option("--data-dir", f->data_dir, "directory for the catalog (SQLite), the server key and state")
      ->capture_default_str();
  cmd->add_option("--listen", f->listen, "address to serve the API on, HOST:PORT (port 0: any free port)")
      ->capture_default_str();
  cmd->add_option("--database", f->database,
                  "catalog database URL, postgres://user:password@host:port/db (default: SQLite in --data-dir; "
                  "also COFFER_DATABASE_URL)");
  cmd->add_option("--ui-dir", f->ui_dir,
                  "directory of the built web UI (default: share/coffer/ui beside the binary's bin/; also COFFER_UI_DIR)");
  cmd->footer(
      "Environment: COFFER_SERVER_KEY (base64 of 32 bytes; else <data-dir>/server.key is used, created on first start), "
      "COFFER_ADMIN_PASSWORD (the first admin's password on an empty catalog; else one is generated and printed once).");
  cmd->callback([f, &exit_code] { exit_code = guarded([&] { return run_server(*f); }); });
}

}  // namespace coffer::cli
