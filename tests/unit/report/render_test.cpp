#include <catch2/catch.hpp>

#include <cxsched/report/render.hpp>
#include <cxsched/schedule/format.hpp>
#include <cxsched/util/json.hpp>

using namespace cxsched;
using namespace cxsched::report;
using namespace std::chrono_literals;

namespace {

Seconds at(const char* text) { return *schedule::parse_rfc3339(text); }

RawBucket bucket(Seconds start, std::int64_t dialing, std::optional<double> adherence,
                 std::int64_t abandoned = 0) {
  RawBucket b;
  b.interval = {start, start + 15min};
  b.values[static_cast<std::size_t>(Metric::dialing_seconds)] = static_cast<double>(dialing);
  if (adherence) b.values[static_cast<std::size_t>(Metric::schedule_adherence)] = *adherence;
  b.values[static_cast<std::size_t>(Metric::calls_connected)] = static_cast<double>(dialing / 60);
  b.values[static_cast<std::size_t>(Metric::calls_abandoned)] = static_cast<double>(abandoned);
  return b;
}

// Sun 2025-11-02 (fall back) and Mon 2025-11-03 in New York, 09:00-10:00 daily;
// Monday dialed 09:00-10:10 (10 minutes over).
// `sunday_abandoned`: abandoned calls in Sunday's first bucket (60 connected that day).
CampaignReport dst_report(bool utc = false, Granularity display = Granularity::pt1h,
                          std::int64_t sunday_abandoned = 0) {
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
    in.raw.push_back(bucket(t, 900, 100.0, t == at("2025-11-02T14:00:00Z") ? sunday_abandoned : 0));
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
        "abandonment_percent,dialing_seconds,schedule_adherence");
  // 09:00 local is 14:00Z on both days (EST after the fall-back).
  CHECK(rows[1 + 10] ==
        "c-1,2025-11-02T09:00:00-05:00,2025-11-02T10:00:00-05:00,2025-11-02T14:00:00Z,"
        "2025-11-02T15:00:00Z,2025-11-02,60,60,0,100.00,0,0.00,3600,100.00");
  CHECK(rows[1] .find("c-1,2025-11-02T00:00:00-04:00,2025-11-02T01:00:00-04:00,") == 0);
  CHECK(rows[2].find("c-1,2025-11-02T01:00:00-04:00,") == 0);
  CHECK(rows[3].find("c-1,2025-11-02T01:00:00-05:00,") == 0);
  CHECK(rows[1 + 25 + 10] ==
        "c-1,2025-11-03T10:00:00-05:00,2025-11-03T11:00:00-05:00,2025-11-03T15:00:00Z,"
        "2025-11-03T16:00:00Z,2025-11-03,0,0,10,,0,0.00,600,");
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

TEST_CASE("abandonment: a day above 3 % is information, the period above 3 % is the flag") {
  SECTION("one day above, the period within the limit") {
    auto r = dst_report(false, Granularity::pt1h, 2);  // Sunday 2/60, both days 2/130
    CHECK(r.summary.days_above_abandonment_limit == 1);
    CHECK_FALSE(r.summary.abandonment_above_limit);
    auto t = day_table(r);
    CHECK(t.abandonment_rows == std::vector<int>{0});
    CHECK(t.rows[0][9] == "3.33");
    CHECK(t.rows[0].back().find("day above 3 % abandonment (information)") != std::string::npos);
    CHECK(t.rows.back().back().empty());
    auto line = summary_line(r);
    CHECK(line.find("abandonment 1.54 % over the period (limit 3 %)") != std::string::npos);
    CHECK(line.find("1 day above 3 % on its own (information: the FTC limit applies per 30-day "
                    "period)") != std::string::npos);
  }
  SECTION("the period above the limit") {
    auto r = dst_report(false, Granularity::pt1h, 8);  // 8/130
    CHECK(r.summary.abandonment_above_limit);
    auto t = day_table(r);
    CHECK(t.rows.back().back() == "period abandonment above 3 %: the FTC limit");
    CHECK(summary_line(r).find("(ABOVE the 3 % limit)") != std::string::npos);
  }
}

TEST_CASE("render_chart: windows outlined over the bars, bucket length in words, per-day abandonment") {
  auto svg_of = [](const CampaignReport& r) {
    std::vector<CampaignReport> reports{r};
    return render_chart(reports, ChartFormat::svg);
  };
  auto svg = svg_of(dst_report(false, Granularity::pt1h, 2));
  // The last bar of the rows (the legend after the total line has one too).
  const auto last_bar = svg.rfind("fill=\"#1f6fd1\"", svg.find(">Total: "));
  const auto outline = svg.find("fill=\"none\" stroke=\"#7aa7e0\"");
  REQUIRE(last_bar != std::string::npos);
  REQUIRE(outline != std::string::npos);
  CHECK(outline > last_bar);
  CHECK(svg.find("share of each 15-minute bucket") != std::string::npos);
  CHECK(svg.find("PT15M") == std::string::npos);
  CHECK(svg.find("<tspan fill=\"#b7791f\"> · abandon 3.33 %</tspan>") != std::string::npos);
  CHECK(svg.find("> · abandon 0.00 %</tspan>") != std::string::npos);

  // The total line: orange only for what is out of bounds.
  auto orange_in_total = [](const std::string& s) {
    const auto start = s.find("<tspan fill=\"#222\">Total: ");
    const auto line = s.substr(start, s.find("</text>", start) - start);
    std::vector<std::string> out;
    for (auto at = line.find("<tspan fill=\"#e4572e\">"); at != std::string::npos;
         at = line.find("<tspan fill=\"#e4572e\">", at + 1)) {
      const auto body = at + std::string("<tspan fill=\"#e4572e\">").size();
      out.push_back(line.substr(body, line.find("</tspan>", body) - body));
    }
    return out;
  };
  CHECK(orange_in_total(svg) == std::vector<std::string>{"outside 10 min"});
  CHECK(orange_in_total(svg_of(dst_report(false, Granularity::pt1h, 8))) ==
        std::vector<std::string>{"outside 10 min",
                                 " (6.15 % over the period, ABOVE the 3 % limit)"});

  // Nothing out of bounds: no dialing outside, period abandonment within the limit.
  static schedule::Schedule s = [] {
    schedule::Schedule x;
    x.zone = date::locate_zone("America/New_York");
    x.start = at("2025-10-01T00:00:00-04:00");
    x.end = at("2025-12-01T00:00:00-05:00");
    x.windows = {{0x7F, 9 * 60, 10 * 60}};
    return x;
  }();
  ReportInput in;
  in.campaign = {"c-2", "Calm", "ACTIVE", "America/New_York"};
  in.schedule = &s;
  in.range = {at("2025-11-03T00:00:00-05:00"), at("2025-11-04T00:00:00-05:00")};
  in.requested = in.range;
  for (auto t = at("2025-11-03T14:00:00Z"); t < at("2025-11-03T15:00:00Z"); t += 15min)
    in.raw.push_back(bucket(t, 900, 100.0));
  CHECK(orange_in_total(svg_of(compute_report(in))).empty());
}
