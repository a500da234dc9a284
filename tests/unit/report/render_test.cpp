#include <catch2/catch.hpp>

#include <cxsched/report/render.hpp>
#include <cxsched/schedule/format.hpp>
#include <cxsched/util/json.hpp>

using namespace cxsched;
using namespace cxsched::report;
using namespace std::chrono_literals;

namespace {

Seconds at(const char* text) { return *schedule::parse_rfc3339(text); }

RawBucket bucket(Seconds start, std::int64_t dialing, std::optional<double> adherence) {
  RawBucket b;
  b.interval = {start, start + 15min};
  b.values[static_cast<std::size_t>(Metric::dialing_seconds)] = static_cast<double>(dialing);
  if (adherence) b.values[static_cast<std::size_t>(Metric::schedule_adherence)] = *adherence;
  b.values[static_cast<std::size_t>(Metric::calls_connected)] = static_cast<double>(dialing / 60);
  return b;
}

// Sun 2025-11-02 (fall back) and Mon 2025-11-03 in New York, 09:00-10:00 daily;
// Monday dialed 09:00-10:10 (10 minutes over).
CampaignReport dst_report(bool utc = false, Granularity display = Granularity::pt1h) {
  static schedule::Schedule s = [] {
    schedule::Schedule x;
    x.zone = date::locate_zone("America/New_York");
    x.start = at("2025-10-01T00:00:00-04:00");
    x.end = at("2025-12-01T00:00:00-05:00");
    x.windows = {{0x7F, 9 * 60, 10 * 60}};
    return x;
  }();
  ReportInput in;
  in.campaign = {"c-1", "Fall \"back\", test", "ACTIVE", "America/New_York"};
  in.schedule = &s;
  in.range = {at("2025-11-02T00:00:00-04:00"), at("2025-11-04T00:00:00-05:00")};
  in.requested = in.range;
  in.display = display;
  in.utc = utc;
  in.queries = 1;
  for (auto t = at("2025-11-02T14:00:00Z"); t < at("2025-11-02T15:00:00Z"); t += 15min)
    in.raw.push_back(bucket(t, 900, 100.0));
  for (auto t = at("2025-11-03T14:00:00Z"); t < at("2025-11-03T15:00:00Z"); t += 15min)
    in.raw.push_back(bucket(t, 900, 100.0));
  in.raw.push_back(bucket(at("2025-11-03T15:00:00Z"), 600, std::nullopt));
  return compute_report(in);
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find("\r\n", start);
    out.push_back(text.substr(start, end - start));
    start = end + 2;
  }
  return out;
}

}  // namespace


TEST_CASE("render_csv: a header and one row per bucket, local times with the offset of the day") {
  std::vector<CampaignReport> reports{dst_report()};
  std::vector<Metric> metrics{Metric::dialing_seconds, Metric::schedule_adherence};
  auto rows = lines(render_csv(reports, metrics));
  REQUIRE(rows.size() == 1 + 49);  // 25 + 24 hours
  CHECK(rows[0] ==
        "campaign_id,start,end,start_utc,end_utc,local_date,scheduled_minutes,"
        "active_inside_minutes,active_outside_minutes,adherence_percent,upcoming_minutes,"
        "dialingSeconds,scheduleAdherence");
  // 09:00 local is 14:00Z on both days (EST after the fall-back).
  CHECK(rows[1 + 10] ==
        "c-1,2025-11-02T09:00:00-05:00,2025-11-02T10:00:00-05:00,2025-11-02T14:00:00Z,"
        "2025-11-02T15:00:00Z,2025-11-02,60,60,0,100.00,0,3600,100.00");
  CHECK(rows[1] .find("c-1,2025-11-02T00:00:00-04:00,2025-11-02T01:00:00-04:00,") == 0);
  CHECK(rows[2].find("c-1,2025-11-02T01:00:00-04:00,") == 0);
  CHECK(rows[3].find("c-1,2025-11-02T01:00:00-05:00,") == 0);
  CHECK(rows[1 + 25 + 10] ==
        "c-1,2025-11-03T10:00:00-05:00,2025-11-03T11:00:00-05:00,2025-11-03T15:00:00Z,"
        "2025-11-03T16:00:00Z,2025-11-03,0,0,10,,0,600,");
}

TEST_CASE("render_csv with --utc shows UTC times") {
  std::vector<CampaignReport> reports{dst_report(true)};
  std::vector<Metric> metrics{Metric::calls_connected};
  auto rows = lines(render_csv(reports, metrics));
  CHECK(rows[1].find("c-1,2025-11-02T04:00:00Z,2025-11-02T05:00:00Z,2025-11-02T04:00:00Z,") == 0);
}

TEST_CASE("render_json: one document with the summary, days and buckets") {
  std::vector<CampaignReport> reports{dst_report(false, Granularity::p1d)};
  auto text = render_json(reports, all_metrics);
  auto doc = util::parse_json(text, "report");
  REQUIRE(doc);
  const auto& r = (*doc)["reports"][0];
  CHECK(std::string(r["campaign"]["name"].GetString()) == "Fall \"back\", test");
  CHECK(std::string(r["range"]["interval"].GetString()) == "P1D");
  CHECK(std::string(r["range"]["queryInterval"].GetString()) == "PT15M");
  const auto& s = r["summary"];
  CHECK(s["scheduledMinutes"].GetInt64() == 120);
  CHECK(s["activeInsideMinutes"].GetInt64() == 120);
  CHECK(s["activeOutsideMinutes"].GetInt64() == 10);
  CHECK(s["adherencePercent"].GetDouble() == 100.0);
  CHECK(s["daysWithOutsideActivity"].GetInt() == 1);
  CHECK(s["abandonmentAboveLimit"].GetBool() == false);
  REQUIRE(r["days"].Size() == 2);
  CHECK(std::string(r["days"][0]["utcOffset"].GetString()) == "-04:00/-05:00");
  CHECK(std::string(r["days"][1]["utcOffset"].GetString()) == "-05:00");
  REQUIRE(r["buckets"].Size() == 2);
  CHECK(std::string(r["buckets"][0]["start"].GetString()) == "2025-11-02T00:00:00-04:00");
  CHECK(r["buckets"][1]["metrics"]["dialingSeconds"].GetInt64() == 4200);
  CHECK(r["buckets"][1]["metrics"]["callsConnected"].GetInt64() == 70);
}

TEST_CASE("day_table marks the worst day and days dialed outside the windows") {
  auto r = dst_report();
  auto t = day_table(r);
  REQUIRE(t.rows.size() == 3);
  CHECK(t.rows[0][0] == "Sun 2025-11-02");
  CHECK(t.rows[1][4] == "10");
  CHECK(t.outside_rows == std::vector<int>{1});
  CHECK(t.worst_row == 0);  // ties go to the earlier day
  CHECK(t.rows[2][0] == "TOTAL");
  CHECK(summary_line(r).find("10 min dialed outside the windows on 1 day") != std::string::npos);
}

TEST_CASE("render_chart: standalone SVG with a row per day, no script, escaped text") {
  std::vector<CampaignReport> reports{dst_report()};
  auto svg = render_chart(reports, ChartFormat::svg);
  CHECK(svg.find("<svg xmlns=\"http://www.w3.org/2000/svg\"") != std::string::npos);
  CHECK(svg.find("<script") == std::string::npos);
  CHECK(svg.find("http://", svg.find("xmlns") + 40) == std::string::npos);
  CHECK(svg.find("Fall &quot;back&quot;, test") != std::string::npos);
  CHECK(svg.find("Sun 2025-11-02 -04:00/-05:00") != std::string::npos);
  CHECK(svg.find("#e4572e") != std::string::npos);  // the overrun
  auto html = render_chart(reports, ChartFormat::html);
  CHECK(html.find("<!DOCTYPE html>") == 0);
  CHECK(html.find("<svg xmlns") != std::string::npos);
}
