#include "kubesim/discovery/openapi_documents.h"

#include <gtest/gtest.h>

#include <functional>
#include <set>

namespace coffer::kubesim {
namespace {

using nlohmann::json;

const std::set<std::string> kMethods = {"get", "put", "post", "delete", "patch"};

bool has_query_param(const json& op, const std::string& name) {
  for (const auto& p : op.value("parameters", json::array()))
    if (p.value("name", "") == name && p.value("in", "") == "query") return true;
  return false;
}

// Every "$ref" in `node`, collected recursively.
void collect_refs(const json& node, std::set<std::string>& out) {
  if (node.is_object()) {
    for (auto& [k, v] : node.items()) {
      if (k == "$ref" && v.is_string()) out.insert(v.get<std::string>());
      else collect_refs(v, out);
    }
  } else if (node.is_array()) {
    for (const auto& v : node) collect_refs(v, out);
  }
}

ResourceType widget() {
  ResourceType t;
  t.group = "example.com";
  t.version = "v1";
  t.resource = "widgets";
  t.kind = "Widget";
  t.list_kind = "WidgetList";
  t.singular = "widget";
  t.verbs = {"delete", "deletecollection", "get", "list", "patch", "create", "update", "watch"};
  t.has_status = true;
  t.crd_schema = {
      {"type", "object"},
      {"properties",
       {{"spec",
         {{"type", "object"},
          {"properties",
           {{"size", {{"type", "integer"}, {"nullable", true}}},
            {"mode", {{"oneOf", json::array({{{"type", "string"}}, {{"type", "integer"}}})}}},
            {"not", {{"type", "string"}}}}}}}}}};
  return t;
}

}  // namespace

TEST(OpenApi, V3RootListsServedGroupVersions) {
  ResourceRegistry r;
  r.set_aggregated_group("metrics.k8s.io", "v1beta1", false);
  json root = openapi_v3_root(r);
  const json& paths = root["paths"];
  ASSERT_TRUE(paths.contains("api/v1"));
  ASSERT_TRUE(paths.contains("apis/apps/v1"));
  ASSERT_TRUE(paths.contains("apis/autoscaling/v2"));
  ASSERT_TRUE(paths.contains("apis/autoscaling/v1"));
  ASSERT_TRUE(paths.contains("apis/flowcontrol.apiserver.k8s.io/v1beta3"));
  ASSERT_TRUE(paths.contains("apis/snapshot.storage.k8s.io/v1"));
  EXPECT_FALSE(paths.contains("apis/metrics.k8s.io/v1beta1"));

  std::string url = paths["apis/apps/v1"]["serverRelativeURL"];
  std::string hash = openapi_hash(openapi_v3_group_version(r, "apps", "v1"));
  EXPECT_EQ(url, "/openapi/v3/apis/apps/v1?hash=" + hash);
  EXPECT_EQ(hash.size(), 128u);
  EXPECT_EQ(paths["api/v1"]["serverRelativeURL"],
            "/openapi/v3/api/v1?hash=" + openapi_hash(openapi_v3_group_version(r, "", "v1")));
  // Stable: the same registry gives the same hash.
  EXPECT_EQ(openapi_v3_root(r), root);
  EXPECT_EQ(openapi_v3_path("", "v1"), "api/v1");
  EXPECT_EQ(openapi_v3_path("apps", "v1"), "apis/apps/v1");
}

TEST(OpenApi, V3UnknownOrUnavailableIsNull) {
  ResourceRegistry r;
  r.set_aggregated_group("metrics.k8s.io", "v1beta1", false);
  EXPECT_TRUE(openapi_v3_group_version(r, "apps", "v2").is_null());
  EXPECT_TRUE(openapi_v3_group_version(r, "nope", "v1").is_null());
  EXPECT_TRUE(openapi_v3_group_version(r, "metrics.k8s.io", "v1beta1").is_null());
  r.set_aggregated_group("metrics.k8s.io", "v1beta1", true);
  EXPECT_FALSE(openapi_v3_group_version(r, "metrics.k8s.io", "v1beta1").is_null());
}

TEST(OpenApi, V3DeploymentPatchDeclaresFieldValidation) {
  ResourceRegistry r;
  json doc = openapi_v3_group_version(r, "apps", "v1");
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(doc["openapi"], "3.0.0");
  const json& item = doc["paths"]["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"];
  ASSERT_TRUE(item.contains("patch"));
  const json& patch = item["patch"];
  EXPECT_EQ(patch["x-kubernetes-group-version-kind"],
            json({{"group", "apps"}, {"kind", "Deployment"}, {"version", "v1"}}));
  EXPECT_EQ(patch["x-kubernetes-action"], "patch");
  EXPECT_TRUE(has_query_param(patch, "fieldValidation"));
  EXPECT_TRUE(has_query_param(patch, "fieldManager"));
  EXPECT_TRUE(has_query_param(patch, "dryRun"));
  EXPECT_TRUE(has_query_param(patch, "force"));
  EXPECT_TRUE(patch["requestBody"]["content"].contains("application/merge-patch+json"));
  EXPECT_TRUE(patch["requestBody"]["content"].contains("application/apply-patch+yaml"));
  EXPECT_FALSE(patch["requestBody"]["content"].contains("application/strategic-merge-patch+json"));
  EXPECT_TRUE(has_query_param(item["put"], "fieldValidation"));

  const json& coll = doc["paths"]["/apis/apps/v1/namespaces/{namespace}/deployments"];
  EXPECT_TRUE(has_query_param(coll["post"], "fieldValidation"));
  EXPECT_EQ(coll["post"]["x-kubernetes-action"], "post");
  EXPECT_EQ(coll["get"]["x-kubernetes-action"], "list");
  EXPECT_EQ(coll["delete"]["x-kubernetes-action"], "deletecollection");
  EXPECT_TRUE(doc["paths"].contains("/apis/apps/v1/deployments"));

  const json& scale = doc["paths"]["/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale"];
  EXPECT_EQ(scale["patch"]["x-kubernetes-group-version-kind"],
            json({{"group", "autoscaling"}, {"kind", "Scale"}, {"version", "v1"}}));
  EXPECT_TRUE(has_query_param(scale["patch"], "fieldValidation"));
  const json& status = doc["paths"]["/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status"];
  EXPECT_EQ(status["patch"]["x-kubernetes-group-version-kind"]["kind"], "Deployment");
  EXPECT_TRUE(has_query_param(status["patch"], "fieldValidation"));

  const json& schemas = doc["components"]["schemas"];
  ASSERT_TRUE(schemas.contains("io.k8s.api.apps.v1.Deployment"));
  const json& d = schemas["io.k8s.api.apps.v1.Deployment"];
  EXPECT_EQ(d["type"], "object");
  EXPECT_EQ(d["x-kubernetes-group-version-kind"],
            json::array({{{"group", "apps"}, {"kind", "Deployment"}, {"version", "v1"}}}));
  EXPECT_TRUE(d["properties"].contains("metadata"));
  EXPECT_TRUE(schemas.contains("io.k8s.api.apps.v1.DeploymentList"));
  EXPECT_TRUE(schemas.contains("io.k8s.api.autoscaling.v1.Scale"));
}

TEST(OpenApi, V3EveryOperationCarriesGvkAndWritesFieldValidation) {
  ResourceRegistry r;
  r.set_custom_resources("widgets.example.com", {widget()});
  json root = openapi_v3_root(r);
  for (auto& [path, entry] : root["paths"].items()) {
    std::string gv = path.substr(path.find('/') + 1);
    std::string group = path.starts_with("api/") ? "" : gv.substr(0, gv.find('/'));
    std::string version = gv.substr(gv.find('/') + 1);
    json doc = openapi_v3_group_version(r, group, version);
    ASSERT_TRUE(doc.is_object()) << path;
    const json& schemas = doc["components"]["schemas"];
    std::set<std::string> kinds_with_schema;
    for (auto& [name, schema] : schemas.items())
      for (const auto& gvk : schema.value("x-kubernetes-group-version-kind", json::array()))
        kinds_with_schema.insert(gvk["group"].get<std::string>() + "/" +
                                 gvk["version"].get<std::string>() + "/" +
                                 gvk["kind"].get<std::string>());
    for (auto& [p, item] : doc["paths"].items()) {
      for (auto& [method, op] : item.items()) {
        if (!kMethods.contains(method)) continue;
        ASSERT_TRUE(op.contains("x-kubernetes-group-version-kind")) << p << " " << method;
        const json& gvk = op["x-kubernetes-group-version-kind"];
        EXPECT_TRUE(kinds_with_schema.contains(gvk["group"].get<std::string>() + "/" +
                                               gvk["version"].get<std::string>() + "/" +
                                               gvk["kind"].get<std::string>()))
            << p << " " << method;
        if (method == "patch" || method == "put" || method == "post") {
          EXPECT_TRUE(has_query_param(op, "fieldValidation")) << p << " " << method;
        }
      }
    }
    // Every reference resolves within the document.
    std::set<std::string> refs;
    collect_refs(doc, refs);
    for (const auto& ref : refs) {
      ASSERT_TRUE(ref.starts_with("#/components/schemas/")) << ref;
      EXPECT_TRUE(schemas.contains(ref.substr(21))) << path << ": " << ref;
    }
  }
}

TEST(OpenApi, V3CoreAndClusterScopedPaths) {
  ResourceRegistry r;
  json doc = openapi_v3_group_version(r, "", "v1");
  const json& paths = doc["paths"];
  EXPECT_TRUE(paths.contains("/api/v1/namespaces/{namespace}/pods/{name}"));
  EXPECT_TRUE(paths.contains("/api/v1/pods"));
  EXPECT_TRUE(paths.contains("/api/v1/nodes/{name}"));
  EXPECT_TRUE(paths.contains("/api/v1/namespaces/{name}/finalize"));
  EXPECT_TRUE(paths.contains("/api/v1/namespaces/{name}/status"));
  EXPECT_EQ(paths["/api/v1/namespaces/{namespace}/pods/{name}"]["patch"]
                 ["x-kubernetes-group-version-kind"],
            json({{"group", ""}, {"kind", "Pod"}, {"version", "v1"}}));
  // Create-only resources have only POST.
  const json& bindings = paths["/api/v1/namespaces/{namespace}/bindings"];
  EXPECT_TRUE(bindings.contains("post"));
  EXPECT_FALSE(bindings.contains("get"));
  EXPECT_FALSE(paths.contains("/api/v1/namespaces/{namespace}/bindings/{name}"));
  // namespaces have no deletecollection.
  EXPECT_FALSE(paths["/api/v1/namespaces"].contains("delete"));
  EXPECT_TRUE(doc["components"]["schemas"].contains("io.k8s.api.core.v1.Pod"));
  EXPECT_FALSE(doc["components"]["schemas"].contains("io.k8s.api.apps.v1.Deployment"));

  json crd = openapi_v3_group_version(r, "apiextensions.k8s.io", "v1");
  EXPECT_TRUE(crd["components"]["schemas"].contains(
      "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition"));
}

TEST(OpenApi, V3CustomResourceUsesCrdSchema) {
  ResourceRegistry r;
  r.set_custom_resources("widgets.example.com", {widget()});
  json doc = openapi_v3_group_version(r, "example.com", "v1");
  ASSERT_TRUE(doc.is_object());
  const json& schemas = doc["components"]["schemas"];
  ASSERT_TRUE(schemas.contains("com.example.v1.Widget"));
  const json& w = schemas["com.example.v1.Widget"];
  EXPECT_EQ(w["x-kubernetes-group-version-kind"],
            json::array({{{"group", "example.com"}, {"kind", "Widget"}, {"version", "v1"}}}));
  EXPECT_TRUE(w["properties"]["spec"]["properties"].contains("size"));
  EXPECT_TRUE(w["properties"].contains("apiVersion"));
  EXPECT_TRUE(w["properties"].contains("metadata"));
  EXPECT_TRUE(schemas.contains("com.example.v1.WidgetList"));
  const json& patch = doc["paths"]["/apis/example.com/v1/namespaces/{namespace}/widgets/{name}"]["patch"];
  EXPECT_TRUE(has_query_param(patch, "fieldValidation"));
  EXPECT_EQ(patch["x-kubernetes-group-version-kind"]["kind"], "Widget");
}

TEST(OpenApi, V2Document) {
  ResourceRegistry r;
  r.set_custom_resources("widgets.example.com", {widget()});
  r.set_aggregated_group("metrics.k8s.io", "v1beta1", false);
  json doc = openapi_v2(r);
  EXPECT_EQ(doc["swagger"], "2.0");
  const json& defs = doc["definitions"];
  ASSERT_TRUE(defs.contains("io.k8s.api.apps.v1.Deployment"));
  EXPECT_EQ(defs["io.k8s.api.apps.v1.Deployment"]["x-kubernetes-group-version-kind"],
            json::array({{{"group", "apps"}, {"kind", "Deployment"}, {"version", "v1"}}}));
  ASSERT_TRUE(defs.contains("io.k8s.api.core.v1.Pod"));
  ASSERT_TRUE(defs.contains("com.example.v1.Widget"));
  // Swagger 2.0 has no nullable/oneOf/not; property names are kept.
  const json& spec = defs["com.example.v1.Widget"]["properties"]["spec"]["properties"];
  EXPECT_FALSE(spec["size"].contains("nullable"));
  EXPECT_FALSE(spec["mode"].contains("oneOf"));
  EXPECT_TRUE(spec.contains("not"));

  const json& patch = doc["paths"]["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]["patch"];
  EXPECT_EQ(patch["x-kubernetes-group-version-kind"],
            json({{"group", "apps"}, {"kind", "Deployment"}, {"version", "v1"}}));
  bool field_validation = false, body = false;
  for (const auto& p : patch["parameters"]) {
    if (p["name"] == "fieldValidation" && p["in"] == "query" && p["type"] == "string")
      field_validation = true;
    if (p["in"] == "body") body = p["schema"]["$ref"] == "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch";
  }
  EXPECT_TRUE(field_validation);
  EXPECT_TRUE(body);
  json consumes = patch["consumes"];
  EXPECT_NE(std::find(consumes.begin(), consumes.end(), "application/merge-patch+json"), consumes.end());
  EXPECT_EQ(std::find(consumes.begin(), consumes.end(), "application/strategic-merge-patch+json"),
            consumes.end());
  EXPECT_EQ(patch["responses"]["200"]["schema"]["$ref"], "#/definitions/io.k8s.api.apps.v1.Deployment");

  std::set<std::string> refs;
  collect_refs(doc, refs);
  for (const auto& ref : refs) {
    ASSERT_TRUE(ref.starts_with("#/definitions/")) << ref;
    EXPECT_TRUE(defs.contains(ref.substr(14))) << ref;
  }
  for (auto& [path, item] : doc["paths"].items()) EXPECT_FALSE(path.starts_with("/apis/metrics.k8s.io"));
}

}  // namespace coffer::kubesim
