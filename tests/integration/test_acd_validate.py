"""`cxsched validate --platform acd` through the real binary against
`cxone-sim --platform acd`: the business unit's zone (a Windows name resolved
through CLDR, an unknown one refused naming the config key), what a skill
cannot hold refused before any write, and conflicts with scheduled Personal
Connection skills, whose windows are read in the business unit's zone."""

import unittest

from acd_harness import AcdCliTestCase, pc_spec, week


class ZoneTest(AcdCliTestCase):
    def test_a_windows_zone_name_is_resolved_and_said(self):
        self.start_acd("--acd-bu-zone", "Eastern Standard Time")
        doc = self.json_of(self.cxsched("validate", self.write_json("s.json", pc_spec()),
                                        "-o", "json"))
        self.assertEqual(doc["verdict"], "ok", doc)
        r = self.cxsched("auth", "status")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("America/New_York (Windows zone 'Eastern Standard Time'", r.stdout)

    def test_an_unknown_zone_name_is_refused_naming_the_config_key(self):
        self.start_acd("--acd-bu-zone", "Mars Standard Time")
        r = self.cxsched("validate", self.write_json("s.json", pc_spec()))
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertIn("Mars Standard Time", r.stderr)
        self.assertIn("acd.business_unit_zone", r.stderr)
        self.assertEqual(self.sim.requests("skills.create"), [])

    def test_the_configured_zone_then_resolves_it(self):
        self.start_acd("--acd-bu-zone", "Mars Standard Time")
        config = self.write_json("unused.json", {})
        toml = config.replace("unused.json", "config.toml")
        with open(toml, "w", encoding="utf-8") as f:
            f.write('[default]\nacd.business_unit_zone = "America/New_York"\n')
        doc = self.json_of(self.cxsched("validate", self.write_json("s.json", pc_spec()),
                                        "--config", toml, "-o", "json"))
        self.assertEqual(doc["verdict"], "ok", doc)


class RefusalTest(AcdCliTestCase):
    def test_what_a_skill_cannot_hold_is_refused_naming_the_field(self):
        self.start_acd()
        cases = [
            (pc_spec(name="A_Name_Much_Longer_Than_Thirty_Chars"), "name"),
            (pc_spec(excludeDates=["2027-04-12"]), "excludeDates"),
            (pc_spec(windows=[{"days": ["MON"], "start": "09:00", "end": "11:00"},
                              {"days": ["MON"], "start": "13:00", "end": "17:00"}]),
             "executionWindows"),
            # New York windows in a London business unit would move by an hour.
            (pc_spec(start="2027-03-01T08:00:00-05:00", end="2027-04-30T21:00:00-04:00"), None),
        ]
        for doc, field in cases[:3]:
            with self.subTest(field=field):
                out = self.json_of(self.cxsched("validate", self.write_json("s.json", doc),
                                                "-o", "json"), code=3)
                self.assertEqual(out["verdict"], "invalid")
                fields = [p["field"] for s in out["specs"] for p in s["problems"]]
                self.assertTrue(any(f.startswith(field) for f in fields), out)
        self.assertEqual(self.sim.requests("skills.create"), [])
        self.assertEqual(self.sim.requests("parameters.put"), [])

    def test_a_zone_whose_offset_moves_against_the_business_unit_is_refused(self):
        self.start_acd("--acd-bu-zone", "GMT Standard Time")  # Europe/London
        out = self.json_of(self.cxsched(
            "validate", self.write_json("s.json", pc_spec(start="2027-03-01T08:00:00-05:00",
                                                          end="2027-04-30T21:00:00-04:00")),
            "-o", "json"), code=3)
        messages = " ".join(p["field"] + " " + p["message"] for s in out["specs"]
                            for p in s["problems"])
        self.assertIn("timezone ", messages)
        self.assertIn("offset of America/New_York from it changes", messages)


class DstConflictTest(AcdCliTestCase):
    """A fixed-offset spec (Bogota, UTC-5 all year) meets a skill scheduled
    Mondays 12:30-14:00 in New York only once New York is on daylight time:
    10:00-12:00 in Bogota is 11:00-13:00 in New York after the March change,
    10:00-12:00 before it."""

    def setUp(self):
        super().setUp()
        self.start_acd()  # the business unit is in Eastern Standard Time
        self.skill = self.seed_skill(
            "Existing_Noon", week({"monday": ("12:30", "14:00")}),
            notes="cxsched:v1 start=2027-01-04T08:00:00-05:00 end=2027-06-30T21:00:00-04:00 "
                  "tz=America/New_York")

    def bogota(self, start, end):
        return pc_spec(name="Bogota_Mondays", tz="America/Bogota", start=start, end=end,
                       windows=[{"days": ["MON"], "start": "10:00", "end": "12:00"}])

    def test_no_conflict_while_new_york_is_on_standard_time(self):
        out = self.json_of(self.cxsched(
            "validate", self.write_json("s.json", self.bogota("2027-01-11T08:00:00-05:00",
                                                              "2027-03-05T21:00:00-05:00")),
            "-o", "json"))
        self.assertEqual((out["verdict"], out["conflicts"]), ("ok", []), out)

    def test_the_conflict_is_found_after_the_dst_change(self):
        out = self.json_of(self.cxsched(
            "validate", self.write_json("s.json", self.bogota("2027-03-22T08:00:00-05:00",
                                                              "2027-05-28T21:00:00-05:00")),
            "-o", "json"), code=4)
        self.assertEqual(out["verdict"], "conflict")
        self.assertEqual(len(out["conflicts"]), 1, out)
        c = out["conflicts"][0]
        self.assertEqual((c["other"]["id"], c["other"]["status"]), (str(self.skill), "SCHEDULED"))
        # Monday 22 March 2027, 12:30-13:00 in New York (EDT, UTC-4).
        self.assertEqual((c["firstOverlap"]["startUtc"], c["firstOverlap"]["endUtc"]),
                         ("2027-03-22T16:30:00Z", "2027-03-22T17:00:00Z"), c)


if __name__ == "__main__":
    unittest.main()
