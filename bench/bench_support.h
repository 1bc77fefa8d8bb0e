#pragma once
// Shared by the benchmarks: start a kubesim child process and talk to it with a minimal libcurl
// client (no Coffer code in the measured baseline path), read a process's RSS, take medians, and
// generate the mixed cluster load of the backup and restore benchmarks.
#include <curl/curl.h>
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace bench {

struct Kubesim {
  pid_t pid = -1;
  std::string url, token, ca_file;
  std::string kubeconfig;
};

// Starts `binary` with its data in dir/data and a kubeconfig at dir/kubeconfig; waits for the
// ready line.
Kubesim start_kubesim(const std::string& binary, const std::filesystem::path& dir);
void stop_kubesim(Kubesim& k);

size_t rss_kib(pid_t pid);
double median(std::vector<double> v);

class Client {
 public:
  explicit Client(const Kubesim& k);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;
  long request(const std::string& method, const std::string& path, const std::string& body, std::string& out);

 private:
  const Kubesim& k_;
  CURL* curl_;
  curl_slist* auth_ = nullptr;
};

// Polls pred every 200 ms until it holds; throws after `deadline`.
template <typename Pred>
void wait_until(const std::string& what, std::chrono::seconds deadline, Pred pred) {
  auto end = std::chrono::steady_clock::now() + deadline;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > end) throw std::runtime_error("timed out waiting for " + what);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

// Waits until kubesim has stopped writing: no new resourceVersion for 2 s (controllers done).
void wait_until_quiet(const Kubesim& k, std::chrono::seconds deadline);

// The mixed load: objects spread over kMixedNamespaces namespaces "bench-0".."bench-99", 40%
// ConfigMaps, 25% Secrets, 10% Deployments (0 replicas), 5% headless Services, 5% Pods, 15%
// Widgets (the CRD of widget_crd()), about 1.5 KB of JSON each. Deterministic in i.
constexpr int kMixedNamespaces = 100;
std::string mixed_namespace(int n);
// Object number i of the mix: {collection path, body}.
std::pair<std::string, std::string> mixed_object(std::size_t i);
// The CustomResourceDefinition of widgets.bench.coffer.dev, as a JSON body.
std::string widget_crd();
// Creates the kMixedNamespaces namespaces and the Widget CRD and waits until Widgets are served.
void create_mixed_namespaces_and_crd(const Kubesim& k);
// Lowercase letters derived from i, n bytes long (incompressible enough to look like data).
std::string payload(std::size_t i, std::size_t n);

}  // namespace bench
