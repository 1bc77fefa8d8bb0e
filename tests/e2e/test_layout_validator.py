"""Unit test of layout_validator: a correct tiny backup built by hand passes; breaking each rule
of velero-format.md §1–2 one at a time is reported with that rule's id."""
import copy
import gzip
import io
import json
import os
import shutil
import sys
import tarfile
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from layout_validator import parse_item_path, read_backup, validate_backup  # noqa: E402

NAME = "tiny"


def compact(obj):
    # Go's json.Encoder: compact, one trailing newline.
    return (json.dumps(obj, separators=(",", ":")) + "\n").encode()


def gz(data):
    return gzip.compress(data)


CONFIGMAP = {"apiVersion": "v1", "kind": "ConfigMap",
             "metadata": {"name": "cm1", "namespace": "ns1", "uid": "u1", "resourceVersion": "10"},
             "data": {"k": "v"}}
NAMESPACE = {"apiVersion": "v1", "kind": "Namespace",
             "metadata": {"name": "ns1", "uid": "u2", "resourceVersion": "5",
                          "labels": {"kubernetes.io/metadata.name": "ns1"}},
             "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}}
DEPLOYMENT = {"apiVersion": "apps/v1", "kind": "Deployment",
              "metadata": {"name": "web", "namespace": "ns1", "uid": "u3", "resourceVersion": "12"},
              "spec": {"replicas": 1}}


class TinyBackup:
    """Every piece of a backup as Python data; write() lays it out the way Velero does."""

    def __init__(self, name=NAME):
        self.name = name
        self.items = [  # (gr, object)
            ("configmaps", copy.deepcopy(CONFIGMAP)),
            ("namespaces", copy.deepcopy(NAMESPACE)),
            ("deployments.apps", copy.deepcopy(DEPLOYMENT)),
        ]
        self.backup = {
            "apiVersion": "velero.io/v1", "kind": "Backup",
            "metadata": {"name": name, "namespace": "velero", "labels": {"velero.io/storage-location": "default"}},
            "spec": {"includedNamespaces": ["*"], "ttl": "720h0m0s", "storageLocation": "default"},
            "status": {"version": 1, "formatVersion": "1.1.0", "phase": "Completed",
                       "startTimestamp": "2026-01-02T03:04:05Z", "completionTimestamp": "2026-01-02T03:04:07Z",
                       "expiration": "2026-02-01T03:04:05Z",
                       "progress": {"totalItems": 3, "itemsBackedUp": 3}, "warnings": 1},
        }
        self.results = {"warnings": {"namespaces": {"ns1": ["something odd"]}}, "errors": {}}
        self.arrays = {"-podvolumebackups.json.gz": [], "-volumesnapshots.json.gz": [],
                       "-itemoperations.json.gz": [], "-volumeinfo.json.gz": []}
        self.logs = b'time="2026-01-02T03:04:05Z" level=info msg="Setting up backup"\n'
        self.metadata_text = None      # override the velero-backup.json bytes
        self.sidecar_bytes = {}        # suffix -> raw file bytes (override)
        self.skip_files = set()        # file names not written
        self.resource_list = None      # override
        self.entries = None            # override: list of dict(name, data, mode, type)
        self.tar_raw = None            # override: the bytes of the .tar.gz
        self.truncate_tar = False

    # -- the pieces ---------------------------------------------------------------------------
    def default_entries(self):
        entries = [{"name": "metadata/version", "data": b"1.1.0\n"}]
        for gr, obj in self.items:
            ns = obj["metadata"].get("namespace")
            scope = "cluster" if not ns else "namespaces/" + ns
            data = json.dumps(obj, separators=(",", ":")).encode()
            ver = obj["apiVersion"].split("/")[-1]
            entries.append({"name": "resources/%s/%s/%s.json" % (gr, scope, obj["metadata"]["name"]), "data": data})
            entries.append({"name": "resources/%s/%s-preferredversion/%s/%s.json" % (gr, ver, scope, obj["metadata"]["name"]),
                            "data": data})
        return entries

    def default_resource_list(self):
        rl = {}
        for _gr, obj in self.items:
            ns = obj["metadata"].get("namespace")
            rl.setdefault("%s/%s" % (obj["apiVersion"], obj["kind"]), []).append(
                obj["metadata"]["name"] if not ns else "%s/%s" % (ns, obj["metadata"]["name"]))
        return {k: sorted(v) for k, v in rl.items()}

    def tarball(self):
        if self.tar_raw is not None:
            return self.tar_raw
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w:", format=tarfile.PAX_FORMAT) as tf:
            for e in (self.entries if self.entries is not None else self.default_entries()):
                info = tarfile.TarInfo(e["name"])
                info.type = e.get("type", tarfile.REGTYPE)
                info.mode = e.get("mode", 0o755)
                info.mtime = int(time.time())
                data = e.get("data", b"")
                if info.type == tarfile.REGTYPE:
                    info.size = len(data)
                    tf.addfile(info, io.BytesIO(data))
                else:
                    tf.addfile(info)
        raw = buf.getvalue()
        if self.truncate_tar:
            # a valid gzip of a tar without its end-of-archive blocks (cut after the last member)
            raw = raw.rstrip(b"\0")
            raw += b"\0" * (-len(raw) % 512)
        return gz(raw)

    def files(self):
        n = self.name
        out = {
            "velero-backup.json": self.metadata_text if self.metadata_text is not None
            else (json.dumps(self.backup, indent=2) + "\n").encode(),
            n + ".tar.gz": self.tarball(),
            n + "-logs.gz": gz(self.logs),
            n + "-resource-list.json.gz": gz(compact(self.resource_list if self.resource_list is not None
                                                     else self.default_resource_list())),
            n + "-results.gz": gz(compact(self.results)),
        }
        for suffix, arr in self.arrays.items():
            out[n + suffix] = gz(compact(arr))
        for suffix, data in self.sidecar_bytes.items():
            out[n + suffix] = data
        return {k: v for k, v in out.items() if k not in self.skip_files}

    def write(self, location):
        bdir = os.path.join(location, "backups", self.name)
        os.makedirs(bdir, exist_ok=True)
        for fname, data in self.files().items():
            with open(os.path.join(bdir, fname), "wb") as f:
                f.write(data)
        return location


class LayoutValidatorTest(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="coffer-e2e-layout-")
        self.loc = os.path.join(self.tmp, "loc")
        os.makedirs(self.loc)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def violations(self, tb):
        tb.write(self.loc)
        return validate_backup(self.loc, tb.name)

    def assertViolation(self, tb, rule, *, only=False):
        v = self.violations(tb)
        tagged = [x for x in v if x.startswith("[%s]" % rule)]
        self.assertTrue(tagged, "expected a [%s] violation, got %s" % (rule, v))
        if only:
            self.assertEqual(tagged, v, "only [%s] violations expected" % rule)
        return tagged

    # -- the good backup ---------------------------------------------------------------------------
    def test_valid_backup_passes(self):
        tb = TinyBackup()
        self.assertEqual(self.violations(tb), [])
        # Other allowed top-level dirs and loose files at the root do no harm.
        for d in ("restores", "restic", "metadata", "plugins", "kopia"):
            os.makedirs(os.path.join(self.loc, d, "x"), exist_ok=True)
        with open(os.path.join(self.loc, "README"), "w") as f:
            f.write("loose files at the root are fine\n")
        self.assertEqual(validate_backup(self.loc, NAME), [])

    def test_optional_legacy_csi_sidecars_are_accepted(self):
        tb = TinyBackup()
        tb.sidecar_bytes["-csi-volumesnapshots.json.gz"] = gz(compact([]))
        self.assertEqual(self.violations(tb), [])

    def test_omitted_counts_and_empty_results_are_valid(self):
        tb = TinyBackup()
        del tb.backup["status"]["warnings"]
        tb.results = {"warnings": {}, "errors": {}}
        self.assertEqual(self.violations(tb), [])

    def test_partially_failed_with_errors_is_valid(self):
        tb = TinyBackup()
        tb.backup["status"].update(phase="PartiallyFailed", errors=2)
        tb.results["errors"] = {"velero": ["e1"], "cluster": ["e2"]}
        self.assertEqual(self.violations(tb), [])

    def test_read_backup(self):
        TinyBackup().write(self.loc)
        got = read_backup(self.loc, NAME)
        self.assertEqual(got["backup"]["metadata"]["name"], NAME)
        self.assertEqual(set(got["items"]), {("configmaps", "ns1", "cm1"), ("namespaces", None, "ns1"),
                                             ("deployments.apps", "ns1", "web")})
        self.assertEqual(got["items"][("configmaps", "ns1", "cm1")], CONFIGMAP)

    def test_parse_item_path(self):
        self.assertEqual(parse_item_path("resources/pods/namespaces/a/b.json"),
                         {"gr": "pods", "version_dir": None, "namespace": "a", "name": "b"})
        self.assertEqual(parse_item_path("resources/namespaces/cluster/a.json"),
                         {"gr": "namespaces", "version_dir": None, "namespace": None, "name": "a"})
        self.assertEqual(parse_item_path("resources/deployments.apps/v1-preferredversion/namespaces/a/b.json"),
                         {"gr": "deployments.apps", "version_dir": "v1-preferredversion", "namespace": "a", "name": "b"})
        self.assertEqual(parse_item_path("resources/pvs/v1/cluster/p.json")["version_dir"], "v1")
        for bad in ("resources/pods/a/b.json", "resources/pods/namespaces/b.json", "pods/namespaces/a/b.json",
                    "resources/pods/cluster/x/y.json", "resources/pods/namespaces/a/b.yaml"):
            self.assertIsNone(parse_item_path(bad), bad)

    # -- §1.1 location -------------------------------------------------------------------------------
    def test_top_level_dir_not_allowed(self):
        os.makedirs(os.path.join(self.loc, "coffer"))
        self.assertViolation(TinyBackup(), "top-level-dir", only=True)

    def test_temp_files_anywhere(self):
        for rel in ("backups/tiny/tiny.tar.gz.tmp", "backups/.tiny-results.gz.XYZ", "plugins/x/data.part",
                    ".velero-backup.json.tmp-123"):
            with self.subTest(rel=rel):
                path = os.path.join(self.loc, rel)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "wb") as f:
                    f.write(b"x")
                self.assertViolation(TinyBackup(), "temp-file")
                os.remove(path)

    # -- §1.2 the backup's directory -----------------------------------------------------------------
    def test_backup_dir_missing(self):
        self.assertEqual([v[:len("[backup-dir-missing]")] for v in validate_backup(self.loc, "nope")],
                         ["[backup-dir-missing]"])

    def test_unexpected_file_and_dir(self):
        tb = TinyBackup()
        tb.sidecar_bytes[".json"] = b"{}"
        self.assertViolation(tb, "unexpected-file", only=True)
        shutil.rmtree(self.loc)
        os.makedirs(os.path.join(self.loc, "backups", NAME, "sub"))
        self.assertViolation(TinyBackup(), "unexpected-dir", only=True)

    def test_metadata_missing(self):
        tb = TinyBackup()
        tb.skip_files.add("velero-backup.json")
        self.assertViolation(tb, "metadata-missing")

    def test_metadata_compressed(self):
        tb = TinyBackup()
        tb.metadata_text = gz(json.dumps(tb.backup, indent=2).encode())
        self.assertViolation(tb, "metadata-compressed")

    def test_metadata_not_json(self):
        tb = TinyBackup()
        tb.metadata_text = b'{"apiVersion": "velero.io/v1",'
        self.assertViolation(tb, "metadata-json")

    def test_metadata_not_pretty(self):
        tb = TinyBackup()
        tb.metadata_text = compact(tb.backup)
        self.assertViolation(tb, "metadata-not-pretty", only=True)

    def test_metadata_kind(self):
        tb = TinyBackup()
        tb.backup["kind"] = "Restore"
        self.assertViolation(tb, "metadata-kind", only=True)
        tb = TinyBackup()
        tb.backup["apiVersion"] = "velero.io/v2"
        self.assertViolation(tb, "metadata-kind", only=True)

    def test_metadata_name(self):
        tb = TinyBackup()
        tb.backup["metadata"]["name"] = "other"
        self.assertViolation(tb, "metadata-name", only=True)

    def test_metadata_spec(self):
        tb = TinyBackup()
        del tb.backup["spec"]
        self.assertViolation(tb, "metadata-spec", only=True)

    def test_metadata_status(self):
        tb = TinyBackup()
        del tb.backup["status"]
        self.assertViolation(tb, "metadata-status", only=True)

    def test_phase(self):
        tb = TinyBackup()
        tb.backup["status"]["phase"] = "Done"
        self.assertViolation(tb, "phase", only=True)
        tb = TinyBackup()
        del tb.backup["status"]["phase"]
        self.assertViolation(tb, "phase", only=True)

    def test_format_version(self):
        tb = TinyBackup()
        tb.backup["status"]["formatVersion"] = "1.0.0"
        self.assertViolation(tb, "format-version", only=True)

    def test_version(self):
        tb = TinyBackup()
        tb.backup["status"]["version"] = "1"
        self.assertViolation(tb, "version", only=True)

    def test_timestamps(self):
        for key, value in (("startTimestamp", "2026-01-02 03:04:05"), ("completionTimestamp", None),
                           ("expiration", "tomorrow"), ("startTimestamp", 1767322800)):
            with self.subTest(key=key, value=value):
                tb = TinyBackup()
                if value is None:
                    del tb.backup["status"][key]
                else:
                    tb.backup["status"][key] = value
                self.assertViolation(tb, "timestamp", only=True)

    def test_timestamp_order(self):
        tb = TinyBackup()
        tb.backup["status"]["completionTimestamp"] = "2026-01-02T03:04:00Z"
        self.assertViolation(tb, "timestamp-order", only=True)
        tb = TinyBackup()
        tb.backup["status"]["expiration"] = "2026-01-01T00:00:00Z"
        self.assertViolation(tb, "timestamp-order", only=True)

    def test_progress(self):
        tb = TinyBackup()
        del tb.backup["status"]["progress"]
        self.assertViolation(tb, "progress", only=True)
        tb = TinyBackup()
        tb.backup["status"]["progress"] = {"totalItems": 3}
        self.assertViolation(tb, "progress", only=True)
        tb = TinyBackup()
        tb.backup["status"]["progress"] = {"totalItems": 2, "itemsBackedUp": 2}  # the tarball holds 3
        self.assertViolation(tb, "progress", only=True)

    def test_counts_match_results(self):
        tb = TinyBackup()
        tb.backup["status"]["warnings"] = 2
        self.assertViolation(tb, "counts", only=True)
        tb = TinyBackup()
        tb.results["errors"] = {"velero": ["boom"]}  # status.errors is 0 and phase Completed
        self.assertViolation(tb, "counts", only=True)

    def test_completed_with_errors(self):
        tb = TinyBackup()
        tb.backup["status"]["errors"] = 1
        tb.results["errors"] = {"cluster": ["boom"]}
        v = self.assertViolation(tb, "counts", only=True)
        self.assertTrue(any("PartiallyFailed" in x for x in v), v)

    def test_partially_failed_without_errors(self):
        tb = TinyBackup()
        tb.backup["status"]["phase"] = "PartiallyFailed"
        self.assertViolation(tb, "counts", only=True)

    # -- sidecars ------------------------------------------------------------------------------------
    def test_each_sidecar_missing(self):
        for suffix in (".tar.gz", "-logs.gz", "-podvolumebackups.json.gz", "-volumesnapshots.json.gz",
                       "-itemoperations.json.gz", "-resource-list.json.gz", "-results.gz", "-volumeinfo.json.gz"):
            with self.subTest(suffix=suffix):
                shutil.rmtree(self.loc)
                os.makedirs(self.loc)
                tb = TinyBackup()
                tb.skip_files.add(NAME + suffix)
                v = self.assertViolation(tb, "sidecar-missing", only=False)
                self.assertTrue(any(NAME + suffix in x for x in v), v)

    def test_sidecar_wrong_name(self):
        # Velero's names are exact: "-results.gz" has no ".json"; a renamed file is missing + unexpected.
        tb = TinyBackup()
        data = tb.files()[NAME + "-results.gz"]
        tb.skip_files.add(NAME + "-results.gz")
        tb.sidecar_bytes["-results.json.gz"] = data
        self.assertViolation(tb, "sidecar-missing")
        self.assertViolation(tb, "unexpected-file")

    def test_sidecar_not_gzip(self):
        for suffix in ("-logs.gz", "-volumeinfo.json.gz", "-results.gz"):
            with self.subTest(suffix=suffix):
                tb = TinyBackup()
                tb.sidecar_bytes[suffix] = b"[]\n"
                self.assertViolation(tb, "sidecar-gzip")

    def test_sidecar_truncated_gzip(self):
        tb = TinyBackup()
        tb.sidecar_bytes["-itemoperations.json.gz"] = gz(compact([{"spec": {"backupName": NAME}}] * 50))[:-9]
        self.assertViolation(tb, "sidecar-gzip", only=True)

    def test_sidecar_not_json(self):
        tb = TinyBackup()
        tb.sidecar_bytes["-podvolumebackups.json.gz"] = gz(b"[{]")
        self.assertViolation(tb, "sidecar-json", only=True)

    def test_sidecar_pretty(self):
        tb = TinyBackup()
        tb.sidecar_bytes["-volumesnapshots.json.gz"] = gz(json.dumps([{"a": 1}], indent=2).encode())
        self.assertViolation(tb, "sidecar-pretty", only=True)

    def test_sidecar_arrays(self):
        for suffix in ("-podvolumebackups.json.gz", "-volumesnapshots.json.gz", "-itemoperations.json.gz",
                       "-volumeinfo.json.gz"):
            for bad in ({}, None):
                with self.subTest(suffix=suffix, bad=bad):
                    tb = TinyBackup()
                    tb.sidecar_bytes[suffix] = gz(compact(bad))
                    self.assertViolation(tb, "sidecar-type", only=True)

    def test_resource_list_and_results_are_objects(self):
        tb = TinyBackup()
        tb.sidecar_bytes["-resource-list.json.gz"] = gz(compact([]))
        self.assertViolation(tb, "sidecar-type", only=True)
        tb = TinyBackup()
        tb.sidecar_bytes["-results.gz"] = gz(compact([]))
        self.assertViolation(tb, "sidecar-type", only=True)

    def test_results_shape(self):
        bad_results = [
            {"warnings": {}},                                          # no errors
            {"warnings": {}, "errors": {}, "info": {}},                # extra key
            {"warnings": {"velero": "one"}, "errors": {}},             # not a list
            {"warnings": {"namespaces": ["ns1"]}, "errors": {}},       # namespaces not a map
            {"warnings": {"namespaces": {"ns1": "x"}}, "errors": {}},  # not a list
            {"warnings": {"pods": ["x"]}, "errors": {}},               # unknown Result field
            {"warnings": [], "errors": {}},                            # Result not an object
        ]
        for results in bad_results:
            with self.subTest(results=results):
                tb = TinyBackup()
                tb.results = results
                tb.backup["status"].pop("warnings", None)
                self.assertViolation(tb, "results-shape")

    # -- §2 tarball ---------------------------------------------------------------------------------------
    def test_tar_not_gzip(self):
        tb = TinyBackup()
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w:") as tf:
            info = tarfile.TarInfo("metadata/version")
            info.size = 6
            tf.addfile(info, io.BytesIO(b"1.1.0\n"))
        tb.tar_raw = buf.getvalue()
        self.assertViolation(tb, "tar-gzip")

    def test_tar_not_tar(self):
        tb = TinyBackup()
        tb.tar_raw = gz(b"this is not a tar archive" * 100)
        self.assertViolation(tb, "tar-format")

    def test_tar_without_end_blocks(self):
        tb = TinyBackup()
        tb.truncate_tar = True
        self.assertViolation(tb, "tar-eof")

    def test_tar_directory_entry(self):
        tb = TinyBackup()
        tb.entries = tb.default_entries() + [{"name": "resources/configmaps", "type": tarfile.DIRTYPE}]
        self.assertViolation(tb, "tar-entry-type", only=True)
        tb = TinyBackup()
        tb.entries = tb.default_entries() + [{"name": "resources/x.json", "type": tarfile.SYMTYPE}]
        self.assertViolation(tb, "tar-entry-type", only=True)

    def test_tar_mode(self):
        tb = TinyBackup()
        tb.entries = tb.default_entries()
        tb.entries[1]["mode"] = 0o644
        self.assertViolation(tb, "tar-mode", only=True)

    def test_tar_duplicate_entry(self):
        tb = TinyBackup()
        tb.entries = tb.default_entries()
        tb.entries.append(dict(tb.entries[1]))
        self.assertViolation(tb, "tar-duplicate")

    def test_tar_version(self):
        for data in (b"1.1.0", b"1.0.0\n", None):
            with self.subTest(data=data):
                tb = TinyBackup()
                tb.entries = tb.default_entries()
                if data is None:
                    tb.entries = tb.entries[1:]
                else:
                    tb.entries[0]["data"] = data
                self.assertViolation(tb, "tar-version", only=True)

    def test_tar_bad_paths(self):
        for path in ("resources/configmaps/ns1/cm2.json", "other/file.json", "resources/configmaps/cluster/x.yaml",
                     "/resources/configmaps/cluster/x.json", "resources/configmaps/namespaces/ns1/a/b.json"):
            with self.subTest(path=path):
                tb = TinyBackup()
                tb.entries = tb.default_entries() + [{"name": path, "data": b"{}"}]
                self.assertViolation(tb, "tar-path", only=True)

    def test_item_not_json(self):
        tb = TinyBackup()
        tb.entries = tb.default_entries()
        tb.entries[1]["data"] = tb.entries[2]["data"] = b'{"apiVersion":'
        self.assertViolation(tb, "item-json")

    def test_item_pretty(self):
        tb = TinyBackup()
        tb.entries = tb.default_entries()
        tb.entries[1]["data"] = tb.entries[2]["data"] = json.dumps(CONFIGMAP, indent=2).encode()
        self.assertViolation(tb, "item-pretty", only=True)

    def _with_item(self, gr, obj, path_name=None, path_ns="keep"):
        tb = TinyBackup()
        tb.items = [(g, o) for g, o in tb.items if o["metadata"]["name"] != obj["metadata"]["name"]] + [(gr, obj)]
        entries = tb.default_entries()
        if path_name is not None or path_ns != "keep":
            for e in entries:
                p = parse_item_path(e["name"])
                if p and p["name"] == obj["metadata"]["name"] and p["gr"] == gr:
                    ns = p["namespace"] if path_ns == "keep" else path_ns
                    scope = "cluster" if ns is None else "namespaces/" + ns
                    vdir = (p["version_dir"] + "/") if p["version_dir"] else ""
                    e["name"] = "resources/%s/%s%s/%s.json" % (gr, vdir, scope, path_name or p["name"])
        tb.entries = entries
        return tb

    def test_item_name_mismatch(self):
        tb = self._with_item("configmaps", copy.deepcopy(CONFIGMAP), path_name="cm-other")
        self.assertViolation(tb, "item-name")

    def test_item_namespace_mismatch(self):
        tb = self._with_item("configmaps", copy.deepcopy(CONFIGMAP), path_ns="ns2")
        self.assertViolation(tb, "item-namespace")
        tb = self._with_item("configmaps", copy.deepcopy(CONFIGMAP), path_ns=None)  # namespaced item under cluster/
        self.assertViolation(tb, "item-namespace")

    def test_item_without_apiversion_or_kind(self):
        cm = copy.deepcopy(CONFIGMAP)
        del cm["kind"]
        tb = TinyBackup()
        tb.entries = tb.default_entries()
        for e in tb.entries[1:3]:
            e["data"] = json.dumps(cm, separators=(",", ":")).encode()
        self.assertViolation(tb, "item-kind")
        cm = copy.deepcopy(CONFIGMAP)
        del cm["apiVersion"]
        tb = TinyBackup()
        tb.entries = tb.default_entries()
        for e in tb.entries[1:3]:
            e["data"] = json.dumps(cm, separators=(",", ":")).encode()
        self.assertViolation(tb, "item-apiversion")

    def test_item_group_mismatch(self):
        dep = copy.deepcopy(DEPLOYMENT)
        tb = self._with_item("deployments", dep)  # apps/v1 item under the core group's dir
        self.assertViolation(tb, "item-group")
        cm = copy.deepcopy(CONFIGMAP)
        tb = self._with_item("configmaps.apps", cm)
        self.assertViolation(tb, "item-group")

    def test_preferred_copy_missing(self):
        tb = TinyBackup()
        tb.entries = [e for e in tb.default_entries() if "preferredversion" not in e["name"] or "configmaps" not in e["name"]]
        self.assertViolation(tb, "preferred-missing", only=True)

    def test_preferred_copy_twice(self):
        tb = TinyBackup()
        tb.entries = tb.default_entries() + [
            {"name": "resources/configmaps/v2-preferredversion/namespaces/ns1/cm1.json",
             "data": json.dumps(dict(CONFIGMAP, apiVersion="v2"), separators=(",", ":")).encode()}]
        self.assertViolation(tb, "preferred-duplicate")

    def test_preferred_copy_differs(self):
        tb = TinyBackup()
        tb.entries = tb.default_entries()
        other = copy.deepcopy(CONFIGMAP)
        other["data"]["k"] = "changed"
        for e in tb.entries:
            if e["name"] == "resources/configmaps/v1-preferredversion/namespaces/ns1/cm1.json":
                e["data"] = json.dumps(other, separators=(",", ":")).encode()
        self.assertViolation(tb, "preferred-content", only=True)

    def test_preferred_dir_wrong_version(self):
        tb = TinyBackup()
        tb.entries = tb.default_entries()
        for e in tb.entries:
            e["name"] = e["name"].replace("apps/v1-preferredversion", "apps/v1beta1-preferredversion")
        v = self.violations(tb)
        self.assertTrue(any(x.startswith("[preferred-version]") for x in v), v)
        self.assertTrue(any(x.startswith("[version-dir]") for x in v), v)

    def test_non_preferred_version_dir_mismatch(self):
        tb = TinyBackup()
        tb.entries = tb.default_entries() + [
            {"name": "resources/deployments.apps/v1beta2/namespaces/ns1/web.json",
             "data": json.dumps(DEPLOYMENT, separators=(",", ":")).encode()}]
        self.assertViolation(tb, "version-dir", only=True)

    def test_preferred_copy_without_legacy(self):
        tb = TinyBackup()
        tb.entries = [e for e in tb.default_entries() if e["name"] != "resources/configmaps/namespaces/ns1/cm1.json"]
        tb.resource_list = {k: v for k, v in tb.default_resource_list().items() if k != "v1/ConfigMap"}
        tb.backup["status"]["progress"] = {"totalItems": 2, "itemsBackedUp": 2}
        self.assertViolation(tb, "preferred-orphan", only=True)

    # -- resource list --------------------------------------------------------------------------------
    def test_resource_list_key_format(self):
        tb = TinyBackup()
        rl = tb.default_resource_list()
        rl["ConfigMap"] = rl.pop("v1/ConfigMap")
        tb.resource_list = rl
        self.assertViolation(tb, "resource-list-key")
        tb = TinyBackup()
        rl = tb.default_resource_list()
        rl["apps/v1/deployments"] = rl.pop("apps/v1/Deployment")
        tb.resource_list = rl
        self.assertViolation(tb, "resource-list-key")

    def test_resource_list_value_format(self):
        tb = TinyBackup()
        rl = tb.default_resource_list()
        rl["v1/ConfigMap"] = "ns1/cm1"
        tb.resource_list = rl
        self.assertViolation(tb, "resource-list-value")
        tb = TinyBackup()
        rl = tb.default_resource_list()
        rl["v1/ConfigMap"] = ["ns1/cm1", "ns1/cm1"]
        tb.resource_list = rl
        self.assertViolation(tb, "resource-list-value")
        tb = TinyBackup()
        rl = tb.default_resource_list()
        rl["v1/ConfigMap"] = ["a/ns1/cm1"]
        tb.resource_list = rl
        self.assertViolation(tb, "resource-list-value")

    def test_resource_list_sorted(self):
        tb = TinyBackup()
        tb.items.append(("configmaps", dict(copy.deepcopy(CONFIGMAP), metadata={"name": "a0", "namespace": "ns1"})))
        tb.backup["status"]["progress"] = {"totalItems": 4, "itemsBackedUp": 4}
        rl = tb.default_resource_list()
        rl["v1/ConfigMap"] = list(reversed(rl["v1/ConfigMap"]))
        tb.resource_list = rl
        self.assertViolation(tb, "resource-list-sorted", only=True)

    def test_resource_list_mismatch(self):
        tb = TinyBackup()
        rl = tb.default_resource_list()
        rl["v1/ConfigMap"] = ["ns1/cm1", "ns1/cm9"]
        tb.resource_list = rl
        self.assertViolation(tb, "resource-list-mismatch", only=True)
        tb = TinyBackup()
        rl = tb.default_resource_list()
        del rl["apps/v1/Deployment"]
        tb.resource_list = rl
        self.assertViolation(tb, "resource-list-mismatch", only=True)
        tb = TinyBackup()
        rl = tb.default_resource_list()
        rl["v1/Namespace"] = ["default/ns1"]  # cluster-scoped names have no namespace
        tb.resource_list = rl
        self.assertViolation(tb, "resource-list-mismatch", only=True)


if __name__ == "__main__":
    unittest.main()
