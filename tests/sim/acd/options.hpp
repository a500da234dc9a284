#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace cxsched::sim::acd {

// The switches of `--platform acd`: each picks one of the shapes or
// behaviours the ACD contract says a real tenant may show.
struct AcdOptions {
  std::string business_unit_zone = "Eastern Standard Time";  // defaultTimeZone, served as is
  bool skill_abandon_rate = true;                            // enableSkillAbandonRate
  std::vector<std::string> api_versions{"v30.0"};            // versions that answer
  bool numbers_as_strings = false;          // ids and totalRecords as JSON strings
  std::string next_link = "url";            // _links.next: url, path or none
  bool skill_wrapped = false;               // GET skills/{id} as {"skills": [{...}]}
  bool create_skill_id = true;              // skillsResults carry skillId
  bool create_result_set = false;           // POST skills answer wrapped in resultSet
  std::chrono::milliseconds list_lag{0};    // a new skill is missing from lists this long
  bool refuse_idle_days = false;            // schedule-settings with an inactive day: 400
  bool times_with_seconds = false;          // schedule times served as HH:MM:SS
  std::string report_key = "wfM_OB_StatsV9";  // or outboundStats
  bool report_times_bare = false;             // intervalStartDate without its Z
  std::string campaign_keys = "campaignId";   // campaign rows: campaignId/campaignName or id/name
  std::chrono::seconds clock_skew{0};         // server-time ahead (+) or behind (-)
  bool schedule_runs = false;  // a scheduled skill runs by itself while a window is open
  bool put_replaces = false;   // a block PUT resets the fields it does not name
  // cadenceSettings.cadences[].timeConstraints of GET skills/{id}/parameters:
  // rows [{dayType, startTime, endTime}] or split {weekdayTimeConstraints,
  // weekendTimeConstraints}.
  std::string cadence_constraints = "rows";
  // The time constraints of the one cadence every new PC skill gets,
  // "DAYTYPE HH:MM-HH:MM" each; none: a new skill has no cadence.
  std::vector<std::string> new_skill_cadence;
};

// Adds the --acd-* options to the simulator's command line.
void add_options(CLI::App& app, AcdOptions& options);

// The --help text of the ACD platform.
const char* help_text();

// Endpoint names of the ACD platform (faults, rate limits, request log, stats).
const std::vector<std::string>& endpoint_names();

}  // namespace cxsched::sim::acd
