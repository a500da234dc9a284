"""The acd adapter (acd::AcdPlatform over libcurl) against `cxone-sim
--platform acd`, run through tests/tools/acd_probe: one adapter call per run,
checked through the simulator's request log and state. Each shape the
contract allows is served by a simulator switch and read by the same client
code, so the simulator cannot simply mirror the client."""

import datetime
import json
import os
import shutil
import subprocess
import tempfile
import unittest

from acd_harness import AcdSim, pc_spec as spec
from harness import SimTestCase, _env_path


def parse_time(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


class AdapterTestCase(SimTestCase):
    sim_class = AcdSim

    def setUp(self):
        super().setUp()
        self.tmp = tempfile.mkdtemp(prefix="acd-adapter-")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def probe(self, sim, *args, base="-", env=None):
        """Runs acd_probe against sim; (exit code, parsed JSON)."""
        run_env = dict(os.environ)
        run_env.update(env or {})
        base_url = sim.base_url if base == "sim" else base
        r = subprocess.run([_env_path("ACD_PROBE_BIN"), sim.base_url, base_url, "demo-client",
                            "demo-secret", os.path.join(self.tmp, "cache"), *map(str, args)],
                           capture_output=True, text=True, timeout=120, env=run_env)
        self.assertEqual(r.stderr, "")
        return r.returncode, json.loads(r.stdout)

    def spec_file(self, doc, name="spec.json"):
        path = os.path.join(self.tmp, name)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f)
        return path

    def skills(self, sim):
        """The Personal Connection skills of the simulator (it also holds others)."""
        return [s for s in sim.admin("GET", "/_sim/skills")["skills"]
                if s.get("outboundStrategy") == "Personal Connection"]

    def created(self, sim, doc=None):
        code, out = self.probe(sim, "create", self.spec_file(doc or spec()))
        self.assertEqual(code, 0, out)
        return out


class DiscoveryAndZoneTest(AdapterTestCase):
    def test_the_api_is_discovered_and_the_windows_zone_resolved(self):
        sim = self.start()
        code, out = self.probe(sim, "identity")
        self.assertEqual(code, 0, out)
        self.assertEqual(out["endpoint"], sim.base_url + "/inContactAPI/services/v30.0")
        self.assertTrue(out["facts"]["API"].startswith("discovered for tenant"))
        self.assertIn("America/New_York (Windows zone 'Eastern Standard Time'", out["facts"]["zone"])
        self.assertEqual([e["endpoint"] for e in sim.requests()],
                         ["token", "discovery", "business-unit"])
        # The next run reads the cached token.
        code, out = self.probe(sim, "identity", base="sim")
        self.assertTrue(out["fromCache"])
        self.assertEqual(len(sim.requests("token")), 1)

    def test_an_unknown_zone_name_is_refused_naming_the_config_key(self):
        sim = self.start("--acd-bu-zone", "Mars Standard Time")
        code, out = self.probe(sim, "identity", base="sim")
        self.assertEqual(code, 1)
        self.assertEqual(out["error"], "usage")
        self.assertIn("acd.business_unit_zone", out["message"])
        code, out = self.probe(sim, "identity", base="sim", env={"ACD_PROBE_ZONE": "Europe/London"})
        self.assertEqual(code, 0, out)
        self.assertIn("Europe/London", out["facts"]["zone"])


class CreateTest(AdapterTestCase):
    def test_create_writes_the_skill_and_its_blocks_and_a_rerun_finds_it(self):
        sim = self.start()
        made = self.created(sim)
        self.assertEqual(made["how"], "made")
        campaign = made["campaign"]
        # business-unit, list, campaigns, POST, 3 blocks read and written, the
        # skill and 2 blocks read back, the notes, its parameters (cadences and
        # curfew, for the warnings), the skill and its schedule
        self.assertEqual(made["apiRequests"], 17)
        self.assertEqual(len(sim.requests("parameters.all")), 1)
        self.assertEqual(campaign["status"], "DRAFT")
        skills = self.skills(sim)
        self.assertEqual(len(skills), 1)
        self.assertEqual(skills[0]["skillName"], "Spring_Renewals_East")
        self.assertEqual(skills[0]["schedule"]["mondayStartTime"][:5], "09:00")
        self.assertFalse(skills[0]["schedule"]["isScheduled"])
        again = self.created(sim)
        self.assertEqual(again["how"], "found_existing")
        self.assertEqual(again["campaign"]["id"], campaign["id"])
        self.assertEqual(len(self.skills(sim)), 1)
        self.assertEqual(len(sim.requests("skills.create")), 1)
        code, out = self.probe(sim, "compare", campaign["id"], self.spec_file(spec()), base="sim")
        self.assertEqual((code, out["differences"]), (0, []))
        other = spec(windows=[{"days": ["MON"], "start": "10:00", "end": "12:00"}])
        code, out = self.probe(sim, "compare", campaign["id"], self.spec_file(other), base="sim")
        self.assertIn("schedule-settings monday: platform 09:00-17:00, spec 10:00-12:00",
                      out["differences"])
        self.assertIn("schedule-settings tuesday: platform 09:00-17:00, spec inactive",
                      out["differences"])

    def test_without_skill_id_a_lagging_new_skill_is_found_by_name(self):
        sim = self.start("--acd-create-no-skill-id", "--acd-create-result-set",
                         "--acd-list-lag-ms", "2000")
        made = self.created(sim)
        self.assertEqual(made["how"], "made")
        self.assertEqual(made["campaign"]["id"], str(self.skills(sim)[0]["skillId"]))
        self.assertEqual(len(sim.requests("skills.create")), 1)
        self.assertGreaterEqual(len(sim.requests("skills.list")), 3)  # before, absent, found

    def test_a_per_item_failure_is_a_rejection_with_the_platform_error(self):
        sim = self.start()
        sim.fault(endpoint="skills.create.result", error="Skill setup failed. Skill cannot be "
                  "marked active")
        code, out = self.probe(sim, "create", self.spec_file(spec()))
        self.assertEqual(code, 1)
        self.assertEqual(out["error"], "invalid_spec")
        self.assertIn("Skill setup failed", out["message"])
        self.assertEqual(self.skills(sim), [])
        self.assertEqual(len(sim.requests("skills.create")), 1)

    def test_a_lost_answer_is_looked_up_not_posted_again(self):
        sim = self.start()
        sim.fault(endpoint="skills.create", status=502, commit=True)
        made = self.created(sim)
        self.assertEqual(made["how"], "found_after_write")
        self.assertEqual(len(self.skills(sim)), 1)
        self.assertEqual(len(sim.requests("skills.create")), 1)

    def test_a_rerun_completes_a_half_written_skill(self):
        sim = self.start()
        sim.fault(endpoint="parameters.put", status=400)
        code, out = self.probe(sim, "create", self.spec_file(spec()))
        self.assertEqual((code, out["error"]), (1, "invalid_spec"), out)
        skill = self.skills(sim)[0]
        self.assertIn(f"was created (id {skill['skillId']}) but not completed", out["message"])
        self.assertIn("step retry-settings", out["message"])
        self.assertIn("cxsched:incomplete", skill["notes"])
        made = self.created(sim)
        self.assertEqual(made["how"], "found_after_write")
        self.assertEqual(made["campaign"]["id"], str(skill["skillId"]))
        self.assertEqual(len(self.skills(sim)), 1)
        self.assertEqual(len(sim.requests("skills.create")), 1)
        self.assertNotIn("cxsched:incomplete", self.skills(sim)[0]["notes"])
        code, out = self.probe(sim, "compare", skill["skillId"], self.spec_file(spec()), base="sim")
        self.assertEqual((code, out["differences"]), (0, []))
        self.assertEqual(self.created(sim)["how"], "found_existing")

    def test_a_put_that_resets_unnamed_fields_keeps_the_others(self):
        # The blocks are read, changed and written back whole: a platform
        # whose PUT replaces the block loses nothing.
        sim = self.start("--acd-put-replaces")
        made = self.created(sim)
        code, out = self.probe(sim, "compare", made["campaign"]["id"], self.spec_file(spec()),
                               base="sim")
        self.assertEqual((code, out["differences"]), (0, []))

    def test_a_tenant_refusing_idle_days_stops_create_naming_the_skill(self):
        sim = self.start("--acd-refuse-idle-days")
        code, out = self.probe(sim, "create", self.spec_file(spec()))
        self.assertEqual(code, 1)
        self.assertEqual(out["error"], "invalid_spec")
        skill = self.skills(sim)[0]
        self.assertIn(f"(id {skill['skillId']})", out["message"])
        self.assertIn("step schedule-settings", out["message"])
        self.assertIn("seven active days", out["message"])
        self.assertIn("InvalidParameter", out["message"])


class ShapesTest(AdapterTestCase):
    def test_lists_read_every_page_whatever_the_next_link_and_number_types(self):
        for switches in (["--acd-next-link", "url"], ["--acd-next-link", "path"],
                         ["--acd-next-link", "none", "--acd-numbers-as-strings"]):
            with self.subTest(switches=switches):
                sim = self.start("--campaigns", "230", *switches)
                code, out = self.probe(sim, "list", base="sim")
                self.assertEqual(code, 0, out)
                self.assertEqual(len(out["campaigns"]), 230)
                self.assertEqual(len({c["id"] for c in out["campaigns"]}), 230)
                self.assertEqual(out["pages"], 3)
                queries = [e["query"] for e in sim.requests("skills.list")]
                self.assertTrue(all("mediaTypeId=4" in q for q in queries), queries)

    def test_one_skill_flat_or_wrapped(self):
        for switches in ([], ["--acd-skill-wrapped"], ["--acd-times-with-seconds"]):
            with self.subTest(switches=switches):
                sim = self.start(*switches)
                made = self.created(sim)
                code, out = self.probe(sim, "get", made["campaign"]["id"], base="sim")
                self.assertEqual(code, 0, out)
                self.assertEqual(out["campaign"]["name"], "Spring_Renewals_East")
                sched = out["campaign"]["object"]["scheduleSettings"]
                self.assertEqual(sched["mondayStartTime"], "09:00")

    def test_report_rows_under_either_key_one_day_per_request(self):
        totals = []
        # One stretch for both keys: asked for separately, a stretch whose
        # start crossed a quarter hour between the two would read other rows.
        created = (datetime.datetime.now(datetime.timezone.utc)
                   - datetime.timedelta(days=2)).replace(microsecond=0)
        for key in ("wfM_OB_StatsV9", "outboundStats"):
            with self.subTest(key=key):
                sim = self.start("--acd-report-key", key)
                sim.admin("POST", "/_sim/skills", {
                    "skillName": "Runner", "mediaTypeId": 4, "isOutbound": True,
                    "outboundStrategy": "Personal Connection", "isRunning": True, "campaignId": 1,
                    "createdAt": created.isoformat().replace("+00:00", "Z")})
                skill = self.skills(sim)[0]["skillId"]
                end = created + datetime.timedelta(days=1, hours=12)
                code, out = self.probe(sim, "rows", skill,
                                       created.isoformat().replace("+00:00", "Z"),
                                       end.isoformat().replace("+00:00", "Z"), base="sim")
                self.assertEqual(code, 0, out)
                self.assertEqual(out["grid"], "PT15M")
                days = len(sim.requests("reporting.dialer-contacts"))
                self.assertEqual(out["queries"], days)
                self.assertIn(days, (2, 3))
                self.assertTrue(all(q["query"].count("Z") == 2 and "mediaTypeId=4" in q["query"]
                                    for q in sim.requests("reporting.dialer-contacts")))
                self.assertGreater(len(out["rows"]), 0)
                totals.append(sum(r["attempted"] for r in out["rows"]))
        self.assertEqual(totals[0], totals[1])


class RateLimitAndTokenTest(AdapterTestCase):
    def test_429_without_retry_after_is_backed_off_two_seconds(self):
        sim = self.start()
        sim.fault(endpoint="skills.list", status=429)
        code, out = self.probe(sim, "list", base="sim")
        self.assertEqual(code, 0, out)
        log = sim.requests("skills.list")
        self.assertEqual([e["status"] for e in log], [429, 200])
        self.assertIsNone(log[0].get("retryAfter"))
        gap = parse_time(log[1]["time"]) - parse_time(log[0]["time"])
        self.assertGreaterEqual(gap, datetime.timedelta(seconds=1.9))

    def test_a_revoked_token_means_one_new_sign_in(self):
        sim = self.start()
        self.assertEqual(self.probe(sim, "list", base="sim")[0], 0)
        sim.admin("POST", "/_sim/tokens/revoke", {})
        code, out = self.probe(sim, "list", base="sim")
        self.assertEqual(code, 0, out)
        self.assertEqual(len(sim.requests("token")), 2)
        statuses = [(e["endpoint"], e["status"]) for e in sim.requests()
                    if e["endpoint"] != "token"]
        self.assertEqual(sum(1 for _, status in statuses if status == 401), 1, statuses)


class ActivateTest(AdapterTestCase):
    def zone_with_daytime(self):
        """A fixed-offset IANA zone where it is now between 10:00 and 18:00, and its time."""
        now = datetime.datetime.now(datetime.timezone.utc)
        for hours in range(-12, 13):
            local = now + datetime.timedelta(hours=hours)
            if 10 <= local.hour < 18 and local.minute < 50:
                name = "Etc/GMT" + ("-" if hours > 0 else "+") + str(abs(hours)) if hours else "Etc/UTC"
                return name, local, hours
        self.skipTest("no zone has daytime now")

    def test_activate_arms_the_schedule_and_starts_inside_a_window(self):
        zone, local, offset = self.zone_with_daytime()
        day = local.strftime("%a").upper()[:3]
        other = "SUN" if day != "SUN" else "MON"
        sign = "+" if offset >= 0 else "-"
        off = f"{sign}{abs(offset):02d}:00"
        start = (local - datetime.timedelta(days=1)).strftime("%Y-%m-%dT08:00:00") + off
        end = (local + datetime.timedelta(days=20)).strftime("%Y-%m-%dT21:00:00") + off
        for window_day, expect in ((other, "SCHEDULED"), (day, "started")):
            with self.subTest(day=window_day):
                sim = self.start("--acd-bu-zone", zone, "--activation-delay-ms", "0")
                made = self.created(sim, spec(name="Now_" + window_day, tz=zone, start=start,
                                              end=end, windows=[{"days": [window_day],
                                                                 "start": "09:00",
                                                                 "end": "20:00"}]))
                skill = made["campaign"]["id"]
                code, out = self.probe(sim, "activate", skill, base="sim")
                self.assertEqual((code, out.get("activation")), (0, "accepted"), out)
                starts = sim.requests("skills.start")
                self.assertEqual(len(starts), 0 if expect == "SCHEDULED" else 1)
                code, out = self.probe(sim, "get", skill, base="sim")
                self.assertIn(out["campaign"]["status"],
                              ["SCHEDULED"] if expect == "SCHEDULED" else ["ACTIVE"])
                code, out = self.probe(sim, "activate", skill, base="sim")
                self.assertEqual(out.get("activation"), "already_active", out)

    def test_activate_follows_the_platform_clock_and_says_its_skew(self):
        sim = self.start("--acd-clock-skew-s", "-7200")
        made = self.created(sim, spec(start="2026-01-05T08:00:00-05:00",
                                      end="2030-01-05T08:00:00-05:00"))
        code, out = self.probe(sim, "activate", made["campaign"]["id"], base="sim")
        self.assertEqual(code, 0, out)
        self.assertEqual(len(out["warnings"]), 1, out)
        self.assertIn("7200 s behind this machine's", out["warnings"][0])
        self.assertEqual(len(sim.requests("server-time")), 1)

    def test_activate_before_start_date_is_refused(self):
        sim = self.start()
        made = self.created(sim)  # starts in 2027
        code, out = self.probe(sim, "activate", made["campaign"]["id"], base="sim")
        self.assertEqual((code, out["error"]), (1, "terminal_status"))
        self.assertIn("before its startDate", out["message"])


if __name__ == "__main__":
    unittest.main()
