#include "kube/patch/patch_schema.h"

#include <utility>

namespace coffer::kube {

FieldPatchMeta FieldPatchMeta::object(std::string type) {
  FieldPatchMeta meta;
  meta.type = std::move(type);
  return meta;
}

FieldPatchMeta FieldPatchMeta::merge_list(std::string merge_key, std::string element_type) {
  FieldPatchMeta meta;
  meta.type = std::move(element_type);
  meta.strategy = PatchStrategy::Merge;
  meta.merge_key = std::move(merge_key);
  return meta;
}

FieldPatchMeta FieldPatchMeta::set_list() {
  FieldPatchMeta meta;
  meta.strategy = PatchStrategy::Merge;
  return meta;
}

FieldPatchMeta FieldPatchMeta::with_retain_keys() && {
  retain_keys = true;
  return std::move(*this);
}

PatchSchema PatchSchema::with_root(std::string root_type) const {
  PatchSchema copy = *this;
  copy.root_type_ = std::move(root_type);
  return copy;
}

PatchSchema& PatchSchema::add(std::string_view type, std::string_view field, FieldPatchMeta meta) {
  auto type_it = types_.find(type);
  if (type_it == types_.end()) type_it = types_.emplace(std::string(type), Fields{}).first;
  type_it->second.insert_or_assign(std::string(field), std::move(meta));
  return *this;
}

const FieldPatchMeta* PatchSchema::find(std::string_view type, std::string_view field) const {
  auto type_it = types_.find(type);
  if (type_it == types_.end()) return nullptr;
  auto field_it = type_it->second.find(field);
  return field_it == type_it->second.end() ? nullptr : &field_it->second;
}

bool PatchSchema::has_type(std::string_view type) const { return types_.find(type) != types_.end(); }

}  // namespace coffer::kube
