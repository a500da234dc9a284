"""Contract tests of `cxone-sim --platform acd` (the CXone ACD Admin API
subset of acd-contract.md), through plain HTTP (urllib)."""

import base64
import datetime
import json
import math
import subprocess
import unittest

from harness import Sim, _env_path, wait_for

KEY = {"accessKeyId": "demo-client", "accessKeySecret": "demo-secret"}
SERVICES = "/inContactAPI/services/v30.0/"


def claims(jwt):
    """The decoded payload of a JWT (no verification)."""
    payload = jwt.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def utc(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%S.000Z")


class AcdSim(Sim):
    def __init__(self, *args, **kw):
        super().__init__("--platform", "acd", *args, **kw)

    def sign_in(self, key=None):
        r = self.http("POST", "/authentication/v1/token/access-key", body=key or KEY)
        assert r.status == 200, r
        return r.json()["access_token"]

    def api(self, method, rest, token, body=None, headers=None, version="v30.0"):
        return self.http(method, f"/inContactAPI/services/{version}/{rest}", body=body,
                         token=token, headers=headers)

    def create(self, token, name, **fields):
        item = {"mediaTypeId": 4, "skillName": name, "isOutbound": True,
                "outboundStrategy": "Personal Connection", "campaignId": 1}
        item.update(fields)
        return self.api("POST", "skills", token, body={"skills": [item]})


class AcdTestCase(unittest.TestCase):
    def start(self, *args, **kw):
        sim = AcdSim(*args, **kw)
        self.addCleanup(self.stops_cleanly, sim)
        return sim

    def stops_cleanly(self, sim):
        code = sim.stop()
        stderr = sim.stderr_text()
        sim.cleanup()
        self.assertEqual(code, 0, stderr)
        self.assertNotIn("runtime error", stderr)
        self.assertIn("cxone-sim: stopped", stderr)

    def new_skill(self, sim, token, name, **fields):
        r = sim.create(token, name, **fields)
        self.assertEqual(r.status, 200, r)
        result = r.json()["skillsResults"][0]
        self.assertTrue(result["success"], result)
        return result["skillId"]


class SignInTest(AcdTestCase):
    def setUp(self):
        self.sim = self.start("--token-ttl", "600")

    def test_access_key_sign_in_answers_jwt_tokens_with_tenant_claims(self):
        r = self.sim.http("POST", "/authentication/v1/token/access-key", body=KEY)
        self.assertEqual(r.status, 200, r)
        body = r.json()
        self.assertEqual((body["token_type"], body["expires_in"]), ("Bearer", 600))
        self.assertTrue(body["refresh_token"])
        for name in ("access_token", "id_token"):
            self.assertEqual(len(body[name].split(".")), 3)
            c = claims(body[name])
            self.assertEqual(c["icBUId"], 4600000)
            self.assertEqual(c["icClusterId"], "C32")
            self.assertTrue(c["tenantId"])
            self.assertEqual(c["exp"] - c["iat"], 600)

    def test_bad_credentials_are_refused(self):
        cases = [({"accessKeyId": "demo-client", "accessKeySecret": "wrong"}, 401),
                 ({"accessKeyId": "nobody", "accessKeySecret": "x"}, 401),
                 ({"accessKeyId": "demo-client"}, 400), ("not json", 400)]
        for body, status in cases:
            with self.subTest(body=body):
                r = self.sim.http("POST", "/authentication/v1/token/access-key", body=body)
                self.assertEqual(r.status, status, r)
        self.assertEqual(self.sim.http("POST", "/oauth/token", body={}).status, 404)

    def test_refresh_issues_a_new_token_once(self):
        r = self.sim.http("POST", "/authentication/v1/token/access-key", body=KEY).json()
        fresh = self.sim.http("POST", "/public/user/refresh", body={"token": r["refresh_token"]})
        self.assertEqual(fresh.status, 200, fresh)
        body = fresh.json()
        self.assertEqual(body["tokenExpirationTimeSec"], 600)
        self.assertEqual(self.sim.api("GET", "server-time", body["token"]).status, 200)
        again = self.sim.http("POST", "/public/user/refresh", body={"token": r["refresh_token"]})
        self.assertEqual(again.status, 401)

    def test_discovery_names_this_simulator_from_the_token_claims(self):
        tenant = claims(self.sim.sign_in())["tenantId"]
        r = self.sim.http("GET", f"/.well-known/cxone-configuration?tenantId={tenant}")
        self.assertEqual(r.status, 200, r)
        body = r.json()
        self.assertEqual(body["api_endpoint"], self.sim.base_url + "/")
        self.assertEqual((body["tenantId"], body["cluster"]), (tenant, "C32"))
        self.assertEqual(
            self.sim.http("GET", "/.well-known/cxone-configuration?tenantId=other").status, 404)
        self.assertEqual(self.sim.http("GET", "/.well-known/cxone-configuration").status, 400)

    def test_missing_revoked_and_expired_tokens_get_401(self):
        self.assertEqual(self.sim.api("GET", "business-unit", None).status, 401)
        self.assertEqual(self.sim.api("GET", "business-unit", "x.y.z").status, 401)
        token = self.sim.sign_in()
        self.assertEqual(self.sim.api("GET", "business-unit", token).status, 200)
        self.sim.admin("POST", "/_sim/tokens/revoke", {"accessKeyId": "demo-client"})
        r = self.sim.api("GET", "business-unit", token)
        self.assertEqual(r.status, 401)
        self.assertIn("revoked", r.json()["errorDescription"])
        self.assertEqual(self.sim.api("GET", "business-unit", self.sim.sign_in()).status, 200)
        short = self.start("--token-ttl", "1")
        token = short.sign_in()
        wait_for(lambda: short.api("GET", "business-unit", token).status == 401,
                 message="the token to expire")
        self.assertIn("expired", short.api("GET", "business-unit", token).json()["errorDescription"])

    def test_readonly_keys_cannot_write(self):
        token = self.sim.sign_in({"accessKeyId": "readonly-client",
                                  "accessKeySecret": "readonly-secret"})
        self.assertEqual(self.sim.api("GET", "skills?mediaTypeId=4", token).status, 200)
        self.assertEqual(self.sim.create(token, "Nope").status, 403)
        self.assertEqual(self.sim.api("GET", "wfm-data/skills/dialer-contacts?mediaTypeId=4&"
                                      "startDate=2027-01-01T00:00:00.000Z&"
                                      "endDate=2027-01-02T00:00:00.000Z", token).status, 403)


class GeneralTest(AcdTestCase):
    def test_accept_header_and_version_are_required(self):
        sim = self.start()
        token = sim.sign_in()
        r = sim.http("GET", SERVICES + "business-unit", token=token, headers={"Accept": "text/html"})
        self.assertEqual((r.status, r.text), (406, "No known way to render data"))
        self.assertEqual(sim.api("GET", "business-unit", token, version="v99.0").status, 404)
        other = self.start("--acd-api-version", "v33.0")
        token = other.sign_in()
        self.assertEqual(other.api("GET", "business-unit", token, version="v33.0").status, 200)
        self.assertEqual(other.api("GET", "business-unit", token).status, 404)

    def test_business_unit_zones_and_server_time(self):
        sim = self.start("--acd-bu-zone", "(UTC-05:00) Eastern Time (US & Canada)",
                         "--acd-no-skill-abandon-rate", "--acd-clock-skew-s", "-120")
        token = sim.sign_in()
        unit = sim.api("GET", "business-unit", token).json()["businessUnits"][0]
        self.assertEqual(unit["defaultTimeZone"], "(UTC-05:00) Eastern Time (US & Canada)")
        self.assertFalse(unit["enableSkillAbandonRate"])
        zones = sim.api("GET", "timezones", token).json()["timeZones"]
        self.assertIn({"displayName": "(UTC-05:00) Eastern Time (US & Canada)",
                       "standardName": "Eastern Standard Time", "offset": "-05:00:00"}, zones)
        text = sim.api("GET", "server-time", token).json()["ServerTime"]
        self.assertRegex(text, r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
        server = datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ")
        skew = (datetime.datetime.utcnow() - server).total_seconds()
        self.assertGreater(skew, 100)
        default = self.start()
        unit = default.api("GET", "business-unit", default.sign_in()).json()["businessUnits"][0]
        self.assertEqual(unit["defaultTimeZone"], "Eastern Standard Time")
        self.assertTrue(unit["enableSkillAbandonRate"])

    def test_campaign_rows_in_either_shape(self):
        for args, keys in (((), ("campaignId", "campaignName")),
                           (("--acd-campaign-keys", "id"), ("id", "name"))):
            sim = self.start(*args)
            rows = sim.api("GET", "campaigns", sim.sign_in()).json()["campaigns"]
            self.assertIn({keys[0]: 1, keys[1]: "Default Campaign", "isActive": True}, rows)

    def test_the_campaigns_platform_options_are_checked_against_the_platform(self):
        binary = _env_path("CXONE_SIM_BIN")
        r = subprocess.run([binary, "--fault-endpoint", "skills.list", "--port", "0"],
                           capture_output=True, text=True, timeout=30)
        self.assertEqual(r.returncode, 2)
        self.assertIn("not an endpoint of campaigns", r.stderr)
        r = subprocess.run([binary, "--platform", "acd", "--state", "/nonexistent/state.json",
                            "--port", "0"], capture_output=True, text=True, timeout=30)
        self.assertEqual(r.returncode, 1)
        self.assertIn("--state is not supported with --platform acd", r.stderr)


class SkillListTest(AcdTestCase):
    def collect(self, sim, token):
        rows, path, pages, total = [], SERVICES + "skills?mediaTypeId=4&top=100", 0, None
        while path:
            r = sim.http("GET", path.replace(sim.base_url, ""), token=token)
            if r.status == 204:
                break
            self.assertEqual(r.status, 200, r)
            body = r.json()
            rows += body["skills"]
            total = body["totalRecords"]
            pages += 1
            path = body["_links"].get("next")
        return rows, pages, total

    def test_pages_follow_next_links_and_hold_every_phone_skill(self):
        sim = self.start("--campaigns", "5", "--max-page-size", "2")
        rows, pages, total = self.collect(sim, sim.sign_in())
        # 5 PC skills, an inbound and a progressive phone skill; the email skill is filtered.
        self.assertEqual((len(rows), pages, total), (7, 4, 7))
        pc = [r for r in rows if r["isOutbound"] and r["outboundStrategy"] == "Personal Connection"]
        self.assertEqual(len(pc), 5)
        self.assertTrue(all("isRunning" not in r for r in rows))
        self.assertEqual(pc[0]["campaignName"], "Default Campaign")

    def test_next_as_path_or_absent_and_numbers_as_strings(self):
        sim = self.start("--campaigns", "3", "--max-page-size", "2", "--acd-next-link", "path",
                         "--acd-numbers-as-strings")
        token = sim.sign_in()
        body = sim.api("GET", "skills?mediaTypeId=4", token).json()
        self.assertTrue(body["_links"]["next"].startswith(SERVICES + "skills?"))
        self.assertEqual(body["totalRecords"], "5")
        self.assertIsInstance(body["skills"][0]["skillId"], str)
        rows, _, _ = self.collect(sim, token)
        self.assertEqual(len(rows), 5)
        bare = self.start("--campaigns", "3", "--max-page-size", "2", "--acd-next-link", "none")
        token = bare.sign_in()
        body = bare.api("GET", "skills?mediaTypeId=4", token).json()
        self.assertNotIn("next", body["_links"])
        self.assertEqual(len(body["skills"]), 2)
        self.assertEqual(bare.api("GET", "skills?mediaTypeId=4&skip=4", token).json()["skills"][0]
                         ["skillName"], "Seed_Skill_0003")
        self.assertEqual(bare.api("GET", "skills?mediaTypeId=4&skip=5", token).status, 204)

    def test_media_type_is_required_and_filters_apply(self):
        sim = self.start("--campaigns", "2")
        token = sim.sign_in()
        self.assertEqual(sim.api("GET", "skills", token).status, 400)
        self.assertEqual(sim.api("GET", "skills?mediaTypeId=4&top=0", token).status, 400)
        emails = sim.api("GET", "skills?mediaTypeId=1", token).json()["skills"]
        self.assertEqual([s["skillName"] for s in emails], ["Email_Care"])
        found = sim.api("GET", "skills?mediaTypeId=4&searchString=seed_skill_0002", token).json()
        self.assertEqual([s["skillName"] for s in found["skills"]], ["Seed_Skill_0002"])


class CreateTest(AcdTestCase):
    def test_batch_create_answers_200_with_per_item_results(self):
        sim = self.start()
        token = sim.sign_in()
        items = [
            {"mediaTypeId": 4, "skillName": "Q3_Outreach", "isOutbound": True,
             "outboundStrategy": "Personal Connection", "campaignId": 1, "notes": "cxsched:v1"},
            {"mediaTypeId": 4, "skillName": "q3_outreach", "isOutbound": True,
             "outboundStrategy": "Personal Connection", "campaignId": 1},
            {"mediaTypeId": 4, "skillName": "", "campaignId": 1},
            {"mediaTypeId": 4, "skillName": "A" * 31, "campaignId": 1},
            {"mediaTypeId": 4, "skillName": "Bad/Name", "campaignId": 1},
            {"mediaTypeId": 4, "skillName": "No_Campaign"},
        ]
        r = sim.api("POST", "skills", token, body={"skills": items})
        self.assertEqual(r.status, 200, r)
        body = r.json()
        self.assertEqual(body["errorCount"], 5)
        results = body["skillsResults"]
        self.assertTrue(results[0]["success"])
        self.assertIsInstance(results[0]["skillId"], int)
        self.assertEqual([r.get("error") for r in results[1:]], [
            "Skill name in use", "Invalid skill name.Skill name is minimum length of 1",
            "Invalid skill name.Skill name is maximum length of 30",
            "Invalid skill name.Skill name contains invalid characters", "Invalid campaignId"])
        self.assertTrue(all("skillId" not in r for r in results[1:]))
        skill = sim.api("GET", f"skills/{results[0]['skillId']}", token).json()
        self.assertEqual((skill["skillName"], skill["notes"], skill["isActive"]),
                         ("Q3_Outreach", "cxsched:v1", True))
        self.assertEqual(sim.api("POST", "skills", token, body={"skills": []}).status, 400)

    def test_result_set_wrapper_and_missing_skill_id_by_switch(self):
        sim = self.start("--acd-create-result-set", "--acd-create-no-skill-id")
        token = sim.sign_in()
        body = sim.create(token, "Wrapped").json()
        self.assertEqual(list(body), ["resultSet"])
        self.assertEqual(body["resultSet"], {"errorCount": 0,
                                             "skillsResults": [{"success": True}]})

    def test_a_new_skill_lags_the_list_but_not_get(self):
        sim = self.start("--acd-list-lag-ms", "800")
        token = sim.sign_in()
        skill_id = self.new_skill(sim, token, "Lagging")
        names = lambda: [s["skillName"] for s in
                         sim.api("GET", "skills?mediaTypeId=4", token).json()["skills"]]
        self.assertNotIn("Lagging", names())
        self.assertEqual(sim.api("GET", f"skills/{skill_id}", token).status, 200)
        self.assertEqual(sim.create(token, "LAGGING").json()["skillsResults"][0]["error"],
                         "Skill name in use")
        wait_for(lambda: "Lagging" in names(), message="the skill to reach the list")

    def test_get_flat_or_wrapped_and_404(self):
        for args, wrapped in (((), False), (("--acd-skill-wrapped",), True)):
            sim = self.start(*args)
            token = sim.sign_in()
            skill_id = self.new_skill(sim, token, "Shape")
            body = sim.api("GET", f"skills/{skill_id}", token).json()
            one = body["skills"][0] if wrapped else body
            self.assertEqual(list(body), ["skills"] if wrapped else list(one))
            self.assertEqual(one["skillId"], skill_id)
            r = sim.api("GET", "skills/999999", token)
            self.assertEqual((r.status, r.json()["errorDescription"]), (404, "Invalid skillId"))
            self.assertEqual(r.header("icStatusDescription"), "Invalid skillId")

    def test_put_skill_changes_notes_and_refuses_duplicates(self):
        sim = self.start("--activation-delay-ms", "0")
        token = sim.sign_in()
        a = self.new_skill(sim, token, "First")
        self.new_skill(sim, token, "Second")
        r = sim.api("PUT", f"skills/{a}", token, body={"skill": {"notes": "marker"}})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(sim.api("GET", f"skills/{a}", token).json()["notes"], "marker")
        r = sim.api("PUT", f"skills/{a}", token, body={"skill": {"skillName": "second"}})
        self.assertEqual((r.status, r.json()["errorDescription"]), (400, "Skill name in use"))
        self.assertEqual(sim.api("PUT", f"skills/{a}", token, body={"notes": "x"}).status, 400)
        self.assertEqual(sim.api("POST", f"skills/{a}/start", token).status, 202)
        r = sim.api("PUT", f"skills/{a}", token, body={"skill": {"notes": "late"}})
        self.assertEqual(r.status, 409)


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


class FaultTest(AcdTestCase):
    def test_429_carries_no_retry_after_unless_asked(self):
        sim = self.start("--rate-limit", "skills.get=1/60")
        token = sim.sign_in()
        skill = self.new_skill(sim, token, "Limited")
        self.assertEqual(sim.api("GET", f"skills/{skill}", token).status, 200)
        r = sim.api("GET", f"skills/{skill}", token)
        self.assertEqual((r.status, r.header("Retry-After")), (429, None))
        sim.fault(endpoint="skills.list", status=429)
        r = sim.api("GET", "skills?mediaTypeId=4", token)
        self.assertEqual((r.status, r.header("Retry-After")), (429, None))
        sim.fault(endpoint="skills.list", status=429, retryAfter=3)
        self.assertEqual(sim.api("GET", "skills?mediaTypeId=4", token).header("Retry-After"), "3")
        self.assertEqual(sim.api("GET", "skills?mediaTypeId=4", token).status, 200)
        bad = sim.http("POST", "/_sim/faults", body={"endpoint": "campaigns.get", "status": 500})
        self.assertEqual(bad.status, 400)

    def test_a_committed_create_fault_leaves_the_skill_behind(self):
        sim = self.start()
        token = sim.sign_in()
        sim.fault(endpoint="skills.create", status=502, commit=True)
        self.assertEqual(sim.create(token, "Ghost").status, 502)
        names = [s["skillName"] for s in sim.admin("GET", "/_sim/skills")["skills"]]
        self.assertIn("Ghost", names)

    def test_a_scripted_per_item_refusal_answers_200_without_a_skill(self):
        sim = self.start()
        token = sim.sign_in()
        sim.fault(endpoint="skills.create.result", error="Skill setup failed. Skill cannot be "
                  "marked active")
        r = sim.create(token, "Refused")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), {"errorCount": 1, "skillsResults": [{
            "success": False, "error": "Skill setup failed. Skill cannot be marked active"}]})
        names = [s["skillName"] for s in sim.admin("GET", "/_sim/skills")["skills"]]
        self.assertNotIn("Refused", names)
        self.assertTrue(sim.create(token, "Refused").json()["skillsResults"][0]["success"])

    def test_the_request_log_names_endpoints_and_hides_secrets(self):
        sim = self.start()
        token = sim.sign_in()
        sim.api("GET", "skills?mediaTypeId=4", token)
        log = sim.requests()
        self.assertEqual([e["endpoint"] for e in log], ["token", "skills.list"])
        self.assertIsNone(log[0]["body"])
        self.assertEqual(log[1]["clientId"], "demo-client")
        self.assertEqual(log[1]["query"], "mediaTypeId=4")
        self.assertEqual(log[1]["accept"], "application/json")
        stats = sim.admin("GET", "/_sim/stats")
        self.assertEqual(stats["endpoints"]["skills.list"]["byStatus"], {"200": 1})


if __name__ == "__main__":
    unittest.main()
