"""Shared helpers for the kubesim conformance tests.

Each test class starts its own kubesim (a fresh temp dir, a free port) through `Kubesim`, and
drives it with the real kubectl (`Kubectl`) or the Python client. Every wait in this suite goes
through `wait_for`, which polls a condition against a deadline and fails naming what it awaited.
"""
import atexit
import contextlib
import json
import os
import selectors
import shutil
import signal
import subprocess
import tempfile
import time
import unittest

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

KUBESIM = os.environ.get("KUBESIM") or os.path.join(REPO, "build", "bin", "kubesim")


def _default_kubectl():
    # /usr/bin/kubectl may be Google Cloud SDK's dispatcher, which runs the kubectl whose minor
    # version matches the *server's* (kubectl.1.30 against a server that says v1.30). The suite
    # pins the real kubectl v1.32 beside it, so what is tested does not follow kubesim's claim.
    path = os.path.realpath("/usr/bin/kubectl")
    pinned = os.path.join(os.path.dirname(path), "kubectl.1.32")
    if os.access(pinned, os.X_OK):
        return pinned
    return "/usr/bin/kubectl"


KUBECTL = os.environ.get("KUBECTL") or _default_kubectl()
FIXTURES = os.environ.get("COFFER_FIXTURES") or os.path.join(REPO, "..", "shared", "fixtures")
MANIFESTS = os.path.join(FIXTURES, "manifests")

READY_PREFIX = "kubesim ready at "
READY_TIMEOUT = 30.0
STOP_TIMEOUT = 20.0

# Every kubesim started and not yet stopped, so the runner can show their logs next to a failure.
LIVE = []


@atexit.register
def _kill_leftovers():
    """A run cut short (Ctrl-C, SIGTERM) must not leave kubesim processes behind."""
    for sim in list(LIVE):
        with contextlib.suppress(Exception):
            sim._kill()
        shutil.rmtree(sim.tmp, ignore_errors=True)


class WaitTimeout(AssertionError):
    pass


def wait_for(what, fn, timeout=30.0, interval=0.1):
    """Polls fn() until it returns a truthy value, which is returned. Exceptions raised by fn count
    as "not yet" (the last one is shown). Fails with `what` once `timeout` seconds have passed."""
    deadline = time.monotonic() + timeout
    last = None
    while True:
        try:
            value = fn()
            if value:
                return value
            last = value
        except Exception as e:  # noqa: BLE001 - the condition may not hold yet
            last = e
        if time.monotonic() >= deadline:
            raise WaitTimeout("timed out after %.0fs waiting for %s (last result: %r)" % (timeout, what, last))
        time.sleep(interval)


class Kubesim:
    """One kubesim process. `start()` waits for its ready line; `stop()` sends SIGTERM and waits."""

    def __init__(self, extra_args=(), data_dir=None, name="kubesim"):
        self.name = name
        self.extra_args = list(extra_args)
        self.tmp = tempfile.mkdtemp(prefix="kubesim-conformance-")
        self.data_dir = data_dir or os.path.join(self.tmp, "data")
        self.kubeconfig = os.path.join(self.tmp, "kubeconfig")
        self.cache_dir = os.path.join(self.tmp, "kubectl-cache")
        self.proc = None
        self.url = None
        self.starts = 0
        self._stderr_path = None
        self.exit_codes = []

    # -- lifecycle -------------------------------------------------------------------------------
    def start(self):
        if not os.access(KUBESIM, os.X_OK):
            raise AssertionError("kubesim binary not found or not executable: %s (build it, or pass --kubesim)" % KUBESIM)
        self.starts += 1
        self._stderr_path = os.path.join(self.tmp, "stderr-%d.log" % self.starts)
        args = [KUBESIM, "--data-dir", self.data_dir, "--kubeconfig", self.kubeconfig,
                "--listen", "127.0.0.1:0"] + self.extra_args
        self.args = args
        with open(self._stderr_path, "wb") as err:
            self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=err, stdin=subprocess.DEVNULL)
        LIVE.append(self)
        line = self._read_ready_line(READY_TIMEOUT)
        self.url = line[len(READY_PREFIX):].strip()
        if not self.url.startswith("https://"):
            self._fail_start("ready line does not name an https URL: %r" % line)
        if not os.path.exists(self.kubeconfig):
            self._fail_start("kubesim said it was ready but wrote no kubeconfig at %s" % self.kubeconfig)
        return self

    def _read_ready_line(self, timeout):
        sel = selectors.DefaultSelector()
        sel.register(self.proc.stdout, selectors.EVENT_READ)
        buf = b""
        deadline = time.monotonic() + timeout
        try:
            while b"\n" not in buf:
                left = deadline - time.monotonic()
                if left <= 0:
                    self._fail_start("no line %r on stdout within %.0fs" % (READY_PREFIX + "https://...", timeout))
                if not sel.select(left):
                    continue
                chunk = os.read(self.proc.stdout.fileno(), 4096)
                if not chunk:
                    self.proc.wait(5)
                    self._fail_start("kubesim exited (code %s) before printing its ready line" % self.proc.returncode)
                buf += chunk
        finally:
            sel.close()
        line = buf.split(b"\n", 1)[0].decode("utf-8", "replace")
        if not line.startswith(READY_PREFIX):
            self._fail_start("first stdout line is not the ready line: %r" % line)
        return line

    def _fail_start(self, message):
        stderr = self.stderr_text()
        self._kill()
        raise AssertionError("kubesim failed to start: %s\ncommand: %s\n--- kubesim stderr ---\n%s" %
                             (message, " ".join(self.args), stderr))

    def _kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        if self in LIVE:
            LIVE.remove(self)

    def stop(self):
        """SIGTERM, then wait for a clean exit. Returns the exit code; fails if it was not 0."""
        if not self.proc:
            return None
        if self in LIVE:
            LIVE.remove(self)
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
                raise AssertionError("kubesim did not exit within %.0fs of SIGTERM\n--- kubesim stderr ---\n%s" %
                                     (STOP_TIMEOUT, self.stderr_tail()))
        with contextlib.suppress(Exception):
            self.proc.stdout.close()
        code = self.proc.returncode
        self.exit_codes.append(code)
        if code != 0:
            raise AssertionError("kubesim exited with code %s after SIGTERM (expected 0)\n--- kubesim stderr ---\n%s" %
                                 (code, self.stderr_tail()))
        return code

    def restart(self):
        self.stop()
        return self.start()

    def cleanup(self):
        try:
            self.stop()
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    # -- diagnostics -------------------------------------------------------------------------------
    def stderr_text(self):
        if not self._stderr_path or not os.path.exists(self._stderr_path):
            return ""
        with open(self._stderr_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def stderr_tail(self, lines=60):
        text = self.stderr_text().splitlines()
        state = "running" if self.alive() else "exited with code %s" % (self.proc.returncode if self.proc else None)
        return "(%s %s, %s)\n%s" % (self.name, self.url, state, "\n".join(text[-lines:]))

    # -- clients ---------------------------------------------------------------------------------
    def kubectl(self):
        return Kubectl(self)

    def python_client(self, context=None):
        """An ApiClient configured through kubernetes.config.load_kube_config from this cluster's
        kubeconfig (a fresh one each call, so it follows a restart onto a new port)."""
        from kubernetes import client, config
        cfg = client.Configuration()
        config.load_kube_config(config_file=self.kubeconfig, context=context, client_configuration=cfg)
        return client.ApiClient(cfg)


@contextlib.contextmanager
def running_kubesim(*extra_args, **kwargs):
    sim = Kubesim(extra_args, **kwargs)
    sim.start()
    try:
        yield sim
    finally:
        sim.cleanup()


class Result:
    def __init__(self, args, proc, elapsed):
        self.args = args
        self.code = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr
        self.elapsed = elapsed

    def json(self):
        return json.loads(self.out)

    def __repr__(self):
        return "kubectl %s\n  exit code: %s\n  stdout: %s\n  stderr: %s" % (
            " ".join(self.args), self.code, self.out[-3000:], self.err[-3000:])


class Kubectl:
    """Runs the real kubectl against one kubesim."""

    def __init__(self, sim):
        self.sim = sim

    def env(self, kubeconfig=None):
        env = dict(os.environ)
        env["KUBECONFIG"] = kubeconfig or self.sim.kubeconfig
        env["KUBECACHEDIR"] = self.sim.cache_dir  # a per-kubesim discovery cache
        env["HOME"] = self.sim.tmp  # no ~/.kube of the machine leaks in
        return env

    def run(self, *args, input=None, timeout=90, request_timeout="20s", kubeconfig=None, fresh_cache=False):
        """Runs kubectl ARGS (with --request-timeout and this cluster's discovery cache; fresh_cache
        makes kubectl discover the API from scratch)."""
        cmd = [KUBECTL] + list(args)
        if request_timeout and not any(a.startswith("--request-timeout") for a in args):
            cmd.append("--request-timeout=" + request_timeout)
        cache = tempfile.mkdtemp(dir=self.sim.tmp) if fresh_cache else self.sim.cache_dir
        cmd.append("--cache-dir=" + cache)
        started = time.monotonic()
        try:
            proc = subprocess.run(cmd, input=input, capture_output=True, text=True, timeout=timeout,
                                  env=self.env(kubeconfig), cwd=self.sim.tmp)
        except subprocess.TimeoutExpired as e:
            raise AssertionError("kubectl %s did not finish within %ss (stdout: %r, stderr: %r)" %
                                 (" ".join(args), timeout, e.stdout, e.stderr))
        return Result(list(args), proc, time.monotonic() - started)

    def ok(self, *args, **kwargs):
        """Runs kubectl and fails the test unless it exits 0."""
        r = self.run(*args, **kwargs)
        if r.code != 0:
            raise AssertionError("expected success:\n%r" % r)
        return r

    def fails(self, *args, **kwargs):
        """Runs kubectl and fails the test unless it exits non-zero."""
        r = self.run(*args, **kwargs)
        if r.code == 0:
            raise AssertionError("expected a failure:\n%r" % r)
        return r

    def get_json(self, *args, **kwargs):
        return self.ok("get", *args, "-o", "json", **kwargs).json()

    def popen(self, *args):
        return subprocess.Popen([KUBECTL] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=self.env(), cwd=self.sim.tmp)


class KubesimTestCase(unittest.TestCase):
    """A TestCase class with one kubesim for all its tests (`cls.sim`, `cls.k` for kubectl)."""

    kubesim_args = ()
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sim = Kubesim(cls.kubesim_args, name="%s's kubesim" % cls.__name__)
        cls.sim.start()
        cls.k = cls.sim.kubectl()

    @classmethod
    def tearDownClass(cls):
        sim = cls.__dict__.get("sim")
        if sim is not None:
            sim.cleanup()
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        if not self.sim.alive():
            self.fail("kubesim is not running any more:\n%s" % self.sim.stderr_tail())


# -- fixture manifests -----------------------------------------------------------------------------
def load_docs(fixture):
    docs = []
    folder = os.path.join(MANIFESTS, fixture)
    for name in sorted(os.listdir(folder)):
        if name.endswith((".yaml", ".yml", ".json")):
            with open(os.path.join(folder, name)) as f:
                docs += [d for d in yaml.safe_load_all(f) if d]
    return docs


def invalid_without_selector(doc):
    """An apps/v1 workload without spec.selector, which a real API server rejects (422)."""
    return doc["kind"] in ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet") and not doc.get("spec", {}).get("selector")
