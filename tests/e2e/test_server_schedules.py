"""`coffer server`'s background loops end to end, on the embedded SQLite catalog and on PostgreSQL:
schedules (@every ticks, backup names and labels, pause, skip, trigger, invalid expressions,
deleting a schedule with its backups), backup TTL (gone from the catalog and the bucket), bucket
sync (a backup written by the CLI appears, and leaves when removed from the bucket), location
validation, and -- on PostgreSQL -- two servers sharing one schedule, each tick run once."""
import base64
import datetime
import json
import os
import shutil
import time
import unittest

from e2e_support import Coffer, CofferServer, ServerTestMixin, postgres_catalog
from kubesim_fixture import wait_for

SERVER_KEY = base64.b64encode(bytes(range(32))).decode()  # shared by both servers of a PostgreSQL catalog
NAME_RE = r"^%s-\d{14}$"


class ScheduleTests(ServerTestMixin):
    """The tests; run once per catalog database (the subclasses at the end)."""
    SERVER_KEY = SERVER_KEY

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.register_cluster_and_store(backupSyncPeriodSeconds=1, validationFrequencySeconds=1)

    def backups(self, **filters):
        query = "&".join("%s=%s" % kv for kv in filters.items())
        return self.api("GET", "/api/v1/backups?limit=1000&" + query, expect=200).json()["items"]

    def make_schedule(self, name, cron, **extra):
        body = {"name": name, "cluster": "dev", "schedule": cron, "template": {"includedNamespaces": ["default"]}}
        body.update(extra)
        return self.api("POST", "/api/v1/schedules", body, expect=201).json()

    # -- a schedule ticking ----------------------------------------------------------------------------
    def test_every_schedule_makes_named_labelled_backups_and_pause_stops_them(self):
        s = self.make_schedule("tick", "@every 2s")
        self.assertEqual((s["schedule"], s["paused"], s["skipNext"], s["lastBackup"]), ("@every 2s", False, False, None))
        self.assertTrue(s["description"].startswith("Every"), s)
        self.assertTrue(s["nextRunAt"], s)
        self.assertEqual(s["ttl"], "720h0m0s")

        made = wait_for("two backups of schedule tick", lambda: len(self.backups(schedule="tick")) >= 2 and
                        self.backups(schedule="tick"), timeout=30)
        for b in made:
            self.assertRegex(b["name"], NAME_RE % "tick")
            self.assertEqual(b["labels"].get("velero.io/schedule-name"), "tick", b)
            self.assertEqual((b["schedule"], b["cluster"], b["location"]), ("tick", "dev", "primary"))
        done = wait_for("a backup of schedule tick Completed",
                        lambda: [b for b in self.backups(schedule="tick") if b["phase"] == "Completed"], timeout=60)
        path = os.path.join(self.store, "backups", done[0]["name"], "velero-backup.json")
        self.assertTrue(os.path.isfile(path), path)
        shown = self.api("GET", "/api/v1/schedules/tick", expect=200).json()
        self.assertRegex(shown["lastBackup"], NAME_RE % "tick")
        self.assertTrue(shown["lastBackupAt"])

        paused = self.api("POST", "/api/v1/schedules/tick/pause", expect=200).json()
        self.assertEqual((paused["paused"], paused["nextRunAt"]), (True, None))
        count = len(self.backups(schedule="tick"))
        deadline = time.monotonic() + 5  # more than two periods: a running schedule would have made more
        while time.monotonic() < deadline:
            self.assertEqual(len(self.backups(schedule="tick")), count)
            time.sleep(0.5)
        listed = self.api("GET", "/api/v1/schedules?paused=true", expect=200).json()
        self.assertIn("tick", [x["name"] for x in listed["items"]])

        # Deleting the schedule with its backups: every backup leaves the catalog and the bucket.
        wait_for("no backup of tick running", lambda: all(b["phase"] not in ("New", "InProgress")
                                                          for b in self.backups(schedule="tick")), timeout=60)
        names = [b["name"] for b in self.backups(schedule="tick")]
        gone = self.api("DELETE", "/api/v1/schedules/tick?deleteBackups=true", expect=200).json()
        self.assertEqual((sorted(gone["deleting"]), gone["notDeleted"]), (sorted(names), []))
        self.api("GET", "/api/v1/schedules/tick", expect=404)
        wait_for("tick's backups deleted", lambda: not self.backups(schedule="tick") and not any(
            os.path.exists(os.path.join(self.store, "backups", n)) for n in names), timeout=60)

    def test_skip_and_trigger(self):
        self.make_schedule("skipper", "@every 2s")
        skipped = self.api("POST", "/api/v1/schedules/skipper/skip", expect=200).json()
        self.assertTrue(skipped["skipNext"])
        shown = wait_for("skipper's next run skipped", lambda: (lambda s: s["lastSkippedAt"] and s)(
            self.api("GET", "/api/v1/schedules/skipper", expect=200).json()), timeout=20)
        self.assertFalse(shown["skipNext"])
        self.api("POST", "/api/v1/schedules/skipper/pause", expect=200)
        audit = self.api("GET", "/api/v1/audit?action=schedule.skip&limit=100", expect=200).json()["items"]
        self.assertIn("skipper", [a["objectName"] for a in audit])

        self.make_schedule("manual", "@every 24h", paused=True)
        t = self.api("POST", "/api/v1/schedules/manual/trigger", expect=201).json()
        self.assertRegex(t["name"], NAME_RE % "manual")
        b = self.api("GET", "/api/v1/backups/" + t["name"], expect=200).json()
        self.assertEqual((b["schedule"], b["labels"].get("velero.io/schedule-name")), ("manual", "manual"))
        self.assertEqual(self.api("GET", "/api/v1/schedules/manual", expect=200).json()["lastBackup"], t["name"])
        self.api("POST", "/api/v1/schedules/nope/trigger", expect=404)

    def test_invalid_schedules(self):
        bad = self.api("POST", "/api/v1/schedules", {"name": "bad", "cluster": "dev", "schedule": "0 25 * * *"},
                       expect=422).json()["error"]["fields"]
        self.assertEqual([f["field"] for f in bad], ["schedule"])
        self.assertIn('hour field "25"', bad[0]["message"])
        many = self.api("POST", "/api/v1/schedules", {
            "name": "bad", "cluster": "nowhere", "location": "nowhere", "schedule": "@fortnightly", "ttl": "a while",
            "template": {"includedNamespaces": ["prod-["], "typo": 1}}, expect=422).json()["error"]["fields"]
        fields = sorted(f["field"] for f in many)
        for f in ("cluster", "location", "schedule", "ttl"):
            self.assertIn(f, fields)
        self.assertTrue(any(f.startswith("template") for f in fields), fields)
        self.api("GET", "/api/v1/schedules/bad", expect=404)

        # PUT changes the expression; the description follows.
        self.make_schedule("daily", "0 2 * * *", paused=True)
        self.assertEqual(self.api("GET", "/api/v1/schedules/daily").json()["description"], "Every day at 02:00 UTC")
        changed = self.api("PUT", "/api/v1/schedules/daily", {"cluster": "dev", "schedule": "0 */6 * * *",
                                                              "paused": True}, expect=200).json()
        self.assertEqual(changed["description"], "Every 6 hours")
        self.api("DELETE", "/api/v1/schedules/daily", expect=200)

    def test_cron_expressions_described_for_forms(self):
        # The web UI's cron field asks the server's own parser, as the user types.
        daily = self.api("GET", "/api/v1/cron?expression=0%202%20*%20*%20*", expect=200).json()
        self.assertTrue(daily["valid"])
        self.assertEqual(daily["description"], "Every day at 02:00 UTC")
        self.assertEqual(len(daily["nextRuns"]), 5)
        self.assertTrue(all(t.endswith("T02:00:00Z") for t in daily["nextRuns"]), daily["nextRuns"])
        self.assertEqual(daily["nextRuns"], sorted(set(daily["nextRuns"])))
        bad = self.api("GET", "/api/v1/cron?expression=0%2025%20*%20*%20*", expect=200).json()
        self.assertFalse(bad["valid"])
        self.assertIn('hour field "25"', bad["error"])
        self.assertIn("enter a cron expression", self.api("GET", "/api/v1/cron", expect=200).json()["error"])
        self.api("GET", "/api/v1/cron?expression=@daily", token="", expect=401)

    # -- TTL ---------------------------------------------------------------------------------------------
    def test_ttl_expired_backup_is_deleted_from_catalog_and_bucket(self):
        self.make_schedule("short", "@every 24h", paused=True, ttl="2s")
        name = self.api("POST", "/api/v1/schedules/short/trigger", expect=201).json()["name"]
        wait_for("backup %s written" % name, lambda: os.path.isfile(
            os.path.join(self.store, "backups", name, "velero-backup.json")), timeout=60)
        wait_for("expired backup %s gone from the catalog and the bucket" % name,
                 lambda: self.api("GET", "/api/v1/backups/" + name).status == 404 and
                 not os.path.exists(os.path.join(self.store, "backups", name)), timeout=60)
        self.api("DELETE", "/api/v1/schedules/short", expect=200)

    # -- sync --------------------------------------------------------------------------------------------
    def test_sync_adds_backups_written_elsewhere_and_drops_removed_ones(self):
        other = os.path.join(self.tmp, "synced-store")
        os.makedirs(other)
        self.api("POST", "/api/v1/locations", {"name": "elsewhere", "url": "file://" + other,
                                               "backupSyncPeriodSeconds": 1, "validationFrequencySeconds": 1},
                 expect=201)
        coffer = Coffer(os.path.join(self.tmp, "cli-home"))
        r = coffer.create("cli-made", other, self.sim.kubeconfig, "--include-namespaces", "default")
        self.assertEqual(r.code, 0, r)
        found = wait_for("cli-made synced", lambda: [b for b in self.backups(location="elsewhere")
                                                     if b["name"] == "cli-made"], timeout=30)[0]
        self.assertTrue(found["synced"], found)
        self.assertEqual(found["phase"], "Completed")
        self.assertTrue(found["expiresAt"])
        loc = self.api("GET", "/api/v1/locations/elsewhere", expect=200).json()
        self.assertTrue(loc["lastSyncedAt"], loc)

        # Velero rewrites a backup's metadata when its plugin operations end: a backup synced
        # while WaitingForPluginOperations is read again until its phase is final.
        with open(os.path.join(other, "backups", "cli-made", "velero-backup.json")) as f:
            settling = json.load(f)
        settling["metadata"]["name"] = "settling"
        settling["status"]["phase"] = "WaitingForPluginOperations"
        os.makedirs(os.path.join(other, "backups", "settling"))
        marker = os.path.join(other, "backups", "settling", "velero-backup.json")
        with open(marker, "w") as f:
            json.dump(settling, f)
        wait_for("settling synced", lambda: self.api("GET", "/api/v1/backups/settling", expect=200).json()["phase"]
                 == "WaitingForPluginOperations", timeout=30)
        settling["status"]["phase"] = "Completed"
        with open(marker + ".tmp", "w") as f:
            json.dump(settling, f)
        os.rename(marker + ".tmp", marker)
        wait_for("settling Completed", lambda: self.api("GET", "/api/v1/backups/settling").json()["phase"] == "Completed",
                 timeout=30)
        shutil.rmtree(os.path.join(other, "backups", "settling"))

        # Removing the location forgets its backups in the catalog, not in the bucket; adding it
        # again syncs them back.
        self.api("DELETE", "/api/v1/locations/elsewhere", expect=204)
        self.assertEqual(self.api("GET", "/api/v1/backups/cli-made").status, 404)
        self.assertTrue(os.path.exists(os.path.join(other, "backups", "cli-made", "velero-backup.json")))
        self.api("POST", "/api/v1/locations", {"name": "elsewhere", "url": "file://" + other,
                                               "backupSyncPeriodSeconds": 1, "validationFrequencySeconds": 1},
                 expect=201)
        wait_for("cli-made synced again", lambda: self.api("GET", "/api/v1/backups/cli-made").status == 200,
                 timeout=30)

        shutil.rmtree(os.path.join(other, "backups", "cli-made"))
        wait_for("cli-made gone from the catalog", lambda: self.api("GET", "/api/v1/backups/cli-made").status == 404,
                 timeout=30)

        # Validation at its frequency: a bucket that is no longer usable (here: a file where the
        # directory was) makes the location Unavailable with the reason.
        shutil.rmtree(other)
        with open(other, "w") as f:
            f.write("not a bucket")
        down = wait_for("elsewhere Unavailable", lambda: (lambda l: l["phase"] == "Unavailable" and l)(
            self.api("GET", "/api/v1/locations/elsewhere", expect=200).json()), timeout=30)
        self.assertTrue(down["message"], down)
        self.api("DELETE", "/api/v1/locations/elsewhere", expect=204)

    def test_a_new_server_on_the_same_bucket_restores_everything_in_it(self):
        """Disaster recovery of the control plane: a server with a new, empty catalog (SQLite,
        another server key) pointed at the bucket finds the backups and restores them."""
        k = self.sim.kubectl()
        k.ok("create", "namespace", "dr")
        k.ok("create", "configmap", "ledger", "-n", "dr", "--from-literal=balance=42")
        self.api("POST", "/api/v1/backups", {"name": "dr-source", "cluster": "dev", "spec": {"includedNamespaces": ["dr"]}},
                 expect=201)
        wait_for("dr-source Completed", lambda: self.api("GET", "/api/v1/backups/dr-source", expect=200).json()["phase"]
                 == "Completed", timeout=90)
        k.ok("delete", "namespace", "dr", "--wait=true", timeout=90)

        rescue = CofferServer(os.path.join(self.tmp, "rescue-data")).start()
        self.addCleanup(rescue.stop)
        token = rescue.login()
        with open(self.sim.kubeconfig) as f:
            self.api("POST", "/api/v1/clusters", {"name": "dev", "kubeconfig": f.read()}, token=token, server=rescue,
                     expect=201)
        self.api("POST", "/api/v1/locations", {"name": "recovered", "url": "file://" + self.store, "accessMode": "ReadOnly",
                                               "backupSyncPeriodSeconds": 1}, token=token, server=rescue, expect=201)
        found = wait_for("dr-source synced into the new catalog", lambda: (lambda r: r.status == 200 and r.json())(
            self.api("GET", "/api/v1/backups/dr-source", token=token, server=rescue)), timeout=30)
        self.assertEqual((found["phase"], found["location"], found["synced"]), ("Completed", "recovered", True), found)
        self.api("POST", "/api/v1/restores", {"name": "dr-restore", "backup": "dr-source", "cluster": "dev"},
                 token=token, server=rescue, expect=201)
        done = wait_for("dr-restore finished", lambda: (lambda r: r["phase"] not in ("New", "InProgress") and r)(
            self.api("GET", "/api/v1/restores/dr-restore", token=token, server=rescue, expect=200).json()), timeout=90)
        self.assertEqual(done["phase"], "Completed", done)
        self.assertEqual(k.get_json("configmap", "ledger", "-n", "dr")["data"], {"balance": "42"})

    def test_a_schedule_of_production_environments_backs_up_their_namespaces(self):
        self.api("POST", "/api/v1/environments", {"name": "shop-prod", "cluster": "dev", "namespace": "shop",
                                                  "production": True}, expect=201)
        self.api("POST", "/api/v1/environments", {"name": "shop-dev", "cluster": "dev", "namespace": "shop-dev"},
                 expect=201)
        bad = self.api("POST", "/api/v1/schedules", {"name": "envs-bad", "cluster": "dev", "schedule": "@daily",
                                                     "environments": "staging"}, expect=422)
        self.assertEqual(bad.json()["error"]["fields"][0]["field"], "environments")
        sch = self.api("POST", "/api/v1/schedules", {"name": "envs", "cluster": "dev", "schedule": "@daily",
                                                     "environments": "production"}, expect=201).json()
        self.assertEqual(sch["environments"], "production")
        # An environment added later is part of the next run: the set is resolved at each run.
        self.api("POST", "/api/v1/environments", {"name": "pay-prod", "cluster": "dev", "namespace": "payments",
                                                  "production": True}, expect=201)
        run = self.api("POST", "/api/v1/schedules/envs/trigger", expect=201).json()
        made = self.api("GET", "/api/v1/backups/" + run["name"], expect=200).json()
        self.assertEqual(sorted(made["spec"]["namespaceSet"]), ["payments", "shop"], made["spec"])
        self.api("DELETE", "/api/v1/schedules/envs?deleteBackups=true", expect=200)
        for env in ("shop-prod", "shop-dev", "pay-prod"):
            self.api("DELETE", "/api/v1/environments/" + env, expect=204)

    def test_expired_backup_on_a_read_only_location_stays_listed(self):
        ro = os.path.join(self.tmp, "read-only-store")
        os.makedirs(ro)
        coffer = Coffer(os.path.join(self.tmp, "cli-home-ro"))
        r = coffer.create("old-one", ro, self.sim.kubeconfig, "--include-namespaces", "default", "--ttl", "1s")
        self.assertEqual(r.code, 0, r)
        self.api("POST", "/api/v1/locations", {"name": "archive", "url": "file://" + ro, "accessMode": "ReadOnly",
                                               "backupSyncPeriodSeconds": 1}, expect=201)
        wait_for("old-one synced", lambda: self.api("GET", "/api/v1/backups/old-one").status == 200, timeout=30)
        # Expired, not deletable: shown Expired, the refusal logged with its reason, the bucket untouched.
        wait_for("the refusal logged", lambda: 'backup "old-one" expired but is not deleted' in self.server.output(),
                 timeout=30)
        self.assertIn("read-only", self.server.output())
        b = self.api("GET", "/api/v1/backups/old-one", expect=200).json()
        self.assertEqual(b["phase"], "Expired", b)
        self.assertTrue(os.path.isfile(os.path.join(ro, "backups", "old-one", "velero-backup.json")))
        refused = self.api("DELETE", "/api/v1/backups/old-one")
        self.assertEqual(refused.status, 409, refused)
        self.assertIn("read-only", refused.json()["error"]["message"])
        self.api("DELETE", "/api/v1/locations/archive", expect=204)


class SchedulesOnSqlite(ScheduleTests, unittest.TestCase):
    def test_a_real_every_minute_schedule_runs_at_its_first_tick(self):
        """A 5-field cron end to end on the real clock (once, on one backend: it takes up to a
        minute): the first run is the first whole minute after creation, named after that tick."""
        s = self.make_schedule("minutely", "* * * * *")
        self.assertEqual(s["description"], "Every minute")
        tick = datetime.datetime.strptime(s["nextRunAt"], "%Y-%m-%dT%H:%M:%SZ")
        self.assertEqual(tick.second, 0, s)
        made = wait_for("the first run of minutely", lambda: self.backups(schedule="minutely"), timeout=90)
        self.assertEqual([b["name"] for b in made], ["minutely-" + tick.strftime("%Y%m%d%H%M%S")])
        created = datetime.datetime.strptime(made[0]["createdAt"][:19], "%Y-%m-%dT%H:%M:%S")
        self.assertGreaterEqual(created, tick, made[0])
        self.api("POST", "/api/v1/schedules/minutely/pause", expect=200)
        shown = self.api("GET", "/api/v1/schedules/minutely", expect=200).json()
        self.assertEqual(shown["lastBackup"], made[0]["name"])


class SchedulesOnPostgres(ScheduleTests, unittest.TestCase):
    database_url = classmethod(postgres_catalog)

    def test_two_servers_run_each_tick_once(self):
        second = CofferServer(os.path.join(self.tmp, "data-2"), database_url=self.url, server_key=SERVER_KEY).start()
        try:
            self.make_schedule("duo", "@every 2s")
            wait_for("five ticks of duo", lambda: len(self.backups(schedule="duo")) >= 5, timeout=60)
            self.api("POST", "/api/v1/schedules/duo/pause", expect=200, server=second)
            made = self.backups(schedule="duo")
            names = sorted(b["name"] for b in made)
            self.assertEqual(len(names), len(set(names)))
            stamps = [time.mktime(time.strptime(n.rsplit("-", 1)[1], "%Y%m%d%H%M%S")) for n in names]
            gaps = [b - a for a, b in zip(stamps, stamps[1:])]
            self.assertTrue(all(g >= 2 for g in gaps), (names, gaps))  # one backup per tick, never two
            for out in (self.server.output(), second.output()):
                self.assertNotIn("could not start backup", out)
        finally:
            second.stop()


if __name__ == "__main__":
    unittest.main()
