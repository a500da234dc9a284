// cxsched report ID... [--from T] [--to T] [--interval I] [--metrics M,...] [--utc] [--chart FILE]
#include "commands.hpp"
#include "../suggest.hpp"

#include <cxsched/ops/report.hpp>
#include <cxsched/report/render.hpp>
#include <cxsched/schedule/format.hpp>
#include <cxsched/util/expected.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace cxsched::app {
namespace {

struct ReportFlags {
  std::vector<std::string> ids;
  std::string from, to;
  std::string interval = "PT1H";
  std::vector<std::string> metrics;
  bool utc = false;
  std::string chart;
  bool interval_given = false;
};

Result<std::vector<report::Metric>> parse_metrics(const std::vector<std::string>& given) {
  std::vector<std::string> names;
  for (auto m : report::all_metrics) names.emplace_back(report::api_name(m));
  if (given.empty()) return std::vector<report::Metric>(report::all_metrics.begin(), report::all_metrics.end());
  std::vector<report::Metric> out;
  for (const auto& g : given) {
    std::size_t start = 0;
    while (start <= g.size()) {
      auto comma = g.find(',', start);
      auto name = g.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      auto m = report::metric_from_name(name);
      if (!m) {
        std::string msg = "--metrics: unknown metric '" + name + "'";
        if (auto c = closest(name, names)) msg += " (did you mean " + *c + "?)";
        else msg += " (one of callsAttempted, callsConnected, callsAbandoned, talkTimeSeconds, "
                    "dialingSeconds, scheduleAdherence)";
        return fail(ErrorKind::usage, msg);
      }
      if (std::find(out.begin(), out.end(), *m) == out.end()) out.push_back(*m);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return out;
}

Result<report::ChartFormat> chart_format(const std::string& path) {
  auto ext = std::filesystem::path(path).extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == ".svg") return report::ChartFormat::svg;
  if (ext == ".html" || ext == ".htm") return report::ChartFormat::html;
  return fail(ErrorKind::usage, "--chart: '" + path + "' must end in .svg or .html");
}

Result<void> write_file(const std::string& path, const std::string& content) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << content;
    out.flush();
    if (!out) return fail(ErrorKind::usage, "--chart: cannot write '" + path + "'");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    return fail(ErrorKind::usage, "--chart: cannot write '" + path + "'");
  }
  return {};
}

void print_table(Terminal& t, const report::CampaignReport& r) {
  std::string head = r.campaign.id;
  if (!r.campaign.name.empty()) head += "  " + r.campaign.name;
  head += "  (" + r.campaign.status + ", " + r.campaign.timezone + ")";
  std::string span = schedule::format_local(r.range.start, r.zone) + " to " +
                     schedule::format_local(r.range.end, r.zone);
  if (r.now < r.range.end)
    span += r.now <= r.range.start
                ? " (all of it still to come)"
                : " (after " + schedule::format_local(r.now, r.zone) + " still to come)";
  // One paint per line: paint escapes what it is given, line feeds included.
  t.print(t.paint(head, Style::bold) + "\n" + t.paint(span, Style::bold) + "\n");
  auto table = report::day_table(r);
  for (int i : table.outside_rows) {
    auto& row = table.rows[static_cast<std::size_t>(i)];
    auto& cell = row[static_cast<std::size_t>(table.outside_column)];
    cell = t.paint(cell, Style::red);
  }
  for (int i : table.abandonment_rows) {
    auto& row = table.rows[static_cast<std::size_t>(i)];
    auto& cell = row[static_cast<std::size_t>(table.abandonment_column)];
    cell = t.paint(cell, Style::yellow);
  }
  if (table.worst_row >= 0) {
    auto& row = table.rows[static_cast<std::size_t>(table.worst_row)];
    row[0] = t.paint(row[0], Style::yellow);
    auto& cell = row[static_cast<std::size_t>(table.adherence_column)];
    cell = t.paint(cell, Style::yellow);
  }
  auto& total = table.rows.back();
  for (auto& cell : total) cell = t.paint(cell, table.abandonment_above_limit ? Style::red : Style::bold);
  t.print(render_table(table.headers, table.rows));
  t.print(report::summary_line(r) + "\n");
  for (const auto& note : r.notes) t.print("note: " + note + "\n");
}

Result<int> run_report(Context& ctx, const ReportFlags& f) {
  TRY_ASSIGN(auto interval, report::parse_granularity(f.interval));
  TRY_ASSIGN(auto metrics, parse_metrics(f.metrics));
  if (ctx.format() == Format::table && (f.interval_given || !f.metrics.empty()))
    return fail(ErrorKind::usage, std::string(f.interval_given ? "--interval" : "--metrics") +
                                      " shapes -o json and -o csv; the table shows local days");
  std::optional<report::ChartFormat> chart;
  if (!f.chart.empty()) {
    TRY_ASSIGN(auto cf, chart_format(f.chart));
    chart = cf;
  }
  TRY_ASSIGN(auto session, ctx.session());

  ops::ReportOptions opts{f.ids, f.from, f.to, interval, f.utc};
  auto& t = ctx.term();
  auto reports = ops::build_reports(session->platform(), session->clock(), opts,
                                    [&t](std::string_view id, int piece, int pieces) {
                                      t.progress("querying analytics of " + std::string(id) + " (" +
                                                 std::to_string(piece) + "/" +
                                                 std::to_string(pieces) + ")");
                                    });
  t.end_progress();
  TRY(reports);

  if (chart) {
    TRY(write_file(f.chart, report::render_chart(*reports, *chart)));
    t.info("chart written to " + f.chart);
  }
  switch (ctx.format()) {
    case Format::json: t.print_raw(report::render_json(*reports, metrics)); break;
    case Format::csv:
      // A CSV holds no notes: they go to stderr, so the file stays parseable.
      for (const auto& r : *reports)
        for (const auto& note : r.notes) t.warning(r.campaign.id + ": " + note);
      t.print_raw(report::render_csv(*reports, metrics));
      break;
    case Format::table:
      for (std::size_t i = 0; i < reports->size(); ++i) {
        if (i > 0) t.print("\n");
        print_table(t, (*reports)[i]);
      }
      break;
  }
  return 0;
}

}  // namespace

void register_report(CLI::App& app, Context& ctx, Registry& registry) {
  (void)ctx;
  auto f = std::make_shared<ReportFlags>();
  auto* sub = app.add_subcommand(
      "report", "Schedule adherence: scheduled vs dialed minutes per local day, calls, abandonment");
  sub->add_option("id", f->ids, "Campaign id(s)")->required()->type_name("ID");
  sub->add_option("--from", f->from,
                  "Start: RFC 3339, a local date (campaign's zone), now, today, yesterday, -7d, "
                  "-2w, -12h (default -7d: midnight 7 days ago)")
      ->type_name("TIME");
  sub->add_option("--to", f->to,
                  "End (exclusive; a date means the end of that day; default now; clipped to now)")
      ->type_name("TIME");
  registry.hint(sub->add_option("--interval", f->interval,
                                "Buckets shown in json/csv: PT15M, PT30M, PT1H, P1D (P1D = local "
                                "days)")
                    ->type_name("DUR")
                    ->capture_default_str(),
                {ValueKind::choice, {"PT15M", "PT30M", "PT1H", "P1D"}});
  sub->add_option("--metrics", f->metrics,
                  "Raw metrics shown per bucket in json/csv (repeatable or comma-separated; "
                  "default all)")
      ->type_name("NAME")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  sub->add_flag("--utc", f->utc, "Show bucket times in UTC (and P1D as UTC days)");
  registry.hint(
      sub->add_option("--chart", f->chart, "Also write a timeline chart to FILE.svg or FILE.html")
          ->type_name("FILE"),
      {ValueKind::file});
  sub->footer(
      "The platform is always queried at PT15M (ranges over 31 days are split into several\n"
      "queries); each bucket's dialing time is split into inside / outside the campaign's own\n"
      "execution windows using scheduleAdherence (exact for any window edges), then rolled up\n"
      "into --interval buckets and local days. Adherence % = inside / scheduled minutes.\n"
      "Abandonment rate = abandoned / connected calls, flagged above the 3 % FTC limit.\n"
      "On --platform acd, which reports no dialer-active time, adherence is null and the\n"
      "proxies dialsOutsideSchedule and scheduledIntervalsWithDials take its place.\n\n"
      "Examples:\n  cxsched report c-7f3a --from -14d --chart adherence.svg\n"
      "  cxsched report c-7f3a --from 2025-03-01 --to 2025-03-31 -o csv > march.csv\n"
      "  cxsched report c-1 c-2 -o json | jq '.reports[].summary.adherencePercent'");
  auto* interval = sub->get_option("--interval");
  registry.add(sub, [f, interval](Context& c) {
    f->interval_given = interval->count() > 0;
    return run_report(c, *f);
  });
}

}  // namespace cxsched::app
