// AcdPlatform's writes: a spec defined as a skill, compared with one, the
// skill created with its blocks (read, changed, written back, read again),
// and activation (acd-contract.md, "How cxsched's spec maps onto a skill").
#include <charconv>
#include <cxsched/acd/compare.hpp>
#include <cxsched/acd/platform.hpp>
#include <cxsched/schedule/format.hpp>
#include <cxsched/util/expected.hpp>
#include <cxsched/util/json.hpp>
#include <cxsched/util/text.hpp>

namespace cxsched::acd {

namespace {

// The notes line of a skill whose blocks create has not all written yet: a
// re-run of create finds it and completes it, the last step removes it.
constexpr std::string_view kIncomplete = "cxsched:incomplete";

bool incomplete(std::string_view notes) {
  for (std::size_t pos = 0; pos < notes.size();) {
    const auto end = std::min(notes.find('\n', pos), notes.size());
    auto line = notes.substr(pos, end - pos);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line == kIncomplete) return true;
    pos = end + 1;
  }
  return false;
}

// {"x":{...}} -> "x":{...}, to join blocks into one object.
std::string members(const std::string& object) {
  return object.substr(1, object.size() - 2);
}

bool has_idle_day(const SkillWeek& week) {
  return std::ranges::any_of(week.days, [](const SkillDay& d) { return !d.active; });
}

// Whether one of the week's windows is open at `now` in zone `z`.
bool window_open(const SkillWeek& week, const date::time_zone* z, schedule::Seconds now) {
  const auto local = z->to_local(now);
  const auto day = date::floor<date::days>(local);
  const unsigned wd = date::weekday{day}.c_encoding();
  const auto minute =
      static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(local - day).count());
  const SkillDay& d = week.days[wd];
  return d.active && d.start_min <= minute && minute < d.end_min;
}

// "field: wanted X, the skill has Y" (compare.hpp) as a FieldDifference.
platform::FieldDifference field_difference(const std::string& text) {
  platform::FieldDifference f;
  const auto colon = text.find(": wanted ");
  const auto has = text.find(", the skill has ");
  if (colon == std::string::npos || has == std::string::npos || has < colon) {
    f.field = text;
    return f;
  }
  f.field = text.substr(0, colon);
  f.spec = text.substr(colon + 9, has - colon - 9);
  f.platform = text.substr(has + 16);
  return f;
}

Result<std::shared_ptr<const SkillDefinition>> skill_of(const platform::Definition& d) {
  auto skill = std::static_pointer_cast<const SkillDefinition>(d.detail);
  if (!skill) return fail(ErrorKind::internal, "definition of '" + d.name + "' is not a skill's");
  return skill;
}

}  // namespace

Result<platform::Defined> AcdPlatform::define(std::string_view spec_text,
                                              const schedule::Schedule& checked) {
  TRY_ASSIGN(const auto doc, util::parse_json(spec_text, "spec"));
  TRY_ASSIGN(const BusinessUnitInfo unit, business_unit());
  SkillMapping mapping =
      map_spec(doc, checked, BusinessUnit{unit.zone.zone, unit.skill_abandon_rate});
  platform::Defined out;
  out.problems = std::move(mapping.problems);
  if (!mapping.skill) return out;
  const SkillDefinition& d = *mapping.skill;
  platform::Definition def;
  def.name = d.skill_name;
  def.not_applied = d.not_applied;
  const std::string skill = "{\"mediaTypeId\":4,\"skillName\":" + util::quote_json(d.skill_name) +
                            ",\"isOutbound\":true,\"outboundStrategy\":\"Personal Connection\","
                            "\"notes\":" +
                            util::quote_json(marker_line(d.marker)) + "}";
  def.body = "{\"skill\":" + skill + ",\"businessUnitZone\":" + util::quote_json(unit.zone.name) +
             "," + members(schedule_settings_body(nullptr, d.week));
  def.preview = "POST skills {\"skills\": [" + skill + "]}\n";
  if (d.maximum_attempts || d.minimum_retry_minutes) {
    const std::string retry = retry_settings_body(nullptr, d);
    def.body += "," + members(retry);
    def.preview += "PUT skills/{id}/parameters/retry-settings " + retry + "\n";
  }
  if (d.abandon_rate_threshold) {
    const std::string general = general_settings_body(nullptr, d);
    def.body += "," + members(general);
    def.preview +=
        "PUT skills/{id}/parameters/general-settings " + general + " (the other fields as read)\n";
  }
  def.body += "}";
  def.preview += "PUT skills/{id}/parameters/schedule-settings " +
                 schedule_settings_body(nullptr, d.week) + "\n" +
                 "schedule times are in the business unit's zone " + unit.zone.describe() + "\n";
  // Said, never silently dropped: what the spec sets that a skill has no place for.
  for (const auto& field : d.not_applied)
    def.preview += "not applied: " + field + " (a Personal Connection skill has no such field)\n";
  def.detail = std::make_shared<const SkillDefinition>(d);
  out.definition = std::move(def);
  return out;
}

Result<std::vector<platform::FieldDifference>> AcdPlatform::compare(
    const platform::Definition& definition, const platform::Campaign& campaign) {
  TRY_ASSIGN(const auto wanted, skill_of(definition));
  TRY_ASSIGN(const long id, skill_id(campaign.id));
  TRY_ASSIGN(const SkillRow row, api_.skill(id));
  TRY_ASSIGN(const auto schedule_block, api_.block(id, "schedule-settings"));
  TRY_ASSIGN(const auto general_block, api_.block(id, "general-settings"));
  TRY_ASSIGN(const SkillReadBack have, read_back(schedule_block, general_block, row.notes));
  std::vector<platform::FieldDifference> out;
  for (const auto& text : differences(*wanted, have)) out.push_back(field_difference(text));
  return out;
}

Result<long> AcdPlatform::campaign_for_new_skills() {
  if (settings_.campaign_id.empty()) return api_.campaign_id(std::nullopt);
  const std::string& text = settings_.campaign_id;
  long id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc{} || end != text.data() + text.size() || id <= 0)
    return fail(ErrorKind::usage,
                "config acd.campaign_id: '" + util::printable(text) + "' is not a campaign id");
  return api_.campaign_id(id);
}

Result<void> AcdPlatform::write_blocks(long id, const SkillDefinition& d) {
  const auto step = [&](std::string_view block, Result<void> r) -> Result<void> {
    if (r) return r;
    return fail(r.error().kind, "step " + std::string(block) + ": " + r.error().message);
  };
  // Read the block, change only cxsched's fields, write it all back.
  const auto rewrite =
      [&](std::string_view block,
          const std::function<std::string(const rapidjson::Value*)>& body) -> Result<void> {
    auto current = api_.block(id, block);
    if (!current) return step(block, std::unexpected(current.error()));
    return step(block, api_.put_block(id, block, body(&*current)));
  };
  if (d.maximum_attempts || d.minimum_retry_minutes)
    TRY(rewrite("retry-settings",
                [&](const rapidjson::Value* c) { return retry_settings_body(c, d); }));
  // Read after the retry PUT, so writing it back cannot undo it.
  if (d.abandon_rate_threshold)
    TRY(rewrite("general-settings",
                [&](const rapidjson::Value* c) { return general_settings_body(c, d); }));
  SkillWeek week = d.week;
  week.is_scheduled = false;  // create never arms the schedule
  auto written = rewrite("schedule-settings", [&](const rapidjson::Value* c) {
    return schedule_settings_body(c, week);
  });
  if (!written && written.error().kind == ErrorKind::invalid_spec && has_idle_day(week))
    return fail(ErrorKind::invalid_spec,
                written.error().message +
                    "; this tenant seems to accept only weeks with seven active days: give the "
                    "spec a window on every day, or set such a week in the CXone UI");
  TRY(written);
  // Read everything again: a value that did not stick is an error.
  TRY_ASSIGN(const SkillRow row, api_.skill(id));
  TRY_ASSIGN(const auto schedule_block, api_.block(id, "schedule-settings"));
  TRY_ASSIGN(const auto general_block, api_.block(id, "general-settings"));
  TRY_ASSIGN(const SkillReadBack have, read_back(schedule_block, general_block, row.notes));
  const auto diffs = differences(d, have);
  if (!diffs.empty()) {
    std::string text;
    for (const auto& diff : diffs) text += (text.empty() ? "" : "; ") + diff;
    return fail(ErrorKind::internal,
                "read back: the platform did not keep what was written: " + text);
  }
  return {};
}

Result<platform::Created> AcdPlatform::create(const platform::Definition& definition) {
  TRY_ASSIGN(const auto d, skill_of(definition));
  TRY_ASSIGN(const BusinessUnitInfo unit, business_unit());
  const std::string marker = marker_line(d->marker);
  // Writes the blocks of skill `id`, then drops the incomplete line.
  const auto complete = [&](long id) -> Result<platform::Campaign> {
    if (auto w = write_blocks(id, *d); !w)
      return fail(w.error().kind, "skill '" + d->skill_name + "' was created (id " +
                                      std::to_string(id) + ") but not completed: " +
                                      w.error().message + "; re-running create completes it");
    TRY(api_.set_notes(id, marker));
    // What else limits its hours could not be read before it existed.
    if (auto limits = limits_of(id, *d)) {
      for (auto& w : *limits) warn(std::move(w));
    } else {
      warn("skill " + std::to_string(id) + " '" + d->skill_name +
           "': its cadences and dialing curfew could not be read: " + limits.error().message);
    }
    TRY_ASSIGN(const SkillRow row, api_.skill(id));
    TRY_ASSIGN(const SkillView v, view(row, unit));
    return to_campaign(v, unit);
  };
  TRY_ASSIGN(const auto existing, api_.find_skill(d->skill_name));
  if (existing) {
    if (!existing->personal_connection())
      return fail(ErrorKind::conflict, "a skill named '" + d->skill_name + "' (id " +
                                           std::to_string(existing->id) +
                                           ") exists and is not a Personal Connection skill");
    // Ours, left half-written by an earlier create with the same dates:
    // finish it. Anything else is compared by the caller.
    const auto m = parse_marker(existing->notes);
    if (incomplete(existing->notes) && !existing->is_running && m && *m &&
        marker_line(**m) == marker) {
      TRY_ASSIGN(platform::Campaign done, complete(existing->id));
      return platform::Created{platform::Creation::found_after_write, std::move(done)};
    }
    TRY_ASSIGN(const SkillView v, view(*existing, unit));
    return platform::Created{platform::Creation::found_existing, to_campaign(v, unit)};
  }
  TRY_ASSIGN(const long campaign, campaign_for_new_skills());
  TRY_ASSIGN(const CreatedSkill made,
             api_.create_skill(d->skill_name, campaign, marker + "\n" + std::string(kIncomplete)));
  TRY_ASSIGN(platform::Campaign done, complete(made.skill_id));
  return platform::Created{
      made.after_lost_answer ? platform::Creation::found_after_write : platform::Creation::made,
      std::move(done)};
}

Result<platform::Activation> AcdPlatform::activate(std::string_view id_text) {
  TRY_ASSIGN(const long id, skill_id(id_text));
  TRY_ASSIGN(const BusinessUnitInfo unit, business_unit());
  TRY_ASSIGN(const SkillRow row, api_.skill(id));
  if (!row.personal_connection())
    return fail(ErrorKind::not_found,
                "skill " + std::to_string(id) + " is not a Personal Connection outbound skill");
  if (row.is_running) return platform::Activation::already_active;
  TRY_ASSIGN(const auto marker, parse_marker(row.notes));
  // The platform's clock decides what is open now ("all times ... are
  // relative to the server's clock"); a skew past a minute is said.
  const auto local = client_.clock().now();
  TRY_ASSIGN(const util::SysTime server, api_.server_time());
  const auto skew = std::chrono::duration_cast<std::chrono::seconds>(server - local);
  if (std::chrono::abs(skew) > std::chrono::seconds{60})
    warn("the platform's clock is " + std::to_string(std::chrono::abs(skew).count()) + " s " +
         (skew.count() > 0 ? "ahead of" : "behind") +
         " this machine's; activation follows the platform's");
  const auto now = date::floor<std::chrono::seconds>(server);
  if (marker && now < marker->start)
    return fail(ErrorKind::terminal_status,
                "skill " + std::to_string(id) + " cannot be activated before its startDate " +
                    schedule::format_rfc3339(marker->start, marker->zone));
  if (marker && now >= marker->end)
    return fail(ErrorKind::terminal_status,
                "skill " + std::to_string(id) + " cannot be activated: its endDate " +
                    schedule::format_rfc3339(marker->end, marker->zone) + " has passed");
  TRY_ASSIGN(const auto block, api_.block(id, "schedule-settings"));
  TRY_ASSIGN(SkillWeek week, week_from_block(block));
  bool changed = false;
  if (!week.is_scheduled) {
    week.is_scheduled = true;
    TRY(api_.put_block(id, "schedule-settings", schedule_settings_body(&block, week)));
    TRY_ASSIGN(const auto again, api_.block(id, "schedule-settings"));
    TRY_ASSIGN(const SkillWeek stuck, week_from_block(again));
    if (!stuck.is_scheduled)
      return fail(ErrorKind::internal, "skill " + std::to_string(id) +
                                           ": isScheduled true was written but reads back false");
    changed = true;
  }
  if (window_open(week, unit.zone.zone, now)) {
    TRY_ASSIGN(const StartOutcome started, api_.start(id));
    if (started == StartOutcome::already_running && !changed)
      return platform::Activation::already_active;
    if (started == StartOutcome::accepted) {
      std::lock_guard lock(mu_);
      started_.insert(id);
    }
    return platform::Activation::accepted;
  }
  return changed ? platform::Activation::accepted : platform::Activation::already_active;
}

}  // namespace cxsched::acd
