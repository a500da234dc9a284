#pragma once

#include <cxsched/auth/token.hpp>
#include <cxsched/http/client.hpp>
#include <cxsched/util/error.hpp>

#include <rapidjson/document.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cxsched::api {

// A campaign as the platform returned it: the fields every command needs,
// plus the whole object for the ones that need more.
struct Campaign {
  std::string id;
  std::string name;
  std::string status;
  std::string status_reason;
  std::shared_ptr<const rapidjson::Document> object;  // never null
};

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
enum class Activation { accepted, already_active };

// How a list call behaved, for diagnostics and tests.
struct ListStats {
  int pages = 0;
};

// Typed calls to the CXone campaign and analytics APIs. Every call sends the
// bearer token; on a 401 it replaces the token once and retries once. Errors:
// ErrorKind::auth (401 after a refresh, 403 with the missing scope),
// not_found (404), unavailable (from the HTTP client), internal (an answer
// that makes no sense, with an excerpt of it).
class CampaignApi {
 public:
  CampaignApi(http::Client& client, auth::TokenSource& tokens, std::string base_url);

  // Every campaign, following pages until nextUri is absent (or, without
  // nextUri, until pageNumber reaches pageCount). A nextUri to another origin
  // is refused rather than sent our token.
  Result<std::vector<Campaign>> list(int page_size = 500, ListStats* stats = nullptr);

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

 private:
  Result<http::Response> call(std::string_view method, std::string url, std::string body,
                              http::Replay replay, std::string_view idempotency_key = {});
  http::Client& client_;
  auth::TokenSource& tokens_;
  std::string base_url_;
};

// Reads a campaign object; ErrorKind::internal when it has no string id.
Result<Campaign> campaign_from_json(rapidjson::Document object);

// The origin of a URL: "scheme://host[:port]" in lower case.
std::string url_origin(std::string_view url);

}  // namespace cxsched::api
