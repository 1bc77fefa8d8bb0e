#pragma once

// BackupLog: the log of a backup or a restore (logrus text lines, as Velero writes <B>-logs.gz and
// restore-<R>-logs.gz) and its results
// (<B>-results.gz: {"warnings": Result, "errors": Result} with Result = {velero, cluster,
// namespaces{ns: [...]}}). Thread-safe. Warnings and errors count toward status.warnings/errors.

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace coffer::backup {

enum class ResultScope { Velero, Cluster, Namespace };

class BackupLog {
 public:
  // kind names the subject in every line: "backup=velero/<name>" or "restore=velero/<name>".
  BackupLog(std::string name, std::function<void(const std::string&)> echo, std::string kind = "backup");

  void info(const std::string& message, const std::map<std::string, std::string>& fields = {});
  void warning(ResultScope scope, const std::string& ns, const std::string& message,
               const std::map<std::string, std::string>& fields = {});
  void error(ResultScope scope, const std::string& ns, const std::string& message,
             const std::map<std::string, std::string>& fields = {});

  std::string text() const;
  nlohmann::json results() const;
  std::uint64_t warnings() const;
  std::uint64_t errors() const;
  std::vector<std::string> error_messages() const;

 private:
  void line(const char* level, const std::string& message, const std::map<std::string, std::string>& fields);
  static void add(nlohmann::json& result, ResultScope scope, const std::string& ns, const std::string& message);

  std::string name_;
  std::string kind_;
  std::function<void(const std::string&)> echo_;
  mutable std::mutex mu_;
  std::string text_;
  nlohmann::json warnings_ = nlohmann::json::object();
  nlohmann::json errors_ = nlohmann::json::object();
  std::uint64_t warning_count_ = 0, error_count_ = 0;
  std::vector<std::string> error_messages_;
};

}  // namespace coffer::backup
