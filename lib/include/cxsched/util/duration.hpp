#pragma once

#include <cxsched/util/clock.hpp>
#include <cxsched/util/error.hpp>

#include <string>
#include <string_view>

namespace cxsched::util {

// Parses a duration such as "90s", "15m", "1h30m", "500ms" or "2h". A unit is
// required; fails with ErrorKind::usage saying what was expected.
Result<Millis> parse_duration(std::string_view text);

// "1h02m", "3m05s", "12.4s", "850ms": short and exact enough for people.
std::string format_duration(Millis d);

}  // namespace cxsched::util
