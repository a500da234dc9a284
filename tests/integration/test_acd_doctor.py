"""`cxsched doctor` through the real binary, on both platforms: read-only
checks, one line each (ok / warning / failed / not verified) with what to
do, -o json, and the exit codes of cli-contract.md: 0 when all pass
(warnings allowed), 5 on an auth failure, 9 when the platform is
unreachable, 1 otherwise."""

import re
import socket
import unittest

from acd_harness import AcdCliTestCase
from harness import CliTestCase

WRITES = ("skills.create", "skills.update", "parameters.put", "skills.start", "skills.stop",
          "campaigns.create", "campaigns.activate")

ACD_CHECKS = ["sign-in", "discovery", "API version", "clock skew", "business unit", "listing",
              "schedule read", "campaign", "reporting", "write permissions"]


def closed_port_url():
    """A loopback URL where nothing listens."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


class AcdDoctorTest(AcdCliTestCase):
    def doctor(self, *args, code=0, env=None):
        r = self.cxsched("doctor", "-o", "json", *args, env=env)
        doc = self.json_of(r, code=code)
        return {c["name"]: c for c in doc["checks"]}, doc

    def test_a_healthy_tenant_passes_and_nothing_is_written(self):
        self.start_acd("--campaigns", "2", "--acd-bu-zone", "Eastern Standard Time")
        checks, doc = self.doctor()
        self.assertEqual((doc["platform"], doc["ok"]), ("acd", True))
        self.assertEqual(list(checks), ACD_CHECKS)
        self.assertEqual({c["outcome"] for n, c in checks.items() if n != "write permissions"},
                         {"ok"}, checks)
        self.assertEqual(checks["write permissions"]["outcome"], "not verified")
        self.assertIn("America/New_York (Windows zone 'Eastern Standard Time'",
                      checks["business unit"]["detail"])
        self.assertIn("discovered for tenant", checks["discovery"]["detail"])
        self.assertIn("2 Personal Connection skills", checks["listing"]["detail"])
        self.assertIn("schedule-settings read", checks["schedule read"]["detail"])
        self.assertEqual([e for e in self.sim.requests() if e["endpoint"] in WRITES], [])
        r = self.cxsched("doctor")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("All checks passed.", r.stdout)
        self.assertIn("not verified", r.stdout)

    def test_warnings_still_pass(self):
        self.start_acd("--acd-clock-skew-s", "300")  # and no skill yet
        checks, doc = self.doctor()
        self.assertTrue(doc["ok"])
        self.assertEqual(checks["clock skew"]["outcome"], "warning")
        # The skew is measured from the middle of one request: under load
        # the two legs of a request differ by a second or more.
        m = re.search(r"(\d+) s ahead", checks["clock skew"]["detail"])
        self.assertIsNotNone(m, checks["clock skew"])
        self.assertLess(abs(int(m.group(1)) - 300), 10, checks["clock skew"])
        self.assertIn("NTP", checks["clock skew"]["advice"])
        self.assertEqual(checks["schedule read"]["outcome"], "warning")

    def test_bad_credentials_exit_5(self):
        self.start_acd()
        checks, doc = self.doctor(code=5, env={"CXSCHED_ACCESS_KEY_SECRET": "wrong"})
        self.assertEqual(list(checks), ["sign-in"])
        self.assertEqual((checks["sign-in"]["outcome"], checks["sign-in"]["kind"]),
                         ("failed", "auth"))
        self.assertIn("--access-key-id", checks["sign-in"]["advice"])

    def test_a_permission_missing_on_a_read_exits_5_naming_it(self):
        self.start_acd("--campaigns", "1")
        checks, _ = self.doctor(code=5, env={"CXSCHED_ACCESS_KEY_ID": "readonly-client",
                                             "CXSCHED_ACCESS_KEY_SECRET": "readonly-secret"})
        failed = {n: c for n, c in checks.items() if c["outcome"] == "failed"}
        self.assertEqual(list(failed), ["reporting"], checks)
        self.assertIn("Security Profiles", failed["reporting"]["advice"])

    def test_an_unreachable_platform_exits_9(self):
        self.start_acd()
        checks, _ = self.doctor("--auth-url", closed_port_url(), code=9)
        self.assertEqual(checks["sign-in"]["kind"], "unavailable")

    def test_an_api_version_the_tenant_does_not_serve_exits_1(self):
        self.start_acd()
        checks, _ = self.doctor(code=1, env={"CXSCHED_API_VERSION": "v99.0"})
        self.assertEqual(checks["API version"]["outcome"], "failed")
        self.assertIn("api_version", checks["API version"]["advice"])

    def test_an_unknown_zone_fails_naming_the_config_key(self):
        self.start_acd("--acd-bu-zone", "Mars Standard Time")
        checks, _ = self.doctor(code=1)
        self.assertEqual(checks["business unit"]["outcome"], "failed")
        self.assertIn("acd.business_unit_zone", checks["business unit"]["advice"])


class CampaignsDoctorTest(CliTestCase):
    def test_the_campaigns_platform_passes(self):
        self.start_sim("--campaigns", "3")
        r = self.cxsched("doctor", "-o", "json")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        import json
        doc = json.loads(r.stdout)
        checks = {c["name"]: c for c in doc["checks"]}
        self.assertEqual(doc["platform"], "campaigns")
        self.assertEqual(checks["sign-in"]["outcome"], "ok")
        self.assertIn("3 campaigns", checks["listing"]["detail"])
        self.assertEqual(checks["write permissions"]["outcome"], "not verified")
        self.assertEqual([e for e in self.sim.requests() if e["endpoint"] in WRITES], [])

    def test_bad_credentials_exit_5_and_no_platform_exits_9(self):
        self.start_sim()
        r = self.cxsched("doctor", env={"CXSCHED_CLIENT_SECRET": "wrong"})
        self.assertEqual(r.returncode, 5, r.stdout + r.stderr)
        self.assertIn("failed", r.stdout)
        r = self.cxsched("doctor", env={"CXSCHED_BASE_URL": closed_port_url()})
        self.assertEqual(r.returncode, 9, r.stdout + r.stderr)


if __name__ == "__main__":
    unittest.main()
