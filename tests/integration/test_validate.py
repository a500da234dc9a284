"""cxsched validate against cxone-sim: local checks, conflicts on every page,
DST-exact windows, scopes, stdin, offline mode and the JSON report."""

import glob
import json
import os
import subprocess
import unittest

from harness import CliTestCase, _env_path, campaign, sanitized_build, wait_for

SOURCE_DIR = os.environ.get(
    "CXSCHED_SOURCE_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
FIXTURES = os.path.join(SOURCE_DIR, "tests", "fixtures", "specs")

TOP_KEYS = {"valid", "verdict", "offline", "scope", "checkedAgainst", "specs", "conflicts",
            "warnings"}


def existing(cid, name, status="ACTIVE", **overrides):
    """A platform campaign as the simulator stores it (id and status set)."""
    obj = campaign(name, **overrides)
    obj["id"] = cid
    obj["status"] = status
    return obj


def weekday_window(start, end, days=("MON", "TUE", "WED", "THU", "FRI")):
    return [{"days": list(days), "start": start, "end": end}]


class ValidateTest(CliTestCase):

    def validate_json(self, *args, input=None):
        """Runs validate -o json; (exit code, parsed document, stderr)."""
        r = self.cxsched("validate", *args, "-o", "json", input=input)
        try:
            doc = json.loads(r.stdout)
        except json.JSONDecodeError as err:
            self.fail(f"stdout is not one JSON document ({err}): {r.stdout!r}\n{r.stderr}")
        return r.returncode, doc, r.stderr

    def test_conflict_only_on_page_seven_of_240_is_found(self):
        # Generated campaigns around a day long before the spec's February 2027.
        sim = self.start_sim("--campaigns", 240, "--max-page-size", 25, "--today", "2025-03-20")
        spec = self.write_json("spec.json", campaign("New_Outreach"))

        code, doc, err = self.validate_json(spec)
        self.assertEqual(code, 0, err)
        checked_before = doc["checkedAgainst"]

        stored = sim.campaigns()
        self.assertEqual(len(stored), 240)
        target = stored[160]  # the 161st: first of page 7 at 25 a page
        blocker = existing(target["id"], "Page7_Blocker",
                           executionWindows=weekday_window("12:00", "13:00", ["WED"]))
        sim.seed_campaign(blocker)
        self.assertEqual(sim.campaigns()[160]["name"], "Page7_Blocker")
        sim.clear_requests()

        code, doc, err = self.validate_json(spec)
        self.assertEqual(code, 4, err)
        self.assertEqual(len(doc["conflicts"]), 1, doc["conflicts"])
        c = doc["conflicts"][0]
        self.assertEqual(c["other"], {"id": target["id"], "name": "Page7_Blocker",
                                      "status": "ACTIVE"})
        self.assertEqual(c["spec"], {"source": spec, "name": "New_Outreach"})
        # Wednesday 2027-02-03 12:00 EST is 17:00Z.
        self.assertEqual(c["firstOverlap"]["startUtc"], "2027-02-03T17:00:00Z")
        self.assertEqual(c["firstOverlap"]["endUtc"], "2027-02-03T18:00:00Z")
        self.assertEqual(c["overlaps"], 4)
        self.assertEqual(c["overlapSeconds"], 4 * 3600)
        pages = sim.requests("campaigns.list")
        self.assertEqual(len(pages), 10, [p["query"] for p in pages])
        self.assertTrue(any("pageNumber=7" in p["query"] for p in pages))
        was_blocking = target["status"] in ("ACTIVE", "ACTIVATING", "SCHEDULED")
        self.assertEqual(doc["checkedAgainst"], checked_before + (0 if was_blocking else 1))

        r = self.cxsched("validate", spec)
        self.assertEqual(r.returncode, 4, r.stderr)
        self.assertIn(target["id"], r.stdout)
        self.assertIn("Page7_Blocker", r.stdout)
        self.assertIn("2027-02-03T12:00-05:00", r.stdout)
        self.assertIn("1 conflict", r.stdout)

    def test_overlapping_dates_with_disjoint_daily_windows_is_no_conflict(self):
        sim = self.start_sim()
        sim.seed_campaign(existing("c-evening", "Evening_Calls",
                                   executionWindows=weekday_window("17:00", "20:00")))
        spec = self.write_json("spec.json", campaign("Day_Calls"))
        code, doc, err = self.validate_json(spec)
        self.assertEqual(code, 0, err)
        self.assertEqual(doc["conflicts"], [])
        self.assertTrue(doc["valid"])
        self.assertEqual(doc["checkedAgainst"], 1)

        late = self.write_json("late.json", campaign(
            "Late_Day_Calls", executionWindows=weekday_window("09:00", "17:01")))
        code, doc, err = self.validate_json(late)
        self.assertEqual(code, 4, err)
        self.assertEqual(doc["conflicts"][0]["overlapSeconds"], 20 * 60)

    def test_conflict_appearing_only_after_the_dst_change(self):
        sim = self.start_sim()
        # 13:00-14:00 in London (GMT until 2027-03-28) against 09:00-12:00 in
        # New York: 14:00-17:00Z under EST, 13:00-16:00Z from 2027-03-14 (EDT).
        sim.seed_campaign(existing(
            "c-london", "London_Lunch", status="SCHEDULED", timezone="Europe/London",
            startDate="2027-03-01T08:00:00+00:00", endDate="2027-03-27T00:00:00+00:00",
            executionWindows=weekday_window("13:00", "14:00")))
        spec = self.write_json("spring.json", campaign(
            "Spring_Mornings", startDate="2027-03-01T08:00:00-05:00",
            endDate="2027-03-27T00:00:00-04:00", executionWindows=weekday_window("09:00", "12:00")))
        code, doc, err = self.validate_json(spec)
        self.assertEqual(code, 4, err)
        self.assertEqual(len(doc["conflicts"]), 1)
        c = doc["conflicts"][0]
        self.assertEqual(c["firstOverlap"]["startUtc"], "2027-03-15T13:00:00Z")
        self.assertEqual(c["firstOverlap"]["endUtc"], "2027-03-15T14:00:00Z")
        self.assertTrue(c["firstOverlap"]["specLocal"]["start"].startswith("2027-03-15T09:00-04:00"))
        self.assertTrue(c["firstOverlap"]["otherLocal"]["start"].startswith("2027-03-15T13:00+00:00"))
        self.assertEqual(c["overlaps"], 10)  # weekdays 15-19 and 22-26 March
        self.assertEqual(c["overlapSeconds"], 10 * 3600)

    def test_every_invalid_fixture_exits_3_naming_its_field(self):
        fixtures = sorted(glob.glob(os.path.join(FIXTURES, "invalid_*.json")))
        self.assertTrue(fixtures, f"no invalid_*.json in {FIXTURES}")
        for path in fixtures:
            with self.subTest(fixture=os.path.basename(path)):
                with open(path[:-len(".json")] + ".expect", encoding="utf-8") as f:
                    field = f.read().strip()
                r = self.cxsched("validate", "--offline", path)
                self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
                self.assertIn(field, r.stdout + r.stderr)
                code, doc, err = self.validate_json("--offline", path)
                self.assertEqual(code, 3, err)
                self.assertFalse(doc["valid"])
                self.assertEqual(doc["verdict"], "invalid")
                fields = [p["field"] for p in doc["specs"][0]["problems"]]
                self.assertIn(field, fields)

    def test_several_specs_in_one_run_report_every_problem(self):
        self.start_sim()
        invalid = sorted(glob.glob(os.path.join(FIXTURES, "invalid_*.json")))
        valid = sorted(glob.glob(os.path.join(FIXTURES, "valid_*.json")))
        self.assertTrue(invalid and valid)
        code, doc, err = self.validate_json(*valid, *invalid)
        self.assertEqual(code, 3, err)
        self.assertEqual(len(doc["specs"]), len(valid) + len(invalid))
        by_source = {s["source"]: s for s in doc["specs"]}
        for path in valid:
            self.assertTrue(by_source[path]["valid"], by_source[path]["problems"])
        for path in invalid:
            with open(path[:-len(".json")] + ".expect", encoding="utf-8") as f:
                field = f.read().strip()
            self.assertFalse(by_source[path]["valid"])
            self.assertIn(field, [p["field"] for p in by_source[path]["problems"]], path)
        r = self.cxsched("validate", *valid, *invalid)
        self.assertEqual(r.returncode, 3)
        self.assertIn(f"{len(valid) + len(invalid)} specs: {len(invalid)} invalid", r.stdout)

    def test_offline_makes_no_request(self):
        sim = self.start_sim()
        sim.seed_campaign(existing("c-same-time", "Same_Time"))
        spec = self.write_json("spec.json", campaign("Offline_Check"))
        code, doc, err = self.validate_json("--offline", spec)
        self.assertEqual(code, 0, err)
        self.assertTrue(doc["offline"])
        self.assertEqual(doc["checkedAgainst"], 0)
        r = self.cxsched("validate", "--offline", spec)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sim.requests(), [])
        # The same spec online does reach the platform and conflicts.
        r = self.cxsched("validate", spec)
        self.assertEqual(r.returncode, 4, r.stderr)
        self.assertTrue(sim.requests("campaigns.list"))

    def test_libcurl_is_loaded_only_by_commands_that_make_requests(self):
        # libcurl and the libraries it brings are loaded when a request is
        # first prepared: the loader's own account of what it loads says so.
        sim = self.start_sim()
        spec = self.write_json("spec.json", campaign("Loads_Curl"))

        def loads_curl(*args):
            r = self.cxsched(*args, env={"LD_DEBUG": "files"})
            return r, "file=libcurl.so" in r.stderr

        for args in (("validate", "--offline", spec), ("--help",), ("validate", "--help")):
            r, loaded = loads_curl(*args)
            self.assertEqual(r.returncode, 0, r.stderr[-2000:])
            self.assertFalse(loaded, args)
        r, loaded = loads_curl("validate", spec)
        self.assertEqual(r.returncode, 0, r.stdout)
        self.assertTrue(loaded)
        self.assertTrue(sim.requests("campaigns.list"))

    def test_the_heap_is_asked_for_in_huge_pages(self):
        # The program grows its heap once at start and advises that part
        # MADV_HUGEPAGE (app/main.cpp), so list pages' bodies and documents
        # fault in 2 MiB at a time: the kernel's account of the running
        # process (VmFlags "hg") says whether it did.
        if sanitized_build():
            self.skipTest("AddressSanitizer's allocator owns the heap")
        if not os.path.isdir("/sys/kernel/mm/transparent_hugepage"):
            self.skipTest("a kernel without transparent huge pages")
        self.start_sim("--endpoint-latency", "campaigns.list=3000")
        spec = self.write_json("spec.json", campaign("Huge_Heap"))
        with open(os.path.join(self.tmp, "stderr"), "w+") as err:
            proc = subprocess.Popen([_env_path("CXSCHED_BIN"), "validate", spec], env=self.env,
                                    stdout=subprocess.DEVNULL, stderr=err, cwd=self.tmp)
            self.addCleanup(proc.kill)

            def heap_flags():
                if proc.poll() is not None:
                    raise AssertionError("validate ended before its heap was advised")
                try:
                    with open(f"/proc/{proc.pid}/smaps") as f:
                        text = f.read()
                except OSError:
                    return None
                flags, in_heap = [], False
                for line in text.splitlines():
                    if line and line[0] in "0123456789abcdef" and "-" in line.split()[0]:
                        in_heap = line.rstrip().endswith("[heap]")
                    elif in_heap and line.startswith("VmFlags:"):
                        flags.append(line.split()[1:])
                return [f for f in flags if "hg" in f]

            advised = wait_for(heap_flags, timeout=30, message="a heap mapping advised 'hg'")
            self.assertTrue(advised)
            self.assertEqual(proc.wait(timeout=60), 0, err.seek(0) or err.read()[-2000:])

    def test_a_libcurl_that_cannot_be_loaded_is_said_so_and_offline_still_works(self):
        # libcurl hidden behind an empty file, in a mount namespace of the
        # test's own (root only, and where namespaces are allowed).
        lib = subprocess.run(["sh", "-c", "ldconfig -p | awk '/libcurl.so.4 / {print $NF; exit}'"],
                             capture_output=True, text=True).stdout.strip()
        probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
        if not lib or probe.returncode != 0:
            self.skipTest("needs a libcurl.so.4 in the loader cache and unshare -m")
        self.start_sim()
        spec = self.write_json("spec.json", campaign("No_Curl"))
        binary = os.environ["CXSCHED_BIN"]

        def run_without_curl(*args):
            script = 'mount --bind /dev/null "$0" && exec "$@"'
            return subprocess.run(["unshare", "-m", "sh", "-c", script, lib, binary, *args],
                                  capture_output=True, text=True, env=self.env, cwd=self.tmp,
                                  timeout=60)

        r = run_without_curl("validate", spec)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("libcurl (libcurl.so.4) could not be loaded: ", r.stderr)
        r = run_without_curl("validate", "--offline", spec)
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_spec_from_stdin(self):
        sim = self.start_sim()
        sim.seed_campaign(existing("c-blocker", "Blocker", status="SCHEDULED"))
        code, doc, err = self.validate_json("-", input=json.dumps(campaign("From_Stdin")))
        self.assertEqual(code, 4, err)
        self.assertEqual(doc["specs"][0]["source"], "-")
        self.assertEqual(doc["specs"][0]["name"], "From_Stdin")
        self.assertEqual(doc["conflicts"][0]["other"]["id"], "c-blocker")
        r = self.cxsched("validate", "-", "-", input="{}")
        self.assertEqual(r.returncode, 2, r.stderr)

    def test_two_specs_conflicting_with_each_other(self):
        self.start_sim()
        a = self.write_json("a.json", campaign("Morning_A",
                                               executionWindows=weekday_window("09:00", "12:00")))
        b = self.write_json("b.json", campaign("Morning_B",
                                               executionWindows=weekday_window("11:00", "13:00", ["FRI"])))
        code, doc, err = self.validate_json(a, b)
        self.assertEqual(code, 4, err)
        self.assertEqual(len(doc["conflicts"]), 1)
        c = doc["conflicts"][0]
        self.assertEqual(c["spec"], {"source": a, "name": "Morning_A"})
        self.assertEqual(c["other"], {"source": b, "name": "Morning_B"})
        self.assertEqual(c["firstOverlap"]["startUtc"], "2027-02-05T16:00:00Z")
        self.assertEqual(c["overlaps"], 4)
        self.assertEqual(c["overlapSeconds"], 4 * 3600)
        r = self.cxsched("validate", a, b)
        self.assertEqual(r.returncode, 4)
        self.assertIn("2 specs: 1 conflict (", r.stdout)

    def test_conflict_scope_queue_ignores_other_queues(self):
        sim = self.start_sim()
        sim.seed_campaign(existing("c-other-queue", "Other_Queue", routingSettings={
            "queueId": "queue_other", "skillRequirement": "compliance_agent",
            "overflowStrategy": "WRAPUP"}))
        spec = self.write_json("spec.json", campaign("Queue_Scoped"))
        code, doc, err = self.validate_json("--conflict-scope", "queue", spec)
        self.assertEqual(code, 0, err)
        self.assertEqual(doc["scope"], "queue")
        self.assertEqual(doc["conflicts"], [])
        code, doc, err = self.validate_json("--conflict-scope", "skill", spec)
        self.assertEqual(code, 4, err)
        code, doc, err = self.validate_json(spec)
        self.assertEqual(code, 4, err)
        self.assertEqual(doc["scope"], "all")
        r = self.cxsched("validate", "--conflict-scope", "team", spec)
        self.assertEqual(r.returncode, 2)

    def test_json_report_has_the_documented_keys(self):
        sim = self.start_sim()
        sim.seed_campaign(existing("c-block", "Block"))
        good = self.write_json("good.json", campaign("Keyed"))
        bad = self.write_json("bad.json", campaign("Keyed_Bad", timezone="Europe/Lodnon"))
        code, doc, err = self.validate_json(good, bad)
        self.assertEqual(code, 3, err)
        self.assertEqual(set(doc), TOP_KEYS)
        self.assertIs(doc["valid"], False)
        self.assertEqual(doc["checkedAgainst"], 1)
        for s in doc["specs"]:
            self.assertLessEqual({"source", "name", "valid", "problems"}, set(s))
        problem = doc["specs"][1]["problems"][0]
        self.assertEqual(set(problem), {"field", "value", "message"})
        self.assertEqual(problem["field"], "timezone")
        self.assertEqual(problem["value"], "Europe/Lodnon")
        self.assertIn("Europe/London", problem["message"])
        c = doc["conflicts"][0]
        self.assertEqual(set(c), {"spec", "other", "firstOverlap", "overlaps", "overlapSeconds"})
        self.assertEqual(set(c["firstOverlap"]), {"startUtc", "endUtc", "specLocal", "otherLocal"})
        self.assertEqual(set(c["firstOverlap"]["specLocal"]), {"start", "end"})

    def test_the_specs_own_campaign_is_not_a_conflict(self):
        sim = self.start_sim()
        spec_obj = campaign("Rerun_Me")
        sim.seed_campaign(existing("c-rerun", "Rerun_Me", status="SCHEDULED"))
        spec = self.write_json("spec.json", spec_obj)
        code, doc, err = self.validate_json(spec)
        self.assertEqual(code, 0, err)
        self.assertEqual(doc["specs"][0]["existingId"], "c-rerun")
        r = self.cxsched("validate", spec)
        self.assertEqual(r.returncode, 0)
        self.assertIn("exists as c-rerun", r.stdout)

    def test_unreadable_platform_campaign_is_a_warning(self):
        sim = self.start_sim()
        sim.seed_campaign(existing("c-broken", "Broken_Zone", timezone="Mars/Olympus_Mons"))
        spec = self.write_json("spec.json", campaign("Next_To_Broken"))
        code, doc, err = self.validate_json(spec)
        self.assertEqual(code, 0, err)
        self.assertEqual(len(doc["warnings"]), 1)
        self.assertIn("c-broken", doc["warnings"][0])
        self.assertIn("c-broken", err)

    def test_rejected_credentials_exit_5(self):
        sim = self.start_sim()
        self.use_sim(sim, secret="wrong-secret")
        spec = self.write_json("spec.json", campaign("No_Auth"))
        r = self.cxsched("validate", spec)
        self.assertEqual(r.returncode, 5, r.stderr)

    def test_unreadable_spec_file_is_a_usage_error(self):
        r = self.cxsched("validate", "--offline", os.path.join(self.tmp, "missing.json"))
        self.assertEqual(r.returncode, 2)
        self.assertIn("missing.json", r.stderr)


if __name__ == "__main__":
    unittest.main()
