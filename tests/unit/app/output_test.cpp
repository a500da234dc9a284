// What reaches the terminal: our own colours and newlines as they are,
// everything else a terminal would act on shown escaped.
#include "output.hpp"

#include <catch2/catch.hpp>

#include <string>

using cxsched::app::terminal_safe;

TEST_CASE("terminal_safe keeps colour codes and, when asked, newlines; escapes the rest") {
  const std::string text = "a\x1b[31mred\x1b[0m\nb\x07\x1b[2J\x1b]0;title\x07\tc\xC3\xA9\xFF";
  CHECK(terminal_safe(text, true) ==
        "a\x1b[31mred\x1b[0m\nb\\x07\\x1b[2J\\x1b]0;title\\x07\\x09c\xC3\xA9\\xff");
  CHECK(terminal_safe(text, false) ==
        "a\x1b[31mred\x1b[0m\\x0ab\\x07\\x1b[2J\\x1b]0;title\\x07\\x09c\xC3\xA9\\xff");
  CHECK(terminal_safe("", true).empty());
  CHECK(terminal_safe("\x1b[", true) == "\\x1b[");      // cut short: not a colour code
  CHECK(terminal_safe("\x1b[1;32", true) == "\\x1b[1;32");
  CHECK(terminal_safe("\n\n", true) == "\n\n");
}
