#include <cxsched/schedule/conflict.hpp>

#include <algorithm>
#include <random>

#include <cxsched/schedule/expand.hpp>

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

namespace {

// The plain answer: every merged interval of both, every overlapping pair.
Conflict brute_force(const Schedule& a, const Schedule& b) {
  Conflict c;
  const auto xs = expand(a), ys = expand(b);
  for (const auto& x : xs) {
    for (const auto& y : ys) {
      Interval o{std::max(x.start, y.start), std::min(x.end, y.end)};
      if (o.empty()) continue;
      if (c.overlaps == 0 || o.start < c.first.start) c.first = o;
      ++c.overlaps;
      c.overlap_seconds += (o.end - o.start).count();
    }
  }
  return c;
}

Schedule random_schedule(std::mt19937& rng) {
  static const char* const zones[] = {"America/New_York", "Europe/Berlin",   "Australia/Sydney",
                                      "Australia/Lord_Howe", "Asia/Kolkata", "UTC",
                                      "America/Santiago", "Pacific/Chatham", "Asia/Kathmandu"};
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Schedule s;
  s.name = "random";
  s.zone = zone(zones[pick(0, 8)]);
  s.start = at("2026-01-01T00:00:00Z") + std::chrono::seconds{pick(0, 600 * 86400)};
  s.end = s.start + std::chrono::seconds{pick(3600, 700 * 86400)};
  const int shape = pick(0, 9);
  if (shape == 0) return s;  // continuous
  if (shape == 1) {          // every minute of every day: one interval across weeks
    s.windows = {Window{0x7F, 0, 1440}};
  } else {
    for (int n = pick(1, 3); n > 0; --n) {
      const int from = pick(0, 95) * 15;
      const int to = pick(0, 3) == 0 ? 1440 : std::min(1440, from + pick(1, 40) * 15);
      s.windows.push_back(Window{static_cast<std::uint8_t>(pick(1, 127)), from, to});
    }
    if (pick(0, 2) == 0) s.windows.push_back(Window{0x7F, 0, pick(1, 8) * 15});  // meets the night before
  }
  for (int n = pick(0, 3); n > 0; --n)
    s.exclude_dates.push_back(date::floor<date::days>(
        date::local_seconds{(s.start + std::chrono::seconds{pick(0, 700 * 86400)}).time_since_epoch()}));
  return s;
}

}  // namespace

TEST_CASE("weeks read once and multiplied give what every interval compared gives",
          "[conflict][dst]") {
  std::mt19937 rng(20270314);
  for (int round = 0; round < 60; ++round) {
    std::vector<Schedule> news, existing;
    for (int i = std::uniform_int_distribution<int>(1, 3)(rng); i > 0; --i)
      news.push_back(random_schedule(rng));
    for (int i = 0; i < 12; ++i) existing.push_back(random_schedule(rng));
    std::vector<Conflict> want;
    for (std::size_t i = 0; i < news.size(); ++i)
      for (std::size_t j = 0; j < existing.size(); ++j)
        if (auto c = brute_force(news[i], existing[j]); c.overlaps > 0) {
          c.a = i;
          c.b = news.size() + j;
          want.push_back(c);
        }
    std::vector<Conflict> got;
    for (const auto& c : find_conflicts(news, existing, ConflictScope::all))
      if (c.b >= news.size()) got.push_back(c);
    INFO("round " << round);
    REQUIRE(got.size() == want.size());
    for (std::size_t k = 0; k < got.size(); ++k) {
      INFO("pair " << got[k].a << ", " << got[k].b);
      CHECK(got[k].b == want[k].b);
      CHECK(got[k].overlaps == want[k].overlaps);
      CHECK(got[k].overlap_seconds == want[k].overlap_seconds);
      CHECK(got[k].first == want[k].first);
    }
  }
}
