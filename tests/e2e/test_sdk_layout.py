"""A backup written by Coffer to S3 (s3rver) and Azure Blob (Azurite), read back with the official
SDKs (@aws-sdk/client-s3, @azure/storage-blob, through tests/storage/sdk_list.js): under the
location's prefix the bucket/container holds exactly Velero's objects for the backup
(velero-format.md §1.2, docs/backup.md) -- every file, nothing else, no temporary or hidden
objects, no unfinished multipart uploads or uncommitted blocks -- and what the SDKs download is a
valid backup: velero-backup.json names the backup and is Completed, the tarball gunzips to a tar
with metadata/version, and the downloaded files pass layout_validator."""
import gzip
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
import unittest

from e2e_support import NODE, TOOLS, Cluster, Coffer, LocalObjectStores, storage_tools_missing
from kubesim_fixture import KubesimTestCase, wait_for
from layout_validator import SIDECARS, TEMP_NAME, validate_backup
from test_backup import apply_fixtures, cluster_settled

SDK_LIST = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "storage", "sdk_list.js")
MISSING = storage_tools_missing(os.path.join("@aws-sdk", "client-s3"), os.path.join("@azure", "storage-blob"))
NAME = "sdk-layout"
PART = 8 * 1024 * 1024  # the S3 part size and Azure block size of Coffer's writers (docs/storage.md)
# Big, incompressible ConfigMaps, so that the tarball is larger than one part/block and goes up as
# a multipart upload / several blocks: the leftovers checks then cover a real multi-part write.
BIG_CONFIGMAPS, BIG_CONFIGMAP_BYTES = 16, 700 * 1024


def velero_files(name):
    """The objects of one backup under backups/<name>/, as Coffer writes them (docs/backup.md):
    the marker and every sidecar Velero 1.18 writes (the old CSI sidecars are not written)."""
    return sorted(["velero-backup.json"] + [name + suffix for suffix in SIDECARS])


@unittest.skipIf(MISSING, MISSING)
class SdkLayoutTest(KubesimTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tmp = tempfile.mkdtemp(prefix="coffer-e2e-sdk-")
        cls.stores = LocalObjectStores(cls.tmp, buckets=["bucket"], containers=["container"])
        cls.addClassCleanup(cls.stores.stop)  # runs even when setUpClass fails after this line
        cls.stores.start()
        os.environ.update(LocalObjectStores.credentials())
        cls.coffer = Coffer(os.path.join(cls.tmp, "home"))
        # The sample workloads (shared/fixtures), settled, plus the big ConfigMaps.
        apply_fixtures(cls.k)
        cls.k.ok("create", "namespace", "sdk-big")
        for i in range(BIG_CONFIGMAPS):
            path = os.path.join(cls.tmp, "blob-%d" % i)
            with open(path, "w") as f:
                f.write(os.urandom(BIG_CONFIGMAP_BYTES * 3 // 4).hex()[:BIG_CONFIGMAP_BYTES])
            cls.k.ok("create", "configmap", "big-%d" % i, "-n", "sdk-big", "--from-file=data=" + path, timeout=60)
        cluster = Cluster(cls.k)
        cluster.discover()
        wait_for("fixtures settled (Deployments and StatefulSets ready, PVCs Bound, Jobs done, Pods Running)",
                 lambda: cluster_settled(cluster), timeout=120, interval=0.5)

    @classmethod
    def tearDownClass(cls):
        cls.stores.stop()
        for k in LocalObjectStores.credentials():
            os.environ.pop(k, None)
        shutil.rmtree(cls.__dict__.get("tmp", "/nonexistent"), ignore_errors=True)
        super().tearDownClass()

    # -- the SDKs ------------------------------------------------------------------------------------
    def sdk(self, *args, ok=True):
        env = dict(os.environ, NODE_PATH=os.path.join(TOOLS, "node_modules"))
        p = subprocess.run([NODE, "--openssl-legacy-provider", SDK_LIST] + list(args), capture_output=True,
                           timeout=120, env=env, stdin=subprocess.DEVNULL)
        if ok and p.returncode != 0:
            raise AssertionError("sdk_list.js %s: exit %d\n%s" % (" ".join(args), p.returncode,
                                                                  p.stderr.decode(errors="replace")))
        return p

    def sdk_list(self, provider, endpoint, bucket, prefix, page_size=3):
        """[{key, size, ...}] of every object under prefix, and how many list pages that took."""
        out = self.sdk("--page-size", str(page_size), provider, endpoint, bucket, prefix).stdout.decode()
        lines = [json.loads(l) for l in out.splitlines() if l.strip()]
        self.assertIn("pages", lines[-1], out)
        return lines[:-1], lines[-1]["pages"]

    def sdk_get(self, provider, endpoint, bucket, key):
        return self.sdk(provider, endpoint, bucket, "get", key).stdout

    # -- the check --------------------------------------------------------------------------------------
    def check_layout(self, provider, url, endpoint, bucket, prefix):
        r = self.coffer.run("backup", "create", NAME, "--location", url, "--kubeconfig", self.sim.kubeconfig,
                            "--no-progress", "-o", "json", timeout=300)
        self.assertEqual(r.code, 0, r)
        self.assertEqual(r.json()["status"]["phase"], "Completed", r)

        # Every object in the bucket/container, through the SDK's paginated listing.
        objects, pages = self.sdk_list(provider, endpoint, bucket, "")
        expected = ["%s/backups/%s/%s" % (prefix, NAME, f) for f in velero_files(NAME)]
        keys = sorted(o["key"] for o in objects)
        self.assertEqual(keys, expected, "the %s holds exactly Velero's objects of the backup" % bucket)
        self.assertEqual(len(keys), len(set(keys)), "no key listed twice (snapshots, versions)")
        self.assertGreater(pages, 1, "the listing was paginated (3 keys a page)")
        for o in objects:
            self.assertFalse(any(TEMP_NAME.search(part) for part in o["key"].split("/")), o)
        under, _ = self.sdk_list(provider, endpoint, bucket, prefix + "/", page_size=1000)
        self.assertEqual(sorted(o["key"] for o in under), expected, "listing under the prefix")
        sizes = {o["key"][len(prefix) + 1:]: o["size"] for o in objects}
        tar_key = "%s/backups/%s/%s.tar.gz" % (prefix, NAME, NAME)
        self.assertGreater(sizes["backups/%s/%s.tar.gz" % (NAME, NAME)], PART,
                           "the tarball is bigger than one part/block, so it went up in several")

        # No unfinished uploads left behind.
        if provider == "azure":
            for o in objects:
                self.assertEqual(o["blobType"], "BlockBlob", o)
                self.assertEqual(o["uncommittedBlocks"], 0, o)
                self.assertNotIn("snapshot", o)
            tar = [o for o in objects if o["key"] == tar_key][0]
            self.assertGreater(tar["committedBlocks"], 1, "the tarball was committed from several blocks: %s" % tar)
            self.assertEqual(self.sdk(provider, endpoint, bucket, "uploads", "").stdout, b"")
        else:
            p = self.sdk(provider, endpoint, bucket, "uploads", "", ok=False)
            if p.returncode == 0:
                self.assertEqual(p.stdout, b"", "unfinished multipart uploads")
            else:
                # s3rver has no ListMultipartUploads; its open uploads are directories on disk.
                self.assertEqual(p.returncode, 3, p.stderr)
                uploads = os.path.join(self.stores.s3dir, bucket, "._S3rver_uploads")
                self.assertEqual(os.listdir(uploads) if os.path.isdir(uploads) else [], [],
                                 "s3rver holds unfinished multipart uploads")

        # Download every object through the SDK into a file:// layout and check it.
        loc = os.path.join(self.tmp, "downloaded-" + provider)
        for o in objects:
            data = self.sdk_get(provider, endpoint, bucket, o["key"])
            self.assertEqual(len(data), o["size"], o["key"])
            path = os.path.join(loc, o["key"][len(prefix) + 1:])
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(data)
            if o["key"].endswith(".gz"):
                gzip.decompress(data)  # every sidecar and the tarball is a complete gzip stream

        with open(os.path.join(loc, "backups", NAME, "velero-backup.json"), "rb") as f:
            marker = json.loads(f.read())
        self.assertEqual((marker["apiVersion"], marker["kind"]), ("velero.io/v1", "Backup"))
        self.assertEqual(marker["metadata"]["name"], NAME)
        self.assertEqual(marker["status"]["phase"], "Completed")

        with open(os.path.join(loc, "backups", NAME, NAME + ".tar.gz"), "rb") as f:
            with tarfile.open(fileobj=io.BytesIO(f.read()), mode="r:gz") as tar:
                names = tar.getnames()
                self.assertIn("metadata/version", names)
                self.assertEqual(tar.extractfile("metadata/version").read(), b"1.1.0\n")
        self.assertIn("resources/configmaps/namespaces/sdk-big/big-15.json", names)
        self.assertEqual(validate_backup(loc, NAME), [])

    def test_s3_layout_through_the_aws_sdk(self):
        self.check_layout("s3", self.stores.s3_url("bucket", "some/prefix"), self.stores.s3_endpoint,
                          "bucket", "some/prefix")

    def test_azure_layout_through_the_azure_sdk(self):
        self.check_layout("azure", self.stores.azure_url("container", "prefix"), self.stores.azure_endpoint,
                          "container", "prefix")


if __name__ == "__main__":
    unittest.main()
