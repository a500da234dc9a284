#include <cxsched/acd/compare.hpp>

#include <cxsched/util/json.hpp>

#include "acd/test_support.hpp"

using namespace cxsched;
using namespace cxsched::acd;
using namespace cxsched::acd::testing;

namespace {

rapidjson::Document parse(const std::string& text) {
  auto doc = util::parse_json(text, "test");
  REQUIRE(doc.has_value());
  return std::move(*doc);
}

SkillDefinition wanted() {
  auto m = map_text(spec_text(weekdays_9_to_5, "America/New_York", "2027-04-05T08:00:00-04:00",
                              "2027-04-30T21:00:00-04:00",
                              R"(, "dialerSettings": {"maxAttempts": 3, "retryInterval": 3600,
                                                      "dropRate": 0.025})"));
  REQUIRE(m.skill.has_value());
  return *m.skill;
}

// What the platform answers after cxsched wrote `d` (blocks as GET gives them).
SkillReadBack written(const SkillDefinition& d) {
  auto schedule = parse(schedule_settings_body(nullptr, d.week));
  auto general = parse(general_settings_body(nullptr, d));
  auto r = read_back(schedule["scheduleSettings"], general["generalSettings"],
                     notes_with_marker("east coast", d.marker));
  REQUIRE(r.has_value());
  return *r;
}

}  // namespace

TEST_CASE("a skill that holds the definition has no differences", "[acd][compare]") {
  const auto d = wanted();
  auto have = written(d);
  CHECK(differences(d, have).empty());
  have.week.is_scheduled = true;  // activate arms it: still the same definition
  have.week.days[0].start_min = 600;  // an idle day's times do not matter
  CHECK(differences(d, have).empty());
}

TEST_CASE("every difference is named with both values", "[acd][compare]") {
  const auto d = wanted();
  auto have = written(d);
  have.week.days[1].start_min = 10 * 60;
  have.maximum_attempts = 5;
  have.abandon_rate_threshold = 3.0;
  have.override_abandon_rate = false;
  have.marker.reset();
  auto diff = differences(d, have);
  REQUIRE(diff.size() == 5);
  CHECK(diff[0] == "schedule-settings monday: wanted 09:00-17:00, the skill has 10:00-17:00");
  CHECK(diff[1] == "maximumAttempts: wanted 3, the skill has 5");
  CHECK(diff[2] == "abandonRateThreshold: wanted 2.5, the skill has 3.0");
  CHECK(diff[3] == "overrideBusinessUnitAbandonRate: wanted true, the skill has false");
  CHECK_THAT(diff[4], Catch::StartsWith("notes: wanted 'cxsched:v1 start=2027-04-05T08:00:00-04:00") &&
                          Catch::EndsWith("the skill has 'no marker'"));
}

TEST_CASE("read-back takes the blocks as GET answers them", "[acd][compare]") {
  auto schedule = parse(R"({"isScheduled": false, "mondayIsActive": true,
      "mondayStartTime": "09:00:00", "mondayEndTime": "17:00:00"})");
  auto general = parse(R"({"maximumAttempts": 3, "minimumRetryMinutes": 60,
      "abandonRateThreshold": 2.5, "overrideBusinessUnitAbandonRate": true})");
  auto r = read_back(schedule, general, "");
  REQUIRE(r.has_value());
  CHECK(r->week.days[1] == SkillDay{true, 540, 1020});
  CHECK(r->maximum_attempts == 3);
  CHECK(r->abandon_rate_threshold == 2.5);
  CHECK(r->override_abandon_rate);
  CHECK_FALSE(r->marker.has_value());
  auto bad = read_back(schedule, general, "cxsched:v1 start=nonsense");
  REQUIRE_FALSE(bad.has_value());
  CHECK_THAT(bad.error().message, Catch::StartsWith("notes: "));
}
