#include <cxsched/api/campaigns.hpp>

#include "api/fake_platform.hpp"

#include <catch2/catch.hpp>

using namespace cxsched;

namespace {

using api::testing::token_body;
constexpr const char* kBase = api::testing::kFakeBase;

std::string campaign(const std::string& id, const std::string& status = "ACTIVE") {
  return R"({"id":")" + id + R"(","name":"N_)" + id + R"(","status":")" + status + R"("})";
}

// Each test scripts the token answers it expects, in order.
struct Fixture : api::testing::FakePlatform {
  Fixture() : FakePlatform(util::Millis{0}, 7, false) {
    transport.respond("POST", "/oauth/token", 200, token_body("t1"));
  }
};

std::string bearer(const http::Request& r) {
  for (const auto& [k, v] : r.headers)
    if (k == "Authorization") return v;
  return {};
}

}  // namespace

TEST_CASE("list follows nextUri through every page") {
  Fixture f;
  f.transport.respond("GET", "/api/v2/campaigns?pageSize=2&pageNumber=1", 200,
                      R"({"entities":[)" + campaign("a") + "," + campaign("b") +
                          R"(],"pageSize":2,"pageNumber":1,"total":5,"pageCount":3,)"
                          R"("nextUri":"/api/v2/campaigns?pageSize=2&pageNumber=2"})");
  SECTION("as paths from the host root and as absolute URLs of the same origin") {
    f.transport.respond("GET", "/api/v2/campaigns?pageSize=2&pageNumber=2", 200,
                        R"({"entities":[)" + campaign("c") + "," + campaign("d") +
                            R"(],"pageNumber":2,"pageCount":3,)"
                            R"("nextUri":"http://127.0.0.1:9/api/v2/campaigns?pageSize=2&pageNumber=3"})");
    f.transport.respond("GET", "/api/v2/campaigns?pageSize=2&pageNumber=3", 200,
                        R"({"entities":[)" + campaign("e") + R"(],"pageNumber":3,"pageCount":3})");
    api::ListStats stats;
    auto all = f.api.list(2, &stats);
    REQUIRE(all);
    REQUIRE(all->size() == 5);
    CHECK(all->front().id == "a");
    CHECK(all->back().id == "e");
    CHECK(all->back().status == "ACTIVE");
    CHECK(stats.pages == 3);
    f.transport.check_all_used();
  }
  SECTION("a nextUri to another origin is refused, not sent our token") {
    f.transport.respond("GET", "/api/v2/campaigns?pageSize=2&pageNumber=2", 200,
                        R"({"entities":[],"nextUri":"https://evil.example/api/v2/campaigns?p=3"})");
    auto all = f.api.list(2);
    REQUIRE_FALSE(all);
    CHECK(all.error().kind == ErrorKind::internal);
    CHECK(all.error().message.find("another server") != std::string::npos);
  }
  SECTION("a nextUri that loops back is an error, not an endless loop") {
    f.transport.respond("GET", "/api/v2/campaigns?pageSize=2&pageNumber=2", 200,
                        R"({"entities":[],"nextUri":"/api/v2/campaigns?pageSize=2&pageNumber=1"})");
    auto all = f.api.list(2);
    REQUIRE_FALSE(all);
    CHECK(all.error().message.find("loops") != std::string::npos);
  }
}

TEST_CASE("list without nextUri uses pageNumber and pageCount, and one page without either") {
  Fixture f;
  SECTION("pageCount") {
    f.transport.respond("GET", "/api/v2/campaigns?pageSize=1&pageNumber=1", 200,
                        R"({"entities":[)" + campaign("a") + R"(],"pageNumber":1,"pageCount":2})");
    f.transport.respond("GET", "/api/v2/campaigns?pageSize=1&pageNumber=2", 200,
                        R"({"entities":[)" + campaign("b") + R"(],"pageNumber":2,"pageCount":2})");
    auto all = f.api.list(1);
    REQUIRE(all);
    CHECK(all->size() == 2);
  }
  SECTION("neither") {
    f.transport.respond("GET", "/api/v2/campaigns?pageSize=1&pageNumber=1", 200,
                        R"({"entities":[)" + campaign("a") + R"(]})");
    auto all = f.api.list(1);
    REQUIRE(all);
    CHECK(all->size() == 1);
  }
  f.transport.check_all_used();
}

TEST_CASE("answers that are not what was expected give clear errors") {
  Fixture f;
  SECTION("an HTML page with status 200") {
    f.transport.respond("GET", "/api/v2/campaigns/x", 200, "<html><body>Welcome</body></html>");
    auto c = f.api.get("x");
    REQUIRE_FALSE(c);
    CHECK(c.error().kind == ErrorKind::internal);
    CHECK(c.error().message.find("not valid JSON") != std::string::npos);
    CHECK(c.error().message.find("<html>") != std::string::npos);
  }
  SECTION("truncated JSON") {
    f.transport.respond("GET", "/api/v2/campaigns/x", 200, R"({"id":"x","na)");
    CHECK(f.api.get("x").error().kind == ErrorKind::internal);
  }
  SECTION("a list without entities") {
    f.transport.respond("GET", "/api/v2/campaigns?pageSize=500&pageNumber=1", 200, R"({"items":[]})");
    CHECK(f.api.list().error().message.find("no \"entities\"") != std::string::npos);
  }
  SECTION("a campaign without id") {
    f.transport.respond("GET", "/api/v2/campaigns/x", 200, R"({"name":"n"})");
    CHECK(f.api.get("x").error().message.find("no \"id\"") != std::string::npos);
  }
  SECTION("an unexpected status") {
    f.transport.respond("GET", "/api/v2/campaigns/x", 418, "teapot");
    auto c = f.api.get("x");
    CHECK(c.error().kind == ErrorKind::internal);
    CHECK(c.error().message.find("418") != std::string::npos);
  }
}

TEST_CASE("a 401 on the token gets one new token and one retry") {
  Fixture f;
  f.transport.respond("GET", "/api/v2/campaigns/x", 401, R"({"code":"invalid_token"})",
                      {{"WWW-Authenticate", "Bearer error=\"invalid_token\""}});
  f.transport.respond("POST", "/oauth/token", 200, token_body("t2"));
  SECTION("the retry succeeds with the new token") {
    f.transport.respond("GET", "/api/v2/campaigns/x", 200, campaign("x"));
    auto c = f.api.get("x");
    REQUIRE(c);
    auto sent = f.transport.sent();
    REQUIRE(sent.size() == 4);
    CHECK(bearer(sent[1].request) == "Bearer t1");
    CHECK(bearer(sent[3].request) == "Bearer t2");
  }
  SECTION("a second 401 is an authentication error, with no third attempt") {
    f.transport.respond("GET", "/api/v2/campaigns/x", 401, R"({"code":"invalid_token"})");
    auto c = f.api.get("x");
    REQUIRE_FALSE(c);
    CHECK(c.error().kind == ErrorKind::auth);
    CHECK(f.transport.count("GET", "/api/v2/campaigns/x") == 2);
  }
  f.transport.check_all_used();
}

TEST_CASE("status codes map to the error kinds the exit codes rest on") {
  Fixture f;
  SECTION("403 names the missing scope") {
    f.transport.respond("POST", "/api/v2/campaigns/x/activate", 403,
                        R"({"code":"forbidden","message":"missing scope campaign:write"})");
    auto r = f.api.activate("x");
    CHECK(r.error().kind == ErrorKind::auth);
    CHECK(r.error().message.find("missing scope campaign:write") != std::string::npos);
  }
  SECTION("404 is not found") {
    f.transport.respond("GET", "/api/v2/campaigns/nope", 404, R"({"code":"not_found"})");
    CHECK(f.api.get("nope").error().kind == ErrorKind::not_found);
  }
  SECTION("activate: 202 accepted, 200 already, 409 terminal") {
    f.transport.respond("POST", "/api/v2/campaigns/a/activate", 202, "");
    f.transport.respond("POST", "/api/v2/campaigns/b/activate", 200, "");
    f.transport.respond("POST", "/api/v2/campaigns/c/activate", 409,
                        R"({"code":"invalid_state","message":"campaign is FAILED"})");
    CHECK(f.api.activate("a").value() == api::Activation::accepted);
    CHECK(f.api.activate("b").value() == api::Activation::already_active);
    auto c = f.api.activate("c");
    CHECK(c.error().kind == ErrorKind::terminal_status);
    CHECK(c.error().message.find("FAILED") != std::string::npos);
  }
  SECTION("ids are escaped in paths") {
    f.transport.respond("GET", "/api/v2/campaigns/a%2Fb%3Fc", 200, campaign("a/b?c"));
    CHECK(f.api.get("a/b?c"));
  }
  f.transport.check_all_used();
}

TEST_CASE("create reports duplicates and field details, and sends the idempotency key") {
  Fixture f;
  SECTION("created") {
    f.transport.handle("POST", "/api/v2/campaigns", [](const http::Request& r) -> Result<http::Response> {
      std::string key;
      for (const auto& [k, v] : r.headers)
        if (k == "Idempotency-Key") key = v;
      CHECK(key == "k-1");
      CHECK(r.body == R"({"name":"A"})");
      return http::Response{201, {}, campaign("c-1", "SCHEDULED")};
    });
    auto out = f.api.create(R"({"name":"A"})", "k-1");
    REQUIRE(out);
    CHECK(out->kind == api::CreateOutcome::Kind::created);
    CHECK(out->campaign->id == "c-1");
  }
  SECTION("409 duplicate_name") {
    f.transport.respond("POST", "/api/v2/campaigns", 409,
                        R"({"code":"duplicate_name","message":"exists","existingId":"c-9"})");
    auto out = f.api.create(R"({"name":"A"})", "k-1");
    REQUIRE(out);
    CHECK(out->kind == api::CreateOutcome::Kind::duplicate_name);
    CHECK(out->existing_id == "c-9");
  }
  SECTION("400 with details") {
    f.transport.respond("POST", "/api/v2/campaigns", 400,
                        R"({"code":"invalid_request","message":"bad","details":[)"
                        R"({"field":"dialerSettings.dropRate","message":"must be 0..1"},)"
                        R"({"field":"timezone","message":"unknown zone"}]})");
    std::vector<api::FieldDetail> details;
    auto out = f.api.create(R"({"name":"A"})", "k-1", &details);
    REQUIRE_FALSE(out);
    CHECK(out.error().kind == ErrorKind::invalid_spec);
    REQUIRE(details.size() == 2);
    CHECK(details[0].field == "dialerSettings.dropRate");
    CHECK(out.error().message.find("timezone: unknown zone") != std::string::npos);
  }
  f.transport.check_all_used();
}
