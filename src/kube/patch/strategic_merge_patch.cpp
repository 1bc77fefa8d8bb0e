#include "kube/patch/strategic_merge_patch.h"

#include <algorithm>
#include <iterator>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "kube/patch/json_pointer.h"
#include "kube/patch/merged_list_order.h"

namespace coffer::kube {
namespace {

using nlohmann::json;

const std::string kPatchKey = "$patch";
const std::string kRetainKeysKey = "$retainKeys";
const std::string kSetElementOrderPrefix = "$setElementOrder";
const std::string kDeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList";

enum class KeyKind { Field, Patch, RetainKeys, SetElementOrder, DeleteFromPrimitiveList };

struct ClassifiedKey {
  KeyKind kind;
  std::string field;  // the key itself for a Field; the list it names for the prefixed directives
};

// Keys that merely start with '$' (e.g. "$ref" in a JSON schema) are ordinary fields.
ClassifiedKey classify(const std::string& key, const std::string& path) {
  if (key == kPatchKey) return {KeyKind::Patch, ""};
  if (key == kRetainKeysKey) return {KeyKind::RetainKeys, ""};
  const std::pair<const std::string*, KeyKind> prefixed[] = {
      {&kSetElementOrderPrefix, KeyKind::SetElementOrder},
      {&kDeleteFromPrimitiveListPrefix, KeyKind::DeleteFromPrimitiveList},
  };
  for (const auto& [prefix, kind] : prefixed) {
    if (key.compare(0, prefix->size(), *prefix) != 0) continue;
    if (key.size() <= prefix->size() + 1 || key[prefix->size()] != '/') {
      throw PatchError("invalid directive \"" + key + "\": expected \"" + *prefix + "/<list field>\"",
                       append_json_pointer(path, key));
    }
    return {kind, key.substr(prefix->size() + 1)};
  }
  return {KeyKind::Field, key};
}

enum class Directive { Replace, Delete, Merge };

Directive parse_directive(const json& value, const std::string& path) {
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (text == "replace") return Directive::Replace;
    if (text == "delete") return Directive::Delete;
    if (text == "merge") return Directive::Merge;
  }
  throw PatchError(
      "unknown $patch directive " + value.dump() + " (expected \"replace\", \"delete\" or \"merge\")", path);
}

// The $patch directive of a map, if it has one.
std::optional<Directive> directive_of(const json& map, const std::string& path) {
  if (!map.is_object()) return std::nullopt;
  auto it = map.find(kPatchKey);
  if (it == map.end()) return std::nullopt;
  return parse_directive(*it, append_json_pointer(path, kPatchKey));
}

void require_list(const json& value, const std::string& what, const std::string& path) {
  if (!value.is_array()) throw PatchError(what + " must be a list", path);
}

std::string missing_merge_key(const json& element, const std::string& merge_key) {
  return "map: " + element.dump() + " does not contain declared merge key: " + merge_key;
}

enum class ElementKind { None, Objects, Primitives };

ElementKind element_kind(std::initializer_list<const json*> lists, const std::string& path) {
  ElementKind kind = ElementKind::None;
  for (const json* list : lists) {
    for (const json& element : *list) {
      if (element.is_array()) throw PatchError("lists of lists are not supported", path);
      ElementKind this_kind = element.is_object() ? ElementKind::Objects : ElementKind::Primitives;
      if (kind == ElementKind::None) kind = this_kind;
      if (kind != this_kind) {
        throw PatchError("list element types are not identical: objects and primitives are mixed", path);
      }
    }
  }
  return kind;
}

class Merger {
 public:
  explicit Merger(const PatchSchema& schema) : schema_(schema) {}

  // Merges map `patch` into `original` (an object, or anything else standing for {}).
  // nullopt: the patch deletes the map ($patch: delete).
  std::optional<json> merge_map(json original, const json& patch, const std::string& type,
                                const std::string& path) const {
    if (auto directive = directive_of(patch, path)) {
      if (*directive == Directive::Delete) return std::nullopt;
      if (*directive == Directive::Replace) return materialize(patch, type, path);
    }
    json result = original.is_object() ? std::move(original) : json::object();
    apply_retain_keys(result, patch, path);

    std::set<std::string> ordered_lists;
    for (const auto& [key, value] : patch.items()) {
      ClassifiedKey classified = classify(key, path);
      if (classified.kind != KeyKind::SetElementOrder) continue;
      merge_ordered_list(result, patch, classified.field, value, type, path);
      ordered_lists.insert(classified.field);
    }

    for (const auto& [key, value] : patch.items()) {
      if (classify(key, path).kind != KeyKind::Field || ordered_lists.count(key) > 0) continue;
      merge_field(result, key, value, type, append_json_pointer(path, key));
    }

    for (const auto& [key, value] : patch.items()) {
      ClassifiedKey classified = classify(key, path);
      if (classified.kind != KeyKind::DeleteFromPrimitiveList) continue;
      delete_from_primitive_list(result, classified.field, value, append_json_pointer(path, key));
    }
    return result;
  }

 private:
  const FieldPatchMeta* meta(const std::string& type, const std::string& field) const {
    return type.empty() ? nullptr : schema_.find(type, field);
  }

  static std::string child_type(const FieldPatchMeta* meta) { return meta ? meta->type : ""; }

  void merge_field(json& result, const std::string& key, const json& value, const std::string& type,
                   const std::string& path) const {
    if (value.is_null()) {
      result.erase(key);
      return;
    }
    const FieldPatchMeta* field_meta = meta(type, key);
    auto existing = result.find(key);
    bool present = existing != result.end();
    bool replaced = field_meta != nullptr && field_meta->strategy == PatchStrategy::Replace;
    if (present && existing->is_object() && value.is_object() && !replaced) {
      std::optional<json> merged = merge_map(std::move(*existing), value, child_type(field_meta), path);
      if (merged) {
        *existing = std::move(*merged);
      } else {
        result.erase(key);
      }
    } else if (present && existing->is_array() && value.is_array()) {
      *existing = merge_list_field(std::move(*existing), value, field_meta, path);
    } else {
      std::optional<json> fresh = materialize(value, child_type(field_meta), path);
      if (fresh) {
        result[key] = std::move(*fresh);
      } else {
        result.erase(key);
      }
    }
  }

  // $retainKeys: clears the keys of `result` it does not list; the patch may only set listed keys.
  static void apply_retain_keys(json& result, const json& patch, const std::string& path) {
    auto directive = patch.find(kRetainKeysKey);
    if (directive == patch.end()) return;
    std::string where = append_json_pointer(path, kRetainKeysKey);
    require_list(*directive, "$retainKeys", where);
    std::set<std::string> retained;
    for (const json& name : *directive) {
      if (!name.is_string()) throw PatchError("$retainKeys must be a list of field names", where);
      retained.insert(name.get<std::string>());
    }
    for (const auto& [key, value] : patch.items()) {
      if (value.is_null() || classify(key, path).kind != KeyKind::Field) continue;
      if (retained.count(key) == 0) {
        throw PatchError("the patch sets \"" + key + "\", which $retainKeys does not list", where);
      }
    }
    for (auto it = result.begin(); it != result.end();) {
      it = retained.count(it.key()) > 0 ? std::next(it) : result.erase(it);
    }
  }

  // A list field with its $setElementOrder directive: merged as usual, then ordered by `order`.
  void merge_ordered_list(json& result, const json& patch, const std::string& field, const json& order,
                          const std::string& type, const std::string& path) const {
    std::string directive_path = append_json_pointer(path, kSetElementOrderPrefix + "/" + field);
    std::string list_path = append_json_pointer(path, field);
    require_list(order, "$setElementOrder/" + field, directive_path);

    const json* patch_list = nullptr;
    if (auto it = patch.find(field); it != patch.end()) {
      require_list(*it, "\"" + field + "\" (which has a $setElementOrder directive)", list_path);
      patch_list = &*it;
    }
    auto existing = result.find(field);
    bool has_original = existing != result.end() && existing->is_array();
    if (patch_list == nullptr && !has_original) return;

    const FieldPatchMeta* field_meta = meta(type, field);
    if (field_meta == nullptr || field_meta->strategy != PatchStrategy::Merge) {
      // Only merging lists have an order to set; any other list is simply replaced.
      if (patch_list != nullptr) {
        result[field] = materialize_list(*patch_list, child_type(field_meta), list_path);
      }
      return;
    }

    json original = has_original ? *existing : json::array();
    ElementKind kind = element_kind({&original, patch_list ? patch_list : &original}, list_path);
    std::string merge_key = kind == ElementKind::Objects ? field_meta->merge_key : "";
    if (patch_list != nullptr) {
      check_patch_follows_order(*patch_list, order, merge_key, field, list_path, directive_path);
    }

    json merged;
    if (patch_list == nullptr) {
      merged = original;
    } else if (!has_original) {
      merged = materialize_list(*patch_list, field_meta->type, list_path);
    } else {
      merged = merge_lists(original, *patch_list, *field_meta, list_path);
    }
    if (!merge_key.empty()) {
      for (const json* list : std::initializer_list<const json*>{&merged, &order}) {
        for (const json& element : *list) {
          if (!element.is_object() || !element.contains(merge_key)) {
            throw PatchError(missing_merge_key(element, merge_key),
                             list == &order ? directive_path : list_path);
          }
        }
      }
    }
    std::vector<json> elements(std::make_move_iterator(merged.begin()),
                               std::make_move_iterator(merged.end()));
    result[field] = order_merged_list(std::move(elements), order, original, merge_key);
  }

  // The patch list must name its elements in the same relative order as $setElementOrder.
  static void check_patch_follows_order(const json& patch_list, const json& order,
                                        const std::string& merge_key, const std::string& field,
                                        const std::string& list_path, const std::string& directive_path) {
    auto identity = [&](const json& element, const std::string& where) -> const json& {
      if (merge_key.empty()) return element;
      if (!element.is_object() || !element.contains(merge_key)) {
        throw PatchError(missing_merge_key(element, merge_key), where);
      }
      return element.at(merge_key);
    };
    std::size_t next = 0;
    for (std::size_t i = 0; i < patch_list.size(); ++i) {
      const json& element = patch_list[i];
      if (element.is_object() && element.contains(kPatchKey)) continue;  // deletions, replace markers
      const json& id = identity(element, append_json_pointer(list_path, std::to_string(i)));
      while (next < order.size() && identity(order[next], directive_path) != id) ++next;
      if (next == order.size()) {
        throw PatchError("the order in patch list " + patch_list.dump() + " doesn't match $setElementOrder/" +
                             field + " list " + order.dump(),
                         directive_path);
      }
      ++next;
    }
  }

  json merge_list_field(json original, const json& patch, const FieldPatchMeta* field_meta,
                        const std::string& path) const {
    if (field_meta == nullptr || field_meta->strategy != PatchStrategy::Merge) {
      return materialize_list(patch, child_type(field_meta), path);
    }
    return merge_lists(std::move(original), patch, *field_meta, path);
  }

  json merge_lists(json original, const json& patch, const FieldPatchMeta& field_meta,
                   const std::string& path) const {
    if (original.empty() && patch.empty()) return json::array();
    if (element_kind({&original, &patch}, path) == ElementKind::Primitives) {
      std::vector<json> merged;
      for (const json* list : std::initializer_list<const json*>{&original, &patch}) {
        for (const json& element : *list) {
          if (std::find(merged.begin(), merged.end(), element) == merged.end()) merged.push_back(element);
        }
      }
      return order_merged_list(std::move(merged), patch, original, "");
    }
    return merge_object_lists(std::move(original), patch, field_meta, path);
  }

  json merge_object_lists(json base, const json& patch, const FieldPatchMeta& field_meta,
                          const std::string& path) const {
    const std::string& key = field_meta.merge_key;
    if (key.empty()) throw PatchError("cannot merge a list of objects without a merge key", path);
    for (const json& element : base) {
      if (!element.contains(key)) {
        throw PatchError("existing list element " + missing_merge_key(element, key), path);
      }
    }

    // Special elements first: deletions by merge key, and the marker that replaces the list.
    json regular = json::array();
    std::vector<std::string> regular_paths;
    bool replace = false;
    for (std::size_t i = 0; i < patch.size(); ++i) {
      const json& element = patch[i];
      std::string element_path = append_json_pointer(path, std::to_string(i));
      std::optional<Directive> directive = directive_of(element, element_path);
      if (!directive) {
        if (!element.contains(key)) throw PatchError(missing_merge_key(element, key), element_path);
        regular.push_back(element);
        regular_paths.push_back(element_path);
      } else if (*directive == Directive::Delete) {
        auto id = element.find(key);
        if (id == element.end()) throw PatchError(missing_merge_key(element, key), element_path);
        json kept = json::array();
        for (json& existing : base) {
          if (existing.at(key) != *id) kept.push_back(std::move(existing));
        }
        base = std::move(kept);
      } else if (*directive == Directive::Replace) {
        replace = true;
      }
    }
    if (replace) {
      json replacement = json::array();
      for (std::size_t j = 0; j < regular.size(); ++j) {
        replacement.push_back(*materialize(regular[j], field_meta.type, regular_paths[j]));
      }
      base = std::move(replacement);
      regular = json::array();
    }

    json live_order = base;
    for (std::size_t j = 0; j < regular.size(); ++j) {
      const json& element = regular[j];
      auto match = std::find_if(base.begin(), base.end(),
                                [&](const json& existing) { return existing.at(key) == element.at(key); });
      if (match != base.end()) {
        *match = *merge_map(std::move(*match), element, field_meta.type, regular_paths[j]);
      } else {
        base.push_back(*materialize(element, field_meta.type, regular_paths[j]));
      }
    }
    std::vector<json> merged(std::make_move_iterator(base.begin()), std::make_move_iterator(base.end()));
    return order_merged_list(std::move(merged), regular, live_order, key);
  }

  static void delete_from_primitive_list(json& result, const std::string& field, const json& values,
                                         const std::string& path) {
    require_list(values, "$deleteFromPrimitiveList/" + field, path);
    auto list = result.find(field);
    if (list == result.end() || !list->is_array()) return;
    json kept = json::array();
    for (const json& element : *list) {
      if (element.is_object() || element.is_array()) {
        throw PatchError("$deleteFromPrimitiveList applies only to lists of primitives", path);
      }
      if (std::find(values.begin(), values.end(), element) == values.end()) kept.push_back(element);
    }
    *list = std::move(kept);
  }

  // A patch value with nothing to merge into: directives are applied to it and removed, nulls in
  // maps are dropped. nullopt: the value is a map that deletes itself.
  std::optional<json> materialize(const json& value, const std::string& type, const std::string& path) const {
    if (value.is_array()) return materialize_list(value, type, path);
    if (!value.is_object()) return value;
    if (directive_of(value, path) == Directive::Delete) return std::nullopt;
    json out = json::object();
    for (const auto& [key, child] : value.items()) {
      std::string child_path = append_json_pointer(path, key);
      switch (classify(key, path).kind) {
        case KeyKind::Patch:
          continue;
        case KeyKind::RetainKeys:
          require_list(child, "$retainKeys", child_path);
          continue;
        case KeyKind::SetElementOrder:
        case KeyKind::DeleteFromPrimitiveList:
          require_list(child, key, child_path);
          continue;
        case KeyKind::Field:
          break;
      }
      if (child.is_null()) continue;
      if (std::optional<json> fresh = materialize(child, child_type(meta(type, key)), child_path)) {
        out[key] = std::move(*fresh);
      }
    }
    return out;
  }

  // Elements that carry a $patch directive are dropped: there is nothing for them to act on.
  json materialize_list(const json& list, const std::string& element_type, const std::string& path) const {
    json out = json::array();
    for (std::size_t i = 0; i < list.size(); ++i) {
      std::string element_path = append_json_pointer(path, std::to_string(i));
      if (directive_of(list[i], element_path)) continue;
      out.push_back(*materialize(list[i], element_type, element_path));
    }
    return out;
  }

  const PatchSchema& schema_;
};

}  // namespace

nlohmann::json apply_strategic_merge_patch(const nlohmann::json& original, const nlohmann::json& patch,
                                           const PatchSchema& schema) {
  if (!patch.is_object()) throw PatchError("a strategic merge patch must be a JSON object");
  if (!original.is_object() && !original.is_null()) {
    throw PatchError("the document to patch must be a JSON object");
  }
  std::optional<json> result = Merger(schema).merge_map(original, patch, schema.root_type(), "");
  return result ? std::move(*result) : json::object();
}

}  // namespace coffer::kube
