#pragma once

// Decoding of Kubernetes protobuf request bodies (`Content-Type: application/vnd.kubernetes.protobuf`),
// as sent by client-go typed clients (kubectl create namespace/configmap/secret/deployment/...,
// kubectl create token, kubectl auth whoami, ...).
//
// decode_kubernetes_protobuf(body): `body` is the envelope -- the magic bytes "k8s\0" followed by a
// runtime.Unknown message {typeMeta{apiVersion, kind}, raw = the object's own message,
// contentEncoding, contentType}. Returns the object as the JSON codec would write it: "apiVersion"
// and "kind" from typeMeta, members named by their JSON tags, unset/empty fields omitted (Go
// pointer fields are kept whenever present on the wire, so `replicas: 0` or `immutable: false`
// survive). metav1.Time -> RFC 3339 string, IntOrString -> number or string, Quantity -> string,
// bytes and map<string,bytes> -> base64, FieldsV1 -> JSON. Fields the schema does not know are
// skipped.
//
// Throws std::invalid_argument for a body that is not a well-formed envelope or message, and for a
// kind the library has no schema for ("kubesim cannot decode protobuf for apps/v1 Foo; send JSON").
// Supported: core/v1, apps/v1, batch/v1, rbac.authorization.k8s.io/v1, authentication.k8s.io/v1,
// authorization.k8s.io/v1, policy/v1, scheduling.k8s.io/v1, networking.k8s.io/v1,
// autoscaling/v1 and v2, coordination.k8s.io/v1 kinds, and the meta.k8s.io option kinds
// (DeleteOptions, CreateOptions, ...) under any apiVersion.

#include <string_view>

#include <nlohmann/json.hpp>

namespace coffer::kube {

inline constexpr std::string_view kKubernetesProtobufContentType =
    "application/vnd.kubernetes.protobuf";

nlohmann::json decode_kubernetes_protobuf(std::string_view body);

// True if `body` starts with the "k8s\0" envelope magic.
bool has_kubernetes_protobuf_magic(std::string_view body);

}  // namespace coffer::kube
