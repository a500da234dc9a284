#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include <cxsched/schedule/types.hpp>
#include <cxsched/util/error.hpp>

namespace cxsched::report {

using schedule::Interval;
using schedule::Seconds;

// The bucket lengths of the analytics API (P1D is a UTC day there; a report
// shows it as a local day unless asked for UTC).
enum class Granularity { pt15m, pt30m, pt1h, p1d };

// Parses "PT15M", "PT30M", "PT1H" or "P1D" (case-insensitive); usage error otherwise.
Result<Granularity> parse_granularity(std::string_view text);
// "PT15M", "PT30M", "PT1H", "P1D".
std::string_view to_string(Granularity g);
// 15 min, 30 min, 1 h or 24 h.
std::chrono::seconds length(Granularity g);

// The metrics of the analytics API, in the order of api-contract.md.
enum class Metric {
  calls_attempted,
  calls_connected,
  calls_abandoned,
  talk_time_seconds,
  dialing_seconds,
  schedule_adherence,
};
inline constexpr std::size_t metric_count = 6;
inline constexpr std::array<Metric, metric_count> all_metrics{
    Metric::calls_attempted,   Metric::calls_connected, Metric::calls_abandoned,
    Metric::talk_time_seconds, Metric::dialing_seconds, Metric::schedule_adherence};

// The API's name ("callsAttempted") and type ("count", "sum", "percent").
std::string_view api_name(Metric m);
std::string_view api_type(Metric m);
// The metric of an API name (exact); nullopt when unknown.
std::optional<Metric> metric_from_name(std::string_view name);

// Metric values indexed by Metric; nullopt when the answer did not carry it.
using MetricValues = std::array<std::optional<double>, metric_count>;

// One timeInterval bucket of an analytics answer, with the groups of the
// same interval (dispositions) merged: counts and talk time added up,
// dialingSeconds and scheduleAdherence taken once (they repeat per group).
struct RawBucket {
  Interval interval;
  MetricValues values{};

  std::optional<double> get(Metric m) const { return values[static_cast<std::size_t>(m)]; }
};

// Reads the `results` of one analytics answer, sorted by start. Results
// without a timeInterval group are skipped; a timeInterval that is not
// "start/end" in RFC 3339 is an internal error naming it.
Result<std::vector<RawBucket>> parse_answer(const rapidjson::Value& answer);

// Seconds of scheduled time and of dialer activity, and call counts.
struct Activity {
  std::int64_t scheduled = 0;  // seconds the schedule had the campaign open
  std::int64_t upcoming = 0;   // the part of `scheduled` still ahead of now: not missed
  std::int64_t inside = 0;     // seconds the dialer was active inside the schedule
  std::int64_t outside = 0;    // seconds the dialer was active outside it
  std::int64_t attempted = 0, connected = 0, abandoned = 0;
  // The dial proxies of a platform that reports no dialer-active time (acd;
  // zero elsewhere). A row is outside the windows when its interval, within
  // the range, meets no scheduled instant (the windows in the campaign's
  // zone, within its startDate/endDate); a scheduled interval is a slot of
  // the rows' UTC grid that meets scheduled time already due.
  std::int64_t dials_outside = 0;         // dials of the rows outside the windows
  std::int64_t scheduled_intervals = 0;   // scheduled intervals
  std::int64_t intervals_with_dials = 0;  // of those, the ones whose row has dials > 0

  Activity& operator+=(const Activity& o);
  friend bool operator==(const Activity&, const Activity&) = default;
};

// inside / (scheduled - upcoming) in percent (2 decimals): time still to
// come is not missed. nullopt when nothing was scheduled before now.
std::optional<double> adherence_percent(const Activity& a);
// abandoned / connected in percent (2 decimals); nullopt when nothing connected.
std::optional<double> abandonment_percent(const Activity& a);
// intervals_with_dials / scheduled_intervals in percent (2 decimals), the
// `scheduledIntervalsWithDials` proxy; nullopt when no scheduled interval is due.
std::optional<double> intervals_with_dials_percent(const Activity& a);

// The FTC safe harbour: abandoned calls at most 3 % of answered calls.
inline constexpr double abandonment_limit_percent = 3.0;

// Splits one bucket's dialing time into inside and outside the schedule,
// given the scheduled seconds of the bucket. With scheduleAdherence:
// inside = adherence * scheduled (exact for any window edges), outside =
// dialingSeconds - inside; without it: inside = min(dialing, scheduled).
Activity classify(const RawBucket& bucket, std::int64_t scheduled_seconds);

// A bucket as shown: its span, the local day it starts on, the computed
// activity and the raw metrics added up over the API buckets it holds
// (dialingSeconds summed; scheduleAdherence recomputed from the parts).
struct BucketReport {
  Interval interval;
  date::local_days day;
  Activity activity;
  MetricValues raw{};
};

// One local day of the campaign's zone.
struct DayReport {
  date::local_days day;
  std::chrono::seconds offset_begin{0}, offset_end{0};  // UTC offset at the day's start and end
  Activity activity;
};

// The totals over the range.
struct Summary {
  Activity total;
  std::optional<double> adherence;       // percent
  std::optional<double> abandonment;     // percent
  bool abandonment_above_limit = false;  // abandonment > 3 %
  std::optional<date::local_days> worst_day;  // lowest adherence among days with scheduled time
  int days_with_outside_activity = 0;
  // Days whose own abandonment is above 3 %: information only, since the
  // FTC limit applies to a 30-day period, not to a day.
  int days_above_abandonment_limit = 0;
};

// What a report says about a campaign.
struct CampaignInfo {
  std::string id, name, status, timezone;
};

// The adherence report of one campaign over one range.
struct CampaignReport {
  CampaignInfo campaign;
  const date::time_zone* zone = nullptr;  // the campaign's zone (null = UTC)
  Interval range;                         // what was computed: the requested range
  Interval requested;                     // what was asked for
  Seconds now{};                          // when: scheduled time after it is upcoming
  Granularity source = Granularity::pt15m;   // the interval queried
  Granularity display = Granularity::pt1h;   // the interval shown
  bool utc = false;                          // buckets and P1D days in UTC
  int queries = 0;                           // analytics queries sent
  // The platform reports no dialer-active time (acd): dialing time, talk
  // time and adherence are unknown (null), and the dial proxies are shown.
  bool dial_proxies = false;
  std::vector<std::string> notes;            // what the platform's rows need said
  std::vector<Interval> scheduled;           // merged scheduled intervals in range
  std::vector<BucketReport> fine;            // the API's buckets (activity only)
  std::vector<BucketReport> buckets;         // every display bucket of the range
  std::vector<DayReport> days;               // every local day of the range
  Summary summary;
};

// Everything the computation needs; `raw` in any order, from one or more answers.
struct ReportInput {
  CampaignInfo campaign;
  const schedule::Schedule* schedule = nullptr;  // never null
  Interval range;
  Interval requested;
  Seconds now = Seconds::max();  // scheduled time from here on is upcoming
  Granularity source = Granularity::pt15m;
  Granularity display = Granularity::pt1h;
  bool utc = false;
  int queries = 0;
  bool dial_proxies = false;
  std::vector<std::string> notes;
  std::vector<RawBucket> raw;
};

// Computes the report: scheduled time from the campaign's own windows,
// dialing time split into inside/outside per API bucket, rolled up into
// display buckets and local days (an API bucket counts for the local day
// it starts on), and the summary. Never fails.
CampaignReport compute_report(const ReportInput& input);

// The first instant of local day `day` in `zone` (null = UTC); a midnight
// inside a spring-forward gap is the transition, a repeated one the earlier.
Seconds local_midnight(date::local_days day, const date::time_zone* zone);

// The display buckets covering `range`: the UTC grid of `g`, except P1D
// without `utc`, which gives the local days of `zone`; clipped to `range`.
std::vector<Interval> display_grid(Interval range, Granularity g, const date::time_zone* zone,
                                   bool utc);

}  // namespace cxsched::report
