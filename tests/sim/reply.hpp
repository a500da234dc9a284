#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace httplib {
struct Request;
}  // namespace httplib

namespace cxsched::sim {

// An HTTP answer before it is written out.
struct Reply {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  bool drop = false;  // send the status line and headers, then close the connection
};

// A JSON answer.
inline Reply json_reply(int status, std::string body) {
  return Reply{status, std::move(body), "application/json", {}};
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

// The query string of the request's target (after '?'), empty when none.
std::string query_of(const httplib::Request& req);

}  // namespace cxsched::sim
