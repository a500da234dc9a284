#include <cxsched/http/client.hpp>

#include "http/fake_transport.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

using namespace cxsched;
using namespace cxsched::http;
using namespace std::chrono_literals;
using cxsched::http::testing::FakeTransport;
using util::Millis;

namespace {

constexpr const char* kBase = "http://127.0.0.1:8089";
const std::string kCampaigns = std::string(kBase) + "/api/v2/campaigns";

Request get(const std::string& url = kCampaigns) { return Request{"GET", url, {}, {}}; }
Request post(const std::string& url = kCampaigns) {
  return Request{"POST", url, {{"Content-Type", "application/json"}}, R"({"name":"x"})"};
}

RetryPolicy policy(std::uint64_t seed = 42) {
  RetryPolicy p;
  p.seed = seed;
  return p;
}

// Answers every request to `target` with `status`, recording when it came.
struct Recorder {
  util::Clock& clock;
  std::vector<util::SteadyTime> at;
  FakeTransport::Handler answer(long status, Headers headers = {}) {
    return [this, status, headers](const Request&) -> Result<Response> {
      at.push_back(clock.steady_now());
      return Response{status, headers, "{}"};
    };
  }
  std::vector<Millis> gaps() const {
    std::vector<Millis> out;
    for (std::size_t i = 1; i < at.size(); ++i) {
      out.push_back(std::chrono::duration_cast<Millis>(at[i] - at[i - 1]));
    }
    return out;
  }
};

std::vector<Millis> first_gaps_for_seed(std::uint64_t seed, RetryPolicy p) {
  util::FakeClock clock;
  FakeTransport fake;
  Recorder rec{clock, {}};
  fake.handle("GET", "/api/v2/campaigns", rec.answer(503), -1);
  p.seed = seed;
  Client client(fake, clock, p, util::Deadline::never());
  auto r = client.send(get(), Replay::safe);
  REQUIRE_FALSE(r);
  return rec.gaps();
}

}  // namespace

TEST_CASE("Response::header finds the first header of a name, ignoring case") {
  Response r{200, {{"Content-Type", "text/html"}, {"Set-Cookie", "a"}, {"set-cookie", "b"}}, ""};
  CHECK(r.header("content-type") == "text/html");
  CHECK(r.header("SET-COOKIE") == "a");
  CHECK_FALSE(r.header("Retry-After").has_value());
  CHECK_FALSE(r.header("Content-Typ").has_value());
}

TEST_CASE("A successful or non-retryable answer is returned as is, at once") {
  util::FakeClock clock;
  FakeTransport fake;
  Client client(fake, clock, policy(), util::Deadline::never());
  long status = GENERATE(200L, 201L, 302L, 400L, 401L, 403L, 404L, 409L);
  fake.respond("GET", "/api/v2/campaigns", status, R"({"code":"x"})");
  auto r = client.send(get(), Replay::safe);
  REQUIRE(r);
  CHECK(r->status == status);
  CHECK(r->body == R"({"code":"x"})");
  CHECK(client.attempts() == 1);
  CHECK(clock.slept() == 0ms);
  fake.check_all_used();
}

TEST_CASE("Retryable statuses and network errors are retried until an answer") {
  util::FakeClock clock;
  FakeTransport fake;
  RetryPolicy p = policy();
  p.max_attempts = 10;
  Client client(fake, clock, p, util::Deadline::never());
  SECTION("statuses") {
    for (long s : {408L, 429L, 500L, 502L, 503L, 504L}) fake.respond("GET", "/api/v2/campaigns", s);
  }
  SECTION("network errors") {
    fake.respond_error("GET", "/api/v2/campaigns", not_sent_error("127.0.0.1:8089", "refused"));
    fake.respond_error("GET", "/api/v2/campaigns",
                       Error{ErrorKind::unavailable, "no answer from 127.0.0.1:8089 within 30000 ms"});
  }
  fake.respond("GET", "/api/v2/campaigns", 200, "[]");
  auto r = client.send(get(), Replay::safe);
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(client.attempts() == static_cast<int>(fake.sent().size()));
  fake.check_all_used();
}

TEST_CASE("Errors other than unavailable pass through without a retry") {
  util::FakeClock clock;
  FakeTransport fake;
  Client client(fake, clock, policy(), util::Deadline::never());
  fake.respond_error("GET", "/api/v2/campaigns", Error{ErrorKind::usage, "refusing plain http://"});
  auto r = client.send(get(), Replay::safe);
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == ErrorKind::usage);
  CHECK(r.error().message == "refusing plain http://");
  CHECK(client.attempts() == 1);
  fake.check_all_used();
}

TEST_CASE("A final error (nothing listens on loopback, no such name) is not retried") {
  util::FakeClock clock;
  FakeTransport fake;
  Client client(fake, clock, policy(), util::Deadline::never());
  int notices = 0;
  client.set_retry_observer([&](const RetryNotice&) { ++notices; });
  fake.respond_error("POST", "/api/v2/campaigns",
                     final_error("api-xx-9.cxone.com", "Could not resolve host"));
  Request post = get();
  post.method = "POST";
  auto r = client.send(post, Replay::unsafe);
  REQUIRE_FALSE(r);
  CHECK(is_final(r.error()));
  CHECK(is_not_sent(r.error()));
  CHECK(client.attempts() == 1);
  CHECK(clock.slept() == Millis{0});
  CHECK(notices == 0);
  fake.check_all_used();
}

TEST_CASE("The error's cause decides, not its wording") {
  // A message that reads like a transport error, without the cause, is an
  // ordinary network error: retried when safe, never replayed when unsafe.
  util::FakeClock clock;
  FakeTransport fake;
  Client client(fake, clock, policy(), util::Deadline::never());
  fake.respond_error("GET", "/api/v2/campaigns",
                     Error{ErrorKind::unavailable, "TLS with 127.0.0.1:8089 failed: x"});
  fake.respond("GET", "/api/v2/campaigns", 200, "{}");
  auto r = client.send(get(), Replay::safe);
  REQUIRE(r);
  CHECK(client.attempts() == 2);
  fake.respond_error("POST", "/api/v2/campaigns",
                     Error{ErrorKind::unavailable, "could not connect to 127.0.0.1:8089: x"});
  Request post = get();
  post.method = "POST";
  auto unsafe = client.send(post, Replay::unsafe);
  REQUIRE_FALSE(unsafe);
  CHECK_THAT(unsafe.error().message, Catch::Contains("not retried"));
  fake.check_all_used();
  CHECK_FALSE(is_not_sent(Error{ErrorKind::unavailable, "cannot reach 127.0.0.1:1: x"}));
  CHECK(is_final(final_error("h", "x")));
  CHECK(final_error("h", "x").cause == Cause::unreachable);
  CHECK(not_sent_error("h", "x").cause == Cause::not_sent);
  CHECK(tls_error("h", "x").cause == Cause::tls);
}

TEST_CASE("The retry observer hears each retry before its wait") {
  util::FakeClock clock;
  FakeTransport fake;
  RetryPolicy p = policy();
  p.max_attempts = 3;
  Client client(fake, clock, p, util::Deadline::never());
  std::vector<RetryNotice> notices;
  std::vector<Millis> slept_before;
  client.set_retry_observer([&](const RetryNotice& n) {
    notices.push_back(n);
    slept_before.push_back(clock.slept());
  });
  fake.respond("GET", "/api/v2/campaigns", 503);
  fake.respond_error("GET", "/api/v2/campaigns", not_sent_error("10.0.0.1:443", "timed out"));
  fake.respond("GET", "/api/v2/campaigns", 502);
  auto r = client.send(get(), Replay::safe);
  REQUIRE_FALSE(r);
  REQUIRE(notices.size() == 2);
  CHECK(notices[0].attempt == 1);
  CHECK(notices[0].max_attempts == 3);
  CHECK(notices[0].problem == "503 Service Unavailable");
  CHECK(notices[0].what.starts_with("GET "));
  CHECK(notices[1].attempt == 2);
  CHECK(notices[1].problem.find("timed out") != std::string::npos);
  CHECK(slept_before[0] == Millis{0});
  CHECK(slept_before[1] == notices[0].wait);
  CHECK(clock.slept() == notices[0].wait + notices[1].wait);
  fake.check_all_used();
}

TEST_CASE("A TLS failure is final: trying again cannot help") {
  util::FakeClock clock;
  FakeTransport fake;
  Client client(fake, clock, policy(), util::Deadline::never());
  fake.respond_error("GET", "/api/v2/campaigns", tls_error("127.0.0.1:8089", "certificate expired"));
  auto r = client.send(get(), Replay::safe);
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == ErrorKind::unavailable);
  CHECK(is_tls_failure(r.error()));
  CHECK_FALSE(is_not_sent(r.error()));
  CHECK(client.attempts() == 1);
  CHECK(clock.slept() == Millis{0});
  fake.check_all_used();
}

TEST_CASE("Backoff is full jitter under an exponential ceiling") {
  RetryPolicy p = policy();
  p.max_attempts = 8;
  p.base_delay = 500ms;
  p.max_delay = 3000ms;
  p.retry_budget = 1h;

  SECTION("every wait lies within min(max_delay, base * 2^n)") {
    for (std::uint64_t seed = 1; seed <= 50; ++seed) {
      auto gaps = first_gaps_for_seed(seed, p);
      REQUIRE(gaps.size() == 7);
      for (std::size_t n = 0; n < gaps.size(); ++n) {
        const Millis ceiling = std::min<Millis>(p.max_delay, p.base_delay * (1 << n));
        CHECK(gaps[n] >= 0ms);
        CHECK(gaps[n] <= ceiling);
      }
    }
  }
  SECTION("waits are spread over the range, and the same seed repeats them") {
    std::set<Millis::rep> first;
    Millis lo = Millis::max(), hi = Millis::min();
    for (std::uint64_t seed = 1; seed <= 200; ++seed) {
      auto w = first_gaps_for_seed(seed, p).front();
      first.insert(w.count());
      lo = std::min(lo, w);
      hi = std::max(hi, w);
    }
    CHECK(first.size() > 100);
    CHECK(lo < 100ms);
    CHECK(hi > 400ms);
    CHECK(first_gaps_for_seed(7, p) == first_gaps_for_seed(7, p));
    CHECK(first_gaps_for_seed(7, p) != first_gaps_for_seed(8, p));
  }
}

TEST_CASE("Giving up after max_attempts names the status, the attempts and the time") {
  util::FakeClock clock;
  FakeTransport fake;
  fake.handle("GET", "/api/v2/campaigns",
              [](const Request&) -> Result<Response> { return Response{503, {}, ""}; }, -1);
  Client client(fake, clock, policy(), util::Deadline::never());
  auto r = client.send(get(), Replay::safe);
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == ErrorKind::unavailable);
  CHECK(client.attempts() == 6);
  CHECK(fake.sent().size() == 6);
  CHECK_THAT(r.error().message,
             Catch::StartsWith("GET http://127.0.0.1:8089/api/v2/campaigns: 503 Service "
                               "Unavailable after 6 attempts over "));
}

TEST_CASE("Retry-After is honoured, clamped, and at least the jitter") {
  util::FakeClock clock(std::chrono::sys_days{std::chrono::year{2024} / 9 / 15} + 8h);
  FakeTransport fake;
  RetryPolicy p = policy();
  p.max_retry_after = 60s;
  Client client(fake, clock, p, util::Deadline::never());

  SECTION("delta seconds") {
    fake.respond("GET", "/api/v2/campaigns", 503, "", {{"Retry-After", "7"}});
    fake.respond("GET", "/api/v2/campaigns", 200);
    REQUIRE(client.send(get(), Replay::safe));
    CHECK(clock.slept() == 7s);
  }
  SECTION("an HTTP date") {
    fake.respond("GET", "/api/v2/campaigns", 429, "",
                 {{"retry-after", "Sun, 15 Sep 2024 08:00:20 GMT"}});
    fake.respond("GET", "/api/v2/campaigns", 200);
    REQUIRE(client.send(get(), Replay::safe));
    CHECK(clock.slept() == 20s);
  }
  SECTION("clamped to max_retry_after") {
    fake.respond("GET", "/api/v2/campaigns", 503, "", {{"Retry-After", "3600"}});
    fake.respond("GET", "/api/v2/campaigns", 200);
    REQUIRE(client.send(get(), Replay::safe));
    CHECK(clock.slept() == 60s);
  }
  SECTION("zero or a past date still waits the jitter, no more than its ceiling") {
    fake.respond("GET", "/api/v2/campaigns", 503, "", {{"Retry-After", "0"}});
    fake.respond("GET", "/api/v2/campaigns", 200);
    REQUIRE(client.send(get(), Replay::safe));
    CHECK(clock.slept() <= p.base_delay);
  }
  fake.check_all_used();
}

TEST_CASE("parse_retry_after reads seconds and the three HTTP date forms") {
  const util::SysTime now = std::chrono::sys_days{std::chrono::year{1994} / 11 / 6} + 8h + 49min;
  CHECK(parse_retry_after("120", now) == Millis{120'000});
  CHECK(parse_retry_after(" 5 ", now) == Millis{5'000});
  CHECK(parse_retry_after("0", now) == Millis{0});
  CHECK(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now) == Millis{37'000});
  CHECK(parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", now) == Millis{37'000});
  CHECK(parse_retry_after("Sun Nov  6 08:49:37 1994", now) == Millis{37'000});
  CHECK(parse_retry_after("Sat, 05 Nov 1994 08:49:37 GMT", now) == Millis{0});
  CHECK(parse_retry_after("99999999999999999999", now) > Millis{3'600'000LL * 24 * 365});
  for (const char* bad : {"", "-1", "1.5", "soon", "Sun, 32 Nov 1994 08:49:37 GMT",
                          "Sun, 06 Nov 1994 25:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT",
                          "Sun, 06 Nov 1994 08:49:37 CET", "Sun, 06 Nov 1994"}) {
    INFO(bad);
    CHECK_FALSE(parse_retry_after(bad, now).has_value());
  }
}

TEST_CASE("The retry budget bounds the total wait of one request") {
  util::FakeClock clock;
  FakeTransport fake;
  RetryPolicy p = policy();
  p.max_attempts = 100;
  p.base_delay = 1000ms;
  p.max_delay = 1000ms;
  p.retry_budget = 5s;
  fake.handle("GET", "/api/v2/campaigns",
              [](const Request&) -> Result<Response> { return Response{502, {}, ""}; }, -1);
  Client client(fake, clock, p, util::Deadline::never());

  SECTION("backoff") {
    auto r = client.send(get(), Replay::safe);
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == ErrorKind::unavailable);
    CHECK_THAT(r.error().message, Catch::Contains("retry budget of 5.0 s"));
    CHECK(clock.slept() <= 5s);
    CHECK(clock.slept() > 3s);
    CHECK(client.attempts() >= 6);
  }
  SECTION("a Retry-After beyond the budget is not waited for") {
    FakeTransport ra;
    ra.respond("GET", "/api/v2/campaigns", 503, "", {{"Retry-After", "30"}});
    Client c(ra, clock, p, util::Deadline::never());
    auto r = c.send(get(), Replay::safe);
    REQUIRE_FALSE(r);
    CHECK(clock.slept() == 0ms);
    CHECK(c.attempts() == 1);
    ra.check_all_used();
  }
}

TEST_CASE("The deadline is never outlived") {
  util::FakeClock clock;
  FakeTransport fake;
  RetryPolicy p = policy();
  p.max_attempts = 1000;
  p.retry_budget = 1h;
  p.request_timeout = 4s;

  SECTION("each attempt's timeout is the smaller of request_timeout and the time left") {
    fake.handle("GET", "/api/v2/campaigns",
                [&](const Request&) -> Result<Response> {
                  clock.advance(1s);
                  return std::unexpected(Error{ErrorKind::unavailable, "connection reset"});
                },
                -1);
    auto deadline = util::Deadline::after(clock, 10s);
    Client client(fake, clock, p, deadline);
    auto r = client.send(get(), Replay::safe);
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == ErrorKind::unavailable);
    CHECK_THAT(r.error().message, Catch::Contains("connection reset"));
    CHECK(clock.steady_now() <= util::SteadyTime{} + 10s);
    CHECK_FALSE(deadline.passed(clock));
    auto sent = fake.sent();
    REQUIRE(sent.size() >= 2);
    CHECK(sent.front().timeout == 4s);
    for (const auto& s : sent) {
      CHECK(s.timeout > 0ms);
      CHECK(s.timeout <= 4s);
    }
  }
  SECTION("a wait longer than the time left fails at once") {
    fake.respond("GET", "/api/v2/campaigns", 503, "", {{"Retry-After", "30"}});
    Client client(fake, clock, p, util::Deadline::after(clock, 10s));
    clock.advance(9200ms);
    auto r = client.send(get(), Replay::safe);
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == ErrorKind::unavailable);
    CHECK_THAT(r.error().message,
               Catch::EndsWith("gave up: the deadline leaves 0.8 s, the server asks to wait 30.0 s"));
    CHECK(r.error().cause == Cause::none);  // the server failed it
    CHECK(clock.slept() == 0ms);
    CHECK(fake.sent().front().timeout == 800ms);
    fake.check_all_used();
  }
  SECTION("an attempt cut by the deadline leaves the problem met before it") {
    // The server answers garbage at once; then an attempt starts with little
    // time left and the deadline cuts it: the error names the garbage.
    int calls = 0;
    fake.handle("GET", "/api/v2/campaigns",
                [&](const Request&) -> Result<Response> {
                  if (++calls < 3)
                    return std::unexpected(Error{ErrorKind::unavailable, "the answer is not HTTP"});
                  clock.advance(fake.sent().back().timeout);  // all the time it was given
                  return std::unexpected(Error{ErrorKind::unavailable, "no answer within 300 ms"});
                },
                -1);
    p.max_attempts = 3;
    Client client(fake, clock, p, util::Deadline::after(clock, 10s));
    clock.advance(7s);  // 3 s left: two quick attempts, backoffs of at most 1.5 s, a third
    auto r = client.send(get(), Replay::safe);
    REQUIRE_FALSE(r);
    CHECK(calls == 3);
    CHECK(fake.sent().back().timeout < 4s);  // the last attempt had what was left
    CHECK_THAT(r.error().message,
               Catch::Contains("the deadline passed after 3 attempts (the answer is not HTTP)"));
    CHECK_THAT(r.error().message, !Catch::Contains("no answer"));
    CHECK(r.error().cause == Cause::none);
  }
  SECTION("an attempt the deadline cut before the server failed anything is the deadline's") {
    fake.handle("GET", "/api/v2/campaigns",
                [&](const Request&) -> Result<Response> {
                  clock.advance(fake.sent().back().timeout);
                  return std::unexpected(Error{ErrorKind::unavailable, "no answer within 300 ms"});
                },
                -1);
    Client client(fake, clock, p, util::Deadline::after(clock, 10s));
    clock.advance(9700ms);
    auto r = client.send(get(), Replay::safe);
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == ErrorKind::unavailable);
    CHECK(r.error().cause == Cause::deadline);
    CHECK(fake.sent().size() == 1);
  }
  SECTION("an attempt the deadline cut is the deadline's, with attempts left or not") {
    // Its last attempt cut, the request is the deadline's whether or not the
    // policy allowed another; one the server failed before stays the server's.
    struct Case {
      int max_attempts;
      bool server_fails_first;
    };
    for (auto [max_attempts, server_fails_first] :
         {Case{1, false}, Case{3, false}, Case{3, true}}) {
      CAPTURE(max_attempts, server_fails_first);
      util::FakeClock c;
      FakeTransport t;
      int calls = 0;
      t.handle(
          "GET", "/api/v2/campaigns",
          [&](const Request&) -> Result<Response> {
            if (++calls == 1 && server_fails_first) return Response{503, {}, ""};
            c.advance(t.sent().back().timeout);  // all the time it was given
            return std::unexpected(Error{ErrorKind::unavailable, "no answer within 3 s"});
          },
          -1);
      auto q = p;
      q.max_attempts = max_attempts;
      Client client(t, c, q, util::Deadline::after(c, 10s));
      c.advance(7s);  // 3 s left: less than an attempt's 4 s, more than a first backoff
      SendInfo info;
      auto r = client.send(get(), Replay::safe, &info);
      REQUIRE_FALSE(r);
      CHECK(r.error().kind == ErrorKind::unavailable);
      CHECK(r.error().cause == (server_fails_first ? Cause::none : Cause::deadline));
      CHECK(info.failures == (server_fails_first ? 1 : 0));
      CHECK(info.attempts == calls);
      CHECK(calls == (server_fails_first ? 2 : 1));
      CHECK_THAT(r.error().message, Catch::Contains("the deadline passed after"));
    }
  }
  SECTION("a passed deadline sends nothing") {
    Client client(fake, clock, p, util::Deadline::after(clock, 1s));
    clock.advance(1s);
    auto r = client.send(get(), Replay::safe);
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == ErrorKind::unavailable);
    CHECK_THAT(r.error().message, Catch::Contains("deadline passed before it could be sent"));
    CHECK(r.error().cause == Cause::deadline);
    CHECK(fake.sent().empty());
  }
}

TEST_CASE("An unsafe request is retried only when the server surely did not act") {
  util::FakeClock clock;
  FakeTransport fake;
  Client client(fake, clock, policy(), util::Deadline::never());

  SECTION("not after any answer or a failure that may follow the server's work") {
    SECTION("500") { fake.respond("POST", "/api/v2/campaigns", 500); }
    SECTION("502") { fake.respond("POST", "/api/v2/campaigns", 502); }
    SECTION("503 without Retry-After") { fake.respond("POST", "/api/v2/campaigns", 503); }
    SECTION("503 with Retry-After") {
      fake.respond("POST", "/api/v2/campaigns", 503, "", {{"Retry-After", "2"}});
    }
    SECTION("504") { fake.respond("POST", "/api/v2/campaigns", 504); }
    SECTION("429") { fake.respond("POST", "/api/v2/campaigns", 429, "", {{"Retry-After", "1"}}); }
    SECTION("408") { fake.respond("POST", "/api/v2/campaigns", 408); }
    SECTION("timeout") {
      fake.respond_error("POST", "/api/v2/campaigns",
                         Error{ErrorKind::unavailable, "no answer from 127.0.0.1:8089"});
    }
    SECTION("dropped connection") {
      fake.respond_error("POST", "/api/v2/campaigns",
                         Error{ErrorKind::unavailable, "request to 127.0.0.1:8089 failed: "
                                                       "Empty reply from server"});
    }
    auto r = client.send(post(), Replay::unsafe);
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == ErrorKind::unavailable);
    CHECK_THAT(r.error().message, Catch::Contains("not retried"));
    CHECK(client.attempts() == 1);
    CHECK(clock.slept() == 0ms);
  }
  SECTION("after a refused connection") {
    fake.respond_error("POST", "/api/v2/campaigns",
                       not_sent_error("127.0.0.1:8089", "Connection refused"));
    fake.respond("POST", "/api/v2/campaigns", 201, R"({"id":"c-1"})");
    auto r = client.send(post(), Replay::unsafe);
    REQUIRE(r);
    CHECK(r->status == 201);
    CHECK(client.attempts() == 2);
  }
  SECTION("the same failures are retried for a safe request") {
    fake.respond("POST", "/api/v2/campaigns", 500);
    fake.respond_error("POST", "/api/v2/campaigns", Error{ErrorKind::unavailable, "timeout"});
    fake.respond("POST", "/api/v2/campaigns", 201);
    auto r = client.send(post(), Replay::safe);
    REQUIRE(r);
    CHECK(client.attempts() == 3);
  }
  fake.check_all_used();
}

TEST_CASE("The caller's next unsafe attempt waits as a retry would have") {
  util::FakeClock clock;
  FakeTransport fake;
  Client client(fake, clock, policy(), util::Deadline::never());
  fake.respond("POST", "/api/v2/campaigns", 503, "", {{"Retry-After", "3"}});
  REQUIRE_FALSE(client.send(post(), Replay::unsafe));
  CHECK(clock.slept() == 0ms);
  fake.respond("POST", "/api/v2/campaigns", 201, R"({"id":"c-1"})");
  REQUIRE(client.send(post(), Replay::unsafe));
  CHECK(clock.slept() == 3s);
  fake.check_all_used();
}

TEST_CASE("After a 429 with Retry-After, later requests to that endpoint wait first") {
  util::FakeClock clock;
  FakeTransport fake;
  RetryPolicy p = policy();
  p.max_attempts = 1;
  Client client(fake, clock, p, util::Deadline::never());
  fake.respond("POST", "/api/v2/campaigns", 429, "", {{"Retry-After", "10"}});
  REQUIRE_FALSE(client.send(post(), Replay::unsafe));
  REQUIRE(clock.slept() == 0ms);

  SECTION("another endpoint goes at once") {
    fake.respond("GET", "/api/v2/campaigns", 200);
    REQUIRE(client.send(get(), Replay::safe));
    CHECK(clock.slept() == 0ms);
  }
  SECTION("the same endpoint waits out the rest of the Retry-After, once") {
    clock.advance(4s);
    fake.respond("POST", "/api/v2/campaigns", 201);
    fake.respond("POST", "/api/v2/campaigns", 201);
    REQUIRE(client.send(post(), Replay::unsafe));
    CHECK(clock.slept() == 6s);
    REQUIRE(client.send(post(), Replay::unsafe));
    CHECK(clock.slept() == 6s);
    CHECK(client.waited() == 6s);
  }
  SECTION("the query string does not make another endpoint") {
    fake.respond("POST", "/api/v2/campaigns", 201);
    REQUIRE(client.send(post(kCampaigns + "?x=1"), Replay::unsafe));
    CHECK(clock.slept() == 10s);
  }
  SECTION("a hold longer than the deadline fails at once") {
    Client tight(fake, clock, p, util::Deadline::after(clock, 5s));
    fake.respond("POST", "/api/v2/campaigns", 429, "", {{"Retry-After", "10"}});
    REQUIRE_FALSE(tight.send(post(), Replay::unsafe));
    auto r = tight.send(post(), Replay::unsafe);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains("rate limited"));
    CHECK(clock.slept() == 0ms);
  }
  fake.check_all_used();
}

TEST_CASE("Each attempt is logged at debug level with secrets redacted and no body") {
  util::FakeClock clock;
  FakeTransport fake;
  std::vector<std::string> lines;
  util::Logger log([&](util::LogLevel, std::string_view m) { lines.emplace_back(m); },
                   util::LogLevel::debug);
  Client client(fake, clock, policy(), util::Deadline::never(), log);
  fake.respond("POST", "/api/v2/campaigns", 503, "", {{"Retry-After", "1"}});
  fake.respond("POST", "/api/v2/campaigns", 201, R"({"id":"c-secret-body"})");
  Request req = post("http://user:pw@127.0.0.1:8089/api/v2/campaigns?token=abc");
  req.headers.emplace_back("Authorization", "Bearer eyJ.secret.token");
  REQUIRE(client.send(req, Replay::safe));

  std::string all;
  for (const auto& l : lines) all += l + "\n";
  INFO(all);
  CHECK(std::count(lines.begin(), lines.end(), "> POST http://127.0.0.1:8089/api/v2/campaigns") == 2);
  CHECK(std::count(lines.begin(), lines.end(), "> Authorization: Bearer ***") == 2);
  CHECK(std::count(lines.begin(), lines.end(), "< 201 (0 ms)") == 1);
  CHECK(std::count(lines.begin(), lines.end(), "< 503 (0 ms)") == 1);
  CHECK(all.find("eyJ") == std::string::npos);
  CHECK(all.find("pw") == std::string::npos);
  CHECK(all.find("abc") == std::string::npos);
  CHECK(all.find("\"name\"") == std::string::npos);
  CHECK(all.find("c-secret-body") == std::string::npos);
}

TEST_CASE("redact_url drops credentials, query and fragment") {
  CHECK(redact_url("https://user:pw@api-us-1.cxone.com:443/oauth/token?x=1#f") ==
        "https://api-us-1.cxone.com:443/oauth/token");
  CHECK(redact_url("http://127.0.0.1:8089/api/v2/campaigns") ==
        "http://127.0.0.1:8089/api/v2/campaigns");
  CHECK(redact_url("http://[::1]:8089?a=b") == "http://[::1]:8089");
  CHECK(redact_url("/api/v2/campaigns?pageNumber=2") == "/api/v2/campaigns");
}

TEST_CASE("A 429 without Retry-After follows the platform's fallback schedule") {
  util::FakeClock clock;
  FakeTransport fake;
  Recorder rec{clock, {}};
  RetryPolicy p = policy();
  p.max_attempts = 8;
  p.max_delay = 30s;
  p.retry_budget = 300s;
  Client client(fake, clock, p, util::Deadline::never());
  client.set_rate_limit_fallback({2s, 6s});

  SECTION("2 s, 6 s, then doubling with jitter, capped") {
    fake.handle("GET", "/api/v2/campaigns", rec.answer(429), 6);
    fake.handle("GET", "/api/v2/campaigns", rec.answer(200));
    REQUIRE(client.send(get(), Replay::safe));
    const auto gaps = rec.gaps();
    REQUIRE(gaps.size() == 6);
    CHECK(gaps[0] == 2s);
    CHECK(gaps[1] == 6s);
    CHECK(gaps[2] >= 6s);
    CHECK(gaps[2] <= 12s);
    CHECK(gaps[3] >= 12s);
    CHECK(gaps[3] <= 24s);
    CHECK(gaps[4] >= 15s);  // the ceiling is capped at max_delay (30 s)
    CHECK(gaps[4] <= 30s);
    CHECK(gaps[5] <= 30s);
  }
  SECTION("a Retry-After, when sent, wins") {
    fake.handle("GET", "/api/v2/campaigns", rec.answer(429, {{"Retry-After", "9"}}));
    fake.handle("GET", "/api/v2/campaigns", rec.answer(429));
    fake.handle("GET", "/api/v2/campaigns", rec.answer(200));
    REQUIRE(client.send(get(), Replay::safe));
    CHECK(rec.gaps() == std::vector<Millis>{9s, 2s});
  }
  SECTION("other retryable statuses keep the full-jitter backoff") {
    fake.handle("GET", "/api/v2/campaigns", rec.answer(503));
    fake.handle("GET", "/api/v2/campaigns", rec.answer(200));
    REQUIRE(client.send(get(), Replay::safe));
    CHECK(rec.gaps()[0] <= p.base_delay);
  }
  SECTION("an unsafe request is not retried, and its endpoint is held for the schedule's wait") {
    fake.handle("POST", "/api/v2/campaigns", rec.answer(429));
    fake.handle("POST", "/api/v2/campaigns", rec.answer(201));
    REQUIRE_FALSE(client.send(post(), Replay::unsafe));
    REQUIRE(client.send(post(), Replay::unsafe));
    CHECK(rec.gaps() == std::vector<Millis>{2s});
  }
  fake.check_all_used();
}

TEST_CASE("Without a fallback schedule a bare 429 gets the full-jitter backoff") {
  util::FakeClock clock;
  FakeTransport fake;
  Recorder rec{clock, {}};
  Client client(fake, clock, policy(), util::Deadline::never());
  fake.handle("GET", "/api/v2/campaigns", rec.answer(429));
  fake.handle("GET", "/api/v2/campaigns", rec.answer(200));
  REQUIRE(client.send(get(), Replay::safe));
  CHECK(rec.gaps()[0] <= policy().base_delay);
  fake.check_all_used();
}
