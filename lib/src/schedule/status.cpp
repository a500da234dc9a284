#include <cxsched/schedule/status.hpp>

#include <algorithm>

namespace cxsched::schedule {

bool is_campaign_status(std::string_view status) {
  return std::find(kCampaignStatuses.begin(), kCampaignStatuses.end(), status) !=
         kCampaignStatuses.end();
}

std::string campaign_status_list() {
  std::string out;
  for (std::size_t i = 0; i < kCampaignStatuses.size(); ++i) {
    if (i > 0) out += i + 1 == kCampaignStatuses.size() ? " or " : ", ";
    out += kCampaignStatuses[i];
  }
  return out;
}

}  // namespace cxsched::schedule
