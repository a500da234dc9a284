// AcdPlatform: listing, reading, the schedule of a skill, identity and the
// report rows. define/compare/create/activate are in platform_write.cpp.
#include <algorithm>
#include <charconv>
#include <cxsched/acd/compare.hpp>
#include <cxsched/acd/occupancy.hpp>
#include <cxsched/acd/platform.hpp>
#include <cxsched/acd/status.hpp>
#include <cxsched/schedule/conflict.hpp>
#include <cxsched/schedule/format.hpp>
#include <cxsched/util/expected.hpp>
#include <cxsched/util/json.hpp>
#include <cxsched/util/text.hpp>
#include <cxsched/util/time.hpp>

namespace cxsched::acd {

namespace {

using namespace std::chrono_literals;

schedule::Seconds now_of(http::Client& client) {
  return date::floor<std::chrono::seconds>(client.clock().now());
}

std::string status_reason(const AcdPlatform::SkillView& v) {
  if (v.status == "ACTIVE") return "isRunning";
  if (v.status == "ACTIVATING") return "start accepted, not running yet";
  if (v.status == "COMPLETED") return "past the endDate of its cxsched marker";
  if (v.status == "PAUSED") return "isActive false";
  if (v.status == "SCHEDULED") return "isScheduled, not running";
  return "isScheduled false";
}

// The listing's view of one skill, alive during the visitor's call.
class ListedSkill final : public platform::Listed {
 public:
  ListedSkill(const AcdPlatform::SkillView& v, std::string id, const BusinessUnitInfo& unit,
              schedule::Seconds now, std::function<platform::Campaign()> keep)
      : v_(v), id_(std::move(id)), unit_(unit), now_(now), keep_(std::move(keep)) {}
  std::string_view id() const override { return id_; }
  std::string_view name() const override { return v_.row.name; }
  std::string_view status() const override { return v_.status; }
  Result<std::optional<schedule::Schedule>> occupied() const override {
    if (!schedule::conflicting_status(v_.status)) return std::optional<schedule::Schedule>{};
    return acd::occupied(v_.row, v_.week, v_.marker, v_.status, unit_.zone.zone, now_);
  }
  Result<platform::Campaign> keep() const override { return keep_(); }

 private:
  const AcdPlatform::SkillView& v_;
  std::string id_;
  const BusinessUnitInfo& unit_;
  schedule::Seconds now_;
  std::function<platform::Campaign()> keep_;
};

}  // namespace

AcdPlatform::AcdPlatform(http::Client& client, auth::TokenSource& tokens, PlatformSettings settings)
    : client_(client),
      tokens_(tokens),
      api_(client, tokens, settings.api),
      settings_(std::move(settings)) {}

void AcdPlatform::warn(std::string message) {
  std::lock_guard lock(mu_);
  warnings_.push_back(std::move(message));
}

std::vector<std::string> AcdPlatform::take_warnings() {
  std::lock_guard lock(mu_);
  return std::exchange(warnings_, {});
}

Result<BusinessUnitInfo> AcdPlatform::business_unit() {
  {
    std::lock_guard lock(mu_);
    if (unit_) return *unit_;
  }
  TRY_ASSIGN(const ApiBase b, api_.base());
  for (const auto& w : b.warnings) warn(w);
  std::optional<std::string_view> configured;
  if (!settings_.business_unit_zone.empty()) configured = settings_.business_unit_zone;
  TRY_ASSIGN(BusinessUnitInfo unit, api_.business_unit(configured));
  for (const auto& w : unit.zone.warnings) warn(w);
  std::lock_guard lock(mu_);
  if (!unit_) unit_ = std::move(unit);
  return *unit_;
}

Result<long> AcdPlatform::skill_id(std::string_view id) const {
  long out = 0;
  auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), out);
  if (id.empty() || ec != std::errc{} || end != id.data() + id.size() || out <= 0)
    return fail(ErrorKind::not_found, "no skill '" + util::printable(id) +
                                          "': skill ids on the acd platform are numbers");
  return out;
}

Result<AcdPlatform::SkillView> AcdPlatform::view(const SkillRow& row, const BusinessUnitInfo&) {
  SkillView v{row, {}, std::nullopt, {}};
  TRY_ASSIGN(const auto block, api_.block(row.id, "schedule-settings"));
  TRY_ASSIGN(v.week, week_from_block(block));
  // A malformed marker is someone's notes, not ours: read as no marker.
  if (auto m = parse_marker(row.notes); m) v.marker = *m;
  SkillState state{row.is_running, false, row.is_active, v.week.is_scheduled, std::nullopt};
  if (v.marker) state.marker_end = v.marker->end;
  {
    std::lock_guard lock(mu_);
    state.start_accepted = started_.contains(row.id);
  }
  v.status = std::string(derive_status(state, now_of(client_)));
  return v;
}

platform::Campaign AcdPlatform::to_campaign(const SkillView& v,
                                            const BusinessUnitInfo& unit) const {
  platform::Campaign c;
  c.id = std::to_string(v.row.id);
  c.name = v.row.name;
  c.status = v.status;
  c.status_reason = status_reason(v);
  if (v.marker) {
    c.start_date = schedule::format_rfc3339(v.marker->start, v.marker->zone);
    c.end_date = schedule::format_rfc3339(v.marker->end, v.marker->zone);
  }
  c.zone = unit.zone.name;
  // The skill as the platform shows it, with its schedule block and the
  // derived status.
  std::string text = "{\"skillId\":" + std::to_string(v.row.id) +
                     ",\"skillName\":" + util::quote_json(v.row.name) +
                     ",\"mediaTypeId\":" + std::to_string(v.row.media_type_id) +
                     ",\"isActive\":" + (v.row.is_active ? "true" : "false") +
                     ",\"isOutbound\":" + (v.row.is_outbound ? "true" : "false") +
                     ",\"outboundStrategy\":" + util::quote_json(v.row.outbound_strategy) +
                     ",\"isRunning\":" + (v.row.is_running ? "true" : "false") +
                     ",\"campaignId\":" + std::to_string(v.row.campaign_id) +
                     ",\"notes\":" + util::quote_json(v.row.notes) +
                     ",\"status\":" + util::quote_json(v.status) +
                     ",\"businessUnitZone\":" + util::quote_json(unit.zone.name) + ",";
  std::string block = schedule_settings_body(nullptr, v.week);  // {"scheduleSettings":{...}}
  text += block.substr(1);
  auto doc = std::make_shared<rapidjson::Document>();
  doc->Parse(text.c_str(), text.size());
  c.object = std::move(doc);
  return c;
}

Result<platform::ListStats> AcdPlatform::for_each_campaign(const platform::ListOptions& options,
                                                           const platform::Visitor& visit) {
  TRY_ASSIGN(const BusinessUnitInfo unit, business_unit());
  platform::ListStats stats;
  const auto now = now_of(client_);
  TRY_ASSIGN(stats.pages, api_.for_each_skill(
                              [&](const SkillRow& row) -> Result<void> {
                                if (!row.personal_connection()) return {};
                                if (stats.campaigns >= options.limits.max_campaigns)
                                  return fail(ErrorKind::internal,
                                              "the skill list holds more than " +
                                                  std::to_string(options.limits.max_campaigns) +
                                                  " Personal Connection skills");
                                auto v = view(row, unit);
                                if (!v && v.error().kind == ErrorKind::not_found)
                                  return {};  // deleted meanwhile
                                if (!v) return std::unexpected(v.error());
                                ++stats.campaigns;
                                const ListedSkill listed(*v, std::to_string(row.id), unit, now,
                                                         [&] { return to_campaign(*v, unit); });
                                return visit(listed);
                              },
                              options.page_size, options.limits.max_pages));
  return stats;
}

Result<platform::Campaign> AcdPlatform::get(std::string_view id) {
  TRY_ASSIGN(const long skill, skill_id(id));
  TRY_ASSIGN(const BusinessUnitInfo unit, business_unit());
  TRY_ASSIGN(const SkillRow row, api_.skill(skill));
  if (!row.personal_connection())
    return fail(ErrorKind::not_found,
                "skill " + std::to_string(skill) + " is not a Personal Connection outbound skill");
  TRY_ASSIGN(const SkillView v, view(row, unit));
  return to_campaign(v, unit);
}

Result<schedule::Schedule> AcdPlatform::schedule_of(const platform::Campaign& campaign) {
  TRY_ASSIGN(const BusinessUnitInfo unit, business_unit());
  if (!campaign.object || !campaign.object->IsObject())
    return fail(ErrorKind::internal, "campaign " + campaign.id + " carries no skill object");
  const auto* block = util::get_object(*campaign.object, "scheduleSettings");
  if (block == nullptr)
    return fail(ErrorKind::invalid_spec, "skill " + campaign.id + ": no scheduleSettings");
  TRY_ASSIGN(const SkillWeek week, week_from_block(*block));
  TRY_ASSIGN(const auto marker,
             parse_marker(util::get_string(*campaign.object, "notes").value_or("")));
  schedule::Schedule s;
  s.id = campaign.id;
  s.name = campaign.name;
  s.status = campaign.status;
  s.zone = unit.zone.zone;
  s.windows = windows_of(week);
  if (s.windows.empty())
    return fail(ErrorKind::invalid_spec,
                "skill " + campaign.id + ": schedule-settings has no active day with a window");
  if (!marker)
    return fail(ErrorKind::invalid_spec,
                "skill " + campaign.id +
                    ": notes: no cxsched:v1 marker, so the skill has no campaign dates");
  s.start = marker->start;
  s.end = marker->end;
  return s;
}

Result<platform::Identity> AcdPlatform::identity() {
  const int before = tokens_.requests_made();
  TRY_ASSIGN(const auth::Token token, tokens_.token());
  platform::Identity id;
  id.platform = "acd";
  id.principal = tokens_.key_id();
  id.token_expires = token.expires_at;
  id.token_from_cache = tokens_.requests_made() == before;
  TRY_ASSIGN(const ApiBase b, api_.base());
  id.endpoint = b.services;
  id.facts.emplace_back("API", b.how);
  TRY_ASSIGN(const BusinessUnitInfo unit, business_unit());
  id.facts.emplace_back("business unit", unit.name + " (" + std::to_string(unit.id) + ")");
  id.facts.emplace_back("zone", unit.zone.describe());
  return id;
}

Result<platform::ReportRows> AcdPlatform::report_rows(const platform::Campaign& campaign,
                                                      report::Interval range,
                                                      const platform::RowsProgress& progress) {
  TRY_ASSIGN(const long skill, skill_id(campaign.id));
  platform::ReportRows out;
  TRY_ASSIGN(const auto rows, api_.dialer_rows(skill, range, [&](int piece, int pieces) {
    out.queries = pieces;
    if (progress) progress(piece, pieces);
  }));
  // The rows' length is their spacing on the UTC grid (acd-contract.md).
  std::chrono::seconds spacing{0};
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto gap = std::chrono::abs(rows[i].interval_start - rows[i - 1].interval_start);
    if (gap > std::chrono::seconds{0} && (spacing.count() == 0 || gap < spacing)) spacing = gap;
  }
  out.grid = report::Granularity::pt15m;
  if (spacing == 30min) out.grid = report::Granularity::pt30m;
  if (spacing == 1h) out.grid = report::Granularity::pt1h;
  if (spacing == std::chrono::seconds{24h}) out.grid = report::Granularity::p1d;
  const auto length = report::length(out.grid);
  // CXone reports dials but no dialer-active time: the report shows the
  // proxies (acd-contract.md, "Reporting").
  out.dial_proxies = true;
  const auto bare = std::count_if(rows.begin(), rows.end(),
                                  [](const DialerRow& row) { return row.without_offset; });
  if (bare > 0)
    out.notes.push_back(std::to_string(bare) + " of " + std::to_string(rows.size()) +
                        " dialer rows had an intervalStartDate without a UTC offset; they were "
                        "read as UTC");
  for (const auto& row : rows) {
    report::RawBucket b;
    b.interval = {row.interval_start, row.interval_start + length};
    b.values[static_cast<std::size_t>(report::Metric::calls_attempted)] =
        static_cast<double>(row.dials);
    b.values[static_cast<std::size_t>(report::Metric::calls_connected)] =
        static_cast<double>(row.connects);
    b.values[static_cast<std::size_t>(report::Metric::calls_abandoned)] =
        static_cast<double>(row.abandons);
    out.rows.push_back(b);
  }
  return out;
}

}  // namespace cxsched::acd
