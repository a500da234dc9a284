// The skill endpoints of `--platform acd`: lists, batch create, get/put and
// start/stop. The parameter blocks are in blocks.cpp.
#include <httplib.h>

#include <algorithm>
#include <cctype>

#include "replies.hpp"
#include "server.hpp"

namespace cxsched::sim::acd {

namespace {

struct CampaignRow {
  long id;
  const char* name;
};
constexpr CampaignRow campaigns[] = {{1, "Default Campaign"}, {2, "Q3 Outreach"}};

const char* campaign_name(long id) {
  for (const auto& c : campaigns)
    if (c.id == id) return c.name;
  return nullptr;
}

const char* media_type_name(int id) {
  switch (id) {
    case 1: return "Email";
    case 3: return "Chat";
    case 4: return "Phone Call";
    case 5: return "Voice Mail";
    case 6: return "Work Item";
    case 8: return "Social";
    default: return "Unknown";
  }
}

std::string lower(std::string_view text) {
  std::string out{text};
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string percent_encode(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// Why a skill name is refused, or nullopt (SW: 1-30 characters of
// letters, digits, whitespace and - _ . ( ) ^).
std::optional<std::string> bad_skill_name(std::string_view name) {
  if (name.empty()) return "Invalid skill name.Skill name is minimum length of 1";
  if (name.size() > 30) return "Invalid skill name.Skill name is maximum length of 30";
  for (unsigned char c : name)
    if (!(std::isalnum(c) || std::isspace(c) || std::string_view{"-_.()^"}.find(static_cast<char>(
                                                    c)) != std::string_view::npos))
      return "Invalid skill name.Skill name contains invalid characters";
  return std::nullopt;
}

std::optional<long> int_member(const rapidjson::Value& obj, const char* key) {
  const auto* v = member(obj, key);
  if (v == nullptr || !v->IsInt64()) return std::nullopt;
  return static_cast<long>(v->GetInt64());
}

}  // namespace

std::string AcdSimulator::number(long value) const {
  return options_.numbers_as_strings ? "\"" + std::to_string(value) + "\"" : std::to_string(value);
}

Skill* AcdSimulator::find_skill(long id) {
  auto it = skills_.find(id);
  return it == skills_.end() ? nullptr : it->second.get();
}

std::string AcdSimulator::skill_json(const Skill& s) const {
  const char* campaign = campaign_name(s.campaign_id);
  std::string out = "{\"skillId\":" + number(s.id) + ",\"skillName\":" + quote(s.name) +
                    ",\"mediaTypeId\":" + number(s.media_type_id) +
                    ",\"mediaTypeName\":" + quote(media_type_name(s.media_type_id)) +
                    ",\"isActive\":" + (s.is_active ? "true" : "false") +
                    ",\"campaignId\":" + number(s.campaign_id) +
                    ",\"campaignName\":" + quote(campaign ? campaign : "") +
                    ",\"notes\":" + quote(s.notes) +
                    ",\"isOutbound\":" + (s.is_outbound ? "true" : "false") +
                    ",\"outboundStrategy\":" + quote(s.outbound_strategy);
  // isRunning is there only on outbound skills that are dialing.
  if (s.is_outbound && dialing(s)) out += ",\"isRunning\":true";
  return out + "}";
}

Reply AcdSimulator::list_campaigns() {
  const bool short_keys = options_.campaign_keys == "id";
  std::string rows;
  for (const auto& c : campaigns)
    rows += (rows.empty() ? "" : ",") + std::string{short_keys ? "{\"id\":" : "{\"campaignId\":"} +
            number(c.id) + (short_keys ? ",\"name\":" : ",\"campaignName\":") + quote(c.name) +
            ",\"isActive\":true}";
  return json_reply(200, "{\"totalRecords\":" + number(std::size(campaigns)) +
                             ",\"campaigns\":[" + rows + "]}");
}

Reply AcdSimulator::list_skills(const httplib::Request& r, SysMillis now) {
  if (!r.has_param("mediaTypeId"))
    return acd_error(400, "InvalidParameter", "mediaTypeId is required");
  auto media = strict_long(r.get_param_value("mediaTypeId"));
  if (!media) return acd_error(400, "InvalidParameter", "mediaTypeId must be an integer");
  long top = 50;
  long skip = 0;
  if (r.has_param("top")) {
    auto v = strict_long(r.get_param_value("top"));
    if (!v || *v < 1) return acd_error(400, "InvalidParameter", "top must be a positive integer");
    top = *v;
  }
  if (r.has_param("skip")) {
    auto v = strict_long(r.get_param_value("skip"));
    if (!v) return acd_error(400, "InvalidParameter", "skip must be a non-negative integer");
    skip = *v;
  }
  std::optional<bool> active;
  if (r.has_param("isActive")) {
    const std::string v = lower(r.get_param_value("isActive"));
    if (v != "true" && v != "false")
      return acd_error(400, "InvalidParameter", "isActive must be true or false");
    active = v == "true";
  }
  std::optional<SysMillis> since;
  if (r.has_param("updatedSince")) {
    auto t = parse_date_time(r.get_param_value("updatedSince"));
    if (!t || !t->offset)
      return acd_error(400, "InvalidParameter", "updatedSince must be an ISO 8601 date-time");
    since = t->utc();
  }
  const std::string search = lower(r.get_param_value("searchString"));
  const long page = std::min<long>(top, std::min(100, config_.max_page_size));

  std::vector<const Skill*> rows;
  for (const auto& [id, s] : skills_) {
    if (s->created + options_.list_lag > now) continue;  // not in the list yet
    if (s->media_type_id != *media) continue;
    if (active && s->is_active != *active) continue;
    if (!search.empty() && lower(s->name).find(search) == std::string::npos) continue;
    if (since && s->modified < *since) continue;
    rows.push_back(s.get());
  }
  const long total = static_cast<long>(rows.size());
  if (skip >= total) return no_content();
  const long end = std::min(total, skip + page);
  std::string body = "{\"_links\":{\"self\":" + quote(r.path) + "";
  if (end < total && options_.next_link != "none") {
    std::string query;
    for (const auto& [name, value] : r.params)
      if (name != "skip" && name != "top")
        query += percent_encode(name) + "=" + percent_encode(value) + "&";
    query += "top=" + std::to_string(page) + "&skip=" + std::to_string(end);
    std::string next = r.path + "?" + query;
    if (options_.next_link == "url") next = "http://" + r.get_header_value("Host") + next;
    body += ",\"next\":" + quote(next);
  }
  body += "},\"businessUnitId\":" + number(business_unit_id) +
          ",\"lastPollTime\":" + quote(format_utc(now, true)) +
          ",\"totalRecords\":" + number(total) + ",\"skills\":[";
  for (long i = skip; i < end; ++i)
    body += (i > skip ? "," : "") + skill_json(*rows[static_cast<std::size_t>(i)]);
  return json_reply(200, body + "]}");
}

std::optional<std::string> AcdSimulator::create_one(const rapidjson::Value& item, SysMillis now,
                                                    long& id) {
  if (!item.IsObject()) return "Invalid skill: expected an object";
  auto media = int_member(item, "mediaTypeId");
  if (!media || !(media == 1 || media == 3 || media == 4 || media == 5 || media == 6 || media == 8))
    return "Invalid mediaTypeId";
  const auto* name_value = member(item, "skillName");
  if (name_value == nullptr || !name_value->IsString())
    return "Invalid skill name.Skill name is minimum length of 1";
  const std::string name{name_value->GetString(), name_value->GetStringLength()};
  if (auto why = bad_skill_name(name)) return why;
  auto campaign = int_member(item, "campaignId");
  if (!campaign || campaign_name(*campaign) == nullptr) return "Invalid campaignId";
  bool outbound = false;
  if (const auto* v = member(item, "isOutbound")) {
    if (!v->IsBool()) return "Invalid isOutbound";
    outbound = v->GetBool();
  }
  std::string strategy = string_member(item, "outboundStrategy").value_or("");
  if (outbound && strategy != "Manual" && strategy != "Personal Connection" &&
      strategy != "Progressive")
    return "Invalid outboundStrategy";
  std::string notes = string_member(item, "notes").value_or("");
  if (notes.size() > 1000) return "Invalid notes. Notes is maximum length of 1000";
  for (const auto& [other_id, other] : skills_)
    if (lower(other->name) == lower(name)) return "Skill name in use";
  auto s = std::make_unique<Skill>();
  s->id = id = next_skill_id_++;
  s->name = name;
  s->media_type_id = static_cast<int>(*media);
  s->is_outbound = outbound;
  s->outbound_strategy = outbound ? strategy : "";
  s->campaign_id = *campaign;
  s->notes = std::move(notes);
  s->created = s->modified = now;
  if (s->personal_connection()) {
    default_general_settings(s->general);
    if (!options_.new_skill_cadence.empty()) {
      Cadence c{"Phone 1", 1, {}};
      for (const auto& text : options_.new_skill_cadence) {
        const auto space = text.find(' ');
        const auto dash = text.find('-', space);
        c.constraints.push_back({text.substr(0, space), text.substr(space + 1, dash - space - 1),
                                 text.substr(dash + 1)});
      }
      s->cadences.push_back(std::move(c));
    }
  }
  skills_.emplace(s->id, std::move(s));
  return std::nullopt;
}

Reply AcdSimulator::create_skills(const httplib::Request& r, SysMillis now) {
  rapidjson::Document body;
  if (!parse_json(r.body, body) || !body.IsObject())
    return acd_error(400, "InvalidRequest", "the body must be a JSON object");
  const auto* items = member(body, "skills");
  if (items == nullptr || !items->IsArray() || items->Empty())
    return acd_error(400, "InvalidRequest", "skills must be a non-empty array");
  int errors = 0;
  std::string results;
  for (const auto& item : items->GetArray()) {
    long id = 0;
    // A scripted refusal (POST /_sim/faults {"endpoint": "skills.create.result"}).
    std::optional<std::string> error;
    if (auto refusal = faults_.take_activation()) {
      error = refusal->reason;
    } else {
      error = create_one(item, now, id);
    }
    results += results.empty() ? "{" : ",{";
    if (error) {
      ++errors;
      results += "\"success\":false,\"error\":" + quote(*error) + "}";
    } else {
      results += "\"success\":true";
      if (options_.create_skill_id) results += ",\"skillId\":" + number(id);
      results += "}";
    }
  }
  std::string out =
      "{\"errorCount\":" + std::to_string(errors) + ",\"skillsResults\":[" + results + "]}";
  return json_reply(200, options_.create_result_set ? "{\"resultSet\":" + out + "}" : out);
}

Reply AcdSimulator::get_skill(long id) {
  const Skill* s = find_skill(id);
  if (s == nullptr) return acd_error(404, "NotFound", "Invalid skillId");
  const std::string one = skill_json(*s);
  return json_reply(200, options_.skill_wrapped ? "{\"skills\":[" + one + "]}" : one);
}

Reply AcdSimulator::update_skill(const httplib::Request& r, long id) {
  Skill* s = find_skill(id);
  if (s == nullptr) return acd_error(404, "NotFound", "Invalid skillId");
  rapidjson::Document body;
  if (!parse_json(r.body, body) || !body.IsObject() || member(body, "skill") == nullptr ||
      !member(body, "skill")->IsObject())
    return acd_error(400, "InvalidRequest", "the body must be {\"skill\": {...}}");
  if (dialing(*s)) return acd_error(409, "Conflict", "Invalid state.  Cannot update a running skill");
  const auto& skill = *member(body, "skill");
  std::optional<std::string> name = string_member(skill, "skillName");
  if (name) {
    if (auto why = bad_skill_name(*name)) return acd_error(400, "InvalidParameter", *why);
    for (const auto& [other_id, other] : skills_)
      if (other_id != id && lower(other->name) == lower(*name))
        return acd_error(400, "InvalidParameter", "Skill name in use");
  }
  std::optional<std::string> notes = string_member(skill, "notes");
  if (notes && notes->size() > 1000)
    return acd_error(400, "InvalidParameter", "Invalid notes. Notes is maximum length of 1000");
  std::optional<bool> active;
  if (const auto* v = member(skill, "isActive")) {
    if (!v->IsBool()) return acd_error(400, "InvalidParameter", "isActive must be a boolean");
    active = v->GetBool();
  }
  s->modified = now_;
  if (name) s->name = *name;
  if (notes) s->notes = *notes;
  if (active) s->is_active = *active;
  return json_reply(200, "");
}

Reply AcdSimulator::start_stop(const httplib::Request& r, long id, bool start, SysMillis now) {
  Skill* s = find_skill(id);
  if (s == nullptr || !s->personal_connection())
    return acd_error(404, "NotFound", "Invalid skillId: not a Personal Connection skill");
  const bool will_run = s->pending ? s->pending->second : dialing(*s);
  if (start) {
    if (!s->is_active || will_run)
      return acd_error(409, "Conflict", "Invalid state. Cannot start skill");
  } else {
    if (r.has_param("force")) {
      const std::string force = lower(r.get_param_value("force"));
      if (force != "true" && force != "false")
        return acd_error(400, "InvalidParameter", "force must be a boolean");
    }
    if (!will_run) return acd_error(404, "NotFound", "the skill is not running");
    // A skill its schedule runs stays stopped until the open window closes.
    if (auto end = open_window_end(*s)) s->hold = std::make_pair(now + config_.activation_delay, *end);
  }
  s->pending = std::make_pair(now + config_.activation_delay, start);
  s->settle(now);
  return Reply{202, "", "application/json", {}};
}

}  // namespace cxsched::sim::acd
