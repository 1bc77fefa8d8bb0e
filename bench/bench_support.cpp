#include "bench_support.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

namespace bench {

Kubesim start_kubesim(const std::string& binary, const fs::path& dir) {
  int pipefd[2];
  if (pipe(pipefd) != 0) throw std::runtime_error("pipe failed");
  pid_t pid = fork();
  if (pid == 0) {
    dup2(pipefd[1], 1);
    close(pipefd[0]);
    execl(binary.c_str(), binary.c_str(), "--data-dir", (dir / "data").c_str(), "--kubeconfig",
          (dir / "kubeconfig").c_str(), "--listen", "127.0.0.1:0", (char*)nullptr);
    _exit(127);
  }
  close(pipefd[1]);
  FILE* out = fdopen(pipefd[0], "r");
  char line[512];
  Kubesim k;
  k.pid = pid;
  while (fgets(line, sizeof line, out)) {
    std::string s(line);
    auto pos = s.find("kubesim ready at ");
    if (pos != std::string::npos) {
      k.url = s.substr(pos + 17);
      while (!k.url.empty() && (k.url.back() == '\n' || k.url.back() == '\r')) k.url.pop_back();
      break;
    }
  }
  if (k.url.empty()) throw std::runtime_error("kubesim did not become ready");
  auto tokens = nlohmann::json::parse(std::ifstream(dir / "data" / "tokens.json"));
  k.token = tokens["admin"];
  k.ca_file = (dir / "data" / "pki" / "ca.crt").string();
  k.kubeconfig = (dir / "kubeconfig").string();
  return k;
}

size_t rss_kib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stoul(line.substr(6));
  return 0;
}

namespace {
size_t collect(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

}  // namespace

Client::Client(const Kubesim& k) : k_(k), curl_(curl_easy_init()) {
    auth_ = curl_slist_append(nullptr, ("Authorization: Bearer " + k.token).c_str());
    auth_ = curl_slist_append(auth_, "Content-Type: application/json");
    auth_ = curl_slist_append(auth_, "Accept: application/json");
  }
Client::~Client() {
    curl_slist_free_all(auth_);
    curl_easy_cleanup(curl_);
  }
  long Client::request(const std::string& method, const std::string& path, const std::string& body, std::string& out) {
    out.clear();
    curl_easy_setopt(curl_, CURLOPT_URL, (k_.url + path).c_str());
    curl_easy_setopt(curl_, CURLOPT_CAINFO, k_.ca_file.c_str());
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, auth_);
    curl_easy_setopt(curl_, CURLOPT_CUSTOMREQUEST, method.c_str());
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &out);
    if (method == "POST") {
      curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, body.c_str());
      curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE, long(body.size()));
    } else {
      curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, nullptr);
      curl_easy_setopt(curl_, CURLOPT_HTTPGET, 1L);
      curl_easy_setopt(curl_, CURLOPT_CUSTOMREQUEST, method.c_str());
    }
    CURLcode rc = curl_easy_perform(curl_);
    if (rc != CURLE_OK) throw std::runtime_error(std::string("request failed: ") + curl_easy_strerror(rc));
    long code = 0;
    curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &code);
    return code;
  }


void stop_kubesim(Kubesim& k) {
  if (k.pid <= 0) return;
  kill(k.pid, SIGTERM);
  waitpid(k.pid, nullptr, 0);
  k.pid = -1;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace bench
