#include <cxsched/api/campaigns.hpp>
#include <cxsched/util/expected.hpp>
#include <cxsched/util/json.hpp>
#include <cxsched/util/text.hpp>

#include "api/answers.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <vector>

namespace cxsched::api {

namespace {

std::string server_message(const http::Response& r) {
  auto doc = util::parse_json(r.body, "error body");
  if (doc) {
    if (auto m = util::get_string(*doc, "message")) return std::string(*m);
    if (auto m = util::get_string(*doc, "error_description")) return std::string(*m);
    if (auto m = util::get_string(*doc, "code")) return std::string(*m);
  }
  return util::excerpt(r.body);
}

}  // namespace

namespace detail {

std::string path_of(std::string_view url) {
  auto scheme = url.find("://");
  auto start = scheme == std::string_view::npos ? 0 : url.find('/', scheme + 3);
  if (start == std::string_view::npos) return "/";
  auto q = url.find('?', start);
  return std::string(url.substr(start, q == std::string_view::npos ? url.npos : q - start));
}

Error unexpected(std::string_view method, std::string_view url, const http::Response& r) {
  std::string msg = std::string(method) + " " + path_of(url) + ": unexpected HTTP " +
                    std::to_string(r.status);
  auto body = util::excerpt(r.body);
  if (!body.empty()) msg += ": " + body;
  return {ErrorKind::internal, msg};
}

Result<rapidjson::Document> parse_body(std::string_view method, std::string_view url,
                                       const http::Response& r) {
  auto doc = util::parse_json(r.body, std::string(method) + " " + path_of(url) + " answered " +
                                          std::to_string(r.status) + " but the body");
  if (!doc) {
    auto body = util::excerpt(r.body, 80);
    if (!body.empty()) doc.error().message += " (starts with: " + body + ")";
    return std::unexpected(doc.error());
  }
  return doc;
}

}  // namespace detail

using detail::parse_body;
using detail::path_of;
using detail::unexpected;

std::string url_origin(std::string_view url) {
  auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  auto end = url.find_first_of("/?#", scheme + 3);
  std::string origin(url.substr(0, end));
  std::transform(origin.begin(), origin.end(), origin.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return origin;
}

namespace {

// The fields of a campaign object every command reads; ErrorKind::internal
// when it is not an object with a string id.
Result<Campaign> fields_of(const rapidjson::Value& object) {
  if (!object.IsObject()) return fail(ErrorKind::internal, "a campaign is not a JSON object");
  auto id = util::get_string(object, "id");
  if (!id || id->empty()) return fail(ErrorKind::internal, "a campaign has no \"id\"");
  auto text = [&object](const char* key) {
    return std::string(util::get_string(object, key).value_or(""));
  };
  Campaign c;
  c.id = *id;
  c.name = text("name");
  c.status = text("status");
  c.status_reason = text("statusReason");
  c.start_date = text("startDate");
  c.end_date = text("endDate");
  c.zone = text("timezone");
  c.campaign_type = text("campaignType");
  if (const auto* routing = util::get_object(object, "routingSettings"))
    c.queue_id = util::get_string(*routing, "queueId").value_or("");
  return c;
}

}  // namespace

Result<Campaign> campaign_from_json(rapidjson::Document object) {
  auto c = fields_of(object);
  if (!c) return c;
  c->object = std::make_shared<const rapidjson::Document>(std::move(object));
  return c;
}

namespace {

// About the bytes a copy of `root` takes in a memory pool: the member and
// element arrays and the strings too long to be stored inline. Walked with
// an explicit stack, so the depth of the value does not matter.
std::size_t pool_bytes(const rapidjson::Value& root) {
  constexpr std::size_t kInline = 13;  // RapidJSON keeps shorter strings in the value
  std::size_t n = 0;
  std::vector<const rapidjson::Value*> stack{&root};
  while (!stack.empty()) {
    const auto* v = stack.back();
    stack.pop_back();
    if (v->IsString()) {
      if (v->GetStringLength() > kInline) n += v->GetStringLength() + 1;
    } else if (v->IsObject()) {
      n += v->MemberCount() * 2 * sizeof(rapidjson::Value);
      for (const auto& m : v->GetObject()) {
        stack.push_back(&m.name);
        stack.push_back(&m.value);
      }
    } else if (v->IsArray()) {
      n += v->Size() * sizeof(rapidjson::Value);
      for (const auto& e : v->GetArray()) stack.push_back(&e);
    }
  }
  return n;
}

// A document owning a memory pool sized to what is copied into it (the
// default pool takes 64 KB even for a small object).
struct SizedDocument {
  explicit SizedDocument(std::size_t chunk) : pool(chunk), doc(&pool) {}
  rapidjson::MemoryPoolAllocator<> pool;
  rapidjson::Document doc;
};

}  // namespace

Result<Campaign> campaign_from_json(const rapidjson::Value& object) {
  auto c = fields_of(object);
  if (!c) return c;
  auto holder = std::make_shared<SizedDocument>(pool_bytes(object) + 64);
  // Every string copied: `object` may point into a page parsed in place.
  util::copy_json(object, holder->doc);
  c->object = std::shared_ptr<const rapidjson::Document>(holder, &holder->doc);
  return c;
}

CampaignApi::CampaignApi(http::Client& client, auth::TokenSource& tokens, std::string base_url)
    : client_(client),
      tokens_(tokens),
      base_url_(util::without_trailing_slashes(std::move(base_url))) {}

Result<http::Request> CampaignApi::request(std::string_view method, std::string url,
                                           std::string body, std::string_view idempotency_key,
                                           std::string& token) {
  TRY_ASSIGN(auto issued, tokens_.token());
  token = std::move(issued.access_token);
  return request_with(method, std::move(url), std::move(body), idempotency_key, token);
}

http::Request CampaignApi::request_with(std::string_view method, std::string url,
                                        std::string body, std::string_view idempotency_key,
                                        const std::string& token) {
  http::Request req;
  req.method = std::string(method);
  req.url = std::move(url);
  req.body = std::move(body);
  req.headers = {{"Accept", "application/json"}};
  if (method == "POST") req.headers.emplace_back("Content-Type", "application/json");
  if (!idempotency_key.empty())
    req.headers.emplace_back("Idempotency-Key", std::string(idempotency_key));
  req.headers.emplace_back("Authorization", "Bearer " + token);
  return req;
}

Result<http::Response> CampaignApi::settle(http::Request& req, const std::string& token,
                                           Result<http::Response> resp, http::Replay replay,
                                           http::SendInfo* info) {
  if (resp && resp->status == 401) {
    client_.logger().debug("401 on the cached token: getting a new one and retrying once");
    TRY_ASSIGN(const auto fresh, tokens_.replace(token));
    req.headers.back().second = "Bearer " + fresh.access_token;
    resp = client_.send(req, replay, info);
    if (resp && resp->status == 401) {
      return fail(ErrorKind::auth, req.method + " " + path_of(req.url) +
                                       ": the platform rejected a newly issued token (401 " +
                                       server_message(*resp) + ")");
    }
  }
  if (resp && resp->status == 403) {
    return fail(ErrorKind::auth, req.method + " " + path_of(req.url) + ": permission denied: " +
                                     server_message(*resp) +
                                     " (the OAuth client needs that scope)");
  }
  return resp;
}

Result<http::Response> CampaignApi::call(std::string_view method, std::string url, std::string body,
                                         http::Replay replay, std::string_view idempotency_key,
                                         http::SendInfo* info) {
  std::string token;
  TRY_ASSIGN(auto req, request(method, std::move(url), std::move(body), idempotency_key, token));
  auto resp = client_.send(req, replay, info);
  return settle(req, token, std::move(resp), replay, info);
}

Result<Campaign> CampaignApi::get(std::string_view id) {
  std::string url = base_url_ + "/api/v2/campaigns/" + http::percent_encode(id);
  TRY_ASSIGN(const auto resp, call("GET", url, {}, http::Replay::safe));
  if (resp.status == 404)
    return fail(ErrorKind::not_found, "campaign '" + std::string(id) + "' not found");
  if (resp.status != 200) return std::unexpected(unexpected("GET", url, resp));
  TRY_ASSIGN(auto doc, parse_body("GET", url, resp));
  auto c = campaign_from_json(std::move(doc));
  if (!c) return fail(ErrorKind::internal, "GET " + path_of(url) + ": " + c.error().message);
  return c;
}

Result<CreateOutcome> CampaignApi::create(std::string_view payload,
                                          std::string_view idempotency_key,
                                          std::vector<FieldDetail>* details) {
  std::string url = base_url_ + "/api/v2/campaigns";
  // Never replayed blindly, key or not: a server without the Idempotency-Key
  // extension would create the campaign again. The caller looks it up first.
  TRY_ASSIGN(const auto resp,
             call("POST", url, std::string(payload), http::Replay::unsafe, idempotency_key));
  CreateOutcome out;
  if (resp.status == 201 || resp.status == 200) {
    auto replayed = resp.header("Idempotent-Replayed");
    out.replayed = replayed && (*replayed == "true" || *replayed == "1");
    TRY_ASSIGN(auto doc, parse_body("POST", url, resp));
    auto c = campaign_from_json(std::move(doc));
    if (!c) return fail(ErrorKind::internal, "POST " + path_of(url) + ": " + c.error().message);
    out.campaign = std::move(*c);
    return out;
  }
  if (resp.status == 409) {
    auto doc = util::parse_json(resp.body, "409 body");
    if (doc && util::get_string(*doc, "code") == "duplicate_name") {
      out.kind = CreateOutcome::Kind::duplicate_name;
      out.existing_id = util::get_string(*doc, "existingId").value_or("");
      out.message = util::get_string(*doc, "message").value_or("");
      return out;
    }
    return fail(ErrorKind::conflict, "the platform refused the campaign: " + server_message(resp));
  }
  if (resp.status == 400) {
    std::string msg = "the platform refused the campaign: " + server_message(resp);
    auto doc = util::parse_json(resp.body, "400 body");
    if (doc) {
      if (auto* arr = util::get_array(*doc, "details")) {
        for (auto& d : arr->GetArray()) {
          FieldDetail fd{std::string(util::get_string(d, "field").value_or("")),
                         std::string(util::get_string(d, "message").value_or(""))};
          msg += "\n  " + fd.field + ": " + fd.message;
          if (details) details->push_back(std::move(fd));
        }
      }
    }
    return fail(ErrorKind::invalid_spec, std::move(msg));
  }
  return std::unexpected(unexpected("POST", url, resp));
}

Result<Activation> CampaignApi::activate(std::string_view id) {
  std::string url = base_url_ + "/api/v2/campaigns/" + http::percent_encode(id) + "/activate";
  // Activation is idempotent on the platform (already ACTIVE or ACTIVATING
  // answers 200 and changes nothing), so a replay is safe.
  TRY_ASSIGN(const auto resp, call("POST", url, {}, http::Replay::safe));
  switch (resp.status) {
    case 200: return Activation::already_active;
    case 202:
    case 204: return Activation::accepted;
    case 404: return fail(ErrorKind::not_found, "campaign '" + std::string(id) + "' not found");
    case 409:
      return fail(ErrorKind::terminal_status, "campaign '" + std::string(id) +
                                                  "' cannot be activated: " + server_message(resp));
    default: return std::unexpected(unexpected("POST", url, resp));
  }
}

Result<rapidjson::Document> CampaignApi::query_analytics(std::string_view body) {
  std::string url = base_url_ + "/api/v2/analytics/campaigns/details/query";
  TRY_ASSIGN(const auto resp, call("POST", url, std::string(body), http::Replay::safe));
  if (resp.status == 404) return fail(ErrorKind::not_found, server_message(resp));
  if (resp.status == 400)
    return fail(ErrorKind::usage, "the analytics query was refused: " + server_message(resp));
  if (resp.status != 200) return std::unexpected(unexpected("POST", url, resp));
  TRY_ASSIGN(auto doc, parse_body("POST", url, resp));
  if (!doc.IsObject())
    return fail(ErrorKind::internal, "the analytics answer is not a JSON object");
  return doc;
}

}  // namespace cxsched::api
