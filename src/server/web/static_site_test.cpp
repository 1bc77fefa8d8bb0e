#include "server/web/static_site.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "backup/archive/tar_gz.h"
#include "httpserver/captured_response.h"

namespace coffer::server {
namespace {
namespace fs = std::filesystem;

class StaticSiteTest : public ::testing::Test {
 protected:
  StaticSiteTest() : root_(fs::temp_directory_path() / ("coffer-site-" + std::to_string(::getpid()))) {
    fs::create_directories(root_ / "assets");
    write("index.html", "<!doctype html><div id=root></div>");
    write("assets/index-3f9a.js", "console.log(1)");
    write("favicon.svg", "<svg/>");
    fs::create_directories(root_.parent_path() / "coffer-site-secret");
    std::ofstream(root_.parent_path() / "coffer-site-secret" / "key") << "secret";
  }
  ~StaticSiteTest() override {
    fs::remove_all(root_);
    fs::remove_all(root_.parent_path() / "coffer-site-secret");
  }
  void write(const std::string& rel, const std::string& text) { std::ofstream(root_ / rel) << text; }

  http::CapturedResponse get(const std::string& path, const std::string& method = "GET", bool* handled = nullptr,
                             const std::string& accept_encoding = "") {
    http::Request r;
    r.method = method;
    r.path = path;
    if (!accept_encoding.empty()) r.headers["accept-encoding"] = accept_encoding;
    http::CapturedResponse w;
    bool h = site_.handle(r, w);
    if (handled) *handled = h;
    return w;
  }

  fs::path root_;
  StaticSite site_{root_};
};

TEST_F(StaticSiteTest, ServesFilesWithTheirTypeAndCaching) {
  auto js = get("/assets/index-3f9a.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.body, "console.log(1)");
  EXPECT_EQ(js.header("Content-Type"), "application/javascript; charset=utf-8");
  EXPECT_EQ(js.header("Cache-Control"), "public, max-age=31536000, immutable");
  auto svg = get("/favicon.svg");
  EXPECT_EQ(svg.header("Content-Type"), "image/svg+xml");
  EXPECT_EQ(svg.header("Cache-Control"), "no-cache");
  EXPECT_NE(svg.header("Content-Security-Policy").find("default-src 'self'"), std::string::npos);
}

TEST_F(StaticSiteTest, UiRoutesGetTheIndexPage) {
  for (const std::string path : {"/", "/backups", "/backups/nightly-20261124", "/restores/new"}) {
    auto page = get(path);
    EXPECT_EQ(page.status, 200) << path;
    EXPECT_EQ(page.header("Content-Type"), "text/html; charset=utf-8") << path;
    EXPECT_NE(page.body.find("id=root"), std::string::npos) << path;
    EXPECT_EQ(page.header("Cache-Control"), "no-cache") << path;
  }
}

TEST_F(StaticSiteTest, MissingAssetsAre404NotTheIndexPage) {
  auto missing = get("/assets/gone-1234.js");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body.find("id=root"), std::string::npos);
}

TEST_F(StaticSiteTest, NoPathLeavesTheRoot) {
  for (const std::string path : {"/../coffer-site-secret/key", "/assets/../../coffer-site-secret/key", "/.hidden",
                                 "/..%2fcoffer-site-secret/key"}) {
    auto r = get(path);
    EXPECT_EQ(r.body.find("secret"), std::string::npos) << path;
    EXPECT_NE(r.status, 200) << path;
  }
}

TEST_F(StaticSiteTest, ApiPathsAreLeftToTheRouter) {
  for (const std::string path : {"/api/v1/backups", "/api", "/healthz", "/readyz", "/metrics"}) {
    bool handled = true;
    auto r = get(path, "GET", &handled);
    EXPECT_FALSE(handled) << path;
    EXPECT_FALSE(r.sent) << path;
  }
}

TEST_F(StaticSiteTest, OtherMethodsAre405AndHeadSendsNoBody) {
  auto post = get("/backups", "POST");
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(post.header("Allow"), "GET, HEAD");
  auto head = get("/favicon.svg", "HEAD");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
}

TEST_F(StaticSiteTest, TextGoesGzippedToClientsThatAcceptIt) {
  std::string script;
  for (int i = 0; i < 400; ++i) script += "export const value" + std::to_string(i) + " = " + std::to_string(i) + ";\n";
  write("assets/big-1a2b.js", script);
  auto plain = get("/assets/big-1a2b.js");
  EXPECT_EQ(plain.body, script);
  EXPECT_EQ(plain.header("Content-Encoding"), "");
  EXPECT_EQ(plain.header("Vary"), "Accept-Encoding");
  for (int round = 0; round < 2; ++round) {  // the second answer comes from the kept copy
    auto gz = get("/assets/big-1a2b.js", "GET", nullptr, "gzip, deflate, br");
    EXPECT_EQ(gz.header("Content-Encoding"), "gzip");
    EXPECT_LT(gz.body.size(), script.size() / 3);
    EXPECT_EQ(backup::gzip_decompress(gz.body), script);
  }
  // A new version of the file is compressed again.
  write("assets/big-1a2b.js", script + "export const changed = true;\n");
  EXPECT_EQ(backup::gzip_decompress(get("/assets/big-1a2b.js", "GET", nullptr, "gzip").body),
            script + "export const changed = true;\n");
  // Small files and images go as they are.
  EXPECT_EQ(get("/assets/index-3f9a.js", "GET", nullptr, "gzip").header("Content-Encoding"), "");
  std::ofstream(root_ / "logo.png", std::ios::binary) << std::string(4096, 'x');
  auto png = get("/logo.png", "GET", nullptr, "gzip");
  EXPECT_EQ(png.header("Content-Encoding"), "");
  EXPECT_EQ(png.header("Vary"), "");
}

TEST_F(StaticSiteTest, LocateFindsTheBuiltUiBesideTheBinary) {
  const fs::path prefix = root_ / "prefix";
  fs::create_directories(prefix / "bin");
  fs::create_directories(prefix / "share" / "coffer" / "ui");
  EXPECT_FALSE(StaticSite::locate(std::nullopt, prefix / "bin" / "coffer"));  // no index.html yet
  std::ofstream(prefix / "share" / "coffer" / "ui" / "index.html") << "x";
  auto found = StaticSite::locate(std::nullopt, prefix / "bin" / "coffer");
  ASSERT_TRUE(found);
  EXPECT_EQ(*found, fs::weakly_canonical(prefix / "share" / "coffer" / "ui"));
  EXPECT_EQ(*StaticSite::locate(std::string("/srv/ui"), prefix / "bin" / "coffer"), fs::path("/srv/ui"));
}

}  // namespace
}  // namespace coffer::server
