#pragma once

#include <cxsched/util/clock.hpp>
#include <cxsched/util/error.hpp>
#include <cxsched/util/task_pool.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
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

// Requests in flight together, driven by the one thread that owns it: each
// is sent when started, and each answer is handed back as it completes, in
// any order. No retries here (Client::Batch retries). Not thread-safe.
// Destroying it abandons the requests still in flight.
class Exchange {
 public:
  virtual ~Exchange() = default;
  // Starts `request`; its outcome comes back from wait() with `tag`.
  // Failures are as Transport::perform's.
  virtual void start(std::uint64_t tag, Request request, util::Millis timeout) = 0;
  // Blocks until a started request has completed, and returns it. Requires
  // busy() > 0.
  virtual std::pair<std::uint64_t, Result<Response>> wait() = 0;
  // Requests started and not yet returned by wait().
  virtual std::size_t busy() const = 0;
  // Requests completed and not yet returned by wait(), which returns one of
  // them without blocking when this is above 0. Counts those the exchange
  // has seen complete (after progress(), for one that reads on this thread).
  virtual std::size_t ready() const = 0;
  // Reads what has arrived for the requests in flight, without waiting, so
  // that a server sending a large answer is not held up while the owner is
  // busy between waits. Nothing to do for an exchange that reads on threads.
  virtual void progress() {}
};

// Sends one request and reads the whole answer; no retries here.
// Fails with ErrorKind::unavailable for network errors and timeouts (the
// message names the host and the cause), ErrorKind::usage for a URL the
// transport refuses (bad scheme, plain http to a non-loopback host).
class Transport {
 public:
  virtual ~Transport() = default;
  virtual Result<Response> perform(const Request& request, util::Millis timeout) = 0;
  // Sends requests together from the calling thread, when the transport can
  // (libcurl's multi interface); nullptr when it cannot, and the caller then
  // runs perform() on threads (pooled_exchange).
  virtual std::unique_ptr<Exchange> exchange() { return nullptr; }
  // The next connection this transport opens is accompanied by up to `n`
  // more to the same address, for requests about to follow it (a listing's
  // pages): each is taken instead of opening a connection while it is fresh
  // (2 s) and the server has not closed it. 0 cancels. Nothing to do for a
  // transport without connections of its own.
  virtual void open_ahead(int /*n*/) {}
};

// An Exchange over any transport: each request is performed on a thread of
// `pool`, up to its size at once. The destructor waits for the requests in
// flight. Both must outlive it.
std::unique_ptr<Exchange> pooled_exchange(Transport& transport, util::TaskPool& pool);

}  // namespace cxsched::http
