"""Input from outside cannot crash, hang or fool cxsched: deep JSON, FIFOs and
devices where files are expected, oversized specs, invalid UTF-8, escape
sequences in platform names, loose file permissions."""

import json
import os
import stat
import subprocess
import unittest

from harness import CliTestCase, _env_path, campaign, wait_for

# Generous: each command here ends in milliseconds; on the old code they hung.
QUICK = 30


def existing(cid, name, status="ACTIVE", **overrides):
    obj = campaign(name, **overrides)
    obj["id"] = cid
    obj["status"] = status
    return obj


class HostileInputTest(CliTestCase):

    def write_bytes(self, name, data):
        path = os.path.join(self.tmp, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def validate_json(self, *args, input=None):
        r = self.cxsched("validate", "--offline", *args, "-o", "json", input=input,
                         timeout=QUICK)
        try:
            doc = json.loads(r.stdout)
        except json.JSONDecodeError as err:
            self.fail(f"stdout is not one JSON document ({err}): {r.stdout!r}\n{r.stderr}")
        return r.returncode, doc, r.stderr

    # -- JSON depth -----------------------------------------------------------

    def test_spec_nested_100000_deep_exits_3_naming_the_file(self):
        path = self.write_bytes("deep.json", b"[" * 100_000 + b"]" * 100_000)
        r = self.cxsched("validate", "--offline", path, timeout=QUICK)
        self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
        self.assertIn("deep.json", r.stdout + r.stderr)
        self.assertIn("nested deeper than 64 levels", r.stdout + r.stderr)
        nested = b'{"name":' * 90_000 + b"1" + b"}" * 90_000
        code, doc, err = self.validate_json(self.write_bytes("deep2.json", nested))
        self.assertEqual(code, 3, err)
        self.assertEqual(doc["specs"][0]["problems"][0]["field"], "$")

    def test_platform_answer_nested_too_deep_makes_no_sense_exit_1(self):
        sim = self.start_sim()
        deep = {}
        for _ in range(200):
            deep = {"x": deep}
        sim.seed_campaign(existing("c-deep", "Deep", notes=deep))
        r = self.cxsched("list", timeout=QUICK)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("nested deeper than 64 levels", r.stderr)

    # -- files that are not regular files ---------------------------------------

    def test_fifo_spec_secret_and_config_fail_at_once(self):
        fifo = os.path.join(self.tmp, "fifo")
        os.mkfifo(fifo)
        r = self.cxsched("validate", "--offline", fifo, timeout=QUICK)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("is a FIFO, not a regular file", r.stderr)

        self.start_sim()
        spec = self.write_json("spec.json", campaign("Fifo_Secret"))
        r = self.cxsched("validate", spec, "--client-secret-file", fifo, timeout=QUICK)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("--client-secret-file " + fifo + " is a FIFO", r.stderr)

        r = self.cxsched("validate", "--offline", spec, "--config", fifo, timeout=QUICK)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("config file " + fifo + " is a FIFO", r.stderr)

    def test_config_files_that_trip_the_toml_parser_are_refused_or_read_never_crashed_on(self):
        # toml++ 3.3 (Debian's) reaches __builtin_unreachable on some code
        # points where it looks for whitespace (upstream issues 190, 294, 295):
        # the packaged library must still refuse them cleanly, naming the file.
        spec = self.write_json("spec.json", campaign("Toml_Faults"))
        for data, where in ((b"\xef\xb3\xbf~", ":1:1: invalid TOML"),
                            (b"[&", ":1:2: invalid TOML"),
                            (b"\xcc\xaa", ":1:1: invalid TOML")):
            path = self.write_bytes("bad.toml", data)
            r = self.cxsched("--config", path, "validate", "--offline", spec, timeout=QUICK)
            self.assertEqual(r.returncode, 2, (data, r.stderr))
            self.assertIn(path + where, r.stderr, data)
        # A line-ending backslash before a non-ASCII character is TOML.
        path = self.write_bytes("ok.toml", b's = """\\\n\xc2\xa7"""\n')
        r = self.cxsched("--config", path, "validate", "--offline", spec, timeout=QUICK)
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_dev_zero_as_secret_or_spec_stops_at_the_cap(self):
        self.start_sim()
        spec = self.write_json("spec.json", campaign("Zero_Secret"))
        r = self.cxsched("validate", spec, "--client-secret-file", "/dev/zero", timeout=QUICK)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("a character device", r.stderr)
        with open("/dev/zero", "rb") as zero:
            import subprocess
            binary = os.environ["CXSCHED_BIN"]
            p = subprocess.run([binary, "validate", spec, "--client-secret-file", "-"],
                               stdin=zero, env=self.env, capture_output=True, text=True,
                               timeout=QUICK)
            self.assertEqual(p.returncode, 2, p.stderr)
            self.assertIn("larger than 64 KiB", p.stderr)
            p = subprocess.run([binary, "validate", "--offline", "-"], stdin=zero, env=self.env,
                               capture_output=True, text=True, timeout=QUICK)
            self.assertEqual(p.returncode, 3, p.stderr)
            self.assertIn("larger than 1 MiB", p.stderr)

    # -- bounded work -----------------------------------------------------------

    def test_too_many_windows_exit_3_naming_the_field(self):
        windows = [{"days": ["MON"], "start": "09:00", "end": "10:00"}] * 2000
        code, doc, err = self.validate_json(
            self.write_json("many.json", campaign("Many", executionWindows=windows)))
        self.assertEqual(code, 3, err)
        problems = doc["specs"][0]["problems"]
        self.assertEqual([p["field"] for p in problems], ["executionWindows"])
        self.assertIn("at most 100", problems[0]["message"])

    def test_overlaps_among_100_windows_are_each_reported(self):
        windows = [{"days": ["MON", "TUE"], "start": "09:00", "end": "10:00"}] * 100
        code, doc, err = self.validate_json(
            self.write_json("same.json", campaign("Same", executionWindows=windows)))
        self.assertEqual(code, 3, err)
        fields = {p["field"] for p in doc["specs"][0]["problems"]}
        self.assertEqual(fields, {f"executionWindows[{i}]" for i in range(1, 100)})

    def test_span_to_year_9999_exit_3_naming_end_date(self):
        spec = campaign("Forever", endDate="9999-12-31T17:00:00-05:00")
        code, doc, err = self.validate_json(self.write_json("forever.json", spec))
        self.assertEqual(code, 3, err)
        problems = doc["specs"][0]["problems"]
        self.assertEqual([p["field"] for p in problems], ["endDate"])
        self.assertIn("more than 10 years after startDate", problems[0]["message"])

    def test_megabyte_zone_name_exit_3_without_suggestions(self):
        spec = campaign("Zone", timezone="America/" + "x" * 1_000_000)
        code, doc, err = self.validate_json(self.write_json("zone.json", spec))
        self.assertEqual(code, 3, err)
        problem = doc["specs"][0]["problems"][0]
        self.assertEqual(problem["field"], "timezone")
        self.assertIn("an IANA name has at most 64", problem["message"])
        self.assertLess(len(problem["value"]), 300)

    # -- text from outside --------------------------------------------------------

    def test_invalid_utf8_in_a_spec_exit_3_naming_the_field(self):
        text = json.dumps(campaign("PLACEHOLDER"), ensure_ascii=True).encode()
        path = self.write_bytes("bad.json", text.replace(b"PLACEHOLDER", b"Caf\xe9"))
        r = self.cxsched("validate", "--offline", path, "-o", "json", timeout=QUICK)
        self.assertEqual(r.returncode, 3, r.stderr)
        doc = json.loads(r.stdout)  # strict UTF-8: the output is valid
        problems = doc["specs"][0]["problems"]
        self.assertEqual([p["field"] for p in problems], ["name"])
        self.assertIn("not valid UTF-8", problems[0]["message"])

    def test_a_spec_file_name_that_is_not_utf8_keeps_the_json_output_valid(self):
        text = json.dumps(campaign("Name_Ok")).encode()
        raw = os.path.join(os.fsencode(self.tmp), b"caf\xe9.json")
        with open(raw, "wb") as f:
            f.write(text)
        binary = _env_path("CXSCHED_BIN")
        p = subprocess.run([os.fsencode(binary), b"validate", b"--offline", raw, b"-o", b"json"],
                           env=self.env, capture_output=True, timeout=QUICK, cwd=self.tmp)
        self.assertEqual(p.returncode, 0, p.stderr)
        doc = json.loads(p.stdout.decode("utf-8"))  # strict: the bytes must be UTF-8
        self.assertTrue(doc["specs"][0]["source"].endswith("caf\\xe9.json"))

    def test_a_process_holding_a_secret_cannot_be_dumped(self):
        # A process that is not dumpable has its /proc/PID files owned by
        # root; run as another user, the change is visible from outside.
        if os.geteuid() != 0:
            self.skipTest("needs root to run cxsched as another user")
        nobody = 65534
        sim = self.start_sim()
        sim.seed_campaign(existing("c-held", "Held", status="SCHEDULED"))
        cache = os.path.join(self.tmp, "nobody-cache")
        os.mkdir(cache, 0o700)
        os.chown(cache, nobody, nobody)
        os.chmod(self.tmp, 0o755)
        env = dict(self.env, CXSCHED_CACHE_DIR=cache, HOME=cache)

        def as_nobody():
            os.setgid(nobody)
            os.setuid(nobody)

        binary = _env_path("CXSCHED_BIN")
        p = subprocess.Popen([binary, "watch", "c-held", "--timeout", "20s", "--interval", "5s"],
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             preexec_fn=as_nobody, cwd=self.tmp)
        self.addCleanup(p.wait)
        self.addCleanup(p.kill)
        status = f"/proc/{p.pid}/status"
        wait_for(lambda: p.poll() is None and os.stat(status).st_uid == 0, timeout=10,
                 message="cxsched (holding the secret) made itself non-dumpable")
        self.assertEqual(os.stat(f"/proc/{p.pid}").st_uid, nobody)  # it is nobody's process

    def test_escape_sequences_in_platform_names_are_shown_escaped(self):
        sim = self.start_sim()
        evil = "Sale\x1b[2J\x1b[H\ncxsched: all campaigns deleted\x07"
        sim.seed_campaign(existing("c-evil", evil, status="FAILED"))
        r = self.cxsched("list", timeout=QUICK)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("\x1b", r.stdout)
        self.assertNotIn("\x07", r.stdout)
        self.assertIn("Sale\\x1b[2J\\x1b[H\\x0acxsched: all campaigns deleted\\x07", r.stdout)
        self.assertFalse(any(line.startswith("cxsched:") for line in r.stdout.splitlines()))
        r = self.cxsched("list", "-o", "json", timeout=QUICK)
        self.assertEqual(json.loads(r.stdout)["campaigns"][0]["name"], evil)
        r = self.cxsched("watch", "c-evil", "--timeout", "5s", timeout=QUICK)
        self.assertEqual(r.returncode, 7, r.stderr)
        self.assertNotIn("\x1b", r.stdout + r.stderr)

    # -- trust ----------------------------------------------------------------------

    def test_secret_file_readable_by_others_is_warned_about_once(self):
        self.start_sim()
        secret = self.write_bytes("secret", b"demo-secret\n")
        spec = self.write_json("spec.json", campaign("Warned"))
        os.chmod(secret, 0o644)
        r = self.cxsched("validate", spec, "--client-secret-file", secret, timeout=QUICK)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr.count("is readable by group or others; chmod 600 it"), 1)
        os.chmod(secret, 0o600)
        r = self.cxsched("validate", spec, "--client-secret-file", secret, timeout=QUICK)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("readable by group or others", r.stderr)

    @unittest.skipUnless(os.geteuid() == 0, "needs root to give a directory to another user")
    def test_cache_dir_symlinked_to_another_users_directory_is_refused(self):
        self.start_sim()
        theirs = os.path.join(self.tmp, "theirs")
        os.mkdir(theirs)
        os.chmod(theirs, 0o777)
        os.chown(theirs, 65534, 65534)
        link = os.path.join(self.tmp, "cache")
        os.symlink(theirs, link)
        spec = self.write_json("spec.json", campaign("Planted"))
        r = self.cxsched("validate", spec, "--cache-dir", link, timeout=QUICK)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("refusing the token cache directory " + link, r.stderr)
        self.assertIn("--cache-dir", r.stderr)
        self.assertEqual(os.listdir(theirs), [])


if __name__ == "__main__":
    unittest.main()
