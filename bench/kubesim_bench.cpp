// kubesim-bench: how many objects kubesim holds, how fast it takes creates from concurrent
// clients, how fast a paged LIST streams, and how much memory it needs for what it holds.
//
//   kubesim-bench --kubesim build/bin/kubesim [--objects 300000] [--clients 8] [--runs 3]
//
// Starts its own kubesim in a temporary directory, loads --objects objects of mixed kinds
// (ConfigMaps and Secrets of about 1.5 KB) with --clients concurrent HTTPS clients, then times
// full paged LISTs (limit=500) --runs times. Baselines measured in the same run: a memcpy of
// the same number of bytes (the floor for streaming), and the JSON byte count itself (RSS
// is reported as a multiple of it).
#include <curl/curl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench_support.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {
using namespace bench;

std::string make_object(size_t i, const std::string& ns) {
  // About 1.5 KB of JSON: a ConfigMap or a Secret with labels, annotations and data.
  nlohmann::json o;
  bool secret = i % 3 == 2;
  o["apiVersion"] = "v1";
  o["kind"] = secret ? "Secret" : "ConfigMap";
  o["metadata"] = {{"name", (secret ? "secret-" : "config-") + std::to_string(i)},
                   {"namespace", ns},
                   {"labels", {{"app", "app-" + std::to_string(i % 50)}, {"tier", i % 2 ? "backend" : "frontend"}}},
                   {"annotations", {{"bench.coffer.dev/note", std::string(200, 'n')}}}};
  std::string payload(1000, 'x');
  for (size_t j = 0; j < payload.size(); ++j) payload[j] = char('a' + (i * 31 + j) % 26);
  if (secret) o["stringData"] = {{"token", payload}};
  else o["data"] = {{"config.yaml", payload}};
  return o.dump();
}

}  // namespace

int main(int argc, char** argv) {
  std::string binary = "build/bin/kubesim";
  size_t objects = 300000;
  int clients = 8, runs = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--kubesim") binary = argv[i + 1];
    else if (a == "--objects") objects = std::stoul(argv[i + 1]);
    else if (a == "--clients") clients = std::stoi(argv[i + 1]);
    else if (a == "--runs") runs = std::stoi(argv[i + 1]);
  }
  curl_global_init(CURL_GLOBAL_ALL);
  fs::path dir = fs::temp_directory_path() / ("kubesim-bench-" + std::to_string(getpid()));
  fs::create_directories(dir);
  Kubesim k = start_kubesim(binary, dir);
  size_t rss_empty = rss_kib(k.pid);
  const int namespaces = 20;
  {
    Client c(k);
    std::string out;
    for (int n = 0; n < namespaces; ++n)
      c.request("POST", "/api/v1/namespaces", nlohmann::json{{"metadata", {{"name", "bench-" + std::to_string(n)}}}}.dump(), out);
  }
  // Load.
  std::atomic<size_t> next{0}, failures{0};
  auto load_start = Clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < clients; ++t)
    threads.emplace_back([&] {
      Client c(k);
      std::string out;
      while (true) {
        size_t i = next.fetch_add(1);
        if (i >= objects) break;
        std::string ns = "bench-" + std::to_string(i % namespaces);
        std::string kind = i % 3 == 2 ? "secrets" : "configmaps";
        if (c.request("POST", "/api/v1/namespaces/" + ns + "/" + kind, make_object(i, ns), out) != 201) ++failures;
      }
    });
  for (auto& t : threads) t.join();
  double load_s = std::chrono::duration<double>(Clock::now() - load_start).count();
  // LIST, paged, every object, several runs.
  std::vector<double> list_s;
  size_t bytes = 0, listed = 0;
  for (int r = 0; r < runs; ++r) {
    Client c(k);
    std::string out, cont;
    bytes = 0;
    listed = 0;
    auto t0 = Clock::now();
    for (const char* kind : {"configmaps", "secrets"}) {
      cont.clear();
      do {
        std::string path = std::string("/api/v1/") + kind + "?limit=500" + (cont.empty() ? "" : "&continue=" + cont);
        c.request("GET", path, "", out);
        bytes += out.size();
        // The client side does only what a streaming reader must: find the continue token
        // (list metadata comes first) and count items, without building a DOM.
        std::string kind_marker = std::string("\"kind\":\"") + (kind[0] == 'c' ? "ConfigMap" : "Secret") + "\",\"metadata\":";
        for (size_t pos = out.find(kind_marker); pos != std::string::npos; pos = out.find(kind_marker, pos + 1)) ++listed;
        cont.clear();
        size_t items_at = out.find("\"items\":[");
        size_t c = out.find("\"continue\":\"");
        if (c != std::string::npos && c < items_at) cont = out.substr(c + 12, out.find('"', c + 12) - c - 12);
      } while (!cont.empty());
    }
    list_s.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
  }
  // Baseline in the same run: copying the same bytes in memory.
  std::vector<double> memcpy_s;
  {
    std::string src(bytes, 'x'), dst(bytes, '\0');
    for (int r = 0; r < runs; ++r) {
      auto t0 = Clock::now();
      std::memcpy(dst.data(), src.data(), bytes);
      memcpy_s.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
    }
  }
  size_t rss = rss_kib(k.pid);
  kill(k.pid, SIGTERM);
  waitpid(k.pid, nullptr, 0);
  fs::remove_all(dir);

  double list_mbps = bytes / 1e6 / median(list_s);
  nlohmann::json result = {
      {"objects", objects},
      {"clients", clients},
      {"create_failures", failures.load()},
      {"creates_per_second", objects / load_s},
      {"list_objects", listed},
      {"list_bytes", bytes},
      {"list_seconds_median", median(list_s)},
      {"list_mb_per_second", list_mbps},
      {"memcpy_mb_per_second", bytes / 1e6 / median(memcpy_s)},
      {"list_vs_memcpy_ratio", median(list_s) / median(memcpy_s)},
      {"rss_empty_mib", rss_empty / 1024.0},
      {"rss_loaded_mib", rss / 1024.0},
      {"json_mib", bytes / 1048576.0},
      {"rss_over_json", (rss * 1024.0) / double(bytes)},
  };
  std::cout << result.dump(2) << std::endl;
  return failures == 0 && listed >= objects ? 0 : 1;
}
