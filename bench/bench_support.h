#pragma once
// Shared by the benchmarks: start a kubesim child process and talk to it with a minimal libcurl
// client (no Coffer code in the measured baseline path), read a process's RSS, take medians.
#include <curl/curl.h>
#include <sys/types.h>

#include <filesystem>
#include <string>
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

}  // namespace bench
