// Client::Batch: requests sent together, each through the retry policy and
// pacing of Client::send (over the pool's threads: FakeTransport has no
// exchange of its own; CurlTransport's is tested in curl_transport_test).
#include <cxsched/http/client.hpp>

#include "http/fake_transport.hpp"

#include <catch2/catch.hpp>

#include <condition_variable>
#include <map>
#include <mutex>
#include <vector>

using namespace cxsched;
using namespace cxsched::http;
using namespace std::chrono_literals;
using cxsched::http::testing::FakeTransport;

namespace {

constexpr const char* kBase = "http://127.0.0.1:8089";

Request get(const std::string& path) { return Request{"GET", kBase + path, {}, {}}; }

RetryPolicy policy() {
  RetryPolicy p;
  p.seed = 7;
  return p;
}

// A client over a FakeTransport and a pool of 4.
struct Fixture {
  FakeTransport fake;
  util::FakeClock clock;
  util::TaskPool pool{4};
  Client client{fake, clock, policy(), util::Deadline::never()};
};

// Every outcome of the batch, by tag.
std::map<std::uint64_t, Client::Batch::Outcome> drain(Client::Batch& batch) {
  std::map<std::uint64_t, Client::Batch::Outcome> out;
  while (batch.pending() > 0) {
    auto o = batch.next();
    const auto tag = o.tag;
    CHECK(out.emplace(tag, std::move(o)).second);  // each once
  }
  return out;
}

}  // namespace

TEST_CASE("a batch has its requests in flight together and hands back each outcome once") {
  Fixture f;
  auto& [fake, clock, pool, client] = f;
  // Each answer waits for all three requests to have arrived: one at a time,
  // the first would wait in vain (and fail the test after 10 s).
  std::mutex mu;
  std::condition_variable cv;
  int arrived = 0;
  for (const char* path : {"/a", "/b", "/c"}) {
    fake.handle("GET", path, [&, path](const Request&) -> Result<Response> {
      std::unique_lock lock(mu);
      ++arrived;
      cv.notify_all();
      if (!cv.wait_for(lock, 10s, [&] { return arrived == 3; }))
        return fail(ErrorKind::unavailable, "the others never came");
      return Response{200, {}, path};
    });
  }
  auto batch = client.batch(&pool);
  batch->add(1, get("/a"));
  batch->add(2, get("/b"));
  batch->add(3, get("/c"));
  CHECK(batch->pending() == 3);
  auto out = drain(*batch);
  REQUIRE(out.size() == 3);
  CHECK(out.at(1).response->body == "/a");
  CHECK(out.at(2).response->body == "/b");
  CHECK(out.at(3).response->body == "/c");
  for (const auto& [tag, o] : out) CHECK(o.info.attempts == 1);
  CHECK(client.attempts() == 3);
  // Nothing pending: next() says so rather than block.
  auto none = batch->next();
  CHECK_FALSE(none.response);
  fake.check_all_used();
}

TEST_CASE("a request of a batch that fails goes again as send() would, once the others are back") {
  Fixture f;
  auto& [fake, clock, pool, client] = f;
  std::mutex mu;
  std::vector<std::string> order;
  const auto noted = [&](std::string what, Response r) {
    return [&, what, r](const Request&) -> Result<Response> {
      std::lock_guard lock(mu);
      order.push_back(what);
      return r;
    };
  };
  fake.handle("GET", "/a", noted("a1", Response{503, {}, "busy"}));
  fake.handle("GET", "/b", noted("b1", Response{200, {}, "b"}));
  fake.handle("GET", "/a", noted("a2", Response{200, {}, "a"}));
  auto batch = client.batch(&pool);
  batch->add(1, get("/a"));
  batch->add(2, get("/b"));
  auto out = drain(*batch);
  REQUIRE(out.size() == 2);
  REQUIRE(out.at(1).response);
  CHECK(out.at(1).response->body == "a");
  CHECK(out.at(1).info.attempts == 2);
  CHECK(out.at(1).info.failures == 1);
  CHECK(out.at(2).info.attempts == 1);
  REQUIRE(order.size() == 3);
  CHECK(order.back() == "a2");  // after b was answered
  CHECK(clock.slept() == client.waited());  // the backoff, slept once
  fake.check_all_used();
}

TEST_CASE("a batch gives up where send() gives up, with the same words") {
  Fixture f;
  auto& [fake, clock, pool, client] = f;
  fake.handle("GET", "/a", [](const Request&) -> Result<Response> {
    return Response{503, {}, "busy"};
  }, -1);
  auto batch = client.batch(&pool);
  batch->add(1, get("/a"));
  auto o = batch->next();
  REQUIRE_FALSE(o.response);
  CHECK(o.info.attempts == policy().max_attempts);

  util::FakeClock clock2;
  Client alone(fake, clock2, policy(), util::Deadline::never());
  auto r = alone.send(get("/a"), Replay::safe);
  REQUIRE_FALSE(r);
  CHECK(o.response.error().message == r.error().message);
  CHECK(o.response.error().kind == r.error().kind);
}

TEST_CASE("after a 429 in a batch its endpoint waits out the Retry-After, then one at a time") {
  Fixture f;
  auto& [fake, clock, pool, client] = f;
  fake.respond("GET", "/api/v2/campaigns", 429, "{}", {{"Retry-After", "2"}});
  const auto limited_at = clock.steady_now();
  testing::InFlightProbe probe(clock, 100ms);
  fake.handle("GET", "/api/v2/campaigns", probe.handler(), -1);
  auto batch = client.batch(&pool);
  batch->add(1, get("/api/v2/campaigns?pageNumber=1"));
  auto first = batch->next();
  REQUIRE(first.response);
  CHECK(first.response->status == 200);
  CHECK(first.info.rate_limited == 1);
  for (std::uint64_t tag = 2; tag <= 5; ++tag)
    batch->add(tag, get("/api/v2/campaigns?pageNumber=" + std::to_string(tag)));
  auto out = drain(*batch);
  REQUIRE(out.size() == 4);
  for (const auto& [tag, o] : out) {
    REQUIRE(o.response);
    CHECK(o.response->status == 200);
  }
  CHECK(probe.most() == 1);
  REQUIRE(probe.sent_at().size() == 5);
  for (auto at : probe.sent_at()) CHECK(at - limited_at >= 2s);
}

TEST_CASE("a batch refuses a header with a control character, sending nothing") {
  Fixture f;
  auto& [fake, clock, pool, client] = f;
  auto batch = client.batch(&pool);
  Request bad = get("/a");
  bad.headers.emplace_back("Authorization", "Bearer x\r\nX-Admin: 1");
  batch->add(9, bad);
  auto o = batch->next();
  CHECK(o.tag == 9);
  REQUIRE_FALSE(o.response);
  CHECK_THAT(o.response.error().message, Catch::Contains("refusing to send the Authorization header"));
  CHECK(fake.sent().empty());
}

TEST_CASE("without an exchange or a pool, a batch sends one request at a time") {
  Fixture f;
  auto& [fake, clock, pool, client] = f;
  testing::InFlightProbe probe(clock, 100ms);
  fake.handle("GET", "/a", probe.handler(), -1);
  auto batch = client.batch(nullptr);
  for (std::uint64_t tag = 1; tag <= 3; ++tag) batch->add(tag, get("/a"));
  auto out = drain(*batch);
  CHECK(out.size() == 3);
  CHECK(probe.most() == 1);
  CHECK(fake.sent().size() == 3);
}

TEST_CASE("poll() hands back what is ready, never waits, and leaves a retry to next()") {
  Fixture f;
  auto& [fake, clock, pool, client] = f;
  fake.answer_at_once();  // an answer is ready as soon as its request starts
  fake.respond("GET", "/a", 200, "a");
  fake.respond("GET", "/b", 503);
  fake.respond("GET", "/b", 200, "b");
  auto batch = client.batch(&pool);
  CHECK_FALSE(batch->poll());  // nothing asked for: nothing, at once
  batch->add(1, get("/a"));
  batch->add(2, get("/b"));
  auto a = batch->poll();
  REQUIRE(a);
  CHECK(a->tag == 1);
  REQUIRE(a->response);
  CHECK(a->response->body == "a");
  // /b's 503 is judged: it is to be sent again after its backoff, which
  // poll() does not do.
  CHECK_FALSE(batch->poll());
  CHECK(batch->pending() == 1);
  CHECK(clock.slept() == 0ms);
  auto b = batch->next();
  CHECK(b.tag == 2);
  REQUIRE(b.response);
  CHECK(b.response->body == "b");
  CHECK(b.info.attempts == 2);
  CHECK(clock.slept() > 0ms);
  fake.check_all_used();
}
