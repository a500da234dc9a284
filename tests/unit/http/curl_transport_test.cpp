#include <cxsched/http/curl_transport.hpp>

#include <catch2/catch.hpp>
#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <thread>

using namespace cxsched;
using namespace cxsched::http;
using namespace std::chrono_literals;

namespace {

std::string pattern(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + (i * 7 + i / 251) % 26);
  return s;
}

// A cpp-httplib server on 127.0.0.1 (any free port) run by a thread; it
// counts the TCP connections its requests came on. Stop it after the
// transport is gone, so no keep-alive connection holds its workers.
class TestServer {
 public:
  TestServer() {
    svr_.set_keep_alive_max_count(1000);
    svr_.Get("/hello", [this](const httplib::Request& req, httplib::Response& res) {
      note(req);
      res.set_content("hello " + req.get_header_value("X-Test"), "text/plain");
    });
    svr_.Get("/big", [this](const httplib::Request& req, httplib::Response& res) {
      note(req);
      res.set_content(pattern(1 << 20), "application/octet-stream");
    });
    svr_.Post("/echo", [this](const httplib::Request& req, httplib::Response& res) {
      note(req);
      res.status = 201;
      res.set_header("X-Content-Length", req.get_header_value("Content-Length"));
      res.set_header("X-Expect", req.get_header_value("Expect"));
      res.set_content(req.body, "application/octet-stream");
    });
    svr_.Put("/echo", [this](const httplib::Request& req, httplib::Response& res) {
      note(req);
      res.set_content(req.method + " " + req.body, "text/plain");
    });
    svr_.Delete("/echo", [this](const httplib::Request& req, httplib::Response& res) {
      note(req);
      res.status = 204;
    });
    svr_.Get("/proxy-error", [this](const httplib::Request& req, httplib::Response& res) {
      note(req);
      res.status = 502;
      res.set_content("<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html");
    });
    svr_.Get("/limited", [this](const httplib::Request& req, httplib::Response& res) {
      note(req);
      res.status = 429;
      res.set_header("Retry-After", "7");
      res.set_content(R"({"code":"rate_limited"})", "application/json");
    });
    svr_.Get("/moved", [this](const httplib::Request& req, httplib::Response& res) {
      note(req);
      res.set_redirect("/hello", 302);
    });
    svr_.Get("/slow", [this](const httplib::Request& req, httplib::Response& res) {
      note(req);
      release_.wait_for(10s);
      res.set_content("late", "text/plain");
    });
    port_ = svr_.bind_to_any_port("127.0.0.1");
    REQUIRE(port_ > 0);
    thread_ = std::thread([this] { svr_.listen_after_bind(); });
    const auto give_up = std::chrono::steady_clock::now() + 10s;
    while (!svr_.is_running() && std::chrono::steady_clock::now() < give_up) {
      std::this_thread::yield();
    }
    if (!svr_.is_running()) {
      thread_.detach();
      FAIL("the test server did not start within 10 s");
    }
  }
  ~TestServer() {
    release_slow();
    svr_.stop();
    thread_.join();
  }
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  std::size_t connections() const {
    std::lock_guard lock(mu_);
    return ports_.size();
  }
  std::size_t requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }
  // Waits until `n` requests have arrived, or `limit` has passed; how many did.
  std::size_t wait_for_requests(std::size_t n, std::chrono::milliseconds limit) const {
    std::unique_lock lock(mu_);
    arrived_.wait_for(lock, limit, [&] { return requests_ >= n; });
    return requests_;
  }
  void release_slow() {
    std::call_once(released_, [this] { release_promise_.set_value(); });
  }

 private:
  void note(const httplib::Request& req) {
    std::lock_guard lock(mu_);
    ports_.insert(req.remote_port);
    ++requests_;
    arrived_.notify_all();
  }

  httplib::Server svr_;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mu_;
  std::set<int> ports_;
  std::size_t requests_ = 0;
  mutable std::condition_variable arrived_;
  std::promise<void> release_promise_;
  std::shared_future<void> release_ = release_promise_.get_future().share();
  std::once_flag released_;
};

// A TCP socket bound on 127.0.0.1 (any free port), listening when asked:
// the servers below that write their bytes by hand.
class LoopbackSocket {
 public:
  explicit LoopbackSocket(int backlog = 0) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    REQUIRE(fd_ >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    if (backlog > 0) REQUIRE(::listen(fd_, backlog) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    port_ = ntohs(addr.sin_port);
  }
  ~LoopbackSocket() { ::close(fd_); }
  LoopbackSocket(const LoopbackSocket&) = delete;
  LoopbackSocket& operator=(const LoopbackSocket&) = delete;
  int port() const { return port_; }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  // The next connection, within 10 s; -1 without one.
  int accept_one() const {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 10'000) != 1) return -1;
    return ::accept(fd_, nullptr, nullptr);
  }
  // Reads a request's head from `conn`, within 10 s; false without one.
  static bool read_request(int conn) {
    std::string got;
    char buf[4096];
    while (got.find("\r\n\r\n") == std::string::npos) {
      pollfd c{conn, POLLIN, 0};
      if (::poll(&c, 1, 10'000) != 1) return false;
      const auto n = ::read(conn, buf, sizeof buf);
      if (n <= 0) return false;
      got.append(buf, static_cast<std::size_t>(n));
    }
    return true;
  }
  // Sends all of `raw` on `conn`; false when the connection fails first.
  static bool send_all(int conn, const std::string& raw) {
    std::size_t off = 0;
    while (off < raw.size()) {
      const auto n = ::send(conn, raw.data() + off, raw.size() - off, MSG_NOSIGNAL);
      if (n <= 0) return false;
      off += static_cast<std::size_t>(n);
    }
    return true;
  }

 private:
  int fd_;
  int port_ = 0;
};

// Bound but not listening: connecting to it is refused, and no other process
// can take the port meanwhile.
class ClosedPort : public LoopbackSocket {};

// Accepts one connection on 127.0.0.1 and answers its first request with
// `raw` bytes, then closes; for answers cpp-httplib cannot produce.
class RawServer : public LoopbackSocket {
 public:
  explicit RawServer(std::string raw) : LoopbackSocket(1) {
    thread_ = std::thread([this, raw = std::move(raw)] {
      const int conn = accept_one();
      if (conn < 0) return;
      if (read_request(conn)) send_all(conn, raw);
      ::close(conn);
    });
  }
  ~RawServer() { thread_.join(); }
  RawServer(const RawServer&) = delete;
  RawServer& operator=(const RawServer&) = delete;

 private:
  std::thread thread_;
};

Request get(std::string url) { return Request{"GET", std::move(url), {}, {}}; }

}  // namespace

TEST_CASE("CurlTransport reuses one connection for consecutive requests") {
  TestServer server;
  {
    CurlTransport transport;
    for (int i = 0; i < 5; ++i) {
      Request req = get(server.url("/hello"));
      req.headers.emplace_back("X-Test", std::to_string(i));
      auto r = transport.perform(req, 5s);
      REQUIRE(r);
      CHECK(r->status == 200);
      CHECK(r->body == "hello " + std::to_string(i));
      CHECK(r->header("content-type") == "text/plain");
    }
  }
  CHECK(server.requests() == 5);
  CHECK(server.connections() == 1);
}

TEST_CASE("CurlTransport carries large bodies both ways") {
  TestServer server;
  {
    CurlTransport transport;
    auto big = transport.perform(get(server.url("/big")), 10s);
    REQUIRE(big);
    CHECK(big->status == 200);
    CHECK(big->body.size() == (1u << 20));
    CHECK(big->body == pattern(1 << 20));

    Request up{"POST", server.url("/echo"), {{"Content-Type", "application/octet-stream"}},
               pattern(1 << 20)};
    auto echoed = transport.perform(up, 10s);
    REQUIRE(echoed);
    CHECK(echoed->status == 201);
    CHECK(echoed->body == up.body);
    CHECK(echoed->header("X-Expect") == "");
  }
}

TEST_CASE("CurlTransport sends POST, PUT and DELETE as asked") {
  TestServer server;
  {
    CurlTransport transport;
    SECTION("an empty POST sends Content-Length: 0") {
      auto r = transport.perform(Request{"POST", server.url("/echo"), {}, {}}, 5s);
      REQUIRE(r);
      CHECK(r->status == 201);
      CHECK(r->header("X-Content-Length") == "0");
      CHECK(r->body.empty());
    }
    SECTION("PUT with a body, then DELETE on the same handle") {
      auto put = transport.perform(Request{"PUT", server.url("/echo"), {}, "data"}, 5s);
      REQUIRE(put);
      CHECK(put->body == "PUT data");
      auto del = transport.perform(Request{"DELETE", server.url("/echo"), {}, {}}, 5s);
      REQUIRE(del);
      CHECK(del->status == 204);
      auto after = transport.perform(get(server.url("/hello")), 5s);
      REQUIRE(after);
      CHECK(after->body == "hello ");
    }
  }
}

TEST_CASE("CurlTransport returns error statuses and redirects as responses") {
  TestServer server;
  {
    CurlTransport transport;
    SECTION("an HTML error page from a proxy") {
      auto r = transport.perform(get(server.url("/proxy-error")), 5s);
      REQUIRE(r);
      CHECK(r->status == 502);
      CHECK_THAT(r->body, Catch::Contains("<h1>502 Bad Gateway</h1>"));
    }
    SECTION("a 429 with its Retry-After") {
      auto r = transport.perform(get(server.url("/limited")), 5s);
      REQUIRE(r);
      CHECK(r->status == 429);
      CHECK(r->header("retry-after") == "7");
    }
    SECTION("a redirect is not followed") {
      auto r = transport.perform(get(server.url("/moved")), 5s);
      REQUIRE(r);
      CHECK(r->status == 302);
      CHECK(r->header("Location") == "/hello");
    }
  }
  CHECK(server.requests() == 1);
}

TEST_CASE("CurlTransport aborts an answer larger than max_body_bytes") {
  TestServer server;
  {
    CurlOptions options;
    options.max_body_bytes = 64 * 1024;
    CurlTransport transport(options);
    auto r = transport.perform(get(server.url("/big")), 10s);
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == ErrorKind::internal);
    CHECK_THAT(r.error().message, Catch::Contains("larger than 65536 bytes"));
    auto small = transport.perform(get(server.url("/hello")), 5s);
    REQUIRE(small);
    CHECK(small->status == 200);
  }
}

TEST_CASE("CurlTransport times out a request that gets no answer") {
  TestServer server;
  {
    CurlTransport transport;
    auto r = transport.perform(get(server.url("/slow")), 300ms);
    server.release_slow();
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == ErrorKind::unavailable);
    CHECK_FALSE(is_not_sent(r.error()));
    CHECK_THAT(r.error().message, Catch::Contains("127.0.0.1:") && Catch::Contains("300 ms"));
  }
}

TEST_CASE("CurlTransport reports a refused loopback connection as not sent and final") {
  ClosedPort closed;
  CurlTransport transport;
  auto r = transport.perform(get("http://127.0.0.1:" + std::to_string(closed.port()) + "/x"), 5s);
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == ErrorKind::unavailable);
  CHECK(is_not_sent(r.error()));
  CHECK(is_final(r.error()));
  CHECK(r.error().cause == Cause::unreachable);
  CHECK_THAT(r.error().message,
             Catch::StartsWith("cannot reach 127.0.0.1:" + std::to_string(closed.port())) &&
                 Catch::Contains("nothing listens there"));
}

TEST_CASE("CurlTransport reports an unusable CA bundle as a TLS failure") {
  TestServer server;
  CurlOptions options;
  options.ca_bundle = "/nonexistent/ca-bundle.pem";
  CurlTransport transport(options);
  auto url = server.url("/hello");
  url.replace(0, 4, "https");
  auto r = transport.perform(get(url), 5s);
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == ErrorKind::unavailable);
  INFO(r.error().message);
  CHECK(is_tls_failure(r.error()));
  CHECK(r.error().cause == Cause::tls);
}

TEST_CASE("CurlTransport keeps only the last header block") {
  RawServer raw(
      "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Final: yes\r\n"
      "X-Folded: one\r\n two\r\nConnection: close\r\n\r\nok");
  CurlTransport transport;
  auto r = transport.perform(get(raw.url("/")), 5s);
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->body == "ok");
  CHECK(r->header("X-Final") == "yes");
  CHECK(r->header("X-Folded") == "one two");
  CHECK_FALSE(r->header("Link").has_value());
}

TEST_CASE("CurlTransport blames the server for an answer that is not HTTP") {
  RawServer server("SSH-2.0-OpenSSH_9.2\r\n\r\n");
  CurlTransport t;
  auto r = t.perform(get(server.url("/api/v2/campaigns")), 5s);
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == ErrorKind::unavailable);  // retried, then exit 9; never usage
  CHECK_THAT(r.error().message, Catch::Contains("not HTTP"));
}

TEST_CASE("CurlTransport refuses giant response headers as the server's fault, once") {
  SECTION("one 2 MB header line") {
    RawServer server("HTTP/1.1 200 OK\r\nX-Junk: " + std::string(2 << 20, 'a') +
                     "\r\nContent-Length: 2\r\n\r\n{}");
    CurlTransport t;
    auto r = t.perform(get(server.url("/api/v2/campaigns")), 5s);
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == ErrorKind::internal);  // not retried, exit 1
    CHECK(r.error().cause == Cause::too_large);
    CHECK_THAT(r.error().message, Catch::Contains("headers larger than"));
    CHECK_THAT(r.error().message, !Catch::Contains("Out of memory"));
  }
  SECTION("many header lines adding up to 2 MB") {
    std::string raw = "HTTP/1.1 200 OK\r\n";
    for (int i = 0; i < 64; ++i)
      raw += "X-Junk-" + std::to_string(i) + ": " + std::string(32 << 10, 'b') + "\r\n";
    RawServer server(raw + "Content-Length: 2\r\n\r\n{}");
    CurlTransport t;
    auto r = t.perform(get(server.url("/api/v2/campaigns")), 5s);
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == ErrorKind::internal);
    CHECK_THAT(r.error().message, Catch::Contains("headers larger than"));
  }
}

TEST_CASE("CurlTransport refuses plain http to other hosts before connecting") {
  CurlTransport transport;
  // 192.0.2.1 is unroutable: a connection attempt would time out, not be refused.
  for (const char* url : {"http://example.com/api", "http://192.0.2.1/oauth/token"}) {
    INFO(url);
    auto r = transport.perform(get(url), 60s);
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == ErrorKind::usage);
    CHECK_THAT(r.error().message, Catch::StartsWith("refusing plain http:// to "));
    CHECK_THAT(r.error().message, Catch::Contains("only loopback hosts may use http; use https"));
  }
  auto ftp = transport.perform(get("ftp://127.0.0.1/x"), 5s);
  REQUIRE_FALSE(ftp);
  CHECK(ftp.error().kind == ErrorKind::usage);
}

TEST_CASE("check_url_allowed admits https anywhere and http only on loopback") {
  for (const char* ok : {"https://api-us-1.cxone.com", "https://example.com:8443/x",
                         "http://127.0.0.1:8089/api", "http://127.5.6.7", "http://localhost:1/",
                         "http://LOCALHOST", "http://[::1]:8089/", "HTTP://127.0.0.1"}) {
    INFO(ok);
    CHECK(check_url_allowed(ok).has_value());
  }
  for (const char* bad : {"http://example.com", "http://128.0.0.1", "http://[::2]:80/",
                          "http://localhost.example.com", "http://10.0.0.1:8089", "ftp://127.0.0.1",
                          "file:///etc/passwd", "not a url", ""}) {
    INFO(bad);
    auto r = check_url_allowed(bad);
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == ErrorKind::usage);
  }
  CHECK(check_url_allowed("http://api.example.com/x").error().message ==
        "refusing plain http:// to api.example.com: only loopback hosts may use http; use https");
}

TEST_CASE("curl_version names libcurl") {
  CHECK_THAT(curl_version(), Catch::StartsWith("libcurl/"));
}

TEST_CASE("a libcurl that cannot be loaded is said so, with the loader's reason") {
  // The libcurl of this build is there: it served every test above.
  CHECK(curl_load_error("libcurl.so.4").empty());
  const std::string missing = curl_load_error("libcurl.so.0-not-installed");
  CHECK_THAT(missing,
             Catch::StartsWith("libcurl (libcurl.so.0-not-installed) could not be loaded: "));
  CHECK_THAT(missing, Catch::Contains("No such file"));
  // A library that loads but is not libcurl: the first function is missing.
  const std::string other = curl_load_error("libc.so.6");
  CHECK_THAT(other, Catch::StartsWith("libcurl (libc.so.6) could not be loaded: "));
  CHECK_THAT(other, Catch::Contains("curl_global_init"));
}

TEST_CASE("CurlTransport's exchange has requests in flight together on one thread") {
  TestServer server;
  {
    CurlTransport transport;
    auto exchange = transport.exchange();
    REQUIRE(exchange);
    // /slow is answered only once released: the two /hello come back first,
    // from this thread, while it is still in flight.
    exchange->start(1, get(server.url("/slow")), 10s);
    for (std::uint64_t tag : {2, 3}) {
      Request req = get(server.url("/hello"));
      req.headers.emplace_back("X-Test", std::to_string(tag));
      exchange->start(tag, req, 5s);
    }
    CHECK(exchange->busy() == 3);
    std::set<std::uint64_t> first_two;
    for (int i = 0; i < 2; ++i) {
      auto [tag, r] = exchange->wait();
      REQUIRE(r);
      CHECK(r->status == 200);
      CHECK(r->body == "hello " + std::to_string(tag));
      first_two.insert(tag);
    }
    CHECK(first_two == std::set<std::uint64_t>{2, 3});
    CHECK(exchange->busy() == 1);
    exchange->progress();
    CHECK(exchange->ready() == 0);  // /slow is held
    server.release_slow();
    // Once read (by progress(), on this thread) its answer is ready, and
    // wait() returns it without blocking.
    const auto until = std::chrono::steady_clock::now() + 10s;
    while (exchange->ready() == 0 && std::chrono::steady_clock::now() < until) exchange->progress();
    CHECK(exchange->ready() == 1);
    auto [tag, r] = exchange->wait();
    CHECK(exchange->ready() == 0);
    CHECK(tag == 1);
    REQUIRE(r);
    CHECK(r->body == "late");
    CHECK(exchange->busy() == 0);
    // The connections stay for the next requests, of the exchange or not.
    auto again = transport.perform(get(server.url("/hello")), 5s);
    REQUIRE(again);
    CHECK(again->status == 200);
  }
  CHECK(server.requests() == 4);
  CHECK(server.connections() == 3);
}

TEST_CASE("CurlTransport's exchange fails a request as perform does") {
  TestServer server;
  ClosedPort closed;
  CurlOptions options;
  options.max_body_bytes = 64 * 1024;
  CurlTransport transport(options);
  auto exchange = transport.exchange();
  REQUIRE(exchange);
  exchange->start(1, get("http://127.0.0.1:" + std::to_string(closed.port()) + "/x"), 5s);
  exchange->start(2, get(server.url("/big")), 10s);
  exchange->start(3, get(server.url("/slow")), 300ms);
  exchange->start(4, get("http://example.com/plain-http"), 5s);
  exchange->start(5, get(server.url("/hello")), 0ms);
  std::map<std::uint64_t, Result<Response>> outcomes;
  while (exchange->busy() > 0) {
    auto [tag, r] = exchange->wait();
    outcomes.emplace(tag, std::move(r));
  }
  server.release_slow();
  REQUIRE(outcomes.size() == 5);
  const auto& refused = outcomes.at(1);
  REQUIRE_FALSE(refused);
  CHECK(is_final(refused.error()));
  CHECK_THAT(refused.error().message, Catch::Contains("nothing listens there"));
  const auto& big = outcomes.at(2);
  REQUIRE_FALSE(big);
  CHECK(big.error().cause == Cause::too_large);
  const auto& slow = outcomes.at(3);
  REQUIRE_FALSE(slow);
  CHECK(slow.error().kind == ErrorKind::unavailable);
  CHECK_THAT(slow.error().message, Catch::Contains("300 ms"));
  const auto& plain = outcomes.at(4);
  REQUIRE_FALSE(plain);
  CHECK(plain.error().kind == ErrorKind::usage);
  const auto& late = outcomes.at(5);
  REQUIRE_FALSE(late);
  CHECK_THAT(late.error().message, Catch::Contains("no time left"));
  // Nothing in flight: wait() says so rather than block.
  auto [tag, none] = exchange->wait();
  CHECK(tag == 0);
  CHECK_FALSE(none);
}

TEST_CASE("CurlTransport's exchange can be dropped with requests in flight") {
  TestServer server;
  {
    CurlTransport transport;
    {
      auto exchange = transport.exchange();
      exchange->start(1, get(server.url("/slow")), 10s);
      exchange->start(2, get(server.url("/big")), 10s);
      exchange->progress();
    }
    server.release_slow();
    // The handles of the dropped requests serve the next ones.
    auto r = transport.perform(get(server.url("/hello")), 5s);
    REQUIRE(r);
    CHECK(r->status == 200);
  }
}

TEST_CASE("CurlTransport's exchange sends a request on a new loopback connection at progress()") {
  TestServer server;
  CurlTransport transport;
  auto exchange = transport.exchange();
  exchange->start(1, get(server.url("/hello")), 5s);
  exchange->progress();  // connects, and the connection takes its request
  // The server sees it before anyone waits on the exchange.
  CHECK(server.wait_for_requests(1, 10s) == 1);
  auto [tag, r] = exchange->wait();
  REQUIRE(r);
  CHECK(r->status == 200);
}

namespace {

// Asks `transport` for `n` connections ahead, then GET `url`: they are
// opened beside its connection, and none is taken yet.
void first_request_opens_ahead(CurlTransport& transport, const std::string& url, int n) {
  transport.open_ahead(n);
  auto first = transport.perform(get(url), 5s);
  REQUIRE(first);
  CHECK(first->status == 200);
  CHECK(transport.opened_ahead().opened == n);
  CHECK(transport.opened_ahead().taken == 0);
}

}  // namespace

TEST_CASE("CurlTransport opens connections ahead beside the next one, and requests take them") {
  TestServer server;
  {
    CurlTransport transport;
    first_request_opens_ahead(transport, server.url("/hello"), 2);
    // Three held at once: one on the first connection, one on each opened
    // ahead.
    auto exchange = transport.exchange();
    for (std::uint64_t tag : {1, 2, 3}) exchange->start(tag, get(server.url("/slow")), 10s);
    const auto until = std::chrono::steady_clock::now() + 10s;
    while (server.requests() < 4 && std::chrono::steady_clock::now() < until) exchange->progress();
    CHECK(server.requests() == 4);
    CHECK(server.connections() == 3);
    CHECK(transport.opened_ahead().taken == 2);
    server.release_slow();
    for (int i = 0; i < 3; ++i) {
      auto [tag, r] = exchange->wait();
      REQUIRE(r);
      CHECK(r->body == "late");
    }
    // Only the next connection brings others along.
    for (std::uint64_t tag : {4, 5, 6, 7}) exchange->start(tag, get(server.url("/hello")), 5s);
    for (int i = 0; i < 4; ++i) {
      auto [tag, r] = exchange->wait();
      REQUIRE(r);
      CHECK(r->status == 200);
    }
    CHECK(transport.opened_ahead().opened == 2);
  }
  CHECK(server.requests() == 8);
}

namespace {

// Accepts on 127.0.0.1: the first connection's request is answered with
// "Connection: close" only after the second connection (opened ahead beside
// it) was accepted and closed; a third connection is answered too.
class ClosingAheadServer : public LoopbackSocket {
 public:
  ClosingAheadServer() : LoopbackSocket(4) { thread_ = std::thread([this] { serve(); }); }
  ~ClosingAheadServer() { thread_.join(); }
  ClosingAheadServer(const ClosingAheadServer&) = delete;
  ClosingAheadServer& operator=(const ClosingAheadServer&) = delete;
  int answered() const { return answered_; }

 private:
  void answer(int conn) {
    if (send_all(conn, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"))
      ++answered_;
    ::close(conn);
  }
  void serve() {
    const int first = accept_one();
    if (first < 0) return;
    if (!read_request(first)) {
      ::close(first);
      return;
    }
    const int ahead = accept_one();  // connected before the first request was sent
    if (ahead >= 0) ::close(ahead);
    answer(first);
    const int third = accept_one();
    if (third < 0) return;
    if (read_request(third)) answer(third);
    else ::close(third);
  }

  std::atomic<int> answered_{0};
  std::thread thread_;
};

}  // namespace

TEST_CASE("CurlTransport does not take a connection opened ahead that the server closed") {
  ClosingAheadServer server;
  {
    CurlTransport transport;
    first_request_opens_ahead(transport, server.url("/a"), 1);
    // The first connection is closed with its answer: the next request needs
    // a new one, and the one opened ahead is closed already.
    auto second = transport.perform(get(server.url("/b")), 5s);
    REQUIRE(second);
    CHECK(second->status == 200);
    CHECK(second->body == "ok");
    CHECK(transport.opened_ahead().taken == 0);
  }
  CHECK(server.answered() == 2);
}
