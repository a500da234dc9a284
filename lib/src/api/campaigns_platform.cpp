// The campaigns API behind platform::Platform: listing, get, definitions,
// activation, identity. The create protocol is in create.cpp, the report
// rows in analytics.cpp.
#include <cxsched/api/campaigns_platform.hpp>
#include <cxsched/api/definition.hpp>
#include <cxsched/schedule/spec.hpp>
#include <cxsched/util/expected.hpp>

namespace cxsched::api {

CampaignsPlatform::CampaignsPlatform(http::Client& client, auth::TokenSource& tokens,
                                     std::string base_url, std::string client_id)
    : api_(client, tokens, std::move(base_url)),
      tokens_(tokens),
      client_id_(std::move(client_id)) {}

void CampaignsPlatform::expect_listing(const platform::ListOptions& options) {
  api_.expect_listing(options);
}

Result<platform::ListStats> CampaignsPlatform::for_each_campaign(
    const platform::ListOptions& options, const platform::Visitor& visit) {
  return api_.for_each_campaign(options, visit);
}

Result<platform::Campaign> CampaignsPlatform::get(std::string_view id) {
  return api_.get(id);
}

Result<schedule::Schedule> CampaignsPlatform::schedule_of(const platform::Campaign& campaign) {
  return schedule::schedule_from_campaign(*campaign.object);
}

Result<platform::Defined> CampaignsPlatform::define(std::string_view spec_text,
                                                    const schedule::Schedule& checked) {
  // Everything the API refuses is a spec check already (schedule::parse_spec).
  platform::Defined out;
  TRY_ASSIGN(out.definition, campaign_definition(spec_text, checked));
  return out;
}

Result<std::vector<platform::FieldDifference>> CampaignsPlatform::compare(
    const platform::Definition& definition, const platform::Campaign& campaign) {
  return compare_definition(definition.body, *campaign.object);
}

Result<platform::Activation> CampaignsPlatform::activate(std::string_view id) {
  return api_.activate(id);
}

Result<platform::Identity> CampaignsPlatform::identity() {
  // From the cache only when token() uses the cached one as is.
  auto before = tokens_.cached();
  TRY_ASSIGN(const auto token, tokens_.token());
  platform::Identity out;
  out.platform = std::string(name());
  out.endpoint = api_.base_url();
  out.principal = client_id_;
  out.token_expires = token.expires_at;
  out.token_from_cache =
      before && tokens_.fresh(*before) && before->access_token == token.access_token;
  out.facts.emplace_back("scopes", token.scope);
  return out;
}

Result<std::optional<platform::Campaign>> CampaignsPlatform::lookup(const std::string& name,
                                                                    const std::string& id) {
  if (!id.empty()) {
    auto c = api_.get(id);
    if (c) return std::optional<platform::Campaign>(std::move(*c));
    if (c.error().kind != ErrorKind::not_found) return std::unexpected(c.error());
  }
  TRY_ASSIGN(auto all, api_.list());
  for (auto& c : all)
    if (c.name == name) return std::optional<platform::Campaign>(std::move(c));
  return std::optional<platform::Campaign>{};
}

}  // namespace cxsched::api
