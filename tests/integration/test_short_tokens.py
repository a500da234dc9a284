"""Tokens that live five minutes or less are reused, and `auth status` says
so truthfully: the real cxsched against cxone-sim --token-ttl."""

import json
import unittest

from harness import CliTestCase


class ShortTokenTest(CliTestCase):
    def test_a_three_page_list_uses_one_five_minute_token(self):
        self.start_sim("--token-ttl", "300", "--campaigns", "60", "--max-page-size", "25")
        r = self.cxsched("list", "--page-size", "25", "-o", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(len(self.sim.requests("campaigns.list")), 3)
        self.assertEqual(len(self.sim.requests("token")), 1)
        # the next command reuses the cached token too
        r = self.cxsched("list", "--page-size", "25", "-o", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(len(self.sim.requests("token")), 1)

    def test_auth_status_says_from_cache_only_when_the_cached_token_is_used(self):
        self.start_sim("--token-ttl", "300")
        r = self.cxsched("auth", "status", "-o", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertFalse(json.loads(r.stdout)["fromCache"])
        r = self.cxsched("auth", "status", "-o", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(json.loads(r.stdout)["fromCache"])
        self.assertEqual(len(self.sim.requests("token")), 1)


if __name__ == "__main__":
    unittest.main()
