"""Reading every page of campaigns: concurrently when the platform gives a
count, one page at a time under a rate limit, and bounded (pages, campaigns,
time) against a platform whose pages never end."""

import json
import os
import resource
import subprocess
import sys
import threading
import time
import unittest
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from harness import CliTestCase, _env_path, campaign, sanitized_build

QUEUE = "queue_pagination_only"


def arrival_ms(entry):
    """The simulator's arrival time of a logged request, in ms since the epoch."""
    text = entry["time"].replace("Z", "+00:00")
    return datetime.fromisoformat(text).timestamp() * 1000.0


def page_number(entry):
    return int(parse_qs(entry["query"]).get("pageNumber", ["1"])[0])


class HostilePlatform:
    """A platform on 127.0.0.1 that issues tokens and serves whatever pages
    `page(number)` returns as a dict (the body of GET /api/v2/campaigns)."""

    def __init__(self, page, delay=0.0):
        self.page = page
        self.list_requests = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *args):
                pass

            def _send(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                if self.path.startswith("/oauth/token"):
                    self._send(200, {"access_token": "hostile-token", "token_type": "Bearer",
                                     "expires_in": 3600, "scope": "campaign:read"})
                else:
                    self._send(404, {"code": "not_found"})

            def do_GET(self):
                url = urlparse(self.path)
                if url.path != "/api/v2/campaigns":
                    self._send(404, {"code": "not_found"})
                    return
                outer.list_requests += 1
                number = int(parse_qs(url.query).get("pageNumber", ["1"])[0])
                if delay:
                    time.sleep(delay)  # a slow platform: each page takes this long
                self._send(200, outer.page(number))

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                pass  # a client that hangs up mid-request is expected here

        self.server = Server(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def tiny(n):
    return {"id": f"c{n}", "name": f"n{n}", "status": "DRAFT"}


class PaginationTest(CliTestCase):

    def hostile(self, page, delay=0.0):
        platform = HostilePlatform(page, delay)
        self.addCleanup(platform.close)
        self.env["CXSCHED_BASE_URL"] = platform.base_url
        self.env["CXSCHED_CLIENT_ID"] = "hostile-client"
        self.env["CXSCHED_CLIENT_SECRET"] = "hostile-secret"
        return platform

    def spec_with_blocker_on_last_page(self, sim):
        """A spec on its own queue, and a campaign in its way stored last."""
        spec = self.write_json("spec.json", campaign("Paged_Outreach", routingSettings={
            "queueId": QUEUE, "skillRequirement": "", "overflowStrategy": "WRAPUP"}))
        stored = sim.campaigns()
        last = stored[-1]
        blocker = campaign("Last_Page_Blocker", routingSettings={
            "queueId": QUEUE, "skillRequirement": "", "overflowStrategy": "WRAPUP"})
        blocker.update(id=last["id"], status="ACTIVE")
        sim.seed_campaign(blocker)
        self.assertEqual(sim.campaigns()[-1]["name"], "Last_Page_Blocker")
        sim.clear_requests()
        return spec

    def test_pages_overlap_in_time_are_each_read_once_and_the_last_page_counts(self):
        latency = 100
        sim = self.start_sim("--campaigns", 500, "--max-page-size", 25,
                             "--endpoint-latency", f"campaigns.list={latency}")
        spec = self.spec_with_blocker_on_last_page(sim)

        r = self.cxsched("validate", spec, "--conflict-scope", "queue", "-o", "json")
        self.assertEqual(r.returncode, 4, r.stderr)
        doc = json.loads(r.stdout)
        self.assertEqual([c["other"]["name"] for c in doc["conflicts"]], ["Last_Page_Blocker"])

        pages = sim.requests("campaigns.list")
        self.assertEqual(sorted(page_number(e) for e in pages), list(range(1, 21)))
        self.assertTrue(all(e["status"] == 200 for e in pages))
        # One at a time, each request arrives at least `latency` after the one
        # before it; pairs arriving closer than that were in flight together.
        times = sorted(arrival_ms(e) for e in pages)
        overlapping = sum(1 for a, b in zip(times, times[1:]) if b - a < latency * 0.9)
        self.assertGreaterEqual(overlapping, 10, times)

    def test_pages_overlap_where_no_thread_can_be_made(self):
        # The pages after the first go out together over libcurl's multi
        # interface from the command's own thread. Threads get a stack of
        # RLIMIT_STACK each: with 1 GiB of stack and 768 MiB of address space
        # none can be made.
        if sanitized_build():
            self.skipTest("an address-space limit cannot be set under AddressSanitizer")
        latency = 300
        sim = self.start_sim("--campaigns", 60, "--max-page-size", 20,
                             "--endpoint-latency", f"campaigns.list={latency}")

        def no_threads():
            resource.setrlimit(resource.RLIMIT_STACK, (1 << 30, 1 << 30))
            resource.setrlimit(resource.RLIMIT_AS, (768 << 20, 768 << 20))

        p = subprocess.run([_env_path("CXSCHED_BIN"), "list", "-o", "json"], env=self.env,
                           capture_output=True, preexec_fn=no_threads, timeout=120, cwd=self.tmp)
        self.assertEqual(p.returncode, 0, p.stderr[-600:])
        self.assertEqual(len(json.loads(p.stdout)["campaigns"]), 60)
        pages = sorted(sim.requests("campaigns.list"), key=page_number)
        self.assertEqual([page_number(e) for e in pages], [1, 2, 3])
        # Pages 2 and 3 are one round: asked for together, not one answer apart.
        self.assertLess(abs(arrival_ms(pages[2]) - arrival_ms(pages[1])), latency * 0.9)

    def test_max_parallel_one_reads_pages_one_after_another(self):
        latency = 50
        sim = self.start_sim("--campaigns", 100, "--max-page-size", 25,
                             "--endpoint-latency", f"campaigns.list={latency}")
        r = self.cxsched("list", "--max-parallel", "1", "-o", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["total"], 100)
        pages = sim.requests("campaigns.list")
        self.assertEqual([page_number(e) for e in pages], [1, 2, 3, 4])
        times = [arrival_ms(e) for e in pages]
        self.assertTrue(all(b - a >= latency * 0.9 for a, b in zip(times, times[1:])), times)

    def test_max_parallel_comes_from_the_profile(self):
        latency = 50
        sim = self.start_sim("--campaigns", 100, "--max-page-size", 25,
                             "--endpoint-latency", f"campaigns.list={latency}")
        config = os.path.join(self.env["XDG_CONFIG_HOME"], "cxsched", "config.toml")
        os.makedirs(os.path.dirname(config), exist_ok=True)
        with open(config, "w") as f:
            f.write("[default]\nmax_parallel = 1\n")
        r = self.cxsched("list", "-o", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        times = [arrival_ms(e) for e in sim.requests("campaigns.list")]
        self.assertEqual(len(times), 4)
        self.assertTrue(all(b - a >= latency * 0.9 for a, b in zip(times, times[1:])), times)
        with open(config, "w") as f:
            f.write("[default]\nmax_parallel = 40\n")
        r = self.cxsched("list")
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("max_parallel", r.stderr)

    def test_max_parallel_is_checked(self):
        self.start_sim("--campaigns", 1)
        r = self.cxsched("list", "--max-parallel", "0")
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("--max-parallel", r.stderr)

    PAGES = 20  # 500 campaigns, 25 a page

    def rate_limited_run(self, parallel, limit=5, per_seconds=2):
        """validate under a list limit of `limit` per `per_seconds` s; the list
        requests logged."""
        sim = self.start_sim("--campaigns", 500, "--max-page-size", 25,
                             "--rate-limit", f"campaigns.list={limit}/{per_seconds}")
        spec = self.spec_with_blocker_on_last_page(sim)
        r = self.cxsched("validate", spec, "--conflict-scope", "queue", "--max-parallel",
                         parallel, "-o", "json")
        self.assertEqual(r.returncode, 4, r.stderr)
        self.assertEqual([c["other"]["name"] for c in json.loads(r.stdout)["conflicts"]],
                         ["Last_Page_Blocker"])
        log = sim.requests("campaigns.list")
        sim.cleanup()
        self.assert_each_page_once_and_no_retry_before_retry_after(log)
        return log

    def assert_each_page_once_and_no_retry_before_retry_after(self, log):
        answered = [page_number(e) for e in log if e["status"] == 200]
        self.assertEqual(sorted(answered), list(range(1, self.PAGES + 1)), log)
        self.assertTrue(all(e["status"] in (200, 429) for e in log), log)
        # No page is asked again before the Retry-After of its 429.
        for i, e in enumerate(log):
            if e["status"] != 429:
                continue
            again = [arrival_ms(x) for x in log[i + 1:] if x["query"] == e["query"]]
            self.assertTrue(again, f"page {page_number(e)} never retried")
            self.assertGreaterEqual(min(again) - arrival_ms(e), e["retryAfter"] * 1000 - 1, log)

    @staticmethod
    def rejected(log):
        return [e for e in log if e["status"] == 429]

    def test_rate_limited_pages_wait_out_retry_after_and_429s_do_not_multiply(self):
        limit, width = 5, 4
        serial = self.rate_limited_run(1, limit)
        pooled = self.rate_limited_run(width, limit)
        # A client reading one page at a time and merely waiting out each
        # Retry-After meets the limit once per window: 3 times for 20 pages at
        # 5 per 2 s. Ours learns at the first 429 what the endpoint admits
        # and keeps to it: one 429 in all.
        naive = -(-self.PAGES // limit) - 1
        self.assertEqual(naive, 3)
        self.assertEqual(len(self.rejected(serial)), 1, serial)
        # Four at a time, the pool starts with page 1 alone and widens by
        # rounds (1, 2, 3, 4 pages): only the round that crosses the limit
        # can meet it, and only with the pages it sent past the limit (pages
        # 4-6 after 3 admitted: one). Never one 429 per page in flight, and
        # no more than one page at a time meets.
        self.assertLessEqual(len(self.rejected(pooled)), naive, pooled)
        self.assertLess(len(self.rejected(pooled)), width, pooled)
        self.assertLessEqual(len(self.rejected(pooled)), len(self.rejected(serial)), pooled)
        # After the first 429's Retry-After, none.
        first = self.rejected(pooled)[0]
        for e in self.rejected(pooled):
            self.assertLess(arrival_ms(e) - arrival_ms(first), first["retryAfter"] * 1000, pooled)

    def test_any_limit_is_met_by_the_pages_in_flight_once_and_never_again(self):
        # Whatever the limit, the pages that meet it are the ones in flight
        # when it is crossed: at most the width, all before the first 429's
        # Retry-After has passed. After it the endpoint is paced, and no page
        # is asked again before its Retry-After (rate_limited_run checks).
        width = 4
        for limit in (3, 6, 12):
            with self.subTest(limit=limit):
                log = self.rate_limited_run(width, limit)
                rejected = self.rejected(log)
                self.assertTrue(rejected, log)
                self.assertLessEqual(len(rejected), width, log)
                first = rejected[0]
                for e in rejected:
                    self.assertLess(arrival_ms(e) - arrival_ms(first),
                                    first["retryAfter"] * 1000, log)

    def test_a_limit_the_listing_fits_in_meets_no_429(self):
        # 20 pages under 20 per 2 s: the limit is never reached, however many
        # pages are in flight.
        for parallel in (1, 4, 16):
            with self.subTest(parallel=parallel):
                log = self.rate_limited_run(parallel, limit=self.PAGES)
                self.assertEqual(self.rejected(log), [], log)
                self.assertEqual(len(log), self.PAGES, log)

    def test_endless_pages_cut_by_the_deadline_exit_8(self):
        self.hostile(lambda n: {"entities": [tiny(n)],
                                "nextUri": f"/api/v2/campaigns?pageSize=500&pageNumber={n + 1}"},
                     delay=0.02)
        r = self.cxsched("list", "--timeout", "1s", "-o", "json")
        self.assertEqual(r.returncode, 8, r.stderr)
        self.assertIn("pages of campaigns still coming", r.stderr)
        self.assertEqual(json.loads(r.stdout)["error"]["kind"], "deadline")

    def test_endless_pages_hit_the_page_cap_and_exit_1(self):
        platform = self.hostile(lambda n: {
            "entities": [tiny(n)], "nextUri": f"/api/v2/campaigns?pageSize=500&pageNumber={n + 1}"})
        r = self.cxsched("list", "-o", "json", timeout=300)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("did not end after 5000 pages", r.stderr)
        self.assertEqual(platform.list_requests, 5000)

    def test_a_page_count_beyond_the_cap_is_refused_after_one_page(self):
        platform = self.hostile(lambda n: {
            "entities": [tiny(n)], "pageSize": 1, "pageNumber": n, "pageCount": 10**9,
            "nextUri": f"/api/v2/campaigns?pageSize=1&pageNumber={n + 1}"})
        r = self.cxsched("list")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("more than the 5000 pages", r.stderr)
        self.assertEqual(platform.list_requests, 1)

    def test_a_hundred_thousand_tiny_campaigns_take_memory_in_proportion(self):
        body = {"entities": [tiny(n) for n in range(100_000)]}
        self.hostile(lambda n: body)
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        r = self.cxsched("list", "-o", "csv")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(len(r.stdout.splitlines()), 100_001)
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        if peak_kib > before and not sanitized_build():  # the largest child so far was this one
            self.assertLess(peak_kib, 150 * 1024, "peak RSS of list, KiB")

    def test_more_campaigns_than_the_cap_is_an_error(self):
        per_page = 50_000
        self.hostile(lambda n: {"entities": [tiny(n * per_page + i) for i in range(per_page)],
                                "nextUri": f"/api/v2/campaigns?pageNumber={n + 1}"})
        r = self.cxsched("list", "--status", "ACTIVE", timeout=300)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("holds more than 500000 campaigns", r.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2, argv=[sys.argv[0]] + sys.argv[1:])
