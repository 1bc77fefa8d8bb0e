#include "kube/patch/patch_schema.h"

#include <gtest/gtest.h>

#include "kube/patch/builtin_patch_schemas.h"

namespace coffer::kube {
namespace {

// Follows `fields` from the schema's root type; returns the metadata of the last one.
const FieldPatchMeta* lookup(const PatchSchema& schema, std::initializer_list<const char*> fields) {
  std::string type = schema.root_type();
  const FieldPatchMeta* meta = nullptr;
  for (const char* field : fields) {
    meta = schema.find(type, field);
    if (meta == nullptr) return nullptr;
    type = meta->type;
  }
  return meta;
}

TEST(PatchSchema, BuildsAndFindsFields) {
  PatchSchema schema("Root");
  schema.add("Root", "items", FieldPatchMeta::merge_list("id", "Item"))
      .add("Item", "tags", FieldPatchMeta::set_list())
      .add("Root", "spec", FieldPatchMeta::object("Spec").with_retain_keys());
  ASSERT_NE(schema.find("Root", "items"), nullptr);
  EXPECT_EQ(*schema.find("Root", "items"), FieldPatchMeta::merge_list("id", "Item"));
  EXPECT_EQ(schema.find("Item", "tags")->strategy, PatchStrategy::Merge);
  EXPECT_TRUE(schema.find("Item", "tags")->merge_key.empty());
  EXPECT_TRUE(schema.find("Root", "spec")->retain_keys);
  EXPECT_EQ(schema.find("Root", "other"), nullptr);
  EXPECT_EQ(schema.find("Nope", "items"), nullptr);
  EXPECT_TRUE(schema.has_type("Item"));
  EXPECT_EQ(schema.with_root("Item").root_type(), "Item");
  EXPECT_NE(schema.with_root("Item").find("Root", "items"), nullptr);  // the graph is kept
}

TEST(BuiltinPatchSchema, PodTemplateIsSharedByWorkloads) {
  struct Case {
    const char* group;
    const char* kind;
    std::initializer_list<const char*> to_pod_spec;
  };
  const Case cases[] = {
      {"apps", "Deployment", {"spec", "template", "spec"}},
      {"apps", "ReplicaSet", {"spec", "template", "spec"}},
      {"apps", "StatefulSet", {"spec", "template", "spec"}},
      {"apps", "DaemonSet", {"spec", "template", "spec"}},
      {"extensions", "Deployment", {"spec", "template", "spec"}},
      {"batch", "Job", {"spec", "template", "spec"}},
      {"batch", "CronJob", {"spec", "jobTemplate", "spec", "template", "spec"}},
      {"", "PodTemplate", {"template", "spec"}},
      {"", "ReplicationController", {"spec", "template", "spec"}},
      {"", "Pod", {"spec"}},
  };
  for (const Case& c : cases) {
    const PatchSchema& schema = builtin_patch_schema(c.group, c.kind);
    const FieldPatchMeta* pod_spec = lookup(schema, c.to_pod_spec);
    ASSERT_NE(pod_spec, nullptr) << c.kind;
    EXPECT_EQ(pod_spec->type, "PodSpec") << c.kind;
    const FieldPatchMeta* containers = schema.find("PodSpec", "containers");
    ASSERT_NE(containers, nullptr);
    EXPECT_EQ(containers->strategy, PatchStrategy::Merge);
    EXPECT_EQ(containers->merge_key, "name");
    EXPECT_TRUE(is_builtin_patch_kind(c.group, c.kind));
  }
}

TEST(BuiltinPatchSchema, KubernetesStructTags) {
  const PatchSchema& deployment = builtin_patch_schema("apps", "Deployment");
  struct Expected {
    std::initializer_list<const char*> path;
    PatchStrategy strategy;
    const char* merge_key;
    bool retain_keys;
  };
  const Expected expected[] = {
      {{"metadata", "finalizers"}, PatchStrategy::Merge, "", false},
      {{"metadata", "ownerReferences"}, PatchStrategy::Merge, "uid", false},
      {{"spec", "strategy"}, PatchStrategy::Default, "", true},
      {{"spec", "template", "spec", "containers", "ports"}, PatchStrategy::Merge, "containerPort", false},
      {{"spec", "template", "spec", "containers", "env"}, PatchStrategy::Merge, "name", false},
      {{"spec", "template", "spec", "initContainers", "volumeMounts"},
       PatchStrategy::Merge,
       "mountPath",
       false},
      {{"spec", "template", "spec", "ephemeralContainers", "volumeDevices"},
       PatchStrategy::Merge,
       "devicePath",
       false},
      {{"spec", "template", "spec", "volumes"}, PatchStrategy::Merge, "name", true},
      {{"spec", "template", "spec", "imagePullSecrets"}, PatchStrategy::Merge, "name", false},
      {{"spec", "template", "spec", "hostAliases"}, PatchStrategy::Merge, "ip", false},
      {{"spec", "template", "spec", "topologySpreadConstraints"}, PatchStrategy::Merge, "topologyKey", false},
      {{"spec", "template", "spec", "schedulingGates"}, PatchStrategy::Merge, "name", false},
      {{"spec", "template", "spec", "resourceClaims"}, PatchStrategy::Merge, "name", true},
      {{"spec", "template", "metadata", "finalizers"}, PatchStrategy::Merge, "", false},
      {{"status", "conditions"}, PatchStrategy::Merge, "type", false},
  };
  for (const Expected& e : expected) {
    const FieldPatchMeta* meta = lookup(deployment, e.path);
    ASSERT_NE(meta, nullptr) << *std::prev(e.path.end());
    EXPECT_EQ(meta->strategy, e.strategy) << *std::prev(e.path.end());
    EXPECT_EQ(meta->merge_key, e.merge_key) << *std::prev(e.path.end());
    EXPECT_EQ(meta->retain_keys, e.retain_keys) << *std::prev(e.path.end());
  }
  // No strategy in k8s.io/api: tolerations, readinessGates, args, resizePolicy, DaemonSet updateStrategy.
  EXPECT_EQ(lookup(deployment, {"spec", "template", "spec", "tolerations"}), nullptr);
  EXPECT_EQ(lookup(deployment, {"spec", "template", "spec", "readinessGates"}), nullptr);
  EXPECT_EQ(lookup(deployment, {"spec", "template", "spec", "containers", "args"}), nullptr);
  EXPECT_EQ(lookup(deployment, {"spec", "template", "spec", "containers", "resizePolicy"}), nullptr);
  EXPECT_EQ(lookup(builtin_patch_schema("apps", "DaemonSet"), {"spec", "updateStrategy"}), nullptr);
}

TEST(BuiltinPatchSchema, OtherKinds) {
  EXPECT_EQ(lookup(builtin_patch_schema("", "Service"), {"spec", "ports"})->merge_key, "port");
  EXPECT_EQ(lookup(builtin_patch_schema("", "ServiceAccount"), {"secrets"})->merge_key, "name");
  EXPECT_EQ(lookup(builtin_patch_schema("", "Node"), {"status", "addresses"})->merge_key, "type");
  EXPECT_EQ(lookup(builtin_patch_schema("", "Node"), {"spec", "podCIDRs"})->strategy, PatchStrategy::Merge);
  EXPECT_EQ(lookup(builtin_patch_schema("", "Pod"), {"status", "podIPs"})->merge_key, "ip");
  EXPECT_EQ(lookup(builtin_patch_schema("", "Pod"), {"status", "conditions"})->merge_key, "type");
  EXPECT_EQ(lookup(builtin_patch_schema("", "Namespace"), {"status", "conditions"})->merge_key, "type");
  EXPECT_EQ(lookup(builtin_patch_schema("", "PersistentVolumeClaim"), {"status", "conditions"})->merge_key,
            "type");
  EXPECT_EQ(lookup(builtin_patch_schema("batch", "Job"), {"status", "conditions"})->merge_key, "type");
  EXPECT_EQ(lookup(builtin_patch_schema("autoscaling", "HorizontalPodAutoscaler"), {"status", "conditions"})
                ->merge_key,
            "type");
  EXPECT_EQ(lookup(builtin_patch_schema("policy", "PodDisruptionBudget"), {"spec", "selector"})->strategy,
            PatchStrategy::Replace);
  EXPECT_EQ(lookup(builtin_patch_schema("admissionregistration.k8s.io", "MutatingWebhookConfiguration"),
                   {"webhooks", "matchConditions"})
                ->merge_key,
            "name");
  for (const char* kind : {"ConfigMap", "Secret"}) {
    const PatchSchema& schema = builtin_patch_schema("", kind);
    EXPECT_EQ(lookup(schema, {"metadata", "finalizers"})->strategy, PatchStrategy::Merge);
    EXPECT_EQ(lookup(schema, {"data"}), nullptr);
  }
  EXPECT_NE(lookup(builtin_patch_schema("rbac.authorization.k8s.io", "ClusterRole"),
                   {"metadata", "ownerReferences"}),
            nullptr);
  EXPECT_EQ(lookup(builtin_patch_schema("rbac.authorization.k8s.io", "ClusterRole"), {"rules"}), nullptr);
}

TEST(BuiltinPatchSchema, UnknownKindsHaveNoMetadata) {
  const PatchSchema& schema = builtin_patch_schema("example.com", "Widget");
  EXPECT_EQ(lookup(schema, {"metadata"}), nullptr);
  EXPECT_TRUE(schema.root_type().empty());
  EXPECT_FALSE(is_builtin_patch_kind("example.com", "Widget"));
  EXPECT_FALSE(is_builtin_patch_kind("", "Deployment"));  // Deployment is in "apps", not core
  EXPECT_EQ(&builtin_patch_schema("apps", "Deployment"), &builtin_patch_schema("apps", "Deployment"));
}

}  // namespace
}  // namespace coffer::kube
