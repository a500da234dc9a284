#include "server.hpp"

#include <httplib.h>
#include <rapidjson/error/en.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <thread>
#include <unordered_set>

#include "analytics.hpp"
#include "json.hpp"
#include "validate.hpp"

namespace cxsched::sim {

using namespace std::chrono_literals;

namespace {

constexpr auto idempotency_ttl = std::chrono::hours{24};

Reply error_reply(int status, std::string_view code, std::string_view message) {
  return json_reply(status, error_json(code, message));
}

Reply invalid_request(std::string_view message, const FieldErrors& details = {}) {
  std::string body = "{\"code\":\"invalid_request\",\"message\":" + quote(message);
  if (!details.empty()) body += ",\"details\":" + field_errors_json(details);
  return json_reply(400, body + "}");
}

Reply oauth_error(int status, std::string_view error, std::string_view description) {
  Reply r = json_reply(
      status, "{\"error\":" + quote(error) + ",\"error_description\":" + quote(description) + "}");
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

std::string_view status_text(int status) {
  switch (status) {
    case 400: return "bad_request";
    case 401: return "unauthorized";
    case 403: return "forbidden";
    case 404: return "not_found";
    case 409: return "conflict";
    case 429: return "rate_limited";
    case 500: return "internal_error";
    case 502: return "bad_gateway";
    case 503: return "service_unavailable";
    case 504: return "gateway_timeout";
    default: return "error";
  }
}

const char* required_scope(const std::string& endpoint) {
  if (endpoint == "campaigns.list" || endpoint == "campaigns.get") return "campaign:read";
  if (endpoint == "campaigns.create" || endpoint == "campaigns.activate") return "campaign:write";
  return "analytics:campaign:read";
}

bool parse_body(const std::string& text, rapidjson::Document& doc, Reply& error) {
  if (!parse_json(text, doc)) {
    char where[64];
    std::snprintf(where, sizeof where, " at offset %zu", doc.GetErrorOffset());
    error = invalid_request(std::string{"request body is not valid JSON: "} +
                            rapidjson::GetParseError_En(doc.GetParseError()) + where);
    return false;
  }
  if (!doc.IsObject()) {
    error = invalid_request("request body must be a JSON object");
    return false;
  }
  return true;
}

}  // namespace

Simulator::Simulator(SimConfig config)
    : Listener(config.host, config.port,
               [this](const httplib::Request& req, httplib::Response& res) { dispatch(req, res); },
               error_json("internal_error", "the simulator failed on this request")),
      config_(std::move(config)),
      random_(config_.seed),
      store_(config_.state_file) {
  for (const auto& [endpoint, limit] : config_.rate_limits) limiter_.set(endpoint, limit);
  server_->Options(".*", [this](const httplib::Request& req, httplib::Response& res) {
    dispatch(req, res);
  });
  // Headers and body go out in separate writes: without this, Nagle's
  // algorithm holds the body for the client's delayed ACK (40 ms a request).
  server_->set_tcp_nodelay(true);
}

Simulator::~Simulator() = default;

std::optional<std::string> Simulator::init() {
  if (auto err = log_.open(config_.request_log)) return err;
  if (auto err = store_.load()) return err;
  if (config_.generated_campaigns > 0) {
    std::unordered_set<std::string> names;
    for (const auto& c : store_.all()) names.emplace(c->name());
    for (auto& doc : generate_campaigns(config_.generated_campaigns, config_.seed, today())) {
      if (names.contains(string_member(doc, "name").value_or(""))) continue;
      if (store_.find(string_view_member(doc, "id")) != nullptr)
        set_member(doc, "id", new_campaign_id());
      store_.put(std::move(doc));
    }
    if (auto err = store_.save()) return err;
  }
  return std::nullopt;
}

date::local_days Simulator::today() const {
  if (config_.today) return date::local_days{date::days{*config_.today}};
  return date::local_days{date::floor<date::days>(std::chrono::system_clock::now()).time_since_epoch()};
}

std::optional<std::string> Simulator::save() {
  std::lock_guard lock(mutex_);
  return store_.save();
}

void Simulator::persist() {
  if (auto err = store_.save()) std::cerr << "cxone-sim: " << *err << "\n";
}

std::string Simulator::new_campaign_id() {
  std::string id;
  do {
    id = "c-" + random_.hex(24);
  } while (store_.find(id) != nullptr);
  return id;
}

Simulator::Route Simulator::resolve(const std::string& method, const std::string& path) {
  auto only = [&](std::initializer_list<const char*> allowed, std::string endpoint,
                  std::string id = {}) -> Route {
    std::string allow;
    for (const char* m : allowed) {
      if (method == m || (method == "HEAD" && std::string_view{m} == "GET"))
        return {std::move(endpoint), std::move(id), {}};
      allow += allow.empty() ? m : std::string{", "} + m;
    }
    Reply r = error_reply(405, "method_not_allowed", method + " is not allowed on " + path);
    r.headers.emplace_back("Allow", allow);
    return {{}, {}, std::move(r)};
  };
  if (path == "/oauth/token") return only({"POST"}, "token");
  if (path == "/api/v2/analytics/campaigns/details/query") return only({"POST"}, "analytics.query");
  if (path == "/api/v2/campaigns") {
    if (method == "POST") return {"campaigns.create", {}, {}};
    return only({"GET", "POST"}, "campaigns.list");
  }
  const std::string prefix = "/api/v2/campaigns/";
  if (path.starts_with(prefix)) {
    std::string rest = path.substr(prefix.size());
    auto slash = rest.find('/');
    if (slash == std::string::npos && !rest.empty()) return only({"GET"}, "campaigns.get", rest);
    if (slash != std::string::npos && slash > 0 && rest.substr(slash) == "/activate")
      return only({"POST"}, "campaigns.activate", rest.substr(0, slash));
  }
  return {{}, {}, error_reply(404, "not_found", "no such endpoint: " + method + " " + path)};
}

void Simulator::dispatch(const httplib::Request& req, httplib::Response& res) {
  Reply reply;
  if (req.path == "/_sim" || req.path.starts_with("/_sim/")) {
    reply = admin(req);
  } else {
    const auto started = std::chrono::steady_clock::now();
    auto latency = config_.latency;
    {
      std::lock_guard lock(mutex_);
      const auto now = date::floor<Millis>(std::chrono::system_clock::now());
      if (store_.settle(now)) persist();
      std::string endpoint;
      std::string client;
      reply = api(req, endpoint, client, now);
      if (auto it = config_.endpoint_latency.find(endpoint); it != config_.endpoint_latency.end())
        latency += it->second;
      const std::chrono::duration<double, std::milli> took =
          std::chrono::steady_clock::now() - started + latency;
      record(req, endpoint, client, reply, took.count(), now);
    }
    if (latency > 0ms) std::this_thread::sleep_for(latency);
  }
  res.status = reply.status;
  for (const auto& [name, value] : reply.headers) res.set_header(name.c_str(), value);
  if (reply.drop) {
    // A provider that fails before writing a byte: the server closes the
    // connection after the headers, so the client sees the answer cut off.
    res.set_content_provider(reply.body.size() + 1, reply.content_type.c_str(),
                             [](std::size_t, std::size_t, httplib::DataSink&) { return false; });
    return;
  }
  res.set_content(reply.body, reply.content_type.c_str());
}

Reply Simulator::api(const httplib::Request& req, std::string& endpoint, std::string& client,
                     SysMillis now) {
  Route route = resolve(req.method, req.path);
  if (route.error) return *route.error;
  endpoint = route.endpoint;

  std::optional<ScriptedFault> fault = faults_.take(endpoint);
  if (!fault && config_.fault_rate > 0.0 &&
      (config_.fault_endpoint.empty() || config_.fault_endpoint == endpoint) &&
      random_.unit() < config_.fault_rate) {
    static constexpr int statuses[] = {429, 500, 502, 503, 504};
    fault = ScriptedFault{
        endpoint, statuses[random_.below(5)], 1, false, std::nullopt, std::nullopt, false};
  }
  if (fault && !fault->commit) return fault_reply(*fault);
  Reply reply = endpoint == "token" ? token(req, client, now) : authorized(req, route, client, now);
  if (fault) return fault_reply(*fault);
  return reply;
}

Reply Simulator::fault_reply(const ScriptedFault& fault) const {
  Reply r;
  r.status = fault.status;
  r.drop = fault.drop;
  if (fault.body) {
    r.body = *fault.body;
    auto first = r.body.find_first_not_of(" \t\r\n");
    r.content_type = first != std::string::npos && r.body[first] == '<' ? "text/html"
                     : first != std::string::npos && (r.body[first] == '{' || r.body[first] == '[')
                         ? "application/json"
                         : "text/plain";
  } else {
    r.body = error_json(status_text(fault.status),
                        "injected failure (HTTP " + std::to_string(fault.status) + ")");
  }
  std::optional<int> retry_after = fault.retry_after;
  if (!retry_after && fault.status == 429) retry_after = 1;
  if (retry_after) r.headers.emplace_back("Retry-After", std::to_string(*retry_after));
  return r;
}

std::optional<Reply> Simulator::rate_limited(const std::string& endpoint, const std::string& client,
                                             SysMillis now) {
  auto wait = limiter_.admit(endpoint, client, now);
  if (!wait) return std::nullopt;
  auto seconds = std::max<std::int64_t>(1, (wait->count() + 999) / 1000);
  Reply r = error_reply(
      429, "rate_limited",
      "rate limit of " + endpoint + " exceeded; retry in " + std::to_string(seconds) + " s");
  r.headers.emplace_back("Retry-After", std::to_string(seconds));
  return r;
}

Reply Simulator::token(const httplib::Request& req, std::string& client, SysMillis now) {
  std::string grant_type;
  std::string client_id;
  std::string secret;
  bool has_grant = false;
  bool basic = false;
  const std::string content_type = req.get_header_value("Content-Type");
  if (content_type.starts_with("application/json")) {
    rapidjson::Document doc;
    if (!parse_json(req.body, doc) || !doc.IsObject())
      return oauth_error(400, "invalid_request", "the body is not a JSON object");
    auto g = string_member(doc, "grant_type");
    has_grant = g.has_value();
    grant_type = g.value_or("");
    client_id = string_member(doc, "client_id").value_or("");
    secret = string_member(doc, "client_secret").value_or("");
  } else if (content_type.starts_with("application/x-www-form-urlencoded")) {
    auto form = parse_form(req.body);
    if (auto it = form.find("grant_type"); it != form.end()) {
      has_grant = true;
      grant_type = it->second;
    }
    if (auto it = form.find("client_id"); it != form.end()) client_id = it->second;
    if (auto it = form.find("client_secret"); it != form.end()) secret = it->second;
  } else {
    return oauth_error(
        400, "invalid_request",
        "Content-Type must be application/json or application/x-www-form-urlencoded");
  }
  const std::string authorization = req.get_header_value("Authorization");
  if (authorization.size() > 6 &&
      (authorization.starts_with("Basic ") || authorization.starts_with("basic "))) {
    auto decoded = decode_base64(authorization.substr(6));
    auto colon = decoded ? decoded->find(':') : std::string::npos;
    if (colon == std::string::npos)
      return oauth_error(400, "invalid_request", "malformed HTTP Basic credentials");
    basic = true;
    client_id = url_decode(std::string_view{*decoded}.substr(0, colon));
    secret = url_decode(std::string_view{*decoded}.substr(colon + 1));
  }
  client = client_id;
  if (auto limited = rate_limited("token", client_id.empty() ? req.remote_addr : client_id, now))
    return *limited;
  if (!has_grant) return oauth_error(400, "invalid_request", "grant_type is required");
  if (grant_type != "client_credentials")
    return oauth_error(400, "unsupported_grant_type",
                       "only the client_credentials grant is supported");
  if (client_id.empty() || secret.empty())
    return oauth_error(400, "invalid_request", "client_id and client_secret are required");
  const Client* c = find_client(config_.clients, client_id);
  if (c == nullptr || c->secret != secret) {
    Reply r = oauth_error(401, "invalid_client", "unknown client or wrong secret");
    if (basic) r.headers.emplace_back("WWW-Authenticate", "Basic realm=\"cxone-sim\"");
    return r;
  }
  const std::string access_token = tokens_.issue(client_id, config_.token_ttl, now, random_);
  std::string scopes;
  for (const auto& s : c->scopes) scopes += (scopes.empty() ? "" : " ") + s;
  Reply r = json_reply(200, "{\"access_token\":" + quote(access_token) +
                                ",\"token_type\":\"Bearer\",\"expires_in\":" +
                                std::to_string(config_.token_ttl.count()) +
                                ",\"scope\":" + quote(scopes) + "}");
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Reply Simulator::authorized(const httplib::Request& req, const Route& route, std::string& client,
                            SysMillis now) {
  const std::string authorization = req.get_header_value("Authorization");
  if (authorization.empty()) {
    Reply r = error_reply(401, "unauthorized", "missing Authorization: Bearer header");
    r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"cxone-sim\"");
    return r;
  }
  std::string scheme = authorization.substr(0, std::min<std::size_t>(7, authorization.size()));
  std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  TokenState state = TokenState::unknown;
  if (scheme == "bearer ") state = tokens_.check(authorization.substr(7), now, client);
  if (state != TokenState::valid) {
    const char* why = state == TokenState::expired   ? "the access token has expired"
                      : state == TokenState::revoked ? "the access token has been revoked"
                                                     : "the access token is not valid";
    Reply r = error_reply(401, "invalid_token", why);
    r.headers.emplace_back("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    return r;
  }
  const Client* c = find_client(config_.clients, client);
  const std::string scope = required_scope(route.endpoint);
  if (c == nullptr || std::find(c->scopes.begin(), c->scopes.end(), scope) == c->scopes.end())
    return error_reply(403, "forbidden", "missing scope " + scope);
  if (auto limited = rate_limited(route.endpoint, client, now)) return *limited;

  if (route.endpoint == "campaigns.list") return list_campaigns(req);
  if (route.endpoint == "campaigns.get") return get_campaign(route.id);
  if (route.endpoint == "campaigns.activate") return activate_campaign(route.id, now);
  if (route.endpoint == "analytics.query") return query_analytics(req, now);

  const std::string key = req.get_header_value("Idempotency-Key");
  if (key.empty() || !config_.idempotency_keys) return create_campaign(req, now);
  std::erase_if(idempotency_,
                [&](const auto& e) { return e.second.stored + idempotency_ttl <= now; });
  const std::string slot = client + '\n' + key;
  if (auto it = idempotency_.find(slot); it != idempotency_.end()) {
    Reply replay = it->second.reply;
    replay.headers.emplace_back("Idempotent-Replayed", "true");
    return replay;
  }
  Reply reply = create_campaign(req, now);
  idempotency_[slot] = IdempotentReply{reply, now};
  return reply;
}

Reply Simulator::list_campaigns(const httplib::Request& req) {
  long page_size = 25;
  long page_number = 1;
  if (req.has_param("pageSize")) {
    auto v = strict_long(req.get_param_value("pageSize"));
    if (!v || *v < 1 || *v > 500)
      return invalid_request("pageSize must be an integer from 1 to 500",
                             {{"pageSize", "must be an integer from 1 to 500"}});
    page_size = *v;
  }
  if (req.has_param("pageNumber")) {
    auto v = strict_long(req.get_param_value("pageNumber"));
    if (!v || *v < 1)
      return invalid_request("pageNumber must be an integer of at least 1",
                             {{"pageNumber", "must be an integer of at least 1"}});
    page_number = *v;
  }
  const long effective = std::min<long>(page_size, config_.max_page_size);
  const auto& all = store_.all();
  const long total = static_cast<long>(all.size());
  const long page_count = (total + effective - 1) / effective;
  std::string body = "{\"entities\":[";
  const long first = (page_number - 1) * effective;
  for (long i = first; i < std::min(total, first + effective); ++i) {
    if (i > first) body += ",";
    body += to_json(all[static_cast<std::size_t>(i)]->doc);
  }
  body += "],\"pageSize\":" + std::to_string(effective) +
          ",\"pageNumber\":" + std::to_string(page_number) + ",\"total\":" + std::to_string(total) +
          ",\"pageCount\":" + std::to_string(page_count);
  if (page_number < page_count)
    body += ",\"nextUri\":\"/api/v2/campaigns?pageSize=" + std::to_string(effective) +
            "&pageNumber=" + std::to_string(page_number + 1) + "\"";
  return json_reply(200, body + "}");
}

Reply Simulator::create_campaign(const httplib::Request& req, SysMillis now) {
  rapidjson::Document body;
  Reply error;
  if (!parse_body(req.body, body, error)) return error;
  if (auto errors = validate_campaign(body); !errors.empty())
    return invalid_request("the campaign has " + std::to_string(errors.size()) +
                               (errors.size() == 1 ? " invalid field" : " invalid fields"),
                           errors);
  const std::string name = string_member(body, "name").value_or("");
  if (const Campaign* existing = config_.duplicate_names ? store_.find_by_name(name) : nullptr) {
    return json_reply(409, "{\"code\":\"duplicate_name\",\"message\":" +
                               quote("a campaign named '" + name + "' already exists") +
                               ",\"existingId\":" + quote(existing->id()) + "}");
  }
  for (const char* key : {"id", "status", "statusReason", "dateCreated", "dateModified"})
    body.RemoveMember(key);
  const auto start = parse_date_time(string_member(body, "startDate").value_or(""));
  const std::string id = new_campaign_id();
  set_member(body, "id", id);
  set_member(body, "status", start && start->utc() > now ? "SCHEDULED" : "DRAFT");
  set_member(body, "dateCreated", format_utc(now));
  set_member(body, "dateModified", format_utc(now));
  Campaign& c = store_.put(std::move(body));
  persist();
  Reply r = json_reply(201, to_json(c.doc));
  r.headers.emplace_back("Location", "/api/v2/campaigns/" + id);
  return r;
}

Reply Simulator::get_campaign(const std::string& id) {
  const Campaign* c = store_.find(id);
  if (c == nullptr) return error_reply(404, "not_found", "no campaign with id " + id);
  return json_reply(200, to_json(c->doc));
}

Reply Simulator::activate_campaign(const std::string& id, SysMillis now) {
  Campaign* c = store_.find(id);
  if (c == nullptr) return error_reply(404, "not_found", "no campaign with id " + id);
  const std::string status{c->status()};
  if (status == "ACTIVE" || status == "ACTIVATING") return json_reply(200, to_json(c->doc));
  if (status == "COMPLETED" || status == "CANCELED" || status == "FAILED")
    return error_reply(409, "invalid_state",
                       "campaign " + id + " is " + status +
                           "; only DRAFT, SCHEDULED or PAUSED campaigns can be activated");
  PendingActivation pending{now + config_.activation_delay, false, {}};
  if (auto outcome = faults_.take_activation()) {
    pending.fail = outcome->status == "FAILED";
    pending.reason = outcome->reason;
  } else {
    const auto* routing = member(c->doc, "routingSettings");
    const std::string queue = routing ? string_member(*routing, "queueId").value_or("") : "";
    const bool exists = config_.queues ? std::find(config_.queues->begin(), config_.queues->end(),
                                                   queue) != config_.queues->end()
                                       : !queue.starts_with("queue_missing");
    if (!exists) {
      pending.fail = true;
      pending.reason = "routing queue '" + queue + "' does not exist";
    }
  }
  c->doc.RemoveMember("statusReason");
  c->set("status", "ACTIVATING");
  c->set("dateModified", format_utc(now));
  c->pending = pending;
  Reply r = json_reply(202, to_json(c->doc));
  store_.settle(now);
  persist();
  return r;
}

Reply Simulator::query_analytics(const httplib::Request& req, SysMillis now) {
  rapidjson::Document body;
  Reply error;
  if (!parse_body(req.body, body, error)) return error;
  AnalyticsQuery query;
  if (auto errors = parse_analytics_query(body, query); !errors.empty())
    return invalid_request("the analytics query is invalid", errors);
  const Campaign* c = store_.find(query.campaign_id);
  if (c == nullptr)
    return error_reply(404, "not_found", "no campaign with id " + query.campaign_id);
  return json_reply(200, analytics_response(query, c->doc, date::floor<std::chrono::seconds>(now)));
}

void Simulator::record(const httplib::Request& req, const std::string& endpoint,
                       const std::string& client, const Reply& reply, double ms, SysMillis now) {
  const int status = reply.status;
  std::string retry_after = "null";
  for (const auto& [name, value] : reply.headers)
    if (name == "Retry-After" && !value.empty() &&
        value.find_first_not_of("0123456789") == std::string::npos)
      retry_after = value;
  const std::string key = req.get_header_value("Idempotency-Key");
  log_.add(req, endpoint, status,
           ",\"retryAfter\":" + retry_after + ",\"ms\":" + ms_text(ms) +
               ",\"clientId\":" + (client.empty() ? "null" : quote(client)) +
               ",\"idempotencyKey\":" + (key.empty() ? "null" : quote(key)),
           endpoint == "token", now);
}

Reply Simulator::admin(const httplib::Request& req) {
  std::lock_guard lock(mutex_);
  const auto now = date::floor<Millis>(std::chrono::system_clock::now());
  if (store_.settle(now)) persist();
  const std::string& path = req.path;
  const std::string& method = req.method;
  if (auto reply = common_admin(req, "{\"ok\":true}", log_, limiter_, endpoint_names(), parse_body))
    return std::move(*reply);
  if (path == "/_sim/campaigns") return admin_campaigns(req, now);
  if (path == "/_sim/faults") return admin_faults(req);
  if (path == "/_sim/tokens/revoke") {
    if (method != "POST") return admin_not_allowed(req);
    rapidjson::Document body;
    Reply error;
    if (!req.body.empty() && !parse_body(req.body, body, error)) return error;
    const std::string client = req.body.empty() ? "" : string_member(body, "clientId").value_or("");
    return json_reply(200, "{\"revoked\":" + std::to_string(tokens_.revoke(client)) + "}");
  }
  return error_reply(404, "not_found", "no such admin endpoint: " + path);
}

Reply Simulator::admin_campaigns(const httplib::Request& req, SysMillis now) {
  if (req.method == "GET") {
    std::string body = "{\"campaigns\":[";
    bool first = true;
    for (const auto& c : store_.all()) {
      body += first ? "" : ",";
      body += to_json(c->doc);
      first = false;
    }
    return json_reply(200, body + "],\"total\":" + std::to_string(store_.all().size()) + "}");
  }
  if (req.method == "DELETE") {
    auto n = store_.clear();
    persist();
    return json_reply(200, "{\"deleted\":" + std::to_string(n) + "}");
  }
  if (req.method != "POST")
    return error_reply(405, "method_not_allowed", req.method + " is not allowed on " + req.path);
  rapidjson::Document body;
  if (!parse_json(req.body, body) || (!body.IsObject() && !body.IsArray()))
    return invalid_request("expected a campaign object or an array of them");
  std::vector<const rapidjson::Value*> items;
  if (body.IsObject()) {
    items.push_back(&body);
  } else {
    for (const auto& v : body.GetArray()) {
      if (!v.IsObject()) return invalid_request("every element must be a campaign object");
      items.push_back(&v);
    }
  }
  std::string out;
  for (const auto* item : items) {
    rapidjson::Document doc;
    doc.CopyFrom(*item, doc.GetAllocator());
    if (string_view_member(doc, "id").empty()) set_member(doc, "id", new_campaign_id());
    if (string_view_member(doc, "status").empty()) set_member(doc, "status", "DRAFT");
    if (!member(doc, "dateCreated")) set_member(doc, "dateCreated", format_utc(now));
    if (!member(doc, "dateModified")) set_member(doc, "dateModified", format_utc(now));
    out += (out.empty() ? "" : ",") + to_json(store_.put(std::move(doc)).doc);
  }
  persist();
  return json_reply(201, body.IsObject() ? out : "{\"campaigns\":[" + out + "]}");
}

Reply Simulator::admin_faults(const httplib::Request& req) {
  if (req.method == "GET") return json_reply(200, faults_.to_json());
  if (req.method == "DELETE") {
    faults_.clear();
    return json_reply(200, "{\"ok\":true}");
  }
  if (req.method != "POST")
    return error_reply(405, "method_not_allowed", req.method + " is not allowed on " + req.path);
  rapidjson::Document body;
  Reply error;
  if (!parse_body(req.body, body, error)) return error;
  const std::string endpoint = string_member(body, "endpoint").value_or("");
  int count = 1;
  if (const auto* v = member(body, "count")) {
    if (!v->IsInt() || v->GetInt() < 1) return invalid_request("count must be an integer >= 1");
    count = v->GetInt();
  }
  if (endpoint == "campaigns.activate.result") {
    auto status = string_member(body, "status").value_or("FAILED");
    if (status != "FAILED" && status != "ACTIVE")
      return invalid_request("status of campaigns.activate.result must be FAILED or ACTIVE");
    faults_.add(ActivationOutcome{
        status, string_member(body, "reason").value_or("activation failed"), count});
    return json_reply(200, faults_.to_json());
  }
  if (!is_endpoint_name(endpoint)) return invalid_request("unknown endpoint '" + endpoint + "'");
  bool drop = false;
  if (const auto* d = member(body, "drop")) {
    if (!d->IsBool()) return invalid_request("drop must be a boolean");
    drop = d->GetBool();
  }
  const auto* status = member(body, "status");
  if ((status != nullptr || !drop) &&
      (status == nullptr || !status->IsInt() || status->GetInt() < 400 || status->GetInt() > 599))
    return invalid_request("status must be an HTTP status from 400 to 599");
  ScriptedFault fault{
      endpoint, status ? status->GetInt() : 500, count, false, std::nullopt, std::nullopt, drop};
  if (auto bad = read_fault_options(body, fault)) return invalid_request(*bad);
  faults_.add(std::move(fault));
  return json_reply(200, faults_.to_json());
}

}  // namespace cxsched::sim
