#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include <cxsched/schedule/types.hpp>

namespace cxsched::schedule {

// A pair of campaigns whose scheduled intervals overlap.
struct Conflict {
  std::size_t a = 0, b = 0;  // indices into news followed by existing; a < b
  Interval first{};          // the earliest overlap (UTC)
  std::size_t overlaps = 0;  // overlapping pairs of merged intervals
  std::int64_t overlap_seconds = 0;
};

// Whether a campaign in this status blocks new schedules: ACTIVE, ACTIVATING
// and SCHEDULED do.
bool conflicting_status(std::string_view status);

// Whether two schedules are compared at all under `scope`.
bool in_scope(const Schedule& a, const Schedule& b, ConflictScope scope);

// Every conflicting pair: each new schedule against every existing one and
// against every other new one (existing against existing is not checked).
// Existing schedules are taken as given (filter them with conflicting_status
// first); those whose [start, end) meets no in-scope new schedule are never
// expanded, the others only over the span of the new ones. Sorted by (a, b).
std::vector<Conflict> find_conflicts(std::span<const Schedule> news,
                                     std::span<const Schedule> existing, ConflictScope scope);

}  // namespace cxsched::schedule
