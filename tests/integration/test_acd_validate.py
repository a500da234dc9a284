"""`cxsched validate --platform acd` through the real binary against
`cxone-sim --platform acd`: the business unit's zone (a Windows name resolved
through CLDR, an unknown one refused naming the config key), what a skill
cannot hold refused before any write, and conflicts with scheduled Personal
Connection skills, whose windows are read in the business unit's zone; and
what else limits a skill's hours (its cadences' time constraints and its
dialing curfew, the time-zones block) with the abandon-rate threshold's
meaning, said as warnings that change no exit code."""

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


def cadence(*constraints, field="Work Phone"):
    """A cadence of cadenceSettings: constraints as (dayType, start, end)."""
    return {"fieldName": field, "attempts": 2,
            "timeConstraints": [{"dayType": d, "startTime": s, "endTime": e}
                                for d, s, e in constraints]}


def curfew(name, start, end, override, active=True):
    """A row of the time-zones block as PUT takes it (unlisted zones go off)."""
    return {"standardName": name, "startTime": start, "endTime": end,
            "timeZoneActiveToCall": active, "overrideTime": override}


class DialingLimitsTest(AcdCliTestCase):
    """The existing skill of the spec's name is read through GET
    skills/{id}/parameters: a cadence or an active curfew zone narrower than
    the spec's windows (Monday-Friday 09:00-17:00), and an active zone with
    overrideTime outside 08:00-21:00, are warnings naming the field."""

    def validate(self, *args, code=0):
        return self.json_of(self.cxsched("validate", self.write_json("s.json", pc_spec()),
                                         "-o", "json", *args), code=code)

    def seed(self, **fields):
        return self.seed_skill("Spring_Renewals_East",
                               week({d: ("09:00", "17:00") for d in
                                     ("monday", "tuesday", "wednesday", "thursday", "friday")},
                                    scheduled=False), **fields)

    def test_a_narrower_cadence_warns_naming_the_field_in_both_shapes(self):
        for shape in ("rows", "split"):
            with self.subTest(shape=shape):
                self.start_acd("--acd-cadence-constraints", shape)
                skill = self.seed(cadences=[cadence(("Weekday", "10:00", "16:00"),
                                                    ("Weekend", "11:00", "12:00"))])
                out = self.validate()
                self.assertEqual(out["verdict"], "ok", out)
                self.assertEqual(out["specs"][0]["existingId"], str(skill))
                narrower = [w for w in out["warnings"] if "timeConstraints" in w]
                self.assertEqual(narrower, [
                    f"skill {skill} 'Spring_Renewals_East': cadenceSettings.cadences[0] "
                    "('Work Phone').timeConstraints: Weekday 10:00-16:00 is narrower than the "
                    "window MON,TUE,WED,THU,FRI 09:00-17:00: that cadence does not dial "
                    "09:00-10:00, 16:00-17:00"], out["warnings"])
                self.assertEqual(len(self.sim.requests("parameters.all")), 1)

    def test_a_wide_cadence_and_the_default_curfew_warn_of_nothing(self):
        self.start_acd()
        self.seed(cadences=[cadence(("Weekday", "08:00", "21:00"))])
        out = self.validate()
        self.assertEqual([w for w in out["warnings"] if "skill " in w], [], out["warnings"])

    def test_an_unknown_day_type_is_said_not_guessed(self):
        self.start_acd()
        self.seed(cadences=[cadence(("Holiday", "10:00", "11:00"))])
        out = self.validate()
        self.assertTrue(any("dayType 'Holiday' is not understood" in w for w in out["warnings"]),
                        out["warnings"])

    def test_a_curfew_zone_with_override_outside_calling_hours_warns_a_wide_one_does_not(self):
        self.start_acd()
        skill = self.seed(timeZoneSettings=[
            curfew("Central Standard Time", "07:00", "21:00", True),
            curfew("Eastern Standard Time", "08:00", "21:00", True),
            curfew("Pacific Standard Time", "10:00", "21:00", False),
            curfew("Mountain Standard Time", "06:00", "23:00", True, active=False)])
        r = self.cxsched("validate", self.write_json("s.json", pc_spec()))
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn(f"skill {skill} 'Spring_Renewals_East': timeZoneSettings[", r.stderr)
        self.assertIn("('Central Standard Time'): overrideTime true with 07:00-21:00, outside "
                      "the calling hours 08:00-21:00", r.stderr)
        self.assertIn("('Pacific Standard Time'): active to call 10:00-21:00, narrower than the "
                      "window MON,TUE,WED,THU,FRI 09:00-17:00: numbers in that zone are not "
                      "dialed 09:00-10:00", r.stderr)
        self.assertNotIn("Eastern Standard Time", r.stderr)
        self.assertNotIn("Mountain Standard Time", r.stderr)

    def test_the_threshold_is_said_beside_the_3_percent_rule_with_abandon_rate_scope(self):
        self.start_acd()
        out = self.validate()
        self.assertEqual(out["verdict"], "ok", out)
        said = [w for w in out["warnings"] if "abandonRateThreshold" in w]
        self.assertEqual(len(said), 1, out["warnings"])
        self.assertIn("dialerSettings.dropRate is written as abandonRateThreshold 2.0", said[0])
        self.assertIn("may not be 2.0 % of answered calls, the measure of the FTC's 3 % limit",
                      said[0])
        self.assertIn("the business unit's abandonRateScope is 1 (as the platform gives it)",
                      said[0])
        no_rate = pc_spec(dialerSettings={"maxAttempts": 3, "retryInterval": 3600})
        out = self.json_of(self.cxsched("validate", self.write_json("n.json", no_rate),
                                        "-o", "json"))
        self.assertEqual([w for w in out["warnings"] if "abandonRateThreshold" in w], [])

    def test_new_skills_are_said_once_and_create_warns_once_it_has_written_one(self):
        self.start_acd("--acd-new-skill-cadence", "Weekday 10:00-17:00")
        a = self.write_json("a.json", pc_spec(name="New_A"))
        b = self.write_json("b.json", pc_spec(name="New_B", windows=[
            {"days": ["SAT"], "start": "10:00", "end": "14:00"}]))
        out = self.json_of(self.cxsched("validate", a, b, "-o", "json"))
        self.assertEqual(sum("does not exist yet" in w for w in out["warnings"]), 1,
                         out["warnings"])
        self.assertEqual(self.sim.requests("parameters.all"), [])
        r = self.cxsched("create", a)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        skill = self.pc_skills()[0]["skillId"]
        self.assertIn(f"skill {skill} 'New_A': cadenceSettings.cadences[0] ('Phone 1')"
                      ".timeConstraints: Weekday 10:00-17:00 is narrower than the window "
                      "MON,TUE,WED,THU,FRI 09:00-17:00: that cadence does not dial 09:00-10:00",
                      r.stderr)
        self.assertEqual(len(self.sim.requests("parameters.all")), 1)


if __name__ == "__main__":
    unittest.main()
