"""`cxsched list` and `cxsched auth` with --platform acd through the real
binary, and the rules every call follows: discovery or --base-url, a 401
answered by exactly one new sign-in, a 429 without Retry-After backed off
2 s then 6 s (read from the gaps the simulator's log records)."""

import datetime
import json
import unittest

from acd_harness import AcdCliTestCase, pc_spec


def parse_time(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


class ListTest(AcdCliTestCase):
    def test_list_shows_only_personal_connection_skills_with_their_status(self):
        self.start_acd("--campaigns", "3")
        doc = self.json_of(self.cxsched("list", "-o", "json"))
        self.assertEqual(sorted(c["skillName"] for c in doc["campaigns"]),
                         ["Seed_Skill_0001", "Seed_Skill_0002", "Seed_Skill_0003"])
        self.assertTrue(all(c["status"] in ("DRAFT", "SCHEDULED", "ACTIVE", "PAUSED",
                                            "COMPLETED") for c in doc["campaigns"]), doc)
        r = self.cxsched("list")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Seed_Skill_0002", r.stdout)
        doc = self.json_of(self.cxsched("list", "--status", "ACTIVE", "-o", "json"))
        self.assertEqual(doc["campaigns"], [])

    def test_a_base_url_skips_discovery(self):
        self.start_acd(base_url=True)
        self.json_of(self.cxsched("list", "-o", "json"))
        self.assertEqual(self.sim.requests("discovery"), [])
        self.start_acd()
        self.json_of(self.cxsched("list", "-o", "json"))
        self.assertEqual(len(self.sim.requests("discovery")), 1)


class AuthTest(AcdCliTestCase):
    def test_auth_status_names_the_business_unit_zone_endpoint_version_and_expiry(self):
        self.start_acd()
        r = self.cxsched("auth", "status")
        self.assertEqual(r.returncode, 0, r.stderr)
        for text in ("Business unit:", "America/New_York (Windows zone 'Eastern Standard Time'",
                     self.sim.base_url + "/inContactAPI/services/v30.0", "discovered for tenant",
                     "v30.0", "demo-client", "expires"):
            self.assertIn(text, r.stdout)
        doc = self.json_of(self.cxsched("auth", "status", "-o", "json"))
        self.assertEqual(doc["platform"], "acd")
        self.assertTrue(doc["fromCache"], doc)
        self.assertEqual(doc["apiVersion"], "v30.0")
        self.assertIn("America/New_York", doc["zone"])
        self.assertTrue(doc["expiresAt"].endswith("Z"))
        self.assertEqual(len(self.sim.requests("token")), 1, "the second run used the cache")

    def test_bad_credentials_exit_5(self):
        self.start_acd()
        r = self.cxsched("list", env={"CXSCHED_ACCESS_KEY_SECRET": "wrong"})
        self.assertEqual(r.returncode, 5, r.stderr)
        self.assertNotIn("wrong", r.stderr)

    def test_missing_access_key_settings_are_named_before_any_request(self):
        self.start_acd()
        env = dict(self.env)
        del env["CXSCHED_ACCESS_KEY_ID"]
        del env["CXSCHED_ACCESS_KEY_SECRET"]
        self.env = env
        r = self.cxsched("list")
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("--access-key-id", r.stderr)
        self.assertIn("CXSCHED_ACCESS_KEY_SECRET", r.stderr)
        self.assertEqual(self.sim.requests(), [])

    def test_a_401_means_exactly_one_new_sign_in(self):
        self.start_acd()
        self.json_of(self.cxsched("list", "-o", "json"))  # signed in, token cached
        self.sim.admin("POST", "/_sim/tokens/revoke", {})
        self.sim.clear_requests()
        self.json_of(self.cxsched("list", "-o", "json"))
        log = [(e, s) for e, s in self.api_requests() if e != "discovery"]
        self.assertEqual(sum(1 for e, _ in log if e == "token"), 1, log)
        self.assertEqual(sum(1 for _, s in log if s == 401), 1, log)
        self.assertEqual(log[0][1], 401, "the cached token was tried first")
        self.assertEqual(log[1][0], "token", "then one sign-in")


class RateLimitTest(AcdCliTestCase):
    def test_429_without_retry_after_is_backed_off_2_then_6_seconds(self):
        self.start_acd()
        self.json_of(self.cxsched("list", "-o", "json"))
        self.sim.clear_requests()
        self.sim.fault(endpoint="skills.list", status=429, count=2)
        doc = self.json_of(self.cxsched("list", "-o", "json"))
        self.assertEqual(doc["campaigns"], [])
        log = self.sim.requests("skills.list")
        self.assertEqual([e["status"] for e in log], [429, 429, 200])
        self.assertTrue(all(e.get("retryAfter") is None for e in log))
        first = parse_time(log[1]["time"]) - parse_time(log[0]["time"])
        second = parse_time(log[2]["time"]) - parse_time(log[1]["time"])
        # The waits the log records are at least 2 s and 6 s (the client
        # may be later, never earlier).
        self.assertGreaterEqual(first, datetime.timedelta(seconds=1.95), first)
        self.assertGreaterEqual(second, datetime.timedelta(seconds=5.95), second)

    def test_429_past_the_deadline_exits_9(self):
        self.start_acd("--rate-limit", "skills.list=1/600")
        self.json_of(self.cxsched("list", "-o", "json"))
        r = self.cxsched("list", "--timeout", "3s")
        self.assertEqual(r.returncode, 9, r.stderr)


if __name__ == "__main__":
    unittest.main()
