"""Helpers of the backup end-to-end suite: running `coffer`, snapshotting a cluster with kubectl,
the reference model of which items a Velero backup holds (`VeleroScope.expected`), and the local
object stores (s3rver and Azurite from tests/storage, `LocalObjectStores`).

The kubesim helpers (Kubesim, Kubectl, KubesimTestCase, wait_for) come from
tests/conformance/kubesim_fixture.py and are not duplicated here.
"""
import base64
import datetime
import glob
import hashlib
import hmac
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
CONFORMANCE = os.path.join(os.path.dirname(HERE), "conformance")
if CONFORMANCE not in sys.path:
    sys.path.insert(0, CONFORMANCE)

from kubesim_fixture import REPO, Kubesim, wait_for  # noqa: E402  (tests/conformance)

COFFER = os.environ.get("COFFER") or os.path.join(REPO, "build", "bin", "coffer")

EXCLUDE_LABEL = "velero.io/exclude-from-backup"
REQUIRED_VERBS = {"list", "create", "get", "delete"}
# Velero's implicit auto-excludes (velero-format.md §3.1).
NEVER_BACKED_UP = {"volumesnapshots.snapshot.storage.k8s.io", "volumesnapshotcontents.snapshot.storage.k8s.io"}
# "Cohabiting" resources: the same objects served by two groups, collected once (velero-format.md §2).
# Velero keeps the one met first in discovery order: core before named groups, "extensions" last.
COHABITING = [("events", "events.events.k8s.io"),
              ("deployments.apps", "deployments.extensions"),
              ("daemonsets.apps", "daemonsets.extensions"),
              ("replicasets.apps", "replicasets.extensions"),
              ("networkpolicies.networking.k8s.io", "networkpolicies.extensions")]

CRD_GR = "customresourcedefinitions.apiextensions.k8s.io"
PV_GR = "persistentvolumes"
PVC_GR = "persistentvolumeclaims"
PRIORITYCLASS_GR = "priorityclasses.scheduling.k8s.io"
CRB_GR = "clusterrolebindings.rbac.authorization.k8s.io"
CLUSTERROLE_GR = "clusterroles.rbac.authorization.k8s.io"


# -- coffer ----------------------------------------------------------------------------------------
class CofferResult:
    def __init__(self, args, code, out, err, elapsed):
        self.args, self.code, self.out, self.err, self.elapsed = args, code, out, err, elapsed

    def json(self):
        """The first JSON object printed on stdout (`-o json`), or None."""
        text = self.out
        start = text.find("{")
        while start != -1:
            try:
                obj, _ = json.JSONDecoder().raw_decode(text[start:])
                if isinstance(obj, dict):
                    return obj
            except ValueError:
                pass
            start = text.find("{", start + 1)
        return None

    def text(self):
        return self.out + "\n" + self.err

    def __repr__(self):
        return "coffer %s\n  exit code: %s (%.1fs)\n  stdout: %s\n  stderr: %s" % (
            " ".join(self.args), self.code, self.elapsed, self.out[-4000:], self.err[-4000:])


class Coffer:
    """Runs the coffer CLI in a scratch HOME so no ~/.kube of the machine leaks in."""

    def __init__(self, home):
        self.home = home
        os.makedirs(home, exist_ok=True)

    def run(self, *args, timeout=180):
        if not os.access(COFFER, os.X_OK):
            raise AssertionError("coffer binary not found or not executable: %s (build it, or pass --coffer)" % COFFER)
        env = {k: v for k, v in os.environ.items() if not k.startswith("KUBE")}
        env["HOME"] = self.home
        started = time.monotonic()
        try:
            proc = subprocess.run([COFFER] + list(args), capture_output=True, text=True, timeout=timeout,
                                  env=env, cwd=self.home, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as e:
            raise AssertionError("coffer %s did not finish within %ss\nstdout: %s\nstderr: %s" %
                                 (" ".join(args), timeout, e.stdout, e.stderr))
        return CofferResult(list(args), proc.returncode, proc.stdout, proc.stderr, time.monotonic() - started)

    def run_with_input(self, stdin_text, *args, timeout=60):
        env = {k: v for k, v in os.environ.items() if not k.startswith("KUBE") and not k.startswith("COFFER_")}
        env["HOME"] = self.home
        started = time.monotonic()
        proc = subprocess.run([COFFER] + list(args), capture_output=True, text=True, timeout=timeout, env=env,
                              cwd=self.home, input=stdin_text)
        return CofferResult(list(args), proc.returncode, proc.stdout, proc.stderr, time.monotonic() - started)

    def create(self, name, location_dir, kubeconfig, *flags, timeout=180):
        return self.run("backup", "create", name, "--location", "file://" + location_dir,
                        "--kubeconfig", kubeconfig, "--no-progress", "-o", "json", *flags, timeout=timeout)


def final_backup(result, location_dir, name):
    """The Backup object of a run: what `-o json` printed, else the stored velero-backup.json."""
    obj = result.json()
    if obj and obj.get("kind") == "Backup":
        return obj
    path = os.path.join(location_dir, "backups", name, "velero-backup.json")
    if os.path.isfile(path):
        with open(path) as f:
            return json.load(f)
    return None


# -- the cluster as kubectl sees it ------------------------------------------------------------------
class ApiResource:
    def __init__(self, name, shortnames, api_version, namespaced, kind, verbs):
        self.name = name
        self.shortnames = [s for s in shortnames.split(",") if s]
        self.api_version = api_version
        self.group = api_version.split("/")[0] if "/" in api_version else ""
        self.version = api_version.split("/")[-1]
        self.namespaced = namespaced
        self.kind = kind
        self.verbs = set(v for v in verbs.split(",") if v)

    @property
    def gr(self):
        return self.name if not self.group else "%s.%s" % (self.name, self.group)

    def __repr__(self):
        return "ApiResource(%s %s %s)" % (self.gr, self.api_version, self.kind)


def parse_api_resources(table):
    """Parses `kubectl api-resources -o wide` (columns found from the header, since SHORTNAMES and
    CATEGORIES may be empty)."""
    lines = [l for l in table.splitlines() if l.strip()]
    header = lines[0]
    cols = ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND", "VERBS", "CATEGORIES"]
    starts = [header.index(c) for c in cols]
    out = []
    for line in lines[1:]:
        vals = []
        for i, s in enumerate(starts):
            e = starts[i + 1] if i + 1 < len(starts) else len(line)
            vals.append(line[s:e].strip())
        name, short, apiv, namespaced, kind, verbs = vals[:6]
        out.append(ApiResource(name, short, apiv, namespaced == "true", kind, verbs))
    return out


class Cluster:
    """Discovery and snapshots of one kubesim through the real kubectl."""

    def __init__(self, kubectl):
        self.k = kubectl
        self.api = None

    def discover(self):
        r = self.k.ok("api-resources", "-o", "wide", fresh_cache=True)
        self.api = {a.gr: a for a in parse_api_resources(r.out)}
        self.by_group_kind = {(a.group, a.kind): a for a in self.api.values()}
        return self.api

    def listable(self):
        """Every resource kubectl can list, verbs including list/create/get/delete."""
        return sorted(gr for gr, a in self.api.items() if REQUIRED_VERBS <= a.verbs)

    def _get(self, *extra):
        grs = self.listable()
        # --show-managed-fields: kubectl hides metadata.managedFields by default; a backup keeps them.
        r = self.k.ok("get", ",".join(grs), "-A", "-o", "json", "--show-managed-fields", *extra, timeout=120)
        items = {}
        for obj in r.json()["items"]:
            api_version = obj.get("apiVersion", "")
            group = api_version.split("/")[0] if "/" in api_version else ""
            a = self.by_group_kind.get((group, obj.get("kind")))
            if a is None:
                raise AssertionError("kubectl returned an item of unknown type %s %s" % (api_version, obj.get("kind")))
            md = obj["metadata"]
            items[(a.gr, md.get("namespace") or None, md["name"])] = obj
        return items

    def snapshot(self):
        """{(group-resource, namespace|None, name): object} of every listable resource."""
        return self._get()

    def select(self, selector):
        """Keys of the items matching a label selector (kubectl -l)."""
        return set(self._get("-l", selector))


# -- Velero's selection rules ----------------------------------------------------------------------
def glob_regex(pattern):
    """A namespace glob as Velero takes it (gobwas/glob): * ? [a-z] [!a-z] {a,b}."""
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "*":
            out.append(".*")
        elif c == "?":
            out.append(".")
        elif c == "[":
            j = pattern.index("]", i)
            body = pattern[i + 1:j]
            if body.startswith("!"):
                body = "^" + body[1:]
            out.append("[" + body + "]")
            i = j
        elif c == "{":
            j = pattern.index("}", i)
            out.append("(?:" + "|".join(glob_regex(p) for p in pattern[i + 1:j].split(",")) + ")")
            i = j
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


def glob_match(pattern, name):
    return re.fullmatch(glob_regex(pattern), name) is not None


class VeleroScope:
    """A backup spec and Velero's rules for which items it holds (pkg/backup/item_collector.go,
    pkg/util/collections/includes_excludes.go, pkg/backup/item_backupper.go and the built-in
    BackupItemActions: pod -> PVCs + PriorityClass, bound PVC -> PV, ServiceAccount ->
    ClusterRoleBindings naming it + their ClusterRoles, custom resource -> its CRD)."""

    def __init__(self, include_namespaces=(), exclude_namespaces=(), include_resources=(), exclude_resources=(),
                 include_cluster_resources=None, include_cluster_scoped=(), exclude_cluster_scoped=(),
                 include_namespace_scoped=(), exclude_namespace_scoped=(), selector=None, or_selectors=()):
        self.include_namespaces = list(include_namespaces)
        self.exclude_namespaces = list(exclude_namespaces)
        self.include_resources = list(include_resources)
        self.exclude_resources = list(exclude_resources)
        self.include_cluster_resources = include_cluster_resources
        self.include_cluster_scoped = list(include_cluster_scoped)
        self.exclude_cluster_scoped = list(exclude_cluster_scoped)
        self.include_namespace_scoped = list(include_namespace_scoped)
        self.exclude_namespace_scoped = list(exclude_namespace_scoped)
        self.selector = selector
        self.or_selectors = list(or_selectors)

    # -- selectors through kubectl ---------------------------------------------------------------
    def selected(self, cluster):
        """Keys matching the label selector(s), from kubectl -l; None when there is none."""
        if self.selector:
            return cluster.select(self.selector)
        if self.or_selectors:
            keys = set()
            for s in self.or_selectors:
                keys |= cluster.select(s)
            return keys
        return None

    # -- the model ---------------------------------------------------------------------------------
    def expected(self, snap, api, selected):
        """The set of (group-resource, namespace|None, name) a Velero backup of this spec holds."""
        types = backup_types(api)

        def resolve(names):
            out = set()
            for n in names:
                if n == "*":
                    out.add("*")
                    continue
                gr = resolve_resource(api, n)
                if gr:
                    out.add(gr)
            return out

        labelled_out = {k[2] for k, o in snap.items()
                        if k[0] == "namespaces" and (o["metadata"].get("labels") or {}).get(EXCLUDE_LABEL) == "true"}
        ns_incl = self.include_namespaces or ["*"]
        ns_excl = self.exclude_namespaces + sorted(labelled_out)
        include_everything = not ns_excl and ns_incl == ["*"]

        def ns_included(ns):
            if any(glob_match(p, ns) for p in ns_excl):
                return False
            return any(glob_match(p, ns) for p in ns_incl)

        def namespaced(gr):
            return types[gr].namespaced if gr in types else (api[gr].namespaced if gr in api else False)

        old = not (self.include_cluster_scoped or self.exclude_cluster_scoped or self.include_namespace_scoped
                   or self.exclude_namespace_scoped)
        if old:
            r_incl, r_excl = resolve(self.include_resources), resolve(self.exclude_resources)
            icr = self.include_cluster_resources

            def res_filter(gr):
                return gr not in r_excl and (not r_incl or "*" in r_incl or gr in r_incl)

            def should_include(gr):
                if not namespaced(gr) and icr is False:
                    return False
                if gr != "namespaces" and not namespaced(gr) and icr is None and not include_everything:
                    return False
                return res_filter(gr)

            def should_exclude(gr):  # cluster-scoped related items (item_backupper: ShouldExclude)
                if gr in r_excl:
                    return True
                if not namespaced(gr):
                    if icr is False:
                        return True
                    if icr is None and not res_filter(gr):
                        return True
                return False
        else:
            n_incl, n_excl = resolve(self.include_namespace_scoped), resolve(self.exclude_namespace_scoped)
            c_incl, c_excl = resolve(self.include_cluster_scoped), resolve(self.exclude_cluster_scoped)
            ns_scoped_everything = not n_excl and (not n_incl or n_incl == {"*"})

            def should_include(gr):
                if namespaced(gr):
                    if "*" in n_excl or gr in n_excl:
                        return False
                    return not n_incl or "*" in n_incl or gr in n_incl
                if "*" in c_excl or gr in c_excl:
                    return False
                if not c_incl and not c_excl and include_everything and ns_scoped_everything:
                    return True
                return "*" in c_incl or gr in c_incl or gr == "namespaces"

            def should_exclude(gr):
                if namespaced(gr):
                    return "*" in n_excl or gr in n_excl
                return "*" in c_excl or gr in c_excl

        def passes_checks(key):
            """itemInclusionChecks + the deletionTimestamp skip."""
            gr, ns, _name = key
            obj = snap.get(key)
            if obj is None:
                return False
            md = obj["metadata"]
            if (md.get("labels") or {}).get(EXCLUDE_LABEL) == "true":
                return False
            if ns is not None and not ns_included(ns):
                return False
            if ns is None and gr != "namespaces" and should_exclude(gr):
                return False
            if ns is not None and not should_include(gr):
                return False
            if md.get("deletionTimestamp"):
                return False
            return True

        backed = set()
        tracked = set()
        self.why = {}  # key -> the rule that put it in the backup (for failure messages)

        def back_up(key, why):
            if key in backed or not passes_checks(key):
                return
            backed.add(key)
            self.why.setdefault(key, why)
            for rel, rule in related_items(key, snap[key], snap):
                back_up(rel, "%s %s %s%s" % (rule, key[0], (key[1] + "/") if key[1] else "", key[2]))

        # 1. listed items (every type but namespaces), in the included namespaces, matching the selector
        for key in sorted(snap, key=str):
            gr, ns, _name = key
            if gr not in types or gr == "namespaces" or not should_include(gr):
                continue
            if ns is not None and not ns_included(ns):
                continue
            if selected is not None and key not in selected:
                continue
            if ns is not None:
                tracked.add(ns)
            back_up(key, "listed")
        # 2. namespaces (nsTracker)
        if "namespaces" in types and should_include("namespaces"):
            for key, obj in snap.items():
                if key[0] != "namespaces" or (obj.get("status") or {}).get("phase", "Active") != "Active":
                    continue
                ns = key[2]
                if selected is not None and key in selected:
                    tracked.add(ns)
                    continue
                if include_everything and selected is not None:
                    continue
                if ns_included(ns):
                    tracked.add(ns)
            for ns in tracked:
                back_up(("namespaces", None, ns), "namespace of the backup")
        # 3. CRDs of the backed-up custom resources, when CRDs are neither included nor excluded
        if CRD_GR in api and not should_exclude(CRD_GR) and not should_include(CRD_GR):
            for gr in sorted({k[0] for k in backed}):
                crd = (CRD_GR, None, gr)
                if crd in snap:
                    back_up(crd, "CRD of the backed-up custom resources %s" % gr)
        return backed


def backup_types(api):
    """{group-resource: ApiResource} of the types a backup considers (velero-format.md §2)."""
    types = {gr: a for gr, a in api.items() if REQUIRED_VERBS <= a.verbs and gr not in NEVER_BACKED_UP}
    for keep, drop in COHABITING:
        if keep in types and drop in types:
            del types[drop]
    return types


def resolve_resource(api, name):
    """A resource name as a user writes it (plural, plural.group, kind, short name) -> group-resource."""
    n = name.lower()
    if n in api:
        return n
    for gr, a in api.items():
        if n == a.name or n == a.kind.lower() or n in a.shortnames:
            if a.group == "" or not any(b.name == a.name and b.group == "" for b in api.values()):
                return gr
    for gr, a in api.items():
        if n == a.name or n == a.kind.lower() or n in a.shortnames:
            return gr
    return None


def related_items(key, obj, snap):
    """The additional items Velero's built-in BackupItemActions return for one item, each with
    the rule that returns it: [(key, rule)]."""
    gr, ns, _name = key
    out = []
    spec = obj.get("spec") or {}
    if gr == "pods":
        if spec.get("priorityClassName"):
            out.append(((PRIORITYCLASS_GR, None, spec["priorityClassName"]), "PodAction: priorityClassName of"))
        for v in spec.get("volumes") or []:
            claim = (v.get("persistentVolumeClaim") or {}).get("claimName")
            if claim:
                out.append(((PVC_GR, ns, claim), "PodAction: claim mounted by"))
    elif gr == PVC_GR:
        if (obj.get("status") or {}).get("phase") == "Bound" and spec.get("volumeName"):
            out.append(((PV_GR, None, spec["volumeName"]), "PVCAction: volume bound to"))
    elif gr == "serviceaccounts":
        for (g, _n, crb_name), crb in snap.items():
            if g != CRB_GR:
                continue
            if any(s.get("kind") == "ServiceAccount" and s.get("namespace") == ns and s.get("name") == key[2]
                   for s in crb.get("subjects") or []):
                out.append(((CRB_GR, None, crb_name), "ServiceAccountAction: binding whose subject is"))
                out.append(((CLUSTERROLE_GR, None, crb["roleRef"]["name"]),
                            "ServiceAccountAction: role of binding %s, subject" % crb_name))
    return out


# -- comparing items ----------------------------------------------------------------------------------
def normalize(gr, obj):
    """What Velero's PVC action changes on a bound claim (backup_pv_action.go): no selector when a
    storage class applies, no dataSource/dataSourceRef. Applied to both sides of a comparison."""
    obj = json.loads(json.dumps(obj))
    if gr == PVC_GR:
        spec = obj.get("spec") or {}
        if spec.get("storageClassName") is None or spec.get("storageClassName") != "":
            spec.pop("selector", None)
        spec.pop("dataSource", None)
        spec.pop("dataSourceRef", None)
    return obj


def json_diff(a, b, path="", out=None, limit=12):
    """Readable differences between two JSON values."""
    if out is None:
        out = []
    if len(out) >= limit:
        return out
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a:
                out.append("%s/%s: only in kubectl: %s" % (path, k, json.dumps(b[k])[:200]))
            elif k not in b:
                out.append("%s/%s: only in backup: %s" % (path, k, json.dumps(a[k])[:200]))
            else:
                json_diff(a[k], b[k], "%s/%s" % (path, k), out, limit)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            json_diff(x, y, "%s[%d]" % (path, i), out, limit)
    elif a != b or type(a) is not type(b):
        out.append("%s: backup %s != kubectl %s" % (path or "/", json.dumps(a)[:200], json.dumps(b)[:200]))
    return out


def fmt_keys(keys, limit=40, why=None):
    keys = sorted(keys, key=lambda k: (k[0], k[1] or "", k[2]))
    why = why or {}
    lines = ["  %s %s%s%s" % (gr, (ns + "/") if ns else "", name,
                              ("   <- " + why[(gr, ns, name)]) if why.get((gr, ns, name), "listed") != "listed" else "")
             for gr, ns, name in keys[:limit]]
    if len(keys) > limit:
        lines.append("  ... and %d more" % (len(keys) - limit))
    return "\n".join(lines)


# -- local object stores (tests/storage: s3rver, Azurite) ------------------------------------------
TOOLS = os.environ.get("COFFER_STORAGE_TOOLS_DIR") or os.path.join(REPO, "tests", "storage")
NODE = shutil.which("node")
AZURITE_ACCOUNT = "devstoreaccount1"
# Azurite's published development key (not a secret).
AZURITE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
S3RVER_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "S3RVER", "AWS_SECRET_ACCESS_KEY": "S3RVER"}
AZURITE_CREDENTIALS = {"AZURE_STORAGE_ACCOUNT": AZURITE_ACCOUNT, "AZURE_STORAGE_KEY": AZURITE_KEY}


def storage_tools_missing(*paths):
    """None when node and every path under tests/storage/node_modules is there (s3rver and
    azurite's bin always; more by argument), else the reason to skip, for unittest.skipIf."""
    needed = ("s3rver", os.path.join(".bin", "azurite-blob")) + paths
    if not NODE:
        return "node missing: install Node.js, then run scripts/setup (npm ci --prefix tests/storage)"
    absent = [p for p in needed if not os.path.exists(os.path.join(TOOLS, "node_modules", p))]
    if absent:
        return "%s missing from %s/node_modules: run scripts/setup (npm ci --prefix tests/storage)" % (
            ", ".join(absent), TOOLS)
    return None


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
    """Creates a container in Azurite with one Shared Key signed request."""
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


class LocalObjectStores:
    """s3rver (on a port it picks, data in <tmp>/s3) with `buckets`, and Azurite's blob service
    (data in <tmp>/azurite) with `containers`, both on 127.0.0.1. start() in setUpClass, stop()
    in tearDownClass; stop() is safe after a failed start()."""

    def __init__(self, tmp, buckets=("backups",), containers=("velero",)):
        self.tmp, self.buckets, self.containers = tmp, list(buckets), list(containers)
        self.procs = []
        self.s3dir = os.path.join(tmp, "s3")
        self.s3_port = self.azure_port = None

    def start(self):
        os.makedirs(self.s3dir, exist_ok=True)
        cmd = [NODE, "--openssl-legacy-provider", os.path.join(TOOLS, "node_modules", "s3rver", "bin", "s3rver.js"),
               "-d", self.s3dir, "-a", "127.0.0.1", "-p", "0", "--silent"]
        for b in self.buckets:
            cmd += ["--configure-bucket", b]
        s3 = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.procs.append(s3)
        seen, m = "", None
        for _ in range(20):  # the start line comes within the first few lines, or s3rver exited
            line = s3.stdout.readline()
            seen += line
            m = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
            if m or not line:
                break
        if not m:
            raise AssertionError("s3rver did not start: %r" % seen)
        self.s3_port = int(m.group(1))
        # Azurite (blob service only).
        port = free_port()
        self.procs.append(subprocess.Popen([os.path.join(TOOLS, "node_modules", ".bin", "azurite-blob"), "--blobHost",
                                            "127.0.0.1", "--blobPort", str(port), "--location",
                                            os.path.join(self.tmp, "azurite"), "--silent", "--disableTelemetry",
                                            "--skipApiVersionCheck"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        wait_for("Azurite to accept connections", lambda: port_open(port), timeout=60)
        self.azure_port = port
        for c in self.containers:
            create_azure_container(port, c)
        return self

    def stop(self):
        for p in self.procs:
            p.terminate()
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
            if p.stdout:
                p.stdout.close()
        self.procs = []

    @property
    def s3_endpoint(self):
        return "http://127.0.0.1:%d" % self.s3_port

    @property
    def azure_endpoint(self):
        return "http://127.0.0.1:%d/%s" % (self.azure_port, AZURITE_ACCOUNT)

    def s3_url(self, bucket, prefix):
        return "s3://%s/%s?endpoint=%s&force-path-style=true&region=us-east-1" % (bucket, prefix, self.s3_endpoint)

    def azure_url(self, container, prefix):
        return "azure://%s/%s?account=%s&endpoint=%s" % (container, prefix, AZURITE_ACCOUNT, self.azure_endpoint)

    @staticmethod
    def credentials():
        """The environment coffer (and the SDKs) read: s3rver's and Azurite's well-known keys."""
        return dict(S3RVER_CREDENTIALS, **AZURITE_CREDENTIALS)


# -- restores between two clusters ------------------------------------------------------------------
def deployments_ready(k, ns):
    deps = k.get_json("deployments", "-n", ns)["items"]
    return deps and all(d.get("status", {}).get("readyReplicas") == d["spec"]["replicas"] for d in deps)


class DemoBackupTestCase(unittest.TestCase):
    """A source kubesim seeded with the demo workloads, an empty target kubesim, a file://
    location (cls.store, cls.location) and a backup of the demo's `shop` namespace in it."""
    BACKUP = "shop-b"
    SOURCE_NS = "shop"

    @classmethod
    def setUpClass(cls):
        cls.source = Kubesim(["--seed", "demo"], name="%s source" % cls.__name__)
        cls.target = Kubesim([], name="%s target" % cls.__name__)
        cls.source.start()
        cls.target.start()
        cls.ks, cls.kt = cls.source.kubectl(), cls.target.kubectl()
        cls.tmp = tempfile.mkdtemp(prefix="coffer-e2e-%s-" % cls.__name__.lower())
        cls.store = os.path.join(cls.tmp, "store")
        cls.location = "file://" + cls.store
        cls.coffer = Coffer(os.path.join(cls.tmp, "home"))
        wait_for("demo workloads ready", lambda: deployments_ready(cls.ks, cls.SOURCE_NS), timeout=60)
        r = cls.coffer.run("backup", "create", cls.BACKUP, "--location", cls.location, "--kubeconfig",
                           cls.source.kubeconfig, "--include-namespaces", cls.SOURCE_NS, "--no-progress")
        assert r.code == 0, r

    @classmethod
    def tearDownClass(cls):
        stop_source_and_target(cls)


def stop_source_and_target(cls):
    """Stops cls.source and cls.target (those that were started) and removes cls.tmp."""
    for sim in (cls.__dict__.get("source"), cls.__dict__.get("target")):
        if sim is not None:
            sim.cleanup()
    if cls.__dict__.get("tmp"):
        shutil.rmtree(cls.tmp, ignore_errors=True)


# -- the control plane ------------------------------------------------------------------------------
class ApiAnswer:
    def __init__(self, status, raw, headers):
        self.status, self.raw, self.headers = status, raw, headers
        self.body = raw.decode("utf-8", errors="replace")

    def json(self):
        return json.loads(self.body) if self.body else None

    def __repr__(self):
        return "HTTP %s %s" % (self.status, self.body[:2000])


class CofferServer:
    """`coffer server` on a free loopback port with its own data directory; SQLite unless a
    database URL is given. The first admin's password is ADMIN_PASSWORD."""
    ADMIN_PASSWORD = "e2e-admin-password-1"

    def __init__(self, data_dir, database_url=None, server_key=None, ui_dir=None):
        self.data_dir, self.database_url, self.server_key = data_dir, database_url, server_key
        self.ui_dir = ui_dir
        self.proc = None
        self.port = None

    def start(self, timeout=30):
        self.port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("KUBE") and not k.startswith("COFFER_")}
        env["COFFER_ADMIN_PASSWORD"] = self.ADMIN_PASSWORD
        if self.server_key:
            env["COFFER_SERVER_KEY"] = self.server_key
        args = [COFFER, "server", "--data-dir", self.data_dir, "--listen", "127.0.0.1:%d" % self.port]
        if self.database_url:
            args += ["--database", self.database_url]
        if self.ui_dir:
            args += ["--ui-dir", self.ui_dir]
        self.out = open(os.path.join(os.path.dirname(self.data_dir), "server-%d.log" % self.port), "w+")
        self.proc = subprocess.Popen(args, stdout=self.out, stderr=subprocess.STDOUT, env=env)
        wait_for("coffer server ready on port %d" % self.port, self._ready, timeout=timeout, interval=0.1)
        return self

    def _ready(self):
        if self.proc.poll() is not None:
            raise AssertionError("coffer server exited with %s:\n%s" % (self.proc.returncode, self.output()))
        try:
            return self.call("GET", "/readyz").status == 200
        except OSError:
            return False

    def output(self):
        self.out.flush()
        self.out.seek(0)
        return self.out.read()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode if self.proc else None

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.port

    def call(self, method, path, body=None, token=None, raw=None):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        req = urllib.request.Request(self.url + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if token:
            req.add_header("Authorization", "Bearer " + token)
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return ApiAnswer(r.status, r.read(), dict(r.headers))
        except urllib.error.HTTPError as e:
            return ApiAnswer(e.code, e.read(), dict(e.headers))

    def login(self, username="admin", password=None):
        r = self.call("POST", "/api/v1/login", {"username": username, "password": password or self.ADMIN_PASSWORD})
        if r.status != 200:
            raise AssertionError("login as %s failed: %r" % (username, r))
        return r.json()["token"]


class PostgresServer:
    """Debian's PostgreSQL on a free loopback port, as the postgres user (it refuses to run as
    root), with its own data directory; trust authentication on loopback only."""

    def __init__(self):
        self.port = None
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not bins:
            raise AssertionError("PostgreSQL server binaries are missing (/usr/lib/postgresql/*/bin); run scripts/setup")
        self.bin = os.path.dirname(bins[-1])

    def _as_postgres(self, *args, **kw):
        cmd = list(args)
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--"] + cmd
        return subprocess.run(cmd, capture_output=True, text=True, **kw)

    def start(self):
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="coffer-pg-")  # not below a 0700 directory: postgres must reach it
        os.chmod(self.dir, 0o755)
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        data = os.path.join(self.dir, "data")
        r = self._as_postgres(os.path.join(self.bin, "initdb"), "-D", data, "-U", "coffer", "--auth=trust",
                              "--no-sync", "-E", "UTF8")
        if r.returncode != 0:
            raise AssertionError("initdb failed:\n%s%s" % (r.stdout, r.stderr))
        r = self._as_postgres(os.path.join(self.bin, "pg_ctl"), "-D", data, "-l", os.path.join(self.dir, "log"), "-w",
                              "-t", "60", "-o", "-c listen_addresses=127.0.0.1 -p %d -k %s -c fsync=off" %
                              (self.port, self.dir), "start")
        if r.returncode != 0:
            raise AssertionError("PostgreSQL did not start:\n%s%s" % (r.stdout, r.stderr))
        self.data = data
        return self

    def create_database(self, name):
        r = self._as_postgres(os.path.join(self.bin, "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U",
                              "coffer", name)
        if r.returncode != 0:
            raise AssertionError("createdb %s failed:\n%s%s" % (name, r.stdout, r.stderr))
        return "postgres://coffer@127.0.0.1:%d/%s" % (self.port, name)

    def dump(self, database):
        """pg_dump of a database, as SQL text."""
        r = self._as_postgres(os.path.join(self.bin, "pg_dump"), "-h", "127.0.0.1", "-p", str(self.port), "-U",
                              "coffer", database)
        if r.returncode != 0:
            raise AssertionError("pg_dump %s failed:\n%s" % (database, r.stderr))
        return r.stdout

    def stop(self):
        if self.port:
            self._as_postgres(os.path.join(self.bin, "pg_ctl"), "-D", self.data, "-m", "fast", "-w", "stop")
            shutil.rmtree(self.dir, ignore_errors=True)
            self.port = None


class ServerTestMixin:
    """Mixed into a unittest.TestCase: a `coffer server` (admin logged in: cls.admin) with a
    kubesim (SIM_ARGS) beside it, in cls.tmp. The catalog database comes from database_url():
    None for SQLite, or postgres_catalog(cls), which starts a PostgreSQL server stopped with the
    class. (A mixin, so that the test loader does not run the shared tests once more on their own.)"""
    SIM_ARGS = []
    SERVER_KEY = None
    UI_DIR = None  # the built web UI, served at / (only the web UI tests need it)

    @classmethod
    def database_url(cls):
        return None

    # Everything started is stopped by class cleanups, registered before it starts: unittest runs
    # them after tearDownClass and also when setUpClass (here or in a subclass) fails midway, so a
    # failed setup leaves no PostgreSQL, server or kubesim behind. They run last-in first-out.
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="coffer-e2e-%s-" % cls.__name__.lower())
        cls.addClassCleanup(shutil.rmtree, cls.tmp, ignore_errors=True)
        cls.pg = None
        cls.url = cls.database_url()
        cls.server = CofferServer(os.path.join(cls.tmp, "data"), database_url=cls.url, server_key=cls.SERVER_KEY,
                                  ui_dir=cls.UI_DIR)
        cls.addClassCleanup(cls.server.stop)
        cls.server.start()
        cls.admin = cls.server.login()
        cls.sim = Kubesim(cls.SIM_ARGS, name="%s cluster" % cls.__name__)
        cls.addClassCleanup(cls.sim.cleanup)
        cls.sim.start()

    @classmethod
    def register_cluster_and_store(cls, **location):
        """Registers the kubesim as cluster "dev" and a filesystem store (cls.store) as the default
        location "primary" (more location fields as keyword arguments), as admin."""
        with open(cls.sim.kubeconfig) as f:
            r = cls.server.call("POST", "/api/v1/clusters", {"name": "dev", "kubeconfig": f.read()}, token=cls.admin)
        assert r.status == 201, r
        cls.store = os.path.join(cls.tmp, "store")
        os.makedirs(cls.store)
        body = dict({"name": "primary", "url": "file://" + cls.store, "default": True}, **location)
        r = cls.server.call("POST", "/api/v1/locations", body, token=cls.admin)
        assert r.status == 201 and r.json()["phase"] == "Available", r

    def api(self, method, path, body=None, token=None, expect=None, server=None):
        r = (server or self.server).call(method, path, body, token=token if token is not None else self.admin)
        if expect is not None:
            self.assertEqual(r.status, expect, "%s %s -> %r" % (method, path, r))
        return r


def postgres_catalog(cls):
    """database_url() of a ServerTestMixin class on PostgreSQL (stopped by a class cleanup)."""
    cls.pg = PostgresServer()
    cls.addClassCleanup(cls.pg.stop)
    cls.pg.start()
    return cls.pg.create_database("coffer")
