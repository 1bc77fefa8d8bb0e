// Unit tests of the controllers' building blocks: helpers, the work queue, node selection,
// the pod IP allocator and cron schedules.
#include <gtest/gtest.h>

#include "kubesim/controllers/backoff_set.h"
#include "kubesim/controllers/cluster_bootstrap.h"
#include "kubesim/controllers/cron_schedule.h"
#include "kubesim/controllers/node_selection.h"
#include "kubesim/controllers/object_helpers.h"
#include "kubesim/controllers/pod_ip_allocator.h"
#include "kubesim/controllers/work_queue.h"

namespace coffer::kubesim::controllers {
namespace {

using namespace std::chrono_literals;

TEST(ObjectHelpers, Quantities) {
  EXPECT_EQ(parse_quantity_bytes("1Gi"), int64_t(1) << 30);
  EXPECT_EQ(parse_quantity_bytes("500Mi"), 500LL << 20);
  EXPECT_EQ(parse_quantity_bytes("2G"), 2000000000LL);
  EXPECT_EQ(parse_quantity_bytes("1e3"), 1000);
  EXPECT_EQ(parse_quantity_bytes("1.5Ki"), 1536);
  EXPECT_EQ(parse_quantity_bytes("100m"), 1);
  EXPECT_FALSE(parse_quantity_bytes("ten"));
  EXPECT_FALSE(parse_quantity_bytes("1Zi"));
  EXPECT_EQ(format_bytes(int64_t(5) << 30), "5Gi");
  EXPECT_EQ(format_bytes(512LL << 20), "512Mi");
  EXPECT_EQ(format_bytes(1234), "1234");
  EXPECT_EQ(format_bytes(0), "0");
}

TEST(ObjectHelpers, ConditionsKeepTransitionTimes) {
  json conditions = json::array();
  EXPECT_TRUE(set_condition(conditions, {{"type", "Ready"}, {"status", "True"}, {"lastTransitionTime", "t1"}}));
  EXPECT_FALSE(set_condition(conditions, {{"type", "Ready"}, {"status", "True"}, {"lastTransitionTime", "t2"}}));
  EXPECT_TRUE(set_condition(conditions, {{"type", "Ready"}, {"status", "True"}, {"reason", "R"}, {"lastTransitionTime", "t3"}}));
  EXPECT_EQ(conditions[0]["lastTransitionTime"], "t1");
  EXPECT_TRUE(set_condition(conditions, {{"type", "Ready"}, {"status", "False"}, {"lastTransitionTime", "t4"}}));
  EXPECT_EQ(conditions[0]["lastTransitionTime"], "t4");
  EXPECT_EQ(conditions.size(), 1u);
}

TEST(ObjectHelpers, OwnerReferencesAndFinalizers) {
  json owner = {{"apiVersion", "apps/v1"}, {"kind", "ReplicaSet"}, {"metadata", {{"name", "rs"}, {"uid", "u1"}}}};
  json obj = {{"metadata", {{"ownerReferences", json::array({owner_reference(owner, true)})},
                            {"finalizers", json::array({"a", "b"})}}}};
  EXPECT_TRUE(is_controlled_by(obj, "u1"));
  EXPECT_TRUE(obj["metadata"]["ownerReferences"][0]["blockOwnerDeletion"].get<bool>());
  EXPECT_TRUE(remove_owner_reference(obj, "u1"));
  EXPECT_FALSE(obj["metadata"].contains("ownerReferences"));
  EXPECT_TRUE(remove_finalizer(obj, "a"));
  EXPECT_FALSE(remove_finalizer(obj, "a"));
  EXPECT_EQ(obj["metadata"]["finalizers"], json::array({"b"}));
}

TEST(ObjectHelpers, HashesAreStableAndSafe) {
  json a = {{"spec", {{"containers", json::array({{{"name", "x"}}})}}}};
  EXPECT_EQ(short_hash(a), short_hash(json::parse(a.dump())));
  EXPECT_NE(short_hash(a), short_hash(json{{"spec", 1}}));
  for (char c : short_hash(a)) EXPECT_NE(std::string("bcdfghjklmnpqrstvwxz2456789").find(c), std::string::npos);
  EXPECT_EQ(hex_digest("x", 64).size(), 64u);
}

TEST(ObjectHelpers, SplitsGroupResources) {
  EXPECT_EQ(split_group_resource("pods"), (std::pair<std::string, std::string>{"", "pods"}));
  EXPECT_EQ(split_group_resource("volumesnapshots.snapshot.storage.k8s.io"),
            (std::pair<std::string, std::string>{"snapshot.storage.k8s.io", "volumesnapshots"}));
  EXPECT_EQ(first_service_ip("10.96.0.0/12"), "10.96.0.1");
  EXPECT_EQ(first_service_ip("172.20.5.0/24"), "172.20.5.1");
}

TEST(WorkQueue, DeduplicatesAndDelays) {
  WorkQueue q;
  auto now = WorkQueue::Clock::now();
  q.add({0, "a"}, now);
  q.add({0, "a"}, now);
  q.add({1, "a"}, now);
  q.add({0, "b"}, now + 1h);
  q.add({0, "b"}, now + 2h);  // later than already due: ignored
  EXPECT_EQ(q.size(), 3u);
  EXPECT_EQ(q.pop(now)->controller, 0u);
  EXPECT_EQ(q.pop(now)->controller, 1u);
  EXPECT_FALSE(q.pop(now));
  EXPECT_EQ(q.next_due(), now + 1h);
  q.add({0, "b"}, now);  // sooner: replaces the delayed entry
  EXPECT_EQ(q.pop(now)->key, "b");
  EXPECT_FALSE(q.pop(now + 3h));
}

TEST(NodeSelection, SelectorsAffinityAndTaints) {
  NodeInfo node;
  node.name = "n1";
  node.ready = true;
  node.labels = {{"zone", "a"}, {"size", "8"}};
  node.taints = json::array({{{"key", "dedicated"}, {"value", "gpu"}, {"effect", "NoSchedule"}}});
  json tolerate = json::array({{{"key", "dedicated"}, {"operator", "Equal"}, {"value", "gpu"}}});
  EXPECT_FALSE(pod_fits_node(json::object(), node));
  EXPECT_TRUE(pod_fits_node({{"tolerations", tolerate}}, node));
  EXPECT_TRUE(pod_fits_node({{"tolerations", json::array({{{"operator", "Exists"}}})}}, node));
  EXPECT_FALSE(pod_fits_node({{"tolerations", tolerate}, {"nodeSelector", {{"zone", "b"}}}}, node));
  auto affinity = [](json expressions) {
    return json{{"nodeAffinity",
                 {{"requiredDuringSchedulingIgnoredDuringExecution",
                   {{"nodeSelectorTerms", json::array({{{"matchExpressions", expressions}}})}}}}}};
  };
  json spec = {{"tolerations", tolerate}};
  spec["affinity"] = affinity(json::array({{{"key", "size"}, {"operator", "Gt"}, {"values", json::array({"4"})}}}));
  EXPECT_TRUE(pod_fits_node(spec, node));
  spec["affinity"] = affinity(json::array({{{"key", "zone"}, {"operator", "NotIn"}, {"values", json::array({"a"})}}}));
  EXPECT_FALSE(pod_fits_node(spec, node));
  spec["affinity"] = affinity(json::array({{{"key", "gpu"}, {"operator", "DoesNotExist"}}}));
  EXPECT_TRUE(pod_fits_node(spec, node));
  node.ready = false;
  EXPECT_FALSE(pod_fits_node({{"tolerations", tolerate}}, node));
}

TEST(BackoffSet, RetriesWithGrowingDelays) {
  BackoffSet set;
  set.insert("a");
  auto now = BackoffSet::Clock::now();
  EXPECT_TRUE(set.due(now).empty());
  EXPECT_EQ(set.due(now + 1s), std::vector<std::string>{"a"});
  EXPECT_TRUE(set.due(now + 2s).empty());  // next retry 2 s after the last one
  EXPECT_EQ(set.due(now + 3s), std::vector<std::string>{"a"});
  set.insert("a");  // keeps its backoff
  EXPECT_TRUE(set.due(now + 6s).empty());
  EXPECT_EQ(set.due(now + 7s), std::vector<std::string>{"a"});
  for (int i = 0; i < 10; ++i) set.due(now + std::chrono::hours(i + 1));
  EXPECT_TRUE(set.due(now + 10h + 59s).empty());  // capped at 60 s
  EXPECT_EQ(set.due(now + 10h + 60s).size(), 1u);
  set.erase("a");
  EXPECT_TRUE(set.empty());
}

TEST(PodIpAllocator, UniqueAddressesFromNodeRanges) {
  PodIpAllocator ips;
  ips.reserve("10.244.0.2");
  auto first = ips.allocate("10.244.0.0/30");  // only .2 is usable, and it is taken
  ASSERT_TRUE(first);
  EXPECT_EQ(first->rfind("10.248.", 0), 0u);
  auto a = ips.allocate("10.244.64.0/18");
  auto b = ips.allocate("10.244.64.0/18");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(*a, "10.244.64.2");
  EXPECT_EQ(*b, "10.244.64.3");
  ips.release(*a);
  EXPECT_FALSE(ips.in_use(*a));
  EXPECT_TRUE(ips.in_use(*b));
}

TEST(CronSchedule, ParsesAndFindsNextTimes) {
  auto at = [](const char* text) { return parse_rfc3339(text); };
  auto every15 = CronSchedule::parse("*/15 * * * *");
  ASSERT_TRUE(every15);
  EXPECT_EQ(every15->next_after(at("2025-03-04T10:07:30Z")), at("2025-03-04T10:15:00Z"));
  EXPECT_EQ(every15->next_after(at("2025-03-04T10:15:00Z")), at("2025-03-04T10:30:00Z"));
  auto weekly = CronSchedule::parse("@weekly");
  ASSERT_TRUE(weekly);
  EXPECT_EQ(weekly->next_after(at("2025-03-04T10:00:00Z")), at("2025-03-09T00:00:00Z"));  // Sunday
  auto named = CronSchedule::parse("30 6 * feb mon-fri");
  ASSERT_TRUE(named);
  EXPECT_EQ(named->next_after(at("2025-01-10T00:00:00Z")), at("2025-02-03T06:30:00Z"));
  auto either = CronSchedule::parse("0 0 13 * 5");  // the 13th or a Friday
  ASSERT_TRUE(either);
  EXPECT_EQ(either->next_after(at("2025-06-10T00:00:00Z")), at("2025-06-13T00:00:00Z"));
  EXPECT_EQ(either->next_after(at("2025-06-14T00:00:00Z")), at("2025-06-20T00:00:00Z"));
  EXPECT_FALSE(CronSchedule::parse("* * *"));
  EXPECT_FALSE(CronSchedule::parse("61 * * * *"));
  EXPECT_FALSE(CronSchedule::parse("0 0 30 2 *")->next_after(at("2025-01-01T00:00:00Z")));
}

}  // namespace
}  // namespace coffer::kubesim::controllers
