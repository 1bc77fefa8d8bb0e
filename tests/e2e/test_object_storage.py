"""Backups into every kind of location through the CLI: file://, s3:// (a real s3rver) and
azure:// (a real Azurite, which checks Shared Key signatures). The same cluster backed up into
each must give the same items, the S3 bucket must hold exactly Velero's file names, and
describe/contents/get/delete and `coffer location validate` must work on every scheme."""
import base64
import json
import os
import shutil
import tempfile
import unittest

from e2e_support import AZURITE_KEY, Coffer, LocalObjectStores, storage_tools_missing
from kubesim_fixture import KubesimTestCase
from layout_validator import validate_backup

SIDECARS = ["-logs.gz", "-results.gz", "-resource-list.json.gz", "-volumesnapshots.json.gz",
            "-podvolumebackups.json.gz", "-itemoperations.json.gz", "-volumeinfo.json.gz", ".tar.gz"]
MISSING = storage_tools_missing()


@unittest.skipIf(MISSING, MISSING)
class ObjectStorageBackupTest(KubesimTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tmp = tempfile.mkdtemp(prefix="coffer-e2e-storage-")
        cls.stores = LocalObjectStores(cls.tmp, buckets=["backups"], containers=["velero"])
        cls.addClassCleanup(cls.stores.stop)  # runs even when setUpClass fails after this line
        cls.stores.start()
        cls.s3dir = cls.stores.s3dir
        cls.s3_url = cls.stores.s3_url("backups", "cluster-a")
        cls.azure_url = cls.stores.azure_url("velero", "cluster-a")
        cls.file_dir = os.path.join(cls.tmp, "file-location")
        cls.file_url = "file://" + cls.file_dir
        os.environ.update(LocalObjectStores.credentials())
        cls.coffer = Coffer(os.path.join(cls.tmp, "home"))
        cls.k.ok("create", "namespace", "store-e2e")
        for i in range(30):
            cls.k.ok("create", "configmap", "cm-%d" % i, "-n", "store-e2e", "--from-literal=k=%s" % ("v" * 200))
        cls.k.ok("create", "secret", "generic", "creds", "-n", "store-e2e", "--from-literal=password=hunter2")

    @classmethod
    def tearDownClass(cls):
        cls.stores.stop()  # before the directory goes; the class cleanup then has nothing left to do
        for k in LocalObjectStores.credentials():
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
