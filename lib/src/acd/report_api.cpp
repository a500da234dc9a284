// The report rows of the ACD platform: dialer-contact rows, one UTC day per
// request (acd-contract.md, "Reporting").
#include <algorithm>
#include <cxsched/acd/admin_api.hpp>
#include <cxsched/util/expected.hpp>
#include <cxsched/util/json.hpp>
#include <cxsched/util/time.hpp>

namespace cxsched::acd {

namespace {

// "2024-09-08T00:00:00.000Z": UTC with a literal Z, as the Reporting API
// wants it (TAP 0.2.0).
std::string report_date(schedule::Seconds t) {
  std::string s = util::format_rfc3339_utc(t);
  s.pop_back();  // the Z
  return s + ".000Z";
}

}  // namespace

Result<std::vector<DialerRow>> AdminApi::dialer_rows(
    long skill_id, schedule::Interval range, const std::function<void(int, int)>& progress) {
  std::vector<DialerRow> out;
  if (range.empty()) return out;
  using date::days;
  const auto first_day = date::floor<days>(range.start);
  const auto last_day = date::floor<days>(range.end - std::chrono::seconds{1});
  const int pieces = static_cast<int>((last_day - first_day).count()) + 1;
  int piece = 0;
  for (auto from = range.start; from < range.end;) {
    const schedule::Seconds to =
        std::min<schedule::Seconds>(date::floor<days>(from) + days{1}, range.end);
    if (progress) progress(++piece, pieces);
    const std::string rest =
        "wfm-data/skills/dialer-contacts?startDate=" + http::percent_encode(report_date(from)) +
        "&endDate=" + http::percent_encode(report_date(to)) + "&mediaTypeId=4";
    TRY_ASSIGN(const http::Response resp, call("GET", rest, {}, http::Replay::safe));
    from = to;
    if (resp.status == 204) continue;  // no data
    if (resp.status != 200)
      return std::unexpected(answer_error(resp, "reading the dialer statistics"));
    TRY_ASSIGN(const auto doc, util::parse_json(resp.body, "dialer statistics"));
    TRY_ASSIGN(const auto rows, acd::dialer_rows(doc));
    for (const auto& row : rows) {
      if (row.skill_id == skill_id) out.push_back(row);
    }
  }
  return out;
}

}  // namespace cxsched::acd
