"""Runs the conformance test modules and prints a final "N passed, N failed, N skipped" line.

  runner.py [-k PATTERN]... [MODULE|MODULE.Class|MODULE.Class.test]...

With no names it runs every test_*.py beside this file. A failing test is followed by the tail of
the stderr of each kubesim running at that moment.
"""
import argparse
import os
import signal
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import kubesim_fixture  # noqa: E402


class Result(unittest.TextTestResult):
    current = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.passed = 0
        self._started = {}
        Result.current = self

    def startTest(self, test):
        self._started[test.id()] = time.monotonic()
        super().startTest(test)

    def addSuccess(self, test):
        self.passed += 1
        super().addSuccess(test)

    def _with_logs(self, err, test):
        text = self._exc_info_to_string(err, test)
        logs = [sim.stderr_tail() for sim in list(kubesim_fixture.LIVE)]
        if logs:
            text += "\n--- stderr of the running kubesim(s) ---\n" + "\n".join(logs)
        return text

    def addFailure(self, test, err):
        # Keep TextTestResult's bookkeeping but store the text with the kubesim logs.
        super().addFailure(test, err)
        self.failures[-1] = (test, self._with_logs(err, test))

    def addError(self, test, err):
        super().addError(test, err)
        self.errors[-1] = (test, self._with_logs(err, test))

    def stopTest(self, test):
        started = self._started.pop(test.id(), None)
        if started is not None and self.showAll:
            elapsed = time.monotonic() - started
            if elapsed > 5:
                self.stream.writeln("    (%.1fs)" % elapsed)
        super().stopTest(test)


def _terminated(signum, frame):
    raise KeyboardInterrupt("terminated by signal %d" % signum)


def main():
    signal.signal(signal.SIGTERM, _terminated)
    parser = argparse.ArgumentParser()
    parser.add_argument("-k", dest="patterns", action="append", default=[],
                        help="only run tests whose name contains this substring (repeatable)")
    parser.add_argument("-q", dest="quiet", action="store_true")
    parser.add_argument("names", nargs="*")
    args = parser.parse_args()

    loader = unittest.TestLoader()
    if args.patterns:
        loader.testNamePatterns = ["*%s*" % p for p in args.patterns]
    if args.names:
        suite = loader.loadTestsFromNames([n[:-3] if n.endswith(".py") else n for n in args.names])
    else:
        suite = loader.discover(HERE, pattern="test_*.py", top_level_dir=HERE)

    started = time.monotonic()
    runner = unittest.TextTestRunner(stream=sys.stdout, verbosity=1 if args.quiet else 2, resultclass=Result)
    try:
        result = runner.run(suite)
    except KeyboardInterrupt as e:
        result = Result.current
        print("\n%s: interrupted (%s)" % (os.path.basename(HERE), e or "Ctrl-C"))
        if result is None:
            print("0 passed, 1 failed")
            return 1
        result.errors.append((None, "interrupted"))
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    skipped = len(result.skipped)
    print("%s: %.0fs wall time" % (os.path.basename(HERE), time.monotonic() - started))
    line = "%d passed, %d failed" % (result.passed, failed)
    if skipped:
        line += ", %d skipped" % skipped
    print(line)
    sys.stdout.flush()
    return 1 if failed or result.testsRun == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
