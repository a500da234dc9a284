#include <cxsched/acd/limits.hpp>

#include <catch2/catch.hpp>

#include "acd/test_support.hpp"

using namespace cxsched;
using namespace cxsched::acd;
using cxsched::acd::testing::json_doc;

namespace {

// Monday-Friday 09:00-17:00 (Window::days bit 0 = Monday).
const std::vector<schedule::Window> weekdays_9_to_5{{0b0011111, 9 * 60, 17 * 60}};
// Saturday 10:00-14:00.
const std::vector<schedule::Window> saturday_10_to_2{{0b0100000, 10 * 60, 14 * 60}};

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

std::string zone_row(const std::string& name, const std::string& start, const std::string& end,
                     bool active, bool override_time) {
  return R"({"name": ")" + name + R"(", "description": "", "startTime": ")" + start +
         R"(", "endTime": ")" + end + R"(", "timeZoneActiveToCall": )" +
         (active ? "true" : "false") + R"(, "overrideTime": )" + (override_time ? "true" : "false") +
         "}";
}

}  // namespace

TEST_CASE("cadence time constraints are read in both shapes the Admin API shows",
          "[acd][limits]") {
  // GET skills/{id}/parameters (SW): rows with dayType.
  const auto rows = json_doc(R"({"skillName": "S", "cadenceSettings": {"cadences": [
      {"fieldName": "Work Phone", "attempts": 2, "order": 1, "timeConstraints": [
        {"dayType": "Weekday", "startTime": "10:00", "endTime": "12:00"},
        {"dayType": "Weekday", "startTime": "13:00:00", "endTime": "16:00:00"},
        {"dayType": "Weekend", "startTime": "11:00", "endTime": "13:00"}]}]}})");
  // PUT cadence-settings (SW, CJ): weekday and weekend lists.
  const auto split = json_doc(R"({"skills": [{"cadenceSettings": {"cadences": [
      {"fieldName": "Work Phone", "timeConstraints": {
        "weekdayTimeConstraints": [{"startTime": "10:00", "endTime": "12:00"},
                                   {"startTime": "13:00", "endTime": "16:00"}],
        "weekendTimeConstraints": [{"startTime": "11:00", "endTime": "13:00"}]}}]}}]})");
  for (const auto* doc : {&rows, &split}) {
    const DialingLimits l = dialing_limits(*doc);
    CHECK(l.not_understood.empty());
    REQUIRE(l.cadences.size() == 1);
    CHECK(l.cadences[0].field == "cadenceSettings.cadences[0]");
    CHECK(l.cadences[0].label == "Work Phone");
    CHECK(l.cadences[0].weekday == std::vector<TimeRange>{{600, 720}, {780, 960}});
    CHECK(l.cadences[0].weekend == std::vector<TimeRange>{{660, 780}});
  }
}

TEST_CASE("a cadence narrower than the windows is named with the hours it leaves out",
          "[acd][limits]") {
  const auto doc = json_doc(R"({"cadenceSettings": {"cadences": [
      {"fieldName": "Work Phone", "timeConstraints": [
        {"dayType": "Weekday", "startTime": "10:00", "endTime": "12:00"},
        {"dayType": "Weekday", "startTime": "11:30", "endTime": "16:00"}]}]}})");
  const auto warnings = limit_warnings(weekdays_9_to_5, dialing_limits(doc));
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0] ==
        "cadenceSettings.cadences[0] ('Work Phone').timeConstraints: Weekday 10:00-12:00, "
        "11:30-16:00 is narrower than the window MON,TUE,WED,THU,FRI 09:00-17:00: that cadence "
        "does not dial 09:00-10:00, 16:00-17:00");
  // Weekday constraints say nothing about a Saturday window.
  CHECK(limit_warnings(saturday_10_to_2, dialing_limits(doc)).empty());
}

TEST_CASE("a cadence as wide as the windows, or without constraints, warns of nothing",
          "[acd][limits]") {
  const auto wide = json_doc(R"({"cadenceSettings": {"cadences": [
      {"fieldName": "Home", "timeConstraints": [
        {"dayType": "WEEKDAY", "startTime": "08:00", "endTime": "12:00"},
        {"dayType": "weekday", "startTime": "12:00", "endTime": "21:00"}]},
      {"fieldName": "Cell"}]}})");
  CHECK(limit_warnings(weekdays_9_to_5, dialing_limits(wide)).empty());
  CHECK(limit_warnings(weekdays_9_to_5, dialing_limits(json_doc("{}"))).empty());
}

TEST_CASE("an unknown dayType or an unreadable time is said, never guessed", "[acd][limits]") {
  const auto doc = json_doc(R"({"cadenceSettings": {"cadences": [
      {"fieldName": "Work", "timeConstraints": [
        {"dayType": "Holiday", "startTime": "10:00", "endTime": "12:00"},
        {"dayType": "Weekday", "startTime": "9am", "endTime": "5pm"},
        {"dayType": "Weekday", "startTime": "22:00", "endTime": "06:00"}]}]}})");
  const DialingLimits l = dialing_limits(doc);
  CHECK(l.cadences[0].weekday.empty());
  const std::string text = joined(limit_warnings(weekdays_9_to_5, l));
  CHECK_THAT(text, Catch::Contains("cadenceSettings.cadences[0].timeConstraints[0]: dayType "
                                   "'Holiday' is not understood"));
  CHECK_THAT(text, Catch::Contains("timeConstraints[1]: startTime '9am', endTime '5pm' are not "
                                   "times HH:MM or HH:MM:SS"));
  CHECK_THAT(text, Catch::Contains("timeConstraints[2]: 22:00-06:00 ends at or before it starts"));
}

TEST_CASE("time-zone rows: a narrower active zone warns, an inactive one does not",
          "[acd][limits]") {
  const auto doc = json_doc(R"({"timeZoneSettings": [)" +
                         zone_row("Pacific Standard Time", "10:00", "18:00", true, false) + "," +
                         zone_row("Mountain Standard Time", "12:00", "13:00", false, false) + "," +
                         zone_row("Eastern Standard Time", "08:00", "21:00", true, false) + "]}");
  const auto warnings = limit_warnings(weekdays_9_to_5, dialing_limits(doc));
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0] ==
        "timeZoneSettings[0] ('Pacific Standard Time'): active to call 10:00-18:00, narrower "
        "than the window MON,TUE,WED,THU,FRI 09:00-17:00: numbers in that zone are not dialed "
        "09:00-10:00");
}

TEST_CASE("an active zone with overrideTime outside 08:00-21:00 warns; inside or off, not",
          "[acd][limits]") {
  const auto doc = json_doc(
      "[" + zone_row("Central Standard Time", "07:00", "21:00", true, true) + "," +
      zone_row("Pacific Standard Time", "08:00", "21:30", true, true) + "," +
      zone_row("Alaskan Standard Time", "06:00", "23:00", false, true) + "," +
      zone_row("Hawaiian Standard Time", "07:00", "22:00", true, false) + "," +
      zone_row("Eastern Standard Time", "08:00", "21:00", true, true) + "]");
  std::vector<std::string> not_understood;
  DialingLimits l;
  l.zones = zone_rows(doc, not_understood);  // the time-zones block itself: a bare array
  CHECK(not_understood.empty());
  const auto warnings = limit_warnings(weekdays_9_to_5, l);
  REQUIRE(warnings.size() == 2);
  CHECK(warnings[0] ==
        "timeZoneSettings[0] ('Central Standard Time'): overrideTime true with 07:00-21:00, "
        "outside the calling hours 08:00-21:00: numbers in that zone may be dialed outside "
        "08:00-21:00 their time");
  CHECK_THAT(warnings[1], Catch::StartsWith("timeZoneSettings[1] ('Pacific Standard Time'): "
                                            "overrideTime true with 08:00-21:30"));
}

TEST_CASE("time-zone rows named by standardName (the PUT shape) are read too", "[acd][limits]") {
  const auto doc = json_doc(R"({"timeZoneSettings": [{"standardName": "Pacific Standard Time",
      "startTime": "09:30:00", "endTime": "17:00:00", "timeZoneActiveToCall": "true",
      "overrideTime": false}]})");
  std::vector<std::string> not_understood;
  const auto rows = zone_rows(doc, not_understood);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].name == "Pacific Standard Time");
  CHECK(rows[0].window == TimeRange{570, 1020});
  CHECK(rows[0].active);
}
