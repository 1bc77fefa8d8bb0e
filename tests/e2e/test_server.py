"""`coffer server` end to end, the same tests on the embedded SQLite catalog and on PostgreSQL:
first start and login, roles (401 without credentials, 403 for a viewer writing), the audit log,
storage locations (URL and Velero fields, validation, default exclusivity, conflicts), clusters
(a kubesim registered by kubeconfig, its health and namespaces), environments, list queries,
secrets never returned nor stored in the clear, the OpenAPI document, metrics, a restart, and
`coffer login` / `whoami` / `logout`."""
import os
import unittest

import yaml

from e2e_support import S3RVER_CREDENTIALS, Coffer, CofferServer, LocalObjectStores, ServerTestMixin, postgres_catalog
from kubesim_fixture import wait_for

SECRET = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY-e2e"
CREDENTIALS = "[default]\naws_access_key_id = AKIAE2EEXAMPLE\naws_secret_access_key = %s\n" % SECRET


class ServerTests(ServerTestMixin):
    """The tests; run once per catalog database (the subclasses at the end)."""
    SIM_ARGS = ["--seed", "demo"]

    def assert_no_secret_anywhere(self, *answers):
        for a in answers:
            self.assertNotIn(SECRET, a.body)
        self.assertNotIn(SECRET, self.server.output())

    # -- sign-in and roles ----------------------------------------------------------------------------
    def test_login_roles_and_audit(self):
        self.assertEqual(self.server.call("GET", "/api/v1/locations").status, 401)
        bad = self.server.call("POST", "/api/v1/login", {"username": "admin", "password": "not-the-password"})
        self.assertEqual(bad.status, 401)
        self.assertEqual(bad.json()["error"]["message"], "wrong username or password")
        self.assertEqual(self.api("GET", "/api/v1/me", expect=200).json()["role"], "super-admin")

        weak = self.api("POST", "/api/v1/users", {"username": "vera", "role": "boss", "password": "short"}, expect=422)
        self.assertEqual(sorted(f["field"] for f in weak.json()["error"]["fields"]), ["password", "role"])
        self.assertEqual(self.api("GET", "/api/v1/users/vera").status, 404)  # nothing half-created
        self.api("POST", "/api/v1/users", {"username": "vera", "role": "viewer", "password": "viewer-password-1"},
                 expect=201)
        viewer = self.server.login("vera", "viewer-password-1")
        self.api("GET", "/api/v1/locations", token=viewer, expect=200)
        denied = self.api("POST", "/api/v1/locations", {"name": "x", "url": "file:///tmp/x"}, token=viewer, expect=403)
        self.assertIn("viewer", denied.json()["error"]["message"])
        self.assertEqual(self.api("GET", "/api/v1/locations/x").status, 404)

        audit = self.api("GET", "/api/v1/audit?limit=200", expect=200).json()["items"]
        seen = {(a["actor"], a["action"], a["objectName"], a["outcome"]) for a in audit}
        self.assertIn(("admin", "login", "admin", "denied"), seen)
        self.assertIn(("admin", "users.create", "vera", "success"), seen)
        self.assertIn(("admin", "users.create", "vera", "failure"), seen)
        self.assertIn(("vera", "locations.create", "x", "denied"), seen)

        # An API token works like a session, and revoking it ends it.
        made = self.api("POST", "/api/v1/tokens", {"name": "ci"}, token=viewer, expect=201).json()
        self.assertTrue(made["token"].startswith("coffer_"))
        self.assertEqual(self.api("GET", "/api/v1/me", token=made["token"], expect=200).json()["username"], "vera")
        listed = self.api("GET", "/api/v1/tokens", token=viewer, expect=200).json()["items"]
        self.assertTrue(all("token" not in t and "digest" not in t for t in listed))
        self.api("DELETE", "/api/v1/tokens/" + made["id"], token=viewer, expect=204)
        self.assertEqual(self.api("GET", "/api/v1/me", token=made["token"]).status, 401)

        # The last super-admin cannot be demoted or deleted.
        self.assertEqual(self.api("PATCH", "/api/v1/users/admin", {"role": "viewer"}).status, 409)
        self.assertEqual(self.api("DELETE", "/api/v1/users/admin").status, 409)

    # -- storage locations ----------------------------------------------------------------------------
    def test_locations(self):
        store = os.path.join(self.tmp, "store-a")
        a = self.api("POST", "/api/v1/locations", {"name": "primary", "url": "file://" + store, "default": True},
                     expect=201).json()
        self.assertEqual((a["provider"], a["bucket"], a["phase"], a["default"]), ("filesystem", store, "Available", True))
        again = self.api("POST", "/api/v1/locations", {"name": "primary", "url": "file://" + store}, expect=409)
        self.assertIn("primary", again.json()["error"]["message"])
        second = self.api("POST", "/api/v1/locations", {"name": "second", "provider": "filesystem",
                                                         "bucket": os.path.join(self.tmp, "store-b"), "default": True})
        self.assertEqual(second.status, 409, second)
        self.assertIn("primary", second.json()["error"]["message"])
        self.assertEqual(self.api("GET", "/api/v1/locations/second").status, 404)

        bad = self.api("POST", "/api/v1/locations", {"name": "Bad_Name", "url": "ftp://x", "accessMode": "Sometimes",
                                                     "backupSyncPeriodSeconds": "1m", "typo": True}, expect=422)
        fields = sorted(f["field"] for f in bad.json()["error"]["fields"])
        self.assertEqual(fields, ["accessMode", "backupSyncPeriodSeconds", "name", "typo", "url"])

        # Credentials: sealed in the catalog, never returned, never logged; an unreachable S3
        # endpoint is Unavailable with the reason.
        s3 = self.api("POST", "/api/v1/locations", {
            "name": "s3-down", "provider": "aws", "bucket": "backups", "prefix": "prod",
            "config": {"region": "us-east-1", "s3Url": "http://127.0.0.1:9", "s3ForcePathStyle": "true"},
            "credential": {"mode": "sealed", "data": CREDENTIALS}}, expect=201)
        body = s3.json()
        self.assertEqual(body["credential"], {"mode": "sealed"})
        self.assertEqual(body["phase"], "Unavailable")
        self.assertTrue(body["message"], body)
        listed = self.api("GET", "/api/v1/locations?sort=-name", expect=200)
        names = [l["name"] for l in listed.json()["items"]]
        self.assertLess(names.index("s3-down"), names.index("primary"), names)
        self.assert_no_secret_anywhere(s3, listed, self.api("GET", "/api/v1/locations/s3-down"))
        self.assert_catalog_has_no(SECRET)

        filtered = self.api("GET", "/api/v1/locations?provider=aws", expect=200).json()
        self.assertEqual((filtered["total"], filtered["items"][0]["name"]), (1, "s3-down"))
        self.assertEqual(self.api("GET", "/api/v1/locations?colour=red").status, 422)
        self.api("POST", "/api/v1/locations/s3-down/default", expect=200)
        self.assertFalse(self.api("GET", "/api/v1/locations/primary").json()["default"])
        self.api("DELETE", "/api/v1/locations/s3-down", expect=204)

    def assert_catalog_has_no(self, text):
        """The catalog holds no clear-text secret: the SQLite files, or a dump of PostgreSQL."""
        if self.url is None:
            files = [n for n in os.listdir(self.server.data_dir) if n.startswith("catalog.db")]
            self.assertIn("catalog.db", files)
            for name in files:
                with open(os.path.join(self.server.data_dir, name), "rb") as f:
                    self.assertNotIn(text.encode(), f.read(), name)
        else:
            dump = self.pg.dump("coffer")
            self.assertIn("storage_locations", dump)
            self.assertNotIn(text, dump)

    # -- clusters and environments --------------------------------------------------------------------
    def test_clusters_and_environments(self):
        with open(self.sim.kubeconfig) as f:
            kubeconfig = f.read()
        c = self.api("POST", "/api/v1/clusters", {"name": "dev", "kubeconfig": kubeconfig}, expect=201).json()
        self.assertEqual(c["health"], "Healthy", c)
        self.assertIn("kube-system", c["namespaces"])
        self.assertNotIn("kubeconfig", c)
        for a in (self.api("GET", "/api/v1/clusters/dev"), self.api("GET", "/api/v1/clusters")):
            self.assertNotIn("client-key-data", a.body)
            self.assertNotIn("BEGIN", a.body)
        self.assert_catalog_has_no("client-key-data")
        broken = self.api("POST", "/api/v1/clusters", {"name": "broken", "kubeconfig": "not: [a kubeconfig"},
                          expect=422)
        self.assertEqual(broken.json()["error"]["fields"][0]["field"], "kubeconfig")

        self.api("POST", "/api/v1/environments", {"name": "dev-shop", "cluster": "dev", "namespace": "shop"}, expect=201)
        self.api("POST", "/api/v1/environments", {"name": "prod-shop", "cluster": "dev", "namespace": "shop-prod",
                                                  "production": True}, expect=201)
        missing = self.api("POST", "/api/v1/environments", {"name": "x", "cluster": "nope", "namespace": "a"})
        self.assertEqual(missing.status, 404, missing)
        prod = self.api("GET", "/api/v1/environments?production=true", expect=200).json()
        self.assertEqual([e["name"] for e in prod["items"]], ["prod-shop"])
        in_use = self.api("DELETE", "/api/v1/clusters/dev")
        self.assertEqual(in_use.status, 409, in_use)
        self.api("DELETE", "/api/v1/environments/dev-shop", expect=204)
        self.api("DELETE", "/api/v1/environments/prod-shop", expect=204)
        self.api("DELETE", "/api/v1/clusters/dev", expect=204)

    def test_cluster_context_and_location_credentials_from_a_secret(self):
        # A kubeconfig whose current-context points nowhere: the registered context decides.
        with open(self.sim.kubeconfig) as f:
            config = yaml.safe_load(f)
        good = config["current-context"]
        config["clusters"].append({"name": "gone", "cluster": {"server": "https://127.0.0.1:1"}})
        config["contexts"].append({"name": "gone", "context": {"cluster": "gone", "user": config["contexts"][0]["context"]["user"]}})
        config["current-context"] = "gone"
        text = yaml.safe_dump(config)
        self.assertEqual(self.api("POST", "/api/v1/clusters", {"name": "ctx-default", "kubeconfig": text},
                                  expect=201).json()["health"], "Unhealthy")
        chosen = self.api("POST", "/api/v1/clusters", {"name": "ctx", "kubeconfig": text, "context": good},
                          expect=201).json()
        self.assertEqual((chosen["health"], chosen["context"]), ("Healthy", good), chosen)
        unknown = self.api("POST", "/api/v1/clusters", {"name": "ctx-x", "kubeconfig": text, "context": "nope"}, expect=422)
        self.assertEqual(unknown.json()["error"]["fields"][0]["field"], "kubeconfig")
        self.api("DELETE", "/api/v1/clusters/ctx-default", expect=204)

        # An S3 location whose credentials are the key of a Secret in that cluster (as Velero's
        # BackupStorageLocation.spec.credential): the server reads it when it opens the bucket.
        stores = LocalObjectStores(self.tmp, buckets=("secret-creds",), containers=())
        self.addCleanup(stores.stop)
        stores.start()
        creds = "[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n" % (
            S3RVER_CREDENTIALS["AWS_ACCESS_KEY_ID"], S3RVER_CREDENTIALS["AWS_SECRET_ACCESS_KEY"])
        kubectl = self.sim.kubectl()
        kubectl.run("create", "namespace", "velero")
        kubectl.ok("create", "secret", "generic", "cloud-credentials", "-n", "velero", "--from-literal=cloud=" + creds)
        secret = {"mode": "secret", "secretName": "cloud-credentials", "secretKey": "cloud", "cluster": "ctx"}
        loc = self.api("POST", "/api/v1/locations", {"name": "from-secret", "url": stores.s3_url("secret-creds", "p"),
                                                     "credential": secret}, expect=201).json()
        self.assertEqual(loc["phase"], "Available", loc)
        self.assertEqual(loc["credential"], dict(secret, namespace="velero"))
        wrong_key = dict(secret, secretKey="missing")
        bad = self.api("POST", "/api/v1/locations", {"name": "wrong-key", "url": stores.s3_url("secret-creds", "q"),
                                                     "credential": wrong_key}, expect=201).json()
        self.assertEqual(bad["phase"], "Unavailable")
        self.assertIn('no key "missing"', bad["message"])
        nowhere = self.api("POST", "/api/v1/locations", {"name": "x", "url": stores.s3_url("secret-creds", "r"),
                                                         "credential": dict(secret, cluster="nowhere")}, expect=422)
        self.assertEqual(nowhere.json()["error"]["fields"][0]["field"], "credential.cluster")
        self.assertNotIn("aws_secret_access_key", self.api("GET", "/api/v1/locations/from-secret").body)
        self.assertNotIn("aws_secret_access_key", self.server.output())
        for name in ("from-secret", "wrong-key"):
            self.api("DELETE", "/api/v1/locations/" + name, expect=204)
        self.api("DELETE", "/api/v1/clusters/ctx", expect=204)

    # -- backups and restores through the job runner -----------------------------------------------
    def wait_finished(self, kind, name, timeout=90):
        """The backup or restore once it is no longer New or InProgress."""
        def finished():
            r = self.api("GET", "/api/v1/%s/%s" % (kind, name), expect=200).json()
            if r["phase"] in ("New", "InProgress"):
                raise AssertionError("%s %s is %s" % (kind, name, r["phase"]))
            return r
        return wait_for("%s %s finished" % (kind, name), finished, timeout=timeout, interval=0.2)

    def test_backup_restore_delete(self):
        with open(self.sim.kubeconfig) as f:
            self.api("POST", "/api/v1/clusters", {"name": "demo", "kubeconfig": f.read()}, expect=201)
        store = os.path.join(self.tmp, "store-backups")
        self.api("POST", "/api/v1/locations", {"name": "backups", "url": "file://" + store}, expect=201)

        bad = self.api("POST", "/api/v1/backups", {"cluster": "nope", "location": "missing",
                                                   "spec": {"ttl": "soon", "includedNamespaces": ["Bad_NS"]}},
                       expect=422).json()["error"]["fields"]
        self.assertEqual(sorted(f["field"] for f in bad), ["cluster", "location", "spec.ttl"], bad)
        self.assertEqual(self.api("GET", "/api/v1/backups", expect=200).json()["total"], 0)

        made = self.api("POST", "/api/v1/backups", {"name": "shop-1", "cluster": "demo", "location": "backups",
                                                    "spec": {"includedNamespaces": ["shop"], "ttl": "24h"}},
                        expect=201).json()
        self.assertIn(made["phase"], ("New", "InProgress", "Completed"))
        done = self.wait_finished("backups", "shop-1")
        self.assertEqual(done["phase"], "Completed", done)
        self.assertGreater(done["progress"]["itemsBackedUp"], 10, done)
        self.assertGreater(done["sizeBytes"], 0, done)
        self.assertTrue(os.path.exists(os.path.join(store, "backups", "shop-1", "velero-backup.json")))
        contents = self.api("GET", "/api/v1/backups/shop-1/contents", expect=200).json()
        self.assertIn("shop/storefront-settings", contents["resources"]["v1/ConfigMap"])
        item = self.api("GET", "/api/v1/backups/shop-1/items/resources/configmaps/namespaces/shop/storefront-settings.json",
                        expect=200).json()
        self.assertEqual(item["metadata"]["name"], "storefront-settings")
        tarball = self.api("GET", "/api/v1/backups/shop-1/download", expect=200)
        self.assertEqual(tarball.headers.get("Content-Type"), "application/gzip")
        with open(os.path.join(store, "backups", "shop-1", "shop-1.tar.gz"), "rb") as f:
            self.assertEqual(tarball.raw, f.read())
        self.assertIn("shop-1", self.api("GET", "/api/v1/backups/shop-1/logs", expect=200).body)

        preview = self.api("POST", "/api/v1/restores/preview", {"backup": "shop-1", "cluster": "demo",
                                                                "spec": {"namespaceMapping": {"shop": "shop-copy"}}},
                           expect=200).json()
        self.assertGreater(preview["summary"].get("create", 0), 3, preview["summary"])
        k = self.sim.kubectl()
        k.fails("get", "namespace", "shop-copy")
        self.api("POST", "/api/v1/restores", {"name": "copy-1", "backup": "shop-1", "cluster": "demo",
                                              "spec": {"namespaceMapping": {"shop": "shop-copy"}}}, expect=201)
        restored = self.wait_finished("restores", "copy-1")
        self.assertEqual(restored["phase"], "Completed", restored)
        self.assertEqual(k.get_json("configmap", "storefront-settings", "-n", "shop-copy")["data"],
                         k.get_json("configmap", "storefront-settings", "-n", "shop")["data"])
        self.assertIn("restore Completed", self.api("GET", "/api/v1/restores/copy-1/logs", expect=200).body)

        self.cancel_a_restore_waiting_for_a_terminating_namespace(k)

        overview = self.api("GET", "/api/v1/overview?cluster=demo", expect=200).json()
        self.assertEqual((overview["backups"], overview["restores"]), (1, 2), overview)
        self.assertEqual(overview["backupStatus"], {"Completed": 1})
        self.assertEqual(overview["restoreStatus"], {"Completed": 1, "Failed": 1})
        self.assertEqual(overview["successRateByCluster"], [{"cluster": "demo", "completed": 1, "finished": 1, "rate": 1.0}])
        self.assertEqual(self.api("GET", "/api/v1/overview?cluster=nope").status, 404)
        bad = self.api("GET", "/api/v1/overview?sort=best&colour=red", expect=422).json()["error"]["fields"]
        self.assertEqual(sorted(f["field"] for f in bad), ["colour", "sort"])

        self.api("DELETE", "/api/v1/backups/shop-1", expect=202)
        wait_for("backup shop-1 deleted", lambda: self.api("GET", "/api/v1/backups/shop-1").status == 404, timeout=60)
        self.assertFalse(os.path.exists(os.path.join(store, "backups", "shop-1")))
        gone = self.api("POST", "/api/v1/restores", {"backup": "shop-1", "cluster": "demo"}, expect=422)
        self.assertIn("does not exist", gone.body)

    def cancel_a_restore_waiting_for_a_terminating_namespace(self, k):
        """A restore into a namespace held in Terminating by a finalizer waits (up to 10 min) in
        InProgress; cancelling it ends it Failed at once, without writing into the namespace."""
        k.ok("create", "namespace", "held")
        k.ok("apply", "-f", "-", input='{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "hold", '
                                         '"namespace": "held", "finalizers": ["coffer.test/hold"]}}')
        k.ok("delete", "namespace", "held", "--wait=false")
        wait_for("namespace held Terminating",
                 lambda: k.get_json("namespace", "held")["status"]["phase"] == "Terminating", timeout=30)
        self.addCleanup(k.run, "patch", "configmap", "hold", "-n", "held", "--type=merge",
                        "-p", '{"metadata": {"finalizers": null}}')
        self.api("POST", "/api/v1/restores", {"name": "held-1", "backup": "shop-1", "cluster": "demo",
                                              "spec": {"namespaceMapping": {"shop": "held"}}}, expect=201)
        wait_for("restore held-1 InProgress",
                 lambda: self.api("GET", "/api/v1/restores/held-1", expect=200).json()["phase"] == "InProgress",
                 timeout=60)
        self.api("POST", "/api/v1/restores/held-1/cancel", expect=202)
        cancelled = self.wait_finished("restores", "held-1", timeout=30)
        self.assertEqual(cancelled["phase"], "Failed", cancelled)
        self.assertIn("cancelled", cancelled["failureReason"])
        self.assertEqual(k.get_json("configmaps", "-n", "held")["items"][0]["metadata"]["name"], "hold")
        self.assertEqual(len(k.get_json("configmaps", "-n", "held")["items"]), 1, "nothing was restored")
        again = self.api("POST", "/api/v1/restores/held-1/cancel", expect=409)
        self.assertIn("Failed", again.json()["error"]["message"])
        self.assertEqual(self.api("POST", "/api/v1/backups/shop-1/cancel").status, 409)

    # -- the API's own description, metrics --------------------------------------------------------
    def test_openapi_and_metrics(self):
        doc = self.server.call("GET", "/api/v1/openapi.json").json()
        self.assertEqual(doc["openapi"], "3.0.3")
        for path in ("/api/v1/login", "/api/v1/users/{name}", "/api/v1/locations/{name}/validate",
                     "/api/v1/clusters", "/api/v1/environments/{name}", "/api/v1/snapshot-locations", "/api/v1/audit"):
            self.assertIn(path, doc["paths"])
        for path, ops in doc["paths"].items():
            for method, op in ops.items():
                for ref in [r.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref")
                            for r in op["responses"].values()]:
                    if ref:
                        self.assertIn(ref.rsplit("/", 1)[1], doc["components"]["schemas"], (method, path))
        self.api("GET", "/api/v1/locations", expect=200)
        metrics = self.server.call("GET", "/metrics")
        self.assertEqual(metrics.status, 200)
        self.assertIn('coffer_http_requests_total{method="GET",route="/api/v1/locations",status="200"}', metrics.body)

    # -- the CLI against the server ----------------------------------------------------------------
    def test_cli_login(self):
        coffer = Coffer(os.path.join(self.tmp, "cli-home"))
        r = coffer.run_with_input(CofferServer.ADMIN_PASSWORD + "\n", "login", "--server", self.server.url,
                                  "--username", "admin", "--password-stdin")
        self.assertEqual(r.code, 0, r)
        config = os.path.join(coffer.home, ".config", "coffer", "config.json")
        self.assertEqual(os.stat(config).st_mode & 0o777, 0o600)
        self.assertNotIn(CofferServer.ADMIN_PASSWORD, open(config).read())
        who = coffer.run("whoami")
        self.assertEqual((who.code, who.out.split()[0]), (0, "admin"), who)
        wrong = coffer.run_with_input("nope\n", "login", "--server", self.server.url, "--username", "admin",
                                      "--password-stdin")
        self.assertEqual(wrong.code, 1)
        self.assertIn("wrong username or password", wrong.err)
        self.assertEqual(coffer.run("logout").code, 0)
        after = coffer.run("whoami")
        self.assertEqual(after.code, 1)
        self.assertIn("coffer login", after.err)

    # -- last: a restart keeps everything and does not make a second admin -------------------------
    def test_zz_restart(self):
        before = self.api("GET", "/api/v1/users", expect=200).json()["total"]
        first_run = self.server.output()
        self.assertEqual(self.server.stop(), 0, first_run)
        self.assertIn('First start: created user "admin"', first_run)
        self.server.start()
        self.assertEqual(self.api("GET", "/api/v1/users", expect=200).json()["total"], before)  # session survives
        self.assertNotIn("created user", self.server.output())


class ServerOnSqlite(ServerTests, unittest.TestCase):
    pass


class ServerOnPostgres(ServerTests, unittest.TestCase):
    database_url = classmethod(postgres_catalog)


if __name__ == "__main__":
    unittest.main()
