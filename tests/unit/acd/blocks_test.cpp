#include <cxsched/acd/skill.hpp>

#include <catch2/catch.hpp>

#include <cxsched/schedule/zone.hpp>
#include <cxsched/util/json.hpp>

using namespace cxsched;
using namespace cxsched::acd;

namespace {

rapidjson::Document parse(const std::string& text) {
  auto doc = util::parse_json(text, "test");
  REQUIRE(doc.has_value());
  return std::move(*doc);
}

SkillWeek weekdays() {
  SkillWeek w;
  for (unsigned d = 1; d <= 5; ++d) w.days[d] = SkillDay{true, 540, 1020};
  return w;
}

Marker april() {
  auto z = schedule::resolve_zone("America/New_York");
  REQUIRE(z.has_value());
  return Marker{*schedule::parse_rfc3339("2027-04-05T12:00:00Z"),
                *schedule::parse_rfc3339("2027-05-01T01:00:00Z"), *z};
}

}  // namespace

TEST_CASE("the marker line round-trips through notes", "[acd][marker]") {
  const Marker m = april();
  const std::string line = marker_line(m);
  CHECK(line ==
        "cxsched:v1 start=2027-04-05T08:00:00-04:00 end=2027-04-30T21:00:00-04:00 "
        "tz=America/New_York");
  auto back = parse_marker("Renewals, east coast\n" + line + "\n");
  REQUIRE(back.has_value());
  REQUIRE(back->has_value());
  CHECK((*back)->start == m.start);
  CHECK((*back)->end == m.end);
  CHECK((*back)->zone->name() == "America/New_York");
}

TEST_CASE("notes without a marker have none; a malformed one is an error", "[acd][marker]") {
  auto none = parse_marker("just notes\ncxsched:v10 is not ours");
  REQUIRE(none.has_value());
  CHECK_FALSE(none->has_value());
  for (const char* bad : {"cxsched:v1 start=2027-04-05T08:00:00 end=2027-04-30T21:00:00-04:00 "
                          "tz=America/New_York",
                          "cxsched:v1 start=2027-04-05T08:00:00-04:00 tz=America/New_York",
                          "cxsched:v1 start=2027-04-05T08:00:00-04:00 "
                          "end=2027-04-30T21:00:00-04:00 tz=Eastern",
                          "cxsched:v1 start=2027-05-05T08:00:00-04:00 "
                          "end=2027-04-30T21:00:00-04:00 tz=America/New_York"}) {
    auto r = parse_marker(bad);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == ErrorKind::invalid_spec);
    CHECK_THAT(r.error().message, Catch::StartsWith("notes: "));
  }
}

TEST_CASE("writing the marker keeps other notes and one marker", "[acd][marker]") {
  const Marker m = april();
  CHECK(notes_with_marker("", m) == marker_line(m));
  CHECK(notes_with_marker("east coast", m) == "east coast\n" + marker_line(m));
  CHECK(notes_with_marker("a\ncxsched:v1 start=x\nb\ncxsched:v1 old\n", m) ==
        "a\n" + marker_line(m) + "\nb\n");
}

TEST_CASE("schedule-settings body changes only cxsched's fields", "[acd][blocks]") {
  auto current = parse(R"({"isScheduled": true, "sundayIsActive": true,
      "sundayStartTime": "10:00", "sundayEndTime": "12:00", "extra": 7})");
  auto body = parse(schedule_settings_body(&current, weekdays()));
  const auto& b = body["scheduleSettings"];
  CHECK_FALSE(b["isScheduled"].GetBool());
  CHECK_FALSE(b["sundayIsActive"].GetBool());
  CHECK(std::string{b["sundayStartTime"].GetString()} == "10:00");  // idle day keeps its times
  CHECK(b["mondayIsActive"].GetBool());
  CHECK(std::string{b["mondayStartTime"].GetString()} == "09:00");
  CHECK(std::string{b["fridayEndTime"].GetString()} == "17:00");
  CHECK_FALSE(b["saturdayIsActive"].GetBool());
  CHECK(b["extra"].GetInt() == 7);
}

TEST_CASE("retry and general settings bodies carry cxsched's values", "[acd][blocks]") {
  SkillDefinition d;
  d.maximum_attempts = 4;
  d.minimum_retry_minutes = 30;
  d.abandon_rate_threshold = 2.5;
  auto retry = parse(retry_settings_body(nullptr, d));
  CHECK(util::to_json(retry) == R"({"retrySettings":{"maximumAttempts":4,"minimumRetryMinutes":30}})");
  auto current = parse(R"({"maximumAttempts": 3, "minimumRetryMinutes": 60,
      "aggressiveness": "conservative", "waitTimeFactor": true, "abandonRateThreshold": 3})");
  auto general = parse(general_settings_body(&current, d));
  const auto& g = general["generalSettings"];
  CHECK(g["maximumAttempts"].GetInt() == 4);
  CHECK(g["minimumRetryMinutes"].GetInt() == 30);
  CHECK(g["abandonRateThreshold"].GetDouble() == 2.5);
  CHECK(g["overrideBusinessUnitAbandonRate"].GetBool());
  CHECK(std::string{g["aggressiveness"].GetString()} == "conservative");
  CHECK(g["waitTimeFactor"].GetBool());  // drifting types are written back as read
}

TEST_CASE("schedule-settings is read flat or wrapped, HH:MM or HH:MM:SS", "[acd][blocks]") {
  auto body = parse(schedule_settings_body(nullptr, weekdays()));
  auto wrapped = week_from_block(body);
  REQUIRE(wrapped.has_value());
  CHECK(*wrapped == weekdays());
  auto flat = week_from_block(parse(R"({"isScheduled": "true", "mondayIsActive": true,
      "mondayStartTime": "09:00:00", "mondayEndTime": "17:30:00", "tuesdayIsActive": false})"));
  REQUIRE(flat.has_value());
  CHECK(flat->is_scheduled);
  CHECK(flat->days[1] == SkillDay{true, 540, 1050});
  CHECK_FALSE(flat->days[2].active);
  auto bad = week_from_block(parse(R"({"mondayIsActive": true, "mondayStartTime": "9am"})"));
  REQUIRE_FALSE(bad.has_value());
  CHECK_THAT(bad.error().message, Catch::Contains("mondayStartTime"));
}

TEST_CASE("schedule rows of GET parameters are read too", "[acd][blocks]") {
  auto week = week_from_block(parse(R"({"isScheduled": true, "schedules": [
      {"day": "Monday", "active": true, "startTime": "09:00", "endTime": "17:00"},
      {"day": "sunday", "active": false, "startTime": "00:00", "endTime": "00:00"}]})"));
  REQUIRE(week.has_value());
  CHECK(week->is_scheduled);
  CHECK(week->days[1] == SkillDay{true, 540, 1020});
  CHECK_FALSE(week->days[0].active);
  CHECK_FALSE(week_from_block(parse(R"({"schedules": [{"day": "Funday", "active": true}]})"))
                  .has_value());
}
