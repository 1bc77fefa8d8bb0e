// List latency through the control plane's HTTP API: `coffer server` (ControlPlane) in this
// process on a free loopback port, its catalog filled with 10,000 backups (20 clusters, 6 phases,
// 5 creators, 750 schedules' names) and 1,000 schedules, then `--clients` concurrent clients
// (a thread each, libcurl keep-alive, a session token from POST /api/v1/login) each sending
// `--requests` requests per phase:
//   healthz   GET /healthz -- an HTTP round trip with no catalog work (the baseline)
//   filtered  GET /api/v1/backups?cluster=cluster-N&status=Completed&sort=-createdAt&limit=50
//   search    GET /api/v1/backups?search=backup-N&limit=50 (a substring of the name)
//   catalog   the same filtered query straight through a Catalog on the same database, no HTTP
// Per phase: median, p95, p99 per request and requests/s; `--runs` times, and the table gives the
// median of the runs' figures. SQLite (the server's default, in its data directory) and
// PostgreSQL (a private server started by the bench, as the tests start it; or
// COFFER_TEST_POSTGRES_URL), stopped at exit, on an exception and on SIGINT/SIGTERM.
//   server-bench [--backend sqlite|postgres|both] [--clients N] [--requests N] [--runs N]
//                [--backups N] [--schedules N] [--only filtered|search|catalog]
//                [--drop-index NAME]
#include <curl/curl.h>
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalog/catalog.h"
#include "catalog/testing/test_databases.h"
#include "catalog_support.h"
#include "server/app/control_plane.h"

using namespace coffer;
using catalog::testing::Backend;
using SteadyClock = std::chrono::steady_clock;

namespace {

int g_backups = 10000, g_schedules = 1000;
std::string g_only;
std::string g_drop_index;  // --drop-index NAME: drop a catalog index after filling (to see what it is worth)  // --only WORD: just the phases whose name holds WORD (and the baseline)
const char* kPassword = "bench-password-1234";

struct Stats {
  double median = 0, p95 = 0, p99 = 0, per_second = 0;
};

size_t keep(char* p, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(p, size * n);
  return size * n;
}

// One client: a libcurl handle kept for the whole phase (keep-alive).
class Client {
 public:
  Client(const std::string& base, const std::string& token) : base_(base), curl_(curl_easy_init()) {
    if (!token.empty()) headers_ = curl_slist_append(nullptr, ("Authorization: Bearer " + token).c_str());
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers_);
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, keep);
    curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &body_);
    curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
  }
  ~Client() {
    curl_slist_free_all(headers_);
    curl_easy_cleanup(curl_);
  }
  // GET path; throws unless 200.
  const std::string& get(const std::string& path) {
    body_.clear();
    curl_easy_setopt(curl_, CURLOPT_URL, (base_ + path).c_str());
    CURLcode rc = curl_easy_perform(curl_);
    long status = 0;
    curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &status);
    if (rc != CURLE_OK || status != 200)
      throw std::runtime_error("GET " + path + ": " + (rc != CURLE_OK ? curl_easy_strerror(rc) : std::to_string(status)) +
                               " " + body_.substr(0, 300));
    return body_;
  }

 private:
  std::string base_;
  CURL* curl_;
  curl_slist* headers_ = nullptr;
  std::string body_;
};

std::string login(const std::string& base) {
  CURL* curl = curl_easy_init();
  std::string body = nlohmann::json{{"username", "admin"}, {"password", kPassword}}.dump(), out;
  curl_slist* h = curl_slist_append(nullptr, "Content-Type: application/json");
  curl_easy_setopt(curl, CURLOPT_URL, (base + "/api/v1/login").c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, h);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, keep);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &out);
  CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(h);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK) throw std::runtime_error(std::string("login: ") + curl_easy_strerror(rc));
  return nlohmann::json::parse(out).at("token").get<std::string>();
}

// `clients` threads, each calling op(client number, rng) `requests` times; per-request latency.
Stats measure(int clients, int requests, const std::function<void(int, std::mt19937&)>& op) {
  std::vector<std::vector<double>> lat(clients);
  std::vector<std::thread> threads;
  std::atomic<bool> failed{false};
  std::string error;
  std::mutex error_mu;
  auto start = SteadyClock::now();
  for (int t = 0; t < clients; ++t)
    threads.emplace_back([&, t] {
      std::mt19937 rng(t + 1);
      try {
        for (int i = 0; i < requests && !failed; ++i) {
          auto t0 = SteadyClock::now();
          op(t, rng);
          lat[t].push_back(std::chrono::duration<double, std::milli>(SteadyClock::now() - t0).count());
        }
      } catch (const std::exception& e) {
        std::lock_guard lock(error_mu);
        failed = true;
        error = e.what();
      }
    });
  for (auto& th : threads) th.join();
  if (failed) throw std::runtime_error(error);
  double seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
  std::vector<double> all;
  for (auto& l : lat) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  return {all[all.size() / 2], all[all.size() * 95 / 100], all[all.size() * 99 / 100], all.size() / seconds};
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

std::string make_temp_dir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "coffer-server-bench-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  return tmpl;
}

std::string filtered_path(std::mt19937& rng) {
  return "/api/v1/backups?cluster=cluster-" + std::to_string(rng() % 20) +
         "&status=Completed&sort=-createdAt&limit=50";
}

void bench_backend(Backend backend, int clients, int requests, int runs) {
  const std::string name = catalog::testing::backend_name(backend);
  std::string url;
  if (backend == Backend::postgres) {
    auto db = catalog::testing::fresh_database(backend);
    if (db.url.empty()) throw std::runtime_error("unavailable: " + db.skip_reason + db.error);
    url = db.url;
  }
  const std::string dir = make_temp_dir();
  struct Cleanup {
    std::string dir;
    ~Cleanup() {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
  } cleanup{dir};
  const std::string catalog_url = url.empty() ? "sqlite://" + dir + "/catalog.db" : url;
  auto t0 = SteadyClock::now();
  {
    auto c = catalog::Catalog::open(catalog_url);
    // Through the repositories, as catalog-bench fills. Paused schedules: the server's scheduler
    // must not add backups while the clients list.
    bench::fill_backups(*c, g_backups);
    bench::fill_schedules(*c, g_schedules, /*paused=*/true);
    // A generated identifier from the command line of a benchmark, not a value: no parameter.
    if (!g_drop_index.empty()) c->database().execute_script("DROP INDEX " + g_drop_index);
    c->optimize();  // a running server's tables have statistics (ANALYZE at open, autovacuum)
  }
  const double fill_s = std::chrono::duration<double>(SteadyClock::now() - t0).count();

  std::string server_log;
  std::mutex log_mu;
  server::ControlPlaneOptions o;
  o.data_dir = dir;
  o.port = 0;
  o.database_url = url;
  o.admin_password = kPassword;
  o.log = [&](const std::string& m) {
    std::lock_guard lock(log_mu);
    server_log += m + "\n";
  };
  server::ControlPlane cp(o);
  cp.start();
  const std::string base = cp.url(), token = login(base);
  // The catalog-only baseline: a second Catalog on the same database, the server's pool size.
  auto direct = catalog::Catalog::open(catalog_url);

  struct Phase {
    const char* name;
    std::function<void(int, std::mt19937&)> op;
  };
  std::vector<std::unique_ptr<Client>> cs;
  for (int i = 0; i < clients; ++i) cs.push_back(std::make_unique<Client>(base, token));
  std::vector<Phase> phases = {
      {"healthz (baseline)", [&](int t, std::mt19937&) { cs[t]->get("/healthz"); }},
      {"filtered page", [&](int t, std::mt19937& rng) { cs[t]->get(filtered_path(rng)); }},
      {"search page",
       [&](int t, std::mt19937& rng) { cs[t]->get("/api/v1/backups?search=backup-" + std::to_string(rng() % 100) + "&limit=50"); }},
      {"filtered, catalog only",
       [&](int, std::mt19937& rng) {
         catalog::ListQuery q;
         q.filters = {{"cluster", "cluster-" + std::to_string(rng() % 20)}, {"status", "Completed"}};
         q.sort = "created_at";
         q.descending = true;
         q.limit = 50;
         if (direct->backups().list(q).items.empty()) throw std::runtime_error("empty page");
       }},
  };
  if (!g_only.empty())
    std::erase_if(phases, [](const Phase& p) {
      return std::string(p.name).find(g_only) == std::string::npos && std::string(p.name) != "healthz (baseline)";
    });
  // Sanity: the filtered page holds 50 items and the total.
  {
    std::mt19937 rng(7);
    auto page = nlohmann::json::parse(cs[0]->get(filtered_path(rng)));
    std::printf("%s: filled %d backups + %d schedules in %.1f s; a filtered page: %zu items of %lld, %zu bytes\n",
                name.c_str(), g_backups, g_schedules, fill_s, page.at("items").size(),
                static_cast<long long>(page.value("total", 0LL)), page.dump().size());
  }
  for (auto& p : phases) measure(clients, 5, p.op);  // warm connections and caches
  std::map<std::string, std::vector<Stats>> results;
  for (int r = 0; r < runs; ++r)
    for (auto& p : phases) results[p.name].push_back(measure(clients, requests, p.op));

  const double base_median = [&] {
    std::vector<double> v;
    for (auto& s : results["healthz (baseline)"]) v.push_back(s.median);
    return median(v);
  }();
  for (auto& p : phases) {
    std::vector<double> med, p95, p99, rps;
    for (auto& s : results[p.name]) {
      med.push_back(s.median);
      p95.push_back(s.p95);
      p99.push_back(s.p99);
      rps.push_back(s.per_second);
    }
    std::string runs_text;
    for (double m : med) runs_text += (runs_text.empty() ? "" : ", ") + std::to_string(m).substr(0, 5);
    std::printf("| %-10s | %-22s | %7.2f ms (%s) | %7.1f ms | %7.1f ms | %6.0f | %5.1fx |\n", name.c_str(), p.name,
                median(med), runs_text.c_str(), median(p95), median(p99), median(rps),
                base_median > 0 ? median(med) / base_median : 0.0);
  }
  std::fflush(stdout);
  cs.clear();
  cp.stop();
}

}  // namespace

int main(int argc, char** argv) {
  int clients = 50, requests = 40, runs = 3;
  std::string which = "both";
  for (int i = 1; i + 1 < argc; ++i) {
    if (!std::strcmp(argv[i], "--clients")) clients = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--requests")) requests = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--runs")) runs = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--backend")) which = argv[++i];
    else if (!std::strcmp(argv[i], "--backups")) g_backups = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--schedules")) g_schedules = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--only")) g_only = argv[++i];
    else if (!std::strcmp(argv[i], "--drop-index")) g_drop_index = argv[++i];
  }
  curl_global_init(CURL_GLOBAL_ALL);
  bench::stop_postgres_on_signals();
  std::printf("%d clients, %d requests each per phase and run, %d runs; medians of the runs (each run's median)\n",
              clients, requests, runs);
  std::printf("| backend | phase | median | p95 | p99 | requests/s | median / healthz |\n|---|---|---|---|---|---|---|\n");
  return bench::run_on_backends(which, [&](Backend b) { bench_backend(b, clients, requests, runs); });
}
