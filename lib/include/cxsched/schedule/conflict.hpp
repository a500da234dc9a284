#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
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

// find_conflicts with the existing schedules given one at a time, as a
// listing reads them: each is swept against the new ones when added, so the
// work is done while the next page is on its way. `news` must outlive the
// sweep; finish() gives what find_conflicts(news, every schedule added in
// the order of their indices, scope) gives.
class ConflictSweep {
 public:
  ConflictSweep(std::span<const Schedule> news, ConflictScope scope);
  ~ConflictSweep();
  ConflictSweep(const ConflictSweep&) = delete;
  ConflictSweep& operator=(const ConflictSweep&) = delete;
  // `old` as existing schedule number `index` (Conflict::b is
  // news.size() + index).
  void add(const Schedule& old, std::size_t index);
  std::vector<Conflict> finish() &&;

 private:
  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace cxsched::schedule
