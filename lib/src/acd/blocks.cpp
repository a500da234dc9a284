// The request bodies of the parameter blocks cxsched writes, and the
// schedule-settings block read back. Partial PUT is undocumented, so every
// body is the block as read with only cxsched's fields changed.
#include <cxsched/acd/skill.hpp>
#include <cxsched/schedule/format.hpp>
#include <cxsched/util/json.hpp>

#include <cctype>

namespace cxsched::acd {

namespace {

using rapidjson::Document;
using rapidjson::Value;

// A copy of `current` when it is an object, else an empty object.
Document copy_block(const Value* current) {
  Document doc;
  if (current != nullptr && current->IsObject()) {
    doc.CopyFrom(*current, doc.GetAllocator());
  } else {
    doc.SetObject();
  }
  return doc;
}

void set(Document& doc, std::string_view key, Value value) {
  auto& alloc = doc.GetAllocator();
  Value name(key.data(), static_cast<rapidjson::SizeType>(key.size()), alloc);
  auto it = doc.FindMember(name);
  if (it != doc.MemberEnd()) {
    it->value = value;
  } else {
    doc.AddMember(name, value, alloc);
  }
}

void set_string(Document& doc, std::string_view key, std::string_view text) {
  set(doc, key, Value(text.data(), static_cast<rapidjson::SizeType>(text.size()), doc.GetAllocator()));
}

std::string wrapped(std::string_view name, const Document& block) {
  return "{" + util::quote_json(name) + ":" + util::to_json(block) + "}";
}

// A boolean, also written as "true"/"false".
std::optional<bool> lenient_bool(const Value& obj, const std::string& key) {
  auto it = obj.FindMember(key.c_str());
  if (it == obj.MemberEnd() || it->value.IsNull()) return std::nullopt;
  if (it->value.IsBool()) return it->value.GetBool();
  if (it->value.IsString()) {
    std::string_view s{it->value.GetString(), it->value.GetStringLength()};
    if (s == "true" || s == "True") return true;
    if (s == "false" || s == "False") return false;
  }
  return std::nullopt;
}

// The shape GET skills/{id}/parameters shows: {"schedules": [{"day", "active",
// "startTime", "endTime"}]}, days named in any case.
Result<SkillWeek> week_from_rows(const Value& rows, SkillWeek week) {
  for (const auto& row : rows.GetArray()) {
    std::string day{util::get_string(row, "day").value_or("")};
    for (auto& c : day) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    unsigned index = 7;
    for (unsigned d = 0; d < 7; ++d)
      if (block_day_name(d) == day) index = d;
    if (index == 7)
      return fail(ErrorKind::invalid_spec, "schedule-settings: '" + day + "' is not a day");
    SkillDay& out = week.days[index];
    out.active = lenient_bool(row, "active").value_or(false);
    if (!out.active) continue;
    for (auto [edge, target] : {std::pair{"startTime", &out.start_min}, std::pair{"endTime", &out.end_min}}) {
      auto text = util::get_string(row, edge);
      auto minutes = text ? block_time(*text) : std::nullopt;
      if (!minutes)
        return fail(ErrorKind::invalid_spec, "schedule-settings: " + day + " " + edge +
                                                 " is not a time HH:MM");
      *target = *minutes;
    }
  }
  return week;
}

}  // namespace

std::optional<int> block_time(std::string_view text, bool allow_24) {
  if (text.size() == 8) {
    if (text.substr(5) != ":00") return std::nullopt;
    text = text.substr(0, 5);
  }
  auto m = schedule::parse_hhmm(text, allow_24);
  if (!m || *m > 24 * 60 || (*m == 24 * 60 && !allow_24)) return std::nullopt;
  return m;
}

std::string schedule_settings_body(const Value* current, const SkillWeek& week) {
  Document doc = copy_block(current);
  set(doc, "isScheduled", Value(week.is_scheduled));
  for (unsigned day = 0; day < 7; ++day) {
    const std::string name{block_day_name(day)};
    const SkillDay& d = week.days[day];
    set(doc, name + "IsActive", Value(d.active));
    if (!d.active) continue;  // an idle day keeps the times it had
    set_string(doc, name + "StartTime", schedule::format_hhmm(d.start_min));
    set_string(doc, name + "EndTime", schedule::format_hhmm(d.end_min));
  }
  return wrapped("scheduleSettings", doc);
}

std::string retry_settings_body(const Value* current, const SkillDefinition& skill) {
  Document doc = copy_block(current);
  if (skill.maximum_attempts) set(doc, "maximumAttempts", Value(*skill.maximum_attempts));
  if (skill.minimum_retry_minutes)
    set(doc, "minimumRetryMinutes", Value(*skill.minimum_retry_minutes));
  return wrapped("retrySettings", doc);
}

std::string general_settings_body(const Value* current, const SkillDefinition& skill) {
  Document doc = copy_block(current);
  // general-settings holds the retry fields too: writing back a stale copy
  // would undo the retry-settings PUT, so they carry cxsched's values.
  if (skill.maximum_attempts) set(doc, "maximumAttempts", Value(*skill.maximum_attempts));
  if (skill.minimum_retry_minutes)
    set(doc, "minimumRetryMinutes", Value(*skill.minimum_retry_minutes));
  if (skill.abandon_rate_threshold) {
    set(doc, "abandonRateThreshold", Value(*skill.abandon_rate_threshold));
    set(doc, "overrideBusinessUnitAbandonRate", Value(true));
  }
  return wrapped("generalSettings", doc);
}

Result<SkillWeek> week_from_block(const Value& block) {
  const Value* b = &block;
  if (const auto* inner = util::get_object(block, "scheduleSettings")) b = inner;
  if (!b->IsObject())
    return fail(ErrorKind::invalid_spec, "schedule-settings: the block is not a JSON object");
  SkillWeek week;
  week.is_scheduled = lenient_bool(*b, "isScheduled").value_or(false);
  if (const auto* rows = util::get_array(*b, "schedules")) return week_from_rows(*rows, week);
  for (unsigned day = 0; day < 7; ++day) {
    const std::string name{block_day_name(day)};
    SkillDay& d = week.days[day];
    d.active = lenient_bool(*b, name + "IsActive").value_or(false);
    if (!d.active) continue;
    for (auto [edge, out] : {std::pair{"StartTime", &d.start_min}, std::pair{"EndTime", &d.end_min}}) {
      const std::string key = name + edge;
      auto text = util::get_string(*b, key.c_str());
      auto minutes = text ? block_time(*text) : std::nullopt;
      if (!minutes)
        return fail(ErrorKind::invalid_spec,
                    "schedule-settings: " + key + " is " +
                        (text ? "'" + std::string{*text} + "'" : std::string{"missing"}) +
                        ", not a time HH:MM");
      *out = *minutes;
    }
  }
  return week;
}

}  // namespace cxsched::acd
