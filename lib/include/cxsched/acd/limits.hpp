#pragma once

// What else limits a Personal Connection skill's dialing hours besides its
// schedule (acd-contract.md, "What else limits dialing hours" and "Rules the
// scheduler knows"): the cadences' time constraints and the time-zones
// block (the dialing curfew). cxsched reads them, never writes them, and
// warns when they are narrower than a spec's windows or let a zone be
// dialed outside 08:00-21:00.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include <cxsched/schedule/types.hpp>

namespace cxsched::acd {

// [start_min, end_min) minutes after midnight, as a limit writes it.
struct TimeRange {
  int start_min = 0;
  int end_min = 0;

  friend bool operator==(const TimeRange&, const TimeRange&) = default;
};

// One cadence of cadenceSettings.cadences[]: the hours it may dial, by day
// type. Weekday is Monday-Friday, Weekend Saturday and Sunday (the two
// kinds the Admin API's PUT and the UI name). A day type without ranges is
// not limited by this cadence.
struct Cadence {
  std::string field;  // "cadenceSettings.cadences[0]"
  std::string label;  // its fieldName (the phone field it dials), may be empty
  std::vector<TimeRange> weekday;
  std::vector<TimeRange> weekend;
};

// One row of the time-zones block: the hours numbers in that zone may be
// dialed, in the called party's local time.
struct ZoneRow {
  std::string field;  // "timeZoneSettings[3]"
  std::string name;   // name (GET parameters) or standardName (PUT)
  TimeRange window;
  bool active = false;         // timeZoneActiveToCall
  bool override_time = false;  // overrideTime
};

// What GET skills/{id}/parameters says limits the skill's hours.
struct DialingLimits {
  std::vector<Cadence> cadences;
  std::vector<ZoneRow> zones;
  // Parts that could not be read, "field: why" (an unknown dayType, a time
  // that is not HH:MM or HH:MM:SS): said, never guessed.
  std::vector<std::string> not_understood;
};

// Reads the answer of GET skills/{id}/parameters: the object flat, as the
// only element of {"skills": [...]} (GET skills/parameters) or under
// resultSet. cadenceSettings.cadences[].timeConstraints is read as rows
// [{dayType, startTime, endTime}] (GET, SW) or as {weekdayTimeConstraints,
// weekendTimeConstraints: [{startTime, endTime}]} (PUT, SW and CJ);
// timeZoneSettings as rows with name or standardName. Missing parts limit
// nothing. Never fails: what cannot be read is in not_understood.
DialingLimits dialing_limits(const rapidjson::Value& parameters);

// Reads the rows of a time-zones block: {"timeZoneSettings": [...]} or the
// array itself; what cannot be read goes to `not_understood`.
std::vector<ZoneRow> zone_rows(const rapidjson::Value& block,
                               std::vector<std::string>& not_understood);

// The warnings for a spec whose windows are `windows` (times of day in the
// spec's zone, as written), each naming the field of the limit and why:
// - a cadence whose ranges for a day type leave part of a window on such a
//   day uncovered;
// - an active zone whose hours leave part of a window uncovered;
// - an active zone with overrideTime true whose hours reach before 08:00 or
//   after 21:00;
// - what could not be read.
// The platform reads these limits in the called party's zone, which a spec
// does not name: they are compared as times of day.
std::vector<std::string> limit_warnings(std::span<const schedule::Window> windows,
                                        const DialingLimits& limits);

}  // namespace cxsched::acd
