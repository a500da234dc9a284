"""cxsched serve: the tutorial's admin API, the real binary against cxone-sim,
spoken to through urllib (and, for the create storm, many threads)."""

import concurrent.futures
import json
import os
import signal
import stat
import threading
import unittest

from harness import CliTestCase, campaign, wait_for
from serve_harness import ADMIN_TOKEN, Serve, tutorial_body, tutorial_defaults


class ServeTestCase(CliTestCase):
    def serve(self, *args, **kw):
        server = Serve(self.env, *args, **kw)
        self.addCleanup(server.stop)
        return server


class TutorialEndpointsTest(ServeTestCase):
    def test_the_tutorials_four_field_body_with_defaults_gives_200_and_an_active_campaign(self):
        self.start_sim("--activation-delay-ms", "300")
        defaults = self.write_json("defaults.json", tutorial_defaults())
        server = self.serve("--defaults", defaults)
        r = server.request("POST", "/api/schedule", body=tutorial_body())
        self.assertEqual(r.status, 200, r.text)
        doc = r.json()
        self.assertEqual(doc["status"], "ACTIVE")
        stored = [c for c in self.sim.campaigns() if c["name"] == "Test_Campaign_001"]
        self.assertEqual([c["id"] for c in stored], [doc["campaignId"]])
        self.assertEqual(stored[0]["status"], "ACTIVE")
        self.assertEqual(stored[0]["routingSettings"]["queueId"], "queue_abc123")

        r = server.request("GET", f"/api/report?id={doc['campaignId']}")
        self.assertEqual(r.status, 200, r.text)
        self.assertEqual(r.json()["reports"][0]["campaign"]["id"], doc["campaignId"])

    def test_without_defaults_the_four_field_body_is_400_naming_the_missing_fields(self):
        self.start_sim()
        server = self.serve()
        r = server.request("POST", "/api/schedule", body=tutorial_body())
        self.assertEqual(r.status, 400, r.text)
        fields = {p["field"] for p in r.json()["specs"][0]["problems"]}
        self.assertIn("campaignType", fields)
        self.assertIn("routingSettings", fields)
        self.assertEqual(self.sim.requests("campaigns.create"), [])

    def test_an_invalid_spec_is_400_with_every_problem_and_nothing_created(self):
        self.start_sim()
        server = self.serve()
        spec = campaign("Broken", timezone="America/New_York", startDate="2027-03-14T02:30",
                        executionWindows=[{"days": ["MON"], "start": "06:00", "end": "22:00"}],
                        dialerSettings={"maxAttempts": 3, "retryInterval": 3600, "dropRate": 0.2})
        r = server.request("POST", "/api/schedule", body=spec)
        self.assertEqual(r.status, 400, r.text)
        problems = r.json()["specs"][0]["problems"]
        fields = [p["field"] for p in problems]
        self.assertIn("startDate", fields)  # 02:30 does not exist on 2027-03-14 in New York
        self.assertIn("dialerSettings.dropRate", fields)
        self.assertTrue(any(f.startswith("executionWindows") for f in fields), fields)
        self.assertEqual(self.sim.requests("campaigns.create"), [])

    def test_a_conflict_is_409_with_the_conflicting_campaign(self):
        self.start_sim()
        existing = campaign("Existing", startDate="2027-02-01T08:00:00-05:00")
        existing.update({"id": "c-existing", "status": "ACTIVE"})
        self.sim.seed_campaign(existing)
        server = self.serve()
        r = server.request("POST", "/api/schedule", body=campaign("Newcomer"))
        self.assertEqual(r.status, 409, r.text)
        doc = r.json()
        self.assertEqual(doc["verdict"], "conflict")
        self.assertEqual(doc["conflicts"][0]["other"]["id"], "c-existing")
        self.assertEqual(self.sim.requests("campaigns.create"), [])

    def test_a_failed_activation_is_409_with_the_terminal_status(self):
        self.start_sim("--activation-delay-ms", "100")
        server = self.serve()
        spec = campaign("Doomed", routingSettings={"queueId": "queue_missing_7",
                                                   "overflowStrategy": "WRAPUP"})
        r = server.request("POST", "/api/schedule?wait=20", body=spec)
        self.assertEqual(r.status, 409, r.text)
        doc = r.json()
        self.assertEqual(doc["status"], "FAILED")
        self.assertEqual(doc["error"]["kind"], "terminal_status")

    def test_wait_0_answers_202_while_still_activating(self):
        self.start_sim("--activation-delay-ms", "60000")
        server = self.serve()
        r = server.request("POST", "/api/schedule?wait=0", body=campaign("Slow"))
        self.assertEqual(r.status, 202, r.text)
        self.assertIn(r.json()["status"], ("ACTIVATING", "SCHEDULED"))


class AdminTokenTest(ServeTestCase):
    def test_api_requests_without_the_right_bearer_token_are_401(self):
        self.start_sim()
        server = self.serve()
        for token, headers in ((None, {}), ("wrong-token-wrong-token-wrong", {}),
                               (ADMIN_TOKEN[:-1], {}), (ADMIN_TOKEN + "x", {}),
                               (None, {"Authorization": "Basic " + ADMIN_TOKEN})):
            r = server.request("GET", "/api/campaigns", token=token, headers=headers)
            self.assertEqual(r.status, 401, (token, headers))
            self.assertEqual(r.json()["error"]["kind"], "auth")
        r = server.request("POST", "/api/schedule", body=campaign("X"), token=None)
        self.assertEqual(r.status, 401)
        self.assertEqual(self.sim.requests("campaigns.list"), [])
        r = server.request("GET", "/api/campaigns", token=None,
                           headers={"Authorization": "bearer " + ADMIN_TOKEN})
        self.assertEqual(r.status, 200)
        self.assertEqual(server.request("GET", "/healthz", token=None).json(), {"ok": True})
        self.assertEqual(server.request("GET", "/", token=None).status, 200)
        self.assertEqual(server.request("GET", "/api/campaigns").status, 200)
        self.assertNotIn(ADMIN_TOKEN, server.stderr())
        self.assertNotIn(ADMIN_TOKEN[:-1], server.stderr())

    def test_without_a_token_serve_makes_one_in_a_0600_file_named_on_stderr(self):
        self.start_sim()
        server = self.serve(token=None)
        line = server.wait_for_line(lambda l: "admin token" in l)
        path = os.path.join(self.env["XDG_CACHE_HOME"], "cxsched", "serve-token")
        self.assertIn(path, line)
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
        with open(path, encoding="utf-8") as f:
            token = f.read().strip()
        self.assertGreaterEqual(len(token), 32)
        self.assertNotIn(token, server.stderr())
        self.assertEqual(server.request("GET", "/api/campaigns", token=token).status, 200)
        self.assertEqual(server.request("GET", "/api/campaigns", token="x" * 64).status, 401)

    def test_a_token_file_is_used_and_a_short_token_refused(self):
        self.start_sim()
        path = os.path.join(self.tmp, "admin.token")
        with open(path, "w", encoding="utf-8") as f:
            f.write("from-a-file-token-000000\n")
        server = self.serve("--token-file", path, token=None)
        self.assertEqual(server.request("GET", "/api/campaigns",
                                        token="from-a-file-token-000000").status, 200)
        r = self.cxsched("serve", "--listen", "127.0.0.1:0", env={"CXSCHED_SERVE_TOKEN": "short"})
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("too short", r.stderr)
        self.assertNotIn("short\n", r.stderr.replace("too short", ""))


class ListenTest(ServeTestCase):
    def test_a_non_loopback_address_needs_allow_remote_and_then_warns(self):
        self.start_sim()
        r = self.cxsched("serve", "--listen", "0.0.0.0:0", env={"CXSCHED_SERVE_TOKEN": ADMIN_TOKEN})
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("--allow-remote", r.stderr)
        server = self.serve("--allow-remote", listen="0.0.0.0:0")
        self.assertTrue(server.lines[0].startswith("listening on http://0.0.0.0:"))
        second = server.wait_for_line(lambda l: l is not server.lines[0])
        self.assertIn("plain http", second)


class ResourcesTest(ServeTestCase):
    def test_each_resource_answers_the_commands_json_document(self):
        self.start_sim()
        spec = campaign("Same_Doc")
        server = self.serve()
        created = server.request("POST", "/api/campaigns", body=spec)
        self.assertEqual(created.status, 201, created.text)
        cid = created.json()["results"][0]["id"]

        listed = server.request("GET", "/api/campaigns").json()
        cli = json.loads(self.cxsched("list", "-o", "json").stdout)
        self.assertEqual(listed, cli)

        path = self.write_json("spec.json", spec)
        validated = server.request("POST", "/api/validate", body=spec).json()
        cli = json.loads(self.cxsched("validate", path, "-o", "json").stdout)
        for doc in (validated, cli):
            for s in doc["specs"]:
                s.pop("source")
        self.assertEqual(validated, cli)

        again = server.request("POST", "/api/campaigns", body=spec)
        self.assertEqual(again.status, 200, again.text)
        self.assertEqual(again.json()["results"][0]["outcome"], "exists")

        one = server.request("GET", f"/api/campaigns/{cid}")
        self.assertEqual(one.status, 200)
        self.assertEqual(one.json()["name"], "Same_Doc")
        missing = server.request("GET", "/api/campaigns/c-nope")
        self.assertEqual(missing.status, 404)
        self.assertEqual(missing.json()["error"]["code"], 6)

        act = server.request("POST", f"/api/campaigns/{cid}/activate")
        self.assertEqual(act.status, 200, act.text)
        self.assertEqual(act.json()["results"][0]["result"], "accepted")

    def test_every_page_of_240_campaigns_is_listed(self):
        self.start_sim("--campaigns", "240", "--max-page-size", "100")
        server = self.serve()
        r = server.request("GET", "/api/campaigns")
        self.assertEqual(r.status, 200, r.text)
        doc = r.json()
        self.assertEqual(doc["total"], 240)
        self.assertEqual(len({c["id"] for c in doc["campaigns"]}), 240)
        self.assertGreaterEqual(len(self.sim.requests("campaigns.list")), 3)
        active = server.request("GET", "/api/campaigns?status=ACTIVE").json()
        self.assertEqual(active["total"], sum(c["status"] == "ACTIVE" for c in doc["campaigns"]))
        self.assertEqual(server.request("GET", "/api/campaigns?status=ACTIVATED").status, 400)

    def test_reports_come_as_json_csv_and_svg_with_their_content_types(self):
        self.start_sim()
        seeded = campaign("Reported", startDate="2026-01-05T08:00:00-05:00")
        seeded.update({"id": "c-report", "status": "ACTIVE"})
        self.sim.seed_campaign(seeded)
        server = self.serve()
        q = "from=2026-01-05&to=2026-01-07"
        for fmt, ctype, check in (("json", "application/json", lambda t: json.loads(t)["reports"]),
                                  ("csv", "text/csv", lambda t: t.startswith("campaign_id,")),
                                  ("svg", "image/svg+xml", lambda t: "<svg" in t)):
            r = server.request("GET", f"/api/campaigns/c-report/report?format={fmt}&{q}")
            self.assertEqual(r.status, 200, r.text)
            self.assertTrue(r.header("Content-Type").startswith(ctype), r.header("Content-Type"))
            self.assertTrue(check(r.text), r.text[:200])
        self.assertEqual(server.request("GET", "/api/campaigns/c-report/report?format=pdf").status, 400)
        self.assertEqual(server.request("GET", "/api/report").status, 400)

    def test_a_body_over_1_mib_is_413(self):
        self.start_sim()
        server = self.serve()
        r = server.request("POST", "/api/validate", body=b"x" * (1024 * 1024 + 1))
        self.assertEqual(r.status, 413)
        self.assertEqual(r.json()["error"]["kind"], "usage")
        r = server.request("POST", "/api/validate?offline=true", body=b" " * (1024 * 1024 - 100))
        self.assertEqual(r.status, 200, r.text)

    def test_the_access_log_names_method_path_status_and_time_but_no_body_or_header(self):
        self.start_sim()
        server = self.serve()
        secret_name = "Body_Marker_7731"
        server.request("POST", "/api/validate?offline=true", body=campaign(secret_name),
                       headers={"X-Marker": "header-marker-4412"})
        line = server.wait_for_line(lambda l: l.startswith("POST /api/validate"))
        self.assertRegex(line, r"^POST /api/validate 200 \d+ms$")
        log = server.stderr()
        for secret in (secret_name, "header-marker-4412", ADMIN_TOKEN, "demo-secret", "offline"):
            self.assertNotIn(secret, log)


class PlatformTest(ServeTestCase):
    def test_a_failing_platform_is_503_and_serve_answers_afterwards(self):
        self.start_sim()
        server = self.serve()
        self.sim.fault(endpoint="campaigns.list", status=503, count=20)
        r = server.request("GET", "/api/campaigns")
        self.assertEqual(r.status, 503, r.text)
        self.assertEqual(r.json()["error"]["code"], 9)
        self.sim.admin("DELETE", "/_sim/faults")
        self.assertEqual(server.request("GET", "/api/campaigns").status, 200)

        self.sim.stop()
        r = server.request("POST", "/api/validate", body=campaign("Nowhere"))
        self.assertEqual(r.status, 503, r.text)
        self.assertEqual(r.json()["error"]["kind"], "unavailable")
        self.assertEqual(server.request("GET", "/healthz", token=None).status, 200)
        self.assertEqual(server.proc.poll(), None)

    def test_50_concurrent_reports_share_one_token_and_meet_no_429(self):
        self.start_sim()
        seeded = campaign("Shared", startDate="2026-01-05T08:00:00-05:00")
        seeded.update({"id": "c-shared", "status": "ACTIVE"})
        self.sim.seed_campaign(seeded)
        server = self.serve()
        with concurrent.futures.ThreadPoolExecutor(max_workers=50) as pool:
            answers = list(pool.map(
                lambda _: server.request("GET", "/api/campaigns/c-shared/report?from=2026-01-05&to=2026-01-06"),
                range(50)))
        self.assertEqual([a.status for a in answers], [200] * 50)
        self.assertEqual(len(self.sim.requests("token")), 1)
        self.assertEqual([e for e in self.sim.requests() if e["status"] == 429], [])

    def test_under_a_rate_limit_every_concurrent_request_still_succeeds(self):
        self.start_sim("--rate-limit", "campaigns.get=10/1")
        seeded = campaign("Limited")
        seeded.update({"id": "c-limited", "status": "SCHEDULED"})
        self.sim.seed_campaign(seeded)
        server = self.serve()
        with concurrent.futures.ThreadPoolExecutor(max_workers=30) as pool:
            answers = list(pool.map(lambda _: server.request("GET", "/api/campaigns/c-limited"),
                                    range(30)))
        self.assertEqual([a.status for a in answers], [200] * 30, [a.text for a in answers])
        gets = self.sim.requests("campaigns.get")
        self.assertEqual(sum(e["status"] == 200 for e in gets), 30)
        self.assertEqual(len(self.sim.requests("token")), 1)

    def test_20_concurrent_identical_posts_leave_one_campaign(self):
        self.start_sim("--activation-delay-ms", "200")
        server = self.serve()
        spec = campaign("Stampede")
        barrier = threading.Barrier(20)

        def post(_):
            barrier.wait()
            return server.request("POST", "/api/schedule?wait=20", body=spec)

        with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
            answers = list(pool.map(post, range(20)))
        self.assertEqual([a.status for a in answers], [200] * 20, [a.text for a in answers])
        ids = {a.json()["campaignId"] for a in answers}
        stored = [c for c in self.sim.campaigns() if c["name"] == "Stampede"]
        self.assertEqual(len(stored), 1)
        self.assertEqual(ids, {stored[0]["id"]})
        self.assertEqual(len(self.sim.requests("campaigns.create")), 1)


class ShutdownTest(ServeTestCase):
    def test_sigterm_lets_the_request_in_flight_finish_and_exits_0(self):
        self.start_sim("--latency-ms", "1500")
        server = self.serve()
        answer = {}
        t = threading.Thread(target=lambda: answer.update(r=server.request("GET", "/api/campaigns")))
        t.start()
        wait_for(lambda: self.sim.requests("campaigns.list"), message="the list request")
        server.signal(signal.SIGTERM)
        self.assertEqual(server.wait(), 0, server.stderr())
        t.join(timeout=30)
        self.assertEqual(answer["r"].status, 200, answer["r"].text)
        self.assertIn("stopping on SIGTERM", server.stderr())

    def test_requests_outlasting_the_timeout_do_not_hold_the_exit(self):
        self.start_sim("--latency-ms", "8000")
        server = self.serve("--timeout", "1s")
        t = threading.Thread(target=lambda: server.request("GET", "/api/campaigns", timeout=30),
                             daemon=True)
        t.start()
        wait_for(lambda: self.sim.requests("campaigns.list"), message="the list request")
        server.signal(signal.SIGTERM)
        self.assertEqual(server.wait(timeout=6), 0, server.stderr())
        self.assertIn("exiting without them", server.stderr())

    def test_sigint_with_nothing_in_flight_exits_0(self):
        self.start_sim()
        server = self.serve()
        server.signal(signal.SIGINT)
        self.assertEqual(server.wait(), 0, server.stderr())


if __name__ == "__main__":
    unittest.main()
