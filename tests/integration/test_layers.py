"""The layering of lib/ holds for headers too: scripts/check-layers finds no
wrong-way include in the tree, and finds one when it is there."""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from harness import _env_path


def check_layers(src):
    script = os.path.join(_env_path("CXSCHED_SOURCE_DIR"), "scripts", "check-layers")
    return subprocess.run([sys.executable, script, src], capture_output=True, text=True,
                          timeout=60)


class LayerIncludesTest(unittest.TestCase):
    def test_the_tree_has_no_wrong_way_include(self):
        r = check_layers(_env_path("CXSCHED_SOURCE_DIR"))
        self.assertEqual((r.returncode, r.stdout), (0, ""), r.stderr)

    def test_a_wrong_way_include_is_named_with_its_line(self):
        tmp = tempfile.mkdtemp(prefix="cxsched-layers-")
        self.addCleanup(shutil.rmtree, tmp, True)
        os.makedirs(os.path.join(tmp, "lib"))
        shutil.copy(os.path.join(_env_path("CXSCHED_SOURCE_DIR"), "lib", "CMakeLists.txt"),
                    os.path.join(tmp, "lib", "CMakeLists.txt"))

        def write(rel, text):
            path = os.path.join(tmp, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)

        write("lib/src/schedule/ok.cpp", "#include <cxsched/util/error.hpp>\n"
                                         "#include <cxsched/schedule/spec.hpp>\n")
        write("lib/src/ops/ok.cpp", "#include <cxsched/http/client.hpp>\n")  # through api, auth
        self.assertEqual(check_layers(tmp).returncode, 0)

        write("lib/include/cxsched/schedule/bad.hpp", "#pragma once\n\n#include <cxsched/ops/session.hpp>\n")
        write("lib/src/util/bad.cpp", '#include "cxsched/http/client.hpp"\n')
        write("tests/sim/bad.cpp", "#include <cxsched/util/json.hpp>\n")
        r = check_layers(tmp)
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("lib/include/cxsched/schedule/bad.hpp:3: layer 'schedule' includes a header "
                      "of 'ops'", r.stdout)
        self.assertIn("lib/src/util/bad.cpp:1: layer 'util' includes a header of 'http'", r.stdout)
        self.assertIn("tests/sim/bad.cpp:1: cxone-sim includes a header of 'util'", r.stdout)
        self.assertEqual(len(r.stdout.splitlines()), 3)


if __name__ == "__main__":
    unittest.main()
