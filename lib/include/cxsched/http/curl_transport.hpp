#pragma once

#include <cxsched/http/transport.hpp>

#include <cstddef>
#include <memory>
#include <string>

namespace cxsched::http {

struct CurlOptions {
  std::string ca_bundle;                // empty: the system's CA store
  util::Millis connect_timeout{10'000};
  std::string user_agent = "cxsched";
  std::size_t max_body_bytes = 64u << 20;  // larger answers are aborted
};

// The libcurl Transport: easy handles reused across requests (keep-alive),
// TLS always verified, plain http only to loopback, redirects returned as
// responses, never followed. Thread-safe: each request in flight has its own
// easy handle, taken from the idle ones (or made when none is idle) and put
// back after, so N threads use N handles; they share DNS answers, TLS
// sessions and the connection cache; an exchange() sends from one thread
// what N threads would. A body above max_body_bytes fails with
// ErrorKind::internal; other failures are as documented on Transport.
class CurlTransport final : public Transport {
 public:
  explicit CurlTransport(CurlOptions options = {});
  ~CurlTransport() override;
  CurlTransport(CurlTransport&&) noexcept;
  CurlTransport& operator=(CurlTransport&&) noexcept;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  Result<Response> perform(const Request& request, util::Millis timeout) override;
  // Requests in flight together on libcurl's multi interface, from the
  // thread that waits: the same handles, connections and answers as perform.
  std::unique_ptr<Exchange> exchange() override;
  void open_ahead(int n) override;
  // Connections opened ahead so far, and how many of them a request took.
  struct AheadCounts {
    int opened = 0;
    int taken = 0;
  };
  AheadCounts opened_ahead() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Ok for https:// URLs and for http:// URLs whose host is loopback
// (127.0.0.0/8, ::1, localhost); ErrorKind::usage otherwise.
Result<void> check_url_allowed(std::string_view url);

// The libcurl version string, for --version.
std::string curl_version();

// Why the shared library `file` cannot serve as libcurl, or empty. libcurl
// is loaded when the first request is prepared, not when cxsched starts;
// a request made where it cannot be loaded fails with this message.
std::string curl_load_error(const char* file);

}  // namespace cxsched::http
