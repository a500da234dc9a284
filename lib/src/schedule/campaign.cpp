// Campaign objects read back from the platform as schedules (leniently:
// unknown fields ignored, a campaign that cannot be scheduled is an error
// naming the field).
#include <cxsched/schedule/format.hpp>
#include <cxsched/schedule/spec.hpp>
#include <cxsched/schedule/zone.hpp>

#include "schedule/spec_json.hpp"

namespace cxsched::schedule {

namespace {

using namespace detail;

std::unexpected<Error> campaign_error(const Value& campaign, const std::string& field,
                                      const std::string& why) {
  std::string who = "campaign";
  if (const Value* id = member(campaign, "id"); id && id->IsString())
    who.append(" ").append(view(*id));
  if (const Value* name = member(campaign, "name"); name && name->IsString())
    who.append(" (").append(view(*name)).append(")");
  who.append(": ");
  if (!field.empty()) who.append(field).append(": ");
  return fail(ErrorKind::invalid_spec, who.append(why));
}

std::string optional_string(const Value& parent, std::string_view key) {
  const Value* v = member(parent, key);
  return v && v->IsString() ? std::string(view(*v)) : std::string();
}

}  // namespace

Result<std::vector<Window>> windows_from_json(const Value& windows) {
  std::vector<Window> out;
  if (!windows.IsArray()) return fail(ErrorKind::invalid_spec, "executionWindows: not a list");
  for (rapidjson::SizeType i = 0; i < windows.Size(); ++i) {
    const Value& w = windows[i];
    const std::string prefix = "executionWindows[" + std::to_string(i) + "]";
    const Value* days = member(w, "days");
    const Value* start = member(w, "start");
    const Value* end = member(w, "end");
    if (!days || !days->IsArray() || !start || !start->IsString() || !end || !end->IsString())
      return fail(ErrorKind::invalid_spec, prefix + ": needs days, start and end");
    Window window;
    for (const auto& d : days->GetArray()) {
      int index = d.IsString() ? day_index(view(d)) : -1;
      if (index < 0)
        return fail(ErrorKind::invalid_spec, prefix + ".days: " + written(d) + " is not a day");
      window.days = static_cast<std::uint8_t>(window.days | (1u << index));
    }
    auto from = parse_hhmm(view(*start), false);
    auto to = parse_hhmm(view(*end), true);
    if (!from || !to || *to <= *from)
      return fail(ErrorKind::invalid_spec,
                  prefix + ": " + written(*start) + "-" + written(*end) + " is not a window");
    window.start_min = *from;
    window.end_min = *to;
    if (window.days) out.push_back(window);
  }
  return out;
}

Result<Schedule> schedule_from_campaign(const Value& campaign) {
  if (!campaign.IsObject()) return fail(ErrorKind::invalid_spec, "campaign: not a JSON object");
  Schedule s;
  s.id = optional_string(campaign, "id");
  s.name = optional_string(campaign, "name");
  s.status = optional_string(campaign, "status");
  if (const Value* routing = member(campaign, "routingSettings")) {
    s.queue_id = optional_string(*routing, "queueId");
    s.skill = optional_string(*routing, "skillRequirement");
  }
  const Value* tz = member(campaign, "timezone");
  if (!tz || !tz->IsString()) return campaign_error(campaign, "timezone", "missing");
  auto zone = resolve_zone(view(*tz));
  if (!zone) return campaign_error(campaign, "timezone", zone.error().message);
  s.zone = *zone;
  for (std::string_view key : {std::string_view("startDate"), std::string_view("endDate")}) {
    const Value* v = member(campaign, key);
    if (!v || !v->IsString()) return campaign_error(campaign, std::string(key), "missing");
    auto parsed = parse_date_time(view(*v));
    if (!parsed) return campaign_error(campaign, std::string(key), parsed.error().message);
    Seconds t{};
    if (parsed->offset) {
      t = Seconds{parsed->local.time_since_epoch() - *parsed->offset};
    } else {
      auto resolved = resolve_local(parsed->local, s.zone, DstPolicy::earliest);
      if (!resolved) return campaign_error(campaign, std::string(key), resolved.error().message);
      t = *resolved;
    }
    (key == "startDate" ? s.start : s.end) = t;
  }
  if (const Value* w = member(campaign, "executionWindows"); w && !w->IsNull()) {
    auto windows = windows_from_json(*w);
    if (!windows) return campaign_error(campaign, "", windows.error().message);
    s.windows = std::move(*windows);
  }
  if (const Value* x = member(campaign, "excludeDates"); x && x->IsArray()) {
    for (const auto& d : x->GetArray()) {
      auto day = d.IsString() ? parse_local_date(view(d))
                              : Result<date::local_days>(std::unexpected(
                                    Error{ErrorKind::invalid_spec, written(d) + " is not a date"}));
      if (!day) return campaign_error(campaign, "excludeDates", day.error().message);
      s.exclude_dates.push_back(*day);
    }
  }
  return s;
}

}  // namespace cxsched::schedule
