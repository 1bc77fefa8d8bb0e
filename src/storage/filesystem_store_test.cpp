#include "storage/filesystem_store.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "storage/object_store.h"

namespace coffer::storage {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "coffer-storage-XXXXXX").string();
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

std::vector<std::string> keys_of(const std::vector<ObjectInfo>& infos) {
  std::vector<std::string> out;
  for (const auto& i : infos) out.push_back(i.key);
  return out;
}

// Every file below dir, relative, including hidden ones.
std::vector<std::string> files_below(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) out.push_back(fs::relative(e.path(), dir).string());
  std::sort(out.begin(), out.end());
  return out;
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "<no exception>";
}

TEST(ObjectKey, ValidAndInvalidKeys) {
  EXPECT_NO_THROW(check_key("backups/b1/velero-backup.json"));
  EXPECT_NO_THROW(check_key("a"));
  EXPECT_NO_THROW(check_key("a/b.c..d/.hidden"));  // ".." only matters as a whole segment
  for (std::string bad : {std::string(""), std::string("/abs"), std::string("a//b"),
                          std::string("../x"), std::string("a/../b"), std::string("a/.."),
                          std::string("a/./b"), std::string("dir/"), std::string("a\0b", 3)}) {
    EXPECT_THROW(check_key(bad), StorageError) << bad;
  }
  std::string msg = message_of([] { check_key("a/../b"); });
  EXPECT_NE(msg.find("a/../b"), std::string::npos) << msg;
  EXPECT_NE(msg.find(".."), std::string::npos) << msg;
}

TEST(FilesystemStore, PutGetExistsOverwrite) {
  TempDir dir;
  FilesystemStore store(dir.path());
  EXPECT_FALSE(store.exists("backups/b1/velero-backup.json"));
  store.put("backups/b1/velero-backup.json", "{\"a\":1}");
  EXPECT_TRUE(store.exists("backups/b1/velero-backup.json"));
  EXPECT_EQ(store.get("backups/b1/velero-backup.json"), "{\"a\":1}");
  store.put("backups/b1/velero-backup.json", "second");
  EXPECT_EQ(store.get("backups/b1/velero-backup.json"), "second");
  store.put("empty", "");
  EXPECT_TRUE(store.exists("empty"));
  EXPECT_EQ(store.get("empty"), "");
  EXPECT_FALSE(store.exists("backups"));  // a directory is not an object
  EXPECT_EQ(files_below(dir.path()),
            (std::vector<std::string>{"backups/b1/velero-backup.json", "empty"}));
}

TEST(FilesystemStore, MissingObjectsAndDirectoriesAreNotFound) {
  TempDir dir;
  FilesystemStore store(dir.path());
  store.put("a/b", "x");
  EXPECT_THROW(store.open_read("nope"), ObjectNotFound);
  EXPECT_THROW(store.get("a"), ObjectNotFound);  // a directory
  EXPECT_THROW(store.get("a/b/c"), ObjectNotFound);
  std::string msg = message_of([&] { store.get("missing/key.json"); });
  EXPECT_NE(msg.find("missing/key.json"), std::string::npos) << msg;
}

TEST(FilesystemStore, StreamingReadInSmallPieces) {
  TempDir dir;
  FilesystemStore store(dir.path());
  std::string data;
  for (int i = 0; i < 300000; ++i) data += char('a' + i % 26);
  store.put("big", data);
  auto reader = store.open_read("big");
  std::string back;
  char buf[1000];
  while (std::size_t n = reader->read(buf, sizeof buf)) back.append(buf, n);
  EXPECT_EQ(back, data);
  EXPECT_EQ(reader->read(buf, sizeof buf), 0u);
  EXPECT_EQ(store.get("big"), data);
}

TEST(FilesystemStore, WritesAreInvisibleUntilCommitAndTempFilesNeverListed) {
  TempDir dir;
  FilesystemStore store(dir.path());
  store.put("backups/b1/keep", "old");
  auto w = store.open_write("backups/b1/keep");
  w->write("new ");
  w->write(std::string(600000, 'n'));  // larger than the writer's buffer
  w->write("end");
  EXPECT_EQ(w->bytes_written(), 4u + 600000u + 3u);
  auto w2 = store.open_write("backups/b2/fresh");
  w2->write("fresh");
  // Temp files exist on disk but not as objects or prefixes.
  EXPECT_EQ(files_below(dir.path()).size(), 3u);
  EXPECT_EQ(keys_of(store.list("")), (std::vector<std::string>{"backups/b1/keep"}));
  EXPECT_EQ(store.list_common_prefixes("backups/"), (std::vector<std::string>{"backups/b1/"}));
  EXPECT_EQ(store.get("backups/b1/keep"), "old");
  EXPECT_FALSE(store.exists("backups/b2/fresh"));
  w->commit();
  w2->commit();
  EXPECT_EQ(store.get("backups/b1/keep"), "new " + std::string(600000, 'n') + "end");
  EXPECT_EQ(store.get("backups/b2/fresh"), "fresh");
  EXPECT_EQ(files_below(dir.path()),
            (std::vector<std::string>{"backups/b1/keep", "backups/b2/fresh"}));
  EXPECT_THROW(w->write("more"), StorageError);
  EXPECT_THROW(w->commit(), StorageError);
  w->abort();  // no-op after commit
  EXPECT_TRUE(store.exists("backups/b1/keep"));
}

TEST(FilesystemStore, AbortAndDestructionLeaveNoTrace) {
  TempDir dir;
  FilesystemStore store(dir.path());
  store.put("x/existing", "keep me");
  {
    auto w = store.open_write("x/existing");
    w->write("replacement");
    w->abort();
    EXPECT_THROW(w->write("x"), StorageError);
  }
  {
    auto w = store.open_write("deep/new/dirs/obj");
    w->write("never committed");
  }  // destroyed uncommitted
  EXPECT_EQ(store.get("x/existing"), "keep me");
  EXPECT_EQ(files_below(dir.path()), (std::vector<std::string>{"x/existing"}));
  EXPECT_FALSE(fs::exists(dir.path() + "/deep"));  // created parents were pruned again
}

TEST(FilesystemStore, ListIsRecursiveSortedAndFiltersByPrefix) {
  TempDir dir;
  FilesystemStore store(dir.path());
  for (std::string k : {"backups/b2/b2.tar.gz", "backups/b1/velero-backup.json",
                        "backups/b10/velero-backup.json", "backups/b1/b1-logs.gz",
                        "restores/r1/restore-r1-logs.gz", "zz", "backups/b1/sub/deeper/x"})
    store.put(k, k);
  EXPECT_EQ(keys_of(store.list("")),
            (std::vector<std::string>{"backups/b1/b1-logs.gz", "backups/b1/sub/deeper/x",
                                      "backups/b1/velero-backup.json",
                                      "backups/b10/velero-backup.json", "backups/b2/b2.tar.gz",
                                      "restores/r1/restore-r1-logs.gz", "zz"}));
  EXPECT_EQ(keys_of(store.list("backups/b1/")),
            (std::vector<std::string>{"backups/b1/b1-logs.gz", "backups/b1/sub/deeper/x",
                                      "backups/b1/velero-backup.json"}));
  EXPECT_EQ(keys_of(store.list("backups/b1")),
            (std::vector<std::string>{"backups/b1/b1-logs.gz", "backups/b1/sub/deeper/x",
                                      "backups/b1/velero-backup.json",
                                      "backups/b10/velero-backup.json"}));
  EXPECT_EQ(keys_of(store.list("backups/b1/velero")),
            (std::vector<std::string>{"backups/b1/velero-backup.json"}));
  EXPECT_TRUE(store.list("nothing/here/").empty());
  EXPECT_TRUE(store.list("zz/").empty());  // zz is a file, not a directory
  auto infos = store.list("zz");
  ASSERT_EQ(infos.size(), 1u);
  EXPECT_EQ(infos[0].size, 2u);
  EXPECT_GT(infos[0].modified_unix, 1600000000);
  EXPECT_THROW(store.list("../"), StorageError);
  EXPECT_THROW(store.list("/abs"), StorageError);
}

TEST(FilesystemStore, CommonPrefixes) {
  TempDir dir;
  FilesystemStore store(dir.path());
  store.put("backups/b2/velero-backup.json", "{}");
  store.put("backups/b1/velero-backup.json", "{}");
  store.put("backups/loose-file", "x");
  store.put("restores/r1/sub/x", "x");
  store.put("root-file", "x");
  fs::create_directories(dir.path() + "/backups/empty-dir/nested");
  EXPECT_EQ(store.list_common_prefixes(""), (std::vector<std::string>{"backups/", "restores/"}));
  EXPECT_EQ(store.list_common_prefixes("backups/"),
            (std::vector<std::string>{"backups/b1/", "backups/b2/"}));
  EXPECT_EQ(store.list_common_prefixes("restores/"), (std::vector<std::string>{"restores/r1/"}));
  EXPECT_TRUE(store.list_common_prefixes("missing/").empty());
  EXPECT_THROW(store.list_common_prefixes("backups"), StorageError);
}

TEST(FilesystemStore, RemovePrunesEmptyParentsAndIgnoresMissing) {
  TempDir dir;
  FilesystemStore store(dir.path());
  store.put("backups/b1/velero-backup.json", "{}");
  store.put("backups/b1/b1.tar.gz", "x");
  store.put("backups/b2/velero-backup.json", "{}");
  store.remove("backups/b1/velero-backup.json");
  EXPECT_TRUE(fs::exists(dir.path() + "/backups/b1"));
  store.remove("backups/b1/b1.tar.gz");
  EXPECT_FALSE(fs::exists(dir.path() + "/backups/b1"));
  EXPECT_TRUE(fs::exists(dir.path() + "/backups/b2"));
  store.remove("backups/b2/velero-backup.json");
  EXPECT_FALSE(fs::exists(dir.path() + "/backups"));
  EXPECT_TRUE(fs::is_directory(dir.path()));  // never the root
  EXPECT_NO_THROW(store.remove("backups/b2/velero-backup.json"));
  EXPECT_NO_THROW(store.remove("never/was/here"));
  EXPECT_THROW(store.remove("../etc/passwd"), StorageError);
}

TEST(FilesystemStore, ErrorsNameTheKeyAndTheSystemError) {
  TempDir dir;
  FilesystemStore store(dir.path());
  store.put("plain", "file");
  std::string msg = message_of([&] { store.put("plain/child", "x"); });
  EXPECT_NE(msg.find("plain/child"), std::string::npos) << msg;
  EXPECT_NE(msg.find("Not a directory"), std::string::npos) << msg;
  store.put("adir/x", "x");
  msg = message_of([&] { store.put("adir", "x"); });
  EXPECT_NE(msg.find("'adir'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("Is a directory"), std::string::npos) << msg;
  EXPECT_EQ(files_below(dir.path()), (std::vector<std::string>{"adir/x", "plain"}));
}

TEST(FilesystemStore, TempFileNamesAreReserved) {
  EXPECT_TRUE(FilesystemStore::is_temp_name(".velero-backup.json.tmp-abcde12345"));
  EXPECT_FALSE(FilesystemStore::is_temp_name("velero-backup.json"));
  EXPECT_FALSE(FilesystemStore::is_temp_name(".hidden"));
  TempDir dir;
  FilesystemStore store(dir.path());
  EXPECT_THROW(store.put("a/.x.tmp-abcde12345", "x"), StorageError);
  store.put("a/.hidden", "ok");  // ordinary dot files are fine
  EXPECT_EQ(keys_of(store.list("a/")), (std::vector<std::string>{"a/.hidden"}));
  // A long base name still yields a temp name within NAME_MAX.
  std::string long_name(240, 'n');
  store.put("long/" + long_name, "x");
  EXPECT_EQ(store.get("long/" + long_name), "x");
}

TEST(FilesystemStore, ConcurrentWritersAndRemovers) {
  TempDir dir;
  FilesystemStore store(dir.path());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&store, t] {
      for (int i = 0; i < 50; ++i) {
        std::string key = "shared/d" + std::to_string(i % 3) + "/t" + std::to_string(t) + "-" +
                          std::to_string(i);
        store.put(key, key);
        if (i % 2 == 0) store.remove(key);
      }
    });
  }
  for (auto& th : threads) th.join();
  auto keys = keys_of(store.list("shared/"));
  EXPECT_EQ(keys.size(), 4u * 25u);
  for (const auto& k : keys) EXPECT_EQ(store.get(k), k);
}

TEST(OpenLocation, FileUrls) {
  TempDir dir;
  std::string root = dir.path() + "/loc/nested";
  auto store = open_location("file://" + root);
  EXPECT_TRUE(fs::is_directory(root));
  EXPECT_EQ(store->describe(), "file://" + root);
  store->put("backups/b/velero-backup.json", "{}");
  EXPECT_TRUE(fs::exists(root + "/backups/b/velero-backup.json"));
  auto again = open_location("file://" + root + "/");
  EXPECT_EQ(again->describe(), "file://" + root);
  EXPECT_EQ(again->get("backups/b/velero-backup.json"), "{}");
}

TEST(OpenLocation, MalformedAndUnsupported) {
  std::string msg = message_of([] { open_location("file://relative/path"); });
  EXPECT_NE(msg.find("file:///absolute/path"), std::string::npos) << msg;
  EXPECT_THROW(open_location("file://"), StorageError);
  msg = message_of([] { open_location("/just/a/path"); });
  EXPECT_NE(msg.find("expected"), std::string::npos) << msg;
  EXPECT_THROW(open_location(""), StorageError);
  for (std::string scheme : {"s3", "azure", "gs"}) {
    msg = message_of([&] { open_location(scheme + "://bucket/prefix"); });
    EXPECT_NE(msg.find("unsupported location scheme '" + scheme + "'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("open_store"), std::string::npos) << msg;
  }
  msg = message_of([] { open_location("S3://AKIDSECRET:hunter2@bucket/prefix"); });
  EXPECT_NE(msg.find("'s3'"), std::string::npos) << msg;
  EXPECT_EQ(msg.find("hunter2"), std::string::npos) << msg;
  msg = message_of([] { open_location("ftp://user:hunter2@host/x"); });
  EXPECT_NE(msg.find("unsupported location scheme 'ftp'"), std::string::npos) << msg;
  msg = message_of([] { open_location("file//user:hunter2@host/x"); });
  EXPECT_EQ(msg.find("hunter2"), std::string::npos) << msg;
}

}  // namespace
}  // namespace coffer::storage
