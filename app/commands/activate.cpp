// cxsched activate ID... [--wait] [--interval DUR]
#include "commands.hpp"
#include "watch_view.hpp"
#include "../documents.hpp"
#include "../exit_codes.hpp"

#include <cxsched/ops/lifecycle.hpp>
#include <cxsched/util/duration.hpp>
#include <cxsched/util/expected.hpp>
#include <cxsched/util/json.hpp>

namespace cxsched::app {
namespace {

struct ActivateCliOptions {
  std::vector<std::string> ids;
  bool wait = false;
  std::string interval = "2s";
  bool interval_given = false;
};

Result<int> run_activate(Context& ctx, const ActivateCliOptions& o) {
  if (o.interval_given && !o.wait) return fail(ErrorKind::usage, "--interval applies only with --wait");
  TRY_ASSIGN(auto session, ctx.session(o.wait ? kDefaultWaitTimeout : util::Millis{0}));
  auto& s = *session;
  std::optional<ops::WatchOptions> watch_options;
  if (o.wait) {
    TRY_ASSIGN(auto w, make_watch_options("ACTIVE", o.interval, s.http().deadline()));
    w.until_activated = true;
    watch_options = std::move(w);
  }

  auto results = ops::activate_campaigns(s.platform(), o.ids);
  std::optional<ErrorKind> failure;
  std::vector<std::string> accepted;
  for (const auto& r : results) {
    if (r.error) failure = worse(failure, r.error->kind);
    else accepted.push_back(r.id);
  }

  std::vector<ops::WatchedCampaign> watched;
  if (watch_options && !accepted.empty()) {
    WatchView view(ctx, s.clock(), false);
    watch_options->tick = view.tick();
    auto w = ops::watch_campaigns(s.platform(), s.clock(), accepted, *watch_options, &view);
    view.finish();
    TRY_ASSIGN(watched, std::move(w));
    failure = worse(failure, ops::watch_failure(watched));
  }
  const int code = exit_code_for(failure);
  auto watch_of = [&](const std::string& id) -> const ops::WatchedCampaign* {
    for (const auto& w : watched)
      if (w.id == id) return &w;
    return nullptr;
  };

  auto& t = ctx.term();
  if (ctx.format() == Format::json) {
    t.print_json(activate_document(results, watched, code));
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const auto& r : results) {
      const auto* w = watch_of(r.id);
      std::string status = w ? w->status : r.status;
      std::string note = r.error ? r.error->message
                         : w && w->outcome != ops::WatchOutcome::reached ? watch_note(*w)
                                                                          : "";
      std::string result = activation_text(r);
      rows.push_back({r.id, w ? w->name : r.name,
                      r.error ? t.paint(result, Style::red) : t.paint(result, Style::green),
                      status, note});
    }
    if (ctx.format() == Format::csv) {
      std::string out = csv_row({"id", "name", "result", "status", "note"});
      for (const auto& r : results) {
        const auto* w = watch_of(r.id);
        out += csv_row({r.id, w ? w->name : r.name, activation_text(r), w ? w->status : r.status,
                        r.error ? r.error->message : (w ? watch_note(*w) : "")});
      }
      t.print_raw(out);
    } else {
      t.print(render_table({"ID", "NAME", "RESULT", "STATUS", "NOTE"}, rows));
    }
  }
  for (const auto& r : results)
    if (r.error) t.error(r.error->message);
  for (const auto& w : watched)
    if (w.outcome != ops::WatchOutcome::reached)
      t.error(w.id + (w.name.empty() ? "" : " " + w.name) + ": " + watch_note(w));
  return code;
}

}  // namespace

void register_activate(CLI::App& app, Context& ctx, Registry& registry) {
  (void)ctx;
  auto opts = std::make_shared<ActivateCliOptions>();
  auto* sub = app.add_subcommand(
      "activate", "Activate campaigns; already ACTIVE or ACTIVATING counts as success");
  sub->add_option("id", opts->ids, "Campaign ids")->required()->type_name("ID");
  sub->add_flag("--wait", opts->wait,
                "Then wait until each is ACTIVE, as `watch` (the global --timeout, default 10m)");
  sub->add_option("--interval", opts->interval, "With --wait: first delay between polls")
      ->type_name("DUR")
      ->capture_default_str();
  sub->footer(
      "Exit codes: 0 activated, 6 unknown id, 7 COMPLETED, CANCELED or FAILED (or, with\n"
      "--wait, ended in one), 8 --wait ran out of time, 9 the platform was unavailable.\n"
      "\nExamples:\n  cxsched activate c-7f3a\n  cxsched activate c-1 c-2 --wait --timeout 5m");
  auto* interval = sub->get_option("--interval");
  registry.add(sub, [opts, interval](Context& c) {
    opts->interval_given = interval->count() > 0;
    return run_activate(c, *opts);
  });
}

}  // namespace cxsched::app
