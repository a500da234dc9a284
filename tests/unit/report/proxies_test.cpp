// The dial proxies of a platform without dialer-active time (acd):
// dialsOutsideSchedule and scheduledIntervalsWithDials.
#include <catch2/catch.hpp>

#include "schedule/test_support.hpp"

#include <cxsched/report/render.hpp>
#include <cxsched/util/json.hpp>

using namespace cxsched;
using namespace cxsched::report;
using namespace std::chrono_literals;

namespace {

using schedule::testing::at;

// Mon-Fri in New York from `start` to the end of March 2025.
schedule::Schedule weekdays(int from_min, int to_min, const char* start) {
  schedule::Schedule s;
  s.id = "11";
  s.zone = schedule::testing::zone("America/New_York");
  s.start = at(start);
  s.end = at("2025-03-31T00:00:00-04:00");
  s.windows = {{0x1F, from_min, to_min}};
  return s;
}

// A dialer row as the acd adapter maps it: calls only, no dialing time.
RawBucket row(const char* start, std::int64_t dials) {
  RawBucket b;
  b.interval = {at(start), at(start) + 15min};
  b.values[static_cast<std::size_t>(Metric::calls_attempted)] = static_cast<double>(dials);
  b.values[static_cast<std::size_t>(Metric::calls_connected)] = static_cast<double>(dials / 3);
  b.values[static_cast<std::size_t>(Metric::calls_abandoned)] = 0.0;
  return b;
}

CampaignReport report_of(const schedule::Schedule& s, Interval range, std::vector<RawBucket> rows,
                         Seconds now = Seconds::max(), bool proxies = true) {
  ReportInput in;
  in.campaign = {"11", "History", "SCHEDULED", "America/New_York"};
  in.schedule = &s;
  in.range = range;
  in.requested = range;
  in.now = now;
  in.display = Granularity::pt1h;
  in.dial_proxies = proxies;
  in.raw = std::move(rows);
  return compute_report(in);
}

}  // namespace

TEST_CASE("a row straddling a window edge is in the window; one that only touches it is outside") {
  // Windows 09:10-17:00 EST; Wednesday 2025-03-05.
  const auto s = weekdays(9 * 60 + 10, 17 * 60, "2025-03-03T00:00:00-05:00");
  const auto r = report_of(s, {at("2025-03-05T00:00:00-05:00"), at("2025-03-06T00:00:00-05:00")},
                           {row("2025-03-05T08:45:00-05:00", 12),    // ends where nothing opens
                            row("2025-03-05T09:00:00-05:00", 30),    // meets 09:10-09:15
                            row("2025-03-05T17:00:00-05:00", 5)});   // starts at the close
  const auto& t = r.summary.total;
  CHECK(t.attempted == 47);
  CHECK(t.dials_outside == 17);
  // 09:00 (straddling) to 16:45: 32 scheduled intervals, one with dials.
  CHECK(t.scheduled_intervals == 32);
  CHECK(t.intervals_with_dials == 1);
  CHECK(intervals_with_dials_percent(t) == 3.13);
  CHECK(r.summary.days_with_outside_activity == 1);
  // No dialer-active time: no adherence, no worst day, no dialing seconds.
  CHECK_FALSE(r.summary.adherence);
  CHECK_FALSE(r.summary.worst_day);
  for (const auto& b : r.buckets) {
    CHECK_FALSE(b.raw[static_cast<std::size_t>(Metric::dialing_seconds)]);
    CHECK_FALSE(b.raw[static_cast<std::size_t>(Metric::schedule_adherence)]);
    CHECK(b.raw[static_cast<std::size_t>(Metric::calls_attempted)]);
  }
  // The 08:00 hour holds the 08:45 row (outside); the 09:00 hour its four
  // scheduled intervals, one dialed.
  const auto& eight = r.buckets[8];
  const auto& nine = r.buckets[9];
  CHECK(eight.activity.dials_outside == 12);
  CHECK(eight.activity.scheduled_intervals == 0);
  CHECK(nine.activity.dials_outside == 0);
  CHECK(nine.activity.scheduled_intervals == 4);
  CHECK(nine.activity.intervals_with_dials == 1);
}

TEST_CASE("a row before the campaign's startDate is outside the windows, whatever its hour") {
  // The campaign starts Wednesday 2025-03-05 00:00; windows 09:00-17:00.
  const auto s = weekdays(9 * 60, 17 * 60, "2025-03-05T00:00:00-05:00");
  const auto r = report_of(s, {at("2025-03-04T00:00:00-05:00"), at("2025-03-06T00:00:00-05:00")},
                           {row("2025-03-04T10:00:00-05:00", 40), row("2025-03-05T10:00:00-05:00", 10)});
  REQUIRE(r.days.size() == 2);
  CHECK(r.days[0].activity.dials_outside == 40);
  CHECK(r.days[0].activity.scheduled_intervals == 0);
  CHECK_FALSE(intervals_with_dials_percent(r.days[0].activity));
  CHECK(r.days[1].activity.dials_outside == 0);
  CHECK(r.days[1].activity.scheduled_intervals == 32);
  CHECK(r.days[1].activity.intervals_with_dials == 1);
  CHECK(r.summary.total.dials_outside == 40);
}

TEST_CASE("the windows follow the business unit's zone through a DST change") {
  // 09:00-17:00 in New York; DST starts Sunday 2025-03-09. The same UTC
  // hours are outside on Friday (EST) and inside on Monday (EDT), and the
  // other way round at the close.
  const auto s = weekdays(9 * 60, 17 * 60, "2025-03-03T00:00:00-05:00");
  const auto r = report_of(s, {at("2025-03-07T00:00:00-05:00"), at("2025-03-11T00:00:00-04:00")},
                           {row("2025-03-07T13:45:00Z", 10),    // Fri 08:45 EST: outside
                            row("2025-03-07T21:30:00Z", 11),    // Fri 16:30 EST: inside
                            row("2025-03-10T13:45:00Z", 12),    // Mon 09:45 EDT: inside
                            row("2025-03-10T21:30:00Z", 13)});  // Mon 17:30 EDT: outside
  REQUIRE(r.days.size() == 4);
  CHECK(r.days[0].activity.dials_outside == 10);
  CHECK(r.days[3].activity.dials_outside == 13);
  CHECK(r.summary.total.dials_outside == 23);
  for (std::size_t i : {std::size_t{0}, std::size_t{3}}) {
    CHECK(r.days[i].activity.scheduled_intervals == 32);
    CHECK(r.days[i].activity.intervals_with_dials == 1);
  }
  CHECK(r.days[1].activity.scheduled_intervals == 0);
  CHECK(r.days[2].activity.scheduled_intervals == 0);
  CHECK(intervals_with_dials_percent(r.summary.total) == 3.13);
}

TEST_CASE("scheduled intervals still ahead of now are not counted as undialed") {
  const auto s = weekdays(9 * 60, 17 * 60, "2025-03-03T00:00:00-05:00");
  const auto r = report_of(s, {at("2025-03-05T00:00:00-05:00"), at("2025-03-06T00:00:00-05:00")},
                           {row("2025-03-05T09:00:00-05:00", 30)},
                           at("2025-03-05T12:00:00-05:00"));
  CHECK(r.summary.total.scheduled_intervals == 12);
  CHECK(intervals_with_dials_percent(r.summary.total) == 8.33);
}

TEST_CASE("without proxies (the campaigns platform) nothing of them is computed or shown") {
  const auto s = weekdays(9 * 60, 17 * 60, "2025-03-03T00:00:00-05:00");
  const auto r = report_of(s, {at("2025-03-05T00:00:00-05:00"), at("2025-03-06T00:00:00-05:00")},
                           {row("2025-03-05T08:00:00-05:00", 30)}, Seconds::max(), false);
  CHECK(r.summary.total.dials_outside == 0);
  CHECK(r.summary.total.scheduled_intervals == 0);
  const std::vector<CampaignReport> reports{r};
  const auto json = render_json(reports, all_metrics);
  CHECK(json.find("dialsOutsideSchedule") == std::string::npos);
  CHECK(json.find("scheduledIntervalsWithDials") == std::string::npos);
  CHECK(json.find("\"notes\"") == std::string::npos);
  CHECK(render_csv(reports, all_metrics).find("dials_outside_schedule") == std::string::npos);
  CHECK(day_table(r).headers[3] == "INSIDE MIN");
}

TEST_CASE("every output shows the proxies and the notes of an acd report") {
  const auto s = weekdays(9 * 60 + 10, 17 * 60, "2025-03-03T00:00:00-05:00");
  auto r = report_of(s, {at("2025-03-05T00:00:00-05:00"), at("2025-03-06T00:00:00-05:00")},
                     {row("2025-03-05T08:45:00-05:00", 12), row("2025-03-05T09:00:00-05:00", 30)});
  r.notes.push_back("2 of 2 dialer rows had an intervalStartDate without a UTC offset");
  const std::vector<CampaignReport> reports{r};

  auto doc = util::parse_json(render_json(reports, all_metrics), "report");
  REQUIRE(doc);
  const auto& one = (*doc)["reports"][0];
  const auto& summary = one["summary"];
  CHECK(summary["dialsOutsideSchedule"].GetInt64() == 12);
  CHECK(summary["scheduledIntervalsWithDials"].GetDouble() == 3.13);
  CHECK(summary["adherencePercent"].IsNull());
  CHECK(summary["activeInsideMinutes"].IsNull());
  CHECK(one["days"][0]["dialsOutsideSchedule"].GetInt64() == 12);
  const auto& eight = one["buckets"][8];
  CHECK(eight["dialsOutsideSchedule"].GetInt64() == 12);
  CHECK(eight["scheduledIntervalsWithDials"].IsNull());
  CHECK(eight["activeOutsideSeconds"].IsNull());
  CHECK(eight["metrics"]["dialingSeconds"].IsNull());
  CHECK(eight["metrics"]["scheduleAdherence"].IsNull());
  CHECK(eight["metrics"]["callsAttempted"].GetInt64() == 12);
  CHECK(one["buckets"][9]["scheduledIntervalsWithDials"].GetDouble() == 25.0);
  REQUIRE(one["notes"].IsArray());
  CHECK(std::string(one["notes"][0].GetString()).find("without a UTC offset") != std::string::npos);

  const auto csv = render_csv(reports, all_metrics);
  const auto header = csv.substr(0, csv.find("\r\n"));
  CHECK(header.find("abandonment_percent,dials_outside_schedule,scheduled_intervals_with_dials,"
                    "calls_attempted") != std::string::npos);
  // The 08:00 row: no active minutes or adherence, 12 dials outside, no share.
  CHECK(csv.find("2025-03-05,0,,,,0,0.00,12,,12,4,0,,,") != std::string::npos);

  const auto table = day_table(r);
  CHECK(table.headers[3] == "DIALS OUTSIDE");
  CHECK(table.headers[4] == "INTERVALS WITH DIALS %");
  CHECK(table.rows[0][3] == "12");
  CHECK(table.rows[0][4] == "3.13");
  CHECK(table.outside_rows == std::vector<int>{0});
  CHECK(table.worst_row == -1);
  const auto line = summary_line(r);
  CHECK(line.find("dials in 3.13 % of the scheduled intervals (1 of 32)") != std::string::npos);
  CHECK(line.find("12 dials outside the windows on 1 day") != std::string::npos);
  CHECK(line.find("adherence") == std::string::npos);

  const auto chart = render_chart(reports, ChartFormat::svg);
  CHECK(chart.find("dials outside the windows 12") != std::string::npos);
  CHECK(chart.find("scheduled intervals with dials 3.13 %") != std::string::npos);
  CHECK(chart.find("note: 2 of 2 dialer rows") != std::string::npos);
}
