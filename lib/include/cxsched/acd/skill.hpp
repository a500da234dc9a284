#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include <cxsched/schedule/spec.hpp>
#include <cxsched/schedule/types.hpp>
#include <cxsched/util/error.hpp>

namespace cxsched::acd {

// One weekday of a skill's schedule-settings block, in the business unit's
// zone Z: [start_min, end_min) minutes after midnight when active.
struct SkillDay {
  bool active = false;
  int start_min = 0;
  int end_min = 0;

  friend bool operator==(const SkillDay&, const SkillDay&) = default;
};

// The days of schedule-settings, indexed by weekday: 0 = Sunday ... 6 = Saturday
// (date::weekday::c_encoding()), the block's field prefixes.
struct SkillWeek {
  bool is_scheduled = false;
  std::array<SkillDay, 7> days{};

  friend bool operator==(const SkillWeek&, const SkillWeek&) = default;
};

// "sunday" ... "saturday": the field prefix of a day of schedule-settings.
std::string_view block_day_name(unsigned c_encoding);

// The campaign dates cxsched keeps in a skill's notes, as the line
// `cxsched:v1 start=<RFC 3339> end=<RFC 3339> tz=<IANA zone>`.
struct Marker {
  schedule::Seconds start;
  schedule::Seconds end;
  const date::time_zone* zone = nullptr;
};

// The marker line for `m` (dates with the zone's offset).
std::string marker_line(const Marker& m);

// The marker of a skill's notes (any line of them), nullopt when there is
// none; an invalid_spec error naming `notes` when a cxsched:v1 line is
// malformed.
Result<std::optional<Marker>> parse_marker(std::string_view notes);

// `notes` with its marker line replaced by `m`'s, or `m`'s line appended.
std::string notes_with_marker(std::string_view notes, const Marker& m);

// What the business unit allows (GET business-unit).
struct BusinessUnit {
  const date::time_zone* zone = nullptr;  // Z, resolved (zone.hpp)
  bool skill_abandon_rate = true;         // enableSkillAbandonRate
};

// A spec as a Personal Connection skill: what cxsched writes.
struct SkillDefinition {
  std::string skill_name;
  SkillWeek week;  // in Z, is_scheduled false (create never arms it)
  std::vector<schedule::Window> windows;  // the spec's windows as written, in its zone
  std::optional<int> maximum_attempts;
  std::optional<int> minimum_retry_minutes;
  std::optional<double> abandon_rate_threshold;  // percent
  Marker marker;
  std::vector<std::string> not_applied;  // spec fields a skill has no place for
};

// The mapping of a checked spec, or everything that keeps it off a skill.
struct SkillMapping {
  std::optional<SkillDefinition> skill;   // set only when problems is empty
  std::vector<schedule::Problem> problems;
};

// Maps a spec (`spec` the document, `s` what parse_spec made of it) onto a
// skill of a business unit, refusing, never changing, what a skill cannot
// hold: a name of more than 30 characters or other characters than letters,
// digits, whitespace and - _ . ( ) ^; two windows on a weekday; no windows;
// a window ending at 24:00 or empty; a spec zone whose offset from Z is not
// the same over [start, end), or a window that leaves its day in Z; a window
// edge in a DST gap or repeated hour of Z; excludeDates; maxAttempts outside
// 1-300; retryInterval not whole minutes in 1-50000; a dropRate the business
// unit would not apply or above 99.9 %.
SkillMapping map_spec(const rapidjson::Value& spec, const schedule::Schedule& s,
                      const BusinessUnit& unit);

// Request bodies: the block as read (flat; `current` may be null or not an
// object), with only cxsched's fields changed, wrapped in the block's name.
std::string schedule_settings_body(const rapidjson::Value* current, const SkillWeek& week);
std::string retry_settings_body(const rapidjson::Value* current, const SkillDefinition& skill);
std::string general_settings_body(const rapidjson::Value* current, const SkillDefinition& skill);

// A time of a parameter block, HH:MM or HH:MM:SS (seconds 00), into minutes
// after midnight: 00:00 to 23:59, and 24:00 too when `allow_24`.
std::optional<int> block_time(std::string_view text, bool allow_24 = false);

// Reads a schedule-settings block (flat, wrapped in scheduleSettings, or as
// the schedules rows of GET parameters; times HH:MM or HH:MM:SS);
// invalid_spec naming the field when malformed.
Result<SkillWeek> week_from_block(const rapidjson::Value& block);

// The weekly windows of `week` (active days) as schedule windows, to expand
// in Z.
std::vector<schedule::Window> windows_of(const SkillWeek& week);

}  // namespace cxsched::acd
