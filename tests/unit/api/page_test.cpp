// List pages read with simdjson (api/page.cpp): a kept campaign is the
// object as the platform wrote it, the cheap fields and stretch of each
// listed campaign, and pages refused as the project's JSON reader refuses
// them, in its words.
#include <cxsched/api/campaigns.hpp>
#include <cxsched/util/json.hpp>

#include "api/fake_platform.hpp"

#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

using namespace cxsched;

namespace {

const std::string kPath = "/api/v2/campaigns?pageSize=500&pageNumber=1";

std::string one_page(const std::string& entities) {
  return R"({"entities":[)" + entities + R"(],"pageSize":500,"pageNumber":1,"pageCount":1})";
}

struct Seen {
  std::string id, name, status;
  std::optional<platform::Stretch> stretch;
};

Result<std::vector<Seen>> listed(api::testing::FakePlatform& f) {
  std::vector<Seen> out;
  auto stats = f.api.for_each_campaign({}, [&](const platform::Listed& c) -> Result<void> {
    out.push_back({std::string(c.id()), std::string(c.name()), std::string(c.status()),
                   c.blocking_stretch()});
    return {};
  });
  if (!stats) return std::unexpected(stats.error());
  return out;
}

}  // namespace

TEST_CASE("a kept campaign is the object as the platform wrote it, every JSON type") {
  const std::string object =
      R"({"id":"c1","name":"N\u00e9 \"q\"\n","status":"ACTIVE","neg":-5,"big":18446744073709551615,)"
      R"("i64":-9223372036854775808,"d":1.5,"e":1e2,"t":true,"f":false,"z":null,)"
      R"("a":[1,[2,{"x":"y"}],[]],"o":{},"nul":"a\u0000b","dup":1,"dup":2})";
  api::testing::FakePlatform f;
  f.transport.respond("GET", kPath, 200, one_page(object));
  auto all = f.api.list();
  REQUIRE(all);
  REQUIRE(all->size() == 1);
  auto expected = util::read_json(object);
  REQUIRE(expected);
  CHECK(util::to_json(*all->front().object) == util::to_json(*expected));
  CHECK(all->front().name == "N\u00e9 \"q\"\n");
}

TEST_CASE("each listed campaign gives id, name, status and, when it blocks, its stretch") {
  api::testing::FakePlatform f;
  f.transport.respond(
      "GET", kPath, 200,
      one_page(R"({"id":"a","name":"A","status":"ACTIVE","startDate":"2027-01-04T08:00:00-05:00",)"
               R"("endDate":"2027-01-08T18:00:00Z"},)"
               R"({"status":"SCHEDULED","name":"B","id":"b","id":"ignored",)"
               R"("startDate":"2027-01-04T08:00:00","endDate":"2027-01-08T18:00:00Z"},)"
               R"({"id":"c","name":7,"status":"COMPLETED","startDate":"2027-01-04T08:00:00Z",)"
               R"("endDate":"2027-01-08T18:00:00Z"})"));
  auto seen = listed(f);
  REQUIRE(seen);
  REQUIRE(seen->size() == 3);
  const auto& a = (*seen)[0];
  CHECK(a.id == "a");
  CHECK(a.name == "A");
  REQUIRE(a.stretch);
  CHECK(a.stretch->start.time_since_epoch().count() == 1799067600);  // 2027-01-04T13:00:00Z
  CHECK(a.stretch->end.time_since_epoch().count() == 1799431200);    // 2027-01-08T18:00:00Z
  // The first of a repeated key; a date without offset is read in the
  // campaign's zone, which only its schedule says: no stretch.
  CHECK((*seen)[1].id == "b");
  CHECK_FALSE((*seen)[1].stretch);
  // A status that blocks nothing has no stretch; a name that is not a
  // string reads as empty.
  CHECK((*seen)[2].name.empty());
  CHECK_FALSE((*seen)[2].stretch);
}

TEST_CASE("a page is refused as the project's JSON reader refuses it, in its words") {
  api::testing::FakePlatform f;
  const auto error_of = [&](const std::string& body) {
    f.transport.respond("GET", kPath, 200, body);
    auto all = f.api.list();
    REQUIRE_FALSE(all);
    CHECK(all.error().kind == ErrorKind::internal);
    return all.error().message;
  };
  // A page whose deepest array is at `depth` (page, entities, campaign, ...).
  const auto nested = [](int depth) {
    return one_page(R"({"id":"c","x":)" + std::string(depth - 3, '[') + std::string(depth - 3, ']') +
                    "}");
  };
  SECTION("a literal that is not one, in a field nobody reads") {
    const auto message = error_of(one_page(R"({"id":"c","x":tru})"));
    INFO(message);
    CHECK(message.find("not valid JSON at line 1, column 31: Invalid value.") != std::string::npos);
  }
  SECTION("invalid UTF-8 in a field nobody reads") {
    CHECK(error_of(one_page("{\"id\":\"c\",\"x\":\"\xC3\x28\"}")).find("not valid JSON") !=
          std::string::npos);
  }
  SECTION("a raw control character in a string") {
    CHECK(error_of(one_page("{\"id\":\"c\",\"x\":\"a\x1F\"}")).find("not valid JSON") !=
          std::string::npos);
  }
  SECTION("nested deeper than the limit; the limit itself is read") {
    CHECK(error_of(nested(static_cast<int>(util::kMaxJsonDepth) + 1))
              .find("nested deeper than 64 levels") != std::string::npos);
    f.transport.respond("GET", kPath, 200, nested(static_cast<int>(util::kMaxJsonDepth)));
    CHECK(f.api.list());
  }
  SECTION("trailing content and an empty body") {
    CHECK(error_of(one_page(R"({"id":"c"})") + "x").find("not valid JSON") != std::string::npos);
    CHECK(error_of("").find("empty body") != std::string::npos);
  }
  SECTION("entities that are not campaigns") {
    CHECK(error_of(one_page("1")).find("entity 1: a campaign is not a JSON object") !=
          std::string::npos);
    CHECK(error_of(one_page(R"({"id":""})")).find("entity 1: a campaign has no \"id\"") !=
          std::string::npos);
    CHECK(error_of(R"({"entities":{}})").find("no \"entities\" array") != std::string::npos);
  }
}
