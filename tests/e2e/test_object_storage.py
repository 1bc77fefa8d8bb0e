"""Backups into every kind of location through the CLI: file://, s3:// (a real s3rver) and
azure:// (a real Azurite, which checks Shared Key signatures). The same cluster backed up into
each must give the same items, the S3 bucket must hold exactly Velero's file names, and
describe/contents/get/delete and `coffer location validate` must work on every scheme."""
import base64
import datetime
import hashlib
import hmac
import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import unittest
import urllib.request

from e2e_support import Coffer, REPO
from kubesim_fixture import KubesimTestCase, wait_for
from layout_validator import validate_backup

TOOLS = os.environ.get("COFFER_STORAGE_TOOLS_DIR") or os.path.join(REPO, "tests", "storage")
NODE = shutil.which("node")
AZURITE_ACCOUNT = "devstoreaccount1"
# Azurite's published development key (not a secret).
AZURITE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
SIDECARS = ["-logs.gz", "-results.gz", "-resource-list.json.gz", "-volumesnapshots.json.gz",
            "-podvolumebackups.json.gz", "-itemoperations.json.gz", "-volumeinfo.json.gz", ".tar.gz"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def create_azure_container(port, container):
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%a, %d %b %Y %H:%M:%S GMT")
    headers = {"x-ms-date": date, "x-ms-version": "2021-08-06"}
    canon = "".join("%s:%s\n" % (k, v) for k, v in sorted(headers.items()))
    to_sign = "PUT\n" + "\n" * 11 + canon + "/%s/%s/%s\nrestype:container" % (AZURITE_ACCOUNT, AZURITE_ACCOUNT, container)
    sig = base64.b64encode(hmac.new(base64.b64decode(AZURITE_KEY), to_sign.encode(), hashlib.sha256).digest()).decode()
    headers["Authorization"] = "SharedKey %s:%s" % (AZURITE_ACCOUNT, sig)
    headers["Content-Length"] = "0"
    req = urllib.request.Request("http://127.0.0.1:%d/%s/%s?restype=container" % (port, AZURITE_ACCOUNT, container),
                                 method="PUT", headers=headers)
    return urllib.request.urlopen(req, timeout=10).status


@unittest.skipUnless(NODE and os.path.exists(os.path.join(TOOLS, "node_modules", "s3rver")) and
                     os.path.exists(os.path.join(TOOLS, "node_modules", ".bin", "azurite-blob")),
                     "node, s3rver or azurite missing: run scripts/setup (npm ci --prefix tests/storage)")
class ObjectStorageBackupTest(KubesimTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tmp = tempfile.mkdtemp(prefix="coffer-e2e-storage-")
        cls.procs = []
        # s3rver, on a port it picks; its start line names it.
        s3dir = os.path.join(cls.tmp, "s3")
        os.makedirs(s3dir)
        s3 = subprocess.Popen([NODE, "--openssl-legacy-provider", os.path.join(TOOLS, "node_modules", "s3rver", "bin", "s3rver.js"),
                               "-d", s3dir, "-a", "127.0.0.1", "-p", "0", "--silent", "--configure-bucket", "backups"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        cls.procs.append(s3)
        seen, m = "", None
        for _ in range(20):  # the start line comes within the first few lines, or s3rver exited
            line = s3.stdout.readline()
            seen += line
            m = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
            if m or not line:
                break
        if not m:
            raise AssertionError("s3rver did not start: %r" % seen)
        cls.s3dir = s3dir
        cls.s3_url = "s3://backups/cluster-a?endpoint=http://127.0.0.1:%s&force-path-style=true&region=us-east-1" % m.group(1)
        # Azurite (blob service only).
        port = free_port()
        azdir = os.path.join(cls.tmp, "azurite")
        cls.procs.append(subprocess.Popen([os.path.join(TOOLS, "node_modules", ".bin", "azurite-blob"), "--blobHost", "127.0.0.1",
                                           "--blobPort", str(port), "--location", azdir, "--silent", "--disableTelemetry",
                                           "--skipApiVersionCheck"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        wait_for("Azurite to accept connections", lambda: port_open(port), timeout=60)
        create_azure_container(port, "velero")
        cls.azure_url = "azure://velero/cluster-a?account=%s&endpoint=http://127.0.0.1:%d/%s" % (AZURITE_ACCOUNT, port, AZURITE_ACCOUNT)
        cls.file_dir = os.path.join(cls.tmp, "file-location")
        cls.file_url = "file://" + cls.file_dir
        os.environ.update({"AWS_ACCESS_KEY_ID": "S3RVER", "AWS_SECRET_ACCESS_KEY": "S3RVER",
                           "AZURE_STORAGE_ACCOUNT": AZURITE_ACCOUNT, "AZURE_STORAGE_KEY": AZURITE_KEY})
        cls.coffer = Coffer(os.path.join(cls.tmp, "home"))
        cls.k.ok("create", "namespace", "store-e2e")
        for i in range(30):
            cls.k.ok("create", "configmap", "cm-%d" % i, "-n", "store-e2e", "--from-literal=k=%s" % ("v" * 200))
        cls.k.ok("create", "secret", "generic", "creds", "-n", "store-e2e", "--from-literal=password=hunter2")

    @classmethod
    def tearDownClass(cls):
        for p in cls.__dict__.get("procs", []):
            p.terminate()
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
        for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AZURE_STORAGE_ACCOUNT", "AZURE_STORAGE_KEY"):
            os.environ.pop(k, None)
        shutil.rmtree(cls.__dict__.get("tmp", "/nonexistent"), ignore_errors=True)
        super().tearDownClass()

    def backup(self, name, url):
        r = self.coffer.run("backup", "create", name, "--location", url, "--kubeconfig", self.sim.kubeconfig,
                            "--include-namespaces", "store-e2e", "--no-progress", "-o", "json")
        self.assertEqual(r.code, 0, r)
        self.assertEqual(r.json()["status"]["phase"], "Completed", r)
        return r.json()

    def contents(self, name, url):
        r = self.coffer.run("backup", "contents", name, "--location", url, "-o", "json")
        self.assertEqual(r.code, 0, r)
        return sorted((i["groupResource"], i["namespace"], i["name"]) for i in json.loads(r.out))

    def test_every_scheme_holds_the_same_backup(self):
        urls = {"file": self.file_url, "s3": self.s3_url, "azure": self.azure_url}
        items = {}
        for scheme, url in urls.items():
            with self.subTest(scheme=scheme):
                v = self.coffer.run("location", "validate", "--location", url)
                self.assertEqual(v.code, 0, v)
                self.assertIn("Available", v.out)
                b = self.backup("same-" + scheme, url)
                items[scheme] = self.contents("same-" + scheme, url)
                self.assertEqual(b["status"]["progress"]["itemsBackedUp"], len(items[scheme]))
                d = self.coffer.run("backup", "describe", "same-" + scheme, "--location", url)
                self.assertIn("Phase:  Completed", d.out, d)
                g = self.coffer.run("backup", "get", "--location", url)
                self.assertIn("same-" + scheme, g.out, g)
                # Credentials never show in what coffer prints.
                for r in (v, d, g):
                    self.assertNotIn(AZURITE_KEY, r.text())
        self.assertIn(("configmaps", "store-e2e", "cm-29"), items["file"])
        self.assertEqual(items["s3"], items["file"])
        self.assertEqual(items["azure"], items["file"])
        self.assertEqual(validate_backup(self.file_dir, "same-file"), [])

    def test_s3_bucket_holds_exactly_veleros_files(self):
        self.backup("names", self.s3_url)
        root = os.path.join(self.s3dir, "backups", "cluster-a")
        top = sorted(os.listdir(root))
        self.assertEqual(top, ["backups"], "only Velero's top-level directories under the prefix")
        files = sorted(f[:-len("._S3rver_object")] for f in os.listdir(os.path.join(root, "backups", "names"))
                       if f.endswith("._S3rver_object"))
        self.assertEqual(files, sorted(["velero-backup.json"] + ["names" + s for s in SIDECARS]))

    def test_delete_and_existing_name_on_remote_locations(self):
        for url in (self.s3_url, self.azure_url):
            with self.subTest(url=url.split(":")[0]):
                self.backup("gone", url)
                again = self.coffer.run("backup", "create", "gone", "--location", url, "--kubeconfig", self.sim.kubeconfig,
                                        "--no-progress")
                self.assertEqual(again.code, 1, again)
                self.assertIn("already exists", again.text())
                rm = self.coffer.run("backup", "delete", "gone", "--location", url, "--confirm")
                self.assertEqual(rm.code, 0, rm)
                g = self.coffer.run("backup", "get", "--location", url)
                self.assertNotIn("gone", g.out)

    def test_bad_credentials_fail_clearly_without_leaking(self):
        env_key = os.environ["AZURE_STORAGE_KEY"]
        os.environ["AZURE_STORAGE_KEY"] = base64.b64encode(b"not-the-key-" * 4).decode()
        try:
            r = self.coffer.run("location", "validate", "--location", self.azure_url)
        finally:
            os.environ["AZURE_STORAGE_KEY"] = env_key
        self.assertEqual(r.code, 1, r)
        self.assertIn("Unavailable", r.out)
        self.assertIn("403", r.out)
        self.assertNotIn("not-the-key", r.text())


if __name__ == "__main__":
    unittest.main()
