#include <cxsched/acd/answers.hpp>

#include <catch2/catch.hpp>

#include <cxsched/util/json.hpp>

using namespace cxsched;
using namespace cxsched::acd;

namespace {

rapidjson::Document parse(const std::string& text) {
  auto doc = util::parse_json(text, "test");
  REQUIRE(doc.has_value());
  return std::move(*doc);
}

const char* skill = R"({"skillId": 11, "skillName": "Q3_Outreach", "mediaTypeId": 4,
  "isActive": true, "campaignId": 1, "notes": "n", "isOutbound": true,
  "outboundStrategy": "Personal Connection"})";

}  // namespace

TEST_CASE("a skill is read flat, wrapped or as a one-element array", "[acd][answers]") {
  for (const std::string& text : {std::string{skill}, "{\"skills\": [" + std::string{skill} + "]}",
                                  "[" + std::string{skill} + "]"}) {
    auto s = skill_from_json(parse(text));
    REQUIRE(s.has_value());
    CHECK(s->id == 11);
    CHECK(s->name == "Q3_Outreach");
    CHECK(s->personal_connection());
    CHECK_FALSE(s->is_running);  // absent means false
  }
  auto strings = skill_from_json(parse(R"({"skillId": "12", "mediaTypeId": "4",
      "isOutbound": "true", "outboundStrategy": "Personal Connection", "isRunning": true})"));
  REQUIRE(strings.has_value());
  CHECK(strings->id == 12);
  CHECK(strings->personal_connection());
  CHECK(strings->is_running);
  CHECK_FALSE(skill_from_json(parse(R"({"skills": []})")).has_value());
  CHECK_FALSE(skill_from_json(parse(R"({"skillName": "no id"})")).has_value());
}

TEST_CASE("a skill page gives rows, totalRecords and next", "[acd][answers]") {
  auto page = skill_page(parse(R"({"_links": {"self": "x", "next": "/skills?skip=2"},
      "totalRecords": "42", "skills": [)" + std::string{skill} + "]}"));
  REQUIRE(page.has_value());
  CHECK(page->skills.size() == 1);
  CHECK(page->total == 42);
  CHECK(page->next == "/skills?skip=2");
  auto last = skill_page(parse(R"({"_links": {"self": "x"}, "skills": []})"));
  REQUIRE(last.has_value());
  CHECK_FALSE(last->next.has_value());
  CHECK_FALSE(last->total.has_value());
  CHECK_FALSE(skill_page(parse(R"({"entities": []})")).has_value());
}

TEST_CASE("a create result is read at the top or under resultSet", "[acd][answers]") {
  auto ok = create_result(parse(R"({"errorCount": 0, "skillsResults": [{"success": true,
      "skillId": 77}]})"));
  REQUIRE(ok.has_value());
  CHECK(ok->success);
  CHECK(ok->skill_id == 77);
  auto no_id = create_result(parse(R"({"resultSet": {"errorCount": 0,
      "skillsResults": [{"success": true}]}})"));
  REQUIRE(no_id.has_value());
  CHECK(no_id->success);
  CHECK_FALSE(no_id->skill_id.has_value());
  auto by_id = create_result(parse(R"({"skillsResults": [{"success": true, "id": "78"}]})"));
  CHECK(by_id->skill_id == 78);
  auto refused = create_result(parse(R"({"errorCount": 1, "skillsResults": [{"success": false,
      "error": "Skill name in use"}]})"));
  REQUIRE(refused.has_value());
  CHECK_FALSE(refused->success);
  CHECK(refused->error == "Skill name in use");
  CHECK_FALSE(create_result(parse(R"({"errorCount": 0})")).has_value());
}

TEST_CASE("the campaign of new skills", "[acd][answers]") {
  auto sw = parse(R"({"campaigns": [{"campaignId": 1, "campaignName": "Default Campaign"},
      {"campaignId": 2, "campaignName": "Q3"}]})");
  CHECK(pick_campaign(sw, std::nullopt) == 1);
  CHECK(pick_campaign(sw, 2) == 2);
  auto missing = pick_campaign(sw, 3);
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().kind == ErrorKind::usage);
  CHECK_THAT(missing.error().message, Catch::Contains("acd.campaign_id"));
  auto cj = parse(R"({"campaigns": [{"id": "5", "name": "Default Campaign - BU 46"}]})");
  CHECK(pick_campaign(cj, std::nullopt) == 5);
  auto none = pick_campaign(parse(R"({"campaigns": [{"id": 9, "name": "Other"}]})"), std::nullopt);
  REQUIRE_FALSE(none.has_value());
  CHECK_THAT(none.error().message, Catch::Contains("acd.campaign_id"));
}

TEST_CASE("dialer rows come under either key; a time without offset is flagged", "[acd][answers]") {
  for (const char* key : {"wfM_OB_StatsV9", "outboundStats"}) {
    auto rows = dialer_rows(parse(std::string{"{\""} + key + R"(": [
        {"intervalStartDate": "2024-09-09T13:00:00.000Z", "skillId": 11, "mediaTypeId": 4,
         "dials": 120, "connects": 41, "connectsAHT": 95.2, "rightPartyConnects": 33,
         "abandons": 1},
        {"intervalStartDate": "2024-09-09T13:15:00", "skillId": "11", "dials": 3}]})"));
    REQUIRE(rows.has_value());
    REQUIRE(rows->size() == 2);
    CHECK((*rows)[0].interval_start.time_since_epoch().count() == 1725886800);
    CHECK((*rows)[0].dials == 120);
    CHECK((*rows)[0].abandons == 1);
    CHECK_FALSE((*rows)[0].without_offset);
    CHECK((*rows)[1].without_offset);
    CHECK((*rows)[1].interval_start.time_since_epoch().count() == 1725886800 + 900);
  }
  CHECK_FALSE(dialer_rows(parse(R"({"rows": []})")).has_value());
}

TEST_CASE("error messages from the bodies CXone sends", "[acd][answers]") {
  CHECK(error_message(R"({"error": "InvalidParameter", "errorDescription": "Invalid skillId"})", "") ==
        "InvalidParameter: Invalid skillId");
  CHECK(error_message(R"({"error": "x", "error_Description": "y"})", "") == "x: y");
  CHECK(error_message(R"({"message": "Skill name in use"})", "") == "Skill name in use");
  CHECK(error_message(R"({"error": "Unauthorized"})", "") == "Unauthorized");
  CHECK(error_message("", "Invalid state. Cannot start skill") ==
        "Invalid state. Cannot start skill");
  CHECK(error_message("No known way to render data", "") == "No known way to render data");
}
