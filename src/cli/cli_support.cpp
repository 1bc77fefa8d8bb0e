// Flag parsing and printing shared by the coffer subcommands (see cli_support.h).
#include "cli/cli_support.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "backup/spec/go_duration.h"
#include "common/text.h"
#include "kube/labels/label_selector.h"
#include "storage/factory/location_factory.h"

namespace coffer::cli {

using nlohmann::json;

std::optional<bool> parse_bool_flag(const std::string& flag, const std::string& v, FlagErrors& errors) {
  if (v.empty()) return std::nullopt;
  std::string l = to_lower(v);
  if (l == "true" || l == "1" || l == "yes") return true;
  if (l == "false" || l == "0" || l == "no") return false;
  errors.add("--" + flag + ": \"" + v + "\" is not a boolean; use true or false");
  return std::nullopt;
}

std::chrono::milliseconds parse_duration_flag(const std::string& flag, const std::string& v, FlagErrors& errors) {
  if (v.empty()) return std::chrono::milliseconds(0);
  try {
    auto d = backup::parse_go_duration(v);
    if (d.count() < 0) {
      errors.add("--" + flag + ": \"" + v + "\" is negative; use a positive duration such as 720h");
      return std::chrono::milliseconds(0);
    }
    return std::chrono::duration_cast<std::chrono::milliseconds>(d);
  } catch (const backup::DurationError& e) {
    errors.add("--" + flag + ": " + e.what() + "; use a Go duration such as 30s, 10m, 72h or 1h30m");
    return std::chrono::milliseconds(0);
  }
}

std::map<std::string, std::string> parse_pairs(const std::string& flag, const std::vector<std::string>& items, FlagErrors& errors) {
  std::map<std::string, std::string> out;
  for (const auto& item : items) {
    auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0) {
      errors.add("--" + flag + ": \"" + item + "\" is not key=value");
      continue;
    }
    out[item.substr(0, eq)] = item.substr(eq + 1);
  }
  return out;
}

// "a=b or c=d" -> two selectors (Velero's --or-selector).
std::vector<std::string> split_or(const std::string& text) {
  std::vector<std::string> out;
  std::string rest = text;
  for (;;) {
    auto p = rest.find(" or ");
    std::string head = p == std::string::npos ? rest : rest.substr(0, p);
    std::string part(trim(head));
    if (!part.empty()) out.push_back(part);
    if (p == std::string::npos) break;
    rest = rest.substr(p + 4);
  }
  return out;
}

json selector_json(const std::string& flag, const std::string& text, FlagErrors& errors) {
  try {
    auto sel = kube::LabelSelector::parse(text);
    json match_labels = json::object();
    json expressions = json::array();
    for (const auto& r : sel.requirements()) {
      switch (r.op()) {
        case kube::LabelOperator::Equals:
        case kube::LabelOperator::DoubleEquals: match_labels[r.key()] = r.values().front(); break;
        case kube::LabelOperator::In: expressions.push_back({{"key", r.key()}, {"operator", "In"}, {"values", r.values()}}); break;
        case kube::LabelOperator::NotEquals:
        case kube::LabelOperator::NotIn: expressions.push_back({{"key", r.key()}, {"operator", "NotIn"}, {"values", r.values()}}); break;
        case kube::LabelOperator::Exists: expressions.push_back({{"key", r.key()}, {"operator", "Exists"}}); break;
        case kube::LabelOperator::DoesNotExist: expressions.push_back({{"key", r.key()}, {"operator", "DoesNotExist"}}); break;
        default: errors.add("--" + flag + ": \"" + r.to_string() + "\": Gt and Lt cannot be expressed in a backup's label selector");
      }
    }
    json out = json::object();
    if (!match_labels.empty()) out["matchLabels"] = match_labels;
    if (!expressions.empty()) out["matchExpressions"] = expressions;
    return out;
  } catch (const std::exception& e) {
    errors.add("--" + flag + ": " + e.what());
    return json::object();
  }
}

std::string read_file_text(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::unique_ptr<storage::ObjectStore> open_store(const std::string& url) {
  if (url.empty()) throw std::runtime_error("--location is required, e.g. --location file:///var/backups/coffer");
  return storage::open_store(url);
}

void print_list(std::ostream& out, const char* label, const std::vector<std::string>& v, const char* empty) {
  out << "  " << label << (v.empty() ? empty : join(v, ", ")) << "\n";
}

std::vector<std::string> json_strings(const json& j, const char* key) {
  std::vector<std::string> out;
  if (j.contains(key) && j[key].is_array())
    for (const auto& v : j[key]) out.push_back(v.is_string() ? v.get<std::string>() : v.dump());
  return out;
}

std::string str_or(const json& j, const char* key, const std::string& dflt) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : dflt;
}

// kubectl's order: --kubeconfig, KUBECONFIG, ~/.kube/config; inside a pod with none of them,
// the pod's service account (in-cluster config).
kube::RestConfig load_cluster_config(const std::string& kubeconfig, const std::string& context) {
  auto options = kube::kubeconfig_options_from_env(kubeconfig, context);
  bool no_file = kubeconfig.empty() && (!options.env_kubeconfig || options.env_kubeconfig->empty()) &&
                 !std::filesystem::exists(options.home + "/.kube/config");
  if (no_file && std::getenv("KUBERNETES_SERVICE_HOST")) return kube::in_cluster_config();
  return kube::load_kubeconfig(options);
}

void print_results(std::ostream& out, const char* title, const json& r) {
  std::size_t n = 0;
  for (const char* k : {"velero", "cluster"})
    if (r.contains(k)) n += r[k].size();
  if (r.contains("namespaces"))
    for (const auto& [ns, v] : r["namespaces"].items()) n += v.size();
  out << title << (n == 0 ? "  <none>\n" : "\n");
  for (const char* k : {"velero", "cluster"})
    if (r.contains(k) && !r[k].empty()) {
      out << "  " << (std::string(k) == "velero" ? "Velero" : "Cluster") << ":\n";
      for (const auto& m : r[k]) out << "    " << m.get<std::string>() << "\n";
    }
  if (r.contains("namespaces"))
    for (const auto& [ns, v] : r["namespaces"].items()) {
      out << "  Namespace " << ns << ":\n";
      for (const auto& m : v) out << "    " << m.get<std::string>() << "\n";
    }
}

void add_location_read_flags(CLI::App* cmd, std::string* name, const char* what, std::string& location,
                             std::string& output) {
  if (name != nullptr) cmd->add_option("NAME", *name, what)->required();
  cmd->add_option("--location", location, "storage location URL, e.g. file:///var/backups/coffer")->required();
  cmd->add_option("-o,--output", output, "output format: json")->check(CLI::IsMember({"", "json"}));
}

}  // namespace coffer::cli
