// The parameter blocks of a Personal Connection skill: GET answers the
// fields flat, PUT takes them wrapped in the block's name and changes only
// the fields it names.
#include <httplib.h>

#include "replies.hpp"
#include "server.hpp"

namespace cxsched::sim::acd {

namespace {

Reply invalid(std::string_view why) {
  return acd_error(400, "InvalidParameter", why);
}

std::vector<ZoneSetting> zone_settings(const Skill& s) {
  if (!s.zones.empty()) return s.zones;
  std::vector<ZoneSetting> out;
  for (const auto& z : windows_zones()) out.push_back(ZoneSetting{z.standard_name});
  return out;
}

// The rows of the time-zones block, as GET shows them (name, not standardName).
std::string zone_rows_json(const Skill& s) {
  std::string rows;
  for (const auto& z : zone_settings(s)) {
    std::string description;
    for (const auto& w : windows_zones())
      if (z.standard_name == w.standard_name) description = w.display_name;
    rows += (rows.empty() ? "" : ",") + std::string{"{\"name\":"} + quote(z.standard_name) +
            ",\"description\":" + quote(description) + ",\"startTime\":" + quote(z.start_time) +
            ",\"endTime\":" + quote(z.end_time) + ",\"timeZoneActiveToCall\":" +
            (z.active ? "true" : "false") + ",\"overrideTime\":" +
            (z.override_time ? "true" : "false") + "}";
  }
  return "[" + rows + "]";
}

std::string schedule_json(const ScheduleBlock& b, bool seconds) {
  std::string out = std::string{"{\"isScheduled\":"} + (b.is_scheduled ? "true" : "false");
  for (std::size_t d = 0; d < 7; ++d) {
    const std::string day = day_names()[d];
    const Day& v = b.days[d];
    out += ",\"" + day + "IsActive\":" + (v.active ? "true" : "false") + ",\"" + day +
           "StartTime\":" + quote(format_block_time(v.start_min, seconds)) + ",\"" + day +
           "EndTime\":" + quote(format_block_time(v.end_min, seconds));
  }
  return out + "}";
}

// Applies the fields of a scheduleSettings object onto `b`; an error message
// when one has the wrong type or format.
std::optional<std::string> apply_schedule(const rapidjson::Value& in, ScheduleBlock& b) {
  if (const auto* v = member(in, "isScheduled")) {
    if (!v->IsBool()) return "isScheduled must be a boolean";
    b.is_scheduled = v->GetBool();
  }
  for (std::size_t d = 0; d < 7; ++d) {
    const std::string day = day_names()[d];
    if (const auto* v = member(in, (day + "IsActive").c_str())) {
      if (!v->IsBool()) return day + "IsActive must be a boolean";
      b.days[d].active = v->GetBool();
    }
    for (const char* edge : {"StartTime", "EndTime"}) {
      const std::string key = day + edge;
      const auto* v = member(in, key.c_str());
      if (v == nullptr) continue;
      auto minutes = v->IsString() ? parse_block_time({v->GetString(), v->GetStringLength()})
                                   : std::nullopt;
      if (!minutes) return key + " must be a time HH:MM from 00:00 to 23:59";
      (edge[0] == 'S' ? b.days[d].start_min : b.days[d].end_min) = *minutes;
    }
  }
  return std::nullopt;
}

std::optional<std::string> check_int(const rapidjson::Value& in, const char* key, long lo,
                                     long hi) {
  const auto* v = member(in, key);
  if (v == nullptr) return std::nullopt;
  if (!v->IsInt64() || v->GetInt64() < lo || v->GetInt64() > hi)
    return std::string{key} + " must be an integer from " + std::to_string(lo) + " to " +
           std::to_string(hi);
  return std::nullopt;
}

void copy_member(rapidjson::Document& doc, const char* key, const rapidjson::Value& value) {
  rapidjson::Value copy(value, doc.GetAllocator());
  auto it = doc.FindMember(key);
  if (it != doc.MemberEnd()) {
    it->value = copy;
  } else {
    doc.AddMember(rapidjson::Value(key, doc.GetAllocator()), copy, doc.GetAllocator());
  }
}

}  // namespace

Reply AcdSimulator::get_block(long id, const std::string& block) {
  const Skill* s = find_skill(id);
  if (s == nullptr) return acd_error(404, "NotFound", "Invalid skillId");
  if (!s->personal_connection())
    return acd_error(404, "NotFound", "the skill is not a Personal Connection skill");
  if (block == "schedule-settings")
    return json_reply(200, schedule_json(s->schedule, options_.times_with_seconds));
  if (block == "general-settings") return json_reply(200, to_json(s->general));
  if (block == "retry-settings") {
    const auto* attempts = member(s->general, "maximumAttempts");
    const auto* minutes = member(s->general, "minimumRetryMinutes");
    return json_reply(200, "{\"maximumAttempts\":" + (attempts ? to_json(*attempts) : "null") +
                               ",\"minimumRetryMinutes\":" +
                               (minutes ? to_json(*minutes) : "null") + "}");
  }
  return json_reply(200, "{\"timeZoneSettings\":" + zone_rows_json(*s) + "}");
}

Reply AcdSimulator::get_parameters(long id) {
  const Skill* s = find_skill(id);
  if (s == nullptr) return acd_error(404, "NotFound", "Invalid skillId");
  if (!s->personal_connection())
    return acd_error(404, "NotFound", "the skill is not a Personal Connection skill");
  // scheduleSettings as GET parameters shows it: schedules rows.
  std::string days;
  for (std::size_t d = 0; d < 7; ++d) {
    std::string day = day_names()[d];
    day[0] = static_cast<char>(day[0] - 'a' + 'A');
    const Day& v = s->schedule.days[d];
    days += (days.empty() ? "" : ",") + std::string{"{\"day\":"} + quote(day) +
            ",\"active\":" + (v.active ? "true" : "false") +
            ",\"startTime\":" + quote(format_block_time(v.start_min, options_.times_with_seconds)) +
            ",\"endTime\":" + quote(format_block_time(v.end_min, options_.times_with_seconds)) + "}";
  }
  std::string cadences;
  for (std::size_t i = 0; i < s->cadences.size(); ++i) {
    const Cadence& c = s->cadences[i];
    std::string constraints;
    if (options_.cadence_constraints == "split") {
      std::string weekday;
      std::string weekend;
      for (const auto& t : c.constraints) {
        std::string& into = t.day_type == "Weekday" ? weekday : weekend;
        if (t.day_type != "Weekday" && t.day_type != "Weekend") continue;  // no place for it
        into += (into.empty() ? "" : ",") + std::string{"{\"startTime\":"} +
                quote(t.start_time) + ",\"endTime\":" + quote(t.end_time) + "}";
      }
      constraints = "{\"weekdayTimeConstraints\":[" + weekday +
                    "],\"weekendTimeConstraints\":[" + weekend + "]}";
    } else {
      for (const auto& t : c.constraints)
        constraints += (constraints.empty() ? "" : ",") + std::string{"{\"dayType\":"} +
                       quote(t.day_type) + ",\"startTime\":" + quote(t.start_time) +
                       ",\"endTime\":" + quote(t.end_time) + "}";
      constraints = "[" + constraints + "]";
    }
    cadences += (cadences.empty() ? "" : ",") + std::string{"{\"fieldName\":"} +
                quote(c.field_name) + ",\"attempts\":" + std::to_string(c.attempts) +
                ",\"order\":" + std::to_string(i + 1) + ",\"timeConstraints\":" + constraints +
                "}";
  }
  const auto* attempts = member(s->general, "maximumAttempts");
  const auto* minutes = member(s->general, "minimumRetryMinutes");
  return json_reply(
      200, "{\"skillName\":" + quote(s->name) + ",\"skillNo\":" + std::to_string(s->id) +
               ",\"generalSettings\":" + to_json(s->general) +
               ",\"cadenceSettings\":{\"cadenceMaximumAttempts\":[],\"attemptMode\":0,"
               "\"recordRequestMode\":0,\"destinationRetryRestMinutes\":0,\"cadences\":[" +
               cadences + "]},\"retrySettings\":{\"maximumAttempts\":" +
               (attempts ? to_json(*attempts) : "null") +
               ",\"minimumRetryMinutes\":" + (minutes ? to_json(*minutes) : "null") +
               "},\"scheduleSettings\":{\"isScheduled\":" +
               (s->schedule.is_scheduled ? "true" : "false") + ",\"schedules\":[" + days +
               "]},\"timeZoneSettings\":" + zone_rows_json(*s) + "}");
}

Reply AcdSimulator::put_block(const httplib::Request& r, long id, const std::string& block) {
  Skill* s = find_skill(id);
  if (s == nullptr) return acd_error(404, "NotFound", "Invalid skillId");
  if (!s->personal_connection())
    return acd_error(404, "NotFound", "the skill is not a Personal Connection skill");
  rapidjson::Document body;
  if (!parse_json(r.body, body) || !body.IsObject())
    return acd_error(400, "InvalidRequest", "the body must be a JSON object");
  const char* wrapper = block == "schedule-settings"  ? "scheduleSettings"
                        : block == "retry-settings"   ? "retrySettings"
                        : block == "general-settings" ? "generalSettings"
                                                      : "timeZoneSettings";
  const auto* in = member(body, wrapper);
  const bool zones = block == "time-zones";
  if (in == nullptr || (zones ? !in->IsArray() : !in->IsObject()))
    return invalid(std::string{"the body must be {\""} + wrapper + "\": " +
                   (zones ? "[...]}" : "{...}}"));

  if (block == "schedule-settings") {
    ScheduleBlock next = options_.put_replaces ? ScheduleBlock{} : s->schedule;
    if (auto why = apply_schedule(*in, next)) return invalid(*why);
    for (std::size_t d = 0; d < 7; ++d) {
      const Day& day = next.days[d];
      const std::string name = day_names()[d];
      if (options_.refuse_idle_days && !day.active)
        return invalid(name + "IsActive: every day must be active on this business unit");
      if (day.active && day.end_min <= day.start_min)
        return invalid(name + ": the end time must be after the start time");
    }
    s->schedule = next;
    s->modified = now_;
    return json_reply(200, "");
  }
  if (block == "retry-settings" || block == "general-settings") {
    if (auto why = check_int(*in, "maximumAttempts", 1, 300)) return invalid(*why);
    if (auto why = check_int(*in, "minimumRetryMinutes", 1, 50000)) return invalid(*why);
    if (const auto* v = member(*in, "abandonRateThreshold");
        v != nullptr && (!v->IsNumber() || v->GetDouble() < 0 || v->GetDouble() > 99.9))
      return invalid("abandonRateThreshold must be a number from 0 to 99.9");
    if (const auto* v = member(*in, "overrideBusinessUnitAbandonRate"); v != nullptr && !v->IsBool())
      return invalid("overrideBusinessUnitAbandonRate must be a boolean");
    if (options_.put_replaces) {
      rapidjson::Document defaults;
      default_general_settings(defaults);
      if (block == "general-settings") {
        s->general.CopyFrom(defaults, s->general.GetAllocator());
      } else {
        for (const char* key : {"maximumAttempts", "minimumRetryMinutes"})
          copy_member(s->general, key, defaults[key]);
      }
    }
    for (const auto& m : in->GetObject()) {
      const char* key = m.name.GetString();
      const bool retry_field = std::string_view{key} == "maximumAttempts" ||
                               std::string_view{key} == "minimumRetryMinutes";
      // retry-settings holds only its two fields; general-settings every field it has.
      if (block == "retry-settings" ? retry_field : s->general.HasMember(key))
        copy_member(s->general, key, m.value);
    }
    s->modified = now_;
    return json_reply(200, "");
  }
  std::vector<ZoneSetting> next;
  for (const auto& row : in->GetArray()) {
    ZoneSetting z;
    z.standard_name = string_member(row, "standardName").value_or("");
    bool known = false;
    for (const auto& w : windows_zones()) known = known || z.standard_name == w.standard_name;
    if (!known) return invalid("standardName '" + z.standard_name + "' is not a time zone");
    for (auto [key, field] : {std::pair{"startTime", &z.start_time}, std::pair{"endTime", &z.end_time}}) {
      auto text = string_member(row, key);
      if (!text || !parse_block_time(*text)) return invalid(std::string{key} + " must be HH:MM");
      *field = *text;
    }
    const auto* active = member(row, "timeZoneActiveToCall");
    const auto* override_time = member(row, "overrideTime");
    if ((active && !active->IsBool()) || (override_time && !override_time->IsBool()))
      return invalid("timeZoneActiveToCall and overrideTime must be booleans");
    z.active = active ? active->GetBool() : true;
    z.override_time = override_time ? override_time->GetBool() : false;
    next.push_back(std::move(z));
  }
  // Every zone not listed is deactivated.
  for (const auto& w : windows_zones()) {
    bool listed = false;
    for (const auto& z : next) listed = listed || z.standard_name == w.standard_name;
    if (!listed) next.push_back(ZoneSetting{w.standard_name, "08:00", "21:00", false, false});
  }
  s->zones = std::move(next);
  s->modified = now_;
  return json_reply(200, "");
}

}  // namespace cxsched::sim::acd
