"""`cmake --install` and the Debian package: the files land in their standard
places and the packaged binary runs."""

import glob
import gzip
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from harness import _env_path
from serve_harness import Serve

INSTALLED = [
    "bin/cxsched",
    "bin/cxone-sim",
    "libexec/cxsched/cxsched-serve",
    "share/man/man1/cxsched.1.gz",
    "share/man/man1/cxone-sim.1.gz",
    "share/bash-completion/completions/cxsched",
    "share/zsh/vendor-completions/_cxsched",
    "share/fish/vendor_completions.d/cxsched.fish",
    "share/doc/cxsched/README.md",
    "share/doc/cxsched/copyright",
    "share/doc/cxsched/changelog.gz",
]


def run(*cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=kw.pop("timeout", 120),
                          **kw)


class PackageCase(unittest.TestCase):
    def setUp(self):
        self.build = _env_path("CXSCHED_BUILD_DIR")
        self.source = _env_path("CXSCHED_SOURCE_DIR")
        if not os.path.exists(os.path.join(self.build, "CPackConfig.cmake")):
            self.skipTest("the build dir has no CPackConfig.cmake")
        self.tmp = tempfile.mkdtemp(prefix="cxsched-pkg-")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def source_file(self, *parts):
        with open(os.path.join(self.source, *parts), encoding="utf-8") as f:
            return f.read()


@unittest.skipUnless(shutil.which("cmake"), "cmake is not installed")
class InstallTest(PackageCase):
    def test_install_puts_every_file_in_its_standard_place(self):
        prefix = os.path.join(self.tmp, "prefix")
        r = run("cmake", "--install", self.build, "--prefix", prefix)
        self.assertEqual(r.returncode, 0, r.stderr)
        for rel in INSTALLED:
            self.assertTrue(os.path.isfile(os.path.join(prefix, rel)), rel)
        with gzip.open(os.path.join(prefix, "share/man/man1/cxsched.1.gz"), "rt",
                       encoding="utf-8") as f:
            self.assertEqual(f.read(), self.source_file("man", "cxsched.1"))
        with open(os.path.join(prefix, "share/doc/cxsched/copyright"), encoding="utf-8") as f:
            copyright = f.read()
        self.assertIn("Copyright: 2025 The cxsched authors", copyright)
        self.assertIn("License: Expat", copyright)
        self.assertIn("Copyright (c) 2025 The cxsched authors", self.source_file("LICENSE"))
        with open(os.path.join(prefix, "share/zsh/vendor-completions/_cxsched"),
                  encoding="utf-8") as f:
            self.assertEqual(f.read(), self.source_file("completions", "_cxsched"))
        r = run(os.path.join(prefix, "bin/cxsched"), "--version")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(r.stdout.startswith("cxsched "), r.stdout)

    def test_installed_serve_runs_its_server_program_and_says_so_when_it_is_missing(self):
        prefix = os.path.join(self.tmp, "prefix")
        r = run("cmake", "--install", self.build, "--prefix", prefix)
        self.assertEqual(r.returncode, 0, r.stderr)
        env = dict(os.environ, CXSCHED_CLIENT_ID="id", CXSCHED_CLIENT_SECRET="secret",
                   CXSCHED_BASE_URL="http://127.0.0.1:9", XDG_CACHE_HOME=self.tmp,
                   XDG_CONFIG_HOME=self.tmp)
        # cxsched hands `serve` to ../libexec/cxsched/cxsched-serve, in the
        # same process: the signal that stops it reaches the pid started.
        server = Serve(env, binary=os.path.join(prefix, "bin/cxsched"))
        self.assertEqual(server.stop(), 0, server.stderr())
        # A cxsched copied without its server program names what is missing.
        lone = os.path.join(self.tmp, "lone", "bin")
        os.makedirs(lone)
        shutil.copy(os.path.join(prefix, "bin/cxsched"), lone)
        r = run(os.path.join(lone, "cxsched"), "serve", env=env)
        self.assertEqual(r.returncode, 1, r.stderr)
        missing = os.path.join(self.tmp, "lone", "libexec", "cxsched", "cxsched-serve")
        self.assertEqual(r.stderr, f"cxsched: error: serve: cannot run {missing}, the server "
                                   "program installed with cxsched: No such file or directory\n")


@unittest.skipUnless(shutil.which("cpack") and shutil.which("dpkg-deb"),
                     "cpack or dpkg-deb is not installed")
class DebianPackageTest(PackageCase):
    @classmethod
    def setUpClass(cls):
        cls.deb = None

    def package(self):
        """Builds the .deb once for the class; its path."""
        if DebianPackageTest.deb is None:
            out = tempfile.mkdtemp(prefix="cxsched-deb-")
            self.addClassCleanup(shutil.rmtree, out, True)
            r = run("cpack", "--config", os.path.join(self.build, "CPackConfig.cmake"),
                    "-G", "DEB", "-B", out, cwd=out, timeout=600)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            debs = glob.glob(os.path.join(out, "*.deb"))
            self.assertEqual(len(debs), 1, os.listdir(out))
            DebianPackageTest.deb = debs[0]
        return DebianPackageTest.deb

    def control(self):
        r = run("dpkg-deb", "-f", self.package())
        self.assertEqual(r.returncode, 0, r.stderr)
        fields = {}
        for m in re.finditer(r"^([\w-]+): (.*)$", r.stdout, flags=re.M):
            fields[m.group(1)] = m.group(2)
        return fields

    def test_control_fields_and_library_dependencies(self):
        fields = self.control()
        self.assertEqual(fields["Package"], "cxsched")
        self.assertRegex(fields["Version"], r"^\d+\.\d+\.\d+")
        self.assertIn("<", fields["Maintainer"])
        self.assertIn("NICE CXone", fields["Description"])
        depends = [d.strip().split(" ")[0] for d in fields["Depends"].split(",")]
        # From dpkg-shlibdeps: the shared libraries the binaries link.
        for lib in ("libc6", "libstdc++6", "libdate-tz3"):
            self.assertIn(lib, depends)
        self.assertIn("tzdata", depends)
        # libcurl is loaded with dlopen (when a request is first prepared),
        # and so is ICU (acd's Windows zones): both are named by hand.
        self.assertIn("libcurl4", depends)
        self.assertTrue([d for d in depends if re.fullmatch(r"libicu\d+", d)], depends)

    def test_contents_are_in_the_standard_places(self):
        r = run("dpkg-deb", "-c", self.package())
        self.assertEqual(r.returncode, 0, r.stderr)
        paths = {line.split()[-1].removeprefix("./") for line in r.stdout.splitlines()}
        for rel in INSTALLED:
            self.assertIn("usr/" + rel, paths)
        self.assertFalse([p for p in paths if not p.startswith("usr/")], paths)

    def test_lintian_finds_no_error_but_the_placeholder_maintainer(self):
        if not shutil.which("lintian"):
            self.skipTest("lintian is not installed (scripts/install-deps installs it)")
        r = run("lintian", "--no-tag-display-limit", self.package(), timeout=600)
        errors = [line for line in r.stdout.splitlines() if line.startswith("E: ")]
        # Whoever builds the package sets CXSCHED_PACKAGE_MAINTAINER; the
        # default example.org address is a placeholder lintian rightly flags.
        placeholder = [e for e in errors if "example.org" in e or "maintainer" in e.lower()]
        self.assertEqual([e for e in errors if e not in placeholder], [], r.stdout + r.stderr)

    def test_the_extracted_binaries_run(self):
        root = os.path.join(self.tmp, "root")
        r = run("dpkg-deb", "-x", self.package(), root)
        self.assertEqual(r.returncode, 0, r.stderr)
        cxsched = os.path.join(root, "usr/bin/cxsched")
        r = run(cxsched, "--version")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, r"^cxsched \d+\.\d+\.\d+\n")
        self.assertIn("libcurl/", r.stdout)
        self.assertIn("CLI11 ", r.stdout)
        r = run(os.path.join(root, "usr/bin/cxone-sim"), "--help")
        self.assertEqual(r.returncode, 0, r.stderr)
        # The packaged completion scripts are those of the packaged binary.
        r = run(cxsched, "completion", "bash")
        with open(os.path.join(root, "usr/share/bash-completion/completions/cxsched"),
                  encoding="utf-8") as f:
            self.assertEqual(f.read(), r.stdout)


if __name__ == "__main__":
    unittest.main()
