// The simulator's front: state, routing, authorization, rate limits, faults
// and the request log. Each resource's handlers are in server_<resource>.cpp.
#include "server.hpp"

#include <httplib.h>

#include <algorithm>
#include <iostream>
#include <thread>
#include <unordered_set>

#include "analytics.hpp"
#include "json.hpp"
#include "server_replies.hpp"

namespace cxsched::sim {

using namespace std::chrono_literals;

namespace {

constexpr auto idempotency_ttl = std::chrono::hours{24};

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
    std::string endpoint;
    std::string client;
    std::optional<StoreRead> read;
    SysMillis now;
    {
      std::lock_guard lock(mutex_);
      now = date::floor<Millis>(std::chrono::system_clock::now());
      if (settle(now)) persist();
      reply = api(req, endpoint, client, now, read);
    }
    if (read) {
      // Built beside other reads, as a real platform answers them.
      std::shared_lock shared(store_mutex_);
      reply = serve(*read);
    }
    if (auto it = config_.endpoint_latency.find(endpoint); it != config_.endpoint_latency.end())
      latency += it->second;
    const std::chrono::duration<double, std::milli> took =
        std::chrono::steady_clock::now() - started + latency;
    {
      std::lock_guard lock(mutex_);
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

bool Simulator::settle(SysMillis now) {
  if (!store_.due(now)) return false;
  std::unique_lock write(store_mutex_);
  return store_.settle(now);
}

Reply Simulator::api(const httplib::Request& req, std::string& endpoint, std::string& client,
                     SysMillis now, std::optional<StoreRead>& read) {
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
  Reply reply =
      endpoint == "token" ? token(req, client, now) : authorized(req, route, client, now, read);
  if (fault) {
    read.reset();  // a read changes nothing: the fault's answer is all there is
    return fault_reply(*fault);
  }
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

Reply Simulator::authorized(const httplib::Request& req, const Route& route, std::string& client,
                            SysMillis now, std::optional<StoreRead>& read) {
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

  if (route.endpoint == "campaigns.list") {
    StoreRead page;
    if (auto error = list_request(req, page)) return std::move(*error);
    read = std::move(page);
    return {};
  }
  if (route.endpoint == "campaigns.get") {
    read = StoreRead{0, 0, route.id};
    return {};
  }
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

}  // namespace cxsched::sim
