#include <cxsched/report/render.hpp>

#include <algorithm>
#include <cstdio>
#include <map>

#include <cxsched/schedule/format.hpp>
#include <cxsched/schedule/zone.hpp>

#include "report/text.hpp"

namespace cxsched::report {

using namespace detail;
using namespace std::chrono_literals;

namespace {

constexpr double kWidth = 1230;
constexpr double kLabelW = 190;
constexpr double kPlotW = 720;  // 24 h
constexpr double kRowH = 26;
constexpr double kBarH = 20;
constexpr const char* kBand = "#d6e6fa";
constexpr const char* kBandEdge = "#7aa7e0";  // the window's outline, drawn over the bars
constexpr const char* kInfo = "#b7791f";      // a day above 3 % abandonment (information)
constexpr const char* kInside = "#1f6fd1";
constexpr const char* kOutside = "#e4572e";
constexpr const char* kText = "#222";
constexpr const char* kMuted = "#666";

std::string xml(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string rect(double x, double y, double w, double h, const char* fill,
                 std::string_view extra = {}) {
  return "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(w) + "\" height=\"" +
         num(h) + "\" fill=\"" + fill + "\"" + std::string(extra) + "/>\n";
}

std::string text(double x, double y, std::string_view body, std::string_view attrs = {}) {
  return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\"" + std::string(attrs) + ">" + xml(body) +
         "</text>\n";
}

// Calls `f(day, x0, x1)` for each piece of [a, b) on one local day with one
// UTC offset, x in seconds after that day's local midnight.
template <class F>
void local_pieces(Interval span, const date::time_zone* zone, F&& f) {
  for (auto t = span.start; t < span.end;) {
    auto info = schedule::zone_info(zone, t);
    const date::local_seconds local{t.time_since_epoch() + info.offset};
    const auto day = date::floor<date::days>(local);
    const Seconds day_end{(date::local_seconds{day + date::days{1}} - info.offset).time_since_epoch()};
    const auto stop = std::min({span.end, info.end, day_end});
    const auto x0 = (local - date::local_seconds{day}).count();
    f(day, static_cast<double>(x0), static_cast<double>(x0 + (stop - t).count()));
    t = stop;
  }
}

double x_of(double seconds) { return kLabelW + seconds / 86400.0 * kPlotW; }

// "15-minute" for PT15M: the bucket length in words, for the legend.
std::string bucket_words(Granularity g) {
  switch (g) {
    case Granularity::pt15m: return "15-minute";
    case Granularity::pt30m: return "30-minute";
    case Granularity::pt1h: return "1-hour";
    case Granularity::p1d: return "1-day";
  }
  return std::string(to_string(g));
}

// Adherence, dialing outside, and abandonment of one day, each in its colour.
// Without dialer-active time (`proxies`): the share of scheduled intervals
// with dials, and the dials outside the windows.
std::string day_summary(const DayReport& d, bool worst, bool proxies) {
  std::string s;
  if (proxies) {
    if (auto pct = intervals_with_dials_percent(d.activity)) s = percent_text(pct) + " % dialed";
    else if (d.activity.attempted == 0) s = "-";
    else s = "unscheduled";
  } else if (auto pct = adherence_percent(d.activity)) s = percent_text(pct) + " %";
  else if (d.activity.inside + d.activity.outside == 0) s = "-";
  else s = "unscheduled";
  if (worst) s += " (worst)";
  std::string out = "<tspan fill=\"" + std::string(kText) + "\">" + xml(s) + "</tspan>";
  if (d.activity.outside > 0)
    out += "<tspan fill=\"" + std::string(kOutside) + "\"> +" +
           xml(minutes_text(d.activity.outside)) + " min out</tspan>";
  if (d.activity.dials_outside > 0)
    out += "<tspan fill=\"" + std::string(kOutside) + "\"> +" +
           xml(std::to_string(d.activity.dials_outside)) + " dials out</tspan>";
  if (auto ab = abandonment_percent(d.activity)) {
    const bool above = *ab > abandonment_limit_percent;
    out += "<tspan fill=\"" + std::string(above ? kInfo : kMuted) + "\"> · abandon " +
           xml(percent_text(ab)) + " %</tspan>";
  }
  return out;
}

std::string campaign_block(const CampaignReport& r, double top, double& height) {
  std::string out;
  double y = top;
  std::string title = "Schedule adherence: " + r.campaign.name;
  if (r.campaign.name.empty()) title = "Schedule adherence: " + r.campaign.id;
  out += text(12, y + 18, title, " font-size=\"16\" font-weight=\"bold\" fill=\"#111\"");
  std::string sub = r.campaign.id + " · " + r.campaign.timezone + " · " +
                    schedule::format_local(r.range.start, r.zone) + " to " +
                    schedule::format_local(r.range.end, r.zone);
  out += text(12, y + 36, sub, std::string(" font-size=\"11\" fill=\"") + kMuted + "\"");
  y += 50;

  for (int h = 0; h <= 24; h += 3) {
    char label[8];
    std::snprintf(label, sizeof label, "%02d:00", h);
    out += text(x_of(h * 3600.0), y + 10, label,
                std::string(" font-size=\"10\" text-anchor=\"middle\" fill=\"") + kMuted + "\"");
  }
  y += 16;
  const double rows_top = y;

  std::map<date::local_days, std::size_t> row_of;
  for (std::size_t i = 0; i < r.days.size(); ++i) row_of[r.days[i].day] = i;
  auto row_y = [&](std::size_t i) { return rows_top + static_cast<double>(i) * kRowH; };

  for (std::size_t i = 0; i < r.days.size(); ++i) {
    const auto& d = r.days[i];
    const double ry = row_y(i);
    out += rect(kLabelW, ry + 2, kPlotW, kBarH, "#f3f3f3");
    const bool worst = r.summary.worst_day && *r.summary.worst_day == d.day;
    out += text(kLabelW - 8, ry + 16, weekday_name(d.day) + " " + iso_date(d.day) + " " + offset_text(d),
                std::string(" font-size=\"11\" text-anchor=\"end\" fill=\"") + kText + "\"" +
                    (worst ? " font-weight=\"bold\"" : ""));
    out += "<text x=\"" + num(kLabelW + kPlotW + 8) + "\" y=\"" + num(ry + 16) +
           "\" font-size=\"11\" xml:space=\"preserve\">" + day_summary(d, worst, r.dial_proxies) +
           "</text>\n";
  }
  for (const auto& span : r.scheduled) {
    local_pieces(span, r.zone, [&](date::local_days day, double x0, double x1) {
      auto it = row_of.find(day);
      if (it == row_of.end()) return;
      out += rect(x_of(x0), row_y(it->second) + 2, x_of(x1) - x_of(x0), kBarH, kBand);
    });
  }
  // Without dialer-active time a row's bar is its dials against the busiest
  // row's, in the outside colour when the row meets no window.
  std::int64_t most_dials = 0;
  for (const auto& b : r.fine) most_dials = std::max(most_dials, b.activity.attempted);
  for (const auto& b : r.fine) {
    if (!r.dial_proxies || b.activity.attempted <= 0) continue;
    const double h = kBarH * static_cast<double>(b.activity.attempted) /
                     static_cast<double>(most_dials);
    const char* fill = b.activity.dials_outside > 0 ? kOutside : kInside;
    local_pieces(b.interval, r.zone, [&](date::local_days day, double x0, double x1) {
      auto it = row_of.find(day);
      if (it == row_of.end()) return;
      const double base = row_y(it->second) + 2 + kBarH;
      out += rect(x_of(x0), base - h, std::max(0.5, x_of(x1) - x_of(x0) - 0.4), h, fill);
    });
  }
  for (const auto& b : r.fine) {
    const double len = static_cast<double>((b.interval.end - b.interval.start).count());
    if (len <= 0 || b.activity.inside + b.activity.outside == 0) continue;
    const double in_h = kBarH * std::min(1.0, static_cast<double>(b.activity.inside) / len);
    const double out_h =
        std::min(kBarH - in_h, kBarH * static_cast<double>(b.activity.outside) / len);
    local_pieces(b.interval, r.zone, [&](date::local_days day, double x0, double x1) {
      auto it = row_of.find(day);
      if (it == row_of.end()) return;
      const double base = row_y(it->second) + 2 + kBarH;
      const double w = std::max(0.5, x_of(x1) - x_of(x0) - 0.4);
      if (in_h > 0) out += rect(x_of(x0), base - in_h, w, in_h, kInside);
      if (out_h > 0) out += rect(x_of(x0), base - in_h - out_h, w, out_h, kOutside);
    });
  }
  // The windows' outlines over the bars, so both read where they overlap.
  for (const auto& span : r.scheduled) {
    local_pieces(span, r.zone, [&](date::local_days day, double x0, double x1) {
      auto it = row_of.find(day);
      if (it == row_of.end()) return;
      out += rect(x_of(x0), row_y(it->second) + 1.5, x_of(x1) - x_of(x0), kBarH + 1, "none",
                  std::string(" stroke=\"") + kBandEdge + "\" stroke-width=\"1\"");
    });
  }
  y = rows_top + static_cast<double>(r.days.size()) * kRowH;
  for (int h = 0; h <= 24; h += 3)
    out += "<line x1=\"" + num(x_of(h * 3600.0)) + "\" y1=\"" + num(rows_top) + "\" x2=\"" +
           num(x_of(h * 3600.0)) + "\" y2=\"" + num(y) +
           "\" stroke=\"#999\" stroke-width=\"0.5\" stroke-dasharray=\"2,3\"/>\n";
  if (r.days.empty()) {
    out += text(kLabelW, y + 14, "No days in the range.", " font-size=\"12\" fill=\"#666\"");
    y += 20;
  }

  // The total line in the text colour; only what is out of bounds (dialing
  // outside the windows, the period's abandonment above the limit) in orange.
  const auto& t = r.summary.total;
  auto span = [](const std::string& body, bool out_of_bounds) {
    return "<tspan fill=\"" + std::string(out_of_bounds ? kOutside : kText) + "\">" + xml(body) +
           "</tspan>";
  };
  std::string totals;
  if (r.dial_proxies) {
    totals = span("Total: scheduled " + minutes_text(t.scheduled) + " min, ", false) +
             span("dials outside the windows " + std::to_string(t.dials_outside),
                  t.dials_outside > 0);
    if (auto share = intervals_with_dials_percent(t))
      totals += span(", scheduled intervals with dials " + percent_text(share) + " %", false);
  } else {
    totals = span("Total: scheduled " + minutes_text(t.scheduled) + " min, inside " +
                      minutes_text(t.inside) + " min, ",
                  false) +
             span("outside " + minutes_text(t.outside) + " min", t.outside > 0);
  }
  if (t.upcoming > 0) totals += span(", upcoming " + minutes_text(t.upcoming) + " min", false);
  std::string calls;
  if (r.summary.adherence) calls += ", adherence " + percent_text(r.summary.adherence) + " %";
  calls += "; calls " + std::to_string(t.attempted) + " attempted, " +
           std::to_string(t.connected) + " connected, " + std::to_string(t.abandoned) +
           " abandoned";
  totals += span(calls, false);
  if (r.summary.abandonment)
    totals += span(" (" + percent_text(r.summary.abandonment) + " % over the period" +
                       (r.summary.abandonment_above_limit ? ", ABOVE the 3 % limit)"
                                                          : ", limit 3 %)"),
                   r.summary.abandonment_above_limit);
  out += "<text x=\"12\" y=\"" + num(y + 20) + "\" font-size=\"12\" xml:space=\"preserve\">" +
         totals + "</text>\n";
  y += 30;

  double lx = 12;
  auto legend = [&](const char* fill, std::string_view label) {
    out += rect(lx, y + 4, 14, 10, fill);
    out += text(lx + 18, y + 13, label, " font-size=\"11\" fill=\"#333\"");
    lx += 26 + 6.5 * static_cast<double>(label.size());
  };
  out += rect(lx, y + 4, 14, 10, kBand, std::string(" stroke=\"") + kBandEdge + "\"");
  out += text(lx + 18, y + 13, "scheduled window", " font-size=\"11\" fill=\"#333\"");
  lx += 26 + 6.5 * 16;
  if (r.dial_proxies) {
    legend(kInside, "dials in a row meeting the window");
    legend(kOutside, "dials outside the window");
    out += text(lx, y + 13, "bar height: dials of each " + bucket_words(r.source) +
                                " row against the busiest (no dialer-active time on this "
                                "platform); x: local time",
                " font-size=\"11\" fill=\"#666\"");
  } else {
    legend(kInside, "dialing inside the window");
    legend(kOutside, "dialing outside the window");
    out += text(lx, y + 13, "bar height: share of each " + bucket_words(r.source) +
                                " bucket with the dialer active; x: local time",
                " font-size=\"11\" fill=\"#666\"");
  }
  y += 18;
  out += text(12, y + 13,
              "abandonment: a day above 3 % in amber is information; the FTC limit applies to "
              "the 30-day period, flagged in the total line",
              " font-size=\"11\" fill=\"#666\"");
  y += 26;
  for (const auto& note : r.notes) {
    out += text(12, y + 4, "note: " + note, std::string(" font-size=\"11\" fill=\"") + kInfo + "\"");
    y += 16;
  }
  height = y - top;
  return out;
}

}  // namespace

std::string render_chart(std::span<const CampaignReport> reports, ChartFormat format) {
  std::string body;
  double y = 8;
  for (const auto& r : reports) {
    double h = 0;
    body += campaign_block(r, y, h);
    y += h + 18;
  }
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(kWidth) +
                    "\" height=\"" + num(y) + "\" viewBox=\"0 0 " + num(kWidth) + " " + num(y) +
                    "\" font-family=\"sans-serif\">\n<title>Schedule adherence</title>\n" +
                    rect(0, 0, kWidth, y, "#ffffff") + body + "</svg>\n";
  if (format == ChartFormat::svg)
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg;
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<title>Schedule adherence</title>\n</head>\n<body style=\"margin:16px;background:#fff\">\n" +
         svg + "</body>\n</html>\n";
}

}  // namespace cxsched::report
