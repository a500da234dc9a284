"""The man pages: render without warnings and cover every command, flag,
environment variable and exit code of the binary."""

import glob
import os
import re
import shutil
import subprocess
import unittest

from harness import CliTestCase, _env_path

PAGES = ("cxsched.1", "cxone-sim.1")
SECTIONS = ("NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "GLOBAL OPTIONS", "ENVIRONMENT",
            "FILES", "EXIT STATUS", "EXAMPLES", "SEE ALSO")


def page_path(name):
    return os.path.join(_env_path("CXSCHED_SOURCE_DIR"), "man", name)


def roff_text(name):
    """The page's source with roff's escaped hyphens and backslashes made plain."""
    with open(page_path(name), encoding="utf-8") as f:
        return f.read().replace("\\-", "-").replace("\\e", "\\")


def sections(text):
    """{".SH title": body} of a page's source."""
    parts = re.split(r"^\.SH (.+)$", text, flags=re.M)
    return {title.strip('"'): body for title, body in zip(parts[1::2], parts[2::2])}


class ManPageTest(CliTestCase):
    @unittest.skipUnless(shutil.which("groff"), "groff is not installed")
    def test_groff_renders_without_warnings(self):
        for page in PAGES:
            with self.subTest(page=page):
                r = subprocess.run(["groff", "-ww", "-z", "-man", page_path(page)],
                                   capture_output=True, text=True, timeout=60)
                self.assertEqual((r.returncode, r.stderr), (0, ""))

    @unittest.skipUnless(shutil.which("man"), "man is not installed")
    def test_man_renders_the_page(self):
        env = dict(self.env, MANWIDTH="80", MANPAGER="cat", PAGER="cat", LC_ALL="C.UTF-8")
        r = subprocess.run(["man", "--warnings", "-l", page_path("cxsched.1")], env=env,
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, "")
        self.assertIn("cxsched - schedule outbound campaigns on NICE CXone", r.stdout)
        self.assertIn("EXIT STATUS", r.stdout)

    def test_has_the_sections(self):
        found = sections(roff_text("cxsched.1"))
        for title in SECTIONS:
            self.assertIn(title, found)

    def test_every_command_and_long_flag_of_the_binary_is_documented(self):
        r = self.cxsched("completion", "--list-flags")
        self.assertEqual(r.returncode, 0, r.stderr)
        pairs = [line.split("\t") for line in r.stdout.splitlines()]
        self.assertGreater(len(pairs), 50)
        text = roff_text("cxsched.1")
        commands = sections(text)["COMMANDS"]
        for command, flag in pairs:
            words = command.split()[1:]
            if words:
                self.assertIn(" ".join(words), commands, f"command {command} not in COMMANDS")
            self.assertRegex(text, re.escape(flag) + r"(?![\w-])",
                             f"{flag} (of {command}) is not in man/cxsched.1")

    def test_every_environment_variable_the_program_reads_is_documented(self):
        src = _env_path("CXSCHED_SOURCE_DIR")
        names = set()
        for path in glob.glob(os.path.join(src, "app", "**", "*.[ch]pp"), recursive=True):
            with open(path, encoding="utf-8") as f:
                names |= set(re.findall(r'"(CXSCHED_[A-Z_]+|NO_COLOR|XDG_[A-Z_]+_HOME)"', f.read()))
        self.assertIn("CXSCHED_CLIENT_SECRET", names)
        self.assertIn("CXSCHED_ACCESS_KEY_SECRET", names)
        env_section = sections(roff_text("cxsched.1"))["ENVIRONMENT"]
        for name in names:
            self.assertIn(name, env_section)

    def test_every_exit_code_is_documented(self):
        with open(os.path.join(_env_path("CXSCHED_SOURCE_DIR"), "app", "exit_codes.hpp"),
                  encoding="utf-8") as f:
            codes = {int(c) for c in re.findall(r"kExit\w+ = (\d+)", f.read())}
        self.assertEqual(codes, set(range(10)))
        documented = {int(c) for c in re.findall(r"^\.B (\d+)$",
                                                 sections(roff_text("cxsched.1"))["EXIT STATUS"],
                                                 flags=re.M)}
        self.assertEqual(documented, codes)

    def test_the_readme_and_the_page_say_the_same(self):
        with open(os.path.join(_env_path("CXSCHED_SOURCE_DIR"), "README.md"),
                  encoding="utf-8") as f:
            readme = f.read()
        exit4 = re.search(r"^\| 4 \| (.*) \|$", readme, flags=re.M).group(1)
        page = re.sub(r"\s+", " ", sections(roff_text("cxsched.1"))["EXIT STATUS"])
        page4 = re.search(r"\.B 4 (.*?) \.TP", page).group(1)
        for words in ("schedule conflict", "another definition"):
            self.assertIn(words, exit4)
            self.assertIn(words, page4)
        # What -o json prints for a failure: the error document, usage errors included.
        text = re.sub(r"\s+", " ", roff_text("cxsched.1"))
        flat = re.sub(r"\s+", " ", readme)
        for doc in (text, flat):
            self.assertIn("usage errors included", doc)
            self.assertIn('{"error": {"code": N, "kind": "...", "message": "..."}}',
                          doc.replace("\\fB", "").replace("\\fR", ""))

    def test_examples_show_a_cron_job_and_a_ci_gate(self):
        examples = sections(roff_text("cxsched.1"))["EXAMPLES"]
        self.assertRegex(examples, r"cxsched -q .*report")
        self.assertIn("rc=$?", examples)
        self.assertRegex(examples, r"cxsched validate -o json")
        self.assertIn("--activate --wait --timeout 10m", examples)

    def test_the_simulator_page_covers_its_flags(self):
        sim = _env_path("CXONE_SIM_BIN")
        r = subprocess.run([sim, "--help"], capture_output=True, text=True, timeout=30)
        flags = set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", r.stdout.split("\n\n")[1]))
        self.assertIn("--fault-rate", flags)
        text = roff_text("cxone-sim.1")
        for flag in flags - {"--help"}:
            self.assertIn(flag, text)


if __name__ == "__main__":
    unittest.main()
