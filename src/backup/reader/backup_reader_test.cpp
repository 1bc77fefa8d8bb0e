#include "backup/reader/backup_reader.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <set>

#include "backup/archive/tar_gz.h"
#include "backup/layout/velero_layout.h"
#include "storage/filesystem_store.h"

namespace coffer::backup {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "coffer-reader-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string item_json(const std::string& kind, const std::string& ns, const std::string& name) {
  json j = {{"apiVersion", "v1"}, {"kind", kind}, {"metadata", {{"name", name}}}};
  if (!ns.empty()) j["metadata"]["namespace"] = ns;
  return j.dump();
}

// Writes item under the legacy path and, when preferred, again under <version>-preferredversion.
void add_item(TarGzWriter& w, const std::string& gr, const std::string& version,
              bool preferred, const std::string& ns, const std::string& name,
              const std::string& kind) {
  std::string body = item_json(kind, ns, name);
  if (preferred) {
    w.add_file(layout::item_path(gr, "", ns, name), body);
    w.add_file(layout::item_path(gr, layout::preferred_version_dir(version), ns, name), body);
  } else {
    w.add_file(layout::item_path(gr, version, ns, name), body);
  }
}

class BackupReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::make_unique<storage::FilesystemStore>(dir_.path());
    json backup = {{"apiVersion", "velero.io/v1"},
                   {"kind", "Backup"},
                   {"metadata", {{"name", "b1"}, {"namespace", "velero"}}},
                   {"spec", {{"includedNamespaces", {"*"}}}},
                   {"status", {{"phase", "Completed"}, {"formatVersion", "1.1.0"}, {"version", 1}}}};
    store_->put(layout::metadata_key("b1"), backup.dump(2));
    {
      auto out = store_->open_write(layout::tarball_key("b1"));
      TarGzWriter w(*out, {1, 2, 4096});
      w.add_file(std::string(layout::kVersionEntry), "1.1.0\n");
      add_item(w, "namespaces", "v1", true, "", "ns1", "Namespace");
      add_item(w, "namespaces", "v1", true, "", "ns2", "Namespace");
      add_item(w, "pods", "v1", true, "ns1", "web-0", "Pod");
      add_item(w, "pods", "v1", true, "ns1", "web-1", "Pod");
      add_item(w, "pods", "v1", true, "ns2", "web-0", "Pod");
      add_item(w, "deployments.apps", "v1", true, "ns1", "web", "Deployment");
      add_item(w, "configmaps", "v1", true, "ns2", "my.config.v2", "ConfigMap");
      add_item(w, "configmaps", "v1", true, "cluster", "in-ns-named-cluster", "ConfigMap");
      add_item(w, "persistentvolumes", "v1", true, "", "pv-a", "PersistentVolume");
      // A non-preferred version only exists under its version directory.
      add_item(w, "horizontalpodautoscalers.autoscaling", "v2beta2", false, "ns1", "web",
               "HorizontalPodAutoscaler");
      add_item(w, "horizontalpodautoscalers.autoscaling", "v2", true, "ns1", "web",
               "HorizontalPodAutoscaler");
      w.finish();
      out->commit();
    }
    put_gz("b1", layout::kResourceListSuffix,
           R"({"v1/Pod":["ns1/web-0","ns1/web-1","ns2/web-0"],"v1/Namespace":["ns1","ns2"]})");
    put_gz("b1", layout::kResultsSuffix,
           R"({"warnings":{"namespaces":{"ns1":["careful"]}},"errors":{}})");
    put_gz("b1", layout::kLogsSuffix, "time=now level=info msg=\"backup completed\"\n");
    put_gz("b1", layout::kVolumeInfoSuffix, R"([{"pvcName":"data","pvName":"pv-a"}])");
    put_gz("b1", layout::kVolumeSnapshotsSuffix, "null");  // Go's encoding of a nil slice

    // An old-style backup with metadata only.
    store_->put(layout::metadata_key("a-old"), R"({"kind":"Backup","metadata":{"name":"a-old"}})");
    // Not backups: a prefix without velero-backup.json, and a loose file.
    store_->put(layout::tarball_key("incomplete"), "x");
    store_->put("backups/loose.json", "{}");
  }

  void put_gz(const std::string& backup, std::string_view suffix, const std::string& text) {
    store_->put(layout::sidecar_key(backup, suffix), gzip_compress(text));
  }

  static std::vector<std::string> paths_of(const std::vector<BackupItem>& items) {
    std::vector<std::string> out;
    for (const auto& i : items)
      out.push_back(layout::item_path(i.path.group_resource, i.path.version_dir, i.path.namespace_,
                                      i.path.name));
    return out;
  }

  TempDir dir_;
  std::unique_ptr<storage::FilesystemStore> store_;
};

TEST(ParseItemPath, Shapes) {
  auto p = parse_item_path("resources/pods/namespaces/ns1/web-0.json");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->group_resource, "pods");
  EXPECT_EQ(p->version_dir, "");
  EXPECT_EQ(p->namespace_, "ns1");
  EXPECT_EQ(p->name, "web-0");
  EXPECT_FALSE(p->preferred_version());
  EXPECT_EQ(p->version(), "");

  p = parse_item_path("resources/customresourcedefinitions.apiextensions.k8s.io/cluster/"
                      "backups.velero.io.json");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->group_resource, "customresourcedefinitions.apiextensions.k8s.io");
  EXPECT_EQ(p->namespace_, "");
  EXPECT_EQ(p->name, "backups.velero.io");

  p = parse_item_path("resources/deployments.apps/v1-preferredversion/namespaces/ns1/web.json");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->group_resource, "deployments.apps");
  EXPECT_EQ(p->version_dir, "v1-preferredversion");
  EXPECT_TRUE(p->preferred_version());
  EXPECT_EQ(p->version(), "v1");
  EXPECT_EQ(p->namespace_, "ns1");
  EXPECT_EQ(p->name, "web");

  p = parse_item_path("resources/horizontalpodautoscalers.autoscaling/v2beta2/cluster/x.y.json");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->version_dir, "v2beta2");
  EXPECT_FALSE(p->preferred_version());
  EXPECT_EQ(p->version(), "v2beta2");
  EXPECT_EQ(p->namespace_, "");
  EXPECT_EQ(p->name, "x.y");

  // A namespace that happens to be called "cluster".
  p = parse_item_path("resources/configmaps/namespaces/cluster/cm.json");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->namespace_, "cluster");
  EXPECT_EQ(p->version_dir, "");
  p = parse_item_path("resources/configmaps/v1/namespaces/cluster/cm.json");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->namespace_, "cluster");
  EXPECT_EQ(p->version_dir, "v1");
  // Names holding ".json" inside.
  p = parse_item_path("resources/configmaps/cluster/a.json.json");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->name, "a.json");

  for (const char* bad : {
           "metadata/version",
           "resources",
           "resources/pods",
           "resources/pods/cluster",
           "resources/pods/cluster/",
           "resources/pods/cluster/.json",
           "resources/pods/cluster/x.yaml",
           "resources/pods/cluster/x",
           "resources/pods/namespaces/ns1.json",
           "resources/pods/namespaces/ns1/sub/x.json",
           "resources/pods/cluster/ns/x.json",
           "resources/pods/v1/cluster/ns/x.json",
           "resources/pods/v1/v2/cluster/x.json",
           "resources/pods/v1/namespaces/x.json",
           "resources/pods/v1/other/ns/x.json",
           "resources//cluster/x.json",
           "resources/pods/namespaces//x.json",
           "resources/pods/namespaces/../x.json",
           "resources/pods/-preferredversion/cluster/x.json",
           "/resources/pods/cluster/x.json",
           "other/pods/cluster/x.json",
           "resources/pods/v1/namespaces/ns/x.json/extra",
       }) {
    EXPECT_FALSE(parse_item_path(bad)) << bad;
  }
}

TEST_F(BackupReaderTest, ListsOnlyPrefixesWithBackupMetadata) {
  EXPECT_EQ(BackupReader::list_backups(*store_), (std::vector<std::string>{"a-old", "b1"}));
  TempDir empty;
  storage::FilesystemStore fresh(empty.path());
  EXPECT_TRUE(BackupReader::list_backups(fresh).empty());
}

TEST_F(BackupReaderTest, DeleteBackupRemovesOnlyItsObjects) {
  const std::size_t objects = store_->list(layout::backup_dir("b1")).size();
  ASSERT_GT(objects, 2u);
  EXPECT_EQ(BackupReader::delete_backup(*store_, "b1"), objects);
  EXPECT_TRUE(store_->list(layout::backup_dir("b1")).empty());
  EXPECT_THROW(BackupReader(*store_, "b1"), BackupNotFound);
  EXPECT_EQ(BackupReader::list_backups(*store_), (std::vector<std::string>{"a-old"}));
  EXPECT_TRUE(store_->exists(layout::tarball_key("incomplete")));  // another prefix, untouched
}

TEST_F(BackupReaderTest, NotFound) {
  EXPECT_THROW(BackupReader(*store_, "nope"), BackupNotFound);
  EXPECT_THROW(BackupReader(*store_, "incomplete"), BackupNotFound);
  EXPECT_THROW(BackupReader(*store_, ""), BackupNotFound);
  EXPECT_THROW(BackupReader(*store_, "../b1"), BackupNotFound);
  EXPECT_THROW(BackupReader(*store_, "b1/x"), BackupNotFound);
  try {
    BackupReader r(*store_, "nope");
  } catch (const BackupNotFound& e) {
    EXPECT_NE(std::string(e.what()).find("nope"), std::string::npos);
  }
}

TEST_F(BackupReaderTest, BackupObjectAndSidecars) {
  BackupReader r(*store_, "b1");
  EXPECT_EQ(r.name(), "b1");
  EXPECT_EQ(r.backup()["status"]["formatVersion"], "1.1.0");
  EXPECT_EQ(r.resource_list()["v1/Pod"], (json{"ns1/web-0", "ns1/web-1", "ns2/web-0"}));
  json results = r.results();
  EXPECT_EQ(results["warnings"]["namespaces"]["ns1"][0], "careful");
  EXPECT_EQ(results["errors"], json::object());
  EXPECT_EQ(r.logs(), "time=now level=info msg=\"backup completed\"\n");
  EXPECT_EQ(r.sidecar_array(std::string(layout::kVolumeInfoSuffix)),
            json::parse(R"([{"pvcName":"data","pvName":"pv-a"}])"));
  EXPECT_EQ(r.sidecar_array(std::string(layout::kVolumeSnapshotsSuffix)), json::array());
  EXPECT_EQ(r.sidecar_array(std::string(layout::kPodVolumeBackupsSuffix)), json::array());
  EXPECT_THROW(r.sidecar_array("/../x"), std::invalid_argument);
}

TEST_F(BackupReaderTest, MissingSidecarsGiveEmptyValues) {
  BackupReader r(*store_, "a-old");
  EXPECT_EQ(r.backup()["metadata"]["name"], "a-old");
  EXPECT_EQ(r.resource_list(), json::object());
  EXPECT_EQ(r.results(), (json{{"warnings", json::object()}, {"errors", json::object()}}));
  EXPECT_EQ(r.logs(), "");
  EXPECT_EQ(r.sidecar_array(std::string(layout::kItemOperationsSuffix)), json::array());
  EXPECT_THROW(r.items({}), storage::ObjectNotFound);  // no tarball at all
}

TEST_F(BackupReaderTest, CorruptSidecarsThrow) {
  store_->put(layout::sidecar_key("b1", layout::kResourceListSuffix), "not gzip");
  put_gz("b1", layout::kResultsSuffix, "{broken json");
  put_gz("b1", layout::kVolumeInfoSuffix, R"({"not":"an array"})");
  BackupReader r(*store_, "b1");
  EXPECT_THROW(r.resource_list(), std::runtime_error);
  EXPECT_THROW(r.results(), std::runtime_error);
  EXPECT_THROW(r.sidecar_array(std::string(layout::kVolumeInfoSuffix)), std::runtime_error);
  store_->put(layout::metadata_key("bad"), "{not json");
  EXPECT_THROW(BackupReader(*store_, "bad"), std::runtime_error);
}

TEST_F(BackupReaderTest, LegacyItemsByDefault) {
  BackupReader r(*store_, "b1");
  auto items = r.items({});
  EXPECT_EQ(paths_of(items),
            (std::vector<std::string>{
                "resources/namespaces/cluster/ns1.json",
                "resources/namespaces/cluster/ns2.json",
                "resources/pods/namespaces/ns1/web-0.json",
                "resources/pods/namespaces/ns1/web-1.json",
                "resources/pods/namespaces/ns2/web-0.json",
                "resources/deployments.apps/namespaces/ns1/web.json",
                "resources/configmaps/namespaces/ns2/my.config.v2.json",
                "resources/configmaps/namespaces/cluster/in-ns-named-cluster.json",
                "resources/persistentvolumes/cluster/pv-a.json",
                "resources/horizontalpodautoscalers.autoscaling/namespaces/ns1/web.json",
            }));
  for (const auto& item : items) {
    json j = json::parse(item.json);
    EXPECT_EQ(j["metadata"]["name"], item.path.name);
    EXPECT_EQ(j["metadata"].value("namespace", ""), item.path.namespace_);
  }
}

TEST_F(BackupReaderTest, VersionedCopiesOnRequest) {
  BackupReader r(*store_, "b1");
  ItemFilter f;
  f.include_versioned_copies = true;
  f.group_resources = {"horizontalpodautoscalers.autoscaling"};
  EXPECT_EQ(paths_of(r.items(f)),
            (std::vector<std::string>{
                "resources/horizontalpodautoscalers.autoscaling/v2beta2/namespaces/ns1/web.json",
                "resources/horizontalpodautoscalers.autoscaling/namespaces/ns1/web.json",
                "resources/horizontalpodautoscalers.autoscaling/v2-preferredversion/namespaces/"
                "ns1/web.json",
            }));
  f.group_resources = {};
  auto all = r.items(f);
  EXPECT_EQ(all.size(), 21u);  // 10 legacy + 10 preferred copies + 1 non-preferred version
  std::size_t preferred = 0;
  for (const auto& i : all) preferred += i.path.preferred_version() ? 1 : 0;
  EXPECT_EQ(preferred, 10u);
}

TEST_F(BackupReaderTest, FiltersByResourceNamespaceAndName) {
  BackupReader r(*store_, "b1");
  ItemFilter f;
  f.group_resources = {"pods"};
  EXPECT_EQ(r.items(f).size(), 3u);
  f.namespaces = {"ns1"};
  EXPECT_EQ(paths_of(r.items(f)),
            (std::vector<std::string>{"resources/pods/namespaces/ns1/web-0.json",
                                      "resources/pods/namespaces/ns1/web-1.json"}));
  f.names = {"web-1", "absent"};
  EXPECT_EQ(paths_of(r.items(f)),
            (std::vector<std::string>{"resources/pods/namespaces/ns1/web-1.json"}));

  ItemFilter cluster_only;
  cluster_only.namespaces = {""};
  EXPECT_EQ(paths_of(r.items(cluster_only)),
            (std::vector<std::string>{"resources/namespaces/cluster/ns1.json",
                                      "resources/namespaces/cluster/ns2.json",
                                      "resources/persistentvolumes/cluster/pv-a.json"}));
  ItemFilter by_name;
  by_name.names = {"web", "my.config.v2"};
  EXPECT_EQ(paths_of(r.items(by_name)),
            (std::vector<std::string>{
                "resources/deployments.apps/namespaces/ns1/web.json",
                "resources/configmaps/namespaces/ns2/my.config.v2.json",
                "resources/horizontalpodautoscalers.autoscaling/namespaces/ns1/web.json"}));
  ItemFilter named_cluster_ns;
  named_cluster_ns.namespaces = {"cluster"};
  EXPECT_EQ(paths_of(r.items(named_cluster_ns)),
            (std::vector<std::string>{
                "resources/configmaps/namespaces/cluster/in-ns-named-cluster.json"}));
  ItemFilter group_is_exact;
  group_is_exact.group_resources = {"deployments"};
  EXPECT_TRUE(r.items(group_is_exact).empty());
}

TEST_F(BackupReaderTest, StopsEarly) {
  BackupReader r(*store_, "b1");
  int seen = 0;
  r.for_each_item({}, [&](const BackupItem&) { return ++seen < 4; });
  EXPECT_EQ(seen, 4);
}

TEST_F(BackupReaderTest, ItemCountsOverLegacyPaths) {
  BackupReader r(*store_, "b1");
  EXPECT_EQ(r.item_counts(), (std::map<std::string, std::uint64_t>{
                                 {"configmaps", 2},
                                 {"deployments.apps", 1},
                                 {"horizontalpodautoscalers.autoscaling", 1},
                                 {"namespaces", 2},
                                 {"persistentvolumes", 1},
                                 {"pods", 3},
                             }));
}

}  // namespace

TEST_F(BackupReaderTest, ReportsEntriesThatAreNotItemsAndTheFormatVersion) {
  json backup = {{"kind", "Backup"}, {"metadata", {{"name", "odd"}}}, {"status", {{"phase", "Completed"}}}};
  store_->put(layout::metadata_key("odd"), backup.dump());
  {
    auto out = store_->open_write(layout::tarball_key("odd"));
    TarGzWriter w(*out, {1, 1, 4096});
    w.add_file("./metadata/version", "1.1.0\n");
    w.add_file("./resources/configmaps/namespaces/ns1/a.json", item_json("ConfigMap", "ns1", "a"));
    w.add_file("././resources/configmaps/namespaces/ns1/b.json", item_json("ConfigMap", "ns1", "b"));
    w.add_file("../../etc/x.json", item_json("ConfigMap", "", "x"));
    w.add_file("resources/configmaps/namespaces/../../y.json", item_json("ConfigMap", "", "y"));
    w.add_file("notes.txt", "hello");
    w.finish();
    out->commit();
  }
  BackupReader r(*store_, "odd");
  ItemFilter filter;
  std::vector<std::string> ignored;
  std::string version;
  filter.on_ignored_entry = [&](const std::string& path, const std::string& why) {
    EXPECT_NE(why.find("not an item path"), std::string::npos) << why;
    ignored.push_back(path);
  };
  filter.on_format_version = [&](const std::string& v) { version = v; };
  EXPECT_EQ(paths_of(r.items(filter)), (std::vector<std::string>{"resources/configmaps/namespaces/ns1/a.json",
                                                                  "resources/configmaps/namespaces/ns1/b.json"}));
  EXPECT_EQ(version, "1.1.0\n");
  EXPECT_EQ(ignored, (std::vector<std::string>{"../../etc/x.json", "resources/configmaps/namespaces/../../y.json",
                                               "notes.txt"}));
}

}  // namespace coffer::backup
