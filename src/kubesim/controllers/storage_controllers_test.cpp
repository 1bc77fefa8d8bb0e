// Storage controllers end to end: dynamic provisioning and reclaim, static binding, snapshots
// that are point-in-time copies, and restores from them.
#include <fstream>
#include <sstream>

#include "kubesim/controllers/controllers_test_support.h"

namespace coffer::kubesim::testing {
namespace {

namespace fs = std::filesystem;

class StorageControllersTest : public ControllersTest {
 protected:
  json claim(const std::string& name, const std::string& size, std::optional<std::string> storage_class,
             json extra_spec = json::object()) {
    json spec = {{"accessModes", json::array({"ReadWriteOnce"})},
                 {"resources", {{"requests", {{"storage", size}}}}}};
    if (storage_class) spec["storageClassName"] = *storage_class;
    for (auto& [k, v] : extra_spec.items()) spec[k] = v;
    return {{"metadata", {{"name", name}}}, {"spec", spec}};
  }
  std::optional<json> wait_bound(const std::string& name, const std::string& ns = "default") {
    return wait_for_object("", "persistentvolumeclaims", ns, name,
                           [](const json& c) { return c["status"].value("phase", "") == "Bound"; });
  }
  static void write_file(const fs::path& path, const std::string& text) {
    std::ofstream out(path);
    out << text;
  }
  static std::string read_file(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  std::optional<json> wait_snapshot_ready(const std::string& name) {
    return wait_for_object("snapshot.storage.k8s.io", "volumesnapshots", "default", name, [](const json& s) {
      return s.value("status", json::object()).value("readyToUse", false);
    });
  }
  json snapshot(const std::string& name, const std::string& claim_name) {
    return {{"metadata", {{"name", name}}},
            {"spec", {{"source", {{"persistentVolumeClaimName", claim_name}}}}}};
  }
};

TEST_F(StorageControllersTest, ProvisionsBindsAndReclaimsVolumes) {
  json created = create("", "persistentvolumeclaims", "default", claim("data", "2Gi", std::nullopt));
  std::string uid = created["metadata"]["uid"];
  auto bound = wait_bound("data");
  ASSERT_TRUE(bound);
  std::string volume_name = "pvc-" + uid;
  EXPECT_EQ(bound->at("spec").value("volumeName", ""), volume_name);
  const json& annotations = bound->at("metadata").at("annotations");
  EXPECT_EQ(annotations.value("pv.kubernetes.io/bind-completed", ""), "yes");
  EXPECT_EQ(annotations.value("pv.kubernetes.io/bound-by-controller", ""), "yes");
  EXPECT_EQ(annotations.value("volume.kubernetes.io/storage-provisioner", ""), "hostpath.csi.kubesim.io");
  EXPECT_EQ(bound->at("status").at("capacity").value("storage", ""), "2Gi");
  EXPECT_EQ(bound->at("status").at("accessModes").at(0), "ReadWriteOnce");

  auto volume = wait_for_object("", "persistentvolumes", "", volume_name,
                                [](const json& v) { return v["status"].value("phase", "") == "Bound"; });
  ASSERT_TRUE(volume);
  const json& spec = volume->at("spec");
  EXPECT_EQ(spec["csi"]["driver"], "hostpath.csi.kubesim.io");
  EXPECT_EQ(spec["csi"]["fsType"], "ext4");
  EXPECT_FALSE(spec["csi"].value("volumeHandle", "").empty());
  EXPECT_EQ(spec["capacity"]["storage"], "2Gi");
  EXPECT_EQ(spec["persistentVolumeReclaimPolicy"], "Delete");
  EXPECT_EQ(spec["storageClassName"], "standard");
  EXPECT_EQ(spec["claimRef"]["name"], "data");
  EXPECT_EQ(spec["claimRef"]["uid"], uid);
  EXPECT_EQ(volume->at("metadata").at("annotations").value("pv.kubernetes.io/provisioned-by", ""),
            "hostpath.csi.kubesim.io");
  fs::path dir = data_dir_ / "volumes" / volume_name;
  EXPECT_TRUE(fs::is_directory(dir));

  remove("", "persistentvolumeclaims", "default", "data");
  EXPECT_TRUE(wait_gone("", "persistentvolumes", "", volume_name));
  EXPECT_FALSE(fs::exists(dir));
}

TEST_F(StorageControllersTest, BindsStaticVolumesAndReleasesThem) {
  create("", "persistentvolumes", "",
         {{"metadata", {{"name", "small"}, {"labels", {{"kind", "fixture"}}}}},
          {"spec", {{"storageClassName", ""}, {"capacity", {{"storage", "1Gi"}}},
                    {"accessModes", json::array({"ReadWriteOnce"})}, {"hostPath", {{"path", "/tmp/small"}}}}}});
  create("", "persistentvolumes", "",
         {{"metadata", {{"name", "large"}}},
          {"spec", {{"storageClassName", ""}, {"capacity", {{"storage", "10Gi"}}},
                    {"accessModes", json::array({"ReadWriteOnce", "ReadWriteMany"})},
                    {"hostPath", {{"path", "/tmp/large"}}}}}});
  ASSERT_TRUE(wait_for_object("", "persistentvolumes", "", "large",
                              [](const json& v) { return v["status"].value("phase", "") == "Available"; }));
  create("", "persistentvolumeclaims", "default", claim("shared", "2Gi", "", {{"accessModes", json::array({"ReadWriteMany"})}}));
  create("", "persistentvolumeclaims", "default", claim("tiny", "500Mi", ""));
  auto shared = wait_bound("shared");
  ASSERT_TRUE(shared);
  EXPECT_EQ(shared->at("spec").value("volumeName", ""), "large");
  auto tiny = wait_bound("tiny");
  ASSERT_TRUE(tiny);
  EXPECT_EQ(tiny->at("spec").value("volumeName", ""), "small");
  EXPECT_EQ(tiny->at("status").at("capacity").value("storage", ""), "1Gi");
  auto small = wait_for_object("", "persistentvolumes", "", "small", [](const json& v) {
    return v["status"].value("phase", "") == "Bound" && v["spec"]["claimRef"].value("name", "") == "tiny";
  });
  ASSERT_TRUE(small);
  EXPECT_EQ(small->at("metadata").at("annotations").value("pv.kubernetes.io/bound-by-controller", ""), "yes");

  remove("", "persistentvolumeclaims", "default", "tiny");
  EXPECT_TRUE(wait_for_object("", "persistentvolumes", "", "small",
                              [](const json& v) { return v["status"].value("phase", "") == "Released"; }));
}

TEST_F(StorageControllersTest, ClaimNamingAVolumeBindsToIt) {
  create("", "persistentvolumeclaims", "default", claim("wants", "1Gi", "", {{"volumeName", "later"}}));
  create("", "persistentvolumes", "",
         {{"metadata", {{"name", "later"}}},
          {"spec", {{"storageClassName", ""}, {"capacity", {{"storage", "1Gi"}}},
                    {"accessModes", json::array({"ReadWriteOnce"})}, {"hostPath", {{"path", "/tmp/later"}}}}}});
  auto bound = wait_bound("wants");
  ASSERT_TRUE(bound);
  EXPECT_EQ(bound->at("spec").value("volumeName", ""), "later");
}

TEST_F(StorageControllersTest, SnapshotIsPointInTimeAndRestores) {
  create("", "persistentvolumeclaims", "default", claim("source", "1Gi", "standard"));
  auto bound = wait_bound("source");
  ASSERT_TRUE(bound);
  fs::path volume_dir = data_dir_ / "volumes" / bound->at("spec").value("volumeName", "");
  ASSERT_TRUE(fs::is_directory(volume_dir));
  fs::create_directories(volume_dir / "sub");
  write_file(volume_dir / "a.txt", "one");
  write_file(volume_dir / "sub" / "b.txt", "nested");

  json created = create("snapshot.storage.k8s.io", "volumesnapshots", "default", snapshot("snap", "source"));
  auto snap = wait_snapshot_ready("snap");
  ASSERT_TRUE(snap);
  std::string uid = created["metadata"]["uid"];
  const json& status = snap->at("status");
  std::string content_name = status.value("boundVolumeSnapshotContentName", "");
  EXPECT_EQ(content_name, "snapcontent-" + uid);
  EXPECT_EQ(status.value("restoreSize", ""), "1Gi");
  EXPECT_TRUE(status.contains("creationTime"));
  EXPECT_EQ(snap->at("spec").value("volumeSnapshotClassName", ""), "kubesim-snapclass");
  auto content = get("snapshot.storage.k8s.io", "volumesnapshotcontents", "", content_name);
  ASSERT_TRUE(content);
  EXPECT_EQ(content->at("spec").value("driver", ""), "hostpath.csi.kubesim.io");
  EXPECT_EQ(content->at("spec").value("deletionPolicy", ""), "Delete");
  EXPECT_EQ(content->at("spec").at("volumeSnapshotRef").value("uid", ""), uid);
  EXPECT_TRUE(content->at("status").value("readyToUse", false));
  EXPECT_TRUE(content->at("status").at("creationTime").is_number_integer());
  EXPECT_EQ(content->at("status").value("restoreSize", 0), int64_t(1) << 30);
  std::string handle = content->at("status").value("snapshotHandle", "");
  ASSERT_FALSE(handle.empty());
  fs::path copy = data_dir_ / "snapshots" / handle;
  ASSERT_TRUE(fs::is_directory(copy));

  // Writes after the snapshot do not reach it.
  write_file(volume_dir / "a.txt", "two");
  write_file(volume_dir / "c.txt", "new");
  EXPECT_EQ(read_file(copy / "a.txt"), "one");
  EXPECT_EQ(read_file(copy / "sub" / "b.txt"), "nested");
  EXPECT_FALSE(fs::exists(copy / "c.txt"));

  // Restore into a new claim.
  create("", "persistentvolumeclaims", "default",
         claim("restored", "1Gi", "standard",
               {{"dataSource", {{"apiGroup", "snapshot.storage.k8s.io"}, {"kind", "VolumeSnapshot"}, {"name", "snap"}}}}));
  auto restored = wait_bound("restored");
  ASSERT_TRUE(restored);
  fs::path restored_dir = data_dir_ / "volumes" / restored->at("spec").value("volumeName", "");
  EXPECT_EQ(read_file(restored_dir / "a.txt"), "one");
  EXPECT_EQ(read_file(restored_dir / "sub" / "b.txt"), "nested");
  EXPECT_FALSE(fs::exists(restored_dir / "c.txt"));

  // Deleting the snapshot deletes its content and copy (policy Delete).
  remove("snapshot.storage.k8s.io", "volumesnapshots", "default", "snap");
  EXPECT_TRUE(wait_gone("snapshot.storage.k8s.io", "volumesnapshotcontents", "", content_name));
  EXPECT_TRUE(wait_for([&] { return !fs::exists(copy); }));
}

TEST_F(StorageControllersTest, RestoreWaitsForSnapshot) {
  create("", "persistentvolumeclaims", "default",
         claim("early", "1Gi", "standard",
               {{"dataSourceRef", {{"apiGroup", "snapshot.storage.k8s.io"}, {"kind", "VolumeSnapshot"}, {"name", "later"}}}}));
  create("", "persistentvolumeclaims", "default", claim("origin", "1Gi", "standard"));
  auto origin = wait_bound("origin");
  ASSERT_TRUE(origin);
  write_file(data_dir_ / "volumes" / origin->at("spec").value("volumeName", "") / "x", "from origin");
  auto early = get("", "persistentvolumeclaims", "default", "early");
  ASSERT_TRUE(early);
  EXPECT_EQ(early->at("status").value("phase", ""), "Pending");
  create("snapshot.storage.k8s.io", "volumesnapshots", "default", snapshot("later", "origin"));
  auto restored = wait_bound("early");
  ASSERT_TRUE(restored);
  EXPECT_EQ(read_file(data_dir_ / "volumes" / restored->at("spec").value("volumeName", "") / "x"), "from origin");
}

TEST_F(StorageControllersTest, PreProvisionedSnapshotContentBinds) {
  fs::create_directories(data_dir_ / "snapshots" / "handle-1");
  write_file(data_dir_ / "snapshots" / "handle-1" / "f", "12345");
  create("snapshot.storage.k8s.io", "volumesnapshotcontents", "",
         {{"metadata", {{"name", "imported"}}},
          {"spec", {{"deletionPolicy", "Retain"},
                    {"driver", "hostpath.csi.kubesim.io"},
                    {"source", {{"snapshotHandle", "handle-1"}}},
                    {"volumeSnapshotRef", {{"name", "imported-snap"}, {"namespace", "default"}}}}}});
  create("snapshot.storage.k8s.io", "volumesnapshots", "default",
         {{"metadata", {{"name", "imported-snap"}}},
          {"spec", {{"source", {{"volumeSnapshotContentName", "imported"}}}}}});
  auto snap = wait_snapshot_ready("imported-snap");
  ASSERT_TRUE(snap);
  EXPECT_EQ(snap->at("status").value("boundVolumeSnapshotContentName", ""), "imported");
  auto content = get("snapshot.storage.k8s.io", "volumesnapshotcontents", "", "imported");
  ASSERT_TRUE(content);
  EXPECT_EQ(content->at("spec").at("volumeSnapshotRef").value("uid", ""), snap->at("metadata").value("uid", ""));
  EXPECT_EQ(content->at("status").value("snapshotHandle", ""), "handle-1");
  EXPECT_EQ(content->at("status").value("restoreSize", 0), 5);
}

TEST_F(StorageControllersTest, WaitForFirstConsumerProvisionsWhenUsed) {
  create("storage.k8s.io", "storageclasses", "",
         {{"metadata", {{"name", "lazy"}}}, {"provisioner", "hostpath.csi.kubesim.io"},
          {"volumeBindingMode", "WaitForFirstConsumer"}, {"reclaimPolicy", "Retain"}});
  create("", "persistentvolumeclaims", "default", claim("lazy", "1Gi", "lazy"));
  create("", "configmaps", "default", {{"metadata", {{"name", "marker"}}}});
  ASSERT_TRUE(wait_for_object("", "configmaps", "default", "marker", [](const json&) { return true; }));
  EXPECT_EQ(get("", "persistentvolumeclaims", "default", "lazy")->at("status").value("phase", ""), "Pending");
  create("", "pods", "default",
         {{"metadata", {{"name", "consumer"}}},
          {"spec", {{"containers", json::array({container()})},
                    {"volumes", json::array({{{"name", "v"}, {"persistentVolumeClaim", {{"claimName", "lazy"}}}}})}}}});
  EXPECT_TRUE(wait_bound("lazy"));
  auto pod = wait_for_object("", "pods", "default", "consumer", [](const json& p) { return running(p); });
  ASSERT_TRUE(pod);
  auto claim_now = get("", "persistentvolumeclaims", "default", "lazy");
  std::string volume = claim_now->at("spec").value("volumeName", "");
  EXPECT_TRUE(fs::is_symlink(data_dir_ / "kubelet" / "pods" / pod->at("metadata").value("uid", "") / "volumes" /
                             "kubernetes.io~csi" / volume / "mount"));
}

TEST_F(StorageControllersTest, GenericEphemeralVolumesLiveWithTheirPod) {
  json tmpl = {{"metadata", {{"labels", {{"scratch", "yes"}}}}},
               {"spec", {{"accessModes", json::array({"ReadWriteOnce"})},
                         {"resources", {{"requests", {{"storage", "1Gi"}}}}}}}};
  create("", "pods", "default",
         {{"metadata", {{"name", "scratchy"}}},
          {"spec", {{"containers", json::array({container()})},
                    {"volumes", json::array({{{"name", "tmp"}, {"ephemeral", {{"volumeClaimTemplate", tmpl}}}}})}}}});
  auto pod = wait_for_object("", "pods", "default", "scratchy", [](const json& p) { return running(p); });
  ASSERT_TRUE(pod);
  auto bound = wait_bound("scratchy-tmp");
  ASSERT_TRUE(bound);
  EXPECT_EQ(bound->at("metadata").at("labels").value("scratch", ""), "yes");
  EXPECT_EQ(bound->at("metadata").at("ownerReferences").at(0).value("uid", ""), pod->at("metadata").value("uid", ""));
  std::string volume = bound->at("spec").value("volumeName", "");
  remove("", "pods", "default", "scratchy");
  EXPECT_TRUE(wait_gone("", "persistentvolumeclaims", "default", "scratchy-tmp"));
  EXPECT_TRUE(wait_gone("", "persistentvolumes", "", volume));
}

TEST_F(StorageControllersTest, OtherProvisionersAreSimulatedAndLegacyClassAnnotationWins) {
  create("storage.k8s.io", "storageclasses", "",
         {{"metadata", {{"name", "fast"}}}, {"provisioner", "k8s.io/minikube-hostpath"}});
  create("storage.k8s.io", "storageclasses", "",
         {{"metadata", {{"name", "local"}}}, {"provisioner", "kubernetes.io/no-provisioner"}});
  json legacy = claim("legacy", "1Gi", std::nullopt);
  legacy["metadata"]["annotations"] = {{"volume.beta.kubernetes.io/storage-class", "fast"}};
  create("", "persistentvolumeclaims", "default", legacy);
  create("", "persistentvolumeclaims", "default", claim("static-only", "1Gi", "local"));
  auto bound = wait_bound("legacy");
  ASSERT_TRUE(bound);
  auto volume = get("", "persistentvolumes", "", bound->at("spec").value("volumeName", ""));
  ASSERT_TRUE(volume);
  EXPECT_EQ(volume->at("spec").value("storageClassName", ""), "fast");
  EXPECT_EQ(volume->at("metadata").at("annotations").value("pv.kubernetes.io/provisioned-by", ""),
            "k8s.io/minikube-hostpath");
  EXPECT_TRUE(fs::is_directory(data_dir_ / "volumes" / volume->at("metadata").value("name", "")));
  EXPECT_EQ(get("", "persistentvolumeclaims", "default", "static-only")->at("status").value("phase", ""), "Pending");
}

}  // namespace
}  // namespace coffer::kubesim::testing
