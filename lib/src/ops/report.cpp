#include <cxsched/ops/report.hpp>
#include <cxsched/report/range.hpp>
#include <cxsched/util/expected.hpp>

namespace cxsched::ops {

namespace {

Result<report::CampaignReport> build_one(platform::Platform& platform, report::Seconds now,
                                         std::string_view id, const ReportOptions& options,
                                         const ReportProgress& progress) {
  TRY_ASSIGN(const auto campaign, platform.get(id));
  auto sched = platform.schedule_of(campaign);
  if (!sched)
    return fail(ErrorKind::internal, "campaign " + std::string(id) +
                                         " has no usable schedule: " + sched.error().message);
  TRY_ASSIGN(const auto requested,
             report::resolve_range(options.from, options.to, sched->zone, now));

  report::ReportInput input;
  input.campaign = {campaign.id, campaign.name, campaign.status,
                    campaign.zone.empty() ? std::string("UTC") : campaign.zone};
  input.schedule = &*sched;
  input.requested = requested;
  // The whole range asked for, future included: the platform says what it
  // has, and scheduled time after now counts as upcoming, not missed.
  input.range = requested;
  input.now = now;
  input.display = options.interval;
  input.utc = options.utc;
  const auto told = [&](int piece, int pieces) {
    if (progress) progress(id, piece, pieces);
  };
  TRY_ASSIGN(auto rows, platform.report_rows(campaign, input.range, told));
  input.source = rows.grid;
  input.queries = rows.queries;
  input.dial_proxies = rows.dial_proxies;
  input.notes = std::move(rows.notes);
  input.raw = std::move(rows.rows);
  return report::compute_report(input);
}

}  // namespace

Result<std::vector<report::CampaignReport>> build_reports(platform::Platform& platform,
                                                          const util::Clock& clock,
                                                          const ReportOptions& options,
                                                          const ReportProgress& progress) {
  if (options.ids.empty())
    return fail(ErrorKind::usage, "report: at least one campaign id is needed");
  const auto now = std::chrono::floor<std::chrono::seconds>(clock.now());
  std::vector<report::CampaignReport> out;
  for (const auto& id : options.ids) {
    TRY_ASSIGN(auto one, build_one(platform, now, id, options, progress));
    out.push_back(std::move(one));
  }
  return out;
}

}  // namespace cxsched::ops
