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
using nlohmann::json;

namespace bench {

Kubesim start_kubesim(const std::string& binary, const fs::path& dir) {
  fs::create_directories(dir);
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

std::string payload(std::size_t i, std::size_t n) {
  std::string p(n, 'x');
  for (std::size_t j = 0; j < n; ++j) p[j] = static_cast<char>('a' + (i * 31 + j * 7) % 26);
  return p;
}

std::pair<std::string, std::string> mixed_object(std::size_t i) {
  std::string ns = mixed_namespace(static_cast<int>(i % kMixedNamespaces));
  std::string id = std::to_string(i);
  json labels = {{"app", "app-" + std::to_string(i % 50)}, {"tier", i % 2 ? "backend" : "frontend"}};
  json annotations = {{"bench.coffer.dev/note", std::string(150, 'n')}};
  json meta = {{"namespace", ns}, {"labels", labels}, {"annotations", annotations}};
  std::size_t slot = i % 20;
  json o;
  std::string path;
  if (slot < 8) {  // 40% ConfigMaps
    meta["name"] = "config-" + id;
    o = {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", meta}, {"data", {{"config.yaml", payload(i, 950)}}}};
    path = "/api/v1/namespaces/" + ns + "/configmaps";
  } else if (slot < 13) {  // 25% Secrets
    meta["name"] = "secret-" + id;
    o = {{"apiVersion", "v1"}, {"kind", "Secret"}, {"metadata", meta}, {"stringData", {{"token", payload(i, 800)}}}};
    path = "/api/v1/namespaces/" + ns + "/secrets";
  } else if (slot < 15) {  // 10% Deployments (0 replicas: no pods)
    meta["name"] = "deploy-" + id;
    json pod_labels = {{"app", "deploy-" + id}};
    json env = json::array({json{{"name", "NOTE"}, {"value", payload(i, 300)}}});
    json container = {{"name", "app"}, {"image", "registry.example/app:" + id}, {"env", env}};
    json pod_spec;
    pod_spec["containers"] = json::array({container});
    json tmpl = {{"metadata", {{"labels", pod_labels}}}, {"spec", pod_spec}};
    json spec = {{"replicas", 0}, {"selector", {{"matchLabels", pod_labels}}}, {"template", tmpl}};
    o = {{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"metadata", meta}, {"spec", spec}};
    path = "/apis/apps/v1/namespaces/" + ns + "/deployments";
  } else if (slot < 16) {  // 5% headless Services
    meta["name"] = "svc-" + id;
    json spec;
    spec["clusterIP"] = "None";
    spec["selector"] = {{"app", "a-" + id}};
    spec["ports"] = json::array({json{{"port", 80}, {"name", "http"}}});
    o = {{"apiVersion", "v1"}, {"kind", "Service"}, {"metadata", meta}, {"spec", spec}};
    path = "/api/v1/namespaces/" + ns + "/services";
  } else if (slot < 17) {  // 5% Pods
    meta["name"] = "pod-" + id;
    json container = {{"name", "app"}, {"image", "registry.example/app:" + id}, {"args", json::array({payload(i, 500)})}};
    json spec;
    spec["containers"] = json::array({container});
    o = {{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", meta}, {"spec", spec}};
    path = "/api/v1/namespaces/" + ns + "/pods";
  } else {  // 15% custom resources
    meta["name"] = "widget-" + id;
    json spec = {{"size", static_cast<int>(i % 100)}, {"description", payload(i, 900)}};
    o = {{"apiVersion", "bench.coffer.dev/v1"}, {"kind", "Widget"}, {"metadata", meta}, {"spec", spec}};
    path = "/apis/bench.coffer.dev/v1/namespaces/" + ns + "/widgets";
  }
  return {path, o.dump()};
}

std::string widget_crd() {
  return json::parse(R"({"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
    "metadata":{"name":"widgets.bench.coffer.dev"},
    "spec":{"group":"bench.coffer.dev","scope":"Namespaced",
      "names":{"plural":"widgets","singular":"widget","kind":"Widget","listKind":"WidgetList"},
      "versions":[{"name":"v1","served":true,"storage":true,
        "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}})")
      .dump();
}

std::string mixed_namespace(int n) { return "bench-" + std::to_string(n); }

void create_mixed_namespaces_and_crd(const Kubesim& k) {
  Client c(k);
  std::string out;
  for (int n = 0; n < kMixedNamespaces; ++n)
    c.request("POST", "/api/v1/namespaces", json{{"metadata", {{"name", mixed_namespace(n)}}}}.dump(), out);
  c.request("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", widget_crd(), out);
  wait_until("the Widget CRD to be served", std::chrono::seconds(30),
             [&] { return c.request("GET", "/apis/bench.coffer.dev/v1/widgets?limit=1", "", out) == 200; });
}

void wait_until_quiet(const Kubesim& k, std::chrono::seconds deadline) {
  Client c(k);
  std::string out, last;
  int stable = 0;
  wait_until("the cluster to settle", deadline, [&] {
    c.request("GET", "/api/v1/namespaces?limit=1", "", out);
    std::string rv = json::parse(out)["metadata"].value("resourceVersion", "");
    stable = rv == last ? stable + 1 : 0;
    last = rv;
    return stable >= 10;  // 2 s without a write
  });
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace bench
