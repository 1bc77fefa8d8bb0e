#include "kube/config/kubeconfig.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <set>
#include <utility>

#include <nlohmann/json.hpp>

#include "common/base64.h"
#include "common/text.h"
#include "common/yaml_json.h"

namespace coffer::kube {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kInlineLabel = "(inline)";

// A position inside one kubeconfig document, for messages: "kubeconfig FILE: PATH.FIELD: WHAT".
struct Where {
  std::string file;
  std::string path;  // e.g. "users[0].user"; empty at the document root

  std::string field(const std::string& name) const { return path.empty() ? name : path + "." + name; }
  Where child(const std::string& name) const { return Where{file, field(name)}; }

  [[noreturn]] void fail(const std::string& name, const std::string& what) const {
    std::string at = name.empty() ? path : field(name);
    throw KubeconfigError("kubeconfig " + file + ": " + (at.empty() ? "" : at + ": ") + what);
  }
};

std::string describe_type(const json& v) {
  std::string type = v.type_name();
  if (v.is_number() || v.is_boolean()) type += " (quote the value to make it a string)";
  return type;
}

// Optional string field: "" when absent or null. Values are never echoed (they may be secrets).
std::string get_string(const json& obj, const Where& w, const std::string& key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return "";
  if (!it->is_string()) w.fail(key, "expected a string, got a " + describe_type(*it));
  return it->get<std::string>();
}

bool get_bool(const json& obj, const Where& w, const std::string& key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return false;
  if (!it->is_boolean()) w.fail(key, "expected true or false, got a " + std::string(it->type_name()));
  return it->get<bool>();
}

const json* get_object(const json& obj, const Where& w, const std::string& key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  if (!it->is_object()) w.fail(key, "expected a mapping, got a " + std::string(it->type_name()));
  return &*it;
}

const json* get_array(const json& obj, const Where& w, const std::string& key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  if (!it->is_array()) w.fail(key, "expected a list, got a " + std::string(it->type_name()));
  return &*it;
}

// Reads a whole file; on failure returns false with a reason (strerror text).
bool read_whole_file(const std::string& path, std::string& out, std::string& error) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = std::strerror(errno);
    return false;
  }
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    error = "is a directory";
    return false;
  }
  out.clear();
  char buf[65536];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = std::strerror(errno);
      ::close(fd);
      return false;
    }
    if (n == 0) break;
    out.append(buf, size_t(n));
  }
  ::close(fd);
  return true;
}

std::string absolute_path(const std::string& path) {
  std::error_code ec;
  fs::path abs = fs::absolute(fs::path(path), ec);
  if (ec) abs = fs::path(path);
  return abs.lexically_normal().string();
}

// Relative paths inside a kubeconfig are relative to the directory of the file defining them.
std::string resolve_path(const std::string& dir, const std::string& path) {
  if (path.empty()) return path;
  fs::path p(path);
  if (p.is_absolute()) return p.lexically_normal().string();
  return (fs::path(dir) / p).lexically_normal().string();
}

bool looks_like_pem(const std::string& text) { return text.find("-----BEGIN ") != std::string::npos; }

std::string decode_pem_data(const std::string& data, const Where& w, const std::string& field) {
  std::string decoded;
  try {
    decoded = base64_decode(trim(data));
  } catch (const std::invalid_argument&) {
    w.fail(field, "invalid base64");
  }
  if (!looks_like_pem(decoded)) w.fail(field, "decoded data is not PEM (no '-----BEGIN' line)");
  return decoded;
}

std::string read_pem_file(const std::string& path, const Where& w, const std::string& field) {
  std::string text, error;
  if (!read_whole_file(path, text, error)) w.fail(field, "cannot read " + path + ": " + error);
  if (!looks_like_pem(text)) w.fail(field, path + " is not PEM (no '-----BEGIN' line)");
  return text;
}

// PEM from "<field>-data" (base64, wins as in client-go) or from the file "<field>".
std::string pem_from(const json& obj, const Where& w, const std::string& dir, const std::string& field) {
  const std::string data_field = field + "-data";
  std::string data = get_string(obj, w, data_field);
  if (!data.empty()) return decode_pem_data(data, w, data_field);
  std::string file = get_string(obj, w, field);
  if (!file.empty()) return read_pem_file(resolve_path(dir, file), w, field);
  return "";
}

// One named entry of clusters/users/contexts, remembering where it came from.
struct Entry {
  json body;
  Where where;      // e.g. users[2].user in FILE
  std::string dir;  // directory of FILE, for relative paths
};

struct Merged {
  std::map<std::string, Entry> clusters, users, contexts;
  std::string current_context;
  std::vector<std::string> files;  // files read, in order
};

json parse_document(const std::string& text, const std::string& label) {
  json doc;
  try {
    doc = parse_yaml(text);
  } catch (const std::invalid_argument& e) {
    throw KubeconfigError("kubeconfig " + label + ": " + e.what());
  }
  if (doc.is_null()) return json::object();  // an empty file is an empty config
  if (!doc.is_object())
    throw KubeconfigError("kubeconfig " + label + ": expected a mapping (apiVersion: v1, kind: Config), got a " +
                          std::string(doc.type_name()));
  Where root{label, ""};
  std::string kind = get_string(doc, root, "kind");
  if (!kind.empty() && kind != "Config") root.fail("kind", "expected Config, got \"" + kind + "\"");
  return doc;
}

// clientcmd: within one file names must be unique; across files the first file defining a name wins.
void merge_list(std::map<std::string, Entry>& into, const json& doc, const Where& root, const std::string& list_key,
                const std::string& item_key, const std::string& dir) {
  const json* list = get_array(doc, root, list_key);
  if (!list) return;
  std::set<std::string> seen;
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string item_path = list_key + "[" + std::to_string(i) + "]";
    const json& item = (*list)[i];
    if (!item.is_object()) root.fail(item_path, "expected a mapping, got a " + std::string(item.type_name()));
    Where w = root.child(item_path);
    std::string name = get_string(item, w, "name");
    if (name.empty()) w.fail("name", "missing");
    if (!seen.insert(name).second) w.fail("name", "duplicate name \"" + name + "\" in " + list_key);
    const json* body = get_object(item, w, item_key);
    if (into.count(name)) continue;
    into.emplace(name, Entry{body ? *body : json::object(), w.child(item_key), dir});
  }
}

void merge_document(Merged& merged, const json& doc, const std::string& label, const std::string& dir) {
  Where root{label, ""};
  merge_list(merged.clusters, doc, root, "clusters", "cluster", dir);
  merge_list(merged.users, doc, root, "users", "user", dir);
  merge_list(merged.contexts, doc, root, "contexts", "context", dir);
  std::string current = get_string(doc, root, "current-context");
  if (merged.current_context.empty()) merged.current_context = current;
}

std::string files_text(const Merged& merged) {
  return merged.files.empty() ? std::string(kInlineLabel) : join(merged.files, ", ");
}

std::string available_contexts(const Merged& merged) {
  if (merged.contexts.empty()) return " (no contexts are defined)";
  std::vector<std::string> names;
  for (const auto& entry : merged.contexts) names.push_back(entry.first);
  return " (available contexts: " + join(names, ", ") + ")";
}

void apply_cluster(RestConfig& cfg, const Entry& entry) {
  const json& b = entry.body;
  const Where& w = entry.where;
  std::string server = std::string(trim(get_string(b, w, "server")));
  if (server.empty()) w.fail("server", "missing (no server found for cluster \"" + cfg.cluster_name + "\")");
  if (server.find("://") == std::string::npos) server = "https://" + server;
  while (!server.empty() && server.back() == '/') server.pop_back();
  cfg.server = server;

  cfg.ca_pem = pem_from(b, w, entry.dir, "certificate-authority");
  cfg.insecure_skip_tls_verify = get_bool(b, w, "insecure-skip-tls-verify");
  if (cfg.insecure_skip_tls_verify && !cfg.ca_pem.empty())
    w.fail("insecure-skip-tls-verify",
           "cannot be combined with certificate-authority(-data): specifying a root certificate with the insecure "
           "flag is not allowed");
  cfg.tls_server_name = get_string(b, w, "tls-server-name");
  cfg.proxy_url = get_string(b, w, "proxy-url");
  if (!cfg.proxy_url.empty()) {
    size_t sep = cfg.proxy_url.find("://");
    std::string scheme = sep == std::string::npos ? "" : to_lower(cfg.proxy_url.substr(0, sep));
    // The URL itself is not echoed: it may carry user:password.
    if (scheme != "http" && scheme != "https" && scheme != "socks5")
      w.fail("proxy-url", "unsupported proxy URL (scheme must be http, https or socks5)");
  }
}

std::string auth_provider_advice(const std::string& name) {
  if (name == "gcp") return "gke-gcloud-auth-plugin";
  if (name == "azure") return "kubelogin (Azure/kubelogin)";
  if (name == "oidc") return "kubectl oidc-login (int128/kubelogin)";
  return "the one your cloud provider documents";
}

ExecConfig parse_exec(const json& exec, const Where& w, const std::string& dir) {
  ExecConfig ec;
  ec.command = get_string(exec, w, "command");
  if (ec.command.empty()) w.fail("command", "missing (command must be specified to use an exec plugin)");
  if (ec.command.find('/') != std::string::npos) ec.command = resolve_path(dir, ec.command);

  if (const json* args = get_array(exec, w, "args")) {
    for (size_t i = 0; i < args->size(); ++i) {
      const json& a = (*args)[i];
      if (!a.is_string())
        w.fail("args[" + std::to_string(i) + "]", "expected a string, got a " + describe_type(a));
      ec.args.push_back(a.get<std::string>());
    }
  }
  if (const json* env = get_array(exec, w, "env")) {
    for (size_t i = 0; i < env->size(); ++i) {
      const std::string item_path = "env[" + std::to_string(i) + "]";
      const json& e = (*env)[i];
      if (!e.is_object()) w.fail(item_path, "expected a mapping with name and value");
      Where ew = w.child(item_path);
      std::string name = get_string(e, ew, "name");
      if (name.empty()) ew.fail("name", "missing (env variable name must be specified)");
      if (name.find('=') != std::string::npos) ew.fail("name", "must not contain '='");
      ec.env.emplace_back(name, get_string(e, ew, "value"));
    }
  }
  ec.api_version = get_string(exec, w, "apiVersion");
  if (ec.api_version.empty()) w.fail("apiVersion", "missing (apiVersion must be specified to use an exec plugin)");
  const bool v1 = ec.api_version == "client.authentication.k8s.io/v1";
  const bool v1beta1 = ec.api_version == "client.authentication.k8s.io/v1beta1";
  if (!v1 && !v1beta1)
    w.fail("apiVersion", "unsupported exec plugin API version \"" + ec.api_version +
                             "\" (supported: client.authentication.k8s.io/v1, client.authentication.k8s.io/v1beta1)");
  ec.install_hint = get_string(exec, w, "installHint");
  ec.provide_cluster_info = get_bool(exec, w, "provideClusterInfo");
  ec.interactive_mode = get_string(exec, w, "interactiveMode");
  if (ec.interactive_mode.empty()) {
    if (v1) w.fail("interactiveMode", "missing (required for client.authentication.k8s.io/v1: Never, IfAvailable or Always)");
    ec.interactive_mode = "IfAvailable";
  } else if (ec.interactive_mode != "Never" && ec.interactive_mode != "IfAvailable" &&
             ec.interactive_mode != "Always") {
    w.fail("interactiveMode", "invalid value \"" + ec.interactive_mode + "\" (Never, IfAvailable or Always)");
  }
  return ec;
}

void apply_user(RestConfig& cfg, const Entry& entry) {
  const json& b = entry.body;
  const Where& w = entry.where;

  if (const json* provider = get_object(b, w, "auth-provider")) {
    std::string name = get_string(*provider, w.child("auth-provider"), "name");
    w.fail("auth-provider", "auth-provider '" + name + "' is not supported; use an exec plugin such as " +
                                auth_provider_advice(name));
  }

  cfg.token = get_string(b, w, "token");
  std::string token_file = get_string(b, w, "tokenFile");
  if (!token_file.empty()) {
    cfg.token_file = resolve_path(entry.dir, token_file);
    std::string content, error;
    if (!read_whole_file(cfg.token_file, content, error))
      w.fail("tokenFile", "cannot read " + cfg.token_file + ": " + error);
  }
  cfg.username = get_string(b, w, "username");
  cfg.password = get_string(b, w, "password");
  std::vector<std::string> methods;
  if (!cfg.token.empty()) methods.push_back("token");
  if (!cfg.username.empty() || !cfg.password.empty()) methods.push_back("basic auth (username/password)");
  if (methods.size() > 1)
    w.fail("", "more than one authentication method found for user \"" + cfg.user_name + "\" (" +
                   join(methods, ", ") + "); only one is allowed");

  cfg.client_cert_pem = pem_from(b, w, entry.dir, "client-certificate");
  cfg.client_key_pem = pem_from(b, w, entry.dir, "client-key");
  if (!cfg.client_cert_pem.empty() && cfg.client_key_pem.empty())
    w.fail("client-key-data", "missing: client-key-data or client-key must be specified to use a client certificate");
  if (cfg.client_cert_pem.empty() && !cfg.client_key_pem.empty())
    w.fail("client-certificate-data",
           "missing: client-certificate-data or client-certificate must be specified with a client key");

  if (const json* exec = get_object(b, w, "exec")) cfg.exec = parse_exec(*exec, w.child("exec"), entry.dir);
}

RestConfig resolve(const Merged& merged, const std::string& context_override) {
  RestConfig cfg;
  cfg.source_files = merged.files;
  const std::string context = context_override.empty() ? merged.current_context : context_override;
  if (context.empty())
    throw KubeconfigError("no context selected: current-context is not set in kubeconfig " + files_text(merged) +
                          "; pass --context" + available_contexts(merged));
  auto ctx = merged.contexts.find(context);
  if (ctx == merged.contexts.end())
    throw KubeconfigError("context \"" + context + "\" not found in kubeconfig " + files_text(merged) +
                          available_contexts(merged));
  cfg.context_name = context;
  const Entry& c = ctx->second;

  cfg.cluster_name = get_string(c.body, c.where, "cluster");
  if (cfg.cluster_name.empty()) c.where.fail("cluster", "missing (cluster was not specified for context \"" + context + "\")");
  auto cluster = merged.clusters.find(cfg.cluster_name);
  if (cluster == merged.clusters.end())
    c.where.fail("cluster", "cluster \"" + cfg.cluster_name + "\" of context \"" + context +
                                "\" not found in kubeconfig " + files_text(merged));
  cfg.user_name = get_string(c.body, c.where, "user");
  if (cfg.user_name.empty()) c.where.fail("user", "missing (user was not specified for context \"" + context + "\")");
  auto user = merged.users.find(cfg.user_name);
  if (user == merged.users.end())
    c.where.fail("user", "user \"" + cfg.user_name + "\" of context \"" + context + "\" not found in kubeconfig " +
                             files_text(merged));
  cfg.default_namespace = get_string(c.body, c.where, "namespace");
  if (cfg.default_namespace.empty()) cfg.default_namespace = "default";

  apply_cluster(cfg, cluster->second);
  apply_user(cfg, user->second);
  return cfg;
}

bool file_exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

void read_into(Merged& merged, const std::string& path) {
  std::string text, error;
  if (!read_whole_file(path, text, error)) throw KubeconfigError("kubeconfig " + path + ": cannot read: " + error);
  json doc = parse_document(text, path);
  merged.files.push_back(path);
  merge_document(merged, doc, path, fs::path(path).parent_path().string());
}

}  // namespace

KubeconfigLoadOptions kubeconfig_options_from_env(std::string explicit_path, std::string context) {
  KubeconfigLoadOptions options;
  options.explicit_path = std::move(explicit_path);
  options.context = std::move(context);
  if (const char* kubeconfig = std::getenv("KUBECONFIG")) options.env_kubeconfig = std::string(kubeconfig);
  if (const char* home = std::getenv("HOME")) options.home = home;
  return options;
}

RestConfig load_kubeconfig(const KubeconfigLoadOptions& options) {
  Merged merged;
  if (!options.explicit_path.empty()) {
    read_into(merged, absolute_path(options.explicit_path));
  } else if (options.env_kubeconfig && !options.env_kubeconfig->empty()) {
    std::vector<std::string> listed;
    std::set<std::string> seen;
    for (const std::string& item : split(*options.env_kubeconfig, ':')) {
      if (trim(item).empty()) continue;
      std::string path = absolute_path(item);
      if (seen.insert(path).second) listed.push_back(path);
    }
    for (const std::string& path : listed)
      if (file_exists(path)) read_into(merged, path);
    if (merged.files.empty())
      throw KubeconfigError("no kubeconfig found: none of the files in KUBECONFIG exist (" +
                            (listed.empty() ? std::string("empty list") : join(listed, ", ")) + ")");
  } else {
    if (options.home.empty())
      throw KubeconfigError("no kubeconfig found: HOME is not set (set KUBECONFIG or pass --kubeconfig)");
    std::string path = absolute_path((fs::path(options.home) / ".kube" / "config").string());
    if (!file_exists(path))
      throw KubeconfigError("no kubeconfig found: " + path + " does not exist (set KUBECONFIG or pass --kubeconfig)");
    read_into(merged, path);
  }
  return resolve(merged, options.context);
}

RestConfig load_kubeconfig_text(const std::string& yaml_text, const std::string& context,
                                const std::string& base_dir) {
  Merged merged;
  json doc = parse_document(yaml_text, kInlineLabel);
  merge_document(merged, doc, kInlineLabel, absolute_path(base_dir.empty() ? "." : base_dir));
  return resolve(merged, context);
}

RestConfig in_cluster_config(const std::string& root) {
  const char* host = std::getenv("KUBERNETES_SERVICE_HOST");
  const char* port = std::getenv("KUBERNETES_SERVICE_PORT");
  if (!host || !*host || !port || !*port)
    throw KubeconfigError(
        "unable to load in-cluster configuration: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be "
        "defined (is this running in a pod?)");
  RestConfig cfg;
  std::string h = host;
  if (h.find(':') != std::string::npos && h.front() != '[') h = "[" + h + "]";  // IPv6
  cfg.server = "https://" + h + ":" + port;

  const std::string dir = root.empty() ? std::string(".") : root;
  const std::string token_path = (fs::path(dir) / "token").string();
  std::string content, error;
  if (!read_whole_file(token_path, content, error))
    throw KubeconfigError("unable to load in-cluster configuration: cannot read service account token " + token_path +
                          ": " + error);
  cfg.token_file = token_path;

  // As rest.InClusterConfig: an unreadable ca.crt leaves the system roots in place.
  std::string ca;
  if (read_whole_file((fs::path(dir) / "ca.crt").string(), ca, error) && looks_like_pem(ca)) cfg.ca_pem = ca;

  std::string ns;
  if (read_whole_file((fs::path(dir) / "namespace").string(), ns, error)) cfg.default_namespace = std::string(trim(ns));
  if (cfg.default_namespace.empty()) cfg.default_namespace = "default";
  cfg.context_name = "in-cluster";
  cfg.source_files = {token_path};
  return cfg;
}

}  // namespace coffer::kube
