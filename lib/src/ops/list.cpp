#include <cxsched/ops/list.hpp>

namespace cxsched::ops {

Result<Listing> list_campaigns(platform::Platform& platform, const std::set<std::string>& statuses,
                               const platform::ListOptions& options) {
  Listing out;
  auto read = platform.for_each_campaign(options, [&](const platform::Listed& c) -> Result<void> {
    if (!statuses.empty() && !statuses.count(std::string(c.status()))) return {};
    auto kept = c.keep();
    if (!kept) return std::unexpected(kept.error());
    out.campaigns.push_back(std::move(*kept));
    return {};
  });
  if (!read) return std::unexpected(read.error());
  out.stats = *read;
  return out;
}

}  // namespace cxsched::ops
