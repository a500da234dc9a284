// The campaigns API's report rows: analytics queries of at most 31 days on
// the PT15M grid, their buckets merged.
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cxsched/api/campaigns_platform.hpp>
#include <cxsched/report/range.hpp>
#include <cxsched/schedule/format.hpp>
#include <cxsched/util/expected.hpp>

namespace cxsched::api {

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

Result<platform::ReportRows> CampaignsPlatform::report_rows(
    const platform::Campaign& campaign, report::Interval range,
    const platform::RowsProgress& progress) {
  platform::ReportRows out;
  out.grid = query_granularity;
  if (range.empty()) return out;
  auto pieces = report::split_range(range, report::length(query_granularity));
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (progress) progress(static_cast<int>(i + 1), static_cast<int>(pieces.size()));
    const auto body = analytics_query_body(campaign.id, pieces[i], query_granularity);
    TRY_ASSIGN(const auto answer, api_.query_analytics(body));
    ++out.queries;
    TRY_ASSIGN(const auto buckets, report::parse_answer(answer));
    out.rows.insert(out.rows.end(), buckets.begin(), buckets.end());
  }
  return out;
}

}  // namespace cxsched::api
