#pragma once

#include <cxsched/util/error.hpp>

#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>

namespace httplib {
class Server;
}

namespace cxsched::app::serve {

// ADDR:PORT of --listen ("[::1]:8080" for IPv6).
struct ListenAddress {
  std::string host;
  int port = 0;
};

// Parses --listen; ErrorKind::usage naming the problem.
Result<ListenAddress> parse_listen(std::string_view text);

// 127.0.0.0/8, ::1 and localhost.
bool is_loopback(std::string_view host);

// The host as it goes in a URL: IPv6 addresses in brackets.
std::string url_host(const std::string& host);

// Binds the listening socket (port 0: a free one); the port bound, or
// ErrorKind::usage when the address cannot be used.
Result<int> bind(httplib::Server& server, const ListenAddress& address);

// Text without surrounding whitespace.
std::string trim(std::string_view text);

// A new random admin token (32 bytes from the kernel, hex), written to
// `path` with mode 0600 (the directory made 0700 if missing);
// ErrorKind::internal when that fails.
Result<std::string> write_new_token(const std::filesystem::path& path);

// The access log on stderr: "METHOD PATH STATUS MSms", one line per request;
// never a body, a query string or a header value. Thread-safe.
class AccessLog {
 public:
  explicit AccessLog(bool quiet) : quiet_(quiet) {}
  void request(std::string_view method, std::string_view path, int status, long long ms);
  // A line about the server itself (always shown).
  void note(std::string_view text);

 private:
  bool quiet_;
  std::mutex mu_;
};

struct ServerLimits {
  int threads = 16;           // requests served at once
  std::size_t max_body = 0;   // larger bodies are refused with 413
};

// Sets up `server`: a bounded pool of `limits.threads` workers (the accept
// loop waits once 8 times as many connections, at least 64, are queued), the body limit,
// read/write/keep-alive timeouts, the admin token check on /api/ (401 JSON,
// compared in constant time), the access log, and JSON bodies for errors
// that no handler answered (404, 413, exceptions).
void configure(httplib::Server& server, ServerLimits limits, const std::string& admin_token,
               AccessLog& log);

}  // namespace cxsched::app::serve
