#pragma once

#include <span>
#include <string>
#include <vector>

#include <cxsched/report/adherence.hpp>

namespace cxsched::report {

// The JSON document of `-o json` (indented, one document, trailing newline):
//   {"reports": [{"campaign": {id, name, status, timezone},
//                 "range": {from, to, requestedFrom, requestedTo, interval,
//                           queryInterval, utc, queries},
//                 "summary": {scheduledMinutes, activeInsideMinutes,
//                             activeOutsideMinutes, adherencePercent,
//                             callsAttempted, callsConnected, callsAbandoned,
//                             abandonmentRatePercent, abandonmentLimitPercent,
//                             abandonmentAboveLimit, worstDay,
//                             daysWithOutsideActivity},
//                 "days": [{date, utcOffset, scheduledMinutes, activeInsideMinutes,
//                           activeOutsideMinutes, adherencePercent, callsAttempted,
//                           callsConnected, callsAbandoned, abandonmentRatePercent}],
//                 "buckets": [{start, end, startUtc, endUtc, scheduledSeconds,
//                              activeInsideSeconds, activeOutsideSeconds,
//                              metrics: {<API name>: value, ...}}]}]}
// Times are RFC 3339 in the campaign's zone (UTC with `utc`); a percentage
// that is undefined (nothing scheduled, nothing connected) is null; minutes
// are integers when whole, else 2 decimals. `metrics` lists the raw metrics shown.
// A report with `dial_proxies` (acd: no dialer-active time) has null active
// minutes/seconds, adherence, dialingSeconds, talkTimeSeconds and
// scheduleAdherence, adds `dialsOutsideSchedule` and
// `scheduledIntervalsWithDials` (percent) to the summary, each day and each
// bucket, and `notes` (strings) to the report; without it neither appears.
std::string render_json(std::span<const CampaignReport> reports, std::span<const Metric> metrics);

// CSV (RFC 4180, CRLF, header first): one row per display bucket of every
// report: campaign_id, start, end, start_utc, end_utc, local_date,
// scheduled_minutes, active_inside_minutes, active_outside_minutes,
// adherence_percent, upcoming_minutes, abandonment_percent, when any report
// has `dial_proxies` dials_outside_schedule and scheduled_intervals_with_dials,
// then one column per raw metric in `metrics` (API names, snake case).
// Empty cells for undefined values. Notes are not in the CSV.
std::string render_csv(std::span<const CampaignReport> reports, std::span<const Metric> metrics);

// The per-day table of one report, as cells; the app aligns and paints it.
struct DayTable {
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;  // one per day, then the totals row
  int worst_row = -1;                          // index into rows, -1 when none
  // Columns painted for outside activity, the worst day and abandonment.
  int outside_column = 4, adherence_column = 5, abandonment_column = 9;
  std::vector<int> outside_rows;               // rows with activity outside the schedule
  std::vector<int> abandonment_rows;           // days above 3 % abandonment (information)
  bool abandonment_above_limit = false;        // the period above 3 % (the flag)
};
DayTable day_table(const CampaignReport& report);

// A one-line verdict for people: "adherence 91.67 % (worst 2025-03-04:
// 75.00 %), 10 min outside the windows on 1 day, abandonment 2.44 % (limit 3 %)".
std::string summary_line(const CampaignReport& report);

// How a chart file is wrapped.
enum class ChartFormat { svg, html };

// A self-contained timeline chart: per campaign, one row per local day
// (00:00-24:00 local wall clock, with the date and UTC offset), scheduled
// windows as light bands, dialing inside the windows as solid bars and
// outside them in a warning colour (bar height = share of the API bucket
// with the dialer active), per-day totals, a legend. Standalone SVG with
// xmlns, or an HTML page with the SVG inline; no script, no external fetch.
std::string render_chart(std::span<const CampaignReport> reports, ChartFormat format);

}  // namespace cxsched::report
