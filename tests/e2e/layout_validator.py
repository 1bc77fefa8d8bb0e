"""Checks a backup written to a file:// storage location against Velero's format 1.1.0
(shared/reference/velero-format.md §1 and §2).

    validate_backup(location_dir, backup_name) -> [violation, ...]   (empty: valid)

Every violation starts with a rule id in brackets, e.g. "[sidecar-missing] backups/b/b-logs.gz:
missing", so callers (and test_layout_validator.py) can tell which rule broke.

`read_backup(location_dir, backup_name)` returns the parsed pieces (Backup object, tar entries,
legacy items, resource list, results) for tests that compare contents; it does no checking.

Rules (ids):
  location       top-level-dir, temp-file
  backup dir     backup-dir-missing, unexpected-file, unexpected-dir
  metadata       metadata-missing, metadata-compressed, metadata-json, metadata-not-pretty,
                 metadata-kind, metadata-name, metadata-spec, metadata-status, phase,
                 format-version, version, timestamp, timestamp-order, progress, counts
  sidecars       sidecar-missing, sidecar-gzip, sidecar-json, sidecar-pretty, sidecar-type,
                 results-shape
  tarball        tar-gzip, tar-format, tar-eof, tar-entry-type, tar-mode, tar-duplicate,
                 tar-version, tar-path, item-json, item-pretty, item-name, item-namespace,
                 item-apiversion, item-kind, item-group, preferred-missing, preferred-duplicate,
                 preferred-content, preferred-version, preferred-orphan, version-dir
  resource list  resource-list-key, resource-list-value, resource-list-sorted,
                 resource-list-mismatch
"""
import gzip
import io
import json
import os
import re
import tarfile
import zlib

ALLOWED_TOP_LEVEL = {"backups", "restores", "restic", "metadata", "plugins", "kopia"}

FORMAT_VERSION = "1.1.0"

PHASES = {"New", "Queued", "ReadyToStart", "FailedValidation", "InProgress", "WaitingForPluginOperations",
          "WaitingForPluginOperationsPartiallyFailed", "Finalizing", "FinalizingPartiallyFailed", "Completed",
          "PartiallyFailed", "Failed", "Deleting"}
TERMINAL_PHASES = {"Completed", "PartiallyFailed", "Failed"}

# suffix -> expected JSON type (None: not JSON, gzip of text)
SIDECARS = {
    ".tar.gz": "tar",
    "-logs.gz": None,
    "-podvolumebackups.json.gz": list,
    "-volumesnapshots.json.gz": list,
    "-itemoperations.json.gz": list,
    "-resource-list.json.gz": dict,
    "-results.gz": dict,
    "-volumeinfo.json.gz": list,
}
# Written by older Velero versions; valid when present (velero-format.md §1.2).
OPTIONAL_SIDECARS = {
    "-csi-volumesnapshots.json.gz": list,
    "-csi-volumesnapshotcontents.json.gz": list,
    "-csi-volumesnapshotclasses.json.gz": list,
}

RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
TEMP_NAME = re.compile(r"(^\.|~$|\.(tmp|temp|part|partial|swp|lock|inprogress|incomplete)$|\.tmp[.-]|\.partial[.-])",
                       re.IGNORECASE)
RESULT_KEYS = {"velero", "cluster", "namespaces"}


def _gunzip(data):
    """Decompresses a complete gzip stream; raises ValueError with the reason otherwise."""
    if data[:2] != b"\x1f\x8b":
        raise ValueError("not gzip (no 1f 8b magic)")
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as e:
        raise ValueError("corrupt or truncated gzip: %s" % e)


def _is_compact(text):
    """json.Marshal / json.Encoder output: one line (Encoder adds a final newline)."""
    return "\n" not in text.rstrip("\n")


def _parse_ts(value):
    from datetime import datetime
    v = value.replace("Z", "+00:00")
    return datetime.fromisoformat(v)


def _group_of_api_version(api_version):
    return api_version.split("/", 1)[0] if "/" in api_version else ""


def _version_of_api_version(api_version):
    return api_version.split("/", 1)[1] if "/" in api_version else api_version


def _group_of_gr(gr):
    return gr.split(".", 1)[1] if "." in gr else ""


def parse_item_path(path):
    """resources/<gr>/[<ver>/]{cluster|namespaces/<ns>}/<name>.json ->
    dict(gr, version_dir, namespace, name) or None when the path does not have that shape."""
    parts = path.split("/")
    if len(parts) < 4 or parts[0] != "resources" or not parts[-1].endswith(".json"):
        return None
    gr = parts[1]
    rest = parts[2:]
    version_dir = None
    if rest[0] not in ("cluster", "namespaces"):
        version_dir = rest[0]
        rest = rest[1:]
    if len(rest) == 2 and rest[0] == "cluster":
        ns = None
    elif len(rest) == 3 and rest[0] == "namespaces":
        ns = rest[1]
    else:
        return None
    name = rest[-1][:-len(".json")]
    if not gr or not name or (ns is not None and not ns) or version_dir == "":
        return None
    return {"gr": gr, "version_dir": version_dir, "namespace": ns, "name": name}


class TarEntry:
    def __init__(self, info, data):
        self.name = info.name
        self.info = info
        self.data = data


def _read_tar(data, violations, where):
    """Returns the list of TarEntry of a gzip'd tar (violations appended)."""
    try:
        raw = _gunzip(data)
    except ValueError as e:
        violations.append("[tar-gzip] %s: %s" % (where, e))
        return None
    if len(raw) < 1024 or len(raw) % 512 != 0 or raw[-1024:] != b"\0" * 1024:
        violations.append("[tar-eof] %s: the tar stream does not end with the two zero blocks of a closed archive"
                          % where)
    entries = []
    try:
        with tarfile.open(fileobj=io.BytesIO(raw), mode="r:") as tf:
            for info in tf:
                content = b""
                if info.isreg():
                    f = tf.extractfile(info)
                    content = f.read() if f else b""
                entries.append(TarEntry(info, content))
    except tarfile.TarError as e:
        violations.append("[tar-format] %s: not a readable tar: %s" % (where, e))
        return entries
    return entries


def read_backup(location_dir, backup_name):
    """Parsed pieces of a backup (no validation). Missing pieces are None."""
    bdir = os.path.join(location_dir, "backups", backup_name)
    out = {"backup": None, "entries": None, "items": {}, "resource_list": None, "results": None}

    def rd(name):
        p = os.path.join(bdir, name)
        if not os.path.isfile(p):
            return None
        with open(p, "rb") as f:
            return f.read()

    md = rd("velero-backup.json")
    if md is not None:
        try:
            out["backup"] = json.loads(md)
        except ValueError:
            pass
    for suffix, key in (("-resource-list.json.gz", "resource_list"), ("-results.gz", "results")):
        data = rd(backup_name + suffix)
        if data is not None:
            try:
                out[key] = json.loads(_gunzip(data))
            except ValueError:
                pass
    tar = rd(backup_name + ".tar.gz")
    if tar is not None:
        entries = _read_tar(tar, [], "")
        out["entries"] = entries
        for e in entries or []:
            p = parse_item_path(e.name)
            if p and p["version_dir"] is None:
                try:
                    out["items"][(p["gr"], p["namespace"], p["name"])] = json.loads(e.data)
                except ValueError:
                    pass
    return out


def _check_location(location_dir, violations):
    try:
        names = sorted(os.listdir(location_dir))
    except OSError as e:
        violations.append("[top-level-dir] %s: cannot list the location: %s" % (location_dir, e))
        return
    for name in names:
        p = os.path.join(location_dir, name)
        if os.path.isdir(p) and name not in ALLOWED_TOP_LEVEL:
            violations.append("[top-level-dir] %s/: top-level directory not allowed under a location (only %s)"
                              % (name, ", ".join(sorted(ALLOWED_TOP_LEVEL))))
    for root, dirs, files in os.walk(location_dir):
        for name in dirs + files:
            if TEMP_NAME.search(name):
                rel = os.path.relpath(os.path.join(root, name), location_dir)
                violations.append("[temp-file] %s: temporary or partial file left in the location" % rel)


def _check_results(obj, where, violations):
    """{"warnings": Result, "errors": Result}; Result = {velero:[str], cluster:[str], namespaces:{ns:[str]}}.
    Returns (warning count, error count)."""
    counts = [0, 0]
    if not isinstance(obj, dict):
        violations.append("[results-shape] %s: expected a JSON object, got %s" % (where, type(obj).__name__))
        return None
    extra = set(obj) - {"warnings", "errors"}
    if extra:
        violations.append("[results-shape] %s: unexpected keys %s (only warnings, errors)" % (where, sorted(extra)))
    for i, key in enumerate(("warnings", "errors")):
        if key not in obj:
            violations.append("[results-shape] %s: missing %r" % (where, key))
            continue
        res = obj[key]
        if not isinstance(res, dict):
            violations.append("[results-shape] %s: %s must be an object, got %s" % (where, key, type(res).__name__))
            continue
        bad = set(res) - RESULT_KEYS
        if bad:
            violations.append("[results-shape] %s: %s has unexpected keys %s (only velero, cluster, namespaces)"
                              % (where, key, sorted(bad)))
        for k in ("velero", "cluster"):
            v = res.get(k)
            if v is None:
                continue
            if not isinstance(v, list) or not all(isinstance(s, str) for s in v):
                violations.append("[results-shape] %s: %s.%s must be a list of strings" % (where, key, k))
            else:
                counts[i] += len(v)
        nss = res.get("namespaces")
        if nss is not None:
            if not isinstance(nss, dict):
                violations.append("[results-shape] %s: %s.namespaces must be an object ns -> [string]" % (where, key))
            else:
                for ns, msgs in nss.items():
                    if not isinstance(msgs, list) or not all(isinstance(s, str) for s in msgs):
                        violations.append("[results-shape] %s: %s.namespaces[%r] must be a list of strings"
                                          % (where, key, ns))
                    else:
                        counts[i] += len(msgs)
    return tuple(counts)


def _check_metadata(bdir, name, violations):
    path = os.path.join(bdir, "velero-backup.json")
    rel = "backups/%s/velero-backup.json" % name
    if not os.path.isfile(path):
        violations.append("[metadata-missing] %s: missing (the existence marker of a backup)" % rel)
        return None
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        violations.append("[metadata-compressed] %s: must be uncompressed JSON, found gzip" % rel)
        return None
    try:
        text = data.decode("utf-8")
        obj = json.loads(text)
    except ValueError as e:
        violations.append("[metadata-json] %s: not valid JSON: %s" % (rel, e))
        return None
    lines = text.splitlines()
    if len(lines) < 3 or not lines[1].startswith("  "):
        violations.append("[metadata-not-pretty] %s: must be pretty-printed (indented) JSON" % rel)
    if not isinstance(obj, dict):
        violations.append("[metadata-json] %s: not a JSON object" % rel)
        return None
    if obj.get("apiVersion") != "velero.io/v1" or obj.get("kind") != "Backup":
        violations.append("[metadata-kind] %s: apiVersion/kind must be velero.io/v1 Backup, got %r %r"
                          % (rel, obj.get("apiVersion"), obj.get("kind")))
    md = obj.get("metadata")
    if not isinstance(md, dict) or md.get("name") != name:
        violations.append("[metadata-name] %s: metadata.name must be %r, got %r"
                          % (rel, name, md.get("name") if isinstance(md, dict) else md))
    if not isinstance(obj.get("spec"), dict):
        violations.append("[metadata-spec] %s: spec must be an object" % rel)
    st = obj.get("status")
    if not isinstance(st, dict):
        violations.append("[metadata-status] %s: status must be an object" % rel)
        return obj
    phase = st.get("phase")
    if phase not in PHASES:
        violations.append("[phase] %s: status.phase %r is not a Velero backup phase" % (rel, phase))
    if st.get("formatVersion") != FORMAT_VERSION:
        violations.append("[format-version] %s: status.formatVersion must be %r, got %r"
                          % (rel, FORMAT_VERSION, st.get("formatVersion")))
    if st.get("version") != 1 or isinstance(st.get("version"), bool):
        violations.append("[version] %s: status.version must be 1, got %r" % (rel, st.get("version")))
    times = {}
    for key in ("startTimestamp", "completionTimestamp", "expiration"):
        v = st.get(key)
        if v is None and key == "completionTimestamp" and phase not in TERMINAL_PHASES:
            continue
        if not isinstance(v, str) or not RFC3339.match(v):
            violations.append("[timestamp] %s: status.%s must be an RFC 3339 time, got %r" % (rel, key, v))
            continue
        try:
            times[key] = _parse_ts(v)
        except ValueError:
            violations.append("[timestamp] %s: status.%s is not a valid time: %r" % (rel, key, v))
    if "startTimestamp" in times and "completionTimestamp" in times and \
            times["completionTimestamp"] < times["startTimestamp"]:
        violations.append("[timestamp-order] %s: completionTimestamp is before startTimestamp" % rel)
    if "startTimestamp" in times and "expiration" in times and times["expiration"] <= times["startTimestamp"]:
        violations.append("[timestamp-order] %s: expiration is not after startTimestamp" % rel)
    prog = st.get("progress")
    if not isinstance(prog, dict) or not all(isinstance(prog.get(k), int) and not isinstance(prog.get(k), bool)
                                             and prog.get(k) >= 0 for k in ("totalItems", "itemsBackedUp")):
        violations.append("[progress] %s: status.progress must have integer totalItems and itemsBackedUp, got %r"
                          % (rel, prog))
    for key in ("warnings", "errors"):
        v = st.get(key, 0)
        if not isinstance(v, int) or isinstance(v, bool) or v < 0:
            violations.append("[counts] %s: status.%s must be a non-negative integer, got %r" % (rel, key, v))
    return obj


def _check_sidecars(bdir, name, violations):
    """Returns {suffix: parsed JSON (or raw bytes for the tarball)}."""
    parsed = {}
    for suffix, kind in list(SIDECARS.items()) + list(OPTIONAL_SIDECARS.items()):
        fname = name + suffix
        rel = "backups/%s/%s" % (name, fname)
        path = os.path.join(bdir, fname)
        if not os.path.isfile(path):
            if suffix in SIDECARS:
                violations.append("[sidecar-missing] %s: missing" % rel)
            continue
        with open(path, "rb") as f:
            data = f.read()
        if kind == "tar":
            parsed[suffix] = data
            continue
        try:
            raw = _gunzip(data)
        except ValueError as e:
            violations.append("[sidecar-gzip] %s: %s" % (rel, e))
            continue
        if kind is None:
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                violations.append("[sidecar-gzip] %s: the log is not UTF-8 text" % rel)
            continue
        try:
            text = raw.decode("utf-8")
            obj = json.loads(text)
        except ValueError as e:
            violations.append("[sidecar-json] %s: not valid JSON: %s" % (rel, e))
            continue
        if not _is_compact(text):
            violations.append("[sidecar-pretty] %s: must be compact JSON (json.Marshal), found indented/multi-line"
                              % rel)
        if not isinstance(obj, kind):
            violations.append("[sidecar-type] %s: expected a JSON %s, got %s"
                              % (rel, "array" if kind is list else "object",
                                 "null" if obj is None else type(obj).__name__))
            continue
        parsed[suffix] = obj
    return parsed


def _check_tarball(name, data, violations):
    """Returns {(gr, ns, name): (apiVersion, kind)} of the legacy items, or None."""
    where = "backups/%s/%s.tar.gz" % (name, name)
    entries = _read_tar(data, violations, where)
    if entries is None:
        return None
    seen = set()
    version_entry = None
    legacy = {}       # (gr, ns, name) -> (bytes, obj)
    versioned = {}    # (gr, ns, name) -> [(version_dir, bytes, obj)]
    for e in entries:
        ename = e.name
        if ename in seen:
            violations.append("[tar-duplicate] %s: entry %s appears more than once" % (where, ename))
        seen.add(ename)
        if not e.info.isreg():
            kind = "directory" if e.info.isdir() else "type %r" % e.info.type
            violations.append("[tar-entry-type] %s: entry %s is a %s; only regular files are allowed"
                              % (where, ename, kind))
            continue
        if e.info.mode & 0o7777 != 0o755:
            violations.append("[tar-mode] %s: entry %s has mode %o, expected 755" % (where, ename, e.info.mode & 0o7777))
        if ename == "metadata/version":
            version_entry = e.data
            continue
        p = parse_item_path(ename)
        if ename.startswith("/") or ".." in ename.split("/") or p is None:
            violations.append("[tar-path] %s: entry %s is not metadata/version nor "
                              "resources/<gr>/[<ver>/]{cluster|namespaces/<ns>}/<name>.json" % (where, ename))
            continue
        try:
            text = e.data.decode("utf-8")
            obj = json.loads(text)
        except ValueError as ex:
            violations.append("[item-json] %s: %s is not valid JSON: %s" % (where, ename, ex))
            continue
        if not isinstance(obj, dict):
            violations.append("[item-json] %s: %s is not a JSON object" % (where, ename))
            continue
        if not _is_compact(text):
            violations.append("[item-pretty] %s: %s must be compact JSON" % (where, ename))
        md = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
        if md.get("name") != p["name"]:
            violations.append("[item-name] %s: %s has metadata.name %r" % (where, ename, md.get("name")))
        if (md.get("namespace") or None) != p["namespace"]:
            violations.append("[item-namespace] %s: %s has metadata.namespace %r" % (where, ename, md.get("namespace")))
        api_version, kind = obj.get("apiVersion"), obj.get("kind")
        if not isinstance(api_version, str) or not api_version:
            violations.append("[item-apiversion] %s: %s has no apiVersion" % (where, ename))
            continue
        if not isinstance(kind, str) or not kind:
            violations.append("[item-kind] %s: %s has no kind" % (where, ename))
            continue
        if _group_of_api_version(api_version) != _group_of_gr(p["gr"]):
            violations.append("[item-group] %s: %s has apiVersion %r whose group does not match %r"
                              % (where, ename, api_version, p["gr"]))
        key = (p["gr"], p["namespace"], p["name"])
        if p["version_dir"] is None:
            legacy[key] = (e.data, obj)
        else:
            versioned.setdefault(key, []).append((p["version_dir"], e.data, obj, ename))
    if version_entry is None:
        violations.append("[tar-version] %s: no metadata/version entry" % where)
    elif version_entry != (FORMAT_VERSION + "\n").encode():
        violations.append("[tar-version] %s: metadata/version is %r, expected %r"
                          % (where, version_entry, FORMAT_VERSION + "\n"))

    preferred_by_gr = {}
    for key, copies in versioned.items():
        for vdir, _data, obj, ename in copies:
            version = vdir[:-len("-preferredversion")] if vdir.endswith("-preferredversion") else vdir
            if version != _version_of_api_version(obj.get("apiVersion", "")):
                violations.append("[version-dir] %s: %s is under version dir %r but its apiVersion is %r"
                                  % (where, ename, vdir, obj.get("apiVersion")))
            if vdir.endswith("-preferredversion"):
                preferred_by_gr.setdefault(key[0], set()).add(vdir)
                if key not in legacy:
                    violations.append("[preferred-orphan] %s: %s has no legacy (unversioned) copy" % (where, ename))
    for gr, dirs in preferred_by_gr.items():
        if len(dirs) > 1:
            violations.append("[preferred-duplicate] %s: %s has several preferred version dirs %s"
                              % (where, gr, sorted(dirs)))
    for key, (data, obj) in legacy.items():
        gr, ns, iname = key
        scope = "cluster" if ns is None else "namespaces/" + ns
        copies = [c for c in versioned.get(key, []) if c[0].endswith("-preferredversion")]
        if not copies:
            violations.append("[preferred-missing] %s: resources/%s/%s/%s.json has no <ver>-preferredversion copy"
                              % (where, gr, scope, iname))
            continue
        if len(copies) > 1:
            violations.append("[preferred-duplicate] %s: resources/%s/%s/%s.json has %d preferred copies"
                              % (where, gr, scope, iname, len(copies)))
        vdir, cdata, cobj, ename = copies[0]
        if cdata != data:
            violations.append("[preferred-content] %s: %s differs from its legacy copy" % (where, ename))
        want = _version_of_api_version(obj.get("apiVersion", "")) + "-preferredversion"
        if vdir != want:
            violations.append("[preferred-version] %s: %s: the preferred dir must be %r (the item's apiVersion %r)"
                              % (where, ename, want, obj.get("apiVersion")))
    return {k: (o.get("apiVersion"), o.get("kind")) for k, (_d, o) in legacy.items()}


def _check_resource_list(name, rl, legacy, violations):
    where = "backups/%s/%s-resource-list.json.gz" % (name, name)
    got = {}
    for key, values in rl.items():
        parts = key.split("/")
        if len(parts) not in (2, 3) or not all(parts) or not parts[-1][:1].isupper():
            violations.append("[resource-list-key] %s: key %r is not \"<group/version>/<Kind>\"" % (where, key))
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            violations.append("[resource-list-value] %s: %r must map to a list of strings" % (where, key))
            continue
        if values != sorted(values):
            violations.append("[resource-list-sorted] %s: the names under %r are not sorted" % (where, key))
        if len(set(values)) != len(values):
            violations.append("[resource-list-value] %s: duplicate names under %r" % (where, key))
        for v in values:
            if v.count("/") > 1 or v.startswith("/") or v.endswith("/"):
                violations.append("[resource-list-value] %s: %r under %r is not \"ns/name\" or \"name\"" % (where, v, key))
            got.setdefault(key, set()).add(v)
    if legacy is None:
        return
    want = {}
    for (gr, ns, iname), (api_version, kind) in legacy.items():
        want.setdefault("%s/%s" % (api_version, kind), set()).add(iname if ns is None else "%s/%s" % (ns, iname))
    if got != want:
        missing = sorted("%s %s" % (k, v) for k in want for v in want[k] - got.get(k, set()))
        extra = sorted("%s %s" % (k, v) for k in got for v in got[k] - want.get(k, set()))
        violations.append("[resource-list-mismatch] %s: does not match the tarball's items; missing %s; extra %s"
                          % (where, missing[:20], extra[:20]))


def validate_backup(location_dir, backup_name):
    violations = []
    _check_location(location_dir, violations)
    bdir = os.path.join(location_dir, "backups", backup_name)
    if not os.path.isdir(bdir):
        violations.append("[backup-dir-missing] backups/%s/: no such directory" % backup_name)
        return violations
    known = {"velero-backup.json"} | {backup_name + s for s in list(SIDECARS) + list(OPTIONAL_SIDECARS)}
    for entry in sorted(os.listdir(bdir)):
        p = os.path.join(bdir, entry)
        if os.path.isdir(p):
            violations.append("[unexpected-dir] backups/%s/%s/: no directories inside a backup" % (backup_name, entry))
        elif entry not in known:
            violations.append("[unexpected-file] backups/%s/%s: not a file of Velero's backup layout"
                              % (backup_name, entry))
    backup = _check_metadata(bdir, backup_name, violations)
    parsed = _check_sidecars(bdir, backup_name, violations)
    counts = None
    if "-results.gz" in parsed:
        counts = _check_results(parsed["-results.gz"], "backups/%s/%s-results.gz" % (backup_name, backup_name),
                                violations)
    legacy = None
    if ".tar.gz" in parsed:
        legacy = _check_tarball(backup_name, parsed[".tar.gz"], violations)
    if "-resource-list.json.gz" in parsed:
        _check_resource_list(backup_name, parsed["-resource-list.json.gz"], legacy, violations)

    st = backup.get("status") if isinstance(backup, dict) else None
    if isinstance(st, dict):
        rel = "backups/%s/velero-backup.json" % backup_name
        phase = st.get("phase")
        if counts is not None:
            for key, n in zip(("warnings", "errors"), counts):
                if st.get(key, 0) != n:
                    violations.append("[counts] %s: status.%s is %r but the results file holds %d %s"
                                      % (rel, key, st.get(key, 0), n, key))
        errors = st.get("errors", 0)
        if phase == "Completed" and errors:
            violations.append("[counts] %s: phase Completed with %r errors (must be PartiallyFailed)" % (rel, errors))
        if phase == "PartiallyFailed" and not errors:
            violations.append("[counts] %s: phase PartiallyFailed with no errors" % rel)
        prog = st.get("progress")
        if legacy is not None and phase in ("Completed", "PartiallyFailed") and isinstance(prog, dict):
            if prog.get("itemsBackedUp") != len(legacy) or prog.get("totalItems") != len(legacy):
                violations.append("[progress] %s: progress %r but the tarball holds %d items"
                                  % (rel, prog, len(legacy)))
    return violations
