#include <cxsched/acd/zone.hpp>
#include <cxsched/util/library.hpp>

#include <unicode/ucal.h>
#include <unicode/uvernum.h>

#include <array>
#include <exception>

namespace cxsched::acd {

namespace {

// An IANA zone of the system's tz database, or nullptr (no suggestions: the
// name may be a Windows id).
const date::time_zone* find_iana(std::string_view name) {
  if (name.empty()) return nullptr;
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
    return nullptr;
  }
}

std::string in_quotes(std::string_view text) {
  return "'" + std::string{text} + "'";
}

// ICU is loaded the first time a Windows zone is mapped, not when cxsched
// starts: only a business unit whose zone is not an IANA name needs it, and
// linking it would cost every command the loading of ICU's libraries. The
// library and the function are those of the ICU the build compiled against
// (ICU suffixes each symbol with its major version).
#define CXSCHED_STR2(x) #x
#define CXSCHED_STR(x) CXSCHED_STR2(x)
constexpr const char* kIcuLibrary = "libicui18n.so." CXSCHED_STR(U_ICU_VERSION_MAJOR_NUM);
constexpr const char* kWindowsIdFunction = CXSCHED_STR(ucal_getTimeZoneIDForWindowsID);
#undef CXSCHED_STR
#undef CXSCHED_STR2

struct Icu {
  decltype(&ucal_getTimeZoneIDForWindowsID) windows_id = nullptr;
  std::string error;  // why windows_id is null
};

// `library` loaded for good, or why not.
Icu load_icu(const char* library) {
  Icu icu;
  auto lib = util::load_library("ICU", library, {kWindowsIdFunction});
  icu.error = std::move(lib.error);
  if (icu.error.empty())
    icu.windows_id = reinterpret_cast<decltype(icu.windows_id)>(lib.functions[0]);
  return icu;
}

const Icu& icu() {
  static const Icu loaded = load_icu(kIcuLibrary);  // kept for the process
  return loaded;
}

}  // namespace

std::optional<std::string> iana_for_windows_zone(std::string_view windows_id) {
  // Windows ids are ASCII; anything else has no mapping.
  if (windows_id.empty() || windows_id.size() > 128) return std::nullopt;
  std::array<UChar, 129> in{};
  for (std::size_t i = 0; i < windows_id.size(); ++i) {
    const auto c = static_cast<unsigned char>(windows_id[i]);
    if (c < 0x20 || c > 0x7e) return std::nullopt;
    in[i] = static_cast<UChar>(c);
  }
  const auto windows_id_of = icu().windows_id;
  if (windows_id_of == nullptr) return std::nullopt;
  std::array<UChar, 128> out{};
  UErrorCode status = U_ZERO_ERROR;
  const int32_t n = windows_id_of(
      in.data(), static_cast<int32_t>(windows_id.size()), "001", out.data(),
      static_cast<int32_t>(out.size()), &status);
  if (U_FAILURE(status) || n <= 0 || n >= static_cast<int32_t>(out.size())) return std::nullopt;
  std::string id;
  for (int32_t i = 0; i < n; ++i) {
    if (out[static_cast<std::size_t>(i)] > 0x7e) return std::nullopt;
    id += static_cast<char>(out[static_cast<std::size_t>(i)]);
  }
  return id;
}

std::string icu_load_error(const char* library) { return load_icu(library).error; }

std::string BusinessUnitZone::describe() const {
  switch (source) {
    case ZoneSource::iana: return name + " (the business unit's IANA zone)";
    case ZoneSource::windows:
      return name + " (Windows zone " + in_quotes(written) + ", CLDR windowsZones)";
    case ZoneSource::display_name:
      return name + " (time zone " + in_quotes(written) +
             " by its standard name, CLDR windowsZones)";
    case ZoneSource::configured:
      return name + " (config " + std::string{business_unit_zone_key} + ")";
  }
  return name;
}

Result<BusinessUnitZone> resolve_business_unit_zone(std::string_view default_time_zone,
                                                    const std::vector<TimeZoneName>& timezones,
                                                    std::optional<std::string_view> configured) {
  BusinessUnitZone found;
  found.written = std::string{default_time_zone};
  // (1) IANA, (2) Windows id, (3) display name -> standard name -> Windows id.
  if (const auto* z = find_iana(default_time_zone)) {
    found.zone = z;
    found.source = ZoneSource::iana;
  } else if (auto id = iana_for_windows_zone(default_time_zone)) {
    found.zone = find_iana(*id);
    found.source = ZoneSource::windows;
  } else {
    for (const auto& row : timezones) {
      if (row.display_name != default_time_zone || row.standard_name.empty()) continue;
      if (auto mapped = iana_for_windows_zone(row.standard_name)) {
        found.zone = find_iana(*mapped);
        found.source = ZoneSource::display_name;
        break;
      }
    }
  }
  if (found.zone != nullptr) found.name = std::string{found.zone->name()};

  if (configured) {
    const auto* z = find_iana(*configured);
    if (z == nullptr)
      return fail(ErrorKind::usage, "config " + std::string{business_unit_zone_key} + ": " +
                                        in_quotes(*configured) +
                                        " is not an IANA time zone (e.g. America/New_York)");
    BusinessUnitZone chosen;
    chosen.zone = z;
    chosen.name = std::string{z->name()};
    chosen.written = found.written;
    chosen.source = ZoneSource::configured;
    if (found.zone != nullptr && found.name != chosen.name)
      chosen.warnings.push_back("config " + std::string{business_unit_zone_key} + " (" +
                                chosen.name + ") differs from the business unit's zone " +
                                in_quotes(default_time_zone) + ", which resolves to " + found.name +
                                "; using the configured zone");
    return chosen;
  }
  if (found.zone == nullptr)
    return fail(
        ErrorKind::usage,
        "the business unit's time zone " + in_quotes(default_time_zone) +
            (icu().windows_id == nullptr
                 ? " is not an IANA zone, and Windows zones cannot be mapped: " + icu().error
                 : std::string(" is neither an IANA zone nor a Windows zone CLDR maps")) +
            "; set config " + std::string{business_unit_zone_key} +
            " to its IANA name (e.g. America/New_York)");
  return found;
}

}  // namespace cxsched::acd
