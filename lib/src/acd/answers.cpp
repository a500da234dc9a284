#include <cxsched/acd/answers.hpp>
#include <cxsched/schedule/format.hpp>
#include <cxsched/util/expected.hpp>
#include <cxsched/util/json.hpp>
#include <cxsched/util/text.hpp>

#include <charconv>

namespace cxsched::acd {

namespace {

using rapidjson::Value;

const Value* field(const Value& obj, const char* key) {
  if (!obj.IsObject()) return nullptr;
  auto it = obj.FindMember(key);
  return it == obj.MemberEnd() || it->value.IsNull() ? nullptr : &it->value;
}

std::string text(const Value* v) {
  return v != nullptr && v->IsString() ? std::string{v->GetString(), v->GetStringLength()}
                                       : std::string{};
}

// `answer` itself, its only element, or the only element of its `key` array.
const Value* unwrap(const Value& answer, const char* key) {
  const Value* v = &answer;
  if (const auto* inner = field(answer, key); inner != nullptr) v = inner;
  if (v->IsArray()) return v->Size() == 1 ? &(*v)[0] : nullptr;
  return v->IsObject() ? v : nullptr;
}

Result<SkillRow> read_skill(const Value& v) {
  SkillRow s;
  auto id = lenient_long(field(v, "skillId"));
  if (!id) id = lenient_long(field(v, "id"));
  if (!id) return fail(ErrorKind::internal, "skill answer: no skillId in " + util::excerpt(util::to_json(v)));
  s.id = *id;
  s.name = text(field(v, "skillName"));
  s.media_type_id = static_cast<int>(lenient_long(field(v, "mediaTypeId")).value_or(0));
  s.is_active = lenient_bool(field(v, "isActive")).value_or(true);
  s.is_outbound = lenient_bool(field(v, "isOutbound")).value_or(false);
  s.is_running = lenient_bool(field(v, "isRunning")).value_or(false);
  s.outbound_strategy = text(field(v, "outboundStrategy"));
  s.campaign_id = lenient_long(field(v, "campaignId")).value_or(0);
  s.notes = text(field(v, "notes"));
  return s;
}

}  // namespace

// An integer written as a number or as a string of digits.
std::optional<long> lenient_long(const Value* v) {
  if (v == nullptr) return std::nullopt;
  if (v->IsInt64()) return static_cast<long>(v->GetInt64());
  if (v->IsString()) {
    std::string_view s{v->GetString(), v->GetStringLength()};
    long out = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec == std::errc{} && end == s.data() + s.size() && !s.empty()) return out;
  }
  return std::nullopt;
}

std::optional<bool> lenient_bool(const Value* v) {
  if (v == nullptr) return std::nullopt;
  if (v->IsBool()) return v->GetBool();
  if (v->IsString()) {
    std::string_view s{v->GetString(), v->GetStringLength()};
    if (s == "true" || s == "True") return true;
    if (s == "false" || s == "False") return false;
  }
  return std::nullopt;
}

bool SkillRow::personal_connection() const {
  return media_type_id == 4 && is_outbound && outbound_strategy == "Personal Connection";
}

Result<SkillRow> skill_from_json(const Value& answer) {
  const Value* v = unwrap(answer, "skills");
  if (v == nullptr)
    return fail(ErrorKind::internal,
                "skill answer: expected one skill object, got " + util::excerpt(util::to_json(answer)));
  return read_skill(*v);
}

Result<SkillPage> skill_page(const Value& answer) {
  const Value* rows = field(answer, "skills");
  if (rows == nullptr || !rows->IsArray())
    return fail(ErrorKind::internal, "skill list: expected {\"skills\": [...]}, got " +
                                         util::excerpt(util::to_json(answer)));
  SkillPage page;
  for (const auto& row : rows->GetArray()) {
    TRY_ASSIGN(SkillRow s, read_skill(row));
    page.skills.push_back(std::move(s));
  }
  page.total = lenient_long(field(answer, "totalRecords"));
  if (const auto* links = field(answer, "_links")) {
    std::string next = text(field(*links, "next"));
    if (!next.empty()) page.next = std::move(next);
  }
  return page;
}

Result<CreateResult> create_result(const Value& answer) {
  const Value* top = &answer;
  if (const auto* wrapped = field(answer, "resultSet"); wrapped != nullptr) top = wrapped;
  const Value* results = field(*top, "skillsResults");
  if (results == nullptr || !results->IsArray() || results->Empty() || !(*results)[0].IsObject())
    return fail(ErrorKind::internal, "skill create answer: expected skillsResults, got " +
                                         util::excerpt(util::to_json(answer)));
  const Value& r = (*results)[0];
  CreateResult out;
  out.success = lenient_bool(field(r, "success")).value_or(false);
  out.skill_id = lenient_long(field(r, "skillId"));
  if (!out.skill_id) out.skill_id = lenient_long(field(r, "id"));
  out.error = text(field(r, "error"));
  if (!out.success && out.error.empty()) out.error = "the platform refused the skill without a reason";
  return out;
}

Result<long> pick_campaign(const Value& answer, std::optional<long> configured) {
  const Value* rows = field(answer, "campaigns");
  if (rows == nullptr || !rows->IsArray())
    return fail(ErrorKind::internal, "campaign list: expected {\"campaigns\": [...]}, got " +
                                         util::excerpt(util::to_json(answer)));
  std::optional<long> fallback;
  for (const auto& row : rows->GetArray()) {
    auto id = lenient_long(field(row, "campaignId"));
    if (!id) id = lenient_long(field(row, "id"));
    std::string name = text(field(row, "campaignName"));
    if (name.empty()) name = text(field(row, "name"));
    if (!id) continue;
    if (configured && *id == *configured) return *id;
    if (!fallback && name.starts_with("Default Campaign")) fallback = id;
  }
  if (configured)
    return fail(ErrorKind::usage, "config acd.campaign_id: campaign " + std::to_string(*configured) +
                                      " is not among the business unit's campaigns");
  if (fallback) return *fallback;
  return fail(ErrorKind::usage,
              "no campaign named 'Default Campaign' to put new skills in; set config "
              "acd.campaign_id to the campaign id");
}

Result<std::vector<DialerRow>> dialer_rows(const Value& answer) {
  const Value* rows = field(answer, "wfM_OB_StatsV9");
  if (rows == nullptr) rows = field(answer, "outboundStats");
  if (rows == nullptr || !rows->IsArray())
    return fail(ErrorKind::internal,
                "dialer statistics: expected wfM_OB_StatsV9 or outboundStats, got " +
                    util::excerpt(util::to_json(answer)));
  std::vector<DialerRow> out;
  for (const auto& row : rows->GetArray()) {
    const std::string when = text(field(row, "intervalStartDate"));
    auto written = schedule::parse_date_time(when);
    if (!written)
      return fail(ErrorKind::internal, "dialer statistics: intervalStartDate '" + when +
                                           "' is not a date-time");
    DialerRow r;
    r.without_offset = !written->offset.has_value();
    r.interval_start = schedule::Seconds{written->local.time_since_epoch() -
                                         written->offset.value_or(std::chrono::minutes{0})};
    r.skill_id = lenient_long(field(row, "skillId")).value_or(0);
    r.dials = lenient_long(field(row, "dials")).value_or(0);
    r.connects = lenient_long(field(row, "connects")).value_or(0);
    r.abandons = lenient_long(field(row, "abandons")).value_or(0);
    out.push_back(r);
  }
  return out;
}

Result<BusinessUnitRow> business_unit_from_json(const Value& answer) {
  const Value* v = unwrap(answer, "businessUnits");
  if (v == nullptr && field(answer, "businessUnits") != nullptr) {
    // Several business units: the first is the caller's (acd-contract.md).
    const Value* rows = field(answer, "businessUnits");
    if (rows->IsArray() && !rows->Empty() && (*rows)[0].IsObject()) v = &(*rows)[0];
  }
  if (v == nullptr)
    return fail(ErrorKind::internal, "business unit answer: expected {\"businessUnits\": [{...}]}, got " +
                                         util::excerpt(util::to_json(answer)));
  BusinessUnitRow bu;
  bu.id = lenient_long(field(*v, "businessUnitId")).value_or(0);
  bu.name = text(field(*v, "businessUnitName"));
  bu.default_time_zone = text(field(*v, "defaultTimeZone"));
  bu.skill_abandon_rate = lenient_bool(field(*v, "enableSkillAbandonRate")).value_or(true);
  if (const auto* scope = field(*v, "abandonRateScope"))
    bu.abandon_rate_scope = scope->IsString() ? util::printable(text(scope))
                                              : util::excerpt(util::to_json(*scope), 40);
  if (const auto* zones = field(*v, "timeZones"); zones != nullptr)
    bu.time_zones = time_zones_from_json(*zones);
  return bu;
}

std::vector<TimeZoneName> time_zones_from_json(const Value& answer) {
  const Value* rows = answer.IsArray() ? &answer : field(answer, "timeZones");
  std::vector<TimeZoneName> out;
  if (rows == nullptr || !rows->IsArray()) return out;
  for (const auto& row : rows->GetArray()) {
    TimeZoneName z{text(field(row, "displayName")), text(field(row, "standardName"))};
    if (!z.standard_name.empty()) out.push_back(std::move(z));
  }
  return out;
}

Result<schedule::Seconds> server_time_from_json(const Value& answer) {
  std::string when = text(field(answer, "ServerTime"));
  if (when.empty()) when = text(field(answer, "serverTime"));
  auto written = schedule::parse_date_time(when);
  if (!written)
    return fail(ErrorKind::internal, "server time answer: expected {\"ServerTime\": <ISO 8601>}, got " +
                                         util::excerpt(util::to_json(answer)));
  return schedule::Seconds{written->local.time_since_epoch() -
                           written->offset.value_or(std::chrono::minutes{0})};
}

Result<std::string> api_endpoint_from_json(const Value& answer) {
  std::string url = text(field(answer, "api_endpoint"));
  while (!url.empty() && url.back() == '/') url.pop_back();
  if (!url.starts_with("https://") && !url.starts_with("http://"))
    return fail(ErrorKind::internal, "discovery answer: api_endpoint is not an http(s) URL in " +
                                         util::excerpt(util::to_json(answer)));
  return url;
}

std::string error_message(std::string_view body, std::string_view ic_status_description) {
  auto doc = util::parse_json(body, "error");
  if (doc && doc->IsObject()) {
    const std::string code = text(field(*doc, "error"));
    for (const char* key : {"errorDescription", "error_Description", "error_description", "message"}) {
      const std::string description = text(field(*doc, key));
      if (description.empty()) continue;
      return code.empty() || code == description ? description : code + ": " + description;
    }
    if (!code.empty()) return code;
  }
  if (!ic_status_description.empty()) return std::string{ic_status_description};
  return util::excerpt(body, 200);
}

}  // namespace cxsched::acd
