#pragma once

#include <optional>

#include <cxsched/acd/answers.hpp>
#include <cxsched/acd/skill.hpp>
#include <cxsched/schedule/types.hpp>

namespace cxsched::acd {

// The time a Personal Connection skill occupies for the conflict sweep
// (acd-contract.md, "Statuses"): a scheduled skill its weekly windows, read
// in the business unit's zone `z`, within its marker's [startDate, endDate);
// a running unscheduled one [now, endDate); without a marker endDate is open
// (and a scheduled skill starts at `now`). nullopt when it occupies nothing
// (neither scheduled nor running, or scheduled with no active day, or its
// marker has ended). `status` is the derived status, kept on the schedule.
std::optional<schedule::Schedule> occupied(const SkillRow& skill, const SkillWeek& week,
                                           const std::optional<Marker>& marker,
                                           std::string_view status, const date::time_zone* z,
                                           schedule::Seconds now);

}  // namespace cxsched::acd
