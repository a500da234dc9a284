#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include <cxsched/acd/zone.hpp>
#include <cxsched/schedule/types.hpp>
#include <cxsched/util/error.hpp>

namespace cxsched::acd {

// Readers of the ACD Admin API's answers, liberal as the contract asks:
// unknown fields are ignored, numbers may come as strings, an object may be
// wrapped ({"skills": [{...}]}, {"resultSet": {...}}) or be a one-element
// array. A shape that cannot be read is an `internal` error naming what was
// expected.

// An integer written as a number or as a string of digits; a boolean
// written as one or as "true"/"false". nullopt when absent (null) or neither.
std::optional<long> lenient_long(const rapidjson::Value* v);
std::optional<bool> lenient_bool(const rapidjson::Value* v);

// A skill as GET skills and GET skills/{id} show it.
struct SkillRow {
  long id = 0;
  std::string name;
  int media_type_id = 0;
  bool is_active = true;
  bool is_outbound = false;
  bool is_running = false;  // absent means false
  std::string outbound_strategy;
  long campaign_id = 0;
  std::string notes;

  // mediaTypeId 4, outbound, "Personal Connection": the skills cxsched schedules.
  bool personal_connection() const;
};

// One skill: flat, {"skills": [{...}]} or [{...}].
Result<SkillRow> skill_from_json(const rapidjson::Value& answer);

// One page of GET skills. `next` is _links.next as given (a URL or a path).
struct SkillPage {
  std::vector<SkillRow> skills;
  std::optional<long> total;  // totalRecords
  std::optional<std::string> next;
};
Result<SkillPage> skill_page(const rapidjson::Value& answer);

// The result of one item of POST skills (top level or under resultSet):
// success, the id when given (skillId, or id), and the platform's error.
struct CreateResult {
  bool success = false;
  std::optional<long> skill_id;
  std::string error;
};
Result<CreateResult> create_result(const rapidjson::Value& answer);

// The campaign new skills join: `configured` (config acd.campaign_id) when it
// is listed, else the campaign whose name starts with "Default Campaign";
// rows are campaignId/campaignName or id/name. A usage error naming
// acd.campaign_id otherwise.
Result<long> pick_campaign(const rapidjson::Value& answer, std::optional<long> configured);

// A row of wfm-data/skills/dialer-contacts (array wfM_OB_StatsV9 or outboundStats).
struct DialerRow {
  schedule::Seconds interval_start;
  bool without_offset = false;  // the time had no offset and was read as UTC
  long skill_id = 0;
  long dials = 0;
  long connects = 0;
  long abandons = 0;
};
Result<std::vector<DialerRow>> dialer_rows(const rapidjson::Value& answer);

// The business unit of GET business-unit: businessUnits[0], or the object
// flat, or a one-element array.
struct BusinessUnitRow {
  long id = 0;                     // businessUnitId
  std::string name;                // businessUnitName
  std::string default_time_zone;   // defaultTimeZone, as written
  bool skill_abandon_rate = true;  // enableSkillAbandonRate (absent: true)
  std::vector<TimeZoneName> time_zones;  // its timeZones
  std::string abandon_rate_scope;  // abandonRateScope as written; empty when absent
};
Result<BusinessUnitRow> business_unit_from_json(const rapidjson::Value& answer);

// The rows of GET timezones ({"timeZones": [...]} or the array itself);
// rows without a standardName are skipped.
std::vector<TimeZoneName> time_zones_from_json(const rapidjson::Value& answer);

// ServerTime of GET server-time (ISO 8601; without an offset it is UTC).
Result<schedule::Seconds> server_time_from_json(const rapidjson::Value& answer);

// api_endpoint of discovery, without trailing slashes; an internal error
// unless it is an http(s) URL.
Result<std::string> api_endpoint_from_json(const rapidjson::Value& answer);

// The message of an error answer: errorDescription, error_Description,
// error_description or message of the body (with `error` in front when it
// says something else), else the icStatusDescription header, else the first
// 200 characters of the body.
std::string error_message(std::string_view body, std::string_view ic_status_description);

}  // namespace cxsched::acd
