"""One campaign per spec, whatever fails after the platform committed a
create, with or without the contract's extensions (Idempotency-Key and
duplicate-name checks): the real cxsched against cxone-sim."""

import json
import os
import subprocess
import unittest

from harness import CliTestCase, Sim, campaign, _env_path

# How a create can fail after the platform stored the campaign.
FAULTS = [
    {"status": 500},
    {"status": 502},
    {"status": 503},
    {"status": 503, "retryAfter": 1},
    {"status": 504},
    {"status": 429, "retryAfter": 1},
    {"drop": True},
]

# The extensions a server may lack: (sim switches, label).
SERVERS = [
    ([], "both extensions"),
    (["--no-idempotency-keys"], "duplicate names only"),
    (["--no-duplicate-names"], "idempotency keys only"),
    (["--no-idempotency-keys", "--no-duplicate-names"], "no extension"),
]


class NoDuplicatesTest(CliTestCase):
    def create(self, *specs):
        r = self.cxsched("create", *specs, "-o", "json")
        try:
            doc = json.loads(r.stdout)
        except json.JSONDecodeError:
            self.fail(f"stdout is not JSON: {r.stdout!r}\nstderr: {r.stderr}")
        return r, doc

    def named(self, name):
        return [c for c in self.sim.campaigns() if c["name"] == name]

    def fresh(self):
        """No campaign, fault or logged request left from the last case."""
        self.sim.admin("DELETE", "/_sim/campaigns")
        self.sim.admin("DELETE", "/_sim/faults")
        self.sim.clear_requests()

    def test_a_create_committed_then_failed_leaves_one_campaign_reported_created(self):
        for switches, label in SERVERS:
            self.start_sim(*switches)
            for n, fault in enumerate(FAULTS):
                with self.subTest(server=label, fault=fault):
                    name = f"Once_{n}"
                    spec = self.write_json(f"{name}.json", campaign(name))
                    self.fresh()
                    self.sim.fault(endpoint="campaigns.create", commit=True, count=1, **fault)
                    r, doc = self.create(spec)
                    self.assertEqual(r.returncode, 0, r.stderr)
                    self.assertEqual(doc["results"][0]["outcome"], "created")
                    self.assertEqual(len(self.named(name)), 1)
                    self.assertEqual(doc["results"][0]["id"], self.named(name)[0]["id"])
                    # never two POSTs without a look in between
                    endpoints = [e["endpoint"] for e in self.sim.requests()
                                 if e["endpoint"] != "token"]
                    self.assertEqual(endpoints.count("campaigns.create"), 1, endpoints)

    def test_a_create_failed_before_committing_is_sent_again_and_made_once(self):
        for switches, label in SERVERS:
            self.start_sim(*switches)
            for n, fault in enumerate(FAULTS):
                with self.subTest(server=label, fault=fault):
                    name = f"Later_{n}"
                    spec = self.write_json(f"{name}.json", campaign(name))
                    self.fresh()
                    self.sim.fault(endpoint="campaigns.create", commit=False, count=1, **fault)
                    r, doc = self.create(spec)
                    self.assertEqual(r.returncode, 0, r.stderr)
                    self.assertEqual(doc["results"][0]["outcome"], "created")
                    self.assertEqual(len(self.named(name)), 1)

    def test_a_rerun_says_exists(self):
        for switches, label in SERVERS:
            with self.subTest(server=label):
                self.start_sim(*switches)
                spec = self.write_json("again.json", campaign("Again"))
                self.assertEqual(self.create(spec)[1]["results"][0]["outcome"], "created")
                r, doc = self.create(spec)
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(doc["results"][0]["outcome"], "exists")
                self.assertEqual(len(self.named("Again")), 1)

    def test_concurrent_runs_of_one_spec_each_report_what_they_did(self):
        # Without either extension nothing on the server can stop two runs
        # that both found the name free; with one of them, one run creates.
        binary = _env_path("CXSCHED_BIN")
        for switches, label in SERVERS[:3]:
            with self.subTest(server=label):
                self.start_sim(*switches, "--latency-ms", "150")
                spec = self.write_json("race.json", campaign("Race"))
                runs = [subprocess.Popen([binary, "create", spec, "-o", "json"], env=self.env,
                                         cwd=self.tmp, stdout=subprocess.PIPE,
                                         stderr=subprocess.PIPE, text=True)
                        for _ in range(3)]
                outcomes = []
                for p in runs:
                    out, err = p.communicate(timeout=120)
                    self.assertEqual(p.returncode, 0, err)
                    outcomes.append(json.loads(out)["results"][0]["outcome"])
                self.assertEqual(len(self.named("Race")), 1)
                self.assertEqual(sorted(outcomes), ["created", "exists", "exists"], outcomes)


class SimSwitchesTest(unittest.TestCase):
    """The simulator's switches themselves, through its API."""

    def start(self, *args):
        sim = Sim(*args)
        self.addCleanup(sim.cleanup)
        return sim, sim.token()

    def post(self, sim, token, name, key=None):
        headers = {"Idempotency-Key": key} if key else None
        return sim.http("POST", "/api/v2/campaigns", body=campaign(name), headers=headers,
                        token=token)

    def test_without_duplicate_names_a_name_can_be_used_twice(self):
        sim, token = self.start("--no-duplicate-names")
        self.assertEqual(self.post(sim, token, "Twin").status, 201)
        self.assertEqual(self.post(sim, token, "Twin").status, 201)
        self.assertEqual(len([c for c in sim.campaigns() if c["name"] == "Twin"]), 2)
        sim2, token2 = self.start()
        self.assertEqual(self.post(sim2, token2, "Twin").status, 201)
        self.assertEqual(self.post(sim2, token2, "Twin").status, 409)

    def test_without_idempotency_keys_a_repeated_key_creates_again(self):
        sim, token = self.start("--no-idempotency-keys", "--no-duplicate-names")
        key = "6f1c2a1e-0000-8000-8000-000000000001"
        first = self.post(sim, token, "Keyed", key)
        second = self.post(sim, token, "Keyed", key)
        self.assertEqual((first.status, second.status), (201, 201))
        self.assertIsNone(second.header("Idempotent-Replayed"))
        self.assertNotEqual(first.json()["id"], second.json()["id"])
        sim2, token2 = self.start("--no-duplicate-names")
        a = self.post(sim2, token2, "Keyed", key)
        b = self.post(sim2, token2, "Keyed", key)
        self.assertEqual(b.header("Idempotent-Replayed"), "true")
        self.assertEqual(a.json()["id"], b.json()["id"])

    def test_a_dropped_connection_after_commit_stores_the_campaign(self):
        sim, token = self.start()
        sim.fault(endpoint="campaigns.create", drop=True, commit=True)
        with self.assertRaises(Exception):
            self.post(sim, token, "Dropped")
        self.assertEqual(len([c for c in sim.campaigns() if c["name"] == "Dropped"]), 1)
        sim.fault(endpoint="campaigns.create", drop=True)
        with self.assertRaises(Exception):
            self.post(sim, token, "Dropped_Early")
        self.assertEqual([c for c in sim.campaigns() if c["name"] == "Dropped_Early"], [])
        bad = sim.http("POST", "/_sim/faults", body={"endpoint": "campaigns.create",
                                                     "drop": "yes"})
        self.assertEqual(bad.status, 400)


if __name__ == "__main__":
    unittest.main()
