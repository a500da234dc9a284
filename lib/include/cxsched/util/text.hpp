#pragma once

#include <string>
#include <string_view>

namespace cxsched::util {

// True when `text` is well-formed UTF-8 (no overlong forms, surrogates or
// code points above U+10FFFF).
bool valid_utf8(std::string_view text);

// `text` made safe to print on a terminal, one line: control characters (C0,
// DEL, C1, so ESC sequences too), line and paragraph separators and
// bidirectional overrides become visible escapes ("\x1b", "\u202e"), as do
// bytes that are not UTF-8. Everything else is kept as it is.
std::string printable(std::string_view text);

// True when `text` is printable ASCII only (and line feeds, with
// `newlines`): text that printable() returns unchanged, checked a word at a
// time.
bool plain_ascii(std::string_view text, bool newlines = false);

// True when `text` contains a C0 control character or DEL (CR, LF, NUL...),
// which no HTTP header value, token or identifier may carry.
bool has_control(std::string_view text);

// `url` without the slashes it ends with: "https://host/" and "https://host"
// name the same base.
std::string without_trailing_slashes(std::string url);

}  // namespace cxsched::util
