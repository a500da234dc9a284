"""What an operator sees: colour and progress only on a terminal, NO_COLOR,
--no-color, TERM=dumb and --quiet honoured, help with examples, usage errors
with the fix in one line, output formats each command has, retries said at a
terminal, and --version."""

import json
import os
import pty
import re
import select
import socket
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

    def test_a_mistyped_word_gets_one_line_with_the_fix(self):
        cases = [
            (["valdate", "x"], "unknown command 'valdate': did you mean 'validate'?"),
            (["auth", "stauts"], "unknown command 'auth stauts': did you mean 'auth status'?"),
            (["list", "--stauts", "ACTIVE"],
             "unknown option --stauts for 'cxsched list': did you mean --status?"),
            (["--profile", "p", "lsit"], "unknown command 'lsit': did you mean 'list'?"),
            (["auth"], "'cxsched auth' needs a command: status, token or logout"),
        ]
        for args, line in cases:
            with self.subTest(" ".join(args)):
                r = self.cxsched(*args)
                self.assertEqual(r.returncode, 2)
                self.assertEqual(r.stderr, f"cxsched: error: {line}\n")
                self.assertEqual(r.stdout, "")

    def test_usage_errors_with_json_output_print_the_error_document(self):
        for args in (["list", "--stauts", "ACTIVE", "-o", "json"],
                     ["--output=json", "valdate", "x"]):
            with self.subTest(" ".join(args)):
                r = self.cxsched(*args)
                self.assertEqual(r.returncode, 2)
                doc = json.loads(r.stdout)
                self.assertEqual(doc["error"]["code"], 2)
                self.assertEqual(doc["error"]["kind"], "usage")
                self.assertIn(doc["error"]["message"], r.stderr)
        r = self.cxsched("list", "--timeout", "soon", "-o", "json",
                         env={"CXSCHED_BASE_URL": "http://127.0.0.1:9", "CXSCHED_CLIENT_ID": "a",
                              "CXSCHED_CLIENT_SECRET": "b"})
        self.assertEqual(r.returncode, 2)
        self.assertEqual(json.loads(r.stdout)["error"]["kind"], "usage")

    def test_all_missing_configuration_in_one_run(self):
        r = self.cxsched("list")
        self.assertEqual(r.returncode, 2)
        for item in ("the platform: --region or --base-url", "the client id: --client-id",
                     "the client secret: CXSCHED_CLIENT_SECRET"):
            self.assertIn(item, r.stderr)
        r = self.cxsched("list", env={"CXSCHED_REGION": "us-1"})
        self.assertNotIn("the platform", r.stderr)
        self.assertIn("the client id", r.stderr)
        self.assertIn("the client secret", r.stderr)

    def test_help_placeholders_and_the_wait_flag(self):
        r = self.cxsched("create", "--help")
        self.assertEqual(r.returncode, 0)
        self.assertNotIn("TEXT", r.stdout)
        self.assertNotIn("Needs:", r.stdout)
        self.assertRegex(r.stdout, r"--wait +With --activate: wait")
        for placeholder in ("SPEC ...", "--interval DUR", "--conflict-scope SCOPE"):
            self.assertIn(placeholder, r.stdout)
        top = self.cxsched("--help").stdout
        for placeholder in ("--timeout DUR", "-o,--output FMT", "--config FILE",
                            "--client-id ID", "--cache-dir DIR"):
            self.assertIn(placeholder, top)
        self.assertNotIn("TEXT", top)
        for words in (["activate"], ["watch"], ["report"], ["list"], ["validate"]):
            r = self.cxsched(*words, "--help")
            self.assertNotIn("TEXT", r.stdout, words)
        self.assertIn("ID ...", self.cxsched("watch", "--help").stdout)
        self.assertIn("--chart FILE", self.cxsched("report", "--help").stdout)

    def test_auth_help_has_its_own_examples(self):
        r = self.cxsched("auth", "--help")
        self.assertEqual(r.returncode, 0)
        self.assertIn("cxsched auth status", r.stdout)
        self.assertNotIn("cxsched validate campaign.json", r.stdout)

    def test_completion_is_listed_in_help(self):
        r = self.cxsched("--help")
        self.assertRegex(r.stdout, r"\n  completion +Print the completion script of a shell")

    def test_wait_without_activate_and_interval_without_wait_are_refused(self):
        spec = self.write_json("s.json", campaign("Lonely_Wait"))
        for args, message in (
                (["create", spec, "--wait"], "--wait needs --activate"),
                (["create", spec, "--interval", "1s"], "--interval applies only with --wait"),
                (["activate", "c-1", "--interval", "1s"], "--interval applies only with --wait"),
                (["validate", spec, "--offline", "--conflict-scope", "queue"],
                 "--conflict-scope shapes the conflict check")):
            with self.subTest(" ".join(args[:1] + args[2:])):
                r = self.cxsched(*args, env={"CXSCHED_BASE_URL": "http://127.0.0.1:9",
                                             "CXSCHED_CLIENT_ID": "a",
                                             "CXSCHED_CLIENT_SECRET": "b"})
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assertIn(message, r.stderr)

    def test_version_names_the_libraries(self):
        r = self.cxsched("--version")
        self.assertEqual(r.returncode, 0)
        self.assertRegex(r.stdout, r"^cxsched \d+\.\d+\.\d+\n")
        for lib in ("libcurl/", "CLI11 2.", "RapidJSON 1.", "date 3."):
            self.assertIn(lib, r.stdout)


class OutputFormatTest(UxCase):
    """-o is refused by a command that lacks the format; CXSCHED_OUTPUT falls
    back to the command's default with a note, so one environment serves all."""

    def test_a_format_the_command_lacks_is_refused(self):
        spec = self.write_json("s.json", campaign("Format_Check"))
        cases = [
            (["validate", "--offline", spec, "-o", "csv"],
             "-o csv: 'cxsched validate' prints table or json, not csv"),
            (["create", spec, "-o", "csv"], "-o csv: 'cxsched create' prints table or json"),
            (["auth", "status", "-o", "csv"], "-o csv: 'cxsched auth status' prints table or json"),
            (["completion", "bash", "-o", "json"], "'cxsched completion' prints a shell script"),
        ]
        for args, message in cases:
            with self.subTest(" ".join(args)):
                r = self.cxsched(*args)
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assertIn(message, r.stderr)
                if "json" in args:  # the error document, as for every failure with -o json
                    self.assertEqual(json.loads(r.stdout)["error"]["code"], 2)
                else:
                    self.assertEqual(r.stdout, "")

    def test_the_environment_falls_back_with_a_note(self):
        spec = self.write_json("s.json", campaign("Format_Env"))
        r = self.cxsched("validate", "--offline", spec, env={"CXSCHED_OUTPUT": "csv"})
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("note: 'cxsched validate' has no csv output (it prints table or json); "
                      "printing table", r.stderr)
        self.assertIn("valid", r.stdout)
        r = self.cxsched("completion", "bash", env={"CXSCHED_OUTPUT": "json"})
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(r.stdout.startswith("# bash completion"))


class StreamOrderTest(UxCase):
    def test_stdout_is_flushed_before_stderr_in_one_file(self):
        # watch prints its table, then an error per campaign that did not make it.
        self.start_sim()
        path = os.path.join(self.tmp, "both.txt")
        with open(path, "wb") as both:
            r = subprocess.run([_env_path("CXSCHED_BIN"), "watch", "c-no-such-campaign"],
                               stdout=both, stderr=both, env=self.env, cwd=self.tmp, timeout=60)
        self.assertEqual(r.returncode, 6)
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
        errors = [i for i, l in enumerate(lines) if "cxsched: error:" in l]
        data = [i for i, l in enumerate(lines) if l.startswith("c-no-such-campaign")]
        self.assertTrue(errors and data, lines)
        self.assertTrue(all(l.startswith("cxsched: error:") for l in (lines[i] for i in errors)))
        self.assertLess(max(data), min(errors), lines)


class UnreachableTest(UxCase):
    def closed_port(self):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        return port

    def test_nothing_listening_on_loopback_fails_at_once(self):
        url = f"http://127.0.0.1:{self.closed_port()}"
        r = self.run_tty("list", env={"CXSCHED_BASE_URL": url, "CXSCHED_CLIENT_ID": "a",
                                      "CXSCHED_CLIENT_SECRET": "b"})
        self.assertEqual(r.returncode, 9, r.stderr)
        self.assertIn("nothing listens there", r.stderr)
        self.assertNotIn("attempt", r.stderr)

    def test_a_name_that_does_not_exist_fails_at_once(self):
        host = "api-xx-9.cxone.invalid"
        try:
            socket.getaddrinfo(host, 443)
            self.skipTest(f"{host} resolves here")
        except socket.gaierror as e:
            if e.errno != socket.EAI_NONAME:
                self.skipTest(f"the resolver cannot answer for {host}: {e}")
        r = self.run_tty("list", env={"CXSCHED_BASE_URL": f"https://{host}",
                                      "CXSCHED_CLIENT_ID": "a", "CXSCHED_CLIENT_SECRET": "b"})
        self.assertEqual(r.returncode, 9, r.stderr)
        self.assertIn("the name does not exist", r.stderr)
        self.assertNotIn("attempt", r.stderr)

    def test_each_retry_is_said_at_a_terminal(self):
        self.start_sim()
        self.sim.fault(endpoint="campaigns.list", status=503, count=2)
        r = self.run_tty("list")
        self.assertEqual(r.returncode, 0, r.stderr)
        said = re.findall(r"cxsched: GET http://127\.0\.0\.1:\d+/api/v2/campaigns: "
                          r"503 Service Unavailable \(attempt (\d) of 6\); next in \d+\.\d s",
                          r.stderr)
        self.assertEqual(said, ["1", "2"], r.stderr)
        self.sim.fault(endpoint="campaigns.list", status=503, count=1)
        r = self.run_tty("list", stderr_tty=False)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("attempt", r.stderr)


if __name__ == "__main__":
    import unittest
    unittest.main()
