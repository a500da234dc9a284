// A spec cannot make the checker do unbounded work: windows, span, zone and
// nesting are bounded at the edge with the field named; overlaps are found
// by a sweep; text must be UTF-8.
#include <cxsched/schedule/spec.hpp>

#include <catch2/catch.hpp>

#include <set>

using namespace cxsched;
using namespace cxsched::schedule;

namespace {

std::string spec_with(const std::string& windows, const std::string& end = "2027-03-31T17:00",
                      const std::string& zone = "America/New_York",
                      const std::string& name = "\"Bounds\"") {
  return R"({"name": )" + name + R"(, "campaignType": "PREVIEW", "timezone": ")" + zone +
         R"(", "startDate": "2027-03-01T08:00", "endDate": ")" + end +
         R"(", "executionWindows": )" + windows + R"(, "routingSettings": {"queueId": "q"}})";
}

std::string windows(int n, const std::string& days, int start_hour, int step_minutes, int length) {
  std::string out = "[";
  for (int i = 0; i < n; ++i) {
    const int start = start_hour * 60 + (i * step_minutes) % 600;
    const int end = start + length;
    char buf[96];
    std::snprintf(buf, sizeof buf, R"(%s{"days": %s, "start": "%02d:%02d", "end": "%02d:%02d"})",
                  i ? "," : "", days.c_str(), start / 60, start % 60, end / 60, end % 60);
    out += buf;
  }
  return out + "]";
}

std::vector<std::string> fields(const ParsedSpec& p) {
  std::vector<std::string> out;
  for (const auto& problem : p.problems) out.push_back(problem.field);
  return out;
}

}  // namespace

TEST_CASE("more than 100 windows are refused at once, naming executionWindows") {
  auto ok = parse_spec(spec_with(windows(100, R"(["MON"])", 9, 5, 5)), "s.json", {});
  CHECK(ok.problems.empty());
  auto p = parse_spec(spec_with(windows(2000, R"(["MON"])", 9, 0, 60)), "s.json", {});
  REQUIRE(fields(p) == std::vector<std::string>{"executionWindows"});
  CHECK(p.problems[0].message == "2000 windows; at most 100 are allowed in one spec");
}

TEST_CASE("every window overlapping an earlier one is reported, each once") {
  // 100 identical windows: each after the first overlaps the first.
  auto same = parse_spec(spec_with(windows(100, R"(["MON","TUE"])", 9, 0, 60)), "s.json", {});
  REQUIRE(same.problems.size() == 99);
  for (std::size_t i = 0; i < 99; ++i) {
    CHECK(same.problems[i].field == "executionWindows[" + std::to_string(i + 1) + "]");
    CHECK(same.problems[i].message == "09:00-10:00 overlaps executionWindows[0] (09:00-10:00) on MON, TUE");
  }
  // A chain: each window overlaps the next one only.
  auto chain = parse_spec(spec_with(windows(10, R"(["WED"])", 9, 30, 45)), "s.json", {});
  REQUIRE(chain.problems.size() == 9);
  CHECK(chain.problems[0].message == "09:30-10:15 overlaps executionWindows[0] (09:00-09:45) on WED");
  // Touching windows do not overlap; different days do not either.
  auto touching = parse_spec(
      spec_with(R"([{"days":["MON"],"start":"09:00","end":"10:00"},
                    {"days":["MON"],"start":"10:00","end":"11:00"},
                    {"days":["TUE"],"start":"09:30","end":"10:30"}])"),
      "s.json", {});
  CHECK(touching.problems.empty());
}

TEST_CASE("a span of more than 10 years is refused, naming endDate") {
  CHECK(parse_spec(spec_with(windows(1, R"(["MON"])", 9, 0, 60), "2036-12-31T17:00"), "s.json", {})
            .problems.empty());
  auto p = parse_spec(spec_with(windows(390, R"(["MON"])", 9, 1, 1), "9999-12-31T17:00"), "s.json", {});
  CHECK(fields(p) == std::vector<std::string>{"endDate", "executionWindows"});
  auto far = parse_spec(spec_with(windows(1, R"(["MON"])", 9, 0, 60), "9999-12-31T17:00"), "s.json", {});
  REQUIRE(fields(far) == std::vector<std::string>{"endDate"});
  CHECK(far.problems[0].message ==
        "9999-12-31T17:00 is more than 10 years after startDate 2027-03-01T08:00; split the "
        "campaign or schedule it again later");
}

TEST_CASE("a zone name longer than 64 bytes is refused without a suggestion search") {
  auto p = parse_spec(spec_with(windows(1, R"(["MON"])", 9, 0, 60), "2027-03-31T17:00",
                                "America/" + std::string(1'000'000, 'x')),
                      "s.json", {});
  REQUIRE(fields(p) == std::vector<std::string>{"timezone"});
  CHECK(p.problems[0].message == "the time zone is 1000008 bytes long; an IANA name has at most 64");
  CHECK(p.problems[0].value.size() < 300);  // not echoed in full
}

TEST_CASE("invalid UTF-8 is refused naming the field; deep nesting naming the place") {
  auto p = parse_spec(spec_with(windows(1, R"(["MON"])", 9, 0, 60), "2027-03-31T17:00",
                                "America/New_York", "\"Caf\xe9\""),
                      "s.json", {});
  REQUIRE(fields(p) == std::vector<std::string>{"name"});
  CHECK(p.problems[0].message == "is not valid UTF-8 text");
  CHECK(p.problems[0].value.empty());

  auto deep = parse_spec(std::string(90'000, '[') + std::string(90'000, ']'), "deep.json", {});
  REQUIRE(fields(deep) == std::vector<std::string>{"$"});
  CHECK(deep.problems[0].message == "not valid JSON at line 1, column 65: nested deeper than 64 levels");
}
