#include <cxsched/ops/list.hpp>
#include <cxsched/util/expected.hpp>

namespace cxsched::ops {

Result<Listing> list_campaigns(platform::Platform& platform, const std::set<std::string>& statuses,
                               const platform::ListOptions& options) {
  Listing out;
  auto read = platform.for_each_campaign(options, [&](const platform::Listed& c) -> Result<void> {
    if (!statuses.empty() && !statuses.count(std::string(c.status()))) return {};
    TRY_ASSIGN(auto kept, c.keep());
    out.campaigns.push_back(std::move(kept));
    return {};
  });
  TRY_ASSIGN(out.stats, std::move(read));
  return out;
}

}  // namespace cxsched::ops
