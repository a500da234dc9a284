// The cadences' time constraints and the time-zones block of a Personal
// Connection skill, read from GET skills/{id}/parameters, and the warnings
// they give a spec's windows (limits.hpp).
#include <cxsched/acd/answers.hpp>
#include <cxsched/acd/limits.hpp>
#include <cxsched/acd/skill.hpp>
#include <cxsched/schedule/format.hpp>
#include <cxsched/schedule/spec.hpp>
#include <cxsched/util/json.hpp>
#include <cxsched/util/text.hpp>

#include <algorithm>
#include <cctype>
#include <tuple>

namespace cxsched::acd {

namespace {

using rapidjson::Value;

// Weekday is Monday-Friday (Window::days bits 0-4), Weekend Saturday and
// Sunday (bits 5 and 6).
constexpr std::uint8_t kWeekdayBits = 0b0011111;
constexpr std::uint8_t kWeekendBits = 0b1100000;

const Value* member(const Value& obj, const char* key) {
  if (!obj.IsObject()) return nullptr;
  auto it = obj.FindMember(key);
  return it == obj.MemberEnd() || it->value.IsNull() ? nullptr : &it->value;
}

std::string text_of(const Value* v) {
  if (v == nullptr) return {};
  if (v->IsString()) return util::printable({v->GetString(), v->GetStringLength()});
  return util::excerpt(util::to_json(*v), 40);
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string range_text(TimeRange r) {
  return schedule::format_hhmm(r.start_min) + "-" + schedule::format_hhmm(r.end_min);
}

std::string ranges_text(const std::vector<TimeRange>& rs) {
  std::string out;
  for (const auto& r : rs) out += (out.empty() ? "" : ", ") + range_text(r);
  return out;
}

std::string days_text(std::uint8_t days) {
  std::string out;
  for (int bit = 0; bit < 7; ++bit)
    if (days & (1u << bit)) out += (out.empty() ? "" : ",") + std::string{schedule::day_name(bit)};
  return out;
}

std::string window_text(const schedule::Window& w, std::uint8_t days) {
  return days_text(days) + " " + range_text({w.start_min, w.end_min});
}

// startTime and endTime of a row: a range, or why not.
std::optional<TimeRange> read_range(const Value& row, const std::string& field,
                                    std::vector<std::string>& not_understood) {
  const Value* start = member(row, "startTime");
  const Value* end = member(row, "endTime");
  auto minutes = [](const Value* v) -> std::optional<int> {
    if (v == nullptr || !v->IsString()) return std::nullopt;
    return block_time({v->GetString(), v->GetStringLength()}, true);
  };
  const auto s = minutes(start);
  const auto e = minutes(end);
  if (!s || !e) {
    not_understood.push_back(field + ": startTime '" + text_of(start) + "', endTime '" +
                             text_of(end) + "' are not times HH:MM or HH:MM:SS");
    return std::nullopt;
  }
  if (*e <= *s) {
    not_understood.push_back(field + ": " + range_text({*s, *e}) +
                             " ends at or before it starts (a range across midnight is "
                             "not documented)");
    return std::nullopt;
  }
  return TimeRange{*s, *e};
}

// The rows of one kind of day in the PUT shape ({"startTime", "endTime"}).
void read_split(const Value& rows, const std::string& field, std::vector<TimeRange>& out,
                std::vector<std::string>& not_understood) {
  if (!rows.IsArray()) {
    not_understood.push_back(field + ": not a list of {startTime, endTime}");
    return;
  }
  for (rapidjson::SizeType i = 0; i < rows.Size(); ++i)
    if (auto r = read_range(rows[i], field + "[" + std::to_string(i) + "]", not_understood))
      out.push_back(*r);
}

Cadence read_cadence(const Value& v, std::string field, std::vector<std::string>& not_understood) {
  Cadence c;
  c.field = std::move(field);
  if (const Value* name = member(v, "fieldName"); name != nullptr && name->IsString())
    c.label = util::printable({name->GetString(), name->GetStringLength()});
  const Value* constraints = member(v, "timeConstraints");
  if (constraints == nullptr) return c;
  const std::string at = c.field + ".timeConstraints";
  if (constraints->IsObject()) {  // the PUT shape
    if (const Value* rows = member(*constraints, "weekdayTimeConstraints"))
      read_split(*rows, at + ".weekdayTimeConstraints", c.weekday, not_understood);
    if (const Value* rows = member(*constraints, "weekendTimeConstraints"))
      read_split(*rows, at + ".weekendTimeConstraints", c.weekend, not_understood);
    return c;
  }
  if (!constraints->IsArray()) {
    not_understood.push_back(at + ": neither rows nor weekday/weekend lists");
    return c;
  }
  for (rapidjson::SizeType i = 0; i < constraints->Size(); ++i) {
    const Value& row = (*constraints)[i];
    const std::string here = at + "[" + std::to_string(i) + "]";
    const Value* type = member(row, "dayType");
    const std::string kind = type != nullptr && type->IsString()
                                 ? lower({type->GetString(), type->GetStringLength()})
                                 : std::string{};
    std::vector<TimeRange>* into = nullptr;
    if (kind == "weekday" || kind == "weekdays") into = &c.weekday;
    if (kind == "weekend" || kind == "weekends") into = &c.weekend;
    if (into == nullptr) {
      not_understood.push_back(here + ": dayType '" + text_of(type) +
                               "' is not understood (known: Weekday, Weekend); not checked");
      continue;
    }
    if (auto r = read_range(row, here, not_understood)) into->push_back(*r);
  }
  return c;
}

// The parts of `w` that none of `allowed` covers.
std::vector<TimeRange> uncovered(TimeRange w, std::vector<TimeRange> allowed) {
  std::ranges::sort(allowed, {}, &TimeRange::start_min);
  std::vector<TimeRange> out;
  int at = w.start_min;
  for (const auto& r : allowed) {
    if (r.end_min <= at) continue;
    if (r.start_min >= w.end_min) break;
    if (r.start_min > at) out.push_back({at, r.start_min});
    at = std::max(at, r.end_min);
    if (at >= w.end_min) break;
  }
  if (at < w.end_min) out.push_back({at, w.end_min});
  return out;
}

std::string quoted_label(const std::string& label) {
  return label.empty() ? std::string{} : " ('" + label + "')";
}

}  // namespace

std::vector<ZoneRow> zone_rows(const Value& block, std::vector<std::string>& not_understood) {
  const Value* rows = block.IsArray() ? &block : member(block, "timeZoneSettings");
  std::vector<ZoneRow> out;
  if (rows == nullptr) return out;
  if (!rows->IsArray()) {
    not_understood.push_back("timeZoneSettings: not a list of zones");
    return out;
  }
  for (rapidjson::SizeType i = 0; i < rows->Size(); ++i) {
    const Value& row = (*rows)[i];
    ZoneRow z;
    z.field = "timeZoneSettings[" + std::to_string(i) + "]";
    const Value* name = member(row, "name");
    if (name == nullptr) name = member(row, "standardName");
    z.name = text_of(name);
    z.active = lenient_bool(member(row, "timeZoneActiveToCall")).value_or(false);
    z.override_time = lenient_bool(member(row, "overrideTime")).value_or(false);
    if (!z.active) continue;  // not dialed at all: limits nothing a window needs
    auto range = read_range(row, z.field + quoted_label(z.name), not_understood);
    if (!range) continue;
    z.window = *range;
    out.push_back(std::move(z));
  }
  return out;
}

DialingLimits dialing_limits(const Value& parameters) {
  const Value* p = &parameters;
  if (const Value* wrapped = member(*p, "resultSet")) p = wrapped;
  if (const Value* skills = member(*p, "skills"); skills != nullptr && skills->IsArray())
    p = skills->Size() == 1 ? &(*skills)[0] : nullptr;
  DialingLimits out;
  if (p == nullptr || !p->IsObject()) {
    out.not_understood.push_back("parameters: expected one skill's parameters, got " +
                                 util::excerpt(util::to_json(parameters), 80));
    return out;
  }
  if (const Value* cadence = member(*p, "cadenceSettings")) {
    const Value* cadences = member(*cadence, "cadences");
    if (cadences != nullptr && cadences->IsArray()) {
      for (rapidjson::SizeType i = 0; i < cadences->Size(); ++i)
        out.cadences.push_back(read_cadence((*cadences)[i],
                                            "cadenceSettings.cadences[" + std::to_string(i) + "]",
                                            out.not_understood));
    } else if (cadences != nullptr) {
      out.not_understood.push_back("cadenceSettings.cadences: not a list");
    }
  }
  if (const Value* zones = member(*p, "timeZoneSettings"))
    out.zones = zone_rows(*zones, out.not_understood);
  return out;
}

std::vector<std::string> limit_warnings(std::span<const schedule::Window> windows,
                                        const DialingLimits& limits) {
  std::vector<std::string> out;
  for (const auto& c : limits.cadences) {
    for (const auto& [kind, bits, ranges] :
         {std::tuple{"Weekday", kWeekdayBits, &c.weekday},
          std::tuple{"Weekend", kWeekendBits, &c.weekend}}) {
      if (ranges->empty()) continue;
      for (const auto& w : windows) {
        const auto days = static_cast<std::uint8_t>(w.days & bits);
        if (days == 0) continue;
        const auto gaps = uncovered({w.start_min, w.end_min}, *ranges);
        if (gaps.empty()) continue;
        out.push_back(c.field + quoted_label(c.label) + ".timeConstraints: " + kind + " " +
                      ranges_text(*ranges) + " is narrower than the window " +
                      window_text(w, days) + ": that cadence does not dial " + ranges_text(gaps));
      }
    }
  }
  for (const auto& z : limits.zones) {
    if (z.override_time && (z.window.start_min < schedule::earliest_calling_minute ||
                            z.window.end_min > schedule::latest_calling_minute))
      out.push_back(z.field + quoted_label(z.name) + ": overrideTime true with " +
                    range_text(z.window) + ", outside the calling hours 08:00-21:00: numbers " +
                    "in that zone may be dialed outside 08:00-21:00 their time");
    for (const auto& w : windows) {
      const auto gaps = uncovered({w.start_min, w.end_min}, {z.window});
      if (gaps.empty()) continue;
      out.push_back(z.field + quoted_label(z.name) + ": active to call " + range_text(z.window) +
                    ", narrower than the window " + window_text(w, w.days) +
                    ": numbers in that zone are not dialed " + ranges_text(gaps));
    }
  }
  for (const auto& n : limits.not_understood) out.push_back(n);
  return out;
}

}  // namespace cxsched::acd
