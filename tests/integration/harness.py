"""Shared helpers for the integration tests (standard library only).

Sim runs the cxone-sim binary on a free port for a test; CliTestCase runs the
cxsched binary against it with an isolated HOME and environment.
"""

import atexit
import base64
import copy
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request
import weakref

START_DEADLINE_SECONDS = 15.0

_running = weakref.WeakSet()


@atexit.register
def _kill_leftovers():
    for sim in list(_running):
        sim.stop()


def sanitized_build():
    """True when the binaries under test carry AddressSanitizer (its shadow
    memory makes resident-size figures meaningless, and an address-space
    limit impossible)."""
    cache = os.path.join(os.environ.get("CXSCHED_BUILD_DIR", ""), "CMakeCache.txt")
    try:
        with open(cache) as f:
            return any(line.strip() == "CXSCHED_SANITIZE:BOOL=ON" for line in f)
    except OSError:
        return "ASAN_OPTIONS" in os.environ


def _env_path(name):
    path = os.environ.get(name)
    if not path:
        raise unittest.SkipTest(f"{name} is not set")
    return path


class SimError(Exception):
    """An admin call that did not answer 2xx."""

    def __init__(self, status, body):
        super().__init__(f"HTTP {status}: {body}")
        self.status = status
        self.body = body


class Response:
    """A plain HTTP answer: status, headers (case-insensitive get) and body."""

    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.text = body.decode("utf-8", "replace")

    def header(self, name):
        return self.headers.get(name)

    def json(self):
        return json.loads(self.text)

    def __repr__(self):
        return f"<Response {self.status} {self.text[:200]!r}>"


def http(method, url, body=None, headers=None, form=None, timeout=30):
    """Sends one request with urllib; returns a Response for every status.

    body (not bytes/str) is sent as JSON; form (a dict) as
    application/x-www-form-urlencoded.
    """
    headers = dict(headers or {})
    data = None
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
    elif isinstance(body, (bytes, str)):
        data = body.encode() if isinstance(body, str) else body
    elif body is not None:
        data = json.dumps(body).encode()
        headers.setdefault("Content-Type", "application/json")
    if method in ("POST", "PUT", "PATCH") and data is None:
        data = b""
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return Response(resp.status, resp.headers, resp.read())
    except urllib.error.HTTPError as err:
        with err:
            return Response(err.code, err.headers, err.read())


class Sim:
    """A running cxone-sim on 127.0.0.1 and a free port.

    Sim(*extra_args, config=None, state=None): extra_args go to the command
    line; config (a dict) is written to a temp file for --config; state is a
    path for --state, or a dict/list written to a temp file first.
    """

    def __init__(self, *extra_args, config=None, state=None):
        self.binary = _env_path("CXONE_SIM_BIN")
        self._dir = tempfile.mkdtemp(prefix="cxone-sim-")
        args = [self.binary, "--port", "0"]
        if config is not None:
            args += ["--config", self._write("config.json", config)]
        if state is not None:
            if isinstance(state, (dict, list)):
                state = self._write("state.json", state)
            self.state_path = str(state)
            args += ["--state", self.state_path]
        else:
            self.state_path = None
        args += [str(a) for a in extra_args]
        self.args = args
        self._stderr_path = os.path.join(self._dir, "stderr.txt")
        self._stderr = open(self._stderr_path, "wb")
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self._stderr,
                                     stdin=subprocess.DEVNULL)
        _running.add(self)
        try:
            self.port = self._read_port()
        except Exception:
            self.stop()
            raise
        self.base_url = f"http://127.0.0.1:{self.port}"

    def _write(self, name, obj):
        path = os.path.join(self._dir, name)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(obj, f)
        return path

    def _read_port(self):
        deadline = time.monotonic() + START_DEADLINE_SECONDS
        line = b""
        fd = self.proc.stdout.fileno()
        while not line.endswith(b"\n"):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise RuntimeError(f"cxone-sim did not start in {START_DEADLINE_SECONDS} s: "
                                   f"{self.stderr_text()}")
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(fd, 1)
            if not chunk:
                self.proc.wait(timeout=5)
                raise RuntimeError(f"cxone-sim exited with {self.proc.returncode}: "
                                   f"{self.stderr_text()}")
            line += chunk
        text = line.decode().strip()
        prefix = "cxone-sim listening on http://"
        if not text.startswith(prefix):
            raise RuntimeError(f"unexpected first line {text!r}: {self.stderr_text()}")
        return int(text.rsplit(":", 1)[1])

    def stderr_text(self):
        if not self._stderr.closed:
            self._stderr.flush()
        with open(self._stderr_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def url(self, path):
        return self.base_url + path

    def http(self, method, path, body=None, headers=None, form=None, token=None):
        """One request to the simulator; token adds Authorization: Bearer."""
        headers = dict(headers or {})
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        headers.setdefault("Accept", "application/json")
        return http(method, self.url(path), body=body, headers=headers, form=form)

    def token(self, client_id="demo-client", secret="demo-secret"):
        """A fresh access token for the client (raises on failure)."""
        r = self.http("POST", "/oauth/token", body={"grant_type": "client_credentials",
                                                     "client_id": client_id,
                                                     "client_secret": secret})
        if r.status != 200:
            raise SimError(r.status, r.text)
        return r.json()["access_token"]

    def admin(self, method, path, body=None):
        """Calls an admin endpoint (path with or without /_sim); parsed JSON, or SimError."""
        if not path.startswith("/_sim"):
            path = "/_sim/" + path.lstrip("/")
        r = self.http(method, path, body=body)
        if not 200 <= r.status < 300:
            raise SimError(r.status, r.text)
        return r.json()

    def requests(self, endpoint=None):
        """The logged API and token requests, optionally of one endpoint."""
        entries = self.admin("GET", "/_sim/requests")["requests"]
        if endpoint is not None:
            entries = [e for e in entries if e["endpoint"] == endpoint]
        return entries

    def clear_requests(self):
        self.admin("DELETE", "/_sim/requests")

    def fault(self, **kw):
        """Queues a scripted fault, e.g. fault(endpoint="campaigns.create", status=500)."""
        return self.admin("POST", "/_sim/faults", kw)

    def seed_campaign(self, campaign):
        """Inserts a campaign object as is (id/status/dates kept); returns it."""
        return self.admin("POST", "/_sim/campaigns", campaign)

    def campaigns(self):
        """Every stored campaign, without auth or paging."""
        return self.admin("GET", "/_sim/campaigns")["campaigns"]

    def stop(self):
        """Stops the simulator (SIGTERM, then SIGKILL); its exit code."""
        _running.discard(self)
        proc = getattr(self, "proc", None)
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if proc is not None and proc.stdout:
            proc.stdout.close()
        if not self._stderr.closed:
            self._stderr.close()
        return None if proc is None else proc.returncode

    def cleanup(self):
        self.stop()
        shutil.rmtree(self._dir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.cleanup()
        return False


def campaign(name, **overrides):
    """A valid campaign spec: February 2027 in America/New_York, weekdays
    09:00-17:00, queue_abc123. Keyword overrides replace top-level fields; a
    value of None removes the field."""
    spec = {
        "name": name,
        "description": f"Integration test campaign {name}",
        "campaignType": "PREDICTIVE",
        "startDate": "2027-02-01T08:00:00-05:00",
        "endDate": "2027-02-26T18:00:00-05:00",
        "timezone": "America/New_York",
        "executionWindows": [
            {"days": ["MON", "TUE", "WED", "THU", "FRI"], "start": "09:00", "end": "17:00"}
        ],
        "excludeDates": [],
        "dialerSettings": {"maxAttempts": 3, "retryInterval": 3600, "dropRate": 0.03},
        "routingSettings": {"queueId": "queue_abc123", "skillRequirement": "compliance_agent",
                            "overflowStrategy": "WRAPUP"},
    }
    for key, value in overrides.items():
        if value is None:
            spec.pop(key, None)
        else:
            spec[key] = copy.deepcopy(value)
    return spec


def wait_for(predicate, timeout=15.0, interval=0.05, message="condition"):
    """Polls predicate() until it returns a truthy value (returned) or the
    deadline passes (AssertionError)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {message}")
        time.sleep(interval)


def basic_auth(client_id, secret):
    """The Authorization header value of HTTP Basic credentials (RFC 6749 2.3.1)."""
    raw = f"{urllib.parse.quote(client_id, safe='')}:{urllib.parse.quote(secret, safe='')}"
    return "Basic " + base64.b64encode(raw.encode()).decode()


class SimTestCase(unittest.TestCase):
    """A test of cxone-sim itself: start() runs one (of sim_class, Sim unless
    a subclass names another) that must stop cleanly when the test ends."""

    sim_class = Sim

    def start(self, *args, **kw):
        sim = self.sim_class(*args, **kw)
        self.addCleanup(self.stops_cleanly, sim)
        return sim

    def stops_cleanly(self, sim):
        code = sim.stop()
        stderr = sim.stderr_text()
        sim.cleanup()
        self.assertEqual(code, 0, stderr)
        self.assertNotIn("runtime error", stderr)
        self.assertIn("cxone-sim: stopped", stderr)


class CliTestCase(unittest.TestCase):
    """A test with its own temp dir and environment for running cxsched."""

    def setUp(self):
        super().setUp()
        self.tmp = tempfile.mkdtemp(prefix="cxsched-test-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        home = os.path.join(self.tmp, "home")
        env = {k: v for k, v in os.environ.items() if not k.startswith("CXSCHED_")}
        env.update({
            "HOME": home,
            "XDG_CACHE_HOME": os.path.join(home, ".cache"),
            "XDG_CONFIG_HOME": os.path.join(home, ".config"),
            "NO_COLOR": "1",
        })
        for d in (env["XDG_CACHE_HOME"], env["XDG_CONFIG_HOME"]):
            os.makedirs(d, exist_ok=True)
        self.env = env
        self.sim = None

    def use_sim(self, sim, client_id="demo-client", secret="demo-secret"):
        """Points CXSCHED_BASE_URL/CLIENT_ID/CLIENT_SECRET at sim; returns it."""
        self.sim = sim
        self.env["CXSCHED_BASE_URL"] = sim.base_url
        self.env["CXSCHED_CLIENT_ID"] = client_id
        self.env["CXSCHED_CLIENT_SECRET"] = secret
        return sim

    def start_sim(self, *args, **kw):
        """Starts a Sim stopped at the end of the test and uses it."""
        sim = Sim(*args, **kw)
        self.addCleanup(sim.cleanup)
        return self.use_sim(sim)

    def cxsched(self, *args, input=None, env=None, timeout=120):
        """Runs $CXSCHED_BIN with self.env (plus env); a CompletedProcess."""
        binary = _env_path("CXSCHED_BIN")
        run_env = dict(self.env)
        if env:
            run_env.update(env)
        return subprocess.run([binary, *[str(a) for a in args]], input=input, env=run_env,
                              capture_output=True, text=True, timeout=timeout, cwd=self.tmp)

    def write_json(self, name, obj):
        """Writes obj as JSON to a file in the test's temp dir; its path."""
        path = os.path.join(self.tmp, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(obj, f, indent=2)
        return path
