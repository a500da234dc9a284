// The text of HTTP the client reads and writes: Retry-After, percent-encoding,
// URLs fit for logs.
#include <cxsched/http/client.hpp>

#include "http/text.hpp"

#include <cxsched/util/time.hpp>

#include <algorithm>
#include <chrono>

namespace cxsched::http {

using detail::trim;
using util::Millis;
using namespace std::chrono;

std::optional<Millis> parse_retry_after(std::string_view value, util::SysTime now) {
  value = trim(value);
  if (value.empty()) return std::nullopt;
  if (std::ranges::all_of(value, [](char c) { return c >= '0' && c <= '9'; })) {
    constexpr std::int64_t cap = 100LL * 365 * 24 * 3600;
    std::int64_t secs = 0;
    for (char c : value) {
      secs = std::min<std::int64_t>(secs * 10 + (c - '0'), cap);
    }
    return duration_cast<Millis>(seconds{secs});
  }
  auto at = util::parse_http_date(value);
  if (!at) return std::nullopt;
  return *at > now ? duration_cast<Millis>(*at - now) : Millis{0};
}

std::string percent_encode(std::string_view text) {
  static constexpr std::string_view hex = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += hex[u >> 4];
      out += hex[u & 15];
    }
  }
  return out;
}

std::string redact_url(std::string_view url) {
  auto cut_tail = [](std::string_view s) { return s.substr(0, s.find_first_of("?#")); };
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::string(cut_tail(url));
  const auto host_start = scheme_end + 3;
  const auto host_end = std::min(url.find_first_of("/?#", host_start), url.size());
  auto authority = url.substr(host_start, host_end - host_start);
  if (auto at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  std::string out(url.substr(0, host_start));
  out.append(authority).append(cut_tail(url.substr(host_end)));
  return out;
}

}  // namespace cxsched::http
