#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <cxsched/api/campaigns.hpp>
#include <cxsched/report/adherence.hpp>
#include <cxsched/util/clock.hpp>
#include <cxsched/util/error.hpp>

namespace cxsched::ops {

// What `cxsched report` asks for.
struct ReportOptions {
  std::vector<std::string> ids;
  std::string from, to;  // as written (see report::resolve_bound); empty: -7d and now
  report::Granularity interval = report::Granularity::pt1h;  // the buckets shown
  bool utc = false;
};

// The interval every analytics query uses: fine enough that no bucket
// straddles a local midnight, and the unit the adherence is computed in.
inline constexpr report::Granularity query_granularity = report::Granularity::pt15m;

// Told before each analytics query: the campaign, the piece (1-based) and
// how many pieces its range was split into.
using ReportProgress = std::function<void(std::string_view id, int piece, int pieces)>;

// For each id in order: gets the campaign, reads its schedule, resolves
// --from/--to in its zone against `clock`, clips the range to now, splits it
// into queries of at most 31 days on the PT15M grid, merges the answers and
// computes the report. Errors: usage (a bad --from/--to), not_found (an
// unknown id), internal (a campaign or an answer that makes no sense), and
// whatever the API call gives (auth, unavailable, ...). Stops at the first.
Result<std::vector<report::CampaignReport>> build_reports(api::CampaignApi& api,
                                                          const util::Clock& clock,
                                                          const ReportOptions& options,
                                                          const ReportProgress& progress = {});

// The body of one analytics query: every metric, grouped by timeInterval.
std::string analytics_query_body(std::string_view campaign_id, report::Interval range,
                                 report::Granularity interval);

}  // namespace cxsched::ops
