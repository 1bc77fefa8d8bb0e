"""The CLI against `coffer server` (SQLite catalog) and a kubesim: `coffer cluster`, `env`,
`location` (by URL and by Velero's fields, credentials never printed, the default and its
conflict, validation, the standalone `location validate --location URL`), `snapshot-location` and
`schedule` (invalid expressions, tables, -o json/yaml, describe, pause, skip, trigger, delete with
its backups). Every command runs with COFFER_CONFIG pointing at the session of `coffer login`."""
import json
import os
import re
import subprocess
import time
import unittest

import yaml

from e2e_support import COFFER, CofferResult, CofferServer, ServerTestMixin
from kubesim_fixture import wait_for

SECRET = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY-cli"
CREDENTIALS = "[default]\naws_access_key_id = AKIACLIEXAMPLE\naws_secret_access_key = %s\n" % SECRET


class CatalogCli:
    """Runs coffer with its own HOME and COFFER_CONFIG; no output may hold a forbidden text."""

    def __init__(self, home, forbidden):
        self.home, self.config, self.forbidden = home, os.path.join(home, "coffer-config.json"), forbidden
        os.makedirs(home, exist_ok=True)

    def run(self, *args, stdin="", timeout=120):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("KUBE", "COFFER_"))}
        env.update(HOME=self.home, COFFER_CONFIG=self.config)
        started = time.monotonic()
        proc = subprocess.run([COFFER] + list(args), capture_output=True, text=True, timeout=timeout, env=env,
                              cwd=self.home, input=stdin)
        r = CofferResult(list(args), proc.returncode, proc.stdout, proc.stderr, time.monotonic() - started)
        for text in self.forbidden():
            if text and text in r.text():
                raise AssertionError("a secret was printed by coffer %s" % " ".join(args))
        return r


class CliCatalogTest(ServerTestMixin, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cli = CatalogCli(os.path.join(cls.tmp, "cli"), cls.forbidden_texts)
        r = cls.cli.run("login", "--server", cls.server.url, "--username", "admin", "--password-stdin",
                        stdin=CofferServer.ADMIN_PASSWORD + "\n")
        assert r.code == 0, r
        with open(cls.sim.kubeconfig) as f:
            cls.kubeconfig = f.read()
        # The cluster and the default location the schedules use.
        assert cls.cli.run("cluster", "add", "base", "--kubeconfig", cls.sim.kubeconfig).code == 0
        cls.store = os.path.join(cls.tmp, "store")
        r = cls.cli.run("location", "add", "base-store", "--url", "file://" + cls.store, "--default")
        assert r.code == 0 and "Available" in r.out, r

    @classmethod
    def forbidden_texts(cls):
        """The credential secret, the session token, the kubeconfig's keys: never printed."""
        texts = [SECRET, CofferServer.ADMIN_PASSWORD]
        if os.path.exists(cls.cli.config):
            with open(cls.cli.config) as f:
                texts.append(json.load(f)["token"])
        kubeconfig = yaml.safe_load(cls.kubeconfig) if getattr(cls, "kubeconfig", None) else {}
        for user in kubeconfig.get("users", []):
            texts += [v for k, v in user.get("user", {}).items() if k in ("client-key-data", "token")]
        return texts

    def ok(self, *args):
        r = self.cli.run(*args)
        self.assertEqual(r.code, 0, r)
        return r

    def fails(self, *args, stdin=""):
        r = self.cli.run(*args, stdin=stdin)
        self.assertEqual(r.code, 1, r)
        return r

    def row(self, table, name):
        """The cells of the table's row whose first cell is name (columns split on 2+ blanks)."""
        for line in table.splitlines()[1:]:
            cells = re.split(r"\s{2,}", line.strip())
            if cells[0] == name:
                return cells
        self.fail("no row %s in:\n%s" % (name, table))

    def document(self, *args):
        return json.loads(self.ok(*args).out)

    def record(self, kind, name):
        return self.api("GET", "/api/v1/%s/%s" % (kind, name), expect=200).json()

    # -- clusters ------------------------------------------------------------------------------------
    def test_clusters(self):
        added = self.ok("cluster", "add", "kind", "--kubeconfig", self.sim.kubeconfig)
        self.assertIn('Cluster "kind": Healthy', added.out)
        cells = self.row(self.ok("cluster", "get").out, "kind")
        self.assertEqual(cells[2], "Healthy", cells)
        self.assertGreater(int(cells[3]), 0, cells)
        one = self.document("cluster", "get", "kind", "-o", "json")
        self.assertEqual((one["name"], one["health"]), ("kind", "Healthy"))
        self.assertNotIn("kubeconfig", one)
        listed = self.document("cluster", "get", "-o", "json")
        self.assertLessEqual({"base", "kind"}, {c["name"] for c in listed["items"]})
        described = self.ok("cluster", "describe", "kind").out
        self.assertRegex(described, r"Health:\s+Healthy")
        self.assertIn("kube-system", described)
        self.assertIn('Cluster "kind": Healthy', self.ok("cluster", "check", "kind").out)
        self.assertIn("--in-cluster", self.fails("cluster", "add", "none").err)
        self.assertIn("does not exist", self.fails("cluster", "check", "nowhere").err)

        self.assertIn("--confirm", self.fails("cluster", "delete", "kind").err)
        self.record("clusters", "kind")
        self.assertIn('Cluster "kind" deleted', self.ok("cluster", "delete", "kind", "--confirm").out)
        self.assertIn("does not exist", self.fails("cluster", "get", "kind").err)

    # -- environments --------------------------------------------------------------------------------
    def test_environments(self):
        self.ok("env", "add", "shop", "--cluster", "base", "--namespace", "shop", "--production")
        self.ok("env", "add", "shop-dev", "--cluster", "base", "--namespace", "shop-dev")
        table = self.ok("env", "get").out
        self.assertEqual(self.row(table, "shop")[1:4], ["base", "shop", "yes"])
        self.assertEqual(self.row(table, "shop-dev")[1:4], ["base", "shop-dev", "no"])
        listed = yaml.safe_load(self.ok("env", "get", "-o", "yaml").out)
        self.assertEqual({e["name"]: e["production"] for e in listed["items"]}, {"shop": True, "shop-dev": False})
        self.assertIn("cluster", self.fails("env", "add", "x", "--cluster", "nope", "--namespace", "a").err)

        # More than a page of the API: every one is listed.
        for i in range(205):
            self.api("POST", "/api/v1/environments", {"name": "bulk-%03d" % i, "cluster": "base", "namespace": "ns-%d" % i},
                     expect=201)
        self.assertEqual(len(self.ok("env", "get").out.splitlines()), 1 + 207)
        self.assertEqual(len(self.document("env", "get", "-o", "json")["items"]), 207)
        self.ok("env", "delete", "--confirm", "shop", "shop-dev", *["bulk-%03d" % i for i in range(205)])
        self.assertEqual(self.api("GET", "/api/v1/environments", expect=200).json()["total"], 0)

    # -- storage locations ---------------------------------------------------------------------------
    def test_locations(self):
        a = os.path.join(self.tmp, "store-a")
        added = self.ok("location", "add", "loc-a", "--url", "file://" + a, "--backup-sync-period", "1m30s",
                        "--validation-frequency", "2m")
        self.assertIn('Storage location "loc-a": Available', added.out)
        rec = self.record("locations", "loc-a")
        self.assertEqual((rec["backupSyncPeriodSeconds"], rec["validationFrequencySeconds"]), (90, 120))
        bad = self.fails("location", "add", "loc-x", "--url", "file://" + a, "--backup-sync-period", "soon")
        self.assertIn("--backup-sync-period", bad.err)

        creds = os.path.join(self.tmp, "aws-credentials")
        with open(creds, "w") as f:
            f.write(CREDENTIALS)
        down = self.ok("location", "add", "s3-down", "--provider", "aws", "--bucket", "backups", "--prefix", "prod",
                       "--config", "region=us-east-1,s3Url=http://127.0.0.1:9,s3ForcePathStyle=true",
                       "--credentials-file", creds, "--access-mode", "ReadOnly")
        self.assertIn('Storage location "s3-down": Unavailable', down.out)
        doc = self.document("location", "get", "s3-down", "-o", "json")
        self.assertEqual((doc["provider"], doc["bucket"], doc["prefix"], doc["accessMode"], doc["credential"]),
                         ("aws", "backups", "prod", "ReadOnly", {"mode": "sealed"}))
        self.assertEqual(doc["config"], {"region": "us-east-1", "s3Url": "http://127.0.0.1:9", "s3ForcePathStyle": "true"})
        self.assertEqual(yaml.safe_load(self.ok("location", "describe", "s3-down", "-o", "yaml").out)["name"], "s3-down")
        self.assertRegex(self.ok("location", "describe", "s3-down").out, r"Credential:\s+sealed")
        self.assertEqual(self.row(self.ok("location", "get").out, "s3-down")[1:4], ["aws", "backups/prod", "Unavailable"])

        # One default at most: the conflict names the current one; set-default moves it.
        conflict = self.fails("location", "add", "loc-b", "--url", "file://" + os.path.join(self.tmp, "b"), "--default")
        self.assertIn("base-store", conflict.err)
        self.ok("location", "set-default", "loc-a")
        self.assertEqual((self.record("locations", "loc-a")["default"], self.record("locations", "base-store")["default"]),
                         (True, False))
        self.ok("location", "set-default", "base-store")

        self.assertIn('Storage location "loc-a": Available', self.ok("location", "validate", "loc-a").out)
        self.assertIn("Unavailable", self.fails("location", "validate", "s3-down").out)
        standalone = self.ok("location", "validate", "--location", "file://" + os.path.join(self.tmp, "standalone"))
        self.assertIn("Available (", standalone.out)

        self.assertIn("--confirm", self.fails("location", "delete", "s3-down").err)
        self.ok("location", "delete", "s3-down", "loc-a", "--confirm")
        self.api("GET", "/api/v1/locations/s3-down", expect=404)
        self.assertNotIn(SECRET, self.server.output())

    # -- volume snapshot locations -------------------------------------------------------------------
    def test_snapshot_locations(self):
        creds = os.path.join(self.tmp, "vsl-credentials")
        with open(creds, "w") as f:
            f.write(CREDENTIALS)
        self.ok("snapshot-location", "add", "vsl", "--provider", "aws", "--config", "region=eu-west-1",
                "--credentials-file", creds)
        self.assertEqual(self.row(self.ok("snapshot-location", "get").out, "vsl")[1:3], ["aws", "region=eu-west-1"])
        doc = self.document("snapshot-location", "get", "vsl", "-o", "json")
        self.assertEqual((doc["credential"], doc["config"]), ({"mode": "sealed"}, {"region": "eu-west-1"}))
        self.ok("snapshot-location", "delete", "vsl", "--confirm")
        self.api("GET", "/api/v1/snapshot-locations/vsl", expect=404)

    # -- schedules -----------------------------------------------------------------------------------
    def test_schedule_create_get_describe_pause(self):
        bad = self.fails("schedule", "create", "bad", "--schedule", "0 25 * * *", "--cluster", "base")
        self.assertIn("schedule", bad.err)
        self.assertIn('hour field "25"', bad.err)
        self.api("GET", "/api/v1/schedules/bad", expect=404)

        made = self.ok("schedule", "create", "six", "--schedule", "0 */6 * * *", "--cluster", "base",
                       "--storage-location", "base-store", "--include-namespaces", "default", "--ttl", "48h",
                       "--labels", "team=a", "--snapshot-volumes=false")
        self.assertIn("Every 6 hours", made.out)
        s = self.document("schedule", "get", "six", "-o", "json")
        self.assertEqual((s["schedule"], s["ttl"], s["location"], s["paused"]), ("0 */6 * * *", "48h0m0s", "base-store", False))
        self.assertEqual(s["template"]["includedNamespaces"], ["default"])
        self.assertEqual(s["template"]["metadata"]["labels"], {"team": "a"})
        self.assertIs(s["template"]["snapshotVolumes"], False)
        self.assertNotIn("ttl", s["template"])
        cells = self.row(self.ok("schedule", "get").out, "six")
        self.assertEqual(cells[1:5], ["Enabled", "base", "0 */6 * * *", "Every 6 hours"])
        self.assertEqual(cells[6:], [s["nextRunAt"], "48h0m0s", "false"])
        listed = yaml.safe_load(self.ok("schedule", "get", "-o", "yaml").out)
        self.assertIn("six", [x["name"] for x in listed["items"]])
        described = self.ok("schedule", "describe", "six").out
        self.assertRegex(described, r"Description:\s+Every 6 hours")
        self.assertRegex(described, r"Next run:\s+" + re.escape(s["nextRunAt"]))

        self.assertIn('Schedule "six" paused', self.ok("schedule", "pause", "six").out)
        self.assertEqual(self.row(self.ok("schedule", "get").out, "six")[1], "Paused")
        self.assertEqual(self.record("schedules", "six")["nextRunAt"], None)
        self.ok("schedule", "unpause", "six")
        self.assertEqual(self.row(self.ok("schedule", "get").out, "six")[-1], "false")
        self.ok("schedule", "delete", "six", "--confirm")
        self.api("GET", "/api/v1/schedules/six", expect=404)

    def test_schedule_skip(self):
        self.ok("schedule", "create", "skipper", "--schedule", "@every 2s", "--cluster", "base",
                "--include-namespaces", "default")
        self.ok("schedule", "skip", "skipper")
        wait_for("skipper's next run skipped", lambda: self.record("schedules", "skipper")["lastSkippedAt"], timeout=20)
        self.ok("schedule", "pause", "skipper")
        skipped = self.record("schedules", "skipper")["lastSkippedAt"]
        self.assertRegex(self.ok("schedule", "describe", "skipper").out, r"Last skipped:\s+" + re.escape(skipped))
        wait_for("no backup of skipper running", lambda: all(
            b["phase"] not in ("New", "InProgress") for b in self.backups("skipper")), timeout=60)
        self.ok("schedule", "delete", "skipper", "--confirm", "--delete-backups")

    def backups(self, schedule):
        return self.api("GET", "/api/v1/backups?limit=1000&schedule=" + schedule, expect=200).json()["items"]

    def test_schedule_trigger_and_delete_with_backups(self):
        self.ok("schedule", "create", "manual", "--schedule", "@every 24h", "--cluster", "base", "--paused",
                "--storage-location", "base-store", "--include-namespaces", "default")
        out = self.ok("schedule", "trigger", "manual").out
        name = re.search(r'Backup "(manual-\d{14})"', out).group(1)
        done = wait_for("backup %s finished" % name, lambda: (lambda b: b["phase"] in ("Completed", "PartiallyFailed",
                                                                                        "Failed") and b)(
            self.record("backups", name)), timeout=120, interval=0.3)
        self.assertEqual(done["phase"], "Completed", done)
        self.assertTrue(os.path.exists(os.path.join(self.store, "backups", name, "velero-backup.json")))
        self.assertEqual(self.document("schedule", "get", "manual", "-o", "json")["lastBackup"], name)

        gone = self.ok("schedule", "delete", "manual", "--confirm", "--delete-backups")
        self.assertIn("Deleting 1 backup(s): " + name, gone.out)
        wait_for("backup %s deleted" % name, lambda: self.api("GET", "/api/v1/backups/" + name).status == 404 and
                 not os.path.exists(os.path.join(self.store, "backups", name)), timeout=60)
        self.api("GET", "/api/v1/schedules/manual", expect=404)


if __name__ == "__main__":
    unittest.main()
