"""`coffer restore create` end to end, across two kubesim clusters: a backup of the demo's `shop`
namespace restored into a second cluster under a namespace mapping, checked object by object
against the source (normalised: server-set fields removed); the preview's verdicts against what
the restore then does; each workload exactly once; both existing-resource policies; a
single-item restore; validation failures that leave the target untouched."""
import copy
import os
import unittest

from e2e_support import DemoBackupTestCase, deployments_ready
from kubesim_fixture import wait_for

KINDS = ["configmaps", "secrets", "services", "deployments.apps", "statefulsets.apps",
         "persistentvolumeclaims", "serviceaccounts"]
SERVER_SET = ["uid", "resourceVersion", "generation", "creationTimestamp", "managedFields",
              "ownerReferences", "selfLink"]
CONTROLLER_SET_ANNOTATIONS = ["deployment.kubernetes.io/revision", "pv.kubernetes.io/bind-completed",
                              "pv.kubernetes.io/bound-by-controller", "volume.kubernetes.io/storage-provisioner",
                              "volume.beta.kubernetes.io/storage-provisioner", "volume.kubernetes.io/selected-node"]


def normalize(obj):
    """What a restore controls of an object: no server-set metadata, status, restore labels,
    namespace, cluster IPs or bound volume names."""
    o = copy.deepcopy(obj)
    md = o["metadata"]
    for k in SERVER_SET + ["namespace"]:
        md.pop(k, None)
    labels = md.get("labels", {})
    labels.pop("velero.io/backup-name", None)
    labels.pop("velero.io/restore-name", None)
    if not labels:
        md.pop("labels", None)
    ann = md.get("annotations", {})
    for k in CONTROLLER_SET_ANNOTATIONS:
        ann.pop(k, None)
    if not ann:
        md.pop("annotations", None)
    o.pop("status", None)
    spec = o.get("spec", {})
    if o.get("kind") == "Service" and spec.get("clusterIP") != "None":
        spec.pop("clusterIP", None)
        spec.pop("clusterIPs", None)
    if o.get("kind") == "PersistentVolumeClaim":
        spec.pop("volumeName", None)
    return o


class RestoreAcrossClusters(DemoBackupTestCase):
    def restore(self, name, *flags, kubeconfig=None):
        return self.coffer.run("restore", "create", name, "--from-backup", "shop-b", "--location", self.location,
                               "--kubeconfig", kubeconfig or self.target.kubeconfig, "--no-progress", "-o", "json",
                               *flags)

    def objects(self, k, ns):
        out = {}
        for kind in KINDS:
            for item in k.get_json(kind, "-n", ns)["items"]:
                if item["metadata"]["name"] == "kube-root-ca.crt":
                    continue
                out[(kind, item["metadata"]["name"])] = item
        return out

    def test_1_preview_then_restore_under_mapping(self):
        preview = self.restore("r-preview", "--namespace-mappings", "shop:shop-copy", "--preview")
        self.assertEqual(preview.code, 0, preview)
        verdicts = {(i["groupResource"], i["namespace"], i["name"]): i["action"] for i in preview.json()["items"]}
        self.assertIn(("namespaces", "", "shop-copy"), verdicts)
        self.kt.fails("get", "namespace", "shop-copy")  # the preview wrote nothing

        real = self.restore("r1", "--namespace-mappings", "shop:shop-copy")
        self.assertEqual(real.code, 0, real)
        done = {(i["groupResource"], i["namespace"], i["name"]): i["action"] for i in real.json()["items"]}
        self.assertEqual(verdicts, done)
        self.assertEqual(real.json()["restore"]["status"]["phase"], "Completed")

        src, dst = self.objects(self.ks, "shop"), self.objects(self.kt, "shop-copy")
        self.assertEqual(sorted(src), sorted(dst))
        for key in src:
            self.assertEqual(normalize(src[key]), normalize(dst[key]), key)
            if done.get((key[0], "shop-copy", key[1])) == "create":
                self.assertEqual(dst[key]["metadata"]["labels"].get("velero.io/restore-name"), "r1", key)

        # Each workload exactly once: the controllers recreate their pods, nothing else does.
        want = sum(d["spec"]["replicas"] for d in self.ks.get_json("deployments", "-n", "shop")["items"])
        want += sum(s["spec"]["replicas"] for s in self.ks.get_json("statefulsets", "-n", "shop")["items"])
        wait_for("restored workloads ready", lambda: deployments_ready(self.kt, "shop-copy"), timeout=60)
        pods = self.kt.get_json("pods", "-n", "shop-copy")["items"]
        self.assertEqual(len(pods), want, [p["metadata"]["name"] for p in pods])
        rs_src = len(self.ks.get_json("replicasets", "-n", "shop")["items"])
        self.assertEqual(len(self.kt.get_json("replicasets", "-n", "shop-copy")["items"]), rs_src)

        described = self.coffer.run("restore", "describe", "r1", "--location", self.location, "--details")
        self.assertEqual(described.code, 0, described)
        self.assertIn("shop-copy/storefront-settings(created)", described.out)

    def test_2_existing_objects(self):
        again = self.restore("r2", "--namespace-mappings", "shop:shop-copy")
        self.assertEqual(again.code, 0, again)
        actions = {i["action"] for i in again.json()["items"]}
        self.assertEqual(actions, {"skip"}, again.json()["items"])

        self.kt.ok("-n", "shop-copy", "patch", "configmap", "storefront-settings", "--type", "merge",
                   "-p", '{"data":{"currency":"USD"}}')
        keep = self.restore("r3", "--namespace-mappings", "shop:shop-copy")
        cm = [i for i in keep.json()["items"] if i["name"] == "storefront-settings"][0]
        self.assertEqual(cm["action"], "skip")
        self.assertTrue(cm["reason"].startswith("exists and differs"), cm)
        self.assertGreater(keep.json()["restore"]["status"].get("warnings", 0), 0)
        self.assertEqual(self.kt.get_json("cm", "storefront-settings", "-n", "shop-copy")["data"]["currency"],
                         "USD")

        preview = self.restore("r4-preview", "--namespace-mappings", "shop:shop-copy",
                               "--existing-resource-policy", "update", "--preview")
        pcm = [i for i in preview.json()["items"] if i["name"] == "storefront-settings"][0]
        self.assertEqual(pcm["action"], "update")
        self.assertIn("-  currency: USD", pcm["diff"])
        update = self.restore("r4", "--namespace-mappings", "shop:shop-copy", "--existing-resource-policy", "update")
        ucm = [i for i in update.json()["items"] if i["name"] == "storefront-settings"][0]
        self.assertEqual(ucm["action"], "update")
        src = self.ks.get_json("cm", "storefront-settings", "-n", "shop")["data"]
        self.assertEqual(self.kt.get_json("cm", "storefront-settings", "-n", "shop-copy")["data"], src)

    def test_3_single_item(self):
        r = self.restore("r5", "--namespace-mappings", "shop:shop-one", "--include-items",
                         "configmaps/shop/storefront-settings")
        self.assertEqual(r.code, 0, r)
        restored = {(i["groupResource"], i["name"]) for i in r.json()["items"] if i["action"] == "create"}
        self.assertEqual(restored, {("namespaces", "shop-one"), ("configmaps", "storefront-settings")})
        self.assertEqual(self.kt.get_json("deployments", "-n", "shop-one")["items"], [])

    def test_5_resource_modifiers(self):
        self.maxDiff = None
        rules = """version: v1
resourceModifierRules:
- conditions: {groupResource: deployments.apps, resourceNameRegex: "^storefront$"}
  patches:
  - {operation: replace, path: /spec/replicas, value: 1}
- conditions: {groupResource: configmaps, namespaces: ["shop-*"]}
  mergePatches:
  - patchData: '{"metadata": {"labels": {"restored-by": "modifier"}}}'
"""
        path = os.path.join(self.tmp, "modifiers.yaml")
        with open(path, "w") as fh:
            fh.write(rules)
        preview = self.restore("r8-preview", "--namespace-mappings", "shop:shop-mod", "--resource-modifier-file", path,
                               "--preview")
        self.assertEqual(preview.code, 0, preview)
        r = self.restore("r8", "--namespace-mappings", "shop:shop-mod", "--resource-modifier-file", path)
        self.assertEqual(r.code, 0, r)
        self.assertEqual({(i["groupResource"], i["name"]): i["action"] for i in preview.json()["items"]},
                         {(i["groupResource"], i["name"]): i["action"] for i in r.json()["items"]})
        src_deps = {d["metadata"]["name"]: d for d in self.ks.get_json("deployments", "-n", "shop")["items"]}
        self.assertIn("storefront", src_deps)
        for d in self.kt.get_json("deployments", "-n", "shop-mod")["items"]:
            name = d["metadata"]["name"]
            want = 1 if name == "storefront" else src_deps[name]["spec"]["replicas"]
            self.assertEqual(d["spec"]["replicas"], want, name)
        cms = self.kt.get_json("configmaps", "-n", "shop-mod")["items"]
        restored = [c for c in cms if c["metadata"]["name"] != "kube-root-ca.crt"]
        self.assertTrue(restored)
        for c in restored:
            self.assertEqual(c["metadata"]["labels"].get("restored-by"), "modifier", c["metadata"]["name"])
        self.assertNotIn("restored-by", (self.ks.get_json("cm", "storefront-settings", "-n", "shop")["metadata"]
                                         .get("labels") or {}))

        # The same rules from a ConfigMap in the target's velero namespace (Velero's way).
        self.kt.ok("create", "namespace", "velero")
        self.kt.ok("-n", "velero", "create", "configmap", "shop-rules", "--from-file", "rules.yaml=" + path)
        r = self.restore("r9", "--namespace-mappings", "shop:shop-mod2", "--resource-modifier-configmap", "shop-rules")
        self.assertEqual(r.code, 0, r)
        dep = self.kt.get_json("deployments", "storefront", "-n", "shop-mod2")
        self.assertEqual(dep["spec"]["replicas"], 1)

        bad = self.restore("r10", "--namespace-mappings", "shop:shop-mod3", "--resource-modifier-configmap", "nope")
        self.assertNotEqual(bad.code, 0, bad)
        status = bad.json()["restore"]["status"]
        self.assertEqual(status["phase"], "FailedValidation", status)
        self.assertIn("spec.resourceModifier: ConfigMap velero/nope does not exist", status["validationErrors"][0])
        self.kt.fails("get", "namespace", "shop-mod3")

    def test_4_validation_leaves_the_target_untouched(self):
        r = self.restore("r6", "--namespace-mappings", "shop:Bad_Name", "--existing-resource-policy", "sometimes")
        self.assertEqual(r.code, 1, r)
        self.assertIn("spec.namespaceMapping", r.err)
        self.assertIn("spec.existingResourcePolicy", r.err)
        missing = self.coffer.run("restore", "create", "r7", "--from-backup", "nope", "--location", self.location,
                                  "--kubeconfig", self.target.kubeconfig, "--no-progress")
        self.assertEqual(missing.code, 1, missing)
        self.assertIn("backup \"nope\" does not exist", missing.err)
        self.assertEqual([n["metadata"]["name"] for n in self.kt.get_json("namespaces")["items"]
                          if n["metadata"]["name"].startswith("bad")], [])


if __name__ == "__main__":
    unittest.main()
