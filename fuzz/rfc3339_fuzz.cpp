// Dates and times as specs and platform answers write them.
#include <cxsched/schedule/format.hpp>
#include <cxsched/schedule/zone.hpp>
#include <cxsched/util/time.hpp>

#include "answer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cxsched;
  const auto text = fuzz::text_of(data, size);
  if (auto t = schedule::parse_date_time(text)) {
    static const date::time_zone* zone = date::locate_zone("America/New_York");
    if (auto at = schedule::resolve_written(*t, zone, schedule::DstPolicy::reject))
      (void)schedule::format_rfc3339(*at, zone);
  }
  (void)schedule::parse_local_date(text);
  (void)schedule::parse_hhmm(text, true);
  // The strict reader of platform answers and the token cache: what it reads,
  // the UTC writer writes back the same to the second.
  if (auto at = util::parse_rfc3339(text)) {
    const auto second = date::floor<std::chrono::seconds>(*at);
    const auto again = util::parse_rfc3339(util::format_rfc3339_utc(second));
    if (!again || *again != second) __builtin_trap();
  }
  return 0;
}
