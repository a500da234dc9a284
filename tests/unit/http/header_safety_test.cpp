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
