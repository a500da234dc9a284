// AcdPlatform::advise on a fake transport: the existing skill's cadences and
// curfew read with one GET skills/{id}/parameters, a new skill's said to be
// unreadable yet, the abandon-rate threshold said beside abandonRateScope.
#include <cxsched/acd/platform.hpp>

#include "acd/api_rig.hpp"
#include "acd/test_support.hpp"

using namespace cxsched;
using namespace cxsched::acd;
using namespace cxsched::acd::testing;

namespace {

const char* kUnit = R"({"businessUnits":[{"businessUnitId":1,"businessUnitName":"Acme",)"
                    R"("defaultTimeZone":"Eastern Standard Time","enableSkillAbandonRate":true,)"
                    R"("abandonRateScope":2}]})";

struct AdviseRig : ApiRig {
  AcdPlatform platform{client, tokens, PlatformSettings{{kAuth, kApi, "v30.0"}, "", ""}};

  platform::Definition define(const std::string& extra = "") {
    const std::string text = spec_text(weekdays_9_to_5, "America/New_York",
                                       "2027-04-05T08:00:00-04:00", "2027-04-30T21:00:00-04:00",
                                       extra);
    schedule::SpecOptions options;
    auto parsed = schedule::parse_spec(text, "test.json", options);
    REQUIRE(parsed.schedule.has_value());
    auto defined = platform.define(text, *parsed.schedule);
    REQUIRE(defined);
    REQUIRE(defined->definition);
    return *defined->definition;
  }
};

platform::Campaign skill_31() {
  platform::Campaign c;
  c.id = "31";
  c.name = "Spring_Renewals_East";
  return c;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

}  // namespace

TEST_CASE("advise: the existing skill's cadences and curfew are read once and compared",
          "[acd][limits]") {
  AdviseRig rig;
  rig.sign_in();
  rig.answer("GET", "business-unit", 200, kUnit);
  const auto def = rig.define();
  rig.answer("GET", "skills/31/parameters", 200,
             R"({"skillName":"Spring_Renewals_East","cadenceSettings":{"cadences":[)"
             R"({"fieldName":"Work Phone","timeConstraints":[)"
             R"({"dayType":"Weekday","startTime":"10:00","endTime":"17:00"}]}]},)"
             R"("timeZoneSettings":[{"name":"Central Standard Time","startTime":"07:00",)"
             R"("endTime":"21:00","timeZoneActiveToCall":true,"overrideTime":true}]})");
  const auto existing = skill_31();
  auto advice = rig.platform.advise(def, &existing);
  REQUIRE(advice);
  const std::string text = joined(*advice);
  CHECK_THAT(text, Catch::Contains("skill 31 'Spring_Renewals_East': cadenceSettings.cadences[0] "
                                   "('Work Phone').timeConstraints: Weekday 10:00-17:00 is "
                                   "narrower than the window MON,TUE,WED,THU,FRI 09:00-17:00"));
  CHECK_THAT(text, Catch::Contains("skill 31 'Spring_Renewals_East': timeZoneSettings[0] "
                                   "('Central Standard Time'): overrideTime true with "
                                   "07:00-21:00, outside the calling hours 08:00-21:00"));
  CHECK(text.find("abandonRateThreshold") == std::string::npos);  // the spec sets no dropRate
  CHECK(rig.fake.count("GET", api("skills/31/parameters")) == 1);
  rig.fake.check_all_used();
}

TEST_CASE("advise: a new skill asks nothing and says its limits are read after create",
          "[acd][limits]") {
  AdviseRig rig;
  rig.sign_in();
  rig.answer("GET", "business-unit", 200, kUnit);
  const auto def = rig.define(R"(, "dialerSettings": {"dropRate": 0.025})");
  auto advice = rig.platform.advise(def, nullptr);
  REQUIRE(advice);
  REQUIRE(advice->size() == 2);
  CHECK((*advice)[0] ==
        "'Spring_Renewals_East': dialerSettings.dropRate is written as abandonRateThreshold "
        "2.5, CXone's \"Max percent of abandoned call allowed\", whose denominator is "
        "undocumented: 2.5 may not be 2.5 % of answered calls, the measure of the FTC's 3 % "
        "limit; the business unit's abandonRateScope is 2 (as the platform gives it)");
  CHECK_THAT((*advice)[1], Catch::StartsWith("a skill that does not exist yet has no cadences"));
  rig.fake.check_all_used();
}

TEST_CASE("advise: parameters that cannot be read are a warning, not a failure",
          "[acd][limits]") {
  AdviseRig rig;
  rig.sign_in();
  rig.answer("GET", "business-unit", 200, kUnit);
  const auto def = rig.define();
  rig.answer("GET", "skills/31/parameters", 404, R"({"error":"NotFound","errorDescription":)"
                                                  R"("Invalid skillId"})");
  const auto existing = skill_31();
  auto advice = rig.platform.advise(def, &existing);
  REQUIRE(advice);
  REQUIRE(advice->size() == 1);
  CHECK_THAT((*advice)[0], Catch::Contains("its parameters could not be read"));
  CHECK_THAT((*advice)[0], Catch::Contains("Invalid skillId"));
  rig.fake.check_all_used();
}
