// Reporting of `--platform acd`: skills/{id}/summary and
// wfm-data/skills/dialer-contacts over a deterministic dialing model (see
// --help): a skill dials while it runs and, while scheduled, in its
// windows read in the business unit's zone.
#include <httplib.h>

#include <algorithm>
#include <cmath>

#include "replies.hpp"
#include "server.hpp"

namespace cxsched::sim::acd {

namespace {

using std::chrono::seconds;
constexpr seconds row_length{15 * 60};

struct Row {
  date::sys_seconds start;
  long skill_id;
  long dials, connects, right_party, abandons;
};

// When the skill dialed, up to `now`.
Spans activity(const Skill& s, const date::time_zone* zone, date::sys_seconds now) {
  Spans out = s.run_spans;
  if (s.running_since) out.push_back({date::floor<seconds>(*s.running_since), now});
  const auto created = date::floor<seconds>(s.created);
  if (s.schedule.is_scheduled && zone != nullptr) {
    const auto first = date::floor<date::days>(to_local(zone, created));
    const auto last = date::floor<date::days>(to_local(zone, now));
    for (auto day = first; day <= last; day += date::days{1}) {
      const Day& d = s.schedule.days[date::weekday{day}.c_encoding()];
      if (!d.active || d.end_min <= d.start_min) continue;
      for (const auto& span : local_range_to_sys(zone, day + std::chrono::minutes{d.start_min},
                                                 day + std::chrono::minutes{d.end_min}))
        out.push_back(span);
    }
  }
  for (auto& span : out) {
    span.begin = std::max(span.begin, created);
    span.end = std::min(span.end, now);
  }
  normalize(out);
  return out;
}

double abandon_rate(const Skill& s) {
  const auto* override_rate = member(s.general, "overrideBusinessUnitAbandonRate");
  const auto* threshold = member(s.general, "abandonRateThreshold");
  if (override_rate && override_rate->IsBool() && override_rate->GetBool() && threshold &&
      threshold->IsNumber())
    return std::clamp(threshold->GetDouble() / 100.0, 0.0, 1.0);
  return 0.03;
}

void add_rows(const Skill& s, const date::time_zone* zone, date::sys_seconds from,
              date::sys_seconds to, date::sys_seconds now, std::vector<Row>& rows) {
  const Spans active = activity(s, zone, now);
  if (active.empty()) return;
  const double r = abandon_rate(s);
  to = std::min(to, now);
  for (auto t = from - (from.time_since_epoch() % row_length); t < to; t += row_length) {
    const Span bucket{std::max(t, from), std::min(t + row_length, to)};
    if (bucket.end <= bucket.begin) continue;
    const long minutes = static_cast<long>(length_within(active, bucket).count() / 60);
    if (minutes == 0) continue;
    long abandons = 0;
    for (const auto& span : active) {
      const auto lo = std::max(span.begin, bucket.begin).time_since_epoch().count();
      const auto hi = std::min(span.end, bucket.end).time_since_epoch().count();
      for (auto m = (lo + 59) / 60; (m + 1) * 60 <= hi; ++m) {
        const auto md = static_cast<double>(m);
        if (std::floor((md + 1) * r) > std::floor(md * r)) ++abandons;
      }
    }
    rows.push_back({t, s.id, 3 * minutes, minutes, minutes - minutes / 5, abandons});
  }
}

// startDate/endDate in UTC with a literal Z; an error reply otherwise.
std::optional<Reply> read_range(const httplib::Request& r, date::sys_seconds& from,
                                date::sys_seconds& to) {
  for (auto [key, out] : {std::pair{"startDate", &from}, std::pair{"endDate", &to}}) {
    const std::string text = r.get_param_value(key);
    auto parsed = parse_date_time(text);
    if (!parsed || !parsed->offset || text.empty() || text.back() != 'Z')
      return acd_error(400, "InvalidParameter",
                       std::string{key} + " must be an ISO 8601 UTC date-time ending in Z");
    *out = date::floor<seconds>(parsed->utc());
  }
  if (to <= from) return acd_error(400, "InvalidParameter", "endDate must be after startDate");
  return std::nullopt;
}

}  // namespace

Reply AcdSimulator::summary(const httplib::Request& r, long id, SysMillis now) {
  const Skill* s = find_skill(id);
  if (s == nullptr) return acd_error(404, "NotFound", "Invalid skillId");
  date::sys_seconds from;
  date::sys_seconds to;
  if (auto error = read_range(r, from, to)) return *error;
  std::vector<Row> rows;
  if (s->personal_connection())
    add_rows(*s, business_unit_zone(options_.business_unit_zone), from, to,
             date::floor<seconds>(now), rows);
  if (rows.empty()) return no_content();
  long dials = 0, connects = 0, right_party = 0, abandons = 0;
  for (const auto& row : rows) {
    dials += row.dials;
    connects += row.connects;
    right_party += row.right_party;
    abandons += row.abandons;
  }
  char rate[32];
  std::snprintf(rate, sizeof rate, "%.2f",
                connects > 0 ? 100.0 * static_cast<double>(abandons) / static_cast<double>(connects)
                             : 0.0);
  return json_reply(200, "{\"skillSummaries\":[{\"skillId\":" + number(id) +
                             ",\"dials\":" + std::to_string(dials) +
                             ",\"connects\":" + std::to_string(connects) +
                             ",\"rightPartyConnects\":" + std::to_string(right_party) +
                             ",\"abandonCount\":" + std::to_string(abandons) +
                             ",\"abandonRate\":" + rate + "}]}");
}

Reply AcdSimulator::dialer_contacts(const httplib::Request& r, SysMillis now) {
  if (!r.has_param("mediaTypeId"))
    return acd_error(400, "InvalidParameter", "mediaTypeId is required");
  auto media = strict_long(r.get_param_value("mediaTypeId"));
  if (!media) return acd_error(400, "InvalidParameter", "mediaTypeId must be an integer");
  date::sys_seconds from;
  date::sys_seconds to;
  if (auto error = read_range(r, from, to)) return *error;
  std::vector<Row> rows;
  const auto* zone = business_unit_zone(options_.business_unit_zone);
  for (const auto& [id, s] : skills_)
    if (s->personal_connection() && s->media_type_id == *media)
      add_rows(*s, zone, from, to, date::floor<seconds>(now), rows);
  if (rows.empty()) return no_content();
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row& a, const Row& b) { return a.start < b.start; });
  std::string body = "{" + quote(options_.report_key) + ":[";
  bool first = true;
  for (const auto& row : rows) {
    body += first ? "{" : ",{";
    first = false;
    std::string when = format_utc(SysMillis{row.start}, true);
    if (options_.report_times_bare) when.pop_back();  // "2024-09-09T13:00:00.000"
    body += "\"intervalStartDate\":" + quote(when) +
            ",\"skillId\":" + number(row.skill_id) + ",\"mediaTypeId\":" + number(*media) +
            ",\"dials\":" + std::to_string(row.dials) +
            ",\"connects\":" + std::to_string(row.connects) +
            ",\"connectsAHT\":150.0,\"rightPartyConnects\":" + std::to_string(row.right_party) +
            ",\"abandons\":" + std::to_string(row.abandons) + "}";
  }
  return json_reply(200, body + "]}");
}

}  // namespace cxsched::sim::acd
