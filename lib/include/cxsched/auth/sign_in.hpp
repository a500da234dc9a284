#pragma once

#include <cxsched/auth/cache.hpp>
#include <cxsched/http/client.hpp>
#include <cxsched/util/error.hpp>
#include <optional>
#include <string>

namespace cxsched::auth {

// Who we are to the campaigns platform. The secret never leaves this struct:
// it is not cached, logged, or printed.
struct ClientCredentials {
  std::string base_url;  // e.g. https://api-us-1.cxone.com, no trailing slash
  std::string client_id;
  std::string client_secret;
};

// A CXone access key (ACD platform). The secret, as above, stays here.
struct AccessKey {
  std::string auth_url;  // e.g. https://cxone.niceincontact.com
  std::string access_key_id;
  std::string access_key_secret;
};

// One way of getting a token: one request to the platform, no cache.
class SignIn {
 public:
  virtual ~SignIn() = default;
  // Whose token it gets, for the cache.
  virtual CacheKey key() const = 0;
  // Signs in once. ErrorKind::auth for rejected credentials (400/401/403),
  // ErrorKind::unavailable when the endpoint cannot be reached (5xx, 429 and
  // network errors after the client's retries), ErrorKind::internal for an
  // answer that is not a token or a wrong URL (3xx, 404).
  virtual Result<Token> fetch(http::Client& client) = 0;
};

// OAuth client credentials: POST {base_url}/oauth/token (api-contract.md).
class ClientCredentialsSignIn final : public SignIn {
 public:
  explicit ClientCredentialsSignIn(ClientCredentials credentials);
  CacheKey key() const override;
  Result<Token> fetch(http::Client& client) override;

 private:
  ClientCredentials credentials_;
};

// The access key: POST {auth_url}/authentication/v1/token/access-key with
// {"accessKeyId", "accessKeySecret"}, answering access_token, token_type
// (Bearer when absent), expires_in (3600 when absent), refresh_token and
// id_token (acd-contract.md, "Authentication: access key"). The refresh
// token is not used: signing in again is always allowed.
class AccessKeySignIn final : public SignIn {
 public:
  explicit AccessKeySignIn(AccessKey key);
  CacheKey key() const override;
  Result<Token> fetch(http::Client& client) override;

 private:
  AccessKey key_;
};

// The tenant claims of a CXone token's JWT payload (read, not verified):
// from id_token, else access_token.
struct TenantClaims {
  std::string tenant_id;                 // tenantId
  std::string tenant;                    // tenant
  std::optional<long> business_unit_id;  // icBUId
  std::string cluster_id;                // icClusterId
};

// The claims, or ErrorKind::internal when neither token is a JWT whose
// payload is a JSON object. Absent claims are empty.
Result<TenantClaims> tenant_claims(const Token& token);

}  // namespace cxsched::auth
