#pragma once

// Internal schema of the Kubernetes protobuf wire format, used by decode_kubernetes_protobuf.
//
// Every message is described by FieldRow entries (one per field) in the schema_<group>.cpp tables:
//   {message, field number, json name, kind, flags, type}
// `message` is "<group>.<version>.<Name>" (meta.v1.ObjectMeta, core.v1.PodSpec, ...); `json` is
// the JSON tag name ("" for a Go struct embedded inline: its members are merged into the parent);
// `type` names the message of Message / Map fields. Field numbers and names are facts of the
// k8s.io/api and apimachinery generated.proto files; json names, inlining, pointer-ness and
// omitempty come from the Go struct tags. Each table ends with an empty row. The rows were
// transcribed (script-assisted, then reviewed) from k8s.io/api and apimachinery master of July 2026,
// a superset of Kubernetes 1.32; fields pointing into alpha/beta packages are left out.

#include <cstdint>
#include <span>
#include <string_view>

namespace coffer::kube::pb {

enum class FieldKind : std::uint8_t {
  End,          // table terminator
  String,       // proto string (Kubernetes enums are strings too)
  Int32,
  Int64,
  Bool,
  Double,
  Bytes,        // -> base64
  Message,      // -> object (or array for list wrappers such as ExtraValue)
  MapString,    // map<string,string> -> object
  MapBytes,     // map<string,bytes> -> object of base64 strings
  MapQuantity,  // map<string,resource.Quantity> -> object of strings
  Map,          // map<string,<type>> -> object of decoded messages
  Time,         // meta.v1.Time -> RFC 3339 seconds
  MicroTime,    // meta.v1.MicroTime -> RFC 3339 microseconds
  Duration,     // meta.v1.Duration -> Go duration string ("1h0m0s")
  FieldsV1,     // meta.v1.FieldsV1 -> parsed JSON
  IntOrString,  // intstr.IntOrString -> number or string
  Quantity,     // resource.Quantity -> string
  RawExtension, // runtime.RawExtension -> embedded JSON or nested protobuf envelope
};

// Flags.
inline constexpr unsigned kRepeated = 1;  // repeated field -> JSON array
inline constexpr unsigned kPointer = 2;   // Go pointer: emit whenever present on the wire
inline constexpr unsigned kAlways = 4;    // Go field without omitempty: emit zero values too
inline constexpr unsigned kInline = 8;    // embedded struct: merge members into the parent

struct FieldRow {
  constexpr FieldRow() = default;
  constexpr FieldRow(std::string_view message_, std::int32_t number_, std::string_view json_,
                     FieldKind kind_, unsigned flags_ = 0, std::string_view type_ = {})
      : message(message_), number(number_), json(json_), kind(kind_), flags(flags_), type(type_) {}

  std::string_view message;
  std::int32_t number = 0;
  std::string_view json;
  FieldKind kind = FieldKind::End;
  unsigned flags = 0;
  std::string_view type;
};

struct KindRow {
  std::string_view api_version;  // "" = any (meta.k8s.io kinds such as DeleteOptions)
  std::string_view kind;
  std::string_view message;
};

// The per-group tables (each terminated by a FieldKind::End row).
extern const FieldRow kMetaV1Fields[];
extern const FieldRow kCoreV1Fields[];
extern const FieldRow kAppsV1Fields[];
extern const FieldRow kBatchV1Fields[];
extern const FieldRow kRbacV1Fields[];
extern const FieldRow kAuthenticationV1Fields[];
extern const FieldRow kAuthorizationV1Fields[];
extern const FieldRow kPolicyV1Fields[];
extern const FieldRow kSchedulingV1Fields[];
extern const FieldRow kNetworkingV1Fields[];
extern const FieldRow kAutoscalingV1Fields[];
extern const FieldRow kAutoscalingV2Fields[];
extern const FieldRow kCoordinationV1Fields[];

// apiVersion/kind -> root message (schema_kinds.cpp).
std::span<const KindRow> kind_table();
// Messages whose JSON form is a bare array of their `items` field (Go `type X []string`).
std::span<const std::string_view> list_wrapper_messages();

}  // namespace coffer::kube::pb
