#include "kube/protobuf/protobuf_to_json.h"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace coffer::kube {
namespace {

using nlohmann::json;

// ---- a tiny test-only protobuf encoder ---------------------------------------------------

std::string varint(std::uint64_t v) {
  std::string out;
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
  return out;
}

struct Msg {
  std::string bytes;
  Msg& str(int field, std::string_view s) {
    bytes += varint(static_cast<std::uint64_t>(field) << 3 | 2) + varint(s.size());
    bytes += s;
    return *this;
  }
  Msg& msg(int field, const Msg& m) { return str(field, m.bytes); }
  Msg& num(int field, std::int64_t v) {
    bytes += varint(static_cast<std::uint64_t>(field) << 3) + varint(static_cast<std::uint64_t>(v));
    return *this;
  }
  Msg& entry(int field, std::string_view key, std::string_view value) {
    return msg(field, Msg().str(1, key).str(2, value));
  }
};

std::string envelope(std::string_view api_version, std::string_view kind, const Msg& object) {
  Msg unknown;
  unknown.msg(1, Msg().str(1, api_version).str(2, kind)).msg(2, object);
  return std::string("k8s\0", 4) + unknown.bytes;
}

std::string unhex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  return out;
}

// ---- bodies captured from kubectl v1.32 (typed generators, no server-side defaults) --------

// clang-format off
constexpr std::string_view kNamespace =
    "6b3873000a0f0a02763112094e616d657370616365121b0a130a036e733112001a0022002a0032003800420012001a02"
    "0a001a002200";
constexpr std::string_view kSecret =
    "6b3873000a0c0a027631120653656372657412240a120a02733112001a0022002a00320038004200120c0a0270771206"
    "7333637265741a001a002200";
constexpr std::string_view kDeployment =
    "6b3873000a150a07617070732f7631120a4465706c6f796d656e7412b8010a1f0a0377656212001a0022002a00320038"
    "0042005a0a0a0361707012037765621286010803120c0a0a0a0361707012037765621a6c0a1c0a0012001a0022002a00"
    "3200380042005a0a0a036170701203776562124c122e0a056e67696e7812056e67696e782a00320a0a00100018502200"
    "2a0042006a007200800100880100900100a201001a00320042004a0052005800600068008201008a01009a0100c20100"
    "22020a00280038001a0c0800100018002000280038001a002200";
constexpr std::string_view kService =
    "6b3873000a0d0a027631120753657276696365126c0a210a047376633112001a0022002a003200380042005a0b0a0361"
    "707012047376633112430a1b0a0738302d38303830120354435018502207080010903f1a002800120b0a036170701204"
    "737663311a002209436c757374657249503a00420052005a00600068001a020a001a002200";
constexpr std::string_view kPodDisruptionBudget =
    "6b3873000a200a09706f6c6963792f76311213506f6444697372757074696f6e427564676574123a0a140a0470646231"
    "12001a0022002a0032003800420012160a06080010011a00120c0a0a0a0361707012037765621a0a0800180020002800"
    "30001a002200";
constexpr std::string_view kTokenRequest =
    "6b3873000a280a1861757468656e7469636174696f6e2e6b38732e696f2f7631120c546f6b656e52657175657374121d"
    "0a100a0012001a0022002a00320038004200120320901c1a040a0012001a002200";
constexpr std::string_view kSelfSubjectReview =
    "6b3873000a2d0a1861757468656e7469636174696f6e2e6b38732e696f2f7631121153656c665375626a656374526576"
    "696577121a0a100a0012001a0022002a0032003800420012060a040a0012001a002200";
constexpr std::string_view kCronJob =
    "6b3873000a130a0862617463682f7631120743726f6e4a6f6212a7010a130a03636a3112001a0022002a003200380042"
    "00128d010a0b2a2f35202a202a202a202a1a002a7c0a130a03636a3112001a0022002a00320038004200126532630a10"
    "0a0012001a0022002a00320038004200124f12280a03636a31120762757379626f781a04646174652a0042006a007200"
    "800100880100900100a201001a094f6e4661696c757265320042004a0052005800600068008201008a01009a0100c201"
    "001a001a002200";
constexpr std::string_view kRoleBinding =
    "6b3873000a2b0a1c726261632e617574686f72697a6174696f6e2e6b38732e696f2f7631120b526f6c6542696e64696e"
    "6712680a130a0372623112001a0022002a00320038004200122a0a04557365721219726261632e617574686f72697a61"
    "74696f6e2e6b38732e696f1a05616c69636522001a250a19726261632e617574686f72697a6174696f6e2e6b38732e69"
    "6f1204526f6c651a0272311a002200";
// clang-format on

// ---- tests ------------------------------------------------------------------------------

TEST(KubernetesProtobuf, NamespaceWithMetadata) {
  Msg meta;
  meta.str(1, "team-a").str(2, "").str(3, "").num(7, 0).msg(8, Msg())  // zero creationTimestamp
      .entry(11, "env", "prod").entry(12, "note", "x").str(14, "kubernetes");
  Msg ns;
  ns.msg(1, meta).msg(2, Msg().str(1, "kubernetes")).msg(3, Msg());
  json got = decode_kubernetes_protobuf(envelope("v1", "Namespace", ns));
  EXPECT_EQ(got, json::parse(R"({"apiVersion":"v1","kind":"Namespace",
      "metadata":{"name":"team-a","labels":{"env":"prod"},"annotations":{"note":"x"},"finalizers":["kubernetes"]},
      "spec":{"finalizers":["kubernetes"]},"status":{}})"));
}

TEST(KubernetesProtobuf, TimeIsRfc3339Seconds) {
  Msg meta;
  meta.str(1, "x").msg(8, Msg().num(1, 1795520100).num(2, 123456789)).msg(9, Msg().num(1, 0));
  json got = decode_kubernetes_protobuf(envelope("v1", "ConfigMap", Msg().msg(1, meta)));
  EXPECT_EQ(got["metadata"]["creationTimestamp"], "2026-11-24T11:35:00Z");
  EXPECT_EQ(got["metadata"]["deletionTimestamp"], "1970-01-01T00:00:00Z");
}

TEST(KubernetesProtobuf, ConfigMapAndSecretMaps) {
  Msg cm;
  cm.msg(1, Msg().str(1, "cm")).entry(2, "a", "b").entry(3, "bin", std::string("\x00\xff\x10", 3)).num(4, 0);
  json got = decode_kubernetes_protobuf(envelope("v1", "ConfigMap", cm));
  EXPECT_EQ(got["data"], json({{"a", "b"}}));
  EXPECT_EQ(got["binaryData"], json({{"bin", "AP8Q"}}));
  EXPECT_EQ(got["immutable"], false);  // *bool present on the wire is kept

  Msg secret;
  secret.msg(1, Msg().str(1, "s")).entry(2, "pw", "s3cret").entry(2, "k", "ab").str(3, "Opaque").entry(4, "plain", "v");
  got = decode_kubernetes_protobuf(envelope("v1", "Secret", secret));
  EXPECT_EQ(got["data"], json({{"pw", "czNjcmV0"}, {"k", "YWI="}}));
  EXPECT_EQ(got["type"], "Opaque");
  EXPECT_EQ(got["stringData"], json({{"plain", "v"}}));
  EXPECT_FALSE(got.contains("immutable"));
}

TEST(KubernetesProtobuf, DeploymentPodTemplate) {
  Msg container;
  container.str(1, "app").str(2, "nginx:1.27").str(3, "sh").str(3, "-c").str(4, "run")
      .msg(6, Msg().str(1, "http").num(3, 8080).str(4, "TCP"))
      .msg(7, Msg().str(1, "MODE").str(2, "prod"))
      .msg(7, Msg().str(1, "PW").msg(3, Msg().msg(4, Msg().msg(1, Msg().str(1, "creds")).str(2, "pw"))))
      .msg(8, Msg().msg(1, Msg().str(1, "cpu").msg(2, Msg().str(1, "500m")))
                   .msg(2, Msg().str(1, "memory").msg(2, Msg().str(1, "64Mi"))))
      .msg(10, Msg().msg(1, Msg().msg(2, Msg().str(1, "/healthz").msg(2, Msg().num(1, 1).str(3, "http"))))
                   .num(2, 5).num(3, 0))
      .str(14, "IfNotPresent").num(16, 0);
  Msg volume;
  volume.str(1, "data").msg(2, Msg().msg(2, Msg().str(1, "Memory")));
  Msg podspec;
  podspec.msg(1, volume).msg(2, container).str(3, "Always").num(4, 30).str(8, "default")
      .entry(7, "disk", "ssd").num(37, 0);
  Msg spec;
  spec.num(1, 0)
      .msg(2, Msg().entry(1, "app", "web").msg(2, Msg().str(1, "tier").str(2, "In").str(3, "fe")))
      .msg(3, Msg().msg(1, Msg().entry(11, "app", "web")).msg(2, podspec))
      .msg(4, Msg().str(1, "RollingUpdate").msg(2, Msg().msg(1, Msg().num(1, 1).str(3, "25%")).msg(2, Msg().num(2, 1))));
  json got = decode_kubernetes_protobuf(envelope("apps/v1", "Deployment", Msg().msg(1, Msg().str(1, "web")).msg(2, spec)));
  EXPECT_EQ(got["spec"], json::parse(R"({
    "replicas": 0,
    "selector": {"matchLabels": {"app": "web"}, "matchExpressions": [{"key": "tier", "operator": "In", "values": ["fe"]}]},
    "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": 1}},
    "template": {
      "metadata": {"labels": {"app": "web"}},
      "spec": {
        "volumes": [{"name": "data", "emptyDir": {"medium": "Memory"}}],
        "containers": [{
          "name": "app", "image": "nginx:1.27", "command": ["sh", "-c"], "args": ["run"],
          "ports": [{"name": "http", "containerPort": 8080, "protocol": "TCP"}],
          "env": [{"name": "MODE", "value": "prod"},
                  {"name": "PW", "valueFrom": {"secretKeyRef": {"name": "creds", "key": "pw"}}}],
          "resources": {"limits": {"cpu": "500m"}, "requests": {"memory": "64Mi"}},
          "livenessProbe": {"httpGet": {"path": "/healthz", "port": "http"}, "initialDelaySeconds": 5},
          "imagePullPolicy": "IfNotPresent"
        }],
        "restartPolicy": "Always",
        "terminationGracePeriodSeconds": 30,
        "serviceAccountName": "default",
        "nodeSelector": {"disk": "ssd"},
        "hostUsers": false
      }
    }
  })"));
}

TEST(KubernetesProtobuf, NegativeAndLargeIntegers) {
  Msg pc;
  pc.msg(1, Msg().str(1, "low")).num(2, -5).str(4, "d");
  EXPECT_EQ(decode_kubernetes_protobuf(envelope("scheduling.k8s.io/v1", "PriorityClass", pc))["value"], -5);
  Msg meta;
  meta.str(1, "x").num(7, 1LL << 40);
  EXPECT_EQ(decode_kubernetes_protobuf(envelope("v1", "ConfigMap", Msg().msg(1, meta)))["metadata"]["generation"], 1LL << 40);
}

TEST(KubernetesProtobuf, TokenRequestAndSelfSubjectReview) {
  Msg tr;
  tr.msg(1, Msg()).msg(2, Msg().str(1, "api").num(4, 600).msg(3, Msg().str(1, "Pod").str(3, "p1").str(4, "uid-1")));
  EXPECT_EQ(decode_kubernetes_protobuf(envelope("authentication.k8s.io/v1", "TokenRequest", tr)),
            json::parse(R"({"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","metadata":{},
              "spec":{"audiences":["api"],"expirationSeconds":600,"boundObjectRef":{"kind":"Pod","name":"p1","uid":"uid-1"}}})"));

  Msg ssr;
  ssr.msg(1, Msg()).msg(2, Msg().msg(1, Msg().str(1, "alice").str(3, "devs")
                                          .msg(4, Msg().str(1, "scopes").msg(2, Msg().str(1, "a").str(1, "b")))));
  EXPECT_EQ(decode_kubernetes_protobuf(envelope("authentication.k8s.io/v1", "SelfSubjectReview", ssr))["status"],
            json::parse(R"({"userInfo":{"username":"alice","groups":["devs"],"extra":{"scopes":["a","b"]}}})"));
}

TEST(KubernetesProtobuf, ManagedFieldsAndUnknownFields) {
  Msg mf;
  mf.str(1, "kubectl").str(2, "Apply").str(6, "FieldsV1").msg(7, Msg().str(1, R"({"f:data":{}})"));
  Msg meta;
  meta.str(1, "x").msg(17, mf).str(999, "ignored").num(998, 7);
  json got = decode_kubernetes_protobuf(envelope("v1", "ConfigMap", Msg().msg(1, meta).str(77, "junk")));
  EXPECT_EQ(got["metadata"], json::parse(R"({"name":"x","managedFields":[{"manager":"kubectl","operation":"Apply",
      "fieldsType":"FieldsV1","fieldsV1":{"f:data":{}}}]})"));
}

TEST(KubernetesProtobuf, RealKubectlBodies) {
  EXPECT_EQ(decode_kubernetes_protobuf(unhex(kNamespace)),
            json::parse(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"ns1"},"spec":{},"status":{}})"));
  EXPECT_EQ(decode_kubernetes_protobuf(unhex(kSecret)),
            json::parse(R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"s1"},"data":{"pw":"czNjcmV0"}})"));
  EXPECT_EQ(decode_kubernetes_protobuf(unhex(kDeployment)), json::parse(R"({"apiVersion":"apps/v1","kind":"Deployment",
      "metadata":{"labels":{"app":"web"},"name":"web"},
      "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},"strategy":{},
              "template":{"metadata":{"labels":{"app":"web"}},
                          "spec":{"containers":[{"image":"nginx","name":"nginx","ports":[{"containerPort":80}],"resources":{}}]}}},
      "status":{}})"));
  EXPECT_EQ(decode_kubernetes_protobuf(unhex(kService)), json::parse(R"({"apiVersion":"v1","kind":"Service",
      "metadata":{"labels":{"app":"svc1"},"name":"svc1"},
      "spec":{"ports":[{"name":"80-8080","port":80,"protocol":"TCP","targetPort":8080}],"selector":{"app":"svc1"},"type":"ClusterIP"},
      "status":{"loadBalancer":{}}})"));
  EXPECT_EQ(decode_kubernetes_protobuf(unhex(kPodDisruptionBudget))["spec"],
            json::parse(R"({"minAvailable":1,"selector":{"matchLabels":{"app":"web"}}})"));
  EXPECT_EQ(decode_kubernetes_protobuf(unhex(kTokenRequest))["spec"], json::parse(R"({"expirationSeconds":3600})"));
  EXPECT_EQ(decode_kubernetes_protobuf(unhex(kSelfSubjectReview)),
            json::parse(R"({"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview","metadata":{},"status":{"userInfo":{}}})"));
  EXPECT_EQ(decode_kubernetes_protobuf(unhex(kCronJob))["spec"]["schedule"], "*/5 * * * *");
  EXPECT_EQ(decode_kubernetes_protobuf(unhex(kRoleBinding))["subjects"],
            json::parse(R"([{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"alice"}])"));
}

TEST(KubernetesProtobuf, RejectsGarbageAndUnknownKinds) {
  EXPECT_THROW(decode_kubernetes_protobuf(""), std::invalid_argument);
  EXPECT_THROW(decode_kubernetes_protobuf("{\"kind\":\"Namespace\"}"), std::invalid_argument);
  EXPECT_THROW(decode_kubernetes_protobuf(std::string("k8s\0\x0a\xff", 6)), std::invalid_argument);  // truncated
  EXPECT_THROW(decode_kubernetes_protobuf(std::string("k8s\0", 4)), std::invalid_argument);          // no kind
  std::string truncated = unhex(kDeployment);
  truncated.resize(truncated.size() - 10);
  EXPECT_THROW(decode_kubernetes_protobuf(truncated), std::invalid_argument);
  // wrong wire type: metadata.name sent as a varint
  EXPECT_THROW(decode_kubernetes_protobuf(envelope("v1", "ConfigMap", Msg().msg(1, Msg().num(1, 3)))), std::invalid_argument);
  try {
    decode_kubernetes_protobuf(envelope("apps/v1", "Foo", Msg()));
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "kubesim cannot decode protobuf for apps/v1 Foo; send JSON");
  }
  EXPECT_THROW(decode_kubernetes_protobuf(envelope("example.com/v1", "Deployment", Msg())), std::invalid_argument);
}

}  // namespace
}  // namespace coffer::kube
