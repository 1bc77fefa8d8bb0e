#pragma once
// Helpers the controllers share for reading and editing Kubernetes objects held as JSON:
// metadata, owner references, conditions, pod state, hashes, quantities and time.
// Readers never throw on missing or mistyped fields; they return the fallback instead.
#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/rfc3339.h"

namespace coffer::kubesim::controllers {

using json = nlohmann::json;

// ---- reading fields ----
// The value at a path of object keys, or a null json when a step is missing.
const json& at_path(const json& obj, std::initializer_list<std::string_view> path);
std::string string_at(const json& obj, std::initializer_list<std::string_view> path,
                      const std::string& fallback = "");
int64_t int_at(const json& obj, std::initializer_list<std::string_view> path, int64_t fallback);
bool bool_at(const json& obj, std::initializer_list<std::string_view> path, bool fallback);

// ---- metadata ----
std::string name_of(const json& obj);
std::string namespace_of(const json& obj);
std::string uid_of(const json& obj);
int64_t generation_of(const json& obj);
bool is_terminating(const json& obj);  // metadata.deletionTimestamp is set
bool has_finalizer(const json& obj, std::string_view finalizer);
bool remove_finalizer(json& obj, std::string_view finalizer);  // whether it was there
std::string annotation_of(const json& obj, const std::string& key);  // "" when absent
const json& labels_of(const json& obj);                             // null when none
// Sets metadata.annotations[key]; returns whether it changed.
bool set_annotation(json& obj, const std::string& key, const std::string& value);

// ---- owner references ----
// A reference to `owner` (apiVersion, kind, name, uid, controller, blockOwnerDeletion).
json owner_reference(const json& owner, bool controller);
// The ownerReference with controller=true, or null.
const json* controller_reference(const json& obj);
bool is_controlled_by(const json& obj, const std::string& owner_uid);
bool has_owner(const json& obj, const std::string& owner_uid);
bool remove_owner_reference(json& obj, const std::string& owner_uid);

// ---- conditions ----
// Adds or replaces the condition of the same type in the array `conditions`. When the status
// is unchanged the old lastTransitionTime is kept, and when reason and message are unchanged
// too nothing is written (so timestamps do not churn). Returns whether the array changed.
bool set_condition(json& conditions, json condition);
const json* find_condition(const json& conditions, std::string_view type);
bool condition_is_true(const json& conditions, std::string_view type);

// ---- pods ----
bool pod_ready(const json& pod);
bool pod_finished(const json& pod);  // phase Succeeded or Failed
bool pod_active(const json& pod);    // neither terminating nor finished
// Ready for at least min_ready_seconds. When ready but not yet available, *recheck_in says when
// to look again.
bool pod_available(const json& pod, int64_t min_ready_seconds,
                   std::chrono::milliseconds* recheck_in = nullptr);

// Names of the claims a pod's volumes use: persistentVolumeClaim.claimName, and
// "<pod>-<volume>" for generic ephemeral volumes.
std::vector<std::string> pod_claim_names(const json& pod);
// The storage class of a claim or volume: the legacy annotation
// volume.beta.kubernetes.io/storage-class wins over spec.storageClassName, as in Kubernetes.
std::string storage_class_of(const json& claim_or_volume);
// "ns/name" → {"ns", "name"}; a key without '/' is a cluster-scoped name.
std::pair<std::string, std::string> split_namespaced_key(const std::string& key);

// ---- time ----
std::string now_rfc3339();

// ---- hashes and ids ----
uint32_t fnv1a32(std::string_view data);
uint64_t fnv1a64(std::string_view data);
// Kubernetes' "safe" alphabet (no vowels, no look-alikes), one character per input byte.
std::string safe_encode(std::string_view text);
// A short stable hash of a JSON value, like pod-template-hash ("7d4b9c8f5").
std::string short_hash(const json& value);
// Deterministic lower-case hex of `length` characters derived from `seed`.
std::string hex_digest(std::string_view seed, size_t length);

// ---- quantities ----
// Parses a resource.Quantity ("10Gi", "500M", "1.5", "2e3") into a number (in its base unit).
std::optional<long double> parse_quantity(std::string_view text);
std::optional<int64_t> parse_quantity_bytes(std::string_view text);  // rounded up
// Bytes as Kubernetes prints them: "5Gi", "512Mi", "1234".
std::string format_bytes(int64_t bytes);

// ---- resources ----
// "deployments.apps" → {"apps", "deployments"}; "pods" → {"", "pods"}.
std::pair<std::string, std::string> split_group_resource(std::string_view group_resource);

}  // namespace coffer::kubesim::controllers
