// A checked spec onto a Personal Connection skill (acd-contract.md, "How
// cxsched's spec maps onto a skill"): what a skill cannot hold is refused
// with the field and the reason, never changed.
#include <cxsched/acd/skill.hpp>
#include <cxsched/schedule/format.hpp>
#include <cxsched/schedule/zone.hpp>
#include <cxsched/util/json.hpp>

#include <algorithm>
#include <cmath>

namespace cxsched::acd {

namespace {

using schedule::Problem;
using schedule::Seconds;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr std::size_t max_name_length = 30;

bool name_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == '-' ||
         c == '_' || c == '.' || c == '(' || c == ')' || c == '^';
}

std::string window_text(const schedule::Window& w) {
  std::string days;
  for (int bit = 0; bit < 7; ++bit)
    if (w.days & (1u << bit)) days += (days.empty() ? "" : ",") + std::string{schedule::day_name(bit)};
  return days + " " + schedule::format_hhmm(w.start_min) + "-" + schedule::format_hhmm(w.end_min);
}

std::string zone_name(const date::time_zone* z) {
  return std::string{schedule::zone_or_utc(z)->name()};
}

// Weekday bit of Window::days (0 = Monday) -> c_encoding (0 = Sunday).
unsigned c_encoding_of_bit(int bit) {
  return static_cast<unsigned>((bit + 1) % 7);
}

// Where the offset of `spec` from `z` first differs from its value at
// `start`, within [start, end); nullopt when it is the same throughout.
struct OffsetChange {
  Seconds at;
  seconds before, after;
};
std::optional<OffsetChange> offset_change(const date::time_zone* spec, const date::time_zone* z,
                                          Seconds start, Seconds end, seconds& delta) {
  auto diff = [&](Seconds t) { return spec->get_info(t).offset - z->get_info(t).offset; };
  delta = diff(start);
  for (Seconds t = start; t < end;) {
    const auto a = spec->get_info(t);
    const auto b = z->get_info(t);
    const Seconds next = std::min(a.end, b.end);
    if (next >= end) break;
    if (diff(next) != delta) return OffsetChange{next, delta, diff(next)};
    t = next;
  }
  return std::nullopt;
}

std::string offset_text(seconds s) {
  return schedule::format_offset(s);
}

class Mapper {
 public:
  Mapper(const rapidjson::Value& spec, const schedule::Schedule& s, const BusinessUnit& unit)
      : spec_(spec), s_(s), unit_(unit) {}

  SkillMapping run() {
    SkillDefinition d;
    d.skill_name = s_.name;
    check_name();
    if (!s_.exclude_dates.empty())
      add("excludeDates", std::to_string(s_.exclude_dates.size()) + " date(s)",
          "a skill's schedule has no holidays: remove excludeDates, and turn the skill off on "
          "those days yourself");
    d.week = map_windows();
    d.windows = s_.windows;
    map_dialer(d);
    for (const char* key : {"campaignType", "routingSettings"}) {
      const auto* v = spec_.IsObject() && spec_.HasMember(key) ? &spec_[key] : nullptr;
      if (v == nullptr || v->IsNull()) continue;
      if (v->IsObject()) {
        for (const auto& m : v->GetObject())
          d.not_applied.push_back(std::string{key} + "." + m.name.GetString());
      } else {
        d.not_applied.emplace_back(key);
      }
    }
    d.marker = Marker{s_.start, s_.end, s_.zone};
    SkillMapping out;
    out.problems = std::move(problems_);
    if (out.problems.empty()) out.skill = std::move(d);
    return out;
  }

 private:
  void add(std::string field, std::string value, std::string message) {
    problems_.push_back(Problem{std::move(field), std::move(value), std::move(message)});
  }

  void check_name() {
    const std::string& n = s_.name;
    if (n.empty() || n.size() > max_name_length)
      add("name", n,
          "a skill name has 1 to " + std::to_string(max_name_length) + " characters; this one has " +
              std::to_string(n.size()));
    for (unsigned char c : n) {
      if (name_char(c)) continue;
      add("name", n,
          "a skill name may hold only letters, digits, spaces and - _ . ( ) ^; '" +
              std::string(1, static_cast<char>(c)) + "' is not allowed");
      break;
    }
  }

  SkillWeek map_windows() {
    SkillWeek week;
    if (s_.windows.empty()) {
      add("executionWindows", "",
          "a skill has no setting to dial around the clock: write the windows");
      return week;
    }
    const auto* spec_zone = schedule::zone_or_utc(s_.zone);
    const auto* z = schedule::zone_or_utc(unit_.zone);
    seconds delta{0};
    if (spec_zone != z && spec_zone->name() != z->name()) {
      if (auto change = offset_change(spec_zone, z, s_.start, s_.end, delta)) {
        add("timezone", zone_name(spec_zone),
            "the skill's windows are kept in the business unit's zone " + zone_name(z) +
                ", and the offset of " + zone_name(spec_zone) + " from it changes from " +
                offset_text(change->before) + " to " + offset_text(change->after) + " at " +
                schedule::format_local(change->at, z) +
                ": the windows would move by the difference; write the spec in " + zone_name(z) +
                " or keep [startDate, endDate) within one offset");
        return week;
      }
    }
    const int shift = static_cast<int>(std::chrono::duration_cast<minutes>(delta).count());
    std::array<int, 7> owner{-1, -1, -1, -1, -1, -1, -1};
    for (std::size_t i = 0; i < s_.windows.size(); ++i) {
      const auto& w = s_.windows[i];
      const std::string field = "executionWindows[" + std::to_string(i) + "]";
      if (w.end_min >= 24 * 60) {
        add(field + ".end", window_text(w),
            "a skill's window ends before midnight (23:59 at the latest); 24:00 cannot be written");
        continue;
      }
      if (w.end_min <= w.start_min) {
        add(field, window_text(w), "a window must not be empty");
        continue;
      }
      const int start = w.start_min - shift;
      const int end = w.end_min - shift;
      if (start < 0 || end >= 24 * 60) {
        add(field, window_text(w),
            "in the business unit's zone " + zone_name(z) + " this window is " +
                schedule::format_hhmm(((start % 1440) + 1440) % 1440) + "-" +
                schedule::format_hhmm(((end % 1440) + 1440) % 1440) +
                " and leaves its day; a skill holds one window within each day");
        continue;
      }
      for (int bit = 0; bit < 7; ++bit) {
        if (!(w.days & (1u << bit))) continue;
        const unsigned day = c_encoding_of_bit(bit);
        if (owner[day] >= 0) {
          add(field, window_text(w),
              "a skill holds one window per weekday; " + std::string{schedule::day_name(bit)} +
                  " already has executionWindows[" + std::to_string(owner[day]) + "]");
          continue;
        }
        owner[day] = static_cast<int>(i);
        week.days[day] = SkillDay{true, start, end};
      }
      check_dst_edges(z, week, field, w);
    }
    return week;
  }

  // A window edge that falls in a gap or a repeated hour of Z on a day of the campaign.
  void check_dst_edges(const date::time_zone* z, const SkillWeek& week, const std::string& field,
                       const schedule::Window& w) {
    const auto first = schedule::local_day(s_.start, z);
    const auto last = schedule::local_day(s_.end, z);
    for (auto day = first; day <= last; day += date::days{1}) {
      const SkillDay& d = week.days[date::weekday{day}.c_encoding()];
      if (!d.active) continue;
      for (auto [edge, minute] : {std::pair{"start", d.start_min}, std::pair{"end", d.end_min}}) {
        const date::local_seconds local = day + minutes{minute};
        const auto info = z->get_info(local);
        if (info.result == date::local_info::unique) continue;
        add(field + "." + edge, window_text(w),
            schedule::format_local_time(local) + " in " + zone_name(z) +
                (info.result == date::local_info::nonexistent
                     ? " does not exist (clocks skip it)"
                     : " happens twice (clocks repeat it)") +
                "; the platform's reading of it is unknown: move the window edge");
        return;
      }
    }
  }

  void map_dialer(SkillDefinition& d) {
    const auto* dialer = util::get_object(spec_, "dialerSettings");
    if (dialer == nullptr) return;
    if (auto attempts = util::get_int(*dialer, "maxAttempts")) {
      if (*attempts < 1 || *attempts > 300)
        add("dialerSettings.maxAttempts", std::to_string(*attempts),
            "a skill's maximumAttempts is 1 to 300");
      else
        d.maximum_attempts = static_cast<int>(*attempts);
    }
    if (auto retry = util::get_int(*dialer, "retryInterval")) {
      if (*retry % 60 != 0 || *retry / 60 < 1 || *retry / 60 > 50000)
        add("dialerSettings.retryInterval", std::to_string(*retry),
            "a skill's minimumRetryMinutes is whole minutes from 1 to 50000; " +
                std::to_string(*retry) + " s is not");
      else
        d.minimum_retry_minutes = static_cast<int>(*retry / 60);
    }
    if (auto rate = util::get_number(*dialer, "dropRate")) {
      const double percent = std::round(*rate * 100.0 * 10000.0) / 10000.0;
      std::string written = util::to_json((*dialer)["dropRate"]);
      if (!unit_.skill_abandon_rate)
        add("dialerSettings.dropRate", written,
            "the business unit has enableSkillAbandonRate off, so a skill's abandon-rate "
            "threshold would not apply; remove dropRate or enable it for the business unit");
      else if (percent < 0.0 || percent > 99.9)
        add("dialerSettings.dropRate", written,
            "a skill's abandonRateThreshold is 0 to 99.9 percent");
      else
        d.abandon_rate_threshold = percent;
    }
  }

  const rapidjson::Value& spec_;
  const schedule::Schedule& s_;
  const BusinessUnit& unit_;
  std::vector<Problem> problems_;
};

}  // namespace

SkillMapping map_spec(const rapidjson::Value& spec, const schedule::Schedule& s,
                      const BusinessUnit& unit) {
  return Mapper(spec, s, unit).run();
}

std::vector<schedule::Window> windows_of(const SkillWeek& week) {
  std::vector<schedule::Window> out;
  for (unsigned day = 0; day < 7; ++day) {
    const SkillDay& d = week.days[day];
    if (!d.active || d.end_min <= d.start_min) continue;
    const auto bit = schedule::day_bit(date::weekday{day});
    auto same = std::find_if(out.begin(), out.end(), [&](const schedule::Window& w) {
      return w.start_min == d.start_min && w.end_min == d.end_min;
    });
    if (same != out.end()) {
      same->days |= bit;
    } else {
      out.push_back(schedule::Window{bit, d.start_min, d.end_min});
    }
  }
  return out;
}

}  // namespace cxsched::acd
