#include <catch2/catch.hpp>

#include "schedule/test_support.hpp"

#include <cxsched/report/adherence.hpp>
#include <cxsched/schedule/format.hpp>
#include <cxsched/util/json.hpp>

using namespace cxsched;
using namespace cxsched::report;
using namespace std::chrono_literals;

namespace {

using schedule::testing::at;
const date::time_zone* new_york() { return schedule::testing::zone("America/New_York"); }

// Mon-Fri 09:00-17:00 in New York, from Monday 2025-03-03 for four weeks.
schedule::Schedule weekday_schedule() {
  schedule::Schedule s;
  s.id = "c-1";
  s.zone = new_york();
  s.start = at("2025-03-03T00:00:00-05:00");
  s.end = at("2025-03-31T00:00:00-04:00");
  s.windows = {{0x1F, 9 * 60, 17 * 60}};
  return s;
}

RawBucket bucket(const char* start, std::int64_t dialing, std::optional<double> adherence,
                 std::int64_t connected = 0, std::int64_t abandoned = 0) {
  RawBucket b;
  b.interval = {at(start), at(start) + 15min};
  b.values[static_cast<std::size_t>(Metric::dialing_seconds)] = static_cast<double>(dialing);
  if (adherence) b.values[static_cast<std::size_t>(Metric::schedule_adherence)] = *adherence;
  b.values[static_cast<std::size_t>(Metric::calls_attempted)] = static_cast<double>(3 * connected);
  b.values[static_cast<std::size_t>(Metric::calls_connected)] = static_cast<double>(connected);
  b.values[static_cast<std::size_t>(Metric::calls_abandoned)] = static_cast<double>(abandoned);
  return b;
}

}  // namespace

TEST_CASE("parse_answer merges disposition groups: counts add up, dialing time is taken once") {
  auto doc = util::parse_json(R"({"campaignId":"c-1","interval":"PT15M","results":[
    {"group":{"timeInterval":"2025-03-03T14:00:00Z/2025-03-03T14:15:00Z","disposition":"CONNECTED"},
     "data":[{"name":"callsAttempted","value":15},{"name":"callsConnected","value":15},
             {"name":"dialingSeconds","value":900},{"name":"scheduleAdherence","value":100}]},
    {"group":{"timeInterval":"2025-03-03T14:00:00Z/2025-03-03T14:15:00Z","disposition":"NO_ANSWER"},
     "data":[{"name":"callsAttempted","value":30},{"name":"callsConnected","value":0},
             {"name":"dialingSeconds","value":900},{"name":"scheduleAdherence","value":100},
             {"name":"somethingNew","value":7}]},
    {"group":{"timeInterval":"2025-03-03T13:45:00Z/2025-03-03T14:00:00Z"},
     "data":[{"name":"dialingSeconds","value":600}]},
    {"group":{"disposition":"CONNECTED"},"data":[]}]})", "test");
  REQUIRE(doc);
  auto buckets = parse_answer(*doc);
  REQUIRE(buckets);
  REQUIRE(buckets->size() == 2);
  CHECK((*buckets)[0].interval.start == at("2025-03-03T13:45:00Z"));
  const auto& b = (*buckets)[1];
  CHECK(b.get(Metric::calls_attempted) == 45.0);
  CHECK(b.get(Metric::calls_connected) == 15.0);
  CHECK(b.get(Metric::dialing_seconds) == 900.0);
  CHECK(b.get(Metric::schedule_adherence) == 100.0);
  CHECK_FALSE(b.get(Metric::talk_time_seconds));
}

TEST_CASE("parse_answer refuses a timeInterval it cannot read and accepts a missing results") {
  SECTION("malformed interval") {
    auto doc = util::parse_json(
        R"({"results":[{"group":{"timeInterval":"2025-03-03T14:00:00Z"},"data":[]}]})", "t");
    auto buckets = parse_answer(*doc);
    REQUIRE_FALSE(buckets);
    CHECK(buckets.error().kind == ErrorKind::internal);
    CHECK(buckets.error().message.find("2025-03-03T14:00:00Z") != std::string::npos);
  }
  SECTION("no results at all") {
    auto doc = util::parse_json(R"({"campaignId":"c-1"})", "t");
    auto buckets = parse_answer(*doc);
    REQUIRE(buckets);
    CHECK(buckets->empty());
  }
}

TEST_CASE("classify splits dialing time with scheduleAdherence, else by the scheduled time") {
  SECTION("late start inside a fully scheduled bucket") {
    auto a = classify(bucket("2025-03-03T14:00:00Z", 600, 66.67), 900);
    CHECK(a.inside == 600);
    CHECK(a.outside == 0);
  }
  SECTION("a window ending mid-bucket with an overrun: 5 min scheduled and dialed, 10 min over") {
    auto a = classify(bucket("2025-03-03T22:00:00Z", 900, 100.0), 300);
    CHECK(a.inside == 300);
    CHECK(a.outside == 600);
  }
  SECTION("nothing scheduled: everything is outside") {
    auto a = classify(bucket("2025-03-03T22:15:00Z", 600, std::nullopt), 0);
    CHECK(a.inside == 0);
    CHECK(a.outside == 600);
  }
  SECTION("a server without scheduleAdherence") {
    auto a = classify(bucket("2025-03-03T22:00:00Z", 900, std::nullopt), 300);
    CHECK(a.inside == 300);
    CHECK(a.outside == 600);
  }
}

TEST_CASE("compute_report: scheduled, inside and outside minutes per local day, worst day") {
  auto s = weekday_schedule();
  ReportInput in;
  in.campaign = {"c-1", "Spring", "ACTIVE", "America/New_York"};
  in.schedule = &s;
  // Monday 3rd and Tuesday 4th March (EST, -05:00), local days.
  in.range = {at("2025-03-03T00:00:00-05:00"), at("2025-03-05T00:00:00-05:00")};
  in.requested = in.range;
  in.display = Granularity::p1d;
  // Monday: every quarter of 09:00-17:00 fully dialed except the first (10 of 15 min).
  for (auto t = at("2025-03-03T14:00:00Z"); t < at("2025-03-03T22:00:00Z"); t += 15min) {
    auto b = bucket(schedule::format_utc(t).c_str(), 900, 100.0, 15, 0);
    if (t == at("2025-03-03T14:00:00Z")) b = bucket("2025-03-03T14:00:00Z", 600, 66.67, 10, 0);
    in.raw.push_back(b);
  }
  // Tuesday: only 09:00-13:00 dialed, then 10 minutes after 17:00.
  for (auto t = at("2025-03-04T14:00:00Z"); t < at("2025-03-04T18:00:00Z"); t += 15min)
    in.raw.push_back(bucket(schedule::format_utc(t).c_str(), 900, 100.0, 20, 1));
  in.raw.push_back(bucket("2025-03-04T22:00:00Z", 600, std::nullopt, 10, 0));
  in.queries = 1;

  auto r = compute_report(in);
  REQUIRE(r.days.size() == 2);
  CHECK(r.days[0].activity.scheduled == 480 * 60);
  CHECK(r.days[0].activity.inside == 475 * 60);
  CHECK(r.days[0].activity.outside == 0);
  CHECK(r.days[0].offset_begin == -5h);
  CHECK(r.days[1].activity.scheduled == 480 * 60);
  CHECK(r.days[1].activity.inside == 240 * 60);
  CHECK(r.days[1].activity.outside == 10 * 60);
  CHECK(r.summary.total.scheduled == 960 * 60);
  CHECK(r.summary.total.inside == 715 * 60);
  CHECK(adherence_percent(r.days[0].activity) == Approx(98.96));
  CHECK(r.summary.adherence == Approx(74.48));
  REQUIRE(r.summary.worst_day);
  CHECK(*r.summary.worst_day == date::local_days{date::year{2025} / 3 / 4});
  CHECK(r.summary.days_with_outside_activity == 1);
  CHECK(r.summary.total.connected == 31 * 15 + 10 + 16 * 20 + 10);
  CHECK(r.summary.total.abandoned == 16);
  CHECK_FALSE(r.summary.abandonment_above_limit);

  REQUIRE(r.buckets.size() == 2);
  CHECK(r.buckets[1].activity.inside == 240 * 60);
  CHECK(r.buckets[1].raw[static_cast<std::size_t>(Metric::dialing_seconds)] == 16 * 900.0 + 600.0);
  CHECK(r.buckets[1].raw[static_cast<std::size_t>(Metric::schedule_adherence)] == 50.0);
}

TEST_CASE("compute_report flags an abandonment rate above 3 % of connected calls") {
  auto s = weekday_schedule();
  ReportInput in;
  in.campaign = {"c-1", "", "ACTIVE", "America/New_York"};
  in.schedule = &s;
  in.range = {at("2025-03-03T14:00:00Z"), at("2025-03-03T15:00:00Z")};
  in.requested = in.range;
  in.raw.push_back(bucket("2025-03-03T14:00:00Z", 900, 100.0, 100, 4));
  auto r = compute_report(in);
  CHECK(r.summary.abandonment == Approx(4.0));
  CHECK(r.summary.abandonment_above_limit);
  in.raw[0] = bucket("2025-03-03T14:00:00Z", 900, 100.0, 100, 3);
  CHECK_FALSE(compute_report(in).summary.abandonment_above_limit);
}

TEST_CASE("compute_report of an empty range or a range without activity") {
  auto s = weekday_schedule();
  ReportInput in;
  in.campaign = {"c-1", "", "ACTIVE", "America/New_York"};
  in.schedule = &s;
  SECTION("empty range") {
    in.range = {at("2025-03-03T14:00:00Z"), at("2025-03-03T14:00:00Z")};
    auto r = compute_report(in);
    CHECK(r.days.empty());
    CHECK(r.buckets.empty());
    CHECK(r.summary.total == Activity{});
    CHECK_FALSE(r.summary.adherence);
  }
  SECTION("a weekend: nothing scheduled, nothing dialed") {
    in.range = {at("2025-03-08T00:00:00-05:00"), at("2025-03-10T00:00:00-04:00")};
    auto r = compute_report(in);
    CHECK(r.days.size() == 2);
    CHECK(r.summary.total == Activity{});
    CHECK_FALSE(r.summary.worst_day);
    CHECK_FALSE(r.summary.abandonment);
  }
}

TEST_CASE("display_grid: local days follow DST, UTC grids do not") {
  const Interval range{at("2025-11-01T00:00:00-04:00"), at("2025-11-04T00:00:00-05:00")};
  SECTION("P1D in the campaign's zone: the fall-back day has 25 hours") {
    auto grid = display_grid(range, Granularity::p1d, new_york(), false);
    REQUIRE(grid.size() == 3);
    CHECK(grid[1].start == at("2025-11-02T00:00:00-04:00"));
    CHECK(grid[1].end - grid[1].start == 25h);
  }
  SECTION("P1D in UTC: UTC days clipped to the range") {
    auto grid = display_grid(range, Granularity::p1d, new_york(), true);
    REQUIRE(grid.size() == 4);
    CHECK(grid[0].start == range.start);
    CHECK(grid[0].end == at("2025-11-02T00:00:00Z"));
    CHECK(grid[3].end == range.end);
  }
  SECTION("PT1H") {
    auto grid = display_grid(range, Granularity::pt1h, new_york(), false);
    CHECK(grid.size() == 73);
  }
}

TEST_CASE("local_midnight resolves a midnight that DST skips to the transition") {
  // Santiago springs forward at 24:00 on 2024-09-07: 2024-09-08T00:00 does not exist.
  auto zone = date::locate_zone("America/Santiago");
  auto t = local_midnight(date::local_days{date::year{2024} / 9 / 8}, zone);
  CHECK(t == at("2024-09-08T04:00:00Z"));
  CHECK(local_midnight(date::local_days{date::year{2025} / 3 / 3}, nullptr) ==
        at("2025-03-03T00:00:00Z"));
}

TEST_CASE("parse_granularity accepts the API's four intervals only") {
  CHECK(parse_granularity("PT15M") == Granularity::pt15m);
  CHECK(parse_granularity("p1d") == Granularity::p1d);
  auto bad = parse_granularity("PT5M");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().kind == ErrorKind::usage);
  CHECK(length(Granularity::pt30m) == 30min);
}

TEST_CASE("scheduled time still ahead of now is upcoming, not missed") {
  auto s = weekday_schedule();
  ReportInput in;
  in.campaign = {"c-1", "Spring", "ACTIVE", "America/New_York"};
  in.schedule = &s;
  // Monday 3rd and Tuesday 4th March; now is Monday 13:00 local (18:00Z).
  in.range = {at("2025-03-03T00:00:00-05:00"), at("2025-03-05T00:00:00-05:00")};
  in.requested = in.range;
  in.now = at("2025-03-03T18:00:00Z");
  in.display = Granularity::p1d;
  // Monday 09:00-13:00 fully dialed.
  for (auto t = at("2025-03-03T14:00:00Z"); t < at("2025-03-03T18:00:00Z"); t += 15min)
    in.raw.push_back(bucket(schedule::format_utc(t).c_str(), 900, 100.0, 15, 0));
  auto r = compute_report(in);
  CHECK(r.range == in.requested);
  CHECK(r.now == in.now);
  REQUIRE(r.days.size() == 2);
  CHECK(r.days[0].activity.scheduled == 480 * 60);
  CHECK(r.days[0].activity.upcoming == 240 * 60);
  CHECK(r.days[0].activity.inside == 240 * 60);
  CHECK(adherence_percent(r.days[0].activity) == 100.0);
  CHECK(r.days[1].activity.upcoming == 480 * 60);
  CHECK_FALSE(adherence_percent(r.days[1].activity));  // nothing due yet
  CHECK(r.summary.total.upcoming == 720 * 60);
  CHECK(r.summary.adherence == 100.0);
  CHECK(r.summary.worst_day == r.days[0].day);
  REQUIRE(r.buckets.size() == 2);
  CHECK(r.buckets[0].activity.upcoming == 240 * 60);
}
