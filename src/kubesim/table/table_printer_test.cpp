#include "kubesim/table/table_printer.h"

#include <gtest/gtest.h>

#include "common/rfc3339.h"

namespace coffer::kubesim {
namespace {
using json = nlohmann::json;
using namespace std::chrono_literals;

const auto kNow = parse_rfc3339("2024-05-01T12:00:00Z");

std::string ago(std::chrono::system_clock::duration d) { return format_rfc3339(kNow - d); }

json table_for(std::string_view group, std::string_view resource, const json& obj,
               IncludeObject include = IncludeObject::None,
               const std::vector<PrinterColumn>& crd = {}) {
  return build_table(group, resource, {obj}, include, crd, kNow, json::object());
}

std::vector<std::string> column_names(const json& table) {
  std::vector<std::string> names;
  for (const auto& c : table["columnDefinitions"]) names.push_back(c["name"]);
  return names;
}

std::vector<int> priorities(const json& table) {
  std::vector<int> p;
  for (const auto& c : table["columnDefinitions"]) p.push_back(c["priority"]);
  return p;
}

const json& cells(const json& table, size_t row = 0) { return table["rows"][row]["cells"]; }

json running_pod() {
  return {
      {"apiVersion", "v1"},
      {"kind", "Pod"},
      {"metadata",
       {{"name", "web-0"}, {"namespace", "default"}, {"creationTimestamp", ago(3h + 5min)},
        {"resourceVersion", "42"}}},
      {"spec",
       {{"nodeName", "node-1"},
        {"containers", {{{"name", "app"}, {"image", "nginx"}}, {{"name", "log"}, {"image", "busybox"}}}}}},
      {"status",
       {{"phase", "Running"},
        {"podIP", "10.244.0.7"},
        {"podIPs", {{{"ip", "10.244.0.7"}}}},
        {"conditions", {{{"type", "Ready"}, {"status", "False"}}}},
        {"containerStatuses",
         {{{"name", "app"}, {"ready", true}, {"restartCount", 2},
           {"state", {{"running", {{"startedAt", ago(5min)}}}}},
           {"lastState", {{"terminated", {{"exitCode", 1}, {"finishedAt", ago(5min)}}}}}},
          {{"name", "log"}, {"ready", false}, {"restartCount", 0},
           {"state", {{"running", {{"startedAt", ago(1h)}}}}}}}}}}};
}

TEST(TablePrinter, PodColumnsAndCells) {
  json t = table_for("", "pods", running_pod());
  EXPECT_EQ(t["kind"], "Table");
  EXPECT_EQ(t["apiVersion"], "meta.k8s.io/v1");
  EXPECT_EQ(column_names(t), (std::vector<std::string>{"Name", "Ready", "Status", "Restarts", "Age", "IP",
                                                       "Node", "Nominated Node", "Readiness Gates"}));
  EXPECT_EQ(priorities(t), (std::vector<int>{0, 0, 0, 0, 0, 1, 1, 1, 1}));
  EXPECT_EQ(t["columnDefinitions"][0]["format"], "name");
  EXPECT_EQ(t["columnDefinitions"][0]["type"], "string");
  for (const auto& c : t["columnDefinitions"]) {
    EXPECT_TRUE(c.contains("description"));
    EXPECT_TRUE(c.contains("format"));
  }
  EXPECT_EQ(cells(t), json({"web-0", "1/2", "Running", "2 (5m ago)", "3h5m", "10.244.0.7", "node-1",
                            "<none>", "<none>"}));
  EXPECT_FALSE(t["rows"][0].contains("object"));
  EXPECT_FALSE(t["rows"][0].contains("conditions"));
}

TEST(TablePrinter, PodStatusReasons) {
  json pod = running_pod();
  pod["status"]["containerStatuses"][1]["state"] = {{"waiting", {{"reason", "CrashLoopBackOff"}}}};
  EXPECT_EQ(cells(table_for("", "pods", pod))[2], "CrashLoopBackOff");

  pod = running_pod();
  pod["metadata"]["deletionTimestamp"] = ago(1s);
  EXPECT_EQ(cells(table_for("", "pods", pod))[2], "Terminating");

  json pending = {{"metadata", {{"name", "p"}, {"creationTimestamp", ago(10s)}}},
                  {"spec", {{"containers", {{{"name", "a"}}}}}},
                  {"status", {{"phase", "Pending"}}}};
  json t = table_for("", "pods", pending);
  EXPECT_EQ(cells(t), json({"p", "0/1", "Pending", "0", "10s", "<none>", "<none>", "<none>", "<none>"}));

  json init = pending;
  init["spec"]["initContainers"] = {{{"name", "setup"}}};
  init["status"]["initContainerStatuses"] = {
      {{"name", "setup"}, {"state", {{"waiting", {{"reason", "PodInitializing"}}}}}}};
  EXPECT_EQ(cells(table_for("", "pods", init))[2], "Init:0/1");
  init["status"]["initContainerStatuses"][0]["state"] = {{"waiting", {{"reason", "ImagePullBackOff"}}}};
  EXPECT_EQ(cells(table_for("", "pods", init))[2], "Init:ImagePullBackOff");

  json done = {{"metadata", {{"name", "job-x"}, {"creationTimestamp", ago(2min)}}},
               {"spec", {{"containers", {{{"name", "a"}}}}}},
               {"status",
                {{"phase", "Succeeded"},
                 {"containerStatuses",
                  {{{"name", "a"}, {"state", {{"terminated", {{"exitCode", 0}, {"reason", "Completed"}}}}}}}}}}};
  t = table_for("", "pods", done);
  EXPECT_EQ(cells(t)[1], "0/1");
  EXPECT_EQ(cells(t)[2], "Completed");
  ASSERT_TRUE(t["rows"][0].contains("conditions"));
  EXPECT_EQ(t["rows"][0]["conditions"][0]["type"], "Completed");
  EXPECT_EQ(t["rows"][0]["conditions"][0]["reason"], "Succeeded");
}

TEST(TablePrinter, Deployment) {
  json d = {{"metadata", {{"name", "web"}, {"creationTimestamp", ago(26h)}}},
            {"spec",
             {{"replicas", 3},
              {"selector",
               {{"matchLabels", {{"app", "web"}}},
                {"matchExpressions", {{{"key", "tier"}, {"operator", "In"}, {"values", {"b", "a"}}}}}}},
              {"template",
               {{"spec",
                 {{"containers",
                   {{{"name", "nginx"}, {"image", "nginx:1.25"}}, {{"name", "sidecar"}, {"image", "envoy"}}}}}}}}}},
            {"status", {{"replicas", 3}, {"readyReplicas", 2}, {"updatedReplicas", 3}, {"availableReplicas", 2}}}};
  json t = table_for("apps", "deployments", d);
  EXPECT_EQ(column_names(t), (std::vector<std::string>{"Name", "Ready", "Up-to-date", "Available", "Age",
                                                       "Containers", "Images", "Selector"}));
  EXPECT_EQ(priorities(t), (std::vector<int>{0, 0, 0, 0, 0, 1, 1, 1}));
  EXPECT_EQ(cells(t), json({"web", "2/3", 3, 2, "26h", "nginx,sidecar", "nginx:1.25,envoy",
                            "app=web,tier in (a,b)"}));
  EXPECT_TRUE(cells(t)[2].is_number_integer());
}

TEST(TablePrinter, ServiceWithNodePort) {
  json svc = {{"metadata", {{"name", "web"}, {"creationTimestamp", ago(95s)}}},
              {"spec",
               {{"type", "NodePort"},
                {"clusterIP", "10.96.12.34"},
                {"clusterIPs", {"10.96.12.34"}},
                {"selector", {{"app", "web"}}},
                {"ports",
                 {{{"port", 80}, {"nodePort", 30080}, {"protocol", "TCP"}},
                  {{"port", 443}, {"protocol", "TCP"}},
                  {{"port", 53}, {"protocol", "UDP"}}}}}}};
  json t = table_for("", "services", svc);
  EXPECT_EQ(column_names(t), (std::vector<std::string>{"Name", "Type", "Cluster-IP", "External-IP",
                                                       "Port(s)", "Age", "Selector"}));
  EXPECT_EQ(cells(t), json({"web", "NodePort", "10.96.12.34", "<none>", "80:30080/TCP,443/TCP,53/UDP",
                            "95s", "app=web"}));

  json lb = svc;
  lb["spec"]["type"] = "LoadBalancer";
  EXPECT_EQ(cells(table_for("", "services", lb))[3], "<pending>");
  lb["status"]["loadBalancer"]["ingress"] = {{{"ip", "203.0.113.5"}}};
  EXPECT_EQ(cells(table_for("", "services", lb))[3], "203.0.113.5");
}

TEST(TablePrinter, PersistentVolumeClaims) {
  json bound = {{"metadata", {{"name", "data"}, {"creationTimestamp", ago(45min)}}},
                {"spec",
                 {{"accessModes", {"ReadWriteOnce"}},
                  {"storageClassName", "standard"},
                  {"volumeName", "pvc-123"},
                  {"volumeMode", "Filesystem"},
                  {"resources", {{"requests", {{"storage", "10Gi"}}}}}}},
                {"status",
                 {{"phase", "Bound"}, {"accessModes", {"ReadWriteOnce", "ReadWriteMany"}},
                  {"capacity", {{"storage", "10Gi"}}}}}};
  json t = table_for("", "persistentvolumeclaims", bound);
  EXPECT_EQ(column_names(t), (std::vector<std::string>{"Name", "Status", "Volume", "Capacity", "Access Modes",
                                                       "StorageClass", "VolumeAttributesClass", "Age",
                                                       "VolumeMode"}));
  EXPECT_EQ(cells(t), json({"data", "Bound", "pvc-123", "10Gi", "RWO,RWX", "standard", "<unset>", "45m",
                            "Filesystem"}));

  json pending = {{"metadata", {{"name", "p"}, {"creationTimestamp", ago(5s)}}},
                  {"spec", {{"accessModes", {"ReadWriteOnce"}}, {"storageClassName", "standard"}}},
                  {"status", {{"phase", "Pending"}}}};
  EXPECT_EQ(cells(table_for("", "persistentvolumeclaims", pending)),
            json({"p", "Pending", "", "", "", "standard", "<unset>", "5s", "<unset>"}));
}

TEST(TablePrinter, PersistentVolume) {
  json pv = {{"metadata", {{"name", "pv-1"}, {"creationTimestamp", ago(3h)}}},
             {"spec",
              {{"capacity", {{"storage", "5Gi"}}},
               {"accessModes", {"ReadWriteOncePod"}},
               {"persistentVolumeReclaimPolicy", "Retain"},
               {"claimRef", {{"namespace", "ns1"}, {"name", "claim"}}},
               {"storageClassName", "fast"}}},
             {"status", {{"phase", "Bound"}}}};
  EXPECT_EQ(cells(table_for("", "persistentvolumes", pv)),
            json({"pv-1", "5Gi", "RWOP", "Retain", "Bound", "ns1/claim", "fast", "<unset>", "", "3h",
                  "<unset>"}));
}

TEST(TablePrinter, DefaultStorageClass) {
  json sc = {{"metadata",
              {{"name", "standard"},
               {"creationTimestamp", ago(10 * 24h)},
               {"annotations", {{"storageclass.kubernetes.io/is-default-class", "true"}}}}},
             {"provisioner", "rancher.io/local-path"},
             {"volumeBindingMode", "WaitForFirstConsumer"}};
  json other = {{"metadata", {{"name", "fast"}, {"creationTimestamp", ago(1h)}}},
                {"provisioner", "csi.example.com"},
                {"reclaimPolicy", "Retain"},
                {"allowVolumeExpansion", true}};
  json t = build_table("storage.k8s.io", "storageclasses", {sc, other}, IncludeObject::None, {}, kNow,
                       json::object());
  EXPECT_EQ(column_names(t), (std::vector<std::string>{"Name", "Provisioner", "ReclaimPolicy",
                                                       "VolumeBindingMode", "AllowVolumeExpansion", "Age"}));
  EXPECT_EQ(cells(t, 0), json({"standard (default)", "rancher.io/local-path", "Delete",
                               "WaitForFirstConsumer", false, "10d"}));
  EXPECT_EQ(cells(t, 1), json({"fast", "csi.example.com", "Retain", "Immediate", true, "60m"}));
}

TEST(TablePrinter, NamespaceAndNode) {
  json ns = {{"metadata", {{"name", "kube-system"}, {"creationTimestamp", ago(400 * 24h)}}},
             {"status", {{"phase", "Active"}}}};
  json t = table_for("", "namespaces", ns);
  EXPECT_EQ(column_names(t), (std::vector<std::string>{"Name", "Status", "Age"}));
  EXPECT_EQ(cells(t), json({"kube-system", "Active", "400d"}));

  json node = {{"metadata",
                {{"name", "cp-1"},
                 {"creationTimestamp", ago(3 * 24h + 4h)},
                 {"labels", {{"node-role.kubernetes.io/control-plane", ""}, {"kubernetes.io/os", "linux"}}}}},
               {"spec", {{"unschedulable", true}}},
               {"status",
                {{"conditions", {{{"type", "MemoryPressure"}, {"status", "False"}}, {{"type", "Ready"}, {"status", "True"}}}},
                 {"addresses", {{{"type", "InternalIP"}, {"address", "172.18.0.2"}}}},
                 {"nodeInfo", {{"kubeletVersion", "v1.30.0"}, {"osImage", "Debian"}}}}}};
  t = table_for("", "nodes", node);
  EXPECT_EQ(cells(t), json({"cp-1", "Ready,SchedulingDisabled", "control-plane", "3d4h", "v1.30.0",
                            "172.18.0.2", "<none>", "Debian", "<unknown>", "<unknown>"}));
  node["metadata"]["labels"] = json::object();
  EXPECT_EQ(cells(table_for("", "nodes", node))[2], "<none>");
}

TEST(TablePrinter, ConfigMapsSecretsServiceAccounts) {
  json cm = {{"metadata", {{"name", "cfg"}, {"creationTimestamp", ago(5s)}}},
             {"data", {{"a", "1"}, {"b", "2"}}},
             {"binaryData", {{"c", "AA=="}}}};
  EXPECT_EQ(cells(table_for("", "configmaps", cm)), json({"cfg", 3, "5s"}));
  json secret = {{"metadata", {{"name", "tls"}, {"creationTimestamp", ago(5s)}}},
                 {"type", "kubernetes.io/tls"},
                 {"data", {{"tls.crt", "AA=="}, {"tls.key", "AA=="}}}};
  EXPECT_EQ(cells(table_for("", "secrets", secret)), json({"tls", "kubernetes.io/tls", 2, "5s"}));
  json sa = {{"metadata", {{"name", "default"}, {"creationTimestamp", ago(5s)}}}};
  EXPECT_EQ(cells(table_for("", "serviceaccounts", sa)), json({"default", 0, "5s"}));
}

TEST(TablePrinter, JobsAndCronJobs) {
  json job = {{"metadata", {{"name", "pi"}, {"creationTimestamp", ago(10min)}}},
              {"spec", {{"completions", 1}, {"template", {{"spec", {{"containers", {{{"name", "pi"}, {"image", "perl"}}}}}}}}}},
              {"status",
               {{"succeeded", 1},
                {"startTime", ago(10min)},
                {"completionTime", ago(10min - 42s)},
                {"conditions", {{{"type", "Complete"}, {"status", "True"}}}}}}};
  json t = table_for("batch", "jobs", job);
  EXPECT_EQ(column_names(t), (std::vector<std::string>{"Name", "Status", "Completions", "Duration", "Age",
                                                       "Containers", "Images", "Selector"}));
  EXPECT_EQ(cells(t), json({"pi", "Complete", "1/1", "42s", "10m", "pi", "perl", "<none>"}));
  job["status"] = {{"startTime", ago(30s)}};
  EXPECT_EQ(cells(table_for("batch", "jobs", job))[1], "Running");
  EXPECT_EQ(cells(table_for("batch", "jobs", job))[2], "0/1");
  EXPECT_EQ(cells(table_for("batch", "jobs", job))[3], "30s");

  json cj = {{"metadata", {{"name", "nightly"}, {"creationTimestamp", ago(2h)}}},
             {"spec", {{"schedule", "0 3 * * *"}, {"suspend", false}}},
             {"status", {{"lastScheduleTime", ago(9h)}}}};
  EXPECT_EQ(cells(table_for("batch", "cronjobs", cj)),
            json({"nightly", "0 3 * * *", "<none>", "False", 0, "9h", "120m", "", "", "<none>"}));
}

TEST(TablePrinter, RbacAndGenericCreatedAt) {
  json role = {{"metadata", {{"name", "reader"}, {"creationTimestamp", "2024-04-30T08:00:00Z"}}}};
  json t = table_for("rbac.authorization.k8s.io", "clusterroles", role);
  EXPECT_EQ(column_names(t), (std::vector<std::string>{"Name", "Created At"}));
  EXPECT_EQ(t["columnDefinitions"][1]["type"], "date");
  EXPECT_EQ(cells(t), json({"reader", "2024-04-30T08:00:00Z"}));

  json rb = {{"metadata", {{"name", "read"}, {"creationTimestamp", ago(5min)}}},
             {"roleRef", {{"kind", "ClusterRole"}, {"name", "reader"}}},
             {"subjects",
              {{{"kind", "User"}, {"name", "jane"}},
               {{"kind", "ServiceAccount"}, {"namespace", "ns"}, {"name", "bot"}},
               {{"kind", "Group"}, {"name", "devs"}}}}};
  EXPECT_EQ(cells(table_for("rbac.authorization.k8s.io", "rolebindings", rb)),
            json({"read", "ClusterRole/reader", "5m", "jane", "devs", "ns:bot"}));

  json crd = {{"metadata", {{"name", "widgets.example.com"}, {"creationTimestamp", "2024-05-01T11:00:00Z"}}}};
  EXPECT_EQ(cells(table_for("apiextensions.k8s.io", "customresourcedefinitions", crd)),
            json({"widgets.example.com", "2024-05-01T11:00:00Z"}));
}

TEST(TablePrinter, ApiServicesAndEvents) {
  json local = {{"metadata", {{"name", "v1.apps"}, {"creationTimestamp", ago(1h)}}},
                {"spec", {{"group", "apps"}}},
                {"status", {{"conditions", {{{"type", "Available"}, {"status", "True"}}}}}}};
  EXPECT_EQ(cells(table_for("apiregistration.k8s.io", "apiservices", local)),
            json({"v1.apps", "Local", "True", "60m"}));
  json remote = {{"metadata", {{"name", "v1beta1.metrics.k8s.io"}, {"creationTimestamp", ago(1h)}}},
                 {"spec", {{"service", {{"namespace", "kube-system"}, {"name", "metrics-server"}}}}},
                 {"status",
                  {{"conditions",
                    {{{"type", "Available"}, {"status", "False"}, {"reason", "MissingEndpoints"}}}}}}};
  EXPECT_EQ(cells(table_for("apiregistration.k8s.io", "apiservices", remote)),
            json({"v1beta1.metrics.k8s.io", "kube-system/metrics-server", "False (MissingEndpoints)", "60m"}));

  json ev = {{"metadata", {{"name", "web-0.17a"}, {"creationTimestamp", ago(2min)}}},
             {"involvedObject", {{"kind", "Pod"}, {"name", "web-0"}, {"fieldPath", "spec.containers{app}"}}},
             {"reason", "Pulled"},
             {"type", "Normal"},
             {"message", "  Image pulled \n"},
             {"source", {{"component", "kubelet"}, {"host", "node-1"}}},
             {"firstTimestamp", ago(2min)},
             {"lastTimestamp", ago(30s)},
             {"count", 3}};
  json t = table_for("", "events", ev);
  EXPECT_EQ(column_names(t), (std::vector<std::string>{"Last Seen", "Type", "Reason", "Object", "Subobject",
                                                       "Source", "Message", "First Seen", "Count", "Name"}));
  EXPECT_EQ(cells(t), json({"30s", "Normal", "Pulled", "pod/web-0", "spec.containers{app}", "kubelet, node-1",
                            "Image pulled", "2m", 3, "web-0.17a"}));
  json new_ev = {{"metadata", {{"name", "e2"}}},
                 {"regarding", {{"kind", "Deployment"}, {"name", "web"}}},
                 {"note", "Scaled up"},
                 {"reason", "ScalingReplicaSet"},
                 {"type", "Normal"},
                 {"eventTime", "2024-05-01T11:59:50.123456Z"},
                 {"reportingController", "deployment-controller"}};
  EXPECT_EQ(cells(table_for("events.k8s.io", "events", new_ev)),
            json({"9s", "Normal", "ScalingReplicaSet", "deployment/web", "", "deployment-controller",
                  "Scaled up", "9s", 1, "e2"}));
}

TEST(TablePrinter, CustomResourceColumns) {
  json crd_cols = json::parse(R"([
    {"name": "Replicas", "type": "integer", "jsonPath": ".spec.replicas"},
    {"name": "Ready", "type": "string", "jsonPath": ".status.conditions[?(@.type==\"Ready\")].status"},
    {"name": "Size", "type": "string", "jsonPath": ".spec.size", "priority": 1, "description": "Size"},
    {"name": "Missing", "type": "string", "jsonPath": ".spec.nothing"},
    {"name": "Ratio", "type": "number", "jsonPath": ".spec.ratio"},
    {"name": "Enabled", "type": "boolean", "jsonPath": ".spec.enabled"},
    {"name": "Started", "type": "date", "jsonPath": ".status.startedAt"},
    {"name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp"}
  ])");
  std::vector<PrinterColumn> cols = printer_columns_from_crd(crd_cols);
  ASSERT_EQ(cols.size(), 8u);
  EXPECT_EQ(cols[2].priority, 1);
  json widget = {{"apiVersion", "example.com/v1"},
                 {"kind", "Widget"},
                 {"metadata", {{"name", "w1"}, {"namespace", "default"}, {"creationTimestamp", ago(3min + 12s)}}},
                 {"spec", {{"replicas", 4}, {"size", 7}, {"ratio", 0.5}, {"enabled", true}}},
                 {"status",
                  {{"startedAt", "not a time"},
                   {"conditions", {{{"type", "Synced"}, {"status", "True"}}, {{"type", "Ready"}, {"status", "False"}}}}}}};
  json t = table_for("example.com", "widgets", widget, IncludeObject::None, cols);
  EXPECT_EQ(column_names(t), (std::vector<std::string>{"Name", "Replicas", "Ready", "Size", "Missing", "Ratio",
                                                       "Enabled", "Started", "Age"}));
  EXPECT_EQ(priorities(t), (std::vector<int>{0, 0, 0, 1, 0, 0, 0, 0, 0}));
  EXPECT_EQ(t["columnDefinitions"][1]["type"], "integer");
  EXPECT_EQ(t["columnDefinitions"][3]["description"], "Size");
  EXPECT_EQ(cells(t), json({"w1", 4, "False", "7", nullptr, 0.5, true, "<invalid>", "3m12s"}));

  // Without printer columns a custom resource gets Name and Age.
  t = table_for("example.com", "widgets", widget);
  EXPECT_EQ(column_names(t), (std::vector<std::string>{"Name", "Age"}));
  EXPECT_EQ(cells(t), json({"w1", "3m12s"}));
  EXPECT_FALSE(has_builtin_printer("example.com", "widgets"));
  EXPECT_TRUE(has_builtin_printer("", "pods"));
  EXPECT_TRUE(has_builtin_printer("snapshot.storage.k8s.io", "volumesnapshots"));
}

TEST(TablePrinter, ZeroAndMissingTimestamps) {
  json ns = {{"metadata", {{"name", "a"}, {"creationTimestamp", "0001-01-01T00:00:00Z"}}}};
  EXPECT_EQ(cells(table_for("", "namespaces", ns)), json({"a", "Active", "<unknown>"}));
  json bare = {{"metadata", {{"name", "b"}}}};
  EXPECT_EQ(cells(table_for("", "namespaces", bare)), json({"b", "Active", "<unknown>"}));
  EXPECT_EQ(cells(table_for("rbac.authorization.k8s.io", "roles", bare)),
            json({"b", "0001-01-01T00:00:00Z"}));
  std::vector<PrinterColumn> cols = {{"Started", "date", "", "", ".status.startedAt", 0}};
  json w = {{"metadata", {{"name", "w"}}}, {"status", {{"startedAt", "0001-01-01T00:00:00Z"}}}};
  EXPECT_EQ(cells(table_for("example.com", "widgets", w, IncludeObject::None, cols)),
            json({"w", "<unknown>"}));
  w["status"]["startedAt"] = "2024-05-01T12:00:05Z";  // a little in the future: clock skew
  EXPECT_EQ(cells(table_for("example.com", "widgets", w, IncludeObject::None, cols)),
            json({"w", "<invalid>"}));
}

TEST(TablePrinter, VolumeSnapshotsUseUpstreamCrdColumns) {
  json snap = {{"metadata", {{"name", "snap-1"}, {"creationTimestamp", ago(20s)}}},
               {"spec", {{"source", {{"persistentVolumeClaimName", "data"}}}, {"volumeSnapshotClassName", "csi"}}},
               {"status", {{"readyToUse", true}, {"restoreSize", "1Gi"}, {"creationTime", ago(15s)},
                           {"boundVolumeSnapshotContentName", "snapcontent-1"}}}};
  json t = table_for("snapshot.storage.k8s.io", "volumesnapshots", snap);
  EXPECT_EQ(column_names(t), (std::vector<std::string>{"Name", "ReadyToUse", "SourcePVC", "SourceSnapshotContent",
                                                       "RestoreSize", "SnapshotClass", "SnapshotContent",
                                                       "CreationTime", "Age"}));
  EXPECT_EQ(cells(t), json({"snap-1", true, "data", nullptr, "1Gi", "csi", "snapcontent-1", "15s", "20s"}));
}

TEST(TablePrinter, IncludeObjectVariantsAndListMetadata) {
  const json pod = running_pod();
  json meta = {{"resourceVersion", "99"}, {"continue", "abc"}};
  json none = build_table("", "pods", {pod}, IncludeObject::None, {}, kNow, meta);
  EXPECT_EQ(none["metadata"], meta);
  EXPECT_FALSE(none["rows"][0].contains("object"));

  json md = build_table("", "pods", {pod}, IncludeObject::Metadata, {}, kNow, meta);
  const json& partial = md["rows"][0]["object"];
  EXPECT_EQ(partial["kind"], "PartialObjectMetadata");
  EXPECT_EQ(partial["apiVersion"], "meta.k8s.io/v1");
  EXPECT_EQ(partial["metadata"], pod["metadata"]);
  EXPECT_FALSE(partial.contains("spec"));

  json full = build_table("", "pods", {pod}, IncludeObject::Object, {}, kNow, meta);
  EXPECT_EQ(full["rows"][0]["object"], pod);

  json empty = build_table("", "pods", {}, IncludeObject::Metadata, {}, kNow, json());
  EXPECT_EQ(empty["rows"], json::array());
  EXPECT_EQ(empty["metadata"], json::object());
  EXPECT_EQ(empty["columnDefinitions"].size(), 9u);

  EXPECT_EQ(parse_include_object(""), IncludeObject::Metadata);
  EXPECT_EQ(parse_include_object("Metadata"), IncludeObject::Metadata);
  EXPECT_EQ(parse_include_object("Object"), IncludeObject::Object);
  EXPECT_EQ(parse_include_object("None"), IncludeObject::None);
  EXPECT_EQ(parse_include_object("object"), std::nullopt);
}

TEST(TablePrinter, OtherWorkloadsAndNetworking) {
  json rs = {{"metadata", {{"name", "web-abc"}, {"creationTimestamp", ago(5s)}}},
             {"spec", {{"replicas", 2}, {"selector", {{"matchLabels", {{"app", "web"}}}}}}},
             {"status", {{"replicas", 2}, {"readyReplicas", 1}}}};
  EXPECT_EQ(cells(table_for("apps", "replicasets", rs)), json({"web-abc", 2, 2, 1, "5s", "", "", "app=web"}));
  json sts = {{"metadata", {{"name", "db"}, {"creationTimestamp", ago(5s)}}},
              {"spec", {{"replicas", 3}}},
              {"status", {{"readyReplicas", 3}}}};
  EXPECT_EQ(cells(table_for("apps", "statefulsets", sts)), json({"db", "3/3", "5s", "", ""}));
  json ds = {{"metadata", {{"name", "agent"}, {"creationTimestamp", ago(5s)}}},
             {"spec", {{"template", {{"spec", {{"nodeSelector", {{"kubernetes.io/os", "linux"}}}}}}}}},
             {"status", {{"desiredNumberScheduled", 3}, {"currentNumberScheduled", 3}, {"numberReady", 2},
                         {"updatedNumberScheduled", 3}, {"numberAvailable", 2}}}};
  EXPECT_EQ(cells(table_for("apps", "daemonsets", ds)),
            json({"agent", 3, 3, 2, 3, 2, "kubernetes.io/os=linux", "5s", "", "", "<none>"}));

  json ing = {{"metadata", {{"name", "web"}, {"creationTimestamp", ago(5s)}}},
              {"spec", {{"ingressClassName", "nginx"}, {"rules", {{{"host", "a.example"}}, {{"host", "b.example"}}}},
                        {"tls", {{{"hosts", {"a.example"}}}}}}},
              {"status", {{"loadBalancer", {{"ingress", {{{"hostname", "lb.example"}}}}}}}}};
  EXPECT_EQ(cells(table_for("networking.k8s.io", "ingresses", ing)),
            json({"web", "nginx", "a.example,b.example", "lb.example", "80, 443", "5s"}));

  json ep = {{"metadata", {{"name", "web"}, {"creationTimestamp", ago(5s)}}},
             {"subsets",
              {{{"addresses", {{{"ip", "10.0.0.1"}}, {{"ip", "10.0.0.2"}}}},
                {"ports", {{{"port", 80}}, {{"port", 443}}}}}}}};
  EXPECT_EQ(cells(table_for("", "endpoints", ep)),
            json({"web", "10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...", "5s"}));

  json hpa = {{"metadata", {{"name", "web"}, {"creationTimestamp", ago(5s)}}},
              {"spec", {{"scaleTargetRef", {{"kind", "Deployment"}, {"name", "web"}}},
                        {"minReplicas", 1},
                        {"maxReplicas", 5},
                        {"metrics", {{{"type", "Resource"},
                                      {"resource", {{"name", "cpu"}, {"target", {{"type", "Utilization"}, {"averageUtilization", 80}}}}}}}}}},
              {"status", {{"currentReplicas", 2},
                          {"currentMetrics", {{{"type", "Resource"}, {"resource", {{"name", "cpu"}, {"current", {{"averageUtilization", 35}}}}}}}}}}};
  EXPECT_EQ(cells(table_for("autoscaling", "horizontalpodautoscalers", hpa)),
            json({"web", "Deployment/web", "cpu: 35%/80%", "1", 5, 2, "5s"}));

  json pdb = {{"metadata", {{"name", "web"}, {"creationTimestamp", ago(5s)}}},
              {"spec", {{"minAvailable", "50%"}}},
              {"status", {{"disruptionsAllowed", 1}}}};
  EXPECT_EQ(cells(table_for("policy", "poddisruptionbudgets", pdb)), json({"web", "50%", "N/A", 1, "5s"}));

  json lease = {{"metadata", {{"name", "kube-scheduler"}, {"creationTimestamp", ago(5s)}}},
                {"spec", {{"holderIdentity", "node-1_abc"}}}};
  EXPECT_EQ(cells(table_for("coordination.k8s.io", "leases", lease)), json({"kube-scheduler", "node-1_abc", "5s"}));

  json pc = {{"metadata", {{"name", "system-cluster-critical"}, {"creationTimestamp", ago(5s)}}},
             {"value", 2000000000}};
  EXPECT_EQ(cells(table_for("scheduling.k8s.io", "priorityclasses", pc)),
            json({"system-cluster-critical", 2000000000, false, "5s", "PreemptLowerPriority"}));

  json ic = {{"metadata", {{"name", "nginx"}, {"creationTimestamp", ago(5s)}}},
             {"spec", {{"controller", "k8s.io/ingress-nginx"},
                       {"parameters", {{"apiGroup", "k8s.example.com"}, {"kind", "IngressParameters"}, {"name", "p"}}}}}};
  EXPECT_EQ(cells(table_for("networking.k8s.io", "ingressclasses", ic)),
            json({"nginx", "k8s.io/ingress-nginx", "IngressParameters.k8s.example.com/p", "5s"}));
}

}  // namespace
}  // namespace coffer::kubesim
