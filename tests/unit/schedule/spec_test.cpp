#include <cxsched/schedule/spec.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>

#include <rapidjson/document.h>

#include <cxsched/schedule/expand.hpp>

#include "schedule/test_support.hpp"

using namespace cxsched::schedule;
using namespace cxsched::schedule::testing;

namespace {

// A valid spec, with some fields replaceable and `extra` members appended.
std::string spec_text(const std::string& extra = "", const std::string& windows =
                          R"([{"days": ["MON","TUE","WED","THU","FRI"], "start": "09:00", "end": "17:00"}])",
                      const std::string& start = "2027-03-01T08:00:00-05:00",
                      const std::string& end = "2027-03-31T17:00:00-04:00",
                      const std::string& tz = "America/New_York") {
  return R"({
  "name": "Q1_Compliance_Outreach",
  "description": "follow-ups",
  "campaignType": "PREDICTIVE",
  "timezone": ")" + tz + R"(",
  "startDate": ")" + start + R"(",
  "endDate": ")" + end + R"(",
  "executionWindows": )" + windows + R"(,
  "excludeDates": ["2027-03-17"],
  "dialerSettings": {"maxAttempts": 3, "retryInterval": 3600, "dropRate": 0.02},
  "routingSettings": {"queueId": "queue_abc123", "skillRequirement": "compliance_agent",
                      "overflowStrategy": "WRAPUP"})" + extra + R"(
})";
}

ParsedSpec parse(const std::string& text, SpecOptions options = {}) {
  return parse_spec(text, "spec.json", options);
}

std::vector<std::string> fields(const ParsedSpec& p) {
  std::vector<std::string> out;
  for (const auto& problem : p.problems) out.push_back(problem.field);
  return out;
}

const Problem& only_problem(const ParsedSpec& p) {
  INFO("problems: " << Catch::Detail::stringify(fields(p)));
  REQUIRE(p.problems.size() == 1);
  return p.problems[0];
}

}  // namespace

TEST_CASE("a valid spec becomes a schedule", "[spec]") {
  auto p = parse(spec_text(R"(, "customTag": {"keep": [1, 2]})"));
  INFO(Catch::Detail::stringify(fields(p)));
  REQUIRE(p.problems.empty());
  REQUIRE(p.schedule);
  CHECK(p.source == "spec.json");
  const Schedule& s = *p.schedule;
  CHECK(s.name == "Q1_Compliance_Outreach");
  CHECK(s.queue_id == "queue_abc123");
  CHECK(s.skill == "compliance_agent");
  CHECK(s.zone->name() == "America/New_York");
  CHECK(s.start == at("2027-03-01T13:00:00Z"));
  CHECK(s.end == at("2027-03-31T21:00:00Z"));
  CHECK(s.windows == std::vector<Window>{window(kWeekdays, 9, 0, 17, 0)});
  CHECK(s.exclude_dates == std::vector<date::local_days>{date::local_days{date::year{2027} / 3 / 17}});

}

TEST_CASE("local start and end without offset are read in the spec's zone", "[spec]") {
  auto p = parse(spec_text("", R"([{"days": ["MON"], "start": "09:00", "end": "17:00"}])",
                           "2027-03-01T08:00", "2027-07-01T09:30:00"));
  REQUIRE(p.problems.empty());
  CHECK(p.schedule->start == at("2027-03-01T08:00:00-05:00"));
  CHECK(p.schedule->end == at("2027-07-01T09:30:00-04:00"));
}

TEST_CASE("start and end in a DST gap or fold are refused unless a policy is chosen", "[spec][dst]") {
  SECTION("nonexistent start") {
    auto p = parse(spec_text("", "[]", "2027-03-14T02:30", "2027-03-31T17:00:00-04:00"));
    const auto& problem = only_problem(p);
    CHECK(problem.field == "startDate");
    CHECK(problem.value == "2027-03-14T02:30");
    CHECK_THAT(problem.message, Catch::StartsWith("2027-03-14T02:30 does not exist in "
                                                  "America/New_York: clocks jump from 02:00 to "
                                                  "03:00 (EST -> EDT)"));
  }
  SECTION("ambiguous end") {
    auto p = parse(spec_text("", "[]", "2027-03-01T08:00:00-05:00", "2027-11-07T01:30"));
    const auto& problem = only_problem(p);
    CHECK(problem.field == "endDate");
    CHECK_THAT(problem.message, Catch::Contains("is ambiguous in America/New_York"));
  }
  SECTION("each policy") {
    auto start = [](DstPolicy policy) {
      SpecOptions o;
      o.dst = policy;
      o.allow_outside_calling_hours = true;  // no windows: dialing from start to end
      auto p = parse(spec_text("", "[]", "2027-03-14T02:30", "2027-11-07T01:30"), o);
      REQUIRE(p.problems.empty());
      return std::pair{p.schedule->start, p.schedule->end};
    };
    CHECK(start(DstPolicy::shift_forward) ==
          std::pair{at("2027-03-14T03:00:00-04:00"), at("2027-11-07T01:30:00-04:00")});
    CHECK(start(DstPolicy::earliest) ==
          std::pair{at("2027-03-14T03:00:00-04:00"), at("2027-11-07T01:30:00-04:00")});
    CHECK(start(DstPolicy::latest) ==
          std::pair{at("2027-03-14T03:00:00-04:00"), at("2027-11-07T01:30:00-05:00")});
  }
}

TEST_CASE("each check names its field", "[spec]") {
  struct Case {
    const char* what;
    std::string text;
    const char* field;
    const char* message;
  };
  const std::string weekdays = R"(["MON","TUE","WED","THU","FRI"])";
  std::vector<Case> cases = {
      {"unknown zone", spec_text("", "[]", "2027-03-01T08:00", "2027-03-02T08:00", "America/New_Yrok"),
       "timezone", "did you mean America/New_York"},
      {"offset mismatch", spec_text("", "[]", "2027-07-01T09:00:00-05:00"), "startDate",
       "-05:00 is not America/New_York's offset at 2027-07-01T09:00 (it is -04:00, EDT)"},
      {"unparseable date", spec_text("", "[]", "March 1st"), "startDate", "is not a date-time"},
      {"end before start",
       spec_text("", "[]", "2027-03-31T08:00:00-04:00", "2027-03-01T08:00:00-05:00"), "endDate",
       "is not after startDate"},
      {"late window",
       spec_text("", R"([{"days": )" + weekdays + R"(, "start": "18:00", "end": "21:30"}])"),
       "executionWindows[0].end",
       "21:30 is after 21:00, the latest calling hour (TCPA, 47 CFR 64.1200(c)(1))"},
      {"early window",
       spec_text("", R"([{"days": )" + weekdays + R"(, "start": "07:30", "end": "12:00"}])"),
       "executionWindows[0].start", "is before 08:00, the earliest calling hour"},
      {"crossing midnight",
       spec_text("", R"([{"days": )" + weekdays + R"(, "start": "20:00", "end": "01:00"}])"),
       "executionWindows[0].end", "cannot cross midnight"},
      {"overlapping windows",
       spec_text("", R"([{"days": ["MON","TUE"], "start": "09:00", "end": "12:00"},
                         {"days": ["TUE","WED"], "start": "11:00", "end": "15:00"}])"),
       "executionWindows[1]", "overlaps executionWindows[0] (09:00-12:00) on TUE"},
      {"repeated day",
       spec_text("", R"([{"days": ["MON","MON"], "start": "09:00", "end": "12:00"}])"),
       "executionWindows[0].days[1]", "repeated"},
      {"unknown day",
       spec_text("", R"([{"days": ["MONDAY"], "start": "09:00", "end": "12:00"}])"),
       "executionWindows[0].days[0]", "is not a day"},
      {"bad time", spec_text("", R"([{"days": ["MON"], "start": "9am", "end": "12:00"}])"),
       "executionWindows[0].start", "HH:MM"},
      {"never opens",
       spec_text("", R"([{"days": ["SAT"], "start": "09:00", "end": "12:00"}])",
                 "2027-03-01T08:00:00-05:00", "2027-03-05T17:00:00-05:00"),
       "executionWindows", "the campaign never dials: no window opens between start and end"},
      {"server field", spec_text(R"(, "status": "ACTIVE")"), "status", "server field; remove it"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    auto p = parse(c.text);
    const auto& problem = only_problem(p);
    CHECK(problem.field == c.field);
    CHECK_THAT(problem.message, Catch::Contains(c.message));
    CHECK_FALSE(p.schedule);
  }
}

TEST_CASE("settings are checked for type and range", "[spec]") {
  auto with = [](const std::string& dialer, const std::string& routing) {
    std::string text = spec_text();
    auto d = text.find(R"("dialerSettings")");
    auto close = text.rfind('}');
    return text.substr(0, d) + R"("dialerSettings": )" + dialer + ",\n  " +
           R"("routingSettings": )" + routing + text.substr(close - 1);
  };
  const std::string ok_routing = R"({"queueId": "q"})";
  const std::string ok_dialer = R"({"maxAttempts": 3})";
  CHECK(parse(with(ok_dialer, ok_routing)).problems.empty());
  CHECK(only_problem(parse(with(R"({"maxAttempts": 0})", ok_routing))).field ==
        "dialerSettings.maxAttempts");
  CHECK(only_problem(parse(with(R"({"maxAttempts": 11})", ok_routing))).field ==
        "dialerSettings.maxAttempts");
  CHECK(only_problem(parse(with(R"({"maxAttempts": 2.5})", ok_routing))).field ==
        "dialerSettings.maxAttempts");
  CHECK(only_problem(parse(with(R"({"retryInterval": 59})", ok_routing))).field ==
        "dialerSettings.retryInterval");
  CHECK(only_problem(parse(with(R"({"dropRate": 1.5})", ok_routing))).field ==
        "dialerSettings.dropRate");
  CHECK(only_problem(parse(with(R"({"dropRate": "low"})", ok_routing))).field ==
        "dialerSettings.dropRate");
  CHECK(only_problem(parse(with(ok_dialer, R"({"skillRequirement": "x"})"))).field ==
        "routingSettings.queueId");
  CHECK(only_problem(parse(with(ok_dialer, R"({"queueId": ""})"))).field ==
        "routingSettings.queueId");
  CHECK(only_problem(parse(with(ok_dialer, R"({"queueId": "q", "overflowStrategy": "DROP"})")))
            .field == "routingSettings.overflowStrategy");

  SECTION("a drop rate above 3 % needs explicit permission") {
    auto high = with(R"({"dropRate": 0.05})", ok_routing);
    auto parsed = parse(high);
    const auto& problem = only_problem(parsed);
    CHECK(problem.field == "dialerSettings.dropRate");
    CHECK(problem.value == "0.05");
    CHECK_THAT(problem.message, Catch::Contains("above the FTC 3 % abandonment safe harbour"));
    SpecOptions o;
    o.allow_high_drop_rate = true;
    CHECK(parse(high, o).problems.empty());
    CHECK(parse(with(R"({"dropRate": 0.03})", ok_routing)).problems.empty());
  }
}

TEST_CASE("calling hours can be waived explicitly", "[spec]") {
  auto text = spec_text("", R"([{"days": ["MON"], "start": "07:00", "end": "22:00"}])");
  CHECK(fields(parse(text)) ==
        std::vector<std::string>{"executionWindows[0].start", "executionWindows[0].end"});
  SpecOptions o;
  o.allow_outside_calling_hours = true;
  CHECK(parse(text, o).problems.empty());
}

TEST_CASE("every problem of a spec is reported together", "[spec]") {
  std::string text = R"({
    "id": "c-1",
    "name": "",
    "campaignType": "ROBOCALL",
    "timezone": "Europe/Berln",
    "startDate": "2027-03-01T08:00:00+01:00",
    "endDate": "2027-02-01T08:00:00+01:00",
    "executionWindows": [{"days": ["MON"], "start": "08:00", "end": "21:30"}],
    "excludeDates": ["2027-02-30"],
    "dialerSettings": {"maxAttempts": 0, "dropRate": 0.2},
    "routingSettings": {}
  })";
  auto p = parse(text);
  CHECK(fields(p) == std::vector<std::string>{"id", "name", "campaignType", "timezone", "endDate",
                                              "executionWindows[0].end", "excludeDates[0]",
                                              "dialerSettings.maxAttempts",
                                              "dialerSettings.dropRate",
                                              "routingSettings.queueId"});
  CHECK_FALSE(p.schedule);
}

TEST_CASE("missing required fields are each a problem", "[spec]") {
  auto p = parse("{}");
  CHECK(fields(p) == std::vector<std::string>{"name", "campaignType", "timezone", "startDate",
                                              "endDate", "routingSettings"});
  for (const auto& problem : p.problems) CHECK_THAT(problem.message, Catch::Contains("missing"));
}

TEST_CASE("a name longer than 128 characters is refused", "[spec]") {
  std::string long_name(129, 'x');
  std::string text = spec_text();
  auto at_name = text.find("Q1_Compliance_Outreach");
  text.replace(at_name, 22, long_name);
  CHECK(only_problem(parse(text)).field == "name");
  text.replace(at_name, 129, std::string(128, 'x'));
  CHECK(parse(text).problems.empty());
}

TEST_CASE("bad JSON is one problem with line and column", "[spec]") {
  auto p = parse("{\n  \"name\": \"x\",\n  \"timezone\": oops\n}");
  const auto& problem = only_problem(p);
  CHECK(problem.field == "$");
  CHECK_THAT(problem.message, Catch::StartsWith("not valid JSON at line 3, column 15: "));
  CHECK_THAT(problem.message, Catch::Contains("Invalid value"));
  CHECK(only_problem(parse("[1, 2]")).field == "$");
  CHECK(only_problem(parse("")).field == "$");
}

TEST_CASE("a campaign from the platform becomes a schedule leniently", "[spec]") {
  rapidjson::Document doc;
  doc.Parse(R"({"id": "c-1", "name": "n", "status": "SCHEDULED", "surprise": [1],
    "timezone": "America/New_York", "startDate": "2027-03-01T08:00:00-05:00",
    "endDate": "2027-04-01T00:00:00-04:00",
    "executionWindows": [{"days": ["MON", "MON", "TUE"], "start": "06:00", "end": "24:00"}],
    "excludeDates": ["2027-03-02"],
    "routingSettings": {"queueId": "q1"}})");
  auto s = schedule_from_campaign(doc);
  REQUIRE(s);
  CHECK(s->id == "c-1");
  CHECK(s->status == "SCHEDULED");
  CHECK(s->queue_id == "q1");
  CHECK(s->skill.empty());
  CHECK(s->windows == std::vector<Window>{Window{0x03, 360, 1440}});
  CHECK(s->exclude_dates.size() == 1);
  CHECK(expand(*s).size() == 9);

  SECTION("an unusable campaign is an error naming it and the field") {
    rapidjson::Document bad;
    bad.Parse(R"({"id": "c-2", "timezone": "Mars/Olympus", "startDate": "x", "endDate": "y"})");
    auto r = schedule_from_campaign(bad);
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == cxsched::ErrorKind::invalid_spec);
    CHECK_THAT(r.error().message, Catch::StartsWith("campaign c-2: timezone: unknown time zone"));
    rapidjson::Document dates;
    dates.Parse(R"({"id": "c-3", "timezone": "UTC", "startDate": "soon", "endDate": "later"})");
    CHECK_THAT(schedule_from_campaign(dates).error().message, Catch::Contains("startDate"));
    rapidjson::Document windows;
    windows.Parse(R"({"timezone": "UTC", "startDate": "2027-03-01T08:00:00Z",
      "endDate": "2027-03-02T08:00:00Z", "executionWindows": [{"days": ["MON"], "start": "10:00", "end": "09:00"}]})");
    CHECK_THAT(schedule_from_campaign(windows).error().message,
               Catch::Contains("executionWindows[0]"));
    rapidjson::Document array;
    array.Parse("[]");
    CHECK_FALSE(schedule_from_campaign(array));
  }
}

// The fixtures that the integration tests use: each invalid_*.json has exactly
// one problem, at the field named in its .expect file; valid_*.json have none.
TEST_CASE("the spec fixtures are what their names say", "[spec][fixtures]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(__FILE__).parent_path() / ".." / ".." / "fixtures" / "specs";
  REQUIRE(fs::is_directory(dir));
  auto slurp = [](const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  int valid = 0, invalid = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const fs::path& p = entry.path();
    if (p.extension() != ".json") continue;
    const std::string stem = p.stem().string();
    INFO(stem);
    auto parsed = parse_spec(slurp(p), p.filename().string(), SpecOptions{});
    if (stem.rfind("valid_", 0) == 0) {
      INFO(Catch::Detail::stringify(fields(parsed)));
      CHECK(parsed.problems.empty());
      CHECK(parsed.schedule.has_value());
      ++valid;
    } else if (stem.rfind("invalid_", 0) == 0) {
      std::string expected = slurp(fs::path(p).replace_extension(".expect"));
      while (!expected.empty() && (expected.back() == '\n' || expected.back() == '\r'))
        expected.pop_back();
      CHECK(only_problem(parsed).field == expected);
      ++invalid;
    }
  }
  CHECK(valid >= 3);
  CHECK(invalid >= 13);
}

TEST_CASE("without windows the whole span keeps to the calling hours", "[spec]") {
  SECTION("Monday 09:00 to Friday 17:00 dials through the nights: refused") {
    auto p = parse(spec_text("", "[]", "2027-03-01T09:00:00-05:00", "2027-03-05T17:00:00-05:00"));
    const auto& problem = only_problem(p);
    CHECK(problem.field == "executionWindows");
    CHECK_THAT(problem.message, Catch::Contains("08:00-21:00"));
    CHECK_THAT(problem.message, Catch::Contains("2027-03-01T09:00"));
  }
  SECTION("absent windows are the same as none") {
    std::string text =
        spec_text("", "[]", "2027-03-01T09:00:00-05:00", "2027-03-05T17:00:00-05:00");
    auto at_windows = text.find("\"executionWindows\"");
    auto comma = text.find("\n", at_windows);
    text.erase(at_windows, comma - at_windows + 1);
    auto p = parse(text);
    CHECK(only_problem(p).field == "executionWindows");
  }
  SECTION("one day from 07:30 starts too early, to 21:30 ends too late") {
    CHECK(only_problem(
              parse(spec_text("", "[]", "2027-03-01T07:30:00-05:00", "2027-03-01T12:00:00-05:00")))
              .field == "executionWindows");
    CHECK(only_problem(
              parse(spec_text("", "[]", "2027-03-01T09:00:00-05:00", "2027-03-01T21:30:00-05:00")))
              .field == "executionWindows");
  }
  SECTION("the local day counts, after a DST change in 2040 too") {
    // 12:00-21:00 EDT is 16:00-01:00 UTC: within the hours locally.
    auto p = parse(spec_text("", "[]", "2040-07-02T12:00:00-04:00", "2040-07-02T21:00:00-04:00"));
    CHECK(p.problems.empty());
    // 08:00-21:00 local is the widest span accepted
    CHECK(parse(spec_text("", "[]", "2040-07-02T08:00:00-04:00", "2040-07-02T21:00:00-04:00"))
              .problems.empty());
  }
  SECTION("waived explicitly") {
    SpecOptions o;
    o.allow_outside_calling_hours = true;
    auto p =
        parse(spec_text("", "[]", "2027-03-01T09:00:00-05:00", "2027-03-05T17:00:00-05:00"), o);
    CHECK(p.problems.empty());
  }
}

TEST_CASE("every server field is refused in a spec, statusReason included", "[spec]") {
  for (auto name : server_fields) {
    INFO(name);
    auto p = parse(spec_text(",\n  \"" + std::string(name) + "\": \"x\""));
    const auto& problem = only_problem(p);
    CHECK(problem.field == name);
    CHECK_THAT(problem.message, Catch::Contains("server field"));
  }
  CHECK(is_server_field("statusReason"));
  CHECK_FALSE(is_server_field("name"));
}
