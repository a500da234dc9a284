#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include <cxsched/schedule/format.hpp>
#include <cxsched/schedule/types.hpp>
#include <cxsched/schedule/zone.hpp>

namespace cxsched::schedule::testing {

inline Seconds at(std::string_view rfc3339) {
  auto t = parse_rfc3339(rfc3339);
  REQUIRE(t.has_value());
  return *t;
}

inline const date::time_zone* zone(std::string_view name) {
  auto z = resolve_zone(name);
  REQUIRE(z.has_value());
  return *z;
}

constexpr std::uint8_t kWeekdays = 0x1F;
constexpr std::uint8_t kEveryDay = 0x7F;

inline Window window(std::uint8_t days, int start_h, int start_m, int end_h, int end_m) {
  return Window{days, start_h * 60 + start_m, end_h * 60 + end_m};
}

inline Schedule schedule(std::string_view zone_name, std::string_view start, std::string_view end,
                         std::vector<Window> windows = {}) {
  Schedule s;
  s.name = "test";
  s.zone = zone(zone_name);
  s.start = at(start);
  s.end = at(end);
  s.windows = std::move(windows);
  return s;
}

inline Interval span(std::string_view start, std::string_view end) {
  return Interval{at(start), at(end)};
}

inline std::int64_t total_seconds(const std::vector<Interval>& intervals) {
  std::int64_t total = 0;
  for (const auto& i : intervals) total += (i.end - i.start).count();
  return total;
}

}  // namespace cxsched::schedule::testing

namespace Catch {
template <>
struct StringMaker<cxsched::schedule::Interval> {
  static std::string convert(const cxsched::schedule::Interval& i) {
    return "[" + cxsched::schedule::format_utc(i.start) + ", " +
           cxsched::schedule::format_utc(i.end) + ")";
  }
};
}  // namespace Catch
