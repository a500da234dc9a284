#include <cxsched/schedule/expand.hpp>

#include "schedule/test_support.hpp"

using namespace cxsched::schedule;
using namespace cxsched::schedule::testing;
using namespace std::chrono_literals;

namespace {
constexpr std::uint8_t kSunday = 1u << 6;
}  // namespace

TEST_CASE("a New York window follows the zone's offset through the year", "[expand]") {
  auto s = schedule("America/New_York", "2027-01-01T00:00:00-05:00", "2028-01-01T00:00:00-05:00",
                    {window(kWeekdays, 9, 0, 17, 0)});
  SECTION("July is EDT") {
    auto got = expand(s, span("2027-07-01T00:00:00Z", "2027-07-02T00:00:00Z"));
    CHECK(got == std::vector<Interval>{span("2027-07-01T13:00:00Z", "2027-07-01T21:00:00Z")});
  }
  SECTION("December is EST") {
    auto got = expand(s, span("2027-12-01T00:00:00Z", "2027-12-02T00:00:00Z"));
    CHECK(got == std::vector<Interval>{span("2027-12-01T14:00:00Z", "2027-12-01T22:00:00Z")});
  }
  SECTION("the whole year: one interval per weekday, 8 hours each") {
    auto got = expand(s);
    CHECK(got.size() == 261);
    CHECK(total_seconds(got) == 261 * 8 * 3600);
    for (std::size_t i = 1; i < got.size(); ++i) CHECK(got[i - 1].end < got[i].start);
  }
}

TEST_CASE("windows on New York's spring-forward day", "[expand][dst]") {
  const char* from = "2027-03-14T00:00:00-05:00";
  const char* to = "2027-03-15T00:00:00-04:00";
  SECTION("09:00-17:00 is 13:00-21:00Z") {
    auto got = expand(schedule("America/New_York", from, to, {window(kSunday, 9, 0, 17, 0)}));
    CHECK(got == std::vector<Interval>{span("2027-03-14T13:00:00Z", "2027-03-14T21:00:00Z")});
  }
  SECTION("01:00-04:00 loses the missing hour: 06:00-07:00Z then 07:00-08:00Z") {
    auto got = expand(schedule("America/New_York", from, to, {window(kSunday, 1, 0, 4, 0)}));
    CHECK(got == std::vector<Interval>{span("2027-03-14T06:00:00Z", "2027-03-14T08:00:00Z")});
    CHECK(total_seconds(got) == 2 * 3600);
  }
  SECTION("a window starting inside the gap opens at the transition") {
    auto got = expand(schedule("America/New_York", from, to, {window(kSunday, 2, 30, 4, 0)}));
    CHECK(got == std::vector<Interval>{span("2027-03-14T07:00:00Z", "2027-03-14T08:00:00Z")});
  }
  SECTION("a window entirely inside the gap never opens") {
    auto s = schedule("America/New_York", from, to, {window(kSunday, 2, 10, 2, 50)});
    CHECK(expand(s).empty());
    CHECK_FALSE(ever_opens(s));
  }
}

TEST_CASE("windows on New York's fall-back day cover the repeated hour twice", "[expand][dst]") {
  const char* from = "2027-11-07T00:00:00-04:00";
  const char* to = "2027-11-08T00:00:00-05:00";
  SECTION("00:00-03:00 lasts 4 real hours") {
    auto got = expand(schedule("America/New_York", from, to, {window(kSunday, 0, 0, 3, 0)}));
    CHECK(got == std::vector<Interval>{span("2027-11-07T04:00:00Z", "2027-11-07T08:00:00Z")});
  }
  SECTION("01:30-02:30 is two separate pieces") {
    auto got = expand(schedule("America/New_York", from, to, {window(kSunday, 1, 30, 2, 30)}));
    CHECK(got == std::vector<Interval>{span("2027-11-07T05:30:00Z", "2027-11-07T06:00:00Z"),
                                       span("2027-11-07T06:30:00Z", "2027-11-07T07:30:00Z")});
  }
  SECTION("windows split by the fold come out sorted and merged") {
    auto got = expand(schedule("America/New_York", from, to,
                               {window(kSunday, 0, 0, 1, 30), window(kSunday, 1, 30, 3, 0)}));
    CHECK(got == std::vector<Interval>{span("2027-11-07T04:00:00Z", "2027-11-07T08:00:00Z")});
  }
  SECTION("per local day, the fall-back day has 25 hours") {
    auto s = schedule("America/New_York", from, to, {window(kEveryDay, 0, 0, 24, 0)});
    auto days = scheduled_seconds_by_local_day(s, span(from, to));
    REQUIRE(days.size() == 1);
    CHECK(days[0].first == date::local_days{date::year{2027} / 11 / 7});
    CHECK(days[0].second == 25 * 3600);
  }
}

TEST_CASE("Berlin's transitions on the last Sundays of March and October", "[expand][dst]") {
  SECTION("gap") {
    auto got = expand(schedule("Europe/Berlin", "2027-03-28T00:00:00+01:00",
                               "2027-03-29T00:00:00+02:00", {window(kSunday, 2, 30, 4, 0)}));
    CHECK(got == std::vector<Interval>{span("2027-03-28T01:00:00Z", "2027-03-28T02:00:00Z")});
  }
  SECTION("fold") {
    auto got = expand(schedule("Europe/Berlin", "2027-10-31T00:00:00+02:00",
                               "2027-11-01T00:00:00+01:00", {window(kSunday, 2, 0, 3, 0)}));
    CHECK(got == std::vector<Interval>{span("2027-10-31T00:00:00Z", "2027-10-31T02:00:00Z")});
  }
}

TEST_CASE("Lord Howe shifts by thirty minutes", "[expand][dst]") {
  SECTION("April: 01:00-03:00 lasts two and a half hours") {
    auto got = expand(schedule("Australia/Lord_Howe", "2027-04-04T00:00:00+11:00",
                               "2027-04-05T00:00:00+10:30", {window(kSunday, 1, 0, 3, 0)}));
    CHECK(got == std::vector<Interval>{span("2027-04-03T14:00:00Z", "2027-04-03T16:30:00Z")});
  }
  SECTION("October: 02:00-03:00 lasts thirty minutes") {
    auto got = expand(schedule("Australia/Lord_Howe", "2027-10-03T00:00:00+10:30",
                               "2027-10-04T00:00:00+11:00", {window(kSunday, 2, 0, 3, 0)}));
    CHECK(got == std::vector<Interval>{span("2027-10-02T15:30:00Z", "2027-10-02T16:00:00Z")});
  }
}

TEST_CASE("Kolkata has no DST and Sydney's summer is in January", "[expand]") {
  auto kolkata = schedule("Asia/Kolkata", "2027-01-01T00:00:00+05:30", "2028-01-01T00:00:00+05:30",
                          {window(kEveryDay, 9, 0, 17, 0)});
  auto got = expand(kolkata);
  REQUIRE(got.size() == 365);
  for (const auto& i : got) {
    CHECK(i.end - i.start == 8h);
    CHECK((i.start - date::floor<date::days>(i.start)) == 3h + 30min);
  }
  auto sydney = schedule("Australia/Sydney", "2027-01-01T00:00:00+11:00",
                         "2028-01-01T00:00:00+11:00", {window(kEveryDay, 9, 0, 17, 0)});
  CHECK(expand(sydney, span("2027-01-15T00:00:00Z", "2027-01-16T00:00:00Z")) ==
        std::vector<Interval>{span("2027-01-15T00:00:00Z", "2027-01-15T06:00:00Z"),
                              span("2027-01-15T22:00:00Z", "2027-01-16T00:00:00Z")});
  CHECK(expand(sydney, span("2027-07-15T00:00:00Z", "2027-07-16T00:00:00Z")) ==
        std::vector<Interval>{span("2027-07-15T00:00:00Z", "2027-07-15T07:00:00Z"),
                              span("2027-07-15T23:00:00Z", "2027-07-16T00:00:00Z")});
}

TEST_CASE("expansion clips, excludes and merges", "[expand]") {
  SECTION("clipped to the campaign's [start, end)") {
    auto got = expand(schedule("America/New_York", "2027-07-01T10:00:00-04:00",
                               "2027-07-02T12:00:00-04:00", {window(kEveryDay, 9, 0, 17, 0)}));
    CHECK(got == std::vector<Interval>{span("2027-07-01T14:00:00Z", "2027-07-01T21:00:00Z"),
                                       span("2027-07-02T13:00:00Z", "2027-07-02T16:00:00Z")});
  }
  SECTION("excluded dates open no window") {
    auto s = schedule("America/New_York", "2027-07-01T00:00:00-04:00", "2027-07-08T00:00:00-04:00",
                      {window(kWeekdays, 9, 0, 17, 0)});
    s.exclude_dates = {date::local_days{date::year{2027} / 7 / 5},
                       date::local_days{date::year{2027} / 7 / 2}};
    auto got = expand(s);
    REQUIRE(got.size() == 3);
    CHECK(got[0].start == at("2027-07-01T13:00:00Z"));
    CHECK(got[1].start == at("2027-07-06T13:00:00Z"));
  }
  SECTION("touching windows and days merge") {
    auto s = schedule("UTC", "2027-07-01T00:00:00Z", "2027-07-04T00:00:00Z",
                      {window(kEveryDay, 0, 0, 12, 0), window(kEveryDay, 12, 0, 24, 0)});
    CHECK(expand(s) == std::vector<Interval>{span("2027-07-01T00:00:00Z", "2027-07-04T00:00:00Z")});
  }
  SECTION("no windows: one continuous interval") {
    auto s = schedule("America/New_York", "2027-07-01T00:00:00-04:00", "2027-08-01T00:00:00-04:00");
    CHECK(expand(s) == std::vector<Interval>{span("2027-07-01T04:00:00Z", "2027-08-01T04:00:00Z")});
    CHECK(expand(s, span("2027-07-10T00:00:00Z", "2027-07-11T00:00:00Z")) ==
          std::vector<Interval>{span("2027-07-10T00:00:00Z", "2027-07-11T00:00:00Z")});
  }
  SECTION("end before start expands to nothing") {
    auto s = schedule("UTC", "2027-07-02T00:00:00Z", "2027-07-01T00:00:00Z",
                      {window(kEveryDay, 9, 0, 17, 0)});
    CHECK(expand(s).empty());
  }
}

TEST_CASE("a century-long campaign streams and clips without expanding it all", "[expand]") {
  auto s = schedule("America/New_York", "2027-01-01T00:00:00-05:00", "2127-01-01T00:00:00-05:00",
                    {window(kWeekdays, 9, 0, 17, 0)});
  Expander stream(s);
  auto first = stream.next();
  auto second = stream.next();
  REQUIRE(first);
  REQUIRE(second);
  CHECK(*first == span("2027-01-01T14:00:00Z", "2027-01-01T22:00:00Z"));
  CHECK(*second == span("2027-01-04T14:00:00Z", "2027-01-04T22:00:00Z"));
  auto week = expand(s, span("2030-06-03T00:00:00Z", "2030-06-10T00:00:00Z"));
  CHECK(week.size() == 5);
  CHECK(scheduled_seconds(s, span("2030-06-03T00:00:00Z", "2030-06-10T00:00:00Z")) ==
        5 * 8 * 3600);
}
