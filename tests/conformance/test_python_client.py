"""kubesim driven by Debian's python3-kubernetes client: paging, watches, custom resources,
concurrency, server-set fields, services, volumes and snapshots, bad input, restart persistence."""
import datetime
import ipaddress
import json
import os
import re
import threading
import unittest
import uuid

from kubernetes import client, watch
from kubernetes.client.rest import ApiException

from kubesim_fixture import KubesimTestCase, wait_for

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def unique(prefix):
    return "%s-%s" % (prefix, uuid.uuid4().hex[:6])


def status_body(e):
    """The Status object of an ApiException, parsed."""
    try:
        return json.loads(e.body)
    except (TypeError, ValueError):
        raise AssertionError("the error response is not a JSON Status: status=%s body=%r" % (e.status, e.body))


class ClientTestCase(KubesimTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.connect()

    @classmethod
    def connect(cls):
        cls.api = cls.sim.python_client()
        cls.core = client.CoreV1Api(cls.api)
        cls.apps = client.AppsV1Api(cls.api)
        cls.ext = client.ApiextensionsV1Api(cls.api)
        cls.custom = client.CustomObjectsApi(cls.api)

    @classmethod
    def tearDownClass(cls):
        api = cls.__dict__.get("api")
        if api is not None:
            api.close()
        super().tearDownClass()

    def namespace(self):
        name = unique("py")
        self.core.create_namespace({"metadata": {"name": name}})
        return name

    def raises(self, status, fn, *args, **kwargs):
        """Calls fn and returns the ApiException it must raise with this HTTP status."""
        try:
            fn(*args, **kwargs)
        except ApiException as e:
            self.assertEqual(e.status, status, "expected HTTP %s, got %s: %s" % (status, e.status, e.body))
            return e
        self.fail("expected HTTP %s from %s, but the call succeeded" % (status, fn.__name__))

    def raw(self, method, path, body=None, headers=None, **kwargs):
        """A request through the client's own urllib3 pool (CA and token of the kubeconfig)."""
        cfg = self.api.configuration
        h = {"Authorization": cfg.api_key["authorization"], "Accept": "application/json"}
        h.update(headers or {})
        return self.api.rest_client.pool_manager.request(method, cfg.host + path, body=body, headers=h,
                                                         timeout=30, **kwargs)

    def cm(self, name, data=None, labels=None, annotations=None):
        md = {"name": name}
        if labels:
            md["labels"] = labels
        if annotations:
            md["annotations"] = annotations
        return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": md, "data": data or {}}

    def deployment(self, name, replicas=1, image="nginx:1.25", volumes=None, mounts=None, labels=None):
        pod_spec = {"containers": [{"name": "main", "image": image}]}
        if volumes:
            pod_spec["volumes"] = volumes
            pod_spec["containers"][0]["volumeMounts"] = mounts
        return {"apiVersion": "apps/v1", "kind": "Deployment",
                "metadata": {"name": name, "labels": labels or {"app": name}},
                "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": name}},
                         "template": {"metadata": {"labels": {"app": name}}, "spec": pod_spec}}}

    def running_pods(self, ns, selector, count):
        def ok():
            pods = [p for p in self.core.list_namespaced_pod(ns, label_selector=selector).items
                    if not p.metadata.deletion_timestamp]
            return len(pods) == count and all(p.status.phase == "Running" for p in pods) and pods
        return wait_for("%d Running pods -l %s in %s" % (count, selector, ns), ok, timeout=60, interval=0.2)


# ---------------------------------------------------------------------------------------------------
class PagingAndWatchTest(ClientTestCase):
    def test_list_pages_with_limit_and_continue(self):
        ns = self.namespace()
        for i in range(250):
            self.core.create_namespaced_config_map(ns, self.cm("page-%03d" % i, {"i": str(i)}))
        seen, pages, token, rv = [], [], None, None
        while True:
            kwargs = {"limit": 100}
            if token:
                kwargs["_continue"] = token
            page = self.core.list_namespaced_config_map(ns, **kwargs)
            pages.append(page)
            self.assertLessEqual(len(page.items), 100)
            seen += [i.metadata.name for i in page.items]
            if rv is None:
                rv = page.metadata.resource_version
            token = page.metadata._continue
            if not token:
                break
            self.assertLess(len(pages), 10, "paging does not end")
        total = len(seen)
        mine = [n for n in seen if n.startswith("page-")]
        self.assertEqual(sorted(mine), ["page-%03d" % i for i in range(250)])
        self.assertEqual(len(mine), len(set(mine)), "an object was returned twice")
        self.assertEqual(len(seen), len(set(seen)), "an object was returned twice")
        self.assertEqual([len(p.items) for p in pages], [100, 100, total - 200])
        remaining = [p.metadata.remaining_item_count for p in pages]
        self.assertEqual(remaining[:2], [total - 100, total - 200])
        self.assertIn(remaining[2], (None, 0))
        # Every page is served from the snapshot of the first one.
        self.assertEqual({p.metadata.resource_version for p in pages}, {rv})
        # Items come in key order.
        self.assertEqual(seen, sorted(seen))

    def test_continued_list_is_a_consistent_snapshot(self):
        ns = self.namespace()
        for i in range(6):
            self.core.create_namespaced_config_map(ns, self.cm("snap-%d" % i))
        first = self.core.list_namespaced_config_map(ns, limit=3)
        names = [i.metadata.name for i in first.items]
        # Changes after the first page must not show in the following pages.
        self.core.create_namespaced_config_map(ns, self.cm("snap-9"))
        self.core.delete_namespaced_config_map("snap-5", ns)
        rest = self.core.list_namespaced_config_map(ns, limit=100, _continue=first.metadata._continue)
        names += [i.metadata.name for i in rest.items]
        self.assertEqual([n for n in names if n.startswith("snap-")], ["snap-%d" % i for i in range(6)])
        self.assertEqual(rest.metadata.resource_version, first.metadata.resource_version)

    def test_watch_parameter_accepts_go_bool_spellings(self):
        # The Python client sends watch=True; Go's strconv.ParseBool (the real server) accepts
        # 1, t, T, true, True, TRUE.
        ns = self.namespace()
        self.core.create_namespaced_config_map(ns, self.cm("seen"))
        for spelling in ("true", "True", "1"):
            resp = self.raw("GET", "/api/v1/namespaces/%s/configmaps?watch=%s&timeoutSeconds=1" % (ns, spelling))
            self.assertEqual(resp.status, 200)
            first = resp.data.split(b"\n")[0]
            self.assertEqual(json.loads(first).get("type"), "ADDED",
                             "watch=%s did not start a watch; got %r" % (spelling, first[:200]))

    def test_watch_sees_added_modified_deleted(self):
        ns = self.namespace()
        self.core.create_namespaced_config_map(ns, self.cm("before"))
        rv = self.core.list_namespaced_config_map(ns).metadata.resource_version
        writer_api = self.sim.python_client()
        writer = client.CoreV1Api(writer_api)
        errors = []

        def mutate():
            try:
                writer.create_namespaced_config_map(ns, self.cm("w", {"a": "1"}))
                writer.patch_namespaced_config_map("w", ns, {"data": {"a": "2"}})
                writer.delete_namespaced_config_map("w", ns)
            except Exception as e:  # noqa: BLE001 - reported by the test thread
                errors.append(e)
        events = []
        thread = threading.Thread(target=mutate)
        w = watch.Watch()
        thread.start()
        try:
            for ev in w.stream(self.core.list_namespaced_config_map, ns, resource_version=rv, timeout_seconds=10,
                               _request_timeout=20):
                obj = ev["object"]
                events.append((ev["type"], obj.metadata.name, dict(obj.data or {}), obj.metadata.resource_version))
                if ev["type"] == "DELETED" and obj.metadata.name == "w":
                    w.stop()
                    break
        finally:
            thread.join(30)
            writer_api.close()
        self.assertFalse(errors, errors)
        self.assertEqual([(t, n, d) for t, n, d, _ in events],
                         [("ADDED", "w", {"a": "1"}), ("MODIFIED", "w", {"a": "2"}), ("DELETED", "w", {"a": "2"})],
                         "events after resourceVersion %s (the object 'before' predates it)" % rv)
        rvs = [int(r) for _, _, _, r in events]
        self.assertEqual(rvs, sorted(rvs))
        self.assertGreater(rvs[0], int(rv))

    def test_watch_without_resource_version_starts_with_current_objects(self):
        ns = self.namespace()
        self.core.create_namespaced_config_map(ns, self.cm("existing"))
        w = watch.Watch()
        first = None
        for ev in w.stream(self.core.list_namespaced_config_map, ns, timeout_seconds=5, _request_timeout=15):
            first = ev
            w.stop()
            break
        self.assertIsNotNone(first, "no event for the existing object")
        self.assertEqual((first["type"], first["object"].metadata.name), ("ADDED", "existing"))

    def test_watch_with_label_selector(self):
        ns = self.namespace()
        rv = self.core.list_namespaced_config_map(ns).metadata.resource_version
        self.core.create_namespaced_config_map(ns, self.cm("other", labels={"pick": "no"}))
        self.core.create_namespaced_config_map(ns, self.cm("chosen", labels={"pick": "yes"}))
        w = watch.Watch()
        got = []
        for ev in w.stream(self.core.list_namespaced_config_map, ns, resource_version=rv, label_selector="pick=yes",
                           timeout_seconds=5, _request_timeout=15):
            got.append((ev["type"], ev["object"].metadata.name))
            w.stop()
            break
        self.assertEqual(got, [("ADDED", "chosen")])


# ---------------------------------------------------------------------------------------------------
class ExpiryTest(ClientTestCase):
    """With --event-retention 2, old continue tokens and watch positions expire (410 Gone)."""

    kubesim_args = ("--event-retention", "2")

    def test_expired_continue_token_is_410(self):
        ns = self.namespace()
        for i in range(10):
            self.core.create_namespaced_config_map(ns, self.cm("exp-%d" % i))
        page = self.core.list_namespaced_config_map(ns, limit=3)
        token = page.metadata._continue
        self.assertTrue(token)
        fresh = self.core.list_namespaced_config_map(ns, limit=3, _continue=token)
        self.assertEqual(len(fresh.items), 3, "a fresh continue token works")
        counter = [0]

        def expired():
            counter[0] += 1
            self.core.create_namespaced_config_map(ns, self.cm("later-%d" % counter[0]))
            try:
                self.core.list_namespaced_config_map(ns, limit=3, _continue=token)
            except ApiException as e:
                if e.status == 410:
                    return e
                raise
            return False
        e = wait_for("the continue token to expire (410) once the 2s retention passed and more writes happened",
                     expired, timeout=20, interval=0.25)
        body = status_body(e)
        self.assertEqual(body.get("kind"), "Status")
        self.assertEqual(body.get("code"), 410)
        self.assertEqual(body.get("reason"), "Expired")
        self.assertIn("continue parameter is too old", body.get("message", ""))

    def first_watch_event(self, path):
        """HTTP status and first event of a raw watch request (None if the stream ended empty)."""
        resp = self.raw("GET", path, preload_content=False)
        try:
            if resp.status != 200:
                return resp.status, None
            data = b""
            for chunk in resp.stream(1024):
                data += chunk
                if b"\n" in data:
                    break
        finally:
            resp.release_conn()
        line = data.split(b"\n")[0].strip()
        return 200, (json.loads(line) if line else None)

    def test_watch_from_too_old_resource_version_is_410(self):
        ns = self.namespace()
        old_rv = self.core.list_namespaced_config_map(ns).metadata.resource_version
        path = "/api/v1/namespaces/%s/configmaps?watch=true&resourceVersion=%s&timeoutSeconds=1" % (ns, old_rv)
        status, event = self.first_watch_event(path)
        self.assertEqual(status, 200)
        counter = [0]

        def gone():
            counter[0] += 1
            self.core.create_namespaced_config_map(ns, self.cm("tick-%d" % counter[0]))
            status, event = self.first_watch_event(path)
            self.assertEqual(status, 200)
            return event if event and event.get("type") == "ERROR" else False
        # On the wire: HTTP 200, then an ERROR event carrying a 410 Expired Status.
        event = wait_for("a watch from resourceVersion %s to get a 410 error event once the 2s retention passed "
                         "and more writes happened" % old_rv, gone, timeout=25, interval=0.1)
        self.assertEqual(event["object"]["kind"], "Status")
        self.assertEqual(event["object"]["code"], 410)
        self.assertEqual(event["object"]["reason"], "Expired")
        self.assertIn("too old resource version", event["object"]["message"])
        # The client's watch raises it as ApiException 410 (with timeout_seconds it does not retry).
        with self.assertRaises(ApiException) as ctx:
            for _ in watch.Watch().stream(self.core.list_namespaced_config_map, ns, resource_version=old_rv,
                                          timeout_seconds=1, _request_timeout=10):
                pass
        self.assertEqual(ctx.exception.status, 410)
        self.assertIn("Expired", str(ctx.exception.reason))


# ---------------------------------------------------------------------------------------------------
class CustomResourceTest(ClientTestCase):
    def make_crd(self):
        """Creates a namespaced Widget CRD in a fresh group, waits until Established, returns the group."""
        group = "py%s.example.com" % uuid.uuid4().hex[:6]
        crd = {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
               "metadata": {"name": "widgets." + group},
               "spec": {"group": group, "scope": "Namespaced",
                        "names": {"plural": "widgets", "singular": "widget", "kind": "Widget", "listKind": "WidgetList"},
                        "versions": [{"name": "v1", "served": True, "storage": True,
                                      "subresources": {"status": {}},
                                      "schema": {"openAPIV3Schema": {
                                          "type": "object",
                                          "properties": {
                                              "spec": {"type": "object", "properties": {
                                                  "size": {"type": "integer"}, "color": {"type": "string"}}},
                                              "status": {"type": "object", "properties": {
                                                  "phase": {"type": "string"}}}}}}}]}}
        self.ext.create_custom_resource_definition(crd)

        def established():
            got = self.ext.read_custom_resource_definition("widgets." + group)
            conds = {c.type: c.status for c in (got.status.conditions or [])} if got.status else {}
            return conds.get("Established") == "True" and conds.get("NamesAccepted") == "True" and got
        got = wait_for("CRD widgets.%s Established" % group, established, timeout=10)
        self.assertEqual(got.status.accepted_names.kind, "Widget")
        return group

    def test_custom_resource_schema_validation(self):
        group = self.make_crd()
        ns = self.namespace()
        bad = {"apiVersion": group + "/v1", "kind": "Widget", "metadata": {"name": "bad"}, "spec": {"size": "big"}}
        e = self.raises(422, self.custom.create_namespaced_custom_object, group, "v1", ns, "widgets", bad)
        self.assertEqual(status_body(e).get("reason"), "Invalid")
        self.assertIn("spec.size", status_body(e).get("message", ""))

    def test_custom_resource_unknown_fields_are_pruned(self):
        group = self.make_crd()
        ns = self.namespace()
        extra = {"apiVersion": group + "/v1", "kind": "Widget", "metadata": {"name": "extra"},
                 "spec": {"size": 1, "unknownField": "x"}, "topLevelUnknown": {"a": 1}}
        made = self.custom.create_namespaced_custom_object(group, "v1", ns, "widgets", extra)
        self.assertEqual(made["spec"], {"size": 1}, "unknown fields are pruned")
        self.assertNotIn("topLevelUnknown", made)

    def test_custom_resource_crud_and_status(self):
        group = self.make_crd()
        ns = self.namespace()
        args = (group, "v1", ns, "widgets")
        body = {"apiVersion": group + "/v1", "kind": "Widget", "metadata": {"name": "w1"},
                "spec": {"size": 1, "color": "red"}}
        created = self.custom.create_namespaced_custom_object(*args, body)
        self.assertEqual(created["spec"], {"size": 1, "color": "red"})
        self.assertTrue(UUID_RE.match(created["metadata"]["uid"]))
        self.assertEqual(created["metadata"]["generation"], 1)
        self.assertEqual(created["metadata"]["namespace"], ns)

        got = self.custom.get_namespaced_custom_object(*args, "w1")
        self.assertEqual(got["metadata"]["uid"], created["metadata"]["uid"])
        listed = self.custom.list_namespaced_custom_object(*args)
        self.assertEqual(listed["kind"], "WidgetList")
        self.assertEqual([i["metadata"]["name"] for i in listed["items"]], ["w1"])
        self.assertTrue(listed["metadata"]["resourceVersion"])

        patched = self.custom.patch_namespaced_custom_object(*args, "w1", {"spec": {"size": 2}})
        self.assertEqual(patched["spec"], {"size": 2, "color": "red"})
        self.assertEqual(patched["metadata"]["generation"], 2)
        self.assertGreater(int(patched["metadata"]["resourceVersion"]), int(created["metadata"]["resourceVersion"]))

        # The status subresource: status changes through /status only, and do not bump generation.
        st = self.custom.patch_namespaced_custom_object_status(*args, "w1", {"status": {"phase": "Ready"}})
        self.assertEqual(st["status"], {"phase": "Ready"})
        self.assertEqual(st["metadata"]["generation"], 2)
        self.assertEqual(st["spec"], {"size": 2, "color": "red"})
        st2 = self.custom.patch_namespaced_custom_object_status(*args, "w1", {"spec": {"size": 99}})
        self.assertEqual(st2["spec"]["size"], 2, "spec changed through /status")

        current = self.custom.get_namespaced_custom_object(*args, "w1")
        replacement = {"apiVersion": group + "/v1", "kind": "Widget",
                       "metadata": {"name": "w1", "resourceVersion": current["metadata"]["resourceVersion"]},
                       "spec": {"size": 3}, "status": {"phase": "Ignored"}}
        replaced = self.custom.replace_namespaced_custom_object(*args, "w1", replacement)
        self.assertEqual(replaced["spec"], {"size": 3})
        self.assertEqual(replaced["status"], {"phase": "Ready"}, "status changed through the main resource")
        self.assertEqual(replaced["metadata"]["generation"], 3)
        e = self.raises(409, self.custom.replace_namespaced_custom_object, *args, "w1", replacement)
        self.assertEqual(status_body(e).get("reason"), "Conflict")

        self.custom.delete_namespaced_custom_object(*args, "w1")
        e = self.raises(404, self.custom.get_namespaced_custom_object, *args, "w1")
        self.assertEqual(status_body(e).get("reason"), "NotFound")
        self.assertEqual(status_body(e).get("message"), 'widgets.%s "w1" not found' % group)

        self.ext.delete_custom_resource_definition("widgets." + group)
        wait_for("CRD widgets.%s to be deleted" % group,
                 lambda: self.raises(404, self.ext.read_custom_resource_definition, "widgets." + group), timeout=30,
                 interval=0.2)
        resp = self.raw("GET", "/apis/%s/v1/namespaces/%s/widgets" % (group, ns))
        self.assertEqual(resp.status, 404)


# ---------------------------------------------------------------------------------------------------
class ObjectSemanticsTest(ClientTestCase):
    def test_optimistic_concurrency_conflict(self):
        ns = self.namespace()
        self.core.create_namespaced_config_map(ns, self.cm("occ", {"v": "1"}))
        stale = self.core.read_namespaced_config_map("occ", ns)
        self.core.patch_namespaced_config_map("occ", ns, {"data": {"v": "2"}})
        stale.data = {"v": "3"}
        e = self.raises(409, self.core.replace_namespaced_config_map, "occ", ns, stale)
        body = status_body(e)
        self.assertEqual(body.get("reason"), "Conflict")
        self.assertEqual(body.get("message"),
                         'Operation cannot be fulfilled on configmaps "occ": the object has been modified; '
                         "please apply your changes to the latest version and try again")
        self.assertEqual(self.core.read_namespaced_config_map("occ", ns).data, {"v": "2"})
        fresh = self.core.read_namespaced_config_map("occ", ns)
        fresh.data = {"v": "3"}
        self.assertEqual(self.core.replace_namespaced_config_map("occ", ns, fresh).data, {"v": "3"})
        # Deleting with a stale resourceVersion precondition conflicts too.
        e = self.raises(409, self.core.delete_namespaced_config_map, "occ", ns,
                        body={"preconditions": {"resourceVersion": stale.metadata.resource_version}})
        self.assertEqual(status_body(e).get("reason"), "Conflict")

    def test_delete_missing_is_404_not_found_status(self):
        ns = self.namespace()
        e = self.raises(404, self.core.delete_namespaced_config_map, "missing", ns)
        body = status_body(e)
        self.assertEqual(body.get("kind"), "Status")
        self.assertEqual(body.get("apiVersion"), "v1")
        self.assertEqual(body.get("status"), "Failure")
        self.assertEqual(body.get("reason"), "NotFound")
        self.assertEqual(body.get("code"), 404)
        self.assertEqual(body.get("message"), 'configmaps "missing" not found')
        self.assertEqual(body.get("details", {}).get("name"), "missing")
        self.assertEqual(body.get("details", {}).get("kind"), "configmaps")
        self.assertTrue(e.headers.get("Content-Type", "").startswith("application/json"))

    def test_server_set_fields(self):
        ns1, ns2 = self.namespace(), self.namespace()
        a = self.core.create_namespaced_config_map(ns1, self.cm("a"))
        b = self.core.create_namespaced_secret(ns2, {"metadata": {"name": "b"}, "stringData": {"k": "v"}})
        c = self.core.patch_namespaced_config_map("a", ns1, {"data": {"x": "y"}})
        for obj in (a, b, c):
            md = obj.metadata
            self.assertTrue(UUID_RE.match(md.uid or ""), md.uid)
            self.assertIsInstance(md.creation_timestamp, datetime.datetime)
            self.assertIsNotNone(md.creation_timestamp.tzinfo)
            self.assertRegex(md.resource_version or "", r"^[0-9]+$")
        self.assertNotEqual(a.metadata.uid, b.metadata.uid)
        self.assertEqual(a.metadata.uid, c.metadata.uid)
        self.assertEqual(a.metadata.creation_timestamp, c.metadata.creation_timestamp)
        rvs = [int(o.metadata.resource_version) for o in (a, b, c)]
        self.assertTrue(rvs[0] < rvs[1] < rvs[2], "resourceVersions must increase cluster-wide: %s" % rvs)
        self.assertEqual(b.data, {"k": "dg=="}, "stringData is folded into base64 data")
        self.assertEqual(b.type, "Opaque")
        now = datetime.datetime.now(datetime.timezone.utc)
        self.assertLess(abs((now - a.metadata.creation_timestamp).total_seconds()), 120)
        listed = self.core.list_config_map_for_all_namespaces()
        self.assertGreaterEqual(int(listed.metadata.resource_version), rvs[2])

    def test_deployment_generation(self):
        ns = self.namespace()
        d = self.apps.create_namespaced_deployment(ns, self.deployment("gen"))
        self.assertEqual(d.metadata.generation, 1)
        d = self.apps.patch_namespaced_deployment("gen", ns, {"metadata": {"labels": {"new": "label"}}})
        self.assertEqual(d.metadata.generation, 1, "a label change must not bump generation")
        d = self.apps.patch_namespaced_deployment("gen", ns, {"metadata": {"annotations": {"a": "b"}}})
        self.assertEqual(d.metadata.generation, 1, "an annotation change must not bump generation")
        d = self.apps.patch_namespaced_deployment("gen", ns, {"spec": {"replicas": 2}})
        self.assertEqual(d.metadata.generation, 2)
        d = self.apps.patch_namespaced_deployment(
            "gen", ns, {"spec": {"template": {"spec": {"containers": [{"name": "main", "image": "nginx:1.26"}]}}}})
        self.assertEqual(d.metadata.generation, 3)
        wait_for("deployment gen status.observedGeneration=3",
                 lambda: self.apps.read_namespaced_deployment("gen", ns).status.observed_generation == 3, timeout=30)

    def test_service_gets_cluster_ip(self):
        ns = self.namespace()

        def svc(name, **spec):
            s = {"selector": {"app": name}, "ports": [{"port": 80}]}
            s.update(spec)
            return {"metadata": {"name": name}, "spec": s}
        a = self.core.create_namespaced_service(ns, svc("a"))
        b = self.core.create_namespaced_service(ns, svc("b"))
        for s in (a, b):
            ip = ipaddress.ip_address(s.spec.cluster_ip)
            self.assertTrue(ip.is_private, ip)
            self.assertEqual(s.spec.cluster_i_ps, [s.spec.cluster_ip])
            self.assertEqual(s.spec.type, "ClusterIP")
            self.assertEqual(s.spec.session_affinity, "None")
            self.assertEqual(s.spec.ports[0].protocol, "TCP")
            self.assertEqual(s.spec.ports[0].target_port, 80)
            self.assertEqual(s.spec.ip_families, ["IPv4"])
        self.assertNotEqual(a.spec.cluster_ip, b.spec.cluster_ip)
        headless = self.core.create_namespaced_service(ns, svc("h", clusterIP="None"))
        self.assertEqual(headless.spec.cluster_ip, "None")
        kube = self.core.read_namespaced_service("kubernetes", "default")
        self.assertTrue(ipaddress.ip_address(kube.spec.cluster_ip))
        # clusterIP is immutable.
        e = self.raises(422, self.core.patch_namespaced_service, "a", ns, {"spec": {"clusterIP": "10.96.200.200"}})
        self.assertEqual(status_body(e).get("reason"), "Invalid")
        self.assertIn("spec.clusterIP", status_body(e).get("message", ""))

    def test_node_port_taken_is_422(self):
        ns = self.namespace()
        port = 30000 + int(uuid.uuid4().hex[:4], 16) % 2700

        def svc(name, node_port=None):
            p = {"port": 80}
            if node_port:
                p["nodePort"] = node_port
            return {"metadata": {"name": name}, "spec": {"type": "NodePort", "selector": {"app": "x"}, "ports": [p]}}
        first = self.core.create_namespaced_service(ns, svc("np1", port))
        self.assertEqual(first.spec.ports[0].node_port, port)
        e = self.raises(422, self.core.create_namespaced_service, ns, svc("np2", port))
        body = status_body(e)
        self.assertEqual(body.get("reason"), "Invalid")
        self.assertIn("spec.ports[0].nodePort: Invalid value: %d: provided port is already allocated" % port,
                      body.get("message", ""))
        auto = self.core.create_namespaced_service(ns, svc("np3"))
        self.assertTrue(30000 <= auto.spec.ports[0].node_port <= 32767, auto.spec.ports[0].node_port)
        self.assertNotEqual(auto.spec.ports[0].node_port, port)
        # Out of range.
        e = self.raises(422, self.core.create_namespaced_service, ns, svc("np4", 80))
        self.assertIn("spec.ports[0].nodePort", status_body(e).get("message", ""))
        # Freed when the service is deleted.
        self.core.delete_namespaced_service("np1", ns)
        wait_for("nodePort %d to be reusable after deleting its service" % port,
                 lambda: self.core.create_namespaced_service(ns, svc("np5", port)), timeout=10, interval=0.2)


# ---------------------------------------------------------------------------------------------------
class VolumeTest(ClientTestCase):
    """The hostpath CSI provisioner, the kubelet's volume layout and the CSI snapshotter."""

    def find_dir(self, name, exclude="kubelet"):
        """Directories named `name` under the data dir (outside the kubelet tree)."""
        found = []
        for root, dirs, _ in os.walk(self.sim.data_dir):
            rel = os.path.relpath(root, self.sim.data_dir)
            if rel.split(os.sep)[0] == exclude:
                dirs[:] = []
                continue
            if name in dirs:
                found.append(os.path.join(root, name))
        return found

    def bound_claim(self, ns, name):
        return wait_for("PVC %s/%s Bound" % (ns, name),
                        lambda: (lambda c: c.status.phase == "Bound" and c)(
                            self.core.read_namespaced_persistent_volume_claim(name, ns)), timeout=30, interval=0.2)

    def pvc(self, name, size="1Gi", data_source=None):
        spec = {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": size}}}
        if data_source:
            spec["dataSource"] = data_source
        return {"metadata": {"name": name}, "spec": spec}

    def mount_dir(self, pod, pv_name):
        return os.path.join(self.sim.data_dir, "kubelet", "pods", pod.metadata.uid, "volumes", "kubernetes.io~csi",
                            pv_name, "mount")

    def mounted_pod(self, ns, deploy_name, claim):
        self.apps.create_namespaced_deployment(ns, self.deployment(
            deploy_name, volumes=[{"name": "data", "persistentVolumeClaim": {"claimName": claim}}],
            mounts=[{"name": "data", "mountPath": "/data"}]))
        return self.running_pods(ns, "app=" + deploy_name, 1)[0]

    def test_pvc_gets_default_class_and_binds_to_a_volume_directory(self):
        ns = self.namespace()
        created = self.core.create_namespaced_persistent_volume_claim(ns, self.pvc("plain", "2Gi"))
        self.assertEqual(created.spec.storage_class_name, "standard")
        claim = self.bound_claim(ns, "plain")
        self.assertTrue(claim.spec.volume_name)
        self.assertEqual(claim.status.capacity.get("storage"), "2Gi")
        self.assertEqual(claim.status.access_modes, ["ReadWriteOnce"])
        pv = self.core.read_persistent_volume(claim.spec.volume_name)
        self.assertEqual(pv.status.phase, "Bound")
        self.assertEqual(pv.spec.storage_class_name, "standard")
        self.assertEqual((pv.spec.claim_ref.namespace, pv.spec.claim_ref.name, pv.spec.claim_ref.uid),
                         (ns, "plain", claim.metadata.uid))
        self.assertIsNotNone(pv.spec.csi, "a dynamically provisioned PV is a CSI volume")
        self.assertEqual(pv.spec.persistent_volume_reclaim_policy, "Delete")
        dirs = self.find_dir(pv.metadata.name)
        self.assertEqual(len(dirs), 1, "one directory named %s under %s, found %s" % (
            pv.metadata.name, self.sim.data_dir, dirs))
        # reclaimPolicy Delete: deleting the claim deletes the PV and its directory.
        self.core.delete_namespaced_persistent_volume_claim("plain", ns)
        wait_for("PV %s deleted after its claim" % pv.metadata.name,
                 lambda: self.raises(404, self.core.read_persistent_volume, pv.metadata.name), timeout=30, interval=0.2)
        wait_for("directory %s removed" % dirs[0], lambda: not os.path.exists(dirs[0]), timeout=30, interval=0.2)

    def test_mount_snapshot_and_restore(self):
        ns = self.namespace()
        self.core.create_namespaced_persistent_volume_claim(ns, self.pvc("data"))
        claim = self.bound_claim(ns, "data")
        pv_name = claim.spec.volume_name
        pod = self.mounted_pod(ns, "writer", "data")
        mount = self.mount_dir(pod, pv_name)
        self.assertTrue(os.path.isdir(mount), "kubelet volume dir of Running pod %s missing: %s" % (
            pod.metadata.name, mount))
        with open(os.path.join(mount, "before.txt"), "w") as f:
            f.write("written before the snapshot\n")
        os.makedirs(os.path.join(mount, "sub"))
        with open(os.path.join(mount, "sub", "nested.txt"), "w") as f:
            f.write("nested\n")
        volume_dirs = self.find_dir(pv_name)
        self.assertEqual(len(volume_dirs), 1, volume_dirs)
        self.assertTrue(os.path.exists(os.path.join(volume_dirs[0], "before.txt")),
                        "a file written through the kubelet mount is not in the volume directory")

        classes = self.custom.list_cluster_custom_object("snapshot.storage.k8s.io", "v1", "volumesnapshotclasses")
        self.assertTrue(classes["items"], "no VolumeSnapshotClass")
        snap = {"apiVersion": "snapshot.storage.k8s.io/v1", "kind": "VolumeSnapshot", "metadata": {"name": "snap"},
                "spec": {"volumeSnapshotClassName": classes["items"][0]["metadata"]["name"],
                         "source": {"persistentVolumeClaimName": "data"}}}
        self.custom.create_namespaced_custom_object("snapshot.storage.k8s.io", "v1", ns, "volumesnapshots", snap)

        def ready():
            s = self.custom.get_namespaced_custom_object("snapshot.storage.k8s.io", "v1", ns, "volumesnapshots", "snap")
            return s.get("status", {}).get("readyToUse") is True and s
        s = wait_for("VolumeSnapshot snap readyToUse", ready, timeout=30, interval=0.2)
        content_name = s["status"].get("boundVolumeSnapshotContentName")
        self.assertTrue(content_name, s)
        self.assertTrue(s["status"].get("creationTime"), s)
        self.assertIn("restoreSize", s["status"])
        content = self.custom.get_cluster_custom_object("snapshot.storage.k8s.io", "v1", "volumesnapshotcontents",
                                                        content_name)
        self.assertEqual(content["spec"]["volumeSnapshotRef"]["name"], "snap")
        self.assertEqual(content["status"].get("readyToUse"), True)
        self.assertTrue(content["status"].get("snapshotHandle"))

        with open(os.path.join(mount, "after.txt"), "w") as f:
            f.write("written after the snapshot\n")

        source = {"apiGroup": "snapshot.storage.k8s.io", "kind": "VolumeSnapshot", "name": "snap"}
        self.core.create_namespaced_persistent_volume_claim(ns, self.pvc("restored", data_source=source))
        restored = self.bound_claim(ns, "restored")
        self.assertNotEqual(restored.spec.volume_name, pv_name)
        self.assertEqual(restored.spec.data_source.name, "snap")
        reader = self.mounted_pod(ns, "reader", "restored")
        rmount = self.mount_dir(reader, restored.spec.volume_name)
        self.assertTrue(os.path.isdir(rmount), rmount)
        with open(os.path.join(rmount, "before.txt")) as f:
            self.assertEqual(f.read(), "written before the snapshot\n")
        with open(os.path.join(rmount, "sub", "nested.txt")) as f:
            self.assertEqual(f.read(), "nested\n")
        self.assertFalse(os.path.exists(os.path.join(rmount, "after.txt")), "a file written after the snapshot "
                         "is in the restored volume")
        # The restored volume is a copy: writing to it leaves the original alone.
        with open(os.path.join(rmount, "only-restored.txt"), "w") as f:
            f.write("x")
        self.assertFalse(os.path.exists(os.path.join(mount, "only-restored.txt")))


# ---------------------------------------------------------------------------------------------------
class BadInputTest(ClientTestCase):
    def test_body_over_3mib_is_413(self):
        ns = self.namespace()
        big = json.dumps(self.cm("huge", {"blob": "x" * (3 * 1024 * 1024 + 4096)})).encode()
        resp = self.raw("POST", "/api/v1/namespaces/%s/configmaps" % ns, body=big,
                        headers={"Content-Type": "application/json"})
        self.assertEqual(resp.status, 413, resp.data[:500])
        body = json.loads(resp.data)
        self.assertEqual(body.get("kind"), "Status")
        self.assertEqual(body.get("code"), 413)
        self.assertEqual(body.get("reason"), "RequestEntityTooLarge")
        # Through the client too.
        e = self.raises(413, self.core.create_namespaced_config_map, ns,
                        self.cm("huge2", {"blob": "y" * (3 * 1024 * 1024 + 4096)}))
        self.assertEqual(status_body(e).get("code"), 413)
        self.raises(404, self.core.read_namespaced_config_map, "huge", ns)
        # The server still answers normally afterwards.
        self.core.create_namespaced_config_map(ns, self.cm("small", {"a": "b"}))

    def test_annotations_over_256kib_are_422(self):
        ns = self.namespace()
        e = self.raises(422, self.core.create_namespaced_config_map, ns,
                        self.cm("annotated", annotations={"big": "a" * (256 * 1024 + 1)}))
        body = status_body(e)
        self.assertEqual(body.get("reason"), "Invalid")
        self.assertIn("metadata.annotations: Too long: must have at most 262144 bytes", body.get("message", ""))
        causes = body.get("details", {}).get("causes", [])
        self.assertIn("metadata.annotations", [c.get("field") for c in causes])
        self.assertEqual(body.get("details", {}).get("name"), "annotated")
        self.assertEqual(body.get("details", {}).get("kind"), "ConfigMap")
        # Just under the limit is fine (the limit counts keys and values).
        ok = self.core.create_namespaced_config_map(ns, self.cm("fits", annotations={"k": "a" * (256 * 1024 - 1)}))
        self.assertEqual(len(ok.metadata.annotations["k"]), 256 * 1024 - 1)
        # The same limit applies on update.
        self.raises(422, self.core.patch_namespaced_config_map, "fits", ns,
                    {"metadata": {"annotations": {"k2": "bb"}}})

    def test_configmap_data_over_1mib_is_422(self):
        ns = self.namespace()
        e = self.raises(422, self.core.create_namespaced_config_map, ns,
                        self.cm("toolarge", {"blob": "z" * (1024 * 1024 + 1)}))
        self.assertEqual(status_body(e).get("reason"), "Invalid")

    def test_malformed_json_is_400(self):
        ns = self.namespace()
        resp = self.raw("POST", "/api/v1/namespaces/%s/configmaps" % ns,
                        body=b'{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": ',
                        headers={"Content-Type": "application/json"})
        self.assertEqual(resp.status, 400, resp.data[:500])
        body = json.loads(resp.data)
        self.assertEqual(body.get("kind"), "Status")
        self.assertEqual(body.get("reason"), "BadRequest")
        self.assertEqual(body.get("code"), 400)
        # A patch body that is not JSON is a 400 too.
        self.core.create_namespaced_config_map(ns, self.cm("p"))
        resp = self.raw("PATCH", "/api/v1/namespaces/%s/configmaps/p" % ns, body=b"{not json",
                        headers={"Content-Type": "application/merge-patch+json"})
        self.assertEqual(resp.status, 400, resp.data[:500])

    def test_patch_with_wrong_content_type_is_415(self):
        ns = self.namespace()
        self.core.create_namespaced_config_map(ns, self.cm("p", {"a": "1"}))
        for ctype in ("application/json", "text/plain"):
            resp = self.raw("PATCH", "/api/v1/namespaces/%s/configmaps/p" % ns, body=b'{"data":{"a":"2"}}',
                            headers={"Content-Type": ctype})
            self.assertEqual(resp.status, 415, "%s: %s" % (ctype, resp.data[:500]))
            body = json.loads(resp.data)
            self.assertEqual(body.get("kind"), "Status")
            self.assertEqual(body.get("reason"), "UnsupportedMediaType")
            self.assertEqual(body.get("code"), 415)
        self.assertEqual(self.core.read_namespaced_config_map("p", ns).data, {"a": "1"})
        # The right content type works.
        resp = self.raw("PATCH", "/api/v1/namespaces/%s/configmaps/p" % ns, body=b'{"data":{"a":"2"}}',
                        headers={"Content-Type": "application/merge-patch+json"})
        self.assertEqual(resp.status, 200, resp.data[:500])

    def test_unauthenticated_is_401(self):
        cfg = self.api.configuration
        resp = self.api.rest_client.pool_manager.request("GET", cfg.host + "/api/v1/namespaces",
                                                         headers={"Authorization": "Bearer wrong"})
        self.assertEqual(resp.status, 401)
        body = json.loads(resp.data)
        self.assertEqual(body.get("reason"), "Unauthorized")
        viewer = client.CoreV1Api(self.sim.python_client(context="kubesim-viewer"))
        self.assertTrue(viewer.list_namespace().items)
        e = self.raises(403, viewer.create_namespace, {"metadata": {"name": unique("nope")}})
        self.assertEqual(status_body(e).get("reason"), "Forbidden")
        viewer.api_client.close()


# ---------------------------------------------------------------------------------------------------
class RestartTest(ClientTestCase):
    def test_objects_survive_a_restart(self):
        ns = self.namespace()
        cm = self.core.create_namespaced_config_map(ns, self.cm("kept", {"k": "v"}, labels={"l": "1"}))
        self.apps.create_namespaced_deployment(ns, self.deployment("kept", replicas=2))
        pods = self.running_pods(ns, "app=kept", 2)
        self.core.create_namespaced_persistent_volume_claim(
            ns, {"metadata": {"name": "kept"},
                 "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}})
        claim = wait_for("PVC kept Bound", lambda: (lambda c: c.status.phase == "Bound" and c)(
            self.core.read_namespaced_persistent_volume_claim("kept", ns)), timeout=30, interval=0.2)
        before = {
            "cm": (cm.metadata.uid, cm.metadata.resource_version),
            "ns": (lambda n: (n.metadata.uid, n.metadata.resource_version))(self.core.read_namespace(ns)),
            "deploy": (lambda d: (d.metadata.uid, d.metadata.resource_version, d.metadata.generation))(
                self.apps.read_namespaced_deployment("kept", ns)),
            "pvc": (claim.metadata.uid, claim.spec.volume_name),
        }
        pod_uids = sorted(p.metadata.uid for p in self.running_pods(ns, "app=kept", 2))
        self.assertEqual(pod_uids, sorted(p.metadata.uid for p in pods))
        last_rv = int(self.core.list_namespace().metadata.resource_version)

        self.sim.restart()
        self.connect()
        self.assertTrue(self.sim.url.startswith("https://127.0.0.1:"), self.sim.url)

        got = self.core.read_namespaced_config_map("kept", ns)
        self.assertEqual((got.metadata.uid, got.metadata.resource_version), before["cm"])
        self.assertEqual(got.data, {"k": "v"})
        self.assertEqual(got.metadata.labels, {"l": "1"})
        n = self.core.read_namespace(ns)
        self.assertEqual((n.metadata.uid, n.metadata.resource_version), before["ns"])
        d = self.apps.read_namespaced_deployment("kept", ns)
        self.assertEqual((d.metadata.uid, d.metadata.generation), (before["deploy"][0], before["deploy"][2]))
        c = self.core.read_namespaced_persistent_volume_claim("kept", ns)
        self.assertEqual((c.metadata.uid, c.spec.volume_name), before["pvc"])
        self.assertEqual(c.status.phase, "Bound")
        self.assertEqual(sorted(p.metadata.uid for p in self.running_pods(ns, "app=kept", 2)), pod_uids,
                         "the pods were recreated by the restart")
        # New writes continue the resourceVersion sequence.
        new = self.core.create_namespaced_config_map(ns, self.cm("after-restart"))
        self.assertGreater(int(new.metadata.resource_version), last_rv)
        self.assertNotEqual(new.metadata.uid, got.metadata.uid)
        # The kubeconfig written at the second start still authenticates (same CA and token).
        self.assertTrue(self.core.list_namespace().items)


if __name__ == "__main__":
    unittest.main()
