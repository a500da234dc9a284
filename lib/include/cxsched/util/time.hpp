#pragma once

// Dates and times as text: RFC 3339 (what specs, platform answers and the
// token cache write), plain dates, and the HTTP-date of Retry-After. The one
// home of every reader and writer of these forms; the calendar arithmetic is
// date/tz's (`date::format`, `date::parse`).

#include <chrono>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include <date/date.h>

#include <cxsched/util/clock.hpp>

namespace cxsched::util {

using SysSeconds = std::chrono::sys_seconds;
using SysMillis = std::chrono::sys_time<std::chrono::milliseconds>;
using LocalMillis = date::local_time<std::chrono::milliseconds>;

// Why a date or date-time could not be read.
enum class TimeProblem {
  malformed,     // not the written form at all
  no_such_date,  // e.g. 2027-02-30
  out_of_range,  // a time of day past its range, e.g. 24:10
  no_offset,     // an instant without `Z` or `+HH:MM` where one is required
};

// A short English phrase for the problem ("no such date").
const char* describe(TimeProblem problem) noexcept;

// Which forms `read_date_time` accepts beyond strict RFC 3339 (section 5.6).
struct DateTimeForm {
  bool seconds_optional = false;  // "2027-03-15T09:00"
  bool offset_optional = false;   // a local date-time: no `Z` or `+HH:MM`
  bool leap_second = true;        // ":60" (read as the first second of the next minute)
};

// A date-time as written: the wall-clock part and, if written, the UTC offset.
struct WrittenDateTime {
  LocalMillis local;  // the fraction of a second past milliseconds is dropped
  std::optional<std::chrono::minutes> offset;  // `Z` is an offset of zero
  std::string offset_text;                     // "Z", "-04:00", or empty
};

// Reads `YYYY-MM-DD(T|t)HH:MM:SS[.fraction](Z|z|+HH:MM|-HH:MM)`, with the
// relaxations `form` allows. Any other text, a date that does not exist, or a
// field out of range is refused; the date and the time of day are judged
// before the offset and the rest (an offset past +-23:59 is malformed).
std::expected<WrittenDateTime, TimeProblem> read_date_time(std::string_view text,
                                                           DateTimeForm form = {});

// An RFC 3339 date-time (seconds and offset required) as an instant.
std::expected<SysMillis, TimeProblem> parse_rfc3339(std::string_view text);

// A date `YYYY-MM-DD` that exists.
std::expected<date::local_days, TimeProblem> parse_date(std::string_view text);

// An instant in UTC, to the second (floored): "2024-09-01T12:00:00Z".
std::string format_rfc3339_utc(SysTime t);
std::string format_rfc3339_utc(SysSeconds t);

// A date: "2024-09-01".
std::string format_date(date::local_days day);

// A wall-clock date-time: "2027-03-14T02:30", and ":SS" when
// `always_seconds` or the seconds are not zero.
std::string format_date_time(date::local_seconds t, bool always_seconds);

// A UTC offset: "-04:00", "+05:30", "+00:00" (seconds are dropped).
std::string format_offset(std::chrono::seconds offset);

// format_rfc3339_utc, format_date_time and format_offset appended to `out`
// (printing hundreds of conflicts without a string for each part).
void append_rfc3339_utc(std::string& out, SysSeconds t);
void append_date_time(std::string& out, date::local_seconds t, bool always_seconds);
void append_offset(std::string& out, std::chrono::seconds offset);

// An HTTP-date in any of the three forms of RFC 9110 section 5.6.7:
// "Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
// "Sun Nov  6 08:49:37 1994". Nullopt for anything else, for a weekday that
// does not match the date, and for years outside 1900..2200 (the system
// clock counts nanoseconds and ends in 2262).
std::optional<SysTime> parse_http_date(std::string_view text);

}  // namespace cxsched::util
