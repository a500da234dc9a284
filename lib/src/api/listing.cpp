// CampaignApi around its listing (list.cpp): the URL of a page, the first
// page asked for ahead of a listing, and a listing kept whole.
#include <cxsched/api/campaigns.hpp>
#include <cxsched/util/expected.hpp>

namespace cxsched::api {

std::string CampaignApi::page_url(int page_size, std::int64_t number) const {
  return base_url_ + "/api/v2/campaigns?pageSize=" + std::to_string(page_size) +
         "&pageNumber=" + std::to_string(number);
}

void CampaignApi::expect_listing(const ListOptions& options) {
  // Only a token at hand: a sign-in would make the caller wait. It is kept
  // in memory, for the listing's requests after this one.
  const auto cached = tokens_.at_hand();
  if (!cached) return;
  std::lock_guard lock(expected_mu_);
  if (expected_) return;
  auto e = std::make_unique<Expected>();
  e->token = cached->access_token;
  e->request = request_with("GET", page_url(options.page_size, 1), {}, {}, e->token);
  e->batch = client_.batch(pool_);
  // The pages after it go several at a time: their connections are opened
  // beside the first one's, while the platform is idle.
  if (pool_ != nullptr && pool_->size() > 1) client_.open_ahead(pool_->size() - 1);
  e->batch->add(1, e->request);
  e->batch->progress();  // on its way
  expected_ = std::move(e);
}

std::optional<std::pair<Result<http::Response>, http::SendInfo>> CampaignApi::take_expected(
    const std::string& url) {
  std::unique_ptr<Expected> e;
  {
    std::lock_guard lock(expected_mu_);
    if (!expected_ || expected_->request.url != url) return std::nullopt;
    e = std::move(expected_);
  }
  auto outcome = e->batch->next();
  auto resp = settle(e->request, e->token, std::move(outcome.response), http::Replay::safe,
                     &outcome.info);
  return std::pair{std::move(resp), outcome.info};
}

Result<std::vector<Campaign>> CampaignApi::list(int page_size, ListStats* stats) {
  std::vector<Campaign> out;
  ListOptions options;
  options.page_size = page_size;
  const auto keep = [&](const platform::Listed& listed) -> Result<void> {
    TRY_ASSIGN(auto c, listed.keep());
    out.push_back(std::move(c));
    return {};
  };
  TRY_ASSIGN(const ListStats done, for_each_campaign(options, keep));
  if (stats) *stats = done;
  return out;
}

}  // namespace cxsched::api
