"""`cxsched report --platform acd` through the real binary: the dialer rows
of `wfm-data/skills/dialer-contacts` (under either array key the contract
names) become the report in table, JSON, CSV and the SVG chart, with the dial
proxies `dialsOutsideSchedule` and `scheduledIntervalsWithDials` in place of
the dialer-active time CXone does not report."""

import csv
import datetime
import io
import os
import unittest

from acd_harness import AcdCliTestCase, DAYS, utc, week

NY = datetime.timezone(datetime.timedelta(hours=-5))  # EST: no DST change near now


class ReportTest(AcdCliTestCase):
    def seed(self, *switches):
        """Two skills scheduled 09:00-17:00 every day in New York: `History`
        dials in its windows only, `Runner` has been running all along, so it
        also dials the 16 hours outside them."""
        self.start_acd(*switches)
        now = datetime.datetime.now(datetime.timezone.utc)
        start = (now - datetime.timedelta(days=5)).astimezone(NY)
        end = (now + datetime.timedelta(days=30)).astimezone(NY)
        marker = (f"cxsched:v1 start={start.strftime('%Y-%m-%dT00:00:00-05:00')} "
                  f"end={end.strftime('%Y-%m-%dT00:00:00-05:00')} tz=America/New_York")
        fields = dict(notes=marker, createdAt=utc(now - datetime.timedelta(days=6)),
                      generalSettings={"abandonRateThreshold": 2,
                                       "overrideBusinessUnitAbandonRate": True})
        self.skill = self.seed_skill("History", week({d: ("09:00", "17:00") for d in DAYS}),
                                     **fields)
        self.runner = self.seed_skill("Runner", week({d: ("09:00", "17:00") for d in DAYS}),
                                      isRunning=True, **fields)
        self.day = (now - datetime.timedelta(days=2)).astimezone(NY).strftime("%Y-%m-%d")

    def report(self, skill, *args, code=0):
        r = self.cxsched("report", str(skill), "--from", self.day, "--to", self.day, *args)
        self.assertEqual(r.returncode, code, r.stdout + r.stderr)
        return r

    def test_one_day_under_either_report_key(self):
        for key in ("wfM_OB_StatsV9", "outboundStats"):
            with self.subTest(key=key):
                self.seed("--acd-report-key", key)
                doc = self.json_of(self.cxsched("report", str(self.skill), "--from", self.day,
                                                "--to", self.day, "-o", "json"))
                s = doc["reports"][0]["summary"]
                # Eight hours of dialing: 3 dials and 1 connect per active minute.
                self.assertEqual((s["callsAttempted"], s["callsConnected"]), (1440, 480), s)
                queries = self.sim.requests("reporting.dialer-contacts")
                self.assertGreaterEqual(len(queries), 1)
                self.assertTrue(all("mediaTypeId=4" in q["query"] for q in queries))

    def test_table_csv_and_chart(self):
        self.seed()
        r = self.cxsched("report", str(self.skill), "--from", self.day, "--to", self.day)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("History", r.stdout)
        self.assertIn("1440", r.stdout.replace(",", ""))
        r = self.cxsched("report", str(self.skill), "--from", self.day, "--to", self.day,
                         "-o", "csv")
        self.assertEqual(r.returncode, 0, r.stderr)
        header = r.stdout.splitlines()[0]
        self.assertIn("callsAttempted", header.replace("calls_attempted", "callsAttempted"))
        chart = os.path.join(self.tmp, "chart.svg")
        r = self.cxsched("report", str(self.skill), "--from", self.day, "--to", self.day,
                         "--chart", chart)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(chart, encoding="utf-8") as f:
            self.assertIn("<svg", f.read())

    # Runner's day: 96 rows of 45 dials; the 64 rows before 09:00 and from
    # 17:00 on meet no window (2880 dials); each of the 32 rows in the
    # windows has dials. History dials in its windows only.
    OUTSIDE = 64 * 45

    def test_json_shows_the_proxies_under_either_report_key(self):
        for key in ("wfM_OB_StatsV9", "outboundStats"):
            with self.subTest(key=key):
                self.seed("--acd-report-key", key)
                one = self.json_of(self.report(self.runner, "-o", "json"))["reports"][0]
                s = one["summary"]
                self.assertEqual(s["callsAttempted"], 96 * 45, s)
                self.assertEqual(s["dialsOutsideSchedule"], self.OUTSIDE, s)
                self.assertEqual(s["scheduledIntervalsWithDials"], 100.0, s)
                self.assertEqual(s["daysWithOutsideActivity"], 1, s)
                # CXone reports no dialer-active time: null, never a made-up 0.
                for k in ("adherencePercent", "activeInsideMinutes", "activeOutsideMinutes"):
                    self.assertIsNone(s[k], k)
                self.assertIsNone(s["worstDay"])
                self.assertEqual(one["days"][0]["dialsOutsideSchedule"], self.OUTSIDE)
                buckets = one["buckets"]
                self.assertEqual(sum(b["dialsOutsideSchedule"] for b in buckets), self.OUTSIDE)
                by_hour = {b["start"][11:13]: b for b in buckets}
                self.assertEqual(by_hour["08"]["dialsOutsideSchedule"], 180)
                self.assertIsNone(by_hour["08"]["scheduledIntervalsWithDials"])
                self.assertEqual(by_hour["09"]["dialsOutsideSchedule"], 0)
                self.assertEqual(by_hour["09"]["scheduledIntervalsWithDials"], 100.0)
                self.assertIsNone(by_hour["09"]["metrics"]["dialingSeconds"])
                self.assertIsNone(by_hour["09"]["metrics"]["scheduleAdherence"])
                self.assertEqual(one["notes"], [])
                inside = self.json_of(self.report(self.skill, "-o", "json"))["reports"][0]
                self.assertEqual(inside["summary"]["dialsOutsideSchedule"], 0)
                self.assertEqual(inside["summary"]["scheduledIntervalsWithDials"], 100.0)

    def test_csv_table_and_chart_show_the_proxies(self):
        self.seed("--acd-report-key", "outboundStats")
        rows = list(csv.DictReader(io.StringIO(self.report(self.runner, "-o", "csv").stdout)))
        self.assertEqual(len(rows), 24)
        self.assertEqual(sum(int(r["dials_outside_schedule"]) for r in rows), self.OUTSIDE)
        nine = next(r for r in rows if r["start"][11:13] == "09")
        self.assertEqual((nine["dials_outside_schedule"], nine["scheduled_intervals_with_dials"]),
                         ("0", "100.00"))
        self.assertEqual(nine["active_inside_minutes"], "")
        self.assertEqual(nine["adherence_percent"], "")

        out = self.report(self.runner).stdout
        header = next(line for line in out.splitlines() if line.startswith("DAY"))
        self.assertIn("DIALS OUTSIDE", header)
        self.assertIn("INTERVALS WITH DIALS %", header)
        self.assertNotIn("ADHERENCE %", header)
        total = next(line for line in out.splitlines() if line.startswith("TOTAL")).split()
        self.assertEqual(total[1:4], ["480", str(self.OUTSIDE), "100.00"])
        self.assertIn(f"{self.OUTSIDE} dials outside the windows on 1 day", out)
        self.assertIn("dials in 100.00 % of the scheduled intervals (32 of 32)", out)

        chart = os.path.join(self.tmp, "runner.svg")
        self.report(self.runner, "--chart", chart)
        with open(chart, encoding="utf-8") as f:
            svg = f.read()
        self.assertIn(f"dials outside the windows {self.OUTSIDE}", svg)
        self.assertIn("scheduled intervals with dials 100.00 %", svg)

    def test_row_times_without_an_offset_are_read_as_utc_and_flagged(self):
        self.seed()
        plain = self.json_of(self.report(self.runner, "-o", "json"))["reports"][0]
        self.seed("--acd-report-times-without-offset")
        one = self.json_of(self.report(self.runner, "-o", "json"))["reports"][0]
        # The same rows, read as UTC: the same report, and a note that says so.
        self.assertEqual(one["summary"], plain["summary"])
        self.assertEqual(one["buckets"], plain["buckets"])
        self.assertEqual(len(one["notes"]), 1, one["notes"])
        self.assertIn("without a UTC offset", one["notes"][0])
        self.assertIn("read as UTC", one["notes"][0])

        r = self.report(self.runner)
        self.assertIn("note: ", r.stdout)
        self.assertIn("read as UTC", r.stdout)

        # CSV stays one table; the note goes to stderr.
        r = self.report(self.runner, "-o", "csv")
        table = list(csv.reader(io.StringIO(r.stdout)))
        self.assertEqual(len(table), 25)
        self.assertEqual({len(row) for row in table}, {len(table[0])})
        self.assertIn("read as UTC", r.stderr)

        chart = os.path.join(self.tmp, "bare.svg")
        self.report(self.runner, "--chart", chart)
        with open(chart, encoding="utf-8") as f:
            self.assertIn("read as UTC", f.read())

    def test_an_unknown_skill_is_not_found(self):
        self.seed()
        r = self.cxsched("report", "999999", "--from", self.day, "--to", self.day)
        self.assertEqual(r.returncode, 6, r.stderr)


if __name__ == "__main__":
    unittest.main()
