// cxsched auth status|token|logout
#include "commands.hpp"

#include <cxsched/util/duration.hpp>
#include <cxsched/util/expected.hpp>
#include <cxsched/util/time.hpp>

namespace cxsched::app {
namespace {

// On acd: the identity the platform gives (the business unit, its zone and
// from what, the API endpoint and version) beside the token.
Result<int> run_status_acd(Context& ctx, ops::Session& session) {
  auto& tokens = session.tokens();
  auto before = tokens.cached();
  TRY_ASSIGN(const platform::Identity id, session.platform().identity());
  TRY_ASSIGN(const auth::Token token, tokens.token());
  const bool cached =
      before && tokens.fresh(*before) && before->access_token == token.access_token;
  const auto left = std::chrono::duration_cast<util::Millis>(token.expires_at - session.clock().now());
  const auto& s = session.settings();
  auto fact = [&](std::string_view key) {
    for (const auto& [k, v] : id.facts)
      if (k == key) return v;
    return std::string();
  };
  if (ctx.format() == Format::json) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& a = doc.GetAllocator();
    auto text = [&](const std::string& v) { return rapidjson::Value(v.c_str(), a); };
    doc.AddMember("platform", text("acd"), a);
    doc.AddMember("endpoint", text(id.endpoint), a);
    doc.AddMember("endpointFrom", text(fact("API")), a);
    doc.AddMember("apiVersion", text(s.acd.api_version), a);
    doc.AddMember("authUrl", text(s.acd.auth_url), a);
    doc.AddMember("accessKeyId", text(id.principal), a);
    doc.AddMember("businessUnit", text(fact("business unit")), a);
    doc.AddMember("zone", text(fact("zone")), a);
    doc.AddMember("expiresAt", text(util::format_rfc3339_utc(token.expires_at)), a);
    doc.AddMember("expiresInSeconds",
                  static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::seconds>(left).count()),
                  a);
    doc.AddMember("fromCache", cached, a);
    doc.AddMember("cacheFile", text(tokens.cache_file().string()), a);
    ctx.term().print_json(doc);
    return 0;
  }
  auto& t = ctx.term();
  std::string out;
  out += "Platform:      acd\n";
  out += "Endpoint:      " + id.endpoint + " (" + fact("API") + ")\n";
  out += "API version:   " + s.acd.api_version + "\n";
  out += "Access key id: " + id.principal + " (signed in at " + s.acd.auth_url + ")\n";
  out += "Business unit: " + fact("business unit") + "\n";
  out += "Zone:          " + fact("zone") + "\n";
  out += "Token:         " + t.paint("valid", Style::green) + ", expires " +
         util::format_rfc3339_utc(token.expires_at) + " (in " + util::format_duration(left) + ")" +
         (cached ? ", from cache" : ", new") + "\n";
  out += "Cache file:    " +
         (tokens.cache_file().empty() ? std::string("(none)") : tokens.cache_file().string()) + "\n";
  t.print(terminal_safe(out, true));
  return 0;
}

Result<int> run_status(Context& ctx) {
  TRY_ASSIGN(auto session, ctx.session());
  if (session->settings().platform == ops::Platform::acd) return run_status_acd(ctx, *session);
  auto& tokens = session->tokens();
  // From the cache only when token() will use the cached one as is.
  auto before = tokens.cached();
  TRY_ASSIGN(auto token, tokens.token());
  const bool cached =
      before && tokens.fresh(*before) && before->access_token == token.access_token;
  auto now = session->clock().now();
  auto left = std::chrono::duration_cast<util::Millis>(token.expires_at - now);
  const auto& s = session->settings();
  if (ctx.format() == Format::json) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& a = doc.GetAllocator();
    doc.AddMember("baseUrl", rapidjson::Value(s.base_url.c_str(), a), a);
    doc.AddMember("clientId", rapidjson::Value(s.client_id.c_str(), a), a);
    rapidjson::Value scopes(rapidjson::kArrayType);
    for (const auto& sc : token.scopes()) scopes.PushBack(rapidjson::Value(sc.c_str(), a), a);
    doc.AddMember("scopes", scopes, a);
    doc.AddMember("expiresAt", rapidjson::Value(util::format_rfc3339_utc(token.expires_at).c_str(), a), a);
    doc.AddMember("expiresInSeconds",
                  static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::seconds>(left).count()),
                  a);
    doc.AddMember("fromCache", cached, a);
    doc.AddMember("cacheFile", rapidjson::Value(tokens.cache_file().string().c_str(), a), a);
    ctx.term().print_json(doc);
    return 0;
  }
  auto& t = ctx.term();
  std::string scopes;
  for (const auto& sc : token.scopes()) scopes += (scopes.empty() ? "" : " ") + sc;
  std::string out;
  out += "Endpoint:   " + s.base_url + "\n";
  out += "Client id:  " + s.client_id + "\n";
  out += "Scopes:     " + (scopes.empty() ? std::string("(none)") : scopes) + "\n";
  out += "Token:      " + t.paint("valid", Style::green) + ", expires " + util::format_rfc3339_utc(token.expires_at) +
         " (in " + util::format_duration(left) + ")" + (cached ? ", from cache" : ", new") + "\n";
  out += "Cache file: " +
         (tokens.cache_file().empty() ? std::string("(none)") : tokens.cache_file().string()) + "\n";
  t.print(out);
  return 0;
}

Result<int> run_token(Context& ctx) {
  TRY_ASSIGN(auto session, ctx.session());
  TRY_ASSIGN(auto token, session->tokens().token());
  if (ctx.format() == Format::json) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& a = doc.GetAllocator();
    doc.AddMember("accessToken", rapidjson::Value(token.access_token.c_str(), a), a);
    doc.AddMember("tokenType", rapidjson::Value(token.token_type.c_str(), a), a);
    doc.AddMember("expiresAt", rapidjson::Value(util::format_rfc3339_utc(token.expires_at).c_str(), a), a);
    ctx.term().print_json(doc);
  } else {
    ctx.term().print(token.access_token + "\n");
  }
  return 0;
}

Result<int> run_logout(Context& ctx) {
  TRY_ASSIGN(auto settings, ctx.connection(Needs::identity_only));
  settings.secret_required = false;
  TRY_ASSIGN(auto session, ops::Session::open(std::move(settings)));
  TRY_ASSIGN(auto removed, session->tokens().logout());
  const auto& s = session->settings();
  // Whose token: the client at the base URL, or on acd the access key at its auth URL.
  const bool acd = s.platform == ops::Platform::acd;
  const std::string& who = session->tokens().key_id();
  const std::string& where = acd ? s.acd.auth_url : s.base_url;
  if (ctx.format() == Format::json) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& a = doc.GetAllocator();
    doc.AddMember("removed", removed, a);
    doc.AddMember(rapidjson::StringRef(acd ? "authUrl" : "baseUrl"), rapidjson::Value(where.c_str(), a), a);
    doc.AddMember(rapidjson::StringRef(acd ? "accessKeyId" : "clientId"), rapidjson::Value(who.c_str(), a), a);
    ctx.term().print_json(doc);
  } else {
    ctx.term().info(removed ? "Removed the cached token of " + who + " at " + where
                            : "No cached token for " + who + " at " + where);
  }
  return 0;
}

}  // namespace

void register_auth(CLI::App& app, Context& ctx, Registry& registry) {
  (void)ctx;
  auto* auth = app.add_subcommand("auth", "Show, print or drop the OAuth token");
  auth->require_subcommand(1);
  auth->footer("Examples:\n  cxsched auth status\n  cxsched auth token\n  cxsched auth logout --profile staging");
  auto* status = auth->add_subcommand("status", "Show the identity, endpoint, scopes and token expiry");
  status->footer("Example:\n  cxsched auth status --profile staging");
  auto* token = auth->add_subcommand("token", "Print a valid access token (for scripts)");
  token->footer("Example:\n  curl -H \"Authorization: Bearer $(cxsched auth token)\" ...");
  auto* logout = auth->add_subcommand("logout", "Remove the cached token");
  logout->footer("Example:\n  cxsched auth logout --profile staging");
  registry.add(status, run_status, {Format::table, Format::json});
  registry.add(token, run_token, {Format::table, Format::json});
  registry.add(logout, run_logout, {Format::table, Format::json});
}

}  // namespace cxsched::app
