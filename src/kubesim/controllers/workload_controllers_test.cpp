// Workload controllers end to end: Deployment → ReplicaSet → running pods, scaling and
// rollouts; StatefulSet pods with bound claims; a DaemonSet pod per node; Jobs that complete.
#include <set>

#include "kubesim/controllers/controllers_test_support.h"

namespace coffer::kubesim::testing {
namespace {

class WorkloadControllersTest : public ControllersTest {
 protected:
  std::vector<json> running_pods(const std::string& ns, const std::string& selector) {
    std::vector<json> out;
    for (auto& pod : list("", "pods", ns, selector))
      if (running(pod) && !pod["metadata"].contains("deletionTimestamp")) out.push_back(pod);
    return out;
  }
  bool pods_settle(const std::string& ns, const std::string& selector, size_t count) {
    return wait_for([&] {
      return running_pods(ns, selector).size() == count && list("", "pods", ns, selector).size() == count;
    });
  }
  json deployment(const std::string& name, int replicas, const std::string& image = "nginx:1.25") {
    json labels = {{"app", name}};
    return {{"metadata", {{"name", name}}},
            {"spec",
             {{"replicas", replicas},
              {"selector", {{"matchLabels", labels}}},
              {"template", pod_template(labels, {{"containers", json::array({container("web", image)})}})}}}};
  }
  static bool rollout_complete(const json& d) {
    const json& status = d.value("status", json::object());
    int64_t replicas = d["spec"].value("replicas", 1);
    if (status.value("observedGeneration", 0) < d["metadata"].value("generation", 0)) return false;
    if (status.value("updatedReplicas", 0) != replicas) return false;
    if (status.value("replicas", 0) != replicas) return false;
    if (status.value("availableReplicas", 0) != replicas) return false;
    for (const auto& c : status.value("conditions", json::array()))
      if (c["type"] == "Progressing") return c.value("reason", "") == "NewReplicaSetAvailable";
    return false;
  }
};

TEST_F(WorkloadControllersTest, DeploymentCreatesReplicaSetAndRunningPods) {
  create("apps", "deployments", "default", deployment("web", 3));
  auto d = wait_for_object("apps", "deployments", "default", "web", rollout_complete);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->at("metadata").at("annotations").value("deployment.kubernetes.io/revision", ""), "1");
  bool available = false;
  for (const auto& c : d->at("status").at("conditions"))
    if (c["type"] == "Available")
      available = c["status"] == "True" && c["reason"] == "MinimumReplicasAvailable";
  EXPECT_TRUE(available);
  EXPECT_FALSE(d->at("status").contains("unavailableReplicas"));

  auto sets = list("apps", "replicasets", "default", "app=web");
  ASSERT_EQ(sets.size(), 1u);
  const json& rs = sets[0];
  std::string hash = rs["metadata"]["labels"].value("pod-template-hash", "");
  ASSERT_FALSE(hash.empty());
  EXPECT_EQ(rs["metadata"]["name"], "web-" + hash);
  EXPECT_EQ(rs["spec"]["selector"]["matchLabels"]["pod-template-hash"], hash);
  EXPECT_EQ(rs["metadata"]["annotations"]["deployment.kubernetes.io/revision"], "1");
  EXPECT_EQ(rs["metadata"]["annotations"]["deployment.kubernetes.io/desired-replicas"], "3");
  EXPECT_EQ(rs["metadata"]["annotations"]["deployment.kubernetes.io/max-replicas"], "4");
  EXPECT_EQ(rs["metadata"]["ownerReferences"][0]["kind"], "Deployment");

  auto pods = running_pods("default", "app=web");
  ASSERT_EQ(pods.size(), 3u);
  std::set<std::string> ips;
  for (const auto& pod : pods) {
    EXPECT_EQ(pod["metadata"]["labels"]["pod-template-hash"], hash);
    EXPECT_EQ(pod["metadata"]["ownerReferences"][0]["name"], rs["metadata"]["name"]);
    EXPECT_TRUE(pod["metadata"]["ownerReferences"][0].value("controller", false));
    EXPECT_EQ(pod["metadata"]["name"].get<std::string>().rfind("web-" + hash + "-", 0), 0u);
    const json& status = pod["status"];
    EXPECT_FALSE(pod["spec"].value("nodeName", "").empty());
    EXPECT_EQ(status["podIP"].get<std::string>().rfind("10.244.", 0), 0u);
    ips.insert(status["podIP"].get<std::string>());
    EXPECT_EQ(status["podIPs"][0]["ip"], status["podIP"]);
    EXPECT_FALSE(status.value("hostIP", "").empty());
    EXPECT_EQ(status["qosClass"], "BestEffort");
    EXPECT_EQ(status["conditions"].size(), 5u);
    const json& cs = status["containerStatuses"][0];
    EXPECT_EQ(cs["name"], "web");
    EXPECT_TRUE(cs["ready"].get<bool>());
    EXPECT_TRUE(cs["started"].get<bool>());
    EXPECT_EQ(cs["restartCount"], 0);
    EXPECT_EQ(cs["containerID"].get<std::string>().rfind("containerd://", 0), 0u);
    EXPECT_TRUE(cs["state"]["running"].contains("startedAt"));
  }
  EXPECT_EQ(ips.size(), 3u);
}

TEST_F(WorkloadControllersTest, DeploymentScalesUpAndDown) {
  create("apps", "deployments", "default", deployment("scaled", 2));
  ASSERT_TRUE(wait_for_object("apps", "deployments", "default", "scaled", rollout_complete));
  auto rt = type("apps", "deployments");
  json scale = core_->get_scale(rt, "default", "scaled");
  scale["spec"]["replicas"] = 5;
  core_->update(rt, "default", "scaled", scale, options_, Subresource::Scale);
  EXPECT_TRUE(pods_settle("default", "app=scaled", 5));
  ASSERT_TRUE(wait_for_object("apps", "deployments", "default", "scaled", rollout_complete));
  update("apps", "deployments", "default", "scaled", [](json& d) { d["spec"]["replicas"] = 1; });
  EXPECT_TRUE(pods_settle("default", "app=scaled", 1));
  auto d = wait_for_object("apps", "deployments", "default", "scaled", rollout_complete);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->at("status").value("replicas", 0), 1);
}

TEST_F(WorkloadControllersTest, TemplateChangeRollsOutNewReplicaSet) {
  create("apps", "deployments", "default", deployment("roll", 2));
  ASSERT_TRUE(wait_for_object("apps", "deployments", "default", "roll", rollout_complete));
  std::string old_hash = list("apps", "replicasets", "default", "app=roll")[0]["metadata"]["labels"]["pod-template-hash"];
  update("apps", "deployments", "default", "roll", [](json& d) {
    d["spec"]["template"]["spec"]["containers"][0]["image"] = "nginx:1.27";
  });
  auto d = wait_for_object("apps", "deployments", "default", "roll", [](const json& d) {
    return rollout_complete(d) &&
           d["metadata"]["annotations"].value("deployment.kubernetes.io/revision", "") == "2";
  });
  ASSERT_TRUE(d);
  auto sets = list("apps", "replicasets", "default", "app=roll");
  ASSERT_EQ(sets.size(), 2u);
  for (const auto& rs : sets) {
    bool is_old = rs["metadata"]["labels"]["pod-template-hash"] == old_hash;
    EXPECT_EQ(rs["spec"]["replicas"], is_old ? 0 : 2);
    EXPECT_EQ(rs["metadata"]["annotations"]["deployment.kubernetes.io/revision"], is_old ? "1" : "2");
  }
  ASSERT_TRUE(pods_settle("default", "app=roll", 2));
  for (const auto& pod : running_pods("default", "app=roll")) {
    EXPECT_NE(pod["metadata"]["labels"]["pod-template-hash"], old_hash);
    EXPECT_EQ(pod["spec"]["containers"][0]["image"], "nginx:1.27");
  }
  // Rolling back to the first template reuses its ReplicaSet as revision 3.
  update("apps", "deployments", "default", "roll", [](json& d) {
    d["spec"]["template"]["spec"]["containers"][0]["image"] = "nginx:1.25";
  });
  ASSERT_TRUE(wait_for_object("apps", "deployments", "default", "roll", [](const json& d) {
    return rollout_complete(d) &&
           d["metadata"]["annotations"].value("deployment.kubernetes.io/revision", "") == "3";
  }));
  EXPECT_EQ(list("apps", "replicasets", "default", "app=roll").size(), 2u);
  ASSERT_TRUE(pods_settle("default", "app=roll", 2));
  for (const auto& pod : running_pods("default", "app=roll"))
    EXPECT_EQ(pod["metadata"]["labels"]["pod-template-hash"], old_hash);
}

TEST_F(WorkloadControllersTest, PausedDeploymentDoesNotRollOut) {
  create("apps", "deployments", "default", deployment("paused", 1));
  ASSERT_TRUE(wait_for_object("apps", "deployments", "default", "paused", rollout_complete));
  update("apps", "deployments", "default", "paused", [](json& d) {
    d["spec"]["paused"] = true;
    d["spec"]["template"]["spec"]["containers"][0]["image"] = "nginx:2";
  });
  ASSERT_TRUE(wait_for_object("apps", "deployments", "default", "paused", [](const json& d) {
    for (const auto& c : d["status"].value("conditions", json::array()))
      if (c["type"] == "Progressing") return c["reason"] == "DeploymentPaused";
    return false;
  }));
  EXPECT_EQ(list("apps", "replicasets", "default", "app=paused").size(), 1u);
  update("apps", "deployments", "default", "paused", [](json& d) { d["spec"]["paused"] = false; });
  ASSERT_TRUE(wait_for_object("apps", "deployments", "default", "paused", rollout_complete));
  EXPECT_EQ(list("apps", "replicasets", "default", "app=paused").size(), 2u);
}

TEST_F(WorkloadControllersTest, ReplicaSetAdoptsAndReleasesPods) {
  json labels = {{"tier", "cache"}};
  create("", "pods", "default", {{"metadata", {{"name", "stray"}, {"labels", labels}}},
                                 {"spec", {{"containers", json::array({container()})}}}});
  create("apps", "replicasets", "default",
         {{"metadata", {{"name", "cache"}}},
          {"spec", {{"replicas", 2}, {"selector", {{"matchLabels", labels}}}, {"template", pod_template(labels)}}}});
  ASSERT_TRUE(pods_settle("default", "tier=cache", 2));
  auto stray = get("", "pods", "default", "stray");
  ASSERT_TRUE(stray);
  EXPECT_EQ(stray->at("metadata").at("ownerReferences").at(0).value("name", ""), "cache");
  // A pod that stops matching is released and replaced.
  update("", "pods", "default", "stray", [](json& p) { p["metadata"]["labels"]["tier"] = "other"; });
  ASSERT_TRUE(wait_for_object("", "pods", "default", "stray", [](const json& p) {
    return !p["metadata"].contains("ownerReferences");
  }));
  EXPECT_TRUE(pods_settle("default", "tier=cache", 2));
  auto rs = wait_for_object("apps", "replicasets", "default", "cache", [](const json& rs) {
    return rs["status"].value("readyReplicas", 0) == 2 && rs["status"].value("availableReplicas", 0) == 2 &&
           rs["status"].value("fullyLabeledReplicas", 0) == 2;
  });
  EXPECT_TRUE(rs);
}

TEST_F(WorkloadControllersTest, StatefulSetCreatesOrderedPodsWithBoundClaims) {
  json labels = {{"app", "db"}};
  create("", "services", "default",
         {{"metadata", {{"name", "db"}}},
          {"spec", {{"clusterIP", "None"}, {"selector", labels}, {"ports", json::array({{{"port", 5432}}})}}}});
  create("apps", "statefulsets", "default",
         {{"metadata", {{"name", "db"}}},
          {"spec",
           {{"replicas", 2},
            {"serviceName", "db"},
            {"selector", {{"matchLabels", labels}}},
            {"template", pod_template(labels)},
            {"volumeClaimTemplates",
             json::array({{{"metadata", {{"name", "data"}}},
                           {"spec", {{"accessModes", json::array({"ReadWriteOnce"})},
                                     {"resources", {{"requests", {{"storage", "1Gi"}}}}}}}}})}}}});
  auto sts = wait_for_object("apps", "statefulsets", "default", "db", [](const json& s) {
    const json& st = s.value("status", json::object());
    return st.value("readyReplicas", 0) == 2 && st.value("updatedReplicas", 0) == 2 &&
           st.value("currentRevision", "") == st.value("updateRevision", "x") &&
           st.value("observedGeneration", 0) == s["metadata"]["generation"];
  });
  ASSERT_TRUE(sts);
  std::string revision = sts->at("status").at("updateRevision");
  EXPECT_TRUE(get("apps", "controllerrevisions", "default", revision));
  for (int ordinal = 0; ordinal < 2; ++ordinal) {
    std::string name = "db-" + std::to_string(ordinal);
    auto pod = get("", "pods", "default", name);
    ASSERT_TRUE(pod);
    EXPECT_TRUE(running(*pod));
    EXPECT_EQ(pod->at("spec").value("hostname", ""), name);
    EXPECT_EQ(pod->at("spec").value("subdomain", ""), "db");
    EXPECT_EQ(pod->at("metadata").at("labels").value("statefulset.kubernetes.io/pod-name", ""), name);
    EXPECT_EQ(pod->at("metadata").at("labels").value("controller-revision-hash", ""), revision);
    std::string claim_name = "data-db-" + std::to_string(ordinal);
    bool mounts_claim = false;
    for (const auto& v : pod->at("spec").at("volumes"))
      if (v.value("name", "") == "data")
        mounts_claim = v["persistentVolumeClaim"]["claimName"] == claim_name;
    EXPECT_TRUE(mounts_claim);
    auto claim = get("", "persistentvolumeclaims", "default", claim_name);
    ASSERT_TRUE(claim);
    EXPECT_EQ(claim->at("status").value("phase", ""), "Bound");
    EXPECT_EQ(claim->at("metadata").at("labels").value("app", ""), "db");
    EXPECT_FALSE(claim->at("metadata").contains("ownerReferences"));
    std::string volume = claim->at("spec").value("volumeName", "");
    auto volume_dir = data_dir_ / "volumes" / volume;
    EXPECT_TRUE(std::filesystem::is_directory(volume_dir));
    auto link = data_dir_ / "kubelet" / "pods" / pod->at("metadata").at("uid").get<std::string>() /
                "volumes" / "kubernetes.io~csi" / volume / "mount";
    ASSERT_TRUE(std::filesystem::is_symlink(link)) << link;
    EXPECT_EQ(std::filesystem::read_symlink(link), volume_dir);
  }
  // Scale down removes the highest ordinal and keeps its claim; the kubelet dir goes.
  std::string uid1 = get("", "pods", "default", "db-1")->at("metadata").at("uid");
  update("apps", "statefulsets", "default", "db", [](json& s) { s["spec"]["replicas"] = 1; });
  EXPECT_TRUE(wait_gone("", "pods", "default", "db-1"));
  EXPECT_TRUE(get("", "pods", "default", "db-0"));
  EXPECT_TRUE(get("", "persistentvolumeclaims", "default", "data-db-1"));
  EXPECT_TRUE(wait_for([&] { return !std::filesystem::exists(data_dir_ / "kubelet" / "pods" / uid1); }));
}

TEST_F(WorkloadControllersTest, StatefulSetRollingUpdateReplacesPods) {
  json labels = {{"app", "kv"}};
  create("apps", "statefulsets", "default",
         {{"metadata", {{"name", "kv"}}},
          {"spec", {{"replicas", 2}, {"serviceName", "kv"}, {"selector", {{"matchLabels", labels}}},
                    {"template", pod_template(labels)}}}});
  ASSERT_TRUE(wait_for_object("apps", "statefulsets", "default", "kv",
                              [](const json& s) { return s["status"].value("readyReplicas", 0) == 2; }));
  update("apps", "statefulsets", "default", "kv", [](json& s) {
    s["spec"]["template"]["spec"]["containers"][0]["image"] = "redis:7";
  });
  auto sts = wait_for_object("apps", "statefulsets", "default", "kv", [](const json& s) {
    const json& st = s["status"];
    return st.value("observedGeneration", 0) == 2 && st.value("readyReplicas", 0) == 2 &&
           st.value("updatedReplicas", 0) == 2 && st.value("currentRevision", "") == st.value("updateRevision", "");
  });
  ASSERT_TRUE(sts);
  for (const char* name : {"kv-0", "kv-1"}) {
    auto pod = get("", "pods", "default", name);
    ASSERT_TRUE(pod);
    EXPECT_EQ(pod->at("spec").at("containers").at(0).value("image", ""), "redis:7");
  }
}

TEST_F(WorkloadControllersTest, DaemonSetRunsOnePodPerNode) {
  json labels = {{"app", "agent"}};
  create("apps", "daemonsets", "kube-system",
         {{"metadata", {{"name", "agent"}}},
          {"spec", {{"selector", {{"matchLabels", labels}}}, {"template", pod_template(labels)}}}});
  auto ds = wait_for_object("apps", "daemonsets", "kube-system", "agent", [](const json& d) {
    const json& st = d["status"];
    return st.value("desiredNumberScheduled", 0) == 3 && st.value("numberReady", 0) == 3 &&
           st.value("updatedNumberScheduled", 0) == 3 && st.value("numberAvailable", 0) == 3 &&
           st.value("currentNumberScheduled", 0) == 3;
  });
  ASSERT_TRUE(ds);
  std::set<std::string> nodes;
  for (const auto& pod : list("", "pods", "kube-system", "app=agent")) nodes.insert(pod["spec"]["nodeName"]);
  EXPECT_EQ(nodes, (std::set<std::string>{"kubesim-node-1", "kubesim-node-2", "kubesim-node-3"}));

  // A node selector narrows it to the control-plane node.
  update("apps", "daemonsets", "kube-system", "agent", [](json& d) {
    d["spec"]["template"]["spec"]["nodeSelector"] = {{"node-role.kubernetes.io/control-plane", ""}};
  });
  EXPECT_TRUE(wait_for([&] {
    auto pods = list("", "pods", "kube-system", "app=agent");
    return pods.size() == 1 && pods[0]["spec"]["nodeName"] == "kubesim-node-1" && running(pods[0]);
  }));
  EXPECT_TRUE(wait_for_object("apps", "daemonsets", "kube-system", "agent", [](const json& d) {
    return d["status"].value("desiredNumberScheduled", 0) == 1 && d["status"].value("numberReady", 0) == 1 &&
           d["status"].value("updatedNumberScheduled", 0) == 1;
  }));
}

TEST_F(WorkloadControllersTest, JobRunsToCompletion) {
  json tmpl = {{"metadata", {{"annotations", {{"kubesim.coffer.dev/run-seconds", "0.2"}}}}},
               {"spec", {{"restartPolicy", "Never"}, {"containers", json::array({container("work", "busybox")})}}}};
  json job = create("batch", "jobs", "default",
                    {{"metadata", {{"name", "crunch"}}},
                     {"spec", {{"completions", 3}, {"parallelism", 2}, {"template", tmpl}}}});
  std::string uid = job["metadata"]["uid"];
  auto done = wait_for_object("batch", "jobs", "default", "crunch", [](const json& j) {
    for (const auto& c : j["status"].value("conditions", json::array()))
      if (c["type"] == "Complete") return c["status"] == "True";
    return false;
  });
  ASSERT_TRUE(done);
  const json& status = done->at("status");
  EXPECT_EQ(status.value("succeeded", 0), 3);
  EXPECT_FALSE(status.contains("active"));
  EXPECT_TRUE(status.contains("startTime"));
  EXPECT_TRUE(status.contains("completionTime"));
  EXPECT_EQ(status.value("uncountedTerminatedPods", json()), json::object());
  std::vector<std::string> types;
  for (const auto& c : status["conditions"]) types.push_back(c["type"]);
  EXPECT_EQ(types, (std::vector<std::string>{"SuccessCriteriaMet", "Complete"}));
  auto pods = list("", "pods", "default", "batch.kubernetes.io/job-name=crunch");
  EXPECT_EQ(pods.size(), 3u);
  for (const auto& pod : pods) {
    EXPECT_EQ(pod["status"]["phase"], "Succeeded");
    EXPECT_EQ(pod["metadata"]["labels"]["controller-uid"], uid);
    EXPECT_EQ(pod["metadata"]["labels"]["job-name"], "crunch");
    const json& terminated = pod["status"]["containerStatuses"][0]["state"]["terminated"];
    EXPECT_EQ(terminated["exitCode"], 0);
    EXPECT_EQ(terminated["reason"], "Completed");
  }
}

TEST_F(WorkloadControllersTest, JobPodsRunOneSecondByDefault) {
  json tmpl = {{"spec", {{"restartPolicy", "OnFailure"}, {"containers", json::array({container("w", "busybox")})}}}};
  create("batch", "jobs", "default", {{"metadata", {{"name", "quick"}}}, {"spec", {{"template", tmpl}}}});
  auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(wait_for_object("batch", "jobs", "default", "quick", [](const json& j) {
    return j["status"].value("succeeded", 0) == 1 && j["status"].contains("completionTime");
  }));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 900ms);
}

TEST_F(WorkloadControllersTest, JobFailsAfterBackoffLimit) {
  json tmpl = {{"metadata", {{"annotations", {{"kubesim.coffer.dev/run-seconds", "0"},
                                              {"kubesim.coffer.dev/exit-code", "3"}}}}},
               {"spec", {{"restartPolicy", "Never"}, {"containers", json::array({container("w", "busybox")})}}}};
  create("batch", "jobs", "default",
         {{"metadata", {{"name", "doomed"}}}, {"spec", {{"backoffLimit", 1}, {"template", tmpl}}}});
  auto job = wait_for_object("batch", "jobs", "default", "doomed", [](const json& j) {
    for (const auto& c : j["status"].value("conditions", json::array()))
      if (c["type"] == "Failed") return c["status"] == "True" && c["reason"] == "BackoffLimitExceeded";
    return false;
  });
  ASSERT_TRUE(job);
  EXPECT_EQ(job->at("status").value("failed", 0), 2);
}

TEST_F(WorkloadControllersTest, CronJobWithoutDueRunKeepsStatusQuiet) {
  json job_template = {{"spec", {{"template", {{"spec", {{"restartPolicy", "Never"},
                                                          {"containers", json::array({container("c", "busybox")})}}}}}}}};
  create("batch", "cronjobs", "default",
         {{"metadata", {{"name", "nightly"}}}, {"spec", {{"schedule", "0 3 1 1 *"}, {"jobTemplate", job_template}}}});
  // A marker object written after the cronjob: once the controllers have seen it, they have
  // seen the cronjob too.
  create("batch", "jobs", "default",
         {{"metadata", {{"name", "marker"}}},
          {"spec", {{"template", {{"spec", {{"restartPolicy", "Never"},
                                            {"containers", json::array({container("c", "busybox")})}}}}}}}});
  ASSERT_TRUE(wait_for_object("batch", "jobs", "default", "marker",
                              [](const json& j) { return j["status"].contains("startTime"); }));
  auto cj = get("batch", "cronjobs", "default", "nightly");
  ASSERT_TRUE(cj);
  EXPECT_FALSE(cj->value("status", json::object()).contains("lastScheduleTime"));
  EXPECT_EQ(list("batch", "jobs", "default").size(), 1u);
}

TEST_F(WorkloadControllersTest, IndexedJobCompletesEveryIndex) {
  json tmpl = {{"metadata", {{"annotations", {{"kubesim.coffer.dev/run-seconds", "0.1"}}}}},
               {"spec", {{"restartPolicy", "Never"}, {"containers", json::array({container("w", "busybox")})}}}};
  create("batch", "jobs", "default",
         {{"metadata", {{"name", "indexed"}}},
          {"spec", {{"completions", 3}, {"parallelism", 3}, {"completionMode", "Indexed"}, {"template", tmpl}}}});
  auto job = wait_for_object("batch", "jobs", "default", "indexed", [](const json& j) {
    return j["status"].value("succeeded", 0) == 3 && j["status"].contains("completionTime");
  });
  ASSERT_TRUE(job);
  EXPECT_EQ(job->at("status").value("completedIndexes", ""), "0-2");
  std::set<std::string> indexes;
  for (const auto& pod : list("", "pods", "default", "job-name=indexed")) {
    std::string index = pod["metadata"]["annotations"].value("batch.kubernetes.io/job-completion-index", "");
    indexes.insert(index);
    EXPECT_EQ(pod["spec"].value("hostname", ""), "indexed-" + index);
  }
  EXPECT_EQ(indexes, (std::set<std::string>{"0", "1", "2"}));
}

TEST_F(WorkloadControllersTest, RecreateStrategyReplacesAllPodsAtOnce) {
  json d = deployment("recreate", 2);
  d["spec"]["strategy"] = {{"type", "Recreate"}};
  create("apps", "deployments", "default", d);
  ASSERT_TRUE(wait_for_object("apps", "deployments", "default", "recreate", rollout_complete));
  update("apps", "deployments", "default", "recreate", [](json& d) {
    d["spec"]["template"]["spec"]["containers"][0]["image"] = "nginx:2";
  });
  ASSERT_TRUE(wait_for_object("apps", "deployments", "default", "recreate", [](const json& d) {
    return rollout_complete(d) &&
           d["metadata"]["annotations"].value("deployment.kubernetes.io/revision", "") == "2";
  }));
  ASSERT_TRUE(pods_settle("default", "app=recreate", 2));
  for (const auto& pod : running_pods("default", "app=recreate"))
    EXPECT_EQ(pod["spec"]["containers"][0]["image"], "nginx:2");
}

}  // namespace
}  // namespace coffer::kubesim::testing
