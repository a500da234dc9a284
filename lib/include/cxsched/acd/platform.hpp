#pragma once

// The ACD platform as ops sees it: Personal Connection skills of the CXone
// ACD Admin API behind platform::Platform (acd-contract.md).

#include <cxsched/acd/admin_api.hpp>
#include <cxsched/acd/skill.hpp>
#include <cxsched/platform/platform.hpp>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace cxsched::acd {

// What the ACD platform reads of the session's settings.
struct PlatformSettings {
  ApiSettings api;
  std::string business_unit_zone;  // config acd.business_unit_zone; empty: resolve
  std::string campaign_id;         // config acd.campaign_id; empty: Default Campaign
};

// platform::Platform on Personal Connection skills: a campaign is a skill
// (mediaTypeId 4, outbound, "Personal Connection"), its id the skillId, its
// status derived (status.hpp, one schedule-settings GET per skill listed),
// its dates the notes marker, its windows schedule-settings in the business
// unit's zone Z. create is POST skills (AdminApi's never-duplicate
// protocol), then retry-, general- and schedule-settings read, changed and
// written back, then read back and compared: a value that did not stick is
// an error naming the skill and the step, and a re-run completes it.
// activate arms the schedule (isScheduled true) and starts the skill when a
// window is open now. Thread-safe.
class AcdPlatform final : public platform::Platform {
 public:
  AcdPlatform(http::Client& client, auth::TokenSource& tokens, PlatformSettings settings);

  // A skill with its schedule block and marker, its status derived.
  struct SkillView {
    SkillRow row;
    SkillWeek week;
    std::optional<Marker> marker;
    std::string status;
  };

  std::string_view name() const override { return "acd"; }
  Result<platform::ListStats> for_each_campaign(const platform::ListOptions& options,
                                                const platform::Visitor& visit) override;
  Result<platform::Campaign> get(std::string_view id) override;
  Result<schedule::Schedule> schedule_of(const platform::Campaign& campaign) override;
  Result<platform::Defined> define(std::string_view spec_text,
                                   const schedule::Schedule& checked) override;
  Result<std::vector<platform::FieldDifference>> compare(
      const platform::Definition& definition, const platform::Campaign& campaign) override;
  Result<platform::Created> create(const platform::Definition& definition) override;
  // advise.cpp: the cadences and time-zones of the existing skill against
  // the spec's windows, and the abandon-rate threshold beside the 3 % rule.
  Result<std::vector<std::string>> advise(const platform::Definition& definition,
                                          const platform::Campaign* existing) override;
  std::vector<std::string> activated_statuses() const override { return {"ACTIVE", "SCHEDULED"}; }
  Result<platform::Activation> activate(std::string_view id) override;
  Result<platform::ReportRows> report_rows(const platform::Campaign& campaign,
                                           report::Interval range,
                                           const platform::RowsProgress& progress = {}) override;
  Result<platform::Identity> identity() override;
  std::vector<platform::Check> diagnose() override;  // diagnose.cpp

  // The business unit, read once.
  Result<BusinessUnitInfo> business_unit();
  // What the user should hear once (the discovery fallback, a configured
  // zone that disagrees with the platform's): taken, so said once.
  std::vector<std::string> take_warnings();
  AdminApi& api() { return api_; }

 private:
  Result<SkillView> view(const SkillRow& row, const BusinessUnitInfo& unit);
  platform::Campaign to_campaign(const SkillView& v, const BusinessUnitInfo& unit) const;
  Result<long> skill_id(std::string_view id) const;
  Result<long> campaign_for_new_skills();
  // Writes the blocks of `def` onto skill `id` and checks they stuck.
  Result<void> write_blocks(long id, const SkillDefinition& def);
  void warn(std::string message);
  // limit_warnings of skill `id` for `d`, each naming the skill (advise.cpp).
  Result<std::vector<std::string>> limits_of(long id, const SkillDefinition& d);

  http::Client& client_;
  auth::TokenSource& tokens_;
  AdminApi api_;
  PlatformSettings settings_;
  mutable std::mutex mu_;  // guards the members below
  std::optional<BusinessUnitInfo> unit_;
  std::set<long> started_;  // skills whose start this process saw accepted
  std::vector<std::string> warnings_;
};

}  // namespace cxsched::acd
