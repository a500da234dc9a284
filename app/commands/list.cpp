// cxsched list [--status S]...
#include "commands.hpp"
#include "../documents.hpp"
#include "../suggest.hpp"

#include <cxsched/ops/list.hpp>
#include <cxsched/schedule/status.hpp>
#include <cxsched/util/expected.hpp>

#include <algorithm>
#include <set>

namespace cxsched::app {
namespace {

struct ListOptions {
  std::vector<std::string> statuses;
  int page_size = 500;
};

Result<int> run_list(Context& ctx, const ListOptions& o) {
  TRY_ASSIGN(const auto statuses, parse_statuses(o.statuses));
  TRY_ASSIGN(ops::Session* session, ctx.session(kDefaultListTimeout));
  // Only the campaigns shown are kept; the others are dropped page by page.
  platform::ListOptions list_options;
  list_options.page_size = o.page_size;
  TRY_ASSIGN(const auto listed, ops::list_campaigns(session->platform(), statuses, list_options));
  const platform::ListStats& stats = listed.stats;
  std::vector<const platform::Campaign*> shown;
  for (const auto& c : listed.campaigns) shown.push_back(&c);

  auto& t = ctx.term();
  switch (ctx.format()) {
    case Format::json:
      t.print_json(list_document(shown));
      break;
    case Format::csv: {
      std::string out = csv_row({"id", "name", "status", "campaignType", "startDate", "endDate",
                                 "timezone", "queueId"});
      for (const auto* c : shown)
        out += csv_row({c->id, c->name, c->status, c->campaign_type, c->start_date, c->end_date,
                        c->zone, c->queue_id});
      t.print_raw(out);
      break;
    }
    case Format::table: {
      std::vector<std::vector<std::string>> rows;
      for (const auto* c : shown) {
        Style st = c->status == "ACTIVE" ? Style::green
                   : c->status == "FAILED" ? Style::red
                   : c->status == "SCHEDULED" || c->status == "ACTIVATING" ? Style::cyan
                   : Style::dim;
        rows.push_back({c->id, c->name, t.paint(c->status, st), c->start_date, c->end_date, c->zone,
                        c->queue_id});
      }
      t.print(render_table({"ID", "NAME", "STATUS", "START", "END", "TIMEZONE", "QUEUE"}, rows));
      t.info(std::to_string(shown.size()) + " of " + std::to_string(stats.campaigns) +
             " campaigns (" + std::to_string(stats.pages) + (stats.pages == 1 ? " page)" : " pages)"));
      break;
    }
  }
  return 0;
}

}  // namespace

std::vector<std::string> status_names() {
  return {schedule::kCampaignStatuses.begin(), schedule::kCampaignStatuses.end()};
}

Result<std::set<std::string>> parse_statuses(const std::vector<std::string>& given) {
  std::set<std::string> out;
  for (const auto& g : given) {
    // Accept "--status ACTIVE,SCHEDULED" as well as repeated flags, any case.
    std::size_t start = 0;
    while (start <= g.size()) {
      auto comma = g.find(',', start);
      std::string s = g.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      std::transform(s.begin(), s.end(), s.begin(),
                     [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
      if (!schedule::is_campaign_status(s)) {
        std::string msg = "--status: unknown status '" + s + "'";
        if (auto c = closest(s, status_names())) msg += " (did you mean " + *c + "?)";
        else msg += " (one of " + schedule::campaign_status_list() + ")";
        return fail(ErrorKind::usage, msg);
      }
      out.insert(s);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return out;
}

void register_list(CLI::App& app, Context& ctx, Registry& registry) {
  (void)ctx;
  auto opts = std::make_shared<ListOptions>();
  auto* sub = app.add_subcommand("list", "List every campaign on the platform (all pages)");
  registry.hint(sub->add_option("--status", opts->statuses,
                                "Only campaigns in this status (repeatable, or comma-separated)")
                    ->type_name("STATUS"),
                {ValueKind::choice, status_names()});
  sub->add_option("--page-size", opts->page_size, "Campaigns asked for per page (1..500)")
      ->type_name("N")
      ->check(CLI::Range(1, 500));
  sub->footer("Examples:\n  cxsched list --status ACTIVE --status SCHEDULED\n"
              "  cxsched list -o json | jq '.campaigns[].name'");
  registry.add(sub, [opts](Context& c) { return run_list(c, *opts); });
}

}  // namespace cxsched::app
