// Sign-in, refresh, discovery and bearer-token checks of `--platform acd`.
#include <httplib.h>

#include <algorithm>

#include "replies.hpp"
#include "server.hpp"

namespace cxsched::sim::acd {

namespace {

bool may(const Client& c, const char* scope) {
  return std::find(c.scopes.begin(), c.scopes.end(), scope) != c.scopes.end();
}

bool is_write(const std::string& endpoint) {
  return endpoint == "skills.create" || endpoint == "skills.update" ||
         endpoint == "parameters.put" || endpoint == "skills.start" || endpoint == "skills.stop";
}

}  // namespace

std::optional<Reply> AcdSimulator::check_token(const httplib::Request& r,
                                               const std::string& endpoint, std::string& client,
                                               SysMillis now) {
  const std::string authorization = r.get_header_value("Authorization");
  std::string scheme = authorization.substr(0, std::min<std::size_t>(7, authorization.size()));
  std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const char* why = "missing Authorization: Bearer header";
  if (scheme == "bearer ") {
    auto it = tokens_.find(authorization.substr(7));
    why = it == tokens_.end()          ? "the access token is not valid"
          : it->second.revoked         ? "the access token has been revoked"
          : it->second.expires <= now  ? "the access token has expired"
                                       : nullptr;
    if (why == nullptr) client = it->second.key_id;
  }
  if (why != nullptr) {
    Reply reply = acd_error(401, "Unauthorized", why);
    reply.headers.emplace_back("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    return reply;
  }
  const Client* c = find_client(config_.clients, client);
  const char* scope = is_write(endpoint)                ? "campaign:write"
                      : endpoint.starts_with("reporting") ? "analytics:campaign:read"
                                                         : nullptr;
  if (c == nullptr || (scope != nullptr && !may(*c, scope)))
    return acd_error(403, "Forbidden",
                     std::string{"the access key's role lacks the permission for "} + endpoint);
  return std::nullopt;
}

std::string AcdSimulator::issue_token(const std::string& key_id, SysMillis now,
                                      std::string& id_token) {
  const auto iat = date::floor<std::chrono::seconds>(now).time_since_epoch().count();
  const auto exp = iat + config_.token_ttl.count();
  const std::string header = base64url(R"({"alg":"RS256","typ":"JWT"})");
  const std::string claims =
      "{\"iss\":\"https://auth.cxone-sim.invalid\",\"sub\":" + quote("user:" + key_id) +
      ",\"tenantId\":" + quote(tenant_id) + ",\"tenant\":" + quote(tenant_name) +
      ",\"icBUId\":" + std::to_string(business_unit_id) + ",\"icClusterId\":" + quote(cluster_id) +
      ",\"iat\":" + std::to_string(iat) + ",\"exp\":" + std::to_string(exp) + "}";
  std::string access;
  do {
    access = header + "." + base64url(claims) + "." + base64url(random_.hex(32));
  } while (tokens_.contains(access));
  tokens_[access] = Token{key_id, now + config_.token_ttl, false};
  id_token = header + "." + base64url(claims) + "." + base64url(random_.hex(32));
  return access;
}

Reply AcdSimulator::sign_in(const httplib::Request& r, std::string& client, SysMillis now) {
  rapidjson::Document body;
  if (!parse_json(r.body, body) || !body.IsObject())
    return acd_error(400, "InvalidRequest", "the body must be a JSON object");
  const std::string key_id = string_member(body, "accessKeyId").value_or("");
  const std::string secret = string_member(body, "accessKeySecret").value_or("");
  client = key_id;
  if (limiter_.admit("token", key_id.empty() ? r.remote_addr : key_id, now))
    return acd_error(429, "TooManyRequests", "too many sign-ins");
  if (key_id.empty() || secret.empty())
    return acd_error(400, "InvalidRequest", "accessKeyId and accessKeySecret are required");
  const Client* c = find_client(config_.clients, key_id);
  if (c == nullptr || c->secret != secret)
    return acd_error(401, "Unauthorized", "invalid access key id or secret");
  std::string id_token;
  const std::string access = issue_token(key_id, now, id_token);
  const std::string refresh_token = random_.hex(40);
  refresh_tokens_[refresh_token] = key_id;
  return json_reply(200, "{\"access_token\":" + quote(access) +
                             ",\"token_type\":\"Bearer\",\"expires_in\":" +
                             std::to_string(config_.token_ttl.count()) +
                             ",\"refresh_token\":" + quote(refresh_token) +
                             ",\"id_token\":" + quote(id_token) + "}");
}

Reply AcdSimulator::refresh(const httplib::Request& r, std::string& client, SysMillis now) {
  rapidjson::Document body;
  if (!parse_json(r.body, body) || !body.IsObject())
    return acd_error(400, "InvalidRequest", "the body must be a JSON object");
  const std::string old = string_member(body, "token").value_or("");
  auto it = refresh_tokens_.find(old);
  if (it == refresh_tokens_.end())
    return acd_error(401, "Unauthorized", "the refresh token is not valid");
  client = it->second;
  std::string id_token;
  const std::string access = issue_token(client, now, id_token);
  const std::string next = random_.hex(40);
  refresh_tokens_.erase(it);
  refresh_tokens_[next] = client;
  return json_reply(200, "{\"token\":" + quote(access) + ",\"refreshToken\":" + quote(next) +
                             ",\"tokenExpirationTimeSec\":" +
                             std::to_string(config_.token_ttl.count()) +
                             ",\"refreshTokenExpirationTimeSec\":86400}");
}

Reply AcdSimulator::discovery(const httplib::Request& r) {
  if (!r.has_param("tenantId"))
    return acd_error(400, "InvalidRequest", "tenantId is required");
  if (r.get_param_value("tenantId") != tenant_id)
    return acd_error(404, "NotFound", "unknown tenant");
  const std::string base = "http://" + r.get_header_value("Host");
  return json_reply(
      200, "{\"private\":false,\"ui_endpoint\":" + quote(base) + ",\"auth_endpoint\":" +
               quote(base) + ",\"api_endpoint\":" + quote(base + "/") +
               ",\"area\":\"na1\",\"cluster\":" + quote(cluster_id) +
               ",\"domain\":\"cxone-sim.invalid\",\"acdDomain\":\"cxone-sim.invalid\","
               "\"uhDomain\":\"cxone-sim.invalid\",\"tenantId\":" +
               quote(tenant_id) + ",\"globaldomain\":\"cxone-sim.invalid\"}");
}

}  // namespace cxsched::sim::acd
