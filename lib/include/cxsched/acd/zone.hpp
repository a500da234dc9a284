#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <cxsched/schedule/types.hpp>
#include <cxsched/util/error.hpp>

namespace cxsched::acd {

// The config key that names the business unit's zone when the platform's
// name for it cannot be resolved.
inline constexpr std::string_view business_unit_zone_key = "acd.business_unit_zone";

// One row of GET timezones (or of the business unit's timeZones).
struct TimeZoneName {
  std::string display_name;   // "(UTC-05:00) Eastern Time (US & Canada)"
  std::string standard_name;  // "Eastern Standard Time"
};

// How the business unit's zone Z was found.
enum class ZoneSource {
  iana,          // defaultTimeZone is an IANA name
  windows,       // a Windows zone id, through CLDR windowsZones (territory 001)
  display_name,  // a displayName of GET timezones, through its standardName
  configured,    // config acd.business_unit_zone
};

// The business unit's zone Z, where it came from, and what the user should
// know about it (a configured zone that disagrees with the platform's).
struct BusinessUnitZone {
  const date::time_zone* zone = nullptr;
  std::string name;     // the IANA name
  std::string written;  // defaultTimeZone as the platform wrote it
  ZoneSource source = ZoneSource::iana;
  std::vector<std::string> warnings;

  // "America/New_York (Windows zone 'Eastern Standard Time', CLDR windowsZones)".
  std::string describe() const;
};

// The IANA id CLDR's windowsZones maps a Windows zone id to for territory
// 001 (ICU's ucal_getTimeZoneIDForWindowsID): "Eastern Standard Time" ->
// "America/New_York"; nullopt when CLDR has no mapping.
std::optional<std::string> iana_for_windows_zone(std::string_view windows_id);

// Why the ICU library `library` cannot map Windows zones (it cannot be
// loaded, or lacks the function of the ICU version cxsched was built
// against), with the loader's reason; empty when it can. ICU itself is
// loaded once per process, the first time a Windows zone is mapped, and
// this is what resolve_business_unit_zone then says when it cannot be.
std::string icu_load_error(const char* library);

// Resolves the business unit's defaultTimeZone: (1) an IANA name as is;
// (2) a Windows id through CLDR; (3) a displayName of `timezones` through its
// standardName, then (2); (4) otherwise `configured` (config
// acd.business_unit_zone) or a usage error asking for it. A configured zone
// always wins, with a warning when (1)-(3) found another one; a configured
// name that is not an IANA zone is a usage error naming the key.
Result<BusinessUnitZone> resolve_business_unit_zone(std::string_view default_time_zone,
                                                    const std::vector<TimeZoneName>& timezones,
                                                    std::optional<std::string_view> configured);

}  // namespace cxsched::acd
