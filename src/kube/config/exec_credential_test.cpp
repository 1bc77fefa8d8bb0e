#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/base64.h"
#include "common/rfc3339.h"
#include "kube/config/kubeconfig.h"

namespace coffer::kube {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kV1 = "client.authentication.k8s.io/v1";
constexpr const char* kV1beta1 = "client.authentication.k8s.io/v1beta1";

class ExecCredentialTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "coffer-exec-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = fs::path(pattern);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // Writes an executable /bin/sh script and returns its path.
  std::string script(const std::string& name, const std::string& body) {
    fs::path path = dir_ / name;
    {
      std::ofstream out(path, std::ios::binary);
      out << "#!/bin/sh\n" << body;
    }
    fs::permissions(path, fs::perms::owner_all);
    return path.string();
  }

  // A plugin printing `credential` (a JSON document) on stdout.
  std::string printing(const std::string& name, const json& credential) {
    return script(name, "cat <<'EOF'\n" + credential.dump() + "\nEOF\n");
  }

  static ExecConfig config(const std::string& command, const std::string& api_version = kV1) {
    ExecConfig c;
    c.command = command;
    c.api_version = api_version;
    c.interactive_mode = "Never";
    return c;
  }

  static json credential(const std::string& api_version, const json& status) {
    return json{{"apiVersion", api_version}, {"kind", "ExecCredential"}, {"status", status}};
  }

  static std::string expiry_in(std::chrono::seconds delta) {
    return format_rfc3339(std::chrono::system_clock::now() + delta);
  }

  static std::string error_of(ExecCredentialProvider& provider) {
    try {
      provider.get();
    } catch (const KubeconfigError& e) {
      return e.what();
    }
    return "<no error>";
  }

  fs::path dir_;
};

TEST_F(ExecCredentialTest, V1Token) {
  ExecCredentialProvider provider(config(printing("v1", credential(kV1, {{"token", "tok-v1"}}))), "https://c", "");
  EXPECT_EQ(provider.runs(), 0);
  ExecCredential cred = provider.get();
  EXPECT_EQ(cred.token, "tok-v1");
  EXPECT_TRUE(cred.client_cert_pem.empty());
  EXPECT_FALSE(cred.expiration_unix.has_value());
  EXPECT_EQ(provider.runs(), 1);
  EXPECT_EQ(provider.get().token, "tok-v1");  // no expiry: cached for good
  EXPECT_EQ(provider.runs(), 1);
}

TEST_F(ExecCredentialTest, V1beta1Token) {
  ExecConfig c = config(printing("v1beta1", credential(kV1beta1, {{"token", "tok-beta"}})), kV1beta1);
  c.interactive_mode = "IfAvailable";
  ExecCredentialProvider provider(c, "https://c", "");
  EXPECT_EQ(provider.get().token, "tok-beta");
}

TEST_F(ExecCredentialTest, ArgsAndEnvReachThePlugin) {
  std::string path = script("args", R"(printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s-%s-%s"}}\n' "$1" "$2" "$COFFER_TEST_REGION"
)");
  ExecConfig c = config(path);
  c.args = {"get-token", "prod cluster"};
  c.env = {{"COFFER_TEST_REGION", "eu-west-1"}};
  ExecCredentialProvider provider(c, "https://c", "");
  EXPECT_EQ(provider.get().token, "get-token-prod cluster-eu-west-1");
}

TEST_F(ExecCredentialTest, ClientCertificate) {
  const std::string cert = "-----BEGIN CERTIFICATE-----\nMIIBcert\n-----END CERTIFICATE-----\n";
  const std::string key = "-----BEGIN EC PRIVATE KEY-----\nMHckey\n-----END EC PRIVATE KEY-----\n";
  ExecCredentialProvider provider(
      config(printing("cert", credential(kV1, {{"clientCertificateData", cert}, {"clientKeyData", key}}))), "https://c",
      "");
  ExecCredential cred = provider.get();
  EXPECT_TRUE(cred.token.empty());
  EXPECT_EQ(cred.client_cert_pem, cert);
  EXPECT_EQ(cred.client_key_pem, key);

  ExecCredentialProvider half(config(printing("half", credential(kV1, {{"clientCertificateData", cert}}))),
                              "https://c", "");
  std::string error = error_of(half);
  EXPECT_NE(error.find("returned only one of status.clientCertificateData and status.clientKeyData"),
            std::string::npos)
      << error;
}

TEST_F(ExecCredentialTest, FarExpiryIsCached) {
  std::string expiry = expiry_in(std::chrono::hours(1));
  ExecCredentialProvider provider(
      config(printing("far", credential(kV1, {{"token", "t"}, {"expirationTimestamp", expiry}}))), "https://c", "");
  ExecCredential cred = provider.get();
  ASSERT_TRUE(cred.expiration_unix.has_value());
  EXPECT_EQ(*cred.expiration_unix,
            std::chrono::duration_cast<std::chrono::seconds>(parse_rfc3339(expiry).time_since_epoch()).count());
  provider.get();
  provider.get();
  EXPECT_EQ(provider.runs(), 1);
}

TEST_F(ExecCredentialTest, PastExpiryIsRefetched) {
  ExecCredentialProvider provider(
      config(printing("past", credential(kV1, {{"token", "t"}, {"expirationTimestamp", expiry_in(-std::chrono::hours(1))}}))),
      "https://c", "");
  provider.get();
  provider.get();
  EXPECT_EQ(provider.runs(), 2);
}

TEST_F(ExecCredentialTest, ExpiryWithinTenSecondsIsRefetched) {
  ExecCredentialProvider provider(
      config(printing("soon", credential(kV1, {{"token", "t"}, {"expirationTimestamp", expiry_in(std::chrono::seconds(5))}}))),
      "https://c", "");
  provider.get();
  provider.get();
  provider.get();
  EXPECT_EQ(provider.runs(), 3);
}

TEST_F(ExecCredentialTest, InvalidateDropsTheCache) {
  ExecCredentialProvider provider(
      config(printing("inv", credential(kV1, {{"token", "t"}, {"expirationTimestamp", expiry_in(std::chrono::hours(1))}}))),
      "https://c", "");
  provider.get();
  provider.get();
  EXPECT_EQ(provider.runs(), 1);
  provider.invalidate();
  provider.get();
  EXPECT_EQ(provider.runs(), 2);
}

TEST_F(ExecCredentialTest, ConcurrentCallersShareOneRun) {
  ExecCredentialProvider provider(config(printing("conc", credential(kV1, {{"token", "shared"}}))), "https://c", "");
  std::vector<std::thread> threads;
  std::vector<std::string> tokens(8);
  for (size_t i = 0; i < tokens.size(); ++i)
    threads.emplace_back([&provider, &tokens, i] { tokens[i] = provider.get().token; });
  for (auto& t : threads) t.join();
  for (const auto& t : tokens) EXPECT_EQ(t, "shared");
  EXPECT_EQ(provider.runs(), 1);
}

TEST_F(ExecCredentialTest, NonZeroExitReportsStatusStderrAndHintButNoSecrets) {
  std::string path = script("fail", R"(echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"STDOUT-SECRET"}}'
echo >&2
echo 'error: SSO session for profile prod has expired' >&2
echo "second line $COFFER_TEST_SECRET" >&2
exit 3
)");
  ExecConfig c = config(path);
  c.args = {"--client-secret=ARG-SECRET"};
  c.env = {{"COFFER_TEST_SECRET", "ENV-SECRET"}};
  c.install_hint = "Install the AWS CLI: https://aws.amazon.com/cli/";
  ExecCredentialProvider provider(c, "https://c", "");
  std::string error = error_of(provider);
  EXPECT_NE(error.find(path), std::string::npos) << error;
  EXPECT_NE(error.find("exit status 3"), std::string::npos) << error;
  EXPECT_NE(error.find("error: SSO session for profile prod has expired"), std::string::npos) << error;
  EXPECT_NE(error.find("Install the AWS CLI"), std::string::npos) << error;
  EXPECT_EQ(error.find("second line"), std::string::npos) << error;
  EXPECT_EQ(error.find("SECRET"), std::string::npos) << error;
  EXPECT_EQ(provider.runs(), 1);
  error_of(provider);  // failures are not cached
  EXPECT_EQ(provider.runs(), 2);
}

TEST_F(ExecCredentialTest, KilledBySignal) {
  ExecCredentialProvider provider(config(script("sig", "kill -TERM $$\n")), "https://c", "");
  std::string error = error_of(provider);
  EXPECT_NE(error.find("failed with signal 15"), std::string::npos) << error;
}

TEST_F(ExecCredentialTest, InvalidJsonOutput) {
  ExecCredentialProvider provider(config(script("badjson", "echo '{\"status\": {\"token\": \"JSON-SECRET'\n")),
                                  "https://c", "");
  std::string error = error_of(provider);
  EXPECT_NE(error.find("exit status 0"), std::string::npos) << error;
  EXPECT_NE(error.find("not valid JSON"), std::string::npos) << error;
  EXPECT_EQ(error.find("JSON-SECRET"), std::string::npos) << error;

  ExecCredentialProvider empty(config(script("empty", "exit 0\n")), "https://c", "");
  EXPECT_NE(error_of(empty).find("not valid JSON"), std::string::npos);

  ExecCredentialProvider nothing(config(printing("nothing", credential(kV1, json::object()))), "https://c", "");
  std::string nothing_error = error_of(nothing);
  EXPECT_NE(nothing_error.find("neither status.token nor"), std::string::npos) << nothing_error;

  ExecCredentialProvider bad_time(
      config(printing("badtime", credential(kV1, {{"token", "TIME-SECRET"}, {"expirationTimestamp", "tomorrow"}}))),
      "https://c", "");
  std::string time_error = error_of(bad_time);
  EXPECT_NE(time_error.find("invalid status.expirationTimestamp"), std::string::npos) << time_error;
  EXPECT_EQ(time_error.find("TIME-SECRET"), std::string::npos) << time_error;
}

TEST_F(ExecCredentialTest, WrongApiVersion) {
  ExecCredentialProvider provider(config(printing("wrong", credential(kV1beta1, {{"token", "VERSION-SECRET"}})), kV1),
                                  "https://c", "");
  std::string error = error_of(provider);
  EXPECT_NE(error.find("returned apiVersion \"client.authentication.k8s.io/v1beta1\", but the kubeconfig asks for "
                       "\"client.authentication.k8s.io/v1\""),
            std::string::npos)
      << error;
  EXPECT_EQ(error.find("VERSION-SECRET"), std::string::npos) << error;

  json wrong_kind = credential(kV1, {{"token", "t"}});
  wrong_kind["kind"] = "Secret";
  ExecCredentialProvider kind(config(printing("kind", wrong_kind)), "https://c", "");
  EXPECT_NE(error_of(kind).find("returned kind \"Secret\""), std::string::npos);
}

TEST_F(ExecCredentialTest, TimeoutKillsThePlugin) {
  std::string marker = (dir_ / "still-running").string();
  // The shell waits for a child sleep: killing only the shell would leave the pipes open.
  std::string path = script("slow", "echo 'waiting for browser login' >&2\nsleep 30\ntouch '" + marker + "'\n");
  ExecCredentialProvider provider(config(path), "https://c", "", 1);
  auto start = std::chrono::steady_clock::now();
  std::string error = error_of(provider);
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(elapsed, std::chrono::seconds(5));
  EXPECT_GE(elapsed, std::chrono::milliseconds(900));
  EXPECT_NE(error.find("timed out after 1s"), std::string::npos) << error;
  EXPECT_NE(error.find("waiting for browser login"), std::string::npos) << error;
  EXPECT_FALSE(fs::exists(marker));
}

TEST_F(ExecCredentialTest, LargeStderrDoesNotDeadlock) {
  // 1 MB on stderr before the credential: more than any pipe buffer.
  std::string path = script("chatty", R"(i=0
while [ $i -lt 1024 ]; do
  printf '%01024d\n' 0 >&2
  i=$((i+1))
done
echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"after-noise"}}'
)");
  ExecCredentialProvider provider(config(path), "https://c", "", 20);
  EXPECT_EQ(provider.get().token, "after-noise");
}

TEST_F(ExecCredentialTest, ExecInfoIsPassed) {
  std::string info_file = (dir_ / "info.json").string();
  std::string path = script("info", "printf '%s' \"$KUBERNETES_EXEC_INFO\" > '" + info_file + R"SH('
printf '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"%s"}}\n' "$(printf '%s' "$KUBERNETES_EXEC_INFO" | wc -c | tr -d ' ')"
)SH");
  const std::string ca = "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n";
  ExecConfig c = config(path, kV1beta1);
  c.provide_cluster_info = true;
  ExecCredentialProvider provider(c, "https://api.example:6443", ca);
  ExecCredential cred = provider.get();

  std::ifstream in(info_file);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(cred.token, std::to_string(text.size()));  // the plugin saw the same value
  json info = json::parse(text);
  EXPECT_EQ(info["apiVersion"], kV1beta1);
  EXPECT_EQ(info["kind"], "ExecCredential");
  EXPECT_EQ(info["spec"]["interactive"], false);
  EXPECT_EQ(info["spec"]["cluster"]["server"], "https://api.example:6443");
  EXPECT_EQ(base64_decode(info["spec"]["cluster"]["certificate-authority-data"].get<std::string>()), ca);

  c.provide_cluster_info = false;
  ExecCredentialProvider without(c, "https://api.example:6443", ca);
  without.get();
  std::ifstream again(info_file);
  json plain = json::parse(again);
  EXPECT_EQ(plain, (json{{"apiVersion", kV1beta1}, {"kind", "ExecCredential"}, {"spec", {{"interactive", false}}}}));
}

TEST_F(ExecCredentialTest, MissingCommandShowsInstallHint) {
  ExecConfig c = config("coffer-test-no-such-credential-plugin");
  c.install_hint = "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin";
  ExecCredentialProvider provider(c, "https://c", "");
  std::string error = error_of(provider);
  EXPECT_NE(error.find("\"coffer-test-no-such-credential-plugin\""), std::string::npos) << error;
  EXPECT_NE(error.find("executable not found"), std::string::npos) << error;
  EXPECT_NE(error.find("gcloud components install gke-gcloud-auth-plugin"), std::string::npos) << error;
  EXPECT_EQ(provider.runs(), 0);
}

TEST_F(ExecCredentialTest, InteractiveModeAlwaysIsRefused) {
  ExecConfig c = config(printing("always", credential(kV1, {{"token", "t"}})));
  c.interactive_mode = "Always";
  ExecCredentialProvider provider(c, "https://c", "");
  EXPECT_NE(error_of(provider).find("interactiveMode: Always"), std::string::npos);
  EXPECT_EQ(provider.runs(), 0);
}

}  // namespace
}  // namespace coffer::kube
