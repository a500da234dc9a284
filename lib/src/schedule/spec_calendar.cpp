// The calendar checks of a spec: execution windows (days, times, the
// calling hours, overlaps), excluded dates, and the span without windows.
#include <algorithm>
#include <cxsched/schedule/format.hpp>
#include <cxsched/schedule/zone.hpp>

#include "schedule/spec_checker.hpp"

namespace cxsched::schedule::detail {

namespace {

std::string days_text(std::uint8_t days) {
  std::string out;
  for (int bit = 0; bit < 7; ++bit) {
    if (!(days & (1u << bit))) continue;
    if (!out.empty()) out += ", ";
    out += kDays[static_cast<std::size_t>(bit)];
  }
  return out;
}

// The pairs (i, j), i < j, of windows that share a day and overlap in time,
// found by a sweep per weekday in start order in O(n log n): each window is
// compared with the one reaching furthest among those starting before it.
// Every window that overlaps an earlier-starting one is reported once for
// that day; the pairs come sorted by (j, i).
std::vector<std::pair<std::size_t, std::size_t>> overlapping_pairs(
    const std::vector<std::pair<std::size_t, Window>>& windows) {
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  std::vector<std::size_t> on_day;
  for (int bit = 0; bit < 7; ++bit) {
    on_day.clear();
    for (std::size_t k = 0; k < windows.size(); ++k)
      if (windows[k].second.days & (1u << bit)) on_day.push_back(k);
    std::sort(on_day.begin(), on_day.end(), [&](std::size_t l, std::size_t r) {
      const auto& a = windows[l].second;
      const auto& b = windows[r].second;
      return a.start_min != b.start_min ? a.start_min < b.start_min : l < r;
    });
    std::optional<std::size_t> reach;
    for (std::size_t k : on_day) {
      const Window& w = windows[k].second;
      if (reach && windows[*reach].second.end_min > w.start_min)
        pairs.emplace_back(std::min(*reach, k), std::max(*reach, k));
      if (!reach || w.end_min > windows[*reach].second.end_min) reach = k;
    }
  }
  std::sort(pairs.begin(), pairs.end(), [](const auto& l, const auto& r) {
    return l.second != r.second ? l.second < r.second : l.first < r.first;
  });
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  return pairs;
}

std::string window_text(const Window& w) {
  return format_hhmm(w.start_min) + "-" + format_hhmm(w.end_min);
}

}  // namespace

void SpecChecker::check_windows() {
  const Value* v = member(root_, "executionWindows");
  if (!v) return;
  if (!v->IsArray()) {
    add("executionWindows", written(*v), "must be a list of windows");
    return;
  }
  if (v->Size() > kMaxWindows) {
    add("executionWindows", std::to_string(v->Size()) + " windows",
        std::to_string(v->Size()) + " windows; at most " + std::to_string(kMaxWindows) +
            " are allowed in one spec");
    return;
  }
  std::vector<std::pair<std::size_t, Window>> valid;
  for (rapidjson::SizeType i = 0; i < v->Size(); ++i) {
    const Value& w = (*v)[i];
    const std::string prefix = "executionWindows[" + std::to_string(i) + "]";
    if (!w.IsObject()) {
      add(prefix, written(w), "must be an object with days, start and end");
      continue;
    }
    auto days = check_days(w, prefix);
    auto start = check_time_of_day(w, "start", prefix + ".start", false);
    auto end = check_time_of_day(w, "end", prefix + ".end", true);
    if (!days || !start || !end) {
      continue;
    }
    if (*end <= *start) {
      add(prefix + ".end", written(*member(w, "end")),
          format_hhmm(*end) + " is not after start " + format_hhmm(*start) +
              ": a window cannot cross midnight; split it into two windows");
      continue;
    }
    if (!options_.allow_outside_calling_hours) {
      if (*start < earliest_calling_minute)
        add(prefix + ".start", written(*member(w, "start")),
            format_hhmm(*start) + " is before " + format_hhmm(earliest_calling_minute) +
                ", the earliest calling hour " + kCallingRule);
      if (*end > latest_calling_minute)
        add(prefix + ".end", written(*member(w, "end")),
            format_hhmm(*end) + " is after " + format_hhmm(latest_calling_minute) +
                ", the latest calling hour " + kCallingRule);
    }
    valid.emplace_back(i, Window{*days, *start, *end});
  }
  for (auto [i, j] : overlapping_pairs(valid)) {
    const Window& a = valid[i].second;
    const Window& b = valid[j].second;
    const auto shared = static_cast<std::uint8_t>(a.days & b.days);
    add("executionWindows[" + std::to_string(valid[j].first) + "]", window_text(b),
        window_text(b) + " overlaps executionWindows[" + std::to_string(valid[i].first) + "] (" +
            window_text(a) + ") on " + days_text(shared));
  }
  for (auto& [index, w] : valid) windows_.push_back(w);
}

std::optional<std::uint8_t> SpecChecker::check_days(const Value& window,
                                                    const std::string& prefix) {
  const Value* v = member(window, "days");
  const std::string field = prefix + ".days";
  if (!v) {
    add(field, "", "missing (required): a list of days such as [\"MON\", \"TUE\"]");
    return std::nullopt;
  }
  if (!v->IsArray() || v->Empty()) {
    add(field, written(*v), "must be a non-empty list of days (" + one_of(kDays) + ")");
    return std::nullopt;
  }
  std::uint8_t days = 0;
  bool ok = true;
  for (rapidjson::SizeType k = 0; k < v->Size(); ++k) {
    const Value& d = (*v)[k];
    const std::string day_field = field + "[" + std::to_string(k) + "]";
    int index = d.IsString() ? day_index(view(d)) : -1;
    if (index < 0) {
      add(day_field, written(d), written(d) + " is not a day: one of " + one_of(kDays));
      ok = false;
      continue;
    }
    auto bit = static_cast<std::uint8_t>(1u << index);
    if (days & bit) {
      add(day_field, written(d), written(d) + " is repeated in this window");
      ok = false;
    }
    days |= bit;
  }
  if (!ok) return std::nullopt;
  return days;
}

std::optional<int> SpecChecker::check_time_of_day(const Value& window, std::string_view key,
                                                  const std::string& field, bool allow_24) {
  const Value* v = member(window, key);
  if (!v) {
    add(field, "", "missing (required): a local time HH:MM");
    return std::nullopt;
  }
  std::optional<int> minutes = v->IsString() ? parse_hhmm(view(*v), allow_24) : std::nullopt;
  if (!minutes)
    add(field, written(*v),
        allow_24 ? "must be a local time HH:MM between 00:00 and 24:00"
                 : "must be a local time HH:MM between 00:00 and 23:59");
  return minutes;
}

void SpecChecker::check_excludes() {
  const Value* v = member(root_, "excludeDates");
  if (!v) return;
  if (!v->IsArray()) {
    add("excludeDates", written(*v), "must be a list of local dates YYYY-MM-DD");
    return;
  }
  for (rapidjson::SizeType k = 0; k < v->Size(); ++k) {
    const Value& d = (*v)[k];
    const std::string field = "excludeDates[" + std::to_string(k) + "]";
    if (!d.IsString()) {
      add(field, written(d), "must be a local date YYYY-MM-DD");
      continue;
    }
    auto day = parse_local_date(view(d));
    if (!day) {
      add(field, written(d), day.error().message);
      continue;
    }
    excludes_.push_back(*day);
  }
}

// Without windows the campaign dials without a break from startDate to
// endDate: that span keeps to the calling hours like a window, so it must
// open and close on one local day within them.
void SpecChecker::check_continuous_span(const Schedule& s) {
  auto local = [&](Seconds t) {
    return date::local_seconds{t.time_since_epoch() + zone_info(s.zone, t).offset};
  };
  const auto from = local(s.start);
  const auto to = local(s.end);
  const auto day = date::floor<date::days>(from);
  const auto minute_of = [&](date::local_seconds t) {
    return static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(t - day).count());
  };
  const auto fits = minute_of(from) >= earliest_calling_minute &&
                    to <= day + std::chrono::minutes{latest_calling_minute};
  if (fits) return;
  const Value* windows = member(root_, "executionWindows");
  add("executionWindows", windows ? written(*windows) : "",
      "without execution windows the campaign dials without a break from " +
          format_local_time(from) + " to " + format_local_time(to) + " (" +
          zone_or_utc(s.zone)->name() + "), outside the calling hours " +
          format_hhmm(earliest_calling_minute) + "-" + format_hhmm(latest_calling_minute) + " " +
          kCallingRule + "; add execution windows");
}

}  // namespace cxsched::schedule::detail
