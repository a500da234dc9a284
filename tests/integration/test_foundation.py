"""The foundation against cxone-sim: auth, the token cache, list, retries, exit codes."""

import glob
import json
import os
import stat
import subprocess
import time
import unittest

from harness import CliTestCase, Sim, _env_path


class FoundationTest(CliTestCase):
    def cache_files(self):
        return glob.glob(os.path.join(self.env["XDG_CACHE_HOME"], "cxsched", "*.json"))

    def token_requests(self):
        return [r for r in self.sim.requests() if r["endpoint"] == "token"]

    def test_list_reads_every_page(self):
        self.start_sim("--campaigns", "240", "--max-page-size", "25")
        r = self.cxsched("list", "-o", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        doc = json.loads(r.stdout)
        self.assertEqual(doc["total"], 240)
        ids = [c["id"] for c in doc["campaigns"]]
        self.assertEqual(len(set(ids)), 240)
        lists = [q for q in self.sim.requests() if q["endpoint"] == "campaigns.list"]
        self.assertEqual(len(lists), 10)

        r = self.cxsched("list", "--status", "active", "-o", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        statuses = {c["status"] for c in json.loads(r.stdout)["campaigns"]}
        self.assertEqual(statuses, {"ACTIVE"})

        r = self.cxsched("list", "--status", "ACTIV")
        self.assertEqual(r.returncode, 2)
        self.assertIn("did you mean ACTIVE", r.stderr)

    def test_table_and_csv_output(self):
        self.start_sim("--campaigns", "3")
        r = self.cxsched("list")
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.splitlines()
        self.assertTrue(lines[0].startswith("ID"))
        self.assertEqual(len(lines), 4)
        r = self.cxsched("list", "-o", "csv")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(r.stdout.startswith("id,name,status,"))
        self.assertEqual(len(r.stdout.strip().splitlines()), 4)

    def test_token_is_reused_across_processes(self):
        self.start_sim()
        r = self.cxsched("auth", "status", "-o", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        first = json.loads(r.stdout)
        self.assertFalse(first["fromCache"])
        self.assertIn("campaign:write", first["scopes"])
        self.assertEqual(len(self.token_requests()), 1)
        self.sim.clear_requests()
        r = self.cxsched("auth", "status", "-o", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(json.loads(r.stdout)["fromCache"])
        r = self.cxsched("list")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.token_requests(), [])

    def test_twenty_processes_on_a_cold_cache_make_one_token_request(self):
        self.start_sim("--campaigns", "5")
        binary = _env_path("CXSCHED_BIN")
        procs = [subprocess.Popen([binary, "list", "-o", "json"], env=self.env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(20)]
        results = [p.communicate(timeout=120) + (p.returncode,) for p in procs]
        for out, err, code in results:
            self.assertEqual(code, 0, err)
            self.assertEqual(json.loads(out)["total"], 5)
        self.assertEqual(len(self.token_requests()), 1)

    def test_cache_file_is_private_and_holds_no_secret(self):
        self.start_sim()
        r = self.cxsched("-v", "list")
        self.assertEqual(r.returncode, 0, r.stderr)
        files = self.cache_files()
        self.assertEqual(len(files), 1)
        mode = stat.S_IMODE(os.stat(files[0]).st_mode)
        self.assertEqual(mode, 0o600)
        self.assertEqual(stat.S_IMODE(os.stat(os.path.dirname(files[0])).st_mode), 0o700)
        for path in glob.glob(os.path.join(os.path.dirname(files[0]), "*")):
            with open(path, "rb") as f:
                self.assertNotIn(b"demo-secret", f.read())
        self.assertNotIn("demo-secret", r.stderr + r.stdout)
        with open(files[0]) as f:
            token = json.load(f)["access_token"]
        self.assertNotIn(token, r.stderr, "-v must redact the bearer token")
        self.assertIn("GET", r.stderr)

    def test_corrupt_cache_file_is_replaced(self):
        self.start_sim()
        self.assertEqual(self.cxsched("list").returncode, 0)
        [path] = self.cache_files()
        for garbage in (b"", b"{\"access_token\": \"abc", b"\x00\xff not json"):
            with open(path, "wb") as f:
                f.write(garbage)
            r = self.cxsched("list")
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(path) as f:
                self.assertTrue(json.load(f)["access_token"])

    def test_revoked_token_is_replaced_once(self):
        self.start_sim()
        self.assertEqual(self.cxsched("list").returncode, 0)
        self.sim.admin("POST", "/_sim/tokens/revoke", {})
        self.sim.clear_requests()
        r = self.cxsched("list")
        self.assertEqual(r.returncode, 0, r.stderr)
        statuses = [(q["endpoint"], q["status"]) for q in self.sim.requests()]
        self.assertEqual(statuses, [("campaigns.list", 401), ("token", 200), ("campaigns.list", 200)])

    def test_a_429_storm_still_succeeds(self):
        self.start_sim("--campaigns", "3")
        self.sim.fault(endpoint="campaigns.list", status=429, count=3, retryAfter=1)
        r = self.cxsched("list", "-o", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["total"], 3)
        codes = [q["status"] for q in self.sim.requests("campaigns.list")]
        self.assertEqual(codes, [429, 429, 429, 200])

    def test_a_permanent_503_ends_with_exit_9_within_the_timeout(self):
        self.start_sim()
        self.sim.fault(endpoint="campaigns.list", status=503, count=100000)
        started = time.monotonic()
        r = self.cxsched("list", "--timeout", "4s", "-o", "json")
        elapsed = time.monotonic() - started
        self.assertEqual(r.returncode, 9, r.stderr)
        self.assertIn("503", r.stderr)
        self.assertEqual(json.loads(r.stdout)["error"]["code"], 9)
        # The deadline is the contract; the margin is only for process start-up.
        self.assertLess(elapsed, 4 + 3, "the retries outlived --timeout")

    def test_an_html_error_page_is_a_clear_error(self):
        self.start_sim()
        self.sim.fault(endpoint="campaigns.list", status=502, count=100000,
                       body="<html><body><h1>502 Bad Gateway</h1></body></html>")
        r = self.cxsched("list", "--timeout", "3s")
        self.assertEqual(r.returncode, 9)
        self.assertIn("502", r.stderr)

    def test_bad_credentials_exit_5(self):
        self.start_sim()
        r = self.cxsched("list", "-o", "json", env={"CXSCHED_CLIENT_SECRET": "not-the-secret-7Q"})
        self.assertEqual(r.returncode, 5, r.stderr)
        self.assertIn("invalid_client", r.stderr)
        self.assertEqual(json.loads(r.stdout)["error"]["kind"], "auth")
        self.assertNotIn("not-the-secret-7Q", r.stderr + r.stdout)
        self.assertEqual(self.cache_files(), [])

    def test_missing_scope_exits_5_naming_it(self):
        self.start_sim()
        r = self.cxsched("activate", "c-1", env={"CXSCHED_CLIENT_ID": "readonly-client",
                                                 "CXSCHED_CLIENT_SECRET": "readonly-secret"})
        self.assertEqual(r.returncode, 5, r.stderr)
        self.assertIn("campaign:write", r.stderr)

    def test_logout_removes_the_cached_token(self):
        self.start_sim()
        self.assertEqual(self.cxsched("auth", "token").returncode, 0)
        self.assertEqual(len(self.cache_files()), 1)
        r = self.cxsched("auth", "logout")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.cache_files(), [])
        r = self.cxsched("auth", "logout")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("No cached token", r.stderr)

    def test_auth_token_prints_a_token_the_api_accepts(self):
        self.start_sim()
        r = self.cxsched("auth", "token")
        self.assertEqual(r.returncode, 0, r.stderr)
        token = r.stdout.strip()
        resp = self.sim.http("GET", "/api/v2/campaigns", token=token)
        self.assertEqual(resp.status, 200)


class ConfigTest(CliTestCase):
    def write_config(self, text):
        path = os.path.join(self.env["XDG_CONFIG_HOME"], "cxsched", "config.toml")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        return path

    def setUp(self):
        super().setUp()
        self.sim = Sim()
        self.addCleanup(self.sim.cleanup)
        secret = os.path.join(self.tmp, "staging.secret")
        with open(secret, "w") as f:
            f.write("demo-secret\n")
        os.chmod(secret, 0o600)
        self.write_config(
            f'[default]\nregion = "us-1"\nclient_id = "nobody"\n\n'
            f'[profile.staging]\nbase_url = "{self.sim.base_url}"\n'
            f'client_id = "demo-client"\nclient_secret_file = "{secret}"\n')

    def test_profile_supplies_the_connection(self):
        r = self.cxsched("list", "--profile", "staging")
        self.assertEqual(r.returncode, 0, r.stderr)
        r = self.cxsched("list", env={"CXSCHED_PROFILE": "staging"})
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_precedence_flag_over_env_over_profile(self):
        dead = "http://127.0.0.1:1"
        # env beats profile: the env URL is dead, so the command fails to connect.
        r = self.cxsched("list", "--profile", "staging", "--timeout", "2s",
                         env={"CXSCHED_BASE_URL": dead})
        self.assertEqual(r.returncode, 9, r.stderr)
        # flag beats env.
        r = self.cxsched("--base-url", self.sim.base_url, "list", "--profile", "staging",
                         env={"CXSCHED_BASE_URL": dead})
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_unknown_profile_and_keys_are_usage_errors(self):
        r = self.cxsched("list", "--profile", "stagign")
        self.assertEqual(r.returncode, 2)
        self.assertIn("did you mean 'staging'", r.stderr)
        self.write_config('[default]\nclientid = "x"\n')
        r = self.cxsched("list")
        self.assertEqual(r.returncode, 2)
        self.assertIn("did you mean 'client_id'", r.stderr)
        self.write_config('[default\n')
        r = self.cxsched("list")
        self.assertEqual(r.returncode, 2)
        self.assertIn("config.toml:1", r.stderr)


class UsageTest(CliTestCase):
    def test_plain_http_to_a_remote_host_is_refused_before_connecting(self):
        r = self.cxsched("list", env={"CXSCHED_BASE_URL": "http://api.example.com",
                                      "CXSCHED_CLIENT_ID": "x", "CXSCHED_CLIENT_SECRET": "y"})
        self.assertEqual(r.returncode, 2)
        self.assertIn("http", r.stderr)

    def test_misspelled_flag_suggests_the_fix(self):
        r = self.cxsched("list", "--timout", "5s")
        self.assertEqual(r.returncode, 2)
        self.assertIn("did you mean --timeout?", r.stderr)

    def test_missing_credentials_name_the_variable(self):
        r = self.cxsched("list", env={"CXSCHED_BASE_URL": "http://127.0.0.1:1"})
        self.assertEqual(r.returncode, 2)
        self.assertIn("CXSCHED_CLIENT_ID", r.stderr)

    def test_bad_timeout_value(self):
        r = self.cxsched("list", "--timeout", "90")
        self.assertEqual(r.returncode, 2)
        self.assertIn("missing unit", r.stderr)


if __name__ == "__main__":
    unittest.main()
