// cxsched watch ID... [--for STATUS] [--interval DUR] (and the global --timeout, default 10m)
#include "commands.hpp"
#include "watch_view.hpp"
#include "../exit_codes.hpp"

#include <cxsched/schedule/status.hpp>
#include <cxsched/util/duration.hpp>
#include <cxsched/util/expected.hpp>
#include <cxsched/util/text.hpp>
#include <cxsched/util/time.hpp>
#include <cxsched/util/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>

namespace cxsched::app {

namespace {

constexpr util::Millis kDefaultWatchTimeout{10 * 60 * 1000};
constexpr util::Millis kLiveTick{250};
constexpr auto kMinRedraw = std::chrono::milliseconds(200);

double seconds(util::Millis d) {
  return std::round(static_cast<double>(d.count()) / 100.0) / 10.0;
}

std::string label(const ops::WatchedCampaign& c) {
  return util::printable(c.name.empty() ? c.id : c.id + " " + c.name);
}

Style status_style(std::string_view status) {
  if (status == "ACTIVE") return Style::green;
  if (status == "FAILED" || status == "CANCELED") return Style::red;
  if (status == "ACTIVATING" || status == "SCHEDULED") return Style::cyan;
  return Style::dim;
}

}  // namespace

WatchView::WatchView(Context& ctx, util::Clock& clock, bool json_lines)
    : ctx_(ctx), clock_(clock) {
  const auto& t = ctx.term();
  if (json_lines) mode_ = Mode::json_lines;
  else if (t.quiet()) mode_ = Mode::silent;
  else if (t.stderr_tty()) mode_ = Mode::live;
  else mode_ = Mode::lines;
}

util::Millis WatchView::tick() const { return mode_ == Mode::live ? kLiveTick : util::Millis{0}; }

void WatchView::on_status(const ops::WatchedCampaign& c, std::string_view from) {
  auto& t = ctx_.term();
  switch (mode_) {
    case Mode::json_lines: {
      rapidjson::Document doc(rapidjson::kObjectType);
      auto& a = doc.GetAllocator();
      doc.AddMember("id", rapidjson::Value(c.id.c_str(), a), a);
      doc.AddMember("name", rapidjson::Value(c.name.c_str(), a), a);
      if (from.empty()) doc.AddMember("from", rapidjson::Value(), a);
      else doc.AddMember("from", rapidjson::Value(from.data(), static_cast<rapidjson::SizeType>(from.size()), a), a);
      doc.AddMember("to", rapidjson::Value(c.status.c_str(), a), a);
      doc.AddMember("elapsedSeconds", seconds(c.elapsed), a);
      doc.AddMember("time", rapidjson::Value(util::format_rfc3339_utc(clock_.now()).c_str(), a), a);
      if (!c.status_reason.empty())
        doc.AddMember("statusReason", rapidjson::Value(c.status_reason.c_str(), a), a);
      t.print_raw(util::to_json(doc) + "\n");
      std::fflush(stdout);
      break;
    }
    case Mode::lines: {
      std::string line = label(c) + ": ";
      line += from.empty() ? c.status
                           : std::string(from) + " -> " + c.status + " after " +
                                 util::format_duration(c.elapsed);
      if (!c.status_reason.empty()) line += " (" + c.status_reason + ")";
      t.info(line);
      break;
    }
    case Mode::live: show_live(c); break;
    case Mode::silent: break;
  }
}

void WatchView::show_live(const ops::WatchedCampaign& c) {
  auto it = std::find_if(shown_.begin(), shown_.end(),
                         [&](const auto& s) { return s.id == c.id; });
  if (it == shown_.end()) shown_.push_back(c);
  else *it = c;
  dirty_ = true;
  redraw(false);
}

void WatchView::on_finished(const ops::WatchedCampaign& c) {
  auto& t = ctx_.term();
  switch (mode_) {
    case Mode::json_lines: {
      rapidjson::Document doc(rapidjson::kObjectType);
      auto& a = doc.GetAllocator();
      rapidjson::Value v = watched_to_json(c, a);
      v.AddMember("final", true, a);
      v.AddMember("time", rapidjson::Value(util::format_rfc3339_utc(clock_.now()).c_str(), a), a);
      t.print_raw(util::to_json(v) + "\n");
      std::fflush(stdout);
      break;
    }
    case Mode::lines:
      if (c.outcome != ops::WatchOutcome::reached && c.outcome != ops::WatchOutcome::terminal)
        t.info(label(c) + ": " + watch_note(c));
      break;
    case Mode::live: show_live(c); break;
    case Mode::silent: break;
  }
}

void WatchView::on_tick(std::span<const ops::WatchedCampaign> all, util::Millis elapsed) {
  if (mode_ != Mode::live) return;
  elapsed_ = elapsed;
  shown_.assign(all.begin(), all.end());
  dirty_ = true;
  redraw(false);
}

void WatchView::finish() {
  if (mode_ == Mode::live && dirty_) redraw(true);
}

std::string WatchView::live_line(const ops::WatchedCampaign& c) const {
  const auto& t = ctx_.term();
  std::string status = c.status.empty() ? "..." : c.status;
  std::string line = label(c) + "  " + t.paint(status, status_style(status), true);
  const auto elapsed = c.outcome == ops::WatchOutcome::pending ? elapsed_ : c.elapsed;
  line += "  " + util::format_duration(elapsed);
  if (c.outcome != ops::WatchOutcome::pending && c.outcome != ops::WatchOutcome::reached)
    line += "  " + t.paint(watch_note(c), Style::yellow, true);
  return line;
}

void WatchView::redraw(bool force) {
  const auto now = std::chrono::steady_clock::now();
  if (!force && now - last_draw_ < kMinRedraw) return;
  last_draw_ = now;
  dirty_ = false;
  ctx_.term().end_progress();
  std::string out;
  if (drawn_ > 0) out += "\x1b[" + std::to_string(drawn_) + "A";
  for (const auto& c : shown_) out += "\r\x1b[K" + live_line(c) + "\n";
  std::fputs(out.c_str(), stderr);
  std::fflush(stderr);
  drawn_ = shown_.size();
}

Result<ops::WatchOptions> make_watch_options(std::string wanted, const std::string& interval,
                                             const util::Deadline& deadline) {
  ops::WatchOptions o;
  std::transform(wanted.begin(), wanted.end(), wanted.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
  o.wanted = std::move(wanted);
  auto every = util::parse_duration(interval);
  if (!every) return fail(ErrorKind::usage, "--interval: " + every.error().message);
  if (every->count() <= 0) return fail(ErrorKind::usage, "--interval must be longer than zero");
  o.interval = *every;
  o.max_interval = std::max(o.max_interval, o.interval);
  o.deadline = deadline;
  return o;
}

rapidjson::Value watched_to_json(const ops::WatchedCampaign& c,
                                 rapidjson::Document::AllocatorType& a) {
  rapidjson::Value v(rapidjson::kObjectType);
  v.AddMember("id", rapidjson::Value(c.id.c_str(), a), a);
  v.AddMember("name", rapidjson::Value(c.name.c_str(), a), a);
  if (c.status.empty()) v.AddMember("status", rapidjson::Value(), a);
  else v.AddMember("status", rapidjson::Value(c.status.c_str(), a), a);
  v.AddMember("outcome", rapidjson::StringRef(ops::to_string(c.outcome)), a);
  v.AddMember("elapsedSeconds", seconds(c.elapsed), a);
  if (!c.status_reason.empty())
    v.AddMember("statusReason", rapidjson::Value(c.status_reason.c_str(), a), a);
  if (c.error) {
    rapidjson::Value e(rapidjson::kObjectType);
    e.AddMember("kind", rapidjson::StringRef(to_string(c.error->kind)), a);
    e.AddMember("message", rapidjson::Value(c.error->message.c_str(), a), a);
    v.AddMember("error", e, a);
  }
  return v;
}

std::string watch_note(const ops::WatchedCampaign& c) {
  switch (c.outcome) {
    case ops::WatchOutcome::pending: return "watching";
    case ops::WatchOutcome::reached: return "reached " + c.status;
    case ops::WatchOutcome::terminal:
      return "ended " + c.status + (c.status_reason.empty() ? "" : ": " + c.status_reason);
    case ops::WatchOutcome::timeout:
      return (c.status.empty() ? std::string("no status seen") : "still " + c.status) +
             " at the deadline (" + util::format_duration(c.elapsed) + ")";
    case ops::WatchOutcome::unavailable:
    case ops::WatchOutcome::error:
      return c.error ? c.error->message : std::string("the watch failed");
  }
  return {};
}

int watch_exit_code(std::span<const ops::WatchedCampaign> campaigns) {
  return exit_code_for(ops::watch_failure(campaigns));
}

namespace {

struct WatchCliOptions {
  std::vector<std::string> ids;
  std::string wanted = "ACTIVE";
  std::string interval = "2s";
};

Result<int> run_watch(Context& ctx, const WatchCliOptions& o) {
  TRY_ASSIGN(auto session, ctx.session(kDefaultWatchTimeout));
  auto& s = *session;
  TRY_ASSIGN(auto options, make_watch_options(o.wanted, o.interval, s.http().deadline()));
  WatchView view(ctx, s.clock(), ctx.format() == Format::json);
  options.tick = view.tick();
  auto watched = ops::watch_campaigns(s.platform(), s.clock(), o.ids, options, &view);
  view.finish();
  TRY(watched);

  auto& t = ctx.term();
  if (ctx.format() == Format::table) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& c : *watched)
      rows.push_back({c.id, c.name, t.paint(c.status, status_style(c.status)),
                      ops::to_string(c.outcome), util::format_duration(c.elapsed),
                      c.outcome == ops::WatchOutcome::reached ? "" : watch_note(c)});
    t.print(render_table({"ID", "NAME", "STATUS", "OUTCOME", "ELAPSED", "NOTE"}, rows));
  } else if (ctx.format() == Format::csv) {
    std::string out = csv_row({"id", "name", "status", "outcome", "elapsedSeconds", "statusReason"});
    for (const auto& c : *watched) {
      char secs[32];
      std::snprintf(secs, sizeof secs, "%.1f", seconds(c.elapsed));
      out += csv_row({c.id, c.name, c.status, ops::to_string(c.outcome), secs, c.status_reason});
    }
    t.print_raw(out);
  }
  for (const auto& c : *watched)
    if (c.outcome != ops::WatchOutcome::reached) t.error(label(c) + ": " + watch_note(c));
  return watch_exit_code(*watched);
}

}  // namespace

void register_watch(CLI::App& app, Context& ctx, Registry& registry) {
  (void)ctx;
  auto opts = std::make_shared<WatchCliOptions>();
  auto* sub = app.add_subcommand(
      "watch", "Wait until campaigns reach a status (default ACTIVE), a terminal status, or the "
               "deadline");
  sub->add_option("id", opts->ids, "Campaign ids")->required()->type_name("ID");
  registry.hint(sub->add_option("--for", opts->wanted,
                                "Status to wait for: " + schedule::campaign_status_list())
                    ->type_name("STATUS")
                    ->capture_default_str(),
                {ValueKind::choice, status_names()});
  sub->add_option("--interval", opts->interval,
                  "First delay between polls of a campaign; grows 1.5-2x with jitter up to 30s")
      ->type_name("DUR")
      ->capture_default_str();
  sub->footer(
      "The global --timeout DUR bounds the wait (default 10m).\n"
      "Exit codes: 0 all reached the status, 7 one ended in another terminal status,\n"
      "8 the deadline passed, 9 the platform was unavailable.\n"
      "With -o json: one JSON object per transition on stdout, then one per campaign with\n"
      "\"final\": true and its outcome (reached, terminal, timeout, unavailable, error).\n"
      "\nExamples:\n  cxsched watch c-7f3a --timeout 5m\n"
      "  cxsched watch c-1 c-2 --for ACTIVE -o json | jq -c 'select(.final)'");
  registry.add(sub, [opts](Context& c) { return run_watch(c, *opts); });
}

}  // namespace cxsched::app
