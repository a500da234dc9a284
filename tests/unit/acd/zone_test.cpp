#include <cxsched/acd/zone.hpp>

#include <catch2/catch.hpp>

using namespace cxsched;
using namespace cxsched::acd;

namespace {

const std::vector<TimeZoneName> timezones{
    {"(UTC-05:00) Eastern Time (US & Canada)", "Eastern Standard Time"},
    {"(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna", "W. Europe Standard Time"},
    {"(UTC) Coordinated Universal Time", "Coordinated Universal Time"},
};

}  // namespace

TEST_CASE("CLDR maps Windows zone ids for territory 001", "[acd][zone]") {
  CHECK(iana_for_windows_zone("Eastern Standard Time") == "America/New_York");
  CHECK(iana_for_windows_zone("Pacific Standard Time") == "America/Los_Angeles");
  CHECK(iana_for_windows_zone("W. Europe Standard Time") == "Europe/Berlin");
  CHECK(iana_for_windows_zone("GMT Standard Time") == "Europe/London");
  CHECK(iana_for_windows_zone("UTC") == "Etc/UTC");
  CHECK_FALSE(iana_for_windows_zone("Coordinated Universal Time").has_value());
  CHECK_FALSE(iana_for_windows_zone("Eastern Time").has_value());
  CHECK_FALSE(iana_for_windows_zone("").has_value());
  CHECK_FALSE(iana_for_windows_zone("Est\xc3\xa1ndar").has_value());
}

TEST_CASE("an ICU that cannot be used is said so, with the loader's reason", "[acd][zone]") {
  // The ICU of this build is there: Windows zones map (the case above).
  REQUIRE(iana_for_windows_zone("Eastern Standard Time"));
  const std::string missing = icu_load_error("libicui18n.so.0-not-installed");
  CHECK(missing.starts_with("ICU (libicui18n.so.0-not-installed) could not be loaded: "));
  CHECK(missing.find("libicui18n.so.0-not-installed") != missing.rfind("libicui18n.so.0-not-installed"));
  CHECK(missing.find("No such file") != std::string::npos);
  // A library that loads but is not that ICU: the function is missing.
  const std::string other = icu_load_error("libc.so.6");
  CHECK(other.starts_with("ICU (libc.so.6) could not be loaded: "));
  CHECK(other.find("ucal_getTimeZoneIDForWindowsID") != std::string::npos);
}

TEST_CASE("an IANA defaultTimeZone is used as is", "[acd][zone]") {
  auto z = resolve_business_unit_zone("Europe/London", timezones, std::nullopt);
  REQUIRE(z.has_value());
  CHECK(z->name == "Europe/London");
  CHECK(z->source == ZoneSource::iana);
  CHECK(z->warnings.empty());
}

TEST_CASE("a Windows defaultTimeZone is resolved through CLDR", "[acd][zone]") {
  auto z = resolve_business_unit_zone("Eastern Standard Time", timezones, std::nullopt);
  REQUIRE(z.has_value());
  CHECK(z->name == "America/New_York");
  CHECK(z->source == ZoneSource::windows);
  CHECK(z->describe() ==
        "America/New_York (Windows zone 'Eastern Standard Time', CLDR windowsZones)");
}

TEST_CASE("CLDR's older ids are found in the tz database too", "[acd][zone]") {
  // CLDR keeps the first name of a zone (Asia/Calcutta); tzdata links it.
  auto z = resolve_business_unit_zone("India Standard Time", timezones, std::nullopt);
  REQUIRE(z.has_value());
  CHECK((z->name == "Asia/Calcutta" || z->name == "Asia/Kolkata"));
  CHECK(z->zone->get_info(date::sys_days{date::year{2027} / 1 / 1}).offset ==
        std::chrono::minutes{330});
}

TEST_CASE("a display name is replaced by its standard name, then mapped", "[acd][zone]") {
  auto z = resolve_business_unit_zone("(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna",
                                      timezones, std::nullopt);
  REQUIRE(z.has_value());
  CHECK(z->name == "Europe/Berlin");
  CHECK(z->source == ZoneSource::display_name);
}

TEST_CASE("an unresolvable zone is refused asking for the config key", "[acd][zone]") {
  for (const char* name : {"Coordinated Universal Time", "(UTC) Coordinated Universal Time",
                           "Atlantis Standard Time", ""}) {
    auto z = resolve_business_unit_zone(name, timezones, std::nullopt);
    REQUIRE_FALSE(z.has_value());
    CHECK(z.error().kind == ErrorKind::usage);
    CHECK_THAT(z.error().message, Catch::Contains("acd.business_unit_zone"));
  }
}

TEST_CASE("a configured zone wins, warning when the platform's differs", "[acd][zone]") {
  auto same = resolve_business_unit_zone("Eastern Standard Time", timezones, "America/New_York");
  REQUIRE(same.has_value());
  CHECK(same->source == ZoneSource::configured);
  CHECK(same->warnings.empty());

  auto other = resolve_business_unit_zone("Eastern Standard Time", timezones, "America/Chicago");
  REQUIRE(other.has_value());
  CHECK(other->name == "America/Chicago");
  REQUIRE(other->warnings.size() == 1);
  CHECK_THAT(other->warnings[0], Catch::Contains("America/New_York"));

  auto rescue = resolve_business_unit_zone("Atlantis Standard Time", timezones, "Etc/UTC");
  REQUIRE(rescue.has_value());
  CHECK(rescue->name == "Etc/UTC");
  CHECK(rescue->warnings.empty());

  auto bad = resolve_business_unit_zone("Eastern Standard Time", timezones, "Eastern Standard Time");
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().kind == ErrorKind::usage);
  CHECK_THAT(bad.error().message, Catch::Contains("config acd.business_unit_zone"));
}
