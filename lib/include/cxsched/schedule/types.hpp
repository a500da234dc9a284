#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <date/date.h>
#include <date/tz.h>

namespace cxsched::schedule {

// An instant, UTC, to the second.
using Seconds = date::sys_seconds;

// A half-open span of UTC time [start, end).
struct Interval {
  Seconds start;
  Seconds end;

  bool empty() const { return end <= start; }
  friend bool operator==(const Interval&, const Interval&) = default;
};

// Bit of a weekday in Window::days: bit 0 = Monday ... bit 6 = Sunday.
constexpr std::uint8_t day_bit(date::weekday wd) {
  return static_cast<std::uint8_t>(1u << ((wd.c_encoding() + 6) % 7));
}

// A daily calling window in local wall-clock minutes, [start_min, end_min),
// 0 <= start_min < end_min <= 1440, on the weekdays set in `days`.
struct Window {
  std::uint8_t days = 0;
  int start_min = 0;
  int end_min = 0;

  friend bool operator==(const Window&, const Window&) = default;
};

// How a local date-time without offset that falls in a DST gap or fold is
// read. Only startDate/endDate written without offset need it.
// A time in a gap never happened: every policy that accepts it reads it as
// the instant of the transition (the first that exists after the gap). The
// policies differ only in a fold, where the time happens twice.
enum class DstPolicy {
  reject,    // refuse, naming the transition
  earliest,  // gap: the transition instant; fold: the earlier instant (the first offset)
  latest,    // gap: the transition instant; fold: the later instant (the second offset)
  // `--dst-policy shift-forward`: the name for a gap's reading (moved forward
  // to the transition); in a fold it is earliest. One policy, two names.
  shift_forward = earliest,
};

// Which campaigns can conflict with each other.
enum class ConflictScope {
  all,    // every pair
  queue,  // same routingSettings.queueId
  skill,  // same non-empty routingSettings.skillRequirement
};

// A campaign reduced to what conflict checks and reports need.
struct Schedule {
  std::string id;  // empty for a new spec
  std::string name, status, queue_id, skill;
  const date::time_zone* zone = nullptr;  // nullptr is read as UTC
  Seconds start, end;                     // [start, end)
  std::vector<Window> windows;            // empty = continuous
  std::vector<date::local_days> exclude_dates;
};

}  // namespace cxsched::schedule
