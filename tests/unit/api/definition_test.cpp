// The campaigns API's definition of a spec: payload, key, comparison.
#include <catch2/catch.hpp>
#include <cxsched/api/definition.hpp>
#include <cxsched/schedule/spec.hpp>
#include <cxsched/util/json.hpp>
#include <cxsched/util/uuid.hpp>

#include "api/campaign_fixtures.hpp"
#include <string>
#include <vector>

using namespace cxsched;
using testing::platform_json;
using testing::spec_json;

namespace {

// The payload of a spec that must be valid.
std::string payload_of(const std::string& text) {
  auto p = schedule::parse_spec(text, "spec.json", {});
  INFO(text);
  REQUIRE(p.schedule);
  auto payload = api::campaign_payload(text, *p.schedule);
  REQUIRE(payload);
  return *payload;
}

}  // namespace

TEST_CASE("The payload is the spec normalized: dates with the zone's offset, unknown fields kept") {
  const std::string text =
      R"({"name":"Q1","campaignType":"PREDICTIVE","timezone":"America/New_York",)"
      R"("startDate":"2027-03-01T08:00","endDate":"2027-07-01T09:30:00",)"
      R"("executionWindows":[{"days":["MON"],"start":"09:00","end":"17:00"}],)"
      R"("dialerSettings":{"maxAttempts":3},)"
      R"("routingSettings":{"queueId":"q"},"customTag":{"keep":[1,2]}})";
  const auto payload = payload_of(text);
  auto doc = util::parse_json(payload, "payload");
  REQUIRE(doc);
  CHECK(std::string((*doc)["startDate"].GetString()) == "2027-03-01T08:00:00-05:00");
  CHECK(std::string((*doc)["endDate"].GetString()) == "2027-07-01T09:30:00-04:00");
  CHECK((*doc)["customTag"]["keep"][1].GetInt() == 2);
  CHECK((*doc)["dialerSettings"]["maxAttempts"].GetInt() == 3);
  CHECK(payload.find('\n') == std::string::npos);
  // The spec's own order is kept.
  CHECK(payload.rfind(R"({"name":"Q1","campaignType":"PREDICTIVE","timezone")", 0) == 0);
}

TEST_CASE("The campaigns definition carries the body, its key and the dry-run preview") {
  const auto text = spec_json("Promo");
  auto p = schedule::parse_spec(text, "a.json", {});
  REQUIRE(p.schedule);
  auto d = api::campaign_definition(text, *p.schedule);
  REQUIRE(d);
  CHECK(d->name == "Promo");
  CHECK(d->body == payload_of(text));
  CHECK(d->key == *api::idempotency_key(d->body));
  CHECK(d->preview.rfind("POST /api/v2/campaigns\nIdempotency-Key: " + d->key + "\n{\n", 0) == 0);
  CHECK(d->not_applied.empty());
}

TEST_CASE("The idempotency key follows the definition, not its spelling") {
  auto a =
      api::idempotency_key(R"({"name":"A","dialerSettings":{"dropRate":0.02,"maxAttempts":3}})");
  auto b =
      api::idempotency_key(R"({"dialerSettings":{"maxAttempts":3,"dropRate":0.02},"name":"A"})");
  auto c =
      api::idempotency_key(R"({"name":"A","dialerSettings":{"dropRate":0.025,"maxAttempts":3}})");
  auto d =
      api::idempotency_key(R"({"name":"B","dialerSettings":{"dropRate":0.02,"maxAttempts":3}})");
  REQUIRE(a);
  REQUIRE(b);
  REQUIRE(c);
  REQUIRE(d);
  CHECK(*a == *b);
  CHECK(*a != *c);
  CHECK(*a != *d);
  CHECK(*c != *d);
  // xxxxxxxx-xxxx-5xxx-[89ab]xxx-xxxxxxxxxxxx, lower-case hex
  REQUIRE(a->size() == 36);
  for (std::size_t i = 0; i < a->size(); ++i) {
    INFO("position " << i << " of " << *a);
    if (i == 8 || i == 13 || i == 18 || i == 23)
      CHECK((*a)[i] == '-');
    else
      CHECK(std::string_view("0123456789abcdef").find((*a)[i]) != std::string_view::npos);
  }
  CHECK((*a)[14] == '5');
  // The name-based UUID of the canonical payload, in cxsched's namespace.
  CHECK(*a == util::uuid_v5(*api::canonical_payload(
                  R"({"name":"A","dialerSettings":{"dropRate":0.02,"maxAttempts":3}})")));
  CHECK(std::string_view("89ab").find((*a)[19]) != std::string_view::npos);
  CHECK_FALSE(api::idempotency_key("{not json"));
  CHECK(api::canonical_payload(R"({"b":[{"d":1,"c":2}],"a":"x"})") ==
        std::string(R"({"a":"x","b":[{"c":2,"d":1}]})"));
}

TEST_CASE("Definitions are compared field by field over the spec's fields") {
  auto platform = util::parse_json(platform_json("c-1", "Promo", "SCHEDULED"), "platform");
  REQUIRE(platform);

  SECTION("dates as instants, numbers numerically, key order and extra fields ignored") {
    auto d = api::compare_definition(spec_json("Promo"), *platform);
    REQUIRE(d);
    CHECK(d->empty());
  }
  SECTION("a changed number is listed with both values") {
    auto d = api::compare_definition(spec_json("Promo", "0.025"), *platform);
    REQUIRE(d);
    REQUIRE(d->size() == 1);
    CHECK((*d)[0].to_string() == "dialerSettings.dropRate: platform 0.03, spec 0.025");
  }
  SECTION("a date at another instant differs, with its path") {
    auto d =
        api::compare_definition(spec_json("Promo", "0.03", "2027-02-01T09:00:00-05:00"), *platform);
    REQUIRE(d);
    REQUIRE(d->size() == 1);
    CHECK((*d)[0].field == "startDate");
    CHECK((*d)[0].platform == "2027-02-01T13:00:00Z");
  }
  SECTION("nested arrays, absent fields, and server fields in the spec") {
    auto d = api::compare_definition(
        R"({"id":"other","status":"ACTIVE","executionWindows":[{"days":["MON"],"start":"09:00","end":"16:00"}],)"
        R"("description":"new","excludeDates":[]})",
        *platform);
    REQUIRE(d);
    std::vector<std::string> fields;
    for (const auto& x : *d) fields.push_back(x.to_string());
    CHECK(fields ==
          std::vector<std::string>{
              R"(executionWindows[0].days: platform ["MON","TUE","WED","THU","FRI"], spec ["MON"])",
              "executionWindows[0].end: platform 17:00, spec 16:00",
              "description: platform (absent), spec new"});
  }
}
