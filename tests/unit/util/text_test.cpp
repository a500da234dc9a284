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

TEST_CASE("plain_ascii is true exactly for text printable() keeps as it is") {
  CHECK(util::plain_ascii(""));
  CHECK(util::plain_ascii("Summer Sale: 09:00 - 17:00 (EST) ~"));
  CHECK_FALSE(util::plain_ascii("two\nlines"));
  CHECK(util::plain_ascii("two\nlines\n", true));
  CHECK_FALSE(util::plain_ascii("a\rb", true));
  CHECK_FALSE(util::plain_ascii("x\x1b[2J", true));
  CHECK_FALSE(util::plain_ascii("del\x7f"));
  CHECK_FALSE(util::plain_ascii(std::string_view("nul\0", 4)));
  CHECK_FALSE(util::plain_ascii("M\xc3\xbcnchen"));  // printable, but not ASCII
  // Every byte alone, at every place of a text long enough to be read in
  // vector strides: the answer is printable()'s.
  for (int b = 0; b < 256; ++b) {
    for (std::size_t at : {0u, 31u, 64u, 99u}) {
      std::string text(100, 'a');
      text[at] = static_cast<char>(b);
      INFO("byte " << b << " at " << at);
      const bool kept = b >= 0x20 && b < 0x7F;
      CHECK(util::plain_ascii(text) == kept);
      if (kept) CHECK(util::printable(text) == text);
    }
  }
}

TEST_CASE("plain_ascii reads every pair of neighbouring bytes as one byte at a time would") {
  // The word-at-a-time test borrows and carries between bytes: every pair,
  // inside a word and across two, against the plain byte test.
  const auto reference = [](std::string_view text, bool newlines) {
    for (const char ch : text) {
      const auto c = static_cast<unsigned char>(ch);
      if (!((c >= 0x20 && c < 0x7F) || (newlines && c == '\n'))) return false;
    }
    return true;
  };
  std::size_t wrong = 0;
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      for (std::size_t at : {5u, 7u}) {
        std::string text(19, 'x');
        text[at] = static_cast<char>(a);
        text[at + 1] = static_cast<char>(b);
        for (bool newlines : {false, true})
          wrong += util::plain_ascii(text, newlines) != reference(text, newlines);
      }
    }
  }
  CHECK(wrong == 0);
}

TEST_CASE("has_control finds CR, LF and the other C0 characters") {
  CHECK_FALSE(util::has_control("Bearer abc.def-ghi"));
  CHECK(util::has_control("abc\r\nX-Injected: 1"));
  CHECK(util::has_control(std::string("a\0b", 3)));
  CHECK(util::has_control("tab\there"));
}
