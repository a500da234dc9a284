#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include <cxsched/acd/skill.hpp>
#include <cxsched/util/error.hpp>

namespace cxsched::acd {

// What a skill holds of cxsched's definition, read back from the platform.
struct SkillReadBack {
  SkillWeek week;
  std::optional<int> maximum_attempts;
  std::optional<int> minimum_retry_minutes;
  std::optional<double> abandon_rate_threshold;
  bool override_abandon_rate = false;
  std::optional<Marker> marker;
};

// Reads the schedule-settings and general-settings blocks (as GET answers
// them) and the skill's notes; invalid_spec naming the field when one of
// them cannot be read.
Result<SkillReadBack> read_back(const rapidjson::Value& schedule_block,
                                const rapidjson::Value& general_block, std::string_view notes);

// Every place where `have` differs from `wanted`, as "field: wanted X, the
// skill has Y"; empty when the skill holds the definition. isScheduled is
// not compared (create leaves it off, activate turns it on), nor the times
// of idle days. Used for a re-run of create (same definition: nothing to
// do; another: a conflict) and to check that every PUT stuck.
std::vector<std::string> differences(const SkillDefinition& wanted, const SkillReadBack& have);

}  // namespace cxsched::acd
