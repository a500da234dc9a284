#pragma once

#include <array>
#include <string>
#include <string_view>

namespace cxsched::schedule {

// Every campaign status cxsched knows, on either platform (acd derives the
// same names, acd/status.hpp), in lifecycle order. What `list --status` and
// `watch --for` accept and what the shells complete.
inline constexpr std::array<std::string_view, 8> kCampaignStatuses = {
    "DRAFT", "SCHEDULED", "ACTIVATING", "ACTIVE", "PAUSED", "COMPLETED", "FAILED", "CANCELED"};

// Whether `status` is one of kCampaignStatuses (exact, upper case).
bool is_campaign_status(std::string_view status);

// "DRAFT, SCHEDULED, ..., FAILED or CANCELED", for messages.
std::string campaign_status_list();

}  // namespace cxsched::schedule
