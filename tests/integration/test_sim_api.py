"""Contract tests of cxone-sim itself, through plain HTTP (urllib)."""

import datetime
import json
import math
import os
import signal
import subprocess
import tempfile
import unittest

from harness import Sim, SimTestCase, _env_path, basic_auth, campaign, http, wait_for

ALL_SCOPES = "campaign:read campaign:write analytics:campaign:read"


class TokenTest(SimTestCase):
    def setUp(self):
        self.sim = self.start()

    def test_json_body_issues_a_bearer_token_with_the_client_scopes(self):
        r = self.sim.http("POST", "/oauth/token", body={
            "grant_type": "client_credentials", "client_id": "demo-client",
            "client_secret": "demo-secret"})
        self.assertEqual(r.status, 200, r)
        body = r.json()
        self.assertEqual(body["token_type"], "Bearer")
        self.assertEqual(body["expires_in"], 3600)
        self.assertEqual(body["scope"], ALL_SCOPES)
        self.assertRegex(body["access_token"], r"^sim\.[0-9a-f]{32}$")
        self.assertEqual(r.header("Content-Type"), "application/json")

    def test_form_body_and_basic_credentials_are_accepted(self):
        r = self.sim.http("POST", "/oauth/token", form={
            "grant_type": "client_credentials", "client_id": "readonly-client",
            "client_secret": "readonly-secret"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["scope"], "campaign:read")
        r = self.sim.http("POST", "/oauth/token", form={"grant_type": "client_credentials"},
                          headers={"Authorization": basic_auth("demo-client", "demo-secret")})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["scope"], ALL_SCOPES)

    def test_basic_credentials_are_form_decoded(self):
        sim = self.start(config={"clients": [{"id": "ci:bot", "secret": "p&ss w=rd%",
                                              "scopes": ["campaign:read"]}]})
        r = sim.http("POST", "/oauth/token", form={"grant_type": "client_credentials"},
                     headers={"Authorization": basic_auth("ci:bot", "p&ss w=rd%")})
        self.assertEqual(r.status, 200, r)
        r = sim.http("POST", "/oauth/token", form={"grant_type": "client_credentials"},
                     headers={"Authorization": basic_auth("ci:bot", "p&ss")})
        self.assertEqual((r.status, r.header("WWW-Authenticate")), (401, 'Basic realm="cxone-sim"'))

    def test_bad_requests_get_oauth_errors(self):
        cases = [
            ({"grant_type": "client_credentials", "client_id": "demo-client",
              "client_secret": "wrong"}, 401, "invalid_client"),
            ({"grant_type": "client_credentials", "client_id": "nobody",
              "client_secret": "x"}, 401, "invalid_client"),
            ({"grant_type": "password", "client_id": "demo-client",
              "client_secret": "demo-secret"}, 400, "unsupported_grant_type"),
            ({"client_id": "demo-client", "client_secret": "demo-secret"}, 400,
             "invalid_request"),
            ({"grant_type": "client_credentials", "client_id": "demo-client"}, 400,
             "invalid_request"),
        ]
        for body, status, error in cases:
            with self.subTest(body=body):
                r = self.sim.http("POST", "/oauth/token", body=body)
                self.assertEqual(r.status, status, r)
                self.assertEqual(r.json()["error"], error)
        r = self.sim.http("POST", "/oauth/token", body="{not json",
                          headers={"Content-Type": "application/json"})
        self.assertEqual((r.status, r.json()["error"]), (400, "invalid_request"))

    def test_missing_unknown_and_revoked_tokens_get_401(self):
        r = self.sim.http("GET", "/api/v2/campaigns")
        self.assertEqual(r.status, 401)
        self.assertEqual(r.header("Content-Type"), "application/json")
        r = self.sim.http("GET", "/api/v2/campaigns", token="sim.not-a-token")
        self.assertEqual(r.status, 401)
        self.assertEqual(r.header("WWW-Authenticate"), 'Bearer error="invalid_token"')

        demo = self.sim.token()
        readonly = self.sim.token("readonly-client", "readonly-secret")
        self.assertEqual(self.sim.http("GET", "/api/v2/campaigns", token=demo).status, 200)
        self.assertEqual(self.sim.admin("POST", "/_sim/tokens/revoke",
                                        {"clientId": "demo-client"}), {"revoked": 1})
        r = self.sim.http("GET", "/api/v2/campaigns", token=demo)
        self.assertEqual(r.status, 401)
        self.assertEqual(r.header("WWW-Authenticate"), 'Bearer error="invalid_token"')
        self.assertEqual(self.sim.http("GET", "/api/v2/campaigns", token=readonly).status, 200)
        self.assertEqual(self.sim.http("GET", "/api/v2/campaigns",
                                       token=self.sim.token()).status, 200)
        self.assertEqual(self.sim.admin("POST", "/_sim/tokens/revoke", {})["revoked"], 2)
        self.assertEqual(self.sim.http("GET", "/api/v2/campaigns", token=readonly).status, 401)

    def test_missing_scope_gets_403_naming_it(self):
        readonly = self.sim.token("readonly-client", "readonly-secret")
        r = self.sim.http("POST", "/api/v2/campaigns", body=campaign("Test_Scope"), token=readonly)
        self.assertEqual(r.status, 403)
        self.assertEqual(r.json(), {"code": "forbidden", "message": "missing scope campaign:write"})
        r = self.sim.http("POST", "/api/v2/analytics/campaigns/details/query", body={},
                          token=readonly)
        self.assertEqual(r.json()["message"], "missing scope analytics:campaign:read")
        self.assertEqual(self.sim.campaigns(), [])


class TokenExpiryTest(SimTestCase):
    def test_a_token_expires_after_its_ttl(self):
        sim = self.start("--token-ttl", "1")
        token = sim.token()
        self.assertEqual(sim.http("GET", "/api/v2/campaigns", token=token).status, 200)
        r = wait_for(lambda: (lambda x: x if x.status == 401 else None)(
            sim.http("GET", "/api/v2/campaigns", token=token)), timeout=10, message="expiry")
        self.assertEqual(r.header("WWW-Authenticate"), 'Bearer error="invalid_token"')
        self.assertIn("expired", r.json()["message"])


class PaginationTest(SimTestCase):
    def test_walking_240_campaigns_with_page_size_25(self):
        sim = self.start("--campaigns", "240")
        token = sim.token()
        path = "/api/v2/campaigns?pageSize=25&pageNumber=1"
        names, pages = [], 0
        while path:
            r = sim.http("GET", path, token=token)
            self.assertEqual(r.status, 200, r)
            page = r.json()
            pages += 1
            self.assertEqual((page["pageSize"], page["pageNumber"], page["total"],
                              page["pageCount"]), (25, pages, 240, 10))
            self.assertLessEqual(len(page["entities"]), 25)
            names += [c["name"] for c in page["entities"]]
            path = page.get("nextUri")
            if path:
                self.assertEqual(path, f"/api/v2/campaigns?pageSize=25&pageNumber={pages + 1}")
        self.assertEqual(pages, 10)
        self.assertEqual(names, [f"Seed_Campaign_{i:04d}" for i in range(1, 241)])

        past = sim.http("GET", "/api/v2/campaigns?pageSize=25&pageNumber=11", token=token).json()
        self.assertEqual(past["entities"], [])
        self.assertEqual((past["total"], past["pageCount"]), (240, 10))
        self.assertNotIn("nextUri", past)
        default = sim.http("GET", "/api/v2/campaigns", token=token).json()
        self.assertEqual((default["pageSize"], len(default["entities"])), (25, 25))

    def test_generated_campaigns_are_a_realistic_deterministic_mix(self):
        sim = self.start("--campaigns", "240", "--seed", "5", "--today", "2025-03-20")
        first = sim.campaigns()
        statuses = {c["status"] for c in first}
        self.assertTrue({"COMPLETED", "DRAFT", "PAUSED", "CANCELED", "ACTIVE",
                         "SCHEDULED"} <= statuses)
        for c in first:
            start, end = c["startDate"][:10], c["endDate"][:10]
            if c["status"] in ("ACTIVE", "SCHEDULED"):
                self.assertIn(c["routingSettings"]["queueId"],
                              [f"queue_0{i}" for i in range(1, 6)])
            if c["status"] == "ACTIVE":  # live on the day
                self.assertLess(start, "2025-03-20", c)
                self.assertGreater(end, "2025-03-20", c)
            if c["status"] == "SCHEDULED":
                self.assertGreater(start, "2025-03-20", c)
            if c["status"] == "COMPLETED":
                self.assertLess(end, "2025-03-20", c)
        again = self.start("--campaigns", "240", "--seed", "5", "--today", "2025-03-20")
        self.assertEqual(again.campaigns(), first)

    def test_today_defaults_to_the_real_date_and_must_be_a_date(self):
        today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
        sim = self.start("--campaigns", "60", "--seed", "5")
        active = [c for c in sim.campaigns() if c["status"] == "ACTIVE"]
        self.assertTrue(active)
        for c in active:
            self.assertLessEqual(c["startDate"][:10], today, c)
            self.assertGreaterEqual(c["endDate"][:10], today, c)
        for bad in ("2025-02-30", "20250320", "tomorrow"):
            r = subprocess.run([_env_path("CXONE_SIM_BIN"), "--today", bad, "--port", "0"],
                               capture_output=True, text=True, timeout=30)
            self.assertEqual(r.returncode, 2, bad)
            self.assertIn("--today", r.stderr)

    def test_page_size_is_validated_and_capped_by_the_server(self):
        sim = self.start("--campaigns", "240", "--max-page-size", "100")
        token = sim.token()
        for query in ("pageSize=0", "pageSize=501", "pageSize=abc", "pageNumber=0",
                      "pageNumber=-1"):
            with self.subTest(query=query):
                r = sim.http("GET", "/api/v2/campaigns?" + query, token=token)
                self.assertEqual(r.status, 400, r)
                self.assertEqual(r.json()["code"], "invalid_request")
        page = sim.http("GET", "/api/v2/campaigns?pageSize=500", token=token).json()
        self.assertEqual(len(page["entities"]), 100)
        self.assertEqual((page["pageSize"], page["pageCount"]), (100, 3))
        self.assertEqual(page["nextUri"], "/api/v2/campaigns?pageSize=100&pageNumber=2")
        last = sim.http("GET", "/api/v2/campaigns?pageSize=500&pageNumber=3", token=token).json()
        self.assertEqual(len(last["entities"]), 40)
        self.assertNotIn("nextUri", last)


class CreateTest(SimTestCase):
    def setUp(self):
        self.sim = self.start()
        self.token = self.sim.token()

    def create(self, body, **headers):
        return self.sim.http("POST", "/api/v2/campaigns", body=body, token=self.token,
                             headers=headers)

    def test_a_valid_campaign_is_created_with_server_fields(self):
        spec = campaign("Test_Create", customField={"kept": True}, id="c-mine",
                        status="ACTIVE", dateCreated="2020-01-01T00:00:00Z")
        r = self.create(spec)
        self.assertEqual(r.status, 201, r)
        body = r.json()
        self.assertRegex(body["id"], r"^c-[0-9a-f]+$")
        self.assertNotEqual(body["id"], "c-mine")
        self.assertEqual(body["status"], "SCHEDULED")
        self.assertRegex(body["dateCreated"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        self.assertNotEqual(body["dateCreated"], "2020-01-01T00:00:00Z")
        self.assertEqual(body["customField"], {"kept": True})
        self.assertEqual(body["dialerSettings"], spec["dialerSettings"])
        self.assertEqual(r.header("Location"), "/api/v2/campaigns/" + body["id"])
        got = self.sim.http("GET", "/api/v2/campaigns/" + body["id"], token=self.token)
        self.assertEqual((got.status, got.json()), (200, body))

        past = self.create(campaign("Test_Past", startDate="2024-02-01T08:00:00-05:00"))
        self.assertEqual(past.json()["status"], "DRAFT")

    def test_every_invalid_field_is_reported(self):
        spec = campaign("Test_Invalid", campaignType="ROBOCALL", timezone="Mars/Olympus",
                        endDate="2027-02-26T18:00:00",
                        executionWindows=[
                            {"days": ["MON"], "start": "09:00", "end": "17:00"},
                            {"days": ["FUNDAY"], "start": "18:00", "end": "17:30"},
                            {"days": ["SAT"], "start": "10:00", "end": "24:00"},
                            {"days": [], "start": "9:00", "end": "24:30"}],
                        excludeDates=["2027-02-30"],
                        dialerSettings={"maxAttempts": 11, "retryInterval": 30,
                                        "dropRate": 1.5},
                        routingSettings={"overflowStrategy": "HANGUP"})
        del spec["name"]
        r = self.create(spec)
        self.assertEqual(r.status, 400, r)
        body = r.json()
        self.assertEqual(body["code"], "invalid_request")
        fields = [d["field"] for d in body["details"]]
        self.assertEqual(fields, [
            "name", "campaignType", "timezone", "endDate",
            "executionWindows[1].days[0]", "executionWindows[1].end",
            "executionWindows[3].days", "executionWindows[3].start", "executionWindows[3].end",
            "excludeDates[0]", "dialerSettings.maxAttempts", "dialerSettings.retryInterval",
            "dialerSettings.dropRate", "routingSettings.queueId",
            "routingSettings.overflowStrategy"])
        self.assertEqual(self.sim.campaigns(), [])

    def test_offsets_must_match_the_zone_at_those_instants(self):
        r = self.create(campaign("Test_Offset", startDate="2027-02-01T08:00:00-04:00",
                                 endDate="2027-07-01T18:00:00-05:00"))
        self.assertEqual(r.status, 400)
        details = {d["field"]: d["message"] for d in r.json()["details"]}
        self.assertEqual(set(details), {"startDate", "endDate"})
        self.assertIn("expected -05:00", details["startDate"])
        self.assertIn("expected -04:00", details["endDate"])
        ok = self.create(campaign("Test_Offset_Dst", endDate="2027-07-01T18:00:00-04:00"))
        self.assertEqual(ok.status, 201, ok)
        kolkata = self.create(campaign("Test_Kolkata", timezone="Asia/Kolkata",
                                       startDate="2027-02-01T08:00:00+05:30",
                                       endDate="2027-02-02T02:30:00Z"))
        self.assertIn("expected +05:30", kolkata.json()["details"][0]["message"])
        london = self.create(campaign("Test_London", timezone="Europe/London",
                                      startDate="2027-02-01T08:00:00Z",
                                      endDate="2027-02-02T08:00:00+00:00"))
        self.assertEqual(london.status, 201, london)

    def test_end_must_follow_start_and_body_must_be_json(self):
        r = self.create(campaign("Test_Order", endDate="2027-02-01T08:00:00-05:00"))
        self.assertEqual([d["field"] for d in r.json()["details"]], ["endDate"])
        r = self.sim.http("POST", "/api/v2/campaigns", body="{\"name\": ", token=self.token,
                          headers={"Content-Type": "application/json"})
        self.assertEqual((r.status, r.json()["code"]), (400, "invalid_request"))
        r = self.create([1, 2])
        self.assertEqual(r.status, 400)

    def test_duplicate_names_conflict_exactly_and_case_sensitively(self):
        first = self.create(campaign("Test_Dup")).json()
        self.sim.seed_campaign({"id": "c-old", "name": "Test_Old", "status": "COMPLETED"})
        for name, existing in (("Test_Dup", first["id"]), ("Test_Old", "c-old")):
            r = self.create(campaign(name))
            self.assertEqual(r.status, 409, r)
            self.assertEqual(r.json()["code"], "duplicate_name")
            self.assertEqual(r.json()["existingId"], existing)
        self.assertEqual(self.create(campaign("test_dup")).status, 201)

    def test_idempotency_key_replays_the_first_response_per_client(self):
        first = self.create(campaign("Test_Idem"), **{"Idempotency-Key": "k-1"})
        self.assertEqual(first.status, 201)
        again = self.create(campaign("Test_Idem_Other"), **{"Idempotency-Key": "k-1"})
        self.assertEqual((again.status, again.json()), (201, first.json()))
        self.assertEqual(len(self.sim.campaigns()), 1)
        bad = self.create({"name": "x"}, **{"Idempotency-Key": "k-2"})
        self.assertEqual(bad.status, 400)
        self.assertEqual(self.create(campaign("Test_Fixed"), **{"Idempotency-Key": "k-2"}).json(),
                         bad.json())


class IdempotencyAcrossClientsTest(SimTestCase):
    def test_the_same_key_from_another_client_is_a_new_request(self):
        clients = [{"id": c, "secret": "s", "scopes": ["campaign:read", "campaign:write"]}
                   for c in ("writer-a", "writer-b")]
        sim = self.start(config={"clients": clients})
        a = sim.http("POST", "/api/v2/campaigns", body=campaign("Test_A"),
                     token=sim.token("writer-a", "s"), headers={"Idempotency-Key": "same"})
        b = sim.http("POST", "/api/v2/campaigns", body=campaign("Test_B"),
                     token=sim.token("writer-b", "s"), headers={"Idempotency-Key": "same"})
        self.assertEqual((a.status, b.status), (201, 201))
        self.assertNotEqual(a.json()["id"], b.json()["id"])
        self.assertEqual(sim.token("writer-a", "s")[:4], "sim.")
        self.assertEqual(sim.http("POST", "/oauth/token", body={
            "grant_type": "client_credentials", "client_id": "demo-client",
            "client_secret": "demo-secret"}).status, 401)


class ActivationTest(SimTestCase):
    def setUp(self):
        self.sim = self.start("--activation-delay-ms", "300")
        self.token = self.sim.token()

    def created(self, name, **overrides):
        r = self.sim.http("POST", "/api/v2/campaigns", body=campaign(name, **overrides),
                          token=self.token)
        self.assertEqual(r.status, 201, r)
        return r.json()["id"]

    def activate(self, cid):
        return self.sim.http("POST", f"/api/v2/campaigns/{cid}/activate", token=self.token)

    def status_becomes(self, cid, wanted):
        def check():
            body = self.sim.http("GET", f"/api/v2/campaigns/{cid}", token=self.token).json()
            return body if body["status"] == wanted else None
        return wait_for(check, timeout=10, message=f"{cid} to become {wanted}")

    def test_activation_goes_through_activating_to_active(self):
        # A delay long enough that the reads right after activate see ACTIVATING
        # even on a loaded machine.
        self.sim = self.start("--activation-delay-ms", "2500")
        self.token = self.sim.token()
        cid = self.created("Test_Activate")
        r = self.activate(cid)
        self.assertEqual(r.status, 202, r)
        self.assertEqual(r.json()["status"], "ACTIVATING")
        self.assertEqual(self.sim.http("GET", f"/api/v2/campaigns/{cid}",
                                       token=self.token).json()["status"], "ACTIVATING")
        again = self.activate(cid)
        self.assertEqual((again.status, again.json()["status"]), (200, "ACTIVATING"))
        body = self.status_becomes(cid, "ACTIVE")
        self.assertNotIn("statusReason", body)
        again = self.activate(cid)
        self.assertEqual((again.status, again.json()), (200, body))

    def test_a_missing_queue_fails_with_a_reason_and_cannot_be_reactivated(self):
        cid = self.created("Test_NoQueue", routingSettings={"queueId": "queue_missing_7"})
        self.assertEqual(self.activate(cid).status, 202)
        body = self.status_becomes(cid, "FAILED")
        self.assertEqual(body["statusReason"], "routing queue 'queue_missing_7' does not exist")
        r = self.activate(cid)
        self.assertEqual((r.status, r.json()["code"]), (409, "invalid_state"))

    def test_scripted_activation_results_and_terminal_states(self):
        self.sim.fault(endpoint="campaigns.activate.result", status="FAILED",
                       reason="dialer capacity exhausted", count=1)
        cid = self.created("Test_Scripted")
        self.activate(cid)
        self.assertEqual(self.status_becomes(cid, "FAILED")["statusReason"],
                         "dialer capacity exhausted")
        next_one = self.created("Test_After_Script")
        self.activate(next_one)
        self.status_becomes(next_one, "ACTIVE")
        for status in ("COMPLETED", "CANCELED"):
            self.sim.seed_campaign({"id": f"c-{status.lower()}", "name": status,
                                    "status": status})
            self.assertEqual(self.activate(f"c-{status.lower()}").status, 409)
        self.assertEqual(self.activate("c-does-not-exist").status, 404)
        self.assertEqual(self.sim.http("GET", "/api/v2/campaigns/c-nope",
                                       token=self.token).json()["code"], "not_found")

    def test_configured_queues_are_the_only_ones_that_exist(self):
        sim = self.start(config={"queues": ["queue_abc123"], "activationDelayMs": 0})
        token = sim.token()
        ids = {}
        for name, queue in (("Test_Known", "queue_abc123"), ("Test_Unknown", "queue_zzz")):
            ids[name] = sim.http("POST", "/api/v2/campaigns", token=token, body=campaign(
                name, routingSettings={"queueId": queue})).json()["id"]
            self.assertEqual(sim.http("POST", f"/api/v2/campaigns/{ids[name]}/activate",
                                      token=token).status, 202)
        known = sim.http("GET", f"/api/v2/campaigns/{ids['Test_Known']}", token=token).json()
        unknown = sim.http("GET", f"/api/v2/campaigns/{ids['Test_Unknown']}", token=token).json()
        self.assertEqual(known["status"], "ACTIVE")
        self.assertEqual((unknown["status"], unknown["statusReason"]),
                         ("FAILED", "routing queue 'queue_zzz' does not exist"))


# A campaign in the past: Mon 2025-06-02 .. Mon 2025-06-09 New York (EDT, UTC-4),
# weekdays 09:00-12:00 and 13:00-17:00 local = 13:00-16:00Z and 17:00-21:00Z.
PAST_CAMPAIGN = {
    "id": "c-past", "name": "Test_Past_Active", "status": "ACTIVE",
    "campaignType": "PREDICTIVE", "timezone": "America/New_York",
    "startDate": "2025-06-02T00:00:00-04:00", "endDate": "2025-06-09T00:00:00-04:00",
    "executionWindows": [
        {"days": ["MON", "TUE", "WED", "THU", "FRI"], "start": "09:00", "end": "12:00"},
        {"days": ["MON", "TUE", "WED", "THU", "FRI"], "start": "13:00", "end": "17:00"}],
    "routingSettings": {"queueId": "queue_abc123"},
}
ALL_METRICS = [{"name": n, "type": t} for n, t in (
    ("callsAttempted", "count"), ("callsConnected", "count"), ("callsAbandoned", "count"),
    ("talkTimeSeconds", "sum"), ("dialingSeconds", "sum"), ("scheduleAdherence", "percent"))]


def values(result):
    return {d["name"]: d["value"] for d in result["data"]}


def utc_minutes(start, end):
    """The UTC minute indices (Unix seconds // 60) of [start, end)."""
    to_minute = lambda t: int(datetime.datetime.fromisoformat(
        t.replace("Z", "+00:00")).timestamp()) // 60
    return list(range(to_minute(start), to_minute(end)))


def abandoned(minutes, rate=0.03):
    """Active minutes m with floor((m + 1) r) > floor(m r): one abandoned call each."""
    return sum(1 for m in minutes if math.floor((m + 1) * rate) > math.floor(m * rate))


def expected_totals(minutes, adherence=None, rate=0.03):
    a = len(minutes)
    out = {"callsAttempted": 3 * a, "callsConnected": a,
           "callsAbandoned": abandoned(minutes, rate),
           "talkTimeSeconds": 150 * a, "dialingSeconds": 60 * a}
    if adherence is not None:
        out["scheduleAdherence"] = adherence
    return out


def on_june_5(*spans):
    """The UTC minutes of ("HH:MM", "HH:MM") spans on 2025-06-05."""
    return [m for lo, hi in spans
            for m in utc_minutes(f"2025-06-05T{lo}:00Z", f"2025-06-05T{hi}:00Z")]


class AnalyticsTest(SimTestCase):
    def setUp(self):
        self.sim = self.start()
        self.token = self.sim.token()
        self.sim.seed_campaign(PAST_CAMPAIGN)

    def query(self, **kw):
        body = {"dateRange": {"startDate": "2025-06-05T00:00:00Z",
                              "endDate": "2025-06-06T00:00:00Z"},
                "groupBy": ["timeInterval"], "metrics": ALL_METRICS,
                "campaignId": "c-past", "interval": "PT1H"}
        body.update(kw)
        return self.sim.http("POST", "/api/v2/analytics/campaigns/details/query", body=body,
                             token=self.token)

    def test_hourly_buckets_on_a_late_day_with_an_overrun(self):
        # Thursday is day 3: the dialer starts 15 minutes late in each window
        # and overruns the last window by 10 minutes (21:00-21:10Z).
        r = self.query()
        self.assertEqual(r.status, 200, r)
        body = r.json()
        self.assertEqual((body["campaignId"], body["interval"]), ("c-past", "PT1H"))
        got = {res["group"]["timeInterval"]: values(res) for res in body["results"]}
        hour = lambda h: f"2025-06-05T{h:02d}:00:00Z/2025-06-05T{h + 1:02d}:00:00Z"
        full = lambda h: on_june_5((f"{h:02d}:00", f"{h + 1:02d}:00"))
        self.assertEqual(got, {
            hour(13): expected_totals(on_june_5(("13:15", "14:00")), 75.0),
            hour(14): expected_totals(full(14), 100.0),
            hour(15): expected_totals(full(15), 100.0),
            hour(17): expected_totals(on_june_5(("17:15", "18:00")), 75.0),
            hour(18): expected_totals(full(18), 100.0),
            hour(19): expected_totals(full(19), 100.0),
            hour(20): expected_totals(full(20), 100.0),
            hour(21): expected_totals(on_june_5(("21:00", "21:10")))})
        self.assertEqual([res["group"]["timeInterval"] for res in body["results"]],
                         sorted(got))
        self.assertGreater(sum(v["callsAbandoned"] for v in got.values()), 0)

    def test_one_daily_bucket_and_a_clipped_range(self):
        r = self.query(interval="P1D")
        [res] = r.json()["results"]
        self.assertEqual(res["group"], {"timeInterval": "2025-06-05T00:00:00Z/2025-06-06T00:00:00Z"})
        # Active 165 + 225 + 10 minutes; 390 of the 420 scheduled minutes.
        active = on_june_5(("13:15", "16:00"), ("17:15", "21:10"))
        self.assertEqual(len(active), 400)
        self.assertEqual(values(res), expected_totals(active, 92.86))
        r = self.query(interval="P1D", dateRange={"startDate": "2025-06-02T15:30:00Z",
                                                  "endDate": "2025-06-02T17:30:00Z"})
        [res] = r.json()["results"]
        self.assertEqual(res["group"]["timeInterval"],
                         "2025-06-02T15:30:00Z/2025-06-02T17:30:00Z")
        self.assertEqual(values(res), expected_totals(
            utc_minutes("2025-06-02T15:30:00Z", "2025-06-02T16:00:00Z")
            + utc_minutes("2025-06-02T17:00:00Z", "2025-06-02T17:30:00Z"), 100.0))

    def test_abandoned_calls_add_up_across_bucket_sizes(self):
        totals = {}
        for interval in ("PT15M", "PT30M", "PT1H", "P1D"):
            results = self.query(interval=interval).json()["results"]
            totals[interval] = sum(values(res)["callsAbandoned"] for res in results)
        expected = abandoned(on_june_5(("13:15", "16:00"), ("17:15", "21:10")))
        self.assertGreater(expected, 0)
        self.assertEqual(totals, dict.fromkeys(totals, expected))

    def test_abandoned_calls_follow_the_campaign_drop_rate(self):
        active = on_june_5(("13:15", "16:00"), ("17:15", "21:10"))
        # Seeded campaigns skip validation: a rate outside [0, 1] is clamped.
        for rate, effective in ((0.0, 0.0), (0.05, 0.05), (0.5, 0.5), (1.0, 1.0), (7, 1.0)):
            with self.subTest(rate=rate):
                cid = f"c-rate-{rate}"
                self.sim.seed_campaign(dict(PAST_CAMPAIGN, id=cid, name=cid, dialerSettings={
                    "maxAttempts": 3, "retryInterval": 3600, "dropRate": rate}))
                [res] = self.query(campaignId=cid, interval="P1D").json()["results"]
                self.assertEqual(values(res), expected_totals(active, 92.86, effective))
        self.assertEqual(abandoned(active, 1.0), 400)
        self.assertEqual(abandoned(active, 0.0), 0)

    def test_only_whole_active_minutes_can_abandon_a_call(self):
        # With r = 1 every whole active minute abandons one call; the partial
        # minutes at both ends of an unaligned range do not.
        self.sim.seed_campaign(dict(PAST_CAMPAIGN, id="c-all", name="c-all", dialerSettings={
            "maxAttempts": 3, "retryInterval": 3600, "dropRate": 1}))
        r = self.query(campaignId="c-all", groupBy=[],
                       dateRange={"startDate": "2025-06-05T14:00:30Z",
                                  "endDate": "2025-06-05T14:10:00Z"})
        [res] = r.json()["results"]
        got = values(res)
        self.assertEqual((got["callsConnected"], got["callsAbandoned"]), (9, 9))
        r = self.query(campaignId="c-all", groupBy=[],
                       dateRange={"startDate": "2025-06-05T14:00:30Z",
                                  "endDate": "2025-06-05T14:10:20Z"})
        got = values(r.json()["results"][0])
        self.assertEqual((got["callsConnected"], got["callsAbandoned"]), (9, 9))

    def test_disposition_groups_split_the_calls_and_repeat_the_bucket_metrics(self):
        r = self.query(groupBy=["timeInterval", "disposition"],
                       dateRange={"startDate": "2025-06-05T13:00:00Z",
                                  "endDate": "2025-06-05T14:00:00Z"})
        groups = {res["group"]["disposition"]: values(res) for res in r.json()["results"]}
        x = abandoned(on_june_5(("13:15", "14:00")))
        self.assertGreater(x, 0)
        self.assertEqual(groups, {
            "CONNECTED": {"callsAttempted": 45, "callsConnected": 45, "callsAbandoned": 0,
                          "talkTimeSeconds": 6750, "dialingSeconds": 2700,
                          "scheduleAdherence": 75.0},
            "NO_ANSWER": {"callsAttempted": 90 - x, "callsConnected": 0, "callsAbandoned": 0,
                          "talkTimeSeconds": 0, "dialingSeconds": 2700,
                          "scheduleAdherence": 75.0},
            "ABANDONED": {"callsAttempted": x, "callsConnected": 0, "callsAbandoned": x,
                          "talkTimeSeconds": 0, "dialingSeconds": 2700,
                          "scheduleAdherence": 75.0}})
        # Quarter hours: an ABANDONED group only where a minute abandons a call.
        r = self.query(groupBy=["timeInterval", "disposition"], interval="PT15M",
                       dateRange={"startDate": "2025-06-05T14:00:00Z",
                                  "endDate": "2025-06-05T16:00:00Z"})
        got = {}
        for res in r.json()["results"]:
            got.setdefault(res["group"]["timeInterval"], []).append(
                (res["group"]["disposition"], values(res)["callsAttempted"]))
        expected = {}
        for q in range(8):
            lo = f"2025-06-05T{14 + q // 4:02d}:{q % 4 * 15:02d}:00Z"
            hi = f"2025-06-05T{14 + (q + 1) // 4:02d}:{(q + 1) % 4 * 15:02d}:00Z"
            n = abandoned(utc_minutes(lo, hi))
            expected[f"{lo}/{hi}"] = ([("CONNECTED", 15), ("NO_ANSWER", 30 - n)]
                                      + ([("ABANDONED", n)] if n else []))
        self.assertEqual(got, expected)
        self.assertEqual({len(groups) for groups in expected.values()}, {2, 3})

    def test_only_requested_metrics_and_no_grouping_gives_one_total(self):
        r = self.query(groupBy=[], metrics=[{"name": "callsConnected", "type": "count"}],
                       dateRange={"startDate": "2025-06-02T00:00:00Z",
                                  "endDate": "2025-06-09T00:00:00Z"})
        [res] = r.json()["results"]
        self.assertEqual(res["group"], {})
        # Days 0..4 (Mon-Fri): 420 scheduled minutes less 2 * L(d) late minutes,
        # plus 10 overrun minutes on day 3.
        late = sum(2 * (d % 4) * 5 for d in range(5))
        self.assertEqual(res["data"], [{"name": "callsConnected", "type": "count",
                                        "value": 5 * 420 - late + 10}])

    def test_daylight_saving_days_follow_the_wall_clock(self):
        # Spring forward (02:00-03:00 does not exist) and fall back (01:00-02:00
        # happens twice): both windows cover two real hours.
        for day, start, utc in (("2025-03-09", "-05:00", "2025-03-09T06:00:00Z/2025-03-09T08:00:00Z"),
                                ("2025-11-02", "-04:00", "2025-11-02T05:00:00Z/2025-11-02T07:00:00Z")):
            with self.subTest(day=day):
                cid = "c-dst-" + day
                end = "2025-03-10T00:00:00-04:00" if day.startswith("2025-03") else "2025-11-03T00:00:00-05:00"
                window = ({"days": ["SUN"], "start": "01:00", "end": "04:00"} if day.startswith("2025-03")
                          else {"days": ["SUN"], "start": "01:00", "end": "02:00"})
                self.sim.seed_campaign(dict(PAST_CAMPAIGN, id=cid, name=cid,
                                            startDate=f"{day}T00:00:00{start}", endDate=end,
                                            executionWindows=[window]))
                lo, hi = utc.split("/")
                r = self.query(campaignId=cid, interval="P1D", dateRange={"startDate": lo,
                                                                         "endDate": hi})
                [res] = r.json()["results"]
                self.assertEqual(values(res), expected_totals(utc_minutes(lo, hi), 100.0))

    def test_campaigns_without_activity_have_no_results(self):
        for status in ("DRAFT", "SCHEDULED", "FAILED"):
            self.sim.seed_campaign(dict(PAST_CAMPAIGN, id="c-" + status, name=status,
                                        status=status))
            r = self.query(campaignId="c-" + status)
            self.assertEqual((r.status, r.json()["results"]), (200, []))
        r = self.query(dateRange={"startDate": "2025-06-07T00:00:00Z",
                                  "endDate": "2025-06-08T00:00:00Z"})
        self.assertEqual(r.json()["results"], [])

    def test_invalid_queries_are_rejected(self):
        cases = [
            ({"dateRange": {"startDate": "2025-06-01T00:00:00Z",
                            "endDate": "2025-07-02T00:00:01Z"}}, "dateRange"),
            ({"dateRange": {"startDate": "2025-06-05T00:00:00Z",
                            "endDate": "2025-06-05T00:00:00Z"}}, "dateRange.endDate"),
            ({"dateRange": {"startDate": "2025-06-05", "endDate": "2025-06-06T00:00:00Z"}},
             "dateRange.startDate"),
            ({"metrics": [{"name": "callsDropped", "type": "count"}]}, "metrics[0].name"),
            ({"interval": "PT2H"}, "interval"),
            ({"groupBy": ["agent"]}, "groupBy[0]"),
            ({"campaignId": None}, "campaignId"),
        ]
        for change, field in cases:
            with self.subTest(field=field):
                r = self.query(**change)
                self.assertEqual(r.status, 400, r)
                self.assertEqual([d["field"] for d in r.json()["details"]], [field])
        ok = self.query(dateRange={"startDate": "2025-06-01T00:00:00Z",
                                   "endDate": "2025-07-02T00:00:00Z"})
        self.assertEqual(ok.status, 200)
        r = self.query(campaignId="c-unknown")
        self.assertEqual((r.status, r.json()["code"]), (404, "not_found"))


class RateLimitTest(SimTestCase):
    def test_past_the_limit_a_client_gets_429_with_retry_after(self):
        sim = self.start("--rate-limit", "campaigns.get=3/60")
        token = sim.token()
        sim.seed_campaign({"id": "c-1", "name": "One", "status": "DRAFT"})
        statuses = [sim.http("GET", "/api/v2/campaigns/c-1", token=token).status
                    for _ in range(3)]
        self.assertEqual(statuses, [200, 200, 200])
        r = sim.http("GET", "/api/v2/campaigns/c-1", token=token)
        self.assertEqual(r.status, 429)
        self.assertEqual(r.json()["code"], "rate_limited")
        self.assertTrue(1 <= int(r.header("Retry-After")) <= 60, r.header("Retry-After"))
        other = sim.token("readonly-client", "readonly-secret")
        self.assertEqual(sim.http("GET", "/api/v2/campaigns/c-1", token=other).status, 200)
        self.assertEqual(sim.http("GET", "/api/v2/campaigns", token=token).status, 200)
        sim.admin("DELETE", "/_sim/rate-limits")
        self.assertEqual(sim.http("GET", "/api/v2/campaigns/c-1", token=token).status, 200)

    def test_limits_can_be_set_at_run_time(self):
        sim = self.start()
        sim.admin("POST", "/_sim/rate-limits", {"endpoint": "token", "requests": 1,
                                                "perSeconds": 30})
        sim.token()
        r = sim.http("POST", "/oauth/token", body={"grant_type": "client_credentials",
                                                   "client_id": "demo-client",
                                                   "client_secret": "demo-secret"})
        self.assertEqual(r.status, 429)
        self.assertTrue(1 <= int(r.header("Retry-After")) <= 30)
        with self.assertRaises(Exception):
            sim.admin("POST", "/_sim/rate-limits", {"endpoint": "nope", "requests": 1,
                                                    "perSeconds": 1})


class FaultTest(SimTestCase):
    def setUp(self):
        self.sim = self.start()
        self.token = self.sim.token()

    def test_scripted_faults_fail_the_next_calls_then_stop(self):
        self.sim.fault(endpoint="campaigns.list", status=503, count=2, retryAfter=7)
        first = self.sim.http("GET", "/api/v2/campaigns", token=self.token)
        self.assertEqual((first.status, first.header("Retry-After")), (503, "7"))
        self.assertEqual(first.header("Content-Type"), "application/json")
        self.assertEqual(self.sim.http("GET", "/api/v2/campaigns", token=self.token).status, 503)
        self.assertEqual(self.sim.http("GET", "/api/v2/campaigns", token=self.token).status, 200)

    def test_a_raw_body_is_sent_as_is(self):
        html = "<html><body><h1>502 Bad Gateway</h1></body></html>"
        self.sim.fault(endpoint="campaigns.get", status=502, body=html)
        r = self.sim.http("GET", "/api/v2/campaigns/c-any", token=self.token)
        self.assertEqual((r.status, r.text), (502, html))
        self.assertTrue(r.header("Content-Type").startswith("text/html"))

    def test_a_committed_create_answers_500_and_a_retry_with_the_key_finds_it(self):
        self.sim.fault(endpoint="campaigns.create", status=500, commit=True)
        key = {"Idempotency-Key": "retry-me"}
        r = self.sim.http("POST", "/api/v2/campaigns", body=campaign("Test_Committed"),
                          token=self.token, headers=key)
        self.assertEqual(r.status, 500)
        [stored] = self.sim.campaigns()
        self.assertEqual(stored["name"], "Test_Committed")
        retry = self.sim.http("POST", "/api/v2/campaigns", body=campaign("Test_Committed"),
                              token=self.token, headers=key)
        self.assertEqual((retry.status, retry.json()["id"]), (201, stored["id"]))
        plain = self.sim.http("POST", "/api/v2/campaigns", body=campaign("Test_Committed"),
                              token=self.token)
        self.assertEqual((plain.status, plain.json()["existingId"]), (409, stored["id"]))

    def test_an_uncommitted_fault_creates_nothing_and_faults_can_be_cleared(self):
        self.sim.fault(endpoint="campaigns.create", status=504)
        r = self.sim.http("POST", "/api/v2/campaigns", body=campaign("Test_Lost"),
                          token=self.token)
        self.assertEqual(r.status, 504)
        self.assertEqual(self.sim.campaigns(), [])
        self.sim.fault(endpoint="*", status=500, count=5)
        self.sim.admin("DELETE", "/_sim/faults")
        self.assertEqual(self.sim.http("GET", "/api/v2/campaigns", token=self.token).status, 200)

    def test_random_faults_are_reproducible_from_the_seed(self):
        def run():
            sim = self.start("--fault-rate", "0.5", "--seed", "42",
                             "--fault-endpoint", "campaigns.list")
            sim.seed_campaign({"id": "c-1", "name": "One", "status": "DRAFT"})
            token = sim.token()
            seen = [sim.http("GET", "/api/v2/campaigns", token=token).status for _ in range(30)]
            got = sim.http("GET", "/api/v2/campaigns/c-1", token=token).status
            return seen, got
        first, get_status = run()
        second, _ = run()
        self.assertEqual(first, second)
        self.assertEqual(get_status, 200)
        self.assertIn(200, first)
        self.assertTrue(set(first) - {200} <= {429, 500, 502, 503, 504})
        self.assertGreater(len(set(first) - {200}), 0)


class RoutingTest(SimTestCase):
    def test_unknown_routes_and_methods_answer_json(self):
        sim = self.start()
        token = sim.token()
        r = sim.http("GET", "/api/v2/nothing", token=token)
        self.assertEqual((r.status, r.json()["code"]), (404, "not_found"))
        r = sim.http("DELETE", "/api/v2/campaigns/c-1", token=token)
        self.assertEqual((r.status, r.header("Allow")), (405, "GET"))
        self.assertEqual(r.header("Content-Type"), "application/json")
        r = sim.http("GET", "/oauth/token")
        self.assertEqual(r.status, 405)
        self.assertEqual(sim.admin("GET", "/_sim/health"), {"ok": True})


class CommandLineTest(SimTestCase):
    def test_port_file_holds_the_announced_port(self):
        path = os.path.join(tempfile.mkdtemp(prefix="cxone-sim-port-"), "port")
        sim = self.start("--port-file", path)
        with open(path, encoding="utf-8") as f:
            self.assertEqual(int(f.read().strip()), sim.port)

    def test_flags_override_the_config_file(self):
        config = {"maxPageSize": 10, "tokenTtlSeconds": 120,
                  "clients": [{"id": "ci", "secret": "ci-secret", "scopes": ["campaign:read"]}]}
        sim = self.start("--campaigns", "30", "--token-ttl", "60", config=config)
        r = sim.http("POST", "/oauth/token", form={"grant_type": "client_credentials",
                                                   "client_id": "ci", "client_secret": "ci-secret"})
        self.assertEqual((r.json()["expires_in"], r.json()["scope"]), (60, "campaign:read"))
        page = sim.http("GET", "/api/v2/campaigns?pageSize=25", token=r.json()["access_token"])
        self.assertEqual((page.json()["pageSize"], page.json()["pageCount"]), (10, 3))
        capped = self.start("--max-page-size", "20", config=config)
        capped.admin("POST", "/_sim/campaigns", [{"name": f"N{i}"} for i in range(30)])
        page = capped.http("GET", "/api/v2/campaigns?pageSize=25",
                           token=capped.token("ci", "ci-secret"))
        self.assertEqual(page.json()["pageSize"], 20)

    def test_sigint_stops_cleanly_and_saves_state(self):
        state = os.path.join(tempfile.mkdtemp(prefix="cxone-sim-state-"), "state.json")
        sim = Sim(state=state)
        self.addCleanup(sim.cleanup)
        sim.seed_campaign({"id": "c-kept", "name": "Kept", "status": "DRAFT"})
        sim.proc.send_signal(signal.SIGINT)
        self.assertEqual(sim.proc.wait(timeout=15), 0, sim.stderr_text())
        with open(state, encoding="utf-8") as f:
            self.assertEqual([c["id"] for c in json.load(f)["campaigns"]], ["c-kept"])

    def test_bad_arguments_exit_2_with_a_message(self):
        binary = os.environ["CXONE_SIM_BIN"]
        for args in (["--rate-limit", "campaigns.create=ten/10"],
                     ["--rate-limit", "nowhere=1/1"], ["--fault-rate", "2"], ["--bogus"]):
            with self.subTest(args=args):
                p = subprocess.run([binary, "--port", "0", *args], capture_output=True,
                                   text=True, timeout=15)
                self.assertEqual(p.returncode, 2, p.stderr)
                self.assertEqual(p.stdout, "")
                self.assertNotEqual(p.stderr, "")


class StateTest(SimTestCase):
    def test_campaigns_survive_a_restart_through_the_state_file(self):
        state = os.path.join(tempfile.mkdtemp(prefix="cxone-sim-state-"), "state.json")
        self.addCleanup(lambda: os.path.exists(state) and os.remove(state))
        sim = Sim("--activation-delay-ms", "0", state=state)
        token = sim.token()
        created = sim.http("POST", "/api/v2/campaigns", body=campaign("Test_Persist"),
                           token=token).json()
        sim.http("POST", f"/api/v2/campaigns/{created['id']}/activate", token=token)
        with open(state, encoding="utf-8") as f:
            saved = json.load(f)
        self.assertEqual([c["name"] for c in saved["campaigns"]], ["Test_Persist"])
        self.assertEqual(sim.stop(), 0)
        sim.cleanup()

        again = self.start(state=state)
        token = again.token()
        got = again.http("GET", f"/api/v2/campaigns/{created['id']}", token=token).json()
        self.assertEqual((got["name"], got["status"]), ("Test_Persist", "ACTIVE"))
        dup = again.http("POST", "/api/v2/campaigns", body=campaign("Test_Persist"), token=token)
        self.assertEqual(dup.status, 409)


class RequestLogTest(SimTestCase):
    def test_requests_are_logged_with_their_outcome(self):
        log = os.path.join(tempfile.mkdtemp(prefix="cxone-sim-log-"), "requests.jsonl")
        sim = self.start("--request-log", log)
        token = sim.token()
        sim.http("GET", "/api/v2/campaigns?pageSize=500&pageNumber=1", token=token)
        sim.http("POST", "/api/v2/campaigns", body=campaign("Test_Logged"), token=token,
                 headers={"Idempotency-Key": "abc"})
        sim.http("GET", "/api/v2/campaigns/c-missing", token=token)
        sim.admin("GET", "/_sim/campaigns")
        entries = sim.requests()
        self.assertEqual([(e["seq"], e["method"], e["endpoint"], e["status"]) for e in entries], [
            (1, "POST", "token", 200), (2, "GET", "campaigns.list", 200),
            (3, "POST", "campaigns.create", 201), (4, "GET", "campaigns.get", 404)])
        self.assertEqual(entries[1]["query"], "pageSize=500&pageNumber=1")
        self.assertEqual(entries[1]["path"], "/api/v2/campaigns")
        self.assertEqual(entries[2]["idempotencyKey"], "abc")
        self.assertIsNone(entries[1]["idempotencyKey"])
        self.assertEqual(json.loads(entries[2]["body"])["name"], "Test_Logged")
        self.assertEqual({e["clientId"] for e in entries}, {"demo-client"})
        self.assertTrue(all(e["time"].endswith("Z") and e["ms"] >= 0 for e in entries))
        self.assertEqual(len(sim.requests("campaigns.create")), 1)
        stats = sim.admin("GET", "/_sim/stats")
        self.assertEqual(stats["endpoints"]["campaigns.get"], {"total": 1, "byStatus": {"404": 1}})
        with open(log, encoding="utf-8") as f:
            lines = [json.loads(line) for line in f]
        self.assertEqual(lines, entries)
        sim.clear_requests()
        self.assertEqual(sim.requests(), [])


if __name__ == "__main__":
    unittest.main()
