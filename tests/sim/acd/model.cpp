#include "model.hpp"

#include <cstdio>

#include "../json.hpp"

namespace cxsched::sim::acd {

Skill::Skill() {
  general.SetObject();
}

bool Skill::personal_connection() const {
  return media_type_id == 4 && is_outbound && outbound_strategy == "Personal Connection";
}

void Skill::settle(SysMillis now) {
  if (!pending || pending->first > now) return;
  const auto [due, wanted] = *pending;
  pending.reset();
  if (wanted == running) return;
  running = wanted;
  modified = due;
  if (running) {
    running_since = due;
  } else if (running_since) {
    run_spans.push_back({date::floor<std::chrono::seconds>(*running_since),
                         date::floor<std::chrono::seconds>(due)});
    running_since.reset();
  }
}

void default_general_settings(rapidjson::Document& doc) {
  const char* text = R"({"minimumRetryMinutes":60,"maximumAttempts":3,"defaultContactExpiration":10,
    "getPriorityContactsOnContactinsertion":false,"loadCallbacks":false,"loadFresh":false,
    "loadNonFresh":false,"overrideBusinessUnitAbandonRate":false,"maximumRingingDuration":30,
    "beginDampenPercentage":1,"abandonRateCutoff":1,"abandonRateThreshold":3,
    "inactiveBlenderTimer":15,"maximumRatio":1,"aggressiveness":"conservative",
    "endOfListNotificationsDelay":15,"notifyAgentsWhenListIsEmpty":false,
    "percentageOfAgentsBeforeOverdial":5,"blockMultipleCalls":true,
    "consecutiveAttemptsWithoutALiveConnect":5,"enableDialingByProficiency":false,
    "proficiencyFactor":1,"waitTimeFactor":10,"maxConcurrentCallsPerAgent":7,
    "maxWaitTimeSeconds":180})";
  parse_json(text, doc);
}

const std::vector<WindowsZone>& windows_zones() {
  static const std::vector<WindowsZone> zones{
      {"Eastern Standard Time", "(UTC-05:00) Eastern Time (US & Canada)", "-05:00:00",
       "America/New_York"},
      {"Central Standard Time", "(UTC-06:00) Central Time (US & Canada)", "-06:00:00",
       "America/Chicago"},
      {"Mountain Standard Time", "(UTC-07:00) Mountain Time (US & Canada)", "-07:00:00",
       "America/Denver"},
      {"US Mountain Standard Time", "(UTC-07:00) Arizona", "-07:00:00", "America/Phoenix"},
      {"Pacific Standard Time", "(UTC-08:00) Pacific Time (US & Canada)", "-08:00:00",
       "America/Los_Angeles"},
      {"GMT Standard Time", "(UTC+00:00) Dublin, Edinburgh, Lisbon, London", "00:00:00",
       "Europe/London"},
      {"W. Europe Standard Time", "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna",
       "01:00:00", "Europe/Berlin"},
      {"India Standard Time", "(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi", "05:30:00",
       "Asia/Kolkata"},
      {"AUS Eastern Standard Time", "(UTC+10:00) Canberra, Melbourne, Sydney", "10:00:00",
       "Australia/Sydney"},
      {"Coordinated Universal Time", "(UTC) Coordinated Universal Time", "00:00:00", "Etc/UTC"},
  };
  return zones;
}

const date::time_zone* business_unit_zone(const std::string& name) {
  for (const auto& z : windows_zones())
    if (name == z.standard_name || name == z.display_name) return find_zone(z.iana);
  return find_zone(name);
}

std::optional<int> parse_block_time(std::string_view text) {
  std::string_view hhmm = text;
  if (text.size() == 8) {
    if (text.substr(5) != ":00") return std::nullopt;
    hhmm = text.substr(0, 5);
  }
  auto minutes = parse_clock_time(hhmm);
  if (!minutes || minutes->count() >= 24 * 60) return std::nullopt;
  return static_cast<int>(minutes->count());
}

std::string format_block_time(int minutes, bool seconds) {
  char out[16];
  std::snprintf(out, sizeof out, seconds ? "%02d:%02d:00" : "%02d:%02d", minutes / 60,
                minutes % 60);
  return out;
}

std::string base64url(std::string_view bytes) {
  static constexpr char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::size_t i = 0;
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(bytes[k]); };
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    for (int s : {18, 12, 6, 0}) out += alphabet[(v >> s) & 63];
  }
  if (i + 1 == bytes.size()) {
    const unsigned v = byte(i) << 16;
    for (int s : {18, 12}) out += alphabet[(v >> s) & 63];
  } else if (i + 2 == bytes.size()) {
    const unsigned v = (byte(i) << 16) | (byte(i + 1) << 8);
    for (int s : {18, 12, 6}) out += alphabet[(v >> s) & 63];
  }
  return out;
}

const std::array<const char*, 7>& day_names() {
  static const std::array<const char*, 7> names{"sunday",   "monday", "tuesday", "wednesday",
                                                "thursday", "friday", "saturday"};
  return names;
}

}  // namespace cxsched::sim::acd
