// Listing campaigns: every page, the ones after the first fetched
// concurrently when the platform says how many there are (from this thread,
// over the client's batch), each read in page order as its turn comes and
// its campaigns handed to the caller, who keeps what it needs.
#include <cxsched/api/campaigns.hpp>
#include <cxsched/util/expected.hpp>
#include <cxsched/util/json.hpp>
#include <cxsched/util/task_pool.hpp>

#include "api/answers.hpp"
#include "api/lister.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>

namespace cxsched::api {

namespace {

using detail::path_of;
using detail::unexpected;

}  // namespace

std::string campaigns_text(std::size_t n) {
  return std::to_string(n) + (n == 1 ? " campaign" : " campaigns");
}

std::string pages_text(int n) {
  return std::to_string(n) + (n == 1 ? " page" : " pages");
}

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

// A page the command's deadline ended before the platform failed it, after
// pages the platform answered: pages were still coming.
Error Lister::failed(const Error& e, const std::string& url) const {
  if (e.cause == Cause::deadline && stats_.pages > 0) {
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
    if (batch_ != nullptr && stats_.campaigns % 64 == 0) {
      batch_->progress();
      if (on_progress_) TRY(on_progress_());
    }
  }
  ++stats_.pages;
  return {};
}

// The URL of the page after `page`, following nextUri, else pageNumber and
// pageCount; nullopt at the end.
template <class P>
Result<std::optional<std::string>> Lister::next_of(const P& page) const {
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
    if (!f.page) return std::unexpected(failed(f.page.error(), url));
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

template <class P>
Result<std::optional<Lister::Plan>> Lister::plan_of(const P& first) const {
  // Concurrent only when the first page gives a count, is full, and its
  // nextUri (if any) is the second page by number.
  const auto count = first.page_count();
  const std::size_t per_page = first.size();
  TRY_ASSIGN(const auto next, next_of(first));
  std::string pattern;  // the URL of page 2, whose pageNumber we vary
  if (next && detail::page_number_in(*next) == 2) pattern = *next;
  else if (!next) pattern = numbered(2);
  const bool concurrent = pool_ != nullptr && pool_->size() > 1 && count && *count > 1 &&
                          per_page > 0 && !pattern.empty() &&
                          first.integer("pageNumber").value_or(1) == 1 &&
                          first.integer("pageSize").value_or(static_cast<std::int64_t>(per_page)) ==
                              static_cast<std::int64_t>(per_page);
  if (!concurrent) return std::optional<Plan>{};
  return std::optional<Plan>(Plan{*count, per_page, std::move(pattern)});
}

// The first page read whole is checked against its plan in list_window.cpp.
template Result<std::optional<Lister::Plan>> Lister::plan_of(const Page&) const;

Result<ListStats> Lister::run() {
  std::string url = numbered(1);
  seen_.insert(url);
  TRY(counted_fetch_allowed());
  Result<http::Response> resp = fail(ErrorKind::internal, "not fetched");
  http::SendInfo info;
  if (auto expected = api_.take_expected(url)) {
    resp = std::move(expected->first);
    info = expected->second;
  } else {
    resp = api_.call("GET", url, {}, http::Replay::safe, {}, &info);
  }

  // The pages after the first are asked for on what the end of the first
  // says of them (microseconds), and the first is read whole while the
  // platform works on them (milliseconds). plan_of says whether they are
  // fetched concurrently at all.
  if (resp && resp->status == 200) {
    if (auto tail = detail::PageTail::read(resp->body)) {
      if (auto plan = plan_of(*tail); plan && *plan) {
        return read_concurrently(**plan, url, info, [&]() -> Result<Page> {
          return std::move(page_of(url, std::move(resp), info).page);
        });
      }
    }
  }
  Fetched first = page_of(url, std::move(resp), info);
  if (!first.page) return std::unexpected(failed(first.page.error(), url));
  Page page = std::move(*first.page);
  TRY_ASSIGN(const auto plan, plan_of(page));
  if (!plan) {
    TRY(consume(page, url));
    TRY(follow(std::move(page)));
    return stats_;
  }
  return read_concurrently(*plan, url, info, [&]() -> Result<Page> { return std::move(page); });
}

}  // namespace cxsched::api
