"""The web UI end to end: headless Chromium (Debian's), driven by playwright-core
(ui/e2e/web_ui_flow.mjs), against a real `coffer server` serving the built UI, with a kubesim
source cluster seeded with the demo workloads and an empty second kubesim as the restore target.

The browser script does what a user does, step by step (log in, register the second cluster, add
a storage location, back up from scratch and watch it complete, browse an item's YAML, create,
pause and resume a schedule, back up from the schedule, preview and run a restore with a
namespace mapping into the second cluster, delete a backup, see the overview change) and takes
the screenshots under docs/screenshots/. Each test here checks one step's outcome where the UI
cannot lie about it: through the API, in the bucket, and with kubectl in the target cluster."""
import gzip
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest
import urllib.request

from e2e_support import COFFER, REPO, Kubesim, ServerTestMixin, deployments_ready, wait_for

UI_SOURCE = os.path.join(REPO, "ui")
FLOW = os.path.join(UI_SOURCE, "e2e", "web_ui_flow.mjs")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = os.environ.get("COFFER_SCREENSHOTS", os.path.join(REPO, "docs", "screenshots"))
FAILURES = os.path.join(tempfile.gettempdir(), "coffer-web-ui-failures")  # kept after the run


def built_ui_dir():
    """The built UI beside the coffer binary under test (bin/../share/coffer/ui), else in build/."""
    for d in (os.path.join(os.path.dirname(os.path.dirname(COFFER)), "share", "coffer", "ui"),
              os.path.join(REPO, "build", "share", "coffer", "ui")):
        if os.path.isfile(os.path.join(d, "index.html")):
            return d
    raise AssertionError("the web UI is not built: no share/coffer/ui/index.html beside %s or in build/ "
                         "(run scripts/build with ui/node_modules installed by scripts/setup)" % COFFER)


class WebUiTest(ServerTestMixin, unittest.TestCase):
    SIM_ARGS = ["--seed", "demo"]
    FLOW_TIMEOUT = 900

    @classmethod
    def setUpClass(cls):
        for what, path in (("chromium", CHROMIUM), ("node", shutil.which("node") or "")):
            if not path or not os.access(path, os.X_OK):
                raise AssertionError("%s not found (%s): scripts/setup installs it" % (what, path))
        if not os.path.isdir(os.path.join(UI_SOURCE, "node_modules", "playwright-core")):
            raise AssertionError("ui/node_modules/playwright-core is missing: run scripts/setup")
        cls.UI_DIR = built_ui_dir()
        super().setUpClass()
        with open(cls.sim.kubeconfig) as f:
            r = cls.server.call("POST", "/api/v1/clusters", {"name": "dev", "kubeconfig": f.read()}, token=cls.admin)
        assert r.status == 201, r
        cls.target = Kubesim([], name="WebUiTest target")
        cls.addClassCleanup(cls.target.cleanup)
        cls.target.start()
        cls.ks, cls.kt = cls.sim.kubectl(), cls.target.kubectl()
        wait_for("demo workloads ready", lambda: deployments_ready(cls.ks, "shop"), timeout=60)
        r = cls.server.call("POST", "/api/v1/users", {"username": "auditor", "role": "viewer",
                                                      "password": "auditor-password-1"}, token=cls.admin)
        assert r.status == 201, r
        cls.store = os.path.join(cls.tmp, "store")
        os.makedirs(SCREENSHOTS, exist_ok=True)
        os.makedirs(FAILURES, exist_ok=True)
        cls.report_path = os.path.join(cls.tmp, "ui-report.json")
        env = dict(os.environ,
                   COFFER_URL=cls.server.url,
                   COFFER_USERNAME="admin",
                   COFFER_PASSWORD=cls.server.ADMIN_PASSWORD,
                   VIEWER_USERNAME="auditor",
                   VIEWER_PASSWORD="auditor-password-1",
                   SOURCE_CLUSTER="dev",
                   TARGET_KUBECONFIG=cls.target.kubeconfig,
                   STORE_DIR=cls.store,
                   SCREENSHOT_DIR=SCREENSHOTS,
                   REPORT=cls.report_path,
                   FAILURE_DIR=FAILURES,
                   CHROMIUM=CHROMIUM)
        cls.flow = subprocess.run(["node", FLOW], cwd=UI_SOURCE, env=env, capture_output=True, text=True,
                                  timeout=cls.FLOW_TIMEOUT)
        try:
            with open(cls.report_path) as f:
                cls.report = json.load(f)
        except (OSError, ValueError) as e:
            raise AssertionError("the browser flow wrote no report (%s); exit %s\nstdout:\n%s\nstderr:\n%s"
                                 % (e, cls.flow.returncode, cls.flow.stdout[-4000:], cls.flow.stderr[-4000:]))
        cls.steps = {s["name"]: s for s in cls.report["steps"]}

    def step(self, name):
        """The browser step's data; fails with its error (and the page's errors) when it failed."""
        s = self.steps.get(name)
        self.assertIsNotNone(s, "the browser flow has no step %r (steps: %s)" % (name, list(self.steps)))
        if s.get("skipped"):
            self.fail("step %r did not run: an earlier step failed" % name)
        self.assertTrue(s["ok"], "step %r failed in the browser: %s\npage errors: %s\nscreenshot: %s"
                        % (name, s.get("error"), self.report.get("pageErrors"), s.get("screenshot")))
        return s.get("data") or {}

    def test_00_flow_ran_cleanly(self):
        self.assertEqual(self.flow.returncode, 0, "browser flow exit %s\n%s" % (self.flow.returncode, self.flow.stderr[-4000:]))
        self.assertEqual(self.report.get("pageErrors"), [], "uncaught errors in the page")

    def test_01_login(self):
        data = self.step("login")
        self.assertEqual(data.get("user"), "admin")
        # A wrong password was refused first, with the message shown on the page.
        self.assertIn("Wrong username or password", data.get("wrongPasswordMessage", ""))

    def test_02_register_cluster(self):
        self.step("register cluster")
        r = self.api("GET", "/api/v1/clusters/dr", expect=200).json()
        self.assertEqual(r["health"], "Healthy", r)

    def test_03_add_location(self):
        data = self.step("add location")
        loc = self.api("GET", "/api/v1/locations/" + data["name"], expect=200).json()
        self.assertEqual(loc["phase"], "Available", loc)
        self.assertTrue(loc["default"], loc)

    def test_04_backup_from_scratch(self):
        data = self.step("backup from scratch")
        b = self.api("GET", "/api/v1/backups/" + data["name"], expect=200).json()
        self.assertEqual(b["phase"], "Completed", b)
        self.assertEqual(b["spec"].get("includedNamespaces"), ["shop"], b["spec"])
        self.assertTrue(os.path.isfile(os.path.join(self.store, "backups", data["name"], "velero-backup.json")))
        self.assertEqual(b["progress"]["itemsBackedUp"], b["progress"]["totalItems"])
        self.assertGreaterEqual(data.get("progressSeen", 0), 1, "the detail page showed no progress")

    def test_05_browse_item_yaml(self):
        data = self.step("browse item yaml")
        self.assertIn("kind: Deployment", data["yaml"])
        self.assertIn("name: storefront", data["yaml"])

    def test_06_schedule_pause_resume(self):
        data = self.step("schedule create pause resume")
        sch = self.api("GET", "/api/v1/schedules/" + data["name"], expect=200).json()
        self.assertFalse(sch["paused"], sch)
        self.assertEqual(sch["schedule"], data["cron"])
        self.assertIn("Every day", data["cronInWords"])
        audit = self.api("GET", "/api/v1/audit?limit=1000", expect=200).json()["items"]
        actions = [a["action"] for a in audit if a["objectName"] == data["name"]]
        for action in ("pause", "unpause"):
            self.assertTrue(any(action in a for a in actions), "no %s in the audit log: %s" % (action, actions))

    def test_07_backup_from_schedule(self):
        data = self.step("backup from schedule")
        b = data["record"]  # read through the API before the next step deleted it
        self.assertEqual(b["name"], data["name"])
        self.assertTrue(b["name"].startswith(data["schedule"] + "-"), b["name"])
        self.assertEqual(b["schedule"], data["schedule"], b)
        self.assertEqual(b["phase"], "Completed", b)

    def test_08_restore_with_mapping_into_second_cluster(self):
        data = self.step("restore with mapping")
        self.assertGreater(data.get("previewRows", 0), 0, "the preview showed no items")
        r = self.api("GET", "/api/v1/restores/" + data["name"], expect=200).json()
        self.assertEqual(r["phase"], "Completed", r)
        self.assertEqual(r["cluster"], "dr")
        deployments = self.kt.get_json("deployments", "-n", "shop-restored")
        names = sorted(d["metadata"]["name"] for d in deployments["items"])
        self.assertEqual(names, ["payments", "storefront"])
        self.kt.fails("get", "namespace", "shop")  # mapped, not restored under its own name

    def test_09_delete_backup(self):
        data = self.step("delete backup")
        wait_for("backup %s gone" % data["name"],
                 lambda: self.api("GET", "/api/v1/backups/" + data["name"]).status == 404, timeout=60)
        self.assertFalse(os.path.exists(os.path.join(self.store, "backups", data["name"])))

    def test_10_overview_changes(self):
        data = self.step("overview changes")
        self.assertGreater(data["after"]["backups"], data["before"]["backups"], data)
        self.assertGreater(data["after"]["restores"], data["before"]["restores"], data)

    def test_14_viewer_is_offered_no_change(self):
        data = self.step("viewer is read-only")
        self.assertEqual(data["offered"], {"createBackup": 0, "deleteBackup": 0, "newRestore": 0, "addLocation": 0})

    def test_13_every_control_has_a_name(self):
        # Labelled controls: screen readers and keyboard users (and getByLabel here) find them.
        data = self.step("labelled controls")
        self.assertEqual(data["unlabelled"], [], "controls without an accessible name")

    def test_12_server_serves_the_ui(self):
        for path in ("/", "/data-protection-management/backup-and-schedule/backups/detail/x"):
            r = self.server.call("GET", path)
            self.assertEqual(r.status, 200, r)
            self.assertTrue(r.headers["Content-Type"].startswith("text/html"), r.headers)
            self.assertIn('<div id="root">', r.body)
            self.assertIn("default-src 'self'", r.headers["Content-Security-Policy"])
            self.assertEqual(r.headers["Cache-Control"], "no-cache")
        scripts = re.findall(r'src="(/assets/[^"]+\.js)"', self.server.call("GET", "/").body)
        self.assertTrue(scripts, "index.html names no script")
        js = self.server.call("GET", scripts[0])
        self.assertEqual(js.status, 200)
        self.assertTrue(js.headers["Content-Type"].startswith("application/javascript"))
        self.assertIn("immutable", js.headers["Cache-Control"])
        # Browsers get it gzipped: the same script, smaller.
        req = urllib.request.Request(self.server.url + scripts[0], headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(req, timeout=30) as r:
            self.assertEqual(r.headers["Content-Encoding"], "gzip")
            packed = r.read()
        self.assertLess(len(packed), len(js.raw) / 2)
        self.assertEqual(gzip.decompress(packed), js.raw)
        self.assertEqual(self.server.call("GET", "/assets/missing-0000.js").status, 404)
        api = self.server.call("GET", "/api/v1/no-such-thing")
        self.assertEqual(api.status, 404)
        self.assertEqual(api.json()["error"]["code"], "NotFound")

    def test_11_screenshots_of_every_page(self):
        data = self.step("screenshots")
        for name in data["files"]:
            path = os.path.join(SCREENSHOTS, name)
            self.assertTrue(os.path.isfile(path) and os.path.getsize(path) > 10_000, "screenshot %s" % path)
        self.assertGreaterEqual(len(data["files"]), 12, data["files"])


if __name__ == "__main__":
    unittest.main()
