#include <cxsched/schedule/conflict.hpp>
#include <cxsched/schedule/status.hpp>

#include <catch2/catch.hpp>

using namespace cxsched::schedule;

TEST_CASE("the campaign statuses are one list, exact and upper case") {
  CHECK(kCampaignStatuses.size() == 8);
  for (auto s : kCampaignStatuses) CHECK(is_campaign_status(s));
  CHECK_FALSE(is_campaign_status("active"));
  CHECK_FALSE(is_campaign_status("RUNNING"));
  CHECK_FALSE(is_campaign_status(""));
}

TEST_CASE("the statuses that block new schedules are campaign statuses") {
  int blocking = 0;
  for (auto s : kCampaignStatuses) blocking += conflicting_status(s) ? 1 : 0;
  CHECK(blocking == 3);
}

TEST_CASE("the status list reads as a sentence") {
  CHECK(campaign_status_list() ==
        "DRAFT, SCHEDULED, ACTIVATING, ACTIVE, PAUSED, COMPLETED, FAILED or CANCELED");
}
