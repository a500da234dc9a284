#include <cxsched/ops/report.hpp>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cxsched/report/range.hpp>
#include <cxsched/schedule/format.hpp>
#include <cxsched/schedule/spec.hpp>
#include <cxsched/util/json.hpp>

namespace cxsched::ops {

namespace {

Result<report::CampaignReport> build_one(api::CampaignApi& api, report::Seconds now,
                                         std::string_view id, const ReportOptions& options,
                                         const ReportProgress& progress) {
  auto campaign = api.get(id);
  if (!campaign) return std::unexpected(campaign.error());
  auto sched = schedule::schedule_from_campaign(*campaign->object);
  if (!sched)
    return fail(ErrorKind::internal, "campaign " + std::string(id) +
                                         " has no usable schedule: " + sched.error().message);
  auto requested = report::resolve_range(options.from, options.to, sched->zone, now);
  if (!requested) return std::unexpected(requested.error());

  report::ReportInput input;
  input.campaign = {campaign->id, campaign->name, campaign->status,
                    std::string(util::get_string(*campaign->object, "timezone").value_or("UTC"))};
  input.schedule = &*sched;
  input.requested = *requested;
  // The whole range asked for, future included: the platform says what it
  // has, and scheduled time after now counts as upcoming, not missed.
  input.range = *requested;
  input.now = now;
  input.source = query_granularity;
  input.display = options.interval;
  input.utc = options.utc;
  if (!input.range.empty()) {
    auto pieces = report::split_range(input.range, report::length(query_granularity));
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      if (progress) progress(id, static_cast<int>(i + 1), static_cast<int>(pieces.size()));
      auto answer =
          api.query_analytics(analytics_query_body(campaign->id, pieces[i], query_granularity));
      if (!answer) return std::unexpected(answer.error());
      ++input.queries;
      auto buckets = report::parse_answer(*answer);
      if (!buckets) return std::unexpected(buckets.error());
      input.raw.insert(input.raw.end(), buckets->begin(), buckets->end());
    }
  }
  return report::compute_report(input);
}

}  // namespace

std::string analytics_query_body(std::string_view campaign_id, report::Interval range,
                                 report::Granularity interval) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  auto str = [&w](std::string_view s) {
    w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  };
  w.StartObject();
  w.Key("dateRange");
  w.StartObject();
  w.Key("startDate");
  str(schedule::format_utc(range.start));
  w.Key("endDate");
  str(schedule::format_utc(range.end));
  w.EndObject();
  w.Key("groupBy");
  w.StartArray();
  str("timeInterval");
  w.EndArray();
  w.Key("metrics");
  w.StartArray();
  for (auto m : report::all_metrics) {
    w.StartObject();
    w.Key("name");
    str(report::api_name(m));
    w.Key("type");
    str(report::api_type(m));
    w.EndObject();
  }
  w.EndArray();
  w.Key("campaignId");
  str(campaign_id);
  w.Key("interval");
  str(report::to_string(interval));
  w.EndObject();
  return {buf.GetString(), buf.GetSize()};
}

Result<std::vector<report::CampaignReport>> build_reports(api::CampaignApi& api,
                                                          const util::Clock& clock,
                                                          const ReportOptions& options,
                                                          const ReportProgress& progress) {
  if (options.ids.empty()) return fail(ErrorKind::usage, "report: at least one campaign id is needed");
  const auto now = std::chrono::floor<std::chrono::seconds>(clock.now());
  std::vector<report::CampaignReport> out;
  for (const auto& id : options.ids) {
    auto one = build_one(api, now, id, options, progress);
    if (!one) return std::unexpected(one.error());
    out.push_back(std::move(*one));
  }
  return out;
}

}  // namespace cxsched::ops
