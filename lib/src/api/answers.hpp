#pragma once

// Reading the platform's answers, shared by the calls in this layer.

#include <cxsched/http/transport.hpp>
#include <cxsched/util/error.hpp>

#include <rapidjson/document.h>

#include <string>
#include <string_view>

namespace cxsched::api::detail {

// The path of a URL, without scheme, host or query.
std::string path_of(std::string_view url);

// "GET /api/v2/campaigns: unexpected HTTP 418: <body excerpt>", internal.
Error unexpected(std::string_view method, std::string_view url, const http::Response& r);

// The body as JSON; internal, with the start of the body, when it is not.
Result<rapidjson::Document> parse_body(std::string_view method, std::string_view url,
                                       const http::Response& r);

}  // namespace cxsched::api::detail
