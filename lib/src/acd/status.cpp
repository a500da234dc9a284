#include <cxsched/acd/status.hpp>

namespace cxsched::acd {

std::string_view derive_status(const SkillState& s, schedule::Seconds now) {
  if (s.is_running) return "ACTIVE";
  if (s.start_accepted) return "ACTIVATING";
  if (s.marker_end && now >= *s.marker_end) return "COMPLETED";
  if (!s.is_active) return "PAUSED";
  if (s.is_scheduled) return "SCHEDULED";
  return "DRAFT";
}

}  // namespace cxsched::acd
