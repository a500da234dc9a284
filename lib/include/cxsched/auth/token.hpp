#pragma once

#include <cxsched/http/client.hpp>
#include <cxsched/util/clock.hpp>
#include <cxsched/util/error.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace cxsched::auth {

// Who we are to the platform. The secret never leaves this struct: it is not
// cached, logged, or printed.
struct ClientCredentials {
  std::string base_url;   // e.g. https://api-us-1.cxone.com, no trailing slash
  std::string client_id;
  std::string client_secret;
};

// An OAuth access token as cached on disk.
struct Token {
  std::string access_token;
  std::string token_type = "Bearer";
  std::string scope;            // space-separated, as the server sent it
  util::SysTime obtained_at{};
  util::SysTime expires_at{};

  std::vector<std::string> scopes() const;
};

// Gets OAuth client-credentials tokens and keeps them in an on-disk cache
// shared by every process of the user: one file per base URL + client id
// (directory 0700, file 0600, never the secret), guarded by flock on a lock
// file, re-read under the lock, written to a temp file, fsynced and renamed.
// A corrupt cache file is discarded, never fatal.
class TokenSource {
 public:
  // `cache_dir` empty: no disk cache (tokens live in memory only).
  TokenSource(http::Client& client, ClientCredentials credentials,
              std::filesystem::path cache_dir,
              util::Millis refresh_margin = util::Millis{5 * 60 * 1000});

  // A token valid for at least the refresh margin: the cached one, or a new
  // one. Fails with ErrorKind::auth for rejected credentials (400/401 from
  // the token endpoint) and ErrorKind::unavailable when it cannot be reached.
  Result<Token> token();

  // After a 401 on `rejected`: a new token, unless another process already
  // replaced it in the cache, in which case that one.
  Result<Token> replace(const std::string& rejected);

  // The cached token, if any, without touching the network.
  std::optional<Token> cached();

  // Removes the cached token; true when there was one.
  Result<bool> logout();

  // Where the token of these credentials is cached (empty without a cache).
  std::filesystem::path cache_file() const;

  // Token requests this instance made (for -v and tests).
  int requests_made() const { return requests_; }

 private:
  http::Client& client_;
  ClientCredentials credentials_;
  std::filesystem::path cache_dir_;
  util::Millis margin_;
  std::optional<Token> memory_;
  int requests_ = 0;
};

}  // namespace cxsched::auth
