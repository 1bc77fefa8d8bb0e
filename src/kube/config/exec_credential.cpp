// ExecCredentialProvider: runs client.authentication.k8s.io exec plugins (client-go's exec
// authenticator) with posix_spawnp, reading stdout and stderr through pipes with poll().
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/base64.h"
#include "common/rfc3339.h"
#include "common/text.h"
#include "kube/config/kubeconfig.h"

extern char** environ;

namespace coffer::kube {
namespace {
using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr size_t kMaxStdout = 16 << 20;  // a credential is a few KB; more is discarded
constexpr size_t kMaxStderr = 64 << 10;
constexpr long long kRefreshMarginSeconds = 10;

class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  ~Fd() { reset(); }
  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

// A close-on-exec pipe whose ends are >= 3, so that dup2 onto 1 and 2 in the child always
// produces a fresh descriptor (without FD_CLOEXEC) even when the parent's stdio is closed.
void make_pipe(Fd& read_end, Fd& write_end) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe");
  for (int& fd : fds) {
    if (fd < 3) {
      int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
      int saved = errno;
      ::close(fd);
      if (moved < 0) throw std::system_error(saved, std::generic_category(), "fcntl");
      fd = moved;
    }
  }
  read_end = Fd(fds[0]);
  write_end = Fd(fds[1]);
}

struct ProcessResult {
  bool timed_out = false;
  bool status_known = false;
  int wait_status = 0;
  std::string out, err;
};

class SpawnError : public std::runtime_error {
 public:
  SpawnError(int code, const std::string& what) : std::runtime_error(what), code(code) {}
  int code;
};

void kill_group(pid_t pid) {
  ::kill(-pid, SIGKILL);  // the plugin and anything it started (it leads its own process group)
  ::kill(pid, SIGKILL);
}

// Appends what is readable now; returns false at end of file (or on a read error).
bool drain(int fd, std::string& into, size_t limit) {
  char buf[16384];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
      if (into.size() < limit) into.append(buf, std::min(size_t(n), limit - into.size()));
      continue;
    }
    if (n == 0) return false;
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return true;
    return false;
  }
}

ProcessResult run_process(const std::vector<std::string>& argv_strings, const std::vector<std::string>& env_strings,
                          int timeout_seconds) {
  Fd out_r, out_w, err_r, err_w;
  make_pipe(out_r, out_w);
  make_pipe(err_r, err_w);

  std::vector<char*> argv;
  for (const auto& a : argv_strings) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (const auto& e : env_strings) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);  // never interactive
  posix_spawn_file_actions_adddup2(&actions, out_w.get(), 1);
  posix_spawn_file_actions_adddup2(&actions, err_w.get(), 2);

  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &all);  // e.g. an ignored SIGPIPE is not inherited
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);

  pid_t pid = -1;
  int rc = ::posix_spawnp(&pid, argv[0], &actions, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) throw SpawnError(rc, std::strerror(rc));
  out_w.reset();
  err_w.reset();
  ::fcntl(out_r.get(), F_SETFL, ::fcntl(out_r.get(), F_GETFL) | O_NONBLOCK);
  ::fcntl(err_r.get(), F_SETFL, ::fcntl(err_r.get(), F_GETFL) | O_NONBLOCK);

  ProcessResult result;
  const auto deadline = Clock::now() + std::chrono::seconds(timeout_seconds > 0 ? timeout_seconds : 1);
  bool exited = false;
  auto reap = [&](int options) {
    while (!exited) {
      int status = 0;
      pid_t r = ::waitpid(pid, &status, options);
      if (r == pid) {
        exited = true;
        result.status_known = true;
        result.wait_status = status;
      } else if (r < 0 && errno == EINTR) {
        continue;
      } else if (r < 0) {
        exited = true;  // ECHILD: someone else reaped it (SIGCHLD ignored); status unknown
      }
      break;
    }
  };
  auto time_left_ms = [&]() {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left > 0 ? left : 0;
  };

  while (out_r.valid() || err_r.valid()) {
    if (!exited) reap(WNOHANG);
    long long left = time_left_ms();
    if (left == 0) {
      if (!exited) result.timed_out = true;
      break;  // (an exited plugin's descendants may still be writing: stop reading anyway)
    }
    // While the plugin runs, wake up regularly to notice its exit even if a child of it keeps the
    // pipes open; once it has exited, only take what is already buffered.
    int wait_ms = exited ? 0 : int(std::min<long long>(left, 50));
    pollfd fds[2];
    nfds_t n = 0;
    Fd* owners[2];
    std::string* sinks[2];
    size_t limits[2];
    if (out_r.valid()) {
      fds[n] = {out_r.get(), POLLIN, 0};
      owners[n] = &out_r;
      sinks[n] = &result.out;
      limits[n++] = kMaxStdout;
    }
    if (err_r.valid()) {
      fds[n] = {err_r.get(), POLLIN, 0};
      owners[n] = &err_r;
      sinks[n] = &result.err;
      limits[n++] = kMaxStderr;
    }
    int ready = ::poll(fds, n, wait_ms);
    if (ready < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (ready == 0) {
      if (exited) break;  // nothing more buffered; leftover descendants may hold the pipes
      continue;
    }
    for (nfds_t i = 0; i < n; ++i) {
      if (fds[i].revents == 0) continue;
      if (!drain(fds[i].fd, *sinks[i], limits[i])) owners[i]->reset();
    }
  }

  if (!result.timed_out) {
    // Output is closed; wait for the exit itself within the same deadline.
    while (!exited) {
      reap(WNOHANG);
      if (exited) break;
      if (time_left_ms() == 0) {
        result.timed_out = true;
        break;
      }
      timespec pause{0, 10 * 1000 * 1000};
      ::nanosleep(&pause, nullptr);
    }
  }
  if (result.timed_out) {
    kill_group(pid);
    reap(0);
    result.status_known = false;
  }
  return result;
}

std::string first_line(const std::string& text) {
  for (const std::string& line : split(text, '\n')) {
    std::string_view t = trim(line);
    if (t.empty()) continue;
    std::string out(t.substr(0, 500));
    if (t.size() > 500) out += "...";
    return out;
  }
  return "";
}

std::string describe_status(int status) {
  if (WIFEXITED(status)) return "exit status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    const char* name = ::strsignal(sig);
    return "signal " + std::to_string(sig) + (name ? std::string(" (") + name + ")" : std::string());
  }
  return "wait status " + std::to_string(status);
}

std::string shorten(const std::string& s) { return s.size() > 100 ? s.substr(0, 100) + "..." : s; }

}  // namespace

struct ExecCredentialProvider::State {
  ExecConfig config;
  std::string server;
  std::string ca_pem;
  int timeout_seconds = 30;
  std::mutex mu;
  std::optional<ExecCredential> cached;
  std::atomic<int> runs{0};

  // "exec plugin "CMD" WHAT; stderr: LINE; install hint: HINT" -- args, env and stdout are left
  // out on purpose: they may carry secrets (client secrets in args, tokens on stdout).
  [[noreturn]] void fail(const std::string& what, const std::string& err = "") const {
    std::string message = "exec plugin \"" + config.command + "\" " + what;
    std::string line = first_line(err);
    if (!line.empty()) message += "; stderr: " + line;
    std::string hint(trim(config.install_hint));
    if (!hint.empty()) message += "; install hint: " + hint;
    throw KubeconfigError(message);
  }

  std::string exec_info() const {
    json spec = {{"interactive", false}};
    if (config.provide_cluster_info) {
      json cluster = {{"server", server}};
      if (!ca_pem.empty()) cluster["certificate-authority-data"] = base64_encode(ca_pem);
      spec["cluster"] = std::move(cluster);
    }
    json info = {{"apiVersion", config.api_version}, {"kind", "ExecCredential"}, {"spec", std::move(spec)}};
    return info.dump();
  }

  std::vector<std::string> environment() const {
    // The process environment, then the kubeconfig's env entries, then KUBERNETES_EXEC_INFO;
    // later entries replace earlier ones of the same name.
    std::vector<std::pair<std::string, std::string>> vars;
    auto set = [&vars](const std::string& name, const std::string& value) {
      for (auto& var : vars)
        if (var.first == name) {
          var.second = value;
          return;
        }
      vars.emplace_back(name, value);
    };
    for (char** e = environ; e && *e; ++e) {
      std::string entry(*e);
      size_t eq = entry.find('=');
      if (eq == std::string::npos) continue;
      set(entry.substr(0, eq), entry.substr(eq + 1));
    }
    for (const auto& var : config.env) set(var.first, var.second);
    set("KUBERNETES_EXEC_INFO", exec_info());
    std::vector<std::string> out;
    out.reserve(vars.size());
    for (const auto& var : vars) out.push_back(var.first + "=" + var.second);
    return out;
  }

  ExecCredential parse(const std::string& out, const std::string& err) const {
    const std::string exited = "exited with exit status 0 but ";
    json doc;
    try {
      doc = json::parse(out);
    } catch (const json::parse_error& e) {
      // The parser's own message quotes the input, which may be a token: only the offset is kept.
      fail(exited + "its output is not valid JSON (parse error at byte " + std::to_string(e.byte) + " of " +
               std::to_string(out.size()) + ")",
           err);
    }
    if (!doc.is_object()) fail(exited + "its output is not a JSON object", err);
    auto text = [&](const json& obj, const char* key, const std::string& where) -> std::string {
      auto it = obj.find(key);
      if (it == obj.end() || it->is_null()) return "";
      if (!it->is_string()) fail(exited + "its output has a non-string " + where + key, err);
      return it->get<std::string>();
    };
    std::string api_version = text(doc, "apiVersion", "");
    if (api_version != config.api_version)
      fail(exited + "returned apiVersion \"" + shorten(api_version) + "\", but the kubeconfig asks for \"" +
               config.api_version + "\"",
           err);
    std::string kind = text(doc, "kind", "");
    if (kind != "ExecCredential") fail(exited + "returned kind \"" + shorten(kind) + "\", not ExecCredential", err);
    auto status = doc.find("status");
    if (status == doc.end() || !status->is_object()) fail(exited + "returned no status", err);

    ExecCredential cred;
    cred.token = text(*status, "token", "status.");
    cred.client_cert_pem = text(*status, "clientCertificateData", "status.");
    cred.client_key_pem = text(*status, "clientKeyData", "status.");
    if (cred.client_cert_pem.empty() != cred.client_key_pem.empty())
      fail(exited + "returned only one of status.clientCertificateData and status.clientKeyData", err);
    if (cred.token.empty() && cred.client_cert_pem.empty())
      fail(exited + "returned neither status.token nor status.clientCertificateData/clientKeyData", err);
    std::string expiry = text(*status, "expirationTimestamp", "status.");
    if (!expiry.empty()) {
      try {
        cred.expiration_unix =
            std::chrono::duration_cast<std::chrono::seconds>(parse_rfc3339(expiry).time_since_epoch()).count();
      } catch (const std::invalid_argument&) {
        fail(exited + "returned an invalid status.expirationTimestamp \"" + shorten(expiry) + "\" (want RFC 3339)", err);
      }
    }
    return cred;
  }

  ExecCredential run() {
    if (config.interactive_mode == "Always")
      fail("needs an interactive terminal (interactiveMode: Always), but plugins run non-interactively here");
    std::vector<std::string> argv{config.command};
    argv.insert(argv.end(), config.args.begin(), config.args.end());
    ProcessResult result;
    try {
      result = run_process(argv, environment(), timeout_seconds);
    } catch (const SpawnError& e) {
      if (e.code == ENOENT) fail("could not be started: executable not found (" + std::string(e.what()) + ")");
      fail("could not be started: " + std::string(e.what()));
    } catch (const std::system_error& e) {
      fail("could not be started: " + std::string(e.what()));
    }
    runs.fetch_add(1);
    if (result.timed_out)
      fail("timed out after " + std::to_string(timeout_seconds) + "s and was killed", result.err);
    if (!result.status_known) fail("exited with an unknown status (it was reaped elsewhere)", result.err);
    if (!WIFEXITED(result.wait_status) || WEXITSTATUS(result.wait_status) != 0)
      fail("failed with " + describe_status(result.wait_status), result.err);
    return parse(result.out, result.err);
  }

  bool usable(const ExecCredential& cred) const {
    if (!cred.expiration_unix) return true;
    long long now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    return *cred.expiration_unix - now > kRefreshMarginSeconds;
  }
};

ExecCredentialProvider::ExecCredentialProvider(ExecConfig config, std::string server, std::string ca_pem,
                                               int timeout_seconds)
    : state_(std::make_shared<State>()) {
  state_->config = std::move(config);
  state_->server = std::move(server);
  state_->ca_pem = std::move(ca_pem);
  state_->timeout_seconds = timeout_seconds;
}

ExecCredential ExecCredentialProvider::get() {
  std::lock_guard lock(state_->mu);
  if (state_->cached && state_->usable(*state_->cached)) return *state_->cached;
  state_->cached.reset();
  ExecCredential fresh = state_->run();
  state_->cached = fresh;
  return fresh;
}

void ExecCredentialProvider::invalidate() {
  std::lock_guard lock(state_->mu);
  state_->cached.reset();
}

int ExecCredentialProvider::runs() const { return state_->runs.load(); }

}  // namespace coffer::kube
