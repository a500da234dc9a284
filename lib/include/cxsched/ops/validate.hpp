#pragma once

#include <cxsched/platform/platform.hpp>
#include <cxsched/schedule/conflict.hpp>
#include <cxsched/schedule/spec.hpp>
#include <cxsched/schedule/types.hpp>
#include <cxsched/util/error.hpp>

#include <rapidjson/document.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cxsched::ops {

// A campaign spec as read by the app: where it came from (a file name, or
// "-" for stdin) and its text.
struct SpecText {
  std::string source;
  std::string text;
};

// How specs are checked.
struct ValidateOptions {
  schedule::SpecOptions spec{};
  schedule::ConflictScope scope = schedule::ConflictScope::all;
  bool offline = false;  // never list the platform's campaigns (no conflict check)
  platform::ListLimits list_limits{};
  // Called before each slow step ("listing campaigns on the platform");
  // may be empty.
  std::function<void(std::string_view)> progress;
};

// One spec's outcome.
struct SpecResult {
  schedule::ParsedSpec parsed;  // the schedule when valid
  // The platform's definition of the spec, when valid and a platform was
  // given.
  std::optional<platform::Definition> definition;
  std::string name;             // the "name" as written, even when invalid; may be empty
  // The platform campaign of the same name (the spec's own campaign when
  // `create` already ran), when one exists; index into
  // ValidationReport::platform.
  std::optional<std::size_t> existing;

  bool valid() const { return parsed.problems.empty(); }
};

// Where the second campaign of a conflict comes from.
enum class OtherKind { spec, platform };

// A new spec whose schedule overlaps another campaign's.
struct SpecConflict {
  std::size_t spec = 0;       // index into ValidationReport::specs
  OtherKind other_kind = OtherKind::platform;
  std::size_t other = 0;      // index into specs (spec) or existing (platform)
  schedule::Interval first{};  // the earliest overlapping interval (UTC)
  std::size_t overlaps = 0;    // overlapping pairs of intervals
  std::int64_t overlap_seconds = 0;
};

// The overall verdict, worst first: invalid beats conflict.
enum class Verdict { ok, conflict, invalid };

// Everything validate found, in the order the specs were given.
struct ValidationReport {
  bool offline = false;
  schedule::ConflictScope scope = schedule::ConflictScope::all;
  std::vector<SpecResult> specs;
  // The platform campaigns (any status) named like one of the specs, whole,
  // so callers can compare definitions without listing again. Nothing else
  // of the platform's list is kept.
  std::vector<platform::Campaign> platform;
  // The ACTIVE, ACTIVATING and SCHEDULED platform campaigns that could be
  // read and can meet a valid spec: in its scope, and overlapping the span
  // of the valid specs (their `id`, `name`, `status` and `zone` are set).
  std::vector<schedule::Schedule> existing;
  // Every ACTIVE, ACTIVATING and SCHEDULED platform campaign that could be
  // read, including those that cannot meet a spec (0 offline).
  std::size_t checked = 0;
  std::vector<SpecConflict> conflicts;  // sorted by spec, then other
  // Things worth knowing that do not change the verdict, e.g. a platform
  // campaign whose schedule cannot be read (it is skipped).
  std::vector<std::string> warnings;

  std::size_t invalid_count() const;
  // Specs that are valid and in at least one conflict.
  std::size_t conflicting_count() const;
  Verdict verdict() const;
  // The platform campaign of the same name as spec `i`, or null.
  const platform::Campaign* existing_campaign(std::size_t i) const;
};

// Checks every spec locally (schedule::parse_spec); given a platform, asks
// it for the definition of each valid one (what the platform cannot hold
// makes the spec invalid, with the field and the reason); then, unless
// offline and when at least one spec is valid, reads every campaign on the platform
// page by page (keeping only what the report needs) and finds the
// conflicts of the valid specs with each other and with the campaigns the
// platform says are occupying time (ACTIVE, ACTIVATING, SCHEDULED); a
// platform campaign is never compared with the spec of the same name. Two
// specs naming the same campaign make the later one invalid. Problems and
// conflicts are results, not errors: the call fails only when the platform
// does (ErrorKind::auth, unavailable, internal ...), or with
// ErrorKind::internal when `platform` is null without options.offline.
Result<ValidationReport> validate_specs(std::span<const SpecText> specs,
                                        const ValidateOptions& options,
                                        platform::Platform* platform);

// "all", "queue" or "skill".
std::string_view to_string(schedule::ConflictScope scope);

// Parses "all" | "queue" | "skill"; ErrorKind::usage otherwise.
Result<schedule::ConflictScope> parse_conflict_scope(std::string_view text);

// Parses "reject" | "shift-forward" | "earliest" | "latest"; ErrorKind::usage otherwise.
Result<schedule::DstPolicy> parse_dst_policy(std::string_view text);

// The report as the stable JSON document of `validate -o json`:
//   {"valid": bool,            every spec valid and no conflict
//    "verdict": "ok"|"conflict"|"invalid",
//    "offline": bool, "scope": "all"|"queue"|"skill",
//    "checkedAgainst": N,      platform campaigns checked (`checked`; 0 offline)
//    "specs": [{"source", "name", "valid": bool,
//               "problems": [{"field", "value", "message"}],
//               "existingId"?, "existingStatus"?}],
//    "conflicts": [{"spec": {"source", "name"},
//                   "other": {"source", "name"} | {"id", "name", "status"},
//                   "firstOverlap": {"startUtc", "endUtc",
//                                    "specLocal": {"start", "end"},
//                                    "otherLocal": {"start", "end"}},
//                   "overlaps": N, "overlapSeconds": S}],
//    "warnings": ["..."]}
// UTC times read "2027-03-15T13:00:00Z"; local ones are the first overlap in
// each campaign's own zone as schedule::format_local writes them
// ("2027-03-15T09:00-04:00 (EDT)"). Keys are only ever added.
rapidjson::Document report_to_json(const ValidationReport& report);

}  // namespace cxsched::ops
