// The `-o json` document of a report (render.hpp).
#include <cxsched/report/render.hpp>

#include <cmath>
#include <string>

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <cxsched/schedule/format.hpp>

#include "report/text.hpp"

namespace cxsched::report {

using namespace detail;

namespace {

using Writer = rapidjson::PrettyWriter<rapidjson::StringBuffer>;

void key(Writer& w, const char* k) { w.Key(k); }

void string(Writer& w, const std::string& s) {
  w.String(s.c_str(), static_cast<rapidjson::SizeType>(s.size()));
}

void minutes(Writer& w, const char* k, std::int64_t seconds) {
  key(w, k);
  if (seconds % 60 == 0)
    w.Int64(seconds / 60);
  else
    w.Double(std::round(static_cast<double>(seconds) / 60.0 * 100.0) / 100.0);
}

void number_or_null(Writer& w, const char* k, std::optional<double> v) {
  key(w, k);
  if (v)
    w.Double(*v);
  else
    w.Null();
}

void calls(Writer& w, const Activity& a) {
  key(w, "callsAttempted");
  w.Int64(a.attempted);
  key(w, "callsConnected");
  w.Int64(a.connected);
  key(w, "callsAbandoned");
  w.Int64(a.abandoned);
  number_or_null(w, "abandonmentRatePercent", abandonment_percent(a));
}

// Without dialer-active time (`proxies`), the active minutes and adherence
// are unknown: null.
void activity_minutes(Writer& w, const Activity& a, bool proxies) {
  minutes(w, "scheduledMinutes", a.scheduled);
  minutes(w, "upcomingMinutes", a.upcoming);
  if (proxies) {
    for (const char* k : {"activeInsideMinutes", "activeOutsideMinutes", "adherencePercent"}) {
      key(w, k);
      w.Null();
    }
    return;
  }
  minutes(w, "activeInsideMinutes", a.inside);
  minutes(w, "activeOutsideMinutes", a.outside);
  number_or_null(w, "adherencePercent", adherence_percent(a));
}

// The dial proxies (acd-contract.md, "Reporting"), only where the report has them.
void dial_proxies(Writer& w, const Activity& a, bool proxies) {
  if (!proxies) return;
  key(w, "dialsOutsideSchedule");
  w.Int64(a.dials_outside);
  number_or_null(w, "scheduledIntervalsWithDials", intervals_with_dials_percent(a));
}

void write_metric(Writer& w, Metric m, std::optional<double> v) {
  const std::string name(api_name(m));
  key(w, name.c_str());
  if (!v)
    w.Null();
  else if (m == Metric::schedule_adherence)
    w.Double(*v);
  else
    w.Int64(static_cast<std::int64_t>(std::llround(*v)));
}

void write_report(Writer& w, const CampaignReport& r, std::span<const Metric> metrics) {
  w.StartObject();
  key(w, "campaign");
  w.StartObject();
  key(w, "id");
  string(w, r.campaign.id);
  key(w, "name");
  string(w, r.campaign.name);
  key(w, "status");
  string(w, r.campaign.status);
  key(w, "timezone");
  string(w, r.campaign.timezone);
  w.EndObject();

  key(w, "range");
  w.StartObject();
  key(w, "from");
  string(w, instant_text(r.range.start, r.zone, r.utc));
  key(w, "to");
  string(w, instant_text(r.range.end, r.zone, r.utc));
  key(w, "requestedFrom");
  string(w, instant_text(r.requested.start, r.zone, r.utc));
  key(w, "requestedTo");
  string(w, instant_text(r.requested.end, r.zone, r.utc));
  key(w, "interval");
  string(w, std::string(to_string(r.display)));
  key(w, "queryInterval");
  string(w, std::string(to_string(r.source)));
  key(w, "utc");
  w.Bool(r.utc);
  key(w, "queries");
  w.Int(r.queries);
  w.EndObject();

  const auto& s = r.summary;
  key(w, "summary");
  w.StartObject();
  activity_minutes(w, s.total, r.dial_proxies);
  calls(w, s.total);
  dial_proxies(w, s.total, r.dial_proxies);
  key(w, "abandonmentLimitPercent");
  w.Double(abandonment_limit_percent);
  key(w, "abandonmentAboveLimit");
  w.Bool(s.abandonment_above_limit);
  key(w, "worstDay");
  if (s.worst_day)
    string(w, iso_date(*s.worst_day));
  else
    w.Null();
  key(w, "daysWithOutsideActivity");
  w.Int(s.days_with_outside_activity);
  key(w, "daysAboveAbandonmentLimit");
  w.Int(s.days_above_abandonment_limit);
  w.EndObject();

  key(w, "days");
  w.StartArray();
  for (const auto& d : r.days) {
    w.StartObject();
    key(w, "date");
    string(w, iso_date(d.day));
    key(w, "utcOffset");
    string(w, offset_text(d));
    activity_minutes(w, d.activity, r.dial_proxies);
    calls(w, d.activity);
    dial_proxies(w, d.activity, r.dial_proxies);
    w.EndObject();
  }
  w.EndArray();

  key(w, "buckets");
  w.StartArray();
  for (const auto& b : r.buckets) {
    w.StartObject();
    key(w, "start");
    string(w, instant_text(b.interval.start, r.zone, r.utc));
    key(w, "end");
    string(w, instant_text(b.interval.end, r.zone, r.utc));
    key(w, "startUtc");
    string(w, schedule::format_utc(b.interval.start));
    key(w, "endUtc");
    string(w, schedule::format_utc(b.interval.end));
    key(w, "scheduledSeconds");
    w.Int64(b.activity.scheduled);
    key(w, "upcomingSeconds");
    w.Int64(b.activity.upcoming);
    key(w, "activeInsideSeconds");
    r.dial_proxies ? w.Null() : w.Int64(b.activity.inside);
    key(w, "activeOutsideSeconds");
    r.dial_proxies ? w.Null() : w.Int64(b.activity.outside);
    dial_proxies(w, b.activity, r.dial_proxies);
    key(w, "metrics");
    w.StartObject();
    for (auto m : metrics) write_metric(w, m, b.raw[static_cast<std::size_t>(m)]);
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  if (r.dial_proxies || !r.notes.empty()) {
    key(w, "notes");
    w.StartArray();
    for (const auto& note : r.notes) string(w, note);
    w.EndArray();
  }
  w.EndObject();
}

}  // namespace

std::string render_json(std::span<const CampaignReport> reports, std::span<const Metric> metrics) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.SetIndent(' ', 2);
  w.StartObject();
  key(w, "reports");
  w.StartArray();
  for (const auto& r : reports) write_report(w, r, metrics);
  w.EndArray();
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize()) + "\n";
}

}  // namespace cxsched::report
