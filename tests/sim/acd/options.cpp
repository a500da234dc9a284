#include "options.hpp"

#include <CLI/CLI.hpp>

#include "model.hpp"

namespace cxsched::sim::acd {

void add_options(CLI::App& app, AcdOptions& o) {
  app.add_option("--acd-bu-zone", o.business_unit_zone,
                 "acd: the business unit's defaultTimeZone, served as written")
      ->capture_default_str();
  app.add_flag("!--acd-no-skill-abandon-rate", o.skill_abandon_rate,
               "acd: the business unit has enableSkillAbandonRate false");
  app.add_option("--acd-api-version", o.api_versions,
                 "acd: an API version that answers (repeatable; default v30.0)");
  app.add_flag("--acd-numbers-as-strings", o.numbers_as_strings,
               "acd: ids and totalRecords of lists as JSON strings");
  app.add_option("--acd-next-link", o.next_link, "acd: _links.next of skill pages: url|path|none")
      ->capture_default_str()
      ->check(CLI::IsMember({"url", "path", "none"}));
  app.add_flag("--acd-skill-wrapped", o.skill_wrapped,
               "acd: GET skills/{id} answers {\"skills\": [{...}]} instead of the flat object");
  app.add_flag("!--acd-create-no-skill-id", o.create_skill_id,
               "acd: POST skills results carry no skillId");
  app.add_flag("--acd-create-result-set", o.create_result_set,
               "acd: POST skills answers wrapped in resultSet");
  app.add_option_function<long>(
         "--acd-list-lag-ms", [&o](long ms) { o.list_lag = std::chrono::milliseconds{ms}; },
         "acd: a new skill is missing from GET skills for this long")
      ->check(CLI::NonNegativeNumber);
  app.add_flag("--acd-refuse-idle-days", o.refuse_idle_days,
               "acd: schedule-settings with an inactive day answer 400 InvalidParameter");
  app.add_flag("--acd-times-with-seconds", o.times_with_seconds,
               "acd: schedule-settings times read as HH:MM:SS");
  app.add_option("--acd-report-key", o.report_key,
                 "acd: the array key of dialer-contacts: wfM_OB_StatsV9|outboundStats")
      ->capture_default_str()
      ->check(CLI::IsMember({"wfM_OB_StatsV9", "outboundStats"}));
  app.add_flag("--acd-report-times-without-offset", o.report_times_bare,
               "acd: dialer-contacts rows give intervalStartDate without an offset (UTC, no Z)");
  app.add_option("--acd-campaign-keys", o.campaign_keys,
                 "acd: campaign rows as campaignId/campaignName or id/name")
      ->capture_default_str()
      ->check(CLI::IsMember({"campaignId", "id"}));
  app.add_option_function<long>(
         "--acd-clock-skew-s", [&o](long s) { o.clock_skew = std::chrono::seconds{s}; },
         "acd: server-time runs this many seconds ahead (negative: behind)");
  app.add_flag("--acd-put-replaces", o.put_replaces,
               "acd: a parameter block PUT resets the fields it does not name to their defaults");
  app.add_flag("--acd-schedule-runs", o.schedule_runs,
               "acd: a scheduled skill runs by itself while one of its windows is open");
  app.add_option("--acd-cadence-constraints", o.cadence_constraints,
                 "acd: cadence timeConstraints of GET skills/{id}/parameters: rows|split")
      ->capture_default_str()
      ->check(CLI::IsMember({"rows", "split"}));
  app.add_option("--acd-new-skill-cadence", o.new_skill_cadence,
                 "acd: a time constraint 'Weekday|Weekend HH:MM-HH:MM' of the one cadence every "
                 "new PC skill gets (repeatable)")
      ->check([](const std::string& v) -> std::string {
        const auto space = v.find(' ');
        const auto dash = v.find('-', space == std::string::npos ? 0 : space);
        if (space == std::string::npos || dash == std::string::npos ||
            !parse_block_time(v.substr(space + 1, dash - space - 1)) ||
            !parse_block_time(v.substr(dash + 1)))
          return "expected 'DAYTYPE HH:MM-HH:MM', got '" + v + "'";
        return {};
      });
}

const std::vector<std::string>& endpoint_names() {
  static const std::vector<std::string> names{
      "token",          "refresh",       "discovery",       "business-unit",
      "timezones",      "server-time",   "campaigns.list",  "skills.list",
      "skills.get",     "skills.create", "skills.update",   "parameters.get",
      "parameters.put", "skills.start",  "skills.stop",     "reporting.summary",
      "reporting.dialer-contacts", "parameters.all"};
  return names;
}

const char* help_text() {
  return R"(
PLATFORM acd (--platform acd): the CXone ACD Admin API subset
  POST /authentication/v1/token/access-key {"accessKeyId","accessKeySecret"}:
  the clients above are the access keys (campaign:write allows writes,
  analytics:campaign:read the reporting calls). Tokens are JWT-shaped; their
  payload carries tenantId, tenant, icBUId, icClusterId, iat and exp.
  POST /public/user/refresh {"token": refresh_token}.
  GET /.well-known/cxone-configuration?tenantId=T (no token): api_endpoint is
  this simulator. Request bodies must be sent as application/json (else
  415). Under /inContactAPI/services/{version}/ (Accept must name
  application/json, else 406 "No known way to render data"):
    business-unit, timezones (Windows names), server-time, campaigns,
    skills (mediaTypeId required; top <= min(100, --max-page-size), skip,
    isActive, searchString, updatedSince (skills changed at or after it:
    pass back lastPollTime); 204 when the page is empty), POST skills (200
    with per-item results), skills/{id} GET/PUT, skills/{id}/parameters/
    schedule-settings|retry-settings|general-settings|time-zones (GET flat,
    PUT wrapped in the block's name; a PUT changes only the fields it names,
    or with --acd-put-replaces resets the others to their defaults),
    skills/{id}/parameters (GET: every block at once, scheduleSettings as
    schedules rows, cadenceSettings.cadences with timeConstraints as rows or,
    with --acd-cadence-constraints split, weekday/weekend lists, and
    timeZoneSettings rows named by name), skills/{id}/start and /stop?force=
    (202; isRunning follows after --activation-delay-ms. Without
    --acd-schedule-runs only start and stop change it; with it a scheduled,
    active skill also runs while one of its windows is open in the business
    unit's zone, and a stop then holds it until that window closes),
    skills/{id}/summary and wfm-data/skills/dialer-contacts (startDate and
    endDate in UTC with a literal Z; 204 when there is no data; rows'
    intervalStartDate in UTC with a Z, or without any offset with
    --acd-report-times-without-offset).
  Dialing activity (deterministic): a PC skill dials while it runs, and
  while isScheduled in its active days' windows read in the business unit's
  zone, from its createdAt; per 15-minute UTC row with A active minutes:
  dials 3A, connects A, rightPartyConnects A - A/5, connectsAHT 150,
  abandons X (the minute rule above, r = abandonRateThreshold / 100 when
  overrideBusinessUnitAbandonRate, else 0.03).
  429s (rate limits, faults) carry no Retry-After unless a fault sets one.
  Endpoint names: token, refresh, discovery, business-unit, timezones,
  server-time, campaigns.list, skills.list, skills.get, skills.create,
  skills.update, parameters.get, parameters.put, skills.start, skills.stop,
  reporting.summary, reporting.dialer-contacts, parameters.all.
  POST /_sim/faults {"endpoint": "skills.create.result", "error", "count"}:
  the next items of POST skills fail ({"success": false, "error"}, 200).
  Admin: GET|POST|DELETE /_sim/skills (POST: a skill object, or an array,
  with optional "createdAt", "isRunning", "schedule" (flat block),
  "generalSettings", "timeZoneSettings" (as PUT time-zones takes them),
  "cadences" ([{"fieldName", "attempts", "timeConstraints": [{"dayType",
  "startTime", "endTime"}]}], kept as written)); POST /_sim/tokens/revoke
  {"accessKeyId"} or {}.
  --state is not supported on this platform; --campaigns N adds N generated
  Personal Connection skills Seed_Skill_0001...
)";
}

}  // namespace cxsched::sim::acd
