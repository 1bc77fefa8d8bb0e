// backup-bench: a full backup of a large cluster, against the raw API LIST of the same data.
//
//   backup-bench --kubesim build/bin/kubesim --coffer build/bin/coffer [--objects 300000]
//                [--runs 3] [--clients 8] [--workers 4] [--page-size 500]
//
// Starts its own kubesim and loads --objects objects of mixed kinds (ConfigMaps, Secrets,
// Deployments with 0 replicas, headless Services, Pods, and custom resources of a CRD; about
// 1.5 KB each) into 100 namespaces, waits until the cluster is quiet, then alternates --runs
// times:
//   - baseline: every resource type a full backup lists, paged LISTs with the same page size and
//     the same number of concurrent workers, bodies read and dropped (KubeClient, no parsing);
//   - backup: `coffer backup create` as a child process into a file:// location; wall time and
//     the child's peak RSS (wait4).
// Prints the medians as JSON: items/s, backup time over raw LIST time, peak RSS.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "backup/spec/backup_scope.h"
#include "bench_support.h"
#include "kube/client/discovery.h"
#include "kube/client/kube_client.h"
#include "kube/client/list_pager.h"
#include "kube/config/kubeconfig.h"

using namespace coffer;

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

namespace {

struct RunResult {
  double seconds = 0;
  long peak_rss_kib = 0;
  std::uint64_t items = 0;
  int exit_code = 0;
};

RunResult run_backup(const std::string& coffer, const std::string& kubeconfig, const std::string& location,
                     const std::string& name, int workers, int page_size) {
  auto t0 = Clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    int devnull = ::open("/dev/null", O_WRONLY);
    dup2(devnull, 1);
    dup2(devnull, 2);
    std::string w = std::to_string(workers), p = std::to_string(page_size);
    execl(coffer.c_str(), coffer.c_str(), "backup", "create", name.c_str(), "--kubeconfig", kubeconfig.c_str(),
          "--location", location.c_str(), "--no-progress", "-o", "json", "--workers", w.c_str(), "--page-size", p.c_str(),
          (char*)nullptr);
    _exit(127);
  }
  int status = 0;
  struct rusage ru {};
  wait4(pid, &status, 0, &ru);
  RunResult r;
  r.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  r.peak_rss_kib = ru.ru_maxrss;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  std::string kubesim_bin = "build/bin/kubesim", coffer_bin = "build/bin/coffer";
  std::size_t objects = 300000;
  int runs = 3, clients = 8, workers = 4, page_size = 500;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--kubesim") kubesim_bin = argv[i + 1];
    else if (a == "--coffer") coffer_bin = argv[i + 1];
    else if (a == "--objects") objects = std::stoul(argv[i + 1]);
    else if (a == "--runs") runs = std::stoi(argv[i + 1]);
    else if (a == "--clients") clients = std::stoi(argv[i + 1]);
    else if (a == "--workers") workers = std::stoi(argv[i + 1]);
    else if (a == "--page-size") page_size = std::stoi(argv[i + 1]);
  }
  curl_global_init(CURL_GLOBAL_ALL);
  fs::path dir = fs::temp_directory_path() / ("backup-bench-" + std::to_string(getpid()));
  fs::create_directories(dir);
  bench::Kubesim k = bench::start_kubesim(fs::absolute(kubesim_bin).string(), dir);

  bench::create_mixed_namespaces_and_crd(k);

  std::atomic<std::size_t> next{0}, failures{0};
  auto load_start = Clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < clients; ++t)
    threads.emplace_back([&] {
      bench::Client c(k);
      std::string out;
      for (std::size_t i = next++; i < objects; i = next++) {
        auto [path, body] = bench::mixed_object(i);
        if (c.request("POST", path, body, out) != 201) ++failures;
      }
    });
  for (auto& t : threads) t.join();
  double load_s = std::chrono::duration<double>(Clock::now() - load_start).count();
  std::cerr << "loaded " << objects << " objects in " << load_s << " s (" << failures.load() << " failures)\n";

  // Quiet: the controllers (pods scheduled and started) have stopped writing.
  bench::wait_until_quiet(k, std::chrono::seconds(300));

  kube::KubeClient client(kube::load_kubeconfig_text(
      [&] {
        std::ifstream in(k.kubeconfig);
        std::stringstream ss;
        ss << in.rdbuf();
        return ss.str();
      }(),
      "", fs::path(k.kubeconfig).parent_path().string()));
  // The types a full backup lists.
  auto discovery = kube::discover(client);
  std::vector<std::string> warnings;
  backup::BackupSpec full;
  full.name = "probe";
  backup::apply_defaults(full);
  backup::BackupScope scope(full, discovery.preferred(), warnings);
  std::vector<std::string> paths;
  for (const auto& plan : scope.types())
    if (plan.mode == backup::TypeMode::Direct) paths.push_back(kube::KubeClient::resource_path(plan.resource, ""));

  std::vector<double> raw_s, backup_s, items_per_s;
  std::vector<long> rss;
  std::uint64_t backup_items = 0, raw_bytes = 0;
  for (int r = 0; r < runs; ++r) {
    // Baseline: the same lists, raw.
    std::atomic<std::size_t> idx{0};
    std::atomic<std::uint64_t> bytes{0};
    auto t0 = Clock::now();
    std::vector<std::thread> ws;
    for (int w = 0; w < workers; ++w)
      ws.emplace_back([&] {
        for (std::size_t i = idx++; i < paths.size(); i = idx++) {
          std::string cont;
          do {
            std::string url = paths[i] + "?limit=" + std::to_string(page_size) + (cont.empty() ? "" : "&continue=" + cont);
            auto resp = client.request("GET", url);
            bytes += resp.body.size();
            // Only the continue token and the item count, found without a JSON parser.
            cont.clear();
            auto c = resp.body.find("\"continue\":\"");
            auto items_at = resp.body.find("\"items\":[");
            if (c != std::string::npos && c < items_at) cont = resp.body.substr(c + 12, resp.body.find('"', c + 12) - c - 12);
          } while (!cont.empty());
        }
      });
    for (auto& t : ws) t.join();
    raw_s.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
    raw_bytes = bytes;

    fs::path loc = dir / ("location-" + std::to_string(r));
    auto res = run_backup(fs::absolute(coffer_bin).string(), k.kubeconfig, "file://" + loc.string(), "bench-" + std::to_string(r),
                          workers, page_size);
    if (res.exit_code != 0) {
      std::cerr << "backup run " << r << " exited " << res.exit_code << "\n";
      return 1;
    }
    auto backup_json = json::parse(std::ifstream(loc / "backups" / ("bench-" + std::to_string(r)) / "velero-backup.json"));
    backup_items = backup_json["status"]["progress"]["itemsBackedUp"].get<std::uint64_t>();
    backup_s.push_back(res.seconds);
    items_per_s.push_back(static_cast<double>(backup_items) / res.seconds);
    rss.push_back(res.peak_rss_kib);
    std::cerr << "run " << r << ": raw LIST " << raw_s.back() << " s, backup " << res.seconds << " s, " << backup_items
              << " items, peak RSS " << res.peak_rss_kib / 1024 << " MiB, tarball "
              << fs::file_size(loc / "backups" / ("bench-" + std::to_string(r)) / ("bench-" + std::to_string(r) + ".tar.gz")) / 1048576
              << " MiB\n";
    fs::remove_all(loc);
  }
  std::vector<double> rss_d(rss.begin(), rss.end());
  json result = {
      {"objects_loaded", objects},
      {"load_seconds", load_s},
      {"types_listed", paths.size()},
      {"items_backed_up", backup_items},
      {"raw_list_bytes", raw_bytes},
      {"raw_list_seconds_median", bench::median(raw_s)},
      {"backup_seconds_median", bench::median(backup_s)},
      {"backup_items_per_second_median", bench::median(items_per_s)},
      {"backup_over_raw_list", bench::median(backup_s) / bench::median(raw_s)},
      {"backup_peak_rss_mib_median", bench::median(rss_d) / 1024.0},
      {"runs", runs},
      {"workers", workers},
      {"page_size", page_size},
  };
  std::cout << result.dump(2) << std::endl;
  bench::stop_kubesim(k);
  fs::remove_all(dir);
  return 0;
}
