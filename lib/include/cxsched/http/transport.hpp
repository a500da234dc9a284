#pragma once

#include <cxsched/util/clock.hpp>
#include <cxsched/util/error.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cxsched::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

// One HTTP request, fully described (no hidden state in the transport).
struct Request {
  std::string method = "GET";
  std::string url;  // absolute: scheme://host[:port]/path?query
  Headers headers;
  std::string body;
};

// One HTTP response, body fully read.
struct Response {
  long status = 0;
  Headers headers;
  std::string body;

  // The first header of that name, compared case-insensitively.
  std::optional<std::string_view> header(std::string_view name) const;
};

// The error a transport returns when the request surely never reached the
// server (connection refused, host not resolved): ErrorKind::unavailable,
// Cause::not_sent, the message "could not connect to <host>: <detail>". The
// Client replays even an unsafe request after such an error.
Error not_sent_error(std::string_view host, std::string_view detail);

// True for an error whose cause is not_sent or unreachable (made by
// not_sent_error or final_error).
bool is_not_sent(const Error& error);

// The error a transport returns when the server could not be trusted (its
// certificate failed verification, or the CA bundle is unusable):
// ErrorKind::unavailable, Cause::tls, the message "TLS with <host> failed:
// <detail>".
// Trying again cannot help, so the Client never retries it.
Error tls_error(std::string_view host, std::string_view detail);

// True for an error whose cause is tls.
bool is_tls_failure(const Error& error);

// The error a transport returns when the request never reached a server and
// trying again cannot help within one command: nothing listens on a loopback
// port (connection refused), or the host name does not exist (NXDOMAIN).
// ErrorKind::unavailable, Cause::unreachable, the message "cannot reach
// <host>: <detail>".
// The Client returns it at once, without retries.
Error final_error(std::string_view host, std::string_view detail);

// True for an error whose cause is unreachable.
bool is_final(const Error& error);

// Sends one request and reads the whole answer; no retries here.
// Fails with ErrorKind::unavailable for network errors and timeouts (the
// message names the host and the cause), ErrorKind::usage for a URL the
// transport refuses (bad scheme, plain http to a non-loopback host).
class Transport {
 public:
  virtual ~Transport() = default;
  virtual Result<Response> perform(const Request& request, util::Millis timeout) = 0;
};

}  // namespace cxsched::http
