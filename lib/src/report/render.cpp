#include <cxsched/report/render.hpp>
#include <cxsched/util/csv.hpp>
#include <cxsched/util/time.hpp>

#include <algorithm>
#include <cmath>
#include <string_view>
#include <cstdio>

#include <cxsched/schedule/format.hpp>

#include "report/text.hpp"

namespace cxsched::report {

namespace detail {

std::string iso_date(date::local_days day) { return util::format_date(day); }

std::string weekday_name(date::local_days day) {
  static constexpr const char* names[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  return names[date::weekday{day}.c_encoding()];
}

std::string minutes_text(std::int64_t seconds) {
  if (seconds % 60 == 0) return std::to_string(seconds / 60);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", static_cast<double>(seconds) / 60.0);
  return buf;
}

std::string percent_text(std::optional<double> pct) {
  if (!pct) return {};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", *pct);
  return buf;
}

std::string offset_text(const DayReport& d) {
  auto text = schedule::format_offset(d.offset_begin);
  if (d.offset_end != d.offset_begin) text += "/" + schedule::format_offset(d.offset_end);
  return text;
}

std::string instant_text(Seconds t, const date::time_zone* zone, bool utc) {
  return utc ? schedule::format_utc(t) : schedule::format_rfc3339(t, zone);
}

}  // namespace detail

using namespace detail;

namespace {

std::string metric_cell(Metric m, std::optional<double> v) {
  if (!v) return {};
  if (m == Metric::schedule_adherence) return percent_text(v);
  return std::to_string(std::llround(*v));
}

// "callsAttempted" -> "calls_attempted": one naming style in a CSV header.
std::string snake_case(std::string_view name) {
  std::string out;
  for (char ch : name) {
    if (ch >= 'A' && ch <= 'Z') {
      out += '_';
      out += static_cast<char>(ch - 'A' + 'a');
    } else {
      out += ch;
    }
  }
  return out;
}

}  // namespace

std::string render_csv(std::span<const CampaignReport> reports, std::span<const Metric> metrics) {
  std::vector<std::string> header{"campaign_id",          "start",
                                  "end",                  "start_utc",
                                  "end_utc",              "local_date",
                                  "scheduled_minutes",    "active_inside_minutes",
                                  "active_outside_minutes", "adherence_percent",
                                  "upcoming_minutes", "abandonment_percent"};
  const bool proxies = std::ranges::any_of(reports, &CampaignReport::dial_proxies);
  if (proxies) {
    header.push_back(snake_case("dialsOutsideSchedule"));
    header.push_back(snake_case("scheduledIntervalsWithDials"));
  }
  for (auto m : metrics) header.push_back(snake_case(api_name(m)));
  std::string out = util::csv_record(header);
  for (const auto& r : reports) {
    for (const auto& b : r.buckets) {
      // Without dialer-active time the active minutes and adherence are empty.
      const bool timed = !r.dial_proxies;
      std::vector<std::string> row{r.campaign.id,
                                   instant_text(b.interval.start, r.zone, r.utc),
                                   instant_text(b.interval.end, r.zone, r.utc),
                                   schedule::format_utc(b.interval.start),
                                   schedule::format_utc(b.interval.end),
                                   iso_date(b.day),
                                   minutes_text(b.activity.scheduled),
                                   timed ? minutes_text(b.activity.inside) : "",
                                   timed ? minutes_text(b.activity.outside) : "",
                                   timed ? percent_text(adherence_percent(b.activity)) : "",
                                   minutes_text(b.activity.upcoming),
                                   percent_text(abandonment_percent(b.activity))};
      if (proxies) {
        row.push_back(r.dial_proxies ? std::to_string(b.activity.dials_outside) : "");
        row.push_back(percent_text(intervals_with_dials_percent(b.activity)));
      }
      for (auto m : metrics) row.push_back(metric_cell(m, b.raw[static_cast<std::size_t>(m)]));
      out += util::csv_record(row);
    }
  }
  return out;
}

DayTable day_table(const CampaignReport& r) {
  DayTable t;
  // Without dialer-active time (acd) the inside/outside minutes and
  // adherence columns give way to the dial proxies.
  const bool proxies = r.dial_proxies;
  if (proxies) {
    t.headers = {"DAY",       "UTC OFFSET", "SCHEDULED MIN", "DIALS OUTSIDE", "INTERVALS WITH DIALS %",
                 "ATTEMPTED", "CONNECTED",  "ABANDONED",     "ABANDON %",     "UPCOMING MIN",
                 "NOTE"};
    t.outside_column = 3;
    t.adherence_column = 4;
    t.abandonment_column = 8;
  } else {
    t.headers = {"DAY",         "UTC OFFSET", "SCHEDULED MIN", "INSIDE MIN", "OUTSIDE MIN",
                 "ADHERENCE %", "ATTEMPTED",  "CONNECTED",     "ABANDONED",  "ABANDON %",
                 "UPCOMING MIN", "NOTE"};
  }
  auto cells = [proxies](const Activity& a) {
    std::vector<std::string> c{minutes_text(a.scheduled)};
    if (proxies) {
      c.push_back(std::to_string(a.dials_outside));
      c.push_back(percent_text(intervals_with_dials_percent(a)));
    } else {
      c.push_back(minutes_text(a.inside));
      c.push_back(minutes_text(a.outside));
      c.push_back(percent_text(adherence_percent(a)));
    }
    for (auto&& cell : {std::to_string(a.attempted), std::to_string(a.connected),
                        std::to_string(a.abandoned), percent_text(abandonment_percent(a)),
                        minutes_text(a.upcoming)})
      c.push_back(cell);
    return c;
  };
  for (const auto& d : r.days) {
    std::vector<std::string> row{weekday_name(d.day) + " " + iso_date(d.day), offset_text(d)};
    auto c = cells(d.activity);
    row.insert(row.end(), c.begin(), c.end());
    std::string note;
    const bool worst = r.summary.worst_day && *r.summary.worst_day == d.day;
    if (worst) note = "worst day";
    if (d.activity.outside > 0 || d.activity.dials_outside > 0) {
      note += note.empty() ? "" : "; ";
      note += "dialed outside windows";
      t.outside_rows.push_back(static_cast<int>(t.rows.size()));
    }
    if (auto ab = abandonment_percent(d.activity); ab && *ab > abandonment_limit_percent) {
      note += note.empty() ? "" : "; ";
      note += "day above 3 % abandonment (information)";
      t.abandonment_rows.push_back(static_cast<int>(t.rows.size()));
    }
    if (worst) t.worst_row = static_cast<int>(t.rows.size());
    row.push_back(note);
    t.rows.push_back(std::move(row));
  }
  std::vector<std::string> total{"TOTAL", ""};
  auto c = cells(r.summary.total);
  total.insert(total.end(), c.begin(), c.end());
  total.push_back(r.summary.abandonment_above_limit
                      ? "period abandonment above 3 %: the FTC limit"
                      : "");
  t.rows.push_back(std::move(total));
  t.abandonment_above_limit = r.summary.abandonment_above_limit;
  // UPCOMING MIN only when the range reaches scheduled time still ahead.
  if (r.summary.total.upcoming == 0) {
    const auto upcoming_column = static_cast<std::ptrdiff_t>(t.headers.size()) - 2;  // before NOTE
    t.headers.erase(t.headers.begin() + upcoming_column);
    for (auto& row : t.rows) row.erase(row.begin() + upcoming_column);
  }
  return t;
}

std::string summary_line(const CampaignReport& r) {
  const auto& s = r.summary;
  std::string line = r.campaign.id;
  if (!r.campaign.name.empty()) line += " (" + r.campaign.name + ")";
  line += ": ";
  if (r.dial_proxies) {
    // No dialer-active time on this platform: the share of scheduled
    // intervals with dials stands in for adherence.
    if (auto share = intervals_with_dials_percent(s.total))
      line += "dials in " + percent_text(share) + " % of the scheduled intervals (" +
              std::to_string(s.total.intervals_with_dials) + " of " +
              std::to_string(s.total.scheduled_intervals) + ")";
    else
      line += s.total.upcoming > 0 ? "nothing due yet" : "nothing scheduled in the range";
  } else if (s.adherence) {
    line += "adherence " + percent_text(s.adherence) + " %";
    if (s.worst_day) {
      line += " (worst " + iso_date(*s.worst_day);
      for (const auto& d : r.days)
        if (d.day == *s.worst_day) line += ": " + percent_text(adherence_percent(d.activity)) + " %";
      line += ")";
    }
  } else {
    line += s.total.upcoming > 0 ? "nothing due yet" : "nothing scheduled in the range";
  }
  if (s.total.upcoming > 0) line += ", " + minutes_text(s.total.upcoming) + " min still to come";
  if (r.dial_proxies) {
    if (s.total.dials_outside > 0)
      line += ", " + std::to_string(s.total.dials_outside) + " dials outside the windows on " +
              std::to_string(s.days_with_outside_activity) +
              (s.days_with_outside_activity == 1 ? " day" : " days");
    else
      line += ", no dials outside the windows";
  } else if (s.total.outside > 0) {
    line += ", " + minutes_text(s.total.outside) + " min dialed outside the windows on " +
            std::to_string(s.days_with_outside_activity) +
            (s.days_with_outside_activity == 1 ? " day" : " days");
  } else {
    line += ", no dialing outside the windows";
  }
  if (s.abandonment) {
    line += ", abandonment " + percent_text(s.abandonment) + " % over the period";
    line += s.abandonment_above_limit ? " (ABOVE the 3 % limit)" : " (limit 3 %)";
    if (s.days_above_abandonment_limit > 0)
      line += "; " + std::to_string(s.days_above_abandonment_limit) +
              (s.days_above_abandonment_limit == 1 ? " day" : " days") +
              " above 3 % on its own (information: the FTC limit applies per 30-day period)";
  } else {
    line += ", no connected calls";
  }
  return line;
}

}  // namespace cxsched::report
