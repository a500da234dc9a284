#include "server.hpp"

#include <httplib.h>

#include <algorithm>
#include <iostream>
#include <thread>

#include "replies.hpp"

namespace cxsched::sim::acd {

using namespace std::chrono_literals;

namespace {

// The contract: without Accept: application/json CXone answers "No known
// way to render data"; libcurl's default */* is not taken as asking for JSON.
bool accepts_json(const std::string& accept) {
  return accept.find("application/json") != std::string::npos;
}

}  // namespace

AcdSimulator::AcdSimulator(SimConfig config, AcdOptions options)
    : Listener(config.host, config.port,
               [this](const httplib::Request& req, httplib::Response& res) { dispatch(req, res); },
               R"({"error":"InternalError","errorDescription":"the simulator failed"})"),
      config_(std::move(config)),
      options_(std::move(options)),
      random_(config_.seed) {
  for (const auto& [endpoint, limit] : config_.rate_limits) limiter_.set(endpoint, limit);
}

AcdSimulator::~AcdSimulator() = default;

std::optional<std::string> AcdSimulator::init() {
  if (config_.state_file) return "--state is not supported with --platform acd";
  if (auto err = log_.open(config_.request_log)) return err;
  const auto now = date::floor<Millis>(std::chrono::system_clock::now());
  // Skills every tenant has that are not Personal Connection: lists must be filtered.
  auto add = [&](std::string name, int media, bool outbound, std::string strategy) {
    auto s = std::make_unique<Skill>();
    s->id = next_skill_id_++;
    s->name = std::move(name);
    s->media_type_id = media;
    s->is_outbound = outbound;
    s->outbound_strategy = std::move(strategy);
    s->created = s->modified = now - std::chrono::days{30};
    if (s->personal_connection()) default_general_settings(s->general);
    skills_.emplace(s->id, std::move(s));
  };
  add("Inbound_Support", 4, false, "");
  add("Email_Care", 1, false, "");
  add("Progressive_Collections", 4, true, "Progressive");
  for (int i = 1; i <= config_.generated_campaigns; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "Seed_Skill_%04d", i);
    add(name, 4, true, "Personal Connection");
  }
  return std::nullopt;
}

std::optional<std::string> AcdSimulator::save() {
  return std::nullopt;
}

void AcdSimulator::settle(SysMillis now) {
  for (auto& [id, skill] : skills_) skill->settle(now);
}

std::optional<SysMillis> AcdSimulator::open_window_end(const Skill& s) const {
  if (!s.schedule.is_scheduled || !s.is_active || !s.personal_connection()) return std::nullopt;
  const auto* zone = business_unit_zone(options_.business_unit_zone);
  if (zone == nullptr) return std::nullopt;
  const auto local = to_local(zone, date::floor<std::chrono::seconds>(now_));
  const auto day = date::floor<date::days>(local);
  const Day& d = s.schedule.days[date::weekday{day}.c_encoding()];
  if (!d.active) return std::nullopt;
  for (const auto& span : local_range_to_sys(zone, day + std::chrono::minutes{d.start_min},
                                             day + std::chrono::minutes{d.end_min}))
    if (span.begin <= now_ && now_ < span.end) return SysMillis{span.end};
  return std::nullopt;
}

bool AcdSimulator::dialing(const Skill& s) const {
  if (s.running) return true;
  if (!options_.schedule_runs || !open_window_end(s)) return false;
  return !(s.hold && s.hold->first <= now_ && now_ < s.hold->second);
}

void AcdSimulator::dispatch(const httplib::Request& req, httplib::Response& res) {
  Reply reply;
  {
    std::lock_guard lock(mutex_);
    const auto now = date::floor<Millis>(std::chrono::system_clock::now());
    now_ = now;
    settle(now);
    if (req.path == "/_sim" || req.path.starts_with("/_sim/")) {
      reply = admin(req, now);
    } else {
      const auto started = std::chrono::steady_clock::now();
      std::string endpoint;
      std::string client;
      reply = route(req, endpoint, client, now);
      const std::chrono::duration<double, std::milli> took =
          std::chrono::steady_clock::now() - started + config_.latency;
      record(req, endpoint, client, reply.status, took.count(), now);
    }
  }
  if (config_.latency > 0ms && !req.path.starts_with("/_sim"))
    std::this_thread::sleep_for(config_.latency);
  res.status = reply.status;
  for (const auto& [name, value] : reply.headers) res.set_header(name.c_str(), value);
  if (reply.status != 204) res.set_content(reply.body, reply.content_type.c_str());
}

Reply AcdSimulator::fault_reply(const ScriptedFault& fault) const {
  Reply r;
  r.status = fault.status;
  if (fault.body) {
    r.body = *fault.body;
    auto first = r.body.find_first_not_of(" \t\r\n");
    r.content_type = first != std::string::npos && (r.body[first] == '{' || r.body[first] == '[')
                         ? "application/json"
                         : "text/plain";
  } else {
    r.body = "{\"error\":\"InjectedFailure\",\"errorDescription\":\"injected failure (HTTP " +
             std::to_string(fault.status) + ")\"}";
  }
  // CXone sends no reliable Retry-After: only a fault that asks for one has it.
  if (fault.retry_after) r.headers.emplace_back("Retry-After", std::to_string(*fault.retry_after));
  return r;
}

AcdSimulator::Service AcdSimulator::resolve(const std::string& method, const std::string& rest) {
  auto only = [&](const char* allowed, std::string endpoint, long id = 0,
                  std::string block = {}) -> Service {
    if (method == allowed) return {std::move(endpoint), id, std::move(block), {}};
    Reply r = acd_error(405, "MethodNotAllowed", method + " is not allowed on " + rest);
    r.headers.emplace_back("Allow", allowed);
    return {{}, 0, {}, std::move(r)};
  };
  if (rest == "business-unit") return only("GET", "business-unit");
  if (rest == "timezones") return only("GET", "timezones");
  if (rest == "server-time") return only("GET", "server-time");
  if (rest == "campaigns") return only("GET", "campaigns.list");
  if (rest == "wfm-data/skills/dialer-contacts") return only("GET", "reporting.dialer-contacts");
  if (rest == "skills") {
    if (method == "POST") return {"skills.create", 0, {}, {}};
    return only("GET", "skills.list");
  }
  if (rest.starts_with("skills/")) {
    std::string tail = rest.substr(7);
    auto slash = tail.find('/');
    std::string id_text = tail.substr(0, slash);
    auto id = strict_long(id_text);
    if (!id) return {{}, 0, {}, acd_error(400, "InvalidParameter", "Invalid skillId")};
    std::string sub = slash == std::string::npos ? std::string{} : tail.substr(slash + 1);
    if (sub.empty()) {
      if (method == "PUT") return {"skills.update", *id, {}, {}};
      return only("GET", "skills.get", *id);
    }
    if (sub == "start") return only("POST", "skills.start", *id);
    if (sub == "stop") return only("POST", "skills.stop", *id);
    if (sub == "summary") return only("GET", "reporting.summary", *id);
    if (sub == "parameters") return only("GET", "parameters.all", *id);
    if (sub.starts_with("parameters/")) {
      std::string block = sub.substr(11);
      if (block == "schedule-settings" || block == "retry-settings" ||
          block == "general-settings" || block == "time-zones") {
        if (method == "PUT") return {"parameters.put", *id, block, {}};
        return only("GET", "parameters.get", *id, block);
      }
    }
  }
  return {{}, 0, {}, acd_error(404, "NotFound", "no such endpoint: " + method + " " + rest)};
}

Reply AcdSimulator::route(const httplib::Request& r, std::string& endpoint, std::string& client,
                          SysMillis now) {
  const std::string& path = r.path;
  const std::string& method = r.method;
  Service service;
  if (path == "/authentication/v1/token/access-key") {
    service = method == "POST" ? Service{"token", 0, {}, {}}
                               : Service{{}, 0, {}, acd_error(405, "MethodNotAllowed", "POST only")};
  } else if (path == "/public/user/refresh") {
    service = method == "POST" ? Service{"refresh", 0, {}, {}}
                               : Service{{}, 0, {}, acd_error(405, "MethodNotAllowed", "POST only")};
  } else if (path == "/.well-known/cxone-configuration") {
    service = method == "GET" ? Service{"discovery", 0, {}, {}}
                              : Service{{}, 0, {}, acd_error(405, "MethodNotAllowed", "GET only")};
  } else if (path.starts_with("/inContactAPI/services/")) {
    std::string rest = path.substr(std::string_view{"/inContactAPI/services/"}.size());
    auto slash = rest.find('/');
    const std::string version = rest.substr(0, slash);
    if (slash == std::string::npos ||
        std::find(options_.api_versions.begin(), options_.api_versions.end(), version) ==
            options_.api_versions.end())
      return acd_error(404, "NotFound", "API version " + version + " is not served here");
    service = resolve(method, rest.substr(slash + 1));
  } else {
    return acd_error(404, "NotFound", "no such endpoint: " + method + " " + path);
  }
  if (service.error) return *service.error;
  endpoint = service.endpoint;
  const bool admin_api = path.starts_with("/inContactAPI/");
  if (admin_api && !accepts_json(r.get_header_value("Accept")))
    return Reply{406, "No known way to render data", "text/plain", {}};
  // Bodies go as application/json (libcurl's default for a POST body is a form).
  if (!r.body.empty() && !r.get_header_value("Content-Type").starts_with("application/json"))
    return acd_error(415, "UnsupportedMediaType", "the body must be sent as application/json");

  std::optional<ScriptedFault> fault = faults_.take(endpoint);
  if (!fault && config_.fault_rate > 0.0 &&
      (config_.fault_endpoint.empty() || config_.fault_endpoint == endpoint) &&
      random_.unit() < config_.fault_rate) {
    static constexpr int statuses[] = {429, 500, 502, 503, 504};
    fault = ScriptedFault{endpoint, statuses[random_.below(5)], 1, false, std::nullopt,
                          std::nullopt};
  }
  if (fault && !fault->commit) return fault_reply(*fault);
  Reply reply;
  if (endpoint == "token") {
    reply = sign_in(r, client, now);
  } else if (endpoint == "refresh") {
    reply = refresh(r, client, now);
  } else if (endpoint == "discovery") {
    reply = discovery(r);
  } else if (auto refused = check_token(r, endpoint, client, now)) {
    reply = *refused;
  } else if (auto limited = rate_limited(endpoint, client, now)) {
    reply = *limited;
  } else {
    reply = serve(r, service, now);
  }
  if (fault) return fault_reply(*fault);
  return reply;
}

std::optional<Reply> AcdSimulator::rate_limited(const std::string& endpoint,
                                                const std::string& client, SysMillis now) {
  if (!limiter_.admit(endpoint, client, now)) return std::nullopt;
  // No Retry-After: CXone does not send a reliable one.
  return acd_error(429, "TooManyRequests", "too many requests to " + endpoint);
}

Reply AcdSimulator::serve(const httplib::Request& r, const Service& s, SysMillis now) {
  const std::string& e = s.endpoint;
  if (e == "business-unit") {
    std::string zones;
    for (const auto& z : windows_zones())
      zones += (zones.empty() ? "" : ",") + std::string{"{\"displayName\":"} +
               quote(z.display_name) + ",\"standardName\":" + quote(z.standard_name) + "}";
    return json_reply(200, "{\"businessUnits\":[{\"businessUnitId\":" + number(business_unit_id) +
                               ",\"businessUnitName\":\"Acme Sim\",\"defaultTimeZone\":" +
                               quote(options_.business_unit_zone) + ",\"enableSkillAbandonRate\":" +
                               (options_.skill_abandon_rate ? "true" : "false") +
                               ",\"abandonRateScope\":1,\"timeZones\":[" + zones + "]}]}");
  }
  if (e == "timezones") {
    std::string zones;
    for (const auto& z : windows_zones())
      zones += (zones.empty() ? "" : ",") + std::string{"{\"displayName\":"} +
               quote(z.display_name) + ",\"standardName\":" + quote(z.standard_name) +
               ",\"offset\":" + quote(z.offset) + "}";
    return json_reply(200, "{\"timeZones\":[" + zones + "]}");
  }
  if (e == "server-time")
    return json_reply(200, "{\"ServerTime\":" + quote(format_utc(now + options_.clock_skew, true)) +
                               "}");
  if (e == "campaigns.list") return list_campaigns();
  if (e == "skills.list") return list_skills(r, now);
  if (e == "skills.create") return create_skills(r, now);
  if (e == "skills.get") return get_skill(s.id);
  if (e == "skills.update") return update_skill(r, s.id);
  if (e == "parameters.get") return get_block(s.id, s.block);
  if (e == "parameters.all") return get_parameters(s.id);
  if (e == "parameters.put") return put_block(r, s.id, s.block);
  if (e == "skills.start" || e == "skills.stop") return start_stop(r, s.id, e == "skills.start", now);
  if (e == "reporting.summary") return summary(r, s.id, now);
  return dialer_contacts(r, now);
}

}  // namespace cxsched::sim::acd
