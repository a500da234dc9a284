#include <cxsched/schedule/zone.hpp>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <sstream>

#include "schedule/test_support.hpp"

using namespace cxsched::schedule;
using namespace cxsched::schedule::testing;
using namespace std::chrono_literals;
using cxsched::ErrorKind;

namespace {

// Runs zdump -v over [from_year, to_year) for `zone`; each transition line
// as (instant, offset seconds, abbreviation). Empty when zdump is missing.
struct ZdumpLine {
  Seconds at;
  long offset;
  std::string abbrev;
  std::string text;
};

std::vector<ZdumpLine> zdump(const std::string& zone_name, int from_year, int to_year) {
  const std::string cmd = "zdump -v -c " + std::to_string(from_year) + "," +
                          std::to_string(to_year) + " " + zone_name + " 2>/dev/null";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
  std::vector<ZdumpLine> out;
  if (!pipe) return out;
  std::string text;
  char buf[512];
  while (std::fgets(buf, sizeof buf, pipe.get())) text += buf;
  static const std::map<std::string, unsigned> months = {
      {"Jan", 1}, {"Feb", 2}, {"Mar", 3}, {"Apr", 4},  {"May", 5},  {"Jun", 6},
      {"Jul", 7}, {"Aug", 8}, {"Sep", 9}, {"Oct", 10}, {"Nov", 11}, {"Dec", 12}};
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream in(line);
    std::vector<std::string> tok;
    for (std::string t; in >> t;) tok.push_back(t);
    if (tok.size() != 16 || tok[6] != "UT" || tok[15].rfind("gmtoff=", 0) != 0) continue;
    int y = std::stoi(tok[5]);
    unsigned d = static_cast<unsigned>(std::stoi(tok[3]));
    int hh = 0, mm = 0, ss = 0;
    REQUIRE(std::sscanf(tok[4].c_str(), "%d:%d:%d", &hh, &mm, &ss) == 3);
    Seconds t = date::sys_days{date::year{y} / months.at(tok[2]) / d} + std::chrono::hours{hh} +
                std::chrono::minutes{mm} + std::chrono::seconds{ss};
    out.push_back({t, std::stol(tok[15].substr(7)), tok[13], line});
  }
  return out;
}

date::local_seconds local(int y, unsigned m, unsigned d, int h, int min) {
  return date::local_days{date::year{y} / m / d} + std::chrono::hours{h} +
         std::chrono::minutes{min};
}

}  // namespace

TEST_CASE("resolve_zone finds IANA names and refuses others with suggestions", "[zone]") {
  REQUIRE(resolve_zone("America/New_York"));
  CHECK(resolve_zone("America/New_York").value()->name() == "America/New_York");

  SECTION("misspelt") {
    auto r = resolve_zone("America/New_Yrok");
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == ErrorKind::invalid_spec);
    CHECK_THAT(r.error().message, Catch::StartsWith("unknown time zone \"America/New_Yrok\"; did you mean America/New_York"));
  }
  SECTION("wrong case is refused, with the right spelling suggested first") {
    auto r = resolve_zone("europe/berlin");
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains("did you mean Europe/Berlin"));
  }
  SECTION("nothing close") {
    auto r = resolve_zone("Eastern Standard Time Zone Please");
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains("IANA name"));
  }
  SECTION("empty") { CHECK_FALSE(resolve_zone("")); }
}

TEST_CASE("suggest_zones ranks the closest names first", "[zone]") {
  CHECK(suggest_zones("America/New_Yrok").at(0) == "America/New_York");
  CHECK(suggest_zones("europe/berlin").at(0) == "Europe/Berlin");
  CHECK(suggest_zones("Asia/Kolkatta").at(0) == "Asia/Kolkata");
  auto by_city = suggest_zones("Lord_Howe");
  CHECK(std::find(by_city.begin(), by_city.end(), "Australia/Lord_Howe") != by_city.end());
  CHECK(suggest_zones("America/New_Yrok", 1).size() == 1);
  CHECK(suggest_zones("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz").empty());
}

TEST_CASE("resolve_local refuses a time in a spring-forward gap, naming the transition", "[zone]") {
  SECTION("New York") {
    auto r = resolve_local(local(2027, 3, 14, 2, 30), zone("America/New_York"), DstPolicy::reject);
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == ErrorKind::invalid_spec);
    CHECK_THAT(r.error().message,
               Catch::StartsWith("2027-03-14T02:30 does not exist in America/New_York: clocks "
                                 "jump from 02:00 to 03:00 (EST -> EDT)"));
  }
  SECTION("Berlin") {
    auto r = resolve_local(local(2027, 3, 28, 2, 15), zone("Europe/Berlin"), DstPolicy::reject);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains("clocks jump from 02:00 to 03:00 (CET -> CEST)"));
  }
  SECTION("Lord Howe moves by half an hour") {
    auto r = resolve_local(local(2027, 10, 3, 2, 10), zone("Australia/Lord_Howe"), DstPolicy::reject);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains("clocks jump from 02:00 to 02:30"));
  }
}

TEST_CASE("resolve_local refuses a repeated fall-back time, naming both offsets", "[zone]") {
  auto r = resolve_local(local(2027, 11, 7, 1, 30), zone("America/New_York"), DstPolicy::reject);
  REQUIRE_FALSE(r);
  CHECK_THAT(r.error().message,
             Catch::StartsWith("2027-11-07T01:30 is ambiguous in America/New_York: clocks go back "
                               "from 02:00 to 01:00 (EDT -> EST), so it happens twice (-04:00 and "
                               "-05:00)"));
  auto berlin = resolve_local(local(2027, 10, 31, 2, 30), zone("Europe/Berlin"), DstPolicy::reject);
  REQUIRE_FALSE(berlin);
  CHECK_THAT(berlin.error().message, Catch::Contains("from 03:00 to 02:00 (CEST -> CET)"));
}

TEST_CASE("DST policies resolve gaps and folds as documented", "[zone]") {
  // shift-forward is another name for earliest, not a second policy.
  static_assert(DstPolicy::shift_forward == DstPolicy::earliest);
  auto ny = zone("America/New_York");
  SECTION("gap: every policy moves to the transition instant") {
    for (auto policy : {DstPolicy::shift_forward, DstPolicy::earliest, DstPolicy::latest})
      CHECK(resolve_local(local(2027, 3, 14, 2, 30), ny, policy).value() ==
            at("2027-03-14T07:00:00Z"));
  }
  SECTION("fold: earlier or later instant") {
    CHECK(resolve_local(local(2027, 11, 7, 1, 30), ny, DstPolicy::shift_forward).value() ==
          at("2027-11-07T01:30:00-04:00"));
    CHECK(resolve_local(local(2027, 11, 7, 1, 30), ny, DstPolicy::earliest).value() ==
          at("2027-11-07T01:30:00-04:00"));
    CHECK(resolve_local(local(2027, 11, 7, 1, 30), ny, DstPolicy::latest).value() ==
          at("2027-11-07T01:30:00-05:00"));
  }
  SECTION("ordinary times do not depend on the policy") {
    for (auto policy : {DstPolicy::reject, DstPolicy::shift_forward, DstPolicy::latest})
      CHECK(resolve_local(local(2027, 7, 1, 9, 0), ny, policy).value() ==
            at("2027-07-01T13:00:00Z"));
  }
}

TEST_CASE("resolve_written checks a written offset against the zone", "[zone]") {
  auto ny = zone("America/New_York");
  auto wrong = resolve_written(parse_date_time("2027-07-01T09:00:00-05:00").value(), ny,
                               DstPolicy::reject);
  REQUIRE_FALSE(wrong);
  CHECK(wrong.error().message ==
        "-05:00 is not America/New_York's offset at 2027-07-01T09:00 (it is -04:00, EDT)");
  CHECK(resolve_written(parse_date_time("2027-07-01T09:00:00-04:00").value(), ny, DstPolicy::reject)
            .value() == at("2027-07-01T13:00:00Z"));
  SECTION("a written offset disambiguates a fold without a policy") {
    CHECK(resolve_written(parse_date_time("2027-11-07T01:30:00-05:00").value(), ny,
                          DstPolicy::reject)
              .value() == at("2027-11-07T06:30:00Z"));
  }
  SECTION("Z is an offset like any other") {
    CHECK_FALSE(resolve_written(parse_date_time("2027-07-01T09:00:00Z").value(), ny,
                                DstPolicy::reject));
    CHECK(resolve_written(parse_date_time("2027-07-01T09:00:00Z").value(), zone("UTC"),
                          DstPolicy::reject));
  }
}

TEST_CASE("local_day gives the calendar day in the zone", "[zone]") {
  CHECK(local_day(at("2027-03-15T03:00:00Z"), zone("America/New_York")) ==
        date::local_days{date::year{2027} / 3 / 14});
  CHECK(local_day(at("2027-03-15T03:00:00Z"), zone("Australia/Sydney")) ==
        date::local_days{date::year{2027} / 3 / 15});
}

// The system's zdump is an independent reading of the same tz database: the
// offsets it prints on each side of every transition must be ours too.
TEST_CASE("offsets around New York's 2026-2027 transitions agree with zdump", "[zone][oracle]") {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(
      popen("zdump -v -c 2026,2028 America/New_York 2>/dev/null", "r"), pclose);
  if (!pipe) {
    WARN("zdump is not available; skipping the oracle check");
    return;
  }
  std::string out;
  char buf[512];
  while (std::fgets(buf, sizeof buf, pipe.get())) out += buf;
  auto ny = zone("America/New_York");
  static const std::map<std::string, unsigned> months = {
      {"Jan", 1}, {"Feb", 2}, {"Mar", 3}, {"Apr", 4},  {"May", 5},  {"Jun", 6},
      {"Jul", 7}, {"Aug", 8}, {"Sep", 9}, {"Oct", 10}, {"Nov", 11}, {"Dec", 12}};
  std::istringstream lines(out);
  std::string line;
  int checked = 0;
  while (std::getline(lines, line)) {
    std::istringstream in(line);
    std::vector<std::string> tok;
    for (std::string t; in >> t;) tok.push_back(t);
    if (tok.size() != 16 || tok[6] != "UT" || tok[15].rfind("gmtoff=", 0) != 0) continue;
    int y = std::stoi(tok[5]);
    unsigned d = static_cast<unsigned>(std::stoi(tok[3]));
    int hh = 0, mm = 0, ss = 0;
    REQUIRE(std::sscanf(tok[4].c_str(), "%d:%d:%d", &hh, &mm, &ss) == 3);
    Seconds t = date::sys_days{date::year{y} / months.at(tok[2]) / d} + std::chrono::hours{hh} +
                std::chrono::minutes{mm} + std::chrono::seconds{ss};
    auto info = ny->get_info(t);
    INFO(line);
    CHECK(info.offset.count() == std::stol(tok[15].substr(7)));
    CHECK(info.abbrev == tok[13]);
    ++checked;
  }
  if (checked == 0) {
    WARN("zdump printed nothing usable; skipping the oracle check");
    return;
  }
  CHECK(checked >= 8);
  CHECK(ny->get_info(at("2027-03-14T06:59:59Z")).abbrev == "EST");
  CHECK(ny->get_info(at("2027-03-14T07:00:00Z")).abbrev == "EDT");
}

TEST_CASE("every transition from 2038 to 2100 agrees with zdump, north and south",
          "[zone][oracle]") {
  // The system's zone files list explicit transitions up to 2037; the rest
  // comes from their POSIX TZ footer, which zdump applies too.
  for (const char* name : {"America/New_York", "Europe/Berlin", "Australia/Sydney",
                           "America/Santiago", "Europe/London", "Pacific/Auckland",
                           "Asia/Jerusalem", "US/Eastern", "Asia/Tokyo", "America/Nuuk"}) {
    auto z = zone(name);
    auto lines = zdump(name, 2036, 2101);
    if (std::string(name) == "Asia/Tokyo") {  // no transition since 1951
      CHECK(lines.empty());
      CHECK(zone_info(z, at("2080-07-01T00:00:00Z")).offset == 9h);
      CHECK(zone_info(z, at("2080-07-01T00:00:00Z")).abbrev == "JST");
      continue;
    }
    if (lines.empty()) {
      WARN("zdump printed nothing usable; skipping the oracle check");
      return;
    }
    int checked = 0;
    for (const auto& l : lines) {
      INFO(l.text);
      auto info = zone_info(z, l.at);
      CHECK(info.offset.count() == l.offset);
      CHECK(info.abbrev == l.abbrev);
      // the period found contains the instant asked about
      CHECK(info.begin <= l.at);
      CHECK(l.at < info.end);
      ++checked;
    }
    INFO(name);
    CHECK(checked >= 2 * 2 * 60);
  }
}

TEST_CASE("an offset is the same whatever was asked before it", "[zone]") {
  // zone_info remembers the last stretch of each zone a thread asked about:
  // hour by hour forward, backward, and in turn with another zone, every
  // answer is the same, across the transitions of 2026-2027 and of 2060.
  for (const char* name : {"America/New_York", "Australia/Sydney", "Asia/Kolkata"}) {
    INFO(name);
    auto z = zone(name);
    auto other = zone("Europe/Berlin");
    for (const char* from : {"2026-01-01T00:00:00Z", "2060-01-01T00:00:00Z"}) {
      std::vector<Seconds> hours;
      for (Seconds t = at(from); hours.size() < 2 * 366 * 24; t += 1h) hours.push_back(t);
      std::vector<std::pair<long, std::string>> forward, backward, mixed;
      for (auto t : hours) {
        auto i = zone_info(z, t);
        REQUIRE(i.begin <= t);
        REQUIRE(t < i.end);
        forward.emplace_back(i.offset.count(), i.abbrev);
      }
      for (auto it = hours.rbegin(); it != hours.rend(); ++it) {
        auto i = zone_info(z, *it);
        backward.emplace_back(i.offset.count(), i.abbrev);
      }
      std::reverse(backward.begin(), backward.end());
      for (std::size_t k = 0; k < hours.size(); ++k) {
        (void)zone_info(other, hours[hours.size() - 1 - k]);
        auto i = zone_info(z, hours[k]);
        mixed.emplace_back(i.offset.count(), i.abbrev);
      }
      CHECK(forward == backward);
      CHECK(forward == mixed);
      // and the year has both offsets where the zone keeps DST
      const bool dst = std::string(name) != "Asia/Kolkata";
      CHECK((std::adjacent_find(forward.begin(), forward.end(), std::not_equal_to<>()) !=
             forward.end()) == dst);
    }
  }
}

TEST_CASE("DST goes on after 2037: offsets, gaps and folds in 2040 and later", "[zone]") {
  auto offset_at = [](const char* name, const char* rfc3339) {
    return zone_info(zone(name), at(rfc3339)).offset;
  };
  CHECK(offset_at("Europe/Berlin", "2040-07-15T12:00:00Z") == 2h);
  CHECK(offset_at("America/New_York", "2040-07-01T16:00:00Z") == -4h);
  CHECK(offset_at("America/New_York", "2100-12-01T16:00:00Z") == -5h);
  CHECK(offset_at("Australia/Sydney", "2040-01-15T01:00:00Z") == 11h);
  CHECK(offset_at("America/Santiago", "2100-01-15T15:00:00Z") == -3h);

  auto kind = [](const char* name, date::local_seconds t) {
    return zone_info(zone(name), t).result;
  };
  using date::local_info;
  CHECK(kind("America/New_York", local(2040, 3, 11, 2, 30)) == local_info::nonexistent);
  CHECK(kind("America/New_York", local(2040, 11, 4, 1, 30)) == local_info::ambiguous);
  CHECK(kind("America/New_York", local(2040, 7, 1, 12, 0)) == local_info::unique);
  CHECK(kind("Europe/Berlin", local(2040, 3, 25, 2, 30)) == local_info::nonexistent);
  CHECK(kind("Europe/Berlin", local(2040, 10, 28, 2, 30)) == local_info::ambiguous);
  CHECK(kind("Australia/Sydney", local(2040, 10, 7, 2, 30)) == local_info::nonexistent);
  CHECK(kind("Australia/Sydney", local(2040, 4, 1, 2, 30)) == local_info::ambiguous);
  CHECK(kind("America/Santiago", local(2041, 9, 8, 0, 30)) == local_info::nonexistent);
  CHECK(kind("America/Santiago", local(2041, 4, 6, 23, 30)) == local_info::ambiguous);

  auto gap = resolve_local(local(2040, 3, 11, 2, 30), zone("America/New_York"), DstPolicy::reject);
  REQUIRE_FALSE(gap);
  CHECK_THAT(gap.error().message, Catch::Contains("does not exist"));
  auto fold =
      resolve_local(local(2071, 11, 1, 1, 30), zone("America/New_York"), DstPolicy::earliest);
  REQUIRE(fold);
  CHECK(*fold == at("2071-11-01T05:30:00Z"));  // EDT, the first of the two

  WrittenTime summer{local(2040, 7, 1, 21, 0), std::chrono::minutes{-240}, "-04:00"};
  CHECK(resolve_written(summer, zone("America/New_York"), DstPolicy::reject));
  WrittenTime wrong{local(2040, 7, 1, 21, 0), std::chrono::minutes{-300}, "-05:00"};
  CHECK_FALSE(resolve_written(wrong, zone("America/New_York"), DstPolicy::reject));
  CHECK(format_rfc3339(at("2040-07-02T01:00:00Z"), zone("America/New_York")) ==
        "2040-07-01T21:00:00-04:00");
}

TEST_CASE("names of the zone directory that are not IANA zones are refused", "[zone]") {
  for (const char* name : {"localtime", "posixrules", "Factory"}) {
    auto r = resolve_zone(name);
    INFO(name);
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == ErrorKind::invalid_spec);
    CHECK_THAT(r.error().message, Catch::Contains("not an IANA time zone"));
  }
  CHECK(resolve_zone("US/Eastern"));  // a link is an IANA name
  CHECK(resolve_zone("Etc/UTC"));
  for (const auto& s : suggest_zones("localtim")) CHECK(s != "localtime");
}
