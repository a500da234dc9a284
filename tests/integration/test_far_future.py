"""Zones after 2037 and what a zone is: the real cxsched and cxone-sim.

The system's zone files list explicit transitions up to 2037 and leave later
years to a POSIX TZ rule at their end; both the scheduler and the simulator
must apply it (each in its own code), or July 2040 in New York reads -05:00.
"""

import json
import unittest
import zoneinfo
from datetime import datetime

from harness import CliTestCase, Sim, campaign


def offset_text(zone, local):
    """The RFC 3339 offset of a local time in a zone, by Python's zoneinfo."""
    off = datetime.fromisoformat(local).replace(tzinfo=zoneinfo.ZoneInfo(zone)).utcoffset()
    minutes = int(off.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


# (zone, a summer and a winter local time of that zone after 2037)
ZONES = [
    ("America/New_York", "2040-07-02T09:00:00", "2071-01-05T09:00:00"),
    ("Europe/Berlin", "2040-07-02T09:00:00", "2099-12-01T09:00:00"),
    ("Australia/Sydney", "2045-01-10T09:00:00", "2045-07-10T09:00:00"),
    ("America/Santiago", "2050-01-10T09:00:00", "2050-07-10T09:00:00"),
]


class SimZonesAfter2037Test(unittest.TestCase):
    """The simulator's contract: startDate/endDate must carry the zone's offset."""

    @classmethod
    def setUpClass(cls):
        cls.sim = Sim()
        cls.token = cls.sim.token()

    @classmethod
    def tearDownClass(cls):
        cls.sim.cleanup()

    def post(self, name, zone, start, end):
        body = campaign(name, timezone=zone, startDate=start, endDate=end)
        return self.sim.http("POST", "/api/v2/campaigns", body=body, token=self.token)

    def test_the_zones_offset_is_accepted_and_the_other_refused(self):
        n = 0
        for zone, summer, winter in ZONES:
            for local in (summer, winter):
                with self.subTest(zone=zone, local=local):
                    right = offset_text(zone, local)
                    day = local[:10]
                    start = f"{day}T08:00:00{offset_text(zone, day + 'T08:00:00')}"
                    end = local + right
                    n += 1
                    ok = self.post(f"Far_{n}", zone, start, end)
                    self.assertEqual(ok.status, 201, ok.text)
                    wrong_h = int(right[:3]) + (-1 if right.startswith("-") else 1)
                    wrong = f"{'-' if wrong_h < 0 else '+'}{abs(wrong_h):02d}{right[3:]}"
                    bad = self.post(f"Far_bad_{n}", zone, start, local + wrong)
                    self.assertEqual(bad.status, 400, bad.text)
                    self.assertIn("endDate", bad.text)

    def test_new_york_july_2040_is_minus_four(self):
        ok = self.post("NY_2040", "America/New_York", "2040-07-02T08:00:00-04:00",
                       "2040-07-02T21:00:00-04:00")
        self.assertEqual(ok.status, 201, ok.text)
        bad = self.post("NY_2040_bad", "America/New_York", "2040-07-03T08:00:00-05:00",
                        "2040-07-03T21:00:00-05:00")
        self.assertEqual(bad.status, 400, bad.text)

    def test_localtime_is_not_a_zone(self):
        r = self.post("Local", "localtime", "2027-02-01T08:00:00Z", "2027-02-26T18:00:00Z")
        self.assertEqual(r.status, 400, r.text)
        self.assertIn("timezone", r.text)


class CliZonesAfter2037Test(CliTestCase):
    def test_local_times_in_2040_are_sent_with_the_daylight_offset(self):
        self.start_sim()
        spec = campaign("Summer_2040", startDate="2040-07-02T08:00", endDate="2040-07-27T21:00",
                        executionWindows=[{"days": ["MON", "TUE", "WED", "THU", "FRI"],
                                           "start": "09:00", "end": "21:00"}])
        r = self.cxsched("create", self.write_json("s.json", spec), "-o", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        stored = [c for c in self.sim.campaigns() if c["name"] == "Summer_2040"]
        self.assertEqual(len(stored), 1)
        self.assertEqual(stored[0]["startDate"], "2040-07-02T08:00:00-04:00")
        self.assertEqual(stored[0]["endDate"], "2040-07-27T21:00:00-04:00")

    def test_a_gap_in_2040_is_refused_like_one_in_2027(self):
        spec = campaign("Gap_2040", startDate="2040-03-11T02:30", endDate="2040-03-30T18:00")
        r = self.cxsched("validate", self.write_json("g.json", spec), "--offline")
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn("does not exist", r.stdout + r.stderr)

    def test_localtime_and_other_host_names_are_refused(self):
        for name in ("localtime", "posixrules", "Factory"):
            with self.subTest(zone=name):
                spec = campaign("Host_Zone", timezone=name, startDate="2027-02-01T08:00",
                                endDate="2027-02-26T18:00")
                r = self.cxsched("validate", self.write_json(f"{name}.json", spec), "--offline",
                                 "-o", "json")
                self.assertEqual(r.returncode, 3, r.stderr)
                self.assertIn("not an IANA time zone", r.stdout)  # the JSON report

    def test_a_span_without_windows_through_the_nights_breaks_the_calling_hours(self):
        spec = campaign("Nights", startDate="2027-03-01T09:00", endDate="2027-03-05T17:00",
                        executionWindows=None)
        path = self.write_json("n.json", spec)
        r = self.cxsched("validate", path, "--offline")
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn("executionWindows", r.stdout + r.stderr)
        self.assertIn("08:00-21:00", r.stdout + r.stderr)
        r = self.cxsched("validate", path, "--offline", "--allow-outside-calling-hours")
        self.assertEqual(r.returncode, 0, r.stderr)
        day = campaign("One_Day", startDate="2027-03-01T09:00", endDate="2027-03-01T17:00",
                       executionWindows=None)
        r = self.cxsched("validate", self.write_json("d.json", day), "--offline")
        self.assertEqual(r.returncode, 0, r.stderr)


if __name__ == "__main__":
    unittest.main()
