#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "../json.hpp"
#include "../reply.hpp"

namespace cxsched::sim::acd {

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

}  // namespace cxsched::sim::acd
