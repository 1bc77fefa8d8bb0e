// restore-bench: `coffer restore create` against a raw-API loader creating the same objects.
//
//   restore-bench --kubesim build/bin/kubesim --coffer build/bin/coffer [--secrets 31000]
//                 [--objects 300000] [--runs 3] [--workers 32] [--client-qps Q] [--skip-mixed]
//
// Setup (not timed): a source kubesim gets the mixed load of backup-bench (--objects objects in
// 100 namespaces plus the Widget CRD; bench_support.h) and is backed up in full ("mixed"); then
// --secrets Secrets (the mix's Secret shape, about 1.3 KB each) in namespace "secrets", backed up
// with --include-namespaces secrets ("secrets"). Both backups go to one file:// location, and the
// source kubesim is stopped.
//
// Secrets, on one fresh target kubesim, --runs times, alternately:
//   - raw: a new namespace raw-<r> and the same Secrets POSTed by --workers concurrent libcurl
//     clients (bodies built before the clock starts, responses dropped); their token differs
//     from the backed-up one, so that the update restore below has something to change;
//   - new: the backup restored into a new namespace (--namespace-mappings secrets:restore-<r>);
//   - update: the backup restored onto raw-<r>, where every Secret exists and differs
//     (--existing-resource-policy update: create refused, GET, compare, merge PATCH);
//   - none: the backup restored onto restore-<r> again, where every Secret exists and is
//     identical (--existing-resource-policy none: create refused, GET, compare, skip).
// Mixed (unless --skip-mixed), --runs times, alternately, each on a fresh kubesim:
//   - raw: the 100 namespaces, the CRD (awaited) and the --objects objects POSTed by --workers
//     clients, bodies generated before the clock starts;
//   - restore: `coffer restore create --include-namespaces 'bench-*'` of the full backup.
// Every restore is a child process (--no-progress, text output); wall time is fork to exit, peak
// RSS comes from wait4 (through a small intermediate process, see run_child), the counts from its
// summary line. Prints JSON: per-run figures and
// medians of items/s, restore time over raw time, peak RSS.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "bench_support.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

namespace {

const char* const kSecretsNamespace = "secrets";

struct Object {
  std::string path, body;
};

// Secret number i in namespace ns; `variant` changes the token (same size) so a second copy
// differs from the backed-up one.
Object secret_object(std::size_t i, const std::string& ns, int variant) {
  json labels = {{"app", "app-" + std::to_string(i % 50)}, {"tier", i % 2 ? "backend" : "frontend"}};
  json annotations = {{"bench.coffer.dev/note", std::string(150, 'n')}};
  json meta = {{"name", "secret-" + std::to_string(i)}, {"namespace", ns}, {"labels", labels}, {"annotations", annotations}};
  json o = {{"apiVersion", "v1"},
            {"kind", "Secret"},
            {"metadata", meta},
            {"stringData", {{"token", bench::payload(i + static_cast<std::size_t>(variant) * 13, 800)}}}};
  return {"/api/v1/namespaces/" + ns + "/secrets", o.dump()};
}

// POSTs every object with `clients` concurrent clients; returns the seconds taken.
double post_all(const bench::Kubesim& k, const std::vector<Object>& objects, int clients, std::size_t& failures) {
  std::atomic<std::size_t> next{0}, failed{0};
  auto t0 = Clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < clients; ++t)
    threads.emplace_back([&] {
      bench::Client c(k);
      std::string out;
      for (std::size_t i = next++; i < objects.size(); i = next++)
        if (c.request("POST", objects[i].path, objects[i].body, out) != 201) ++failed;
    });
  for (auto& t : threads) t.join();
  failures = failed;
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

void create_namespace(const bench::Kubesim& k, const std::string& name) {
  bench::Client c(k);
  std::string out;
  long code = c.request("POST", "/api/v1/namespaces", json{{"metadata", {{"name", name}}}}.dump(), out);
  if (code != 201) throw std::runtime_error("namespace " + name + ": HTTP " + std::to_string(code) + " " + out);
}

struct ChildResult {
  double seconds = 0;
  long peak_rss_kib = 0;
  int exit_code = 0;
  std::string output;  // stdout, then stderr
};

// Peak RSS through a small intermediate process: the child of a fork starts with a copy of this
// (large) process's page tables, and Linux carries the pre-exec RSS into ru_maxrss, so wait4 on a
// direct child would report at least this process's RSS. The intermediate is this binary re-run
// with --measure-child: a fresh small process that forks and execs the command and writes the
// command's ru_maxrss (KiB) to a file.
int measure_child(const std::string& rss_file, char** command) {
  pid_t pid = fork();
  if (pid == 0) {
    execv(command[0], command);
    _exit(127);
  }
  int status = 0;
  struct rusage ru {};
  wait4(pid, &status, 0, &ru);
  std::ofstream(rss_file) << ru.ru_maxrss << "\n";
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

ChildResult run_child(const std::vector<std::string>& args, const fs::path& dir) {
  fs::path out_file = dir / "child.out", err_file = dir / "child.err", rss_file = dir / "child.rss";
  std::vector<std::string> shim = {fs::read_symlink("/proc/self/exe").string(), "--measure-child", rss_file.string()};
  shim.insert(shim.end(), args.begin(), args.end());
  fs::remove(rss_file);
  auto t0 = Clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    int out = ::open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(out, 1);
    dup2(err, 2);
    std::vector<char*> argv;
    for (const auto& a : shim) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  ChildResult r;
  r.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  std::ifstream(rss_file) >> r.peak_rss_kib;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  std::stringstream ss;
  ss << std::ifstream(out_file).rdbuf() << std::ifstream(err_file).rdbuf();
  r.output = ss.str();
  return r;
}

struct Counts {
  std::uint64_t created = 0, updated = 0, skipped = 0, failed = 0;
  std::uint64_t total() const { return created + updated + skipped + failed; }
};

// "Restore "x" Completed: 31001 created, 0 updated, 2 skipped, 0 failed"
Counts parse_summary(const std::string& output) {
  std::smatch m;
  static const std::regex summary(R"((\d+) created, (\d+) updated, (\d+) skipped, (\d+) failed)");
  if (!std::regex_search(output, m, summary)) throw std::runtime_error("no restore summary in: " + output);
  return {std::stoull(m[1]), std::stoull(m[2]), std::stoull(m[3]), std::stoull(m[4])};
}

struct Settings {
  std::string kubesim, coffer;
  int workers = 32;
  double client_qps = -1;  // < 0: coffer's default
};

struct Scenario {
  std::vector<double> seconds, items_per_s, rss_mib, raw_ratio;
  std::vector<json> counts;

  void add(const ChildResult& r, const Counts& c, double raw_seconds) {
    seconds.push_back(r.seconds);
    items_per_s.push_back(static_cast<double>(c.total()) / r.seconds);
    rss_mib.push_back(static_cast<double>(r.peak_rss_kib) / 1024.0);
    raw_ratio.push_back(r.seconds / raw_seconds);
    counts.push_back({{"created", c.created}, {"updated", c.updated}, {"skipped", c.skipped}, {"failed", c.failed}});
  }
  json to_json() const {
    return {{"seconds_median", bench::median(seconds)},
            {"items_per_second_median", bench::median(items_per_s)},
            {"over_raw_median", bench::median(raw_ratio)},
            {"peak_rss_mib_median", bench::median(rss_mib)},
            {"seconds", seconds},
            {"items_per_second", items_per_s},
            {"over_raw", raw_ratio},
            {"peak_rss_mib", rss_mib},
            {"counts", counts}};
  }
};

ChildResult restore(const Settings& s, const bench::Kubesim& target, const fs::path& dir, const std::string& location,
                    const std::string& name, const std::string& backup, std::vector<std::string> extra) {
  std::vector<std::string> args = {s.coffer, "restore", "create", name, "--from-backup", backup, "--location", location,
                                   "--kubeconfig", target.kubeconfig, "--no-progress", "--workers", std::to_string(s.workers)};
  if (s.client_qps >= 0) {
    std::ostringstream q;
    q << s.client_qps;
    args.insert(args.end(), {"--client-qps", q.str(), "--client-burst", s.client_qps > 0 ? q.str() : "2000"});
  }
  args.insert(args.end(), extra.begin(), extra.end());
  ChildResult r = run_child(args, dir);
  if (r.exit_code != 0) throw std::runtime_error("restore " + name + " exited " + std::to_string(r.exit_code) + ": " + r.output);
  return r;
}

void backup(const Settings& s, const bench::Kubesim& source, const fs::path& dir, const std::string& location,
            const std::string& name, std::vector<std::string> extra) {
  std::vector<std::string> args = {s.coffer, "backup", "create", name, "--kubeconfig", source.kubeconfig,
                                   "--location", location, "--no-progress", "-o", "json"};
  args.insert(args.end(), extra.begin(), extra.end());
  auto r = run_child(args, dir);
  if (r.exit_code != 0) throw std::runtime_error("backup " + name + " exited " + std::to_string(r.exit_code) + ": " + r.output);
  std::cerr << "backup " << name << ": " << r.seconds << " s\n";
}

// Stops its kubesim when it goes out of scope, also when a run throws.
struct KubesimProcess {
  bench::Kubesim k;
  explicit KubesimProcess(bench::Kubesim started) : k(std::move(started)) {}
  ~KubesimProcess() { bench::stop_kubesim(k); }
  KubesimProcess(const KubesimProcess&) = delete;
  KubesimProcess& operator=(const KubesimProcess&) = delete;
};

std::string fmt(double v) {
  std::ostringstream o;
  o.precision(3);
  o << v;
  return o.str();
}

}  // namespace

int run_bench(int argc, char** argv) {
  Settings s;
  s.kubesim = "build/bin/kubesim";
  s.coffer = "build/bin/coffer";
  std::size_t secrets = 31000, objects = 300000;
  int runs = 3, load_clients = 8;
  bool skip_mixed = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--skip-mixed") {
      skip_mixed = true;
      continue;
    }
    if (i + 1 >= argc) {
      std::cerr << "restore-bench: " << a << " needs a value\n";
      return 2;
    }
    std::string v = argv[++i];
    if (a == "--kubesim") s.kubesim = v;
    else if (a == "--coffer") s.coffer = v;
    else if (a == "--secrets") secrets = std::stoul(v);
    else if (a == "--objects") objects = std::stoul(v);
    else if (a == "--runs") runs = std::stoi(v);
    else if (a == "--workers") s.workers = std::stoi(v);
    else if (a == "--client-qps") s.client_qps = std::stod(v);
    else {
      std::cerr << "restore-bench: unknown flag " << a << "\n";
      return 2;
    }
  }
  s.kubesim = fs::absolute(s.kubesim).string();
  s.coffer = fs::absolute(s.coffer).string();
  curl_global_init(CURL_GLOBAL_ALL);
  fs::path dir = fs::temp_directory_path() / ("restore-bench-" + std::to_string(getpid()));
  fs::create_directories(dir);
  const std::string location = "file://" + (dir / "location").string();
  json result = {{"runs", runs}, {"workers", s.workers}, {"secrets", secrets}};
  if (s.client_qps >= 0) result["client_qps"] = s.client_qps;

  // Source cluster and the two backups.
  {
    KubesimProcess source_process(bench::start_kubesim(s.kubesim, dir / "source"));
    const bench::Kubesim& source = source_process.k;
    if (!skip_mixed) {
      bench::create_mixed_namespaces_and_crd(source);
      std::vector<Object> load(objects);
      for (std::size_t i = 0; i < objects; ++i) {
        auto [path, body] = bench::mixed_object(i);
        load[i] = {std::move(path), std::move(body)};
      }
      std::size_t failures = 0;
      double load_s = post_all(source, load, load_clients, failures);
      std::cerr << "loaded " << objects << " mixed objects in " << load_s << " s (" << failures << " failures)\n";
      if (failures) throw std::runtime_error("the mixed load failed");
      bench::wait_until_quiet(source, std::chrono::seconds(600));
      backup(s, source, dir, location, "mixed", {});
    }
    create_namespace(source, kSecretsNamespace);
    std::vector<Object> load;
    for (std::size_t i = 0; i < secrets; ++i) load.push_back(secret_object(i, kSecretsNamespace, 0));
    std::size_t failures = 0;
    double load_s = post_all(source, load, load_clients, failures);
    std::cerr << "loaded " << secrets << " secrets in " << load_s << " s (" << failures << " failures)\n";
    if (failures) throw std::runtime_error("the secrets load failed");
    bench::wait_until_quiet(source, std::chrono::seconds(120));
    backup(s, source, dir, location, "secrets", {"--include-namespaces", kSecretsNamespace});
    bench::stop_kubesim(source_process.k);
    fs::remove_all(dir / "source");
  }

  // Secrets into one target kubesim: new namespace, update onto differing copies, identical re-run.
  {
    KubesimProcess target_process(bench::start_kubesim(s.kubesim, dir / "secrets-target"));
    const bench::Kubesim& target = target_process.k;
    std::vector<double> raw_s;
    Scenario fresh, update, identical;
    for (int r = 0; r < runs; ++r) {
      const std::string raw_ns = "raw-" + std::to_string(r), restored_ns = "restore-" + std::to_string(r);
      std::vector<Object> stale;
      for (std::size_t i = 0; i < secrets; ++i) stale.push_back(secret_object(i, raw_ns, 1));
      std::size_t failures = 0;
      auto t0 = Clock::now();
      create_namespace(target, raw_ns);
      post_all(target, stale, s.workers, failures);
      raw_s.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
      if (failures) throw std::runtime_error(std::to_string(failures) + " raw creates failed");
      stale.clear();

      std::string n = std::to_string(r);
      auto res = restore(s, target, dir, location, "secrets-new-" + n, "secrets",
                         {"--namespace-mappings", std::string(kSecretsNamespace) + ":" + restored_ns});
      fresh.add(res, parse_summary(res.output), raw_s.back());
      res = restore(s, target, dir, location, "secrets-update-" + n, "secrets",
                    {"--namespace-mappings", std::string(kSecretsNamespace) + ":" + raw_ns, "--existing-resource-policy",
                     "update"});
      update.add(res, parse_summary(res.output), raw_s.back());
      res = restore(s, target, dir, location, "secrets-identical-" + n, "secrets",
                    {"--namespace-mappings", std::string(kSecretsNamespace) + ":" + restored_ns,
                     "--existing-resource-policy", "none"});
      identical.add(res, parse_summary(res.output), raw_s.back());
      std::cerr << "secrets run " << r << ": raw " << fmt(raw_s.back()) << " s, new " << fmt(fresh.seconds.back()) << " s ("
                << fmt(fresh.items_per_s.back()) << "/s, " << fmt(fresh.rss_mib.back()) << " MiB), update "
                << fmt(update.seconds.back()) << " s (" << fmt(update.items_per_s.back()) << "/s, "
                << fmt(update.rss_mib.back()) << " MiB), identical " << fmt(identical.seconds.back()) << " s ("
                << fmt(identical.items_per_s.back()) << "/s, " << fmt(identical.rss_mib.back()) << " MiB)\n";
      std::cerr << "  counts new " << fresh.counts.back().dump() << " update " << update.counts.back().dump()
                << " identical " << identical.counts.back().dump() << "\n";
    }
    std::vector<double> raw_rate;
    for (double t : raw_s) raw_rate.push_back(static_cast<double>(secrets) / t);
    result["secrets_raw_create"] = {{"seconds_median", bench::median(raw_s)},
                                    {"items_per_second_median", bench::median(raw_rate)},
                                    {"seconds", raw_s}};
    result["secrets_restore_new_namespace"] = fresh.to_json();
    result["secrets_restore_update_existing"] = update.to_json();
    result["secrets_restore_none_identical"] = identical.to_json();
    bench::stop_kubesim(target_process.k);
    fs::remove_all(dir / "secrets-target");
  }

  // The mixed backup into fresh kubesims, against the raw loader into fresh kubesims.
  if (!skip_mixed) {
    std::vector<double> raw_s, raw_rate;
    Scenario mixed;
    for (int r = 0; r < runs; ++r) {
      std::vector<Object> load(objects);
      for (std::size_t i = 0; i < objects; ++i) {
        auto [path, body] = bench::mixed_object(i);
        load[i] = {std::move(path), std::move(body)};
      }
      fs::path raw_dir = dir / ("mixed-raw-" + std::to_string(r));
      KubesimProcess raw_process(bench::start_kubesim(s.kubesim, raw_dir));
      const bench::Kubesim& raw_target = raw_process.k;
      std::size_t failures = 0;
      auto t0 = Clock::now();
      bench::create_mixed_namespaces_and_crd(raw_target);
      post_all(raw_target, load, s.workers, failures);
      raw_s.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
      raw_rate.push_back(static_cast<double>(objects) / raw_s.back());
      bench::stop_kubesim(raw_process.k);
      fs::remove_all(raw_dir);
      load = {};
      if (failures) throw std::runtime_error(std::to_string(failures) + " raw creates failed");

      fs::path restore_dir = dir / ("mixed-restore-" + std::to_string(r));
      KubesimProcess restore_process(bench::start_kubesim(s.kubesim, restore_dir));
      const bench::Kubesim& restore_target = restore_process.k;
      auto res = restore(s, restore_target, dir, location, "mixed-" + std::to_string(r), "mixed",
                         {"--include-namespaces", "bench-*"});
      mixed.add(res, parse_summary(res.output), raw_s.back());
      bench::stop_kubesim(restore_process.k);
      fs::remove_all(restore_dir);
      std::cerr << "mixed run " << r << ": raw " << fmt(raw_s.back()) << " s (" << fmt(raw_rate.back()) << "/s), restore "
                << fmt(mixed.seconds.back()) << " s (" << fmt(mixed.items_per_s.back()) << "/s, "
                << fmt(mixed.raw_ratio.back()) << "x raw, " << fmt(mixed.rss_mib.back()) << " MiB) "
                << mixed.counts.back().dump() << "\n";
    }
    result["mixed_objects"] = objects;
    result["mixed_raw_create"] = {{"seconds_median", bench::median(raw_s)},
                                  {"items_per_second_median", bench::median(raw_rate)},
                                  {"seconds", raw_s}};
    result["mixed_restore"] = mixed.to_json();
  }
  std::cout << result.dump(2) << std::endl;
  fs::remove_all(dir);
  return 0;
}

int main(int argc, char** argv) {
  if (argc > 3 && std::string(argv[1]) == "--measure-child") return measure_child(argv[2], argv + 3);
  try {
    return run_bench(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "restore-bench: " << e.what() << "\n";
    return 1;
  }
}
