#include <charconv>
#include <cxsched/auth/sign_in.hpp>
#include <cxsched/util/expected.hpp>
#include <cxsched/util/json.hpp>
#include <cxsched/util/text.hpp>

namespace cxsched::auth {

namespace {

using namespace std::chrono;

constexpr std::int64_t kDefaultExpiresIn = 3600;
constexpr std::int64_t kMaxExpiresIn = 10LL * 365 * 24 * 3600;

std::optional<std::int64_t> expires_in_of(const rapidjson::Value& body) {
  auto it = body.FindMember("expires_in");
  if (it == body.MemberEnd()) return kDefaultExpiresIn;
  const auto& v = it->value;
  double secs = 0;
  if (v.IsNumber()) {
    secs = v.GetDouble();
  } else if (v.IsString()) {
    std::string_view s(v.GetString(), v.GetStringLength());
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (s.empty() || ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
    secs = static_cast<double>(n);
  } else {
    return std::nullopt;
  }
  if (!(secs >= 1)) return std::nullopt;
  return secs > static_cast<double>(kMaxExpiresIn) ? kMaxExpiresIn
                                                   : static_cast<std::int64_t>(secs);
}

Result<Token> token_from_response(const http::Response& r, util::SysTime obtained_at) {
  const std::string prefix =
      "token endpoint answered " + std::to_string(r.status) + " but the body is not a token: ";
  auto doc = util::parse_json(r.body, "token response");
  if (!doc) return fail(ErrorKind::internal, prefix + doc.error().message);
  if (!doc->IsObject()) {
    return fail(ErrorKind::internal, prefix + "not a JSON object: " + util::excerpt(r.body));
  }
  auto access = util::get_string(*doc, "access_token");
  if (!access || access->empty()) {
    return fail(ErrorKind::internal, prefix + "no access_token in " + util::excerpt(r.body, 80));
  }
  auto expires_in = expires_in_of(*doc);
  if (!expires_in) {
    return fail(ErrorKind::internal, prefix + "expires_in is not a positive number");
  }
  Token t;
  t.access_token = std::string(*access);
  t.token_type = std::string(util::get_string(*doc, "token_type").value_or("Bearer"));
  t.scope = std::string(util::get_string(*doc, "scope").value_or(""));
  t.id_token = std::string(util::get_string(*doc, "id_token").value_or(""));
  t.obtained_at = obtained_at;
  t.expires_at = obtained_at + seconds{*expires_in};
  if (util::has_control(t.access_token) || util::has_control(t.token_type)) {
    return fail(ErrorKind::internal,
                prefix + "the access_token or token_type holds a control character");
  }
  return t;
}

// "invalid_client (Client authentication failed)": the body's error and its
// description under any of the names the platforms use, or the status and
// an excerpt when the body says nothing readable.
std::string error_text(const http::Response& r) {
  if (auto doc = util::parse_json(r.body, "error"); doc && doc->IsObject()) {
    auto error = util::get_string(*doc, "error");
    std::optional<std::string_view> description;
    for (const char* key :
         {"error_description", "errorDescription", "error_Description", "message"}) {
      if (!description || description->empty()) description = util::get_string(*doc, key);
    }
    if (error || description) {
      std::string out(error.value_or(""));
      if (description && !description->empty()) {
        out += out.empty() ? std::string(*description) : " (" + std::string(*description) + ")";
      }
      if (!out.empty()) return util::printable(out);
    }
  }
  std::string out = "HTTP " + std::to_string(r.status);
  if (!r.body.empty()) out += ": " + util::excerpt(r.body);
  return out;
}

// Sends one sign-in POST and reads its answer; `who` names the rejected
// credentials in the message ("client id 'abc'").
Result<Token> post_for_token(http::Client& client, const std::string& url, std::string body,
                             const std::string& who) {
  http::Request req{"POST",
                    url,
                    {{"Content-Type", "application/json"}, {"Accept", "application/json"}},
                    std::move(body)};
  client.logger().debug("requesting a token for " + who);
  const auto obtained_at = floor<seconds>(client.clock().now());
  // A sign-in changes nothing: sending it twice is harmless.
  TRY_ASSIGN(const http::Response resp, client.send(req, http::Replay::safe));

  const long status = resp.status;
  if (status >= 200 && status < 300) return token_from_response(resp, obtained_at);
  if (status == 400 || status == 401 || status == 403) {
    return fail(ErrorKind::auth, "the platform rejected " + who + ": " + error_text(resp));
  }
  if (status >= 300 && status < 400) {
    return fail(ErrorKind::internal,
                "the token endpoint " + http::redact_url(url) + " answered " +
                    std::to_string(status) + " (redirect to " +
                    util::printable(resp.header("Location").value_or("nowhere")) +
                    "): check the base URL");
  }
  if (status == 404) {
    return fail(ErrorKind::internal,
                "no token endpoint at " + http::redact_url(url) + " (404): check the base URL");
  }
  if (status >= 500) {
    return fail(ErrorKind::unavailable,
                "the token endpoint " + http::redact_url(url) + " failed: " + error_text(resp));
  }
  return fail(ErrorKind::internal,
              "the token endpoint " + http::redact_url(url) + " answered " + error_text(resp));
}

}  // namespace

ClientCredentialsSignIn::ClientCredentialsSignIn(ClientCredentials credentials)
    : credentials_(std::move(credentials)) {
  credentials_.base_url = util::without_trailing_slashes(std::move(credentials_.base_url));
}

CacheKey ClientCredentialsSignIn::key() const {
  return {credentials_.base_url, credentials_.client_id};
}

Result<Token> ClientCredentialsSignIn::fetch(http::Client& client) {
  return post_for_token(client, credentials_.base_url + "/oauth/token",
                        "{\"grant_type\":\"client_credentials\",\"client_id\":" +
                            util::quote_json(credentials_.client_id) + ",\"client_secret\":" +
                            util::quote_json(credentials_.client_secret) + "}",
                        "client id '" + credentials_.client_id + "'");
}

AccessKeySignIn::AccessKeySignIn(AccessKey key) : key_(std::move(key)) {
  key_.auth_url = util::without_trailing_slashes(std::move(key_.auth_url));
}

CacheKey AccessKeySignIn::key() const {
  return {key_.auth_url, key_.access_key_id};
}

Result<Token> AccessKeySignIn::fetch(http::Client& client) {
  return post_for_token(client, key_.auth_url + "/authentication/v1/token/access-key",
                        "{\"accessKeyId\":" + util::quote_json(key_.access_key_id) +
                            ",\"accessKeySecret\":" + util::quote_json(key_.access_key_secret) +
                            "}",
                        "access key id '" + key_.access_key_id + "'");
}

}  // namespace cxsched::auth
