#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include <cxsched/schedule/types.hpp>
#include <cxsched/util/error.hpp>

namespace cxsched::schedule {

// One thing wrong with a spec: where ("executionWindows[1].end", "$" for the
// whole document), the value as written (empty when absent), and why, as a
// sentence that can follow "field: " on its own.
struct Problem {
  std::string field, value, message;

  friend bool operator==(const Problem&, const Problem&) = default;
};

// What the user allowed explicitly.
struct SpecOptions {
  DstPolicy dst = DstPolicy::reject;
  bool allow_outside_calling_hours = false;
  bool allow_high_drop_rate = false;
};

// The fields the platform sets on a campaign: a spec may not carry them, a
// payload never sends them, comparisons with the platform ignore them. The
// one list of them (validate refuses them, the campaigns adapter drops them
// from its payload and its comparison).
inline constexpr std::array<std::string_view, 5> server_fields = {
    "id", "status", "statusReason", "dateCreated", "dateModified"};

// True for a name in server_fields.
constexpr bool is_server_field(std::string_view name) {
  for (auto f : server_fields)
    if (f == name) return true;
  return false;
}

// Latest and earliest calling hours (TCPA), minutes after local midnight.
inline constexpr int earliest_calling_minute = 8 * 60;
inline constexpr int latest_calling_minute = 21 * 60;
// The FTC abandonment safe harbour.
inline constexpr double max_safe_drop_rate = 0.03;

// A checked campaign spec.
struct ParsedSpec {
  std::string source;                // file name or "-"
  std::optional<Schedule> schedule;  // set only when problems is empty
  std::vector<Problem> problems;     // every problem found, in a fixed field order
};

// Checks a campaign spec (the campaign object without server fields) and
// reduces it to a Schedule. Never fails: everything wrong is a Problem.
// `source` names the spec in reports; one that is not UTF-8 (a file name can
// be any bytes) is kept with those bytes escaped ("\xff").
ParsedSpec parse_spec(std::string_view json_text, std::string source, const SpecOptions& options);

// Reads a campaign object from the platform, leniently: unknown fields are
// ignored; a campaign that cannot be scheduled (no zone, unknown zone, bad
// dates or windows) is an invalid_spec error naming the field.
Result<Schedule> schedule_from_campaign(const rapidjson::Value& campaign);

// Parses the executionWindows array of the API (lenient: used for campaigns
// from the platform); invalid_spec naming the field on a malformed window.
Result<std::vector<Window>> windows_from_json(const rapidjson::Value& windows);

// "MON", "TUE", ... for bit 0..6 of Window::days.
std::string_view day_name(int bit);

}  // namespace cxsched::schedule
