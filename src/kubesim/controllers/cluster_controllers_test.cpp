// Cluster-level controllers end to end: standing objects, namespaces, the garbage collector,
// the scheduler and endpoints.
#include "kubesim/controllers/controllers_test_support.h"

namespace coffer::kubesim::testing {
namespace {

class ClusterControllersTest : public ControllersTest {
 protected:
  json bare_pod(const std::string& name, json spec_extra = json::object()) {
    json spec = {{"containers", json::array({container()})}};
    for (auto& [k, v] : spec_extra.items()) spec[k] = v;
    return {{"metadata", {{"name", name}, {"labels", {{"run", name}}}}}, {"spec", spec}};
  }
  static json owner_ref(const json& owner) {
    return {{"apiVersion", owner["apiVersion"]}, {"kind", owner["kind"]},
            {"name", owner["metadata"]["name"]}, {"uid", owner["metadata"]["uid"]}};
  }
};

TEST_F(ClusterControllersTest, StandingObjectsExist) {
  for (int i = 1; i <= 3; ++i) {
    std::string name = "kubesim-node-" + std::to_string(i);
    auto node = get("", "nodes", "", name);
    ASSERT_TRUE(node) << name;
    const json& labels = node->at("metadata").at("labels");
    EXPECT_EQ(labels.value("kubernetes.io/hostname", ""), name);
    EXPECT_EQ(labels.value("kubernetes.io/os", ""), "linux");
    EXPECT_EQ(labels.value("kubernetes.io/arch", ""), "amd64");
    EXPECT_EQ(labels.value("topology.kubernetes.io/region", ""), "kubesim");
    EXPECT_EQ(labels.value("topology.kubernetes.io/zone", ""), std::string("zone-") + char('a' + i - 1));
    EXPECT_EQ(labels.contains("node-role.kubernetes.io/control-plane"), i == 1);
    const json& status = node->at("status");
    EXPECT_EQ(status["capacity"]["cpu"], "4");
    EXPECT_EQ(status["allocatable"]["memory"], "16Gi");
    EXPECT_EQ(status["capacity"]["pods"], "110");
    EXPECT_EQ(status["nodeInfo"]["kubeletVersion"], "v1.30.0");
    EXPECT_EQ(status["addresses"][0]["address"], "10.0.0." + std::to_string(i));
    bool ready = false;
    for (const auto& c : status["conditions"])
      if (c["type"] == "Ready") ready = c["status"] == "True";
    EXPECT_TRUE(ready);
    EXPECT_TRUE(get("coordination.k8s.io", "leases", "kube-node-lease", name));
  }
  for (const char* ns : {"default", "kube-system", "kube-public", "kube-node-lease"})
    EXPECT_TRUE(get("", "namespaces", "", ns)) << ns;
  auto sc = get("storage.k8s.io", "storageclasses", "", "standard");
  ASSERT_TRUE(sc);
  EXPECT_EQ(sc->value("provisioner", ""), "hostpath.csi.kubesim.io");
  EXPECT_EQ(sc->value("reclaimPolicy", ""), "Delete");
  EXPECT_EQ(sc->value("volumeBindingMode", ""), "Immediate");
  EXPECT_TRUE(sc->value("allowVolumeExpansion", false));
  EXPECT_EQ(sc->at("metadata").at("annotations").value("storageclass.kubernetes.io/is-default-class", ""), "true");
  auto vsc = get("snapshot.storage.k8s.io", "volumesnapshotclasses", "", "kubesim-snapclass");
  ASSERT_TRUE(vsc);
  EXPECT_EQ(vsc->value("driver", ""), "hostpath.csi.kubesim.io");
  EXPECT_TRUE(get("storage.k8s.io", "csidrivers", "", "hostpath.csi.kubesim.io"));
  auto svc = get("", "services", "default", "kubernetes");
  ASSERT_TRUE(svc);
  EXPECT_EQ(svc->at("spec").value("clusterIP", ""), "10.96.0.1");
  EXPECT_EQ(svc->at("spec").at("ports").at(0).value("port", 0), 443);
  EXPECT_EQ(svc->at("spec").at("ports").at(0).value("name", ""), "https");
}

TEST_F(ClusterControllersTest, EveryNamespaceGetsDefaultServiceAccountAndRootCa) {
  create("", "namespaces", "", {{"metadata", {{"name", "team-a"}}}});
  EXPECT_TRUE(wait_for_object("", "serviceaccounts", "team-a", "default", [](const json&) { return true; }));
  auto cm = wait_for_object("", "configmaps", "team-a", "kube-root-ca.crt", [](const json&) { return true; });
  ASSERT_TRUE(cm);
  EXPECT_EQ(cm->at("data").value("ca.crt", ""), kTestCa);
  EXPECT_NE(cm->at("metadata").at("annotations").value("kubernetes.io/description", ""), "");
  // Deleted or edited, they come back.
  remove("", "configmaps", "team-a", "kube-root-ca.crt");
  EXPECT_TRUE(wait_for_object("", "configmaps", "team-a", "kube-root-ca.crt",
                              [](const json& c) { return c["data"].value("ca.crt", "") == kTestCa; }));
  update("", "configmaps", "team-a", "kube-root-ca.crt", [](json& c) { c["data"]["ca.crt"] = "tampered"; });
  EXPECT_TRUE(wait_for_object("", "configmaps", "team-a", "kube-root-ca.crt",
                              [](const json& c) { return c["data"].value("ca.crt", "") == kTestCa; }));
  EXPECT_TRUE(wait_for_object("", "serviceaccounts", "default", "default", [](const json&) { return true; }));
}

TEST_F(ClusterControllersTest, DeletingNamespaceRemovesContentsThenNamespace) {
  create("", "namespaces", "", {{"metadata", {{"name", "doomed"}}}});
  create("", "configmaps", "doomed", {{"metadata", {{"name", "settings"}}}, {"data", {{"a", "b"}}}});
  json labels = {{"app", "w"}};
  create("apps", "deployments", "doomed",
         {{"metadata", {{"name", "w"}}},
          {"spec", {{"replicas", 2}, {"selector", {{"matchLabels", labels}}}, {"template", pod_template(labels)}}}});
  create("", "persistentvolumeclaims", "doomed",
         {{"metadata", {{"name", "claim"}}},
          {"spec", {{"accessModes", json::array({"ReadWriteOnce"})}, {"resources", {{"requests", {{"storage", "1Gi"}}}}}}}});
  ASSERT_TRUE(wait_for([&] {
    auto pods = list("", "pods", "doomed");
    return pods.size() == 2 && running(pods[0]) && running(pods[1]);
  }));
  auto claim = wait_for_object("", "persistentvolumeclaims", "doomed", "claim",
                               [](const json& c) { return c["status"].value("phase", "") == "Bound"; });
  ASSERT_TRUE(claim);
  std::string volume = claim->at("spec").at("volumeName");
  auto start = std::chrono::steady_clock::now();
  remove("", "namespaces", "", "doomed");
  auto ns = get("", "namespaces", "", "doomed");
  if (ns) {
    EXPECT_EQ(ns->at("status").value("phase", ""), "Terminating");
  }
  ASSERT_TRUE(wait_gone("", "namespaces", "", "doomed", 5s));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
  for (const auto& resource : store_->resources())
    EXPECT_EQ(store_->list(resource, "doomed", "", 0, nullptr).items.size(), 0u) << resource;
  // The claim's provisioned volume is reclaimed too.
  EXPECT_TRUE(wait_gone("", "persistentvolumes", "", volume));
  EXPECT_FALSE(std::filesystem::exists(data_dir_ / "volumes" / volume));
}

TEST_F(ClusterControllersTest, GarbageCollectorDeletesDependentsInBackground) {
  json owner = create("", "configmaps", "default", {{"metadata", {{"name", "owner"}}}});
  json other = create("", "configmaps", "default", {{"metadata", {{"name", "other-owner"}}}});
  create("", "configmaps", "default",
         {{"metadata", {{"name", "child"}, {"ownerReferences", json::array({owner_ref(owner)})}}}});
  create("", "configmaps", "default",
         {{"metadata",
           {{"name", "shared"}, {"ownerReferences", json::array({owner_ref(owner), owner_ref(other)})}}}});
  remove("", "configmaps", "default", "owner", "Background");
  EXPECT_TRUE(wait_gone("", "configmaps", "default", "child"));
  // A dependent with another live owner stays, without the dangling reference.
  auto shared = wait_for_object("", "configmaps", "default", "shared", [](const json& c) {
    return c["metadata"].value("ownerReferences", json::array()).size() == 1;
  });
  ASSERT_TRUE(shared);
  EXPECT_EQ(shared->at("metadata").at("ownerReferences").at(0).value("name", ""), "other-owner");
}

TEST_F(ClusterControllersTest, GarbageCollectorCollectsDependentsOfMissingOwners) {
  create("", "configmaps", "default",
         {{"metadata",
           {{"name", "orphaned"},
            {"ownerReferences", json::array({{{"apiVersion", "v1"}, {"kind", "ConfigMap"},
                                              {"name", "never-existed"}, {"uid", "0000-missing"}}})}}}});
  EXPECT_TRUE(wait_gone("", "configmaps", "default", "orphaned"));
}

TEST_F(ClusterControllersTest, ForegroundDeletionRemovesDependentsFirst) {
  json labels = {{"app", "fg"}};
  create("apps", "deployments", "default",
         {{"metadata", {{"name", "fg"}}},
          {"spec", {{"replicas", 2}, {"selector", {{"matchLabels", labels}}}, {"template", pod_template(labels)}}}});
  ASSERT_TRUE(wait_for([&] { return list("", "pods", "default", "app=fg").size() == 2; }));
  auto result = remove("apps", "deployments", "default", "fg", "Foreground");
  EXPECT_FALSE(result.gone);
  EXPECT_TRUE(wait_gone("apps", "deployments", "default", "fg"));
  EXPECT_TRUE(list("apps", "replicasets", "default", "app=fg").empty());
  EXPECT_TRUE(list("", "pods", "default", "app=fg").empty());
}

TEST_F(ClusterControllersTest, OrphanDeletionKeepsDependents) {
  json labels = {{"app", "orph"}};
  create("apps", "replicasets", "default",
         {{"metadata", {{"name", "orph"}}},
          {"spec", {{"replicas", 2}, {"selector", {{"matchLabels", labels}}}, {"template", pod_template(labels)}}}});
  ASSERT_TRUE(wait_for([&] { return list("", "pods", "default", "app=orph").size() == 2; }));
  remove("apps", "replicasets", "default", "orph", "Orphan");
  EXPECT_TRUE(wait_gone("apps", "replicasets", "default", "orph"));
  auto pods = list("", "pods", "default", "app=orph");
  ASSERT_EQ(pods.size(), 2u);
  for (const auto& pod : pods) EXPECT_FALSE(pod["metadata"].contains("ownerReferences"));
}

TEST_F(ClusterControllersTest, DeletingDeploymentCascadesInBackground) {
  json labels = {{"app", "bg"}};
  create("apps", "deployments", "default",
         {{"metadata", {{"name", "bg"}}},
          {"spec", {{"replicas", 2}, {"selector", {{"matchLabels", labels}}}, {"template", pod_template(labels)}}}});
  ASSERT_TRUE(wait_for([&] { return list("", "pods", "default", "app=bg").size() == 2; }));
  remove("apps", "deployments", "default", "bg", "Background");
  EXPECT_TRUE(wait_for([&] {
    return list("apps", "replicasets", "default", "app=bg").empty() && list("", "pods", "default", "app=bg").empty();
  }));
}

TEST_F(ClusterControllersTest, SchedulerHonoursNodeSelectorAndAffinity) {
  create("", "pods", "default", bare_pod("pinned", {{"nodeSelector", {{"kubernetes.io/hostname", "kubesim-node-2"}}}}));
  json affinity = {{"nodeAffinity",
                    {{"requiredDuringSchedulingIgnoredDuringExecution",
                      {{"nodeSelectorTerms",
                        json::array({{{"matchExpressions",
                                       json::array({{{"key", "topology.kubernetes.io/zone"},
                                                     {"operator", "In"},
                                                     {"values", json::array({"zone-c"})}}})}}})}}}}}};
  create("", "pods", "default", bare_pod("zoned", {{"affinity", affinity}}));
  create("", "pods", "default", bare_pod("nowhere", {{"nodeSelector", {{"disktype", "ssd"}}}}));
  EXPECT_TRUE(wait_for_object("", "pods", "default", "pinned", [](const json& p) {
    return running(p) && p["spec"]["nodeName"] == "kubesim-node-2" && p["status"]["hostIP"] == "10.0.0.2";
  }));
  EXPECT_TRUE(wait_for_object("", "pods", "default", "zoned",
                              [](const json& p) { return running(p) && p["spec"]["nodeName"] == "kubesim-node-3"; }));
  auto pending = wait_for_object("", "pods", "default", "nowhere", [](const json& p) {
    for (const auto& c : p["status"].value("conditions", json::array()))
      if (c["type"] == "PodScheduled") return c["status"] == "False" && c["reason"] == "Unschedulable";
    return false;
  });
  ASSERT_TRUE(pending);
  EXPECT_EQ(pending->at("status").value("phase", ""), "Pending");
  EXPECT_FALSE(pending->at("spec").contains("nodeName"));
}

TEST_F(ClusterControllersTest, PodsWithUnboundClaimsStayPending) {
  create("", "persistentvolumeclaims", "default",
         {{"metadata", {{"name", "manual"}}},
          {"spec", {{"storageClassName", "manual"}, {"accessModes", json::array({"ReadWriteOnce"})},
                    {"resources", {{"requests", {{"storage", "1Gi"}}}}}}}});
  json volumes = json::array({{{"name", "data"}, {"persistentVolumeClaim", {{"claimName", "manual"}}}}});
  create("", "pods", "default", bare_pod("waits", {{"volumes", volumes}}));
  auto pod = wait_for_object("", "pods", "default", "waits", [](const json& p) {
    for (const auto& c : p["status"].value("conditions", json::array()))
      if (c["type"] == "PodScheduled")
        return c["status"] == "False" && c["message"] == "pod has unbound immediate PersistentVolumeClaims";
    return false;
  });
  ASSERT_TRUE(pod);
  // A matching static volume lets it bind, then schedule and run.
  create("", "persistentvolumes", "",
         {{"metadata", {{"name", "manual-pv"}}},
          {"spec", {{"storageClassName", "manual"}, {"capacity", {{"storage", "2Gi"}}},
                    {"accessModes", json::array({"ReadWriteOnce"})}, {"hostPath", {{"path", "/tmp/manual"}}}}}});
  EXPECT_TRUE(wait_for_object("", "pods", "default", "waits", [](const json& p) { return running(p); }));
}

TEST_F(ClusterControllersTest, PodsSpreadAcrossNodes) {
  for (int i = 0; i < 6; ++i) create("", "pods", "default", bare_pod("spread-" + std::to_string(i)));
  std::map<std::string, int> per_node;
  ASSERT_TRUE(wait_for([&] {
    per_node.clear();
    int started = 0;
    for (const auto& pod : list("", "pods", "default"))
      if (running(pod)) {
        ++per_node[pod["spec"]["nodeName"]];
        ++started;
      }
    return started == 6;
  }));
  EXPECT_EQ(per_node.size(), 3u);
}

TEST_F(ClusterControllersTest, ServicesGetEndpoints) {
  json labels = {{"app", "api"}};
  create("apps", "deployments", "default",
         {{"metadata", {{"name", "api"}}},
          {"spec",
           {{"replicas", 2},
            {"selector", {{"matchLabels", labels}}},
            {"template",
             pod_template(labels, {{"containers", json::array({{{"name", "api"}, {"image", "api:1"},
                                                                {"ports", json::array({{{"name", "http"}, {"containerPort", 8080}}})}}})}})}}}});
  create("", "services", "default",
         {{"metadata", {{"name", "api"}}},
          {"spec", {{"selector", labels}, {"ports", json::array({{{"name", "web"}, {"port", 80}, {"targetPort", "http"}}})}}}});
  auto endpoints = wait_for_object("", "endpoints", "default", "api", [](const json& e) {
    return e.contains("subsets") && e["subsets"][0].value("addresses", json::array()).size() == 2;
  });
  ASSERT_TRUE(endpoints);
  EXPECT_EQ(endpoints->at("subsets").at(0).at("ports").at(0).value("port", 0), 8080);
  EXPECT_EQ(endpoints->at("subsets").at(0).at("addresses").at(0).at("targetRef").value("kind", ""), "Pod");
  EXPECT_TRUE(wait_for([&] {
    auto slices = list("discovery.k8s.io", "endpointslices", "default", "kubernetes.io/service-name=api");
    return slices.size() == 1 && slices[0].value("endpoints", json::array()).size() == 2;
  }));
  remove("", "services", "default", "api");
  EXPECT_TRUE(wait_gone("", "endpoints", "default", "api"));
  EXPECT_TRUE(wait_for([&] {
    return list("discovery.k8s.io", "endpointslices", "default", "kubernetes.io/service-name=api").empty();
  }));
}

TEST_F(ClusterControllersTest, PodsBeingDeletedAreRemoved) {
  create("", "pods", "default",
         {{"metadata", {{"name", "held"}, {"finalizers", json::array({"example.com/hold"})}}},
          {"spec", {{"containers", json::array({container()})}}}});
  ASSERT_TRUE(wait_for_object("", "pods", "default", "held", [](const json& p) { return running(p); }));
  remove("", "pods", "default", "held");
  update("", "pods", "default", "held", [](json& p) { p["metadata"].erase("finalizers"); });
  EXPECT_TRUE(wait_gone("", "pods", "default", "held"));
}

TEST_F(ClusterControllersTest, PodsOfDeletedNodesAreDeleted) {
  create("", "nodes", "", {{"metadata", {{"name", "extra"}}}});
  create("", "pods", "default", bare_pod("on-extra", {{"nodeName", "extra"}}));
  ASSERT_TRUE(wait_for_object("", "pods", "default", "on-extra", [](const json& p) { return running(p); }));
  remove("", "nodes", "", "extra");
  EXPECT_TRUE(wait_gone("", "pods", "default", "on-extra"));
}

}  // namespace
}  // namespace coffer::kubesim::testing
