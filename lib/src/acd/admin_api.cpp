// The ACD Admin API's requests: the token and the 401 rule, discovery, the
// business unit, the server clock and the campaigns (acd-contract.md). The
// skills' calls are in skills_api.cpp, the report rows in report_api.cpp.
#include <algorithm>
#include <cctype>
#include <cxsched/acd/admin_api.hpp>
#include <cxsched/util/expected.hpp>
#include <cxsched/util/json.hpp>
#include <cxsched/util/text.hpp>

namespace cxsched::acd {

namespace {

using namespace std::chrono_literals;

// A version goes into the URL's path as is: "v30.0".
bool plain_version(std::string_view v) {
  return !v.empty() && std::ranges::all_of(v, [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_' || c == '-';
  });
}

// A cluster id goes into a host name: letters and digits only.
bool plain_cluster(std::string_view c) {
  return !c.empty() && c.size() <= 32 && std::ranges::all_of(c, [](char ch) {
    return std::isalnum(static_cast<unsigned char>(ch)) != 0;
  });
}

}  // namespace

AdminApi::AdminApi(http::Client& client, auth::TokenSource& tokens, ApiSettings settings)
    : client_(client), tokens_(tokens), settings_(std::move(settings)) {
  settings_.auth_url = util::without_trailing_slashes(std::move(settings_.auth_url));
  settings_.base_url = util::without_trailing_slashes(std::move(settings_.base_url));
  // CXone sends no reliable Retry-After with its 429s (acd-contract.md).
  client_.set_rate_limit_fallback({2'000ms, 6'000ms});
}

int AdminApi::requests() const {
  std::lock_guard lock(mu_);
  return requests_;
}

Result<ApiBase> AdminApi::base() {
  {
    std::lock_guard lock(mu_);
    if (base_) return *base_;
  }
  if (!plain_version(settings_.api_version))
    return fail(ErrorKind::usage, "api_version: '" + util::printable(settings_.api_version) +
                                      "' is not a version such as v30.0");
  TRY_ASSIGN(ApiBase found, discover());
  found.services = found.endpoint + "/inContactAPI/services/" + settings_.api_version;
  std::lock_guard lock(mu_);
  if (!base_) base_ = std::move(found);
  return *base_;
}

Result<ApiBase> AdminApi::discover() {
  ApiBase b;
  if (!settings_.base_url.empty()) {
    b.endpoint = settings_.base_url;
    b.how = "--base-url (discovery skipped)";
    return b;
  }
  TRY_ASSIGN(const auth::Token token, tokens_.token());
  TRY_ASSIGN(const auth::TenantClaims claims, auth::tenant_claims(token));
  std::string why;
  ErrorKind kind = ErrorKind::usage;
  if (claims.tenant_id.empty()) {
    why = "the token names no tenantId";
  } else {
    // Discovery takes no token (acd-contract.md, "Tenant discovery").
    const std::string url = settings_.auth_url + "/.well-known/cxone-configuration?tenantId=" +
                            http::percent_encode(claims.tenant_id);
    auto resp = client_.send(http::Request{"GET", url, {{"Accept", "application/json"}}, {}},
                             http::Replay::safe);
    if (!resp) {
      why = resp.error().message;
      kind = resp.error().kind;
    } else if (resp->status != 200) {
      why = "HTTP " + std::to_string(resp->status) + ": " +
            util::printable(
                error_message(resp->body, resp->header("icStatusDescription").value_or("")));
    } else if (auto doc = util::parse_json(resp->body, "discovery answer"); !doc) {
      why = doc.error().message;
    } else if (auto endpoint = api_endpoint_from_json(*doc); !endpoint) {
      why = endpoint.error().message;
    } else {
      b.endpoint = std::move(*endpoint);
      b.how = "discovered for tenant " + claims.tenant_id + " at " + settings_.auth_url;
      return b;
    }
  }
  if (plain_cluster(claims.cluster_id)) {
    std::string cluster = claims.cluster_id;
    std::ranges::transform(cluster, cluster.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    b.endpoint = "https://api-" + cluster + ".nice-incontact.com";
    b.how = "cluster " + claims.cluster_id + " of the token (discovery failed)";
    b.warnings.push_back("discovery at " + settings_.auth_url + " failed (" + why + "); using " +
                         b.endpoint + ", the API host of the token's cluster " + claims.cluster_id +
                         " (give --base-url to choose another)");
    return b;
  }
  return fail(kind, "cannot find the tenant's API: discovery at " + settings_.auth_url +
                        " failed (" + why +
                        ") and the token names no cluster; give the API endpoint with --base-url");
}

Result<http::Response> AdminApi::call(const std::string& method, const std::string& target,
                                      const std::string& body, http::Replay replay) {
  std::string url = target;
  if (!target.starts_with("https://") && !target.starts_with("http://")) {
    TRY_ASSIGN(const ApiBase b, base());
    url = b.services + "/" + target;
  }
  TRY_ASSIGN(auth::Token token, tokens_.token());
  for (int attempt = 1;; ++attempt) {
    http::Request req{
        method,
        url,
        {{"Authorization", "Bearer " + token.access_token}, {"Accept", "application/json"}},
        body};
    if (!body.empty()) req.headers.emplace_back("Content-Type", "application/json");
    {
      std::lock_guard lock(mu_);
      ++requests_;
    }
    TRY_ASSIGN(http::Response resp, client_.send(req, replay));
    const std::string what = method + " " + http::redact_url(url);
    if (resp.status == 401 && attempt == 1) {
      // A 401 means the request was not acted on: sign in again, once.
      client_.logger().debug(what + " answered 401: signing in again");
      TRY_ASSIGN(token, tokens_.replace(token.access_token));
      continue;
    }
    const auto message = [&] {
      return util::printable(
          error_message(resp.body, resp.header("icStatusDescription").value_or("")));
    };
    if (resp.status == 401)
      return fail(ErrorKind::auth, what + " refused a new token too (401): " + message());
    if (resp.status == 403)
      return fail(ErrorKind::auth, what + " is not allowed for this access key (403: " + message() +
                                       "): its role lacks the permission");
    return resp;
  }
}

Error AdminApi::answer_error(const http::Response& r, std::string_view what) const {
  const std::string message =
      util::printable(error_message(r.body, r.header("icStatusDescription").value_or("")));
  const std::string text =
      std::string(what) + ": the platform answered " + std::to_string(r.status) + ": " + message;
  switch (r.status) {
    case 400: return Error{ErrorKind::invalid_spec, text};
    case 404: return Error{ErrorKind::not_found, text};
    case 409: return Error{ErrorKind::conflict, text};
    default: return Error{ErrorKind::internal, text};
  }
}

Result<rapidjson::Document> AdminApi::get_json(const std::string& rest, std::string_view what) {
  TRY_ASSIGN(const http::Response resp, call("GET", rest, {}, http::Replay::safe));
  if (resp.status != 200) return std::unexpected(answer_error(resp, what));
  return util::parse_json(resp.body, what);
}

Result<BusinessUnitInfo> AdminApi::business_unit(std::optional<std::string_view> configured_zone) {
  TRY_ASSIGN(const auto doc, get_json("business-unit", "the business unit"));
  TRY_ASSIGN(const BusinessUnitRow row, business_unit_from_json(doc));
  BusinessUnitInfo info{row.id, row.name, row.skill_abandon_rate, {}, row.abandon_rate_scope};
  auto zone = resolve_business_unit_zone(row.default_time_zone, row.time_zones, configured_zone);
  if (!zone && !configured_zone) {
    // A displayName the business unit's own list does not carry: the
    // tenant's list of every zone (GET timezones) may.
    TRY_ASSIGN(const auto zones, get_json("timezones", "the time zones"));
    zone = resolve_business_unit_zone(row.default_time_zone, time_zones_from_json(zones),
                                      std::nullopt);
  }
  TRY_ASSIGN(info.zone, std::move(zone));
  return info;
}

Result<util::SysTime> AdminApi::server_time() {
  TRY_ASSIGN(const auto doc, get_json("server-time", "the server time"));
  TRY_ASSIGN(const schedule::Seconds at, server_time_from_json(doc));
  return util::SysTime{at};
}

Result<util::Millis> AdminApi::clock_skew() {
  const auto asked = client_.clock().now();
  TRY_ASSIGN(const util::SysTime server, server_time());
  const auto answered = client_.clock().now();
  // The server read its clock somewhere between: take the middle.
  const auto local = asked + (answered - asked) / 2;
  return std::chrono::duration_cast<util::Millis>(server - local);
}

Result<long> AdminApi::campaign_id(std::optional<long> configured) {
  TRY_ASSIGN(const auto doc, get_json("campaigns", "the campaigns"));
  return pick_campaign(doc, configured);
}

}  // namespace cxsched::acd
