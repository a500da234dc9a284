#pragma once

#include <cxsched/util/clock.hpp>
#include <cxsched/util/error.hpp>
#include <cxsched/util/file_lock.hpp>
#include <cxsched/util/log.hpp>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace cxsched::auth {

// An access token as cached on disk.
struct Token {
  std::string access_token;
  std::string token_type = "Bearer";
  std::string scope;     // space-separated, as the server sent it
  std::string id_token;  // the access-key sign-in's id_token (a JWT), if any
  util::SysTime obtained_at{};
  util::SysTime expires_at{};

  // The scope split at spaces.
  std::vector<std::string> scopes() const;
};

// Whose token a cache file holds: the host that issued it and the key it was
// issued for (the campaigns platform's client id, or the ACD access key id).
// Trailing slashes of the host are ignored.
struct CacheKey {
  std::string auth_host;
  std::string key_id;
};

// The on-disk token cache shared by every process of the user: one file per
// CacheKey, named by the name-based UUID (util::uuid_v5) of
// "auth_host\nkey_id" + ".json" (directory 0700, file 0600, never a secret), guarded by flock on
// "<name>.lock", written to a temp file, fsynced and renamed. A corrupt,
// truncated or foreign file reads as absent; a directory or file owned by
// another user, or a file group or others can write, is refused
// (ErrorKind::usage), as ssh refuses such key files. Not thread-safe: its
// owner (TokenSource) serialises the calls.
class TokenCache {
 public:
  // `dir` empty: no cache (enabled() is false, file() empty).
  TokenCache(std::filesystem::path dir, CacheKey key, util::Logger log = {});

  bool enabled() const { return !dir_.empty(); }
  const std::filesystem::path& file() const { return file_; }
  const CacheKey& key() const { return key_; }

  // Creates the directory 0700 (its parents as usual), or checks an existing
  // one and takes group and other permissions away from it.
  Result<void> prepare() const;
  // The lock of the cache file, waited for at most `wait`.
  Result<util::FileLock> lock(util::Millis wait) const;
  // The cached token; nullopt when absent, corrupt or another key's (a debug
  // log line says why); an error (ErrorKind::usage) when the directory or
  // file is not one we can trust.
  Result<std::optional<Token>> read() const;
  // Writes `token` (call it holding the lock); failing is a debug log line.
  void write(const Token& token) const;
  // Removes temp files of killed writers (call it holding the lock).
  void remove_stale() const;
  // Removes the cached token under the lock; true when there was one.
  Result<bool> remove(util::Millis wait) const;

 private:
  std::filesystem::path dir_;
  CacheKey key_;
  std::filesystem::path file_;
  util::Logger log_;
};

}  // namespace cxsched::auth
