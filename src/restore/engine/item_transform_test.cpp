#include "restore/engine/item_transform.h"

#include <gtest/gtest.h>

#include <openssl/sha.h>

#include <cstdio>

namespace coffer::restore {
namespace {

using nlohmann::json;

json with_server_fields(json obj) {
  json& m = obj["metadata"];
  m["generateName"] = "x-";
  m["selfLink"] = "/api/v1/whatever";
  m["uid"] = "0b9f1c1e-1111-2222-3333-444455556666";
  m["resourceVersion"] = "12345";
  m["generation"] = 3;
  m["creationTimestamp"] = "2026-01-01T00:00:00Z";
  m["deletionTimestamp"] = "2026-01-02T00:00:00Z";
  m["deletionGracePeriodSeconds"] = 30;
  m["ownerReferences"] = json::array({{{"apiVersion", "apps/v1"}, {"kind", "ReplicaSet"}, {"name", "rs"},
                                        {"uid", "u"}, {"controller", true}}});
  m["managedFields"] = json::array({{{"manager", "kubectl"}, {"operation", "Apply"}}});
  obj["status"] = {{"phase", "Running"}};
  return obj;
}

TEST(StripServerFields, RemovesServerSetMetadataAndStatus) {
  json obj = with_server_fields({{"apiVersion", "v1"},
                                 {"kind", "ConfigMap"},
                                 {"metadata",
                                  {{"name", "cm"},
                                   {"namespace", "shop"},
                                   {"labels", {{"app", "web"}}},
                                   {"annotations", {{"a", "b"}}},
                                   {"finalizers", {"example.com/keep"}}}},
                                 {"data", {{"k", "v"}}}});
  json stripped = obj;
  strip_server_fields(stripped, false);
  for (const char* k : {"generateName", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
                        "deletionTimestamp", "deletionGracePeriodSeconds", "ownerReferences", "managedFields"})
    EXPECT_FALSE(stripped["metadata"].contains(k)) << k;
  EXPECT_FALSE(stripped.contains("status"));
  // What the user set stays.
  EXPECT_EQ(stripped["metadata"]["name"], "cm");
  EXPECT_EQ(stripped["metadata"]["namespace"], "shop");
  EXPECT_EQ(stripped["metadata"]["labels"], obj["metadata"]["labels"]);
  EXPECT_EQ(stripped["metadata"]["annotations"], obj["metadata"]["annotations"]);
  EXPECT_EQ(stripped["metadata"]["finalizers"], obj["metadata"]["finalizers"]);
  EXPECT_EQ(stripped["data"], obj["data"]);

  json kept = obj;
  strip_server_fields(kept, true);
  EXPECT_EQ(kept["status"], obj["status"]);
  EXPECT_FALSE(kept["metadata"].contains("uid"));
}

TEST(StripServerFields, ToleratesMissingMetadata) {
  json obj = {{"kind", "Thing"}, {"status", {{"x", 1}}}};
  strip_server_fields(obj, false);
  EXPECT_EQ(obj, (json{{"kind", "Thing"}}));
}

json pod_with_token_volumes(const std::string& sa_field) {
  return {{"apiVersion", "v1"},
          {"kind", "Pod"},
          {"metadata", {{"name", "p"}, {"namespace", "shop"}}},
          {"spec",
           {{sa_field, "builder"},
            {"nodeName", "node-1"},
            {"priority", 1000},
            {"priorityClassName", "high"},
            {"volumes",
             {{{"name", "builder-token-abcde"}, {"secret", {{"secretName", "builder-token-abcde"}}}},
              {{"name", "data"}, {"emptyDir", json::object()}},
              {{"name", "other-token-xyz"}, {"secret", {{"secretName", "other-token-xyz"}}}}}},
            {"initContainers",
             {{{"name", "init"},
               {"image", "busybox"},
               {"volumeMounts", {{{"name", "builder-token-abcde"}, {"mountPath", "/var/run/secrets"}}}}}}},
            {"containers",
             {{{"name", "app"},
               {"image", "nginx"},
               {"volumeMounts",
                {{{"name", "builder-token-abcde"}, {"mountPath", "/var/run/secrets"}},
                 {{"name", "data"}, {"mountPath", "/data"}},
                 {{"name", "other-token-xyz"}, {"mountPath", "/other"}}}}}}}}}};
}

TEST(PrepareItem, PodDropsNodeNamePriorityAndServiceAccountTokenVolumes) {
  for (const char* sa_field : {"serviceAccountName", "serviceAccount"}) {
    SCOPED_TRACE(sa_field);
    json out = prepare_item(pod_with_token_volumes(sa_field), "pods", {}, false);
    const json& spec = out["spec"];
    EXPECT_FALSE(spec.contains("nodeName"));
    EXPECT_FALSE(spec.contains("priority"));
    EXPECT_EQ(spec["priorityClassName"], "high");
    ASSERT_EQ(spec["volumes"].size(), 2u);
    EXPECT_EQ(spec["volumes"][0]["name"], "data");
    EXPECT_EQ(spec["volumes"][1]["name"], "other-token-xyz");  // another account's name: kept
    ASSERT_EQ(spec["containers"][0]["volumeMounts"].size(), 2u);
    EXPECT_EQ(spec["containers"][0]["volumeMounts"][0]["name"], "data");
    EXPECT_EQ(spec["containers"][0]["volumeMounts"][1]["name"], "other-token-xyz");
    EXPECT_TRUE(spec["initContainers"][0]["volumeMounts"].empty());
  }
}

TEST(PrepareItem, PodWithoutServiceAccountKeepsVolumes) {
  json pod = pod_with_token_volumes("serviceAccountName");
  pod["spec"].erase("serviceAccountName");
  json out = prepare_item(pod, "pods", {}, false);
  EXPECT_EQ(out["spec"]["volumes"].size(), 3u);
  EXPECT_FALSE(out["spec"].contains("nodeName"));
}

TEST(PrepareItem, PodActionOnlyForPods) {
  json obj = pod_with_token_volumes("serviceAccountName");
  json out = prepare_item(obj, "podtemplates", {}, false);
  EXPECT_EQ(out["spec"]["nodeName"], "node-1");
}

json service(json spec, json annotations = nullptr) {
  json meta = {{"name", "web"}, {"namespace", "shop"}};
  if (!annotations.is_null()) meta["annotations"] = annotations;
  return {{"apiVersion", "v1"}, {"kind", "Service"}, {"metadata", meta}, {"spec", spec}};
}

TEST(PrepareItem, ServiceClusterIPsClearedExceptHeadless) {
  json out = prepare_item(service({{"clusterIP", "10.96.3.4"}, {"clusterIPs", {"10.96.3.4"}}, {"type", "ClusterIP"}}),
                          "services", {}, false);
  EXPECT_FALSE(out["spec"].contains("clusterIP"));
  EXPECT_FALSE(out["spec"].contains("clusterIPs"));
  EXPECT_EQ(out["spec"]["type"], "ClusterIP");

  json headless = prepare_item(service({{"clusterIP", "None"}, {"clusterIPs", {"None"}}}), "services", {}, false);
  EXPECT_EQ(headless["spec"]["clusterIP"], "None");
  EXPECT_EQ(headless["spec"]["clusterIPs"], json::array({"None"}));
}

json node_port_spec() {
  return {{"type", "LoadBalancer"},
          {"clusterIP", "10.96.0.20"},
          {"externalTrafficPolicy", "Local"},
          {"healthCheckNodePort", 31999},
          {"ports",
           {{{"name", "http"}, {"port", 80}, {"nodePort", 30080}},
            {{"name", "https"}, {"port", 443}, {"nodePort", 30443}}}}};
}

TEST(PrepareItem, ServiceNodePortsClearedByDefault) {
  json out = prepare_item(service(node_port_spec()), "services", {}, false);
  for (const auto& p : out["spec"]["ports"]) EXPECT_FALSE(p.contains("nodePort")) << p;
  EXPECT_FALSE(out["spec"].contains("healthCheckNodePort"));
  EXPECT_EQ(out["spec"]["ports"][0]["port"], 80);
  EXPECT_EQ(out["spec"]["externalTrafficPolicy"], "Local");
}

TEST(PrepareItem, ServiceNodePortsKeptWithPreserveNodePorts) {
  TransformContext ctx;
  ctx.preserve_node_ports = true;
  json out = prepare_item(service(node_port_spec()), "services", ctx, false);
  EXPECT_EQ(out["spec"]["ports"][0]["nodePort"], 30080);
  EXPECT_EQ(out["spec"]["ports"][1]["nodePort"], 30443);
  EXPECT_EQ(out["spec"]["healthCheckNodePort"], 31999);
  EXPECT_FALSE(out["spec"].contains("clusterIP"));  // the cluster IP is still reassigned
}

TEST(PrepareItem, ServiceNodePortsNamedInLastAppliedConfigurationKept) {
  json applied = {{"apiVersion", "v1"},
                  {"kind", "Service"},
                  {"metadata", {{"name", "web"}, {"namespace", "shop"}}},
                  {"spec", {{"type", "LoadBalancer"}, {"ports", {{{"name", "http"}, {"port", 80}, {"nodePort", 30080}}, {{"name", "https"}, {"port", 443}}}}}}};
  json svc = service(node_port_spec(), {{"kubectl.kubernetes.io/last-applied-configuration", applied.dump()}});
  json out = prepare_item(svc, "services", {}, false);
  EXPECT_EQ(out["spec"]["ports"][0]["nodePort"], 30080);
  EXPECT_FALSE(out["spec"]["ports"][1].contains("nodePort"));
  EXPECT_FALSE(out["spec"].contains("healthCheckNodePort"));  // auto-assigned

  applied["spec"]["healthCheckNodePort"] = 31999;
  svc = service(node_port_spec(), {{"kubectl.kubernetes.io/last-applied-configuration", applied.dump()}});
  out = prepare_item(svc, "services", {}, false);
  EXPECT_EQ(out["spec"]["healthCheckNodePort"], 31999);

  // A broken annotation is no reason to keep (or to throw).
  svc = service(node_port_spec(), {{"kubectl.kubernetes.io/last-applied-configuration", "{not json"}});
  out = prepare_item(svc, "services", {}, false);
  EXPECT_FALSE(out["spec"]["ports"][0].contains("nodePort"));
}

TEST(PrepareItem, JobControllerUidRemovedFromSelectorAndTemplate) {
  json job = {{"apiVersion", "batch/v1"},
              {"kind", "Job"},
              {"metadata", {{"name", "migrate"}, {"namespace", "shop"}}},
              {"spec",
               {{"selector",
                 {{"matchLabels",
                   {{"controller-uid", "u1"}, {"batch.kubernetes.io/controller-uid", "u1"}}}}},
                {"template",
                 {{"metadata",
                   {{"labels",
                     {{"controller-uid", "u1"},
                      {"batch.kubernetes.io/controller-uid", "u1"},
                      {"job-name", "migrate"},
                      {"batch.kubernetes.io/job-name", "migrate"}}}}},
                  {"spec", {{"restartPolicy", "Never"}}}}}}}};
  json out = prepare_item(job, "jobs.batch", {}, false);
  EXPECT_FALSE(out["spec"].contains("selector")) << out["spec"].dump();
  const json& labels = out["spec"]["template"]["metadata"]["labels"];
  EXPECT_FALSE(labels.contains("controller-uid"));
  EXPECT_FALSE(labels.contains("batch.kubernetes.io/controller-uid"));
  EXPECT_EQ(labels["job-name"], "migrate");
  EXPECT_EQ(labels["batch.kubernetes.io/job-name"], "migrate");

  // Other selector labels stay.
  job["spec"]["selector"]["matchLabels"]["app"] = "migrate";
  out = prepare_item(job, "jobs.batch", {}, false);
  EXPECT_EQ(out["spec"]["selector"]["matchLabels"], (json{{"app", "migrate"}}));
}

json pvc() {
  return {{"apiVersion", "v1"},
          {"kind", "PersistentVolumeClaim"},
          {"metadata",
           {{"name", "data"},
            {"namespace", "shop"},
            {"annotations",
             {{"pv.kubernetes.io/bind-completed", "yes"},
              {"pv.kubernetes.io/bound-by-controller", "yes"},
              {"volume.kubernetes.io/storage-provisioner", "hostpath.csi.k8s.io"},
              {"volume.beta.kubernetes.io/storage-provisioner", "hostpath.csi.k8s.io"},
              {"volume.kubernetes.io/selected-node", "node-1"},
              {"velero.io/volume-snapshot-name", "snap"},
              {"velero.io/data-upload-name", "up"},
              {"team", "payments"}}}}},
          {"spec", {{"volumeName", "pv-data"}, {"storageClassName", "standard"}}}};
}

TEST(PrepareItem, PvcBindAnnotationsRemovedAndVolumeNameOnlyForRestoredPv) {
  json out = prepare_item(pvc(), "persistentvolumeclaims", {}, false);
  EXPECT_EQ(out["metadata"]["annotations"], (json{{"team", "payments"}}));
  EXPECT_FALSE(out["spec"].contains("volumeName"));  // dynamically provisioned again
  EXPECT_EQ(out["spec"]["storageClassName"], "standard");

  TransformContext ctx;
  ctx.restored_pv_names = {"pv-data"};
  out = prepare_item(pvc(), "persistentvolumeclaims", ctx, false);
  EXPECT_EQ(out["spec"]["volumeName"], "pv-data");

  ctx.restored_pv_names = {"pv-other"};
  out = prepare_item(pvc(), "persistentvolumeclaims", ctx, false);
  EXPECT_FALSE(out["spec"].contains("volumeName"));

  // Only bind annotations: the annotations map goes away entirely.
  json bare = pvc();
  bare["metadata"]["annotations"].erase("team");
  out = prepare_item(bare, "persistentvolumeclaims", {}, false);
  EXPECT_FALSE(out["metadata"].contains("annotations"));
}

TEST(PrepareItem, PvClaimRefResetAndNamespaceMapped) {
  json pv = {{"apiVersion", "v1"},
             {"kind", "PersistentVolume"},
             {"metadata", {{"name", "pv-data"}, {"annotations", {{"pv.kubernetes.io/bound-by-controller", "yes"}}}}},
             {"spec",
              {{"persistentVolumeReclaimPolicy", "Retain"},
               {"claimRef",
                {{"kind", "PersistentVolumeClaim"},
                 {"namespace", "shop"},
                 {"name", "data"},
                 {"uid", "u"},
                 {"resourceVersion", "9"}}}}}};
  TransformContext ctx;
  ctx.namespace_mapping = {{"shop", "shop-copy"}};
  json out = prepare_item(pv, "persistentvolumes", ctx, false);
  const json& ref = out["spec"]["claimRef"];
  EXPECT_FALSE(ref.contains("uid"));
  EXPECT_FALSE(ref.contains("resourceVersion"));
  EXPECT_EQ(ref["namespace"], "shop-copy");
  EXPECT_EQ(ref["name"], "data");
  EXPECT_FALSE(out["metadata"].contains("annotations"));
  EXPECT_FALSE(out["metadata"].contains("namespace"));

  out = prepare_item(pv, "persistentvolumes", {}, false);
  EXPECT_EQ(out["spec"]["claimRef"]["namespace"], "shop");
}

TEST(PrepareItem, BindingServiceAccountSubjectsRemapped) {
  TransformContext ctx;
  ctx.namespace_mapping = {{"shop", "shop-copy"}};
  json subjects = {{{"kind", "ServiceAccount"}, {"name", "builder"}, {"namespace", "shop"}},
                   {{"kind", "ServiceAccount"}, {"name", "mon"}, {"namespace", "monitoring"}},
                   {{"kind", "User"}, {"name", "alice"}, {"namespace", "shop"}},
                   {{"kind", "Group"}, {"name", "devs"}, {"apiGroup", "rbac.authorization.k8s.io"}}};
  for (const char* gr : {"rolebindings.rbac.authorization.k8s.io", "clusterrolebindings.rbac.authorization.k8s.io"}) {
    SCOPED_TRACE(gr);
    json b = {{"apiVersion", "rbac.authorization.k8s.io/v1"},
              {"kind", "RoleBinding"},
              {"metadata", {{"name", "b"}}},
              {"roleRef", {{"kind", "ClusterRole"}, {"name", "view"}}},
              {"subjects", subjects}};
    json out = prepare_item(b, gr, ctx, false);
    EXPECT_EQ(out["subjects"][0]["namespace"], "shop-copy");
    EXPECT_EQ(out["subjects"][1]["namespace"], "monitoring");
    EXPECT_EQ(out["subjects"][2]["namespace"], "shop");  // not a ServiceAccount
    EXPECT_FALSE(out["subjects"][3].contains("namespace"));
  }
}

TEST(PrepareItem, NamespaceObjectRenamedByMapping) {
  json ns = with_server_fields({{"apiVersion", "v1"},
                                {"kind", "Namespace"},
                                {"metadata",
                                 {{"name", "shop"},
                                  {"labels", {{"kubernetes.io/metadata.name", "shop"}, {"team", "payments"}}},
                                  {"annotations", {{"owner", "payments"}}}}},
                                {"spec", {{"finalizers", {"kubernetes"}}}}});
  TransformContext ctx;
  ctx.namespace_mapping = {{"shop", "shop-copy"}};
  json out = prepare_item(ns, "namespaces", ctx, false);
  EXPECT_EQ(out["metadata"]["name"], "shop-copy");
  EXPECT_EQ(out["metadata"]["labels"]["kubernetes.io/metadata.name"], "shop-copy");
  EXPECT_EQ(out["metadata"]["labels"]["team"], "payments");
  EXPECT_EQ(out["metadata"]["annotations"]["owner"], "payments");
  EXPECT_EQ(out["spec"], ns["spec"]);
  EXPECT_FALSE(out.contains("status"));

  json unmapped = prepare_item(ns, "namespaces", {}, false);
  EXPECT_EQ(unmapped["metadata"]["name"], "shop");
  // A namespace not named in the mapping keeps its name; a non-namespace object named like a
  // mapped namespace is not renamed.
  json cm = {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", "shop"}, {"namespace", "shop"}}}};
  json cm_out = prepare_item(cm, "configmaps", ctx, false);
  EXPECT_EQ(cm_out["metadata"]["name"], "shop");
  EXPECT_EQ(cm_out["metadata"]["namespace"], "shop-copy");
}

TEST(PrepareItem, MetadataNamespaceMapped) {
  TransformContext ctx;
  ctx.namespace_mapping = {{"shop", "shop-copy"}};
  json cm = {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", "c"}, {"namespace", "shop"}}}};
  EXPECT_EQ(prepare_item(cm, "configmaps", ctx, false)["metadata"]["namespace"], "shop-copy");
  cm["metadata"]["namespace"] = "other";
  EXPECT_EQ(prepare_item(cm, "configmaps", ctx, false)["metadata"]["namespace"], "other");
  EXPECT_EQ(map_namespace(ctx, "shop"), "shop-copy");
  EXPECT_EQ(map_namespace(ctx, "other"), "other");
  EXPECT_EQ(map_namespace(ctx, ""), "");
}

TEST(PrepareItem, KeepStatusKeepsStatus) {
  json cm = {{"apiVersion", "example.com/v1"},
             {"kind", "Widget"},
             {"metadata", {{"name", "w"}, {"namespace", "shop"}, {"uid", "u"}}},
             {"status", {{"ready", true}}}};
  EXPECT_EQ(prepare_item(cm, "widgets.example.com", {}, true)["status"], cm["status"]);
  EXPECT_FALSE(prepare_item(cm, "widgets.example.com", {}, false).contains("status"));
}

std::string sha256_hex6(const std::string& s) {
  unsigned char d[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(s.data()), s.size(), d);
  char hex[7];
  std::snprintf(hex, sizeof hex, "%02x%02x%02x", d[0], d[1], d[2]);
  return hex;
}

TEST(LabelSafeValue, ShortNamesUnchangedLongOnesHashed) {
  EXPECT_EQ(label_safe_value(""), "");
  EXPECT_EQ(label_safe_value("nightly-20260101"), "nightly-20260101");
  std::string s63(63, 'a');
  EXPECT_EQ(label_safe_value(s63), s63);
  std::string s64 = std::string(63, 'a') + "b";
  std::string v = label_safe_value(s64);
  ASSERT_EQ(v.size(), 63u);
  EXPECT_EQ(v.substr(0, 57), s64.substr(0, 57));
  EXPECT_EQ(v.substr(57), sha256_hex6(s64));
  // Velero's value for this name (sha256 hex prefix), fixed so the format cannot drift.
  EXPECT_EQ(v.substr(57).find_first_not_of("0123456789abcdef"), std::string::npos);
  // Different long names with the same 57-character prefix get different values.
  std::string other = std::string(63, 'a') + "c";
  EXPECT_NE(label_safe_value(other), v);
}

TEST(AddRestoreLabels, AddsBothLabelsKeepingOthers) {
  json obj = {{"metadata", {{"name", "x"}, {"labels", {{"app", "web"}}}}}};
  add_restore_labels(obj, "nightly", "restore-1");
  EXPECT_EQ(obj["metadata"]["labels"],
            (json{{"app", "web"}, {"velero.io/backup-name", "nightly"}, {"velero.io/restore-name", "restore-1"}}));
  json bare = {{"metadata", {{"name", "x"}}}};
  std::string long_name(80, 'r');
  add_restore_labels(bare, "b", long_name);
  EXPECT_EQ(bare["metadata"]["labels"]["velero.io/restore-name"], label_safe_value(long_name));
  EXPECT_EQ(bare["metadata"]["labels"]["velero.io/restore-name"].get<std::string>().size(), 63u);
}

// Live objects as a server returns them: comparable() of one must equal prepare_item() of the
// same object, and must ignore the restore labels, status and server-set fields.
std::vector<std::pair<std::string, json>> live_objects() {
  std::vector<std::pair<std::string, json>> out;
  out.emplace_back("configmaps", with_server_fields({{"apiVersion", "v1"},
                                                     {"kind", "ConfigMap"},
                                                     {"metadata", {{"name", "c"}, {"namespace", "shop-copy"}, {"labels", {{"app", "web"}}}}},
                                                     {"data", {{"k", "v"}}}}));
  out.emplace_back("services", with_server_fields(service(node_port_spec())));
  out.back().second["metadata"]["namespace"] = "shop-copy";
  out.emplace_back("pods", with_server_fields(pod_with_token_volumes("serviceAccountName")));
  out.back().second["metadata"]["namespace"] = "shop-copy";
  json pv = {{"apiVersion", "v1"},
             {"kind", "PersistentVolume"},
             {"metadata", {{"name", "pv-data"}}},
             {"spec", {{"claimRef", {{"namespace", "shop-copy"}, {"name", "data"}, {"uid", "u"}}}}}};
  out.emplace_back("persistentvolumes", with_server_fields(pv));
  json claim = pvc();
  claim["metadata"]["namespace"] = "shop-copy";
  out.emplace_back("persistentvolumeclaims", with_server_fields(claim));
  json ns = {{"apiVersion", "v1"},
             {"kind", "Namespace"},
             {"metadata", {{"name", "shop-copy"}, {"labels", {{"kubernetes.io/metadata.name", "shop-copy"}}}}},
             {"spec", {{"finalizers", {"kubernetes"}}}}};
  out.emplace_back("namespaces", with_server_fields(ns));
  return out;
}

TEST(Comparable, EqualsPrepareItemOfTheSameObject) {
  TransformContext ctx;
  ctx.namespace_mapping = {{"shop", "shop-copy"}, {"shop-copy", "elsewhere"}};
  TransformContext plain;  // the live object is already in its target namespace
  for (const auto& [gr, live] : live_objects()) {
    SCOPED_TRACE(gr);
    json restored = prepare_item(live, gr, plain, false);
    EXPECT_EQ(comparable(live, gr, ctx), restored);
    EXPECT_EQ(comparable(live, gr, plain), restored);

    // The live copy that a restore created carries the restore labels: still identical.
    json labelled = live;
    add_restore_labels(labelled, "nightly", "r1");
    EXPECT_EQ(comparable(labelled, gr, ctx), restored);
    // And the backed-up labels are compared.
    json changed = live;
    changed["metadata"]["labels"]["extra"] = "1";
    EXPECT_NE(comparable(changed, gr, ctx), restored);
  }
}

TEST(Comparable, UnchangedObjectComparesIdenticalToItsRestoredCopy) {
  // What the engine does: desired = prepare_item(backup) + restore labels; the live copy it
  // created later reads back with new server fields; both sides compare equal.
  TransformContext ctx;
  ctx.namespace_mapping = {{"shop", "shop-copy"}};
  json backed_up = with_server_fields({{"apiVersion", "v1"},
                                       {"kind", "Service"},
                                       {"metadata", {{"name", "web"}, {"namespace", "shop"}}},
                                       {"spec", {{"clusterIP", "10.96.0.7"}, {"clusterIPs", {"10.96.0.7"}},
                                                 {"ports", {{{"port", 80}}}}, {"selector", {{"app", "web"}}}}}});
  json desired = prepare_item(backed_up, "services", ctx, false);
  add_restore_labels(desired, "nightly", "r1");
  json live = desired;
  live["metadata"]["uid"] = "new-uid";
  live["metadata"]["resourceVersion"] = "77";
  live["metadata"]["creationTimestamp"] = "2026-02-02T00:00:00Z";
  live["spec"]["clusterIP"] = "10.96.9.9";
  live["spec"]["clusterIPs"] = {"10.96.9.9"};
  live["status"] = {{"loadBalancer", json::object()}};
  json desired_cmp = desired;
  desired_cmp["metadata"].erase("labels");
  EXPECT_EQ(comparable(live, "services", ctx), desired_cmp);
}

}  // namespace
}  // namespace coffer::restore
