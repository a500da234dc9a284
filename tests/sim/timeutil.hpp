#pragma once

#include <date/tz.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cxsched::sim {

using Millis = std::chrono::milliseconds;
using SysMillis = date::sys_time<Millis>;

// A parsed RFC 3339 date-time: the wall-clock reading and, when the text had
// one, its UTC offset (`Z` is an offset of zero).
struct DateTime {
  date::local_time<Millis> local;
  std::optional<std::chrono::minutes> offset;

  // The instant; only meaningful when `offset` is set.
  SysMillis utc() const;
};

// Parses `YYYY-MM-DDTHH:MM:SS[.fff][Z|+HH:MM|-HH:MM]`; nullopt on any syntax or
// calendar error (e.g. February 30th, hour 24).
std::optional<DateTime> parse_date_time(std::string_view text);

// Parses a strict `YYYY-MM-DD` calendar date; nullopt when malformed or invalid.
std::optional<date::local_days> parse_local_date(std::string_view text);

// Parses a strict `HH:MM` into minutes after midnight (00:00..24:00); nullopt
// when malformed or out of range. Callers decide whether 24:00 is allowed.
std::optional<std::chrono::minutes> parse_clock_time(std::string_view text);

// `2027-03-01T14:00:00Z` (with `.mmm` when `with_millis`).
std::string format_utc(SysMillis t, bool with_millis = false);

// `2027-03-01T09:00:00-05:00`: the instant as wall-clock time in `zone`.
std::string format_in_zone(date::sys_seconds t, const date::time_zone* zone);

// `+05:30` / `-04:00`.
std::string format_offset(std::chrono::minutes offset);

// The offset and abbreviation of `zone` at `t` with the period they hold
// for: the database's explicit transitions, then (past the last one, 2037
// for most zones) the POSIX TZ rule that ends the zone's file. Every zone
// lookup of the simulator goes through these three.
date::sys_info zone_info_at(const date::time_zone* zone, date::sys_seconds t);
date::local_seconds to_local(const date::time_zone* zone, date::sys_seconds t);
// A local time as an instant: the earlier one in a fold, the transition in a gap.
date::sys_seconds to_sys_earliest(const date::time_zone* zone, date::local_seconds local);

// The IANA zone of that name, or nullptr when the tz database has none.
const date::time_zone* find_zone(const std::string& name);

// A half-open interval of instants [begin, end).
struct Span {
  date::sys_seconds begin;
  date::sys_seconds end;
};
using Spans = std::vector<Span>;

// Sorts and merges overlapping or touching spans; drops empty ones.
void normalize(Spans& spans);

// The instants in both `a` and `b` (both normalized); normalized.
Spans intersect(const Spans& a, const Spans& b);

// Total length of the parts of the normalized `spans` inside `window`.
std::chrono::seconds length_within(const Spans& spans, Span window);

// Every instant whose wall-clock time in `zone` lies in [from, to): one span,
// two around a fall-back repeated hour, edges in a spring-forward gap moved to
// the transition.
Spans local_range_to_sys(const date::time_zone* zone, date::local_seconds from,
                         date::local_seconds to);

}  // namespace cxsched::sim
