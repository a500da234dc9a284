// AdminApi's skills: every page, one skill, the create protocol, blocks,
// start, and the dialer rows.
#include <cxsched/util/json.hpp>

#include "acd/api_rig.hpp"

using namespace cxsched;
using namespace cxsched::acd;
using namespace cxsched::acd::testing;
using namespace std::chrono_literals;

namespace {

std::string skill_json(long id, const std::string& name, bool running = false) {
  return R"({"skillId":)" + std::to_string(id) + R"(,"skillName":")" + name +
         R"(","mediaTypeId":4,"isActive":true,"isOutbound":true,)"
         R"("outboundStrategy":"Personal Connection","notes":"")" +
         (running ? R"(,"isRunning":true)" : "") + "}";
}

std::string page(const std::vector<std::string>& rows, const std::string& total,
                 const std::string& next = "") {
  std::string body = R"({"_links":{"self":"x")" +
                     (next.empty() ? std::string() : R"(,"next":")" + next + "\"") +
                     R"(},"totalRecords":)" + total + R"(,"skills":[)";
  for (std::size_t i = 0; i < rows.size(); ++i) body += (i ? "," : "") + rows[i];
  return body + "]}";
}

}  // namespace

TEST_CASE("The skill list is read over every page, whatever the shape of next") {
  ApiRig rig;
  rig.sign_in();
  std::vector<long> ids;
  const auto collect = [&](const SkillRow& s) -> Result<void> {
    ids.push_back(s.id);
    return {};
  };
  SECTION("_links.next as a URL, then as a path; totalRecords as a string") {
    rig.fake.respond("GET", api("skills?mediaTypeId=4&top=2&skip=0"), 200,
                     page({skill_json(1, "a"), skill_json(2, "b")}, "\"5\"",
                          std::string(kApi) + api("skills/next1")));
    rig.fake.respond("GET", api("skills/next1"), 200,
                     page({skill_json(3, "c"), skill_json(4, "d")}, "\"5\"",
                          "/inContactAPI/services/v30.0/skills/next2"));
    rig.fake.respond("GET", api("skills/next2"), 200, page({skill_json(5, "e")}, "\"5\""));
    auto pages = rig.admin->for_each_skill(collect, 2);
    REQUIRE(pages);
    CHECK(*pages == 3);
  }
  SECTION("no next: skip advances by the rows received until a short page") {
    rig.answer("GET", "skills?mediaTypeId=4&top=2&skip=0", 200,
               page({skill_json(1, "a"), skill_json(2, "b")}, "null"));
    rig.answer("GET", "skills?mediaTypeId=4&top=2&skip=2", 200,
               page({skill_json(3, "c"), skill_json(4, "d")}, "null"));
    rig.answer("GET", "skills?mediaTypeId=4&top=2&skip=4", 200, page({skill_json(5, "e")}, "null"));
    REQUIRE(rig.admin->for_each_skill(collect, 2) == 3);
  }
  SECTION("a 204 page ends the list") {
    rig.answer("GET", "skills?mediaTypeId=4&top=2&skip=0", 200,
               page({skill_json(1, "a"), skill_json(2, "b")}, "null"));
    rig.answer("GET", "skills?mediaTypeId=4&top=2&skip=2", 200,
               page({skill_json(3, "c"), skill_json(4, "d")}, "null"));
    rig.answer("GET", "skills?mediaTypeId=4&top=2&skip=4", 200,
               page({skill_json(5, "e"), skill_json(6, "f")}, "null"));
    rig.answer("GET", "skills?mediaTypeId=4&top=2&skip=6", 204);
    REQUIRE(rig.admin->for_each_skill(collect, 2) == 4);
    ids.pop_back();  // 6
  }
  SECTION("a link to another host is not followed (the token would go with it)") {
    rig.answer("GET", "skills?mediaTypeId=4&top=2&skip=0", 200,
               page({skill_json(1, "a"), skill_json(2, "b")}, "5",
                    "https://elsewhere.example/inContactAPI/services/v30.0/skills?skip=2"));
    rig.answer("GET", "skills?mediaTypeId=4&top=2&skip=2", 200,
               page({skill_json(3, "c"), skill_json(4, "d")}, "5"));
    rig.answer("GET", "skills?mediaTypeId=4&top=2&skip=4", 200, page({skill_json(5, "e")}, "5"));
    REQUIRE(rig.admin->for_each_skill(collect, 2) == 3);
  }
  CHECK(ids == std::vector<long>{1, 2, 3, 4, 5});
  rig.fake.check_all_used();
}

TEST_CASE("204 on the first page is an empty list; top is at most 100") {
  ApiRig rig;
  rig.sign_in();
  rig.answer("GET", "skills?mediaTypeId=4&top=100&skip=0", 204);
  int seen = 0;
  auto pages = rig.admin->for_each_skill(
      [&](const SkillRow&) -> Result<void> {
        ++seen;
        return {};
      },
      500);
  REQUIRE(pages == 1);
  CHECK(seen == 0);
  rig.fake.check_all_used();
}

TEST_CASE("One skill, flat or wrapped; 404 is not found") {
  ApiRig rig;
  rig.sign_in();
  rig.answer("GET", "skills/11", 200, skill_json(11, "Q3", true));
  rig.answer("GET", "skills/11", 200, "{\"skills\":[" + skill_json(11, "Q3") + "]}");
  rig.answer("GET", "skills/12", 404, R"({"error":"Invalid skillId"})");
  auto flat = rig.admin->skill(11);
  REQUIRE(flat);
  CHECK(flat->is_running);
  auto wrapped = rig.admin->skill(11);
  REQUIRE(wrapped);
  CHECK(wrapped->name == "Q3");
  CHECK_FALSE(wrapped->is_running);  // absent: false
  auto missing = rig.admin->skill(12);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().kind == ErrorKind::not_found);
  CHECK(missing.error().message.find("Invalid skillId") != std::string::npos);
  rig.fake.check_all_used();
}

TEST_CASE("find_skill: the exact name; one equal but for case is refused") {
  ApiRig rig;
  rig.sign_in();
  rig.answer("GET", "skills?mediaTypeId=4&top=100&skip=0", 200,
             page({skill_json(1, "Q3_Outreach"), skill_json(2, "Other")}, "2"));
  rig.answer("GET", "skills?mediaTypeId=4&top=100&skip=0", 200,
             page({skill_json(1, "Q3_Outreach"), skill_json(2, "Other")}, "2"));
  CHECK(rig.admin->find_skill("Other").value()->id == 2);
  auto clash = rig.admin->find_skill("q3_outreach");
  REQUIRE_FALSE(clash);
  CHECK(clash.error().kind == ErrorKind::conflict);
  rig.fake.check_all_used();
}

TEST_CASE("create: the contract's batch POST; the id from the answer, wrapped or not") {
  ApiRig rig;
  rig.sign_in();
  const std::string answer = GENERATE(
      std::string(R"({"errorCount":0,"skillsResults":[{"success":true,"skillId":42}]})"),
      std::string(
          R"({"resultSet":{"errorCount":0,"skillsResults":[{"success":true,"skillId":"42"}]}})"),
      std::string(R"({"skillsResults":[{"success":true,"id":42}]})"));
  rig.answer("POST", "skills", 200, answer);
  auto made = rig.admin->create_skill("Q3_Outreach", 1, "cxsched:v1 x");
  REQUIRE(made);
  CHECK(made->skill_id == 42);
  CHECK(made->id_in_answer);
  const auto req = rig.fake.sent().back().request;
  auto body = util::parse_json(req.body, "body");
  REQUIRE(body);
  const auto& item = (*body)["skills"][0];
  CHECK(item["mediaTypeId"].GetInt() == 4);
  CHECK(std::string(item["skillName"].GetString()) == "Q3_Outreach");
  CHECK(item["isOutbound"].GetBool());
  CHECK(std::string(item["outboundStrategy"].GetString()) == "Personal Connection");
  CHECK(item["campaignId"].GetInt() == 1);
  CHECK(std::string(item["notes"].GetString()) == "cxsched:v1 x");
  rig.fake.check_all_used();
}

TEST_CASE("create: 200 with a per-item failure is a rejection with the platform's error") {
  ApiRig rig;
  rig.sign_in();
  rig.answer("POST", "skills", 200,
             R"({"errorCount":1,"skillsResults":[{"success":false,"error":"Skill name in use"}]})");
  auto made = rig.admin->create_skill("Q3", 1, "");
  REQUIRE_FALSE(made);
  CHECK(made.error().kind == ErrorKind::invalid_spec);
  CHECK(made.error().message == "the platform refused skill 'Q3': Skill name in use");
  CHECK(rig.fake.count("POST", api("skills")) == 1);
  rig.fake.check_all_used();
}

TEST_CASE("create without a skillId finds the skill by name, waiting while it lags the list") {
  ApiRig rig;
  rig.sign_in();
  rig.answer("POST", "skills", 200, R"({"errorCount":0,"skillsResults":[{"success":true}]})");
  rig.answer("GET", "skills?mediaTypeId=4&top=100&skip=0", 204);
  rig.answer("GET", "skills?mediaTypeId=4&top=100&skip=0", 200, page({skill_json(77, "Q3")}, "1"));
  auto made = rig.admin->create_skill("Q3", 1, "");
  REQUIRE(made);
  CHECK(made->skill_id == 77);
  CHECK_FALSE(made->id_in_answer);
  CHECK(rig.clock.slept() == 2500ms);
  CHECK(rig.fake.count("POST", api("skills")) == 1);
  rig.fake.check_all_used();
}

TEST_CASE("create after a lost answer looks before it POSTs again") {
  ApiRig rig;
  rig.sign_in();
  rig.answer("POST", "skills", 502);  // may have been acted on: not retried by the client
  SECTION("the skill is there: no second POST") {
    rig.answer("GET", "skills?mediaTypeId=4&top=100&skip=0", 204);
    rig.answer("GET", "skills?mediaTypeId=4&top=100&skip=0", 200, page({skill_json(9, "Q3")}, "1"));
    auto made = rig.admin->create_skill("Q3", 1, "");
    REQUIRE(made);
    CHECK(made->skill_id == 9);
    CHECK(made->after_lost_answer);
    CHECK(rig.fake.count("POST", api("skills")) == 1);
  }
  SECTION("certainly absent: POSTed once more") {
    rig.answer("GET", "skills?mediaTypeId=4&top=100&skip=0", 204);
    rig.answer("GET", "skills?mediaTypeId=4&top=100&skip=0", 204);
    rig.answer("POST", "skills", 200, R"({"skillsResults":[{"success":true,"skillId":10}]})");
    auto made = rig.admin->create_skill("Q3", 1, "");
    REQUIRE(made);
    CHECK(made->skill_id == 10);
    CHECK(made->after_lost_answer);
    CHECK(rig.fake.count("POST", api("skills")) == 2);
  }
  rig.fake.check_all_used();
}

TEST_CASE("Blocks: GET flat, PUT as given; a refused PUT carries the platform's message") {
  ApiRig rig;
  rig.sign_in();
  rig.answer("GET", "skills/5/parameters/schedule-settings", 200, R"({"isScheduled":false})");
  rig.answer("PUT", "skills/5/parameters/schedule-settings", 200);
  rig.answer("PUT", "skills/5/parameters/schedule-settings", 400,
             R"({"error":"InvalidParameter","errorDescription":"sundayIsActive must be true"})");
  auto b = rig.admin->block(5, "schedule-settings");
  REQUIRE(b);
  CHECK((*b)["isScheduled"].GetBool() == false);
  REQUIRE(rig.admin->put_block(5, "schedule-settings", R"({"scheduleSettings":{}})"));
  CHECK(rig.fake.sent().back().request.body == R"({"scheduleSettings":{}})");
  auto refused = rig.admin->put_block(5, "schedule-settings", "{}");
  REQUIRE_FALSE(refused);
  CHECK(refused.error().kind == ErrorKind::invalid_spec);
  CHECK(refused.error().message.find("InvalidParameter: sundayIsActive must be true") !=
        std::string::npos);
  rig.fake.check_all_used();
}

TEST_CASE("start: 202 accepted; 409 is success only while running") {
  ApiRig rig;
  rig.sign_in();
  rig.answer("POST", "skills/5/start", 202);
  CHECK(rig.admin->start(5) == StartOutcome::accepted);
  rig.answer("POST", "skills/5/start", 409, R"({"error":"Invalid state. Cannot start skill"})");
  rig.answer("GET", "skills/5", 200, skill_json(5, "Q3", true));
  CHECK(rig.admin->start(5) == StartOutcome::already_running);
  rig.answer("POST", "skills/5/start", 409, R"({"error":"Invalid state. Cannot start skill"})");
  rig.answer("GET", "skills/5", 200, skill_json(5, "Q3", false));
  auto refused = rig.admin->start(5);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().kind == ErrorKind::terminal_status);
  CHECK(refused.error().message.find("Cannot start skill") != std::string::npos);
  CHECK(rig.fake.sent().back().request.body.empty());
  rig.fake.check_all_used();
}

TEST_CASE("Dialer rows: one UTC day per request, either array key, 204 as none") {
  ApiRig rig;
  rig.sign_in();
  using std::chrono::sys_days;
  const schedule::Seconds start{sys_days{std::chrono::year{2027} / 4 / 5} + 18h};
  const schedule::Interval range{start, start + 48h};  // 5 Apr 18:00 .. 7 Apr 18:00
  rig.fake.respond(
      "GET",
      api("wfm-data/skills/dialer-contacts?startDate=2027-04-05T18%3A00%3A00.000Z"
          "&endDate=2027-04-06T00%3A00%3A00.000Z&mediaTypeId=4"),
      200,
      R"({"wfM_OB_StatsV9":[{"intervalStartDate":"2027-04-05T18:00:00.000Z","skillId":5,"dials":3,"connects":1,"abandons":0},)"
      R"({"intervalStartDate":"2027-04-05T18:00:00.000Z","skillId":6,"dials":99}]})");
  rig.fake.respond("GET",
                   api("wfm-data/skills/dialer-contacts?startDate=2027-04-06T00%3A00%3A00.000Z"
                       "&endDate=2027-04-07T00%3A00%3A00.000Z&mediaTypeId=4"),
                   204);
  rig.fake.respond(
      "GET",
      api("wfm-data/skills/dialer-contacts?startDate=2027-04-07T00%3A00%3A00.000Z"
          "&endDate=2027-04-07T18%3A00%3A00.000Z&mediaTypeId=4"),
      200,
      R"({"outboundStats":[{"intervalStartDate":"2027-04-07T09:15:00.000Z","skillId":"5","dials":"6","connects":2,"abandons":1}]})");
  std::vector<std::pair<int, int>> told;
  auto rows = rig.admin->dialer_rows(5, range, [&](int p, int n) { told.emplace_back(p, n); });
  REQUIRE(rows);
  REQUIRE(rows->size() == 2);
  CHECK((*rows)[0].dials == 3);
  CHECK((*rows)[1].dials == 6);
  CHECK((*rows)[1].abandons == 1);
  CHECK(told == std::vector<std::pair<int, int>>{{1, 3}, {2, 3}, {3, 3}});
  rig.fake.check_all_used();
}
