#pragma once

#include <cxsched/http/client.hpp>
#include <cxsched/util/clock.hpp>
#include <cxsched/util/error.hpp>
#include <cxsched/util/file_lock.hpp>

#include <filesystem>
#include <mutex>
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

  // The scope split at spaces.
  std::vector<std::string> scopes() const;
};

// Gets OAuth client-credentials tokens and keeps them in an on-disk cache
// shared by every process of the user: one file per base URL + client id,
// named by the 64-bit FNV-1a of "base_url\nclient_id" in hex + ".json"
// (directory 0700, file 0600, never the secret), guarded by flock on
// "<name>.lock", re-read under the lock, written to a temp file, fsynced and
// renamed. A corrupt, truncated or foreign cache file is treated as absent;
// a directory or file owned by another user, or a file group or others can
// write, is refused (ErrorKind::usage), as ssh refuses such key files. The
// lock is waited for at most 10 s (or the deadline): then the cache is not
// used. Temp files of killed processes are removed under the lock.
// A token is fresh (used as is) while expires_at - refresh_margin(token) is
// after the clock's now.
// Thread-safe: one instance serves every thread of a process, and a refresh
// holds its lock throughout, so threads that need a token while one is being
// fetched wait for it and reuse it (one token request, not one per thread).
class TokenSource {
 public:
  // `cache_dir` empty: no disk cache (tokens live in memory only). Trailing
  // slashes of the base URL are ignored. Logs through the client's logger.
  TokenSource(http::Client& client, ClientCredentials credentials,
              std::filesystem::path cache_dir,
              util::Millis refresh_margin = util::Millis{5 * 60 * 1000});

  // A token valid for at least the refresh margin: the cached one, or a new
  // one. Fails with ErrorKind::auth for rejected credentials (400/401/403
  // from the token endpoint), ErrorKind::unavailable when it cannot be
  // reached, ErrorKind::internal for an answer that is not a token. Failing
  // to write the cache is not an error (a debug log line).
  Result<Token> token();

  // After a 401 on `rejected`: a new token, unless another process already
  // replaced it in the cache, in which case that one.
  Result<Token> replace(const std::string& rejected);

  // The cached token, if any (even expired), without touching the network.
  std::optional<Token> cached();

  // Removes the cached token; true when there was one. Fails with
  // ErrorKind::internal when the cache file exists but cannot be removed.
  Result<bool> logout();

  // Where the token of these credentials is cached (empty without a cache).
  std::filesystem::path cache_file() const;

  // Token requests this instance made (for -v and tests).
  int requests_made() const;

  // Whether token() would use `token` as is rather than get a new one: the
  // one test of validity, for the refresh decision and for `auth status`.
  bool fresh(const Token& token) const;

 private:
  Result<Token> fetch();
  Result<Token> refresh(const std::string* rejected);
  // The cached token; nullopt when absent, corrupt or foreign (debug log);
  // an error (ErrorKind::usage) when the directory or file is not one we
  // can trust: another user's, or writable by others.
  Result<std::optional<Token>> read_cache() const;
  Result<util::FileLock> lock_cache();
  void write_cache(const Token& token) const;

  http::Client& client_;
  ClientCredentials credentials_;
  std::filesystem::path cache_dir_;
  util::Millis margin_;
  mutable std::mutex mu_;  // guards memory_ and requests_, held across a refresh
  std::optional<Token> memory_;
  int requests_ = 0;
};

// How long before its expiry a token is replaced: `margin` (5 minutes by
// default, for the usual hour-long token), but at most a quarter of the
// token's lifetime, so a token of 5 minutes or less is still reused for most
// of its life.
util::Millis refresh_margin(const Token& token, util::Millis margin);

}  // namespace cxsched::auth
