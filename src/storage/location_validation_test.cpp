#include "storage/location_validation.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace coffer::storage {
namespace {

namespace fs = std::filesystem;

class LocationValidationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("loc-validate-" + std::to_string(::getpid()) + "-" + std::to_string(n_++));
    fs::create_directories(dir_);
    store_ = open_location("file://" + dir_.string());
  }
  void TearDown() override {
    fs::permissions(dir_, fs::perms::owner_all);
    fs::remove_all(dir_);
  }
  static inline int n_ = 0;
  fs::path dir_;
  std::unique_ptr<ObjectStore> store_;
};

TEST_F(LocationValidationTest, EmptyLocationIsAvailableAndTheProbeIsGone) {
  auto s = validate_location(*store_, false);
  EXPECT_TRUE(s.available) << s.message;
  EXPECT_EQ(s.checks, (std::vector<std::string>{"listed", "layout", "probe written", "probe read", "probe deleted"}));
  EXPECT_TRUE(store_->list("").empty());
}

TEST_F(LocationValidationTest, VeleroDirectoriesAreFineOthersAreNot) {
  store_->put("backups/b1/velero-backup.json", "{}");
  store_->put("kopia/ns/kopia.repository", "x");
  store_->put("loose-file.txt", "loose files at the root do no harm");
  EXPECT_TRUE(validate_location(*store_, false).available);
  store_->put("photos/cat.jpg", "x");
  store_->put("tmp/x", "x");
  auto s = validate_location(*store_, false);
  EXPECT_FALSE(s.available);
  EXPECT_NE(s.message.find("photos, tmp"), std::string::npos) << s.message;
  EXPECT_NE(s.message.find("use a prefix of its own"), std::string::npos);
}

TEST_F(LocationValidationTest, ReadOnlyLocationsAreNotWritten) {
  auto s = validate_location(*store_, true);
  EXPECT_TRUE(s.available);
  EXPECT_EQ(s.checks, (std::vector<std::string>{"listed", "layout"}));
}

// A store whose writes fail, as a bucket without write permission does.
class NoWrites : public ObjectStore {
 public:
  explicit NoWrites(ObjectStore& inner) : inner_(inner) {}
  std::unique_ptr<ObjectWriter> open_write(const std::string& key) override {
    throw StorageError("PUT " + key + ": 403 AccessDenied");
  }
  std::unique_ptr<ObjectReader> open_read(const std::string& key) override { return inner_.open_read(key); }
  bool exists(const std::string& key) override { return inner_.exists(key); }
  std::vector<ObjectInfo> list(const std::string& p) override { return inner_.list(p); }
  std::vector<std::string> list_common_prefixes(const std::string& p) override { return inner_.list_common_prefixes(p); }
  void remove(const std::string& key) override { inner_.remove(key); }
  std::string describe() const override { return inner_.describe(); }

 private:
  ObjectStore& inner_;
};

TEST_F(LocationValidationTest, WriteFailureNamesTheFix) {
  NoWrites store(*store_);
  auto s = validate_location(store, false);
  EXPECT_FALSE(s.available);
  EXPECT_NE(s.message.find("403 AccessDenied"), std::string::npos) << s.message;
  EXPECT_NE(s.message.find("mark the location read-only"), std::string::npos);
  EXPECT_TRUE(validate_location(store, true).available);
}

}  // namespace
}  // namespace coffer::storage
