// POST /oauth/token: the client-credentials grant.
#include "server.hpp"

#include <httplib.h>

#include "json.hpp"

namespace cxsched::sim {
namespace {

Reply oauth_error(int status, std::string_view error, std::string_view description) {
  Reply r = json_reply(
      status, "{\"error\":" + quote(error) + ",\"error_description\":" + quote(description) + "}");
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

}  // namespace

Reply Simulator::token(const httplib::Request& req, std::string& client, SysMillis now) {
  std::string grant_type;
  std::string client_id;
  std::string secret;
  bool has_grant = false;
  bool basic = false;
  const std::string content_type = req.get_header_value("Content-Type");
  if (content_type.starts_with("application/json")) {
    rapidjson::Document doc;
    if (!parse_json(req.body, doc) || !doc.IsObject())
      return oauth_error(400, "invalid_request", "the body is not a JSON object");
    auto g = string_member(doc, "grant_type");
    has_grant = g.has_value();
    grant_type = g.value_or("");
    client_id = string_member(doc, "client_id").value_or("");
    secret = string_member(doc, "client_secret").value_or("");
  } else if (content_type.starts_with("application/x-www-form-urlencoded")) {
    auto form = parse_form(req.body);
    if (auto it = form.find("grant_type"); it != form.end()) {
      has_grant = true;
      grant_type = it->second;
    }
    if (auto it = form.find("client_id"); it != form.end()) client_id = it->second;
    if (auto it = form.find("client_secret"); it != form.end()) secret = it->second;
  } else {
    return oauth_error(
        400, "invalid_request",
        "Content-Type must be application/json or application/x-www-form-urlencoded");
  }
  const std::string authorization = req.get_header_value("Authorization");
  if (authorization.size() > 6 &&
      (authorization.starts_with("Basic ") || authorization.starts_with("basic "))) {
    auto decoded = decode_base64(authorization.substr(6));
    auto colon = decoded ? decoded->find(':') : std::string::npos;
    if (colon == std::string::npos)
      return oauth_error(400, "invalid_request", "malformed HTTP Basic credentials");
    basic = true;
    client_id = url_decode(std::string_view{*decoded}.substr(0, colon));
    secret = url_decode(std::string_view{*decoded}.substr(colon + 1));
  }
  client = client_id;
  if (auto limited = rate_limited("token", client_id.empty() ? req.remote_addr : client_id, now))
    return *limited;
  if (!has_grant) return oauth_error(400, "invalid_request", "grant_type is required");
  if (grant_type != "client_credentials")
    return oauth_error(400, "unsupported_grant_type",
                       "only the client_credentials grant is supported");
  if (client_id.empty() || secret.empty())
    return oauth_error(400, "invalid_request", "client_id and client_secret are required");
  const Client* c = find_client(config_.clients, client_id);
  if (c == nullptr || c->secret != secret) {
    Reply r = oauth_error(401, "invalid_client", "unknown client or wrong secret");
    if (basic) r.headers.emplace_back("WWW-Authenticate", "Basic realm=\"cxone-sim\"");
    return r;
  }
  const std::string access_token = tokens_.issue(client_id, config_.token_ttl, now, random_);
  std::string scopes;
  for (const auto& s : c->scopes) scopes += (scopes.empty() ? "" : " ") + s;
  Reply r = json_reply(200, "{\"access_token\":" + quote(access_token) +
                                ",\"token_type\":\"Bearer\",\"expires_in\":" +
                                std::to_string(config_.token_ttl.count()) +
                                ",\"scope\":" + quote(scopes) + "}");
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

}  // namespace cxsched::sim
