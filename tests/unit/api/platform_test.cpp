// The campaigns API seen through platform::Platform, as ops sees it.
#include <catch2/catch.hpp>
#include <cxsched/api/campaigns_platform.hpp>
#include <cxsched/api/definition.hpp>
#include <cxsched/schedule/spec.hpp>
#include <cxsched/util/json.hpp>
#include <string>
#include <vector>

#include "api/fake_platform.hpp"

using namespace cxsched;
using platform::Creation;

namespace {

constexpr const char* kSpec =
    R"({"name":"Promo","campaignType":"PREDICTIVE","timezone":"America/New_York",)"
    R"("startDate":"2027-02-01T08:00:00-05:00","endDate":"2027-02-26T18:00:00-05:00",)"
    R"("executionWindows":[{"days":["MON","TUE","WED","THU","FRI"],"start":"09:00","end":"17:00"}],)"
    R"("routingSettings":{"queueId":"q1"}})";

std::string campaign_json(const std::string& id, const std::string& name, const std::string& status,
                          const std::string& zone = "America/New_York") {
  return R"({"id":")" + id + R"(","name":")" + name + R"(","status":")" + status +
         R"(","campaignType":"PREDICTIVE","timezone":")" + zone +
         R"(","startDate":"2027-02-01T13:00:00Z","endDate":"2027-02-26T23:00:00Z",)"
         R"("executionWindows":[{"days":["MON","TUE","WED","THU","FRI"],"start":"09:00","end":"17:00"}],)"
         R"("routingSettings":{"queueId":"q1"}})";
}

std::string list_body(const std::vector<std::string>& campaigns) {
  std::string s = R"({"entities":[)";
  for (std::size_t i = 0; i < campaigns.size(); ++i) s += (i ? "," : "") + campaigns[i];
  return s + R"(],"pageNumber":1,"pageCount":1})";
}

struct Fixture : api::testing::FakePlatform {
  Fixture() : FakePlatform(util::Millis{10 * 60 * 1000}, 3) {}

  platform::Platform& through() { return platform; }

  platform::Definition definition() {
    auto p = schedule::parse_spec(kSpec, "promo.json", {});
    REQUIRE(p.schedule);
    auto d = through().define(kSpec, *p.schedule);
    REQUIRE(d);
    REQUIRE(d->problems.empty());
    REQUIRE(d->definition);
    return *d->definition;
  }
};

}  // namespace

TEST_CASE("The campaigns platform is named and defines a spec without asking the network") {
  Fixture f;
  CHECK(f.through().name() == "campaigns");
  auto d = f.definition();
  CHECK(d.name == "Promo");
  CHECK(d.body == *api::campaign_payload(kSpec, *schedule::parse_spec(kSpec, "p", {}).schedule));
  CHECK(d.key == *api::idempotency_key(d.body));
  CHECK(f.through().activated_statuses() == std::vector<std::string>{"ACTIVE"});
  CHECK(f.transport.sent().empty());
}

TEST_CASE("The campaigns platform's create says how the campaign was found") {
  Fixture f;
  const auto d = f.definition();
  SECTION("made by our POST, with the key of the body") {
    f.transport.respond("POST", "/api/v2/campaigns", 201, campaign_json("c-1", "Promo", "DRAFT"));
    auto c = f.through().create(d);
    REQUIRE(c);
    CHECK(c->how == Creation::made);
    CHECK(c->campaign.id == "c-1");
    const auto sent = f.transport.sent();
    bool keyed = false;
    for (const auto& s : sent)
      for (const auto& [k, v] : s.request.headers)
        keyed = keyed || (k == "Idempotency-Key" && v == d.key);
    CHECK(keyed);
  }
  SECTION("a replayed answer to a first POST: another run's") {
    f.transport.respond("POST", "/api/v2/campaigns", 201, campaign_json("c-1", "Promo", "DRAFT"),
                        {{"Idempotent-Replayed", "true"}});
    auto c = f.through().create(d);
    REQUIRE(c);
    CHECK(c->how == Creation::found_existing);
  }
  SECTION("a 409 to a first POST: looked up by its id, another run's") {
    f.transport.respond("POST", "/api/v2/campaigns", 409,
                        R"({"code":"duplicate_name","message":"exists","existingId":"c-7"})");
    f.transport.respond("GET", "/api/v2/campaigns/c-7", 200,
                        campaign_json("c-7", "Promo", "DRAFT"));
    auto c = f.through().create(d);
    REQUIRE(c);
    CHECK(c->how == Creation::found_existing);
    CHECK(c->campaign.id == "c-7");
  }
  SECTION("a lost answer, then found by name: ours, to be compared") {
    f.transport.respond_error("POST", "/api/v2/campaigns",
                              Error{ErrorKind::unavailable, "Empty reply from server"});
    f.transport.respond("GET", "/api/v2/campaigns", 200,
                        list_body({campaign_json("c-9", "Promo", "DRAFT")}));
    auto c = f.through().create(d);
    REQUIRE(c);
    CHECK(c->how == Creation::found_after_write);
    CHECK(c->campaign.id == "c-9");
  }
  SECTION("a refusal is the platform's error, not retried") {
    f.transport.respond("POST", "/api/v2/campaigns", 400,
                        R"({"message":"bad","details":[{"field":"name","message":"taken"}]})");
    auto c = f.through().create(d);
    REQUIRE_FALSE(c);
    CHECK(c.error().kind == ErrorKind::invalid_spec);
    CHECK_THAT(c.error().message, Catch::Contains("name: taken"));
  }
  f.transport.check_all_used();
}

TEST_CASE("Listed campaigns occupy time only in a blocking status, and are copied only when kept") {
  Fixture f;
  f.transport.respond(
      "GET", "/api/v2/campaigns", 200,
      list_body({campaign_json("c-1", "Busy", "ACTIVE"), campaign_json("c-2", "Idle", "DRAFT"),
                 campaign_json("c-3", "Broken", "SCHEDULED", "Mars/Olympus")}));
  std::vector<std::string> seen, occupying, unreadable;
  std::vector<platform::Campaign> kept;
  auto stats = f.through().for_each_campaign({}, [&](const platform::Listed& c) -> Result<void> {
    seen.emplace_back(c.id());
    auto o = c.occupied();
    if (!o) {
      CHECK(o.error().kind == ErrorKind::invalid_spec);
      unreadable.emplace_back(c.id());
    } else if (*o) {
      CHECK((*o)->id == c.id());
      CHECK((*o)->status == c.status());
      CHECK((*o)->windows.size() == 1);
      occupying.emplace_back(c.id());
    }
    if (c.name() == "Busy") {
      auto k = c.keep();
      REQUIRE(k);
      kept.push_back(std::move(*k));
    }
    return {};
  });
  REQUIRE(stats);
  CHECK(stats->campaigns == 3);
  CHECK(seen == std::vector<std::string>{"c-1", "c-2", "c-3"});
  CHECK(occupying == std::vector<std::string>{"c-1"});
  CHECK(unreadable == std::vector<std::string>{"c-3"});
  REQUIRE(kept.size() == 1);
  CHECK(kept[0].zone == "America/New_York");
  CHECK(kept[0].queue_id == "q1");
  CHECK(kept[0].campaign_type == "PREDICTIVE");
  CHECK(kept[0].start_date == "2027-02-01T13:00:00Z");
  auto s = f.through().schedule_of(kept[0]);
  REQUIRE(s);
  CHECK(s->zone->name() == "America/New_York");
}

TEST_CASE("Report rows: one analytics query per 31 days on the PT15M grid") {
  Fixture f;
  auto c = api::campaign_from_json(*util::parse_json(campaign_json("c-1", "P", "ACTIVE"), "c"));
  REQUIRE(c);
  const std::string answer =
      R"({"results":[{"group":{"timeInterval":"2027-02-01T14:00:00Z/2027-02-01T14:15:00Z"},)"
      R"("data":[{"name":"callsAttempted","value":4}]}]})";
  const auto from = schedule::Seconds{date::sys_days{date::year{2027} / 1 / 1}};
  SECTION("40 days: two queries, rows merged, progress told") {
    f.transport.respond("POST", "/api/v2/analytics/campaigns/details/query", 200, answer);
    f.transport.respond("POST", "/api/v2/analytics/campaigns/details/query", 200, answer);
    std::vector<std::pair<int, int>> told;
    auto rows =
        f.through().report_rows(*c, {from, from + date::days{40}},
                                [&](int piece, int pieces) { told.emplace_back(piece, pieces); });
    REQUIRE(rows);
    CHECK(rows->queries == 2);
    CHECK(rows->grid == report::Granularity::pt15m);
    CHECK(rows->rows.size() == 2);
    CHECK(told == std::vector<std::pair<int, int>>{{1, 2}, {2, 2}});
  }
  SECTION("an empty range: no query") {
    auto rows = f.through().report_rows(*c, {from, from}, {});
    REQUIRE(rows);
    CHECK(rows->queries == 0);
    CHECK(rows->rows.empty());
  }
  f.transport.check_all_used();
}

TEST_CASE("Identity names the platform, the endpoint, the client and the token") {
  Fixture f;
  auto id = f.through().identity();
  REQUIRE(id);
  CHECK(id->platform == "campaigns");
  CHECK(id->endpoint == api::testing::kFakeBase);
  CHECK(id->principal == "demo-client");
  REQUIRE(id->token_expires);
  CHECK_FALSE(id->token_from_cache);
  REQUIRE(id->facts.size() == 1);
  CHECK(id->facts[0] ==
        std::pair<std::string, std::string>{"scopes", "campaign:read campaign:write"});
}
