#include "cli/login_commands.h"

#include <termios.h>
#include <unistd.h>

#include <iostream>

#include "cli/cli_support.h"
#include "cli/server_client.h"

namespace coffer::cli {
namespace {

using nlohmann::json;

// One line from the terminal without echo; from stdin when it is not a terminal.
std::string read_password(const std::string& prompt) {
  if (!::isatty(STDIN_FILENO)) {
    std::string line;
    std::getline(std::cin, line);
    return line;
  }
  std::cerr << prompt << std::flush;
  termios old{};
  ::tcgetattr(STDIN_FILENO, &old);
  termios quiet = old;
  quiet.c_lflag &= ~tcflag_t(ECHO);
  ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  std::string line;
  std::getline(std::cin, line);
  ::tcsetattr(STDIN_FILENO, TCSANOW, &old);
  std::cerr << "\n";
  return line;
}

struct LoginFlags {
  std::string server, username, ca_file;
  bool password_stdin = false, insecure = false;
};

int login(const LoginFlags& f) {
  if (f.server.empty()) throw std::runtime_error("--server: give the server's URL, e.g. http://127.0.0.1:8080");
  if (f.server.rfind("http://", 0) != 0 && f.server.rfind("https://", 0) != 0)
    throw std::runtime_error("--server \"" + f.server + "\": must start with http:// or https://");
  if (f.username.empty()) throw std::runtime_error("--username: who logs in (the first start created \"admin\")");
  std::string password;
  if (f.password_stdin) {
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
  } else {
    password = read_password("Password for " + f.username + ": ");
  }
  ClientConfig config;
  config.server = f.server;
  config.ca_file = f.ca_file;
  config.insecure_skip_tls_verify = f.insecure;
  ServerClient client(config);
  json answer = client.post("/api/v1/login", {{"username", f.username}, {"password", password}});
  config.server = client.config().server;
  config.token = answer.at("token").get<std::string>();
  config.username = answer.at("user").at("username").get<std::string>();
  const auto path = client_config_path();
  save_client_config(path, config);
  std::cout << "Logged in to " << config.server << " as " << config.username << " ("
            << answer["user"].value("role", "?") << "); the session is kept in " << path.string() << "\n";
  return 0;
}

int logout() {
  const auto path = client_config_path();
  auto config = load_client_config(path);
  if (!config || config->token.empty()) {
    std::cout << "Not logged in.\n";
    return 0;
  }
  try {
    ServerClient(*config).remove("/api/v1/login");
  } catch (const ServerError& e) {
    if (e.status() != 401) throw;  // an expired session is already gone
  }
  config->token.clear();
  save_client_config(path, *config);
  std::cout << "Logged out of " << config->server << ".\n";
  return 0;
}

int whoami() {
  ServerClient client = connect_from_config();
  json me = client.get("/api/v1/me");
  std::cout << me.value("username", "?") << " (" << me.value("role", "?") << ") on " << client.config().server << "\n";
  return 0;
}

}  // namespace

void register_login_commands(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<LoginFlags>();
  CLI::App* login_cmd = app.add_subcommand("login", "Log in to a coffer server and keep the session for later commands");
  login_cmd->add_option("--server", flags->server, "server URL, e.g. http://127.0.0.1:8080")->required();
  login_cmd->add_option("--username", flags->username, "user name")->required();
  login_cmd->add_flag("--password-stdin", flags->password_stdin, "read the password from the first line of stdin");
  login_cmd->add_option("--certificate-authority", flags->ca_file, "PEM file of the CA that signed an https server's certificate");
  login_cmd->add_flag("--insecure-skip-tls-verify", flags->insecure, "do not verify an https server's certificate");
  login_cmd->callback([flags, &exit_code] { exit_code = guarded([&] { return login(*flags); }); });

  app.add_subcommand("logout", "End the session with the coffer server")->callback([&exit_code] {
    exit_code = guarded(logout);
  });
  app.add_subcommand("whoami", "Show who the CLI is logged in as")->callback([&exit_code] {
    exit_code = guarded(whoami);
  });
}

}  // namespace coffer::cli
