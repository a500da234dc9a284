#include <cxsched/acd/compare.hpp>
#include <cxsched/schedule/format.hpp>
#include <cxsched/util/expected.hpp>
#include <cxsched/util/json.hpp>

#include <cmath>
#include <type_traits>

namespace cxsched::acd {

namespace {

std::string day_text(const SkillDay& d) {
  return d.active ? schedule::format_hhmm(d.start_min) + "-" + schedule::format_hhmm(d.end_min)
                  : std::string{"inactive"};
}

template <class T>
std::string value_text(const std::optional<T>& v) {
  if (!v) return "nothing";
  if constexpr (std::is_floating_point_v<T>) {
    return util::to_json(rapidjson::Value(*v));
  } else {
    return std::to_string(*v);
  }
}

}  // namespace

Result<SkillReadBack> read_back(const rapidjson::Value& schedule_block,
                                const rapidjson::Value& general_block, std::string_view notes) {
  SkillReadBack out;
  TRY_ASSIGN(out.week, week_from_block(schedule_block));
  const rapidjson::Value* g = &general_block;
  if (const auto* inner = util::get_object(general_block, "generalSettings")) g = inner;
  if (auto v = util::get_int(*g, "maximumAttempts")) out.maximum_attempts = static_cast<int>(*v);
  if (auto v = util::get_int(*g, "minimumRetryMinutes"))
    out.minimum_retry_minutes = static_cast<int>(*v);
  out.abandon_rate_threshold = util::get_number(*g, "abandonRateThreshold");
  if (g->IsObject()) {
    auto it = g->FindMember("overrideBusinessUnitAbandonRate");
    out.override_abandon_rate = it != g->MemberEnd() && it->value.IsBool() && it->value.GetBool();
  }
  TRY_ASSIGN(out.marker, parse_marker(notes));
  return out;
}

std::vector<std::string> differences(const SkillDefinition& wanted, const SkillReadBack& have) {
  std::vector<std::string> out;
  auto add = [&](std::string field, const std::string& want, const std::string& got) {
    out.push_back(std::move(field) + ": wanted " + want + ", the skill has " + got);
  };
  for (unsigned day = 0; day < 7; ++day) {
    const SkillDay& w = wanted.week.days[day];
    const SkillDay& h = have.week.days[day];
    if (w.active != h.active || (w.active && (w.start_min != h.start_min || w.end_min != h.end_min)))
      add("schedule-settings " + std::string{block_day_name(day)}, day_text(w), day_text(h));
  }
  if (wanted.maximum_attempts && wanted.maximum_attempts != have.maximum_attempts)
    add("maximumAttempts", value_text(wanted.maximum_attempts), value_text(have.maximum_attempts));
  if (wanted.minimum_retry_minutes && wanted.minimum_retry_minutes != have.minimum_retry_minutes)
    add("minimumRetryMinutes", value_text(wanted.minimum_retry_minutes),
        value_text(have.minimum_retry_minutes));
  if (wanted.abandon_rate_threshold) {
    const bool same = have.abandon_rate_threshold &&
                      std::fabs(*have.abandon_rate_threshold - *wanted.abandon_rate_threshold) < 1e-6;
    if (!same)
      add("abandonRateThreshold", value_text(wanted.abandon_rate_threshold),
          value_text(have.abandon_rate_threshold));
    if (!have.override_abandon_rate) add("overrideBusinessUnitAbandonRate", "true", "false");
  }
  const std::string want_marker = marker_line(wanted.marker);
  const std::string have_marker = have.marker ? marker_line(*have.marker) : "no marker";
  if (want_marker != have_marker) add("notes", "'" + want_marker + "'", "'" + have_marker + "'");
  return out;
}

}  // namespace cxsched::acd
