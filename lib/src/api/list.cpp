// Listing campaigns: every page, the ones after the first fetched
// concurrently when the platform says how many there are (from this thread,
// over the client's batch), each read in page order as its turn comes and
// its campaigns handed to the caller, who keeps what it needs.
#include <cxsched/api/campaigns.hpp>
#include <cxsched/util/expected.hpp>
#include <cxsched/util/json.hpp>
#include <cxsched/util/task_pool.hpp>

#include "api/answers.hpp"
#include "api/page.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>

namespace cxsched::api {

namespace {

using detail::path_of;
using detail::unexpected;

// A page, read whole, its campaigns handed to the visitor one by one
// (api/page.hpp).
using Page = detail::ListPage;

// A page as fetched: the page, or why not.
struct Fetched {
  Result<Page> page = fail(ErrorKind::internal, "not fetched");
  http::SendInfo info;
};

// How a page's request went, for the ramp of the pages in flight.
util::Ramp::Round round_of(const http::SendInfo& info) {
  if (info.rate_limited > 0) return util::Ramp::Round::rate_limited;
  return info.attempts > 1 ? util::Ramp::Round::retried : util::Ramp::Round::clean;
}

std::string campaigns_text(std::size_t n) {
  return std::to_string(n) + (n == 1 ? " campaign" : " campaigns");
}

std::string pages_text(int n) {
  return std::to_string(n) + (n == 1 ? " page" : " pages");
}

}  // namespace

// The state of one listing.
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
  Error failed(const Error& e, const http::SendInfo& info, const std::string& url) const;
  Result<void> consume(const Page& page, const std::string& url);
  Result<std::optional<std::string>> next_of(const Page& page) const;
  Result<void> follow(Page page);
  bool agrees(const Page& page, std::int64_t number, std::int64_t count,
              std::size_t per_page, const std::string& next_url) const;

  CampaignApi& api_;
  const std::string base_;
  const std::string origin_;
  const ListOptions& options_;
  const CampaignVisitor& visit_;
  util::TaskPool* pool_;
  http::Client& client_;
  ListStats stats_;
  http::Client::Batch* batch_ = nullptr;  // the pages in flight while one is read
  int requested_ = 0;
  std::set<std::string> seen_;
  // Documents of pages already consumed, for the pages still to read.
  std::vector<std::unique_ptr<simdjson::dom::document>> spare_;
  std::unique_ptr<simdjson::dom::document> spare_document();
  void recycle(Page& page);
};

std::unique_ptr<simdjson::dom::document> Lister::spare_document() {
  if (spare_.empty()) return nullptr;
  auto doc = std::move(spare_.back());
  spare_.pop_back();
  return doc;
}

void Lister::recycle(Page& page) {
  auto doc = page.release();
  if (!doc) return;
  spare_.push_back(std::move(doc));
}

Result<ListStats> CampaignApi::for_each_campaign(const ListOptions& options,
                                                 const CampaignVisitor& visit) {
  Lister lister(*this, base_url_, options, visit, pool_, client_);
  return lister.run();
}

Fetched Lister::fetch(const std::string& url) {
  Fetched f;
  auto resp = api_.call("GET", url, {}, http::Replay::safe, {}, &f.info);
  return page_of(url, std::move(resp), f.info);
}

Fetched Lister::page_of(const std::string& url, Result<http::Response> resp,
                        const http::SendInfo& info) {
  Fetched f;
  f.info = info;
  if (!resp) {
    f.page = std::unexpected(resp.error());
  } else if (resp->status != 200) {
    f.page = std::unexpected(unexpected("GET", url, *resp));
  } else {
    f.page = Page::read(url, std::move(resp->body), spare_document());
  }
  return f;
}

Result<void> Lister::counted_fetch_allowed() {
  if (requested_ >= options_.limits.max_pages) {
    return fail(ErrorKind::internal,
                "the campaign list did not end after " + pages_text(requested_) + " (" +
                    campaigns_text(stats_.campaigns) + "): an answer that makes no sense; "
                    "stopped at the limit of " + pages_text(options_.limits.max_pages));
  }
  ++requested_;
  return {};
}

// A page that failed while the platform had answered every page before it
// normally, cut by the command's deadline: pages were still coming.
Error Lister::failed(const Error& e, const http::SendInfo& info, const std::string& url) const {
  if (e.kind == ErrorKind::unavailable && stats_.pages > 0 && info.failures == 0 &&
      client_.deadline().remaining(client_.clock()) == util::Millis{0}) {
    return {ErrorKind::deadline, "the deadline passed with pages of campaigns still coming: " +
                                     pages_text(stats_.pages) + " (" +
                                     campaigns_text(stats_.campaigns) + ") read, GET " +
                                     path_of(url) + " not answered in time"};
  }
  return e;
}

Result<void> Lister::consume(const Page& page, const std::string& url) {
  for (simdjson::dom::element e : page.entities()) {
    if (stats_.campaigns >= options_.limits.max_campaigns) {
      return fail(ErrorKind::internal,
                  "the campaign list holds more than " +
                      campaigns_text(options_.limits.max_campaigns) + " after " +
                      pages_text(stats_.pages + 1) + ": an answer that makes no sense; stopped");
    }
    const auto refused = [&](std::string_view why) {
      return fail(ErrorKind::internal, "GET " + path_of(url) + ": entity " +
                                           std::to_string(stats_.campaigns + 1) + ": " +
                                           std::string(why));
    };
    simdjson::dom::object object;
    if (e.get_object().get(object)) return refused("a campaign is not a JSON object");
    const detail::ListedEntity listed(object);
    if (listed.id().empty()) return refused("a campaign has no \"id\"");
    if (auto ok = visit_(listed); !ok) return ok;
    ++stats_.campaigns;
    // Reading a page takes long enough for the next ones to fill the socket
    // buffers: what has arrived is read every so often, so the platform
    // keeps sending.
    if (batch_ != nullptr && stats_.campaigns % 64 == 0) batch_->progress();
  }
  ++stats_.pages;
  return {};
}

// The URL of the page after `page`, following nextUri, else pageNumber and
// pageCount; nullopt at the end.
Result<std::optional<std::string>> Lister::next_of(const Page& page) const {
  if (auto next = page.text("nextUri"); next && !next->empty()) {
    std::string n(*next);
    if (n.front() == '/') return std::optional<std::string>(origin_ + n);
    if (n.find("://") == std::string::npos) {
      return fail(ErrorKind::internal,
                  "the campaign list's nextUri is neither a URL nor a path: " + util::excerpt(n, 80));
    }
    if (url_origin(n) != origin_) {
      return fail(ErrorKind::internal, "the campaign list's nextUri leads to another server (" +
                                           url_origin(n) + "); refusing to send it our token");
    }
    return std::optional<std::string>(std::move(n));
  }
  auto number = page.integer("pageNumber");
  auto count = page.integer("pageCount");
  if (number && count && *number < *count && page.size() > 0)
    return std::optional<std::string>(numbered(*number + 1));
  return std::optional<std::string>{};
}

// Reads the pages after `page` one by one.
Result<void> Lister::follow(Page page) {
  stats_.followed = true;
  for (;;) {
    TRY_ASSIGN(auto next, next_of(page));
    if (!next) return {};
    const std::string url = std::move(*next);
    if (!seen_.insert(url).second) {
      return fail(ErrorKind::internal, "the campaign list's nextUri points back to a page already "
                                       "read (" + path_of(url) + "): the pagination loops");
    }
    if (auto ok = counted_fetch_allowed(); !ok) return ok;
    auto f = fetch(url);
    if (!f.page) return std::unexpected(failed(f.page.error(), f.info, url));
    if (auto ok = consume(*f.page, url); !ok) return ok;
    recycle(page);
    page = std::move(*f.page);
  }
}

// Whether page `number` of `count`, fetched by number, is what following
// nextUri would have given: its number, a full page before the last, and a
// nextUri to the next number (none on the last).
bool Lister::agrees(const Page& page, std::int64_t number, std::int64_t count,
                    std::size_t per_page, const std::string& next_url) const {
  if (auto n = page.integer("pageNumber"); n && *n != number) return false;
  if (auto c = page.page_count(); c && *c != count) return false;
  const auto size = page.size();
  if (number < count ? size != per_page : (size == 0 || size > per_page)) return false;
  auto next = next_of(page);
  if (!next) return false;
  if (number == count) return !*next;
  return *next && **next == next_url;
}

Result<ListStats> Lister::run() {
  std::string url = numbered(1);
  seen_.insert(url);
  TRY(counted_fetch_allowed());
  Fetched first;
  if (auto expected = api_.take_expected(url))
    first = page_of(url, std::move(expected->first), expected->second);
  else
    first = fetch(url);
  if (!first.page) return std::unexpected(failed(first.page.error(), first.info, url));
  Page page = std::move(*first.page);

  // Concurrent only when the first page gives a count, is full, and its
  // nextUri (if any) is the second page by number.
  const auto count = page.page_count();
  const std::size_t per_page = page.size();
  TRY_ASSIGN(const auto next, next_of(page));
  std::string pattern;  // the URL of page 2, whose pageNumber we vary
  if (next && detail::page_number_in(*next) == 2) pattern = *next;
  else if (!next) pattern = numbered(2);
  const bool concurrent = pool_ != nullptr && pool_->size() > 1 && count && *count > 1 &&
                          per_page > 0 && !pattern.empty() &&
                          page.integer("pageNumber").value_or(1) == 1 &&
                          page.integer("pageSize").value_or(
                              static_cast<std::int64_t>(per_page)) ==
                              static_cast<std::int64_t>(per_page);
  if (!concurrent) {
    TRY(consume(page, url));
    TRY(follow(std::move(page)));
    return stats_;
  }
  if (*count > options_.limits.max_pages) {
    return fail(ErrorKind::internal, "the platform says the campaign list has " +
                                         pages_text(static_cast<int>(std::min<std::int64_t>(
                                             *count, 1'000'000'000))) +
                                         ", more than the " + pages_text(options_.limits.max_pages) +
                                         " a command reads: an answer that makes no sense");
  }
  stats_.concurrent = true;

  // Pages go in rounds of the ramp's width, each round asked for at once and
  // the next only once it came back: a rate limit nobody announced is crossed
  // by one round at most, with no more 429s than the pages that round sent
  // past it, and after a 429 the pages go one at a time. Once a round at the
  // full width came back clean, the window slides: a page is asked for as
  // soon as the oldest in flight came back, still never more in flight than
  // that width, so the bound on 429s is the same and no page waits for the
  // slowest of its round. What is asked for next goes out before the page
  // that came back is read (its campaigns visited), so the platform works on
  // it meanwhile.
  util::Ramp ramp(pool_->size());
  ramp.finished(round_of(first.info));
  auto batch = client_.batch(pool_);
  batch_ = batch.get();
  // The pages asked for and not yet read: the request (sent again with a
  // new token after a 401) and the token it carries.
  struct Asked {
    http::Request request;
    std::string token;
  };
  std::map<std::int64_t, Asked> asked;
  std::map<std::int64_t, http::Client::Batch::Outcome> arrived;  // back before their turn
  std::int64_t next_number = 2;
  const auto page_url = [&](std::int64_t n) { return detail::with_page_number(pattern, n); };
  const auto submit = [&]() -> Result<void> {
    if (auto ok = counted_fetch_allowed(); !ok) return ok;
    const std::int64_t n = next_number++;
    std::string u = page_url(n);
    seen_.insert(u);
    std::string token;
    TRY_ASSIGN(auto request, api_.request("GET", std::move(u), {}, {}, token));
    batch->add(static_cast<std::uint64_t>(n), request);
    asked.emplace(n, Asked{std::move(request), std::move(token)});
    return {};
  };
  // Page `number` (asked for), once it has come back, read.
  const auto take = [&](std::int64_t number) -> Fetched {
    auto it = arrived.find(number);
    while (it == arrived.end() && batch->pending() > 0) {
      auto outcome = batch->next();
      const auto tag = static_cast<std::int64_t>(outcome.tag);
      it = arrived.emplace(tag, std::move(outcome)).first;
      if (tag != number) it = arrived.end();
    }
    auto a = asked.extract(number);
    if (it == arrived.end() || a.empty()) {
      return Fetched{fail(ErrorKind::internal, "page " + std::to_string(number) +
                                                   " of the campaign list was never asked for"),
                     {}};
    }
    auto outcome = std::move(it->second);
    arrived.erase(it);
    auto& [request, token] = a.mapped();
    auto resp = api_.settle(request, token, std::move(outcome.response), http::Replay::safe,
                            &outcome.info);
    return page_of(request.url, std::move(resp), outcome.info);
  };

  auto round = util::Ramp::Round::clean;
  std::int64_t round_start = 2, round_end = 1;  // the round being read
  bool sliding = false;  // once a round at the pool's full width came back clean
  // Asks for what the window allows, opening the round of `number` first
  // when the last one is over.
  const auto ask = [&](std::int64_t number) -> Result<void> {
    if (number > round_end) {
      round_start = number;
      round_end = std::min<std::int64_t>(*count, number + ramp.width() - 1);
      round = util::Ramp::Round::clean;
    }
    while (next_number <= *count && std::ssize(asked) < ramp.width() &&
           (sliding || next_number <= round_end)) {
      if (auto ok = submit(); !ok) return ok;
    }
    return {};
  };

  TRY(ask(2));
  TRY(consume(page, url));
  recycle(page);
  for (std::int64_t number = 2; number <= *count; ++number) {
    Fetched f = take(number);
    const std::string u = page_url(number);
    if (!f.page) return std::unexpected(failed(f.page.error(), f.info, u));
    round = std::max(round, round_of(f.info));
    if (round == util::Ramp::Round::rate_limited) {
      // At once: nothing more is asked for until the pages in flight are read.
      ramp.finished(round);
      sliding = false;
      round_end = number;
    } else if (number == round_end) {
      sliding = sliding || (round == util::Ramp::Round::clean &&
                            round_end - round_start + 1 == pool_->size());
      ramp.finished(round);
    }
    if (number < *count) TRY(ask(number + 1));
    TRY(consume(*f.page, u));
    if (!agrees(*f.page, number, *count, per_page, page_url(number + 1))) {
      // Read on as the contract says, from this page's nextUri; the pages
      // already asked for are dropped.
      batch_ = nullptr;
      batch.reset();
      client_.logger().debug("page " + std::to_string(number) + " of the campaign list "
                                  "disagrees with the first page's count; following nextUri");
      for (std::int64_t n = number + 1; n < next_number; ++n) seen_.erase(page_url(n));
      TRY(follow(std::move(*f.page)));
      return stats_;
    }
    recycle(*f.page);
  }
  return stats_;
}

}  // namespace cxsched::api
