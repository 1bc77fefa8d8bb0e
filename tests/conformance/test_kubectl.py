"""kubesim driven by the real kubectl: discovery, the published fixtures, CRUD verbs, patches,
apply, watch, selectors, scaling, deletion and the errors as a real API server words them."""
import json
import os
import queue
import re
import shutil
import tempfile
import threading
import unittest
import uuid

import yaml

from kubesim_fixture import MANIFESTS, KubesimTestCase, invalid_without_selector, load_docs, wait_for

FIXTURE_DIRS = ["guestbook", "wordpress-mysql", "cassandra", "ingress-nginx", "metrics-server"]
NODES = {"kubesim-node-1", "kubesim-node-2", "kubesim-node-3"}
CLUSTER_SCOPED = {"Namespace", "PersistentVolume", "StorageClass", "ClusterRole", "ClusterRoleBinding",
                  "IngressClass", "ValidatingWebhookConfiguration", "APIService", "CustomResourceDefinition"}


def ident(doc):
    kind = doc["kind"]
    ns = None if kind in CLUSTER_SCOPED else (doc["metadata"].get("namespace") or "default")
    return (kind, ns, doc["metadata"]["name"])


def unique(prefix):
    return "%s-%s" % (prefix, uuid.uuid4().hex[:6])


def lines_of(text):
    return [l for l in text.splitlines() if l.strip()]


def header_columns(table_output):
    return lines_of(table_output)[0].split()


def configmap(name, ns, data=None, labels=None):
    md = {"name": name, "namespace": ns}
    if labels:
        md["labels"] = labels
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": md, "data": data or {}}


def deployment(name, ns, replicas=1, image="nginx:1.25"):
    return {"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": name, "namespace": ns, "labels": {"app": name}},
            "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": name}},
                     "template": {"metadata": {"labels": {"app": name}},
                                  "spec": {"containers": [{"name": "main", "image": image}]}}}}


# ---------------------------------------------------------------------------------------------------
class DiscoveryTest(KubesimTestCase):
    """version, api-resources, api-versions, cluster-info, and the three kubeconfig contexts."""

    def test_version(self):
        r = self.k.ok("version")
        self.assertIn("Client Version: v1.32", r.out)
        self.assertRegex(r.out, r"Server Version: v1\.\d+\.\d+")
        v = self.k.ok("version", "-o", "json").json()
        server = v.get("serverVersion")
        self.assertIsInstance(server, dict, r.out)
        self.assertRegex(server.get("gitVersion", ""), r"^v1\.\d+\.\d+")
        self.assertEqual(server.get("major"), "1")
        self.assertRegex(server.get("minor", ""), r"^\d+\+?$")
        self.assertIn("platform", server)

    def test_api_resources(self):
        r = self.k.ok("api-resources")
        self.assertEqual(header_columns(r.out), ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"])
        rows = {}
        for line in lines_of(r.out)[1:]:
            cols = line.split()
            rows.setdefault(cols[0], []).append(cols)
        expect = {
            "pods": ["pods", "po", "v1", "true", "Pod"],
            "deployments": ["deployments", "deploy", "apps/v1", "true", "Deployment"],
            "statefulsets": ["statefulsets", "sts", "apps/v1", "true", "StatefulSet"],
            "namespaces": ["namespaces", "ns", "v1", "false", "Namespace"],
            "customresourcedefinitions": ["customresourcedefinitions", "crd,crds", "apiextensions.k8s.io/v1", "false",
                                          "CustomResourceDefinition"],
            "persistentvolumeclaims": ["persistentvolumeclaims", "pvc", "v1", "true", "PersistentVolumeClaim"],
            "storageclasses": ["storageclasses", "sc", "storage.k8s.io/v1", "false", "StorageClass"],
            "configmaps": ["configmaps", "cm", "v1", "true", "ConfigMap"],
            "services": ["services", "svc", "v1", "true", "Service"],
            "jobs": ["jobs", "batch/v1", "true", "Job"],
            "horizontalpodautoscalers": ["horizontalpodautoscalers", "hpa", "autoscaling/v2", "true",
                                         "HorizontalPodAutoscaler"],
        }
        for name, cols in expect.items():
            self.assertIn(name, rows, "api-resources lacks %s:\n%s" % (name, r.out))
            self.assertIn(cols, rows[name], "api-resources row for %s" % name)
        self.assertIn("volumesnapshots", rows, r.out)
        self.assertEqual(rows["volumesnapshots"][0][-3:], ["snapshot.storage.k8s.io/v1", "true", "VolumeSnapshot"])
        self.assertIn("volumesnapshotclasses", rows, r.out)
        self.assertIn("volumesnapshotcontents", rows, r.out)
        # Subresources are not listed as resources.
        self.assertFalse([n for n in rows if "/" in n], "subresources listed: %s" % [n for n in rows if "/" in n])

        r = self.k.ok("api-resources", "--api-group=apps", "-o", "name")
        self.assertEqual(set(lines_of(r.out)), {"controllerrevisions.apps", "daemonsets.apps", "deployments.apps",
                                               "replicasets.apps", "statefulsets.apps"})
        r = self.k.ok("api-resources", "--namespaced=false", "-o", "name")
        self.assertIn("nodes", lines_of(r.out))
        self.assertNotIn("pods", lines_of(r.out))

    def test_api_resources_wide_shows_verbs(self):
        r = self.k.ok("api-resources", "-o", "wide")
        self.assertEqual(header_columns(r.out)[-2:], ["VERBS", "CATEGORIES"])
        pods = [l for l in lines_of(r.out) if l.startswith("pods ")]
        self.assertEqual(len(pods), 1, r.out)
        cols = pods[0].split()
        self.assertEqual(cols[-1], "all", "CATEGORIES of pods")
        self.assertEqual(set(cols[-2].split(",")),
                         {"create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"})
        r = self.k.ok("api-resources", "--verbs=list,watch", "--api-group=apps", "-o", "name")
        self.assertIn("deployments.apps", lines_of(r.out))

    def test_api_versions(self):
        r = self.k.ok("api-versions")
        versions = set(lines_of(r.out))
        for v in ["v1", "apps/v1", "batch/v1", "autoscaling/v1", "autoscaling/v2", "apiextensions.k8s.io/v1",
                  "storage.k8s.io/v1", "snapshot.storage.k8s.io/v1", "rbac.authorization.k8s.io/v1",
                  "networking.k8s.io/v1", "apiregistration.k8s.io/v1", "admissionregistration.k8s.io/v1",
                  "coordination.k8s.io/v1", "policy/v1"]:
            self.assertIn(v, versions, "api-versions:\n%s" % r.out)

    def test_cluster_info(self):
        r = self.k.ok("cluster-info")
        plain = re.sub(r"\x1b\[[0-9;]*m", "", r.out)
        self.assertIn("Kubernetes control plane is running at %s" % self.sim.url, plain)

    def test_initial_cluster_state(self):
        nodes = self.k.get_json("nodes")
        self.assertEqual({n["metadata"]["name"] for n in nodes["items"]}, NODES)
        for n in nodes["items"]:
            ready = [c for c in n["status"].get("conditions", []) if c["type"] == "Ready"]
            self.assertEqual([c["status"] for c in ready], ["True"], n["metadata"]["name"])
        names = {n["metadata"]["name"] for n in self.k.get_json("namespaces")["items"]}
        self.assertLessEqual({"default", "kube-system", "kube-public", "kube-node-lease"}, names)
        sc = self.k.get_json("storageclass", "standard")
        self.assertEqual(sc["metadata"].get("annotations", {}).get("storageclass.kubernetes.io/is-default-class"),
                         "true")
        r = self.k.ok("get", "storageclass")
        self.assertRegex(r.out, r"standard \(default\)")
        self.assertTrue(self.k.get_json("volumesnapshotclasses")["items"])

    def test_client_certificate_context(self):
        r = self.k.ok("--context", "kubesim-cert", "get", "namespaces", "-o", "name")
        self.assertIn("namespace/default", lines_of(r.out))
        name = unique("cert-cm")
        self.k.ok("--context", "kubesim-cert", "create", "-f", "-", input=json.dumps(configmap(name, "default")))
        self.k.ok("--context", "kubesim-cert", "delete", "configmap", name)
        r = self.k.ok("--context", "kubesim-cert", "auth", "whoami", "-o", "json")
        groups = r.json().get("status", {}).get("userInfo", {}).get("groups", [])
        self.assertIn("system:masters", groups, r.out)

    def test_viewer_context_reads_but_cannot_write(self):
        r = self.k.ok("--context", "kubesim-viewer", "get", "namespaces", "-o", "name")
        self.assertIn("namespace/default", lines_of(r.out))
        cm = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "viewer-cm", "namespace": "default"}}
        r = self.k.fails("--context", "kubesim-viewer", "create", "-f", "-", input=json.dumps(cm))
        self.assertIn("Error from server (Forbidden)", r.err)
        self.assertRegex(r.err, r'configmaps is forbidden: User "[^"]+" cannot create resource "configmaps" '
                                r'in API group "" in the namespace "default"')
        r = self.k.fails("--context", "kubesim-viewer", "delete", "namespace", "kube-public")
        self.assertIn("Error from server (Forbidden)", r.err)
        self.k.ok("get", "namespace", "kube-public")

    def test_wrong_token_is_unauthorized(self):
        with open(self.sim.kubeconfig) as f:
            kc = yaml.safe_load(f)
        ctx = next(c for c in kc["contexts"] if c["name"] == "kubesim")["context"]
        user = next(u for u in kc["users"] if u["name"] == ctx["user"])
        self.assertIn("token", user["user"])
        user["user"]["token"] = "not-the-right-token"
        path = os.path.join(self.sim.tmp, "kubeconfig-wrong-token")
        with open(path, "w") as f:
            yaml.safe_dump(kc, f)
        r = self.k.fails("--context", "kubesim", "get", "pods", kubeconfig=path)
        self.assertIn("error: You must be logged in to the server (Unauthorized)", r.err)


# ---------------------------------------------------------------------------------------------------
class FixturesTest(KubesimTestCase):
    """kubectl apply -f of every published fixture directory, and what the controllers make of it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.applied = {}
        for d in FIXTURE_DIRS:
            cls.applied[d] = cls.k.run("apply", "-f", os.path.join(MANIFESTS, d), timeout=120)

    def assert_applied(self, fixture):
        r = self.applied[fixture]
        self.assertEqual(r.code, 0, "kubectl apply -f %s failed:\n%r" % (fixture, r))
        return r

    def check_apply_output(self, fixture, r):
        out = lines_of(r.out)
        expected = [d for d in load_docs(fixture) if not invalid_without_selector(d)]
        created = [l for l in out if l.endswith(" created")]
        self.assertEqual(len(created), len(expected), "one 'created' line per object:\n%s" % r.out)
        for d in expected:
            self.assertTrue(any(l.split()[0].endswith("/" + d["metadata"]["name"]) for l in created),
                            "%s not in apply output:\n%s" % (ident(d), r.out))

    def test_apply_guestbook(self):
        self.check_apply_output("guestbook", self.assert_applied("guestbook"))

    def test_apply_wordpress_mysql(self):
        self.check_apply_output("wordpress-mysql", self.assert_applied("wordpress-mysql"))

    def test_apply_cassandra(self):
        self.check_apply_output("cassandra", self.assert_applied("cassandra"))

    def test_apply_ingress_nginx(self):
        self.check_apply_output("ingress-nginx", self.assert_applied("ingress-nginx"))

    def test_apply_metrics_server(self):
        r = self.applied["metrics-server"]
        # The published manifests/base/deployment.yaml has no spec.selector (kustomize adds it in
        # the release build), so a real API server rejects that one object with 422 and kubectl
        # exits 1 after applying the other eight.
        bad = [d for d in load_docs("metrics-server") if invalid_without_selector(d)]
        if bad:
            self.assertEqual(r.code, 1, repr(r))
            self.assertIn('The Deployment "metrics-server" is invalid', r.err)
            self.assertIn("spec.selector: Required value", r.err)
            # A missing selector matches nothing, so the template's labels are reported too.
            self.assertIn("spec.template.metadata.labels: Invalid value: map[string]string(nil): "
                          "`selector` does not match template `labels`", r.err)
        else:
            self.assertEqual(r.code, 0, repr(r))
        self.check_apply_output("metrics-server", r)

    def test_get_every_applied_object(self):
        for fixture in FIXTURE_DIRS:
            with self.subTest(fixture=fixture):
                # Jobs with ttlSecondsAfterFinished may already be finished and deleted, and a
                # Deployment without selector was rejected: get -f the others.
                docs = [d for d in load_docs(fixture)
                        if not invalid_without_selector(d)
                        and not (d["kind"] == "Job" and "ttlSecondsAfterFinished" in d.get("spec", {}))]
                tmp = tempfile.mkdtemp(dir=self.sim.tmp)
                path = os.path.join(tmp, fixture + ".yaml")
                with open(path, "w") as f:
                    yaml.safe_dump_all(docs, f)
                got = self.k.get_json("-f", path)
                self.assertEqual(got.get("kind"), "List")
                seen = [(i["kind"], i["metadata"].get("namespace"), i["metadata"]["name"]) for i in got["items"]]
                self.assertEqual(sorted(seen, key=str), sorted([ident(d) for d in docs], key=str))
                for item in got["items"]:
                    md = item["metadata"]
                    self.assertTrue(md.get("uid") and md.get("resourceVersion") and md.get("creationTimestamp"), md)
                    self.assertIn("kubectl.kubernetes.io/last-applied-configuration", md.get("annotations", {}), md)
                shutil.rmtree(tmp)

    def expected_workload_pods(self):
        """namespace -> number of pods the fixtures' Deployments and StatefulSets ask for."""
        want = {}
        for fixture in FIXTURE_DIRS:
            for d in load_docs(fixture):
                if d["kind"] in ("Deployment", "StatefulSet") and not invalid_without_selector(d):
                    ns = d["metadata"].get("namespace", "default")
                    want[ns] = want.get(ns, 0) + d["spec"].get("replicas", 1)
        return want

    def test_workload_pods_become_running(self):
        for ns, count in self.expected_workload_pods().items():
            def running():
                pods = self.k.get_json("pods", "-n", ns)["items"]
                workload = [p for p in pods
                            if any(o["kind"] in ("ReplicaSet", "StatefulSet")
                                   for o in p["metadata"].get("ownerReferences", []))]
                phases = sorted(p.get("status", {}).get("phase", "") for p in workload)
                return (len(workload) == count and phases == ["Running"] * count) and workload
            pods = wait_for("%d Running workload pods in namespace %s" % (count, ns), running, timeout=90, interval=0.5)
            for p in pods:
                self.assertIn(p["spec"].get("nodeName"), NODES, p["metadata"]["name"])
                self.assertTrue(p["status"].get("podIP"), p["metadata"]["name"])
                ready = [c["status"] for c in p["status"].get("conditions", []) if c["type"] == "Ready"]
                self.assertEqual(ready, ["True"], p["metadata"]["name"])
                statuses = p["status"].get("containerStatuses", [])
                self.assertEqual(len(statuses), len(p["spec"]["containers"]), p["metadata"]["name"])
                self.assertTrue(all(s.get("ready") and "running" in s.get("state", {}) for s in statuses), statuses)

    def test_cassandra_statefulset_pods_and_pvcs(self):
        names = ["cassandra-data-cassandra-%d" % i for i in range(3)]

        def bound():
            pvcs = {p["metadata"]["name"]: p for p in self.k.get_json("pvc", "-n", "default")["items"]}
            return all(pvcs.get(n, {}).get("status", {}).get("phase") == "Bound" for n in names) and pvcs
        pvcs = wait_for("PVCs %s Bound (StorageClass 'fast' from the cassandra fixture)" % names, bound, timeout=60,
                        interval=0.5)
        for n in names:
            pv = self.k.get_json("pv", pvcs[n]["spec"]["volumeName"])
            self.assertEqual(pv["spec"]["claimRef"]["name"], n)
            self.assertEqual(pv["status"]["phase"], "Bound")
        pods = {"cassandra-%d" % i for i in range(3)}
        got = {p["metadata"]["name"] for p in self.k.get_json("pods", "-n", "default", "-l", "app=cassandra")["items"]}
        self.assertEqual(got, pods)
        sts = wait_for("statefulset cassandra readyReplicas=3",
                       lambda: (lambda s: s.get("status", {}).get("readyReplicas") == 3 and s)(
                           self.k.get_json("statefulset", "cassandra")), timeout=60, interval=0.5)
        self.assertEqual(sts["status"].get("replicas"), 3)

    def test_wordpress_pvcs_get_default_class_and_bind(self):
        for name in ("mysql-pv-claim", "wp-pv-claim"):
            pvc = wait_for("PVC %s Bound" % name,
                           lambda: (lambda p: p.get("status", {}).get("phase") == "Bound" and p)(
                               self.k.get_json("pvc", name)), timeout=60, interval=0.5)
            self.assertEqual(pvc["spec"].get("storageClassName"), "standard")
            self.assertEqual(pvc["status"]["capacity"]["storage"], "20Gi")
        # The static PVs (no class) stay Available: a claim of class "standard" cannot take them.
        for pv in ("local-pv-1", "local-pv-2", "wordpress-pv-1", "wordpress-pv-2"):
            got = self.k.get_json("pv", pv)
            self.assertEqual(got.get("status", {}).get("phase"), "Available", pv)

    def test_ingress_nginx_jobs_complete_and_are_deleted(self):
        # Both Jobs have ttlSecondsAfterFinished: 0, so they go away once they finish.
        def gone():
            jobs = self.k.get_json("jobs", "-n", "ingress-nginx")["items"]
            return not jobs
        wait_for("the ingress-nginx admission Jobs to complete and be deleted (ttlSecondsAfterFinished: 0)", gone,
                 timeout=90, interval=0.5)

    def test_rollout_status_frontend(self):
        r = self.k.ok("rollout", "status", "deployment/frontend", "--timeout=60s", timeout=90, request_timeout=None)
        self.assertIn('deployment "frontend" successfully rolled out', r.out)
        d = self.k.get_json("deployment", "frontend")
        self.assertEqual(d["status"].get("readyReplicas"), 3)
        self.assertEqual(d["status"].get("updatedReplicas"), 3)
        self.assertEqual(d["status"].get("availableReplicas"), 3)
        self.assertEqual(d["status"].get("observedGeneration"), d["metadata"]["generation"])

    def test_reapply_is_unchanged(self):
        self.assert_applied("guestbook")
        r = self.k.ok("apply", "-f", os.path.join(MANIFESTS, "guestbook"))
        out = lines_of(r.out)
        self.assertEqual(len(out), len(load_docs("guestbook")), r.out)
        for line in out:
            self.assertTrue(line.endswith(" unchanged"), r.out)

    def test_metrics_api_unavailable_is_only_a_warning(self):
        r = self.applied["metrics-server"]
        self.assertIn("apiservice.apiregistration.k8s.io/v1beta1.metrics.k8s.io", r.out)
        raw = self.k.fails("get", "--raw", "/apis/metrics.k8s.io/v1beta1")
        self.assertIn("Error from server (ServiceUnavailable): the server is currently unable to handle the request",
                      raw.err)
        # Everything else keeps working (discovery from scratch, so the unavailable group is seen).
        # kubectl may warn "couldn't get resource list for metrics.k8s.io/v1beta1", but must succeed.
        for args in (("get", "pods", "-A"), ("api-resources",), ("api-versions",), ("get", "all", "-n", "default")):
            r = self.k.ok(*args, fresh_cache=True)
            if "metrics.k8s.io" in r.err:
                self.assertIn("couldn't get resource list for metrics.k8s.io/v1beta1", r.err)
            if args[1:2] == ("pods",):
                self.assertIn("frontend-", r.out)
            if args == ("api-resources",):
                self.assertIn("deployments", r.out)
        r = self.k.ok("get", "apiservice", "v1beta1.metrics.k8s.io", "-o", "json")
        available = [c for c in r.json().get("status", {}).get("conditions", []) if c["type"] == "Available"]
        self.assertEqual([c["status"] for c in available], ["False"], r.out)


# ---------------------------------------------------------------------------------------------------
class KubectlVerbsTest(KubesimTestCase):
    """create/get/patch/apply/scale/delete/watch, selectors and error wording. Each test works in
    its own namespace."""

    def namespace(self):
        """A fresh namespace (made from a manifest: `kubectl create namespace` is tested on its own)."""
        ns = unique("t")
        self.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}})
        return ns

    def create(self, *objs):
        """kubectl create -f - of these objects, one YAML document each (a kind: List is tested on its own)."""
        return self.k.ok("create", "-f", "-", input=yaml.safe_dump_all(objs))

    def pods_of(self, ns, selector):
        return self.k.get_json("pods", "-n", ns, "-l", selector)["items"]

    def wait_pods(self, ns, selector, count, running=True):
        def ok():
            pods = [p for p in self.pods_of(ns, selector) if not p["metadata"].get("deletionTimestamp")]
            if len(pods) != count:
                return False
            if running and any(p.get("status", {}).get("phase") != "Running" for p in pods):
                return False
            return pods or True
        return wait_for("%d %spods -l %s in %s" % (count, "Running " if running else "", selector, ns), ok,
                        timeout=60, interval=0.3)

    # -- create / get ------------------------------------------------------------------------------
    def test_create_from_a_list_and_get_round_trip(self):
        ns = self.namespace()
        doc = {"apiVersion": "v1", "kind": "List",
               "items": [configmap("l1", ns, {"a": "1"}), configmap("l2", ns, {"b": "2"})]}
        r = self.k.ok("create", "-f", "-", input=json.dumps(doc))
        self.assertEqual(lines_of(r.out), ["configmap/l1 created", "configmap/l2 created"])
        # What kubectl get -o json prints (a List) can be fed back to kubectl.
        dumped = self.k.ok("get", "configmaps", "l1", "l2", "-n", ns, "-o", "json").out
        r = self.k.ok("delete", "-f", "-", input=dumped)
        self.assertEqual(lines_of(r.out), ['configmap "l1" deleted', 'configmap "l2" deleted'])

    def test_create_namespace_subcommand(self):
        ns = unique("t")
        r = self.k.ok("create", "namespace", ns)
        self.assertEqual(r.out.strip(), "namespace/%s created" % ns)
        self.assertEqual(self.k.get_json("namespace", ns)["status"]["phase"], "Active")
        r = self.k.fails("create", "namespace", ns)
        self.assertEqual(r.err.strip(), 'Error from server (AlreadyExists): namespaces "%s" already exists' % ns)

    def test_create_configmap_subcommand(self):
        ns = self.namespace()
        r = self.k.ok("create", "configmap", "settings", "-n", ns, "--from-literal=color=blue",
                      "--from-literal=size=10")
        self.assertEqual(r.out.strip(), "configmap/settings created")
        cm = self.k.get_json("configmap", "settings", "-n", ns)
        self.assertEqual(cm["data"], {"color": "blue", "size": "10"})

    def test_get_output_formats(self):
        ns = self.namespace()
        self.create(configmap("settings", ns, {"color": "blue", "size": "10"}))
        cm = self.k.get_json("configmap", "settings", "-n", ns)
        self.assertEqual(cm["data"], {"color": "blue", "size": "10"})
        self.assertEqual(cm["kind"], "ConfigMap")
        self.assertEqual(cm["apiVersion"], "v1")
        as_yaml = yaml.safe_load(self.k.ok("get", "configmap", "settings", "-n", ns, "-o", "yaml").out)
        self.assertEqual(as_yaml["metadata"]["uid"], cm["metadata"]["uid"])
        self.assertEqual(as_yaml["data"], cm["data"])
        r = self.k.ok("get", "configmaps", "-n", ns)
        self.assertEqual(header_columns(r.out), ["NAME", "DATA", "AGE"])
        row = [l.split() for l in lines_of(r.out) if l.startswith("settings ")]
        self.assertEqual([c[:2] for c in row], [["settings", "2"]], r.out)
        r = self.k.ok("get", "configmap", "settings", "-n", ns, "-o", "name")
        self.assertEqual(r.out.strip(), "configmap/settings")
        r = self.k.ok("get", "configmap", "settings", "-n", ns, "-o", "jsonpath={.data.color}")
        self.assertEqual(r.out, "blue")
        r = self.k.ok("get", "configmaps", "-n", ns, "-o", "json")
        self.assertEqual(r.json()["kind"], "List")
        r = self.k.ok("get", "namespace", ns)
        self.assertEqual(header_columns(r.out), ["NAME", "STATUS", "AGE"])
        self.assertEqual(lines_of(r.out)[1].split()[:2], [ns, "Active"])
        r = self.k.ok("get", "configmap", "settings", "-n", ns, "--show-labels")
        self.assertEqual(header_columns(r.out), ["NAME", "DATA", "AGE", "LABELS"])

    def test_create_deployment_subcommand(self):
        ns = self.namespace()
        r = self.k.ok("create", "deployment", "web", "--image=nginx:1.25", "--replicas=2", "-n", ns)
        self.assertEqual(r.out.strip(), "deployment.apps/web created")
        d = self.k.get_json("deployment", "web", "-n", ns)
        self.assertEqual(d["spec"]["selector"], {"matchLabels": {"app": "web"}})
        self.assertEqual(d["spec"]["template"]["spec"]["containers"][0]["image"], "nginx:1.25")
        self.wait_pods(ns, "app=web", 2)

    def test_create_from_client_dry_run_output(self):
        # A common flow: kubectl create ... --dry-run=client -o json | kubectl create -f -. The
        # manifest carries creationTimestamp: null, strategy: {}, resources: {} and status: {}.
        ns = self.namespace()
        r = self.k.ok("create", "deployment", "dry", "--image=nginx:1.25", "--replicas=2", "-n", ns,
                      "--dry-run=client", "-o", "json")
        manifest = r.json()
        self.assertIsNone(manifest["spec"]["template"]["metadata"]["creationTimestamp"])
        self.k.ok("create", "-f", "-", input=r.out)
        d = self.k.get_json("deployment", "dry", "-n", ns)
        self.assertTrue(d["metadata"].get("creationTimestamp"))
        self.assertEqual(d["spec"].get("strategy"), {"type": "RollingUpdate",
                                                     "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}},
                         "an empty strategy is defaulted")
        self.wait_pods(ns, "app=dry", 2)

    def test_deployment_defaults_and_table_columns(self):
        ns = self.namespace()
        self.create(deployment("web", ns, replicas=2))
        d = self.k.get_json("deployment", "web", "-n", ns)
        # Defaults a real server fills in.
        self.assertEqual(d["spec"]["strategy"], {"type": "RollingUpdate",
                                                 "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}})
        self.assertEqual(d["spec"]["revisionHistoryLimit"], 10)
        self.assertEqual(d["spec"]["progressDeadlineSeconds"], 600)
        pod_spec = d["spec"]["template"]["spec"]
        self.assertEqual(pod_spec["restartPolicy"], "Always")
        self.assertEqual(pod_spec["dnsPolicy"], "ClusterFirst")
        self.assertEqual(pod_spec["terminationGracePeriodSeconds"], 30)
        self.assertEqual(pod_spec["containers"][0]["terminationMessagePolicy"], "File")
        self.assertEqual(pod_spec["containers"][0]["imagePullPolicy"], "IfNotPresent")
        self.wait_pods(ns, "app=web", 2)
        wait_for("deployment web READY 2/2", lambda: self.k.get_json("deployment", "web", "-n", ns)
                 .get("status", {}).get("readyReplicas") == 2, timeout=60, interval=0.3)
        r = self.k.ok("get", "deployments", "-n", ns)
        self.assertEqual(header_columns(r.out), ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"])
        self.assertEqual(lines_of(r.out)[1].split()[:4], ["web", "2/2", "2", "2"])
        r = self.k.ok("get", "pods", "-n", ns)
        self.assertEqual(header_columns(r.out), ["NAME", "READY", "STATUS", "RESTARTS", "AGE"])
        rows = [l.split() for l in lines_of(r.out)[1:]]
        self.assertEqual(len(rows), 2, r.out)
        for row in rows:
            self.assertRegex(row[0], r"^web-[a-z0-9]+-[a-z0-9]{5}$")
            self.assertEqual(row[1:4], ["1/1", "Running", "0"])
        r = self.k.ok("get", "pods", "-n", ns, "-o", "wide")
        self.assertEqual(header_columns(r.out)[:8], ["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE",
                                                     "NOMINATED"])
        for row in [l.split() for l in lines_of(r.out)[1:]]:
            self.assertIn(row[6], NODES)
        r = self.k.ok("get", "replicasets", "-n", ns)
        self.assertEqual(header_columns(r.out), ["NAME", "DESIRED", "CURRENT", "READY", "AGE"])
        r = self.k.ok("get", "all", "-n", ns)
        self.assertIn("deployment.apps/web", r.out)
        self.assertIn("replicaset.apps/web-", r.out)
        self.assertIn("pod/web-", r.out)

    # -- watch ------------------------------------------------------------------------------------
    def test_get_watch_shows_a_concurrent_update(self):
        ns = self.namespace()
        self.create(configmap("watched", ns, {"v": "one"}))
        proc = self.k.popen("get", "configmap", "watched", "-n", ns, "--watch", "--request-timeout=5s",
                            "-o", "jsonpath={.data.v}{\"\\n\"}")
        lines = queue.Queue()
        reader = threading.Thread(target=lambda: [lines.put(l.strip()) for l in proc.stdout], daemon=True)
        reader.start()
        try:
            def next_line(what, timeout=10):
                try:
                    return lines.get(timeout=timeout)
                except queue.Empty:
                    self.fail("kubectl get --watch printed no line within %ss (waiting for %s); stderr: %s"
                              % (timeout, what, proc.stderr.read() if proc.poll() is not None else "(running)"))
            self.assertEqual(next_line("the current object"), "one")
            self.k.ok("patch", "configmap", "watched", "-n", ns, "--type", "merge", "-p", '{"data":{"v":"two"}}')
            self.assertEqual(next_line("the update made in parallel"), "two")
        finally:
            proc.kill()
            proc.wait(10)

    # -- selectors --------------------------------------------------------------------------------
    def test_label_selectors(self):
        ns = self.namespace()
        for name, labels in [("a", "app=x,tier=a"), ("b", "app=x,tier=b"), ("c", "app=y,tier=c"),
                             ("d", "app=x,tier=c,skip=yes"), ("e", None)]:
            self.create(configmap(name, ns))
            if labels:
                self.k.ok("label", "configmap", name, "-n", ns, *labels.split(","))

        def names(*args):
            return sorted(l.split("/", 1)[1] for l in lines_of(self.k.ok("get", "configmaps", "-n", ns, "-o", "name",
                                                                           *args).out)
                          if l.split("/", 1)[1] != "kube-root-ca.crt")
        self.assertEqual(names("-l", "app=x"), ["a", "b", "d"])
        self.assertEqual(names("-l", "app!=x"), ["c", "e"])
        self.assertEqual(names("-l", "tier in (a,b)"), ["a", "b"])
        self.assertEqual(names("-l", "tier notin (a,b)"), ["c", "d", "e"])
        self.assertEqual(names("-l", "!skip"), ["a", "b", "c", "e"])
        self.assertEqual(names("-l", "skip"), ["d"])
        self.assertEqual(names("-l", "app=x,tier in (c)"), ["d"])
        r = self.k.ok("get", "configmaps", "-n", ns, "-l", "app=nothing")
        self.assertIn("No resources found in %s namespace." % ns, r.err)
        r = self.k.fails("get", "configmaps", "-n", ns, "-l", "tier in (a")
        self.assertIn("unable to parse requirement", r.err)

    def test_field_selectors(self):
        ns = self.namespace()
        self.create(configmap("fs-x", ns), configmap("fs-y", ns))
        r = self.k.ok("get", "configmaps", "-n", ns, "--field-selector", "metadata.name=fs-x", "-o", "name")
        self.assertEqual(lines_of(r.out), ["configmap/fs-x"])
        r = self.k.ok("get", "configmaps", "-n", ns, "--field-selector", "metadata.name!=fs-x", "-o", "name")
        self.assertIn("configmap/fs-y", lines_of(r.out))
        self.assertNotIn("configmap/fs-x", lines_of(r.out))
        pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "runs", "namespace": ns},
               "spec": {"containers": [{"name": "c", "image": "busybox"}]}}
        stuck = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "stuck", "namespace": ns},
                 "spec": {"nodeSelector": {"no-such-label": "anywhere"},
                          "containers": [{"name": "c", "image": "busybox"}]}}
        self.create(pod, stuck)
        wait_for("pod runs Running", lambda: self.k.get_json("pod", "runs", "-n", ns)["status"].get("phase") == "Running",
                 timeout=60, interval=0.3)
        r = self.k.ok("get", "pods", "-n", ns, "--field-selector", "status.phase=Running", "-o", "name")
        self.assertEqual(lines_of(r.out), ["pod/runs"])
        r = self.k.ok("get", "pods", "-n", ns, "--field-selector", "status.phase=Pending", "-o", "name")
        self.assertEqual(lines_of(r.out), ["pod/stuck"])
        r = self.k.ok("get", "pods", "-n", ns, "--field-selector", "status.phase!=Running,metadata.name=stuck",
                      "-o", "name")
        self.assertEqual(lines_of(r.out), ["pod/stuck"])
        node = self.k.get_json("pod", "runs", "-n", ns)["spec"]["nodeName"]
        r = self.k.ok("get", "pods", "-A", "--field-selector", "spec.nodeName=" + node, "-o", "name")
        self.assertIn("pod/runs", lines_of(r.out))
        r = self.k.fails("get", "pods", "-n", ns, "--field-selector", "spec.unknownField=1")
        self.assertIn("Error from server (BadRequest)", r.err)
        self.assertIn('field label not supported: spec.unknownField', r.err)

    # -- patch ------------------------------------------------------------------------------------
    def test_patch_merge_and_json(self):
        ns = self.namespace()
        self.create(configmap("p", ns, {"a": "1", "b": "2", "c": "3"}))
        r = self.k.ok("patch", "configmap", "p", "-n", ns, "--type", "merge", "-p",
                      '{"data":{"a":"10","b":null},"metadata":{"labels":{"l":"v"}}}')
        self.assertEqual(r.out.strip(), "configmap/p patched")
        cm = self.k.get_json("configmap", "p", "-n", ns)
        self.assertEqual(cm["data"], {"a": "10", "c": "3"})
        self.assertEqual(cm["metadata"]["labels"], {"l": "v"})
        self.k.ok("patch", "configmap", "p", "-n", ns, "--type", "json", "-p",
                  '[{"op":"add","path":"/data/d","value":"4"},{"op":"remove","path":"/data/c"},'
                  '{"op":"replace","path":"/data/a","value":"11"}]')
        self.assertEqual(self.k.get_json("configmap", "p", "-n", ns)["data"], {"a": "11", "d": "4"})
        # A failing "test" op makes the whole patch fail, changing nothing.
        r = self.k.fails("patch", "configmap", "p", "-n", ns, "--type", "json", "-p",
                         '[{"op":"add","path":"/data/e","value":"5"},{"op":"test","path":"/data/a","value":"no"}]')
        self.assertIn("is invalid", r.err)
        self.assertIn("test", r.err)
        self.assertEqual(self.k.get_json("configmap", "p", "-n", ns)["data"], {"a": "11", "d": "4"})
        # A patch that changes nothing still succeeds.
        r = self.k.ok("patch", "configmap", "p", "-n", ns, "--type", "merge", "-p", '{"data":{"a":"11"}}')
        self.assertEqual(r.out.strip(), "configmap/p patched (no change)")

    def test_patch_strategic_changes_container_by_name(self):
        ns = self.namespace()
        dep = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "two", "namespace": ns},
               "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "two"}},
                        "template": {"metadata": {"labels": {"app": "two"}},
                                     "spec": {"containers": [
                                         {"name": "main", "image": "nginx:1.24", "env": [{"name": "A", "value": "1"}]},
                                         {"name": "sidecar", "image": "busybox:1.35"}]}}}}
        self.k.ok("create", "-f", "-", input=json.dumps(dep))
        self.k.ok("patch", "deployment", "two", "-n", ns, "--type", "strategic", "-p",
                  '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox:1.36"}]}}}}')
        got = self.k.get_json("deployment", "two", "-n", ns)
        containers = got["spec"]["template"]["spec"]["containers"]
        self.assertEqual([(c["name"], c["image"]) for c in containers],
                         [("main", "nginx:1.24"), ("sidecar", "busybox:1.36")])
        self.assertEqual(containers[0]["env"], [{"name": "A", "value": "1"}])
        self.assertEqual(got["metadata"]["generation"], 2)
        # The default patch type of kubectl patch is strategic too; env merges by name.
        self.k.ok("patch", "deployment", "two", "-n", ns, "-p",
                  '{"spec":{"template":{"spec":{"containers":[{"name":"main","env":[{"name":"B","value":"2"}]}]}}}}')
        containers = self.k.get_json("deployment", "two", "-n", ns)["spec"]["template"]["spec"]["containers"]
        self.assertEqual(containers[0]["env"], [{"name": "B", "value": "2"}, {"name": "A", "value": "1"}])
        self.k.ok("set", "image", "deployment/two", "-n", ns, "main=nginx:1.25")
        containers = self.k.get_json("deployment", "two", "-n", ns)["spec"]["template"]["spec"]["containers"]
        self.assertEqual([c["image"] for c in containers], ["nginx:1.25", "busybox:1.36"])

    # -- apply ------------------------------------------------------------------------------------
    def test_reapply_modified_manifest(self):
        ns = self.namespace()

        def manifest(image, env_value, labels):
            return json.dumps({
                "apiVersion": "apps/v1", "kind": "Deployment",
                "metadata": {"name": "app", "namespace": ns, "labels": labels},
                "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "app"}},
                         "template": {"metadata": {"labels": {"app": "app"}},
                                      "spec": {"containers": [{"name": "main", "image": image,
                                                               "env": [{"name": "MODE", "value": env_value},
                                                                       {"name": "KEEP", "value": "k"}]}]}}}})
        r = self.k.ok("apply", "-f", "-", input=manifest("nginx:1.24", "blue", {"app": "app", "stage": "old"}))
        self.assertEqual(r.out.strip(), "deployment.apps/app created")
        # A label added out of band is kept by apply (it is not in last-applied).
        self.k.ok("label", "deployment", "app", "-n", ns, "extra=kept")
        r = self.k.ok("apply", "-f", "-", input=manifest("nginx:1.25", "green", {"app": "app"}))
        self.assertEqual(r.out.strip(), "deployment.apps/app configured")
        d = self.k.get_json("deployment", "app", "-n", ns)
        self.assertEqual(d["metadata"]["labels"], {"app": "app", "extra": "kept"})
        c = d["spec"]["template"]["spec"]["containers"][0]
        self.assertEqual(c["image"], "nginx:1.25")
        self.assertEqual(c["env"], [{"name": "MODE", "value": "green"}, {"name": "KEEP", "value": "k"}])
        self.assertEqual(d["metadata"]["generation"], 2)
        last = json.loads(d["metadata"]["annotations"]["kubectl.kubernetes.io/last-applied-configuration"])
        self.assertEqual(last["metadata"]["labels"], {"app": "app"})
        r = self.k.ok("apply", "-f", "-", input=manifest("nginx:1.25", "green", {"app": "app"}))
        self.assertEqual(r.out.strip(), "deployment.apps/app unchanged")
        # The new pod template rolls out: the pods end up with the new image.
        def rolled():
            pods = [p for p in self.pods_of(ns, "app=app") if not p["metadata"].get("deletionTimestamp")]
            return (len(pods) == 1 and pods[0]["spec"]["containers"][0]["image"] == "nginx:1.25"
                    and pods[0]["status"].get("phase") == "Running")
        wait_for("the pod of deployment app to run nginx:1.25", rolled, timeout=60, interval=0.3)
        r = self.k.ok("rollout", "history", "deployment/app", "-n", ns)
        self.assertRegex(r.out, r"(?m)^1\s")
        self.assertRegex(r.out, r"(?m)^2\s")

    def test_server_side_apply(self):
        ns = self.namespace()
        cm = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "ssa", "namespace": ns},
              "data": {"a": "1"}}
        r = self.k.ok("apply", "--server-side", "-f", "-", input=json.dumps(cm))
        self.assertEqual(r.out.strip(), "configmap/ssa serverside-applied")
        got = self.k.get_json("configmap", "ssa", "-n", ns, "--show-managed-fields")
        managers = [m["manager"] for m in got["metadata"].get("managedFields", [])]
        self.assertIn("kubectl", managers)

    # -- scale / delete ---------------------------------------------------------------------------
    def test_scale_deployment(self):
        ns = self.namespace()
        self.create(deployment("sc", ns, replicas=2))
        self.wait_pods(ns, "app=sc", 2)
        r = self.k.ok("scale", "deployment", "sc", "--replicas=5", "-n", ns)
        self.assertEqual(r.out.strip(), "deployment.apps/sc scaled")
        self.wait_pods(ns, "app=sc", 5)
        wait_for("deployment sc readyReplicas=5",
                 lambda: self.k.get_json("deployment", "sc", "-n", ns).get("status", {}).get("readyReplicas") == 5,
                 timeout=60, interval=0.3)
        self.k.ok("scale", "deployment", "sc", "--replicas=1", "-n", ns)
        self.wait_pods(ns, "app=sc", 1)
        r = self.k.ok("get", "deployment", "sc", "-n", ns, "-o", "jsonpath={.spec.replicas}")
        self.assertEqual(r.out, "1")

    def test_delete_deployment_removes_replicasets_and_pods(self):
        ns = self.namespace()
        self.create(deployment("gone", ns, replicas=3))
        self.wait_pods(ns, "app=gone", 3)
        self.assertEqual(len(self.k.get_json("replicasets", "-n", ns, "-l", "app=gone")["items"]), 1)
        r = self.k.ok("delete", "deployment", "gone", "-n", ns)
        self.assertEqual(r.out.strip(), 'deployment.apps "gone" deleted')
        wait_for("the ReplicaSets of deployment gone to be deleted",
                 lambda: not self.k.get_json("replicasets", "-n", ns)["items"], timeout=60, interval=0.3)
        wait_for("the pods of deployment gone to be deleted",
                 lambda: not self.k.get_json("pods", "-n", ns)["items"], timeout=60, interval=0.3)
        r = self.k.fails("get", "deployment", "gone", "-n", ns)
        self.assertIn('Error from server (NotFound): deployments.apps "gone" not found', r.err)

    def test_delete_namespace_waits_until_gone(self):
        ns = self.namespace()
        self.create(configmap("inside", ns), deployment("inside", ns))
        self.wait_pods(ns, "app=inside", 1)
        r = self.k.ok("delete", "namespace", ns, timeout=120, request_timeout="60s")
        self.assertEqual(r.out.strip(), 'namespace "%s" deleted' % ns)
        # kubectl delete waits for the namespace to be finalized: it is gone when kubectl returns.
        r = self.k.fails("get", "namespace", ns)
        self.assertIn('Error from server (NotFound): namespaces "%s" not found' % ns, r.err)
        for kind in ("configmaps", "deployments", "replicasets", "pods"):
            r = self.k.ok("get", kind, "-n", ns, "-o", "name")
            self.assertEqual(r.out.strip(), "", "%s left in deleted namespace %s" % (kind, ns))

    def test_delete_namespace_without_wait_shows_terminating(self):
        ns = self.namespace()
        self.create(deployment("slow", ns))
        self.wait_pods(ns, "app=slow", 1)
        self.k.ok("delete", "namespace", ns, "--wait=false")
        wait_for("namespace %s to be deleted" % ns,
                 lambda: self.k.run("get", "namespace", ns).code == 1, timeout=60, interval=0.3)
        r = self.k.fails("create", "-f", "-", input=json.dumps(configmap("late", ns)))
        self.assertIn('namespaces "%s" not found' % ns, r.err)

    def test_delete_cascade_orphan(self):
        ns = self.namespace()
        self.create(deployment("orph", ns, replicas=2))
        self.wait_pods(ns, "app=orph", 2)
        rs_name = self.k.get_json("replicasets", "-n", ns)["items"][0]["metadata"]["name"]
        self.k.ok("delete", "deployment", "orph", "-n", ns, "--cascade=orphan")
        self.assertEqual(self.k.run("get", "deployment", "orph", "-n", ns).code, 1)
        rs = self.k.get_json("replicaset", rs_name, "-n", ns)
        self.assertFalse(rs["metadata"].get("ownerReferences"), "ownerReferences left on the orphaned ReplicaSet")
        self.assertFalse(rs["metadata"].get("deletionTimestamp"))
        self.k.ok("delete", "replicaset", rs_name, "-n", ns, "--cascade=orphan")
        pods = self.pods_of(ns, "app=orph")
        self.assertEqual(len(pods), 2, "the pods must stay")
        for p in pods:
            self.assertFalse(p["metadata"].get("ownerReferences"), "ownerReferences left on %s" % p["metadata"]["name"])
            self.assertFalse(p["metadata"].get("deletionTimestamp"))
            self.assertEqual(p["status"]["phase"], "Running")
        # Nothing recreates or removes them afterwards.
        self.assertEqual(len(self.k.get_json("replicasets", "-n", ns)["items"]), 0)

    # -- custom resources -------------------------------------------------------------------------
    def test_crd_lifecycle(self):
        group = "conformance%s.example.com" % uuid.uuid4().hex[:6]
        crd = {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
               "metadata": {"name": "gadgets." + group},
               "spec": {"group": group, "scope": "Namespaced",
                        "names": {"plural": "gadgets", "singular": "gadget", "kind": "Gadget", "shortNames": ["gdg"]},
                        "versions": [{"name": "v1", "served": True, "storage": True,
                                      "schema": {"openAPIV3Schema": {
                                          "type": "object",
                                          "properties": {"spec": {"type": "object", "properties": {
                                              "size": {"type": "integer"}, "color": {"type": "string"}}}}}},
                                      "additionalPrinterColumns": [
                                          {"name": "Size", "type": "integer", "jsonPath": ".spec.size"}]}]}}
        r = self.k.ok("create", "-f", "-", input=json.dumps(crd))
        self.assertEqual(r.out.strip(), "customresourcedefinition.apiextensions.k8s.io/gadgets.%s created" % group)
        ns = self.namespace()
        wait_for("kubectl get gadgets to work within 2s of creating the CRD",
                 lambda: self.k.run("get", "gadgets.%s" % group, "-n", ns).code == 0, timeout=2, interval=0.05)
        cr = {"apiVersion": group + "/v1", "kind": "Gadget", "metadata": {"name": "g1", "namespace": ns},
              "spec": {"size": 3, "color": "red"}}
        r = self.k.ok("create", "-f", "-", input=json.dumps(cr))
        self.assertEqual(r.out.strip(), "gadget.%s/g1 created" % group)
        r = self.k.ok("get", "gadgets", "-n", ns)
        # additionalPrinterColumns replace the default Age column.
        self.assertEqual(header_columns(r.out), ["NAME", "SIZE"])
        self.assertEqual(lines_of(r.out)[1].split()[:2], ["g1", "3"])
        r = self.k.ok("get", "gdg", "g1", "-n", ns, "-o", "jsonpath={.spec.color}")
        self.assertEqual(r.out, "red")
        res = self.k.ok("api-resources", "--api-group", group)
        self.assertIn("gadgets", res.out)
        self.k.ok("delete", "crd", "gadgets." + group, timeout=90, request_timeout="60s")
        wait_for("gadgets to disappear from kubectl api-resources",
                 lambda: "gadgets" not in self.k.ok("api-resources").out, timeout=10, interval=0.2)
        r = self.k.fails("get", "gadgets.%s" % group, "-n", ns)
        self.assertIn('the server doesn\'t have a resource type "gadgets', r.err)

    # -- errors as a real server words them -------------------------------------------------------
    def test_error_not_found(self):
        r = self.k.run("get", "configmap", "does-not-exist", "-n", "default")
        self.assertEqual(r.code, 1, repr(r))
        self.assertEqual(r.err.strip(), 'Error from server (NotFound): configmaps "does-not-exist" not found')
        r = self.k.run("get", "deployment", "nope")
        self.assertEqual(r.code, 1, repr(r))
        self.assertEqual(r.err.strip(), 'Error from server (NotFound): deployments.apps "nope" not found')
        r = self.k.run("delete", "pod", "nope")
        self.assertEqual(r.code, 1, repr(r))
        self.assertEqual(r.err.strip(), 'Error from server (NotFound): pods "nope" not found')

    def test_error_already_exists(self):
        ns = self.namespace()
        self.create(configmap("twice", ns))
        cm = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "twice", "namespace": ns}}
        r = self.k.fails("create", "-f", "-", input=json.dumps(cm))
        self.assertEqual(r.err.strip(),
                         'Error from server (AlreadyExists): error when creating "STDIN": configmaps "twice" already exists')
        r = self.k.fails("create", "-f", "-", input=json.dumps({"apiVersion": "v1", "kind": "Namespace",
                                                                 "metadata": {"name": ns}}))
        self.assertIn('(AlreadyExists): error when creating "STDIN": namespaces "%s" already exists' % ns, r.err)

    def test_error_invalid_name(self):
        cm = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "Bad_Name", "namespace": "default"}}
        r = self.k.fails("create", "-f", "-", input=json.dumps(cm))
        # kubectl prints a 422 Invalid with its causes as "The <Kind> "<name>" is invalid: ...".
        self.assertIn('The ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": '
                      'a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '
                      "'-' or '.', and must start and end with an alphanumeric character", r.err)
        r = self.k.fails("get", "--raw", "/api/v1/namespaces/default/configmaps/Bad_Name")
        self.assertIn("NotFound", r.err)
        # The status reason is Invalid (422): shown as such by a raw create.
        path = os.path.join(self.sim.tmp, "bad-name.json")
        with open(path, "w") as f:
            json.dump(cm, f)
        r = self.k.fails("create", "--raw", "/api/v1/namespaces/default/configmaps", "-f", path)
        self.assertIn("Invalid", r.err)
        self.assertIn('metadata.name: Invalid value: "Bad_Name"', r.err)

    def test_error_missing_namespace(self):
        cm = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "namespace": "no-such-ns"}}
        r = self.k.fails("create", "-f", "-", input=json.dumps(cm))
        self.assertEqual(r.err.strip(),
                         'Error from server (NotFound): error when creating "STDIN": namespaces "no-such-ns" not found')

    def test_error_unknown_field_in_metadata(self):
        cm = {"apiVersion": "v1", "kind": "ConfigMap",
              "metadata": {"name": "strict", "namespace": "default", "colour": "red"}}
        r = self.k.fails("apply", "-f", "-", input=json.dumps(cm))
        self.assertIn('strict decoding error: unknown field "metadata.colour"', r.err)
        self.assertEqual(self.k.run("get", "configmap", "strict", "-n", "default").code, 1)
        # With --validate=false the unknown field is dropped silently, as by a real server.
        self.k.ok("apply", "--validate=false", "-f", "-", input=json.dumps(cm))
        got = self.k.get_json("configmap", "strict", "-n", "default")
        self.assertNotIn("colour", got["metadata"])
        self.k.ok("delete", "configmap", "strict", "-n", "default")

    def test_error_forbidden_for_viewer(self):
        r = self.k.fails("--context", "kubesim-viewer", "create", "namespace", unique("viewer"))
        self.assertIn("(Forbidden)", r.err)
        self.assertIn('namespaces is forbidden: User "', r.err)


if __name__ == "__main__":
    unittest.main()
