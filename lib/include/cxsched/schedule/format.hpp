#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <cxsched/schedule/types.hpp>
#include <cxsched/util/error.hpp>

namespace cxsched::schedule {

// A date-time as written: the local wall-clock part and, if written, the
// UTC offset (RFC 3339 `Z` is an offset of zero).
struct WrittenTime {
  date::local_seconds local;  // fractional seconds are dropped (floor)
  std::optional<std::chrono::minutes> offset;
  std::string offset_text;  // "-04:00", "Z", or empty
};

// Parses `YYYY-MM-DDTHH:MM[:SS[.fff]]` optionally followed by `Z` or
// `+HH:MM`/`-HH:MM`. Fails (invalid_spec) on anything else, including
// impossible dates such as 2027-02-30.
Result<WrittenTime> parse_date_time(std::string_view text);

// Parses an RFC 3339 date-time that carries an offset; a time without offset
// is an invalid_spec error.
Result<Seconds> parse_rfc3339(std::string_view text);

// Parses a local date `YYYY-MM-DD` (invalid_spec on a malformed or impossible date).
Result<date::local_days> parse_local_date(std::string_view text);

// Parses "HH:MM" into minutes after midnight, 00:00..24:00 (24:00 only when
// `allow_24` is set); nullopt when malformed or out of range.
std::optional<int> parse_hhmm(std::string_view text, bool allow_24);

// "HH:MM" for minutes after midnight (1440 gives "24:00").
std::string format_hhmm(int minutes);

// An instant in UTC: "2027-03-15T13:00:00Z".
std::string format_utc(Seconds t);

// An instant in a zone for people: "2027-03-15T09:00-04:00 (EDT)"; seconds
// are shown only when not zero, the abbreviation only when it is a name.
// A null zone is UTC.
std::string format_local(Seconds t, const date::time_zone* zone);

// format_utc and format_local appended to `out`.
void append_utc(std::string& out, Seconds t);
void append_local(std::string& out, Seconds t, const date::time_zone* zone);

// An instant in a zone as RFC 3339 with the zone's offset:
// "2027-03-15T09:00:00-04:00" (the form the platform expects).
std::string format_rfc3339(Seconds t, const date::time_zone* zone);

// A local date-time as written in messages: "2027-03-14T02:30" (":SS" only
// when not zero).
std::string format_local_time(date::local_seconds t);

// A UTC offset: "-04:00", "+05:30", "+00:00".
std::string format_offset(std::chrono::seconds offset);

}  // namespace cxsched::schedule
