#include "kube/client/kube_client.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>

#include "httpserver/http_server.h"
#include "kube/client/discovery.h"
#include "kube/client/list_pager.h"
#include "kube/client/watch.h"
#include "kubesim/pki/certificates.h"

namespace coffer::kube {
namespace {

using http::Request;
using http::ResponseWriter;

// A local HTTP(S) server whose handler the test sets.
struct TestServer {
  explicit TestServer(http::Handler h, std::optional<http::TlsConfig> tls = std::nullopt) {
    http::ServerOptions o;
    o.tls = std::move(tls);
    server = std::make_unique<http::Server>(o, std::move(h));
    server->start();
  }
  std::string url(bool https = false) const {
    return std::string(https ? "https" : "http") + "://127.0.0.1:" + std::to_string(server->port());
  }
  std::unique_ptr<http::Server> server;
};

RestConfig config_for(const std::string& server) {
  RestConfig c;
  c.server = server;
  return c;
}

ClientOptions fast_options() {
  ClientOptions o;
  o.backoff_base = std::chrono::milliseconds(5);
  o.backoff_max = std::chrono::milliseconds(20);
  o.qps = 0;
  return o;
}

TEST(KubeClient, SendsBearerTokenAndParsesJson) {
  std::string seen_auth;
  TestServer s([&](Request& r, ResponseWriter& w) {
    seen_auth = r.header("authorization");
    w.send(200, {{"Content-Type", "application/json"}}, R"({"kind":"Pod","metadata":{"name":"p"}})");
  });
  auto c = config_for(s.url());
  c.token = "secret-token";
  KubeClient client(c, fast_options());
  auto j = client.get_json("/api/v1/namespaces/a/pods/p");
  EXPECT_EQ(j["metadata"]["name"], "p");
  EXPECT_EQ(seen_auth, "Bearer secret-token");
}

TEST(KubeClient, BasicAuthWhenNoToken) {
  std::string seen_auth;
  TestServer s([&](Request& r, ResponseWriter& w) {
    seen_auth = r.header("authorization");
    w.send(200, {}, "{}");
  });
  auto c = config_for(s.url());
  c.username = "admin";
  c.password = "pw";
  KubeClient client(c, fast_options());
  client.get_json("/api");
  EXPECT_EQ(seen_auth, "Basic YWRtaW46cHc=");
}

TEST(KubeClient, TokenFileIsRead) {
  auto dir = std::filesystem::temp_directory_path() / ("kc-token-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    std::ofstream(dir / "token") << "from-file\n";
  }
  std::string seen_auth;
  TestServer s([&](Request& r, ResponseWriter& w) {
    seen_auth = r.header("authorization");
    w.send(200, {}, "{}");
  });
  auto c = config_for(s.url());
  c.token_file = (dir / "token").string();
  KubeClient client(c, fast_options());
  client.get_json("/api");
  EXPECT_EQ(seen_auth, "Bearer from-file");
  std::filesystem::remove_all(dir);
}

TEST(KubeClient, RetriesOn429HonouringRetryAfterThenSucceeds) {
  std::atomic<int> calls{0};
  TestServer s([&](Request&, ResponseWriter& w) {
    if (calls++ < 2) {
      w.send(429, {{"Retry-After", "1"}}, R"({"kind":"Status","reason":"TooManyRequests","message":"slow down"})");
    } else {
      w.send(200, {}, R"({"ok":true})");
    }
  });
  KubeClient client(config_for(s.url()), fast_options());
  auto start = std::chrono::steady_clock::now();
  auto j = client.get_json("/api");
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(j["ok"], true);
  EXPECT_EQ(calls.load(), 3);
  EXPECT_EQ(client.retries(), 2u);
  EXPECT_GE(elapsed, std::chrono::milliseconds(1900));  // two Retry-After: 1 waits
}

TEST(KubeClient, RetriesGetOn500ButNotPost) {
  std::atomic<int> gets{0}, posts{0};
  TestServer s([&](Request& r, ResponseWriter& w) {
    if (r.method == "GET") gets++;
    else posts++;
    w.send(500, {}, R"({"kind":"Status","reason":"InternalError","message":"boom"})");
  });
  auto o = fast_options();
  o.max_retries = 3;
  KubeClient client(config_for(s.url()), o);
  EXPECT_THROW(client.get_json("/api"), ApiError);
  EXPECT_EQ(gets.load(), 4);
  try {
    client.request("POST", "/api/v1/namespaces", "{}");
    FAIL() << "expected ApiError";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.status(), 500);
    EXPECT_EQ(e.reason(), "InternalError");
    EXPECT_NE(std::string(e.what()).find("POST /api/v1/namespaces: 500 Internal Server Error: boom"), std::string::npos) << e.what();
  }
  EXPECT_EQ(posts.load(), 1);
}

TEST(KubeClient, StatusErrorsCarryReasonAndMessageButNoToken) {
  TestServer s([&](Request&, ResponseWriter& w) {
    w.send(403, {}, R"({"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Forbidden","message":"secrets is forbidden: User \"viewer\" cannot list resource \"secrets\"","code":403})");
  });
  auto c = config_for(s.url());
  c.token = "do-not-leak";
  KubeClient client(c, fast_options());
  try {
    client.get_json("/api/v1/secrets");
    FAIL() << "expected ApiError";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.status(), 403);
    EXPECT_EQ(e.reason(), "Forbidden");
    std::string what = e.what();
    EXPECT_NE(what.find("cannot list resource"), std::string::npos);
    EXPECT_EQ(what.find("do-not-leak"), std::string::npos);
  }
  EXPECT_EQ(client.retries(), 0u);
}

TEST(KubeClient, ConnectionRefusedFailsWithinBoundedRetries) {
  uint16_t port;
  {
    TestServer s([](Request&, ResponseWriter& w) { w.send(200, {}, "{}"); });
    port = s.server->port();
  }  // closed: nothing listens there now
  auto o = fast_options();
  o.max_retries = 2;
  KubeClient client(config_for("http://127.0.0.1:" + std::to_string(port)), o);
  auto start = std::chrono::steady_clock::now();
  try {
    client.get_json("/api");
    FAIL() << "expected ApiError";
  } catch (const ApiError& e) {
    EXPECT_TRUE(e.transport());
    EXPECT_EQ(e.reason(), "ConnectionFailed");
    EXPECT_NE(std::string(e.what()).find("cannot reach the API server"), std::string::npos) << e.what();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(client.requests_sent(), 3u);
}

struct Pki {
  Pki() {
    dir = std::filesystem::temp_directory_path() / ("kc-pki-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    files = kubesim::load_or_create_pki(dir, {});
  }
  ~Pki() { std::filesystem::remove_all(dir); }
  static inline int counter = 0;
  std::filesystem::path dir;
  kubesim::PkiFiles files;
};

TEST(KubeClient, TlsWithCaAndClientCertificate) {
  Pki pki;
  std::string seen_cn;
  http::TlsConfig tls{pki.files.server_cert_pem, pki.files.server_key_pem, pki.files.ca_cert_pem};
  TestServer s([&](Request& r, ResponseWriter& w) {
    seen_cn = r.client_cert_cn.value_or("");
    w.send(200, {}, "{}");
  }, tls);
  auto c = config_for(s.url(true));
  c.ca_pem = pki.files.ca_cert_pem;
  c.client_cert_pem = pki.files.client_cert_pem;
  c.client_key_pem = pki.files.client_key_pem;
  KubeClient client(c, fast_options());
  client.get_json("/api");
  EXPECT_EQ(seen_cn, "kubesim-admin");
}

TEST(KubeClient, TlsServerNameIsVerifiedInsteadOfHost) {
  Pki pki;
  http::TlsConfig tls{pki.files.server_cert_pem, pki.files.server_key_pem, ""};
  TestServer s([&](Request&, ResponseWriter& w) { w.send(200, {}, "{}"); }, tls);
  // The certificate names 127.0.0.1, so a plain connection verifies; with tls-server-name set
  // to a name it lacks, verification must use that name and fail.
  auto c = config_for(s.url(true));
  c.ca_pem = pki.files.ca_cert_pem;
  {
    KubeClient plain(c, fast_options());
    EXPECT_NO_THROW(plain.get_json("/api"));
    c.tls_server_name = "not-in-the-certificate.example";
    KubeClient wrong(c, fast_options());
    try {
      wrong.get_json("/api");
      FAIL() << "expected a TLS error: the tls-server-name is not in the certificate";
    } catch (const ApiError& e) {
      EXPECT_EQ(e.reason(), "TLSError") << e.what();
    }
  }
  c.tls_server_name = "kubernetes.default";
  KubeClient named(c, fast_options());
  EXPECT_NO_THROW(named.get_json("/api"));
}

TEST(KubeClient, WrongCaIsATlsErrorNotRetried) {
  Pki server_pki, other_pki;
  http::TlsConfig tls{server_pki.files.server_cert_pem, server_pki.files.server_key_pem, ""};
  TestServer s([&](Request&, ResponseWriter& w) { w.send(200, {}, "{}"); }, tls);
  auto c = config_for(s.url(true));
  c.ca_pem = other_pki.files.ca_cert_pem;
  KubeClient client(c, fast_options());
  try {
    client.get_json("/api");
    FAIL() << "expected ApiError";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.reason(), "TLSError");
    EXPECT_NE(std::string(e.what()).find("certificate"), std::string::npos) << e.what();
  }
  EXPECT_EQ(client.requests_sent(), 1u);
  c.ca_pem.clear();
  c.insecure_skip_tls_verify = true;
  KubeClient insecure(c, fast_options());
  EXPECT_NO_THROW(insecure.get_json("/api"));
}

TEST(KubeClient, ExecPluginTokenRefreshedAfter401) {
  auto dir = std::filesystem::temp_directory_path() / ("kc-exec-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto counter = dir / "count";
  auto script = dir / "plugin.sh";
  {
    std::ofstream f(script);
    f << "#!/bin/sh\n"
         "n=$(cat " << counter.string() << " 2>/dev/null || echo 0)\n"
         "n=$((n+1)); echo $n > " << counter.string() << "\n"
         "echo '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"tok-'$n'\"}}'\n";
  }
  std::filesystem::permissions(script, std::filesystem::perms::owner_all);
  std::vector<std::string> seen;
  std::mutex mu;
  TestServer s([&](Request& r, ResponseWriter& w) {
    std::lock_guard lock(mu);
    seen.push_back(r.header("authorization"));
    if (r.header("authorization") == "Bearer tok-1") w.send(401, {}, R"({"kind":"Status","reason":"Unauthorized","message":"Unauthorized"})");
    else w.send(200, {}, "{}");
  });
  auto c = config_for(s.url());
  ExecConfig e;
  e.command = script.string();
  e.api_version = "client.authentication.k8s.io/v1";
  e.interactive_mode = "Never";
  c.exec = e;
  KubeClient client(c, fast_options());
  client.get_json("/api");
  client.get_json("/api");
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0], "Bearer tok-1");
  EXPECT_EQ(seen[1], "Bearer tok-2");
  EXPECT_EQ(seen[2], "Bearer tok-2");  // cached, no expiry
  std::filesystem::remove_all(dir);
}

TEST(ListPager, PagesWithContinueAndRestartsOn410) {
  // 7 items served 3 per page; the first time page 2 is asked for, answer 410 Expired.
  std::atomic<bool> expired_once{false};
  std::vector<std::string> paths;
  std::mutex mu;
  TestServer s([&](Request& r, ResponseWriter& w) {
    {
      std::lock_guard lock(mu);
      paths.push_back(r.target);
    }
    auto q = r.query_params();
    int start = q.count("continue") ? std::stoi(q["continue"]) : 0;
    if (start == 3 && !expired_once.exchange(true)) {
      w.send(410, {}, R"({"kind":"Status","reason":"Expired","message":"The provided continue parameter is too old"})");
      return;
    }
    int limit = std::stoi(q["limit"]);
    std::string items;
    for (int i = start; i < std::min(7, start + limit); ++i) {
      if (!items.empty()) items += ",";
      items += R"({"metadata":{"name":"cm-)" + std::to_string(i) + R"(","namespace":"ns","labels":{"app":"a\u0062"}},"data":{"k":"v"}})";
    }
    std::string cont = start + limit < 7 ? std::to_string(start + limit) : "";
    long remaining = std::max(0, 7 - (start + limit));
    w.send(200, {}, R"({"kind":"ConfigMapList","apiVersion":"v1","metadata":{"resourceVersion":"42","continue":")" + cont +
                        R"(","remainingItemCount":)" + std::to_string(remaining) + R"(},"items":[)" + items + "]}");
  });
  KubeClient client(config_for(s.url()), fast_options());
  std::vector<std::string> names;
  int restarts = 0;
  std::vector<ListPageInfo> pages;
  ListOptions lo;
  lo.limit = 3;
  lo.label_selector = "app=ab";
  int n = list_paged(client, "/api/v1/configmaps", lo,
                     {[&](const ListItem& item) {
                        names.push_back(std::string(item.name));
                        EXPECT_EQ(item.namespace_, "ns");
                        EXPECT_EQ(item.label("app"), "ab");
                        EXPECT_FALSE(item.has_type_meta);
                        EXPECT_EQ(item.raw.front(), '{');
                        EXPECT_EQ(item.raw.back(), '}');
                        EXPECT_EQ(nlohmann::json::parse(item.raw)["data"]["k"], "v");
                      },
                      [&](const ListPageInfo& info) { pages.push_back(info); },
                      [&] { restarts++; names.clear(); }});
  EXPECT_EQ(restarts, 1);
  EXPECT_EQ(n, 4);  // page 1, (410), page 1 again, 2, 3
  ASSERT_EQ(names.size(), 7u);
  EXPECT_EQ(names.front(), "cm-0");
  EXPECT_EQ(names.back(), "cm-6");
  EXPECT_EQ(pages.front().remaining_item_count, 4);
  EXPECT_EQ(pages.front().resource_version, "42");
  EXPECT_EQ(pages.front().list_kind, "ConfigMapList");
  EXPECT_NE(paths.front().find("labelSelector=app%3Dab"), std::string::npos) << paths.front();
}

TEST(Watch, StreamsEventsSplitAcrossChunksAndThrowsExpired) {
  std::string seen_query;
  TestServer s([&](Request& r, ResponseWriter& w) {
    seen_query = r.query;
    w.begin_stream(200, {{"Content-Type", "application/json"}});
    if (r.query_params()["resourceVersion"] == "old") {
      w.write(R"({"type":"ERROR","object":{"kind":"Status","code":410,"reason":"Expired","message":"too old resource version"}})" "\n");
    } else {
      w.write(R"({"type":"ADDED","object":{"metadata":{"name":"a"}}})" "\n" R"({"type":"MODI)");
      w.write(R"(FIED","object":{"metadata":{"name":"b"}}})" "\n");
      w.write(R"({"type":"DELETED","object":{"metadata":{"name":"c"}}})" "\n");
    }
    w.end_stream();
  });
  KubeClient client(config_for(s.url()), fast_options());
  std::vector<std::string> events;
  watch(client, "/api/v1/pods", "5", [&](const WatchEvent& e) {
    events.push_back(e.type + ":" + e.object["metadata"]["name"].get<std::string>());
    return true;
  });
  EXPECT_EQ(events, (std::vector<std::string>{"ADDED:a", "MODIFIED:b", "DELETED:c"}));
  EXPECT_NE(seen_query.find("watch=1"), std::string::npos);
  EXPECT_NE(seen_query.find("resourceVersion=5"), std::string::npos);
  // Stopping early.
  events.clear();
  watch(client, "/api/v1/pods", "5", [&](const WatchEvent& e) {
    events.push_back(e.type);
    return false;
  });
  EXPECT_EQ(events.size(), 1u);
  try {
    watch(client, "/api/v1/pods", "old", [](const WatchEvent&) { return true; });
    FAIL() << "expected 410";
  } catch (const ApiError& e) {
    EXPECT_TRUE(e.expired());
    EXPECT_EQ(e.reason(), "Expired");
  }
}

TEST(Discovery, AggregatedGroupFailureIsAWarning) {
  TestServer s([&](Request& r, ResponseWriter& w) {
    if (r.path == "/api") return w.send(200, {}, R"({"kind":"APIVersions","versions":["v1"]})");
    if (r.path == "/api/v1")
      return w.send(200, {}, R"({"resources":[{"name":"pods","singularName":"pod","namespaced":true,"kind":"Pod","verbs":["create","delete","get","list"],"shortNames":["po"]},{"name":"pods/status","namespaced":true,"kind":"Pod","verbs":["get"]}]})");
    if (r.path == "/apis")
      return w.send(200, {}, R"({"groups":[{"name":"apps","versions":[{"groupVersion":"apps/v1","version":"v1"}],"preferredVersion":{"groupVersion":"apps/v1","version":"v1"}},{"name":"metrics.k8s.io","versions":[{"groupVersion":"metrics.k8s.io/v1beta1","version":"v1beta1"}],"preferredVersion":{"groupVersion":"metrics.k8s.io/v1beta1","version":"v1beta1"}},{"name":"autoscaling","versions":[{"groupVersion":"autoscaling/v2","version":"v2"},{"groupVersion":"autoscaling/v1","version":"v1"}],"preferredVersion":{"groupVersion":"autoscaling/v2","version":"v2"}}]})");
    if (r.path == "/apis/apps/v1")
      return w.send(200, {}, R"({"resources":[{"name":"deployments","singularName":"deployment","namespaced":true,"kind":"Deployment","verbs":["create","delete","get","list"]}]})");
    if (r.path == "/apis/autoscaling/v2" || r.path == "/apis/autoscaling/v1")
      return w.send(200, {}, R"({"resources":[{"name":"horizontalpodautoscalers","namespaced":true,"kind":"HorizontalPodAutoscaler","verbs":["create","delete","get","list"]}]})");
    if (r.path == "/version") return w.send(200, {}, R"({"gitVersion":"v1.32.0","major":"1","minor":"32"})");
    w.send(503, {}, R"({"kind":"Status","reason":"ServiceUnavailable","message":"service unavailable"})");
  });
  auto o = fast_options();
  o.max_retries = 1;
  KubeClient client(config_for(s.url()), o);
  auto d = discover(client);
  ASSERT_EQ(d.warnings.size(), 1u);
  EXPECT_NE(d.warnings[0].find("metrics.k8s.io/v1beta1"), std::string::npos);
  EXPECT_EQ(d.version.minor, "32");
  std::set<std::string> preferred;
  for (const auto& r : d.preferred()) preferred.insert(r.group_version() + "/" + r.name);
  EXPECT_EQ(preferred, (std::set<std::string>{"v1/pods", "apps/v1/deployments", "autoscaling/v2/horizontalpodautoscalers"}));
  EXPECT_EQ(d.resources.size(), 4u);  // pods, deployments, hpa v2 and v1; no subresource
}

}  // namespace
}  // namespace coffer::kube
