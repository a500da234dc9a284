// The /_sim admin endpoints of `--platform acd` (no auth) and the request log.
#include <httplib.h>

#include <tuple>

#include "replies.hpp"
#include "server.hpp"

namespace cxsched::sim::acd {

namespace {

Reply admin_error(int status, std::string_view message) {
  return json_reply(status, error_json(status == 404 ? "not_found" : "invalid_request", message));
}

}  // namespace

void AcdSimulator::record(const httplib::Request& req, const std::string& endpoint,
                          const std::string& client, int status, double ms, SysMillis now) {
  const bool secret = endpoint == "token" || endpoint == "refresh";
  log_.add(req, endpoint, status,
           ",\"ms\":" + ms_text(ms) + ",\"clientId\":" + (client.empty() ? "null" : quote(client)) +
               ",\"accept\":" + quote(req.get_header_value("Accept")),
           secret, now);
}

Reply AcdSimulator::admin(const httplib::Request& req, SysMillis now) {
  const std::string& path = req.path;
  const std::string& method = req.method;
  if (auto reply = common_admin(req, "{\"ok\":true,\"platform\":\"acd\"}", log_, limiter_,
                                endpoint_names(), nullptr))
    return std::move(*reply);
  if (path == "/_sim/skills") return admin_skills(req, now);
  if (path == "/_sim/faults") return admin_faults(req);
  if (path == "/_sim/tokens/revoke") {
    if (method != "POST") return admin_not_allowed(req);
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
    // A block given in the item is written as its PUT would write it.
    for (auto [key, wrapper, block] :
         {std::tuple{"schedule", "scheduleSettings", "schedule-settings"},
          std::tuple{"timeZoneSettings", "timeZoneSettings", "time-zones"},
          std::tuple{"generalSettings", "generalSettings", "general-settings"}}) {
      const auto* given = member(*item, key);
      if (given == nullptr) continue;
      rapidjson::Document wrapped;
      wrapped.SetObject();
      wrapped.AddMember(rapidjson::StringRef(wrapper),
                        rapidjson::Value(*given, wrapped.GetAllocator()), wrapped.GetAllocator());
      httplib::Request put;
      put.body = to_json(wrapped);
      Reply r = put_block(put, id, block);
      if (r.status != 200) return r;
    }
    if (const auto* cadences = member(*item, "cadences")) {
      if (!cadences->IsArray()) return admin_error(400, "cadences must be an array");
      s.cadences.clear();
      for (const auto& c : cadences->GetArray()) {
        Cadence cadence{string_member(c, "fieldName").value_or(""),
                        member(c, "attempts") && member(c, "attempts")->IsInt()
                            ? member(c, "attempts")->GetInt()
                            : 1,
                        {}};
        if (const auto* rows = member(c, "timeConstraints"); rows && rows->IsArray())
          for (const auto& t : rows->GetArray())
            cadence.constraints.push_back({string_member(t, "dayType").value_or(""),
                                           string_member(t, "startTime").value_or(""),
                                           string_member(t, "endTime").value_or("")});
        s.cadences.push_back(std::move(cadence));
      }
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
  if (auto error = read_fault_options(body, fault)) return admin_error(400, *error);
  faults_.add(std::move(fault));
  return json_reply(200, faults_.to_json());
}

}  // namespace cxsched::sim::acd
