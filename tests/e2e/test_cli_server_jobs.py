"""`coffer backup ...` and `coffer restore ...` in server mode: the CLI logged in with `coffer login`
(COFFER_CONFIG in a temp dir) against a real `coffer server` (SQLite catalog) and a kubesim seeded
with the demo workloads. Backups created with --wait (final line, exit status), listed as a table,
JSON and YAML, described, their logs, contents and tarball, deleted; a backup from a schedule's
template; a restore under a namespace mapping whose objects then exist in the cluster; restore
get/describe/logs and preview; the errors (an unknown cluster, bad flag values together, no server
and no --location)."""
import json
import os
import subprocess
import tarfile
import time
import unittest

import yaml

from e2e_support import COFFER, CofferResult, CofferServer, ServerTestMixin, deployments_ready
from kubesim_fixture import wait_for


class ServerCli:
    """The coffer CLI with its own HOME and COFFER_CONFIG (the session `coffer login` saves)."""

    def __init__(self, home, config):
        self.home, self.config = home, config
        os.makedirs(home, exist_ok=True)

    def run(self, *args, stdin="", timeout=180):
        env = {k: v for k, v in os.environ.items() if not k.startswith("KUBE") and not k.startswith("COFFER_")}
        env["HOME"] = self.home
        env["COFFER_CONFIG"] = self.config
        started = time.monotonic()
        proc = subprocess.run([COFFER] + list(args), capture_output=True, text=True, timeout=timeout, env=env,
                              cwd=self.home, input=stdin)
        return CofferResult(list(args), proc.returncode, proc.stdout, proc.stderr, time.monotonic() - started)


class CliServerJobsTest(ServerTestMixin, unittest.TestCase):
    SIM_ARGS = ["--seed", "demo"]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.register_cluster_and_store()
        cls.k = cls.sim.kubectl()
        wait_for("demo workloads ready", lambda: deployments_ready(cls.k, "shop"), timeout=60)
        cls.cli = ServerCli(os.path.join(cls.tmp, "home"), os.path.join(cls.tmp, "cli", "config.json"))
        r = cls.cli.run("login", "--server", cls.server.url, "--username", "admin", "--password-stdin",
                        stdin=CofferServer.ADMIN_PASSWORD + "\n")
        assert r.code == 0, r
        with open(cls.cli.config) as f:
            cls.cli_token = json.load(f)["token"]

    def coffer(self, *args, expect=0, **kw):
        r = self.cli.run(*args, **kw)
        if expect is not None:
            self.assertEqual(r.code, expect, r)
        self.assertNotIn(self.cli_token, r.text())
        return r

    def backup_now(self, name, *flags):
        r = self.coffer("backup", "create", name, "--cluster", "dev", "--include-namespaces", "shop", "--wait", *flags)
        self.assertIn('Backup "%s" Completed: ' % name, r.out)
        return r

    # -- backups ---------------------------------------------------------------------------------------
    def test_backup_create_get_describe_logs_contents_download_delete(self):
        r = self.backup_now("web-1", "--labels", "team=shop", "--ttl", "48h")
        self.assertRegex(r.out, r'Completed: [1-9][0-9,]* items in storage location "primary"')
        record = self.api("GET", "/api/v1/backups/web-1", expect=200).json()
        self.assertEqual((record["phase"], record["cluster"], record["location"]), ("Completed", "dev", "primary"))
        self.assertEqual(record["labels"].get("team"), "shop")
        self.assertEqual((record["spec"]["includedNamespaces"], record["spec"]["ttl"]), (["shop"], "48h0m0s"))

        table = self.coffer("backup", "get").out.splitlines()
        self.assertEqual(table[0].split()[:4], ["NAME", "STATUS", "CLUSTER", "LOCATION"])
        row = [line.split() for line in table[1:] if line.split()[0] == "web-1"]
        self.assertEqual(row and row[0][1:4], ["Completed", "dev", "primary"], table)
        listed = json.loads(self.coffer("backup", "get", "-o", "json", "--cluster", "dev", "--status", "Completed").out)
        self.assertIn("web-1", [b["name"] for b in listed["items"]])
        self.assertEqual(json.loads(self.coffer("backup", "get", "--search", "web-1", "--status", "Failed",
                                                    "-o", "json").out), {"items": []})
        one = yaml.safe_load(self.coffer("backup", "get", "web-1", "-o", "yaml").out)
        self.assertEqual((one["name"], one["phase"]), ("web-1", "Completed"))

        described = self.coffer("backup", "describe", "web-1", "--details").out
        for text in ("Name:         web-1", "Phase:  Completed", "team=shop", "Cluster:     dev", "Resource List:",
                     "apps/v1/Deployment:"):
            self.assertIn(text, described)
        self.assertEqual(yaml.safe_load(self.coffer("backup", "describe", "web-1", "-o", "yaml").out)["name"], "web-1")
        self.assertTrue(self.coffer("backup", "logs", "web-1").out.strip())

        contents = self.coffer("backup", "contents", "web-1").out.splitlines()
        self.assertEqual(contents[0].split(), ["RESOURCE", "NAMESPACE", "NAME"])
        deployments = {d["metadata"]["name"] for d in self.k.get_json("deployments", "-n", "shop")["items"]}
        listed_deps = {cols[2] for cols in (line.split() for line in contents[1:])
                       if cols[0] == "apps/v1/Deployment" and cols[1] == "shop"}
        self.assertEqual(listed_deps, deployments)

        # download: NAME-data.tar.gz in the working directory, a gzip tar with metadata/version
        r = self.coffer("backup", "download", "web-1")
        path = os.path.join(self.cli.home, "web-1-data.tar.gz")
        with tarfile.open(path, "r:gz") as tar:
            names = tar.getnames()
            self.assertIn("metadata/version", names)
            self.assertEqual(tar.extractfile("metadata/version").read().strip(), b"1.1.0")
        again = self.coffer("backup", "download", "web-1", expect=1)
        self.assertIn("--force", again.err)
        other = os.path.join(self.tmp, "other.tgz")
        self.coffer("backup", "download", "web-1", "-f", other)
        with open(path, "rb") as a, open(other, "rb") as b:
            self.assertEqual(a.read(), b.read())
        self.coffer("backup", "download", "web-1", "-f", other, "--force")

        self.coffer("backup", "delete", "web-1", expect=1)  # no terminal, no --confirm
        self.api("GET", "/api/v1/backups/web-1", expect=200)
        r = self.coffer("backup", "delete", "web-1", "--confirm", "--wait")
        self.assertIn('Backup "web-1" deleted.', r.out)
        self.api("GET", "/api/v1/backups/web-1", expect=404)
        self.assertFalse(os.path.exists(os.path.join(self.store, "backups", "web-1")))
        gone = self.coffer("backup", "describe", "web-1", expect=1)
        self.assertIn("does not exist", gone.err)

    def test_backup_get_pages_through_the_list(self):
        names = ["page-%02d" % i for i in range(53)]  # more than one page of the API's default 50
        for name in names:
            self.api("POST", "/api/v1/backups", {"name": name, "cluster": "dev",
                                                 "spec": {"includedNamespaces": ["no-such-namespace"]}}, expect=201)
        listed = json.loads(self.coffer("backup", "get", "--search", "page-", "-o", "json").out)
        self.assertEqual(sorted(b["name"] for b in listed["items"]), names)
        table = self.coffer("backup", "get", "--search", "page-").out.splitlines()
        self.assertEqual(sorted(line.split()[0] for line in table[1:]), names)
        wait_for("the page-* backups finished", lambda: all(
            b["phase"] not in ("New", "InProgress") for b in self.api(
                "GET", "/api/v1/backups?search=page-&limit=1000", expect=200).json()["items"]), timeout=120)

    def test_backup_without_wait_is_submitted(self):
        r = self.coffer("backup", "create", "later-1", "--cluster", "dev", "--include-namespaces", "shop")
        self.assertIn('Backup request "later-1" submitted successfully.', r.out)
        self.assertIn("coffer backup describe later-1", r.out)
        wait_for("later-1 Completed", lambda: self.api("GET", "/api/v1/backups/later-1").json()["phase"] == "Completed",
                 timeout=60)
        shown = json.loads(self.coffer("backup", "create", "later-2", "--cluster", "dev", "--include-namespaces",
                                       "shop", "-o", "json").out)
        self.assertEqual((shown["name"], shown["phase"]), ("later-2", "New"))

    def test_backup_from_schedule(self):
        self.api("POST", "/api/v1/schedules", {"name": "nightly", "cluster": "dev", "schedule": "0 3 * * *",
                                               "paused": True, "ttl": "24h",
                                               "template": {"includedNamespaces": ["shop"]}}, expect=201)
        r = self.coffer("backup", "create", "--from-schedule", "nightly", "--wait")
        made = [b for b in self.api("GET", "/api/v1/backups?schedule=nightly", expect=200).json()["items"]]
        self.assertEqual(len(made), 1, made)
        b = made[0]
        self.assertRegex(b["name"], r"^nightly-\d{14}$")
        self.assertIn('Backup "%s" Completed' % b["name"], r.out)
        self.assertEqual((b["labels"].get("velero.io/schedule-name"), b["cluster"], b["location"]),
                         ("nightly", "dev", "primary"))
        self.assertEqual((b["spec"]["includedNamespaces"], b["spec"]["ttl"]), (["shop"], "24h0m0s"))

        named = self.coffer("backup", "create", "by-hand", "--from-schedule", "nightly")
        self.assertIn('"by-hand" submitted', named.out)
        b = self.api("GET", "/api/v1/backups/by-hand", expect=200).json()
        self.assertEqual((b["schedule"], b["labels"].get("velero.io/schedule-name")), ("nightly", "nightly"))
        table = self.coffer("backup", "get", "--schedule", "nightly").out
        self.assertIn("by-hand", table)
        self.assertNotIn("web-1", table)

        # a schedule and spec flags together; an unknown schedule (from the API)
        both = self.coffer("backup", "create", "x", "--from-schedule", "nightly", "--include-namespaces", "a",
                           "--ttl", "1h", expect=1)
        self.assertIn("--include-namespaces: not with --from-schedule", both.err)
        self.assertIn("--ttl: not with --from-schedule", both.err)
        missing = self.coffer("backup", "create", "y", "--from-schedule", "nope", expect=1)
        self.assertIn('schedule "nope" does not exist', missing.err)
        self.api("GET", "/api/v1/backups/y", expect=404)
        spec_and_schedule = self.api("POST", "/api/v1/backups", {"name": "z", "schedule": "nightly", "spec": {}},
                                     expect=422).json()["error"]["fields"]
        self.assertEqual([f["field"] for f in spec_and_schedule], ["spec"])

        # A restore from the schedule uses its latest Completed backup ("by-hand" finishes last).
        wait_for("by-hand Completed", lambda: self.api("GET", "/api/v1/backups/by-hand", expect=200).json()["phase"]
                 == "Completed", timeout=60)
        r = self.coffer("restore", "create", "from-nightly", "--from-schedule", "nightly", "--cluster", "dev",
                        "--namespace-mappings", "shop:shop-nightly", "--wait")
        self.assertIn('Restore "from-nightly" Completed', r.out)
        self.assertEqual(self.api("GET", "/api/v1/restores/from-nightly", expect=200).json()["backup"], "by-hand")
        self.assertTrue(self.k.get_json("configmaps", "-n", "shop-nightly")["items"])

    # -- restores --------------------------------------------------------------------------------------
    def test_restore_into_mapped_namespace_and_preview(self):
        self.backup_now("shop-src")
        preview = self.coffer("restore", "create", "--preview", "--from-backup", "shop-src", "--cluster", "dev",
                              "--namespace-mappings", "shop:shop-copy")
        self.assertRegex(preview.out, r"from backup shop-src: [1-9]\d* to create, ")
        self.assertIn("Nothing was written.", preview.out)
        self.k.fails("get", "namespace", "shop-copy")
        as_json = json.loads(self.coffer("restore", "create", "--preview", "--from-backup", "shop-src", "--cluster",
                                         "dev", "--namespace-mappings", "shop:shop-copy", "-o", "json").out)
        self.assertGreater(as_json["summary"]["create"], 0)
        self.assertTrue(all(i["namespace"] in ("shop-copy", "") for i in as_json["items"]), as_json["items"][:3])

        r = self.coffer("restore", "create", "copy-1", "--from-backup", "shop-src", "--cluster", "dev",
                        "--namespace-mappings", "shop:shop-copy", "--wait")
        self.assertRegex(r.out, r'Restore "copy-1" Completed: [1-9][0-9,]* items restored from backup "shop-src"')
        for kind in ("deployments", "configmaps", "services"):
            source = {o["metadata"]["name"] for o in self.k.get_json(kind, "-n", "shop")["items"]}
            copied = {o["metadata"]["name"] for o in self.k.get_json(kind, "-n", "shop-copy")["items"]}
            self.assertTrue(source, kind)
            self.assertLessEqual(source - {"kube-root-ca.crt"}, copied, kind)

        table = self.coffer("restore", "get").out.splitlines()
        self.assertEqual(table[0].split()[:4], ["NAME", "BACKUP", "CLUSTER", "STATUS"])
        self.assertIn(["copy-1", "shop-src", "dev", "Completed"], [line.split()[:4] for line in table[1:]])
        listed = json.loads(self.coffer("restore", "get", "-o", "json", "--backup", "shop-src").out)
        self.assertEqual([x["name"] for x in listed["items"]], ["copy-1"])
        described = self.coffer("restore", "describe", "copy-1").out
        for text in ("Name:         copy-1", "Phase:        Completed", "Backup:       shop-src",
                     "Namespace mappings:  shop=shop-copy", "Cluster:     dev"):
            self.assertIn(text, described)
        self.assertTrue(self.coffer("restore", "logs", "copy-1").out.strip())

        # again into the same namespace: the objects exist; the server names the restore
        again = self.coffer("restore", "create", "--from-backup", "shop-src", "--cluster", "dev",
                            "--namespace-mappings", "shop:shop-copy", "-o", "json")
        name = json.loads(again.out)["name"]
        self.assertRegex(name, r"^restore-\d{14}$")

    def test_cancel(self):
        """A restore waiting for a namespace held in Terminating is cancelled with the CLI; a
        finished backup cannot be cancelled."""
        self.backup_now("held-src")
        self.k.ok("create", "namespace", "cli-held")
        self.k.ok("apply", "-f", "-", input='{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "hold", '
                                              '"namespace": "cli-held", "finalizers": ["coffer.test/hold"]}}')
        self.k.ok("delete", "namespace", "cli-held", "--wait=false")
        self.addCleanup(self.k.run, "patch", "configmap", "hold", "-n", "cli-held", "--type=merge",
                        "-p", '{"metadata": {"finalizers": null}}')
        self.coffer("restore", "create", "held-1", "--from-backup", "held-src", "--cluster", "dev",
                    "--namespace-mappings", "shop:cli-held")
        wait_for("held-1 InProgress", lambda: json.loads(self.coffer("restore", "get", "held-1", "-o", "json").out)
                 ["phase"] == "InProgress", timeout=60)
        r = self.coffer("restore", "cancel", "held-1")
        self.assertIn('Restore "held-1": cancellation requested', r.out)
        done = wait_for("held-1 cancelled", lambda: (lambda x: x["phase"] == "Failed" and x)(
            json.loads(self.coffer("restore", "get", "held-1", "-o", "json").out)), timeout=30)
        self.assertIn("cancelled", done["failureReason"])
        refused = self.coffer("backup", "cancel", "held-src", expect=1)
        self.assertIn("only a New or InProgress backup can be cancelled", refused.err)

    # -- errors ----------------------------------------------------------------------------------------
    def test_errors(self):
        unknown = self.coffer("backup", "create", "lost", "--cluster", "nowhere", "--wait", expect=1)
        self.assertIn("cluster", unknown.err)
        self.assertIn('"nowhere" is not registered', unknown.err)
        self.api("GET", "/api/v1/backups/lost", expect=404)
        two = self.coffer("backup", "create", "lost", "--cluster", "nowhere", "--storage-location", "nothere", expect=1)
        self.assertIn("cluster: ", two.err)
        self.assertIn("location: ", two.err)

        bad = self.coffer("backup", "create", "Bad_Name", "--cluster", "dev", "--ttl", "-1h", "--labels", "novalue",
                          "--include-cluster-resources=maybe", "--kubeconfig", "/x", expect=1)
        for text in ('Backup "Bad_Name" FailedValidation:', "--ttl:", "--labels:", "--include-cluster-resources:",
                     "metadata.name:", "--kubeconfig: only with --location"):
            self.assertIn(text, bad.err)
        self.assertEqual(json.loads(self.coffer("backup", "get", "--search", "bad", "-o", "json").out), {"items": []})

        restore = self.coffer("restore", "create", "r-bad", "--from-backup", "nope", "--cluster", "nowhere",
                              "--existing-resource-policy", "sometimes", expect=1)
        self.assertIn("existingResourcePolicy", restore.err)
        restore = self.coffer("restore", "create", "r-bad", "--from-backup", "nope", "--cluster", "nowhere", expect=1)
        self.assertIn('backup "nope" does not exist', restore.err)
        self.assertIn('cluster "nowhere" is not registered', restore.err)

        lost = ServerCli(os.path.join(self.tmp, "nobody"), os.path.join(self.tmp, "nobody", "config.json"))
        for args in (("backup", "get"), ("backup", "create", "x", "--cluster", "dev"), ("restore", "get")):
            r = lost.run(*args)
            self.assertEqual(r.code, 1, r)
            self.assertIn("--location URL", r.err)
            self.assertIn("coffer login --server URL", r.err)

        # standalone flags are refused with a server and the reverse
        standalone = self.coffer("backup", "get", "--location", "file://" + self.store, "--cluster", "dev", expect=1)
        self.assertIn("--cluster: only against a server", standalone.err)


if __name__ == "__main__":
    unittest.main()
