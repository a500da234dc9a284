#pragma once

#include <chrono>
#include <string_view>
#include <vector>

#include <cxsched/report/adherence.hpp>
#include <cxsched/util/error.hpp>

namespace cxsched::report {

// Which end of a range a written time gives.
enum class Bound { from, to };

// Reads a --from/--to value, `now` being the current instant:
//   RFC 3339 with an offset ("2025-03-01T00:00:00Z");
//   a local date "2025-03-01" in `zone`: its midnight, or for `to` the next
//   midnight (the end of that day);
//   a local time without offset "2025-03-01T08:00" in `zone` (a time in a
//   DST gap or fold is refused);
//   "now"; "today", "yesterday" (midnight; for `to` the end of that day);
//   "-Nd" (midnight N local days before today), "-Nw" (weeks, ditto),
//   "-Nh" (N hours before now).
// Fails with ErrorKind::usage saying what is accepted.
Result<Seconds> resolve_bound(std::string_view text, Bound bound, const date::time_zone* zone,
                              Seconds now);

// The range of --from/--to (empty text = default: "-7d" and "now");
// usage error when the end is not after the start.
Result<Interval> resolve_range(std::string_view from, std::string_view to,
                               const date::time_zone* zone, Seconds now);

// The API's longest query span.
inline constexpr std::chrono::seconds max_query_span = date::days{31};

// Splits `range` into consecutive pieces of at most `max_span`, with inner
// boundaries on the UTC grid of `grid` so that no bucket is cut in two.
std::vector<Interval> split_range(Interval range, std::chrono::seconds grid,
                                  std::chrono::seconds max_span = max_query_span);

}  // namespace cxsched::report
