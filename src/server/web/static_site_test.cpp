#include "server/web/static_site.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

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

  http::CapturedResponse get(const std::string& path, const std::string& method = "GET", bool* handled = nullptr) {
    http::Request r;
    r.method = method;
    r.path = path;
    http::CapturedResponse w;
    bool h = StaticSite(root_).handle(r, w);
    if (handled) *handled = h;
    return w;
  }

  fs::path root_;
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
