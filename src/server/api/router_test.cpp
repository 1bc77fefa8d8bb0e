#include "server/api/router.h"

#include "httpserver/captured_response.h"
#include "server/api/openapi.h"

#include <gtest/gtest.h>

namespace coffer::server {
namespace {

using nlohmann::json;

// A response writer that keeps what was sent, and reads its body as JSON.
class CapturedResponse : public http::CapturedResponse {
 public:
  json json_body() const { return json::parse(body); }
};

class RouterTest : public ::testing::Test {
 protected:
  RouterTest()
      : router_(
            [](const http::Request& r) -> std::optional<Principal> {
              std::string auth = r.header("authorization");
              if (auth == "Bearer admin") return Principal{"admin", Role::SuperAdmin, "token:a"};
              if (auth == "Bearer viewer") return Principal{"vera", Role::Viewer, "token:v"};
              return std::nullopt;
            },
            [this](const std::string& method, const std::string& pattern, int status, std::chrono::nanoseconds) {
              observed_.push_back(method + " " + pattern + " " + std::to_string(status));
            }) {
    router_.add("GET", "/healthz", Access::Public, [](RouteContext& c) { c.send_json(200, {{"ok", true}}); });
    router_.add("GET", "/api/v1/backups", Access::Read, [](RouteContext& c) { c.send_json(200, {{"items", json::array()}}); });
    router_.add("GET", "/api/v1/backups/{name}", Access::Read,
                [](RouteContext& c) { c.send_json(200, {{"name", c.param("name")}}); });
    router_.add("GET", "/api/v1/backups/summary", Access::Read, [](RouteContext& c) { c.send_json(200, {{"summary", 1}}); });
    router_.add("DELETE", "/api/v1/backups/{name}", Access::Write, [](RouteContext&) {});
    router_.add("POST", "/api/v1/backups", Access::Write, [](RouteContext& c) {
      json body = c.json_body();
      std::vector<FieldError> errors;
      if (!body.contains("name")) errors.push_back({"name", "is required"});
      if (!body.contains("location")) errors.push_back({"location", "is required"});
      if (!errors.empty()) throw ApiError::invalid(errors);
      c.send_json(201, body);
    });
    router_.add("GET", "/api/v1/backups/{name}/items/{path...}", Access::Read,
                [](RouteContext& c) { c.send_json(200, {{"name", c.param("name")}, {"path", c.param("path")}}); });
    router_.add("GET", "/api/v1/boom", Access::Public, [](RouteContext&) { throw std::runtime_error("secret detail"); });
    router_.set_error_log([this](const std::string& m) { logged_.push_back(m); });
  }

  CapturedResponse call(const std::string& method, const std::string& path, const std::string& token = "",
                        const std::string& body = "") {
    http::Request req;
    req.method = method;
    req.path = path;
    req.target = path;
    if (!token.empty()) req.headers["authorization"] = "Bearer " + token;
    req.body = body;
    CapturedResponse out;
    router_.handle(req, out);
    return out;
  }

  Router router_;
  std::vector<std::string> observed_;
  std::vector<std::string> logged_;
};

TEST_F(RouterTest, PublicRoutesNeedNoCredentials) {
  auto r = call("GET", "/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.json_body()["ok"], true);
  EXPECT_EQ(observed_, std::vector<std::string>{"GET /healthz 200"});
}

TEST_F(RouterTest, ReadRoutesNeedASignedInUser) {
  auto anonymous = call("GET", "/api/v1/backups");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(anonymous.json_body()["error"]["code"], "Unauthorized");
  EXPECT_EQ(anonymous.header("WWW-Authenticate"), "Bearer realm=\"coffer\"");
  EXPECT_EQ(call("GET", "/api/v1/backups", "wrong").status, 401);
  EXPECT_EQ(call("GET", "/api/v1/backups", "viewer").status, 200);
  EXPECT_EQ(call("GET", "/api/v1/backups", "admin").status, 200);
}

TEST_F(RouterTest, WriteRoutesNeedSuperAdmin) {
  auto viewer = call("DELETE", "/api/v1/backups/b1", "viewer");
  EXPECT_EQ(viewer.status, 403);
  EXPECT_EQ(viewer.json_body()["error"]["message"], "user \"vera\" is a viewer; this needs the super-admin role");
  EXPECT_EQ(call("DELETE", "/api/v1/backups/b1", "admin").status, 204);
  EXPECT_EQ(call("DELETE", "/api/v1/backups/b1").status, 401);
}

TEST_F(RouterTest, ParametersAndLiteralPrecedence) {
  EXPECT_EQ(call("GET", "/api/v1/backups/nightly-1", "viewer").json_body()["name"], "nightly-1");
  EXPECT_EQ(call("GET", "/api/v1/backups/summary", "viewer").json_body()["summary"], 1);
  EXPECT_EQ(call("GET", "/api/v1/backups/nightly-1/", "viewer").json_body()["name"], "nightly-1");
  auto item = call("GET", "/api/v1/backups/b1/items/resources/configmaps/namespaces/shop/a.json", "viewer");
  EXPECT_EQ(item.json_body()["path"], "resources/configmaps/namespaces/shop/a.json");
  EXPECT_EQ(call("GET", "/api/v1/backups/b1/items", "viewer").status, 404);
}

TEST_F(RouterTest, UnknownPathsAndMethods) {
  auto missing = call("GET", "/api/v1/nothing", "admin");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.json_body()["error"]["message"], "no API endpoint at /api/v1/nothing");
  auto wrong = call("PUT", "/api/v1/backups/b1", "admin");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.header("Allow"), "DELETE, GET");
  EXPECT_EQ(observed_.back(), "PUT  405");
}

TEST_F(RouterTest, InvalidBodiesListEveryProblem) {
  EXPECT_EQ(call("POST", "/api/v1/backups", "admin", "").status, 400);
  EXPECT_EQ(call("POST", "/api/v1/backups", "admin", "{not json").json_body()["error"]["message"],
            "the request body is not valid JSON");
  EXPECT_EQ(call("POST", "/api/v1/backups", "admin", "[1]").status, 400);
  auto invalid = call("POST", "/api/v1/backups", "admin", "{}");
  EXPECT_EQ(invalid.status, 422);
  json fields = invalid.json_body()["error"]["fields"];
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(fields[0]["field"], "name");
  EXPECT_EQ(fields[1]["field"], "location");
  EXPECT_EQ(call("POST", "/api/v1/backups", "admin", R"({"name":"a","location":"l"})").status, 201);
}

TEST_F(RouterTest, HandlerFailuresAreLoggedNotSent) {
  auto r = call("GET", "/api/v1/boom");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("secret detail"), std::string::npos);
  ASSERT_EQ(logged_.size(), 1u);
  EXPECT_NE(logged_[0].find("secret detail"), std::string::npos);
}

TEST(RouterSetup, DuplicateRoutesAreRefused) {
  Router r({});
  r.add("GET", "/a/{x}", Access::Public, [](RouteContext&) {});
  EXPECT_THROW(r.add("GET", "/a/{x}", Access::Public, [](RouteContext&) {}), std::logic_error);
}

TEST_F(RouterTest, OpenApiDocumentDescribesEveryRoute) {
  json schemas = {{"Backup", {{"type", "object"}}}};
  json doc = openapi_document(router_, schemas, "test");
  EXPECT_EQ(doc["openapi"], "3.0.3");
  std::size_t operations = 0;
  for (const auto& [path, ops] : doc["paths"].items()) operations += ops.size();
  EXPECT_EQ(operations, router_.routes().size());
  const json& item = doc["paths"]["/api/v1/backups/{name}/items/{path}"]["get"];
  ASSERT_EQ(item["parameters"].size(), 2u);
  EXPECT_EQ(item["parameters"][1]["name"], "path");
  EXPECT_TRUE(item["responses"].contains("401"));
  EXPECT_FALSE(item["responses"].contains("403"));
  EXPECT_TRUE(doc["paths"]["/api/v1/backups/{name}"]["delete"]["responses"].contains("403"));
  EXPECT_EQ(doc["paths"]["/healthz"]["get"]["security"], json::array());

  Router r({});
  r.add("POST", "/x", Access::Write, [](RouteContext&) {}, RouteDoc("Make x", "x").body("Missing"));
  EXPECT_THROW(openapi_document(r, schemas, "test"), std::logic_error);
}

TEST(Roles, Names) {
  EXPECT_EQ(parse_role("super-admin"), Role::SuperAdmin);
  EXPECT_EQ(parse_role("viewer"), Role::Viewer);
  EXPECT_EQ(parse_role("admin"), std::nullopt);
  EXPECT_STREQ(role_name(Role::SuperAdmin), "super-admin");
}

}  // namespace
}  // namespace coffer::server
