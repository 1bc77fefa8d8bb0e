#include "backup/engine/backup_log.h"

#include <chrono>

#include "common/rfc3339.h"

namespace coffer::backup {
namespace {

// logrus text quoting: values with spaces, quotes or '=' are quoted with Go's %q rules.
std::string quote(const std::string& v) {
  bool needs = v.empty();
  for (char c : v)
    if (c == ' ' || c == '"' || c == '=' || c == '\\' || static_cast<unsigned char>(c) < 0x20) needs = true;
  if (!needs) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"' || c == '\\') out += '\\', out += c;
    else if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (static_cast<unsigned char>(c) < 0x20) out += ' ';
    else out += c;
  }
  return out + "\"";
}

}  // namespace

BackupLog::BackupLog(std::string name, std::function<void(const std::string&)> echo, std::string kind)
    : name_(std::move(name)), kind_(std::move(kind)), echo_(std::move(echo)) {}

void BackupLog::line(const char* level, const std::string& message, const std::map<std::string, std::string>& fields) {
  std::string l = "time=\"" + format_rfc3339(std::chrono::system_clock::now()) + "\" level=" + level +
                  " msg=" + quote(message) + " " + kind_ + "=velero/" + name_;
  for (const auto& [k, v] : fields) l += " " + k + "=" + quote(v);
  l += "\n";
  text_ += l;
  if (echo_) echo_(l);
}

void BackupLog::add(nlohmann::json& result, ResultScope scope, const std::string& ns, const std::string& message) {
  switch (scope) {
    case ResultScope::Velero: result["velero"].push_back(message); break;
    case ResultScope::Cluster: result["cluster"].push_back(message); break;
    case ResultScope::Namespace: result["namespaces"][ns].push_back(message); break;
  }
}

void BackupLog::info(const std::string& message, const std::map<std::string, std::string>& fields) {
  std::lock_guard lock(mu_);
  line("info", message, fields);
}

void BackupLog::warning(ResultScope scope, const std::string& ns, const std::string& message,
                        const std::map<std::string, std::string>& fields) {
  std::lock_guard lock(mu_);
  auto f = fields;
  if (scope == ResultScope::Namespace && !ns.empty()) f["namespace"] = ns;
  line("warning", message, f);
  add(warnings_, scope, ns, message);
  warning_count_++;
}

void BackupLog::error(ResultScope scope, const std::string& ns, const std::string& message,
                      const std::map<std::string, std::string>& fields) {
  std::lock_guard lock(mu_);
  auto f = fields;
  if (scope == ResultScope::Namespace && !ns.empty()) f["namespace"] = ns;
  line("error", message, f);
  add(errors_, scope, ns, message);
  error_count_++;
  error_messages_.push_back(message);
}

std::string BackupLog::text() const {
  std::lock_guard lock(mu_);
  return text_;
}

nlohmann::json BackupLog::results() const {
  std::lock_guard lock(mu_);
  return nlohmann::json{{"warnings", warnings_}, {"errors", errors_}};
}

std::uint64_t BackupLog::warnings() const {
  std::lock_guard lock(mu_);
  return warning_count_;
}

std::uint64_t BackupLog::errors() const {
  std::lock_guard lock(mu_);
  return error_count_;
}

std::vector<std::string> BackupLog::error_messages() const {
  std::lock_guard lock(mu_);
  return error_messages_;
}

}  // namespace coffer::backup
