"""`coffer backup create` end to end: kubesim with every published fixture applied by kubectl,
backups of several scopes into a file:// location, each checked against Velero's layout
(layout_validator) and against what kubectl sees in the cluster (e2e_support.VeleroScope);
then the failure modes: unreachable cluster, bad token, failing exec plugin, wrong CA, invalid
spec, storage that cannot be written."""
import base64
import copy
import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import unittest

import yaml

from e2e_support import (EXCLUDE_LABEL, Cluster, Coffer, VeleroScope, final_backup, fmt_keys, json_diff,  # noqa: I100
                         normalize)
from kubesim_fixture import MANIFESTS, KubesimTestCase, invalid_without_selector, load_docs, wait_for
from layout_validator import _parse_ts, read_backup, validate_backup

FIXTURE_DIRS = sorted(d for d in os.listdir(MANIFESTS) if os.path.isdir(os.path.join(MANIFESTS, d)))

# Objects the suite adds next to the fixtures: one namespace whose items pull in every kind of
# related cluster-scoped item Velero's built-in actions know, item- and namespace-level exclusion
# labels, and a CRD with a custom resource.
EXTRAS = """
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: e2e-high}
value: 1000
description: used by e2e-related/e2e-app
---
apiVersion: v1
kind: Namespace
metadata: {name: e2e-related, labels: {purpose: e2e}}
---
apiVersion: v1
kind: Namespace
metadata: {name: e2e-excluded}
---
apiVersion: v1
kind: Namespace
metadata: {name: e2e-plain}
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.e2e.coffer.io}
spec:
  group: e2e.coffer.io
  names: {plural: widgets, singular: widget, kind: Widget, listKind: WidgetList}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size: {type: integer}
              color: {type: string}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: e2e-reader}
rules:
- apiGroups: [""]
  resources: [configmaps]
  verbs: [get, list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: e2e-unrelated}
rules:
- apiGroups: [""]
  resources: [pods]
  verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: e2e-reader-binding}
subjects:
- kind: ServiceAccount
  name: e2e-sa
  namespace: e2e-related
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: e2e-reader
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: e2e-sa, namespace: e2e-related}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: e2e-data, namespace: e2e-related, labels: {app: e2e}}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
---
apiVersion: v1
kind: Pod
metadata: {name: e2e-app, namespace: e2e-related, labels: {app: e2e}}
spec:
  priorityClassName: e2e-high
  serviceAccountName: e2e-sa
  containers:
  - name: main
    image: busybox:1.36
    command: [sleep, "3600"]
    volumeMounts: [{name: data, mountPath: /data}]
  volumes:
  - name: data
    persistentVolumeClaim: {claimName: e2e-data}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: e2e-settings, namespace: e2e-related}
data: {mode: test}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: e2e-keep-me, namespace: default}
data: {keep: "yes"}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: e2e-skip-me
  namespace: default
  labels: {velero.io/exclude-from-backup: "true"}
data: {keep: "no"}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: e2e-inside, namespace: e2e-excluded}
data: {where: excluded namespace}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: e2e-plain-settings, namespace: e2e-plain}
data: {where: plain namespace}
"""

WIDGET = """
apiVersion: e2e.coffer.io/v1
kind: Widget
metadata: {name: w1, namespace: e2e-related, labels: {app: e2e}}
spec: {size: 3, color: blue}
"""


def apply_fixtures(k):
    """kubectl apply -f every fixture directory; only the metrics-server Deployment without a
    selector may fail (422, docs/kubesim.md)."""
    for d in FIXTURE_DIRS:
        r = k.run("apply", "-f", os.path.join(MANIFESTS, d), timeout=120)
        bad = [doc for doc in load_docs(d) if invalid_without_selector(doc)]
        if not bad:
            if r.code != 0:
                raise AssertionError("kubectl apply -f %s failed:\n%r" % (d, r))
            continue
        # Each refused object is one 'The Deployment "x" is invalid:' line followed by "* cause" lines.
        lines = [l for l in r.err.splitlines() if l.strip() and not l.startswith("Warning:")]
        headers = sorted(l for l in lines if not l.startswith("* "))
        expected = sorted('The Deployment "%s" is invalid:' % doc["metadata"]["name"] for doc in bad)
        if r.code != 1 or [h.strip() for h in headers] != expected or "* spec.selector: Required value" not in lines:
            raise AssertionError("kubectl apply -f %s: expected exactly the 422 for %s:\n%r" % (d, expected, r))


def cluster_settled(cluster):
    """Raises (naming what is not there yet) until every workload is up and every claim bound."""
    snap = cluster.snapshot()
    problems = []
    for (gr, ns, name), o in snap.items():
        st, spec = o.get("status") or {}, o.get("spec") or {}
        if gr in ("deployments.apps", "statefulsets.apps"):
            want = spec.get("replicas", 1)
            if st.get("readyReplicas", 0) != want or st.get("replicas", 0) != want:
                problems.append("%s %s/%s ready %s of %s" % (gr, ns, name, st.get("readyReplicas"), want))
        elif gr == "persistentvolumeclaims" and st.get("phase") != "Bound":
            problems.append("pvc %s/%s is %s" % (ns, name, st.get("phase")))
        elif gr == "jobs.batch":
            problems.append("job %s/%s not yet finished and deleted (ttlSecondsAfterFinished)" % (ns, name))
        elif gr == "pods" and (st.get("phase") != "Running" or o["metadata"].get("deletionTimestamp")):
            problems.append("pod %s/%s is %s" % (ns, name, st.get("phase")))
    if problems:
        raise AssertionError("; ".join(sorted(problems)[:10]))
    return snap


def versions(snap):
    # Node leases are renewed every few seconds by the simulated kubelets: not part of "settled".
    return {k: o["metadata"].get("resourceVersion") for k, o in snap.items()
            if not (k[0] == "leases.coordination.k8s.io" and k[1] == "kube-node-lease")}


def wait_quiescent(cluster, quiet=1.5, timeout=60):
    """Waits until no object (but node leases) changes for `quiet` seconds."""
    state = {"rv": versions(cluster.snapshot()), "since": time.monotonic()}

    def quiet_long_enough():
        now = versions(cluster.snapshot())
        if now != state["rv"]:
            changed = sorted(set(k for k in set(now) | set(state["rv"]) if now.get(k) != state["rv"].get(k)), key=str)
            state.update(rv=now, since=time.monotonic())
            raise AssertionError("still changing: %s" % changed[:5])
        return time.monotonic() - state["since"] >= quiet

    wait_for("no object changing for %.1fs" % quiet, quiet_long_enough, timeout=timeout, interval=0.3)


def location_files(loc):
    out = {}
    for root, _dirs, files in os.walk(loc):
        for f in files:
            p = os.path.join(root, f)
            st = os.stat(p)
            with open(p, "rb") as fh:
                out[os.path.relpath(p, loc)] = (fh.read(), st.st_mtime_ns)
    return out


# ---------------------------------------------------------------------------------------------------
class BackupScopesTest(KubesimTestCase):
    """One kubesim with all fixtures; one backup per scope, each compared with kubectl's view."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tmp = tempfile.mkdtemp(prefix="coffer-e2e-backup-")
        cls.loc = os.path.join(cls.tmp, "location")
        os.makedirs(cls.loc)
        cls.coffer = Coffer(os.path.join(cls.tmp, "home"))
        cls.cluster = Cluster(cls.k)
        apply_fixtures(cls.k)
        cls.k.ok("apply", "-f", "-", input=EXTRAS, timeout=60)
        wait_for("CRD widgets.e2e.coffer.io Established",
                 lambda: any(c.get("type") == "Established" and c.get("status") == "True"
                             for c in cls.k.get_json("crd", "widgets.e2e.coffer.io")["status"].get("conditions", [])),
                 timeout=30)
        wait_for("widgets served", lambda: cls.k.run("apply", "-f", "-", input=WIDGET, fresh_cache=True).code == 0,
                 timeout=30, interval=0.5)
        cls.cluster.discover()
        wait_for("fixtures settled (Deployments and StatefulSets ready, PVCs Bound, Jobs done, Pods Running)",
                 lambda: cluster_settled(cls.cluster), timeout=120, interval=0.5)
        wait_quiescent(cls.cluster)
        cls._full = None

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.__dict__.get("tmp", "/nonexistent"), ignore_errors=True)
        super().tearDownClass()

    # -- helpers --------------------------------------------------------------------------------------
    def backup_and_check(self, name, scope, *flags):
        """Runs coffer backup create NAME FLAGS between two kubectl snapshots and checks the
        layout, the item set (exactly Velero's, for the objects that did not change meanwhile) and
        the content of every item whose resourceVersion did not change."""
        pre, sel_pre = self.cluster.snapshot(), scope.selected(self.cluster)
        r = self.coffer.create(name, self.loc, self.sim.kubeconfig, *flags)
        post, sel_post = self.cluster.snapshot(), scope.selected(self.cluster)
        self.assertEqual(r.code, 0, "expected a Completed backup (exit 0):\n%r" % r)
        violations = validate_backup(self.loc, name)
        self.assertEqual(violations, [], "layout violations:\n" + "\n".join(violations))
        parsed = read_backup(self.loc, name)
        stored = parsed["backup"]
        self.assertEqual(stored["status"]["phase"], "Completed", stored["status"])
        printed = r.json()
        self.assertIsNotNone(printed, "-o json printed no Backup object:\n%r" % r)
        self.assertEqual(printed, stored, "-o json must print the stored Backup object:\n%s"
                         % "\n".join(json_diff(printed, stored)))
        got = set(parsed["items"])

        api = self.cluster.api
        exp_post = scope.expected(post, api, sel_post)
        why = dict(scope.why)
        exp_pre = scope.expected(pre, api, sel_pre)
        why.update(scope.why)
        must, may = exp_pre & exp_post, exp_pre | exp_post
        missing, extra = must - got, got - may
        if missing or extra:
            self.fail("backup %s holds the wrong items (flags %s)\nmissing (%d), with the Velero rule that "
                      "includes them:\n%s\nunexpected (%d):\n%s" % (
                          name, " ".join(flags), len(missing), fmt_keys(missing, why=why), len(extra), fmt_keys(extra)))

        diffs = []
        compared = 0
        for key in sorted(got, key=str):
            if key not in pre or key not in post:
                continue
            if pre[key]["metadata"].get("resourceVersion") != post[key]["metadata"].get("resourceVersion"):
                continue
            compared += 1
            a, b = normalize(key[0], parsed["items"][key]), normalize(key[0], post[key])
            if a != b:
                diffs.append("%s %s/%s:\n    %s" % (key[0], key[1] or "", key[2], "\n    ".join(json_diff(a, b))))
        if diffs:
            self.fail("%d of %d items differ from kubectl's:\n%s" % (len(diffs), compared, "\n".join(diffs[:8])))
        self.assertGreater(compared, len(got) // 2, "too few items were stable enough to compare")
        return parsed, got, stored

    @classmethod
    def full(cls):
        """The full-cluster backup, made once for the tests that read it."""
        if cls._full is None:
            cls._full = ("pending",)
            test = cls("test_full_cluster")
            cls._full = test.backup_and_check("e2e-full", VeleroScope())
        if cls._full == ("pending",):
            raise AssertionError("the full backup failed earlier")
        return cls._full

    # -- scopes ---------------------------------------------------------------------------------------
    def test_full_cluster(self):
        parsed, got, stored = self.full()
        kinds = {k[0] for k in got}
        for gr in ("pods", "persistentvolumes", "namespaces", "deployments.apps", "statefulsets.apps",
                   "customresourcedefinitions.apiextensions.k8s.io", "widgets.e2e.coffer.io",
                   "clusterroles.rbac.authorization.k8s.io", "storageclasses.storage.k8s.io",
                   "apiservices.apiregistration.k8s.io", "ingressclasses.networking.k8s.io"):
            self.assertIn(gr, kinds)
        self.assertEqual(stored["spec"].get("ttl"), "720h0m0s", stored["spec"])
        st = stored["status"]
        ttl = (_parse_ts(st["expiration"]) - _parse_ts(st["startTimestamp"])).total_seconds()
        self.assertAlmostEqual(ttl, 720 * 3600, delta=120)
        self.assertEqual(st["progress"]["itemsBackedUp"], len(got))

    def test_include_namespace(self):
        # cluster-scoped items: the namespace itself and the PVs bound to its claims
        scope = VeleroScope(include_namespaces=["default"])
        _parsed, got, stored = self.backup_and_check("e2e-ns-default", scope, "--include-namespaces", "default")
        self.assertEqual(stored["spec"].get("includedNamespaces"), ["default"])
        cluster_items = {k for k in got if k[1] is None}
        self.assertEqual({k[0] for k in cluster_items}, {"namespaces", "persistentvolumes"}, fmt_keys(cluster_items))
        self.assertIn(("namespaces", None, "default"), got)
        self.assertEqual({k[1] for k in got if k[1]}, {"default"})

    def test_exclude_namespaces_glob(self):
        globs = "kube-*,ingress-ngin?,e2e-[a-z]*"  # *, ? and [a-z]
        scope = VeleroScope(exclude_namespaces=globs.split(","))
        _parsed, got, stored = self.backup_and_check("e2e-exclude-glob", scope, "--exclude-namespaces", globs)
        self.assertEqual(stored["spec"].get("excludedNamespaces", [])[:3], globs.split(","))
        self.assertEqual({k[1] for k in got if k[1]}, {"default"})
        self.assertNotIn(("namespaces", None, "kube-system"), got)

    def test_include_resources(self):
        scope = VeleroScope(include_resources=["configmaps", "secrets"])
        _parsed, got, stored = self.backup_and_check("e2e-cm-secrets", scope, "--include-resources", "configmaps,secrets")
        self.assertEqual(stored["spec"].get("includedResources"), ["configmaps", "secrets"])
        self.assertEqual({k[0] for k in got}, {"configmaps", "secrets"})

    def test_include_cluster_resources_false(self):
        scope = VeleroScope(include_cluster_resources=False)
        _parsed, got, stored = self.backup_and_check("e2e-no-cluster", scope, "--include-cluster-resources=false")
        self.assertIs(stored["spec"].get("includeClusterResources"), False)
        self.assertEqual({k for k in got if k[1] is None}, set())

    def test_selector(self):
        sel = "app in (redis,cassandra)"
        scope = VeleroScope(selector=sel)
        _parsed, got, stored = self.backup_and_check("e2e-selector", scope, "--selector", sel)
        self.assertTrue(stored["spec"].get("labelSelector"), stored["spec"])
        self.assertIn(("statefulsets.apps", "default", "cassandra"), got)
        self.assertNotIn(("deployments.apps", "default", "frontend"), got)
        # claims of the cassandra pods pull in their bound volumes (PVC action)
        self.assertTrue(any(k[0] == "persistentvolumes" for k in got), fmt_keys(got))

    def test_or_selector(self):
        sel = "tier=mysql or app=guestbook"
        scope = VeleroScope(or_selectors=["tier=mysql", "app=guestbook"])
        _parsed, got, stored = self.backup_and_check("e2e-or-selector", scope, "--or-selector", sel)
        self.assertEqual(len(stored["spec"].get("orLabelSelectors") or []), 2, stored["spec"])
        self.assertIn(("services", "default", "frontend"), got)
        self.assertNotIn(("deployments.apps", "default", "wordpress-mysql"), got)  # labelled app=wordpress only
        # the mysql pod's claim (labelled app=wordpress only) joins through the pod
        self.assertIn(("persistentvolumeclaims", "default", "mysql-pv-claim"), got)

    def test_exclude_label_on_item(self):
        _parsed, got, _stored = self.full()
        self.assertNotIn(("configmaps", "default", "e2e-skip-me"), got)
        self.assertIn(("configmaps", "default", "e2e-keep-me"), got)

    def test_exclude_label_on_namespace(self):
        self.k.ok("label", "namespace", "e2e-excluded", "%s=true" % EXCLUDE_LABEL)
        try:
            wait_quiescent(self.cluster, quiet=0.5)
            scope = VeleroScope(include_namespaces=["e2e-plain", "e2e-excluded"])
            _p, got, _s = self.backup_and_check("e2e-ns-label", scope, "--include-namespaces", "e2e-plain,e2e-excluded")
            self.assertNotIn(("namespaces", None, "e2e-excluded"), got)
            self.assertIn(("namespaces", None, "e2e-plain"), got)
            self.assertEqual({k[1] for k in got if k[1]}, {"e2e-plain"})
            # a backup of everything leaves out the labelled namespace and all it holds
            r = self.coffer.create("e2e-ns-label-full", self.loc, self.sim.kubeconfig)
            self.assertEqual(r.code, 0, r)
            self.assertEqual(validate_backup(self.loc, "e2e-ns-label-full"), [])
            full = set(read_backup(self.loc, "e2e-ns-label-full")["items"])
            self.assertEqual({k for k in full if k[1] == "e2e-excluded" or k == ("namespaces", None, "e2e-excluded")},
                             set())
            for key in self.cluster.snapshot():
                if key[1] in ("default", "e2e-related") and key[0] not in ("leases.coordination.k8s.io",) and \
                        key != ("configmaps", "default", "e2e-skip-me"):
                    self.assertIn(key, full)
        finally:
            self.k.ok("label", "namespace", "e2e-excluded", EXCLUDE_LABEL + "-")

    def test_new_scoped_filters_include(self):
        scope = VeleroScope(include_namespace_scoped=["deployments.apps", "configmaps"],
                            include_cluster_scoped=["storageclasses.storage.k8s.io"])
        _p, got, stored = self.backup_and_check(
            "e2e-scoped-include", scope, "--include-namespace-scoped-resources", "deployments.apps,configmaps",
            "--include-cluster-scoped-resources", "storageclasses.storage.k8s.io")
        self.assertEqual(stored["spec"].get("includedNamespaceScopedResources"), ["deployments.apps", "configmaps"])
        self.assertEqual(stored["spec"].get("includedClusterScopedResources"), ["storageclasses.storage.k8s.io"])
        self.assertEqual({k[0] for k in got},
                         {"deployments.apps", "configmaps", "storageclasses.storage.k8s.io", "namespaces"})

    def test_new_scoped_filters_exclude(self):
        scope = VeleroScope(include_namespaces=["default"],
                            exclude_namespace_scoped=["pods", "replicasets.apps", "secrets"],
                            exclude_cluster_scoped=["clusterroles.rbac.authorization.k8s.io"])
        _p, got, stored = self.backup_and_check(
            "e2e-scoped-exclude", scope, "--include-namespaces", "default",
            "--exclude-namespace-scoped-resources", "pods,replicasets.apps,secrets",
            "--exclude-cluster-scoped-resources", "clusterroles.rbac.authorization.k8s.io")
        kinds = {k[0] for k in got}
        self.assertFalse(kinds & {"pods", "replicasets.apps", "secrets"}, kinds)
        self.assertIn("persistentvolumes", kinds)  # bound volumes of the claims still join

    def test_velero_related_items(self):
        """--include-namespaces of a namespace whose items reference cluster-scoped ones: Velero's
        built-in actions add the PV of a bound claim, the PriorityClass of a pod, the
        ClusterRoleBindings naming a ServiceAccount and their ClusterRoles, and the CRD of a custom
        resource -- and nothing else cluster-scoped."""
        scope = VeleroScope(include_namespaces=["e2e-related"])
        _p, got, _s = self.backup_and_check("e2e-related", scope, "--include-namespaces", "e2e-related")
        cluster_items = {k for k in got if k[1] is None}
        pvc = self.k.get_json("pvc", "e2e-data", "-n", "e2e-related")
        want = {("namespaces", None, "e2e-related"),
                ("persistentvolumes", None, pvc["spec"]["volumeName"]),
                ("priorityclasses.scheduling.k8s.io", None, "e2e-high"),
                ("clusterrolebindings.rbac.authorization.k8s.io", None, "e2e-reader-binding"),
                ("clusterroles.rbac.authorization.k8s.io", None, "e2e-reader"),
                ("customresourcedefinitions.apiextensions.k8s.io", None, "widgets.e2e.coffer.io")}
        self.assertEqual(cluster_items, want)
        self.assertIn(("widgets.e2e.coffer.io", "e2e-related", "w1"), got)

    def test_existing_name_refused(self):
        name = "e2e-dup"
        r = self.coffer.create(name, self.loc, self.sim.kubeconfig, "--include-namespaces", "e2e-related")
        self.assertEqual(r.code, 0, r)
        bdir = os.path.join(self.loc, "backups", name)
        before = location_files(bdir)
        again = self.coffer.create(name, self.loc, self.sim.kubeconfig)
        self.assertEqual(again.code, 1, again)
        self.assertIn("already exists", again.text().lower(), again)
        after = location_files(bdir)
        self.assertEqual(sorted(after), sorted(before))
        for f in before:
            self.assertEqual(after[f], before[f], "%s was rewritten" % f)
        self.assertEqual(validate_backup(self.loc, name), [])

    def test_describe_and_contents(self):
        name = "e2e-describe"
        r = self.coffer.create(name, self.loc, self.sim.kubeconfig, "--include-namespaces", "default")
        self.assertEqual(r.code, 0, r)
        items = read_backup(self.loc, name)["items"]
        url = "file://" + self.loc
        d = self.coffer.run("backup", "describe", name, "--location", url)
        self.assertEqual(d.code, 0, d)
        self.assertIn(name, d.out)
        self.assertIn("Completed", d.out)
        dd = self.coffer.run("backup", "describe", name, "--location", url, "--details")
        self.assertEqual(dd.code, 0, dd)
        missing = sorted({n for (_gr, _ns, n) in items if n not in dd.out})
        self.assertEqual(missing, [], "names missing from `backup describe --details`:\n%s" % dd.out[-3000:])
        c = self.coffer.run("backup", "contents", name, "--location", url)
        self.assertEqual(c.code, 0, c)
        missing = sorted({n for (_gr, _ns, n) in items if n not in c.out})
        self.assertEqual(missing, [], "names missing from `backup contents`:\n%s" % c.out[-3000:])
        nf = self.coffer.run("backup", "describe", "e2e-no-such-backup", "--location", url)
        self.assertEqual(nf.code, 1, nf)


# ---------------------------------------------------------------------------------------------------
FAILING_PLUGIN = """#!/bin/sh
echo "e2e-failing-credential-plugin: the credential backend is unreachable" >&2
exit 1
"""


class BackupFailuresTest(KubesimTestCase):
    """Backups that cannot succeed fail clearly: Failed with the reason, or FailedValidation with
    every error, exit status 1, and no backup visible in the location."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tmp = tempfile.mkdtemp(prefix="coffer-e2e-fail-")
        cls.coffer = Coffer(os.path.join(cls.tmp, "home"))
        cls.k.ok("create", "configmap", "e2e-cm", "-n", "default", "--from-literal=a=b")
        with open(cls.sim.kubeconfig) as f:
            cls.kubeconfig = yaml.safe_load(f)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.__dict__.get("tmp", "/nonexistent"), ignore_errors=True)
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        self.loc = tempfile.mkdtemp(prefix="loc-", dir=self.tmp)

    def write_kubeconfig(self, edit):
        cfg = copy.deepcopy(self.kubeconfig)
        edit(cfg)
        path = tempfile.mktemp(prefix="kubeconfig-", dir=self.tmp)
        with open(path, "w") as f:
            yaml.safe_dump(cfg, f)
        return path

    def admin_user(self, cfg):
        ctx = next(c for c in cfg["contexts"] if c["name"] == cfg["current-context"])["context"]
        return next(u for u in cfg["users"] if u["name"] == ctx["user"])["user"]

    def assert_failed(self, r, name, *needles):
        """Exit 1, phase Failed, and the reason (failureReason or stderr) mentions one of needles."""
        self.assertEqual(r.code, 1, r)
        b = final_backup(r, self.loc, name)
        self.assertIsNotNone(b, "no Backup object printed (-o json) or stored:\n%r" % r)
        self.assertEqual(b["status"].get("phase"), "Failed", "%r\n%r" % (b["status"], r))
        reason = (b["status"].get("failureReason") or "") + "\n" + r.err
        self.assertTrue(b["status"].get("failureReason"), "status.failureReason is empty:\n%r" % r)
        self.assertTrue(any(n.lower() in reason.lower() for n in needles),
                        "the reason names none of %s:\n%s" % (needles, reason))
        stored = os.path.join(self.loc, "backups", name, "velero-backup.json")
        if os.path.exists(stored):
            # Velero keeps Failed backups in the location too; then they must be well-formed.
            with open(stored) as f:
                self.assertEqual(json.load(f)["status"].get("phase"), "Failed")
            self.assertEqual(validate_backup(self.loc, name), [])
        return b

    def assert_no_backup_visible(self, name):
        self.assertFalse(os.path.exists(os.path.join(self.loc, "backups", name, "velero-backup.json")),
                         "a failed backup must not be visible")
        temps = [v for v in validate_backup(self.loc, name) if v.startswith(("[temp-file]", "[top-level-dir]"))]
        self.assertEqual(temps, [])

    # -- the cluster ----------------------------------------------------------------------------------
    def test_unreachable_cluster(self):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()

        def edit(cfg):
            for c in cfg["clusters"]:
                c["cluster"]["server"] = "https://127.0.0.1:%d" % port
        kc = self.write_kubeconfig(edit)
        r = self.coffer.create("e2e-unreachable", self.loc, kc, timeout=60)
        self.assertLess(r.elapsed, 20, "took %.1fs to give up on a closed port" % r.elapsed)
        self.assert_failed(r, "e2e-unreachable", "refused", "127.0.0.1:%d" % port, "unreachable")

    def test_bad_token(self):
        kc = self.write_kubeconfig(lambda cfg: self.admin_user(cfg).update(token="e2e-not-a-valid-token"))
        r = self.coffer.create("e2e-bad-token", self.loc, kc)
        self.assert_failed(r, "e2e-bad-token", "Unauthorized", "401")
        self.assertNotIn("e2e-not-a-valid-token", r.text(), "credentials must never be printed")

    def test_failing_exec_plugin(self):
        plugin = os.path.join(self.tmp, "e2e-failing-credential-plugin")
        with open(plugin, "w") as f:
            f.write(FAILING_PLUGIN)
        os.chmod(plugin, 0o755)

        def edit(cfg):
            user = self.admin_user(cfg)
            user.clear()
            user["exec"] = {"apiVersion": "client.authentication.k8s.io/v1beta1", "command": plugin,
                            "args": ["get-token"], "interactiveMode": "Never"}
        kc = self.write_kubeconfig(edit)
        r = self.coffer.create("e2e-exec-plugin", self.loc, kc)
        self.assert_failed(r, "e2e-exec-plugin", "e2e-failing-credential-plugin")

    def test_wrong_ca(self):
        key, crt = os.path.join(self.tmp, "wrong-ca.key"), os.path.join(self.tmp, "wrong-ca.crt")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", crt,
                        "-days", "2", "-subj", "/CN=e2e-wrong-ca"], check=True, capture_output=True, timeout=60)
        with open(crt, "rb") as f:
            ca = base64.b64encode(f.read()).decode()

        def edit(cfg):
            for c in cfg["clusters"]:
                c["cluster"].pop("certificate-authority", None)
                c["cluster"]["certificate-authority-data"] = ca
        kc = self.write_kubeconfig(edit)
        r = self.coffer.create("e2e-wrong-ca", self.loc, kc, timeout=60)
        self.assert_failed(r, "e2e-wrong-ca", "certificate")

    # -- the spec -------------------------------------------------------------------------------------
    ERRORS = {
        "glob": (["--include-namespaces", "prod-["], r"prod-\["),
        "selectors": (["--selector", "app=web", "--or-selector", "app=a or app=b"], r"(?i)or.?label.?selector|or-selector"),
        "filters": (["--include-resources", "configmaps", "--include-cluster-scoped-resources", "storageclasses"],
                    r"(?i)cluster.?scoped"),
        "ttl": (["--ttl=-1h"], r"(?i)\bttl\b"),
    }

    def assert_failed_validation(self, name, flags, patterns):
        r = self.coffer.create(name, self.loc, self.sim.kubeconfig, *flags)
        self.assertEqual(r.code, 1, r)
        b = final_backup(r, self.loc, name)
        if b is not None:
            self.assertEqual(b["status"].get("phase"), "FailedValidation", "%r\n%r" % (b["status"], r))
            errors = b["status"].get("validationErrors") or []
            self.assertGreaterEqual(len(errors), len(patterns), "validationErrors: %s" % errors)
            used = set()
            for p in patterns:
                hit = [i for i, e in enumerate(errors) if re.search(p, e) and i not in used]
                self.assertTrue(hit, "no validation error matches %r: %s" % (p, errors))
                used.add(hit[0])
        else:
            self.assertIn("FailedValidation", r.text(), r)
            for p in patterns:
                self.assertRegex(r.text(), p)
        self.assert_no_backup_visible(name)
        return r

    def test_invalid_spec_each(self):
        for what, (flags, pattern) in self.ERRORS.items():
            with self.subTest(error=what):
                self.assert_failed_validation("e2e-invalid-" + what, flags, [pattern])

    def test_invalid_spec_lists_every_error(self):
        flags, patterns = [], []
        for f, p in self.ERRORS.values():
            flags += f
            patterns.append(p)
        self.assert_failed_validation("e2e-invalid-all", flags, patterns)

    # -- the storage ----------------------------------------------------------------------------------
    def test_storage_write_failure_backups_is_a_file(self):
        # Tests run as root, so permissions cannot stop writes: a file where a directory is expected does.
        with open(os.path.join(self.loc, "backups"), "w") as f:
            f.write("not a directory\n")
        r = self.coffer.create("e2e-storage", self.loc, self.sim.kubeconfig)
        self.assert_failed(r, "e2e-storage", "backups")
        with open(os.path.join(self.loc, "backups")) as f:
            self.assertEqual(f.read(), "not a directory\n")
        self.assert_no_backup_visible("e2e-storage")

    def test_storage_write_failure_backup_dir_is_a_file(self):
        os.makedirs(os.path.join(self.loc, "backups"))
        with open(os.path.join(self.loc, "backups", "e2e-storage2"), "w") as f:
            f.write("in the way\n")
        r = self.coffer.create("e2e-storage2", self.loc, self.sim.kubeconfig)
        self.assert_failed(r, "e2e-storage2", "backups/e2e-storage2", "e2e-storage2")
        self.assert_no_backup_visible("e2e-storage2")

    def test_storage_write_failure_late_sidecar(self):
        # The last pieces cannot be written (a directory sits where the results file goes): the
        # backup must not become visible -- velero-backup.json is the existence marker.
        bdir = os.path.join(self.loc, "backups", "e2e-storage3")
        os.makedirs(os.path.join(bdir, "e2e-storage3-results.gz"))
        os.makedirs(os.path.join(bdir, "e2e-storage3-volumeinfo.json.gz"))
        r = self.coffer.create("e2e-storage3", self.loc, self.sim.kubeconfig)
        self.assert_failed(r, "e2e-storage3", "results", "volumeinfo", "e2e-storage3")
        self.assert_no_backup_visible("e2e-storage3")


if __name__ == "__main__":
    unittest.main()
