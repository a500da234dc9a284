#include "validate.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

#include "json.hpp"
#include "timeutil.hpp"

namespace cxsched::sim {

namespace {

constexpr std::array<std::string_view, 4> campaign_types{"PREDICTIVE", "PROGRESSIVE", "PREVIEW",
                                                         "AGENTLESS"};
constexpr std::array<std::string_view, 4> overflow_strategies{"WRAPUP", "VOICEMAIL", "DISCONNECT",
                                                              "REQUEUE"};
constexpr std::array<std::string_view, 7> day_names{"MON", "TUE", "WED", "THU",
                                                    "FRI", "SAT", "SUN"};

template <std::size_t N>
std::string one_of(const std::array<std::string_view, N>& values) {
  std::string out = "must be one of ";
  for (std::size_t i = 0; i < N; ++i) {
    if (i > 0) out += ", ";
    out += values[i];
  }
  return out;
}

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& values, std::string_view v) {
  return std::find(values.begin(), values.end(), v) != values.end();
}

class Checker {
 public:
  explicit Checker(const rapidjson::Value& body) : body_(body) {}

  FieldErrors run() {
    check_name();
    check_optional_string(body_, "description", "description");
    check_enum(body_, "campaignType", "campaignType", campaign_types, true);
    const date::time_zone* zone = check_zone();
    auto start = check_date(zone, "startDate");
    auto end = check_date(zone, "endDate");
    if (start && end && *end <= *start) add("endDate", "must be after startDate");
    check_windows();
    check_exclude_dates();
    check_dialer();
    check_routing();
    return std::move(errors_);
  }

 private:
  void add(std::string field, std::string message) {
    errors_.push_back({std::move(field), std::move(message)});
  }

  void check_name() {
    const auto* v = member(body_, "name");
    if (v == nullptr) return add("name", "is required");
    if (!v->IsString()) return add("name", "must be a string");
    std::string_view name{v->GetString(), v->GetStringLength()};
    if (name.empty()) return add("name", "must not be empty");
    if (name.size() > 255) add("name", "must be at most 255 characters");
  }

  void check_optional_string(const rapidjson::Value& obj, const char* key,
                             const std::string& path) {
    const auto* v = member(obj, key);
    if (v != nullptr && !v->IsString()) add(path, "must be a string");
  }

  template <std::size_t N>
  void check_enum(const rapidjson::Value& obj, const char* key, const std::string& path,
                  const std::array<std::string_view, N>& values, bool required) {
    const auto* v = member(obj, key);
    if (v == nullptr) {
      if (required) add(path, "is required; " + one_of(values));
      return;
    }
    if (!v->IsString() || !contains(values, std::string_view{v->GetString(), v->GetStringLength()}))
      add(path, one_of(values));
  }

  const date::time_zone* check_zone() {
    const auto* v = member(body_, "timezone");
    if (v == nullptr) {
      add("timezone", "is required (an IANA time zone name, e.g. America/New_York)");
      return nullptr;
    }
    if (!v->IsString()) {
      add("timezone", "must be a string");
      return nullptr;
    }
    const auto* zone = find_zone(v->GetString());
    if (zone == nullptr)
      add("timezone", std::string{"unknown IANA time zone '"} + v->GetString() + "'");
    return zone;
  }

  std::optional<SysMillis> check_date(const date::time_zone* zone, const char* key) {
    const auto* v = member(body_, key);
    if (v == nullptr) {
      add(key, "is required");
      return std::nullopt;
    }
    if (!v->IsString()) {
      add(key, "must be an RFC 3339 date-time string");
      return std::nullopt;
    }
    auto parsed = parse_date_time(v->GetString());
    if (!parsed) {
      add(key, std::string{"'"} + v->GetString() +
                   "' is not an RFC 3339 date-time (e.g. 2027-03-01T09:00:00-05:00)");
      return std::nullopt;
    }
    if (!parsed->offset) {
      add(key, std::string{"'"} + v->GetString() + "' has no UTC offset; RFC 3339 requires one");
      return std::nullopt;
    }
    if (zone != nullptr) {
      auto info = zone_info_at(zone, date::floor<std::chrono::seconds>(parsed->utc()));
      auto expected = std::chrono::duration_cast<std::chrono::minutes>(info.offset);
      if (expected != *parsed->offset) {
        add(key, "offset " + format_offset(*parsed->offset) + " does not match " + zone->name() +
                     " at that instant (expected " + format_offset(expected) + ")");
      }
    }
    return parsed->utc();
  }

  void check_windows() {
    const auto* v = member(body_, "executionWindows");
    if (v == nullptr) return;
    if (!v->IsArray()) return add("executionWindows", "must be an array");
    for (rapidjson::SizeType i = 0; i < v->Size(); ++i) {
      const auto& w = (*v)[i];
      std::string path = "executionWindows[" + std::to_string(i) + "]";
      if (!w.IsObject()) {
        add(path, "must be an object with days, start and end");
        continue;
      }
      const auto* days = member(w, "days");
      if (days == nullptr) {
        add(path + ".days", "is required");
      } else if (!days->IsArray() || days->Empty()) {
        add(path + ".days", "must be a non-empty array of MON..SUN");
      } else {
        for (rapidjson::SizeType j = 0; j < days->Size(); ++j) {
          const auto& d = (*days)[j];
          if (!d.IsString() ||
              !contains(day_names, std::string_view{d.GetString(), d.GetStringLength()}))
            add(path + ".days[" + std::to_string(j) + "]", one_of(day_names));
        }
      }
      auto start = check_clock(w, "start", path + ".start", false);
      auto end = check_clock(w, "end", path + ".end", true);
      if (start && end && *end <= *start) add(path + ".end", "must be after start");
    }
  }

  std::optional<std::chrono::minutes> check_clock(const rapidjson::Value& w, const char* key,
                                                  const std::string& path, bool allow_24) {
    const auto* v = member(w, key);
    if (v == nullptr) {
      add(path, "is required (HH:MM)");
      return std::nullopt;
    }
    std::optional<std::chrono::minutes> t;
    if (v->IsString()) t = parse_clock_time(v->GetString());
    if (!t || (!allow_24 && *t >= std::chrono::hours{24})) {
      add(path, allow_24 ? "must be a time HH:MM between 00:00 and 24:00"
                         : "must be a time HH:MM between 00:00 and 23:59");
      return std::nullopt;
    }
    return t;
  }

  void check_exclude_dates() {
    const auto* v = member(body_, "excludeDates");
    if (v == nullptr) return;
    if (!v->IsArray()) return add("excludeDates", "must be an array of YYYY-MM-DD dates");
    for (rapidjson::SizeType i = 0; i < v->Size(); ++i) {
      const auto& d = (*v)[i];
      if (!d.IsString() || !parse_local_date(d.GetString()))
        add("excludeDates[" + std::to_string(i) + "]", "must be a date YYYY-MM-DD");
    }
  }

  void check_int_range(const rapidjson::Value& obj, const char* key, const std::string& path,
                       std::int64_t lo, std::optional<std::int64_t> hi) {
    const auto* v = member(obj, key);
    if (v == nullptr) return;
    std::string range = hi ? "between " + std::to_string(lo) + " and " + std::to_string(*hi)
                           : "at least " + std::to_string(lo);
    if (!v->IsInt64()) return add(path, "must be an integer " + range);
    auto n = v->GetInt64();
    if (n < lo || (hi && n > *hi)) add(path, "must be " + range + ", got " + std::to_string(n));
  }

  void check_dialer() {
    const auto* v = member(body_, "dialerSettings");
    if (v == nullptr) return;
    if (!v->IsObject()) return add("dialerSettings", "must be an object");
    check_int_range(*v, "maxAttempts", "dialerSettings.maxAttempts", 1, 10);
    check_int_range(*v, "retryInterval", "dialerSettings.retryInterval", 60, std::nullopt);
    if (const auto* drop = member(*v, "dropRate")) {
      if (!drop->IsNumber() || !std::isfinite(drop->GetDouble()) || drop->GetDouble() < 0.0 ||
          drop->GetDouble() > 1.0)
        add("dialerSettings.dropRate", "must be a number between 0 and 1");
    }
  }

  void check_routing() {
    const auto* v = member(body_, "routingSettings");
    if (v == nullptr) return add("routingSettings.queueId", "is required");
    if (!v->IsObject()) return add("routingSettings", "must be an object");
    const auto* queue = member(*v, "queueId");
    if (queue == nullptr) {
      add("routingSettings.queueId", "is required");
    } else if (!queue->IsString() || queue->GetStringLength() == 0) {
      add("routingSettings.queueId", "must be a non-empty string");
    }
    check_optional_string(*v, "skillRequirement", "routingSettings.skillRequirement");
    check_enum(*v, "overflowStrategy", "routingSettings.overflowStrategy", overflow_strategies,
               false);
  }

  const rapidjson::Value& body_;
  FieldErrors errors_;
};

}  // namespace

FieldErrors validate_campaign(const rapidjson::Value& body) {
  return Checker{body}.run();
}

std::string field_errors_json(const FieldErrors& errors) {
  std::string out = "[";
  for (std::size_t i = 0; i < errors.size(); ++i) {
    if (i > 0) out += ",";
    out +=
        "{\"field\":" + quote(errors[i].field) + ",\"message\":" + quote(errors[i].message) + "}";
  }
  return out + "]";
}

}  // namespace cxsched::sim
