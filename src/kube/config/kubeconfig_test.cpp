#include "kube/config/kubeconfig.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "common/base64.h"

namespace coffer::kube {
namespace {
namespace fs = std::filesystem;

constexpr const char* kCaPem = "-----BEGIN CERTIFICATE-----\nQ0EtY2VydA==\n-----END CERTIFICATE-----\n";
constexpr const char* kCertPem = "-----BEGIN CERTIFICATE-----\nY2xpZW50LWNlcnQ=\n-----END CERTIFICATE-----\n";
constexpr const char* kKeyPem = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleQ==\n-----END PRIVATE KEY-----\n";

// Sets (or unsets) an environment variable for the lifetime of the object.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::optional<std::string>& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) ::setenv(name, value->c_str(), 1);
    else ::unsetenv(name);
  }
  ~ScopedEnv() {
    if (old_) ::setenv(name_.c_str(), old_->c_str(), 1);
    else ::unsetenv(name_.c_str());
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  std::string name_;
  std::optional<std::string> old_;
};

class KubeconfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "coffer-kubeconfig-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = fs::path(pattern).lexically_normal();
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  std::string write(const std::string& relative, const std::string& text) {
    fs::path path = dir_ / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
  }

  std::string error_of(const KubeconfigLoadOptions& options) {
    try {
      load_kubeconfig(options);
    } catch (const KubeconfigError& e) {
      return e.what();
    }
    return "<no error>";
  }

  std::string text_error(const std::string& yaml, const std::string& context = "") {
    try {
      load_kubeconfig_text(yaml, context, dir_.string());
    } catch (const KubeconfigError& e) {
      return e.what();
    }
    return "<no error>";
  }

  KubeconfigLoadOptions explicit_file(const std::string& path, const std::string& context = "") {
    KubeconfigLoadOptions options;
    options.explicit_path = path;
    options.context = context;
    return options;
  }

  fs::path dir_;
};

constexpr const char* kFileA = R"(apiVersion: v1
kind: Config
clusters:
- name: cluster-a
  cluster:
    server: https://a.example:6443
- name: shared
  cluster:
    server: https://shared-from-a.example
users:
- name: user-a
  user:
    token: token-a
contexts:
- name: ctx-a
  context:
    cluster: cluster-a
    user: user-a
    namespace: team-a
current-context: ctx-a
)";

constexpr const char* kFileB = R"(apiVersion: v1
kind: Config
clusters:
- name: cluster-b
  cluster:
    server: https://b.example:443/
- name: shared
  cluster:
    server: https://shared-from-b.example
users:
- name: user-a
  user:
    token: token-a-from-b
- name: user-b
  user:
    token: token-b
contexts:
- name: ctx-b
  context:
    cluster: cluster-b
    user: user-b
- name: ctx-shared
  context:
    cluster: shared
    user: user-a
- name: ctx-a
  context:
    cluster: cluster-b
    user: user-b
current-context: ctx-b
)";

TEST_F(KubeconfigTest, MergesKubeconfigEnvListFirstDefinitionWins) {
  std::string a = write("a/config", kFileA);
  std::string b = write("b/config", kFileB);
  std::string missing = (dir_ / "missing").string();
  ScopedEnv env("KUBECONFIG", "::" + a + ":" + missing + "::" + b + ":" + a);
  ScopedEnv home("HOME", dir_.string());

  KubeconfigLoadOptions options = kubeconfig_options_from_env("", "");
  ASSERT_TRUE(options.env_kubeconfig.has_value());
  RestConfig cfg = load_kubeconfig(options);
  EXPECT_EQ(cfg.context_name, "ctx-a");  // first current-context wins, and A's ctx-a wins over B's
  EXPECT_EQ(cfg.cluster_name, "cluster-a");
  EXPECT_EQ(cfg.server, "https://a.example:6443");
  EXPECT_EQ(cfg.user_name, "user-a");
  EXPECT_EQ(cfg.token, "token-a");
  EXPECT_EQ(cfg.default_namespace, "team-a");
  EXPECT_EQ(cfg.source_files, (std::vector<std::string>{a, b}));  // missing skipped, duplicates read once

  // A context only B defines, pointing at a cluster and user both files define: A's entries win.
  RestConfig shared = load_kubeconfig(kubeconfig_options_from_env("", "ctx-shared"));
  EXPECT_EQ(shared.server, "https://shared-from-a.example");
  EXPECT_EQ(shared.token, "token-a");
  EXPECT_EQ(shared.default_namespace, "default");

  RestConfig only_b = load_kubeconfig(kubeconfig_options_from_env("", "ctx-b"));
  EXPECT_EQ(only_b.server, "https://b.example:443");  // trailing '/' removed
  EXPECT_EQ(only_b.token, "token-b");
}

TEST_F(KubeconfigTest, KubeconfigListOrderDecidesCurrentContext) {
  std::string a = write("a/config", kFileA);
  std::string b = write("b/config", kFileB);
  KubeconfigLoadOptions options;
  options.env_kubeconfig = b + ":" + a;
  RestConfig cfg = load_kubeconfig(options);
  EXPECT_EQ(cfg.context_name, "ctx-b");
  EXPECT_EQ(cfg.server, "https://b.example:443");

  options.context = "ctx-a";  // --context overrides current-context; B's ctx-a now wins
  RestConfig overridden = load_kubeconfig(options);
  EXPECT_EQ(overridden.context_name, "ctx-a");
  EXPECT_EQ(overridden.cluster_name, "cluster-b");
  EXPECT_EQ(overridden.token, "token-b");
}

TEST_F(KubeconfigTest, ExplicitPathReadsOnlyThatFile) {
  std::string a = write("a/config", kFileA);
  std::string b = write("b/config", kFileB);
  KubeconfigLoadOptions options = explicit_file(a, "ctx-b");
  options.env_kubeconfig = b;
  std::string error = error_of(options);
  EXPECT_NE(error.find("context \"ctx-b\" not found"), std::string::npos) << error;
  EXPECT_NE(error.find(a), std::string::npos) << error;
  EXPECT_EQ(error.find(b), std::string::npos) << error;

  std::string missing = (dir_ / "nope.yaml").string();
  std::string missing_error = error_of(explicit_file(missing));
  EXPECT_NE(missing_error.find("kubeconfig " + missing), std::string::npos) << missing_error;
  EXPECT_NE(missing_error.find("No such file"), std::string::npos) << missing_error;
}

TEST_F(KubeconfigTest, DefaultsToHomeKubeConfig) {
  std::string path = write("home/.kube/config", kFileA);
  KubeconfigLoadOptions options;
  options.home = (dir_ / "home").string();
  EXPECT_EQ(load_kubeconfig(options).source_files, std::vector<std::string>{path});
  options.env_kubeconfig = "";  // an empty KUBECONFIG is the same as an unset one
  EXPECT_EQ(load_kubeconfig(options).server, "https://a.example:6443");

  options.home = (dir_ / "elsewhere").string();
  std::string error = error_of(options);
  EXPECT_NE(error.find((dir_ / "elsewhere" / ".kube" / "config").string()), std::string::npos) << error;
}

TEST_F(KubeconfigTest, KubeconfigListWithoutExistingFiles) {
  KubeconfigLoadOptions options;
  options.env_kubeconfig = (dir_ / "x").string() + ":" + (dir_ / "y").string();
  std::string error = error_of(options);
  EXPECT_NE(error.find("none of the files in KUBECONFIG exist"), std::string::npos) << error;
  EXPECT_NE(error.find((dir_ / "y").string()), std::string::npos) << error;
}

TEST_F(KubeconfigTest, MissingContextErrorsNameContextAndFiles) {
  std::string a = write("a/config", kFileA);
  std::string error = error_of(explicit_file(a, "prod"));
  EXPECT_EQ(error, "context \"prod\" not found in kubeconfig " + a + " (available contexts: ctx-a)");

  std::string no_current = write("c/config", R"(clusters:
- name: c
  cluster: {server: "https://c"}
contexts:
- name: one
  context: {cluster: c, user: u}
)");
  error = error_of(explicit_file(no_current));
  EXPECT_NE(error.find("current-context is not set"), std::string::npos) << error;
  EXPECT_NE(error.find(no_current), std::string::npos) << error;
  EXPECT_NE(error.find("available contexts: one"), std::string::npos) << error;
}

TEST_F(KubeconfigTest, ContextReferencingUnknownClusterOrUser) {
  std::string path = write("config", R"(clusters:
- name: c
  cluster: {server: "https://c"}
users:
- name: u
  user: {token: "t"}
contexts:
- name: no-cluster
  context: {cluster: gone, user: u}
- name: no-user
  context: {cluster: c, user: ghost}
- name: empty-user
  context: {cluster: c}
)");
  std::string error = error_of(explicit_file(path, "no-cluster"));
  EXPECT_NE(error.find("kubeconfig " + path + ": contexts[0].context.cluster: cluster \"gone\""), std::string::npos)
      << error;
  error = error_of(explicit_file(path, "no-user"));
  EXPECT_NE(error.find("contexts[1].context.user: user \"ghost\""), std::string::npos) << error;
  error = error_of(explicit_file(path, "empty-user"));
  EXPECT_NE(error.find("contexts[2].context.user: missing"), std::string::npos) << error;
}

TEST_F(KubeconfigTest, RelativePathsResolveAgainstTheFileDirectory) {
  write("sub/certs/ca.crt", kCaPem);
  write("sub/certs/client.crt", kCertPem);
  write("sub/certs/client.key", kKeyPem);
  write("sub/token", "file-token\n");
  std::string path = write("sub/config", R"(clusters:
- name: c
  cluster:
    server: https://c.example
    certificate-authority: certs/ca.crt
users:
- name: cert
  user:
    client-certificate: certs/client.crt
    client-key: ./certs/client.key
- name: tf
  user:
    tokenFile: token
- name: plugin
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: ./bin/get-token
- name: on-path
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: aws
contexts:
- {name: cert, context: {cluster: c, user: cert}}
- {name: tf, context: {cluster: c, user: tf}}
- {name: plugin, context: {cluster: c, user: plugin}}
- {name: on-path, context: {cluster: c, user: on-path}}
)");
  // Loaded from another working directory, through a relative KUBECONFIG entry.
  fs::path cwd = fs::current_path();
  fs::current_path(dir_);
  KubeconfigLoadOptions options;
  options.env_kubeconfig = "sub/config";
  options.context = "cert";
  RestConfig cert = load_kubeconfig(options);
  fs::current_path(cwd);
  EXPECT_EQ(cert.source_files, std::vector<std::string>{path});
  EXPECT_EQ(cert.ca_pem, kCaPem);
  EXPECT_EQ(cert.client_cert_pem, kCertPem);
  EXPECT_EQ(cert.client_key_pem, kKeyPem);

  RestConfig tf = load_kubeconfig(explicit_file(path, "tf"));
  EXPECT_EQ(tf.token_file, (dir_ / "sub" / "token").string());
  EXPECT_EQ(tf.token, "");

  RestConfig plugin = load_kubeconfig(explicit_file(path, "plugin"));
  ASSERT_TRUE(plugin.exec.has_value());
  EXPECT_EQ(plugin.exec->command, (dir_ / "sub" / "bin" / "get-token").string());
  EXPECT_EQ(load_kubeconfig(explicit_file(path, "on-path")).exec->command, "aws");

  // load_kubeconfig_text resolves against base_dir.
  std::string text = "clusters: [{name: c, cluster: {server: 'https://c', certificate-authority: sub/certs/ca.crt}}]\n"
                     "users: [{name: u, user: {}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\n";
  EXPECT_EQ(load_kubeconfig_text(text, "x", dir_.string()).ca_pem, kCaPem);
}

TEST_F(KubeconfigTest, DataFieldsAreBase64DecodedAndWinOverFiles) {
  std::string yaml = "clusters:\n- name: c\n  cluster:\n    server: https://c\n"
                     "    certificate-authority: does/not/exist.crt\n"
                     "    certificate-authority-data: " + base64_encode(kCaPem) + "\n"
                     "users:\n- name: u\n  user:\n"
                     "    client-certificate-data: " + base64_encode(kCertPem) + "\n"
                     "    client-key-data: " + base64_encode(kKeyPem) + "\n"
                     "contexts:\n- name: x\n  context: {cluster: c, user: u}\ncurrent-context: x\n";
  RestConfig cfg = load_kubeconfig_text(yaml, "", dir_.string());
  EXPECT_EQ(cfg.ca_pem, kCaPem);
  EXPECT_EQ(cfg.client_cert_pem, kCertPem);
  EXPECT_EQ(cfg.client_key_pem, kKeyPem);
  EXPECT_FALSE(cfg.insecure_skip_tls_verify);
  EXPECT_TRUE(cfg.token.empty());
  EXPECT_FALSE(cfg.exec.has_value());
}

TEST_F(KubeconfigTest, InvalidBase64NamesFileAndField) {
  std::string path = write("bad/config", "clusters: [{name: c, cluster: {server: 'https://c'}}]\n"
                                         "users:\n"
                                         "- name: fine\n  user: {token: abc}\n"
                                         "- name: broken\n  user:\n"
                                         "    client-certificate-data: " + base64_encode(kCertPem) + "\n"
                                         "    client-key-data: \"c2VjcmV0!!!KEYMATERIAL\"\n"
                                         "contexts: [{name: x, context: {cluster: c, user: broken}}]\n");
  std::string error = error_of(explicit_file(path, "x"));
  EXPECT_EQ(error, "kubeconfig " + path + ": users[1].user.client-key-data: invalid base64");
  EXPECT_EQ(error.find("KEYMATERIAL"), std::string::npos);

  std::string not_pem = write("bad/notpem", "clusters: [{name: c, cluster: {server: 'https://c', "
                                            "certificate-authority-data: " + base64_encode("hello") + "}}]\n"
                                            "users: [{name: u, user: {}}]\n"
                                            "contexts: [{name: x, context: {cluster: c, user: u}}]\n");
  error = error_of(explicit_file(not_pem, "x"));
  EXPECT_NE(error.find("clusters[0].cluster.certificate-authority-data: decoded data is not PEM"), std::string::npos)
      << error;
}

TEST_F(KubeconfigTest, MissingCertificateFileNamesFieldAndPath) {
  std::string path = write("config", "clusters: [{name: c, cluster: {server: 'https://c'}}]\n"
                                     "users: [{name: u, user: {client-certificate: c.crt, client-key: c.key}}]\n"
                                     "contexts: [{name: x, context: {cluster: c, user: u}}]\n");
  std::string error = error_of(explicit_file(path, "x"));
  EXPECT_NE(error.find("kubeconfig " + path + ": users[0].user.client-certificate: cannot read " +
                       (dir_ / "c.crt").string()),
            std::string::npos)
      << error;

  write("c.crt", kCertPem);
  error = error_of(explicit_file(path, "x"));  // the key is still missing
  EXPECT_NE(error.find("users[0].user.client-key: cannot read"), std::string::npos) << error;

  std::string cert_only = write("cert-only", "clusters: [{name: c, cluster: {server: 'https://c'}}]\n"
                                             "users: [{name: u, user: {client-certificate: c.crt}}]\n"
                                             "contexts: [{name: x, context: {cluster: c, user: u}}]\n");
  error = error_of(explicit_file(cert_only, "x"));
  EXPECT_NE(error.find("client-key-data or client-key must be specified"), std::string::npos) << error;
}

TEST_F(KubeconfigTest, TokenFile) {
  write("tokens/sa", "the-token\n");
  std::string path = write("config", "clusters: [{name: c, cluster: {server: 'https://c'}}]\n"
                                     "users: [{name: u, user: {tokenFile: tokens/sa}},"
                                     " {name: gone, user: {tokenFile: /nonexistent/coffer/token}}]\n"
                                     "contexts: [{name: x, context: {cluster: c, user: u}},"
                                     " {name: y, context: {cluster: c, user: gone}}]\n");
  RestConfig cfg = load_kubeconfig(explicit_file(path, "x"));
  EXPECT_EQ(cfg.token_file, (dir_ / "tokens" / "sa").string());
  EXPECT_TRUE(cfg.token.empty());  // re-read by the client, not frozen here

  std::string error = error_of(explicit_file(path, "y"));
  EXPECT_NE(error.find("users[1].user.tokenFile: cannot read /nonexistent/coffer/token"), std::string::npos) << error;
}

TEST_F(KubeconfigTest, BasicAuthAndConflictingMethods) {
  RestConfig cfg = load_kubeconfig_text(
      "clusters: [{name: c, cluster: {server: 'https://c'}}]\n"
      "users: [{name: u, user: {username: admin, password: 'pa ss:word'}}]\n"
      "contexts: [{name: x, context: {cluster: c, user: u}}]\n",
      "x");
  EXPECT_EQ(cfg.username, "admin");
  EXPECT_EQ(cfg.password, "pa ss:word");
  EXPECT_TRUE(cfg.token.empty());

  std::string error = text_error("clusters: [{name: c, cluster: {server: 'https://c'}}]\n"
                                 "users: [{name: u, user: {username: admin, password: hunter2pw, token: tok3n}}]\n"
                                 "contexts: [{name: x, context: {cluster: c, user: u}}]\n",
                                 "x");
  EXPECT_NE(error.find("users[0].user: more than one authentication method"), std::string::npos) << error;
  EXPECT_EQ(error.find("hunter2pw"), std::string::npos) << error;
  EXPECT_EQ(error.find("tok3n"), std::string::npos) << error;
}

TEST_F(KubeconfigTest, NonStringValuesAreRejectedWithoutEchoingThem) {
  std::string error = text_error("clusters: [{name: c, cluster: {server: 'https://c'}}]\n"
                                 "users: [{name: u, user: {token: 987654321}}]\n"
                                 "contexts: [{name: x, context: {cluster: c, user: u}}]\n",
                                 "x");
  EXPECT_NE(error.find("kubeconfig (inline): users[0].user.token: expected a string, got a number"),
            std::string::npos)
      << error;
  EXPECT_EQ(error.find("987654321"), std::string::npos) << error;
}

TEST_F(KubeconfigTest, InsecureSkipTlsVerify) {
  RestConfig cfg = load_kubeconfig_text(
      "clusters: [{name: c, cluster: {server: 'https://c', insecure-skip-tls-verify: true}}]\n"
      "users: [{name: u, user: {}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\n",
      "x");
  EXPECT_TRUE(cfg.insecure_skip_tls_verify);
  EXPECT_TRUE(cfg.ca_pem.empty());

  std::string error = text_error("clusters: [{name: c, cluster: {server: 'https://c', insecure-skip-tls-verify: true,"
                                 " certificate-authority-data: " + base64_encode(kCaPem) + "}}]\n"
                                 "users: [{name: u, user: {}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\n",
                                 "x");
  EXPECT_NE(error.find("clusters[0].cluster.insecure-skip-tls-verify: cannot be combined"), std::string::npos)
      << error;

  error = text_error("clusters: [{name: c, cluster: {server: 'https://c', insecure-skip-tls-verify: yes-please}}]\n"
                     "users: [{name: u, user: {}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\n",
                     "x");
  EXPECT_NE(error.find("insecure-skip-tls-verify: expected true or false"), std::string::npos) << error;
}

TEST_F(KubeconfigTest, TlsServerNameAndProxyUrl) {
  RestConfig cfg = load_kubeconfig_text(
      "clusters: [{name: c, cluster: {server: '10.0.0.1:6443', tls-server-name: api.internal,"
      " proxy-url: 'socks5://proxy.local:1080'}}]\n"
      "users: [{name: u, user: {}}]\ncontexts: [{name: x, context: {cluster: c, user: u, namespace: ops}}]\n",
      "x");
  EXPECT_EQ(cfg.server, "https://10.0.0.1:6443");  // a bare host:port means https
  EXPECT_EQ(cfg.tls_server_name, "api.internal");
  EXPECT_EQ(cfg.proxy_url, "socks5://proxy.local:1080");
  EXPECT_EQ(cfg.default_namespace, "ops");

  std::string error = text_error(
      "clusters: [{name: c, cluster: {server: 'https://c', proxy-url: 'ftp://user:s3cr3t@proxy'}}]\n"
      "users: [{name: u, user: {}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\n",
      "x");
  EXPECT_NE(error.find("clusters[0].cluster.proxy-url: unsupported proxy URL"), std::string::npos) << error;
  EXPECT_EQ(error.find("s3cr3t"), std::string::npos) << error;
}

TEST_F(KubeconfigTest, MissingServer) {
  std::string error = text_error("clusters: [{name: c, cluster: {}}]\n"
                                 "users: [{name: u, user: {}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\n",
                                 "x");
  EXPECT_NE(error.find("clusters[0].cluster.server: missing"), std::string::npos) << error;
}

TEST_F(KubeconfigTest, AuthProviderIsRejectedWithAdvice) {
  std::string error = text_error(
      "clusters: [{name: c, cluster: {server: 'https://c'}}]\n"
      "users: [{name: u, user: {auth-provider: {name: gcp, config: {access-token: ya29.SECRET}}}}]\n"
      "contexts: [{name: x, context: {cluster: c, user: u}}]\n",
      "x");
  EXPECT_NE(error.find("users[0].user.auth-provider: auth-provider 'gcp' is not supported; use an exec plugin such "
                       "as gke-gcloud-auth-plugin"),
            std::string::npos)
      << error;
  EXPECT_EQ(error.find("SECRET"), std::string::npos) << error;
}

TEST_F(KubeconfigTest, ExecConfigIsParsed) {
  RestConfig cfg = load_kubeconfig_text(R"(clusters: [{name: c, cluster: {server: 'https://eks.example'}}]
users:
- name: eks
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: aws
      args: [--region, eu-west-1, eks, get-token, --cluster-name, prod]
      env:
      - name: AWS_PROFILE
        value: prod
      - name: EMPTY
      installHint: Install the AWS CLI
      provideClusterInfo: true
contexts: [{name: x, context: {cluster: c, user: eks}}]
)",
                                        "x");
  ASSERT_TRUE(cfg.exec.has_value());
  const ExecConfig& exec = *cfg.exec;
  EXPECT_EQ(exec.command, "aws");
  EXPECT_EQ(exec.args, (std::vector<std::string>{"--region", "eu-west-1", "eks", "get-token", "--cluster-name", "prod"}));
  EXPECT_EQ(exec.env, (std::vector<std::pair<std::string, std::string>>{{"AWS_PROFILE", "prod"}, {"EMPTY", ""}}));
  EXPECT_EQ(exec.api_version, "client.authentication.k8s.io/v1beta1");
  EXPECT_EQ(exec.install_hint, "Install the AWS CLI");
  EXPECT_TRUE(exec.provide_cluster_info);
  EXPECT_EQ(exec.interactive_mode, "IfAvailable");  // v1beta1 default

  const std::string head = "clusters: [{name: c, cluster: {server: 'https://c'}}]\n"
                           "contexts: [{name: x, context: {cluster: c, user: u}}]\n";
  std::string error = text_error(head + "users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1, "
                                        "command: kubelogin}}}]\n",
                                 "x");
  EXPECT_NE(error.find("users[0].user.exec.interactiveMode: missing"), std::string::npos) << error;

  RestConfig v1 = load_kubeconfig_text(head + "users: [{name: u, user: {exec: {apiVersion: "
                                              "client.authentication.k8s.io/v1, command: kubelogin, "
                                              "interactiveMode: Never}}}]\n",
                                       "x");
  EXPECT_EQ(v1.exec->interactive_mode, "Never");

  error = text_error(head + "users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1alpha1, "
                            "command: old}}}]\n",
                     "x");
  EXPECT_NE(error.find("users[0].user.exec.apiVersion: unsupported"), std::string::npos) << error;

  error = text_error(head + "users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1beta1}}}]\n",
                     "x");
  EXPECT_NE(error.find("users[0].user.exec.command: missing"), std::string::npos) << error;

  error = text_error(head + "users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1beta1, "
                            "command: x, env: [{value: v}]}}}]\n",
                     "x");
  EXPECT_NE(error.find("users[0].user.exec.env[0].name: missing"), std::string::npos) << error;
}

TEST_F(KubeconfigTest, MalformedDocuments) {
  std::string path = write("broken", "clusters: [ {name: c\n");
  std::string error = error_of(explicit_file(path));
  EXPECT_EQ(error.rfind("kubeconfig " + path + ": yaml", 0), 0u) << error;

  std::string dup = write("dup", "clusters:\n- {name: c, cluster: {server: 'https://1'}}\n"
                                 "- {name: c, cluster: {server: 'https://2'}}\n");
  error = error_of(explicit_file(dup));
  EXPECT_EQ(error, "kubeconfig " + dup + ": clusters[1].name: duplicate name \"c\" in clusters");

  std::string wrong_kind = write("pod", "apiVersion: v1\nkind: Pod\n");
  error = error_of(explicit_file(wrong_kind));
  EXPECT_NE(error.find("kind: expected Config"), std::string::npos) << error;

  // An empty file in a KUBECONFIG list is an empty config, as in clientcmd.
  std::string empty = write("empty", "");
  std::string a = write("a", kFileA);
  KubeconfigLoadOptions options;
  options.env_kubeconfig = empty + ":" + a;
  EXPECT_EQ(load_kubeconfig(options).context_name, "ctx-a");
}

class InClusterTest : public KubeconfigTest {};

TEST_F(InClusterTest, ReadsServiceAccountFiles) {
  write("sa/token", "sa-token");
  write("sa/ca.crt", kCaPem);
  write("sa/namespace", "backup-system\n");
  ScopedEnv host("KUBERNETES_SERVICE_HOST", "10.96.0.1");
  ScopedEnv port("KUBERNETES_SERVICE_PORT", "443");
  RestConfig cfg = in_cluster_config((dir_ / "sa").string());
  EXPECT_EQ(cfg.server, "https://10.96.0.1:443");
  EXPECT_EQ(cfg.token_file, (dir_ / "sa" / "token").string());
  EXPECT_TRUE(cfg.token.empty());
  EXPECT_EQ(cfg.ca_pem, kCaPem);
  EXPECT_EQ(cfg.default_namespace, "backup-system");
  EXPECT_FALSE(cfg.exec.has_value());
}

TEST_F(InClusterTest, Ipv6HostAndDefaultNamespace) {
  write("sa/token", "sa-token");
  ScopedEnv host("KUBERNETES_SERVICE_HOST", "fd00::1");
  ScopedEnv port("KUBERNETES_SERVICE_PORT", "6443");
  RestConfig cfg = in_cluster_config((dir_ / "sa").string());
  EXPECT_EQ(cfg.server, "https://[fd00::1]:6443");
  EXPECT_EQ(cfg.default_namespace, "default");
  EXPECT_TRUE(cfg.ca_pem.empty());
}

TEST_F(InClusterTest, Errors) {
  write("sa/token", "sa-token");
  {
    ScopedEnv host("KUBERNETES_SERVICE_HOST", std::nullopt);
    ScopedEnv port("KUBERNETES_SERVICE_PORT", "443");
    try {
      in_cluster_config((dir_ / "sa").string());
      ADD_FAILURE() << "expected an error";
    } catch (const KubeconfigError& e) {
      EXPECT_NE(std::string(e.what()).find("KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined"),
                std::string::npos)
          << e.what();
    }
  }
  ScopedEnv host("KUBERNETES_SERVICE_HOST", "10.96.0.1");
  ScopedEnv port("KUBERNETES_SERVICE_PORT", "443");
  try {
    in_cluster_config((dir_ / "empty").string());
    ADD_FAILURE() << "expected an error";
  } catch (const KubeconfigError& e) {
    EXPECT_NE(std::string(e.what()).find((dir_ / "empty" / "token").string()), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace coffer::kube
