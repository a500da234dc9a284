#pragma once

#include <algorithm>
#include <cctype>
#include <string_view>

namespace cxsched::http::detail {

// ASCII case-insensitive equality (header names, schemes).
inline bool iequals(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  });
}

// `s` without leading and trailing whitespace (spaces, tabs, CR, LF).
inline std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace cxsched::http::detail
