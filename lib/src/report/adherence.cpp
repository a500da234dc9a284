#include <cxsched/report/adherence.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

#include <cxsched/schedule/expand.hpp>
#include <cxsched/schedule/format.hpp>
#include <cxsched/schedule/zone.hpp>
#include <cxsched/util/expected.hpp>
#include <cxsched/util/json.hpp>

namespace cxsched::report {

using namespace std::chrono_literals;

namespace {

constexpr std::size_t index(Metric m) { return static_cast<std::size_t>(m); }

bool additive(Metric m) {
  return m != Metric::dialing_seconds && m != Metric::schedule_adherence;
}

double round2(double v) { return std::round(v * 100.0) / 100.0; }

std::int64_t whole(std::optional<double> v) {
  return v ? static_cast<std::int64_t>(std::llround(*v)) : 0;
}

// Seconds of the sorted, disjoint `spans` inside `b`.
std::int64_t overlap(const std::vector<Interval>& spans, Interval b) {
  auto it = std::upper_bound(spans.begin(), spans.end(), b.start,
                             [](Seconds t, const Interval& i) { return t < i.end; });
  std::int64_t total = 0;
  for (; it != spans.end() && it->start < b.end; ++it) {
    auto from = std::max(it->start, b.start);
    auto to = std::min(it->end, b.end);
    if (to > from) total += (to - from).count();
  }
  return total;
}

Seconds floor_to(Seconds t, std::chrono::seconds step) {
  auto n = t.time_since_epoch().count();
  auto s = step.count();
  return Seconds{std::chrono::seconds{n - (((n % s) + s) % s)}};
}

Result<Interval> parse_time_interval(std::string_view text) {
  auto slash = text.find('/');
  auto bad = [&] {
    return fail(ErrorKind::internal, "analytics answer: timeInterval '" + std::string(text) +
                                         "' is not 'start/end' in RFC 3339");
  };
  if (slash == std::string_view::npos) return bad();
  auto a = schedule::parse_rfc3339(text.substr(0, slash));
  auto b = schedule::parse_rfc3339(text.substr(slash + 1));
  if (!a || !b || *b <= *a) return bad();
  return Interval{*a, *b};
}

// The scheduled intervals of the dial proxies: each slot of the rows' UTC
// grid, clipped to the range, that meets scheduled time already due, with
// whether a row meeting it has dials. `fine` sorted by start.
struct Slot {
  Seconds start;
  bool dialed = false;
};

std::vector<Slot> scheduled_slots(const CampaignReport& r, Granularity grid) {
  std::vector<Slot> out;
  const auto step = length(grid);
  std::size_t row = 0;
  for (auto t = floor_to(r.range.start, step); t < r.range.end && t < r.now; t += step) {
    const Interval slot{std::max(t, r.range.start), std::min(t + step, r.range.end)};
    if (overlap(r.scheduled, {slot.start, std::min(slot.end, r.now)}) == 0) continue;
    while (row < r.fine.size() && r.fine[row].interval.end <= slot.start) ++row;
    bool dialed = false;
    for (auto i = row; i < r.fine.size() && r.fine[i].interval.start < slot.end; ++i)
      dialed = dialed || r.fine[i].activity.attempted > 0;
    out.push_back({slot.start, dialed});
  }
  return out;
}

}  // namespace

Result<Granularity> parse_granularity(std::string_view text) {
  std::string up(text);
  for (auto& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (auto g : {Granularity::pt15m, Granularity::pt30m, Granularity::pt1h, Granularity::p1d})
    if (to_string(g) == up) return g;
  return fail(ErrorKind::usage,
              "--interval: '" + std::string(text) + "' is not one of PT15M, PT30M, PT1H, P1D");
}

std::string_view to_string(Granularity g) {
  switch (g) {
    case Granularity::pt15m: return "PT15M";
    case Granularity::pt30m: return "PT30M";
    case Granularity::pt1h: return "PT1H";
    case Granularity::p1d: return "P1D";
  }
  return "PT1H";
}

std::chrono::seconds length(Granularity g) {
  switch (g) {
    case Granularity::pt15m: return 15min;
    case Granularity::pt30m: return 30min;
    case Granularity::pt1h: return 1h;
    case Granularity::p1d: return 24h;
  }
  return 1h;
}

std::string_view api_name(Metric m) {
  switch (m) {
    case Metric::calls_attempted: return "callsAttempted";
    case Metric::calls_connected: return "callsConnected";
    case Metric::calls_abandoned: return "callsAbandoned";
    case Metric::talk_time_seconds: return "talkTimeSeconds";
    case Metric::dialing_seconds: return "dialingSeconds";
    case Metric::schedule_adherence: return "scheduleAdherence";
  }
  return "";
}

std::string_view api_type(Metric m) {
  switch (m) {
    case Metric::calls_attempted:
    case Metric::calls_connected:
    case Metric::calls_abandoned: return "count";
    case Metric::talk_time_seconds:
    case Metric::dialing_seconds: return "sum";
    case Metric::schedule_adherence: return "percent";
  }
  return "";
}

std::optional<Metric> metric_from_name(std::string_view name) {
  for (auto m : all_metrics)
    if (api_name(m) == name) return m;
  return std::nullopt;
}

Result<std::vector<RawBucket>> parse_answer(const rapidjson::Value& answer) {
  if (!answer.IsObject()) return fail(ErrorKind::internal, "analytics answer: not a JSON object");
  std::map<Seconds, RawBucket> merged;
  const auto* results = util::get_array(answer, "results");
  if (results == nullptr) {
    if (answer.HasMember("results"))
      return fail(ErrorKind::internal, "analytics answer: results is not an array");
    return std::vector<RawBucket>{};
  }
  for (const auto& result : results->GetArray()) {
    if (!result.IsObject()) continue;
    const auto* group = util::get_object(result, "group");
    if (group == nullptr) continue;
    auto label = util::get_string(*group, "timeInterval");
    if (!label) continue;
    TRY_ASSIGN(auto interval, parse_time_interval(*label));
    auto [it, fresh] = merged.try_emplace(interval.start, RawBucket{interval, {}});
    if (!fresh && it->second.interval.end != interval.end)
      return fail(ErrorKind::internal, "analytics answer: overlapping timeInterval '" +
                                           std::string(*label) + "'");
    auto& bucket = it->second;
    const auto* data = util::get_array(result, "data");
    if (data == nullptr) continue;
    for (const auto& d : data->GetArray()) {
      if (!d.IsObject()) continue;
      auto name = util::get_string(d, "name");
      auto value = util::get_number(d, "value");
      if (!name || !value) continue;
      auto metric = metric_from_name(*name);
      if (!metric) continue;
      auto& slot = bucket.values[index(*metric)];
      if (additive(*metric))
        slot = slot.value_or(0.0) + *value;
      else if (!slot)
        slot = *value;
    }
  }
  std::vector<RawBucket> out;
  out.reserve(merged.size());
  for (auto& [start, bucket] : merged) out.push_back(bucket);
  return out;
}

Activity& Activity::operator+=(const Activity& o) {
  scheduled += o.scheduled;
  upcoming += o.upcoming;
  inside += o.inside;
  outside += o.outside;
  attempted += o.attempted;
  connected += o.connected;
  abandoned += o.abandoned;
  dials_outside += o.dials_outside;
  scheduled_intervals += o.scheduled_intervals;
  intervals_with_dials += o.intervals_with_dials;
  return *this;
}

std::optional<double> adherence_percent(const Activity& a) {
  const std::int64_t due = a.scheduled - a.upcoming;
  if (due <= 0) return std::nullopt;
  return round2(100.0 * static_cast<double>(std::min(a.inside, due)) / static_cast<double>(due));
}

std::optional<double> abandonment_percent(const Activity& a) {
  if (a.connected <= 0) return std::nullopt;
  return round2(100.0 * static_cast<double>(a.abandoned) / static_cast<double>(a.connected));
}

std::optional<double> intervals_with_dials_percent(const Activity& a) {
  if (a.scheduled_intervals <= 0) return std::nullopt;
  return round2(100.0 * static_cast<double>(a.intervals_with_dials) /
                static_cast<double>(a.scheduled_intervals));
}

Activity classify(const RawBucket& bucket, std::int64_t scheduled_seconds) {
  Activity a;
  a.scheduled = scheduled_seconds;
  auto dialing = bucket.get(Metric::dialing_seconds);
  auto adherence = bucket.get(Metric::schedule_adherence);
  const std::int64_t dial = std::max<std::int64_t>(0, whole(dialing));
  if (adherence && scheduled_seconds > 0) {
    a.inside = std::llround(std::clamp(*adherence, 0.0, 100.0) / 100.0 *
                            static_cast<double>(scheduled_seconds));
    if (dialing) a.inside = std::min(a.inside, dial);
  } else {
    a.inside = std::min(dial, scheduled_seconds);
  }
  a.outside = dialing ? std::max<std::int64_t>(0, dial - a.inside) : 0;
  a.attempted = whole(bucket.get(Metric::calls_attempted));
  a.connected = whole(bucket.get(Metric::calls_connected));
  a.abandoned = whole(bucket.get(Metric::calls_abandoned));
  return a;
}

Seconds local_midnight(date::local_days day, const date::time_zone* zone) {
  zone = schedule::zone_or_utc(zone);
  const date::local_seconds local{day};
  auto info = schedule::zone_info(zone, local);
  if (info.result == date::local_info::nonexistent) return info.first.end;
  return Seconds{local.time_since_epoch() - info.first.offset};
}

std::vector<Interval> display_grid(Interval range, Granularity g, const date::time_zone* zone,
                                   bool utc) {
  std::vector<Interval> out;
  if (range.empty()) return out;
  if (g == Granularity::p1d && !utc) {
    for (auto day = schedule::local_day(range.start, zone);; day += date::days{1}) {
      auto from = std::max(local_midnight(day, zone), range.start);
      auto to = std::min(local_midnight(day + date::days{1}, zone), range.end);
      if (from >= range.end) break;
      if (to > from) out.push_back({from, to});
    }
    return out;
  }
  const auto step = length(g);
  for (auto t = floor_to(range.start, step); t < range.end; t += step)
    out.push_back({std::max(t, range.start), std::min(t + step, range.end)});
  return out;
}

CampaignReport compute_report(const ReportInput& input) {
  CampaignReport r;
  r.campaign = input.campaign;
  r.zone = schedule::zone_or_utc(input.schedule->zone);
  r.range = input.range;
  r.requested = input.requested;
  r.source = input.source;
  r.display = input.display;
  r.utc = input.utc;
  r.queries = input.queries;
  r.now = input.now;
  r.dial_proxies = input.dial_proxies;
  r.notes = input.notes;
  if (r.range.empty()) return r;
  r.scheduled = schedule::expand(*input.schedule, r.range);
  // The scheduled seconds of `span` still ahead of now.
  const auto upcoming = [&](Interval span) {
    return overlap(r.scheduled, {std::max(span.start, input.now), span.end});
  };

  auto raw = input.raw;
  std::sort(raw.begin(), raw.end(),
            [](const RawBucket& a, const RawBucket& b) { return a.interval.start < b.interval.start; });
  for (const auto& b : raw) {
    Interval clipped{std::max(b.interval.start, r.range.start), std::min(b.interval.end, r.range.end)};
    if (clipped.empty()) continue;
    const auto scheduled = overlap(r.scheduled, clipped);
    BucketReport fine{clipped, schedule::local_day(clipped.start, r.zone),
                      classify(b, scheduled), b.values};
    fine.activity.upcoming = upcoming(clipped);
    // A row that meets no scheduled instant: its dials are outside the windows.
    if (r.dial_proxies && scheduled == 0) fine.activity.dials_outside = fine.activity.attempted;
    r.fine.push_back(fine);
  }

  std::vector<Slot> slots;
  if (r.dial_proxies) slots = scheduled_slots(r, input.source);
  // Scheduled intervals counted where they start.
  const auto count_slots = [&](Interval span, Activity& a) {
    auto it = std::lower_bound(slots.begin(), slots.end(), span.start,
                               [](const Slot& slot, Seconds t) { return slot.start < t; });
    for (; it != slots.end() && it->start < span.end; ++it) {
      const Slot& slot = *it;
      ++a.scheduled_intervals;
      if (slot.dialed) ++a.intervals_with_dials;
    }
  };

  std::size_t next = 0;
  for (const auto& span : display_grid(r.range, r.display, r.zone, r.utc)) {
    BucketReport shown{span, schedule::local_day(span.start, r.zone), {}, {}};
    shown.activity.scheduled = overlap(r.scheduled, span);
    shown.activity.upcoming = upcoming(span);
    count_slots(span, shown.activity);
    // Without dialer-active time, what no row carried stays unknown; the
    // call counts are zero where no row is.
    MetricValues sums{};
    for (auto m : all_metrics)
      if (m != Metric::schedule_adherence) sums[index(m)] = 0.0;
    if (r.dial_proxies) {
      sums[index(Metric::dialing_seconds)].reset();
      sums[index(Metric::talk_time_seconds)].reset();
    }
    while (next < r.fine.size() && r.fine[next].interval.start < span.end) {
      const auto& f = r.fine[next++];
      if (f.interval.start < span.start) continue;
      shown.activity.inside += f.activity.inside;
      shown.activity.outside += f.activity.outside;
      shown.activity.attempted += f.activity.attempted;
      shown.activity.connected += f.activity.connected;
      shown.activity.abandoned += f.activity.abandoned;
      shown.activity.dials_outside += f.activity.dials_outside;
      for (auto m : all_metrics)
        if (m != Metric::schedule_adherence && f.raw[index(m)])
          sums[index(m)] = sums[index(m)].value_or(0.0) + *f.raw[index(m)];
    }
    if (!r.dial_proxies)
      sums[index(Metric::schedule_adherence)] = adherence_percent(shown.activity);
    shown.raw = sums;
    r.buckets.push_back(shown);
  }

  const auto first = schedule::local_day(r.range.start, r.zone);
  const auto last = schedule::local_day(r.range.end - 1s, r.zone);
  for (auto day = first; day <= last; day += date::days{1}) {
    Interval span{std::max(local_midnight(day, r.zone), r.range.start),
                  std::min(local_midnight(day + date::days{1}, r.zone), r.range.end)};
    DayReport d{day,
                schedule::zone_info(r.zone, span.start).offset,
                schedule::zone_info(r.zone, span.end - 1s).offset,
                {}};
    d.activity.scheduled = overlap(r.scheduled, span);
    d.activity.upcoming = upcoming(span);
    count_slots(span, d.activity);
    r.days.push_back(d);
  }
  for (const auto& f : r.fine) {
    auto i = (f.day - first).count();
    if (i < 0 || i >= static_cast<long>(r.days.size())) continue;
    auto a = f.activity;
    a.scheduled = 0;
    a.upcoming = 0;
    r.days[static_cast<std::size_t>(i)].activity += a;
  }

  auto& s = r.summary;
  std::optional<double> worst;
  for (const auto& d : r.days) {
    s.total += d.activity;
    if (d.activity.outside > 0 || d.activity.dials_outside > 0) ++s.days_with_outside_activity;
    if (auto ab = abandonment_percent(d.activity); ab && *ab > abandonment_limit_percent)
      ++s.days_above_abandonment_limit;
    auto pct = r.dial_proxies ? std::nullopt : adherence_percent(d.activity);
    if (pct && (!worst || *pct < *worst)) {
      worst = pct;
      s.worst_day = d.day;
    }
  }
  if (!r.dial_proxies) s.adherence = adherence_percent(s.total);
  s.abandonment = abandonment_percent(s.total);
  s.abandonment_above_limit = s.abandonment && *s.abandonment > abandonment_limit_percent;
  return r;
}

}  // namespace cxsched::report
