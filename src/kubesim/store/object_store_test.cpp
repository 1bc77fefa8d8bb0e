#include "kubesim/store/object_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

namespace coffer::kubesim {
namespace {
nlohmann::json cm(const std::string& ns, const std::string& name, const std::string& app = "web") {
  return {{"apiVersion", "v1"}, {"kind", "ConfigMap"},
          {"metadata", {{"namespace", ns}, {"name", name}, {"labels", {{"app", app}}}}}};
}

std::filesystem::path temp_dir() {
  auto dir = std::filesystem::temp_directory_path() /
             ("kubesim-store-test-" + std::to_string(::getpid()) + "-" +
              std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  std::filesystem::create_directories(dir);
  return dir;
}
}  // namespace

TEST(ObjectStore, AssignsMonotonicResourceVersions) {
  ObjectStore store({});
  auto a = store.create("configmaps", cm("ns1", "a"));
  auto b = store.create("configmaps", cm("ns1", "b"));
  EXPECT_LT(a->rv, b->rv);
  EXPECT_EQ(store.current_rv(), b->rv);
  EXPECT_NE(a->json.find("\"resourceVersion\":\"" + std::to_string(a->rv) + "\""), std::string::npos);
  EXPECT_EQ(a->labels.at("app"), "web");
}

TEST(ObjectStore, EnforcesPreconditions) {
  ObjectStore store({});
  auto a = store.create("configmaps", cm("ns1", "a"));
  EXPECT_THROW(store.create("configmaps", cm("ns1", "a")), StoreAlreadyExists);
  auto a2 = store.update("configmaps", cm("ns1", "a", "api"), a->rv);
  EXPECT_THROW(store.update("configmaps", cm("ns1", "a"), a->rv), StoreConflict);
  EXPECT_THROW(store.update("configmaps", cm("ns1", "zz"), 0), StoreNotFound);
  EXPECT_THROW(store.remove("configmaps", "ns1", "a", a->rv), StoreConflict);
  auto gone = store.remove("configmaps", "ns1", "a", a2->rv);
  EXPECT_GT(gone->rv, a2->rv);
  EXPECT_EQ(store.get("configmaps", "ns1", "a"), nullptr);
}

TEST(ObjectStore, ListsPagesInKeyOrderWithinANamespace) {
  ObjectStore store({});
  for (const char* ns : {"a", "a-b", "b"})
    for (int i = 0; i < 5; ++i) store.create("configmaps", cm(ns, "cm" + std::to_string(i)));
  auto all = store.list("configmaps", "", "", 0, nullptr);
  EXPECT_EQ(all.items.size(), 15u);
  auto p1 = store.list("configmaps", "a", "", 3, nullptr);
  ASSERT_EQ(p1.items.size(), 3u);
  EXPECT_TRUE(p1.more);
  EXPECT_EQ(p1.remaining, 2u);
  auto p2 = store.list("configmaps", "a", p1.last_key, 3, nullptr);
  ASSERT_EQ(p2.items.size(), 2u);
  EXPECT_FALSE(p2.more);
  for (auto& o : p2.items) EXPECT_EQ(o->ns, "a");
  auto filtered = store.list("configmaps", "", "", 0, [](const StoredObject& o) { return o.name == "cm1"; });
  EXPECT_EQ(filtered.items.size(), 3u);
}

TEST(ObjectStore, EventsAndExpiry) {
  StoreOptions opts;
  opts.max_events = 3;
  ObjectStore store(opts);
  uint64_t start = store.current_rv();
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    store.create("configmaps", cm("x", "late"));
  });
  auto [events, reached] = store.events_after(start, std::chrono::seconds(5));
  writer.join();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, EventType::Added);
  EXPECT_EQ(reached, events[0].rv);
  for (int i = 0; i < 5; ++i) store.create("configmaps", cm("x", "n" + std::to_string(i)));
  EXPECT_THROW(store.events_after(start, std::chrono::milliseconds(1)), StoreExpired);
  EXPECT_GT(store.oldest_watchable_rv(), start);
}

TEST(ObjectStore, JournalKeepsStateAcrossRestarts) {
  auto dir = temp_dir();
  uint64_t rv;
  {
    StoreOptions opts;
    opts.journal_dir = dir;
    ObjectStore store(opts);
    store.create("configmaps", cm("ns", "keep"));
    auto gone = store.create("configmaps", cm("ns", "gone"));
    store.remove("configmaps", "ns", "gone", gone->rv);
    rv = store.current_rv();
  }
  {
    StoreOptions opts;
    opts.journal_dir = dir;
    ObjectStore store(opts);
    EXPECT_NE(store.get("configmaps", "ns", "keep"), nullptr);
    EXPECT_EQ(store.get("configmaps", "ns", "gone"), nullptr);
    EXPECT_EQ(store.current_rv(), rv);
    auto next = store.create("configmaps", cm("ns", "new"));
    EXPECT_GT(next->rv, rv);
  }
  std::filesystem::remove_all(dir);
}
}  // namespace coffer::kubesim

namespace coffer::kubesim {
TEST(ObjectStore, SnapshotPagesIgnoreLaterWrites) {
  ObjectStore store({});
  for (int i = 0; i < 6; ++i) store.create("configmaps", cm("ns", "snap-" + std::to_string(i)));
  auto first = store.list("configmaps", "ns", "", 3, nullptr);
  ASSERT_EQ(first.items.size(), 3u);
  store.create("configmaps", cm("ns", "snap-9"));
  auto victim = store.get("configmaps", "ns", "snap-5");
  store.remove("configmaps", "ns", "snap-5", victim->rv);
  auto changed = store.get("configmaps", "ns", "snap-4");
  store.update("configmaps", cm("ns", "snap-4", "changed"), changed->rv);
  auto second = store.list("configmaps", "ns", first.last_key, 3, nullptr, first.scanned, first.rv);
  std::vector<std::string> names;
  for (auto& o : second.items) names.push_back(o->name);
  EXPECT_EQ(names, (std::vector<std::string>{"snap-3", "snap-4", "snap-5"}));
  EXPECT_EQ(second.items[1]->labels.at("app"), "web");  // the state at the snapshot
  EXPECT_FALSE(second.more);
}
}  // namespace coffer::kubesim
