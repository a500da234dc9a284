"""The README's five-minute tour is what the tool prints: its commands run
against cxone-sim started as the tour starts it (its day pinned with
--today), and every console block is compared line by line with what they
print. Only figures that differ from run to run are masked; each mask is
named below, and applied to the README's text and to the output alike."""

import os
import re
import shlex
import subprocess
import unittest

from harness import CliTestCase, _env_path

# name -> (pattern, replacement). Nothing else may differ.
MASKS = {
    "simulator port (the tour uses 8089, the test a free port)":
        (re.compile(r"http://127\.0\.0\.1:\d+"), "http://127.0.0.1:PORT"),
    "token expiry (the time of the run)":
        (re.compile(r"expires \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(in [^)]*\)"),
         "expires TIME (in LEFT)"),
    "token cache file (under the test's own HOME)":
        (re.compile(r"^Cache file: .*$"), "Cache file: PATH"),
    "elapsed seconds of activation":
        (re.compile(r"\bafter \d+\.\d s\b"), "after N.N s"),
}


def source_dir():
    return _env_path("CXSCHED_SOURCE_DIR")


def tour_section():
    with open(os.path.join(source_dir(), "README.md"), encoding="utf-8") as f:
        text = f.read()
    start = text.index("## A five-minute tour")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def blocks(section, kind):
    return re.findall(r"^```" + kind + r"\n(.*?)^```$", section, flags=re.M | re.S)


def commands_and_output(block):
    """[(command, [expected lines])] of a console block."""
    out = []
    for line in block.splitlines():
        if line.startswith("$ "):
            out.append((line[2:], []))
        elif out:
            out[-1][1].append(line)
    return out


def mask(line):
    for pattern, replacement in MASKS.values():
        line = pattern.sub(replacement, line)
    return line


class TourTest(CliTestCase):
    def setUp(self):
        super().setUp()
        section = tour_section()
        sim_line = next(line for b in blocks(section, "sh") for line in b.splitlines()
                        if line.startswith("build/bin/cxone-sim "))
        args = shlex.split(sim_line)[1:]
        self.assertIn("--today", args, "the tour pins the simulator's day")
        i = args.index("--port")
        del args[i:i + 2]
        self.start_sim(*args)
        exports = " ".join(b for b in blocks(section, "sh") if "export " in b)
        for name, value in (("CXSCHED_CLIENT_ID", "demo-client"),
                            ("CXSCHED_CLIENT_SECRET", "demo-secret")):
            self.assertIn(f"{name}={value}", exports)
        self.env["PATH"] = os.path.dirname(_env_path("CXSCHED_BIN")) + os.pathsep + \
            self.env.get("PATH", "")
        # The tour runs from the root of a clone: its fixtures, and build/ for what it writes.
        os.symlink(os.path.join(source_dir(), "tests"), os.path.join(self.tmp, "tests"))
        os.makedirs(os.path.join(self.tmp, "build"))
        self.consoles = blocks(section, "console")

    def run_block(self, block):
        """Runs the block's commands in one shell, each after its '$ ' line,
        stdout and stderr together; the lines printed."""
        script = ["__rc=0"]
        for command, _ in commands_and_output(block):
            script.append(f"printf '%s\\n' {shlex.quote('$ ' + command)}")
            script.append(f"(exit $__rc); {command} 2>&1; __rc=$?")
        r = subprocess.run(["bash", "--norc", "--noprofile", "-c", "\n".join(script)],
                           env=self.env, cwd=self.tmp, capture_output=True, text=True,
                           timeout=300)
        self.assertEqual(r.stderr, "")
        return r.stdout.splitlines()

    def test_every_console_block_matches_the_output(self):
        self.assertGreaterEqual(len(self.consoles), 4)
        for block in self.consoles:
            first = commands_and_output(block)[0][0]
            with self.subTest(first):
                expected = [mask(line) for line in block.splitlines()]
                actual = [mask(line) for line in self.run_block(block)]
                self.assertEqual(actual, expected,
                                 "README tour differs from the output; masks applied: " +
                                 "; ".join(MASKS))


if __name__ == "__main__":
    unittest.main()
