#pragma once

// The checks of a campaign spec, one problem per thing wrong: the general
// fields in spec.cpp, the calendar (windows, excluded dates, the span
// without windows) in spec_calendar.cpp. Internal to the schedule layer.

#include <chrono>
#include <cstdint>
#include <cxsched/schedule/spec.hpp>
#include <optional>
#include <string>
#include <vector>

#include "schedule/spec_json.hpp"

namespace cxsched::schedule::detail {

inline constexpr std::array<std::string_view, 4> kCampaignTypes = {"PREDICTIVE", "PROGRESSIVE",
                                                                   "PREVIEW", "AGENTLESS"};
inline constexpr std::array<std::string_view, 4> kOverflow = {"WRAPUP", "VOICEMAIL", "DISCONNECT",
                                                              "REQUEUE"};
inline constexpr std::size_t kMaxNameChars = 128;
// Bounds that keep the work of one spec small whatever it says: windows per
// spec (a week of quarter-hour windows on every day is 96 per day, one list
// of days each) and the span from startDate to endDate.
inline constexpr std::size_t kMaxWindows = 100;
inline constexpr int kMaxSpanYears = 10;
inline const std::string kCallingRule = "(TCPA, 47 CFR 64.1200(c)(1))";

inline constexpr auto kMaxSpan =
    std::chrono::duration_cast<std::chrono::seconds>(std::chrono::years{kMaxSpanYears});

class SpecChecker {
 public:
  SpecChecker(const Value& root, const SpecOptions& options, std::vector<Problem>& problems)
      : root_(root), options_(options), problems_(problems) {}

  std::optional<Schedule> run();

 private:
  void add(std::string field, std::string value, std::string message);
  void check_server_fields();
  const Value* required_string(const Value& parent, std::string_view key, const std::string& field);
  void check_name();
  void check_optional_string(const Value& parent, std::string_view key, const std::string& field);
  template <std::size_t N>
  void check_enum(const Value& parent, std::string_view key, const std::string& field,
                  const std::array<std::string_view, N>& allowed, bool required);
  void check_zone();
  std::optional<Seconds> check_date(std::string_view key);
  void check_integer(const Value& parent, std::string_view key, const std::string& field,
                     std::int64_t min, std::optional<std::int64_t> max, const std::string& why);
  void check_dialer();
  void check_routing();
  void check_windows();
  std::optional<std::uint8_t> check_days(const Value& window, const std::string& prefix);
  std::optional<int> check_time_of_day(const Value& window, std::string_view key,
                                       const std::string& field, bool allow_24);
  void check_excludes();
  // Without windows the campaign dials without a break from startDate to
  // endDate: that span keeps to the calling hours like a window, so it must
  // open and close on one local day within them.
  void check_continuous_span(const Schedule& s);

  const Value& root_;
  const SpecOptions& options_;
  std::vector<Problem>& problems_;
  const date::time_zone* zone_ = nullptr;
  bool zone_unusable_ = false;
  std::optional<Seconds> start_, end_;
  std::vector<Window> windows_;
  std::vector<date::local_days> excludes_;
};

}  // namespace cxsched::schedule::detail
