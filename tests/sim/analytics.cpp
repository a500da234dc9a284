// Synthetic dialer activity, deterministic so tests can compute exact numbers.
//
// Only campaigns in status ACTIVE, PAUSED or COMPLETED have activity, and only
// at instants before the real current time. A campaign is scheduled, on each
// local day D of [startDate, endDate) in its zone that is not in excludeDates,
// during its execution windows for D's weekday: every instant whose local
// wall-clock time lies in [D+start, D+end). With no windows it is scheduled for
// the whole of [startDate, endDate). Let d be the number of local days from the
// local date of startDate to D. On day d the dialer is active
//   - in each window from start + L(d) to end, L(d) = (d % 4) * 5 minutes;
//   - when d % 7 == 3, also for 10 minutes after the end of the latest window
//     of that day (an overrun outside the schedule);
//   - the whole time for a campaign without windows.
// Scheduled and active time are clipped to [startDate, endDate), to the query
// range and to before now.
//
// Buckets: with `timeInterval` in groupBy, a UTC grid of the interval (P1D is a
// UTC day) clipped to the query range; without it, the whole range is one
// bucket. A bucket with A = floor(active seconds / 60) = 0 is absent. Otherwise
//   callsAttempted = 3A, callsConnected = A, callsAbandoned = X,
//   talkTimeSeconds = 150A, dialingSeconds = 60A,
//   scheduleAdherence = round2(100 * active seconds inside scheduled time /
//                              scheduled seconds), absent when nothing was
//                              scheduled in the bucket.
// Abandoned calls: let r be the campaign's dialerSettings.dropRate (0.03 when
// absent or not a number, clamped to [0, 1]). A UTC minute m is the interval
// [60m, 60m + 60) seconds since the Unix epoch (m = epoch seconds / 60). X is
// the number of minutes m lying wholly in active time and in the bucket with
//   floor((m + 1) * r) > floor(m * r)      (IEEE double products, as Python's
//                                           math.floor((m + 1) * r) > math.floor(m * r))
// Each such minute has one abandoned call: one of its 3 attempts was answered
// but found no agent. It is not among the A connected calls (callsConnected
// stays A), so the abandonment rate X / A tends to r. X is additive: the
// counts of adjacent buckets add up to the count of their union. X <= A
// always; when the active time is made of whole UTC minutes (windows, zone
// offsets and the query range on whole minutes, the usual case) the minutes
// tested are exactly the A active minutes of the bucket.
// With `disposition` in groupBy a bucket splits into groups (an ABANDONED group
// only when X > 0):
//   CONNECTED: callsAttempted A, callsConnected A, callsAbandoned 0, talkTimeSeconds 150A
//   NO_ANSWER: callsAttempted 2A - X, every other count 0
//   ABANDONED: callsAttempted X, callsAbandoned X, every other count 0
// so the groups add up to the totals; dialingSeconds and scheduleAdherence
// describe the whole bucket and repeat in every group.
#include "analytics.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string_view>

#include "json.hpp"

namespace cxsched::sim {

using namespace std::chrono_literals;

namespace {

struct MetricInfo {
  std::string_view name;
  std::string_view type;
};
constexpr std::array<MetricInfo, 6> metric_infos{{{"callsAttempted", "count"},
                                                  {"callsConnected", "count"},
                                                  {"callsAbandoned", "count"},
                                                  {"talkTimeSeconds", "sum"},
                                                  {"dialingSeconds", "sum"},
                                                  {"scheduleAdherence", "percent"}}};

const MetricInfo* find_metric(std::string_view name) {
  for (const auto& m : metric_infos)
    if (m.name == name) return &m;
  return nullptr;
}

struct IntervalInfo {
  std::string_view name;
  std::chrono::seconds length;
};
constexpr std::array<IntervalInfo, 4> intervals{
    {{"PT15M", 15min}, {"PT30M", 30min}, {"PT1H", 1h}, {"P1D", 24h}}};

std::optional<date::sys_seconds> range_bound(const rapidjson::Value& range, const char* key,
                                             FieldErrors& errors) {
  std::string path = std::string{"dateRange."} + key;
  auto text = string_member(range, key);
  if (!text) {
    errors.push_back({path, "is required (RFC 3339 date-time)"});
    return std::nullopt;
  }
  auto parsed = parse_date_time(*text);
  if (!parsed || !parsed->offset) {
    errors.push_back({path, "'" + *text + "' is not an RFC 3339 date-time with a UTC offset"});
    return std::nullopt;
  }
  return date::floor<std::chrono::seconds>(parsed->utc());
}

int weekday_bit(std::string_view day) {
  constexpr std::array<std::string_view, 7> names{"MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"};
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == day) return static_cast<int>(i);
  return -1;
}

std::optional<date::sys_seconds> campaign_instant(const rapidjson::Value& campaign, const char* key,
                                                  const date::time_zone* zone) {
  auto text = string_member(campaign, key);
  if (!text) return std::nullopt;
  auto parsed = parse_date_time(*text);
  if (!parsed) return std::nullopt;
  if (parsed->offset) return date::floor<std::chrono::seconds>(parsed->utc());
  auto local = date::floor<std::chrono::seconds>(parsed->local);
  return to_sys_earliest(zone, local);
}

date::local_days local_day_of(const date::time_zone* zone, date::sys_seconds t) {
  return date::floor<date::days>(to_local(zone, t));
}

void clip(Spans& spans, Span bound) {
  normalize(spans);
  spans = intersect(spans, Spans{bound});
}

double round2(double v) {
  return std::round(v * 100.0) / 100.0;
}

constexpr double default_drop_rate = 0.03;

double drop_rate_of(const rapidjson::Value& campaign) {
  const auto* dialer = member(campaign, "dialerSettings");
  const auto* rate = dialer != nullptr && dialer->IsObject() ? member(*dialer, "dropRate") : nullptr;
  if (rate == nullptr || !rate->IsNumber()) return default_drop_rate;
  return std::clamp(rate->GetDouble(), 0.0, 1.0);
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

std::int64_t ceil_div(std::int64_t a, std::int64_t b) {
  return -floor_div(-a, b);
}

// Minutes m in [from, to) with floor((m + 1) r) > floor(m r): the sum telescopes.
std::int64_t drop_minutes(std::int64_t from, std::int64_t to, double r) {
  if (to <= from) return 0;
  const auto steps = [r](std::int64_t m) {
    return static_cast<std::int64_t>(std::floor(static_cast<double>(m) * r));
  };
  return steps(to) - steps(from);
}

std::int64_t abandoned_within(const Spans& active, Span bucket, double r) {
  std::int64_t total = 0;
  for (const auto& s : intersect(active, Spans{bucket}))
    total += drop_minutes(ceil_div(s.begin.time_since_epoch().count(), 60),
                          floor_div(s.end.time_since_epoch().count(), 60), r);
  return total;
}

}  // namespace

FieldErrors parse_analytics_query(const rapidjson::Value& body, AnalyticsQuery& out) {
  FieldErrors errors;
  const auto* range = member(body, "dateRange");
  if (range == nullptr || !range->IsObject()) {
    errors.push_back({"dateRange", "is required: {\"startDate\": ..., \"endDate\": ...}"});
  } else {
    auto start = range_bound(*range, "startDate", errors);
    auto end = range_bound(*range, "endDate", errors);
    if (start && end) {
      if (*end <= *start) {
        errors.push_back({"dateRange.endDate", "must be after dateRange.startDate"});
      } else if (*end - *start > date::days{31}) {
        errors.push_back({"dateRange", "must span at most 31 days"});
      }
      out.range = {*start, *end};
    }
  }

  const auto* metrics = member(body, "metrics");
  if (metrics == nullptr || !metrics->IsArray() || metrics->Empty()) {
    errors.push_back({"metrics", "is required: a non-empty array of {\"name\", \"type\"}"});
  } else {
    for (rapidjson::SizeType i = 0; i < metrics->Size(); ++i) {
      const auto& m = (*metrics)[i];
      std::string path = "metrics[" + std::to_string(i) + "]";
      auto name = string_member(m, "name");
      const MetricInfo* info = name ? find_metric(*name) : nullptr;
      if (info == nullptr) {
        errors.push_back({path + ".name", "unknown metric '" + name.value_or("") +
                                              "'; known: callsAttempted, callsConnected, "
                                              "callsAbandoned, talkTimeSeconds, dialingSeconds, "
                                              "scheduleAdherence"});
        continue;
      }
      auto type = string_member(m, "type");
      if (member(m, "type") != nullptr && (!type || *type != info->type)) {
        errors.push_back({path + ".type",
                          std::string{"the type of "} + *name + " is " + std::string{info->type}});
        continue;
      }
      if (std::find(out.metrics.begin(), out.metrics.end(), *name) == out.metrics.end())
        out.metrics.push_back(*name);
    }
  }

  if (const auto* group_by = member(body, "groupBy")) {
    if (!group_by->IsArray()) {
      errors.push_back({"groupBy", "must be an array of timeInterval, disposition"});
    } else {
      for (rapidjson::SizeType i = 0; i < group_by->Size(); ++i) {
        const auto& g = (*group_by)[i];
        std::string_view v = g.IsString() ? std::string_view{g.GetString(), g.GetStringLength()}
                                          : std::string_view{};
        if (v == "timeInterval") {
          out.by_time = true;
        } else if (v == "disposition") {
          out.by_disposition = true;
        } else {
          errors.push_back(
              {"groupBy[" + std::to_string(i) + "]", "must be timeInterval or disposition"});
        }
      }
    }
  }

  if (const auto* interval = member(body, "interval")) {
    const IntervalInfo* found = nullptr;
    if (interval->IsString())
      for (const auto& i : intervals)
        if (i.name == interval->GetString()) found = &i;
    if (found == nullptr) {
      errors.push_back({"interval", "must be one of PT15M, PT30M, PT1H, P1D"});
    } else {
      out.interval = found->length;
      out.interval_name = std::string{found->name};
    }
  }

  auto id = string_member(body, "campaignId");
  if (!id || id->empty()) {
    errors.push_back({"campaignId", "is required"});
  } else {
    out.campaign_id = *id;
  }
  return errors;
}

std::optional<Schedule> schedule_of(const rapidjson::Value& campaign) {
  auto zone_name = string_member(campaign, "timezone");
  if (!zone_name) return std::nullopt;
  Schedule s;
  s.zone = find_zone(*zone_name);
  if (s.zone == nullptr) return std::nullopt;
  auto start = campaign_instant(campaign, "startDate", s.zone);
  auto end = campaign_instant(campaign, "endDate", s.zone);
  if (!start || !end || *end <= *start) return std::nullopt;
  s.start = *start;
  s.end = *end;
  if (const auto* windows = member(campaign, "executionWindows"); windows && windows->IsArray()) {
    for (const auto& w : windows->GetArray()) {
      auto from = string_member(w, "start");
      auto to = string_member(w, "end");
      const auto* days = member(w, "days");
      if (!from || !to || days == nullptr || !days->IsArray()) continue;
      auto a = parse_clock_time(*from);
      auto b = parse_clock_time(*to);
      if (!a || !b || *b <= *a) continue;
      DailyWindow dw{0, *a, *b};
      for (const auto& d : days->GetArray()) {
        int bit = d.IsString() ? weekday_bit(d.GetString()) : -1;
        if (bit >= 0) dw.weekdays |= 1U << bit;
      }
      if (dw.weekdays != 0) s.windows.push_back(dw);
    }
  }
  if (const auto* excluded = member(campaign, "excludeDates"); excluded && excluded->IsArray()) {
    for (const auto& d : excluded->GetArray())
      if (d.IsString())
        if (auto day = parse_local_date(d.GetString())) s.excluded.insert(*day);
  }
  return s;
}

Activity compute_activity(const Schedule& schedule, Span range, date::sys_seconds now) {
  Activity out;
  Span bound{std::max(range.begin, schedule.start), std::min({range.end, schedule.end, now})};
  if (bound.end <= bound.begin) return out;
  if (schedule.windows.empty()) {
    out.scheduled = {bound};
    out.active = {bound};
    return out;
  }
  const auto first_day = local_day_of(schedule.zone, schedule.start);
  const auto last_day = local_day_of(schedule.zone, schedule.end - 1s);
  const auto from = std::max(first_day, local_day_of(schedule.zone, bound.begin) - date::days{2});
  const auto to = std::min(last_day, local_day_of(schedule.zone, bound.end) + date::days{1});
  for (auto day = from; day <= to; day += date::days{1}) {
    if (schedule.excluded.contains(day)) continue;
    const auto d = (day - first_day).count();
    const auto bit = date::weekday{day}.iso_encoding() - 1;
    const std::chrono::minutes late{(d % 4) * 5};
    std::optional<std::chrono::minutes> last_end;
    for (const auto& w : schedule.windows) {
      if ((w.weekdays & (1U << bit)) == 0) continue;
      const date::local_seconds base{day};
      auto sched = local_range_to_sys(schedule.zone, base + w.start, base + w.end);
      out.scheduled.insert(out.scheduled.end(), sched.begin(), sched.end());
      if (w.start + late < w.end) {
        auto act = local_range_to_sys(schedule.zone, base + w.start + late, base + w.end);
        out.active.insert(out.active.end(), act.begin(), act.end());
      }
      last_end = std::max(last_end.value_or(w.end), w.end);
    }
    if (last_end && d % 7 == 3) {
      const date::local_seconds base{day};
      auto over = local_range_to_sys(schedule.zone, base + *last_end, base + *last_end + 10min);
      out.active.insert(out.active.end(), over.begin(), over.end());
    }
  }
  clip(out.scheduled, bound);
  clip(out.active, bound);
  return out;
}

std::string analytics_response(const AnalyticsQuery& query, const rapidjson::Value& campaign,
                               date::sys_seconds now) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("campaignId");
  w.String(query.campaign_id.c_str());
  w.Key("interval");
  w.String(query.interval_name.c_str());
  w.Key("results");
  w.StartArray();

  auto status = string_member(campaign, "status").value_or("");
  auto schedule = schedule_of(campaign);
  const double drop_rate = drop_rate_of(campaign);
  if (schedule && (status == "ACTIVE" || status == "PAUSED" || status == "COMPLETED")) {
    const Activity activity = compute_activity(*schedule, query.range, now);
    const Spans on_schedule = intersect(activity.active, activity.scheduled);
    std::vector<Span> buckets;
    if (query.by_time) {
      const auto step = query.interval.count();
      auto first = query.range.begin.time_since_epoch().count();
      first -= ((first % step) + step) % step;
      for (date::sys_seconds b{std::chrono::seconds{first}}; b < query.range.end;
           b += query.interval)
        buckets.push_back(
            {std::max(b, query.range.begin), std::min(b + query.interval, query.range.end)});
    } else {
      buckets.push_back(query.range);
    }

    struct Counts {
      std::int64_t attempted, connected, abandoned, talk;
    };
    for (const auto& bucket : buckets) {
      const auto active = length_within(activity.active, bucket);
      const std::int64_t a = active.count() / 60;
      if (a == 0) continue;
      const std::int64_t x = abandoned_within(activity.active, bucket, drop_rate);
      const auto scheduled = length_within(activity.scheduled, bucket);
      std::optional<double> adherence;
      if (scheduled.count() > 0)
        adherence = round2(100.0 * static_cast<double>(length_within(on_schedule, bucket).count()) /
                           static_cast<double>(scheduled.count()));
      std::vector<std::pair<const char*, Counts>> groups;
      if (query.by_disposition) {
        groups.push_back({"CONNECTED", {a, a, 0, 150 * a}});
        groups.push_back({"NO_ANSWER", {2 * a - x, 0, 0, 0}});
        if (x > 0) groups.push_back({"ABANDONED", {x, 0, x, 0}});
      } else {
        groups.push_back({nullptr, {3 * a, a, x, 150 * a}});
      }
      const std::string label =
          query.by_time ? format_utc(bucket.begin) + "/" + format_utc(bucket.end) : std::string{};
      for (const auto& [disposition, counts] : groups) {
        w.StartObject();
        w.Key("group");
        w.StartObject();
        if (query.by_time) {
          w.Key("timeInterval");
          w.String(label.c_str());
        }
        if (disposition != nullptr) {
          w.Key("disposition");
          w.String(disposition);
        }
        w.EndObject();
        w.Key("data");
        w.StartArray();
        for (const auto& name : query.metrics) {
          const MetricInfo* info = find_metric(name);
          if (name == "scheduleAdherence" && !adherence) continue;
          w.StartObject();
          w.Key("name");
          w.String(name.c_str());
          w.Key("type");
          w.String(info->type.data(), static_cast<rapidjson::SizeType>(info->type.size()));
          w.Key("value");
          if (name == "callsAttempted")
            w.Int64(counts.attempted);
          else if (name == "callsConnected")
            w.Int64(counts.connected);
          else if (name == "callsAbandoned")
            w.Int64(counts.abandoned);
          else if (name == "talkTimeSeconds")
            w.Int64(counts.talk);
          else if (name == "dialingSeconds")
            w.Int64(60 * a);
          else
            w.Double(*adherence);
          w.EndObject();
        }
        w.EndArray();
        w.EndObject();
      }
    }
  }
  w.EndArray();
  w.EndObject();
  return {buf.GetString(), buf.GetSize()};
}

}  // namespace cxsched::sim
