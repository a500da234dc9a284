#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "../json.hpp"
#include "../server.hpp"

namespace cxsched::sim::acd {

// A JSON answer.
inline Reply json_reply(int status, std::string body) {
  return Reply{status, std::move(body), "application/json", {}};
}

// An error as the Admin API writes it, {"error", "errorDescription"}, with
// the message also in the icStatusDescription header.
inline Reply acd_error(int status, std::string_view error, std::string_view description) {
  Reply r = json_reply(status, "{\"error\":" + quote(error) +
                                   ",\"errorDescription\":" + quote(description) + "}");
  r.headers.emplace_back("icStatusDescription", std::string{description});
  return r;
}

// 204 No Content.
inline Reply no_content() {
  return Reply{204, {}, "application/json", {}};
}

// A non-negative decimal integer of at most 9 digits; nullopt otherwise.
inline std::optional<long> strict_long(std::string_view text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  long v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace cxsched::sim::acd
