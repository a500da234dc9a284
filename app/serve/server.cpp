#include "server.hpp"

#include "api.hpp"
#include "../documents.hpp"
#include "../exit_codes.hpp"

#include <cxsched/util/json.hpp>

#include <httplib.h>

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <thread>
#include <vector>

namespace cxsched::app::serve {
namespace {

// httplib's ThreadPool queues without bound; this one makes the accept loop
// wait once `max_queued` connections are waiting for a worker.
class BoundedPool final : public httplib::TaskQueue {
 public:
  BoundedPool(std::size_t threads, std::size_t max_queued) : max_queued_(max_queued) {
    for (std::size_t i = 0; i < threads; ++i) workers_.emplace_back([this] { work(); });
  }

  void enqueue(std::function<void()> fn) override {
    std::unique_lock lock(mu_);
    room_.wait(lock, [this] { return jobs_.size() < max_queued_ || shutdown_; });
    jobs_.push_back(std::move(fn));
    lock.unlock();
    ready_.notify_one();
  }

  void shutdown() override {
    {
      std::lock_guard lock(mu_);
      shutdown_ = true;
    }
    ready_.notify_all();
    room_.notify_all();
    for (auto& t : workers_) t.join();
  }

 private:
  void work() {
    for (;;) {
      std::function<void()> fn;
      {
        std::unique_lock lock(mu_);
        ready_.wait(lock, [this] { return !jobs_.empty() || shutdown_; });
        if (jobs_.empty()) return;  // shut down, nothing left
        fn = std::move(jobs_.front());
        jobs_.pop_front();
      }
      room_.notify_one();
      fn();
    }
  }

  std::size_t max_queued_;
  std::mutex mu_;
  std::condition_variable ready_, room_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> workers_;
  bool shutdown_ = false;
};

thread_local std::chrono::steady_clock::time_point request_start;

constexpr int kBacklog = 1024;

void send_error(httplib::Response& res, int status, const Error& error) {
  res.status = status;
  res.set_content(util::to_json(error_document(error)) + "\n", "application/json");
}

}  // namespace

Result<ListenAddress> parse_listen(std::string_view text) {
  ListenAddress out;
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos)
    return fail(ErrorKind::usage, "--listen '" + std::string(text) + "': expected ADDR:PORT");
  std::string_view host = text.substr(0, colon), port = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), out.port);
  if (host.empty() || ec != std::errc{} || end != port.data() + port.size() || out.port < 0 ||
      out.port > 65535)
    return fail(ErrorKind::usage, "--listen '" + std::string(text) +
                                      "': expected ADDR:PORT with a port from 0 to 65535");
  out.host = std::string(host);
  return out;
}

bool is_loopback(std::string_view host) {
  return host == "localhost" || host == "::1" || host.starts_with("127.");
}

std::string url_host(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

Result<int> bind(httplib::Server& server, const ListenAddress& address) {
  // httplib listens with a backlog of 5: a burst of clients would overflow
  // it and find their connections dropped. Listening again on the bound
  // socket raises the backlog (Linux keeps the socket, changes the queue).
  int listening_fd = -1;
  server.set_socket_options([&listening_fd](int sock) {
    httplib::default_socket_options(sock);
    listening_fd = sock;
  });
  int port = address.port;
  if (port == 0) {
    port = server.bind_to_any_port(address.host);
    if (port < 0) port = 0;
  } else if (!server.bind_to_port(address.host, port)) {
    port = 0;
  }
  server.set_socket_options(httplib::default_socket_options);
  if (port != 0 && listening_fd >= 0) ::listen(listening_fd, kBacklog);
  if (port == 0)
    return fail(ErrorKind::usage, "cannot listen on " + url_host(address.host) + ":" +
                                      std::to_string(address.port) +
                                      ": the address is in use or not one of this machine's");
  return port;
}

std::string trim(std::string_view text) {
  const char* ws = " \t\r\n";
  auto b = text.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  return std::string(text.substr(b, text.find_last_not_of(ws) - b + 1));
}

Result<std::string> write_new_token(const std::filesystem::path& path) {
  unsigned char bytes[32];
  if (getrandom(bytes, sizeof bytes, 0) != static_cast<ssize_t>(sizeof bytes))
    return fail(ErrorKind::internal, std::string("cannot make an admin token: ") + std::strerror(errno));
  static const char* hex = "0123456789abcdef";
  std::string token;
  for (unsigned char b : bytes) {
    token += hex[b >> 4];
    token += hex[b & 15];
  }
  const auto dir = path.parent_path();
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  ::chmod(dir.c_str(), 0700);
  const std::string where = "cannot write the admin token to " + path.string() + ": ";
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return fail(ErrorKind::internal, where + std::strerror(errno));
  const std::string line = token + "\n";
  bool ok = ::fchmod(fd, 0600) == 0 &&
            ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
            ::fsync(fd) == 0;
  const int err = errno;
  ::close(fd);
  if (!ok) return fail(ErrorKind::internal, where + std::strerror(err));
  return token;
}

void AccessLog::request(std::string_view method, std::string_view path, int status, long long ms) {
  if (quiet_) return;
  std::lock_guard lock(mu_);
  std::fprintf(stderr, "%.*s %.*s %d %lldms\n", static_cast<int>(method.size()), method.data(),
               static_cast<int>(path.size()), path.data(), status, ms);
}

void AccessLog::note(std::string_view text) {
  std::lock_guard lock(mu_);
  std::fprintf(stderr, "cxsched: %.*s\n", static_cast<int>(text.size()), text.data());
}

void configure(httplib::Server& server, ServerLimits limits, const std::string& admin_token,
               AccessLog& log) {
  const auto threads = static_cast<std::size_t>(limits.threads);
  // Connections waiting for a worker are cheap (a socket each); beyond that
  // many the accept loop waits and the kernel's backlog holds the rest.
  const std::size_t queued = std::max<std::size_t>(64, threads * 8);
  server.new_task_queue = [threads, queued] { return new BoundedPool(threads, queued); };
  server.set_payload_max_length(limits.max_body);
  server.set_read_timeout(10, 0);
  server.set_write_timeout(10, 0);
  server.set_keep_alive_timeout(5);
  server.set_keep_alive_max_count(1000);

  server.set_pre_routing_handler([&admin_token](const httplib::Request& req, httplib::Response& res) {
    request_start = std::chrono::steady_clock::now();
    if (!req.path.starts_with("/api/")) return httplib::Server::HandlerResponse::Unhandled;
    const std::string header = req.get_header_value("Authorization");
    constexpr std::string_view bearer = "bearer ";  // the scheme is case-insensitive
    auto lower = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
    if (header.size() > bearer.size() &&
        std::equal(bearer.begin(), bearer.end(), header.begin(),
                   [&lower](char b, char h) { return b == lower(h); }) &&
        same_secret(std::string_view(header).substr(bearer.size()), admin_token))
      return httplib::Server::HandlerResponse::Unhandled;
    res.set_header("WWW-Authenticate", "Bearer realm=\"cxsched\"");
    send_error(res, 401,
               Error(ErrorKind::auth, header.empty()
                                          ? "missing Authorization: Bearer <admin token>"
                                          : "wrong admin token"));
    return httplib::Server::HandlerResponse::Handled;
  });

  server.set_error_handler(httplib::Server::HandlerWithResponse(
      [](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    if (res.status == 413)
      send_error(res, 413, Error(ErrorKind::usage, "the request body is over 1 MiB"));
    else if (res.status == 404)
      send_error(res, 404, Error(ErrorKind::usage, "no such endpoint: " + req.method + " " + req.path));
    else
      send_error(res, res.status, Error(ErrorKind::usage, "the request could not be read"));
    return httplib::Server::HandlerResponse::Handled;
  }));

  server.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unexpected failure";
        try {
          std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what += std::string(": ") + e.what();
        } catch (...) {
        }
        send_error(res, http_status_for(ErrorKind::internal), Error(ErrorKind::internal, what));
      });

  server.set_logger([&log](const httplib::Request& req, const httplib::Response& res) {
    using namespace std::chrono;
    const auto ms = duration_cast<milliseconds>(steady_clock::now() - request_start).count();
    log.request(req.method, req.path, res.status, static_cast<long long>(ms));
  });
}

}  // namespace cxsched::app::serve
