"""Contract tests of `cxone-sim --platform acd`: the parameter blocks of a
Personal Connection skill, start and stop, a tenant whose schedule starts
skills, and the reporting calls."""

import datetime
import math
import unittest

from acd_harness import AcdTestCase, utc
from harness import wait_for


class BlockTest(AcdTestCase):
    def setUp(self):
        self.sim = self.start()
        self.token = self.sim.sign_in()
        self.id = self.new_skill(self.sim, self.token, "Blocks")

    def get(self, block, sim=None, skill=None):
        sim = sim or self.sim
        r = sim.api("GET", f"skills/{skill or self.id}/parameters/{block}", self.token
                    if sim is self.sim else sim.sign_in())
        self.assertEqual(r.status, 200, r)
        return r.json()

    def put(self, block, body, sim=None, skill=None):
        sim = sim or self.sim
        return sim.api("PUT", f"skills/{skill or self.id}/parameters/{block}",
                       self.token if sim is self.sim else sim.sign_in(), body=body)

    def test_schedule_settings_get_flat_put_wrapped_and_partial(self):
        block = self.get("schedule-settings")
        self.assertFalse(block["isScheduled"])
        self.assertEqual((block["mondayIsActive"], block["mondayStartTime"], block["mondayEndTime"]),
                         (True, "08:00", "17:00"))
        self.assertEqual(self.put("schedule-settings", {"isScheduled": True}).status, 400)
        r = self.put("schedule-settings", {"scheduleSettings": {
            "isScheduled": True, "sundayIsActive": False, "mondayStartTime": "09:00"}})
        self.assertEqual(r.status, 200, r)
        block = self.get("schedule-settings")
        self.assertEqual((block["isScheduled"], block["sundayIsActive"], block["mondayStartTime"],
                          block["mondayEndTime"]), (True, False, "09:00", "17:00"))

    def test_a_tenant_whose_put_replaces_the_block(self):
        sim = self.start("--acd-put-replaces")
        token = sim.sign_in()
        skill = self.new_skill(sim, token, "Replaced")
        put = lambda block, body: sim.api("PUT", f"skills/{skill}/parameters/{block}", token,
                                          body=body)
        get = lambda block: sim.api("GET", f"skills/{skill}/parameters/{block}", token).json()
        self.assertEqual(put("schedule-settings", {"scheduleSettings": {
            "mondayStartTime": "10:00"}}).status, 200)
        self.assertEqual(put("schedule-settings", {"scheduleSettings": {
            "isScheduled": True}}).status, 200)
        block = get("schedule-settings")
        self.assertEqual((block["isScheduled"], block["mondayStartTime"]), (True, "08:00"))
        self.assertEqual(put("general-settings", {"generalSettings": {
            "aggressiveness": "aggressive", "maximumAttempts": 7}}).status, 200)
        self.assertEqual(put("general-settings", {"generalSettings": {
            "abandonRateThreshold": 2}}).status, 200)
        general = get("general-settings")
        self.assertEqual((general["aggressiveness"], general["maximumAttempts"],
                          general["abandonRateThreshold"]), ("conservative", 3, 2))
        # The default tenant keeps what a PUT does not name.
        self.assertEqual(self.put("general-settings", {"generalSettings": {
            "aggressiveness": "aggressive"}}).status, 200)
        self.assertEqual(self.put("general-settings", {"generalSettings": {
            "abandonRateThreshold": 2}}).status, 200)
        self.assertEqual(self.get("general-settings")["aggressiveness"], "aggressive")

    def test_bad_windows_are_invalid_parameters(self):
        for bad in ({"mondayStartTime": "24:00"}, {"mondayStartTime": "9:00"},
                    {"mondayStartTime": "17:00"}, {"mondayIsActive": "yes"}):
            with self.subTest(bad=bad):
                r = self.put("schedule-settings", {"scheduleSettings": bad})
                self.assertEqual((r.status, r.json()["error"]), (400, "InvalidParameter"))
        self.assertEqual(self.get("schedule-settings")["mondayStartTime"], "08:00")

    def test_a_tenant_that_refuses_idle_days(self):
        sim = self.start("--acd-refuse-idle-days", "--acd-times-with-seconds")
        token = sim.sign_in()
        skill = self.new_skill(sim, token, "Strict")
        r = sim.api("PUT", f"skills/{skill}/parameters/schedule-settings", token,
                    body={"scheduleSettings": {"saturdayIsActive": False}})
        self.assertEqual((r.status, r.json()["error"]), (400, "InvalidParameter"))
        block = sim.api("GET", f"skills/{skill}/parameters/schedule-settings", token).json()
        self.assertEqual((block["saturdayIsActive"], block["saturdayStartTime"]), (True, "08:00:00"))
        r = sim.api("PUT", f"skills/{skill}/parameters/schedule-settings", token,
                    body={"scheduleSettings": {"isScheduled": True, "mondayStartTime": "09:00:00"}})
        self.assertEqual(r.status, 200, r)

    def test_retry_settings_share_fields_with_general_settings(self):
        self.assertEqual(self.get("retry-settings"),
                         {"maximumAttempts": 3, "minimumRetryMinutes": 60})
        stale = self.get("general-settings")
        self.assertEqual(stale["aggressiveness"], "conservative")
        r = self.put("retry-settings", {"retrySettings": {"maximumAttempts": 5,
                                                          "minimumRetryMinutes": 30}})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(self.get("general-settings")["maximumAttempts"], 5)
        # Writing back a stale general-settings undoes the retry settings.
        self.assertEqual(self.put("general-settings", {"generalSettings": stale}).status, 200)
        self.assertEqual(self.get("retry-settings")["maximumAttempts"], 3)
        for bad in ({"retrySettings": {"maximumAttempts": 301}},
                    {"retrySettings": {"minimumRetryMinutes": 0}}):
            self.assertEqual(self.put("retry-settings", bad).status, 400)
        self.assertEqual(self.put("general-settings", {"generalSettings": {
            "abandonRateThreshold": 100}}).status, 400)
        r = self.put("general-settings", {"generalSettings": {
            "abandonRateThreshold": 2.5, "overrideBusinessUnitAbandonRate": True}})
        self.assertEqual(r.status, 200)
        self.assertEqual(self.get("general-settings")["abandonRateThreshold"], 2.5)

    def test_time_zones_put_deactivates_the_zones_not_listed(self):
        rows = self.get("time-zones")["timeZoneSettings"]
        self.assertTrue(all(r["timeZoneActiveToCall"] for r in rows))
        r = self.put("time-zones", {"timeZoneSettings": [{
            "standardName": "Eastern Standard Time", "startTime": "09:00", "endTime": "20:00",
            "timeZoneActiveToCall": True, "overrideTime": True}]})
        self.assertEqual(r.status, 200, r)
        rows = {r["name"]: r for r in self.get("time-zones")["timeZoneSettings"]}
        self.assertEqual(rows["Eastern Standard Time"]["endTime"], "20:00")
        self.assertTrue(rows["Eastern Standard Time"]["overrideTime"])
        self.assertFalse(rows["Pacific Standard Time"]["timeZoneActiveToCall"])

    def test_blocks_exist_only_on_personal_connection_skills(self):
        inbound = next(s["skillId"] for s in self.sim.api("GET", "skills?mediaTypeId=4",
                                                          self.token).json()["skills"]
                       if not s["isOutbound"])
        r = self.sim.api("GET", f"skills/{inbound}/parameters/schedule-settings", self.token)
        self.assertEqual(r.status, 404)
        self.assertEqual(self.sim.api("POST", f"skills/{inbound}/start", self.token).status, 404)


class StartStopTest(AcdTestCase):
    def test_start_and_stop_are_asynchronous(self):
        sim = self.start("--activation-delay-ms", "300")
        token = sim.sign_in()
        skill = self.new_skill(sim, token, "Dialer")
        running = lambda: sim.api("GET", f"skills/{skill}", token).json().get("isRunning", False)
        r = sim.api("POST", f"skills/{skill}/start", token)
        self.assertEqual((r.status, r.text), (202, ""))
        r = sim.api("POST", f"skills/{skill}/start", token)
        self.assertEqual((r.status, r.json()["errorDescription"]),
                         (409, "Invalid state. Cannot start skill"))
        wait_for(running, message="isRunning")
        self.assertEqual(sim.api("POST", f"skills/{skill}/stop?force=maybe", token).status, 400)
        self.assertEqual(sim.api("POST", f"skills/{skill}/stop?force=false", token).status, 202)
        wait_for(lambda: not running(), message="the skill to stop")
        self.assertEqual(sim.api("POST", f"skills/{skill}/stop", token).status, 404)
        # Stopping leaves the schedule as it was.
        block = sim.api("GET", f"skills/{skill}/parameters/schedule-settings", token).json()
        self.assertFalse(block["isScheduled"])


class ScheduleRunsTest(AcdTestCase):
    """--acd-schedule-runs: a scheduled skill runs by itself in an open window."""

    def start_noon(self, *args):
        # A business unit whose local time is about noon now, so a 09:00-15:00
        # window is open for hours whatever the time of day the test runs.
        offset = 12 - datetime.datetime.now(datetime.timezone.utc).hour
        zone = "Etc/GMT" if offset == 0 else f"Etc/GMT{'-' if offset > 0 else '+'}{abs(offset)}"
        sim = self.start("--acd-bu-zone", zone, "--activation-delay-ms", "200", *args)
        token = sim.sign_in()
        skill = self.new_skill(sim, token, "Armed")
        days = {}
        for d in ("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"):
            days.update({f"{d}IsActive": True, f"{d}StartTime": "09:00", f"{d}EndTime": "15:00"})
        r = sim.api("PUT", f"skills/{skill}/parameters/schedule-settings", token,
                    body={"scheduleSettings": days})
        self.assertEqual(r.status, 200, r)
        return sim, token, skill

    def arm(self, sim, token, skill):
        r = sim.api("PUT", f"skills/{skill}/parameters/schedule-settings", token,
                    body={"scheduleSettings": {"isScheduled": True}})
        self.assertEqual(r.status, 200, r)

    def test_arming_inside_an_open_window_starts_the_skill(self):
        sim, token, skill = self.start_noon("--acd-schedule-runs")
        running = lambda: sim.api("GET", f"skills/{skill}", token).json().get("isRunning", False)
        self.assertFalse(running())
        self.arm(sim, token, skill)
        self.assertTrue(running())
        r = sim.api("POST", f"skills/{skill}/start", token)
        self.assertEqual((r.status, r.json()["errorDescription"]),
                         (409, "Invalid state. Cannot start skill"))
        self.assertEqual(sim.api("POST", f"skills/{skill}/stop", token).status, 202)
        wait_for(lambda: not running(), message="the stop to hold the skill")
        self.assertEqual(sim.api("POST", f"skills/{skill}/start", token).status, 202)
        wait_for(running, message="the skill to start again")

    def test_without_the_switch_arming_starts_nothing(self):
        sim, token, skill = self.start_noon()
        self.arm(sim, token, skill)
        self.assertNotIn("isRunning", sim.api("GET", f"skills/{skill}", token).json())


class ReportingTest(AcdTestCase):
    def setUp(self):
        self.sim = self.start("--acd-report-key", "outboundStats")
        self.token = self.sim.sign_in()
        now = datetime.datetime.now(datetime.timezone.utc)
        self.day = (now - datetime.timedelta(days=2)).replace(hour=0, minute=0, second=0,
                                                              microsecond=0)
        schedule = {"isScheduled": True}
        for d in ("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"):
            schedule.update({f"{d}IsActive": True, f"{d}StartTime": "09:00",
                             f"{d}EndTime": "17:00"})
        ids = self.sim.admin("POST", "/_sim/skills", {
            "mediaTypeId": 4, "skillName": "History", "isOutbound": True,
            "outboundStrategy": "Personal Connection", "campaignId": 1,
            "createdAt": utc(now - datetime.timedelta(days=5)), "schedule": schedule,
            "generalSettings": {"abandonRateThreshold": 5, "overrideBusinessUnitAbandonRate": True}})
        self.skill = ids["skillIds"][0]

    def range_query(self, start, end):
        return f"startDate={utc(start)}&endDate={utc(end)}"

    def test_dialer_rows_follow_the_schedule_in_the_business_unit_zone(self):
        q = self.range_query(self.day, self.day + datetime.timedelta(days=1))
        r = self.sim.api("GET", f"wfm-data/skills/dialer-contacts?mediaTypeId=4&{q}", self.token)
        self.assertEqual(r.status, 200, r)
        rows = [row for row in r.json()["outboundStats"] if row["skillId"] == self.skill]
        # 09:00-17:00 New York is 8 hours: 32 whole quarter-hour rows on the UTC grid.
        self.assertEqual(len(rows), 32)
        self.assertTrue(all(row["intervalStartDate"].endswith(":00.000Z") for row in rows))
        self.assertTrue(all(row["dials"] == 3 * row["connects"] == 45 for row in rows))
        first = datetime.datetime.strptime(rows[0]["intervalStartDate"], "%Y-%m-%dT%H:%M:%S.%fZ")
        self.assertIn(first.hour, (13, 14))  # 09:00 EDT or EST
        minutes = [int(first.replace(tzinfo=datetime.timezone.utc).timestamp() // 60) + k
                   for k in range(480)]
        expected = sum(1 for m in minutes if math.floor((m + 1) * 0.05) > math.floor(m * 0.05))
        self.assertEqual(sum(row["abandons"] for row in rows), expected)
        summary = self.sim.api("GET", f"skills/{self.skill}/summary?{q}", self.token).json()
        s = summary["skillSummaries"][0]
        self.assertEqual((s["skillId"], s["dials"], s["connects"], s["abandonCount"]),
                         (self.skill, 1440, 480, expected))

    def test_no_data_is_204_and_dates_need_a_literal_z(self):
        before = self.day - datetime.timedelta(days=10)
        q = self.range_query(before, before + datetime.timedelta(days=1))
        self.assertEqual(self.sim.api("GET", f"skills/{self.skill}/summary?{q}", self.token).status,
                         204)
        self.assertEqual(self.sim.api("GET", f"wfm-data/skills/dialer-contacts?mediaTypeId=4&{q}",
                                      self.token).status, 204)
        offset = "startDate=2027-01-01T00:00:00%2B00:00&endDate=2027-01-02T00:00:00.000Z"
        self.assertEqual(self.sim.api("GET", f"skills/{self.skill}/summary?{offset}",
                                      self.token).status, 400)
        q = self.range_query(self.day, self.day + datetime.timedelta(days=1))
        self.assertEqual(self.sim.api("GET", f"wfm-data/skills/dialer-contacts?{q}",
                                      self.token).status, 400)

    def test_the_default_array_key(self):
        sim = self.start()
        token = sim.sign_in()
        q = self.range_query(self.day, self.day + datetime.timedelta(days=1))
        r = sim.api("GET", f"wfm-data/skills/dialer-contacts?mediaTypeId=4&{q}", token)
        self.assertEqual(r.status, 204)  # nothing dials on a fresh tenant
        sim.admin("POST", "/_sim/skills", {
            "mediaTypeId": 4, "skillName": "Runner", "isOutbound": True,
            "outboundStrategy": "Personal Connection", "campaignId": 1,
            "createdAt": utc(self.day - datetime.timedelta(days=1)), "isRunning": True})
        r = sim.api("GET", f"wfm-data/skills/dialer-contacts?mediaTypeId=4&{q}", token)
        self.assertEqual(list(r.json()), ["wfM_OB_StatsV9"])
        self.assertEqual(len(r.json()["wfM_OB_StatsV9"]), 96)


if __name__ == "__main__":
    unittest.main()
