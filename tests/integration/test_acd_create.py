"""`cxsched create --platform acd` through the real binary against
`cxone-sim --platform acd`: dry run, create and its re-run, --activate
--wait, the platform's refusals (a per-item failure, a tenant that refuses
idle days), and each answer shape the simulator serves by a switch."""

import datetime
import unittest

from acd_harness import AcdCliTestCase, pc_spec


def current_spec(name, days, zone="America/New_York"):
    """A spec that started yesterday and runs a month, windows on `days`."""
    now = datetime.datetime.now(datetime.timezone.utc)
    # New York is on standard time (-05:00) from November to March.
    start = (now - datetime.timedelta(days=1)).strftime("%Y-%m-%dT08:00:00-05:00")
    end = (now + datetime.timedelta(days=30)).strftime("%Y-%m-%dT20:00:00-05:00")
    return pc_spec(name=name, tz=zone, start=start, end=end,
                   windows=[{"days": days, "start": "09:00", "end": "17:00"}])


def other_days():
    """Every weekday but today's (in New York and in UTC), so no window is open now."""
    names = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"]
    now = datetime.datetime.now(datetime.timezone.utc)
    today = {names[now.weekday()], names[(now - datetime.timedelta(hours=5)).weekday()]}
    return [d for d in names if d not in today]


class DryRunAndCreateTest(AcdCliTestCase):
    def test_a_dry_run_reads_and_writes_nothing(self):
        self.start_acd()
        doc = self.json_of(self.cxsched("create", self.write_json("s.json", pc_spec()),
                                        "--dry-run", "-o", "json"))
        result = doc["results"][0]
        self.assertEqual(result["outcome"], "would-create", doc)
        self.assertIn("scheduleSettings", str(result["payload"]))
        writes = [e for e in self.sim.requests()
                  if e["endpoint"] in ("skills.create", "parameters.put", "skills.update",
                                       "skills.start")]
        self.assertEqual(writes, [])
        r = self.cxsched("create", self.write_json("s.json", pc_spec()), "--dry-run")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("America/New_York", r.stdout + r.stderr)
        self.assertIn("not applied: routingSettings.queueId", r.stdout)
        self.assertIn("not applied: campaignType", r.stdout)

    def test_create_then_a_rerun_leaves_one_skill(self):
        self.start_acd()
        path = self.write_json("s.json", pc_spec())
        first = self.json_of(self.cxsched("create", path, "-o", "json"))["results"][0]
        self.assertEqual(first["outcome"], "created", first)
        second = self.json_of(self.cxsched("create", path, "-o", "json"))["results"][0]
        self.assertEqual((second["outcome"], second["id"]), ("exists", first["id"]), second)
        skills = self.pc_skills()
        self.assertEqual([str(s["skillId"]) for s in skills], [first["id"]])
        self.assertEqual(len(self.sim.requests("skills.create")), 1)

    def test_a_rerun_with_another_definition_is_a_conflict(self):
        self.start_acd()
        self.json_of(self.cxsched("create", self.write_json("s.json", pc_spec()), "-o", "json"))
        changed = pc_spec(dialerSettings={"maxAttempts": 5, "retryInterval": 3600,
                                          "dropRate": 0.02})
        doc = self.json_of(self.cxsched("create", self.write_json("t.json", changed), "-o",
                                        "json"), code=4)
        self.assertEqual(doc["results"][0]["outcome"], "differs", doc)
        self.assertEqual(len(self.pc_skills()), 1)


class ActivateWaitTest(AcdCliTestCase):
    # An armed skill outside its windows is activated at SCHEDULED.
    def test_create_activate_wait_arms_the_schedule(self):
        self.start_acd()
        self.sim.clear_requests()
        doc = self.json_of(self.cxsched(
            "create", self.write_json("s.json", current_spec("Armed_Now", other_days())),
            "--activate", "--wait", "--timeout", "60s", "-o", "json"))
        result = doc["results"][0]
        self.assertEqual(result["outcome"], "created", doc)
        self.assertEqual(result["watch"]["outcome"], "reached", result)
        self.assertEqual(result["status"], "SCHEDULED", result)
        skill = self.pc_skills()[0]
        self.assertTrue(skill["schedule"]["isScheduled"], skill)
        self.assertEqual(self.sim.requests("skills.start"), [])
        # The figure of the report: every request of one create --activate --wait.
        log = self.sim.requests()
        counts = {}
        for e in log:
            counts[e["endpoint"]] = counts.get(e["endpoint"], 0) + 1
        print(f"\ncreate --activate --wait on acd: {len(log)} requests {sorted(counts.items())}")


class RefusalTest(AcdCliTestCase):
    def test_a_per_item_failure_is_the_platforms_message_and_nothing_more(self):
        self.start_acd()
        self.sim.fault(endpoint="skills.create.result",
                       error="Skill setup failed. Skill cannot be marked active")
        doc = self.json_of(self.cxsched("create", self.write_json("s.json", pc_spec()), "-o",
                                        "json"), code=3)
        result = doc["results"][0]
        self.assertEqual((result["outcome"], result["error"]["kind"]), ("invalid", "invalid_spec"),
                         doc)
        self.assertIn("Skill setup failed. Skill cannot be marked active",
                      result["error"]["message"])
        self.assertEqual(self.pc_skills(), [])
        self.assertEqual(len(self.sim.requests("skills.create")), 1)
        self.assertEqual(self.sim.requests("parameters.put"), [])

    def test_a_tenant_refusing_idle_days_stops_naming_the_half_written_skill(self):
        self.start_acd("--acd-refuse-idle-days")
        path = self.write_json("s.json", pc_spec())  # Monday to Friday
        r = self.cxsched("create", path, "-o", "json")
        doc = self.json_of(r, code=3)
        message = doc["results"][0]["error"]["message"]
        skill = self.pc_skills()[0]
        self.assertIn(f"(id {skill['skillId']})", message)
        self.assertIn("step schedule-settings", message)
        self.assertIn("InvalidParameter", message)
        self.assertIn("seven active days", message)
        self.assertIn(str(skill["skillId"]), r.stderr)
        # A re-run meets the same refusal and still leaves one skill.
        r = self.cxsched("create", path, "-o", "json")
        self.assertNotEqual(r.returncode, 0, r.stdout)
        self.assertEqual(len(self.pc_skills()), 1)


class ShapesTest(AcdCliTestCase):
    """The same create, re-run and list against every answer shape the
    contract allows, each served by a simulator switch."""

    SWITCHES = [
        ["--acd-create-no-skill-id", "--acd-list-lag-ms", "1500"],
        ["--acd-create-result-set"],
        ["--acd-create-result-set", "--acd-create-no-skill-id"],
        ["--acd-skill-wrapped"],
        ["--acd-numbers-as-strings"],
        ["--acd-next-link", "path", "--max-page-size", "1"],
        ["--acd-next-link", "none", "--max-page-size", "1"],
        ["--acd-times-with-seconds"],
        ["--acd-put-replaces"],
        ["--acd-campaign-keys", "id"],
    ]

    def test_every_shape(self):
        for switches in self.SWITCHES:
            with self.subTest(switches=switches):
                self.start_acd(*switches, "--campaigns", "2")
                path = self.write_json("s.json", pc_spec())
                first = self.json_of(self.cxsched("create", path, "-o", "json"))["results"][0]
                self.assertEqual(first["outcome"], "created", first)
                again = self.json_of(self.cxsched("create", path, "-o", "json"))["results"][0]
                self.assertEqual((again["outcome"], again["id"]), ("exists", first["id"]), again)
                listed = self.json_of(self.cxsched("list", "-o", "json"))
                names = sorted(c["skillName"] for c in listed["campaigns"])
                self.assertEqual(names, ["Seed_Skill_0001", "Seed_Skill_0002",
                                         "Spring_Renewals_East"], listed)
                self.assertEqual(len(self.sim.requests("skills.create")), 1)


if __name__ == "__main__":
    unittest.main()
