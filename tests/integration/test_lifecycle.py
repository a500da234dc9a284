"""create, activate and watch: the real cxsched against cxone-sim."""

import json
import time
import unittest

from harness import CliTestCase, campaign


def week_spec(name, week, queue="queue_abc123", **overrides):
    """A valid spec for one week of 2027 (week 0 starts Monday 2027-03-01),
    so specs of different weeks never overlap."""
    day = 1 + 7 * week
    month = 3 + (day - 1) // 28
    dom = (day - 1) % 28 + 1
    start = f"2027-{month:02d}-{dom:02d}T08:00"
    end = f"2027-{month:02d}-{dom + 4:02d}T18:00"
    routing = {"queueId": queue, "skillRequirement": "compliance_agent",
               "overflowStrategy": "WRAPUP"}
    fields = {"startDate": start, "endDate": end, "routingSettings": routing}
    fields.update(overrides)
    return campaign(name, **fields)


class LifecycleTestCase(CliTestCase):
    def named(self, name):
        return [c for c in self.sim.campaigns() if c["name"] == name]

    def run_json(self, *args, **kw):
        r = self.cxsched(*args, "-o", "json", **kw)
        try:
            doc = json.loads(r.stdout) if r.stdout.strip() else None
        except json.JSONDecodeError:
            self.fail(f"stdout is not one JSON document: {r.stdout!r}\nstderr: {r.stderr}")
        return r, doc

    def creates(self):
        return self.sim.requests("campaigns.create")


class CreateActivateWatchTest(LifecycleTestCase):
    def test_create_then_activate_then_watch_reaches_active(self):
        self.start_sim("--activation-delay-ms", "300")
        spec = self.write_json("promo.json", campaign("Spring_Promo"))
        r, doc = self.run_json("create", spec)
        self.assertEqual(r.returncode, 0, r.stderr)
        result = doc["results"][0]
        self.assertEqual(result["outcome"], "created")
        cid = result["id"]
        self.assertEqual([c["id"] for c in self.named("Spring_Promo")], [cid])

        r, doc = self.run_json("activate", cid)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(doc["results"][0]["result"], "accepted")
        self.assertEqual(len(self.sim.requests("campaigns.activate")), 1)

        r = self.cxsched("watch", cid, "--interval", "200ms", "-o", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = [json.loads(line) for line in r.stdout.splitlines()]
        final = [x for x in lines if x.get("final")]
        self.assertEqual(len(final), 1, r.stdout)
        self.assertEqual(final[0]["outcome"], "reached")
        self.assertEqual(final[0]["status"], "ACTIVE")
        self.assertEqual(lines[-2]["to"], "ACTIVE")
        self.assertEqual(self.named("Spring_Promo")[0]["status"], "ACTIVE")

        # Activating an ACTIVE campaign again is success and changes nothing.
        r = self.cxsched("activate", cid)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("already-active", r.stdout)

    def test_create_activate_wait_says_what_happened(self):
        self.start_sim("--activation-delay-ms", "300")
        spec = self.write_json("promo.json", campaign("Said_Outcome"))
        r = self.cxsched("create", spec, "--activate", "--wait", "--interval", "100ms")
        self.assertEqual(r.returncode, 0, r.stderr)
        row = next(line for line in r.stdout.splitlines() if "Said_Outcome" in line)
        self.assertRegex(row, r"  ACTIVE after \d+\.\d s$")
        self.assertNotIn("accepted", row)

    def test_create_activate_wait_in_one_command(self):
        self.start_sim()  # activation takes 1.5 s; the watch polls at 2 s by default
        spec = self.write_json("promo.json", campaign("One_Shot"))
        r, doc = self.run_json("create", spec, "--activate", "--wait")
        self.assertEqual(r.returncode, 0, r.stderr)
        result = doc["results"][0]
        self.assertEqual(result["outcome"], "created")
        self.assertEqual(result["activation"], "accepted")
        self.assertEqual(result["watch"]["outcome"], "reached")
        self.assertEqual(result["status"], "ACTIVE")
        # token, list, POST, activate, then the polls of the watch
        endpoints = [e["endpoint"] for e in self.sim.requests()]
        self.assertEqual(endpoints[:4], ["token", "campaigns.list", "campaigns.create",
                                         "campaigns.activate"])
        self.assertTrue(all(e == "campaigns.get" for e in endpoints[4:]), endpoints)
        self.assertGreaterEqual(len(endpoints), 5)
        print(f"\ncreate --activate --wait of one spec: {len(endpoints)} requests "
              f"({', '.join(endpoints)})", flush=True)

    def test_failed_activation_exits_7_with_the_reason(self):
        self.start_sim("--activation-delay-ms", "200")
        spec = self.write_json("bad.json", campaign(
            "Bad_Queue", routingSettings={"queueId": "queue_missing_7",
                                          "overflowStrategy": "WRAPUP"}))
        r, doc = self.run_json("create", spec, "--activate", "--wait", "--interval", "200ms")
        self.assertEqual(r.returncode, 7, r.stderr)
        result = doc["results"][0]
        self.assertEqual(result["status"], "FAILED")
        self.assertEqual(result["watch"]["outcome"], "terminal")
        self.assertIn("queue_missing_7", result["watch"]["statusReason"])
        self.assertIn("FAILED", r.stderr)
        self.assertIn("routing queue 'queue_missing_7' does not exist", r.stderr)

        # Activating it again: a clear error, exit 7; an unknown id exits 6.
        r = self.cxsched("activate", result["id"])
        self.assertEqual(r.returncode, 7, r.stderr)
        self.assertIn("is FAILED", r.stderr)
        r = self.cxsched("activate", "c-does-not-exist")
        self.assertEqual(r.returncode, 6, r.stderr)

    def test_a_too_short_timeout_exits_8_in_about_that_time(self):
        self.start_sim("--activation-delay-ms", "600000")
        spec = self.write_json("slow.json", campaign("Slow_One"))
        r, doc = self.run_json("create", spec, "--activate")
        self.assertEqual(r.returncode, 0, r.stderr)
        cid = doc["results"][0]["id"]
        started = time.monotonic()
        r = self.cxsched("watch", cid, "--timeout", "2s", "--interval", "300ms")
        took = time.monotonic() - started
        self.assertEqual(r.returncode, 8, r.stderr)
        self.assertIn("still ACTIVATING at the deadline", r.stderr)
        self.assertIn("timeout", r.stdout)
        self.assertGreaterEqual(took, 1.9)
        self.assertLess(took, 8.0)

    def test_a_platform_that_keeps_failing_exits_9_not_8(self):
        self.start_sim("--activation-delay-ms", "600000")
        spec = self.write_json("x.json", campaign("Flaky_One"))
        r, doc = self.run_json("create", spec, "--activate")
        self.assertEqual(r.returncode, 0, r.stderr)
        cid = doc["results"][0]["id"]
        self.sim.fault(endpoint="campaigns.get", status=503, count=1000)
        r = self.cxsched("watch", cid, "--timeout", "3s", "-o", "json")
        self.assertEqual(r.returncode, 9, r.stderr)
        final = json.loads(r.stdout.splitlines()[-1])
        self.assertEqual(final["outcome"], "unavailable")


class IdempotentCreateTest(LifecycleTestCase):
    def test_the_same_create_twice_leaves_one_campaign(self):
        self.start_sim()
        spec = self.write_json("promo.json", campaign("Twice"))
        first, doc1 = self.run_json("create", spec)
        second, doc2 = self.run_json("create", spec)
        self.assertEqual(first.returncode, 0, first.stderr)
        self.assertEqual(second.returncode, 0, second.stderr)
        self.assertEqual(doc1["results"][0]["outcome"], "created")
        self.assertEqual(doc2["results"][0]["outcome"], "exists")
        self.assertEqual(doc2["results"][0]["id"], doc1["results"][0]["id"])
        self.assertEqual(len(self.named("Twice")), 1)
        self.assertEqual(len(self.creates()), 1)

    def test_a_post_that_commits_but_answers_500_leaves_one_campaign(self):
        self.start_sim()
        spec = self.write_json("promo.json", campaign("Committed"))
        self.sim.fault(endpoint="campaigns.create", status=500, commit=True, count=1)
        r, doc = self.run_json("create", spec)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(doc["results"][0]["outcome"], "created")
        self.assertEqual(len(self.named("Committed")), 1)
        # one POST, never replayed blindly: the lookup found it
        posts = self.creates()
        self.assertEqual(len(posts), 1)
        self.assertEqual(posts[0]["status"], 500)
        self.assertEqual(posts[0]["idempotencyKey"], doc["results"][0]["idempotencyKey"])
        self.assertEqual([e["endpoint"] for e in self.sim.requests()][-1], "campaigns.list")

    def test_when_every_retry_fails_the_campaign_is_looked_up_by_name(self):
        self.start_sim()
        spec = self.write_json("promo.json", campaign("Looked_Up"))
        self.sim.fault(endpoint="campaigns.create", status=500, commit=True, count=50)
        r, doc = self.run_json("create", spec)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(doc["results"][0]["outcome"], "created")
        self.assertEqual(len(self.named("Looked_Up")), 1)
        # the POSTs, then a list to settle the outcome
        endpoints = [e["endpoint"] for e in self.sim.requests()]
        self.assertEqual(endpoints[-1], "campaigns.list")

    def test_a_failed_post_exits_9_and_a_rerun_finishes_without_duplicates(self):
        self.start_sim()
        a = self.write_json("a.json", week_spec("Batch_A", 0))
        b = self.write_json("b.json", week_spec("Batch_B", 1))
        r, doc = self.run_json("create", a)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.sim.fault(endpoint="campaigns.create", status=500, commit=False, count=50)
        r, doc = self.run_json("create", a, b, timeout=180)
        self.assertEqual(r.returncode, 9, r.stderr)
        self.assertEqual([x["outcome"] for x in doc["results"]], ["exists", "failed"])
        self.assertEqual(doc["results"][1]["error"]["kind"], "unavailable")
        self.assertEqual(self.named("Batch_B"), [])
        self.sim.admin("DELETE", "/_sim/faults")
        r, doc = self.run_json("create", a, b)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual([x["outcome"] for x in doc["results"]], ["exists", "created"])
        self.assertEqual(len(self.named("Batch_A")), 1)
        self.assertEqual(len(self.named("Batch_B")), 1)

    def test_a_different_definition_exits_4_with_the_differences(self):
        self.start_sim()
        r = self.cxsched("create", self.write_json("v1.json", campaign("Changed")))
        self.assertEqual(r.returncode, 0, r.stderr)
        changed = campaign("Changed", dialerSettings={"maxAttempts": 3, "retryInterval": 3600,
                                                       "dropRate": 0.025})
        r, doc = self.run_json("create", self.write_json("v2.json", changed))
        self.assertEqual(r.returncode, 4, r.stderr)
        result = doc["results"][0]
        self.assertEqual(result["outcome"], "differs")
        self.assertEqual(result["differences"],
                         [{"field": "dialerSettings.dropRate", "platform": "0.03",
                           "spec": "0.025"}])
        self.assertIn("dialerSettings.dropRate: platform 0.03, spec 0.025", r.stderr)
        self.assertEqual(len(self.creates()), 1)
        self.assertEqual(len(self.named("Changed")), 1)


class RefusalTest(LifecycleTestCase):
    def test_a_conflicting_spec_is_refused_before_any_post(self):
        self.start_sim()
        existing = campaign("Already_Running", id="c-existing", status="ACTIVE")
        self.sim.seed_campaign(existing)
        spec = self.write_json("new.json", campaign("Overlapping"))
        self.sim.clear_requests()
        r, doc = self.run_json("create", spec, "--activate")
        self.assertEqual(r.returncode, 4, r.stderr)
        self.assertEqual(doc["refused"], "conflict")
        self.assertEqual(doc["results"][0]["outcome"], "conflict")
        self.assertIn("c-existing", r.stderr)
        self.assertEqual(self.creates(), [])
        self.assertEqual(self.sim.requests("campaigns.activate"), [])
        self.assertEqual(self.named("Overlapping"), [])

        r, doc = self.run_json("create", spec, "--force-conflicts")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(len(self.named("Overlapping")), 1)

    def test_an_invalid_spec_exits_3_and_creates_nothing(self):
        self.start_sim()
        good = self.write_json("good.json", week_spec("Good", 0))
        bad = self.write_json("bad.json", week_spec("Bad", 1, timezone="Mars/Olympus"))
        r, doc = self.run_json("create", good, bad)
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertEqual([x["outcome"] for x in doc["results"]], ["skipped", "invalid"])
        self.assertEqual(self.creates(), [])

    def test_a_dry_run_prints_the_payload_and_changes_nothing(self):
        self.start_sim()
        spec = self.write_json("promo.json", campaign("Dry", startDate="2027-02-01T08:00"))
        r = self.cxsched("create", spec, "--dry-run")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("POST /api/v2/campaigns", r.stdout)
        self.assertIn('"startDate": "2027-02-01T08:00:00-05:00"', r.stdout)
        r, doc = self.run_json("create", spec, "--dry-run", "--activate")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(doc["results"][0]["outcome"], "would-create")
        self.assertEqual(doc["results"][0]["payload"]["name"], "Dry")
        self.assertEqual(self.creates(), [])
        self.assertEqual(self.sim.requests("campaigns.activate"), [])
        self.assertEqual(self.sim.campaigns(), [])


class RateLimitTest(LifecycleTestCase):
    def test_20_specs_under_a_limit_of_10_per_10s_finish_without_exhausting_retries(self):
        self.start_sim("--rate-limit", "campaigns.create=10/10")
        specs = [self.write_json(f"s{i:02d}.json", week_spec(f"Bulk_{i:02d}", i % 4,
                                                             queue=f"queue_bulk_{i:02d}"))
                 for i in range(20)]
        started = time.monotonic()
        r, doc = self.run_json("create", *specs, "--conflict-scope", "queue", timeout=300)
        took = time.monotonic() - started
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual([x["outcome"] for x in doc["results"]], ["created"] * 20)
        self.assertEqual(len([c for c in self.sim.campaigns()
                              if c["name"].startswith("Bulk_")]), 20)
        posts = self.creates()
        limited = [p for p in posts if p["status"] == 429]
        # The client holds the endpoint after a 429 until Retry-After, so the
        # limit is hit about once per window, not once per spec.
        self.assertLessEqual(len(limited), 4, [p["status"] for p in posts])
        self.assertEqual(len(posts) - len(limited), 20)
        print(f"\n20 specs under campaigns.create=10/10: {took:.1f} s, "
              f"{len(posts)} POSTs ({len(limited)} answered 429); requests / rate = "
              f"20 / (1 per s) = 20 s, or 10 s using the window's burst of 10", flush=True)


if __name__ == "__main__":
    unittest.main()
