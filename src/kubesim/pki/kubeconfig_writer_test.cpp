#include "kubesim/pki/kubeconfig_writer.h"

#include <filesystem>
#include <random>
#include <string>

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "common/base64.h"

namespace coffer::kubesim {
namespace {
namespace fs = std::filesystem;

class KubeconfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = fs::temp_directory_path() / ("kubesim-kubeconfig-test-" + std::to_string(rd()));
  }
  void TearDown() override { fs::remove_all(dir_); }

  static KubeconfigSpec spec() {
    KubeconfigSpec s;
    s.server_url = "https://127.0.0.1:6443";
    s.ca_cert_pem = "-----BEGIN CERTIFICATE-----\nMIIBCA==\n-----END CERTIFICATE-----\n";
    s.token = "admin-token_-x";
    s.client_cert_pem = "-----BEGIN CERTIFICATE-----\nMIIBCB==\n-----END CERTIFICATE-----\n";
    s.client_key_pem = "-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----\n";
    s.readonly_token = "viewer-token";
    return s;
  }

  static YAML::Node find_named(const YAML::Node& list, const std::string& name) {
    for (const auto& item : list)
      if (item["name"].as<std::string>() == name) return item;
    return YAML::Node(YAML::NodeType::Undefined);
  }

  fs::path dir_;
};

TEST_F(KubeconfigTest, WritesStandardKubeconfig) {
  const fs::path file = dir_ / "sub" / "kubeconfig";
  write_kubeconfig(file, spec());
  EXPECT_EQ(fs::status(file).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);

  YAML::Node cfg = YAML::LoadFile(file.string());
  EXPECT_EQ(cfg["apiVersion"].as<std::string>(), "v1");
  EXPECT_EQ(cfg["kind"].as<std::string>(), "Config");
  EXPECT_EQ(cfg["current-context"].as<std::string>(), "kubesim");

  ASSERT_EQ(cfg["clusters"].size(), 1u);
  YAML::Node cluster = cfg["clusters"][0];
  EXPECT_EQ(cluster["name"].as<std::string>(), "kubesim");
  EXPECT_EQ(cluster["cluster"]["server"].as<std::string>(), "https://127.0.0.1:6443");
  EXPECT_EQ(base64_decode(cluster["cluster"]["certificate-authority-data"].as<std::string>()),
            spec().ca_cert_pem);

  ASSERT_EQ(cfg["users"].size(), 3u);
  YAML::Node admin = find_named(cfg["users"], "kubesim-admin");
  ASSERT_TRUE(admin);
  EXPECT_EQ(admin["user"]["token"].as<std::string>(), "admin-token_-x");
  YAML::Node cert = find_named(cfg["users"], "kubesim-cert");
  ASSERT_TRUE(cert);
  EXPECT_EQ(base64_decode(cert["user"]["client-certificate-data"].as<std::string>()),
            spec().client_cert_pem);
  EXPECT_EQ(base64_decode(cert["user"]["client-key-data"].as<std::string>()),
            spec().client_key_pem);
  YAML::Node viewer = find_named(cfg["users"], "kubesim-viewer");
  ASSERT_TRUE(viewer);
  EXPECT_EQ(viewer["user"]["token"].as<std::string>(), "viewer-token");

  ASSERT_EQ(cfg["contexts"].size(), 3u);
  const std::pair<const char*, const char*> contexts[] = {
      {"kubesim", "kubesim-admin"}, {"kubesim-cert", "kubesim-cert"},
      {"kubesim-viewer", "kubesim-viewer"}};
  for (const auto& [name, user] : contexts) {
    YAML::Node ctx = find_named(cfg["contexts"], name);
    ASSERT_TRUE(ctx) << name;
    EXPECT_EQ(ctx["context"]["cluster"].as<std::string>(), "kubesim") << name;
    EXPECT_EQ(ctx["context"]["user"].as<std::string>(), user) << name;
    EXPECT_EQ(ctx["context"]["namespace"].as<std::string>(), "default") << name;
  }
}

TEST_F(KubeconfigTest, ViewerOmittedWithoutReadonlyToken) {
  KubeconfigSpec s = spec();
  s.readonly_token.clear();
  const fs::path file = dir_ / "kubeconfig";
  write_kubeconfig(file, s);
  YAML::Node cfg = YAML::LoadFile(file.string());
  EXPECT_EQ(cfg["users"].size(), 2u);
  EXPECT_EQ(cfg["contexts"].size(), 2u);
  EXPECT_FALSE(find_named(cfg["users"], "kubesim-viewer"));
  EXPECT_FALSE(find_named(cfg["contexts"], "kubesim-viewer"));
}

TEST_F(KubeconfigTest, TokensThatLookLikeYamlStayStrings) {
  KubeconfigSpec s = spec();
  s.token = "12345";
  s.readonly_token = "yes";
  const std::string text = render_kubeconfig(s);
  EXPECT_NE(text.find("token: \"12345\""), std::string::npos) << text;
  EXPECT_NE(text.find("token: \"yes\""), std::string::npos) << text;
  YAML::Node cfg = YAML::Load(text);
  EXPECT_EQ(find_named(cfg["users"], "kubesim-admin")["user"]["token"].as<std::string>(), "12345");
  EXPECT_EQ(find_named(cfg["users"], "kubesim-viewer")["user"]["token"].as<std::string>(),
            "yes");
}

TEST_F(KubeconfigTest, RewriteReplacesFile) {
  const fs::path file = dir_ / "kubeconfig";
  write_kubeconfig(file, spec());
  KubeconfigSpec s = spec();
  s.server_url = "https://localhost:7443";
  write_kubeconfig(file, s);
  YAML::Node cfg = YAML::LoadFile(file.string());
  EXPECT_EQ(cfg["clusters"][0]["cluster"]["server"].as<std::string>(), "https://localhost:7443");
  int entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir_)) ++entries;
  EXPECT_EQ(entries, 1);
}

}  // namespace
}  // namespace coffer::kubesim
