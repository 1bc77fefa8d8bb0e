"""The restore round trip of issue 5 with every published fixture:

- same cluster: every manifest in ../shared/fixtures (plus test_backup's extras: a CRD with a
  custom resource, RBAC, a PriorityClass, a claim mounted by a pod) applied with kubectl, backed
  up, the fixtures and their namespaces deleted, the backup restored; `kubectl get -o json` of
  every object, normalised, equals the original;
- across clusters: the same backup restored into a second, empty kubesim under a namespace
  mapping; the same comparison holds under the mapping.

Normalised means: what the API server and the controllers set is removed from both sides
(`normalize` below says exactly what), and the restore's own labels are removed. Objects the
controllers own and recreate (ReplicaSets of Deployments, their Pods, StatefulSet Pods,
Endpoints, EndpointSlices) are compared by name where the name is stable and by count where it
is random (Pods of ReplicaSets)."""
import copy
import os
import tempfile
import unittest

from e2e_support import Cluster, Coffer, json_diff, stop_source_and_target
from kubesim_fixture import MANIFESTS, Kubesim, wait_for
from test_backup import EXTRAS, FIXTURE_DIRS, WIDGET, apply_fixtures, cluster_settled, wait_quiescent

# Types that no restore writes (Velero's never-restored list, the node leases and events the
# cluster itself produces) or that only the cluster creates.
NOT_COMPARED = {"nodes", "events", "events.events.k8s.io", "leases.coordination.k8s.io", "csinodes.storage.k8s.io",
                "volumeattachments.storage.k8s.io", "componentstatuses", "bindings", "tokenreviews.authentication.k8s.io",
                "endpoints", "endpointslices.discovery.k8s.io"}
SERVER_SET_METADATA = ["uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink"]
CONTROLLER_ANNOTATIONS = ["deployment.kubernetes.io/revision", "pv.kubernetes.io/bind-completed",
                          "pv.kubernetes.io/bound-by-controller", "pv.kubernetes.io/provisioned-by",
                          "volume.kubernetes.io/storage-provisioner", "volume.beta.kubernetes.io/storage-provisioner",
                          "volume.kubernetes.io/selected-node", "kubectl.kubernetes.io/last-applied-configuration"]
RESTORE_LABELS = ["velero.io/backup-name", "velero.io/restore-name"]
# Namespaces of a fresh kubesim: not deleted in the same-cluster round trip.
SYSTEM_NAMESPACES = {"default", "kube-system", "kube-public", "kube-node-lease"}


def normalize(gr, obj):
    """An object without what the server and controllers set (docs/restore.md: what a restore
    keeps and what the target cluster assigns)."""
    o = copy.deepcopy(obj)
    md = o["metadata"]
    for k in SERVER_SET_METADATA:
        md.pop(k, None)
    for ref in md.get("ownerReferences") or []:
        ref.pop("uid", None)
    for key, names in (("labels", RESTORE_LABELS), ("annotations", CONTROLLER_ANNOTATIONS)):
        values = md.get(key) or {}
        for n in names:
            values.pop(n, None)
        if not values:
            md.pop(key, None)
    o.pop("status", None)
    spec = o.get("spec")
    if not isinstance(spec, dict):
        return o
    if gr == "services":
        # The target assigns cluster IPs (Velero clears them on restore) and nodePorts.
        if spec.get("clusterIP") != "None":
            spec.pop("clusterIP", None)
            spec.pop("clusterIPs", None)
        for p in spec.get("ports") or []:
            p.pop("nodePort", None)
    elif gr == "persistentvolumeclaims":
        spec.pop("volumeName", None)  # dynamically provisioned volumes get a new PV on the target
    elif gr == "persistentvolumes":
        ref = spec.get("claimRef") or {}
        for k in ("uid", "resourceVersion"):
            ref.pop(k, None)
    elif gr == "pods":
        spec.pop("nodeName", None)
        # The ServiceAccount admission plugin injects a projected token volume with a random
        # name (Velero's pod action drops it on restore; the target injects its own).
        injected = {v["name"] for v in spec.get("volumes") or [] if v["name"].startswith("kube-api-access-")}
        spec["volumes"] = [v for v in spec.get("volumes") or [] if v["name"] not in injected]
        for c in spec.get("containers", []) + spec.get("initContainers", []):
            c["volumeMounts"] = [m for m in c.get("volumeMounts") or [] if m["name"] not in injected]
    elif gr == "jobs.batch":
        # The Job controller adds controller-uid labels and selectors; Velero strips them on restore.
        for labels in (spec.get("selector", {}).get("matchLabels") or {},
                       (spec.get("template", {}).get("metadata") or {}).get("labels") or {}):
            for k in list(labels):
                if k.endswith("controller-uid"):
                    del labels[k]
    return o


def workload_key(key, obj):
    """Pods created by a ReplicaSet have random names: compared as 'a pod of ReplicaSet X'."""
    gr, ns, _name = key
    if gr == "pods":
        owners = [r for r in obj["metadata"].get("ownerReferences") or [] if r.get("controller")]
        if owners and owners[0]["kind"] == "ReplicaSet":
            return ("pods-of", ns, owners[0]["name"])
    return None


def restorable(key, obj):
    """Whether a backup-and-restore brings the object back: not labelled out of the backup, and
    not a volume that Velero's rules skip (reclaim policy Delete and no snapshot: the claim gets a
    new volume from the provisioner)."""
    if (obj["metadata"].get("labels") or {}).get("velero.io/exclude-from-backup") == "true":
        return False
    if key[0] == "configmaps" and key[2] == "kube-root-ca.crt":
        return False  # published by the cluster into every namespace, with its own CA
    if key[0] == "persistentvolumes" and obj["spec"].get("persistentVolumeReclaimPolicy") == "Delete":
        return False
    return key[0] not in NOT_COMPARED


def compared(snap):
    """{key: normalised object} and {('pods-of', ns, replicaset): count} of a snapshot."""
    objects, counts = {}, {}
    for key, obj in snap.items():
        if not restorable(key, obj):
            continue
        wk = workload_key(key, obj)
        if wk:
            counts[wk] = counts.get(wk, 0) + 1
            continue
        objects[key] = normalize(key[0], obj)
    return objects, counts


class RestoreRoundTrip(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="coffer-e2e-roundtrip-")
        cls.store = os.path.join(cls.tmp, "store")
        cls.location = "file://" + cls.store
        cls.coffer = Coffer(os.path.join(cls.tmp, "home"))
        cls.source = Kubesim([], name="round-trip source")
        cls.source.start()
        cls.k = cls.source.kubectl()
        cls.cluster = Cluster(cls.k)
        apply_fixtures(cls.k)
        cls.k.ok("apply", "-f", "-", input=EXTRAS, timeout=60)
        wait_for("CRD established", lambda: cls._established(cls.k), timeout=30)
        wait_for("widgets served", lambda: cls.k.run("apply", "-f", "-", input=WIDGET, fresh_cache=True).code == 0,
                 timeout=30, interval=0.5)
        cls.cluster.discover()
        wait_for("fixtures settled", lambda: cluster_settled(cls.cluster), timeout=120, interval=0.5)
        wait_quiescent(cls.cluster)
        cls.original = cls.cluster.snapshot()
        r = cls.coffer.create("all", cls.store, cls.source.kubeconfig)
        assert r.code == 0, r

    @classmethod
    def tearDownClass(cls):
        stop_source_and_target(cls)

    @staticmethod
    def _established(k):
        conds = k.get_json("crd", "widgets.e2e.coffer.io")["status"].get("conditions", [])
        return any(c.get("type") == "Established" and c.get("status") == "True" for c in conds)

    def restore(self, name, kubeconfig, *flags):
        r = self.coffer.run("restore", "create", name, "--from-backup", "all", "--location", self.location,
                            "--kubeconfig", kubeconfig, "--no-progress", "-o", "json", *flags, timeout=300)
        self.assertIn(r.code, (0, 2), r)
        return r.json()

    def assert_same(self, want_snap, got_snap, mapping=None):
        """Every object of want_snap (keys and namespaces mapped) is in got_snap, equal after
        normalisation; ReplicaSet pods are counted."""
        mapping = mapping or {}

        def mapped(key, obj):
            gr, ns, name = key
            if gr == "namespaces":
                name = mapping.get(name, name)
            obj = copy.deepcopy(obj)
            if ns in mapping:
                obj["metadata"]["namespace"] = mapping[ns]
            if gr == "namespaces":
                obj["metadata"]["name"] = name
                obj["metadata"].get("labels", {})["kubernetes.io/metadata.name"] = name
            for s in obj.get("subjects") or []:
                if s.get("namespace") in mapping:
                    s["namespace"] = mapping[s["namespace"]]
            ref = (obj.get("spec") or {}).get("claimRef") if gr == "persistentvolumes" else None
            if ref and ref.get("namespace") in mapping:
                ref["namespace"] = mapping[ref["namespace"]]
            return (gr, mapping.get(ns, ns), name), obj

        want_objects, want_counts = compared(dict(mapped(k, o) for k, o in want_snap.items()))
        got_objects, got_counts = compared(got_snap)
        missing = sorted(set(want_objects) - set(got_objects), key=str)
        self.assertEqual(missing, [], "objects of the original missing after the restore")
        diffs = []
        for key in sorted(want_objects, key=str):
            if want_objects[key] != got_objects[key]:
                diffs.append("%s:\n  %s" % (key, "\n  ".join(json_diff(want_objects[key], got_objects[key]))))
        self.assertEqual(diffs, [], "%d objects differ after normalisation:\n%s" % (len(diffs), "\n".join(diffs[:20])))
        self.assertEqual(want_counts, {k: got_counts.get(k, 0) for k in want_counts}, "ReplicaSet pods")
        return len(want_objects)

    def test_1_same_cluster_after_deleting_everything(self):
        for d in reversed(FIXTURE_DIRS):
            self.k.ok("delete", "-f", os.path.join(MANIFESTS, d), "--ignore-not-found", "--wait=false", timeout=120)
        self.k.ok("delete", "-f", "-", "--ignore-not-found", "--wait=false", input=EXTRAS, timeout=60)
        user_namespaces = sorted(k[2] for k in self.original if k[0] == "namespaces" and k[2] not in SYSTEM_NAMESPACES)
        self.assertGreaterEqual(len(user_namespaces), 4, user_namespaces)
        fixture_keys = set(compared(self.original)[0])

        def deleted():
            self.cluster.discover()  # the CRD's type goes away
            now = self.cluster.snapshot()
            left = [n for n in user_namespaces if ("namespaces", None, n) in now]
            if left:
                raise AssertionError("namespaces still there: %s" % left)
            return now
        after_delete = wait_for("fixture namespaces gone", deleted, timeout=120, interval=0.5)
        gone = fixture_keys - set(after_delete)
        self.assertGreater(len(gone), 50, "the deletion removed too little to test a restore")

        result = self.restore("same", self.source.kubeconfig)
        self.assertEqual(result["restore"]["status"]["phase"], "Completed", result["restore"]["status"])
        self.cluster.discover()
        wait_for("restored fixtures settled", lambda: cluster_settled(self.cluster), timeout=120, interval=0.5)
        wait_quiescent(self.cluster)
        self.assert_same(self.original, self.cluster.snapshot())
        # Every deleted object came back through the restore itself, or through the controller
        # that owns it (the restore skipped it so that it exists once), or through the cluster
        # (each new namespace gets a default ServiceAccount; the restore then finds it identical).
        outcome = {(i["groupResource"], i["namespace"] or None, i["name"]): i for i in result["items"]}
        unexplained = []
        for key in sorted(gone, key=str):
            item = outcome.get(key)
            if item is None:
                unexplained.append("%s: not in the restore's item list" % (key,))
            elif item["action"] == "create":
                continue
            elif item["action"] == "skip" and item.get("reason", "").startswith("owned by "):
                continue
            elif key[0] == "serviceaccounts" and key[2] == "default" and item["action"] in ("skip", "update"):
                continue
            else:
                unexplained.append("%s: %s %s" % (key, item["action"], item.get("reason", "")))
        self.assertEqual(unexplained, [], "deleted objects neither restored nor recreated by their owner")

    def test_2_other_cluster_under_a_mapping(self):
        cls = type(self)
        cls.target = Kubesim([], name="round-trip target")
        cls.target.start()
        kt = cls.target.kubectl()
        target = Cluster(kt)
        mapping = {"default": "default-copy", "ingress-nginx": "ingress-copy", "e2e-related": "related-copy"}
        flags = ["--namespace-mappings", ",".join("%s:%s" % kv for kv in sorted(mapping.items()))]
        result = self.restore("cross", cls.target.kubeconfig, *flags)
        self.assertEqual(result["restore"]["status"]["phase"], "Completed", result["restore"]["status"])
        target.discover()
        wait_for("restored fixtures settled", lambda: cluster_settled(target), timeout=120, interval=0.5)
        wait_quiescent(target)
        got = target.snapshot()
        # The mapped-away source namespaces hold nothing of the backup in the target.
        self.assertEqual([k for k in got if k[1] == "ingress-nginx" or k[1] == "e2e-related"], [])
        # A fresh kubesim has its own copies of the system objects (default ServiceAccounts,
        # kube-root-ca.crt, the kubernetes Service, built-in ClusterRoles): compared only where
        # the backup's copy was restored.
        wanted = {k: o for k, o in self.original.items() if k[1] in mapping or k[1] is None or k[1] == "kube-system"}
        self.assert_same(wanted, got, mapping)


if __name__ == "__main__":
    unittest.main()
