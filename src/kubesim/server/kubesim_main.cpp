// kubesim: a Kubernetes API server for Coffer's tests, demos and benchmarks.
//   kubesim --data-dir DIR --kubeconfig FILE [--listen 127.0.0.1:PORT] [--seed none|demo]
// Prints "kubesim ready at https://HOST:PORT" once it serves; SIGTERM/SIGINT stop it cleanly.
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "common/random_id.h"
#include "httpserver/http_server.h"
#include "kubesim/api/api_core.h"
#include "kubesim/controllers/controller_manager.h"
#include "kubesim/pki/certificates.h"
#include "kubesim/pki/kubeconfig_writer.h"
#include "kubesim/server/api_handler.h"
#include "kubesim/server/demo_seed.h"

namespace fs = std::filesystem;
using namespace coffer;
using namespace coffer::kubesim;

namespace {
// Tokens persist in the data dir so a restarted kubesim accepts the kubeconfig it wrote before.
AuthSettings load_or_create_tokens(const fs::path& file) {
  AuthSettings auth;
  if (fs::exists(file)) {
    auto j = nlohmann::json::parse(std::ifstream(file));
    auth.admin_token = j.value("admin", "");
    auth.readonly_token = j.value("readonly", "");
  }
  if (auth.admin_token.empty() || auth.readonly_token.empty()) {
    auth.admin_token = random_token(32);
    auth.readonly_token = random_token(32);
    std::ofstream(file) << nlohmann::json{{"admin", auth.admin_token}, {"readonly", auth.readonly_token}}.dump();
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
  }
  return auth;
}
}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"kubesim: a Kubernetes API server for tests, demos and benchmarks"};
  std::string data_dir, kubeconfig, listen = "127.0.0.1:0", seed = "none";
  double retention_seconds = 300;
  app.add_option("--data-dir", data_dir, "Directory for objects, volumes, snapshots and the PKI (kept across restarts)")->required();
  app.add_option("--kubeconfig", kubeconfig, "Where to write the kubeconfig for this cluster")->required();
  app.add_option("--listen", listen, "HOST:PORT to serve on (port 0 picks a free port)");
  app.add_option("--seed", seed, "Objects to create at start: none or demo")->check(CLI::IsMember({"none", "demo"}));
  app.add_option("--event-retention", retention_seconds,
                 "Seconds of watch history kept (older watches and continue tokens get 410 Gone, like etcd compaction)")
      ->check(CLI::PositiveNumber);
  CLI11_PARSE(app, argc, argv);

  size_t colon = listen.rfind(':');
  if (colon == std::string::npos) {
    std::cerr << "kubesim: --listen must be HOST:PORT, got '" << listen << "'\n";
    return 2;
  }
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  int port = 0;
  try {
    port = std::stoi(listen.substr(colon + 1));
  } catch (const std::exception&) {
    port = -1;
  }
  if (port < 0 || port > 65535) {
    std::cerr << "kubesim: --listen port must be 0-65535, got '" << listen.substr(colon + 1) << "'\n";
    return 2;
  }

  // Block the stop signals before any thread starts, so only sigwait below sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  try {
    fs::path dir = fs::absolute(data_dir);
    fs::create_directories(dir);
    PkiFiles pki = load_or_create_pki(dir / "pki", {host});
    AuthSettings auth = load_or_create_tokens(dir / "tokens.json");

    StoreOptions store_options;
    store_options.journal_dir = dir / "store";
    store_options.event_retention = std::chrono::milliseconds(int64_t(retention_seconds * 1000));
    ObjectStore store(store_options);
    ResourceRegistry registry;
    ClusterSettings settings;
    settings.data_dir = dir;
    settings.ca_cert_pem = pki.ca_cert_pem;
    ApiCore core(store, registry, settings);
    ControllerManager controllers(core);
    controllers.start();

    http::ServerOptions server_options;
    server_options.host = host;
    server_options.port = uint16_t(port);
    server_options.tls = http::TlsConfig{pki.server_cert_pem, pki.server_key_pem, pki.ca_cert_pem};
    std::string url_host = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    ApiHandler* handler_ptr = nullptr;
    http::Server server(server_options, [&](http::Request& req, http::ResponseWriter& out) { handler_ptr->handle(req, out); });
    server.start();
    std::string address = url_host + ":" + std::to_string(server.port());
    ApiHandler handler(core, auth, address);
    handler_ptr = &handler;

    KubeconfigSpec kc;
    kc.server_url = "https://" + address;
    kc.ca_cert_pem = pki.ca_cert_pem;
    kc.token = auth.admin_token;
    kc.readonly_token = auth.readonly_token;
    kc.client_cert_pem = pki.client_cert_pem;
    kc.client_key_pem = pki.client_key_pem;
    write_kubeconfig(fs::absolute(kubeconfig), kc);

    if (seed == "demo") {
      int created = seed_demo_workloads(core);
      std::cerr << "kubesim: demo workloads: " << created << " objects created\n";
    }
    std::cout << "kubesim ready at https://" << address << std::endl;

    int sig = 0;
    sigwait(&stop_signals, &sig);
    std::cerr << "kubesim: stopping (signal " << sig << ")\n";
    store.interrupt();
    server.stop();
    controllers.stop();
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "kubesim: " << e.what() << "\n";
    return 1;
  }
}
