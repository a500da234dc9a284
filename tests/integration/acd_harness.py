"""Helpers of the tests of `cxone-sim --platform acd`."""

import base64
import json

from harness import Sim, SimTestCase

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
