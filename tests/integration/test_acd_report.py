"""`cxsched report --platform acd` through the real binary: the dialer rows
of `wfm-data/skills/dialer-contacts` (under either array key the contract
names) become the report in table, JSON, CSV and the SVG chart."""

import datetime
import os
import unittest

from acd_harness import AcdCliTestCase, DAYS, utc, week

NY = datetime.timezone(datetime.timedelta(hours=-5))  # EST: no DST change near now


class ReportTest(AcdCliTestCase):
    def seed(self, *switches):
        self.start_acd(*switches)
        now = datetime.datetime.now(datetime.timezone.utc)
        start = (now - datetime.timedelta(days=5)).astimezone(NY)
        end = (now + datetime.timedelta(days=30)).astimezone(NY)
        marker = (f"cxsched:v1 start={start.strftime('%Y-%m-%dT00:00:00-05:00')} "
                  f"end={end.strftime('%Y-%m-%dT00:00:00-05:00')} tz=America/New_York")
        self.skill = self.seed_skill(
            "History", week({d: ("09:00", "17:00") for d in DAYS}), notes=marker,
            createdAt=utc(now - datetime.timedelta(days=6)),
            generalSettings={"abandonRateThreshold": 2, "overrideBusinessUnitAbandonRate": True})
        self.day = (now - datetime.timedelta(days=2)).astimezone(NY).strftime("%Y-%m-%d")

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

    def test_an_unknown_skill_is_not_found(self):
        self.seed()
        r = self.cxsched("report", "999999", "--from", self.day, "--to", self.day)
        self.assertEqual(r.returncode, 6, r.stderr)


if __name__ == "__main__":
    unittest.main()
