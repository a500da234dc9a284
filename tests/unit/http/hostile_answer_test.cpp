#include <cxsched/http/client.hpp>

#include "http/fake_transport.hpp"

#include <catch2/catch.hpp>

using namespace cxsched;
using namespace cxsched::http;
using cxsched::http::testing::FakeTransport;

TEST_CASE("A header value with CR, LF or another control character is never sent") {
  util::FakeClock clock;
  FakeTransport fake;  // no script: any request that went out would fail the test
  Client client(fake, clock, RetryPolicy{}, util::Deadline::never());
  const std::string value =
      GENERATE(std::string("Bearer tok\r\nX-Admin: 1"), std::string("Bearer tok\n"),
               std::string("Bearer \x1b[2J"), std::string("a\0b", 3));
  Request req{"GET", "http://127.0.0.1:1/api/v2/campaigns", {{"Authorization", value}}, {}};
  auto r = client.send(req, Replay::safe);
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == ErrorKind::internal);
  CHECK(r.error().message.find("refusing to send the Authorization header") != std::string::npos);
  CHECK(fake.sent().empty());
}

TEST_CASE("A Retry-After date outside the clock's range is not a Retry-After") {
  // Found by fuzz_retry_after: year 0226 overflowed the nanosecond clock.
  const util::SysTime now{std::chrono::seconds{1'790'000'000}};
  CHECK_FALSE(parse_retry_after("Wed, 21 Oct 0226 07:28:00 GMT", now));
  CHECK_FALSE(parse_retry_after("Wed, 21 Oct 9999 07:28:00 GMT", now));
  CHECK_FALSE(parse_retry_after("Sun Nov  6 08:49:37 4052", now));
  CHECK(parse_retry_after("Wed, 21 Oct 2025 07:28:00 GMT", now) == util::Millis{0});
}
