"""Helpers of the tests of `cxone-sim --platform acd`."""

import base64
import json

from harness import CliTestCase, Sim, SimTestCase

KEY = {"accessKeyId": "demo-client", "accessKeySecret": "demo-secret"}
SERVICES = "/inContactAPI/services/v30.0/"


def claims(jwt):
    """The decoded payload of a JWT (no verification)."""
    payload = jwt.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def utc(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%S.000Z")


class AcdSim(Sim):
    def __init__(self, *args, **kw):
        super().__init__("--platform", "acd", *args, **kw)

    def sign_in(self, key=None):
        r = self.http("POST", "/authentication/v1/token/access-key", body=key or KEY)
        assert r.status == 200, r
        return r.json()["access_token"]

    def api(self, method, rest, token, body=None, headers=None, version="v30.0"):
        return self.http(method, f"/inContactAPI/services/{version}/{rest}", body=body,
                         token=token, headers=headers)

    def create(self, token, name, **fields):
        item = {"mediaTypeId": 4, "skillName": name, "isOutbound": True,
                "outboundStrategy": "Personal Connection", "campaignId": 1}
        item.update(fields)
        return self.api("POST", "skills", token, body={"skills": [item]})


class AcdTestCase(SimTestCase):
    sim_class = AcdSim

    def new_skill(self, sim, token, name, **fields):
        r = sim.create(token, name, **fields)
        self.assertEqual(r.status, 200, r)
        result = r.json()["skillsResults"][0]
        self.assertTrue(result["success"], result)
        return result["skillId"]


DAYS = ("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday")


def pc_spec(name="Spring_Renewals_East", tz="America/New_York", start="2027-04-05T08:00:00-04:00",
            end="2027-04-30T21:00:00-04:00", windows=None, **extra):
    """A campaign spec a Personal Connection skill can hold (Monday-Friday)."""
    doc = {"name": name, "campaignType": "PREDICTIVE", "timezone": tz,
           "startDate": start, "endDate": end,
           "executionWindows": windows or [{"days": ["MON", "TUE", "WED", "THU", "FRI"],
                                            "start": "09:00", "end": "17:00"}],
           "dialerSettings": {"maxAttempts": 3, "retryInterval": 3600, "dropRate": 0.02},
           "routingSettings": {"queueId": "queue_east"}}
    doc.update(extra)
    return doc


def week(windows, scheduled=True):
    """A flat schedule-settings block: {"monday": ("09:00", "17:00"), ...}."""
    block = {"isScheduled": scheduled}
    for d in DAYS:
        start, end = windows.get(d, ("08:00", "17:00"))
        block.update({f"{d}IsActive": d in windows, f"{d}StartTime": start,
                      f"{d}EndTime": end})
    return block


class AcdCliTestCase(CliTestCase):
    """Runs the real cxsched with --platform acd (from the environment)
    against a `cxone-sim --platform acd`: signed in with the simulator's
    access key at its auth URL, the API endpoint discovered from the token
    unless `base_url` is asked for."""

    def start_acd(self, *args, base_url=False):
        sim = AcdSim(*args)
        self.addCleanup(sim.cleanup)
        self.sim = sim
        self.env.update({"CXSCHED_PLATFORM": "acd", "CXSCHED_ACCESS_KEY_ID": KEY["accessKeyId"],
                         "CXSCHED_ACCESS_KEY_SECRET": KEY["accessKeySecret"],
                         "CXSCHED_AUTH_URL": sim.base_url})
        if base_url:
            self.env["CXSCHED_BASE_URL"] = sim.base_url
        else:
            self.env.pop("CXSCHED_BASE_URL", None)
        return sim

    def pc_skills(self):
        """The simulator's Personal Connection skills (it also holds others)."""
        return [s for s in self.sim.admin("GET", "/_sim/skills")["skills"]
                if s.get("outboundStrategy") == "Personal Connection"]

    def seed_skill(self, name, schedule, notes="", **fields):
        """A Personal Connection skill put straight into the simulator; its id."""
        item = {"mediaTypeId": 4, "skillName": name, "isOutbound": True,
                "outboundStrategy": "Personal Connection", "campaignId": 1, "notes": notes,
                "schedule": schedule}
        item.update(fields)
        return self.sim.admin("POST", "/_sim/skills", item)["skillIds"][0]

    def json_of(self, r, code=0):
        """The JSON stdout of a run that exited with `code`."""
        self.assertEqual(r.returncode, code, r.stdout + r.stderr)
        return json.loads(r.stdout)

    def api_requests(self):
        """(endpoint, status) of every logged request but the sign-ins."""
        return [(e["endpoint"], e["status"]) for e in self.sim.requests()]
