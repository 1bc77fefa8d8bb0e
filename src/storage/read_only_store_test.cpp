#include "storage/read_only_store.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace coffer::storage {
namespace {

TEST(ReadOnlyStore, ReadsPassWritesAndDeletesAreRefusedBeforeTheBackend) {
  auto dir = std::filesystem::temp_directory_path() / ("ro-store-" + std::to_string(::getpid()));
  auto rw = open_location("file://" + dir.string());
  rw->put("backups/b/velero-backup.json", "{}");
  ReadOnlyStore ro(open_location("file://" + dir.string()));
  EXPECT_EQ(ro.get("backups/b/velero-backup.json"), "{}");
  EXPECT_TRUE(ro.exists("backups/b/velero-backup.json"));
  EXPECT_EQ(ro.list("backups/").size(), 1u);
  EXPECT_EQ(ro.list_common_prefixes("backups/"), std::vector<std::string>{"backups/b/"});
  EXPECT_TRUE(ro.head("backups/b/velero-backup.json").has_value());
  try {
    ro.put("backups/c/velero-backup.json", "{}");
    FAIL();
  } catch (const StorageError& e) {
    EXPECT_NE(std::string(e.what()).find("is read-only: cannot write 'backups/c/velero-backup.json'"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(ro.remove("backups/b/velero-backup.json"), StorageError);
  EXPECT_THROW(ro.remove_many({"backups/b/velero-backup.json"}), StorageError);
  EXPECT_THROW(ro.put_if_absent("x", "y"), StorageError);
  EXPECT_TRUE(rw->exists("backups/b/velero-backup.json"));  // nothing was deleted
  EXPECT_FALSE(rw->exists("backups/c/velero-backup.json"));
  EXPECT_NE(ro.describe().find("(read-only)"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace coffer::storage
