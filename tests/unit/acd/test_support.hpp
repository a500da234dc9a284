#pragma once

#include <string>

#include <catch2/catch.hpp>
#include <rapidjson/document.h>

#include <cxsched/acd/skill.hpp>
#include <cxsched/schedule/spec.hpp>
#include <cxsched/schedule/zone.hpp>
#include <cxsched/util/json.hpp>

namespace cxsched::acd::testing {

// A spec document with the given parts (every other field valid).
inline std::string spec_text(const std::string& windows, const std::string& tz = "America/New_York",
                             const std::string& start = "2027-04-05T08:00:00-04:00",
                             const std::string& end = "2027-04-30T21:00:00-04:00",
                             const std::string& extra = "",
                             const std::string& name = "Spring_Renewals_East") {
  return R"({"name": ")" + name + R"(", "campaignType": "PREDICTIVE", "timezone": ")" + tz +
         R"(", "startDate": ")" + start + R"(", "endDate": ")" + end +
         R"(", "executionWindows": )" + windows +
         R"(, "routingSettings": {"queueId": "queue_east"})" + extra + "}";
}

inline const std::string weekdays_9_to_5 =
    R"([{"days": ["MON","TUE","WED","THU","FRI"], "start": "09:00", "end": "17:00"}])";

// `text` parsed as JSON; the test fails when it is not.
inline rapidjson::Document json_doc(const std::string& text) {
  auto doc = util::parse_json(text, "test");
  REQUIRE(doc.has_value());
  return std::move(*doc);
}

inline const date::time_zone* zone(const char* name) {
  auto z = schedule::resolve_zone(name);
  REQUIRE(z.has_value());
  return *z;
}

// Parses `text` as a spec (calling hours not enforced, so edge cases can be
// written) and maps it onto a skill of a business unit in `unit_zone`.
inline SkillMapping map_text(const std::string& text, const char* unit_zone = "America/New_York",
                             bool skill_abandon_rate = true) {
  schedule::SpecOptions options;
  options.allow_outside_calling_hours = true;
  auto parsed = schedule::parse_spec(text, "test.json", options);
  INFO(parsed.problems.size() << " spec problem(s), first: "
                              << (parsed.problems.empty() ? "" : parsed.problems[0].field + ": " +
                                                                     parsed.problems[0].message));
  REQUIRE(parsed.schedule.has_value());
  rapidjson::Document doc;
  doc.Parse(text.c_str());
  REQUIRE_FALSE(doc.HasParseError());
  return map_spec(doc, *parsed.schedule, BusinessUnit{zone(unit_zone), skill_abandon_rate});
}

// The first problem's field, or "" when the mapping succeeded.
inline std::string first_field(const SkillMapping& m) {
  return m.problems.empty() ? "" : m.problems.front().field;
}

}  // namespace cxsched::acd::testing
