#include "kube/patch/strategic_merge_patch.h"

#include <gtest/gtest.h>

namespace coffer::kube {
namespace {

using nlohmann::json;

// A self-similar test type, like the MergeItem used by Kubernetes' own tests.
const PatchSchema& item_schema() {
  static const PatchSchema schema = [] {
    PatchSchema s("Item");
    FieldPatchMeta replaced;
    replaced.strategy = PatchStrategy::Replace;
    s.add("Item", "mergingList", FieldPatchMeta::merge_list("name", "Item"))
        .add("Item", "nonMergingList", FieldPatchMeta::object("Item"))
        .add("Item", "mergingIntList", FieldPatchMeta::set_list())
        .add("Item", "child", FieldPatchMeta::object("Item"))
        .add("Item", "retainKeysMap", FieldPatchMeta::object("Item").with_retain_keys())
        .add("Item", "replacedMap", replaced);
    return s;
  }();
  return schema;
}

json smp(const char* original, const char* patch) {
  return apply_strategic_merge_patch(json::parse(original), json::parse(patch), item_schema());
}

std::string error_of(const char* original, const char* patch) {
  try {
    smp(original, patch);
  } catch (const PatchError& error) {
    return error.what();
  }
  return "<no error>";
}

std::string path_of_error(const char* original, const char* patch) {
  try {
    smp(original, patch);
  } catch (const PatchError& error) {
    return error.path();
  }
  return "<no error>";
}

TEST(StrategicMergePatch, MapsMergeAndNullDeletes) {
  EXPECT_EQ(smp(R"({"a":1,"m":{"x":1,"y":2}})", R"({"a":null,"b":2,"m":{"y":null,"z":3}})"),
            json::parse(R"({"b":2,"m":{"x":1,"z":3}})"));
  EXPECT_EQ(smp(R"({"child":{"child":{"a":1}}})", R"({"child":{"child":{"b":2}}})"),
            json::parse(R"({"child":{"child":{"a":1,"b":2}}})"));
}

TEST(StrategicMergePatch, NullsWithNothingToDeleteAreDropped) {
  EXPECT_EQ(smp(R"({})", R"({"a":null,"m":{"x":null,"y":1,"n":{"z":null}}})"),
            json::parse(R"({"m":{"y":1,"n":{}}})"));
}

TEST(StrategicMergePatch, ScalarsAndMismatchedTypesAreReplaced) {
  EXPECT_EQ(smp(R"({"a":"x","b":[1],"c":{"d":1}})", R"({"a":{"k":null,"v":1},"b":{"x":1},"c":"s"})"),
            json::parse(R"({"a":{"v":1},"b":{"x":1},"c":"s"})"));
}

TEST(StrategicMergePatch, ListsWithoutStrategyAreReplaced) {
  EXPECT_EQ(smp(R"({"nonMergingList":[{"name":"1"},{"name":"2"}],"other":[1,2]})",
                R"({"nonMergingList":[{"name":"1","value":"a"}],"other":[3]})"),
            json::parse(R"({"nonMergingList":[{"name":"1","value":"a"}],"other":[3]})"));
}

TEST(StrategicMergePatch, MergeListMergesElementsByKey) {
  EXPECT_EQ(smp(R"({"mergingList":[{"name":"1","value":"1"},{"name":"2","value":"2"}]})",
                R"({"mergingList":[{"name":"1","value":null,"other":"o"}]})"),
            json::parse(R"({"mergingList":[{"name":"1","other":"o"},{"name":"2","value":"2"}]})"));
  // Nested merge lists merge too; nested lists without strategy are replaced.
  EXPECT_EQ(
      smp(R"({"mergingList":[{"name":"1","mergingList":[{"name":"a"},{"name":"b","value":"b"}],
                                     "nonMergingList":[{"name":"x"},{"name":"y"}]}]})",
          R"({"mergingList":[{"name":"1","mergingList":[{"name":"a","value":"a"}],
                                     "nonMergingList":[{"name":"x","value":"x"}]}]})"),
      json::parse(
          R"({"mergingList":[{"name":"1","mergingList":[{"name":"a","value":"a"},{"name":"b","value":"b"}],
                                             "nonMergingList":[{"name":"x","value":"x"}]}]})"));
}

TEST(StrategicMergePatch, NewElementsComeBeforeServerOnlyElements) {
  // What the apiserver does when no $setElementOrder is sent: the patch's items first.
  EXPECT_EQ(smp(R"({"mergingList":[{"name":"1"},{"name":"2"}]})", R"({"mergingList":[{"name":"3"}]})"),
            json::parse(R"({"mergingList":[{"name":"3"},{"name":"1"},{"name":"2"}]})"));
  EXPECT_EQ(smp(R"({"mergingIntList":[1,2]})", R"({"mergingIntList":[3]})"),
            json::parse(R"({"mergingIntList":[3,1,2]})"));
}

TEST(StrategicMergePatch, PatchOrderIsPreserved) {
  EXPECT_EQ(
      smp(R"({"mergingList":[{"name":"1"},{"name":"2","value":"b"},{"name":"3"}]})",
          R"({"mergingList":[{"name":"3","value":"c"},{"name":"1","value":"a"}]})"),
      json::parse(
          R"({"mergingList":[{"name":"2","value":"b"},{"name":"3","value":"c"},{"name":"1","value":"a"}]})"));
  EXPECT_EQ(smp(R"({"mergingIntList":[1,2,3]})", R"({"mergingIntList":[3,1]})"),
            json::parse(R"({"mergingIntList":[2,3,1]})"));
}

TEST(StrategicMergePatch, PrimitiveMergeListIsASet) {
  EXPECT_EQ(smp(R"({"mergingIntList":[1,2]})", R"({"mergingIntList":[2,3]})"),
            json::parse(R"({"mergingIntList":[1,2,3]})"));
  EXPECT_EQ(smp(R"({"mergingIntList":[1,1,2]})", R"({"mergingIntList":[2,2]})"),
            json::parse(R"({"mergingIntList":[1,2]})"));
  EXPECT_EQ(smp(R"({})", R"({"mergingIntList":[1,1]})"), json::parse(R"({"mergingIntList":[1,1]})"));
}

TEST(StrategicMergePatch, DeleteElementDirective) {
  EXPECT_EQ(smp(R"({"mergingList":[{"name":"1"},{"name":"2"}]})",
                R"({"mergingList":[{"name":"1","$patch":"delete"}]})"),
            json::parse(R"({"mergingList":[{"name":"2"}]})"));
  // Every element with the key goes; deleting a missing element changes nothing.
  EXPECT_EQ(smp(R"({"mergingList":[{"name":"1"},{"name":"1","v":2},{"name":"2","value":"a"}]})",
                R"({"mergingList":[{"name":"1","$patch":"delete"},{"name":"9","$patch":"delete"}]})"),
            json::parse(R"({"mergingList":[{"name":"2","value":"a"}]})"));
  // Delete and re-add in one patch.
  EXPECT_EQ(smp(R"({"mergingList":[{"name":"1","value":"old"},{"name":"2"}]})",
                R"({"mergingList":[{"name":"1","$patch":"delete"},{"name":"1","other":"new"}]})"),
            json::parse(R"({"mergingList":[{"name":"1","other":"new"},{"name":"2"}]})"));
  EXPECT_EQ(smp(R"({"mergingList":[{"name":"1"}]})", R"({"mergingList":[{"name":"1","$patch":"delete"}]})"),
            json::parse(R"({"mergingList":[]})"));
}

TEST(StrategicMergePatch, ReplaceListDirective) {
  EXPECT_EQ(
      smp(R"({"mergingList":[{"name":"1"},{"name":"2"}]})", R"({"mergingList":[{"$patch":"replace"}]})"),
      json::parse(R"({"mergingList":[]})"));
  EXPECT_EQ(
      smp(R"({"mergingList":[{"name":"1","value":"x"},{"name":"2"}]})",
          R"({"mergingList":[{"name":"3","child":{"a":null,"b":1}},{"name":"1"},{"$patch":"replace"}]})"),
      json::parse(R"({"mergingList":[{"name":"3","child":{"b":1}},{"name":"1"}]})"));
}

TEST(StrategicMergePatch, ReplaceMapDirective) {
  EXPECT_EQ(smp(R"({"name":"1","value":"1"})", R"({"$patch":"replace"})"), json::object());
  EXPECT_EQ(smp(R"({"name":"1","value":"1"})", R"({"other":"a","$patch":"replace"})"),
            json::parse(R"({"other":"a"})"));
  EXPECT_EQ(smp(R"({"child":{"a":1,"b":{"c":1}},"keep":1})", R"({"child":{"$patch":"replace","b":{"d":2}}})"),
            json::parse(R"({"child":{"b":{"d":2}},"keep":1})"));
}

TEST(StrategicMergePatch, DeleteMapDirective) {
  EXPECT_EQ(smp(R"({"child":{"a":1},"keep":1})", R"({"child":{"$patch":"delete"}})"),
            json::parse(R"({"keep":1})"));
  EXPECT_EQ(smp(R"({"keep":1})", R"({"child":{"$patch":"delete","a":1}})"), json::parse(R"({"keep":1})"));
  EXPECT_EQ(smp(R"({"a":1})", R"({"$patch":"delete"})"), json::object());
}

TEST(StrategicMergePatch, MergeDirectiveIsTheDefault) {
  EXPECT_EQ(smp(R"({"child":{"a":1}})", R"({"child":{"$patch":"merge","b":2}})"),
            json::parse(R"({"child":{"a":1,"b":2}})"));
  EXPECT_EQ(
      smp(R"({"mergingList":[{"name":"1"}]})", R"({"mergingList":[{"$patch":"merge"},{"name":"1","v":1}]})"),
      json::parse(R"({"mergingList":[{"name":"1","v":1}]})"));
}

TEST(StrategicMergePatch, InvalidPatchDirective) {
  EXPECT_EQ(
      error_of(R"({"child":{}})", R"({"child":{"$patch":"frob"}})"),
      "/child/$patch: unknown $patch directive \"frob\" (expected \"replace\", \"delete\" or \"merge\")");
  EXPECT_EQ(
      path_of_error(R"({"mergingList":[{"name":"1"}]})", R"({"mergingList":[{"name":"1","$patch":1}]})"),
      "/mergingList/0/$patch");
  EXPECT_THROW(smp(R"({})", R"({"child":{"$patch":"frob"}})"), PatchError);
  EXPECT_THROW(smp(R"({})", R"({"mergingList":[{"$patch":"frob"}]})"), PatchError);
}

TEST(StrategicMergePatch, SetElementOrder) {
  EXPECT_EQ(
      smp(R"({"mergingList":[{"name":"1"},{"name":"2","value":"b"}]})",
          R"({"$setElementOrder/mergingList":[{"name":"3"},{"name":"1"},{"name":"2"}],
                    "mergingList":[{"name":"3","value":"c"}]})"),
      json::parse(R"({"mergingList":[{"name":"3","value":"c"},{"name":"1"},{"name":"2","value":"b"}]})"));
  // Only the order changes.
  EXPECT_EQ(smp(R"({"mergingList":[{"name":"1"},{"name":"2","v":2}]})",
                R"({"$setElementOrder/mergingList":[{"name":"2"},{"name":"1"}]})"),
            json::parse(R"({"mergingList":[{"name":"2","v":2},{"name":"1"}]})"));
  // Items it names that the list does not have are ignored.
  EXPECT_EQ(smp(R"({"mergingList":[{"name":"1"},{"name":"3"}]})",
                R"({"$setElementOrder/mergingList":[{"name":"3"},{"name":"2"},{"name":"1"}],
                    "mergingList":[{"name":"3","value":"3"},{"name":"1","value":"1"}]})"),
            json::parse(R"({"mergingList":[{"name":"3","value":"3"},{"name":"1","value":"1"}]})"));
  // A list the document does not have yet.
  EXPECT_EQ(smp(R"({})", R"({"$setElementOrder/mergingList":[{"name":"b"},{"name":"a"}],
                              "mergingList":[{"name":"b"},{"name":"a","$patch":"delete"}]})"),
            json::parse(R"({"mergingList":[{"name":"b"}]})"));
}

TEST(StrategicMergePatch, SetElementOrderWithServerOnlyItems) {
  // Server-only items stay after the live items they followed.
  EXPECT_EQ(
      smp(R"({"mergingList":[{"name":"1","other":"a"},{"name":"3"},{"name":"4"},{"name":"2"},{"name":"9"}]})",
          R"({"$setElementOrder/mergingList":[{"name":"4"},{"name":"2"},{"name":"3"},{"name":"1"}]})"),
      json::parse(
          R"({"mergingList":[{"name":"4"},{"name":"2"},{"name":"3"},{"name":"1","other":"a"},{"name":"9"}]})"));
  EXPECT_EQ(
      smp(R"({"mergingList":[{"name":"1"},{"name":"2"},{"name":"9"},{"name":"3"},{"name":"4"}]})",
          R"({"$setElementOrder/mergingList":[{"name":"2"},{"name":"1"},{"name":"4"},{"name":"3"}]})"),
      json::parse(R"({"mergingList":[{"name":"2"},{"name":"1"},{"name":"9"},{"name":"4"},{"name":"3"}]})"));
  EXPECT_EQ(
      smp(R"({"mergingList":[{"name":"1"},{"name":"2"},{"name":"7"},{"name":"9"},{"name":"8"},{"name":"3"},{"name":"4"}]})",
          R"({"$setElementOrder/mergingList":[{"name":"2"},{"name":"1"},{"name":"4"},{"name":"3"}]})"),
      json::parse(
          R"({"mergingList":[{"name":"2"},{"name":"1"},{"name":"7"},{"name":"9"},{"name":"8"},{"name":"4"},{"name":"3"}]})"));
}

TEST(StrategicMergePatch, SetElementOrderForPrimitives) {
  EXPECT_EQ(smp(R"({"mergingIntList":[1,2,4]})",
                R"({"$setElementOrder/mergingIntList":[1,2,3],"mergingIntList":[3]})"),
            json::parse(R"({"mergingIntList":[1,2,3,4]})"));
  EXPECT_EQ(smp(R"({"mergingIntList":[1,3]})", R"({"$setElementOrder/mergingIntList":[3,2,1]})"),
            json::parse(R"({"mergingIntList":[3,1]})"));
}

TEST(StrategicMergePatch, SetElementOrderMustAgreeWithThePatchList) {
  EXPECT_EQ(path_of_error(R"({"mergingList":[{"name":"1"},{"name":"3"},{"name":"2"}]})",
                          R"({"$setElementOrder/mergingList":[{"name":"1"},{"name":"2"},{"name":"3"}],
                              "mergingList":[{"name":"3","value":"3"},{"name":"1","value":"1"}]})"),
            "/$setElementOrder~1mergingList");
  EXPECT_NE(error_of(R"({"mergingIntList":[1,3,2]})",
                     R"({"$setElementOrder/mergingIntList":[1,2,3],"mergingIntList":[3,1]})")
                .find("doesn't match $setElementOrder/mergingIntList"),
            std::string::npos);
  EXPECT_THROW(smp(R"({})", R"({"$setElementOrder/mergingList":{"name":"1"}})"), PatchError);
  EXPECT_THROW(smp(R"({"mergingList":[{"name":"1"}]})", R"({"$setElementOrder/mergingList":[{"nom":"1"}]})"),
               PatchError);
  EXPECT_THROW(smp(R"({})", R"({"$setElementOrder":[]})"), PatchError);
  EXPECT_THROW(smp(R"({})", R"({"$setElementOrder/":[]})"), PatchError);
}

TEST(StrategicMergePatch, DeleteFromPrimitiveList) {
  EXPECT_EQ(smp(R"({"mergingIntList":[1,2,3]})", R"({"$deleteFromPrimitiveList/mergingIntList":[2]})"),
            json::parse(R"({"mergingIntList":[1,3]})"));
  EXPECT_EQ(smp(R"({"nonMergingIntList":[1,2,3]})", R"({"$deleteFromPrimitiveList/nonMergingIntList":[2]})"),
            json::parse(R"({"nonMergingIntList":[1,3]})"));
  EXPECT_EQ(smp(R"({"mergingIntList":[1,2]})", R"({"$deleteFromPrimitiveList/mergingIntList":[3]})"),
            json::parse(R"({"mergingIntList":[1,2]})"));
  EXPECT_EQ(smp(R"({"foo":["bar"]})", R"({"$deleteFromPrimitiveList/mergingIntList":[3]})"),
            json::parse(R"({"foo":["bar"]})"));
  // Combined with additions and an order, as kubectl apply sends it.
  EXPECT_EQ(smp(R"({"mergingIntList":[1,2,3]})",
                R"({"$setElementOrder/mergingIntList":[1,3,4],"mergingIntList":[4],
                    "$deleteFromPrimitiveList/mergingIntList":[2]})"),
            json::parse(R"({"mergingIntList":[1,3,4]})"));
  EXPECT_THROW(smp(R"({"mergingIntList":[1]})", R"({"$deleteFromPrimitiveList/mergingIntList":1})"),
               PatchError);
  EXPECT_THROW(smp(R"({"mergingList":[{"name":"1"}]})", R"({"$deleteFromPrimitiveList/mergingList":["1"]})"),
               PatchError);
}

TEST(StrategicMergePatch, RetainKeys) {
  EXPECT_EQ(smp(R"({"retainKeysMap":{"name":"foo","value":"a","other":"b"}})",
                R"({"retainKeysMap":{"$retainKeys":["name","value"],"value":"c"}})"),
            json::parse(R"({"retainKeysMap":{"name":"foo","value":"c"}})"));
  // Nulls need not be listed; without the directive the map merges as usual.
  EXPECT_EQ(smp(R"({"retainKeysMap":{"name":"foo","value":"a"}})",
                R"({"retainKeysMap":{"$retainKeys":["name"],"value":null}})"),
            json::parse(R"({"retainKeysMap":{"name":"foo"}})"));
  EXPECT_EQ(smp(R"({"retainKeysMap":{"name":"foo"}})", R"({"retainKeysMap":{"value":"bar"}})"),
            json::parse(R"({"retainKeysMap":{"name":"foo","value":"bar"}})"));
  EXPECT_EQ(error_of(R"({"retainKeysMap":{}})", R"({"retainKeysMap":{"$retainKeys":["name"],"value":"x"}})"),
            "/retainKeysMap/$retainKeys: the patch sets \"value\", which $retainKeys does not list");
  EXPECT_THROW(smp(R"({"retainKeysMap":{}})", R"({"retainKeysMap":{"$retainKeys":"name"}})"), PatchError);
  EXPECT_THROW(smp(R"({"retainKeysMap":{}})", R"({"retainKeysMap":{"$retainKeys":[1]}})"), PatchError);
}

TEST(StrategicMergePatch, ReplaceStrategyMap) {
  EXPECT_EQ(smp(R"({"replacedMap":{"a":1,"b":2}})", R"({"replacedMap":{"c":3,"d":null}})"),
            json::parse(R"({"replacedMap":{"c":3}})"));
}

TEST(StrategicMergePatch, MissingMergeKey) {
  EXPECT_EQ(error_of(R"({"mergingList":[{"name":"1","value":"a"}]})", R"({"mergingList":[{"value":"b"}]})"),
            "/mergingList/0: map: {\"value\":\"b\"} does not contain declared merge key: name");
  EXPECT_EQ(path_of_error(R"({"mergingList":[{"name":"1"}]})",
                          R"({"mergingList":[{"name":"1"},{"$patch":"delete"}]})"),
            "/mergingList/1");
  EXPECT_NE(error_of(R"({"mergingList":[{"value":"a"}]})", R"({"mergingList":[{"name":"1"}]})")
                .find("does not contain declared merge key: name"),
            std::string::npos);
}

TEST(StrategicMergePatch, ListElementTypes) {
  EXPECT_EQ(error_of(R"({"mergingList":[[1]]})", R"({"mergingList":[[2]]})"),
            "/mergingList: lists of lists are not supported");
  EXPECT_THROW(smp(R"({"mergingList":[{"name":"1"}]})", R"({"mergingList":["x"]})"), PatchError);
  EXPECT_THROW(smp(R"({"mergingIntList":[1]})", R"({"mergingIntList":[{"name":"x"}]})"), PatchError);
}

TEST(StrategicMergePatch, DirectivesNeverAppearInTheResult) {
  json result = smp(R"({})", R"({
      "child": {
        "$retainKeys": ["mergingList", "mergingIntList", "retainKeysMap", "gone"],
        "$setElementOrder/mergingList": [{"name": "b"}, {"name": "a"}],
        "$deleteFromPrimitiveList/mergingIntList": [9],
        "mergingList": [{"name": "b", "$setElementOrder/x": []}, {"name": "a"}, {"name": "z", "$patch": "delete"}],
        "mergingIntList": [1],
        "retainKeysMap": {"$patch": "replace", "k": "v"},
        "gone": {"$patch": "delete", "x": 1}
      }})");
  EXPECT_EQ(result, json::parse(R"({"child":{"mergingList":[{"name":"b"},{"name":"a"}],"mergingIntList":[1],
                                             "retainKeysMap":{"k":"v"}}})"));
}

TEST(StrategicMergePatch, DollarKeysThatAreNotDirectivesAreFields) {
  EXPECT_EQ(smp(R"({"$ref":"a"})", R"({"$ref":"b","$schema":"s"})"),
            json::parse(R"({"$ref":"b","$schema":"s"})"));
}

TEST(StrategicMergePatch, InputsAndDocumentShape) {
  json original = json::parse(R"({"mergingList":[{"name":"1","v":1}],"m":{"a":1}})");
  json patch = json::parse(R"({"mergingList":[{"name":"1","v":2}],"m":{"a":null}})");
  json original_copy = original;
  json patch_copy = patch;
  apply_strategic_merge_patch(original, patch, item_schema());
  EXPECT_EQ(original, original_copy);
  EXPECT_EQ(patch, patch_copy);
  EXPECT_EQ(apply_strategic_merge_patch(nullptr, json::parse(R"({"a":1})"), item_schema()),
            json::parse(R"({"a":1})"));
  EXPECT_THROW(apply_strategic_merge_patch(json::object(), json::array(), item_schema()), PatchError);
  EXPECT_THROW(apply_strategic_merge_patch(json::array(), json::object(), item_schema()), PatchError);
  EXPECT_EQ(smp(R"({"mergingList":[]})", R"({"mergingList":[]})"), json::parse(R"({"mergingList":[]})"));
}

TEST(StrategicMergePatch, SchemaWithoutMetadataReplacesEveryList) {
  json result = apply_strategic_merge_patch(json::parse(R"({"mergingList":[{"name":"1"}],"m":{"a":1}})"),
                                            json::parse(R"({"mergingList":[{"name":"2"}],"m":{"b":2}})"),
                                            PatchSchema());
  EXPECT_EQ(result, json::parse(R"({"mergingList":[{"name":"2"}],"m":{"a":1,"b":2}})"));
}

}  // namespace
}  // namespace coffer::kube
