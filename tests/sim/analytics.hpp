#pragma once

#include <rapidjson/document.h>

#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "timeutil.hpp"
#include "validate.hpp"

namespace cxsched::sim {

// A validated analytics query.
struct AnalyticsQuery {
  Span range;
  std::chrono::seconds interval{3600};
  std::string interval_name = "PT1H";
  bool by_time = false;
  bool by_disposition = false;
  std::vector<std::string> metrics;
  std::string campaign_id;
};

// Reads an analytics query body into `out`; every problem found (empty when valid).
FieldErrors parse_analytics_query(const rapidjson::Value& body, AnalyticsQuery& out);

// One daily calling window: weekdays (bit 0 = Monday .. bit 6 = Sunday) and
// local wall-clock minutes [start, end).
struct DailyWindow {
  unsigned weekdays = 0;
  std::chrono::minutes start{0};
  std::chrono::minutes end{0};
};

// The parts of a campaign that drive its synthetic activity.
struct Schedule {
  const date::time_zone* zone = nullptr;
  date::sys_seconds start;
  date::sys_seconds end;
  std::vector<DailyWindow> windows;
  std::set<date::local_days> excluded;
};

// Reads the schedule of a stored campaign leniently (malformed windows or
// dates are skipped); nullopt when its zone or dates cannot be read at all.
std::optional<Schedule> schedule_of(const rapidjson::Value& campaign);

// Scheduled time and dialer activity of a campaign (see the rules in
// analytics.cpp), both clipped to `range`, to the campaign and to before `now`.
struct Activity {
  Spans scheduled;
  Spans active;
};
Activity compute_activity(const Schedule& schedule, Span range, date::sys_seconds now);

// The 200 body answering `query` for `campaign` at `now`.
std::string analytics_response(const AnalyticsQuery& query, const rapidjson::Value& campaign,
                               date::sys_seconds now);

}  // namespace cxsched::sim
