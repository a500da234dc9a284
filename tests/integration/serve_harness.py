"""Runs `cxsched serve` for a test: the real binary on 127.0.0.1 and port 0,
its stderr read line by line in the background so the test can wait for a
line (never for a fixed time)."""

import signal
import socket
import subprocess
import threading
import time

from harness import _env_path, http

ADMIN_TOKEN = "serve-test-admin-token-0123456789"
START_DEADLINE_SECONDS = 15.0


class Serve:
    """`cxsched serve --listen 127.0.0.1:0 ARGS` with the test's env (`binary`:
    another cxsched than $CXSCHED_BIN)."""

    def __init__(self, env, *args, token=ADMIN_TOKEN, listen="127.0.0.1:0", binary=None):
        env = dict(env)
        if token is not None:
            env["CXSCHED_SERVE_TOKEN"] = token
        self.token = token
        self.args = [binary or _env_path("CXSCHED_BIN"), "serve", "--listen", listen, *[str(a) for a in args]]
        self.proc = subprocess.Popen(self.args, env=env, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.lines = []
        self._cond = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        first = self.wait_for_line(lambda line: True, START_DEADLINE_SECONDS)
        if not first.startswith("listening on http://"):
            self.stop()
            raise RuntimeError(f"serve did not start: {self.stderr()}")
        self.base_url = first[len("listening on "):]
        self.port = int(self.base_url.rsplit(":", 1)[1])

    def _read(self):
        for raw in self.proc.stderr:
            with self._cond:
                self.lines.append(raw.decode("utf-8", "replace").rstrip("\n"))
                self._cond.notify_all()
        with self._cond:
            self.lines.append(None)  # end of stream
            self._cond.notify_all()

    def wait_for_line(self, predicate, timeout=15.0):
        """The first stderr line matching predicate; AssertionError at the deadline
        or when serve exits first."""
        deadline = time.monotonic() + timeout
        seen = 0
        with self._cond:
            while True:
                while seen < len(self.lines):
                    line = self.lines[seen]
                    seen += 1
                    if line is None:
                        raise AssertionError(f"serve exited: {self.stderr()}")
                    if predicate(line):
                        return line
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"no such stderr line after {timeout} s: {self.stderr()}")
                self._cond.wait(remaining)

    def stderr(self):
        with self._cond:
            return "\n".join(line for line in self.lines if line is not None)

    def request(self, method, path, body=None, token="default", headers=None, timeout=60):
        headers = dict(headers or {})
        if token == "default":
            token = self.token
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return http(method, self.base_url + path, body=body, headers=headers, timeout=timeout)

    def signal(self, sig=signal.SIGTERM):
        self.proc.send_signal(sig)

    def wait(self, timeout=30):
        code = self.proc.wait(timeout=timeout)
        self._reader.join(timeout=5)
        return code

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._reader.join(timeout=5)
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream:
                stream.close()
        return self.proc.returncode


def tutorial_defaults():
    """What the tutorial's four-field body lacks: a partial spec for --defaults."""
    return {
        "description": "Scheduled through the admin API",
        "campaignType": "PREDICTIVE",
        "executionWindows": [{"days": ["MON", "TUE", "WED", "THU", "FRI"],
                              "start": "09:00", "end": "17:00"}],
        "dialerSettings": {"maxAttempts": 3, "retryInterval": 3600, "dropRate": 0.03},
        "routingSettings": {"queueId": "queue_abc123", "skillRequirement": "compliance_agent",
                            "overflowStrategy": "WRAPUP"},
    }


def tutorial_body(name="Test_Campaign_001"):
    """The tutorial's curl body, dates moved to the future."""
    return {"name": name, "timezone": "America/New_York",
            "startDate": "2027-10-01T09:00:00-04:00", "endDate": "2027-10-01T17:00:00-04:00"}


def port_is_closed(port):
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) != 0


def env_without(env, *names):
    return {k: v for k, v in env.items() if k not in names}

