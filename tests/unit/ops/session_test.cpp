#include <cxsched/ops/session.hpp>

#include "http/fake_transport.hpp"

#include <catch2/catch.hpp>

using namespace cxsched;

namespace {

ops::ConnectionSettings valid() {
  ops::ConnectionSettings s;
  s.base_url = "http://127.0.0.1:8089/";
  s.client_id = "demo-client";
  s.client_secret = "demo-secret";
  return s;
}

std::unique_ptr<http::testing::FakeTransport> fake() {
  return std::make_unique<http::testing::FakeTransport>();
}

}  // namespace

TEST_CASE("regions map to the platform's hosts, and nothing else does") {
  CHECK(ops::base_url_for_region("us-1").value() == "https://api-us-1.cxone.com");
  CHECK(ops::base_url_for_region("eu-12").value() == "https://api-eu-12.cxone.com");
  for (auto bad : {"", "us", "us-", "US-1", "eu_1", "-1", "https://api-us-1.cxone.com", "us-1a"}) {
    INFO(bad);
    auto r = ops::base_url_for_region(bad);
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == ErrorKind::usage);
  }
}

TEST_CASE("a session refuses unusable settings before any request") {
  auto transport = fake();
  auto* seen = transport.get();
  SECTION("plain http to a remote host") {
    auto s = valid();
    s.base_url = "http://api.example.com";
    auto r = ops::Session::open(s, std::move(transport));
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == ErrorKind::usage);
  }
  SECTION("the acd platform without its access key") {
    auto s = valid();
    s.platform = ops::Platform::acd;
    auto r = ops::Session::open(s, fake());
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == ErrorKind::usage);
    CHECK(r.error().message.find("--access-key-id") != std::string::npos);
    CHECK(r.error().message.find("CXSCHED_ACCESS_KEY_SECRET") != std::string::npos);
  }
  SECTION("the acd platform with an auth URL that is neither https nor loopback") {
    auto s = valid();
    s.platform = ops::Platform::acd;
    s.acd.access_key_id = "key";
    s.acd.access_key_secret = "secret";
    s.acd.auth_url = "http://auth.example.com";
    auto r = ops::Session::open(s, fake());
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == ErrorKind::usage);
  }
  SECTION("no platform, no client id, no secret") {
    auto no_url = valid();
    no_url.base_url.clear();
    CHECK(ops::Session::open(no_url, fake()).error().message.find("--base-url") != std::string::npos);
    auto no_id = valid();
    no_id.client_id.clear();
    CHECK(ops::Session::open(no_id, fake()).error().message.find("CXSCHED_CLIENT_ID") !=
          std::string::npos);
    auto no_secret = valid();
    no_secret.client_secret.clear();
    CHECK(ops::Session::open(no_secret, fake()).error().message.find("CXSCHED_CLIENT_SECRET") !=
          std::string::npos);
    SECTION("all missing items in one message") {
      ops::ConnectionSettings none;
      auto r = ops::Session::open(none, fake());
      REQUIRE_FALSE(r);
      CHECK(r.error().kind == ErrorKind::usage);
      const auto& m = r.error().message;
      CHECK(m.find("the platform") != std::string::npos);
      CHECK(m.find("the client id") != std::string::npos);
      CHECK(m.find("the client secret") != std::string::npos);
    }
    SECTION("unless only the token cache is needed") {
      no_secret.secret_required = false;
      CHECK(ops::Session::open(no_secret, fake()));
    }
  }
  SECTION("a usable session trims the trailing slash and sends nothing yet") {
    auto r = ops::Session::open(valid(), std::move(transport));
    REQUIRE(r);
    CHECK((*r)->settings().base_url == "http://127.0.0.1:8089");
    CHECK((*r)->platform().name() == "campaigns");
    CHECK(seen->sent().empty());
  }
}

TEST_CASE("the session picks the adapter of the platform its settings name") {
  ops::ConnectionSettings s;
  s.base_url = "https://api-us-1.cxone.com";
  s.client_id = "id";
  s.client_secret = "secret";
  auto campaigns = ops::Session::open(s, std::make_unique<http::testing::FakeTransport>());
  REQUIRE(campaigns);
  CHECK((*campaigns)->platform().name() == "campaigns");
  s.platform = ops::Platform::acd;
  s.acd.access_key_id = "key";
  s.acd.access_key_secret = "secret";
  auto acd = ops::Session::open(s, std::make_unique<http::testing::FakeTransport>());
  REQUIRE(acd);
  CHECK((*acd)->platform().name() == "acd");
  CHECK((*acd)->tokens().key_id() == "key");
}
