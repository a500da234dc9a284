// The tenant claims of a CXone token: the JWT payload read without
// verification (acd-contract.md, "Tenant discovery").
#include <charconv>
#include <cxsched/auth/sign_in.hpp>
#include <cxsched/util/json.hpp>

namespace cxsched::auth {

namespace {

// base64url (RFC 4648 section 5) without padding, as JWT segments are
// written; padding is tolerated. nullopt for any other character.
std::optional<std::string> base64url_decode(std::string_view in) {
  while (!in.empty() && in.back() == '=') in.remove_suffix(1);
  const auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-' || c == '+') return 62;
    if (c == '_' || c == '/') return 63;
    return -1;
  };
  if (in.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(in.size() * 3 / 4);
  unsigned bits = 0;
  int count = 0;
  for (char c : in) {
    const int v = value(c);
    if (v < 0) return std::nullopt;
    bits = (bits << 6) | static_cast<unsigned>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out.push_back(static_cast<char>((bits >> count) & 0xFFu));
    }
  }
  return out;
}

std::optional<rapidjson::Document> jwt_payload(std::string_view jwt) {
  const auto first = jwt.find('.');
  if (first == std::string_view::npos) return std::nullopt;
  const auto second = jwt.find('.', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  auto json = base64url_decode(jwt.substr(first + 1, second - first - 1));
  if (!json) return std::nullopt;
  auto doc = util::parse_json(*json, "token claims");
  if (!doc || !doc->IsObject()) return std::nullopt;
  return std::move(*doc);
}

std::string claim_text(const rapidjson::Value& claims, const char* key) {
  auto it = claims.FindMember(key);
  if (it == claims.MemberEnd()) return {};
  if (it->value.IsString()) return {it->value.GetString(), it->value.GetStringLength()};
  if (it->value.IsInt64()) return std::to_string(it->value.GetInt64());
  return {};
}

}  // namespace

Result<TenantClaims> tenant_claims(const Token& token) {
  auto payload = jwt_payload(token.id_token);
  if (!payload) payload = jwt_payload(token.access_token);
  if (!payload) {
    return fail(ErrorKind::internal,
                "the token is not a JWT whose claims can be read, so the tenant cannot be "
                "discovered: give the API's base URL (--base-url)");
  }
  TenantClaims c;
  c.tenant_id = claim_text(*payload, "tenantId");
  c.tenant = claim_text(*payload, "tenant");
  c.cluster_id = claim_text(*payload, "icClusterId");
  const std::string bu = claim_text(*payload, "icBUId");
  long id = 0;
  if (auto [end, ec] = std::from_chars(bu.data(), bu.data() + bu.size(), id);
      !bu.empty() && ec == std::errc{} && end == bu.data() + bu.size()) {
    c.business_unit_id = id;
  }
  return c;
}

}  // namespace cxsched::auth
