"""What an operator sees: colour and progress only on a terminal, NO_COLOR,
--no-color, TERM=dumb and --quiet honoured, help with examples, usage errors
with the fix, and --version."""

import os
import pty
import select
import subprocess
import time
import tty

from harness import CliTestCase, _env_path, campaign

ESC = "\x1b["
PROGRESS = "\r\x1b[K"


class TtyRun:
    """The outcome of a run with stdout and/or stderr on pseudo-terminals."""

    def __init__(self, returncode, stdout, stderr):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


class UxCase(CliTestCase):
    def run_tty(self, *args, stdout_tty=True, stderr_tty=True, env=None, deadline=60.0):
        """Runs cxsched with the chosen streams on their own pseudo-terminals
        (the others on pipes) and collects both until it exits."""
        run_env = dict(self.env)
        run_env.pop("NO_COLOR", None)
        run_env.setdefault("TERM", "xterm")
        run_env.update(env or {})
        masters, slaves = {}, {}
        for name, wanted in (("stdout", stdout_tty), ("stderr", stderr_tty)):
            if wanted:
                master, slave = pty.openpty()
                tty.setraw(slave)
                masters[name], slaves[name] = master, slave
        proc = subprocess.Popen([_env_path("CXSCHED_BIN"), *[str(a) for a in args]],
                                stdin=subprocess.DEVNULL,
                                stdout=slaves.get("stdout", subprocess.PIPE),
                                stderr=slaves.get("stderr", subprocess.PIPE),
                                env=run_env, cwd=self.tmp)
        for s in slaves.values():
            os.close(s)
        out = {"stdout": b"", "stderr": b""}
        fds = dict(masters)
        if proc.stdout:
            fds["stdout"] = proc.stdout.fileno()
        if proc.stderr:
            fds["stderr"] = proc.stderr.fileno()
        end = time.monotonic() + deadline
        open_fds = {fd: name for name, fd in fds.items()}
        while open_fds:
            left = end - time.monotonic()
            if left <= 0:
                proc.kill()
                proc.wait()
                self.fail(f"cxsched {args} did not finish: {out}")
            ready, _, _ = select.select(list(open_fds), [], [], left)
            for fd in ready:
                try:
                    data = os.read(fd, 65536)
                except OSError:
                    data = b""
                if data:
                    out[open_fds[fd]] += data
                else:
                    del open_fds[fd]
        proc.wait(timeout=deadline)
        for m in masters.values():
            os.close(m)
        for f in (proc.stdout, proc.stderr):
            if f:
                f.close()
        return TtyRun(proc.returncode, out["stdout"].decode(), out["stderr"].decode())

    def invalid_spec(self):
        return self.write_json("bad.json", campaign("Bad_Window", timezone="Mars/Olympus_Mons"))


class ColourTest(UxCase):
    def test_colour_on_a_terminal(self):
        r = self.run_tty("validate", "--offline", self.invalid_spec())
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn(ESC + "31minvalid", r.stdout)

    def test_no_colour_when_asked_or_not_a_terminal(self):
        spec = self.invalid_spec()
        cases = {
            "NO_COLOR": dict(env={"NO_COLOR": "1"}),
            "TERM=dumb": dict(env={"TERM": "dumb"}),
            "stdout not a tty": dict(stdout_tty=False),
        }
        for what, kw in cases.items():
            with self.subTest(what):
                r = self.run_tty("validate", "--offline", spec, **kw)
                self.assertEqual(r.returncode, 3)
                self.assertIn("invalid", r.stdout)
                self.assertNotIn(ESC, r.stdout)
        r = self.run_tty("validate", "--offline", "--no-color", spec)
        self.assertIn("invalid", r.stdout)
        self.assertNotIn(ESC, r.stdout)
        r = self.run_tty("validate", "--offline", spec, env={"NO_COLOR": ""})
        self.assertIn(ESC, r.stdout, "an empty NO_COLOR does not count")

    def test_errors_are_red_only_on_a_terminal_stderr(self):
        r = self.run_tty("validate", "--offline", "missing.json")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn(ESC + "31merror", r.stderr)
        r = self.run_tty("validate", "--offline", "missing.json", stderr_tty=False)
        self.assertIn("cxsched: error:", r.stderr)
        self.assertNotIn(ESC, r.stderr)


class ProgressTest(UxCase):
    def setUp(self):
        super().setUp()
        self.start_sim()
        self.specs = [self.write_json(f"s{i}.json", campaign(
            f"Progress_{i}", startDate=f"2027-0{i + 3}-01T08:00",
            endDate=f"2027-0{i + 3}-20T18:00")) for i in range(3)]

    def test_progress_on_a_terminal_stderr_only(self):
        r = self.run_tty("create", *self.specs)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(PROGRESS, r.stderr)
        self.assertNotIn(PROGRESS, r.stdout)
        self.assertIn("Progress_2", r.stdout)

    def test_no_progress_when_stderr_is_not_a_terminal(self):
        r = self.run_tty("create", *self.specs, stderr_tty=False)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("\r", r.stderr)
        self.assertIn("Progress_0", r.stdout)

    def test_quiet_silences_everything_but_errors(self):
        r = self.run_tty("create", *self.specs, "-q")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, "")
        self.assertIn("Progress_1", r.stdout, "data still goes to stdout")
        r = self.run_tty("--quiet", "activate", "no-such-id")
        self.assertEqual(r.returncode, 6)
        self.assertIn("error", r.stderr)


class HelpTest(UxCase):
    COMMANDS = [["validate"], ["create"], ["activate"], ["watch"], ["report"], ["list"],
                ["auth", "status"], ["auth", "token"], ["auth", "logout"]]

    def test_every_help_shows_an_example(self):
        r = self.cxsched("--help")
        self.assertEqual(r.returncode, 0)
        self.assertIn("Examples:\n  cxsched ", r.stdout)
        for words in self.COMMANDS:
            with self.subTest(" ".join(words)):
                r = self.cxsched(*words, "--help")
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertRegex(r.stdout, r"Examples?:\n  (cxsched|curl|cat) ")

    def test_usage_errors_show_the_fix(self):
        cases = [
            (["validate", "x.json", "--timout", "5m"], "did you mean --timeout?"),
            (["create", "x.json", "--dryrun"], "did you mean --dry-run?"),
            (["vaildate", "x.json"], "did you mean 'validate'?"),
            (["watch", "c-1", "--outptu", "json"], "did you mean --output?"),
        ]
        for args, hint in cases:
            with self.subTest(" ".join(args)):
                r = self.cxsched(*args)
                self.assertEqual(r.returncode, 2)
                self.assertIn(hint, r.stderr)
                self.assertEqual(r.stdout, "")

    def test_version_names_the_libraries(self):
        r = self.cxsched("--version")
        self.assertEqual(r.returncode, 0)
        self.assertRegex(r.stdout, r"^cxsched \d+\.\d+\.\d+\n")
        for lib in ("libcurl/", "CLI11 2.", "RapidJSON 1.", "date 3."):
            self.assertIn(lib, r.stdout)


if __name__ == "__main__":
    import unittest
    unittest.main()
