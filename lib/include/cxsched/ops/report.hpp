#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <cxsched/platform/platform.hpp>
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

// Told before each request for report rows: the campaign, the piece (1-based) and
// how many pieces its range was split into.
using ReportProgress = std::function<void(std::string_view id, int piece, int pieces)>;

// For each id in order: gets the campaign, reads its schedule, resolves
// --from/--to in its zone against `clock`, asks the platform for the report
// rows of that range (Platform::report_rows) and computes the report.
// Errors: usage (a bad --from/--to), not_found (an unknown id), internal (a
// campaign or an answer that makes no sense), and whatever the platform
// gives (auth, unavailable, ...). Stops at the first.
Result<std::vector<report::CampaignReport>> build_reports(platform::Platform& platform,
                                                          const util::Clock& clock,
                                                          const ReportOptions& options,
                                                          const ReportProgress& progress = {});

}  // namespace cxsched::ops
