"""cxsched report against cxone-sim: exact adherence numbers from the
simulator's documented synthetic model, CSV/JSON/chart output, range
splitting and DST.

The model (cxone-sim --help, SYNTHETIC ANALYTICS): with d = local days since
the local date of startDate, the dialer starts (d % 4) * 5 minutes late in
each window and, when d % 7 == 3, runs 10 minutes past the day's last
window. The expected numbers below are worked out by hand from that rule.
Abandoned calls: one per whole active UTC minute m (Unix seconds // 60) with
floor((m + 1) * r) > floor(m * r), r = the campaign's dialerSettings.dropRate;
the tests count those minutes themselves over the known active minutes.
"""

import csv
import datetime
import io
import json
import re
import math
import os
import unittest
import xml.etree.ElementTree as ET
import zoneinfo

from harness import CliTestCase, Sim

SVG_NS = "{http://www.w3.org/2000/svg}"
WEEKDAYS = ["MON", "TUE", "WED", "THU", "FRI"]


def past_campaign(cid, start, end, windows, zone="America/New_York", name=None,
                  drop_rate=0.03):
    return {
        "id": cid, "name": name or f"Report {cid}", "campaignType": "PREDICTIVE",
        "status": "ACTIVE", "startDate": start, "endDate": end, "timezone": zone,
        "executionWindows": windows,
        "dialerSettings": {"maxAttempts": 3, "retryInterval": 3600, "dropRate": drop_rate},
        "routingSettings": {"queueId": "queue_abc123"},
    }


def active_minutes(spans, zone="America/New_York"):
    """UTC minute indices of local ("YYYY-MM-DD", "HH:MM", "HH:MM") spans."""
    tz = zoneinfo.ZoneInfo(zone)
    out = []
    for day, lo, hi in spans:
        at = lambda hhmm: int(datetime.datetime.fromisoformat(f"{day}T{hhmm}").replace(
            tzinfo=tz).timestamp()) // 60
        out.extend(range(at(lo), at(hi)))
    return out


def abandoned(minutes, rate):
    return sum(1 for m in minutes if math.floor((m + 1) * rate) > math.floor(m * rate))


# The first week of c-march (and of c-drops, a month later): day d starts
# (d % 4) * 5 minutes late, d = 3 runs 10 minutes past 17:00.
def first_week(dates):
    return active_minutes([(dates[0], "09:00", "17:00"), (dates[1], "09:05", "17:00"),
                           (dates[2], "09:10", "17:00"), (dates[3], "09:15", "17:10"),
                           (dates[4], "09:00", "17:00")])


class ReportTest(CliTestCase):
    @classmethod
    def setUpClass(cls):
        cls.shared = Sim()
        # Monday 2025-03-03 (d = 0) for four weeks, weekdays 09:00-17:00 New York.
        cls.shared.seed_campaign(past_campaign(
            "c-march", "2025-03-03T00:00:00-05:00", "2025-03-29T00:00:00-04:00",
            [{"days": WEEKDAYS, "start": "09:00", "end": "17:00"}], name='March, "weekdays"'))
        # 2025-01-06 (a Monday) to 2025-03-01: long enough for a 40-day report.
        cls.shared.seed_campaign(past_campaign(
            "c-winter", "2025-01-06T00:00:00-05:00", "2025-03-01T00:00:00-05:00",
            [{"days": WEEKDAYS, "start": "09:00", "end": "17:00"}]))
        # Around the fall-back of 2025-11-02 in New York; starts Monday 2025-10-27 (d = 0).
        cls.shared.seed_campaign(past_campaign(
            "c-fall", "2025-10-27T00:00:00-04:00", "2025-11-15T00:00:00-05:00",
            [{"days": WEEKDAYS, "start": "09:00", "end": "17:00"}]))
        # Monday 2025-04-07 (d = 0), one week, dropping 5 % of its calls (seeded as is:
        # create would refuse a dropRate above 0.03 without --allow-high-drop-rate).
        cls.shared.seed_campaign(past_campaign(
            "c-drops", "2025-04-07T00:00:00-04:00", "2025-04-12T00:00:00-04:00",
            [{"days": WEEKDAYS, "start": "09:00", "end": "17:00"}], drop_rate=0.05))

    @classmethod
    def tearDownClass(cls):
        cls.shared.cleanup()

    def setUp(self):
        super().setUp()
        self.use_sim(self.shared)
        self.shared.clear_requests()

    def report_json(self, *args):
        r = self.cxsched("report", *args, "-o", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout)

    def test_week_summary_matches_the_synthetic_model_exactly(self):
        doc = self.report_json("c-march", "--from", "2025-03-03", "--to", "2025-03-09")
        self.assertEqual(len(doc["reports"]), 1)
        rep = doc["reports"][0]
        days = {d["date"]: d for d in rep["days"]}
        self.assertEqual(sorted(days), [f"2025-03-0{i}" for i in range(3, 10)])
        # Mon d=0: on time; Tue d=1: 5 min late; Wed d=2: 10 late;
        # Thu d=3: 15 late and 10 min past 17:00; Fri d=4: on time; weekend: nothing.
        expected_inside = {"2025-03-03": 480, "2025-03-04": 475, "2025-03-05": 470,
                           "2025-03-06": 465, "2025-03-07": 480,
                           "2025-03-08": 0, "2025-03-09": 0}
        for day, inside in expected_inside.items():
            self.assertEqual(days[day]["activeInsideMinutes"], inside, day)
            self.assertEqual(days[day]["scheduledMinutes"], 480 if inside else 0, day)
        self.assertEqual(days["2025-03-06"]["activeOutsideMinutes"], 10)
        self.assertEqual(days["2025-03-06"]["adherencePercent"], 96.88)  # 465 / 480
        self.assertEqual(days["2025-03-04"]["adherencePercent"], 98.96)  # 475 / 480
        self.assertIsNone(days["2025-03-08"]["adherencePercent"])
        s = rep["summary"]
        self.assertEqual(s["scheduledMinutes"], 2400)
        self.assertEqual(s["activeInsideMinutes"], 2370)
        self.assertEqual(s["activeOutsideMinutes"], 10)
        self.assertEqual(s["adherencePercent"], 98.75)  # 2370 / 2400
        self.assertEqual(s["worstDay"], "2025-03-06")
        self.assertEqual(s["daysWithOutsideActivity"], 1)
        # One connected call per active minute, three attempts per connection.
        self.assertEqual(s["callsConnected"], 2380)
        self.assertEqual(s["callsAttempted"], 7140)
        active = first_week([f"2025-03-0{i}" for i in range(3, 8)])
        self.assertEqual(len(active), 2380)
        dropped = abandoned(active, 0.03)
        self.assertEqual(s["callsAbandoned"], dropped)
        self.assertEqual(s["abandonmentRatePercent"], round(100 * dropped / 2380, 2))
        self.assertEqual(s["abandonmentLimitPercent"], 3.0)
        self.assertEqual(s["abandonmentAboveLimit"], 100 * dropped / 2380 > 3.0)
        thursday = active_minutes([("2025-03-06", "09:15", "17:10")])
        self.assertEqual(days["2025-03-06"]["callsAbandoned"], abandoned(thursday, 0.03))
        self.assertEqual(rep["range"]["from"], "2025-03-03T00:00:00-05:00")
        self.assertEqual(rep["range"]["to"], "2025-03-10T00:00:00-04:00")

        queries = self.shared.requests("analytics.query")
        self.assertEqual(len(queries), 1)
        body = json.loads(queries[0]["body"])
        self.assertEqual(body["dateRange"], {"startDate": "2025-03-03T05:00:00Z",
                                             "endDate": "2025-03-10T04:00:00Z"})
        self.assertEqual(body["interval"], "PT15M")
        self.assertIn("timeInterval", body["groupBy"])
        self.assertEqual(body["campaignId"], "c-march")

    def test_a_drop_rate_above_3_percent_is_flagged(self):
        doc = self.report_json("c-drops", "--from", "2025-04-07", "--to", "2025-04-11")
        s = doc["reports"][0]["summary"]
        active = first_week([f"2025-04-{i:02d}" for i in range(7, 12)])
        dropped = abandoned(active, 0.05)
        self.assertEqual((s["callsConnected"], s["callsAbandoned"]), (len(active), dropped))
        self.assertEqual(s["abandonmentRatePercent"], round(100 * dropped / len(active), 2))
        self.assertGreater(s["abandonmentRatePercent"], 3.0)
        self.assertTrue(s["abandonmentAboveLimit"])
        days = {d["date"]: d for d in doc["reports"][0]["days"]}
        self.assertEqual(sum(d["callsAbandoned"] for d in days.values()), dropped)
        monday = active_minutes([("2025-04-07", "09:00", "17:00")])
        self.assertEqual(days["2025-04-07"]["callsAbandoned"], abandoned(monday, 0.05))

        r = self.cxsched("report", "c-drops", "--from", "2025-04-07", "--to", "2025-04-11")
        self.assertEqual(r.returncode, 0, r.stderr)
        total = next(line for line in r.stdout.splitlines() if line.startswith("TOTAL"))
        a = len(active)
        self.assertEqual(total.split()[5:9],
                         [str(3 * a), str(a), str(dropped), f"{100 * dropped / a:.2f}"])
        self.assertIn("period abandonment above 3 %: the FTC limit", total)
        self.assertIn("ABOVE the 3 % limit", r.stdout)
        monday_line = next(line for line in r.stdout.splitlines()
                           if line.startswith("Mon 2025-04-07"))
        self.assertIn("day above 3 % abandonment (information)", monday_line)

    def test_table_marks_the_worst_day_and_totals(self):
        r = self.cxsched("report", "c-march", "--from", "2025-03-03", "--to", "2025-03-09")
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.splitlines()
        thursday = next(line for line in lines if "2025-03-06" in line)
        self.assertIn("worst day", thursday)
        self.assertIn("outside", thursday)
        monday = next(line for line in lines if "2025-03-03" in line and "Mon" in line)
        self.assertNotIn("worst", monday)
        total = next(line for line in lines if line.startswith("TOTAL"))
        self.assertEqual(total.split()[1:5], ["2400", "2370", "10", "98.75"])
        self.assertIn("adherence 98.75 %", r.stdout)

    def test_csv_parses_with_one_row_per_bucket(self):
        r = self.cxsched("report", "c-march", "--from", "2025-03-03", "--to", "2025-03-09",
                         "-o", "csv")
        self.assertEqual(r.returncode, 0, r.stderr)
        rows = list(csv.DictReader(io.StringIO(r.stdout, newline="")))
        # 2025-03-09 is the spring-forward day: 23 hours.
        self.assertEqual(len(rows), 7 * 24 - 1)
        self.assertEqual(sum(float(x["active_inside_minutes"]) for x in rows), 2370)
        self.assertEqual(sum(float(x["active_outside_minutes"]) for x in rows), 10)
        by_start = {x["start"]: x for x in rows}
        overrun = by_start["2025-03-06T17:00:00-05:00"]
        self.assertEqual(overrun["start_utc"], "2025-03-06T22:00:00Z")
        self.assertEqual(overrun["scheduled_minutes"], "0")
        self.assertEqual(overrun["active_outside_minutes"], "10")
        self.assertEqual(overrun["dialing_seconds"], "600")
        self.assertTrue(all(re.fullmatch(r"[a-z_]+", k) for k in rows[0]),
                        f"one naming style, snake_case: {list(rows[0])}")
        late = by_start["2025-03-06T09:00:00-05:00"]  # 15 minutes late on d=3
        self.assertEqual(late["active_inside_minutes"], "45")
        self.assertEqual(late["adherence_percent"], "75.00")
        self.assertEqual(late["abandonment_percent"],
                         f"{100 * int(late['calls_abandoned']) / int(late['calls_connected']):.2f}")
        self.assertEqual(rows[0]["campaign_id"], "c-march")

    def test_metrics_select_the_raw_columns(self):
        r = self.cxsched("report", "c-march", "--from", "2025-03-03", "--to", "2025-03-03",
                         "-o", "csv", "--metrics", "callsConnected,dialingSeconds",
                         "--interval", "P1D")
        self.assertEqual(r.returncode, 0, r.stderr)
        rows = list(csv.reader(io.StringIO(r.stdout, newline="")))
        self.assertEqual(rows[0][-3:], ["abandonment_percent", "calls_connected",
                                        "dialing_seconds"])
        self.assertEqual(len(rows), 2)
        self.assertEqual(rows[1][-2:], ["480", "28800"])

    def test_interval_and_metrics_are_refused_with_the_table(self):
        for flag, value in (("--interval", "P1D"), ("--metrics", "callsConnected")):
            r = self.cxsched("report", "c-march", flag, value)
            self.assertEqual(r.returncode, 2, r.stderr)
            self.assertIn(f"{flag} shapes -o json and -o csv", r.stderr)

    def test_unknown_metric_and_bad_time_are_usage_errors(self):
        r = self.cxsched("report", "c-march", "--metrics", "dialingSecond")
        self.assertEqual(r.returncode, 2)
        self.assertIn("dialingSeconds", r.stderr)
        r = self.cxsched("report", "c-march", "--from", "last tuesday")
        self.assertEqual(r.returncode, 2)
        self.assertIn("--from", r.stderr)
        r = self.cxsched("report", "c-march", "--from", "2025-03-10", "--to", "2025-03-01")
        self.assertEqual(r.returncode, 2)

    def test_forty_days_are_split_into_two_queries_and_merged(self):
        doc = self.report_json("c-winter", "--from", "2025-01-06", "--to", "2025-02-14",
                               "--interval", "P1D")
        rep = doc["reports"][0]
        queries = [json.loads(q["body"])["dateRange"]
                   for q in self.shared.requests("analytics.query")]
        self.assertEqual(queries, [
            {"startDate": "2025-01-06T05:00:00Z", "endDate": "2025-02-06T05:00:00Z"},
            {"startDate": "2025-02-06T05:00:00Z", "endDate": "2025-02-15T05:00:00Z"},
        ])
        self.assertEqual(rep["range"]["queries"], 2)
        self.assertEqual(len(rep["days"]), 40)
        self.assertEqual(len(rep["buckets"]), 40)
        # 30 weekdays of 480 minutes.
        self.assertEqual(rep["summary"]["scheduledMinutes"], 30 * 480)
        days = {d["date"]: d for d in rep["days"]}
        # Days on both sides of the split: Wed 2025-02-05 is d = 30 (10 late),
        # Thu 2025-02-06 is d = 31 (15 late, and 31 % 7 == 3: a 10-minute overrun).
        self.assertEqual(days["2025-02-05"]["activeInsideMinutes"], 470)
        self.assertEqual(days["2025-02-06"]["activeInsideMinutes"], 465)
        self.assertEqual(days["2025-02-06"]["activeOutsideMinutes"], 10)

    def test_dst_week_shows_the_right_local_hours(self):
        r = self.cxsched("report", "c-fall", "--from", "2025-10-30", "--to", "2025-11-05",
                         "-o", "csv")
        self.assertEqual(r.returncode, 0, r.stderr)
        rows = list(csv.DictReader(io.StringIO(r.stdout, newline="")))
        # 7 local days, one of them 25 hours long.
        self.assertEqual(len(rows), 7 * 24 + 1)

        def first_dialed(day):
            return next(x for x in rows if x["local_date"] == day
                        and float(x["active_inside_minutes"]) > 0)
        before = first_dialed("2025-10-31")  # Fri d=4: on time, EDT
        self.assertEqual(before["start"], "2025-10-31T09:00:00-04:00")
        self.assertEqual(before["start_utc"], "2025-10-31T13:00:00Z")
        after = first_dialed("2025-11-03")  # Mon d=7: 15 late, still in the 09:00 hour, EST
        self.assertEqual(after["start"], "2025-11-03T09:00:00-05:00")
        self.assertEqual(after["start_utc"], "2025-11-03T14:00:00Z")
        repeated = [x["start"] for x in rows if x["start"].startswith("2025-11-02T01:00")]
        self.assertEqual(repeated, ["2025-11-02T01:00:00-04:00", "2025-11-02T01:00:00-05:00"])

        doc = self.report_json("c-fall", "--from", "2025-10-30", "--to", "2025-11-05",
                               "--interval", "P1D")
        rep = doc["reports"][0]
        days = {d["date"]: d for d in rep["days"]}
        self.assertEqual(days["2025-11-02"]["utcOffset"], "-04:00/-05:00")
        self.assertEqual(days["2025-11-03"]["utcOffset"], "-05:00")
        # Thu 2025-10-30 is d = 3: 15 late and 10 over; Fri 2025-10-31 is d = 4: on time;
        # Mon 2025-11-03 is d = 7: 15 late, no overrun (7 % 7 == 0).
        self.assertEqual(days["2025-10-30"]["activeInsideMinutes"], 465)
        self.assertEqual(days["2025-10-30"]["activeOutsideMinutes"], 10)
        self.assertEqual(days["2025-10-31"]["activeInsideMinutes"], 480)
        self.assertEqual(days["2025-11-03"]["activeInsideMinutes"], 465)
        self.assertEqual(days["2025-11-03"]["activeOutsideMinutes"], 0)
        self.assertEqual(days["2025-11-03"]["scheduledMinutes"], 480)
        sunday = next(b for b in rep["buckets"] if b["start"].startswith("2025-11-02"))
        self.assertEqual(sunday["startUtc"], "2025-11-02T04:00:00Z")
        self.assertEqual(sunday["endUtc"], "2025-11-03T05:00:00Z")  # 25 hours

        utc = self.cxsched("report", "c-fall", "--from", "2025-11-03", "--to", "2025-11-03",
                           "-o", "csv", "--utc")
        self.assertEqual(utc.returncode, 0, utc.stderr)
        first = next(x for x in csv.DictReader(io.StringIO(utc.stdout, newline=""))
                     if float(x["active_inside_minutes"]) > 0)
        self.assertEqual(first["start"], "2025-11-03T14:00:00Z")

    def test_default_range_is_the_last_seven_days_up_to_now(self):
        import datetime
        import zoneinfo
        zone = zoneinfo.ZoneInfo("America/New_York")
        before = datetime.datetime.now(datetime.timezone.utc)
        doc = self.report_json("c-march", "--metrics", "dialingSeconds", "--interval", "P1D")
        after = datetime.datetime.now(datetime.timezone.utc)
        rng = doc["reports"][0]["range"]
        start = datetime.datetime.fromisoformat(rng["requestedFrom"])
        end = datetime.datetime.fromisoformat(rng["to"])
        today = before.astimezone(zone).date()
        self.assertIn(start.astimezone(zone).date(),
                      {today - datetime.timedelta(days=7), after.astimezone(zone).date()
                       - datetime.timedelta(days=7)})
        self.assertEqual(start.astimezone(zone).time(), datetime.time(0, 0))
        self.assertTrue(before - datetime.timedelta(seconds=1) <= end <= after)
        self.assertEqual(list(doc["reports"][0]["buckets"][0]["metrics"]), ["dialingSeconds"])
        self.assertEqual(len(doc["reports"][0]["days"]), 8)  # 7 full days and today so far

    def test_range_without_activity_reports_zero_without_error(self):
        doc = self.report_json("c-march", "--from", "2025-02-01", "--to", "2025-02-07")
        s = doc["reports"][0]["summary"]
        self.assertEqual([s["scheduledMinutes"], s["activeInsideMinutes"],
                          s["activeOutsideMinutes"], s["callsAttempted"]], [0, 0, 0, 0])
        self.assertIsNone(s["adherencePercent"])
        self.assertIsNone(s["abandonmentRatePercent"])
        self.assertIsNone(s["worstDay"])
        self.assertEqual(len(doc["reports"][0]["days"]), 7)

    def test_a_future_range_is_reported_as_asked_never_inverted(self):
        doc = self.report_json("c-march", "--from", "2099-01-01", "--to", "2099-01-07")
        rep = doc["reports"][0]
        rng = rep["range"]
        self.assertEqual((rng["from"], rng["to"]), (rng["requestedFrom"], rng["requestedTo"]))
        self.assertLess(datetime.datetime.fromisoformat(rng["from"]),
                        datetime.datetime.fromisoformat(rng["to"]))
        self.assertEqual(rep["summary"]["scheduledMinutes"], 0)
        self.assertEqual(rep["summary"]["upcomingMinutes"], 0)
        self.assertEqual(len(rep["days"]), 7)
        r = self.cxsched("report", "c-march", "--from", "2099-01-01", "--to", "2099-01-07")
        self.assertEqual(r.returncode, 0, r.stderr)
        head = r.stdout.splitlines()[1]
        self.assertLess(head.index("2099-01-01"), head.index("2099-01-08"), head)

    def test_scheduled_time_ahead_of_now_is_upcoming_not_missed(self):
        zone = zoneinfo.ZoneInfo("America/New_York")
        today = datetime.datetime.now(zone).date()
        day = datetime.timedelta(days=1)
        start = datetime.datetime.combine(today - 4 * day, datetime.time(), zone)
        end = datetime.datetime.combine(today + 5 * day, datetime.time(), zone)
        self.shared.seed_campaign(past_campaign(
            "c-now", start.isoformat(), end.isoformat(),
            [{"days": ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"],
              "start": "09:00", "end": "17:00"}]))
        frm, to = (today - 2 * day).isoformat(), (today + 2 * day).isoformat()
        rep = self.report_json("c-now", "--from", frm, "--to", to)["reports"][0]
        self.assertEqual(rep["range"]["from"], rep["range"]["requestedFrom"])
        days = {d["date"]: d for d in rep["days"]}
        self.assertEqual(len(days), 5)
        for future in (today + day, today + 2 * day):
            d = days[future.isoformat()]
            self.assertEqual(d["upcomingMinutes"], 480)
            self.assertEqual(d["scheduledMinutes"], 480)
            self.assertIsNone(d["adherencePercent"])
        past = days[(today - day).isoformat()]
        self.assertEqual(past["upcomingMinutes"], 0)
        self.assertGreaterEqual(past["adherencePercent"], 96.0)
        s = rep["summary"]
        self.assertGreaterEqual(s["upcomingMinutes"], 960)
        # adherence over the time already due: the sim's dialer is at most
        # 15 minutes late a day, so well above what counting the future as
        # missed would give
        self.assertGreaterEqual(s["adherencePercent"], 90.0)
        self.assertIn(s["worstDay"], {(today - 2 * day).isoformat(), (today - day).isoformat(),
                                      today.isoformat()})
        r = self.cxsched("report", "c-now", "--from", frm, "--to", to, "-o", "csv")
        self.assertEqual(r.returncode, 0, r.stderr)
        rows = list(csv.DictReader(io.StringIO(r.stdout, newline="")))
        total = sum(float(x["upcoming_minutes"]) for x in rows)
        self.assertLessEqual(abs(total - s["upcomingMinutes"]), 1)  # the bucket of now rounds
        r = self.cxsched("report", "c-now", "--from", frm, "--to", to)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("UPCOMING MIN", r.stdout)
        self.assertIn("still to come", r.stdout)

    def test_unknown_id_exits_6(self):
        r = self.cxsched("report", "c-nope", "-o", "json")
        self.assertEqual(r.returncode, 6, r.stderr)
        self.assertIn("c-nope", r.stderr)
        if r.stdout.strip():
            self.assertEqual(json.loads(r.stdout)["error"]["code"], 6)

    def test_several_ids_give_one_report_each(self):
        doc = self.report_json("c-march", "c-winter", "--from", "2025-02-24", "--to",
                               "2025-03-04")
        self.assertEqual([x["campaign"]["id"] for x in doc["reports"]], ["c-march", "c-winter"])
        self.assertEqual(doc["reports"][0]["campaign"]["name"], 'March, "weekdays"')
        self.assertEqual(len(self.shared.requests("analytics.query")), 2)

    def test_chart_is_a_standalone_svg_with_a_row_per_day(self):
        path = os.path.join(self.tmp, "adherence.svg")
        r = self.cxsched("report", "c-march", "--from", "2025-03-03", "--to", "2025-03-09",
                         "--chart", path)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        root = ET.fromstring(text)
        self.assertEqual(root.tag, SVG_NS + "svg")
        self.assertEqual(root.findall(f".//{SVG_NS}script"), [])
        self.assertNotIn("href", text)
        labels = [t.text for t in root.iter(SVG_NS + "text")]
        self.assertEqual(len([t for t in labels if t and t[:3] in
                              ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")]), 7)
        self.assertIn("Thu 2025-03-06 -05:00", labels)
        fills = [e.get("fill") for e in root.iter(SVG_NS + "rect")]
        self.assertIn("#e4572e", fills)  # the Thursday overrun
        html = os.path.join(self.tmp, "adherence.html")
        r = self.cxsched("report", "c-march", "--from", "2025-03-03", "--to", "2025-03-09",
                         "--chart", html, "-q")
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(html, encoding="utf-8") as f:
            self.assertIn("<svg xmlns=", f.read())
        r = self.cxsched("report", "c-march", "--chart", os.path.join(self.tmp, "x.png"))
        self.assertEqual(r.returncode, 2)


if __name__ == "__main__":
    unittest.main()
