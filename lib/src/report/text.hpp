#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <cxsched/report/adherence.hpp>

// Formatting helpers shared by the report renderers (private to the layer).
namespace cxsched::report::detail {

// "2025-03-04".
std::string iso_date(date::local_days day);
// "Tue".
std::string weekday_name(date::local_days day);
// "480" for whole minutes, else "12.50".
std::string minutes_text(std::int64_t seconds);
// "91.67"; empty when absent.
std::string percent_text(std::optional<double> pct);
// "-04:00", or "-04:00/-05:00" when the offset changes during the day.
std::string offset_text(const DayReport& d);
// An instant as the report shows it: RFC 3339 in `zone`, or UTC.
std::string instant_text(Seconds t, const date::time_zone* zone, bool utc);

}  // namespace cxsched::report::detail
