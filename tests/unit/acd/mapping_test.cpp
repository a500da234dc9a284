#include <cxsched/acd/skill.hpp>

#include "acd/test_support.hpp"

using namespace cxsched;
using namespace cxsched::acd;
using namespace cxsched::acd::testing;

TEST_CASE("a weekday spec in the business unit's zone becomes the skill's week", "[acd][mapping]") {
  auto m = map_text(spec_text(weekdays_9_to_5));
  REQUIRE(m.problems.empty());
  REQUIRE(m.skill.has_value());
  const auto& week = m.skill->week;
  CHECK_FALSE(week.is_scheduled);
  CHECK_FALSE(week.days[0].active);  // Sunday
  CHECK_FALSE(week.days[6].active);  // Saturday
  for (unsigned d = 1; d <= 5; ++d) CHECK(week.days[d] == SkillDay{true, 9 * 60, 17 * 60});
  CHECK(m.skill->skill_name == "Spring_Renewals_East");
  CHECK(marker_line(m.skill->marker) ==
        "cxsched:v1 start=2027-04-05T08:00:00-04:00 end=2027-04-30T21:00:00-04:00 "
        "tz=America/New_York");
  CHECK(m.skill->not_applied ==
        std::vector<std::string>{"campaignType", "routingSettings.queueId"});
}

TEST_CASE("a zone with the same offset from Z throughout is converted", "[acd][mapping]") {
  // Chicago is one hour behind New York within April: 09:00-17:00 Chicago is 10:00-18:00 in Z.
  auto m = map_text(spec_text(weekdays_9_to_5, "America/Chicago", "2027-04-05T08:00:00-05:00",
                              "2027-04-30T17:00:00-05:00"));
  REQUIRE(m.problems.empty());
  CHECK(m.skill->week.days[1] == SkillDay{true, 10 * 60, 18 * 60});
  CHECK(m.skill->marker.zone->name() == "America/Chicago");
  // Detroit keeps New York's rules, transitions included: copied across DST.
  auto detroit = map_text(spec_text(weekdays_9_to_5, "America/Detroit",
                                    "2027-01-04T08:00:00-05:00", "2027-12-20T17:00:00-05:00"));
  REQUIRE(detroit.problems.empty());
  CHECK(detroit.skill->week.days[5] == SkillDay{true, 9 * 60, 17 * 60});
}

TEST_CASE("the offset must hold at every instant, not only inside windows", "[acd][mapping]") {
  // Chicago and New York change one hour apart in UTC, so for that hour of 14
  // March the offset between them is two hours: refused, as the contract says.
  auto m = map_text(spec_text(weekdays_9_to_5, "America/Chicago", "2027-03-01T08:00:00-06:00",
                              "2027-03-31T17:00:00-05:00"));
  REQUIRE(m.problems.size() == 1);
  CHECK(m.problems[0].field == "timezone");
  CHECK_THAT(m.problems[0].message, Catch::Contains("-01:00 to -02:00"));
}

TEST_CASE("a zone whose offset from Z changes within the campaign is refused", "[acd][mapping]") {
  // New York springs forward on 14 March, London on 28 March 2027.
  auto m = map_text(spec_text(weekdays_9_to_5, "America/New_York", "2027-03-01T08:00:00-05:00",
                              "2027-04-30T21:00:00-04:00"),
                    "Europe/London");
  REQUIRE_FALSE(m.skill.has_value());
  REQUIRE(m.problems.size() == 1);
  CHECK(m.problems[0].field == "timezone");
  CHECK_THAT(m.problems[0].message, Catch::Contains("Europe/London") &&
                                        Catch::Contains("-05:00 to -04:00") &&
                                        Catch::Contains("2027-03-14"));
  // Inside one offset period the same pair of zones is fine: 14:00-22:00 London.
  auto ok = map_text(spec_text(weekdays_9_to_5, "America/New_York", "2027-04-05T08:00:00-04:00",
                               "2027-04-30T21:00:00-04:00"),
                     "Europe/London");
  REQUIRE(ok.problems.empty());
  CHECK(ok.skill->week.days[3] == SkillDay{true, 14 * 60, 22 * 60});
}

TEST_CASE("a window that leaves its day in Z is refused", "[acd][mapping]") {
  auto m = map_text(spec_text(R"([{"days": ["MON"], "start": "18:00", "end": "21:00"}])"),
                    "Europe/Berlin");
  REQUIRE(m.problems.size() == 1);
  CHECK(m.problems[0].field == "executionWindows[0]");
  CHECK_THAT(m.problems[0].message, Catch::Contains("leaves its day"));
}

TEST_CASE("two windows on one weekday are refused", "[acd][mapping]") {
  auto m = map_text(spec_text(R"([{"days": ["MON","TUE"], "start": "09:00", "end": "12:00"},
                                  {"days": ["TUE"], "start": "13:00", "end": "17:00"}])"));
  REQUIRE(m.problems.size() == 1);
  CHECK(m.problems[0].field == "executionWindows[1]");
  CHECK_THAT(m.problems[0].message, Catch::Contains("one window per weekday") &&
                                        Catch::Contains("TUE"));
}

TEST_CASE("no windows at all are refused", "[acd][mapping]") {
  auto m = map_text(spec_text("[]"));
  CHECK(first_field(m) == "executionWindows");
  CHECK_THAT(m.problems.at(0).message, Catch::Contains("around the clock"));
}

TEST_CASE("a window ending at 24:00 is refused", "[acd][mapping]") {
  auto m = map_text(spec_text(R"([{"days": ["SAT"], "start": "20:00", "end": "24:00"}])"));
  CHECK(first_field(m) == "executionWindows[0].end");
}

TEST_CASE("a window edge in a DST gap or fold of Z is refused", "[acd][mapping]") {
  // 14 March 2027 (a Sunday): 02:00-03:00 does not exist in New York.
  auto gap = map_text(spec_text(R"([{"days": ["SUN"], "start": "02:30", "end": "06:00"}])",
                                "America/New_York", "2027-03-01T08:00:00-05:00",
                                "2027-03-20T21:00:00-04:00"));
  REQUIRE(gap.problems.size() == 1);
  CHECK(gap.problems[0].field == "executionWindows[0].start");
  CHECK_THAT(gap.problems[0].message, Catch::Contains("2027-03-14T02:30") &&
                                          Catch::Contains("does not exist"));
  // 7 November 2027 (a Sunday): 01:00-02:00 happens twice.
  auto fold = map_text(spec_text(R"([{"days": ["SUN"], "start": "00:30", "end": "01:30"}])",
                                 "America/New_York", "2027-11-01T08:00:00-04:00",
                                 "2027-11-20T21:00:00-05:00"));
  REQUIRE(fold.problems.size() == 1);
  CHECK(fold.problems[0].field == "executionWindows[0].end");
  CHECK_THAT(fold.problems[0].message, Catch::Contains("happens twice"));
}

TEST_CASE("excludeDates cannot be held by a skill", "[acd][mapping]") {
  auto m = map_text(spec_text(weekdays_9_to_5, "America/New_York", "2027-04-05T08:00:00-04:00",
                              "2027-04-30T21:00:00-04:00", R"(, "excludeDates": ["2027-04-16"])"));
  CHECK(first_field(m) == "excludeDates");
}

TEST_CASE("skill names follow the platform's pattern and length", "[acd][mapping]") {
  auto long_name = map_text(spec_text(weekdays_9_to_5, "America/New_York",
                                      "2027-04-05T08:00:00-04:00", "2027-04-30T21:00:00-04:00", "",
                                      "Spring_Renewals_East_Coast_2027_Q2"));
  CHECK(first_field(long_name) == "name");
  CHECK_THAT(long_name.problems.at(0).message, Catch::Contains("1 to 30"));
  auto bad_char = map_text(spec_text(weekdays_9_to_5, "America/New_York",
                                     "2027-04-05T08:00:00-04:00", "2027-04-30T21:00:00-04:00", "",
                                     "Renewals/East"));
  CHECK(first_field(bad_char) == "name");
  CHECK_THAT(bad_char.problems.at(0).message, Catch::Contains("'/'"));
  auto fine = map_text(spec_text(weekdays_9_to_5, "America/New_York", "2027-04-05T08:00:00-04:00",
                                 "2027-04-30T21:00:00-04:00", "", "Renewals (East) v1.2 ^a-b_c"));
  CHECK(fine.problems.empty());
}

TEST_CASE("dialer settings map onto retry and general settings", "[acd][mapping]") {
  const std::string dialer =
      R"(, "dialerSettings": {"maxAttempts": 3, "retryInterval": 3600, "dropRate": 0.03})";
  auto m = map_text(spec_text(weekdays_9_to_5, "America/New_York", "2027-04-05T08:00:00-04:00",
                              "2027-04-30T21:00:00-04:00", dialer));
  REQUIRE(m.problems.empty());
  CHECK(m.skill->maximum_attempts == 3);
  CHECK(m.skill->minimum_retry_minutes == 60);
  CHECK(m.skill->abandon_rate_threshold == 3.0);  // not 3.0000000000000004

  auto odd = map_text(spec_text(weekdays_9_to_5, "America/New_York", "2027-04-05T08:00:00-04:00",
                                "2027-04-30T21:00:00-04:00",
                                R"(, "dialerSettings": {"retryInterval": 90})"));
  CHECK(first_field(odd) == "dialerSettings.retryInterval");

  auto off = map_text(spec_text(weekdays_9_to_5, "America/New_York", "2027-04-05T08:00:00-04:00",
                                "2027-04-30T21:00:00-04:00", dialer),
                      "America/New_York", false);
  CHECK(first_field(off) == "dialerSettings.dropRate");
  CHECK_THAT(off.problems.at(0).message, Catch::Contains("enableSkillAbandonRate"));
}

TEST_CASE("every refusal is reported at once", "[acd][mapping]") {
  auto m = map_text(spec_text("[]", "America/New_York", "2027-04-05T08:00:00-04:00",
                              "2027-04-30T21:00:00-04:00", R"(, "excludeDates": ["2027-04-16"])",
                              "A name that is much too long for a skill"));
  std::vector<std::string> fields;
  for (const auto& p : m.problems) fields.push_back(p.field);
  CHECK(fields == std::vector<std::string>{"name", "excludeDates", "executionWindows"});
}

TEST_CASE("the skill's week expands back to schedule windows", "[acd][mapping]") {
  auto m = map_text(spec_text(R"([{"days": ["MON","WED"], "start": "09:00", "end": "17:00"},
                                  {"days": ["SAT"], "start": "10:00", "end": "14:00"}])"));
  REQUIRE(m.problems.empty());
  auto windows = windows_of(m.skill->week);
  REQUIRE(windows.size() == 2);
  CHECK(windows[0] == schedule::Window{static_cast<std::uint8_t>(0x01 | 0x04), 540, 1020});
  CHECK(windows[1] == schedule::Window{0x20, 600, 840});
}
