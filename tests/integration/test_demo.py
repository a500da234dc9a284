"""scripts/demo, run as a newcomer runs it but with its output in a file:
build progress shown, no escape codes off a terminal, whole lines, and
nothing written outside the build directory."""

import os
import shutil
import subprocess
import unittest

from harness import _env_path


def tree(root):
    """Every file under root except build directories and git's own."""
    out = set()
    for d, dirs, files in os.walk(root):
        dirs[:] = [x for x in dirs if not (d == root and (x.startswith("build") or x == ".git"))]
        out |= {os.path.relpath(os.path.join(d, f), root) for f in files}
    return out


@unittest.skipUnless(shutil.which("cmake") and shutil.which("python3"), "cmake is not installed")
class DemoTest(unittest.TestCase):
    def test_the_demo_in_a_file(self):
        source = _env_path("CXSCHED_SOURCE_DIR")
        build = _env_path("CXSCHED_BUILD_DIR")
        before = tree(source)
        env = {k: v for k, v in os.environ.items() if not k.startswith("CXSCHED_")}
        env.pop("NO_COLOR", None)
        env.update(TERM="xterm", CXSCHED_DEMO_BUILD_DIR=build)
        r = subprocess.run([os.path.join(source, "scripts", "demo")], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
                           cwd=source, timeout=900)
        out = r.stdout.decode()
        self.assertEqual(r.returncode, 0, out)
        self.assertNotIn("\x1b", out, "escape codes in a file")
        self.assertNotIn("\r", out)
        self.assertRegex(out, r"Building cxsched and cxone-sim .*\n(  \d+%\n)+  done\n")
        self.assertIn("\n$ cxsched auth status\n", out)
        self.assertIn("1 spec: 1 invalid\n(exit 3: the spec is invalid)\n", out)
        self.assertRegex(out, r"\nTOTAL +5040 +4960 +20 +98\.41 ")
        self.assertTrue(os.path.isfile(os.path.join(build, "demo", "adherence.svg")))
        self.assertEqual(tree(source) - before, set(), "files written outside the build directory")


if __name__ == "__main__":
    unittest.main()
