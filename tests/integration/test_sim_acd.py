"""Contract tests of `cxone-sim --platform acd` (the CXone ACD Admin API
subset of acd-contract.md), through plain HTTP (urllib): sign-in, discovery,
the business unit, skill lists, batch create, faults and the request log.
The parameter blocks, start/stop and reporting are in test_sim_acd_skills.py."""

import datetime
import subprocess
import unittest

from acd_harness import KEY, SERVICES, AcdTestCase, claims
from harness import _env_path, wait_for


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
                r = self.sim.http("POST", "/authentication/v1/token/access-key", body=body,
                                  headers={"Content-Type": "application/json"})
                self.assertEqual(r.status, status, r)
        self.assertEqual(self.sim.http("POST", "/oauth/token", body={}).status, 404)
        form = self.sim.http("POST", "/authentication/v1/token/access-key", form=KEY)
        self.assertEqual(form.status, 415)

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

    def test_config_clients_are_the_access_keys(self):
        sim = self.start(config={"clients": [{"id": "ci-key", "secret": "s3cret",
                                              "scopes": ["campaign:read"]}],
                                 "rateLimits": {"token": {"requests": 2, "perSeconds": 60}}})
        token = sim.sign_in({"accessKeyId": "ci-key", "accessKeySecret": "s3cret"})
        self.assertEqual(sim.create(token, "Nope").status, 403)
        # The default keys are gone; sign-ins are limited per key, without Retry-After.
        answers = [sim.http("POST", "/authentication/v1/token/access-key", body=KEY)
                   for _ in range(3)]
        self.assertEqual([(r.status, r.header("Retry-After")) for r in answers],
                         [(401, None), (401, None), (429, None)])

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
        for accept in ("text/html", "*/*"):
            r = sim.http("GET", SERVICES + "business-unit", token=token, headers={"Accept": accept})
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

    def test_updated_since_last_poll_time_lists_only_changed_skills(self):
        sim = self.start("--campaigns", "3")
        token = sim.sign_in()
        first = sim.api("GET", "skills?mediaTypeId=4", token).json()
        poll = first["lastPollTime"]
        since = lambda: sim.api("GET", f"skills?mediaTypeId=4&updatedSince={poll}", token)
        self.assertEqual(since().status, 204)
        changed = first["skills"][-1]["skillId"]
        r = sim.api("PUT", f"skills/{changed}/parameters/retry-settings", token,
                    body={"retrySettings": {"maximumAttempts": 4}})
        self.assertEqual(r.status, 200, r)
        self.assertEqual([s["skillId"] for s in since().json()["skills"]], [changed])
        self.assertEqual(sim.api("GET", "skills?mediaTypeId=4&updatedSince=yesterday",
                                 token).status, 400)

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
