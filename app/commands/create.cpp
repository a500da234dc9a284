// cxsched create SPEC... [--dry-run] [--activate] [--wait] [--force-conflicts]
#include "commands.hpp"
#include "watch_view.hpp"
#include "../documents.hpp"
#include "../exit_codes.hpp"
#include "../spec_input.hpp"

#include <cxsched/ops/lifecycle.hpp>
#include <cxsched/util/expected.hpp>
#include <cxsched/util/json.hpp>

#include <cstdio>


namespace cxsched::app {
namespace {

struct CreateCliOptions {
  SpecCliOptions spec;
  bool dry_run = false;
  bool activate = false;
  bool wait = false;
  bool force_conflicts = false;
  std::string interval = "2s";
  bool interval_given = false;
};

Style outcome_style(ops::CreateOutcomeKind k) {
  switch (k) {
    case ops::CreateOutcomeKind::created:
    case ops::CreateOutcomeKind::exists: return Style::green;
    case ops::CreateOutcomeKind::would_create: return Style::cyan;
    case ops::CreateOutcomeKind::skipped: return Style::dim;
    default: return Style::red;
  }
}

// What activation came to, for the ACTIVATION column: "ACTIVE after 3.1 s",
// "FAILED after 2.0 s", "still ACTIVATING after 120.0 s", "already ACTIVE".
std::string activation_outcome(const ops::CreateResult& r) {
  if (!r.activation) return "";
  if (r.activation->error) return "failed";
  const bool already = r.activation->activation == platform::Activation::already_active;
  if (!r.watch) return already ? "already active" : "accepted";
  const auto& w = *r.watch;
  char secs[32];
  std::snprintf(secs, sizeof secs, "%.1f s", static_cast<double>(w.elapsed.count()) / 1000.0);
  switch (w.outcome) {
    case ops::WatchOutcome::reached:
      return already && w.elapsed.count() == 0 ? "already " + w.status
                                                : w.status + " after " + secs;
    case ops::WatchOutcome::terminal: return w.status + " after " + secs;
    case ops::WatchOutcome::timeout:
      return "still " + (w.status.empty() ? std::string("pending") : w.status) + " after " + secs;
    default: return ops::to_string(w.outcome);
  }
}

std::string progress_line(const ops::CreateResult& r, std::size_t i, std::size_t n) {
  std::string line = "[" + std::to_string(i + 1) + "/" + std::to_string(n) + "] " +
                     (r.name.empty() ? r.source : r.name) + ": " + ops::to_string(r.outcome);
  if (!r.id.empty()) line += " " + r.id;
  if (r.activation) line += std::string(", activation ") + activation_text(*r.activation);
  return line;
}

void print_json(const Terminal& t, const ops::CreateReport& report, const CreateCliOptions& o,
                int code) {
  t.print_json(create_document(report, o.dry_run, code));
}

void print_dry_run(const Terminal& t, const ops::CreateReport& report) {
  std::string out;
  for (const auto& r : report.results) {
    out += "# " + r.source + (r.name.empty() ? "" : " (" + r.name + ")") + ": " +
           ops::to_string(r.outcome) + (r.id.empty() ? "" : " " + r.id) + "\n";
    if (r.outcome != ops::CreateOutcomeKind::would_create) continue;
    out += r.preview + "\n\n";
  }
  t.print(out);
}

void print_table(const Terminal& t, const ops::CreateReport& report) {
  std::vector<std::vector<std::string>> rows;
  bool with_activation = false;
  for (const auto& r : report.results) with_activation = with_activation || r.activation;
  for (const auto& r : report.results) {
    std::vector<std::string> row = {r.source, r.name,
                                    t.paint(ops::to_string(r.outcome), outcome_style(r.outcome)),
                                    r.id, r.status};
    if (with_activation) {
      row.push_back(activation_outcome(r));
    }
    rows.push_back(std::move(row));
  }
  std::vector<std::string> headers = {"SOURCE", "NAME", "OUTCOME", "ID", "STATUS"};
  if (with_activation) headers.push_back("ACTIVATION");
  t.print(render_table(headers, rows));
}

Result<int> run_create(Context& ctx, const CreateCliOptions& o) {
  auto& t = ctx.term();
  if (o.wait && !o.activate)
    return fail(ErrorKind::usage, "--wait needs --activate: create SPEC --activate --wait");
  if (o.interval_given && !o.wait)
    return fail(ErrorKind::usage, "--interval applies only with --wait");
  ops::CreateOptions options;
  TRY_ASSIGN(auto validate, validate_options(o.spec, t));
  options.validate = std::move(validate);
  options.dry_run = o.dry_run;
  options.force_conflicts = o.force_conflicts;
  options.activate = o.activate || o.wait;

  options.on_result = [&t](const ops::CreateResult& r, std::size_t i, std::size_t n) {
    t.progress(progress_line(r, i, n));
  };

  TRY_ASSIGN(auto specs, read_specs(o.spec.specs));
  const bool waits = o.wait && !o.dry_run;
  TRY_ASSIGN(auto session, ctx.session(waits ? kDefaultWaitTimeout : kDefaultListTimeout));
  auto& s = *session;

  std::optional<WatchView> view;
  if (o.wait) {
    TRY_ASSIGN(auto w, make_watch_options("ACTIVE", o.interval, s.http().deadline()));
    w.until_activated = true;
    view.emplace(ctx, s.clock(), false);
    w.tick = view->tick();
    options.wait = std::move(w);
    options.watch_observer = &*view;
  }

  auto report = ops::create_campaigns(specs, options, &s.platform(), s.clock());
  t.end_progress();
  if (view) view->finish();
  TRY(report);

  auto failure = report->failure();
  const int code = failure ? exit_code_for(*failure) : kExitOk;
  if (ctx.format() == Format::json) {
    print_json(t, *report, o, code);
  } else if (o.dry_run) {
    print_dry_run(t, *report);
  } else {
    print_table(t, *report);
  }
  for (const auto& w : report->validation.warnings) t.warning(w);
  for (const auto& r : report->results)
    if (r.error && r.outcome != ops::CreateOutcomeKind::skipped) t.error(r.error->message);
  if (report->refused)
    t.error(std::string("nothing was created: ") +
            (*report->refused == ops::Verdict::invalid
                 ? "fix the invalid specs first"
                 : "resolve the conflicts first, or pass --force-conflicts"));
  return code;
}

}  // namespace

void register_create(CLI::App& app, Context& ctx, Registry& registry) {
  (void)ctx;
  auto opts = std::make_shared<CreateCliOptions>();
  auto* sub = app.add_subcommand(
      "create", "Validate campaign specs, then create them; safe to re-run");
  add_spec_options(sub, opts->spec);
  sub->add_flag("--dry-run", opts->dry_run,
                "Validate and print the exact payloads that would be POSTed; change nothing");
  sub->add_flag("--activate", opts->activate,
                "Activate each campaign once created (or if it exists)");
  sub->add_flag("--wait", opts->wait,
                "With --activate: wait until each is ACTIVE (the global --timeout, default 10m)");
  sub->add_flag("--force-conflicts", opts->force_conflicts,
                "Create despite schedule conflicts (invalid specs are never created)");
  sub->add_option("--interval", opts->interval, "With --wait: first delay between polls")
      ->type_name("DUR")
      ->capture_default_str();
  sub->footer(
      "A campaign that already exists under the spec's name with the same definition is\n"
      "reported, not created again; with another definition the differences are listed\n"
      "(exit 4). Each POST carries an Idempotency-Key derived from the spec.\n"
      "Exit codes: 0 done, 3 invalid spec, 4 conflict or different definition, 7/8/9 as\n"
      "for watch (with --activate --wait).\n"
      "\nExamples:\n  cxsched create campaign.json --dry-run\n"
      "  cxsched create specs/*.json --activate --wait --timeout 5m -o json");
  auto* interval = sub->get_option("--interval");
  registry.add(sub, [opts, interval](Context& c) {
    opts->interval_given = interval->count() > 0;
    return run_create(c, *opts);
  }, {Format::table, Format::json});
}

}  // namespace cxsched::app
