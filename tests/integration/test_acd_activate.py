"""`cxsched activate` and `cxsched watch` with --platform acd through the real
binary: activation arms the schedule (isScheduled) and starts the skill only
when a window is open now; --wait succeeds at SCHEDULED or ACTIVE; watch
follows the derived status."""

import datetime
import unittest

from acd_harness import AcdCliTestCase, pc_spec


def daytime_zone():
    """The fixed-offset zone where it is now nearest 13:00: (zone, local now, offset).

    Etc/GMT-12 to Etc/GMT+12 span 25 hours, so one of them always has a local
    hour from 12 to 14, hours away from the 09:00-20:00 windows the tests
    write: the test runs the same at any time of day."""
    now = datetime.datetime.now(datetime.timezone.utc)
    hours = min(range(-12, 13),
                key=lambda h: abs((now + datetime.timedelta(hours=h)).hour - 13))
    local = now + datetime.timedelta(hours=hours)
    if hours == 0:
        return "Etc/UTC", local, 0
    return "Etc/GMT" + ("-" if hours > 0 else "+") + str(abs(hours)), local, hours


class ActivateTest(AcdCliTestCase):
    def create(self, window_day, zone, local, offset, name):
        off = f"{'+' if offset >= 0 else '-'}{abs(offset):02d}:00"
        start = (local - datetime.timedelta(days=1)).strftime("%Y-%m-%dT08:00:00") + off
        end = (local + datetime.timedelta(days=20)).strftime("%Y-%m-%dT21:00:00") + off
        doc = pc_spec(name=name, tz=zone, start=start, end=end,
                      windows=[{"days": [window_day], "start": "09:00", "end": "20:00"}])
        out = self.json_of(self.cxsched("create", self.write_json(name + ".json", doc), "-o",
                                        "json"))
        return out["results"][0]["id"]

    def setUp(self):
        super().setUp()
        self.zone, self.local, self.offset = daytime_zone()
        self.today = self.local.strftime("%a").upper()[:3]
        self.other = "SUN" if self.today != "SUN" else "MON"

    # --wait: an armed skill outside its windows is activated at SCHEDULED.
    def test_outside_its_windows_a_skill_is_armed_not_started(self):
        self.start_acd("--acd-bu-zone", self.zone, "--activation-delay-ms", "0")
        skill = self.create(self.other, self.zone, self.local, self.offset, "Later_Days")
        doc = self.json_of(self.cxsched("activate", skill, "--wait", "--timeout", "30s",
                                        "-o", "json"))
        result = doc["results"][0]
        self.assertEqual(result["result"], "accepted", doc)
        self.assertEqual((result["watch"]["status"], result["watch"]["outcome"]),
                         ("SCHEDULED", "reached"), doc)
        self.assertEqual(doc["exitCode"], 0, doc)
        self.assertEqual(self.sim.requests("skills.start"), [])
        # Activating again is success, and changes nothing.
        doc = self.json_of(self.cxsched("activate", skill, "-o", "json"))
        self.assertEqual(doc["results"][0]["result"], "already-active", doc)
        r = self.cxsched("watch", skill, "--for", "SCHEDULED", "--interval", "200ms",
                         "--timeout", "30s", "-o", "json")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn('"reached"', r.stdout)

    def test_inside_a_window_the_skill_is_started_and_watched_to_active(self):
        self.start_acd("--acd-bu-zone", self.zone, "--activation-delay-ms", "1500")
        skill = self.create(self.today, self.zone, self.local, self.offset, "Open_Now")
        doc = self.json_of(self.cxsched("activate", skill, "-o", "json"))
        self.assertEqual(doc["results"][0]["result"], "accepted", doc)
        self.assertEqual(len(self.sim.requests("skills.start")), 1)
        r = self.cxsched("watch", skill, "--for", "ACTIVE", "--interval", "200ms", "--timeout",
                         "30s", "-o", "json")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn('"reached"', r.stdout)
        r = self.cxsched("list", "--status", "ACTIVE", "-o", "json")
        self.assertEqual([str(c["skillId"]) for c in self.json_of(r)["campaigns"]], [skill])

    def test_before_its_start_date_activation_is_refused(self):
        self.start_acd()
        doc = self.json_of(self.cxsched("create", self.write_json("s.json", pc_spec()), "-o",
                                        "json"))
        skill = doc["results"][0]["id"]
        r = self.cxsched("activate", skill)
        self.assertEqual(r.returncode, 7, r.stderr)
        self.assertEqual(self.sim.requests("skills.start"), [])

    def test_an_unknown_skill_is_not_found(self):
        self.start_acd()
        self.assertEqual(self.cxsched("activate", "424242").returncode, 6)
        self.assertEqual(self.cxsched("activate", "c-not-a-skill").returncode, 6)


if __name__ == "__main__":
    unittest.main()
