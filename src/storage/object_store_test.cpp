// The optional ObjectStore capabilities: the filesystem backend's native forms, and the default
// forms every backend inherits (exercised through a store that only forwards the basic calls).
#include "storage/object_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "storage/filesystem_store.h"

namespace coffer::storage {
namespace {

namespace fs = std::filesystem;

// Forwards the required calls only, so the base class's defaults run.
class BasicOnly : public ObjectStore {
 public:
  explicit BasicOnly(ObjectStore& inner) : inner_(inner) {}
  std::unique_ptr<ObjectWriter> open_write(const std::string& k) override { return inner_.open_write(k); }
  std::unique_ptr<ObjectReader> open_read(const std::string& k) override { return inner_.open_read(k); }
  bool exists(const std::string& k) override { return inner_.exists(k); }
  std::vector<ObjectInfo> list(const std::string& p) override { return inner_.list(p); }
  std::vector<std::string> list_common_prefixes(const std::string& p) override { return inner_.list_common_prefixes(p); }
  void remove(const std::string& k) override {
    if (k.find("stuck") != std::string::npos) throw StorageError("DELETE " + k + ": 403 AccessDenied");
    inner_.remove(k);
  }
  std::string describe() const override { return "basic-only"; }

 private:
  ObjectStore& inner_;
};

std::string read_all(ObjectReader& r, std::size_t chunk = 3) {
  std::string out(chunk, '\0'), all;
  for (std::size_t n; (n = r.read(out.data(), chunk)) > 0;) all.append(out.data(), n);
  return all;
}

class ObjectStoreCapabilities : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("store-caps-" + std::to_string(::getpid()) + "-" + std::to_string(n_++));
    fs_ = std::make_unique<FilesystemStore>(dir_.string());
    basic_ = std::make_unique<BasicOnly>(*fs_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  static inline int n_ = 0;
  fs::path dir_;
  std::unique_ptr<FilesystemStore> fs_;
  std::unique_ptr<BasicOnly> basic_;
};

TEST_F(ObjectStoreCapabilities, HeadAndRangeReads) {
  fs_->put("backups/b/b.tar.gz", "0123456789");
  for (ObjectStore* s : {static_cast<ObjectStore*>(fs_.get()), static_cast<ObjectStore*>(basic_.get())}) {
    auto h = s->head("backups/b/b.tar.gz");
    ASSERT_TRUE(h.has_value()) << s->describe();
    EXPECT_EQ(h->size, 10u);
    EXPECT_GT(h->modified_unix, 0);
    EXPECT_FALSE(s->head("backups/b/missing").has_value());
    EXPECT_FALSE(s->head("backups/b").has_value());  // a "directory" is not an object
    EXPECT_EQ(read_all(*s->open_read_range("backups/b/b.tar.gz", 2, 5)), "23456") << s->describe();
    EXPECT_EQ(read_all(*s->open_read_range("backups/b/b.tar.gz", 7, 0)), "789");
    EXPECT_EQ(read_all(*s->open_read_range("backups/b/b.tar.gz", 20, 5)), "");
    EXPECT_THROW(s->open_read_range("backups/b/missing", 0, 1), ObjectNotFound);
  }
}

TEST_F(ObjectStoreCapabilities, RemoveManyRemovesWhatItCanAndNamesTheRest) {
  for (const char* k : {"a/1", "a/2", "a/stuck", "a/3"}) fs_->put(k, "x");
  fs_->remove_many({"a/1", "a/2", "a/missing"});
  EXPECT_FALSE(fs_->exists("a/1"));
  EXPECT_TRUE(fs_->exists("a/3"));
  try {
    basic_->remove_many({"a/stuck", "a/3"});
    FAIL();
  } catch (const StorageError& e) {
    EXPECT_NE(std::string(e.what()).find("could not remove 1 object(s) (a/stuck)"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("403 AccessDenied"), std::string::npos);
  }
  EXPECT_FALSE(fs_->exists("a/3"));  // removed although another key failed
}

TEST_F(ObjectStoreCapabilities, PutIfAbsentNeverReplaces) {
  EXPECT_TRUE(fs_->put_if_absent("backups/x/velero-backup.json", "first"));
  EXPECT_FALSE(fs_->put_if_absent("backups/x/velero-backup.json", "second"));
  EXPECT_EQ(fs_->get("backups/x/velero-backup.json"), "first");
  EXPECT_EQ(fs_->list("backups/x/").size(), 1u);  // no temporary file left behind
  EXPECT_THROW(basic_->put_if_absent("backups/y", "z"), StorageError);  // not supported there
}

TEST_F(ObjectStoreCapabilities, RacingCreateOnlyWritersHaveOneWinner) {
  std::atomic<int> wins{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&, i] {
      if (fs_->put_if_absent("lock", "writer-" + std::to_string(i))) wins++;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(wins.load(), 1);
  EXPECT_EQ(fs_->get("lock").rfind("writer-", 0), 0u);
  EXPECT_EQ(fs_->list("").size(), 1u);
}

}  // namespace
}  // namespace coffer::storage
