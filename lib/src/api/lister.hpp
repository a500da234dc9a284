#pragma once

// The state of one listing (CampaignApi::for_each_campaign): list.cpp reads
// the first page and the pages one by one, list_window.cpp the pages after
// the first fetched concurrently.

#include <cxsched/api/campaigns.hpp>
#include <cxsched/util/expected.hpp>

#include "api/page.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace cxsched::api {

// A page, read whole, its campaigns handed to the visitor one by one
// (api/page.hpp).
using Page = detail::ListPage;

// A page as fetched: the page, or why not.
struct Fetched {
  Result<Page> page = fail(ErrorKind::internal, "not fetched");
  http::SendInfo info;
};

std::string campaigns_text(std::size_t n);
std::string pages_text(int n);

class Lister {
 public:
  Lister(CampaignApi& api, std::string base_url, const ListOptions& options,
         const CampaignVisitor& visit, util::TaskPool* pool, http::Client& client)
      : api_(api),
        base_(std::move(base_url)),
        origin_(url_origin(base_)),
        options_(options),
        visit_(visit),
        pool_(pool),
        client_(client) {}

  Result<ListStats> run();

 private:
  std::string numbered(std::int64_t number) const {
    return api_.page_url(options_.page_size, number);
  }
  Fetched fetch(const std::string& url);
  // The page in `resp`, the answer to GET `url`, read.
  Fetched page_of(const std::string& url, Result<http::Response> resp, const http::SendInfo& info);
  Result<void> counted_fetch_allowed();
  Error failed(const Error& e, const std::string& url) const;
  Result<void> consume(const Page& page, const std::string& url);
  // The URL of the page after `page` (a Page or a detail::PageTail).
  template <class P>
  Result<std::optional<std::string>> next_of(const P& page) const;
  Result<void> follow(Page page);
  bool agrees(const Page& page, std::int64_t number, std::int64_t count,
              std::size_t per_page, const std::string& next_url) const;
  // How the pages after the first are fetched concurrently, when the first
  // page (a Page or its detail::PageTail) says how: `count` pages of
  // `per_page` campaigns, page n being `pattern` with pageNumber n.
  struct Plan {
    std::int64_t count = 0;
    std::size_t per_page = 0;
    std::string pattern;
    bool operator==(const Plan&) const = default;
  };
  template <class P>
  Result<std::optional<Plan>> plan_of(const P& first) const;
  // The pages after the first (GET `url`, sent as `info` says, planned as
  // `plan`), fetched concurrently; `first` reads the first page, once the
  // pages the window allows have been asked for (list_window.cpp).
  Result<ListStats> read_concurrently(const Plan& plan, const std::string& url,
                                      const http::SendInfo& info,
                                      const std::function<Result<Page>()>& first);

  CampaignApi& api_;
  const std::string base_;
  const std::string origin_;
  const ListOptions& options_;
  const CampaignVisitor& visit_;
  util::TaskPool* pool_;
  http::Client& client_;
  ListStats stats_;
  http::Client::Batch* batch_ = nullptr;  // the pages in flight while one is read
  // Called while a page is read, after what has arrived was read from the
  // network: the window takes the answers that came back.
  std::function<Result<void>()> on_progress_;
  int requested_ = 0;
  std::set<std::string> seen_;
  // Documents of pages already consumed, for the pages still to read.
  std::vector<std::unique_ptr<simdjson::dom::document>> spare_;
  std::unique_ptr<simdjson::dom::document> spare_document();
  void recycle(Page& page);
};

}  // namespace cxsched::api
