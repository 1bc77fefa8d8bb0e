#pragma once

// Kubernetes client configuration as kubectl reads it (k8s.io/client-go/tools/clientcmd), and the
// in-cluster service-account configuration (rest.InClusterConfig).
//
// load_kubeconfig(options):
//   - files: options.explicit_path if set (only that file; it must exist), else the KUBECONFIG
//     value from options.env_kubeconfig (':'-separated list; missing files are skipped; empty
//     entries ignored), else ~/.kube/config (HOME from options.home).
//   - merging follows clientcmd: for each map (clusters, users, contexts) the FIRST file that
//     defines a name wins; current-context is taken from the first file that sets it.
//   - context: options.context if set, else current-context; an unknown or missing context is a
//     KubeconfigError naming the context and the files read.
//   - relative paths inside a file (certificate-authority, client-certificate, client-key,
//     tokenFile, exec command containing '/') are resolved against that file's directory.
//   - *-data fields are base64 (decoded here); file fields are read here, so RestConfig holds
//     PEM text, never paths (token_file is kept as a path: it is re-read when it changes).
//   - supported cluster fields: server, certificate-authority(-data), insecure-skip-tls-verify,
//     tls-server-name, proxy-url. User fields: token, tokenFile, client-certificate(-data),
//     client-key(-data), username/password, exec (auth-provider is rejected with a clear error).
//   - errors throw KubeconfigError with a message naming the file and field, never a secret.
//
// in_cluster_config(): KUBERNETES_SERVICE_HOST/PORT, token from
//   /var/run/secrets/kubernetes.io/serviceaccount/token (re-read as token_file), CA from ca.crt,
//   namespace from the namespace file; the root dir is a parameter for tests.

#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace coffer::kube {

class KubeconfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// users[].user.exec of a kubeconfig (client.authentication.k8s.io ExecConfig).
struct ExecConfig {
  std::string command;                                 // resolved against the kubeconfig dir if it has a '/'
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> env;  // added to the plugin's environment
  std::string api_version;  // client.authentication.k8s.io/v1 or v1beta1 (required, checked)
  std::string install_hint;
  bool provide_cluster_info = false;
  std::string interactive_mode;  // Never | IfAvailable | Always (v1 requires it; default IfAvailable for v1beta1)
};

struct RestConfig {
  std::string server;  // https://host:port[/path], no trailing '/'
  std::string ca_pem;  // empty: system roots
  bool insecure_skip_tls_verify = false;
  std::string tls_server_name;
  std::string proxy_url;
  std::string token;       // static bearer token
  std::string token_file;  // bearer token read from this file (re-read when it changes)
  std::string client_cert_pem;
  std::string client_key_pem;
  std::string username;  // basic auth
  std::string password;
  std::optional<ExecConfig> exec;
  std::string context_name;  // what was chosen, for messages
  std::string cluster_name;
  std::string user_name;
  std::string default_namespace;  // context namespace, or "default"
  std::vector<std::string> source_files;  // files that were read, for messages
};

struct KubeconfigLoadOptions {
  std::string explicit_path;   // --kubeconfig
  std::string context;         // --context
  std::optional<std::string> env_kubeconfig;  // value of KUBECONFIG (nullopt: unset)
  std::string home;            // value of HOME
};

// Reads KUBECONFIG and HOME from the process environment into options when they are not set.
KubeconfigLoadOptions kubeconfig_options_from_env(std::string explicit_path, std::string context);

RestConfig load_kubeconfig(const KubeconfigLoadOptions& options);

// Parses one kubeconfig document given as YAML text (for tests and for the server, which stores
// kubeconfigs in its database). base_dir resolves relative paths.
RestConfig load_kubeconfig_text(const std::string& yaml_text, const std::string& context,
                                const std::string& base_dir = ".");

RestConfig in_cluster_config(const std::string& root = "/var/run/secrets/kubernetes.io/serviceaccount");

// A credential produced by an exec plugin.
struct ExecCredential {
  std::string token;
  std::string client_cert_pem;
  std::string client_key_pem;
  std::optional<long long> expiration_unix;  // status.expirationTimestamp; nullopt: never expires
};

// Runs exec plugins and caches their credential until it expires (client-go's exec authenticator).
// Thread-safe. The plugin gets KUBERNETES_EXEC_INFO with apiVersion/kind ExecCredential and
// spec.interactive=false (and spec.cluster when provide_cluster_info). A plugin that exits
// non-zero, times out (timeout_seconds) or prints invalid output throws KubeconfigError whose
// message contains the command, exit status, the first line of stderr and the install hint --
// never the credential.
class ExecCredentialProvider {
 public:
  ExecCredentialProvider(ExecConfig config, std::string server, std::string ca_pem, int timeout_seconds = 30);
  // Cached credential, or a fresh one when there is none or it expires within 10 seconds.
  ExecCredential get();
  // Drops the cache (called after a 401, as client-go does).
  void invalidate();
  int runs() const;  // how many times the plugin was executed (for tests)

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace coffer::kube
