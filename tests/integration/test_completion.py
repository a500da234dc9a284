"""Shell completions: generated from the command tree, checked in without drift,
and exercised in the real bash, zsh and fish."""

import os
import pty
import select
import shutil
import subprocess
import time
import unittest

from harness import CliTestCase, _env_path

SHELLS = {"bash": "cxsched.bash", "zsh": "_cxsched", "fish": "cxsched.fish"}
STATUSES = ["DRAFT", "SCHEDULED", "ACTIVATING", "ACTIVE", "PAUSED", "COMPLETED", "FAILED",
            "CANCELED"]


def source_dir():
    return _env_path("CXSCHED_SOURCE_DIR")


class CompletionCase(CliTestCase):
    """A temp dir holding a config with profiles, spec files and a PATH with cxsched."""

    def setUp(self):
        super().setUp()
        self.bin_dir = os.path.dirname(os.path.abspath(_env_path("CXSCHED_BIN")))
        self.env["PATH"] = self.bin_dir + os.pathsep + self.env.get("PATH", "")
        self.config = os.path.join(self.tmp, "profiles.toml")
        with open(self.config, "w", encoding="utf-8") as f:
            f.write('[default]\nregion = "us-1"\n\n'
                    '[profile.staging]\nclient_id = "s"\n\n'
                    '[profile.prod-eu]\nregion = "eu-1"\n')
        os.makedirs(os.path.join(self.tmp, "specs"))
        for name in ("spring.json", "summer.json", "notes.txt"):
            open(os.path.join(self.tmp, "specs", name), "w").close()

    def script(self, shell):
        return os.path.join(source_dir(), "completions", SHELLS[shell])


class GeneratedScriptsTest(CompletionCase):
    def test_checked_in_scripts_equal_the_generator_output(self):
        for shell in SHELLS:
            with self.subTest(shell=shell):
                r = self.cxsched("completion", shell)
                self.assertEqual(r.returncode, 0, r.stderr)
                with open(self.script(shell), encoding="utf-8") as f:
                    self.assertEqual(
                        f.read(), r.stdout,
                        f"completions/{SHELLS[shell]} is stale: regenerate it with "
                        f"`cmake --build <build> --target update-completions`")

    def test_every_long_flag_of_the_binary_is_in_every_script(self):
        flags = {line.split("\t")[1] for line in self.cxsched("completion", "--list-flags")
                 .stdout.splitlines()}
        self.assertIn("--conflict-scope", flags)
        self.assertIn("--dry-run", flags)
        for shell in SHELLS:
            with open(self.script(shell), encoding="utf-8") as f:
                text = f.read()
            for flag in flags:
                needle = flag if shell != "fish" else "-l " + flag[2:]
                self.assertIn(needle, text, f"{flag} missing from the {shell} completion")

    def test_profiles_come_from_the_config_file(self):
        r = self.cxsched("completion", "--list-profiles", "--config", self.config)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sorted(r.stdout.split()), ["default", "prod-eu", "staging"])
        r = self.cxsched("completion", "--list-profiles")
        self.assertEqual((r.returncode, r.stdout), (0, ""), "no config file: no profiles")

    def test_the_command_is_listed_and_asks_for_one_thing(self):
        self.assertIn("completion", self.cxsched("--help").stdout)
        self.assertNotIn("--list-flags", self.cxsched("completion", "--help").stdout)
        r = self.cxsched("completion")
        self.assertEqual(r.returncode, 2)
        self.assertEqual(self.cxsched("completion", "tcsh").returncode, 2)


@unittest.skipUnless(shutil.which("bash"), "bash is not installed")
class BashTest(CompletionCase):
    def complete(self, *words):
        """COMPREPLY for the command line `words` (the last one is being completed)."""
        script = (
            'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); '
            'COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; _cxsched; printf "%s\\n" "${COMPREPLY[@]}"')
        r = subprocess.run(["bash", "--norc", "--noprofile", "-c", script, "bash",
                            self.script("bash"), *words],
                           env=self.env, cwd=self.tmp, capture_output=True, text=True,
                           timeout=30)
        self.assertEqual(r.returncode, 0, r.stderr)
        return [line for line in r.stdout.splitlines() if line]

    def test_registers_for_cxsched(self):
        r = subprocess.run(["bash", "--norc", "-c", f'source "{self.script("bash")}"; complete -p cxsched'],
                           capture_output=True, text=True, timeout=30)
        self.assertIn("-F _cxsched cxsched", r.stdout)

    def test_subcommands(self):
        self.assertEqual(self.complete("cxsched", "va"), ["validate"])
        self.assertEqual(set(self.complete("cxsched", "")),
                         {"validate", "create", "activate", "watch", "report", "list", "auth",
                          "completion", "serve", "doctor"})
        self.assertEqual(set(self.complete("cxsched", "auth", "")), {"status", "token", "logout"})
        self.assertEqual(self.complete("cxsched", "-q", "--profile", "x", "wa"), ["watch"])

    def test_completion_offers_the_shells(self):
        self.assertEqual(self.complete("cxsched", "completion", ""), ["bash", "zsh", "fish"])
        self.assertEqual(self.complete("cxsched", "completion", "z"), ["zsh"])

    def test_flags_of_the_subcommand_and_the_global_ones(self):
        got = self.complete("cxsched", "create", "--")
        for flag in ("--dry-run", "--activate", "--wait", "--conflict-scope", "--timeout",
                     "--profile", "--output"):
            self.assertIn(flag, got)
        self.assertNotIn("--offline", got)
        self.assertEqual(self.complete("cxsched", "validate", "--off"), ["--offline"])

    def test_enum_values(self):
        self.assertEqual(self.complete("cxsched", "-o", ""), ["table", "json", "csv"])
        self.assertEqual(self.complete("cxsched", "list", "--output", "=", "j"), ["json"])
        self.assertEqual(self.complete("cxsched", "list", "--output=c"), ["--output=csv"])
        self.assertEqual(self.complete("cxsched", "watch", "c-1", "--for", ""), STATUSES)
        self.assertEqual(self.complete("cxsched", "validate", "--conflict-scope", "q"), ["queue"])
        self.assertEqual(self.complete("cxsched", "create", "--conflict-scope", ""),
                         ["all", "queue", "skill"])

    def test_spec_files(self):
        self.assertEqual(sorted(self.complete("cxsched", "validate", "specs/")),
                         ["specs/spring.json", "specs/summer.json"])
        self.assertEqual(self.complete("cxsched", "create", "--dry-run", "specs/sp"),
                         ["specs/spring.json"])

    def test_profiles_from_the_config_on_the_line_or_in_the_environment(self):
        self.assertEqual(sorted(self.complete("cxsched", "--config", self.config, "--profile", "")),
                         ["default", "prod-eu", "staging"])
        self.env["CXSCHED_CONFIG"] = self.config
        self.assertEqual(self.complete("cxsched", "list", "--profile", "st"), ["staging"])


@unittest.skipUnless(shutil.which("fish"), "fish is not installed")
class FishTest(CompletionCase):
    def complete(self, line):
        r = subprocess.run(["fish", "--no-config", "-c",
                            f'source {self.script("fish")}; complete -C $argv[1]', line],
                           env=self.env, cwd=self.tmp, capture_output=True, text=True,
                           timeout=30)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, "")
        return [l.split("\t")[0] for l in r.stdout.splitlines()]

    def test_subcommands(self):
        self.assertEqual(self.complete("cxsched va"), ["validate"])
        self.assertEqual(set(self.complete("cxsched auth ")), {"status", "token", "logout"})
        self.assertEqual(self.complete("cxsched auth st"), ["status"])
        self.assertEqual(sorted(self.complete("cxsched completion ")), ["bash", "fish", "zsh"])

    def test_flags(self):
        got = self.complete("cxsched report c-1 --")
        for flag in ("--from", "--to", "--interval", "--chart", "--timeout", "--output"):
            self.assertIn(flag, got)
        self.assertNotIn("--dry-run", got)

    def test_enum_values(self):
        self.assertEqual(sorted(self.complete("cxsched -o ")), ["csv", "json", "table"])
        self.assertEqual(self.complete("cxsched watch c-1 --for AC"), ["ACTIVATING", "ACTIVE"])
        self.assertEqual(self.complete("cxsched validate --conflict-scope=s"),
                         ["--conflict-scope=skill"])

    def test_spec_files_and_profiles(self):
        got = self.complete("cxsched validate specs/")
        self.assertIn("specs/spring.json", got)
        self.assertIn("specs/summer.json", got)
        self.assertEqual(sorted(self.complete(f"cxsched --config {self.config} --profile ")),
                         ["default", "prod-eu", "staging"])


@unittest.skipUnless(shutil.which("zsh"), "zsh is not installed")
class ZshTest(CompletionCase):
    """Runs an interactive zsh on a pseudo-terminal, presses TAB, and records
    every candidate the completion system offers (compadd is wrapped)."""

    def complete(self, line, deadline=20.0):
        fdir = os.path.join(self.tmp, "fpath")
        os.makedirs(fdir, exist_ok=True)
        shutil.copy(self.script("zsh"), os.path.join(fdir, "_cxsched"))
        out = os.path.join(self.tmp, "candidates")
        if os.path.exists(out):
            os.remove(out)
        rc = os.path.join(self.tmp, "zshrc")
        with open(rc, "w", encoding="utf-8") as f:
            f.write(f"""
PS1='<zp> '
fpath=({fdir} $fpath)
autoload -Uz compinit && compinit -u -D
zstyle ':completion:*' list-prompt ''
zstyle ':completion:*' menu no
compadd() {{
  if [[ ${{@[1,(i)(-|--)]}} == *-(O|A|D)\\ * ]]; then builtin compadd "$@"; return $?; fi
  local -a __hits
  builtin compadd -A __hits "$@"
  (( $#__hits )) && print -rl -- $__hits >> {out}
  builtin compadd "$@"
}}
print READY$((40+2))
""")
        env = dict(self.env, TERM="xterm", ZDOTDIR=self.tmp)
        pid, fd = pty.fork()
        if pid == 0:
            os.chdir(self.tmp)
            os.execvpe("zsh", ["zsh", "-f", "-i"], env)
        buf = b""

        def wait(token, after=b""):
            nonlocal buf
            end = time.monotonic() + deadline
            while after not in buf or token not in buf[buf.index(after) + len(after):]:
                left = end - time.monotonic()
                self.assertGreater(left, 0, f"zsh did not print {token!r}: {buf[-2000:]!r}")
                ready, _, _ = select.select([fd], [], [], left)
                if ready:
                    try:
                        buf += os.read(fd, 4096)
                    except OSError:
                        break

        try:
            os.write(fd, f"source {rc}\n".encode())
            wait(b"<zp> ", after=b"READY42")  # the prompt: ZLE reads keys from now on
            os.write(fd, line.encode() + b"\t")
            os.write(fd, b"\x15print DONE$((6*7))\n")
            wait(b"DONE42")
        finally:
            os.write(fd, b"exit\n")
            os.close(fd)
            os.waitpid(pid, 0)
        if not os.path.exists(out):
            return []
        with open(out, encoding="utf-8") as f:
            return [l for l in f.read().splitlines() if l]

    def test_subcommands(self):
        self.assertEqual(self.complete("cxsched va"), ["validate"])
        self.assertEqual(set(self.complete("cxsched auth ")), {"status", "token", "logout"})
        self.assertEqual(sorted(self.complete("cxsched completion ")), ["bash", "fish", "zsh"])

    def test_flags(self):
        got = self.complete("cxsched create --")
        for flag in ("--dry-run", "--activate", "--conflict-scope", "--timeout", "--profile"):
            self.assertIn(flag, got)
        self.assertNotIn("--offline", got)

    def test_enum_values(self):
        self.assertEqual(self.complete("cxsched validate --conflict-scope "),
                         ["all", "queue", "skill"])
        self.assertEqual(self.complete("cxsched watch c-1 --for AC"), ["ACTIVATING", "ACTIVE"])

    def test_spec_files_and_profiles(self):
        got = self.complete("cxsched validate specs/")
        self.assertIn("spring.json", " ".join(got))
        self.assertNotIn("notes.txt", " ".join(got))
        self.assertEqual(sorted(self.complete(f"cxsched --config {self.config} --profile ")),
                         ["default", "prod-eu", "staging"])


if __name__ == "__main__":
    unittest.main()
