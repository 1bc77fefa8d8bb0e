// Strategic merge patches shaped like the ones kubectl apply / kubectl patch send, applied with the
// built-in schemas.

#include <gtest/gtest.h>

#include "kube/patch/builtin_patch_schemas.h"
#include "kube/patch/strategic_merge_patch.h"

namespace coffer::kube {
namespace {

using nlohmann::json;

json deployment() {
  return json::parse(R"({
    "apiVersion": "apps/v1",
    "kind": "Deployment",
    "metadata": {"name": "web", "namespace": "default", "labels": {"app": "web", "tier": "fe"},
                 "finalizers": ["example.com/a", "example.com/b"]},
    "spec": {
      "replicas": 2,
      "selector": {"matchLabels": {"app": "web"}},
      "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}},
      "template": {
        "metadata": {"labels": {"app": "web"}},
        "spec": {
          "containers": [
            {"name": "web", "image": "nginx:1.25",
             "ports": [{"containerPort": 80, "protocol": "TCP"}, {"containerPort": 443, "protocol": "TCP"}],
             "env": [{"name": "A", "value": "1"}],
             "volumeMounts": [{"name": "data", "mountPath": "/data"}]},
            {"name": "sidecar", "image": "envoy:1", "args": ["--a", "--b"]}
          ],
          "volumes": [{"name": "data", "emptyDir": {}}]
        }
      }
    },
    "status": {"conditions": [{"type": "Available", "status": "True"}, {"type": "Progressing", "status": "True"}]}
  })");
}

json patch_deployment(const json& original, const char* patch) {
  return apply_strategic_merge_patch(original, json::parse(patch),
                                     builtin_patch_schema("apps", "Deployment"));
}

json& pod_spec(json& workload) { return workload["spec"]["template"]["spec"]; }

TEST(DeploymentStrategicMergePatch, ChangeImageOfOneContainer) {
  json original = deployment();
  json result = patch_deployment(original, R"({"spec":{"template":{"spec":{
      "$setElementOrder/containers":[{"name":"web"},{"name":"sidecar"}],
      "containers":[{"name":"web","image":"nginx:1.26"}]}}}})");
  json expected = original;
  pod_spec(expected)["containers"][0]["image"] = "nginx:1.26";
  EXPECT_EQ(result, expected);

  // The same change as `kubectl patch --type strategic` sends it (no order directive).
  EXPECT_EQ(
      patch_deployment(
          original, R"({"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.26"}]}}}})"),
      expected);
}

TEST(DeploymentStrategicMergePatch, AddEnvVar) {
  json result = patch_deployment(deployment(), R"({"spec":{"template":{"spec":{
      "$setElementOrder/containers":[{"name":"web"},{"name":"sidecar"}],
      "containers":[{"$setElementOrder/env":[{"name":"A"},{"name":"B"}],"env":[{"name":"B","value":"2"}],"name":"web"}]}}}})");
  EXPECT_EQ(pod_spec(result)["containers"][0]["env"],
            json::parse(R"([{"name":"A","value":"1"},{"name":"B","value":"2"}])"));
  json original = deployment();
  EXPECT_EQ(pod_spec(result)["containers"][1], pod_spec(original)["containers"][1]);

  // Without $setElementOrder the apiserver puts the new element first.
  json plain = patch_deployment(
      deployment(),
      R"({"spec":{"template":{"spec":{"containers":[{"name":"web","env":[{"name":"B","value":"2"}]}]}}}})");
  EXPECT_EQ(pod_spec(plain)["containers"][0]["env"],
            json::parse(R"([{"name":"B","value":"2"},{"name":"A","value":"1"}])"));
}

TEST(DeploymentStrategicMergePatch, ChangeEnvVarValue) {
  json result = patch_deployment(deployment(), R"({"spec":{"template":{"spec":{
      "containers":[{"name":"web","env":[{"name":"A","value":"changed"}]}]}}}})");
  EXPECT_EQ(pod_spec(result)["containers"][0]["env"], json::parse(R"([{"name":"A","value":"changed"}])"));
}

TEST(DeploymentStrategicMergePatch, RemovePortWithDeleteDirective) {
  json expected_ports = json::parse(R"([{"containerPort":80,"protocol":"TCP"}])");
  json result = patch_deployment(deployment(), R"({"spec":{"template":{"spec":{
      "containers":[{"name":"web","ports":[{"containerPort":443,"$patch":"delete"}]}]}}}})");
  EXPECT_EQ(pod_spec(result)["containers"][0]["ports"], expected_ports);

  // kubectl apply form: order directives plus the deletion.
  result = patch_deployment(deployment(), R"({"spec":{"template":{"spec":{
      "$setElementOrder/containers":[{"name":"web"},{"name":"sidecar"}],
      "containers":[{"$setElementOrder/ports":[{"containerPort":80}],"name":"web",
                     "ports":[{"$patch":"delete","containerPort":443}]}]}}}})");
  EXPECT_EQ(pod_spec(result)["containers"][0]["ports"], expected_ports);
  EXPECT_EQ(pod_spec(result)["containers"][0]["image"], "nginx:1.25");
}

TEST(DeploymentStrategicMergePatch, RemoveContainer) {
  json result = patch_deployment(deployment(), R"({"spec":{"template":{"spec":{
      "$setElementOrder/containers":[{"name":"web"}],
      "containers":[{"$patch":"delete","name":"sidecar"}]}}}})");
  ASSERT_EQ(pod_spec(result)["containers"].size(), 1u);
  EXPECT_EQ(pod_spec(result)["containers"][0]["name"], "web");
}

TEST(DeploymentStrategicMergePatch, SetElementOrderReordersContainers) {
  json result = patch_deployment(deployment(), R"({"spec":{"template":{"spec":{
      "$setElementOrder/containers":[{"name":"sidecar"},{"name":"web"}]}}}})");
  json original = deployment();
  EXPECT_EQ(pod_spec(result)["containers"],
            json::array({pod_spec(original)["containers"][1], pod_spec(original)["containers"][0]}));
}

TEST(DeploymentStrategicMergePatch, SetElementOrderKeepsServerOnlyContainerInPlace) {
  // A container injected by a webhook (not in the applied configuration) stays after "sidecar".
  json live = deployment();
  pod_spec(live)["containers"].push_back(json::parse(R"({"name":"injected","image":"proxy:1"})"));
  json result = patch_deployment(live, R"({"spec":{"template":{"spec":{
      "$setElementOrder/containers":[{"name":"web"},{"name":"new"},{"name":"sidecar"}],
      "containers":[{"name":"new","image":"busybox"}]}}}})");
  std::vector<std::string> names;
  for (const json& container : pod_spec(result)["containers"]) names.push_back(container["name"]);
  EXPECT_EQ(names, (std::vector<std::string>{"web", "new", "sidecar", "injected"}));
}

TEST(DeploymentStrategicMergePatch, RetainKeysSwitchesStrategyToRecreate) {
  json expected = deployment();
  expected["spec"]["strategy"] = json::parse(R"({"type":"Recreate"})");
  // What kubectl apply sends when the configuration switches to Recreate.
  EXPECT_EQ(
      patch_deployment(deployment(), R"({"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}})"),
      expected);
  EXPECT_EQ(patch_deployment(
                deployment(),
                R"({"spec":{"strategy":{"$retainKeys":["type"],"rollingUpdate":null,"type":"Recreate"}}})"),
            expected);
  // Without $retainKeys the stale rollingUpdate would survive the merge.
  json merged = patch_deployment(deployment(), R"({"spec":{"strategy":{"type":"Recreate"}}})");
  EXPECT_TRUE(merged["spec"]["strategy"].contains("rollingUpdate"));
}

TEST(DeploymentStrategicMergePatch, RetainKeysSwitchesVolumeSource) {
  json result = patch_deployment(deployment(), R"({"spec":{"template":{"spec":{
      "$setElementOrder/volumes":[{"name":"data"}],
      "volumes":[{"$retainKeys":["hostPath","name"],"hostPath":{"path":"/srv"},"name":"data"}]}}}})");
  EXPECT_EQ(pod_spec(result)["volumes"], json::parse(R"([{"name":"data","hostPath":{"path":"/srv"}}])"));
}

TEST(DeploymentStrategicMergePatch, MetadataLabelsAndFinalizers) {
  json result = patch_deployment(deployment(), R"({"metadata":{
      "labels":{"tier":null,"team":"x"},
      "$deleteFromPrimitiveList/finalizers":["example.com/a"],
      "finalizers":["example.com/c"]}})");
  EXPECT_EQ(result["metadata"]["labels"], json::parse(R"({"app":"web","team":"x"})"));
  EXPECT_EQ(result["metadata"]["finalizers"], json::parse(R"(["example.com/c","example.com/b"])"));

  result = patch_deployment(deployment(), R"({"metadata":{
      "$setElementOrder/finalizers":["example.com/a","example.com/b","example.com/c"],
      "finalizers":["example.com/c"]}})");
  EXPECT_EQ(result["metadata"]["finalizers"],
            json::parse(R"(["example.com/a","example.com/b","example.com/c"])"));
}

TEST(DeploymentStrategicMergePatch, StatusConditionsMergeByType) {
  json result = patch_deployment(
      deployment(), R"({"status":{"conditions":[{"type":"Available","status":"False","reason":"X"}]}})");
  EXPECT_EQ(
      result["status"]["conditions"],
      json::parse(
          R"([{"type":"Available","status":"False","reason":"X"},{"type":"Progressing","status":"True"}])"));
}

TEST(DeploymentStrategicMergePatch, ArgsAreReplacedNotMerged) {
  json result = patch_deployment(
      deployment(), R"({"spec":{"template":{"spec":{"containers":[{"name":"sidecar","args":["--c"]}]}}}})");
  EXPECT_EQ(pod_spec(result)["containers"][1]["args"], json::parse(R"(["--c"])"));
}

TEST(DeploymentStrategicMergePatch, FullApplyPatch) {
  // Several changes at once, in the shape of kubectl apply's three-way patch.
  json result = patch_deployment(deployment(), R"({
    "metadata": {"annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{}"}},
    "spec": {
      "replicas": 3,
      "strategy": {"$retainKeys": ["type"], "rollingUpdate": null, "type": "Recreate"},
      "template": {"spec": {
        "$setElementOrder/containers": [{"name": "web"}, {"name": "sidecar"}],
        "containers": [
          {"$setElementOrder/env": [{"name": "A"}, {"name": "B"}],
           "$setElementOrder/ports": [{"containerPort": 80}],
           "env": [{"name": "B", "value": "2"}],
           "image": "nginx:1.26",
           "name": "web",
           "ports": [{"$patch": "delete", "containerPort": 443}]}
        ]}}}})");
  json expected = deployment();
  expected["metadata"]["annotations"] = {{"kubectl.kubernetes.io/last-applied-configuration", "{}"}};
  expected["spec"]["replicas"] = 3;
  expected["spec"]["strategy"] = {{"type", "Recreate"}};
  json& web = pod_spec(expected)["containers"][0];
  web["image"] = "nginx:1.26";
  web["env"].push_back({{"name", "B"}, {"value", "2"}});
  web["ports"].erase(1);
  EXPECT_EQ(result, expected);
}

TEST(WorkloadStrategicMergePatch, PodTemplateIsMergedInEveryWorkload) {
  const char* containers = R"([{"name":"a","image":"a:1"},{"name":"b","image":"b:1"}])";
  const char* patch_containers = R"([{"name":"b","image":"b:2"}])";
  struct Case {
    const char* group;
    const char* kind;
    const char* pointer;  // to the pod spec
  };
  const Case cases[] = {
      {"apps", "Deployment", "/spec/template/spec"},
      {"apps", "ReplicaSet", "/spec/template/spec"},
      {"apps", "StatefulSet", "/spec/template/spec"},
      {"apps", "DaemonSet", "/spec/template/spec"},
      {"batch", "Job", "/spec/template/spec"},
      {"batch", "CronJob", "/spec/jobTemplate/spec/template/spec"},
      {"", "PodTemplate", "/template/spec"},
      {"", "Pod", "/spec"},
  };
  for (const Case& c : cases) {
    json::json_pointer pod_spec_pointer(c.pointer);
    json original;
    original[pod_spec_pointer / "containers"] = json::parse(containers);
    json patch;
    patch[pod_spec_pointer / "containers"] = json::parse(patch_containers);
    json result = apply_strategic_merge_patch(original, patch, builtin_patch_schema(c.group, c.kind));
    EXPECT_EQ(result[pod_spec_pointer / "containers"],
              json::parse(R"([{"name":"a","image":"a:1"},{"name":"b","image":"b:2"}])"))
        << c.kind;
  }
}

TEST(WorkloadStrategicMergePatch, UnknownKindsReplaceLists) {
  json original = json::parse(R"({"spec":{"template":{"spec":{"containers":[{"name":"a"},{"name":"b"}]}}}})");
  json result = apply_strategic_merge_patch(
      original, json::parse(R"({"spec":{"template":{"spec":{"containers":[{"name":"b","image":"x"}]}}}})"),
      builtin_patch_schema("example.com", "Widget"));
  EXPECT_EQ(result["spec"]["template"]["spec"]["containers"], json::parse(R"([{"name":"b","image":"x"}])"));
}

TEST(CoreStrategicMergePatch, ServicePortsMergeByPort) {
  json service = json::parse(
      R"({"spec":{"ports":[{"name":"http","port":80,"targetPort":8080},{"name":"https","port":443}]}})");
  json result = apply_strategic_merge_patch(
      service, json::parse(R"({"spec":{"ports":[{"port":80,"targetPort":9090}]}})"),
      builtin_patch_schema("", "Service"));
  EXPECT_EQ(result["spec"]["ports"],
            json::parse(R"([{"name":"http","port":80,"targetPort":9090},{"name":"https","port":443}])"));
}

TEST(CoreStrategicMergePatch, NodeAddressesAndPodConditions) {
  json node = json::parse(
      R"({"status":{"addresses":[{"type":"InternalIP","address":"10.0.0.1"},{"type":"Hostname","address":"n1"}]}})");
  json result = apply_strategic_merge_patch(
      node, json::parse(R"({"status":{"addresses":[{"type":"InternalIP","address":"10.0.0.2"}]}})"),
      builtin_patch_schema("", "Node"));
  EXPECT_EQ(
      result["status"]["addresses"],
      json::parse(R"([{"type":"InternalIP","address":"10.0.0.2"},{"type":"Hostname","address":"n1"}])"));

  json pod =
      json::parse(R"({"status":{"conditions":[{"type":"Ready","status":"False"}],"phase":"Pending"}})");
  result = apply_strategic_merge_patch(
      pod, json::parse(R"({"status":{"$setElementOrder/conditions":[{"type":"Ready"},{"type":"PodScheduled"}],
                                     "conditions":[{"type":"Ready","status":"True"},{"type":"PodScheduled","status":"True"}],
                                     "phase":"Running"}})"),
      builtin_patch_schema("", "Pod"));
  EXPECT_EQ(
      result["status"],
      json::parse(R"({"conditions":[{"type":"Ready","status":"True"},{"type":"PodScheduled","status":"True"}],
                                               "phase":"Running"})"));
}

TEST(CoreStrategicMergePatch, ConfigMapDataMergesAsMap) {
  json config_map = json::parse(R"({"data":{"a":"1","b":"2"}})");
  json result = apply_strategic_merge_patch(config_map, json::parse(R"({"data":{"a":null,"c":"3"}})"),
                                            builtin_patch_schema("", "ConfigMap"));
  EXPECT_EQ(result["data"], json::parse(R"({"b":"2","c":"3"})"));
}

}  // namespace
}  // namespace coffer::kube
