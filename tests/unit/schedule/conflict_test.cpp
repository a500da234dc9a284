#include <cxsched/schedule/conflict.hpp>

#include "schedule/test_support.hpp"

using namespace cxsched::schedule;
using namespace cxsched::schedule::testing;
using namespace std::chrono_literals;

namespace {

Schedule in_queue(Schedule s, std::string queue, std::string skill = {}) {
  s.queue_id = std::move(queue);
  s.skill = std::move(skill);
  return s;
}

const char* kMarchStart = "2027-03-01T00:00:00-05:00";
const char* kMarchEnd = "2027-04-01T00:00:00-04:00";

}  // namespace

TEST_CASE("overlapping date ranges with disjoint daily windows do not conflict", "[conflict]") {
  std::vector<Schedule> news{schedule("America/New_York", kMarchStart, kMarchEnd,
                                      {window(kWeekdays, 9, 0, 12, 0)})};
  std::vector<Schedule> existing{schedule("America/New_York", kMarchStart, kMarchEnd,
                                          {window(kWeekdays, 13, 0, 17, 0)})};
  CHECK(find_conflicts(news, existing, ConflictScope::all).empty());
}

TEST_CASE("half-open windows that touch do not conflict", "[conflict]") {
  std::vector<Schedule> news{schedule("America/New_York", kMarchStart, kMarchEnd,
                                      {window(kWeekdays, 9, 0, 12, 0)})};
  std::vector<Schedule> existing{
      schedule("America/New_York", kMarchStart, kMarchEnd, {window(kWeekdays, 12, 0, 15, 0)}),
      schedule("UTC", "2027-02-01T00:00:00Z", "2027-03-01T05:00:00Z")};
  CHECK(find_conflicts(news, existing, ConflictScope::all).empty());
}

TEST_CASE("a conflict that appears only once the US offset changes", "[conflict][dst]") {
  // 09:00-10:00 in New York is 14:00-15:00Z in winter and 13:00-14:00Z from
  // March 14; 18:30-19:30 in Kolkata is always 13:00-14:00Z.
  std::vector<Schedule> news{schedule("America/New_York", kMarchStart, kMarchEnd,
                                      {window(kWeekdays, 9, 0, 10, 0)})};
  std::vector<Schedule> existing{schedule("Asia/Kolkata", "2027-03-01T00:00:00+05:30",
                                          "2027-04-01T00:00:00+05:30",
                                          {window(kWeekdays, 18, 30, 19, 30)})};
  auto got = find_conflicts(news, existing, ConflictScope::all);
  REQUIRE(got.size() == 1);
  CHECK(got[0].a == 0);
  CHECK(got[0].b == 1);
  CHECK(got[0].first == span("2027-03-15T13:00:00Z", "2027-03-15T14:00:00Z"));
  CHECK(format_local(got[0].first.start, news[0].zone) == "2027-03-15T09:00-04:00 (EDT)");
  CHECK(format_local(got[0].first.start, existing[0].zone) == "2027-03-15T18:30+05:30 (IST)");
  CHECK(got[0].overlaps == 13);
  CHECK(got[0].overlap_seconds == 13 * 3600);

  SECTION("and not at all when the campaigns end before the change") {
    std::vector<Schedule> early{schedule("America/New_York", kMarchStart,
                                         "2027-03-14T00:00:00-05:00",
                                         {window(kWeekdays, 9, 0, 10, 0)})};
    CHECK(find_conflicts(early, existing, ConflictScope::all).empty());
  }
}

TEST_CASE("every conflicting pair is reported, with every overlapping interval counted",
          "[conflict]") {
  std::vector<Schedule> news{schedule("America/New_York", "2027-07-05T00:00:00-04:00",
                                      "2027-07-12T00:00:00-04:00", {window(kEveryDay, 9, 0, 17, 0)})};
  std::vector<Schedule> existing{
      schedule("America/Chicago", "2027-07-01T00:00:00-05:00", "2027-08-01T00:00:00-05:00",
               {window(kWeekdays, 15, 0, 18, 0)}),
      schedule("America/New_York", "2027-07-01T00:00:00-04:00", "2027-08-01T00:00:00-04:00",
               {window(kWeekdays, 17, 0, 19, 0)}),
      schedule("UTC", "2027-07-08T00:00:00Z", "2027-07-20T00:00:00Z"),
      schedule("UTC", "2027-01-01T00:00:00Z", "2027-02-01T00:00:00Z")};
  auto got = find_conflicts(news, existing, ConflictScope::all);
  REQUIRE(got.size() == 2);
  CHECK(got[0].b == 1);
  CHECK(got[0].first == span("2027-07-05T20:00:00Z", "2027-07-05T21:00:00Z"));
  CHECK(got[0].overlaps == 5);
  CHECK(got[0].overlap_seconds == 5 * 3600);
  CHECK(got[1].b == 3);
  CHECK(got[1].first == span("2027-07-08T13:00:00Z", "2027-07-08T21:00:00Z"));
  CHECK(got[1].overlaps == 4);
  CHECK(got[1].overlap_seconds == 4 * 8 * 3600);
}

TEST_CASE("new specs are checked against each other", "[conflict]") {
  std::vector<Schedule> news{
      schedule("America/New_York", kMarchStart, kMarchEnd, {window(kWeekdays, 9, 0, 12, 0)}),
      schedule("America/New_York", kMarchStart, kMarchEnd, {window(kWeekdays, 13, 0, 17, 0)}),
      schedule("America/New_York", kMarchStart, kMarchEnd, {window(kWeekdays, 11, 0, 14, 0)})};
  auto got = find_conflicts(news, {}, ConflictScope::all);
  REQUIRE(got.size() == 2);
  CHECK((got[0].a == 0 && got[0].b == 2));
  CHECK((got[1].a == 1 && got[1].b == 2));
  CHECK(got[0].overlaps == 23);
  CHECK(got[0].first == span("2027-03-01T16:00:00Z", "2027-03-01T17:00:00Z"));
}

TEST_CASE("scopes limit which campaigns are compared", "[conflict]") {
  auto base = schedule("America/New_York", kMarchStart, kMarchEnd, {window(kWeekdays, 9, 0, 17, 0)});
  std::vector<Schedule> news{in_queue(base, "q1", "spanish")};
  std::vector<Schedule> existing{in_queue(base, "q1", ""), in_queue(base, "q2", "spanish"),
                                 in_queue(base, "q3", "")};
  auto pairs = [&](ConflictScope scope) {
    std::vector<std::size_t> bs;
    for (const auto& c : find_conflicts(news, existing, scope)) bs.push_back(c.b);
    return bs;
  };
  CHECK(pairs(ConflictScope::all) == std::vector<std::size_t>{1, 2, 3});
  CHECK(pairs(ConflictScope::queue) == std::vector<std::size_t>{1});
  CHECK(pairs(ConflictScope::skill) == std::vector<std::size_t>{2});
  SECTION("an empty skill matches nothing, not other empty skills") {
    std::vector<Schedule> unskilled{in_queue(base, "q9", "")};
    CHECK(find_conflicts(unskilled, existing, ConflictScope::skill).empty());
  }
}

TEST_CASE("conflicting statuses are ACTIVE, ACTIVATING and SCHEDULED", "[conflict]") {
  for (auto s : {"ACTIVE", "ACTIVATING", "SCHEDULED"}) CHECK(conflicting_status(s));
  for (auto s : {"DRAFT", "PAUSED", "COMPLETED", "FAILED", "CANCELED", "active", ""})
    CHECK_FALSE(conflicting_status(s));
}
