#include "kube/patch/json_patch.h"

#include <gtest/gtest.h>

#include "kube/patch/patch_error.h"

namespace coffer::kube {
namespace {

using nlohmann::json;

json apply(const char* target, const char* patch) {
  return apply_json_patch(json::parse(target), json::parse(patch));
}

std::string error_of(const char* target, const char* patch) {
  try {
    apply(target, patch);
  } catch (const PatchError& error) {
    return error.what();
  }
  return "<no error>";
}

// RFC 6902, Appendix A.
TEST(JsonPatchRfc6902, A1AddObjectMember) {
  EXPECT_EQ(apply(R"({"foo":"bar"})", R"([{"op":"add","path":"/baz","value":"qux"}])"),
            json::parse(R"({"baz":"qux","foo":"bar"})"));
}

TEST(JsonPatchRfc6902, A2AddArrayElement) {
  EXPECT_EQ(apply(R"({"foo":["bar","baz"]})", R"([{"op":"add","path":"/foo/1","value":"qux"}])"),
            json::parse(R"({"foo":["bar","qux","baz"]})"));
}

TEST(JsonPatchRfc6902, A3RemoveObjectMember) {
  EXPECT_EQ(apply(R"({"baz":"qux","foo":"bar"})", R"([{"op":"remove","path":"/baz"}])"),
            json::parse(R"({"foo":"bar"})"));
}

TEST(JsonPatchRfc6902, A4RemoveArrayElement) {
  EXPECT_EQ(apply(R"({"foo":["bar","qux","baz"]})", R"([{"op":"remove","path":"/foo/1"}])"),
            json::parse(R"({"foo":["bar","baz"]})"));
}

TEST(JsonPatchRfc6902, A5ReplaceValue) {
  EXPECT_EQ(apply(R"({"baz":"qux","foo":"bar"})", R"([{"op":"replace","path":"/baz","value":"boo"}])"),
            json::parse(R"({"baz":"boo","foo":"bar"})"));
}

TEST(JsonPatchRfc6902, A6MoveValue) {
  EXPECT_EQ(apply(R"({"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}})",
                  R"([{"op":"move","from":"/foo/waldo","path":"/qux/thud"}])"),
            json::parse(R"({"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}})"));
}

TEST(JsonPatchRfc6902, A7MoveArrayElement) {
  EXPECT_EQ(
      apply(R"({"foo":["all","grass","cows","eat"]})", R"([{"op":"move","from":"/foo/1","path":"/foo/3"}])"),
      json::parse(R"({"foo":["all","cows","eat","grass"]})"));
}

TEST(JsonPatchRfc6902, A8TestSuccess) {
  const char* target = R"({"baz":"qux","foo":["a",2,"c"]})";
  EXPECT_EQ(
      apply(target, R"([{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}])"),
      json::parse(target));
}

TEST(JsonPatchRfc6902, A9TestFailure) {
  EXPECT_THROW(apply(R"({"baz":"qux"})", R"([{"op":"test","path":"/baz","value":"bar"}])"), PatchTestFailed);
}

TEST(JsonPatchRfc6902, A10AddNestedMemberObject) {
  EXPECT_EQ(apply(R"({"foo":"bar"})", R"([{"op":"add","path":"/child","value":{"grandchild":{}}}])"),
            json::parse(R"({"foo":"bar","child":{"grandchild":{}}})"));
}

TEST(JsonPatchRfc6902, A11IgnoreUnrecognizedElements) {
  EXPECT_EQ(apply(R"({"foo":"bar"})", R"([{"op":"add","path":"/baz","value":"qux","xyz":123}])"),
            json::parse(R"({"foo":"bar","baz":"qux"})"));
}

TEST(JsonPatchRfc6902, A12AddToNonexistentTarget) {
  EXPECT_EQ(error_of(R"({"foo":"bar"})", R"([{"op":"add","path":"/baz/bat","value":"qux"}])"),
            "/baz/bat: operation 0 (add): member \"baz\" does not exist");
}

// A.13 (duplicate "op" members) cannot be represented once parsed into nlohmann::json.

TEST(JsonPatchRfc6902, A14TildeEscapeOrdering) {
  const char* target = R"({"/":9,"~1":10})";
  EXPECT_EQ(apply(target, R"([{"op":"test","path":"/~01","value":10}])"), json::parse(target));
}

TEST(JsonPatchRfc6902, A15ComparingStringsAndNumbers) {
  EXPECT_THROW(apply(R"({"/":9,"~1":10})", R"([{"op":"test","path":"/~01","value":"10"}])"), PatchTestFailed);
}

TEST(JsonPatchRfc6902, A16AddArrayValue) {
  EXPECT_EQ(apply(R"({"foo":["bar"]})", R"([{"op":"add","path":"/foo/-","value":["abc","def"]}])"),
            json::parse(R"({"foo":["bar",["abc","def"]]})"));
}

TEST(JsonPatch, WholeDocumentAndCopy) {
  EXPECT_EQ(apply(R"({"a":1})", R"([{"op":"replace","path":"","value":[1]}])"), json::parse("[1]"));
  EXPECT_EQ(apply(R"({"a":1})", R"([{"op":"add","path":"","value":{"b":2}}])"), json::parse(R"({"b":2})"));
  EXPECT_EQ(apply(R"({"a":{"x":[1]}})",
                  R"([{"op":"copy","from":"/a","path":"/b"},{"op":"add","path":"/b/x/-","value":2}])"),
            json::parse(R"({"a":{"x":[1]},"b":{"x":[1,2]}})"));
  EXPECT_EQ(apply(R"({"a":1})", R"([{"op":"move","from":"/a","path":"/a"}])"), json::parse(R"({"a":1})"));
  EXPECT_EQ(apply(R"({"a":[1,2]})", R"([{"op":"add","path":"/a/2","value":3}])"),
            json::parse(R"({"a":[1,2,3]})"));
}

TEST(JsonPatch, TestComparesNumbersByValue) {
  EXPECT_NO_THROW(apply(R"({"a":1})", R"([{"op":"test","path":"/a","value":1.0}])"));
  EXPECT_NO_THROW(
      apply(R"({"a":{"x":[1,{"y":null}]}})", R"([{"op":"test","path":"/a","value":{"x":[1,{"y":null}]}}])"));
}

TEST(JsonPatch, KubernetesShapedPatch) {
  json pod = json::parse(R"({"metadata":{"labels":{"app.kubernetes.io/name":"web"},"finalizers":["a","b"]},
                             "spec":{"containers":[{"name":"c","image":"c:1"}]}})");
  json patch = json::parse(R"([
    {"op":"test","path":"/spec/containers/0/name","value":"c"},
    {"op":"replace","path":"/spec/containers/0/image","value":"c:2"},
    {"op":"remove","path":"/metadata/labels/app.kubernetes.io~1name"},
    {"op":"remove","path":"/metadata/finalizers/0"}])");
  json result = apply_json_patch(pod, patch);
  EXPECT_EQ(result["spec"]["containers"][0]["image"], "c:2");
  EXPECT_EQ(result["metadata"]["labels"], json::object());
  EXPECT_EQ(result["metadata"]["finalizers"], json::parse(R"(["b"])"));
  EXPECT_EQ(pod["spec"]["containers"][0]["image"], "c:1");  // input untouched
}

TEST(JsonPatch, FailingOperationLeavesNothingApplied) {
  json target = json::parse(R"({"a":1})");
  EXPECT_THROW(
      apply_json_patch(target,
                       json::parse(R"([{"op":"add","path":"/b","value":2},{"op":"remove","path":"/zzz"}])")),
      PatchError);
  EXPECT_EQ(target, json::parse(R"({"a":1})"));
}

TEST(JsonPatch, Errors) {
  EXPECT_EQ(error_of("{}", R"({"op":"add"})"), "a JSON patch must be an array of operation objects");
  EXPECT_EQ(error_of("{}", R"([1])"), "operation 0: operation must be a JSON object");
  EXPECT_EQ(error_of("{}", R"([{"path":"/a"}])"), "operation 0: missing \"op\"");
  EXPECT_EQ(error_of("{}", R"([{"op":"add","path":"/a"}])"), "/a: operation 0 (add): missing \"value\"");
  EXPECT_EQ(error_of("{}", R"([{"op":"frob","path":"/a"}])"),
            "/a: operation 0 (frob): unknown operation \"frob\" (expected add, remove, replace, move, copy "
            "or test)");
  EXPECT_EQ(error_of("{}", R"([{"op":"add","path":"a","value":1}])"),
            "a: operation 0 (add): invalid JSON pointer \"a\": must be empty or start with '/'");
  EXPECT_EQ(error_of(R"({"a":[1]})", R"([{"op":"add","path":"/a/2","value":1}])"),
            "/a/2: operation 0 (add): array index 2 is out of range (size 1)");
  EXPECT_EQ(error_of(R"({"a":[1]})", R"([{"op":"remove","path":"/a/1"}])"),
            "/a/1: operation 0 (remove): array index 1 is out of range (size 1)");
  EXPECT_EQ(error_of(R"({"a":[1]})", R"([{"op":"remove","path":"/a/01"}])"),
            "/a/01: operation 0 (remove): \"01\" is not an array index");
  EXPECT_EQ(error_of(R"({"a":[1]})", R"([{"op":"replace","path":"/a/-","value":1}])"),
            "/a/-: operation 0 (replace): \"-\" does not name an existing array element");
  EXPECT_EQ(error_of(R"({"a":1})", R"([{"op":"add","path":"/a/b","value":1}])"),
            "/a/b: operation 0 (add): cannot add a member to a number");
  EXPECT_EQ(error_of(R"({"a":{"b":1}})", R"([{"op":"move","from":"/a","path":"/a/b/c"}])"),
            "/a/b/c: operation 0 (move): cannot move a value into one of its own children (from \"/a\")");
  EXPECT_EQ(error_of(R"({"a":1})", R"([{"op":"remove","path":""}])"),
            "operation 0 (remove): cannot remove the whole document");
  EXPECT_EQ(error_of(R"({"a":1})", R"([{"op":"copy","from":"/x","path":"/b"}])"),
            "/x: operation 0 (copy): member \"x\" does not exist");
  EXPECT_EQ(error_of(R"({"a":1})", R"([{"op":"test","path":"/a","value":2}])"),
            "/a: operation 0 (test): test failed: value is 1, expected 2");
  EXPECT_THROW(apply(R"({"a":1})", R"([{"op":"test","path":"/b","value":null}])"), PatchTestFailed);
  EXPECT_EQ(error_of(R"({"a":1})", R"([{"op":"test","path":"/b","value":null}])"),
            "/b: operation 0 (test): test failed: member \"b\" does not exist");
}

}  // namespace
}  // namespace coffer::kube
