// AcdPlatform on a fake transport: a spec defined as a skill, refusals
// before any write, a create whose PUT did not stick, activation's rules.
#include <cxsched/acd/platform.hpp>

#include "acd/api_rig.hpp"
#include "acd/test_support.hpp"

using namespace cxsched;
using namespace cxsched::acd;
using namespace cxsched::acd::testing;
using namespace std::chrono_literals;

namespace {

const char* kUnit = R"({"businessUnits":[{"businessUnitId":1,"businessUnitName":"Acme",)"
                    R"("defaultTimeZone":"Eastern Standard Time","enableSkillAbandonRate":true}]})";

const char* kScheduleBlock =
    R"({"isScheduled":false,"sundayIsActive":false,"mondayIsActive":true,"mondayStartTime":"09:00",)"
    R"("mondayEndTime":"17:00","tuesdayIsActive":false,"wednesdayIsActive":false,)"
    R"("thursdayIsActive":false,"fridayIsActive":false,"saturdayIsActive":false})";

schedule::Schedule checked(const std::string& text) {
  schedule::SpecOptions options;
  options.allow_outside_calling_hours = true;
  auto parsed = schedule::parse_spec(text, "test.json", options);
  REQUIRE(parsed.schedule.has_value());
  return *parsed.schedule;
}

struct PlatformRig : ApiRig {
  AcdPlatform platform{client, tokens, PlatformSettings{{kAuth, kApi, "v30.0"}, "", ""}};
};

const std::string kMonday = R"([{"days": ["MON"], "start": "09:00", "end": "17:00"}])";

}  // namespace

TEST_CASE("define: a spec becomes the skill and its blocks in the business unit's zone") {
  PlatformRig rig;
  rig.sign_in();
  rig.answer("GET", "business-unit", 200, kUnit);
  const std::string text = spec_text(kMonday);
  auto defined = rig.platform.define(text, checked(text));
  REQUIRE(defined);
  REQUIRE(defined->problems.empty());
  const auto& def = *defined->definition;
  CHECK(def.name == "Spring_Renewals_East");
  CHECK(def.key.empty());
  CHECK(def.body.find(R"("mondayStartTime":"09:00")") != std::string::npos);
  CHECK(def.preview.find("America/New_York (Windows zone 'Eastern Standard Time'") !=
        std::string::npos);
  CHECK_FALSE(def.not_applied.empty());  // routingSettings, campaignType
  rig.fake.check_all_used();
}

TEST_CASE("define: what a skill cannot hold is a problem, before any write") {
  PlatformRig rig;
  rig.sign_in();
  rig.answer("GET", "business-unit", 200, kUnit);
  const std::string text =
      spec_text(kMonday, "Europe/London", "2027-03-01T08:00:00Z", "2027-04-30T21:00:00+01:00");
  auto defined = rig.platform.define(text, checked(text));
  REQUIRE(defined);
  CHECK_FALSE(defined->definition);
  REQUIRE_FALSE(defined->problems.empty());
  CHECK(rig.fake.count("POST", api("skills")) == 0);
  rig.fake.check_all_used();
}

TEST_CASE("create: a value the platform did not keep is an error naming the skill and step") {
  PlatformRig rig;
  rig.sign_in();
  rig.answer("GET", "business-unit", 200, kUnit);
  rig.answer("GET", "skills?mediaTypeId=4&top=100&skip=0", 204);
  rig.answer("GET", "campaigns", 200,
             R"({"campaigns":[{"campaignId":1,"campaignName":"Default Campaign"}]})");
  rig.answer("POST", "skills", 200, R"({"skillsResults":[{"success":true,"skillId":31}]})");
  rig.answer("GET", "skills/31/parameters/retry-settings", 200,
             R"({"maximumAttempts":1,"minimumRetryMinutes":1})");
  rig.answer("PUT", "skills/31/parameters/retry-settings", 200);
  rig.answer("GET", "skills/31/parameters/general-settings", 200,
             R"({"aggressiveness":"3","maximumAttempts":3,"minimumRetryMinutes":60})");
  rig.answer("PUT", "skills/31/parameters/general-settings", 200);
  rig.answer("GET", "skills/31/parameters/schedule-settings", 200, R"({"isScheduled":false})");
  rig.answer("PUT", "skills/31/parameters/schedule-settings", 200);
  const std::string notes =
      "cxsched:v1 start=2027-04-05T08:00:00-04:00 end=2027-04-30T21:00:00-04:00 "
      "tz=America/New_York";
  rig.answer(
      "GET", "skills/31", 200,
      R"({"skillId":31,"skillName":"Spring_Renewals_East","mediaTypeId":4,"isOutbound":true,)"
      R"("outboundStrategy":"Personal Connection","notes":")" +
          notes + "\"}");
  rig.answer("GET", "skills/31/parameters/schedule-settings", 200, kScheduleBlock);
  // The platform kept a threshold of 5 where 2 was written.
  rig.answer(
      "GET", "skills/31/parameters/general-settings", 200,
      R"({"maximumAttempts":3,"minimumRetryMinutes":60,"abandonRateThreshold":5,"overrideBusinessUnitAbandonRate":true})");
  const std::string text = spec_text(
      kMonday, "America/New_York", "2027-04-05T08:00:00-04:00", "2027-04-30T21:00:00-04:00",
      R"(, "dialerSettings": {"maxAttempts": 3, "retryInterval": 3600, "dropRate": 0.02})");
  auto defined = rig.platform.define(text, checked(text));
  REQUIRE(defined);
  REQUIRE(defined->definition);
  auto made = rig.platform.create(*defined->definition);
  REQUIRE_FALSE(made);
  CHECK(made.error().message.find("was created (id 31) but not completed") != std::string::npos);
  CHECK(made.error().message.find("abandonRateThreshold: wanted 2") != std::string::npos);
  // The general-settings PUT wrote back what was read, and the retry values.
  const auto sent = rig.fake.sent();
  std::string general;
  for (const auto& s : sent)
    if (s.request.method == "PUT" && s.request.url.ends_with("general-settings"))
      general = s.request.body;
  CHECK(general.find(R"("aggressiveness":"3")") != std::string::npos);
  CHECK(general.find(R"("overrideBusinessUnitAbandonRate":true)") != std::string::npos);
  CHECK(rig.fake.count("POST", api("skills")) == 1);
  rig.fake.check_all_used();
}

TEST_CASE("activate: a running skill is already active; an ended one is refused") {
  PlatformRig rig;
  rig.sign_in();
  rig.answer("GET", "business-unit", 200, kUnit);
  const std::string skill =
      R"({"skillId":8,"skillName":"S","mediaTypeId":4,"isOutbound":true,"outboundStrategy":"Personal Connection",)";
  rig.answer("GET", "skills/8", 200, skill + R"("isRunning":true})");
  CHECK(rig.platform.activate("8") == platform::Activation::already_active);
  rig.answer(
      "GET", "skills/8", 200,
      skill +
          R"("notes":"cxsched:v1 start=2027-01-01T08:00:00-05:00 end=2027-02-01T08:00:00-05:00 tz=America/New_York"})");
  rig.answer("GET", "server-time", 200, R"({"ServerTime":"2027-04-05T12:00:00.000Z"})");
  auto ended = rig.platform.activate("8");
  REQUIRE_FALSE(ended);
  CHECK(ended.error().kind == ErrorKind::terminal_status);
  CHECK(ended.error().message.find("has passed") != std::string::npos);
  auto bad = rig.platform.activate("c-123");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().kind == ErrorKind::not_found);
  rig.fake.check_all_used();
}

TEST_CASE("report rows: dials without dialer time, and a row time without offset read as UTC and noted") {
  PlatformRig rig;
  rig.sign_in();
  using std::chrono::sys_days;
  const schedule::Seconds day{sys_days{std::chrono::year{2027} / 4 / 5}};
  rig.answer("GET",
             "wfm-data/skills/dialer-contacts?startDate=2027-04-05T00%3A00%3A00.000Z"
             "&endDate=2027-04-06T00%3A00%3A00.000Z&mediaTypeId=4",
             200,
             R"({"wfM_OB_StatsV9":[{"intervalStartDate":"2027-04-05T13:00:00.000","skillId":5,"dials":3},)"
             R"({"intervalStartDate":"2027-04-05T13:15:00.000Z","skillId":5,"dials":6}]})");
  platform::Campaign campaign;
  campaign.id = "5";
  auto rows = rig.platform.report_rows(campaign, {day, day + 24h});
  REQUIRE(rows);
  CHECK(rows->dial_proxies);
  REQUIRE(rows->rows.size() == 2);
  CHECK(rows->rows[0].interval.start == day + 13h);  // the bare time, read as UTC
  CHECK(rows->rows[0].get(report::Metric::calls_attempted) == 3.0);
  CHECK_FALSE(rows->rows[0].get(report::Metric::dialing_seconds));
  REQUIRE(rows->notes.size() == 1);
  CHECK(rows->notes[0] ==
        "1 of 2 dialer rows had an intervalStartDate without a UTC offset; they were read as UTC");
  rig.fake.check_all_used();
}
