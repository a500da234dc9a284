// The request log and the /_sim admin endpoints common to both platforms.
#include "admin.hpp"

#include <httplib.h>

#include <cstdio>

#include "config.hpp"
#include "json.hpp"

namespace cxsched::sim {

std::string query_of(const httplib::Request& req) {
  auto q = req.target.find('?');
  return q == std::string::npos ? std::string{} : req.target.substr(q + 1);
}

std::string ms_text(double ms) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", ms);
  return text;
}

Reply admin_not_allowed(const httplib::Request& req) {
  return json_reply(405,
                    error_json("method_not_allowed", req.method + " is not allowed on " + req.path));
}

std::optional<std::string> RequestLog::open(const std::optional<std::filesystem::path>& path) {
  if (!path) return std::nullopt;
  file_.open(*path, std::ios::app);
  if (!file_) return "cannot open request log " + path->string();
  return std::nullopt;
}

void RequestLog::add(const httplib::Request& req, const std::string& endpoint, int status,
                     std::string_view fields, bool hide_body, SysMillis now) {
  stats_[endpoint.empty() ? "unknown" : endpoint][status]++;
  std::string line =
      "{\"seq\":" + std::to_string(next_seq_++) + ",\"method\":" + quote(req.method) +
      ",\"path\":" + quote(req.path) + ",\"query\":" + quote(query_of(req)) +
      ",\"endpoint\":" + (endpoint.empty() ? "null" : quote(endpoint)) +
      ",\"status\":" + std::to_string(status);
  line += fields;
  line += ",\"time\":" + quote(format_utc(now, true)) +
          ",\"body\":" + (req.body.empty() || hide_body ? "null" : quote(req.body)) + "}";
  if (file_.is_open()) {
    file_ << line << '\n';
    file_.flush();
  }
  lines_.push_back(std::move(line));
}

Reply RequestLog::requests(const httplib::Request& req) {
  if (req.method == "DELETE") {
    auto n = lines_.size();
    lines_.clear();
    return json_reply(200, "{\"cleared\":" + std::to_string(n) + "}");
  }
  if (req.method != "GET") return admin_not_allowed(req);
  const std::string only = req.get_param_value("endpoint");
  std::string body = "{\"requests\":[";
  bool first = true;
  for (const auto& line : lines_) {
    if (!only.empty() && line.find("\"endpoint\":" + quote(only) + ",") == std::string::npos)
      continue;
    body += first ? "" : ",";
    body += line;
    first = false;
  }
  return json_reply(200, body + "]}");
}

Reply RequestLog::stats(const httplib::Request& req) const {
  if (req.method != "GET") return admin_not_allowed(req);
  std::uint64_t total = 0;
  std::string endpoints;
  for (const auto& [endpoint, by_status] : stats_) {
    std::uint64_t sum = 0;
    std::string statuses;
    for (const auto& [status, count] : by_status) {
      sum += count;
      statuses +=
          (statuses.empty() ? "\"" : ",\"") + std::to_string(status) + "\":" + std::to_string(count);
    }
    total += sum;
    endpoints += (endpoints.empty() ? "" : ",") + quote(endpoint) +
                 ":{\"total\":" + std::to_string(sum) + ",\"byStatus\":{" + statuses + "}}";
  }
  return json_reply(200,
                    "{\"total\":" + std::to_string(total) + ",\"endpoints\":{" + endpoints + "}}");
}

namespace {

Reply invalid(std::string_view message) {
  return json_reply(400, error_json("invalid_request", message));
}

Reply rate_limits(const httplib::Request& req, RateLimiter& limiter,
                  const std::vector<std::string>& names, BodyParser parse) {
  if (req.method == "DELETE") {
    limiter.clear();
    return json_reply(200, "{\"ok\":true}");
  }
  if (req.method != "POST") return admin_not_allowed(req);
  constexpr std::string_view usage =
      "expected {\"endpoint\": NAME or \"*\", \"requests\": N >= 1, \"perSeconds\": S >= 1}";
  rapidjson::Document body;
  if (parse) {
    Reply error;
    if (!parse(req.body, body, error)) return error;
  } else if (!parse_json(req.body, body) || !body.IsObject()) {
    return invalid(usage);
  }
  const std::string endpoint = string_member(body, "endpoint").value_or("");
  const auto* requests = member(body, "requests");
  const auto* per = member(body, "perSeconds");
  if (!is_endpoint_name(endpoint, names) || !requests || !per || !requests->IsInt() ||
      !per->IsInt() || requests->GetInt() < 1 || per->GetInt() < 1)
    return invalid(usage);
  limiter.set(endpoint, RateLimit{requests->GetInt(), std::chrono::seconds{per->GetInt()}});
  return json_reply(200, "{\"ok\":true}");
}

}  // namespace

std::optional<Reply> common_admin(const httplib::Request& req, std::string_view health,
                                  RequestLog& log, RateLimiter& limiter,
                                  const std::vector<std::string>& names, BodyParser parse) {
  if (req.path == "/_sim/health") return json_reply(200, std::string{health});
  if (req.path == "/_sim/requests") return log.requests(req);
  if (req.path == "/_sim/stats") return log.stats(req);
  if (req.path == "/_sim/rate-limits") return rate_limits(req, limiter, names, parse);
  return std::nullopt;
}

std::optional<std::string> read_fault_options(const rapidjson::Value& body, ScriptedFault& fault) {
  if (const auto* commit = member(body, "commit")) {
    if (!commit->IsBool()) return "commit must be a boolean";
    fault.commit = commit->GetBool();
  }
  if (const auto* retry = member(body, "retryAfter")) {
    if (!retry->IsInt() || retry->GetInt() < 0) return "retryAfter must be seconds >= 0";
    fault.retry_after = retry->GetInt();
  }
  if (const auto* raw = member(body, "body")) {
    if (!raw->IsString()) return "body must be a string";
    fault.body = std::string{raw->GetString(), raw->GetStringLength()};
  }
  return std::nullopt;
}

}  // namespace cxsched::sim
