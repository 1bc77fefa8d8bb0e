#pragma once

// PatchSchema: the strategic-merge-patch metadata of a family of JSON types (the Go struct tags
// `patchStrategy` / `patchMergeKey` of k8s.io/api), as a small graph:
//
//     type name -> field name -> FieldPatchMeta {child type, strategy, merge key, retainKeys}
//
// plus the root type of the documents it describes. A type is described once and reused wherever
// it appears (e.g. "PodTemplateSpec" inside Deployment, Job, CronJob's jobTemplate, PodTemplate).
// Fields that are not described have no metadata: their maps merge recursively and their lists are
// replaced. A default-constructed schema therefore describes "no strategies at all".

#include <map>
#include <string>
#include <string_view>

namespace coffer::kube {

enum class PatchStrategy {
  Default,  // maps merge recursively, lists are replaced
  Merge,    // lists merge: elements that are objects by merge_key, primitive elements as a set
  Replace,  // patchStrategy "replace": the value is replaced as a whole, maps included
};

struct FieldPatchMeta {
  std::string type;  // the field's type (for a list: its elements' type); "" = nothing described below
  PatchStrategy strategy = PatchStrategy::Default;
  std::string merge_key;     // patchMergeKey, for Merge lists of objects
  // patchStrategy includes "retainKeys": kubectl sends $retainKeys for this field. Descriptive only:
  // like the apiserver, apply_strategic_merge_patch honours $retainKeys wherever a patch has it.
  bool retain_keys = false;

  // A nested object of the given type (merged recursively).
  static FieldPatchMeta object(std::string type);
  // A list of objects merged by `merge_key`, each element of `element_type`.
  static FieldPatchMeta merge_list(std::string merge_key, std::string element_type = "");
  // A list of primitives merged as a set (e.g. metadata.finalizers).
  static FieldPatchMeta set_list();
  // Same field with the retainKeys strategy added.
  FieldPatchMeta with_retain_keys() &&;

  bool operator==(const FieldPatchMeta&) const = default;
};

class PatchSchema {
 public:
  PatchSchema() = default;
  explicit PatchSchema(std::string root_type) : root_type_(std::move(root_type)) {}

  const std::string& root_type() const { return root_type_; }
  PatchSchema with_root(std::string root_type) const;

  // Describes `field` of `type` (replacing an earlier description of it). Returns *this.
  PatchSchema& add(std::string_view type, std::string_view field, FieldPatchMeta meta);

  // The metadata of `field` in `type`, or nullptr when it has none.
  const FieldPatchMeta* find(std::string_view type, std::string_view field) const;
  bool has_type(std::string_view type) const;

 private:
  using Fields = std::map<std::string, FieldPatchMeta, std::less<>>;
  std::string root_type_;
  std::map<std::string, Fields, std::less<>> types_;
};

}  // namespace coffer::kube
