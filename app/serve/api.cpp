#include "api.hpp"

#include "../commands/commands.hpp"
#include "request.hpp"
#include "web.hpp"
#include "../commands/watch_view.hpp"
#include "../documents.hpp"
#include "../exit_codes.hpp"

#include <cxsched/ops/lifecycle.hpp>
#include <cxsched/ops/list.hpp>
#include <cxsched/ops/report.hpp>
#include <cxsched/report/render.hpp>
#include <cxsched/schedule/expand.hpp>
#include <cxsched/schedule/format.hpp>
#include <cxsched/schedule/spec.hpp>
#include <cxsched/util/expected.hpp>
#include <cxsched/util/json.hpp>

#include <httplib.h>

namespace cxsched::app::serve {
namespace {

constexpr int kDefaultWaitSeconds = 60;
constexpr const char* kJson = "application/json";

void send_json(httplib::Response& res, int status, const rapidjson::Value& doc) {
  res.status = status;
  res.set_content(util::to_json(doc) + "\n", kJson);
}

void send_error(httplib::Response& res, const Error& error) {
  send_json(res, http_status_for(error.kind), error_document(error));
}

// The next execution window of each campaign from now, for the web page:
// "nextWindows": {"<id>": {"startUtc", "endUtc", "startLocal", "endLocal",
// "open": bool} | null}, computed by the schedule expansion of validate.
void add_next_windows(rapidjson::Document& doc, std::span<const platform::Campaign* const> campaigns,
                      platform::Platform& platform, const util::Clock& clock) {
  auto& a = doc.GetAllocator();
  const auto now = std::chrono::time_point_cast<std::chrono::seconds>(clock.now());
  rapidjson::Value windows(rapidjson::kObjectType);
  for (const auto* c : campaigns) {
    rapidjson::Value w;
    if (auto s = platform.schedule_of(*c)) {
      schedule::Expander expander(*s, schedule::Interval{now - std::chrono::hours(48), s->end});
      while (auto i = expander.next()) {
        if (i->end <= now) continue;
        w.SetObject();
        auto str = [&a](const std::string& text) { return rapidjson::Value(text.c_str(), a); };
        w.AddMember("startUtc", str(schedule::format_utc(i->start)), a);
        w.AddMember("endUtc", str(schedule::format_utc(i->end)), a);
        w.AddMember("startLocal", str(schedule::format_local(i->start, s->zone)), a);
        w.AddMember("endLocal", str(schedule::format_local(i->end, s->zone)), a);
        w.AddMember("open", i->start <= now, a);
        break;
      }
    }
    windows.AddMember(rapidjson::Value(c->id.c_str(), a), w, a);
  }
  doc.AddMember("nextWindows", windows, a);
}

class Routes {
 public:
  Routes(ops::Session& session, NameLocks& locks, const ApiSettings& settings)
      : session_(session), locks_(locks), settings_(settings) {}

  void validate(const httplib::Request& req, const std::string& body, httplib::Response& res) {
    auto options = validate_options_from(req);
    if (!options) return send_error(res, options.error());
    auto specs = specs_from_body(body);
    auto report = ops::validate_specs(specs, *options, options->offline ? nullptr : &session_.platform());
    if (!report) return send_error(res, report.error());
    send_json(res, 200, ops::report_to_json(*report));
  }

  void list(const httplib::Request& req, httplib::Response& res) {
    std::vector<std::string> given;
    for (auto [it, end] = req.params.equal_range("status"); it != end; ++it)
      given.push_back(it->second);
    auto statuses = parse_statuses(given);
    if (!statuses) return send_error(res, statuses.error());
    auto next = query_flag(req, "nextWindow");
    if (!next) return send_error(res, next.error());
    auto listed = ops::list_campaigns(session_.platform(), *statuses);
    if (!listed) return send_error(res, listed.error());
    std::vector<const platform::Campaign*> shown;
    for (const auto& c : listed->campaigns) shown.push_back(&c);
    auto doc = list_document(shown);
    if (*next) add_next_windows(doc, shown, session_.platform(), session_.clock());
    send_json(res, 200, doc);
  }

  void get(const httplib::Request& req, httplib::Response& res) {
    auto campaign = session_.platform().get(req.matches[1].str());
    if (!campaign) return send_error(res, campaign.error());
    send_json(res, 200, *campaign->object);
  }

  void create(const httplib::Request& req, const std::string& body, httplib::Response& res) {
    auto validate = validate_options_from(req);
    if (!validate) return send_error(res, validate.error());
    auto dry_run = query_flag(req, "dryRun");
    if (!dry_run) return send_error(res, dry_run.error());
    auto activate = query_flag(req, "activate");
    if (!activate) return send_error(res, activate.error());
    auto force = query_flag(req, "forceConflicts");
    if (!force) return send_error(res, force.error());
    auto wait = query_wait(req, 0);
    if (!wait) return send_error(res, wait.error());
    ops::CreateOptions options;
    options.validate = std::move(*validate);
    options.dry_run = *dry_run;
    options.force_conflicts = *force;
    options.activate = *activate || *wait > 0;

    auto specs = specs_from_body(body);
    auto report = create_serialised(specs, std::move(options), *dry_run ? 0 : *wait);
    if (!report) return send_error(res, report.error());
    auto failure = report->failure();
    bool created = false;
    for (const auto& r : report->results) created = created || r.outcome == ops::CreateOutcomeKind::created;
    int status = failure ? http_status_for(*failure) : created ? 201 : 200;
    send_json(res, status,
              create_document(*report, *dry_run, failure ? exit_code_for(*failure) : kExitOk));
  }

  void activate(const httplib::Request& req, httplib::Response& res) {
    auto wait = query_wait(req, 0);
    if (!wait) return send_error(res, wait.error());
    std::vector<std::string> ids{req.matches[1].str()};
    auto results = ops::activate_campaigns(session_.platform(), ids);
    std::optional<ErrorKind> failure;
    for (const auto& r : results)
      if (r.error) failure = worse(failure, r.error->kind);
    std::vector<ops::WatchedCampaign> watched;
    if (*wait > 0 && !failure) {
      auto w = make_watch_options("ACTIVE", "500ms",
                                  util::Deadline::after(session_.clock(), std::chrono::seconds(*wait)));
      if (!w) return send_error(res, w.error());
      w->until_activated = true;
      auto done = ops::watch_campaigns(session_.platform(), session_.clock(), ids, *w);
      if (!done) return send_error(res, done.error());
      watched = std::move(*done);
      failure = worse(failure, ops::watch_failure(watched));
    }
    send_json(res, failure ? http_status_for(*failure) : 200,
              activate_document(results, watched, exit_code_for(failure)));
  }

  // GET /api/campaigns/{id}/report and the tutorial's GET /api/report?id=.
  void report(const httplib::Request& req, httplib::Response& res, std::string id,
              std::string format) {
    if (id.empty()) return send_error(res, Error(ErrorKind::usage, "id: a campaign id is required"));
    if (format.empty()) format = "json";
    if (format != "json" && format != "csv" && format != "svg")
      return send_error(res, Error(ErrorKind::usage,
                                   "format: expected json, csv or svg, not '" + format + "'"));
    auto interval = report::parse_granularity(req.has_param("interval")
                                                  ? req.get_param_value("interval")
                                                  : std::string("PT1H"));
    if (!interval)
      return send_error(res, Error(ErrorKind::usage, "interval: " + interval.error().message));
    ops::ReportOptions options{{std::move(id)}, query(req, "from"), query(req, "to"), *interval,
                               false};
    auto reports = ops::build_reports(session_.platform(), session_.clock(), options);
    if (!reports) return send_error(res, reports.error());
    std::vector<report::Metric> metrics(report::all_metrics.begin(), report::all_metrics.end());
    res.status = 200;
    if (format == "csv")
      res.set_content(report::render_csv(*reports, metrics), "text/csv; charset=utf-8");
    else if (format == "svg")
      res.set_content(report::render_chart(*reports, report::ChartFormat::svg), "image/svg+xml");
    else
      res.set_content(report::render_json(*reports, metrics), kJson);
  }

  void schedule(const httplib::Request& req, const std::string& body, httplib::Response& res);

 private:
  // Creates `specs` as the create command does, with creates of the same
  // names serialised inside this server; waits up to `wait_seconds` for the
  // campaigns to go ACTIVE when that is above 0.
  Result<ops::CreateReport> create_serialised(const std::vector<ops::SpecText>& specs,
                                              ops::CreateOptions options, int wait_seconds) {
    if (wait_seconds > 0) {
      TRY_ASSIGN(auto w, make_watch_options(
          "ACTIVE", "500ms",
          util::Deadline::after(session_.clock(), std::chrono::seconds(wait_seconds))));
      w.until_activated = true;
      options.wait = std::move(w);
    }
    NameLocks::Guard guard(locks_, spec_names(specs));
    return ops::create_campaigns(specs, options, &session_.platform(), session_.clock());
  }

  ops::Session& session_;
  NameLocks& locks_;
  const ApiSettings& settings_;
};

// The tutorial's one-shot flow: validate, check conflicts, create
// (idempotently), activate and wait.
void Routes::schedule(const httplib::Request& req, const std::string& body,
                      httplib::Response& res) {
  auto validate = validate_options_from(req);
  if (!validate) return send_error(res, validate.error());
  auto wait = query_wait(req, kDefaultWaitSeconds);
  if (!wait) return send_error(res, wait.error());
  auto specs = specs_from_body(body, settings_.defaults ? &*settings_.defaults : nullptr);
  if (specs.size() != 1)
    return send_error(res, Error(ErrorKind::usage, "/api/schedule takes one spec; "
                                                   "POST /api/campaigns takes several"));
  ops::CreateOptions options;
  options.validate = std::move(*validate);
  options.activate = true;
  auto report = create_serialised(specs, std::move(options), *wait);
  if (!report) return send_error(res, report.error());
  if (report->refused)
    return send_json(res,
                     http_status_for(*report->refused == ops::Verdict::invalid
                                         ? ErrorKind::invalid_spec
                                         : ErrorKind::conflict),
                     ops::report_to_json(report->validation));

  const auto& r = report->results.front();
  rapidjson::Document doc(rapidjson::kObjectType);
  auto& a = doc.GetAllocator();
  const std::string status = r.watch && !r.watch->status.empty() ? r.watch->status : r.status;
  if (!r.id.empty()) doc.AddMember("campaignId", rapidjson::Value(r.id.c_str(), a), a);
  if (!status.empty()) doc.AddMember("status", rapidjson::Value(status.c_str(), a), a);
  doc.AddMember("name", rapidjson::Value(r.name.c_str(), a), a);
  doc.AddMember("outcome", rapidjson::StringRef(ops::to_string(r.outcome)), a);
  if (r.outcome == ops::CreateOutcomeKind::differs)
    return send_json(res, http_status_for(ErrorKind::conflict),
                     create_document(*report, false, exit_code_for(ErrorKind::conflict)));
  if (r.error && r.error->kind != ErrorKind::deadline) {
    auto e = error_document(*r.error);
    doc.AddMember("error", rapidjson::Value(e["error"], a), a);
    return send_json(res, http_status_for(r.error->kind), doc);
  }
  send_json(res, status == "ACTIVE" ? 200 : 202, doc);
}

// A POST handler that reads the body itself, as whatever content type it is
// sent with: httplib would otherwise parse an urlencoded body (what `curl -d`
// sends by default) into query parameters and cap it at 8 KiB.
template <class Fn>
httplib::Server::HandlerWithContentReader with_body(Fn fn) {
  return [fn](const httplib::Request& req, httplib::Response& res,
              const httplib::ContentReader& reader) {
    std::string body;
    reader([&body](const char* data, std::size_t size) {
      body.append(data, size);
      return true;
    });
    if (res.status == 413) return;
    fn(req, body, res);
  };
}

}  // namespace

void install_routes(httplib::Server& server, ops::Session& session, NameLocks& locks,
                    const ApiSettings& settings) {
  auto routes = std::make_shared<Routes>(session, locks, settings);
  using Req = const httplib::Request&;
  using Res = httplib::Response&;
  server.Get("/healthz", [](Req, Res res) { res.set_content("{\"ok\": true}\n", kJson); });
  server.Get("/", [](Req, Res res) {
    res.set_header("Content-Security-Policy",
                   "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                   "connect-src 'self'; img-src 'self' blob: data:; base-uri 'none'; "
                   "form-action 'none'; frame-ancestors 'none'");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_content(std::string(index_html()), "text/html; charset=utf-8");
  });
  server.Post("/api/schedule", with_body([routes](Req req, const std::string& body, Res res) {
                routes->schedule(req, body, res);
              }));
  server.Get("/api/report", [routes](Req req, Res res) {
    routes->report(req, res, query(req, "id"), query(req, "format"));
  });
  server.Post("/api/validate", with_body([routes](Req req, const std::string& body, Res res) {
                routes->validate(req, body, res);
              }));
  server.Get("/api/campaigns", [routes](Req req, Res res) { routes->list(req, res); });
  server.Post("/api/campaigns", with_body([routes](Req req, const std::string& body, Res res) {
                routes->create(req, body, res);
              }));
  server.Get(R"(/api/campaigns/([^/]+))", [routes](Req req, Res res) { routes->get(req, res); });
  server.Post(R"(/api/campaigns/([^/]+)/activate)",
              [routes](Req req, Res res) { routes->activate(req, res); });
  server.Get(R"(/api/campaigns/([^/]+)/report)", [routes](Req req, Res res) {
    routes->report(req, res, req.matches[1].str(), query(req, "format"));
  });
}

}  // namespace cxsched::app::serve
