#pragma once

#include <cxsched/platform/platform.hpp>
#include <cxsched/util/error.hpp>
#include <set>
#include <string>
#include <vector>

namespace cxsched::ops {

// The campaigns a listing kept, in the platform's order, and how it went.
struct Listing {
  std::vector<platform::Campaign> campaigns;
  platform::ListStats stats;
};

// Every campaign whose status is in `statuses` (every one when empty); the
// others are dropped page by page, never kept. Errors: the platform's.
Result<Listing> list_campaigns(platform::Platform& platform, const std::set<std::string>& statuses,
                               const platform::ListOptions& options = {});

}  // namespace cxsched::ops
