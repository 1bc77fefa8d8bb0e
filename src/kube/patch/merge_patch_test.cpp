#include "kube/patch/merge_patch.h"

#include <gtest/gtest.h>

namespace coffer::kube {
namespace {

using nlohmann::json;

struct MergeCase {
  const char* original;
  const char* patch;
  const char* result;
};

// RFC 7386, Appendix A.
TEST(MergePatch, Rfc7386AppendixA) {
  const MergeCase cases[] = {
      {R"({"a":"b"})", R"({"a":"c"})", R"({"a":"c"})"},
      {R"({"a":"b"})", R"({"b":"c"})", R"({"a":"b","b":"c"})"},
      {R"({"a":"b"})", R"({"a":null})", R"({})"},
      {R"({"a":"b","b":"c"})", R"({"a":null})", R"({"b":"c"})"},
      {R"({"a":["b"]})", R"({"a":"c"})", R"({"a":"c"})"},
      {R"({"a":"c"})", R"({"a":["b"]})", R"({"a":["b"]})"},
      {R"({"a":{"b":"c"}})", R"({"a":{"b":"d","c":null}})", R"({"a":{"b":"d"}})"},
      {R"({"a":[{"b":"c"}]})", R"({"a":[1]})", R"({"a":[1]})"},
      {R"(["a","b"])", R"(["c","d"])", R"(["c","d"])"},
      {R"({"a":"b"})", R"(["c"])", R"(["c"])"},
      {R"({"a":"foo"})", "null", "null"},
      {R"({"a":"foo"})", R"("bar")", R"("bar")"},
      {R"({"e":null})", R"({"a":1})", R"({"e":null,"a":1})"},
      {R"([1,2])", R"({"a":"b","c":null})", R"({"a":"b"})"},
      {R"({})", R"({"a":{"bb":{"ccc":null}}})", R"({"a":{"bb":{}}})"},
  };
  for (const MergeCase& c : cases) {
    EXPECT_EQ(apply_merge_patch(json::parse(c.original), json::parse(c.patch)), json::parse(c.result))
        << c.original << " + " << c.patch;
  }
}

// RFC 7386, section 3.
TEST(MergePatch, Rfc7386Example) {
  json target = json::parse(R"({
    "title": "Goodbye!",
    "author": {"givenName": "John", "familyName": "Doe"},
    "tags": ["example", "sample"],
    "content": "This will be unchanged"})");
  json patch = json::parse(R"({
    "title": "Hello!",
    "phoneNumber": "+01-123-456-7890",
    "author": {"familyName": null},
    "tags": ["example"]})");
  json expected = json::parse(R"({
    "title": "Hello!",
    "author": {"givenName": "John"},
    "tags": ["example"],
    "content": "This will be unchanged",
    "phoneNumber": "+01-123-456-7890"})");
  json before = target;
  EXPECT_EQ(apply_merge_patch(target, patch), expected);
  EXPECT_EQ(target, before);  // inputs are untouched
}

TEST(MergePatch, KubernetesShapedPatch) {
  json deployment = json::parse(R"({
    "metadata": {"name": "web", "labels": {"app": "web", "tier": "fe"}},
    "spec": {"replicas": 2, "template": {"spec": {"containers": [{"name": "a", "image": "a:1"}]}}}})");
  json patch = json::parse(R"({
    "metadata": {"labels": {"tier": null, "team": "x"}},
    "spec": {"replicas": 3, "template": {"spec": {"containers": [{"name": "a", "image": "a:2"}]}}}})");
  json result = apply_merge_patch(deployment, patch);
  EXPECT_EQ(result["metadata"]["labels"], json::parse(R"({"app":"web","team":"x"})"));
  EXPECT_EQ(result["spec"]["replicas"], 3);
  EXPECT_EQ(result["spec"]["template"]["spec"]["containers"], json::parse(R"([{"name":"a","image":"a:2"}])"));
}

TEST(CreateMergePatch, TurnsFromIntoTo) {
  nlohmann::json from = nlohmann::json::parse(R"({"a":1,"b":{"c":2,"d":[1,2]},"gone":true})");
  nlohmann::json to = nlohmann::json::parse(R"({"a":1,"b":{"c":3,"d":[1]},"new":{"x":"y"}})");
  nlohmann::json patch = create_merge_patch(from, to);
  EXPECT_EQ(patch, nlohmann::json::parse(R"({"b":{"c":3,"d":[1]},"gone":null,"new":{"x":"y"}})"));
  EXPECT_EQ(apply_merge_patch(from, patch), to);
  EXPECT_EQ(create_merge_patch(to, to), nlohmann::json::object());
}

}  // namespace
}  // namespace coffer::kube
