#pragma once

#include <cxsched/auth/token.hpp>
#include <cxsched/http/client.hpp>
#include <cxsched/platform/platform.hpp>
#include <cxsched/util/error.hpp>
#include <cxsched/util/task_pool.hpp>

#include <rapidjson/document.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cxsched::api {

// A campaign as the platform returned it: the fields every command needs,
// plus the whole object for the ones that need more.
using Campaign = platform::Campaign;

// A field-level complaint from a 400 answer.
struct FieldDetail {
  std::string field;
  std::string message;
};

// The result of a create call.
struct CreateOutcome {
  enum class Kind { created, duplicate_name };
  Kind kind = Kind::created;
  std::optional<Campaign> campaign;  // set when created
  // Created with Idempotent-Replayed: true: the server answered with the
  // response to an earlier request of the same Idempotency-Key.
  bool replayed = false;
  std::string existing_id;           // set for duplicate_name (may be empty)
  std::string message;               // the server's message for duplicate_name
};

// The result of an activate call.
using Activation = platform::Activation;

// How a list call behaved, its bounds and options: the platform's own.
using ListStats = platform::ListStats;
using ListLimits = platform::ListLimits;
using ListOptions = platform::ListOptions;

// Receives each campaign of a list, in page order, while its page is alive
// (platform::Listed: id, name and status read where they lie, the rest
// converted only when asked). An error stops the listing and is returned as
// is.
using CampaignVisitor = platform::Visitor;

// Typed calls to the CXone campaign and analytics APIs. Every call sends the
// bearer token; on a 401 it replaces the token once and retries once. Errors:
// ErrorKind::auth (401 after a refresh, 403 with the missing scope),
// not_found (404), unavailable (from the HTTP client), internal (an answer
// that makes no sense, with an excerpt of it).
// Thread-safe once set_pool has been called: a call keeps its state on its
// own stack, and the client, token source and pool it uses are thread-safe.
class CampaignApi {
 public:
  CampaignApi(http::Client& client, auth::TokenSource& tokens, std::string base_url);

  // Every campaign, in page order, each page read whole in its turn. Once
  // the first page gives the page count (pageCount, or total / the pageSize
  // the server used) and a pool is set, the other pages are fetched
  // concurrently, up to the pool's size in flight (from the calling thread
  // over libcurl's multi interface; on the pool's threads for a transport
  // without one), and each answer is checked: its pageNumber,
  // a full page before the last, a nextUri to the next number. When anything
  // disagrees the rest is read by following nextUri one by one, as without a
  // count: until nextUri is absent (or, without nextUri, until pageNumber
  // reaches pageCount). A nextUri to another origin is refused rather than
  // sent our token. Errors: as `call`, plus ErrorKind::internal past the
  // limits or for pages that loop, and ErrorKind::deadline when the command's
  // deadline cuts the listing while the platform was answering normally.
  Result<ListStats> for_each_campaign(const ListOptions& options, const CampaignVisitor& visit);

  // Asks for the first page of a listing with `options` now, when the token
  // is cached and fresh (nothing waits for the network); for_each_campaign
  // with the same options then takes its answer. At most one is held.
  void expect_listing(const ListOptions& options);

  // Every campaign, kept (each in a document of its own size).
  Result<std::vector<Campaign>> list(int page_size = 500, ListStats* stats = nullptr);

  // The width of the pages in flight, and the threads for a transport that
  // cannot send them from one (not owned; null: one at a time).
  void set_pool(util::TaskPool* pool) { pool_ = pool; }

  Result<Campaign> get(std::string_view id);

  // POST the payload (a JSON object) with the idempotency key (when not
  // empty). Retried only when surely unsent: after an ambiguous failure
  // (ErrorKind::unavailable) the campaign may exist, and only the caller can
  // look for it before sending again.
  // A 400 gives ErrorKind::invalid_spec with the server's details in the
  // message and in `details` when given.
  Result<CreateOutcome> create(std::string_view payload, std::string_view idempotency_key,
                               std::vector<FieldDetail>* details = nullptr);

  // 409 (COMPLETED, CANCELED, FAILED) gives ErrorKind::terminal_status.
  Result<Activation> activate(std::string_view id);

  // POST an analytics query (a JSON object) and return the parsed answer.
  Result<rapidjson::Document> query_analytics(std::string_view body);

  const std::string& base_url() const { return base_url_; }
  util::Clock& clock() const { return client_.clock(); }

 private:
  friend class Lister;
  Result<http::Response> call(std::string_view method, std::string url, std::string body,
                              http::Replay replay, std::string_view idempotency_key = {},
                              http::SendInfo* info = nullptr);
  // `call` in two halves, for requests sent in a batch: the request with the
  // token (`token` is set to it), and what its response means (a 401 sends
  // it again with a new token, through the client, once).
  Result<http::Request> request(std::string_view method, std::string url, std::string body,
                                std::string_view idempotency_key, std::string& token);
  static http::Request request_with(std::string_view method, std::string url, std::string body,
                                    std::string_view idempotency_key, const std::string& token);
  Result<http::Response> settle(http::Request& req, const std::string& token,
                                Result<http::Response> resp, http::Replay replay,
                                http::SendInfo* info);
  // The URL of page `number` of a listing of `page_size`.
  std::string page_url(int page_size, std::int64_t number) const;
  // The first page asked for by expect_listing.
  struct Expected {
    http::Request request;
    std::string token;
    std::unique_ptr<http::Client::Batch> batch;
  };
  // Its answer, when it is the page of `url`: the response and how it went.
  std::optional<std::pair<Result<http::Response>, http::SendInfo>> take_expected(
      const std::string& url);
  http::Client& client_;
  auth::TokenSource& tokens_;
  std::string base_url_;
  util::TaskPool* pool_ = nullptr;
  std::mutex expected_mu_;
  std::unique_ptr<Expected> expected_;
};

// Reads a campaign object; ErrorKind::internal when it has no string id.
Result<Campaign> campaign_from_json(rapidjson::Document object);

// The same from a value inside a larger document (a page), copied into a
// document of its own with a small memory pool.
Result<Campaign> campaign_from_json(const rapidjson::Value& object);

// The origin of a URL: "scheme://host[:port]" in lower case.
std::string url_origin(std::string_view url);

}  // namespace cxsched::api
