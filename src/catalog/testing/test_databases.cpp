#include "catalog/testing/test_databases.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <glob.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include "catalog/db/database.h"

namespace coffer::catalog::testing {
namespace fs = std::filesystem;

std::string backend_name(Backend b) { return b == Backend::sqlite ? "SQLite" : "PostgreSQL"; }

namespace {

std::string make_temp_dir(const std::string& prefix) {
  std::string tmpl = (fs::temp_directory_path() / (prefix + "XXXXXX")).string();
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (!mkdtemp(buf.data())) throw std::runtime_error("mkdtemp " + tmpl + " failed");
  return buf.data();
}

// Temporary SQLite directories, removed at exit.
struct SqliteDirs {
  std::mutex mutex;
  std::vector<std::string> dirs;
  ~SqliteDirs() {
    std::error_code ec;
    for (const auto& d : dirs) fs::remove_all(d, ec);
  }
};
SqliteDirs& sqlite_dirs() {
  static SqliteDirs dirs;
  return dirs;
}

// Runs argv (as `user` via runuser when set), output appended to log; returns the exit status.
int run(std::vector<std::string> argv, const std::string& user, const std::string& log) {
  if (!user.empty()) argv.insert(argv.begin(), {"runuser", "-u", user, "--"});
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
      close(fd);
    }
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  if (s.size() > 2000) s = "..." + s.substr(s.size() - 2000);
  return s;
}

int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

std::string find_pg_bin() {
  glob_t g{};
  std::vector<std::string> found;
  if (glob("/usr/lib/postgresql/*/bin/initdb", 0, nullptr, &g) == 0)
    for (size_t i = 0; i < g.gl_pathc; ++i) found.push_back(fs::path(g.gl_pathv[i]).parent_path().string());
  globfree(&g);
  std::sort(found.begin(), found.end(), [](const std::string& a, const std::string& b) {
    auto va = std::atoi(fs::path(a).parent_path().filename().c_str());
    auto vb = std::atoi(fs::path(b).parent_path().filename().c_str());
    return va < vb;
  });
  return found.empty() ? "" : found.back();
}

class PostgresServer {
 public:
  ~PostgresServer() { stop(); }

  // The admin URL, or sets skip_reason/error.
  std::string admin_url(std::string& skip_reason, std::string& error) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!started_) {
      started_ = true;
      start();
    }
    skip_reason = skip_reason_;
    error = error_;
    return url_;
  }

  void stop() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!data_dir_.empty()) {
      run({bin_ + "/pg_ctl", "-D", data_dir_, "-m", "fast", "-w", "stop"}, user_, dir_ + "/ctl.log");
      data_dir_.clear();
    }
    if (!dir_.empty()) {
      std::error_code ec;
      fs::remove_all(dir_, ec);
      dir_.clear();
    }
  }

 private:
  void start() {
    if (const char* external = std::getenv("COFFER_TEST_POSTGRES_URL"); external && *external) {
      url_ = external;
      return;
    }
    bin_ = find_pg_bin();
    if (bin_.empty()) {
      error_ =
          "PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/initdb); run scripts/setup "
          "(it installs the postgresql package) or set COFFER_TEST_POSTGRES_URL";
      return;
    }
    uid_t owner_uid = geteuid();
    gid_t owner_gid = getegid();
    if (geteuid() == 0) {
      passwd* pw = getpwnam("postgres");
      if (!pw) {
        error_ = "running as root and there is no \"postgres\" user to run PostgreSQL as; run scripts/setup";
        return;
      }
      if (access("/usr/sbin/runuser", X_OK) != 0 && access("/sbin/runuser", X_OK) != 0 &&
          access("/usr/bin/runuser", X_OK) != 0) {
        skip_reason_ = "running as root without runuser to switch to the postgres user";
        return;
      }
      user_ = "postgres";
      owner_uid = pw->pw_uid;
      owner_gid = pw->pw_gid;
    }
    try {
      dir_ = make_temp_dir("coffer-catalog-pg-");
    } catch (const std::exception& e) {
      error_ = e.what();
      return;
    }
    if (chown(dir_.c_str(), owner_uid, owner_gid) != 0) {
      error_ = "cannot give " + dir_ + " to the postgres user";
      return;
    }
    std::string log = dir_ + "/setup.log";
    if (!user_.empty()) {
      // The log files are written by the child after runuser switched users: create them first.
      for (const char* name : {"/setup.log", "/ctl.log", "/server.log"}) {
        std::ofstream(dir_ + name).flush();
        [[maybe_unused]] int rc = chown((dir_ + name).c_str(), owner_uid, owner_gid);
      }
    }
    std::string data = dir_ + "/data";
    int rc = run({bin_ + "/initdb", "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale",
                  "--no-sync"},
                 user_, log);
    if (rc != 0) {
      error_ = "initdb failed (exit " + std::to_string(rc) + "): " + read_file(log);
      return;
    }
    for (int attempt = 0; attempt < 3; ++attempt) {
      int port = free_port();
      std::string options = "-p " + std::to_string(port) + " -k " + dir_ +
                            " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
                            " -c full_page_writes=off -c max_connections=300";
      rc = run({bin_ + "/pg_ctl", "-D", data, "-l", dir_ + "/server.log", "-o", options, "-w", "-t", "60", "start"},
               user_, log);
      if (rc != 0) continue;
      data_dir_ = data;
      std::string url = "postgres://postgres@127.0.0.1:" + std::to_string(port) + "/postgres";
      // Readiness: connection attempts until a deadline (pg_ctl -w already waited).
      auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
      for (;;) {
        try {
          db::open_database(url, {.pool_size = 1})->query("SELECT 1");
          url_ = url;
          return;
        } catch (const std::exception& e) {
          if (std::chrono::steady_clock::now() > deadline) {
            error_ = std::string("PostgreSQL did not accept connections within 30s: ") + e.what() + "\n" +
                     read_file(dir_ + "/server.log");
            return;
          }
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
      }
    }
    error_ = "pg_ctl start failed (exit " + std::to_string(rc) + "): " + read_file(log) + "\n" +
             read_file(dir_ + "/server.log");
  }

  std::mutex mutex_;
  bool started_ = false;
  std::string bin_, user_, dir_, data_dir_, url_, skip_reason_, error_;
};

PostgresServer& server() {
  static PostgresServer s;
  return s;
}

std::string with_database(const std::string& url, const std::string& db) {
  // Replace the path of postgres://.../<db>[?query]
  auto scheme = url.find("://");
  auto slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  auto query = url.find('?');
  std::string tail = query == std::string::npos ? "" : url.substr(query);
  if (slash == std::string::npos) return url + "/" + db + tail;
  return url.substr(0, slash) + "/" + db + tail;
}

}  // namespace

TestDatabase fresh_database(Backend backend) {
  TestDatabase out;
  if (backend == Backend::sqlite) {
    std::string dir = make_temp_dir("coffer-catalog-");
    {
      auto& dirs = sqlite_dirs();
      std::lock_guard<std::mutex> lock(dirs.mutex);
      dirs.dirs.push_back(dir);
    }
    out.url = "sqlite://" + dir + "/catalog.db";
    return out;
  }
  std::string admin = server().admin_url(out.skip_reason, out.error);
  if (admin.empty()) return out;
  static std::atomic<int> counter{0};
  std::string name = "coffer_test_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
  try {
    auto db = db::open_database(admin, {.pool_size = 1});
    // FILE_COPY (PostgreSQL 15+) is about twice as fast as the default for an empty template.
    bool file_copy = db->query("SHOW server_version_num").rows.at(0).i64(0) >= 150000;
    // A generated identifier, not a value: it cannot be a parameter.
    db->execute_script("CREATE DATABASE " + name + (file_copy ? " STRATEGY FILE_COPY" : ""));
    out.url = with_database(admin, name);
  } catch (const std::exception& e) {
    out.error = std::string("creating a test database failed: ") + e.what();
  }
  return out;
}

void stop_test_postgres() { server().stop(); }

}  // namespace coffer::catalog::testing
