// /_sim: the simulator's own admin endpoints (state, request log, faults).
#include "server.hpp"

#include <httplib.h>

#include "json.hpp"
#include "server_replies.hpp"

namespace cxsched::sim {

Reply Simulator::admin(const httplib::Request& req) {
  std::lock_guard lock(mutex_);
  const auto now = date::floor<Millis>(std::chrono::system_clock::now());
  if (settle(now)) persist();
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
    std::size_t n = 0;
    {
      std::unique_lock write(store_mutex_);
      n = store_.clear();
    }
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
    std::unique_lock write(store_mutex_);
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
