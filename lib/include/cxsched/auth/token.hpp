#pragma once

#include <cxsched/auth/cache.hpp>
#include <cxsched/auth/sign_in.hpp>
#include <cxsched/http/client.hpp>
#include <cxsched/util/clock.hpp>
#include <cxsched/util/error.hpp>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace cxsched::auth {

// Gets tokens through one SignIn (client credentials or an access key) and
// keeps them in the shared on-disk TokenCache, keyed by the sign-in's auth
// host and key id: re-read under the lock before signing in, so concurrent
// processes sign in once. The lock is waited for at most 10 s (or the
// deadline): then the cache is not used. Temp files of killed processes are
// removed under the lock. A token is fresh (used as is) while expires_at -
// refresh_margin(token) is after the clock's now: the one refresh rule for
// every sign-in.
// Thread-safe: one instance serves every thread of a process, and a refresh
// holds its lock throughout, so threads that need a token while one is being
// fetched wait for it and reuse it (one token request, not one per thread).
class TokenSource {
 public:
  // `cache_dir` empty: no disk cache (tokens live in memory only). Logs
  // through the client's logger. An ACD access key:
  // TokenSource(client, std::make_unique<AccessKeySignIn>(key), dir).
  TokenSource(http::Client& client, std::unique_ptr<SignIn> sign_in,
              std::filesystem::path cache_dir,
              util::Millis refresh_margin = util::Millis{5 * 60 * 1000});
  // The campaigns platform's client credentials; trailing slashes of the base
  // URL are ignored.
  TokenSource(http::Client& client, ClientCredentials credentials, std::filesystem::path cache_dir,
              util::Millis refresh_margin = util::Millis{5 * 60 * 1000});

  // A token valid for at least the refresh margin: the cached one, or a new
  // one. Fails as SignIn::fetch does, or with ErrorKind::usage for a cache
  // that cannot be trusted. Failing to write the cache is not an error (a
  // debug log line).
  Result<Token> token();

  // After a 401 on `rejected`: a new token, unless another process already
  // replaced it in the cache, in which case that one.
  Result<Token> replace(const std::string& rejected);

  // The token token() would use as is, if there is one (in memory, or in the
  // cache and then kept in memory): never the network, never an error (a
  // cache that cannot be read is left for token() to report).
  std::optional<Token> at_hand();

  // The cached token, if any (even expired), without touching the network.
  std::optional<Token> cached();

  // Removes the cached token; true when there was one. Fails with
  // ErrorKind::internal when the cache file exists but cannot be removed.
  Result<bool> logout();

  // Where the token of these credentials is cached (empty without a cache).
  std::filesystem::path cache_file() const { return cache_.file(); }

  // Whose tokens these are: the client id or the access key id.
  const std::string& key_id() const { return cache_.key().key_id; }

  // Token requests this instance made (for -v and tests).
  int requests_made() const;

  // Whether token() would use `token` as is rather than get a new one: the
  // one test of validity, for the refresh decision and for `auth status`.
  bool fresh(const Token& token) const;

 private:
  // Holding mu_: the fresh token in memory, else the cache's when fresh
  // (then kept in memory); nullopt when neither is.
  Result<std::optional<Token>> fresh_at_hand();
  Result<Token> refresh(const std::string* rejected);
  Result<Token> fetch();
  util::Millis lock_wait() const;

  http::Client& client_;
  std::unique_ptr<SignIn> sign_in_;
  TokenCache cache_;
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
