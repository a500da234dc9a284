#pragma once

#include <cxsched/api/campaigns.hpp>
#include <cxsched/auth/token.hpp>
#include <cxsched/http/client.hpp>
#include <cxsched/platform/platform.hpp>
#include <cxsched/report/adherence.hpp>
#include <cxsched/util/task_pool.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace cxsched::api {

// The interval every analytics query asks for: fine enough that no bucket
// straddles a local midnight, and the unit the adherence is computed in.
inline constexpr report::Granularity query_granularity = report::Granularity::pt15m;

// The body of one analytics query (api-contract.md): every metric, grouped
// by timeInterval.
std::string analytics_query_body(std::string_view campaign_id, report::Interval range,
                                 report::Granularity interval);

// The campaigns API (api-contract.md) as a platform::Platform, over
// CampaignApi. Its never-duplicate create: each POST carries the
// Idempotency-Key of its body and is never replayed blindly (the server may
// lack the extension); a 409 duplicate_name, or a failure after which the
// POST may have committed, is settled by looking the campaign up by name,
// and only when it is certainly absent is the POST sent again (at most
// kCreateRounds times). Thread-safe as CampaignApi is.
class CampaignsPlatform final : public platform::Platform {
 public:
  static constexpr int kCreateRounds = 4;

  // `client_id` names us in identity(); the parts are not owned.
  CampaignsPlatform(http::Client& client, auth::TokenSource& tokens, std::string base_url,
                    std::string client_id);

  // List pages are fetched through `pool` (not owned; null: one at a time).
  void set_pool(util::TaskPool* pool) { api_.set_pool(pool); }
  CampaignApi& api() { return api_; }

  std::string_view name() const override { return "campaigns"; }
  void expect_listing(const platform::ListOptions& options) override;
  Result<platform::ListStats> for_each_campaign(const platform::ListOptions& options,
                                                const platform::Visitor& visit) override;
  Result<platform::Campaign> get(std::string_view id) override;
  Result<schedule::Schedule> schedule_of(const platform::Campaign& campaign) override;
  Result<platform::Defined> define(std::string_view spec_text,
                                   const schedule::Schedule& checked) override;
  Result<std::vector<platform::FieldDifference>> compare(
      const platform::Definition& definition, const platform::Campaign& campaign) override;
  Result<platform::Created> create(const platform::Definition& definition) override;
  std::vector<std::string> activated_statuses() const override { return {"ACTIVE"}; }
  Result<platform::Activation> activate(std::string_view id) override;
  Result<platform::ReportRows> report_rows(const platform::Campaign& campaign,
                                           report::Interval range,
                                           const platform::RowsProgress& progress) override;
  Result<platform::Identity> identity() override;
  std::vector<platform::Check> diagnose() override;  // diagnose.cpp

 private:
  // The campaign of that name, looked up by id when known, else by listing.
  Result<std::optional<platform::Campaign>> lookup(const std::string& name, const std::string& id);

  CampaignApi api_;
  auth::TokenSource& tokens_;
  std::string client_id_;
};

}  // namespace cxsched::api
