#include <cxsched/util/text.hpp>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>

namespace cxsched::util {

namespace {

// The code point starting at text[i] and its length in bytes, or nullopt for
// a byte that does not start a well-formed sequence.
std::optional<std::pair<char32_t, std::size_t>> decode(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) return std::pair{char32_t{b0}, std::size_t{1}};
  std::size_t len = 0;
  char32_t cp = 0, min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return std::nullopt;
  }
  if (i + len > text.size()) return std::nullopt;
  for (std::size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return std::nullopt;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
  return std::pair{cp, len};
}

bool unsafe(char32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 ||
         cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

}  // namespace

bool valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    auto cp = decode(text, i);
    if (!cp) return false;
    i += cp->second;
  }
  return true;
}

bool plain_ascii(std::string_view text, bool newlines) {
  const auto plain = [newlines](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return (c >= 0x20 && c < 0x7F) || (newlines && c == '\n');
  };
  // Eight bytes at a time: a byte below 0x20 or above 0x7E sets a high bit
  // in `below` or `above` (the "has less / has more than" word tests), and
  // only such a word is looked at byte by byte (a line feed is one).
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  constexpr std::uint64_t highs = 0x8080808080808080ULL;
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t x = 0;
    std::memcpy(&x, text.data() + i, sizeof x);
    const std::uint64_t below = (x - ones * 0x20) & ~x & highs;
    const std::uint64_t above = ((x + ones * (0x7F - 0x7E)) | x) & highs;
    if ((below | above) == 0) continue;
    for (std::size_t k = i; k < i + 8; ++k)
      if (!plain(text[k])) return false;
  }
  for (; i < text.size(); ++i)
    if (!plain(text[i])) return false;
  return true;
}

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::array<char, 12> buf{};
  for (std::size_t i = 0; i < text.size();) {
    // A run of printable ASCII (most of any text) is copied at once.
    std::size_t run = i;
    while (run < text.size() && text[run] >= 0x20 && text[run] < 0x7F) ++run;
    if (run > i) {
      out.append(text.substr(i, run - i));
      i = run;
      continue;
    }
    auto cp = decode(text, i);
    if (!cp) {
      std::snprintf(buf.data(), buf.size(), "\\x%02x", static_cast<unsigned char>(text[i]));
      out += buf.data();
      ++i;
      continue;
    }
    if (!unsafe(cp->first)) {
      out.append(text.substr(i, cp->second));
    } else if (cp->first < 0x80) {
      std::snprintf(buf.data(), buf.size(), "\\x%02x", static_cast<unsigned>(cp->first));
      out += buf.data();
    } else {
      std::snprintf(buf.data(), buf.size(), "\\u%04x", static_cast<unsigned>(cp->first));
      out += buf.data();
    }
    i += cp->second;
  }
  return out;
}

bool has_control(std::string_view text) {
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) return true;
  }
  return false;
}

std::string without_trailing_slashes(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace cxsched::util
