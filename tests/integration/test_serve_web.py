"""The web page of cxsched serve in a real headless Chromium: token, campaign
table, a pasted spec's DST problem, and an adherence chart. Screenshots go
to <build>/test-screenshots/serve/; the assertions read the DOM."""

import datetime
import json
import os
import unittest
import zoneinfo

from cdp import Browser, chromium_binary
from harness import CliTestCase, campaign
from serve_harness import ADMIN_TOKEN, Serve

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def screenshot_dir():
    base = os.environ.get("CXSCHED_BUILD_DIR") or os.getcwd()
    return os.path.join(base, "test-screenshots", "serve")


def running_campaign(cid, name):
    """An ACTIVE campaign that started three days ago, every day 09:00-17:00 in
    New York, so the last seven days have analytics to chart."""
    today = datetime.datetime.now(NEW_YORK).date()
    start = datetime.datetime.combine(today - datetime.timedelta(days=3), datetime.time(8),
                                      NEW_YORK)
    end = datetime.datetime.combine(today + datetime.timedelta(days=30), datetime.time(18),
                                    NEW_YORK)
    spec = campaign(name, startDate=start.isoformat(), endDate=end.isoformat(),
                    executionWindows=[{"days": ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"],
                                       "start": "09:00", "end": "17:00"}])
    spec.update({"id": cid, "status": "ACTIVE"})
    return spec


@unittest.skipIf(chromium_binary() is None, "chromium is not installed (scripts/install-deps)")
class WebPageTest(CliTestCase):
    def test_the_page_lists_campaigns_validates_a_spec_and_draws_a_chart(self):
        self.start_sim()
        self.sim.seed_campaign(running_campaign("c-web-running", "Web_Running"))
        later = campaign("Web_Later")
        later.update({"id": "c-web-later", "status": "SCHEDULED"})
        self.sim.seed_campaign(later)
        server = Serve(self.env)
        self.addCleanup(server.stop)
        browser = Browser()
        self.addCleanup(browser.close)
        shots = screenshot_dir()

        browser.navigate(server.base_url + "/")
        browser.wait_for("!document.querySelector('#signin').hidden", message="the token form")
        self.assertTrue(browser.evaluate("document.querySelector('#app').hidden"))
        browser.screenshot(os.path.join(shots, "1-token.png"))

        browser.type_into("#token", ADMIN_TOKEN)
        browser.click("#token-form button[type=submit]")
        rows = browser.wait_for(
            "(() => { const r = [...document.querySelectorAll('#campaigns tbody tr')];"
            " return r.length === 2 && r.map(tr => [...tr.cells].map(td => td.textContent)); })()",
            message="two campaign rows")
        by_name = {r[0]: r for r in rows}
        self.assertEqual(by_name["Web_Running"][1], "ACTIVE")
        self.assertEqual(by_name["Web_Running"][2], "America/New_York")
        self.assertEqual(by_name["Web_Later"][1], "SCHEDULED")
        # Next window of Web_Later: Monday 2027-02-01 09:00 New York, 14:00 UTC.
        self.assertEqual(by_name["Web_Later"][3],
                         "2027-02-01T09:00-05:00 (EST) to 2027-02-01T17:00-05:00 (EST)")
        self.assertEqual(by_name["Web_Later"][4], "2027-02-01T14:00:00Z to 2027-02-01T22:00:00Z")
        self.assertEqual(browser.evaluate("sessionStorage.getItem('cxsched.adminToken')"),
                         ADMIN_TOKEN)
        browser.screenshot(os.path.join(shots, "2-campaigns.png"))

        spec = campaign("Web_Dst_Gap", startDate="2027-03-14T02:30")
        browser.type_into("#spec", json.dumps(spec, indent=2))
        browser.click("#validate")
        problem = browser.wait_for(
            "(() => { const p = document.querySelector('.problem[data-field=\"startDate\"]');"
            " return p && [p.querySelector('.field').textContent,"
            " p.querySelector('.message').textContent]; })()",
            message="the startDate problem")
        self.assertEqual(problem[0], "startDate")
        self.assertIn("does not exist in America/New_York", problem[1])
        self.assertEqual(browser.evaluate("document.querySelector('#verdict-text').textContent"),
                         "Invalid")
        browser.screenshot(os.path.join(shots, "3-validate.png"))

        browser.click("#campaigns tbody tr[data-id='c-web-running'] button")
        size = browser.wait_for(
            "(() => { const i = document.querySelector('#chart-image');"
            " return i && i.complete && i.naturalWidth > 0 && [i.naturalWidth, i.naturalHeight]; })()",
            message="the chart image")
        self.assertGreater(size[0], 100)
        self.assertEqual(browser.evaluate("document.querySelector('#chart-error').textContent"), "")
        browser.screenshot(os.path.join(shots, "4-chart.png"))

        # The token is asked for once per tab: a reload goes straight to the table.
        browser.navigate(server.base_url + "/?again")
        browser.wait_for("document.querySelectorAll('#campaigns tbody tr').length === 2",
                         message="the table after a reload")
        self.assertTrue(browser.evaluate("document.querySelector('#signin').hidden"))

        # Nothing but the server was asked for anything.
        requests = [line for line in server.stderr().splitlines() if "ms" in line]
        self.assertTrue(all(" /" in line for line in requests))

    def test_a_wrong_token_brings_the_token_form_back(self):
        self.start_sim()
        server = Serve(self.env)
        self.addCleanup(server.stop)
        browser = Browser()
        self.addCleanup(browser.close)
        browser.navigate(server.base_url + "/")
        browser.wait_for("!document.querySelector('#signin').hidden")
        browser.type_into("#token", "not-the-admin-token-at-all")
        browser.click("#token-form button[type=submit]")
        browser.wait_for("document.querySelector('#token-error').textContent.includes('refused')",
                         message="the refusal")
        self.assertFalse(browser.evaluate("document.querySelector('#signin').hidden"))
        self.assertIsNone(browser.evaluate("sessionStorage.getItem('cxsched.adminToken')"))


if __name__ == "__main__":
    unittest.main()
