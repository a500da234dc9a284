// Every reader of the ACD Admin API's answers (skills, pages, create results,
// campaigns, dialer rows, the business unit, zones, server time, discovery,
// schedule blocks, error bodies) and the business unit's zone name.
#include <cxsched/acd/answers.hpp>
#include <cxsched/acd/skill.hpp>
#include <cxsched/acd/zone.hpp>
#include <cxsched/util/json.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cxsched;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)acd::error_message(text, text.substr(0, size / 2));
  if (size < 64) {
    (void)acd::iana_for_windows_zone(text);
    (void)acd::resolve_business_unit_zone(text, {}, std::nullopt);
    (void)acd::parse_marker(text);
  }
  auto doc = util::parse_json(text, "answer");
  if (!doc) return 0;
  const rapidjson::Value& v = *doc;
  (void)acd::skill_from_json(v);
  (void)acd::skill_page(v);
  (void)acd::create_result(v);
  (void)acd::pick_campaign(v, std::nullopt);
  (void)acd::pick_campaign(v, 7);
  (void)acd::dialer_rows(v);
  if (auto bu = acd::business_unit_from_json(v))
    (void)acd::resolve_business_unit_zone(bu->default_time_zone, bu->time_zones, std::nullopt);
  const auto zones = acd::time_zones_from_json(v);
  (void)acd::resolve_business_unit_zone("Eastern Standard Time", zones, std::nullopt);
  (void)acd::server_time_from_json(v);
  (void)acd::api_endpoint_from_json(v);
  if (auto week = acd::week_from_block(v)) {
    (void)acd::windows_of(*week);
    (void)acd::schedule_settings_body(&v, *week);
  }
  return 0;
}
