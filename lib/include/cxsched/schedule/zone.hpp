#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <cxsched/schedule/format.hpp>
#include <cxsched/schedule/types.hpp>
#include <cxsched/util/error.hpp>

namespace cxsched::schedule {

// Looks up an IANA zone (or link) in the system's tz database (exact,
// case-sensitive). Fails with invalid_spec naming the closest valid names
// when unknown; "localtime", "posixrules" and "Factory" are refused as not
// zones (the host's zone, zic's defaults, "no zone set").
Result<const date::time_zone*> resolve_zone(std::string_view name);

// Up to `max` zone names closest to `name` (case-insensitive edit distance,
// also against the last path component), best first; empty when nothing is
// reasonably close.
std::vector<std::string> suggest_zones(std::string_view name, std::size_t max = 3);

// The zone's period (offset, abbreviation, [begin, end)) at instant `t`,
// and the reading of a local time (unique, in a gap, or in a fold). Past
// the database's last explicit transition (2037 for most zones) the rule of
// the zone file's POSIX TZ footer applies, so daylight saving goes on through
// 2100 and beyond. Every evaluation of a zone goes through these two; null
// is UTC.
date::sys_info zone_info(const date::time_zone* zone, Seconds t);
date::local_info zone_info(const date::time_zone* zone, date::local_seconds t);

// `zone` itself, or the UTC zone when it is null.
const date::time_zone* zone_or_utc(const date::time_zone* zone);

// Converts a local wall-clock time in `zone` to an instant. A time inside a
// spring-forward gap or a fall-back repeat fails (invalid_spec, naming the
// transition) under DstPolicy::reject and is resolved by the policy otherwise.
Result<Seconds> resolve_local(date::local_seconds local, const date::time_zone* zone,
                              DstPolicy policy);

// Converts a written date-time: with an offset it must be the zone's offset
// at that instant (else invalid_spec, saying which offset the zone has);
// without one it is read in `zone` by resolve_local.
Result<Seconds> resolve_written(const WrittenTime& written, const date::time_zone* zone,
                                DstPolicy policy);

// The local calendar day of instant `t` in `zone` (null = UTC).
date::local_days local_day(Seconds t, const date::time_zone* zone);

}  // namespace cxsched::schedule
