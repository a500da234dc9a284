// The pages of a listing after the first, fetched concurrently over the
// client's batch from this thread, and read in page order (Lister::run, when
// the first page says how many there are).
#include <cxsched/util/expected.hpp>
#include <cxsched/util/task_pool.hpp>

#include "api/lister.hpp"

#include <algorithm>
#include <map>

namespace cxsched::api {

namespace {

// How a page's request went, for the ramp of the pages in flight.
util::Ramp::Round round_of(const http::SendInfo& info) {
  if (info.rate_limited > 0) return util::Ramp::Round::rate_limited;
  return info.attempts > 1 ? util::Ramp::Round::retried : util::Ramp::Round::clean;
}

}  // namespace

Result<ListStats> Lister::read_concurrently(const Plan& plan, const std::string& url,
                                            const http::SendInfo& info,
                                            const std::function<Result<Page>()>& first) {
  const std::int64_t count = plan.count;
  const std::size_t per_page = plan.per_page;
  const std::string& pattern = plan.pattern;
  if (count > options_.limits.max_pages) {
    return fail(ErrorKind::internal,
                "the platform says the campaign list has " +
                    pages_text(static_cast<int>(std::min<std::int64_t>(count, 1'000'000'000))) +
                    ", more than the " + pages_text(options_.limits.max_pages) +
                    " a command reads: an answer that makes no sense");
  }
  stats_.concurrent = true;

  // Pages go in rounds of the ramp's width, each round asked for at once and
  // the next only once it came back: a rate limit nobody announced is crossed
  // by one round at most, with no more 429s than the pages that round sent
  // past it, and after a 429 the pages go one at a time. Once a round at the
  // full width came back clean, the window slides: a page is asked for as
  // soon as one in flight came back, still never more in flight than that
  // width, so the bound on 429s is the same and no page waits for the
  // slowest of its round. An answer counts as back when it arrives, while
  // the pages before it are still being read: the platform is not kept
  // waiting for the reading. At most the width of pages are asked for and not
  // yet read (in flight, or back before their turn), beside the one being
  // read: each holds its whole body, and when the reading falls behind, the
  // pages that would pile up cost memory (a fresh page of memory for every
  // 4 KiB received) and take the processor from the reading.
  util::Ramp ramp(pool_->size());
  ramp.finished(round_of(info));
  auto batch = client_.batch(pool_);
  batch_ = batch.get();
  // The pages asked for and not yet read: the request (sent again with a
  // new token after a 401) and the token it carries.
  struct Asked {
    http::Request request;
    std::string token;
  };
  std::map<std::int64_t, Asked> asked;
  std::map<std::int64_t, http::Client::Batch::Outcome> back;  // before their turn
  std::int64_t next_number = 2;
  // The round: its pages, how many of them came back, the worst of how.
  std::int64_t round_start = 2;
  std::int64_t round_end = std::min<std::int64_t>(count, 1 + ramp.width());
  std::int64_t round_back = 0;
  auto round = util::Ramp::Round::clean;
  bool sliding = false;  // once a round at the pool's full width came back clean

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
  // Asks for what the window allows. What is asked for goes out now, not at
  // the next call to progress(): the reading of the page before it takes
  // milliseconds (the first page's, with its first zones, the longest).
  const auto ask = [&]() -> Result<void> {
    const std::ptrdiff_t width = ramp.width();
    bool any = false;
    while (next_number <= count && std::ssize(asked) < width &&
           (sliding || next_number <= round_end)) {
      TRY(submit());
      any = true;
    }
    if (any) batch->progress();
    return {};
  };
  // An answer that came back: it counts for its round, and a round all back
  // sets the width of the next, which opens.
  const auto came_back = [&](http::Client::Batch::Outcome outcome) -> Result<void> {
    const auto n = static_cast<std::int64_t>(outcome.tag);
    const auto how = round_of(outcome.info);
    back.emplace(n, std::move(outcome));
    if (how == util::Ramp::Round::rate_limited) {
      // At once: one page at a time from now on, after those in flight.
      ramp.finished(how);
      sliding = false;
      round_start = round_end = next_number;
      round_back = 0;
      round = util::Ramp::Round::clean;
      return ask();
    }
    if (n < round_start || n > round_end) return ask();
    round = std::max(round, how);
    if (++round_back < round_end - round_start + 1) return ask();
    sliding = sliding || (round == util::Ramp::Round::clean &&
                          round_end - round_start + 1 == pool_->size());
    ramp.finished(round);
    round_start = round_end + 1;
    round_end = std::min<std::int64_t>(count, round_start + ramp.width() - 1);
    round_back = 0;
    round = util::Ramp::Round::clean;
    return ask();
  };
  // What came back while a page is read.
  on_progress_ = [&]() -> Result<void> {
    while (auto outcome = batch->poll()) TRY(came_back(std::move(*outcome)));
    return {};
  };
  struct Done {
    Lister& l;
    ~Done() {
      l.on_progress_ = nullptr;
      l.batch_ = nullptr;
    }
  } done{*this};

  // The pages asked for after page `number` are dropped: the rest is read
  // as the contract says, from that page's nextUri.
  const auto drop_asked = [&](std::int64_t number, const char* why) {
    on_progress_ = nullptr;
    batch_ = nullptr;
    batch.reset();
    client_.logger().debug("page " + std::to_string(number) + " of the campaign list " + why +
                           "; following nextUri");
    for (std::int64_t n = number + 1; n < next_number; ++n) seen_.erase(page_url(n));
  };

  TRY(ask());
  {
    auto page = first();
    if (!page) return std::unexpected(failed(page.error(), url));
    // Read whole, the first page must say what was planned on: a forecast
    // from its end differs only when the page repeats a member with another
    // value, or holds fewer campaigns than its pageSize.
    TRY_ASSIGN(const auto again, plan_of(*page));
    if (!again || *again != plan) {
      drop_asked(1, "read whole disagrees with its end");
      TRY(consume(*page, url));
      TRY(follow(std::move(*page)));
      return stats_;
    }
    TRY(consume(*page, url));
    recycle(*page);
  }
  for (std::int64_t number = 2; number <= count; ++number) {
    while (!back.contains(number) && batch->pending() > 0) TRY(came_back(batch->next()));
    auto it = back.find(number);
    auto a = asked.extract(number);
    const std::string u = page_url(number);
    if (it == back.end() || a.empty()) {
      return fail(ErrorKind::internal,
                  "page " + std::to_string(number) + " of the campaign list was never asked for");
    }
    auto outcome = std::move(it->second);
    back.erase(it);
    auto& [request, token] = a.mapped();
    auto resp = api_.settle(request, token, std::move(outcome.response), http::Replay::safe,
                            &outcome.info);
    // What its place in the window allows goes out before the page is read.
    if (resp && resp->status == 200) TRY(ask());
    Fetched f = page_of(request.url, std::move(resp), outcome.info);
    if (!f.page) return std::unexpected(failed(f.page.error(), u));
    TRY(consume(*f.page, u));
    if (!agrees(*f.page, number, count, per_page, page_url(number + 1))) {
      drop_asked(number, "disagrees with the first page's count");
      TRY(follow(std::move(*f.page)));
      return stats_;
    }
    recycle(*f.page);
  }
  return stats_;
}

}  // namespace cxsched::api
