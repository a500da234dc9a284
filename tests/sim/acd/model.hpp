#pragma once

#include <rapidjson/document.h>

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "../timeutil.hpp"

namespace cxsched::sim::acd {

// One day of a skill's schedule-settings block.
struct Day {
  bool active = true;
  int start_min = 8 * 60;  // minutes after midnight in the business unit's zone
  int end_min = 17 * 60;
};

// The schedule-settings block; days[0] is Sunday, as the block lists them.
struct ScheduleBlock {
  bool is_scheduled = false;
  std::array<Day, 7> days;
};

// A calling window of the time-zones block.
struct ZoneSetting {
  std::string standard_name;
  std::string start_time = "08:00";
  std::string end_time = "21:00";
  bool active = true;
  bool override_time = false;
};

// A time constraint of a cadence: the hours it may dial on a kind of day,
// kept as written (dayType Weekday or Weekend; times HH:MM).
struct CadenceConstraint {
  std::string day_type;
  std::string start_time;
  std::string end_time;
};

// One cadence of cadenceSettings: the phone field it dials and when.
struct Cadence {
  std::string field_name;
  int attempts = 1;
  std::vector<CadenceConstraint> constraints;
};

// A skill as the platform holds it.
struct Skill {
  long id = 0;
  std::string name;
  int media_type_id = 4;
  bool is_active = true;
  bool is_outbound = false;
  std::string outbound_strategy;
  long campaign_id = 1;
  std::string notes;
  SysMillis created;
  SysMillis modified;  // the last change: lists filter on it with updatedSince
  bool running = false;
  std::optional<std::pair<SysMillis, bool>> pending;  // (due, running afterwards)
  Spans run_spans;                                    // closed spans of running
  std::optional<SysMillis> running_since;
  std::optional<std::pair<SysMillis, SysMillis>> hold;  // stopped [from, until) despite the schedule
  ScheduleBlock schedule;
  rapidjson::Document general;  // general-settings, maximumAttempts/minimumRetryMinutes included
  std::vector<ZoneSetting> zones;
  std::vector<Cadence> cadences;  // cadenceSettings.cadences

  Skill();
  bool personal_connection() const;
  // Applies a start or stop whose time has come.
  void settle(SysMillis now);
};

// The default general-settings fields of a new PC skill (the fields the
// Admin API's examples show).
void default_general_settings(rapidjson::Document& doc);

// A time zone of GET timezones: the Windows id, its display name and the
// IANA zone behind it (the simulator's own data, for its dialing model).
struct WindowsZone {
  const char* standard_name;
  const char* display_name;
  const char* offset;
  const char* iana;
};
const std::vector<WindowsZone>& windows_zones();

// The IANA zone the simulator dials a schedule in for a defaultTimeZone
// written as a Windows id, a display name or an IANA name; nullptr otherwise.
const date::time_zone* business_unit_zone(const std::string& name);

// `HH:MM` or `HH:MM:SS` (seconds 00) from 00:00 to 23:59 into minutes; nullopt otherwise.
std::optional<int> parse_block_time(std::string_view text);
// `HH:MM`, or `HH:MM:SS` when `seconds`.
std::string format_block_time(int minutes, bool seconds);

// Base64url without padding.
std::string base64url(std::string_view bytes);

// The days of the schedule block in its order: sunday ... saturday.
const std::array<const char*, 7>& day_names();

}  // namespace cxsched::sim::acd
