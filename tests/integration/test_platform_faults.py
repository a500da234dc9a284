"""Exit codes when the platform misbehaves below HTTP, and when cxsched
itself fails unexpectedly: the real cxsched against raw TCP servers."""

import json
import os
import resource
import socket
import subprocess
import threading
import unittest

from harness import CliTestCase, _env_path, sanitized_build


class RawServer:
    """Answers every connection on 127.0.0.1 with the same raw bytes."""

    def __init__(self, raw):
        self.raw = raw
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.connections = 0
        self._stop = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def _serve(self):
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            with conn:
                conn.settimeout(5)
                try:
                    data = b""
                    while b"\r\n\r\n" not in data:
                        chunk = conn.recv(4096)
                        if not chunk:
                            break
                        data += chunk
                    conn.sendall(self.raw)
                except OSError:
                    pass

    def close(self):
        self._stop = True
        self.sock.close()


class PlatformFaultsTest(CliTestCase):
    def point_at(self, raw):
        server = RawServer(raw)
        self.addCleanup(server.close)
        self.env.update({"CXSCHED_BASE_URL": server.url, "CXSCHED_CLIENT_ID": "demo-client",
                         "CXSCHED_CLIENT_SECRET": "demo-secret"})
        return server

    def error_doc(self, r):
        doc = json.loads(r.stdout)
        return doc["error"]

    def test_an_answer_that_is_not_http_is_the_platforms_fault_exit_9(self):
        server = self.point_at(b"SSH-2.0-OpenSSH_9.2\r\n\r\n")
        r = self.cxsched("list", "-o", "json", "--timeout", "4s")
        self.assertEqual(r.returncode, 9, r.stderr)
        err = self.error_doc(r)
        self.assertEqual((err["code"], err["kind"]), (9, "unavailable"))
        self.assertIn("not HTTP", err["message"])
        self.assertGreater(server.connections, 1)  # retried: it may be transient

    def test_a_2_mb_header_is_one_clear_error_exit_1(self):
        raw = (b"HTTP/1.1 200 OK\r\nX-Junk: " + b"a" * (2 << 20) +
               b"\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
        server = self.point_at(raw)
        r = self.cxsched("list", "-o", "json", "--timeout", "20s")
        self.assertEqual(r.returncode, 1, r.stderr)
        err = self.error_doc(r)
        self.assertEqual(err["kind"], "internal")
        self.assertIn("headers larger than", err["message"])
        self.assertNotIn("Out of memory", r.stderr)
        self.assertEqual(server.connections, 1)  # not retried


class UnexpectedFailureTest(CliTestCase):
    # Threads get a stack of RLIMIT_STACK each; with 1 GiB of stack and 768 MiB
    # of address space no thread can be made.
    @staticmethod
    def no_threads():
        resource.setrlimit(resource.RLIMIT_STACK, (1 << 30, 1 << 30))
        resource.setrlimit(resource.RLIMIT_AS, (768 << 20, 768 << 20))

    def setUp(self):
        super().setUp()
        if sanitized_build():
            self.skipTest("an address-space limit cannot be set under AddressSanitizer")

    def test_an_uncaught_exception_still_prints_the_json_error_document(self):
        # The server's worker threads cannot be made: std::thread throws
        # std::system_error from deep inside cpp-httplib.
        self.start_sim()
        binary = _env_path("CXSCHED_BIN")
        p = subprocess.run([binary, "serve", "-o", "json", "--listen", "127.0.0.1:0"],
                           env=self.env, capture_output=True, preexec_fn=self.no_threads,
                           timeout=120, cwd=self.tmp)
        self.assertEqual(p.returncode, 1, p.stderr[:300])
        doc = json.loads(p.stdout)
        self.assertEqual(doc["error"]["code"], 1)
        self.assertEqual(doc["error"]["kind"], "internal")
        self.assertIn("unexpected failure", doc["error"]["message"])
        self.assertIn(b"unexpected failure", p.stderr)


if __name__ == "__main__":
    unittest.main()
