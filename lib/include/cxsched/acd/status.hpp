#pragma once

#include <optional>
#include <string_view>

#include <cxsched/schedule/types.hpp>

namespace cxsched::acd {

// What the client knows of a skill to derive a status from (CXone has no
// status field for a skill).
struct SkillState {
  bool is_running = false;      // isRunning (absent = false)
  bool start_accepted = false;  // a start of ours answered 202
  bool is_active = true;        // isActive
  bool is_scheduled = false;    // schedule-settings isScheduled
  std::optional<schedule::Seconds> marker_end;  // endDate of the notes marker
};

// The derived status, first match wins: ACTIVE (running), ACTIVATING (start
// accepted, not running yet), COMPLETED (now at or after the marker's end),
// PAUSED (not active), SCHEDULED (active and scheduled), DRAFT.
std::string_view derive_status(const SkillState& state, schedule::Seconds now);

// Which statuses conflict is schedule::conflicting_status: the same three
// names (ACTIVE, ACTIVATING, SCHEDULED) block on both platforms.

}  // namespace cxsched::acd
