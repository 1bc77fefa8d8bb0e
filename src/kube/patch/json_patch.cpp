#include "kube/patch/json_patch.h"

#include <algorithm>
#include <string>
#include <vector>

#include "kube/patch/json_pointer.h"
#include "kube/patch/patch_error.h"

namespace coffer::kube {
namespace {

using nlohmann::json;
using Tokens = std::vector<std::string>;

// One operation being applied: knows how to word its errors.
class Operation {
 public:
  Operation(const json& spec, std::size_t index) : index_(index) {
    if (!spec.is_object()) fail("operation must be a JSON object", "");
    op_ = string_member(spec, "op");
    path_ = string_member(spec, "path");
    path_tokens_ = parse(path_);
    if (op_ == "move" || op_ == "copy") {
      from_ = string_member(spec, "from");
      from_tokens_ = parse(from_);
    }
    if (op_ == "add" || op_ == "replace" || op_ == "test") {
      auto value = spec.find("value");
      if (value == spec.end()) fail("missing \"value\"", path_);
      value_ = *value;
    }
  }

  void apply(json& document) const {
    if (op_ == "add") {
      add(document, path_tokens_, value_, path_);
    } else if (op_ == "remove") {
      remove(document, path_tokens_, path_);
    } else if (op_ == "replace") {
      resolve(document, path_tokens_, path_) = value_;
    } else if (op_ == "move") {
      if (from_tokens_ == path_tokens_) {
        resolve(document, from_tokens_, from_);  // must exist; moving onto itself changes nothing
        return;
      }
      if (path_tokens_.size() > from_tokens_.size() &&
          std::equal(from_tokens_.begin(), from_tokens_.end(), path_tokens_.begin())) {
        fail("cannot move a value into one of its own children (from \"" + from_ + "\")", path_);
      }
      json value = remove(document, from_tokens_, from_);
      add(document, path_tokens_, std::move(value), path_);
    } else if (op_ == "copy") {
      json value = resolve(document, from_tokens_, from_);
      add(document, path_tokens_, std::move(value), path_);
    } else if (op_ == "test") {
      Located actual = locate(document, path_tokens_, path_);
      if (actual.value == nullptr) {
        throw PatchTestFailed(describe() + ": test failed: " + actual.problem, path_);
      }
      if (*actual.value != value_) {
        throw PatchTestFailed(
            describe() + ": test failed: value is " + actual.value->dump() + ", expected " + value_.dump(),
            path_);
      }
    } else {
      fail("unknown operation \"" + op_ + "\" (expected add, remove, replace, move, copy or test)", path_);
    }
  }

 private:
  [[noreturn]] void fail(const std::string& message, const std::string& path) const {
    throw PatchError(describe() + ": " + message, path);
  }

  std::string describe() const {
    std::string out = "operation " + std::to_string(index_);
    if (!op_.empty()) out += " (" + op_ + ")";
    return out;
  }

  std::string string_member(const json& spec, const char* name) const {
    auto it = spec.find(name);
    if (it == spec.end()) fail(std::string("missing \"") + name + "\"", "");
    if (!it->is_string()) fail(std::string("\"") + name + "\" must be a string", "");
    return it->get<std::string>();
  }

  Tokens parse(const std::string& pointer) const {
    try {
      return parse_json_pointer(pointer);
    } catch (const PatchError& error) {
      fail(error.what(), pointer);
    }
  }

  // An array index: "0" or digits without a leading zero, below `limit` (or equal when appending).
  std::size_t array_index(const std::string& token, std::size_t limit, const std::string& pointer) const {
    bool digits = !token.empty() && token.find_first_not_of("0123456789") == std::string::npos;
    if (!digits || (token.size() > 1 && token.front() == '0')) {
      fail("\"" + token + "\" is not an array index", pointer);
    }
    if (token.size() > 18 || std::stoull(token) > limit) {
      fail("array index " + token + " is out of range (size " + std::to_string(limit) + ")", pointer);
    }
    return static_cast<std::size_t>(std::stoull(token));
  }

  struct Located {
    json* value;          // nullptr when the pointer does not resolve
    std::string problem;  // why it does not
  };

  Located locate(json& document, const Tokens& tokens, const std::string& pointer) const {
    json* current = &document;
    for (const std::string& token : tokens) {
      if (current->is_object()) {
        auto it = current->find(token);
        if (it == current->end()) return {nullptr, "member \"" + token + "\" does not exist"};
        current = &*it;
      } else if (current->is_array()) {
        if (token == "-") return {nullptr, "\"-\" does not name an existing array element"};
        std::size_t index = array_index(token, current->size(), pointer);
        if (index == current->size()) {
          return {nullptr, "array index " + token + " is out of range (size " + std::to_string(index) + ")"};
        }
        current = &(*current)[index];
      } else {
        return {nullptr, "cannot look up \"" + token + "\" in a " + current->type_name()};
      }
    }
    return {current, ""};
  }

  json& resolve(json& document, const Tokens& tokens, const std::string& pointer) const {
    Located located = locate(document, tokens, pointer);
    if (located.value == nullptr) fail(located.problem, pointer);
    return *located.value;
  }

  json& parent_of(json& document, const Tokens& tokens, const std::string& pointer) const {
    Tokens parent(tokens.begin(), tokens.end() - 1);
    return resolve(document, parent, pointer);
  }

  void add(json& document, const Tokens& tokens, json value, const std::string& pointer) const {
    if (tokens.empty()) {
      document = std::move(value);
      return;
    }
    json& parent = parent_of(document, tokens, pointer);
    const std::string& last = tokens.back();
    if (parent.is_object()) {
      parent[last] = std::move(value);
    } else if (parent.is_array()) {
      if (last == "-") {
        parent.push_back(std::move(value));
      } else {
        std::size_t index = array_index(last, parent.size(), pointer);
        parent.insert(parent.begin() + static_cast<std::ptrdiff_t>(index), std::move(value));
      }
    } else {
      fail(std::string("cannot add a member to a ") + parent.type_name(), pointer);
    }
  }

  json remove(json& document, const Tokens& tokens, const std::string& pointer) const {
    if (tokens.empty()) fail("cannot remove the whole document", pointer);
    json& parent = parent_of(document, tokens, pointer);
    const std::string& last = tokens.back();
    json& target = resolve(document, tokens, pointer);  // checks that it exists
    json removed = std::move(target);
    if (parent.is_object()) {
      parent.erase(last);
    } else {
      parent.erase(array_index(last, parent.size(), pointer));
    }
    return removed;
  }

  std::size_t index_;
  std::string op_;
  std::string path_;
  std::string from_;
  Tokens path_tokens_;
  Tokens from_tokens_;
  json value_;
};

}  // namespace

nlohmann::json apply_json_patch(const nlohmann::json& target, const nlohmann::json& patch) {
  if (!patch.is_array()) throw PatchError("a JSON patch must be an array of operation objects");
  json document = target;
  for (std::size_t i = 0; i < patch.size(); ++i) Operation(patch[i], i).apply(document);
  return document;
}

}  // namespace coffer::kube
