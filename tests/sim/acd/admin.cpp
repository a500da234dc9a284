// The /_sim admin endpoints of `--platform acd` (no auth) and the request log.
#include <httplib.h>

#include <cstdio>

#include "replies.hpp"
#include "server.hpp"

namespace cxsched::sim::acd {

namespace {

Reply admin_error(int status, std::string_view message) {
  return json_reply(status, error_json(status == 404 ? "not_found" : "invalid_request", message));
}

std::string query_of(const httplib::Request& req) {
  auto q = req.target.find('?');
  return q == std::string::npos ? std::string{} : req.target.substr(q + 1);
}

}  // namespace

void AcdSimulator::record(const httplib::Request& req, const std::string& endpoint,
                          const std::string& client, int status, double ms, SysMillis now) {
  stats_[endpoint.empty() ? "unknown" : endpoint][status]++;
  char ms_text[32];
  std::snprintf(ms_text, sizeof ms_text, "%.3f", ms);
  const bool secret = endpoint == "token" || endpoint == "refresh";
  std::string line =
      "{\"seq\":" + std::to_string(next_seq_++) + ",\"method\":" + quote(req.method) +
      ",\"path\":" + quote(req.path) + ",\"query\":" + quote(query_of(req)) +
      ",\"endpoint\":" + (endpoint.empty() ? "null" : quote(endpoint)) +
      ",\"status\":" + std::to_string(status) + ",\"ms\":" + ms_text +
      ",\"clientId\":" + (client.empty() ? "null" : quote(client)) +
      ",\"accept\":" + quote(req.get_header_value("Accept")) +
      ",\"time\":" + quote(format_utc(now, true)) +
      ",\"body\":" + (req.body.empty() || secret ? "null" : quote(req.body)) + "}";
  if (request_log_file_.is_open()) {
    request_log_file_ << line << '\n';
    request_log_file_.flush();
  }
  request_log_.push_back(std::move(line));
}

Reply AcdSimulator::admin(const httplib::Request& req, SysMillis now) {
  const std::string& path = req.path;
  const std::string& method = req.method;
  auto not_allowed = [&] {
    return json_reply(405, error_json("method_not_allowed", method + " is not allowed on " + path));
  };
  if (path == "/_sim/health") return json_reply(200, "{\"ok\":true,\"platform\":\"acd\"}");
  if (path == "/_sim/requests") {
    if (method == "DELETE") {
      auto n = request_log_.size();
      request_log_.clear();
      return json_reply(200, "{\"cleared\":" + std::to_string(n) + "}");
    }
    if (method != "GET") return not_allowed();
    const std::string only = req.get_param_value("endpoint");
    std::string body = "{\"requests\":[";
    bool first = true;
    for (const auto& line : request_log_) {
      if (!only.empty() && line.find("\"endpoint\":" + quote(only) + ",") == std::string::npos)
        continue;
      body += first ? "" : ",";
      body += line;
      first = false;
    }
    return json_reply(200, body + "]}");
  }
  if (path == "/_sim/skills") return admin_skills(req, now);
  if (path == "/_sim/faults") return admin_faults(req);
  if (path == "/_sim/rate-limits") {
    if (method == "DELETE") {
      limiter_.clear();
      return json_reply(200, "{\"ok\":true}");
    }
    if (method != "POST") return not_allowed();
    rapidjson::Document body;
    const bool ok = parse_json(req.body, body) && body.IsObject();
    const std::string endpoint = ok ? string_member(body, "endpoint").value_or("") : "";
    const auto* requests = ok ? member(body, "requests") : nullptr;
    const auto* per = ok ? member(body, "perSeconds") : nullptr;
    if (!is_endpoint_name(endpoint, endpoint_names()) || !requests || !per || !requests->IsInt() ||
        !per->IsInt() || requests->GetInt() < 1 || per->GetInt() < 1)
      return admin_error(
          400, "expected {\"endpoint\": NAME or \"*\", \"requests\": N >= 1, \"perSeconds\": S >= 1}");
    limiter_.set(endpoint, RateLimit{requests->GetInt(), std::chrono::seconds{per->GetInt()}});
    return json_reply(200, "{\"ok\":true}");
  }
  if (path == "/_sim/tokens/revoke") {
    if (method != "POST") return not_allowed();
    rapidjson::Document body;
    if (!req.body.empty() && (!parse_json(req.body, body) || !body.IsObject()))
      return admin_error(400, "expected {\"accessKeyId\": ID} or {}");
    const std::string key = req.body.empty() ? "" : string_member(body, "accessKeyId").value_or("");
    std::size_t n = 0;
    for (auto& [token, t] : tokens_) {
      if (t.revoked || (!key.empty() && t.key_id != key)) continue;
      t.revoked = true;
      ++n;
    }
    return json_reply(200, "{\"revoked\":" + std::to_string(n) + "}");
  }
  if (path == "/_sim/stats") {
    if (method != "GET") return not_allowed();
    std::uint64_t total = 0;
    std::string endpoints;
    for (const auto& [endpoint, by_status] : stats_) {
      std::uint64_t sum = 0;
      std::string statuses;
      for (const auto& [status, count] : by_status) {
        sum += count;
        statuses += (statuses.empty() ? "\"" : ",\"") + std::to_string(status) +
                    "\":" + std::to_string(count);
      }
      total += sum;
      endpoints += (endpoints.empty() ? "" : ",") + quote(endpoint) +
                   ":{\"total\":" + std::to_string(sum) + ",\"byStatus\":{" + statuses + "}}";
    }
    return json_reply(
        200, "{\"total\":" + std::to_string(total) + ",\"endpoints\":{" + endpoints + "}}");
  }
  return admin_error(404, "no such admin endpoint: " + path);
}

Reply AcdSimulator::admin_skills(const httplib::Request& req, SysMillis now) {
  if (req.method == "GET") {
    std::string body = "{\"skills\":[";
    bool first = true;
    for (const auto& [id, s] : skills_) {
      std::string one = skill_json(*s);
      one.pop_back();
      if (!(s->is_outbound && dialing(*s))) one += ",\"isRunning\":false";
      one += ",\"createdAt\":" + quote(format_utc(s->created, true));
      if (s->personal_connection()) {
        one += ",\"schedule\":" + get_block(id, "schedule-settings").body +
               ",\"generalSettings\":" + to_json(s->general);
      }
      body += (first ? "" : ",") + one + "}";
      first = false;
    }
    return json_reply(200, body + "]}");
  }
  if (req.method == "DELETE") {
    const auto n = skills_.size();
    skills_.clear();
    return json_reply(200, "{\"deleted\":" + std::to_string(n) + "}");
  }
  if (req.method != "POST")
    return json_reply(405, error_json("method_not_allowed", req.method + " is not allowed"));
  rapidjson::Document body;
  if (!parse_json(req.body, body) || (!body.IsObject() && !body.IsArray()))
    return admin_error(400, "expected a skill object or an array of them");
  std::vector<const rapidjson::Value*> items;
  if (body.IsObject()) {
    items.push_back(&body);
  } else {
    for (const auto& v : body.GetArray()) items.push_back(&v);
  }
  std::string ids;
  for (const auto* item : items) {
    long id = 0;
    if (auto error = create_one(*item, now, id)) return admin_error(400, *error);
    Skill& s = *skills_.at(id);
    if (auto created = string_member(*item, "createdAt")) {
      auto t = parse_date_time(*created);
      if (!t || !t->offset) return admin_error(400, "createdAt must be an RFC 3339 date-time");
      s.created = s.modified = t->utc();
    }
    if (const auto* v = member(*item, "isActive"); v && v->IsBool()) s.is_active = v->GetBool();
    if (const auto* v = member(*item, "isRunning"); v && v->IsBool() && v->GetBool()) {
      s.running = true;
      s.running_since = s.created;
    }
    if (const auto* schedule = member(*item, "schedule")) {
      rapidjson::Document wrapped;
      wrapped.SetObject();
      wrapped.AddMember("scheduleSettings", rapidjson::Value(*schedule, wrapped.GetAllocator()),
                        wrapped.GetAllocator());
      httplib::Request put;
      put.body = to_json(wrapped);
      Reply r = put_block(put, id, "schedule-settings");
      if (r.status != 200) return r;
    }
    if (const auto* general = member(*item, "generalSettings")) {
      rapidjson::Document wrapped;
      wrapped.SetObject();
      wrapped.AddMember("generalSettings", rapidjson::Value(*general, wrapped.GetAllocator()),
                        wrapped.GetAllocator());
      httplib::Request put;
      put.body = to_json(wrapped);
      Reply r = put_block(put, id, "general-settings");
      if (r.status != 200) return r;
    }
    ids += (ids.empty() ? "" : ",") + std::to_string(id);
  }
  return json_reply(201, "{\"skillIds\":[" + ids + "]}");
}

Reply AcdSimulator::admin_faults(const httplib::Request& req) {
  if (req.method == "GET") return json_reply(200, faults_.to_json());
  if (req.method == "DELETE") {
    faults_.clear();
    return json_reply(200, "{\"ok\":true}");
  }
  if (req.method != "POST")
    return json_reply(405, error_json("method_not_allowed", req.method + " is not allowed"));
  rapidjson::Document body;
  if (!parse_json(req.body, body) || !body.IsObject())
    return admin_error(400, "expected a JSON object");
  const std::string endpoint = string_member(body, "endpoint").value_or("");
  if (endpoint == "skills.create.result") {
    int count = 1;
    if (const auto* v = member(body, "count")) {
      if (!v->IsInt() || v->GetInt() < 1) return admin_error(400, "count must be an integer >= 1");
      count = v->GetInt();
    }
    faults_.add(ActivationOutcome{
        "FAILED",
        string_member(body, "error").value_or("Skill setup failed. Skill cannot be marked active"),
        count});
    return json_reply(200, faults_.to_json());
  }
  if (!is_endpoint_name(endpoint, endpoint_names()))
    return admin_error(400, "unknown endpoint '" + endpoint + "'");
  const auto* status = member(body, "status");
  if (status == nullptr || !status->IsInt() || status->GetInt() < 400 || status->GetInt() > 599)
    return admin_error(400, "status must be an HTTP status from 400 to 599");
  ScriptedFault fault{endpoint, status->GetInt(), 1, false, std::nullopt, std::nullopt};
  if (const auto* v = member(body, "count")) {
    if (!v->IsInt() || v->GetInt() < 1) return admin_error(400, "count must be an integer >= 1");
    fault.count = v->GetInt();
  }
  if (const auto* commit = member(body, "commit")) {
    if (!commit->IsBool()) return admin_error(400, "commit must be a boolean");
    fault.commit = commit->GetBool();
  }
  if (const auto* retry = member(body, "retryAfter")) {
    if (!retry->IsInt() || retry->GetInt() < 0)
      return admin_error(400, "retryAfter must be seconds >= 0");
    fault.retry_after = retry->GetInt();
  }
  if (const auto* raw = member(body, "body")) {
    if (!raw->IsString()) return admin_error(400, "body must be a string");
    fault.body = std::string{raw->GetString(), raw->GetStringLength()};
  }
  faults_.add(std::move(fault));
  return json_reply(200, faults_.to_json());
}

}  // namespace cxsched::sim::acd
