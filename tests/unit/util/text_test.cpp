#include <cxsched/util/text.hpp>

#include <catch2/catch.hpp>

using namespace cxsched;

TEST_CASE("valid_utf8 accepts UTF-8 and refuses what is not") {
  CHECK(util::valid_utf8(""));
  CHECK(util::valid_utf8("Kampagne M\xc3\xbcnchen \xe2\x82\xac \xf0\x9f\x93\x9e"));
  CHECK_FALSE(util::valid_utf8("\xff"));
  CHECK_FALSE(util::valid_utf8("abc\xc3"));             // cut sequence
  CHECK_FALSE(util::valid_utf8("\xc0\xaf"));            // overlong '/'
  CHECK_FALSE(util::valid_utf8("\xed\xa0\x80"));        // surrogate
  CHECK_FALSE(util::valid_utf8("\xf4\x90\x80\x80"));    // above U+10FFFF
}

TEST_CASE("printable escapes what would drive a terminal") {
  CHECK(util::printable("Summer Sale") == "Summer Sale");
  CHECK(util::printable("M\xc3\xbcnchen") == "M\xc3\xbcnchen");
  // Clear the screen, then forge a line.
  CHECK(util::printable("x\x1b[2J\ny") == "x\\x1b[2J\\x0ay");
  CHECK(util::printable("a\rb\tc\x7f") == "a\\x0db\\x09c\\x7f");
  CHECK(util::printable("\xc2\x9b" "31m") == "\\u009b31m");          // C1 CSI
  CHECK(util::printable("evil\xe2\x80\xaegnp.exe") == "evil\\u202egnp.exe");  // RTL override
  CHECK(util::printable("bad\xff") == "bad\\xff");
}

TEST_CASE("has_control finds CR, LF and the other C0 characters") {
  CHECK_FALSE(util::has_control("Bearer abc.def-ghi"));
  CHECK(util::has_control("abc\r\nX-Injected: 1"));
  CHECK(util::has_control(std::string("a\0b", 3)));
  CHECK(util::has_control("tab\there"));
}
