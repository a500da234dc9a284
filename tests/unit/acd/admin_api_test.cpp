// AdminApi's requests: headers, discovery, the 401 rule, the business unit,
// the server clock, the campaign, 429 without Retry-After.
#include <cxsched/util/json.hpp>

#include "acd/api_rig.hpp"

using namespace cxsched;
using namespace cxsched::acd;
using namespace cxsched::acd::testing;
using namespace std::chrono_literals;

namespace {

bool has_header(const http::Request& r, const std::string& name, const std::string& value) {
  return std::ranges::count(r.headers, std::pair<std::string, std::string>{name, value}) == 1;
}

bool has_header_named(const http::Request& r, const std::string& name) {
  return std::ranges::any_of(r.headers, [&](const auto& h) { return h.first == name; });
}

const char* kBusinessUnit =
    R"({"businessUnits":[{"businessUnitId":4600000,"businessUnitName":"Acme",)"
    R"("defaultTimeZone":"Eastern Standard Time","enableSkillAbandonRate":false,"timeZones":[]}]})";

}  // namespace

TEST_CASE("Every call carries the token and Accept: application/json") {
  ApiRig rig;
  rig.sign_in();
  rig.answer("GET", "business-unit", 200, kBusinessUnit);
  auto bu = rig.admin->business_unit(std::nullopt);
  REQUIRE(bu);
  CHECK(bu->id == 4600000);
  CHECK(bu->name == "Acme");
  CHECK_FALSE(bu->skill_abandon_rate);
  CHECK(bu->zone.name == "America/New_York");
  CHECK(bu->zone.source == ZoneSource::windows);
  const auto sent = rig.fake.sent();
  REQUIRE(sent.size() == 2);
  const auto& r = sent[1].request;
  CHECK(r.url == std::string(kApi) + api("business-unit"));
  CHECK(has_header(r, "Authorization", "Bearer acc-1"));
  CHECK(has_header(r, "Accept", "application/json"));
  CHECK_FALSE(has_header_named(r, "Content-Type"));  // no body
  rig.fake.check_all_used();
}

TEST_CASE("Without a base URL the API is discovered from the token's tenant") {
  ApiRig rig("");
  rig.sign_in();
  SECTION("discovery answers the endpoint") {
    rig.fake.respond("GET", "/.well-known/cxone-configuration?tenantId=11111111-2222", 200,
                     R"({"api_endpoint":"http://127.0.0.1:8095/","area":"na1","tenantId":"x"})");
    rig.fake.respond("GET", "http://127.0.0.1:8095/inContactAPI/services/v30.0/server-time", 200,
                     R"({"ServerTime":"2027-04-05T12:00:30.000Z"})");
    auto skew = rig.admin->clock_skew();
    REQUIRE(skew);
    CHECK(*skew == 30s);
    auto b = rig.admin->base();
    REQUIRE(b);
    CHECK(b->endpoint == "http://127.0.0.1:8095");
    CHECK(b->warnings.empty());
    const auto sent = rig.fake.sent();
    REQUIRE(sent.size() == 3);
    CHECK(sent[1].request.url ==
          std::string(kAuth) + "/.well-known/cxone-configuration?tenantId=11111111-2222");
    CHECK_FALSE(has_header_named(sent[1].request, "Authorization"));  // no token
  }
  SECTION("discovery fails: the token's cluster, with a warning") {
    rig.fake.respond("GET", "/.well-known/cxone-configuration", 404,
                     R"({"error":"unknown tenant"})");
    auto b = rig.admin->base();
    REQUIRE(b);
    CHECK(b->endpoint == "https://api-c32.nice-incontact.com");
    CHECK(b->services == "https://api-c32.nice-incontact.com/inContactAPI/services/v30.0");
    REQUIRE(b->warnings.size() == 1);
    CHECK(b->warnings[0].find("unknown tenant") != std::string::npos);
  }
  rig.fake.check_all_used();
}

TEST_CASE("A token without a tenant or cluster asks for --base-url") {
  ApiRig rig("");
  rig.fake.respond("POST", kSignIn, 200, R"({"access_token":"opaque.e30.x"})");
  auto b = rig.admin->base();
  REQUIRE_FALSE(b);
  CHECK(b.error().kind == ErrorKind::usage);
  CHECK(b.error().message.find("--base-url") != std::string::npos);
  rig.fake.check_all_used();
}

TEST_CASE("A 401 signs in once more and retries once; a second 401 is an auth error") {
  ApiRig rig;
  rig.sign_in("acc-1");
  rig.sign_in("acc-2");
  rig.answer("GET", "server-time", 401, R"({"error":"invalid_token"})");
  SECTION("then an answer") {
    rig.answer("GET", "server-time", 200, R"({"ServerTime":"2027-04-05T12:00:00Z"})");
    REQUIRE(rig.admin->server_time());
    const auto sent = rig.fake.sent();
    REQUIRE(sent.size() == 4);
    CHECK(has_header(sent[3].request, "Authorization", "Bearer acc-2"));
  }
  SECTION("then 401 again") {
    rig.answer("GET", "server-time", 401,
               R"({"error":"invalid_token","errorDescription":"revoked"})");
    auto t = rig.admin->server_time();
    REQUIRE_FALSE(t);
    CHECK(t.error().kind == ErrorKind::auth);
    CHECK(t.error().message.find("revoked") != std::string::npos);
  }
  rig.fake.check_all_used();
}

TEST_CASE("A 403 is an auth error with the platform's message") {
  ApiRig rig;
  rig.sign_in();
  rig.answer("GET", "campaigns", 403, R"({"message":"role lacks Campaigns View"})");
  auto c = rig.admin->campaign_id(std::nullopt);
  REQUIRE_FALSE(c);
  CHECK(c.error().kind == ErrorKind::auth);
  CHECK(c.error().message.find("role lacks Campaigns View") != std::string::npos);
  rig.fake.check_all_used();
}

TEST_CASE("The business unit's zone: a display name through GET timezones, or refused") {
  ApiRig rig;
  rig.sign_in();
  const std::string display = "(UTC-06:00) Central Time (US & Canada)";
  rig.answer("GET", "business-unit", 200,
             R"({"businessUnits":[{"businessUnitId":1,"defaultTimeZone":")" + display + R"("}]})");
  SECTION("found in the tenant's list") {
    rig.answer("GET", "timezones", 200,
               R"({"timeZones":[{"displayName":")" + display +
                   R"(","standardName":"Central Standard Time"}]})");
    auto bu = rig.admin->business_unit(std::nullopt);
    REQUIRE(bu);
    CHECK(bu->zone.name == "America/Chicago");
    CHECK(bu->zone.source == ZoneSource::display_name);
  }
  SECTION("nowhere: refused naming the config key") {
    rig.answer("GET", "timezones", 200, R"({"timeZones":[]})");
    auto bu = rig.admin->business_unit(std::nullopt);
    REQUIRE_FALSE(bu);
    CHECK(bu.error().kind == ErrorKind::usage);
    CHECK(bu.error().message.find("acd.business_unit_zone") != std::string::npos);
  }
  SECTION("configured: no GET timezones") {
    auto bu = rig.admin->business_unit("America/Denver");
    REQUIRE(bu);
    CHECK(bu->zone.name == "America/Denver");
  }
  rig.fake.check_all_used();
}

TEST_CASE("The campaign: configured, else Default Campaign, rows of either shape") {
  ApiRig rig;
  rig.sign_in();
  rig.answer("GET", "campaigns", 200,
             R"({"campaigns":[{"id":"7","name":"Q3"},{"id":1,"name":"Default Campaign"}]})");
  rig.answer(
      "GET", "campaigns", 200,
      R"({"campaigns":[{"campaignId":7,"campaignName":"Q3"},{"campaignId":1,"campaignName":"Default Campaign"}]})");
  CHECK(rig.admin->campaign_id(std::nullopt) == 1);
  CHECK(rig.admin->campaign_id(7) == 7);
  rig.fake.check_all_used();
}

TEST_CASE("A 429 without Retry-After is backed off 2 s, then 6 s") {
  ApiRig rig;
  rig.sign_in();
  rig.answer("GET", "server-time", 429);
  rig.answer("GET", "server-time", 429);
  rig.answer("GET", "server-time", 200, R"({"ServerTime":"2027-04-05T12:00:00"})");
  auto t = rig.admin->server_time();
  REQUIRE(t);
  CHECK(rig.clock.slept() == 8s);
  CHECK(*t == util::SysTime{std::chrono::sys_days{std::chrono::year{2027} / 4 / 5} +
                            12h});  // no offset: UTC
  rig.fake.check_all_used();
}
