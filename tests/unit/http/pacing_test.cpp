// The client shared by several threads: after a 429 every thread waits out
// the one Retry-After, and the endpoint gets one attempt at a time.
#include <cxsched/http/client.hpp>

#include "http/fake_transport.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

using namespace cxsched;
using namespace cxsched::http;
using namespace std::chrono_literals;
using cxsched::http::testing::FakeTransport;

TEST_CASE("after a 429, threads sharing a client wait it out and send one at a time") {
  FakeTransport transport;
  util::FakeClock clock;
  RetryPolicy policy;
  policy.seed = 3;
  Client client(transport, clock, policy, util::Deadline::never());
  const std::string url = "http://127.0.0.1:8089/api/v2/campaigns";

  transport.respond("GET", "/api/v2/campaigns", 429, "{}", {{"Retry-After", "2"}});
  const auto limited_at = clock.steady_now();

  // One at a time, no answer ever sees a second request in flight.
  testing::InFlightProbe probe(clock, 300ms);
  transport.handle("GET", "/api/v2/campaigns", probe.handler(), -1);

  auto first = client.send(Request{"GET", url, {}, {}}, Replay::safe);
  REQUIRE(first);
  CHECK(first->status == 200);  // retried after the Retry-After

  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      auto r = client.send(Request{"GET", url, {}, {}}, Replay::safe);
      if (r && r->status == 200) ++ok;
    });
  }
  for (auto& t : threads) t.join();
  CHECK(ok == 4);
  CHECK(probe.most() == 1);
  REQUIRE(probe.sent_at().size() == 5);
  for (auto at : probe.sent_at()) CHECK(at - limited_at >= 2s);
}

TEST_CASE("after a 429 the client keeps to what the endpoint admitted, so it meets no second") {
  FakeTransport transport;
  util::FakeClock clock;
  RetryPolicy policy;
  policy.seed = 5;
  Client client(transport, clock, policy, util::Deadline::never());
  const std::string url = "http://127.0.0.1:8089/api/v2/campaigns";

  // A server admitting 3 requests in any 10 s, each taking 20 ms to answer.
  std::deque<util::SteadyTime> window;
  std::vector<util::SteadyTime> sent_at;
  std::vector<util::SteadyTime> limited_until;
  int rejected = 0;
  transport.handle(
      "GET", "/api/v2/campaigns",
      [&](const Request&) -> Result<Response> {
        const auto now = clock.steady_now();
        sent_at.push_back(now);
        clock.advance(20ms);
        while (!window.empty() && window.front() + 10s <= now) window.pop_front();
        if (window.size() < 3) {
          window.push_back(now);
          return Response{200, {}, "{}"};
        }
        ++rejected;
        const auto wait = std::chrono::ceil<std::chrono::seconds>(window.front() + 10s - now);
        limited_until.push_back(now + wait);
        return Response{429, {{"Retry-After", std::to_string(wait.count())}}, "{}"};
      },
      -1);

  for (int i = 0; i < 12; ++i) {
    auto r = client.send(Request{"GET", url, {}, {}}, Replay::safe);
    REQUIRE(r);
    CHECK(r->status == 200);
  }
  // One page at a time without learning meets the limit once per window
  // (3 times here); this client only the first time.
  CHECK(rejected == 1);
  // Nothing is sent between the 429 and the end of its Retry-After.
  REQUIRE(limited_until.size() == 1);
  REQUIRE(sent_at.size() == 13);
  CHECK(sent_at[3] + 20ms < limited_until.front());
  for (std::size_t i = 4; i < sent_at.size(); ++i) CHECK(sent_at[i] >= limited_until.front());
}

TEST_CASE("an attempt in flight with the one refused 429 counts towards what the endpoint admits") {
  FakeTransport transport;
  util::FakeClock clock;
  RetryPolicy policy;
  policy.seed = 5;
  Client client(transport, clock, policy, util::Deadline::never());
  const std::string url = "http://127.0.0.1:8089/api/v2/campaigns";

  // A server admitting 3 requests in any 10 s. The "slow" request is
  // admitted second but answered only once the client has heard the 429 of
  // the fourth: it was in flight when the limit was met.
  std::mutex mu;
  std::condition_variable cv;
  bool slow_admitted = false;
  bool limit_heard = false;
  std::deque<util::SteadyTime> window;
  std::vector<util::SteadyTime> sent_at;  // of the admitted requests, in order
  int rejected = 0;
  transport.handle(
      "GET", "/api/v2/campaigns",
      [&](const Request& request) -> Result<Response> {
        std::unique_lock lock(mu);
        const auto now = clock.steady_now();
        while (!window.empty() && window.front() + 10s <= now) window.pop_front();
        if (window.size() >= 3) {
          ++rejected;
          const auto wait = std::chrono::ceil<std::chrono::seconds>(window.front() + 10s - now);
          return Response{429, {{"Retry-After", std::to_string(wait.count())}}, "{}"};
        }
        window.push_back(now);
        sent_at.push_back(now);
        if (request.url.ends_with("?slow")) {
          slow_admitted = true;
          cv.notify_all();
          if (!cv.wait_for(lock, 10s, [&] { return limit_heard; }))
            return fail(ErrorKind::internal, "the 429 was never heard");
        }
        return Response{200, {}, "{}"};
      },
      -1);

  Result<Response> slow = fail(ErrorKind::internal, "not sent");
  std::thread in_flight;
  client.set_retry_observer([&](const RetryNotice&) {
    // The 429 is noted: let the slow answer come, and wait for it.
    {
      std::lock_guard lock(mu);
      limit_heard = true;
    }
    cv.notify_all();
    in_flight.join();
  });

  REQUIRE(client.send(Request{"GET", url, {}, {}}, Replay::safe));
  in_flight = std::thread([&] { slow = client.send(Request{"GET", url + "?slow", {}, {}}, Replay::safe); });
  {
    std::unique_lock lock(mu);
    REQUIRE(cv.wait_for(lock, 10s, [&] { return slow_admitted; }));
  }
  for (int i = 0; i < 4; ++i) {
    auto r = client.send(Request{"GET", url, {}, {}}, Replay::safe);
    REQUIRE(r);
    CHECK(r->status == 200);
  }
  REQUIRE(slow);
  CHECK(slow->status == 200);
  CHECK(rejected == 1);
  // The endpoint admitted 3 before its 429, the slow one included: after
  // the Retry-After the next 3 go together, none waits another window.
  REQUIRE(sent_at.size() == 6);
  CHECK(sent_at[5] - sent_at[3] < 10s);
}
