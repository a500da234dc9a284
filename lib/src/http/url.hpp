#pragma once

// URLs as the transport sees them: parsed by libcurl, checked against the
// rule that plain http:// is for loopback hosts only.

#include "http/curl_library.hpp"

#include <cxsched/util/error.hpp>
#include <string>
#include <string_view>

namespace cxsched::http::detail {

struct UrlParts {
  std::string scheme;     // lower case
  std::string host;       // as in the URL, IPv6 in brackets, lower case
  std::string authority;  // host[:port], for messages
};

// The parts of `url` when the transport may request it: https anywhere,
// http only to a loopback host. ErrorKind::usage naming the problem else.
Result<UrlParts> allowed_parts(std::string_view url);

// localhost, 127.0.0.0/8 or ::1 (bracketed or not).
bool is_loopback_host(std::string_view host);

// Asks the resolver again after libcurl could not resolve `host`: true only
// for an authoritative "no such name" (NXDOMAIN), which no retry can change;
// false for a resolver that failed or timed out (EAI_AGAIN), worth retrying.
bool name_does_not_exist(const std::string& host);

}  // namespace cxsched::http::detail
