#include <cxsched/acd/occupancy.hpp>

namespace cxsched::acd {

namespace {

// An end far enough for "open": the sweep only expands existing schedules
// over the span of the new ones.
constexpr schedule::Seconds open_end{date::sys_days{date::year{2200} / 1 / 1}};

}  // namespace

std::optional<schedule::Schedule> occupied(const SkillRow& skill, const SkillWeek& week,
                                           const std::optional<Marker>& marker,
                                           std::string_view status, const date::time_zone* z,
                                           schedule::Seconds now) {
  schedule::Schedule s;
  s.id = std::to_string(skill.id);
  s.name = skill.name;
  s.status = std::string{status};
  s.zone = z;
  s.end = marker ? marker->end : open_end;
  if (week.is_scheduled) {
    s.windows = windows_of(week);
    if (s.windows.empty()) return std::nullopt;  // empty windows would read as continuous
    s.start = marker ? marker->start : now;
  } else if (skill.is_running) {
    s.start = now;  // continuous: no windows
  } else {
    return std::nullopt;
  }
  if (s.end <= s.start) return std::nullopt;
  return s;
}

}  // namespace cxsched::acd
