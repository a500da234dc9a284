"""The platform settings of the CLI (man page, GLOBAL OPTIONS): --platform and
the acd access-key settings, each from its flag, variable or profile key, bad
values exit 2 naming where they came from, and a profile's acd settings
reach the acd platform."""

import json
import os
import subprocess
import unittest

from acd_harness import AcdSim
from harness import CliTestCase, Sim, _env_path

QUICK = 20


class PlatformSettingsTest(CliTestCase):
    def setUp(self):
        super().setUp()
        self.sim = Sim()
        self.addCleanup(self.sim.cleanup)
        self.env.update({"CXSCHED_BASE_URL": self.sim.base_url, "CXSCHED_CLIENT_ID": "demo-client",
                         "CXSCHED_CLIENT_SECRET": "demo-secret"})
        self.config = os.path.join(self.tmp, "config.toml")

    def write_config(self, text):
        with open(self.config, "w", encoding="utf-8") as f:
            f.write(text)

    def sim_requests(self):
        return self.sim.requests()

    def test_campaigns_is_the_default_and_can_be_named(self):
        for args, env in (([], {}), (["--platform", "campaigns"], {}),
                          ([], {"CXSCHED_PLATFORM": "campaigns"})):
            with self.subTest(args=args, env=env):
                r = self.cxsched("list", "-o", "json", *args, env=env, timeout=QUICK)
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertIn("campaigns", json.loads(r.stdout))

    def test_a_bad_platform_names_the_flag_variable_or_key(self):
        r = self.cxsched("list", "--platform", "cxone", timeout=QUICK)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("--platform: unknown platform 'cxone': expected campaigns or acd", r.stderr)
        r = self.cxsched("list", env={"CXSCHED_PLATFORM": "ACD"}, timeout=QUICK)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("CXSCHED_PLATFORM: unknown platform 'ACD'", r.stderr)
        self.write_config('[default]\nplatform = "skills"\n')
        r = self.cxsched("list", "--config", self.config, "-o", "json", timeout=QUICK)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("platform of profile 'default': unknown platform 'skills'", r.stderr)
        self.assertEqual(json.loads(r.stdout)["error"]["kind"], "usage")
        self.assertEqual(self.sim_requests(), [], "no request before the settings are good")

    def test_the_acd_settings_of_a_profile_reach_the_acd_platform(self):
        acd = AcdSim()
        self.addCleanup(acd.cleanup)
        self.write_config('[default]\nplatform = "acd"\naccess_key_id = "demo-client"\n'
                          f'auth_url = "{acd.base_url}"\napi_version = "v30.0"\n'
                          'acd.business_unit_zone = "America/New_York"\nacd.campaign_id = 1\n')
        del self.env["CXSCHED_BASE_URL"]  # the endpoint is discovered
        r = self.cxsched("list", "--config", self.config, "-o", "json", timeout=QUICK,
                         env={"CXSCHED_ACCESS_KEY_SECRET": "demo-secret"})
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["campaigns"], [])
        self.assertEqual([e["endpoint"] for e in acd.requests()][:2], ["token", "discovery"])
        self.assertEqual(self.sim_requests(), [], "nothing went to the campaigns platform")

    def test_bad_acd_values_name_the_flag_variable_or_key(self):
        cases = [
            (["--auth-url", "http://auth.example.com"], {}, "", "--auth-url: "),
            ([], {"CXSCHED_AUTH_URL": "ftp://x"}, "", "CXSCHED_AUTH_URL: "),
            ([], {"CXSCHED_API_VERSION": "30.0"}, "",
             "CXSCHED_API_VERSION: '30.0' is not an API version like v30.0"),
            ([], {}, 'api_version = "latest"\n', "api_version of profile 'default'"),
            ([], {}, 'acd.business_unit_zone = "Eastern Standard Time"\n',
             "acd.business_unit_zone of profile 'default': "),
            ([], {}, 'acd.campaign_id = "Default"\n',
             "acd.campaign_id of profile 'default': 'Default' is not a campaign id"),
            ([], {}, 'access_key_secret = "s"\n', "secrets do not go in the config file"),
        ]
        for args, env, profile, message in cases:
            with self.subTest(message=message):
                self.write_config('[default]\nplatform = "acd"\n' + profile)
                r = self.cxsched("list", "--config", self.config, *args, env=env, timeout=QUICK)
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assertIn(message, r.stderr)

    def test_the_access_key_secret_file_is_read_as_the_client_secret_file_is(self):
        fifo = os.path.join(self.tmp, "fifo")
        os.mkfifo(fifo)
        r = self.cxsched("list", "--platform", "acd", "--access-key-secret-file", fifo,
                         timeout=QUICK)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("--access-key-secret-file " + fifo + " is a FIFO", r.stderr)
        secret = os.path.join(self.tmp, "acd.secret")
        with open(secret, "w", encoding="utf-8") as f:
            f.write("s3cret\n")
        os.chmod(secret, 0o644)
        r = self.cxsched("list", "--platform", "acd", "--access-key-secret-file", secret,
                         timeout=QUICK)
        self.assertIn("is readable by group or others; chmod 600 it", r.stderr)
        self.assertNotIn("s3cret", r.stderr)
        p = subprocess.run([_env_path("CXSCHED_BIN"), "list", "--platform", "acd",
                            "--access-key-secret-file", "-"], input="", env=self.env,
                           capture_output=True, text=True, timeout=QUICK)
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIn("--access-key-secret-file '-' is empty", p.stderr)

    def test_the_acd_settings_are_not_read_on_campaigns(self):
        r = self.cxsched("list", "-o", "json", env={"CXSCHED_API_VERSION": "bogus",
                                                     "CXSCHED_AUTH_URL": "http://x.example"},
                         timeout=QUICK)
        self.assertEqual(r.returncode, 0, r.stderr)


if __name__ == "__main__":
    unittest.main()
